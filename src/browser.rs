//! Opening a page in the reader's browser, for `build --open` and `serve --open`.
//!
//! Input: a file path or a URL. Output: the system's opener started with it, or the reason it
//! could not be. `PREPBOOK_BROWSER`, when set, names the program to run instead: a reader can
//! pick a browser that way, and the test suite records what it is given.
//!
//! The system's own opener (`open` on macOS, `start` on Windows, `xdg-open` elsewhere) is run
//! directly rather than through the `opener` crate: it is the same three commands, the override
//! is needed anyway, and it keeps a dependency (and its build script) out for three lines.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The variable naming a program to open pages with, instead of the system's opener.
pub(crate) const BROWSER_VAR: &str = "PREPBOOK_BROWSER";

/// Open `target` (a file or a URL). Waits up to two seconds for the opener to fail (not
/// installed, no browser configured); one still running then is taken to be the browser itself
/// and left to run.
pub(crate) fn open(target: &str) -> std::io::Result<()> {
    let (program, mut command) = match std::env::var_os(BROWSER_VAR).filter(|b| !b.is_empty()) {
        Some(program) => {
            let mut command = Command::new(&program);
            command.arg(target);
            (program.to_string_lossy().into_owned(), command)
        }
        None if cfg!(target_os = "macos") => {
            let mut command = Command::new("open");
            command.arg(target);
            ("open".to_owned(), command)
        }
        None if cfg!(windows) => {
            // `start` is built into cmd; its first quoted argument is a window title.
            let mut command = Command::new("cmd");
            command.args(["/C", "start", ""]).arg(target);
            ("start".to_owned(), command)
        }
        None => {
            let mut command = Command::new("xdg-open");
            command.arg(target);
            ("xdg-open".to_owned(), command)
        }
    };
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| std::io::Error::new(err.kind(), format!("{program}: {err}")))?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        match child.try_wait()? {
            Some(status) if status.success() => return Ok(()),
            Some(status) => {
                return Err(std::io::Error::other(format!("{program} {status}")));
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    Ok(())
}
