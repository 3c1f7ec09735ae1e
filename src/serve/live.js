// briefing serve: live reload. Added to HTML responses by the dev server only.
(function () {
  "use strict";
  if (window.__briefingLive) return;
  window.__briefingLive = true;
  var SCROLL_KEY = "briefing-serve-scroll";
  var OVERLAY_ID = "__briefing-overlay";
  var seen = null;

  function restoreScroll() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null"); } catch (e) {}
    sessionStorage.removeItem(SCROLL_KEY);
    if (saved && saved.path === location.pathname) {
      var go = function () { window.scrollTo(saved.x, saved.y); };
      if (document.readyState === "complete") go(); else window.addEventListener("load", go);
    }
  }

  function reload() {
    try {
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({
        path: location.pathname, x: window.scrollX, y: window.scrollY
      }));
    } catch (e) {}
    location.reload();
  }

  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin === location.origin && paths.indexOf(url.pathname) !== -1) {
        url.searchParams.set("briefing", String(Date.now()));
        links[i].href = url.pathname + url.search;
      }
    }
  }

  function showError(text) {
    var overlay = document.getElementById(OVERLAY_ID);
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = OVERLAY_ID;
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.92);color:#f8f8f2;padding:2rem;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("h2");
      title.textContent = "Build failed: the page shows the last good build";
      title.style.cssText = "margin:0 0 1rem;font:bold 18px/1.3 system-ui,sans-serif;color:#ff8080";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.style.cssText = "position:absolute;top:1rem;right:1rem";
      close.onclick = function () { overlay.remove(); };
      overlay.appendChild(close);
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }

  restoreScroll();
  var source = new EventSource("/__briefing/events");
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    var id = data.instance + ":" + data.build;
    // A reconnect to a restarted server, or after a missed rebuild.
    if (seen !== null && seen !== id) reload();
    seen = id;
  });
  source.addEventListener("reload", function (e) {
    seen = null;
    reload();
  });
  source.addEventListener("css", function (e) {
    var data = JSON.parse(e.data);
    seen = seen && seen.split(":")[0] + ":" + data.build;
    swapStylesheets(data.paths);
  });
  source.addEventListener("error", function (e) {
    if (!e.data) return; // a connection error, not a build error
    var data = JSON.parse(e.data);
    seen = seen && seen.split(":")[0] + ":" + data.build;
    showError(data.text);
  });
})();
