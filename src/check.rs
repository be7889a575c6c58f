//! Linting: everything a writer should look at, gathered from the whole site.
//!
//! Input: the parsed site and the walk problems. Output: [`Report`], every diagnostic with its
//! file, including the ones only the whole site can see (the same question asked in two
//! places), and the summary and exit status of `prepbook check`.

use crate::diag::{Code, Diagnostic, Severity};
use crate::load::WalkProblem;
use crate::model::Site;
use crate::parse::{markdown, short};
use serde::Serialize;
use std::collections::HashMap;

/// One diagnostic with the document it belongs to.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Located {
    /// Path relative to the content folder.
    pub(crate) source: String,
    /// The diagnostic.
    #[serde(flatten)]
    pub(crate) diagnostic: Diagnostic,
}

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

/// Gather the diagnostics of every document, the walk problems, and the site-wide lints.
pub(crate) fn report(site: &Site, problems: &[WalkProblem]) -> Report {
    let mut diagnostics: Vec<Located> = problems
        .iter()
        .map(|p| Located {
            source: p.source.clone(),
            diagnostic: p.diagnostic.clone(),
        })
        .collect();
    let duplicates = duplicate_questions(site);
    for doc in &site.documents {
        let extra = duplicates.get(doc.source.as_str()).into_iter().flatten();
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
    use super::question_key;

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
