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

/// A built site in memory, with what `check` would say of it.
#[derive(Debug)]
pub(crate) struct Built {
    /// Every file of the site.
    pub(crate) output: crate::render::Output,
    /// All diagnostics (warnings and notes; errors stop the build).
    pub(crate) report: crate::check::Report,
    /// How many documents and questions.
    pub(crate) documents: usize,
    /// How many questions.
    pub(crate) questions: usize,
}

/// Why a build produced no site.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Documents with errors, every one of them, each with its file and line.
    Broken(Vec<crate::check::Located>),
    /// Something that stops the whole build (theme, template, I/O).
    Fatal(crate::error::Error),
}

/// The whole pipeline without writing: load, parse, check, index, render.
pub(crate) fn build(
    settings: &Settings,
    progress: crate::render::Progress<'_>,
) -> Result<Built, Failure> {
    let parsed = parse_site(settings);
    let report = crate::check::report(&parsed.site, &parsed.problems);
    let errors: Vec<crate::check::Located> = report
        .diagnostics
        .iter()
        .filter(|d| d.diagnostic.severity == crate::diag::Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(Failure::Broken(errors));
    }
    let pages: Vec<String> = parsed
        .site
        .documents
        .iter()
        .map(|d| crate::render::page_name(&d.slug))
        .collect();
    let manifest = crate::search::manifest_path(&parsed.site, &pages);
    // Index, then pages, each parallel inside. Built side by side (rayon::join) they share the
    // cores no better, and both working sets at once put a 10,000-question build past 300 MB.
    let index = crate::search::build(&parsed.site, &pages, &manifest);
    let mut output = crate::render::render(&parsed.site, settings, &manifest, progress)
        .map_err(Failure::Fatal)?;
    output.files.extend(index.files);
    Ok(Built {
        output,
        report,
        documents: parsed.site.documents.len(),
        questions: parsed
            .site
            .documents
            .iter()
            .map(|d| d.all_questions().count())
            .sum(),
    })
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
