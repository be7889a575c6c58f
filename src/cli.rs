//! The command line as typed: clap definitions only, no logic.
//!
//! Input: the process arguments. Output: [`Cli`]. What the flags *mean* (defaults, the config
//! file, paths relative to it) is decided in one place, `settings.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// The names `--shape` takes: the shapes' front-matter names.
fn shape_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::model::Shape::ALL.map(crate::model::Shape::name),
    )
}

/// prepbook turns a folder of interview-prep notes into a searchable handbook.
///
/// It reads numbered checklists, "Question N:" answer sheets, behavioural questions by category,
/// plain-text question lists and mock-interview transcripts, understands them as questions and
/// answers, and publishes them as a static site.
#[derive(Debug, Parser)]
#[command(name = "prepbook", version, about, long_about, after_help = EXAMPLES)]
pub(crate) struct Cli {
    /// How the output looks, for every command.
    #[command(flatten)]
    pub(crate) terminal: TerminalArgs,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Flags every command takes, before or after its name.
#[derive(Debug, Args, Clone, Copy)]
pub(crate) struct TerminalArgs {
    /// When to colour the output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, global = true)]
    pub(crate) color: ColorWhen,
    /// Say only what went wrong: no summary line, no progress bar, no list of files written.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub(crate) quiet: bool,
    /// Say more: the config file, folders, base URL and theme a build uses.
    #[arg(short, long, global = true)]
    pub(crate) verbose: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub(crate) enum ColorWhen {
    /// Colour a terminal, unless the NO_COLOR variable is set (to anything but nothing).
    Auto,
    /// Colour, even into a file or a pipe, and even with NO_COLOR.
    Always,
    /// Never colour.
    Never,
}

const EXAMPLES: &str = "Examples:
  prepbook init                   in your notes folder: prepbook.yaml, a Pages workflow, .gitignore
  prepbook build --open           build the handbook into output/ and open it in the browser
  prepbook serve -O               preview it, rebuilt on every save, in the browser
  prepbook new \"Design a rate limiter\" --section \"System design\"
                                  a new note from a template; prints its path
  prepbook check                  list unanswered questions, blanks and broken documents
  prepbook export --format anki   flashcards of the answered questions for Anki
  prepbook completions bash       tab completion for your shell (see `completions --help`)

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
  prepbook export --format csv --output prep.csv     one row per answered question
  prepbook export --format csv --bom -o prep.csv     the same, for Excel on Windows
  prepbook export --format anki --deck '{document}::{section}'
                                                     a deck per document, a sub-deck per section";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the handbook into the output folder.
    ///
    /// Stops with exit 1, leaving the previous site as it was, when a document has errors. The
    /// output folder is replaced only if prepbook made it (or it is empty).
    #[command(after_help = BUILD_EXAMPLES)]
    Build(BuildArgs),
    /// Preview the handbook: build it in memory, serve it, rebuild and reload on every save.
    ///
    /// Serves on 127.0.0.1 (not your network) unless --host says otherwise. Pages reload by
    /// themselves after a save, keeping their scroll position; a broken document shows its
    /// error in the page while the last good version stays up. Writes nothing to disk.
    #[command(after_help = SERVE_EXAMPLES)]
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
    /// Set up a handbook: prepbook.yaml, a GitHub Pages workflow and .gitignore.
    ///
    /// In a folder that already holds notes (in `content/` or anywhere below), it keeps them and
    /// writes only what is missing, saying what it kept. In a new or empty folder it writes a
    /// sample handbook too. It never deletes anything.
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Write a new note from a template and print its path.
    ///
    /// The note lands in the content folder (in the section's folder with --section), named
    /// after the title, with the title in its front matter and one question to replace. An
    /// existing file is never overwritten.
    #[command(after_help = NEW_EXAMPLES)]
    New(NewArgs),
    /// Print a tab-completion script for a shell.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print prepbook's man page (roff), or write a page per command into a folder, as the
    /// release archives ship them.
    #[command(hide = true)]
    Man(ManArgs),
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

const BUILD_EXAMPLES: &str = "Examples:
  prepbook build                         into output/ beside prepbook.yaml
  prepbook build --open                  and open output/index.html in the browser
  prepbook build -o public -u https://me.github.io/prep/
                                         into public/, links and sitemap for that URL
  prepbook build --theme paper --drafts  the paper theme, drafts included";

const SERVE_EXAMPLES: &str = "Examples:
  prepbook serve                 http://127.0.0.1:1111/ (or the next free port)
  prepbook serve -O -p 8000      on port 8000, opened in the browser
  prepbook serve -u https://me.github.io/prep/
                                 under /prep/, as GitHub Pages will serve it";

const INIT_EXAMPLES: &str = "Examples:
  prepbook init                  here: keeps your notes, writes what is missing
  prepbook init my-handbook      a new folder with the sample handbook
  prepbook init --sample         the sample notes too, beside yours (never over one)
  prepbook init --force          overwrite prepbook.yaml, the workflow and .gitignore";

const NEW_EXAMPLES: &str = "Examples:
  prepbook new \"Design a rate limiter\"
  prepbook new \"Tell me about a conflict\" --section behavioural --shape categories
  $EDITOR \"$(prepbook new 'SQL joins')\"     write the note and open it in your editor";

const COMPLETIONS_EXAMPLES: &str = "Examples:
  prepbook completions bash > ~/.local/share/bash-completion/completions/prepbook
  prepbook completions zsh > ~/.zfunc/_prepbook     (with fpath+=~/.zfunc in ~/.zshrc)
  prepbook completions fish > ~/.config/fish/completions/prepbook.fish
  prepbook completions powershell >> $PROFILE";

/// `prepbook init`.
#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to set the handbook up in.
    #[arg(default_value = ".")]
    pub(crate) dir: PathBuf,
    /// Add the sample notes even where there are notes already (never over one of yours).
    #[arg(long)]
    pub(crate) sample: bool,
    /// Overwrite prepbook.yaml, the workflow and .gitignore when they are there.
    #[arg(long)]
    pub(crate) force: bool,
}

/// `prepbook new`.
#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    #[command(flatten)]
    pub(crate) site: SiteArgs,
    /// The note's title; its file name is made from it.
    pub(crate) title: String,
    /// The section (a folder in the content folder) to put the note in.
    #[arg(long, short, value_name = "SECTION")]
    pub(crate) section: Option<String>,
    /// Declare how the note is written (front matter `shape:`), instead of letting prepbook
    /// infer it.
    #[arg(long, value_name = "SHAPE", value_parser = shape_names())]
    pub(crate) shape: Option<String>,
}

/// `prepbook man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write prepbook.1 and a page per command (prepbook-build.1, ...) into DIR.
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
}

/// `prepbook completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// Where the handbook is.
#[derive(Debug, Args, Clone, Default)]
pub(crate) struct SiteArgs {
    /// The config file [default: prepbook.yaml in the current folder, if present].
    #[arg(short, long, value_name = "FILE")]
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
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: Option<PathBuf>,
    /// The absolute URL the site is published at (for canonical links and the sitemap).
    #[arg(short = 'u', long, value_name = "URL")]
    pub(crate) base_url: Option<String>,
    /// A built-in theme (`default`, `paper`) or the folder of your own theme.
    #[arg(long, value_name = "NAME|DIR")]
    pub(crate) theme: Option<String>,
    /// Open the built handbook (its index.html) in the browser.
    #[arg(short = 'O', long)]
    pub(crate) open: bool,
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
    #[arg(short, long)]
    pub(crate) port: Option<u16>,
    /// Open the handbook in the browser.
    #[arg(short = 'O', long)]
    pub(crate) open: bool,
    /// Serve under this URL's path, as the published site will be.
    #[arg(short = 'u', long, value_name = "URL")]
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
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Start the CSV with a byte order mark, so that Excel on Windows reads it as UTF-8
    /// (without it, Excel garbles every `—` and `é`).
    #[arg(long)]
    pub(crate) bom: bool,
    /// The Anki deck of each card: `{handbook}`, `{document}` and `{section}` are replaced by
    /// their titles, `::` makes a sub-deck [default: {handbook}::{document}].
    #[arg(long, value_name = "TEMPLATE")]
    pub(crate) deck: Option<String>,
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
