//! The terminal a command writes to: whether each stream is coloured, and how much to say.
//!
//! Input: the flags every command takes (`--color`, `-q`, `-v`) and the environment
//! (`NO_COLOR`, whether a stream is a terminal). Output: [`Term`], handed to every command,
//! which asks it rather than the environment.

use crate::cli::{ColorWhen, TerminalArgs};
use crate::diag::Severity;
use std::io::IsTerminal;

/// What the commands may print, and how.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Term {
    /// Colour standard output.
    pub(crate) stdout_color: bool,
    /// Colour standard error.
    pub(crate) stderr_color: bool,
    /// Standard error is a terminal: a progress bar can be redrawn in place there.
    pub(crate) stderr_terminal: bool,
    /// `-q`: only what went wrong.
    pub(crate) quiet: bool,
    /// `-v`: the settings a run uses, too.
    pub(crate) verbose: bool,
}

impl Term {
    /// The terminal as the flags and the environment describe it.
    pub(crate) fn new(args: &TerminalArgs) -> Term {
        // no-color.org: a NO_COLOR that is set and not empty turns colour off; a flag given on
        // the command line (`--color always`) wins over it.
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let color = |terminal: bool| match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && !no_color && !dumb,
        };
        let stderr_terminal = std::io::stderr().is_terminal();
        Term {
            stdout_color: color(std::io::stdout().is_terminal()),
            stderr_color: color(stderr_terminal),
            stderr_terminal,
            quiet: args.quiet,
            verbose: args.verbose,
        }
    }
}

/// What a coloured word says.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tone {
    /// A diagnostic's severity.
    Severity(Severity),
    /// Something that went well (`built`).
    Done,
}

/// `text` in the colour of `tone` when `on`; as it is otherwise. `text` must already be
/// printable (see `check::printable`): the escape codes are added after it was escaped.
pub(crate) fn paint(text: &str, tone: Tone, on: bool) -> String {
    if !on {
        return text.to_owned();
    }
    // Bold plus the colour compilers use: red errors, yellow warnings, cyan notes.
    let code = match tone {
        Tone::Severity(Severity::Error) => "1;31",
        Tone::Severity(Severity::Warning) => "1;33",
        Tone::Severity(Severity::Note) => "1;36",
        Tone::Done => "1;32",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paint_adds_escape_codes_only_when_on() {
        assert_eq!(
            paint("error", Tone::Severity(Severity::Error), false),
            "error"
        );
        assert_eq!(
            paint("error", Tone::Severity(Severity::Error), true),
            "\x1b[1;31merror\x1b[0m"
        );
    }
}
