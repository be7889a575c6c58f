//! Transcripts: mock-interview conversations written as `SPEAKER: text` turns.
//!
//! Input: body lines. Output: the [`Transcript`] (turns with inferred roles, stage directions,
//! the closing notes block), the title and subtitle from the banner, and the questions derived
//! from it: each interviewer turn that asks (`?`) and is answered by the candidate's next turn
//! (stage directions between them do not break the pair) becomes a question of the handbook.

use super::Body;
use crate::model::{
    Direction, NoteEntry, Notes, Question, Role, Segment, SegmentKind, Transcript, Turn,
};

/// What the transcript parser made of a body.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The first header line (between the banners), if any.
    pub(crate) title: Option<String>,
    /// The second header line.
    pub(crate) subtitle: Option<String>,
    /// The conversation.
    pub(crate) transcript: Transcript,
    /// The derived question/answer pairs (ids empty, for the caller to assign).
    pub(crate) questions: Vec<Question>,
}

/// `SPEAKER:` at the start of a line: (speaker, text after the colon).
fn speaker_line(line: &str) -> Option<(&str, &str)> {
    // `**Interviewer:** text` and `**Interviewer**: text` are labels too.
    if let Some(bold) = line.strip_prefix("**").or_else(|| line.strip_prefix("__")) {
        let close = bold.find(['*', '_'])?;
        let (inner, after) = (&bold[..close], bold[close..].trim_start_matches(['*', '_']));
        let (name, rest) = match inner.strip_suffix(':') {
            Some(name) => (name, after),
            None => (inner, after.strip_prefix(':')?),
        };
        return speaker_name(name).map(|name| (name, rest.trim()));
    }
    let (name, rest) = line.split_once(':')?;
    let name = name.trim_end();
    // Cheap refusals first: this runs on every line of every document during detection.
    if name.is_empty() || name.len() > 40 || !name.starts_with(char::is_alphabetic) {
        return None;
    }
    let first = name.chars().next()?;
    let all_caps = first.is_alphabetic()
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(char::is_lowercase)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || " ._'’-".contains(c));
    let known_role = role_by_name(name).is_some();
    if !(all_caps || known_role) || is_label_word(name) || is_notes_label(name) {
        return None;
    }
    // `TOPIC:` alone with nothing after it and no known role is a heading, not a turn.
    if rest.trim().is_empty() && !known_role {
        return None;
    }
    Some((name, rest.trim()))
}

/// A bold label's name, when it names a speaker.
fn speaker_name(name: &str) -> Option<&str> {
    let name = name.trim();
    (role_by_name(name).is_some() && !is_label_word(name)).then_some(name)
}

/// `CONVERSATION NOTES:` on a line of its own (not `INTERVIEWER: some feedback:`).
fn notes_header(line: &str) -> Option<&str> {
    let label = line.trim().strip_suffix(':')?.trim();
    let plain = !label.contains(':') && label.len() <= 40 && speaker_line(line).is_none();
    (plain && is_notes_label(label)).then_some(label)
}

/// Upper-case labels that are not speakers.
fn is_label_word(name: &str) -> bool {
    const LABELS: [&str; 10] = [
        "NOTE",
        "NOTES",
        "TIP",
        "TODO",
        "WARNING",
        "IMPORTANT",
        "EXAMPLE",
        "ANSWER",
        "QUESTION",
        "HTTP",
    ];
    LABELS.contains(&name.to_uppercase().as_str())
}

/// `CONVERSATION NOTES:`, `SUMMARY:`, `FEEDBACK:`: where the notes block starts.
fn is_notes_label(name: &str) -> bool {
    let upper = name.to_uppercase();
    ["NOTES", "SUMMARY", "FEEDBACK", "DEBRIEF"]
        .iter()
        .any(|w| upper.split_whitespace().last() == Some(w))
}

/// A role from a speaker's name, when the name says it.
fn role_by_name(name: &str) -> Option<Role> {
    let lower = name.to_lowercase();
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|w| lower.split([' ', '_', '-']).any(|p| p == *w))
    };
    if has(&[
        "interviewer",
        "recruiter",
        "panelist",
        "q",
        "agent",
        "host",
        "manager",
    ]) {
        Some(Role::Interviewer)
    } else if has(&[
        "candidate",
        "user",
        "interviewee",
        "applicant",
        "me",
        "a",
        "you",
    ]) {
        Some(Role::Candidate)
    } else {
        None
    }
}

fn is_banner(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && ['=', '-', '_', '*', '#', '~']
            .iter()
            .any(|&c| t.chars().all(|x| x == c))
}

fn direction(line: &str) -> Option<&str> {
    let t = line.trim();
    let inner = t.strip_prefix('[')?.strip_suffix(']')?;
    (!inner.is_empty() && !inner.contains(['[', ']'])).then(|| inner.trim())
}

/// Whether a body reads as a conversation: most paragraphs open with a speaker label, and at
/// least two speakers take several turns each.
pub(crate) fn looks_like_transcript(body: &Body<'_>) -> bool {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut paragraph_starts = 0;
    let mut previous_blank = true;
    for line in &body.lines {
        let blank = line.trim().is_empty();
        if !blank && previous_blank && !is_banner(line) && direction(line).is_none() {
            paragraph_starts += 1;
        }
        if let Some((name, _)) = speaker_line(line) {
            *counts.entry(name).or_default() += 1;
        }
        previous_blank = blank;
    }
    let turns: usize = counts.values().sum();
    let regular = counts.values().filter(|&&n| n >= 2).count();
    turns >= 4 && regular >= 2 && turns * 2 >= paragraph_starts
}

/// Parse a transcript body.
pub(crate) fn parse(body: &Body<'_>) -> Parsed {
    let mut header = Vec::new();
    let mut turns: Vec<(Turn, Vec<String>)> = Vec::new();
    let mut directions = Vec::new();
    let mut notes: Option<Notes> = None;
    let mut notes_lines: Vec<(usize, &str)> = Vec::new();

    // Lines between the opening banners are the header (title, context), whatever they look like.
    let mut banners_seen = 0;
    for (i, line) in body.lines.iter().enumerate() {
        let file_line = body.file_line(i);
        let before_talk = turns.is_empty() && directions.is_empty();
        if before_talk && is_banner(line) {
            banners_seen += 1;
            continue;
        }
        if before_talk && banners_seen == 1 {
            if !line.trim().is_empty() {
                header.push(header_text(line));
            }
            continue;
        }
        if notes.is_some() {
            if !is_banner(line) {
                notes_lines.push((file_line, line));
            }
            continue;
        }
        if is_banner(line) {
            continue;
        }
        if let Some(text) = direction(line) {
            directions.push(Direction {
                text: text.to_owned(),
                line: file_line,
                // Real turns only: the stand-ins that close turns are dropped below.
                after_turns: turns.iter().filter(|(t, _)| !t.speaker.is_empty()).count(),
            });
            // A direction ends the turn: text after it belongs to no one until the next speaker.
            turns.push((placeholder_turn(), Vec::new()));
            continue;
        }
        if let Some(label) = notes_header(line) {
            notes = Some(Notes {
                title: label.to_owned(),
                line: file_line,
                entries: Vec::new(),
            });
            continue;
        }
        if let Some((speaker, text)) = speaker_line(line) {
            let turn = Turn {
                speaker: speaker.to_owned(),
                role: Role::Other,
                text: String::new(),
                line: file_line,
                question_id: None,
            };
            turns.push((turn, vec![text.to_owned()]));
            continue;
        }
        let in_header = turns.is_empty() && directions.is_empty();
        match turns.last_mut() {
            Some((turn, lines)) if !turn.speaker.is_empty() => lines.push(line.to_string()),
            _ if in_header && !line.trim().is_empty() => header.push(header_text(line)),
            _ => {}
        }
    }

    let mut turns: Vec<Turn> = turns
        .into_iter()
        .filter(|(t, _)| !t.speaker.is_empty())
        .map(|(mut turn, lines)| {
            turn.text = paragraphs(&lines);
            turn
        })
        .collect();
    assign_roles(&mut turns);
    if let Some(n) = notes.as_mut() {
        n.entries = note_entries(&notes_lines);
    }
    let questions = pairs(&turns);
    let mut header = header.into_iter();
    Parsed {
        title: header.next(),
        subtitle: header.next(),
        transcript: Transcript {
            turns,
            directions,
            notes,
        },
        questions,
    }
}

/// A header line without markdown heading markers or emphasis.
fn header_text(line: &str) -> String {
    let text = super::markdown::atx_heading(line).map_or(line.trim(), |(_, t)| t);
    super::markdown::plain_title(text)
}

/// A stand-in that closes the previous turn at a stage direction; removed after parsing.
fn placeholder_turn() -> Turn {
    Turn {
        speaker: String::new(),
        role: Role::Other,
        text: String::new(),
        line: 0,
        question_id: None,
    }
}

/// Lines joined into paragraphs: blank lines separate them, other line breaks are kept.
fn paragraphs(lines: &[String]) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        let t = line.trim_end();
        if t.trim().is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        out.push_str(t.trim_start());
        blank = false;
    }
    out
}

/// Roles from names; where names say nothing, the first unnamed speaker of a two-person
/// conversation asks and the other answers.
fn assign_roles(turns: &mut [Turn]) {
    let mut speakers: Vec<String> = Vec::new();
    for t in turns.iter() {
        if !speakers.contains(&t.speaker) {
            speakers.push(t.speaker.clone());
        }
    }
    let mut roles: Vec<(String, Role)> = speakers
        .iter()
        .map(|s| (s.clone(), role_by_name(s).unwrap_or(Role::Other)))
        .collect();
    let has = |roles: &[(String, Role)], r: Role| roles.iter().any(|(_, x)| *x == r);
    let unnamed: Vec<usize> = (0..roles.len())
        .filter(|&i| roles[i].1 == Role::Other)
        .collect();
    if roles.len() == 2 && unnamed.len() == 2 {
        roles[0].1 = Role::Interviewer;
        roles[1].1 = Role::Candidate;
    } else if unnamed.len() == 1 && roles.len() == 2 {
        let missing = if has(&roles, Role::Interviewer) {
            Role::Candidate
        } else {
            Role::Interviewer
        };
        roles[unnamed[0]].1 = missing;
    }
    for t in turns.iter_mut() {
        t.role = roles
            .iter()
            .find(|(s, _)| *s == t.speaker)
            .map_or(Role::Other, |(_, r)| *r);
    }
}

/// `- Label: value` entries and the `* item` lists under them.
fn note_entries(lines: &[(usize, &str)]) -> Vec<NoteEntry> {
    let mut entries: Vec<NoteEntry> = Vec::new();
    for &(line_no, line) in lines {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let bulleted = t.strip_prefix(['-', '*', '•']).map(str::trim);
        match (indent, bulleted) {
            (2.., Some(item)) if !entries.is_empty() => {
                if let Some(e) = entries.last_mut() {
                    e.items.push(item.to_owned());
                }
            }
            _ => {
                let text = bulleted.unwrap_or(t);
                let (label, value) = match text.split_once(':') {
                    Some((l, v)) => (
                        l.trim().to_owned(),
                        Some(v.trim().to_owned()).filter(|v| !v.is_empty()),
                    ),
                    None => (text.to_owned(), None),
                };
                entries.push(NoteEntry {
                    label,
                    value,
                    items: Vec::new(),
                    line: line_no,
                });
            }
        }
    }
    entries
}

/// Interviewer turns that ask, each followed by the candidate's reply.
fn pairs(turns: &[Turn]) -> Vec<Question> {
    turns
        .windows(2)
        .filter(|w| {
            w[0].role == Role::Interviewer
                && w[0].text.contains('?')
                && w[1].role == Role::Candidate
        })
        .map(|w| Question {
            id: String::new(),
            number: None,
            text: w[0].text.clone(),
            line: w[0].line,
            difficulty: None,
            prompt: String::new(),
            segments: vec![Segment {
                kind: SegmentKind::Body,
                title: None,
                line: w[1].line,
                markdown: super::plain::escape_markdown(&w[1].text),
            }],
            answered: !w[1].text.trim().is_empty(),
            code_blocks: Vec::new(),
            tables: Vec::new(),
            placeholders: Vec::new(),
            children: Vec::new(),
            star: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_and_labels() {
        assert_eq!(
            speaker_line("INTERVIEWER: Hi!"),
            Some(("INTERVIEWER", "Hi!"))
        );
        assert_eq!(
            speaker_line("Candidate: Thanks"),
            Some(("Candidate", "Thanks"))
        );
        assert_eq!(speaker_line("NOTE: remember"), None);
        assert_eq!(speaker_line("CONVERSATION NOTES:"), None);
        assert_eq!(speaker_line("Architecture: use queues"), None);
        assert_eq!(speaker_line("  USER: indented"), None);
        assert_eq!(
            speaker_line("**Interviewer:** Hello"),
            Some(("Interviewer", "Hello"))
        );
        assert_eq!(speaker_line("**Candidate**: Hi"), Some(("Candidate", "Hi")));
        assert_eq!(
            notes_header("INTERVIEWER: Let me give you some feedback:"),
            None
        );
        assert_eq!(
            notes_header("CONVERSATION NOTES:"),
            Some("CONVERSATION NOTES")
        );
    }

    #[test]
    fn a_small_conversation() {
        let text = "=====\nMOCK\nContext line\n=====\n\n[Start]\n\nINTERVIEWER: Ready?\n\nUSER: Yes.\n\nINTERVIEWER: Good. Next.\n\nSecond paragraph?\n\n[Pause]\n\nUSER: Sure.\nMore.\n\nNOTES:\n- Turns: 4\n- Topics:\n  * one\n  * two\n";
        let body = Body::new(text, 1);
        assert!(looks_like_transcript(&body));
        let p = parse(&body);
        assert_eq!(p.title.as_deref(), Some("MOCK"));
        assert_eq!(p.subtitle.as_deref(), Some("Context line"));
        assert_eq!(p.transcript.turns.len(), 4);
        assert_eq!(
            p.transcript.turns[2].text,
            "Good. Next.\n\nSecond paragraph?"
        );
        assert_eq!(p.transcript.directions.len(), 2);
        assert_eq!(
            p.questions.len(),
            2,
            "a direction between question and reply keeps the pair"
        );
        let notes = p.transcript.notes.unwrap();
        assert_eq!(notes.entries.len(), 2);
        assert_eq!(notes.entries[1].items, ["one", "two"]);
        assert_eq!(notes.entries[0].value.as_deref(), Some("4"));
    }

    #[test]
    fn a_direction_counts_real_turns_before_it() {
        let text = "A: one?\n\n[pause]\n\nB: two\n\n[pause]\n\nA: three?\n\nB: four\n";
        let p = parse(&Body::new(text, 1));
        let after: Vec<usize> = p
            .transcript
            .directions
            .iter()
            .map(|d| d.after_turns)
            .collect();
        assert_eq!(after, [1, 2]);
    }
}
