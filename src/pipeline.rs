//! The pipeline's front half: content folder in, typed [`Site`] out.
//!
//! Input: [`Settings`]. Output: [`Parsed`], the site and the problems that belong to no document.
//! Load (walk, read, decode) then parse, each document on its own core; nothing is read twice.
//! Later stages (render, index, write) take the `Site` and never look at the files again.

use crate::diag::{Code, Diagnostic};
use crate::load::{self, SourceFile, WalkProblem};
use crate::model::{Document, Site};
use crate::parse::UniqueNames;
use crate::settings::Settings;
use crate::slug::slugify;
use rayon::prelude::*;

/// The parsed handbook.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The site model.
    pub(crate) site: Site,
    /// Problems met while walking, and drafts left out.
    pub(crate) problems: Vec<WalkProblem>,
}

/// Load and parse the content folder.
pub(crate) fn parse_site(settings: &Settings) -> Parsed {
    let loaded = load::load(&settings.content, std::slice::from_ref(&settings.output));
    let slugs = unique_slugs(&loaded.files);
    let mut documents: Vec<Document> = loaded
        .files
        .par_iter()
        .zip(slugs.par_iter())
        .map(|(file, slug)| crate::parse::parse(file, slug))
        .collect();
    let mut problems = loaded.problems;
    if !settings.drafts {
        documents.retain(|d| {
            if d.meta.draft {
                problems.push(WalkProblem {
                    source: d.source.clone(),
                    diagnostic: Diagnostic::note(
                        Code::Draft,
                        1,
                        "left out: the document is a draft (`draft: true`). Pass --drafts to include it.",
                    ),
                });
            }
            !d.meta.draft
        });
    }
    // Front-matter `order` first (lower first), then the rest by path, as walked.
    documents.sort_by(|a, b| {
        (a.meta.order.is_none(), a.meta.order, &a.source).cmp(&(
            b.meta.order.is_none(),
            b.meta.order,
            &b.source,
        ))
    });
    Parsed {
        site: Site {
            title: settings.title.clone(),
            documents,
        },
        problems,
    }
}

/// A slug per file from its path, made unique with `-2`, `-3`, ... in walk order.
fn unique_slugs(files: &[SourceFile]) -> Vec<String> {
    let mut names = UniqueNames::default();
    files
        .iter()
        .map(|f| {
            let stem = f
                .source
                .rsplit_once('.')
                .map_or(f.source.as_str(), |(s, _)| s);
            let base = match slugify(stem, 80) {
                s if s.is_empty() => "doc".to_owned(),
                s => s,
            };
            names.claim(base)
        })
        .collect()
}
