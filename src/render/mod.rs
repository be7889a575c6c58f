//! Rendering: the typed site in, the files of the handbook out (in memory; nothing is written).
//!
//! Input: the [`Site`], the [`Settings`] and a loaded [`theme::Theme`]. Output: [`Output`], every
//! page, asset, sitemap and marker as (path, bytes), and the practice page's data ([`practice`]).
//! Pages are rendered in parallel, each from a typed view ([`views`]) that borrows the model, so
//! templates see the same field names everywhere; a document's practice cards come from the same
//! view in the same pass. Links between pages are relative (the site works under any sub-path and from
//! disk); only canonical links, the sitemap and `404.html` use the absolute base URL.

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
use std::sync::atomic::{AtomicUsize, Ordering};
use views::{DocumentView, PageView, SiteView};

/// One file of the built site.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    /// Path inside the output folder, `/`-separated.
    pub(crate) path: String,
    /// Its content.
    pub(crate) bytes: Vec<u8>,
}

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

/// Render the site.
pub(crate) fn render(
    site: &Site,
    settings: &Settings,
    search_index: &str,
    progress: Progress<'_>,
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

    // Each document's page and its practice cards come from one view, built once.
    let rendered: Vec<(OutputFile, Option<OutputFile>)> = site
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, doc)| {
            let view = DocumentView::new(site, i, settings, &pages);
            let path = page_name(&doc.slug);
            let template = if doc.kind == Kind::Transcript {
                "transcript.html"
            } else {
                "document.html"
            };
            let page = PageView::new(&doc.title, &path, settings);
            let html = render_page(&theme, template, &path, &site_view, &page, &view)?;
            let cards = practice::cards(&view);
            tick();
            Ok((
                OutputFile {
                    path,
                    bytes: html.into_bytes(),
                },
                cards,
            ))
        })
        .collect::<Result<_, Error>>()?;
    let (mut files, cards): (Vec<OutputFile>, Vec<Option<OutputFile>>) =
        rendered.into_iter().unzip();
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
        files.push(OutputFile {
            path: tag.url.clone(),
            bytes: render_with(&theme, "tag.html", &tag.url, &context)?.into_bytes(),
        });
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
    files.push(OutputFile {
        path: practice_path.to_owned(),
        bytes: render_with(&theme, "practice.html", practice_path, &context)?.into_bytes(),
    });
    tick();
    let pages_count = files.len();
    files.extend(cards.into_iter().flatten());
    files.push(deck);

    if let Some(base) = &settings.base_url {
        files.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(base, &files).into_bytes(),
        });
    }
    files.push(OutputFile {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    });
    files.extend(theme.assets.iter().map(|(path, bytes)| OutputFile {
        path: path.clone(),
        bytes: bytes.clone(),
    }));
    Ok(Output {
        files,
        pages: pages_count,
    })
}

/// The page of a document.
pub(crate) fn page_name(slug: &str) -> String {
    format!("{slug}.html")
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
    Ok(OutputFile {
        path: path.to_owned(),
        bytes: render_with(theme, template, path, &context(site, page))?.into_bytes(),
    })
}

fn render_page(
    theme: &theme::Theme,
    template: &str,
    path: &str,
    site: &SiteView<'_>,
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
