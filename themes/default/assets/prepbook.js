// prepbook default theme: the light/dark toggle and copy buttons on code blocks.
// Plain script, no dependencies, no network: the site works from disk.
(function () {
  "use strict";
  var root = document.documentElement;
  var me = document.currentScript;

  // Diagrams: mermaid (served from the site itself, never off-site) is loaded only on a page
  // that has one; without JavaScript the diagram's source shows. So it does in a practice card,
  // which shows one answer of the page in a frame (`?card`, practice-ui.js), as it does over HTTP.
  var diagrams = document.querySelectorAll("pre.mermaid");
  var card = /^\?card(&|$)/.test(window.location.search) && window.parent !== window;
  if (diagrams.length && me && me.getAttribute("data-mermaid") && !card) {
    var loader = document.createElement("script");
    loader.src = me.getAttribute("data-mermaid");
    loader.onload = function () {
      var dark = (root.dataset.theme || (systemDark() ? "dark" : "light")) === "dark";
      // "strict": labels are text, clicks run nothing; notes are untrusted input.
      window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
      window.mermaid.run({ nodes: Array.prototype.slice.call(diagrams) });
    };
    document.head.appendChild(loader);
  }

  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  var toggle = document.getElementById("theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var current = root.dataset.theme || (systemDark() ? "dark" : "light");
      var next = current === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem("prepbook-theme", next); } catch (e) { /* private mode */ }
    });
  }

  // On a narrow screen the contents would fill the first screen: start them folded.
  var toc = document.querySelector(".toc details");
  if (toc && window.matchMedia && window.matchMedia("(max-width: 64rem)").matches) toc.open = false;

  function copy(text, button) {
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }

  // file:// pages are no secure context, so the clipboard API is missing there.
  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing to do */ }
    document.body.removeChild(area);
  }

  function addCopyButtons(scope) {
    scope.querySelectorAll("pre.code").forEach(function (pre) {
      if (pre.querySelector(".copy-button")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code to clipboard");
      button.addEventListener("click", function () {
        var code = pre.querySelector("code");
        copy(code ? code.textContent : pre.textContent, button);
      });
      pre.appendChild(button);
    });
  }
  addCopyButtons(document);

  // Permalinks: every heading of a document's page that has an anchor gets a "#" link to it,
  // as GitHub shows them. Made here rather than in the HTML, where they were an eighth of a
  // page's bytes. A question links to its stable id, a section to GitHub's anchor for its
  // title (else its id), a part or a written heading to its own id.
  function anchorOf(h) {
    if (h.classList.contains("question-title")) return h.parentNode.id;
    if (h.classList.contains("section-title")) {
      var alias = h.parentNode.querySelector(":scope > .anchor-alias");
      return alias ? alias.id : h.parentNode.id;
    }
    if (h.id) return h.id;
    var inner = h.querySelector(":scope > span[id]");
    return inner ? inner.id : "";
  }
  function addPermalinks(scope) {
    // Only a document's own headings: the home, tag and practice pages are no place to link into.
    scope.querySelectorAll("article.doc :is(h1, h2, h3, h4, h5, h6)").forEach(function (h) {
      if (h.querySelector(":scope > .permalink") || h.closest(".visually-hidden")) return;
      var id = anchorOf(h);
      if (!id) return;
      var a = document.createElement("a");
      a.className = "permalink";
      a.href = "#" + id;
      a.setAttribute("aria-label", h.classList.contains("question-title") ? "Link to this question" : "Link to this heading");
      a.textContent = "#";
      h.appendChild(document.createTextNode(" "));
      h.appendChild(a);
    });
  }
  // A practice card's frame shows an answer, not a page to link into.
  if (!card) addPermalinks(document);

  // The Documents menu is a <details>: Escape closes it (focus back on its button), and so
  // does a click outside it, as a menu does.
  var menu = document.querySelector("details.site-nav");
  if (menu) {
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
        e.stopPropagation();
      }
    });
    document.addEventListener("click", function (e) {
      if (menu.open && !menu.contains(e.target)) menu.open = false;
    });
  }
  // The preview swaps the changed parts of a page in place (serve's live.js): their code
  // needs its buttons too.
  document.addEventListener("prepbook:swapped", function (e) {
    e.detail.nodes.forEach(function (node) {
      if (node.nodeType === 1) {
        addCopyButtons(node.parentNode || node);
        if (!card) addPermalinks(node.parentNode || document);
      }
    });
  });
})();
