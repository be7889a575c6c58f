//! `prepbook build`: parse, stop on broken documents, render into a folder beside the output
//! and swap it in; then one line that says what was built.

use super::format_line;
use crate::check;
use crate::cli::{self, BuildArgs};
use crate::diag::Severity;
use crate::{pipeline, settings, write};
use std::io::Write;
use std::process::ExitCode;

/// Run `prepbook build`.
pub(crate) fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let overrides = settings::Overrides {
        output: args.output.clone(),
        base_url: args.base_url.clone(),
        theme: args.theme.clone(),
    };
    let settings = settings::resolve(&args.site, &overrides)?;
    let keep = write::Keep {
        content: &settings.content,
        folders: kept_folders(&args.site, &settings),
        default_output: settings.output_is_default,
    };
    build(&settings, &keep)
}

/// `prepbook build`: parse, stop on broken documents, render into a folder beside the output
/// (file by file, so the site is never all in memory), swap it in.
fn build(settings: &settings::Settings, keep: &write::Keep<'_>) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let progress = progress_line();
    let parsed = match pipeline::parse_checked(settings, &mut pipeline::KeptBuild::default()) {
        Ok(parsed) => parsed,
        Err(pipeline::Failure::Fatal(err)) => return Err(err.into()),
        Err(pipeline::Failure::Broken(errors)) => {
            let mut err = std::io::stderr().lock();
            for d in &errors {
                writeln!(err, "{}", format_line(settings, d))?;
            }
            writeln!(
                err,
                "prepbook: build failed: {} error(s) in the notes; {} was left as it was.",
                errors.len(),
                check::printable(&settings.output.display().to_string())
            )?;
            return Ok(ExitCode::from(1));
        }
    };
    // A failed render drops the staging folder, leaving the previous site as it was.
    let staging = write::Staging::begin(&settings.output, keep)?;
    let built = pipeline::build(&parsed, settings, &progress, &staging)?;
    staging.commit()?;
    // What only rendering sees (ids dropped, input capped, theme links skipped) is not in
    // `check`'s report, so it is printed here.
    let mut err = std::io::stderr().lock();
    for p in &built.problems {
        writeln!(err, "{}", format_line(settings, p))?;
    }
    drop(err);
    let rendered_warnings = built
        .problems
        .iter()
        .filter(|p| p.diagnostic.severity == Severity::Warning)
        .count();
    let warnings = check::report(&parsed.site, &parsed.site_diagnostics).count(Severity::Warning)
        + rendered_warnings;
    eprintln!(
        "\rbuilt {} pages ({} documents, {} questions) in {:.2} s into {}{}",
        built.pages,
        built.documents,
        built.questions,
        started.elapsed().as_secs_f64(),
        check::printable(&settings.output.display().to_string()),
        if warnings > 0 {
            format!("; {warnings} warnings (run `prepbook check`)")
        } else {
            String::new()
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// The folders besides the content that a build must never replace, whatever marker the output
/// folder holds: the current folder, the config's folder, the home folder and a theme folder.
fn kept_folders(
    site: &cli::SiteArgs,
    settings: &settings::Settings,
) -> Vec<(&'static str, std::path::PathBuf)> {
    use std::path::{Path, PathBuf};
    let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut folders = vec![("the current folder", here)];
    if let Some(config) = &site.config {
        let dir = config
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        folders.push(("the folder of the config file", dir.to_path_buf()));
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        folders.push(("your home folder", PathBuf::from(home)));
    }
    let theme = settings.theme.as_deref().map(Path::new);
    if let Some(theme) = theme.filter(|t| t.is_dir()) {
        folders.push(("the theme folder", theme.to_path_buf()));
    }
    folders
}

/// A progress line on stderr, redrawn in place, only when stderr is a terminal.
fn progress_line() -> impl Fn(usize, usize) + Sync {
    use std::io::IsTerminal;
    let terminal = std::io::stderr().is_terminal();
    move |done, total| {
        if terminal && (done == total || done % 64 == 0) {
            eprint!("\rrendering {done}/{total} pages");
        }
    }
}
