//! Practice mode: the scheduler's unit tests (Node, tests/browser/sm2.test.mjs), the deck, key
//! shards and card scripts the build writes (answers are not copied: the page has them), the config key, and the practice page, document pages in
//! practice mode and the home page's learned counts in Chromium (tests/browser/practice.mjs),
//! over HTTP under a sub-path and from file://.

use crate::support::{browser_ready, build_in, export, handbook, node_ready, prepbook, project};
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn build(content: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    crate::support::build_ok(content, extra)
}

/// The arguments of a `prepbookPractice.NAME(...)` script, as JSON.
fn script_args(path: &Path, name: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let inner = text
        .trim_end()
        .strip_prefix(&format!("prepbookPractice.{name}("))
        .and_then(|t| t.strip_suffix(");"))
        .unwrap_or_else(|| panic!("{} is no {name} script", path.display()));
    match serde_json::from_str(&format!("[{inner}]")) {
        Ok(Value::Array(args)) => args,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn page(out: &Path, name: &str) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")),
    )
}

/// The value of `attr` on every element `selector` matches on a page.
fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    html.select(&Selector::parse(selector).unwrap())
        .filter_map(|e| e.value().attr(attr).map(str::to_owned))
        .collect()
}

/// The deck script of a built site: its path (from the site root) and its data.
fn deck(out: &Path) -> (String, Value) {
    let scripts = attrs(&page(out, "practice/index.html"), "script[src]", "src");
    let path = scripts
        .iter()
        .find_map(|s| s.strip_prefix("../practice/deck."))
        .map(|rest| format!("practice/deck.{rest}"))
        .expect("the page loads a deck");
    let data = script_args(&out.join(&path), "deck").remove(0);
    (path, data)
}

/// The deck key of a question id, written out again from the rule (FNV-1a 64 over UTF-8, low
/// 48 bits, modulo 36⁸, 8 base-36 digits), independently of src/render/practice.rs.
fn key(id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut n = (h & 0xffff_ffff_ffff) % 36u64.pow(8);
    let mut digits = Vec::new();
    for _ in 0..8 {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap());
        n /= 36;
    }
    digits.iter().rev().collect()
}

/// The end of an id a card leaves out, written out again from the rule (tags dropped, then
/// ASCII letters and digits in lower case, apostrophes dropped, other runs one dash, at most 60
/// characters cut at a dash past the 30th), independently of practice-session.js.
fn slug_of_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            '\'' => {}
            c if !in_tag => text.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    let slug = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.len() <= 60 {
        return slug;
    }
    match slug[..60].rfind('-') {
        Some(i) if i > 30 => slug[..i].to_owned(),
        _ => slug[..60].to_owned(),
    }
}

/// Every question of an exported document, follow-ups after their question: (id, answered).
fn exported_questions(doc: &Value) -> Vec<(String, bool)> {
    fn walk(q: &Value, out: &mut Vec<(String, bool)>) {
        out.push((q["id"].as_str().unwrap().to_owned(), q["answered"] == true));
        for c in q["children"].as_array().unwrap() {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for s in doc["sections"].as_array().unwrap() {
        for q in s["questions"].as_array().unwrap() {
            walk(q, &mut out);
        }
    }
    out
}

#[test]
fn the_scheduler_keeps_the_known_sm2_intervals() {
    if !node_ready() {
        return;
    }
    crate::support::node("--test", &[std::ffi::OsStr::new("sm2.test.mjs")]);
}

/// The practice session's state machine (practice-session.js), without a browser.
#[test]
fn the_session_moves_through_its_states_in_node() {
    if !node_ready() {
        return;
    }
    crate::support::node("--test", &[std::ffi::OsStr::new("session.test.mjs")]);
}

#[test]
fn the_deck_holds_every_question_once_with_its_cards() {
    let content = project().join("content");
    let (_guard, out) = build(&content, &["--drafts"]);
    let (site, _) = export(&content);
    let (deck_path, deck) = deck(&out);
    assert!(
        deck_path.starts_with("practice/deck.") && deck_path.ends_with(".js"),
        "{deck_path}"
    );
    assert_eq!(deck["v"], 2);
    let docs = deck["docs"].as_array().unwrap();
    // The key shards: each names its number and holds the keys of its documents, by slug.
    let shards: Vec<Value> = deck["shards"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(n, path)| {
            let path = path.as_str().unwrap();
            assert!(path.starts_with(&format!("practice/keys/{n}.")), "{path}");
            let mut args = script_args(&out.join(path), "keys");
            assert_eq!(args[0], serde_json::json!(n), "{path}");
            args.remove(1)
        })
        .collect();
    let mut keys: HashMap<String, usize> = HashMap::new();
    for d in docs {
        let shard = &shards[d["shard"].as_u64().unwrap() as usize];
        let k = shard[d["slug"].as_str().unwrap()].as_str().unwrap();
        assert_eq!(k.len() % 8, 0);
        for i in (0..k.len()).step_by(8) {
            *keys.entry(k[i..i + 8].to_owned()).or_default() += 1;
        }
    }
    let mut total = 0;
    for doc in site["documents"].as_array().unwrap() {
        let questions = exported_questions(doc);
        let slug = doc["source"].as_str().unwrap();
        let Some(entry) = docs.iter().find(|d| {
            questions.first().is_some_and(|(id, _)| {
                id.starts_with(&format!("{}--", d["slug"].as_str().unwrap()))
            })
        }) else {
            assert!(
                questions.is_empty(),
                "{slug} has questions but no deck entry"
            );
            continue;
        };
        total += questions.len();
        for (id, _) in &questions {
            assert_eq!(keys.get(&key(id)), Some(&1), "{id} is in the deck once");
        }
        let counted: u64 = entry["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[1].as_u64().unwrap())
            .sum();
        assert_eq!(counted as usize, questions.len(), "{slug}: section counts");
        let unanswered: Vec<u64> = questions
            .iter()
            .enumerate()
            .filter(|(_, (_, answered))| !answered)
            .map(|(i, _)| i as u64)
            .collect();
        assert_eq!(
            entry["unanswered"],
            serde_json::json!(unanswered),
            "{slug}: unanswered cards"
        );
        // The card script exists and holds the same questions in the same order: each its id,
        // its text, and the rest of its question side when it has one; never its answer, which
        // the practice page takes from the document's page (by the question's id there).
        let cards_path = entry["cards"].as_str().unwrap();
        let args = script_args(&out.join(cards_path), "cards");
        assert_eq!(args[0], entry["slug"], "{cards_path}");
        let prefix = args[1].as_str().unwrap();
        assert_eq!(
            prefix,
            format!("{}--", args[0].as_str().unwrap()),
            "{cards_path}"
        );
        let cards = args[2].as_array().unwrap();
        let ids: Vec<String> = cards
            .iter()
            .map(|c| match c[0].as_str().unwrap() {
                "" => format!("{prefix}{}", slug_of_text(c[1].as_str().unwrap())),
                rest => format!("{prefix}{rest}"),
            })
            .collect();
        let expected: Vec<&String> = questions.iter().map(|(id, _)| id).collect();
        assert_eq!(
            ids.iter().collect::<Vec<_>>(),
            expected,
            "{cards_path}: the same questions, in order"
        );
        let doc_page = page(&out, entry["url"].as_str().unwrap());
        for (card, id) in cards.iter().zip(&ids) {
            let card = card.as_array().unwrap();
            assert!((2..=3).contains(&card.len()), "{id}: {card:?}");
            assert!(!card[1].as_str().unwrap().is_empty(), "{id}: no text");
            if let Some(more) = card.get(2) {
                assert!(
                    !more.as_str().unwrap().is_empty(),
                    "{id}: an empty rest is left out"
                );
            }
            for part in card.iter().skip(1) {
                let html = part.as_str().unwrap();
                assert!(
                    !html.contains("class=\"answer") && !html.contains("class=\"segment"),
                    "{id}: the card copies its answer: {html}"
                );
            }
            assert_eq!(
                attrs(&doc_page, ".question, .turn", "id")
                    .iter()
                    .filter(|i| *i == id)
                    .count(),
                1,
                "{id}: the page holds the question the card takes its answer from"
            );
        }
    }
    assert_eq!(
        keys.values().sum::<usize>(),
        total,
        "no card beyond the export"
    );
    assert!(total > 60, "{total}");

    // The page: the deck, the timer, the ids the tests and readers rely on.
    let practice = page(&out, "practice/index.html");
    assert_eq!(attrs(&practice, "#practice", "data-timer"), ["120"]);
    for id in [
        "select#practice-doc",
        "select#practice-section",
        "select#practice-tag",
        "#practice-card",
        "button#reveal",
        "#practice-answer",
        "#practice-progress[aria-live]",
        "#practice-timer",
        "button#practice-export",
        "input#practice-import[type=file]",
    ] {
        assert_eq!(
            attrs(&practice, id, "id").len(),
            1,
            "practice page lacks {id}"
        );
    }
    assert_eq!(
        attrs(&practice, "button[data-grade]", "data-grade"),
        ["again", "hard", "good", "easy"]
    );
    assert_eq!(
        attrs(&practice, "html", "data-site-key"),
        ["interview-handbook"]
    );
    let home = page(&out, "index.html");
    assert!(attrs(&home, "main a", "href").contains(&"practice/index.html".to_owned()));
    assert!(attrs(&home, "header a", "href").contains(&"practice/index.html".to_owned()));
    assert_eq!(
        attrs(&home, ".card-learned", "data-doc").len(),
        docs.len(),
        "a learned count on every document with questions"
    );
    let doc = page(&out, "career-answers.html");
    assert!(attrs(&doc, "a", "href").contains(&"practice/index.html?doc=career-answers".to_owned()));
    assert_eq!(
        attrs(&doc, "button#practice-toggle", "aria-pressed"),
        ["false"]
    );
    let about = page(&out, "about.html");
    assert!(
        attrs(&about, "#practice-toggle", "id").is_empty(),
        "a page without questions has nothing to practise"
    );
}

#[test]
fn card_and_deck_names_follow_their_content() {
    let dir = handbook(&[
        (
            "a.md",
            b"## 1. What is a queue?\n\nA line of work.\n".as_slice(),
        ),
        (
            "b.md",
            b"## 1. What is a stack?\n\nLast in, first out.\n".as_slice(),
        ),
    ]);
    let content = dir.path().join("content");
    let names = |out: &Path| {
        let (path, deck) = deck(out);
        let cards: Vec<String> = deck["docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["cards"].as_str().unwrap().to_owned())
            .collect();
        for c in &cards {
            assert!(out.join(c).is_file(), "{c} is missing");
        }
        (path, cards)
    };
    let (_g1, first) = build(&content, &[]);
    let (_g2, again) = build(&content, &[]);
    assert_eq!(
        names(&first),
        names(&again),
        "the same content, the same names"
    );
    // A new answer is on the page only: the cards and the deck hold no answer.
    std::fs::write(
        content.join("a.md"),
        "## 1. What is a queue?\n\nA line of work, first in, first out.\n",
    )
    .unwrap();
    let (_g3, answered) = build(&content, &[]);
    assert_eq!(
        names(&first),
        names(&answered),
        "a new answer, the same deck"
    );
    std::fs::write(
        content.join("a.md"),
        "## 1. What is a queue, really?\n\nA line of work.\n",
    )
    .unwrap();
    let (_g4, edited) = build(&content, &[]);
    let (deck_before, cards_before) = names(&first);
    let (deck_after, cards_after) = names(&edited);
    assert_ne!(deck_before, deck_after, "a new question, a new deck");
    assert_ne!(cards_before[0], cards_after[0], "a.md's cards changed");
    assert_eq!(cards_before[1], cards_after[1], "b.md's cards did not");
}

#[test]
fn the_practice_config_sets_the_timer_and_is_checked() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let content = dir.path().join("content");
    std::fs::write(
        dir.path().join("prepbook.yaml"),
        "base_url: https://me.github.io/prep\npractice:\n  timer: 90\n",
    )
    .unwrap();
    let (_g, out, run) = build_in(dir.path(), &content, &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        attrs(
            &page(&out, "practice/index.html"),
            "#practice",
            "data-timer"
        ),
        ["90"]
    );
    for name in ["index.html", "a.html", "practice/index.html", "404.html"] {
        assert_eq!(
            attrs(&page(&out, name), "html", "data-site-key"),
            ["/prep/"],
            "{name}: progress is kept per project site"
        );
    }

    std::fs::write(dir.path().join("prepbook.yaml"), "practice:\n  timr: 90\n").unwrap();
    let (_g, _, run) = build_in(dir.path(), &content, &[]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "a typo in the config is an error"
    );
    // The typo is not quoted (the config could be a secret), but the key meant is named.
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("did you mean `timer`?"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::write(dir.path().join("prepbook.yaml"), "practice:\n  timer: -5\n").unwrap();
    let (_g, _, run) = build_in(dir.path(), &content, &[]);
    assert_eq!(run.status.code(), Some(2), "a negative timer is an error");
}

fn browser_check(content: &Path, spec: Value) {
    let (guard, out) = build(content, &[]);
    let spec_path = guard.path().join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    crate::support::node("practice.mjs", &[out.as_os_str(), spec_path.as_os_str()]);
}

#[test]
fn practice_works_in_a_real_browser() {
    if !browser_ready() {
        return;
    }
    let content = project().join("content");
    // The build leaves drafts out, so the count comes from an export without them.
    let run = prepbook(
        &project(),
        &[
            "export",
            "--format",
            "json",
            "--content",
            content.to_str().unwrap(),
        ],
    );
    let site: Value = serde_json::from_slice(&run.stdout).unwrap();
    let questions: usize = site["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| exported_questions(d).len())
        .sum();
    browser_check(
        &content,
        serde_json::json!({"questions": questions, "timer": 120}),
    );
}

#[test]
fn card_html_never_runs_script() {
    if !browser_ready() {
        return;
    }
    let dir = handbook(&[(
        "x.md",
        b"---\ntags: [\"<b>bold</b>\"]\n---\n## 1. What does `<img src=x onerror=\"window.pwned=1\">` do on a card?\n\n<img src=\"x\" onerror=\"window.pwned=1\"> <script>window.pwned=1</script> Nothing: it is text.\n\n## 2. And a [link](javascript:window.pwned=1)?\n\n<iframe src=\"https://evil.example\"></iframe>Dropped.\n".as_slice(),
    )]);
    browser_check(
        &dir.path().join("content"),
        serde_json::json!({"questions": 2, "timer": 120, "hostile": true}),
    );
}

/// A card's answer comes from its page with the page's images and links working: rebased to
/// the document's folder over HTTP, and as they are in the frame from file://.
#[test]
fn answers_keep_their_images_and_links() {
    if !browser_ready() {
        return;
    }
    // A 1×1 PNG.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
        0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
        0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    let dir = handbook(&[
        (
            "a.md",
            b"## 1. What does the diagram show?\n\n![arch](img/arch.png)\n\n<picture><source srcset=\"img/arch.png 1x\"><img src=\"img/arch.png\" alt=\"the same\"></picture>\n\nSee [the other](b.md).\n".as_slice(),
        ),
        ("b.md", b"## 1. And the other?\n\nYes.\n".as_slice()),
        ("img/arch.png", PNG),
    ]);
    browser_check(
        &dir.path().join("content"),
        serde_json::json!({"questions": 2, "timer": 120, "media": "a"}),
    );
}
