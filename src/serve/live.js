// prepbook serve: live reload and the error overlay. Injected into served pages only (never
// into the built output). Listens to the server's event stream; reloads when the site changed,
// swapping in only the parts of the page that changed (a full reload when the theme changed),
// keeping the scroll position; shows #prepbook-error while a document is broken; EventSource
// reconnects by itself after a server restart.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me.getAttribute("data-base");
  var version = Number(me.getAttribute("data-version"));
  var key = "prepbook-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, Number(saved)); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  function overlay(errors) {
    var box = document.getElementById("prepbook-error");
    if (!errors.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "prepbook-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:99999;max-height:50vh;overflow:auto;" +
        "background:#2b0d0d;color:#ffe3e3;border:2px solid #ff6b6b;border-radius:10px;padding:1rem 1.2rem;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "prepbook: the handbook did not build. The last good version is shown; fix the file and save.";
    box.appendChild(title);
    errors.forEach(function (e) {
      var line = document.createElement("div");
      line.style.marginTop = ".5rem";
      line.textContent = e.file + ":" + e.line + ":" + e.column + ": " + e.message;
      box.appendChild(line);
    });
  }

  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }

  // The theme's stylesheets and scripts a page uses (under assets/, named by a hash of their
  // content): when they change, the theme changed, and only a full reload shows it. A page's
  // own data (its practice cards) changes with every edit and is not the theme.
  function assets(doc) {
    return Array.prototype.map.call(
      doc.querySelectorAll("link[rel=stylesheet], script[src]"),
      function (e) { return e.getAttribute("href") || e.getAttribute("src"); }
    ).filter(function (u) { return u.indexOf("assets/") >= 0; }).join(" ");
  }

  // Replace what differs between the open page's `old` and the new page's `next`, element by
  // element while their children line up, so what did not change keeps its state (an open
  // fold, a revealed answer, the practice mode of other questions). Returns the new nodes.
  function patch(old, next, depth, added) {
    var a = old.children, b = next.children;
    if (a.length !== b.length || depth > 4) {
      var fresh = document.importNode(next, true);
      old.replaceWith(fresh);
      added.push(fresh);
      return;
    }
    for (var i = 0; i < b.length; i++) {
      if (a[i].isEqualNode(b[i])) continue;
      if (a[i].tagName === b[i].tagName && a[i].id === b[i].id) {
        patch(a[i], b[i], depth + 1, added);
      } else {
        var node = document.importNode(b[i], true);
        a[i].replaceWith(node);
        added.push(node);
      }
    }
    // Text directly inside (a heading's words, a paragraph around its code) is compared too;
    // attributes are not, since the page's scripts set some (a revealed answer's state).
    if (textOf(old) !== textOf(next)) {
      if (depth === 0) {
        var all = Array.prototype.map.call(next.childNodes, function (n) { return document.importNode(n, true); });
        old.replaceChildren.apply(old, all);
        added.push.apply(added, all);
      } else {
        var copy = document.importNode(next, true);
        old.replaceWith(copy);
        added.push(copy);
      }
    }
  }

  // An element's text without what the page's scripts added (the Copy buttons).
  function textOf(el) {
    var text = el.textContent;
    Array.prototype.forEach.call(el.querySelectorAll(".copy-button"), function (b) {
      text = text.replace(b.textContent, "");
    });
    return text;
  }

  // Swap in the changed parts of this page, keeping scroll and focus; reload when the page is
  // gone, the theme changed or anything fails.
  function swap(nextVersion) {
    var focused = document.activeElement && document.activeElement.id;
    fetch(location.pathname + location.search, { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("status " + r.status); return r.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        var main = document.getElementById("main"), nextMain = next.getElementById("main");
        if (!main || !nextMain || assets(next) !== assets(document)) throw new Error("reload");
        var added = [];
        patch(main, nextMain, 0, added);
        document.title = next.title;
        version = nextVersion;
        if (focused && document.activeElement !== document.getElementById(focused)) {
          var again = document.getElementById(focused);
          if (again) again.focus({ preventScroll: true });
        }
        document.dispatchEvent(new CustomEvent("prepbook:swapped", { detail: { nodes: added } }));
      })
      .catch(reload);
  }

  var events = new EventSource(base + "__prepbook/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    overlay(state.errors);
    if (state.version !== version) swap(state.version);
  };
})();
