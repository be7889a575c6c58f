// Search in a real browser:  node search.mjs SITE_DIR SPEC.json
// SPEC: {"queries": [{"q": "...", "first": "text in the first result's title",
//                     "state": "unanswered"?}], "tokens": "path to tokens.json"?, "hostile": "query"?,
//        "min_shards": N? (the site must have at least N term shards)}
// Runs every check over HTTP under /sub/ and from file://; prints failures, exits 1 on any.
import { launch, open } from "./browser.mjs";
import { serve } from "./serve.mjs";
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

const [site, specPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const failures = [];
const fail = (m) => { failures.push(m); console.log("FAIL " + m); };
const { server, base } = await serve(resolve(site));
const browser = await launch();

async function settle(page, q) {
  await page.waitForFunction((q) => {
    const s = document.getElementById("search-status").textContent;
    return s && document.getElementById("search").value === q;
  }, q);
  await page.waitForTimeout(150);
}

async function query(page, q, state = "") {
  await page.fill("#search", q);
  await settle(page, q);
  // The filters sit in the results panel, beside the list, as a reader finds them.
  if ((await page.$eval("#search-state", (s) => s.value)) !== state) {
    await page.selectOption("#search-state", state);
    await settle(page, q);
  }
  return page.$$eval("#search-results [role=option]", (os) => os.map((o) => ({
    href: o.getAttribute("data-href"), title: o.querySelector(".search-title").textContent,
  })));
}

if (spec.min_shards) {
  // The index must really be split for a query that crosses shards to mean anything.
  const manifest = readdirSync(resolve(site, "search")).filter((f) => f.startsWith("t-")).length;
  if (manifest < spec.min_shards) fail(`only ${manifest} term shards, the check needs ${spec.min_shards}`);
}

for (const [label, url] of [["http", base + "index.html"], ["file", "file://" + resolve(site, "index.html")]]) {
  const { context, page, offsite, errors } = await open(browser, {});
  await page.goto(url);
  await page.keyboard.press("/");
  if (!(await page.evaluate(() => document.activeElement.id === "search"))) fail(`${label}: "/" does not focus the search`);

  if (spec.tokens) {
    await page.focus("#search");
    await page.waitForFunction(() => window.prepbookSearch && window.prepbookSearch.tokenize);
    for (const [text, want] of JSON.parse(readFileSync(spec.tokens, "utf8"))) {
      const got = await page.evaluate((t) => window.prepbookSearch.tokenize(t), text);
      if (JSON.stringify(got) !== JSON.stringify(want)) fail(`${label}: tokenize(${text}) = ${JSON.stringify(got)}, Rust says ${JSON.stringify(want)}`);
    }
  }

  for (const c of spec.queries) {
    const results = await query(page, c.q, c.state || "");
    if (c.first && !(results[0] && results[0].title.includes(c.first))) {
      fail(`${label}: "${c.q}" first result ${JSON.stringify(results[0] && results[0].title)}, expected one with "${c.first}"`);
    }
    if (c.none && results.length) fail(`${label}: "${c.q}" should find nothing, found ${results.length}`);
    if (c.none) {
      const status = await page.textContent("#search-status");
      if (!/No results/.test(status)) fail(`${label}: no clear "no results" state: ${status}`);
    }
    if (c.state === "unanswered") {
      const badges = await page.$$eval("#search-results li", (lis) => lis.map((li) => !!li.querySelector(".search-badge")));
      if (!badges.length || badges.some((b) => !b)) fail(`${label}: unanswered filter let answered questions through`);
    }
    for (const r of results) if (!/\.html#.+/.test(r.href)) fail(`${label}: result link ${r.href} is not page.html#question`);
  }

  // The document filter lists the documents once results are shown (they load after the
  // results, apart from the manifest), and keeps the document chosen.
  const first = spec.queries.find((c) => c.first);
  await query(page, first.q);
  await page.waitForFunction(() => document.querySelectorAll("#search-doc option").length > 1, null, { timeout: 5000 })
    .catch(() => fail(`${label}: the document filter lists no documents`));
  const where = await page.$eval("#search-results [role=option] .search-where", (e) => e.textContent);
  const inDoc = (w, title) => w === title || w.startsWith(title + " · ");
  const docs = await page.$$eval("#search-doc option", (os) => os.slice(1).map((o) => [o.value, o.textContent]));
  const doc = docs.filter(([, title]) => inDoc(where, title)).sort((a, b) => b[1].length - a[1].length)[0];
  if (!doc) fail(`${label}: the first result's place "${where}" names no document of the filter`);
  else {
    await page.selectOption("#search-doc", doc[0]);
    await settle(page, first.q);
    const places = await page.$$eval("#search-results .search-where", (es) => es.map((e) => e.textContent));
    if (!places.length || places.some((w) => !inDoc(w, doc[1]))) fail(`${label}: filtered by "${doc[1]}", results from ${JSON.stringify(places)}`);
    await page.selectOption("#search-doc", "");
    await settle(page, first.q);
  }

  // Keyboard: arrows choose, Enter goes to the question's anchor, which exists.
  const results = await query(page, first.q);
  await page.focus("#search");
  await page.keyboard.press("ArrowDown");
  const selected = await page.$eval("#search-results [aria-selected=true]", (o) => new URL(o.dataset.href, location.href).href);
  // The input keeps the focus and names the chosen option (the ARIA 1.2 combobox).
  const named = await page.evaluate(() => {
    const input = document.activeElement, id = input.getAttribute("aria-activedescendant");
    return input.id === "search" && input.getAttribute("aria-expanded") === "true" && !!id &&
      document.getElementById(id).getAttribute("aria-selected") === "true";
  });
  if (!named) fail(`${label}: the focused input does not name the chosen option`);
  const focusable = await page.$$eval("#search-results [role=option] *", (els) => els.filter((e) => e.tabIndex >= 0 || e.matches("a[href], button, input")).length);
  if (focusable) fail(`${label}: ${focusable} focusable elements inside the options`);
  await Promise.all([page.waitForURL((u) => u.href === selected), page.keyboard.press("Enter")]);
  const id = decodeURIComponent(new URL(selected).hash.slice(1));
  if (!(await page.evaluate((id) => !!document.getElementById(id), id))) fail(`${label}: ${selected} has no element #${id}`);
  if (results.length === 0) fail(`${label}: keyboard check had no results`);
  await page.fill("#search", first.q);
  await page.waitForSelector("#search-results li");
  await page.keyboard.press("Escape");
  if (!(await page.$eval("#search-panel", (p) => p.hidden))) fail(`${label}: Esc does not close the results`);
  if (await page.$eval("#search", (i) => i.getAttribute("aria-expanded")) !== "false") fail(`${label}: closed results still say expanded`);
  if (!(await page.evaluate(() => document.activeElement.id === "search"))) fail(`${label}: Esc moved the focus off the search box`);

  if (spec.hostile) {
    const hostile = await query(page, spec.hostile);
    const pwned = await page.evaluate(() => window.pwned === 1 || document.querySelectorAll("#search-results img, #search-results script").length > 0);
    if (!hostile.length) fail(`${label}: the hostile question is not found`);
    if (pwned) fail(`${label}: index text became markup in the results`);
  }
  if (errors.length) fail(`${label}: page errors ${JSON.stringify(errors)}`);
  if (offsite.filter((u) => !u.startsWith(base)).length) fail(`${label}: requests off the site ${JSON.stringify(offsite)}`);
  await context.close();
}
await browser.close();
server.close();
console.log(failures.length ? `search: ${failures.length} failures` : "search: all checks passed");
process.exit(failures.length ? 1 : 0);
