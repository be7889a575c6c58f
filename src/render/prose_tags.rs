//! Tags in prose: what a document's HTML would lose to the sanitiser, decided before it runs.
//!
//! Input: one HTML event of a fragment (inline or block, as pulldown-cmark cut it) and where
//! it was written. Output: the event with every "tag" that names no HTML element (`<String>`
//! in `List<String>`, `<iostream>` in `#include <iostream>`, `<T>`, `<?php`) escaped, so the
//! page shows it as text, as the writer meant; and a note on the page for each element the
//! sanitiser will remove (`<script>`, `<iframe>`, `<form>`) and each event handler attribute,
//! with its line, so `check` says what was removed. Only used when raw HTML is off.

use super::sanitize::{Lines, Page, ALLOWED_TAGS};
use crate::diag::{Code, Diagnostic};
use pulldown_cmark::{CowStr, Event};
use std::ops::Range;

/// Every element name of HTML (current and obsolete) and the roots of SVG and MathML: a tag
/// with one of these names is markup; any other is prose.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "nav",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "portal",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
    "animate",
    "set",
    "foreignobject",
    "use",
];

/// How many removals one fragment notes; the rest are counted in one more note.
const MAX_NOTES: usize = 20;

/// The event with prose tags escaped, noting on `page` what the sanitiser will remove.
pub(crate) fn prose_tags<'a>(
    event: Event<'a>,
    range: &Range<usize>,
    page: &Page<'_>,
    lines: &Lines<'_>,
) -> Event<'a> {
    let (html, inline) = match &event {
        Event::Html(html) => (html, false),
        Event::InlineHtml(html) => (html, true),
        _ => return event,
    };
    let (escaped, removed) = escape_prose_tags(html);
    let line = lines.line(range.start);
    for what in removed.iter().take(MAX_NOTES) {
        page.note(Diagnostic::note(
            Code::RemovedHtml,
            line,
            format!("{what} was removed from the page: documents' HTML may format text, not run scripts, embed other pages or take input. Remove it, or put it in backticks to show it as code."),
        ));
    }
    if removed.len() > MAX_NOTES {
        page.note(Diagnostic::note(
            Code::RemovedHtml,
            line,
            format!(
                "{} more pieces of HTML here were removed for the same reason.",
                removed.len() - MAX_NOTES
            ),
        ));
    }
    match escaped {
        // A whole inline tag that is prose is text: the writer escapes it.
        Some(_) if inline && is_single_prose_tag(html) => Event::Text(html.clone()),
        Some(escaped) if inline => Event::InlineHtml(CowStr::from(escaped)),
        Some(escaped) => Event::Html(CowStr::from(escaped)),
        None => event,
    }
}

/// Whether `html` is one tag, and a prose one.
fn is_single_prose_tag(html: &str) -> bool {
    let t = html.trim_end();
    t.starts_with('<') && t.ends_with('>') && t[1..].find('<').is_none() && {
        let (escaped, _) = escape_prose_tags(t);
        escaped.is_some()
    }
}

/// `html` with the `<` of every prose tag written `&lt;` (`None` when it has none), and what
/// the sanitiser will remove from it (`the <script> element`, `the onclick attribute`).
fn escape_prose_tags(html: &str) -> (Option<String>, Vec<String>) {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut removed = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = html[i..].find('<').map(|p| p + i) {
        i = at + 1;
        let rest = &html[at + 1..];
        // Comments are the writer's way to hide text; the sanitiser drops them.
        if rest.starts_with("!--") {
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let starts_like_tag = bytes
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic());
        // `<?php`, `<!DOCTYPE`: markup the page cannot show, so text.
        let declaration = !closing && rest.starts_with(['?', '!']);
        if declaration || (starts_like_tag && !ELEMENTS.contains(&name.as_str())) {
            let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 8));
            out.push_str(&html[copied..at]);
            out.push_str("&lt;");
            copied = at + 1;
            continue;
        }
        if !starts_like_tag {
            continue;
        }
        if !ALLOWED_TAGS.contains(&name.as_str()) {
            if !closing {
                removed.push(format!("the <{name}> element"));
            }
            continue;
        }
        if !closing {
            let end = html[name_start..]
                .find('>')
                .map_or(html.len(), |e| name_start + e);
            for attr in event_handlers(&html[name_start + name_len..end]) {
                removed.push(format!("the {attr} attribute of <{name}>"));
            }
        }
    }
    let out = out.map(|mut out| {
        out.push_str(&html[copied..]);
        out
    });
    (out, removed)
}

/// The event handler attributes (`onclick`, `onerror`) of a tag's attribute text.
fn event_handlers(attrs: &str) -> Vec<String> {
    attrs
        .split(|c: char| c.is_whitespace() || c == '/')
        .filter_map(|word| {
            let name = word.split('=').next().unwrap_or("").to_ascii_lowercase();
            (name.len() > 2
                && name.starts_with("on")
                && name.chars().all(|c| c.is_ascii_alphabetic()))
            .then_some(name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::escape_prose_tags;

    #[test]
    fn prose_tags_are_escaped_and_removals_named() {
        assert_eq!(
            escape_prose_tags("<String>").0.as_deref(),
            Some("&lt;String>")
        );
        assert_eq!(escape_prose_tags("<T>").0.as_deref(), Some("&lt;T>"));
        assert_eq!(
            escape_prose_tags("<?php echo 1; ?>").0.as_deref(),
            Some("&lt;?php echo 1; ?>")
        );
        assert_eq!(
            escape_prose_tags("<div>List<String></div>").0.as_deref(),
            Some("<div>List&lt;String></div>")
        );
        let (kept, removed) = escape_prose_tags("<b>bold</b><kbd>K</kbd><sub>2</sub>");
        assert!(kept.is_none() && removed.is_empty());
        let (_, removed) =
            escape_prose_tags("<script>x</script><img src=x onerror=\"y\"><iframe src=z>");
        assert_eq!(
            removed,
            [
                "the <script> element",
                "the onerror attribute of <img>",
                "the <iframe> element"
            ]
        );
        assert!(escape_prose_tags("<!-- hidden -->").0.is_none());
    }
}
