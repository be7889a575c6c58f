//! `check` beyond the basics: links that lead nowhere, and the GitHub Actions output format.

use crate::support::{handbook, prepbook, project, shared};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `broken-link` lines of `check`'s text output, without the path of the content folder.
fn broken_links(out: &std::process::Output) -> Vec<String> {
    stdout(out)
        .lines()
        .filter(|l| l.ends_with("[broken-link]"))
        .map(|l| l.strip_prefix("content/").unwrap_or(l).to_owned())
        .collect()
}

const QUEUES: &str = "---
title: Queues
tags: [backend]
---

# Queues

## Basics

### What is a message queue?

A buffer between producers and consumers; compare it with [caching](../web/caching.md#what-is-a-cache), see the [basics](#section-basics) and [this question](#what-is-a-message-queue).

### Why use a dead-letter queue?

It keeps poison messages aside. See [retries](#retry-policy), [sizing](../web/sizing.md) and [the first cache question](../web/caching.md#what-is-a-cahce).
Drafts are not published: [later](../drafts/later.md).

```markdown
[inside code](#not-checked)
```

**[⬆ Back to Top](#table-of-contents)**
";

const CACHING: &str = "## 1. What is a cache?

A fast copy of slow data. Queues are in [another page](../ops/queues.md), the same question by id is [here](caching.md#web-caching--what-is-a-cache), the top of the page is [here](#top), and [a site](https://example.com/x.md#nope) is not checked.

## 2. When does a cache go stale?

When the data behind it changes; [queues](../ops/queue.md) spread the news. <a id=\"stale-note\"></a>[Self](#stale-note), [old style](#old-style) <a name=\"old-style\"></a>.
";

#[test]
fn links_to_missing_documents_and_anchors_are_reported_where_they_are_written() {
    let dir = handbook(&[
        ("ops/queues.md", QUEUES.as_bytes()),
        ("web/caching.md", CACHING.as_bytes()),
        (
            "drafts/later.md",
            b"---\ndraft: true\n---\n## 1. Later?\n\nSoon.\n",
        ),
    ]);
    let out = prepbook(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "broken links are warnings");
    assert_eq!(
        broken_links(&out),
        [
            // Lines count from the top of the file, front matter included.
            "ops/queues.md:16:37: warning: the link \"#retry-policy\" points at no anchor in this document; point it at a question or section heading the page has. [broken-link]",
            "ops/queues.md:16:63: warning: the link \"../web/sizing.md\" leads to web/sizing.md, which is not a document of the handbook; fix the path (it is relative to this file) or write that document. [broken-link]",
            "ops/queues.md:16:94: warning: the link \"../web/caching.md#what-is-a-cahce\" points at no anchor in web/caching.md; did you mean \"#what-is-a-cache\"? [broken-link]",
            "ops/queues.md:17:27: warning: the link \"../drafts/later.md\" leads to drafts/later.md, a draft left out of the site; build with --drafts, or remove the link until the draft is done. [broken-link]",
            "web/caching.md:7:34: warning: the link \"../ops/queue.md\" leads to ops/queue.md, which is not a document of the handbook; did you mean \"../ops/queues.md\"? [broken-link]",
            "web/caching.md:7:121: warning: the link \"#old-style\" points at no anchor in this document, only a `name=\"old-style\"`, which the site drops; write `id=\"old-style\"` instead. [broken-link]",
        ]
    );

    // With the draft built, the link to it leads somewhere.
    let out = prepbook(dir.path(), &["check", "--drafts"]);
    assert!(
        !broken_links(&out).iter().any(|l| l.contains("later.md")),
        "{}",
        stdout(&out)
    );

    // The JSON format lists them too, with their code and position.
    let out = prepbook(dir.path(), &["check", "--format", "json"]);
    let all: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let links: Vec<(String, u64, u64)> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "broken-link")
        .map(|d| {
            (
                d["source"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("ops/queues.md".to_owned(), 16, 37),
            ("ops/queues.md".to_owned(), 16, 63),
            ("ops/queues.md".to_owned(), 16, 94),
            ("ops/queues.md".to_owned(), 17, 27),
            ("web/caching.md".to_owned(), 7, 34),
            ("web/caching.md".to_owned(), 7, 121),
        ]
    );
}

#[test]
fn the_sample_and_the_seeds_have_no_broken_links() {
    let mut roots = vec![project().join("content")];
    roots.extend(shared().map(|s| s.join("seeds")));
    for content in roots {
        for drafts in [false, true] {
            let mut args = vec!["check", "--content", content.to_str().unwrap()];
            if drafts {
                args.push("--drafts");
            }
            let out = prepbook(&project(), &args);
            assert_eq!(broken_links(&out), Vec::<String>::new(), "{args:?}");
        }
    }
}

#[test]
fn a_table_of_contents_written_for_github_resolves() {
    // The sample's React page links its questions from a table by their GitHub anchors.
    let sample = std::fs::read_to_string(project().join("content/react-fundamentals.md")).unwrap();
    assert!(sample.contains("](#what-is-the-virtual-dom)"));
    let mut broken = sample.replace(
        "](#what-is-the-virtual-dom)",
        "](#what-is-the-virtual-dome)",
    );
    broken.push_str("\nSee also [the career page](../career-answers.md#question-4).\n");
    let dir = handbook(&[
        ("web/react.md", broken.as_bytes()),
        (
            "career-answers.md",
            &std::fs::read(project().join("content/career-answers.md")).unwrap(),
        ),
    ]);
    let out = prepbook(dir.path(), &["check"]);
    let links = broken_links(&out);
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(
        links[0].starts_with("web/react.md:7:")
            && links[0].contains("did you mean \"#what-is-the-virtual-dom\"?"),
        "{links:?}"
    );
    assert!(
        links[1].contains("no anchor in career-answers.md"),
        "{links:?}"
    );
}

/// Run `prepbook ARGS` in `dir` with `GITHUB_WORKSPACE` as given (unset when `None`).
fn in_workflow(
    dir: &std::path::Path,
    workspace: Option<&std::path::Path>,
    args: &[&str],
) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_prepbook"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_WORKSPACE");
    if let Some(w) = workspace {
        command.env("GITHUB_WORKSPACE", w);
    }
    command.output().expect("the prepbook binary runs")
}

#[test]
fn github_format_prints_one_workflow_command_per_diagnostic() {
    let dir = handbook(&[
        ("broken.md", b"---\nshape: sonnet\n---\nbody\n".as_slice()),
        (
            "notes, v2: 100%.md",
            b"---\n\"odd\\nkey 50%\": 1\n---\n## 1. What is a queue?\n\nA FIFO buffer for [your team].\n",
        ),
    ]);
    let out = in_workflow(dir.path(), None, &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1), "errors fail the step");
    assert_eq!(
        stdout(&out).lines().collect::<Vec<_>>(),
        [
            "::error file=content/broken.md,line=2,col=1::`shape` names no parser. Use one of: checklist, question-numbered, categories, list-headings, bold-questions, bullets, question-paragraphs, plain-text, transcript, details, table, exercise, callouts, pattern, page; or remove the key to let prepbook detect the shape. [unknown-shape]",
            "::notice file=content/notes%2C v2%3A 100%25.md,line=2,col=1::front-matter key `odd%0Akey 50%25` is not used by prepbook; it is kept. Known keys: title, subtitle, tags, company, role, difficulty, order, draft, shape, questions, sections. [unknown-key]",
            "::warning file=content/notes%2C v2%3A 100%25.md,line=6,col=19::blank to fill: [your team]. Replace it with your own words. [placeholder]",
            "checked 2 documents, 1 questions (0 unanswered): 1 errors, 1 warnings, 1 notes",
        ]
    );

    // Warnings alone pass the step, as in text format; --strict fails it.
    std::fs::remove_file(dir.path().join("content/broken.md")).unwrap();
    let out = in_workflow(dir.path(), None, &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let out = in_workflow(
        dir.path(),
        None,
        &["check", "--format", "github", "--strict"],
    );
    assert_eq!(out.status.code(), Some(1));

    // In a workflow, paths are from the repository root even when prepbook runs in a
    // sub-folder (the handbook's folder, here) or is given an absolute content folder.
    let content = dir.path().join("content");
    let root = dir.path().parent().unwrap();
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    for args in [
        vec!["check", "--format", "github"],
        vec![
            "check",
            "--format",
            "github",
            "--content",
            content.to_str().unwrap(),
        ],
    ] {
        let out = in_workflow(dir.path(), Some(root), &args);
        let first = stdout(&out).lines().next().unwrap().to_owned();
        assert!(
            first.starts_with(&format!(
                "::notice file={name}/content/notes%2C v2%3A 100%25.md,line=2,col=1::"
            )),
            "{args:?}: {first}"
        );
    }
}

#[test]
fn the_scaffolded_workflow_checks_with_annotations_before_building() {
    let dir = tempfile::tempdir().unwrap();
    let run = prepbook(dir.path(), &["init", "hb"]);
    assert_eq!(run.status.code(), Some(0));
    let workflow =
        std::fs::read_to_string(dir.path().join("hb/.github/workflows/pages.yml")).unwrap();
    let check = workflow
        .find("run: prepbook check --format github\n")
        .expect("the check step prints annotations");
    let build = workflow.find("run: prepbook build").unwrap();
    assert!(check < build, "the notes are checked before the build");
    // Without --strict (the step's line ends after `github`), warnings do not fail the job;
    // errors do, since nothing lets the step fail quietly.
    assert!(!workflow.contains("continue-on-error"));
    // The scaffold's own notes give the job no error to fail on.
    let out = in_workflow(
        &dir.path().join("hb"),
        None,
        &["check", "--format", "github"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out)
        .lines()
        .all(|l| l.starts_with("::") || l.starts_with("checked ")));
}

/// "What is logged?" over different code asks something else each time; the same words over
/// the same code are still a duplicate.
#[test]
fn the_same_words_over_different_code_are_not_a_duplicate() {
    let quiz = "# Quiz\n\n###### 1. What is logged?\n\n```js\nconsole.log(1 + 1);\n```\n\n- A: `2`\n- B: `11`\n\nAnswer: A\n\n###### 2. What is logged?\n\n```js\nconsole.log('1' + 1);\n```\n\n- A: `2`\n- B: `11`\n\nAnswer: B\n\n###### 3. What is logged?\n\n```js\nconsole.log(1 + 1);\n```\n\n- A: `2`\n- B: `11`\n\nAnswer: A\n";
    let dir = handbook(&[("quiz.md", quiz.as_bytes())]);
    let out = prepbook(dir.path(), &["check", "--format", "json"]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let duplicates: Vec<u64> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "duplicate-question")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(duplicates, [25], "only question 3 repeats question 1");
}
