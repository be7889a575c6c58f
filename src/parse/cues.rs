//! Cues: what one line says to a reader before any structure is known.
//!
//! Input: a line or a bit of text. Output: whether it asks (a question word, a command, a
//! question mark), its numbering (`12.`, `Question 6:`, `**1)**`), its difficulty marker or tag
//! (`👶`, `[E]`, `(Hard)`), whether it only labels an answer (`Answer`, `See code`), or is noise
//! (a back-to-top link, `<br/>`). Detection counts these cues, the evidence weighs them, and the
//! builders read them again; keeping them here lets each of those import the cues without
//! importing each other.

use super::markdown;

/// `12. rest` → (12, rest).
pub(crate) fn leading_number(text: &str) -> Option<(u32, &str)> {
    let text = markdown::whole_bold(text).unwrap_or(text);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let rest = text[digits..].strip_prefix(['.', ')', '、'])?;
    // `1.什么` (CJK notes put no space after the dot); `1.5` is a number, not a numbering.
    if !rest.is_empty()
        && !rest.starts_with([' ', '\t'])
        && rest.starts_with(|c: char| c.is_ascii())
    {
        return None;
    }
    Some((text[..digits].parse().ok()?, rest.trim()))
}

/// `Question 6: text` (any case, `:`, `.`, `-` or `)` after the number).
pub(crate) fn question_n(text: &str) -> Option<(Option<u32>, &str)> {
    let lower = text.get(..8)?;
    if !lower.eq_ignore_ascii_case("question") {
        return None;
    }
    let rest = text[8..].trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let number = rest[..digits].parse().ok();
    let rest = rest[digits..].trim_start();
    let rest = rest.strip_prefix([':', '.', ')', '-', '–', '—'])?;
    Some((number, rest.trim()))
}

/// `Question: text`, `*问题：text*`, `**Question 3:** text`, `Q. text`: a paragraph that asks.
pub(crate) fn question_paragraph(raw: &str) -> Option<&str> {
    if markdown::indent_of(raw) > 3 {
        return None;
    }
    let t = raw.trim().trim_matches(['*', '_']).trim();
    ["Question", "问题", "Q"].iter().find_map(|label| {
        let rest = t.strip_prefix(label)?.trim_start();
        // A number may follow the label (`Question 3:`); `Q.` is as common as `Q:`, while
        // `Question.` ends a sentence.
        let rest = rest
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start();
        let marks: &[char] = if *label == "Q" {
            &[':', '：', '.']
        } else {
            &[':', '：']
        };
        let rest = rest.strip_prefix(marks)?;
        // The label's bold closes after the colon: `**Question 3:** text`.
        let rest = rest.trim_start_matches(['*', '_']).trim();
        (!rest.is_empty()).then_some(rest)
    })
}

/// Whether a heading names the close of a set of notes ("Further reading", "References",
/// "Summary", "See also"), which no question is.
pub(crate) fn closes_notes(title: &str) -> bool {
    const CLOSING: [&str; 16] = [
        "reading",
        "resources",
        "references",
        "links",
        "sources",
        "credits",
        "license",
        "licence",
        "conclusion",
        "summary",
        "acknowledgements",
        "acknowledgments",
        "contributing",
        "disclaimer",
        "changelog",
        "also",
    ];
    let plain = markdown::plain_title(title).to_lowercase();
    let words: Vec<&str> = plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    // A short title: "Further reading", "Useful links"; a sentence that mentions resources
    // is something else.
    words.len() <= 4 && words.iter().any(|w| CLOSING.contains(w))
}

/// A heading that only numbers a question (`## Q1`, `### Question 12:`), whose prompt is the
/// paragraph below it: the number.
pub(crate) fn question_label(text: &str) -> Option<u32> {
    let t = markdown::whole_bold(text.trim()).unwrap_or(text.trim());
    let rest = ["Question", "question", "Q", "q"]
        .iter()
        .find_map(|label| t.strip_prefix(label))?
        .trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let after = rest[digits..].trim();
    matches!(after, "" | "." | ":" | ")" | "：")
        .then(|| rest[..digits].parse().ok())
        .flatten()
}

/// A heading's prompt without a `Q:` or `Question:` label (`#### Q: What is a zone?`).
pub(crate) fn strip_question_label(text: &str) -> &str {
    let t = text.trim();
    ["Question", "Q"]
        .iter()
        .find_map(|label| {
            let rest = t
                .strip_prefix(label)?
                .strip_prefix([':', '：', '.'])?
                .trim();
            (!rest.is_empty()).then_some(rest)
        })
        .unwrap_or(t)
}

/// The difficulty markers prepbook understands, easiest first: the emoji of exercise lists,
/// and the traffic-light colours of problem lists.
const DIFFICULTY: [(&str, &str); 6] = [
    ("👶", "easy"),
    ("🟢", "easy"),
    ("⭐", "medium"),
    ("🟡", "medium"),
    ("🔴", "hard"),
    ("🚀", "expert"),
];

/// A prompt without its difficulty markers, and the highest difficulty it carried.
pub(crate) fn strip_difficulty(text: &str) -> (String, Option<String>) {
    let mut difficulty = None;
    let mut clean = text.to_owned();
    for (marker, name) in DIFFICULTY {
        if clean.contains(marker) {
            difficulty = Some(name.to_owned());
            clean = clean.replace(marker, "");
        }
    }
    if difficulty.is_some() {
        clean = clean.replace(['\u{200d}', '\u{fe0f}'], "");
    }
    (clean.trim().to_owned(), difficulty)
}

/// A prompt without a written difficulty tag (`[E]`, `[Medium]`, `(Hard)`, at its start or
/// end), and the difficulty it names. Tags are how list-makers mark difficulty without emoji.
pub(crate) fn strip_difficulty_tag(text: &str) -> (&str, Option<&'static str>) {
    const TAGS: [(&str, &str); 6] = [
        ("e", "easy"),
        ("easy", "easy"),
        ("m", "medium"),
        ("medium", "medium"),
        ("h", "hard"),
        ("hard", "hard"),
    ];
    let t = text.trim();
    let name = |inner: &str| {
        TAGS.iter()
            .find(|(tag, _)| inner.trim().eq_ignore_ascii_case(tag))
            .map(|(_, name)| *name)
    };
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some((inner, after)) = rest.split_once(close) {
                // `(E)` alone is too easily a list label; only `[E]` and `(Easy)` lead.
                let ok = open == '[' || inner.len() > 1;
                if let Some(d) = name(inner).filter(|_| ok && !after.trim().is_empty()) {
                    return (after.trim(), Some(d));
                }
            }
        }
        if let Some(rest) = t.strip_suffix(close) {
            if let Some((before, inner)) = rest.rsplit_once(open) {
                let ok = open == '[' || inner.len() > 1;
                if let Some(d) = name(inner).filter(|_| ok && !before.trim().is_empty()) {
                    return (before.trim(), Some(d));
                }
            }
        }
    }
    (t, None)
}

/// `**1)** Count the orders.`, `**Q2.** Explain joins.`: a paragraph led by a bold number,
/// the way exercise sheets number prompts that ask nothing with a `?`. (number, prompt)
pub(crate) fn bold_number_lead(line: &str) -> Option<(u32, &str)> {
    if markdown::indent_of(line) > 0 {
        return None;
    }
    let t = line.trim();
    let marker = ["**", "__"].into_iter().find(|m| t.starts_with(m))?;
    let inner_end = t[2..].find(marker)? + 2;
    let inner = t[2..inner_end].trim();
    let rest = t[inner_end + 2..].trim();
    let inner = inner.strip_prefix(['Q', 'q']).unwrap_or(inner);
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let after = inner[digits..].trim();
    if !matches!(after, "" | "." | ")" | ":") || rest.is_empty() {
        return None;
    }
    Some((inner[..digits].parse().ok()?, rest))
}

/// Lines that are never content: back-to-top links and `<br/>` separators.
pub(crate) fn is_noise(line: &str) -> bool {
    let t = line.trim();
    // Most lines are prose: refuse them before lower-casing anything.
    if t.is_empty() || !(t.starts_with('<') || t.contains("](#")) {
        return false;
    }
    let lower = t.to_lowercase();
    let is_break = lower
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim()
        == "br";
    let is_top_link = t.contains("](#")
        && (lower.contains("back to top")
            || lower.contains('⬆')
            || lower.contains("↑")
            || lower.contains("top]"));
    is_break || (is_top_link && t.trim_matches(['*', '_']).starts_with('['))
}

/// Whether a whole bold line is a prompt: it ends in `?`, or it sets a task (`**Tell me about
/// yourself.**`). A bold label (`**Describe:**`) or a bold phrase in an answer
/// (`**Explain the trade-off**` as a sub-title) ends in a colon or leads nothing, so only a
/// command that ends as a sentence counts.
pub(crate) fn bold_line_asks(text: &str) -> bool {
    let t = text.trim();
    t.ends_with(['?', '？']) || (commands(t) && t.ends_with(['.', '。']))
}

/// Whether a line opens with a command to the candidate (`Describe …`, `Write …`), which asks
/// without a question mark.
pub(crate) fn commands(text: &str) -> bool {
    COMMANDS.contains(&first_word(text).as_str())
}

/// The first word of a text, lower-cased.
fn first_word(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase()
}

/// Words that set an interview task. Verbs that open the steps of an answer as often as a
/// prompt (`create`, `sort`, `count`, `return`, `show`) are left out: a list of steps must not
/// read as a list of questions.
const COMMANDS: [&str; 24] = [
    "explain",
    "describe",
    "discuss",
    "compare",
    "tell",
    "give",
    "design",
    "implement",
    "write",
    "walk",
    "name",
    "list",
    "define",
    "find",
    "calculate",
    "compute",
    "determine",
    "identify",
    "solve",
    "prove",
    "derive",
    "estimate",
    "outline",
    "summarize",
];

/// Words that open a question (a task's command words ask too).
const QUESTION_WORDS: [&str; 21] = [
    "what", "how", "why", "when", "where", "which", "who", "whom", "whose", "can", "could",
    "would", "should", "do", "does", "did", "is", "are", "was", "have", "has",
];

/// Whether a line of text reads as a question or a task to answer.
pub(crate) fn asks(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['*', '_']);
    if t.ends_with(['?', '？']) {
        return true;
    }
    // Chinese prompts ask with words anywhere in the sentence ("…是什么"); "请" asks only at
    // the start (inside a word it is "请求", a request). "说明" and "比较" are everyday prose
    // ("shows", "fairly") as often as they ask, so they do not count alone.
    if t.starts_with('请') {
        return true;
    }
    const ASKING_CJK: [&str; 9] = [
        "什么",
        "如何",
        "为什么",
        "怎么",
        "哪",
        "吗",
        "解释",
        "描述",
        "列举",
    ];
    if ASKING_CJK.iter().any(|w| t.contains(w)) {
        return true;
    }
    // "How to install" titles a how-to page; it asks nothing.
    if t.to_lowercase().starts_with("how to ") {
        return false;
    }
    let first = first_word(t);
    // `Write-through:` and `Name: value` are labels, not a command.
    let joined = t
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .get(first.len()..)
        .is_some_and(|after| after.starts_with(['-', ':', '_']));
    !joined && (QUESTION_WORDS.contains(&first.as_str()) || COMMANDS.contains(&first.as_str()))
}

/// A list item (`- x`, `* x`, `+ x`, `1. x`, `1) x`): its indent and text. CommonMark allows
/// up to nine digits in an ordered-list marker; a marker needs a space or tab after it.
pub(crate) fn list_item(raw: &str) -> Option<(usize, &str)> {
    let indent = markdown::indent_of(raw);
    let t = raw.trim_start();
    let rest = match t.strip_prefix(['*', '-', '+']) {
        Some(rest) => rest,
        None => {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 9 {
                return None;
            }
            t[digits..].strip_prefix(['.', ')'])?
        }
    };
    rest.starts_with([' ', '\t']).then(|| (indent, rest.trim()))
}

/// Whether heading or summary text only labels an answer.
pub(crate) fn is_answer_label(text: &str) -> bool {
    let plain = markdown::plain_title(text);
    let t = markdown::strip_colon(&plain)
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    // "Answer: D" (a multiple-choice key) labels the answer as much as "Answer" does.
    let head = t.split([':', '：']).next().unwrap_or("").trim();
    const LABELS: [&str; 14] = [
        "answer",
        "answers",
        "my answer",
        "sample answer",
        "solution",
        "solutions",
        "show answer",
        "show solution",
        "click to expand",
        "click to see the answer",
        "explanation",
        "hint",
        "resposta",
        "答案",
    ];
    // "See deep-dive answer", "Show code", "Click to expand": a fold's reveal button.
    const REVEAL: [&str; 8] = [
        "see", "show", "view", "click", "expand", "reveal", "toggle", "hide",
    ];
    let first = t.split_whitespace().next().unwrap_or("");
    // A reveal word opens a short button text; "Show that a tree with n nodes has n-1 edges"
    // is a task.
    let button = t.split_whitespace().count() <= 4 && !plain.contains('?');
    LABELS.contains(&t.as_str()) || LABELS.contains(&head) || (button && REVEAL.contains(&first))
}
