// prepbook serve: live reload and the error overlay. Injected into served pages only (never
// into the built output). Listens to the server's event stream; reloads when the site changed,
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

  var events = new EventSource(base + "__prepbook/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    overlay(state.errors);
    if (state.version !== version) {
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    }
  };
})();
