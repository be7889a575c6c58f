//! `prepbook init [DIR]`: a new handbook from the sample, and what to do next.

use crate::check;
use crate::cli::InitArgs;
use crate::init;
use std::process::ExitCode;

/// Run `prepbook init`.
pub(crate) fn run(args: &InitArgs) -> anyhow::Result<ExitCode> {
    let files = init::init(&args.dir)?;
    let dir = args.dir.display().to_string();
    let dir = check::printable(&dir);
    println!("created a handbook in {dir} ({} files).", files.len());
    println!("next: cd {dir} && prepbook build, then open output/index.html;");
    println!("      push to GitHub and set Pages > Source to \"GitHub Actions\" to publish.");
    Ok(ExitCode::SUCCESS)
}
