//! Front matter: the optional YAML block between `---` lines at the top of a document.
//!
//! Input: a document's text. Output: [`Split`], the fields prepbook understands, the keys it
//! keeps without using (as notes, never errors: handbooks come from Jekyll, Hugo and Docusaurus),
//! and the body with the line it starts on, so every later line number counts from the top of
//! the file. Only YAML that does not parse, or a `shape` that names no parser, is an error.

use crate::diag::{Code, Diagnostic};
use crate::model::{Meta, Shape};
use serde_yaml::Value;

/// What the front matter says.
#[derive(Debug, Clone, Default)]
pub(crate) struct FrontMatter {
    /// The understood fields and the kept ones.
    pub(crate) meta: Meta,
    /// `title`.
    pub(crate) title: Option<String>,
    /// `subtitle`.
    pub(crate) subtitle: Option<String>,
    /// `shape`: force a parser instead of detecting one.
    pub(crate) shape: Option<Shape>,
    /// Whether a front-matter block was present at all.
    pub(crate) present: bool,
}

/// A document split into its front matter and body.
#[derive(Debug, Clone)]
pub(crate) struct Split<'a> {
    /// The front matter (default when absent).
    pub(crate) front: FrontMatter,
    /// The text after the front matter.
    pub(crate) body: &'a str,
    /// The 1-based line of the file on which `body` starts.
    pub(crate) body_line: usize,
}

/// The keys prepbook reads.
const KNOWN_KEYS: [&str; 9] = [
    "title",
    "subtitle",
    "tags",
    "company",
    "role",
    "difficulty",
    "order",
    "draft",
    "shape",
];

/// Split `text` into front matter and body, reporting problems into `diagnostics`.
pub(crate) fn split<'a>(text: &'a str, diagnostics: &mut Vec<Diagnostic>) -> Split<'a> {
    let Some((yaml, body, body_line)) = find_block(text) else {
        return Split {
            front: FrontMatter::default(),
            body: text,
            body_line: 1,
        };
    };
    let mut front = FrontMatter {
        present: true,
        ..FrontMatter::default()
    };
    match serde_yaml::from_str::<Value>(yaml) {
        // Only comments between the `---` lines: perhaps a rule and `#` headings, not YAML.
        Ok(Value::Null) if yaml.lines().any(|l| l.trim_start().starts_with('#')) => {
            diagnostics.push(Diagnostic::warning(
                Code::BadFrontMatter,
                1,
                "the `---` block at the top holds only YAML comments, so it was read as empty front \
                 matter; if its `#` lines are headings, remove the `---` on line 1.",
            ))
        }
        Ok(Value::Null) => {}
        Ok(Value::Mapping(map)) => read_mapping(&map, yaml, &mut front, diagnostics),
        Ok(_) => diagnostics.push(Diagnostic::error(
            Code::BadFrontMatter,
            2,
            "the front matter is not a set of `key: value` lines. Write it as YAML keys \
             (`title: My notes`), or remove the `---` lines around it.",
        )),
        Err(err) => {
            // serde_yaml counts lines from the first line of the YAML, which is file line 2.
            let line = err.location().map_or(2, |l| l.line() + 1);
            let column = err.location().map_or(1, |l| l.column());
            diagnostics.push(Diagnostic::new(
                crate::diag::Severity::Error,
                Code::BadFrontMatter,
                line,
                column,
                format!("the front matter is not valid YAML: {err}. Fix the YAML between the `---` lines."),
            ));
        }
    }
    Split {
        front,
        body,
        body_line,
    }
}

/// Find `---\n yaml \n---` at the very top: (yaml, body, body's first line).
fn find_block(text: &str) -> Option<(&str, &str, usize)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut offset = yaml_start;
    for (line, raw) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            let body = &text[offset + raw.len()..];
            return Some((yaml, body, line + 1));
        }
        offset += raw.len();
    }
    None
}

fn read_mapping(
    map: &serde_yaml::Mapping,
    yaml: &str,
    front: &mut FrontMatter,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            continue;
        };
        let line = key_line(yaml, key);
        let wrong_type = |expected: &str| {
            Diagnostic::warning(
                Code::BadFrontMatter,
                line,
                format!("`{key}` should be {expected}; the value was ignored."),
            )
        };
        let text = |diagnostics: &mut Vec<Diagnostic>| {
            let found = scalar_string(value);
            if found.is_none() {
                diagnostics.push(wrong_type("text"));
            }
            found
        };
        match key {
            "title" => front.title = text(diagnostics),
            "subtitle" => front.subtitle = text(diagnostics),
            "company" => front.meta.company = text(diagnostics),
            "role" => front.meta.role = text(diagnostics),
            "difficulty" => front.meta.difficulty = text(diagnostics),
            "tags" => match tags(value) {
                Some(tags) => front.meta.tags = tags,
                None => diagnostics.push(wrong_type("a list of words")),
            },
            "order" => match value {
                Value::Number(n) if n.as_i64().is_some() => front.meta.order = n.as_i64(),
                Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                    front.meta.order = s.trim().parse().ok()
                }
                _ => diagnostics.push(wrong_type("a whole number")),
            },
            "draft" => match value {
                Value::Bool(b) => front.meta.draft = *b,
                Value::String(s) if matches!(s.as_str(), "true" | "yes") => front.meta.draft = true,
                Value::String(s) if matches!(s.as_str(), "false" | "no") => {}
                _ => diagnostics.push(wrong_type("true or false")),
            },
            "shape" => match value.as_str().map(|s| s.trim().to_ascii_lowercase()) {
                Some(name) => match Shape::ALL.iter().find(|s| s.name() == name) {
                    Some(&shape) => front.shape = Some(shape),
                    None => diagnostics.push(Diagnostic::error(
                        Code::UnknownShape,
                        line,
                        format!(
                            "`shape: {name}` names no parser. Use one of: {}; or remove the key \
                             to let prepbook detect the shape.",
                            Shape::ALL.map(Shape::name).join(", ")
                        ),
                    )),
                },
                None => diagnostics.push(Diagnostic::error(
                    Code::UnknownShape,
                    line,
                    "`shape` must be the name of a parser, such as `checklist`.",
                )),
            },
            _ => {
                diagnostics.push(Diagnostic::note(
                    Code::UnknownKey,
                    line,
                    format!(
                        "front-matter key `{key}` is not used by prepbook; it is kept. \
                         Known keys: {}.",
                        KNOWN_KEYS.join(", ")
                    ),
                ));
                front.meta.extra.insert(key.to_owned(), value.clone());
            }
        }
    }
}

/// A scalar as text (`order: 3` and `title: 2024` are fine as text too).
fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `tags: [a, b]`, `tags: a, b` or `tags: a`.
fn tags(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Sequence(items) => items.iter().map(scalar_string).collect(),
        Value::String(s) => Some(
            s.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

/// The file line of a top-level `key:` in the YAML block (which starts on line 2).
fn key_line(yaml: &str, key: &str) -> usize {
    yaml.lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map_or(2, |i| i + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_text(text: &str) -> (Split<'_>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let split = split(text, &mut diags);
        (split, diags)
    }

    #[test]
    fn no_front_matter_leaves_text_alone() {
        let (split, diags) = split_text("# Title\n---\n");
        assert!(!split.front.present);
        assert_eq!(split.body, "# Title\n---\n");
        assert_eq!(split.body_line, 1);
        assert!(diags.is_empty());
    }

    #[test]
    fn known_keys_are_read_and_body_line_counted() {
        let text =
            "---\ntitle: Notes\ntags: [a, b]\norder: 3\ndraft: true\nshape: checklist\n---\nbody\n";
        let (split, diags) = split_text(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(split.front.title.as_deref(), Some("Notes"));
        assert_eq!(split.front.meta.tags, ["a", "b"]);
        assert_eq!(split.front.meta.order, Some(3));
        assert!(split.front.meta.draft);
        assert_eq!(split.front.shape, Some(Shape::Checklist));
        assert_eq!(split.body, "body\n");
        assert_eq!(split.body_line, 8);
    }

    #[test]
    fn unknown_keys_are_kept_as_notes() {
        let (split, diags) = split_text("---\ntitle: T\nlayout: page\npermalink: /x/\n---\n");
        assert_eq!(split.front.meta.extra.len(), 2);
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.code == Code::UnknownKey));
        assert_eq!(diags[0].line, 3);
    }

    #[test]
    fn invalid_yaml_is_an_error_with_its_line() {
        let (_, diags) = split_text("---\ntitle: ok\ntags: [unclosed\n---\nbody\n");
        assert_eq!(diags[0].code, Code::BadFrontMatter);
        assert_eq!(diags[0].severity, crate::diag::Severity::Error);
        assert!(diags[0].line >= 3, "{:?}", diags[0]);
    }

    #[test]
    fn alias_bombs_are_refused_not_expanded() {
        let mut yaml = String::from("---\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_owned()
            } else {
                format!("l{}", i - 1)
            };
            yaml.push_str(&format!(
                "l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        yaml.push_str("---\n");
        let (_, diags) = split_text(&yaml);
        assert!(diags.iter().any(|d| d.code == Code::BadFrontMatter));
    }

    #[test]
    fn unknown_shape_is_an_error() {
        let (_, diags) = split_text("---\nshape: sonnet\n---\n");
        assert_eq!(diags[0].code, Code::UnknownShape);
        assert_eq!(diags[0].line, 2);
    }

    #[test]
    fn wrong_types_are_warnings() {
        let (split, diags) = split_text("---\norder: soon\ntags: a, b\n---\n");
        assert_eq!(split.front.meta.order, None);
        assert_eq!(split.front.meta.tags, ["a", "b"]);
        assert_eq!(diags[0].severity, crate::diag::Severity::Warning);
    }
}
