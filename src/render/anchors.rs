//! Anchors: the `id`s a document's page has, decided in one place.
//!
//! Input: a [`Document`]. Output: [`PageAnchors`], the id and alias of every section and the
//! alias of every question, which the page view renders. Question ids come from the model; a
//! section's id is `section-<slug of its title>`, unique on the page. An alias is the anchor
//! GitHub gives the same heading (tables of contents written for GitHub link to it): it is given
//! once per page and never shadows an id, so which element gets it depends on document order.

use super::markdown::github_anchor;
use crate::model::{Document, Question};
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
    let mut anchors = PageAnchors::default();
    for section in &doc.sections {
        let title = section.title.as_deref().unwrap_or("questions");
        let id = section_ids.claim(format!("section-{}", slugify(title, 50)));
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

/// The aliases of a question and its follow-ups, parent first.
fn question_aliases(q: &Question, taken: &mut HashSet<String>, out: &mut HashMap<String, String>) {
    if let Some(a) = alias(taken, &q.text) {
        out.insert(q.id.clone(), a);
    }
    for child in &q.children {
        question_aliases(child, taken, out);
    }
}

/// The GitHub-style anchor of a heading's text, unless it is empty or already taken.
fn alias(taken: &mut HashSet<String>, text: &str) -> Option<String> {
    let alias = github_anchor(&plain_title(text));
    (!alias.is_empty() && taken.insert(alias.clone())).then_some(alias)
}
