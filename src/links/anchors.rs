//! Anchors: the `id`s a document's page has, decided in one place.
//!
//! Input: a [`Document`]. Output: [`PageAnchors`], the id and alias of every section and the
//! alias of every question, which the page view renders, and [`targets`], every anchor a link
//! may point at, which `check` resolves links against. Question ids come from the model; a
//! section's id is `section-<slug of its title>`, unique on the page. An alias is the anchor
//! GitHub gives the same heading (tables of contents written for GitHub link to it): it is given
//! once per page and never shadows an id, so which element gets it depends on document order.

use super::github_anchor;
use crate::model::{Document, Kind, Question};
use crate::slug::{plain_title, slugify, UniqueNames};
use std::collections::{HashMap, HashSet};

/// The anchors of one section of a page.
#[derive(Debug, Clone)]
pub(crate) struct SectionAnchors {
    /// The section element's id (`section-core-concepts`).
    pub(crate) id: String,
    /// The GitHub-style anchor of its title, when no other element on the page has it.
    pub(crate) alias: Option<String>,
}

/// The anchors of a document's page, in document order.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageAnchors {
    /// The GitHub-style anchor of the document's title (its `<h1>`), claimed first, as GitHub
    /// claims the `#` heading first.
    pub(crate) title: Option<String>,
    /// One entry per section of the document.
    pub(crate) sections: Vec<SectionAnchors>,
    /// Question id to the question's GitHub-style alias, for questions that have one.
    aliases: HashMap<String, String>,
}

impl PageAnchors {
    /// The GitHub-style alias of the question with id `question_id`, if it has one.
    pub(crate) fn alias(&self, question_id: &str) -> Option<&str> {
        self.aliases.get(question_id).map(String::as_str)
    }
}

/// Decide the anchors of `doc`'s page. Walks sections, then each section's questions depth
/// first, the order the page shows them in, so the first heading with a text gets the alias.
pub(crate) fn page_anchors(doc: &Document) -> PageAnchors {
    let mut taken: HashSet<String> = doc.all_questions().map(|q| q.id.clone()).collect();
    let mut section_ids = UniqueNames::default();
    let mut anchors = PageAnchors {
        title: alias(&mut taken, &doc.title),
        ..PageAnchors::default()
    };
    for section in &doc.sections {
        let title = section.title.as_deref().unwrap_or("questions");
        let base = format!("section-{}", slugify(title, 50));
        // Never an id the page already has (the title's anchor can be `section-a`).
        let mut id = section_ids.claim(base.clone());
        while taken.contains(&id) {
            id = section_ids.claim(base.clone());
        }
        taken.insert(id.clone());
        let section_alias = section.title.as_deref().and_then(|t| alias(&mut taken, t));
        anchors.sections.push(SectionAnchors {
            id,
            alias: section_alias,
        });
        for q in &section.questions {
            question_aliases(q, &mut taken, &mut anchors.aliases);
        }
    }
    anchors
}

/// Ids the theme's scripts make or read by prefix (`search-result-3`, `practice-answer-…`,
/// `prepbook-error`) or reach as `window.prepbookSearch`, which an element with that id would
/// shadow: no heading or HTML of a document takes an id that starts with one of these.
pub(crate) const RESERVED_PREFIXES: [&str; 3] = ["search-", "practice-", "prepbook"];

/// The id a heading with `text` gets, as GitHub gives it: its anchor, then `-1`, `-2`, … for
/// the next headings with the same anchor; `None` for a heading whose anchor is empty or
/// would be read by the theme's scripts. `claim` takes an id for the heading if the page
/// has not used it yet, and says whether it did; `next` remembers, per anchor, the suffix to
/// try next, so a page of fifty "Sample answer" parts costs fifty tries, not 1,275.
pub(crate) fn claim_heading(
    claim: &mut dyn FnMut(&str) -> bool,
    next: &mut HashMap<String, usize>,
    text: &str,
) -> Option<String> {
    let base = github_anchor(text);
    if base.is_empty() || RESERVED_PREFIXES.iter().any(|p| base.starts_with(p)) {
        return None;
    }
    let n = next.entry(base.clone()).or_insert(0);
    if *n == 0 {
        *n = 1;
        if claim(&base) {
            return Some(base);
        }
    }
    // Bounded: an id is found within as many tries as the page has ids.
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if claim(&candidate) {
            return Some(candidate);
        }
    }
}

/// The text of each heading in `markdown`, in order (code spans and math as written).
pub(crate) fn heading_texts(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    // Most answers have no heading: only a line that starts like one (`#`, or a setext
    // underline) is worth a parse.
    let may_have = markdown.lines().any(|line| {
        let t = line.trim_start();
        t.starts_with('#') || t.starts_with('-') || t.starts_with('=')
    });
    if !may_have {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, crate::cmark::options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The aliases of a question and its follow-ups, parent first.
fn question_aliases(q: &Question, taken: &mut HashSet<String>, out: &mut HashMap<String, String>) {
    if let Some(a) = alias(taken, &q.text) {
        out.insert(q.id.clone(), a);
    }
    for child in &q.children {
        question_aliases(child, taken, out);
    }
}

/// The GitHub-style anchor of a heading's text, unless it is empty, already taken, an id of the
/// theme's markup (`main`, `search`) or one the theme's scripts read by prefix.
fn alias(taken: &mut HashSet<String>, text: &str) -> Option<String> {
    let alias = github_anchor(&plain_title(text));
    let reserved = RESERVED_PREFIXES.iter().any(|p| alias.starts_with(p))
        || crate::render::theme::builtin_ids().contains(&alias);
    (!alias.is_empty() && !reserved && taken.insert(alias.clone())).then_some(alias)
}

/// The ids the headings written in a document's markdown get on its page (`None` for one that
/// gets none), claimed in page order after the page's own ids, as the page claims them.
#[derive(Debug, Clone, Default)]
pub(crate) struct HeadingIds {
    /// The headings of the document's intro.
    pub(crate) intro: Vec<Option<String>>,
    /// The headings of each section's intro.
    pub(crate) sections: Vec<Vec<Option<String>>>,
    /// The headings of the document's outro.
    pub(crate) outro: Vec<Option<String>>,
    /// Every id given, parts' titles and answers' headings included.
    pub(crate) all: Vec<String>,
}

/// The ids of the headings in `doc`'s markdown; `taken` holds the page's own ids (questions,
/// sections and their aliases).
pub(crate) fn heading_ids(doc: &Document, mut taken: HashSet<String>) -> HeadingIds {
    let mut out = HeadingIds::default();
    let mut next = HashMap::new();
    let mut claim = |title: Option<&str>, markdown: &str, all: &mut Vec<String>| {
        let title = title.map(plain_title);
        title
            .into_iter()
            .chain(heading_texts(markdown))
            .map(|text| {
                let id = claim_heading(&mut |id| taken.insert(id.to_owned()), &mut next, &text);
                all.extend(id.clone());
                id
            })
            .collect::<Vec<_>>()
    };
    out.intro = claim(None, &doc.intro, &mut out.all);
    for s in &doc.sections {
        let ids = claim(None, &s.intro, &mut out.all);
        out.sections.push(ids);
        for q in s.all_questions() {
            claim(None, &q.text, &mut out.all);
            claim(None, &q.prompt, &mut out.all);
            // A part's title is a heading too (`### Complexity`), shown before its text.
            for seg in &q.segments {
                claim(seg.title.as_deref(), &seg.markdown, &mut out.all);
            }
        }
    }
    out.outro = claim(None, &doc.outro, &mut out.all);
    out
}

/// The page's own ids: the built-in theme's, its questions', its title's, its sections' and
/// their aliases. The page itself reserves its theme's ids (`render::views`); a custom theme
/// with other ids may number a heading differently from these (`main-1`), which only `check`
/// and search's links to prose headings would notice.
pub(crate) fn own_ids(doc: &Document) -> HashSet<String> {
    let mut ids: HashSet<String> = crate::render::theme::builtin_ids().clone();
    ids.extend(doc.all_questions().map(|q| q.id.clone()));
    let page = page_anchors(doc);
    ids.extend(page.title);
    for s in page.sections {
        ids.insert(s.id);
        ids.extend(s.alias);
    }
    ids.extend(page.aliases.into_values());
    ids
}

/// What links into a page may point at.
#[derive(Debug, Clone, Default)]
pub(crate) struct Targets {
    /// Every anchor the page has.
    pub(crate) ids: HashSet<String>,
    /// `<a name="...">` values written in the document's HTML. The sanitiser keeps `name` on
    /// links under the rules of ids (browsers still scroll to one), and a link to one plainly
    /// meant it.
    pub(crate) names: HashSet<String>,
}

/// Every anchor a link to `doc`'s page may point at, as the built-in themes render it:
/// question ids, then for question-and-answer pages and plain pages section ids, aliases and
/// the `id`s written in the document's own HTML (`<a id="setup"></a>`). A transcript's page
/// shows turns, not sections: only its questions are anchored.
pub(crate) fn targets(doc: &Document) -> Targets {
    let mut targets = Targets {
        ids: doc.all_questions().map(|q| q.id.clone()).collect(),
        names: HashSet::new(),
    };
    if doc.kind == Kind::Transcript {
        return targets;
    }
    targets.ids = own_ids(doc);
    // Markdown rendered as HTML (section titles are shown as text).
    let markdown = std::iter::once(doc.intro.as_str())
        .chain(doc.sections.iter().map(|s| s.intro.as_str()))
        .chain(doc.all_questions().flat_map(|q| {
            [q.text.as_str(), q.prompt.as_str()]
                .into_iter()
                .chain(q.segments.iter().map(|s| s.markdown.as_str()))
        }));
    // Headings in the markdown, each with GitHub's anchor, claimed as the page claims them.
    let headings = heading_ids(doc, targets.ids.clone());
    targets.ids.extend(headings.all);
    for text in markdown.filter(|t| t.contains('<')) {
        targets
            .ids
            .extend(attribute_values(text, "id").map(str::to_owned));
        targets
            .names
            .extend(attribute_values(text, "name").map(str::to_owned));
    }
    targets
}

/// Values of `attribute="..."` in the HTML tags of `text`: a cheap scan, not a parse, so an
/// `id="x"` shown inside code counts too (at worst a broken link goes unreported).
fn attribute_values<'t>(text: &'t str, attribute: &str) -> impl Iterator<Item = &'t str> {
    let pattern = format!("{attribute}=");
    let at: Vec<usize> = text.match_indices(&pattern).map(|(at, _)| at).collect();
    at.into_iter()
        .filter(move |&at| {
            // Inside a tag: after whitespace, with the last `<` before it still open.
            let before = &text[..at];
            before.ends_with(|c: char| c.is_whitespace()) && before.rfind('<') > before.rfind('>')
        })
        .filter_map(move |at| {
            let rest = &text[at + pattern.len()..];
            let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            let value = &rest[1..];
            value.find(quote).map(|end| &value[..end])
        })
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::attribute_values;

    #[test]
    fn ids_written_in_html_are_found() {
        let text = "<a id=\"setup\"></a> text id=\"no\" <span class='x' id='two'><a name='old'>";
        let ids: Vec<&str> = attribute_values(text, "id").collect();
        assert_eq!(ids, ["setup", "two"]);
        assert_eq!(attribute_values(text, "name").collect::<Vec<_>>(), ["old"]);
    }
}
