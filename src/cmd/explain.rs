//! `prepbook explain FILE`: how prepbook reads one document, line by line.

use crate::check;
use crate::cli::ExplainArgs;
use crate::{load, parse, settings};
use std::io::Write;
use std::process::ExitCode;

/// Run `prepbook explain`.
pub(crate) fn run(args: &ExplainArgs) -> anyhow::Result<ExitCode> {
    let settings = settings::resolve(&args.site, &settings::Overrides::default())?;
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
