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

/// Inline markup and HTML tags removed, whitespace (no-break spaces too) folded: for titles.
pub(crate) fn plain_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '*' | '`' => {}
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
    use super::slugify;

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
