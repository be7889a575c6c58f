// Layout checks (issue 12, item 6), driven by tests/it/layout.rs:
//   node layout.mjs SPEC.json
// SPEC: {"site": DIR, "documents": [page, …], "code": page with code, "h2": {"site": DIR,
// "page": page, "title": text}}. Checks, at 390 px and 1280 px:
// - the site-wide menu lists every document of the home page, in its order, and marks the
//   page being read (aria-current="page"), closed by default, opened from the keyboard, and on
//   a phone opens in the page's flow, never over the content;
// - on the practice page at 390 px the bar of grade buttons never covers the question or the
//   "Show answer" button, at any scroll position;
// - a code block's Copy button never covers its first line;
// - a document without a `#` heading keeps its first `##` heading on the page.
import { launch, open } from "./browser.mjs";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const url = (site, page) => "file://" + resolve(site, page);
const failures = [];
const fail = (what) => { failures.push(what); console.log("FAIL " + what); };
const overlap = (a, b) => a && b && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const browser = await launch();

for (const [label, opts] of [["390", { width: 390, height: 740, mobile: true }], ["1280", { width: 1280, height: 900 }]]) {
  // The menu lists what the home page lists.
  let { context, page } = await open(browser, opts);
  await page.goto(url(spec.site, "index.html"));
  const home = await page.$$eval(".cards .card-link", (as) => as.map((a) => a.getAttribute("href")));
  if (home.length === 0) fail(`${label}: the home page lists no documents`);
  for (const name of ["index.html", ...spec.documents, "practice/index.html"]) {
    await page.goto(url(spec.site, name));
    const nav = await page.evaluate(() => {
      const d = document.querySelector("details.site-nav");
      if (!d) return null;
      const root = document.querySelector("#search")?.dataset.root ?? "";
      return {
        open: d.open,
        links: [...d.querySelectorAll(".site-nav-list a")].map((a) => a.getAttribute("href").slice(root.length)),
        current: [...d.querySelectorAll('a[aria-current="page"]')].map((a) => a.href),
      };
    });
    if (!nav) { fail(`${label} ${name}: no site-wide menu`); continue; }
    const fromRoot = home;
    if (JSON.stringify(nav.links) !== JSON.stringify(fromRoot)) fail(`${label} ${name}: the menu lists ${JSON.stringify(nav.links)}, the home page ${JSON.stringify(fromRoot)}`);
    if (nav.open) fail(`${label} ${name}: the menu is open before it is asked for`);
    const here = page.url();
    const isDoc = spec.documents.includes(name);
    if (isDoc && (nav.current.length !== 1 || nav.current[0] !== here)) fail(`${label} ${name}: the menu marks ${JSON.stringify(nav.current)} as current`);
    if (!isDoc && nav.current.length !== 0) fail(`${label} ${name}: the menu marks ${JSON.stringify(nav.current)} on a page that is no document`);
    // Every heading of a document with an anchor has one permalink, to a target on the page; a
    // question's goes to its own id (the script makes them: the HTML carries only the ids).
    if (!isDoc && (await page.$$eval("#main a.permalink", (as) => as.length)) > 0) fail(`${label} ${name}: permalinks on a page that is no document`);
    if (isDoc) {
      const links = await page.evaluate(() => [...document.querySelectorAll("#main :is(h1, h2, h3, h4, h5, h6)")]
        .filter((h) => !h.closest(".visually-hidden"))
        .map((h) => {
          const anchored = h.id || h.querySelector(":scope > span[id]") || h.matches(".question-title, .section-title");
          const marks = [...h.querySelectorAll(":scope > a.permalink")].map((a) => a.getAttribute("href"));
          const target = marks[0] && document.getElementById(decodeURIComponent(marks[0].slice(1)));
          const question = h.matches(".question-title") ? "#" + h.parentNode.id : null;
          return { text: h.textContent.trim().slice(0, 40), anchored: !!anchored, marks, target: !!target, question };
        }));
      if (links.filter((l) => l.anchored).length < 2) fail(`${label} ${name}: hardly any anchored headings: ${JSON.stringify(links)}`);
      for (const l of links) {
        if (l.anchored && (l.marks.length !== 1 || !l.target)) fail(`${label} ${name}: heading ${JSON.stringify(l)} lacks its one permalink to a target on the page`);
        if (l.question && l.marks[0] !== l.question) fail(`${label} ${name}: question permalink ${l.marks[0]}, not ${l.question}`);
      }
    }
  }
  // From the keyboard: Tab reaches the menu, Enter opens it, and the next Tab is its first link.
  await page.goto(url(spec.site, spec.documents[0]));
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.matches("details.site-nav > summary"));
  }
  if (!reached) fail(`${label}: Tab never reaches the menu`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.closest(".site-nav-list") !== null && document.activeElement?.tagName === "A");
  if (!focused) fail(`${label}: Enter on the menu does not open it to the keyboard`);
  // Open, on a phone, the menu pushes the page down instead of covering it.
  if (opts.mobile && reached) {
    const boxes = await page.evaluate(() => ({
      panel: document.querySelector(".site-nav-panel").getBoundingClientRect().toJSON(),
      main: document.querySelector("#main").getBoundingClientRect().toJSON(),
    }));
    if (boxes.panel.height === 0 || boxes.panel.bottom > boxes.main.top + 1) fail(`${label}: the open menu covers the content: ${JSON.stringify(boxes)}`);
  }
  // Escape closes it and gives the focus back to its button; so does a click outside it.
  await page.keyboard.press("Escape");
  const closed = await page.evaluate(() => ({
    open: document.querySelector("details.site-nav").open,
    onButton: document.activeElement?.matches("details.site-nav > summary") ?? false,
  }));
  if (closed.open || !closed.onButton) fail(`${label}: Escape leaves the menu ${JSON.stringify(closed)}`);
  await page.keyboard.press("Enter");
  if (!(await page.evaluate(() => document.querySelector("details.site-nav").open))) fail(`${label}: Enter on the menu's button does not open it again`);
  await page.mouse.click(5, opts.height ? opts.height - 5 : 600);
  if (await page.evaluate(() => document.querySelector("details.site-nav").open)) fail(`${label}: a click outside leaves the menu open`);
  // The Copy button and the first line of every code block.
  await page.goto(url(spec.site, spec.code));
  await page.waitForSelector("pre.code .copy-button", { state: "attached" });
  const covered = await page.evaluate(() => [...document.querySelectorAll("pre.code")].flatMap((pre) => {
    const button = pre.querySelector(".copy-button");
    const code = pre.querySelector("code") ?? pre;
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let node; while ((node = walker.nextNode()) && !node.textContent.trim());
    if (!button || !node) return [];
    const range = document.createRange();
    const text = node.textContent;
    const end = text.indexOf("\n") === -1 ? text.length : text.indexOf("\n");
    range.setStart(node, 0); range.setEnd(node, Math.max(1, end));
    const line = range.getClientRects()[0]?.toJSON();
    const b = button.getBoundingClientRect().toJSON();
    // The line's full width: a short first line is still covered if the button sits on its row.
    const row = line && { left: pre.getBoundingClientRect().left, right: pre.getBoundingClientRect().right, top: line.top, bottom: line.bottom };
    return row && row.top < b.bottom && b.top < row.bottom ? [{ line, button: b }] : [];
  }));
  if (covered.length) fail(`${label}: the Copy button covers the first line of code: ${JSON.stringify(covered[0])}`);
  // A document without `#`: its first `##` shows.
  await page.goto(url(spec.h2.site, spec.h2.page));
  const h2 = await page.evaluate(() => {
    const h = document.querySelector("main h2");
    if (!h) return null;
    const r = h.getBoundingClientRect();
    return { text: h.textContent.replace("#", "").trim(), visible: h.checkVisibility() && r.height > 0 && r.width > 0 };
  });
  if (!h2 || !h2.visible || !h2.text.startsWith(spec.h2.title)) fail(`${label}: the first ## heading is lost: ${JSON.stringify(h2)}`);
  await context.close();
}

// The practice page at 390 px: the grade bar and the question or Show answer, at every scroll.
{
  const { context, page } = await open(browser, { width: 390, height: 740, mobile: true });
  await page.goto(url(spec.site, "practice/index.html"));
  await page.waitForSelector("#practice-card:not([hidden])");
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (const step of ["question", "answer"]) {
    if (step === "answer") await page.click("#reveal");
    for (let y = 0; y <= height; y += 60) {
      const seen = await page.evaluate((y) => {
        window.scrollTo(0, y);
        const box = (s) => { const e = document.querySelector(s); return e && !e.hidden && e.offsetParent ? e.getBoundingClientRect().toJSON() : null; };
        return { grades: box(".practice-grades"), question: box("#practice-question"), reveal: box("#reveal") };
      }, y);
      for (const what of ["question", "reveal"]) {
        if (overlap(seen.grades, seen[what])) { fail(`390 practice (${step} shown) scrolled to ${y}: the grade buttons cover the ${what}: ${JSON.stringify(seen)}`); y = height + 1; break; }
      }
    }
  }
  await context.close();
}
await browser.close();
if (failures.length) { console.log(`${failures.length} layout failure(s)`); process.exit(1); }
console.log("layout: all checks pass");
