//! `prepbook build`: parse, stop on broken documents, render into a folder beside the output
//! and swap it in; then one line that says what was built.

use super::format_line;
use super::term::{paint, Term, Tone};
use crate::check;
use crate::cli::{self, BuildArgs};
use crate::diag::Severity;
use crate::{pipeline, settings, write};
use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Run `prepbook build`.
pub(crate) fn run(args: &BuildArgs, term: &Term) -> anyhow::Result<ExitCode> {
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
    if term.verbose {
        super::describe(&settings, super::config_read(&args.site).as_deref());
    }
    let code = build(&settings, &keep, term)?;
    if args.open && code == ExitCode::SUCCESS {
        open_index(&settings.output);
    }
    Ok(code)
}

/// Open the built site's `index.html` in the browser. A browser that does not open is not a
/// failed build: it says so, and where the site is.
fn open_index(output: &std::path::Path) {
    let index = output.join("index.html");
    // Absolute: the browser does not run in our current folder.
    let index = std::path::absolute(&index).unwrap_or(index);
    let shown = index.display().to_string();
    if let Err(err) = crate::browser::open(&shown) {
        eprintln!(
            "prepbook: could not open a browser ({}); open {} yourself.",
            check::printable(&err.to_string()),
            check::printable(&shown)
        );
    }
}

/// `prepbook build`: parse, stop on broken documents, render into a folder beside the output
/// (file by file, so the site is never all in memory), swap it in.
fn build(
    settings: &settings::Settings,
    keep: &write::Keep<'_>,
    term: &Term,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let progress = ProgressBar::new(term, started);
    let report = |n: usize, total: usize| progress.update(n, total);
    let parsed = match pipeline::parse_checked(settings, &mut pipeline::KeptBuild::one_off()) {
        Ok(parsed) => parsed,
        Err(pipeline::Failure::Fatal(err)) => return Err(err.into()),
        Err(pipeline::Failure::Broken(errors)) => {
            let mut err = std::io::stderr().lock();
            for d in &errors {
                writeln!(err, "{}", format_line(settings, d, term.stderr_color))?;
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
    let built = pipeline::build(&parsed, settings, &report, &staging)?;
    staging.commit()?;
    // The bar goes before anything else is printed, or the next line would run on from it.
    progress.erase();
    // What only rendering sees (ids dropped, input capped, theme links skipped) is not in
    // `check`'s report, so it is printed here.
    let mut err = std::io::stderr().lock();
    for p in &built.problems {
        writeln!(err, "{}", format_line(settings, p, term.stderr_color))?;
    }
    drop(err);
    let rendered_warnings = built
        .problems
        .iter()
        .filter(|p| p.diagnostic.severity == Severity::Warning)
        .count();
    let warnings = check::report(&parsed.site, &parsed.site_diagnostics).count(Severity::Warning)
        + rendered_warnings;
    if term.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "\r{} {} pages ({} documents, {} questions) in {:.2} s into {}{}",
        paint("built", Tone::Done, term.stderr_color),
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

/// A progress bar on standard error, redrawn in place, once a build has taken a second: only
/// when standard error is a terminal (a log or a pipe gets nothing) and not with `-q`.
struct ProgressBar {
    /// Whether to draw at all.
    shown: bool,
    /// When the build started.
    started: Instant,
    /// How long a build runs before the bar appears: a quick build is not worth one.
    after: Duration,
    /// Whether the bar is on the screen, so it is erased before the next line.
    drawn: AtomicBool,
}

impl ProgressBar {
    fn new(term: &Term, started: Instant) -> ProgressBar {
        // The test suite sets the delay to 0 to see the bar on a small handbook.
        let after = std::env::var("PREPBOOK_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(Duration::from_secs(1), Duration::from_millis);
        ProgressBar {
            shown: term.stderr_terminal && !term.quiet,
            started,
            after,
            drawn: AtomicBool::new(false),
        }
    }

    /// `done` of `total` pages rendered; called from the rendering threads.
    fn update(&self, done: usize, total: usize) {
        if !self.shown || self.started.elapsed() < self.after {
            return;
        }
        // Every 16 pages, and the last: a redraw per page would cost more than the page.
        if done == total || done.is_multiple_of(16) || !self.drawn.load(Ordering::Relaxed) {
            self.drawn.store(true, Ordering::Relaxed);
            eprint!("\r{}", bar(done, total));
        }
    }

    /// Erase the bar from the terminal, if it was drawn; the rendering is over.
    fn erase(&self) {
        if self.drawn.swap(false, Ordering::Relaxed) {
            eprint!("\r\x1b[2K");
        }
    }
}

/// A failed render returns early: the bar is erased before `main` prints the error.
impl Drop for ProgressBar {
    fn drop(&mut self) {
        self.erase();
    }
}

/// `rendering [=========>          ] 45/100 pages`.
fn bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 24;
    let filled = (done * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    let head = if filled < WIDTH { ">" } else { "" };
    let rest = WIDTH - filled - head.len();
    format!(
        "rendering [{}{head}{}] {done}/{total} pages",
        "=".repeat(filled),
        " ".repeat(rest)
    )
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn the_bar_fills_with_the_pages_rendered() {
        assert_eq!(
            bar(0, 100),
            "rendering [>                       ] 0/100 pages"
        );
        assert_eq!(
            bar(50, 100),
            "rendering [============>           ] 50/100 pages"
        );
        assert_eq!(
            bar(100, 100),
            "rendering [========================] 100/100 pages"
        );
        assert_eq!(bar(0, 0), "rendering [========================] 0/0 pages");
    }
}
