//! Questions kept in tables: one row a question, its answer in a column that says so.
//!
//! Input: the body, its scan and the [`QuestionTable`]s the evidence found. Output: [`Built`]:
//! every heading opens a section, every row of a question table is a question of the section
//! above it (numbered by a `#` column when there is one), and the rest of the text is the
//! sections' intros. A row is answered when one of its answer columns (`Answer`, `Basic idea`,
//! `Solution`, ...) holds anything: a column of links to solution files points away and is
//! no answer column (the evidence leaves it out).

use super::infer::{self, QuestionTable};
use super::markdown::{self, Scan};
use super::qa::Built;
use super::Body;
use crate::model::{Placeholder, Question, Section, Segment, SegmentKind};

/// Build the sections of a document whose questions are table rows.
pub(crate) fn build(
    body: &Body<'_>,
    scan: &Scan,
    mut tables: &[QuestionTable],
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
        // Tables come in line order: the next one is the only one that can start here.
        while tables.first().is_some_and(|t| t.line < i) {
            tables = &tables[1..];
        }
        if let Some(table) = tables.first().filter(|t| t.line == i) {
            let section = built.section_at(i, body);
            for row in 0..table.rows {
                let line = i + 2 + row;
                if let Some(q) = body
                    .lines
                    .get(line)
                    .and_then(|r| question(body, line, r, table, placeholders))
                {
                    section.questions.push(q);
                }
            }
            i += 2 + table.rows;
            continue;
        }
        let heading = (!scan.is_code(i))
            .then(|| markdown::atx_heading(raw))
            .flatten();
        match heading {
            Some((_, text)) => {
                built.add_text(&mut intro);
                built.sections.push(Section {
                    title: Some(markdown::strip_colon(&markdown::title_text(text)).to_owned()),
                    title_markup: markdown::title_markup(text),
                    line: body.file_line(i),
                    intro: String::new(),
                    questions: Vec::new(),
                });
            }
            None => intro.push(raw),
        }
        i += 1;
    }
    built.add_text(&mut intro);
    built
}

/// One row as a question, or nothing when its question cell is empty.
fn question(
    body: &Body<'_>,
    line: usize,
    row: &str,
    table: &QuestionTable,
    placeholders: &[Placeholder],
) -> Option<Question> {
    let cells = infer::cells(row);
    let text = cells.get(table.question)?.trim();
    if markdown::plain_title(text).is_empty() {
        return None;
    }
    let number = table
        .number
        .and_then(|c| cells.get(c))
        .and_then(|c| c.trim().parse().ok());
    let answer = table
        .answers
        .iter()
        .filter_map(|&c| cells.get(c))
        .map(|c| c.trim())
        .find(|c| !c.is_empty());
    let file_line = body.file_line(line);
    let cell_markdown = |c: &str| format!("{}\n", c.replace("<br>", "\n").replace("<br/>", "\n"));
    let mut segments: Vec<Segment> = answer
        .map(|a| Segment {
            kind: SegmentKind::Body,
            title: None,
            line: file_line,
            markdown: cell_markdown(a),
        })
        .into_iter()
        .collect();
    let answered = !segments.is_empty();
    // The row's other cells show under their headers: a table's columns are the writer's notes.
    for (c, header) in &table.other {
        if let Some(cell) = cells.get(*c).map(|c| c.trim()).filter(|c| !c.is_empty()) {
            segments.push(Segment {
                kind: SegmentKind::Part,
                title: Some(header.clone()),
                line: file_line,
                markdown: cell_markdown(cell),
            });
        }
    }
    let difficulty = table
        .difficulty
        .and_then(|c| cells.get(c))
        .map(|c| markdown::title_text(c).to_lowercase())
        .filter(|d| !d.is_empty());
    Some(Question {
        id: String::new(),
        number,
        text: text.to_owned(),
        line: file_line,
        end_line: file_line,
        difficulty,
        prompt: String::new(),
        answer: answer.unwrap_or_default().to_owned(),
        choices: Vec::new(),
        correct: Vec::new(),
        answered,
        segments,
        code_blocks: Vec::new(),
        tables: Vec::new(),
        placeholders: super::qa::in_lines(placeholders, file_line, file_line, |p| p.line).to_vec(),
        children: Vec::new(),
        star: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_questions_of_the_section_above() {
        let text = "# Problems\n\nIntro.\n\n## Arrays\n\n| # | Title | Difficulty | Solution | Idea |\n|---|---|---|---|---|\n| 1 | [Pair sum](p) | Easy | [Py](a.py) | Hash map<br>One pass |\n| 4 | Median | **Hard** | [Py](b.py) | |\n\n## Notes\n\nThanks.\n";
        let body = Body::new(text, 1);
        let scan = markdown::scan(body.text, &body.lines);
        let evidence = infer::gather(&body, &scan);
        let built = build(&body, &scan, &evidence.tables, Some(0), &[]);
        let arrays = &built.sections[0];
        assert_eq!(arrays.title.as_deref(), Some("Arrays"));
        assert_eq!(arrays.questions.len(), 2);
        let q = &arrays.questions[0];
        assert_eq!(
            (q.number, q.text.as_str(), q.line),
            (Some(1), "[Pair sum](p)", 9)
        );
        assert!(q.answered);
        assert_eq!(q.segments[0].markdown, "Hash map\nOne pass\n");
        assert_eq!(q.difficulty.as_deref(), Some("easy"));
        // The column of file links is no answer, but the page still shows it.
        assert_eq!(q.segments[1].title.as_deref(), Some("Solution"));
        assert_eq!(q.segments[1].markdown, "[Py](a.py)\n");
        assert_eq!(arrays.questions[1].difficulty.as_deref(), Some("hard"));
        assert!(!arrays.questions[1].answered, "the idea cell is empty");
        assert_eq!(built.sections[1].intro, "Thanks.\n");
        assert_eq!(built.intro, "Intro.\n");
    }
}
