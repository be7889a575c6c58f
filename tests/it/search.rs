//! Search in a real browser (Chromium via tests/browser/search.mjs), over HTTP under a
//! sub-path and from file://, on the seeds, the sample handbook and hostile input; and the
//! search core (tokenizer, stemmer, ranker) in Node, without a browser.

use crate::support::{browser_ready, build_in, handbook, node_ready, project, shared};
use std::path::Path;

/// The search core (search.js) over a small index written in the test (search.test.mjs).
#[test]
fn the_core_tokenizes_and_ranks_in_node() {
    if !node_ready() {
        return;
    }
    crate::support::node("--test", &[std::ffi::OsStr::new("search.test.mjs")]);
}

/// Build `content` and run the browser's search spec over it (tests/browser/search.mjs).
pub(crate) fn check(content: &Path, spec: serde_json::Value) {
    let (dir, out, run) = build_in(&project(), content, &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let spec_path = dir.path().join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    crate::support::node("search.mjs", &[out.as_os_str(), spec_path.as_os_str()]);
}

#[test]
fn known_questions_come_first_on_the_seeds() {
    let Some(shared) = shared() else { return };
    if !browser_ready() {
        return;
    }
    check(
        &shared.join("seeds"),
        serde_json::json!({
            "tokens": project().join("tests/fixtures/tokens.json"),
            "queries": [
                {"q": "Kafka vs RabbitMQ", "first": "Kafka vs RabbitMQ"},
                {"q": "kafk", "first": "Kafka"},
                {"q": "rabbitqm", "first": "RabbitMQ"},
                {"q": "Exotel", "first": "Exotel"},
                {"q": "dual authorization", "first": "dual authorization"},
                {"q": "dual authorization", "first": "dual authorization", "state": "unanswered"},
                {"q": "stay current with technology trends", "first": "stay current with technology trends"},
                {"q": "zzqxv", "none": true}
            ]
        }),
    );
}

#[test]
fn the_sample_searches_in_every_language_it_holds() {
    if !browser_ready() {
        return;
    }
    check(
        &project().join("content"),
        serde_json::json!({
            "queries": [
                {"q": "url shortener", "first": "URL shortener"},
                {"q": "virtual DOM", "first": "virtual DOM"},
                {"q": "缓存穿透", "first": "缓存穿透"},
                {"q": "idempotenc", "first": "job queue"},
                {"q": "regularisation", "first": "regularisation"},
                {"q": "cache", "state": "unanswered"},
                // A word that is also a property of every JS object finds nothing, and no error.
                {"q": "constructor ", "none": true}
            ]
        }),
    );
}

#[test]
fn index_text_never_becomes_markup() {
    if !browser_ready() {
        return;
    }
    let dir = handbook(&[(
        "x.md",
        b"## 1. What does `<img src=x onerror=\"window.pwned=1\">` do in a result?\n\nNothing: results are text.\n\n## 2. Second harmless question?\n\nYes.\n".as_slice(),
    )]);
    check(
        &dir.path().join("content"),
        serde_json::json!({
            "queries": [{"q": "harmless", "first": "Second harmless"}],
            "hostile": "onerror"
        }),
    );
}

#[test]
fn a_typo_in_the_first_letters_finds_the_word_in_another_shard() {
    if !browser_ready() {
        return;
    }
    // Thousands of made-up words between "akfka" and "kafka" put them in different shards.
    let mut text =
        String::from("## 1. How does Kafka keep messages in order?\n\nPer partition.\n\n");
    for q in 0..120 {
        let words: Vec<String> = (0..40)
            .map(|w| format!("{}{:05}", char::from(b'b' + (w % 9) as u8), q * 40 + w))
            .collect();
        text.push_str(&format!(
            "## {}. Filler {}?\n\nYes.\n\n",
            q + 2,
            words.join(" ")
        ));
    }
    let dir = handbook(&[("x.md", text.as_bytes())]);
    check(
        &dir.path().join("content"),
        serde_json::json!({
            "queries": [
                {"q": "akfka ", "first": "Kafka"},
                {"q": "kafak ", "first": "Kafka"}
            ],
            "min_shards": 3
        }),
    );
}
