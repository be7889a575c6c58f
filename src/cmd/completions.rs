//! `prepbook completions SHELL` and the hidden `prepbook man`: the command line described for
//! shells and for `man`, both generated from the clap definitions in `cli.rs`, so they never
//! fall behind a flag.

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use clap::CommandFactory;
use std::io::Write;
use std::process::ExitCode;

/// Run `prepbook completions SHELL`: the script on standard output.
pub(crate) fn run(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "prepbook", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// Run `prepbook man`: the man page, `prepbook(1)`, as roff on standard output; with `--dir`,
/// that page and one per command (`prepbook-build(1)`, ...) written into the folder, as the
/// release workflow ships them in every archive.
pub(crate) fn man(args: &ManArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.dir {
        clap_mangen::generate_to(Cli::command(), dir).map_err(|source| {
            crate::error::Error::Io {
                path: dir.clone(),
                source,
            }
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    std::io::stdout().lock().write_all(&out)?;
    Ok(ExitCode::SUCCESS)
}
