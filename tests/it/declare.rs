//! The writer declares the structure when inference reads it wrong: `questions:` and
//! `sections:` in front matter, or `structure:` rules in `prepbook.yaml`.

use crate::support::{document, export, handbook, prepbook, questions};

fn texts(doc: &serde_json::Value) -> Vec<String> {
    questions(doc)
        .iter()
        .map(|q| q["text"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn front_matter_declares_where_questions_start() {
    let dir = handbook(&[
        (
            "topics.md",
            b"---\nquestions: h3\n---\n# Storage\n\n## Basics\n\n### Caching\n\nKeep hot reads close.\n\n### Sharding\n\nSplit by key.\n\n#### Hot keys\n\nSalt them.\n".as_slice(),
        ),
        (
            "tasks.md",
            b"---\nquestions: ordered-list\n---\n# Tasks\n\n- a bullet that is not a task\n\n1. Reverse a linked list.\n   Walk it once, flipping pointers.\n2. Balance a tree.\n".as_slice(),
        ),
        (
            "sheet.md",
            b"---\nquestions: /^Q\\d+\\. (.*)$/\n---\n# Sheet\n\nQ1. Name two isolation levels\n\nRead committed, serializable.\n\nQ2. Define a phantom read\n".as_slice(),
        ),
        (
            "undeclared.md",
            b"# Storage\n\n## Basics\n\n### Caching\n\nKeep hot reads close.\n\n### Sharding\n\nSplit by key.\n".as_slice(),
        ),
    ]);
    let (site, code) = export(&dir.path().join("content"));
    assert_eq!(code, 0);
    let topics = document(&site, "topics.md");
    assert_eq!(texts(topics), ["Caching", "Sharding"]);
    assert_eq!(topics["sections"][0]["title"], "Basics");
    assert_eq!(questions(topics)[1]["parts"][0]["title"], "Hot keys");
    let tasks = document(&site, "tasks.md");
    assert_eq!(texts(tasks), ["Reverse a linked list.", "Balance a tree."]);
    assert_eq!(questions(tasks)[0]["answered"], true);
    assert_eq!(questions(tasks)[1]["answered"], false);
    let sheet = document(&site, "sheet.md");
    assert_eq!(sheet["shape"], "pattern");
    assert_eq!(
        texts(sheet),
        ["Name two isolation levels", "Define a phantom read"]
    );
    // Without the declaration, headings that ask nothing are a page's sections.
    assert_eq!(document(&site, "undeclared.md")["kind"], "page");
}

#[test]
fn an_unknown_declaration_is_an_error_that_lists_what_is_accepted() {
    let dir = handbook(&[(
        "notes.md",
        b"---\nquestions: h9\nsections: chapter\n---\n# Notes\n".as_slice(),
    )]);
    let out = prepbook(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("notes.md:2:"), "{text}");
    assert!(
        text.contains(
            "h1 to h6, ordered-list, bullet-list, bold-lead, details, callout, table, speaker"
        ),
        "{text}"
    );
    assert!(
        text.contains("notes.md:3:") && text.contains("`sections` must be"),
        "{text}"
    );
    assert!(!text.contains("h9"), "the value is not echoed: {text}");
}

#[test]
fn the_config_declares_structure_per_glob() {
    let dir = handbook(&[
        (
            "design/feed.md",
            b"# Feed\n\n## Requirements\n\nA ranked feed.\n\n## Storage\n\nWide rows.\n".as_slice(),
        ),
        (
            "notes/feed.md",
            b"# Feed\n\n## Requirements\n\nA ranked feed.\n\n## Storage\n\nWide rows.\n".as_slice(),
        ),
    ]);
    std::fs::write(
        dir.path().join("prepbook.yaml"),
        "structure:\n  - files: \"design/*.md\"\n    questions: h2\n",
    )
    .unwrap();
    let out = prepbook(dir.path(), &["export", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        texts(document(&site, "design/feed.md")),
        ["Requirements", "Storage"]
    );
    assert_eq!(document(&site, "notes/feed.md")["kind"], "page");

    std::fs::write(
        dir.path().join("prepbook.yaml"),
        "structure:\n  - files: \"design/*.md\"\n    questions: headings\n",
    )
    .unwrap();
    let out = prepbook(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        // At the value's own line and column (it was 1:1, "structure rule 1").
        err.contains("prepbook.yaml:3:16: `structure[0].questions`") && err.contains("h1 to h6"),
        "{err}"
    );
}

#[test]
fn check_says_when_a_page_has_lines_that_look_like_questions_or_a_reading_is_thin() {
    let dir = handbook(&[
        (
            "reading-list.md",
            b"# Reading list\n\n- Designing data systems, chapter 3\n- Why do B-trees stay shallow?\n- The log as a database\n- How do LSM trees compact?\n- Papers on consensus\n- What makes Raft simpler than Paxos?\n- Release notes of a database\n- Blog posts on indexing\n".as_slice(),
        ),
        (
            "one-question.md",
            b"# Notes\n\n## Setup\n\nInstall the tools.\n\n## Why use containers?\n\nSame image everywhere.\n\n## Links\n\nSee the docs.\n".as_slice(),
        ),
    ]);
    let out = prepbook(dir.path(), &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("reading-list.md:4:1: warning: this document reads as a page, yet 3 lines look like questions, e.g. line 4; add `questions: bullet-list`"),
        "{text}"
    );
    assert!(text.contains("[page-with-questions]"), "{text}");
    assert!(
        text.contains("one-question.md:1:1: note: read as categories on thin evidence")
            && text.contains("[low-confidence]"),
        "{text}"
    );
}

#[test]
fn explain_shows_the_candidates_the_winner_and_why() {
    let fixtures = crate::support::project().join("tests/fixtures/shapes/exercise/content");
    let out = prepbook(&fixtures, &["explain", "--content", ".", "design-feed.md"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "design-feed.md: read as exercise (1 questions, 1 answered)"
    );
    assert!(
        lines[1].contains("why: one title that asks, or sets a task"),
        "{text}"
    );
    // Every candidate is scored, and the winner's score is the highest.
    assert!(
        text.contains("one titled exercise            6   18.00   5 headed steps"),
        "{text}"
    );
    assert!(
        text.contains("numbered h2                    4    6.00"),
        "{text}"
    );
    assert!(text.contains("line 1      Design a news feed"), "{text}");
    let out = prepbook(&fixtures, &["explain", "--content", ".", "/etc/hostname"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not in the content folder"));
}
