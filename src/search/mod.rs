//! Search: an index over every question, built from the model, shipped as data in shards.
//!
//! Input: the [`Site`], each document's page name and the manifest's path (which the pages
//! name: a hash of the documents when built, one fixed name in the preview). Output: the files
//! under `search/`. Each question is a search document with weighted
//! fields (prompt 4, titles and tags 1.5, answer 1, code 0.3); BM25F impacts are computed here,
//! so the browser only adds numbers. Terms are split into shards by sorted ranges (a query loads
//! only the shards of its words); result text lives in fragment files of a few questions each,
//! loaded per page of results. Every file is a small script handing a plain object to
//! `prepbookSearch.load`, so search works over HTTP and from `file://`, and every other name
//! carries a content hash, so a new deploy never mixes with a cached old index.

pub(crate) mod stem;
pub(crate) mod tokenize;

use crate::model::{Document, Question, SegmentKind, Site};
use crate::render::OutputFile;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

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
pub(crate) struct Memo {
    /// Source path → (fingerprint, prepared questions).
    documents: HashMap<String, (u64, Arc<Vec<Prepared>>)>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search::Memo({} documents)", self.documents.len())
    }
}

/// One question, ready to index: its entry (`page` and `section` counted within its document)
/// and its terms.
struct Prepared {
    entry: Entry,
    terms: Terms,
    len: f32,
}

/// A question's terms with their weights, packed in one string: a string per term per
/// question would take most of a large build's memory.
struct Terms {
    text: String,
    spans: Vec<(u32, u32, f32)>,
}

impl Terms {
    fn new(terms: &[(String, f32)]) -> Self {
        let mut text = String::with_capacity(terms.iter().map(|(t, _)| t.len()).sum());
        let spans = terms
            .iter()
            .map(|(t, w)| {
                let start = text.len() as u32;
                text.push_str(t);
                (start, text.len() as u32, *w)
            })
            .collect();
        Terms { text, spans }
    }

    fn iter(&self) -> impl Iterator<Item = (&str, f32)> {
        self.spans
            .iter()
            .map(|&(a, b, w)| (&self.text[a as usize..b as usize], w))
    }
}

/// A prepared question at its place in the site.
struct Placed<'a> {
    entry: &'a Entry,
    page: usize,
    section: usize,
}

/// One question as search sees it.
struct Entry {
    prompt: String,
    titles: String,
    answer: String,
    code: String,
    url: String,
    /// Its section, counted within its document.
    section: usize,
    answered: bool,
}

/// Build the index of `site`; `pages[i]` is the page of document `i`; the manifest is written
/// at `manifest`, the path the pages name (the other files' names are content hashes).
pub(crate) fn build(site: &Site, pages: &[String], manifest: &str, memo: &mut Memo) -> Index {
    let prepared: Vec<Arc<Vec<Prepared>>> = site
        .documents
        .par_iter()
        .zip(pages)
        .map(|(doc, page)| match memo.documents.get(&doc.source) {
            Some((kept, ready)) if *kept == doc.fingerprint => ready.clone(),
            _ => Arc::new(prepare(doc, page)),
        })
        .collect();
    memo.documents = site
        .documents
        .iter()
        .zip(&prepared)
        .map(|(d, p)| (d.source.clone(), (d.fingerprint, p.clone())))
        .collect();
    // Number pages and sections across the site.
    let mut sections: Vec<(usize, String)> = Vec::new();
    let mut entries: Vec<Placed<'_>> = Vec::new();
    let mut weights: Vec<(&Terms, f32)> = Vec::new();
    for (d, (doc, ready)) in site.documents.iter().zip(&prepared).enumerate() {
        let first = sections.len();
        sections.extend(
            doc.sections
                .iter()
                .map(|s| (d, s.title.clone().unwrap_or_default())),
        );
        for p in ready.iter() {
            entries.push(Placed {
                entry: &p.entry,
                page: d,
                section: first + p.entry.section,
            });
            weights.push((&p.terms, p.len));
        }
    }
    let postings = postings(&weights);
    let mut files = Vec::new();
    let shards = shard(&postings, &mut files);
    let fragments = fragments(&entries, &mut files);
    drop(postings);
    let fixed_path = manifest;
    let manifest = Manifest {
        v: 1,
        n: entries.len(),
        shards,
        fragments,
        fragment_size: FRAGMENT_SIZE,
        pages: site
            .documents
            .iter()
            .zip(pages)
            .map(|(d, p)| (d.title.as_str(), p.as_str()))
            .collect(),
        sections: sections.iter().map(|(d, t)| (*d, t.as_str())).collect(),
        doc_section: run_lengths(entries.iter().map(|e| e.section)),
        unanswered: entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.entry.answered)
            .map(|(i, _)| i)
            .collect(),
    };
    let json = serde_json::to_string(&manifest).unwrap_or_default();
    files.push(OutputFile::new(
        fixed_path,
        format!("prepbookSearch.load(\"index\",{json});\n"),
    ));
    Index { files }
}

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    /// Number of questions.
    n: usize,
    /// (first term, file) per shard, in term order.
    shards: Vec<(String, String)>,
    /// Fragment files, each holding `fragment_size` questions in order.
    fragments: Vec<String>,
    fragment_size: usize,
    /// (title, url) per document.
    pages: Vec<(&'a str, &'a str)>,
    /// (document, title) per section.
    sections: Vec<(usize, &'a str)>,
    /// The section of each question, run-length encoded: [section, count, ...].
    doc_section: Vec<usize>,
    /// Questions without an answer.
    unanswered: Vec<usize>,
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

fn entry(doc: &Document, section: Option<&str>, q: &Question, page: &str, s: usize) -> Entry {
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
        section: s,
        answered: q.answered,
    }
}

/// The visible text of markdown, code apart.
fn plain_text(markdown: &str, text: &mut String, code: &mut String) {
    let mut in_code = false;
    for event in Parser::new_ext(markdown, crate::cmark::options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => code.push_str(&t),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
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
                .questions
                .iter()
                .flat_map(|q| std::iter::once(q).chain(&q.children))
                .map(move |q| (s, section.title.as_deref(), q))
        })
        .collect();
    questions
        .par_iter()
        .map(|&(s, title, q)| {
            let entry = entry(doc, title, q, page, s);
            let (terms, len) = term_weights(&entry);
            Prepared {
                entry,
                terms: Terms::new(&terms),
                len,
            }
        })
        .collect()
}

/// Per question: its terms with their weighted frequencies (sorted), and its weighted length.
fn term_weights(e: &Entry) -> (Vec<(String, f32)>, f32) {
    let mut terms: Vec<(String, f32)> = Vec::new();
    let mut len = 0.0;
    for (field, weight) in [
        (&e.prompt, W_PROMPT),
        (&e.titles, W_TITLE),
        (&e.answer, W_ANSWER),
        (&e.code, W_CODE),
    ] {
        for t in tokenize::tokenize(field, true) {
            terms.push((t.term, weight));
            len += weight;
        }
    }
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut merged: Vec<(String, f32)> = Vec::with_capacity(terms.len() / 2);
    for (term, w) in terms {
        match merged.last_mut() {
            Some(last) if last.0 == term => last.1 += w,
            _ => merged.push((term, w)),
        }
    }
    (merged, len)
}

/// term → [(question, impact)] in term order, questions ascending. Impacts are BM25F scores
/// ×100, rounded. Questions are tokenised in parallel; one flat list of (term, question) is
/// sorted once, so no map keyed by strings grows term by term.
fn postings(per_doc: &[(&Terms, f32)]) -> Vec<(String, Vec<(usize, u32)>)> {
    let n = per_doc.len() as f32;
    let avg = per_doc.iter().map(|(_, l)| l).sum::<f32>() / n.max(1.0);
    // Intern the terms, sort only the distinct ones by text, then sort pairs by integer keys.
    let mut ids: HashMap<&str, u32> = HashMap::new();
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
    let mut out = Vec::with_capacity(terms.len());
    for group in flat.chunk_by(|a, b| a.0 == b.0) {
        let df = group.len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let list = group
            .iter()
            .map(|&(_, d, w)| {
                let len = per_doc[d as usize].1;
                let score = idf * w * (K1 + 1.0) / (w + K1 * (1.0 - B + B * len / avg.max(1.0)));
                (d as usize, (score * 100.0).round().max(1.0) as u32)
            })
            .collect();
        out.push((terms[rank[group[0].0 as usize] as usize].0.to_owned(), list));
    }
    out
}

/// Split the sorted terms into shard files of about `SHARD_TARGET` bytes each; the manifest
/// lists each shard's first term, so the client finds a term (or every term with a prefix,
/// which sort together) by binary search. Terms sort by code point on both sides.
fn shard(
    postings: &[(String, Vec<(usize, u32)>)],
    files: &mut Vec<OutputFile>,
) -> Vec<(String, String)> {
    let encoded: Vec<String> = postings.par_iter().map(|(_, list)| encode(list)).collect();
    let mut shards = Vec::new();
    let mut group: Vec<(&str, String)> = Vec::new();
    let mut size = 0;
    for ((term, _), encoded) in postings.iter().zip(encoded) {
        if size > 0 && size + encoded.len() > SHARD_TARGET {
            shards.push((
                group[0].0.to_owned(),
                shard_file(shards.len(), &group, files),
            ));
            group.clear();
            size = 0;
        }
        size += term.len() + encoded.len() + 6;
        group.push((term, encoded));
    }
    if !group.is_empty() {
        shards.push((
            group[0].0.to_owned(),
            shard_file(shards.len(), &group, files),
        ));
    }
    shards
}

/// Postings as a compact string: question-id gaps and impacts in base 36, `,`-separated pairs.
fn encode(list: &[(usize, u32)]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (n, &(doc, impact)) in list.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}.{}", base36(doc - last), base36(impact as usize));
        last = doc;
    }
    out
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    if n == 0 {
        return "0".into();
    }
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[n % 36]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn shard_file(n: usize, terms: &[(&str, String)], files: &mut Vec<OutputFile>) -> String {
    let map: BTreeMap<&str, &str> = terms.iter().map(|(t, p)| (*t, p.as_str())).collect();
    let json = serde_json::to_string(&map).unwrap_or_default();
    script_file("t", &format!("t:{n}"), &json, files)
}

/// Result text per question: [prompt, url, excerpt], in files of `FRAGMENT_SIZE`.
fn fragments(entries: &[Placed<'_>], files: &mut Vec<OutputFile>) -> Vec<String> {
    let made: Vec<OutputFile> = entries
        .par_chunks(FRAGMENT_SIZE)
        .enumerate()
        .map(|(n, chunk)| {
            let rows: Vec<(&str, &str, String, usize)> = chunk
                .iter()
                .map(|p| {
                    (
                        p.entry.prompt.as_str(),
                        p.entry.url.as_str(),
                        excerpt(&p.entry.answer),
                        p.page,
                    )
                })
                .collect();
            script(
                &format!("f-f{n}"),
                &format!("f:{n}"),
                &serde_json::to_string(&rows).unwrap_or_default(),
            )
        })
        .collect();
    let paths = made.iter().map(|f| f.path.clone()).collect();
    files.extend(made);
    paths
}

fn excerpt(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= EXCERPT {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT).collect();
    match cut.rfind(' ') {
        Some(i) if i > EXCERPT / 2 => format!("{}…", &cut[..i]),
        _ => format!("{cut}…"),
    }
}

/// Write `prepbookSearch.load(key, data)` as `search/<stem>-<key>.<hash>.js`; returns its path.
fn script_file(stem: &str, key: &str, json: &str, files: &mut Vec<OutputFile>) -> String {
    let safe: String = key
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(12)
        .collect();
    let file = script(&format!("{stem}-{safe}"), key, json);
    let path = file.path.clone();
    files.push(file);
    path
}

fn script(name: &str, key: &str, json: &str) -> OutputFile {
    let body = format!(
        "prepbookSearch.load({},{json});\n",
        serde_json::to_string(key).unwrap_or_default()
    );
    OutputFile::hashed_script(&format!("search/{name}"), body)
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
            section: 0,
            answered: true,
        }
    }

    fn impact(postings: &[(String, Vec<(usize, u32)>)], term: &str, doc: usize) -> u32 {
        let list = &postings.iter().find(|(t, _)| t == term).unwrap().1;
        list.iter().find(|(d, _)| *d == doc).map_or(0, |(_, i)| *i)
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
        let weights: Vec<(Terms, f32)> = entries
            .iter()
            .map(|e| {
                let (t, l) = term_weights(e);
                (Terms::new(&t), l)
            })
            .collect();
        let weights: Vec<(&Terms, f32)> = weights.iter().map(|(t, l)| (t, *l)).collect();
        let postings = postings(&weights);
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
    fn postings_encode_gaps_in_base36() {
        assert_eq!(encode(&[(3, 120), (40, 7)]), "3.3c,11.7");
        assert_eq!(
            run_lengths([0, 0, 0, 1, 1, 3].into_iter()),
            [0, 3, 1, 2, 3, 1]
        );
    }
}
