// prepbook practice, the session's state machine: which card is on screen, whether its answer
// is shown, what comes next, and what a key does. Pure functions over plain data (cards are
// numbered 0..total-1; records[g] is card g's progress from the scheduler, or undefined for a
// new card): no DOM, no storage, the time passed in. practice-ui.js shows the state it returns;
// Node's tests (tests/browser/session.test.mjs) drive it without a browser. In a page it is
// window.prepbook.session; in Node, require() returns it.
//
// States: "question" (the card at the head of the queue, its answer hidden), "revealed" (the
// answer shown, the grades offered) and "done" (the queue is empty). Events: reveal, grade,
// drop (a card that cannot be shown); start builds a new queue. Also here: the deck read as
// numbered cards, and the filters (document, section, tag) to and from the page's address.
(function (root, make) {
  "use strict";
  var api = make();
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) (root.prepbook = root.prepbook || {}).session = api;
})(typeof window === "object" ? window : null, function () {
  "use strict";

  // How many new cards a round brings; the empty state offers the next round.
  var NEW_PER_ROUND = 20;
  // "Again" brings a card back after this many others.
  var AGAIN_AFTER = 3;
  var GRADES = ["again", "hard", "good", "easy"];

  function state(queue, phase, roundNew) {
    return { queue: queue, phase: queue.length ? phase : "done", roundNew: roundNew };
  }

  // A round: the due cards `keep` keeps, most overdue first, then up to NEW_PER_ROUND new ones
  // in handbook order (only new ones when `newOnly`).
  function start(total, records, now, keep, newOnly) {
    var due = [], fresh = [];
    for (var g = 0; g < total; g++) {
      if (!keep(g)) continue;
      var r = records[g];
      if (!r) { if (fresh.length < NEW_PER_ROUND) fresh.push(g); }
      else if (!newOnly && r.due <= now) due.push(g);
    }
    due.sort(function (a, b) { return records[a].due - records[b].due || a - b; });
    return state(due.concat(fresh), "question", fresh.length);
  }

  // The card on screen, or -1.
  function current(s) { return s.queue.length ? s.queue[0] : -1; }

  function reveal(s) {
    return s.phase === "question" ? state(s.queue, "revealed", s.roundNew) : s;
  }

  // Grading moves on to the next card; "again" puts this one back AGAIN_AFTER cards later.
  function grade(s, name) {
    if (s.phase !== "revealed" || GRADES.indexOf(name) < 0) return s;
    var g = s.queue[0], queue = s.queue.slice(1);
    if (name === "again") queue.splice(Math.min(AGAIN_AFTER, queue.length), 0, g);
    return state(queue, "question", s.roundNew);
  }

  // The session without the cards `gone` names (missing from their document, or whose
  // document did not load).
  function drop(s, gone) {
    var head = current(s);
    var queue = s.queue.filter(function (g) { return !gone(g); });
    return state(queue, queue[0] === head ? s.phase : "question", s.roundNew);
  }

  // The numbers the page shows for the cards `keep` keeps: due, learned, new, all, and when
  // the next card not yet due is due (Infinity when none is).
  function counts(total, records, now, keep, learned) {
    var c = { due: 0, learned: 0, fresh: 0, all: 0, next: Infinity };
    for (var g = 0; g < total; g++) {
      if (!keep(g)) continue;
      c.all++;
      var r = records[g];
      if (!r) { c.fresh++; continue; }
      if (r.due <= now) c.due++;
      else if (r.due < c.next) c.next = r.due;
      if (learned(r)) c.learned++;
    }
    return c;
  }

  // What a key pressed on the practice page does: {reveal: true}, {grade: name} or null (the
  // key is left to the browser). Space shows the answer unless a control has the focus (Space
  // is that control's own); 1 to 4 grade once the answer shows. `key` is
  // {key, tag (of the focused element), typing (in a text field), modified (Ctrl, Alt, Meta or
  // composing)}.
  function keyAction(s, key) {
    if (key.modified || key.typing || s.phase === "done") return null;
    if (key.key === " ") {
      if (/^(button|a|summary|label|select)$/i.test(key.tag) || s.phase !== "question") return null;
      return { reveal: true };
    }
    if (/^[1-4]$/.test(key.key) && s.phase === "revealed") return { grade: GRADES[Number(key.key) - 1] };
    return null;
  }

  // ---- the deck and its filters ----
  // The deck the build writes ({docs: [{slug, title, tags, sections: [[title, count]],
  // unanswered, shard}], shards}) as cards by global number g: each card's document and
  // section, each document's first card, the documents by slug, and the tags, sorted. The
  // keys of a document's cards are not in the deck but in its key shard, read only when
  // stored progress names the document (placeRecords).
  function deckIndex(deck) {
    var ix = { docs: (deck && deck.docs) || [], cardDoc: [], cardSection: [], unanswered: [], docStart: [], bySlug: new Map(), tags: [] };
    ix.docs.forEach(function (d, di) {
      var k = 0;
      var missing = new Set(d.unanswered || []);
      ix.docStart.push(ix.cardDoc.length);
      ix.bySlug.set(d.slug, di);
      d.sections.forEach(function (s, si) {
        for (var n = 0; n < s[1]; n++, k++) {
          ix.cardDoc.push(di);
          ix.cardSection.push(si);
          ix.unanswered.push(missing.has(k));
        }
      });
      (d.tags || []).forEach(function (t) { if (ix.tags.indexOf(t) < 0) ix.tags.push(t); });
    });
    ix.tags.sort(function (a, b) { return a.localeCompare(b); });
    ix.total = ix.cardDoc.length;
    return ix;
  }

  // The end of a question's id worked out from its text HTML, for a card that leaves its id out
  // (""): tags dropped, apostrophes dropped, each run of characters other than letters and
  // digits one dash, lower case, at most 60 characters (cut at a dash in the second half).
  // src/render/practice.rs (slug_of_text) leaves an id out only when this gives it exactly.
  function slugOfText(html) {
    var out = html.replace(/<[^>]*>/g, "").replace(/'/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(Boolean).join("-");
    if (out.length > 60) {
      var cut = out.slice(0, 60), dash = cut.lastIndexOf("-");
      out = dash > 30 ? cut.slice(0, dash) : cut;
    }
    return out;
  }

  // A card script's cards ([[id or "", text HTML, more HTML], ...], ids after `prefix`) with
  // their whole ids.
  function cardsWithIds(prefix, cards) {
    return cards.map(function (c) { return [prefix + (c[0] || slugOfText(c[1])), c[1], c[2]]; });
  }

  // The document (its number, or -1) a stored record of question `id` belongs to: the one
  // its `doc` names, else the one whose slug starts the id (ids are "SLUG--TEXT"; a record
  // from an old export may lack its document), the longest such slug.
  function docOf(ix, id, doc) {
    if (doc && ix.bySlug.has(doc)) return ix.bySlug.get(doc);
    var best = -1, cut = String(id).indexOf("--");
    while (cut > 0) {
      var d = ix.bySlug.get(id.slice(0, cut));
      if (d !== undefined) best = d;
      cut = id.indexOf("--", cut + 1);
    }
    return best;
  }

  // The key shards (their numbers, sorted) that hold the documents of the stored records
  // `all` ({id: record}).
  function shardsFor(ix, all) {
    var want = new Set();
    Object.keys(all).forEach(function (id) {
      var d = docOf(ix, id, all[id].doc);
      if (d >= 0) want.add(ix.docs[d].shard);
    });
    return Array.from(want).sort(function (a, b) { return a - b; });
  }

  // The stored records `all` placed on their cards: {records: by g, ids: by g}. `keysOf(d)`
  // gives document d's keys (8 characters a card, from its shard) or undefined when they are
  // not loaded; `key(id)` is the card key of an id. A record whose question is not in this
  // handbook has no card (it stays stored for when it returns).
  function placeRecords(ix, all, keysOf, key) {
    var records = new Array(ix.total), ids = new Array(ix.total), positions = new Map();
    Object.keys(all).forEach(function (id) {
      var d = docOf(ix, id, all[id].doc);
      if (d < 0) return;
      if (!positions.has(d)) {
        var m = new Map(), keys = keysOf(d) || "";
        for (var k = 0; k * 8 < keys.length; k++) {
          var kk = keys.substr(k * 8, 8);
          if (!m.has(kk)) m.set(kk, k);
        }
        positions.set(d, m);
      }
      var k2 = positions.get(d).get(key(id));
      if (k2 === undefined) return;
      records[ix.docStart[d] + k2] = all[id];
      ids[ix.docStart[d] + k2] = id;
    });
    return { records: records, ids: ids };
  }

  // The filter an address asks for ("?doc=SLUG&section=N&tag=TAG"): {doc: document number or
  // -1, section: number or -1, tag: "" for any}; what it names that the deck lacks is dropped,
  // and an unknown document is given back (`unknown`) for the page to say so.
  function filterFromQuery(query, ix) {
    var params = new URLSearchParams(query);
    var slug = params.get("doc"), filter = { doc: -1, section: -1, tag: "" };
    ix.docs.forEach(function (d, di) { if (d.slug === slug) filter.doc = di; });
    var s = Number(params.get("section"));
    if (filter.doc >= 0 && params.get("section") !== null && Number.isInteger(s) && s >= 0 &&
      s < ix.docs[filter.doc].sections.length) filter.section = s;
    var tag = params.get("tag");
    if (tag && ix.tags.indexOf(tag) >= 0) filter.tag = tag;
    return { filter: filter, unknown: slug && filter.doc < 0 ? slug : null };
  }

  // The address's query for a filter ("" for all cards).
  function queryOf(filter, ix) {
    var params = new URLSearchParams();
    if (filter.doc >= 0) params.set("doc", ix.docs[filter.doc].slug);
    if (filter.section >= 0) params.set("section", String(filter.section));
    if (filter.tag) params.set("tag", filter.tag);
    return params.toString();
  }

  // Whether card g passes a filter.
  function keeps(filter, ix) {
    return function (g) {
      if (filter.doc >= 0 && ix.cardDoc[g] !== filter.doc) return false;
      if (filter.section >= 0 && ix.cardSection[g] !== filter.section) return false;
      if (filter.tag && (ix.docs[ix.cardDoc[g]].tags || []).indexOf(filter.tag) < 0) return false;
      return true;
    };
  }

  return {
    deckIndex: deckIndex, slugOfText: slugOfText, cardsWithIds: cardsWithIds, docOf: docOf, shardsFor: shardsFor, placeRecords: placeRecords, filterFromQuery: filterFromQuery, queryOf: queryOf, keeps: keeps,
    NEW_PER_ROUND: NEW_PER_ROUND, AGAIN_AFTER: AGAIN_AFTER, GRADES: GRADES,
    empty: function () { return state([], "done", 0); },
    start: start, current: current, reveal: reveal, grade: grade, drop: drop, counts: counts,
    keyAction: keyAction,
  };
});
