//! Diagnostics: what prepbook has to say about a document, with where it said it.
//!
//! Every stage records problems here instead of failing: a [`Diagnostic`] carries a severity, a
//! stable machine code (documented in the README, used by `check --format json`), a message that
//! tells the writer what to do, and a 1-based line and column in the original file. Only errors
//! make a document's meaning unknown; warnings and notes leave it readable.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    /// Worth knowing, needs no action (for example a front-matter key we do not use).
    Note,
    /// Something to fix in the document; the document is still read as well as possible.
    Warning,
    /// The document's meaning is unknown (unreadable file, front matter that is not YAML).
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The stable codes a diagnostic can carry. Scripts match on these, so never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Code {
    /// A question with no answer content.
    Unanswered,
    /// A `[blank to fill]` left in the text.
    Placeholder,
    /// Text that was repaired while decoding (mojibake, invalid UTF-8, UTF-16).
    RepairedEncoding,
    /// The same question asked twice in the handbook.
    DuplicateQuestion,
    /// A section heading with nothing under it.
    EmptySection,
    /// A front-matter key prepbook does not use (kept, not an error).
    UnknownKey,
    /// Front matter that is not valid YAML, or a known key with a value of the wrong type.
    BadFrontMatter,
    /// A file that looks binary (NUL or control bytes).
    BinaryFile,
    /// An empty file, or one with only front matter.
    EmptyFile,
    /// A file that could not be read at all.
    Unreadable,
    /// A `shape:` that names no parser, or a `questions:`/`sections:` that names no marker.
    UnknownShape,
    /// A fenced code block that is never closed.
    UnclosedFence,
    /// A link or folder loop met while walking the content folder.
    LinkLoop,
    /// A document marked `draft: true`, left out of the build.
    Draft,
    /// A behavioural answer in STAR form that leaves out a part.
    IncompleteStar,
    /// A link to a document or anchor the built site does not have.
    BrokenLink,
    /// A symlink (or other special file) in the content or theme folder that leads outside it,
    /// or to something that is not a regular file: skipped, never read.
    OutsideLink,
    /// Input past a size or depth limit that keeps every build linear in time (deep HTML
    /// nesting, deep YAML, a huge code line): the rest is shown as plain text or left out.
    InputCapped,
    /// A document whose page would take a name the site reserves (`index`, `404`, a site folder):
    /// it is published under a suffixed name instead.
    ReservedName,
    /// A document read as a page (no questions) that has lines that look like questions.
    PageWithQuestions,
    /// A document whose structure was inferred from thin evidence.
    LowConfidence,
    /// An `id` attribute in a document's HTML that would collide with an id of the theme or of a
    /// heading or question on the page: dropped.
    DroppedId,
    /// A file beside the notes over 10 MB.
    LargeFile,
    /// A formula that does not parse as LaTeX, shown as its source.
    BadMath,
    /// HTML in a document that the sanitiser removes (a script, a frame, an event handler).
    RemovedHtml,
}

impl Code {
    /// The code as printed: `unanswered`, `repaired-encoding`, ...
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Code::Unanswered => "unanswered",
            Code::Placeholder => "placeholder",
            Code::RepairedEncoding => "repaired-encoding",
            Code::DuplicateQuestion => "duplicate-question",
            Code::EmptySection => "empty-section",
            Code::UnknownKey => "unknown-key",
            Code::BadFrontMatter => "bad-front-matter",
            Code::BinaryFile => "binary-file",
            Code::EmptyFile => "empty-file",
            Code::Unreadable => "unreadable",
            Code::UnknownShape => "unknown-shape",
            Code::UnclosedFence => "unclosed-fence",
            Code::LinkLoop => "link-loop",
            Code::Draft => "draft",
            Code::IncompleteStar => "incomplete-star",
            Code::BrokenLink => "broken-link",
            Code::OutsideLink => "outside-link",
            Code::InputCapped => "input-capped",
            Code::ReservedName => "reserved-name",
            Code::DroppedId => "dropped-id",
            Code::PageWithQuestions => "page-with-questions",
            Code::LowConfidence => "low-confidence",
            Code::LargeFile => "large-file",
            Code::BadMath => "bad-math",
            Code::RemovedHtml => "removed-html",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing prepbook has to say about a place in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Diagnostic {
    /// 1-based line in the original file (front matter included).
    pub(crate) line: usize,
    /// 1-based column, counted in characters.
    pub(crate) column: usize,
    /// How serious it is.
    pub(crate) severity: Severity,
    /// The stable code.
    pub(crate) code: Code,
    /// What is wrong and what to do about it.
    pub(crate) message: String,
}

impl Diagnostic {
    /// A diagnostic at `line:column`.
    pub(crate) fn new(
        severity: Severity,
        code: Code,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            line: line.max(1),
            column: column.max(1),
            severity,
            code,
            message: message.into(),
        }
    }

    /// A warning at the start of `line`.
    pub(crate) fn warning(code: Code, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, line, 1, message)
    }

    /// An error at the start of `line`.
    pub(crate) fn error(code: Code, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, line, 1, message)
    }

    /// A note at the start of `line`.
    pub(crate) fn note(code: Code, line: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, line, 1, message)
    }
}

/// One diagnostic as a GitHub Actions workflow command, which the runner shows as an annotation
/// on the file (in the pull request's diff, too): `::warning file=F,line=L,col=C::MESSAGE [CODE]`.
/// Errors are `::error`, warnings `::warning`, notes `::notice`. `file` must be the path from the
/// repository root. Escaping follows the runner (actions/toolkit `escapeData` and
/// `escapeProperty`): `%`, CR and LF in the message, and also `:` and `,` in property values.
pub(crate) fn github_command(file: &str, d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    format!(
        "::{command} file={},line={},col={}::{}",
        escape_property(file),
        d.line,
        d.column,
        escape_data(&format!("{} [{}]", d.message, d.code))
    )
}

/// A workflow command's message: `%`, CR and LF would end or garble the command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, and `:` and `,` separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Converts byte offsets of one text into 1-based lines and columns.
///
/// Built once per document; each lookup is a binary search, so reporting stays linear overall.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line holding byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// The 1-based (line, column) of byte `offset`, the column counted in characters.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let end = offset.min(text.len());
        let column = text.get(start..end).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// One diagnostic with the file it belongs to: a document, a file the walk met, or a theme file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Located {
    /// Path relative to the content folder (a theme file: its absolute path).
    pub(crate) source: String,
    /// The diagnostic.
    #[serde(flatten)]
    pub(crate) diagnostic: Diagnostic,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_from_one() {
        let text = "ab\ncd\n\nef";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 1), (1, 2));
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, 6), (3, 1));
        assert_eq!(index.line_col(text, 7), (4, 1));
    }

    #[test]
    fn github_commands_escape_as_the_runner_reads_them() {
        let d = Diagnostic::new(
            Severity::Note,
            Code::UnknownKey,
            3,
            7,
            "50% done:\r\nnext, then",
        );
        assert_eq!(
            github_command("notes/a,b:c%.md", &d),
            "::notice file=notes/a%2Cb%3Ac%25.md,line=3,col=7::50%25 done:%0D%0Anext, then [unknown-key]"
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é[x]";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, "é".len()), (1, 2));
    }
}
