//! The command line as typed: clap definitions only, no logic.
//!
//! Input: the process arguments. Output: [`Cli`]. What the flags *mean* (defaults, the config
//! file, paths relative to it) is decided in one place, `settings.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// prepbook turns a folder of interview-prep notes into a searchable handbook.
///
/// It reads numbered checklists, "Question N:" answer sheets, behavioural questions by category,
/// plain-text question lists and mock-interview transcripts, understands them as questions and
/// answers, and publishes them as a static site.
#[derive(Debug, Parser)]
#[command(name = "prepbook", version, about, long_about, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

const EXAMPLES: &str = "Examples:
  prepbook check                  list unanswered questions, blanks and broken documents
  prepbook export --format json   print the parsed model of every document
  prepbook export --format anki   flashcards of the answered questions for Anki
  prepbook init my-handbook       start a handbook with sample notes and a Pages workflow
  prepbook build                  build the handbook into output/

Exit codes: 0 success (warnings allowed), 1 errors in documents (or warnings with --strict),
2 wrong usage, a bad prepbook.yaml, an output folder prepbook will not replace, or a file
that cannot be read or written.";

const CHECK_EXAMPLES: &str = "Examples:
  prepbook check                   one line per problem (FILE:LINE:COL: SEVERITY: MESSAGE [CODE])
  prepbook check --strict          exit 1 on warnings too, not only on errors
  prepbook check --format json     every diagnostic as JSON, for scripts
  prepbook check --format github   in a GitHub Actions step: annotations on the pull request
                                   (errors fail the step; warnings and notes do not)";

const EXPORT_EXAMPLES: &str = "Examples:
  prepbook export > model.json                       the parsed model (--format json, the default)
  prepbook export --format anki --output cards.txt   answered questions as Anki cards; in Anki:
                                                     File > Import, choose cards.txt
  prepbook export --format anki --all                every question, answered or not, on stdout
  prepbook export --format csv --output prep.csv     one row per answered question";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the handbook into the output folder.
    Build(BuildArgs),
    /// Preview the handbook: build it in memory, serve it, rebuild and reload on every save.
    ///
    /// Serves on 127.0.0.1 (not your network) unless --host says otherwise. Pages reload by
    /// themselves after a save, keeping their scroll position; a broken document shows its
    /// error in the page while the last good version stays up. Writes nothing to disk.
    Serve(ServeArgs),
    /// Report problems in the notes, one line each, like a compiler.
    ///
    /// Lists unanswered questions, blanks to fill ([X years]), repaired encodings, duplicate
    /// questions, empty sections, links to documents or anchors the site does not have,
    /// unknown front-matter keys and unreadable documents.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Export the handbook: the parsed model as JSON, flashcards for Anki, or CSV for spreadsheets.
    ///
    /// Anki and CSV hold the answered questions (--all: every question), one card or row each.
    /// Exits 1 when a document has errors; the others are exported all the same.
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Start a new handbook: sample notes, prepbook.yaml and a GitHub Pages workflow.
    Init(InitArgs),
    /// Say how one document was read: where questions could start, the evidence for each, what
    /// won and why, and the first questions found.
    ///
    /// When the reading is wrong, declare the structure in the document's front matter
    /// (`questions: h3`, `questions: ordered-list`, ...) or in prepbook.yaml's `structure:`.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
}

const EXPLAIN_EXAMPLES: &str = "Examples:
  prepbook explain content/sql.md      why sql.md reads as it does
  prepbook explain --content notes notes/design/feed.md";

/// `prepbook explain`.
#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The document, inside the content folder.
    pub(crate) file: PathBuf,
}

/// `prepbook init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create the handbook in.
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
}

/// Where the handbook is.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct SiteArgs {
    /// The config file [default: prepbook.yaml in the current folder, if present].
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The folder of notes [default: `content` beside the config].
    #[arg(long, value_name = "DIR")]
    pub(crate) content: Option<PathBuf>,
    /// Include documents marked `draft: true`.
    #[arg(long)]
    pub(crate) drafts: bool,
}

/// `prepbook build`.
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Where to write the site [default: `output` beside the config].
    #[arg(long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// The absolute URL the site is published at (for canonical links and the sitemap).
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// A built-in theme (`default`, `paper`) or the folder of your own theme.
    #[arg(long, value_name = "NAME|DIR")]
    pub(crate) theme: Option<String>,
}

/// `prepbook serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) host: String,
    /// The port [default: 1111, or the next free one; 0 picks any free port].
    #[arg(long)]
    pub(crate) port: Option<u16>,
    /// Open the handbook in the browser.
    #[arg(long)]
    pub(crate) open: bool,
    /// Serve under this URL's path, as the published site will be.
    #[arg(long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
}

/// `prepbook check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    pub(crate) strict: bool,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum CheckFormat {
    /// `FILE:LINE:COL: SEVERITY: MESSAGE [CODE]`, then a summary line.
    Text,
    /// One JSON object with every diagnostic.
    Json,
    /// GitHub Actions workflow commands (`::warning file=...,line=...::...`), one per line: in a
    /// workflow, each becomes an annotation on the file and the pull request.
    Github,
}

/// `prepbook export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The format to export.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub(crate) format: ExportFormat,
    /// Unanswered questions too (anki, csv); the JSON always holds every question.
    #[arg(long)]
    pub(crate) all: bool,
    /// Write the export to FILE instead of standard output. The folder must exist, and it may
    /// not be inside the content folder.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ExportFormat {
    /// The parsed model as JSON (keys documented in the README).
    Json,
    /// Flashcards for Anki (File > Import): the question on the front, the answer as the site
    /// shows it on the back, the document, section and tags as Anki tags.
    Anki,
    /// A CSV file for spreadsheets: question, answer (markdown), document, section, tags, id.
    Csv,
}
