//! STAR answers: behavioural answers told as Situation, Task, Action, Result (and a Reflection).
//!
//! Runs after the questions are built: it reads the titles of each answer's parts, names the
//! STAR part each one tells, and warns when a behavioural answer in STAR form leaves one out.
//! An answer counts as STAR when it titles at least two different STAR parts, and either the
//! question is behavioural (its document, section or parent question says so) or it titles a Situation, Task or Action outright: a lone `**Result:**`
//! under a technical answer is no story.

use crate::diag::{Code, Diagnostic};
use crate::model::{Question, Section, SegmentKind, Star, StarPart};

/// Where a question is asked, as far as STAR cares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context {
    /// The document is about behavioural questions (by its title or tags).
    pub(crate) behavioural_document: bool,
}

/// Whether a title or tag names behavioural questions (`Behavioural`, `behavioral`).
pub(crate) fn says_behavioural(text: &str) -> bool {
    text.to_lowercase().contains("behavio")
}

/// Give every STAR answer of `sections` its structure, and warn about the parts it misses.
pub(crate) fn mark(sections: &mut [Section], cx: Context, diagnostics: &mut Vec<Diagnostic>) {
    for section in sections.iter_mut() {
        let behavioural =
            cx.behavioural_document || section.title.as_deref().is_some_and(says_behavioural);
        for q in section.questions.iter_mut() {
            mark_question(q, behavioural, diagnostics);
            // `## Mock behavioural round` asked as a question holds the stories as children.
            let behavioural = behavioural || says_behavioural(&q.text);
            for child in q.children.iter_mut() {
                mark_question(child, behavioural, diagnostics);
            }
        }
    }
}

fn mark_question(q: &mut Question, behavioural: bool, diagnostics: &mut Vec<Diagnostic>) {
    q.star = structure(q, behavioural);
    let Some(star) = &q.star else { return };
    if star.missing.is_empty() {
        return;
    }
    let names: Vec<&str> = star.missing.iter().map(|p| p.name()).collect();
    let advice: Vec<&str> = star.missing.iter().map(|p| advice(*p)).collect();
    diagnostics.push(Diagnostic::warning(
        Code::IncompleteStar,
        q.line,
        format!(
            "this STAR answer has no {}: add {}.",
            names.join(", no "),
            advice.join(", and ")
        ),
    ));
}

fn advice(part: StarPart) -> &'static str {
    match part {
        StarPart::Situation => {
            "a `Situation:` line setting the scene (where, when, what was at stake)"
        }
        StarPart::Task => "a `Task:` line saying what you were responsible for",
        StarPart::Action => "an `Action:` line saying what you did yourself",
        StarPart::Result => "a `Result:` line saying what changed, with a number if you have one",
        StarPart::Reflection => "a `Reflection:` line saying what you learned",
    }
}

/// The STAR structure of an answer, or `None` when it is not told in STAR form.
fn structure(q: &Question, behavioural: bool) -> Option<Star> {
    let mut segments: Vec<Option<StarPart>> = q
        .segments
        .iter()
        .map(|s| match s.kind {
            SegmentKind::Part => s.title.as_deref().and_then(part_of_title),
            SegmentKind::Body | SegmentKind::Example => None,
        })
        .collect();
    let mut titled: Vec<StarPart> = segments.iter().flatten().copied().collect();
    titled.sort();
    titled.dedup();
    let outright = titled
        .iter()
        .any(|p| matches!(p, StarPart::Situation | StarPart::Task | StarPart::Action));
    if titled.len() < 2 || !(behavioural || outright) {
        return None;
    }
    // "Answer: At my last job ..." then "What I did:" — the untitled opening sets the scene.
    if !titled.contains(&StarPart::Situation) {
        let opening = q
            .segments
            .iter()
            .position(|s| s.kind == SegmentKind::Body || is_answer_title(s.title.as_deref()));
        let first_star = segments.iter().position(Option::is_some);
        if let (Some(i), Some(first)) = (opening, first_star) {
            if i < first && !q.segments[i].markdown.trim().is_empty() {
                segments[i] = Some(StarPart::Situation);
                titled.push(StarPart::Situation);
            }
        }
    }
    let missing = StarPart::ALL
        .into_iter()
        .filter(|p| *p != StarPart::Reflection && !titled.contains(p))
        .collect();
    Some(Star { segments, missing })
}

fn is_answer_title(title: Option<&str>) -> bool {
    title.is_some_and(|t| {
        let t = normalise(t);
        t == "answer" || t == "sample answer" || t == "my answer"
    })
}

/// Lower case, without a leading "the"/"my", trailing colon or dash, or surrounding space.
fn normalise(title: &str) -> String {
    let t = title
        .trim()
        .trim_end_matches([':', '-', '–', '—', '.'])
        .trim()
        .to_lowercase();
    for article in ["the ", "my "] {
        if let Some(rest) = t.strip_prefix(article) {
            if !rest.is_empty() {
                return rest.to_owned();
            }
        }
    }
    t
}

/// The STAR part a part title names (`Situation`, `What I did`, `Key Takeaway`, `S – Situation`).
pub(crate) fn part_of_title(title: &str) -> Option<StarPart> {
    let t = normalise(title);
    // `S - Situation`, `(S) Situation`: the letter adds nothing.
    let t = t
        .split_once(['-', '–', '—', ')'])
        .filter(|(head, _)| head.trim().trim_start_matches('(').len() == 1)
        .map_or(t.as_str(), |(_, rest)| rest.trim());
    let part = match t {
        "situation" | "context" | "background" => StarPart::Situation,
        "task" | "tasks" | "goal" | "objective" | "role" | "responsibility" => StarPart::Task,
        "action" | "actions" | "what i did" | "approach" | "actions taken" => StarPart::Action,
        "result" | "results" | "outcome" | "outcomes" | "impact" => StarPart::Result,
        "reflection" | "takeaway" | "takeaways" | "key takeaway" | "key takeaways" | "learning"
        | "learnings" | "lesson" | "lessons" | "lesson learned" | "lessons learned"
        | "what i learned" => StarPart::Reflection,
        _ => return None,
    };
    Some(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Segment;

    fn seg(kind: SegmentKind, title: Option<&str>, text: &str) -> Segment {
        Segment {
            kind,
            title: title.map(str::to_owned),
            line: 1,
            markdown: text.to_owned(),
        }
    }

    fn question(segments: Vec<Segment>) -> Question {
        Question {
            id: "d--q".into(),
            number: None,
            text: "Tell me about a time you failed.".into(),
            line: 3,
            end_line: 3,
            difficulty: None,
            prompt: String::new(),
            answer: String::new(),
            choices: Vec::new(),
            correct: Vec::new(),
            answered: true,
            segments,
            code_blocks: Vec::new(),
            tables: Vec::new(),
            placeholders: Vec::new(),
            children: Vec::new(),
            star: None,
        }
    }

    #[test]
    fn titles_name_their_parts() {
        assert_eq!(part_of_title("Situation"), Some(StarPart::Situation));
        assert_eq!(part_of_title("The Results:"), Some(StarPart::Result));
        assert_eq!(part_of_title("What I did"), Some(StarPart::Action));
        assert_eq!(part_of_title("Key Takeaway"), Some(StarPart::Reflection));
        assert_eq!(part_of_title("S – Situation"), Some(StarPart::Situation));
        assert_eq!(part_of_title("(T) Task"), Some(StarPart::Task));
        assert_eq!(part_of_title("Time complexity"), None);
        assert_eq!(part_of_title("Sample Answer"), None);
    }

    #[test]
    fn a_full_story_misses_nothing() {
        let q = question(vec![
            seg(SegmentKind::Part, Some("Situation"), "a"),
            seg(SegmentKind::Part, Some("Task"), "b"),
            seg(SegmentKind::Part, Some("Action"), "c"),
            seg(SegmentKind::Part, Some("Result"), "d"),
        ]);
        let star = structure(&q, false).expect("titled S, T, A, R");
        assert!(star.missing.is_empty());
        assert_eq!(star.segments[2], Some(StarPart::Action));
    }

    #[test]
    fn an_untitled_opening_sets_the_scene() {
        let q = question(vec![
            seg(
                SegmentKind::Body,
                None,
                "At my last job the queue kept dying.",
            ),
            seg(SegmentKind::Part, Some("What I did"), "c"),
            seg(SegmentKind::Part, Some("Result"), "d"),
            seg(SegmentKind::Part, Some("Key Takeaway"), "e"),
        ]);
        let star = structure(&q, true).expect("behavioural, three parts");
        assert_eq!(star.segments[0], Some(StarPart::Situation));
        assert_eq!(star.missing, vec![StarPart::Task]);
    }

    #[test]
    fn a_lone_result_or_a_technical_outcome_is_no_story() {
        let lone = question(vec![
            seg(SegmentKind::Body, None, "Use a heap."),
            seg(SegmentKind::Part, Some("Result"), "O(n log k)"),
        ]);
        assert_eq!(structure(&lone, true), None);
        let technical = question(vec![
            seg(SegmentKind::Part, Some("Result"), "a"),
            seg(SegmentKind::Part, Some("Takeaway"), "b"),
        ]);
        assert_eq!(structure(&technical, false), None, "not behavioural");
        assert!(structure(&technical, true).is_some());
    }

    #[test]
    fn a_missing_part_is_reported_with_advice() {
        let mut sections = vec![Section {
            title: Some("Teamwork".into()),
            title_markup: None,
            line: 1,
            intro: String::new(),
            questions: vec![question(vec![
                seg(SegmentKind::Part, Some("Situation"), "a"),
                seg(SegmentKind::Part, Some("Action"), "c"),
            ])],
        }];
        let mut diagnostics = Vec::new();
        let cx = Context {
            behavioural_document: false,
        };
        mark(&mut sections, cx, &mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!((d.code, d.line), (Code::IncompleteStar, 3));
        assert!(d.message.contains("no Task, no Result"), "{}", d.message);
        assert!(d.message.contains("`Result:`"), "{}", d.message);
    }
}
