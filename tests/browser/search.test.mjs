// The search core (themes/default/assets/search.js) in Node, without a browser:
//   node --test search.test.mjs        (tests/it/search.rs runs it)
// The tokenizer against the cases Rust's tokenizer is held to (tests/fixtures/tokens.json), the
// stemmer against Porter's own examples, and the ranker over a small index written out here in
// the format `prepbook build` writes (postings are "gap.impact" pairs in base 36).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const search = require("../../themes/default/assets/search.js");

test("the tokenizer gives the terms Rust's tokenizer gives", () => {
  const cases = JSON.parse(readFileSync(new URL("../fixtures/tokens.json", import.meta.url), "utf8"));
  assert.ok(cases.length > 5);
  for (const [text, want] of cases) assert.deepEqual(search.terms(text), want, text);
});

test("tokens keep their place in the text, for marking matches", () => {
  const t = search.tokenize("Why use a Bloom filter?", false);
  assert.deepEqual(t.map((x) => [x.raw, x.start, x.end]), [["use", 4, 7], ["bloom", 10, 15], ["filter", 16, 22]]);
});

test("the stemmer gives Porter's published examples", () => {
  const cases = { caresses: "caress", ponies: "poni", cats: "cat", feed: "feed", agreed: "agre", plastered: "plaster",
    motoring: "motor", hopping: "hop", filing: "file", happy: "happi", relational: "relat", conditional: "condit",
    hopeful: "hope", goodness: "good", adjustment: "adjust", controll: "control" };
  for (const [word, want] of Object.entries(cases)) assert.equal(search.stem(word), want, word);
});

test("one edit: insertion, deletion, substitution, neighbours swapped; not two, not none", () => {
  assert.ok(search.oneEdit("cache", "cachet"));
  assert.ok(search.oneEdit("cache", "cach"));
  assert.ok(search.oneEdit("cache", "cacke"));
  assert.ok(search.oneEdit("cache", "cahce"));
  assert.ok(!search.oneEdit("cache", "cache"));
  assert.ok(!search.oneEdit("cache", "chace1"));
});

test("shards are found in code-point order, as Rust sorts terms", () => {
  const shards = ["0", "most", "试题"];
  assert.equal(search.shardFor(shards, "kafka"), 0);
  assert.equal(search.shardFor(shards, "rabbit"), 1);
  assert.equal(search.shardFor(shards, "缓存"), 1);
  assert.equal(search.shardFor(shards, "谈话"), 2);
  // U+1F600 sorts after U+8BD5 by code point, before it in UTF-16 units.
  assert.equal(search.shardFor(shards, "😀"), 2);
  assert.ok(search.cmp("\u{1F600}", "\uFFFD") > 0);
  assert.deepEqual(search.shardsForPrefix(["a", "ca", "cab", "d"], "ca"), [1, 2]);
});

test("postings decode to question and impact; an exact hit beats a prefix hit however strong", () => {
  const into = search.termScores(6);
  search.addPostings(into, "1.a,3.z", 0.6);   // questions 1 and 4, as prefix hits
  search.addPostings(into, "4.1", 1);         // question 4 exactly, weakly
  assert.deepEqual(into.touched, [1, 4]);
  assert.equal(into.score[1], 10 * 0.6);
  assert.equal(into.kind[1], 1);
  assert.equal(into.score[4], 1);
  assert.equal(into.kind[4], 2);
});

// A small index: four questions in two pages; question 3 is unanswered. Shards 0 and 1 are
// in one hash group, 2 in the next (groups of two here; 64 in a build).
const manifest = {
  v: 2, n: 4,
  shards: ["", "m", "r"], shard_hashes: ["aa", "bb"],
  fragment_size: 16, fragment_hashes: ["cc"], group: 2,
  meta: "search/meta.dd.js",
};
const files = {
  "search/t-0.aa.js": { cach: "0.k,1.5", cachet: "2.9", "http": "1.3", kafka: "2.5,1.z" },
  "search/t-1.aa.js": { queue: "1.h,1.h" },
  "search/t-2.bb.js": { rabbitmq: "3.p" },
  "search/f-0.cc.js": { where: ["Caching · Basics", "Queues"], rows: [
    ["What is a cache?", "caching.html#q0", "A cache keeps answers near.", 0, 0],
    ["HTTP cache headers", "caching.html#q1", "Cache-Control and ETag.", 0, 0],
    ["Kafka queue or cachet?", "queues.html#q2", "A log, not a queue of cache.", 1, 0],
    ["RabbitMQ vs Kafka", "queues.html#q3", "", 1, 1]] },
  "search/meta.dd.js": { pages: ["Caching", "Queues"], sections: [[0, "Basics"], [1, ""]],
    doc_section: [0, 2, 1, 2], unanswered: [3] },
};
const loads = [];
const engine = search.engine(manifest, (key, path) => {
  loads.push(path);
  return files[path] ? Promise.resolve(files[path]) : Promise.reject(new Error("no " + path));
});

test("the engine ranks exact words first, then by impact, and reads only the shards it needs", async () => {
  loads.length = 0;
  const r = await engine.search("cache ", {});
  assert.deepEqual(r.results, [0, 1]);
  assert.deepEqual(loads, ["search/t-0.aa.js"]);
  // While typing, the last word is also a prefix: "cachet" joins, after the exact hits.
  assert.deepEqual((await engine.search("cache", {})).results, [0, 1, 2]);
  // A shard of the next group is named by that group's hash.
  assert.deepEqual((await engine.search("rabbitmq ", {})).results, [3]);
  assert.ok(loads.includes("search/t-2.bb.js"), loads.join());
  // No filter: the filters' data is never read.
  assert.ok(!loads.includes(manifest.meta), loads.join());
});

test("a result shows what its fragment holds: title, link, text, where it is, unanswered", async () => {
  assert.deepEqual(await engine.row(3), { title: "RabbitMQ vs Kafka", url: "queues.html#q3", text: "",
    where: "Queues", unanswered: true });
  assert.equal((await engine.row(0)).where, "Caching · Basics");
  assert.equal((await engine.row(1)).unanswered, false);
});

test("questions with all the words come first, however strong a hit of one word", async () => {
  // Question 2 has both words, weakly; 3 has "kafka" strongly (35), 1 "queue" (17).
  assert.deepEqual((await engine.search("kafka queue ", {})).results, [2, 3, 1]);
});

test("of the top results, those holding the query as a phrase come first", () => {
  const texts = ["queue for kafka", "a Kafka  queue here"];
  assert.deepEqual(search.phraseFirst([5, 6, 7], [5, 6], texts, "kafka queue"), [6, 5, 7]);
});

test("a word a typo away is found when no word matches", async () => {
  assert.deepEqual((await engine.search("kafak ", {})).results, [3, 2]);
  assert.equal((await engine.search("zzqxv ", {})).total, 0);
});

test("filters keep a page, a section, or the unanswered", async () => {
  assert.deepEqual((await engine.search("kafka ", { doc: "1" })).results, [3, 2]);
  assert.deepEqual((await engine.search("kafka ", { doc: "0" })).results, []);
  assert.deepEqual((await engine.search("kafka ", { state: "unanswered" })).results, [3]);
  assert.deepEqual((await engine.search("kafka ", { state: "answered" })).results, [2]);
  const meta = await engine.meta();
  assert.deepEqual(meta.pages, ["Caching", "Queues"]);
  assert.deepEqual(meta.sections[meta.sectionOf[0]], [0, "Basics"]);
  assert.ok(meta.unanswered.has(3) && !meta.unanswered.has(2));
});

test("a word of every object (constructor) is no term of the index", async () => {
  assert.equal((await engine.search("constructor ", {})).total, 0);
});

test("a common word being typed is kept as a prefix: 'with' may become 'without'", () => {
  const t = search.queryTokens("cache with");
  assert.deepEqual(t.map((x) => [x.term, !!x.prefixOnly]), [["cach", false], ["with", true]]);
  assert.deepEqual(search.queryTokens("with ").length, 0);
});

test("matches are marked, snippets cut around the first one, and the count said in words", () => {
  const tokens = search.queryTokens("cache");
  assert.deepEqual(search.markRanges("HTTP caching and a cache", tokens), [[5, 12], [19, 24]]);
  const long = "x ".repeat(150) + "the cache is here " + "y ".repeat(100);
  const snippet = search.snippetText(long, tokens);
  assert.ok(snippet.startsWith("…") && snippet.endsWith("…") && snippet.includes("cache"), snippet);
  assert.equal(search.countText(0, " kafka "), "No results for “kafka”.");
  assert.equal(search.countText(1, "kafka"), "1 result");
  assert.equal(search.countText(12, "kafka"), "12 results");
});
