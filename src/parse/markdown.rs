//! The one place that sets up pulldown-cmark, and the line-level helpers the parsers share.
//!
//! Input: a document body. Output: [`Scan`], what CommonMark itself says about the body's
//! blocks (fenced code, tables, setext headings), keyed by 0-based body line. The shape
//! parsers group lines into questions (line grouping survives mis-indented answers that an
//! AST walk would drop), but ask the scan which lines are code, so that a `## 1.` inside a fence
//! is never a question and an unclosed fence ends where CommonMark ends it.

use crate::diag::LineIndex;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

pub(crate) use crate::cmark::options;

/// A fenced code block.
#[derive(Debug, Clone)]
pub(crate) struct Fence {
    /// 0-based body line of the opening fence.
    pub(crate) start: usize,
    /// 0-based body line of the last line (the closing fence when closed).
    pub(crate) end: usize,
    /// First word of the info string.
    pub(crate) lang: Option<String>,
    /// The code.
    pub(crate) code: String,
    /// Whether a closing fence was found.
    pub(crate) closed: bool,
}

/// A table.
#[derive(Debug, Clone)]
pub(crate) struct TableSpan {
    /// 0-based body line of the header row.
    pub(crate) line: usize,
    /// Number of columns.
    pub(crate) columns: usize,
    /// Number of body rows.
    pub(crate) rows: usize,
}

/// A link (`[text](dest)`, `[text][ref]`, `<dest>`) outside code.
#[derive(Debug, Clone)]
pub(crate) struct LinkSpan {
    /// 0-based body line of its opening bracket.
    pub(crate) line: usize,
    /// 1-based column of its opening bracket, in characters.
    pub(crate) column: usize,
    /// The destination as written (references resolved).
    pub(crate) dest: String,
}

/// What CommonMark says about a body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    /// Fenced code blocks in order.
    pub(crate) fences: Vec<Fence>,
    /// Tables in order.
    pub(crate) tables: Vec<TableSpan>,
    /// Per body line: inside a fenced code block (fence lines included) or an HTML comment.
    pub(crate) in_code: Vec<bool>,
    /// Setext headings: (0-based line of the text, level, underline line).
    pub(crate) setext: Vec<(usize, u8, usize)>,
    /// Links in order.
    pub(crate) links: Vec<LinkSpan>,
}

impl Scan {
    /// Whether 0-based body line `line` is code.
    pub(crate) fn is_code(&self, line: usize) -> bool {
        self.in_code.get(line).copied().unwrap_or(false)
    }
}

/// Scan `body` once with pulldown-cmark.
pub(crate) fn scan(body: &str, lines: &[&str]) -> Scan {
    let index = LineIndex::new(body);
    let mut scan = Scan {
        in_code: vec![false; lines.len()],
        ..Scan::default()
    };
    let mut code: Option<(usize, Option<String>, String)> = None;
    let mut table: Option<TableSpan> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split_whitespace().next().map(str::to_owned);
                code = Some((range.start, lang, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, _, buf)) = code.as_mut() {
                    buf.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, lang, text)) = code.take() {
                    let first = index.line(start) - 1;
                    let last_byte = range.end.saturating_sub(1).max(start);
                    let last = index.line(last_byte) - 1;
                    let closed =
                        last > first && is_fence_line(lines.get(last).copied().unwrap_or(""));
                    for flag in scan.in_code.iter_mut().take(last + 1).skip(first) {
                        *flag = true;
                    }
                    scan.fences.push(Fence {
                        start: first,
                        end: last,
                        lang,
                        code: text,
                        closed,
                    });
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                table = Some(TableSpan {
                    line: index.line(range.start) - 1,
                    columns: alignments.len(),
                    rows: 0,
                });
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.rows += 1;
                }
            }
            Event::End(TagEnd::Table) => scan.tables.extend(table.take()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, column) = index.line_col(body, range.start);
                scan.links.push(LinkSpan {
                    line: line - 1,
                    column,
                    dest: dest_url.into_string(),
                });
            }
            // Commented-out notes are not notes: their lines are skipped like code.
            Event::Start(Tag::HtmlBlock)
                if body[range.clone()].trim_start().starts_with("<!--") =>
            {
                let first = index.line(range.start) - 1;
                let last = index.line(range.end.saturating_sub(1).max(range.start)) - 1;
                for flag in scan.in_code.iter_mut().take(last + 1).skip(first) {
                    *flag = true;
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let first = index.line(range.start) - 1;
                let last = index.line(range.end.saturating_sub(1).max(range.start)) - 1;
                let underline = lines.get(last).copied().unwrap_or("").trim();
                if last > first
                    && !underline.is_empty()
                    && underline.chars().all(|c| c == '=' || c == '-')
                {
                    scan.setext.push((first, level as u8, last));
                }
            }
            _ => {}
        }
    }
    scan
}

/// Whether a line is a code fence (three or more backticks or tildes).
pub(crate) fn is_fence_line(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && (t.chars().all(|c| c == '`') || t.chars().all(|c| c == '~'))
}

/// An ATX heading: (level, text without the `#`s and closing sequence).
pub(crate) fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let after = &rest[level..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let text = after.trim();
    // A closing run of #s is not part of the text when a space precedes it.
    let text = match text.trim_end_matches('#') {
        t if t.is_empty() => t,
        t if t.ends_with([' ', '\t']) => t.trim_end(),
        _ => text,
    };
    Some((level as u8, text))
}

/// Number of leading spaces (a tab counts as four, as CommonMark's tab stops do at line start).
pub(crate) fn indent_of(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// `line` with up to `n` columns of leading indentation removed.
pub(crate) fn dedent(line: &str, n: usize) -> &str {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        if width >= n {
            return &line[i..];
        }
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => return &line[i..],
        }
    }
    ""
}

pub(crate) use crate::slug::{plain_title, without_tags};

/// A title as plain text: the inline markdown read as a reader sees it, emphasis and link
/// syntax gone (`_Why_ [caching](x)` → `Why caching`), images dropped (badges), HTML tags
/// dropped but their text kept (`<a name="x">Intro</a>` → `Intro`), whitespace folded.
pub(crate) fn title_text(text: &str) -> String {
    // A title is inline text: `1. Scope` or `- Note` must not open a list, nor `> x` a quote.
    let text = text.trim();
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let inline = if digits > 0 && text[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else if text.starts_with('>')
        || ["- ", "+ ", "* ", "# "].iter().any(|m| text.starts_with(m))
        || (text.starts_with('=') && text.chars().all(|c| c == '='))
    {
        format!("\\{text}")
    } else {
        text.to_owned()
    };
    let mut out = String::with_capacity(text.len());
    let mut in_image = 0usize;
    for event in Parser::new_ext(&inline, options()) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    let folded: Vec<&str> = out.split_whitespace().collect();
    folded.join(" ")
}

/// A heading's inline markdown, kept beside its plain title when it holds markup a page shows
/// (a link, code, emphasis, math), so the page renders the heading as GitHub does; `None` for
/// plain text, the common case, whose page shows the plain title.
pub(crate) fn title_markup(text: &str) -> Option<String> {
    let text = strip_colon(text.trim());
    if !text.contains(['[', '`', '*', '_', '<', '$', '~']) {
        return None;
    }
    let plain = title_text(text);
    (plain != text && !plain.is_empty()).then(|| text.to_owned())
}

/// A title without its trailing colon (ASCII or full-width).
pub(crate) fn strip_colon(text: &str) -> &str {
    text.trim_end().trim_end_matches([':', '：']).trim_end()
}

/// Surrounding double quotes removed: `"Tell me..."` is quoting, not text.
pub(crate) fn strip_quotes(text: &str) -> &str {
    let t = text.trim();
    for (open, close) in [('"', '"'), ('“', '”'), ('«', '»'), ('„', '“')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains(close) || open != close {
                return inner.trim();
            }
        }
    }
    t
}

/// A whole line of bold text (`**text**` or `__text__`): the inner text.
pub(crate) fn whole_bold(line: &str) -> Option<&str> {
    let t = line.trim();
    ["**", "__"].iter().find_map(|m| {
        let inner = t.strip_prefix(m)?.strip_suffix(m)?;
        (!inner.is_empty() && !inner.contains(m)).then(|| inner.trim())
    })
}

/// Plain text escaped so that markdown shows it as written.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().enumerate() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) || (i == 0 && matches!(c, '#' | '+' | '-' | '=' | '!'));
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    // "1. text" at the start of a line would become a list.
    if let Some(dot) = out.find(['.', ')']) {
        if dot > 0 && out[..dot].bytes().all(|b| b.is_ascii_digit()) {
            out.insert(dot, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atx_headings() {
        assert_eq!(atx_heading("## 1. Title"), Some((2, "1. Title")));
        assert_eq!(atx_heading("### Q ###"), Some((3, "Q")));
        assert_eq!(atx_heading("#hashtag"), None);
        assert_eq!(atx_heading("    # code"), None);
        assert_eq!(atx_heading("#"), Some((1, "")));
        assert_eq!(atx_heading("## C# #"), Some((2, "C#")));
    }

    #[test]
    fn scan_finds_fences_tables_and_unclosed_fences() {
        let body = "a\n\n```python\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~~\nopen\n";
        let lines: Vec<&str> = body.lines().collect();
        let scan = scan(body, &lines);
        assert_eq!(scan.fences.len(), 2);
        assert_eq!(scan.fences[0].lang.as_deref(), Some("python"));
        assert_eq!((scan.fences[0].start, scan.fences[0].end), (2, 4));
        assert!(scan.fences[0].closed);
        assert!(!scan.fences[1].closed);
        assert_eq!(scan.tables.len(), 1);
        assert_eq!(
            (
                scan.tables[0].line,
                scan.tables[0].columns,
                scan.tables[0].rows
            ),
            (6, 2, 1)
        );
        assert!(scan.is_code(3) && !scan.is_code(6));
    }

    #[test]
    fn scan_finds_links_with_positions() {
        let body = "intro\n\n- é [a](x.md#y) and [b][r]\n\n```\n[c](z.md)\n```\n\n[r]: other.md\n";
        let lines: Vec<&str> = body.lines().collect();
        let links: Vec<(usize, usize, String)> = scan(body, &lines)
            .links
            .into_iter()
            .map(|l| (l.line, l.column, l.dest))
            .collect();
        assert_eq!(links, [(2, 5, "x.md#y".into()), (2, 21, "other.md".into())]);
    }

    #[test]
    fn titles_lose_markup_and_quotes() {
        assert_eq!(plain_title("<a name='x'>常见问题：</a>"), "常见问题：");
        assert_eq!(strip_colon("常见问题："), "常见问题");
        assert_eq!(plain_title("Ranking and\u{a0}search"), "Ranking and search");
        assert_eq!(
            title_text("_Why_ **cache** [reads](x.md)?"),
            "Why cache reads?"
        );
        assert_eq!(
            title_text("Redis ![build](https://img/badge.svg) notes"),
            "Redis notes"
        );
        assert_eq!(title_text("<a name=\"intro\">Intro</a> `x_y`"), "Intro x_y");
        assert_eq!(title_text("1. Clarify the scope"), "1. Clarify the scope");
        assert_eq!(title_text("- not a list"), "- not a list");
        assert_eq!(title_text("**bold** start"), "bold start");
        assert_eq!(strip_quotes("\"Tell me about it.\""), "Tell me about it.");
        assert_eq!(strip_quotes("“Curly”"), "Curly");
        assert_eq!(
            whole_bold("**Example 1 – Title**"),
            Some("Example 1 – Title")
        );
        assert_eq!(whole_bold("**a** and **b**"), None);
    }

    #[test]
    fn dedent_keeps_deeper_indentation() {
        assert_eq!(dedent("      code", 4), "  code");
        assert_eq!(dedent("  short", 4), "short");
        assert_eq!(dedent("\tx", 4), "x");
    }
}
