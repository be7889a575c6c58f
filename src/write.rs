//! Writing: the rendered site onto disk, all or nothing.
//!
//! Input: the output folder, then the files one by one as they are rendered ([`Staging`] is a
//! render sink). Output: the folder replaced by the new site, or an error with the previous site
//! left exactly as it was. The site is written into a temporary folder beside the output and
//! swapped in by renaming only after every file is written.
//! prepbook replaces only folders it made itself (they hold a marker file), and writes nothing
//! outside the output folder and its temporary sibling. A marker is only a file anyone can
//! create, so it is not enough: an output folder that is, holds or lies inside the content
//! folder, or that is or holds the config's folder, the current folder, the home folder, the
//! theme or a `.git` folder is refused whatever it holds ([`Keep`]), before anything is written.
//!
//! A file whose bytes are those of the same file in the site being replaced is hard-linked
//! from it instead of written again: unchanged files keep their modification time (so
//! `rsync` and HTTP caches see them unchanged), and a rebuild allocates no new inodes for them.
//! The new site never shares a file that prepbook goes on to write: every write makes a new
//! file in the staging folder.

use crate::error::Error;
use crate::output::OutputFile;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as prepbook's output.
pub(crate) const MARKER: &str = ".prepbook-output";

/// A new site being written beside the output folder, file by file as it is rendered, and
/// swapped in by [`Staging::commit`]. Dropped without a commit, it removes itself and leaves the
/// previous site as it was.
#[derive(Debug)]
pub(crate) struct Staging {
    output: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// The site being replaced, when it is ours: unchanged files are linked from it.
    previous: Option<PathBuf>,
    /// Folders made so far inside the staging folder.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.to_path_buf();
    move |source| Error::Io { path, source }
}

/// The folders a build must never replace, whatever marker the output folder holds.
#[derive(Debug)]
pub(crate) struct Keep<'a> {
    /// The content folder: the output may not be it, hold it, or lie inside it (the site would
    /// replace the notes, or be read back as notes).
    pub(crate) content: &'a Path,
    /// Other folders the output may not be or hold, each with the words that name it in a message.
    pub(crate) folders: Vec<(&'static str, PathBuf)>,
    /// Whether the output is the default `output/` beside the config, which may lie inside the
    /// content folder (`content: .`): the walk skips it, and `begin` still replaces it only when
    /// it is ours or empty.
    pub(crate) default_output: bool,
}

impl Staging {
    /// Check that `output` is ours (or absent, or empty) and replaces nothing in `keep`, then open
    /// a staging folder beside it.
    pub(crate) fn begin(output: &Path, keep: &Keep<'_>) -> Result<Staging, Error> {
        refuse_unsafe(output, keep)?;
        if output.exists() {
            let ours = output.join(MARKER).is_file();
            let empty = output.is_dir()
                && std::fs::read_dir(output)
                    .map_err(io(output))?
                    .next()
                    .is_none();
            if !ours && !empty {
                return Err(Error::ForeignOutput {
                    path: output.to_path_buf(),
                    marker: MARKER,
                });
            }
        }
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = output
            .file_name()
            .map_or("output".into(), |n| n.to_string_lossy().into_owned());
        remove_stale(&parent, &name);
        let staging = parent.join(staging_name(&name, NEW, std::process::id()));
        let retired = parent.join(staging_name(&name, OLD, std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        std::fs::create_dir_all(&staging).map_err(io(&staging))?;
        Ok(Staging {
            output: output.to_path_buf(),
            staging,
            retired,
            previous: output.join(MARKER).is_file().then(|| output.to_path_buf()),
            made: std::sync::Mutex::new(std::collections::HashSet::new()),
            committed: false,
        })
    }

    /// Write one file of the new site.
    fn write(&self, file: &OutputFile) -> Result<(), Error> {
        let rel = Path::new(&file.path);
        // Rendered paths are ours, but a path that climbs out would write outside the output.
        let inside = rel.components().all(|c| matches!(c, Component::Normal(_)));
        assert!(inside, "output path {} leaves the output folder", file.path);
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            // Made under the lock: another thread must not write into it before it exists.
            let mut made = self
                .made
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if !made.contains(dir) {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                made.insert(dir.to_path_buf());
            }
        }
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            // Any failure to link (another file system, no hard links) just writes the file.
            if holds(&old, &file.bytes) && std::fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(&path, file.bytes.as_slice()).map_err(io(&path))
    }

    /// Mark the new site as ours and swap it in for the old one.
    pub(crate) fn commit(mut self) -> Result<(), Error> {
        let marker = self.staging.join(MARKER);
        std::fs::write(
            &marker,
            b"This folder is written by prepbook build and replaced on every build.\n",
        )
        .map_err(io(&marker))?;
        if self.output.exists() {
            std::fs::rename(&self.output, &self.retired).map_err(io(&self.output))?;
        }
        if let Err(source) = std::fs::rename(&self.staging, &self.output) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&self.retired, &self.output);
            return Err(Error::Io {
                path: self.output.clone(),
                source,
            });
        }
        self.committed = true;
        remove_tree(&self.retired);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl crate::output::Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.write(&file)
    }
}

/// The kinds of temporary folder beside the output: the new site, and the previous one being
/// removed.
const NEW: &str = "new";
const OLD: &str = "old";

/// `.output.prepbook-new-1234`: hidden, named after the output and the build's process.
fn staging_name(output: &str, kind: &str, pid: u32) -> String {
    format!(".{output}.prepbook-{kind}-{pid}")
}

/// Remove the temporary folders a killed build left beside the output. Only what is
/// unmistakably ours goes: a real folder (not a link), named exactly as [`staging_name`] names
/// them, by a process that is no longer running (where the system can tell).
fn remove_stale(parent: &Path, output: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{output}.prepbook-");
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = [NEW, OLD]
            .iter()
            .find_map(|kind| rest.strip_prefix(kind)?.strip_prefix('-'))
            .filter(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|digits| digits.parse::<u32>().ok());
        let Some(pid) = pid else { continue };
        // A build running now, into the same folder, keeps its own.
        let procfs = Path::new("/proc/self").exists();
        let running =
            pid == std::process::id() || (procfs && Path::new(&format!("/proc/{pid}")).exists());
        let real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if real_dir && !running {
            remove_tree(&entry.path());
        }
    }
}

/// Refuse an output folder whose replacement would destroy something that is not a site: see
/// [`Keep`]. The paths are compared once resolved (links followed, `..` taken), so `../repo`,
/// `.` and a link to the repository are all seen for what they are.
fn refuse_unsafe(output: &Path, keep: &Keep<'_>) -> Result<(), Error> {
    let refuse = |conflict: String| Error::UnsafeOutput {
        path: output.to_path_buf(),
        conflict,
    };
    let out = resolved(output);
    let content = resolved(keep.content);
    if out == content {
        return Err(refuse(format!(
            "is the content folder ({})",
            keep.content.display()
        )));
    }
    if content.starts_with(&out) {
        return Err(refuse(format!(
            "holds the content folder ({})",
            keep.content.display()
        )));
    }
    if out.starts_with(&content) && !keep.default_output {
        return Err(refuse(format!(
            "lies inside the content folder ({}), where the notes are",
            keep.content.display()
        )));
    }
    for (what, folder) in &keep.folders {
        let folder_resolved = resolved(folder);
        if folder_resolved == out {
            return Err(refuse(format!("is {what} ({})", folder.display())));
        }
        if folder_resolved.starts_with(&out) {
            return Err(refuse(format!("holds {what} ({})", folder.display())));
        }
    }
    // A site never holds a repository; a folder that does is someone's work.
    let git = walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == ".git");
    if let Some(git) = git {
        return Err(refuse(format!(
            "holds a .git folder ({})",
            git.path().display()
        )));
    }
    // Replacing a link replaces the link, but clearing what it led to would empty its target.
    if std::fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(
            "is a symbolic link; pass the folder it leads to instead".to_owned(),
        ));
    }
    Ok(())
}

/// `path` made absolute with links followed and `.`/`..` resolved, also when its last parts do
/// not exist yet: the longest existing ancestor is resolved, the rest appended.
fn resolved(path: &Path) -> PathBuf {
    let absolute =
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(name) => out.push(name),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Whether `path` is a regular file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let regular =
        std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    regular && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Remove a folder we retired, files first in parallel (a large site has thousands).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    let _ = std::fs::remove_dir_all(dir);
}
