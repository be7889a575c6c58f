// prepbook practice, the pure core: the spaced-repetition scheduler (SM-2), the card keys, the
// check of stored records and the merge of an exported file. No DOM, no storage, no clock of its own (every function is told
// the time): practice-ui.js drives it in the page, and Node's tests load it on their own
// (tests/browser/sm2.test.mjs). In a page it is window.prepbook.sm2; in Node, require()
// returns it. Plain script, no build step, so it loads from file:// like any other.
(function (root, make) {
  "use strict";
  var api = make();
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) (root.prepbook = root.prepbook || {}).sm2 = api;
})(typeof window === "object" ? window : null, function () {
  "use strict";

  // ---- scheduler: SM-2 ------------------------------------------------------------------------
  // The SuperMemo 2 algorithm as published (P. Woźniak, 1990), in the common form:
  //   quality q: again = 1, hard = 3, good = 4, easy = 5 (0 and 2 are not offered);
  //   q >= 3: interval I = 1 day on the first success, 6 on the second, then round(I × EF),
  //           where EF is the ease before this review; repetitions n += 1;
  //   q < 3:  n = 0 and I = 1 (start again), and a lapse is counted when n was above 0;
  //   then, on every review, EF' = EF + (0.1 − (5 − q) × (0.08 + (5 − q) × 0.02)), at least 1.3
  //   (good leaves EF alone, easy adds 0.1, hard takes 0.14, again takes 0.54); EF starts at 2.5
  //   and is kept to two decimals (every step is a multiple of 0.02, so that is exact).
  // A card is due from the start (local midnight) of the day its interval lands on, so a card
  // reviewed in the evening is due the next morning, not the next evening. "Again" also brings
  // the card back a few cards later in the same session. A card is learned when its last grade
  // was good or easy and it has passed at least twice in a row (n >= 2, an interval of 6 days
  // or more); a learned card can be due again.
  var QUALITY = { again: 1, hard: 3, good: 4, easy: 5 };
  var GRADES = ["again", "hard", "good", "easy"];
  var START_EASE = 2.5;
  var MIN_EASE = 1.3;

  function startOfDay(t) {
    var d = new Date(t);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }

  // Local midnight `days` days after the day of `t` (setDate keeps daylight-saving days whole).
  function dayAfter(t, days) {
    var d = new Date(startOfDay(t));
    d.setDate(d.getDate() + days);
    return d.getTime();
  }

  // The record after grading `record` (null for a new card) `grade` at time `now` (ms).
  function review(record, grade, now, doc) {
    var q = QUALITY[grade];
    if (q === undefined) throw new Error("unknown grade " + grade);
    var reps = record ? record.reps : 0;
    var interval = record ? record.interval : 0;
    var ease = record ? record.ease : START_EASE;
    var lapses = record ? record.lapses : 0;
    if (q >= 3) {
      interval = reps === 0 ? 1 : reps === 1 ? 6 : Math.round(interval * ease);
      reps += 1;
    } else {
      if (reps > 0) lapses += 1;
      reps = 0;
      interval = 1;
    }
    ease += 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02);
    ease = Math.max(MIN_EASE, Math.round(ease * 100) / 100);
    return {
      doc: doc !== undefined ? doc : record ? record.doc : "",
      due: dayAfter(now, interval), interval: interval, ease: ease, reps: reps, lapses: lapses,
      last: now, grade: grade,
    };
  }

  function learned(record) {
    return !!record && record.reps >= 2 && (record.grade === "good" || record.grade === "easy");
  }

  function isDue(record, now) {
    return !!record && record.due <= now;
  }

  // "1d", "6d", "3.2mo", "1.4y": an interval as grading buttons show it.
  function formatInterval(days) {
    if (days < 31) return days + "d";
    if (days < 365) return (Math.round(days / 30.4 * 10) / 10) + "mo";
    return (Math.round(days / 365 * 10) / 10) + "y";
  }

  // The key of a question id in the deck: FNV-1a (64-bit) of its UTF-8 bytes, low 48 bits,
  // modulo 36^8, as 8 base-36 digits; src/render/practice.rs (card_key) computes the same. The
  // low 48 bits of a product depend only on the low 48 bits of its factors, so three 16-bit
  // limbs are enough: h × 0x100000001b3 = h × 0x1b3 + (h << 40).
  var encoder = typeof TextEncoder === "function" ? new TextEncoder() : null;
  function cardKey(id) {
    var bytes = encoder.encode(id);
    var l0 = 0x2325, l1 = 0x8422, l2 = 0x9ce4;
    for (var i = 0; i < bytes.length; i++) {
      l0 ^= bytes[i];
      var t0 = l0 * 0x1b3;
      var t1 = l1 * 0x1b3 + (t0 >>> 16);
      var t2 = l2 * 0x1b3 + l0 * 256 + (t1 >>> 16);
      l0 = t0 & 0xffff;
      l1 = t1 & 0xffff;
      l2 = t2 & 0xffff;
    }
    var s = ((l2 * 4294967296 + l1 * 65536 + l0) % 2821109907456).toString(36);
    return "00000000".slice(s.length) + s;
  }

  // A stored or imported record, checked field by field; null when it is not one.
  function clean(r) {
    if (!r || typeof r !== "object") return null;
    function num(x, lo, hi) { return typeof x === "number" && isFinite(x) && x >= lo && x <= hi; }
    var MAX_TIME = 8.64e15;
    if (!num(r.due, 0, MAX_TIME) || !num(r.last, 0, MAX_TIME) || !num(r.interval, 0, 1e6) ||
      !num(r.ease, MIN_EASE, 100) || !num(r.reps, 0, 1e6) || !num(r.lapses, 0, 1e6) ||
      GRADES.indexOf(r.grade) < 0) return null;
    return {
      doc: typeof r.doc === "string" ? r.doc.slice(0, 200) : "",
      due: r.due, interval: Math.round(r.interval), ease: r.ease, reps: Math.floor(r.reps),
      lapses: Math.floor(r.lapses), last: r.last, grade: r.grade,
    };
  }

  // What each grade says about the answer, for the grade buttons' names.
  var MEANING = { again: "did not know it", hard: "knew it with effort", good: "knew it", easy: "knew it at once" };

  // When a card graded `grade` now comes back, in words: "in a few cards" for again (it comes
  // back in this session), else "in 1 day", "in 6 days", ...
  function whenBack(record, grade, now) {
    if (grade === "again") return "in a few cards";
    var days = review(record, grade, now).interval;
    return "in " + days + (days === 1 ? " day" : " days");
  }

  // A grade button as it is shown ("6d", "soon") and as it is named for a screen reader: what
  // it does and when the card comes back. `says` follows the grade's name ("Good") in the
  // button's text, for a whole name of "Good — knew it, back in 6 days" (it opens with a space:
  // some browsers put one between the two parts, some do not).
  function gradeLabel(record, grade, now) {
    var shown = grade === "again" ? "soon" : formatInterval(review(record, grade, now).interval);
    var says = " — " + MEANING[grade] + ", back " + whenBack(record, grade, now);
    var name = grade.charAt(0).toUpperCase() + grade.slice(1) + says;
    return { shown: shown, says: says, name: name };
  }

  // Merge an exported file (its text, named `name`) into the stored records `mine`: for each
  // question the more recent review wins. `known(id)` says whether this handbook has the
  // question (others are kept, for when they return). Returns {cards: the merged records, or
  // null when the file is none to read; changed: whether any record came in; message: what
  // happened, for the reader}.
  function mergeExport(mine, text, name, siteKey, known) {
    var data;
    var none = function (why) { return { cards: null, changed: false, message: name + why + "; nothing was imported." }; };
    try { data = JSON.parse(text); } catch (e) { return none(" is not a JSON file"); }
    if (!data || data.format !== "prepbook-practice" || !data.cards || typeof data.cards !== "object") {
      return none(" is not a prepbook practice export");
    }
    if (data.version !== 1) return none(" is a newer export (version " + String(data.version) + ") than this page reads");
    var cards = Object.create(null), added = 0, updated = 0, kept = 0, skipped = 0, elsewhere = 0;
    Object.keys(mine).forEach(function (id) { cards[id] = mine[id]; });
    Object.keys(data.cards).forEach(function (id) {
      var r = clean(data.cards[id]);
      if (!r || !id || id.length > 300 || id === "__proto__") { skipped++; return; }
      if (!known(id)) elsewhere++;
      var old = cards[id];
      if (!old) { cards[id] = r; added++; }
      else if (r.last > old.last) { cards[id] = r; updated++; }
      else kept++;
    });
    var parts = [added + " added", updated + " updated", kept + " kept (the review here was as recent or more)"];
    var out = "Imported " + name + ": " + parts.join(", ") + ".";
    if (skipped) out += " " + skipped + " entr" + (skipped === 1 ? "y was" : "ies were") + " not valid and skipped.";
    if (elsewhere) out += " " + elsewhere + " " + (elsewhere === 1 ? "is for a question" : "are for questions") + " not in this handbook (kept for when they return).";
    if (typeof data.site === "string" && data.site !== siteKey) out += " The file came from another handbook (" + data.site + ").";
    return { cards: cards, changed: added + updated > 0, message: out };
  }

  return {
    QUALITY: QUALITY, GRADES: GRADES, START_EASE: START_EASE, MIN_EASE: MIN_EASE,
    review: review, learned: learned, isDue: isDue, formatInterval: formatInterval,
    cardKey: cardKey, clean: clean, startOfDay: startOfDay, dayAfter: dayAfter,
    whenBack: whenBack, gradeLabel: gradeLabel, mergeExport: mergeExport,
  };
});
