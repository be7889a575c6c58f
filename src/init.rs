//! `prepbook init`: a handbook where the notes are, or a new one from the sample.
//!
//! Input: a folder and [`Options`]. Output: a [`Report`] of the files written and kept. In a new
//! or empty folder it writes `prepbook.yaml`, the sample `content/`, a `.gitignore` and a GitHub
//! Pages workflow. In a folder that already holds notes it keeps them and writes only
//! `prepbook.yaml` (pointing at the notes), the workflow and `.gitignore`, each only if missing
//! (`sample` adds the sample notes too; `force` overwrites what it would write). It never
//! deletes anything, and a run that would write nothing is an error, so a script sees it.

use crate::error::Error;
use crate::model::Shape;
use std::fmt;
use std::path::{Path, PathBuf};

// The sample handbook (`content/`), embedded by build.rs.
include!(concat!(env!("OUT_DIR"), "/sample_handbook.rs"));

const CONFIG: &str = "\
# prepbook configuration. Every key is optional; see `prepbook --help`.
title: My Interview Handbook
description: Questions, answers and mock interviews, ready to practise.
# The absolute URL the site is published at. The GitHub Pages workflow passes it with
# --base-url, so you only need this for builds elsewhere.
# base_url: https://USER.github.io/REPO/
theme: default
raw_html: false
";

const GITIGNORE: &str = "/output\n/.prepbook-cache\n";

/// The GitHub Pages workflow: checks the notes (annotating pull requests), installs the
/// released prepbook this one is (the composite action at the same tag downloads it and checks
/// its SHA-256; no compiling, no cache), builds, and deploys with the official Pages actions,
/// taking the base URL from the repository's Pages configuration. `VERSION` is replaced by this
/// prepbook's version. Checked with actionlint in the test suite.
const WORKFLOW: &str = r#"# Build the handbook with prepbook and publish it on GitHub Pages.
# In the repository settings, set Pages > Build and deployment > Source to "GitHub Actions".
name: Publish handbook

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: pages-${{ github.ref }}
  cancel-in-progress: true

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
        with:
          persist-credentials: false
      # A released binary in seconds, its SHA-256 checked against the release's sums; built
      # with `cargo install --locked` only if no binary can be downloaded. Pinned: change both
      # numbers together to upgrade.
      - name: Install prepbook
        uses: REPOSITORY@vVERSION
        with:
          version: VERSION
      # Errors in the notes fail the job; warnings and notes only annotate the files, in the
      # pull request too. Add --strict to fail on warnings as well.
      - name: Check the notes
        run: prepbook check --format github
      - id: pages
        uses: actions/configure-pages@v6
      - name: Build the site
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: prepbook build --base-url "$BASE_URL/" --output public
      - uses: actions/upload-pages-artifact@v5
        with:
          path: public

  deploy:
    if: github.event_name != 'pull_request' && github.ref == 'refs/heads/main'
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
"#;

/// The GitHub repository prepbook is released from (`owner/name`): the action and the release
/// downloads live there. scripts/install.sh, action.yml and Cargo.toml name it too.
pub(crate) const REPOSITORY: &str = "prepbook/prepbook";

/// The workflow for this version of prepbook.
pub(crate) fn workflow() -> String {
    WORKFLOW
        .replace("REPOSITORY", REPOSITORY)
        .replace("VERSION", env!("CARGO_PKG_VERSION"))
}

/// What `init` may do beyond the defaults.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Options {
    /// Write the sample notes even where there are notes already (never over one).
    pub(crate) sample: bool,
    /// Overwrite the files init writes when they are there.
    pub(crate) force: bool,
}

/// What became of one file init writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// It was not there and is now.
    Wrote,
    /// It was there and was overwritten (`force`).
    Replaced,
    /// It was there and was left alone.
    Kept,
}

/// What `init` did, for the command to print.
#[derive(Debug)]
pub(crate) struct Report {
    /// The folder of the handbook.
    pub(crate) dir: PathBuf,
    /// The folder of notes found there, and how many documents it holds; `None` for a new
    /// handbook from the sample.
    pub(crate) notes: Option<(PathBuf, usize)>,
    /// Every file init writes, and what became of it.
    pub(crate) files: Vec<(PathBuf, Outcome)>,
}

impl Report {
    /// The files written (new or overwritten).
    pub(crate) fn written(&self) -> impl Iterator<Item = &Path> {
        self.files
            .iter()
            .filter(|(_, o)| *o != Outcome::Kept)
            .map(|(p, _)| p.as_path())
    }

    /// One line per file kept, saying why, and the notes kept.
    pub(crate) fn kept_lines(&self) -> Vec<String> {
        let rel = |p: &Path| p.strip_prefix(&self.dir).unwrap_or(p).display().to_string();
        let mut lines: Vec<String> = self
            .files
            .iter()
            .filter(|(_, o)| *o == Outcome::Kept)
            .map(|(p, _)| {
                format!(
                    "kept {} (it is there already; --force overwrites it)",
                    rel(p)
                )
            })
            .collect();
        if let Some((notes, count)) = &self.notes {
            let folder = match rel(notes) {
                r if r.is_empty() => ".".to_owned(),
                r => r,
            };
            lines.push(format!(
                "kept your notes: {count} documents in {folder}, no sample notes added (--sample adds them)"
            ));
        }
        lines
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rel = |p: &Path| p.strip_prefix(&self.dir).unwrap_or(p).display().to_string();
        for (path, outcome) in &self.files {
            match outcome {
                Outcome::Wrote => writeln!(f, "wrote {}", rel(path))?,
                Outcome::Replaced => writeln!(f, "overwrote {}", rel(path))?,
                Outcome::Kept => {}
            }
        }
        for line in self.kept_lines() {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

/// The files that are not notes, though written in markdown: a repository's own.
const NOT_NOTES: [&str; 6] = [
    "readme",
    "license",
    "licence",
    "changelog",
    "contributing",
    "code_of_conduct",
];

/// The documents under `dir` (not hidden folders, `output`, `node_modules` or `target`, nor a
/// repository's README and the like), counted up to `limit`.
fn count_notes(dir: &Path, limit: usize) -> usize {
    walkdir::WalkDir::new(dir)
        .max_depth(6)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(e.file_type().is_dir()
                    && (name.starts_with('.')
                        || ["output", "node_modules", "target", "public"].contains(&name.as_ref())))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && crate::load::is_document(e.path()))
        .filter(|e| {
            let stem = e.path().file_stem().unwrap_or_default().to_string_lossy();
            !NOT_NOTES.contains(&stem.to_ascii_lowercase().as_str())
        })
        .take(limit)
        .count()
}

/// Set up a handbook in `dir` (see the module docs).
pub(crate) fn run(dir: &Path, options: Options) -> Result<Report, Error> {
    let content = dir.join("content");
    const ENOUGH: usize = 100_000;
    let notes = match count_notes(&content, ENOUGH) {
        0 => match count_notes(dir, ENOUGH) {
            0 => None,
            n => Some((dir.to_path_buf(), n)),
        },
        n => Some((content.clone(), n)),
    };
    let config = match &notes {
        // Notes outside `content/`: the handbook is the whole folder.
        Some((folder, _)) if *folder == dir => format!(
            "{CONFIG}# The notes are in this folder itself (and its subfolders).\ncontent: .\n"
        ),
        _ => CONFIG.to_owned(),
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        (dir.join(crate::settings::CONFIG_FILE), config.into_bytes()),
        (
            dir.join(".github/workflows/pages.yml"),
            workflow().into_bytes(),
        ),
        (dir.join(".gitignore"), GITIGNORE.as_bytes().to_vec()),
    ];
    if notes.is_none() || options.sample {
        files.extend(
            SAMPLE_HANDBOOK
                .iter()
                .map(|(path, bytes)| (content.join(path), bytes.to_vec())),
        );
    }
    let mut report = Report {
        dir: dir.to_path_buf(),
        notes: notes.filter(|_| !options.sample),
        files: Vec::new(),
    };
    let is_sample = |p: &Path| p.starts_with(&content);
    for (path, _) in &files {
        // A sample never replaces a note of the same name, even with `force`.
        let outcome = match (path.exists(), options.force && !is_sample(path)) {
            (false, _) => Outcome::Wrote,
            (true, true) => Outcome::Replaced,
            (true, false) => Outcome::Kept,
        };
        report.files.push((path.clone(), outcome));
    }
    if report.written().next().is_none() {
        return Err(Error::Exists {
            path: dir.to_path_buf(),
        });
    }
    for ((path, bytes), (_, outcome)) in files.iter().zip(&report.files) {
        if *outcome == Outcome::Kept {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(path, bytes).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
    }
    Ok(report)
}

/// The pattern a new note declared `pattern` starts its questions with.
const PATTERN: &str = "/^Q[.] (.*)/";

/// The body of a new note: one question and its answer written the way `shape` reads them (a
/// numbered checklist item when no shape is given), so that the next build finds the question
/// whatever shape was asked for. An exercise is one question, its title; a page has none.
fn template(shape: Option<Shape>) -> &'static str {
    match shape {
        None | Some(Shape::Checklist) => {
            "## 1. The first question?\n\nThe answer, in your own words.\n"
        }
        Some(Shape::QuestionNumbered) => {
            "## Question 1: The first question?\n\n### Answer\n\nThe answer, in your own words.\n\n---\n"
        }
        Some(Shape::Categories) => {
            "## General\n\n### The first question?\n\nThe answer, in your own words.\n"
        }
        Some(Shape::ListHeadings) => {
            "1. ### The first question?\n\n   The answer, in your own words.\n"
        }
        Some(Shape::BoldQuestions) => {
            "**The first question?**\n\nThe answer, in your own words.\n"
        }
        Some(Shape::Bullets) => "* The first question?\n  * The answer, in your own words.\n",
        Some(Shape::QuestionParagraphs) => {
            "Question: The first question?\n\n```js\nconsole.log(typeof null);\n```\n\n\
             Answer: The answer, in your own words.\n"
        }
        Some(Shape::PlainText) => {
            "General:\n\n1. \"The first question?\"\nThe answer, in your own words.\n"
        }
        Some(Shape::Transcript) => {
            "INTERVIEWER: The first question?\n\nCANDIDATE: The answer, in your own words.\n"
        }
        Some(Shape::Details) => {
            "<details>\n<summary>The first question?</summary>\n\n\
             The answer, in your own words.\n\n</details>\n"
        }
        Some(Shape::Table) => {
            "| Question | Answer |\n|---|---|\n| The first question? | The answer, in your own words. |\n"
        }
        Some(Shape::Exercise) => "## Step 1\n\nWhat to do first, and why.\n",
        Some(Shape::Callouts) => {
            "> [!question]- The first question?\n> The answer, in your own words.\n"
        }
        Some(Shape::Pattern) => "Q. The first question?\n\nThe answer, in your own words.\n",
        Some(Shape::Page) => "Write here.\n",
    }
}

/// `prepbook new TITLE [--section S] [--shape S]`: write a note from a template into `content`
/// (in the section's folder, named after the title's slug) and return its path. The front
/// matter holds the title (and the shape, when given, to skip detection); the body is one
/// question to replace, written in that shape ([`template`]). Never overwrites a file.
pub(crate) fn new_note(
    content: &Path,
    title: &str,
    section: Option<&str>,
    shape: Option<Shape>,
) -> Result<PathBuf, Error> {
    let title = title.trim();
    let slug = Some(crate::slug::slugify(title, 60))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "note".to_owned());
    let folder = match section.map(|s| crate::slug::slugify(s, 60)) {
        Some(s) if !s.is_empty() => content.join(s),
        _ => content.to_path_buf(),
    };
    let path = folder.join(format!("{slug}.md"));
    if path.exists() {
        return Err(Error::NoteExists { path });
    }
    // The title is written as a YAML string in double quotes, so any text is read back as is.
    let quoted = serde_json::to_string(title).unwrap_or_default();
    let declared = match shape {
        None => String::new(),
        // A pattern is declared by the pattern itself; `shape: pattern` alone finds nothing.
        Some(Shape::Pattern) => format!("questions: \"{PATTERN}\"\n"),
        Some(s) => format!("shape: {}\n", s.name()),
    };
    let heading = title.replace('\n', " ");
    let body = template(shape);
    let text = format!("---\ntitle: {quoted}\n{declared}---\n\n# {heading}\n\n{body}");
    std::fs::create_dir_all(&folder).map_err(|source| Error::Io {
        path: folder.clone(),
        source,
    })?;
    // `create_new`: a file made since the check above is not overwritten either.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::AlreadyExists => Error::NoteExists { path: path.clone() },
            _ => Error::Io {
                path: path.clone(),
                source,
            },
        })?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_note_lands_in_its_section_reads_back_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let path = new_note(
            &content,
            "Design a rate limiter: \"token\" bucket?",
            Some("System Design"),
            Some(Shape::Checklist),
        )
        .unwrap();
        assert_eq!(
            path,
            content.join("system-design/design-a-rate-limiter-token-bucket.md")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        let mut diagnostics = Vec::new();
        let split = crate::parse::front_matter::split(&text, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            split.front.title.as_deref(),
            Some("Design a rate limiter: \"token\" bucket?")
        );
        assert_eq!(split.front.shape, Some(Shape::Checklist));
        assert!(matches!(
            new_note(
                &content,
                "Design a rate limiter: \"token\" bucket?",
                Some("System Design"),
                None
            ),
            Err(Error::NoteExists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        assert_eq!(
            new_note(&content, "???", None, None).unwrap(),
            content.join("note.md")
        );
    }
}
