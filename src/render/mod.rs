//! Rendering: the typed site in, the files of the handbook out (in memory; nothing is written).
//!
//! Input: the [`Site`], the [`Settings`] and a loaded [`theme::Theme`]. Output: [`Output`], every
//! page, asset, sitemap and marker as (path, bytes), and the practice page's data ([`practice`]).
//! Pages are rendered in parallel, each from a typed view ([`views`]) that borrows the model, so
//! templates see the same field names everywhere; a document's practice cards come from the same
//! view in the same pass. Links between pages are relative (the site works under any sub-path and from
//! disk); only canonical links, the sitemap and `404.html` use the absolute base URL.
//! What rendering has to say about a document (HTML ids dropped, input too large to treat in
//! linear time) or about the theme (links out of it) comes back as [`Located`] diagnostics.

#[cfg(test)]
mod fuzz;
pub(crate) mod highlight;
pub(crate) mod markdown;
mod practice;
mod sanitize;
pub(crate) mod theme;
mod views;
pub(crate) use views::empty_fold;

use crate::diag::{Diagnostic, Located};
use crate::error::Error;
use crate::model::{Kind, Site};
use crate::output::{OutputFile, Sink};
use crate::settings::Settings;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use views::{DocumentView, PageView, SiteBrief, SiteView};

/// What one build leaves for the next in the same process (`serve`): each document's files
/// with a hash of everything they were rendered from. A page whose inputs did not change is
/// kept, not rendered again; a one-off `build` starts from an empty memo.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// Whether to keep pages for the next build (a one-off build does not: holding them
    /// would keep the whole site in memory while it is written).
    keep: bool,
    documents: HashMap<String, Kept>,
}

impl Memo {
    /// A memo that keeps what each build rendered, for the next one.
    pub(crate) fn keeping() -> Self {
        Memo {
            keep: true,
            documents: HashMap::new(),
        }
    }
}

/// What one document renders to: its page, its practice cards when it has questions, and
/// what rendering it had to say.
type DocumentFiles = (OutputFile, Option<OutputFile>, Vec<Diagnostic>);

/// A document's files with the hash of their inputs.
type Kept = (u64, DocumentFiles);

/// What a render made besides its files.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// How many HTML pages.
    pub(crate) pages: usize,
    /// What rendering had to say, theme first, then documents in site order.
    pub(crate) problems: Vec<Located>,
}

/// Called as pages finish: (done, total).
pub(crate) type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// Render the site into `sink`, keeping from `memo` the pages whose inputs did not change.
/// Returns how many HTML pages it made and what it had to say.
pub(crate) fn render(
    site: &Site,
    settings: &Settings,
    search_index: &str,
    progress: Progress<'_>,
    memo: &mut Memo,
    sink: &dyn Sink,
) -> Result<Rendered, Error> {
    highlight::next_build();
    let highlight_css = highlight::css();
    let theme = theme::load(
        settings.theme.as_deref(),
        &[("highlight.css", highlight_css.as_bytes().to_vec())],
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
    // Each document's page and its practice cards come from one view, built once; each goes to
    // the sink as soon as it is made.
    let keep = memo.keep;
    let emit = |(page, cards, _): &DocumentFiles| -> Result<Option<String>, Error> {
        sink.put(page.clone())?;
        let card_path = cards.as_ref().map(|c| c.path.clone());
        if let Some(cards) = cards {
            sink.put(cards.clone())?;
        }
        Ok(card_path)
    };
    let rendered: Vec<(Option<String>, Vec<Diagnostic>, Option<Kept>)> = site
        .documents
        .par_iter()
        .zip(&keys)
        .enumerate()
        .map(|(i, (doc, &key))| {
            if let Some((kept, files)) = memo.documents.get(&doc.source) {
                if *kept == key {
                    tick();
                    let notes = files.2.clone();
                    return Ok((emit(files)?, notes, Some((key, files.clone()))));
                }
            }
            let (view, notes) = DocumentView::new(site, i, settings, &pages, &theme.ids);
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
            let files = (OutputFile::new(path, html), cards, notes);
            let card_path = emit(&files)?;
            let notes = files.2.clone();
            Ok((card_path, notes, keep.then_some((key, files))))
        })
        .collect::<Result<_, Error>>()?;
    let mut problems = theme.problems.clone();
    let mut card_paths = Vec::with_capacity(rendered.len());
    let mut kept = Vec::with_capacity(rendered.len());
    for (doc, (card_path, notes, files)) in site.documents.iter().zip(rendered) {
        problems.extend(notes.into_iter().map(|diagnostic| Located {
            source: doc.source.clone(),
            diagnostic,
        }));
        card_paths.push(card_path);
        kept.push(files);
    }
    memo.documents = site
        .documents
        .iter()
        .map(|d| d.source.clone())
        .zip(kept)
        .filter_map(|(source, kept)| Some((source, kept?)))
        .collect();
    let deck = practice::deck(site, &card_paths);
    // The HTML pages, for the sitemap.
    let mut html: Vec<String> = site.documents.iter().map(|d| page_name(&d.slug)).collect();
    let mut put = |file: OutputFile| -> Result<(), Error> {
        if file.path.ends_with(".html") {
            html.push(file.path.clone());
        }
        sink.put(file)
    };

    let home = PageView::new(site_view.common.title, "index.html", settings);
    put(html_file(
        &theme,
        "index.html",
        "index.html",
        &site_view,
        &home,
    )?)?;
    tick();
    for tag in &site_view.tags {
        let page = PageView::new(&format!("Tagged “{}”", tag.name), &tag.url, settings);
        let mut context = context(&site_view, &page);
        context.insert("tag", tag);
        put(OutputFile::new(
            tag.url.clone(),
            render_with(&theme, "tag.html", &tag.url, &context)?,
        ))?;
        tick();
    }
    // 404.html is served by GitHub Pages at any depth, so its links must be absolute.
    let mut not_found = PageView::new("Page not found", "404.html", settings);
    not_found.root = settings
        .base_url
        .as_ref()
        .map_or("/".to_owned(), |u| url_path(u));
    put(html_file(
        &theme, "404.html", "404.html", &site_view, &not_found,
    )?)?;
    tick();
    let practice_path = "practice/index.html";
    let page = PageView::new("Practice", practice_path, settings);
    let mut context = context(&site_view, &page);
    context.insert(
        "practice",
        &practice::PracticeView {
            deck: deck.path.clone(),
            timer: settings.practice_timer,
            questions: site_view.questions,
        },
    );
    put(OutputFile::new(
        practice_path,
        render_with(&theme, "practice.html", practice_path, &context)?,
    ))?;
    tick();
    put(deck)?;
    put(OutputFile::new(".nojekyll", Vec::new()))?;
    for (path, bytes) in &theme.assets {
        put(OutputFile::new(path.clone(), bytes.clone()))?;
    }
    let pages = html.len();
    if let Some(base) = &settings.base_url {
        sink.put(OutputFile::new("sitemap.xml", sitemap(base, &html)))?;
    }
    Ok(Rendered { pages, problems })
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

fn context(site: &impl serde::Serialize, page: &PageView) -> tera::Context {
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
    let mut context = context(site, page);
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
fn sitemap(base: &str, pages: &[String]) -> String {
    let mut urls: BTreeMap<&str, ()> = BTreeMap::new();
    for path in pages.iter().filter(|p| *p != "404.html") {
        urls.insert(path, ());
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
