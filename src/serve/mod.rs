//! `prepbook serve`: the handbook built in memory, served on loopback, rebuilt on every save.
//!
//! Input: [`Settings`] and where to listen. Output: a server that runs until interrupted. It is
//! the build pipeline plus a swap: every build yields the whole site in memory, which replaces
//! the served [`Snapshot`] at once (a request sees the old site or the new one, never half), and
//! a broken document keeps the last good site while the open pages show the error. Nothing is
//! written to disk. Only GET and HEAD; paths resolve inside the in-memory site only.
//!
//! tiny_http parses the requests and sends the responses, one thread a request (an event stream
//! stays open as long as its page). It listens on a loopback port of its own behind a front
//! (`front.rs`) that takes the browser's connections: the front caps request heads, which
//! tiny_http does not, answers only loopback Hosts, and hands over one request per
//! connection. The handlers here answer only requests that carry the front's token.

mod front;
mod http;
mod watch;

use crate::links::percent_decode_strict;
use crate::pipeline::{self, Failure};
use crate::settings::Settings;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// The live-reload script, served at `<base>__prepbook/live.js`.
const LIVE_JS: &str = include_str!("live.js");

/// An error as the overlay shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ErrorView {
    file: String,
    line: usize,
    column: usize,
    message: String,
}

/// What is being served.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    /// Path in the site → content.
    files: HashMap<String, Arc<Vec<u8>>>,
    /// Bumped whenever the site changes; pages reload when it differs from theirs.
    version: u64,
    /// Errors of the last build (the files are then the last good ones).
    errors: Vec<ErrorView>,
}

/// The state shared by the server threads and the watcher.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    /// Bumped on every change of the snapshot (site or errors); event streams wait on it.
    generation: Mutex<u64>,
    changed: Condvar,
    /// The site waiting for its search index.
    index_job: Mutex<IndexJob>,
    index_queued: Condvar,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Swap the site in and tell the open pages.
    fn publish(&self, next: Snapshot) {
        self.replace(next);
        let mut generation = self
            .generation
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *generation += 1;
        self.changed.notify_all();
    }

    /// Swap the site in without telling the open pages (nothing they show changed).
    fn replace(&self, next: Snapshot) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(next);
    }
}

/// The search manifest's one name in the preview: pages then do not change with the index
/// (nothing is cached during preview, so no hash is needed to bust caches).
const MANIFEST: &str = "search/index.js";

/// The latest parsed site waiting for its search index, with the version of its pages.
type IndexJob = Option<(u64, Arc<pipeline::Parsed>)>;

/// Build once and publish the pages: a new site, or the errors beside the last good site.
///
/// The pages go out at once, beside the index of the previous build, so the open page shows
/// the save as soon as its page is rendered. The new index follows in a second swap, made by
/// [`index_worker`] so that the next save never waits for it (while saves come faster than
/// the index builds, it skips to the latest). Every swap is a whole, consistent site: pages
/// name the manifest, the manifest names its own files. Returns how long the pages took and
/// the parsed site to index, or `None` when the build failed.
pub(crate) fn rebuild(
    settings: &Settings,
    shared: &Shared,
    kept: &mut pipeline::KeptBuild,
) -> Option<(Duration, Arc<pipeline::Parsed>)> {
    let started = std::time::Instant::now();
    let previous = shared.current();
    let built = pipeline::parse_checked(settings, kept).and_then(|parsed| {
        let output = pipeline::pages(&parsed, settings, MANIFEST, &|_, _| {}, kept)?;
        Ok((parsed, output))
    });
    match built {
        Ok((parsed, output)) => {
            let mut files: HashMap<String, Arc<Vec<u8>>> = output
                .files
                .into_iter()
                .map(|f| (f.path, f.bytes))
                .collect();
            for (path, bytes) in &previous.files {
                if path.starts_with("search/") {
                    files.insert(path.clone(), bytes.clone());
                }
            }
            shared.publish(Snapshot {
                files,
                version: previous.version + 1,
                errors: Vec::new(),
            });
            Some((started.elapsed(), Arc::new(parsed)))
        }
        Err(failure) => {
            let errors = match failure {
                Failure::Broken(list) => list
                    .into_iter()
                    .map(|d| ErrorView {
                        file: d.source,
                        line: d.diagnostic.line,
                        column: d.diagnostic.column,
                        message: d.diagnostic.message,
                    })
                    .collect(),
                Failure::Fatal(err) => vec![ErrorView {
                    file: "prepbook".into(),
                    line: 1,
                    column: 1,
                    message: err.to_string(),
                }],
            };
            show_errors(shared, errors);
            None
        }
    }
}

/// Keep the last good site and show `errors` in the open pages (and the terminal).
fn show_errors(shared: &Shared, errors: Vec<ErrorView>) {
    for e in &errors {
        let line = format!("{}:{}:{}: error: {}", e.file, e.line, e.column, e.message);
        eprintln!("{}", crate::check::printable(&line));
    }
    let previous = shared.current();
    shared.publish(Snapshot {
        files: previous.files.clone(),
        version: previous.version,
        errors,
    });
}

/// Show a config file that no longer reads, as a broken document would be shown.
pub(crate) fn show_config_error(
    shared: &Shared,
    config: &std::path::Path,
    err: &crate::error::Error,
) {
    // A config error knows its line and column; the message then says the rest once.
    let (line, column, message) = match err {
        crate::error::Error::Config {
            line,
            column,
            message,
            ..
        } => (*line, *column, message.clone()),
        other => (1, 1, other.to_string()),
    };
    show_errors(
        shared,
        vec![ErrorView {
            file: config.display().to_string(),
            line,
            column,
            message,
        }],
    );
}

/// Build the index of `parsed` and swap it in, if the pages of `version` are still served.
fn swap_index(
    shared: &Shared,
    version: u64,
    parsed: &pipeline::Parsed,
    kept: &mut crate::search::KeptTerms,
) {
    // The index is collected in memory, which cannot fail.
    let Ok(index) = pipeline::index(parsed, MANIFEST, kept) else {
        return;
    };
    let mut slot = shared
        .snapshot
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if slot.version != version {
        return;
    }
    let mut files: HashMap<String, Arc<Vec<u8>>> = slot
        .files
        .iter()
        .filter(|(path, _)| !path.starts_with("search/"))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    files.extend(index.files.into_iter().map(|f| (f.path, f.bytes)));
    // The pages are unchanged, so the open pages are not told.
    *slot = Arc::new(Snapshot {
        files,
        version,
        errors: slot.errors.clone(),
    });
}

/// Hand the latest parsed site to the index worker (replacing one it has not started).
fn queue_index(shared: &Shared, parsed: Arc<pipeline::Parsed>) {
    let version = shared.current().version;
    *shared
        .index_job
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((version, parsed));
    shared.index_queued.notify_one();
}

/// Build the search index of each queued site, on one core, so the other stays free to serve
/// the page that is reloading.
fn index_worker(shared: &Shared, mut kept: crate::search::KeptTerms) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
    loop {
        let job = {
            let slot = shared
                .index_job
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut slot = shared
                .index_queued
                .wait_while(slot, |job| job.is_none())
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            slot.take()
        };
        let Some((version, parsed)) = job else {
            continue;
        };
        let started = std::time::Instant::now();
        match &pool {
            Some(pool) => pool.install(|| swap_index(shared, version, &parsed, &mut kept)),
            None => swap_index(shared, version, &parsed, &mut kept),
        }
        eprintln!(
            "search index updated in {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Reads the settings again (flags, then the config file) when the config file changes.
pub(crate) type Reload = Box<dyn Fn() -> Result<Settings, crate::error::Error> + Send>;

/// Where to listen and what to watch besides the content.
#[derive(Debug)]
pub(crate) struct Listen<'a> {
    /// The address given with `--host`.
    pub(crate) host: &'a str,
    /// The port; 0 picks a free one.
    pub(crate) port: u16,
    /// Whether the port was given (else the next free one is taken when it is busy).
    pub(crate) port_given: bool,
    /// Open the site in a browser.
    pub(crate) open: bool,
    /// The config file the settings were read from, watched for changes.
    pub(crate) config: Option<std::path::PathBuf>,
}

/// The base path a site is served under, in its two spellings.
#[derive(Debug, Clone)]
struct Base {
    /// Decoded (`/pr ép/`): what a request's decoded path starts with.
    path: String,
    /// Percent-encoded (`/pr%20%C3%A9p/`): what goes into URLs, headers and HTML attributes.
    /// Only ASCII letters, digits, `-._~/` and `%`, so it needs no further escaping anywhere.
    href: String,
}

impl Base {
    fn of(settings: &Settings) -> Base {
        let raw = settings
            .base_url
            .as_deref()
            .map_or("/".to_owned(), crate::render::url_path);
        // A base URL already percent-encoded (`/my%20prep/`) means the decoded path.
        let path = percent_decode_strict(&raw).unwrap_or(raw);
        let href = percent_encode(&path);
        Base { path, href }
    }
}

/// Serve until interrupted.
pub(crate) fn serve(settings: Settings, reload: Reload, listen: &Listen<'_>) -> anyhow::Result<()> {
    let base = Base::of(&settings);
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        generation: Mutex::new(0),
        changed: Condvar::new(),
        index_job: Mutex::new(None),
        index_queued: Condvar::new(),
    });
    let (listener, port) = front::bind(listen.host, listen.port, listen.port_given)?;
    let (server, back) = start_back()?;
    let shown_host = if listen.host.contains(':') {
        format!("[{}]", listen.host)
    } else {
        listen.host.to_owned()
    };
    let url = format!("http://{shown_host}:{port}{}", base.href);
    let started = std::time::Instant::now();
    let watching = watch::start(&settings, listen.config.as_deref());
    let mut kept = pipeline::KeptBuild::keeping();
    // The first index is built before serving, so search works from the first request.
    let mut kept_terms = crate::search::KeptTerms::keeping();
    if let Some((_, parsed)) = rebuild(&settings, &shared, &mut kept) {
        swap_index(&shared, shared.current().version, &parsed, &mut kept_terms);
    }
    let indexer = shared.clone();
    std::thread::spawn(move || index_worker(&indexer, kept_terms));
    let snapshot = shared.current();
    println!(
        "serving {url} ({} files, built in {:.2} s); watching {} for changes. Ctrl-C stops.",
        snapshot.files.len(),
        started.elapsed().as_secs_f64(),
        crate::check::printable(&settings.content.display().to_string())
    );
    if listen.open {
        // On a thread: the opener may take a moment, and the site is served meanwhile.
        let url = url.clone();
        std::thread::spawn(move || {
            if let Err(err) = crate::browser::open(&url) {
                eprintln!("prepbook: could not open a browser ({err}); open {url} yourself.");
            }
        });
    }
    let watcher_state = shared.clone();
    let watch_settings = settings.clone();
    let config = listen.config.clone();
    std::thread::spawn(move || {
        watch::run(
            watching,
            watch_settings,
            config.as_deref(),
            reload,
            &watcher_state,
            kept,
        );
    });

    let token: Arc<str> = Arc::from(back.token.as_str());
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let (shared, base, token) = (shared.clone(), base.clone(), token.clone());
            // One thread a request: event streams stay open for as long as a page is. The
            // front's connection cap bounds how many there are.
            let _ =
                std::thread::Builder::new().spawn(move || respond(request, &shared, &base, &token));
        }
    });
    front::run(&listener, front::Hosts::new(listen.host, port), back);
    Ok(())
}

/// Start tiny_http on a free loopback port, for the front only.
fn start_back() -> anyhow::Result<(tiny_http::Server, front::Back)> {
    let server = tiny_http::Server::http("127.0.0.1:0")
        .or_else(|_| tiny_http::Server::http("[::1]:0"))
        .map_err(|err| anyhow::anyhow!("cannot listen on a loopback port ({err})"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| anyhow::anyhow!("tiny_http listens on no IP address"))?;
    let token = front::token();
    Ok((server, front::Back { addr, token }))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The site path a URL asks for, or `None` when it is outside the site (or tries to leave it).
/// `base` is the decoded base path.
pub(crate) fn site_path(url: &str, base: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode_strict(path)?;
    let rel = decoded.strip_prefix(base)?;
    if rel.contains('\\') || rel.contains('\0') || rel.starts_with('/') {
        return None;
    }
    if rel.split('/').any(|part| part == ".." || part == ".") {
        return None;
    }
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_owned()
    })
}

/// `path` with every byte but ASCII letters, digits, `-._~` and `/` percent-encoded: safe in a
/// URL, a header and an HTML attribute alike.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A response with a body held in memory.
type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

/// `response` with one more header. Every name and value is ours and ASCII (the base path goes
/// in percent-encoded), so none is refused; one that were would be left out, not panic.
fn with_header(response: Response, name: &str, value: &str) -> Response {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// A response with a body of `kind`, never cached: the preview changes on every save.
fn ok(body: Vec<u8>, kind: &str) -> Response {
    let response = with_header(Response::from_data(body), "Content-Type", kind);
    with_header(response, "Cache-Control", "no-store")
}

/// Answer one request that came through the front (tiny_http sends HEAD's answer without body).
fn respond(request: tiny_http::Request, shared: &Shared, base: &Base, token: &str) {
    let from_front = request
        .headers()
        .iter()
        .any(|h| h.field.equiv(front::TOKEN_HEADER) && h.value.as_str() == token);
    if !from_front {
        let response = Response::from_data(b"ask the preview's own port\n".to_vec());
        let _ = request.respond(response.with_status_code(403));
        return;
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        let response = Response::from_data(b"only GET and HEAD\n".to_vec());
        let response = with_header(response.with_status_code(405), "Allow", "GET, HEAD");
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_owned();
    if (url == "/" || url.is_empty()) && base.path != "/" {
        let redirect = with_header(Response::from_data(Vec::new()), "Location", &base.href);
        let _ = request.respond(redirect.with_status_code(302));
        return;
    }
    let Some(path) = site_path(&url, &base.path) else {
        let _ = request.respond(not_found(shared, base));
        return;
    };
    let snapshot = shared.current();
    let response = match path.as_str() {
        "__prepbook/live.js" => ok(
            LIVE_JS.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        "__prepbook/status" => ok(status_json(&snapshot).into_bytes(), "application/json"),
        "__prepbook/events" => {
            // tiny_http's chunked writer holds 8 KB before sending; events must go out at once,
            // so this response is written by hand and flushed after each event.
            let _ = stream_events(&mut request.into_writer(), shared);
            return;
        }
        _ => match snapshot.files.get(&path) {
            Some(bytes) if path.ends_with(".html") => ok(
                inject(bytes, base, snapshot.version),
                "text/html; charset=utf-8",
            ),
            Some(bytes) => ok(bytes.as_ref().clone(), content_type(&path)),
            None => not_found(shared, base),
        },
    };
    let _ = request.respond(response);
}

fn not_found(shared: &Shared, base: &Base) -> Response {
    let snapshot = shared.current();
    let body = match snapshot.files.get("404.html") {
        Some(page) => inject(page, base, snapshot.version),
        None => b"not found\n".to_vec(),
    };
    ok(body, "text/html; charset=utf-8").with_status_code(404)
}

fn status_json(snapshot: &Snapshot) -> String {
    serde_json::json!({ "version": snapshot.version, "errors": snapshot.errors }).to_string()
}

/// A page with the live-reload script before `</body>`. The base goes in percent-encoded,
/// which leaves nothing in it that HTML would read.
fn inject(page: &[u8], base: &Base, version: u64) -> Vec<u8> {
    let href = &base.href;
    let tag = format!("<script src=\"{href}__prepbook/live.js\" data-base=\"{href}\" data-version=\"{version}\"></script>\n");
    let text = String::from_utf8_lossy(page);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// A server-sent event stream: the current state at once, then one event per change, and a
/// comment every 15 s so the connection stays open. Ends when the page goes away.
fn stream_events(out: &mut impl std::io::Write, shared: &Shared) -> std::io::Result<()> {
    out.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n")?;
    let mut seen = *shared
        .generation
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    write!(out, "data: {}\n\n", status_json(&shared.current()))?;
    out.flush()?;
    loop {
        let generation = shared
            .generation
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (generation, timeout) = shared
            .changed
            .wait_timeout_while(generation, Duration::from_secs(15), |g| *g == seen)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if timeout.timed_out() {
            drop(generation);
            out.write_all(b": ping\n\n")?;
        } else {
            seen = *generation;
            drop(generation);
            write!(out, "data: {}\n\n", status_json(&shared.current()))?;
        }
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn paths_stay_inside_the_site() {
        assert_eq!(site_path("/", "/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/a.html?x=1#y", "/").as_deref(), Some("a.html"));
        assert_eq!(
            site_path("/sub/tags/", "/sub/").as_deref(),
            Some("tags/index.html")
        );
        assert_eq!(site_path("/a%20b.html", "/").as_deref(), Some("a b.html"));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/x",
            "/assets/..%2f..%2fx",
            "//etc/passwd",
            "/a\\b",
            "/x/./y",
            "/other/a.html",
        ] {
            let base = if bad == "/other/a.html" { "/sub/" } else { "/" };
            assert_eq!(site_path(bad, base), None, "{bad}");
        }
    }
}
