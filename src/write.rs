//! Writing: the rendered site onto disk, all or nothing.
//!
//! Input: the output folder and the files. Output: the folder replaced by the new site, or an
//! error with the previous site left exactly as it was. The site is written into a temporary
//! folder beside the output and swapped in by renaming only after every file is written.
//! prepbook replaces only folders it made itself (they hold a marker file), and writes nothing
//! outside the output folder and its temporary sibling.

use crate::error::Error;
use crate::render::OutputFile;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as prepbook's output.
pub(crate) const MARKER: &str = ".prepbook-output";

/// Write `files` as the new content of `output`.
pub(crate) fn write(output: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
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

    let result = write_all(&staging, files);
    if let Err(err) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    if output.exists() {
        std::fs::rename(output, &retired).map_err(io(output))?;
    }
    if let Err(source) = std::fs::rename(&staging, output) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&retired, output);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::Io {
            path: output.to_path_buf(),
            source,
        });
    }
    remove_tree(&retired);
    Ok(())
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

fn write_all(staging: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(io(staging))?;
    }
    std::fs::create_dir_all(staging).map_err(io(staging))?;
    let mut dirs: Vec<PathBuf> = Vec::new();
    for file in files {
        let rel = Path::new(&file.path);
        // Rendered paths are ours, but a path that climbs out would write outside the output.
        let inside = rel.components().all(|c| matches!(c, Component::Normal(_)));
        assert!(inside, "output path {} leaves the output folder", file.path);
        if let Some(dir) = staging.join(rel).parent() {
            if dirs.last().is_none_or(|d| d != dir) {
                dirs.push(dir.to_path_buf());
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    {
        use rayon::prelude::*;
        files.par_iter().try_for_each(|file| {
            let path = staging.join(&file.path);
            std::fs::write(&path, file.bytes.as_slice()).map_err(io(&path))
        })?;
    }
    let marker = staging.join(MARKER);
    std::fs::write(
        &marker,
        b"This folder is written by prepbook build and replaced on every build.\n",
    )
    .map_err(io(&marker))
}
