//! Questions in callouts: `> [!question]- What is X?` with the answer quoted below it.
//!
//! Input: the body, its scan and the lines where question callouts open (from the evidence).
//! Output: [`Built`]: a heading opens a section; a callout is a question whose title is its
//! prompt and whose quoted lines (one `>` taken off) are its answer; text between callouts is
//! the section's intro. Obsidian writes `[!question]`, `[!faq]` and `[!help]` for these (`-`
//! or `+` after the type folds it); other callouts (`[!note]`, GitHub's `[!TIP]`) are not
//! questions and stay text.

use super::markdown::{self, Scan};
use super::qa::{attached, in_lines, segment_has_content, Built};
use super::Body;
use crate::model::{Placeholder, Question, Section, Segment, SegmentKind};

/// The callout types that ask.
const ASKING_TYPES: [&str; 3] = ["question", "faq", "help"];

/// `> [!question]- Title`: the title, when the line opens a question callout.
pub(crate) fn question_callout(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('>')?.trim_start();
    let rest = rest.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    if !ASKING_TYPES.iter().any(|t| t.eq_ignore_ascii_case(kind)) {
        return None;
    }
    let title = rest[close + 1..].trim_start_matches(['-', '+']).trim();
    (!title.is_empty()).then_some(title)
}

/// A quoted line without its first `>` (and the space after it), or `None` past the quote.
fn unquote(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

/// Build the sections of a document whose questions are callouts.
pub(crate) fn build(
    body: &Body<'_>,
    scan: &Scan,
    title_line: Option<usize>,
    placeholders: &[Placeholder],
) -> Built {
    let mut built = Built::default();
    let mut intro: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < body.lines.len() {
        let raw = body.lines[i];
        if Some(i) == title_line {
            i += 1;
            continue;
        }
        if !scan.is_code(i) {
            if let Some(title) = question_callout(raw) {
                after_question(
                    &mut built,
                    &mut intro,
                    body.file_line(i.min(body.lines.len().saturating_sub(1))),
                );
                let mut end = i;
                let mut answer = Vec::new();
                while let Some(line) = body.lines.get(end + 1).and_then(|l| unquote(l)) {
                    answer.push(line);
                    end += 1;
                }
                let q = question(body, scan, (i, end), title, &answer, placeholders);
                built.section_at(i, body).questions.push(q);
                i = end + 1;
                continue;
            }
            if let Some((_, text)) = markdown::atx_heading(raw) {
                after_question(
                    &mut built,
                    &mut intro,
                    body.file_line(i.min(body.lines.len().saturating_sub(1))),
                );
                built.sections.push(Section {
                    title: Some(markdown::strip_colon(&markdown::title_text(text)).to_owned()),
                    title_markup: markdown::title_markup(text),
                    line: body.file_line(i),
                    intro: String::new(),
                    questions: Vec::new(),
                });
                i += 1;
                continue;
            }
        }
        intro.push(raw);
        i += 1;
    }
    after_question(
        &mut built,
        &mut intro,
        body.file_line(body.lines.len().saturating_sub(1)),
    );
    built
}

/// Text after a callout, before the next one or a heading, stays where it was written: shown
/// after that question's answer. It does not make the question answered: the callout's own
/// quote is the answer, and a note beside it is not. Text before a section's first question
/// is the section's intro.
fn after_question(built: &mut Built, lines: &mut Vec<&str>, line: usize) {
    let last = built
        .sections
        .last_mut()
        .and_then(|s| s.questions.last_mut());
    let Some(q) = last else {
        built.add_text(lines);
        return;
    };
    let text = lines.join("\n");
    lines.clear();
    let text = text.trim_matches('\n');
    if text.trim().is_empty() {
        return;
    }
    let segment = Segment {
        kind: SegmentKind::Body,
        title: None,
        line,
        markdown: format!("{text}\n"),
    };
    q.segments.push(segment);
}

/// One callout, lines `first..=last` of the body, as a question.
fn question(
    body: &Body<'_>,
    scan: &Scan,
    (first, last): (usize, usize),
    title: &str,
    answer: &[&str],
    placeholders: &[Placeholder],
) -> Question {
    let markdown = answer.join("\n").trim_matches('\n').to_owned();
    let segment = Segment {
        kind: SegmentKind::Body,
        title: None,
        line: body.file_line((first + 1).min(last)),
        markdown: if markdown.trim().is_empty() {
            String::new()
        } else {
            format!("{markdown}\n")
        },
    };
    let segments: Vec<Segment> = (!segment.markdown.is_empty())
        .then_some(segment)
        .into_iter()
        .collect();
    let (code_blocks, tables) = attached(body, scan, (first, last), None);
    let (file_first, file_last) = (body.file_line(first), body.file_line(last));
    Question {
        id: String::new(),
        number: None,
        text: title.to_owned(),
        line: file_first,
        end_line: file_last,
        difficulty: None,
        prompt: String::new(),
        answer: segments
            .first()
            .map(|s| s.markdown.clone())
            .unwrap_or_default(),
        choices: Vec::new(),
        correct: Vec::new(),
        answered: segments.iter().any(segment_has_content) || !code_blocks.is_empty(),
        segments,
        code_blocks,
        tables,
        placeholders: in_lines(placeholders, file_first, file_last, |p| p.line).to_vec(),
        children: Vec::new(),
        star: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asking_callouts_only() {
        assert_eq!(
            question_callout("> [!question]- What is a B-tree?"),
            Some("What is a B-tree?")
        );
        assert_eq!(question_callout(">[!FAQ]+ Why batch?"), Some("Why batch?"));
        assert_eq!(question_callout("> [!note] Remember this"), None);
        assert_eq!(question_callout("> [!TIP]"), None);
        assert_eq!(
            question_callout("> [!question]"),
            None,
            "no title, nothing asked"
        );
    }

    #[test]
    fn callouts_become_questions_with_their_quoted_answers() {
        let text = "# Storage\n\n## Trees\n\n> [!question]- What is a B-tree?\n> A balanced tree with wide nodes.\n>\n> ```sql\n> CREATE INDEX i ON t (k);\n> ```\n\nBetween the two.\n\n> [!faq] Why are LSM writes cheap?\n\n> [!note] Not a question\n> Just a note.\n";
        let body = Body::new(text, 1);
        let scan = markdown::scan(body.text, &body.lines);
        let built = build(&body, &scan, Some(0), &[]);
        let trees = &built.sections[0];
        assert_eq!(trees.title.as_deref(), Some("Trees"));
        let qs = &trees.questions;
        assert_eq!(qs.len(), 2);
        assert_eq!((qs[0].line, qs[0].end_line), (5, 10));
        assert!(qs[0].answered);
        assert_eq!(qs[0].code_blocks.len(), 1);
        assert!(qs[0].answer.starts_with("A balanced tree"));
        assert!(!qs[1].answered);
        assert!(trees.intro.is_empty());
        assert!(qs[0]
            .segments
            .last()
            .unwrap()
            .markdown
            .contains("Between the two."));
        assert!(qs[1].segments.last().unwrap().markdown.contains("[!note]"));
    }
}
