//! Hostile input at the edge: output folders that would delete the repository, `serve`'s base path,
//! Host and header limits, file names in messages, reserved and over-long names, exit codes.

use crate::support::{handbook, prepbook};
use std::path::Path;
use std::process::{Command, Output};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A handbook with a repository around it: `.git`, an uncommitted file, and a forged marker.
fn repository() -> tempfile::TempDir {
    let dir = handbook(&[("a.md", b"## 1. What is a heap?\n\nA tree.\n".as_slice())]);
    std::fs::create_dir_all(dir.path().join(".git/objects")).unwrap();
    std::fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(dir.path().join("uncommitted.txt"), "work in progress").unwrap();
    std::fs::write(dir.path().join(".prepbook-output"), "").unwrap();
    dir
}

/// The build was refused with exit 2, naming the conflict, and every file in `kept` is still there.
fn assert_refused(out: &Output, conflict: &str, kept: &[&Path]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(conflict),
        "the message names {conflict:?}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    for path in kept {
        assert!(path.exists(), "{} was deleted; {err}", path.display());
    }
}

#[test]
fn a_forged_marker_does_not_let_build_replace_the_repository() {
    let dir = repository();
    let root = dir.path();
    let name = root.file_name().unwrap().to_str().unwrap();
    std::fs::write(root.join("prepbook.yaml"), format!("output: ../{name}\n")).unwrap();
    let out = prepbook(root, &["build"]);
    assert_refused(
        &out,
        "content folder",
        &[
            &root.join(".git/HEAD"),
            &root.join("uncommitted.txt"),
            &root.join("content/a.md"),
        ],
    );
    // The same folder given on the command line, as `.`.
    let out = prepbook(root, &["build", "--output", "."]);
    assert_refused(&out, "content folder", &[&root.join(".git/HEAD")]);
}

#[test]
fn a_forged_marker_does_not_let_build_replace_the_notes() {
    let dir = handbook(&[("a.md", b"## 1. What is a heap?\n\nA tree.\n".as_slice())]);
    let root = dir.path();
    std::fs::write(root.join("content/.prepbook-output"), "").unwrap();
    std::fs::write(root.join("prepbook.yaml"), "output: content\n").unwrap();
    let out = prepbook(root, &["build"]);
    assert_refused(&out, "content folder", &[&root.join("content/a.md")]);

    // Inside the content folder: the notes there would be replaced, and the site read back.
    std::fs::create_dir_all(root.join("content/site")).unwrap();
    std::fs::write(root.join("content/site/.prepbook-output"), "").unwrap();
    std::fs::write(root.join("content/site/b.md"), "## 1. Q?\n\nA.\n").unwrap();
    std::fs::write(root.join("prepbook.yaml"), "output: content/site\n").unwrap();
    let out = prepbook(root, &["build"]);
    assert_refused(
        &out,
        "inside the content folder",
        &[&root.join("content/site/b.md")],
    );
}

#[test]
fn a_forged_marker_does_not_let_build_replace_the_current_or_config_folder() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let root = dir.path();
    // The current folder, with the content elsewhere.
    let work = root.join("work");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(work.join(".prepbook-output"), "").unwrap();
    std::fs::write(work.join("draft.txt"), "mine").unwrap();
    let content = root.join("content");
    let out = prepbook(
        &work,
        &[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--output",
            ".",
        ],
    );
    assert_refused(&out, "current folder", &[&work.join("draft.txt")]);

    // The config's folder, with the content and the current folder elsewhere.
    let site = root.join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join(".prepbook-output"), "").unwrap();
    std::fs::write(
        site.join("prepbook.yaml"),
        format!("content: {}\noutput: .\n", content.display()),
    )
    .unwrap();
    let out = prepbook(root, &["build", "--config", "site/prepbook.yaml"]);
    assert_refused(&out, "config", &[&site.join("prepbook.yaml")]);
}

#[test]
fn a_forged_marker_does_not_let_build_replace_a_repository_or_home() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let root = dir.path();
    // A folder holding a repository somewhere below it.
    let projects = root.join("projects");
    std::fs::create_dir_all(projects.join("tool/.git")).unwrap();
    std::fs::write(projects.join(".prepbook-output"), "").unwrap();
    std::fs::write(projects.join("tool/main.rs"), "fn main() {}").unwrap();
    let out = prepbook(root, &["build", "--output", "projects"]);
    assert_refused(&out, ".git", &[&projects.join("tool/main.rs")]);

    // The user's home.
    let home = root.join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(home.join(".prepbook-output"), "").unwrap();
    std::fs::write(home.join(".bashrc"), "# mine").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(["build", "--output", home.to_str().unwrap()])
        .current_dir(root)
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_refused(&out, "home", &[&home.join(".bashrc")]);
}

#[test]
fn the_default_output_still_builds_and_stale_staging_folders_are_cleaned() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let root = dir.path();
    // What a killed build leaves: its staging and retired folders (pids that cannot be running:
    // above Linux's largest pid_max).
    for stale in [
        ".output.prepbook-new-4194999",
        ".output.prepbook-old-4194998",
    ] {
        std::fs::create_dir_all(root.join(stale).join("tags")).unwrap();
        std::fs::write(root.join(stale).join("tags/x.html"), "old").unwrap();
    }
    // Look-alikes that are not ours stay.
    let keep = root.join(".output.prepbook-new-mine");
    std::fs::create_dir_all(&keep).unwrap();
    let elsewhere = root.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("x.txt"), "keep").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&elsewhere, root.join(".output.prepbook-old-4194997")).unwrap();

    for _ in 0..2 {
        let out = prepbook(root, &["build"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert!(root.join("output/index.html").is_file());
    assert!(!root.join(".output.prepbook-new-4194999").exists());
    assert!(!root.join(".output.prepbook-old-4194998").exists());
    assert!(keep.is_dir());
    assert!(elsewhere.join("x.txt").is_file());
}

/// What a co-author can name a file: a newline that starts a workflow command on the next line,
/// and a terminal escape that clears the screen.
const NEWLINE_NAME: &str = "a\n::error file=x.md,line=1::forged\n.md";
const ESCAPE_NAME: &str = "b\u{1b}[2J\u{1b}]0;title\u{7}.md";

#[test]
fn file_names_are_printed_with_their_control_characters_escaped() {
    let dir = handbook(&[
        (NEWLINE_NAME, b"## 1. What is a heap?\n".as_slice()),
        (
            ESCAPE_NAME,
            b"## 1. What is a stack?\n\n[x](gone.md)\n".as_slice(),
        ),
    ]);
    for format in ["text", "github"] {
        let out = prepbook(dir.path(), &["check", "--format", format]);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
        // One line per diagnostic (an unanswered question, a broken link) and the summary: no
        // line was added by a name, so no forged command.
        assert_eq!(text.lines().count(), 3, "{format}: {text}");
        assert!(
            !text.lines().any(|l| l.starts_with("::error")),
            "{format}: {text}"
        );
        assert!(
            text.contains("\\u{1b}[2J"),
            "the name is shown, escaped: {text}"
        );
    }
    // The same in the errors a failed build prints.
    std::fs::write(
        dir.path().join("content").join(ESCAPE_NAME),
        "---\ntitle: [unclosed\n---\n",
    )
    .unwrap();
    let out = prepbook(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("b\\u{1b}[2J"), "{err}");
}

#[test]
fn io_and_path_errors_exit_2_and_are_said_once() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let out = prepbook(dir.path(), &["check", "--config", "missing.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("missing.yaml"), "{err}");
    assert_eq!(err.matches("os error 2").count(), 1, "said once: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    std::fs::write(dir.path().join("file.txt"), "not a folder").unwrap();
    let out = prepbook(dir.path(), &["build", "--output", "file.txt/site"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("file.txt"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "said once: {err}");

    let help = prepbook(dir.path(), &["--help"]);
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    assert!(
        help.contains("Exit codes") && help.contains("cannot be read or written"),
        "{help}"
    );
}

#[test]
fn check_survives_a_closed_pipe_in_every_format() {
    use std::process::Stdio;
    // Enough diagnostics to fill the pipe, so the write fails however early the reader leaves.
    let notes: String = (1..=3000)
        .map(|n| format!("## {n}. What is thing number {n}?\n\n"))
        .collect();
    let dir = handbook(&[("many.md", notes.as_bytes())]);
    for format in ["json", "text", "github"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_prepbook"))
            .args(["check", "--format", format])
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{format}: {err}");
        assert!(err.is_empty(), "{format}: {err}");
    }
}

#[test]
fn a_long_name_of_four_byte_characters_builds() {
    // 61 characters of 4 bytes: a valid file name (247 bytes) whose slug was capped at 80
    // characters, so its practice card script got a name of 256 bytes.
    let long = "𝐚".repeat(61);
    let sibling = format!("{}𝐛", "𝐚".repeat(60));
    let (first, second) = (format!("{long}.md"), format!("{sibling}.md"));
    let dir = handbook(&[
        (
            first.as_str(),
            b"## 1. What is a heap?\n\nA tree.\n".as_slice(),
        ),
        (
            second.as_str(),
            b"## 1. What is a trie?\n\nA tree of prefixes.\n".as_slice(),
        ),
    ]);
    let check = prepbook(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let out = prepbook(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> = walk(&dir.path().join("output"));
    let longest = names.iter().map(String::len).max().unwrap();
    assert!(longest <= 200, "a file name of {longest} bytes: {names:?}");
    // Both documents have a page of their own, though their names differ only past the cap.
    let pages: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with('𝐚') && n.ends_with(".html"))
        .collect();
    assert_eq!(pages.len(), 2, "{names:?}");
}

/// The names of every file under `dir`.
fn walk(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            names.extend(walk(&entry.path()));
        } else {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names
}

#[test]
fn documents_named_like_the_home_or_404_page_are_renamed_and_reported() {
    let dir = handbook(&[
        (
            "index.md",
            b"# My intro\n\n## 1. Why this job?\n\nGrowth.\n".as_slice(),
        ),
        (
            "404.md",
            b"# Lost\n\n## 1. What is a 404?\n\nNot found.\n".as_slice(),
        ),
        (
            "a.md",
            b"# A\n\n[intro](index.md)\n\n## 1. What is a heap?\n\nA tree.\n".as_slice(),
        ),
    ]);
    let check = prepbook(dir.path(), &["check"]);
    let text = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "{text}");
    assert!(
        text.contains("content/index.md:1:1: warning:") && text.contains("index-2.html"),
        "{text}"
    );
    assert!(text.contains("content/404.md:1:1: warning:"), "{text}");
    assert_eq!(text.matches("[reserved-name]").count(), 2, "{text}");
    assert!(!text.contains("[broken-link]"), "{text}");

    let out = prepbook(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = |name: &str| std::fs::read_to_string(dir.path().join("output").join(name)).unwrap();
    let home = read("index.html");
    assert!(
        home.contains("index-2.html") && home.contains("404-2.html") && home.contains("a.html"),
        "the home page lists every document: {home}"
    );
    assert!(read("index-2.html").contains("Why this job?"));
    assert!(read("404-2.html").contains("What is a 404?"));
    assert!(read("404.html").contains("Page not found"));
    assert!(
        read("a.html").contains("href=\"index-2.html\""),
        "links follow the page"
    );
}
