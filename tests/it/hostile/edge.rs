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
    // Enough diagnostics to fill the pipe, so the write fails however early the reader leaves.
    let notes: String = (1..=3000)
        .map(|n| format!("## {n}. What is thing number {n}?\n\n"))
        .collect();
    let dir = handbook(&[("many.md", notes.as_bytes())]);
    for format in ["json", "text", "github"] {
        let out = crate::support::into_closed_pipe(dir.path(), &["check", "--format", format]);
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

/// A running `prepbook serve`, stopped when dropped.
struct Served {
    child: std::process::Child,
    /// `127.0.0.1:PORT`
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, extra: &[&str]) -> Served {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    Served { child, addr }
}

/// Send `raw` (the client may be cut off midway) and return what came back: (status, text).
fn exchange(server: &Served, raw: Vec<u8>) -> (u16, String) {
    use std::io::{Read, Write};
    let stream = std::net::TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(15)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&raw);
    });
    let mut back = Vec::new();
    let _ = (&stream).read_to_end(&mut back);
    let _ = sending.join();
    let text = String::from_utf8_lossy(&back).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// `GET path` with the given Host header (none when `None`).
fn get_with_host(server: &Served, path: &str, host: Option<&str>) -> (u16, String) {
    let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
    let raw = format!("GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
    exchange(server, raw.into_bytes())
}

fn get(server: &Served, path: &str) -> (u16, String) {
    get_with_host(server, path, Some(&server.addr.clone()))
}

#[test]
fn serve_answers_only_loopback_hosts() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let server = serve(dir.path(), &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            get_with_host(&server, "/a.html", Some(&host)).0,
            200,
            "{host}"
        );
    }
    // A page on the internet whose name was rebound to 127.0.0.1 sends its own name.
    for host in [
        Some(format!("attacker.example:{port}")),
        Some("attacker.example".to_owned()),
        Some(format!("localhost.attacker.example:{port}")),
        Some(format!("127.0.0.1:{}", port.parse::<u16>().unwrap() ^ 1)),
        None,
    ] {
        let (status, body) = get_with_host(&server, "/a.html", host.as_deref());
        assert_eq!(status, 421, "{host:?}: {body}");
        assert!(!body.contains("Q?"), "{host:?}: {body}");
    }
}

#[test]
fn serve_caps_request_headers() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let server = serve(dir.path(), &[]);
    // One huge header, and many small ones, each past 16 KB in all.
    let mut huge = format!("GET /a.html HTTP/1.1\r\nHost: {}\r\nX-Big: ", server.addr).into_bytes();
    huge.extend(std::iter::repeat_n(b'a', 200 * 1024));
    huge.extend_from_slice(b"\r\n\r\n");
    let (status, text) = exchange(&server, huge);
    assert_eq!(status, 431, "{text}");
    let mut many = format!("GET /a.html HTTP/1.1\r\nHost: {}\r\n", server.addr);
    for n in 0..2000 {
        many.push_str(&format!("X-{n}: value\r\n"));
    }
    many.push_str("\r\n");
    assert_eq!(exchange(&server, many.into_bytes()).0, 431);
    // Just under the cap is fine, and the server still answers.
    let mut fine = format!(
        "GET /a.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nX-Big: ",
        server.addr
    )
    .into_bytes();
    fine.extend(std::iter::repeat_n(b'a', 15 * 1024));
    fine.extend_from_slice(b"\r\n\r\n");
    assert_eq!(exchange(&server, fine).0, 200);
}

#[test]
fn serve_escapes_its_base_path_and_survives_a_non_ascii_one() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let server = serve(
        dir.path(),
        &[
            "--base-url",
            "https://x.example/a\"><script>alert(1)</script>/",
        ],
    );
    let (status, page) = get(&server, "/a%22%3E%3Cscript%3Ealert(1)%3C/script%3E/a.html");
    assert_eq!(status, 200, "{page}");
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(
        page.contains("src=\"/a%22%3E%3Cscript%3Ealert%281%29%3C/script%3E/__prepbook/live.js\""),
        "{page}"
    );

    let server = serve(dir.path(), &["--base-url", "https://x.example/prép/"]);
    let (status, text) = get(&server, "/");
    assert_eq!(status, 302, "{text}");
    assert!(text.contains("Location: /pr%C3%A9p/\r\n"), "{text}");
    let (status, page) = get(&server, "/pr%C3%A9p/a.html");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("src=\"/pr%C3%A9p/__prepbook/live.js\""),
        "{page}"
    );
}

#[test]
fn serve_follows_the_config_it_was_given() {
    let dir = handbook(&[]);
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("content/a.md"), "## 1. Q?\n\nA.\n").unwrap();
    std::fs::write(site.join("prepbook.yaml"), "title: First title\n").unwrap();
    let server = serve(dir.path(), &["--config", "site/prepbook.yaml"]);
    assert!(get(&server, "/index.html").1.contains("First title"));
    std::fs::write(site.join("prepbook.yaml"), "title: Second title\n").unwrap();
    let start = std::time::Instant::now();
    while !get(&server, "/index.html").1.contains("Second title") {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the edited config never reached the preview"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Notes at the repository's root (`content: .`) build into the default `output/` beside the
/// config, which then lies inside the content folder: that is the one output folder allowed
/// there, and only while it is ours or empty. A folder named there explicitly is still refused.
#[test]
fn notes_at_the_root_build_into_the_default_output() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    std::fs::write(root.join("prepbook.yaml"), "content: .\n").unwrap();
    std::fs::write(
        root.join("heaps.md"),
        "# Heaps\n\n## 1. What is a heap?\n\nA tree.\n",
    )
    .unwrap();
    let first = prepbook(root, &["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(root.join("output/heaps.html").is_file());
    let again = prepbook(root, &["build"]);
    assert!(
        again.status.success(),
        "a rebuild reads no page back as a note: {}",
        stderr(&again)
    );
    assert!(!root.join("output/output-index.html").exists());
    // Someone's folder called `output` that prepbook did not make is not replaced.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("prepbook.yaml"), "content: .\n").unwrap();
    std::fs::write(other.path().join("a.md"), "# A\n\n## 1. Why?\n\nBecause.\n").unwrap();
    std::fs::create_dir_all(other.path().join("output")).unwrap();
    std::fs::write(other.path().join("output/draft.md"), "# Mine\n").unwrap();
    let refused = prepbook(other.path(), &["build"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(other.path().join("output/draft.md").is_file());
    // Named explicitly, an output inside the notes is refused as before.
    let named = prepbook(root, &["build", "--output", "site"]);
    assert_eq!(named.status.code(), Some(2), "{}", stderr(&named));
    assert!(
        stderr(&named).contains("inside the content folder"),
        "{}",
        stderr(&named)
    );
}
