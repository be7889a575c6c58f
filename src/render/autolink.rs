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

/// Every bare URL in `text`, in order. Cheap when there is none: only a `:`, `www.` or `@`
/// can start one.
pub(crate) fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    if !(text.contains("://") || text.contains("www.") || text.contains('@')) {
        return out;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'*' | b'_' | b'~' | b'('
            );
        let found = if starts { at(text, i) } else { None };
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

/// The URL that starts at byte `i` of `text`, if one does.
fn at(text: &str, i: usize) -> Option<Found> {
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
    email(rest).map(|len| Found {
        range: i..i + len,
        dest: format!("mailto:{}", &rest[..len]),
    })
}

/// The length of a domain and path at the start of `s`, trimmed as GFM trims it; `None` when
/// the domain is not valid.
fn url_len(s: &str) -> Option<usize> {
    let end = s
        .find(|c: char| c.is_whitespace() || c == '<')
        .unwrap_or(s.len());
    let candidate = &s[..end];
    let domain_end = candidate.find(['/', '?', '#']).unwrap_or(candidate.len());
    if !valid_domain(trim_end(&candidate[..domain_end])) {
        return None;
    }
    let kept = trim_end(candidate);
    // A trimmed domain that lost its dot is no URL (`www.`).
    (!kept.is_empty() && valid_domain(&kept[..kept.find(['/', '?', '#']).unwrap_or(kept.len())]))
        .then_some(kept.len())
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
fn trim_end(mut s: &str) -> &str {
    loop {
        let before = s.len();
        s = s.trim_end_matches(['?', '!', '.', ',', ':', '*', '_', '~', '\'', '"']);
        if s.ends_with(')') && s.matches(')').count() > s.matches('(').count() {
            s = &s[..s.len() - 1];
        }
        if let Some(head) = s.strip_suffix(';') {
            if let Some(amp) = head.rfind('&') {
                if head.len() > amp + 1
                    && head[amp + 1..].chars().all(|c| c.is_ascii_alphanumeric())
                {
                    s = &head[..amp];
                }
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// The length of an e-mail address at the start of `s`.
fn email(s: &str) -> Option<usize> {
    let at = s
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-' | b'_'))
        .count();
    if at == 0 || s.as_bytes().get(at) != Some(&b'@') {
        return None;
    }
    let domain: &str = &s[at + 1..];
    let len = domain
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        .unwrap_or(domain.len());
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
