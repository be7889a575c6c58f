//! prepbook: a static site generator for interview-prep handbooks.
//!
//! This is the edge of the program: parse the command line, run the command, print an error
//! once, and turn the outcome into an exit code (0 fine, 1 errors in the notes, 2 wrong usage
//! or configuration). Everything below returns values; only this file prints fatal errors.

mod check;
mod cli;
mod config;
mod diag;
mod error;
mod export;
mod load;
mod model;
mod parse;
mod pipeline;
mod settings;
mod slug;

use clap::Parser;
use cli::{CheckFormat, Cli, Command};
use diag::Severity;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`prepbook export | head`) is the reader's choice, not a failure.
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("prepbook: error: {err:#}");
            let code = err
                .downcast_ref::<error::Error>()
                .map_or(1, error::Error::exit_code);
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => {
            let settings = settings::resolve(&args.site, None, None)?;
            let parsed = pipeline::parse_site(&settings);
            let report = check::report(&parsed.site, &parsed.problems);
            let mut out = std::io::stdout().lock();
            match args.format {
                CheckFormat::Text => print_report(&settings, &parsed.site, &report, &mut out)?,
                CheckFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &report.diagnostics)?;
                    writeln!(out)?;
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
            let parsed = pipeline::parse_site(&settings);
            let report = check::report(&parsed.site, &parsed.problems);
            export::json(&parsed.site, &report, &mut std::io::stdout().lock())?;
            let failed = parsed
                .site
                .documents
                .iter()
                .any(model::Document::has_errors);
            Ok(if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Build(args) => {
            let settings =
                settings::resolve(&args.site, args.output.as_deref(), args.base_url.as_deref())?;
            let parsed = pipeline::parse_site(&settings);
            let report = check::report(&parsed.site, &parsed.problems);
            let errors: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.diagnostic.severity == Severity::Error)
                .collect();
            let mut err = std::io::stderr().lock();
            for d in &errors {
                writeln!(err, "{}", format_line(&settings, d))?;
            }
            if !errors.is_empty() {
                writeln!(err, "prepbook: build failed: {} broken document(s); the previous output was left as it was.", errors.len())?;
                return Ok(ExitCode::from(1));
            }
            let questions: usize = parsed
                .site
                .documents
                .iter()
                .map(|d| d.all_questions().count())
                .sum();
            writeln!(
                err,
                "parsed {} documents, {questions} questions. (Rendering arrives with the site issue.)",
                parsed.site.documents.len()
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `FILE:LINE:COL: SEVERITY: MESSAGE [CODE]`, the file as a path from the current folder.
fn format_line(settings: &settings::Settings, d: &check::Located) -> String {
    let path = settings.content.join(&d.source);
    format!(
        "{}:{}:{}: {}: {} [{}]",
        path.display(),
        d.diagnostic.line,
        d.diagnostic.column,
        d.diagnostic.severity,
        d.diagnostic.message,
        d.diagnostic.code
    )
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
