//! Exports: the model in formats other tools read.
//!
//! Input: the parsed site and its report. Output: text on a writer. The JSON export is a
//! contract documented in the README: its own view types below borrow the model and fix the
//! keys, so the model can grow without breaking scripts that read the export.

use crate::check::Report;
use crate::diag::Diagnostic;
use crate::model::{Document, Kind, Question, Role, Shape, Site, StarPart};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    documents: Vec<DocumentView<'a>>,
}

#[derive(Serialize)]
struct DocumentView<'a> {
    source: &'a str,
    kind: Kind,
    shape: Shape,
    title: &'a str,
    subtitle: Option<&'a str>,
    tags: &'a [String],
    sections: Vec<SectionView<'a>>,
    transcript: Option<TranscriptView<'a>>,
    diagnostics: Vec<&'a Diagnostic>,
}

#[derive(Serialize)]
struct SectionView<'a> {
    title: Option<&'a str>,
    line: usize,
    questions: Vec<QuestionView<'a>>,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    id: &'a str,
    number: Option<u32>,
    text: &'a str,
    line: usize,
    answered: bool,
    difficulty: Option<&'a str>,
    parts: Vec<TitleView<'a>>,
    examples: Vec<TitleView<'a>>,
    code_blocks: Vec<CodeView<'a>>,
    tables: usize,
    placeholders: Vec<&'a str>,
    star: Option<StarView>,
    children: Vec<QuestionView<'a>>,
}

/// A STAR answer: the parts it tells, in the order told, and those it misses.
#[derive(Serialize)]
struct StarView {
    parts: Vec<StarPart>,
    missing: Vec<StarPart>,
}

#[derive(Serialize)]
struct TitleView<'a> {
    title: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct CodeView<'a> {
    lang: Option<&'a str>,
    line: usize,
}

#[derive(Serialize)]
struct TranscriptView<'a> {
    turns: Vec<TurnView<'a>>,
    directions: Vec<&'a str>,
    notes: Option<&'a crate::model::Notes>,
}

#[derive(Serialize)]
struct TurnView<'a> {
    speaker: &'a str,
    role: Role,
    text: &'a str,
    line: usize,
}

fn question_view(q: &Question) -> QuestionView<'_> {
    QuestionView {
        id: &q.id,
        number: q.number,
        text: &q.text,
        line: q.line,
        answered: q.answered,
        difficulty: q.difficulty.as_deref(),
        parts: q
            .parts()
            .map(|p| TitleView {
                title: p.title.as_deref().unwrap_or(""),
                line: p.line,
            })
            .collect(),
        examples: q
            .examples()
            .map(|p| TitleView {
                title: p.title.as_deref().unwrap_or(""),
                line: p.line,
            })
            .collect(),
        code_blocks: q
            .code_blocks
            .iter()
            .map(|c| CodeView {
                lang: c.lang.as_deref(),
                line: c.line,
            })
            .collect(),
        tables: q.tables.len(),
        placeholders: q.placeholders.iter().map(|p| p.text.as_str()).collect(),
        star: q.star.as_ref().map(|s| StarView {
            parts: s.segments.iter().flatten().copied().collect(),
            missing: s.missing.clone(),
        }),
        children: q.children.iter().map(question_view).collect(),
    }
}

fn document_view<'a>(doc: &'a Document, diagnostics: Vec<&'a Diagnostic>) -> DocumentView<'a> {
    DocumentView {
        source: &doc.source,
        kind: doc.kind,
        shape: doc.shape,
        title: &doc.title,
        subtitle: doc.subtitle.as_deref(),
        tags: &doc.meta.tags,
        // The export lists only sections that hold questions: no empty sections.
        sections: doc
            .sections
            .iter()
            .filter(|s| !s.questions.is_empty())
            .map(|s| SectionView {
                title: s.title.as_deref(),
                line: s.line,
                questions: s.questions.iter().map(question_view).collect(),
            })
            .collect(),
        transcript: doc.transcript.as_ref().map(|t| TranscriptView {
            turns: t
                .turns
                .iter()
                .map(|turn| TurnView {
                    speaker: &turn.speaker,
                    role: turn.role,
                    text: &turn.text,
                    line: turn.line,
                })
                .collect(),
            directions: t.directions.iter().map(|d| d.text.as_str()).collect(),
            notes: t.notes.as_ref(),
        }),
        diagnostics,
    }
}

/// Write the site as JSON, each document with all its diagnostics (site-wide lints included).
pub(crate) fn json(
    site: &Site,
    report: &Report,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut by_source: HashMap<&str, Vec<&Diagnostic>> = HashMap::new();
    for located in &report.diagnostics {
        by_source
            .entry(located.source.as_str())
            .or_default()
            .push(&located.diagnostic);
    }
    let view = SiteView {
        title: &site.title,
        documents: site
            .documents
            .iter()
            .map(|d| document_view(d, by_source.remove(d.source.as_str()).unwrap_or_default()))
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &view)?;
    writeln!(out)
}
