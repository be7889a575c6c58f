// prepbook search, the pure core: the tokenizer and stemmer, and the ranker over the index's
// data. No DOM and no loading of its own: the page's search-ui.js hands it a function that
// loads index files, and Node's tests (tests/browser/search.test.mjs) hand it files in memory.
// Tokenising and stemming mirror src/search/tokenize.rs and src/search/stem.rs exactly.
// In a page it is window.prepbook.search; in Node, require() returns it. Plain script, no
// build step, so a handbook opened from disk (file://) loads it like any other.
(function (root, make) {
  "use strict";
  var api = make();
  if (typeof module === "object" && module.exports) module.exports = api;
  if (root) (root.prepbook = root.prepbook || {}).search = api;
})(typeof window === "object" ? window : null, function () {
  "use strict";

  // ---- tokenizer ---------------------------------------------------------------------------
  var STOPWORDS = new Set(["a", "about", "an", "and", "are", "as", "at", "be", "but", "by", "can",
    "could", "did", "do", "does", "for", "from", "has", "have", "how", "i", "if", "in", "into", "is",
    "it", "its", "me", "my", "no", "not", "of", "on", "or", "our", "should", "so", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "was", "we",
    "were", "what", "when", "which", "why", "with", "would"]);
  var WORD = /^[\p{Alphabetic}\p{N}]+$/u;

  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2a6df);
  }

  function fold(ch) {
    if (ch.charCodeAt(0) < 0x80) return ch.toLowerCase();
    var out = "";
    for (var d of ch.normalize("NFKD")) {
      var cp = d.codePointAt(0);
      if (cp >= 0x300 && cp <= 0x36f) continue;
      out += d.toLowerCase();
    }
    return out;
  }

  function isWordChar(ch) {
    if (isCjk(ch.codePointAt(0))) return false;
    var f = fold(ch);
    return f.length > 0 && WORD.test(f);
  }

  // Terms of text: [{term, raw, start, end}] with UTF-16 offsets into text.
  function tokenize(text, expand) {
    var out = [];
    var chars = [];
    var pos = 0;
    for (var ch of text) { chars.push([pos, ch]); pos += ch.length; }
    var word = "", start = 0, end = 0;
    function push(w, s, e) {
      if (STOPWORDS.has(w)) return;
      out.push({ term: stem(w), raw: w, start: s, end: e });
    }
    function flush() {
      if (!word) return;
      if (expand && word.indexOf(".") >= 0) {
        word.split(".").forEach(function (p) { if (p) push(p, start, end); });
      }
      push(word, start, end);
      word = "";
    }
    var i = 0;
    while (i < chars.length) {
      var at = chars[i][0], c = chars[i][1];
      var nextEnd = i + 1 < chars.length ? chars[i + 1][0] : text.length;
      if (isCjk(c.codePointAt(0))) {
        flush();
        var runStart = i;
        while (i < chars.length && isCjk(chars[i][1].codePointAt(0))) i++;
        var run = chars.slice(runStart, i);
        var after = i < chars.length ? chars[i][0] : text.length;
        var endOf = function (k) { return k + 1 < run.length ? run[k + 1][0] : after; };
        if (run.length === 1) out.push({ term: run[0][1], raw: run[0][1], start: run[0][0], end: endOf(0) });
        for (var k = 0; k + 1 < run.length; k++) {
          var bigram = run[k][1] + run[k + 1][1];
          out.push({ term: bigram, raw: bigram, start: run[k][0], end: endOf(k + 1) });
        }
        continue;
      }
      var f = fold(c);
      if (f.length > 0 && WORD.test(f)) {
        if (!word) start = at;
        word += f;
        end = nextEnd;
      } else if (c === "." && word && i + 1 < chars.length && isWordChar(chars[i + 1][1])) {
        word += ".";
      } else if ((c === "+" || c === "#") && word && end === at) {
        word += c;
        end = nextEnd;
      } else {
        flush();
      }
      i++;
    }
    flush();
    return out;
  }

  // ---- Porter stemmer ------------------------------------------------------------------------
  function consonant(w, i) {
    var c = w[i];
    if (c === "a" || c === "e" || c === "i" || c === "o" || c === "u") return false;
    if (c === "y") return i === 0 || !consonant(w, i - 1);
    return true;
  }
  function measure(w, len) {
    var m = 0, i = 0;
    while (i < len && consonant(w, i)) i++;
    for (;;) {
      while (i < len && !consonant(w, i)) i++;
      if (i >= len) return m;
      while (i < len && consonant(w, i)) i++;
      m++;
    }
  }
  function hasVowel(w, len) { for (var i = 0; i < len; i++) if (!consonant(w, i)) return true; return false; }
  function doubleC(w, len) { return len >= 2 && w[len - 1] === w[len - 2] && consonant(w, len - 1); }
  function cvc(w, len) {
    return len >= 3 && consonant(w, len - 3) && !consonant(w, len - 2) && consonant(w, len - 1) &&
      "wxy".indexOf(w[len - 1]) < 0;
  }
  var STEP2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"],
    ["abli", "able"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"], ["ization", "ize"],
    ["ation", "ate"], ["ator", "ate"], ["alism", "al"], ["iveness", "ive"], ["fulness", "ful"],
    ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"]];
  var STEP3 = [["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"], ["ful", ""], ["ness", ""]];
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
    "ism", "ate", "iti", "ous", "ive", "ize"];
  function ends(w, s) { return w.length >= s.length && w.slice(w.length - s.length) === s; }
  function applyRules(w, rules) {
    for (var r = 0; r < rules.length; r++) {
      var from = rules[r][0];
      if (ends(w, from)) {
        var stemLen = w.length - from.length;
        return measure(w, stemLen) > 0 ? w.slice(0, stemLen) + rules[r][1] : w;
      }
    }
    return w;
  }
  function stem(word) {
    if (word.length <= 2 || !/^[a-z]+$/.test(word)) return word;
    var w = word;
    if (ends(w, "sses") || ends(w, "ies")) w = w.slice(0, -2);
    else if (ends(w, "s") && !ends(w, "ss")) w = w.slice(0, -1);
    if (ends(w, "eed")) {
      if (measure(w, w.length - 3) > 0) w = w.slice(0, -1);
    } else {
      var cut = ends(w, "ed") && hasVowel(w, w.length - 2) ? 2 : ends(w, "ing") && hasVowel(w, w.length - 3) ? 3 : 0;
      if (cut) {
        w = w.slice(0, -cut);
        if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
        else if (doubleC(w, w.length) && "lsz".indexOf(w[w.length - 1]) < 0) w = w.slice(0, -1);
        else if (measure(w, w.length) === 1 && cvc(w, w.length)) w += "e";
      }
    }
    if (ends(w, "y") && hasVowel(w, w.length - 1)) w = w.slice(0, -1) + "i";
    w = applyRules(w, STEP2);
    w = applyRules(w, STEP3);
    var best = null;
    STEP4.forEach(function (s) { if (ends(w, s) && (!best || s.length > best.length)) best = s; });
    if (best) {
      var st = w.length - best.length;
      if (measure(w, st) > 1 && (best !== "ion" || (st > 0 && "st".indexOf(w[st - 1]) >= 0))) w = w.slice(0, st);
    }
    if (ends(w, "e")) {
      var m = measure(w, w.length - 1);
      if (m > 1 || (m === 1 && !cvc(w, w.length - 1))) w = w.slice(0, -1);
    }
    if (ends(w, "ll") && measure(w, w.length) > 1) w = w.slice(0, -1);
    return w;
  }

  // The terms of a text, as the index holds them.
  function terms(text) { return tokenize(text, false).map(function (t) { return t.term; }); }

  function normalize(text) {
    var out = "";
    for (var ch of text) out += fold(ch);
    return out.replace(/\s+/g, " ").trim();
  }

  // The tokens of a query, each once. The word being typed may be a common word on its way to
  // a longer one ("with" → "without"): it is kept as a prefix to look for, not a word.
  function queryTokens(query) {
    var tokens = tokenize(query, false);
    var last = /([\p{Alphabetic}\p{N}]+)$/u.exec(query);
    if (last) {
      var raw = normalize(last[1]);
      if (STOPWORDS.has(raw) && raw.length >= 3) tokens.push({ term: raw, raw: raw, prefixOnly: true, start: 0, end: 0 });
    }
    var seen = new Set();
    return tokens.filter(function (t) { if (seen.has(t.term)) return false; seen.add(t.term); return true; });
  }

  // ---- the index's term shards ---------------------------------------------------------------
  // Code-point order, as Rust sorts the terms (UTF-16 order differs above U+FFFF).
  function cmp(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }
  // The shard whose range holds `term`; `shards` lists where each range starts, in order.
  function shardFor(shards, term) {
    var lo = 0, hi = shards.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(shards[mid], term) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
  // Shards that may hold terms starting with `prefix` (they sort together), at most eight.
  function shardsForPrefix(shards, prefix) {
    var first = shardFor(shards, prefix), out = [first];
    for (var i = first + 1; i < shards.length && out.length < 8; i++) {
      if (shards[i].indexOf(prefix) !== 0) break;
      out.push(i);
    }
    return out;
  }

  // One edit apart: an insertion, deletion, substitution or swap of two neighbours.
  function oneEdit(a, b) {
    if (a === b) return false;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // ---- ranking -------------------------------------------------------------------------------
  var PREFIX = 0.6, TYPO = 0.4;

  // Scores of one query term over n questions: per question its best weighted impact and
  // whether that hit was exact (2) or a prefix or typo match (1), in typed arrays (a common word
  // has thousands of postings), and the questions hit, in order of first hit.
  function termScores(n) {
    return { score: new Float64Array(n), kind: new Uint8Array(n), touched: [], exact: false };
  }

  // Add a term's postings to `into`. An exact hit always beats a prefix or typo hit, however
  // strong (a rare "cacheDecryption" must not outrank "cache" itself). Postings are
  // "gap.impact" pairs in base 36, comma-separated, decoded here without building strings.
  function addPostings(into, postings, weight) {
    var k = weight === 1 ? 2 : 1, doc = 0, num = 0, gap = 0;
    var score = into.score, kind = into.kind;
    for (var i = 0, len = postings.length; i <= len; i++) {
      var c = i < len ? postings.charCodeAt(i) : 44;
      if (c === 46) { gap = num; num = 0; continue; }
      if (c !== 44) { num = num * 36 + (c <= 57 ? c - 48 : c - 87); continue; }
      doc += gap;
      var s = num * weight, old = kind[doc];
      if (!old) into.touched.push(doc);
      if (!old || k > old || (k === old && s > score[doc])) { score[doc] = s; kind[doc] = k; }
      num = 0;
    }
  }

  // The exact and prefix hits of token `tok` in loaded shards ([{terms, keys}]).
  function matchTerm(into, tok, isPrefix, shards) {
    var t = tok.term;
    shards.forEach(function (shard) {
      // Own terms only: a query for "constructor" must not find Object.prototype's.
      if (!tok.prefixOnly && Object.prototype.hasOwnProperty.call(shard.terms, t)) { addPostings(into, shard.terms[t], 1); into.exact = true; }
    });
    if (isPrefix && tok.raw.length >= 3) {
      shards.forEach(function (shard) {
        shard.keys.forEach(function (term) {
          if (term === t) return;
          var grows = term.indexOf(tok.raw) === 0 || term.indexOf(t) === 0;
          var stemOfTyped = tok.raw.indexOf(term) === 0 && term.length >= 3 && tok.raw.length - term.length <= 3;
          if (grows || stemOfTyped) addPostings(into, shard.terms[term], PREFIX);
        });
      });
    }
    return into;
  }

  // Words a typo away from token `tok` in loaded shards.
  function matchTypos(into, tok, shards) {
    shards.forEach(function (shard) {
      shard.keys.forEach(function (term) { if (oneEdit(tok.term, term)) addPostings(into, shard.terms[term], TYPO); });
    });
    return into;
  }

  // Question ids hit by any term that `keep` keeps: those with all the words first (an exact
  // word counts whole, a prefix or typo match half), then by score, then in handbook order.
  function rank(perTerm, n, keep) {
    var total = new Float64Array(n), hits = new Float32Array(n), found = [];
    perTerm.forEach(function (term) {
      for (var i = 0; i < term.touched.length; i++) {
        var q = term.touched[i];
        if (!hits[q]) found.push(q);
        total[q] += term.score[q];
        hits[q] += term.kind[q] === 2 ? 1 : 0.5;
      }
    });
    var ids = found.filter(keep);
    ids.sort(function (a, b) { return (hits[b] - hits[a]) || (total[b] - total[a]) || a - b; });
    return ids;
  }

  // `ids` with those of `head` whose text holds the query as a phrase moved to the front;
  // texts[i] is the text of head[i].
  function phraseFirst(ids, head, texts, query) {
    var phrase = normalize(query);
    var withPhrase = head.filter(function (q, i) { return normalize(texts[i]).indexOf(phrase) >= 0; });
    return withPhrase.concat(ids.filter(function (q) { return withPhrase.indexOf(q) < 0; }));
  }

  // A search over one index. `manifest` is the index's entry data; `fetch(key, path)` resolves
  // to the data of one of its files (a term shard, a fragment of result rows, or the filters'
  // data). A file's name is derived from its number and its group's hash, as Rust names it.
  function engine(manifest, fetch) {
    var shardKeys = {}, meta = null;
    function path(stem, n, hashes) {
      return "search/" + stem + "-" + n + "." + hashes[Math.floor(n / manifest.group)] + ".js";
    }

    function loadShards(ids) {
      return Promise.all(ids.map(function (i) {
        return fetch("t:" + i, path("t", i, manifest.shard_hashes)).then(function (shard) {
          // Each shard's terms, listed once: prefix and typo matching scan them on every key.
          return { terms: shard, keys: shardKeys[i] || (shardKeys[i] = Object.keys(shard)) };
        });
      }));
    }

    // The filters' data, loaded once, when a filter (or the page, to list them) asks:
    // {pages: [title], sections: [[page, title]], sectionOf: section per question, unanswered}.
    function loadMeta() {
      meta = meta || fetch("meta", manifest.meta).then(function (m) {
        var sectionOf = new Int32Array(manifest.n);
        for (var i = 0, q = 0; i < m.doc_section.length; i += 2) {
          for (var k = 0; k < m.doc_section[i + 1]; k++) sectionOf[q++] = m.doc_section[i];
        }
        return { pages: m.pages, sections: m.sections, sectionOf: sectionOf, unanswered: new Set(m.unanswered) };
      }, function (e) { meta = null; throw e; });
      return meta;
    }

    function scoresOf(tok, isPrefix) {
      var t = tok.term, shards = manifest.shards;
      var ids = [shardFor(shards, t)];
      // A stem shorter than the typed word ("cach" for "cachi") sorts just before it.
      if (isPrefix && tok.raw.length >= 3) {
        ids = ids.concat(shardsForPrefix(shards, tok.raw), shardsForPrefix(shards, t), [shardFor(shards, tok.raw.slice(0, 3))]);
      }
      ids = Array.from(new Set(ids));
      return loadShards(ids).then(function (loaded) {
        var result = matchTerm(termScores(manifest.n), tok, isPrefix, loaded);
        if (result.exact || Array.from(t).length < 5) return result;
        // No such word: look for one a typo away. Typos in the first letters move a word to
        // another range, so those shards load now, only when needed.
        var more = [t[1] + t[0] + t.slice(2), t.slice(1), t[0] + t.slice(2)].map(function (w) {
          return shardFor(shards, w);
        }).filter(function (i, k, all) { return ids.indexOf(i) < 0 && all.indexOf(i) === k; });
        return loadShards(more).then(function (extra) { return matchTypos(result, tok, loaded.concat(extra)); });
      });
    }

    // What result q shows: {title, url (page#anchor), text, where ("Document · Section"),
    // unanswered}, from its fragment alone.
    function row(q) {
      var n = Math.floor(q / manifest.fragment_size);
      return fetch("f:" + n, path("f", n, manifest.fragment_hashes)).then(function (fragment) {
        var r = fragment.rows[q % manifest.fragment_size];
        return { title: r[0], url: r[1], text: r[2], where: fragment.where[r[3]], unanswered: r[4] === 1 };
      });
    }

    function filtering(filters) {
      return (filters.doc != null && filters.doc !== "") || (filters.section != null && filters.section !== "") ||
        filters.state === "answered" || filters.state === "unanswered";
    }

    function keeps(filters, m) {
      if (!m) return function () { return true; };
      return function (q) {
        var section = m.sectionOf[q];
        if (filters.doc != null && filters.doc !== "" && m.sections[section][0] !== Number(filters.doc)) return false;
        if (filters.section != null && filters.section !== "" && section !== Number(filters.section)) return false;
        if (filters.state === "answered" && m.unanswered.has(q)) return false;
        if (filters.state === "unanswered" && !m.unanswered.has(q)) return false;
        return true;
      };
    }

    // Resolves {query, total, results: [question ids in order], tokens}.
    function search(query, filters) {
      var tokens = queryTokens(query);
      if (!tokens.length) return Promise.resolve({ query: query, total: 0, results: [], tokens: [] });
      var typing = !/\s$/.test(query);
      filters = filters || {};
      // Only a filtered query waits for the filters' data; it loads beside the shards.
      return Promise.all([Promise.all(tokens.map(function (tok, i) {
        return scoresOf(tok, typing && i === tokens.length - 1);
      })), filtering(filters) ? loadMeta() : null]).then(function (got) {
        var ids = rank(got[0], manifest.n, keeps(filters, got[1]));
        var done = function () { return { query: query, total: ids.length, results: ids, tokens: tokens }; };
        // Only a query of several words can match as a phrase; only then read the top results.
        if (tokens.length < 2) return done();
        var head = ids.slice(0, 10);
        return Promise.all(head.map(row)).then(function (rows) {
          ids = phraseFirst(ids, head, rows.map(function (r) { return r.title + " " + r.text; }), query);
          return done();
        });
      });
    }

    return { search: search, row: row, meta: loadMeta };
  }

  // ---- showing a result ----------------------------------------------------------------------
  // The [start, end) ranges of `text` that match a query token, in order, not overlapping.
  function markRanges(text, tokens) {
    var out = [], at = 0;
    tokenize(text, false).forEach(function (t) {
      var hit = tokens.some(function (q) { return t.term === q.term || t.term.indexOf(q.term) === 0 || t.raw.indexOf(q.raw) === 0; });
      if (!hit || t.start < at) return;
      out.push([t.start, t.end]);
      at = t.end;
    });
    return out;
  }

  // At most 180 characters of `text` around its first match, with "…" where it was cut.
  function snippetText(text, tokens) {
    var hit = tokenize(text, false).find(function (t) { return tokens.some(function (q) { return t.term === q.term || t.raw.indexOf(q.raw) === 0; }); });
    if (!hit || text.length <= 180) return text.slice(0, 180) + (text.length > 180 ? "…" : "");
    var from = Math.max(0, hit.start - 60);
    var space = text.lastIndexOf(" ", from);
    from = space > 0 && from - space < 20 ? space + 1 : from;
    return (from > 0 ? "…" : "") + text.slice(from, from + 180) + (from + 180 < text.length ? "…" : "");
  }

  // What the result count says: for the panel and, politely, for a screen reader.
  function countText(total, query) {
    if (!total) return "No results for “" + query.trim() + "”.";
    return total + (total === 1 ? " result" : " results");
  }

  return {
    tokenize: tokenize, terms: terms, stem: stem, fold: fold, normalize: normalize, queryTokens: queryTokens,
    cmp: cmp, shardFor: shardFor, shardsForPrefix: shardsForPrefix, oneEdit: oneEdit,
    termScores: termScores, addPostings: addPostings, matchTerm: matchTerm, matchTypos: matchTypos,
    rank: rank, phraseFirst: phraseFirst, engine: engine,
    markRanges: markRanges, snippetText: snippetText, countText: countText,
  };
});
