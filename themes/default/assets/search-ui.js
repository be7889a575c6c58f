// prepbook search, the page's side: loads the index `prepbook build` writes under search/ and
// wires the header's search box to the core in search.js (window.prepbook.search).
// The index is data in small scripts (they call prepbookSearch.load), loaded on demand by
// <script> tags, so search works over HTTP and from file:// alike and never leaves the site.
// The box is an ARIA 1.2 combobox: the input keeps the focus, the arrow keys move the active
// option of the listbox (aria-activedescendant), Enter opens it, Escape closes the list; an
// option holds only text, and the count of results is said politely. Results are built with
// DOM text nodes, never innerHTML of index data.
(function () {
  "use strict";
  var core = window.prepbook && window.prepbook.search;
  var S = (window.prepbookSearch = window.prepbookSearch || {});
  if (!core) return;

  // ---- loading -------------------------------------------------------------------------------
  var loaded = {}, waiting = {}, root = "", engine = null;
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

  S.tokenize = core.terms;
  S.stem = core.stem;
  S.init = function (siteRoot, indexPath) {
    root = siteRoot;
    return fetchData("index", indexPath).then(function (m) {
      engine = core.engine(m, fetchData);
      return m;
    });
  };
  S.search = function (query, filters) { return engine.search(query, filters); };

  // ---- results UI ----------------------------------------------------------------------------
  // Results shown at a time: each may need its own fragment file, so the first page stays short.
  var PAGE = 8;

  // Append text to parent, marking the parts that match a query token.
  function appendMarked(parent, text, tokens) {
    var at = 0;
    core.markRanges(text, tokens).forEach(function (range) {
      parent.appendChild(document.createTextNode(text.slice(at, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      parent.appendChild(mark);
      at = range[1];
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  function span(className, parent) {
    var el = document.createElement("span");
    el.className = className;
    parent.appendChild(el);
    return el;
  }

  function setup() {
    var el = function (id) { return document.getElementById(id); };
    var input = el("search"), list = el("search-results"), panel = el("search-panel");
    var status = el("search-status"), live = el("search-live"), more = el("search-more");
    var docSelect = el("search-doc"), sectionSelect = el("search-section"), stateSelect = el("search-state");
    if (!input || !list) return;
    var ready = null, latest = 0, current = null, shown = 0, active = -1, meta = null, listed = null;

    function init() {
      if (!ready) ready = S.init(input.dataset.root || "", input.dataset.index);
      return ready;
    }

    // The filters' lists of documents and sections are not in the manifest (they grow with the
    // handbook): they load once the first results are shown, so those never wait for them.
    function listFilters() {
      if (!listed) {
        listed = engine.meta().then(function (m) {
          meta = m;
          m.pages.forEach(function (title, i) {
            var o = document.createElement("option");
            o.value = String(i);
            o.textContent = title;
            docSelect.appendChild(o);
          });
        }, function () { listed = null; });
      }
      return listed;
    }

    function filters() {
      return { doc: docSelect.value, section: sectionSelect.value, state: stateSelect.value };
    }

    function open(on) {
      panel.hidden = !on;
      input.setAttribute("aria-expanded", on ? "true" : "false");
      if (!on) setActive(-1);
    }

    function options() { return list.querySelectorAll("[role=option]"); }

    // Make option n active (-1: none); the input keeps the focus and names the option.
    function setActive(n) {
      var items = options();
      active = items.length && n >= 0 ? n % items.length : -1;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      if (active < 0) { input.removeAttribute("aria-activedescendant"); return; }
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function go(option) {
      if (!option) return;
      open(false);
      window.location.href = option.getAttribute("data-href");
    }

    function say(text) {
      status.textContent = text;
      // The live region is outside the panel, so it is always there to be heard; it is set
      // once the results are in, not on every key.
      if (live) live.textContent = text;
    }

    function render(result, from) {
      var page = result.results.slice(from, from + PAGE);
      return Promise.all(page.map(engine.row)).then(function (rows) {
        if (result !== current) return;
        rows.forEach(function (row, i) {
          var option = document.createElement("li");
          option.id = "search-result-" + (from + i);
          option.setAttribute("role", "option");
          option.setAttribute("aria-selected", "false");
          option.setAttribute("data-href", root + row.url);
          var title = span("search-title", option);
          appendMarked(title, row.title, result.tokens);
          if (row.unanswered) span("search-badge", title).textContent = "unanswered";
          span("search-where", option).textContent = row.where;
          if (row.text) appendMarked(span("search-snippet", option), core.snippetText(row.text, result.tokens), result.tokens);
          list.appendChild(option);
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
        say("");
        more.hidden = true;
        open(false);
        return;
      }
      open(true);
      init().then(function () { return S.search(query, filters()); }).then(function (result) {
        if (id !== latest) return;
        current = result;
        list.textContent = "";
        setActive(-1);
        say(core.countText(result.total, query));
        if (!result.total) { more.hidden = true; return listFilters(); }
        return render(result, 0).then(listFilters);
      }).catch(function (e) {
        say("Search is unavailable: " + e.message);
      });
    }

    var timer = null;
    // A short pause after each key: fast typing searches once, not once per letter.
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 90); });
    input.addEventListener("focus", function () { init(); if (input.value.trim().length >= 2 && list.firstChild) open(true); });
    input.addEventListener("keydown", function (e) {
      var count = options().length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (panel.hidden && input.value.trim().length >= 2) { open(true); if (!count) run(); }
        if (!count) return;
        var down = e.key === "ArrowDown";
        setActive(active < 0 ? (down ? 0 : count - 1) : (active + (down ? 1 : count - 1)) % count);
      } else if (e.key === "Home" || e.key === "End") {
        // In the text, Home and End move the caret; they move in the list only once it is in use.
        if (active < 0 || !count) return;
        e.preventDefault();
        setActive(e.key === "Home" ? 0 : count - 1);
      } else if (e.key === "Enter") {
        var items = options();
        if (!items.length || panel.hidden) return;
        e.preventDefault();
        go(items[active >= 0 ? active : 0]);
      } else if (e.key === "Escape") {
        // The first Escape closes the list; the second clears the box. The focus stays.
        if (!panel.hidden) open(false);
        else if (input.value) { input.value = ""; run(); }
      }
    });
    // A click (or tap) on an option opens it; mousedown would move the focus off the input.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) { go(e.target.closest && e.target.closest("[role=option]")); });
    more.addEventListener("click", function () {
      if (!current) return;
      var first = shown;
      render(current, shown).then(function () { input.focus(); setActive(first); });
    });
    docSelect.addEventListener("change", function () {
      sectionSelect.textContent = "";
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All sections";
      sectionSelect.appendChild(all);
      if (docSelect.value !== "" && meta) {
        meta.sections.forEach(function (s, i) {
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
    // Leaving the search (a click elsewhere, or Tab past its last control) closes the list.
    document.addEventListener("click", function (e) {
      if (!e.target.closest || !e.target.closest(".search")) open(false);
    });
    document.addEventListener("focusin", function (e) {
      if (!e.target.closest || !e.target.closest(".search")) open(false);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
