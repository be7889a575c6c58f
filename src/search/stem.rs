//! The Porter stemmer (M.F. Porter, 1980), exactly as `themes/default/assets/search.js`
//! implements it, so a word typed in the browser meets the word indexed at build time.

/// Whether `w[i]` is a consonant (`y` after a consonant is a vowel).
fn consonant(w: &[u8], i: usize) -> bool {
    match w[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => false,
        b'y' => i == 0 || !consonant(w, i - 1),
        _ => true,
    }
}

/// The measure m of `w[..len]`: the number of vowel-consonant sequences.
fn measure(w: &[u8], len: usize) -> usize {
    let mut m = 0;
    let mut i = 0;
    while i < len && consonant(w, i) {
        i += 1;
    }
    loop {
        while i < len && !consonant(w, i) {
            i += 1;
        }
        if i >= len {
            return m;
        }
        while i < len && consonant(w, i) {
            i += 1;
        }
        m += 1;
    }
}

fn has_vowel(w: &[u8], len: usize) -> bool {
    (0..len).any(|i| !consonant(w, i))
}

fn double_consonant(w: &[u8], len: usize) -> bool {
    len >= 2 && w[len - 1] == w[len - 2] && consonant(w, len - 1)
}

/// consonant-vowel-consonant ending, the last not w, x or y.
fn cvc(w: &[u8], len: usize) -> bool {
    len >= 3
        && consonant(w, len - 3)
        && !consonant(w, len - 2)
        && consonant(w, len - 1)
        && !matches!(w[len - 1], b'w' | b'x' | b'y')
}

/// Replace suffix `from` by `to` when the stem before it has measure > `min_m`.
fn rule(w: &mut Vec<u8>, from: &str, to: &str, min_m: usize) -> Option<bool> {
    if !w.ends_with(from.as_bytes()) {
        return None;
    }
    let stem = w.len() - from.len();
    if measure(w, stem) > min_m {
        w.truncate(stem);
        w.extend_from_slice(to.as_bytes());
        Some(true)
    } else {
        Some(false)
    }
}

/// The stem of a lower-case ASCII word; other words come back unchanged.
pub(crate) fn stem(word: &str) -> String {
    if word.len() <= 2 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_owned();
    }
    let mut w = word.as_bytes().to_vec();
    step1a(&mut w);
    step1b(&mut w);
    if w.ends_with(b"y") && has_vowel(&w, w.len() - 1) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    for (from, to) in STEP2 {
        if rule(&mut w, from, to, 0).is_some() {
            break;
        }
    }
    for (from, to) in STEP3 {
        if rule(&mut w, from, to, 0).is_some() {
            break;
        }
    }
    step4(&mut w);
    step5(&mut w);
    String::from_utf8(w).unwrap_or_else(|_| word.to_owned())
}

fn step1a(w: &mut Vec<u8>) {
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"s") && !w.ends_with(b"ss") {
        w.pop();
    }
}

fn step1b(w: &mut Vec<u8>) {
    if w.ends_with(b"eed") {
        if measure(w, w.len() - 3) > 0 {
            w.pop();
        }
        return;
    }
    let cut = if w.ends_with(b"ed") && has_vowel(w, w.len() - 2) {
        2
    } else if w.ends_with(b"ing") && has_vowel(w, w.len() - 3) {
        3
    } else {
        return;
    };
    w.truncate(w.len() - cut);
    if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
        w.push(b'e');
    } else if double_consonant(w, w.len()) && !matches!(w[w.len() - 1], b'l' | b's' | b'z') {
        w.pop();
    } else if measure(w, w.len()) == 1 && cvc(w, w.len()) {
        w.push(b'e');
    }
}

const STEP2: [(&str, &str); 20] = [
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("abli", "able"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
];

const STEP3: [(&str, &str); 7] = [
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

const STEP4: [&str; 19] = [
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
    "ism", "ate", "iti", "ous", "ive", "ize",
];

fn step4(w: &mut Vec<u8>) {
    // The longest matching suffix decides (ement before ment before ent).
    let Some(suffix) = STEP4
        .iter()
        .filter(|s| w.ends_with(s.as_bytes()))
        .max_by_key(|s| s.len())
    else {
        return;
    };
    let stem = w.len() - suffix.len();
    if measure(w, stem) <= 1 {
        return;
    }
    if *suffix == "ion" && !(stem > 0 && matches!(w[stem - 1], b's' | b't')) {
        return;
    }
    w.truncate(stem);
}

fn step5(w: &mut Vec<u8>) {
    if w.ends_with(b"e") {
        let stem = w.len() - 1;
        let m = measure(w, stem);
        if m > 1 || (m == 1 && !cvc(w, stem)) {
            w.pop();
        }
    }
    if w.ends_with(b"ll") && measure(w, w.len()) > 1 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn porter_examples() {
        for (word, want) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("generalization", "gener"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            ("replacement", "replac"),
            ("adoption", "adopt"),
            ("controll", "control"),
            ("caching", "cach"),
            ("cached", "cach"),
            ("queues", "queue"),
            ("scaling", "scale"),
            ("retries", "retri"),
            ("retry", "retri"),
            ("kafka", "kafka"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
