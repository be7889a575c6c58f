//! Settings: what the command line and `prepbook.yaml` mean together.
//!
//! Input: the typed flags and the config file. Output: [`Settings`], with every path absolute or
//! relative to the current folder. The precedence is written once, here: built-in defaults, then
//! `prepbook.yaml`, then flags.

use crate::cli::SiteArgs;
use crate::config::SiteConfig;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// The file name looked for in the current folder.
pub(crate) const CONFIG_FILE: &str = "prepbook.yaml";

/// Everything a run needs to know.
#[derive(Debug, Clone)]
#[allow(
    dead_code,
    reason = "description, base_url, theme and raw_html are read by the renderer"
)]
pub(crate) struct Settings {
    /// The handbook's title.
    pub(crate) title: String,
    /// One line under the title.
    pub(crate) description: Option<String>,
    /// The folder of notes.
    pub(crate) content: PathBuf,
    /// The output folder.
    pub(crate) output: PathBuf,
    /// The absolute URL the site is published at, with a trailing slash.
    pub(crate) base_url: Option<String>,
    /// Theme name or folder.
    pub(crate) theme: Option<String>,
    /// Whether document HTML passes through.
    pub(crate) raw_html: bool,
    /// Whether drafts are included.
    pub(crate) drafts: bool,
    /// Seconds of the practice page's answer timer (0: off until the reader starts it).
    pub(crate) practice_timer: u32,
}

/// The answer timer when `prepbook.yaml` says nothing: two minutes, a spoken answer's length.
pub(crate) const PRACTICE_TIMER: u32 = 120;

/// Resolve settings from flags and the config file.
pub(crate) fn resolve(
    args: &SiteArgs,
    output: Option<&Path>,
    base_url: Option<&str>,
) -> Result<Settings, Error> {
    let (config, root) = read_config(args.config.as_deref())?;
    let content = args
        .content
        .clone()
        .unwrap_or_else(|| root.join(config.content.as_deref().unwrap_or("content")));
    if !content.is_dir() {
        return Err(Error::NoContent { path: content });
    }
    let output = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root.join(config.output.as_deref().unwrap_or("output")));
    let base_url = base_url.map(str::to_owned).or(config.base_url).map(|u| {
        if u.ends_with('/') {
            u
        } else {
            format!("{u}/")
        }
    });
    Ok(Settings {
        title: config
            .title
            .unwrap_or_else(|| "Interview Handbook".to_owned()),
        description: config.description,
        content,
        output,
        base_url,
        theme: config.theme,
        raw_html: config.raw_html,
        drafts: args.drafts,
        practice_timer: config.practice.timer.unwrap_or(PRACTICE_TIMER),
    })
}

/// The config and the folder paths in it are relative to.
fn read_config(explicit: Option<&Path>) -> Result<(SiteConfig, PathBuf), Error> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new(CONFIG_FILE).is_file() => PathBuf::from(CONFIG_FILE),
        None => return Ok((SiteConfig::default(), PathBuf::new())),
    };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
        path: path.clone(),
        source,
    })?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if text.trim().is_empty() {
        return Ok((SiteConfig::default(), root));
    }
    let config = serde_yaml::from_str(&text).map_err(|err| Error::Config {
        line: err.location().map_or(1, |l| l.line()),
        path: path.clone(),
        message: err.to_string(),
    })?;
    Ok((config, root))
}
