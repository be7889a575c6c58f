//! HTTP/1.1 for the preview, as little of it as a browser needs: read one request's head,
//! bounded, and write one response.
//!
//! Input: a connection's bytes. Output: [`Head`] (method, target, headers), or why there is
//! none. The head is read up to [`HEAD_LIMIT`] bytes and for at most [`HEAD_TIME`]: a client
//! that sends more (a 400 MB header) gets 431 once the limit is reached, not an allocation of
//! what it sent. tiny_http, used before, reads each header line into a growing buffer with no
//! limit and offers no hook to set one, so the preview reads its requests itself. Bodies are
//! never read: the preview answers GET and HEAD only, and closes a connection that sent one.

use std::io::{BufRead, Write};
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
    /// Whether the client may send another request on this connection.
    pub(crate) keep_alive: bool,
    /// The `Host` header's value, if it sent exactly one.
    pub(crate) host: Option<String>,
}

/// Why no request was read.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The client closed the connection (or went quiet) between requests.
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
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(ReadError::Malformed),
    };
    if method.is_empty() || !target.starts_with('/') {
        return Err(ReadError::Malformed);
    }
    let (mut keep_alive, mut has_body) = (http11, false);
    let mut hosts = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(ReadError::Malformed)?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            hosts.push(value.to_owned());
        } else if name.eq_ignore_ascii_case("connection") {
            let value = value.to_ascii_lowercase();
            if value.contains("close") {
                keep_alive = false;
            } else if value.contains("keep-alive") {
                keep_alive = true;
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            has_body = true;
        }
    }
    Ok(Head {
        method: method.to_owned(),
        target: target.to_owned(),
        // A body is never read, so the next request could not be found after it.
        keep_alive: keep_alive && !has_body,
        // Two Host headers are ambiguous: treated as none.
        host: if hosts.len() == 1 { hosts.pop() } else { None },
    })
}

/// A response to write.
#[derive(Debug)]
pub(crate) struct Response {
    /// The status code.
    pub(crate) status: u16,
    /// Headers besides `Content-Length` and `Connection`; names and values are ours, ASCII.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The body (not sent for HEAD).
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// A response with a body of `kind`, never cached: the preview changes on every save.
    pub(crate) fn ok(body: Vec<u8>, kind: &str) -> Response {
        Response {
            status: 200,
            headers: vec![
                ("Content-Type", kind.to_owned()),
                ("Cache-Control", "no-store".to_owned()),
            ],
            body,
        }
    }

    /// A short plain-text response with `status`.
    pub(crate) fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// The same response with `status`.
    pub(crate) fn with_status(mut self, status: u16) -> Response {
        self.status = status;
        self
    }

    /// The same response with one more header.
    pub(crate) fn with_header(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// Write `response`; without its body for a HEAD request.
pub(crate) fn write(
    out: &mut impl Write,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut text = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        // Values are ours, but a line break in one would start a header of its own.
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    text.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut bytes = text.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    out.write_all(&bytes)?;
    out.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
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
        assert!(head.keep_alive);
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
        let body = read(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").unwrap();
        assert!(!body.keep_alive);
        let old = read(b"GET / HTTP/1.0\n\n").unwrap();
        assert!(!old.keep_alive);
    }
}
