// prepbook search: the client of the index `prepbook build` writes under search/.
// The index is data in small scripts (they call prepbookSearch.load), loaded on demand by
// <script> tags, so search works over HTTP and from file:// alike and never leaves the site.
// Tokenising and stemming mirror src/search/tokenize.rs and src/search/stem.rs exactly.
// Results are built with DOM text nodes, never innerHTML of index data.
(function () {
  "use strict";
  var S = (window.prepbookSearch = window.prepbookSearch || {});

  // ---- tokeniser ---------------------------------------------------------------------------
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

  S.tokenize = function (text) { return tokenize(text, false).map(function (t) { return t.term; }); };
  S.stem = stem;

  // ---- loading -------------------------------------------------------------------------------
  var loaded = {}, waiting = {}, root = "", manifest = null;
  S.load = function (key, data) {
    loaded[key] = data;
    (waiting[key] || []).forEach(function (w) { w[0](data); });
    delete waiting[key];
  };
  function fetchData(key, path) {
    if (loaded[key]) return Promise.resolve(loaded[key]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[key];
      (waiting[key] = waiting[key] || []).push([resolve, reject]);
      if (!first) return;
      var script = document.createElement("script");
      script.src = root + path;
      script.async = true;
      script.onerror = function () {
        (waiting[key] || []).forEach(function (w) { w[1](new Error("could not load " + path)); });
        delete waiting[key];
      };
      document.head.appendChild(script);
    });
  }

  var sectionOf = null, unanswered = null;
  S.init = function (siteRoot, indexPath) {
    root = siteRoot;
    return fetchData("index", indexPath).then(function (m) {
      manifest = m;
      sectionOf = new Int32Array(m.n);
      for (var i = 0, q = 0; i < m.doc_section.length; i += 2) {
        for (var k = 0; k < m.doc_section[i + 1]; k++) sectionOf[q++] = m.doc_section[i];
      }
      unanswered = new Set(m.unanswered);
      return m;
    });
  };

  // Code-point order, as Rust sorts the terms (UTF-16 order differs above U+FFFF).
  function cmp(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d) return d;
    }
    return x.length - y.length;
  }
  // The shard whose range holds `term`.
  function shardFor(term) {
    var lo = 0, hi = manifest.shards.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(manifest.shards[mid][0], term) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
  // Shards that may hold terms starting with `prefix` (they sort together), at most eight.
  function shardsForPrefix(prefix) {
    var first = shardFor(prefix), out = [first];
    for (var i = first + 1; i < manifest.shards.length && out.length < 8; i++) {
      if (manifest.shards[i][0].indexOf(prefix) !== 0) break;
      out.push(i);
    }
    return out;
  }
  var shardKeys = {};
  function loadShards(ids) {
    return Promise.all(ids.map(function (i) {
      return fetchData("t:" + i, manifest.shards[i][1]).then(function (shard) {
        // Each shard's terms, listed once: prefix and typo matching scan them on every key.
        return { terms: shard, keys: shardKeys[i] || (shardKeys[i] = Object.keys(shard)) };
      });
    }));
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

  var PREFIX = 0.6, TYPO = 0.4;
  // Results shown at a time: each may need its own fragment file, so the first page stays short.
  var PAGE = 8;

  // Scores of one query term: {score, kind, touched}: per question its best weighted impact and
  // whether that hit was exact (2) or a prefix or typo match (1), in typed arrays (a common word
  // has thousands of postings), and the questions hit, in order of first hit.
  function termScores(tok, isPrefix) {
    var t = tok.term;
    var ids = [shardFor(t)];
    // A stem shorter than the typed word ("cach" for "cachi") sorts just before it.
    if (isPrefix && tok.raw.length >= 3) ids = ids.concat(shardsForPrefix(tok.raw), shardsForPrefix(t), [shardFor(tok.raw.slice(0, 3))]);
    ids = Array.from(new Set(ids));
    return loadShards(ids).then(function (shards) {
      var n = manifest.n, score = new Float64Array(n), kind = new Uint8Array(n), touched = [];
      // An exact hit always beats a prefix or typo hit, however strong (a rare
      // "cacheDecryption" must not outrank "cache" itself). Postings are "gap.impact" pairs in
      // base 36, comma-separated, decoded here without building strings.
      function add(postings, weight) {
        var k = weight === 1 ? 2 : 1, doc = 0, num = 0, gap = 0;
        for (var i = 0, len = postings.length; i <= len; i++) {
          var c = i < len ? postings.charCodeAt(i) : 44;
          if (c === 46) { gap = num; num = 0; continue; }
          if (c !== 44) { num = num * 36 + (c <= 57 ? c - 48 : c - 87); continue; }
          doc += gap;
          var s = num * weight, old = kind[doc];
          if (!old) touched.push(doc);
          if (!old || k > old || (k === old && s > score[doc])) { score[doc] = s; kind[doc] = k; }
          num = 0;
        }
      }
      var exact = false;
      shards.forEach(function (shard) {
        // Own terms only: a query for "constructor" must not find Object.prototype's.
        if (!tok.prefixOnly && Object.prototype.hasOwnProperty.call(shard.terms, t)) { add(shard.terms[t], 1); exact = true; }
      });
      if (isPrefix && tok.raw.length >= 3) {
        shards.forEach(function (shard) {
          shard.keys.forEach(function (term) {
            if (term === t) return;
            var grows = term.indexOf(tok.raw) === 0 || term.indexOf(t) === 0;
            var stemOfTyped = tok.raw.indexOf(term) === 0 && term.length >= 3 && tok.raw.length - term.length <= 3;
            if (grows || stemOfTyped) add(shard.terms[term], PREFIX);
          });
        });
      }
      var result = { score: score, kind: kind, touched: touched };
      if (exact || Array.from(t).length < 5) return result;
      // No such word: look for one a typo away. Typos in the first letters move a word to
      // another range, so those shards load now, only when needed.
      var more = [t[1] + t[0] + t.slice(2), t.slice(1), t[0] + t.slice(2)].map(shardFor).filter(function (i, k, all) {
        return ids.indexOf(i) < 0 && all.indexOf(i) === k;
      });
      return loadShards(more).then(function (extra) {
        shards.concat(extra).forEach(function (shard) {
          shard.keys.forEach(function (term) { if (oneEdit(t, term)) add(shard.terms[term], TYPO); });
        });
        return result;
      });
    });
  }

  function normalize(text) {
    var out = "";
    for (var ch of text) out += fold(ch);
    return out.replace(/\s+/g, " ").trim();
  }

  function fragment(q) {
    var n = Math.floor(q / manifest.fragment_size);
    return fetchData("f:" + n, manifest.fragments[n]).then(function (rows) { return rows[q % manifest.fragment_size]; });
  }

  // Search: resolves {query, total, results: [question ids in order], tokens, ms}.
  S.search = function (query, filters) {
    var started = performance.now();
    filters = filters || {};
    var tokens = tokenize(query, false);
    // The word being typed may be a common word on its way to a longer one ("with" → "without").
    var last = /([\p{Alphabetic}\p{N}]+)$/u.exec(query);
    if (last) {
      var raw = normalize(last[1]);
      if (STOPWORDS.has(raw) && raw.length >= 3) tokens.push({ term: raw, raw: raw, prefixOnly: true, start: 0, end: 0 });
    }
    var seen = new Set();
    tokens = tokens.filter(function (t) { if (seen.has(t.term)) return false; seen.add(t.term); return true; });
    if (!tokens.length) return Promise.resolve({ query: query, total: 0, results: [], tokens: [], ms: 0 });
    var typing = !/\s$/.test(query);
    return Promise.all(tokens.map(function (tok, i) {
      return termScores(tok, typing && i === tokens.length - 1);
    })).then(function (perTerm) {
      var n = manifest.n, total = new Float64Array(n), hits = new Float32Array(n), found = [];
      perTerm.forEach(function (term) {
        for (var i = 0; i < term.touched.length; i++) {
          var q = term.touched[i];
          if (!hits[q]) found.push(q);
          total[q] += term.score[q];
          // An exact word counts whole, a prefix or typo match half: all words first, exact first.
          hits[q] += term.kind[q] === 2 ? 1 : 0.5;
        }
      });
      var ids = [];
      found.forEach(function (q) {
        var section = sectionOf[q];
        if (filters.doc != null && filters.doc !== "" && manifest.sections[section][0] !== Number(filters.doc)) return;
        if (filters.section != null && filters.section !== "" && section !== Number(filters.section)) return;
        if (filters.state === "answered" && unanswered.has(q)) return;
        if (filters.state === "unanswered" && !unanswered.has(q)) return;
        ids.push(q);
      });
      // Questions with all the words first, then by score.
      ids.sort(function (a, b) { return (hits[b] - hits[a]) || (total[b] - total[a]) || a - b; });
      var done = function () {
        return { query: query, total: ids.length, results: ids, tokens: tokens, ms: performance.now() - started };
      };
      // Only a query of several words can match as a phrase; only then read the top results.
      if (tokens.length < 2) return done();
      var phrase = normalize(query);
      var head = ids.slice(0, 10);
      return Promise.all(head.map(fragment)).then(function (rows) {
        var withPhrase = head.filter(function (q, i) { return normalize(rows[i][0] + " " + rows[i][2]).indexOf(phrase) >= 0; });
        ids = withPhrase.concat(ids.filter(function (q) { return withPhrase.indexOf(q) < 0; }));
        return done();
      });
    });
  };

  // ---- results UI ----------------------------------------------------------------------------
  // Append text to parent, marking the parts that match a query token.
  function appendMarked(parent, text, tokens) {
    var marks = tokenize(text, false).filter(function (t) {
      return tokens.some(function (q) { return t.term === q.term || t.term.indexOf(q.term) === 0 || t.raw.indexOf(q.raw) === 0; });
    });
    var at = 0;
    marks.forEach(function (m) {
      if (m.start < at) return;
      parent.appendChild(document.createTextNode(text.slice(at, m.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m.start, m.end);
      parent.appendChild(mark);
      at = m.end;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function snippetText(text, tokens) {
    var hit = tokenize(text, false).find(function (t) { return tokens.some(function (q) { return t.term === q.term || t.raw.indexOf(q.raw) === 0; }); });
    if (!hit || text.length <= 180) return text.slice(0, 180) + (text.length > 180 ? "…" : "");
    var from = Math.max(0, hit.start - 60);
    var space = text.lastIndexOf(" ", from);
    from = space > 0 && from - space < 20 ? space + 1 : from;
    return (from > 0 ? "…" : "") + text.slice(from, from + 180) + (from + 180 < text.length ? "…" : "");
  }

  function setup() {
    var input = document.getElementById("search");
    var list = document.getElementById("search-results");
    var panel = document.getElementById("search-panel");
    var status = document.getElementById("search-status");
    var more = document.getElementById("search-more");
    var docSelect = document.getElementById("search-doc");
    var sectionSelect = document.getElementById("search-section");
    var stateSelect = document.getElementById("search-state");
    if (!input || !list) return;
    var ready = null, latest = 0, current = null, shown = 0, active = -1;

    function init() {
      if (!ready) {
        ready = S.init(input.dataset.root || "", input.dataset.index).then(function (m) {
          m.pages.forEach(function (p, i) {
            var o = document.createElement("option");
            o.value = String(i);
            o.textContent = p[0];
            docSelect.appendChild(o);
          });
          return m;
        });
      }
      return ready;
    }

    function filters() {
      return { doc: docSelect.value, section: sectionSelect.value, state: stateSelect.value };
    }

    var combobox = document.getElementById("search-combobox") || input;
    function open(on) {
      panel.hidden = !on;
      combobox.setAttribute("aria-expanded", on ? "true" : "false");
    }

    function setActive(n) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
      active = (n + items.length) % items.length;
      items.forEach(function (el, i) { el.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function render(result, from) {
      var page = result.results.slice(from, from + PAGE);
      return Promise.all(page.map(fragment)).then(function (rows) {
        if (result !== current) return;
        rows.forEach(function (row, i) {
          var q = page[i];
          var li = document.createElement("li");
          li.id = "search-result-" + (from + i);
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          var a = document.createElement("a");
          a.href = root + row[1];
          var title = document.createElement("span");
          title.className = "search-title";
          appendMarked(title, row[0], result.tokens);
          var where = document.createElement("span");
          where.className = "search-where";
          var section = manifest.sections[sectionOf[q]];
          where.textContent = manifest.pages[row[3]][0] + (section[1] ? " · " + section[1] : "");
          a.appendChild(title);
          a.appendChild(where);
          if (row[2]) {
            var snippet = document.createElement("span");
            snippet.className = "search-snippet";
            appendMarked(snippet, snippetText(row[2], result.tokens), result.tokens);
            a.appendChild(snippet);
          }
          if (unanswered.has(q)) {
            var badge = document.createElement("span");
            badge.className = "search-badge";
            badge.textContent = "unanswered";
            title.appendChild(badge);
          }
          li.appendChild(a);
          list.appendChild(li);
        });
        shown = from + page.length;
        more.hidden = shown >= result.total;
      });
    }

    function run() {
      var query = input.value;
      var id = ++latest;
      if (query.trim().length < 2) {
        list.textContent = "";
        status.textContent = "";
        more.hidden = true;
        open(document.activeElement === input && false);
        return;
      }
      open(true);
      init().then(function () { return S.search(query, filters()); }).then(function (result) {
        if (id !== latest) return;
        current = result;
        list.textContent = "";
        active = -1;
        input.removeAttribute("aria-activedescendant");
        if (!result.total) {
          status.textContent = "No results for “" + query.trim() + "”.";
          more.hidden = true;
          return;
        }
        status.textContent = result.total + (result.total === 1 ? " result" : " results");
        return render(result, 0);
      }).catch(function (e) {
        status.textContent = "Search is unavailable: " + e.message;
      });
    }

    var timer = null;
    // A short pause after each key: fast typing searches once, not once per letter.
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 90); });
    input.addEventListener("focus", function () { init(); if (input.value.trim()) open(true); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); open(true); setActive(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
      else if (e.key === "Enter") {
        var items = list.querySelectorAll("[role=option] a");
        var target = items[active >= 0 ? active : 0];
        if (target) { e.preventDefault(); open(false); window.location.href = target.href; }
      } else if (e.key === "Escape") { open(false); input.blur(); }
    });
    more.addEventListener("click", function () { if (current) render(current, shown); });
    docSelect.addEventListener("change", function () {
      sectionSelect.textContent = "";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All sections";
      sectionSelect.appendChild(all);
      if (docSelect.value !== "") {
        manifest.sections.forEach(function (s, i) {
          if (s[0] === Number(docSelect.value) && s[1]) {
            var o = document.createElement("option");
            o.value = String(i);
            o.textContent = s[1];
            sectionSelect.appendChild(o);
          }
        });
      }
      sectionSelect.disabled = sectionSelect.options.length <= 1;
      run();
    });
    sectionSelect.addEventListener("change", run);
    stateSelect.addEventListener("change", run);
    document.addEventListener("keydown", function (e) {
      var typing = /^(input|textarea|select)$/i.test(e.target.tagName) || e.target.isContentEditable;
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); input.select(); }
    });
    document.addEventListener("click", function (e) {
      if (!e.target.closest || !e.target.closest(".search")) open(false);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
