//! The built site: structure (parsed, not grepped), escaping, output safety, a crawl under a
//! sub-path, themes, and the real validators (vnu, actionlint, Chromium) CI installs.

use crate::support::{export, handbook, prepbook, project, questions, shared};
use scraper::{Html, Selector};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Build `content` into a fresh temp folder; returns (guard, output path).
fn build(content: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    // Run from an empty folder: no prepbook.yaml but the test's own.
    let cwd = tempfile::tempdir().unwrap();
    let (dir, out, run) = crate::support::build_in(cwd.path(), content, extra);
    assert_eq!(
        run.status.code(),
        Some(0),
        "build failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    (dir, out)
}

fn page(out: &Path, name: &str) -> Html {
    Html::parse_document(
        &std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")),
    )
}

fn count(doc: &Html, selector: &str) -> usize {
    doc.select(&sel(selector)).count()
}

fn slug_of(site: &serde_json::Value, source: &str) -> String {
    let doc = crate::support::document(site, source);
    let id = questions(doc)[0]["id"].as_str().unwrap();
    id.split("--").next().unwrap().to_owned()
}

#[test]
fn every_question_is_an_anchored_element_with_its_state() {
    let content = project().join("content");
    let (_guard, out) = build(&content, &["--drafts"]);
    let (site, _) = export(&content);
    let mut checked = 0;
    for doc in site["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["kind"] != "page")
    {
        let slug = slug_of(&site, doc["source"].as_str().unwrap());
        let html = page(&out, &format!("{slug}.html"));
        for q in questions(doc) {
            for q in std::iter::once(q).chain(q["children"].as_array().unwrap()) {
                let id = q["id"].as_str().unwrap();
                let element = html
                    .select(&sel(&format!("[id=\"{id}\"]")))
                    .next()
                    .unwrap_or_else(|| panic!("no element #{id}"));
                let classes: Vec<&str> = element.value().classes().collect();
                assert!(classes.contains(&"question"), "#{id} {classes:?}");
                assert_eq!(
                    classes.contains(&"unanswered"),
                    q["answered"] == false,
                    "#{id} {classes:?}"
                );
                // Its permalink is the theme script's (tests/browser/layout.mjs checks it).
                checked += 1;
            }
        }
    }
    assert!(checked > 60, "{checked}");
}

#[test]
fn code_tables_parts_and_placeholders_render() {
    let content = project().join("content");
    let (_guard, out) = build(&content, &[]);
    let html = page(&out, "system-design-checklist.html");
    for lang in ["python", "go", "rust", "typescript", "sql", "yaml"] {
        let spans = count(
            &html,
            &format!("pre.code[data-lang=\"{lang}\"] span[class]"),
        );
        assert!(
            spans > 3,
            "{lang} is highlighted with classes ({spans} spans)"
        );
    }
    assert_eq!(count(&html, "pre.code [style]"), 0, "no inline colours");
    assert_eq!(count(&html, ".table-wrap > table"), 3);
    assert!(
        count(&html, "th[style*=\"text-align\"]") >= 3,
        "column alignment kept"
    );
    assert!(count(&html, ".part-title") >= 20);
    assert_eq!(count(&html, ".example-title"), 11);
    assert_eq!(
        count(&html, "article.question article.question"),
        2,
        "nested questions"
    );
    let career = page(&out, "career-answers.html");
    let marks: Vec<String> = career
        .select(&sel("mark.placeholder"))
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(marks.len(), 9, "{marks:?}");
    assert!(marks.contains(&"X years".to_owned()));
    assert_eq!(count(&career, "a[href^=\"https://en.wikipedia.org\"]"), 1);
    let stories = page(&out, "behavioural-by-category.html");
    assert_eq!(
        count(&stories, ".answer.star"),
        2,
        "both labelled stories show their outline"
    );
    assert_eq!(count(&stories, ".star-step.told"), 9);
    assert_eq!(count(&stories, ".star-step.star-reflection.untold"), 1);
    assert_eq!(
        count(&html, ".star-step.star-task.untold"),
        1,
        "the story without a Task"
    );
    assert_eq!(count(&html, ".segment.star-situation"), 2);
    let cards = std::fs::read_dir(out.join("practice/cards"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("behavioural-by-category."))
        .expect("the behavioural document has practice cards");
    let cards = std::fs::read_to_string(cards).unwrap();
    assert_eq!(
        cards.matches("star-outline").count(),
        0,
        "the cards take the answer, outline and all, from the page"
    );
}

#[test]
fn seeds_render_faithfully() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let (_guard, out) = build(&seeds, &[]);
    let (site, _) = export(&seeds);
    let name = |source: &str| format!("{}.html", slug_of(&site, source));

    let answers = page(&out, &name("002_bae78f536ca64a43.txt"));
    assert_eq!(count(&answers, "mark.placeholder"), 17);

    let behavioural = std::fs::read_to_string(out.join(name("003_5de9a1faf54b5e61.txt"))).unwrap();
    assert!(behavioural.contains("team’s") && !behavioural.contains("â€"));
    let html = Html::parse_document(&behavioural);
    let unanswered: Vec<String> = html
        .select(&sel(".question.unanswered .question-text"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        unanswered,
        ["What were the critical considerations when designing the dual authorization facility?"]
    );

    let transcript = page(&out, &name("000_f65a3c23081ad426.txt"));
    assert_eq!(count(&transcript, ".turn"), 36);
    assert_eq!(count(&transcript, ".turn.role-interviewer"), 19);
    assert_eq!(count(&transcript, ".direction"), 4);
    assert_eq!(count(&transcript, ".turn.question[id]"), 15);
    assert_eq!(count(&transcript, ".notes dt"), 4);
    assert!(
        !transcript
            .root_element()
            .text()
            .any(|t| t.contains("=====")),
        "banners are decoration"
    );

    let checklist = page(&out, &name("001_2f53813da399f9a9.txt"));
    assert_eq!(count(&checklist, ".table-wrap > table"), 5);
    assert_eq!(count(&checklist, "pre.code[data-lang=\"python\"]"), 3);
    assert_eq!(count(&checklist, ".segment-example"), 30);

    let plain = page(&out, &name("004_69b05a00a9e47734.txt"));
    assert_eq!(count(&plain, ".section-title"), 6);
    assert_eq!(count(&plain, "article.question"), 12);
}

#[test]
fn document_html_cannot_run_script_unless_allowed() {
    let hostile = b"## 1. Is this safe?\n\n<script>alert('x')</script>\n\n<img src=\"a.png\" onerror=\"alert(1)\">\n\n<a href=\"javascript:alert(2)\">link</a> and [md link](javascript:alert(3)) and <iframe src=\"https://evil.example\"></iframe>\n\n<details><summary>Kept</summary>\n\nfolded\n\n</details>\n".as_slice();
    let dir = handbook(&[("x.md", hostile)]);
    let (_guard, out) = build(&dir.path().join("content"), &[]);
    let html = page(&out, "x.html");
    let scripts: Vec<String> = html.select(&sel("main script")).map(|s| s.html()).collect();
    assert!(scripts.is_empty(), "{scripts:?}");
    for element in html
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}");
            assert!(
                !value.trim_start().to_lowercase().starts_with("javascript:"),
                "{name}={value}"
            );
        }
    }
    assert_eq!(count(&html, "iframe"), 0);
    assert_eq!(
        count(&html, ".answer details > summary"),
        1,
        "harmless HTML is kept"
    );

    std::fs::write(dir.path().join("prepbook.yaml"), "raw_html: true\n").unwrap();
    let out2 = dir.path().join("raw");
    let run = prepbook(dir.path(), &["build", "--output", out2.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));
    assert_eq!(
        count(&page(&out2, "x.html"), "main script"),
        1,
        "raw_html lets the writer's HTML through"
    );
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Staging or retired folders prepbook left beside the output in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("prepbook-"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_and_foreign_folders_are_refused() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let out = dir.path().join("output");
    assert_eq!(prepbook(dir.path(), &["build"]).status.code(), Some(0));
    assert!(out.join(".prepbook-output").is_file());
    let before = listing(&out);

    std::fs::write(
        dir.path().join("content/b.md"),
        "---\ntitle: [broken\n---\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/c.md"),
        "---\nshape: nonsense\n---\n",
    )
    .unwrap();
    let run = prepbook(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("content/b.md:") && err.contains("content/c.md:2:1"),
        "every broken document: {err}"
    );
    assert_eq!(listing(&out), before, "the previous site is untouched");
    let left = leftovers(dir.path());
    assert!(left.is_empty(), "{left:?}");

    let foreign = dir.path().join("mine");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("keep.txt"), "my file").unwrap();
    std::fs::remove_file(dir.path().join("content/b.md")).unwrap();
    std::fs::remove_file(dir.path().join("content/c.md")).unwrap();
    let run = prepbook(dir.path(), &["build", "--output", "mine"]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
        "my file"
    );
    let run = prepbook(dir.path(), &["build", "--output", "."]);
    assert_eq!(
        run.status.code(),
        Some(2),
        "the project folder is no output folder"
    );
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let dir = handbook(&[
        ("a.md", b"## 1. Kept?\n\nSame answer.\n".as_slice()),
        ("b.md", b"## 1. Edited?\n\nFirst answer.\n".as_slice()),
    ]);
    let out = dir.path().join("output");
    // The one file in `folder` whose name starts with `prefix` (names carry content hashes).
    let find = |folder: &str, prefix: &str| -> PathBuf {
        let found: Vec<PathBuf> = std::fs::read_dir(out.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .collect();
        assert_eq!(found.len(), 1, "{folder}/{prefix}*: {found:?}");
        found[0].clone()
    };
    let ino = |path: &Path| std::fs::metadata(path).unwrap().ino();
    assert_eq!(prepbook(dir.path(), &["build"]).status.code(), Some(0));
    let card = find("practice/cards", "a.");
    let kept = [card.clone(), out.join("assets/favicon.svg")].map(|p| (ino(&p), p));
    let edited = ino(&out.join("b.html"));

    std::fs::write(
        dir.path().join("content/b.md"),
        "## 1. Edited?\n\nSecond answer.\n",
    )
    .unwrap();
    assert_eq!(prepbook(dir.path(), &["build"]).status.code(), Some(0));
    for (before, path) in &kept {
        assert_eq!(
            ino(path),
            *before,
            "{} is linked, not written",
            path.display()
        );
        assert_eq!(
            std::fs::metadata(path).unwrap().nlink(),
            1,
            "the old site is gone"
        );
    }
    assert_eq!(find("practice/cards", "a."), card);
    assert_ne!(
        ino(&out.join("b.html")),
        edited,
        "a changed page is a new file"
    );
    let page = std::fs::read_to_string(out.join("b.html")).unwrap();
    assert!(page.contains("Second answer") && !page.contains("First answer"));
    let cards = std::fs::read_to_string(find("practice/cards", "b.")).unwrap();
    assert!(cards.contains("Edited?"), "{cards}");
    let left = leftovers(dir.path());
    assert!(left.is_empty(), "{left:?}");
}

/// Resolve `link` found on `page` (a path in the site) for a site served under `/sub/`; returns
/// (path in the output, fragment), or `None` for links off the site.
fn resolve(page: &str, link: &str) -> Option<(String, Option<String>)> {
    let link = link.strip_prefix("https://example.com").unwrap_or(link);
    if link.contains("://") || link.starts_with("mailto:") || link.starts_with("data:") {
        return None;
    }
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (link, None),
    };
    // A query (`practice/index.html?doc=x`) is for the page's script; the file is the path.
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let full = if path.is_empty() {
        format!("/sub/{page}")
    } else if path.starts_with('/') {
        path.to_owned()
    } else {
        let dir = format!("/sub/{page}");
        let dir = &dir[..dir.rfind('/').unwrap() + 1];
        format!("{dir}{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in full.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    assert_eq!(
        parts.first(),
        Some(&"sub"),
        "{link} on {page} leaves the sub-path"
    );
    let rest = parts[1..].join("/");
    Some((
        if rest.is_empty() || full.ends_with('/') {
            format!("{rest}/index.html")
                .trim_start_matches('/')
                .to_owned()
        } else {
            rest
        },
        fragment,
    ))
}

#[test]
fn every_link_asset_and_fragment_resolves_under_a_sub_path() {
    let mut roots = vec![project().join("content")];
    roots.extend(shared().map(|s| s.join("seeds")));
    for content in roots {
        let (_guard, out) = build(&content, &["--base-url", "https://example.com/sub/"]);
        let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
        let pages: Vec<String> = listing(&out)
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| p.ends_with(".html"))
            .collect();
        for p in &pages {
            let html = page(&out, p);
            let set = html
                .root_element()
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
                .filter_map(|e| e.value().id().map(str::to_owned))
                .collect();
            ids.insert(p.clone(), set);
        }
        let mut links = 0;
        for p in &pages {
            let html = page(&out, p);
            for (selector, attr) in [
                ("a[href]", "href"),
                ("link[href]", "href"),
                ("script[src]", "src"),
                ("img[src]", "src"),
            ] {
                for element in html.select(&sel(selector)) {
                    let link = element.value().attr(attr).unwrap();
                    let Some((target, fragment)) = resolve(p, link) else {
                        continue;
                    };
                    assert!(
                        out.join(&target).is_file(),
                        "{p}: {link} -> {target} is missing"
                    );
                    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                        let f = f.replace("%20", " ");
                        assert!(
                            ids.get(&target).is_some_and(|s| s.contains(&f)),
                            "{p}: #{f} missing on {target}"
                        );
                    }
                    links += 1;
                }
            }
        }
        assert!(links > 100, "{links} links checked");
        let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
        assert!(
            sitemap.contains("<loc>https://example.com/sub/</loc>"),
            "{sitemap}"
        );
        assert!(!sitemap.contains("404"), "{sitemap}");
        assert!(out.join(".nojekyll").is_file());
        let canonical = page(&out, "index.html");
        assert_eq!(
            canonical
                .select(&sel("link[rel=canonical]"))
                .next()
                .unwrap()
                .value()
                .attr("href"),
            Some("https://example.com/sub/")
        );
    }
}

#[test]
fn themes_overlay_the_default() {
    let dir = handbook(&[("a.md", b"## 1. Q?\n\nA.\n".as_slice())]);
    let content = dir.path().join("content");
    let (_g, out) = build(&content, &["--theme", "paper"]);
    let css: String = listing(&out.join("assets"))
        .into_iter()
        .filter(|(p, _)| p.starts_with("theme."))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert!(css.contains("Palatino"), "paper's palette");
    assert!(
        out.join("a.html").is_file(),
        "templates fall back to the default theme"
    );

    let theme = dir.path().join("mytheme/templates/partials");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("footer.html"),
        "<footer class=\"site-footer\">My own footer</footer>\n",
    )
    .unwrap();
    let (_g, out) = build(
        &content,
        &["--theme", dir.path().join("mytheme").to_str().unwrap()],
    );
    assert!(std::fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("My own footer"));

    // A theme whose pages list every document still gets the list on document pages (the
    // default theme does not read it there, and is not handed it).
    std::fs::write(
        theme.join("footer.html"),
        "<footer>{% for d in site.documents %}<a href=\"{{ d.url }}\">{{ d.title }}</a>{% endfor %}</footer>\n",
    )
    .unwrap();
    let (_g, out) = build(
        &content,
        &["--theme", dir.path().join("mytheme").to_str().unwrap()],
    );
    assert!(std::fs::read_to_string(out.join("a.html"))
        .unwrap()
        .contains("<a href=\"a.html\">"));

    let run = prepbook(dir.path(), &["build", "--theme", "no-such-theme"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("no such theme"));
}

#[test]
fn init_scaffolds_a_handbook_and_refuses_to_overwrite_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = prepbook(dir.path(), &["init", "hb"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let hb = dir.path().join("hb");
    assert!(hb.join("prepbook.yaml").is_file() && hb.join(".github/workflows/pages.yml").is_file());
    assert!(hb.join("content/system-design-checklist.md").is_file());
    assert_eq!(prepbook(&hb, &["build"]).status.code(), Some(0));
    assert!(hb.join("output/index.html").is_file());
    let before = std::fs::read(hb.join("prepbook.yaml")).unwrap();
    assert_eq!(prepbook(dir.path(), &["init", "hb"]).status.code(), Some(2));
    assert_eq!(std::fs::read(hb.join("prepbook.yaml")).unwrap(), before);

    // The workflow passes actionlint (CI installs it; locally it is optional).
    let Some(actionlint) = tool("actionlint", &["-version"]) else {
        return;
    };
    assert!(std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(&hb)
        .status()
        .unwrap()
        .success());
    let lint = std::process::Command::new(actionlint)
        .arg("-oneline")
        .current_dir(&hb)
        .output()
        .unwrap();
    assert!(
        lint.status.success(),
        "actionlint: {}{}",
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
}

/// A tool CI installs: its path, or `None` (with a note) when missing outside CI.
fn tool(name: &str, probe: &[&str]) -> Option<String> {
    let found = std::process::Command::new(name)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(name.to_owned());
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {name} is missing; .ci/run installs it"
    );
    eprintln!("skipped: {name} is not installed (.ci/run installs it)");
    None
}

/// The built sample and seeds are valid HTML5, by the Nu HTML checker.
#[test]
fn pages_are_valid_html5() {
    let jar = project().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() || tool("java", &["-version"]).is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but vnu.jar is missing"
        );
        eprintln!("skipped: vnu.jar is not installed (cd tests/browser && npm ci)");
        return;
    }
    let mut roots = vec![project().join("content")];
    roots.extend(shared().map(|s| s.join("seeds")));
    let guards: Vec<_> = roots
        .iter()
        .map(|c| build(c, &["--base-url", "https://example.com/sub/"]))
        .collect();
    for (_, out) in &guards {
        // Validated with the rest: the practice page is in every build.
        assert!(out.join("practice/index.html").is_file());
    }
    let mut cmd = std::process::Command::new("java");
    cmd.args([
        "-jar",
        jar.to_str().unwrap(),
        "--errors-only",
        "--skip-non-html",
    ]);
    for (_, out) in &guards {
        cmd.arg(out);
    }
    let run = cmd.output().unwrap();
    assert!(
        run.status.success(),
        "vnu found errors:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A real browser: no script errors, no request off the site, no sideways scrolling at 360 px,
/// in light and dark, from file://.
#[test]
fn pages_work_in_a_real_browser() {
    if !crate::support::browser_ready() {
        return;
    }
    let (_guard, out) = build(&project().join("content"), &[]);
    let shots = tempfile::tempdir().unwrap();
    crate::support::node(
        "screenshots.mjs",
        &[out.as_os_str(), shots.path().as_os_str()],
    );
}

#[test]
fn the_search_manifest_is_named_by_what_it_indexes() {
    let dir = handbook(&[("a.md", b"## 1. What is a heap?\n\nA tree.\n".as_slice())]);
    let content = dir.path().join("content");
    let manifest = |out: &Path| {
        let home = page(out, "index.html");
        let name = home
            .select(&sel("[data-index]"))
            .next()
            .and_then(|e| e.value().attr("data-index"))
            .unwrap()
            .to_owned();
        assert!(out.join(&name).is_file(), "{name} is written");
        assert!(std::fs::read_to_string(out.join(&name))
            .unwrap()
            .starts_with("prepbookSearch.load(\"index\""));
        name
    };
    let (_first, out1) = build(&content, &[]);
    let (_again, out2) = build(&content, &[]);
    assert_eq!(manifest(&out1), manifest(&out2), "same notes, same name");
    std::fs::write(
        content.join("a.md"),
        "## 1. What is a heap?\n\nA tree, edited.\n",
    )
    .unwrap();
    let (_edited, out3) = build(&content, &[]);
    assert_ne!(
        manifest(&out1),
        manifest(&out3),
        "a new index gets a new name"
    );
}
