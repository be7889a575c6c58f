//! Practice: the data of the practice page, made beside the document pages.
//!
//! Input: each document's [`DocumentView`] (the HTML its page shows) and the [`Site`]. Output:
//! for every document with questions, a card script `practice/cards/<slug>.<hash>.js` that hands
//! `prepbookPractice.cards(slug, prefix, [[id, text_html, more_html], ...])` to the client: the
//! question side of each card, in card order (each id is `prefix` + the one written, or + the
//! slug of the text when none is written). Answers are not copied: the client takes each answer from
//! the document's own page, which the site already has (fetched and parsed over HTTP; shown in
//! a frame that the page's script reduces to the answer from `file://`, where `fetch` is not
//! allowed). Then the deck: a small script `practice/deck.<hash>.js` with the documents, their
//! sections and card counts, and key shards `practice/keys/<n>.<hash>.js` that hand
//! `prepbookPractice.keys(n, {slug: keys})` to the client for a run of documents. They are
//! scripts, not JSON, because a page opened from disk may not `fetch`; the page loads them with
//! `<script>` tags, a document's cards only when one of its questions comes up and a key shard
//! only when stored progress names one of its documents. Every name carries a content hash
//! (FNV, as the search files), so a new deploy never mixes with a cached old deck.
//!
//! The card HTML is the views' HTML: the page of a document and its cards come from the same
//! [`DocumentView`], in the same parallel pass, so nothing is rendered twice.
//!
//! Why keys and not ids, and why in shards: a question id averages about 60 bytes on a large
//! handbook, and an 8-character key (a hash of the id) is enough to match stored progress to
//! its card; but 100,000 keys are still 800 KB (500 KB compressed: random digits do not
//! compress), too much for the first load of the page. The deck itself holds only what the
//! page needs before any card (documents, sections, counts); the keys of a document are read
//! only when the browser holds progress for it. The browser stores progress by the full id
//! (it survives any rebuild) and recomputes the key of each stored id with the same hash.

use super::views::{DocumentView, QuestionView};
use crate::model::{Question, Site};
use crate::output::OutputFile;
use crate::settings::Settings;
use serde::Serialize;
use std::fmt::Write as _;

/// The practice page's own view: where its deck is and how long the answer timer runs.
#[derive(Debug, Serialize)]
pub(crate) struct PracticeView {
    /// The deck script, from the site root.
    pub(crate) deck: String,
    /// Seconds of the answer timer; 0 when it is off until started.
    pub(crate) timer: u32,
    /// How many questions (cards) the handbook holds.
    pub(crate) questions: usize,
}

/// The key a question's progress is matched by: the low 48 bits of the FNV-1a hash of its id,
/// modulo 36⁸, as 8 base-36 digits (themes/default/assets/practice.js computes the same).
/// Two of 10,000 questions share a key with a probability of about 2 in 100,000.
pub(crate) fn card_key(id: &str) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut n = (crate::output::content_hash(id.as_bytes()) & 0xffff_ffff_ffff) % 36u64.pow(8);
    let mut out = [b'0'; 8];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(n % 36) as usize];
        n /= 36;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The name of this handbook's progress in browser storage: the base URL's path (`/prep/`), or
/// without a base URL the slug of the title. Project sites on GitHub share one origin.
pub(crate) fn site_key(settings: &Settings) -> String {
    match &settings.base_url {
        Some(base) => super::url_path(base),
        None => match crate::slug::slugify(&settings.title, 60) {
            s if s.is_empty() => "handbook".to_owned(),
            s => s,
        },
    }
}

/// Every question view of a list and its follow-ups, depth first: the order of cards, as
/// [`crate::model::Section::all_questions`] walks the model.
fn each_view<'q>(questions: &'q [QuestionView], out: &mut Vec<&'q QuestionView>) {
    for q in questions {
        out.push(q);
        each_view(&q.children, out);
    }
}

/// The question side of a card beyond its text: the difficulty, and the prompt as the page
/// shows it, with its code or table, and the options of a multiple-choice question. Most
/// questions have none of it (`""`).
fn more_html(q: &QuestionView) -> String {
    let mut html = String::with_capacity(q.prompt_html.len() + 96);
    if let Some(d) = &q.difficulty {
        let d = super::markdown::escape(d);
        let _ = write!(
            html,
            "<p class=\"question-badges\"><span class=\"badge difficulty difficulty-{d}\">{d}</span></p>"
        );
    }
    if !q.prompt_html.is_empty() {
        html.push_str("<div class=\"prompt\">");
        push_without_highlight(&q.prompt_html, &mut html);
        html.push_str("</div>");
    }
    choices_html(q, &mut html);
    html
}

/// A multiple-choice question's options, as the page's template writes them (partials/macros.html,
/// `choices`): a fieldset of hidden inputs with the right ones marked, which practice.js makes
/// a quiz; a plain list when the notes give no key. The inputs have no `name` here (one card
/// is on screen at a time; practice.js names them), which keeps the card scripts smaller.
fn choices_html(q: &QuestionView, html: &mut String) {
    if q.choices.is_empty() {
        return;
    }
    if q.right == 0 {
        html.push_str("<ol class=\"choices\">");
        for c in &q.choices {
            let _ = write!(
                html,
                "<li class=\"choice\"><span class=\"choice-letter\">{}</span> <span class=\"choice-text\">{}</span></li>",
                c.letter, c.html
            );
        }
        html.push_str("</ol>");
        return;
    }
    let (kind, hint) = if q.right == 1 {
        ("radio", "pick one".to_owned())
    } else {
        ("checkbox", format!("pick {}", q.right))
    };
    let _ = write!(
        html,
        "<fieldset class=\"quiz\" data-right=\"{}\"><legend class=\"quiz-legend\">Options<span class=\"quiz-hint\">: {hint}</span></legend><ol class=\"choices\">",
        q.right
    );
    for (n, c) in q.choices.iter().enumerate() {
        let (class, key) = if c.correct {
            (
                " choice-right",
                " <span class=\"choice-key\">right answer</span>",
            )
        } else {
            ("", "")
        };
        let _ = write!(
            html,
            "<li class=\"choice{class}\"><label class=\"choice-label\"><input type=\"{kind}\" value=\"{n}\" hidden> <span class=\"choice-letter\">{}</span> <span class=\"choice-text\">{}</span></label>{key}</li>",
            c.letter, c.html
        );
    }
    html.push_str("</ol></fieldset>");
}

/// Where a highlighted block's code starts: the page writes every one so
/// (`render::markdown::page_code_html`), and the sanitiser keeps a document's own HTML from
/// forging it.
const HIGHLIGHTED: &str = "<pre class=\"code hl-code\"";

/// `html` with the highlighting spans of its code blocks left out, appended to `out`.
///
/// The page of the document already holds the prompt with its highlighting, and that markup
/// would be most of the bytes of a prompt with code: a card shows its code plain, which keeps
/// the cards of a large handbook from repeating it (the site must fit GitHub Pages' 1 GB). Inside a
/// highlighted block the only tags are prepbook's flat spans (`highlight.rs`), so dropping
/// every `<span ...>` and `</span>` there leaves the code's text exactly.
fn push_without_highlight(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(start) = rest.find(HIGHLIGHTED) {
        let Some(len) = rest[start..].find("</pre>") else {
            break;
        };
        out.push_str(&rest[..start]);
        let mut block = &rest[start..start + len];
        while let Some(lt) = block.find('<') {
            out.push_str(&block[..lt]);
            block = &block[lt..];
            if let Some(after) = block.strip_prefix("</span>") {
                block = after;
            } else if block.starts_with("<span") {
                block = block.find('>').map_or("", |end| &block[end + 1..]);
            } else {
                out.push('<');
                block = &block[1..];
            }
        }
        out.push_str(block);
        rest = &rest[start + len..];
    }
    out.push_str(rest);
}

/// How many characters of a question's text its id keeps (`parse::ID_TEXT_MAX`).
const ID_TEXT_MAX: usize = 60;

/// The end of a question's id as the practice page works it out from the question's text HTML
/// (practice-session.js, `slugOfText`), or `None` for a text it does not try: tags dropped,
/// then the slug of the rest ([`crate::slug::slugify`]: apostrophes dropped, each run of
/// characters other than letters and digits one dash, lower case, at most 60 characters). The
/// page's rule is simpler than `slugify` (ASCII only, no entities), so a card leaves its id out
/// only when this gives the very id: most ids are the slug of their text, and writing them out
/// again was a third of the cards' bytes.
fn slug_of_text(html: &str) -> Option<String> {
    if !html.is_ascii() || html.contains('&') {
        return None;
    }
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(crate::slug::slugify(&text, ID_TEXT_MAX))
}

/// The card script of one document, or `None` when it has no questions: the start every id
/// shares, then for each card in order the rest of its id (`""` when it is the slug of the
/// text, [`slug_of_text`]), its text and the rest of its question side (an empty rest is left
/// out).
pub(crate) fn cards(view: &DocumentView) -> Option<OutputFile> {
    let mut questions = Vec::new();
    for s in &view.sections {
        each_view(&s.questions, &mut questions);
    }
    if questions.is_empty() {
        return None;
    }
    let json = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    // Every id is `<slug>--<text>` (parse::assign_ids): the common start is written once.
    let prefix = format!("{}--", view.slug);
    let prefix = if questions.iter().all(|q| q.id.starts_with(&prefix)) {
        prefix
    } else {
        String::new()
    };
    let mut body = format!(
        "prepbookPractice.cards({},{},[",
        json(&view.slug),
        json(&prefix)
    );
    for (n, q) in questions.iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        // An id the client works out from the text is left out ("").
        let rest = &q.id[prefix.len()..];
        let rest = if slug_of_text(&q.text_html).as_deref() == Some(rest) {
            ""
        } else {
            rest
        };
        let _ = write!(body, "\n[{},{}", json(rest), json(&q.text_html));
        let more = more_html(q);
        if !more.is_empty() {
            let _ = write!(body, ",{}", json(&more));
        }
        body.push(']');
    }
    body.push_str("]);\n");
    Some(OutputFile::hashed_script(
        &format!("practice/cards/{}", view.slug),
        body,
    ))
}

/// How many keys a shard holds at least (the last one excepted): 2,048 keys are 16 KB, about
/// 11 KB compressed, so progress in a few documents loads little, and a handbook of 100,000
/// questions has about 50 shards.
const SHARD_KEYS: usize = 2048;

/// The deck: what the practice page knows before it loads any card or key.
#[derive(Debug, Serialize)]
struct Deck<'a> {
    /// The format: 2 since the keys moved out to shards.
    v: u32,
    docs: Vec<DeckDoc<'a>>,
    /// The key shards, from the site root; shard `n` holds the keys of the documents whose
    /// `shard` is `n`.
    shards: Vec<String>,
}

/// One document of the deck. Its cards are its questions and their follow-ups, depth first.
#[derive(Debug, Serialize)]
struct DeckDoc<'a> {
    slug: &'a str,
    title: &'a str,
    /// Its page, from the site root.
    url: String,
    tags: &'a [String],
    /// Its card script, from the site root.
    cards: &'a str,
    /// (title, number of cards) per section, in order; `""` for questions before any heading.
    sections: Vec<(&'a str, usize)>,
    /// Cards (by position in the document) that have no answer yet.
    unanswered: Vec<usize>,
    /// The key shard that holds its keys.
    shard: usize,
}

/// The deck script and the key shards; `card_paths[i]` is the card script of document `i`, if
/// it has one. The deck comes first.
pub(crate) fn deck(site: &Site, card_paths: &[Option<String>]) -> Vec<OutputFile> {
    let mut docs = Vec::new();
    // Each shard's keys by slug, as the script's object: {"slug":"keys",...}.
    let mut shards: Vec<String> = Vec::new();
    let mut in_shard = SHARD_KEYS;
    let json = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
    for (doc, path) in site.documents.iter().zip(card_paths) {
        let Some(path) = path.as_deref() else {
            continue;
        };
        let mut keys = String::new();
        let mut unanswered = Vec::new();
        let mut sections = Vec::with_capacity(doc.sections.len());
        let mut n = 0;
        for s in &doc.sections {
            let questions: Vec<&Question> = s.all_questions().collect();
            for q in &questions {
                keys.push_str(&card_key(&q.id));
                if !q.answered {
                    unanswered.push(n);
                }
                n += 1;
            }
            sections.push((s.title.as_deref().unwrap_or(""), questions.len()));
        }
        if in_shard >= SHARD_KEYS {
            shards.push(String::new());
            in_shard = 0;
        }
        in_shard += n;
        let shard = shards.len() - 1;
        let body = &mut shards[shard];
        body.push(if body.is_empty() { '{' } else { ',' });
        let _ = write!(body, "\n{}:\"{keys}\"", json(&doc.slug));
        docs.push(DeckDoc {
            slug: &doc.slug,
            title: &doc.title,
            url: super::page_name(&doc.slug),
            tags: &doc.meta.tags,
            cards: path,
            sections,
            unanswered,
            shard,
        });
    }
    let shards: Vec<OutputFile> = shards
        .into_iter()
        .enumerate()
        .map(|(n, keys)| {
            OutputFile::hashed_script(
                &format!("practice/keys/{n}"),
                format!("prepbookPractice.keys({n},{keys}}});\n"),
            )
        })
        .collect();
    let deck = Deck {
        v: 2,
        docs,
        shards: shards.iter().map(|f| f.path.clone()).collect(),
    };
    let json = serde_json::to_string(&deck).unwrap_or_else(|_| "{}".to_owned());
    let mut files = vec![OutputFile::hashed_script(
        "practice/deck",
        format!("prepbookPractice.deck({json});\n"),
    )];
    files.extend(shards);
    files
}

#[cfg(test)]
mod tests {
    use super::{card_key, push_without_highlight, slug_of_text};

    #[test]
    fn cards_show_code_without_its_highlighting() {
        let page = "<p>A <span>b</span></p>\n<pre class=\"code hl-code\" data-lang=\"python\"><code class=\"language-python\"><span class=\"hl2 hlb hd2\">import </span>os\nx <span class=\"hl2\">=</span> 1 &lt; 2\n</code></pre>\n<p>after</p>";
        let mut card = String::new();
        push_without_highlight(page, &mut card);
        assert_eq!(
            card,
            "<p>A <span>b</span></p>\n<pre class=\"code hl-code\" data-lang=\"python\"><code class=\"language-python\">import os\nx = 1 &lt; 2\n</code></pre>\n<p>after</p>"
        );
    }

    #[test]
    fn an_id_is_left_out_only_when_the_text_gives_it() {
        // tests/browser/session.test.mjs checks practice-session.js against the same values.
        assert_eq!(
            slug_of_text("What&#39;s <code>HTTP/2</code> push?").as_deref(),
            None,
            "an entity: the id is written out"
        );
        assert_eq!(
            slug_of_text("What's <code>HTTP/2</code> push, <em>really</em>?").as_deref(),
            Some("whats-http-2-push-really")
        );
        assert_eq!(slug_of_text("缓存穿透是什么？"), None, "not ASCII");
        let long =
            "How would you design a rate limiter for a public API that serves millions of clients?";
        assert_eq!(
            slug_of_text(long).as_deref(),
            Some("how-would-you-design-a-rate-limiter-for-a-public-api-that")
        );
        assert_eq!(slug_of_text("").as_deref(), Some(""));
    }

    #[test]
    fn card_keys_are_eight_base36_digits_of_the_fnv_hash() {
        // Worked out independently (Python, FNV-1a 64 over UTF-8); tests/browser/sm2.test.mjs
        // checks practice.js against the same values.
        assert_eq!(card_key(""), "5btzq52d");
        assert_eq!(card_key("a"), "uyw6qq30");
        assert_eq!(
            card_key("system-design-checklist--how-would-you-design-a-url-shortener"),
            "9vcgebba"
        );
        assert_eq!(card_key("questions-zh--缓存穿透是什么"), "wp33vlwl");
    }
}
