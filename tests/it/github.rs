//! Issue 12, item 8: every document of `../shared/corpus/` and `../shared/seeds/` held against
//! GitHub's own rendering. comrak (a port of GitHub's cmark-gfm, with the extensions GitHub
//! turns on) renders the file; the real prepbook binary builds it; the images, tables, code
//! blocks, headings, list items, links and `<details>` of prepbook's page content (`<main
//! id="main">` without the chrome prepbook adds around the document) must be as many as
//! comrak's, except for the differences listed in `EXPECTED` with their reasons.

use crate::support::{build_in, handbook, shared};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What is counted: a name and the tags that count as one.
const KINDS: [(&str, &[&str]); 7] = [
    ("images", &["img"]),
    ("tables", &["table"]),
    ("code blocks", &["pre"]),
    ("headings", &["h1", "h2", "h3", "h4", "h5", "h6"]),
    ("list items", &["li"]),
    ("links", &["a[href]"]),
    ("details", &["details"]),
];

/// What prepbook puts in `<main>` around the document's own content (themes/default/templates):
/// the contents box, breadcrumbs, title block's counts and practice link, tags, pager, question
/// permalinks and badges, the STAR outline, the quiz's legend, a transcript's speaker chips.
/// Nothing under these is counted.
const CHROME: &str = "nav.toc, nav.breadcrumbs, nav.pager, .doc-meta, .practice-tools, \
     .doc-header > .tags, a.permalink, .question-badges, ol.star-outline, .speakers";

type Counts = BTreeMap<&'static str, usize>;

fn count(root: ElementRef<'_>, skip: Option<&Selector>) -> Counts {
    let mut counts = Counts::new();
    for (name, tags) in KINDS {
        let selector = Selector::parse(&tags.join(", ")).unwrap();
        let n = root
            .select(&selector)
            .filter(|e| {
                skip.is_none_or(|skip| {
                    !std::iter::once(*e)
                        .chain(e.ancestors().filter_map(ElementRef::wrap))
                        .take_while(|a| a.id() != root.id())
                        .any(|a| skip.matches(&a))
                })
            })
            .count();
        counts.insert(name, n);
    }
    counts
}

/// comrak's rendering as github.com renders a README: GFM's extensions, raw HTML kept (GitHub
/// sanitises afterwards but keeps `<details>`, `<img>` and links), front matter left out.
fn github(markdown: &str) -> Counts {
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.footnotes = true;
    options.extension.front_matter_delimiter = Some("---".to_owned());
    options.render.r#unsafe = true;
    let html = comrak::markdown_to_html(markdown, &options);
    let doc = Html::parse_fragment(&html);
    count(doc.root_element(), None)
}

/// prepbook's page for `file`, built alone: the counts of its `<main>` without the chrome.
fn prepbook(file: &Path) -> Counts {
    let name = file.file_name().unwrap().to_str().unwrap();
    let dir = handbook(&[(name, &std::fs::read(file).unwrap())]);
    let (_guard, out, run) = build_in(dir.path(), &dir.path().join("content"), &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}: build failed: {}",
        file.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let pages: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "html")
                && !["index.html", "404.html"].contains(&p.file_name().unwrap().to_str().unwrap())
        })
        .collect();
    assert_eq!(pages.len(), 1, "{}: pages {pages:?}", file.display());
    let html = Html::parse_document(&std::fs::read_to_string(&pages[0]).unwrap());
    let main = html
        .select(&Selector::parse("main#main").unwrap())
        .next()
        .expect("a <main id=\"main\">");
    count(main, Some(&Selector::parse(CHROME).unwrap()))
}

fn documents(root: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            documents(&path, into);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["md", "markdown", "txt"].contains(&e.to_ascii_lowercase().as_str()))
        {
            into.push(path);
        }
    }
}

/// Differences meant or known, per document: (document, what, GitHub's count, prepbook's, why).
/// Headings and list items are compared by the rules of `compare`.
const EXPECTED: &[(&str, &str, usize, usize, &str)] = &[
    (JS, "details", 156, 1, FOLDED),
    (SYSADMIN, "details", 271, 0, FOLDED),
    (SYSADMIN, "links", 280, 281, SUMMARY_CODE),
    (GROKKING, "tables", 3, 0, ROWS),
    (LEETCODE, "tables", 2, 1, ROWS),
    (REACT, "links", 847, 432, CONTENTS),
    (REACT, "list items", 1143, 727, LISTED),
    (REACT, "code blocks", 518, 517, MALFORMED),
];

const JS: &str = "corpus/javascript-questions/README.md";
const SYSADMIN: &str = "corpus/test-your-sysadmin-skills/README.md";
const GROKKING: &str = "corpus/grokking-system-design/questions/README.md";
const LEETCODE: &str = "corpus/leetcode/README.md";
const REACT: &str = "corpus/reactjs-interview-questions/README.md";

/// Deliberate: a `<details>` that folds a question's answer is read as the answer, shown open.
const FOLDED: &str = "answers folded in <details> are the questions' answers, shown unfolded";
/// Known: a question read from a `<summary>` keeps its text, not its tags (search, ids and
/// exports read it as text), so a URL it held in `<code>` is linked like any bare URL.
const SUMMARY_CODE: &str =
    "a bare URL in a <summary>'s <code> is linked: the prompt keeps text, not tags";
/// Deliberate: a table whose rows are questions renders each row as a question.
const ROWS: &str = "a table of questions renders its rows as questions";
/// Deliberate: the README's own contents (links into the page) give way to the contents box.
const CONTENTS: &str = "the README's own table of contents is replaced by the contents box";
/// Deliberate: each question is a numbered item holding a heading (`1.  ### What is React?`):
/// GitHub shows a list item and a heading, prepbook one question heading (about 416 questions).
const LISTED: &str = "questions written as list items holding a heading are one question heading";
/// The source is malformed (README lines 2563–2580: a fence opened inside a `<details>` HTML
/// block of a list item, closed at another indent); the answer, taken out of its list item,
/// pairs the fences differently from cmark-gfm. Its text is all on the page.
const MALFORMED: &str = "a malformed fence in a <details> block pairs differently; no text lost";

/// The differences between GitHub's counts and prepbook's for one document, as
/// (what, GitHub's, prepbook's), by these rules:
/// - headings: prepbook may show more, never fewer: it titles every page with an `<h1>`, renders
///   questions (read from bold lines, list items, table rows or a transcript) as headings, and
///   titles answers' parts;
/// - list items: headings and list items together, prepbook's never fewer: a question read from
///   a list item is a heading, a transcript's turns and a question's choices are list items;
/// - everything else: equal.
fn compare(github: &Counts, prepbook: &Counts) -> Vec<(&'static str, usize, usize)> {
    let mut differences = Vec::new();
    for (&kind, &theirs) in github {
        let ours = prepbook[kind];
        let fine = match kind {
            "headings" => ours >= theirs,
            "list items" => ours + prepbook["headings"] >= theirs + github["headings"],
            _ => ours == theirs,
        };
        if !fine {
            differences.push((kind, theirs, ours));
        }
    }
    differences
}

/// The `.txt` seeds are documents prepbook reads as markdown (a checklist's tables and code
/// fences render as such), so they are held against GitHub too; the transcript among them is
/// rendered as turns, which the list-item rule allows.
#[test]
fn every_document_shows_what_github_shows() {
    let Some(shared) = shared() else { return };
    let mut files = Vec::new();
    documents(&shared.join("corpus"), &mut files);
    documents(&shared.join("seeds"), &mut files);
    files.sort();
    assert!(files.len() > 100, "the corpus and seeds: {}", files.len());
    let mut found = Vec::new();
    for file in &files {
        let source = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&source);
        // Bare URLs count: GitHub links them (autolink extension), and so does prepbook.
        let theirs = github(&text);
        let ours = prepbook(file);
        let relative = file.strip_prefix(&shared).unwrap().display().to_string();
        for (kind, n, mine) in compare(&theirs, &ours) {
            found.push((relative.clone(), kind, n, mine));
        }
    }
    let mut unexpected = Vec::new();
    for (doc, kind, theirs, ours) in &found {
        if !EXPECTED
            .iter()
            .any(|(d, k, t, o, _)| d == doc && k == kind && t == theirs && o == ours)
        {
            unexpected.push(format!("{doc}: {kind}: GitHub {theirs}, prepbook {ours}"));
        }
    }
    for (doc, kind, theirs, ours, why) in EXPECTED {
        if !found
            .iter()
            .any(|(d, k, t, o)| d == doc && k == kind && t == theirs && o == ours)
        {
            unexpected.push(format!(
                "{doc}: {kind}: expected GitHub {theirs}, prepbook {ours} ({why}), no longer so: update EXPECTED"
            ));
        }
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
