//! The typed model of a handbook: what the parser understood, as plain immutable data.
//!
//! Input: nothing (this module only defines types). Output: the types every later stage reads.
//! A [`Site`] holds [`Document`]s; a question-and-answer document holds [`Section`]s of
//! [`Question`]s, whose answers are [`Segment`]s of markdown (titled parts and worked examples
//! included) with the code blocks, tables and blanks found in them; a transcript also holds its
//! [`Transcript`] of turns. Every node carries the 1-based line where it starts in the original
//! file, front matter included. No field is filled in later: the parser builds each node whole.

use crate::diag::Diagnostic;
use serde::Serialize;
use std::collections::BTreeMap;

/// The whole handbook.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Site {
    /// The handbook's title, from `prepbook.yaml` (or a default).
    pub(crate) title: String,
    /// Every document, in the stable order of the content folder walk.
    pub(crate) documents: Vec<std::sync::Arc<Document>>,
}

/// What a document is, as a reader sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// Questions with (or awaiting) answers.
    Qa,
    /// A mock-interview conversation; its question/answer pairs are its questions.
    Transcript,
    /// Any other document: prose with no questions.
    Page,
}

/// The written form a document was recognised as; each has its own parser rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Shape {
    /// `## 1. text` items with `### Part:` headings, `**Example N – title**` and `### Q1:` children.
    Checklist,
    /// `## Question 6: text` with `### Answer`, items separated by `---`.
    QuestionNumbered,
    /// `## Category` sections holding `### question` headings.
    Categories,
    /// Ordered-list items whose first block is a heading: `1. ### text`, the answer indented below.
    ListHeadings,
    /// Whole-line bold questions, often ending in a difficulty marker: `**What is X? 👶**`.
    BoldQuestions,
    /// `* question` bullets, with nested follow-up bullets as children.
    Bullets,
    /// `Question: text` paragraphs, each followed by the code it asks about.
    QuestionParagraphs,
    /// Plain text: `Group:` lines and `N. "question"` lines with answers below.
    PlainText,
    /// `SPEAKER: text` turns with `[stage directions]` and a closing notes block.
    Transcript,
    /// `<details><summary>question</summary> answer </details>` folds.
    Details,
    /// Table rows, one question each, in a column headed `Question`, `Title`, `Problem`, ...
    Table,
    /// One exercise: the title asks, and the headings below are the steps of its answer.
    Exercise,
    /// Callouts that ask (`> [!question]- What is X?`), the answer quoted below.
    Callouts,
    /// Lines matching the `/regex/` a writer declared (`questions: /^Q\d+: (.*)/`).
    Pattern,
    /// Markdown with no questions.
    Page,
}

impl Shape {
    /// Every shape, for `shape:` in front matter and for help texts.
    pub(crate) const ALL: [Shape; 15] = [
        Shape::Checklist,
        Shape::QuestionNumbered,
        Shape::Categories,
        Shape::ListHeadings,
        Shape::BoldQuestions,
        Shape::Bullets,
        Shape::QuestionParagraphs,
        Shape::PlainText,
        Shape::Transcript,
        Shape::Details,
        Shape::Table,
        Shape::Exercise,
        Shape::Callouts,
        Shape::Pattern,
        Shape::Page,
    ];

    /// The name used in front matter (`shape: checklist`) and in the JSON export.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Shape::Checklist => "checklist",
            Shape::QuestionNumbered => "question-numbered",
            Shape::Categories => "categories",
            Shape::ListHeadings => "list-headings",
            Shape::BoldQuestions => "bold-questions",
            Shape::Bullets => "bullets",
            Shape::QuestionParagraphs => "question-paragraphs",
            Shape::PlainText => "plain-text",
            Shape::Transcript => "transcript",
            Shape::Details => "details",
            Shape::Table => "table",
            Shape::Exercise => "exercise",
            Shape::Pattern => "pattern",
            Shape::Callouts => "callouts",
            Shape::Page => "page",
        }
    }

    /// The kind of document this shape produces.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Shape::Transcript => Kind::Transcript,
            Shape::Page => Kind::Page,
            _ => Kind::Qa,
        }
    }
}

/// Front-matter fields prepbook understands, plus the ones it keeps without using.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Meta {
    /// Tags for the tag pages and search filters.
    pub(crate) tags: Vec<String>,
    /// The company the notes prepare for.
    pub(crate) company: Option<String>,
    /// The role the notes prepare for.
    pub(crate) role: Option<String>,
    /// A difficulty label, as written.
    pub(crate) difficulty: Option<String>,
    /// Sort key among documents (lower first); documents without one follow, by path.
    pub(crate) order: Option<i64>,
    /// Drafts are left out of the build unless `--drafts` is given.
    pub(crate) draft: bool,
    /// Keys other generators use (`layout`, `permalink`, ...), kept as written.
    pub(crate) extra: BTreeMap<String, serde_yaml::Value>,
}

/// One source file, understood.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Document {
    /// Path relative to the content folder, `/`-separated.
    pub(crate) source: String,
    /// URL-safe name, unique in the site; the page is `<slug>.html` and question ids start with it.
    pub(crate) slug: String,
    /// What the document is.
    pub(crate) kind: Kind,
    /// The written form it was recognised as.
    pub(crate) shape: Shape,
    /// Front matter `title`, else the first `#` heading, else a banner line, else the file name.
    pub(crate) title: String,
    /// The title's heading as written, when it holds markup the page shows (a link, code):
    /// see [`crate::parse::markdown::title_markup`].
    pub(crate) title_markup: Option<String>,
    /// A subtitle: front matter `subtitle`, or the context line under a transcript banner.
    pub(crate) subtitle: Option<String>,
    /// Front matter.
    pub(crate) meta: Meta,
    /// Markdown before the first section or question (for a page: the whole body).
    pub(crate) intro: String,
    /// Sections in document order. Questions before any section heading sit in an untitled one.
    pub(crate) sections: Vec<Section>,
    /// Markdown after the last answer that closes the document rather than answers anything
    /// (a source line, a disclaimer, a licence line after a `---`).
    pub(crate) outro: String,
    /// The conversation, for transcripts.
    pub(crate) transcript: Option<Transcript>,
    /// Links in the markdown the page shows, in document order (none in plain text and
    /// transcripts, which are shown as text).
    pub(crate) links: Vec<Link>,
    /// Everything prepbook had to say about this document, in line order.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// A hash of what the document was read from (path, slug, text), to tell an edited
    /// document from an unchanged one between builds of one process. Not stable across runs.
    #[serde(skip)]
    pub(crate) fingerprint: u64,
    /// Whether this is an [`outline`](Document::outline): the page and the index need the
    /// document parsed again ([`Whole`]).
    #[serde(skip)]
    pub(crate) outlined: bool,
}

/// Document `i` of the site whole: the site's own, or, when the site holds outlines, the
/// document parsed again from its file.
pub(crate) type Whole<'a> =
    &'a (dyn Fn(usize) -> Result<std::sync::Arc<Document>, crate::error::Error> + Sync);

impl Document {
    /// Every question of the document, top-level and nested, in document order.
    pub(crate) fn all_questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(Section::all_questions)
    }

    /// How many questions the document asks, and how many of them are answered.
    pub(crate) fn tally(&self) -> Tally {
        self.all_questions()
            .fold(Tally::default(), |tally, q| Tally {
                questions: tally.questions + 1,
                answered: tally.answered + usize::from(q.answered),
            })
    }

    /// The document without the text its page and its index entries are made from (intros,
    /// prompts, answers, code, a transcript's turns), keeping what the site's other pages
    /// show of it: its title, sections, questions' ids, text and counts, tags and
    /// diagnostics. A one-off build of a large site holds these, and parses a document again
    /// when it renders its page (see `pipeline::HOLD_AT_MOST`).
    pub(crate) fn outline(mut self) -> Document {
        fn hollow(q: &mut Question) {
            q.prompt = String::new();
            q.answer = String::new();
            q.segments = Vec::new();
            q.code_blocks = Vec::new();
            q.star = None;
            q.children.iter_mut().for_each(hollow);
        }
        self.intro = String::new();
        self.outro = String::new();
        for section in &mut self.sections {
            section.intro = String::new();
            section.questions.iter_mut().for_each(hollow);
        }
        if let Some(t) = &mut self.transcript {
            for turn in &mut t.turns {
                turn.text = String::new();
            }
        }
        self.outlined = true;
        self
    }

    /// Whether any diagnostic is an error.
    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    }
}

/// A link written in a document, where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Link {
    /// The destination as written (`other.md#anchor`, `#anchor`, `https://...`).
    pub(crate) dest: String,
    /// Line of its opening bracket.
    pub(crate) line: usize,
    /// Column of its opening bracket, in characters.
    pub(crate) column: usize,
}

/// A group of questions under a heading (a category, a `Group:` line, ...).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section {
    /// The heading text, or `None` for questions before any heading.
    pub(crate) title: Option<String>,
    /// The heading as written, when it holds markup the page shows (a link, code).
    pub(crate) title_markup: Option<String>,
    /// Line of the heading (of the first question when untitled).
    pub(crate) line: usize,
    /// Markdown between the heading and the first question.
    pub(crate) intro: String,
    /// The questions, in document order.
    pub(crate) questions: Vec<Question>,
}

impl Section {
    /// Every question of the section, each followed by its follow-ups (and theirs), depth
    /// first: document order, and the order of practice cards. The one walk every stage uses.
    pub(crate) fn all_questions(&self) -> Questions<'_> {
        Questions {
            stack: vec![self.questions.iter()],
        }
    }
}

/// A depth-first walk over questions and their follow-ups ([`Section::all_questions`]).
#[derive(Debug, Clone)]
pub(crate) struct Questions<'a> {
    /// The questions still to visit at each depth, the deepest last.
    stack: Vec<std::slice::Iter<'a, Question>>,
}

impl<'a> Iterator for Questions<'a> {
    type Item = &'a Question;

    fn next(&mut self) -> Option<&'a Question> {
        loop {
            let level = self.stack.last_mut()?;
            match level.next() {
                Some(q) => {
                    if !q.children.is_empty() {
                        self.stack.push(q.children.iter());
                    }
                    return Some(q);
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

/// How many questions, and how many of them are answered: counted once, here, for the home
/// page, the document pages, `check`'s summary and `build`'s last line alike.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Questions, follow-ups included.
    pub(crate) questions: usize,
    /// Those of them with an answer.
    pub(crate) answered: usize,
}

impl Tally {
    /// Questions without an answer yet.
    pub(crate) fn unanswered(self) -> usize {
        self.questions - self.answered
    }
}

impl std::iter::Sum for Tally {
    fn sum<I: Iterator<Item = Tally>>(tallies: I) -> Tally {
        tallies.fold(Tally::default(), |a, b| Tally {
            questions: a.questions + b.questions,
            answered: a.answered + b.answered,
        })
    }
}

/// One prompt and what answers it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Question {
    /// Anchor id, unique in the site and stable while the text is unchanged:
    /// `<document slug>--<slug of the text>`, with `-2`, `-3`, ... on a collision.
    pub(crate) id: String,
    /// The number as written (`## 7.`, `Question 7:`, `7. "..."`); it may repeat or skip.
    pub(crate) number: Option<u32>,
    /// The prompt as inline markdown, without numbering, surrounding quotes or difficulty marker.
    pub(crate) text: String,
    /// Line of the prompt.
    pub(crate) line: usize,
    /// Last line of the question: its answer, follow-ups included.
    pub(crate) end_line: usize,
    /// Difficulty marked on the prompt itself (`easy`, `medium`, `expert`).
    pub(crate) difficulty: Option<String>,
    /// Markdown that belongs to the prompt, such as the code a question asks about.
    pub(crate) prompt: String,
    /// The answer's markdown as written (without the prompt, the choices or follow-ups).
    pub(crate) answer: String,
    /// For a multiple-choice question, the choices in order (inline markdown, labels removed).
    pub(crate) choices: Vec<String>,
    /// For a multiple-choice question, the 0-based indices into `choices` of the right ones.
    pub(crate) correct: Vec<usize>,
    /// The answer in document order: an untitled lead, titled parts and worked examples.
    pub(crate) segments: Vec<Segment>,
    /// Whether real answer content follows (not a back-to-top link, `<br/>`, "TODO", ...).
    pub(crate) answered: bool,
    /// Fenced and indented code blocks, in the prompt or the answer.
    pub(crate) code_blocks: Vec<CodeBlock>,
    /// Tables in the answer.
    pub(crate) tables: Vec<Table>,
    /// Blanks to fill (`[X years]`) in the prompt or the answer.
    pub(crate) placeholders: Vec<Placeholder>,
    /// Nested questions (`### Q1:` inside an item, follow-up bullets).
    pub(crate) children: Vec<Question>,
    /// The STAR structure, when this is a behavioural answer told in STAR form.
    pub(crate) star: Option<Star>,
}

impl Question {
    /// The titled parts of the answer.
    pub(crate) fn parts(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|s| s.kind == SegmentKind::Part)
    }

    /// The worked examples of the answer.
    pub(crate) fn examples(&self) -> impl Iterator<Item = &Segment> {
        self.segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Example)
    }
}

/// What a piece of an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SegmentKind {
    /// Untitled answer text (before the first part, or the whole answer).
    Body,
    /// A titled part: `### Sample Answer:`, `**Result:**`, `Situation:`, a plain-text title line.
    Part,
    /// A worked example: `**Example 1 – title**`.
    Example,
}

/// A piece of an answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Segment {
    /// Body, part or example.
    pub(crate) kind: SegmentKind,
    /// The title without markup and trailing colon; `None` for a body.
    pub(crate) title: Option<String>,
    /// Line of the title (or of the first text line of a body).
    pub(crate) line: usize,
    /// The content as markdown, indentation of the enclosing list item removed.
    pub(crate) markdown: String,
}

/// A behavioural answer told in STAR form: Situation, Task, Action, Result, and a Reflection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Star {
    /// The STAR part each segment of the answer tells, aligned with `segments` (`None` for a
    /// segment that is none of them). An untitled opening tells the Situation when no segment
    /// is titled so.
    pub(crate) segments: Vec<Option<StarPart>>,
    /// The parts of Situation, Task, Action and Result that no segment tells, in that order.
    /// (The Reflection is welcome but optional, so it is never missing.)
    pub(crate) missing: Vec<StarPart>,
}

/// One part of a STAR answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum StarPart {
    /// Where and when, and what was at stake (`Situation:`, `Context:`, `Background:`).
    Situation,
    /// What the speaker was responsible for (`Task:`, `Goal:`, `My role:`).
    Task,
    /// What the speaker did (`Action:`, `What I did:`, `Approach:`).
    Action,
    /// What came of it (`Result:`, `Outcome:`, `Impact:`).
    Result,
    /// What the speaker learned (`Reflection:`, `Takeaway:`, `Key Takeaway:`, `Lessons learned:`).
    Reflection,
}

impl StarPart {
    /// Every part, in the order a STAR answer tells them.
    pub(crate) const ALL: [StarPart; 5] = [
        StarPart::Situation,
        StarPart::Task,
        StarPart::Action,
        StarPart::Result,
        StarPart::Reflection,
    ];

    /// The part's name, capitalised.
    pub(crate) fn name(self) -> &'static str {
        match self {
            StarPart::Situation => "Situation",
            StarPart::Task => "Task",
            StarPart::Action => "Action",
            StarPart::Result => "Result",
            StarPart::Reflection => "Reflection",
        }
    }
}

/// A code block in a question or answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CodeBlock {
    /// First word of the fence info string, as written (`python`, `jsx`); `None` if absent.
    pub(crate) lang: Option<String>,
    /// Line of the opening fence.
    pub(crate) line: usize,
    /// The code.
    pub(crate) code: String,
    /// Whether the code belongs to the prompt rather than the answer.
    pub(crate) in_prompt: bool,
}

/// A table in an answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Table {
    /// Line of the header row.
    pub(crate) line: usize,
    /// Number of columns.
    pub(crate) columns: usize,
    /// Number of body rows.
    pub(crate) rows: usize,
}

/// A blank to fill: `[text]` that is not a link, image, footnote, reference or task box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Placeholder {
    /// The text between the brackets.
    pub(crate) text: String,
    /// Line of the opening bracket.
    pub(crate) line: usize,
    /// Column of the opening bracket.
    pub(crate) column: usize,
}

/// A mock-interview conversation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Transcript {
    /// Speaker turns in order.
    pub(crate) turns: Vec<Turn>,
    /// Stage directions (`[Interview Start]`), without the brackets.
    pub(crate) directions: Vec<Direction>,
    /// The closing notes block, if any.
    pub(crate) notes: Option<Notes>,
}

/// Who a speaker is in the interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Role {
    /// Asks the questions.
    Interviewer,
    /// Answers them.
    Candidate,
    /// Anyone else (an observer, a note taker).
    Other,
}

/// One speaker's turn: from the speaker line to the next speaker or stage direction.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Turn {
    /// The speaker as written (`INTERVIEWER`).
    pub(crate) speaker: String,
    /// The inferred role.
    pub(crate) role: Role,
    /// What was said; paragraphs separated by blank lines.
    pub(crate) text: String,
    /// Line of the speaker label.
    pub(crate) line: usize,
    /// Id of the question derived from this turn, when it is an interviewer's question.
    pub(crate) question_id: Option<String>,
}

/// A stage direction on its own line.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Direction {
    /// The text without the brackets.
    pub(crate) text: String,
    /// Its line.
    pub(crate) line: usize,
    /// How many turns come before it (where it sits in the conversation).
    pub(crate) after_turns: usize,
}

/// The notes block that closes a transcript (`CONVERSATION NOTES:`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Notes {
    /// The block's label, without the colon.
    pub(crate) title: String,
    /// Line of the label.
    pub(crate) line: usize,
    /// `label: value` lines and the lists under them.
    pub(crate) entries: Vec<NoteEntry>,
}

/// One entry of a notes block.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NoteEntry {
    /// The label (`Topics Covered`), or the whole line when it has no colon.
    pub(crate) label: String,
    /// The text after the colon, if any.
    pub(crate) value: Option<String>,
    /// The bullet items listed under it.
    pub(crate) items: Vec<String>,
    /// Its line.
    pub(crate) line: usize,
}
