//! Multiple choice: the lettered options under a prompt, and the key that says which are right.
//!
//! Input: the lines under a question's prompt, as (text without the answer indent, is code).
//! Output: [`Choices`], where the options end and what they say, and, from the explanation
//! below them, the 0-based indices of the right ones. Options are a run of two or more list
//! items or lines lettered in sequence (`- A: …`, `B) …`, `(c) …`) or a task list with at least
//! one box ticked (`- [x] …`); the key is a line such as `Answer: B`, `#### Answer: A and C` or
//! `**Correct answer:** d`. Code before the options is what the question asks about.

/// The options of one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choices {
    /// How many of the given lines the prompt takes: code, blanks and the options.
    pub(crate) end: usize,
    /// The options' text, in order, labels removed.
    pub(crate) texts: Vec<String>,
    /// Options ticked in a task list (`- [x]`), 0-based.
    pub(crate) ticked: Vec<usize>,
}

/// Find the options at the start of `lines` (after blank lines and code).
pub(crate) fn find(lines: &[(&str, bool)]) -> Option<Choices> {
    let start = lines
        .iter()
        .position(|(t, code)| !code && !t.trim().is_empty())?;
    let mut texts = Vec::new();
    let mut ticked = Vec::new();
    let mut boxes = 0;
    let mut end = start;
    for (i, (text, code)) in lines.iter().enumerate().skip(start) {
        if *code {
            break;
        }
        if text.trim().is_empty() {
            continue;
        }
        let item = strip_list_marker(text.trim());
        if let Some((checked, rest)) = task_box(item) {
            if texts.len() != boxes {
                break;
            }
            boxes += 1;
            if checked {
                ticked.push(texts.len());
            }
            texts.push(rest.to_owned());
        } else if let Some(rest) = lettered(item, texts.len()).filter(|_| boxes == 0) {
            texts.push(rest.to_owned());
        } else {
            break;
        }
        end = i + 1;
    }
    // A task list is a quiz only when it marks an answer and leaves another unmarked; otherwise
    // it is a to-do list.
    let quiz = if boxes > 0 {
        !ticked.is_empty() && ticked.len() < boxes
    } else {
        true
    };
    (texts.len() >= 2 && quiz).then_some(Choices { end, texts, ticked })
}

/// The right options named by a key line among `lines` (`Answer: B`, `Answer: A and C`).
pub(crate) fn key<'a>(lines: impl IntoIterator<Item = &'a str>, options: usize) -> Vec<usize> {
    for line in lines {
        let plain = crate::slug::plain_title(line);
        let t = plain.trim_start_matches(['#', '>', ' ', '_']).trim();
        let lower = t.to_lowercase();
        let rest = ["correct answer", "answer", "resposta", "correct", "答案"]
            .iter()
            .find_map(|label| lower.strip_prefix(label))
            .map(|r| r.trim_start_matches([' ', '*', '_']))
            .and_then(|r| r.strip_prefix([':', '：', '-', '—']));
        let Some(rest) = rest else {
            continue;
        };
        let mut picked = Vec::new();
        // Whether the last option picked came from a lowercase `a`, which may be the article
        // of the explanation that follows ("Answer: B, a mistake kept for compatibility").
        let mut article = false;
        for word in rest.split(|c: char| c.is_whitespace() || ",/&".contains(c)) {
            let word = word.trim_matches(['(', ')', '.', '*', '_']);
            if word.is_empty() || word == "and" || word == "or" {
                continue;
            }
            let mut chars = word.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => {
                    let index = (c.to_ascii_lowercase() as u8 - b'a') as usize;
                    article = false;
                    if index < options && !picked.contains(&index) {
                        picked.push(index);
                        article = word == "a";
                    }
                }
                // "Answer: The closure keeps…" explains; it names no option.
                _ => {
                    if article {
                        picked.pop();
                    }
                    break;
                }
            }
        }
        if !picked.is_empty() {
            return picked;
        }
    }
    Vec::new()
}

/// `- text`, `* text`, `1. text` → `text`.
fn strip_list_marker(t: &str) -> &str {
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        if rest.starts_with(' ') {
            return rest.trim_start();
        }
    }
    t
}

/// `[x] text` → (true, text).
fn task_box(t: &str) -> Option<(bool, &str)> {
    let (checked, rest) = if let Some(r) = t.strip_prefix("[ ]") {
        (false, r)
    } else if let Some(r) = t.strip_prefix("[x]").or_else(|| t.strip_prefix("[X]")) {
        (true, r)
    } else {
        return None;
    };
    let rest = rest.trim();
    (!rest.is_empty()).then_some((checked, rest))
}

/// The option lettered as the `n`-th (`A: …`, `b) …`, `(C) …`, `D. …`), without its label.
fn lettered(t: &str, n: usize) -> Option<&str> {
    let (open, t) = match t.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let mut chars = t.char_indices();
    let (_, letter) = chars.next()?;
    let want = (b'a' + u8::try_from(n).ok()?) as char;
    if !letter.eq_ignore_ascii_case(&want) {
        return None;
    }
    let after = &t[letter.len_utf8()..];
    let rest = if open {
        after.strip_prefix(')')?
    } else {
        after.strip_prefix([':', ')', '.'])?
    };
    // `A.` must be followed by a space: `A.B` is no label.
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim();
    (!rest.is_empty()).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(&str, bool)> {
        let mut code = false;
        text.lines()
            .map(|l| {
                let fence = l.trim_start().starts_with("```");
                let is_code = code || fence;
                if fence {
                    code = !code;
                }
                (l, is_code)
            })
            .collect()
    }

    #[test]
    fn lettered_options_after_prompt_code() {
        let text = "\n```js\nx\n```\n\n- A: `1`\n- B: `undefined`\n- C: an error\n\nWhy: more.\n";
        let c = find(&lines(text)).unwrap();
        assert_eq!(c.texts, vec!["`1`", "`undefined`", "an error"]);
        assert_eq!(c.end, 8);
        assert!(c.ticked.is_empty());
        let c = find(&lines("(a) one\n(b) two\n")).unwrap();
        assert_eq!(c.texts, vec!["one", "two"]);
    }

    #[test]
    fn answer_keys_stop_at_the_explanation() {
        assert_eq!(
            key(["**Answer: B**, a mistake kept for compatibility."], 3),
            vec![1]
        );
        assert_eq!(
            key(["Answer: a mistake in the spec"], 3),
            Vec::<usize>::new()
        );
        assert_eq!(key(["Answer: A and C"], 3), vec![0, 2]);
        assert_eq!(key(["Answer: b, a"], 3), vec![1, 0]);
    }

    #[test]
    fn task_lists_only_with_a_tick() {
        let c = find(&lines("- [ ] Heap\n- [x] Stack\n- [ ] Queue\n")).unwrap();
        assert_eq!((c.texts.len(), c.ticked.clone()), (3, vec![1]));
        assert!(find(&lines("- [ ] write tests\n- [ ] ship\n")).is_none());
        assert!(find(&lines("- [x] write tests\n- [x] ship\n")).is_none());
    }

    #[test]
    fn not_options() {
        assert!(find(&lines("- A: only one\n\nThen prose.\n")).is_none());
        assert!(find(&lines("- B: out of order\n- A: no\n")).is_none());
        assert!(find(&lines("A.B and C.D are paths.\nB. two\n")).is_none());
        assert!(find(&lines("Some prose first.\n- A: x\n- B: y\n")).is_none());
    }

    #[test]
    fn keys() {
        assert_eq!(key(["#### Answer: C"], 4), vec![2]);
        assert_eq!(key(["**Correct answer:** a and d"], 4), vec![0, 3]);
        assert_eq!(key(["Answer: B, C"], 3), vec![1, 2]);
        assert!(key(["Answer: The closure keeps the value."], 4).is_empty());
        assert!(key(["Answer: E"], 4).is_empty(), "no fifth option");
    }
}
