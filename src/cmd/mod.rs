//! The commands, one file each: what was typed in, the pipeline run, what it means for the
//! terminal and the exit status out. `main.rs` only dispatches and prints the error of a
//! command that failed.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod explain;
pub(crate) mod export;
pub(crate) mod init;
pub(crate) mod serve;

use crate::{check as lint, diag, settings};

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
    lint::printable(&line).into_owned()
}
