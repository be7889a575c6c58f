//! Watching: the content folder, the theme folder and `prepbook.yaml`, with notify.
//!
//! Events are debounced (an editor's save is often several: write a temp file, rename it, touch
//! a backup), editor temp and swap files are ignored, and one rebuild follows each burst. Where
//! native events are unavailable (some network and container file systems), a polling watcher
//! takes over.

use super::{rebuild, Shared};
use crate::settings::Settings;
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Quiet time after the last event before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// A registered watcher and its events.
pub(crate) struct Watching {
    _watcher: Option<Box<dyn Watcher + Send>>,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
}

/// Register the watcher. Called before the first build, so that no save made while the site
/// builds (or just after its address is printed) goes unseen.
pub(crate) fn start(settings: &Settings) -> Watching {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut roots: Vec<PathBuf> = vec![settings.content.clone()];
    if let Some(theme) = settings
        .theme
        .as_deref()
        .map(Path::new)
        .filter(|p| p.is_dir())
    {
        roots.push(theme.to_path_buf());
    }
    let config = Path::new(crate::settings::CONFIG_FILE);
    if config.is_file() {
        roots.push(config.to_path_buf());
    }
    let native = notify::recommended_watcher(tx.clone()).and_then(|mut w| {
        for root in &roots {
            w.watch(root, RecursiveMode::Recursive)?;
        }
        Ok(w)
    });
    // Keep whichever watcher works alive for the whole run.
    let watcher: Option<Box<dyn Watcher + Send>> = match native {
        Ok(w) => Some(Box::new(w)),
        Err(err) => {
            eprintln!("native file events unavailable ({err}); polling for changes every 300 ms");
            let mut poll = match notify::PollWatcher::new(
                tx,
                notify::Config::default().with_poll_interval(Duration::from_millis(300)),
            ) {
                Ok(p) => p,
                Err(err) => {
                    eprintln!(
                        "cannot watch for changes ({err}); restart prepbook serve after editing"
                    );
                    return Watching {
                        _watcher: None,
                        events: rx,
                    };
                }
            };
            for root in &roots {
                let _ = poll.watch(root, RecursiveMode::Recursive);
            }
            Some(Box::new(poll))
        }
    };
    Watching {
        _watcher: watcher,
        events: rx,
    }
}

/// Rebuild after each burst of relevant events, until the process ends.
pub(crate) fn run(
    watching: Watching,
    mut settings: Settings,
    reload: super::Reload,
    shared: &Shared,
    mut memo: crate::pipeline::Memo,
) {
    let rx = &watching.events;
    let output = settings.output.canonicalize().ok();
    while let Ok(first) = rx.recv() {
        let mut relevant = is_relevant(&first, output.as_deref());
        let mut config = is_config(&first);
        // Gather the rest of the burst.
        while let Ok(next) = rx.recv_timeout(DEBOUNCE) {
            relevant |= is_relevant(&next, output.as_deref());
            config |= is_config(&next);
        }
        if config {
            match reload() {
                Ok(next) => {
                    if next.content != settings.content || next.base_url != settings.base_url {
                        eprintln!(
                            "prepbook.yaml now names another content folder or base URL; \
                             restart prepbook serve to follow it"
                        );
                    }
                    settings = Settings {
                        content: settings.content.clone(),
                        base_url: settings.base_url.clone(),
                        ..next
                    };
                }
                Err(err) => {
                    super::show_config_error(shared, &err);
                    continue;
                }
            }
        }
        if relevant {
            if let Some((took, parsed)) = rebuild(&settings, shared, &mut memo) {
                eprintln!("rebuilt in {:.0} ms", took.as_secs_f64() * 1000.0);
                super::queue_index(shared, parsed);
            }
        }
    }
}

/// Whether an event touches `prepbook.yaml`.
fn is_config(event: &notify::Result<notify::Event>) -> bool {
    event.as_ref().is_ok_and(|e| {
        e.paths.iter().any(|p| {
            p.file_name()
                .is_some_and(|n| n == crate::settings::CONFIG_FILE)
        })
    })
}

/// Whether an event may change the site: not an access, not an editor's temp file, not in the
/// output folder.
fn is_relevant(event: &notify::Result<notify::Event>, output: Option<&Path>) -> bool {
    let Ok(event) = event else { return true };
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Vim's swap files are hidden already; `.swp`/`.swx` also covers `set directory` ones.
        let temp = crate::load::is_hidden_or_temp(name)
            || name.ends_with(".swp")
            || name.ends_with(".swx");
        let in_output = output.is_some_and(|o| p.starts_with(o));
        !temp && !in_output
    })
}
