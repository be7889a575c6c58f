//! Search: an index over every question, built from the model, shipped as data in shards.
//!
//! Input: the [`Site`], each document's page name and the manifest's path (which the pages
//! name: a hash of the documents when built, one fixed name in the preview). Output: the files
//! under `search/`. Each question is a search document with weighted
//! fields (prompt 4, titles and tags 1.5, answer 1, code 0.3); BM25F impacts are computed here,
//! so the browser only adds numbers. Terms are split into shards by sorted ranges (a query loads
//! only the shards of its words); result text lives in fragment files of a few questions each,
//! loaded per page of results, and the filters' data (documents, sections, the unanswered) in a
//! file of its own, loaded when a filter is used. The manifest, which the first query waits
//! for, holds only where each shard's range starts and a hash per group of files, from which
//! the client derives every file's name: a few kilobytes at 100,000 questions. Every file is a
//! small script handing a plain object to `prepbookSearch.load`, so search works over HTTP and
//! from `file://`, and every other name carries a hash of its content (or its group's), so a new
//! deploy never mixes with a cached old index.

pub(crate) mod stem;
pub(crate) mod tokenize;

use crate::model::{Document, Question, SegmentKind, Site};
use crate::output::{content_hash, OutputFile};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The format of the index's files, in the manifest's name: a build whose files the old
/// script cannot read gets a new name even from unchanged notes and the same version. Bump it
/// with any change to what `search.js` reads.
pub(crate) const FORMAT: u32 = 2;

/// Field weights of BM25F.
const W_PROMPT: f32 = 4.0;
const W_TITLE: f32 = 1.5;
const W_ANSWER: f32 = 1.0;
const W_CODE: f32 = 0.3;
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Questions per fragment file: small, because a page of results touches up to ten of them.
const FRAGMENT_SIZE: usize = 16;
/// Bytes of postings per term shard: small enough that a query's shards stay light, large
/// enough that a small site has a handful of files.
const SHARD_TARGET: usize = 24 * 1024;
/// Prose (a page's text, a section's introduction) ranks below questions: its impacts are
/// scaled by this, so a question with the words comes first, and prose still answers a word
/// that no question has.
const PROSE_BOOST: f32 = 0.3;
/// Characters of answer text kept for snippets.
const EXCERPT: usize = 320;

/// The built index.
pub(crate) struct Index {
    /// Files under `search/`.
    pub(crate) files: Vec<OutputFile>,
}

/// What the index keeps of each document between builds of one process (`serve`): its
/// questions' text and weighted terms, the costly part, by the document's fingerprint.
#[derive(Default)]
pub(crate) struct KeptTerms {
    /// Source path → (fingerprint, prepared questions).
    documents: HashMap<String, (u64, Arc<Vec<Prepared>>)>,
}

impl std::fmt::Debug for KeptTerms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search::KeptTerms({} documents)", self.documents.len())
    }
}

/// One question, ready to index: its entry (`page` and `section` counted within its document)
/// and its terms.
struct Prepared {
    entry: Shown,
    terms: Terms,
    len: f32,
    /// How its impacts are scaled: 1 for a question, [`PROSE_BOOST`] for prose.
    boost: f32,
}

/// A question's terms with their weights, packed in one string: a string per term per
/// question would take most of a large build's memory.
struct Terms {
    text: String,
    spans: Vec<(u32, u32, f32)>,
}

impl Terms {
    /// From every occurrence of a term (a span of `text`, with its field's weight): sorted by
    /// term, repeats merged, the distinct terms packed in order.
    fn new(text: String, mut spans: Vec<(u32, u32, f32)>) -> Self {
        spans.sort_unstable_by(|a, b| {
            text[a.0 as usize..a.1 as usize].cmp(&text[b.0 as usize..b.1 as usize])
        });
        let mut packed = String::with_capacity(text.len() / 2);
        let mut merged: Vec<(u32, u32, f32)> = Vec::with_capacity(spans.len() / 2);
        for &(a, b, w) in &spans {
            let term = &text[a as usize..b as usize];
            match merged.last_mut() {
                Some(last) if &packed[last.0 as usize..last.1 as usize] == term => last.2 += w,
                _ => {
                    let start = packed.len() as u32;
                    packed.push_str(term);
                    merged.push((start, packed.len() as u32, w));
                }
            }
        }
        merged.shrink_to_fit();
        Terms {
            text: packed,
            spans: merged,
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&str, f32)> {
        self.spans
            .iter()
            .map(|&(a, b, w)| (&self.text[a as usize..b as usize], w))
    }
}

/// A prepared question at its place in the site.
struct Placed<'a> {
    entry: &'a Shown,
    /// Its section, counted across the site.
    section: usize,
}

/// What a result shows of a question: the index keeps this, not the whole text.
struct Shown {
    prompt: String,
    url: String,
    excerpt: String,
    /// Its section, counted within its document; `None` for the document's own prose.
    section: Option<usize>,
    answered: bool,
}

/// One question as search sees it.
struct Entry {
    prompt: String,
    titles: String,
    answer: String,
    code: String,
    url: String,
    answered: bool,
}

/// Build the index of `site`; `pages[i]` is the page of document `i`; the manifest is written
/// at `manifest_path`, the path the pages name (the other files' names carry hashes of their
/// content).
pub(crate) fn build(
    site: &Site,
    pages: &[String],
    manifest_path: &str,
    kept: &mut KeptTerms,
) -> Index {
    let prepared: Vec<Arc<Vec<Prepared>>> = site
        .documents
        .par_iter()
        .zip(pages)
        .map(|(doc, page)| match kept.documents.get(&doc.source) {
            Some((fingerprint, ready)) if *fingerprint == doc.fingerprint => ready.clone(),
            _ => Arc::new(prepare(doc, page)),
        })
        .collect();
    kept.documents = site
        .documents
        .iter()
        .zip(&prepared)
        .map(|(d, p)| (d.source.clone(), (d.fingerprint, p.clone())))
        .collect();
    // Number pages and sections across the site.
    let mut sections: Vec<(usize, &str)> = Vec::new();
    let mut entries: Vec<Placed<'_>> = Vec::new();
    let mut weights: Vec<(&Terms, f32)> = Vec::new();
    let mut boosts: Vec<f32> = Vec::new();
    for (d, (doc, ready)) in site.documents.iter().zip(&prepared).enumerate() {
        // A document's own prose sits in an untitled section of its own (the client lists
        // only titled sections in its filter).
        let whole = ready.iter().any(|p| p.entry.section.is_none()).then(|| {
            sections.push((d, ""));
            sections.len() - 1
        });
        let first = sections.len();
        // A heading with nothing under it (it groups the next ones) is no filter: untitled.
        sections.extend(doc.sections.iter().map(|s| {
            let empty = s.questions.is_empty() && s.intro.trim().is_empty();
            (
                d,
                if empty {
                    ""
                } else {
                    s.title.as_deref().unwrap_or("")
                },
            )
        }));
        for p in ready.iter() {
            entries.push(Placed {
                entry: &p.entry,
                section: p
                    .entry
                    .section
                    .map_or(whole.unwrap_or(first), |s| first + s),
            });
            weights.push((&p.terms, p.len));
            boosts.push(p.boost);
        }
    }
    let postings = postings(&weights, &boosts);
    let mut files = Vec::new();
    let (shards, bodies) = shard(&postings);
    drop(postings);
    let shard_hashes = grouped("t", bodies, &mut files);
    let titles: Vec<&str> = site.documents.iter().map(|d| d.title.as_str()).collect();
    let fragment_hashes = grouped("f", fragments(&entries, &sections, &titles), &mut files);
    let meta = Meta {
        pages: titles,
        doc_section: run_lengths(entries.iter().map(|e| e.section)),
        sections,
        unanswered: entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.entry.answered)
            .map(|(i, _)| i)
            .collect(),
    };
    let meta = script("search/meta", "meta", &to_json(&meta));
    let manifest = Manifest {
        v: 2,
        n: entries.len(),
        shards,
        shard_hashes,
        fragment_size: FRAGMENT_SIZE,
        fragment_hashes,
        group: GROUP,
        meta: meta.path.clone(),
    };
    files.push(meta);
    files.push(OutputFile::new(
        manifest_path,
        format!("prepbookSearch.load(\"index\",{});\n", to_json(&manifest)),
    ));
    Index { files }
}

/// What the first query loads: enough to find a word's shard and a question's fragment, and
/// nothing that grows with the text (no file names: they are derived from the hashes).
#[derive(Serialize)]
struct Manifest {
    v: u32,
    /// Number of questions.
    n: usize,
    /// Where each term shard's range starts, in term order: the shortest start of its first
    /// term that sorts after the previous shard's last term ("" for the first shard), so the
    /// client finds a term (or every term with a prefix) by binary search over few bytes.
    shards: Vec<String>,
    /// The hash of each group of [`GROUP`] term shards: shard `i` is
    /// `search/t-<i>.<shard_hashes[i / group]>.js`.
    shard_hashes: Vec<String>,
    /// Questions per fragment file.
    fragment_size: usize,
    /// The hash of each group of fragments: fragment `n` is
    /// `search/f-<n>.<fragment_hashes[n / group]>.js`.
    fragment_hashes: Vec<String>,
    /// Files per hash group.
    group: usize,
    /// The path of the filters' data ([`Meta`]), loaded once a filter needs it.
    meta: String,
}

/// What only the filters need, out of the manifest: at 100,000 questions it is more than the
/// rest together, and an unfiltered query never reads it (its results carry their own labels).
#[derive(Serialize)]
struct Meta<'a> {
    /// Title per document.
    pages: Vec<&'a str>,
    /// (document, title) per section.
    sections: Vec<(usize, &'a str)>,
    /// The section of each question, run-length encoded: [section, count, ...].
    doc_section: Vec<usize>,
    /// Questions without an answer.
    unanswered: Vec<usize>,
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn run_lengths(values: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for v in values {
        match out.len() {
            n if n >= 2 && out[n - 2] == v => out[n - 1] += 1,
            _ => out.extend([v, 1]),
        }
    }
    out
}

fn entry(doc: &Document, section: Option<&str>, q: &Question, page: &str) -> Entry {
    let mut titles = format!("{} {}", doc.title, section.unwrap_or(""));
    for t in &doc.meta.tags {
        titles.push(' ');
        titles.push_str(t);
    }
    for extra in [&doc.meta.company, &doc.meta.role].into_iter().flatten() {
        titles.push(' ');
        titles.push_str(extra);
    }
    let mut answer = String::new();
    let mut code = String::new();
    plain_text(&q.prompt, &mut answer, &mut code);
    for seg in &q.segments {
        if let (Some(t), SegmentKind::Part | SegmentKind::Example) = (&seg.title, seg.kind) {
            answer.push_str(t);
            answer.push_str(". ");
        }
        plain_text(&seg.markdown, &mut answer, &mut code);
    }
    // The prompt's text as shown: code spans keep their `<`, markup goes.
    let mut prompt = String::new();
    plain_text(&q.text, &mut prompt, &mut code);
    Entry {
        prompt: prompt.split_whitespace().collect::<Vec<_>>().join(" "),
        titles,
        answer,
        code,
        url: format!("{page}#{}", q.id),
        answered: q.answered,
    }
}

/// The visible text of markdown, code apart.
fn plain_text(markdown: &str, text: &mut String, code: &mut String) {
    let mut in_code = false;
    // Math as the page reads it, so a formula's source is indexed whole (`\sigma`, `x_i`).
    let options = crate::cmark::options() | pulldown_cmark::Options::ENABLE_MATH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => code.push_str(&t),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push(' ');
                text.push_str(&t);
                text.push(' ');
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) if !text.ends_with(' ') => text.push(' '),
            _ => {}
        }
    }
}

/// Every question of `doc` (children after their parent), with its terms.
fn prepare(doc: &Document, page: &str) -> Vec<Prepared> {
    let questions: Vec<(usize, Option<&str>, &Question)> = doc
        .sections
        .iter()
        .enumerate()
        .flat_map(|(s, section)| {
            section
                .all_questions()
                .map(move |q| (s, section.title.as_deref(), q))
        })
        .collect();
    let mut prepared: Vec<Prepared> = questions
        .par_iter()
        .map(|&(s, title, q)| ready(entry(doc, title, q, page), Some(s), 1.0))
        .collect();
    prepared.extend(
        prose(doc, page)
            .into_iter()
            .map(|(entry, section)| ready(entry, section, PROSE_BOOST)),
    );
    prepared
}

/// An entry with its terms, ready to index.
fn ready(entry: Entry, section: Option<usize>, boost: f32) -> Prepared {
    let (terms, len) = term_weights(&entry);
    let entry = Shown {
        excerpt: excerpt(&entry.answer),
        prompt: entry.prompt,
        url: entry.url,
        section,
        answered: entry.answered,
    };
    Prepared {
        entry,
        terms,
        len,
        boost,
    }
}

/// The prose of `doc` as search entries: its intro, each section's intro and its outro, cut
/// at their headings, each piece titled by its heading (or the section's or document's title)
/// and linking to it. Transcripts are shown as conversations, not prose.
fn prose(doc: &Document, page: &str) -> Vec<(Entry, Option<usize>)> {
    use crate::links::anchors;
    if doc.kind == crate::model::Kind::Transcript {
        return Vec::new();
    }
    let has_prose = |m: &str| !m.trim().is_empty();
    if !has_prose(&doc.intro)
        && !has_prose(&doc.outro)
        && !doc.sections.iter().any(|s| has_prose(&s.intro))
    {
        return Vec::new();
    }
    let headings = anchors::heading_ids(doc, anchors::own_ids(doc));
    let page_anchors = anchors::page_anchors(doc);
    let mut out = Vec::new();
    let mut add = |markdown: &str,
                   ids: &[Option<String>],
                   title: &str,
                   url: String,
                   section: Option<usize>| {
        for (n, (heading, text)) in pieces(markdown).into_iter().enumerate() {
            let mut answer = String::new();
            let mut code = String::new();
            plain_text(&text, &mut answer, &mut code);
            if answer.trim().is_empty() && code.trim().is_empty() {
                continue;
            }
            // Piece 0 is the text before the first heading; piece n the text under heading n.
            let (prompt, url) = match (heading, n.checked_sub(1).and_then(|i| ids.get(i))) {
                (Some(h), Some(Some(id))) => (h, format!("{page}#{id}")),
                (Some(h), _) => (h, url.clone()),
                (None, _) => (title.to_owned(), url.clone()),
            };
            out.push((
                Entry {
                    prompt,
                    titles: format!("{} {}", doc.title, doc.meta.tags.join(" ")),
                    answer,
                    code,
                    url,
                    answered: true,
                },
                section,
            ));
        }
    };
    // Text before any heading links to the page's main element (every template has it).
    let top = format!("{page}#main");
    add(&doc.intro, &headings.intro, &doc.title, top.clone(), None);
    for (i, s) in doc.sections.iter().enumerate() {
        let id = &page_anchors.sections[i].id;
        let title = s.title.as_deref().unwrap_or(&doc.title);
        let ids = headings.sections.get(i).map_or(&[][..], Vec::as_slice);
        add(&s.intro, ids, title, format!("{page}#{id}"), Some(i));
    }
    add(&doc.outro, &headings.outro, &doc.title, top, None);
    out
}

/// Markdown cut at its headings: the text before the first (without a heading), then each
/// heading's text with the markdown under it.
fn pieces(markdown: &str) -> Vec<(Option<String>, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out: Vec<(Option<String>, String)> = vec![(None, String::new())];
    let mut heading: Option<String> = None;
    let mut body_start = 0;
    for (event, range) in Parser::new_ext(markdown, crate::cmark::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                if let Some(last) = out.last_mut() {
                    last.1 = markdown[body_start..range.start].to_owned();
                }
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                out.push((heading.take(), String::new()));
                body_start = range.end;
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            _ => {}
        }
    }
    if let Some(last) = out.last_mut() {
        last.1 = markdown[body_start..].to_owned();
    }
    out
}

/// Per question: its terms with their weighted frequencies (sorted), and its weighted length.
fn term_weights(e: &Entry) -> (Terms, f32) {
    // Every term is appended to one buffer; spans point into it.
    let mut text = String::new();
    let mut spans: Vec<(u32, u32, f32)> = Vec::new();
    for (field, weight) in [
        (&e.prompt, W_PROMPT),
        (&e.titles, W_TITLE),
        (&e.answer, W_ANSWER),
        (&e.code, W_CODE),
    ] {
        tokenize::each_term(field, true, |term, _, _| {
            let start = text.len() as u32;
            text.push_str(term);
            spans.push((start, text.len() as u32, weight));
        });
    }
    let len = spans.iter().map(|s| s.2).sum();
    (Terms::new(text, spans), len)
}

/// term → its postings, encoded (see [`encode`]), in term order. Impacts are BM25F scores
/// ×100, rounded. One flat list of (term, question) is sorted once, so no map keyed by strings
/// grows term by term, and each term's list is encoded straight from it.
fn postings(per_doc: &[(&Terms, f32)], boosts: &[f32]) -> Vec<(String, String)> {
    let n = per_doc.len() as f32;
    let avg = per_doc.iter().map(|(_, l)| l).sum::<f32>() / n.max(1.0);
    // Intern the terms, sort only the distinct ones by text, then sort pairs by integer keys.
    let mut ids: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut flat: Vec<(u32, u32, f32)> =
        Vec::with_capacity(per_doc.iter().map(|(t, _)| t.spans.len()).sum());
    for (d, (terms, _)) in per_doc.iter().enumerate() {
        for (t, w) in terms.iter() {
            let next = ids.len() as u32;
            let id = *ids.entry(t).or_insert(next);
            flat.push((id, d as u32, w));
        }
    }
    let mut terms: Vec<(&str, u32)> = ids.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut rank = vec![0u32; terms.len()];
    for (r, (_, id)) in terms.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    flat.par_sort_unstable_by_key(|&(id, d, _)| {
        (u64::from(rank[id as usize]) << 32) | u64::from(d)
    });
    // Where each term's run starts, so the runs encode in parallel.
    let mut starts: Vec<usize> = Vec::with_capacity(terms.len() + 1);
    starts.extend((0..flat.len()).filter(|&i| i == 0 || flat[i].0 != flat[i - 1].0));
    starts.push(flat.len());
    starts
        .par_windows(2)
        .map(|w| {
            let group = &flat[w[0]..w[1]];
            let df = group.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            let list = group.iter().map(|&(_, d, w)| {
                let len = per_doc[d as usize].1;
                let score = idf * w * (K1 + 1.0) / (w + K1 * (1.0 - B + B * len / avg.max(1.0)))
                    * boosts.get(d as usize).copied().unwrap_or(1.0);
                (d, (score * 100.0).round().max(1.0) as u32)
            });
            let term = terms[rank[group[0].0 as usize] as usize].0;
            (term.to_owned(), encode(list))
        })
        .collect()
}

/// Split the sorted terms into shards of about `SHARD_TARGET` bytes each: per shard, where
/// its range starts (see [`Manifest::shards`]) and its data, a map of term to postings. Terms
/// sort by code point on both sides.
fn shard(postings: &[(String, String)]) -> (Vec<String>, Vec<String>) {
    let mut ranges: Vec<&[(String, String)]> = Vec::new();
    let (mut start, mut size) = (0, 0);
    for (i, (term, encoded)) in postings.iter().enumerate() {
        if size > 0 && size + encoded.len() > SHARD_TARGET {
            ranges.push(&postings[start..i]);
            (start, size) = (i, 0);
        }
        size += term.len() + encoded.len() + 6;
    }
    // An empty handbook still has one (empty) shard: the client looks a word up in the shard
    // whose range holds it, and with none it would fail instead of finding nothing.
    if start < postings.len() || ranges.is_empty() {
        ranges.push(&postings[start..]);
    }
    let starts = ranges
        .iter()
        .enumerate()
        .map(|(i, range)| match (i.checked_sub(1), range.first()) {
            (Some(before), Some((first, _))) => {
                let last = ranges[before].last().map_or("", |p| p.0.as_str());
                separator(last, first)
            }
            _ => String::new(),
        })
        .collect();
    let data = ranges
        .par_iter()
        .map(|range| {
            let map: BTreeMap<&str, &str> = range
                .iter()
                .map(|(t, p)| (t.as_str(), p.as_str()))
                .collect();
            to_json(&map)
        })
        .collect();
    (starts, data)
}

/// The shortest start of `first` that sorts after `last` (`last < first`, the last term of
/// the shard before). Every term of the shard sorts at or after it and every earlier term
/// before it, so the client finds a term's shard by it as by the shard's first term. It is a
/// start of `first`, so it starts with a prefix exactly when `first` does (but in the shard
/// where the prefix's terms begin, found by the prefix itself): a prefix's shards are found as
/// before too.
fn separator(last: &str, first: &str) -> String {
    let common = last
        .chars()
        .zip(first.chars())
        .take_while(|(a, b)| a == b)
        .count();
    first.chars().take(common + 1).collect()
}

/// Postings as a compact string: question-id gaps and impacts in base 36, `,`-separated pairs.
fn encode(list: impl Iterator<Item = (u32, u32)>) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (n, (doc, impact)) in list.enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_base36(&mut out, doc - last);
        out.push('.');
        push_base36(&mut out, impact);
        last = doc;
    }
    out
}

fn push_base36(out: &mut String, mut n: u32) {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = [0u8; 8];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = DIGITS[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Result text, in files of `FRAGMENT_SIZE` questions: `{"where": [label, ...], "rows":
/// [[prompt, url, excerpt, label, unanswered], ...]}`, where a label ("Document · Section")
/// is counted within the file (its questions mostly share one) and `unanswered` is 1 or 0.
/// A result so shows everything it needs from its own fragment.
fn fragments(entries: &[Placed<'_>], sections: &[(usize, &str)], titles: &[&str]) -> Vec<String> {
    #[derive(Serialize)]
    struct Fragment<'a> {
        #[serde(rename = "where")]
        labels: Vec<String>,
        rows: Vec<(&'a str, &'a str, &'a str, usize, u8)>,
    }
    entries
        .par_chunks(FRAGMENT_SIZE)
        .map(|chunk| {
            let mut labels: Vec<String> = Vec::new();
            let rows = chunk
                .iter()
                .map(|p| {
                    let (doc, section) = sections[p.section];
                    let label = match section {
                        "" => titles[doc].to_owned(),
                        s => format!("{} · {s}", titles[doc]),
                    };
                    let at = labels.iter().position(|l| *l == label).unwrap_or_else(|| {
                        labels.push(label);
                        labels.len() - 1
                    });
                    (
                        p.entry.prompt.as_str(),
                        p.entry.url.as_str(),
                        p.entry.excerpt.as_str(),
                        at,
                        u8::from(!p.entry.answered),
                    )
                })
                .collect();
            to_json(&Fragment { labels, rows })
        })
        .collect()
}

fn excerpt(text: &str) -> String {
    // Whitespace collapsed, up to EXCERPT characters and a word: only the head is looked at.
    let mut out = String::with_capacity(EXCERPT + 8);
    let mut count = 0;
    let mut words = text.split_whitespace();
    let mut cut = false;
    for word in words.by_ref() {
        let n = word.chars().count();
        if count + usize::from(count > 0) + n > EXCERPT {
            cut = true;
            if count <= EXCERPT / 2 {
                // A long word: cut inside it rather than lose most of the snippet.
                if count > 0 {
                    out.push(' ');
                    count += 1;
                }
                out.extend(word.chars().take(EXCERPT - count));
            }
            break;
        }
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        out.push_str(word);
        count += n;
    }
    if cut {
        out.push('…');
    }
    out
}

/// Files per hash: the manifest lists a hash per group of files rather than a name per file.
/// Small enough that an edit renames few files; large enough that the hashes of 100,000
/// questions' files (137 groups) take about a kilobyte.
const GROUP: usize = 64;

/// Write each of `data` as `search/<stem>-<n>.<hash>.js`, a script calling
/// `prepbookSearch.load("<stem>:<n>", data)`; returns the hashes, one per [`GROUP`] files.
/// A group's hash is made of its files' contents, so a changed file gets a new name, as with a
/// hash per file, and a new deploy never mixes with a cached old index.
fn grouped(stem: &str, data: Vec<String>, files: &mut Vec<OutputFile>) -> Vec<String> {
    let bodies: Vec<String> = data
        .into_par_iter()
        .enumerate()
        .map(|(n, json)| load_call(&format!("{stem}:{n}"), &json))
        .collect();
    let hashes: Vec<String> = bodies
        .par_chunks(GROUP)
        .map(|group| {
            let each: Vec<u8> = group
                .iter()
                .flat_map(|body| content_hash(body.as_bytes()).to_le_bytes())
                .collect();
            format!("{:08x}", content_hash(&each) as u32)
        })
        .collect();
    files.extend(bodies.into_iter().enumerate().map(|(n, body)| {
        OutputFile::new(format!("search/{stem}-{n}.{}.js", hashes[n / GROUP]), body)
    }));
    hashes
}

fn load_call(key: &str, json: &str) -> String {
    format!("prepbookSearch.load({},{json});\n", to_json(&key))
}

/// `prepbookSearch.load(key, data)` as `<name>.<hash>.js`.
fn script(name: &str, key: &str, json: &str) -> OutputFile {
    OutputFile::hashed_script(name, load_call(key, json))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(prompt: &str, answer: &str, code: &str) -> Entry {
        Entry {
            prompt: prompt.into(),
            titles: "Notes".into(),
            answer: answer.into(),
            code: code.into(),
            url: String::new(),
            answered: true,
        }
    }

    /// The impact of `term` for question `doc`, read back from the encoded postings.
    fn impact(postings: &[(String, String)], term: &str, doc: u32) -> u32 {
        let list = &postings.iter().find(|(t, _)| t == term).unwrap().1;
        let mut at = 0;
        for pair in list.split(',') {
            let (gap, impact) = pair.split_once('.').unwrap();
            at += u32::from_str_radix(gap, 36).unwrap();
            if at == doc {
                return u32::from_str_radix(impact, 36).unwrap();
            }
        }
        0
    }

    #[test]
    fn bm25f_weighs_prompt_over_answer_over_code_and_rare_over_common() {
        let entries = [
            entry("How does Kafka keep order?", "Partitions keep order.", ""),
            entry(
                "What is a queue?",
                "A buffer; Kafka is one example of a log.",
                "",
            ),
            entry("Show a consumer", "Read in a loop.", "kafka.consume(order)"),
            entry("Explain order guarantees", "Order per key.", ""),
        ];
        let weights: Vec<(Terms, f32)> = entries.iter().map(term_weights).collect();
        let weights: Vec<(&Terms, f32)> = weights.iter().map(|(t, l)| (t, *l)).collect();
        let postings = postings(&weights, &[1.0; 4]);
        let kafka = |d| impact(&postings, "kafka", d);
        assert!(
            kafka(0) > kafka(1),
            "prompt beats answer: {} vs {}",
            kafka(0),
            kafka(1)
        );
        assert!(
            kafka(1) > kafka(2),
            "answer beats code: {} vs {}",
            kafka(1),
            kafka(2)
        );
        // "order" is in three questions, "partit" in one: the rare word weighs more.
        assert!(impact(&postings, "partit", 0) > impact(&postings, "order", 0) / 2);
        assert!(
            postings.windows(2).all(|w| w[0].0 < w[1].0),
            "terms sorted for range shards"
        );
    }

    #[test]
    fn an_empty_index_still_has_a_shard_to_look_words_up_in() {
        let (starts, data) = shard(&[]);
        assert_eq!(starts, [""]);
        assert_eq!(data, ["{}"]);
    }

    /// The shard the client picks for `term`: the last whose start is at or before it.
    fn shard_of(starts: &[String], term: &str) -> usize {
        starts.partition_point(|s| s.as_str() <= term) - 1
    }

    #[test]
    fn shard_starts_are_short_and_find_every_term_and_prefix_as_first_terms_would() {
        // Terms sharing long heads, one that is the start of the next, and non-ASCII ones.
        let mut terms: Vec<String> = (0..3000)
            .map(|i| format!("cache{i:04}"))
            .chain(["cach", "cache", "x", "über", "缓存", "缓存穿透", "😀"].map(String::from))
            .collect();
        terms.sort();
        let postings: Vec<(String, String)> = terms
            .iter()
            .map(|t| (t.clone(), "0.a,".repeat(8) + "1.b"))
            .collect();
        let (starts, data) = shard(&postings);
        assert!(starts.len() > 5, "{} shards", starts.len());
        assert_eq!(starts.len(), data.len());
        assert_eq!(starts[0], "");
        let holding = |term: &str| data.iter().position(|d| d.contains(&format!("\"{term}\"")));
        for term in &terms {
            assert_eq!(Some(shard_of(&starts, term)), holding(term), "{term}");
        }
        // A prefix's shards: from its own shard on, while a start has the prefix.
        for prefix in ["cache1", "cache12", "缓"] {
            let first = shard_of(&starts, prefix);
            let mut found: Vec<usize> = vec![first];
            found.extend((first + 1..starts.len()).take_while(|&i| starts[i].starts_with(prefix)));
            let mut want: Vec<usize> = terms
                .iter()
                .filter(|t| t.starts_with(prefix))
                .filter_map(|t| holding(t))
                .collect();
            want.dedup();
            assert!(
                want.iter().all(|w| found.contains(w)),
                "{prefix}: {want:?} in {found:?}"
            );
            assert!(
                found.len() <= want.len() + 1,
                "{prefix}: {found:?} for {want:?}"
            );
        }
        // Each start is a start of its shard's first term (shorter where it can be).
        for (i, start) in starts.iter().enumerate().skip(1) {
            let first = terms.iter().find(|t| holding(t) == Some(i)).unwrap();
            assert!(first.starts_with(start.as_str()), "{start} for {first}");
        }
        assert!(starts
            .iter()
            .any(|s| s.len() < "cache0000".len() && !s.is_empty()));
        assert_eq!(separator("cach", "cache"), "cache");
        assert_eq!(separator("cab", "cache"), "cac");
        assert_eq!(separator("zz", "über"), "ü");
    }

    #[test]
    fn files_are_named_by_their_groups_hash_which_changes_with_any_file_of_the_group() {
        let data = |changed: &str| -> Vec<String> {
            (0..GROUP + 3)
                .map(|n| {
                    if n == 1 {
                        changed.to_owned()
                    } else {
                        format!("[{n}]")
                    }
                })
                .collect()
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let ha = grouped("t", data("[1]"), &mut a);
        let hb = grouped("t", data("[one]"), &mut b);
        assert_eq!(ha.len(), 2);
        assert_ne!(ha[0], hb[0], "a changed file renames its group");
        assert_eq!(ha[1], hb[1], "the other groups keep their names");
        assert_eq!(a[1].path, format!("search/t-1.{}.js", ha[0]));
        assert_eq!(a[GROUP].path, format!("search/t-{GROUP}.{}.js", ha[1]));
        assert_eq!(
            String::from_utf8_lossy(&a[1].bytes),
            "prepbookSearch.load(\"t:1\",[1]);\n"
        );
    }

    #[test]
    fn prose_is_cut_at_its_headings() {
        let cut = pieces("Before.\n\n## One\n\nUnder one.\n\n### `Two`\n\nUnder two.\n");
        let titles: Vec<Option<&str>> = cut.iter().map(|(h, _)| h.as_deref()).collect();
        assert_eq!(titles, [None, Some("One"), Some("Two")]);
        assert!(cut[0].1.contains("Before.") && !cut[0].1.contains("One"));
        assert!(cut[1].1.contains("Under one.") && !cut[1].1.contains("Under two."));
        assert!(cut[2].1.contains("Under two."));
    }

    #[test]
    fn postings_encode_gaps_in_base36() {
        assert_eq!(
            encode([(3, 120), (40, 7), (40 + 36 * 36, 0)].into_iter()),
            "3.3c,11.7,100.0"
        );
        assert_eq!(
            run_lengths([0, 0, 0, 1, 1, 3].into_iter()),
            [0, 3, 1, 2, 3, 1]
        );
    }
}
