//! Syntax highlighting, behind one small interface so the engine can be swapped.
//!
//! Input: code and its fence language. Output: HTML with short CSS classes (no inline colours)
//! that name how each token looks in the light and in the dark theme (`hl3 hd5`: the light
//! theme's fourth colour, the dark theme's sixth), one flat span per run of tokens that look
//! alike, so the theme's light and dark styles both apply; and the CSS for both. The syntax set —
//! syntect's defaults plus two-face's extra grammars (TypeScript, TOML, Dockerfile, Kotlin, ...)
//! — is deserialised once per process from its binary dump, on first use.
//!
//! syntect's cost grows faster than the code for some input (a line of 80,000 `(` in shell
//! nests a context per character: 12 s), so code past [`MAX_LINE`] or [`MAX_BLOCK`] is not
//! highlighted; the caller shows it as plain text and says so.

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use syntect::highlighting::{Color, FontStyle, Style, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
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

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// The light and dark themes, each with the letter its classes carry (`hl3`, `hd3`).
static THEMES: LazyLock<[Palette; 2]> = LazyLock::new(|| {
    let mut themes = ThemeSet::load_defaults().themes;
    let mut take = |name: &str| themes.remove(name).unwrap_or_default();
    [
        Palette::new(take("InspiredGitHub"), 'l'),
        Palette::new(take("base16-ocean.dark"), 'd'),
    ]
});

/// One theme and the classes that name what it can give a token: a class per foreground and
/// per background colour its rules use, numbered in the order of the rules, and one per font
/// style. The set depends on the theme alone, so the CSS is written before any code is seen.
struct Palette {
    theme: Theme,
    /// `l` for the light theme, `d` for the dark one.
    letter: char,
    /// The style of a token no rule matches.
    default: Style,
    foregrounds: Vec<Color>,
    backgrounds: Vec<Color>,
    /// The text colour the theme sets with each background, if any: a token on that
    /// background is written in it, so its contrast is checked against that background alone.
    background_text: Vec<Option<Color>>,
}

impl Palette {
    fn new(theme: Theme, letter: char) -> Self {
        let mut foregrounds = Vec::new();
        let mut backgrounds = Vec::new();
        let mut background_text = Vec::new();
        for item in &theme.scopes {
            if let Some(bg) = item.style.background {
                if !backgrounds.contains(&bg) {
                    background_text.push(item.style.foreground);
                }
            }
            for (colour, list) in [
                (item.style.foreground, &mut foregrounds),
                (item.style.background, &mut backgrounds),
            ] {
                if let Some(c) = colour {
                    if !list.contains(&c) {
                        list.push(c);
                    }
                }
            }
        }
        let default = syntect::highlighting::Highlighter::new(&theme).get_default();
        Palette {
            theme,
            letter,
            default,
            foregrounds,
            backgrounds,
            background_text,
        }
    }

    /// The classes of a token of `style`, each after a space; whether its whitespace shows
    /// (a background or an underline).
    fn classes(&self, style: Style, out: &mut String) -> bool {
        let l = self.letter;
        if style.foreground != self.default.foreground {
            if let Some(i) = self.foregrounds.iter().position(|c| *c == style.foreground) {
                let _ = write!(out, " h{l}{i}");
            }
        }
        let mut shows = false;
        if style.background != self.default.background {
            if let Some(i) = self.backgrounds.iter().position(|c| *c == style.background) {
                let _ = write!(out, " h{l}g{i}");
                shows = true;
            }
        }
        for (flag, name) in FONT_CLASSES {
            if style.font_style.contains(flag) {
                let _ = write!(out, " h{l}{name}");
                shows |= flag == FontStyle::UNDERLINE;
            }
        }
        shows
    }

    /// This theme's rules for those classes, unscoped.
    fn css(&self) -> String {
        let l = self.letter;
        let hex = |c: &Color| {
            if c.a == 0xff {
                format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
            } else {
                format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
            }
        };
        let mut css = format!(
            ".hl-code {{ color: {}; background-color: {}; }}\n",
            hex(&self.default.foreground),
            hex(&self.default.background)
        );
        for (i, c) in self.foregrounds.iter().enumerate() {
            let _ = writeln!(css, ".h{l}{i} {{ color: {}; }}", hex(c));
        }
        // After the colours, so a background's own text colour wins on a token that has both.
        for (i, c) in self.backgrounds.iter().enumerate() {
            match self.background_text.get(i).copied().flatten() {
                Some(text) => {
                    let _ = writeln!(
                        css,
                        ".h{l}g{i} {{ background-color: {}; color: {}; }}",
                        hex(c),
                        hex(&text)
                    );
                }
                None => {
                    let _ = writeln!(css, ".h{l}g{i} {{ background-color: {}; }}", hex(c));
                }
            }
        }
        for (_, name) in FONT_CLASSES {
            let rule = match name {
                'b' => "font-weight: bold;",
                'i' => "font-style: italic;",
                _ => "text-decoration: underline;",
            };
            let _ = writeln!(css, ".h{l}{name} {{ {rule} }}");
        }
        css
    }
}

/// Font styles and the letter of their class.
const FONT_CLASSES: [(FontStyle, char); 3] = [
    (FontStyle::BOLD, 'b'),
    (FontStyle::ITALIC, 'i'),
    (FontStyle::UNDERLINE, 'u'),
];

/// The classes of a token under the scope stack `stack` (` hl3 hd5`, or empty for a token
/// both themes leave plain), and whether its whitespace shows. syntect's own rule matching
/// decides the style, so a token looks as the theme means it to; the span is flat, one per
/// run of tokens that look alike, rather than one per scope as syntect's class output nests
/// them (which took a third of a page's bytes).
fn classes_for(stack: &[Scope]) -> (String, bool) {
    let mut out = String::new();
    let mut shows = false;
    for (palette, highlighter) in THEMES.iter().zip(HIGHLIGHTERS.iter()) {
        shows |= palette.classes(highlighter.style_for_stack(stack), &mut out);
    }
    (out, shows)
}

/// syntect's rule matchers for [`THEMES`].
static HIGHLIGHTERS: LazyLock<[syntect::highlighting::Highlighter<'static>; 2]> =
    LazyLock::new(|| {
        THEMES
            .each_ref()
            .map(|p| syntect::highlighting::Highlighter::new(&p.theme))
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
    /// Whether this highlighter only decides what a block would become (for `check`, which
    /// wants the notes of rendering, not its colours): code then stays plain.
    deciding: bool,
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
            deciding: false,
        }
    }

    /// A highlighter that reuses the code `previous` kept, and keeps what this build
    /// highlights for [`Highlighter::into_kept`].
    pub(crate) fn keeping(previous: KeptCode) -> Self {
        Highlighter {
            blocks: Some(Mutex::new((HashMap::new(), previous.0))),
            build: BUILDS.fetch_add(1, Ordering::Relaxed),
            deciding: false,
        }
    }

    /// A highlighter that keeps no blocks, for code rendered outside a build (exports).
    pub(crate) const fn uncached() -> Self {
        Highlighter {
            blocks: None,
            build: 0,
            deciding: false,
        }
    }

    /// A highlighter that colours nothing and only says which blocks are too large to
    /// highlight: `check` reports what rendering notes without paying for the colours.
    pub(crate) const fn deciding() -> Self {
        Highlighter {
            blocks: None,
            build: 0,
            deciding: true,
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
        if self.deciding {
            return Highlighted::Unknown;
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
    LINES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let cache = &mut *cache;
        if cache.build != build || cache.remembered >= LINE_CACHE_LINES {
            cache.lines.clear();
            cache.remembered = 0;
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
                state.clone_from(&kept.state_after);
                scopes.clone_from(&kept.scopes_after);
                continue;
            }
            let before = (state.clone(), scopes.clone());
            let ops = state.parse_line(line, &SYNTAXES).map_err(|_| Failed)?;
            let spans = line_spans(line, &ops, &mut scopes, &mut cache.styles)?;
            html.push_str(&spans);
            if line.len() <= LINE_CACHE_MAX_LEN {
                let seen = by_line.entry(line.to_owned()).or_default();
                if seen.len() < LINE_CACHE_STATES {
                    cache.remembered += 1;
                    seen.push(Line {
                        state: before.0,
                        scopes: before.1,
                        html: spans,
                        state_after: state.clone(),
                        scopes_after: scopes.clone(),
                    });
                }
            }
        }
        Ok(())
    })?;
    Ok(html)
}

/// One line as HTML: each run of tokens that look alike in one flat span, plain text where
/// both themes leave it plain. Every span closes within its line.
fn line_spans(
    line: &str,
    ops: &[(usize, syntect::parsing::ScopeStackOp)],
    scopes: &mut ScopeStack,
    styles: &mut FxHashMap<Vec<Scope>, (String, bool)>,
) -> Result<String, Failed> {
    let mut html = String::with_capacity(line.len() + 32);
    // The classes of the open span ("" when none is open).
    let mut open = String::new();
    let mut token = |text: &str, scopes: &ScopeStack, html: &mut String, open: &mut String| {
        if text.is_empty() {
            return;
        }
        let stack = scopes.as_slice();
        if !styles.contains_key(stack) {
            styles.insert(stack.to_vec(), classes_for(stack));
        }
        let (classes, shows) = &styles[stack];
        // Whitespace that shows nothing joins whatever run is open.
        let blank = !*shows && text.chars().all(char::is_whitespace);
        if !blank && classes != open {
            if !open.is_empty() {
                html.push_str("</span>");
            }
            if !classes.is_empty() {
                let _ = write!(html, "<span class=\"{}\">", &classes[1..]);
            }
            open.clone_from(classes);
        }
        escape_into(text, html);
    };
    let mut at = 0;
    for (i, op) in ops {
        token(&line[at..*i], scopes, &mut html, &mut open);
        at = *i;
        scopes.apply(op).map_err(|_| Failed)?;
    }
    token(&line[at..], scopes, &mut html, &mut open);
    if !open.is_empty() {
        html.push_str("</span>");
    }
    Ok(html)
}

/// `text` escaped for an element's content.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Lines longer than this are not remembered: long lines seldom repeat.
const LINE_CACHE_MAX_LEN: usize = 240;
/// How many starting states a line is remembered for.
const LINE_CACHE_STATES: usize = 4;
/// How many lines a thread remembers before it starts afresh. Each holds two parser states
/// (about a kilobyte); remembering every line of a 100,000-question handbook took half a
/// gigabyte, while the lines that recur (braces, imports) are soon remembered again.
const LINE_CACHE_LINES: usize = 20_000;

/// One line highlighted from one state: syntect's parse is a pure function of the line, the
/// parser state and the scope stack, so the same three give the same spans and next state.
struct Line {
    state: ParseState,
    scopes: ScopeStack,
    html: String,
    state_after: ParseState,
    scopes_after: ScopeStack,
}

/// Lines highlighted by this thread for one highlighter, by grammar then text. Closing
/// braces, blank lines, imports and common statements recur across a handbook's code; each is
/// parsed once per state (~18% less CPU on the 10,000-question benchmark, output
/// byte-identical). The cache is scratch space, not state: a line's spans are a pure function
/// of the line and the state it starts in, so what it holds never changes the output; it is
/// per thread because syntect's parser state may not cross threads, and emptied when another
/// highlighter (a new build) uses the thread, or when it holds [`LINE_CACHE_LINES`], which
/// bounds its memory.
#[derive(Default)]
struct LineCache {
    build: u64,
    /// How many lines `lines` holds.
    remembered: usize,
    lines: FxHashMap<usize, FxHashMap<String, Vec<Line>>>,
    /// The classes of each scope stack met ([`classes_for`]): a pure function of the stack,
    /// and the stacks a grammar makes are few.
    styles: FxHashMap<Vec<Scope>, (String, bool)>,
}

thread_local! {
    static LINES: std::cell::RefCell<LineCache> = std::cell::RefCell::default();
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
    // Every text colour moved just far enough to read at WCAG AA ([`super::palette`]).
    let [light, dark] = THEMES
        .each_ref()
        .map(|theme| super::palette::readable(&theme.css()));
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
    fn spans_are_flat_and_name_each_themes_colour() {
        let html = highlight("def f():\n    return 1\n", "python").unwrap();
        // One span per run, never one inside another, each closed by the end of its line.
        let mut depth = 0;
        for piece in html.split('<').skip(1) {
            depth += if piece.starts_with("span") { 1 } else { -1 };
            assert!((0..=1).contains(&depth), "{html}");
        }
        for run in html.split("<span").skip(1) {
            let inside = &run[..run.find("</span>").unwrap()];
            assert!(!inside.trim_end_matches('\n').contains('\n'), "{html}");
        }
        // `def` as InspiredGitHub (#a71d5d, bold) and base16-ocean (#b48ead) draw it.
        let def = html.split("def").next().unwrap();
        let classes = &def[def.rfind("class=\"").unwrap() + 7..def.rfind('"').unwrap()];
        for class in classes.split(' ') {
            assert!(css().contains(&format!(".{class} ")), "{class}");
        }
        // The themes' own colours, before palette.rs makes them readable.
        let css = THEMES[0].css() + &THEMES[1].css();
        let rule = |class: &str| {
            let at = css.find(&format!(".{class} {{")).unwrap();
            css[at..at + css[at..].find('}').unwrap()].to_owned()
        };
        let light = classes
            .split(' ')
            .find(|c| c.starts_with("hl") && c[2..].parse::<u32>().is_ok());
        assert!(rule(light.unwrap()).contains("#a71d5d"), "{classes}");
        assert!(classes.split(' ').any(|c| c == "hlb"), "{classes}");
        let dark = classes.split(' ').find(|c| c.starts_with("hd")).unwrap();
        assert!(rule(dark).contains("#b48ead"), "{classes}");
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
