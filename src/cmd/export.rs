//! `prepbook export`: the handbook as JSON, Anki cards or CSV rows, on stdout or into a file.

use super::term::Term;
use crate::check;
use crate::cli::{ExportArgs, ExportFormat};
use crate::{export, pipeline, settings};
use std::io::Write;
use std::process::ExitCode;

/// Run `prepbook export`.
pub(crate) fn run(args: &ExportArgs, term: &Term) -> anyhow::Result<ExitCode> {
    // Flags for one format given with another would be silently ignored: say so instead.
    if args.bom && args.format != ExportFormat::Csv {
        anyhow::bail!("--bom is for --format csv (a byte order mark for Excel); leave it out.");
    }
    if args.deck.is_some() && args.format != ExportFormat::Anki {
        anyhow::bail!("--deck is for --format anki (the deck of each card); leave it out.");
    }
    let settings = settings::resolve(&args.site, &settings::Overrides::default())?;
    if term.verbose {
        super::describe(&settings, super::config_read(&args.site).as_deref());
    }
    let parsed = pipeline::parse_site(&settings, &mut pipeline::KeptBuild::default());
    let report = check::report(&parsed.site, &parsed.site_diagnostics);
    let mut bytes = Vec::new();
    match args.format {
        ExportFormat::Json => export::json(&parsed.site, &report, &mut bytes)?,
        ExportFormat::Anki => {
            let deck = args.deck.clone().map(export::Deck).unwrap_or_default();
            export::anki_in_decks(&parsed.site, &settings, args.all, &deck, &mut bytes)?;
        }
        ExportFormat::Csv => export::csv_for(&parsed.site, args.all, args.bom, &mut bytes)?,
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
