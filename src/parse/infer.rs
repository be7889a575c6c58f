//! Structure evidence: what a careful reader notices before deciding what a question looks like.
//!
//! Input: the body lines and the CommonMark [`Scan`]. Output: [`Evidence`], the markers a
//! question can hide behind that a per-line look cannot see alone: `<details>` folds and their
//! `<summary>` (which may span lines), headings whose next heading labels an answer (`### Answer`),
//! numbered headings that continue the question numbering at another level, tables whose
//! header names a question column, and a document that is one long exercise. Detection weighs
//! these counts against the other shapes'; the builders then read the same evidence, so the
//! decision and the building never disagree. Every threshold says why it exists.

use super::cues;
use super::markdown::{self, Scan};
use super::Body;
use std::collections::{HashMap, HashSet};

/// A `<summary>` of a `<details>` fold.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    /// The summary as plain text.
    pub(crate) text: String,
    /// Whether it only labels the fold (`Answer`, `Solution`, `Show answer`): then the fold is an
    /// answer, and the question is what comes before it.
    pub(crate) label: bool,
}

/// A table whose rows are questions.
#[derive(Debug, Clone)]
pub(crate) struct QuestionTable {
    /// 0-based body line of the header row.
    pub(crate) line: usize,
    /// Number of body rows (from the scan).
    pub(crate) rows: usize,
    /// The column that holds the question.
    pub(crate) question: usize,
    /// Columns whose cells answer it, best first.
    pub(crate) answers: Vec<usize>,
    /// The column that numbers the rows, if any.
    pub(crate) number: Option<usize>,
    /// The column that grades the rows (`Difficulty`, `Level`), if any.
    pub(crate) difficulty: Option<usize>,
    /// Every other column, with its header: shown with the answer, so nothing the table
    /// holds is lost (`Pattern`, `Status`, a column of links to solution files).
    pub(crate) other: Vec<(usize, String)>,
}

/// What the body shows about where its questions are.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evidence {
    /// Summaries by opening line.
    pub(crate) summaries: HashMap<usize, Summary>,
    /// Lines inside a multi-line summary after its first (they say nothing of their own).
    pub(crate) summary_rest: HashSet<usize>,
    /// Lines of folds inside another fold (their `<details>`, summary and `</details>`): part
    /// of the outer fold's answer, never a question or its end.
    pub(crate) inner_folds: HashSet<usize>,
    /// Per heading level: headings whose next heading is a deeper answer label.
    pub(crate) labelled_headings: [usize; 7],
    /// Lines of numbered headings off the question level that continue its numbering.
    pub(crate) sequence: HashSet<usize>,
    /// Tables whose rows are questions.
    pub(crate) tables: Vec<QuestionTable>,
    /// Top-level list items in a section where no top-level item asks anything ("Go deeper"
    /// links, a list of topics): content, never questions.
    pub(crate) silent_items: HashSet<usize>,
    /// Top-level list items led by a bold run (`* **Why does X lag?** - [link]`).
    pub(crate) bold_items: usize,
    /// Of those, the ones whose bold run asks.
    pub(crate) asking_bold_items: usize,
    /// Top-level list items in all.
    pub(crate) items: usize,
    /// Callouts that ask (`> [!question]- What is X?`).
    pub(crate) callouts: usize,
    /// Paragraphs whose whole first line asks with a `?` (`What is a hash map?` over its
    /// answer, or quoted: `> Why are goroutines cheap?`), by body line.
    pub(crate) asking_paragraphs: HashSet<usize>,
    /// Paragraphs of prose in all (not headings, lists, tables, code or HTML).
    pub(crate) paragraphs: usize,
}

impl Evidence {
    /// Whether the bold-led items are the questions: ten or more (a habit, not emphasis), at
    /// least half the top-level items (the rest are topic lists and links), and a third of
    /// them asking in words (the others are prompts like "Design WhatsApp" or "X vs Y").
    pub(crate) fn bold_items_are_questions(&self) -> bool {
        self.bold_items >= 10
            && self.bold_items * 2 >= self.items
            && self.asking_bold_items * 3 >= self.bold_items
    }
}

impl Evidence {
    /// Rows of all question tables.
    pub(crate) fn table_rows(&self) -> usize {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

/// Gather the evidence of `body`.
pub(crate) fn gather(body: &Body<'_>, scan: &Scan) -> Evidence {
    let mut evidence = Evidence {
        inner_folds: inner_folds(body, scan),
        ..Evidence::default()
    };
    summaries(body, scan, &mut evidence);
    asking_paragraphs(body, scan, &mut evidence);
    labelled_headings(body, scan, &mut evidence);
    evidence.tables = question_tables(body, scan, false);
    list_items(body, scan, &mut evidence);
    evidence
}

/// The bold run that leads a list item's text: `**Why?** - more` → `Why?`; `**Question**: X`
/// → `X` (the label names what follows).
pub(crate) fn bold_lead(item: &str) -> Option<(&str, &str)> {
    let marker = ["**", "__"].into_iter().find(|m| item.starts_with(m))?;
    let close = item[2..].find(marker)? + 2;
    let inner = item[2..close].trim();
    let rest = item[close + 2..].trim();
    if inner.is_empty() {
        return None;
    }
    let label = inner.trim_end_matches([':', '：']);
    // `**Question**: X`, and a bold number (`**Q1.** X`, `**3)** X`): the label leads the
    // prompt that follows it.
    let numbering = cues::question_label(inner).is_some()
        || cues::leading_number(inner).is_some_and(|(_, rest)| rest.is_empty());
    if numbering || ["question", "q", "问题"].contains(&label.to_lowercase().as_str()) {
        let rest = rest.trim_start_matches([':', '：']).trim();
        return (!rest.is_empty()).then_some((rest, ""));
    }
    Some((inner, rest))
}

/// A top-level list item's text (`- x`, `* x`, `1. x`, indented at most one column).
fn top_item(raw: &str) -> Option<&str> {
    cues::list_item(raw)
        .filter(|(indent, _)| *indent <= 1)
        .map(|(_, text)| text)
}

/// Count top-level items per heading-delimited section, and remember the items of sections
/// where none asks.
fn list_items(body: &Body<'_>, scan: &Scan, evidence: &mut Evidence) {
    let mut section: Vec<usize> = Vec::new();
    let mut asking = 0;
    let close = |section: &mut Vec<usize>, asking: &mut usize, e: &mut Evidence| {
        if *asking == 0 {
            e.silent_items.extend(section.iter().copied());
        }
        section.clear();
        *asking = 0;
    };
    for (i, raw) in body.lines.iter().enumerate() {
        if scan.is_code(i) {
            continue;
        }
        if markdown::atx_heading(raw).is_some() {
            close(&mut section, &mut asking, evidence);
            continue;
        }
        if super::callout::question_callout(raw).is_some() {
            evidence.callouts += 1;
        }
        let Some(text) = top_item(raw) else {
            continue;
        };
        evidence.items += 1;
        let lead = bold_lead(text);
        if let Some((inner, _)) = lead {
            evidence.bold_items += 1;
            evidence.asking_bold_items += usize::from(cues::asks(inner));
        }
        let says = lead.map_or(text, |(inner, _)| inner);
        asking += usize::from(cues::asks(says));
        // `- Storage:` names a category whose nested items ask; it is never silent.
        if !says.trim_end_matches(['*', '_']).ends_with([':', '：']) {
            section.push(i);
        }
    }
    close(&mut section, &mut asking, evidence);
}

/// The lines of folds nested in another fold: a `<details>` opened while one is open, the
/// lines up to and including its `</details>`.
fn inner_folds(body: &Body<'_>, scan: &Scan) -> HashSet<usize> {
    let mut inner = HashSet::new();
    let mut depth = 0usize;
    for (i, line) in body.lines.iter().enumerate() {
        if scan.is_code(i) || !line.contains("details") {
            if depth >= 2 {
                inner.insert(i);
            }
            continue;
        }
        let lower = line.to_ascii_lowercase();
        let opens = lower.matches("<details").count();
        let closes = lower.matches("</details>").count();
        if depth >= 1 && opens > 0 || depth >= 2 {
            inner.insert(i);
        }
        depth = (depth + opens).saturating_sub(closes);
    }
    inner
}

/// Paragraphs of prose, and those whose first line is a question on its own line: the plain
/// habit of writing a question, then its answer, paragraph by paragraph. A question that only
/// opens a longer line ("Why does this matter? Because…") is prose, not a prompt.
fn asking_paragraphs(body: &Body<'_>, scan: &Scan, evidence: &mut Evidence) {
    let setext: HashSet<usize> = scan.setext.iter().map(|&(first, _, _)| first).collect();
    let mut previous_blank = true;
    for (i, raw) in body.lines.iter().enumerate() {
        let t = raw.trim();
        let opens = previous_blank && !t.is_empty();
        previous_blank = t.is_empty();
        if !opens || scan.is_code(i) || setext.contains(&i) || markdown::indent_of(raw) > 3 {
            continue;
        }
        let quoted = t.strip_prefix('>').map(str::trim_start);
        let text = quoted.unwrap_or(t);
        let structural = markdown::atx_heading(t).is_some()
            || cues::list_item(text).is_some()
            || text.starts_with(['|', '<', '!', '['])
            || markdown::whole_bold(text).is_some();
        if structural || text.is_empty() {
            continue;
        }
        evidence.paragraphs += 1;
        // A short line that ends in `?`: a question set on its own line.
        const PROMPT_MAX: usize = 300;
        if text.len() <= PROMPT_MAX && text.ends_with(['?', '？']) {
            evidence.asking_paragraphs.insert(i);
        }
    }
}

/// `<summary>…</summary>`, possibly over several lines.
fn summaries(body: &Body<'_>, scan: &Scan, evidence: &mut Evidence) {
    let mut i = 0;
    while i < body.lines.len() {
        let line = body.lines[i];
        let Some(open) = line.find("<summary") else {
            i += 1;
            continue;
        };
        // A summary opens its line (`<summary>` or `<details><summary>`); one named in prose
        // ("its first child must be a `<summary>`") is not a fold.
        let opens_line =
            line.trim_start().starts_with("<summary") || line.trim_start().starts_with("<details");
        if scan.is_code(i) || !opens_line || evidence.inner_folds.contains(&i) {
            i += 1;
            continue;
        }
        // A summary that never closes within a few lines is not one we can read; a real one
        // closes within its line or the next couple.
        const SUMMARY_LINES: usize = 4;
        let mut text = String::from(&line[open..]);
        let mut end = i;
        while !text.contains("</summary>") && end + 1 < body.lines.len() && end < i + SUMMARY_LINES
        {
            end += 1;
            text.push(' ');
            text.push_str(body.lines[end]);
        }
        if !text.contains("</summary>") {
            i += 1;
            continue;
        }
        let inner = text.split("</summary>").next().unwrap_or("");
        let plain = markdown::plain_title(inner);
        // The prompt keeps its inline markdown (`du`, *emphasis*); only the tags go.
        let prompt = markdown::without_tags(inner);
        if !plain.is_empty() {
            for rest in i + 1..=end {
                evidence.summary_rest.insert(rest);
            }
            evidence.summaries.insert(
                i,
                Summary {
                    label: cues::is_answer_label(&plain),
                    text: prompt,
                },
            );
        }
        i = end + 1;
    }
}

/// Headings whose next heading is deeper and labels an answer: `### Create a function` over
/// `#### Answer` is a question though it ends in no `?`. Also finds numbered headings that
/// continue the numbering of the most numbered level from another level (a `### 7.` among
/// `#### N.` questions is question 7, mis-levelled).
fn labelled_headings(body: &Body<'_>, scan: &Scan, evidence: &mut Evidence) {
    let headings: Vec<(usize, u8, &str)> = body
        .lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !scan.is_code(*i))
        .filter_map(|(i, l)| markdown::atx_heading(l).map(|(level, text)| (i, level, text)))
        .collect();
    for pair in headings.windows(2) {
        let ((_, level, _), (_, next_level, next_text)) = (pair[0], pair[1]);
        if next_level > level && cues::is_answer_label(next_text) {
            evidence.labelled_headings[usize::from(level)] += 1;
        }
    }

    let mut numbered = [0usize; 7];
    for (_, level, text) in &headings {
        if leading_number(text).is_some() {
            numbered[usize::from(*level)] += 1;
        }
    }
    let Some(level) = (1..=6u8).max_by_key(|&l| (numbered[usize::from(l)], l)) else {
        return;
    };
    // Two numbered headings make a numbering; one is a coincidence.
    if numbered[usize::from(level)] < 2 {
        return;
    }
    let mut expected = 1;
    for &(i, l, text) in &headings {
        match leading_number(text) {
            Some(n) if l == level => expected = n + 1,
            // One level off and exactly the next number: the writer slipped a `#`.
            // Only inside a run under way: `## 1. Arrays` over `### 1. Two Sum` is a section.
            Some(n) if l.abs_diff(level) == 1 && n == expected && expected > 1 => {
                evidence.sequence.insert(i);
                expected = n + 1;
            }
            Some(_) => {}
            // A section heading above the questions restarts the numbering.
            None if l < level => expected = 1,
            None => {}
        }
    }
}

/// `12. rest` at the start of heading text.
fn leading_number(text: &str) -> Option<u32> {
    let text = markdown::whole_bold(text).unwrap_or(text);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let rest = &text[digits..];
    rest.starts_with(['.', ')'])
        .then(|| text[..digits].parse().ok())
        .flatten()
}

/// The cells of a table row, split on unescaped pipes outside code spans.
pub(crate) fn cells(row: &str) -> Vec<String> {
    let t = row.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut in_code = false;
    let mut escaped = false;
    for c in t.chars() {
        match c {
            _ if escaped => {
                cell.push(c);
                escaped = false;
            }
            '\\' => {
                cell.push(c);
                escaped = true;
            }
            '`' => {
                in_code = !in_code;
                cell.push(c);
            }
            '|' if !in_code => out.push(std::mem::take(&mut cell).trim().to_owned()),
            _ => cell.push(c),
        }
    }
    out.push(cell.trim().to_owned());
    out
}

/// Header words that name the question column (`Q` as in a two-column `Q | A` table).
const QUESTION_HEADERS: [&str; 11] = [
    "question",
    "q",
    "questions",
    "title",
    "problem",
    "problems",
    "prompt",
    "task",
    "name",
    "问题",
    "题目",
];

/// Header words that name a column answering it.
const ANSWER_HEADERS: [&str; 11] = [
    "answer",
    "a",
    "idea",
    "solution",
    "explanation",
    "approach",
    "notes",
    "note",
    "summary",
    "答案",
    "思路",
];

/// Every table as a question table, for `questions: table`: where no header names the
/// question column, the first column that does not number the rows holds the question.
pub(crate) fn every_table(body: &Body<'_>, scan: &Scan) -> Vec<QuestionTable> {
    question_tables(body, scan, true)
}

/// Tables whose header names a question column (or, `forced`, any table) with rows to read.
fn question_tables(body: &Body<'_>, scan: &Scan, forced: bool) -> Vec<QuestionTable> {
    let mut out = Vec::new();
    for table in &scan.tables {
        let Some(header) = body.lines.get(table.line) else {
            continue;
        };
        let names: Vec<String> = cells(header)
            .iter()
            .map(|c| markdown::plain_title(c).to_lowercase())
            .collect();
        let words = |name: &str| -> Vec<String> {
            name.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let numbering = |n: &String| matches!(n.trim(), "#" | "no" | "no." | "number" | "id");
        let named = names
            .iter()
            .position(|n| QUESTION_HEADERS.contains(&n.trim()));
        let Some(question) = named.or_else(|| {
            forced
                .then(|| names.iter().position(|n| !numbering(n)))
                .flatten()
        }) else {
            continue;
        };
        let rows: Vec<Vec<String>> = body
            .lines
            .get(table.line + 2..)
            .unwrap_or_default()
            .iter()
            .take(table.rows)
            .map(|r| cells(r))
            .collect();
        // A column that mostly holds links to files (`[Python](a.py) [Java](A.java)`) points
        // away: it answers nothing here, whatever its header says.
        let prose_column = |c: usize| {
            let filled: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(c).map(String::as_str))
                .filter(|t| !t.is_empty())
                .collect();
            filled.iter().filter(|t| !links_only(t)).count() * 2 >= filled.len()
        };
        let answers: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(i, n)| {
                *i != question
                    && words(n)
                        .iter()
                        .any(|w| ANSWER_HEADERS.contains(&w.as_str()))
            })
            .map(|(i, _)| i)
            .filter(|&i| prose_column(i))
            .collect();
        // Rows that link into the page are its table of contents: the questions are below.
        let contents = rows
            .iter()
            .filter(|r| r.get(question).is_some_and(|c| c.contains("](#")))
            .count();
        if contents * 2 > table.rows {
            continue;
        }
        let number = names.iter().position(numbering);
        let difficulty = names
            .iter()
            .position(|n| matches!(n.trim(), "difficulty" | "level" | "难度"));
        let headers = cells(header);
        let other = (0..names.len())
            .filter(|&c| {
                c != question && Some(c) != number && Some(c) != difficulty && !answers.contains(&c)
            })
            .filter_map(|c| {
                let title = markdown::title_text(headers.get(c)?);
                (!title.is_empty()).then_some((c, title))
            })
            .collect();
        out.push(QuestionTable {
            line: table.line,
            rows: table.rows,
            question,
            answers,
            number,
            difficulty,
            other,
        });
    }
    out
}

/// A cell of only links (`[Python](a.py) [Java](A.java)`): a pointer, not an answer.
pub(crate) fn links_only(cell: &str) -> bool {
    let mut rest = cell.trim();
    let mut any = false;
    while let Some(after) = rest.strip_prefix('[') {
        let Some(close) = after.find("](") else {
            return false;
        };
        let Some(end) = after[close..].find(')') else {
            return false;
        };
        rest = after[close + end + 1..].trim_start();
        any = true;
    }
    any && rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(text: &str) -> Evidence {
        let body = Body::new(text, 1);
        let scan = markdown::scan(body.text, &body.lines);
        gather(&body, &scan)
    }

    #[test]
    fn answer_labels() {
        for label in [
            "Answer",
            "**Answer:**",
            "Answer: D",
            "Solution",
            "Show answer",
            "答案",
        ] {
            assert!(cues::is_answer_label(label), "{label}");
        }
        for text in [
            "What is an answer?",
            "Solutions architect role",
            "Design a cache",
        ] {
            assert!(!cues::is_answer_label(text), "{text}");
        }
    }

    #[test]
    fn summaries_over_lines_and_labels() {
        let e = evidence(
            "<details>\n<summary><b>How do you tune\na slow query?</b></summary>\n\nIndex it.\n</details>\n\n<details><summary>Answer</summary>\nB\n</details>\n",
        );
        let s = &e.summaries[&1];
        assert_eq!(s.text, "How do you tune a slow query?");
        assert!(e.summary_rest.contains(&2));
        assert!(!s.label);
        assert!(e.summaries[&7].label);
        let e = evidence(
            "<details><summary><b>What does `du` count?</b></summary>\nBlocks.\n</details>\n",
        );
        assert_eq!(
            e.summaries[&0].text, "What does `du` count?",
            "inline code kept"
        );
    }

    #[test]
    fn labelled_headings_and_numbering_slips() {
        let e = evidence("### Create a debounce helper\n\n#### Answer\n\nUse a timer.\n");
        assert_eq!(e.labelled_headings[3], 1);
        let e = evidence(
            "## Basics\n#### 1. One\n#### 2. Two\n### 3. Three\n#### 4. Four\n## More\n### 1. Again\n#### 2. Next\n### 9. Not next\n",
        );
        let mut lines: Vec<usize> = e.sequence.iter().copied().collect();
        lines.sort();
        // `### 1. Again` opens a run rather than continuing one: it could as well be a section
        // (`## 1. Arrays` over `### 1. Two Sum`), so it is not taken for a slip.
        assert_eq!(lines, vec![3]);
    }

    #[test]
    fn link_cells_are_pointers() {
        assert!(links_only("[Python](a.py) [Java](b.java)"));
        assert!(!links_only("Two pointers, see [notes](n.md)"));
        assert!(!links_only(""));
    }

    #[test]
    fn question_tables_name_their_columns() {
        let e = evidence(
            "| # | Title | Solution | Basic idea |\n|---|---|---|---|\n| 1 | [Pair sum](x) | [Py](y) | Hash map |\n",
        );
        let t = &e.tables[0];
        assert_eq!((t.question, t.number, t.rows), (1, Some(0), 1));
        assert_eq!(
            t.answers,
            vec![3],
            "the solution column only links to files"
        );
        assert!(evidence("| a | b |\n|---|---|\n| 1 | 2 |\n")
            .tables
            .is_empty());
        assert_eq!(cells("| a `x|y` | b \\| c |"), vec!["a `x|y`", "b \\| c"]);
    }
}
