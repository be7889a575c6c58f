//! Exports: the model in formats other tools read.
//!
//! Input: the parsed site (and its report, for JSON). Output: text on a writer, or a file
//! ([`write_file`]). The JSON export is a contract documented in the README: its own view types
//! below borrow the model and fix the keys, so the model can grow without breaking scripts that
//! read the export. The Anki export is one card per question, rendered to HTML by the same
//! markdown adapters as the site; the CSV export is one row per question for spreadsheets.

use crate::check::Report;
use crate::diag::Diagnostic;
use crate::error::Error;
use crate::model::{Document, Kind, Question, Role, Section, SegmentKind, Shape, Site, StarPart};
use crate::render::markdown::{self, Context};
use crate::settings::Settings;
use crate::slug::slugify;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

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
    end_line: usize,
    answered: bool,
    difficulty: Option<&'a str>,
    answer: &'a str,
    choices: &'a [String],
    correct: &'a [usize],
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
        end_line: q.end_line,
        answered: q.answered,
        difficulty: q.difficulty.as_deref(),
        answer: &q.answer,
        choices: &q.choices,
        correct: &q.correct,
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

/// A question with the document and section it belongs to: what a card or a row is made of.
struct Entry<'a> {
    doc: &'a Document,
    section: &'a Section,
    question: &'a Question,
}

/// The questions of the site in site order, follow-ups after their question; only the answered
/// ones unless `all`.
fn entries(site: &Site, all: bool) -> impl Iterator<Item = Entry<'_>> {
    site.documents.iter().flat_map(move |doc| {
        doc.sections.iter().flat_map(move |section| {
            section
                .all_questions()
                .filter(move |q| all || q.answered)
                .map(move |question| Entry {
                    doc,
                    section,
                    question,
                })
        })
    })
}

/// Which deck each card goes to: a template whose `{handbook}`, `{document}` and `{section}` are
/// the site's title, the document's and the section's (empty when it has none). Anki reads `::`
/// as a sub-deck, so each part is made one level (a `::` inside a title becomes `:`) and empty
/// levels are dropped.
#[derive(Debug, Clone)]
pub(crate) struct Deck(pub(crate) String);

impl Default for Deck {
    /// A deck per document under one for the handbook: `Handbook::Document`.
    fn default() -> Self {
        Deck("{handbook}::{document}".to_owned())
    }
}

impl Deck {
    fn name(&self, site: &Site, doc: &Document, section: &Section) -> String {
        let level = |title: &str| title.replace("::", ":").trim().to_owned();
        self.0
            .replace("{handbook}", &level(&site.title))
            .replace("{document}", &level(&doc.title))
            .replace("{section}", &level(section.title.as_deref().unwrap_or("")))
            .split("::")
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("::")
    }
}

/// Write one card per question as a text file Anki imports as it is (File > Import): the header
/// lines of Anki's manual ("File Headers"), then `Front<TAB>Back<TAB>Tags<TAB>Deck<TAB>GUID`
/// lines. The front is the question and the code it asks about; the back is the answer with its
/// parts and examples headed, as the site renders it; tags are the document's slug, the
/// section's slug and the front-matter tags; the deck is `deck`'s name for the card (by default
/// `Handbook::Document`); the GUID is the question's id, so importing an edited export updates
/// the notes it made instead of adding new ones, and two questions that ask the same words stay
/// two notes. Links to other documents point at the published pages when the base URL is known.
pub(crate) fn anki_in_decks(
    site: &Site,
    settings: &Settings,
    all: bool,
    deck: &Deck,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let base = settings.base_url.as_deref().unwrap_or("");
    let pages: HashMap<String, String> = site
        .documents
        .iter()
        .map(|d| {
            let page = crate::render::page_name(&d.slug);
            (d.source.clone(), format!("{base}{page}"))
        })
        .collect();
    // `#separator` comes first: Anki splits the `#columns` line with the separator it knows.
    // `#notetype:Basic` keeps Anki from using whichever note type was used last; the tags, deck
    // and GUID columns are not fields, and the other two map to Basic's fields by name.
    out.write_all(
        b"#separator:tab\n#html:true\n#notetype:Basic\n#tags column:3\n#deck column:4\n\
          #guid column:5\n#columns:Front\tBack\tTags\tDeck\tGUID\n",
    )?;
    for Entry {
        doc,
        section,
        question,
    } in entries(site, all)
    {
        let cx = Context {
            raw_html: settings.raw_html,
            pages: &pages,
            source: &doc.source,
            min_heading: 2,
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            anki_field(&card_front(question, &cx)),
            anki_field(&card_back(question, &cx)),
            anki_field(&card_tags(doc, section)),
            anki_field(&deck.name(site, doc, section)),
            anki_field(&question.id),
        )?;
    }
    Ok(())
}

/// The question's text, and the code or text it asks about. A multiple-choice question shows
/// its code and then its options as a lettered list built from `choices`: its prompt as written
/// still holds the options with their labels (or ticked boxes that give the key away). The
/// options also keep two quiz cards that ask the same "What is logged?" apart: Anki takes a
/// note whose first field it already has for the same note.
fn card_front(q: &Question, cx: &Context<'_>) -> String {
    let text = markdown::inline_html(&q.text, cx);
    let block_cx = Context {
        min_heading: 4,
        ..*cx
    };
    let prompt = if q.choices.is_empty() {
        markdown::to_html(&q.prompt, &block_cx)
    } else {
        let code: String = prompt_code(q)
            .map(|(code, lang)| markdown::to_html(&fenced(code, lang), &block_cx))
            .collect();
        let options: String = q
            .choices
            .iter()
            .map(|c| format!("<li>{}</li>", markdown::inline_html(c, cx)))
            .collect();
        format!("{code}<ol type=\"A\" class=\"choices\">{options}</ol>")
    };
    if prompt.is_empty() {
        text
    } else {
        format!("{text}\n<div class=\"prompt\">{prompt}</div>")
    }
}

/// The code a multiple-choice question asks about, as (code, language).
fn prompt_code(q: &Question) -> impl Iterator<Item = (&str, Option<&str>)> {
    q.code_blocks
        .iter()
        .filter(|c| c.in_prompt)
        .map(|c| (c.code.as_str(), c.lang.as_deref()))
}

/// A code block as fenced markdown, its fence longer than any run of backticks in the code.
fn fenced(code: &str, lang: Option<&str>) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let newline = if code.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{}\n{code}{newline}{fence}", lang.unwrap_or(""))
}

/// The label of the `n`-th option (0-based) as `<ol type="A">` numbers it: A…Z, then AA, AB…
fn letter(n: usize) -> String {
    let mut n = n + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    out.into_iter().rev().collect()
}

/// The right options of a multiple-choice question, in the key's order (those the question has).
fn right_options(q: &Question) -> impl Iterator<Item = usize> + '_ {
    q.correct.iter().copied().filter(|&n| n < q.choices.len())
}

/// The answer as the site shows it: each part and example under its title, with the site's
/// class names, so a note type's styling can reuse the site's CSS. A multiple-choice answer
/// first names the right options (`B: <code>undefined</code>`), then explains.
fn card_back(q: &Question, cx: &Context<'_>) -> String {
    let answer_cx = Context {
        min_heading: 4,
        ..*cx
    };
    let key: Vec<String> = right_options(q)
        .map(|n| {
            format!(
                "{}: {}",
                letter(n),
                markdown::inline_html(&q.choices[n], cx)
            )
        })
        .collect();
    let key =
        (!key.is_empty()).then(|| format!("<p class=\"choice-key\">{}</p>", key.join(" and ")));
    let segments = q.segments.iter().filter_map(|s| {
        let kind = match s.kind {
            SegmentKind::Body => "body",
            SegmentKind::Part => "part",
            SegmentKind::Example => "example",
        };
        let html = markdown::to_html(&s.markdown, &answer_cx);
        let title = s.title.as_deref().map(|t| markdown::inline_html(t, cx));
        match title {
            Some(t) => Some(format!(
                "<div class=\"segment segment-{kind}\"><h3 class=\"{kind}-title\">{t}</h3>\n{html}</div>"
            )),
            None if html.is_empty() || crate::render::empty_fold(&html) => None,
            None => Some(format!("<div class=\"segment segment-{kind}\">{html}</div>")),
        }
    });
    key.into_iter()
        .chain(segments)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Anki tags: space-separated words, so each is a slug (`Message Brokers` → `message-brokers`).
fn card_tags(doc: &Document, section: &Section) -> String {
    let mut tags: Vec<String> = vec![doc.slug.clone()];
    tags.extend(section.title.as_deref().map(|t| slugify(t, 60)));
    tags.extend(doc.meta.tags.iter().map(|t| slugify(t, 60)));
    let mut seen = std::collections::HashSet::new();
    tags.retain(|t| !t.is_empty() && seen.insert(t.clone()));
    tags.join(" ")
}

/// One field of an Anki text file, as Anki's importer reads it: a CSV reader over tab-separated
/// lines that skips lines starting with `#`, with HTML allowed. A raw tab or line break would
/// end the field or the card, so a tab becomes `&#9;` (a space inside a tag), and a line break
/// becomes `<br>` inside `<pre>` (code keeps its lines) and a space elsewhere (HTML collapses
/// the two alike, where dropping it would glue words together). A field holding `"`, or
/// starting with `#`, is quoted and its quotes doubled, as the manual says.
fn anki_field(html: &str) -> String {
    let html = html.trim();
    let mut out = String::with_capacity(html.len() + 16);
    let mut in_pre = 0usize;
    let mut in_tag = false;
    for (i, c) in html.char_indices() {
        match c {
            '<' => {
                let tag = &html.as_bytes()[i + 1..];
                let name = |n: &[u8]| {
                    tag.len() > n.len()
                        && tag[..n.len()].eq_ignore_ascii_case(n)
                        && (tag[n.len()] == b'>' || tag[n.len()].is_ascii_whitespace())
                };
                if name(b"pre") {
                    in_pre += 1;
                } else if name(b"/pre") {
                    in_pre = in_pre.saturating_sub(1);
                }
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            '\n' if in_pre > 0 && !in_tag => out.push_str("<br>"),
            '\n' => out.push(' '),
            '\r' => {}
            '\t' if in_tag => out.push(' '),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    if out.contains('"') || out.starts_with('#') {
        format!("\"{}\"", out.replace('"', "\"\""))
    } else {
        out
    }
}

/// Write one row per question as CSV for spreadsheets (RFC 4180: a header row, CRLF between
/// rows, a field quoted when it holds a comma, quote or line break, its quotes doubled).
///
/// The question and answer are their markdown source, titled parts as `**Title**` paragraphs.
/// A spreadsheet user reads a cell, sorts, filters and edits: the words as written are what they
/// recognise, code and tables stay legible in a cell (HTML would bury them in markup, and plain
/// text would lose the code's line breaks and the table's columns), and an edited cell can be
/// pasted back into the notes. A multiple-choice question lists its options as `A: …` lines,
/// and its answer starts with the key (`Answer: B`) when the notes give one. Cells are not
/// altered: a spreadsheet that takes a cell starting with `-` or `=` for a formula should
/// import the file with text columns.
///
/// A UTF-8 byte order mark comes first when `bom` is set (`--bom`): Excel on Windows opens a CSV
/// without one in the system's code page, garbling every `—`, `é` and `→`; with it, Excel reads
/// UTF-8 (and LibreOffice, Numbers and Google Sheets read the file alike either way).
pub(crate) fn csv_for(
    site: &Site,
    all: bool,
    bom: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    csv_row(
        out,
        &["question", "answer", "document", "section", "tags", "id"],
    )?;
    for Entry {
        doc,
        section,
        question: q,
    } in entries(site, all)
    {
        csv_row(
            out,
            &[
                &question_markdown(q),
                &csv_answer(q),
                &doc.title,
                section.title.as_deref().unwrap_or(""),
                &doc.meta.tags.join(", "),
                &q.id,
            ],
        )?;
    }
    Ok(())
}

/// The question's markdown: its text and its prompt. A multiple-choice question's prompt is
/// its code and then its options, each on a line of its own as `A: …` (the prompt as written
/// may label them otherwise, or tick the right boxes).
fn question_markdown(q: &Question) -> String {
    let mut blocks = vec![q.text.clone()];
    if q.choices.is_empty() {
        blocks.extend(
            Some(q.prompt.trim())
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        );
    } else {
        blocks.extend(prompt_code(q).map(|(code, lang)| fenced(code, lang)));
        let options: Vec<String> = q
            .choices
            .iter()
            .enumerate()
            .map(|(n, c)| format!("{}: {}", letter(n), c.trim()))
            .collect();
        blocks.push(options.join("\n"));
    }
    blocks.join("\n\n")
}

/// The answer cell: a multiple-choice key as a first line (`Answer: A and C`), unless the
/// answer as written already starts with one, then the answer as written.
fn csv_answer(q: &Question) -> String {
    let answer = answer_markdown(q);
    let letters: Vec<String> = right_options(q).map(letter).collect();
    if letters.is_empty() || starts_with_key(&answer, q.choices.len()) {
        return answer;
    }
    let key = format!("Answer: {}", letters.join(" and "));
    if answer.is_empty() {
        key
    } else {
        format!("{key}\n\n{answer}")
    }
}

/// Whether the first line of text in `markdown` is a key (`#### Answer: B`, `**Answer:** C`),
/// read as the parser reads one. HTML lines before it (the `<details><summary>Answer</summary>`
/// fold many quizzes put the key in) are passed over.
fn starts_with_key(markdown: &str, options: usize) -> bool {
    markdown
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('<'))
        .is_some_and(|first| !crate::parse::choices::key([first], options).is_empty())
}

/// The answer's markdown: each titled part or example as a `**Title**` paragraph and its text.
fn answer_markdown(q: &Question) -> String {
    let parts: Vec<String> = q
        .segments
        .iter()
        .filter_map(|s| {
            let body = s.markdown.trim_matches('\n').trim_end();
            match (&s.title, body.is_empty()) {
                (Some(t), true) => Some(format!("**{t}**")),
                (Some(t), false) => Some(format!("**{t}**\n\n{body}")),
                (None, true) => None,
                (None, false) => Some(body.to_owned()),
            }
        })
        .collect();
    parts.join("\n\n")
}

fn csv_row(out: &mut impl Write, fields: &[&str]) -> std::io::Result<()> {
    let row: Vec<std::borrow::Cow<'_, str>> = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\"")).into()
            } else {
                (*f).into()
            }
        })
        .collect();
    write!(out, "{}\r\n", row.join(","))
}

/// Write an export to `path`. Refuses a folder, a missing folder (it says so rather than make
/// one), and anywhere inside the content folder, where prepbook would read the file as notes
/// (a `.txt` export would become a document) or the export would replace one.
pub(crate) fn write_file(path: &Path, content: &Path, bytes: &[u8]) -> Result<(), Error> {
    let refuse = |reason: String| Error::ExportTarget {
        path: path.to_path_buf(),
        reason,
    };
    if path.is_dir() {
        return Err(refuse(
            "that is a folder; name a file in it, such as cards.txt".to_owned(),
        ));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(folder) = parent.canonicalize() else {
        return Err(refuse(format!(
            "the folder {} does not exist; create it first, or write elsewhere",
            parent.display()
        )));
    };
    // The file itself may be a link into the content folder.
    let target = path.canonicalize().unwrap_or(folder.clone());
    if let Ok(notes) = content.canonicalize() {
        if folder.starts_with(&notes) || target.starts_with(&notes) {
            return Err(refuse(format!(
                "that is inside the content folder {}, whose files are the notes; write it outside",
                content.display()
            )));
        }
    }
    std::fs::write(path, bytes).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::{anki_field, csv_for, fenced, letter, starts_with_key, Deck};
    use crate::load::SourceFile;
    use crate::model::Site;
    use crate::render::empty_fold;

    fn site(title: &str, source: &str, text: &str) -> Site {
        let file = SourceFile {
            source: source.to_owned(),
            text: text.to_owned(),
            plain_text: false,
            diagnostics: Vec::new(),
        };
        Site {
            title: title.to_owned(),
            documents: vec![std::sync::Arc::new(crate::parse::parse(&file, "doc", None))],
        }
    }

    #[test]
    fn decks_are_one_level_per_part_by_default_handbook_then_document() {
        let site = site(
            "My :: Prep",
            "doc.md",
            "# Queues: a :: b\n\n## Basics\n\n### 1. What is a queue?\n\nFIFO.\n",
        );
        let doc = &site.documents[0];
        let section = &doc.sections[0];
        assert_eq!(
            Deck::default().name(&site, doc, section),
            "My : Prep::Queues: a : b"
        );
        let by_section = Deck("Prep::{section}::{document}".to_owned());
        assert_eq!(section.title.as_deref(), Some("Basics"));
        assert_eq!(
            by_section.name(&site, doc, section),
            "Prep::Basics::Queues: a : b"
        );
    }

    #[test]
    fn csv_for_excel_starts_with_a_byte_order_mark() {
        let site = site("T", "doc.md", "## 1. Why — and how?\n\nBecause → so.\n");
        let mut plain = Vec::new();
        csv_for(&site, false, false, &mut plain).unwrap();
        let mut excel = Vec::new();
        csv_for(&site, false, true, &mut excel).unwrap();
        assert!(plain.starts_with(b"question,answer"));
        assert_eq!(&excel[..3], b"\xEF\xBB\xBF");
        assert_eq!(&excel[3..], &plain[..]);
        assert!(String::from_utf8(plain).unwrap().contains("Why — and how?"));
    }

    #[test]
    fn option_letters_follow_an_ordered_list_of_type_a() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(letter)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn code_is_fenced_past_its_own_backticks() {
        assert_eq!(fenced("x = 1\n", Some("python")), "```python\nx = 1\n```");
        assert_eq!(fenced("a ```` b", None), "`````\na ```` b\n`````");
    }

    #[test]
    fn a_fold_around_nothing_is_left_out_as_on_the_site() {
        assert!(empty_fold(
            "<details><summary><b>Answer</b></summary>\n<p>\n</p></details>\n"
        ));
        assert!(!empty_fold(
            "<details><summary>Answer</summary><p>B, because</p></details>"
        ));
        assert!(!empty_fold(
            "<details><summary>Diagram</summary><img src=\"a.png\" alt=\"\"></details>"
        ));
        assert!(!empty_fold("<p>Plain answer</p>"));
    }

    #[test]
    fn a_key_line_is_found_past_the_fold_it_sits_in() {
        let folded = "<details><summary><b>Answer</b></summary>\n<p>\n\n**Answer: B**\n\nWhy.";
        assert!(starts_with_key(folded, 4));
        assert!(starts_with_key("#### Answer: A and C\n\nWhy.", 3));
        assert!(!starts_with_key("Because.\n\nAnswer: B", 4));
        assert!(!starts_with_key("Answer: the closure keeps it.", 4));
    }

    #[test]
    fn anki_fields_keep_to_one_line_and_quote_as_anki_reads() {
        assert_eq!(anki_field("<p>one\ntwo</p>\n"), "<p>one two</p>");
        assert_eq!(
            anki_field("<pre class=\"code\"><code>a\n\tb\n</code></pre>\n<p>x\ty</p>"),
            "\"<pre class=\"\"code\"\"><code>a<br>&#9;b<br></code></pre> <p>x&#9;y</p>\""
        );
        assert_eq!(anki_field("#include"), "\"#include\"");
        assert_eq!(anki_field("<a\thref=x>y</a>"), "<a href=x>y</a>");
        assert_eq!(anki_field("<PRE>a\nb</PRE>\nc"), "<PRE>a<br>b</PRE> c");
    }
}
