//! Syntax highlighting, behind one small interface so the engine can be swapped.
//!
//! Input: code and its fence language. Output: HTML with `hl-` CSS classes (no inline colours),
//! so the theme's light and dark styles both apply, and the CSS for both. The syntax set —
//! syntect's defaults plus two-face's extra grammars (TypeScript, TOML, Dockerfile, Kotlin, ...)
//! — is deserialised once per process from its binary dump, on first use.
//!
//! syntect's cost grows faster than the code for some input (a line of 80,000 `(` in shell
//! nests a context per character: 12 s), so code past [`MAX_LINE`] or [`MAX_BLOCK`] is not
//! highlighted; the caller shows it as plain text and says so.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// The longest line highlighted, in bytes. Real code lines are under 200; minified files are
/// shown plain.
pub(crate) const MAX_LINE: usize = 2_000;
/// The largest block highlighted, in bytes.
pub(crate) const MAX_BLOCK: usize = 256 * 1024;

/// What highlighting made of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Highlighted {
    /// The inside of the `<code>`, with class spans.
    Html(String),
    /// No grammar knows the language.
    Unknown,
    /// Too large to highlight in linear time.
    Capped,
}

/// The class prefix of every highlighting span.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The light and dark theme CSS as syntect writes it (long `hl-` scope classes), with its
/// colours made readable ([`super::palette`]).
static THEME_CSS: LazyLock<(String, String)> = LazyLock::new(|| {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| {
        let css = css_for_theme_with_class_style(&themes.themes[name], STYLE).unwrap_or_default();
        super::palette::readable(&css)
    };
    (css("InspiredGitHub"), css("base16-ocean.dark"))
});

fn class_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Scope classes some theme rule uses, each with a short name (`hl-keyword` → `h1f`).
/// syntect tags every token with its whole scope (`hl-string hl-unquoted hl-plain hl-out
/// hl-yaml`); keeping only the classes a rule needs, shortened, halves the size of code on a
/// page, and with it the time to write a large site.
static CLASSES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let (light, dark) = &*THEME_CSS;
    let mut used: Vec<String> = [light, dark]
        .iter()
        .flat_map(|css| css.split(|c: char| !(class_char(c) || c == '.')))
        .flat_map(|s| s.split('.'))
        .filter(|s| s.starts_with("hl-") && *s != "hl-code")
        .map(str::to_owned)
        .collect();
    used.sort();
    used.dedup();
    used.into_iter()
        .enumerate()
        .map(|(i, c)| (c, format!("h{i:x}")))
        .collect()
});

/// Fence names people write that the grammars do not know by that name.
const ALIASES: [(&str, &str); 16] = [
    ("golang", "go"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("jsonc", "json"),
    ("c++", "cpp"),
    ("c#", "cs"),
    ("csharp", "cs"),
    ("objective-c", "m"),
    ("objc", "m"),
    ("dockerfile", "Dockerfile"),
    ("docker", "Dockerfile"),
    ("tf", "terraform"),
    ("hcl", "terraform"),
    ("ps1", "powershell"),
];

/// The grammar for a fence language, if any knows it.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let set = &*SYNTAXES;
    let lower = lang.to_ascii_lowercase();
    let token = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.as_str(), |(_, name)| name);
    set.find_syntax_by_token(token)
        .or_else(|| set.find_syntax_by_name(token))
        .or_else(|| set.find_syntax_by_extension(token))
}

/// language → code → highlighted HTML. Two levels, so a lookup borrows the code instead of
/// copying it into a key.
type Blocks = HashMap<String, HashMap<String, Highlighted>>;

/// Highlighted code one build leaves for the next (`serve`): a rebuild after a save
/// re-highlights only code that changed, which is most of a rebuild's time otherwise. Only what
/// the last build used is kept, which bounds the memory to what the site holds.
#[derive(Debug, Default)]
pub(crate) struct KeptCode(Blocks);

/// The highlighter of one build: the caches it fills while the pages render, owned by whoever
/// runs the build. A one-off build makes a fresh one ([`Highlighter::new`]); `serve` hands the
/// code the previous build kept to the next ([`Highlighter::keeping`], [`Highlighter::into_kept`]).
pub(crate) struct Highlighter {
    /// Blocks highlighted by this build, and the ones the previous build left, when keeping
    /// (a single `build` never asks twice for the same block, so it keeps none).
    blocks: Option<Mutex<(Blocks, Blocks)>>,
    /// Which highlighter this is, to tell the worker threads' line caches ([`LINES`]) that a
    /// new build started: a highlighter's lines are never mixed with an older one's.
    build: u64,
}

/// The numbers given to highlighters (0 is [`Highlighter::uncached`]'s).
static BUILDS: AtomicU64 = AtomicU64::new(1);

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter")
            .field("keeping", &self.blocks.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter::new()
    }
}

impl Highlighter {
    /// A highlighter for one build that keeps nothing for the next.
    pub(crate) fn new() -> Self {
        Highlighter {
            blocks: None,
            build: BUILDS.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// A highlighter that reuses the code `previous` kept, and keeps what this build
    /// highlights for [`Highlighter::into_kept`].
    pub(crate) fn keeping(previous: KeptCode) -> Self {
        Highlighter {
            blocks: Some(Mutex::new((HashMap::new(), previous.0))),
            build: BUILDS.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// A highlighter that keeps no blocks, for code rendered outside a build (exports).
    pub(crate) const fn uncached() -> Self {
        Highlighter {
            blocks: None,
            build: 0,
        }
    }

    /// What this build highlighted, for the next one.
    pub(crate) fn into_kept(self) -> KeptCode {
        KeptCode(
            self.blocks
                .map(|b| {
                    b.into_inner()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0
                })
                .unwrap_or_default(),
        )
    }

    /// The highlighted HTML of `code` (the inside of a `<code>`), or why there is none (the
    /// caller then escapes the code as plain text).
    pub(crate) fn highlight(&self, code: &str, lang: &str) -> Highlighted {
        let Some(blocks) = &self.blocks else {
            return self.highlight_uncached(code, lang);
        };
        {
            let mut memo = blocks
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(hit) = memo.0.get(lang).and_then(|codes| codes.get(code)) {
                return hit.clone();
            }
            if let Some(hit) = memo.1.get_mut(lang).and_then(|codes| codes.remove(code)) {
                memo.0
                    .entry(lang.to_owned())
                    .or_default()
                    .insert(code.to_owned(), hit.clone());
                return hit;
            }
        }
        let html = self.highlight_uncached(code, lang);
        blocks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .0
            .entry(lang.to_owned())
            .or_default()
            .insert(code.to_owned(), html.clone());
        html
    }

    fn highlight_uncached(&self, code: &str, lang: &str) -> Highlighted {
        let Some(syntax) = syntax_for(lang) else {
            return Highlighted::Unknown;
        };
        if code.len() > MAX_BLOCK || code.split('\n').any(|l| l.len() > MAX_LINE) {
            return Highlighted::Capped;
        }
        // A grammar that fails on a line leaves the block plain rather than failing the build.
        classed(code, syntax, self.build).map_or(Highlighted::Unknown, Highlighted::Html)
    }
}

/// syntect failed on a line.
struct Failed;

fn classed(code: &str, syntax: &SyntaxReference, build: u64) -> Result<String, Failed> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 2);
    let mut open: isize = 0;
    LINES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.build != build {
            cache.lines.clear();
            cache.build = build;
        }
        let by_line = cache
            .lines
            .entry(syntax as *const SyntaxReference as usize)
            .or_default();
        for line in LinesWithEndings::from(code) {
            let kept = by_line
                .get(line)
                .and_then(|seen| seen.iter().find(|l| l.state == state && l.scopes == scopes));
            if let Some(kept) = kept {
                html.push_str(&kept.html);
                open += kept.delta;
                state.clone_from(&kept.state_after);
                scopes.clone_from(&kept.scopes_after);
                continue;
            }
            let before = (state.clone(), scopes.clone());
            let ops = state.parse_line(line, &SYNTAXES).map_err(|_| Failed)?;
            let (spans, delta) =
                line_tokens_to_classed_spans(line, &ops, STYLE, &mut scopes).map_err(|_| Failed)?;
            html.push_str(&spans);
            open += delta;
            if line.len() <= LINE_CACHE_MAX_LEN {
                let seen = by_line.entry(line.to_owned()).or_default();
                if seen.len() < LINE_CACHE_STATES {
                    seen.push(Line {
                        state: before.0,
                        scopes: before.1,
                        html: spans,
                        delta,
                        state_after: state.clone(),
                        scopes_after: scopes.clone(),
                    });
                }
            }
        }
        Ok(())
    })?;
    for _ in 0..open {
        html.push_str("</span>");
    }
    Ok(compact(&html))
}

/// Lines longer than this are not remembered: long lines seldom repeat.
const LINE_CACHE_MAX_LEN: usize = 240;
/// How many starting states a line is remembered for.
const LINE_CACHE_STATES: usize = 4;

/// One line highlighted from one state: syntect's parse is a pure function of the line, the
/// parser state and the scope stack, so the same three give the same spans and next state.
struct Line {
    state: ParseState,
    scopes: ScopeStack,
    html: String,
    delta: isize,
    state_after: ParseState,
    scopes_after: ScopeStack,
}

/// Lines highlighted by this thread for one highlighter, by grammar then text. Closing
/// braces, blank lines, imports and common statements recur across a handbook's code; each is
/// parsed once per state (~18% less CPU on the 10,000-question benchmark, output
/// byte-identical). The cache is scratch space, not state: a line's spans are a pure function
/// of the line and the state it starts in, so what it holds never changes the output; it is
/// per thread because syntect's parser state may not cross threads, and emptied when another
/// highlighter (a new build) uses the thread, which bounds its memory.
#[derive(Default)]
struct LineCache {
    build: u64,
    lines: HashMap<usize, HashMap<String, Vec<Line>>>,
}

thread_local! {
    static LINES: std::cell::RefCell<LineCache> = std::cell::RefCell::default();
}

/// syntect's span markup with unused classes dropped and the rest shortened; a span left with
/// no class disappears with its closing tag.
fn compact(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut open: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("</span>") {
            if open.pop().unwrap_or(true) {
                out.push_str("</span>");
            }
            rest = after;
        } else if let Some(after) = rest.strip_prefix("<span class=\"") {
            let end = after.find("\">").unwrap_or(after.len());
            let short: Vec<&str> = after[..end]
                .split_whitespace()
                .filter_map(|c| CLASSES.get(c).map(String::as_str))
                .collect();
            if short.is_empty() {
                open.push(false);
            } else {
                open.push(true);
                out.push_str("<span class=\"");
                out.push_str(&short.join(" "));
                out.push_str("\">");
            }
            rest = after.get(end + 2..).unwrap_or("");
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Theme CSS with its scope classes renamed as [`compact`] renames them.
fn shorten_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(dot) = rest.find(".hl-") {
        out.push_str(&rest[..dot]);
        let name_len = rest[dot + 1..]
            .find(|c: char| !class_char(c))
            .unwrap_or(rest.len() - dot - 1);
        let name = &rest[dot + 1..dot + 1 + name_len];
        out.push('.');
        out.push_str(CLASSES.get(name).map_or(name, String::as_str));
        rest = &rest[dot + 1 + name_len..];
    }
    out.push_str(rest);
    out
}

/// Whether a language has a grammar (for tests and `check`).
#[cfg(test)]
pub(crate) fn knows(lang: &str) -> bool {
    syntax_for(lang).is_some()
}

/// The highlighting CSS: the light theme in light mode, the dark one in dark mode (chosen with
/// the toggle, or following the system when the reader has not chosen).
pub(crate) fn css() -> &'static str {
    // The same text every time: made once per process (`serve` renders on every save).
    static CSS: LazyLock<String> = LazyLock::new(make_css);
    &CSS
}

fn make_css() -> String {
    let (light, dark) = &*THEME_CSS;
    let (light, dark) = (shorten_css(light), shorten_css(dark));
    let mut out = String::from("/* Generated by prepbook from syntect themes. */\n");
    // Each theme applies only in its own mode, so a token the dark theme leaves unstyled takes
    // the dark base colour, not the light theme's.
    out.push_str(&scoped(&light, ":root[data-theme=\"light\"]"));
    out.push_str(&scoped(&dark, ":root[data-theme=\"dark\"]"));
    out.push_str("@media (prefers-color-scheme: light) {\n");
    out.push_str(&scoped(&light, ":root:not([data-theme=\"dark\"])"));
    out.push_str("}\n@media (prefers-color-scheme: dark) {\n");
    out.push_str(&scoped(&dark, ":root:not([data-theme=\"light\"])"));
    out.push_str("}\n");
    out
}

/// Every selector of `css` prefixed with `scope`.
fn scoped(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        // A comment before a rule (syntect opens with one) is not part of its selectors.
        let head = &rest[..open];
        let head = head.rfind("*/").map_or(head, |end| &head[end + 2..]);
        let selectors = head
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("{scope} {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        if !selectors.is_empty() {
            out.push_str(&selectors);
            out.push(' ');
            out.push_str(&rest[open..=close]);
            out.push('\n');
        }
        rest = &rest[close + 1..];
    }
    out
}

#[cfg(test)]
impl Highlighted {
    fn unwrap(self) -> String {
        match self {
            Highlighted::Html(html) => html,
            other => panic!("not highlighted: {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(code: &str, lang: &str) -> Highlighted {
        Highlighter::new().highlight(code, lang)
    }

    #[test]
    fn code_too_large_is_left_plain() {
        assert_eq!(highlight("x = 1\n", "klingon"), Highlighted::Unknown);
        let long = format!("echo {}\n", "a".repeat(MAX_LINE));
        assert_eq!(highlight(&long, "sh"), Highlighted::Capped);
        let big = "echo a\n".repeat(MAX_BLOCK / 6);
        assert_eq!(highlight(&big, "sh"), Highlighted::Capped);
        // Long lines that nest: nesting alone stays cheap (syntect keeps ~100 scopes).
        let deep = format!("{}\n", "(".repeat(MAX_LINE - 1)).repeat(3);
        assert!(matches!(highlight(&deep, "sh"), Highlighted::Html(_)));
        assert!(matches!(
            highlight("(echo a)\n", "sh"),
            Highlighted::Html(_)
        ));
    }

    #[test]
    fn common_languages_and_aliases_highlight() {
        for lang in [
            "python",
            "py",
            "js",
            "jsx",
            "ts",
            "typescript",
            "tsx",
            "rust",
            "go",
            "golang",
            "sh",
            "bash",
            "yml",
            "yaml",
            "toml",
            "dockerfile",
            "sql",
            "json",
            "java",
            "kotlin",
            "c++",
            "cs",
            "html",
            "css",
        ] {
            assert!(knows(lang), "{lang}");
        }
        assert!(!knows("klingon"));
        let html = highlight("def f():\n    return 1\n", "python").unwrap();
        assert!(html.contains("<span class=\"h"), "{html}");
        assert!(!html.contains("style="), "classes, not inline colours");
    }

    #[test]
    fn code_is_escaped() {
        let html = highlight("a < b && c > d\n", "python").unwrap();
        assert!(html.contains("&lt;") && !html.contains("< b"), "{html}");
    }

    #[test]
    fn css_has_light_and_dark() {
        let css = css();
        assert!(css.contains(".hl-code"));
        assert!(css.contains(":root[data-theme=\"dark\"] .h"));
        // Every class the code uses has a rule.
        let html = highlight("fn main() { let x = \"s\"; }\n", "rust").unwrap();
        for class in html
            .split("class=\"")
            .skip(1)
            .flat_map(|s| s[..s.find('"').unwrap()].split(' '))
        {
            assert!(css.contains(&format!(".{class}")), "{class} has no rule");
        }
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn remembered_lines_give_what_a_fresh_parse_gives() {
        let fresh = |code: &str| Highlighter::new().highlight(code, "python").unwrap();
        let inside = "s = \"\"\"\nx = 1\n\"\"\"\nx = 1\n";
        let outside = "x = 1\ny = 2\n";
        // `x = 1` is seen at the top level first, then inside a string: the string's state
        // must not take the top-level spans, nor the other way round.
        let build = Highlighter::new();
        let a = build.highlight(outside, "python").unwrap();
        let b = build.highlight(inside, "python").unwrap();
        let again = build.highlight(outside, "python").unwrap();
        assert_eq!(a, fresh(outside));
        assert_eq!(b, fresh(inside));
        assert_eq!(again, a);
    }

    #[test]
    fn a_kept_block_is_reused_by_the_next_build_only() {
        let first = Highlighter::keeping(KeptCode::default());
        let html = first.highlight("x = 1\n", "python");
        let kept = first.into_kept();
        assert_eq!(kept.0["python"]["x = 1\n"], html);
        // The next build takes it over; what it does not use is not kept past it.
        let second = Highlighter::keeping(kept);
        assert_eq!(second.highlight("x = 1\n", "python"), html);
        let kept = second.into_kept();
        assert!(kept.0["python"].contains_key("x = 1\n"));
        let third = Highlighter::keeping(kept);
        third.highlight("y = 2\n", "python");
        assert!(!third.into_kept().0["python"].contains_key("x = 1\n"));
    }
}
