//! `scripts/install.sh`, the installer the composite action and the Pages workflow run, against
//! a fake release served from this process: it installs an archive whose SHA-256 matches the
//! release's SHA256SUMS, and refuses a corrupted one or one the sums do not list.

use crate::support::project;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

const TARGET: &str = "x86_64-unknown-linux-musl";
const ARCHIVE: &str = "prepbook-v9.9.9-x86_64-unknown-linux-musl.tar.gz";

/// Serve `files` (URL path → bytes) on 127.0.0.1 until the process ends: a 404 for any other
/// path. Returns the base URL.
fn serve(files: HashMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let mut reader = BufReader::new(&stream);
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Read the headers to the blank line, so the client sees a clean exchange.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split(' ').nth(1).unwrap_or("/");
            let (status, body) = match files.get(path) {
                Some(body) => ("200 OK", body.as_slice()),
                None => ("404 Not Found", b"not found".as_slice()),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(body);
        }
    });
    base
}

/// A release archive holding a `prepbook` that prints `fake prepbook 9.9.9`.
fn archive(dir: &Path) -> Vec<u8> {
    let stage = dir.join("stage");
    std::fs::create_dir_all(&stage).unwrap();
    let exe = stage.join("prepbook");
    std::fs::write(&exe, "#!/bin/sh\necho 'fake prepbook 9.9.9'\n").unwrap();
    let run = Command::new("chmod").arg("755").arg(&exe).status().unwrap();
    assert!(run.success());
    let tarball = dir.join(ARCHIVE);
    let run = Command::new("tar")
        .arg("-czf")
        .arg(&tarball)
        .arg("-C")
        .arg(&stage)
        .arg("prepbook")
        .status()
        .unwrap();
    assert!(run.success());
    std::fs::read(tarball).unwrap()
}

fn sha256(bytes: &[u8], dir: &Path) -> String {
    let file = dir.join("to-hash");
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new("sha256sum").arg(&file).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_owned()
}

/// Run the installer for v9.9.9 from `base` into `bin`, with no cargo fallback.
fn install(base: &str, bin: &Path) -> Output {
    Command::new("bash")
        .arg(project().join("scripts/install.sh"))
        .args(["--version", "v9.9.9", "--to"])
        .arg(bin)
        .env("PREPBOOK_BASE_URL", base)
        .env("PREPBOOK_TARGET", TARGET)
        .env("PREPBOOK_NO_FALLBACK", "1")
        .env_remove("GITHUB_PATH")
        .output()
        .unwrap()
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_installer_installs_a_release_whose_checksum_matches_and_refuses_one_that_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let good = archive(dir.path());
    let sums = format!(
        "{}  {ARCHIVE}\n{}  prepbook-v9.9.9-aarch64-apple-darwin.tar.gz\n",
        sha256(&good, dir.path()),
        "0".repeat(64)
    );
    let mut corrupted = good.clone();
    let middle = corrupted.len() / 2;
    corrupted[middle] ^= 0xff;
    let release = |archive: &[u8], sums: &str| {
        serve(HashMap::from([
            (format!("/v9.9.9/{ARCHIVE}"), archive.to_vec()),
            ("/v9.9.9/SHA256SUMS".to_owned(), sums.as_bytes().to_vec()),
        ]))
    };

    // The good release: installed, runs, and the checksum was checked.
    let bin = dir.path().join("good/bin");
    let out = install(&release(&good, &sums), &bin);
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("SHA-256 checked"), "{}", said(&out));
    let run = Command::new(bin.join("prepbook")).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "fake prepbook 9.9.9\n"
    );

    // A corrupted archive: refused, nothing installed, no fallback tried.
    let bin = dir.path().join("corrupted/bin");
    let out = install(&release(&corrupted, &sums), &bin);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("refusing"), "{}", said(&out));
    assert!(said(&out).contains("tampered"), "{}", said(&out));
    assert!(!bin.join("prepbook").exists());

    // Sums that do not list the archive: refused too.
    let bin = dir.path().join("unlisted/bin");
    let out = install(
        &release(&good, &format!("{}  other.tar.gz\n", "0".repeat(64))),
        &bin,
    );
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("does not list it"), "{}", said(&out));
    assert!(!bin.join("prepbook").exists());

    // No such release: a download failure, which without the fallback fails and says so.
    let bin = dir.path().join("missing/bin");
    let out = install(&serve(HashMap::new()), &bin);
    assert_eq!(out.status.code(), Some(1), "{}", said(&out));
    assert!(said(&out).contains("could not download"), "{}", said(&out));
    assert!(said(&out).contains("no fallback"), "{}", said(&out));
}

#[test]
fn the_installer_names_this_machine_as_the_release_does() {
    let out = Command::new("bash")
        .arg(project().join("scripts/install.sh"))
        .arg("--print-target")
        .env_remove("PREPBOOK_TARGET")
        .output()
        .unwrap();
    let target = String::from_utf8(out.stdout).unwrap();
    let arch = std::env::consts::ARCH;
    let expected = match std::env::consts::OS {
        "linux" => format!("{arch}-unknown-linux-musl\n"),
        "macos" => format!("{arch}-apple-darwin\n"),
        _ => return,
    };
    assert_eq!(target, expected);
    // The release workflow builds every target the installer can ask for.
    let release = std::fs::read_to_string(project().join(".github/workflows/release.yml")).unwrap();
    for target in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(release.contains(&format!("target: {target}")), "{target}");
    }
    // The installer, the release and cargo binstall name the archives alike.
    let read = |file: &str| std::fs::read_to_string(project().join(file)).unwrap();
    assert!(release.contains("name=\"prepbook-$GITHUB_REF_NAME-$TARGET\""));
    assert!(release.contains("tags: [\"v*\"]"));
    assert!(read("scripts/install.sh").contains("archive=\"prepbook-v$version-$target.tar.gz\""));
    assert!(read("Cargo.toml")
        .contains("/releases/download/v{ version }/{ name }-v{ version }-{ target }.tar.gz\""));
}
