//! The pipeline's front half: content folder in, typed [`Site`] out.
//!
//! Input: [`Settings`]. Output: [`Parsed`], the site and what the walk and the site as a whole
//! had to say besides each document's own diagnostics.
//! Load (walk, read, decode) then parse, each document on its own core. Later stages (index,
//! render, write) take the `Site` and do not look at the files again, except in a one-off
//! build of a site larger than [`HOLD_AT_MOST`]: it holds outlines of the documents and
//! parses each again, from its file, where its page and index entries need it whole
//! ([`whole`]), so that its memory grows with the number of questions rather than their text.
//! The stages are separate functions so that `serve` can order them for latency; a
//! [`KeptBuild`] carries what one build can reuse in the next.

use crate::diag::{Code, Diagnostic, Located, Severity};
use crate::load;
use crate::model::{Document, Site};
use crate::output::Sink;
use crate::parse::declare::Declared;
use crate::parse::UniqueNames;
use crate::render::highlight::{Highlighter, KeptCode};
use crate::render::theme::Theme;
use crate::render::{self, KeptPages};
use crate::search::KeptTerms;
use crate::settings::Settings;
use crate::slug::{cap_bytes, slugify, FILE_SLUG_BYTES};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The parsed handbook.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The site model.
    pub(crate) site: Site,
    /// What the walk and the site as a whole had to say, besides each document's own
    /// diagnostics: files the walk could not read, documents renamed off a reserved page
    /// name, and drafts left out (notes, not problems).
    pub(crate) site_diagnostics: Vec<Located>,
    /// The files beside the notes that are not documents, published as they are.
    pub(crate) files: Vec<load::Attached>,
}

/// What a build made.
#[derive(Debug)]
pub(crate) struct Built {
    /// How many HTML pages.
    pub(crate) pages: usize,
    /// How many documents.
    pub(crate) documents: usize,
    /// How many questions.
    pub(crate) questions: usize,
    /// What rendering had to say (dropped ids, capped input, theme links skipped).
    pub(crate) problems: Vec<Located>,
}

/// Why a build produced no site.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Documents with errors, every one of them, each with its file and line.
    Broken(Vec<Located>),
    /// Something that stops the whole build (theme, template, I/O).
    Fatal(crate::error::Error),
}

/// What one build leaves for the next in the same process (`serve`), so that a save costs
/// the work of what it changed: documents whose file is unchanged are not read or parsed
/// again, pages whose inputs are unchanged are not rendered again, code is not highlighted
/// again and the theme is not compiled again while its files stay the same. A one-off command
/// starts from an empty one and renders through [`build`], which keeps nothing.
#[derive(Default)]
pub(crate) struct KeptBuild {
    /// Parsed documents by path, with the file's stamp, the slug and the structure
    /// `prepbook.yaml` declared for them when they were parsed.
    documents: HashMap<PathBuf, (Stamp, String, Option<Declared>, Arc<Document>)>,
    /// Rendered pages. (`serve` keeps the search index's terms on its index thread.)
    pages: KeptPages,
    /// Highlighted code.
    code: KeptCode,
    /// The theme the last build rendered with.
    theme: Option<Arc<Theme>>,
    /// Above how many bytes of notes the documents are held as outlines ([`HOLD_AT_MOST`]):
    /// for a one-off build, which renders each page once and keeps nothing.
    outline_above: Option<u64>,
}

/// Notes up to this many bytes are held whole through a one-off build. A larger site is held
/// as outlines of its documents ([`Document::outline`]), each parsed again from its file when
/// its index entries are made and when its page is rendered: its memory then grows with the
/// number of questions, not with their text (at 100,000 questions, 224 MB of notes, the whole
/// documents took about 600 MB; the build's peak went from 844 to 302 MiB). Below this, the
/// extra parses would cost more time than holding the text costs memory (a site of 64 MB of
/// notes held whole peaks at about 310 MB).
const HOLD_AT_MOST: u64 = 64 << 20;

impl KeptBuild {
    /// For a one-off build: nothing to keep, and a large site held as outlines.
    pub(crate) fn one_off() -> Self {
        KeptBuild {
            outline_above: Some(HOLD_AT_MOST),
            ..KeptBuild::default()
        }
    }

    /// Keep rendered pages too, for `serve`.
    pub(crate) fn keeping() -> Self {
        KeptBuild {
            pages: KeptPages::keeping(),
            ..KeptBuild::default()
        }
    }
}

impl std::fmt::Debug for KeptBuild {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeptBuild({} documents)", self.documents.len())
    }
}

/// What tells a changed file from an unchanged one without reading it: size, modification
/// and change times, and the inode (an editor's save by rename gives a new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: (i64, i64),
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            ((meta.ctime(), meta.ctime_nsec()), meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = ((0, 0), 0);
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
            inode,
        })
    }
}

/// The back half for a one-off build: index and render a checked site into `sink` (the new
/// output folder), each file handed over as soon as it is made.
pub(crate) fn build(
    parsed: &Parsed,
    settings: &Settings,
    progress: render::Progress<'_>,
    sink: &dyn crate::output::Sink,
) -> Result<Built, crate::error::Error> {
    // The index and the pages side by side: the index's merge is partly sequential, and the
    // pages fill the other core meanwhile. The pages name the manifest before it exists, by a
    // hash of what the index is made from. A one-off build keeps nothing for a next one: it
    // would hold every question's terms and every page.
    let manifest = manifest_name(&parsed.site);
    let whole = &|i| whole(&parsed.site, settings, i);
    let files = parsed.file_set();
    let recorded = Recording::new(sink);
    let sink = &recorded;
    let (index, pages) = rayon::join(
        // The index's files are written as they are made, while the pages still render.
        || index_into(parsed, whole, &manifest, &mut KeptTerms::default(), sink),
        // The theme is loaded on this side too, while the index is being made.
        || {
            let theme = render::load_theme(settings.theme.as_deref())?;
            let inputs = render::Inputs {
                site: &parsed.site,
                settings,
                theme: &theme,
                highlighter: &Highlighter::new(),
                search_index: &manifest,
                files: &files,
                whole,
            };
            render::render(&inputs, progress, &mut KeptPages::default(), sink)
        },
    );
    index?;
    let mut rendered = pages?;
    let taken = recorded.take_paths();
    rendered
        .problems
        .extend(attach(parsed, settings, &taken, recorded.inner)?);
    Ok(Built {
        pages: rendered.pages,
        problems: rendered.problems,
        documents: parsed.site.documents.len(),
        questions: parsed
            .site
            .documents
            .iter()
            .map(|d| d.tally().questions)
            .sum(),
    })
}

impl Parsed {
    /// The paths of the files published beside the pages, which links may point at.
    pub(crate) fn file_set(&self) -> HashSet<String> {
        self.files.iter().map(|f| f.source.clone()).collect()
    }
}

/// A sink that remembers the paths put into it, so that a file beside the notes never
/// replaces a page or an asset of the site (`index.html`, `assets/style.….css`).
struct Recording<'s> {
    inner: &'s dyn crate::output::Sink,
    paths: std::sync::Mutex<HashSet<String>>,
}

impl<'s> Recording<'s> {
    fn new(inner: &'s dyn crate::output::Sink) -> Self {
        Recording {
            inner,
            paths: std::sync::Mutex::default(),
        }
    }

    fn take_paths(&self) -> HashSet<String> {
        std::mem::take(
            &mut self
                .paths
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }
}

impl crate::output::Sink for Recording<'_> {
    fn put(&self, file: crate::output::OutputFile) -> Result<(), crate::error::Error> {
        self.paths
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(file.path.clone());
        self.inner.put(file)
    }
}

/// Publish the files beside the notes into `sink`, at their own paths, each read only now
/// (and only from inside the content folder); one whose path the site already took
/// (`taken`) is left out with a warning, and so is one that can no longer be read.
fn attach(
    parsed: &Parsed,
    settings: &Settings,
    taken: &HashSet<String>,
    sink: &dyn crate::output::Sink,
) -> Result<Vec<Located>, crate::error::Error> {
    let problems: Vec<Option<Located>> = parsed
        .files
        .par_iter()
        .map(|file| {
            let problem = |code, message: String| {
                Some(Located {
                    source: file.source.clone(),
                    diagnostic: Diagnostic::warning(code, 1, message),
                })
            };
            if taken.contains(&file.source) {
                return Ok(problem(
                    Code::ReservedName,
                    "the site makes a file at this path itself, so this one is not published; rename it.".to_owned(),
                ));
            }
            let path = settings.content.join(&file.source);
            match load::read_inside(&settings.content, &path) {
                Ok(bytes) => {
                    sink.put(crate::output::OutputFile::new(file.source.clone(), bytes))?;
                    Ok(None)
                }
                Err(err) => Ok(problem(Code::Unreadable, err.to_string())),
            }
        })
        .collect::<Result<_, crate::error::Error>>()?;
    Ok(problems.into_iter().flatten().collect())
}

/// The search manifest's name, from everything the index is made from (each document's
/// fingerprint covers its path, slug and text), prepbook's version and the index's format: a
/// changed index gets a new name, so a deploy never mixes with a cached one.
fn manifest_name(site: &Site) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    crate::search::FORMAT.hash(&mut h);
    for d in &site.documents {
        d.fingerprint.hash(&mut h);
    }
    format!("search/index.{:08x}.js", h.finish() as u32)
}

/// Load and parse, then stop with every error if any document is broken.
pub(crate) fn parse_checked(settings: &Settings, kept: &mut KeptBuild) -> Result<Parsed, Failure> {
    let parsed = parse_site(settings, kept);
    // Every save in `serve` passes here: only the errors are copied, not every warning.
    let is_error = |d: &&Diagnostic| d.severity == Severity::Error;
    let documents = parsed.site.documents.iter().flat_map(|d| {
        d.diagnostics
            .iter()
            .filter(is_error)
            .map(|diagnostic| Located {
                source: d.source.clone(),
                diagnostic: diagnostic.clone(),
            })
    });
    let walk = parsed
        .site_diagnostics
        .iter()
        .filter(|p| is_error(&&p.diagnostic))
        .cloned();
    let mut errors: Vec<Located> = walk.chain(documents).collect();
    if errors.is_empty() {
        return Ok(parsed);
    }
    errors.sort_by(|a, b| a.source.cmp(&b.source));
    Err(Failure::Broken(errors))
}

/// The search index of a parsed site, its manifest at `manifest`, in memory: for `serve`,
/// which holds its documents whole.
pub(crate) fn index(
    parsed: &Parsed,
    manifest: &str,
    kept: &mut KeptTerms,
) -> Result<crate::search::Index, crate::error::Error> {
    let collect = crate::output::Collect::default();
    let held = |i: usize| Ok(parsed.site.documents[i].clone());
    index_into(parsed, &held, manifest, kept, &collect)?;
    Ok(crate::search::Index {
        files: collect.into_files(),
    })
}

/// The search index of a parsed site, its manifest at `manifest`, into `sink`.
fn index_into(
    parsed: &Parsed,
    whole: crate::model::Whole<'_>,
    manifest: &str,
    kept: &mut KeptTerms,
    sink: &dyn Sink,
) -> Result<(), crate::error::Error> {
    let pages: Vec<String> = parsed
        .site
        .documents
        .iter()
        .map(|d| render::page_name(&d.slug))
        .collect();
    crate::search::build(&parsed.site, whole, &pages, manifest, kept, sink)
}

/// Every page, asset and marker of a parsed site, pages naming the index at `manifest`,
/// rendered with what `kept` holds from the previous build and leaving what this one made.
pub(crate) fn pages(
    parsed: &Parsed,
    settings: &Settings,
    manifest: &str,
    progress: render::Progress<'_>,
    kept: &mut KeptBuild,
) -> Result<crate::output::Output, Failure> {
    let theme = render::reload_theme(settings.theme.as_deref(), kept.theme.as_ref())
        .map_err(Failure::Fatal)?;
    kept.theme = Some(theme.clone());
    let highlighter = Highlighter::keeping(std::mem::take(&mut kept.code));
    let collect = crate::output::Collect::default();
    let sink = Recording::new(&collect);
    let files = parsed.file_set();
    let inputs = render::Inputs {
        site: &parsed.site,
        settings,
        theme: &theme,
        highlighter: &highlighter,
        search_index: manifest,
        files: &files,
        whole: &|i| whole(&parsed.site, settings, i),
    };
    let rendered = render::render(&inputs, progress, &mut kept.pages, &sink);
    kept.code = highlighter.into_kept();
    rendered.map_err(Failure::Fatal)?;
    // `serve` serves the files beside the notes from memory too, read again on every
    // rebuild (the watcher sees their changes like a document's).
    attach(parsed, settings, &sink.take_paths(), &collect).map_err(Failure::Fatal)?;
    let sink = collect;
    Ok(crate::output::Output {
        files: sink.into_files(),
    })
}

/// Load and parse the content folder, reusing from `kept` the documents whose file did not
/// change.
pub(crate) fn parse_site(settings: &Settings, kept: &mut KeptBuild) -> Parsed {
    let walked = load::walk(&settings.content, std::slice::from_ref(&settings.output));
    let sources: Vec<String> = walked
        .paths
        .iter()
        .map(|p| load::relative_source(&settings.content, p))
        .collect();
    let (slugs, renamed) = unique_slugs(&sources);
    // Stamped before reading: a save during the read shows as a change next time. Their sizes
    // tell whether the site is held as outlines.
    let stamps: Vec<Option<Stamp>> = walked.paths.par_iter().map(|p| Stamp::of(p)).collect();
    let outline = kept
        .outline_above
        .is_some_and(|most| stamps.iter().flatten().map(|s| s.len).sum::<u64>() > most);
    let read: Vec<(Option<Stamp>, Option<Declared>, Arc<Document>)> = walked
        .paths
        .par_iter()
        .zip(slugs.par_iter())
        .zip(sources.par_iter())
        .zip(stamps)
        .map(|(((path, slug), source), stamp)| {
            let declared = settings.declared_for(source);
            match kept.documents.get(path) {
                Some((kept_stamp, kept_slug, kept_declared, doc))
                    if Some(*kept_stamp) == stamp
                        && kept_slug == slug
                        && kept_declared.as_ref() == declared =>
                {
                    (stamp, declared.cloned(), doc.clone())
                }
                _ => {
                    let file = load::read_source(&settings.content, path);
                    let doc = crate::parse::parse(&file, slug, declared);
                    let doc = if outline { doc.outline() } else { doc };
                    (stamp, declared.cloned(), Arc::new(doc))
                }
            }
        })
        .collect();
    kept.documents = walked
        .paths
        .into_iter()
        .zip(slugs)
        .zip(&read)
        .filter_map(|((path, slug), (stamp, declared, doc))| {
            Some((path, ((*stamp)?, slug, declared.clone(), doc.clone())))
        })
        .collect();
    let mut documents: Vec<Arc<Document>> = read.into_iter().map(|(_, _, doc)| doc).collect();
    let mut site_diagnostics = walked.problems;
    site_diagnostics.extend(renamed);
    if !settings.drafts {
        documents.retain(|d| {
            if d.meta.draft {
                site_diagnostics.push(Located {
                    source: d.source.clone(),
                    diagnostic: Diagnostic::note(
                        Code::Draft,
                        1,
                        "left out: the document is a draft (`draft: true`). Pass --drafts to include it.",
                    ),
                });
            }
            !d.meta.draft
        });
    }
    // Front-matter `order` first (lower first), then the rest by path, as walked.
    documents.sort_by(|a, b| {
        (a.meta.order.is_none(), a.meta.order, &a.source).cmp(&(
            b.meta.order.is_none(),
            b.meta.order,
            &b.source,
        ))
    });
    Parsed {
        site: Site {
            title: settings.title.clone(),
            documents,
        },
        site_diagnostics,
        files: walked.files,
    }
}

/// Document `i` of `site` whole: the site's own, or, for an outline, parsed again from its
/// file, which must not have changed since (its page and index entries would not match the
/// rest of the site).
pub(crate) fn whole(
    site: &Site,
    settings: &Settings,
    i: usize,
) -> Result<Arc<Document>, crate::error::Error> {
    let held = &site.documents[i];
    if !held.outlined {
        return Ok(held.clone());
    }
    let path = settings.content.join(&held.source);
    let file = load::read_source(&settings.content, &path);
    let doc = crate::parse::parse(&file, &held.slug, settings.declared_for(&held.source));
    if doc.fingerprint != held.fingerprint {
        return Err(crate::error::Error::Io {
            path,
            source: std::io::Error::other(
                "the file changed while the site was being built; build again",
            ),
        });
    }
    Ok(Arc::new(doc))
}

/// The page names the site itself takes: a document with one of these slugs would overwrite the
/// home page or the 404 page (every other file the site writes is in a folder, or not `.html`).
const RESERVED_SLUGS: [(&str, &str); 2] = [
    ("index", "the home page"),
    ("404", "the page shown for a missing page"),
];

/// A slug per file from its path, capped in bytes, made unique with `-2`, `-3`, ... in walk
/// order and kept off the names the site reserves; with a warning for each document renamed so.
fn unique_slugs(sources: &[String]) -> (Vec<String>, Vec<Located>) {
    let mut names = UniqueNames::default();
    for (name, _) in RESERVED_SLUGS {
        names.reserve(name);
    }
    let mut renamed = Vec::new();
    let slugs = sources
        .iter()
        .map(|source| {
            let stem = source.rsplit_once('.').map_or(source.as_str(), |(s, _)| s);
            let base = match cap_bytes(slugify(stem, 80), FILE_SLUG_BYTES) {
                s if s.is_empty() => "doc".to_owned(),
                s => s,
            };
            let slug = names.claim(base.clone());
            if let Some((_, page)) = RESERVED_SLUGS.iter().find(|(name, _)| **name == base) {
                renamed.push(Located {
                    source: source.clone(),
                    diagnostic: Diagnostic::warning(
                        Code::ReservedName,
                        1,
                        format!(
                            "this document's page would be {base}.html, which is {page} of the site; \
                             it is published as {slug}.html instead. Rename the file to choose its page's name."
                        ),
                    ),
                });
            }
            slug
        })
        .collect();
    (slugs, renamed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn settings(root: &Path) -> Settings {
        Settings {
            title: "Memo".into(),
            description: None,
            content: root.join("content"),
            output: root.join("output"),
            output_is_default: true,
            base_url: None,
            theme: None,
            raw_html: false,
            drafts: false,
            practice_timer: 120,
            structure: Vec::new(),
        }
    }

    fn page<'a>(out: &'a crate::output::Output, path: &str) -> &'a Arc<Vec<u8>> {
        &out.files.iter().find(|f| f.path == path).unwrap().bytes
    }

    fn write(root: &Path, name: &str, text: &str) {
        std::fs::write(root.join("content").join(name), text).unwrap();
    }

    /// Every file of a one-off build of `settings`' site, by path, with documents held as
    /// outlines above `outline_above` bytes of notes.
    fn built(
        settings: &Settings,
        outline_above: Option<u64>,
    ) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut kept = KeptBuild {
            outline_above,
            ..KeptBuild::default()
        };
        let parsed = parse_checked(settings, &mut kept).map_err(|_| "broken".to_owned())?;
        let outlined = parsed.site.documents.iter().filter(|d| d.outlined).count();
        assert_eq!(outlined > 0, outline_above == Some(0));
        let sink = crate::output::Collect::default();
        build(&parsed, settings, &|_, _| {}, &sink).map_err(|e| e.to_string())?;
        let mut files: Vec<(String, Vec<u8>)> = sink
            .into_files()
            .into_iter()
            .map(|f| (f.path, f.bytes.to_vec()))
            .collect();
        files.sort();
        Ok(files)
    }

    #[test]
    fn a_site_held_as_outlines_builds_the_same_files_and_refuses_a_file_changed_meanwhile() {
        // The sample handbook: every shape prepbook reads, transcripts and pages included.
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let dir = tempfile::tempdir().unwrap();
        let mut settings = settings(dir.path());
        settings.content = sample;
        let whole = built(&settings, None).unwrap();
        let outlined = built(&settings, Some(0)).unwrap();
        assert!(whole.len() > 20, "{} files", whole.len());
        assert_eq!(
            whole.iter().map(|f| &f.0).collect::<Vec<_>>(),
            outlined.iter().map(|f| &f.0).collect::<Vec<_>>()
        );
        for (a, b) in whole.iter().zip(&outlined) {
            assert!(a.1 == b.1, "{} differs", a.0);
        }

        // A note saved between the outline and its page: the build stops, naming the file.
        std::fs::create_dir(dir.path().join("content")).unwrap();
        write(
            dir.path(),
            "a.md",
            "# A\n\n## 1. What is a heap?\n\nA tree.\n",
        );
        settings.content = dir.path().join("content");
        let mut kept = KeptBuild {
            outline_above: Some(0),
            ..KeptBuild::default()
        };
        let parsed = parse_checked(&settings, &mut kept).unwrap();
        write(
            dir.path(),
            "a.md",
            "# A\n\n## 1. What is a heap?\n\nA tree, edited.\n",
        );
        let err = build(
            &parsed,
            &settings,
            &|_, _| {},
            &crate::output::Collect::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("a.md") && err.contains("changed while"),
            "{err}"
        );
    }

    #[test]
    fn a_rebuild_redoes_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        write(
            dir.path(),
            "a.md",
            "# A\n\n## 1. What is a heap?\n\nA tree.\n",
        );
        write(
            dir.path(),
            "b.md",
            "# B\n\n## 1. What is a stack?\n\nLIFO.\n",
        );
        write(
            dir.path(),
            "c.md",
            "# C\n\n## 1. What is a queue?\n\nFIFO.\n",
        );
        let settings = settings(dir.path());
        let mut kept = KeptBuild::keeping();
        let run = |kept: &mut KeptBuild| {
            let parsed = parse_checked(&settings, kept).unwrap();
            let out = pages(&parsed, &settings, "search/index.js", &|_, _| {}, kept).unwrap();
            (parsed, out)
        };
        let (first, out1) = run(&mut kept);

        // An answer edited: only its document is parsed and its page rendered again.
        write(
            dir.path(),
            "c.md",
            "# C\n\n## 1. What is a queue?\n\nFIFO, edited.\n",
        );
        let (second, out2) = run(&mut kept);
        let docs = |p: &Parsed| p.site.documents.clone();
        let (d1, d2) = (docs(&first), docs(&second));
        assert!(Arc::ptr_eq(&d1[0], &d2[0]) && Arc::ptr_eq(&d1[1], &d2[1]));
        assert!(!Arc::ptr_eq(&d1[2], &d2[2]));
        assert!(Arc::ptr_eq(page(&out1, "a.html"), page(&out2, "a.html")));
        assert!(Arc::ptr_eq(page(&out1, "b.html"), page(&out2, "b.html")));
        assert!(String::from_utf8_lossy(page(&out2, "c.html")).contains("FIFO, edited."));

        // A question added: the counts change, but only the home and tag pages show them.
        write(
            dir.path(),
            "c.md",
            "# C\n\n## 1. What is a queue?\n\nFIFO, edited.\n\n## 2. And a ring buffer?\n",
        );
        let (_, out_added) = run(&mut kept);
        assert!(Arc::ptr_eq(
            page(&out2, "a.html"),
            page(&out_added, "a.html")
        ));
        assert!(String::from_utf8_lossy(page(&out_added, "index.html")).contains(">4<"));

        // A retitled document: every page's Documents menu shows the titles, so every page is
        // rendered again (and shows the new one).
        write(
            dir.path(),
            "c.md",
            "# Queues\n\n## 1. What is a queue?\n\nFIFO, edited.\n",
        );
        let (_, out3) = run(&mut kept);
        assert!(!Arc::ptr_eq(page(&out2, "a.html"), page(&out3, "a.html")));
        assert!(String::from_utf8_lossy(page(&out3, "a.html")).contains("Queues"));
        assert!(String::from_utf8_lossy(page(&out3, "b.html")).contains("Queues"));

        // A new document: counted everywhere, so every page again.
        write(
            dir.path(),
            "d.md",
            "# D\n\n## 1. What is a deque?\n\nBoth ends.\n",
        );
        let (fourth, out4) = run(&mut kept);
        assert_eq!(fourth.site.documents.len(), 4);
        assert!(!Arc::ptr_eq(page(&out3, "a.html"), page(&out4, "a.html")));

        // A deleted document is forgotten.
        std::fs::remove_file(dir.path().join("content/d.md")).unwrap();
        let (fifth, out5) = run(&mut kept);
        assert_eq!(fifth.site.documents.len(), 3);
        assert!(out5.files.iter().all(|f| f.path != "d.html"));
        assert_eq!(kept.documents.len(), 3);
    }
}
