//! `prepbook check`: every diagnostic of the site, as text for a terminal, JSON, or GitHub
//! workflow commands, and an exit status that fails on errors (or warnings, with `--strict`).

use super::format_line;
use super::term::Term;
use crate::check;
use crate::cli::{CheckArgs, CheckFormat};
use crate::diag::{self, Severity};
use crate::{model, pipeline, settings};
use std::io::Write;
use std::process::ExitCode;

/// Run `prepbook check`.
pub(crate) fn run(args: &CheckArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let settings = settings::resolve(&args.site, &settings::Overrides::default())?;
    if term.verbose {
        super::describe(&settings, super::config_read(&args.site).as_deref());
    }
    let parsed = pipeline::parse_site(&settings, &mut pipeline::KeptBuild::default());
    // What only rendering sees (links to missing files, formulas that do not parse, markup
    // removed) is part of the report too.
    let rendered = crate::render::notes(&parsed.site, &settings, &parsed.file_set())?;
    let report = check::report_rendered(&parsed.site, &parsed.site_diagnostics, &rendered);
    let mut out = std::io::stdout().lock();
    match args.format {
        CheckFormat::Text => {
            for d in &report.diagnostics {
                writeln!(out, "{}", format_line(&settings, d, term.stdout_color))?;
            }
            if !term.quiet {
                print_summary(&parsed.site, &report, &mut out)?;
            }
        }
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report.diagnostics)?;
            writeln!(out)?;
        }
        CheckFormat::Github => {
            for d in &report.diagnostics {
                let file = github_path(&settings.content, &d.source);
                // The command escapes what the runner reads (`%`, CR, LF, `:`, `,`);
                // other control characters would reach the log viewer's terminal.
                let command = diag::github_command(&file, &d.diagnostic);
                writeln!(out, "{}", check::printable(&command))?;
            }
            if !term.quiet {
                print_summary(&parsed.site, &report, &mut out)?;
            }
        }
    }
    let failed =
        report.count(Severity::Error) > 0 || (args.strict && report.count(Severity::Warning) > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The path GitHub annotates: from the repository root, `/`-separated. In a workflow the runner's
/// workspace (`GITHUB_WORKSPACE`) is the repository root, so a file inside it is given relative
/// to it (a handbook in a sub-folder, an absolute `--content`); elsewhere the path is the
/// content folder as given joined with the document's path (`content/system-design.md`).
fn github_path(content: &std::path::Path, source: &str) -> String {
    use std::path::{Component, Path, PathBuf};
    let path = content.join(source);
    // `.` and `..` resolved on the path's text: the name the repository knows the file by, not
    // where links on disk lead.
    let lexical = |p: &Path| -> PathBuf {
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir
                    if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
                {
                    out.pop();
                }
                c => out.push(c),
            }
        }
        out
    };
    let in_workspace = std::env::var_os("GITHUB_WORKSPACE").and_then(|workspace| {
        let absolute = std::env::current_dir().ok()?.join(&path);
        lexical(&absolute)
            .strip_prefix(lexical(Path::new(&workspace)))
            .ok()
            .map(Path::to_path_buf)
    });
    let relative = in_workspace.unwrap_or_else(|| lexical(&path));
    // GitHub wants `/` between folders, also from a Windows runner.
    relative
        .to_string_lossy()
        .replace(std::path::MAIN_SEPARATOR, "/")
}

/// `checked N documents, N questions (N unanswered): N errors, N warnings, N notes`.
fn print_summary(
    site: &model::Site,
    report: &check::Report,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let tally: model::Tally = site.documents.iter().map(|d| d.tally()).sum();
    let (questions, unanswered) = (tally.questions, tally.unanswered());
    writeln!(
        out,
        "checked {} documents, {questions} questions ({unanswered} unanswered): {} errors, {} warnings, {} notes",
        site.documents.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Note),
    )
}
