// prepbook practice, the page's side: spaced repetition in the browser, with no server and no
// network. The scheduler is practice.js (window.prepbook.sm2) and the session's state machine
// practice-session.js (window.prepbook.session); this file keeps what touches the page:
//  - storage of progress in localStorage, one entry per handbook;
//  - the practice page (practice/index.html): one question at a time from the deck the build
//    writes (practice/deck.HASH.js), its key shards (practice/keys/N.HASH.js, for the documents
//    stored progress names) and each document's cards (practice/cards/SLUG.HASH.js: the
//    question side), loaded by <script> tags, so it works from file:// as well as over HTTP.
//    A card's answer is not copied into the cards: it is taken from the document's own page,
//    fetched and parsed over HTTP, or from file:// (where fetch is refused) shown in a frame of
//    that page, which this same script reduces to the answer (setupCardFrame);
//  - practice mode on document pages (answers hidden behind "Show answer"; Space, j and k);
//  - multiple-choice quizzes, and "N learned" on the home and tag pages.
// Text from the deck, from storage and from imported files is only ever set as text. The
// exceptions are the card HTML the build wrote and the nodes of the build's own pages (see
// showCard and answerNodes).
(function () {
  "use strict";
  var core = window.prepbook || {};
  var scheduler = core.sm2, session = core.session;
  if (!scheduler || !session) return;
  var review = scheduler.review, learned = scheduler.learned, cardKey = scheduler.cardKey;
  var clean = scheduler.clean;


  // ---- storage --------------------------------------------------------------------------------
  // Progress lives under "prepbook-practice:<site key>" ({v: 1, cards: {question id: record}}):
  // every project site of a GitHub user shares the origin USER.github.io, so each handbook names
  // its own entry (the key is the base URL's path, or the title's slug; see data-site-key).
  var P = (window.prepbookPractice = window.prepbookPractice || {});
  P.scheduler = scheduler;
  var MODE_KEY = "prepbook-practice-mode";
  var TIMER_KEY = "prepbook-practice-timer";
  var siteKey = document.documentElement.getAttribute("data-site-key") || "handbook";
  var storeKey = "prepbook-practice:" + siteKey;
  var memory = null;      // the progress when storage refuses it (private mode, quota)
  var storageOk = true;

  function getItem(key) {
    try { return window.localStorage.getItem(key); } catch (e) { storageOk = false; return null; }
  }
  function setItem(key, value) {
    try { window.localStorage.setItem(key, value); return true; } catch (e) { storageOk = false; return false; }
  }

  // Every stored record by question id, in a map without a prototype ("__proto__" is a plain key).
  function readAll() {
    var out = Object.create(null);
    var raw = getItem(storeKey);
    var data = null;
    if (raw) {
      try { data = JSON.parse(raw); } catch (e) { data = null; }
    }
    var cards = data && data.cards && typeof data.cards === "object" ? data.cards : memory || {};
    Object.keys(cards).forEach(function (id) {
      var r = clean(cards[id]);
      if (r) out[id] = r;
    });
    return out;
  }

  function writeAll(cards) {
    memory = cards;
    return setItem(storeKey, JSON.stringify({ v: 1, cards: cards }));
  }

  function onReady(f) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", f);
    else f();
  }

  function typingIn(target) {
    return /^(input|textarea|select)$/i.test(target.tagName) || target.isContentEditable;
  }

  // ---- home and tag pages: "N learned" per document --------------------------------------------
  function setupLearned() {
    var spans = document.querySelectorAll(".card-learned[data-doc]");
    if (!spans.length) return;
    var cards = readAll();
    var perDoc = new Map();
    Object.keys(cards).forEach(function (id) {
      if (learned(cards[id])) perDoc.set(cards[id].doc, (perDoc.get(cards[id].doc) || 0) + 1);
    });
    spans.forEach(function (span) {
      var most = Number(span.getAttribute("data-questions")) || 0;
      var n = Math.min(perDoc.get(span.getAttribute("data-doc")) || 0, most);
      var count = span.querySelector(".card-learned-count") || span;
      count.textContent = String(n);
      span.hidden = false;
    });
  }

  // ---- multiple choice: the quiz -----------------------------------------------------------------
  // The build writes a keyed question's options as a fieldset of hidden inputs with the right
  // ones marked (.choice-right, and a "right answer" note that shows without JavaScript and in
  // print). Here the inputs show and the notes hide; Check marks the right options and the
  // wrong picks and says so. opts.explanation (hidden until then) is shown; opts.onCheck runs
  // after; opts.retry turns Check into "Try again". Returns {check}, or null for a fieldset
  // that is no quiz.
  var quizCount = 0;
  function makeQuiz(fieldset, opts) {
    var items = Array.prototype.slice.call(fieldset.querySelectorAll(".choice"));
    var inputs = items.map(function (li) { return li.querySelector("input"); });
    if (!items.length || inputs.some(function (i) { return !i; })) return null;
    fieldset.classList.add("quiz-ready");
    // Card HTML leaves the name out: one group per quiz, for the arrow keys between radios.
    quizCount += 1;
    inputs.forEach(function (i) {
      if (!i.name) i.name = "prepbook-quiz-" + quizCount;
      i.hidden = false;
    });
    var actions = document.createElement("div");
    actions.className = "quiz-actions";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "small-button quiz-check";
    var result = document.createElement("p");
    result.className = "quiz-result";
    result.setAttribute("role", "status");
    actions.appendChild(button);
    actions.appendChild(result);
    fieldset.appendChild(actions);
    var checked = false;

    function letter(li) {
      var l = li.querySelector(".choice-letter");
      return l ? l.textContent : "";
    }
    function and(list) {
      return list.length < 2 ? list.join("") : list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
    }

    function reset() {
      checked = false;
      fieldset.classList.remove("quiz-checked");
      items.forEach(function (li, n) {
        li.classList.remove("choice-picked", "choice-wrong");
        li.querySelectorAll(".choice-mark").forEach(function (m) { m.remove(); });
        inputs[n].disabled = false;
        inputs[n].checked = false;
      });
      result.textContent = "";
      result.className = "quiz-result";
      button.textContent = "Check";
      button.hidden = false;
      if (opts.explanation) {
        opts.explanation.setAttribute("data-quiz-hidden", "");
        opts.explanation.hidden = true;
      }
    }

    function check() {
      if (checked) return true;
      var picked = inputs.map(function (i) { return i.checked; });
      if (!picked.some(Boolean)) {
        result.textContent = "Pick an option first.";
        inputs[0].focus();
        return false;
      }
      checked = true;
      fieldset.classList.add("quiz-checked");
      var right = true, answer = [];
      items.forEach(function (li, n) {
        var correct = li.classList.contains("choice-right");
        if (correct) answer.push(letter(li));
        if (correct !== picked[n]) right = false;
        li.classList.toggle("choice-picked", picked[n]);
        li.classList.toggle("choice-wrong", picked[n] && !correct);
        inputs[n].disabled = true;
        if (!correct && !picked[n]) return;
        var mark = document.createElement("span");
        mark.className = "choice-mark " + (correct ? "choice-mark-right" : "choice-mark-wrong");
        mark.textContent = correct ? (picked[n] ? "right: your pick" : "right answer") : "wrong: your pick";
        li.appendChild(mark);
      });
      result.textContent = right ? "Right." :
        "Not quite: the answer" + (answer.length > 1 ? "s are " : " is ") + and(answer) + ".";
      result.className = "quiz-result " + (right ? "quiz-result-right" : "quiz-result-wrong");
      if (opts.explanation) opts.explanation.hidden = false;
      if (opts.retry) button.textContent = "Try again";
      else button.hidden = true;
      if (opts.onCheck) opts.onCheck(right);
      return true;
    }

    button.addEventListener("click", function () {
      if (!checked) { check(); return; }
      reset();
      inputs[0].focus();
    });
    reset();
    return { check: check };
  }

  // Document pages: every keyed multiple-choice question; its answer is the explanation.
  function setupQuizzes(scope) {
    (scope || document).querySelectorAll(".doc .question > fieldset.quiz").forEach(function (fieldset) {
      var answer = null;
      for (var c = fieldset.parentNode.firstElementChild; c; c = c.nextElementSibling) {
        if (c.classList.contains("answer")) answer = c;
      }
      makeQuiz(fieldset, { explanation: answer, retry: true });
    });
  }

  // The preview swaps edited parts of a page in place (serve's live.js): a quiz in them is
  // new and needs its wiring.
  document.addEventListener("prepbook:swapped", function (e) {
    e.detail.nodes.forEach(function (node) {
      if (node.nodeType !== 1) return;
      var fieldsets = node.matches("fieldset.quiz") ? [node] : node.querySelectorAll("fieldset.quiz");
      Array.prototype.forEach.call(fieldsets, function (fieldset) {
        var question = fieldset.parentNode;
        if (!question || !question.classList.contains("question")) return;
        makeQuiz(fieldset, { explanation: question.querySelector(":scope > .answer"), retry: true });
      });
    });
  });

  // ---- document pages: practice mode ------------------------------------------------------------
  function setupDocument() {
    var toggle = document.getElementById("practice-toggle");
    if (!toggle) return;
    var questions = Array.prototype.slice.call(document.querySelectorAll(".doc .question"));
    var on = false, current = -1;

    // A question's answer: its own .answer, or for a transcript question the reply after it.
    function answerOf(q) {
      // A quiz keeps its explanation until it is checked: it needs no "Show answer".
      for (var c = q.firstElementChild; c; c = c.nextElementSibling) {
        if (c.classList.contains("quiz-ready")) return null;
      }
      for (c = q.firstElementChild; c; c = c.nextElementSibling) {
        if (c.classList.contains("answer")) return c;
      }
      if (q.classList.contains("turn")) {
        // The next turn, past any stage direction, when the candidate speaks it.
        var next = q.nextElementSibling;
        while (next && !next.classList.contains("turn")) next = next.nextElementSibling;
        if (next && next.classList.contains("role-candidate")) return next;
      }
      return null;
    }

    // The question's own "Show answer" button (not a follow-up's).
    function buttonOf(q) {
      for (var c = q.firstElementChild; c; c = c.nextElementSibling) {
        if (c.classList.contains("reveal-answer")) return c;
      }
      return null;
    }

    function setRevealed(q, shown) {
      var answer = answerOf(q), button = buttonOf(q);
      if (!answer || !button) return;
      answer.hidden = !shown;
      button.textContent = shown ? "Hide answer" : "Show answer";
      button.setAttribute("aria-expanded", shown ? "true" : "false");
    }

    function apply(mode) {
      on = mode;
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      document.body.classList.toggle("practice-on", on);
      questions.forEach(function (q, n) {
        var answer = answerOf(q);
        if (!answer) return;
        var button = buttonOf(q);
        if (on) {
          if (!answer.id) answer.id = "practice-answer-" + n;
          if (!button) {
            button = document.createElement("button");
            button.type = "button";
            button.className = "reveal-answer";
            button.setAttribute("aria-controls", answer.id);
            button.addEventListener("click", function () { setRevealed(q, answer.hidden); });
            if (answer.parentNode === q) q.insertBefore(button, answer);
            else q.appendChild(button);
          }
          answer.setAttribute("data-practice-hidden", "");
          setRevealed(q, false);
        } else {
          if (button) button.remove();
          answer.removeAttribute("data-practice-hidden");
          answer.hidden = false;
        }
      });
      if (!on && current >= 0) questions[current].classList.remove("practice-current");
      if (!on) current = -1;
    }

    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      apply(!on);
      setItem(MODE_KEY, on ? "on" : "off");
    });
    apply(getItem(MODE_KEY) === "on");

    // The first question whose top is on screen (or the last one above it).
    function onScreen() {
      for (var i = 0; i < questions.length; i++) {
        if (questions[i].getBoundingClientRect().bottom > 80) return i;
      }
      return questions.length - 1;
    }

    function move(step) {
      if (!questions.length) return;
      var next = current < 0 ? onScreen() : Math.max(0, Math.min(questions.length - 1, current + step));
      if (current >= 0) questions[current].classList.remove("practice-current");
      current = next;
      var q = questions[current];
      q.classList.add("practice-current");
      if (!q.hasAttribute("tabindex")) q.setAttribute("tabindex", "-1");
      q.focus({ preventScroll: true });
      var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      q.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
    }

    document.addEventListener("keydown", function (e) {
      if (!on || e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typingIn(e.target)) return;
      if (e.key === "j" || e.key === "k") {
        e.preventDefault();
        move(e.key === "j" ? 1 : -1);
      } else if (e.key === " ") {
        // On a button or link, Space is that control's own.
        if (/^(button|a|summary|label)$/i.test(e.target.tagName)) return;
        var q = questions[current >= 0 ? current : onScreen()];
        var answer = q && answerOf(q);
        if (answer && answer.hidden) {
          e.preventDefault();
          setRevealed(q, true);
        }
      }
    });
  }

  // ---- a card's answer, from the document's page ---------------------------------------------------
  // The elements of `doc` (a document page, parsed or this one) that answer question `id`: its
  // .answer; for a transcript question, the text of the candidate's reply; for a question
  // answered only through its follow-ups, each follow-up's text and answer (made in `doc`).
  // [] when it has no answer; null when the page has no such question.
  function answerNodes(doc, id) {
    var q = doc.getElementById(id);
    if (!q || !q.classList.contains("question")) return null;
    if (q.classList.contains("turn")) {
      var next = q.nextElementSibling;
      while (next && !next.classList.contains("turn")) next = next.nextElementSibling;
      var text = next && next.classList.contains("role-candidate") && next.querySelector(".turn-text");
      return text ? [text] : [];
    }
    var follow = [];
    for (var c = q.firstElementChild; c; c = c.nextElementSibling) {
      if (c.classList.contains("answer")) return [c];
      if (c.classList.contains("question")) follow.push(c);
    }
    if (q.classList.contains("unanswered")) return [];
    return follow.map(function (child) {
      var box = doc.createElement("div"), title = doc.createElement("h3");
      box.className = "practice-followup";
      title.className = "part-title";
      var said = child.querySelector(".question-text");
      if (said) title.appendChild(said.cloneNode(true));
      box.appendChild(title);
      (answerNodes(doc, child.id) || []).forEach(function (n) { box.appendChild(n.cloneNode(true)); });
      return box;
    });
  }

  // A page opened as `PAGE.html?card#ID` in a frame of the practice page (from file://, where
  // the practice page cannot fetch it): the page shows only that question's answer, and tells
  // the practice page its height, the one thing a file:// frame can say to its parent. Returns
  // whether the page is such a frame.
  function setupCardFrame() {
    if (window.parent === window || !/^\?card(&|$)/.test(window.location.search)) return false;
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return false; }
    var nodes = answerNodes(document, id);
    if (!nodes) return false;
    var box = document.createElement("div");
    box.className = "practice-frame-answer";
    nodes.forEach(function (n) { box.appendChild(n.cloneNode(true)); });
    box.querySelectorAll(".copy-button").forEach(function (b) { b.remove(); });
    // Links open in the practice page's place, not in the frame.
    box.querySelectorAll("a[href]").forEach(function (a) { a.target = "_top"; });
    document.body.textContent = "";
    document.body.className = "page practice-frame-page";
    // Transparent, so the frame takes the card's colour; no margin, so the height is the answer's.
    document.documentElement.style.background = document.body.style.background = "transparent";
    document.body.style.margin = "0";
    document.body.style.padding = "1px 0";
    document.body.appendChild(box);
    function post() {
      window.parent.postMessage({ prepbookCardHeight: Math.ceil(document.body.getBoundingClientRect().height) }, "*");
    }
    if (window.ResizeObserver) new ResizeObserver(post).observe(document.body);
    window.addEventListener("load", post);
    post();
    // Keys pressed while the reader is in the answer (after a click in it) are the practice
    // page's: Space and the grades 1 to 4 are passed up, as the one other thing a frame says.
    document.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || !/^[1-4 ]$/.test(e.key)) return;
      e.preventDefault();
      window.parent.postMessage({ prepbookCardKey: e.key }, "*");
    });
    // The theme toggled in the practice page.
    window.addEventListener("storage", function (e) {
      if (e.key === "prepbook-theme" && (e.newValue === "dark" || e.newValue === "light")) document.documentElement.dataset.theme = e.newValue;
    });
    return true;
  }

  // ---- the practice page --------------------------------------------------------------------------
  var deck = null, pageReady = false;
  // Data scripts by name ("cards:SLUG", "keys:N"): what came, and who waits for what has not.
  var arrived = Object.create(null), waiting = Object.create(null);
  // The build's deck script calls this: the documents, their sections and counts. It runs
  // after this script (both are deferred, the deck comes second), so the page starts here.
  P.deck = function (data) {
    var first = !deck;
    deck = data;
    if (first && pageReady) setupPractice();
  };
  function arrive(name, data) {
    arrived[name] = data;
    (waiting[name] || []).forEach(function (w) { w[0](data); });
    delete waiting[name];
  }
  // Each card script calls this: the start of every id ("SLUG--"), then [[the rest of the
  // question id or "" when it is the slug of the text, text HTML, more HTML], ...] in card order.
  P.cards = function (slug, prefix, cards) {
    arrive("cards:" + slug, session.cardsWithIds(prefix, cards));
  };
  // Each key shard calls this: {slug: the keys of its cards, 8 characters each}.
  P.keys = function (n, keys) { arrive("keys:" + n, keys); };

  // The data script `src` that calls back with `name`, loaded once.
  function loadData(name, src) {
    if (name in arrived) return Promise.resolve(arrived[name]);
    return new Promise(function (resolve, reject) {
      var first = !waiting[name];
      (waiting[name] = waiting[name] || []).push([resolve, reject]);
      if (!first) return;
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      function failed() {
        (waiting[name] || []).forEach(function (w) { w[1](new Error("could not load " + src)); });
        delete waiting[name];
      }
      script.onerror = failed;
      // A script that ran without calling back (not the one the deck names) fails too, rather
      // than leaving the page waiting.
      script.onload = function () { if (!(name in arrived)) failed(); };
      document.head.appendChild(script);
    });
  }

  var NEW_PER_ROUND = session.NEW_PER_ROUND;

  function setupPractice() {
    var root = document.getElementById("practice");
    if (!root) return;
    var el = function (id) { return document.getElementById(id); };
    var progress = el("practice-progress"), notice = el("practice-notice");
    var card = el("practice-card"), where = el("practice-where");
    var questionBox = el("practice-question"), answerBox = el("practice-answer");
    var revealButton = el("reveal"), empty = el("practice-empty"), emptyText = el("practice-empty-text");
    var more = el("practice-more");
    var docSelect = el("practice-doc"), sectionSelect = el("practice-section"), tagSelect = el("practice-tag");
    var gradeButtons = Array.prototype.slice.call(root.querySelectorAll("button[data-grade]"));
    var base = root.getAttribute("data-root") || "";
    var messages = [];

    function say(text) {
      if (messages.indexOf(text) < 0) messages.push(text);
      notice.textContent = messages.join(" ");
      notice.hidden = false;
    }
    if (!deck) {
      // Not here yet: P.deck starts the page when it comes; say so if it never does.
      window.addEventListener("load", function () {
        if (!deck) say("The practice deck could not be loaded: rebuild the site with prepbook build.");
      });
      return;
    }
    var STORAGE_NOTE = "This browser does not let the page keep your progress (private browsing, or storage is full): it lasts until you leave the page. Export it before you go.";
    if (!setItem("prepbook-practice-probe", "1")) say(STORAGE_NOTE);
    else { try { window.localStorage.removeItem("prepbook-practice-probe"); } catch (e) { /* ignore */ } }

    // Cards by global number g: their document and section (practice-session.js).
    var ix = session.deckIndex(deck);
    var docs = ix.docs, cardDoc = ix.cardDoc, cardSection = ix.cardSection;
    var tags = ix.tags, total = ix.total;
    var records = [];         // records[g]: the card's progress, or undefined when new
    var ids = [];             // ids[g]: the question id, once known

    // The keys of document d's cards, once its shard is loaded.
    function keysOf(d) {
      var shard = arrived["keys:" + docs[d].shard];
      return shard && Object.prototype.hasOwnProperty.call(shard, docs[d].slug) ? shard[docs[d].slug] : undefined;
    }
    function loadShards(numbers) {
      return Promise.all(numbers.map(function (n) {
        return loadData("keys:" + n, base + deck.shards[n]).catch(function () {
          say("Some of your progress could not be matched to its questions (" + deck.shards[n] + " did not load): rebuild the site.");
        });
      }));
    }
    // Whether question `id` (of document `doc`, if known) is in this handbook, from the loaded keys.
    function known(id, doc) {
      var d = session.docOf(ix, id, doc), keys = d >= 0 ? keysOf(d) : undefined, key = cardKey(id);
      if (!keys) return false;
      for (var k = 0; k < keys.length; k += 8) if (keys.substr(k, 8) === key) return true;
      return false;
    }

    // The stored progress placed on the cards, once the key shards of its documents are here.
    function loadRecords() {
      var all = readAll();
      return loadShards(session.shardsFor(ix, all)).then(function () {
        var placed = session.placeRecords(ix, all, keysOf, cardKey);
        records = placed.records;
        placed.ids.forEach(function (id, g) { ids[g] = id; });
      });
    }

    // ---- filters ----
    var filter = { doc: -1, section: -1, tag: "" };
    function option(select, value, text) {
      var o = document.createElement("option");
      o.value = value;
      o.textContent = text;
      select.appendChild(o);
      return o;
    }
    docs.forEach(function (d) { option(docSelect, d.slug, d.title); });
    tags.forEach(function (t) { option(tagSelect, t, t); });
    tagSelect.disabled = tags.length === 0;

    function fillSections() {
      sectionSelect.textContent = "";
      option(sectionSelect, "", "All sections");
      if (filter.doc >= 0) {
        docs[filter.doc].sections.forEach(function (s, si) {
          if (s[1] > 0) option(sectionSelect, String(si), s[0] || "Questions before any heading");
        });
      }
      sectionSelect.disabled = sectionSelect.options.length <= 2;
      sectionSelect.value = filter.section >= 0 ? String(filter.section) : "";
    }

    function readUrl() {
      var read = session.filterFromQuery(window.location.search, ix);
      filter.doc = read.filter.doc;
      filter.section = read.filter.section;
      filter.tag = read.filter.tag;
      if (read.unknown) say("This handbook has no document “" + read.unknown + "”: practising all of them.");
    }

    function writeUrl() {
      var query = session.queryOf(filter, ix);
      try {
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      } catch (e) { /* some file:// pages refuse it; the filters still apply */ }
    }

    // Reads the filter's fields on each call, so it follows the selects.
    var inFilter = session.keeps(filter, ix);

    // ---- progress and the session ----
    // The session (practice-session.js); `current` is the card on screen, once it is shown.
    var state = session.empty();
    var current = -1;
    var quiz = null;          // the card's quiz, when it is multiple choice

    function counts() {
      return session.counts(total, records, Date.now(), inFilter, learned);
    }

    function showProgress() {
      var c = counts();
      progress.textContent = c.due + " due · " + c.learned + " learned · " + c.fresh + " new";
      return c;
    }

    function startSession(newOnly) {
      state = session.start(total, records, Date.now(), inFilter, newOnly);
      showProgress();
      next(false);
    }

    function loadCards(d) {
      return loadData("cards:" + docs[d].slug, base + docs[d].cards);
    }

    // Links in page HTML are relative to the document's page, which is not this page.
    function rebase(container, pageUrl) {
      function absolute(value) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
        try { return new URL(value, pageUrl).href; } catch (e) { return value; }
      }
      container.querySelectorAll("a[href], img[src]").forEach(function (node) {
        var attr = node.hasAttribute("href") ? "href" : "src";
        node.setAttribute(attr, absolute(node.getAttribute(attr)));
      });
      // A <picture>'s sources: "URL 2x, URL 640w", each URL rebased.
      container.querySelectorAll("[srcset]").forEach(function (node) {
        node.setAttribute("srcset", node.getAttribute("srcset").split(",").map(function (part) {
          var m = /^(\s*)(\S+)(.*)$/.exec(part);
          return m ? m[1] + absolute(m[2]) + m[3] : part;
        }).join(","));
      });
    }

    // Document pages, parsed, by address: the few last ones (a round moves through a document).
    var pages = new Map();
    function fetchPage(url, fresh) {
      if (fresh) pages.delete(url);
      if (!pages.has(url)) {
        if (pages.size >= 4) pages.delete(pages.keys().next().value);
        pages.set(url, window.fetch(url, fresh ? { cache: "no-cache" } : {}).then(function (r) {
          if (!r.ok) throw new Error(r.status + " " + r.statusText);
          return r.text();
        }).then(function (text) {
          // Parsed inert: no script of it runs, no image of it loads until shown.
          return new DOMParser().parseFromString(text, "text/html");
        }));
        pages.get(url).catch(function () { pages.delete(url); });
      }
      return pages.get(url);
    }

    // The answer of question `id` from its page `pageUrl` (no fragment), as a node to show.
    // Over HTTP the page is fetched and the answer's nodes imported; they are the page's own,
    // made by prepbook from the notes and sanitised as the page is. From file://, and when
    // the fetch fails, a frame of the page reduced to the answer (setupCardFrame).
    function answerFor(pageUrl, id, fresh) {
      if (window.location.protocol === "file:" || !window.fetch || !window.DOMParser) return Promise.resolve(answerFrame(pageUrl, id));
      return fetchPage(pageUrl, fresh).then(function (doc) {
        var nodes = answerNodes(doc, id);
        // A page cached from before the last deploy (pages, unlike the deck, keep their
        // names) may lack the question: asked once more, past the cache.
        if (!nodes) return fresh ? missing(pageUrl, id) : answerFor(pageUrl, id, true);
        var box = document.createElement("div");
        nodes.forEach(function (n) { box.appendChild(document.importNode(n, true)); });
        // Their ids are the page's; here they could clash with the practice page's own.
        box.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
        rebase(box, pageUrl);
        if (!nodes.length) box.appendChild(noAnswer());
        return box;
      }, function () { return answerFrame(pageUrl, id); });
    }

    function answerFrame(pageUrl, id) {
      var frame = document.createElement("iframe");
      frame.className = "practice-frame";
      frame.title = "Answer";
      frame.src = pageUrl + "?card#" + encodeURIComponent(id);
      frame.style.cssText = "display:block;width:100%;height:4rem;border:0;background:transparent;outline-offset:2px";
      return frame;
    }
    // A frame whose document has the focus matches no :focus rule: its outline is drawn here,
    // while this window has lost the focus to it.
    window.addEventListener("blur", function () {
      var f = document.activeElement;
      if (f && f.classList.contains("practice-frame")) f.style.outline = "2px solid var(--accent)";
    });
    window.addEventListener("focus", function () {
      answerBox.querySelectorAll("iframe.practice-frame").forEach(function (f) { f.style.outline = ""; });
    });
    // A frame says how tall its answer is; nothing else it sends is read.
    window.addEventListener("message", function (e) {
      var frame = answerBox.querySelector("iframe.practice-frame");
      var h = e.data && typeof e.data === "object" ? e.data.prepbookCardHeight : null;
      if (!frame || e.source !== frame.contentWindow || typeof h !== "number" || !isFinite(h)) return;
      frame.style.height = Math.max(0, Math.min(Math.round(h), 100000)) + "px";
    });

    function noAnswer() {
      var none = document.createElement("p");
      none.className = "practice-no-answer";
      none.textContent = "No answer written yet — answer aloud, then write it down.";
      return none;
    }
    function missing(pageUrl, id) {
      var p = document.createElement("p");
      p.className = "practice-no-answer";
      var a = document.createElement("a");
      a.href = pageUrl + "#" + encodeURIComponent(id);
      a.textContent = "on its page";
      p.append("This question is no longer where the deck says (rebuild the site); its answer may be ", a, ".");
      return p;
    }

    // Each grade button is named by what it says and when the card comes back ("Good — knew
    // it, back in 6 days"); it shows the short form ("Good 6d").
    function setGrades(enabled) {
      var r = current >= 0 ? records[current] : null, now = Date.now();
      gradeButtons.forEach(function (b) {
        var label = scheduler.gradeLabel(r, b.getAttribute("data-grade"), now);
        b.disabled = !enabled;
        // The name comes from the button's text (so it holds what the button shows): the
        // short form is hidden from screen readers, the whole sentence only from sight.
        var next = b.querySelector(".grade-next"), says = b.querySelector(".grade-says");
        if (next) next.textContent = label.shown;
        if (says) says.textContent = label.says;
      });
    }

    // No card left. `focus`: the reader was on the card (they just graded it), so the focus
    // moves to what the page now says, not to the top of the page.
    function showEmpty(focus) {
      var hadFocus = focus || card.contains(document.activeElement);
      card.hidden = true;
      timer.stop();
      var c = showProgress();
      if (!c.all) emptyText.textContent = docs.length ? "No questions match these filters." : "This handbook has no questions yet.";
      else if (c.fresh) emptyText.textContent = "Nothing due — come back tomorrow, or practise new cards.";
      else emptyText.textContent = "Nothing due — come back tomorrow." +
        (c.next < Infinity ? " The next card is due on " + new Date(c.next).toLocaleDateString() + "." : "");
      more.hidden = !c.fresh;
      more.textContent = "Practise " + Math.min(NEW_PER_ROUND, c.fresh) + " new card" + (Math.min(NEW_PER_ROUND, c.fresh) === 1 ? "" : "s");
      empty.hidden = false;
      if (hadFocus) {
        emptyText.setAttribute("tabindex", "-1");
        emptyText.focus();
      }
    }

    // Show the card at the head of the queue.
    function next(focus) {
      var g = session.current(state);
      if (g < 0) { current = -1; showEmpty(focus); return; }
      var d = cardDoc[g];
      loadCards(d).then(function (cards) {
        if (session.current(state) !== g) return;
        var c = cards[g - ix.docStart[d]];
        if (!c || typeof c[0] !== "string") {
          say("A question of “" + docs[d].title + "” is missing from its cards: rebuild the site.");
          state = session.drop(state, function (x) { return x === g; });
          next(focus);
          return;
        }
        showCard(g, c, focus);
        // Load the next card's document while this one is answered.
        if (state.queue.length > 1) loadCards(cardDoc[state.queue[1]]).catch(function () {});
      }).catch(function (e) {
        say("Could not load the questions of “" + docs[d].title + "” (" + e.message + ").");
        state = session.drop(state, function (x) { return cardDoc[x] === d; });
        next(focus);
      });
    }

    var shown = 0;            // counts the cards shown, so a late answer finds its card gone
    function showCard(g, c, focus) {
      var id = c[0];
      current = g;
      ids[g] = id;
      var doc = docs[cardDoc[g]];
      var section = doc.sections[cardSection[g]][0];
      var pageUrl = new URL(base + doc.url, window.location.href).href.split("#")[0];
      where.textContent = "";
      var link = document.createElement("a");
      link.href = pageUrl + "#" + encodeURIComponent(id);
      link.textContent = doc.title + (section ? " · " + section : "");
      where.appendChild(link);
      var state = document.createElement("span");
      state.className = "practice-state";
      var r = records[g];
      state.textContent = !r ? "new" : r.due <= Date.now() ? "due" : "review";
      where.appendChild(document.createTextNode(" "));
      where.appendChild(state);
      // HTML is inserted here from the card script alone: the question as the build rendered it
      // for the document's own page, from the handbook's markdown, with raw HTML sanitised
      // (scripts, event handlers, frames and javascript: links removed) unless the author set
      // raw_html, and then it is the author's own HTML, which their pages run anyway. Nothing
      // from storage, imported files or the address bar ever reaches innerHTML. The answer
      // comes as nodes of the page itself (answerFor).
      questionBox.innerHTML = '<div class="practice-text">' + c[1] + "</div>" + (c[2] || "");
      rebase(questionBox, pageUrl);
      answerBox.textContent = "";
      var mine = ++shown;
      if (ix.unanswered[g]) answerBox.appendChild(noAnswer());
      else {
        var wait = document.createElement("p");
        wait.className = "practice-loading";
        wait.textContent = "Loading the answer…";
        answerBox.appendChild(wait);
        answerFor(pageUrl, id).then(function (node) {
          if (mine !== shown) return;
          answerBox.textContent = "";
          answerBox.appendChild(node);
        });
      }
      answerBox.hidden = true;
      // A multiple-choice card asks for a pick: its Check shows the answer.
      var fieldset = questionBox.querySelector("fieldset.quiz");
      quiz = fieldset ? makeQuiz(fieldset, { onCheck: function () { reveal(); } }) : null;
      revealButton.hidden = !!quiz;
      revealButton.setAttribute("aria-expanded", "false");
      setGrades(false);
      empty.hidden = true;
      card.hidden = false;
      card.classList.remove("timer-done");
      timer.reset();
      if (timer.auto()) timer.start();
      if (focus) questionBox.focus({ preventScroll: false });
    }

    function reveal() {
      if (current < 0 || state.phase !== "question") return;
      state = session.reveal(state);
      answerBox.hidden = false;
      revealButton.hidden = true;
      revealButton.setAttribute("aria-expanded", "true");
      timer.stop();
      setGrades(true);
      answerBox.focus({ preventScroll: true });
    }

    function grade(name) {
      if (current < 0 || state.phase !== "revealed") return;
      var g = current, id = ids[g], now = Date.now();
      var record = review(records[g], name, now, docs[cardDoc[g]].slug);
      // Read before writing: another tab may have graded other cards meanwhile.
      var all = readAll();
      all[id] = record;
      if (!writeAll(all)) say(STORAGE_NOTE);
      records[g] = record;
      state = session.grade(state, name);
      showProgress();
      next(true);
    }

    revealButton.addEventListener("click", reveal);
    gradeButtons.forEach(function (b) {
      b.addEventListener("click", function () { grade(b.getAttribute("data-grade")); });
    });
    more.addEventListener("click", function () { startSession(true); });

    docSelect.addEventListener("change", function () {
      filter.doc = -1;
      docs.forEach(function (d, di) { if (d.slug === docSelect.value) filter.doc = di; });
      filter.section = -1;
      fillSections();
      writeUrl();
      startSession(false);
    });
    sectionSelect.addEventListener("change", function () {
      filter.section = sectionSelect.value === "" ? -1 : Number(sectionSelect.value);
      writeUrl();
      startSession(false);
    });
    tagSelect.addEventListener("change", function () {
      filter.tag = tagSelect.value;
      writeUrl();
      startSession(false);
    });

    // What a key does: Space shows the answer (or checks a quiz), 1 to 4 grade it.
    function onKey(key, tag, typing, modified) {
      if (card.hidden) return false;
      var action = session.keyAction(state, { key: key, tag: tag, typing: typing, modified: modified });
      if (!action) return false;
      if (action.grade) grade(action.grade);
      else if (quiz) quiz.check();
      else reveal();
      return true;
    }
    document.addEventListener("keydown", function (e) {
      if (onKey(e.key, e.target.tagName, typingIn(e.target), e.ctrlKey || e.metaKey || e.altKey || e.isComposing)) {
        e.preventDefault();
      }
    });
    // The same keys, pressed in an answer's frame (file://): only from the frame on the card.
    window.addEventListener("message", function (e) {
      var frame = answerBox.querySelector("iframe.practice-frame");
      var key = e.data && typeof e.data === "object" ? e.data.prepbookCardKey : null;
      if (!frame || e.source !== frame.contentWindow || typeof key !== "string" || !/^[1-4 ]$/.test(key)) return;
      onKey(key, "BODY", false, false);
    });

    // ---- answer timer ----
    var timer = (function () {
      var seconds = Number(root.getAttribute("data-timer")) || 0;
      var length = seconds > 0 ? seconds : 120;
      var display = el("practice-timer"), button = el("practice-timer-toggle"), autoBox = el("practice-timer-auto");
      var left = length * 1000, ends = 0, ticking = null;
      var saved = getItem(TIMER_KEY);
      autoBox.checked = saved === null ? seconds > 0 : saved === "auto";
      autoBox.addEventListener("change", function () { setItem(TIMER_KEY, autoBox.checked ? "auto" : "manual"); });
      function show() {
        var s = Math.ceil(left / 1000);
        display.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      }
      function tick() {
        left = Math.max(0, ends - Date.now());
        show();
        if (left === 0) {
          stop();
          card.classList.add("timer-done");
          display.textContent = "Time";
          say("Time is up: finish your sentence, then show the answer.");
        }
      }
      function start() {
        if (ticking || left === 0) return;
        ends = Date.now() + left;
        ticking = setInterval(tick, 250);
        button.textContent = "Pause timer";
      }
      function stop() {
        if (ticking) { clearInterval(ticking); ticking = null; left = Math.max(0, ends - Date.now()); }
        button.textContent = left === 0 ? "Restart timer" : left < length * 1000 ? "Resume timer" : "Start timer";
      }
      function reset() {
        stop();
        left = length * 1000;
        button.textContent = "Start timer";
        show();
        var at = messages.indexOf("Time is up: finish your sentence, then show the answer.");
        if (at >= 0) { messages.splice(at, 1); notice.textContent = messages.join(" "); notice.hidden = !messages.length; }
      }
      button.addEventListener("click", function () {
        if (ticking) stop();
        else {
          if (left === 0) { reset(); card.classList.remove("timer-done"); }
          start();
        }
      });
      show();
      return { start: start, stop: stop, reset: reset, auto: function () { return autoBox.checked; } };
    })();

    // ---- export and import ----
    el("practice-export").addEventListener("click", function () {
      var data = { format: "prepbook-practice", version: 1, site: siteKey, exported: new Date().toISOString(), cards: readAll() };
      var blob = new Blob([JSON.stringify(data, null, 1) + "\n"], { type: "application/json" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      var name = siteKey.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "handbook";
      a.download = "prepbook-practice-" + name + "-" + new Date().toISOString().slice(0, 10) + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    });

    var importInput = el("practice-import"), importResult = el("practice-import-result");
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) return;
      file.text().then(function (text) {
        return merge(text, file.name).then(function (message) {
          importResult.textContent = message;
          importInput.value = "";
        });
      }).catch(function () {
        importResult.textContent = "Could not read " + file.name + ".";
      });
    });

    // Merge an exported file into the stored progress; for each question the more recent
    // review wins. Resolves to what happened, for the reader. The key shards of the documents
    // the file names are loaded first, to tell which questions this handbook has.
    function merge(text, name) {
      var data = null;
      try { data = JSON.parse(text); } catch (e) { /* mergeExport says so */ }
      var cards = data && data.cards && typeof data.cards === "object" ? data.cards : {};
      var docOfId = function (id) {
        var r = cards[id];
        return r && typeof r === "object" && typeof r.doc === "string" ? r.doc : "";
      };
      var wanted = new Set();
      Object.keys(cards).forEach(function (id) {
        var d = session.docOf(ix, id, docOfId(id));
        if (d >= 0) wanted.add(docs[d].shard);
      });
      return loadShards(Array.from(wanted)).then(function () {
        var result = scheduler.mergeExport(readAll(), text, name, siteKey, function (id) {
          return known(id, docOfId(id));
        });
        if (result.changed && !writeAll(result.cards)) say(STORAGE_NOTE);
        if (!result.cards) return result.message;
        return loadRecords().then(function () {
          startSession(false);
          return result.message;
        });
      });
    }

    readUrl();
    docSelect.value = filter.doc >= 0 ? docs[filter.doc].slug : "";
    tagSelect.value = filter.tag;
    fillSections();
    loadRecords().then(function () { startSession(false); });
    // Another tab graded cards: refresh the numbers (the current card stays).
    window.addEventListener("storage", function (e) {
      if (e.key === storeKey) loadRecords().then(showProgress);
    });
  }

  onReady(function () {
    if (setupCardFrame()) return;
    setupLearned();
    setupQuizzes();
    setupDocument();
    pageReady = true;
    setupPractice();
  });
})();
