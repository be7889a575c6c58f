//! Tokenisation for search, the same rules as `themes/default/assets/search.js`.
//!
//! Input: text. Output: terms with their byte ranges in the text. Each character is folded on
//! its own (compatibility decomposition, combining accents dropped, lower-cased), so ranges in
//! the original text stay exact. Letters and digits make words; `.` between two word characters
//! joins them (`node.js`, `1.5`) and `+`/`#` right after a word belong to it (`c++`, `c#`,
//! `1m+`). A joined word is also indexed as its parts. Runs of CJK characters become bigrams.
//! Common English words are dropped; plain English words are Porter-stemmed.

use super::stem::stem;
use unicode_normalization::char::decompose_compatible;

/// Words too common to search by (sorted: looked up by binary search for every word indexed).
pub(crate) const STOPWORDS: [&str; 58] = [
    "a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "did", "do",
    "does", "for", "from", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me",
    "my", "no", "not", "of", "on", "or", "our", "should", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "to", "was", "we", "were", "what",
    "when", "which", "why", "with", "would",
];

/// One term and where it came from.
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    /// The searchable form (folded, stemmed).
    pub(crate) term: String,
    /// Byte range in the original text.
    pub(crate) start: usize,
    /// End of the byte range.
    pub(crate) end: usize,
}

/// Whether a character is CJK (written without spaces between words).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF)
}

/// A character folded for search: compatibility decomposition, accents dropped, lower case.
pub(crate) fn fold(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    decompose_compatible(c, |d| {
        if !('\u{300}'..='\u{36f}').contains(&d) {
            out.extend(d.to_lowercase());
        }
    });
}

/// Terms of `text`. `expand` also yields the parts of joined words (for the index; a query
/// keeps `node.js` whole).
#[cfg(test)]
pub(crate) fn tokenize(text: &str, expand: bool) -> Vec<Token> {
    let mut out = Vec::new();
    each_term(text, expand, |term, start, end| {
        out.push(Token {
            term: term.to_owned(),
            start,
            end,
        });
    });
    out
}

/// Call `found(term, start, end)` for each term of `text`, in order, without allocating a
/// string per term (the index meets millions of them).
pub(crate) fn each_term(text: &str, expand: bool, mut found: impl FnMut(&str, usize, usize)) {
    if text.is_ascii() {
        each_ascii_term(text.as_bytes(), expand, &mut found);
    } else {
        each_unicode_term(text, expand, &mut found);
    }
}

/// [`each_term`] for any text.
fn each_unicode_term(text: &str, expand: bool, found: &mut impl FnMut(&str, usize, usize)) {
    let mut chars = text.char_indices().peekable();
    let mut word = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut folded = String::new();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().copied();
        let next_end = next.map_or(text.len(), |(n, _)| n);
        if is_cjk(c) {
            flush(&mut word, start, end, expand, found);
            let mut run = vec![(at, c)];
            while let Some(&(n, d)) = chars.peek() {
                if !is_cjk(d) {
                    break;
                }
                run.push((n, d));
                chars.next();
            }
            cjk_terms(&run, text.len(), chars.peek().map(|&(n, _)| n), found);
            continue;
        }
        // Most text is ASCII: fold it without the decomposition tables.
        let is_word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            folded.clear();
            fold(c, &mut folded);
            !folded.is_empty() && folded.chars().all(char::is_alphanumeric)
        };
        if is_word {
            if word.is_empty() {
                start = at;
            }
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.push_str(&folded);
            }
            end = next_end;
        } else if c == '.' && !word.is_empty() && next.is_some_and(|(_, n)| word_char(n)) {
            word.push('.');
        } else if (c == '+' || c == '#') && !word.is_empty() && end == at {
            word.push(c);
            end = next_end;
        } else {
            flush(&mut word, start, end, expand, found);
        }
    }
    flush(&mut word, start, end, expand, found);
}

/// [`each_term`] for ASCII text, most of a handbook: the same rules, a byte at a time, with no
/// decoding, folding or CJK checks.
fn each_ascii_term(text: &[u8], expand: bool, found: &mut impl FnMut(&str, usize, usize)) {
    let mut word = String::new();
    let mut start = 0;
    let mut end = 0;
    for (at, &b) in text.iter().enumerate() {
        if b.is_ascii_alphanumeric() {
            if word.is_empty() {
                start = at;
            }
            word.push(char::from(b.to_ascii_lowercase()));
            end = at + 1;
        } else if b == b'.'
            && !word.is_empty()
            && text.get(at + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            word.push('.');
        } else if (b == b'+' || b == b'#') && !word.is_empty() && end == at {
            word.push(char::from(b));
            end = at + 1;
        } else {
            flush(&mut word, start, end, expand, found);
        }
    }
    flush(&mut word, start, end, expand, found);
}

fn word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if is_cjk(c) {
        return false;
    }
    let mut f = String::new();
    fold(c, &mut f);
    !f.is_empty() && f.chars().all(char::is_alphanumeric)
}

/// Bigrams of a CJK run (a lone character stands for itself).
fn cjk_terms(
    run: &[(usize, char)],
    len: usize,
    after: Option<usize>,
    found: &mut impl FnMut(&str, usize, usize),
) {
    let end_of = |k: usize| run.get(k + 1).map_or(after.unwrap_or(len), |&(n, _)| n);
    if run.len() == 1 {
        found(run[0].1.encode_utf8(&mut [0; 4]), run[0].0, end_of(0));
        return;
    }
    let mut pair = String::new();
    for k in 0..run.len() - 1 {
        pair.clear();
        pair.push(run[k].1);
        pair.push(run[k + 1].1);
        found(&pair, run[k].0, end_of(k + 1));
    }
}

fn flush(
    word: &mut String,
    start: usize,
    end: usize,
    expand: bool,
    found: &mut impl FnMut(&str, usize, usize),
) {
    if word.is_empty() {
        return;
    }
    if expand && word.contains('.') {
        for part in word.split('.').filter(|p| !p.is_empty()) {
            push_term(part, start, end, found);
        }
    }
    push_term(word, start, end, found);
    // Kept for the next word: one buffer per text rather than one per word.
    word.clear();
}

/// The longest stop word: longer words skip the lookup.
const STOPWORD_MAX_LEN: usize = 6;

fn push_term(word: &str, start: usize, end: usize, found: &mut impl FnMut(&str, usize, usize)) {
    if word.len() > STEM_MEMO_MAX_LEN {
        // Longer than any stop word.
        found(&stem(word), start, end);
        return;
    }
    STEMS.with(|stems| {
        let mut stems = stems.borrow_mut();
        if let Some(known) = stems.get(word) {
            if let Some(stemmed) = known {
                found(stemmed, start, end);
            }
            return;
        }
        let stop = word.len() <= STOPWORD_MAX_LEN && STOPWORDS.binary_search(&word).is_ok();
        let stemmed: Option<Box<str>> = (!stop).then(|| stem(word).into());
        if let Some(stemmed) = &stemmed {
            found(stemmed, start, end);
        }
        stems.insert(word.into(), stemmed);
    });
}

thread_local! {
    /// Stems of the words this thread has met (`None` for a stop word): a handbook's
    /// vocabulary is small next to its word count, and Porter's steps, or a search of the stop
    /// words, cost more than a lookup.
    static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Option<Box<str>>>> =
        std::cell::RefCell::default();
}

/// Words longer than this are stemmed without being remembered.
const STEM_MEMO_MAX_LEN: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, expand: bool) -> Vec<String> {
        tokenize(text, expand).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn words_are_folded_stemmed_and_filtered() {
        assert_eq!(
            terms("What is the Café's caching strategy?", false),
            ["cafe", "s", "cach", "strategi"]
        );
        assert_eq!(
            terms("Ｆｕｌｌ-width ﬁle", false),
            ["full", "width", "file"]
        );
    }

    #[test]
    fn ascii_text_gives_the_terms_the_general_rules_give() {
        let texts = [
            "What is the Cafe's caching strategy? Node.js, C++ and C# with 1M+ calls.",
            "a.b. .x x. 1.5.2 foo..bar c++x #tag x+ ++ end.",
            "self.pitch = pitch; return entry[key]  // TODO(x): 0x1F",
            "",
            "...",
        ];
        for text in texts {
            for expand in [false, true] {
                let (mut ascii, mut general) = (Vec::new(), Vec::new());
                each_ascii_term(text.as_bytes(), expand, &mut |t: &str, a, b| {
                    ascii.push((t.to_owned(), a, b));
                });
                each_unicode_term(text, expand, &mut |t: &str, a, b| {
                    general.push((t.to_owned(), a, b));
                });
                assert_eq!(ascii, general, "{text:?} expand={expand}");
                assert!(!ascii.is_empty() || text.trim_matches('.').is_empty());
            }
        }
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOPWORDS.iter().map(|w| w.len()).max(),
            Some(STOPWORD_MAX_LEN)
        );
    }

    #[test]
    fn technical_terms_survive() {
        assert_eq!(
            terms("C++ and C# with Node.js, 1M+ calls", false),
            ["c++", "c#", "node.js", "1m+", "call"]
        );
        assert_eq!(terms("Node.js.", true), ["node", "js", "node.js"]);
        assert_eq!(terms("a + b", false), ["b"]);
    }

    #[test]
    fn cjk_becomes_bigrams_with_ranges() {
        let t = tokenize("缓存问题", false);
        assert_eq!(
            t.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
            ["缓存", "存问", "问题"]
        );
        assert_eq!((t[0].start, t[0].end), (0, 6));
        assert_eq!(terms("什么是 Redis？", false), ["什么", "么是", "redi"]);
    }

    #[test]
    fn ranges_point_into_the_original_text() {
        let text = "Über-fast Kafka";
        let t = tokenize(text, false);
        assert_eq!(&text[t[0].start..t[0].end], "Über");
        assert_eq!(&text[t[2].start..t[2].end], "Kafka");
    }

    /// The shared vectors the browser tokenizer is checked against too.
    #[test]
    fn shared_vectors() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tokens.json");
        let cases: Vec<(String, Vec<String>)> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(cases.len() >= 10);
        for (text, want) in cases {
            assert_eq!(terms(&text, false), want, "{text}");
        }
    }
}
