// Search benchmark in a real browser: prepbook's sharded index against Pagefind on the same site.
//
//   node benches/search.mjs --handbook DIR --prepbook SITE [--pagefind SITE] [--json FILE]
//        [--common WORD] [--rare WORD] [--type-delay MS] [--pagefind-version TEXT]
//        [--pagefind-seconds S] [--paste-runs N]
//
// benches/search.sh runs it (it builds the site and runs Pagefind on a copy first). Each site is
// served from its folder by a static server on 127.0.0.1 (a free port; no gzip, so every byte the
// browser loads is counted as it is on disk; gzip sizes are zlib.gzipSync of each body, level 6).
// Debian's chromium is driven through ../tests/browser/browser.mjs (playwright-core).
//
//  1. corpus: the questions of --handbook ("## N. title" headings, files in name order); the
//     common word is "cache" (else the most frequent word that is not a stopword), the rare word
//     one that occurs in exactly one question (else two) and that shares no stem with another
//     word; ~50 timing queries (single words from common to rare, 2- and 3-word runs from question
//     titles, 3-5 letter prefixes), all chosen deterministically.
//  2. first query, each word in a fresh browser context (nothing cached): prepbook's index.html,
//     click #search, type the word (TYPE delay ms a key), wait for #search-results li and for the
//     network to go quiet; every response from the click on is counted. Also one
//     prepbookSearch.search(word) call on a page where nothing is loaded yet ("API one-shot"),
//     and the whole word put in the box at once: time to the first result shown (median of
//     --paste-runs fresh contexts, 5 by default; also with Chromium's network throttled to
//     40 ms and 10 Mbit/s, served gzipped), and the bytes loaded before it and in all (the
//     filters' data loads after the results).
//     Pagefind: import("/pagefind/pagefind.js"), init(), search(word), data() of the top 10.
//  3. query time: after init and warm-up queries, each timing query once (cold: its shards may
//     not be loaded yet) and then again (warm), performance.now() around the promise, inside the
//     page (no DevTools round trip in the figure). Median and p90.
//  4. sizes of prepbook's search/ + assets/search.*.js and of Pagefind's pagefind/ on disk.
// Checks (page errors, console errors, failed or off-site requests, no results for a word the
// handbook has, a rare word's question not ranked first, UI and API disagreeing) are printed as
// PROBLEM lines and make the exit status 1. Missed targets are reported but do not.
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, normalize, extname, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: {
    handbook: { type: "string" }, prepbook: { type: "string" }, pagefind: { type: "string" },
    json: { type: "string" }, common: { type: "string" }, rare: { type: "string" },
    "type-delay": { type: "string", default: process.env.TYPE_DELAY || "120" },
    "pagefind-version": { type: "string", default: "" }, "pagefind-seconds": { type: "string", default: "" },
    "paste-runs": { type: "string", default: "5" },
  },
});
if (!opt.handbook || !opt.prepbook) {
  console.error("usage: node benches/search.mjs --handbook DIR --prepbook SITE [--pagefind SITE] [--json FILE]");
  process.exit(2);
}
const TYPE_DELAY = Number(opt["type-delay"]);
const browserModule = process.env.BROWSER_MJS || new URL("../tests/browser/browser.mjs", import.meta.url).href;
const { launch, open } = await import(browserModule);

const problems = [];
const problem = (m) => { problems.push(m); console.error("!! PROBLEM: " + m); };
const note = (m) => console.error("== " + m);

// ---- corpus ------------------------------------------------------------------------------------
const STOP = new Set(("a about an and are as at be but by can could did do does for from has have how i if in into " +
  "is it its me my no not of on or our should so than that the their them then there these they this those to " +
  "was we were what when which why with would you your").split(" "));

function readQuestions(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith(".md")).sort();
  const out = [];
  for (const f of files) {
    let cur = null, fence = false;
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      const h = !fence && /^## (\d+)\.\s+(.*)$/.exec(line);
      if (h) { cur = { id: out.length, file: f, num: Number(h[1]), title: h[2], prose: h[2] + "\n", code: "" }; out.push(cur); continue; }
      if (/^\s*(```|~~~)/.test(line)) fence = !fence;
      if (cur) { if (fence) cur.code += line + "\n"; else cur.prose += line + "\n"; }
    }
  }
  return out;
}

const questions = readQuestions(opt.handbook);
if (!questions.length) { console.error(`no "## N. title" questions under ${opt.handbook}`); process.exit(1); }
const WORDRE = /[A-Za-z][A-Za-z0-9]*/g;
const df = new Map(), spelled = new Map(), firstQ = new Map(), inProse = new Map();
for (const q of questions) {
  const prose = new Set((q.prose.match(WORDRE) || []));
  const all = new Set([...prose, ...(q.code.match(WORDRE) || [])]);
  const seen = new Set();
  for (const w of all) {
    const l = w.toLowerCase();
    if (!spelled.has(l)) spelled.set(l, w);
    if (prose.has(w)) inProse.set(l, true);
    if (seen.has(l)) continue;
    seen.add(l);
    df.set(l, (df.get(l) || 0) + 1);
    if (!firstQ.has(l)) firstQ.set(l, []);
    if (firstQ.get(l).length < 3) firstQ.get(l).push(q.id);
  }
}
const vocab = [...df.keys()].sort();
// No other word of the corpus starts with the first len-3 letters: no stemmer can merge it.
function stemSafe(w) {
  const p = w.slice(0, Math.max(4, w.length - 3));
  const i = vocab.indexOf(w);
  return !((i > 0 && vocab[i - 1].startsWith(p)) || (i + 1 < vocab.length && vocab[i + 1].startsWith(p)));
}
const nQ = questions.length;
const proseWords = [...df.entries()]
  .filter(([w, c]) => /^[a-z]{4,}$/.test(w) && !STOP.has(w) && spelled.get(w) === w && inProse.get(w) && c >= 3 && c < 0.9 * nQ)
  .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));

const COMMON = (opt.common || (df.has("cache") ? "cache" : proseWords[0][0])).toLowerCase();
function pickRare() {
  for (const want of [1, 2]) {
    const c = [...df.entries()].filter(([w, n]) => n === want && /^[a-z]{8,}$/i.test(w) && inProse.get(w) &&
      /^[a-z]/.test(spelled.get(w)) && stemSafe(w)).map(([w]) => w);
    c.sort((a, b) => (/[A-Z]/.test(spelled.get(a)) - /[A-Z]/.test(spelled.get(b))) ||
      (Math.abs(a.length - 11) - Math.abs(b.length - 11)) || (a < b ? -1 : 1));
    if (c.length) return spelled.get(c[0]);
  }
  return null;
}
const RARE = opt.rare || pickRare();
if (!RARE) { console.error("no rare word found in the handbook: pass --rare WORD"); process.exit(1); }
const rareIds = firstQ.get(RARE.toLowerCase()) || [];
const commonExact = df.get(COMMON) || 0;

// ~50 timing queries, deterministic.
function timingQueries() {
  const out = [], used = new Set([COMMON, RARE.toLowerCase()]);
  const add = (q) => { if (!used.has(q)) { used.add(q); out.push(q); } };
  const spread = (k, list) => Array.from({ length: k }, (_, i) =>
    list[Math.min(list.length - 1, Math.round(Math.exp((Math.log(list.length) * i) / (k - 1))) - 1)]);
  out.push(COMMON, RARE);
  for (const [w] of spread(23, proseWords)) add(w);
  let shift = 0;
  while (out.length < 25 && shift < proseWords.length) add(proseWords[shift++ * 7 % proseWords.length][0]);
  // prefixes of other words, 3 to 5 letters
  const long = proseWords.filter(([w]) => w.length >= 7);
  spread(12, long).forEach(([w], i) => {
    const pre = w.slice(0, 3 + (i % 3));
    if (out.length < 35 && !STOP.has(pre)) add(pre);
  });
  // 2- and 3-word runs of title words
  const stride = Math.max(1, Math.floor(nQ / 17));
  for (let i = 0, k = 0; i < nQ && out.length < 50; i += stride, k++) {
    const words = (questions[i].title.match(/[A-Za-z]+/g) || []).map((w) => w.toLowerCase())
      .filter((w) => w.length >= 4 && !STOP.has(w));
    const n = k % 3 === 2 ? 3 : 2;
    if (words.length >= n) add(words.slice(0, n).join(" "));
  }
  return out;
}
const QUERIES = timingQueries();
const WARMUP = proseWords.slice(-3).map(([w]) => w).filter((w) => !QUERIES.includes(w));
note(`${nQ} questions; common word "${COMMON}" (whole word in ${commonExact} questions), ` +
  `rare word "${RARE}" (in ${rareIds.length}: question ${rareIds.map((i) => questions[i].num).join(", ")}); ` +
  `${QUERIES.length} timing queries`);

// ---- static server -----------------------------------------------------------------------------
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml",
  ".json": "application/json", ".wasm": "application/wasm", ".xml": "application/xml",
  ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8" };

const gzCache = new Map();
function gzipOf(file, body) {
  if (!gzCache.has(file)) gzCache.set(file, gzipSync(body || readFileSync(file)).length);
  return gzCache.get(file);
}

// gzip: send each body gzipped (Content-Encoding), as a real host does, for the throttled runs.
function serve(root, { gzip = false } = {}) {
  const log = [];
  let inflight = 0;
  const server = createServer(async (req, res) => {
    inflight++;
    const url = new URL(req.url, "http://x");
    const path = decodeURIComponent(url.pathname);
    let rel = normalize(path).replace(/^[/\\]+/, "");
    let file = join(root, rel);
    const entry = { url: path, status: 404, raw: 0, file: null, at: performance.now() };
    try {
      if (rel.startsWith("..") || !(file + sep).startsWith(root + sep) && file !== root) throw new Error("outside");
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const raw = await readFile(file);
      const body = gzip ? gzipSync(raw) : raw;
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream",
        "content-length": body.length, "cache-control": "max-age=600", ...(gzip ? { "content-encoding": "gzip" } : {}) });
      res.end(body);
      Object.assign(entry, { status: 200, raw: raw.length, file });
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
    log.push(entry);
    res.on("finish", () => inflight--);
    res.on("close", () => {});
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({
    server, log, base: `http://127.0.0.1:${server.address().port}/`, inflight: () => inflight,
  })));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Until nothing was requested for `ms` and nothing is in flight.
async function quiet(srv, ms = 500, limit = 20000) {
  const start = Date.now();
  let n = srv.log.length, since = Date.now();
  while (Date.now() - start < limit) {
    await sleep(50);
    if (srv.log.length !== n || srv.inflight() > 0) { n = srv.log.length; since = Date.now(); }
    else if (Date.now() - since >= ms) return;
  }
}

function sum(reqs) {
  return { requests: reqs.length, raw: reqs.reduce((s, r) => s + r.raw, 0),
    gzip: reqs.reduce((s, r) => s + (r.file ? gzipOf(r.file) : 0), 0),
    list: reqs.map((r) => ({ url: r.url, status: r.status, raw: r.raw, gzip: r.file ? gzipOf(r.file) : 0 })) };
}

function watch(session, label) {
  const { page, errors, offsite } = session;
  const consoleErrors = [], failed = [];
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("requestfailed", (r) => failed.push(r.url() + " " + (r.failure() || {}).errorText));
  page.on("response", (r) => { if (r.status() >= 400) failed.push(r.url() + " " + r.status()); });
  return () => {
    for (const e of errors) problem(`${label}: page error: ${e}`);
    for (const e of consoleErrors) problem(`${label}: console error: ${e}`);
    for (const e of failed) problem(`${label}: failed request: ${e}`);
    for (const e of offsite) problem(`${label}: off-site request: ${e}`);
  };
}

const norm = (s) => s.toLowerCase().replace(/[`*_]/g, "").replace(/[^a-z0-9]+/g, " ").trim();

// ---- prepbook ----------------------------------------------------------------------------------
async function prepbookTyped(browser, srv, word, expectIds) {
  const label = `prepbook typed "${word}"`;
  const session = await open(browser, {});
  const report = watch(session, label);
  const { page, context } = session;
  await page.goto(srv.base + "index.html", { waitUntil: "load" });
  await quiet(srv, 300);
  await page.evaluate(() => {
    const w = (window.__bench = { lastInput: 0, lastRender: 0, renders: 0 });
    document.getElementById("search").addEventListener("input", () => { w.lastInput = performance.now(); });
    new MutationObserver(() => { w.lastRender = performance.now(); w.renders++; })
      .observe(document.getElementById("search-results"), { childList: true });
  });
  const mark = srv.log.length;
  const t0 = performance.now();
  await page.click("#search");
  await page.keyboard.type(word, { delay: TYPE_DELAY });
  const typed = performance.now();
  try {
    await page.waitForSelector("#search-results li[role=option]", { timeout: 20000 });
  } catch {
    const status = await page.textContent("#search-status").catch(() => "?");
    problem(`${label}: no result appeared (status: "${status}")`);
  }
  await quiet(srv, 500);
  const bytes = sum(srv.log.slice(mark));
  const wallMs = performance.now() - t0;
  const b = await page.evaluate(() => window.__bench);
  const shownMs = b.lastRender >= b.lastInput ? b.lastRender - b.lastInput : null;
  const ui = await page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    items: [...document.querySelectorAll("#search-results li[role=option]")].map((a) => ({
      href: a.getAttribute("data-href"), title: (() => {
        const t = (a.querySelector(".search-title") || a).cloneNode(true);
        t.querySelectorAll(".search-badge").forEach((b) => b.remove());
        return t.textContent;
      })() })),
  }));
  const api = await page.evaluate(async (w) => {
    const r = await window.prepbookSearch.search(w);
    return { total: r.total, ids: r.results.slice(0, 10) };
  }, word);
  // checks
  if (ui.items.length && api.total) {
    const want = `${api.total} result`;
    if (!ui.status.startsWith(want)) problem(`${label}: status "${ui.status}" but search() finds ${api.total}`);
    const firstQ = questions[api.ids[0]];
    if (firstQ && norm(ui.items[0].title) !== norm(firstQ.title))
      problem(`${label}: first result shown "${ui.items[0].title}" but search() ranks question ${firstQ.num} "${firstQ.title}" first`);
  }
  if (expectIds) {
    if (api.total !== expectIds.length)
      problem(`${label}: ${api.total} results, the handbook has "${word}" in ${expectIds.length} question(s) (${expectIds.map((i) => questions[i].num).join(", ")})`);
    const top = api.ids.slice(0, expectIds.length).sort((a, b) => a - b);
    if (top.join() !== [...expectIds].sort((a, b) => a - b).join())
      problem(`${label}: top results are questions ${api.ids.slice(0, 3).map((i) => questions[i]?.num).join(", ")}, expected ${expectIds.map((i) => questions[i].num).join(", ")}`);
  }
  report();
  await context.close();
  const first = ui.items[0] || null;
  return { ...bytes, shownMs, wallMs, status: ui.status, total: api.total, first,
    firstQuestion: api.ids.length ? questions[api.ids[0]] && questions[api.ids[0]].num : null };
}

// One search() call with nothing loaded yet: the query's own cost, without the keystrokes before it.
async function prepbookOneShot(browser, srv, word) {
  const session = await open(browser, {});
  const report = watch(session, `prepbook search("${word}")`);
  await session.page.goto(srv.base + "index.html", { waitUntil: "load" });
  await quiet(srv, 300);
  const mark = srv.log.length;
  const r = await session.page.evaluate(async (w) => {
    const input = document.getElementById("search");
    const t = performance.now();
    await window.prepbookSearch.init(input.dataset.root || "", input.dataset.index);
    const res = await window.prepbookSearch.search(w);
    return { total: res.total, ms: performance.now() - t };
  }, word);
  await quiet(srv, 300);
  report();
  await session.context.close();
  return { ...sum(srv.log.slice(mark)), ...r };
}

// The whole word put in the box at once (one input event, as a paste) in a fresh context:
// time from that event to the first result shown (the box waits 90 ms after a key, included),
// and every request until the network is quiet (the filters' data loads after the results).
// throttle: a good 4G link, 40 ms round trip and 10 Mbit/s down (Chromium's emulation).
async function prepbookPasted(browser, srv, word, throttle = false) {
  const session = await open(browser, {});
  const report = watch(session, `prepbook pasted "${word}"`);
  const { page } = session;
  if (throttle) {
    const cdp = await session.context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions",
      { offline: false, latency: 40, downloadThroughput: 1.25e6, uploadThroughput: 0.625e6 });
  }
  await page.goto(srv.base + "index.html", { waitUntil: "load" });
  await quiet(srv, 300);
  await page.evaluate(() => {
    const w = (window.__bench = { input: 0, shown: 0 });
    document.getElementById("search").addEventListener("input", () => { w.input = performance.now(); });
    new MutationObserver(() => {
      if (!w.shown && document.querySelector("#search-results li[role=option]")) w.shown = performance.now();
    }).observe(document.getElementById("search-results"), { childList: true });
  });
  const mark = srv.log.length;
  await page.fill("#search", word);
  await page.waitForSelector("#search-results li[role=option]", { timeout: 20000 })
    .catch(() => problem(`prepbook pasted "${word}": no result appeared`));
  await quiet(srv, 500);
  const b = await page.evaluate(() => window.__bench);
  // What the page had asked for by the time the first result was shown, by its own clock.
  const before = new Set(await page.evaluate((t) => performance.getEntriesByType("resource")
    .filter((e) => e.startTime <= t).map((e) => decodeURIComponent(new URL(e.name).pathname)), b.shown));
  report();
  await session.context.close();
  const log = srv.log.slice(mark);
  return { ...sum(log), beforeShown: sum(log.filter((r) => before.has(r.url))), firstMs: b.shown - b.input };
}

// Cold: the first search() of each query (its shards and fragments may still be loading); warm:
// the second. One evaluate per query, performance.now() inside the page; requests from the server.
async function timeQueries(srv, page, call) {
  const out = { cold: [], warm: [] };
  for (const pass of ["cold", "warm"]) {
    for (const q of QUERIES) {
      const mark = srv.log.length;
      const r = await page.evaluate(call, q);
      const got = sum(srv.log.slice(mark));
      out[pass].push({ q, ...r, loads: got.requests, raw: got.raw });
    }
  }
  return out;
}

async function prepbookTiming(browser, srv) {
  const session = await open(browser, {});
  const report = watch(session, "prepbook timing");
  await session.page.goto(srv.base + "index.html", { waitUntil: "load" });
  await session.page.evaluate(async (warmup) => {
    const S = window.prepbookSearch;
    const input = document.getElementById("search");
    await S.init(input.dataset.root || "", input.dataset.index);
    for (const w of warmup) { await S.search(w); await S.search(w); }
  }, WARMUP);
  const r = await timeQueries(srv, session.page, async (q) => {
    const t = performance.now();
    const res = await window.prepbookSearch.search(q);
    return { ms: performance.now() - t, total: res.total, first: res.results[0] };
  });
  // the same words as a finished query (trailing space: no prefix expansion of the last word)
  r.exact = await session.page.evaluate(async (qs) => {
    const out = [];
    for (const q of qs) { const res = await window.prepbookSearch.search(q + " "); out.push({ q, total: res.total, first: res.results[0] }); }
    return out;
  }, QUERIES);
  report();
  await session.context.close();
  return r;
}

// ---- Pagefind ---------------------------------------------------------------------------------
async function pagefindFirst(browser, srv, word) {
  const session = await open(browser, {});
  const report = watch(session, `pagefind "${word}"`);
  await session.page.goto(srv.base + "index.html", { waitUntil: "load" });
  await quiet(srv, 300);
  const mark = srv.log.length;
  const r = await session.page.evaluate(async (w) => {
    const t = performance.now();
    const pagefind = await import("/pagefind/pagefind.js");
    await pagefind.init();
    const res = await pagefind.search(w);
    const data = await Promise.all(res.results.slice(0, 10).map((x) => x.data()));
    return { total: res.results.length, ms: performance.now() - t,
      first: data[0] ? { url: data[0].url, title: data[0].meta && data[0].meta.title,
        sub: (data[0].sub_results || []).slice(0, 1).map((s) => s.title)[0] || null } : null };
  }, word);
  await quiet(srv, 500);
  report();
  await session.context.close();
  return { ...sum(srv.log.slice(mark)), ...r };
}

async function pagefindTiming(browser, srv) {
  const session = await open(browser, {});
  const report = watch(session, "pagefind timing");
  await session.page.goto(srv.base + "index.html", { waitUntil: "load" });
  await session.page.evaluate(async (warmup) => {
    window.__pf = await import("/pagefind/pagefind.js");
    await window.__pf.init();
    for (const w of warmup) { const s = await window.__pf.search(w); await Promise.all(s.results.slice(0, 10).map((x) => x.data())); }
  }, WARMUP);
  const r = await timeQueries(srv, session.page, async (q) => {
    const t = performance.now();
    const res = await window.__pf.search(q);
    const t1 = performance.now();
    await Promise.all(res.results.slice(0, 10).map((x) => x.data()));
    return { searchMs: t1 - t, ms: performance.now() - t, total: res.results.length };
  });
  report();
  await session.context.close();
  return r;
}

// ---- sizes -------------------------------------------------------------------------------------
function walk(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p)); else if (e.isFile()) out.push(p);
  }
  return out;
}
function sizes(files, root) {
  const rows = files.map((f) => ({ file: f.slice(root.length + 1), raw: statSync(f).size, gzip: gzipOf(f) }));
  rows.sort((a, b) => b.raw - a.raw);
  const byGzip = [...rows].sort((a, b) => b.gzip - a.gzip)[0];
  return { files: rows.length, raw: rows.reduce((s, r) => s + r.raw, 0), gzip: rows.reduce((s, r) => s + r.gzip, 0),
    largest: rows[0], largestGzip: byGzip, manifest: rows.find((r) => /^search\/index\.[^/]*\.js$/.test(r.file)) };
}

// ---- stats and formatting ---------------------------------------------------------------------
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const kb = (b) => (b / 1024).toFixed(1) + " KB";
const mb = (b) => (b >= 1048576 ? (b / 1048576).toFixed(2) + " MB" : kb(b));
const ms = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const bytesCell = (r) => `${r.requests} req, ${mb(r.raw)} raw, ${mb(r.gzip)} gzip`;

// ---- run ---------------------------------------------------------------------------------------
const LOAD0 = (() => { try { return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "); } catch { return "?"; } })();
const prepRoot = resolve(opt.prepbook);
const pfRoot = opt.pagefind ? resolve(opt.pagefind) : null;
const browser = await launch();
const result = { corpus: { questions: nQ, common: COMMON, commonQuestions: commonExact, rare: RARE,
  rareQuestions: rareIds.map((i) => questions[i].num), queries: QUERIES, warmup: WARMUP, typeDelayMs: TYPE_DELAY } };
let code = 0;
try {
  const srv = await serve(prepRoot);
  note(`prepbook: ${srv.base} (${prepRoot})`);
  const p = {};
  p.commonTyped = await prepbookTyped(browser, srv, COMMON, null);
  p.rareTyped = await prepbookTyped(browser, srv, RARE, rareIds);
  p.commonOne = await prepbookOneShot(browser, srv, COMMON);
  p.rareOne = await prepbookOneShot(browser, srv, RARE);
  // Time to the first result varies run to run: the median of a few fresh contexts, on the
  // loopback as served, and throttled with gzip as a host serves it.
  const gsrv = await serve(prepRoot, { gzip: true });
  for (const [key, word] of [["commonPasted", COMMON], ["rarePasted", RARE]]) {
    const runs = [], slow = [];
    for (let i = 0; i < Math.max(1, Number(opt["paste-runs"])); i++) {
      runs.push(await prepbookPasted(browser, srv, word));
      slow.push(await prepbookPasted(browser, gsrv, word, true));
    }
    p[key] = { ...runs[0], firstMs: median(runs.map((r) => r.firstMs)), throttledMs: median(slow.map((r) => r.firstMs)), runs: runs.length };
  }
  gsrv.server.close();
  p.timing = await prepbookTiming(browser, srv);
  const searchJs = readdirSync(join(prepRoot, "assets")).filter((f) => /^search\..*\.js$/.test(f)).map((f) => join(prepRoot, "assets", f));
  p.sizes = sizes([...walk(join(prepRoot, "search")), ...searchJs], prepRoot);
  srv.server.close();
  result.prepbook = p;
  // empty results for words the timing queries took from the corpus
  const empty = p.timing.cold.filter((r) => r.total === 0).map((r) => r.q);
  if (empty.length) problem(`prepbook: no results for corpus queries: ${empty.map((q) => `"${q}"`).join(", ")}`);
  const differ = p.timing.cold.filter((r, i) => r.total !== p.timing.warm[i].total).map((r) => r.q);
  if (differ.length) problem(`prepbook: cold and warm runs disagree on totals for ${differ.join(", ")}`);
  if (p.commonTyped.total < commonExact)
    problem(`prepbook: "${COMMON}" finds ${p.commonTyped.total} questions, the whole word is in ${commonExact}`);

  if (pfRoot) {
    const ps = await serve(pfRoot);
    note(`pagefind: ${ps.base} (${pfRoot})`);
    const f = {};
    f.common = await pagefindFirst(browser, ps, COMMON);
    f.rare = await pagefindFirst(browser, ps, RARE);
    f.timing = await pagefindTiming(browser, ps);
    f.sizes = sizes(walk(join(pfRoot, "pagefind")), pfRoot);
    ps.server.close();
    result.pagefind = f;
  }
} catch (e) {
  console.error(e && e.stack || String(e));
  code = 1;
} finally {
  await browser.close();
}
if (code) process.exit(code);

// ---- report ------------------------------------------------------------------------------------
const p = result.prepbook, f = result.pagefind;
const T = (t, key = "ms") => t.map((r) => r[key]);
const rows = [];
const row = (name, a, b) => rows.push(`| ${name} | ${a} | ${f ? b : "not run"} |`);
row(`first query "${COMMON}", typed (${TYPE_DELAY} ms/key), fresh context`, bytesCell(p.commonTyped), f && bytesCell(f.common) + " (import+init+search+10 data())");
row(`first query "${COMMON}", one search() call`, bytesCell(p.commonOne), f && "(same as above)");
row(`first query "${RARE}" (rare), typed, fresh context`, bytesCell(p.rareTyped), f && bytesCell(f.rare));
row(`first query "${RARE}", one search() call`, bytesCell(p.rareOne), f && "(same as above)");
for (const [w, r] of [[COMMON, p.commonPasted], [RARE, p.rarePasted]]) {
  row(`first query "${w}" pasted at once, fresh context: to the first result shown / in all`,
    `${bytesCell(r.beforeShown)} / ${bytesCell(r)}; first result after ${ms(r.firstMs)} ms, throttled (40 ms, 10 Mbit/s, gzip) ${ms(r.throttledMs)} ms ` +
    `(medians of ${r.runs}; 90 ms of each is the box's pause)`, f && "-");
}
row(`manifest (what a first query waits for before any shard): raw (gzip)`,
  `${p.sizes.manifest ? `${p.sizes.manifest.file} ${kb(p.sizes.manifest.raw)} (${kb(p.sizes.manifest.gzip)})` : "none"}`, f && "-");
row(`results for "${COMMON}" / "${RARE}"`, `${p.commonTyped.total} / ${p.rareTyped.total} questions`,
  f && `${f.common.total} / ${f.rare.total} pages`);
const exactFirst = (w) => { const e = p.timing.exact.find((x) => x.q === w); return e && e.first != null ? `; "${w} " (finished): "${questions[e.first].title}" (q ${questions[e.first].num})` : ""; };
row(`first result for "${COMMON}"`, p.commonTyped.first ? `"${p.commonTyped.first.title}" (q ${p.commonTyped.firstQuestion})${exactFirst(COMMON)}` : "none",
  f && (f.common.first ? `${f.common.first.url}${f.common.first.sub ? ` › "${f.common.first.sub}"` : ""}` : "none"));
row(`first result for "${RARE}"`, p.rareTyped.first ? `"${p.rareTyped.first.title}" (q ${p.rareTyped.firstQuestion})` : "none",
  f && (f.rare.first ? `${f.rare.first.url}${f.rare.first.sub ? ` › "${f.rare.first.sub}"` : ""}` : "none"));
row(`"${COMMON}" / "${RARE}" first query time: prepbook last key → final list shown; Pagefind import → top 10 data()`,
  `${p.commonTyped.shownMs != null ? ms(p.commonTyped.shownMs) : "-"} / ${p.rareTyped.shownMs != null ? ms(p.rareTyped.shownMs) : "-"} ms`,
  f && `${ms(f.common.ms)} / ${ms(f.rare.ms)} ms`);
const loadsCell = (t) => `${median(T(t.cold, "loads"))} / ${Math.max(...T(t.cold, "loads"))} requests, ${kb(median(T(t.cold, "raw")))} / ${kb(Math.max(...T(t.cold, "raw")))} raw`;
row(`loaded per timing query, cold run, median / max`, loadsCell(p.timing), f && loadsCell(f.timing));
row(`query time cold (1st run each of ${QUERIES.length}), median / p90`, `${ms(median(T(p.timing.cold)))} / ${ms(pct(T(p.timing.cold), 90))} ms`,
  f && `${ms(median(T(f.timing.cold)))} / ${ms(pct(T(f.timing.cold), 90))} ms (search only ${ms(median(T(f.timing.cold, "searchMs")))} / ${ms(pct(T(f.timing.cold, "searchMs"), 90))})`);
row(`query time warm (2nd run), median / p90`, `${ms(median(T(p.timing.warm)))} / ${ms(pct(T(p.timing.warm), 90))} ms`,
  f && `${ms(median(T(f.timing.warm)))} / ${ms(pct(T(f.timing.warm), 90))} ms (search only ${ms(median(T(f.timing.warm, "searchMs")))} / ${ms(pct(T(f.timing.warm, "searchMs"), 90))})`);
row(`index on disk: files, raw, gzip (sum of files)`, `${p.sizes.files} files, ${mb(p.sizes.raw)}, ${mb(p.sizes.gzip)}`,
  f && `${f.sizes.files} files, ${mb(f.sizes.raw)}, ${mb(f.sizes.gzip)}`);
row(`largest file: raw (gzip)`, `${p.sizes.largest.file} ${kb(p.sizes.largest.raw)} (${kb(p.sizes.largest.gzip)})`,
  f && `${f.sizes.largest.file} ${kb(f.sizes.largest.raw)} (${kb(f.sizes.largest.gzip)})`);

console.log(`Search benchmark: ${nQ} questions, prepbook ${prepRoot}` + (f ? `, Pagefind ${opt["pagefind-version"]} on a copy (${pfRoot}${opt["pagefind-seconds"] ? `, indexed in ${opt["pagefind-seconds"]} s` : ""})` : ""));
console.log(`Served from 127.0.0.1 without compression; "gzip" = zlib.gzipSync (level 6) of each body. Chromium headless, ` +
  `typing ${TYPE_DELAY} ms a key. Pagefind indexes pages (${f ? "one result per part page, sub-results per heading" : "-"}), prepbook questions.`);
const load = () => { try { return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "); } catch { return "?"; } };
console.log(`Load average ${LOAD0} at the start, ${load()} at the end (2-core machines: a foreign job inflates the times).`);
console.log(`Timing queries (${QUERIES.length}): ${QUERIES.map((q) => JSON.stringify(q)).join(" ")}`);
console.log("");
console.log("| measure | prepbook | Pagefind |");
console.log("| --- | --- | --- |");
console.log(rows.join("\n"));
console.log("");
for (const [name, r] of [[`"${COMMON}" typed`, p.commonTyped], [`"${RARE}" typed`, p.rareTyped]]) {
  const kinds = {};
  for (const x of r.list) {
    const k = /\/index\.[^/]*\.js$/.test(x.url) ? "manifest" : /\/t-/.test(x.url) ? "term shards" : /\/f-/.test(x.url) ? "fragments" :
      /\/meta\.[^/]*\.js$/.test(x.url) ? "filters' data" : "other";
    kinds[k] = kinds[k] || { n: 0, raw: 0, gzip: 0 };
    kinds[k].n++; kinds[k].raw += x.raw; kinds[k].gzip += x.gzip;
  }
  console.log(`prepbook ${name}: ` + Object.entries(kinds).map(([k, v]) => `${k} ${v.n} (${kb(v.raw)} raw, ${kb(v.gzip)} gzip)`).join("; "));
}
if (f) {
  const kinds = {};
  for (const x of f.common.list) {
    const k = x.url.replace(/.*\//, "").replace(/_[0-9a-f]{6,}|\.[0-9a-f]{6,}/g, "").replace(/\?.*/, "");
    const kk = /\.pf_fragment$/.test(k) ? "fragments" : /\.pf_index$/.test(k) ? "index chunks" : k;
    kinds[kk] = kinds[kk] || { n: 0, raw: 0 };
    kinds[kk].n++; kinds[kk].raw += x.raw;
  }
  console.log(`Pagefind "${COMMON}": ` + Object.entries(kinds).map(([k, v]) => `${k} ${v.n} (${kb(v.raw)})`).join("; "));
}
// ranking: single complete words whose first result differs between typing (last word is a
// prefix) and the finished word (trailing space), and the first result lacks the word itself
const hasWord = (id, w) => new RegExp(`(^|[^A-Za-z0-9])${w}([^A-Za-z0-9]|$)`, "i").test(questions[id].prose + questions[id].code);
const outranked = [];
p.timing.cold.forEach((r, i) => {
  const w = r.q, e = p.timing.exact[i];
  if (!/^[a-z]+$/i.test(w) || !df.has(w.toLowerCase()) || r.first == null || e.first == null) return;
  if (r.first !== e.first) outranked.push(`"${w}" → q ${questions[r.first].num}${hasWord(r.first, w) ? "" : " (without the word itself)"}, "${w} " → q ${questions[e.first].num}`);
});
if (outranked.length) console.log(`NOTE: ${outranked.length} of the complete words rank another question first while typed (last word taken as a prefix) than when finished with a space: ${outranked.join("; ")}`);
console.log("");
// targets
const firstGzip = Math.max(p.commonTyped.gzip, p.rareTyped.gzip);
const largest = Math.max(p.sizes.largest.raw);
const tgt = (ok, text) => console.log(`${ok ? "MET    " : "MISSED "} ${text}`);
tgt(firstGzip < 100 * 1024, `first query loads < 100 KB gzip: ${kb(p.commonTyped.gzip)} ("${COMMON}" typed), ${kb(p.rareTyped.gzip)} ("${RARE}" typed); one search() call: ${kb(p.commonOne.gzip)}, ${kb(p.rareOne.gzip)}`);
if (p.sizes.manifest) tgt(p.sizes.manifest.gzip <= 20 * 1024, `manifest ≤ 20 KB gzip (issue 16: ≤ 100 KB at 100k): ${kb(p.sizes.manifest.gzip)}`);
tgt(largest <= 250 * 1024, `no file over 250 KB: largest ${p.sizes.largest.file} ${kb(p.sizes.largest.raw)} raw, ${kb(p.sizes.largestGzip.gzip)} gzip at most`);
tgt(median(T(p.timing.cold)) < 10 && median(T(p.timing.warm)) < 10,
  `median query < 10 ms: cold ${ms(median(T(p.timing.cold)))} ms, warm ${ms(median(T(p.timing.warm)))} ms`);
if (problems.length) {
  console.log("");
  console.log(`PROBLEMS (${problems.length}):`);
  for (const m of problems) console.log("- " + m);
}
if (opt.json) writeFileSync(opt.json, JSON.stringify({ ...result, problems }, null, 1));
process.exit(problems.length ? 1 : 0);
