//! `prepbook init` where people start: a new folder gets the sample handbook; a folder of notes
//! keeps them and gets only what is missing (config, Pages workflow, .gitignore). The workflows
//! (Pages, release) and the composite action pass actionlint.

use crate::support::{
    actionlint, actionlint_ready, document, export, prepbook, project, questions,
};
use std::path::Path;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn said(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const NOTE: &str = "# SQL\n\n## 1. What is an index?\n\nA sorted copy of a column.\n";

#[test]
fn init_in_a_folder_of_notes_keeps_them_and_writes_only_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path();
    write(&hb.join("content/sql.md"), NOTE);
    write(&hb.join("README.md"), "# My prep\n");
    write(&hb.join(".gitignore"), "/secrets\n");
    let out = prepbook(hb, &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let text = said(&out);
    assert!(
        text.contains("kept .gitignore (it is there already"),
        "{text}"
    );
    assert!(
        text.contains("kept your notes: 1 documents in content, no sample notes added"),
        "{text}"
    );
    assert!(hb.join("prepbook.yaml").is_file());
    assert!(hb.join(".github/workflows/pages.yml").is_file());
    assert_eq!(
        std::fs::read_to_string(hb.join(".gitignore")).unwrap(),
        "/secrets\n"
    );
    assert_eq!(
        std::fs::read_to_string(hb.join("content/sql.md")).unwrap(),
        NOTE
    );
    let content: Vec<_> = std::fs::read_dir(hb.join("content")).unwrap().collect();
    assert_eq!(content.len(), 1, "no sample notes among the user's");

    let build = prepbook(hb, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", said(&build));
    assert!(hb.join("output/sql.html").is_file());

    // Again: everything is there, nothing to write, and it says so (exit 2, nothing touched).
    let config = std::fs::read(hb.join("prepbook.yaml")).unwrap();
    let again = prepbook(hb, &["init"]);
    assert_eq!(again.status.code(), Some(2), "{}", said(&again));
    assert!(
        said(&again).contains("nothing was written"),
        "{}",
        said(&again)
    );
    assert_eq!(std::fs::read(hb.join("prepbook.yaml")).unwrap(), config);
}

#[test]
fn init_where_the_notes_lie_at_the_root_points_the_config_at_them() {
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path();
    write(&hb.join("sql.md"), NOTE);
    write(
        &hb.join("design/feed.md"),
        "# Feed\n\n## 1. How is a feed ranked?\n\nBy recency.\n",
    );
    let out = prepbook(hb, &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(
        said(&out).contains("kept your notes: 2 documents in ."),
        "{}",
        said(&out)
    );
    let config = std::fs::read_to_string(hb.join("prepbook.yaml")).unwrap();
    assert!(config.contains("\ncontent: .\n"), "{config}");
    assert!(!hb.join("content").exists(), "no sample notes");
    let build = prepbook(hb, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", said(&build));
    assert!(hb.join("output/sql.html").is_file());
    assert!(
        hb.join("output/design/feed.html").is_file()
            || hb.join("output/design-feed.html").is_file()
    );
}

#[test]
fn init_in_a_fresh_repository_writes_the_sample_handbook() {
    // A new repository: a README and a licence are not notes.
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path();
    write(&hb.join("README.md"), "# prep\n");
    write(&hb.join("LICENSE.md"), "MIT\n");
    let out = prepbook(hb, &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    assert!(hb.join("content/system-design-checklist.md").is_file());
    let config = std::fs::read_to_string(hb.join("prepbook.yaml")).unwrap();
    assert!(!config.contains("content:"), "{config}");
}

#[test]
fn the_pages_workflow_installs_the_released_binary_pinned_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let out = prepbook(dir.path(), &["init", "hb"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let workflow =
        std::fs::read_to_string(dir.path().join("hb/.github/workflows/pages.yml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    // The composite action at this version's tag runs scripts/install.sh (tested in install.rs):
    // a download checked against SHA256SUMS, `cargo install --locked` only as a fallback.
    assert!(
        workflow.contains(&format!(
            "uses: prepbook/prepbook@v{version}\n        with:\n          version: {version}\n"
        )),
        "{workflow}"
    );
    for compiling in ["run: cargo", "rust-toolchain", "rust-cache"] {
        assert!(!workflow.contains(compiling), "{compiling} in {workflow}");
    }
}

/// The workflows pass actionlint: the Pages workflow `init` writes, the release workflow, and a
/// workflow that uses the composite action with its inputs (actionlint reads `action.yml` for
/// `uses: ./`, and a misspelled input fails).
#[test]
fn the_workflows_and_the_action_pass_actionlint() {
    if !actionlint_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(prepbook(dir.path(), &["init", "hb"]).status.code(), Some(0));
    let (ok, said) = actionlint(&dir.path().join("hb"));
    assert!(ok, "pages.yml: {said}");

    let repo = dir.path().join("repo");
    for file in [
        ".github/workflows/release.yml",
        "action.yml",
        "scripts/install.sh",
    ] {
        let to = repo.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(project().join(file), to).unwrap();
    }
    let uses = "name: Use the action\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    \
                steps:\n      - uses: actions/checkout@v7\n      - uses: ./\n        with:\n          \
                version: 0.1.0\n          args: build --output public\n";
    write(&repo.join(".github/workflows/use.yml"), uses);
    let (ok, said) = actionlint(&repo);
    assert!(ok, "release.yml, action.yml: {said}");

    write(
        &repo.join(".github/workflows/use.yml"),
        &uses.replace("version:", "versoin:"),
    );
    let (ok, said) = actionlint(&repo);
    assert!(!ok && said.contains("versoin"), "{said}");
}

#[test]
fn init_force_overwrites_and_sample_adds_the_samples_beside_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path();
    write(&hb.join("content/sql.md"), NOTE);
    write(&hb.join("prepbook.yaml"), "title: Mine\n");
    write(&hb.join(".gitignore"), "/secrets\n");
    let out = prepbook(hb, &["init", "--sample"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let text = said(&out);
    assert!(
        text.contains("wrote content/system-design-checklist.md"),
        "{text}"
    );
    assert!(
        text.contains("kept prepbook.yaml (it is there already; --force overwrites it)"),
        "{text}"
    );
    assert!(!text.contains("no sample notes added"), "{text}");
    assert_eq!(
        std::fs::read_to_string(hb.join("content/sql.md")).unwrap(),
        NOTE
    );
    assert_eq!(
        std::fs::read_to_string(hb.join("prepbook.yaml")).unwrap(),
        "title: Mine\n"
    );

    let out = prepbook(hb, &["init", "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let text = said(&out);
    assert!(
        text.contains("overwrote prepbook.yaml") && text.contains("overwrote .gitignore"),
        "{text}"
    );
    let config = std::fs::read_to_string(hb.join("prepbook.yaml")).unwrap();
    assert!(config.contains("title: My Interview Handbook"), "{config}");
    // A note is never overwritten, not even a sample's namesake with --force.
    assert_eq!(
        std::fs::read_to_string(hb.join("content/sql.md")).unwrap(),
        NOTE
    );

    let quiet = prepbook(hb, &["init", "--force", "-q"]);
    assert_eq!(quiet.status.code(), Some(0), "{}", said(&quiet));
    assert_eq!(said(&quiet), "", "-q: nothing to say when all went well");
}

#[test]
fn new_writes_a_note_the_next_build_reads_as_questions() {
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path();
    write(&hb.join("content/sql.md"), NOTE);
    let out = prepbook(
        hb,
        &[
            "new",
            "Design a rate limiter",
            "--section",
            "System design",
            "--shape",
            "checklist",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", said(&out));
    let path = String::from_utf8_lossy(&out.stdout).trim_end().to_owned();
    assert_eq!(path, "content/system-design/design-a-rate-limiter.md");
    assert!(hb.join(&path).is_file());

    let (site, code) = export(&hb.join("content"));
    assert_eq!(code, 0);
    let doc = document(&site, "system-design/design-a-rate-limiter.md");
    assert_eq!(doc["title"], "Design a rate limiter");
    assert_eq!(doc["shape"], "checklist");
    assert_eq!(questions(doc)[0]["text"], "The first question?");
    let build = prepbook(hb, &["build"]);
    assert_eq!(build.status.code(), Some(0), "{}", said(&build));
    assert!(
        said(&build).contains("(2 documents, 2 questions)"),
        "{}",
        said(&build)
    );

    // The same title again: refused, the note untouched (exit 2).
    let before = std::fs::read(hb.join(&path)).unwrap();
    let again = prepbook(hb, &["new", "Design a rate limiter", "-s", "System design"]);
    assert_eq!(again.status.code(), Some(2), "{}", said(&again));
    assert!(
        said(&again).contains(
            "content/system-design/design-a-rate-limiter.md already exists; `prepbook new` never overwrites a note."
        ),
        "{}",
        said(&again)
    );
    assert_eq!(std::fs::read(hb.join(&path)).unwrap(), before);
    // Shapes are named as in front matter; a wrong one lists them.
    let wrong = prepbook(hb, &["new", "X", "--shape", "limerick"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        said(&wrong).contains("question-numbered"),
        "{}",
        said(&wrong)
    );
}

/// The "done when": in a folder of notes, `prepbook init` then `prepbook build --open`
/// as the README says, up to the browser being asked to open the built index.
#[cfg(unix)]
#[test]
fn init_in_a_notes_folder_then_build_open_opens_the_handbook() {
    use crate::cli::{opened, recording_browser};
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path().join("notes");
    write(&hb.join("sql.md"), NOTE);
    write(
        &hb.join("design/feed.md"),
        "# Feed\n\n## 1. How is a feed ranked?\n\nBy recency.\n",
    );
    let init = prepbook(&hb, &["init"]);
    assert_eq!(init.status.code(), Some(0), "{}", said(&init));
    assert!(
        said(&init).contains("next: prepbook build --open"),
        "{}",
        said(&init)
    );

    let browser = recording_browser(dir.path());
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(["build", "--open"])
        .env("PREPBOOK_BROWSER", &browser)
        .current_dir(&hb)
        .output()
        .unwrap();
    assert_eq!(build.status.code(), Some(0), "{}", said(&build));
    let index = hb.join("output/index.html");
    assert_eq!(opened(&browser), [index.to_str().unwrap()]);
    let page = std::fs::read_to_string(&index).unwrap();
    assert!(
        page.contains("sql.html"),
        "the index links the notes: {page}"
    );
}

/// Every shape `new --shape` offers writes a note whose question the next build finds: the
/// template is written the way that shape reads (a checklist item would be no question at all
/// in a `shape: table` note). The shapes are read from the usage error, so a new one is tested.
#[test]
fn new_writes_each_shape_so_that_its_question_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path();
    std::fs::create_dir(hb.join("content")).unwrap();
    let wrong = said(&prepbook(hb, &["new", "X", "--shape", "limerick"]));
    let shapes: Vec<String> = wrong
        .split("[possible values: ")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap_or_else(|| panic!("no possible values in {wrong}"))
        .split(", ")
        .map(str::to_owned)
        .collect();
    assert!(shapes.len() >= 15, "{shapes:?}");
    for shape in &shapes {
        let out = prepbook(hb, &["new", &format!("Shape {shape}"), "--shape", shape]);
        assert_eq!(out.status.code(), Some(0), "{shape}: {}", said(&out));
    }
    let (site, code) = export(&hb.join("content"));
    assert_eq!(code, 0, "{site}");
    for shape in &shapes {
        let doc = document(&site, &format!("shape-{shape}.md"));
        assert_eq!(doc["shape"], shape.as_str(), "{doc}");
        let asked: Vec<&str> = questions(doc)
            .iter()
            .map(|q| q["text"].as_str().unwrap())
            .collect();
        let expected: &[&str] = match shape.as_str() {
            "page" => &[],
            "exercise" => &["Shape exercise"],
            _ => &["The first question?"],
        };
        assert_eq!(asked, expected, "{shape}");
        for q in questions(doc) {
            assert!(!q["answer"].is_null(), "{shape}: unanswered {q}");
        }
    }
}
