//! Settings: what the command line and `prepbook.yaml` mean together.
//!
//! Input: the typed flags and the config file. Output: [`Settings`], with every path absolute or
//! relative to the current folder. The precedence is written once, here: built-in defaults, then
//! `prepbook.yaml`, then flags.

use crate::cli::SiteArgs;
use crate::config::SiteConfig;
use crate::error::Error;
use crate::load::ReadError;
use crate::parse::declare::{self, Declared};
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
    /// Whether the output folder is the default `output/` beside the config (neither `--output`
    /// nor `output:` named one): with `content: .` it lies inside the content folder, and that is
    /// fine there, since the walk skips it and only a folder prepbook made (or an empty one) is
    /// replaced.
    pub(crate) output_is_default: bool,
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
    /// Declared structures, each for the documents its glob matches; the first match wins.
    pub(crate) structure: Vec<(globset::GlobMatcher, Declared)>,
}

impl Settings {
    /// What `prepbook.yaml` declares about the document at `source` (relative, `/`-separated).
    pub(crate) fn declared_for(&self, source: &str) -> Option<&Declared> {
        self.structure
            .iter()
            .find(|(glob, _)| glob.is_match(source))
            .map(|(_, declared)| declared)
    }
}

/// The answer timer when `prepbook.yaml` says nothing: two minutes, a spoken answer's length.
pub(crate) const PRACTICE_TIMER: u32 = 120;

/// The flags that override what `prepbook.yaml` says, for the commands that have them
/// (`build` has all three, `serve` only `--base-url`; the rest none).
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    /// `--output`: the output folder.
    pub(crate) output: Option<PathBuf>,
    /// `--base-url`: the URL the site is published at.
    pub(crate) base_url: Option<String>,
    /// `--theme`: a built-in theme's name or a theme folder.
    pub(crate) theme: Option<String>,
}

/// Resolve settings: built-in defaults, then the config file, then the flags (`args`, which
/// every command has, and `overrides`).
pub(crate) fn resolve(args: &SiteArgs, overrides: &Overrides) -> Result<Settings, Error> {
    let (config, root) = read_config(args.config.as_deref())?;
    let config_path = args
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
    let content = args
        .content
        .clone()
        .unwrap_or_else(|| root.join(config.content.as_deref().unwrap_or("content")));
    if !content.is_dir() {
        return Err(Error::NoContent { path: content });
    }
    let output_is_default = overrides.output.is_none() && config.output.is_none();
    let output = overrides
        .output
        .clone()
        .unwrap_or_else(|| root.join(config.output.as_deref().unwrap_or("output")));
    let base_url = overrides.base_url.clone().or(config.base_url).map(|u| {
        if u.ends_with('/') {
            u
        } else {
            format!("{u}/")
        }
    });
    let structure = structure(&config.structure).map_err(|(rule, message)| Error::Config {
        path: config_path.clone(),
        line: 1,
        column: 1,
        message: format!("structure rule {rule}: {message}"),
    })?;
    Ok(Settings {
        structure,
        title: config
            .title
            .unwrap_or_else(|| "Interview Handbook".to_owned()),
        description: config.description,
        content,
        output,
        output_is_default,
        base_url,
        theme: overrides.theme.clone().or(config.theme),
        raw_html: config.raw_html,
        drafts: args.drafts,
        practice_timer: config.practice.timer.unwrap_or(PRACTICE_TIMER),
    })
}

/// The `structure:` rules compiled: globs and declared markers, or the 1-based number of the
/// first rule that does not read, with why.
fn structure(
    rules: &[crate::config::StructureRule],
) -> Result<Vec<(globset::GlobMatcher, Declared)>, (usize, String)> {
    rules
        .iter()
        .enumerate()
        .map(|(i, rule)| {
            let fail = |message: String| (i + 1, message);
            let glob = globset::GlobBuilder::new(&rule.files)
                .literal_separator(true)
                .build()
                .map_err(|_| fail("`files` is not a glob such as `interviews/*.md`.".to_owned()))?
                .compile_matcher();
            let questions = rule
                .questions
                .as_deref()
                .map(declare::marker)
                .transpose()
                .map_err(fail)?;
            let sections = rule
                .sections
                .as_deref()
                .map(declare::section_level)
                .transpose()
                .map_err(fail)?;
            Ok((
                glob,
                Declared {
                    questions,
                    sections,
                },
            ))
        })
        .collect()
}

/// The config and the folder paths in it are relative to.
///
/// The file is read only if its real path lies inside the folder that holds it: a
/// `prepbook.yaml` committed as a link to `~/.ssh/id_ed25519` or `.env` must not be read, let
/// alone quoted in an error (or on `serve`'s error page).
fn read_config(explicit: Option<&Path>) -> Result<(SiteConfig, PathBuf), Error> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new(CONFIG_FILE).symlink_metadata().is_ok() => PathBuf::from(CONFIG_FILE),
        None => return Ok((SiteConfig::default(), PathBuf::new())),
    };
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let folder = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root.as_path()
    };
    let bytes = crate::load::read_inside(folder, &path).map_err(|err| match err {
        ReadError::Io(source) => Error::Io {
            path: path.clone(),
            source,
        },
        refused => Error::Config {
            path: path.clone(),
            line: 1,
            column: 1,
            message: refused.to_string(),
        },
    })?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(Error::Config {
            path,
            line: 1,
            column: 1,
            message: "the config file is not UTF-8 text. Save it as UTF-8.".to_owned(),
        });
    };
    let config = crate::config::parse(&text).map_err(|problem| Error::Config {
        path: path.clone(),
        line: problem.line,
        column: problem.column,
        message: format!(
            "{}{}. Fix the config file; every key is optional.",
            if problem.syntax {
                "not valid YAML: "
            } else {
                ""
            },
            problem.message
        ),
    })?;
    Ok((config, root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_override_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("notes")).unwrap();
        let config = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &config,
            "content: notes\noutput: site\nbase_url: https://a.io/prep\ntheme: paper\n",
        )
        .unwrap();
        let args = SiteArgs {
            config: Some(config),
            content: None,
            drafts: false,
        };
        let from_file = resolve(&args, &Overrides::default()).unwrap();
        assert_eq!(from_file.output, dir.path().join("site"));
        assert_eq!(from_file.base_url.as_deref(), Some("https://a.io/prep/"));
        assert_eq!(from_file.theme.as_deref(), Some("paper"));
        assert!(!from_file.output_is_default);
        let overrides = Overrides {
            output: Some("elsewhere".into()),
            base_url: Some("https://b.io".into()),
            theme: Some("default".into()),
        };
        let flagged = resolve(&args, &overrides).unwrap();
        assert_eq!(flagged.output, Path::new("elsewhere"));
        assert_eq!(flagged.base_url.as_deref(), Some("https://b.io/"));
        assert_eq!(flagged.theme.as_deref(), Some("default"));
    }
}
