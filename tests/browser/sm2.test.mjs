// The practice scheduler (SM-2), card keys and the merge of an export, straight from the theme's practice.js:
//   node --test sm2.test.mjs        (tests/it/practice.rs runs it)
// Intervals and ease factors are worked out by hand from the published rules, written beside
// each case, not copied from the code's output.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

// Every date below is local time; fix the zone so the daylight-saving case means something.
process.env.TZ = "Europe/Berlin";
const require = createRequire(import.meta.url);
const sm2 = require("../../themes/default/assets/practice.js");

const NOW = new Date(2025, 2, 3, 18, 30).getTime(); // 3 March 2025, 18:30

// Grade a new card through `grades`, a day after each due date; returns every record.
function run(grades, start = null) {
  const out = [];
  let record = start, now = NOW;
  for (const g of grades) {
    record = sm2.review(record, g, now, "doc");
    out.push(record);
    now = record.due + 9 * 3600 * 1000; // the morning it is due
  }
  return out;
}

test("good, good, good: 1, 6, then round(6 × 2.5) = 15 days; ease stays 2.5", () => {
  const r = run(["good", "good", "good", "good"]);
  assert.deepEqual(r.map((x) => x.interval), [1, 6, 15, 38]); // 15 × 2.5 = 37.5, rounded up
  assert.deepEqual(r.map((x) => x.ease), [2.5, 2.5, 2.5, 2.5]);
  assert.deepEqual(r.map((x) => x.reps), [1, 2, 3, 4]);
  assert.equal(r[0].grade, "good");
  assert.equal(r[0].doc, "doc");
  assert.equal(r[0].last, NOW);
});

test("easy adds 0.1 to the ease; the interval uses the ease before the review", () => {
  const r = run(["easy", "easy", "easy"]);
  // EF: 2.5 + 0.1 = 2.6, 2.7, 2.8; intervals 1, 6, round(6 × 2.7) = round(16.2) = 16.
  assert.deepEqual(r.map((x) => x.ease), [2.6, 2.7, 2.8]);
  assert.deepEqual(r.map((x) => x.interval), [1, 6, 16]);
});

test("hard passes but takes 0.14 from the ease", () => {
  const r = run(["hard", "hard", "hard"]);
  // q = 3: EF + 0.1 − 2 × (0.08 + 2 × 0.02) = EF − 0.14 → 2.36, 2.22, 2.08.
  assert.deepEqual(r.map((x) => x.ease), [2.36, 2.22, 2.08]);
  // Intervals 1, 6, round(6 × 2.22) = round(13.32) = 13.
  assert.deepEqual(r.map((x) => x.interval), [1, 6, 13]);
  assert.deepEqual(r.map((x) => x.reps), [1, 2, 3]);
});

test("again starts the card over, counts a lapse, and takes 0.54 from the ease", () => {
  const [, , third, lapse, after, after2, after3] = run(["good", "good", "good", "again", "good", "good", "good"]);
  assert.equal(third.interval, 15);
  // q = 1: EF + 0.1 − 4 × (0.08 + 4 × 0.02) = EF − 0.54 → 1.96.
  assert.deepEqual([lapse.reps, lapse.interval, lapse.ease, lapse.lapses], [0, 1, 1.96, 1]);
  assert.equal(lapse.grade, "again");
  // Then 1 and 6 days again, and round(6 × 1.96) = round(11.76) = 12.
  assert.deepEqual([after.interval, after2.interval, after3.interval], [1, 6, 12]);
  assert.deepEqual([after.reps, after3.reps, after3.lapses, after3.ease], [1, 3, 1, 1.96]);
});

test("the ease never drops below 1.3; again on a new card is no lapse", () => {
  const r = run(["again", "again", "again", "again"]);
  // 2.5 → 1.96 → 1.42 → 1.3 (1.42 − 0.54 = 0.88, floored) → 1.3.
  assert.deepEqual(r.map((x) => x.ease), [1.96, 1.42, 1.3, 1.3]);
  assert.ok(r.every((x) => x.interval === 1 && x.reps === 0 && x.lapses === 0));
  const hard = run(["good", ...Array(9).fill("hard")]); // 2.5 − 9 × 0.14 = 1.24, floored
  assert.equal(hard.at(-1).ease, 1.3);
});

test("a card is due from local midnight of the day its interval lands on", () => {
  const r = sm2.review(null, "good", NOW, "doc");
  assert.equal(r.due, new Date(2025, 2, 4).getTime()); // the next day, 00:00
  assert.ok(!sm2.isDue(r, new Date(2025, 2, 3, 23, 59).getTime()));
  assert.ok(sm2.isDue(r, new Date(2025, 2, 4, 0, 0).getTime()));
  // Across the spring change to summer time (30 March 2025 in Berlin) a day stays a day.
  const six = sm2.review(r, "good", new Date(2025, 2, 28, 8).getTime());
  const due = new Date(six.due);
  assert.deepEqual([due.getMonth(), due.getDate(), due.getHours(), due.getMinutes()], [3, 3, 0, 0]);
});

test("learned: last grade good or easy, passed at least twice in a row", () => {
  const [one, two] = run(["good", "good"]);
  assert.ok(!sm2.learned(one) && sm2.learned(two));
  assert.ok(!sm2.learned(run(["good", "good", "hard"])[2]));
  assert.ok(!sm2.learned(run(["good", "good", "again"])[2]));
  assert.ok(sm2.learned(run(["hard", "easy"])[1]));
  assert.ok(!sm2.learned(null) && !sm2.learned(undefined));
});

test("unknown grades are refused", () => {
  assert.throws(() => sm2.review(null, "perfect", NOW));
});

test("interval labels", () => {
  assert.deepEqual([1, 6, 30, 45, 400].map(sm2.formatInterval), ["1d", "6d", "30d", "1.5mo", "1.1y"]);
});

test("card keys match src/render/practice.rs (worked out independently)", () => {
  assert.equal(sm2.cardKey(""), "5btzq52d");
  assert.equal(sm2.cardKey("a"), "uyw6qq30");
  assert.equal(sm2.cardKey("system-design-checklist--how-would-you-design-a-url-shortener"), "9vcgebba");
  assert.equal(sm2.cardKey("questions-zh--缓存穿透是什么"), "wp33vlwl");
});

test("records from storage or a file are checked field by field", () => {
  const good = sm2.review(null, "good", NOW, "doc");
  assert.deepEqual(sm2.clean(good), good);
  assert.deepEqual(sm2.clean(JSON.parse(JSON.stringify(good))), good);
  for (const bad of [null, 3, "x", [], { ...good, due: "tomorrow" }, { ...good, ease: NaN },
    { ...good, ease: 0.5 }, { ...good, grade: "perfect" }, { ...good, reps: -1 }, { ...good, last: Infinity }]) {
    assert.equal(sm2.clean(bad), null, JSON.stringify(bad));
  }
  assert.equal(sm2.clean({ ...good, doc: 7 }).doc, "");
});

test("an export merges in: the more recent review wins; bad entries and files are said so", () => {
  const rec = (last, grade = "good") => ({ doc: "d", due: last + 86400000, interval: 1, ease: 2.5, reps: 1, lapses: 0, last, grade });
  const mine = { a: rec(100), b: rec(300) };
  const file = JSON.stringify({ format: "prepbook-practice", version: 1, site: "other", cards: {
    a: rec(200, "easy"), b: rec(200), c: rec(50), gone: rec(10), bad: { due: "soon" }, ["__proto__"]: rec(1),
  } });
  const r = sm2.mergeExport(mine, file, "p.json", "mine", (id) => id !== "gone");
  assert.equal(r.changed, true);
  assert.deepEqual(Object.keys(r.cards).sort(), ["a", "b", "c", "gone"]);
  assert.equal(r.cards.a.grade, "easy");
  assert.equal(r.cards.b.last, 300);
  assert.equal(mine.a.last, 100, "the stored records are not changed in place");
  assert.equal(r.message, "Imported p.json: 2 added, 1 updated, 1 kept (the review here was as recent or more). " +
    "2 entries were not valid and skipped. 1 is for a question not in this handbook (kept for when they return). " +
    "The file came from another handbook (other).");
  assert.deepEqual(sm2.mergeExport(mine, "{", "x.json", "mine", () => true),
    { cards: null, changed: false, message: "x.json is not a JSON file; nothing was imported." });
  assert.equal(sm2.mergeExport(mine, '{"format":"prepbook-practice","version":2,"cards":{}}', "x.json", "mine", () => true).message,
    "x.json is a newer export (version 2) than this page reads; nothing was imported.");
  const same = sm2.mergeExport(mine, JSON.stringify({ format: "prepbook-practice", version: 1, site: "mine", cards: { a: rec(100) } }), "s.json", "mine", () => true);
  assert.deepEqual([same.changed, same.message], [false, "Imported s.json: 0 added, 0 updated, 1 kept (the review here was as recent or more)."]);
});
