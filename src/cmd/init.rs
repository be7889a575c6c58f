//! `prepbook init [DIR]`: a handbook where the notes are (or a new one from the sample), what
//! was written and kept, and what to do next.

use super::term::Term;
use crate::check;
use crate::cli::InitArgs;
use crate::init;
use std::process::ExitCode;

/// Run `prepbook init`.
pub(crate) fn run(args: &InitArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let options = init::Options {
        sample: args.sample,
        force: args.force,
    };
    let report = init::run(&args.dir, options)?;
    if term.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    // A file name may hold a newline: each line is escaped on its own.
    for line in report.to_string().lines() {
        println!("{}", check::printable(line));
    }
    let dir = args.dir.display().to_string();
    let dir = check::printable(&dir);
    let cd = if args.dir.as_os_str() == "." {
        String::new()
    } else {
        format!("cd {dir} && ")
    };
    println!("next: {cd}prepbook build --open (or prepbook serve --open to preview as you write);");
    println!("      push to GitHub and set Pages > Source to \"GitHub Actions\" to publish.");
    Ok(ExitCode::SUCCESS)
}
