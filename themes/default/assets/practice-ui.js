// prepbook practice, the page's side: spaced repetition in the browser, with no server and no
// network. The scheduler is practice.js (window.prepbook.sm2) and the session's state machine
// practice-session.js (window.prepbook.session); this file keeps what touches the page:
//  - storage of progress in localStorage, one entry per handbook;
//  - the practice page (practice/index.html): one question at a time from the deck the build
//    writes (practice/deck.HASH.js) and each document's cards (practice/cards/SLUG.HASH.js),
//    loaded by <script> tags, so it works from file:// as well as over HTTP;
//  - practice mode on document pages (answers hidden behind "Show answer"; Space, j and k);
//  - multiple-choice quizzes, and "N learned" on the home and tag pages.
// Text from the deck, from storage and from imported files is only ever set as text. The one
// exception is the card HTML the build wrote (see showCard).
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

  // ---- the practice page --------------------------------------------------------------------------
  var deck = null, pageReady = false;
  var loadedCards = Object.create(null), waiting = Object.create(null);
  // The build's deck script calls this: the documents, their sections and the card keys. It
  // runs after this script (both are deferred, the deck comes second), so the page starts here.
  P.deck = function (data) {
    var first = !deck;
    deck = data;
    if (first && pageReady) setupPractice();
  };
  // Each card script calls this: {question id: [question HTML, answer HTML]}.
  P.cards = function (slug, cards) {
    loadedCards[slug] = cards;
    (waiting[slug] || []).forEach(function (w) { w[0](cards); });
    delete waiting[slug];
  };

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

    // Cards by global number g: their document, section and key (practice-session.js).
    var ix = session.deckIndex(deck);
    var docs = ix.docs, cardDoc = ix.cardDoc, cardSection = ix.cardSection, cardKeys = ix.cardKeys;
    var keyToCard = ix.keyToCard, tags = ix.tags, total = ix.total;
    var records = [];         // records[g]: the card's progress, or undefined when new
    var ids = [];             // ids[g]: the question id, once known

    function loadRecords() {
      var all = readAll();
      records = new Array(total);
      Object.keys(all).forEach(function (id) {
        var g = keyToCard.get(cardKey(id));
        if (g !== undefined) { records[g] = all[id]; ids[g] = id; }
      });
    }
    loadRecords();

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
      var doc = docs[d];
      if (loadedCards[doc.slug]) return Promise.resolve(loadedCards[doc.slug]);
      return new Promise(function (resolve, reject) {
        var first = !waiting[doc.slug];
        (waiting[doc.slug] = waiting[doc.slug] || []).push([resolve, reject]);
        if (!first) return;
        var script = document.createElement("script");
        script.src = base + doc.cards;
        script.async = true;
        script.onerror = function () {
          (waiting[doc.slug] || []).forEach(function (w) { w[1](new Error("could not load " + doc.cards)); });
          delete waiting[doc.slug];
        };
        document.head.appendChild(script);
      });
    }

    // The id of card g, from its document's loaded cards.
    var idsByKey = Object.create(null);
    function idOf(g, cards) {
      var slug = docs[cardDoc[g]].slug;
      if (!idsByKey[slug]) {
        var m = new Map();
        Object.keys(cards).forEach(function (id) { m.set(cardKey(id), id); });
        idsByKey[slug] = m;
      }
      return idsByKey[slug].get(cardKeys[g]);
    }

    // Links in card HTML are relative to the document's page, which is not this page.
    function rebase(container, pageUrl) {
      container.querySelectorAll("a[href], img[src]").forEach(function (node) {
        var attr = node.hasAttribute("href") ? "href" : "src";
        var value = node.getAttribute(attr);
        if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return;
        try { node.setAttribute(attr, new URL(value, pageUrl).href); } catch (e) { /* keep it */ }
      });
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
        var id = idOf(g, cards);
        if (!id || !cards[id]) {
          say("A question of “" + docs[d].title + "” is missing from its cards: rebuild the site.");
          state = session.drop(state, function (x) { return x === g; });
          next(focus);
          return;
        }
        showCard(g, id, cards[id], focus);
        // Load the next card's document while this one is answered.
        if (state.queue.length > 1) loadCards(cardDoc[state.queue[1]]).catch(function () {});
      }).catch(function (e) {
        say("Could not load the questions of “" + docs[d].title + "” (" + e.message + ").");
        state = session.drop(state, function (x) { return cardDoc[x] === d; });
        next(focus);
      });
    }

    function showCard(g, id, html, focus) {
      current = g;
      ids[g] = id;
      var doc = docs[cardDoc[g]];
      var section = doc.sections[cardSection[g]][0];
      var pageUrl = new URL(base + doc.url, window.location.href);
      where.textContent = "";
      var link = document.createElement("a");
      link.href = pageUrl.href.split("#")[0] + "#" + encodeURIComponent(id);
      link.textContent = doc.title + (section ? " · " + section : "");
      where.appendChild(link);
      var state = document.createElement("span");
      state.className = "practice-state";
      var r = records[g];
      state.textContent = !r ? "new" : r.due <= Date.now() ? "due" : "review";
      where.appendChild(document.createTextNode(" "));
      where.appendChild(state);
      // The one place HTML is inserted: the card's question and answer as the build rendered
      // them for the document's own page, from the handbook's markdown, with raw HTML sanitised
      // (scripts, event handlers, frames and javascript: links removed) unless the author set
      // raw_html, and then it is the author's own HTML, which their pages run anyway. Nothing
      // from storage, imported files or the address bar ever reaches innerHTML.
      questionBox.innerHTML = html[0];
      rebase(questionBox, pageUrl);
      answerBox.textContent = "";
      if (html[1]) {
        answerBox.innerHTML = html[1];
        rebase(answerBox, pageUrl);
      } else {
        var none = document.createElement("p");
        none.className = "practice-no-answer";
        none.textContent = "No answer written yet — answer aloud, then write it down.";
        answerBox.appendChild(none);
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

    document.addEventListener("keydown", function (e) {
      if (card.hidden) return;
      var action = session.keyAction(state, {
        key: e.key, tag: e.target.tagName, typing: typingIn(e.target),
        modified: e.ctrlKey || e.metaKey || e.altKey || e.isComposing,
      });
      if (!action) return;
      e.preventDefault();
      if (action.grade) grade(action.grade);
      else if (quiz) quiz.check();
      else reveal();
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
        importResult.textContent = merge(text, file.name);
        importInput.value = "";
      }, function () {
        importResult.textContent = "Could not read " + file.name + ".";
      });
    });

    // Merge an exported file into the stored progress; for each question the more recent
    // review wins. Returns what happened, for the reader.
    function merge(text, name) {
      var result = scheduler.mergeExport(readAll(), text, name, siteKey, function (id) {
        return keyToCard.has(cardKey(id));
      });
      if (result.changed && !writeAll(result.cards)) say(STORAGE_NOTE);
      if (result.cards) {
        loadRecords();
        startSession(false);
      }
      return result.message;
    }

    readUrl();
    docSelect.value = filter.doc >= 0 ? docs[filter.doc].slug : "";
    tagSelect.value = filter.tag;
    fillSections();
    startSession(false);
    // Another tab graded cards: refresh the numbers (the current card stays).
    window.addEventListener("storage", function (e) {
      if (e.key === storeKey) { loadRecords(); showProgress(); }
    });
  }

  onReady(function () {
    setupLearned();
    setupQuizzes();
    setupDocument();
    pageReady = true;
    setupPractice();
  });
})();
