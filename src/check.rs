//! Linting: everything a writer should look at, gathered from the whole site.
//!
//! Input: the parsed site and the walk problems. Output: [`Report`], every diagnostic with its
//! file, including the ones only the whole site can see (the same question asked in two
//! places, a link to a document or anchor the site does not have), and the summary and exit
//! status of `prepbook check`.

use crate::diag::{Code, Diagnostic, Located, Severity};
use crate::links::anchors;
use crate::links::{link_target, percent_decode, LinkTarget};
use crate::model::{Document, Site};
use crate::parse::{markdown, short};
use std::collections::{HashMap, HashSet};

/// Everything `check` has to say.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    /// All diagnostics, by file, then line.
    pub(crate) diagnostics: Vec<Located>,
}

impl Report {
    /// How many diagnostics have `severity`.
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.diagnostic.severity == severity)
            .count()
    }
}

/// `text` as it may be printed to a terminal or a CI log: control characters (a newline that
/// would start a forged workflow command on the next line, a terminal escape), line separators
/// and bidirectional overrides are written as escapes (`\n`, `\u{1b}`), the rest as it is.
/// File names and anything else taken from the notes go through here before they are printed.
pub(crate) fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hostile = |c: char| {
        c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(hostile) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hostile(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Gather the diagnostics of every document, the walk problems, and the site-wide lints.
pub(crate) fn report(site: &Site, problems: &[Located]) -> Report {
    report_rendered(site, problems, &[])
}

/// [`report`], with what rendering said about each document (`rendered`) among its own
/// diagnostics, in line order.
pub(crate) fn report_rendered(site: &Site, problems: &[Located], rendered: &[Located]) -> Report {
    let mut diagnostics: Vec<Located> = problems.to_vec();
    let mut by_render: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
    for r in rendered {
        by_render
            .entry(r.source.as_str())
            .or_default()
            .push(r.diagnostic.clone());
    }
    let duplicates = duplicate_questions(site);
    let left_out: HashSet<&str> = problems
        .iter()
        .filter(|p| p.diagnostic.code == Code::Draft)
        .map(|p| p.source.as_str())
        .collect();
    let links = broken_links(site, &left_out);
    for doc in &site.documents {
        let extra = [&duplicates, &links, &by_render]
            .into_iter()
            .filter_map(|found| found.get(doc.source.as_str()))
            .flatten();
        let mut own: Vec<Diagnostic> = doc.diagnostics.iter().chain(extra).cloned().collect();
        own.sort_by_key(|d| (d.line, d.column));
        diagnostics.extend(own.into_iter().map(|diagnostic| Located {
            source: doc.source.clone(),
            diagnostic,
        }));
    }
    diagnostics.sort_by(|a, b| a.source.cmp(&b.source));
    Report { diagnostics }
}

/// Site-wide lint: a question asked again, reported where it is repeated, naming the first.
pub(crate) fn duplicate_questions(site: &Site) -> HashMap<&str, Vec<Diagnostic>> {
    let mut first: HashMap<String, (&str, usize)> = HashMap::new();
    let mut out: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
    for doc in &site.documents {
        for q in doc.all_questions() {
            let key = question_key(&q.text);
            if key.len() < 8 {
                continue;
            }
            // "What is logged?" over different code, or with different options, asks something
            // else each time: the code and the options are part of the question.
            let key = format!(
                "{key}\u{0}{}\u{0}{}",
                q.prompt.trim(),
                q.choices.join("\u{0}")
            );
            match first.get(&key) {
                Some(&(source, line)) => {
                    out.entry(doc.source.as_str()).or_default().push(Diagnostic::warning(
                        Code::DuplicateQuestion,
                        q.line,
                        format!(
                            "\"{}\" is also asked at {source}:{line}; merge the two answers or reword one.",
                            short(&q.text)
                        ),
                    ));
                }
                None => {
                    first.insert(key, (doc.source.as_str(), q.line));
                }
            }
        }
    }
    out
}

/// Site-wide lint: a link to a document the site does not have, or to an anchor that document's
/// page does not have, reported where the link is written. Links resolve as pages resolve them
/// ([`link_target`]) against the anchors pages have ([`anchors::targets`]); links off the site
/// (`https:`, `mailto:`) and to files that are not documents are not checked.
pub(crate) fn broken_links<'a>(
    site: &'a Site,
    left_out: &HashSet<&str>,
) -> HashMap<&'a str, Vec<Diagnostic>> {
    let documents: HashMap<&str, &Document> = site
        .documents
        .iter()
        .map(|d| (d.source.as_str(), &**d))
        .collect();
    // Anchors are worked out once per page, and only for pages that links point into.
    let mut targets: HashMap<&str, anchors::Targets> = HashMap::new();
    let mut out: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
    for doc in &site.documents {
        for link in &doc.links {
            let Some(message) = link_problem(&link.dest, doc, &documents, left_out, &mut targets)
            else {
                continue;
            };
            out.entry(doc.source.as_str())
                .or_default()
                .push(Diagnostic::new(
                    Severity::Warning,
                    Code::BrokenLink,
                    link.line,
                    link.column,
                    message,
                ));
        }
    }
    out
}

/// What is wrong with the link `dest` written in `doc`, if anything.
fn link_problem<'a>(
    dest: &str,
    doc: &'a Document,
    documents: &HashMap<&str, &'a Document>,
    left_out: &HashSet<&str>,
    targets: &mut HashMap<&'a str, anchors::Targets>,
) -> Option<String> {
    match link_target(dest, &doc.source) {
        // Links to files beside the notes are checked where the page is rendered, with images.
        LinkTarget::Other | LinkTarget::File(_) => None,
        LinkTarget::Here(fragment) => {
            let hint = missing_anchor(anchors_of(targets, doc), fragment)?;
            Some(format!(
                "the link \"{dest}\" points at no anchor in this document{hint}"
            ))
        }
        LinkTarget::Document { source, fragment } => {
            if let Some(&target) = documents.get(source.as_str()) {
                let hint = missing_anchor(anchors_of(targets, target), fragment?)?;
                return Some(format!(
                    "the link \"{dest}\" points at no anchor in {source}{hint}"
                ));
            }
            if left_out.contains(source.as_str()) {
                return Some(format!(
                    "the link \"{dest}\" leads to {source}, a draft left out of the site; build with --drafts, or remove the link until the draft is done."
                ));
            }
            Some(missing_document(dest, &source, &doc.source, documents))
        }
    }
}

/// The anchors of `doc`'s page, worked out on first use.
fn anchors_of<'m, 'a>(
    cache: &'m mut HashMap<&'a str, anchors::Targets>,
    doc: &'a Document,
) -> &'m anchors::Targets {
    cache
        .entry(doc.source.as_str())
        .or_insert_with(|| anchors::targets(doc))
}

/// `None` when `fragment` names an anchor of the page (or its top); else the end of the message:
/// the closest anchor when one is obviously meant, or what to do.
fn missing_anchor(anchors: &anchors::Targets, fragment: &str) -> Option<String> {
    let wanted = percent_decode(fragment);
    // Browsers scroll to the top for an empty fragment and for `#top` on any page.
    if wanted.is_empty() || wanted.eq_ignore_ascii_case("top") || anchors.ids.contains(&*wanted) {
        return None;
    }
    if anchors.names.contains(&*wanted) {
        return Some(format!(
            ", only a `name=\"{wanted}\"`, which the site drops; write `id=\"{wanted}\"` instead."
        ));
    }
    Some(
        match closest(&wanted, anchors.ids.iter().map(String::as_str)) {
            Some(anchor) => format!("; did you mean \"#{anchor}\"?"),
            None => "; point it at a question or section heading the page has.".to_owned(),
        },
    )
}

/// The message for a link to a document the site does not have, suggesting the one meant.
fn missing_document(
    dest: &str,
    source: &str,
    from: &str,
    documents: &HashMap<&str, &Document>,
) -> String {
    let name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let same_name = documents
        .keys()
        .filter(|d| name(d) == name(source))
        .min()
        .copied();
    let meant = same_name.or_else(|| closest(source, documents.keys().copied()));
    match meant {
        Some(meant) => format!(
            "the link \"{dest}\" leads to {source}, which is not a document of the handbook; did you mean \"{}\"?",
            relative_link(from, meant)
        ),
        None => format!(
            "the link \"{dest}\" leads to {source}, which is not a document of the handbook; fix the path (it is relative to this file) or write that document."
        ),
    }
}

/// The path that links from the document `from` to the document `to` (both source paths).
fn relative_link(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from
        .rsplit_once('/')
        .map_or_else(Vec::new, |(dir, _)| dir.split('/').collect());
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts = vec![".."; from_dirs.len() - common];
    parts.extend(&to_parts[common..]);
    parts.join("/")
}

/// The candidate `wanted` obviously means: equal but for case, the same question id without its
/// document prefix, or one or two typing slips away (a quarter of its length, 1 to 2).
fn closest<'c>(wanted: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let wanted = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 4).clamp(1, 2);
    candidates
        .filter_map(|c| {
            let lower = c.to_lowercase();
            if lower == wanted || lower.ends_with(&format!("--{wanted}")) {
                return Some((0, c));
            }
            edit_distance(&wanted, &lower, limit).map(|d| (d, c))
        })
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance of `a` and `b` in characters, or `None` when it exceeds `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|&m| m > limit) {
            return None;
        }
        previous = current;
    }
    previous.last().copied().filter(|&d| d <= limit)
}

/// A question's identity for duplicate detection: letters and digits only, lower-case, with
/// Cyrillic and Greek look-alikes of Latin letters folded (a `С` typed for a `C` is the same
/// question).
fn question_key(text: &str) -> String {
    markdown::plain_title(text)
        .chars()
        .map(fold_homoglyph)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn fold_homoglyph(c: char) -> char {
    const PAIRS: [(char, char); 22] = [
        ('А', 'A'),
        ('В', 'B'),
        ('С', 'C'),
        ('Е', 'E'),
        ('Н', 'H'),
        ('К', 'K'),
        ('М', 'M'),
        ('О', 'O'),
        ('Р', 'P'),
        ('Т', 'T'),
        ('Х', 'X'),
        ('а', 'a'),
        ('с', 'c'),
        ('е', 'e'),
        ('о', 'o'),
        ('р', 'p'),
        ('х', 'x'),
        ('у', 'y'),
        ('і', 'i'),
        ('ј', 'j'),
        ('ѕ', 's'),
        ('Ο', 'O'),
    ];
    PAIRS
        .iter()
        .find(|(from, _)| *from == c)
        .map_or(c, |(_, to)| *to)
}

#[cfg(test)]
mod tests {
    use super::{closest, edit_distance, printable, question_key, relative_link};

    #[test]
    fn printed_text_has_no_control_characters() {
        assert_eq!(
            printable("a\n::error::x\u{1b}[2J.md"),
            "a\\n::error::x\\u{1b}[2J.md"
        );
        assert_eq!(
            printable("évolution\u{202e}txt.md"),
            "évolution\\u{202e}txt.md"
        );
        assert!(matches!(
            printable("plain/ü.md"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn the_meant_anchor_or_document_is_suggested() {
        let anchors = ["section-caching", "web--what-is-a-cache", "what-is-a-cache"];
        assert_eq!(
            closest("what-is-a-cahce", anchors.into_iter()),
            Some("what-is-a-cache")
        );
        assert_eq!(
            closest("Section-Caching", anchors.into_iter()),
            Some("section-caching")
        );
        assert_eq!(closest("queues", anchors.into_iter()), None);
        assert_eq!(edit_distance("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance("kitten", "sitting", 2), None);
        assert_eq!(relative_link("web/a.md", "web/b.md"), "b.md");
        assert_eq!(relative_link("web/a.md", "ops/c/d.md"), "../ops/c/d.md");
        assert_eq!(relative_link("a.md", "ops/d.md"), "ops/d.md");
    }

    #[test]
    fn homoglyphs_fold_for_duplicates() {
        assert_eq!(
            question_key("Сan you describe it?"),
            question_key("Can you describe it?")
        );
        assert_ne!(
            question_key("What is a queue?"),
            question_key("What is a stack?")
        );
    }
}
