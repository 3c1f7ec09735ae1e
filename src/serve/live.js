// briefing serve: live updates. Added to HTML responses by the dev server only,
// served as /__briefing/live.js inside one closure after the vendored idiomorph
// (vendor/idiomorph.js), whose `Idiomorph` it uses.
//
// On an `update` event that names this page (or names nothing: unknown), the
// page is fetched again and patched in place: the body is morphed with
// idiomorph (scroll position, focus, open <details> and edited form fields
// survive), the head's title and other elements are brought up to date, and
// changed stylesheets are swapped once the new one has loaded (no flash). It
// reloads instead when the page's scripts changed (a patch would leave the old
// code running), when the page is gone, or when the patch fails. Rapid saves:
// each fetch aborts the one before it, and only the latest is applied.
if (!window.__briefingLive) {
  window.__briefingLive = true;
  var SCROLL_KEY = "briefing-serve-scroll";
  var OVERLAY_ID = "__briefing-overlay";
  var OWN_SCRIPT = "/__briefing/live.js";
  var seen = null;          // "instance:build" last heard of
  var errorBuild = -1;      // the build the overlay shows the error of
  var ticket = 0;           // numbers page fetches; only the latest is applied
  var inFlight = null;      // its AbortController
  var scripts = scriptSignature(document);

  function restoreScroll() {
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null"); } catch (e) {}
    try { sessionStorage.removeItem(SCROLL_KEY); } catch (e) {}
    if (saved && saved.path === location.pathname) {
      var go = function () {
        var all = document.querySelectorAll("details");
        (saved.open || []).forEach(function (i) { if (all[i]) all[i].open = true; });
        window.scrollTo(saved.x, saved.y);
      };
      if (document.readyState === "complete") go(); else window.addEventListener("load", go);
    }
  }

  function reload() {
    try {
      var open = [];
      var all = document.querySelectorAll("details");
      for (var i = 0; i < all.length; i++) if (all[i].open) open.push(i);
      sessionStorage.setItem(SCROLL_KEY, JSON.stringify({
        path: location.pathname, x: window.scrollX, y: window.scrollY, open: open
      }));
    } catch (e) {}
    location.reload();
  }

  // The served path of a URL on this server (`/about/index.html` for `/about/`), or null.
  function servedPath(href) {
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    if (url.origin !== location.origin) return null;
    var path;
    try { path = decodeURIComponent(url.pathname); } catch (e) { path = url.pathname; }
    return path.charAt(path.length - 1) === "/" ? path + "index.html" : path;
  }

  function listed(changed, href) {
    if (changed === null) return true;
    var path = servedPath(href);
    return path !== null && changed.indexOf(path) !== -1;
  }

  // The scripts that run: their type, address and text, the live-reload
  // script left out. Data (JSON-LD) is not code and may change freely.
  function scriptSignature(doc) {
    var out = [];
    var all = doc.querySelectorAll("script");
    for (var i = 0; i < all.length; i++) {
      var s = all[i];
      var type = (s.getAttribute("type") || "").trim().toLowerCase();
      if (type && type !== "module" && type !== "importmap" && !/(java|ecma)script/.test(type)) continue;
      var src = s.getAttribute("src") || "";
      if (src === OWN_SCRIPT) continue;
      out.push(type + "\u0001" + src + "\u0001" + (src ? "" : s.textContent));
    }
    return out.join("\u0002");
  }

  function isStylesheet(node) {
    return node.nodeType === 1 && node.tagName === "LINK" && /(^|\s)stylesheet(\s|$)/i.test(node.getAttribute("rel") || "");
  }

  // A stylesheet's address without the cache-busting parameter this script adds.
  function sheetKey(link) {
    return unbust(link.getAttribute("href") || "");
  }

  function unbust(href) {
    return href.replace(/([?&])briefing=\d+(&|$)/, function (m, a, b) { return b ? a : ""; });
  }

  // Loads `fresh` beside `old`, then removes `old`: the page is never unstyled.
  function swapSheet(old, href) {
    var fresh = old.cloneNode(false);
    fresh.setAttribute("href", href);
    var done = false;
    var finish = function () { if (!done) { done = true; old.remove(); } };
    fresh.addEventListener("load", finish);
    fresh.addEventListener("error", finish);
    old.after(fresh);
    setTimeout(finish, 2000);
  }

  function bust(href, build) {
    var url = new URL(href, location.href);
    url.searchParams.set("briefing", String(build || Date.now()));
    return url.origin === location.origin ? url.pathname + url.search + url.hash : url.href;
  }

  // Swaps this page's stylesheets that `changed` lists (all of them when unknown).
  function refreshSheets(changed, build) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var key = sheetKey(links[i]);
      if (servedPath(key) !== null && listed(changed, key)) swapSheet(links[i], bust(key, build));
    }
  }

  function refreshImages(changed, build) {
    if (changed === null) return;
    var images = document.querySelectorAll("img[src]");
    for (var i = 0; i < images.length; i++) {
      var src = unbust(images[i].getAttribute("src"));
      if (listed(changed, src)) images[i].setAttribute("src", bust(src, build));
    }
  }

  // The head: title, meta and other elements from the new page; stylesheets
  // by address (a new or changed one is loaded before the old one goes).
  function patchHead(head, changed, build) {
    var oldSheets = Array.prototype.filter.call(document.head.children, isStylesheet);
    var newSheets = Array.prototype.filter.call(head.children, isStylesheet);
    var oldKeys = oldSheets.map(sheetKey).join("\n");
    var newKeys = newSheets.map(function (l) { return l.getAttribute("href") || ""; }).join("\n");
    if (oldKeys === newKeys) {
      for (var i = 0; i < oldSheets.length; i++) {
        var key = sheetKey(oldSheets[i]);
        if (listed(changed, key)) swapSheet(oldSheets[i], bust(key, build));
      }
    } else {
      // Added, removed or renamed (a fingerprinted address): the new list, in
      // order, where the old one began; the old ones go once all have loaded.
      var anchor = oldSheets.length ? oldSheets[0] : null;
      var pending = newSheets.length;
      var dropOld = function () { oldSheets.forEach(function (l) { l.remove(); }); };
      newSheets.forEach(function (l) {
        var fresh = document.importNode(l, false);
        var one = function () { if (--pending === 0) dropOld(); };
        fresh.addEventListener("load", one);
        fresh.addEventListener("error", one);
        if (anchor) anchor.before(fresh); else document.head.appendChild(fresh);
      });
      if (pending === 0) dropOld();
      setTimeout(dropOld, 2000);
    }
    if (document.title !== head.ownerDocument.title) document.title = head.ownerDocument.title;
    // Everything else but scripts (compared before) and <title>, by its markup.
    var other = function (node) {
      return node.nodeType === 1 && !isStylesheet(node) && node.tagName !== "TITLE" && node.tagName !== "SCRIPT";
    };
    var oldOther = Array.prototype.filter.call(document.head.children, other);
    var newOther = Array.prototype.filter.call(head.children, other);
    var same = oldOther.length === newOther.length && oldOther.every(function (n, i) {
      return n.outerHTML === newOther[i].outerHTML;
    });
    if (!same) {
      for (var j = 0; j < Math.min(oldOther.length, newOther.length); j++) {
        if (oldOther[j].outerHTML !== newOther[j].outerHTML) oldOther[j].replaceWith(document.importNode(newOther[j], true));
      }
      for (var k = newOther.length; k < oldOther.length; k++) oldOther[k].remove();
      for (var m = oldOther.length; m < newOther.length; m++) document.head.appendChild(document.importNode(newOther[m], true));
    }
  }

  // The reader's state wins over the new page's defaults: an open or closed
  // <details>, and a form field the reader changed (its value differs from
  // its default). Elements this script added (the overlay) are kept.
  var morphOptions = {
    morphStyle: "outerHTML",
    restoreFocus: true,
    head: { style: "none" },
    callbacks: {
      beforeNodeRemoved: function (node) {
        return !(node.id && node.id.indexOf("__briefing") === 0);
      },
      beforeAttributeUpdated: function (name, el) {
        var tag = el.tagName;
        if (name === "open" && tag === "DETAILS") return false;
        if (tag === "INPUT") {
          if (name === "value" && el.value !== el.defaultValue) return false;
          if (name === "checked" && el.checked !== el.defaultChecked) return false;
        }
        if (tag === "TEXTAREA" && name === "value" && el.value !== el.defaultValue) return false;
        if (tag === "OPTION" && name === "selected" && el.selected !== el.defaultSelected) return false;
        return true;
      }
    }
  };

  // True when a script file this page loads is among the changed files.
  function loadsChangedScript(changed) {
    if (changed === null) return false;
    var used = document.querySelectorAll("script[src]");
    for (var i = 0; i < used.length; i++) {
      var src = used[i].getAttribute("src");
      if (src !== OWN_SCRIPT && changed.indexOf(servedPath(src)) !== -1) return true;
    }
    return false;
  }

  function patch(html, changed, build) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var signature = scriptSignature(doc);
    if (signature !== scripts || loadsChangedScript(changed)) { reload(); return; }
    var x = window.scrollX, y = window.scrollY;
    var root = document.documentElement, next = doc.documentElement;
    for (var i = 0; i < next.attributes.length; i++) {
      var a = next.attributes[i];
      if (root.getAttribute(a.name) !== a.value) root.setAttribute(a.name, a.value);
    }
    for (var j = root.attributes.length - 1; j >= 0; j--) {
      if (!next.hasAttribute(root.attributes[j].name)) root.removeAttribute(root.attributes[j].name);
    }
    patchHead(doc.head, changed, build);
    Idiomorph.morph(document.body, doc.body, morphOptions);
    if (window.scrollX !== x || window.scrollY !== y) window.scrollTo(x, y);
    scripts = signature;
    refreshImages(changed, build);
  }

  function clearError(build) {
    if (build < errorBuild) return;
    var overlay = document.getElementById(OVERLAY_ID);
    if (overlay) overlay.remove();
  }

  // Fetches this page again and patches it; a newer call aborts this one.
  function refetch(changed, build) {
    var mine = ++ticket;
    if (inFlight) inFlight.abort();
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    inFlight = controller;
    fetch(location.href, { cache: "no-store", signal: controller && controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (mine !== ticket) return;
        inFlight = null;
        timing.fetched = performance.now();
        patch(html, changed, build);
        timing.patched = performance.now();
        clearError(build);
        window.__briefingPatched = (window.__briefingPatched || 0) + 1;
      })
      .catch(function (error) {
        if (mine !== ticket) return; // superseded: the newer fetch decides
        if (error && error.name === "AbortError") return;
        reload();
      });
  }

  // When the last update was heard, fetched and patched (performance.now()),
  // for the browser benchmark (benches/save_to_paint.mjs).
  var timing = window.__briefingTiming = {};

  function onUpdate(data) {
    timing = window.__briefingTiming = { build: data.build, event: performance.now() };
    var changed = Array.isArray(data.changed) ? data.changed : null;
    if (typeof data.html === "string") {
      // The server sent this page's new HTML with the event: no fetch.
      ++ticket;
      if (inFlight) { inFlight.abort(); inFlight = null; }
      timing.fetched = timing.event;
      try {
        patch(data.html, changed, data.build);
      } catch (error) {
        reload();
        return;
      }
      timing.patched = performance.now();
      clearError(data.build);
      window.__briefingPatched = (window.__briefingPatched || 0) + 1;
    } else if (listed(changed, location.href)) {
      refetch(changed, data.build);
    } else {
      // The page is the same; what it uses may not be.
      if (loadsChangedScript(changed)) { reload(); return; }
      refreshSheets(changed, data.build);
      refreshImages(changed, data.build);
      clearError(data.build);
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

  // Also tells tests and the browser benchmark that the stream is up.
  function heard(build) {
    seen = seen && seen.split(":")[0] + ":" + build;
    window.__briefingBuild = build;
  }

  restoreScroll();
  // Naming the page lets the server send its new HTML with an update.
  var source = new EventSource("/__briefing/events?page=" + encodeURIComponent(location.pathname));
  source.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    var id = data.instance + ":" + data.build;
    // A reconnect to a restarted server, or after a missed rebuild.
    if (seen !== null && seen !== id) reload();
    seen = id;
    window.__briefingBuild = data.build;
  });
  source.addEventListener("update", function (e) {
    var data = JSON.parse(e.data);
    heard(data.build);
    onUpdate(data);
  });
  source.addEventListener("css", function (e) {
    var data = JSON.parse(e.data);
    heard(data.build);
    refreshSheets(data.paths, data.build);
    clearError(data.build);
  });
  source.addEventListener("error", function (e) {
    if (!e.data) return; // a connection error, not a build error
    var data = JSON.parse(e.data);
    heard(data.build);
    errorBuild = data.build;
    showError(data.text);
  });
}
