//! Loading: find the documents of a content folder and read them as clean text.
//!
//! Input: the content folder (and the output folder, to skip it when it lies inside).
//! Output: [`Walked`], the documents' paths in a stable order (sorted by path) and the problems
//! met while walking; [`read_source`] then reads one as a [`SourceFile`] (the pipeline reads
//! them in parallel, and only those that changed since its last build). Documents are `.md`,
//! `.markdown` and `.txt`; every other regular file (an image, a PDF, a data file) is an
//! [`Attached`] file, published beside the pages as it is. Hidden entries, editor temp files
//! and the output folder are skipped.
//! Nothing here fails on a bad file: an unreadable document becomes a source with an error
//! diagnostic, so one run reports them all.
//!
//! A shared handbook repository is untrusted: only regular files whose real path lies inside the
//! content folder are ever opened ([`read_inside`], also used for `prepbook.yaml`). Messages
//! never embed a file's name; the diagnostic's source names it, and the printer escapes it.

pub(crate) mod decode;

use crate::diag::{Code, Diagnostic, Located};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The extensions read as documents.
pub(crate) const DOCUMENT_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

/// One document file, read and decoded.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Path relative to the content folder, `/`-separated.
    pub(crate) source: String,
    /// The decoded text (empty when unreadable).
    pub(crate) text: String,
    /// Whether the file is a plain-text (`.txt`) file rather than markdown.
    pub(crate) plain_text: bool,
    /// What reading and decoding had to say.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Whether a file name is a document prepbook reads.
pub(crate) fn is_document(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if is_hidden_or_temp(name) {
        return false;
    }
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Hidden files and the temp files editors leave while saving (`.#x`, `#x#`, `x~`, `.swp`).
pub(crate) fn is_hidden_or_temp(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// Whether a real (link-resolved) path stays inside the real folder `root` and out of its
/// hidden parts: a link inside the folder to `.git/config` leads where the walk never goes
/// (the checkout's token lives there when the content folder is the repository itself).
pub(crate) fn stays_inside(root: &Path, real: &Path) -> bool {
    real.strip_prefix(root).is_ok_and(|rel| {
        rel.components()
            .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
    })
}

/// The path of `path` relative to `root`, `/`-separated.
pub(crate) fn relative_source(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A file beside the notes that is not a document (an image, a PDF, a data file): published at
/// the same path, read only when the site is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attached {
    /// Path relative to the content folder, `/`-separated.
    pub(crate) source: String,
    /// Its size in bytes when walked.
    pub(crate) len: u64,
}

/// A single file larger than this is published, with a warning: a site is cloned and
/// served whole, and a file this big is usually a video or a data dump committed by mistake.
pub(crate) const LARGE_FILE: u64 = 10 * 1024 * 1024;

/// The documents of a content folder, found but not read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Walked {
    /// Every document's path, sorted.
    pub(crate) paths: Vec<PathBuf>,
    /// Every other regular file, sorted by path.
    pub(crate) files: Vec<Attached>,
    /// Problems that belong to no document.
    pub(crate) problems: Vec<Located>,
}

/// Find the documents of `content`, skipping `skip` (the output folder), in a stable order.
///
/// A symbolic link is followed only while it stays inside the content folder: one that leads
/// out (to `../.git/config`, `/proc/self/environ`, a folder of keys) is a shared repository's way
/// to publish the build machine's files, so it is skipped with an `outside-link` warning naming
/// the link, and its target is never opened. A document-named entry that is not a regular file
/// (a FIFO, a socket, a device) is skipped the same way: reading a FIFO waits forever.
pub(crate) fn walk(content: &Path, skip: &[PathBuf]) -> Walked {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let root = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let mut paths = Vec::new();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut walker = WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    // A manual loop rather than `filter_entry`, so that a skipped folder can be reported too.
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                problems.push(walk_error(content, &err));
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        let name = entry.file_name().to_string_lossy();
        let hidden = entry.depth() > 0 && is_hidden_or_temp(&name);
        let is_output = is_dir && entry.path().canonicalize().is_ok_and(|p| skip.contains(&p));
        let leads_out = entry.path_is_symlink()
            && !entry
                .path()
                .canonicalize()
                .is_ok_and(|real| stays_inside(&root, &real));
        if hidden || is_output || leads_out {
            // Every link out is named: an attached file is published too.
            if leads_out && !hidden {
                problems.push(outside(content, entry.path(), is_dir));
            }
            if is_dir {
                walker.skip_current_dir();
            }
            continue;
        }
        if is_dir {
            continue;
        }
        if !is_document(entry.path()) {
            // Only regular files: a FIFO or a device beside the notes is nothing to publish.
            if entry.file_type().is_file() && entry.depth() > 0 {
                let source = relative_source(content, entry.path());
                let len = entry.metadata().map_or(0, |m| m.len());
                if len > LARGE_FILE {
                    problems.push(Located {
                        source: source.clone(),
                        diagnostic: Diagnostic::warning(
                            Code::LargeFile,
                            1,
                            format!(
                                "this file is {:.1} MB, over {} MB; it is published, but every visitor's clone and every deploy carries it. Shrink it, or link to it where it is hosted.",
                                len as f64 / 1_048_576.0,
                                LARGE_FILE / 1_048_576
                            ),
                        ),
                    });
                }
                files.push(Attached { source, len });
            }
            continue;
        }
        if entry.file_type().is_file() {
            paths.push(entry.into_path());
        } else {
            problems.push(Located {
                source: relative_source(content, entry.path()),
                diagnostic: Diagnostic::warning(
                    Code::OutsideLink,
                    1,
                    ReadError::NotAFile.to_string(),
                ),
            });
        }
    }
    Walked {
        paths,
        files,
        problems,
    }
}

/// The warning for a link at `path` that leads out of the content folder.
fn outside(content: &Path, path: &Path, is_dir: bool) -> Located {
    let message = if is_dir {
        "a symbolic link to a folder outside the content folder (or into a hidden part of it, such as `.git`); it was skipped and nothing in it \
         was read (a link can publish the files of the machine that builds the site). Move the \
         notes into the content folder, or remove the link."
    } else {
        "a symbolic link to a file outside the content folder (or into a hidden part of it, such as `.git`); it was skipped, never read (a link \
         can publish the files of the machine that builds the site). Copy the file into the \
         content folder, or remove the link."
    };
    Located {
        source: relative_source(content, path),
        diagnostic: Diagnostic::warning(Code::OutsideLink, 1, message),
    }
}

/// A walk error as a problem of the entry it is about. The message never holds the path: the
/// problem's source names the entry, and a raw name could carry control characters.
fn walk_error(content: &Path, err: &walkdir::Error) -> Located {
    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
    let (code, message) = if err.loop_ancestor().is_some() {
        (
            Code::LinkLoop,
            "a symbolic link here leads back to a folder above it; it was skipped. \
             Remove the link or point it elsewhere."
                .to_owned(),
        )
    } else {
        let dangling = err.io_error().map(std::io::Error::kind) == Some(ErrorKind::NotFound)
            && path.is_symlink();
        let message = if dangling {
            "a symbolic link whose target does not exist; it was skipped. Fix or remove the link."
                .to_owned()
        } else {
            let why = err
                .io_error()
                .map_or_else(|| "unknown error".to_owned(), |e| e.kind().to_string());
            format!("could not be read ({why}); it was skipped.")
        };
        (Code::Unreadable, message)
    };
    Located {
        source: relative_source(content, &path),
        diagnostic: Diagnostic::warning(code, 1, message),
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReadError {
    /// The file's real path (links resolved) is outside the folder it was read from.
    #[error(
        "a symbolic link that leads outside its folder, or into a hidden part of it such as `.git`; prepbook does not read it (a link can \
         publish the files of the machine that builds the site). Put the file itself there, or \
         remove the link."
    )]
    Outside,
    /// Not a regular file: a FIFO (reading it waits forever), a socket or a device.
    #[error(
        "not a regular file (a FIFO, socket or device); prepbook does not read it. Replace it \
         with a file, or remove it."
    )]
    NotAFile,
    /// The system refused.
    #[error("could not read the file: {0}. Check that it exists and is readable.")]
    Io(#[from] std::io::Error),
}

/// The bytes of `path`, provided its real path lies inside `folder` and it is a regular file.
///
/// The real path is checked and then opened, so the link cannot be swapped between the two;
/// the file type is checked before opening (opening a FIFO blocks) and again on the open file.
pub(crate) fn read_inside(folder: &Path, path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let real = path.canonicalize()?;
    if !stays_inside(&folder.canonicalize()?, &real) {
        return Err(ReadError::Outside);
    }
    if !std::fs::metadata(&real)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut file = std::fs::File::open(&real)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Read and decode one document.
pub(crate) fn read_source(content: &Path, path: &Path) -> SourceFile {
    let source = relative_source(content, path);
    let plain_text = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let mut diagnostics = Vec::new();
    let text = match read_inside(content, path) {
        Ok(bytes) => decode::decode(&bytes, &mut diagnostics),
        Err(err) => {
            // The walk skips links out and special files; one seen here changed since (serve
            // rereads a file when it changes), and is an error so nothing half-read is published.
            let code = match err {
                ReadError::Io(_) => Code::Unreadable,
                ReadError::Outside | ReadError::NotAFile => Code::OutsideLink,
            };
            diagnostics.push(Diagnostic::error(code, 1, err.to_string()));
            String::new()
        }
    };
    SourceFile {
        source,
        text,
        plain_text,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_recognised_by_extension() {
        assert!(is_document(Path::new("a/b.md")));
        assert!(is_document(Path::new("a/b.MARKDOWN")));
        assert!(is_document(Path::new("notes.txt")));
        assert!(!is_document(Path::new("image.png")));
        assert!(!is_document(Path::new(".hidden.md")));
        assert!(!is_document(Path::new("notes.md~")));
        assert!(!is_document(Path::new("#notes.md#")));
        assert!(!is_document(Path::new("notes.md.swp")));
    }
}
