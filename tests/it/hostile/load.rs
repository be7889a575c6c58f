//! Hostile input at load: symlinks out of the content folder, special files, config and front
//! matter that must be named, never quoted, and deep YAML.

use crate::support::{handbook, prepbook};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// What a secret looks like in these tests: unique, so finding it anywhere means it leaked.
const TOKEN: &str = "ghp_PREPBOOK0SECRET0TOKEN0c0ffee";

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Run `prepbook ARGS` in `dir` with `TOKEN` in its environment (so `/proc/self/environ` holds
/// it), killing it after 60 s: a build that opens a FIFO would otherwise wait forever.
fn run(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .env("PREPBOOK_TEST_SECRET", TOKEN)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the prepbook binary runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("prepbook {args:?} hung (a FIFO opened for reading?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Every file under `dir`, as (path, bytes).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir(dir)
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect()
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walkdir(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The lines of `check`'s text output with `code`, the content folder's path cut off.
fn lines_with(out: &Output, code: &str) -> Vec<String> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.ends_with(&format!("[{code}]")))
        .map(|l| {
            l.rsplit_once("content/")
                .map_or(l, |(_, rest)| rest)
                .to_owned()
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn links_out_of_the_content_folder_and_special_files_are_never_read() {
    use std::os::unix::fs::symlink;
    let dir = handbook(&[
        ("a.md", b"## 1. What is a heap?\n\nA tree.\n".as_slice()),
        ("sub/real.md", b"## 1. What is a trie?\n\nA prefix tree.\n"),
    ]);
    let root = dir.path();
    let content = root.join("content");
    // What a CI checkout keeps beside the notes: the token in .git/config, a private folder.
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join(".git/config"),
        format!("## 1. Token?\n\n[http]\nextraheader = AUTHORIZATION: basic {TOKEN}\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("private")).unwrap();
    std::fs::write(
        root.join("private/keys.md"),
        format!("## 1. Key?\n\n{TOKEN}\n"),
    )
    .unwrap();
    symlink("../.git/config", content.join("notes.txt")).unwrap();
    symlink(root.join(".git/config"), content.join("absolute.md")).unwrap();
    symlink("/proc/self/environ", content.join("env.md")).unwrap();
    symlink("/etc/passwd", content.join("passwd.txt")).unwrap();
    symlink("../private", content.join("borrowed")).unwrap();
    // A link to a link that leads out.
    symlink("notes.txt", content.join("chained.md")).unwrap();
    // Links that stay inside keep working.
    symlink("sub/real.md", content.join("alias.md")).unwrap();
    symlink("sub", content.join("shortcut")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(content.join("pipe.md"))
        .status()
        .unwrap();
    assert!(fifo.success());

    let out_dir = root.join("site");
    let build = run(root, &["build", "--output", out_dir.to_str().unwrap()]);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build));
    let export = run(root, &["export", "--format", "json"]);
    let check = run(root, &["check"]);
    for (what, bytes) in files_under(&out_dir).into_iter().chain([
        ("build's output".to_owned(), build.stdout.clone()),
        ("build's errors".to_owned(), build.stderr.clone()),
        ("export".to_owned(), export.stdout.clone()),
        ("check".to_owned(), check.stdout.clone()),
        ("check's errors".to_owned(), check.stderr.clone()),
    ]) {
        assert!(!contains(&bytes, TOKEN), "the secret leaked into {what}");
        assert!(
            !contains(&bytes, "root:x:0:0"),
            "/etc/passwd leaked into {what}"
        );
    }

    // Each link out is named (by its own path) and skipped; the FIFO too.
    let mut outside = lines_with(&check, "outside-link");
    outside.sort();
    let named: Vec<&str> = outside
        .iter()
        .map(|l| l.split_once(':').map_or(l.as_str(), |(file, _)| file))
        .collect();
    assert_eq!(
        named,
        [
            "absolute.md",
            "borrowed",
            "chained.md",
            "env.md",
            "notes.txt",
            "passwd.txt",
            "pipe.md"
        ],
        "{}",
        text(&check)
    );
    assert!(
        outside.iter().all(|l| l.contains(": warning: ")),
        "{outside:?}"
    );

    // The links inside the folder are documents.
    let json: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let mut sources: Vec<&str> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["source"].as_str().unwrap())
        .collect();
    sources.sort();
    assert_eq!(
        sources,
        ["a.md", "alias.md", "shortcut/real.md", "sub/real.md"]
    );
}

/// A `prepbook.yaml` that is a link out, or holds a secret instead of keys: the error names the
/// file, line and column and says what was expected, but never prints what the file holds.
#[cfg(unix)]
#[test]
fn config_errors_name_the_file_and_never_quote_it() {
    let dir = handbook(&[("a.md", b"## 1. What is a heap?\n\nA tree.\n".as_slice())]);
    let root = dir.path();
    std::fs::write(root.join("secret.env"), format!("GITHUB_TOKEN={TOKEN}\n")).unwrap();
    let handbook = root.join("handbook");
    std::fs::create_dir_all(&handbook).unwrap();
    std::fs::rename(root.join("content"), handbook.join("content")).unwrap();
    std::os::unix::fs::symlink("../secret.env", handbook.join("prepbook.yaml")).unwrap();
    for command in ["build", "check"] {
        let out = run(&handbook, &[command]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            !said.contains(TOKEN),
            "{command} printed the secret: {said}"
        );
        assert!(said.contains("prepbook.yaml"), "{said}");
        assert!(said.contains("outside"), "{said}");
    }

    // The file itself, each time with a different secret-bearing shape, and where to look.
    let cases: [(String, &str, &str); 6] = [
        (
            format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n{TOKEN}\n-----END OPENSSH PRIVATE KEY-----\n"
            ),
            "prepbook.yaml:1:1:",
            "keys",
        ),
        (
            format!("GITHUB_TOKEN={TOKEN}\n"),
            "prepbook.yaml:1:1:",
            "keys",
        ),
        (
            format!("title: ok\n{TOKEN}: 1\n"),
            "prepbook.yaml:2:1:",
            "unknown key",
        ),
        (
            format!("practice:\n  timer: {TOKEN}\n"),
            "prepbook.yaml:2:10:",
            "whole number",
        ),
        (
            format!("raw_html: {TOKEN}\n"),
            "prepbook.yaml:1:11:",
            "true or false",
        ),
        (
            format!("title: \"{TOKEN}\nbase_url: [\n"),
            "prepbook.yaml:",
            "YAML",
        ),
    ];
    std::fs::remove_file(handbook.join("prepbook.yaml")).unwrap();
    for (yaml, place, expected) in &cases {
        std::fs::write(handbook.join("prepbook.yaml"), yaml).unwrap();
        let out = run(&handbook, &["check"]);
        let said = text(&out);
        assert_eq!(out.status.code(), Some(2), "{said}");
        assert!(
            !said.contains(TOKEN),
            "the config error quoted the file: {said}"
        );
        assert!(said.contains(place), "expected {place:?} in {said}");
        assert!(said.contains(expected), "expected {expected:?} in {said}");
    }
}

/// Front-matter errors give the line and what was expected, never the value.
#[test]
fn front_matter_errors_never_quote_the_value() {
    let docs = [
        format!("---\nshape: {TOKEN}\n---\n## 1. Q?\n\nA.\n"),
        format!("---\ntitle: a\ntitle: {TOKEN}\n---\n## 1. Q?\n\nA.\n"),
        format!("---\n{TOKEN}: 1\n{TOKEN}: 2\n---\n## 1. Q?\n\nA.\n"),
        format!("---\norder: !!int {TOKEN}\n---\n## 1. Q?\n\nA.\n"),
        format!("---\ntags: [a, \"{TOKEN}\n---\n## 1. Q?\n\nA.\n"),
    ];
    let files: Vec<(String, &[u8])> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("d{i}.md"), d.as_bytes()))
        .collect();
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let dir = handbook(&files);
    let out = prepbook(dir.path(), &["check"]);
    let said = text(&out);
    assert!(
        !said.contains(TOKEN),
        "a front-matter message quoted the value: {said}"
    );
    for i in 0..docs.len() {
        assert!(
            said.lines()
                .any(|l| l.contains(&format!("d{i}.md:")) && l.contains(": error: ")),
            "d{i}.md has no error: {said}"
        );
    }
    // The line is the value's own line.
    assert!(said.contains("d0.md:2:"), "{said}");
    assert!(said.contains("d3.md:2:"), "{said}");
}

/// `x: [[[[…` made libyaml quadratic (41 s for 100k brackets). Past the depth cap it is an error
/// saying so, where the cap was passed; `benches/hostile_load.sh` checks the time.
#[test]
fn deep_yaml_is_refused_at_the_depth_cap() {
    let deep = "[".repeat(100_000);
    let doc = format!("---\ntitle: ok\nx: {deep}\n---\n## 1. What is a heap?\n\nA tree.\n");
    let dir = handbook(&[("deep.md", doc.as_bytes())]);
    let out = prepbook(dir.path(), &["check"]);
    let lines = lines_with(&out, "bad-front-matter");
    assert_eq!(lines.len(), 1, "{}", text(&out));
    assert!(lines[0].starts_with("deep.md:3:"), "{lines:?}");
    assert!(lines[0].contains(": error: "), "{lines:?}");
    assert!(lines[0].contains("nested deeper than"), "{lines:?}");

    // The same in prepbook.yaml: a config error, exit 2.
    std::fs::write(
        dir.path().join("prepbook.yaml"),
        format!("title: ok\nx: {deep}\n"),
    )
    .unwrap();
    let out = prepbook(dir.path(), &["check"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("prepbook.yaml:2:"), "{said}");
    assert!(said.contains("nested deeper than"), "{said}");
}

/// A front matter of megabytes is refused before YAML parses it.
#[test]
fn huge_front_matter_is_refused() {
    let mut doc = String::from("---\ntitle: ok\n");
    for i in 0..40_000 {
        doc.push_str(&format!("key{i}: some value that is long enough\n"));
    }
    doc.push_str("---\n## 1. What is a heap?\n\nA tree.\n");
    let dir = handbook(&[("big.md", doc.as_bytes())]);
    let out = prepbook(dir.path(), &["check"]);
    let lines = lines_with(&out, "bad-front-matter");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("big.md:"), "{lines:?}");
    assert!(lines[0].contains("larger than"), "{lines:?}");
}

/// UTF-16 saved without a byte-order mark (some Windows tools do) is recognised by where its NUL
/// bytes fall, decoded, and reported as such — not read as a binary file with the NULs dropped.
#[test]
fn utf16_without_a_bom_is_recognised() {
    let body = "## 1. What’s a queue — really?\n\nA buffer between producers and consumers.\n";
    let le: Vec<u8> = body.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = body.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let dir = handbook(&[("le.md", &le), ("be.md", &be)]);
    let out = prepbook(dir.path(), &["check"]);
    let said = text(&out);
    assert!(!said.contains("[binary-file]"), "{said}");
    let repaired = lines_with(&out, "repaired-encoding");
    assert_eq!(repaired.len(), 2, "{said}");
    assert!(
        repaired[0].starts_with("be.md:1:1:") && repaired[0].contains("big-endian"),
        "{repaired:?}"
    );
    assert!(
        repaired[1].starts_with("le.md:1:1:") && repaired[1].contains("little-endian"),
        "{repaired:?}"
    );

    let (json, _) = crate::support::export(&dir.path().join("content"));
    for source in ["le.md", "be.md"] {
        let doc = crate::support::document(&json, source);
        let questions = crate::support::questions(doc);
        assert_eq!(questions.len(), 1, "{source}");
        assert_eq!(questions[0]["text"], "What’s a queue — really?", "{source}");
    }
}

/// With the repository itself as the content folder (`content: .`), `.git/config` lies inside
/// it: a link to it must still never be read, nor one from a theme folder.
#[test]
fn links_into_the_repositorys_git_folder_are_never_read() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join(".git/config"),
        format!("[http]\n\textraheader = AUTHORIZATION: basic {TOKEN}\n"),
    )
    .unwrap();
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::write(
        root.join("notes/real.md"),
        "# Real\n\n## 1. What is a heap?\n\nA tree.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("../.git/config", root.join("notes/leak.txt")).unwrap();
    std::fs::create_dir_all(root.join("theme/assets")).unwrap();
    std::os::unix::fs::symlink("../../.git/config", root.join("theme/assets/leak.css")).unwrap();
    std::fs::write(root.join("prepbook.yaml"), "content: .\ntheme: theme\n").unwrap();
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("site");
    let build = run(root, &["build", "--output", out.to_str().unwrap()]);
    let check = run(root, &["check"]);
    let export = run(root, &["export"]);
    for (what, run) in [("build", &build), ("check", &check), ("export", &export)] {
        assert!(
            !contains(&run.stdout, TOKEN) && !contains(&run.stderr, TOKEN),
            "{what}"
        );
    }
    assert!(build.status.success(), "{}", text(&build));
    for (path, bytes) in files_under(&out) {
        assert!(!contains(&bytes, TOKEN), "the token leaked into {path}");
    }
    assert!(out.join("notes-real.html").is_file(), "{}", text(&build));
    let named = lines_with(&check, "outside-link");
    assert!(
        named.iter().any(|l| l.contains("notes/leak.txt")),
        "{named:?}\n{}",
        text(&check)
    );
}
