//! `export --format anki|csv`: the files read back the way Anki and a spreadsheet read them.

use crate::support::{export, handbook, prepbook, project, shared};
use serde_json::Value;
use std::path::Path;

/// Records of delimited text as the `csv` crate reads them (Anki's importer is that crate with
/// `comment(Some(b'#'))`; spreadsheets follow RFC 4180 alike): a field that starts with `"` is
/// quoted, `""` inside it is a quote, and it may hold the delimiter and line breaks; elsewhere a
/// quote is a character. Records end at LF or CRLF. With `comment`, a line starting with it is
/// skipped. Panics on a quoted field that is not closed or is followed by anything but the end
/// of the field.
fn records(text: &str, delimiter: char, comment: Option<char>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while chars.peek().is_some() {
        if comment.is_some() && chars.peek() == comment.as_ref() {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            continue;
        }
        let mut record = Vec::new();
        loop {
            let mut field = String::new();
            if chars.peek() == Some(&'"') {
                chars.next();
                loop {
                    match chars.next().expect("a quoted field is closed") {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => break,
                        c => field.push(c),
                    }
                }
                assert!(
                    matches!(chars.peek(), None | Some('\r' | '\n'))
                        || chars.peek() == Some(&delimiter),
                    "text after a closing quote in {field:?}"
                );
            } else {
                while let Some(&c) = chars.peek() {
                    if c == delimiter || c == '\n' || c == '\r' {
                        break;
                    }
                    field.push(c);
                    chars.next();
                }
            }
            record.push(field);
            match chars.next() {
                Some(c) if c == delimiter => continue,
                Some('\r') => {
                    assert_eq!(chars.next(), Some('\n'), "CR without LF");
                    break;
                }
                _ => break,
            }
        }
        out.push(record);
    }
    out
}

/// The cards of `prepbook export --format anki ARGS` as (front, back, tags), after checking the
/// file's header and that every line is one card of exactly five fields (the last two its deck
/// and GUID) with no raw tab or line break inside one.
fn anki_cards(content: &Path, extra: &[&str]) -> Vec<[String; 3]> {
    let mut args = vec![
        "export",
        "--format",
        "anki",
        "--content",
        content.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = prepbook(&project(), &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let header: Vec<&str> = text.lines().take(7).collect();
    assert_eq!(
        header,
        [
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#tags column:3",
            "#deck column:4",
            "#guid column:5",
            "#columns:Front\tBack\tTags\tDeck\tGUID"
        ]
    );
    let rows: Vec<[String; 5]> = records(&text, '\t', Some('#'))
        .into_iter()
        .map(|fields| {
            <[String; 5]>::try_from(fields).unwrap_or_else(|f| panic!("not 5 fields: {f:?}"))
        })
        .collect();
    let mut guids = std::collections::HashSet::new();
    for [_, _, _, deck, guid] in &rows {
        assert!(!deck.is_empty() && !deck.contains("::::"), "{deck:?}");
        assert!(guids.insert(guid.clone()), "GUID {guid:?} twice");
    }
    let cards: Vec<[String; 3]> = rows
        .into_iter()
        .map(|[front, back, tags, _, _]| [front, back, tags])
        .collect();
    // One line per card: Anki must not need its multi-line quoting.
    assert_eq!(text.lines().count(), header.len() + cards.len());
    for card in &cards {
        assert!(!card[0].is_empty(), "Anki needs the first field: {card:?}");
        for field in card {
            assert!(!field.contains(['\t', '\n', '\r']), "{field:?}");
        }
        assert!(
            card[2]
                .split(' ')
                .all(|t| !t.is_empty() && !t.contains(['"', ','])),
            "tags are words: {:?}",
            card[2]
        );
    }
    cards
}

/// Every question of an export (follow-ups too), as (document slug, question).
fn all_questions(site: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for doc in site["documents"].as_array().unwrap() {
        for q in crate::support::questions(doc) {
            for q in std::iter::once(q).chain(q["children"].as_array().unwrap()) {
                let slug = q["id"].as_str().unwrap().split("--").next().unwrap();
                out.push((slug.to_owned(), q));
            }
        }
    }
    out
}

#[test]
fn anki_cards_are_the_answered_questions_rendered_as_the_site_renders_them() {
    let content = project().join("content");
    let (site, _) = export(&content);
    let questions = all_questions(&site);
    let answered: Vec<&(String, &Value)> = questions
        .iter()
        .filter(|(_, q)| q["answered"] == true)
        .collect();
    let cards = anki_cards(&content, &["--drafts"]);
    assert_eq!(cards.len(), answered.len());
    assert!(answered.len() < questions.len());
    assert_eq!(
        anki_cards(&content, &["--drafts", "--all"]).len(),
        questions.len()
    );

    for ((slug, q), card) in answered.iter().zip(&cards) {
        assert!(
            card[2].split(' ').next() == Some(slug.as_str()),
            "the document's slug tags {}: {:?}",
            q["id"],
            card[2]
        );
        let both = format!("{}{}", card[0], card[1]);
        for code in q["code_blocks"].as_array().unwrap() {
            // A diagram is its source in a `pre.mermaid` (no script draws it in Anki).
            if code["lang"].as_str() == Some("mermaid") {
                assert!(both.contains("<pre class=\"mermaid\">"), "{}", q["id"]);
            } else if let Some(lang) = code["lang"].as_str() {
                assert!(
                    both.contains(&format!("data-lang=\"{lang}\"")),
                    "{}",
                    q["id"]
                );
            }
        }
        if q["tables"].as_u64().unwrap() > 0 {
            assert!(
                card[1].contains("<div class=\"table-wrap\"><table>"),
                "{}",
                q["id"]
            );
        }
        for (kind, key) in [("part", "parts"), ("example", "examples")] {
            assert_eq!(
                card[1]
                    .matches(&format!("<h3 class=\"{kind}-title\">"))
                    .count(),
                q[key].as_array().unwrap().len(),
                "{}: every {kind} headed on the back",
                q["id"]
            );
        }
    }

    // A known card: the URL shortener, its Python highlighted on the back, keeping its lines.
    let shortener = cards
        .iter()
        .find(|c| c[0] == "Design a URL shortener")
        .expect("the sample's first checklist question");
    assert!(shortener[1].contains("<h3 class=\"part-title\">Sample Answer</h3>"));
    let code = &shortener[1][shortener[1].find("data-lang=\"python\"").unwrap()..];
    let code = &code[..code.find("</pre>").unwrap()];
    assert!(
        code.contains("<span class=\"") && code.contains("<br>"),
        "{code}"
    );
    assert!(
        code.contains("encode_base62"),
        "the code is on the card: {code}"
    );
    let tags: Vec<&str> = shortener[2].split(' ').collect();
    assert_eq!(
        tags,
        ["system-design-checklist", "system-design", "backend"]
    );

    // A table, whole, on the back of its card.
    let table = cards
        .iter()
        .find(|c| c[1].contains("<table>"))
        .expect("a card with a table");
    assert!(table[1].contains("<th") && table[1].contains("</table>"));
}

#[test]
fn anki_cards_of_the_seeds_read_back() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let (site, _) = export(&seeds);
    let questions = all_questions(&site);
    let answered = questions
        .iter()
        .filter(|(_, q)| q["answered"] == true)
        .count();
    let cards = anki_cards(&seeds, &[]);
    assert_eq!(cards.len(), answered);
    assert_eq!(anki_cards(&seeds, &["--all"]).len(), questions.len());
    // Quoted fields (every back with a class attribute) came back whole.
    assert!(cards.iter().any(|c| c[1].contains("class=\"segment")));
    for ((slug, q), card) in questions
        .iter()
        .filter(|(_, q)| q["answered"] == true)
        .zip(&cards)
    {
        assert!(
            card[2].starts_with(slug.as_str()),
            "{}: {}",
            q["id"],
            card[2]
        );
    }
}

#[test]
fn anki_fields_with_tabs_quotes_and_hashes_stay_in_their_card() {
    let dir = handbook(&[(
        "tricky.md",
        "---\ntags: [Go Lang, \"C#\"]\n---\n## Odd ones\n\n### #include \"guards\"?\n\nThey stop a header\tbeing read twice:\n\n```c\n#ifndef A\n\t#define A\n#endif\n```\n\n### Plain?\n\nYes.\n"
            .as_bytes(),
    )]);
    let cards = anki_cards(&dir.path().join("content"), &[]);
    assert_eq!(cards.len(), 2);
    assert_eq!(
        cards[0][0], "#include \"guards\"?",
        "quoted: it holds quotes and starts with #"
    );
    assert!(
        cards[0][1].contains("header&#9;being read twice:"),
        "{}",
        cards[0][1]
    );
    // The code keeps its lines and its tab, inside the highlighting spans.
    let code = without_spans(&cards[0][1]);
    assert!(
        code.contains("<code class=\"language-c\">#ifndef A<br>&#9;#define A<br>#endif<br></code>"),
        "{code}"
    );
    assert_eq!(cards[0][2], "tricky odd-ones go-lang c");
    assert_eq!(
        cards[1],
        [
            "Plain?",
            "<div class=\"segment segment-body\"><p>Yes.</p> </div>",
            "tricky odd-ones go-lang c"
        ]
    );
}

/// `html` without its `<span ...>` and `</span>` tags.
fn without_spans(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest
        .find("<span")
        .into_iter()
        .chain(rest.find("</span>"))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find('>').unwrap() + 1..];
    }
    out.push_str(rest);
    out
}

const CSV_HEADER: [&str; 6] = ["question", "answer", "document", "section", "tags", "id"];

#[test]
fn csv_rows_read_back_with_commas_quotes_and_line_breaks() {
    let dir = handbook(&[(
        "notes.md",
        "---\ntitle: Speed, \"roughly\"\ntags: [perf, caches]\n---\n## 1. What is \"fast\", really?\n\nIt depends, \"mostly\" on the cache;\nsee the numbers below.\n\n## 2. What is slow?\n\n## 3. Why measure?\n\n```sql\nSELECT 1;\n```\n\n**Result:** fewer guesses.\n"
            .as_bytes(),
    )]);
    let out = prepbook(
        dir.path(),
        &["export", "--format", "csv", "--output", "prep.csv"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stdout.is_empty(),
        "--output writes the file, not stdout"
    );
    let text = std::fs::read_to_string(dir.path().join("prep.csv")).unwrap();
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\r'));
    let rows = records(&text, ',', None);
    assert_eq!(rows[0], CSV_HEADER);
    assert_eq!(rows.len(), 1 + 2, "the answered questions");
    assert_eq!(
        rows[1],
        [
            "What is \"fast\", really?",
            "It depends, \"mostly\" on the cache;\nsee the numbers below.",
            "Speed, \"roughly\"",
            "",
            "perf, caches",
            "notes--what-is-fast-really",
        ]
    );
    assert_eq!(
        rows[2][1],
        "```sql\nSELECT 1;\n```\n\n**Result**\n\nfewer guesses."
    );

    let out = prepbook(dir.path(), &["export", "--format", "csv", "--all"]);
    let rows = records(&String::from_utf8(out.stdout).unwrap(), ',', None);
    assert_eq!(rows.len(), 1 + 3);
    assert_eq!(rows[2][..2], ["What is slow?", ""]);

    // The sample: one row per answered question, six fields each.
    let sample = project().join("content");
    let (site, _) = export(&sample);
    let answered = all_questions(&site)
        .into_iter()
        .filter(|(_, q)| q["answered"] == true)
        .count();
    let out = prepbook(
        &project(),
        &[
            "export",
            "--format",
            "csv",
            "--drafts",
            "--content",
            sample.to_str().unwrap(),
        ],
    );
    let rows = records(&String::from_utf8(out.stdout).unwrap(), ',', None);
    assert_eq!(rows.len(), 1 + answered);
    assert!(rows.iter().all(|r| r.len() == CSV_HEADER.len()));
}

#[test]
fn export_output_refuses_the_content_folder_and_missing_folders() {
    let note = b"## 1. Q?\n\nA.\n".as_slice();
    let dir = handbook(&[("a.md", note)]);
    for (target, expected) in [
        ("content/a.md", "inside the content folder"),
        ("content/cards.txt", "inside the content folder"),
        ("content/../content/x.csv", "inside the content folder"),
        ("missing/cards.txt", "the folder missing does not exist"),
        ("content", "that is a folder"),
    ] {
        let out = prepbook(
            dir.path(),
            &["export", "--format", "anki", "--output", target],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target}: {err}");
        assert!(
            err.contains(&format!("cannot write the export to {target}:"))
                && err.contains(expected),
            "{target}: {err}"
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("content/a.md")).unwrap(),
        note
    );
    assert!(!dir.path().join("content/cards.txt").exists());

    let out = prepbook(dir.path(), &["export", "--output", "model.json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("model.json")).unwrap()).unwrap();
    assert_eq!(
        json["documents"][0]["source"], "a.md",
        "--output takes JSON too"
    );
}

/// A quiz in our own words (issue 11): two questions asking the same "What is printed?" about
/// different code, a two-answer key, one without a key, options that try to run script, and a
/// task list whose ticks are the key.
const PY_QUIZ: &str = r#"# Python quiz

###### 1. What is printed?

```python
print(len("abc" * 2))
```

- A: `3`
- B: `6`
- C: `"abcabc"`

#### Answer: B

Repeating a string of three characters twice gives six characters.

---

###### 2. What is printed?

```python
print([] or "empty")
```

- A: `[]`
- B: `empty`
- C: `False`

#### Answer: B

An empty list is falsy, so `or` yields its right operand.

---

###### 3. Which of these are immutable?

- A: `tuple`
- B: `list`
- C: `frozenset`

#### Answer: A and C

Lists change in place; tuples and frozensets never do.

---

###### 4. Which loop form reads best here?

- A: `for i in range(len(xs))`
- B: `for x in xs`

The notes leave this one open: iterating the items directly is usually clearer.

---

###### 5. Which of these is an image?

- A: <img src="x" alt="" onerror="document.title='owned'"> a picture
- B: <script>document.title='owned'</script> a script
- C: [a link](javascript:alert(1))

#### Answer: A

Only the picture is markup for an image; the handler and the script are dropped.

---

###### 6. Which of these are keywords?

- [x] `lambda`
- [ ] `print`
- [x] `yield`

`print` became a function in Python 3.
"#;

/// The options list of a card's front, from `<ol type="A"` to `</ol>`.
fn options_list(front: &str) -> &str {
    let start = front
        .find("<ol type=\"A\"")
        .unwrap_or_else(|| panic!("lettered options on the front: {front}"));
    let end = start + front[start..].find("</ol>").unwrap() + "</ol>".len();
    &front[start..end]
}

/// Whether `html` holds anything a browser (or Anki's webview) would run.
fn scriptable(html: &str) -> bool {
    let lower = html.to_lowercase();
    ["<script", "onerror", "javascript:", "document.title"]
        .iter()
        .any(|s| lower.contains(s))
}

#[test]
fn anki_multiple_choice_letters_the_options_on_the_front_and_names_the_key_on_the_back() {
    let fixture = project().join("tests/fixtures/shapes/multiple-choice/content");
    let cards = anki_cards(&fixture, &[]);
    assert_eq!(cards.len(), 2);
    let [front, back, _] = &cards[0];
    assert!(front.starts_with("What is logged?"), "{front}");
    assert!(
        front.contains("data-lang=\"javascript\"") && front.contains("console"),
        "the code asked about: {front}"
    );
    assert_eq!(
        options_list(front),
        "<ol type=\"A\" class=\"choices\"><li><code>1</code></li><li><code>undefined</code></li>\
         <li><code>0</code></li><li>a <code>TypeError</code></li></ol>"
    );
    assert!(
        !front.contains("<ul>") && !front.contains("B: "),
        "the options once, without the labels as written: {front}"
    );
    assert!(
        back.starts_with("<p class=\"choice-key\">B: <code>undefined</code></p>"),
        "{back}"
    );
    assert!(back.contains("Setting <code>length</code> to zero empties the array"));
    assert!(
        !back.contains("<details>"),
        "the fold around nothing is left out, as on the site: {back}"
    );
    assert!(
        cards[1][1].starts_with(
            "<p class=\"choice-key\">A: <code>string</code> and B: <code>symbol</code></p>"
        ),
        "{}",
        cards[1][1]
    );
}

#[test]
fn anki_quiz_cards_stay_distinct_keyed_and_free_of_script() {
    let dir = handbook(&[("py-quiz.md", PY_QUIZ.as_bytes())]);
    let cards = anki_cards(&dir.path().join("content"), &[]);
    assert_eq!(cards.len(), 6);
    // Anki merges notes whose first field is the same: "What is printed?" twice must not be.
    assert!(
        cards[0][0].starts_with("What is printed?") && cards[1][0].starts_with("What is printed?")
    );
    assert_ne!(cards[0][0], cards[1][0]);
    let fronts: std::collections::HashSet<&str> = cards.iter().map(|c| c[0].as_str()).collect();
    assert_eq!(fronts.len(), cards.len(), "every front differs");

    assert!(options_list(&cards[0][0]).contains("<li><code>\"abcabc\"</code></li>"));
    assert!(
        cards[2][1].starts_with(
            "<p class=\"choice-key\">A: <code>tuple</code> and C: <code>frozenset</code></p>"
        ),
        "{}",
        cards[2][1]
    );
    // No key: the back is the explanation only.
    assert!(
        cards[3][1]
            .starts_with("<div class=\"segment segment-body\"><p>The notes leave this one open"),
        "{}",
        cards[3][1]
    );
    assert!(!cards[3][1].contains("choice-key"));
    // The ticks are the key; the front does not give them away.
    assert!(
        cards[5][1].starts_with(
            "<p class=\"choice-key\">A: <code>lambda</code> and C: <code>yield</code></p>"
        ),
        "{}",
        cards[5][1]
    );
    assert!(!cards[5][0].contains("[x]") && !cards[5][0].contains("checkbox"));
    assert_eq!(options_list(&cards[5][0]).matches("<li>").count(), 3);

    // Options that try to run script: the image stays, its handler, the script and the
    // javascript: link do not, on the front nor where the back names the key.
    let [front, back, _] = &cards[4];
    let options = options_list(front);
    assert_eq!(options.matches("<li>").count(), 3, "{options}");
    assert!(options.contains("<img src=\"x\""), "{options}");
    assert!(options.contains("a link"), "{options}");
    for field in cards.iter().flat_map(|c| c[..2].iter()) {
        assert!(!scriptable(field), "{field}");
    }
    assert!(
        back.starts_with("<p class=\"choice-key\">A: <img src=\"x\""),
        "{back}"
    );
}

#[test]
fn csv_multiple_choice_lists_the_options_and_leads_the_answer_with_the_key() {
    let csv_rows = |content: &Path| {
        let out = prepbook(
            &project(),
            &[
                "export",
                "--format",
                "csv",
                "--content",
                content.to_str().unwrap(),
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let rows = records(&String::from_utf8(out.stdout).unwrap(), ',', None);
        assert_eq!(rows[0], CSV_HEADER);
        assert!(rows.iter().all(|r| r.len() == CSV_HEADER.len()));
        rows
    };

    let fixture = csv_rows(&project().join("tests/fixtures/shapes/multiple-choice/content"));
    assert_eq!(fixture.len(), 1 + 2);
    assert_eq!(
        fixture[1][0],
        "What is logged?\n\n```javascript\nconst values = [1, 2, 3];\nvalues.length = 0;\n\
         console.log(values[0]);\n```\n\nA: `1`\nB: `undefined`\nC: `0`\nD: a `TypeError`"
    );
    assert_eq!(
        fixture[2][0],
        "Which of these are primitive types?\n\nA: `string`\nB: `symbol`\nC: `object`"
    );
    // The answer as written already starts with its key (inside the fold): not said twice.
    for row in &fixture[1..] {
        assert!(row[1].starts_with("<details>"), "{}", row[1]);
        assert_eq!(row[1].matches("Answer: ").count(), 1, "{}", row[1]);
    }
    assert!(fixture[2][1].contains("**Answer: A and B**"));

    let dir = handbook(&[("py-quiz.md", PY_QUIZ.as_bytes())]);
    let rows = csv_rows(&dir.path().join("content"));
    assert_eq!(rows.len(), 1 + 6);
    assert_ne!(
        rows[1][0], rows[2][0],
        "same text, different code and options"
    );
    assert_eq!(
        rows[3][0],
        "Which of these are immutable?\n\nA: `tuple`\nB: `list`\nC: `frozenset`"
    );
    assert!(
        rows[3][1].starts_with("**Answer: A and C**"),
        "{}",
        rows[3][1]
    );
    assert_eq!(
        rows[4][1],
        "The notes leave this one open: iterating the items directly is usually clearer.",
        "no key, no key line"
    );
    // The ticks are the key: the answer starts with it, the question shows no ticks.
    assert_eq!(
        rows[6][0],
        "Which of these are keywords?\n\nA: `lambda`\nB: `print`\nC: `yield`"
    );
    assert_eq!(
        rows[6][1],
        "Answer: A and C\n\n`print` became a function in Python 3."
    );
    // Cells are markdown as written, for a spreadsheet (which runs no HTML): the option stays
    // as the notes have it.
    assert!(rows[5][0].contains("\nA: <img src=\"x\" alt=\"\" onerror="));
}
