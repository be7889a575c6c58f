//! `prepbook.yaml`: the site configuration as written. Every key is optional.
//!
//! Input: the YAML text. Output: [`SiteConfig`]. Unknown keys are an error here (unlike document
//! front matter): a typo in the config silently ignored would be a site built wrong.
//!
//! The config may come from a shared repository (or be a link to a secret), so [`parse`] caps
//! its size and depth before YAML reads it, and its errors name the line, the column and what
//! was expected, never the text.

use crate::parse::declare;
use crate::parse::front_matter::{over_caps, yaml_problem, YamlProblem, NOT_VALID};
use serde::de::Visitor;
use serde::{Deserialize, Deserializer};

/// The keys of `prepbook.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SiteConfig {
    /// The handbook's title.
    pub(crate) title: Option<String>,
    /// One line under the title on the home page.
    pub(crate) description: Option<String>,
    /// The absolute URL the site is published at, e.g. `https://me.github.io/prep/`.
    pub(crate) base_url: Option<String>,
    /// A theme name or folder.
    pub(crate) theme: Option<String>,
    /// Let HTML written in documents through unescaped (off by default: content is untrusted).
    pub(crate) raw_html: bool,
    /// The folder of notes, relative to the config file.
    pub(crate) content: Option<String>,
    /// The output folder, relative to the config file.
    pub(crate) output: Option<String>,
    /// The practice page.
    pub(crate) practice: PracticeConfig,
    /// The structure of the documents a glob matches, when inference reads them wrong.
    pub(crate) structure: Vec<StructureRule>,
}

/// One `structure:` rule: for the files matching `files`, where questions and sections are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct StructureRule {
    /// A glob over paths relative to the content folder (`interviews/**/*.md`).
    #[serde(deserialize_with = "glob")]
    pub(crate) files: String,
    /// Where questions start: `h1`…`h6`, `ordered-list`, `bullet-list`, `bold-lead`,
    /// `details`, `table`, `speaker`, or `/regex/`.
    #[serde(deserialize_with = "questions")]
    pub(crate) questions: Option<String>,
    /// The heading level of sections.
    #[serde(deserialize_with = "sections")]
    pub(crate) sections: Option<String>,
}

// The values of a `structure:` rule are checked while the YAML is read, not after: an error
// raised inside the visit of a scalar is placed by serde_yaml at that scalar's line and column,
// where a check on the finished config could only say "rule 2" at line 1. (Settings compiles
// the rules again; they cannot fail there.)

fn glob<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_str(Checked(|files| {
        globset::GlobBuilder::new(files)
            .literal_separator(true)
            .build()
            .map(drop)
            .map_err(|_| "`files` is not a glob such as `interviews/*.md`".to_owned())
    }))
}

fn questions<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(Optional(Checked(|v| declare::marker(v).map(drop))))
}

fn sections<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(Optional(Checked(|v| declare::section_level(v).map(drop))))
}

/// Visits a text value that the function accepts, or fails with its message (which never quotes
/// the value).
struct Checked(fn(&str) -> Result<(), String>);

impl Visitor<'_> for Checked {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        (self.0)(v)
            .map_err(|why| E::custom(format!("{NOT_VALID}{}", why.trim_end_matches('.'))))?;
        Ok(v.to_owned())
    }
}

/// [`Checked`], or nothing for `key:` with no value.
struct Optional(Checked);

impl<'de> Visitor<'de> for Optional {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self.0).map(Some)
    }
}

/// The `practice:` block of `prepbook.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct PracticeConfig {
    /// Seconds of the answer timer; `0` leaves the timer off unless the reader starts it.
    pub(crate) timer: Option<u32>,
}

/// Parse the text of `prepbook.yaml` (blank means every default).
pub(crate) fn parse(text: &str) -> Result<SiteConfig, YamlProblem> {
    if text.trim().is_empty() {
        return Ok(SiteConfig::default());
    }
    if let Some(capped) = over_caps(text, "the config file") {
        return Err(capped);
    }
    serde_yaml::from_str(text).map_err(|err| yaml_problem(text, &err, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(yaml: &str) -> YamlProblem {
        parse(yaml).expect_err(yaml)
    }

    #[test]
    fn known_keys_are_read() {
        let config = parse("title: T\nraw_html: true\npractice:\n  timer: 30\n").unwrap();
        assert_eq!(config.title.as_deref(), Some("T"));
        assert!(config.raw_html);
        assert_eq!(config.practice.timer, Some(30));
        assert!(parse("  \n").is_ok());
    }

    #[test]
    fn errors_say_what_was_expected_where_without_the_value() {
        let cases = [
            (
                "SECRET=1\n",
                (1, 1),
                "should be a set of keys (`key: value` lines)",
            ),
            (
                "title: x\nraw_html: SECRET\n",
                (2, 11),
                "`raw_html` should be true or false",
            ),
            (
                "practice:\n  timer: SECRET\n",
                (2, 10),
                "`practice.timer` should be a whole number (0 or more)",
            ),
            (
                "practice: {timer: -3}\n",
                (1, 19),
                "should be a whole number (0 or more)",
            ),
            ("title: [SECRET]\n", (1, 8), "`title` should be text"),
            ("title: a\ntitle: SECRET\n", (2, 1), "a key is given twice"),
        ];
        for (yaml, place, expected) in cases {
            let p = problem(yaml);
            assert_eq!((p.line, p.column), place, "{yaml:?}: {p:?}");
            assert!(p.message.contains(expected), "{yaml:?}: {p:?}");
            assert!(!p.message.contains("SECRET"), "{yaml:?}: {p:?}");
        }
    }

    #[test]
    fn an_unknown_key_is_not_quoted_but_a_typo_is_named() {
        let p = problem("titel: x\n");
        assert!(
            p.message.starts_with("unknown key (did you mean `title`?)"),
            "{p:?}"
        );
        assert!(!p.message.contains("titel"), "{p:?}");
        let p = problem("title: x\nSECRET_TOKEN: 1\n");
        assert_eq!((p.line, p.column), (2, 1));
        assert!(
            p.message
                .starts_with("unknown key; expected one of `title`"),
            "{p:?}"
        );
        let p = problem("practice:\n  time: 3\n");
        assert_eq!(
            p.message,
            "unknown key under `practice` (did you mean `timer`?); expected `timer`"
        );
    }

    #[test]
    fn syntax_errors_keep_libyaml_s_description() {
        let p = problem("title: \"SECRET\nbase_url: [\n");
        assert_eq!(p.message, "found unexpected end of stream");
        let p = problem("title: x\n  bad: 1\n");
        assert_eq!((p.line, p.column), (2, 6));
        assert_eq!(p.message, "mapping values are not allowed in this context");
    }

    #[test]
    fn a_structure_rule_that_does_not_read_is_placed_at_its_value() {
        let config = "title: x\nstructure:\n  - files: \"*.md\"\n    questions: h3\n  \
                      - files: \"interviews/*.md\"\n    questions: SECRET\n";
        let p = problem(config);
        assert_eq!((p.line, p.column), (6, 16), "{p:?}");
        assert!(
            p.message
                .starts_with("`structure[1].questions`: `questions` names no marker"),
            "{p:?}"
        );
        assert!(!p.message.contains("SECRET"), "{p:?}");
        let p = problem("structure:\n  - files: \"a/[b\"\n");
        assert_eq!((p.line, p.column), (2, 12), "{p:?}");
        assert!(p.message.contains("is not a glob"), "{p:?}");
        let p = problem("structure:\n- files: a\n  sections: h9\n");
        assert_eq!((p.line, p.column), (3, 13), "{p:?}");
        assert!(p.message.contains("h1 to h6"), "{p:?}");
        assert!(parse("structure:\n- files: a\n  questions: '/^Q: (.*)/'\n").is_ok());
    }

    #[test]
    fn deep_or_huge_config_is_refused_before_yaml_reads_it() {
        let p = problem(&format!("title: x\nx: {}\n", "[".repeat(100)));
        assert_eq!((p.line, p.column), (2, 68));
        assert!(p.message.contains("nested deeper than 64"), "{p:?}");
        let p = problem(&"# comment\n".repeat(10_000));
        assert!(p.message.contains("larger than 64 KiB"), "{p:?}");
    }
}
