//! Loading: find the documents of a content folder and read them as clean text.
//!
//! Input: the content folder (and the output folder, to skip it when it lies inside).
//! Output: [`Walked`], the documents' paths in a stable order (sorted by path) and the problems
//! met while walking; [`read_source`] then reads one as a [`SourceFile`] (the pipeline reads
//! them in parallel, and only those that changed since its last build). Documents are `.md`,
//! `.markdown` and `.txt`; hidden entries, editor temp files and the output folder are skipped. Nothing here fails on a bad file: an
//! unreadable document becomes a source with an error diagnostic, so one run reports them all.

pub(crate) mod decode;

use crate::diag::{Code, Diagnostic};
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

/// A problem met while walking that belongs to no document (a link loop, an unreadable folder).
#[derive(Debug, Clone)]
pub(crate) struct WalkProblem {
    /// Path relative to the content folder.
    pub(crate) source: String,
    /// What went wrong.
    pub(crate) diagnostic: Diagnostic,
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

/// The path of `path` relative to `root`, `/`-separated.
pub(crate) fn relative_source(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The documents of a content folder, found but not read.
#[derive(Debug, Clone, Default)]
pub(crate) struct Walked {
    /// Every document's path, sorted.
    pub(crate) paths: Vec<PathBuf>,
    /// Problems that belong to no document.
    pub(crate) problems: Vec<WalkProblem>,
}

/// Find the documents of `content`, skipping `skip` (the output folder), in a stable order.
pub(crate) fn walk(content: &Path, skip: &[PathBuf]) -> Walked {
    let skip: Vec<PathBuf> = skip.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    let walker = WalkDir::new(content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            let skipped = entry.depth() > 0 && is_hidden_or_temp(&name);
            let is_output = entry.file_type().is_dir()
                && entry.path().canonicalize().is_ok_and(|p| skip.contains(&p));
            !skipped && !is_output
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_document(entry.path()) => {
                paths.push(entry.into_path());
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                let (code, message) = if err.loop_ancestor().is_some() {
                    (
                        Code::LinkLoop,
                        "a symbolic link here leads back to a folder above it; it was skipped. \
                         Remove the link or point it elsewhere."
                            .to_owned(),
                    )
                } else {
                    (
                        Code::Unreadable,
                        format!("could not be read ({err}); it was skipped."),
                    )
                };
                problems.push(WalkProblem {
                    source: relative_source(content, &path),
                    diagnostic: Diagnostic::warning(code, 1, message),
                });
            }
        }
    }
    Walked { paths, problems }
}

/// Read and decode one document.
pub(crate) fn read_source(content: &Path, path: &Path) -> SourceFile {
    let source = relative_source(content, path);
    let plain_text = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let mut diagnostics = Vec::new();
    let text = match std::fs::read(path) {
        Ok(bytes) => decode::decode(&bytes, &mut diagnostics),
        Err(err) => {
            diagnostics.push(Diagnostic::error(
                Code::Unreadable,
                1,
                format!("could not read the file: {err}. Check that it exists and is readable."),
            ));
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
