//! Decoding: turn a file's bytes into clean text, saying what had to be repaired.
//!
//! Input: raw bytes. Output: a `String` with LF line endings and no byte-order mark, plus
//! diagnostics for every repair. Valid UTF-8 stays as it is; UTF-16 with a byte-order mark is
//! decoded, and so is UTF-16 without one when its NUL bytes give it away; bytes that are not UTF-8 are read as Windows-1252 (what old editors on Windows wrote);
//! NUL and control bytes are dropped; and mojibake — UTF-8 that some tool once read as
//! Windows-1252, such as `teamâ€™s` — is turned back into what was meant (`team’s`).

use crate::diag::{Code, Diagnostic, LineIndex};

/// Windows-1252 bytes 0x80..=0x9F. The five holes of the code page map to the C1 control of the
/// same number, as browsers do, so that every byte has a character and the mapping reverses.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The character Windows-1252 gives a byte.
fn cp1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// The Windows-1252 byte a character came from, if it can come from one.
fn cp1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        0..=0x7F | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => CP1252_HIGH
            .iter()
            .position(|&h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
    }
}

/// Decode `bytes` into text, recording what was repaired.
pub(crate) fn decode(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> String {
    const WITH_BOM: &str =
        "the file is UTF-16; it was read as such. Save it as UTF-8 to silence this note.";
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => decode_utf8_or_cp1252(rest, diagnostics),
        [0xFF, 0xFE, rest @ ..] => {
            diagnostics.push(Diagnostic::note(Code::RepairedEncoding, 1, WITH_BOM));
            decode_utf16(rest, u16::from_le_bytes)
        }
        [0xFE, 0xFF, rest @ ..] => {
            diagnostics.push(Diagnostic::note(Code::RepairedEncoding, 1, WITH_BOM));
            decode_utf16(rest, u16::from_be_bytes)
        }
        _ => match utf16_order(bytes) {
            Some((order, unit)) => {
                diagnostics.push(Diagnostic::warning(
                    Code::RepairedEncoding,
                    1,
                    format!(
                        "the file has no byte-order mark, but its NUL bytes say UTF-16 {order}; \
                         it was read as such. Save it as UTF-8 to silence this warning."
                    ),
                ));
                decode_utf16(bytes, unit)
            }
            None => decode_utf8_or_cp1252(bytes, diagnostics),
        },
    };
    let text = normalize_newlines(text);
    let text = drop_control_chars(text, diagnostics);
    repair_mojibake(text, diagnostics)
}

/// How a pair of bytes makes a UTF-16 code unit.
type Unit = fn([u8; 2]) -> u16;

fn decode_utf16(bytes: &[u8], unit: Unit) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// The byte order of UTF-16 saved without a byte-order mark, told by its NUL bytes.
///
/// Text in a Latin script is mostly characters below U+0100, whose UTF-16 units have a NUL high
/// byte: little-endian text has NULs in most odd bytes and almost none in the even ones, and
/// big-endian text the reverse. UTF-8 text has no NULs at all, and a binary file has them in
/// both halves, so neither looks like this. (UTF-16 text in, say, Chinese has no NULs and is not
/// recognised; it is rare without a mark, and then reads as repaired Windows-1252.)
fn utf16_order(bytes: &[u8]) -> Option<(&'static str, Unit)> {
    // UTF-16 comes in whole units. The first 4 KiB decide: enough for a verdict.
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let nuls = |half: usize| {
        sample
            .iter()
            .skip(half)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls(0), nuls(1));
    // At least 40% of the units' high bytes NUL, at most 5% of the low bytes, and at most 5% of
    // the units control characters (text has few; a binary file's structure has many).
    let says = |high: usize, low: usize, unit: Unit| {
        let controls = sample
            .chunks_exact(2)
            .map(|pair| unit([pair[0], pair[1]]))
            .filter(|&u| u < 0x20 && !matches!(u, 0x09 | 0x0a | 0x0c | 0x0d))
            .count();
        high * 10 >= pairs * 4 && low * 20 <= pairs && controls * 20 <= pairs
    };
    if says(odd, even, u16::from_le_bytes) {
        Some(("little-endian", u16::from_le_bytes))
    } else if says(even, odd, u16::from_be_bytes) {
        Some(("big-endian", u16::from_be_bytes))
    } else {
        None
    }
}

/// Valid UTF-8 runs are kept; each invalid byte is read as Windows-1252.
fn decode_utf8_or_cp1252(bytes: &[u8], diagnostics: &mut Vec<Diagnostic>) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut first_bad = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() && first_bad.is_none() {
            first_bad = Some(text.len());
        }
        text.extend(chunk.invalid().iter().map(|&b| cp1252_char(b)));
    }
    if let Some(offset) = first_bad {
        let line = 1 + text[..offset].matches('\n').count();
        diagnostics.push(Diagnostic::warning(
            Code::RepairedEncoding,
            line,
            "the file is not valid UTF-8; bytes that are not were read as Windows-1252. \
             Save the file as UTF-8.",
        ));
    }
    text
}

/// CRLF and lone CR become LF, so every later stage sees one kind of line end.
fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// NUL and other control characters (tab, newline and form feed aside) are dropped: they are
/// invisible, break the markdown parser's idea of a line, and mark a file that is not text.
fn drop_control_chars(text: String, diagnostics: &mut Vec<Diagnostic>) -> String {
    let is_bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}') && c < '\u{80}';
    // Bytes below 0x20 are always whole characters in UTF-8, so a byte scan finds them fast.
    let has_bad = text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0c)) || b == 0x7f);
    let Some(first) = has_bad.then(|| text.find(is_bad)).flatten() else {
        return text;
    };
    let bad = text.chars().filter(|&c| is_bad(c)).count();
    let line = 1 + text[..first].matches('\n').count();
    let what = if text.contains('\0') {
        "NUL bytes"
    } else {
        "control bytes"
    };
    diagnostics.push(Diagnostic::warning(
        Code::BinaryFile,
        line,
        format!(
            "the file looks binary ({bad} {what}); they were dropped and the rest read as text. \
             If it is not a document, move it out of the content folder."
        ),
    ));
    text.replace(is_bad, "")
}

/// Turn UTF-8 that was read as Windows-1252 back into the characters that were meant.
///
/// A run of characters is repaired only when their Windows-1252 bytes form one valid multi-byte
/// UTF-8 sequence (a lead byte and its continuation bytes), which ordinary prose almost never
/// does by chance. Text mangled twice is repaired twice.
fn repair_mojibake(text: String, diagnostics: &mut Vec<Diagnostic>) -> String {
    let mut text = text;
    for _ in 0..2 {
        let (repaired, changes) = repair_once(&text);
        if changes.is_empty() {
            break;
        }
        let index = LineIndex::new(&text);
        let mut last_line = 0;
        for (offset, bad, good) in changes {
            let (line, column) = index.line_col(&text, offset);
            if line != last_line {
                diagnostics.push(Diagnostic::new(
                    crate::diag::Severity::Warning,
                    Code::RepairedEncoding,
                    line,
                    column,
                    format!(
                        "repaired mis-decoded text: `{bad}` now reads `{good}`. \
                         Fix it in the file to silence this warning."
                    ),
                ));
                last_line = line;
            }
        }
        text = repaired;
    }
    text
}

/// One pass of mojibake repair: the new text and (offset, bad, good) for each repair.
fn repair_once(text: &str) -> (String, Vec<(usize, String, char)>) {
    // Lead bytes 0xC2..=0xF4 read as Windows-1252 are U+00C2..=U+00F4, all encoded as 0xC3 0x..
    // in UTF-8: without a 0xC3 byte there is nothing to repair.
    if !text.as_bytes().contains(&0xC3) {
        return (text.to_owned(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut changes = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((len, good)) = mojibake_at(rest) {
            changes.push((text.len() - rest.len(), rest[..len].to_owned(), good));
            out.push(good);
            rest = &rest[len..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    (out, changes)
}

/// If `s` starts with a mis-decoded UTF-8 sequence: its length in `s` and the meant character.
fn mojibake_at(s: &str) -> Option<(usize, char)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    let lead = cp1252_byte(first)?;
    let need = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [lead, 0, 0, 0];
    for slot in bytes.iter_mut().take(need).skip(1) {
        let (_, c) = chars.next()?;
        let b = cp1252_byte(c).filter(|b| (0x80..=0xBF).contains(b))?;
        *slot = b;
    }
    let good = std::str::from_utf8(&bytes[..need]).ok()?.chars().next()?;
    let len = chars.next().map_or(s.len(), |(i, _)| i);
    Some((len, good))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8]) -> (String, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let text = decode(bytes, &mut diagnostics);
        (text, diagnostics)
    }

    #[test]
    fn clean_utf8_is_untouched_and_silent() {
        let (text, diags) = decoded("naïve café — “quoted” 日本".as_bytes());
        assert_eq!(text, "naïve café — “quoted” 日本");
        assert!(diags.is_empty());
    }

    #[test]
    fn bom_is_stripped_and_crlf_normalised() {
        let (text, diags) = decoded(b"\xEF\xBB\xBFa\r\nb\rc\n");
        assert_eq!(text, "a\nb\nc\n");
        assert!(diags.is_empty());
    }

    #[test]
    fn mojibake_is_repaired_with_its_line() {
        let (text, diags) = decoded("line one\nthe teamâ€™s progress\n".as_bytes());
        assert_eq!(text, "line one\nthe team’s progress\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::RepairedEncoding);
        assert_eq!((diags[0].line, diags[0].column), (2, 9));
        assert!(diags[0].message.contains("â€™"), "{}", diags[0].message);
    }

    #[test]
    fn two_byte_mojibake_is_repaired() {
        let (text, _) = decoded("cafÃ© and Ã¼ber".as_bytes());
        assert_eq!(text, "café and über");
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        let (text, diags) = decoded(b"ok\nsmart \x93quotes\x94 and \x80 5\n");
        assert_eq!(text, "ok\nsmart “quotes” and € 5\n");
        assert_eq!(diags[0].code, Code::RepairedEncoding);
        assert_eq!(diags[0].line, 2);
    }

    #[test]
    fn nul_bytes_are_dropped_with_a_warning() {
        let (text, diags) = decoded(b"a\0b\x01c");
        assert_eq!(text, "abc");
        assert_eq!(diags[0].code, Code::BinaryFile);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("hé\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decoded(&bytes).0, "hé\n");
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_nul_bytes() {
        let text = "## 1. Café — “quoted”?\n\nA.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, order) in [(le, "little-endian"), (be, "big-endian")] {
            let (decoded_text, diags) = decoded(&bytes);
            assert_eq!(decoded_text, text);
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert_eq!(diags[0].code, Code::RepairedEncoding);
            assert!(diags[0].message.contains(order), "{diags:?}");
        }
    }

    #[test]
    fn binary_and_utf8_files_are_not_taken_for_utf16() {
        // NULs in both halves: binary, as before.
        let (_, diags) = decoded(b"\0\0\x01\x02\0\0ab\0\0cd");
        assert_eq!(diags[0].code, Code::BinaryFile, "{diags:?}");
        // A stray NUL in UTF-8 text.
        let (text, diags) = decoded(b"plain text with one\0 NUL");
        assert_eq!(text, "plain text with one NUL");
        assert_eq!(diags[0].code, Code::BinaryFile, "{diags:?}");
        // Too short to tell, or not whole units.
        assert_eq!(decoded(b"a\0").0, "a");
        assert_eq!(decoded(b"a\0b\0c").0, "abc");
        // NULs in one half only, but the other half is control bytes: not text.
        let (_, diags) = decoded(b"\x01\0\x02\0\x03\0\x04\0");
        assert_eq!(diags[0].code, Code::BinaryFile, "{diags:?}");
    }

    #[test]
    fn ordinary_latin1_letters_are_not_mistaken_for_mojibake() {
        let (text, diags) = decoded("Ça va? À bientôt, señor.".as_bytes());
        assert_eq!(text, "Ça va? À bientôt, señor.");
        assert!(diags.is_empty());
    }
}
