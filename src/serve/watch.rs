//! Watching: the content folder, the theme folder and the config file in use, with notify.
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
pub(crate) fn start(settings: &Settings, config: Option<&Path>) -> Watching {
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
    // The config's folder, not the file: an editor that saves by renaming a new file over the
    // old one would leave a watch on the file watching the old one.
    let config_dir = config.map(config_folder);
    let native = notify::recommended_watcher(tx.clone()).and_then(|mut w| {
        for root in &roots {
            w.watch(root, RecursiveMode::Recursive)?;
        }
        if let Some(dir) = &config_dir {
            w.watch(dir, RecursiveMode::NonRecursive)?;
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
            if let Some(dir) = &config_dir {
                let _ = poll.watch(dir, RecursiveMode::NonRecursive);
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
    config_file: Option<&Path>,
    reload: super::Reload,
    shared: &Shared,
    mut kept: crate::pipeline::KeptBuild,
) {
    let rx = &watching.events;
    let output = settings.output.canonicalize().ok();
    let config_dir = config_file.and_then(|c| config_folder(c).canonicalize().ok());
    let is_config = |event: &notify::Result<notify::Event>| match (config_file, &config_dir) {
        (Some(file), Some(dir)) => is_config(event, file, dir),
        _ => false,
    };
    // The config's folder is watched for the config alone: a log written beside it
    // (`prepbook serve 2> log.txt`) or a git commit there must not rebuild the site, unless
    // that folder is the content or theme folder itself.
    let roots: Vec<PathBuf> = std::iter::once(settings.content.as_path())
        .chain(settings.theme.as_deref().map(Path::new))
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let beside_config = |event: &notify::Result<notify::Event>| match &config_dir {
        Some(dir) if !roots.contains(dir) => event.as_ref().is_ok_and(|e| {
            e.paths.iter().all(|p| {
                p.parent()
                    .and_then(|parent| parent.canonicalize().ok())
                    .is_some_and(|parent| &parent == dir)
            })
        }),
        _ => false,
    };
    let site_event = |event: &notify::Result<notify::Event>| {
        is_relevant(event, output.as_deref()) && !beside_config(event)
    };
    while let Ok(first) = rx.recv() {
        let mut relevant = site_event(&first);
        let mut config = is_config(&first);
        // Gather the rest of the burst.
        while let Ok(next) = rx.recv_timeout(DEBOUNCE) {
            relevant |= site_event(&next);
            config |= is_config(&next);
        }
        // A saved config rebuilds the site with it.
        relevant |= config;
        if let (true, Some(config_file)) = (config, config_file) {
            match reload() {
                Ok(next) => {
                    if next.content != settings.content || next.base_url != settings.base_url {
                        eprintln!(
                            "{} now names another content folder or base URL; \
                             restart prepbook serve to follow it",
                            crate::check::printable(&config_file.display().to_string())
                        );
                    }
                    settings = Settings {
                        content: settings.content.clone(),
                        base_url: settings.base_url.clone(),
                        ..next
                    };
                }
                Err(err) => {
                    super::show_config_error(shared, config_file, &err);
                    continue;
                }
            }
        }
        if relevant {
            if let Some((took, parsed)) = rebuild(&settings, shared, &mut kept) {
                eprintln!("rebuilt in {:.0} ms", took.as_secs_f64() * 1000.0);
                super::queue_index(shared, parsed);
            }
        }
    }
}

/// The folder a config file is in (`.` for a bare file name).
fn config_folder(config: &Path) -> PathBuf {
    match config.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether an event touches the config file `file`, whose folder is `dir` (resolved).
fn is_config(event: &notify::Result<notify::Event>, file: &Path, dir: &Path) -> bool {
    // Reading the config (to reload it) is an access event too: counting it would reload
    // forever.
    event.as_ref().is_ok_and(|e| {
        !matches!(e.kind, notify::EventKind::Access(_))
            && e.paths.iter().any(|p| {
                p.file_name() == file.file_name()
                    && p.parent()
                        .and_then(|parent| parent.canonicalize().ok())
                        .is_some_and(|parent| parent == dir)
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
