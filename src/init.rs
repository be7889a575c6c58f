//! `prepbook init`: a new handbook from the sample embedded in the binary.
//!
//! Input: a folder. Output: `prepbook.yaml`, the sample `content/`, a `.gitignore` and a GitHub
//! Pages workflow written into it. Refuses to touch a folder that already holds a handbook
//! (a `prepbook.yaml` or a non-empty `content/`), and never overwrites a file.

use crate::error::Error;
use crate::render::theme::SAMPLE_FILES;
use std::path::{Path, PathBuf};

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

/// Checks the notes (annotating pull requests), builds with prepbook and deploys with the
/// official Pages actions, taking the base URL from the repository's Pages configuration.
/// Checked with actionlint in the test suite.
pub(crate) const WORKFLOW: &str = r#"# Build the handbook with prepbook and publish it on GitHub Pages.
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
      - uses: dtolnay/rust-toolchain@stable
      - uses: Swatinem/rust-cache@v2
      - name: Install prepbook
        run: cargo install --locked prepbook
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

/// Scaffold a handbook in `dir`; returns the files written.
pub(crate) fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let content = dir.join("content");
    let has_content = content.is_dir()
        && std::fs::read_dir(&content)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
    if dir.join(crate::settings::CONFIG_FILE).exists() || has_content {
        return Err(Error::Exists {
            path: dir.to_path_buf(),
        });
    }
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (dir.join(crate::settings::CONFIG_FILE), CONFIG.as_bytes()),
        (dir.join(".github/workflows/pages.yml"), WORKFLOW.as_bytes()),
    ];
    if !dir.join(".gitignore").exists() {
        files.push((dir.join(".gitignore"), GITIGNORE.as_bytes()));
    }
    files.extend(
        SAMPLE_FILES
            .iter()
            .map(|(path, bytes)| (content.join(path), *bytes)),
    );
    for (path, _) in &files {
        if path.exists() {
            return Err(Error::Exists { path: path.clone() });
        }
    }
    for (path, bytes) in &files {
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
    Ok(files.into_iter().map(|(p, _)| p).collect())
}
