//! `prepbook.yaml`: the site configuration as written. Every key is optional.
//!
//! Input: the YAML text. Output: [`SiteConfig`]. Unknown keys are an error here (unlike document
//! front matter): a typo in the config silently ignored would be a site built wrong.

use serde::Deserialize;

/// The keys of `prepbook.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SiteConfig {
    /// The handbook's title.
    pub(crate) title: Option<String>,
    /// One line under the title on the home page.
    pub(crate) description: Option<String>,
    /// The absolute URL the site is published at, e.g. `https://me.github.io/prep/`.
    pub(crate) base_url: Option<String>,
    /// A theme name or folder.
    pub(crate) theme: Option<String>,
    /// Let HTML written in documents through unescaped (off by default: content is untrusted).
    pub(crate) raw_html: bool,
    /// The folder of notes, relative to the config file.
    pub(crate) content: Option<String>,
    /// The output folder, relative to the config file.
    pub(crate) output: Option<String>,
    /// The practice page.
    pub(crate) practice: PracticeConfig,
}

/// The `practice:` block of `prepbook.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct PracticeConfig {
    /// Seconds of the answer timer; `0` leaves the timer off unless the reader starts it.
    pub(crate) timer: Option<u32>,
}
