//! Links and anchors: where a link written in a document leads, and which anchors a page has.
//!
//! Input: a link as written and the document it is written in, or a [`Document`]. Output:
//! [`LinkTarget`] (another document, an anchor here, or something off the site) and the page's
//! anchors ([`anchors`]). Render rewrites links with these, `check` reports the ones that lead
//! nowhere, and `serve` decodes request paths with the same [`percent_decode`], so a link the
//! check accepts is a link the page has.
//!
//! [`Document`]: crate::model::Document

pub(crate) mod anchors;

/// Where a link written in a document leads, as the site resolves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget<'u> {
    /// Off the site (`https:`, `mailto:`, `/root`, `dir/`): the link is left as written.
    Other,
    /// A file beside the notes that is not a document (`img/arch.png`): its path relative to
    /// the content folder, with `..` and `%20` resolved; `None` when the path climbs out of the
    /// content folder, where nothing is published.
    File(Option<String>),
    /// An anchor on the same page (`#anchor`), without the `#`.
    Here(&'u str),
    /// Another document: its source path relative to the content folder (`web/other.md`), with
    /// `..` and `%20` resolved, and the anchor after `#`, if any.
    Document {
        /// The source path the link names.
        source: String,
        /// The anchor, without the `#`.
        fragment: Option<&'u str>,
    },
}

/// Resolve `url`, written in the document `from` (a source path), the way pages link.
pub(crate) fn link_target<'u>(url: &'u str, from: &str) -> LinkTarget<'u> {
    if let Some(fragment) = url.strip_prefix('#') {
        return LinkTarget::Here(fragment);
    }
    if has_scheme(url) || url.starts_with('/') || url.starts_with('?') || url.trim().is_empty() {
        return LinkTarget::Other;
    }
    let (path, fragment) = url
        .split_once('#')
        .map_or((url, None), |(p, f)| (p, Some(f)));
    let is_doc = [".md", ".markdown", ".txt"]
        .iter()
        .any(|e| path.to_ascii_lowercase().ends_with(e));
    if !is_doc {
        // A query means nothing to a static file; a folder is not a file.
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.is_empty() || path.ends_with('/') {
            return LinkTarget::Other;
        }
        return LinkTarget::File(resolve(&percent_decode(path), from));
    }
    let path = percent_decode(path);
    LinkTarget::Document {
        // A link that climbs out of the folder names what is left of it, as before: a
        // document of that name, or none.
        source: resolve_lenient(&path, from),
        fragment,
    }
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`, `data:`, `tel:`).
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `path` written in the document `from`, relative to the content folder; `None` when a `..`
/// climbs out of it.
fn resolve(path: &str, from: &str) -> Option<String> {
    walk(path, from, false)
}

/// As [`resolve`], a `..` above the content folder staying at its top.
fn resolve_lenient(path: &str, from: &str) -> String {
    walk(path, from, true).unwrap_or_default()
}

/// `path` from the folder of `from`, `.` and `..` resolved; a `..` above the content folder
/// stays at its top when `lenient`, else gives `None`.
fn walk(path: &str, from: &str, lenient: bool) -> Option<String> {
    let base = from.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() && !lenient {
                    return None;
                }
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A content path as a relative URL: the characters a URL path cannot hold as they are
/// escaped, the rest (`/`, letters of any script) kept.
pub(crate) fn file_url(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 8);
    for c in source.chars() {
        match c {
            ' ' | '%' | '#' | '?' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32));
            }
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    // `a:b.png` would read as a scheme.
    if has_scheme(&out) {
        out.insert_str(0, "./");
    }
    out
}

/// `%XX` escapes decoded (`my%20notes.md` names `my notes.md`); text that does not decode to
/// UTF-8 is kept as written, and so is a `%` that starts no escape.
pub(crate) fn percent_decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return text.into();
    }
    let (bytes, _) = decode_escapes(text);
    String::from_utf8(bytes).map_or(text.into(), Into::into)
}

/// `%XX` escapes decoded, or `None` when a `%` starts no escape or the bytes are not UTF-8:
/// for a request path, where a malformed one is refused rather than guessed at.
pub(crate) fn percent_decode_strict(text: &str) -> Option<String> {
    match decode_escapes(text) {
        (bytes, true) => String::from_utf8(bytes).ok(),
        (_, false) => None,
    }
}

/// The bytes of `text` with every `%XX` escape decoded, and whether every `%` started one (a
/// `%` that does not is kept as it is).
fn decode_escapes(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut well_formed = true;
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                well_formed &= b != b'%';
                out.push(b);
                i += 1;
            }
        }
    }
    (out, well_formed)
}

/// The anchor GitHub gives a heading with this text (`What is the virtual DOM?` →
/// `what-is-the-virtual-dom`), which in-document links written for GitHub point at.
pub(crate) fn github_anchor(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_resolve_like_pages() {
        assert_eq!(link_target("#q", "web/a.md"), LinkTarget::Here("q"));
        assert_eq!(
            link_target("../x%20y.md#top", "web/a.md"),
            LinkTarget::Document {
                source: "x y.md".into(),
                fragment: Some("top")
            }
        );
        assert_eq!(
            link_target("./b.txt", "web/a.md"),
            LinkTarget::Document {
                source: "web/b.txt".into(),
                fragment: None
            }
        );
        for other in [
            "https://x.io/a.md",
            "mailto:a@b.c",
            "data:image/png;base64,AAAA",
            "/abs.md",
            "dir/",
            "?q=1",
        ] {
            assert_eq!(link_target(other, "a.md"), LinkTarget::Other, "{other}");
        }
        assert_eq!(
            link_target("img/My%20arch.png?raw=true#x", "web/a.md"),
            LinkTarget::File(Some("web/img/My arch.png".into()))
        );
        assert_eq!(
            link_target("../../secret.png", "web/a.md"),
            LinkTarget::File(None)
        );
        assert_eq!(
            link_target("../LICENSE", "web/a.md"),
            LinkTarget::File(Some("LICENSE".into()))
        );
        assert_eq!(file_url("img/my arch#1.png"), "img/my%20arch%231.png");
        assert_eq!(file_url("c:d.png"), "./c:d.png");
        assert_eq!(percent_decode("caf%C3%A9%zz"), "café%zz");
    }

    #[test]
    fn github_anchors() {
        assert_eq!(
            github_anchor("What is the virtual DOM?"),
            "what-is-the-virtual-dom"
        );
        assert_eq!(github_anchor("Table of Contents"), "table-of-contents");
    }

    #[test]
    fn request_paths_decode_strictly() {
        assert_eq!(
            percent_decode_strict("/my%20prep/").as_deref(),
            Some("/my prep/")
        );
        assert_eq!(percent_decode_strict("/a%zz"), None);
        assert_eq!(percent_decode_strict("/a%2"), None);
        assert_eq!(percent_decode_strict("/a%FF"), None);
        assert_eq!(percent_decode_strict("/plain").as_deref(), Some("/plain"));
    }
}
