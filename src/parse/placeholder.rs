//! Placeholders: `[X years]`, the blanks a writer left to fill.
//!
//! Input: body lines and which of them are code. Output: every `[text]` that is not markdown
//! syntax — a link `[a](b)`, an image `![a](b)`, a reference `[a][b]` or `[a]` with a definition,
//! a footnote `[^1]`, a task box `[ ]`/`[x]`, an index `a[0]`, a citation `[12]` — with its line
//! and column. Inline code spans are skipped like code blocks.

use super::Body;
use crate::model::Placeholder;
use std::collections::HashSet;

/// Find the placeholders of `body`, skipping lines for which `skip` is true (code).
pub(crate) fn find(body: &Body<'_>, skip: impl Fn(usize) -> bool) -> Vec<Placeholder> {
    let definitions = reference_definitions(body, &skip);
    let mut out = Vec::new();
    for (i, line) in body.lines.iter().enumerate() {
        if skip(i) || !line.contains('[') {
            continue;
        }
        in_line(line, &definitions, |text, column| {
            out.push(Placeholder {
                text: text.to_owned(),
                line: body.file_line(i),
                column,
            });
        });
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
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => i = skip_code_span(line, i),
            b'\\' => i += 2,
            b'[' => {
                let Some(close) = matching_bracket(line, i) else {
                    i += 1;
                    continue;
                };
                let inner = &line[i + 1..close];
                if is_placeholder(line, i, close, inner, definitions) {
                    let column = line[..i].chars().count() + 1;
                    found(inner.trim(), column);
                }
                i = close + 1;
            }
            _ => i += 1,
        }
    }
}

/// The index after an inline code span starting at `start`, or after the lone backticks.
fn skip_code_span(line: &str, start: usize) -> usize {
    let run = line[start..].bytes().take_while(|&b| b == b'`').count();
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
    start + run
}

/// The `]` matching the `[` at `open`, allowing nested brackets.
fn matching_bracket(line: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let bytes = line.as_bytes();
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn is_placeholder(
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
    let is_citation = trimmed
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == ' ' || c == '-');
    let is_reference = definitions.contains(&trimmed.to_lowercase());
    let is_nested = trimmed.starts_with('[');
    !(is_link
        || is_image_or_index
        || is_task
        || is_footnote
        || is_citation
        || is_reference
        || is_nested)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blanks(text: &str) -> Vec<(String, usize, usize)> {
        let body = Body::new(text, 1);
        find(&body, |_| false)
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
    fn unicode_columns() {
        assert_eq!(blanks("日本 [名前]"), vec![("名前".into(), 1, 4)]);
    }
}
