//! Hostile input at render: templates that reach for the environment, HTML that borrows the
//! theme's classes or ids, form controls, and inputs that make a library superlinear.

use crate::support::{build_in, handbook};
use scraper::{Html, Selector};
use std::path::Path;
use std::process::Command;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Every file under `dir`, as (path, bytes).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// Build the handbook in `dir` (its `content/`) with `extra` flags; returns the output
/// folder (inside `dir`) and the run.
fn build(dir: &Path, extra: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, String, i32) {
    let (guard, out, run) = build_in(dir, &dir.join("content"), extra);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    (guard, out, stderr, run.status.code().unwrap_or(-1))
}

fn page(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn templates_cannot_read_the_environment() {
    let secret = format!("prepbook-secret-{}", std::process::id());
    let dir = handbook(&[("a.md", b"# A\n\n## 1. What is a heap?\n\nA tree.\n")]);
    let theme = dir.path().join("evil/templates/partials");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("footer.html"),
        "<footer>{{ get_env(name=\"PREPBOOK_HOSTILE_SECRET\", default=\"\") }}</footer>\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(["build", "--theme", "evil", "--output"])
        .arg(&out)
        .current_dir(dir.path())
        .env("PREPBOOK_HOSTILE_SECRET", &secret)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_ne!(run.status.code(), Some(0), "the build must fail: {stderr}");
    assert!(
        stderr.contains("partials/footer.html") && stderr.contains("get_env"),
        "the error names the template and the function: {stderr}"
    );
    assert!(!stderr.contains(&secret), "{stderr}");
    for (path, bytes) in files(&out) {
        assert!(!contains(&bytes, &secret), "{path} holds the secret");
    }
}

#[cfg(unix)]
#[test]
fn theme_links_out_of_the_theme_are_skipped_and_named() {
    use std::os::unix::fs::symlink;
    let secret = format!("outside-secret-{}", std::process::id());
    let dir = handbook(&[("a.md", b"# A\n\n## 1. What is a heap?\n\nA tree.\n")]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("key.css"), format!("/* {secret} */")).unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(
        outside.path().join("dir/more.css"),
        format!("/* {secret} */"),
    )
    .unwrap();
    let assets = dir.path().join("linked/assets");
    std::fs::create_dir_all(&assets).unwrap();
    std::fs::write(assets.join("real.css"), "/* kept-through-link */").unwrap();
    symlink(outside.path().join("key.css"), assets.join("stolen.css")).unwrap();
    symlink(outside.path().join("dir"), assets.join("folder")).unwrap();
    // A link that stays inside the theme is read.
    symlink(assets.join("real.css"), assets.join("alias.css")).unwrap();
    let (_g, out, stderr, code) = build(dir.path(), &["--theme", "linked"]);
    assert_eq!(code, 0, "{stderr}");
    for link in ["stolen.css", "folder"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(link) && l.contains("[outside-link]")),
            "{link} is named with outside-link: {stderr}"
        );
    }
    assert!(!stderr.contains(&secret), "{stderr}");
    let written = files(&out);
    for (path, bytes) in &written {
        assert!(!contains(bytes, &secret), "{path} holds the secret");
    }
    assert!(
        written
            .iter()
            .any(|(p, b)| p.contains("alias.") && contains(b, "kept-through-link")),
        "a link inside the theme is read"
    );
}

#[test]
fn document_html_cannot_borrow_the_themes_classes_ids_or_forms() {
    let doc = "# Tricks\n\n## 1. What is a heap?\n\n\
        <a class=\"card-link\" href=\"https://evil.example/\">click</a>\n\n\
        <div id=\"search\">fake search</div>\n\n\
        <span id=\"tricks--what-is-a-heap\">fake question</span>\n\n\
        <span id=\"prepbookSearch\">clobber</span>\n\n\
        <a id=\"my-anchor\"></a>kept anchor\n\n\
        <form action=\"https://evil.example/\"><input type=\"password\" name=\"pw\">\
        <button>Pay now</button><select><option>one</option></select>\
        <textarea>typed</textarea></form>\n\n\
        - [x] done task\n\n\
        ```python\nx = 1 < 2\n```\n\n\
        Fill [your company] in.\n";
    let dir = handbook(&[("tricks.md", doc.as_bytes())]);
    let (_g, out, stderr, code) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let html = page(&out, "tricks.html");
    let parsed = Html::parse_document(&html);
    let count = |s: &str| parsed.select(&sel(s)).count();
    // The theme's own elements are there once each.
    assert_eq!(count("#search"), 1, "{html}");
    assert_eq!(count("[id=\"tricks--what-is-a-heap\"]"), 1);
    assert_eq!(count("#prepbookSearch"), 0);
    // No user class is kept, so no link is stretched over the card.
    assert!(!html.contains("evil.example/\" class") && count("a.card-link") == 0);
    assert_eq!(
        count("a[href=\"https://evil.example/\"]"),
        1,
        "the link stays"
    );
    // Form controls are gone, their text kept as text at most.
    assert_eq!(count("input[type=password]"), 0, "{html}");
    assert_eq!(count("form[action]"), 0);
    assert_eq!(
        count(".answer textarea, .answer select, .answer button, .answer form"),
        0
    );
    // Other ids stay for in-document links.
    assert_eq!(count("#my-anchor"), 1);
    // prepbook's own markup in the same answer keeps its classes.
    assert_eq!(count(".answer input[type=checkbox][disabled]"), 1, "{html}");
    assert!(count("pre.hl-code[data-lang=python] span[class]") > 0);
    assert_eq!(count("mark.placeholder"), 1);
    // Each dropped id is noted at its line.
    let path = dir.path().join("content/tricks.md");
    for (line, id) in [
        (7, "search"),
        (9, "tricks--what-is-a-heap"),
        (11, "prepbookSearch"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("{}:{line}:", path.display()))
                    && l.contains(id)
                    && l.contains("[dropped-id]")),
            "{id} at line {line}: {stderr}"
        );
    }
}

#[test]
fn deep_html_nesting_is_capped_and_the_rest_escaped() {
    let mut doc = String::from("# Deep\n\n## 1. How deep?\n\n");
    doc.push_str(&"<div>\n".repeat(2_000));
    doc.push_str("<script>alert(1)</script>\n");
    let dir = handbook(&[("deep.md", doc.as_bytes())]);
    let (_g, out, stderr, code) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let path = dir.path().join("content/deep.md");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&format!("{}:", path.display())) && l.contains("[input-capped]")),
        "{stderr}"
    );
    let html = page(&out, "deep.html");
    assert!(html.contains("&lt;div&gt;"), "the rest is shown as text");
    assert!(!html.contains("<script>alert"), "{}", &html[..2000]);
    let divs = Html::parse_document(&html)
        .select(&sel("article div"))
        .count();
    assert!(divs < 400, "{divs} divs");
}

#[test]
fn a_line_of_blanks_emits_a_bounded_page() {
    let mut doc = String::from("# Blanks\n\n## 1. Which?\n\n");
    doc.push_str(&"[your name] ".repeat(20_000));
    doc.push('\n');
    let dir = handbook(&[("blanks.md", doc.as_bytes())]);
    let (_g, out, stderr, code) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let html = page(&out, "blanks.html");
    let marks = html.matches("<mark class=\"placeholder\">").count();
    assert!((1..=1_000).contains(&marks), "{marks} marks");
    assert!(
        html.matches("[your name]").count() >= 19_000,
        "the rest stays as text"
    );
    let check = crate::support::prepbook(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let report = report.as_array().unwrap();
    let of = |code: &str| report.iter().filter(|d| d["code"] == code).count();
    assert!(
        of("placeholder") <= 1_000,
        "{} blanks reported",
        of("placeholder")
    );
    assert_eq!(of("input-capped"), 1);
    let capped = report.iter().find(|d| d["code"] == "input-capped").unwrap();
    assert_eq!(capped["line"], 5);
}

#[test]
fn huge_code_is_shown_plain_not_highlighted() {
    let mut doc = String::from("# Parens\n\n## 1. Why?\n\n```sh\necho ok\n");
    doc.push_str(&"(".repeat(20_000));
    doc.push_str("\n<b>x</b>\n```\n");
    let dir = handbook(&[("parens.md", doc.as_bytes())]);
    let (_g, out, stderr, code) = build(dir.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    let path = dir.path().join("content/parens.md");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&format!("{}:5:", path.display()))
                && l.contains("[input-capped]")),
        "{stderr}"
    );
    let html = page(&out, "parens.html");
    let parsed = Html::parse_document(&html);
    let code = parsed
        .select(&sel("pre[data-lang=sh] code"))
        .next()
        .expect("the block is there");
    assert_eq!(code.select(&sel("span")).count(), 0, "not highlighted");
    let text: String = code.text().collect();
    assert!(text.contains("<b>x</b>") && text.contains(&"(".repeat(20_000)));
}
