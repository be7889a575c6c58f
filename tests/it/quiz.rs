//! Multiple choice as a quiz (issue 11): the options on the document page (a fieldset of
//! inputs, the right ones marked for readers without JavaScript, each option's markdown
//! rendered and sanitised like any text), on the practice cards, valid HTML, and the quiz in
//! Chromium (tests/browser/quiz.mjs): a wrong pick marked, the explanation revealed, a
//! practice card answered by keyboard alone.

use crate::support::{browser_ready, handbook, project};
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};

/// A quiz in our own words: one right answer (not the first), two right answers, options
/// without a key, and options that try to run script.
const RUST_QUIZ: &str = r#"# Rust quiz

###### 1. What does this program print?

```rust
let v = vec![10, 20, 30];
println!("{}", v.len());
```

- A: `30`
- B: `3`
- C: a compile error
- D: `2`

#### Answer: B

`len` counts the elements, not their sum or the last one.

---

###### 2. Which of these types are `Copy`?

- A: `u32`
- B: `String`
- C: `&str`

#### Answer: A and C

A `String` owns a heap buffer, so copying it bit for bit would free that buffer twice.

---

###### 3. Which collection keeps its keys sorted?

- A: `HashMap`
- B: `BTreeMap`

The notes give no key for this one: `BTreeMap` orders its keys, `HashMap` does not.

---

###### 4. Which option is written in *HTML*?

- A: <img src="x" alt="" onerror="window.pwned=1"> an image
- B: <b>bold</b> and <script>window.pwned=1</script> a script
- C: [a link](javascript:window.pwned=1)

#### Answer: B

Only the bold survives; the handler, the script and the link scheme are removed.
"#;

fn build(content: &Path) -> (tempfile::TempDir, PathBuf) {
    crate::support::build_ok(content, &[])
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_owned()
}

/// A question's quiz as the page writes it: (input type, option texts, indices marked right).
fn quiz(q: ElementRef<'_>) -> (String, Vec<String>, Vec<usize>) {
    let fieldset = q
        .select(&sel(":scope > fieldset.quiz"))
        .next()
        .expect("a fieldset");
    let legend = fieldset.select(&sel(":scope > legend")).next();
    assert!(legend.is_some_and(|l| text(l).starts_with("Options")));
    let options: Vec<ElementRef<'_>> = fieldset.select(&sel("ol.choices > li.choice")).collect();
    let mut kinds: Vec<String> = options
        .iter()
        .map(|li| {
            let input = li.select(&sel("label > input")).next().expect("an input");
            assert!(
                input.value().attr("hidden").is_some(),
                "hidden until the script"
            );
            input.value().attr("type").unwrap().to_owned()
        })
        .collect();
    kinds.dedup();
    assert_eq!(kinds.len(), 1, "one kind of input per quiz");
    let right: Vec<usize> = options
        .iter()
        .enumerate()
        .filter(|(_, li)| li.value().classes().any(|c| c == "choice-right"))
        .map(|(n, _)| n)
        .collect();
    // Marked in words for readers without the script (and in print), not by colour alone.
    for (n, li) in options.iter().enumerate() {
        let key = li.select(&sel(".choice-key")).next().map(text);
        assert_eq!(key.is_some(), right.contains(&n), "option {n}'s mark");
    }
    let texts = options
        .iter()
        .map(|li| text(li.select(&sel(".choice-text")).next().unwrap()))
        .collect();
    (kinds.remove(0), texts, right)
}

#[test]
fn the_fixture_shows_its_options_as_a_quiz() {
    let content = project().join("tests/fixtures/shapes/multiple-choice/content");
    let (_guard, out) = build(&content);
    let html = std::fs::read_to_string(out.join("js-quiz.html")).unwrap();
    let page = Html::parse_document(&html);
    let questions: Vec<ElementRef<'_>> = page.select(&sel("article.question")).collect();
    assert_eq!(questions.len(), 2);

    let (kind, texts, right) = quiz(questions[0]);
    assert_eq!(kind, "radio");
    assert_eq!(texts, ["1", "undefined", "0", "a TypeError"], "in order");
    assert_eq!(right, [1]);
    // Code spans are rendered, not shown raw.
    assert!(html.contains("<span class=\"choice-text\">a <code>TypeError</code></span>"));
    // The prompt keeps its code and leaves the options to the quiz (not listed twice).
    let prompt = questions[0]
        .select(&sel(":scope > .prompt"))
        .next()
        .unwrap();
    assert!(prompt.select(&sel("pre.code")).next().is_some());
    assert!(
        prompt.select(&sel("ul, ol, li")).next().is_none(),
        "{}",
        prompt.html()
    );
    // The explanation is the answer, after the quiz; the fold that only said "Answer" is gone.
    let answer = questions[0]
        .select(&sel(":scope > .answer"))
        .next()
        .unwrap();
    assert!(text(answer).contains("empties the array"));
    assert!(
        answer.select(&sel("details")).next().is_none(),
        "{}",
        answer.html()
    );

    let (kind, texts, right) = quiz(questions[1]);
    assert_eq!(kind, "checkbox", "two right answers: pick several");
    assert_eq!(texts, ["string", "symbol", "object"]);
    assert_eq!(right, [0, 1]);
    let answer = questions[1]
        .select(&sel(":scope > .answer"))
        .next()
        .unwrap();
    assert!(text(answer).contains("reference types"));
    assert!(answer.select(&sel("pre.code")).next().is_some());
}

#[test]
fn options_are_sanitised_and_options_without_a_key_are_a_list() {
    let dir = handbook(&[("quiz.md", RUST_QUIZ.as_bytes())]);
    let (_guard, out) = build(&dir.path().join("content"));
    let html = std::fs::read_to_string(out.join("quiz.html")).unwrap();
    let page = Html::parse_document(&html);
    let questions: Vec<ElementRef<'_>> = page.select(&sel("article.question")).collect();
    assert_eq!(questions.len(), 4);
    assert_eq!(quiz(questions[0]).2, [1]);
    assert_eq!(quiz(questions[1]).2, [0, 2]);

    // No key: the options as a list, no inputs, the explanation as usual.
    let unkeyed = questions[2];
    assert!(unkeyed.select(&sel("fieldset, input")).next().is_none());
    let listed: Vec<String> = unkeyed
        .select(&sel(":scope > ol.choices > li .choice-text"))
        .map(text)
        .collect();
    assert_eq!(listed, ["HashMap", "BTreeMap"]);
    assert!(text(unkeyed.select(&sel(".answer")).next().unwrap()).contains("orders its keys"));

    // Options' HTML goes through the sanitiser like any other text of the page.
    let (_, texts, right) = quiz(questions[3]);
    assert_eq!(right, [1]);
    assert_eq!(texts, ["an image", "bold and  a script", "a link"]);
    let fieldset = questions[3].select(&sel("fieldset")).next().unwrap().html();
    for bad in ["onerror", "<script", "javascript:", "pwned"] {
        assert!(!fieldset.contains(bad), "{bad} in {fieldset}");
    }
    assert!(fieldset.contains("<b>bold</b>"), "{fieldset}");

    // The practice card asks the same way, from the same HTML, and runs nothing either.
    let cards_dir = out.join("practice/cards");
    let card = std::fs::read_dir(&cards_dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .unwrap();
    assert!(card.contains("<fieldset class=\\\"quiz\\\" data-right=\\\"2\\\">"));
    assert!(card.contains("<li class=\\\"choice choice-right\\\"><label class=\\\"choice-label\\\"><input type=\\\"radio\\\" value=\\\"1\\\" hidden> <span class=\\\"choice-letter\\\">B</span> <span class=\\\"choice-text\\\"><code>3</code></span></label>"), "{card}");
    for bad in ["onerror", "<script", "javascript:", "pwned"] {
        assert!(!card.contains(bad), "{bad} in the card script");
    }
}

/// The quiz pages are valid HTML5, by the Nu HTML checker (skipped without it, as in site.rs).
#[test]
fn quiz_pages_are_valid_html5() {
    let jar = project().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let java = std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !jar.is_file() || !java {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but vnu.jar or java is missing"
        );
        eprintln!("skipped: vnu.jar or java is missing (cd tests/browser && npm ci)");
        return;
    }
    let dir = handbook(&[("quiz.md", RUST_QUIZ.as_bytes())]);
    let (_guard, out) = build(&dir.path().join("content"));
    let fixture = project().join("tests/fixtures/shapes/multiple-choice/content");
    let (_guard2, out2) = build(&fixture);
    let run = std::process::Command::new("java")
        .args(["-jar", jar.to_str().unwrap(), "--errors-only"])
        .arg(out.join("quiz.html"))
        .arg(out2.join("js-quiz.html"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "vnu found errors:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// In Chromium: pick a wrong option, Check, see it marked wrong and the explanation; two right
/// answers; no key, no quiz; without JavaScript and in print; a practice card by keyboard.
/// `PREPBOOK_SHOTS=DIR` keeps screenshots at 1280 and 390 px there.
#[test]
fn the_quiz_works_in_a_real_browser() {
    if !browser_ready() {
        return;
    }
    let dir = handbook(&[("quiz.md", RUST_QUIZ.as_bytes())]);
    let (guard, out) = build(&dir.path().join("content"));
    let mut spec = serde_json::json!({"page": "quiz.html", "doc": "quiz"});
    if let Some(shots) = std::env::var_os("PREPBOOK_SHOTS") {
        spec["shots"] = serde_json::Value::from(shots.to_string_lossy().into_owned());
    }
    let spec_path = guard.path().join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    crate::support::node("quiz.mjs", &[out.as_os_str(), spec_path.as_os_str()]);
}
