//! The front of `prepbook serve`: the port the reader's browser talks to, in front of tiny_http.
//!
//! Input: the listener on the user's port, the [`Hosts`] to answer and the [`Back`] (where
//! tiny_http listens). Output: runs until the process ends. tiny_http parses the requests and
//! sends the responses (`mod.rs`), but it reads every header line into a buffer that grows
//! without limit and offers no hook to set one: one 400 MB header grew the process to 1 GB. It
//! also answers any Host. The front exists to bound what reaches it. For each connection it
//! reads one request head itself, at most 16 KB and 10 s (`http.rs`), and answers 431, 400
//! and 421 (a Host that is not loopback or the `--host` given, as a DNS-rebinding page sends)
//! without tiny_http. Otherwise it forwards only the request line and the Host, with
//! `Connection: close` forced, so a next request comes on a new connection and passes the cap
//! again. Then it copies tiny_http's response back as it arrives, so the live-reload event
//! stream keeps streaming. No body is ever forwarded: the preview answers GET and HEAD only.
//!
//! tiny_http listens on a second loopback port. Only the front knows it, and each forwarded head
//! carries the process's random [`Back::token`], without which the handlers answer nothing; a
//! page that finds the port learns nothing. (A private Unix socket would need a file that a
//! Ctrl-C leaves behind, and none exists on Windows.) At most [`MAX_CONNECTIONS`] connections
//! are served at once, one thread each, so a flood of connections cannot take every thread the
//! system allows; tiny_http's threads follow the front's connections one for one.

use super::http;
use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The header that carries [`Back::token`] from the front to tiny_http.
pub(crate) const TOKEN_HEADER: &str = "X-Prepbook-Front";

/// Connections served at once; past this a new one gets 503.
const MAX_CONNECTIONS: usize = 256;

/// The longest a write to the browser may block: a client that stops reading gives its thread
/// back after this.
const WRITE_TIME: Duration = Duration::from_secs(30);

/// The longest tiny_http may stay silent mid-response. The event stream sends a comment every
/// 15 s, every other response is written at once.
const BACK_QUIET: Duration = Duration::from_secs(60);

/// Where tiny_http listens, and the proof that a request came through the front.
#[derive(Debug)]
pub(crate) struct Back {
    /// tiny_http's loopback address.
    pub(crate) addr: SocketAddr,
    /// A random value made once per process, sent in [`TOKEN_HEADER`].
    pub(crate) token: String,
}

/// A random token: 128 bits from std's hash keys, which are seeded by the system's random
/// source (no crate needed for a value that only has to be unguessable from outside).
pub(crate) fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (0..2u64)
        .map(|i| {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u64(i);
            hasher.write_u128(now);
            hasher.write_u32(std::process::id());
            format!("{:016x}", hasher.finish())
        })
        .collect()
}

/// Accept connections on `listener` and serve each on a thread of its own.
pub(crate) fn run(listener: &TcpListener, hosts: Hosts, back: Back) {
    let (hosts, back) = (Arc::new(hosts), Arc::new(back));
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (hosts, back) = (hosts.clone(), back.clone());
        let slot = Slot::take(&open);
        // Past the cap, answer on this thread without waiting and spawn nothing: a flood of
        // connections must not become a flood of threads.
        if slot.count() > MAX_CONNECTIONS {
            let mut stream = stream;
            let _ = stream.set_nonblocking(true);
            let _ = stream.write_all(&http::refusal(503, "too many connections\n"));
            continue;
        }
        // A thread the system refuses drops the connection, instead of panicking the server.
        let _ = std::thread::Builder::new().spawn(move || {
            connection(stream, &hosts, &back);
            drop(slot);
        });
    }
}

/// One open connection counted while it lives.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>) -> Slot {
        count.fetch_add(1, Ordering::Relaxed);
        Slot(count.clone())
    }

    fn count(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Read one request head, check it, pass it to tiny_http and copy the answer back.
fn connection(client: TcpStream, hosts: &Hosts, back: &Back) {
    let _ = client.set_read_timeout(Some(http::HEAD_TIME));
    let _ = client.set_write_timeout(Some(WRITE_TIME));
    let Ok(read_half) = client.try_clone() else {
        return;
    };
    let head = match http::read_head(&mut BufReader::new(read_half)) {
        Ok(head) => head,
        Err(http::ReadError::Closed) => return,
        Err(http::ReadError::TooLarge) => {
            return refuse(
                client,
                431,
                "request headers too large (the limit is 16 KB)\n",
            );
        }
        Err(http::ReadError::Malformed) => return refuse(client, 400, "bad request\n"),
    };
    let Some(host) = head.host.as_deref().filter(|h| hosts.allows(h)) else {
        let body = "this preview answers only requests for localhost, 127.0.0.1, [::1] or the --host given\n";
        return refuse(client, 421, body);
    };
    // tiny_http drops, without an answer, a head that is not ASCII; a space or a control
    // character would change what it reads.
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_graphic());
    if !(plain(&head.method) && plain(&head.target) && plain(host)) {
        return refuse(client, 400, "bad request\n");
    }
    let forwarded = format!(
        "{} {} {}\r\nHost: {host}\r\nConnection: close\r\n{TOKEN_HEADER}: {}\r\n\r\n",
        head.method, head.target, head.version, back.token
    );
    let upstream = TcpStream::connect(back.addr).and_then(|mut upstream| {
        upstream.set_read_timeout(Some(BACK_QUIET))?;
        upstream.write_all(forwarded.as_bytes())?;
        Ok(upstream)
    });
    let Ok(mut upstream) = upstream else {
        return refuse(client, 503, "the preview is not answering\n");
    };
    // Copied as it comes (no buffering on either socket), so each event goes out at once. It
    // ends when tiny_http closes (it does after one response), or the browser went away.
    let _ = std::io::copy(&mut upstream, &mut &client);
    finish(client);
}

/// Send a short answer of the front's own and close.
fn refuse(mut client: TcpStream, status: u16, body: &str) {
    if client.write_all(&http::refusal(status, body)).is_ok() {
        finish(client);
    }
}

/// Close after a response, reading (and dropping) for a moment what the client still sends:
/// closing with unread bytes makes the system reset the connection, and the client would then
/// lose the response before reading it. Bounded in bytes and time.
fn finish(mut client: TcpStream) {
    let _ = client.shutdown(std::net::Shutdown::Write);
    let _ = client.set_read_timeout(Some(Duration::from_millis(500)));
    let started = Instant::now();
    let mut sink = [0u8; 8192];
    let mut drained = 0;
    while drained < 1 << 20 && started.elapsed() < Duration::from_secs(2) {
        match client.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Listen on `port`, or on the next free one when the default port is taken.
pub(crate) fn bind(host: &str, port: u16, port_given: bool) -> anyhow::Result<(TcpListener, u16)> {
    let tries = if port_given || port == 0 { 1 } else { 20 };
    for candidate in (port..).take(tries) {
        match TcpListener::bind((host, candidate)) {
            Ok(listener) => {
                let actual = listener.local_addr().map_or(candidate, |a| a.port());
                if actual != port && port != 0 {
                    eprintln!("port {port} is taken; using {actual} instead");
                }
                return Ok((listener, actual));
            }
            Err(_) if candidate < port.saturating_add(19) && !port_given => continue,
            Err(err) => {
                anyhow::bail!("cannot listen on {host}:{candidate} ({err}); the port may be taken: pass another with --port")
            }
        }
    }
    anyhow::bail!(
        "no free port from {port} to {}; pass one with --port",
        port.saturating_add(19)
    )
}

/// The `Host` headers the preview answers: a loopback address or `localhost`, or the `--host`
/// given, each with the port. Any other name may be a DNS-rebinding page (a site on the
/// internet whose name now resolves to 127.0.0.1) reading the preview from the reader's browser;
/// it gets 421. When listening on every address (`0.0.0.0`, `::`), any IP address is answered
/// too: rebinding needs a name, and the reader's phone on the same network sends an address.
#[derive(Debug)]
pub(crate) struct Hosts {
    given: String,
    port: u16,
    any_address: bool,
}

impl Hosts {
    /// The Hosts answered when listening on `host` (as given with `--host`) and `port`.
    pub(crate) fn new(host: &str, port: u16) -> Hosts {
        let given = host.trim_matches(['[', ']']).to_ascii_lowercase();
        let any_address = given
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_unspecified());
        Hosts {
            given,
            port,
            any_address,
        }
    }

    fn allows(&self, header: &str) -> bool {
        let header = header.to_ascii_lowercase();
        let (name, port) = match header.strip_prefix('[') {
            Some(rest) => match rest.split_once(']') {
                Some((name, after)) => (name, after.strip_prefix(':')),
                None => return false,
            },
            None => match header.rsplit_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (header.as_str(), None),
            },
        };
        let port_matches = match port {
            Some(port) => port.parse::<u16>() == Ok(self.port),
            None => self.port == 80,
        };
        let ip = name.parse::<std::net::IpAddr>().ok();
        let known = name == "localhost"
            || name == self.given
            || ip.is_some_and(|ip| ip.is_loopback() || self.any_address);
        port_matches && known
    }
}

#[cfg(test)]
mod tests {
    use super::{token, Hosts};

    #[test]
    fn tokens_are_long_and_differ() {
        let (a, b) = (token(), token());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_ne!(a, b);
    }

    #[test]
    fn only_loopback_names_and_the_given_host_are_answered() {
        let hosts = Hosts::new("127.0.0.1", 1111);
        for ok in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "127.1.2.3:1111",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "attacker.example:1111",
            "localhost:1112",
            "localhost",
            "[::1",
            "192.168.1.2:1111",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let lan = Hosts::new("0.0.0.0", 80);
        assert!(lan.allows("192.168.1.2"));
        assert!(!lan.allows("attacker.example"));
        assert!(Hosts::new("Box.Local", 8000).allows("box.local:8000"));
    }
}
