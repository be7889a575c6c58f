//! Every page laid out well (issue 12, item 6), in Chromium: the site-wide menu lists every
//! document and marks the current one; at 390 px the practice page's grade buttons never cover
//! the question or "Show answer"; a code block's Copy button never covers its first line; and a
//! document with no `#` heading keeps its first `##` (tests/browser/layout.mjs).

use crate::support::{browser_ready, build_ok, project};
use serde_json::json;

#[test]
fn menu_practice_bar_copy_button_and_first_h2_are_laid_out_well() {
    if !browser_ready() {
        return;
    }
    let (guard, site) = build_ok(&project().join("content"), &[]);
    // A note that starts with `## Intro` and has no `#` heading.
    let notes = guard.path().join("h2-notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(
        notes.join("notes.md"),
        "## Intro\n\nSome prose to open with.\n\n## Details\n\nMore prose.\n",
    )
    .unwrap();
    let (_h2_guard, h2_site) = build_ok(&notes, &[]);
    let spec = json!({
        "site": site,
        "documents": ["system-design-checklist.html", "about.html", "mock-interview-transcript.html"],
        "code": "concurrency-basics.html",
        "h2": {"site": h2_site, "page": "notes.html", "title": "Intro"},
    });
    let spec_path = guard.path().join("layout.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    crate::support::node("layout.mjs", &[spec_path.as_os_str()]);
}

/// Past 300 documents the menu on every page holds one link to the home listing instead of
/// every document, so that a big handbook's pages do not each carry thousands of links.
#[test]
fn a_big_handbook_menu_links_to_the_home_listing() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    for i in 0..301 {
        std::fs::write(
            notes.join(format!("doc-{i:03}.md")),
            format!("# Document {i}\n\nProse.\n"),
        )
        .unwrap();
    }
    let (_guard, site) = build_ok(&notes, &[]);
    let page = std::fs::read_to_string(site.join("doc-007.html")).unwrap();
    assert!(page.contains("class=\"site-nav\""), "no menu");
    assert!(
        !page.contains("site-nav-list"),
        "the menu lists 301 documents"
    );
    assert!(
        page.contains("<a href=\"index.html\">All 301 documents</a>"),
        "the menu does not link to the home listing"
    );
    // Up to the limit, every document is listed.
    std::fs::remove_file(notes.join("doc-300.md")).unwrap();
    let (_guard, site) = build_ok(&notes, &[]);
    let page = std::fs::read_to_string(site.join("doc-007.html")).unwrap();
    assert_eq!(page.matches("<li><a href=\"doc-").count(), 300);
    assert!(page.contains("<li><a href=\"doc-007.html\" aria-current=\"page\">Document 7</a></li>"));
}
