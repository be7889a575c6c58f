//! The sanitiser for HTML written in documents, and the rules that keep it safe and linear.
//!
//! Input: one markdown fragment's HTML as pulldown-cmark wrote it, with prepbook's own markup
//! held out of it as [`Generated`] tokens, and the [`Page`] it goes on. Output: the fragment
//! with the document's HTML cleaned and prepbook's markup put back, plus diagnostics on the page.
//!
//! What a document's HTML keeps is what formats text: no `class` (a `card-link` class would
//! stretch a link over the whole card and capture every click), no form controls, no script,
//! style or event handler, and an `id` only when the theme and the page do not use it already
//! (a second `search` would take the search box's place in the theme's script). prepbook's own
//! markup (highlighted code, blanks, table wrappers, task boxes) never passes through the
//! sanitiser, so it keeps its classes. Nesting is capped before html5ever sees it: its tree
//! builder walks the stack of open elements for every tag, so 100,000 nested `<div>` cost
//! minutes; past [`MAX_DEPTH`] levels the rest of the fragment is shown as text.

use super::highlight::Highlighter;
use crate::diag::{Code, Diagnostic, LineIndex};
use crate::links::anchors::RESERVED_PREFIXES;
use pulldown_cmark::{CowStr, Event};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

/// How deep elements may nest in one fragment (markdown's and the document's HTML together).
/// Real notes stay under 20; html5ever stays linear below a few hundred.
pub(crate) const MAX_DEPTH: usize = 256;

/// The two private-use characters around a token that stands for prepbook's own markup.
/// They never reach the sanitiser from a document: [`Generated::clean_input`] replaces them.
const OPEN: char = '\u{F8F0}';
const CLOSE: char = '\u{F8F1}';

/// A page being rendered: the ids a document's HTML may not take, the build's highlighter,
/// and what rendering had to say about the document. One per page, used by one thread.
pub(crate) struct Page<'h> {
    /// Shared with the sanitiser's attribute filter, which must be `'static`.
    ids: Arc<Mutex<Ids>>,
    /// The page's sanitiser, made on the first fragment with HTML in it.
    sanitiser: std::cell::OnceCell<ammonia::Builder<'static>>,
    notes: RefCell<Vec<Diagnostic>>,
    /// Highlights the page's code, with the caches of the build it belongs to.
    pub(crate) highlighter: &'h Highlighter,
    /// The files published beside the pages (content paths), which links and images may
    /// point at; `None` outside any build (exports), where file links are left as written.
    pub(crate) files: Option<&'h HashSet<String>>,
}

/// Code outside any build (exports) is highlighted without caches.
static UNCACHED: Highlighter = Highlighter::uncached();

impl Default for Page<'static> {
    /// A page outside any build: no reserved ids, code highlighted without caches.
    fn default() -> Self {
        Page {
            ids: Arc::default(),
            sanitiser: std::cell::OnceCell::new(),
            notes: RefCell::default(),
            highlighter: &UNCACHED,
            files: None,
        }
    }
}

impl std::fmt::Debug for Page<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Page")
            .field("ids", &self.ids)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct Ids {
    /// The theme's ids and the page's own (questions, sections, their aliases).
    reserved: HashSet<String>,
    /// Ids the document's HTML has used so far on this page.
    used: HashSet<String>,
    /// Ids dropped from the fragment being cleaned.
    dropped: Vec<String>,
    /// Per heading anchor, the suffix its next heading tries.
    next_heading: std::collections::HashMap<String, usize>,
}

impl<'h> Page<'h> {
    /// A page whose theme and own elements use the ids `reserved`, its code highlighted by
    /// `highlighter`, its links to files checked against `files`.
    pub(crate) fn new(
        reserved: HashSet<String>,
        highlighter: &'h Highlighter,
        files: &'h HashSet<String>,
    ) -> Self {
        Page {
            ids: Arc::new(Mutex::new(Ids {
                reserved,
                ..Ids::default()
            })),
            sanitiser: std::cell::OnceCell::new(),
            notes: RefCell::default(),
            highlighter,
            files: Some(files),
        }
    }

    /// The id for a heading of the document with `text` (GitHub's anchor, made unique on the
    /// page), claimed so that no later heading or HTML id takes it.
    pub(crate) fn heading_id(&self, text: &str) -> Option<String> {
        let mut ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        let Ids {
            reserved,
            used,
            next_heading,
            ..
        } = &mut *ids;
        crate::links::anchors::claim_heading(
            &mut |id| !reserved.contains(id) && used.insert(id.to_owned()),
            next_heading,
            text,
        )
    }

    /// Record a diagnostic about the document.
    pub(crate) fn note(&self, diagnostic: Diagnostic) {
        self.notes.borrow_mut().push(diagnostic);
    }

    /// What rendering had to say, in line order.
    pub(crate) fn into_notes(self) -> Vec<Diagnostic> {
        let mut notes = self.notes.into_inner();
        notes.sort_by_key(|d| (d.line, d.column));
        notes
    }
}

/// Where a fragment's markdown sits in its file, to turn offsets into lines.
pub(crate) struct Lines<'m> {
    markdown: &'m str,
    first: usize,
    index: std::cell::OnceCell<LineIndex>,
}

impl<'m> Lines<'m> {
    /// `markdown`, whose first line is line `first` of the file.
    pub(crate) fn new(markdown: &'m str, first: usize) -> Self {
        Lines {
            markdown,
            first,
            index: std::cell::OnceCell::new(),
        }
    }

    /// The file line of byte `offset` of the markdown.
    pub(crate) fn line(&self, offset: usize) -> usize {
        let index = self.index.get_or_init(|| LineIndex::new(self.markdown));
        self.first + index.line(offset.min(self.markdown.len())) - 1
    }

    /// Where `id` is next written at or after byte `from` (ids are dropped in the order the
    /// document writes them, so each search goes on from the last), else `None`.
    fn find_id(&self, id: &str, from: usize) -> Option<usize> {
        let rest = self.markdown.get(from..)?;
        ["id=\"", "id='", "name=\"", "name='", "id=", "name="]
            .iter()
            .filter_map(|attr| rest.find(&format!("{attr}{id}")))
            .min()
            .map(|at| from + at)
    }
}

/// How many dropped ids one fragment notes one by one; the rest are counted in one note.
const MAX_ID_NOTES: usize = 20;

/// prepbook's own markup for one fragment, held out of the sanitiser: each piece is replaced
/// by a token of private-use characters (text to html5ever), and put back after cleaning.
#[derive(Debug, Default)]
pub(crate) struct Generated(RefCell<Vec<String>>);

impl Generated {
    /// A document's text with the token characters replaced, so no token can be forged.
    pub(crate) fn clean_input(markdown: &str) -> Cow<'_, str> {
        if markdown.contains([OPEN, CLOSE]) {
            markdown.replace([OPEN, CLOSE], "\u{FFFD}").into()
        } else {
            markdown.into()
        }
    }

    /// An event with the token characters taken out of every text it carries. The source was
    /// cleaned already, but markdown makes characters of its own: `&#xF8F0;` is an entity that
    /// the parser turns into the very character a token starts with.
    pub(crate) fn unforge(event: Event<'_>) -> Event<'_> {
        use pulldown_cmark::{CodeBlockKind, CowStr, Tag};
        fn clean(text: CowStr<'_>) -> CowStr<'_> {
            if text.contains([OPEN, CLOSE]) {
                CowStr::from(text.replace([OPEN, CLOSE], "\u{FFFD}"))
            } else {
                text
            }
        }
        match event {
            Event::Text(t) => Event::Text(clean(t)),
            Event::Code(t) => Event::Code(clean(t)),
            Event::Html(t) => Event::Html(clean(t)),
            Event::InlineHtml(t) => Event::InlineHtml(clean(t)),
            Event::InlineMath(t) => Event::InlineMath(clean(t)),
            Event::DisplayMath(t) => Event::DisplayMath(clean(t)),
            Event::FootnoteReference(t) => Event::FootnoteReference(clean(t)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: clean(dest_url),
                title: clean(title),
                id: clean(id),
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: clean(dest_url),
                title: clean(title),
                id: clean(id),
            }),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(clean(info))))
            }
            other => other,
        }
    }

    /// Whether `text` holds a token that stands for prepbook's own markup.
    pub(crate) fn is_token(text: &str) -> bool {
        text.contains([OPEN, CLOSE])
    }

    /// An event that stands for `html` until [`Generated::expand`].
    pub(crate) fn event(&self, mut html: String) -> Event<'static> {
        // A closing newline stays outside the token, so the HTML writer sees the line ended
        // and adds no blank line of its own before the next block.
        let newline = if html.ends_with('\n') {
            html.pop();
            "\n"
        } else {
            ""
        };
        let mut pieces = self.0.borrow_mut();
        pieces.push(html);
        Event::Text(CowStr::from(format!(
            "{OPEN}{}{CLOSE}{newline}",
            pieces.len() - 1
        )))
    }

    /// `html` with every token replaced by the markup it stands for (tokens inside that
    /// markup too: a blank's mark may hold a code block's token).
    pub(crate) fn expand(&self, html: &str) -> String {
        let pieces = self.0.borrow();
        let mut out =
            String::with_capacity(html.len() + pieces.iter().map(String::len).sum::<usize>());
        expand_into(html, &pieces, &mut out, 0);
        out
    }
}

fn expand_into(html: &str, pieces: &[String], out: &mut String, depth: usize) {
    let mut rest = html;
    while let Some(open) = rest.find(OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + OPEN.len_utf8()..];
        let Some(close) = after.find(CLOSE) else {
            rest = after;
            continue;
        };
        let piece = after[..close]
            .parse::<usize>()
            .ok()
            .and_then(|i| pieces.get(i));
        // Markup nests a level or two (a mark around text around a code block); the bound
        // only guards against a piece that names itself.
        if let Some(piece) = piece.filter(|_| depth < 4) {
            expand_into(piece, pieces, out, depth + 1);
        }
        rest = &after[close + CLOSE.len_utf8()..];
    }
    out.push_str(rest);
}

/// Clean the document HTML of a fragment (`html`, from the markdown that `lines` maps), noting
/// each id it had to drop.
pub(crate) fn clean(html: &str, page: &Page<'_>, lines: &Lines<'_>) -> String {
    let cleaned = page
        .sanitiser
        .get_or_init(|| builder(page.ids.clone()))
        .clean(html)
        .to_string();
    let dropped = std::mem::take(
        &mut page
            .ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .dropped,
    );
    let mut from = 0;
    for id in dropped.iter().take(MAX_ID_NOTES) {
        let at = lines.find_id(id, from);
        from = at.map_or(from, |at| at + 1);
        page.note(Diagnostic::note(
            Code::DroppedId,
            at.map_or(lines.first, |at| lines.line(at)),
            format!(
                "the id \"{id}\" in this HTML is already used by the theme or by a question or heading on the page (or earlier in the document), so it was dropped. Choose another id, and point its links at it."
            ),
        ));
    }
    if dropped.len() > MAX_ID_NOTES {
        page.note(Diagnostic::note(
            Code::DroppedId,
            lines.line(from),
            format!(
                "{} more ids in this HTML were dropped for the same reason.",
                dropped.len() - MAX_ID_NOTES
            ),
        ));
    }
    cleaned
}

/// The tags prepbook keeps besides ammonia's defaults (which already keep `sub`, `sup`,
/// `img` and the text-level and table elements).
const ADDED_TAGS: [&str; 8] = [
    "details",
    "summary",
    "mark",
    "kbd",
    "figure",
    "figcaption",
    "picture",
    "source",
];

/// Every tag the sanitiser keeps: what is not here is removed (its text kept, but for
/// `script` and `style`).
pub(crate) static ALLOWED_TAGS: std::sync::LazyLock<HashSet<&'static str>> =
    std::sync::LazyLock::new(|| {
        let mut tags = ammonia::Builder::default().clone_tags();
        tags.extend(ADDED_TAGS);
        tags
    });

/// The sanitiser for one page. ammonia wants a `'static` attribute filter, so the page's ids
/// reach it through an `Arc`.
fn builder(ids: Arc<Mutex<Ids>>) -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    // ammonia's defaults already leave out form controls, frames, scripts and styles.
    b.add_tags(ADDED_TAGS)
        .add_generic_attributes(["id", "title", "lang", "dir", "align"])
        .add_tag_attributes("a", ["name"])
        .add_tag_attributes("details", ["open"])
        .add_tag_attributes("img", ["width", "height", "loading", "alt", "src"])
        // `<picture>` chooses its image by colour scheme or width, as READMEs do.
        .add_tag_attributes("source", ["srcset", "media", "type", "width", "height"])
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(move |element, attribute, value| {
            // A token in an attribute (raw HTML left an attribute open across markdown) is text,
            // not markup: its characters go.
            let value: Cow<'_, str> = if value.contains([OPEN, CLOSE]) {
                value.replace([OPEN, CLOSE], "").into()
            } else {
                value.into()
            };
            let is_anchor = attribute == "id" || (element == "a" && attribute == "name");
            if !is_anchor {
                return Some(value);
            }
            let mut ids = ids.lock().unwrap_or_else(PoisonError::into_inner);
            let taken = ids.reserved.contains(value.as_ref())
                || RESERVED_PREFIXES.iter().any(|p| value.starts_with(p))
                || ids.used.contains(value.as_ref());
            if taken {
                ids.dropped.push(value.into_owned());
                return None;
            }
            ids.used.insert(value.to_string());
            Some(value)
        });
    b
}

/// Elements with no content (no end tag to wait for).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements a sibling of the same kind closes (`<li>a<li>b`): they do not nest by repetition.
const SELF_CLOSING_BY_SIBLING: [&str; 16] = [
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp",
    "thead", "tbody", "tfoot",
];

/// The depth cap over a fragment's events: tracks how deep markdown's elements and the
/// document's tags nest; past [`MAX_DEPTH`], the document's HTML from that tag on becomes text
/// and markdown's elements are left out (their text stays). Notes where it happened once.
pub(crate) struct DepthCap<'p, 'l, 'm> {
    /// Whether each open markdown element was passed on (false: past the cap, left out).
    open: Vec<bool>,
    /// Depth the document's tags add, as counted in its HTML.
    html_depth: usize,
    capped: bool,
    page: &'p Page<'p>,
    lines: &'l Lines<'m>,
}

impl<'p, 'l, 'm> DepthCap<'p, 'l, 'm> {
    pub(crate) fn new(page: &'p Page<'p>, lines: &'l Lines<'m>) -> Self {
        DepthCap {
            open: Vec::new(),
            html_depth: 0,
            capped: false,
            page,
            lines,
        }
    }

    fn depth(&self) -> usize {
        self.open.len() + self.html_depth
    }

    fn cap(&mut self, offset: usize) {
        if !self.capped {
            self.capped = true;
            self.page.note(Diagnostic::warning(
                Code::InputCapped,
                self.lines.line(offset),
                format!("elements here nest more than {MAX_DEPTH} levels deep, so the rest of this part is shown as plain text. Close the HTML tags you open."),
            ));
        }
    }

    /// The events (none, one or two) that replace `event`, at `range` of the markdown.
    pub(crate) fn apply<'a>(
        &mut self,
        event: Event<'a>,
        range: &Range<usize>,
    ) -> [Option<Event<'a>>; 2] {
        match event {
            Event::Start(tag) => {
                let keep = self.depth() < MAX_DEPTH;
                if !keep {
                    self.cap(range.start);
                }
                self.open.push(keep);
                [keep.then_some(Event::Start(tag)), None]
            }
            Event::End(tag) => match self.open.pop() {
                Some(false) => [None, None],
                _ => [Some(Event::End(tag)), None],
            },
            Event::Html(html) | Event::InlineHtml(html) if self.capped => {
                [Some(Event::Text(html)), None]
            }
            Event::Html(html) => self.html(html, range, false),
            Event::InlineHtml(html) => self.html(html, range, true),
            other => [Some(other), None],
        }
    }

    /// Count the tags of a piece of the document's HTML; split it where the cap is reached.
    fn html<'a>(
        &mut self,
        html: CowStr<'a>,
        range: &Range<usize>,
        inline: bool,
    ) -> [Option<Event<'a>>; 2] {
        let wrap = |s: CowStr<'a>| {
            if inline {
                Event::InlineHtml(s)
            } else {
                Event::Html(s)
            }
        };
        let base = self.open.len();
        let Some(cut) = depth_cut(&html, &mut self.html_depth, MAX_DEPTH.saturating_sub(base))
        else {
            return [Some(wrap(html)), None];
        };
        self.cap(range.start + cut.min(range.len()));
        let (before, after) = html.split_at(cut);
        [
            Some(wrap(CowStr::from(before.to_owned()))),
            Some(Event::Text(CowStr::from(after.to_owned()))),
        ]
    }
}

/// Scan the tags of `html`, counting opened minus closed elements into `depth`; the byte
/// offset of the tag that would take it past `max`, if any. A quick lexer, not a parser: it
/// may count a tag html5ever would not nest (then the cap comes early, on input no notes have).
fn depth_cut(html: &str, depth: &mut usize, max: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        i = lt + 1;
        let Some(&next) = bytes.get(i) else { break };
        if next == b'!' || next == b'?' {
            // A comment, doctype or processing instruction.
            let end = if html[i..].starts_with("!--") {
                "-->"
            } else {
                ">"
            };
            i = html[i..]
                .find(end)
                .map_or(bytes.len(), |p| i + p + end.len());
            continue;
        }
        let closing = next == b'/';
        let start = if closing { i + 1 } else { i };
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        i = tag_end(bytes, start + name_len);
        if VOID.contains(&name.as_str()) || SELF_CLOSING_BY_SIBLING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            *depth = depth.saturating_sub(1);
        } else if *depth >= max {
            return Some(lt);
        } else {
            *depth += 1;
        }
    }
    None
}

/// The offset after the `>` that ends a tag whose attributes start at `i` (quotes respected).
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote = None;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => break,
            _ => {}
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_nesting_not_siblings() {
        let mut depth = 0;
        assert_eq!(
            depth_cut("<ul><li>a<li>b<p>c<p>d<br><img src=x>", &mut depth, 3),
            None
        );
        assert_eq!(depth, 1);
        let mut depth = 0;
        let deep = "<div title='a>b'>".repeat(5);
        assert_eq!(
            depth_cut(&deep, &mut depth, 3),
            Some("<div title='a>b'>".len() * 3)
        );
        let mut depth = 2;
        assert_eq!(
            depth_cut("</div></div></div><!-- <div><div> -->", &mut depth, 1),
            None
        );
        assert_eq!(depth, 0);
    }

    #[test]
    fn tokens_expand_nested_and_cannot_be_forged() {
        let generated = Generated::default();
        let Event::Text(code) = generated.event("<pre>x</pre>".into()) else {
            panic!()
        };
        let Event::Text(mark) = generated.event(format!("<mark>{code}</mark>")) else {
            panic!()
        };
        assert_eq!(
            generated.expand(&format!("a{mark}b")),
            "a<mark><pre>x</pre></mark>b"
        );
        assert_eq!(
            Generated::clean_input(&format!("x{code}")),
            "x\u{FFFD}0\u{FFFD}"
        );
    }
}
