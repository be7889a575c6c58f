//! Blanks: whether bracketed text reads like words a writer left to fill.
//!
//! Input: the text between `[` and `]` that is not markdown syntax. Output: yes for `[X years]`,
//! `[company name]`, `[Name]`, `[TODO: example]`; no for code, numbers, math, literals, tags and
//! identifiers (`[1, 2, 3]`, `[0, 1]`, `[E]`, `[i]`, `[src]`). The parser (`check`'s
//! `placeholder`) and the page's marks both ask here, so they never disagree.

/// Whether bracketed `text` reads like words a writer left to fill (`X years`, `Name`,
/// `TODO: example`), rather than code, numbers, math, a tag or an identifier. Pure and
/// linear in `text`.
pub(crate) fn reads_like_words(text: &str) -> bool {
    let tokens: Vec<&str> = text
        .split_whitespace()
        .map(strip_prose_punctuation)
        .collect();
    let words: Vec<&str> = tokens.iter().copied().filter(|t| is_word(t)).collect();
    let all_prose = tokens
        .iter()
        .all(|t| t.is_empty() || is_word(t) || is_connector(t));
    match words.as_slice() {
        // Nothing to read: emoji, check marks, `...`, a lone dash.
        [] => false,
        [word] => all_prose && is_fill_word(word),
        _ => all_prose && !is_list_literal(text),
    }
}

/// Sentence punctuation around a word (`e.g.,`, `(lead`, `TODO:`) is prose, not part of it.
fn strip_prose_punctuation(token: &str) -> &str {
    token
        .trim_start_matches('(')
        .trim_end_matches([',', '.', ';', ':', '!', '?', ')'])
}

/// A word of prose starts with a letter and holds letters, digits inside a name (`B2B`) and the
/// joiners of prose (`company's`, `pseudo-class`, `scale/impact`, `e.g`, `R&D`); anything
/// else (`0`, `-1`, `i+1`, `len-1`, `x_i`, `...arr`, `"a"`, `f(x)`) is code, a number or math.
fn is_word(token: &str) -> bool {
    let is_joiner = |c: char| matches!(c, '\'' | '’' | '-' | '/' | '.' | '&');
    let mut chars = token.chars().peekable();
    if !chars.peek().is_some_and(|c| c.is_alphabetic()) {
        return false;
    }
    while let Some(c) = chars.next() {
        let joins_a_number = is_joiner(c) && chars.peek().is_some_and(|next| next.is_ascii_digit());
        if !(c.is_alphanumeric() || is_joiner(c)) || joins_a_number {
            return false;
        }
    }
    true
}

/// A dash, slash or ampersand standing alone joins two phrases (`[scope - e.g. team]`).
fn is_connector(token: &str) -> bool {
    matches!(token, "-" | "–" | "—" | "/" | "&")
}

/// A lone word is a blank only when it reads as something to fill in: a capitalised noun
/// (`Name`, `Company`), a possessive (`company's`), a to-do marker (`TODO`) or a word of a script
/// without case (`名前`). A lowercase word
/// is an identifier, a tag or usage syntax (`src`, `ptr`, `optional`, `options`), one letter is a
/// tag or a variable (`E`, `i`), capitals are an acronym or a label (`WIP`, `API`), and the
/// words of difficulty and status are tags even when capitalised (`Easy`, `Optional`).
fn is_fill_word(word: &str) -> bool {
    let lower = word.to_lowercase();
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.next().is_some_and(char::is_lowercase);
    let possessive = lower.ends_with("'s") || lower.ends_with("’s");
    let uncased = !word.chars().any(|c| c.is_uppercase() || c.is_lowercase());
    (capitalised || possessive || uncased || TODO_MARKERS.contains(&lower.as_str()))
        && !TAG_WORDS.contains(&lower.as_str())
}

/// Words a writer puts in brackets to say "fill this in later".
const TODO_MARKERS: &[&str] = &["todo", "tbd", "tbc", "fixme", "xxx", "tk"];

/// Words of difficulty and status that handbooks put in brackets as labels, as `[E]` is.
const TAG_WORDS: &[&str] = &[
    "easy",
    "medium",
    "hard",
    "beginner",
    "intermediate",
    "advanced",
    "expert",
    "basic",
    "bonus",
    "optional",
    "required",
    "new",
    "updated",
    "draft",
    "wip",
    "deprecated",
    "premium",
    "solved",
];

/// Comma-separated single tokens none of which is a capitalised word are a literal, a tuple or
/// an interval (`[a, b]`, `[lo, hi]`, `[true, false]`, `[inline, id, class]`), not prose;
/// `[Name, Title]` or `[first name, last name]` still read as blanks.
fn is_list_literal(text: &str) -> bool {
    let mut items = text.split(',').map(str::trim);
    let one_token = |item: &str| !item.is_empty() && !item.contains(char::is_whitespace);
    let not_capitalised = |item: &str| {
        let mut chars = item.chars();
        !(chars.next().is_some_and(char::is_uppercase)
            && chars.next().is_some_and(char::is_lowercase))
    };
    text.contains(',') && items.all(|item| one_token(item) && not_capitalised(item))
}
