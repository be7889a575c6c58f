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
    /// List items under a heading that asks (top bullets, bullets at any depth, top ordered):
    /// where two or more headings ask, these are the points of their answers.
    in_answers: [Tally; 3],
}

/// List items, and those of them that ask.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    all: usize,
    asking: usize,
}

impl Tally {
    fn add(&mut self, asking: bool) {
        self.all += 1;
        self.asking += usize::from(asking);
    }
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
    /// For headings that ask: the body line of the last question-level heading that asks or
    /// has an answer label under it. A heading of that level after it that asks nothing
    /// ("Further reading") is a section, not a question.
    pub(crate) last_question_heading: Option<usize>,
}

/// Detect the shape of `body` and the rules to parse it by.
pub(crate) fn detect(body: &Body<'_>, scan: &Scan, plain_text: bool) -> Rules {
    let evidence = infer::gather(body, scan);
    // Counted once: the decision and the rules read the same signals.
    let signals = count(body, scan);
    let decision = decide(&candidates(body, scan, plain_text, &evidence, &signals));
    let mut rules = rules_with(decision.shape, body, scan, evidence, &signals);
    rules.thin = decision.thin;
    rules
}

/// The rules for a shape (detected, or forced by front matter).
pub(crate) fn rules_for(shape: Shape, body: &Body<'_>, scan: &Scan) -> Rules {
    rules_with(
        shape,
        body,
        scan,
        infer::gather(body, scan),
        &count(body, scan),
    )
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
    let mut rules = rules_with(shape, body, scan, evidence, &count(body, scan));
    if let Marker::Heading(level) = marker {
        rules.question_level = *level;
        // Declared: every heading of the level is a question, asking or not.
        rules.last_question_heading = None;
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

fn rules_with(
    shape: Shape,
    body: &Body<'_>,
    scan: &Scan,
    evidence: Evidence,
    signals: &Signals,
) -> Rules {
    let question_level = match shape {
        Shape::Checklist => (1..=6)
            .max_by_key(|&l| (signals.numbered_headings[l], std::cmp::Reverse(l)))
            .unwrap_or(2) as u8,
        Shape::QuestionNumbered => signals.question_n_level.unwrap_or(2),
        Shape::Categories => categories_level(signals, &evidence),
        _ => 0,
    };
    let last_question_heading = (shape == Shape::Categories)
        .then(|| last_asking_heading(body, scan, question_level))
        .flatten();
    Rules {
        shape,
        last_question_heading,
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

/// The body line of the last heading at `level` that asks, or whose next heading labels an
/// answer (`### Answer`).
fn last_asking_heading(body: &Body<'_>, scan: &Scan, level: u8) -> Option<usize> {
    let mut last = None;
    let mut open: Option<usize> = None;
    for (i, raw) in body.lines.iter().enumerate() {
        if scan.is_code(i) {
            continue;
        }
        let Some((l, text)) = markdown::atx_heading(raw) else {
            continue;
        };
        if let Some(at) = open.take() {
            if l > level && cues::is_answer_label(text) {
                last = Some(at);
            }
        }
        if l == level {
            let unquoted = markdown::strip_quotes(text);
            if cues::asks(unquoted) || unquoted != text.trim() {
                last = Some(i);
            }
            open = Some(i);
        }
    }
    last
}

/// What detection decided and the evidence that decided it.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    /// The shape.
    pub(crate) shape: Shape,
    /// The winning candidate's reason, in words, for `prepbook explain`.
    pub(crate) why: &'static str,
    /// Whether the reading rests on thin evidence (few markers, or a runner-up of another shape
    /// nearly as strong), for `check`'s `low-confidence` note.
    pub(crate) thin: bool,
}

/// One place questions could start, weighed as a reader would weigh it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The marker, as `explain` names it (`h2 headings`, `ordered items`).
    pub(crate) marker: String,
    /// The shape the document reads as when this marker wins.
    pub(crate) shape: Shape,
    /// How many markers of this kind the document has.
    pub(crate) found: usize,
    /// What the markers show, in words (how many ask, are numbered, are labelled).
    pub(crate) detail: String,
    /// The weight of evidence; 0 when the marker falls short of what makes a habit.
    pub(crate) score: f32,
    /// Why this marker holds questions when it wins.
    pub(crate) why: &'static str,
    /// Whether it wins on little (one heading that ends in `?`, three bold lines).
    pub(crate) thin: bool,
}

/// How much one marker counts, by how plainly its form says "question". Every weight and
/// floor that detection uses is here, each with its reason.
mod weight {
    /// A conversation is the whole document or none of it: when most paragraphs open with a
    /// speaker, no other marker can be the questions.
    pub(super) const CONVERSATION: f32 = 1000.0;
    /// `Question 6:` headings and `Q:` paragraphs can only be questions.
    pub(super) const LABELLED: f32 = 4.0;
    /// A single title that sets a task over its steps counts for each step and the title: the
    /// steps are the answer, so they cannot also be a checklist.
    pub(super) const EXERCISE: f32 = 3.0;
    /// `1. ### …` items and bold lines marked with a difficulty: a list habit made explicit.
    pub(super) const MARKED: f32 = 3.0;
    /// A `<details>` fold or a question callout hides an answer by design.
    pub(super) const FOLD: f32 = 2.0;
    /// Bold numbers that run on (`**1)**`, `**2)**`): prompts, even when they do not ask.
    pub(super) const BOLD_NUMBER: f32 = 2.0;
    /// A numbered heading is a checklist entry (an asking one counts twice in `found`).
    pub(super) const NUMBERED: f32 = 1.5;
    /// A list item, heading, table row or bold line that asks: a question only by its words.
    pub(super) const ASKING: f32 = 1.0;
    /// Numbered lines of a plain-text file with headings are as likely the points of answers
    /// as questions: a fallback that wins only when no other marker holds.
    pub(super) const FALLBACK: f32 = 0.001;
    /// A runner-up of another shape this close to the winner makes the reading a close call.
    pub(super) const CLOSE_CALL: f32 = 0.9;
}

/// Three or more, and at least 60% of all: a list where most items ask is a list of questions;
/// two could be rhetorical.
fn mostly_asking(asking: usize, all: usize) -> bool {
    asking >= 3 && asking * 10 >= all * 6
}

/// Every candidate marker of the document, scored. The order is the order of specificity:
/// on equal scores the earlier wins.
pub(crate) fn candidates(
    body: &Body<'_>,
    scan: &Scan,
    plain_text: bool,
    evidence: &Evidence,
    s: &Signals,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut add = |marker: String,
                   shape: Shape,
                   found: usize,
                   detail: String,
                   holds: bool,
                   per_marker: f32,
                   why: &'static str| {
        out.push(Candidate {
            marker,
            shape,
            found,
            detail,
            score: if holds {
                found as f32 * per_marker
            } else {
                0.0
            },
            why,
            thin: false,
        });
        out.len() - 1
    };
    let mut thin = Vec::new();
    if transcript::looks_like_transcript(body) {
        add(
            "speaker turns".into(),
            Shape::Transcript,
            1,
            "most paragraphs open with a recurring speaker".into(),
            true,
            weight::CONVERSATION,
            "most paragraphs open with a few recurring speakers who take turns and ask",
        );
    }
    let folds: Vec<_> = evidence.summaries.values().filter(|f| !f.label).collect();
    let asking_folds = folds.iter().filter(|f| cues::asks(&f.text)).count();
    add(
        "<details> folds".into(),
        Shape::Details,
        folds.len(),
        format!(
            "{asking_folds} ask; {} labels only (`Answer`, `See code`)",
            evidence.summaries.len() - folds.len()
        ),
        // One or two folds are a spoiler; "See code" folds hide examples, not answers.
        folds.len() >= 3 && asking_folds * 2 >= folds.len(),
        weight::FOLD,
        "three or more <details> folds whose summaries mostly ask",
    );
    add(
        "question callouts".into(),
        Shape::Callouts,
        evidence.callouts,
        String::new(),
        evidence.callouts >= 2,
        weight::FOLD,
        "two or more question callouts (`> [!question]- …`)",
    );
    add(
        "`Question N:` headings".into(),
        Shape::QuestionNumbered,
        s.question_n,
        String::new(),
        s.question_n >= 1,
        weight::LABELLED,
        "headings read `Question N:`",
    );
    add(
        "`Question:` paragraphs".into(),
        Shape::QuestionParagraphs,
        s.question_paragraphs,
        String::new(),
        s.question_paragraphs >= 2,
        weight::LABELLED,
        "two or more `Question:` paragraphs",
    );
    // Questions set on their own line over their answers, paragraph by paragraph: three make
    // a habit, and they are a quarter of the prose at least (a page's rhetorical questions
    // are a few among many paragraphs).
    let asking_paragraphs = evidence.asking_paragraphs.len();
    add(
        "asking paragraphs".into(),
        Shape::QuestionParagraphs,
        asking_paragraphs,
        format!("of {} paragraphs", evidence.paragraphs),
        asking_paragraphs >= 3 && asking_paragraphs * 4 >= evidence.paragraphs,
        weight::ASKING,
        "three or more paragraphs open with a question on its own line",
    );
    let steps: usize = s.headings[2..].iter().sum();
    let exercise = is_exercise(body, scan, s);
    add(
        "one titled exercise".into(),
        Shape::Exercise,
        if exercise { steps + 1 } else { 0 },
        format!("{steps} headed steps under one `#` title"),
        exercise,
        weight::EXERCISE,
        "one title that asks, or sets a task over three or more steps that ask nothing",
    );
    add(
        "`1. ###` items".into(),
        Shape::ListHeadings,
        s.list_headings,
        String::new(),
        s.list_headings >= 2,
        weight::MARKED,
        "two or more ordered items open with a heading (`1. ### …`)",
    );
    add(
        "bold lines, marked".into(),
        Shape::BoldQuestions,
        s.bold_marked,
        "marked with a difficulty".into(),
        s.bold_marked >= 2,
        weight::MARKED,
        "two or more bold lines marked with a difficulty",
    );
    add(
        "bold-number prompts".into(),
        Shape::BoldQuestions,
        s.bold_numbers,
        "numbers that run on".into(),
        s.bold_numbers >= 2,
        weight::BOLD_NUMBER,
        "prompts led by bold numbers that run on",
    );
    // A single `#` heading titles the document; several are its sections or questions.
    let top = if s.headings[1] > 1 { 1 } else { 2 };
    let numbered_level = (top..=6)
        .max_by_key(|&l| (s.numbered_headings[l], std::cmp::Reverse(l)))
        .unwrap_or(2);
    let steps_of_answers = numbered_steps_under_questions(s, evidence, top);
    add(
        format!("numbered h{numbered_level}"),
        Shape::Checklist,
        s.numbered_headings[numbered_level],
        if steps_of_answers {
            "steps of answers: they ask nothing, the headings above them ask".into()
        } else {
            "(one that asks counts twice)".into()
        },
        s.numbered_headings[numbered_level] >= 2 && !steps_of_answers,
        weight::NUMBERED,
        "two or more numbered headings at one level (`## 1. …`)",
    );
    add(
        "`N. \"…\"` lines".into(),
        Shape::PlainText,
        s.quoted_numbered,
        String::new(),
        s.quoted_numbered >= 1,
        weight::MARKED,
        "numbered lines that quote their question (`1. \"…\"`)",
    );
    let no_headings = s.headings.iter().sum::<usize>() == 0;
    add(
        "numbered text lines".into(),
        Shape::PlainText,
        if plain_text { s.numbered_lines } else { 0 },
        String::new(),
        plain_text && s.numbered_lines >= 2,
        if no_headings {
            weight::NUMBERED
        } else {
            weight::FALLBACK
        },
        "a plain-text file of numbered lines",
    );
    // Bold-led items: ten or more (a habit, not emphasis), half the top-level items at least
    // (the rest are topic lists and links), a third asking in words (the rest are prompts like
    // "Design WhatsApp" or "X vs Y").
    add(
        "bold-led items".into(),
        Shape::Bullets,
        evidence.bold_items,
        format!(
            "{} ask, of {} top-level items",
            evidence.asking_bold_items, evidence.items
        ),
        evidence.bold_items_are_questions(),
        weight::ASKING,
        "ten or more list items led by a bold run, half the items at least, a third of them asking",
    );
    // Where two or more headings ask, the lists under them are the points of their answers
    // (steps that open with "Find", "Identify"), not more questions.
    let headings_ask = s.asking_headings[2..].iter().any(|&n| n >= 2);
    let in_answers = |i: usize| {
        if headings_ask {
            s.in_answers[i]
        } else {
            Tally::default()
        }
    };
    for (i, (marker, asking, all)) in [
        ("bullet items", s.asking_top_bullets, s.top_bullets),
        ("bullet items, any depth", s.asking_bullets, s.bullets),
        ("ordered items", s.asking_top_ordered, s.top_ordered),
    ]
    .into_iter()
    .enumerate()
    {
        let (asking, all) = (asking - in_answers(i).asking, all - in_answers(i).all);
        // Numbering is deliberate: a numbered list where every item asks is a list of
        // questions from two items on (a short quiz); bullets need the habit of three.
        let holds = mostly_asking(asking, all) || (i == 2 && asking >= 2 && asking == all);
        add(
            marker.into(),
            Shape::Bullets,
            asking,
            format!("that ask, of {all} items"),
            holds,
            weight::ASKING,
            "three or more list items ask, 60% of the list at least",
        );
    }
    for level in top..=6 {
        let asking = s.asking_headings[level] + evidence.labelled_headings[level];
        add(
            format!("h{level} headings that ask"),
            Shape::Categories,
            asking,
            format!(
                "of {}; {} with an answer label under them",
                s.headings[level], evidence.labelled_headings[level]
            ),
            level >= 2 && (s.asking_headings[level] >= 2 || evidence.labelled_headings[level] >= 1),
            weight::ASKING,
            "headings of one level ask (or have an `Answer` heading under them)",
        );
    }
    if let Some(level) = (2..=6).find(|&l| s.questioning_headings[l] >= 1) {
        thin.push(add(
            format!("h{level} heading with `?`"),
            Shape::Categories,
            1,
            String::new(),
            s.asking_headings[level] < 2,
            weight::ASKING,
            "one heading ends in a question mark",
        ));
    }
    let bold_lines = add(
        "bold lines that ask".into(),
        Shape::BoldQuestions,
        s.bold_asking,
        "whole-line bold questions".into(),
        s.bold_asking >= 3,
        weight::ASKING,
        "three or more whole-line bold questions",
    );
    // Three or four bold questions may be emphasis in a page.
    if s.bold_asking < 5 {
        thin.push(bold_lines);
    }
    // A table of questions: three rows make a habit.
    let rows = evidence.table_rows();
    add(
        "question-table rows".into(),
        Shape::Table,
        rows,
        format!("in {} table(s)", evidence.tables.len()),
        rows >= 3,
        weight::ASKING,
        "a table whose header names a question column",
    );
    for i in thin {
        out[i].thin = true;
    }
    out
}

/// The shape of a document from its candidates: the highest score wins (the more specific on
/// a tie); with none, it is a page.
pub(crate) fn decide(candidates: &[Candidate]) -> Decision {
    let best = candidates
        .iter()
        .filter(|c| c.score > 0.0)
        .reduce(|best, c| if c.score > best.score { c } else { best });
    let Some(best) = best else {
        return Decision {
            shape: Shape::Page,
            why: "no marker had enough evidence",
            thin: false,
        };
    };
    let close = candidates.iter().any(|c| {
        c.shape != best.shape
            && c.score > 0.0
            && !std::ptr::eq(c, best)
            && c.score >= best.score * weight::CLOSE_CALL
    });
    Decision {
        shape: best.shape,
        why: best.why,
        thin: best.thin || close,
    }
}

/// What `prepbook explain` prints of detection: each candidate marker with its evidence and
/// score, then the decision.
pub(crate) fn explain(body: &Body<'_>, scan: &Scan, plain_text: bool) -> (Vec<String>, Decision) {
    let evidence = infer::gather(body, scan);
    let all = candidates(body, scan, plain_text, &evidence, &count(body, scan));
    let decision = decide(&all);
    let lines = all
        .iter()
        .filter(|c| c.found > 0)
        .map(|c| {
            let score = if c.score > 0.0 {
                format!("{:>7.2}", c.score)
            } else {
                "      -".to_owned()
            };
            format!("  {:<26} {:>5} {score}   {}", c.marker, c.found, c.detail)
        })
        .collect();
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
    let mut under_asking_heading = false;
    // Setext headings (`Title` over `===` or `---`) count as their ATX peers do.
    let setext: std::collections::HashMap<usize, u8> = scan
        .setext
        .iter()
        .map(|&(first, level, _)| (first, level))
        .collect();
    let underlines: std::collections::HashSet<usize> =
        scan.setext.iter().map(|&(_, _, under)| under).collect();
    for (i, raw) in body.lines.iter().enumerate() {
        if scan.is_code(i) || underlines.contains(&i) {
            continue;
        }
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        let heading = markdown::atx_heading(raw).or_else(|| setext.get(&i).map(|&l| (l, t)));
        if let Some((level, text)) = heading {
            let level = usize::from(level);
            s.headings[level] += 1;
            // `Question 6:` numbers a question; `Question-answer drills` names a section.
            if cues::question_n(text).is_some_and(|(number, _)| number.is_some())
                || cues::question_label(text).is_some()
            {
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
            under_asking_heading = level >= 2 && (questioning || cues::asks(unquoted));
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
            // `**1. What is X?**` is a bold line, not a list item.
            if markdown::indent_of(raw) <= 1 && cues::list_item(raw).is_some() {
                s.top_ordered += 1;
                s.asking_top_ordered += usize::from(cues::asks(rest));
                if under_asking_heading {
                    s.in_answers[2].add(cues::asks(rest));
                }
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
            } else if cues::bold_line_asks(&text) {
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
            // A table of contents (`- [What is X?](#what-is-x)`) points at the questions.
            let toc = text.contains("](#") && infer::links_only(text.trim());
            let asking = cues::asks(text.trim()) && !toc;
            s.bullets += 1;
            s.asking_bullets += usize::from(asking);
            if under_asking_heading {
                s.in_answers[1].add(asking);
            }
            if markdown::indent_of(raw) <= 1 {
                s.top_bullets += 1;
                s.asking_top_bullets += usize::from(asking);
                if under_asking_heading {
                    s.in_answers[0].add(asking);
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(text: &str) -> Decision {
        let body = Body::new(text, 1);
        let scan = markdown::scan(body.text, &body.lines);
        let evidence = infer::gather(&body, &scan);
        decide(&candidates(
            &body,
            &scan,
            false,
            &evidence,
            &count(&body, &scan),
        ))
    }

    fn folds(n: usize) -> String {
        (0..n)
            .map(|i| format!("<details><summary>Why does cache {i} miss?</summary>\n\nIt is cold.\n</details>\n\n"))
            .collect()
    }

    fn asking_bullets(n: usize) -> String {
        (0..n)
            .map(|i| format!("- How would you shard table {i}?\n"))
            .collect()
    }

    #[test]
    fn the_marker_with_more_evidence_wins_whatever_its_kind() {
        // A fold counts twice (it hides an answer by design): three folds outweigh five bare
        // asking bullets, not seven.
        let text = folds(3) + &asking_bullets(5);
        assert_eq!(decision(&text).shape, Shape::Details);
        let text = folds(3) + &asking_bullets(7);
        assert_eq!(decision(&text).shape, Shape::Bullets);
    }

    #[test]
    fn a_close_call_is_low_confidence_and_a_clear_one_is_not() {
        let clear = decision(&(folds(6) + &asking_bullets(3)));
        assert_eq!(clear.shape, Shape::Details);
        assert!(!clear.thin);
        let close = decision(&(folds(3) + &asking_bullets(6)));
        assert!(close.thin, "{close:?}");
    }

    #[test]
    fn markers_short_of_a_habit_score_nothing() {
        // Two asking bullets and two folds are emphasis and spoilers, not a list of questions.
        let text = folds(2) + &asking_bullets(2);
        assert_eq!(decision(&text).shape, Shape::Page);
    }

    #[test]
    fn numbered_lines_of_a_text_file_with_headings_are_a_fallback() {
        let text = "## Question 1: Why this team?\n\n1. Growth.\n2. Scope.\n3. People.\n";
        let body = Body::new(text, 1);
        let scan = markdown::scan(body.text, &body.lines);
        let evidence = infer::gather(&body, &scan);
        let d = decide(&candidates(
            &body,
            &scan,
            true,
            &evidence,
            &count(&body, &scan),
        ));
        assert_eq!(d.shape, Shape::QuestionNumbered);
    }
}
