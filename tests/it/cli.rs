//! The command line: check's output format and exit codes, export's error handling, bad input.

use crate::support::{export, handbook, prepbook, questions};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

// The command line people know (issue 13, item 4): short flags as in Zola, `--open`, colour,
// quiet and verbose, a progress bar on a terminal, completions and a man page.

/// Run `prepbook ARGS` in `dir` with extra environment variables.
fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(args)
        .env_remove("NO_COLOR")
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("the prepbook binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A stand-in browser: a script that appends each page it is asked to open to `<script>.log`.
/// Returns the script's path.
#[cfg(unix)]
pub(crate) fn recording_browser(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("browser");
    std::fs::write(&script, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$0.log\"\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// What the stand-in browser was asked to open, one page a line.
#[cfg(unix)]
pub(crate) fn opened(browser: &Path) -> Vec<String> {
    std::fs::read_to_string(browser.with_extension("log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Say on the process's standard error (which `cargo test` shows for a passing test too) that
/// part of the running test was not checked, because `tool` is missing. These tools are optional
/// (`.ci/run` does not install them), so this neither fails under CI nor says it installs them,
/// as `support::skipped` does.
fn not_checked(tool: &str, what: &str) {
    use std::io::Write as _;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED {test}: {tool} is missing, so {what} was not checked"
    );
}

/// Run `prepbook ARGS` in `dir` on a pseudo-terminal (util-linux `script`), with `env`; what
/// the terminal showed (standard output and error together), or `None` with a SKIPPED line when
/// `script` is missing.
#[cfg(unix)]
fn on_a_terminal(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Option<String> {
    let here = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !here {
        not_checked("script (util-linux)", "the output on a terminal");
        return None;
    }
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line = std::iter::once(env!("CARGO_BIN_EXE_prepbook"))
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

const NOTES: &[u8] =
    b"# SQL\n\n## 1. What is an index?\n\nA sorted copy.\n\n## 2. What is a view?\n";

#[test]
fn short_flags_are_the_long_ones() {
    let dir = handbook(&[("sql.md", NOTES)]);
    let out = prepbook(
        dir.path(),
        &["build", "-o", "public", "-u", "https://me.example/prep"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = std::fs::read_to_string(dir.path().join("public/index.html")).unwrap();
    assert!(
        index.contains(
            r#"<link rel="canonical" href="https:&#x2F;&#x2F;me.example&#x2F;prep&#x2F;">"#
        ),
        "{index}"
    );
    assert!(!dir.path().join("output").exists(), "-o chose the folder");

    // -c: the config in another folder, and the paths in it relative to that folder.
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    std::fs::write(
        dir.path().join("elsewhere/site.yaml"),
        "title: Far away\ncontent: ../content\noutput: built\n",
    )
    .unwrap();
    let out = prepbook(dir.path(), &["build", "-c", "elsewhere/site.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = std::fs::read_to_string(dir.path().join("elsewhere/built/index.html")).unwrap();
    assert!(index.contains("Far away"), "{index}");

    // export -o writes the file.
    let out = prepbook(dir.path(), &["export", "-o", "model.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("model.json").is_file());

    let help = stdout(&prepbook(dir.path(), &["build", "--help"]));
    for flag in [
        "-o, --output <DIR>",
        "-u, --base-url <URL>",
        "-O, --open",
        "-c, --config <FILE>",
        "-q, --quiet",
        "-v, --verbose",
        "--color <WHEN>",
        "Examples:",
    ] {
        assert!(help.contains(flag), "no {flag:?} in:\n{help}");
    }
    let help = stdout(&prepbook(dir.path(), &["serve", "--help"]));
    for flag in ["-p, --port <PORT>", "-O, --open", "-u, --base-url <URL>"] {
        assert!(help.contains(flag), "no {flag:?} in:\n{help}");
    }
    let help = stdout(&prepbook(dir.path(), &["--help"]));
    assert!(
        help.contains("prepbook build --open") && help.contains("prepbook new"),
        "{help}"
    );
}

#[cfg(unix)]
#[test]
fn build_open_opens_the_built_index_in_the_browser() {
    let dir = handbook(&[("sql.md", NOTES)]);
    let browser = recording_browser(dir.path());
    let env = [("PREPBOOK_BROWSER", browser.to_str().unwrap())];
    let out = run_with(dir.path(), &["build", "--open"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let index = dir.path().join("output/index.html");
    assert_eq!(opened(&browser), [index.to_str().unwrap()]);
    assert!(index.is_file());

    // -O is --open; a browser that cannot be started is said, and the build still succeeds.
    let out = run_with(
        dir.path(),
        &["build", "-O"],
        &[("PREPBOOK_BROWSER", "/nonexistent/browser")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not open a browser")
            && stderr(&out).contains("output/index.html yourself"),
        "{}",
        stderr(&out)
    );

    // A build that fails opens nothing.
    std::fs::write(
        dir.path().join("content/bad.md"),
        "---\ntitle: [unclosed\n---\n",
    )
    .unwrap();
    let out = run_with(dir.path(), &["build", "--open"], &env);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(opened(&browser).len(), 1, "opened after a failed build");
}

#[cfg(unix)]
#[test]
fn serve_open_opens_the_served_url_in_the_browser() {
    let dir = handbook(&[("sql.md", NOTES)]);
    let browser = recording_browser(dir.path());
    let server = crate::support::start_serve(
        dir.path(),
        &["serve", "-p", "0", "-O", "-u", "https://me.example/prep/"],
        |c| c.env("PREPBOOK_BROWSER", &browser),
    );
    let url = server.url.clone();
    let started = std::time::Instant::now();
    while opened(&browser).is_empty() && started.elapsed().as_secs() < 10 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(server);
    assert!(url.ends_with("/prep/"), "{url}");
    assert_eq!(opened(&browser), [url]);
}

#[test]
fn color_is_asked_for_or_left_out() {
    let dir = handbook(&[("sql.md", NOTES)]);
    let warning = "content/sql.md:7:1: \x1b[1;33mwarning\x1b[0m: no answer yet";
    // Into a pipe, `auto` (the default) does not colour.
    let plain = stdout(&run_with(dir.path(), &["check"], &[]));
    assert!(
        plain.contains("content/sql.md:7:1: warning: no answer yet"),
        "{plain}"
    );
    assert!(!plain.contains('\x1b'), "{plain:?}");
    for args in [
        &["--color", "always", "check"][..],
        &["check", "--color=always"],
    ] {
        let text = stdout(&run_with(dir.path(), args, &[]));
        assert!(text.contains(warning), "{args:?}: {text:?}");
    }
    // A flag on the command line wins over NO_COLOR (no-color.org).
    let text = stdout(&run_with(
        dir.path(),
        &["--color", "always", "check"],
        &[("NO_COLOR", "1")],
    ));
    assert!(text.contains(warning), "{text:?}");
    let text = stdout(&run_with(dir.path(), &["--color", "never", "check"], &[]));
    assert!(!text.contains('\x1b'), "{text:?}");
    // Errors and the build's summary too.
    let out = run_with(
        dir.path(),
        &["--color", "always", "check", "--content", "missing"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("prepbook: \x1b[1;31merror\x1b[0m: no content folder"),
        "{:?}",
        stderr(&out)
    );
    let out = run_with(dir.path(), &["build", "--color", "always"], &[]);
    assert!(
        stderr(&out).contains("\x1b[1;32mbuilt\x1b[0m 4 pages"),
        "{:?}",
        stderr(&out)
    );
    let out = run_with(dir.path(), &["check", "--color", "sometimes"], &[]);
    assert_eq!(out.status.code(), Some(2), "a wrong value is a usage error");
    // clap's own help and usage errors follow the flag too.
    let help = stdout(&run_with(dir.path(), &["--color", "always", "--help"], &[]));
    assert!(help.contains("\x1b[1m\x1b[4mUsage:"), "{help:?}");
    let help = stdout(&run_with(
        dir.path(),
        &["build", "--help", "--color=never"],
        &[],
    ));
    assert!(
        help.contains("Usage:") && !help.contains('\x1b'),
        "{help:?}"
    );
    let out = run_with(dir.path(), &["build", "--nope", "--color", "always"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("\x1b[31merror:"),
        "{:?}",
        stderr(&out)
    );

    // On a terminal, `auto` colours, unless NO_COLOR is set (and not empty).
    #[cfg(unix)]
    {
        let Some(shown) = on_a_terminal(dir.path(), &["check"], &[]) else {
            return;
        };
        assert!(shown.contains(warning), "{shown:?}");
        let shown = on_a_terminal(dir.path(), &["check"], &[("NO_COLOR", "1")]).unwrap();
        assert!(
            shown.contains("content/sql.md:7:1: warning: no answer yet") && !shown.contains('\x1b'),
            "{shown:?}"
        );
        let shown = on_a_terminal(dir.path(), &["check"], &[("NO_COLOR", "")]).unwrap();
        assert!(
            shown.contains(warning),
            "an empty NO_COLOR is not set: {shown:?}"
        );
    }
}

#[test]
fn quiet_says_only_what_went_wrong_and_verbose_says_more() {
    let dir = handbook(&[("sql.md", NOTES)]);
    let out = prepbook(dir.path(), &["build", "-q"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "", "no summary line");
    assert!(dir.path().join("output/index.html").is_file());
    let out = prepbook(dir.path(), &["check", "--quiet"]);
    let text = stdout(&out);
    assert!(text.contains("warning: no answer yet"), "{text}");
    assert!(!text.contains("checked 1 documents"), "{text}");

    let out = prepbook(dir.path(), &["build", "-v", "-o", "site"]);
    assert_eq!(out.status.code(), Some(0));
    let said = stderr(&out);
    for line in [
        "prepbook: config: none (the defaults)",
        "prepbook: content: content",
        "prepbook: output: site",
        "prepbook: base URL: none",
        "built 4 pages",
    ] {
        assert!(said.contains(line), "no {line:?} in {said}");
    }
    let out = prepbook(dir.path(), &["build", "-q", "-v"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn the_progress_bar_is_drawn_on_a_terminal_only() {
    let dir = handbook(&[("sql.md", NOTES)]);
    // Not a terminal: the summary line as it always was, no bar.
    let out = prepbook(dir.path(), &["build"]);
    let said = stderr(&out);
    assert!(said.starts_with("\rbuilt 4 pages"), "{said:?}");
    assert_eq!(said.lines().count(), 1, "{said:?}");
    #[cfg(unix)]
    {
        let delay = [("PREPBOOK_PROGRESS_AFTER_MS", "0")];
        let Some(shown) = on_a_terminal(dir.path(), &["build"], &delay) else {
            return;
        };
        assert!(
            shown.contains("\rrendering [========================] 4/4 pages\r\x1b[2K"),
            "{shown:?}"
        );
        assert!(shown.contains("built\x1b[0m 4 pages"), "{shown:?}");
        // A build under a second shows no bar; nor does -q.
        let shown = on_a_terminal(dir.path(), &["build"], &[]).unwrap();
        assert!(!shown.contains("rendering ["), "{shown:?}");
        let shown = on_a_terminal(dir.path(), &["build", "-q"], &delay).unwrap();
        assert!(
            !shown.contains("rendering [") && !shown.contains("built"),
            "{shown:?}"
        );
    }
}

#[test]
fn completions_are_scripts_the_shells_read() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = prepbook(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        for word in ["prepbook", "build", "serve", "base-url", "completions"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        // Each shell that is installed checks the syntax of its script.
        let check: &[&str] = match shell {
            "bash" => &["bash", "-n"],
            "zsh" => &["zsh", "-n"],
            "fish" => &["fish", "--no-execute"],
            _ => continue,
        };
        let file = dir.path().join(format!("prepbook.{shell}"));
        std::fs::write(&file, &script).unwrap();
        match Command::new(check[0]).args(&check[1..]).arg(&file).output() {
            Ok(o) => assert!(o.status.success(), "{shell} -n: {}", stderr(&o)),
            Err(_) if shell == "bash" => panic!("bash runs the test suite's scripts"),
            Err(_) => not_checked(check[0], &format!("the {shell} script's syntax")),
        }
    }
    let out = prepbook(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_that_man_reads() {
    let dir = tempfile::tempdir().unwrap();
    let out = prepbook(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.contains(".TH prepbook 1"), "{page}");
    let file = dir.path().join("prepbook.1");
    std::fs::write(&file, &page).unwrap();
    // Hidden from the help: it is for packagers and the release.
    assert!(!stdout(&prepbook(dir.path(), &["--help"])).contains("\n  man "));
    let groff = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-P", "-cbou"])
        .arg(&file)
        .output();
    let Ok(groff) = groff else {
        not_checked("groff", "the man page's roff");
        return;
    };
    assert!(groff.status.success(), "{}", stderr(&groff));
    assert_eq!(stderr(&groff), "", "groff warned");
    let text = String::from_utf8_lossy(&groff.stdout);
    for word in ["NAME", "SYNOPSIS", "SUBCOMMANDS", "--color", "completions"] {
        assert!(text.contains(word), "no {word} in:\n{text}");
    }
}

#[test]
fn export_bom_for_excel_and_deck_for_anki() {
    let dir = handbook(&[(
        "sql.md",
        "# SQL — basics\n\n## Indexes\n\n### 1. What is an index?\n\nA sorted copy.\n".as_bytes(),
    )]);
    let out = prepbook(dir.path(), &["export", "--format", "csv", "--bom"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out
        .stdout
        .starts_with("\u{feff}question,answer,".as_bytes()));
    let plain = prepbook(dir.path(), &["export", "--format", "csv"]);
    assert!(plain.stdout.starts_with(b"question,answer,"));

    let out = prepbook(
        dir.path(),
        &["export", "--format", "anki", "--deck", "Prep::{section}"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card = stdout(&out)
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap()
        .to_owned();
    assert_eq!(card.split('\t').nth(3), Some("Prep::Indexes"), "{card}");

    for args in [
        &["export", "--format", "anki", "--bom"][..],
        &["export", "--deck", "X"],
    ] {
        let out = prepbook(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("leave it out"), "{}", stderr(&out));
    }
}

/// The release workflow's docs job runs `prepbook man --dir` and `prepbook completions SHELL`:
/// each of its commands, run here with this binary, succeeds and writes what the archives get.
#[test]
fn the_release_ships_the_man_pages_and_completions_this_binary_prints() {
    let workflow =
        std::fs::read_to_string(crate::support::project().join(".github/workflows/release.yml"))
            .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs/man")).unwrap();
    let mut made = Vec::new();
    for line in workflow.lines().map(str::trim) {
        let Some(command) = line.strip_prefix("target/debug/prepbook ") else {
            continue;
        };
        let (args, file) = command.split_once(" > ").unwrap_or((command, ""));
        let args: Vec<&str> = args.split_whitespace().collect();
        let out = prepbook(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{line}: {}", stderr(&out));
        if !file.is_empty() {
            assert!(!out.stdout.is_empty(), "{line}");
            made.push(file.to_owned());
        }
    }
    assert_eq!(made.len(), 4, "four shells: {made:?}");
    let man = dir.path().join("docs/man");
    for page in [
        "prepbook.1",
        "prepbook-build.1",
        "prepbook-serve.1",
        "prepbook-new.1",
    ] {
        let text = std::fs::read_to_string(man.join(page)).unwrap_or_default();
        assert!(text.contains(".TH prepbook"), "{page}: {text}");
    }
    assert!(!man.join("prepbook-man.1").exists(), "man is hidden");
    assert!(
        workflow.contains("cp -R docs/. stage/"),
        "the archives hold them"
    );
}
