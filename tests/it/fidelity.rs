//! Issue 12: everything a note holds shows on the site, as GitHub shows it: files beside the
//! notes, math, alerts, tags in prose, heading anchors and search over prose.

use crate::support::{build_ok, handbook, prepbook};
use std::path::Path;

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

fn check_text(dir: &Path) -> String {
    let out = prepbook(dir, &["check"]);
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// A PNG's first bytes: enough for the test, not a valid image.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really";

#[test]
fn files_beside_the_notes_are_published_and_linked_relatively() {
    let dir = handbook(&[
        (
            "design/notes.md",
            b"# Design\n\n![architecture](img/arch%20v2.png)\n\nSee [the paper](../papers/raft.pdf) and [data](img/data.csv?raw=true).\n\n<p align=\"center\"><img src=\"img/arch v2.png\" width=\"300\"> <a href=\"../papers/raft.pdf\">raft</a> <a href=\"https://example.com/x.png\">off</a></p>\n"
                .as_slice(),
        ),
        ("design/img/arch v2.png", PNG),
        ("design/img/data.csv", b"a,b\n1,2\n"),
        ("papers/raft.pdf", b"%PDF-1.4 fake"),
        (".hidden/secret.png", b"no"),
        ("index.html", b"<p>mine</p>"),
    ]);
    let (_guard, out) = build_ok(
        &dir.path().join("content"),
        &["--base-url", "https://me.github.io/prep/"],
    );
    assert_eq!(
        std::fs::read(out.join("design/img/arch v2.png")).unwrap(),
        PNG
    );
    assert!(out.join("papers/raft.pdf").is_file());
    assert!(out.join("design/img/data.csv").is_file());
    assert!(
        !out.join(".hidden").exists(),
        "hidden folders are never published"
    );
    // The site's own home page wins over a file of the same name.
    assert!(!read(&out, "index.html").contains("<p>mine</p>"));
    let page = read(&out, "design-notes.html");
    // Relative to the page (at the top of the site): works under a sub-path and from file://.
    assert!(page.contains("src=\"design/img/arch%20v2.png\""), "{page}");
    assert!(page.contains("href=\"papers/raft.pdf\""), "{page}");
    assert!(page.contains("href=\"design/img/data.csv\""), "{page}");
    // So are the same files named in the document's own HTML; other URLs stay as written.
    assert!(
        page.contains("<img src=\"design/img/arch%20v2.png\" width=\"300\">"),
        "{page}"
    );
    assert!(page.contains("<a href=\"papers/raft.pdf\""), "{page}");
    assert!(
        page.contains("<a href=\"https://example.com/x.png\""),
        "{page}"
    );
}

#[test]
fn check_reports_links_and_images_to_missing_or_outside_files_and_large_files() {
    let dir = handbook(&[
        (
            "notes.md",
            b"# Notes\n\n![gone](img/missing.png)\n\n[out](../../etc/passwd.png)\n\n![here](ok.png)\n"
                .as_slice(),
        ),
        ("ok.png", PNG),
    ]);
    let big = std::fs::File::create(dir.path().join("content/video.mp4")).unwrap();
    big.set_len(11 * 1024 * 1024).unwrap();
    let said = check_text(dir.path());
    let broken: Vec<&str> = said.lines().filter(|l| l.contains("broken-link")).collect();
    assert_eq!(broken.len(), 2, "{said}");
    // (A page's intro is placed from its start; its exact line is the parser's to give.)
    assert!(broken[0].contains("notes.md:"), "{said}");
    assert!(broken[0].contains("img/missing.png"), "{said}");
    assert!(broken[1].contains("notes.md:"), "{said}");
    assert!(broken[1].contains("out of the content folder"), "{said}");
    assert!(
        said.lines()
            .any(|l| l.contains("video.mp4:") && l.contains("large-file")),
        "{said}"
    );
    assert!(!said.contains("ok.png"), "{said}");
}

#[test]
fn an_unchanged_file_is_hard_linked_from_the_previous_site() {
    use std::os::unix::fs::MetadataExt;
    let dir = handbook(&[("a.md", b"# A\n\n![x](x.png)\n".as_slice()), ("x.png", PNG)]);
    let content = dir.path().join("content");
    let site = dir.path().join("site");
    let build = |args: &[&str]| {
        let mut all = vec![
            "build",
            "--content",
            content.to_str().unwrap(),
            "--output",
            site.to_str().unwrap(),
        ];
        all.extend_from_slice(args);
        let run = prepbook(dir.path(), &all);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    };
    build(&[]);
    let first = std::fs::metadata(site.join("x.png")).unwrap().ino();
    build(&[]);
    let second = std::fs::metadata(site.join("x.png")).unwrap();
    assert_eq!(
        first,
        second.ino(),
        "an unchanged file is linked, not written again"
    );
}

#[test]
fn serve_serves_files_beside_the_notes_and_follows_their_changes() {
    use std::io::{Read, Write};
    let dir = handbook(&[
        ("a.md", b"# A\n\n![x](img/x.png)\n".as_slice()),
        ("img/x.png", PNG),
    ]);
    let server = crate::support::start_serve(dir.path(), &["serve", "--port", "0"], |c| c);
    let url = server.url.clone();
    let rest = url.trim_start_matches("http://");
    let (host, base) = rest.split_once('/').unwrap_or((rest, ""));
    let get = |path: &str| -> Vec<u8> {
        let mut stream = std::net::TcpStream::connect(host).unwrap();
        write!(
            stream,
            "GET /{base}{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        raw
    };
    let served = get("img/x.png");
    let result = std::panic::catch_unwind(|| {
        assert!(
            served.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&served)
        );
        assert!(served.ends_with(PNG));
        std::fs::write(dir.path().join("content/img/x.png"), b"changed").unwrap();
        let start = std::time::Instant::now();
        while !get("img/x.png").ends_with(b"changed") {
            assert!(
                start.elapsed().as_secs() < 10,
                "the changed file was not served"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    });
    drop(server);
    result.unwrap();
}

/// Every file under `dir`, as text, joined.
fn all_text(dir: &Path) -> String {
    let mut out = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push_str(&all_text(&path));
        } else {
            out.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    out
}

const ML: &[u8] = b"# ML\n\n## 1. What is softmax?\n\n$\\sigma(z)_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}$\n\n```math\n\\mathbb{E}[X] = \\sum_x x\\,p(x)\n```\n\nBad: $\\frac{a}$ and a price of $5 or $10.\n";

#[test]
fn math_is_mathml_at_build_time_and_a_broken_formula_is_code_with_a_warning() {
    let dir = handbook(&[("ml.md", ML)]);
    let (_guard, out) = build_ok(&dir.path().join("content"), &[]);
    let page = read(&out, "ml.html");
    assert_eq!(page.matches("<math").count(), 2, "{page}");
    assert!(page.contains("<mfrac>"), "{page}");
    assert!(page.contains("<math display=\"block\">"), "{page}");
    assert!(
        page.contains("<code class=\"math-error\">\\frac{a}</code>"),
        "{page}"
    );
    assert!(page.contains("a price of $5 or $10."), "{page}");
    // No script is needed for math: Chromium lays the MathML out.
    assert!(!page.to_lowercase().contains("katex") && !page.contains("mathjax"));
    if crate::support::browser_ready() {
        crate::support::node("math.mjs", &[out.as_os_str()]);
    }
    let said = check_text(dir.path());
    let bad: Vec<&str> = said.lines().filter(|l| l.contains("[bad-math]")).collect();
    assert_eq!(bad.len(), 1, "{said}");
    assert!(bad[0].contains("ml.md:11:"), "{said}");
    // Search finds the formula by its source.
    let index = all_text(&out.join("search"));
    assert!(index.contains("sigma"), "the formula's source is indexed");
}

#[test]
fn alerts_show_as_github_shows_them_in_pages_and_answers() {
    let dir = handbook(&[
        (
            "page.md",
            b"# About\n\n> [!NOTE]\n> Useful information.\n\n> [!WARNING]\n> Urgent info.\n".as_slice(),
        ),
        (
            "qa.md",
            b"# QA\n\n## 1. What is a heap?\n\nA tree.\n\n> [!TIP]\n> Draw it.\n\n> [!question] Is a heap sorted?\n> No.\n",
        ),
    ]);
    let (_guard, out) = build_ok(&dir.path().join("content"), &[]);
    let page = read(&out, "page.html");
    assert!(
        page.contains("markdown-alert markdown-alert-note"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"markdown-alert-title\">Warning</p>"),
        "{page}"
    );
    assert!(!page.contains("[!NOTE]"), "{page}");
    let qa = read(&out, "qa.html");
    assert!(qa.contains("markdown-alert-tip"), "{qa}");
    // A callout that asks is still a question (the parser's concern), not an alert.
    assert!(qa.contains("Is a heap sorted?"), "{qa}");
    assert!(!qa.contains("markdown-alert-question"), "{qa}");
    let css: String = std::fs::read_dir(out.join("assets"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap_or_default())
        .collect();
    assert!(css.contains(".markdown-alert-caution"), "alerts are styled");
}

const TAGS_IN_PROSE: &[u8] = b"# Java and C++\n\n## 1. What does `List<String>` hold?\n\nA List<String> holds strings; Map<K, V> maps; a generic <T> is a type.\n\nIn C++, #include <iostream> reads the header.\n\n<script>alert(1)</script>\n\n<img src=\"x.png\" width=\"40\" onerror=\"alert(2)\"> <kbd>Ctrl</kbd> H<sub>2</sub>O x<sup>2</sup>\n\n<details><summary>More</summary>\n\n<p align=\"center\">centred</p>\n\n</details>\n";

#[test]
fn tags_in_prose_are_shown_and_what_is_removed_is_noted() {
    let dir = handbook(&[("java.md", TAGS_IN_PROSE), ("x.png", PNG)]);
    let (_guard, out) = build_ok(&dir.path().join("content"), &[]);
    let page = read(&out, "java.html");
    for shown in [
        "A List&lt;String&gt; holds strings",
        "a generic &lt;T&gt; is a type",
        "#include &lt;iostream&gt; reads",
    ] {
        assert!(page.contains(shown), "{shown} is missing: {page}");
    }
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("onerror"), "{page}");
    for kept in [
        "<kbd>Ctrl</kbd>",
        "<sub>2</sub>",
        "<sup>2</sup>",
        "width=\"40\"",
        "<summary>More</summary>",
        "align=\"center\"",
    ] {
        assert!(page.contains(kept), "{kept} was not kept: {page}");
    }
    // The Anki cards show the same text.
    let anki = prepbook(
        dir.path(),
        &["export", "--format", "anki", "--content", "content"],
    );
    let cards = String::from_utf8_lossy(&anki.stdout);
    assert!(cards.contains("List&lt;String&gt; holds"), "{cards}");
    assert!(cards.contains("&lt;iostream&gt;"), "{cards}");
    // check says what was removed, where.
    let said = check_text(dir.path());
    let removed: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("[removed-html]"))
        .collect();
    assert_eq!(removed.len(), 2, "{said}");
    assert!(
        removed[0].contains("java.md:9:") && removed[0].contains("<script>"),
        "{said}"
    );
    assert!(
        removed[1].contains("java.md:11:") && removed[1].contains("onerror"),
        "{said}"
    );
}

#[test]
fn headings_of_every_document_kind_get_githubs_anchors() {
    let dir = handbook(&[
        (
            "about.md",
            b"# About\n\n## Table of contents\n\n- [Setup & install](#setup--install)\n- [FAQ](#faq)\n- [FAQ again](#faq-1)\n\n## Setup & install\n\nText.\n\n## FAQ\n\nOne.\n\n## FAQ\n\nTwo.\n\n### `Option<T>` in Rust\n"
                .as_slice(),
        ),
        (
            "qa.md",
            b"# QA\n\n## 1. What is a heap?\n\nA tree.\n\n### Complexity of push\n\nO(log n).\n",
        ),
    ]);
    let (_guard, out) = build_ok(&dir.path().join("content"), &[]);
    let page = read(&out, "about.html");
    for id in [
        "table-of-contents",
        "setup--install",
        "faq",
        "faq-1",
        "optiont-in-rust",
    ] {
        assert!(
            page.contains(&format!(" id=\"{id}\"")),
            "no heading has id {id}: {page}"
        );
    }
    assert!(page.contains("href=\"#setup--install\""), "{page}");
    let qa = read(&out, "qa.html");
    assert!(qa.contains(" id=\"complexity-of-push\""), "{qa}");
    // check knows them: the table of contents has no broken link.
    let said = check_text(dir.path());
    assert!(!said.contains("broken-link"), "{said}");
}

/// Build `content` and run the browser's search spec over it, where a browser is ready.
fn search_spec(content: &Path, spec: serde_json::Value) {
    if crate::support::browser_ready() {
        crate::search::check(content, spec);
    }
}

#[test]
fn search_finds_prose_below_questions_and_an_empty_index_answers_no_results() {
    let dir = handbook(&[
        (
            "about.md",
            b"# About this handbook\n\nWritten for the Zanzibar onsite.\n\n## Conventions\n\nEvery answer names its trade-offs; quorum reads are discussed in the QA.\n".as_slice(),
        ),
        (
            "qa.md",
            b"# QA\n\n## Storage\n\nThis section covers replication and quorum.\n\n### 1. What is a quorum read?\n\nA read from a majority.\n",
        ),
    ]);
    search_spec(
        &dir.path().join("content"),
        serde_json::json!({"queries": [
            {"q": "zanzibar", "first": "About this handbook"},
            {"q": "trade-offs", "first": "Conventions"},
            // The question comes before the prose that mentions the same word.
            {"q": "quorum", "first": "What is a quorum read?"},
            {"q": "zzqxv", "none": true}
        ]}),
    );
    // A handbook without a single question: the search box answers from the prose, and
    // says "No results" for the rest (it failed with "Search is unavailable").
    let empty = handbook(&[(
        "about.md",
        b"# About\n\nNothing here yet but a zebra.\n".as_slice(),
    )]);
    search_spec(
        &empty.path().join("content"),
        serde_json::json!({"queries": [
            {"q": "zebra", "first": "About"},
            {"q": "anything", "none": true}
        ]}),
    );
}

#[test]
fn diagrams_are_drawn_from_the_sites_own_script_only_where_there_is_one() {
    let dir = handbook(&[
        (
            "arch.md",
            b"# Architecture\n\nHow a request flows:\n\n```mermaid\ngraph TD\n  A[Client] --> B[Load balancer]\n  B --> C[\"App <b>server</b><img src=x onerror=window.pwned=1>\"]\n```\n".as_slice(),
        ),
        ("plain.md", b"# Plain\n\nNo diagram here.\n".as_slice()),
    ]);
    let (_guard, out) = build_ok(&dir.path().join("content"), &[]);
    let page = read(&out, "arch.html");
    // The source, escaped, where the drawing goes: what a reader without JavaScript sees.
    assert!(
        page.contains("<pre class=\"mermaid\">graph TD\n  A[Client] --&gt; B[Load balancer]"),
        "{page}"
    );
    assert!(
        page.contains("App &lt;b&gt;server&lt;&#x2F;b&gt;")
            || page.contains("App &lt;b&gt;server&lt;/b&gt;")
    );
    let assets: Vec<String> = std::fs::read_dir(out.join("assets"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        assets.iter().any(|a| a.starts_with("mermaid.min.")),
        "{assets:?}"
    );
    if crate::support::browser_ready() {
        crate::support::node("diagram.mjs", &[out.as_os_str()]);
    }
}
