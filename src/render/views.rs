//! Typed views for the templates: what a page shows, borrowed from the model, with markdown
//! already turned into HTML. Field names here are the template API of a theme.

use super::highlight::Highlighter;
use super::markdown::{self, At, Context};
use super::sanitize::Page;
use crate::diag::Diagnostic;
use crate::links::anchors::{self, PageAnchors};
use crate::model::{Document, Kind, Question, Role, SegmentKind, Site, StarPart};
use crate::settings::Settings;
use crate::slug::slugify;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct PageView {
    /// Its title (the `<title>` is this and the site's title).
    pub(crate) title: String,
    /// Its path in the site (`system-design.html`, `tags/backend.html`).
    pub(crate) path: String,
    /// Prefix that leads from this page back to the site root (`""`, `"../"`), or the absolute
    /// path of the root for pages served at any depth (the 404).
    pub(crate) root: String,
    /// Absolute URL of the page, when the base URL is known.
    pub(crate) canonical: Option<String>,
}

impl PageView {
    pub(crate) fn new(title: &str, path: &str, settings: &Settings) -> Self {
        let depth = path.matches('/').count();
        let canonical = settings.base_url.as_ref().map(|base| {
            if path == "index.html" {
                base.clone()
            } else {
                format!("{base}{path}")
            }
        });
        PageView {
            title: title.to_owned(),
            path: path.to_owned(),
            root: "../".repeat(depth),
            canonical,
        }
    }
}

/// What every page knows about the site (templates see these fields directly on `site`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteCommon<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) base_url: Option<&'a str>,
    pub(crate) version: &'static str,
    /// Theme asset name → path from the site root (`style.css` → `assets/style.1a2b.css`).
    pub(crate) assets: &'a BTreeMap<String, String>,
    /// The search manifest, from the site root.
    pub(crate) search_index: &'a str,
    /// Names this handbook's practice progress in the browser's storage, which every project
    /// site on one origin (`USER.github.io`) shares: the base URL's path, else the title's slug.
    pub(crate) site_key: String,
    /// The site-wide navigation: every document as a link, in the home page's order, while
    /// there are at most [`NAV_LIMIT`]; past that, empty, and the menu links to the home
    /// listing instead, so that a page of a big handbook does not carry thousands of links.
    pub(crate) nav: Vec<NavLink<'a>>,
    /// How many documents the site has (the menu's count, and its link past the limit).
    pub(crate) nav_total: usize,
}

/// The most documents the site-wide menu lists on every page: 200 links add about 16 kB to
/// each page (2.3 kB compressed), 300 about 25 kB; a bigger handbook's menu links to the home
/// listing instead, as the home page lists every document anyway.
pub(crate) const NAV_LIMIT: usize = 300;

/// A document in the site-wide menu: its title and page (a page marks itself by its path).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: String,
}

/// What the home, tag and other listing pages know about the site.
#[derive(Debug, Serialize)]
pub(crate) struct SiteView<'a> {
    #[serde(flatten)]
    pub(crate) common: SiteCommon<'a>,
    pub(crate) documents: Vec<DocumentSummary<'a>>,
    pub(crate) tags: Vec<TagView<'a>>,
    pub(crate) questions: usize,
    pub(crate) answered: usize,
}

/// What a document page knows of the site: enough to name it and link anywhere in it, and
/// nothing that changes with every answer written (the counts live on the home and tag
/// pages), so that saving one document re-renders one page.
#[derive(Debug, Serialize)]
pub(crate) struct SiteBrief<'a> {
    #[serde(flatten)]
    pub(crate) common: &'a SiteCommon<'a>,
    /// Every document, in order: title, page and kind; left out when the theme's document
    /// pages do not read it ([`super::theme::Theme::pages_list_documents`]), since building it
    /// for every page costs time in the square of the number of documents.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) documents: Option<Vec<DocumentLink<'a>>>,
    /// Every tag and its page.
    pub(crate) tags: Vec<TagLink<'a>>,
}

/// A document as a link.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocumentLink<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) kind: Kind,
}

impl<'a> SiteBrief<'a> {
    /// What document pages see of `site`, with its list of documents if `with_documents`.
    pub(crate) fn new(site: &'a SiteView<'a>, with_documents: bool) -> Self {
        SiteBrief {
            common: &site.common,
            documents: with_documents.then(|| {
                site.documents
                    .iter()
                    .map(|d| DocumentLink {
                        title: d.title,
                        url: &d.url,
                        slug: d.slug,
                        kind: d.kind,
                    })
                    .collect()
            }),
            tags: site
                .tags
                .iter()
                .map(|t| TagLink {
                    name: t.name,
                    url: t.url.clone(),
                })
                .collect(),
        }
    }
}

/// A document as listed on the home and tag pages.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocumentSummary<'a> {
    pub(crate) title: &'a str,
    pub(crate) subtitle: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) slug: &'a str,
    pub(crate) kind: Kind,
    pub(crate) questions: usize,
    pub(crate) answered: usize,
    pub(crate) unanswered: usize,
    pub(crate) placeholders: usize,
    /// Share of questions answered, 0 to 100.
    pub(crate) percent: usize,
    pub(crate) tags: Vec<TagLink<'a>>,
    pub(crate) company: Option<&'a str>,
    pub(crate) role: Option<&'a str>,
}

/// A tag and its page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
}

/// A tag page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagView<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) documents: Vec<DocumentSummary<'a>>,
}

fn tag_url(tag: &str) -> String {
    let slug = slugify(tag, 60);
    format!("tags/{}.html", if slug.is_empty() { "tag" } else { &slug })
}

fn summary<'a>(doc: &'a Document) -> DocumentSummary<'a> {
    let tally = doc.tally();
    let (questions, answered) = (tally.questions, tally.answered);
    DocumentSummary {
        title: &doc.title,
        subtitle: doc.subtitle.as_deref(),
        url: super::page_name(&doc.slug),
        slug: &doc.slug,
        kind: doc.kind,
        questions,
        answered,
        unanswered: tally.unanswered(),
        placeholders: doc.all_questions().map(|q| q.placeholders.len()).sum(),
        percent: (answered * 100).checked_div(questions).unwrap_or(0),
        tags: doc
            .meta
            .tags
            .iter()
            .map(|t| TagLink {
                name: t,
                url: tag_url(t),
            })
            .collect(),
        company: doc.meta.company.as_deref(),
        role: doc.meta.role.as_deref(),
    }
}

impl<'a> SiteView<'a> {
    pub(crate) fn new(
        site: &'a Site,
        settings: &'a Settings,
        assets: &'a BTreeMap<String, String>,
        search_index: &'a str,
    ) -> Self {
        let documents: Vec<DocumentSummary<'a>> =
            site.documents.iter().map(|d| summary(d)).collect();
        let mut by_tag: BTreeMap<String, TagView<'a>> = BTreeMap::new();
        for (doc, view) in site.documents.iter().zip(&documents) {
            for tag in &doc.meta.tags {
                by_tag
                    .entry(tag_url(tag))
                    .or_insert_with(|| TagView {
                        name: tag,
                        url: tag_url(tag),
                        documents: Vec::new(),
                    })
                    .documents
                    .push(view.clone());
            }
        }
        SiteView {
            common: SiteCommon {
                title: &site.title,
                description: settings.description.as_deref(),
                base_url: settings.base_url.as_deref(),
                version: env!("CARGO_PKG_VERSION"),
                assets,
                search_index,
                site_key: super::practice::site_key(settings),
                nav: if documents.len() <= NAV_LIMIT {
                    documents
                        .iter()
                        .map(|d| NavLink {
                            title: d.title,
                            url: d.url.clone(),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                nav_total: documents.len(),
            },
            questions: documents.iter().map(|d| d.questions).sum(),
            answered: documents.iter().map(|d| d.answered).sum(),
            documents,
            tags: by_tag.into_values().collect(),
        }
    }
}

/// A link to a neighbouring document.
#[derive(Debug, Serialize)]
pub(crate) struct Neighbour {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// A document page.
#[derive(Debug, Serialize)]
pub(crate) struct DocumentView {
    pub(crate) title: String,
    /// The title's id: GitHub's anchor for it, unless a question has that id.
    pub(crate) title_id: Option<String>,
    /// The title as the heading wrote it, links and code kept; `None` when it is plain text.
    pub(crate) title_html: Option<String>,
    pub(crate) subtitle: Option<String>,
    pub(crate) source: String,
    pub(crate) slug: String,
    pub(crate) kind: Kind,
    pub(crate) shape: &'static str,
    pub(crate) company: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) difficulty: Option<String>,
    pub(crate) tags: Vec<(String, String)>,
    pub(crate) intro_html: String,
    pub(crate) sections: Vec<SectionView>,
    /// What closes the document after its last answer (a source line, a disclaimer).
    pub(crate) outro_html: String,
    pub(crate) transcript: Option<TranscriptView>,
    pub(crate) questions: usize,
    pub(crate) answered: usize,
    pub(crate) prev: Option<Neighbour>,
    pub(crate) next: Option<Neighbour>,
}

/// A section of a document page.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView {
    pub(crate) title: Option<String>,
    /// The title as the heading wrote it, links and code kept; `None` when it is plain text.
    pub(crate) title_html: Option<String>,
    pub(crate) id: String,
    /// The GitHub-style anchor of the title, when no other element on the page has it.
    pub(crate) alias: Option<String>,
    pub(crate) intro_html: String,
    pub(crate) questions: Vec<QuestionView>,
}

/// A question as shown.
#[derive(Debug, Serialize)]
pub(crate) struct QuestionView {
    pub(crate) id: String,
    /// The GitHub-style anchor of the prompt, when no other element on the page has it, so
    /// tables of contents written for GitHub keep working.
    pub(crate) alias: Option<String>,
    /// A short plain-text form for lists: the sentence that asks, at most about 100 characters.
    pub(crate) short: String,
    pub(crate) number: Option<u32>,
    pub(crate) text_html: String,
    pub(crate) difficulty: Option<String>,
    pub(crate) answered: bool,
    pub(crate) prompt_html: String,
    /// A multiple-choice question's options in order (empty for other questions).
    pub(crate) choices: Vec<ChoiceView>,
    /// How many options are right: 0 when the notes give no key (no quiz, only the list), 2
    /// or more for checkboxes rather than radio buttons.
    pub(crate) right: usize,
    pub(crate) segments: Vec<SegmentView>,
    pub(crate) placeholders: usize,
    /// The STAR parts in order, told or not, when the answer is a STAR story.
    pub(crate) star: Vec<StarStep>,
    pub(crate) children: Vec<QuestionView>,
}

/// One option of a multiple-choice question.
#[derive(Debug, Serialize)]
pub(crate) struct ChoiceView {
    /// Its label as the notes' key names it: `A`, `B`, ...
    pub(crate) letter: String,
    /// Its inline markdown as HTML, sanitised as every other text of the page.
    pub(crate) html: String,
    /// Whether the key says it is right.
    pub(crate) correct: bool,
}

/// `A`..`Z` for the first 26 options (the letters keys name), then numbers.
fn choice_letter(n: usize) -> String {
    match u8::try_from(n) {
        Ok(n) if n < 26 => char::from(b'A' + n).to_string(),
        _ => (n + 1).to_string(),
    }
}

/// One step of a STAR answer's outline.
#[derive(Debug, Serialize)]
pub(crate) struct StarStep {
    pub(crate) part: StarPart,
    pub(crate) name: &'static str,
    pub(crate) told: bool,
}

/// A piece of an answer as shown.
#[derive(Debug, Serialize)]
pub(crate) struct SegmentView {
    /// `body`, `part` or `example`.
    pub(crate) kind: SegmentKind,
    pub(crate) title: Option<String>,
    /// The title's id: GitHub's anchor for the heading it was written as.
    pub(crate) id: Option<String>,
    pub(crate) html: String,
    /// The STAR part this piece tells, in a STAR answer.
    pub(crate) star: Option<StarPart>,
    /// Its name, shown when the piece has no title of its own (an opening that sets the scene).
    pub(crate) star_label: Option<&'static str>,
}

/// A conversation as shown: turns and stage directions in order, then the notes.
#[derive(Debug, Serialize)]
pub(crate) struct TranscriptView {
    pub(crate) items: Vec<TranscriptItem>,
    pub(crate) notes: Option<crate::model::Notes>,
    pub(crate) speakers: Vec<(String, Role)>,
}

/// One line of the conversation.
#[derive(Debug, Serialize)]
pub(crate) struct TranscriptItem {
    /// `turn` or `direction`.
    pub(crate) kind: &'static str,
    pub(crate) speaker: Option<String>,
    pub(crate) role: Option<Role>,
    pub(crate) html: String,
    pub(crate) question_id: Option<String>,
}

fn question_view(
    q: &Question,
    cx: &Context<'_>,
    anchors: &PageAnchors,
    page: &Page<'_>,
) -> QuestionView {
    let answer_cx = Context {
        min_heading: 4,
        ..*cx
    };
    let at = |line: usize| At { page, line };
    QuestionView {
        alias: anchors.alias(&q.id).map(str::to_owned),
        short: short_question(&q.text),
        id: q.id.clone(),
        number: q.number,
        text_html: markdown::page_inline_html(&q.text, cx, at(q.line)),
        difficulty: q.difficulty.clone(),
        answered: q.answered,
        prompt_html: prompt_html(q, &answer_cx, page),
        choices: q
            .choices
            .iter()
            .enumerate()
            .map(|(n, c)| ChoiceView {
                letter: choice_letter(n),
                // The model keeps no line per option; they follow the prompt's code.
                html: markdown::page_inline_html(c, cx, at(q.line + 1)),
                correct: q.correct.contains(&n),
            })
            .collect(),
        right: q.correct.iter().filter(|&&n| n < q.choices.len()).count(),
        segments: q
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let star = q.star.as_ref().and_then(|st| st.segments[i]);
                // A titled part's text starts under its title, as a rule.
                let first = s.line + usize::from(s.title.is_some());
                // Claimed before the part's own headings, in page order.
                let id = s
                    .title
                    .as_ref()
                    .and_then(|t| page.heading_id(&crate::slug::plain_title(t)));
                SegmentView {
                    kind: s.kind,
                    id,
                    title: s
                        .title
                        .as_ref()
                        .map(|t| markdown::page_inline_html(t, cx, at(s.line))),
                    html: markdown::page_html(&s.markdown, &answer_cx, at(first)),
                    star,
                    star_label: star.filter(|_| s.title.is_none()).map(StarPart::name),
                }
            })
            .filter(|s| s.title.is_some() || !(s.html.is_empty() || empty_fold(&s.html)))
            .collect(),
        placeholders: q.placeholders.len(),
        star: q.star.as_ref().map_or_else(Vec::new, |st| {
            StarPart::ALL
                .into_iter()
                .map(|part| StarStep {
                    part,
                    name: part.name(),
                    told: st.segments.contains(&Some(part)),
                })
                .collect()
        }),
        children: q
            .children
            .iter()
            .map(|c| question_view(c, cx, anchors, page))
            .collect(),
    }
}

/// What the prompt shows under the question: the markdown that belongs to it (code it asks
/// about). A multiple-choice prompt holds its code and then its lettered options as written;
/// the options are shown by the template from `choices`, so only the code is shown here.
fn prompt_html(q: &Question, cx: &Context<'_>, page: &Page<'_>) -> String {
    if q.choices.is_empty() {
        // The prompt starts under the question's line.
        return markdown::page_html(
            &q.prompt,
            cx,
            At {
                page,
                line: q.line + 1,
            },
        );
    }
    q.code_blocks
        .iter()
        .filter(|c| c.in_prompt)
        .map(|c| markdown::page_code_html(&c.code, c.lang.as_deref(), At { page, line: c.line }))
        .collect()
}

/// Whether an answer piece is only a fold's label: `<details><summary>Answer</summary>` whose
/// content the notes put under a heading that became the next part (the layout of many
/// multiple-choice collections). Shown, it is a fold that opens on nothing.
pub(crate) fn empty_fold(html: &str) -> bool {
    let Some(inner) = html
        .trim()
        .strip_prefix("<details>")
        .and_then(|h| h.strip_suffix("</details>"))
    else {
        return false;
    };
    let Some((_, rest)) = inner.split_once("</summary>") else {
        return false;
    };
    // What is left holds no text and nothing shown without text.
    let mut text = String::new();
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().is_empty()
        && !["<img", "<pre", "<table", "<details"]
            .iter()
            .any(|t| rest.contains(t))
}

/// The sentence of a prompt that asks (a transcript turn says more around it), shortened. A
/// short asking sentence keeps the one before it: "How did you resolve it?" alone has lost
/// its subject.
fn short_question(text: &str) -> String {
    let plain = crate::slug::plain_title(text);
    let sentences: Vec<&str> = plain
        .split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let asking = match sentences.iter().rposition(|s| s.contains('?')) {
        Some(i) if sentences[i].len() >= 30 => sentences[i].to_owned(),
        Some(i) if i > 0 => format!("{} {}", sentences[i - 1], sentences[i]),
        Some(i) if sentences[i].len() >= 12 => sentences[i].to_owned(),
        _ => plain.clone(),
    };
    if asking.chars().count() <= 110 {
        asking
    } else {
        let cut: String = asking.chars().take(100).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Paragraphs of plain text (transcript turns) as escaped HTML with blanks marked.
fn paragraphs_html(text: &str) -> String {
    text.split("\n\n")
        .map(|p| {
            format!(
                "<p>{}</p>",
                markdown::mark_blanks(p).replace('\n', "<br>\n")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every id the page has of its own, and the theme's: a document's HTML may not take them.
fn reserved_ids(
    doc: &Document,
    anchors: &PageAnchors,
    theme_ids: &HashSet<String>,
) -> HashSet<String> {
    let mut ids = theme_ids.clone();
    ids.extend(anchors.title.clone());
    for s in &anchors.sections {
        // The section's title carries `<section id>-title` (document.html).
        ids.insert(format!("{}-title", s.id));
        ids.insert(s.id.clone());
        ids.extend(s.alias.clone());
    }
    for q in doc.all_questions() {
        ids.insert(q.id.clone());
        ids.extend(anchors.alias(&q.id).map(str::to_owned));
    }
    ids
}

/// The line the document's intro starts at, as near as the model tells: the intro runs up to
/// the first section or question.
fn intro_line(doc: &Document) -> usize {
    let next = doc
        .sections
        .first()
        .map(|s| s.questions.first().map_or(s.line, |q| q.line.min(s.line)));
    next.map_or(1, |line| {
        line.saturating_sub(doc.intro.lines().count()).max(1)
    })
}

impl DocumentView {
    /// The view of document `index`, given `doc`, the document whole, and what rendering it
    /// had to say (ids dropped, input capped, links to missing files). `theme_ids` are the ids
    /// the theme's templates use; `highlighter` is the build's; `files` are the files
    /// published beside the pages.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        site: &Site,
        index: usize,
        doc: &Document,
        settings: &Settings,
        pages: &HashMap<String, String>,
        theme_ids: &HashSet<String>,
        highlighter: &Highlighter,
        files: &HashSet<String>,
    ) -> (Self, Vec<Diagnostic>) {
        let cx = Context {
            raw_html: settings.raw_html,
            pages,
            source: &doc.source,
            min_heading: 2,
        };
        let neighbour = |d: &Document| Neighbour {
            title: d.title.clone(),
            url: super::page_name(&d.slug),
        };
        let anchors = anchors::page_anchors(doc);
        let tally = doc.tally();
        let page = Page::new(reserved_ids(doc, &anchors, theme_ids), highlighter, files);
        let title_html = doc.title_markup.as_deref().map(|m| {
            markdown::page_inline_html(
                m,
                &cx,
                At {
                    page: &page,
                    line: intro_line(doc).saturating_sub(1).max(1),
                },
            )
        });
        // The document's intro comes first on the page, so its ids are claimed first.
        let intro_html = markdown::page_html(
            &doc.intro,
            &Context {
                min_heading: 2,
                ..cx
            },
            At {
                page: &page,
                line: intro_line(doc),
            },
        );
        let sections = doc
            .sections
            .iter()
            .zip(&anchors.sections)
            .map(|(s, a)| {
                let id = a.id.clone();
                SectionView {
                    title: s.title.clone(),
                    title_html: s.title_markup.as_deref().map(|m| {
                        markdown::page_inline_html(
                            m,
                            &cx,
                            At {
                                page: &page,
                                line: s.line,
                            },
                        )
                    }),
                    alias: a.alias.clone(),
                    id,
                    intro_html: markdown::page_html(
                        &s.intro,
                        &Context {
                            min_heading: 3,
                            ..cx
                        },
                        At {
                            page: &page,
                            line: s.line + 1,
                        },
                    ),
                    questions: s
                        .questions
                        .iter()
                        .map(|q| question_view(q, &cx, &anchors, &page))
                        .collect(),
                }
            })
            .collect();
        let outro_html = markdown::page_html(
            &doc.outro,
            &Context {
                min_heading: 2,
                ..cx
            },
            At {
                page: &page,
                line: doc.all_questions().map(|q| q.end_line).max().unwrap_or(1),
            },
        );
        let transcript = doc.transcript.as_ref().map(|t| {
            let mut items = Vec::new();
            let mut directions = t.directions.iter().peekable();
            for (n, turn) in t.turns.iter().enumerate() {
                while let Some(d) = directions.next_if(|d| d.after_turns <= n) {
                    items.push(direction(&d.text));
                }
                items.push(TranscriptItem {
                    kind: "turn",
                    speaker: Some(turn.speaker.clone()),
                    role: Some(turn.role),
                    html: paragraphs_html(&turn.text),
                    question_id: turn.question_id.clone(),
                });
            }
            items.extend(directions.map(|d| direction(&d.text)));
            let mut speakers: Vec<(String, Role)> = Vec::new();
            for turn in &t.turns {
                if !speakers.iter().any(|(s, _)| *s == turn.speaker) {
                    speakers.push((turn.speaker.clone(), turn.role));
                }
            }
            TranscriptView {
                items,
                notes: t.notes.clone(),
                speakers,
            }
        });
        let view = DocumentView {
            title: doc.title.clone(),
            title_id: anchors.title.clone(),
            title_html,
            subtitle: doc.subtitle.clone(),
            source: doc.source.clone(),
            slug: doc.slug.clone(),
            kind: doc.kind,
            shape: doc.shape.name(),
            company: doc.meta.company.clone(),
            role: doc.meta.role.clone(),
            difficulty: doc.meta.difficulty.clone(),
            tags: doc
                .meta
                .tags
                .iter()
                .map(|t| (t.clone(), tag_url(t)))
                .collect(),
            intro_html,
            sections,
            outro_html,
            transcript,
            questions: tally.questions,
            answered: tally.answered,
            prev: index.checked_sub(1).map(|i| neighbour(&site.documents[i])),
            next: site.documents.get(index + 1).map(|d| neighbour(d)),
        };
        (view, page.into_notes())
    }
}

fn direction(text: &str) -> TranscriptItem {
    TranscriptItem {
        kind: "direction",
        speaker: None,
        role: None,
        html: markdown::escape(text),
        question_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::short_question;

    #[test]
    fn a_fold_around_nothing_is_left_out() {
        assert!(super::empty_fold(
            "<details><summary><b>Answer</b></summary>\n<p>\n</p></details>\n"
        ));
        assert!(!super::empty_fold(
            "<details><summary>Answer</summary><p>B, because</p></details>"
        ));
        assert!(!super::empty_fold(
            "<details><summary>Diagram</summary><img src=\"a.png\" alt=\"\"></details>"
        ));
        assert!(!super::empty_fold("<p>Plain answer</p>"));
    }

    #[test]
    fn contents_show_the_sentence_that_asks_with_its_subject() {
        assert_eq!(
            short_question("Describe a disagreement with a PM. How did you resolve it?"),
            "Describe a disagreement with a PM. How did you resolve it?"
        );
        assert_eq!(
            short_question("Thanks, that was clear. How would you scale the write path next?"),
            "How would you scale the write path next?"
        );
        assert_eq!(short_question("Describe a failure."), "Describe a failure.");
        let long = "Why ".repeat(40) + "?";
        assert!(short_question(&long).ends_with('…'));
    }
}
