//! `prepbook serve`: over real HTTP on loopback, a temporary copy of content is edited, broken,
//! mended, renamed and deleted, and the served site and its event stream follow.

use crate::support::{handbook, start_serve, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

fn serve(dir: &std::path::Path, extra: &[&str]) -> Server {
    let args: Vec<&str> = ["serve", "--port", "0"]
        .iter()
        .chain(extra)
        .copied()
        .collect();
    start_serve(dir, &args, |c| c)
}

/// A connection to the server, and its `host:port`.
fn connect(server: &Server) -> (TcpStream, String) {
    let host = server
        .url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let stream = TcpStream::connect(&host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    (stream, host)
}

/// (status, body) of a request; `path` is appended to the host (not the base).
fn request(server: &Server, method: &str, path: &str) -> (u16, String) {
    let (mut stream, host) = connect(server);
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_owned());
    (status, body)
}

fn get(server: &Server, rel: &str) -> (u16, String) {
    let base = server.url.splitn(4, '/').nth(3).unwrap_or("");
    request(server, "GET", &format!("/{base}{rel}"))
}

/// Wait until `check` holds, up to 10 s.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while !check() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_breaks_mends_renames_and_deletes_are_followed() {
    let dir = handbook(&[
        (
            "a.md",
            b"# Alpha\n\n## 1. What is a queue?\n\nA buffer.\n".as_slice(),
        ),
        (
            "b.md",
            b"# Beta\n\n## 1. What is a stack?\n\nLIFO.\n".as_slice(),
        ),
    ]);
    let server = serve(dir.path(), &[]);
    let (status, page) = get(&server, "a.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("__prepbook/live.js"),
        "served pages carry the live script"
    );
    assert!(
        !dir.path().join("output").exists(),
        "serve writes nothing to disk"
    );

    // The event stream sends the state at once, then one event per change.
    let (mut events, host) = connect(&server);
    write!(
        events,
        "GET /__prepbook/events HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(events);
    let mut next_event = || loop {
        let mut line = String::new();
        events.read_line(&mut line).unwrap();
        if let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str::<serde_json::Value>(data).unwrap();
        }
    };
    let first = next_event();
    assert_eq!(first["errors"], serde_json::json!([]));

    std::fs::write(
        dir.path().join("content/a.md"),
        "# Alpha\n\n## 1. What is a queue?\n\nA FIFO buffer, edited.\n",
    )
    .unwrap();
    let changed = next_event();
    assert!(changed["version"].as_u64() > first["version"].as_u64());
    assert!(get(&server, "a.html").1.contains("edited"));

    std::fs::write(
        dir.path().join("content/a.md"),
        "---\ntitle: [broken\n---\n## 1. Q?\n",
    )
    .unwrap();
    let broken = next_event();
    assert_eq!(broken["errors"][0]["file"], "a.md");
    assert_eq!(broken["errors"][0]["line"], 3);
    assert_eq!(
        broken["version"], changed["version"],
        "the last good site stays up"
    );
    assert!(get(&server, "a.html").1.contains("edited"));
    let (_, status) = get(&server, "__prepbook/status");
    assert!(status.contains("not valid YAML"), "{status}");

    std::fs::write(
        dir.path().join("content/a.md"),
        "# Alpha\n\n## 1. What is a queue?\n\nMended.\n",
    )
    .unwrap();
    let mended = next_event();
    assert_eq!(mended["errors"], serde_json::json!([]));
    eventually("the mended page", || {
        get(&server, "a.html").1.contains("Mended")
    });

    std::fs::rename(
        dir.path().join("content/b.md"),
        dir.path().join("content/c.md"),
    )
    .unwrap();
    eventually("the renamed page", || {
        get(&server, "c.html").0 == 200 && get(&server, "b.html").0 == 404
    });
    std::fs::remove_file(dir.path().join("content/c.md")).unwrap();
    eventually("the deleted page", || get(&server, "c.html").0 == 404);
    assert!(!get(&server, "index.html").1.contains("Beta"));
    // The search index follows the pages: one question is left, under one fixed manifest name.
    eventually("the index of the one document left", || {
        get(&server, "search/index.js").1.contains("\"n\":1,")
    });
    let (_, page) = get(&server, "a.html");
    assert!(
        page.contains("index.js\">"),
        "one manifest name in the preview: {page}"
    );

    // An editor's swap and backup files change nothing.
    let before = get(&server, "__prepbook/status").1;
    std::fs::write(dir.path().join("content/.a.md.swp"), "x").unwrap();
    std::fs::write(dir.path().join("content/a.md~"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(400));
    assert_eq!(get(&server, "__prepbook/status").1, before);
}

#[test]
fn only_get_and_head_inside_the_site() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    std::fs::write(dir.path().join("secret.txt"), "do not serve").unwrap();
    let server = serve(dir.path(), &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/a.html/../../secret.txt",
        "/%2e%2e%2fsecret.txt",
    ] {
        let (status, body) = request(&server, "GET", path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("do not serve"), "{path}");
    }
    assert_eq!(request(&server, "POST", "/a.html").0, 405);
    assert_eq!(request(&server, "DELETE", "/a.html").0, 405);
    assert_eq!(request(&server, "HEAD", "/a.html").0, 200);
    let (status, body) = request(&server, "GET", "/assets/");
    assert_eq!(status, 404, "no directory listing: {body}");
}

#[test]
fn the_configured_base_path_is_served() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let server = serve(dir.path(), &["--base-url", "https://me.github.io/prep/"]);
    assert!(server.url.ends_with("/prep/"), "{}", server.url);
    assert_eq!(request(&server, "GET", "/prep/a.html").0, 200);
    assert_eq!(request(&server, "GET", "/").0, 302);
    assert_eq!(request(&server, "GET", "/a.html").0, 404);
    assert!(request(&server, "GET", "/prep/a.html")
        .1
        .contains("src=\"/prep/__prepbook/live.js\""));
}

#[test]
fn an_open_page_changes_by_itself_after_an_edit() {
    if !crate::support::browser_ready() {
        return;
    }
    let dir = handbook(&[(
        "a.md",
        b"## 1. What is a queue?\n\nOriginal answer.\n".as_slice(),
    )]);
    let server = serve(dir.path(), &[]);
    let page = format!("{}a.html", server.url);
    let document = dir.path().join("content/a.md");
    crate::support::node("live.mjs", &[page.as_ref(), document.as_os_str()]);
}

#[test]
fn a_taken_port_is_reported_with_what_to_do() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = Command::new(env!("CARGO_BIN_EXE_prepbook"))
        .args(["serve", "--port", &port])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains(&port) && err.contains("--port"), "{err}");
}

#[test]
fn a_changed_config_is_followed_and_a_broken_one_shown() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    std::fs::write(dir.path().join("prepbook.yaml"), "title: First title\n").unwrap();
    let server = serve(dir.path(), &[]);
    assert!(get(&server, "index.html").1.contains("First title"));
    std::fs::write(dir.path().join("prepbook.yaml"), "title: Second title\n").unwrap();
    eventually("the new title", || {
        get(&server, "index.html").1.contains("Second title")
    });
    std::fs::write(dir.path().join("prepbook.yaml"), "title: [unclosed\n").unwrap();
    eventually("the config error in the status", || {
        let (_, status) = get(&server, "__prepbook/status");
        status.contains("\"file\":\"prepbook.yaml\"")
    });
    assert!(
        get(&server, "index.html").1.contains("Second title"),
        "the last good site stays"
    );
    std::fs::write(dir.path().join("prepbook.yaml"), "title: Third title\n").unwrap();
    eventually("the mended config", || {
        get(&server, "index.html").1.contains("Third title")
            && get(&server, "__prepbook/status")
                .1
                .contains("\"errors\":[]")
    });
}

#[test]
fn a_config_typo_is_reported_once_at_its_line_and_files_beside_it_rebuild_nothing() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    std::fs::write(dir.path().join("prepbook.yaml"), "title: First\n").unwrap();
    // The server's messages go to a file outside the watched folders.
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("stderr.txt");
    let stderr = std::fs::File::create(&log).unwrap();
    let server = start_serve(dir.path(), &["serve", "--port", "0"], |c| c.stderr(stderr));
    let said = || std::fs::read_to_string(&log).unwrap();
    let quiet = || std::thread::sleep(Duration::from_millis(1500));

    std::fs::write(dir.path().join("prepbook.yaml"), "title: First\ntitel: x\n").unwrap();
    eventually("the typo in the status", || {
        get(&server, "__prepbook/status").1.contains("\"line\":2")
    });
    quiet();
    let typo = said().matches("unknown key").count();
    assert_eq!(typo, 1, "reported once per save:\n{}", said());
    assert!(
        said().contains("prepbook.yaml:2:1: error: unknown key"),
        "{}",
        said()
    );

    std::fs::write(dir.path().join("prepbook.yaml"), "title: Second\n").unwrap();
    eventually("the mended config", || {
        get(&server, "index.html").1.contains("Second")
    });
    quiet();
    let rebuilds = said().matches("rebuilt in").count();
    // A file beside the config (a log, a README, git's files) is not part of the site.
    std::fs::write(dir.path().join("notes.txt"), "scratch\n").unwrap();
    quiet();
    assert_eq!(said().matches("rebuilt in").count(), rebuilds, "{}", said());
}
