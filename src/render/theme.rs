//! Themes: the embedded default theme, a user theme laid over it, and the Tera instance.
//!
//! Input: a theme name (`default`, `paper`) or a folder. Output: [`Theme`], the templates loaded
//! into Tera and the static assets with content-hashed names. A theme overrides any file of the
//! default by giving one with the same path, and falls back to the default for the rest, so a
//! user can restyle the site by shipping one `assets/style.css`.
//!
//! A theme folder is committed by whoever shares the handbook, so it is read as untrusted: a
//! file or folder behind a link is read only when its real path is inside the theme folder
//! (a link out is skipped and named, never read), and templates get no environment, no files
//! and no network (tera's `get_env` is refused when the theme loads).

use crate::diag::{Code, Diagnostic, Located};
use crate::error::Error;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

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
    /// The literal `id`s the templates give elements (`search`, `main`, ...): a document's
    /// HTML may not take them.
    pub(crate) ids: HashSet<String>,
    /// Files of the theme folder that were skipped (links out of it, special files).
    pub(crate) problems: Vec<Located>,
    /// Whether a document page's templates may read the list of every document
    /// (`site.documents`). Most themes do not, and handing a list of every document to every
    /// page made a build's time grow with the square of the number of documents.
    pub(crate) pages_list_documents: bool,
}

/// A theme's files as read, before anything is compiled.
#[derive(Debug)]
pub(crate) struct ThemeFiles {
    /// Path inside the theme (`templates/page.html`, `assets/style.css`) to bytes, the
    /// default theme's files under the named theme's.
    files: BTreeMap<String, Vec<u8>>,
    /// A hash of every file.
    fingerprint: u64,
    /// Files of the theme folder that were skipped (links out of it, special files).
    problems: Vec<Located>,
}

/// Load a theme: `None` or `default`, another built-in name, or a folder, with `generated`
/// assets (`highlight.css`) added.
pub(crate) fn load(name: Option<&str>, generated: &[(&str, Vec<u8>)]) -> Result<Theme, Error> {
    compile(name, read(name, generated)?)
}

/// Read a theme's files: the default theme's, overlaid with the named theme's, and the
/// `generated` assets.
pub(crate) fn read(name: Option<&str>, generated: &[(&str, Vec<u8>)]) -> Result<ThemeFiles, Error> {
    let mut files: BTreeMap<String, Vec<u8>> = embedded("default");
    let mut problems = Vec::new();
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
            files.extend(read_folder(dir, &mut problems)?);
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
    Ok(ThemeFiles {
        files,
        fingerprint,
        problems,
    })
}

impl Theme {
    /// Whether this theme was compiled from exactly `files` (and skipped the same ones).
    pub(crate) fn is_made_from(&self, files: &ThemeFiles) -> bool {
        self.fingerprint == files.fingerprint && self.problems == files.problems
    }
}

/// Compile a theme's templates and hash its asset names; `name` names it in errors.
pub(crate) fn compile(name: Option<&str>, theme: ThemeFiles) -> Result<Theme, Error> {
    let ThemeFiles {
        files,
        fingerprint,
        problems,
    } = theme;
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
            let out = crate::output::hashed_asset_name(name, bytes);
            asset_paths.insert(name.to_owned(), out.clone());
            assets.push((out, bytes.clone()));
        }
    }
    for (name, text) in &templates {
        refuse_environment(name, text)?;
    }
    let ids = templates
        .iter()
        .flat_map(|(_, text)| literal_ids(text))
        .collect();
    let pages_list_documents = pages_list_documents(&templates);
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Refused at load already; this keeps a call tera might reach some other way from ever
    // reading the environment.
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, tera::Value>| Err(tera::Error::msg(NO_ENVIRONMENT)),
    );
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
        ids,
        problems,
        pages_list_documents,
    })
}

/// The templates that only the listing pages render, with the whole site: a document page
/// reaches one of them only if some template it renders names it.
const LISTING_TEMPLATES: [&str; 4] = ["index.html", "tag.html", "404.html", "practice.html"];

/// Whether the templates a document page may render read `site.documents`: any template but
/// the listings (and a listing that one of those names as a string, as in an `include`) whose code uses
/// `site` other than through one of its other fields. Erring towards yes costs only time.
fn pages_list_documents(templates: &[(String, String)]) -> bool {
    let mut reached: Vec<&(String, String)> = templates
        .iter()
        .filter(|(name, _)| !LISTING_TEMPLATES.contains(&name.as_str()))
        .collect();
    // A listing named from a reached template is reached too, and may name another.
    loop {
        let named: Vec<&(String, String)> = templates
            .iter()
            .filter(|t| !reached.contains(t))
            .filter(|(name, _)| {
                let quoted = ['"', '\'', '`'].map(|q| format!("{q}{name}{q}"));
                reached.iter().any(|(_, text)| {
                    tera_code(text).any(|code| quoted.iter().any(|q| code.contains(q.as_str())))
                })
            })
            .collect();
        if named.is_empty() {
            break;
        }
        reached.extend(named);
    }
    reached
        .iter()
        .any(|(_, text)| tera_code(text).any(reads_site_documents))
}

/// The fields of `site` every page gets; any other use of `site` (its document list, the
/// whole value passed on or indexed by a variable) may read the list of every document.
const PAGE_SITE_FIELDS: [&str; 10] = [
    "title",
    "nav",
    "nav_total",
    "description",
    "base_url",
    "version",
    "assets",
    "search_index",
    "site_key",
    "tags",
];

/// Whether template code may read `site.documents` (or the whole context).
fn reads_site_documents(code: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    code.contains("__tera_context")
        || code.match_indices("site").any(|(at, name)| {
            if code[..at].chars().next_back().is_some_and(word) {
                return false;
            }
            let after = &code[at + name.len()..];
            if after.starts_with(word) {
                return false;
            }
            let field = after.strip_prefix('.').map(|rest| {
                let end = rest.find(|c: char| !word(c)).unwrap_or(rest.len());
                &rest[..end]
            });
            !field.is_some_and(|field| PAGE_SITE_FIELDS.contains(&field))
        })
}

/// Every regular file of a theme folder, by path inside it. A link is followed only when its
/// real path is inside the folder; a link out of it (or to a device, a pipe, a socket) is
/// skipped with an `outside-link` warning, so a theme cannot publish `~/.ssh/id_rsa` as an
/// asset or hang the build on a FIFO.
fn read_folder(
    dir: &Path,
    problems: &mut Vec<Located>,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let root = dir.canonicalize().map_err(io(dir))?;
    let mut skip = |path: &Path, why: &str| {
        let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        problems.push(Located {
            source: shown.display().to_string(),
            diagnostic: Diagnostic::warning(
                Code::OutsideLink,
                1,
                format!("this theme file {why}; it was skipped, never read. Copy what it should hold into the theme folder."),
            ),
        });
    };
    let mut files = BTreeMap::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if !entry.path_is_symlink() {
                return true;
            }
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|real| crate::load::stays_inside(&root, &real));
            if !inside {
                skip(
                    entry.path(),
                    "is a link that leads outside the theme folder",
                );
            }
            inside
        });
    // A link loop inside the folder ends that branch of the walk; the rest is read.
    let entries: Vec<walkdir::DirEntry> = walk.filter_map(Result::ok).collect();
    for entry in entries {
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            skip(entry.path(), "is not a regular file");
            continue;
        }
        let rel = crate::load::relative_source(dir, entry.path());
        files.insert(rel, std::fs::read(entry.path()).map_err(io(entry.path()))?);
    }
    Ok(files)
}

/// What a template that asks for the environment is told.
const NO_ENVIRONMENT: &str = "templates get no environment variables (nor files or network), \
    so `get_env` is not available; remove the call, and put the value in the template or in \
    prepbook.yaml (title, description) instead";

/// Fail when a template calls `get_env`: the theme comes with the notes, and the environment of
/// whoever builds them (CI tokens, keys) must not end up on every page. Only tags and
/// expressions are looked at, so a page's own script may still say `get_env(`.
fn refuse_environment(name: &str, text: &str) -> Result<(), Error> {
    let calls = tera_code(text).any(|code| {
        code.match_indices("get_env").any(|(at, word)| {
            let before = code[..at].chars().next_back();
            let after = code[at + word.len()..].trim_start();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with('(')
        })
    });
    if calls {
        return Err(Error::Theme {
            name: format!("templates/{name}"),
            message: format!("calls get_env: {NO_ENVIRONMENT}"),
        });
    }
    Ok(())
}

/// The insides of a template's `{{ ... }}` and `{% ... %}`.
fn tera_code(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let open = rest.find('{')?;
        let close = match rest[open + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                rest = &rest[open + 1..];
                continue;
            }
        };
        let inner = &rest[open + 2..];
        let end = inner.find(close).unwrap_or(inner.len());
        rest = inner.get(end + 2..).unwrap_or("");
        return Some(&inner[..end]);
    })
}

/// The ids the built-in theme's templates use (see [`Theme::ids`]), without compiling it:
/// `check` and search number headings as the page does without loading a theme.
pub(crate) fn builtin_ids() -> &'static HashSet<String> {
    static IDS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        THEME_FILES
            .iter()
            .filter(|(path, _)| path.starts_with("default/templates/"))
            .filter_map(|(_, bytes)| std::str::from_utf8(bytes).ok())
            .flat_map(|text| literal_ids(text).collect::<Vec<_>>())
            .collect()
    })
}

/// The `id="..."` values of a template that hold no template code.
fn literal_ids(text: &str) -> impl Iterator<Item = String> + '_ {
    text.match_indices(" id=\"").filter_map(move |(at, attr)| {
        let value = &text[at + attr.len()..];
        let value = &value[..value.find('"')?];
        (!value.is_empty() && !value.contains('{')).then(|| value.to_owned())
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

#[cfg(test)]
mod tests {
    use super::{load, pages_list_documents, reads_site_documents};

    #[test]
    fn code_that_reads_the_document_list() {
        for code in [
            " for d in site.documents ",
            " site.documents | length ",
            " set s = site ",
            " m::nav(site=site) ",
            " site[\"documents\"] ",
            " site | json_encode ",
            " __tera_context ",
        ] {
            assert!(reads_site_documents(code), "{code}");
        }
        for code in [
            " site.title ",
            " site.assets[\"style.css\"] ",
            " page.root ~ site.search_index ",
            " website.documents ",
            " for t in site.tags ",
            " site_key ",
        ] {
            assert!(!reads_site_documents(code), "{code}");
        }
    }

    #[test]
    fn a_listing_template_counts_only_when_a_page_reaches_it() {
        let t = |name: &str, text: &str| (name.to_owned(), text.to_owned());
        let listing = t(
            "index.html",
            "{% for d in site.documents %}{{ d.title }}{% endfor %}",
        );
        let page = t("document.html", "<h1>{{ site.title }}</h1>");
        assert!(!pages_list_documents(&[listing.clone(), page]));
        let including = t("document.html", "{% include \"index.html\" %}");
        assert!(pages_list_documents(&[listing, including]));
    }

    #[test]
    fn the_built_in_themes_do_not_list_documents_on_pages() {
        for name in super::BUILT_IN {
            assert!(
                !load(Some(name), &[]).unwrap().pages_list_documents,
                "{name}"
            );
        }
    }
}
