//! The command line: check's output format and exit codes, export's error handling, bad input.

use crate::support::{export, handbook, prepbook, questions};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn check_prints_compiler_style_lines_and_a_summary() {
    let dir = handbook(&[(
        "notes.md",
        b"# Notes\n\n## 1. What is a queue?\n\nA FIFO buffer.\n\n## 2. What is a stack?\n\n## 3. Where did you work?\n\nAt [company name] for years.\n",
    )]);
    let out = prepbook(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "warnings alone exit 0");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.contains(&"content/notes.md:7:1: warning: no answer yet: \"What is a stack?\". Write the answer below the question. [unanswered]"),
        "{text}"
    );
    assert!(
        lines.contains(&"content/notes.md:11:4: warning: blank to fill: [company name]. Replace it with your own words. [placeholder]"),
        "{text}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("checked 1 documents, 3 questions (1 unanswered): 0 errors, 2 warnings"),
        "{text}"
    );

    let strict = prepbook(dir.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings");
}

#[test]
fn every_broken_document_is_reported_in_one_run() {
    let dir = handbook(&[
        ("a.md", b"---\ntitle: [unclosed\n---\n## 1. Q?\n\nA.\n"),
        ("b.md", b"---\nshape: limerick\n---\nbody\n"),
        ("c.md", b"## 1. Fine?\n\nYes.\n"),
    ]);
    let out = prepbook(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("content/a.md:3:1: error:"), "{text}");
    assert!(
        text.contains("error: the front matter is not valid YAML"),
        "{text}"
    );
    assert!(text.contains("[bad-front-matter]"), "{text}");
    assert!(
        // The value is not quoted: a message names the place, never the content.
        text.contains("content/b.md:2:1: error: `shape` names no parser"),
        "{text}"
    );

    // export prints every document anyway, the broken ones with their errors, and exits 1.
    let (site, code) = export(&dir.path().join("content"));
    assert_eq!(code, 1);
    let docs = site["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    let c = docs.iter().find(|d| d["source"] == "c.md").unwrap();
    assert_eq!(questions(c).len(), 1);
    let a = docs.iter().find(|d| d["source"] == "a.md").unwrap();
    assert_eq!(a["diagnostics"][0]["severity"], "error");
}

#[test]
fn usage_and_config_errors_exit_2_without_a_backtrace() {
    let dir = handbook(&[("a.md", b"# A\n")]);
    let out = prepbook(dir.path(), &["check", "--content", "missing"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no content folder at missing"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );

    std::fs::write(dir.path().join("prepbook.yaml"), "title: T\ncolour: blue\n").unwrap();
    let out = prepbook(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    // The key is not quoted (the file could be a secret); its place and the known keys are.
    assert!(
        err.contains("prepbook.yaml:2:1: unknown key") && !err.contains("colour"),
        "{err}"
    );

    let out = prepbook(dir.path(), &["check", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hostile_files_are_warnings_not_crashes() {
    let mut random = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        random.push((x >> 16) as u8);
    }
    let deep =
        format!("{}deep\n", "> ".repeat(5000)) + &"- ".repeat(3000) + "x\n" + &"[".repeat(10000);
    let dir = handbook(&[
        ("random.md", &random),
        ("nul.txt", b"1. \"What?\0\"\n"),
        ("empty.md", b""),
        ("only-front-matter.md", b"---\ntitle: Nothing here\n---\n"),
        ("unclosed.md", b"## 1. Code?\n\n```python\nprint(1)\n"),
        ("deep.md", deep.as_bytes()),
        ("latin1.md", b"## 1. Caf\xe9?\n\nYes \x93quoted\x94.\n"),
    ]);
    // A loop inside the content folder (`..` would lead out of it: an outside-link).
    #[cfg(unix)]
    std::os::unix::fs::symlink(".", dir.path().join("content/loop")).unwrap();
    let out = prepbook(dir.path(), &["check"]);
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "content/random.md:1:1: warning:",
        "[binary-file]",
        "content/empty.md:1:1: warning: the file is empty",
        "content/only-front-matter.md:4:1: warning: the file has front matter but no content",
        "content/unclosed.md:3:1: warning: this code block is never closed",
        "content/latin1.md:1:1: warning: the file is not valid UTF-8",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    #[cfg(unix)]
    assert!(text.contains("[link-loop]"), "{text}");
    let (site, _) = export(&dir.path().join("content"));
    let latin = site["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == "latin1.md")
        .unwrap();
    assert_eq!(questions(latin)[0]["text"], "Café?");
}

#[test]
fn front_matter_keys_of_other_generators_are_notes() {
    let dir = handbook(&[(
        "post.md",
        b"---\ntitle: Post\nlayout: page\npermalink: /post/\ntags: [a, b]\n---\n\n## Culture\n\n### Why here?\n\nBecause.\n",
    )]);
    let out = prepbook(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains(
            "content/post.md:3:1: note: front-matter key `layout` is not used by prepbook"
        ),
        "{text}"
    );
    assert!(text.contains("[unknown-key]"), "{text}");
    let (site, _) = export(&dir.path().join("content"));
    assert_eq!(site["documents"][0]["tags"], serde_json::json!(["a", "b"]));
}

#[test]
fn zola_and_hugo_toml_front_matter_is_read_and_an_unclosed_block_is_one_error() {
    let dir = handbook(&[
        (
            "zola.md",
            b"+++\ntitle = \"From Zola\"\ntags = [\"db\", \"sql\"]\n[extra]\ntoc = true\n+++\n\n## 1. What is an index?\n\nA sorted copy.\n",
        ),
        (
            "open.md",
            b"---\ntitle: Left open\ntags: [a]\n\n## 1. What is a heap?\n\nA tree.\n",
        ),
        ("bad.md", b"+++\ntitle = \"x\"\ntags = [a]\n+++\nbody\n"),
    ]);
    let out = prepbook(dir.path(), &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let lines = |file: &str| -> Vec<&str> {
        text.lines()
            .filter(|l| l.starts_with(&format!("content/{file}:")))
            .collect()
    };
    assert_eq!(
        lines("zola.md"),
        ["content/zola.md:4:1: note: front-matter key `extra` is not used by prepbook; it is kept. Known keys: title, subtitle, tags, company, role, difficulty, order, draft, shape, questions, sections. [unknown-key]"]
    );
    assert_eq!(
        lines("open.md"),
        ["content/open.md:1:1: error: the front matter that opens here is never closed. Add a `---` line after its last key (line 3); it was read up to there. [bad-front-matter]"]
    );
    assert_eq!(
        lines("bad.md"),
        ["content/bad.md:3:9: error: the front matter is not valid TOML: string values must be quoted, expected literal string. Fix the TOML between the `+++` lines. [bad-front-matter]"]
    );
    let (site, _) = export(&dir.path().join("content"));
    let doc = crate::support::document(&site, "zola.md");
    assert_eq!(doc["title"], "From Zola");
    assert_eq!(doc["tags"], serde_json::json!(["db", "sql"]));
    let doc = crate::support::document(&site, "open.md");
    assert_eq!(doc["title"], "Left open");
    assert_eq!(questions(doc)[0]["text"], "What is a heap?");
    // The keys are not page text: no blank to fill from `[a]`.
    assert!(!text.contains("[placeholder]"), "{text}");
}

#[test]
fn ids_are_unique_and_stable() {
    let doc = b"## 1. What is a cache?\n\nA.\n\n## 2. What is a cache?\n\nB.\n".as_slice();
    let dir = handbook(&[("a.md", doc), ("b/a.md", doc)]);
    let (first, _) = export(&dir.path().join("content"));
    let ids: Vec<String> = first["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| {
            questions(d)
                .into_iter()
                .map(|q| q["id"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(
        ids,
        [
            "a--what-is-a-cache",
            "a--what-is-a-cache-2",
            "b-a--what-is-a-cache",
            "b-a--what-is-a-cache-2"
        ]
    );
    let (again, _) = export(&dir.path().join("content"));
    assert_eq!(first, again, "the same input gives the same ids");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = handbook(&[
        ("d.md", b"---\ndraft: true\n---\n## 1. Q?\n\nA.\n"),
        ("e.md", b"## 1. R?\n\nB.\n"),
    ]);
    let out = prepbook(dir.path(), &["export"]);
    let site: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(site["documents"].as_array().unwrap().len(), 1);
    let (with_drafts, _) = export(&dir.path().join("content"));
    assert_eq!(with_drafts["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn export_survives_a_closed_pipe() {
    let content = crate::support::project().join("content");
    let out = crate::support::into_closed_pipe(
        &crate::support::project(),
        &["export", "--content", content.to_str().unwrap()],
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
