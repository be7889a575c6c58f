//! prepbook: a static site generator for interview-prep handbooks.
//!
//! This is the edge of the program: parse the command line, run the command, print an error
//! once, and turn the outcome into an exit code (0 fine, 1 errors in the notes, 2 wrong usage
//! or configuration). Everything below returns values; only this file prints fatal errors.

mod blanks;
mod check;
mod cli;
mod cmark;
mod config;
mod diag;
mod error;
mod export;
mod init;
mod links;
mod load;
mod model;
mod output;
mod parse;
mod pipeline;
mod render;
mod search;
mod serve;
mod settings;
mod slug;
mod write;

use clap::Parser;
use cli::{CheckFormat, Cli, Command, ExportFormat};
use diag::Severity;
use std::io::Write;
use std::process::ExitCode;

/// mimalloc: a build allocates millions of short strings from two threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A closed pipe (`prepbook check | head`) is the reader's choice, not a failure.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("prepbook: error: {}", check::printable(&cause_chain(&err)));
            let code = err
                .downcast_ref::<error::Error>()
                .map_or(2, error::Error::exit_code);
            ExitCode::from(code)
        }
    }
}

/// Whether any cause in the chain is a closed pipe. The pipe error is often wrapped (by
/// serde_json, or by our own `Error::Io`), so looking only at the top error misses it; ripgrep's
/// `main.rs` walks the chain the same way.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            // serde_json's error hides the I/O error it wraps from `source()`.
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|json| json.io_error_kind() == Some(BrokenPipe))
    })
}

/// The error and its causes on one line, each said once: our errors already quote what the
/// system said (`FILE: No such file or directory`), so a cause whose text is already there is
/// left out rather than repeated.
fn cause_chain(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => {
            let settings = settings::resolve(&args.site, None, None)?;
            let parsed = pipeline::parse_site(&settings, &mut pipeline::KeptBuild::default());
            let report = check::report(&parsed.site, &parsed.site_diagnostics);
            let mut out = std::io::stdout().lock();
            match args.format {
                CheckFormat::Text => print_report(&settings, &parsed.site, &report, &mut out)?,
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
                    print_summary(&parsed.site, &report, &mut out)?;
                }
            }
            let failed = report.count(Severity::Error) > 0
                || (args.strict && report.count(Severity::Warning) > 0);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Export(args) => {
            let settings = settings::resolve(&args.site, None, None)?;
            let parsed = pipeline::parse_site(&settings, &mut pipeline::KeptBuild::default());
            let report = check::report(&parsed.site, &parsed.site_diagnostics);
            let mut bytes = Vec::new();
            match args.format {
                ExportFormat::Json => export::json(&parsed.site, &report, &mut bytes)?,
                ExportFormat::Anki => export::anki(&parsed.site, &settings, args.all, &mut bytes)?,
                ExportFormat::Csv => export::csv(&parsed.site, args.all, &mut bytes)?,
            }
            match &args.output {
                Some(path) => export::write_file(path, &settings.content, &bytes)?,
                None => std::io::stdout().lock().write_all(&bytes)?,
            }
            let broken: Vec<&str> = parsed
                .site
                .documents
                .iter()
                .filter(|d| d.has_errors())
                .map(|d| d.source.as_str())
                .collect();
            // The JSON holds broken documents with their errors; cards and rows cannot.
            if !broken.is_empty() && args.format != ExportFormat::Json {
                eprintln!(
                    "prepbook: {} document(s) with errors left out (run `prepbook check`): {}",
                    broken.len(),
                    check::printable(&broken.join(", "))
                );
            }
            let failed = !broken.is_empty();
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Serve(args) => {
            let settings = settings::resolve(&args.site, None, args.base_url.as_deref())?;
            // The config actually read, so that editing it reaches the preview.
            let default_config = std::path::Path::new(settings::CONFIG_FILE);
            let config = args.site.config.clone().or_else(|| {
                default_config
                    .is_file()
                    .then(|| default_config.to_path_buf())
            });
            let (site, base_url) = (args.site.clone(), args.base_url.clone());
            let reload = Box::new(move || settings::resolve(&site, None, base_url.as_deref()));
            let listen = serve::Listen {
                host: &args.host,
                port: args.port.unwrap_or(1111),
                port_given: args.port.is_some(),
                open: args.open,
                config,
            };
            serve::serve(settings, reload, &listen)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain(args) => {
            let settings = settings::resolve(&args.site, None, None)?;
            let content = settings.content.canonicalize()?;
            let shown = args.file.display().to_string();
            let file = args
                .file
                .canonicalize()
                .map_err(|err| anyhow::anyhow!("{shown}: {err}"))?;
            if !file.starts_with(&content) {
                anyhow::bail!(
                    "{shown} is not in the content folder {}; pass --content to name the folder it is in.",
                    settings.content.display()
                );
            }
            let source = load::read_source(&content, &file);
            let text = parse::explain(&source, settings.declared_for(&source.source));
            let mut out = std::io::stdout().lock();
            for line in text.lines() {
                writeln!(out, "{}", check::printable(line))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Init(args) => {
            let files = init::init(&args.dir)?;
            let dir = args.dir.display().to_string();
            let dir = check::printable(&dir);
            println!("created a handbook in {dir} ({} files).", files.len());
            println!("next: cd {dir} && prepbook build, then open output/index.html;");
            println!(
                "      push to GitHub and set Pages > Source to \"GitHub Actions\" to publish."
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Build(args) => {
            let mut settings =
                settings::resolve(&args.site, args.output.as_deref(), args.base_url.as_deref())?;
            if args.theme.is_some() {
                settings.theme = args.theme.clone();
            }
            let keep = write::Keep {
                content: &settings.content,
                folders: kept_folders(&args.site, &settings),
                default_output: settings.output_is_default,
            };
            build(&settings, &keep)
        }
    }
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

/// `FILE:LINE:COL: SEVERITY: MESSAGE [CODE]`, the file as a path from the current folder, with
/// control characters escaped (a file name may hold a newline).
fn format_line(settings: &settings::Settings, d: &diag::Located) -> String {
    let path = settings.content.join(&d.source);
    let line = format!(
        "{}:{}:{}: {}: {} [{}]",
        path.display(),
        d.diagnostic.line,
        d.diagnostic.column,
        d.diagnostic.severity,
        d.diagnostic.message,
        d.diagnostic.code
    );
    check::printable(&line).into_owned()
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

fn print_report(
    settings: &settings::Settings,
    site: &model::Site,
    report: &check::Report,
    out: &mut impl Write,
) -> std::io::Result<()> {
    for d in &report.diagnostics {
        writeln!(out, "{}", format_line(settings, d))?;
    }
    print_summary(site, report, out)
}

/// `checked N documents, N questions (N unanswered): N errors, N warnings, N notes`.
fn print_summary(
    site: &model::Site,
    report: &check::Report,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let questions: usize = site
        .documents
        .iter()
        .map(|d| d.all_questions().count())
        .sum();
    let unanswered: usize = site
        .documents
        .iter()
        .map(|d| d.all_questions().filter(|q| !q.answered).count())
        .sum();
    writeln!(
        out,
        "checked {} documents, {questions} questions ({unanswered} unanswered): {} errors, {} warnings, {} notes",
        site.documents.len(),
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Note),
    )
}
