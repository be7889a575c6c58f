//! Markdown to HTML for answers, prompts and pages, as small adapters over pulldown-cmark events.
//!
//! Input: markdown from the model and a [`Context`] (raw-HTML policy, links to other documents).
//! Output: an HTML fragment. Each rewrite is its own function: code blocks are highlighted,
//! blanks (`[X years]`) become `<mark class="placeholder">`, tables scroll sideways inside a
//! wrapper, links to other documents point at their pages, dangerous link schemes are dropped,
//! and headings inside answers are demoted below the question's. Raw HTML in a document is
//! sanitised ([`sanitize`]) unless the site allows raw HTML; prepbook's own markup is held
//! out of the sanitiser as tokens, so only what the document wrote is cleaned.

use super::highlight::{self, Highlighted, Highlighter};
use super::math::{self, Formula};
use super::prose_tags::prose_tags;
use super::sanitize::{self, DepthCap, Generated, Lines, Page};
use crate::diag::{Code, Diagnostic};
use crate::links::{link_target, LinkTarget};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::cmark::options;

/// What rendering needs to know besides the markdown.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// Let document HTML through untouched.
    pub(crate) raw_html: bool,
    /// Document sources (relative to the content folder) to their page names.
    pub(crate) pages: &'a HashMap<String, String>,
    /// The source of the document being rendered, to resolve relative links.
    pub(crate) source: &'a str,
    /// Headings in the markdown are shown at least at this level.
    pub(crate) min_heading: u8,
}

/// Where a fragment goes: the page (its ids, its diagnostics) and the file line its markdown
/// starts at.
#[derive(Clone, Copy)]
pub(crate) struct At<'p> {
    /// The page being rendered.
    pub(crate) page: &'p Page<'p>,
    /// The line of the file the markdown starts at.
    pub(crate) line: usize,
}

/// Render block markdown to HTML, outside any page (exports): nothing to say, no ids taken.
pub(crate) fn to_html(markdown: &str, cx: &Context<'_>) -> String {
    let page = Page::default();
    page_html(
        markdown,
        cx,
        At {
            page: &page,
            line: 1,
        },
    )
}

/// Render inline markdown (a question's prompt) without the paragraph around it, outside any
/// page.
pub(crate) fn inline_html(markdown: &str, cx: &Context<'_>) -> String {
    let page = Page::default();
    page_inline_html(
        markdown,
        cx,
        At {
            page: &page,
            line: 1,
        },
    )
}

/// Render block markdown to HTML for a page, noting problems on it.
pub(crate) fn page_html(markdown: &str, cx: &Context<'_>, at: At<'_>) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let markdown = Generated::clean_input(markdown);
    let lines = Lines::new(&markdown, at.line);
    let generated = Generated::default();
    // Only HTML the document itself wrote is sanitised; the adapters' own HTML is held out.
    let mut has_html = false;
    let mut depth = DepthCap::new(at.page, &lines);
    let sanitise = !cx.raw_html;
    let events = Parser::new_ext(&markdown, render_options())
        .into_offset_iter()
        .map(|(e, range)| (Generated::unforge(e), range))
        .inspect(|(e, _)| has_html |= matches!(e, Event::Html(_) | Event::InlineHtml(_)))
        .flat_map(|(event, range)| {
            let events = if sanitise {
                depth.apply(event, &range)
            } else {
                [Some(event), None]
            };
            events
                .into_iter()
                .flatten()
                .map(move |e| (e, range.clone()))
        });
    let events = events.map(|(e, range)| {
        let e = if sanitise {
            prose_tags(e, &range, at.page, &lines)
        } else {
            e
        };
        (e, range)
    });
    let events = events.map(|(e, range)| (attached(e, &range, cx, at.page, &lines), range));
    let events = events.map(|(e, range)| {
        let e = formulas(e, &range, &generated, at.page, &lines);
        (e, range)
    });
    let events = code_blocks(events, &generated, at.page, &lines);
    let events = autolinks(events);
    let events = placeholders(events, &generated);
    let events = events.flat_map(|e| tables(e, &generated));
    let events = events.map(|e| task_boxes(e, &generated));
    let events = events.map(|e| alerts(e, &generated));
    let events = events.map(|e| links(e, cx));
    let events = events.map(|e| headings(e, cx.min_heading));
    let events = heading_ids(events, &generated, at.page);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if has_html && sanitise {
        html = sanitize::clean(&html, at.page, &lines);
    }
    generated.expand(&html)
}

/// The parser's options, and what only the page shows: math and GitHub's alerts (the model
/// does not need them, so the parser's own options leave them out).
fn render_options() -> Options {
    options() | Options::ENABLE_MATH | Options::ENABLE_GFM
}

/// Render inline markdown without the paragraph around it, for a page.
pub(crate) fn page_inline_html(markdown: &str, cx: &Context<'_>, at: At<'_>) -> String {
    // "1. Growth" or "- note" as a title is text, not the start of a list.
    let markdown = escape_block_start(markdown.trim());
    let html = page_html(&markdown, cx, at);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}

/// A backslash before a leading list, heading or quote marker, so inline text stays inline.
fn escape_block_start(text: &str) -> String {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let after_digits = &text[digits..];
    if digits > 0 && after_digits.starts_with(['.', ')']) {
        return format!("{}\\{}", &text[..digits], after_digits);
    }
    // Only what would open a block: a marker and a space (`- x`, `# x`), a quote, a rule.
    // `**Bold**` or `*Why* caching` stays inline markup.
    let spaced = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    let opens = match text.as_bytes().first() {
        Some(b'>') => true,
        Some(b'#') => spaced(text.trim_start_matches('#')),
        // The first byte is ASCII, so `[1..]` is a character boundary.
        Some(b'-' | b'*' | b'+') => spaced(&text[1..]),
        _ => false,
    };
    let is_rule = text.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && text
            .chars()
            .all(|c| matches!(c, '*' | '-' | '_' | '=' | ' ' | '\t'));
    if opens || is_rule {
        return format!("\\{text}");
    }
    text.to_owned()
}

/// HTML-escape plain text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Code blocks become one piece of prepbook's markup: highlighted when the language is known
/// and the code is not too large for the highlighter, escaped otherwise.
fn code_blocks<'a, 'g>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'g,
    generated: &'g Generated,
    page: &'g Page<'g>,
    lines: &'g Lines<'_>,
) -> impl Iterator<Item = Event<'a>> + 'g
where
    'a: 'g,
{
    let mut lang: Option<Option<String>> = None;
    let mut start = 0;
    let mut code = String::new();
    events.filter_map(move |(event, range)| match event {
        Event::Start(Tag::CodeBlock(kind)) => {
            lang = Some(match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_owned),
                CodeBlockKind::Indented => None,
            });
            start = range.start;
            code.clear();
            None
        }
        Event::Text(text) if lang.is_some() => {
            code.push_str(&text);
            None
        }
        Event::End(TagEnd::CodeBlock) => {
            let lang = lang.take().flatten();
            if lang.as_deref() == Some("math") {
                let html = formula_html(code.trim_end(), true, page, lines.line(start));
                return Some(generated.event(html));
            }
            let (html, capped) = code_block(&code, lang.as_deref(), page.highlighter);
            if capped {
                page.note(capped_note(lines.line(start)));
            }
            Some(generated.event(html))
        }
        other => Some(other),
    })
}

/// Formulas (`$…$`, `$$…$$`) become MathML, held out of the sanitiser as prepbook's markup.
fn formulas<'a>(
    event: Event<'a>,
    range: &Range<usize>,
    generated: &Generated,
    page: &Page<'_>,
    lines: &Lines<'_>,
) -> Event<'a> {
    let (latex, block) = match &event {
        Event::InlineMath(latex) => (latex, false),
        Event::DisplayMath(latex) => (latex, true),
        _ => return event,
    };
    generated.event(formula_html(latex, block, page, lines.line(range.start)))
}

/// One formula's HTML: its MathML, or, when it does not parse, its source as code with a
/// warning at `line` (a formula is never dropped).
fn formula_html(latex: &str, block: bool, page: &Page<'_>, line: usize) -> String {
    match math::render(latex, block) {
        // `$$…$$` sits inside a paragraph, where a `<div>` may not: the `<math>` is the block.
        Formula::MathMl(html) => html,
        Formula::Broken(why) => {
            page.note(Diagnostic::warning(
                Code::BadMath,
                line,
                format!(
                    "this formula does not parse as LaTeX ({why}), so it is shown as its source. Fix it, or put it in backticks to show it as code on purpose."
                ),
            ));
            if block {
                format!(
                    "<pre class=\"code math-error\"><code>{}</code></pre>\n",
                    escape(latex)
                )
            } else {
                format!("<code class=\"math-error\">{}</code>", escape(latex))
            }
        }
    }
}

/// One code block of the model (a prompt's code) as a page shows it, noting on the page when
/// it is too large to highlight. `at.line` is the line of its opening fence.
pub(crate) fn page_code_html(code: &str, lang: Option<&str>, at: At<'_>) -> String {
    let (html, capped) = code_block(code, lang, at.page.highlighter);
    if capped {
        at.page.note(capped_note(at.line));
    }
    html
}

fn capped_note(line: usize) -> Diagnostic {
    Diagnostic::warning(
        Code::InputCapped,
        line,
        format!(
            "this code block is too large to highlight (a line over {} bytes, or over {} KB in all), so it is shown as plain text. Split it, or mark it as plain text (```text).",
            highlight::MAX_LINE,
            highlight::MAX_BLOCK / 1024
        ),
    )
}

/// One code block's HTML, and whether it was too large to highlight. The theme's script adds
/// the copy button to `pre`.
fn code_block(code: &str, lang: Option<&str>, highlighter: &Highlighter) -> (String, bool) {
    // A diagram: its source, which the theme's script turns into a drawing on the pages that
    // have one (and which a reader without JavaScript reads as it was written).
    if lang.is_some_and(|l| l.eq_ignore_ascii_case("mermaid")) {
        return (
            format!("<pre class=\"mermaid\">{}</pre>\n", escape(code)),
            false,
        );
    }
    let highlighted = lang.map_or(Highlighted::Unknown, |l| highlighter.highlight(code, l));
    let capped = matches!(highlighted, Highlighted::Capped);
    let body = match highlighted {
        Highlighted::Html(html) => html,
        Highlighted::Unknown | Highlighted::Capped => escape(code),
    };
    let html = match lang {
        Some(l) => format!(
            "<pre class=\"code hl-code\" data-lang=\"{0}\"><code class=\"language-{0}\">{body}</code></pre>\n",
            escape(l)
        ),
        None => format!("<pre class=\"code hl-code\"><code>{body}</code></pre>\n"),
    };
    (html, capped)
}

/// Literal `[blank]` text becomes a placeholder mark. Adjacent text events are merged first,
/// since pulldown-cmark hands an unmatched `[` over as an event of its own.
fn placeholders<'a, 'g>(
    events: impl Iterator<Item = Event<'a>> + 'g,
    generated: &'g Generated,
) -> impl Iterator<Item = Event<'a>> + 'g
where
    'a: 'g,
{
    let mut pending = String::new();
    let mut events = events.peekable();
    std::iter::from_fn(move || loop {
        match events.next()? {
            Event::Text(text) => {
                pending.push_str(&text);
                if matches!(events.peek(), Some(Event::Text(_))) {
                    continue;
                }
                let text = std::mem::take(&mut pending);
                return Some(if text.contains('[') {
                    generated.event(mark_blanks(&text))
                } else {
                    Event::Text(CowStr::from(text))
                });
            }
            other => return Some(other),
        }
    })
}

/// How many blanks one run of text marks; the rest stay plain text, so a line of 250,000
/// `[a]` does not become 9 MB of marks. (The parser reports the line as capped.)
const MAX_MARKS: usize = 100;

/// Escape `text`, wrapping blanks in `<mark class="placeholder">`.
pub(crate) fn mark_blanks(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    let mut marks = 0;
    while let Some(open) = rest.find('[').filter(|_| marks < MAX_MARKS) {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        let before = rest[..open].chars().next_back();
        out.push_str(&escape(&rest[..open]));
        if is_blank(inner, before) {
            marks += 1;
            out.push_str("<mark class=\"placeholder\">");
            out.push_str(&escape(inner.trim()));
            out.push_str("</mark>");
        } else {
            out.push_str(&escape(&rest[open..=close]));
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&escape(rest));
    out
}

/// The parser's rule for blanks, for text that markdown already took links out of.
fn is_blank(inner: &str, before: Option<char>) -> bool {
    let t = inner.trim();
    let syntax = t.is_empty()
        || matches!(inner, " " | "x" | "X")
        || t.starts_with(['^', '!', '['])
        || t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == ' ' || c == '-');
    let index = before.is_some_and(|c| c.is_alphanumeric() || c == ')' || c == ']' || c == '_');
    !syntax && !index && !inner.contains('[') && crate::blanks::reads_like_words(t)
}

/// Tables scroll sideways in a wrapper instead of overflowing a phone screen.
fn tables<'a>(event: Event<'a>, generated: &Generated) -> impl Iterator<Item = Event<'a>> {
    let (before, after) = match &event {
        Event::Start(Tag::Table(_)) => (
            Some(generated.event("<div class=\"table-wrap\">".to_owned())),
            None,
        ),
        Event::End(TagEnd::Table) => (None, Some(generated.event("</div>\n".to_owned()))),
        _ => (None, None),
    };
    before
        .into_iter()
        .chain(std::iter::once(event))
        .chain(after)
}

/// GitHub's alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) in
/// GitHub's markup: a box of the alert's kind, titled with its name (the theme styles it).
fn alerts<'a>(event: Event<'a>, generated: &Generated) -> Event<'a> {
    use pulldown_cmark::BlockQuoteKind as Kind;
    match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let (class, title) = match kind {
                Kind::Note => ("note", "Note"),
                Kind::Tip => ("tip", "Tip"),
                Kind::Important => ("important", "Important"),
                Kind::Warning => ("warning", "Warning"),
                Kind::Caution => ("caution", "Caution"),
            };
            generated.event(format!(
                "<div class=\"markdown-alert markdown-alert-{class}\"><p class=\"markdown-alert-title\">{title}</p>\n"
            ))
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => generated.event("</div>\n".to_owned()),
        other => other,
    }
}

/// Task list boxes are prepbook's markup (a document's own form controls are not kept).
fn task_boxes<'a>(event: Event<'a>, generated: &Generated) -> Event<'a> {
    match event {
        Event::TaskListMarker(checked) => generated.event(format!(
            "<input disabled=\"\" type=\"checkbox\"{}/>\n",
            if checked { " checked=\"\"" } else { "" }
        )),
        other => other,
    }
}

/// Links to other documents point at their pages; `javascript:` and friends point nowhere.
fn links<'a>(event: Event<'a>, cx: &Context<'_>) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = rewrite_link(&dest_url, cx).map_or(dest_url, CowStr::from);
            Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest = if is_dangerous(&dest_url) && !cx.raw_html {
                CowStr::from("#")
            } else {
                dest_url
            };
            Event::Start(Tag::Image {
                link_type,
                dest_url: dest,
                title,
                id,
            })
        }
        other => other,
    }
}

fn is_dangerous(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(12)
        .collect::<String>()
        .to_lowercase();
    ["javascript:", "vbscript:", "data:text", "file:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// Links and images to files beside the notes point at the published copy: pages sit at the
/// top of the site, so the file's path from there, relative (the site works under any sub-path
/// and from disk). One to a file the handbook does not have, or out of the content folder, is
/// left as written and noted at its line (`broken-link`).
fn attached<'a>(
    event: Event<'a>,
    range: &Range<usize>,
    cx: &Context<'_>,
    page: &Page<'_>,
    lines: &Lines<'_>,
) -> Event<'a> {
    let Some(files) = page.files else {
        return event;
    };
    let (what, dest) = match &event {
        Event::Start(Tag::Link { dest_url, .. }) => ("link", dest_url),
        Event::Start(Tag::Image { dest_url, .. }) => ("image", dest_url),
        Event::Html(html) | Event::InlineHtml(html) => {
            let Some(rewritten) = html_file_urls(html, cx.source, files) else {
                return event;
            };
            return match event {
                Event::Html(_) => Event::Html(rewritten.into()),
                _ => Event::InlineHtml(rewritten.into()),
            };
        }
        _ => return event,
    };
    let LinkTarget::File(source) = link_target(dest, cx.source) else {
        return event;
    };
    let message = match source {
        Some(source) if files.contains(&source) => {
            let url = CowStr::from(crate::links::file_url(&source));
            return match event {
                Event::Start(Tag::Link {
                    link_type,
                    title,
                    id,
                    ..
                }) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    link_type,
                    title,
                    id,
                    ..
                }) => Event::Start(Tag::Image {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }),
                other => other,
            };
        }
        Some(source) => format!(
            "the {what} \"{dest}\" leads to {source}, which is not a file of the content folder; fix the path (it is relative to this file) or add the file."
        ),
        None => format!(
            "the {what} \"{dest}\" leads out of the content folder, where nothing is published; copy the file into the content folder and link to the copy."
        ),
    };
    page.note(Diagnostic::warning(
        Code::BrokenLink,
        lines.line(range.start),
        message,
    ));
    event
}

/// A new destination for a link, when it needs one.
fn rewrite_link(url: &str, cx: &Context<'_>) -> Option<String> {
    if is_dangerous(url) && !cx.raw_html {
        return Some("#".to_owned());
    }
    let LinkTarget::Document { source, fragment } = link_target(url, cx.source) else {
        return None;
    };
    let page = cx.pages.get(&source)?;
    Some(match fragment {
        Some(f) => format!("{page}#{f}"),
        None => page.clone(),
    })
}

/// The document's own HTML with each `src` and `href` that names a published file beside the
/// notes (`<img src="img/a.png">`) made relative to the site root, where pages sit, as
/// markdown's links are; `None` when nothing changed. A cheap scan of each tag, not a parse:
/// what it misses (a tag split over lines) is left as written.
fn html_file_urls(html: &str, source: &str, files: &HashSet<String>) -> Option<String> {
    // A longer value is no file path worth rewriting; the cap keeps the scan linear.
    const MAX_VALUE: usize = 4096;
    // Most tags carry no attribute (`</div>`, `<br>`): nothing to lower-case or scan.
    if !html.contains('=') {
        return None;
    }
    let lower = html.to_ascii_lowercase();
    let mut names: Vec<(usize, usize)> = lower
        .match_indices("src=")
        .map(|(i, _)| (i, 4))
        .chain(lower.match_indices("href=").map(|(i, _)| (i, 5)))
        .collect();
    if names.is_empty() {
        return None;
    }
    names.sort_unstable();
    let bytes = html.as_bytes();
    // The last `<` and `>` before the attribute's name, each byte scanned once.
    let (mut last_open, mut last_close) = (None, None);
    let mut scanned = 0;
    let mut out = String::with_capacity(html.len() + 16);
    let mut from = 0;
    for (name_at, len) in names {
        if name_at < from {
            continue;
        }
        for (i, &b) in bytes[scanned..name_at].iter().enumerate() {
            match b {
                b'<' => last_open = Some(scanned + i),
                b'>' => last_close = Some(scanned + i),
                _ => {}
            }
        }
        scanned = name_at;
        // An attribute: after whitespace, inside a tag.
        let after_space = name_at > 0 && bytes[name_at - 1].is_ascii_whitespace();
        if !after_space || last_open <= last_close {
            continue;
        }
        let value_at = name_at + len;
        let rest = &html[value_at..];
        let mut cut = rest.len().min(MAX_VALUE + 1);
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &rest[..cut];
        let (start, end) = match window.chars().next() {
            Some(q @ ('"' | '\'')) => match window[1..].find(q) {
                Some(e) => (value_at + 1, value_at + 1 + e),
                None => continue,
            },
            Some(_) => match window.find(|c: char| c.is_ascii_whitespace() || c == '>') {
                Some(e) => (value_at, value_at + e),
                None if cut == rest.len() => (value_at, html.len()),
                None => continue,
            },
            None => continue,
        };
        let value = html[start..end].replace("&amp;", "&");
        if let LinkTarget::File(Some(path)) = link_target(&value, source) {
            if files.contains(&path) {
                out.push_str(&html[from..start]);
                out.push_str(&escape(&crate::links::file_url(&path)));
                from = end;
            }
        }
    }
    (from > 0).then(|| {
        out.push_str(&html[from..]);
        out
    })
}

/// Bare URLs in prose become links, as GitHub links them ([`super::autolink`]). Text inside a
/// link, an image's alt text or an `<a>` the document wrote is left as it is; code is already
/// HTML here. Runs of text are joined first: the parser may split one at an escape or entity.
fn autolinks<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut events = events.peekable();
    let mut pending: std::collections::VecDeque<Event<'a>> = std::collections::VecDeque::new();
    let mut inside = 0usize;
    std::iter::from_fn(move || {
        if let Some(event) = pending.pop_front() {
            return Some(event);
        }
        let event = events.next()?;
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => inside = inside.saturating_sub(1),
            Event::InlineHtml(h) | Event::Html(h) => {
                // A link or code the document wrote in HTML keeps its text as written.
                let h = h.trim_start().to_ascii_lowercase();
                let name = |tag: &str| {
                    h.strip_prefix(tag)
                        .is_some_and(|r| r.starts_with(['>', ' ', '\t', '\n']))
                };
                if ["<a", "<code", "<kbd", "<samp", "<pre"]
                    .into_iter()
                    .any(name)
                {
                    inside += 1;
                } else if ["</a", "</code", "</kbd", "</samp", "</pre"]
                    .into_iter()
                    .any(name)
                {
                    inside = inside.saturating_sub(1);
                }
            }
            _ => {}
        }
        // prepbook's own markup (a code block, a formula) is a token in a Text event: never
        // part of a URL, nor joined to the text around it.
        let mergeable = |e: &Event<'_>| matches!(e, Event::Text(t) if !Generated::is_token(t));
        let Event::Text(first) = event else {
            return Some(event);
        };
        if inside > 0 || Generated::is_token(&first) {
            return Some(Event::Text(first));
        }
        // Most text comes as one event: it is joined (and copied) only when it is split.
        let text: CowStr<'a> = if events.peek().is_some_and(mergeable) {
            let mut joined = first.into_string();
            while let Some(Event::Text(next)) = events.next_if(mergeable) {
                joined.push_str(&next);
            }
            joined.into()
        } else {
            first
        };
        let found = super::autolink::find(&text);
        if found.is_empty() {
            return Some(Event::Text(text));
        }
        let mut from = 0;
        for f in found {
            if f.range.start > from {
                pending.push_back(Event::Text(text[from..f.range.start].to_owned().into()));
            }
            pending.push_back(Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Autolink,
                dest_url: f.dest.into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            pending.push_back(Event::Text(text[f.range.clone()].to_owned().into()));
            pending.push_back(Event::End(TagEnd::Link));
            from = f.range.end;
        }
        if from < text.len() {
            pending.push_back(Event::Text(text[from..].to_owned().into()));
        }
        pending.pop_front()
    })
}

/// Headings inside answers sit below the question's own heading.
fn headings(event: Event<'_>, min: u8) -> Event<'_> {
    let demote = |level: HeadingLevel| {
        let n = (level as u8).max(min).min(6);
        HeadingLevel::try_from(usize::from(n)).unwrap_or(HeadingLevel::H6)
    };
    match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    }
}

/// Every heading gets GitHub's anchor for its text as its id (unique on the page), so tables
/// of contents written for GitHub work. The heading's tags are prepbook's markup: the
/// sanitiser, which keeps a document's ids only while unused, would drop a claimed one.
fn heading_ids<'a, 'g>(
    events: impl Iterator<Item = Event<'a>> + 'g,
    generated: &'g Generated,
    page: &'g Page<'g>,
) -> impl Iterator<Item = Event<'a>> + 'g
where
    'a: 'g,
{
    let mut events = events.peekable();
    let mut pending: std::collections::VecDeque<Event<'a>> = std::collections::VecDeque::new();
    std::iter::from_fn(move || {
        if let Some(event) = pending.pop_front() {
            return Some(event);
        }
        let event = events.next()?;
        let Event::Start(Tag::Heading { level, .. }) = event else {
            return Some(event);
        };
        // The heading's events, up to its end, and its text.
        let mut text = String::new();
        for inner in events.by_ref() {
            match &inner {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            pending.push_back(inner);
        }
        // (The theme's script gives a heading with an id its permalink: see prepbook.js.)
        let id = page
            .heading_id(&text)
            .map_or_else(String::new, |id| format!(" id=\"{}\"", escape(&id)));
        pending.push_back(generated.event(format!("</{level}>\n")));
        Some(generated.event(format!("<{level}{id}>")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        let pages = HashMap::from([("web/other.md".to_owned(), "web-other.html".to_owned())]);
        let cx = Context {
            raw_html: false,
            pages: &pages,
            source: "web/this.md",
            min_heading: 4,
        };
        to_html(md, &cx)
    }

    #[test]
    fn blanks_are_marked_and_links_are_not() {
        let html =
            render("After [X years] at [current company], see [docs](https://x.io) and a[0].\n");
        assert!(
            html.contains("<mark class=\"placeholder\">X years</mark>"),
            "{html}"
        );
        assert!(
            html.contains("<mark class=\"placeholder\">current company</mark>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"https://x.io\""), "{html}");
        assert!(html.contains("a[0]"), "{html}");
    }

    #[test]
    fn inline_titles_stay_inline() {
        let pages = HashMap::new();
        let cx = Context {
            raw_html: false,
            pages: &pages,
            source: "a.md",
            min_heading: 4,
        };
        assert_eq!(
            inline_html("1. Growth & New Challenges", &cx),
            "1. Growth &amp; New Challenges"
        );
        assert_eq!(inline_html("- dash", &cx), "- dash");
        assert_eq!(
            inline_html("What is `this`?", &cx),
            "What is <code>this</code>?"
        );
    }

    #[test]
    fn scripts_do_not_survive() {
        let html = render("<script>alert(1)</script>\n\n<img src=x onerror=\"alert(2)\">\n\n[click](javascript:alert(3))\n\n<details><summary>More</summary>\n\nkept\n\n</details>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(
            html.contains("<details>") && html.contains("<summary>More</summary>"),
            "{html}"
        );
    }

    #[test]
    fn code_is_highlighted_or_escaped() {
        let html = render("```python\nx = 1 < 2\n```\n\n```klingon\n<b>qapla</b>\n```\n");
        assert!(
            html.contains("data-lang=\"python\"") && html.contains("hl-"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;qapla"), "{html}");
    }

    #[test]
    fn entities_cannot_forge_prepbooks_held_out_markup() {
        // The table's wrapper is held-out piece 0 and its close piece 1; a document that names
        // them by entity must get text, not a second `</div>` breaking out of the page.
        let html =
            render("| a |\n|---|\n| 1 |\n\n&#xF8F0;1&#xF8F1; [x](/ \"&#xF8F0;0&#xF8F1;\")\n");
        assert_eq!(html.matches("</div>").count(), 1, "{html}");
        assert_eq!(html.matches("table-wrap").count(), 1, "{html}");
    }

    #[test]
    fn prepbooks_markup_keeps_its_classes_beside_document_html() {
        let html = render("<b class=\"card-link\">b</b>\n\n```python\nx = 1\n```\n\nAfter [your team].\n\n| a |\n|---|\n| 1 |\n");
        assert!(html.contains("<b>b</b>"), "{html}");
        assert!(html.contains("<pre class=\"code hl-code\" data-lang=\"python\">"));
        assert!(html.contains("<mark class=\"placeholder\">your team</mark>"));
        assert!(html.contains("<div class=\"table-wrap\"><table>"));
        // The writer adds no blank line after held-out markup: pages stay byte-identical.
        assert!(html.contains("</pre>\n<p>After"), "{html}");
    }

    #[test]
    fn math_becomes_mathml_and_a_broken_formula_shows_as_code() {
        let html = render(
            "The loss $\\mathcal{L} = -\\sum_i y_i \\log \\hat{y}_i$ falls.\n\n$$\\frac{QK^\\top}{\\sqrt{d_k}}$$\n\n```math\n\\sigma(z)_j\n```\n\nBroken: $\\frac{a}$ here.\n\nIt costs $5 and $10 a month.\n",
        );
        assert_eq!(html.matches("<math").count(), 3, "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
        assert!(!html.contains("```"), "{html}");
        assert!(
            html.contains("<code class=\"math-error\">\\frac{a}</code>"),
            "{html}"
        );
        // Prices are prose, as on GitHub.
        assert!(html.contains("It costs $5 and $10 a month."), "{html}");
    }

    #[test]
    fn alerts_are_shown_as_github_shows_them() {
        let html = render("> [!NOTE]\n> Read this.\n\n> [!caution]\n> Careful.\n\n> A quote.\n");
        assert!(
            html.contains("<div class=\"markdown-alert markdown-alert-note\"><p class=\"markdown-alert-title\">Note</p>\n<p>Read this.</p>\n</div>"),
            "{html}"
        );
        assert!(html.contains("markdown-alert-caution"), "{html}");
        assert!(!html.contains("[!"), "{html}");
        assert!(
            html.contains("<blockquote>\n<p>A quote.</p>\n</blockquote>"),
            "{html}"
        );
    }

    #[test]
    fn inline_text_keeps_its_markup_and_escapes_only_block_starts() {
        let pages = HashMap::new();
        let cx = Context {
            raw_html: false,
            pages: &pages,
            source: "a.md",
            min_heading: 2,
        };
        for (text, want) in [
            ("**Behavioral**", "<strong>Behavioral</strong>"),
            ("*Why* caching", "<em>Why</em> caching"),
            ("- not a list", "- not a list"),
            ("# not a heading", "# not a heading"),
            ("> not a quote", "&gt; not a quote"),
            ("1. Growth", "1. Growth"),
            ("***", "***"),
            ("#hashtag", "#hashtag"),
        ] {
            assert_eq!(inline_html(text, &cx), want, "{text}");
        }
    }

    #[test]
    fn a_bare_url_beside_code_or_math_leaves_them_whole() {
        let html = render(
            "- See https://example.com/docs\n\n  ```sh\n  ls\n  ```\n\nsee https://x.com/a $x$\n",
        );
        assert!(
            html.contains("<a href=\"https://example.com/docs\">https://example.com/docs</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"https://x.com/a\">https://x.com/a</a> <math"),
            "{html}"
        );
        assert!(html.contains("<pre"), "{html}");
    }

    #[test]
    fn document_links_point_at_pages_and_headings_are_demoted() {
        let html = render("[other](other.md#q) and [up](../x.md)\n\n# Big\n");
        assert!(html.contains("href=\"web-other.html#q\""), "{html}");
        assert!(
            html.contains("href=\"../x.md\""),
            "unknown documents stay as written: {html}"
        );
        assert!(html.contains("<h4 id=\"big\">Big</h4>"), "{html}");
    }
}
