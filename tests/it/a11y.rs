//! Accessibility (issue 17): the built site meets WCAG 2.1 AA as axe-core checks it, and the
//! walk from search to a graded card works with the keyboard alone.
//!
//! The sample handbook has every page kind: home, documents with code and tables, a quiz, a
//! transcript, a page without questions, tag pages, the 404 and the practice page. It is built
//! in both built-in themes; tests/browser/a11y.mjs audits each in light and dark, with search
//! results open, a practice card's answer shown and practice mode on.

use crate::support::{browser_ready, build_ok, project};
use serde_json::json;

/// Pages of every kind in the sample handbook.
const PAGES: [&str; 10] = [
    "index.html",
    "system-design-checklist.html",
    "ml-theory.html",
    "backend-quiz.html",
    "mock-interview-transcript.html",
    "about.html",
    "tags/backend.html",
    "tags/mock.html",
    "404.html",
    "practice/index.html",
];

/// Whether axe-core is installed beside playwright-core. CI's `npm ci` installs it; a checkout
/// whose node_modules predate it skips the audit with a note saying what to run.
fn axe_ready() -> bool {
    let ready = project()
        .join("tests/browser/node_modules/axe-core")
        .is_dir();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but axe-core is missing from tests/browser/node_modules"
        );
        eprintln!("skipped: axe-core is missing (run `npm ci` in tests/browser)");
    }
    ready
}

#[test]
fn every_page_kind_passes_axe_in_both_themes_light_and_dark() {
    if !browser_ready() || !axe_ready() {
        return;
    }
    let content = project().join("content");
    let (default_guard, default_site) = build_ok(&content, &[]);
    let (_paper_guard, paper_site) = build_ok(&content, &["--theme", "paper"]);
    for page in PAGES {
        assert!(
            default_site.join(page).is_file(),
            "the sample has no {page}"
        );
    }
    let spec = json!({
        "sites": [
            {"theme": "default", "dir": default_site},
            {"theme": "paper", "dir": paper_site},
        ],
        "pages": PAGES,
        "search": "cache",
        "document": "system-design-checklist.html",
    });
    let spec_path = default_guard.path().join("a11y.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    crate::support::node("a11y.mjs", &[spec_path.as_os_str()]);
}

#[test]
fn search_to_a_graded_card_by_keyboard_alone() {
    if !browser_ready() {
        return;
    }
    let (guard, site) = build_ok(&project().join("content"), &[]);
    let spec_path = guard.path().join("keyboard.json");
    let spec = json!({"query": "url shortener", "title": "URL shortener"});
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    crate::support::node("keyboard.mjs", &[site.as_os_str(), spec_path.as_os_str()]);
}
