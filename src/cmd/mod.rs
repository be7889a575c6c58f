//! The commands, one file each: what was typed in, the pipeline run, what it means for the
//! terminal and the exit status out. `main.rs` only dispatches and prints the error of a
//! command that failed.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod explain;
pub(crate) mod export;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod serve;
pub(crate) mod term;

use crate::{check as lint, diag, settings};
use term::{paint, Tone};

/// `FILE:LINE:COL: SEVERITY: MESSAGE [CODE]`, the file as a path from the current folder, with
/// control characters escaped (a file name may hold a newline), and the severity coloured when
/// `color`.
fn format_line(settings: &settings::Settings, d: &diag::Located, color: bool) -> String {
    let path = settings.content.join(&d.source);
    let place = format!(
        "{}:{}:{}: ",
        path.display(),
        d.diagnostic.line,
        d.diagnostic.column
    );
    let rest = format!(": {} [{}]", d.diagnostic.message, d.diagnostic.code);
    let severity = d.diagnostic.severity;
    format!(
        "{}{}{}",
        lint::printable(&place),
        paint(&severity.to_string(), Tone::Severity(severity), color),
        lint::printable(&rest)
    )
}

/// With `-v`: the settings a command runs with, on standard error.
fn describe(settings: &settings::Settings, config: Option<&std::path::Path>) {
    let shown = |p: &std::path::Path| lint::printable(&p.display().to_string()).into_owned();
    let config = config.map_or("none (the defaults)".to_owned(), shown);
    eprintln!("prepbook: config: {config}");
    eprintln!("prepbook: content: {}", shown(&settings.content));
    eprintln!("prepbook: output: {}", shown(&settings.output));
    let base_url = settings
        .base_url
        .as_deref()
        .unwrap_or("none (relative links)");
    eprintln!("prepbook: base URL: {}", lint::printable(base_url));
    let theme = settings.theme.as_deref().unwrap_or("default");
    eprintln!("prepbook: theme: {}", lint::printable(theme));
}

/// The config file a command reads: the one given with `--config`, else `prepbook.yaml` in the
/// current folder when there is one.
fn config_read(site: &crate::cli::SiteArgs) -> Option<std::path::PathBuf> {
    let default_config = std::path::Path::new(settings::CONFIG_FILE);
    site.config.clone().or_else(|| {
        default_config
            .is_file()
            .then(|| default_config.to_path_buf())
    })
}
