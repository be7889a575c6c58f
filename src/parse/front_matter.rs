//! Front matter: the optional block of metadata at the top of a document, YAML between `---`
//! lines (Jekyll, Docusaurus, Obsidian) or TOML between `+++` lines (Zola, Hugo).
//!
//! Input: a document's text. Output: [`Split`], the fields prepbook understands, the keys it
//! keeps without using (as notes, never errors: handbooks come from Jekyll, Hugo and Docusaurus),
//! and the body with the line it starts on, so every later line number counts from the top of
//! the file. Only YAML or TOML that does not parse, a block that is never closed, or a `shape`
//! that names no parser, is an error; each is reported once, at the line and column of the
//! file (never a line counted inside the block).
//!
//! The YAML rules shared with `prepbook.yaml` live here too: [`over_caps`], the size and depth
//! caps checked before libyaml sees the text, and [`yaml_problem`], serde_yaml's errors told
//! without the text they quote. A handbook is shared: its YAML may be a linked secret or built
//! to be slow, and a message must name the place, never the value.

use super::declare::{self, Declared};
use crate::diag::{Code, Diagnostic, LineIndex, Severity};
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
    /// `questions` and `sections`: the structure declared instead of inferred.
    pub(crate) declared: Declared,
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
const KNOWN_KEYS: [&str; 11] = [
    "title",
    "subtitle",
    "tags",
    "company",
    "role",
    "difficulty",
    "order",
    "draft",
    "shape",
    "questions",
    "sections",
];

/// The language of a front-matter block, told by its fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    /// `---` … `---` (or `...`).
    Yaml,
    /// `+++` … `+++`.
    Toml,
}

impl Syntax {
    fn name(self) -> &'static str {
        match self {
            Syntax::Yaml => "YAML",
            Syntax::Toml => "TOML",
        }
    }

    fn fence(self) -> &'static str {
        match self {
            Syntax::Yaml => "---",
            Syntax::Toml => "+++",
        }
    }

    /// A line that sets a top-level key: `key: value` in YAML, `key = value` or a `[table]`
    /// header in TOML.
    fn key_of(self, line: &str) -> Option<&str> {
        match self {
            Syntax::Yaml => top_level_key(line),
            Syntax::Toml => {
                if let Some(header) = line.strip_prefix('[') {
                    // `[extra]`, `[[menu.main]]`: the table's top-level key.
                    let name = header.trim_start_matches('[').split([']', '.']).next()?;
                    return Some(name.trim()).filter(|k| !k.is_empty());
                }
                if line.starts_with([' ', '\t', '#']) {
                    return None;
                }
                let (key, _) = line.split_once('=')?;
                Some(key.trim().trim_matches(['"', '\''])).filter(|k| !k.is_empty())
            }
        }
    }
}

/// The block at the top of a document, found by its fences.
#[derive(Debug)]
struct Block<'a> {
    syntax: Syntax,
    /// The text between the fences (for an unclosed block, the lines read as its keys).
    text: &'a str,
    body: &'a str,
    body_line: usize,
    /// The last line of the keys, when the closing fence is missing.
    unclosed_after: Option<usize>,
}

/// Split `text` into front matter and body, reporting problems into `diagnostics`.
pub(crate) fn split<'a>(text: &'a str, diagnostics: &mut Vec<Diagnostic>) -> Split<'a> {
    let Some(block) = find_block(text) else {
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
    let (syntax, fence) = (block.syntax, block.syntax.fence());
    if let Some(last) = block.unclosed_after {
        // Read as page text, the keys would show on the page and `tags: [a]` become a blank to
        // fill; the block is taken to end at its first blank line, and the writer told.
        diagnostics.push(Diagnostic::error(
            Code::BadFrontMatter,
            1,
            format!(
                "the front matter that opens here is never closed. Add a `{fence}` line after \
                 its last key (line {last}); it was read up to there."
            ),
        ));
    }
    let done = |front| Split {
        front,
        body: block.body,
        body_line: block.body_line,
    };
    // The block's first line is the file's line 2, so a line inside it is one more in the file.
    if let Some(capped) = over_caps(block.text, "the front matter") {
        diagnostics.push(Diagnostic::new(
            Severity::Error,
            Code::BadFrontMatter,
            capped.line + 1,
            capped.column,
            capped.message,
        ));
        return done(front);
    }
    let parsed = match syntax {
        Syntax::Yaml => serde_yaml::from_str::<Value>(block.text)
            .map_err(|err| yaml_problem(block.text, &err, false)),
        Syntax::Toml => toml::from_str::<toml::Table>(block.text)
            .map(|table| Value::Mapping(toml_mapping(table)))
            .map_err(|err| toml_problem(block.text, &err)),
    };
    match parsed {
        // Only comments between the `---` lines: perhaps a rule and `#` headings, not YAML.
        Ok(Value::Null)
            if syntax == Syntax::Yaml
                && block.text.lines().any(|l| l.trim_start().starts_with('#')) =>
        {
            diagnostics.push(Diagnostic::warning(
                Code::BadFrontMatter,
                1,
                "the `---` block at the top holds only YAML comments, so it was read as empty front \
                 matter; if its `#` lines are headings, remove the `---` on line 1.",
            ))
        }
        Ok(Value::Null) => {}
        Ok(Value::Mapping(map)) => read_mapping(&map, &block, &mut front, diagnostics),
        Ok(_) => diagnostics.push(Diagnostic::error(
            Code::BadFrontMatter,
            2,
            "the front matter is not a set of `key: value` lines. Write it as YAML keys \
             (`title: My notes`), or remove the `---` lines around it.",
        )),
        Err(problem) => diagnostics.push(Diagnostic::new(
            Severity::Error,
            Code::BadFrontMatter,
            problem.line + 1,
            problem.column,
            format!(
                "the front matter is not valid {}: {}. Fix the {0} between the `{fence}` lines.",
                syntax.name(),
                problem.message
            ),
        )),
    }
    done(front)
}

/// Find the front matter at the very top: `---` (YAML) or `+++` (TOML) on line 1, up to the same
/// fence (or `...` for YAML). A first line `---` with no closing fence is a rule, unless the lines
/// after it read as front matter: then they are the block, up to the first blank line, and
/// `unclosed_after` says where it was taken to end.
fn find_block(text: &str) -> Option<Block<'_>> {
    let first_end = text.find('\n')?;
    let syntax = match text[..first_end].trim_end() {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => return None,
    };
    let start = first_end + 1;
    let mut offset = start;
    for (line, raw) in (2..).zip(text[start..].split_inclusive('\n')) {
        let trimmed = raw.trim_end();
        if trimmed == syntax.fence() || (syntax == Syntax::Yaml && trimmed == "...") {
            return Some(Block {
                syntax,
                text: &text[start..offset],
                body: &text[offset + raw.len()..],
                body_line: line + 1,
                unclosed_after: None,
            });
        }
        offset += raw.len();
    }
    unclosed(text, start, syntax)
}

/// The block of a front matter whose closing fence is missing, if the lines after the opening
/// one read as front matter: the first sets a lowercase key (as front matter does, and a
/// `Question: …` line of notes after a rule does not), and they parse, up to the first blank line.
fn unclosed(text: &str, start: usize, syntax: Syntax) -> Option<Block<'_>> {
    let rest = &text[start..];
    let first = rest.lines().next()?;
    let key = syntax.key_of(first)?;
    if !key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
    {
        return None;
    }
    let mut end = 0;
    let mut lines = 0;
    for raw in rest.split_inclusive('\n') {
        if raw.trim().is_empty() {
            break;
        }
        end += raw.len();
        lines += 1;
    }
    let block = &rest[..end];
    let parses = match syntax {
        Syntax::Yaml => {
            matches!(serde_yaml::from_str::<Value>(block), Ok(Value::Mapping(_)))
        }
        Syntax::Toml => toml::from_str::<toml::Table>(block).is_ok(),
    };
    (parses && block.len() <= MAX_YAML_BYTES).then(|| Block {
        syntax,
        text: block,
        body: &rest[end..],
        body_line: 2 + lines,
        unclosed_after: Some(1 + lines),
    })
}

/// A TOML table as the YAML values the rest of this module reads. A date becomes its text.
fn toml_mapping(table: toml::Table) -> serde_yaml::Mapping {
    table
        .into_iter()
        .map(|(key, value)| (Value::String(key), toml_value(value)))
        .collect()
}

fn toml_value(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Sequence(items.into_iter().map(toml_value).collect()),
        toml::Value::Table(table) => Value::Mapping(toml_mapping(table)),
    }
}

/// toml's `err` on `text` as a place and a message that does not quote the text: toml quotes
/// the keys it finds twice, and those are the writer's.
fn toml_problem(text: &str, err: &toml::de::Error) -> YamlProblem {
    let offset = err.span().map_or(0, |s| s.start).min(text.len());
    let (line, column) = LineIndex::new(text).line_col(text, offset);
    let first = err.message().lines().next().unwrap_or_default().trim();
    let message = if first.starts_with("duplicate key") {
        "a key is given twice; keep one".to_owned()
    } else if first.is_empty() || !backticks_only_indicators(first) {
        "the TOML syntax is broken".to_owned()
    } else {
        first.to_owned()
    };
    YamlProblem {
        line,
        column,
        message,
        syntax: true,
    }
}

fn read_mapping(
    map: &serde_yaml::Mapping,
    block: &Block<'_>,
    front: &mut FrontMatter,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (key, value) in map {
        let Some(key) = key.as_str() else {
            continue;
        };
        let line = key_line(block.text, block.syntax, key);
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
                    // The value is not quoted: a message names the place, never the content.
                    None => diagnostics.push(Diagnostic::error(
                        Code::UnknownShape,
                        line,
                        format!(
                            "`shape` names no parser. Use one of: {}; or remove the key \
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
            "questions" => match value.as_str().map(declare::marker) {
                Some(Ok(marker)) => front.declared.questions = Some(marker),
                Some(Err(why)) => {
                    diagnostics.push(Diagnostic::error(Code::UnknownShape, line, why))
                }
                None => diagnostics.push(Diagnostic::error(
                    Code::UnknownShape,
                    line,
                    format!("`questions` must be one of: {}.", declare::ACCEPTED),
                )),
            },
            "sections" => match value.as_str().map(declare::section_level) {
                Some(Ok(level)) => front.declared.sections = Some(level),
                Some(Err(why)) => {
                    diagnostics.push(Diagnostic::error(Code::UnknownShape, line, why))
                }
                None => diagnostics.push(Diagnostic::error(
                    Code::UnknownShape,
                    line,
                    "`sections` must be a heading level, h1 to h6.",
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

/// The file line of a top-level `key` in the block (which starts on line 2).
fn key_line(text: &str, syntax: Syntax, key: &str) -> usize {
    text.lines()
        .position(|l| syntax.key_of(l) == Some(key))
        .map_or(2, |i| i + 2)
}

/// The most YAML read in one block (front matter or `prepbook.yaml`): far more than any
/// handbook's metadata, and little enough that libyaml reads it in milliseconds.
pub(crate) const MAX_YAML_BYTES: usize = 64 * 1024;

/// How deep `[` and `{` may nest. libyaml looks at every open flow collection on every token, so
/// depth costs time squared (100,000 `[` took 41 s); real metadata nests two or three deep.
/// Block nesting (indentation, `- - -`) costs libyaml nothing and serde_yaml stops it at 128.
pub(crate) const MAX_YAML_DEPTH: usize = 64;

/// The start of a custom error from a value prepbook checks while serde reads it (a `structure:`
/// rule's glob or marker); [`yaml_problem`] keeps the message after it, which prepbook wrote.
pub(crate) const NOT_VALID: &str = "not valid here: ";

/// A problem in a block of YAML, told without quoting it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlProblem {
    /// 1-based line, counted from the first line of the YAML.
    pub(crate) line: usize,
    /// 1-based column, in characters.
    pub(crate) column: usize,
    /// What is wrong and what was expected.
    pub(crate) message: String,
    /// Whether the text is not YAML at all (rather than YAML prepbook cannot use).
    pub(crate) syntax: bool,
}

/// Where `yaml` (`what` says whose) passes the size or depth cap, if it does. One linear scan,
/// run before libyaml sees the text.
pub(crate) fn over_caps(yaml: &str, what: &str) -> Option<YamlProblem> {
    // Depth first, over what the size cap lets through: its place is the more useful one.
    let mut end = yaml.len().min(MAX_YAML_BYTES);
    while !yaml.is_char_boundary(end) {
        end -= 1;
    }
    let head = &yaml[..end];
    if let Some(offset) = too_deep_at(head) {
        let (line, column) = LineIndex::new(head).line_col(head, offset);
        return Some(YamlProblem {
            line,
            column,
            message: format!(
                "{what} is nested deeper than {MAX_YAML_DEPTH} levels of `[` and `{{`, so it was \
                 not read (YAML that deep takes minutes to read). Flatten it."
            ),
            syntax: false,
        });
    }
    if yaml.len() > MAX_YAML_BYTES {
        return Some(YamlProblem {
            line: 1,
            column: 1,
            message: format!(
                "{what} is larger than {} KiB, more than any handbook needs, so it was not read. \
                 Shorten it.",
                MAX_YAML_BYTES / 1024
            ),
            syntax: false,
        });
    }
    None
}

/// The byte offset of the `[` or `{` that opens one flow collection too many, if any.
///
/// A `[` opens a collection where a value may start (after `key:`, `- `, another `[` or `,`, or
/// at the start of a line), and anywhere inside a flow collection; elsewhere, and in quoted or
/// literal (`|`, `>`) text and comments, it is text. Erring towards counting is safe: the cap is
/// far above what metadata uses.
fn too_deep_at(yaml: &str) -> Option<usize> {
    let bytes = yaml.as_bytes();
    let line_end = |from: usize| {
        bytes[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| from + p)
    };
    let blank = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut depth = 0usize;
    let mut value_starts = true;
    let mut line_start = true;
    let mut line_indent = 0;
    // Inside a literal block: the indentation of the line that opened it.
    let mut literal_under: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        if line_start {
            let indent = bytes[i..].iter().take_while(|&&b| b == b' ').count();
            let end = line_end(i);
            if let Some(opener) = literal_under {
                if indent > opener || bytes[i + indent..end].iter().all(|&b| blank(b)) {
                    i = end + 1;
                    continue;
                }
                literal_under = None;
            }
            line_start = false;
            line_indent = indent;
            value_starts |= depth == 0;
            i += indent;
            continue;
        }
        let b = bytes[i];
        match b {
            b'\n' => line_start = true,
            b' ' | b'\t' | b'\r' => {}
            b'#' if i == 0 || blank(bytes[i - 1]) => {
                i = line_end(i);
                continue;
            }
            b'[' | b'{' if depth > 0 || value_starts => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(i);
                }
                value_starts = true;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                value_starts = false;
            }
            b',' if depth > 0 => value_starts = true,
            b'"' | b'\'' if value_starts => {
                i = after_quoted(bytes, i);
                value_starts = false;
                continue;
            }
            b'|' | b'>' if value_starts && depth == 0 => {
                literal_under = Some(line_indent);
                i = line_end(i);
                continue;
            }
            b'-' | b'?' | b':' if bytes.get(i + 1).is_none_or(|&n| blank(n)) => {
                value_starts = true;
            }
            // An anchor or tag before a value: the value still starts after it.
            b'&' | b'!' if value_starts => {
                while i < bytes.len() && !blank(bytes[i]) {
                    i += 1;
                }
                continue;
            }
            _ => value_starts = false,
        }
        i += 1;
    }
    None
}

/// The offset just past the quoted scalar that starts at `start` (`"` with `\` escapes, or `'`
/// with `''`), or the end of the text if it is never closed.
fn after_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// serde_yaml's `err` on `yaml` as a place and a message that says what was expected.
///
/// serde_yaml's messages quote what they met (`invalid type: string "ghp_…", expected u32`,
/// ``unknown field `…` ``, `duplicate entry with key "…"`), and the YAML may be a linked secret or
/// a key file, so the message is rebuilt from the parts that come from prepbook's own types.
/// With `key_path`, the path of known keys serde_yaml gives (`practice.timer`) is kept: config
/// keys are prepbook's own (unknown ones fail first); front-matter keys are the writer's.
pub(crate) fn yaml_problem(yaml: &str, err: &serde_yaml::Error, key_path: bool) -> YamlProblem {
    const HEADS: [&str; 12] = [
        NOT_VALID,
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "unknown field `",
        "unknown variant `",
        "missing field `",
        "duplicate field `",
        "duplicate entry",
        "recursion limit exceeded",
        "repetition limit exceeded",
        "unknown anchor",
    ];
    let full = err.to_string();
    let head = HEADS
        .iter()
        .filter_map(|h| full.find(h).map(|at| (at, *h)))
        .min_by_key(|&(at, _)| at);
    let (line, column) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
    let Some((at, head)) = head else {
        // libyaml's syntax errors: a fixed description, then ` at line …`. None quotes the text
        // beyond a one-character indicator (`did not find expected ',' or ']'`); anything else
        // quoted is dropped, in case a later version does.
        let problem = full
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .split(", while ")
            .next()
            .unwrap_or_default();
        let message = if problem.is_empty() || !quotes_only_indicators(problem) {
            "the YAML syntax is broken".to_owned()
        } else {
            problem.to_owned()
        };
        return YamlProblem {
            line,
            column,
            message,
            syntax: true,
        };
    };
    let path = full[..at]
        .strip_suffix(": ")
        .filter(|p| key_path && !p.is_empty());
    let subject = path.map_or_else(|| "a value".to_owned(), |p| format!("`{p}`"));
    // What serde says was expected comes last, from prepbook's types; the `, expected ` before it
    // is found from the right, since the quoted text before may hold the same words.
    let expected = full
        .rsplit_once(", expected ")
        .map(|(_, e)| e.rsplit_once(" at line ").map_or(e, |(e, _)| e))
        .filter(|e| !e.contains(['"', '\'']));
    let message = match head {
        "invalid type: " | "invalid value: " | "invalid length " => match expected {
            Some(e) => format!("{subject} should be {}", plain_expected(e)),
            None => format!("{subject} has the wrong type"),
        },
        "unknown field `" => {
            let known = expected.map_or_else(String::new, |e| format!("; expected {e}"));
            let key = full[at + head.len()..]
                .rsplit_once("`, expected")
                .map_or("", |(k, _)| k);
            let hint = expected
                .and_then(|e| closest(key, e))
                .map_or_else(String::new, |k| format!(" (did you mean `{k}`?)"));
            let place = path.map_or_else(String::new, |p| format!(" under `{p}`"));
            format!("unknown key{place}{hint}{known}")
        }
        "unknown variant `" => match expected {
            Some(e) => format!("{subject} should be {e}"),
            None => format!("{subject} is not one of the values allowed"),
        },
        "missing field `" => {
            // A missing field is one of prepbook's own, so it can be named.
            let field = full[at + head.len()..]
                .split('`')
                .next()
                .unwrap_or_default();
            format!("`{field}` is missing")
        }
        "duplicate field `" | "duplicate entry" => return duplicate(yaml, (line, column)),
        // prepbook's own check of a value: its message, which never quotes the value, as it is.
        NOT_VALID => {
            let why = &full[at + head.len()..];
            let why = why.rsplit_once(" at line ").map_or(why, |(w, _)| w);
            format!("{subject}: {why}")
        }
        "recursion limit exceeded" => "the YAML is nested too deep".to_owned(),
        "repetition limit exceeded" => {
            "aliases (`*name`) repeat the same value too many times; write the values out"
                .to_owned()
        }
        _ => "an alias (`*name`) refers to no anchor (`&name`) before it".to_owned(),
    };
    YamlProblem {
        line,
        column,
        message,
        syntax: false,
    }
}

/// Whether every quote in `text` is a quoted single character (`','`), as libyaml quotes its
/// indicators, rather than quoted text.
fn quotes_only_indicators(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'`' => return false,
            b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 3,
            b'\'' => return false,
            _ => i += 1,
        }
    }
    true
}

/// Whether every `` `quoted` `` part of toml's `text` is an indicator of one or two characters
/// (`` expected `=` ``), rather than quoted text, and nothing is in `"` or `'` quotes.
fn backticks_only_indicators(text: &str) -> bool {
    text.matches('`').count().is_multiple_of(2)
        && text.split('`').enumerate().all(|(i, part)| {
            if i % 2 == 0 {
                !part.contains(['"', '\''])
            } else {
                part.chars().count() <= 2
            }
        })
}

/// A key given twice, at the second one when it is a top-level key (serde_yaml gives no place).
fn duplicate(yaml: &str, fallback: (usize, usize)) -> YamlProblem {
    let mut seen = std::collections::HashSet::new();
    let second = yaml.lines().enumerate().find_map(|(i, l)| {
        let key = top_level_key(l)?;
        (!seen.insert(key)).then_some(i + 1)
    });
    let (line, column) = second.map_or(fallback, |line| (line, 1));
    YamlProblem {
        line,
        column,
        message: "a key is given twice; keep one".to_owned(),
        syntax: false,
    }
}

/// The key of a `key: value` line that is not indented.
fn top_level_key(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim_end()).filter(|k| !k.is_empty())
}

/// serde's name of an expected type, as a writer would say it.
fn plain_expected(expected: &str) -> &str {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)",
        "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "a whole number",
        "f32" | "f64" | "a float" => "a number",
        "a boolean" => "true or false",
        "a string" | "a character" => "text",
        "a sequence" => "a list",
        e if e.starts_with("struct ") || e == "a map" => "a set of keys (`key: value` lines)",
        e => e,
    }
}

/// Of the `` `names` `` in serde's list of expected keys, the one `key` is a typo of, if any:
/// the same ignoring case, `-` and `_`, or one or two edits away.
fn closest<'a>(key: &str, expected: &'a str) -> Option<&'a str> {
    let fold = |s: &str| -> Vec<char> {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let key = fold(key);
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|name| (edits(&key, &fold(name)), name))
        .filter(|&(d, _)| d <= 2 && key.len() > 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name)
}

/// Levenshtein distance between two short words.
fn edits(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
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
    fn toml_front_matter_is_read_like_yaml() {
        let text = "+++\ntitle = \"Notes\"\ntags = [\"a\", \"b\"]\norder = 3\ndraft = true\n\
                    shape = \"checklist\"\ndate = 2024-01-02\n\n[extra]\nlayout = \"page\"\n+++\nbody\n";
        let (split, diags) = split_text(text);
        assert!(split.front.present);
        assert_eq!(split.front.title.as_deref(), Some("Notes"));
        assert_eq!(split.front.meta.tags, ["a", "b"]);
        assert_eq!(split.front.meta.order, Some(3));
        assert!(split.front.meta.draft);
        assert_eq!(split.front.shape, Some(Shape::Checklist));
        assert_eq!((split.body, split.body_line), ("body\n", 12));
        // Keys prepbook does not use are kept, noted at their own lines (a table at its header).
        let notes: Vec<_> = diags.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(notes, [(Code::UnknownKey, 7), (Code::UnknownKey, 9)]);
        assert_eq!(
            split.front.meta.extra["date"],
            Value::String("2024-01-02".into())
        );
    }

    #[test]
    fn an_unclosed_block_is_an_error_at_its_opening_line_not_page_text() {
        let (split, diags) = split_text("---\ntitle: Notes\ntags: [a]\n\n# Heading\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (1, 1));
        assert_eq!(diags[0].severity, Severity::Error);
        assert!(diags[0].message.contains("never closed"), "{diags:?}");
        assert!(diags[0].message.contains("(line 3)"), "{diags:?}");
        // The keys are read, and none of them is left in the page's text.
        assert_eq!(split.front.title.as_deref(), Some("Notes"));
        assert_eq!(split.front.meta.tags, ["a"]);
        assert_eq!((split.body, split.body_line), ("\n# Heading\n", 4));

        let (split, diags) = split_text("+++\ntitle = \"T\"\n\nText\n");
        assert_eq!((diags.len(), diags[0].line), (1, 1), "{diags:?}");
        assert!(diags[0].message.contains("Add a `+++` line"), "{diags:?}");
        assert_eq!(split.front.title.as_deref(), Some("T"));
        assert_eq!(split.body, "\nText\n");
    }

    #[test]
    fn a_rule_at_the_top_is_not_front_matter() {
        for text in [
            "---\n\n# A rule, then a heading\n",
            "---\nQuestion: what is a mutex?\nAnswer: a lock.\n",
            "---\nSome text: with a colon, and more words after it\n",
            "+++\nplain text\n",
        ] {
            let (split, diags) = split_text(text);
            assert!(!split.front.present, "{text:?}");
            assert_eq!(split.body, text);
            assert!(diags.is_empty(), "{text:?}: {diags:?}");
        }
    }

    #[test]
    fn each_yaml_or_toml_error_is_reported_once_at_the_file_line_and_column() {
        for (text, place) in [
            // The YAML and TOML blocks start on the file's line 2.
            ("---\ntitle: a\n  x: b\n---\nbody\n", (3, 4)),
            ("---\ntitle: a\ntitle: b\n---\nbody\n", (3, 1)),
            ("---\ntitle: a\norder: !!int x\n---\n", (3, 8)),
            ("+++\ntitle = \"T\"\ntags = [a]\n+++\nbody\n", (3, 9)),
            ("+++\ntitle = \"T\ntags = []\n+++\nbody\n", (2, 11)),
            ("+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n", (3, 1)),
            ("+++\n\n\nx = 1 2\n+++\n", (4, 5)),
        ] {
            let (_, diags) = split_text(text);
            assert_eq!(diags.len(), 1, "{text:?}: {diags:?}");
            assert_eq!(diags[0].code, Code::BadFrontMatter, "{text:?}");
            assert_eq!(
                (diags[0].line, diags[0].column),
                place,
                "{text:?}: {diags:?}"
            );
        }
    }

    #[test]
    fn toml_errors_do_not_quote_the_toml() {
        for text in [
            "+++\nSECRET = 1\nSECRET = 2\n+++\n",
            "+++\ntitle = SECRET\n+++\n",
            "+++\ntitle = \"SECRET\n+++\n",
            "+++\n[SECRET\n+++\n",
        ] {
            let (_, diags) = split_text(text);
            assert_eq!(diags.len(), 1, "{text:?}: {diags:?}");
            assert!(diags[0].message.contains("not valid TOML"), "{diags:?}");
            assert!(!diags[0].message.contains("SECRET"), "{diags:?}");
        }
        let (_, diags) = split_text(&format!("+++\nx = {}\n+++\n", "[".repeat(100_000)));
        assert_eq!(diags.len(), 1, "{diags:?}");
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

    #[test]
    fn only_flow_nesting_past_the_cap_is_too_deep() {
        let deep = |n: usize| "[".repeat(n);
        assert_eq!(too_deep_at(&format!("x: {}", deep(64))), None);
        assert_eq!(too_deep_at(&format!("x: {}", deep(65))), Some(3 + 64));
        assert_eq!(too_deep_at(&format!("x: {{a: {}", deep(64))), Some(7 + 63));
        // `[` that is text: in a plain or quoted value, a comment, a literal block.
        for text in [
            format!("title: a {}\n", deep(100)),
            format!("title: \"{}\"\n", deep(100)),
            format!("title: 'it''s {}'\n", deep(100)),
            format!("# {}\ntitle: x\n", deep(100)),
            format!("x: |\n  {}\n\n  {}\ny: 1\n", deep(100), deep(100)),
            format!("x: [a, \"{}\", b]\n", deep(100)),
        ] {
            assert_eq!(too_deep_at(&text), None, "{text:?}");
        }
        // Each of these opens a collection: after `- `, an anchor or tag, on a new line, after `,`.
        assert!(too_deep_at(&format!("- &a !t {}", deep(65))).is_some());
        assert!(too_deep_at(&format!("x:\n  {}", deep(65))).is_some());
        assert!(too_deep_at(&format!("x: [a,{}", "[b,".repeat(65))).is_some());
        // A literal block ends where the indentation does.
        assert!(too_deep_at(&format!("x: >\n  text\ny: {}", deep(65))).is_some());
    }

    #[test]
    fn deep_front_matter_is_an_error_where_the_cap_is_passed() {
        let text = format!("---\ntitle: T\nx: {}\n---\nbody\n", "{a: ".repeat(100));
        let (split, diags) = split_text(&text);
        assert_eq!(split.body, "body\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, Code::BadFrontMatter);
        assert_eq!((diags[0].line, diags[0].column), (3, 4 + 4 * 64));
        assert!(
            diags[0].message.contains("nested deeper than 64"),
            "{diags:?}"
        );
    }

    #[test]
    fn yaml_errors_do_not_quote_the_yaml() {
        for (yaml, line, expected) in [
            (
                "---\ntitle: a\ntitle: SECRET\n---\n",
                3,
                "a key is given twice",
            ),
            (
                "---\nSECRET: 1\nSECRET: 2\n---\n",
                3,
                "a key is given twice",
            ),
            (
                "---\norder: !!int SECRET\n---\n",
                2,
                "a value should be a whole number",
            ),
            ("---\nx: *SECRET\n---\n", 2, "refers to no anchor"),
        ] {
            let (_, diags) = split_text(yaml);
            assert_eq!(diags[0].code, Code::BadFrontMatter, "{yaml:?}");
            assert_eq!(diags[0].line, line, "{yaml:?}: {diags:?}");
            assert!(diags[0].message.contains(expected), "{yaml:?}: {diags:?}");
            assert!(!diags[0].message.contains("SECRET"), "{yaml:?}: {diags:?}");
        }
        // libyaml quotes indicators, never text: its description is kept.
        let (_, diags) = split_text("---\ntags: [SECRET\n---\n");
        assert!(
            diags[0]
                .message
                .contains("did not find expected ',' or ']'"),
            "{diags:?}"
        );
        let (_, diags) = split_text("---\nshape: SECRET\n---\n");
        assert!(!diags[0].message.contains("SECRET"), "{diags:?}");
    }
}
