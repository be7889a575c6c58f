//! The output set: what every stage that makes files hands on, and how files are named.
//!
//! Input: paths and bytes from render and search. Output: [`OutputFile`]s handed to a [`Sink`]
//! (the staging folder of `build`, or [`Collect`] in memory for `serve`). Names that must change
//! when their content does (assets, search shards, practice cards) carry [`content_hash`], so a
//! new deploy never mixes with a cached old file. Nothing here knows about pages or the index.

use crate::error::Error;
use std::sync::Arc;

/// One file of the built site.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    /// Path inside the output folder, `/`-separated.
    pub(crate) path: String,
    /// Its content (shared: a page kept from the previous build is not copied).
    pub(crate) bytes: Arc<Vec<u8>>,
}

impl OutputFile {
    pub(crate) fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: Arc::new(bytes.into()),
        }
    }

    /// A script named `<stem>.<hash of its content>.js`, so a new deploy never mixes with a
    /// cached old one (search shards and fragments, practice cards and deck).
    pub(crate) fn hashed_script(stem: &str, body: String) -> Self {
        let hash = content_hash(body.as_bytes()) as u32;
        OutputFile::new(format!("{stem}.{hash:08x}.js"), body)
    }
}

/// Where rendered files go as they are made: written straight into the new output folder
/// (`build`, so the site is never all in memory) or collected (`serve`).
pub(crate) trait Sink: Sync {
    /// Take one file of the site.
    fn put(&self, file: OutputFile) -> Result<(), Error>;
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub(crate) struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files collected.
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        self.0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    }
}

/// The whole built site, in memory.
#[derive(Debug, Default)]
pub(crate) struct Output {
    /// Every file.
    pub(crate) files: Vec<OutputFile>,
}

/// `assets/style.css` → `assets/style.1a2b3c4d.css`: a new deploy never mixes with a cached
/// old asset. Fonts and the favicon keep their names (they are referenced from CSS and by
/// browsers by name).
pub(crate) fn hashed_asset_name(name: &str, bytes: &[u8]) -> String {
    let keep = name.ends_with(".svg") || name.ends_with(".woff2") || name.ends_with(".png");
    match name.rsplit_once('.') {
        Some((stem, ext)) if !keep => {
            format!("assets/{stem}.{:08x}.{ext}", content_hash(bytes) as u32)
        }
        _ => format!("assets/{name}"),
    }
}

/// FNV-1a: a stable content hash for file names (not for security).
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
