//! Rendering: the typed site in, the files of the handbook out (in memory; nothing is written).
//!
//! Input: [`Inputs`]: the [`Site`] (the listings read it; each page is rendered from its document
//! whole, which `Inputs::whole` gives when the site holds outlines), the [`Settings`], the theme
//! loaded once per build ([`load_theme`]) and the build's highlighter. Output: every page, asset,
//! sitemap and marker as an [`OutputFile`] put into a [`Sink`], and the practice page's data
//! ([`practice`]). Pages are rendered in parallel, each from a typed view ([`views`]) that borrows
//! the model, so templates see the same field names everywhere; a document's practice cards come
//! from the same view in the same pass. Links between pages are relative (the site works under any
//! sub-path and from disk); only canonical links, the sitemap and `404.html` use the absolute base
//! URL. What rendering has to say about a document (HTML ids dropped, input too large to treat in
//! linear time) or about the theme (links out of it) comes back as [`Located`] diagnostics.

mod autolink;
#[cfg(test)]
mod fuzz;
pub(crate) mod highlight;
pub(crate) mod markdown;
mod math;
mod palette;
mod practice;
mod prose_tags;
mod sanitize;
pub(crate) mod theme;
mod views;
pub(crate) use views::empty_fold;

use crate::diag::{Diagnostic, Located};
use crate::error::Error;
use crate::model::{Kind, Site};
use crate::output::{OutputFile, Sink};
use crate::settings::Settings;
use highlight::Highlighter;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use views::{DocumentView, PageView, SiteBrief, SiteView};

/// The pages one build leaves for the next in the same process (`serve`): each document's
/// files with a hash of everything they were rendered from. A page whose inputs did not change
/// is kept, not rendered again; a one-off `build` starts from an empty one and keeps nothing.
#[derive(Debug, Default)]
pub(crate) struct KeptPages {
    /// Whether to keep pages for the next build (a one-off build does not: holding them
    /// would keep the whole site in memory while it is written).
    keep: bool,
    documents: HashMap<String, Kept>,
}

impl KeptPages {
    /// Pages kept from each build for the next one.
    pub(crate) fn keeping() -> Self {
        KeptPages {
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

/// What every file of one build is rendered from.
#[derive(Clone, Copy)]
pub(crate) struct Inputs<'a> {
    /// The parsed site.
    pub(crate) site: &'a Site,
    /// The settings that change rendering (title, base URL, raw HTML, practice timer).
    pub(crate) settings: &'a Settings,
    /// The theme, loaded once for the build ([`load_theme`]).
    pub(crate) theme: &'a theme::Theme,
    /// The build's highlighter, with whatever the caller kept from the previous build.
    pub(crate) highlighter: &'a Highlighter,
    /// The search manifest's path, which every page names.
    pub(crate) search_index: &'a str,
    /// The files published beside the pages (content paths), which links may point at.
    pub(crate) files: &'a HashSet<String>,
    /// Each document whole, for its page (the site may hold outlines).
    pub(crate) whole: crate::model::Whole<'a>,
}

/// Load the theme a build renders with: `name` over the default theme, the highlighting CSS
/// among its assets, templates compiled and asset names hashed.
pub(crate) fn load_theme(name: Option<&str>) -> Result<theme::Theme, Error> {
    theme::load(name, &highlight_assets())
}

/// The assets prepbook makes for every theme.
fn highlight_assets() -> [(&'static str, Vec<u8>); 1] {
    [("highlight.css", highlight::css().as_bytes().to_vec())]
}

/// `kept`, if the theme named `name` still has the same files; else the theme loaded again.
/// Reading a theme's files is cheap, compiling its templates is not: `serve` calls this on
/// every save and compiles only when the theme changed.
pub(crate) fn reload_theme(
    name: Option<&str>,
    kept: Option<&Arc<theme::Theme>>,
) -> Result<Arc<theme::Theme>, Error> {
    let files = theme::read(name, &highlight_assets())?;
    match kept {
        Some(theme) if theme.is_made_from(&files) => Ok(theme.clone()),
        _ => Ok(Arc::new(theme::compile(name, files)?)),
    }
}

/// Render the site into `sink`: the documents' pages and practice cards, the listings (home,
/// tags, 404, practice) and the assets, keeping from `kept` the pages whose inputs did not
/// change. Returns how many HTML pages it made and what it had to say.
pub(crate) fn render(
    inputs: &Inputs<'_>,
    progress: Progress<'_>,
    kept: &mut KeptPages,
    sink: &dyn Sink,
) -> Result<Rendered, Error> {
    let site_view = SiteView::new(
        inputs.site,
        inputs.settings,
        &inputs.theme.asset_paths,
        inputs.search_index,
    );
    let total = inputs.site.documents.len() + site_view.tags.len() + 3;
    let done = AtomicUsize::new(0);
    let tick = || progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);

    let (card_paths, mut problems) = documents(inputs, &site_view, &tick, kept, sink)?;
    // The HTML pages, for the sitemap.
    let mut html: Vec<String> = inputs
        .site
        .documents
        .iter()
        .map(|d| page_name(&d.slug))
        .collect();
    let mut put = |file: OutputFile| -> Result<(), Error> {
        if file.path.ends_with(".html") {
            html.push(file.path.clone());
        }
        sink.put(file)
    };
    listings(inputs, &site_view, &card_paths, &tick, &mut put)?;
    assets(inputs.theme, &mut put)?;
    let pages = html.len();
    if let Some(base) = &inputs.settings.base_url {
        sink.put(OutputFile::new("sitemap.xml", sitemap(base, &html)))?;
    }
    problems.splice(0..0, inputs.theme.problems.iter().cloned());
    Ok(Rendered { pages, problems })
}

/// Every document's page and practice cards, in parallel, each put into `sink` as soon as it
/// is made; a page whose inputs did not change since the build `kept` holds is taken from it.
/// Returns each document's card script path and what rendering had to say, in site order.
fn documents(
    inputs: &Inputs<'_>,
    site_view: &SiteView<'_>,
    tick: &(dyn Fn() + Sync),
    kept: &mut KeptPages,
    sink: &dyn Sink,
) -> Result<(Vec<Option<String>>, Vec<Located>), Error> {
    let Inputs {
        site,
        settings,
        theme,
        highlighter,
        files,
        whole,
        ..
    } = *inputs;
    let pages: HashMap<String, String> = site
        .documents
        .iter()
        .map(|d| (d.source.clone(), page_name(&d.slug)))
        .collect();
    let brief = SiteBrief::new(site_view, theme.pages_list_documents);
    let site_key = site_key(&brief, &pages, files, settings, theme);
    let keys: Vec<u64> = (0..site.documents.len())
        .map(|i| page_key(site_key, site, i))
        .collect();
    // Each document's page and its practice cards come from one view, built once; each goes to
    // the sink as soon as it is made.
    let keep = kept.keep;
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
            if let Some((kept, files)) = kept.documents.get(&doc.source) {
                if *kept == key {
                    tick();
                    let notes = files.2.clone();
                    return Ok((emit(files)?, notes, Some((key, files.clone()))));
                }
            }
            let whole = whole(i)?;
            let (view, notes) = DocumentView::new(
                site,
                i,
                &whole,
                settings,
                &pages,
                &theme.ids,
                highlighter,
                files,
            );
            let path = page_name(&doc.slug);
            let template = if doc.kind == Kind::Transcript {
                "transcript.html"
            } else {
                "document.html"
            };
            let page = PageView::new(&doc.title, &path, settings);
            let html = render_page(theme, template, &path, &brief, &page, &view)?;
            let cards = practice::cards(&view);
            tick();
            let files = (OutputFile::new(path, html), cards, notes);
            let card_path = emit(&files)?;
            let notes = files.2.clone();
            Ok((card_path, notes, keep.then_some((key, files))))
        })
        .collect::<Result<_, Error>>()?;
    let mut problems = Vec::new();
    let mut card_paths = Vec::with_capacity(rendered.len());
    let mut kept_files = Vec::with_capacity(rendered.len());
    for (doc, (card_path, notes, files)) in site.documents.iter().zip(rendered) {
        problems.extend(notes.into_iter().map(|diagnostic| Located {
            source: doc.source.clone(),
            diagnostic,
        }));
        card_paths.push(card_path);
        kept_files.push(files);
    }
    kept.documents = site
        .documents
        .iter()
        .map(|d| d.source.clone())
        .zip(kept_files)
        .filter_map(|(source, kept)| Some((source, kept?)))
        .collect();
    Ok((card_paths, problems))
}

/// What rendering has to say about every document (links to missing files, formulas that do
/// not parse, markup the sanitiser removed, ids dropped), without making any page: for
/// `check`, which reports what a build would. In site order.
pub(crate) fn notes(
    site: &Site,
    settings: &Settings,
    files: &HashSet<String>,
) -> Result<Vec<Located>, Error> {
    // Most documents can note nothing; the theme is loaded only when one can.
    let noting: Vec<usize> = (0..site.documents.len())
        .into_par_iter()
        .filter(|&i| may_note(&site.documents[i]))
        .collect();
    if noting.is_empty() {
        return Ok(Vec::new());
    }
    let theme = load_theme(settings.theme.as_deref())?;
    let pages: HashMap<String, String> = site
        .documents
        .iter()
        .map(|d| (d.source.clone(), page_name(&d.slug)))
        .collect();
    // The notes of rendering do not depend on the colours.
    let highlighter = Highlighter::deciding();
    let notes: Vec<Vec<Located>> = noting
        .into_par_iter()
        .map(|i| {
            let doc = &site.documents[i];
            let (_, notes) = DocumentView::new(
                site,
                i,
                doc,
                settings,
                &pages,
                &theme.ids,
                &highlighter,
                files,
            );
            notes
                .into_iter()
                .map(|diagnostic| Located {
                    source: site.documents[i].source.clone(),
                    diagnostic,
                })
                .collect()
        })
        .collect();
    Ok(notes.into_iter().flatten().collect())
}

/// Whether rendering `doc` can note anything, from its markdown: markup (`<`), math (`$`, a
/// `math` fence), links and images (`](`, `]:`), or code past what highlighting takes. Most
/// documents have none of these outside their code, and `check` then skips rendering them.
fn may_note(doc: &crate::model::Document) -> bool {
    let mut texts: Vec<&str> = vec![&doc.intro, &doc.outro];
    texts.extend(doc.title_markup.as_deref());
    for section in &doc.sections {
        texts.push(&section.intro);
        texts.extend(section.title_markup.as_deref());
        for q in section.all_questions() {
            texts.extend([q.text.as_str(), &q.prompt, &q.answer]);
            texts.extend(q.choices.iter().map(String::as_str));
            texts.extend(q.segments.iter().map(|s| s.markdown.as_str()));
        }
    }
    if let Some(t) = &doc.transcript {
        texts.extend(t.turns.iter().map(|turn| turn.text.as_str()));
        if let Some(notes) = &t.notes {
            for entry in &notes.entries {
                texts.extend(entry.value.as_deref());
                texts.extend(entry.items.iter().map(String::as_str));
            }
        }
    }
    texts.into_iter().any(markdown_may_note)
}

/// [`may_note`] for one piece of markdown: fenced code is skipped, except a `math` fence or
/// code too long to highlight.
fn markdown_may_note(text: &str) -> bool {
    if text.len() > highlight::MAX_BLOCK {
        return true;
    }
    let mut fenced = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            if !fenced && t.to_ascii_lowercase().contains("math") {
                return true;
            }
            fenced = !fenced;
            continue;
        }
        if fenced {
            if line.len() > highlight::MAX_LINE {
                return true;
            }
        } else if line.contains(['<', '$']) || line.contains("](") || line.contains("]:") {
            return true;
        }
    }
    false
}

/// The pages that list the site: home, one per tag, 404 and practice, with the practice deck
/// (`card_paths[i]` is the card script of document `i`, if it has one).
fn listings(
    inputs: &Inputs<'_>,
    site_view: &SiteView<'_>,
    card_paths: &[Option<String>],
    tick: &dyn Fn(),
    put: &mut dyn FnMut(OutputFile) -> Result<(), Error>,
) -> Result<(), Error> {
    let (theme, settings) = (inputs.theme, inputs.settings);
    // The deck script comes first, then its key shards.
    let deck = practice::deck(inputs.site, card_paths);
    let home = PageView::new(site_view.common.title, "index.html", settings);
    put(html_file(
        theme,
        "index.html",
        "index.html",
        site_view,
        &home,
    )?)?;
    tick();
    for tag in &site_view.tags {
        let page = PageView::new(&format!("Tagged “{}”", tag.name), &tag.url, settings);
        let mut context = context(site_view, &page);
        context.insert("tag", tag);
        put(OutputFile::new(
            tag.url.clone(),
            render_with(theme, "tag.html", &tag.url, &context)?,
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
        theme, "404.html", "404.html", site_view, &not_found,
    )?)?;
    tick();
    let practice_path = "practice/index.html";
    let page = PageView::new("Practice", practice_path, settings);
    let mut context = context(site_view, &page);
    context.insert(
        "practice",
        &practice::PracticeView {
            deck: deck[0].path.clone(),
            timer: settings.practice_timer,
            questions: site_view.questions,
        },
    );
    put(OutputFile::new(
        practice_path,
        render_with(theme, "practice.html", practice_path, &context)?,
    ))?;
    tick();
    deck.into_iter().try_for_each(put)
}

/// The theme's assets, and the marker that keeps GitHub Pages from running Jekyll.
fn assets(
    theme: &theme::Theme,
    put: &mut dyn FnMut(OutputFile) -> Result<(), Error>,
) -> Result<(), Error> {
    put(OutputFile::new(".nojekyll", Vec::new()))?;
    for (path, bytes) in &theme.assets {
        put(OutputFile::new(path.clone(), bytes.clone()))?;
    }
    Ok(())
}

/// The page of a document.
pub(crate) fn page_name(slug: &str) -> String {
    format!("{slug}.html")
}

/// A hash of what every page is rendered from besides its own document: what the templates
/// see of the site, where every document's page is (links are rewritten to them), which files
/// are published beside them, the settings
/// that change rendering, and the theme.
fn site_key(
    site: &SiteBrief<'_>,
    pages: &HashMap<String, String>,
    files: &HashSet<String>,
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
    // A link to a file is rewritten, or reported, by whether the file is there.
    let mut files: Vec<&String> = files.iter().collect();
    files.sort();
    files.hash(&mut h);
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
    use super::{highlight, markdown_may_note, reload_theme, url_path};

    #[test]
    fn only_markdown_that_rendering_can_note_is_rendered_by_check() {
        assert!(!markdown_may_note(
            "Plain prose.\n\n```rust\nfn f<T>() -> u8 { 1 }\n```\n"
        ));
        assert!(markdown_may_note("A `Vec<T>` in prose.\n"));
        assert!(markdown_may_note("See [the diagram](img/arch.png).\n"));
        assert!(markdown_may_note("It costs $x^2$.\n"));
        assert!(markdown_may_note("```math\nx^2\n```\n"));
        let long = format!("```\n{}\n```\n", "a".repeat(highlight::MAX_LINE + 1));
        assert!(markdown_may_note(&long));
    }
    use std::sync::Arc;

    #[test]
    fn a_theme_is_compiled_again_only_when_its_files_change() {
        let dir = tempfile::tempdir().unwrap();
        let name = dir.path().to_str().unwrap();
        let first = reload_theme(Some(name), None).unwrap();
        let again = reload_theme(Some(name), Some(&first)).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        std::fs::create_dir(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("assets/extra.css"), "p {}\n").unwrap();
        let changed = reload_theme(Some(name), Some(&again)).unwrap();
        assert!(!Arc::ptr_eq(&again, &changed));
        assert!(changed.asset_paths.contains_key("extra.css"));
        // Another theme by name is another theme.
        let paper = reload_theme(Some("paper"), Some(&changed)).unwrap();
        assert!(!Arc::ptr_eq(&changed, &paper));
    }

    #[test]
    fn url_paths() {
        assert_eq!(url_path("https://me.github.io/prep/"), "/prep/");
        assert_eq!(url_path("https://example.com"), "/");
    }
}
