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
  // The preview swaps the changed parts of a page in place (serve's live.js): their code
  // needs its buttons too.
  document.addEventListener("prepbook:swapped", function (e) {
    e.detail.nodes.forEach(function (node) {
      if (node.nodeType === 1) addCopyButtons(node.parentNode || node);
    });
  });
})();
