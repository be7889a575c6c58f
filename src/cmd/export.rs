//! `prepbook export`: the handbook as JSON, Anki cards or CSV rows, on stdout or into a file.

use crate::check;
use crate::cli::{ExportArgs, ExportFormat};
use crate::{export, pipeline, settings};
use std::io::Write;
use std::process::ExitCode;

/// Run `prepbook export`.
pub(crate) fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let settings = settings::resolve(&args.site, &settings::Overrides::default())?;
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
