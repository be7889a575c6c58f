//! One folder per way of writing notes: `tests/fixtures/shapes/<case>/` holds the notes (in our
//! own words) under `content/` and the facts the model must hold in `expect.json`, in the form
//! of `../shared/conformance/corpus.json` (`questions`, `answered`, `code_blocks`, `tables`,
//! `question_contains`, `not_question_contains`, `unanswered_contains`, plus `shape`, `kind`,
//! `choices_per_question`, `correct` and `placeholders`). A new shape is a new folder; this test reads them all.

use crate::conformance::misses;
use crate::support::{export, project};
use serde_json::Value;

#[test]
fn every_shape_fixture_holds_its_facts() {
    let root = project().join("tests/fixtures/shapes");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "the shape fixtures are there");
    let mut failed = Vec::new();
    for case in &cases {
        let want: Value =
            serde_json::from_str(&std::fs::read_to_string(case.join("expect.json")).unwrap())
                .unwrap();
        let (site, _) = export(&case.join("content"));
        let docs: Vec<&Value> = site["documents"].as_array().unwrap().iter().collect();
        let m = misses(&docs, &want);
        if !m.is_empty() {
            failed.push(format!(
                "{}: {m:?}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failed.is_empty(), "{failed:#?}");
}

/// The page marks the blanks `check` reports, and no others: both ask the same rule.
#[test]
fn the_page_marks_exactly_the_blanks_check_reports() {
    let case = project().join("tests/fixtures/shapes/blanks");
    let want: Value =
        serde_json::from_str(&std::fs::read_to_string(case.join("expect.json")).unwrap()).unwrap();
    let (_dir, site, run) = crate::support::build_in(&project(), &case.join("content"), &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(site.join("notes.html")).unwrap();
    let marks: Vec<&str> = html
        .split("<mark class=\"placeholder\">")
        .skip(1)
        .map(|rest| rest.split("</mark>").next().unwrap())
        .collect();
    let want: Vec<String> = want["placeholders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().replace('\'', "&#39;"))
        .collect();
    assert_eq!(marks, want);
}
