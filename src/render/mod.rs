//! Rendering: the typed site in, the files of the handbook out (in memory; nothing is written).
//!
//! Input: the [`Site`], the [`Settings`] and a loaded [`theme::Theme`]. Output: [`Output`], every
//! page, asset, sitemap and marker as (path, bytes), and the practice page's data ([`practice`]).
//! Pages are rendered in parallel, each from a typed view ([`views`]) that borrows the model, so
//! templates see the same field names everywhere; a document's practice cards come from the same
//! view in the same pass. Links between pages are relative (the site works under any sub-path and from
//! disk); only canonical links, the sitemap and `404.html` use the absolute base URL.

pub(crate) mod anchors;
pub(crate) mod highlight;
pub(crate) mod markdown;
mod practice;
pub(crate) mod theme;
mod views;

use crate::error::Error;
use crate::model::{Kind, Site};
use crate::settings::Settings;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use views::{DocumentView, PageView, SiteBrief, SiteView};

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
}

/// What one build leaves for the next in the same process (`serve`): each document's files
/// with a hash of everything they were rendered from. A page whose inputs did not change is
/// kept, not rendered again; a one-off `build` starts from an empty memo.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    documents: HashMap<String, (u64, DocumentFiles)>,
}

/// What one document renders to: its page, and its practice cards when it has questions.
type DocumentFiles = (OutputFile, Option<OutputFile>);

/// The whole built site, in memory.
#[derive(Debug, Default)]
pub(crate) struct Output {
    /// Every file.
    pub(crate) files: Vec<OutputFile>,
    /// How many HTML pages.
    pub(crate) pages: usize,
}

/// Called as pages finish: (done, total).
pub(crate) type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Render the site, keeping from `memo` the pages whose inputs did not change.
pub(crate) fn render(
    site: &Site,
    settings: &Settings,
    search_index: &str,
    progress: Progress<'_>,
    memo: &mut Memo,
) -> Result<Output, Error> {
    highlight::next_build();
    let highlight_css = highlight::css();
    let theme = theme::load(
        settings.theme.as_deref(),
        &[("highlight.css", highlight_css.into_bytes())],
    )?;
    let pages: HashMap<String, String> = site
        .documents
        .iter()
        .map(|d| (d.source.clone(), page_name(&d.slug)))
        .collect();
    let site_view = SiteView::new(site, settings, &theme.asset_paths, search_index);
    let total = site.documents.len() + site_view.tags.len() + 3;
    let done = AtomicUsize::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);

    let brief = SiteBrief::new(&site_view);
    let site_key = site_key(&brief, &pages, settings, &theme);
    let keys: Vec<u64> = (0..site.documents.len())
        .map(|i| page_key(site_key, site, i))
        .collect();
    // Each document's page and its practice cards come from one view, built once.
    let rendered: Vec<(u64, DocumentFiles)> = site
        .documents
        .par_iter()
        .zip(&keys)
        .enumerate()
        .map(|(i, (doc, &key))| {
            if let Some((kept, file)) = memo.documents.get(&doc.source) {
                if *kept == key {
                    tick();
                    return Ok((key, file.clone()));
                }
            }
            let view = DocumentView::new(site, i, settings, &pages);
            let path = page_name(&doc.slug);
            let template = if doc.kind == Kind::Transcript {
                "transcript.html"
            } else {
                "document.html"
            };
            let page = PageView::new(&doc.title, &path, settings);
            let html = render_page(&theme, template, &path, &brief, &page, &view)?;
            let cards = practice::cards(&view);
            tick();
            Ok((key, (OutputFile::new(path, html), cards)))
        })
        .collect::<Result<_, Error>>()?;
    let (mut files, cards): (Vec<OutputFile>, Vec<Option<OutputFile>>) =
        rendered.iter().map(|(_, files)| files.clone()).unzip();
    memo.documents = site
        .documents
        .iter()
        .map(|d| d.source.clone())
        .zip(rendered)
        .collect();
    let card_paths: Vec<Option<String>> = cards
        .iter()
        .map(|c| c.as_ref().map(|f| f.path.clone()))
        .collect();
    let deck = practice::deck(site, &card_paths);

    let home = PageView::new(site_view.title, "index.html", settings);
    files.push(html_file(
        &theme,
        "index.html",
        "index.html",
        &site_view,
        &home,
    )?);
    tick();
    for tag in &site_view.tags {
        let page = PageView::new(&format!("Tagged “{}”", tag.name), &tag.url, settings);
        let mut context = context(&site_view, &page);
        context.insert("tag", tag);
        files.push(OutputFile::new(
            tag.url.clone(),
            render_with(&theme, "tag.html", &tag.url, &context)?,
        ));
        tick();
    }
    // 404.html is served by GitHub Pages at any depth, so its links must be absolute.
    let mut not_found = PageView::new("Page not found", "404.html", settings);
    not_found.root = settings
        .base_url
        .as_ref()
        .map_or("/".to_owned(), |u| url_path(u));
    files.push(html_file(
        &theme, "404.html", "404.html", &site_view, &not_found,
    )?);
    tick();
    let practice_path = "practice/index.html";
    let page = PageView::new("Practice", practice_path, settings);
    let mut context = context(&site_view, &page);
    context.insert(
        "practice",
        &practice::PracticeView {
            deck: deck.path.clone(),
            timer: settings.practice_timer,
            questions: practice::count(site),
        },
    );
    files.push(OutputFile::new(
        practice_path,
        render_with(&theme, "practice.html", practice_path, &context)?,
    ));
    tick();
    let pages_count = files.len();
    files.extend(cards.into_iter().flatten());
    files.push(deck);

    if let Some(base) = &settings.base_url {
        let xml = sitemap(base, &files);
        files.push(OutputFile::new("sitemap.xml", xml));
    }
    files.push(OutputFile::new(".nojekyll", Vec::new()));
    files.extend(
        theme
            .assets
            .iter()
            .map(|(path, bytes)| OutputFile::new(path.clone(), bytes.clone())),
    );
    Ok(Output {
        files,
        pages: pages_count,
    })
}

/// The page of a document.
pub(crate) fn page_name(slug: &str) -> String {
    format!("{slug}.html")
}

/// A hash of what every page is rendered from besides its own document: what the templates
/// see of the site, where every document's page is (links are rewritten to them), the settings
/// that change rendering, and the theme.
fn site_key(
    site: &SiteBrief<'_>,
    pages: &HashMap<String, String>,
    settings: &Settings,
    theme: &theme::Theme,
) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    // Serialising the view covers whatever a theme may show of it, at the cost of one small
    // JSON text per build.
    serde_json::to_vec(site).unwrap_or_default().hash(&mut h);
    let mut links: Vec<(&String, &String)> = pages.iter().collect();
    links.sort();
    links.hash(&mut h);
    (settings.raw_html, &settings.base_url, theme.fingerprint).hash(&mut h);
    h.finish()
}

/// A hash of what the page of document `i` is rendered from: the site, the document itself,
/// and the neighbours it links to.
fn page_key(site_key: u64, site: &Site, i: usize) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    let neighbour = |j: Option<usize>| {
        j.and_then(|j| site.documents.get(j))
            .map(|d| (&d.title, &d.slug))
    };
    (site_key, site.documents[i].fingerprint).hash(&mut h);
    (neighbour(i.checked_sub(1)), neighbour(Some(i + 1))).hash(&mut h);
    h.finish()
}

fn context(site: &SiteView<'_>, page: &PageView) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("site", site);
    context.insert("page", page);
    context
}

fn html_file(
    theme: &theme::Theme,
    template: &str,
    path: &str,
    site: &SiteView<'_>,
    page: &PageView,
) -> Result<OutputFile, Error> {
    Ok(OutputFile::new(
        path,
        render_with(theme, template, path, &context(site, page))?,
    ))
}

fn render_page(
    theme: &theme::Theme,
    template: &str,
    path: &str,
    site: &SiteBrief<'_>,
    page: &PageView,
    doc: &DocumentView,
) -> Result<String, Error> {
    let mut context = tera::Context::new();
    context.insert("site", site);
    context.insert("page", page);
    context.insert("doc", doc);
    render_with(theme, template, path, &context)
}

fn render_with(
    theme: &theme::Theme,
    template: &str,
    path: &str,
    context: &tera::Context,
) -> Result<String, Error> {
    theme.tera.render(template, context).map_err(|err| {
        let mut message = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        Error::Render {
            page: path.to_owned(),
            template: template.to_owned(),
            message,
        }
    })
}

/// The path part of an absolute URL, with a trailing slash: `https://a.io/prep/` → `/prep/`.
pub(crate) fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

/// `sitemap.xml` with absolute URLs of every HTML page but the 404.
fn sitemap(base: &str, files: &[OutputFile]) -> String {
    let mut urls: BTreeMap<&str, ()> = BTreeMap::new();
    for f in files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
    {
        urls.insert(&f.path, ());
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in urls.keys() {
        let loc = if *path == "index.html" {
            base.to_owned()
        } else {
            format!("{base}{path}")
        };
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            markdown::escape(&loc)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::url_path;

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://me.github.io/prep/"), "/prep/");
        assert_eq!(url_path("https://example.com"), "/");
    }
}
