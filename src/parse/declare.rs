//! The structure a writer declares, for when inference reads a document wrong.
//!
//! Input: the value of `questions:` (and `sections:`) in a document's front matter, or in a
//! `structure:` rule of `prepbook.yaml` for the files its glob matches. Output: a [`Declared`]
//! structure, which detection turns into parser rules in place of detecting them. A
//! declaration names where questions start — a heading level, list items, bold lead-ins,
//! `<details>` folds, table rows, speaker turns — or gives a `/regex/` that a question's line
//! matches. A declaration wins over inference; a value that names nothing is an error listing
//! the accepted ones.

use regex::Regex;

/// Where a document's questions start.
#[derive(Debug, Clone)]
pub(crate) enum Marker {
    /// Headings of this level (`h3`).
    Heading(u8),
    /// Top-level ordered-list items (`1. …`).
    OrderedList,
    /// Top-level bullet items (`- …`).
    BulletList,
    /// Paragraphs led by a bold run (`**What is X?**`, `**1)** Count …`).
    BoldLead,
    /// `<details>` folds, the summary asking.
    Details,
    /// Question callouts (`> [!question]- What is X?`).
    Callout,
    /// Rows of the document's tables.
    Table,
    /// Turns of a conversation (`NAME: text`).
    Speaker,
    /// Lines matching a pattern; its first capture group, if any, is the question's text.
    Pattern(Regex),
}

impl PartialEq for Marker {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Marker::Pattern(a), Marker::Pattern(b)) => a.as_str() == b.as_str(),
            (Marker::Heading(a), Marker::Heading(b)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for Marker {}

/// What a writer declared about one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Declared {
    /// Where questions start.
    pub(crate) questions: Option<Marker>,
    /// The heading level of sections (`h2`): deeper headings inside an answer are its parts.
    pub(crate) sections: Option<u8>,
}

impl Declared {
    /// This declaration, with what `fallback` declares where this one is silent: front matter
    /// over `prepbook.yaml`.
    pub(crate) fn or(self, fallback: Option<&Declared>) -> Declared {
        let fallback = fallback.cloned().unwrap_or_default();
        Declared {
            questions: self.questions.or(fallback.questions),
            sections: self.sections.or(fallback.sections),
        }
    }
}

/// The values `questions:` accepts, for error messages and help.
pub(crate) const ACCEPTED: &str =
    "h1 to h6, ordered-list, bullet-list, bold-lead, details, callout, table, speaker, or a /regex/";

/// Read a `questions:` value. The error says what is accepted, never echoing the value.
pub(crate) fn marker(value: &str) -> Result<Marker, String> {
    let v = value.trim();
    if let Some(pattern) = v.strip_prefix('/').and_then(|p| p.strip_suffix('/')) {
        // A pattern runs on every line of a document: bound its compiled size so a shared
        // repository cannot make it slow (the regex crate matches in linear time).
        return regex::RegexBuilder::new(pattern)
            .size_limit(1 << 20)
            .build()
            .map(Marker::Pattern)
            .map_err(|_| {
                "`questions` holds a /regex/ that does not compile; check its brackets and \
                 escapes"
                    .to_owned()
            });
    }
    if let Some(level) = heading_level(v) {
        return Ok(Marker::Heading(level));
    }
    match v.to_ascii_lowercase().as_str() {
        "ordered-list" => Ok(Marker::OrderedList),
        "bullet-list" => Ok(Marker::BulletList),
        "bold-lead" => Ok(Marker::BoldLead),
        "details" => Ok(Marker::Details),
        "callout" => Ok(Marker::Callout),
        "table" => Ok(Marker::Table),
        "speaker" => Ok(Marker::Speaker),
        _ => Err(format!(
            "`questions` names no marker. Use one of: {ACCEPTED}; or remove the key to let \
             prepbook infer the structure."
        )),
    }
}

/// Read a `sections:` value (`h1` to `h6`).
pub(crate) fn section_level(value: &str) -> Result<u8, String> {
    heading_level(value.trim())
        .ok_or_else(|| "`sections` must be a heading level, h1 to h6.".to_owned())
}

/// `h3` → 3.
fn heading_level(v: &str) -> Option<u8> {
    let digit = v.strip_prefix(['h', 'H'])?;
    match digit.parse::<u8>() {
        Ok(level @ 1..=6) => Some(level),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(marker("h3"), Ok(Marker::Heading(3)));
        assert_eq!(marker(" ordered-list "), Ok(Marker::OrderedList));
        assert_eq!(marker("Details"), Ok(Marker::Details));
        assert!(matches!(marker(r"/^Q\d+: (.*)$/"), Ok(Marker::Pattern(_))));
        let err = marker("h7").unwrap_err();
        assert!(err.contains("h1 to h6, ordered-list"), "{err}");
        assert!(!err.contains("h7"), "the value is not echoed");
        assert!(marker("/(unclosed/").is_err());
        assert_eq!(section_level("h2"), Ok(2));
        assert!(section_level("chapter").is_err());
    }

    #[test]
    fn front_matter_wins_over_config() {
        let front = Declared {
            questions: Some(Marker::Details),
            sections: None,
        };
        let config = Declared {
            questions: Some(Marker::Heading(3)),
            sections: Some(2),
        };
        let both = front.or(Some(&config));
        assert_eq!(both.questions, Some(Marker::Details));
        assert_eq!(both.sections, Some(2));
    }
}
