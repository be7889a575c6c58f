//! The facts of `../shared/conformance/seeds.json`, `corpus.json` and `corpus2.json`, checked
//! against the export.

use crate::support::{document, export, questions, shared};
use serde_json::Value;
use std::collections::BTreeMap;

fn facts(name: &str) -> Option<Value> {
    let path = shared()?.join("conformance").join(name);
    Some(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

fn count<'a>(qs: impl IntoIterator<Item = &'a Value>, pred: impl Fn(&Value) -> bool) -> usize {
    qs.into_iter().filter(|q| pred(q)).count()
}

fn all_with_children<'a>(qs: &[&'a Value]) -> Vec<&'a Value> {
    qs.iter()
        .flat_map(|q| std::iter::once(*q).chain(q["children"].as_array().unwrap().iter()))
        .collect()
}

#[test]
fn seeds_hold_every_fact_of_seeds_json() {
    let Some(facts) = facts("seeds.json") else {
        return;
    };
    let seeds = shared().unwrap().join("seeds");
    let (site, _) = export(&seeds);
    for (name, want) in facts["documents"].as_object().unwrap() {
        let doc = document(&site, name);
        let ctx = format!("seed {name}");
        let qs = questions(doc);
        assert_eq!(doc["kind"], want["kind"], "{ctx}: kind");
        if let Some(title) = want["title"].as_str() {
            assert_eq!(
                doc["title"].as_str().unwrap().to_lowercase(),
                title.to_lowercase(),
                "{ctx}: title"
            );
        }
        if let Some(subtitle) = want["subtitle"].as_str() {
            assert_eq!(doc["subtitle"], subtitle, "{ctx}: subtitle");
        }
        if let Some(n) = want["questions"].as_u64() {
            assert_eq!(qs.len() as u64, n, "{ctx}: questions");
        }
        if let Some(n) = want["answered"].as_u64() {
            assert_eq!(
                count(qs.iter().copied(), |q| q["answered"] == true) as u64,
                n,
                "{ctx}: answered"
            );
        }
        if let Some(numbers) = want["numbers"].as_array() {
            let got: Vec<&Value> = qs.iter().map(|q| &q["number"]).collect();
            assert_eq!(got, numbers.iter().collect::<Vec<_>>(), "{ctx}: numbers");
        }
        if let Some(children) = want["children"].as_object() {
            for (number, n) in children {
                let q = qs
                    .iter()
                    .find(|q| {
                        q["number"].as_u64().map(|n| n.to_string()).as_deref()
                            == Some(number.as_str())
                    })
                    .unwrap();
                assert_eq!(
                    q["children"].as_array().unwrap().len() as u64,
                    n.as_u64().unwrap(),
                    "{ctx}: children of {number}"
                );
            }
            let answered = qs
                .iter()
                .flat_map(|q| q["children"].as_array().unwrap())
                .filter(|c| c["answered"] == true)
                .count();
            assert_eq!(
                answered as u64,
                want["children_answered"].as_u64().unwrap(),
                "{ctx}: children answered"
            );
        }
        let everything = all_with_children(&qs);
        if let Some(n) = want["examples"].as_u64() {
            let got: usize = everything
                .iter()
                .map(|q| q["examples"].as_array().unwrap().len())
                .sum();
            assert_eq!(got as u64, n, "{ctx}: examples");
        }
        if let Some(langs) = want["code_blocks"].as_object() {
            let mut got: BTreeMap<String, u64> = BTreeMap::new();
            for q in &everything {
                for c in q["code_blocks"].as_array().unwrap() {
                    *got.entry(c["lang"].as_str().unwrap_or("").to_owned())
                        .or_default() += 1;
                }
            }
            let want: BTreeMap<String, u64> = langs
                .iter()
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
                .collect();
            assert_eq!(got, want, "{ctx}: code blocks");
        }
        if let Some(n) = want["tables"].as_u64() {
            let got: u64 = everything
                .iter()
                .map(|q| q["tables"].as_u64().unwrap())
                .sum();
            assert_eq!(got, n, "{ctx}: tables");
        }
        if let Some(n) = want["placeholders"].as_u64() {
            let texts: Vec<&str> = everything
                .iter()
                .flat_map(|q| q["placeholders"].as_array().unwrap())
                .map(|p| p.as_str().unwrap())
                .collect();
            assert_eq!(texts.len() as u64, n, "{ctx}: placeholders {texts:?}");
            for p in want["placeholders_include"].as_array().unwrap() {
                assert!(
                    texts.contains(&p.as_str().unwrap()),
                    "{ctx}: placeholder {p}"
                );
            }
            // check lists each of them with its line.
            let lines = doc["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["code"] == "placeholder" && d["line"].as_u64().unwrap() > 0)
                .count();
            assert_eq!(lines as u64, n, "{ctx}: placeholder diagnostics");
        }
        if let Some(sections) = want["sections"].as_array() {
            let got: Vec<&Value> = doc["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| &s["title"])
                .collect();
            assert_eq!(got, sections.iter().collect::<Vec<_>>(), "{ctx}: sections");
            let per: Vec<u64> = doc["sections"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["questions"].as_array().unwrap().len() as u64)
                .collect();
            let want_per: Vec<u64> = want["questions_per_section"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            assert_eq!(per, want_per, "{ctx}: questions per section");
        }
        if let Some(unanswered) = want["unanswered"].as_array() {
            let got: Vec<&str> = qs
                .iter()
                .filter(|q| q["answered"] == false)
                .map(|q| q["text"].as_str().unwrap())
                .collect();
            let want: Vec<&str> = unanswered.iter().map(|v| v.as_str().unwrap()).collect();
            assert_eq!(got, want, "{ctx}: unanswered (and their quotes removed)");
            let reported = doc["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["code"] == "unanswered")
                .count();
            assert_eq!(reported, want.len(), "{ctx}: unanswered reported by check");
        }
        if let Some(repaired) = want["repaired_text"].as_str() {
            let text = serde_json::to_string(&doc["sections"]).unwrap();
            assert!(text.contains(repaired), "{ctx}: repaired text");
            assert!(
                !text.contains(want["mojibake_absent"].as_str().unwrap()),
                "{ctx}: mojibake left"
            );
            let d = doc["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["code"] == "repaired-encoding")
                .expect("repair reported");
            assert_eq!(d["line"], 4, "{ctx}: repair line");
        }
        if let Some(titles) = want["answer_titles"].as_array() {
            let got: Vec<&Value> = qs
                .iter()
                .filter(|q| q["answered"] == true)
                .map(|q| &q["parts"][0]["title"])
                .collect();
            assert_eq!(
                got,
                titles.iter().collect::<Vec<_>>(),
                "{ctx}: answer titles"
            );
        }
        if want["kind"] == "transcript" {
            let t = &doc["transcript"];
            let turns = t["turns"].as_array().unwrap();
            assert_eq!(
                turns.len() as u64,
                want["turns"].as_u64().unwrap(),
                "{ctx}: turns"
            );
            for (role, n) in want["turns_by_role"].as_object().unwrap() {
                assert_eq!(
                    count(turns, |x| x["role"] == *role) as u64,
                    n.as_u64().unwrap(),
                    "{ctx}: {role} turns"
                );
            }
            assert_eq!(&t["directions"], &want["directions"], "{ctx}: directions");
            let topics = t["notes"]["entries"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["label"].as_str().unwrap().contains("Topics"))
                .unwrap();
            assert_eq!(
                topics["items"].as_array().unwrap().len() as u64,
                want["notes_topics"].as_u64().unwrap(),
                "{ctx}: topics"
            );
            assert_eq!(
                doc["sections"].as_array().unwrap().len(),
                1,
                "{ctx}: one untitled section"
            );
            assert!(doc["sections"][0]["title"].is_null());
        }
    }
}

/// Whether `got` is in `range`: `[a, b]`, one number, or no fact at all (a fixture may leave
/// a count out).
fn in_range(got: u64, range: &Value) -> bool {
    match range {
        Value::Null => true,
        Value::Number(n) => n.as_u64() == Some(got),
        r => {
            let r = r.as_array().unwrap();
            (r[0].as_u64().unwrap()..=r[1].as_u64().unwrap()).contains(&got)
        }
    }
}

/// Every fact of one corpus document that does not hold, as a sentence.
fn corpus_misses(path: &str, want: &Value) -> Vec<String> {
    let corpus = shared().unwrap().join("corpus");
    let full = corpus.join(path);
    // A folder is one handbook; a file is read from its folder and picked out by name.
    let (content, only) = if full.is_dir() {
        (full.clone(), None)
    } else {
        (
            full.parent().unwrap().to_path_buf(),
            Some(full.file_name().unwrap().to_str().unwrap().to_owned()),
        )
    };
    let (site, _) = export(&content);
    let docs: Vec<&Value> = site["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| only.as_deref().is_none_or(|name| d["source"] == name))
        .collect();
    misses(&docs, want)
}

/// Every fact of `want` (corpus.json's form) that `docs` of an export do not hold.
pub(crate) fn misses(docs: &[&Value], want: &Value) -> Vec<String> {
    let qs: Vec<&Value> = docs.iter().flat_map(|d| questions(d)).collect();
    let everything = all_with_children(&qs);
    let mut misses = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            misses.push(what);
        }
    };
    for key in ["shape", "kind"] {
        if let Some(w) = want.get(key) {
            let got: Vec<&Value> = docs.iter().map(|d| &d[key]).collect();
            check(got.iter().all(|g| *g == w), format!("{key} {got:?}"));
        }
    }
    check(
        in_range(qs.len() as u64, &want["questions"]),
        format!("questions {}", qs.len()),
    );
    let answered = count(qs.iter().copied(), |q| q["answered"] == true) as u64;
    check(
        in_range(answered, &want["answered"]),
        format!("answered {answered}"),
    );
    let code: usize = everything
        .iter()
        .map(|q| q["code_blocks"].as_array().unwrap().len())
        .sum();
    check(
        in_range(code as u64, &want["code_blocks"]),
        format!("code blocks {code}"),
    );
    let tables: u64 = everything
        .iter()
        .map(|q| q["tables"].as_u64().unwrap())
        .sum();
    check(
        in_range(tables, &want["tables"]),
        format!("tables {tables}"),
    );
    if let Some(range) = want.get("children") {
        let children: usize = qs
            .iter()
            .map(|q| q["children"].as_array().unwrap().len())
            .sum();
        check(
            in_range(children as u64, range),
            format!("children {children}"),
        );
    }
    // Sections that hold questions: a closing "Resources" section of prose is not counted.
    let sections: Vec<&Value> = docs
        .iter()
        .flat_map(|d| d["sections"].as_array().unwrap())
        .filter(|s| !s["questions"].as_array().unwrap().is_empty())
        .collect();
    if let Some(n) = want.get("sections_with_questions") {
        check(
            sections.len() as u64 == n.as_u64().unwrap(),
            format!("sections with questions {}", sections.len()),
        );
    }
    if let Some(per) = want.get("questions_per_section").and_then(Value::as_object) {
        for (title, n) in per {
            let got = sections
                .iter()
                .find(|s| s["title"] == *title)
                .map(|s| s["questions"].as_array().unwrap().len() as u64);
            check(got == n.as_u64(), format!("section {title}: {got:?}"));
        }
    }
    let strings = |key: &str| -> Vec<String> {
        want.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect()
    };
    let text = |q: &Value| q["text"].as_str().unwrap().to_owned();
    // Multiple choice: how many options each question offers, and which are right.
    if let Some(per) = want.get("choices_per_question") {
        let got: Vec<usize> = qs
            .iter()
            .map(|q| q["choices"].as_array().unwrap().len())
            .collect();
        check(
            serde_json::to_value(&got).unwrap() == *per,
            format!("choices per question {got:?}"),
        );
    }
    if let Some(correct) = want.get("correct") {
        let got: Vec<&Value> = qs.iter().map(|q| &q["correct"]).collect();
        check(
            serde_json::to_value(&got).unwrap() == *correct,
            format!("correct {got:?}"),
        );
    }
    for t in strings("unanswered_contains") {
        let q = qs.iter().find(|q| text(q).contains(&t));
        check(
            q.is_some_and(|q| q["answered"] == false),
            format!("unanswered {t:?}: {:?}", q.map(|q| &q["answered"])),
        );
    }
    // The exact blanks to fill, in document order: what is reported is what a writer left.
    if want.get("placeholders").is_some_and(Value::is_array) {
        let got: Vec<String> = everything
            .iter()
            .flat_map(|q| q["placeholders"].as_array().unwrap())
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        check(
            got == strings("placeholders"),
            format!("placeholders {got:?}"),
        );
    }
    // Difficulty per question in document order (`null` for none), from tags, emoji or colours.
    if let Some(want) = want.get("difficulties").and_then(Value::as_array) {
        let got: Vec<Value> = qs.iter().map(|q| q["difficulty"].clone()).collect();
        check(got == *want, format!("difficulties {got:?}"));
    }
    for t in strings("question_contains") {
        let n = everything.iter().filter(|q| text(q).contains(&t)).count();
        check(n == 1, format!("one question holds {t:?}: {n}"));
    }
    for t in strings("answer_contains") {
        let n = everything
            .iter()
            .filter(|q| q["answer"].as_str().unwrap_or("").contains(&t))
            .count();
        check(n == 1, format!("one answer holds {t:?}: {n}"));
    }
    for t in strings("not_answer_contains") {
        let n = everything
            .iter()
            .filter(|q| q["answer"].as_str().unwrap_or("").contains(&t))
            .count();
        check(n == 0, format!("no answer holds {t:?}: {n}"));
    }
    for t in strings("not_question_contains") {
        let n = everything.iter().filter(|q| text(q).contains(&t)).count();
        check(n == 0, format!("no question holds {t:?}: {n}"));
    }
    misses
}

#[test]
fn corpus_gives_the_counts_of_corpus_json() {
    let Some(facts) = facts("corpus.json") else {
        return;
    };
    for (path, want) in facts["documents"].as_object().unwrap() {
        let misses = corpus_misses(path, want);
        assert!(misses.is_empty(), "corpus {path}: {misses:?}");
    }
}

#[test]
fn corpus_holds_the_facts_of_corpus2_json() {
    let Some(facts) = facts("corpus2.json") else {
        return;
    };
    for (path, want) in facts["documents"].as_object().unwrap() {
        let misses = corpus_misses(path, want);
        assert!(misses.is_empty(), "corpus {path}: {misses:?}");
    }
}

/// The multiple-choice handbook of the second set, counted in SOURCES.md: 155 questions offering
/// 4 options 145 times, 3 six times, 2 three times and 5 once, each with its key.
#[test]
fn multiple_choice_corpus_document_keeps_its_options_and_keys() {
    let Some(shared) = shared() else {
        return;
    };
    let folder = shared.join("corpus/javascript-questions");
    let (site, _) = export(&folder);
    let doc = document(&site, "README.md");
    let qs = questions(doc);
    let mut per: BTreeMap<usize, usize> = BTreeMap::new();
    for q in &qs {
        *per.entry(q["choices"].as_array().unwrap().len())
            .or_default() += 1;
        assert_eq!(
            q["correct"].as_array().unwrap().len(),
            1,
            "{}: one right option",
            q["line"]
        );
    }
    assert_eq!(per, BTreeMap::from([(2, 3), (3, 6), (4, 145), (5, 1)]));
}
