//! Writing: the rendered site onto disk, all or nothing.
//!
//! Input: the output folder, then the files one by one as they are rendered ([`Staging`] is a
//! render sink). Output: the folder replaced by the new site, or an error with the previous site
//! left exactly as it was. The site is written into a temporary folder beside the output and
//! swapped in by renaming only after every file is written.
//! prepbook replaces only folders it made itself (they hold a marker file), and writes nothing
//! outside the output folder and its temporary sibling.
//!
//! A file whose bytes are those of the same file in the site being replaced is hard-linked
//! from it instead of written again: unchanged files keep their modification time (so
//! `rsync` and HTTP caches see them unchanged), and a rebuild allocates no new inodes for them.
//! The new site never shares a file that prepbook goes on to write: every write makes a new
//! file in the staging folder.

use crate::error::Error;
use crate::render::OutputFile;
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

impl Staging {
    /// Check that `output` is ours (or absent, or empty) and open a staging folder beside it.
    pub(crate) fn begin(output: &Path) -> Result<Staging, Error> {
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
        let staging = parent.join(format!(".{name}.prepbook-new-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.prepbook-old-{}", std::process::id()));
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

impl crate::render::Sink for Staging {
    fn put(&self, file: crate::render::OutputFile) -> Result<(), Error> {
        self.write(&file)
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
