//! Parsing: one decoded source file in, one [`Document`] of the model out.
//!
//! Input: a [`SourceFile`], the document's slug (chosen by the pipeline so it is unique in the
//! site) and what `prepbook.yaml` declares about its structure. Output: the [`Document`] with
//! its diagnostics. Steps: split the front matter, scan the body once with pulldown-cmark, then
//! decide where questions start — the writer's declaration (`questions:`) if any, else `shape:`,
//! else inference from the evidence the structure shows (`cues` per line, `infer` over the body,
//! `detect` weighs them) — run the builder those rules call for, then give every question its
//! id and report what the writer should look at (unanswered questions, blanks, empty sections,
//! unclosed fences, a page whose lines look like questions). Never fails: a document it cannot
//! understand still comes out, with an error diagnostic saying why.

pub(crate) mod callout;
pub(crate) mod choices;
pub(crate) mod cues;
pub(crate) mod declare;
pub(crate) mod detect;
pub(crate) mod front_matter;
pub(crate) mod infer;
pub(crate) mod markdown;
pub(crate) mod placeholder;
pub(crate) mod plain;
pub(crate) mod qa;
pub(crate) mod star;
pub(crate) mod table;
pub(crate) mod transcript;

use crate::diag::{Code, Diagnostic, Severity};
use crate::load::SourceFile;
use crate::model::{Document, Kind, Link, Section, Shape, Transcript};
use crate::slug::slugify;
pub(crate) use crate::slug::UniqueNames;

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
pub(crate) fn parse(
    source: &SourceFile,
    slug: &str,
    config: Option<&declare::Declared>,
) -> Document {
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

    // A declared structure wins (front matter over `prepbook.yaml`), then `shape:`, then
    // what the structure shows.
    let declared = front.declared.clone().or(config);
    let rules = match (&declared.questions, front.shape) {
        (Some(marker), _) => detect::rules_declared(marker, declared.sections, &body, &scan),
        (None, Some(shape)) => detect::rules_for(shape, &body, &scan),
        (None, None) => detect::detect(&body, &scan, source.plain_text),
    };
    let rules = detect::with_sections(rules, declared.sections);
    let shape = rules.shape;
    let is_markdown = !matches!(shape, Shape::PlainText | Shape::Transcript);
    let title_line = is_markdown.then(|| first_h1(&body, &scan)).flatten();

    let placeholders = if shape == Shape::Transcript {
        Vec::new()
    } else {
        placeholder::find(&body, |i| scan.is_code(i), &mut diagnostics)
    };

    let heading_written = title_line.map(|i| {
        let line = body.lines[i];
        markdown::atx_heading(line).map_or(line.trim(), |(_, t)| t)
    });
    let mut heading_title = heading_written.map(markdown::title_text);
    let mut subtitle = front.subtitle.clone();
    let mut outro = String::new();
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
                    title_markup: None,
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
        Shape::Table => {
            let built = table::build(
                &body,
                &scan,
                &rules.evidence.tables,
                title_line,
                &placeholders,
            );
            (built.intro, built.sections, None)
        }
        Shape::Callouts => {
            let built = callout::build(&body, &scan, title_line, &placeholders);
            (built.intro, built.sections, None)
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
            outro = built.outro;
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

    // A titled heading with nothing under it stays, as GitHub shows it: most group the
    // sections after them (`## Part 1` over `### Arrays`). Only the last one is worth a word.
    let last = sections.len().saturating_sub(1);
    let mut n = 0;
    sections.retain(|s| {
        let empty = s.questions.is_empty() && s.intro.trim().is_empty();
        let is_last = n == last;
        n += 1;
        match &s.title {
            Some(title) if empty && is_last => {
                diagnostics.push(Diagnostic::warning(
                    Code::EmptySection,
                    s.line,
                    format!("section \"{title}\" has nothing under it; add questions or remove the heading."),
                ));
                true
            }
            Some(_) => true,
            None => !empty,
        }
    });
    let links = page_links(&body, &scan, shape, title_line);
    assign_ids(slug, &mut sections);
    let mut transcript = transcript;
    if let Some(t) = transcript.as_mut() {
        link_turns(t, &sections);
    }
    report_questions(&sections, &mut diagnostics);
    let star_cx = star::Context {
        behavioural_document: front
            .title
            .iter()
            .chain(&heading_title)
            .chain(&front.meta.tags)
            .any(|t| star::says_behavioural(t)),
    };
    star::mark(&mut sections, star_cx, &mut diagnostics);
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

    // Front matter wins; a first `#` heading that differs from it becomes the subtitle.
    // The heading's links and code show in the page's title when the heading is the title.
    let title_markup = match (&front.title, &heading_title) {
        (None, Some(h)) if !h.is_empty() && shape != Shape::Transcript => {
            heading_written.and_then(markdown::title_markup)
        }
        _ => None,
    };
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
        && declared.questions.is_none()
    {
        Kind::Page
    } else {
        shape.kind()
    };
    if kind == Kind::Page && front.shape.is_none() && declared.questions.is_none() {
        report_asking_lines(&body, &scan, &mut diagnostics);
    } else if rules.thin && kind != Kind::Page {
        diagnostics.push(Diagnostic::note(
            Code::LowConfidence,
            body.first_line,
            format!(
                "read as {} on thin evidence; run `prepbook explain` on this file, and declare \
                 `questions:` in its front matter if the reading is wrong.",
                shape.name()
            ),
        ));
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
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
        title_markup,
        subtitle,
        meta: front.meta,
        intro,
        sections,
        outro,
        transcript,
        links,
        diagnostics,
        fingerprint: fingerprint(source, slug),
        outlined: false,
    }
}

/// `prepbook explain`: the candidates for where questions start, with their evidence, what
/// won and why, and what came of it.
pub(crate) fn explain(source: &SourceFile, config: Option<&declare::Declared>) -> String {
    let mut scratch = Vec::new();
    let split = front_matter::split(&source.text, &mut scratch);
    let body = Body::new(split.body, split.body_line);
    let scan = markdown::scan(body.text, &body.lines);
    let (candidates, decision) = detect::explain(&body, &scan, source.plain_text);
    let doc = parse(source, "doc", config);
    let questions: Vec<&crate::model::Question> = doc.all_questions().collect();
    let answered = questions.iter().filter(|q| q.answered).count();
    let mut out = format!(
        "{}: read as {} ({} questions, {} answered)\n",
        source.source,
        doc.shape.name(),
        questions.len(),
        answered
    );
    let declared = split.front.declared.clone().or(config);
    let why = if declared.questions.is_some() {
        "the writer declared where questions start (`questions:`)".to_owned()
    } else if split.front.shape.is_some() {
        "front matter names the shape (`shape:`)".to_owned()
    } else if doc.shape == Shape::Page && decision.shape != Shape::Page {
        format!(
            "{}, but none of its candidates held up as a question",
            decision.why
        )
    } else {
        decision.why.to_owned()
    };
    out.push_str(&format!("  why: {why}\n"));
    if decision.thin {
        out.push_str("  confidence: low; declare `questions:` if this reading is wrong\n");
    }
    // The highest score wins; `-` marks a candidate short of what makes a habit.
    out.push_str("candidates (where questions could start): found, score, evidence\n");
    if candidates.is_empty() {
        out.push_str("  none\n");
    }
    for line in candidates {
        out.push_str(&line);
        out.push('\n');
    }
    if !questions.is_empty() {
        out.push_str("first questions:\n");
        for q in questions.iter().take(5) {
            out.push_str(&format!("  line {:<6} {}\n", q.line, short(&q.text)));
        }
    }
    out
}

/// What a document was read from, hashed: the same inputs always give the same document.
fn fingerprint(source: &SourceFile, slug: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    (&source.source, slug, &source.text, source.plain_text).hash(&mut h);
    h.finish()
}

/// The links of the markdown the page shows, with their place in the file. Plain text and
/// transcripts are shown as text, and the title heading and back-to-top lines the question
/// shapes drop are not shown at all: their links are not the page's.
fn page_links(
    body: &Body<'_>,
    scan: &markdown::Scan,
    shape: Shape,
    title_line: Option<usize>,
) -> Vec<Link> {
    if matches!(shape, Shape::PlainText | Shape::Transcript) {
        return Vec::new();
    }
    scan.links
        .iter()
        .filter(|l| Some(l.line) != title_line)
        .filter(|l| {
            shape == Shape::Page || body.lines.get(l.line).is_none_or(|t| !cues::is_noise(t))
        })
        .map(|l| Link {
            dest: l.dest.clone(),
            line: body.file_line(l.line),
            column: l.column,
        })
        .collect()
}

/// The level-1 heading outside code that titles the document: the only one. Several `#`
/// headings are the document's sections (or questions), not its title.
fn first_h1(body: &Body<'_>, scan: &markdown::Scan) -> Option<usize> {
    let mut h1 = body.lines.iter().enumerate().filter(|(i, l)| {
        !scan.is_code(*i) && markdown::atx_heading(l).is_some_and(|(level, _)| level == 1)
    });
    let atx = h1.next().map(|(i, _)| i);
    if h1.next().is_some() {
        return None;
    }
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
    let mut ids = UniqueNames::default();
    for section in sections.iter_mut() {
        for q in section.questions.iter_mut() {
            q.id = ids.claim(question_id_base(slug, &q.text));
            for child in q.children.iter_mut() {
                child.id = ids.claim(question_id_base(slug, &child.text));
            }
        }
    }
}

fn question_id_base(slug: &str, text: &str) -> String {
    let text = slugify(&markdown::plain_title(text), ID_TEXT_MAX);
    if text.is_empty() {
        format!("{slug}--q")
    } else {
        format!("{slug}--{text}")
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

/// A page (no questions found) whose lines look like questions: three or more headings, list
/// items, bold lines or paragraphs ending in `?`. The writer is told how to declare them.
fn report_asking_lines(body: &Body<'_>, scan: &markdown::Scan, diagnostics: &mut Vec<Diagnostic>) {
    let mut asking = Vec::new();
    for (i, raw) in body.lines.iter().enumerate() {
        if scan.is_code(i) {
            continue;
        }
        let t = raw.trim().trim_end_matches(['*', '_', ' ']);
        if !t.ends_with(['?', '？']) || t.len() < 8 {
            continue;
        }
        let marker = if let Some((level, _)) = markdown::atx_heading(raw) {
            format!("h{level}")
        } else if t.starts_with(['-', '*', '+']) && t[1..].starts_with(' ') {
            "bullet-list".to_owned()
        } else if t.starts_with(|c: char| c.is_ascii_digit()) && cues::leading_number(t).is_some() {
            "ordered-list".to_owned()
        } else if t.starts_with("**") || t.starts_with("__") {
            "bold-lead".to_owned()
        } else {
            continue;
        };
        asking.push((i, marker));
    }
    // Three: one or two rhetorical questions do not make a question list.
    if asking.len() < 3 {
        return;
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for (_, marker) in &asking {
        *counts.entry(marker.as_str()).or_default() += 1;
    }
    let marker = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map_or("h2", |(m, _)| *m);
    let first = body.file_line(asking[0].0);
    diagnostics.push(Diagnostic::warning(
        Code::PageWithQuestions,
        first,
        format!(
            "this document reads as a page, yet {} lines look like questions, e.g. line {first}; \
             add `questions: {marker}` to its front matter if they are.",
            asking.len()
        ),
    ));
}

/// One warning per unanswered question.
fn report_questions(sections: &[Section], diagnostics: &mut Vec<Diagnostic>) {
    let questions = sections.iter().flat_map(Section::all_questions);
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

#[cfg(test)]
mod tests {
    //! No input may panic, hang or produce a model that contradicts itself. Inputs are random
    //! bytes, random lines built from the markup the parsers react to, and real documents cut
    //! at random points. Case counts are bounded so CI spends a few seconds here.

    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn parse_bytes(bytes: &[u8], name: &str) -> Document {
        let mut diagnostics = Vec::new();
        let text = crate::load::decode::decode(bytes, &mut diagnostics);
        let source = SourceFile {
            source: name.to_owned(),
            text,
            plain_text: name.ends_with(".txt"),
            diagnostics,
        };
        parse(&source, "doc", None)
    }

    #[test]
    fn a_grouping_heading_stays_and_only_a_trailing_empty_one_is_warned_about() {
        let doc = parse_bytes(
            b"# Notes\n\n## Part 1: [Basics](https://example.com/b)\n\n### Arrays\n\n1. What is an array?\n\n   A block of memory.\n\n### Lists\n\n1. What is a list?\n\n   Linked nodes.\n\n## Loose end\n",
            "notes.md",
        );
        let titles: Vec<Option<&str>> = doc.sections.iter().map(|s| s.title.as_deref()).collect();
        assert_eq!(
            titles,
            [
                Some("Part 1: Basics"),
                Some("Arrays"),
                Some("Lists"),
                Some("Loose end")
            ]
        );
        assert_eq!(
            doc.sections[0].title_markup.as_deref(),
            Some("Part 1: [Basics](https://example.com/b)")
        );
        let warned: Vec<usize> = doc
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::EmptySection)
            .map(|d| d.line)
            .collect();
        assert_eq!(
            warned,
            [17],
            "only the trailing heading: {:?}",
            doc.diagnostics
        );
    }

    /// What every parsed document must satisfy.
    fn assert_consistent(doc: &Document, bytes: &[u8]) {
        let lines = bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count() + 1;
        let mut ids = HashSet::new();
        for q in doc.all_questions() {
            assert!(ids.insert(q.id.clone()), "duplicate id {}", q.id);
            assert!(q.id.starts_with("doc--"), "id {}", q.id);
            assert!(
                q.line >= 1 && q.line <= lines,
                "question line {} of {lines}",
                q.line
            );
        }
        for d in &doc.diagnostics {
            assert!(
                d.line >= 1 && d.line <= lines + 1,
                "diagnostic line {} of {lines}: {d:?}",
                d.line
            );
        }
        serde_json::to_string(doc).expect("the model serialises");
    }

    /// Fragments the parsers react to, to be strung into lines.
    const FRAGMENTS: [&str; 40] = [
        "## 1. ",
        "### Q1: ",
        "### Sample Answer:",
        "**Example 1 – x**",
        "## Question 3: ",
        "### Answer",
        "1. ### ",
        "   2.  #### ",
        "**What? 👶**",
        "* ",
        "  * ",
        "- ",
        "Question: ",
        "*问题：x*",
        "```",
        "~~~",
        "```python",
        "    ",
        "\t",
        "> ",
        "| a | b |",
        "|---|---|",
        "---",
        "===",
        "[x]",
        "[blank]",
        "[a](b)",
        "<br/>",
        "<details>",
        "INTERVIEWER: ",
        "USER: ",
        "[Stage]",
        "NOTES:",
        "Group:",
        "1. \"",
        "\"",
        "Situation: ",
        "**Result:** ",
        "â€™",
        "\u{0}",
    ];

    fn markup_line() -> impl Strategy<Value = String> {
        (
            proptest::collection::vec(0..FRAGMENTS.len(), 0..4),
            "[a-zA-Z ?:\\[\\]#*`日本é]{0,12}",
        )
            .prop_map(|(picks, tail)| {
                let mut line: String = picks.iter().map(|&i| FRAGMENTS[i]).collect();
                line.push_str(&tail);
                line
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let doc = parse_bytes(&bytes, "random.md");
            assert_consistent(&doc, &bytes);
        }

        #[test]
        fn random_markup_never_panics(lines in proptest::collection::vec(markup_line(), 0..60), txt in any::<bool>()) {
            let text = lines.join("\n");
            let doc = parse_bytes(text.as_bytes(), if txt { "notes.txt" } else { "notes.md" });
            assert_consistent(&doc, text.as_bytes());
        }
    }

    #[test]
    fn real_documents_cut_anywhere_never_panic() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .chain(walkdir::WalkDir::new(root.join("../shared/seeds")))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        files.sort();
        assert!(files.len() >= 10, "the sample content is there");
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
            cases: 64,
            ..ProptestConfig::default()
        });
        for path in files {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            runner
                .run(&(0..=bytes.len(), 0..=bytes.len()), |(a, b)| {
                    let (start, end) = (a.min(b), a.max(b));
                    let cut = &bytes[start..end];
                    assert_consistent(&parse_bytes(cut, &name), cut);
                    Ok(())
                })
                .unwrap();
        }
    }

    #[test]
    fn absurd_nesting_is_read_without_overflow() {
        let mut text = String::new();
        text.push_str(&"> ".repeat(20_000));
        text.push_str("quote\n");
        for depth in 0..2_000 {
            text.push_str(&" ".repeat(depth * 2));
            text.push_str("- item\n");
        }
        text.push_str(&"[".repeat(50_000));
        text.push_str(&"*".repeat(50_000));
        text.push('\n');
        let doc = parse_bytes(text.as_bytes(), "deep.md");
        assert_consistent(&doc, text.as_bytes());
    }
}
