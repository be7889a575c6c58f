//! Fixture tests, one per shape: the sample handbook in `content/` (written by us) and small
//! documents for the rules that matter most, each checked through the JSON export.

use crate::support::{document, export, handbook, project, questions};
use serde_json::Value;

fn sample() -> Value {
    export(&project().join("content")).0
}

fn texts<'a>(values: impl IntoIterator<Item = &'a Value>, key: &str) -> Vec<String> {
    values
        .into_iter()
        .map(|v| v[key].as_str().unwrap_or("").to_owned())
        .collect()
}

fn section_sizes(doc: &Value) -> Vec<(String, usize)> {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap_or("").to_owned(),
                s["questions"].as_array().unwrap().len(),
            )
        })
        .collect()
}

fn answered(qs: &[&Value]) -> usize {
    qs.iter().filter(|q| q["answered"] == true).count()
}

#[test]
fn checklist_items_parts_examples_and_nested_questions() {
    let site = sample();
    let doc = document(&site, "system-design-checklist.md");
    assert_eq!(
        (doc["kind"].as_str(), doc["shape"].as_str()),
        (Some("qa"), Some("checklist"))
    );
    let qs = questions(doc);
    assert_eq!(
        qs.iter()
            .map(|q| q["number"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        (1..=8).collect::<Vec<_>>()
    );
    assert_eq!(answered(&qs), 8);
    let parts: Vec<usize> = qs
        .iter()
        .map(|q| q["parts"].as_array().unwrap().len())
        .collect();
    assert_eq!(parts, [4, 3, 2, 3, 3, 4, 0, 3]);
    assert!(
        texts(qs[0]["parts"].as_array().unwrap(), "title").contains(&"Sample Answer".to_owned())
    );
    let examples: usize = qs
        .iter()
        .map(|q| q["examples"].as_array().unwrap().len())
        .sum();
    assert_eq!(examples, 11);
    assert!(qs[0]["examples"][0]["title"]
        .as_str()
        .unwrap()
        .starts_with("Example 1 – "));
    let children = qs[6]["children"].as_array().unwrap();
    assert_eq!(children.len(), 2);
    assert!(children.iter().all(|c| c["answered"] == true));
    assert_eq!(
        texts(children[0]["parts"].as_array().unwrap(), "title"),
        ["Answer", "Task", "What I did", "Result", "Key Takeaway"]
    );
    let mut langs: Vec<String> = qs
        .iter()
        .flat_map(|q| q["code_blocks"].as_array().unwrap())
        .map(|c| c["lang"].as_str().unwrap().to_owned())
        .collect();
    langs.sort();
    assert_eq!(langs, ["go", "python", "rust", "sql", "typescript", "yaml"]);
    assert_eq!(
        qs.iter()
            .map(|q| q["tables"].as_u64().unwrap())
            .sum::<u64>(),
        3
    );
}

#[test]
fn question_numbered_answers_and_blanks() {
    let site = sample();
    let doc = document(&site, "career-answers.md");
    assert_eq!(doc["shape"], "question-numbered");
    let qs = questions(doc);
    assert_eq!(
        qs.iter()
            .map(|q| q["number"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [4, 5, 6, 7]
    );
    assert_eq!(answered(&qs), 4);
    let blanks: Vec<&str> = qs
        .iter()
        .flat_map(|q| q["placeholders"].as_array().unwrap())
        .map(|p| p.as_str().unwrap())
        .collect();
    assert_eq!(blanks.len(), 9, "{blanks:?}");
    for b in [
        "X years",
        "current company",
        "name the team",
        "If applicable",
        "target company",
        "metric you improved",
    ] {
        assert!(blanks.contains(&b), "{b} in {blanks:?}");
    }
    assert!(
        !blanks
            .iter()
            .any(|b| b.contains("STAR") || b.trim().is_empty()),
        "a link or a task box is no blank"
    );
}

#[test]
fn categories_with_quotes_star_parts_and_one_unanswered() {
    let site = sample();
    let doc = document(&site, "behavioural-by-category.md");
    assert_eq!(doc["shape"], "categories");
    assert_eq!(doc["title"], "Behavioural Questions");
    assert_eq!(
        section_sizes(doc),
        [
            ("Leadership & Influence".into(), 3),
            ("Conflict & Communication".into(), 3),
            ("Failure & Learning".into(), 2)
        ]
    );
    let qs = questions(doc);
    assert_eq!(answered(&qs), 7);
    let unanswered: Vec<&&Value> = qs.iter().filter(|q| q["answered"] == false).collect();
    assert_eq!(
        unanswered[0]["text"],
        "How do you explain a technical trade-off to a non-technical stakeholder?"
    );
    assert!(
        qs.iter()
            .all(|q| !q["text"].as_str().unwrap().starts_with('"')),
        "quotes are quoting"
    );
    assert_eq!(
        texts(qs[0]["parts"].as_array().unwrap(), "title"),
        ["Situation", "Task", "Action", "Result", "Reflection"]
    );
    assert!(qs
        .iter()
        .any(|q| texts(q["parts"].as_array().unwrap(), "title")
            == ["Situation", "Task", "Action", "Result"]));
}

#[test]
fn plain_text_groups_and_titled_answers() {
    let site = sample();
    let doc = document(&site, "frontend-quickfire.txt");
    assert_eq!(doc["shape"], "plain-text");
    assert_eq!(
        section_sizes(doc),
        [
            ("Browser & Rendering Questions".into(), 3),
            ("Caching & Networking Questions".into(), 3),
            ("Accessibility & Tooling Questions".into(), 2)
        ]
    );
    let qs = questions(doc);
    assert_eq!(
        qs.iter()
            .map(|q| q["number"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        (1..=8).collect::<Vec<_>>()
    );
    assert_eq!(answered(&qs), 2);
    assert_eq!(qs[0]["parts"][0]["title"], "Critical Rendering Path");
    assert_eq!(qs[1]["parts"][0]["title"], "Event Loop Ordering");
    assert!(
        qs[0]["parts"].as_array().unwrap().len() >= 2,
        "Key steps: is a part of its own"
    );
}

#[test]
fn transcript_turns_roles_directions_notes_and_pairs() {
    let site = sample();
    let doc = document(&site, "mock-interview-transcript.txt");
    assert_eq!(doc["kind"], "transcript");
    assert_eq!(doc["title"], "MOCK INTERVIEW: BACKEND PLATFORM ROLE");
    assert_eq!(
        doc["subtitle"],
        "Practice session with a peer - distributed systems focus"
    );
    let t = &doc["transcript"];
    let roles: Vec<&str> = t["turns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles.len(), 16);
    assert_eq!(roles.iter().filter(|r| **r == "interviewer").count(), 7);
    assert_eq!(roles.iter().filter(|r| **r == "candidate").count(), 8);
    assert_eq!(roles.iter().filter(|r| **r == "other").count(), 1);
    assert_eq!(t["directions"].as_array().unwrap().len(), 3);
    let third = &t["turns"][4];
    assert!(
        third["text"].as_str().unwrap().contains("\n\n"),
        "a turn runs over blank lines"
    );
    let notes = &t["notes"];
    assert_eq!(notes["title"], "SESSION NOTES");
    let topics = notes["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == "Topics Covered")
        .unwrap();
    assert_eq!(topics["items"].as_array().unwrap().len(), 5);
    // Every interviewer turn asks and the candidate answers each; the observer's question is no pair.
    let qs = questions(doc);
    assert_eq!(qs.len(), 7);
    assert_eq!(answered(&qs), 7);
    assert!(qs
        .iter()
        .all(|q| !q["text"].as_str().unwrap().starts_with("Sorry to jump in")));
}

#[test]
fn list_heading_items_and_a_back_to_top_only_answer() {
    let site = sample();
    let doc = document(&site, "react-fundamentals.md");
    assert_eq!(doc["shape"], "list-headings");
    assert_eq!(
        section_sizes(doc),
        [("Core Concepts".into(), 3), ("Hooks".into(), 3)]
    );
    let qs = questions(doc);
    assert_eq!(answered(&qs), 5);
    assert_eq!(qs[4]["answered"], false, "only a back-to-top link");
    let jsx = qs
        .iter()
        .flat_map(|q| q["code_blocks"].as_array().unwrap())
        .filter(|c| c["lang"] == "jsx")
        .count();
    assert_eq!(jsx, 4);
    assert_eq!(
        qs.iter()
            .map(|q| q["tables"].as_u64().unwrap())
            .sum::<u64>(),
        0,
        "the table of contents is not an answer's"
    );
}

#[test]
fn bold_questions_with_difficulty_markers() {
    let site = sample();
    let doc = document(&site, "ml-theory.md");
    assert_eq!(doc["shape"], "bold-questions");
    assert_eq!(
        section_sizes(doc),
        [("Linear models".into(), 4), ("Evaluation".into(), 3)]
    );
    let qs = questions(doc);
    assert_eq!(answered(&qs), 6, "'Answer here' is no answer");
    let level = |d: &str| qs.iter().filter(|q| q["difficulty"] == d).count();
    assert_eq!((level("easy"), level("medium"), level("expert")), (3, 3, 1));
    assert!(qs.iter().all(|q| !q["text"]
        .as_str()
        .unwrap()
        .contains(['⭐', '👶', '🚀', '\u{200d}'])));
    let code: Vec<&Value> = qs
        .iter()
        .flat_map(|q| q["code_blocks"].as_array().unwrap())
        .collect();
    assert_eq!(code.len(), 1);
    assert!(code[0]["lang"].is_null());
}

#[test]
fn bullets_with_follow_ups_and_question_paragraphs_with_prompt_code() {
    let site = sample();
    let doc = document(&site, "web-basics/html-css.md");
    assert_eq!(doc["shape"], "bullets");
    let qs = questions(doc);
    assert_eq!(qs.len(), 8);
    assert_eq!(
        qs.iter()
            .map(|q| q["children"].as_array().unwrap().len())
            .sum::<usize>(),
        3
    );
    assert_eq!(answered(&qs), 0);

    let doc = document(&site, "web-basics/javascript-output.md");
    assert_eq!(doc["shape"], "question-paragraphs");
    let qs = questions(doc);
    assert_eq!(qs.len(), 4);
    assert_eq!(answered(&qs), 0, "the code belongs to the prompt");
    assert!(qs
        .iter()
        .all(|q| q["code_blocks"][0]["lang"] == "javascript"));

    let doc = document(&site, "questions-zh.md");
    assert_eq!(
        section_sizes(doc),
        [
            ("数据库问题".into(), 3),
            ("缓存问题".into(), 3),
            ("消息队列问题".into(), 3)
        ]
    );
}

#[test]
fn pages_and_drafts() {
    let site = sample();
    let about = document(&site, "about.md");
    assert_eq!(
        (about["kind"].as_str(), about["shape"].as_str()),
        (Some("page"), Some("page"))
    );
    assert!(about["sections"].as_array().unwrap().is_empty());
    let draft = document(&site, "drafts/unfinished.md");
    let qs = questions(draft);
    assert_eq!((qs.len(), answered(&qs)), (2, 1), "TODO is no answer");
}

#[test]
fn details_folds_with_code_in_an_answer() {
    let site = sample();
    let doc = document(&site, "linux-on-call.md");
    assert_eq!(
        (doc["kind"].as_str(), doc["shape"].as_str()),
        (Some("qa"), Some("details"))
    );
    assert_eq!(
        section_sizes(doc),
        [
            ("Processes and ports".into(), 3),
            ("Disks and memory".into(), 3)
        ]
    );
    let qs = questions(doc);
    assert_eq!(answered(&qs), 6);
    assert_eq!(
        qs[1]["text"],
        "What is the difference between a zombie process and an orphan?"
    );
    assert_eq!(qs[0]["code_blocks"][0]["lang"], "bash", "code in the fold");
    assert!(qs
        .iter()
        .all(|q| !q["text"].as_str().unwrap().contains("out loud")));
}

#[test]
fn a_table_of_problems_answered_by_its_idea_column() {
    let site = sample();
    let doc = document(&site, "coding-problems.md");
    assert_eq!(doc["shape"], "table");
    assert_eq!(
        section_sizes(doc),
        [
            ("Arrays and strings".into(), 4),
            ("Trees and graphs".into(), 4)
        ]
    );
    let qs = questions(doc);
    assert_eq!(answered(&qs), 8);
    assert_eq!(
        qs.iter()
            .map(|q| q["number"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        (1..=8).collect::<Vec<_>>()
    );
    assert_eq!(qs[2]["text"], "Merge overlapping intervals");
    assert!(qs[2]["answer"].as_str().unwrap().contains("Sort by start"));
}

#[test]
fn one_design_exercise_answered_by_its_steps() {
    let site = sample();
    let doc = document(&site, "design-rate-limiter.md");
    assert_eq!(doc["shape"], "exercise");
    assert_eq!(doc["title"], "Design a rate limiter for a public API");
    let qs = questions(doc);
    assert_eq!((qs.len(), answered(&qs)), (1, 1));
    let parts = texts(qs[0]["parts"].as_array().unwrap(), "title");
    assert_eq!(parts[0], "1. Clarify the requirements");
    assert!(parts.contains(&"Token bucket".to_owned()), "{parts:?}");
    assert_eq!(parts.last().unwrap(), "5. Failure modes and trade-offs");
    assert_eq!(qs[0]["code_blocks"][0]["lang"], "mermaid");
}

#[test]
fn a_multiple_choice_quiz_with_keys_in_folds() {
    let site = sample();
    let doc = document(&site, "backend-quiz.md");
    let qs = questions(doc);
    assert_eq!((qs.len(), answered(&qs)), (6, 6));
    assert!(qs
        .iter()
        .all(|q| q["choices"].as_array().unwrap().len() == 4));
    let correct: Vec<&Value> = qs.iter().map(|q| &q["correct"]).collect();
    assert_eq!(
        serde_json::to_value(correct).unwrap(),
        serde_json::json!([[1], [0, 2], [0], [2], [1], [2]])
    );
    assert_eq!(qs[1]["choices"][2], "`HEAD`");
    assert_eq!(
        qs.iter()
            .filter(|q| !q["code_blocks"].as_array().unwrap().is_empty())
            .count(),
        3,
        "the prompt's code belongs to the question"
    );
    assert!(qs
        .iter()
        .all(|q| !q["text"].as_str().unwrap().contains("Answer")));
}

#[test]
fn an_ordered_list_of_questions_with_indented_answers() {
    let site = sample();
    let doc = document(&site, "concurrency-basics.md");
    assert_eq!(doc["shape"], "bullets");
    let qs = questions(doc);
    assert_eq!((qs.len(), answered(&qs)), (7, 7));
    assert_eq!(qs[0]["text"], "What is a race condition?");
    assert_eq!(qs[3]["code_blocks"][0]["lang"], "java");
    assert!(qs
        .iter()
        .all(|q| q["children"].as_array().unwrap().is_empty()));
}

#[test]
fn bold_numbered_tasks_with_sql_answers() {
    let site = sample();
    let doc = document(&site, "sql-exercises.md");
    assert_eq!(doc["shape"], "bold-questions");
    let qs = questions(doc);
    assert_eq!(
        qs.iter()
            .map(|q| q["number"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        (1..=7).collect::<Vec<_>>()
    );
    assert_eq!(answered(&qs), 7);
    assert_eq!(
        qs[2]["text"],
        "Find the products that have never been ordered."
    );
    let sql = qs
        .iter()
        .flat_map(|q| q["code_blocks"].as_array().unwrap())
        .filter(|c| c["lang"] == "sql")
        .count();
    assert_eq!(sql, 6, "the schema before the first task is no answer");
}

#[test]
fn a_markdown_transcript_of_bold_speakers() {
    let site = sample();
    let doc = document(&site, "mock-hiring-manager.md");
    assert_eq!(doc["kind"], "transcript");
    assert_eq!(doc["title"], "Mock Interview: Hiring Manager Round");
    let turns = doc["transcript"]["turns"].as_array().unwrap();
    assert_eq!(turns.len(), 12);
    assert_eq!(
        (turns[0]["speaker"].as_str(), turns[0]["role"].as_str()),
        (Some("Maya"), Some("interviewer"))
    );
    assert_eq!(turns[1]["role"], "candidate");
    let qs = questions(doc);
    assert_eq!((qs.len(), answered(&qs)), (5, 5));
    assert_eq!(
        qs[2]["text"],
        "Can you tell me about a time you disagreed with a product decision?"
    );
    assert!(
        qs.iter()
            .all(|q| !q["text"].as_str().unwrap().contains("seventy-thirty")),
        "the interviewer's reply to the candidate's question asks nothing"
    );
}

#[test]
fn a_declared_glossary_of_concepts_to_explain() {
    let site = sample();
    let doc = document(&site, "distributed-systems-glossary.md");
    assert_eq!(doc["kind"], "qa");
    assert_eq!(
        section_sizes(doc),
        [
            ("Replication".into(), 3),
            ("Partitioning".into(), 2),
            ("Agreement".into(), 3)
        ]
    );
    let qs = questions(doc);
    assert_eq!(answered(&qs), 8);
    assert_eq!(
        texts(qs.iter().copied(), "text")[3..5],
        ["Consistent hashing", "Hot partition"]
    );
}

/// Small documents for rules the sample does not exercise.
#[test]
fn edge_rules() {
    let dir = handbook(&[
        (
            "setext.md",
            b"Title Here\n==========\n\nCaching\n-------\n\n### What is a TTL?\n\nHow long an entry lives.\n".as_slice(),
        ),
        (
            "numbered.md",
            b"# Answers\n\n## Question 12: Why?\n\n### Answer\n\nBecause.\n\n---\n\n## Question 14: How?\n\n### Answer\n\n---\n".as_slice(),
        ),
        (
            "misindented.md",
            b"## Basics\n\n1.  ### What is X?\n\nX is an answer written without indentation.\n\n2.  ### What is Y?\n\n    ```js\n    open fence\n\n**[Back to Top](#toc)**\n\n3.  ### What is Z?\n\n    Z.\n".as_slice(),
        ),
        ("crlf.md", b"## 1. Windows?\r\n\r\nYes, CRLF.\r\n".as_slice()),
    ]);
    let (site, code) = export(&dir.path().join("content"));
    assert_eq!(code, 0);

    let doc = document(&site, "setext.md");
    assert_eq!(doc["title"], "Title Here");
    assert_eq!(section_sizes(doc), [("Caching".into(), 1)]);

    let doc = document(&site, "numbered.md");
    let qs = questions(doc);
    assert_eq!(
        qs.iter()
            .map(|q| q["number"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [12, 14]
    );
    assert_eq!(
        (qs[0]["answered"].as_bool(), qs[1]["answered"].as_bool()),
        (Some(true), Some(false)),
        "--- and ### Answer are no answer"
    );
    assert!(
        qs[0]["parts"].as_array().unwrap().is_empty(),
        "### Answer marks the answer; it is not a part"
    );

    let doc = document(&site, "misindented.md");
    let qs = questions(doc);
    assert_eq!(qs.len(), 3, "a fence left open ends with its list item");
    assert_eq!(
        qs[0]["answered"], true,
        "line grouping keeps a mis-indented answer"
    );
    assert_eq!(qs[1]["code_blocks"].as_array().unwrap().len(), 1);
    assert_eq!(qs[2]["answered"], true);

    let doc = document(&site, "crlf.md");
    assert_eq!(questions(doc)[0]["text"], "Windows?");
}

/// What one exported document says, briefly: (section title, question text, number, answered).
fn outline(site: &Value, source: &str) -> Vec<(String, String, Option<u64>, bool)> {
    document(site, source)["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            let title = s["title"].as_str().unwrap_or("").to_owned();
            s["questions"].as_array().unwrap().iter().map(move |q| {
                (
                    title.clone(),
                    q["text"].as_str().unwrap().to_owned(),
                    q["number"].as_u64(),
                    q["answered"].as_bool().unwrap(),
                )
            })
        })
        .collect()
}

fn row(
    section: &str,
    text: &str,
    number: Option<u64>,
    answered: bool,
) -> (String, String, Option<u64>, bool) {
    (section.to_owned(), text.to_owned(), number, answered)
}

/// Regressions from the parser review: real notes mix shapes and leave half-done answers.
#[test]
fn reviewed_edge_cases() {
    let dir = handbook(&[
        ("answer-bullets.md", b"# Quick\n\n- What are the ACID properties?\n  - Atomicity\n  - Isolation\n- Why batch writes?\n  Fewer round trips.\n- What is MVCC?\n".as_slice()),
        ("bullet-categories.md", b"# Quick\n\n- Storage:\n  - What is a B-tree?\n  - What is an LSM tree?\n- Networking:\n  - What is head-of-line blocking?\n".as_slice()),
        ("steps.txt", b"Teamwork:\n1. How do you resolve a disagreement?\nI use three steps:\n1. Listen\n2. Restate\n3. Decide together\n\n2. How do you give feedback?\nPrivately and soon.\n".as_slice()),
        ("numbering.md", "# Prep\n\n## **1. What is a thunk?**\n\nA deferred call.\n\n## 2.什么是协程？\n\n轻量级线程。\n".as_bytes()),
        ("q-prefix.md", b"# Prep\n\n### Q1: What is a monad?\n\nA pattern.\n\n### Q2: What is a functor?\n\nA mappable.\n".as_slice()),
        ("templates.md", b"# Prep\n\n## 1. What is a closure?\n\n<details>\n<summary>Answer</summary>\n</details>\n\n## 2. What is currying?\n\n<!--\nTODO: write it\n-->\n\n## 3. What is memoisation?\n\nTODO: explain caching of results\n\n## 4. What is a pure function?\n\nNo side effects.\n".as_slice()),
        ("commented.md", b"# Prep\n\n## 1. What is a race?\n\nTwo writers.\n\n<!--\n## 2. A question I dropped?\n-->\n\n## 3. What is a lock?\n\nMutual exclusion.\n".as_slice()),
        ("answer-heading.md", b"# Prep\n\n## Behavioural\n\n### Tell me about a setback?\n\n### Answer\n\nI regrouped.\n".as_slice()),
        ("feedback.txt", b"INTERVIEWER: Ready to start?\n\nCANDIDATE: Yes.\n\nINTERVIEWER: Here is some feedback:\n\nWhat went well?\n\nCANDIDATE: The design.\n".as_slice()),
        ("bold-speakers.md", b"# Mock\n\n**Interviewer:** Why this team?\n\n**Candidate:** The product.\n\n**Interviewer:** What worries you?\n\n**Candidate:** On-call load.\n".as_slice()),
        ("h1-sections.md", b"# Behavioural\n\n### Describe a hard call?\n\nI chose speed.\n\n# Technical\n\n### What is a heap?\n\nA tree.\n".as_slice()),
        ("tab-items.md", b"1.\t### What is a hook?\n\n    A function.\n\n2.\t### What is state?\n\n    Memory.\n".as_slice()),
    ]);
    let (site, code) = export(&dir.path().join("content"));
    assert_eq!(code, 0);
    assert_eq!(
        outline(&site, "answer-bullets.md"),
        [
            row("", "What are the ACID properties?", None, true),
            row("", "Why batch writes?", None, true),
            row("", "What is MVCC?", None, false)
        ]
    );
    assert_eq!(
        outline(&site, "bullet-categories.md"),
        [
            row("Storage", "What is a B-tree?", None, false),
            row("Storage", "What is an LSM tree?", None, false),
            row("Networking", "What is head-of-line blocking?", None, false)
        ]
    );
    assert_eq!(
        outline(&site, "steps.txt"),
        [
            row(
                "Teamwork",
                "How do you resolve a disagreement?",
                Some(1),
                true
            ),
            row("Teamwork", "How do you give feedback?", Some(2), true)
        ]
    );
    assert_eq!(
        outline(&site, "numbering.md"),
        [
            row("", "What is a thunk?", Some(1), true),
            row("", "什么是协程？", Some(2), true)
        ]
    );
    assert_eq!(
        outline(&site, "q-prefix.md"),
        [
            row("", "What is a monad?", Some(1), true),
            row("", "What is a functor?", Some(2), true)
        ]
    );
    let answered: Vec<bool> = outline(&site, "templates.md")
        .into_iter()
        .map(|r| r.3)
        .collect();
    assert_eq!(
        answered,
        [false, false, false, true],
        "empty folds, comments and TODOs answer nothing"
    );
    assert_eq!(
        outline(&site, "commented.md").len(),
        2,
        "commented-out questions are not questions"
    );
    assert_eq!(
        outline(&site, "answer-heading.md"),
        [row("Behavioural", "Tell me about a setback?", None, true)]
    );
    let feedback = document(&site, "feedback.txt");
    assert_eq!(
        feedback["transcript"]["turns"].as_array().unwrap().len(),
        4,
        "a line ending in 'feedback:' is no notes block"
    );
    assert!(feedback["transcript"]["notes"].is_null());
    let bold = document(&site, "bold-speakers.md");
    assert_eq!(bold["kind"], "transcript");
    assert_eq!(bold["title"], "Mock");
    assert_eq!(questions(bold).len(), 2);
    assert_eq!(
        outline(&site, "h1-sections.md"),
        [
            row("Behavioural", "Describe a hard call?", None, true),
            row("Technical", "What is a heap?", None, true)
        ]
    );
    assert_eq!(outline(&site, "tab-items.md").len(), 2);
}

#[test]
fn a_leading_rule_is_not_silently_eaten_as_front_matter() {
    let dir = handbook(&[(
        "rule.md",
        b"---\n## Question 1: What is a queue?\n---\n## Question 2: What is a stack?\n\nLIFO.\n"
            .as_slice(),
    )]);
    let out = crate::support::prepbook(dir.path(), &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "content/rule.md:1:1: warning: the `---` block at the top holds only YAML comments"
        ),
        "{text}"
    );
}

#[test]
fn star_answers_show_their_outline_and_what_they_leave_out() {
    let dir = handbook(&[(
        "stories.md",
        b"# Stories\n\n\
## Teamwork\n\n\
### Tell me about a time you helped a struggling teammate.\n\n\
Situation: A new hire on my team kept missing review deadlines.\n\n\
Task: As her onboarding buddy I had to help without taking over her work.\n\n\
Action: I paired with her twice a week and split her tickets into smaller pieces.\n\n\
Result: Within a month her reviews landed on time.\n\n\
### Describe a launch that went badly.\n\n\
**Answer:** Our mobile release crashed on older phones on launch day.\n\n\
**What I did:** I rolled back within the hour and added those phones to the test matrix.\n\n\
**Result:** No crash of that kind since.\n\n\
**Key Takeaway:** Test on the devices customers really own.\n\n\
## Systems\n\n\
### How would you speed up a slow report query?\n\n\
Add an index on the filter column.\n\n\
**Result:** the plan switches to an index scan.\n\n\
**Takeaway:** measure before and after.\n",
    )]);
    let (site, _) = export(&dir.path().join("content"));
    let qs = questions(document(&site, "stories.md"));
    assert_eq!(
        qs[0]["star"]["parts"],
        serde_json::json!(["situation", "task", "action", "result"])
    );
    assert_eq!(qs[0]["star"]["missing"], serde_json::json!([]));
    assert_eq!(
        qs[1]["star"]["parts"],
        serde_json::json!(["situation", "action", "result", "reflection"]),
        "the untitled opening sets the scene"
    );
    assert_eq!(qs[1]["star"]["missing"], serde_json::json!(["task"]));
    assert_eq!(qs[2]["star"], Value::Null, "a technical answer is no story");

    let out = crate::support::prepbook(dir.path(), &["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let stars: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("[incomplete-star]"))
        .collect();
    assert_eq!(stars.len(), 1, "{text}");
    assert!(
        stars[0].starts_with("content/stories.md:15:1: warning: this STAR answer has no Task"),
        "{}",
        stars[0]
    );

    let sample = sample();
    let checklist = questions(document(&sample, "system-design-checklist.md"));
    let stories: Vec<&Value> = checklist
        .iter()
        .flat_map(|q| q["children"].as_array().unwrap())
        .filter(|q| !q["star"].is_null())
        .collect();
    assert_eq!(
        stories.len(),
        2,
        "both mock behavioural answers are stories"
    );
    assert_eq!(stories[1]["star"]["missing"], serde_json::json!(["task"]));
}
