//! Hostile input at the edge: output folders that would delete the repository, `serve`'s base path,
//! Host and header limits, file names in messages, reserved and over-long names, exit codes.

use crate::support::{handbook, prepbook};
use std::path::Path;
use std::process::{Command, Output};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
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
