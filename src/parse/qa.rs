//! Markdown question-and-answer shapes: one set of line rules per shape, one shared builder.
//!
//! Input: a body split into lines, the CommonMark [`Scan`] of it and the detected [`Shape`].
//! Output: [`Built`], the document's intro and its sections of questions. Each shape only says
//! what a line *is* (a section heading, a question, a nested question, an answer part, a worked
//! example, noise, or content); the builder then groups lines the same way for every shape, so a
//! rule learnt on one handbook (back-to-top links, `<br/>` separators, prompt code) serves all.

use super::choices;
use super::cues::{
    self, asks, bold_number_lead, commands, is_answer_label, is_noise, leading_number, question_n,
    question_paragraph, strip_difficulty, strip_difficulty_tag,
};
use super::declare;
use super::detect::Rules;
use super::infer;
use super::markdown::{self, Scan};
use super::Body;
use crate::model::{CodeBlock, Placeholder, Question, Section, Segment, SegmentKind, Shape, Table};

/// Where a question starts and what it says.
#[derive(Debug, Clone)]
pub(crate) struct Start {
    /// Number as written.
    pub(crate) number: Option<u32>,
    /// The prompt (inline markdown).
    pub(crate) text: String,
    /// Difficulty marked on the prompt.
    pub(crate) difficulty: Option<String>,
    /// Columns of indentation the answer lines carry (the list item's content column).
    pub(crate) indent: usize,
    /// Answer written on the prompt's own line (`**Why?** - [Learn more](…)`).
    pub(crate) lead_answer: Option<String>,
}

/// What one line is.
#[derive(Debug, Clone)]
enum Mark<'a> {
    /// Text of whatever encloses it.
    Content,
    /// Nothing: the title heading, separators, `### Answer` markers, back-to-top links.
    Drop,
    /// A section heading.
    Section(String),
    /// A top-level question.
    Question(Start),
    /// A question nested in the current one.
    Child(Start),
    /// A titled part of the answer; `rest` is text on the same line after the title.
    Part {
        title: String,
        rest: Option<&'a str>,
    },
    /// A worked example.
    Example(String),
    /// The end of the question (`</details>`): what follows belongs to no answer.
    End,
}

/// What the builder made of a body.
#[derive(Debug, Default)]
pub(crate) struct Built {
    /// Markdown before the first section or question.
    pub(crate) intro: String,
    /// The sections.
    pub(crate) sections: Vec<Section>,
    /// Markdown after the last answer that belongs to no question (a source line, a disclaimer).
    pub(crate) outro: String,
}

impl Built {
    /// The section a question at 0-based `line` joins: the last one opened, or an untitled
    /// one for questions before any heading.
    pub(crate) fn section_at(&mut self, line: usize, body: &Body<'_>) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section {
                title: None,
                title_markup: None,
                line: body.file_line(line),
                intro: String::new(),
                questions: Vec::new(),
            });
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    /// Text between questions goes to the intro of the section it stands in (or the
    /// document's, before any section); `lines` is emptied.
    pub(crate) fn add_text(&mut self, lines: &mut Vec<&str>) {
        let text = lines.join("\n");
        lines.clear();
        let text = text.trim_matches('\n');
        if text.trim().is_empty() {
            return;
        }
        let target = match self.sections.last_mut() {
            Some(s) => &mut s.intro,
            None => &mut self.intro,
        };
        target.push_str(text);
        target.push('\n');
    }
}

/// The code blocks and tables of body lines `first..=last`, by binary search: what a question
/// spanning those lines holds. `prompt_end` is the prompt's last line when code may belong to it.
pub(crate) fn attached(
    body: &Body<'_>,
    scan: &Scan,
    (first, last): (usize, usize),
    prompt_end: Option<usize>,
) -> (Vec<CodeBlock>, Vec<Table>) {
    let code_blocks = in_lines(&scan.fences, first, last, |f| f.start)
        .iter()
        .map(|f| CodeBlock {
            lang: f.lang.clone(),
            line: body.file_line(f.start),
            code: f.code.clone(),
            in_prompt: prompt_end.is_some_and(|end| f.start <= end),
        })
        .collect();
    let tables = in_lines(&scan.tables, first, last, |t| t.line)
        .iter()
        .map(|t| Table {
            line: body.file_line(t.line),
            columns: t.columns,
            rows: t.rows,
        })
        .collect();
    (code_blocks, tables)
}

/// Context of the line being classified.
#[derive(Clone, Copy)]
struct InQuestion {
    /// Columns of indentation answer lines carry.
    indent: usize,
    /// Whether the question being answered already has prose (not just prompt code).
    has_prose: bool,
    /// Whether the top-level question's prompt ends in a colon ("Explain these headers:").
    lists_items: bool,
    /// The top-level question's content column (for bullets: deeper bullets are follow-ups).
    question_indent: usize,
}

/// Build sections and questions from `body` by `rules`. Ids are left empty for the caller.
pub(crate) fn build(
    body: &Body<'_>,
    scan: &Scan,
    rules: &Rules,
    title_line: Option<usize>,
    placeholders: &[Placeholder],
) -> Built {
    let mut intro = Vec::new();
    let mut sections: Vec<SectionBuild> = Vec::new();
    let mut current: Option<QuestionBuild<'_>> = None;
    let setext_text: std::collections::HashMap<usize, u8> = scan
        .setext
        .iter()
        .map(|&(l, level, _)| (l, level))
        .collect();
    let setext_under: std::collections::HashSet<usize> =
        scan.setext.iter().map(|&(_, _, u)| u).collect();

    for (i, &raw) in body.lines.iter().enumerate() {
        let in_question = current.as_ref().map(|q| {
            let target = q.children.last().unwrap_or(q);
            InQuestion {
                indent: target.start.indent,
                has_prose: target.prose,
                lists_items: q.start.text.trim_end().ends_with([':', '：']),
                question_indent: q.start.indent,
            }
        });
        let mark = if scan.is_code(i) {
            Mark::Content
        } else if Some(i) == title_line && rules.shape == Shape::Exercise {
            // The exercise's title is its one question; everything under it answers it.
            let text = markdown::atx_heading(raw).map_or(raw.trim(), |(_, t)| t);
            Mark::Question(heading_start(None, text))
        } else if Some(i) == title_line || setext_under.contains(&i) {
            Mark::Drop
        } else {
            let line = markdown::dedent(raw, in_question.map_or(0, |q| q.indent));
            let heading = match setext_text.get(&i) {
                Some(&level) => Some((level, line.trim())),
                None => markdown::atx_heading(line),
            };
            let next = body.lines.get(i + 1).copied();
            classify(rules, i, raw, line, heading, in_question, next)
        };
        match mark {
            Mark::Section(title) => {
                if let Some(q) = current.take() {
                    push_question(&mut sections, q, body);
                }
                // A heading's links and code show on the page as written (setext text is the
                // line itself).
                let written = match setext_text.get(&i) {
                    Some(_) => Some(raw.trim()),
                    None => markdown::atx_heading(raw.trim_start()).map(|(_, t)| t),
                };
                let title_markup = written.and_then(|w| {
                    markdown::title_markup(w)
                        .filter(|_| markdown::strip_colon(&markdown::title_text(w)) == title)
                });
                sections.push(SectionBuild {
                    title: Some(title),
                    title_markup,
                    line: i,
                    intro: Vec::new(),
                    questions: Vec::new(),
                });
            }
            Mark::Question(start) => {
                if let Some(q) = current.take() {
                    push_question(&mut sections, q, body);
                }
                current = Some(QuestionBuild::new(start, i));
            }
            Mark::End => {
                if let Some(q) = current.take() {
                    push_question(&mut sections, q, body);
                }
            }
            Mark::Child(start) => match current.as_mut() {
                Some(q) => q.children.push(QuestionBuild::new(start, i)),
                None => current = Some(QuestionBuild::new(start, i)),
            },
            // Noise outside questions (the title heading, separators) goes nowhere.
            Mark::Drop if current.is_none() => {}
            mark => match current.as_mut() {
                Some(q) => {
                    let target = q.target();
                    target.prose |=
                        !raw.trim().is_empty() && !scan.is_code(i) && !matches!(mark, Mark::Drop);
                    target.lines.push((i, mark));
                }
                None => match sections.last_mut() {
                    Some(s) => s.intro.push(i),
                    None => intro.push(i),
                },
            },
        }
    }
    let mut outro = Vec::new();
    if let Some(mut q) = current.take() {
        outro = q.target().split_trailing(body, scan);
        push_question(&mut sections, q, body);
    }

    let intro = join_lines(body, intro.iter().map(|&i| (i, 0)));
    let outro = join_lines(body, outro.into_iter().map(|i| (i, 0)));
    let sections = sections
        .into_iter()
        .map(|s| s.finish(body, scan, rules, placeholders))
        .collect();
    Built {
        intro,
        sections,
        outro,
    }
}

/// Lines that close a document rather than answer its last question: a source or credit line,
/// a disclaimer, a licence or copyright line, a link alone, an italic aside, a comment.
fn is_closing_line(line: &str) -> bool {
    let t = line.trim();
    let plain = markdown::plain_title(t).to_lowercase();
    let word = plain.trim_start_matches(|c: char| !c.is_alphanumeric());
    const OPENERS: [&str; 12] = [
        "source",
        "sources",
        "credit",
        "credits",
        "reference",
        "references",
        "disclaimer",
        "license",
        "licence",
        "copyright",
        "©",
        "thanks",
    ];
    let labelled = OPENERS.iter().any(|o| {
        word.strip_prefix(o)
            .is_some_and(|r| r.is_empty() || r.starts_with([':', ' ', '.', '!']))
    }) || t.contains('©');
    let aside = t.len() > 2
        && ((t.starts_with('*') && t.ends_with('*')) || (t.starts_with('_') && t.ends_with('_')));
    let link_alone = t.starts_with('[') && t.ends_with(')') && t.contains("](");
    let comment = t.starts_with("<!--") && t.ends_with("-->");
    t.is_empty() || labelled || aside || link_alone || comment || is_noise(t)
}

/// Decide what `line` is. `raw` is the line as written; `line` has the answer indent removed.
fn classify<'a>(
    rules: &Rules,
    i: usize,
    raw: &str,
    line: &'a str,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
    next: Option<&str>,
) -> Mark<'a> {
    if is_noise(line) {
        return Mark::Drop;
    }
    let mark = match rules.shape {
        Shape::Checklist => checklist(rules, i, heading, q),
        Shape::Details => details(rules, i, raw, heading, q, next),
        Shape::Exercise => heading.map(|(_, text)| Mark::Part {
            title: section_title(text),
            rest: None,
        }),
        Shape::QuestionNumbered => numbered(rules, heading, q),
        Shape::Categories => categories(rules, i, heading, q),
        Shape::ListHeadings => list_headings(raw, heading, q),
        Shape::BoldQuestions => bold_questions(rules, line, heading, q),
        Shape::Pattern => pattern(rules, raw, heading, q),
        Shape::Bullets | Shape::QuestionParagraphs if declared_item(rules, raw).is_some() => {
            declared_item(rules, raw)
        }
        // A question set on its own line opens its paragraph; the rest answers it.
        Shape::QuestionParagraphs if rules.evidence.asking_paragraphs.contains(&i) => {
            let t = line.trim();
            let text = t.strip_prefix('>').map_or(t, str::trim_start);
            // A labelled one (`Q. …`, `**Question 3:** …`) loses its label.
            let text = question_paragraph(text).unwrap_or(text);
            Some(Mark::Question(plain_start(text)))
        }
        Shape::Bullets | Shape::QuestionParagraphs => {
            // Where the questions are the bold-led items, the formatting is the evidence,
            // whether or not a section's prompts ask in words ("Open/Closed Principle").
            if rules.bold_items && markdown::indent_of(raw) <= 1 {
                if let Some(mark) = bold_item(raw) {
                    return mark;
                }
            }
            if rules.evidence.silent_items.contains(&i) && rules.declared.is_none() {
                // A list in a section where nothing asks is content ("Go deeper" links).
                return Mark::Content;
            }
            match heading {
                Some((level, text)) if is_part_level(rules, level, q) => Some(Mark::Part {
                    title: section_title(text),
                    rest: None,
                }),
                _ => lists(raw, heading, q, next),
            }
        }
        Shape::PlainText | Shape::Transcript | Shape::Table | Shape::Callouts | Shape::Page => None,
    };
    if let Some(mark) = mark {
        return mark;
    }
    // Inside a question, bold lead-ins and STAR labels title the answer's parts everywhere.
    if q.is_some() && markdown::indent_of(line) < 4 {
        if let Some(title) = example_title(line) {
            return Mark::Example(title);
        }
        if let Some((title, rest)) = bold_label(line).or_else(|| star_label(line)) {
            if title.to_lowercase().starts_with("example") {
                return Mark::Example(title);
            }
            return Mark::Part { title, rest };
        }
    }
    Mark::Content
}

fn checklist<'a>(
    rules: &Rules,
    i: usize,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
) -> Option<Mark<'a>> {
    let (level, text) = heading?;
    if level == rules.question_level || rules.evidence.sequence.contains(&i) {
        if let Some((number, rest)) = leading_number(text) {
            return Some(Mark::Question(heading_start(Some(number), rest)));
        }
    }
    Some(heading_in_question(level, text, q, rules.question_level))
}

/// `<details>` folds: the summary asks, the fold answers, `</details>` ends the answer. Between
/// folds, bullets that ask are questions still unanswered (documents list the easy ones bare).
fn details<'a>(
    rules: &Rules,
    i: usize,
    raw: &str,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
    next: Option<&str>,
) -> Option<Mark<'a>> {
    if let Some(summary) = rules.evidence.summaries.get(&i) {
        if summary.label {
            return Some(Mark::Drop);
        }
        // `<summary>3. What does select do?</summary>`: the number orders the fold.
        let (number, text) = split_number(&summary.text);
        return Some(Mark::Question(Start {
            number,
            ..plain_start(text)
        }));
    }
    if rules.evidence.summary_rest.contains(&i) {
        return Some(Mark::Drop);
    }
    // A fold inside the answer's fold (a hint, a long listing) is the answer's content.
    if rules.evidence.inner_folds.contains(&i) {
        return Some(if q.is_some() {
            Mark::Content
        } else {
            Mark::Drop
        });
    }
    let tag = raw.trim().to_ascii_lowercase();
    if tag == "<details>" || tag.starts_with("<details ") {
        return Some(Mark::Drop);
    }
    if tag == "</details>" {
        return Some(if q.is_some() { Mark::End } else { Mark::Drop });
    }
    if let Some((_, text)) = heading {
        return Some(match q {
            Some(_) if is_answer_marker(text) => Mark::Drop,
            Some(_) => Mark::Part {
                title: section_title(text),
                rest: None,
            },
            None => Mark::Section(section_title(text)),
        });
    }
    match q {
        // Inside a fold everything answers; outside, and after a bare bullet question (its
        // content column is past the margin), only an asking bullet starts a question.
        Some(q) if q.question_indent == 0 => None,
        _ => match lists(raw, None, None, next) {
            Some(Mark::Question(start)) => Some(Mark::Question(start)),
            _ => None,
        },
    }
}

fn numbered<'a>(
    rules: &Rules,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
) -> Option<Mark<'a>> {
    let (level, text) = heading?;
    if let Some((number, rest)) = question_n(text) {
        return Some(Mark::Question(heading_start(number, rest)));
    }
    // `## Q1` over its question: the prompt is the paragraph below (see `finish`).
    if let Some(number) = cues::question_label(text) {
        return Some(Mark::Question(Start {
            number: Some(number),
            ..plain_start("")
        }));
    }
    if q.is_some() && is_answer_marker(text) {
        return Some(Mark::Drop);
    }
    Some(heading_in_question(level, text, q, rules.question_level))
}

fn categories<'a>(
    rules: &Rules,
    i: usize,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
) -> Option<Mark<'a>> {
    let (level, text) = heading?;
    if q.is_some() && is_answer_marker(text) {
        return Some(Mark::Drop);
    }
    // A heading after the last one that asks, asking nothing itself and naming the close of
    // notes ("Further reading", "Summary"), is a section, not a question.
    let trailing = rules.last_question_heading.is_some_and(|last| i > last)
        && !asks(text)
        && cues::closes_notes(text);
    if level == rules.question_level && !trailing {
        let (number, rest) = split_number(text);
        return Some(Mark::Question(heading_start(number, rest)));
    }
    Some(heading_in_question(level, text, q, rules.question_level))
}

/// A heading that is not a question: a child (`### Q1:`), a part of the answer, or a section.
fn heading_in_question<'a>(
    level: u8,
    text: &str,
    q: Option<InQuestion>,
    question_level: u8,
) -> Mark<'a> {
    match q {
        // `#### Answer: C` above an `###### 12.` question still answers it: a label never
        // opens a section, whatever its level.
        Some(_) if is_answer_label(text) => Mark::Part {
            title: markdown::strip_colon(&markdown::title_text(text)).to_owned(),
            rest: None,
        },
        Some(_) if level > question_level => match child_q(text) {
            Some((number, rest)) => Mark::Child(heading_start(Some(number), rest)),
            None => Mark::Part {
                title: markdown::strip_colon(&markdown::title_text(text)).to_owned(),
                rest: None,
            },
        },
        _ => Mark::Section(section_title(text)),
    }
}

fn list_headings<'a>(
    raw: &str,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
) -> Option<Mark<'a>> {
    if let Some(start) = list_heading(raw) {
        return Some(Mark::Question(start));
    }
    let (level, text) = heading?;
    match q {
        Some(q) if level > 2 || markdown::indent_of(raw) >= q.indent => Some(Mark::Part {
            title: markdown::strip_colon(&markdown::title_text(text)).to_owned(),
            rest: None,
        }),
        _ => Some(Mark::Section(section_title(text))),
    }
}

fn bold_questions<'a>(
    rules: &Rules,
    line: &str,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
) -> Option<Mark<'a>> {
    if let Some((level, text)) = heading {
        return Some(if is_part_level(rules, level, q) {
            Mark::Part {
                title: section_title(text),
                rest: None,
            }
        } else {
            Mark::Section(section_title(text))
        });
    }
    if markdown::indent_of(line) > 0 {
        return None;
    }
    if matches!(rules.declared, Some(declare::Marker::BoldLead)) {
        // Declared: every paragraph led by a bold run asks, whatever it ends with.
        if let Some((number, text)) = bold_number_lead(line) {
            return Some(Mark::Question(Start {
                number: Some(number),
                ..plain_start(text)
            }));
        }
        if let Some((inner, rest)) = infer::bold_lead(line.trim()) {
            let (number, text) = split_number(inner);
            return Some(Mark::Question(Start {
                number,
                lead_answer: (!rest.is_empty()).then(|| rest.to_owned()),
                ..plain_start(text)
            }));
        }
    }
    if rules.bold_numbers {
        if let Some((number, text)) = bold_number_lead(line) {
            return Some(Mark::Question(Start {
                number: Some(number),
                text: text.to_owned(),
                difficulty: None,
                indent: 0,
                lead_answer: None,
            }));
        }
    }
    let inner = markdown::whole_bold(line)?;
    let (text, difficulty) = strip_difficulty(inner);
    let is_question = if rules.has_markers {
        difficulty.is_some()
    } else {
        cues::bold_line_asks(&text)
    };
    is_question.then(|| {
        let (number, text) = split_number(&text);
        Mark::Question(Start {
            number,
            text: markdown::strip_quotes(text).to_owned(),
            difficulty,
            indent: 0,
            lead_answer: None,
        })
    })
}

fn lists<'a>(
    raw: &str,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
    next: Option<&str>,
) -> Option<Mark<'a>> {
    if let Some((_, text)) = heading {
        // A heading indented into a list item's answer is part of that answer, not a section
        // for everything after it.
        if q.is_some_and(|q| q.indent > 0 && markdown::indent_of(raw) >= q.indent) {
            return Some(Mark::Part {
                title: section_title(text),
                rest: None,
            });
        }
        // A heading that asks is a question even among bullets (documents mix shapes).
        let unquoted = markdown::strip_quotes(text);
        if unquoted.ends_with(['?', '？']) || unquoted != text.trim() {
            return Some(Mark::Question(heading_start(None, unquoted)));
        }
        if q.is_some() && is_answer_marker(text) {
            return Some(Mark::Drop);
        }
        return Some(Mark::Section(section_title(text)));
    }
    if let Some(text) = question_paragraph(raw) {
        return Some(Mark::Question(plain_start(text)));
    }
    let (indent, text) = bullet(raw)?;
    if is_link_only(text) {
        return None;
    }
    let asks = asks(text);
    // A bullet's content column: its follow-ups and answer lines are indented to it.
    // `- **Q1.** What is X?`: the bold number labels the prompt.
    let (lead_number, prompt) = match infer::bold_lead(text) {
        Some((rest, "")) if rest != text && !text.starts_with("**Question") => {
            (cues::bold_number_lead(text).map(|(n, _)| n), rest)
        }
        _ => (None, text),
    };
    let bullet_start = || Start {
        indent: item_column(raw),
        number: lead_number.or(item_number(raw)),
        ..plain_start(prompt)
    };
    if indent <= 1 {
        // `- Databases:` over nested questions names a category.
        let nested_next = next.and_then(bullet).is_some_and(|(indent, _)| indent >= 2);
        if !asks && text.ends_with([':', '：']) && nested_next {
            return Some(Mark::Section(
                markdown::strip_colon(&markdown::title_text(text)).to_owned(),
            ));
        }
        // Bullets that ask nothing, under a question that already has an answer, are answer.
        match q {
            Some(q) if q.has_prose && !asks => None,
            _ => Some(Mark::Question(bullet_start())),
        }
    } else {
        // A nested item that opens with a question word yet ends in a full stop ("When the
        // join dominates.") answers the question above it; an imperative ("Describe what you
        // dislike.") still asks.
        let asks = asks && (!text.trim_end_matches(['*', '_']).ends_with('.') || commands(text));
        match q {
            Some(q) if indent >= q.question_indent && (asks || q.lists_items) => {
                Some(Mark::Child(bullet_start()))
            }
            Some(q) if indent < q.question_indent && asks => Some(Mark::Question(bullet_start())),
            None if asks => Some(Mark::Question(bullet_start())),
            _ => None,
        }
    }
}

/// Whether a heading inside a question is one of its parts: deeper than the declared section
/// level.
fn is_part_level(rules: &Rules, level: u8, q: Option<InQuestion>) -> bool {
    q.is_some() && rules.section_level.is_some_and(|sections| level > sections)
}

/// With `questions: ordered-list` or `bullet-list` declared: a top-level item of that kind is
/// a question whether or not it asks; a top-level item of the other kind is content.
fn declared_item<'a>(rules: &Rules, raw: &str) -> Option<Mark<'a>> {
    let ordered = match rules.declared {
        Some(declare::Marker::OrderedList) => true,
        Some(declare::Marker::BulletList) => false,
        _ => return None,
    };
    if markdown::indent_of(raw) > 1 {
        return None;
    }
    let (_, text) = bullet(raw)?;
    if item_number(raw).is_some() != ordered {
        return Some(Mark::Content);
    }
    Some(Mark::Question(Start {
        indent: item_column(raw),
        number: item_number(raw),
        ..plain_start(text)
    }))
}

/// With `questions: /regex/` declared: a line the pattern matches starts a question, its first
/// capture group (or the whole line) the text; headings are sections, or parts below the
/// declared section level.
fn pattern<'a>(
    rules: &Rules,
    raw: &str,
    heading: Option<(u8, &str)>,
    q: Option<InQuestion>,
) -> Option<Mark<'a>> {
    let Some(declare::Marker::Pattern(re)) = &rules.declared else {
        return None;
    };
    if let Some(found) = re.captures(raw) {
        let text = found
            .get(1)
            .or_else(|| found.get(0))
            .map_or("", |m| m.as_str())
            .trim();
        if !text.is_empty() {
            return Some(Mark::Question(plain_start(text)));
        }
    }
    let (level, text) = heading?;
    Some(
        if is_part_level(rules, level, q) || q.is_some() && rules.section_level.is_none() {
            Mark::Part {
                title: section_title(text),
                rest: None,
            }
        } else {
            Mark::Section(section_title(text))
        },
    )
}

/// In a list whose questions are its bold-led items: a bold-led top-level item is a question
/// (the text after the bold run answers it), any other top-level item is content.
fn bold_item<'a>(raw: &str) -> Option<Mark<'a>> {
    let (_, text) = bullet(raw)?;
    match infer::bold_lead(text) {
        Some((inner, rest)) => Some(Mark::Question(Start {
            indent: item_column(raw),
            number: item_number(raw),
            lead_answer: (!rest.is_empty()).then(|| {
                rest.trim_start_matches(['-', '–', '—', ':'])
                    .trim()
                    .to_owned()
            }),
            ..plain_start(inner)
        })),
        // Topic lists and link lists between the questions: content of the question above,
        // or of the section when none is open (never dropped: GitHub shows them).
        None => Some(Mark::Content),
    }
}

fn plain_start(text: &str) -> Start {
    // `**What is the JVM?**`: the bold marks the prompt, it is not part of it.
    let text = markdown::whole_bold(text).unwrap_or(text);
    Start {
        number: None,
        text: markdown::strip_quotes(text).to_owned(),
        difficulty: None,
        indent: 0,
        lead_answer: None,
    }
}

fn heading_start(number: Option<u32>, text: &str) -> Start {
    let text = cues::strip_question_label(markdown::whole_bold(text).unwrap_or(text));
    // `### 1. [What is an image?](#what-is-an-image)`: a link to the heading itself.
    let text = self_link_text(text).unwrap_or(text);
    Start {
        number,
        text: markdown::strip_quotes(text).to_owned(),
        difficulty: None,
        indent: 0,
        lead_answer: None,
    }
}

/// The text of a link that is the whole of `text` and points into the page (`[X](#x)`).
fn self_link_text(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('[')?;
    let (label, target) = inner.split_once("](")?;
    let anchor = target.strip_suffix(')')?;
    (anchor.starts_with('#') && !anchor.contains([' ', ')']) && !label.contains(']'))
        .then_some(label.trim())
}

/// A section title from heading text: markup, anchors and the trailing colon removed.
fn section_title(text: &str) -> String {
    markdown::strip_colon(&markdown::title_text(text)).to_owned()
}

/// A prompt's own numbering, if any: `1. text`, `Q1: text`, `Question 1: text`.
fn split_number(text: &str) -> (Option<u32>, &str) {
    let inner = markdown::whole_bold(text).unwrap_or(text);
    if let Some((n, rest)) = leading_number(inner) {
        return (Some(n), rest);
    }
    if let Some((n, rest)) = child_q(inner) {
        return (Some(n), rest);
    }
    if let Some((n, rest)) = question_n(inner) {
        return (n, rest);
    }
    (None, text)
}

/// `Q1: text` inside an item.
fn child_q(text: &str) -> Option<(u32, &str)> {
    let rest = text.strip_prefix(['Q', 'q'])?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let rest = rest[digits..].trim_start().strip_prefix([':', '.', ')'])?;
    Some((number, rest.trim()))
}

/// `### Answer` and the like: marks where the answer starts, says nothing itself.
fn is_answer_marker(text: &str) -> bool {
    let t = markdown::strip_colon(&markdown::plain_title(text)).to_lowercase();
    matches!(
        t.as_str(),
        "answer" | "answers" | "my answer" | "sample answer" | "solution"
    )
}

/// `1. ### text` or `   2.  #### text`: the start of a list item whose first block is a heading.
fn list_heading(raw: &str) -> Option<Start> {
    let indent = markdown::indent_of(raw);
    if indent > 3 {
        return None;
    }
    let t = &raw[raw.len() - raw.trim_start().len()..];
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let after = t[digits..].strip_prefix(['.', ')'])?;
    let gap = markdown::indent_of(after);
    if gap == 0 {
        return None;
    }
    let (_, text) = markdown::atx_heading(after.trim_start())?;
    Some(Start {
        number: t[..digits].parse().ok(),
        text: markdown::strip_quotes(text).to_owned(),
        difficulty: None,
        indent: indent + digits + 1 + gap.min(4),
        lead_answer: None,
    })
}

/// The column where a list item's content starts: after the marker and its spaces (one space
/// when five or more follow, as CommonMark reads an indented code block there).
fn item_column(raw: &str) -> usize {
    let indent = markdown::indent_of(raw);
    let t = raw.trim_start();
    let marker = t
        .find(|c: char| !(c.is_ascii_digit() || "*-+.)".contains(c)))
        .unwrap_or(t.len());
    let gap = markdown::indent_of(&t[marker..]);
    indent + marker + if (1..=4).contains(&gap) { gap } else { 1 }
}

/// The number of an ordered item (`3. text` → 3).
fn item_number(raw: &str) -> Option<u32> {
    let t = raw.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| t[..digits].parse().ok()).flatten()
}

/// A bullet or an ordered item: (indent, text). An ordered item's content column is further
/// right than a bullet's; [`item_column`] says where it starts.
///
/// A task item (`- [ ] What is a closure?`) is a revision checklist's question when it asks;
/// one that asks nothing is a choice of a multiple-choice question, or a to-do.
fn bullet(raw: &str) -> Option<(usize, &str)> {
    let (indent, text) = cues::list_item(raw)?;
    let task = ["[ ]", "[x]", "[X]"]
        .iter()
        .find_map(|b| text.strip_prefix(b))
        .map(str::trim_start);
    match task {
        Some(rest) => (!rest.is_empty() && asks(rest)).then_some((indent, rest)),
        None => (!text.is_empty()).then_some((indent, text)),
    }
}

/// A bullet or paragraph that is only a link (a table of contents).
fn is_link_only(text: &str) -> bool {
    text.starts_with('[') && text.ends_with(')') && text.contains("](")
}

/// `**Example 1 – title**`: the example's title.
fn example_title(line: &str) -> Option<String> {
    let inner = markdown::whole_bold(line)?;
    let rest = inner
        .strip_prefix("Example")
        .or_else(|| inner.strip_prefix("example"))?;
    (rest.is_empty()
        || rest.starts_with([' ', ':', '.', '-', '–', '—'])
        || rest.starts_with(|c: char| c.is_ascii_digit()))
    .then(|| markdown::strip_colon(inner).to_owned())
}

/// `**Label:** rest` or `**Label**: rest`: (label, rest).
fn bold_label(line: &str) -> Option<(String, Option<&str>)> {
    let t = line.trim_start();
    let marker = if t.starts_with("**") {
        "**"
    } else if t.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let inner_start = &t[2..];
    let close = inner_start.find(marker)?;
    let inner = &inner_start[..close];
    let after = &inner_start[close + 2..];
    let (title, rest) = if let Some(title) = inner.trim_end().strip_suffix([':', '：']) {
        (title, after)
    } else {
        (inner, after.strip_prefix([':', '：'])?)
    };
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 80 {
        return None;
    }
    let rest = rest.trim();
    Some((title.to_owned(), (!rest.is_empty()).then_some(rest)))
}

/// The labels of a STAR answer, written plainly at the start of a line (`Situation: ...`).
const STAR_LABELS: [&str; 12] = [
    "Situation",
    "Task",
    "Action",
    "Actions",
    "Result",
    "Results",
    "Reflection",
    "Takeaway",
    "Key Takeaway",
    "Learning",
    "Learnings",
    "Outcome",
];

fn star_label(line: &str) -> Option<(String, Option<&str>)> {
    let (label, rest) = line.split_once(':')?;
    let label = label.trim();
    let known = STAR_LABELS.iter().any(|l| l.eq_ignore_ascii_case(label));
    if !known || markdown::indent_of(line) > 0 {
        return None;
    }
    let rest = rest.trim();
    Some((label.to_owned(), (!rest.is_empty()).then_some(rest)))
}

/// Lines that do not make an answer: placeholders such as "Answer here" or "TODO", comments,
/// separators, bare tags.
pub(crate) fn is_non_answer_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || markdown::is_fence_line(t) {
        return true;
    }
    let bare = t
        .trim_matches(|c: char| "*_>#-–.:…()[]".contains(c) || c.is_whitespace())
        .to_lowercase();
    const PLACEHOLDERS: [&str; 11] = [
        "",
        "to be completed",
        "answer here",
        "your answer here",
        "todo",
        "tbd",
        "tba",
        "to do",
        "coming soon",
        "answer",
        "write your answer here",
    ];
    if PLACEHOLDERS.contains(&bare.as_str()) {
        return true;
    }
    // `TODO: explain lexical scope` is a note to self, not an answer.
    if ["todo", "tbd", "fixme"].iter().any(|w| {
        bare.strip_prefix(w)
            .is_some_and(|r| r.starts_with([':', ' ', '-']))
    }) {
        return true;
    }
    // `<summary>Answer</summary>` labels a fold; it answers nothing.
    if t.to_lowercase().starts_with("<summary") {
        return true;
    }
    if (t.starts_with("<!--") && t.ends_with("-->")) || is_thematic_break(t) {
        return true;
    }
    // A line that is only tags (`</details>`) or only one `[blank]` says nothing yet.
    let only_tags = t.starts_with('<') && markdown::plain_title(t).is_empty();
    let only_blank =
        t.starts_with('[') && t.ends_with(']') && t[1..].find(']') == Some(t.len() - 2);
    only_tags || only_blank
}

/// `---`, `***`, `___` (spaces allowed between).
pub(crate) fn is_thematic_break(t: &str) -> bool {
    let chars: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|&m| chars.iter().all(|&c| c == m))
}

/// Markdown from body lines, each with its indent removed; blank lines at the ends trimmed.
fn join_lines(body: &Body<'_>, lines: impl Iterator<Item = (usize, usize)> + Clone) -> String {
    // Sized once and trimmed in place: answers are kept for the whole build, so no slack.
    let size: usize = lines
        .clone()
        .map(|(i, indent)| markdown::dedent(body.lines[i], indent).len() + 1)
        .sum();
    let mut out = String::with_capacity(size);
    for (i, indent) in lines {
        out.push_str(markdown::dedent(body.lines[i], indent));
        out.push('\n');
    }
    if out.trim().is_empty() {
        return String::new();
    }
    let lead = out.len() - out.trim_start_matches('\n').len();
    out.drain(..lead);
    out.truncate(out.trim_end_matches('\n').len());
    out.push('\n');
    out.shrink_to_fit();
    out
}

struct SectionBuild<'a> {
    title: Option<String>,
    title_markup: Option<String>,
    line: usize,
    intro: Vec<usize>,
    questions: Vec<QuestionBuild<'a>>,
}

impl SectionBuild<'_> {
    fn finish(
        self,
        body: &Body<'_>,
        scan: &Scan,
        rules: &Rules,
        placeholders: &[Placeholder],
    ) -> Section {
        let line = self.line;
        Section {
            title: self.title,
            title_markup: self.title_markup,
            line: body.file_line(line),
            intro: join_lines(body, self.intro.iter().map(|&i| (i, 0))),
            questions: self
                .questions
                .into_iter()
                .map(|q| q.finish(body, scan, rules, placeholders))
                .collect(),
        }
    }
}

fn push_question<'a>(sections: &mut Vec<SectionBuild<'a>>, q: QuestionBuild<'a>, _body: &Body<'_>) {
    if sections.is_empty() {
        sections.push(SectionBuild {
            title: None,
            title_markup: None,
            line: q.line,
            intro: Vec::new(),
            questions: Vec::new(),
        });
    }
    if let Some(s) = sections.last_mut() {
        s.questions.push(q);
    }
}

struct QuestionBuild<'a> {
    start: Start,
    line: usize,
    /// Whether any prose (not code, not noise) follows the prompt yet.
    prose: bool,
    lines: Vec<(usize, Mark<'a>)>,
    children: Vec<QuestionBuild<'a>>,
}

impl<'a> QuestionBuild<'a> {
    fn new(start: Start, line: usize) -> Self {
        QuestionBuild {
            start,
            line,
            prose: false,
            lines: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Take off the end of the last answer what closes the document instead: after the last
    /// thematic break (`---`), lines that are all closing matter (`Source:`, a disclaimer, a
    /// licence line, an italic aside, a link alone). Without a break, nothing is taken: a
    /// `Source:` line may well be the answer's own. Returns the lines taken, in order.
    fn split_trailing(&mut self, body: &Body<'_>, scan: &Scan) -> Vec<usize> {
        let Some(rule) = self
            .lines
            .iter()
            .rposition(|(i, _)| !scan.is_code(*i) && is_thematic_break(body.lines[*i].trim()))
        else {
            return Vec::new();
        };
        let after = &self.lines[rule + 1..];
        let closing = after
            .iter()
            .all(|(i, _)| !scan.is_code(*i) && is_closing_line(body.lines[*i]));
        let says_something = after.iter().any(|(i, _)| !body.lines[*i].trim().is_empty());
        if !closing || !says_something {
            return Vec::new();
        }
        let taken: Vec<usize> = after.iter().map(|(i, _)| *i).collect();
        self.lines.truncate(rule);
        taken
    }

    /// A heading that only numbers its question (`## Q1`): the first paragraph below is the
    /// prompt, and the answer starts after it.
    fn take_prompt_from_below(&mut self, body: &Body<'_>, scan: &Scan) {
        let blank = |i: usize| body.lines[i].trim().is_empty();
        let Some(start) = self.lines.iter().position(|(i, _)| !blank(*i)) else {
            return;
        };
        let end = self.lines[start..]
            .iter()
            .position(|(i, _)| blank(*i) || scan.is_code(*i))
            .map_or(self.lines.len(), |n| start + n);
        if scan.is_code(self.lines[start].0) {
            return;
        }
        let prompt: Vec<&str> = self.lines[start..end]
            .iter()
            .map(|(i, _)| body.lines[*i].trim())
            .collect();
        self.start.text = markdown::strip_quotes(&prompt.join(" ")).to_owned();
        self.lines.drain(..end);
    }

    /// Where a content line goes: the last child, or the question itself.
    fn target(&mut self) -> &mut QuestionBuild<'a> {
        if self.children.is_empty() {
            self
        } else {
            let last = self.children.len() - 1;
            &mut self.children[last]
        }
    }

    fn finish(
        mut self,
        body: &Body<'_>,
        scan: &Scan,
        rules: &Rules,
        placeholders: &[Placeholder],
    ) -> Question {
        // A setext question's underline is part of its heading, not of the answer.
        if let Ok(k) = scan
            .setext
            .binary_search_by_key(&self.line, |&(first, _, _)| first)
        {
            let under = scan.setext[k].2;
            self.lines.retain(|(i, _)| *i != under);
        }
        if self.start.text.is_empty() {
            self.take_prompt_from_below(body, scan);
        }
        let indent = self.start.indent;
        let first = self.line;
        let last = self.lines.last().map_or(first, |(i, _)| *i);

        // Code right under a listed prompt is what the prompt asks about, not an answer.
        let prompt_code = matches!(rules.shape, Shape::Bullets | Shape::QuestionParagraphs);
        let mut split = 0;
        if prompt_code {
            let leading = self
                .lines
                .iter()
                .take_while(|(i, _)| body.lines[*i].trim().is_empty() || scan.is_code(*i))
                .count();
            if self.lines[..leading].iter().any(|(i, _)| scan.is_code(*i)) {
                split = leading;
            }
        }
        // Lettered options under the prompt make it multiple choice: they, and the code before
        // them, belong to the prompt; the explanation below is the answer.
        let options: Vec<(&str, bool)> = self.lines[split..]
            .iter()
            .map(|(i, _)| (markdown::dedent(body.lines[*i], indent), scan.is_code(*i)))
            .collect();
        // Lettered lines with nothing after them answer the question ("a) Shared locks ...,
        // b) Exclusive locks ..."); options are a quiz when a key or an explanation follows, or
        // a box is ticked.
        let mut choices = choices::find(&options).filter(|c| {
            !c.ticked.is_empty() || options[c.end..].iter().any(|(t, _)| !t.trim().is_empty())
        });
        if let Some(c) = &choices {
            split += c.end;
        }
        let (prompt_lines, answer_lines) = self.lines.split_at(split);
        let prompt = join_lines(body, prompt_lines.iter().map(|(i, _)| (*i, indent)));
        let prompt_end = prompt_lines.last().map_or(first, |(i, _)| *i);

        let mut segments = segments(body, answer_lines, indent);
        let lead = self.start.lead_answer.filter(|l| !l.is_empty());
        if let Some(lead) = &lead {
            segments.insert(0, segment(SegmentKind::Body, None, body.file_line(first)));
            segments[0].markdown = format!("{lead}\n");
        }
        let (code_blocks, tables) =
            attached(body, scan, (first, last), (split > 0).then_some(prompt_end));
        let (file_first, file_last) = (body.file_line(first), body.file_line(last));
        let own_placeholders = in_lines(placeholders, file_first, file_last, |p| p.line).to_vec();
        let children: Vec<Question> = self
            .children
            .into_iter()
            .map(|c| c.finish(body, scan, rules, placeholders))
            .collect();
        let own_answer = segments.iter().any(segment_has_content)
            || code_blocks.iter().any(|c| !c.in_prompt)
            || !tables.is_empty();
        let children_answered = !children.is_empty() && children.iter().all(|c| c.answered);
        let (text, tag) = strip_difficulty_tag(&self.start.text);
        // A colour mark (`🟢 What is JSX?`) grades a prompt as a written tag does.
        let (text, mark) = match tag {
            Some(_) => (text.to_owned(), None),
            None => strip_difficulty(text),
        };
        let difficulty = self.start.difficulty.or(tag.map(str::to_owned)).or(mark);
        let written = join_lines(body, answer_lines.iter().map(|(i, _)| (*i, indent)));
        let answer = match lead {
            Some(lead) if written.is_empty() => format!("{lead}\n"),
            Some(lead) => format!("{lead}\n\n{written}"),
            None => written,
        };
        let (choices, correct) = match choices.take() {
            Some(c) if !c.ticked.is_empty() => (c.texts, c.ticked),
            Some(c) => {
                let key = choices::key(answer.lines(), c.texts.len());
                (c.texts, key)
            }
            None => (Vec::new(), Vec::new()),
        };
        // A multiple-choice question whose correct option is marked is answered by the mark.
        let answered = own_answer || children_answered || !correct.is_empty();
        let end_line = children
            .iter()
            .map(|c| c.end_line)
            .fold(file_last, usize::max);
        Question {
            id: String::new(),
            number: self.start.number,
            text: text.to_owned(),
            line: body.file_line(first),
            end_line,
            difficulty,
            prompt,
            answer,
            choices,
            correct,
            segments,
            answered,
            code_blocks,
            tables,
            placeholders: own_placeholders,
            children,
            star: None,
        }
    }
}

/// An answer's markdown from its segments, parts under their titles: for the shapes that
/// build segments without keeping the lines they came from.
pub(crate) fn answer_text(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        if let Some(title) = &s.title {
            out.push_str(&format!("**{title}**\n\n"));
        }
        out.push_str(&s.markdown);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The items of `sorted` (ordered by line) whose line is in `first..=last`: a binary search,
/// so attaching blocks to questions stays linear in the size of the document.
pub(crate) fn in_lines<T>(
    sorted: &[T],
    first: usize,
    last: usize,
    line: impl Fn(&T) -> usize,
) -> &[T] {
    let start = sorted.partition_point(|x| line(x) < first);
    let end = sorted.partition_point(|x| line(x) <= last);
    &sorted[start..end.max(start)]
}

/// Split answer lines into an untitled lead, titled parts and examples.
fn segments(body: &Body<'_>, lines: &[(usize, Mark<'_>)], indent: usize) -> Vec<Segment> {
    let mut out: Vec<(Segment, Vec<String>)> = Vec::new();
    for (i, mark) in lines {
        let file_line = body.file_line(*i);
        match mark {
            Mark::Part { title, rest } => {
                let first = rest.map(|r| vec![r.to_owned()]).unwrap_or_default();
                out.push((
                    segment(SegmentKind::Part, Some(title.clone()), file_line),
                    first,
                ));
            }
            Mark::Example(title) => {
                out.push((
                    segment(SegmentKind::Example, Some(title.clone()), file_line),
                    Vec::new(),
                ));
            }
            Mark::Content => {
                let text = markdown::dedent(body.lines[*i], indent);
                if out.is_empty() {
                    if text.trim().is_empty() {
                        continue;
                    }
                    out.push((segment(SegmentKind::Body, None, file_line), Vec::new()));
                }
                if let Some((_, buf)) = out.last_mut() {
                    buf.push(text.to_owned());
                }
            }
            _ => {}
        }
    }
    out.into_iter()
        .map(|(mut seg, lines)| {
            seg.markdown = trim_separators(&lines);
            seg
        })
        .collect()
}

fn segment(kind: SegmentKind, title: Option<String>, line: usize) -> Segment {
    Segment {
        kind,
        title,
        line,
        markdown: String::new(),
    }
}

/// Join lines, dropping blank lines and thematic breaks at the ends (`---` between questions
/// separates them; it is not part of either answer).
fn trim_separators(lines: &[String]) -> String {
    let keep = |l: &String| !l.trim().is_empty() && !is_thematic_break(l.trim());
    let start = lines.iter().position(keep).unwrap_or(lines.len());
    let end = lines.iter().rposition(keep).map_or(start, |e| e + 1);
    // Sized once: a `join` then a push of the last newline would double the capacity, and
    // these strings are most of what a parsed site holds.
    let kept = &lines[start..end];
    let mut out = String::with_capacity(kept.iter().map(|l| l.len() + 1).sum());
    for line in kept {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Whether a segment holds real answer content (HTML comments, even over several lines, do not).
pub(crate) fn segment_has_content(segment: &Segment) -> bool {
    let mut in_comment = false;
    segment.markdown.lines().any(|l| {
        let mut visible = String::new();
        let mut rest = l;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        visible.push_str(&rest[..start]);
                        rest = &rest[start + 4..];
                        in_comment = true;
                    }
                    None => {
                        visible.push_str(rest);
                        break;
                    }
                }
            }
        }
        !is_non_answer_line(&visible)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_labels() {
        assert_eq!(leading_number("12. Design X"), Some((12, "Design X")));
        assert_eq!(leading_number("1.5 things"), None);
        assert_eq!(question_n("Question 6: Why?"), Some((Some(6), "Why?")));
        assert_eq!(question_n("Questions about x"), None);
        assert_eq!(child_q("Q1: Tell me"), Some((1, "Tell me")));
        assert_eq!(child_q("Queues:"), None);
        assert_eq!(
            bold_label("**Key Takeaway:** Quick triage"),
            Some(("Key Takeaway".to_owned(), Some("Quick triage")))
        );
        assert_eq!(bold_label("**Result:**"), Some(("Result".to_owned(), None)));
        assert_eq!(bold_label("**Bias** is the error"), None);
        assert_eq!(
            example_title("**Example 2 – Excel Upload**").as_deref(),
            Some("Example 2 – Excel Upload")
        );
        assert_eq!(
            star_label("Situation: we had a problem").map(|s| s.0),
            Some("Situation".to_owned())
        );
        assert_eq!(star_label("Note: not a star label"), None);
    }

    #[test]
    fn list_heading_items() {
        let s = list_heading("1.  ### What is React?").unwrap();
        assert_eq!(
            (s.number, s.text.as_str(), s.indent),
            (Some(1), "What is React?", 4)
        );
        let s = list_heading("   2.  ### History?").unwrap();
        assert_eq!(s.indent, 7);
        assert!(list_heading("1. plain item").is_none());
    }

    #[test]
    fn noise_and_non_answers() {
        assert!(is_noise("**[⬆ Back to Top](#table-of-contents)**"));
        assert!(is_noise("<br/>"));
        assert!(is_noise("<br>"));
        assert!(!is_noise("See [the docs](#x) for more"));
        assert!(is_non_answer_line("Answer here"));
        assert!(is_non_answer_line("TODO"));
        assert!(is_non_answer_line("---"));
        assert!(is_non_answer_line("[Your answer]"));
        assert!(!is_non_answer_line("Use a queue."));
    }

    #[test]
    fn difficulty_markers() {
        let (text, d) = strip_difficulty("Precision-recall trade-off \u{200d}⭐\u{fe0f}");
        assert_eq!(text, "Precision-recall trade-off");
        assert_eq!(d.as_deref(), Some("medium"));
        let (_, d) = strip_difficulty("Hard one? ⭐️ 🚀");
        assert_eq!(d.as_deref(), Some("expert"));
    }

    #[test]
    fn question_paragraphs() {
        assert_eq!(
            question_paragraph("Question: What is `foo`?"),
            Some("What is `foo`?")
        );
        assert_eq!(
            question_paragraph("*问题：`foo`的值是什么？*"),
            Some("`foo`的值是什么？")
        );
        assert_eq!(question_paragraph("Questions are hard"), None);
    }
}
