//! Search: an index over every question, built from the model, shipped as data in shards.
//!
//! Input: the [`Site`], each document whole ([`Whole`]: the site may hold outlines), each
//! document's page name and the manifest's path (which the pages name: a hash of the documents when
//! built, one fixed name in the preview). Output: the files under `search/`, into a sink as they
//! are made: documents are prepared a batch at a time and merged, in site order, into packed
//! postings, so the index never holds every question's terms. Each question is a search document
//! with weighted fields (prompt 4, titles and tags 1.5, answer 1, code 0.3); BM25F impacts are
//! computed here, so the browser only adds numbers. Terms are split into shards by sorted ranges (a
//! query loads only the shards of its words); result text lives in fragment files of a few
//! questions each, loaded per page of results, and the filters' data (documents, sections, the
//! unanswered) in a file of its own, loaded when a filter is used. The manifest, which the first
//! query waits for, holds only where each shard's range starts and a hash per group of files, from
//! which the client derives every file's name: a few kilobytes at 100,000 questions. Every file is
//! a small script handing a plain object to `prepbookSearch.load`, so search works over HTTP and
//! from `file://`, and every other name carries a hash of its content (or its group's), so a new
//! deploy never mixes with a cached old index.

pub(crate) mod stem;
pub(crate) mod tokenize;

use crate::error::Error;
use crate::model::{Document, Question, SegmentKind, Site, Whole};
use crate::output::{content_hash, OutputFile, Sink};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The format of the index's files, in the manifest's name: a build whose files the old
/// script cannot read gets a new name even from unchanged notes and the same version. Bump it
/// with any change to what `search.js` reads.
pub(crate) const FORMAT: u32 = 2;

/// Field weights of BM25F, in tenths: whole numbers add up exactly, and pack small.
const W_PROMPT: u32 = 40;
const W_TITLE: u32 = 15;
const W_ANSWER: u32 = 10;
const W_CODE: u32 = 3;
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

/// The built index, in memory: for `serve`, which serves it from there (`build` streams the
/// files into its output folder instead, through [`build`]'s sink).
pub(crate) struct Index {
    /// Files under `search/`.
    pub(crate) files: Vec<OutputFile>,
}

/// What the index keeps of each document between builds of one process (`serve`): its
/// questions' text and weighted terms, the costly part, by the document's fingerprint. A
/// one-off build keeps nothing: it would hold every question's terms until the end.
#[derive(Default)]
pub(crate) struct KeptTerms {
    keep: bool,
    /// Source path → (fingerprint, prepared questions).
    documents: HashMap<String, (u64, Arc<Vec<Prepared>>)>,
}

impl KeptTerms {
    /// Terms kept from each build for the next one.
    pub(crate) fn keeping() -> Self {
        KeptTerms {
            keep: true,
            documents: HashMap::new(),
        }
    }
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
    spans: Vec<(u32, u32, u32)>,
}

impl Terms {
    /// From every occurrence of a term (a span of `text`, with its field's weight): repeats
    /// merged, the distinct terms packed in the order they first occur (the index sorts the
    /// site's terms once, not each question's).
    fn new(text: String, spans: Vec<(u32, u32, u32)>) -> Self {
        let mut packed = String::with_capacity(text.len() / 2);
        let mut merged: Vec<(u32, u32, u32)> = Vec::with_capacity(spans.len() / 2);
        let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        at.reserve(spans.len() / 2);
        for &(a, b, w) in &spans {
            let term = &text[a as usize..b as usize];
            match at.entry(term) {
                std::collections::hash_map::Entry::Occupied(seen) => merged[*seen.get()].2 += w,
                std::collections::hash_map::Entry::Vacant(new) => {
                    new.insert(merged.len());
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

    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.spans
            .iter()
            .map(|&(a, b, w)| (&self.text[a as usize..b as usize], w))
    }
}

/// A question as the index holds it once its terms are merged: what its result shows, and
/// its section, counted across the site.
struct Row {
    shown: Shown,
    section: usize,
}

/// What a result shows of a question: the index keeps this, not the whole text.
#[derive(Clone)]
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

/// Documents whose questions are prepared at once, then merged into the index and dropped: a
/// build holds the terms of a batch, not of the site.
const BATCH: usize = 32;

/// Build the index of `site` into `sink`, each file as soon as it is made; `pages[i]` is the
/// page of document `i`; the manifest is written at `manifest_path`, the path the pages name
/// (the other files' names carry hashes of their content).
pub(crate) fn build(
    site: &Site,
    whole: Whole<'_>,
    pages: &[String],
    manifest_path: &str,
    kept: &mut KeptTerms,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let mut merged = Merge::default();
    let mut rows: Vec<Row> = Vec::new();
    // Sections numbered across the site: (document, title).
    let mut sections: Vec<(usize, &str)> = Vec::new();
    let mut now_kept = HashMap::new();
    for (b, batch) in site.documents.chunks(BATCH).enumerate() {
        let offset = b * BATCH;
        // Each document whole (parsed again, for an outline), with its questions prepared.
        let ready: Vec<(Arc<Document>, Arc<Vec<Prepared>>)> = batch
            .par_iter()
            .zip(&pages[offset..offset + batch.len()])
            .enumerate()
            .map(|(k, (doc, page))| {
                Ok(match kept.documents.get(&doc.source) {
                    Some((fingerprint, ready)) if *fingerprint == doc.fingerprint => {
                        (doc.clone(), ready.clone())
                    }
                    _ => {
                        let doc = whole(offset + k)?;
                        let ready = Arc::new(prepare(&doc, page));
                        (doc, ready)
                    }
                })
            })
            .collect::<Result<_, Error>>()?;
        for (k, (doc, ready)) in ready.into_iter().enumerate() {
            let d = offset + k;
            // A document's own prose sits in an untitled section of its own (the client lists
            // only titled sections in its filter).
            let whole = ready.iter().any(|p| p.entry.section.is_none()).then(|| {
                sections.push((d, ""));
                sections.len() - 1
            });
            let first = sections.len();
            // A heading with nothing under it (it groups the next ones) is no filter: untitled.
            // Titles from the site's document, which outlives the batch.
            let held = &site.documents[d];
            sections.extend(doc.sections.iter().zip(&held.sections).map(|(s, h)| {
                let empty = s.questions.is_empty() && s.intro.trim().is_empty();
                let title = h.title.as_deref().unwrap_or("");
                (d, if empty { "" } else { title })
            }));
            let section = |p: &Prepared| {
                p.entry
                    .section
                    .map_or(whole.unwrap_or(first), |s| first + s)
            };
            if kept.keep {
                now_kept.insert(doc.source.clone(), (doc.fingerprint, ready.clone()));
            }
            // Moved out when nothing else holds it (a one-off build), copied when kept.
            match Arc::try_unwrap(ready) {
                Ok(list) => {
                    for p in list {
                        merged.add(&p.terms, p.len, p.boost);
                        let section = section(&p);
                        rows.push(Row {
                            shown: p.entry,
                            section,
                        });
                    }
                }
                Err(shared) => {
                    for p in shared.iter() {
                        merged.add(&p.terms, p.len, p.boost);
                        rows.push(Row {
                            shown: p.entry.clone(),
                            section: section(p),
                        });
                    }
                }
            }
        }
    }
    kept.documents = now_kept;
    let (shards, shard_hashes) = merged.write_shards(sink)?;
    drop(merged);
    let titles: Vec<&str> = site.documents.iter().map(|d| d.title.as_str()).collect();
    let fragment_hashes = fragments(&rows, &sections, &titles, sink)?;
    let meta = Meta {
        pages: titles,
        doc_section: run_lengths(rows.iter().map(|r| r.section)),
        sections,
        unanswered: rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.shown.answered)
            .map(|(i, _)| i)
            .collect(),
    };
    let meta = script("search/meta", "meta", &to_json(&meta));
    let manifest = Manifest {
        v: 2,
        n: rows.len(),
        shards,
        shard_hashes,
        fragment_size: FRAGMENT_SIZE,
        fragment_hashes,
        group: GROUP,
        meta: meta.path.clone(),
    };
    sink.put(meta)?;
    sink.put(OutputFile::new(
        manifest_path,
        format!("prepbookSearch.load(\"index\",{});\n", to_json(&manifest)),
    ))
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
    let mut spans: Vec<(u32, u32, u32)> = Vec::new();
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
    let len = spans.iter().map(|s| s.2).sum::<u32>() as f32 / 10.0;
    (Terms::new(text, spans), len)
}

/// The postings of every term, merged question by question in site order and held packed:
/// per term, the gaps between its questions and its weights (in tenths) as varints, a few
/// bytes a posting, where a list of (term, question, weight) would take twelve.
#[derive(Default)]
struct Merge {
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    lists: Vec<List>,
    /// Per question: its weighted length and its boost.
    lens: Vec<f32>,
    boosts: Vec<f32>,
}

/// One term's postings, packed.
#[derive(Default)]
struct List {
    bytes: Vec<u8>,
    /// The last question added, which the next gap is counted from.
    last: u32,
    /// How many questions have the term.
    count: u32,
}

impl Merge {
    /// Add the next question.
    fn add(&mut self, terms: &Terms, len: f32, boost: f32) {
        let question = self.lens.len() as u32;
        self.lens.push(len);
        self.boosts.push(boost);
        for (term, weight) in terms.iter() {
            let id = match self.ids.get(term) {
                Some(&id) => id,
                None => {
                    let id = self.lists.len() as u32;
                    self.ids.insert(term.into(), id);
                    self.lists.push(List::default());
                    id
                }
            };
            let list = &mut self.lists[id as usize];
            push_varint(&mut list.bytes, question - list.last);
            push_varint(&mut list.bytes, weight);
            list.last = question;
            list.count += 1;
        }
    }

    /// The terms in order (by code point, as the client compares them), with their ids.
    fn sorted(&self) -> Vec<(&str, u32)> {
        let mut terms: Vec<(&str, u32)> = self.ids.iter().map(|(t, &id)| (&**t, id)).collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        terms
    }

    /// Term `id`'s postings, encoded (see [`encode`]): impacts are BM25F scores ×100, rounded.
    #[cfg(test)]
    fn encoded(&self, id: u32) -> String {
        let n = self.lens.len() as f32;
        let avg = self.lens.iter().sum::<f32>() / n.max(1.0);
        self.encoded_with(id, n, avg)
    }

    /// Term `id`'s postings, encoded, given the number of questions and their average length.
    fn encoded_with(&self, id: u32, n: f32, avg: f32) -> String {
        let list = &self.lists[id as usize];
        let df = list.count as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut bytes = &list.bytes[..];
        let mut question = 0;
        encode(std::iter::from_fn(|| {
            if bytes.is_empty() {
                return None;
            }
            question += read_varint(&mut bytes);
            let w = read_varint(&mut bytes) as f32 / 10.0;
            let d = question as usize;
            let len = self.lens[d];
            let score = idf * w * (K1 + 1.0) / (w + K1 * (1.0 - B + B * len / avg.max(1.0)))
                * self.boosts[d];
            Some((question, (score * 100.0).round().max(1.0) as u32))
        }))
    }

    /// Write the term shards into `sink`, group by group as they fill; returns where each
    /// shard's range starts and each group's hash (see [`Manifest`]).
    fn write_shards(&self, sink: &dyn Sink) -> Result<(Vec<String>, Vec<String>), Error> {
        let n = self.lens.len() as f32;
        let avg = self.lens.iter().sum::<f32>() / n.max(1.0);
        let terms = self.sorted();
        let mut shards = Shards::default();
        let mut files = Grouped::new("t", sink);
        // Encoded a slice of terms at a time, in parallel: the encoded lists of the whole
        // index are never all in memory.
        for slice in terms.chunks(4096) {
            let encoded: Vec<String> = slice
                .par_iter()
                .map(|&(_, id)| self.encoded_with(id, n, avg))
                .collect();
            for (&(term, _), list) in slice.iter().zip(encoded) {
                shards.push(term, list);
            }
            while shards.closed.len() >= GROUP {
                files.put(shards.take(GROUP))?;
            }
        }
        shards.finish();
        while !shards.closed.is_empty() {
            files.put(shards.take(GROUP))?;
        }
        Ok((shards.starts, files.hashes))
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut &[u8]) -> u32 {
    let mut n = 0;
    let mut shift = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        *bytes = rest;
        n |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    n
}

/// Sorted terms with their encoded postings, packed into shards of about `SHARD_TARGET`
/// bytes each as they come: per shard, where its range starts (see [`Manifest::shards`]) and
/// its data, a map of term to postings. Terms sort by code point on both sides.
#[derive(Default)]
struct Shards<'t> {
    starts: Vec<String>,
    /// The shard being filled, and its size.
    open: Vec<(&'t str, String)>,
    size: usize,
    /// The last term of the shard before the open one.
    last: &'t str,
    /// Shards full and not yet taken.
    closed: std::collections::VecDeque<Vec<(&'t str, String)>>,
}

impl<'t> Shards<'t> {
    fn push(&mut self, term: &'t str, encoded: String) {
        if self.size > 0 && self.size + encoded.len() > SHARD_TARGET {
            self.close();
        }
        if self.open.is_empty() {
            let start = match self.starts.is_empty() {
                true => String::new(),
                false => separator(self.last, term),
            };
            self.starts.push(start);
        }
        self.size += term.len() + encoded.len() + 6;
        self.open.push((term, encoded));
    }

    fn close(&mut self) {
        if let Some((term, _)) = self.open.last() {
            self.last = term;
        }
        self.closed.push_back(std::mem::take(&mut self.open));
        self.size = 0;
    }

    /// Close the last shard. An empty handbook still has one (empty) shard: the client looks
    /// a word up in the shard whose range holds it, and with none it would fail instead of
    /// finding nothing.
    fn finish(&mut self) {
        if !self.open.is_empty() || self.starts.is_empty() {
            if self.starts.is_empty() {
                self.starts.push(String::new());
            }
            self.close();
        }
    }

    /// Up to `count` closed shards, as JSON.
    fn take(&mut self, count: usize) -> Vec<String> {
        let count = count.min(self.closed.len());
        let taken: Vec<Vec<(&str, String)>> = self.closed.drain(..count).collect();
        taken
            .par_iter()
            .map(|shard| {
                let map: BTreeMap<&str, &str> =
                    shard.iter().map(|(t, p)| (*t, p.as_str())).collect();
                to_json(&map)
            })
            .collect()
    }
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
/// A result so shows everything it needs from its own fragment. Written into `sink` a group
/// at a time; returns the groups' hashes.
fn fragments(
    rows: &[Row],
    sections: &[(usize, &str)],
    titles: &[&str],
    sink: &dyn Sink,
) -> Result<Vec<String>, Error> {
    #[derive(Serialize)]
    struct Fragment<'a> {
        #[serde(rename = "where")]
        labels: Vec<String>,
        rows: Vec<(&'a str, &'a str, &'a str, usize, u8)>,
    }
    let fragment = |chunk: &[Row]| {
        let mut labels: Vec<String> = Vec::new();
        let rows = chunk
            .iter()
            .map(|r| {
                let (doc, section) = sections[r.section];
                let label = match section {
                    "" => titles[doc].to_owned(),
                    s => format!("{} · {s}", titles[doc]),
                };
                let at = labels.iter().position(|l| *l == label).unwrap_or_else(|| {
                    labels.push(label);
                    labels.len() - 1
                });
                (
                    r.shown.prompt.as_str(),
                    r.shown.url.as_str(),
                    r.shown.excerpt.as_str(),
                    at,
                    u8::from(!r.shown.answered),
                )
            })
            .collect();
        to_json(&Fragment { labels, rows })
    };
    let mut files = Grouped::new("f", sink);
    for group in rows.chunks(FRAGMENT_SIZE * GROUP) {
        files.put(group.par_chunks(FRAGMENT_SIZE).map(fragment).collect())?;
    }
    Ok(files.hashes)
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

/// Files written as `search/<stem>-<n>.<hash>.js`, each a script calling
/// `prepbookSearch.load("<stem>:<n>", data)`, a group of [`GROUP`] at a time, with one hash
/// per group. A group's hash is made of its files' contents, so a changed file gets a new
/// name, as with a hash per file, and a new deploy never mixes with a cached old index.
struct Grouped<'s> {
    stem: &'static str,
    sink: &'s dyn Sink,
    /// The number of the next file.
    next: usize,
    /// One per group written.
    hashes: Vec<String>,
}

impl<'s> Grouped<'s> {
    fn new(stem: &'static str, sink: &'s dyn Sink) -> Self {
        Grouped {
            stem,
            sink,
            next: 0,
            hashes: Vec::new(),
        }
    }

    /// Write the next group: `data` holds at most [`GROUP`] files' data.
    fn put(&mut self, data: Vec<String>) -> Result<(), Error> {
        debug_assert!(data.len() <= GROUP);
        let (stem, first) = (self.stem, self.next);
        let bodies: Vec<(String, u64)> = data
            .into_par_iter()
            .enumerate()
            .map(|(k, json)| {
                let body = load_call(&format!("{stem}:{}", first + k), &json);
                let hash = content_hash(body.as_bytes());
                (body, hash)
            })
            .collect();
        let each: Vec<u8> = bodies.iter().flat_map(|(_, h)| h.to_le_bytes()).collect();
        let hash = format!("{:08x}", content_hash(&each) as u32);
        self.next += bodies.len();
        for (k, (body, _)) in bodies.into_iter().enumerate() {
            let path = format!("search/{stem}-{}.{hash}.js", first + k);
            self.sink.put(OutputFile::new(path, body))?;
        }
        self.hashes.push(hash);
        Ok(())
    }
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
        let mut merged = Merge::default();
        for e in &entries {
            let (terms, len) = term_weights(e);
            merged.add(&terms, len, 1.0);
        }
        let postings: Vec<(String, String)> = merged
            .sorted()
            .into_iter()
            .map(|(t, id)| (t.to_owned(), merged.encoded(id)))
            .collect();
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

    /// Sorted terms with their postings packed into shards: each shard's start and JSON.
    fn shard(postings: &[(String, String)]) -> (Vec<String>, Vec<String>) {
        let mut shards = Shards::default();
        for (term, list) in postings {
            shards.push(term, list.clone());
        }
        shards.finish();
        let data = shards.take(usize::MAX);
        (shards.starts, data)
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
        let grouped = |data: Vec<String>| {
            let sink = crate::output::Collect::default();
            let mut files = Grouped::new("t", &sink);
            for group in data.chunks(GROUP) {
                files.put(group.to_vec()).unwrap();
            }
            (files.hashes, sink.into_files())
        };
        let (ha, a) = grouped(data("[1]"));
        let (hb, _) = grouped(data("[one]"));
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
