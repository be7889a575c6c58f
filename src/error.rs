//! Fatal errors: what stops a whole run (as opposed to a diagnostic on one document).
//!
//! Every variant names the file it is about, so `main` can print one clear line and pick the
//! exit code: configuration and usage problems exit 2, everything else 1.

use std::path::PathBuf;

/// A failure that ends the run.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// `prepbook.yaml` is not valid, or not read.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// The line of the problem.
        line: usize,
        /// The column of the problem.
        column: usize,
        /// What is wrong and what to do, never quoting the file.
        message: String,
    },
    /// A theme could not be loaded or a template is broken.
    #[error("theme {name}: {message}")]
    Theme {
        /// The theme or template.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A template failed while rendering a page.
    #[error("rendering {page} with template {template}: {message}")]
    Render {
        /// The page being rendered.
        page: String,
        /// The template.
        template: String,
        /// Tera's error chain.
        message: String,
    },
    /// The output folder is not one prepbook made.
    #[error("{} exists and was not made by prepbook (it has no {marker} file); refusing to replace it. Choose another --output, or empty it yourself.", path.display())]
    ForeignOutput {
        /// The folder.
        path: PathBuf,
        /// The marker file's name.
        marker: &'static str,
    },
    /// The output folder is, holds or lies inside a folder prepbook must never replace.
    #[error("refusing to build into {}: it {conflict}. Choose an output folder of its own (--output, or `output:` in prepbook.yaml; the default `output` beside the config is fine); nothing was written.", path.display())]
    UnsafeOutput {
        /// The output folder asked for.
        path: PathBuf,
        /// What it would replace.
        conflict: String,
    },
    /// `init` found a handbook (or a file it would write) already there.
    #[error("{} already holds a handbook: every file init writes is there, so nothing was written. Delete one to have init write it again.", path.display())]
    Exists {
        /// What is already there.
        path: PathBuf,
    },
    /// `new` found a note where it would write one.
    #[error("{} already exists; `prepbook new` never overwrites a note. Choose another title (or --section), or edit that file.", path.display())]
    NoteExists {
        /// The note that is there.
        path: PathBuf,
    },
    /// `export --output` names a file prepbook will not write.
    #[error("cannot write the export to {}: {reason}", path.display())]
    ExportTarget {
        /// The file asked for.
        path: PathBuf,
        /// Why not, and what to do.
        reason: String,
    },
    /// The content folder does not exist.
    #[error("no content folder at {}. Pass --content DIR, or run prepbook in the folder that holds `content/`.", path.display())]
    NoContent {
        /// Where it was looked for.
        path: PathBuf,
    },
}

impl Error {
    /// The process exit code for this error: always 2 (usage, configuration, the file system).
    /// Exit 1 is kept for errors in the notes, which are diagnostics, never an `Error`.
    pub(crate) fn exit_code(&self) -> u8 {
        2
    }
}
