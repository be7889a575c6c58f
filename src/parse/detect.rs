//! Shape detection: which written form a document is in, from counts of telling lines.
//!
//! Input: the body lines, the CommonMark scan and whether the file is `.txt`. Output: the
//! [`Shape`] and the parser [`Rules`] it implies (the heading level questions sit at, whether
//! bold questions carry difficulty markers). Signals are counted once over the lines outside
//! code; the most specific shape with enough evidence wins, so a stray `## 1.` in a page of
//! `Question N:` answers does not turn it into a checklist.

use super::cues;
use super::declare::{self, Marker};
use super::infer::{self, Evidence};
use super::markdown::{self, Scan};
use super::transcript;
use super::Body;
use crate::model::Shape;

/// Counts of the lines that tell shapes apart.
#[derive(Debug, Default)]
pub(crate) struct Signals {
    question_n: usize,
    question_n_level: Option<u8>,
    numbered_headings: [usize; 7],
    list_headings: usize,
    quoted_numbered: usize,
    numbered_lines: usize,
    bold_marked: usize,
    bold_asking: usize,
    question_paragraphs: usize,
    bullets: usize,
    asking_bullets: usize,
    top_bullets: usize,
    asking_top_bullets: usize,
    top_ordered: usize,
    asking_top_ordered: usize,
    bold_numbers: usize,
    last_bold_number: u32,
    asking_headings: [usize; 7],
    questioning_headings: [usize; 7],
    headings: [usize; 7],
}

/// The rules of one shape, with what detection learnt about the document.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The shape.
    pub(crate) shape: Shape,
    /// Heading level of questions (checklist, numbered, categories).
    pub(crate) question_level: u8,
    /// For bold questions: whether the document marks difficulty (then only marked lines count).
    pub(crate) has_markers: bool,
    /// For bold questions: whether prompts are led by a bold number (`**1)** Count the orders.`).
    pub(crate) bold_numbers: bool,
    /// For bullets: whether only bold-led items are questions (`* **Why does X lag?** - [link]`).
    pub(crate) bold_items: bool,
    /// The marker the writer declared (`questions:`), when there is one: it wins over evidence.
    pub(crate) declared: Option<declare::Marker>,
    /// The declared heading level of sections: deeper headings inside an answer are its parts.
    pub(crate) section_level: Option<u8>,
    /// Whether the shape was inferred from thin evidence (for `check`'s `low-confidence`).
    pub(crate) thin: bool,
    /// What the structure showed (folds, answer labels, numbering, question tables).
    pub(crate) evidence: infer::Evidence,
}

/// Detect the shape of `body` and the rules to parse it by.
pub(crate) fn detect(body: &Body<'_>, scan: &Scan, plain_text: bool) -> Rules {
    let evidence = infer::gather(body, scan);
    let decision = decide(body, scan, plain_text, &evidence, &count(body, scan));
    let mut rules = rules_with(decision.shape, body, scan, evidence);
    rules.thin = decision.thin;
    rules
}

/// The rules for a shape (detected, or forced by front matter).
pub(crate) fn rules_for(shape: Shape, body: &Body<'_>, scan: &Scan) -> Rules {
    rules_with(shape, body, scan, infer::gather(body, scan))
}

/// The rules for the marker a writer declared (`questions: h3`, `questions: details`, ...).
pub(crate) fn rules_declared(
    marker: &Marker,
    sections: Option<u8>,
    body: &Body<'_>,
    scan: &Scan,
) -> Rules {
    let mut evidence = infer::gather(body, scan);
    let shape = match marker {
        Marker::Heading(_) => Shape::Categories,
        Marker::OrderedList | Marker::BulletList => Shape::Bullets,
        Marker::BoldLead => Shape::BoldQuestions,
        Marker::Details => Shape::Details,
        Marker::Table => {
            evidence.tables = infer::every_table(body, scan);
            Shape::Table
        }
        Marker::Speaker => Shape::Transcript,
        Marker::Callout => Shape::Callouts,
        Marker::Pattern(_) => Shape::Pattern,
    };
    let mut rules = rules_with(shape, body, scan, evidence);
    if let Marker::Heading(level) = marker {
        rules.question_level = *level;
    }
    rules.declared = Some(marker.clone());
    rules.section_level = sections;
    rules
}

/// `rules` with the declared section level, when one is declared.
pub(crate) fn with_sections(mut rules: Rules, sections: Option<u8>) -> Rules {
    if sections.is_some() {
        rules.section_level = sections;
    }
    rules
}

fn rules_with(shape: Shape, body: &Body<'_>, scan: &Scan, evidence: Evidence) -> Rules {
    let signals = count(body, scan);
    let question_level = match shape {
        Shape::Checklist => (1..=6)
            .max_by_key(|&l| (signals.numbered_headings[l], std::cmp::Reverse(l)))
            .unwrap_or(2) as u8,
        Shape::QuestionNumbered => signals.question_n_level.unwrap_or(2),
        Shape::Categories => categories_level(&signals, &evidence),
        _ => 0,
    };
    Rules {
        shape,
        question_level,
        has_markers: signals.bold_marked > 0,
        bold_numbers: signals.bold_numbers >= 2,
        bold_items: evidence.bold_items_are_questions(),
        declared: None,
        section_level: None,
        thin: false,
        evidence,
    }
}

/// What detection decided and the rule that decided it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decision {
    /// The shape.
    pub(crate) shape: Shape,
    /// The rule, in words, for `prepbook explain`.
    pub(crate) why: &'static str,
    /// Whether the rule rests on thin evidence (a fallback with few lines), for `check`'s
    /// `low-confidence` note.
    pub(crate) thin: bool,
}

fn decided(shape: Shape, why: &'static str) -> Decision {
    Decision {
        shape,
        why,
        thin: false,
    }
}

/// The shape of a document from its signals and evidence: the most specific shape with enough
/// evidence wins, each rule saying why.
pub(crate) fn decide(
    body: &Body<'_>,
    scan: &Scan,
    plain_text: bool,
    evidence: &Evidence,
    s: &Signals,
) -> Decision {
    if transcript::looks_like_transcript(body) {
        return decided(
            Shape::Transcript,
            "most paragraphs open with a few recurring speakers who take turns and ask",
        );
    }
    let other = [
        s.question_n,
        s.list_headings,
        s.numbered_headings.iter().sum(),
        s.bold_marked,
        s.question_paragraphs,
        s.asking_bullets,
        s.asking_headings.iter().sum(),
    ]
    .into_iter()
    .max()
    .unwrap_or(0);
    if evidence.folds_carry_questions(other) {
        return decided(
            Shape::Details,
            "three or more <details> folds whose summaries mostly ask, more than any other marker",
        );
    }
    // Callouts that ask are written to be questions; two make a habit.
    if evidence.callouts >= 2 && evidence.callouts * 2 > other {
        return decided(
            Shape::Callouts,
            "two or more question callouts (`> [!question]- …`), more than half any other marker's candidates",
        );
    }
    // A table of questions is the document's questions when nothing else asks as often.
    if evidence.table_rows() >= 3 && evidence.table_rows() > other {
        return decided(
            Shape::Table,
            "a table whose header names a question column has more rows than any other marker has candidates",
        );
    }
    if is_exercise(body, scan, s) {
        return decided(
            Shape::Exercise,
            "one title that asks, or sets a task over three or more steps that ask nothing",
        );
    }
    // A single `#` heading titles the document; several are its sections or questions.
    let top = if s.headings[1] > 1 { 1 } else { 2 };
    let checklist = s.numbered_headings[top..]
        .iter()
        .copied()
        .max()
        .unwrap_or(0);
    if s.question_n >= 1 {
        decided(Shape::QuestionNumbered, "headings read `Question N:`")
    } else if s.list_headings >= 2 {
        decided(
            Shape::ListHeadings,
            "two or more ordered items open with a heading (`1. ### …`)",
        )
    } else if checklist >= 2 && numbered_steps_under_questions(s, evidence, top) {
        decided(
            Shape::Categories,
            "headings of one level ask (or have an `Answer` heading under them); the numbered headings below them ask nothing and are the steps of their answers",
        )
    } else if checklist >= 2 {
        decided(
            Shape::Checklist,
            "two or more numbered headings at one level (`## 1. …`)",
        )
    } else if s.quoted_numbered >= 1
        || (plain_text && s.numbered_lines >= 2 && s.headings.iter().sum::<usize>() == 0)
    {
        decided(
            Shape::PlainText,
            "a plain-text file of numbered lines (or `N. \"question\"` lines)",
        )
    } else if s.bold_marked >= 2 || s.bold_numbers >= 2 {
        decided(
            Shape::BoldQuestions,
            "two or more bold lines marked with a difficulty, or prompts led by bold numbers that run on",
        )
    } else if s.question_paragraphs >= 2 && s.question_paragraphs >= s.asking_bullets {
        decided(
            Shape::QuestionParagraphs,
            "two or more `Question:` paragraphs",
        )
    } else if evidence.bold_items_are_questions() {
        decided(
            Shape::Bullets,
            "ten or more list items led by a bold run, half the items at least, a third of them asking",
        )
    } else if mostly_asking(s.asking_top_bullets, s.top_bullets)
        || mostly_asking(s.asking_bullets, s.bullets)
        || mostly_asking(s.asking_top_ordered, s.top_ordered)
    {
        decided(
            Shape::Bullets,
            "three or more list items ask, 60% of the list at least",
        )
    } else if s.asking_headings[2..].iter().any(|&n| n >= 2)
        || evidence.labelled_headings[2..].iter().any(|&n| n >= 1)
    {
        decided(
            Shape::Categories,
            "headings of one level ask (or have an `Answer` heading under them)",
        )
    } else if s.questioning_headings[2..].iter().any(|&n| n >= 1) {
        Decision {
            thin: true,
            ..decided(Shape::Categories, "one heading ends in a question mark")
        }
    } else if s.bold_asking >= 3 {
        Decision {
            thin: s.bold_asking < 5,
            ..decided(
                Shape::BoldQuestions,
                "three or more whole-line bold questions",
            )
        }
    } else if plain_text && s.numbered_lines >= 2 {
        decided(Shape::PlainText, "a plain-text file of numbered lines")
    } else {
        decided(Shape::Page, "no marker had enough evidence")
    }
}

/// What `prepbook explain` prints of detection: each candidate marker with its evidence, then
/// the decision and the rule behind it.
pub(crate) fn explain(body: &Body<'_>, scan: &Scan, plain_text: bool) -> (Vec<String>, Decision) {
    let s = count(body, scan);
    let evidence = infer::gather(body, scan);
    let mut lines = Vec::new();
    let mut row = |marker: String, found: usize, detail: String| {
        if found > 0 {
            lines.push(format!("  {marker:<22} {found:>5}   {detail}"));
        }
    };
    for level in 1..=6 {
        row(
            format!("h{level} headings"),
            s.headings[level],
            format!(
                "{} ask, {} numbered, {} with an answer label under them",
                s.asking_headings[level],
                s.numbered_headings[level],
                evidence.labelled_headings[level]
            ),
        );
    }
    row("`Question N:` headings".into(), s.question_n, String::new());
    row("`1. ###` items".into(), s.list_headings, String::new());
    row(
        "bullet items".into(),
        s.top_bullets,
        format!(
            "{} ask (top level); {} ask of {} at any depth",
            s.asking_top_bullets, s.asking_bullets, s.bullets
        ),
    );
    row(
        "ordered items".into(),
        s.top_ordered,
        format!("{} ask", s.asking_top_ordered),
    );
    row(
        "bold-led items".into(),
        evidence.bold_items,
        format!("{} ask", evidence.asking_bold_items),
    );
    row(
        "bold lines".into(),
        s.bold_marked + s.bold_asking,
        format!(
            "{} marked with a difficulty, {} ask",
            s.bold_marked, s.bold_asking
        ),
    );
    row(
        "bold-number prompts".into(),
        s.bold_numbers,
        "numbers that run on".into(),
    );
    row(
        "`Question:` paragraphs".into(),
        s.question_paragraphs,
        String::new(),
    );
    let folds = evidence.summaries.values().filter(|f| !f.label).count();
    row(
        "<details> folds".into(),
        folds,
        format!(
            "{} labels only (`Answer`, `See code`)",
            evidence.summaries.len() - folds
        ),
    );
    row("question callouts".into(), evidence.callouts, String::new());
    row(
        "question-table rows".into(),
        evidence.table_rows(),
        format!("in {} table(s)", evidence.tables.len()),
    );
    let decision = decide(body, scan, plain_text, &evidence, &s);
    (lines, decision)
}

/// One exercise: a single `#` title that sets a task ("Design a video recommendation system")
/// over steps that ask nothing themselves (`## 1. Problem formulation`, `## Metrics`), or a
/// title that asks outright ("How does TLS resume a session?") over its answer, as in a folder
/// of one question per file. A task title needs three steps at least: with one or two headings
/// under it, it is as likely a page with a question-shaped title; a `?` needs none, as long as
/// nothing else in the document asks like a list of questions.
fn is_exercise(body: &Body<'_>, scan: &Scan, s: &Signals) -> bool {
    if s.headings[1] != 1 || s.question_n > 0 || s.list_headings > 0 || s.bold_marked > 0 {
        return false;
    }
    let steps: usize = s.headings[2..].iter().sum();
    let asking: usize = s.asking_headings[2..].iter().sum();
    if asking > 0 {
        return false;
    }
    let Some((_, title)) = body
        .lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !scan.is_code(*i))
        .find_map(|(_, l)| markdown::atx_heading(l).filter(|(level, _)| *level == 1))
    else {
        return false;
    };
    let title = markdown::plain_title(title);
    let questions_below = mostly_asking(s.asking_top_bullets, s.top_bullets)
        || mostly_asking(s.asking_top_ordered, s.top_ordered)
        || s.bold_asking >= 3
        || s.question_paragraphs > 0;
    if title.trim_end().ends_with(['?', '？']) {
        return !questions_below;
    }
    // A task title sets one task in a sentence ("Design a rate limiter"); "Design patterns
    // interview questions" over lists of questions names a topic.
    let words = title.split_whitespace().count();
    let names_a_list = [
        "questions",
        "notes",
        "guide",
        "tips",
        "cheatsheet",
        "interview",
    ]
    .iter()
    .any(|w| title.to_lowercase().split_whitespace().any(|t| t == *w));
    steps >= 3 && words >= 3 && !names_a_list && !questions_below && cues::asks(&title)
}

/// Whether the most numbered heading level holds the steps of answers rather than questions:
/// its numbered headings mostly ask nothing, while a shallower level has two or more headings
/// that ask. A reader takes `## How would you design X?` for the question and its `### 1.
/// Clarify` for a step, however many steps there are.
fn numbered_steps_under_questions(s: &Signals, evidence: &Evidence, top: usize) -> bool {
    let Some(level) = (top..=6).max_by_key(|&l| (s.numbered_headings[l], std::cmp::Reverse(l)))
    else {
        return false;
    };
    let steps_ask = s.asking_headings[level] * 2 >= s.numbered_headings[level];
    let asking_above = (top..level).any(|l| {
        s.asking_headings[l] >= 2 || evidence.labelled_headings[l] >= 2 && s.asking_headings[l] >= 1
    });
    !steps_ask && asking_above
}

/// Three or more, and at least 60% of all.
fn mostly_asking(asking: usize, all: usize) -> bool {
    asking >= 3 && asking * 10 >= all * 6
}

/// The heading level whose headings ask the most, counting those with an answer label under
/// them (deeper wins a tie).
fn categories_level(s: &Signals, evidence: &Evidence) -> u8 {
    let top = if s.headings[1] > 1 { 1 } else { 2 };
    (top..=6)
        .max_by_key(|&l| (s.asking_headings[l] + evidence.labelled_headings[l], l))
        .unwrap_or(3) as u8
}

fn count(body: &Body<'_>, scan: &Scan) -> Signals {
    let mut s = Signals::default();
    for (i, raw) in body.lines.iter().enumerate() {
        if scan.is_code(i) {
            continue;
        }
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if let Some((level, text)) = markdown::atx_heading(raw) {
            let level = usize::from(level);
            s.headings[level] += 1;
            // `Question 6:` numbers a question; `Question-answer drills` names a section.
            if cues::question_n(text).is_some_and(|(number, _)| number.is_some()) {
                s.question_n += 1;
                s.question_n_level.get_or_insert(level as u8);
            }
            let unquoted = markdown::strip_quotes(text);
            let questioning = unquoted.ends_with(['?', '？']) || unquoted != text.trim();
            if let Some((_, rest)) = cues::leading_number(text) {
                // One numbered heading that asks is a checklist of one; count it twice.
                s.numbered_headings[level] += if rest.ends_with(['?', '？']) { 2 } else { 1 };
            }
            if questioning {
                s.questioning_headings[level] += 1;
            }
            if questioning || cues::asks(unquoted) {
                s.asking_headings[level] += 1;
            }
            continue;
        }
        if is_list_heading(raw) {
            s.list_headings += 1;
            continue;
        }
        if let Some((_, rest)) = cues::leading_number(t) {
            if markdown::indent_of(raw) == 0 {
                s.numbered_lines += 1;
                if rest.starts_with(['"', '“']) {
                    s.quoted_numbered += 1;
                }
            }
            if markdown::indent_of(raw) <= 1 {
                s.top_ordered += 1;
                s.asking_top_ordered += usize::from(cues::asks(rest));
            }
        }
        if let Some((number, _)) = cues::bold_number_lead(raw) {
            // Numbers that run on (1, 2, 3) make a sheet of prompts; a lone `**1.**` is a label.
            if number == s.last_bold_number + 1 {
                s.bold_numbers += 1;
            }
            s.last_bold_number = number;
        }
        if let Some(inner) = markdown::whole_bold(t) {
            let (text, difficulty) = cues::strip_difficulty(inner);
            if difficulty.is_some() {
                s.bold_marked += 1;
            } else if text.ends_with(['?', '？']) {
                s.bold_asking += 1;
            }
        }
        if cues::question_paragraph(raw).is_some() {
            s.question_paragraphs += 1;
        }
        // Top-level bullets, and bullets at any depth: questions may sit under category
        // bullets (`- Databases:`), and answers may list things under a question bullet.
        if let Some(text) = t
            .strip_prefix(['*', '-', '+'])
            .filter(|r| r.starts_with(' '))
        {
            let asking = cues::asks(text.trim());
            s.bullets += 1;
            s.asking_bullets += usize::from(asking);
            if markdown::indent_of(raw) <= 1 {
                s.top_bullets += 1;
                s.asking_top_bullets += usize::from(asking);
            }
        }
    }
    s
}

fn is_list_heading(raw: &str) -> bool {
    let t = raw.trim_start();
    if markdown::indent_of(raw) > 3 {
        return false;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && t[digits..]
            .strip_prefix(['.', ')'])
            .map(str::trim_start)
            .is_some_and(|rest| markdown::atx_heading(rest).is_some())
}
