// The practice session's state machine (themes/default/assets/practice-session.js) in Node:
//   node --test session.test.mjs        (tests/it/practice.rs runs it)
// Which card comes when, what reveal and the grades do, and what each key does, with the
// scheduler's records written out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const session = require("../../themes/default/assets/practice-session.js");
const sm2 = require("../../themes/default/assets/practice.js");

const NOW = 1_000_000_000_000;
const DAY = 86_400_000;
const all = () => true;
// Cards 0..5: 1 due yesterday, 3 due a week ago, 4 due tomorrow; the rest new.
const records = [, { due: NOW - DAY }, , { due: NOW - 7 * DAY }, { due: NOW + DAY }];

test("a round: due cards, most overdue first, then new ones in handbook order", () => {
  const s = session.start(6, records, NOW, all, false);
  assert.deepEqual(s.queue, [3, 1, 0, 2, 5]);
  assert.equal(s.phase, "question");
  assert.equal(s.roundNew, 3);
  assert.equal(session.current(s), 3);
  assert.deepEqual(session.start(6, records, NOW, all, true).queue, [0, 2, 5]);
  assert.deepEqual(session.start(6, records, NOW, (g) => g !== 3 && g !== 0, false).queue, [1, 2, 5]);
});

test("a round brings at most NEW_PER_ROUND new cards", () => {
  const s = session.start(50, [], NOW, all, false);
  assert.equal(s.queue.length, session.NEW_PER_ROUND);
  assert.equal(session.NEW_PER_ROUND, 20);
});

test("nothing to practise is done from the start", () => {
  const s = session.start(5, [{ due: NOW + DAY }], NOW, (g) => g === 0, false);
  assert.equal(s.phase, "done");
  assert.equal(session.current(s), -1);
});

test("a grade counts only once the answer shows; then the next card's question", () => {
  let s = session.start(6, records, NOW, all, false);
  assert.equal(session.grade(s, "good"), s, "no grade before the answer");
  s = session.reveal(s);
  assert.equal(s.phase, "revealed");
  assert.equal(session.reveal(s), s, "a second reveal changes nothing");
  assert.equal(session.grade(s, "splendid"), s, "no such grade");
  s = session.grade(s, "good");
  assert.deepEqual([s.phase, s.queue], ["question", [1, 0, 2, 5]]);
});

test("again brings the card back three cards later, or last in a short queue", () => {
  let s = session.reveal(session.start(6, records, NOW, all, false));
  s = session.grade(s, "again");
  assert.deepEqual(s.queue, [1, 0, 2, 3, 5]);
  s = session.reveal(session.start(6, records, NOW, (g) => g === 1 || g === 3, false));
  assert.deepEqual(session.grade(s, "again").queue, [1, 3]);
});

test("the last grade ends the round", () => {
  let s = session.start(6, records, NOW, (g) => g === 1, false);
  s = session.grade(session.reveal(s), "easy");
  assert.equal(s.phase, "done");
});

test("a card that cannot be shown is dropped; the card on screen keeps its state", () => {
  let s = session.reveal(session.start(6, records, NOW, all, false));
  const kept = session.drop(s, (g) => g === 2);
  assert.deepEqual([kept.queue, kept.phase], [[3, 1, 0, 5], "revealed"]);
  const head = session.drop(s, (g) => g === 3);
  assert.deepEqual([head.queue, head.phase], [[1, 0, 2, 5], "question"]);
});

test("counts: due, learned, new, all, and when the next card is due", () => {
  const learned = (r) => r.learned === true;
  const rs = [{ due: NOW - 1, learned: true }, { due: NOW + 5 }, , { due: NOW + 2, learned: true }];
  assert.deepEqual(session.counts(4, rs, NOW, all, learned), { due: 1, learned: 2, fresh: 1, all: 4, next: NOW + 2 });
  assert.deepEqual(session.counts(4, rs, NOW, (g) => g === 2, learned), { due: 0, learned: 0, fresh: 1, all: 1, next: Infinity });
});

test("keys: Space shows the answer unless a control has it; 1 to 4 grade once it shows", () => {
  const q = session.start(6, records, NOW, all, false), r = session.reveal(q);
  const key = (k, more = {}) => Object.assign({ key: k, tag: "DIV", typing: false, modified: false }, more);
  assert.deepEqual(session.keyAction(q, key(" ")), { reveal: true });
  assert.equal(session.keyAction(q, key(" ", { tag: "BUTTON" })), null);
  assert.equal(session.keyAction(q, key(" ", { tag: "A" })), null);
  assert.equal(session.keyAction(q, key("3")), null, "no grade before the answer");
  assert.deepEqual(session.keyAction(r, key("1")), { grade: "again" });
  assert.deepEqual(session.keyAction(r, key("4", { tag: "BUTTON" })), { grade: "easy" });
  assert.equal(session.keyAction(r, key(" ")), null, "Space again leaves the page to scroll");
  assert.equal(session.keyAction(r, key("3", { typing: true })), null);
  assert.equal(session.keyAction(r, key("3", { modified: true })), null);
  assert.equal(session.keyAction(session.empty(), key(" ")), null);
});

test("grade buttons are named by what they say and when the card comes back", () => {
  const now = new Date(2025, 2, 3, 18, 30).getTime();
  assert.deepEqual(sm2.gradeLabel(null, "again", now), {
    shown: "soon", says: " — did not know it, back in a few cards", name: "Again — did not know it, back in a few cards",
  });
  assert.equal(sm2.gradeLabel(null, "good", now).name, "Good — knew it, back in 1 day");
  const twice = sm2.review(sm2.review(null, "good", now), "good", now + DAY);
  // Twice good: 6 days at ease 2.5; the next interval is round(6 × 2.5), whatever the grade.
  assert.equal(sm2.gradeLabel(twice, "easy", now + 7 * DAY).name, "Easy — knew it at once, back in 15 days");
  assert.equal(sm2.gradeLabel(twice, "easy", now + 7 * DAY).shown, "15d");
  assert.equal(sm2.gradeLabel(twice, "hard", now + 7 * DAY).name, "Hard — knew it with effort, back in 15 days");
});

// A deck as the build writes it: two documents in key shards 0 and 1, whose keys (8
// characters per question) come apart from the deck.
const deck = { v: 2, shards: ["practice/keys/0.js", "practice/keys/1.js"], docs: [
  { slug: "sql", title: "SQL", tags: ["databases"], sections: [["Joins", 2], ["", 1]], unanswered: [2], shard: 0 },
  { slug: "go", title: "Go", tags: ["languages", "backend"], sections: [["Basics", 1]], unanswered: [], shard: 1 },
  { slug: "go--advanced", title: "Go, advanced", tags: [], sections: [["", 2]], unanswered: [], shard: 1 },
] };
const shardKeys = { sql: "aaaaaaaabbbbbbbbcccccccc", go: "dddddddd", "go--advanced": "eeeeeeeeffffffff" };
// Card keys for the ids below, standing in for FNV.
const keyOf = (id) => ({ "sql--a": "aaaaaaaa", "sql--c": "cccccccc", "go--d": "dddddddd", "go--advanced--f": "ffffffff", "sql--gone": "zzzzzzzz" })[id] || "????????";

test("the deck becomes numbered cards with their document and section", () => {
  const ix = session.deckIndex(deck);
  assert.equal(ix.total, 6);
  assert.deepEqual(ix.cardDoc, [0, 0, 0, 1, 2, 2]);
  assert.deepEqual(ix.cardSection, [0, 0, 1, 0, 0, 0]);
  assert.deepEqual(ix.docStart, [0, 3, 4]);
  assert.deepEqual(ix.unanswered, [false, false, true, false, false, false]);
  assert.deepEqual(ix.tags, ["backend", "databases", "languages"]);
  assert.equal(session.deckIndex(null).total, 0);
});

test("a stored record finds its document by name, else by its id, then its card by key", () => {
  const ix = session.deckIndex(deck);
  assert.equal(session.docOf(ix, "sql--a", "sql"), 0);
  assert.equal(session.docOf(ix, "sql--a", ""), 0);
  assert.equal(session.docOf(ix, "go--advanced--f", "renamed"), 2, "the longest slug that starts the id");
  assert.equal(session.docOf(ix, "go--d", undefined), 1);
  assert.equal(session.docOf(ix, "rust--x", "rust"), -1);
  const rec = (doc) => ({ doc, due: NOW, interval: 1, ease: 2.5, reps: 1, lapses: 0, last: NOW, grade: "good" });
  const stored = { "sql--c": rec("sql"), "go--advanced--f": rec(""), "rust--x": rec("rust"), "sql--gone": rec("sql") };
  assert.deepEqual(session.shardsFor(ix, stored), [0, 1], "only the shards of documents with progress");
  assert.deepEqual(session.shardsFor(ix, { "sql--a": rec("sql") }), [0]);
  assert.deepEqual(session.shardsFor(ix, {}), []);
  const placed = session.placeRecords(ix, stored, (d) => shardKeys[ix.docs[d].slug], keyOf);
  assert.deepEqual(Object.keys(placed.ids).map(Number), [2, 5]);
  assert.equal(placed.ids[2], "sql--c");
  assert.equal(placed.ids[5], "go--advanced--f");
  assert.equal(placed.records[5], stored["go--advanced--f"]);
  // Keys not loaded (the shard failed): nothing is placed in that document.
  const partial = session.placeRecords(ix, stored, (d) => (d === 0 ? undefined : shardKeys[ix.docs[d].slug]), keyOf);
  assert.deepEqual(Object.keys(partial.ids).map(Number), [5]);
});

test("the address picks the filter; what the deck lacks is dropped, an unknown document named", () => {
  const ix = session.deckIndex(deck);
  assert.deepEqual(session.filterFromQuery("?doc=sql&section=1&tag=databases", ix), { filter: { doc: 0, section: 1, tag: "databases" }, unknown: null });
  assert.deepEqual(session.filterFromQuery("?doc=sql&section=7&tag=nope", ix), { filter: { doc: 0, section: -1, tag: "" }, unknown: null });
  assert.deepEqual(session.filterFromQuery("?section=1", ix).filter, { doc: -1, section: -1, tag: "" });
  assert.deepEqual(session.filterFromQuery("?doc=rust", ix), { filter: { doc: -1, section: -1, tag: "" }, unknown: "rust" });
  assert.equal(session.queryOf({ doc: 0, section: 1, tag: "databases" }, ix), "doc=sql&section=1&tag=databases");
  assert.equal(session.queryOf({ doc: -1, section: -1, tag: "" }, ix), "");
});

test("a filter keeps the cards of its document, section and tag", () => {
  const ix = session.deckIndex(deck);
  const kept = (filter) => [0, 1, 2, 3].filter(session.keeps(filter, ix));
  assert.deepEqual(kept({ doc: -1, section: -1, tag: "" }), [0, 1, 2, 3]);
  assert.deepEqual([0, 1, 2, 3, 4, 5].filter(session.keeps({ doc: 2, section: -1, tag: "" }, ix)), [4, 5]);
  assert.deepEqual(kept({ doc: 0, section: 0, tag: "" }), [0, 1]);
  assert.deepEqual(kept({ doc: -1, section: -1, tag: "backend" }), [3]);
  // The filter's fields are read on each call, so the page can change them in place.
  const filter = { doc: -1, section: -1, tag: "" }, keep = session.keeps(filter, ix);
  filter.doc = 1;
  assert.deepEqual([0, 1, 2, 3].filter(keep), [3]);
});

test("an id left out of a card is the slug of its text, as src/render/practice.rs works it out", () => {
  // The same values as practice.rs's an_id_is_left_out_only_when_the_text_gives_it.
  assert.equal(session.slugOfText("What's <code>HTTP/2</code> push, <em>really</em>?"), "whats-http-2-push-really");
  assert.equal(session.slugOfText("How would you design a rate limiter for a public API that serves millions of clients?"),
    "how-would-you-design-a-rate-limiter-for-a-public-api-that");
  assert.equal(session.slugOfText(""), "");
  assert.deepEqual(session.cardsWithIds("sql--", [["", "What is a <b>join</b>?"], ["q-2", "", "<p>more</p>"]]),
    [["sql--what-is-a-join", "What is a <b>join</b>?", undefined], ["sql--q-2", "", "<p>more</p>"]]);
});
