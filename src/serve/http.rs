//! The one piece of HTTP the front reads itself: a request's head, bounded.
//!
//! Input: a connection's bytes. Output: [`Head`] (method, target, version, Host), or why there
//! is none. The head is read up to [`HEAD_LIMIT`] bytes and for at most [`HEAD_TIME`]: a client
//! that sends more (a 400 MB header) gets 431 once the limit is reached, not an allocation of
//! what it sent. This is the check tiny_http lacks (it reads each header line into a growing
//! buffer, with no limit and no hook to set one), which is why the preview has a front at all
//! (see `front.rs`). Bodies are never read: the preview answers GET and HEAD only.
//! [`refusal`] writes the front's own short answers.

use std::io::BufRead;
use std::time::{Duration, Instant};

/// The most a request's head (request line and headers) may take.
pub(crate) const HEAD_LIMIT: usize = 16 * 1024;

/// The longest a client may take to send a head, idle time before it included: a connection
/// trickling a byte at a time gives its thread back after this.
pub(crate) const HEAD_TIME: Duration = Duration::from_secs(10);

/// A request's head.
#[derive(Debug)]
pub(crate) struct Head {
    /// `GET`, `HEAD`, ...
    pub(crate) method: String,
    /// The request target as sent (`/a.html?x=1`).
    pub(crate) target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub(crate) version: &'static str,
    /// The `Host` header's value, if it sent exactly one.
    pub(crate) host: Option<String>,
}

/// Why no request was read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The client closed the connection (or went quiet) before sending a request.
    Closed,
    /// The head is longer than [`HEAD_LIMIT`]: answer 431.
    TooLarge,
    /// Not HTTP/1.x, or took longer than [`HEAD_TIME`]: answer 400.
    Malformed,
}

/// Read one request's head from `reader` (whose socket has a read timeout set).
pub(crate) fn read_head(reader: &mut impl BufRead) -> Result<Head, ReadError> {
    let started = Instant::now();
    let mut head: Vec<u8> = Vec::new();
    loop {
        let available = match reader.fill_buf() {
            Ok([]) => return Err(ReadError::Closed),
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) if head.is_empty() => return Err(ReadError::Closed),
            Err(_) => return Err(ReadError::Malformed),
        };
        // Only what can still belong to the head is taken; a request's end is a blank line.
        let room = HEAD_LIMIT + 1 - head.len();
        let take = available.len().min(room);
        let searched_from = head.len().saturating_sub(3);
        head.extend_from_slice(&available[..take]);
        let end = find_end(&head[searched_from..]).map(|e| searched_from + e);
        let used = match end {
            Some(e) => e - (head.len() - take),
            None => take,
        };
        reader.consume(used);
        if let Some(e) = end {
            head.truncate(e);
            return parse(&head);
        }
        if head.len() > HEAD_LIMIT {
            return Err(ReadError::TooLarge);
        }
        if started.elapsed() > HEAD_TIME {
            return Err(ReadError::Malformed);
        }
    }
}

/// The offset just past the blank line ending a head (`\r\n\r\n`, or `\n\n` from lax clients).
fn find_end(bytes: &[u8]) -> Option<usize> {
    let crlf = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = bytes.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn parse(head: &[u8]) -> Result<Head, ReadError> {
    let text = std::str::from_utf8(head).map_err(|_| ReadError::Malformed)?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().ok_or(ReadError::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed);
    };
    let version = match version {
        "HTTP/1.1" => "HTTP/1.1",
        "HTTP/1.0" => "HTTP/1.0",
        _ => return Err(ReadError::Malformed),
    };
    if method.is_empty() || !target.starts_with('/') {
        return Err(ReadError::Malformed);
    }
    let mut hosts = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(ReadError::Malformed)?;
        if name.eq_ignore_ascii_case("host") {
            hosts.push(value.trim().to_owned());
        }
    }
    Ok(Head {
        method: method.to_owned(),
        target: target.to_owned(),
        version,
        // Two Host headers are ambiguous: treated as none.
        host: if hosts.len() == 1 { hosts.pop() } else { None },
    })
}

/// A short plain-text response that closes the connection: the front's own answers (431, 421,
/// 400, 503), written without tiny_http because the request never reaches it.
pub(crate) fn refusal(status: u16, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        reason(status),
        body.len()
    )
    .into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Head, ReadError> {
        read_head(&mut std::io::BufReader::with_capacity(7, bytes))
    }

    #[test]
    fn a_head_is_read_whole_and_no_further() {
        let raw = b"GET /a.html HTTP/1.1\r\nHost: localhost:1111\r\nX: y\r\n\r\nGET /b.html HTTP/1.1\r\n\r\n";
        let mut reader = std::io::BufReader::with_capacity(5, raw.as_slice());
        let head = read_head(&mut reader).unwrap();
        assert_eq!(head.method, "GET");
        assert_eq!(head.target, "/a.html");
        assert_eq!(head.host.as_deref(), Some("localhost:1111"));
        assert_eq!(head.version, "HTTP/1.1");
        let next = read_head(&mut reader).unwrap();
        assert_eq!(next.target, "/b.html");
        assert_eq!(next.host, None);
        assert_eq!(read_head(&mut reader).unwrap_err(), ReadError::Closed);
    }

    #[test]
    fn long_or_broken_heads_are_refused() {
        let mut big = b"GET / HTTP/1.1\r\nX: ".to_vec();
        big.extend(std::iter::repeat_n(b'a', HEAD_LIMIT));
        big.extend_from_slice(b"\r\n\r\n");
        assert_eq!(read(&big).unwrap_err(), ReadError::TooLarge);
        assert_eq!(
            read(b"GET / SPDY/3\r\n\r\n").unwrap_err(),
            ReadError::Malformed
        );
        assert_eq!(
            read(b"GET a.html HTTP/1.1\r\n\r\n").unwrap_err(),
            ReadError::Malformed
        );
        assert_eq!(
            read(b"GET / HTTP/1.1\r\nno colon\r\n\r\n").unwrap_err(),
            ReadError::Malformed
        );
        let two_hosts = read(b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").unwrap();
        assert_eq!(two_hosts.host, None);
        let old = read(b"GET / HTTP/1.0\n\n").unwrap();
        assert_eq!(old.version, "HTTP/1.0");
    }
}
