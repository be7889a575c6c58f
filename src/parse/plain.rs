//! Plain-text question lists: `Group:` lines, `N. "question"` lines, answers below them.
//!
//! Input: body lines. Output: sections of questions whose answers are converted to markdown (the
//! text escaped, so a `*` in a .txt file stays a `*`). A line ending in `:` followed by a
//! numbered question names a group. Directly after a question, a `- Title:` or bare `Title:` line
//! followed by a body titles the answer (its first part); short `Label:` lines inside the body
//! start further parts; runs of lines that mix `- ` items and bare lines are lists.

use super::cues;
use super::markdown;
use super::qa::{self, Start};
use super::Body;
use crate::model::{Placeholder, Question, Section, Segment, SegmentKind};

/// Parse a plain-text body into an intro and sections.
pub(crate) fn parse(body: &Body<'_>, placeholders: &[Placeholder]) -> (String, Vec<Section>) {
    let quoted_style = body.lines.iter().any(|l| quoted_question(l).is_some());
    // Without quotes, a numbered line is a question when it asks; numbered steps inside an
    // answer ("1. Listen first") are the answer's.
    let is_question = |line: &str| -> Option<(u32, String)> {
        if quoted_style {
            quoted_question(line)
        } else if markdown::indent_of(line) == 0 {
            cues::leading_number(line.trim())
                .filter(|(_, t)| cues::asks(t))
                .map(|(n, t)| (n, t.to_owned()))
        } else {
            None
        }
    };
    let next_nonblank = |from: usize| {
        body.lines[from..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .copied()
    };

    let mut intro = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<(Start, usize, Vec<usize>)> = None;
    let finish = |q: (Start, usize, Vec<usize>), sections: &mut Vec<Section>| {
        let question = question(body, q, placeholders);
        if sections.is_empty() {
            sections.push(Section {
                title: None,
                title_markup: None,
                line: question.line,
                intro: String::new(),
                questions: Vec::new(),
            });
        }
        if let Some(s) = sections.last_mut() {
            s.questions.push(question);
        }
    };

    for (i, line) in body.lines.iter().enumerate() {
        if let Some((number, text)) = is_question(line) {
            if let Some(q) = current.take() {
                finish(q, &mut sections);
            }
            let start = Start {
                number: Some(number),
                text: markdown::escape_markdown(markdown::strip_quotes(&text)),
                difficulty: None,
                indent: 0,
                lead_answer: None,
            };
            current = Some((start, i, Vec::new()));
            continue;
        }
        let group = group_title(line)
            .filter(|_| next_nonblank(i + 1).is_some_and(|n| is_question(n).is_some()));
        if let Some(title) = group {
            if let Some(q) = current.take() {
                finish(q, &mut sections);
            }
            sections.push(Section {
                title: Some(title.to_owned()),
                title_markup: None,
                line: body.file_line(i),
                intro: String::new(),
                questions: Vec::new(),
            });
            continue;
        }
        match current.as_mut() {
            Some((_, _, lines)) => lines.push(i),
            None => intro.push(*line),
        }
    }
    if let Some(q) = current.take() {
        finish(q, &mut sections);
    }
    let intro = to_markdown(&intro);
    (intro, sections)
}

/// `7. "text"`: (7, text with its quotes).
fn quoted_question(line: &str) -> Option<(u32, String)> {
    if markdown::indent_of(line) > 0 {
        return None;
    }
    let (number, rest) = cues::leading_number(line.trim())?;
    rest.starts_with(['"', '“'])
        .then(|| (number, rest.to_owned()))
}

/// `Architecture & System Design Questions:`: a line that ends in a colon and is no list item.
fn group_title(line: &str) -> Option<&str> {
    let t = line.trim();
    let title = t.strip_suffix([':', '：'])?.trim();
    let is_item = t.starts_with(['-', '*', '"', '“']) || cues::leading_number(t).is_some();
    (!title.is_empty() && !is_item && title.chars().count() <= 100).then_some(title)
}

/// A short `Label:` line inside an answer, starting a part.
fn part_title(line: &str) -> Option<&str> {
    let t = line.trim();
    let title = t.strip_suffix(':')?.trim();
    let short = title.chars().count() <= 60 && !title.is_empty();
    let plain = !t.starts_with(['-', '*', '"', '“', '•']) && !title.contains(':');
    (short && plain).then_some(title)
}

fn question(
    body: &Body<'_>,
    (start, line, lines): (Start, usize, Vec<usize>),
    placeholders: &[Placeholder],
) -> Question {
    let text_lines: Vec<(usize, &str)> = lines.iter().map(|&i| (i, body.lines[i])).collect();
    let segments = answer_segments(body, &text_lines);
    let first = body.file_line(line);
    let last = lines.last().map_or(first, |&i| body.file_line(i));
    let answered = segments.iter().any(qa::segment_has_content);
    Question {
        id: String::new(),
        number: start.number,
        text: start.text,
        line: first,
        end_line: last,
        difficulty: None,
        prompt: String::new(),
        answer: qa::answer_text(&segments),
        choices: Vec::new(),
        correct: Vec::new(),
        segments,
        answered,
        code_blocks: Vec::new(),
        tables: Vec::new(),
        placeholders: qa::in_lines(placeholders, first, last, |p| p.line).to_vec(),
        children: Vec::new(),
        star: None,
    }
}

/// The answer lines of one question as segments: a titled first part when a title line leads.
fn answer_segments(body: &Body<'_>, lines: &[(usize, &str)]) -> Vec<Segment> {
    let content: Vec<(usize, &str)> = {
        let start = lines
            .iter()
            .position(|(_, l)| !l.trim().is_empty())
            .unwrap_or(lines.len());
        let end = lines
            .iter()
            .rposition(|(_, l)| !l.trim().is_empty())
            .map_or(start, |e| e + 1);
        lines[start..end].to_vec()
    };
    let Some(&(first_i, first_line)) = content.first() else {
        return Vec::new();
    };
    let mut segments: Vec<(Segment, Vec<&str>)> = Vec::new();
    let mut rest = &content[..];
    let title = first_line.trim().trim_start_matches('-').trim();
    if content.len() > 1 {
        if let Some(t) = part_title(title).filter(|_| !first_line.trim().starts_with(['"', '“']))
        {
            segments.push((
                part(SegmentKind::Part, Some(t), body.file_line(first_i)),
                Vec::new(),
            ));
            rest = &content[1..];
        }
    }
    // The body is often wrapped in quotes: an opening `"` on its first line, a closing one last.
    let mut opened = false;
    for (n, &(i, line)) in rest.iter().enumerate() {
        let mut text = line;
        if n == 0 || (!opened && text.trim_start().starts_with(['"', '“'])) {
            if let Some(t) = text.trim_start().strip_prefix(['"', '“']) {
                text = t;
                opened = true;
            }
        } else if let Some(t) = part_title(text) {
            segments.push((
                part(SegmentKind::Part, Some(t), body.file_line(i)),
                Vec::new(),
            ));
            continue;
        }
        if n + 1 == rest.len() && opened {
            text = text.trim_end().strip_suffix(['"', '”']).unwrap_or(text);
        }
        if segments.is_empty() {
            segments.push((part(SegmentKind::Body, None, body.file_line(i)), Vec::new()));
        }
        if let Some((_, buf)) = segments.last_mut() {
            buf.push(text);
        }
    }
    segments
        .into_iter()
        .map(|(mut s, lines)| {
            s.markdown = to_markdown(&lines);
            s
        })
        .collect()
}

fn part(kind: SegmentKind, title: Option<&str>, line: usize) -> Segment {
    Segment {
        kind,
        title: title.map(str::to_owned),
        line,
        markdown: String::new(),
    }
}

/// Plain lines as markdown: blank lines separate blocks; in a block of several lines, or one with
/// `- ` items, every line is a list item (a leading line ending in `:` stays a lead paragraph).
pub(crate) fn to_markdown(lines: &[&str]) -> String {
    let mut out = String::new();
    let mut block: Vec<&str> = Vec::new();
    let flush = |block: &mut Vec<&str>, out: &mut String| {
        if block.is_empty() {
            return;
        }
        fn items(l: &str) -> Option<&str> {
            l.trim().strip_prefix(['-', '*', '•']).map(str::trim)
        }
        let is_list = block.len() > 1 || items(block[0]).is_some();
        let mut rest = &block[..];
        if is_list
            && items(block[0]).is_none()
            && (block[0].trim_end().ends_with(':') || block.len() == 1)
        {
            out.push_str(&markdown::escape_markdown(block[0].trim()));
            out.push_str("\n\n");
            rest = &block[1..];
        }
        if is_list {
            for line in rest {
                let item = items(line).unwrap_or(line.trim());
                out.push_str("- ");
                out.push_str(&markdown::escape_markdown(item));
                out.push('\n');
            }
        } else {
            out.push_str(&markdown::escape_markdown(block[0].trim()));
            out.push('\n');
        }
        out.push('\n');
        block.clear();
    };
    for line in lines {
        if line.trim().is_empty() {
            flush(&mut block, &mut out);
        } else {
            block.push(line);
        }
    }
    flush(&mut block, &mut out);
    let trimmed = out.trim_end();
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_become_lists() {
        let md = to_markdown(&["Key steps:", "- one", "two", "", "A sentence."]);
        assert_eq!(md, "Key steps:\n\n- one\n- two\n\nA sentence.\n");
    }

    #[test]
    fn escaping_keeps_text_literal() {
        assert_eq!(markdown::escape_markdown("a*b* [x]"), "a\\*b\\* \\[x\\]");
        assert_eq!(
            markdown::escape_markdown("1. not a list"),
            "1\\. not a list"
        );
        assert_eq!(
            markdown::escape_markdown("# not a heading"),
            "\\# not a heading"
        );
    }

    #[test]
    fn groups_questions_and_titled_answers() {
        let text = "\nBasics:\n1. \"What is X?\"\n- X Explained:\n\"X is a thing.\nDetails:\n\n- a\nb\"\n\n2. \"What is Y?\"\n";
        let body = Body::new(text, 1);
        let (_, sections) = parse(&body, &[]);
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].title.as_deref(), Some("Basics"));
        let q = &sections[0].questions;
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text, "What is X?");
        assert!(q[0].answered && !q[1].answered);
        let titles: Vec<_> = q[0]
            .segments
            .iter()
            .map(|s| s.title.clone().unwrap_or_default())
            .collect();
        assert_eq!(titles, ["X Explained", "Details"]);
        assert_eq!(q[0].segments[1].markdown, "- a\n- b\n");
    }
}
