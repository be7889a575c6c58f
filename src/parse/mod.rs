//! Parsing: one decoded source file in, one [`Document`] of the model out.
//!
//! Input: a [`SourceFile`] and the document's slug (chosen by the pipeline so it is unique in the
//! site). Output: the [`Document`] with its diagnostics. Steps: split the front matter, scan the
//! body once with pulldown-cmark, detect the shape (or take `shape:` from front matter), run that
//! shape's parser, then give every question its id and report what the writer should look at
//! (unanswered questions, blanks, empty sections, unclosed fences). Never fails: a document it
//! cannot understand still comes out, with an error diagnostic saying why.

pub(crate) mod detect;
pub(crate) mod front_matter;
pub(crate) mod markdown;
pub(crate) mod placeholder;
pub(crate) mod plain;
pub(crate) mod qa;
pub(crate) mod transcript;

use crate::diag::{Code, Diagnostic, Severity};
use crate::load::SourceFile;
use crate::model::{Document, Kind, Question, Section, Shape, Transcript};
use crate::slug::slugify;
use std::collections::HashSet;

/// A document body split into lines, with the file line its first line sits on.
#[derive(Debug)]
pub(crate) struct Body<'a> {
    /// The body text.
    pub(crate) text: &'a str,
    /// Its lines, without line ends.
    pub(crate) lines: Vec<&'a str>,
    /// The 1-based file line of `lines[0]`.
    pub(crate) first_line: usize,
}

impl<'a> Body<'a> {
    /// Split `text`, which starts on file line `first_line`.
    pub(crate) fn new(text: &'a str, first_line: usize) -> Self {
        Body {
            text,
            lines: text.lines().collect(),
            first_line,
        }
    }

    /// The file line of 0-based body line `i`.
    pub(crate) fn file_line(&self, i: usize) -> usize {
        self.first_line + i
    }
}

/// Longest question slug in an id; long prompts are cut at a word.
const ID_TEXT_MAX: usize = 60;

/// Parse one source file into a document.
pub(crate) fn parse(source: &SourceFile, slug: &str) -> Document {
    let mut diagnostics = source.diagnostics.clone();
    let split = front_matter::split(&source.text, &mut diagnostics);
    let front = split.front;
    let body = Body::new(split.body, split.body_line);
    let scan = markdown::scan(body.text, &body.lines);

    let unreadable = diagnostics.iter().any(|d| d.code == Code::Unreadable);
    if body.text.trim().is_empty() && !unreadable {
        let message = if front.present {
            "the file has front matter but no content; write the notes below the `---` line."
        } else {
            "the file is empty; write some notes in it or delete it."
        };
        diagnostics.push(Diagnostic::warning(
            Code::EmptyFile,
            body.first_line,
            message,
        ));
    }

    let rules = match front.shape {
        Some(shape) => detect::rules_for(shape, &body, &scan),
        None => detect::detect(&body, &scan, source.plain_text),
    };
    let shape = rules.shape;
    let is_markdown = !matches!(shape, Shape::PlainText | Shape::Transcript);
    let title_line = is_markdown.then(|| first_h1(&body, &scan)).flatten();

    let placeholders = if shape == Shape::Transcript {
        Vec::new()
    } else {
        placeholder::find(&body, |i| scan.is_code(i))
    };

    let mut heading_title = title_line.map(|i| {
        let line = body.lines[i];
        let text = markdown::atx_heading(line).map_or(line.trim(), |(_, t)| t);
        markdown::plain_title(text)
    });
    let mut subtitle = front.subtitle.clone();
    let (intro, mut sections, transcript): (String, Vec<Section>, Option<Transcript>) = match shape
    {
        Shape::Transcript => {
            let parsed = transcript::parse(&body);
            heading_title = parsed.title;
            subtitle = subtitle.or(parsed.subtitle);
            let sections = if parsed.questions.is_empty() {
                Vec::new()
            } else {
                vec![Section {
                    title: None,
                    line: parsed.questions[0].line,
                    intro: String::new(),
                    questions: parsed.questions,
                }]
            };
            (String::new(), sections, Some(parsed.transcript))
        }
        Shape::PlainText => {
            let (intro, sections) = plain::parse(&body, &placeholders);
            (intro, sections, None)
        }
        Shape::Page => {
            let intro: Vec<&str> = body
                .lines
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != title_line)
                .map(|(_, l)| *l)
                .collect();
            (join(&intro), Vec::new(), None)
        }
        _ => {
            let built = qa::build(&body, &scan, &rules, title_line, &placeholders);
            (built.intro, built.sections, None)
        }
    };

    if is_markdown {
        for fence in scan.fences.iter().filter(|f| !f.closed) {
            diagnostics.push(Diagnostic::warning(
                Code::UnclosedFence,
                body.file_line(fence.start),
                format!(
                    "this code block is never closed, so it runs to line {}. Add a closing ``` line.",
                    body.file_line(fence.end)
                ),
            ));
        }
    }

    sections.retain(|s| {
        let empty = s.questions.is_empty() && s.intro.trim().is_empty();
        if empty {
            if let Some(title) = &s.title {
                diagnostics.push(Diagnostic::warning(
                    Code::EmptySection,
                    s.line,
                    format!("section \"{title}\" has nothing under it; add questions or remove the heading."),
                ));
            }
        }
        !empty
    });
    assign_ids(slug, &mut sections);
    let mut transcript = transcript;
    if let Some(t) = transcript.as_mut() {
        link_turns(t, &sections);
    }
    report_questions(&sections, &mut diagnostics);
    for p in &placeholders {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            Code::Placeholder,
            p.line,
            p.column,
            format!(
                "blank to fill: [{}]. Replace it with your own words.",
                p.text
            ),
        ));
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));

    // Front matter wins; a first `#` heading that differs from it becomes the subtitle.
    let title = match (&front.title, heading_title) {
        (Some(t), Some(h)) => {
            if subtitle.is_none() && !h.eq_ignore_ascii_case(t) && shape != Shape::Transcript {
                subtitle = Some(h);
            }
            t.clone()
        }
        (Some(t), None) => t.clone(),
        (None, Some(h)) if !h.is_empty() => h,
        _ => title_from_path(&source.source),
    };
    let kind = if shape.kind() == Kind::Qa
        && sections.iter().all(|s| s.questions.is_empty())
        && front.shape.is_none()
    {
        Kind::Page
    } else {
        shape.kind()
    };
    Document {
        source: source.source.clone(),
        slug: slug.to_owned(),
        kind,
        shape: if kind == Kind::Page {
            Shape::Page
        } else {
            shape
        },
        title,
        subtitle,
        meta: front.meta,
        intro,
        sections,
        transcript,
        diagnostics,
    }
}

/// The first level-1 heading outside code: the document's own title line.
fn first_h1(body: &Body<'_>, scan: &markdown::Scan) -> Option<usize> {
    let atx = body
        .lines
        .iter()
        .enumerate()
        .find(|(i, l)| {
            !scan.is_code(*i) && markdown::atx_heading(l).is_some_and(|(level, _)| level == 1)
        })
        .map(|(i, _)| i);
    let setext = scan
        .setext
        .iter()
        .find(|(_, level, _)| *level == 1)
        .map(|(i, _, _)| *i);
    match (atx, setext) {
        (Some(a), Some(s)) => Some(a.min(s)),
        (a, s) => a.or(s),
    }
}

fn join(lines: &[&str]) -> String {
    let text = lines.join("\n");
    let trimmed = text.trim_matches('\n');
    if trimmed.trim().is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// `interview-notes_v2` → `Interview notes v2`.
fn title_from_path(source: &str) -> String {
    let name = source.rsplit('/').next().unwrap_or(source);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let spaced = stem.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_owned(),
    }
}

/// Give every question an id: `<slug>--<text slug>`, with `-2`, `-3`, ... on a collision.
fn assign_ids(slug: &str, sections: &mut [Section]) {
    let mut used = HashSet::new();
    let mut assign = |q: &mut Question| {
        let text = slugify(&markdown::plain_title(&q.text), ID_TEXT_MAX);
        let base = if text.is_empty() {
            format!("{slug}--q")
        } else {
            format!("{slug}--{text}")
        };
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        q.id = id;
    };
    for section in sections.iter_mut() {
        for q in section.questions.iter_mut() {
            assign(q);
            for child in q.children.iter_mut() {
                assign(child);
            }
        }
    }
}

/// Point each asking interviewer turn at the question derived from it.
fn link_turns(transcript: &mut Transcript, sections: &[Section]) {
    let by_line: std::collections::HashMap<usize, &str> = sections
        .iter()
        .flat_map(|s| s.questions.iter())
        .map(|q| (q.line, q.id.as_str()))
        .collect();
    for turn in transcript.turns.iter_mut() {
        turn.question_id = by_line.get(&turn.line).map(|id| (*id).to_owned());
    }
}

/// One warning per unanswered question.
fn report_questions(sections: &[Section], diagnostics: &mut Vec<Diagnostic>) {
    let questions = sections
        .iter()
        .flat_map(|s| s.questions.iter())
        .flat_map(|q| std::iter::once(q).chain(q.children.iter()));
    for q in questions.filter(|q| !q.answered) {
        diagnostics.push(Diagnostic::warning(
            Code::Unanswered,
            q.line,
            format!(
                "no answer yet: \"{}\". Write the answer below the question.",
                short(&q.text)
            ),
        ));
    }
}

/// The first 80 characters of a prompt, for messages.
pub(crate) fn short(text: &str) -> String {
    let plain = markdown::plain_title(text);
    if plain.chars().count() <= 80 {
        plain
    } else {
        let cut: String = plain.chars().take(77).collect();
        format!("{}...", cut.trim_end())
    }
}
