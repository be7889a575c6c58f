//! prepbook: a static site generator for interview-prep handbooks.
//!
//! This is the edge of the program: parse the command line, run the command, print an error
//! once, and turn the outcome into an exit code (0 fine, 1 errors in the notes, 2 wrong usage
//! or configuration). Everything below returns values; only this file prints fatal errors.

mod blanks;
mod browser;
mod check;
mod cli;
mod cmark;
mod cmd;
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

use cli::{Cli, Command};
use std::process::ExitCode;

/// mimalloc: a build allocates millions of short strings from two threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = parse_command_line();
    let term = cmd::term::Term::new(&cli.terminal);
    let outcome = match &cli.command {
        Command::Build(args) => cmd::build::run(args, &term),
        Command::Check(args) => cmd::check::run(args, &term),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Export(args) => cmd::export::run(args, &term),
        Command::Init(args) => cmd::init::run(args, &term),
        Command::Man(args) => cmd::completions::man(args),
        Command::New(args) => cmd::new::run(args),
        Command::Serve(args) => cmd::serve::run(args, &term),
    };
    match outcome {
        Ok(code) => code,
        // A closed pipe (`prepbook check | head`) is the reader's choice, not a failure.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let error = cmd::term::paint(
                "error",
                cmd::term::Tone::Severity(diag::Severity::Error),
                term.stderr_color,
            );
            eprintln!(
                "prepbook: {error}: {}",
                check::printable(&cause_chain(&err))
            );
            let code = err
                .downcast_ref::<error::Error>()
                .map_or(2, error::Error::exit_code);
            ExitCode::from(code)
        }
    }
}

/// The command line, parsed. clap colours its help and usage errors while it parses, so
/// `--color` is looked for first and handed to clap, for its messages to follow the flag too
/// (with `auto`, clap itself honours NO_COLOR and whether the stream is a terminal).
fn parse_command_line() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut when = None;
    for (i, arg) in args.iter().enumerate() {
        match arg.to_str() {
            // Past `--`, everything is a value, not a flag.
            Some("--") => break,
            Some("--color") => when = args.get(i + 1).and_then(|v| v.to_str()),
            Some(arg) => when = arg.strip_prefix("--color=").or(when),
            None => {}
        }
    }
    let color = match when {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    };
    let matches = Cli::command().color(color).get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
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
