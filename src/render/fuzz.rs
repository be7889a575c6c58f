//! Fuzzing the path a document takes to its page: bytes are decoded (load), parsed, and
//! rendered into the page view (markdown, highlighting, sanitising), with hostile HTML mixed
//! into the markup the parsers react to. Nothing may panic, and with raw HTML off nothing
//! that runs script, submits a form or borrows the theme's classes and ids may reach the page.
//! The case count keeps this to a few seconds in CI; the inputs differ on every run.

use super::views::{DocumentView, QuestionView};
use crate::model::Site;
use crate::settings::Settings;
use proptest::prelude::*;
use scraper::Html;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Markup the parsers react to, and HTML a hostile co-author would write.
const FRAGMENTS: [&str; 44] = [
    "## 1. ",
    "### Q1: ",
    "### Sample Answer:",
    "**Example 1 – x**",
    "* ",
    "  - ",
    "1. ",
    "> ",
    "    ",
    "```",
    "```sh",
    "```python",
    "| a | b |",
    "|---|---|",
    "- [x] ",
    "[blank]",
    "[a](javascript:alert(1))",
    "[a](#search)",
    "![i](data:text/html,x)",
    "[^1]",
    "[^1]: note",
    "`code`",
    "<div>",
    "</div>",
    "<details><summary>s</summary>",
    "</details>",
    "<script>alert(1)</script>",
    "<SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"  JaVa\tScRiPt:alert(1)\">x</a>",
    "<a class=\"card-link\" href=\"https://evil.example/\">",
    "<span id=\"search\">",
    "<a name=\"prepbookSearch\">",
    "<span id=\"fuzz--x\">",
    "<input type=password>",
    "<form action=/x><button>go</button>",
    "<textarea>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=\"javascript:alert(1)\">",
    "<iframe src=//evil.example>",
    "<style>*{}</style>",
    "\u{F8F0}0\u{F8F1}",
    "<!-- <script> -->",
];

fn markup_line() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(0..FRAGMENTS.len(), 0..4),
        "[a-zA-Z ?:\\[\\]#*`<>\"'=/日é]{0,12}",
    )
        .prop_map(|(picks, tail)| {
            let mut line: String = picks.iter().map(|&i| FRAGMENTS[i]).collect();
            line.push_str(&tail);
            line
        })
}

fn settings(raw_html: bool) -> Settings {
    Settings {
        title: "Fuzz".into(),
        description: None,
        content: "content".into(),
        output: "output".into(),
        output_is_default: true,
        base_url: None,
        theme: None,
        raw_html,
        drafts: false,
        practice_timer: 120,
        structure: Vec::new(),
    }
}

/// The theme's ids, loaded once.
fn theme_ids() -> &'static HashSet<String> {
    static IDS: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(|| {
        super::theme::load(None, &[])
            .expect("the default theme loads")
            .ids
    });
    &IDS
}

/// Every HTML fragment of the page view of `text`, and the page's reserved ids.
fn render(text: &str, raw_html: bool) -> Vec<String> {
    let mut diagnostics = Vec::new();
    let text = crate::load::decode::decode(text.as_bytes(), &mut diagnostics);
    let source = crate::load::SourceFile {
        source: "fuzz.md".into(),
        text,
        plain_text: false,
        diagnostics,
    };
    let site = Site {
        title: "Fuzz".into(),
        documents: vec![Arc::new(crate::parse::parse(&source, "fuzz", None))],
    };
    let pages = HashMap::new();
    let highlighter = super::highlight::Highlighter::new();
    let (view, _) = DocumentView::new(
        &site,
        0,
        &site.documents[0],
        &settings(raw_html),
        &pages,
        theme_ids(),
        &highlighter,
        &std::collections::HashSet::new(),
    );
    let mut html = vec![view.intro_html];
    fn question(q: QuestionView, html: &mut Vec<String>) {
        html.extend([q.text_html, q.prompt_html]);
        for s in q.segments {
            html.extend(s.title);
            html.push(s.html);
        }
        for c in q.children {
            question(c, html);
        }
    }
    for s in view.sections {
        html.push(s.intro_html);
        for q in s.questions {
            question(q, &mut html);
        }
    }
    html
}

/// Whether a URL would run script when followed.
fn is_script_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

/// What no fragment of a page may hold when raw HTML is off.
fn assert_safe(fragment: &str) {
    let lower = fragment.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{fragment}");
    assert!(
        !fragment.contains(['\u{F8F0}', '\u{F8F1}']),
        "a token leaked: {fragment}"
    );
    let parsed = Html::parse_fragment(fragment);
    for element in parsed
        .root_element()
        .descendants()
        .filter_map(|n| n.value().as_element().map(|e| (n, e)))
    {
        let (_, e) = element;
        let name = e.name();
        assert!(
            !matches!(
                name,
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "form"
                    | "button"
                    | "select"
                    | "textarea"
                    | "style"
                    | "link"
                    | "meta"
                    | "base"
                    | "frame"
            ),
            "<{name}> survived: {fragment}"
        );
        if name == "input" {
            assert_eq!(e.attr("type"), Some("checkbox"), "{fragment}");
            assert!(e.attr("disabled").is_some(), "{fragment}");
        }
        for (attr, value) in e.attrs() {
            assert!(!attr.starts_with("on"), "{attr} survived: {fragment}");
            assert!(
                !is_script_url(value) || attr == "title" || attr == "alt",
                "{attr}={value} survived: {fragment}"
            );
        }
        for class in e.classes() {
            let prepbooks = [
                "placeholder",
                "table-wrap",
                "code",
                "hl-code",
                "math-error",
                "permalink",
            ]
            .contains(&class)
                || class.starts_with("language-")
                || class.starts_with("markdown-alert")
                || class.starts_with("footnote-")
                || ((class.starts_with("hl") || class.starts_with("hd"))
                    && class[2..].chars().all(|c| c.is_ascii_alphanumeric()));
            assert!(prepbooks, "class {class} is not prepbook's: {fragment}");
        }
        if let Some(id) = e.id() {
            assert!(
                !theme_ids().contains(id)
                    && !id.starts_with("search-")
                    && !id.starts_with("prepbook"),
                "id {id} survived: {fragment}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn random_markup_renders_safely(lines in proptest::collection::vec(markup_line(), 0..40)) {
        let text = lines.join("\n");
        for fragment in render(&text, false) {
            assert_safe(&fragment);
        }
        // With raw HTML allowed the page is the writer's own; it must still render.
        render(&text, true);
    }

    #[test]
    fn random_bytes_render(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        for fragment in render(&String::from_utf8_lossy(&bytes), false) {
            assert_safe(&fragment);
        }
    }
}

#[test]
fn the_fuzz_assertions_catch_what_they_look_for() {
    // The checks above would pass vacuously if they could not see these.
    for bad in [
        "<script>x</script>",
        "<img src=x onerror=y>",
        "<a href=\" java\tscript:x\">a</a>",
        "<a class=\"card-link\">a</a>",
        "<input type=password>",
        "<div id=\"search\"></div>",
    ] {
        assert!(
            std::panic::catch_unwind(|| assert_safe(bad)).is_err(),
            "{bad} passed"
        );
    }
    let page = render(
        "# T\n\n## 1. Q?\n\n<a class=\"card-link\" href=\"javascript:x\">a</a> <span id=\"search\">s</span>\n\n- [ ] box\n",
        false,
    )
    .concat();
    assert_safe(&page);
    assert!(
        page.contains("type=\"checkbox\"") && page.contains("<a"),
        "{page}"
    );
}
