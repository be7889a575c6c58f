//! Placeholders: `[X years]`, the blanks a writer left to fill.
//!
//! Input: body lines and which of them are code. Output: every `[text]` that is not markdown
//! syntax — a link `[a](b)`, an image `![a](b)`, a reference `[a][b]` or `[a]` with a definition,
//! a footnote `[^1]`, a task box `[ ]`/`[x]`, an index `a[0]` — and whose text reads like words
//! to fill (`[X years]`, `[Name]`, `[TODO: example]`) rather than a number, code, math, a tag or
//! an identifier (`[12]`, `[1, 2, 3]`, `[0, 1]`, `[i+1]`, `[E]`, `[src]`), with its line and
//! column. Inline code spans are skipped like code blocks. One line yields at most
//! [`MAX_PER_LINE`] blanks: past that it is noted as capped, so a line of 250,000 `[a]` costs
//! no more than its length and does not flood the report, the page and the index.

use super::Body;
use crate::diag::{Code, Diagnostic};
use crate::model::Placeholder;
use std::collections::HashSet;

/// The most blanks one line yields. Real notes have a handful.
pub(crate) const MAX_PER_LINE: usize = 100;

/// Find the placeholders of `body`, skipping lines for which `skip` is true (code); a line
/// with more than [`MAX_PER_LINE`] gets an `input-capped` warning in `diagnostics`.
pub(crate) fn find(
    body: &Body<'_>,
    skip: impl Fn(usize) -> bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Placeholder> {
    let definitions = reference_definitions(body, &skip);
    let mut out = Vec::new();
    for (i, line) in body.lines.iter().enumerate() {
        if skip(i) || !line.contains('[') {
            continue;
        }
        let mut found = 0;
        in_line(line, &definitions, |text, column| {
            found += 1;
            if found <= MAX_PER_LINE {
                out.push(Placeholder {
                    text: text.to_owned(),
                    line: body.file_line(i),
                    column,
                });
            }
        });
        if found > MAX_PER_LINE {
            diagnostics.push(Diagnostic::warning(
                Code::InputCapped,
                body.file_line(i),
                format!("this line has {found} blanks; only the first {MAX_PER_LINE} are reported and marked, the rest stay plain text. Split the line."),
            ));
        }
    }
    out
}

/// Labels of `[label]: url` definitions, lower-cased.
fn reference_definitions(body: &Body<'_>, skip: &impl Fn(usize) -> bool) -> HashSet<String> {
    body.lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip(*i))
        .filter_map(|(_, line)| {
            let t = line.trim_start();
            let rest = t.strip_prefix('[')?;
            let (label, after) = rest.split_once(']')?;
            after.starts_with(':').then(|| label.to_lowercase())
        })
        .collect()
}

/// Call `found(text, column)` for each placeholder in one line.
fn in_line(line: &str, definitions: &HashSet<String>, mut found: impl FnMut(&str, usize)) {
    let pairs = bracket_pairs(line);
    // Columns count on from the previous blank, not from the line start each time: a line of
    // 250,000 blanks would otherwise be counted 250,000 times.
    let (mut counted_to, mut column) = (0, 1);
    for (k, &(open, close)) in pairs.iter().enumerate() {
        let inner = &line[open + 1..close];
        if is_placeholder(line, open, close, inner, definitions) && !is_tag_run(line, &pairs, k) {
            column += line[counted_to..open].chars().count();
            counted_to = open;
            found(inner.trim(), column);
        }
    }
}

/// The outermost `[...]` pairs of a line, outside inline code spans, in order. One pass with
/// a stack, so a line of ten thousand `[` costs no more than its length.
fn bracket_pairs(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut stack: Vec<usize> = Vec::new();
    let mut pairs = Vec::new();
    let mut spans = CodeSpans::default();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => i = spans.skip(line, i),
            b'\\' => i += 2,
            b'[' => {
                stack.push(i);
                i += 1;
            }
            b']' => {
                if let Some(open) = stack.pop() {
                    pairs.push((open, i));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    // Keep the outermost pairs: nested brackets belong to the pair around them. An unclosed
    // `[` (as in `[0, n)`) pairs with nothing, so the blanks after it are still found.
    pairs.sort_unstable();
    let mut outer: Vec<(usize, usize)> = Vec::with_capacity(pairs.len());
    for (open, close) in pairs {
        if outer.last().is_none_or(|&(_, end)| open > end) {
            outer.push((open, close));
        }
    }
    outer
}

/// Inline code spans: a run of backticks closed by a run of the same length.
#[derive(Default)]
struct CodeSpans {
    /// Run lengths known to have no closing run after the given offset.
    unclosed_after: std::collections::HashMap<usize, usize>,
}

impl CodeSpans {
    /// The index after the code span starting at `start`, or after the lone backticks.
    fn skip(&mut self, line: &str, start: usize) -> usize {
        let run = line[start..].bytes().take_while(|&b| b == b'`').count();
        if self
            .unclosed_after
            .get(&run)
            .is_some_and(|&after| start >= after)
        {
            return start + run;
        }
        let ticks = &line[start..start + run];
        let mut search = start + run;
        while let Some(pos) = line[search..].find(ticks) {
            let at = search + pos;
            let len = line[at..].bytes().take_while(|&b| b == b'`').count();
            if len == run {
                return at + run;
            }
            search = at + len;
        }
        self.unclosed_after.insert(run, start);
        start + run
    }
}

/// Whether the pair `open..=close` of `line` is a blank: not markdown syntax, and its text reads
/// like words to fill.
fn is_placeholder(
    line: &str,
    open: usize,
    close: usize,
    inner: &str,
    definitions: &HashSet<String>,
) -> bool {
    !is_markdown_syntax(line, open, close, inner, definitions)
        && crate::blanks::reads_like_words(inner.trim())
}

/// Brackets that markdown (or a markdown dialect) gives a meaning of its own.
fn is_markdown_syntax(
    line: &str,
    open: usize,
    close: usize,
    inner: &str,
    definitions: &HashSet<String>,
) -> bool {
    let before = line[..open].chars().next_back();
    let after = line[close + 1..].chars().next();
    let trimmed = inner.trim();
    let is_link = matches!(after, Some('(') | Some('[') | Some(':'));
    let is_image_or_index =
        before.is_some_and(|c| c == '!' || c.is_alphanumeric() || c == ')' || c == ']' || c == '_');
    let is_task = matches!(inner, " " | "x" | "X" | "");
    let is_footnote = trimmed.starts_with('^');
    let is_reference = definitions.contains(&trimmed.to_lowercase());
    // `[[wiki]]` links and `> [!NOTE]` alerts are syntax too.
    let is_nested = trimmed.starts_with('[') || trimmed.starts_with('!');
    is_link || is_image_or_index || is_task || is_footnote || is_reference || is_nested
}

/// A one-word bracket next to another one-word bracket, with only spaces between, is one of a
/// row of labels (`Two Sum [Amazon] [Google]`), not a blank in a sentence. Only the pair and
/// its neighbours are read, so a line of many brackets stays linear.
fn is_tag_run(line: &str, pairs: &[(usize, usize)], k: usize) -> bool {
    let one_word =
        |(open, close): (usize, usize)| !line[open + 1..close].trim().contains(char::is_whitespace);
    let spaces = |from: usize, to: usize| line[from..to].trim().is_empty();
    let (open, close) = pairs[k];
    let previous = k
        .checked_sub(1)
        .map(|j| pairs[j])
        .is_some_and(|p| spaces(p.1 + 1, open) && one_word(p));
    let next = pairs
        .get(k + 1)
        .is_some_and(|&p| spaces(close + 1, p.0) && one_word(p));
    one_word((open, close)) && (previous || next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blanks::reads_like_words;

    fn blanks(text: &str) -> Vec<(String, usize, usize)> {
        let body = Body::new(text, 1);
        find(&body, |_| false, &mut Vec::new())
            .into_iter()
            .map(|p| (p.text, p.line, p.column))
            .collect()
    }

    #[test]
    fn blanks_are_found_with_positions() {
        assert_eq!(
            blanks("After [X years] at [current company], I grew."),
            vec![("X years".into(), 1, 7), ("current company".into(), 1, 20)]
        );
    }

    #[test]
    fn markdown_syntax_is_not_a_blank() {
        let text = "[link](http://x) ![img](a.png) [ref][r] [r] [^1] a[0] [12]\n- [ ] task\n- [x] done\n`[code]`\n[r]: http://example.com\n";
        assert!(blanks(text).is_empty(), "{:?}", blanks(text));
    }

    #[test]
    fn task_list_item_with_a_blank_after_it() {
        assert_eq!(
            blanks("- [If applicable] mention it"),
            vec![("If applicable".into(), 1, 3)]
        );
    }

    #[test]
    fn an_unclosed_bracket_does_not_hide_later_blanks() {
        let found = blanks("Indices run over [0, n) at [current company], with [team size].");
        let texts: Vec<&str> = found.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(texts, ["current company", "team size"]);
        assert!(blanks("> [!NOTE]\n> [!TIP] text").is_empty());
    }

    #[test]
    fn a_line_of_blanks_is_capped_and_counted_once() {
        let line = "é [Name] ".repeat(MAX_PER_LINE + 5);
        let body = Body::new(&line, 3);
        let mut diagnostics = Vec::new();
        let found = find(&body, |_| false, &mut diagnostics);
        assert_eq!(found.len(), MAX_PER_LINE);
        assert_eq!(
            found[1].column, 12,
            "columns count characters from the line start"
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            (diagnostics[0].code, diagnostics[0].line),
            (Code::InputCapped, 3)
        );
    }

    #[test]
    fn unicode_columns() {
        assert_eq!(blanks("日本 [名前]"), vec![("名前".into(), 1, 4)]);
    }

    /// The rule as a table: bracketed text and whether it is a blank to fill.
    #[test]
    fn only_words_to_fill_are_blanks() {
        let table = [
            // Words to fill.
            ("X years", true),
            ("company name", true),
            ("your team", true),
            ("Name", true),
            ("insert metric", true),
            ("TODO: example", true),
            ("TODO", true),
            ("company's", true),
            ("mention scale/impact", true),
            ("mention next level - e.g., larger scope, etc.", true),
            ("Conversational AI/Financial Systems/B2B SaaS", true),
            ("your role (lead or member)", true),
            ("Name, Title", true),
            ("first name, last name", true),
            ("名前", true),
            // Numbers, citations, array literals, intervals, indices.
            ("1", false),
            ("12, 13", false),
            ("1, 2, 3", false),
            ("0, 1", false),
            ("-1, 1", false),
            ("1, N", false),
            ("1,n-1", false),
            ("i+1, len- 1", false),
            ("x_i", false),
            ("a, b", false),
            ("lo, hi", false),
            ("true, false", false),
            ("inline, id, class/pseudo-class, tag/pseudo-element", false),
            ("Smith, J. (2008). A study of things", false),
            ("Top 3 strengths", false),
            // Code: operators, quotes, calls, spread.
            ("a == b", false),
            ("\"a\", \"b\"", false),
            ("'a', 'b'", false),
            ("f(x)", false),
            ("O(n log n)", false),
            ("...arr", false),
            ("-h", false),
            ("--verbose", false),
            ("key=value", false),
            // One letter, identifiers, lowercase tags, usage syntax.
            ("i", false),
            ("E", false),
            ("M", false),
            ("src", false),
            ("ptr", false),
            ("optional", false),
            ("options", false),
            ("file ...", false),
            ("a-z", false),
            ("A-Z", false),
            ("Y/n", false),
            // Acronyms and labels.
            ("WIP", false),
            ("API", false),
            ("Easy", false),
            ("Medium", false),
            ("Optional", false),
            // Check marks, emoji, elisions.
            ("✓", false),
            ("✔", false),
            ("🔥", false),
            ("...", false),
            ("-", false),
            ("?", false),
        ];
        let wrong: Vec<_> = table
            .iter()
            .filter(|(text, blank)| reads_like_words(text) != *blank)
            .collect();
        assert!(wrong.is_empty(), "misjudged: {wrong:?}");
    }

    #[test]
    fn tags_in_a_row_are_labels() {
        assert!(blanks("Two Sum [Amazon] [Google]").is_empty());
        assert_eq!(
            blanks("At [Company], in [your team] [Name] led it."),
            vec![
                ("Company".into(), 1, 4),
                ("your team".into(), 1, 18),
                ("Name".into(), 1, 30)
            ]
        );
    }

    #[test]
    fn difficulty_tags_and_literals_in_notes_are_not_blanks() {
        let text = "### [E] Reverse an array\n\nGiven [1, 2, 3], return [3, 2, 1]; x lies in [0, 1] or [-1, 1).\n\nSee [src] and [1]. Rate it [Hard].\n";
        assert!(blanks(text).is_empty(), "{:?}", blanks(text));
    }

    #[test]
    fn a_line_of_a_quarter_million_tags_reads_as_no_blanks() {
        // With no blank found, the rule is still asked about every pair; its time is measured
        // by benches/hostile.sh (a 1 MB line of tags), not here.
        let line = "[a]".repeat(250_000);
        assert!(blanks(&line).is_empty());
        let spaced = "[Name] ".repeat(250_000);
        assert_eq!(
            blanks(&spaced).len(),
            0,
            "one-word tags in a row are labels"
        );
    }
}
