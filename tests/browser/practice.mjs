// Practice in a real browser:  node practice.mjs SITE_DIR SPEC.json
// SPEC: {"questions": N (cards the export counts), "timer": seconds of the built answer timer,
//        "hostile": true for a handbook whose questions try to run script (a short run),
//        "media": SLUG of a document whose first answer has two images and a link to b.html,
//        "generated": true for a generated handbook at scale (benches/browser_scale.sh): its
//        documents have one section each and no transcript, so the section filter and the
//        transcript checks are left out, and each document's first card is checked for 24
//        documents spread over the handbook rather than for every one}
// Checks the deck, key shards and card scripts against the site's own practice.js in Node, then
// the practice page (answers taken from the document pages: fetched over HTTP, in a frame from
// file://), document pages in practice mode and the home page's learned counts in Chromium,
// over HTTP under /sub/ and from file://. Prints failures, exits 1 on any.
import { launch, open } from "./browser.mjs";
import { serve } from "./serve.mjs";
import { readFileSync, readdirSync } from "node:fs";
import { resolve, join } from "node:path";
import { createRequire } from "node:module";
import vm from "node:vm";

const [site, specPath] = process.argv.slice(2);
const spec = JSON.parse(readFileSync(specPath, "utf8"));
const failures = [];
const fail = (m) => { failures.push(m); console.log("FAIL " + m); };
const check = (ok, m) => { if (!ok) fail(m); };
const DAY = 86400000;

// ---- the built data, read in Node --------------------------------------------------------------
const assetName = readdirSync(join(site, "assets")).find((f) => /^practice\.[0-9a-f]{8}\.js$/.test(f));
const sm2 = createRequire(import.meta.url)(resolve(site, "assets", assetName));
const sessionName = readdirSync(join(site, "assets")).find((f) => /^practice-session\.[0-9a-f]{8}\.js$/.test(f));
const sessionCore = createRequire(import.meta.url)(resolve(site, "assets", sessionName));
const practiceHtml = readFileSync(join(site, "practice/index.html"), "utf8").replaceAll("&#x2F;", "/");
const deckPath = /<script src="\.\.\/(practice\/deck\.[0-9a-f]{8}\.js)"/.exec(practiceHtml)[1];
let deck = null;
const cards = {}, shards = {};
const sandbox = { prepbookPractice: { deck: (d) => { deck = d; }, cards: (slug, prefix, c) => { cards[slug] = sessionCore.cardsWithIds(prefix, c); }, keys: (n, k) => { shards[n] = k; } } };
vm.runInNewContext(readFileSync(join(site, deckPath), "utf8"), sandbox);
for (const d of deck.docs) vm.runInNewContext(readFileSync(join(site, d.cards), "utf8"), sandbox);
deck.shards.forEach((path) => vm.runInNewContext(readFileSync(join(site, path), "utf8"), sandbox));
check(deck.v === 2 && deck.shards.every((p, n) => shards[n]), `the deck (v${deck.v}) and its ${deck.shards.length} key shards`);

// Every card in handbook order: {g, doc, slug, section, id, key}.
const all = [];
deck.docs.forEach((d, di) => {
  const ids = cards[d.slug].map((c) => c[0]);
  const keys = shards[d.shard][d.slug] || "";
  let k = 0;
  d.sections.forEach((s, si) => {
    for (let n = 0; n < s[1]; n++, k++) {
      all.push({ g: all.length, doc: di, slug: d.slug, section: si, id: ids[k], key: keys.substr(k * 8, 8), answered: !d.unanswered.includes(k) });
    }
  });
  check(ids.length === k && keys.length === 8 * k, `${d.slug}: ${ids.length} cards in its script, ${keys.length / 8} keys in shard ${d.shard}, ${k} in the deck`);
});
check(all.length === spec.questions, `the deck holds ${all.length} cards, the export ${spec.questions} questions`);
for (const c of all) check(c.id && sm2.cardKey(c.id) === c.key, `${c.slug}: key of ${c.id} is ${c.id && sm2.cardKey(c.id)} in practice.js, ${c.key} in the deck`);
const byId = new Map(all.map((c) => [c.id, c]));

// What #practice-progress must say for the stored records and a filter, worked out here.
function expected(store, keep, now = Date.now()) {
  let due = 0, learned = 0, fresh = 0;
  for (const c of all.filter(keep)) {
    const r = store[c.id];
    if (!r) { fresh++; continue; }
    if (r.due <= now) due++;
    if (r.reps >= 2 && (r.grade === "good" || r.grade === "easy")) learned++;
  }
  return `${due} due · ${learned} learned · ${fresh} new`;
}

// ---- helpers in the page -----------------------------------------------------------------------
const progress = (page) => page.$eval("#practice-progress", (e) => e.textContent.trim());
// The id of the card on screen, from its link to the question.
const currentId = (page) => page.$eval("#practice-where a", (a) => decodeURIComponent(new URL(a.href).hash.slice(1)));
async function nextCard(page, previous) {
  await page.waitForFunction((prev) => {
    const card = document.getElementById("practice-card"), link = document.querySelector("#practice-where a");
    const empty = document.getElementById("practice-empty");
    return (!card.hidden && link && decodeURIComponent(new URL(link.href).hash.slice(1)) !== prev) || !empty.hidden;
  }, previous, { timeout: 5000 });
}
async function firstCard(page) {
  await page.waitForFunction(() => !document.getElementById("practice-card").hidden || !document.getElementById("practice-empty").hidden, null, { timeout: 5000 });
}
const store = async (page) => {
  const data = await page.evaluate(() => {
    const raw = localStorage.getItem("prepbook-practice:" + document.documentElement.dataset.siteKey);
    return raw && JSON.parse(raw);
  });
  return (data && data.cards) || {};
};
// Space shows the answer, a digit grades; returns the id graded.
async function gradeByKeys(page, digit) {
  const id = await currentId(page);
  await page.keyboard.press("Space");
  await page.waitForSelector("#practice-answer:not([hidden])");
  await page.keyboard.press(digit);
  await nextCard(page, id);
  return id;
}
// The answer on screen is the one on the question's page: imported over HTTP, a frame of the
// page reduced to that answer from file:// (its text read through the frame, as a reader sees it).
const pageAnswers = new Map();
function answerOnPage(c) {
  const url = deck.docs[c.doc].url;
  if (!pageAnswers.has(url)) {
    const html = readFileSync(join(site, url), "utf8");
    pageAnswers.set(url, html);
  }
  return pageAnswers.get(url);
}
const words = (t) => t.replace(/\s+/g, " ").trim();
async function answerShown(page, label, c) {
  await page.waitForSelector("#practice-answer .practice-loading", { state: "detached" });
  if (!c.answered) {
    check((await page.textContent("#practice-answer")).includes("No answer written yet"), `${label}: ${c.id} unanswered`);
    return;
  }
  // The text of the answer as the page has it: the element after the question's id, up to its end.
  const expectedText = await page.evaluate(([html, id]) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const q = doc.getElementById(id);
    if (q && q.classList.contains("turn")) {
      let next = q.nextElementSibling;
      while (next && !next.classList.contains("turn")) next = next.nextElementSibling;
      return next ? next.querySelector(".turn-text").textContent : "";
    }
    const a = q && (q.querySelector(":scope > .answer") || q.querySelector(":scope > article.question .answer"));
    return a ? a.textContent : "";
  }, [answerOnPage(c), c.id]);
  if (label === "file") {
    const frame = await page.$("#practice-answer iframe.practice-frame");
    check(!!frame, `${label}: ${c.id}: no frame of its page`);
    if (!frame) return;
    const inner = await frame.contentFrame();
    await inner.waitForSelector(".practice-frame-answer");
    const text = await inner.$eval("body", (b) => b.textContent);
    check(!expectedText || words(text).includes(words(expectedText).slice(0, 200)), `${label}: ${c.id}: the frame shows ${words(text).slice(0, 200)}`);
    check(await inner.$$eval("header, nav, .search, .question-title", (e) => e.length) === 0, `${label}: ${c.id}: the frame shows more than the answer`);
    await page.waitForFunction(() => {
      const f = document.querySelector("#practice-answer iframe.practice-frame");
      return f && f.getBoundingClientRect().height > 30;
    }, null, { timeout: 5000 }).catch(() => fail(`${label}: ${c.id}: the frame is not sized to its answer`));
    const [h, inside] = await Promise.all([
      page.$eval("#practice-answer iframe.practice-frame", (f) => f.getBoundingClientRect().height),
      inner.evaluate(() => document.body.getBoundingClientRect().height),
    ]);
    check(Math.abs(h - inside) <= 2, `${label}: ${c.id}: frame ${h}px for an answer of ${inside}px`);
  } else {
    const text = await page.textContent("#practice-answer");
    check(!expectedText || words(text).includes(words(expectedText).slice(0, 200)), `${label}: ${c.id}: the answer shows ${words(text).slice(0, 200)}`);
    check(await page.$$eval("#practice-answer [id], #practice-answer iframe", (e) => e.length) === 0, `${label}: ${c.id}: ids or a frame in the imported answer`);
  }
}
const visible = (page, sel) => page.$eval(sel, (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length));

const { server, base } = await serve(resolve(site));
const browser = await launch();
const fileRoot = "file://" + resolve(site) + "/";

async function session(label, root, body, options = {}) {
  const { context, page, offsite, errors } = await open(browser, options);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  try {
    await body(page, context);
  } catch (e) {
    fail(`${label}: ${e.stack || e}`);
  }
  check(!errors.length, `${label}: page errors ${JSON.stringify(errors)}`);
  const away = offsite.filter((u) => !u.startsWith("blob:")).concat(requests.filter((u) => !u.startsWith(root) && !u.startsWith("blob:") && !u.startsWith("data:")));
  check(!away.length, `${label}: requests that leave the site ${JSON.stringify(away)}`);
  await context.close();
}

for (const [label, root] of [["http", base], ["file", fileRoot]]) {
  const url = (p) => root + p;

  if (spec.hostile) {
    await session(`${label} hostile`, root, async (page) => {
      await page.goto(url("practice/index.html"));
      await firstCard(page);
      for (let i = 0; i < all.length; i++) {
        const id = await currentId(page);
        await page.click("#reveal");
        await page.waitForSelector("#practice-answer .practice-loading", { state: "detached" });
        const bad = await page.evaluate(() => window.pwned === 1 ||
          document.querySelectorAll("#practice-card script, #practice-card [onerror], #practice-card iframe:not(.practice-frame)").length);
        check(!bad, `${label}: card ${id} became live markup`);
        await page.click('button[data-grade="good"]');
        await nextCard(page, id);
      }
      const tags = await page.$$eval("#practice-tag option", (os) => os.map((o) => o.textContent));
      check(tags.some((t) => t.includes("<")), `${label}: a tag with markup is shown as text: ${JSON.stringify(tags)}`);
      check(!(await page.evaluate(() => window.pwned === 1)), `${label}: script ran`);
    });
    continue;
  }

  if (spec.media) {
    // An answer's images and links point at the document's folder, not the practice page's.
    await session(`${label} media`, root, async (page) => {
      await page.goto(url(`practice/index.html?doc=${spec.media}`));
      await firstCard(page);
      await page.click("#reveal");
      await page.waitForSelector("#practice-answer .practice-loading", { state: "detached" });
      const frame = label === "file" ? await page.waitForSelector("#practice-answer iframe.practice-frame").then((f) => f.contentFrame()) : null;
      const scope = frame || page, box = frame ? ".practice-frame-answer" : "#practice-answer";
      await scope.waitForSelector(box);
      await scope.waitForFunction((box) => [...document.querySelectorAll(box + " img")].every((i) => i.complete), box);
      const images = await scope.$$eval(box + " img", (is) => is.map((i) => [i.currentSrc, i.naturalWidth]));
      check(images.length === 2 && images.every(([src, w]) => w > 0 && !src.includes("/practice/")), `${label}: the answer's images ${JSON.stringify(images)}`);
      const links = await scope.$$eval(box + " a[href]", (as) => as.map((a) => a.href));
      check(links.length === 1 && links[0] === root + "b.html", `${label}: the answer's link ${JSON.stringify(links)}`);
    });
    continue;
  }

  // From file:// the answer is a frame: a grade key pressed after a click in the answer (the
  // focus in the frame) still grades the card.
  if (label === "file") {
    await session(`${label} keys in the answer's frame`, root, async (page) => {
      await page.goto(url("practice/index.html"));
      await firstCard(page);
      const id = await currentId(page);
      await page.keyboard.press("Space");
      const frame = await page.waitForSelector("#practice-answer iframe.practice-frame").then((f) => f.contentFrame());
      await frame.waitForSelector(".practice-frame-answer");
      await frame.evaluate(() => { document.body.tabIndex = -1; document.body.focus(); });
      check(await frame.evaluate(() => document.hasFocus()), `${label}: the answer's frame did not take the focus`);
      await page.keyboard.press("3");
      await nextCard(page, id);
      const saved = await store(page);
      check(saved[id] && saved[id].grade === "good", `${label}: 3 pressed in the answer's frame did not grade ${id}: ${JSON.stringify(saved[id])}`);
    });
  }

  // ---- reveal, grade, again, reload ----
  await session(`${label} practice`, root, async (page) => {
    await page.goto(url("practice/index.html"));
    await firstCard(page);
    const siteKey = await page.evaluate(() => document.documentElement.dataset.siteKey);
    check(await progress(page) === expected({}, () => true), `${label}: fresh progress ${await progress(page)}`);
    check(await currentId(page) === all[0].id, `${label}: the first card is the handbook's first question`);
    check(!(await visible(page, "#practice-answer")), `${label}: the answer shows before reveal`);
    check(await page.$$eval("button[data-grade]", (bs) => bs.length === 4 && bs.every((b) => b.disabled)), `${label}: grades usable before reveal`);
    await page.click("#reveal");
    check(await visible(page, "#practice-answer"), `${label}: reveal does not show the answer`);
    await answerShown(page, label, all[0]);
    check(await page.$eval("#reveal", (b) => b.getAttribute("aria-expanded")) === "true", `${label}: reveal aria-expanded`);
    const labels = await page.$$eval("button[data-grade] .grade-next", (s) => s.map((x) => x.textContent));
    check(JSON.stringify(labels) === JSON.stringify(["soon", "1d", "1d", "1d"]), `${label}: next intervals of a new card ${labels}`);
    const first = await currentId(page);
    await page.click('button[data-grade="good"]');
    await nextCard(page, first);
    check(await progress(page) === `0 due · 0 learned · ${all.length - 1} new`, `${label}: after one good ${await progress(page)}`);

    // Keyboard: Space reveals, 3 is good, 1 is again; again comes back after three others.
    const second = await gradeByKeys(page, "3");
    const third = await gradeByKeys(page, "1");
    const others = [await gradeByKeys(page, "3"), await gradeByKeys(page, "3"), await gradeByKeys(page, "3")];
    check(await currentId(page) === third, `${label}: the card graded again is not back after three others`);
    await gradeByKeys(page, "3");
    const graded = [first, second, third, ...others];
    check(new Set(graded).size === 6, `${label}: six different cards ${graded}`);
    let saved = await store(page);
    check(await progress(page) === expected(saved, () => true), `${label}: progress ${await progress(page)} vs ${expected(saved, () => true)}`);
    check(Object.keys(saved).length === 6, `${label}: ${Object.keys(saved).length} records stored`);
    const r1 = saved[first], r3 = saved[third];
    check(r1 && r1.reps === 1 && r1.interval === 1 && r1.ease === 2.5 && r1.grade === "good" && r1.doc === all[0].slug && r1.lapses === 0,
      `${label}: record after good ${JSON.stringify(r1)}`);
    check(r3 && r3.reps === 1 && r3.ease === 1.96 && r3.grade === "good", `${label}: record after again, good ${JSON.stringify(r3)}`);
    check(r1 && r1.due > Date.now() && r1.due <= Date.now() + DAY, `${label}: due tomorrow ${r1 && new Date(r1.due)}`);

    // Reload: the progress is kept, the graded cards are not shown again today.
    await page.reload();
    await firstCard(page);
    check(await progress(page) === `0 due · 0 learned · ${all.length - 6} new`, `${label}: after reload ${await progress(page)}`);
    check(!graded.includes(await currentId(page)), `${label}: a graded card came back after reload`);

    // Filter by document and section: only their cards, then the empty state.
    if (!spec.generated) {
      const multi = deck.docs.findIndex((d) => d.sections.filter((s) => s[1] > 0).length >= 2);
      const doc = deck.docs[multi];
      const si = doc.sections.findIndex((s, i) => s[1] > 0 && i > doc.sections.findIndex((t) => t[1] > 0));
      await page.selectOption("#practice-doc", doc.slug);
      await page.waitForFunction((t) => document.getElementById("practice-where").textContent.includes(t), doc.title);
      check(!(await page.$eval("#practice-section", (s) => s.disabled)), `${label}: no sections to choose in ${doc.slug}`);
      await page.selectOption("#practice-section", String(si));
      const inSection = (c) => c.doc === multi && c.section === si;
      await page.waitForFunction((t) => document.getElementById("practice-progress").textContent === t, expected(saved, inSection));
      for (let n = 0; n < doc.sections[si][1]; n++) {
        const id = await gradeByKeys(page, "4");
        check(inSection(byId.get(id)), `${label}: ${id} is not in ${doc.slug} § ${si}`);
      }
      check(await visible(page, "#practice-empty"), `${label}: no empty state after the section`);
      const emptyText = await page.textContent("#practice-empty-text");
      check(emptyText.startsWith("Nothing due — come back tomorrow"), `${label}: empty state says ${emptyText}`);
      if (label === "http") check(page.url().includes(`?doc=${doc.slug}&section=${si}`), `${label}: the filter is not in the address ${page.url()}`);
    }

    // From the address: ?doc= of a document not practised yet.
    const last = deck.docs[deck.docs.length - 1];
    await page.goto(url(`practice/index.html?doc=${encodeURIComponent(last.slug)}`));
    await firstCard(page);
    check(await page.$eval("#practice-doc", (s) => s.value) === last.slug, `${label}: ?doc= does not select the document`);
    saved = await store(page);
    check(await progress(page) === expected(saved, (c) => c.slug === last.slug), `${label}: ?doc= progress ${await progress(page)}`);
    check(byId.get(await currentId(page)).slug === last.slug, `${label}: ?doc= shows another document's card`);

    // By tag: every card of the round is from a document with the tag.
    await page.selectOption("#practice-doc", "");
    if (!spec.generated || deck.docs.some((d) => d.tags.length)) {
      const tag = deck.docs.find((d) => d.tags.length).tags[0];
      await page.selectOption("#practice-tag", tag);
      const tagged = (c) => deck.docs[c.doc].tags.includes(tag);
      await page.waitForFunction((t) => document.getElementById("practice-progress").textContent === t, expected(saved, tagged));
      // The round's first card may still be loading its document's card script (under load): wait
      // until it is on screen before grading.
      for (let n = 0; n < 50 && !(await visible(page, "#practice-empty")) && !tagged(byId.get(await currentId(page))); n++) {
        await page.waitForTimeout(100);
      }
      for (let n = 0; n < 40 && !(await visible(page, "#practice-empty")); n++) {
        const id = await gradeByKeys(page, "3");
        check(tagged(byId.get(id)), `${label}: ${id} is not tagged ${tag}`);
      }
      await page.selectOption("#practice-tag", "");
    }

    // Export: a JSON file with every graded card.
    await page.click(".practice-data summary");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#practice-export")]);
    const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
    saved = await store(page);
    check(exported.format === "prepbook-practice" && exported.version === 1 && exported.site === siteKey,
      `${label}: export header ${JSON.stringify({ ...exported, cards: undefined })}`);
    check(JSON.stringify(exported.cards[first]) === JSON.stringify(saved[first]) &&
      Object.keys(exported.cards).length === Object.keys(saved).length, `${label}: export does not hold the stored cards`);
    check(/^prepbook-practice-.+\.json$/.test(download.suggestedFilename()), `${label}: file name ${download.suggestedFilename()}`);

    // Import: merged per card, the more recent review wins; what happened is reported.
    const fresh = all.filter((c) => !saved[c.id]);
    const now = Date.now();
    const file = {
      format: "prepbook-practice", version: 1, site: "another-handbook",
      cards: {
        [fresh[0].id]: { doc: fresh[0].slug, due: now - 2 * DAY, interval: 6, ease: 2.5, reps: 2, lapses: 0, last: now - 8 * DAY, grade: "good" },
        [first]: { ...saved[first], grade: "hard", last: saved[first].last - 1000 },
        [third]: { ...saved[third], grade: "easy", last: saved[third].last + 1000 },
        "no-such-doc--a-question-from-elsewhere": { doc: "x", due: now, interval: 1, ease: 2.5, reps: 1, lapses: 0, last: now, grade: "good" },
        [fresh[1].id]: { due: "tomorrow" },
        PROTO: { doc: "x", due: now, interval: 1, ease: 2.5, reps: 1, lapses: 0, last: now, grade: "good" },
      },
    };
    // A key that would be the prototype in a plain object must stay a plain (skipped) key.
    const text = JSON.stringify(file).replace('"PROTO"', '"__proto__"');
    await page.setInputFiles("#practice-import", { name: "mine.json", mimeType: "application/json", buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.getElementById("practice-import-result").textContent.startsWith("Imported"));
    const report = await page.textContent("#practice-import-result");
    check(report.includes("2 added") && report.includes("1 updated") && report.includes("1 kept") &&
      report.includes("2 entries were not valid") && report.includes("1 is for a question not in this handbook") &&
      report.includes("another handbook"), `${label}: import report: ${report}`);
    const merged = await store(page);
    check(merged[first].grade === "good" && merged[third].grade === "easy" && merged[fresh[0].id].reps === 2 && !merged[fresh[1].id],
      `${label}: merge result ${JSON.stringify([merged[first], merged[third], merged[fresh[0].id]])}`);
    check(await progress(page) === expected(merged, () => true), `${label}: progress after import ${await progress(page)} vs ${expected(merged, () => true)}`);
    check((await progress(page)).startsWith("1 due · 1 learned"), `${label}: the imported card is due and learned: ${await progress(page)}`);
    check(await currentId(page) === fresh[0].id, `${label}: the due card does not come first`);
    const bad = await page.setInputFiles("#practice-import", { name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{\"format\":\"other\"}") })
      .then(() => page.waitForFunction(() => document.getElementById("practice-import-result").textContent.includes("bad.json")))
      .then(() => page.textContent("#practice-import-result"));
    check(bad.includes("not a prepbook practice export"), `${label}: a foreign file is reported: ${bad}`);
  });

  // ---- each document's first card: its answer from its page (transcripts, stories, quizzes) ----
  await session(`${label} answers`, root, async (page) => {
    if (label === "http") {
      // The first document's page comes from a cache of before the deploy, without its
      // questions: the answer is asked for once more, past the cache.
      let stale = true;
      await page.route(`**/${deck.docs[0].url}`, (route) => {
        if (!stale) return route.continue();
        stale = false;
        return route.fulfill({ contentType: "text/html", body: "<!DOCTYPE html><title>Old</title><p>An old page.</p>" });
      });
    }
    const spread = spec.generated
      ? [...new Set(Array.from({ length: 24 }, (_, k) => deck.docs[Math.floor(k * (deck.docs.length - 1) / 23)]))]
      : deck.docs;
    for (const d of spread) {
      await page.goto(url(`practice/index.html?doc=${encodeURIComponent(d.slug)}`));
      await firstCard(page);
      const c = byId.get(await currentId(page));
      if (await page.$("#practice-question fieldset.quiz")) {
        await page.click("#practice-question fieldset.quiz input");
        await page.click("#practice-question .quiz-check");
      } else await page.click("#reveal");
      check(await visible(page, "#practice-answer"), `${label}: ${c.id}: no answer shown`);
      await answerShown(page, label, c);
    }
  });

  // ---- a day later: due cards first, learned on the home page, the answer timer ----
  await session(`${label} clock`, root, async (page, context) => {
    await page.clock.install({ time: new Date(2025, 2, 3, 10, 0) });
    await page.goto(url("practice/index.html"));
    await firstCard(page);
    check(await page.textContent("#practice-timer") === `${Math.floor(spec.timer / 60)}:${String(spec.timer % 60).padStart(2, "0")}`, `${label}: timer shows ${await page.textContent("#practice-timer")}`);
    check(await page.$eval("#practice-timer-auto", (b) => b.checked) === spec.timer > 0, `${label}: timer auto-start`);
    await page.clock.runFor(30000);
    if (spec.timer > 30) check(await page.textContent("#practice-timer") === `${Math.floor((spec.timer - 30) / 60)}:${String((spec.timer - 30) % 60).padStart(2, "0")}`, `${label}: timer after 30 s: ${await page.textContent("#practice-timer")}`);
    const id = await gradeByKeys(page, "3");
    await page.clock.setSystemTime(new Date(2025, 2, 4, 9, 0));
    await page.reload();
    await firstCard(page);
    check(await progress(page) === `1 due · 0 learned · ${all.length - 1} new`, `${label}: next morning ${await progress(page)}`);
    check(await currentId(page) === id, `${label}: the due card does not come first`);
    await page.keyboard.press("Space");
    const labels = await page.$$eval("button[data-grade] .grade-next", (s) => s.map((x) => x.textContent));
    check(JSON.stringify(labels) === JSON.stringify(["soon", "6d", "6d", "6d"]), `${label}: second review intervals ${labels}`);
    await page.keyboard.press("4");
    await nextCard(page, id);
    check(await progress(page) === `0 due · 1 learned · ${all.length - 1} new`, `${label}: learned ${await progress(page)}`);
    // The timer runs out: a visible signal, no sound.
    await page.clock.runFor((spec.timer || 120) * 1000 + 1000);
    if (spec.timer > 0) {
      check(await page.textContent("#practice-timer") === "Time", `${label}: timer at zero shows ${await page.textContent("#practice-timer")}`);
      check(await page.$eval("#practice-card", (c) => c.classList.contains("timer-done")), `${label}: no signal at zero`);
    }
    await page.goto(url("index.html"));
    const learned = await page.$$eval(".card-learned", (s) => s.map((x) => [x.dataset.doc, x.hidden, x.textContent.trim()]));
    const mine = learned.find((l) => l[0] === byId.get(id).slug);
    check(mine && !mine[1] && mine[2] === "· 1 learned", `${label}: home page learned ${JSON.stringify(mine)}`);
    check(learned.filter((l) => l[0] !== byId.get(id).slug).every((l) => !l[1] && l[2] === "· 0 learned"), `${label}: other documents ${JSON.stringify(learned)}`);
    check(await page.$$eval('a[href="practice/index.html"]', (a) => a.length) >= 2, `${label}: the home page and header link the practice page`);
  });

  // ---- storage refused (private mode): a visible notice, practice still works ----
  await session(`${label} no storage`, root, async (page, context) => {
    await context.addInitScript(() => {
      Object.defineProperty(window, "localStorage", { configurable: true, get() { throw new DOMException("denied", "SecurityError"); } });
    });
    await page.goto(url("practice/index.html"));
    await firstCard(page);
    check(await visible(page, "#practice-notice"), `${label}: no notice when storage is refused`);
    check((await page.textContent("#practice-notice")).includes("does not let the page keep your progress"), `${label}: notice ${await page.textContent("#practice-notice")}`);
    await gradeByKeys(page, "3");
    check(await progress(page) === `0 due · 0 learned · ${all.length - 1} new`, `${label}: grading without storage ${await progress(page)}`);
  });

  // ---- document pages: practice mode ----
  await session(`${label} document`, root, async (page) => {
    const doc = deck.docs[0];
    await page.goto(url(doc.url));
    check(await page.$eval("#practice-toggle", (b) => !b.hidden && b.getAttribute("aria-pressed") === "false"), `${label}: toggle hidden or pressed`);
    const answers = await page.$$eval(".question > .answer", (as) => as.length);
    check(answers > 3, `${label}: only ${answers} answers on ${doc.url}`);
    await page.click("#practice-toggle");
    check(await page.$eval("#practice-toggle", (b) => b.getAttribute("aria-pressed")) === "true", `${label}: toggle not pressed`);
    check(await page.$$eval(".question > .reveal-answer", (b) => b.length) === answers, `${label}: one Show answer per answer`);
    check(await page.$$eval(".question > .answer", (as) => as.every((a) => !a.offsetHeight)), `${label}: answers still visible in practice mode`);
    // j moves to the first question, Space reveals it, j and k move on and back.
    await page.keyboard.press("j");
    const order = await page.$$eval(".doc .question", (qs) => qs.map((q) => q.id));
    const cur = () => page.$eval(".practice-current", (q) => q.id).catch(() => null);
    check(await cur() === order[0], `${label}: j does not pick the first question (${await cur()})`);
    check(await page.evaluate(() => document.activeElement.classList.contains("practice-current")), `${label}: focus stays behind`);
    await page.keyboard.press("Space");
    const shown = await page.$$eval(".question > .answer", (as) => as.map((a) => !!a.offsetHeight));
    const firstWithAnswer = await page.$eval(`[id="${order[0]}"]`, (q) => !!q.querySelector(":scope > .answer"));
    check(firstWithAnswer ? shown[0] && shown.filter(Boolean).length === 1 : shown.filter(Boolean).length === 0, `${label}: Space reveals ${JSON.stringify(shown)}`);
    await page.keyboard.press("j");
    check(await cur() === order[1], `${label}: j does not move on`);
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    check(await cur() === order[1], `${label}: k does not move back`);
    // Keys typed into the search box are text, not commands.
    await page.focus("#search");
    await page.keyboard.type("jk");
    check(await cur() === order[1] && await page.inputValue("#search") === "jk", `${label}: j/k act while typing`);
    await page.fill("#search", "");
    // Printing shows every answer.
    await page.emulateMedia({ media: "print" });
    check(await page.$$eval(".question > .answer", (as) => as.every((a) => a.offsetHeight > 0)), `${label}: print hides answers`);
    await page.emulateMedia({ media: "screen" });
    // Remembered on the next page, transcripts included.
    const transcript = (!spec.generated && deck.docs.find((d) => d.slug.includes("transcript"))) || deck.docs[1];
    await page.goto(url(transcript.url));
    check(await page.$eval("#practice-toggle", (b) => b.getAttribute("aria-pressed")) === "true", `${label}: practice mode not remembered`);
    if (!spec.generated) {
      const asked = await page.$$eval(".turn.question", (ts) => ts.length);
      const hidden = await page.$$eval(".turn.role-candidate", (ts) => ts.filter((t) => t.hidden).length);
      check(asked > 0 && hidden === asked, `${label}: ${hidden} of ${asked} replies to questions hidden in practice mode`);
      check(await page.$$eval(".turn.question > .reveal-answer", (b) => b.length) === asked, `${label}: transcript Show answer buttons`);
      await page.click(".reveal-answer");
      check(await page.$$eval(".turn.role-candidate", (ts) => ts.filter((t) => t.hidden).length) === asked - 1, `${label}: Show answer on a transcript`);
    }
    await page.click("#practice-toggle");
    check(await page.$$eval(".reveal-answer", (b) => b.length) === 0 && await page.$$eval(".turn", (ts) => ts.every((t) => !t.hidden)), `${label}: mode off leaves answers hidden`);
    await page.goto(url(doc.url));
    check(await page.$eval("#practice-toggle", (b) => b.getAttribute("aria-pressed")) === "false", `${label}: off is not remembered`);
    check(await page.$$eval(".question > .answer", (as) => as.every((a) => a.offsetHeight > 0)), `${label}: answers hidden with practice mode off`);
  });

  // ---- a phone in dark mode: nothing wider than the screen ----
  await session(`${label} phone`, root, async (page) => {
    await page.goto(url("practice/index.html"));
    await firstCard(page);
    await page.click("#reveal");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `${label}: the practice page is ${overflow}px wider than a 360 px screen`);
    const bg = await page.$eval("#practice-card", (c) => getComputedStyle(c).backgroundColor);
    check(bg !== "rgb(255, 255, 255)", `${label}: the card ignores dark mode (${bg})`);
    if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/practice-${label}-phone-dark.png`, fullPage: true });
  }, { width: 360, height: 740, mobile: true, dark: true });
}

await browser.close();
server.close();
console.log(failures.length ? `practice: ${failures.length} failures` : "practice: all checks passed");
process.exit(failures.length ? 1 : 0);
