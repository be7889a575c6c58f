//! Transcripts: mock-interview conversations, one turn per speaker label.
//!
//! Input: body lines. Output: the [`Transcript`] (turns with inferred roles, stage directions,
//! the closing notes block), the title and subtitle from the banner, and the questions derived
//! from it: each interviewer turn that asks (`?`) and is answered by the candidate's next turn
//! (stage directions between them do not break the pair) becomes a question of the handbook.
//!
//! Turns are marked in one of five [`Form`]s: the upper-case `SPEAKER: text` labels of exported
//! chat logs (and role words such as `**Interviewer:**`), or, in notes people write by hand,
//! bold names (`**Priya:** text`), plain names (`Priya: text`), speaker headings (`### Priya`)
//! and recorder lines (`Priya  0:42`, the text below). A name that is not a role word could just
//! as well be a label (`Example:`, `**Solution:**`), so those four forms count only when a
//! [`survey`] of the whole body finds a small recurring cast that takes turns and asks; roles then
//! come from behaviour (who asks, who answers at length) where the names say nothing.

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
    if line.starts_with("**") || line.starts_with("__") {
        let (name, rest) = bold_label(line)?;
        return speaker_name(name).map(|name| (name, rest));
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

/// `**Name:** text` or `**Name**: text` (or with `__`): (name, text), whatever the name.
fn bold_label(line: &str) -> Option<(&str, &str)> {
    let bold = line
        .strip_prefix("**")
        .or_else(|| line.strip_prefix("__"))?;
    let close = bold.find(['*', '_'])?;
    let (inner, after) = (&bold[..close], bold[close..].trim_start_matches(['*', '_']));
    let (name, rest) = match inner.strip_suffix(':') {
        Some(name) => (name, after),
        None => (inner, after.strip_prefix(':')?),
    };
    Some((name.trim(), rest.trim()))
}

/// How a document marks its turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `INTERVIEWER: text`, `Candidate: text`, `**Interviewer:** text`: upper-case names or role
    /// words, safe to take on sight (exported chat logs, the seed).
    Label,
    /// `**Priya:** text` or `**Priya**: text`.
    Bold,
    /// `### Priya` on a line of its own, the turn's text below it.
    Heading,
    /// `Priya  0:42` (a recorder export's name and time), the turn's text below it.
    Stamp,
    /// `Priya: text`.
    Plain,
}

/// The forms that take any person's name, most telling first: a bold name or a heading is
/// seldom prose, a plain `Name:` often is.
const NAMED_FORMS: [Form; 4] = [Form::Bold, Form::Heading, Form::Stamp, Form::Plain];

/// How a body marks its turns, and who speaks in it.
#[derive(Debug)]
struct Style {
    form: Form,
    /// For the named forms, the names taken as speakers: those that recur, and role words. A
    /// name seen once (`**Summary:**`, a `# Title` heading) is more likely a label than a person.
    cast: Vec<String>,
}

impl Style {
    /// The form of the seed and of chat exports, which needs no cast.
    fn labels() -> Self {
        Style {
            form: Form::Label,
            cast: Vec::new(),
        }
    }

    /// Where a turn starts in this style: (speaker, text on the same line).
    fn speaker<'a>(&self, line: &'a str) -> Option<(&'a str, &'a str)> {
        let (name, text) = marker(line, self.form)?;
        (self.form == Form::Label || self.cast.iter().any(|c| c == name)).then_some((name, text))
    }
}

/// A turn's start in `form`, whoever speaks: (name, text on the same line).
fn marker(line: &str, form: Form) -> Option<(&str, &str)> {
    let line = if matches!(form, Form::Bold | Form::Plain) {
        unprefixed(line)
    } else {
        line
    };
    match form {
        Form::Label => speaker_line(line),
        Form::Bold => bold_label(line).filter(|(name, _)| looks_like_name(name)),
        Form::Heading => speaker_heading(line).map(|name| (name, "")),
        Form::Stamp => stamp_line(line).map(|name| (name, "")),
        Form::Plain => plain_line(line),
    }
}

/// A turn's line without what a chat export or a quoting writer puts before the name: a
/// blockquote marker (`> **Recruiter:** …`) and a time (`[00:01:10] Me: …`, `(12:05) Sam: …`).
fn unprefixed(line: &str) -> &str {
    let mut t = line;
    if let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    if let Some(rest) = t.strip_prefix(['[', '(']) {
        if let Some(end) = rest.find([']', ')']) {
            if is_clock(&rest[..end]) {
                t = rest[end + 1..].trim_start();
            }
        }
    }
    t
}

/// `### Priya`, `### Interviewer:` or `### **Sam**`: the name a heading gives.
fn speaker_heading(line: &str) -> Option<&str> {
    let (_, text) = super::markdown::atx_heading(line)?;
    let name = text.trim_matches(['*', '_']).trim_end_matches(':').trim();
    looks_like_name(name).then_some(name)
}

/// `Priya  0:42`, `Speaker 1 00:01:13`, `Sam (12:05)`: a name, then the time into the recording,
/// and nothing else on the line.
fn stamp_line(line: &str) -> Option<&str> {
    let t = line.trim_end();
    // Cheap refusal first: this runs on every line of every document during detection.
    if !t.ends_with(|c: char| c.is_ascii_digit() || c == ')' || c == ']')
        || line.starts_with(char::is_whitespace)
    {
        return None;
    }
    let (name, time) = t.rsplit_once([' ', '\t'])?;
    let time = time
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']']);
    let name = name.trim_end();
    (is_clock(time) && looks_like_name(name)).then_some(name)
}

/// `0:42`, `12:05`, `00:01:13`.
fn is_clock(text: &str) -> bool {
    let mut parts = 0;
    for (i, part) in text.split(':').enumerate() {
        let width_ok = if i == 0 {
            (1..=2).contains(&part.len())
        } else {
            part.len() == 2
        };
        if !width_ok || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        parts += 1;
    }
    (2..=3).contains(&parts)
}

/// `Priya: text`: a name at the start of the line, a colon and a space, and what was said.
fn plain_line(line: &str) -> Option<(&str, &str)> {
    // Cheap refusal first: this runs on every line of every document during detection.
    if !line.starts_with(char::is_uppercase) {
        return None;
    }
    let (name, rest) = line.split_once(':')?;
    let name = name.trim_end();
    // `Name:text` without the space is a URL scheme or a `key:value`, not speech.
    let text = rest.strip_prefix([' ', '\t'])?.trim();
    (!text.is_empty() && looks_like_name(name)).then_some((name, text))
}

/// Whether a label reads as a person's name (`Priya`, `Sam K.`, `Mary-Jane O'Neil`,
/// `Speaker 2`) rather than a label in notes (`Example`, `Step 1`, `Time Complexity`, `Q`).
fn looks_like_name(name: &str) -> bool {
    if !(2..=30).contains(&name.len()) || name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let mut words = name.split_whitespace();
    let (Some(first), second, third, None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return false;
    };
    // Recorders number the voices they cannot tell apart: `Speaker 1`, `Person 2`.
    if let (Some(number), None) = (second, third) {
        if number.bytes().all(|b| b.is_ascii_digit()) {
            return NUMBERED_VOICES.contains(&first.to_lowercase().as_str());
        }
    }
    [Some(first), second, third].into_iter().flatten().all(|w| {
        w.starts_with(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || ".'’-".contains(c))
            && !NOT_NAMES.contains(&w.trim_end_matches('.').to_lowercase().as_str())
    })
}

/// Words that a recorder numbers (`Speaker 1`); any other word before a number is a label
/// (`Step 1`, `Part 2`).
const NUMBERED_VOICES: [&str; 8] = [
    "speaker",
    "person",
    "participant",
    "voice",
    "guest",
    "interviewer",
    "candidate",
    "panelist",
];

/// Capitalised words that open labels in notes, not names: `Note: …`, `**Solution:**`,
/// `Time Complexity: …`, the STAR headings of behavioural answers (`**Situation:**`). The
/// survey's other tests (a recurring cast that alternates and asks) catch most labels; these
/// are the ones common enough to recur in pairs, so they never count as names.
const NOT_NAMES: &[&str] = &[
    "note",
    "notes",
    "tip",
    "tips",
    "todo",
    "warning",
    "important",
    "example",
    "examples",
    "answer",
    "answers",
    "question",
    "questions",
    "step",
    "solution",
    "explanation",
    "hint",
    "summary",
    "definition",
    "result",
    "results",
    "output",
    "input",
    "approach",
    "complexity",
    "time",
    "space",
    "pros",
    "cons",
    "idea",
    "key",
    "code",
    "source",
    "reference",
    "update",
    "edit",
    "context",
    "goal",
    "problem",
    "task",
    "situation",
    "action",
    "status",
    "date",
    "topic",
    "category",
    "difficulty",
    "level",
    "company",
    "role",
    "duration",
    "format",
    "type",
    "tags",
    "link",
    "bonus",
    "follow-up",
    "why",
    "what",
    "how",
    "yes",
    "no",
    "true",
    "false",
    "remember",
    "usage",
    "returns",
    "author",
    "description",
    "constraints",
    "edge",
    "cause",
    "takeaway",
    "feedback",
    "optimal",
    "brute",
    "naive",
    "intuition",
    "overview",
    "analysis",
    "implementation",
];

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

/// Whether a body reads as a conversation (see [`survey`]).
pub(crate) fn looks_like_transcript(body: &Body<'_>) -> bool {
    survey(body).is_some()
}

/// How `body` marks its turns, when it reads as a conversation. Upper-case labels and role
/// words count as they always have: most paragraphs open with one, and at least two speakers
/// take several turns each. Failing that, the first named form whose marks pass [`cast`].
/// One pass over the lines with cheap refusals first: detection runs this on every document.
fn survey(body: &Body<'_>) -> Option<Style> {
    let mut labels: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut named: [Vec<(usize, &str)>; 4] = Default::default();
    let mut paragraph_starts = 0;
    let mut previous_blank = true;
    let mut fenced = false;
    for (i, line) in body.lines.iter().enumerate() {
        let blank = line.trim().is_empty();
        if !blank && previous_blank && !is_banner(line) && direction(line).is_none() {
            paragraph_starts += 1;
        }
        if let Some((name, _)) = speaker_line(line) {
            *labels.entry(name).or_default() += 1;
        }
        previous_blank = blank;
        // `Host: example.com` in a code block is not a speaker.
        let fence = is_fence(line);
        fenced ^= fence;
        if blank || fenced || fence {
            continue;
        }
        for (marks, form) in named.iter_mut().zip(NAMED_FORMS) {
            if let Some((name, _)) = marker(line, form) {
                marks.push((i, name));
            }
        }
    }
    let turns: usize = labels.values().sum();
    let regular = labels.values().filter(|&&n| n >= 2).count();
    if turns >= 4 && regular >= 2 && turns * 2 >= paragraph_starts {
        return Some(Style::labels());
    }
    NAMED_FORMS
        .into_iter()
        .zip(&named)
        .find_map(|(form, marks)| {
            let cast = cast(body, form, marks, paragraph_starts)?;
            Some(Style { form, cast })
        })
}

/// The speakers of a named form, when its marks read as a conversation: two to four names that
/// recur and make most of the marks, take turns, ask at least twice, and open most paragraphs.
/// Labels in notes fail one test or another: `Time:`/`Space:` pairs never ask, a page of
/// `**Key idea:**`-style labels has too many names, and Q&A notes have more paragraphs than
/// marks.
fn cast(
    body: &Body<'_>,
    form: Form,
    marks: &[(usize, &str)],
    paragraph_starts: usize,
) -> Option<Vec<String>> {
    if marks.len() < 4 {
        return None;
    }
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &(_, name) in marks {
        *counts.entry(name).or_default() += 1;
    }
    let recurring = counts.values().filter(|&&n| n >= 2).count();
    if !(2..=4).contains(&recurring) {
        return None;
    }
    // A role word speaks even once (`**Recruiter:** …` dropping in); any other name must recur.
    let turns: Vec<(usize, &str)> = marks
        .iter()
        .copied()
        .filter(|(_, name)| counts[name] >= 2 || role_by_name(name).is_some())
        .collect();
    // Speaker headings sit at one level; headings at other levels (`## Coding`) are sections.
    let considered = match form {
        Form::Heading => {
            let level = |i: usize| {
                super::markdown::atx_heading(body.lines[i]).map_or(0, |h| usize::from(h.0))
            };
            let mut speaking = [false; 7];
            for &(i, _) in &turns {
                speaking[level(i)] = true;
            }
            marks.iter().filter(|&&(i, _)| speaking[level(i)]).count()
        }
        _ => marks.len(),
    };
    if turns.len() < 4 || turns.len() * 5 < considered * 4 {
        return None;
    }
    let changes = turns.windows(2).filter(|w| w[0].1 != w[1].1).count();
    if changes * 2 < turns.len() - 1 {
        return None;
    }
    // A heading or a recorder line sits on its own line above the turn's paragraph.
    let paragraphs_per_turn = if matches!(form, Form::Heading | Form::Stamp) {
        3
    } else {
        2
    };
    if turns.len() * paragraphs_per_turn < paragraph_starts {
        return None;
    }
    let asking = turns
        .iter()
        .enumerate()
        .filter(|(k, (start, _))| {
            let end = turns.get(k + 1).map_or(body.lines.len(), |t| t.0);
            asks(&body.lines[*start..end])
        })
        .count();
    if asking < 2 {
        return None;
    }
    let mut cast: Vec<String> = Vec::new();
    for (_, name) in turns {
        if !cast.iter().any(|c| c == name) {
            cast.push(name.to_owned());
        }
    }
    Some(cast)
}

/// Whether a turn's lines ask: its first line (the mark, with any text after it) and the lines
/// below up to the next heading, which no one says aloud. Code is left out (`a ? b : c`, Rust's
/// `?`): a question put in conversation is prose.
fn asks(lines: &[&str]) -> bool {
    let Some((first, rest)) = lines.split_first() else {
        return false;
    };
    let mut fenced = false;
    let mut prose = rest
        .iter()
        .take_while(|l| super::markdown::atx_heading(l).is_none())
        .filter(|l| {
            let fence = is_fence(l);
            fenced ^= fence;
            !(fenced || fence)
        });
    let asking = |l: &str| l.contains('?') || sets_a_task(l);
    asking(first) || prose.any(|l| asking(l))
}

/// The opening or closing line of a fenced code block.
fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// `## Notes` or `### Feedback`: where a markdown transcript's notes block starts.
fn notes_heading(line: &str) -> Option<&str> {
    let (_, text) = super::markdown::atx_heading(line)?;
    let label = text.trim_end_matches(':').trim();
    (label.len() <= 40 && !label.contains(':') && is_notes_label(label)).then_some(label)
}

/// Parse a transcript body.
pub(crate) fn parse(body: &Body<'_>) -> Parsed {
    let mut header = Vec::new();
    let mut turns: Vec<(Turn, Vec<String>)> = Vec::new();
    let mut directions = Vec::new();
    let mut notes: Option<Notes> = None;
    let mut notes_lines: Vec<(usize, &str)> = Vec::new();
    // Front matter can call a body a transcript that the survey would not; it reads as labels.
    let style = survey(body).unwrap_or_else(Style::labels);
    let markdown = style.form != Form::Label;
    let mut fenced = false;
    // Real turns so far (not the stand-ins that close a turn), for where a direction falls.
    let mut spoken = 0;

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
        // In markdown, a code block belongs to the turn it sits in, whatever its lines say.
        if markdown && (fenced || is_fence(line)) {
            fenced ^= is_fence(line);
            append(&mut turns, &mut header, before_talk, line);
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
                after_turns: spoken,
            });
            // A direction ends the turn: text after it belongs to no one until the next speaker.
            turns.push((placeholder_turn(), Vec::new()));
            continue;
        }
        // Notes close a conversation; before anyone speaks, "# Phone screen notes" titles it.
        let notes_label = if before_talk {
            None
        } else if markdown {
            notes_header(line).or_else(|| notes_heading(line))
        } else {
            notes_header(line)
        };
        if let Some(label) = notes_label {
            notes = Some(Notes {
                title: label.to_owned(),
                line: file_line,
                entries: Vec::new(),
            });
            continue;
        }
        if let Some((speaker, text)) = style.speaker(line) {
            let turn = Turn {
                speaker: speaker.to_owned(),
                role: Role::Other,
                text: String::new(),
                line: file_line,
                question_id: None,
            };
            spoken += usize::from(!turn.speaker.is_empty());
            turns.push((turn, vec![text.to_owned()]));
            continue;
        }
        // A heading in a markdown conversation (`## Coding`) is no one's words: it ends the turn.
        if markdown && !before_talk && super::markdown::atx_heading(line).is_some() {
            turns.push((placeholder_turn(), Vec::new()));
            continue;
        }
        append(&mut turns, &mut header, before_talk, line);
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

/// A line that is not a turn's start: the current turn's text, or the header before any turn.
fn append(
    turns: &mut [(Turn, Vec<String>)],
    header: &mut Vec<String>,
    before_talk: bool,
    line: &str,
) {
    match turns.last_mut() {
        Some((turn, lines)) if !turn.speaker.is_empty() => lines.push(line.to_string()),
        _ if before_talk && !line.trim().is_empty() => header.push(header_text(line)),
        _ => {}
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

/// Roles from names; where names say nothing, from behaviour. A missing interviewer is the
/// unnamed speaker who asks in the largest share of their turns (the first to speak, on a tie);
/// a missing candidate is the one who asks in the smallest share (who says more, on a tie).
/// Anyone else unnamed stays [`Role::Other`]. A monologue has no roles to fill.
fn assign_roles(turns: &mut [Turn]) {
    /// What a speaker did over the conversation.
    struct Speaker {
        role: Role,
        turns: usize,
        asking: usize,
        words: usize,
    }
    let mut speakers: Vec<Speaker> = Vec::new();
    // Speakers by name: a transcript of thousands of labels stays linear.
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for t in turns.iter() {
        let i = match index.get(&t.speaker) {
            Some(&i) => i,
            None => {
                index.insert(t.speaker.clone(), speakers.len());
                speakers.push(Speaker {
                    role: role_by_name(&t.speaker).unwrap_or(Role::Other),
                    turns: 0,
                    asking: 0,
                    words: 0,
                });
                speakers.len() - 1
            }
        };
        let s = &mut speakers[i];
        s.turns += 1;
        s.asking += usize::from(t.text.contains('?') || sets_a_task(&t.text));
        s.words += t.text.split_whitespace().count();
    }
    // Asking shares compared without division: a/b against c/d as a*d against c*b.
    let asks_more = |a: &Speaker, b: &Speaker| (a.asking * b.turns).cmp(&(b.asking * a.turns));
    if speakers.len() >= 2 && !speakers.iter().any(|s| s.role == Role::Interviewer) {
        // `max_by` keeps the last of equals; reversed, the first speaker wins a tie.
        let interviewer = speakers
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, s)| s.role == Role::Other)
            .max_by(|(_, a), (_, b)| asks_more(a, b))
            .map(|(i, _)| i);
        if let Some(i) = interviewer {
            speakers[i].role = Role::Interviewer;
        }
    }
    if speakers.len() >= 2 && !speakers.iter().any(|s| s.role == Role::Candidate) {
        let candidate = speakers
            .iter()
            .enumerate()
            .filter(|(_, s)| s.role == Role::Other)
            .min_by(|(_, a), (_, b)| asks_more(a, b).then(b.words.cmp(&a.words)))
            .map(|(i, _)| i);
        if let Some(i) = candidate {
            speakers[i].role = Role::Candidate;
        }
    }
    for t in turns.iter_mut() {
        t.role = index
            .get(&t.speaker)
            .map_or(Role::Other, |&i| speakers[i].role);
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

/// An interviewer turn that sets a task without a question mark: one of its sentences opens
/// with a command ("Tell me about a time you disagreed.", "Walk me through your last design.").
/// Five words at least: "Give me a second." sets no task.
fn sets_a_task(text: &str) -> bool {
    text.split(['.', '!', '\n']).any(|sentence| {
        // The first sentence may still carry its speaker's mark (`**Ines:** Tell me …`).
        let said = sentence.split_once(':').map_or(sentence, |(_, rest)| rest);
        [sentence, said].iter().any(|s| {
            let s = s.trim().trim_start_matches(['*', '_', ' ']);
            s.split_whitespace().count() >= 5 && super::cues::commands(s)
        })
    })
}

/// Interviewer turns that ask, each followed by the candidate's reply.
fn pairs(turns: &[Turn]) -> Vec<Question> {
    turns
        .windows(2)
        .filter(|w| {
            w[0].role == Role::Interviewer
                && (w[0].text.contains('?') || sets_a_task(&w[0].text))
                && w[1].role == Role::Candidate
        })
        .map(|w| Question {
            id: String::new(),
            number: None,
            text: w[0].text.clone(),
            line: w[0].line,
            end_line: w[1].line,
            difficulty: None,
            prompt: String::new(),
            answer: w[1].text.clone(),
            choices: Vec::new(),
            correct: Vec::new(),
            segments: vec![Segment {
                kind: SegmentKind::Body,
                title: None,
                line: w[1].line,
                markdown: super::markdown::escape_markdown(&w[1].text),
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
    fn names_and_labels() {
        for name in [
            "Priya",
            "Sam K.",
            "Mary-Jane O'Neil",
            "Speaker 2",
            "Interviewer",
        ] {
            assert!(looks_like_name(name), "{name}");
        }
        for label in [
            "Example",
            "Step 1",
            "Part 2",
            "Time Complexity",
            "time",
            "Q",
            "Note",
            "Follow-up",
            "Key Idea",
            "Situation",
            "Best Practice Ever Seen",
        ] {
            assert!(!looks_like_name(label), "{label}");
        }
    }

    #[test]
    fn named_speaker_lines() {
        assert_eq!(
            plain_line("Priya: Hello there"),
            Some(("Priya", "Hello there"))
        );
        assert_eq!(plain_line("Dana : Right."), Some(("Dana", "Right.")));
        for prose in [
            "Note: rebase rewrites history",
            "Example: the search migration",
            "Answer: use a queue",
            "Q: what is a mutex?",
            "Step 1: find the commit",
            "Https://example.com",
            "Priya:",
            "  Priya: indented",
            "The rule: never block",
        ] {
            assert_eq!(plain_line(prose), None, "{prose}");
        }
        assert_eq!(marker("**Priya:** Hi", Form::Bold), Some(("Priya", "Hi")));
        assert_eq!(marker("**Sam**: Fine", Form::Bold), Some(("Sam", "Fine")));
        assert_eq!(marker("**Solution:** sort first", Form::Bold), None);
        assert_eq!(speaker_heading("### Priya"), Some("Priya"));
        assert_eq!(speaker_heading("### Interviewer:"), Some("Interviewer"));
        assert_eq!(speaker_heading("## Part 2: coding"), None);
        assert_eq!(speaker_heading("# Mock interview"), None);
        assert_eq!(stamp_line("Priya  0:42"), Some("Priya"));
        assert_eq!(stamp_line("Sam 12:05"), Some("Sam"));
        assert_eq!(stamp_line("Speaker 1 00:01:13"), Some("Speaker 1"));
        assert_eq!(stamp_line("Sam (12:05)"), Some("Sam"));
        for not_stamp in [
            "Meeting at 10:30",
            "Step 1 0:42",
            "Priya 0:42 said hi",
            "Priya 123:45",
            "Priya 0:4",
            "Version 1.2",
        ] {
            assert_eq!(stamp_line(not_stamp), None, "{not_stamp}");
        }
    }

    fn form_of(text: &str) -> Option<Form> {
        survey(&Body::new(text, 1)).map(|s| s.form)
    }

    #[test]
    fn the_survey_wants_a_cast_that_takes_turns_and_asks() {
        let plain =
            "# Practice\n\nDana: Ready?\n\nLeo: Yes.\n\nDana: What is a lock?\n\nLeo: A guard.\n";
        assert_eq!(form_of(plain), Some(Form::Plain));
        let recorder = "Priya  0:01\nWhat is DNS?\n\nSam  0:05\nNames to addresses.\n\nPriya  0:20\nAnd TTL?\n\nSam  0:24\nHow long to cache.\n";
        assert_eq!(form_of(recorder), Some(Form::Stamp));
        // Labels of notes: recurring pairs that never ask.
        let complexity = "## Two sum\n\nUse a map.\n\nTime: O(n)\nSpace: O(n)\n\n## Is it sorted?\n\nTwo pointers.\n\nTime: O(n)\nSpace: O(1)\n";
        assert_eq!(form_of(complexity), None);
        let star = "## Conflict\n\n**Situation:** a late launch\n\n**Task:** ship?\n\n**Action:** cut scope?\n\n**Result:** shipped\n\n**Situation:** again\n\n**Task:** more?\n";
        assert_eq!(form_of(star), None);
        let notes = "# Git\n\nBefore interviews.\n\n## Undo\n\nNote: rebase rewrites history.\n\nStep 1: reflog.\nStep 2: reset.\n\nExample: once.\n\nQ: Merge or rebase?\nA: Depends.\n\nQ: Undo a push?\nA: Revert.\n\nNote: restore.\n";
        assert_eq!(form_of(notes), None);
        // Two names that recur but never ask are a list, not a conversation.
        let owners = "Alice: owns billing.\n\nBob: owns search.\n\nAlice: on call in May.\n\nBob: on call in June.\n";
        assert_eq!(form_of(owners), None);
        // Headers in a code block are not speakers.
        let http = "# HTTP\n\n```\nHost: a.example?\nAccept: text/html\nHost: b.example?\nAccept: */*\n```\n";
        assert_eq!(form_of(http), None);
        // Solutions under recurring headings, code with `?` in it: sections, not speakers.
        let solutions = "## Two sum\n\nFind two numbers.\n\n### Rust\n\n```\nlet x = f()?;\n```\n\n### Go\n\n```\nx, err := f()\n```\n\n## Three sum\n\nFind three.\n\n### Rust\n\n```\nlet y = g()?;\n```\n\n### Go\n\n```\ny := g()\n```\n";
        assert_eq!(form_of(solutions), None);
        let approaches = "## Two sum\n\nGiven numbers.\n\n### Slow Way\n\nTry all pairs. Better?\n\n```\nloop\n```\n\n### Fast Way\n\nA map.\n\n```\nmap\n```\n\n## Three sum\n\nGiven more.\n\n### Slow Way\n\nAll triples. Better?\n\n```\nloop\n```\n\n### Fast Way\n\nSort first.\n\n```\nsort\n```\n";
        assert_eq!(form_of(approaches), None);
        // The seed's form is decided as before.
        assert_eq!(
            form_of("INTERVIEWER: Hi?\n\nUSER: Hi.\n\nINTERVIEWER: Go?\n\nUSER: Ok.\n"),
            Some(Form::Label)
        );
    }

    #[test]
    fn roles_by_behaviour() {
        // Sam speaks first, but Priya is the one asking.
        let text = "**Sam:** Hi, ready when you are.\n\n**Priya:** What is a cache?\n\n**Sam:** A fast copy of slow data, kept close to the reader.\n\n**Priya:** Why expire entries?\n\n**Sam:** So stale data does not live forever.\n";
        let p = parse(&Body::new(text, 1));
        let roles: Vec<(&str, Role)> = p
            .transcript
            .turns
            .iter()
            .map(|t| (t.speaker.as_str(), t.role))
            .collect();
        assert_eq!(roles[0], ("Sam", Role::Candidate));
        assert_eq!(roles[1], ("Priya", Role::Interviewer));
        assert_eq!(p.questions.len(), 2);
        assert!(p.questions[0].segments[0]
            .markdown
            .starts_with("A fast copy"));
    }

    #[test]
    fn speaker_headings_end_at_other_headings() {
        let text = "# Mock\n\n### Interviewer\n\nWhat is a queue?\n\n### Candidate\n\nA buffer between producer and consumer.\n\n## Coding\n\nThis line is nobody's.\n\n### Interviewer\n\nHow would you bound it?\n\n### Candidate\n\nBlock or drop when full.\n\n```\n### Interviewer\n```\n\n### Interviewer\n\nThanks.\n\n### Candidate\n\nThank you.\n\n## Notes\n\n- Good pace\n";
        let p = parse(&Body::new(text, 1));
        assert_eq!(p.title.as_deref(), Some("Mock"));
        let turns = &p.transcript.turns;
        assert_eq!(turns.len(), 6);
        assert_eq!(turns[1].text, "A buffer between producer and consumer.");
        assert_eq!(
            turns[3].text,
            "Block or drop when full.\n\n```\n### Interviewer\n```"
        );
        assert_eq!(p.questions.len(), 2);
        assert_eq!(p.transcript.notes.unwrap().entries[0].label, "Good pace");
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
