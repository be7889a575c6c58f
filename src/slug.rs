//! Slugs: URL- and anchor-safe names made from paths and question text.
//!
//! Input: any text. Output: lower-case letters and digits (any script) joined by single dashes,
//! so two dashes never occur inside a slug and `doc--question` ids cannot collide across
//! documents. Apostrophes vanish (`what's` → `whats`) rather than split words. Also here:
//! plain titles (markup stripped) and unique names, which every later stage needs.

/// The slug of `text`, at most `max` characters, cut at a dash when possible.
pub(crate) fn slugify(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max + 8));
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if !matches!(c, '\'' | '’' | '\u{200d}' | '\u{fe0f}') {
            dash = true;
        }
    }
    if out.chars().count() > max {
        let cut: String = out.chars().take(max).collect();
        out = match cut.rfind('-') {
            Some(i) if i > max / 2 => cut[..i].to_owned(),
            _ => cut,
        };
    }
    out
}

/// The longest slug a document's files are named by, in bytes. File systems allow 255 bytes per
/// name, and a document's slug names its page (`SLUG.html`) and its practice cards
/// (`SLUG.HASH.js`, 12 bytes more), perhaps after a `-N` that keeps it unique: 180 leaves every
/// name under 200 bytes. A cap in characters is not enough, as a character takes up to 4 bytes.
pub(crate) const FILE_SLUG_BYTES: usize = 180;

/// `slug` cut to at most `max` bytes on a character boundary, at a dash when one is in the
/// second half.
pub(crate) fn cap_bytes(mut slug: String, max: usize) -> String {
    if slug.len() <= max {
        return slug;
    }
    let mut end = max;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(dash) = slug[..end].rfind('-').filter(|&i| i > max / 2) {
        end = dash;
    }
    slug.truncate(end);
    slug
}

/// Inline markup and HTML tags removed, whitespace (no-break spaces too) folded: for titles.
pub(crate) fn plain_title(text: &str) -> String {
    fold(text, |c| matches!(c, '*' | '`'))
}

/// HTML tags taken out of inline text, the markdown left as written, whitespace folded:
/// `<summary><b>What does `du` count?</b></summary>` → ``What does `du` count?``.
pub(crate) fn without_tags(text: &str) -> String {
    fold(text, |_| false)
}

/// `text` without its HTML tags and the characters `drop` names, whitespace folded.
fn fold(text: &str, drop: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag || drop(c) => {}
            _ => out.push(c),
        }
    }
    let folded: Vec<&str> = out
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    folded.join(" ")
}

/// Hands out names unique within one set: the base itself, then `base-2`, `base-3`, ...
/// Remembers the next suffix per base, so a thousand equal prompts cost a thousand steps.
#[derive(Debug, Default)]
pub(crate) struct UniqueNames {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl UniqueNames {
    /// Take `name` out of use, so that [`UniqueNames::claim`] hands out `name-2` for it.
    pub(crate) fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }

    /// A name not handed out before, built from `base`.
    pub(crate) fn claim(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cap_bytes, slugify};

    #[test]
    fn slugs_are_capped_in_bytes_on_a_character_boundary() {
        let four = "𝐚".repeat(61);
        let capped = cap_bytes(four, 180);
        assert_eq!(capped.len(), 180);
        assert_eq!(cap_bytes("é".repeat(100), 9), "éééé");
        assert_eq!(cap_bytes("abc-defgh".into(), 8), "abc-defg");
        assert_eq!(cap_bytes("abcde-fgh".into(), 8), "abcde");
        assert_eq!(cap_bytes("short".into(), 8), "short");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("What's the CAP theorem?", 60),
            "whats-the-cap-theorem"
        );
        assert_eq!(slugify("  C++ & Node.js -- tips ", 60), "c-node-js-tips");
        assert_eq!(slugify("常见问题：缓存", 60), "常见问题-缓存");
        assert_eq!(slugify("one two three four", 12), "one-two");
        assert_eq!(slugify("???", 10), "");
    }
}
