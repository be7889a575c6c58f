//! Bare URLs made links, as GitHub makes them (GFM's "extended autolinks"): `https://…`,
//! `http://…`, `www.…` and e-mail addresses written as plain text become links on the page.
//!
//! Input: the text of one run of prose (never code, a link's text or raw HTML: the caller
//! keeps those out). Output: where each URL is and where it leads. The rules are the GFM
//! spec's: a URL starts a line or follows a space or one of `*_~(`; it has a domain of at least
//! two parts with no `_` in the last two; it ends at a space or `<`, then loses trailing
//! punctuation, a `)` that closes nothing, and an entity-like `&x;` tail.

use std::ops::Range;

/// A bare URL found in text: its bytes and the link's destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Where the URL's text is.
    pub(crate) range: Range<usize>,
    /// Where it leads (`http://` added to `www.`, `mailto:` to an address).
    pub(crate) dest: String,
}

/// No domain is longer than this (DNS's limit): a longer run is no URL, and every start is
/// looked at through a bounded window, so the scan stays linear whatever the text.
const MAX_DOMAIN: usize = 253;

/// Every bare URL in `text`, in order. Cheap when there is none: only a `:`, `www.` or `@`
/// can start one.
pub(crate) fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if !(text.contains("://") || text.contains("www.") || text.contains('@')) {
        return out;
    }
    let bytes = text.as_bytes();
    let is_local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_');
    // Where the run from `i` ends (at a space or `<`), and where an address's local part that
    // runs through `i` ends: found once per run, not once per start inside it.
    let (mut stop, mut local_end) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        if i >= stop {
            stop = i + text[i..]
                .find(|c: char| c.is_whitespace() || c == '<')
                .unwrap_or(text.len() - i);
        }
        if i >= local_end {
            local_end = i + bytes[i..].iter().take_while(|&&b| is_local(b)).count();
        }
        let starts = i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'*' | b'_' | b'~' | b'('
            );
        let found = if starts && i < stop {
            at(&text[..stop], i, local_end)
        } else {
            None
        };
        match found {
            Some(f) => {
                i = f.range.end;
                out.push(f);
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// The URL that starts at byte `i` of `text` (which ends where the run does), if one does;
/// an address's local part runs from `i` to `local_end`.
fn at(text: &str, i: usize, local_end: usize) -> Option<Found> {
    let rest = &text[i..];
    let lower = |p: &str| {
        rest.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if let Some(scheme) = ["https://", "http://"].into_iter().find(|p| lower(p)) {
        let len = scheme.len() + url_len(&rest[scheme.len()..])?;
        return Some(Found {
            range: i..i + len,
            dest: rest[..len].to_owned(),
        });
    }
    if lower("www.") {
        let len = url_len(rest)?;
        return Some(Found {
            range: i..i + len,
            dest: format!("http://{}", &rest[..len]),
        });
    }
    email(rest, local_end.min(text.len()) - i).map(|len| Found {
        range: i..i + len,
        dest: format!("mailto:{}", &rest[..len]),
    })
}

/// The first `n` bytes of `s` at most, cut at a character boundary.
fn head(s: &str, n: usize) -> &str {
    let mut cut = s.len().min(n);
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    &s[..cut]
}

/// The length of the domain and path that make up all of `s` (a run up to a space or `<`),
/// trimmed as GFM trims it; `None` when the domain is not valid.
fn url_len(candidate: &str) -> Option<usize> {
    // The domain ends at the first character no domain has (`/`, `:8080`, `?`).
    let window = head(candidate, MAX_DOMAIN + 1);
    let domain_end =
        match window.find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))) {
            Some(end) => end,
            None if window.len() == candidate.len() => candidate.len(),
            None => return None,
        };
    if !valid_domain(trim_end(&candidate[..domain_end])) {
        return None;
    }
    let kept = trim_end(candidate);
    // A trimmed domain that lost its dot is no URL (`www.`).
    let kept_domain = &kept[..kept
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(kept.len())];
    (!kept.is_empty() && valid_domain(kept_domain)).then_some(kept.len())
}

/// Labels of letters, digits, `-` and `_`, at least two, with no `_` in the last two.
fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
        && labels.iter().rev().take(2).all(|l| !l.contains('_'))
}

/// `s` without trailing punctuation, unbalanced closing parentheses and an entity-like tail.
/// The parentheses are counted once: each pass only takes characters off the end, and never
/// a `(`.
fn trim_end(mut s: &str) -> &str {
    let open = s.matches('(').count();
    let mut close = s.matches(')').count();
    loop {
        let before = s.len();
        s = s.trim_end_matches(['?', '!', '.', ',', ':', '*', '_', '~', '\'', '"']);
        if s.ends_with(')') && close > open {
            s = &s[..s.len() - 1];
            close -= 1;
        }
        if let Some(head) = s.strip_suffix(';') {
            let tail = head
                .bytes()
                .rev()
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            if tail > 0 && head[..head.len() - tail].ends_with('&') {
                s = &head[..head.len() - tail - 1];
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// The length of an e-mail address at the start of `s`, whose local part is `at` bytes long.
fn email(s: &str, at: usize) -> Option<usize> {
    if at == 0 || s.as_bytes().get(at) != Some(&b'@') {
        return None;
    }
    let domain = head(&s[at + 1..], MAX_DOMAIN + 1);
    let len = domain
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(domain.len());
    if len > MAX_DOMAIN {
        return None;
    }
    let domain = domain[..len].trim_end_matches('.');
    if domain.ends_with(['-', '_']) || !domain.contains('.') || !valid_domain(domain) {
        return None;
    }
    Some(at + 1 + domain.len())
}

#[cfg(test)]
mod tests {
    use super::find;

    fn urls(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|f| (&text[f.range], f.dest))
            .collect()
    }

    #[test]
    fn bare_urls_are_found_as_github_finds_them() {
        assert_eq!(
            urls("See https://example.com/a?b=1. And www.rust-lang.org, too."),
            vec![
                (
                    "https://example.com/a?b=1",
                    "https://example.com/a?b=1".to_owned()
                ),
                ("www.rust-lang.org", "http://www.rust-lang.org".to_owned()),
            ]
        );
        assert_eq!(
            urls("(see https://en.wikipedia.org/wiki/Heap_(data_structure))"),
            vec![(
                "https://en.wikipedia.org/wiki/Heap_(data_structure)",
                "https://en.wikipedia.org/wiki/Heap_(data_structure)".to_owned()
            )]
        );
        assert_eq!(
            urls("on https://example.com:8080/x, then"),
            vec![(
                "https://example.com:8080/x",
                "https://example.com:8080/x".to_owned()
            )]
        );
        assert_eq!(
            urls("mail me@example.org!"),
            vec![("me@example.org", "mailto:me@example.org".to_owned())]
        );
        assert_eq!(
            urls("http://a.b.c/x&amp;"),
            vec![("http://a.b.c/x", "http://a.b.c/x".to_owned())]
        );
    }

    #[test]
    fn what_is_no_url_stays_text() {
        for text in [
            "no url here",
            "https://localhost",
            "www.",
            "a.www.example.com",
            "x@y",
            "under_score@host_name.com_",
            "http://a.b_c.d_e/",
            "word:https://example.com",
            "Qé://éOj",
        ] {
            assert_eq!(urls(text), vec![], "{text}");
        }
    }
}
