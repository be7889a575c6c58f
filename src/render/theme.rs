//! Themes: the embedded default theme, a user theme laid over it, and the Tera instance.
//!
//! Input: a theme name (`default`, `paper`) or a folder. Output: [`Theme`], the templates loaded
//! into Tera and the static assets with content-hashed names. A theme overrides any file of the
//! default by giving one with the same path, and falls back to the default for the rest, so a
//! user can restyle the site by shipping one `assets/style.css`.

use crate::error::Error;
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Themes shipped in the binary besides `default`.
pub(crate) const BUILT_IN: [&str; 2] = ["default", "paper"];

/// A loaded theme.
pub(crate) struct Theme {
    /// The templates.
    pub(crate) tera: tera::Tera,
    /// Asset path in the theme (`style.css`) to its output path (`assets/style.1a2b3c4d.css`).
    pub(crate) asset_paths: BTreeMap<String, String>,
    /// Output path to bytes, for every asset.
    pub(crate) assets: Vec<(String, Vec<u8>)>,
    /// A hash of every file of the theme, to tell whether pages rendered with another theme
    /// load are still current (within one process).
    pub(crate) fingerprint: u64,
}

/// Load a theme: `None` or `default`, another built-in name, or a folder.
pub(crate) fn load(name: Option<&str>, generated: &[(&str, Vec<u8>)]) -> Result<Theme, Error> {
    let mut files: BTreeMap<String, Vec<u8>> = embedded("default");
    match name {
        None | Some("default") => {}
        Some(built_in) if BUILT_IN.contains(&built_in) => files.extend(embedded(built_in)),
        Some(folder) => {
            let dir = Path::new(folder);
            if !dir.is_dir() {
                return Err(Error::Theme {
                    name: folder.to_owned(),
                    message: format!(
                        "no such theme. Use one of: {}, or the path of a theme folder",
                        BUILT_IN.join(", ")
                    ),
                });
            }
            for entry in walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if entry.file_type().is_file() {
                    let rel = crate::load::relative_source(dir, entry.path());
                    let bytes = std::fs::read(entry.path()).map_err(|source| Error::Io {
                        path: entry.path().to_path_buf(),
                        source,
                    })?;
                    files.insert(rel, bytes);
                }
            }
        }
    }
    for (name, bytes) in generated {
        files.insert(format!("assets/{name}"), bytes.clone());
    }

    let fingerprint = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        files.hash(&mut h);
        h.finish()
    };
    let mut templates = Vec::new();
    let mut asset_paths = BTreeMap::new();
    let mut assets = Vec::new();
    for (path, bytes) in &files {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(bytes.clone()).map_err(|_| Error::Theme {
                name: path.clone(),
                message: "the template is not UTF-8".to_owned(),
            })?;
            templates.push((name.to_owned(), text));
        } else if let Some(name) = path.strip_prefix("assets/") {
            let out = fingerprinted(name, bytes);
            asset_paths.insert(name.to_owned(), out.clone());
            assets.push((out, bytes.clone()));
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.add_raw_templates(templates)
        .map_err(|err| Error::Theme {
            name: name.unwrap_or("default").to_owned(),
            message: format!("{err:#}"),
        })?;
    Ok(Theme {
        tera,
        asset_paths,
        assets,
        fingerprint,
    })
}

/// The embedded files of one theme, by path inside it.
fn embedded(theme: &str) -> BTreeMap<String, Vec<u8>> {
    let prefix = format!("{theme}/");
    THEME_FILES
        .iter()
        .filter_map(|(path, bytes)| Some((path.strip_prefix(&prefix)?.to_owned(), bytes.to_vec())))
        .collect()
}

/// `assets/style.css` → `assets/style.1a2b3c4d.css`: a new deploy never mixes with a cached
/// old asset. Fonts and the favicon keep their names (they are referenced from CSS and by
/// browsers by name).
fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let keep = name.ends_with(".svg") || name.ends_with(".woff2") || name.ends_with(".png");
    match name.rsplit_once('.') {
        Some((stem, ext)) if !keep => format!("assets/{stem}.{:08x}.{ext}", hash(bytes) as u32),
        _ => format!("assets/{name}"),
    }
}

/// FNV-1a: a stable content hash for file names (not for security).
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
