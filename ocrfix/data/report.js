/* ocrfix report: navigation, filters, tooltips and views.  Inlined into each page.
   Every handler is delegated (one listener per kind of event, whatever the
   number of changes), so a document with tens of thousands of changes stays usable. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var stages = data.stages, reasons = data.reasons, changes = data.changes, n = changes.length;
  var $ = function (id) { return document.getElementById(id); };
  var orig = $("orig"), clean = $("clean"), inl = $("inl"), side = $("side"), inlMain = $("inline");
  var map = $("map"), tip = $("tip"), pos = $("pos"), shownEl = $("shown"), syncBox = $("sync"), viewBtn = $("view");
  var panes = { orig: index(orig), clean: index(clean), inl: null };
  var enabled = stages.map(function () { return true; });
  var shown = changes.map(function () { return true; });
  var cur = -1, inline = false, raf = 0, centring = 0, tipFor = null, hovered = null, tabbed = null;

  function index(pane) {
    var arr = new Array(n), list = pane.querySelectorAll(".ch");
    for (var k = 0; k < list.length; k++) { arr[k] = list[k]; list[k]._i = k; }  /* in text order */
    return arr;
  }
  function each(i, fn) {
    ["orig", "clean", "inl"].forEach(function (p) { var a = panes[p]; if (a && a[i]) fn(a[i]); });
  }
  function main(i) { return inline ? panes.inl[i] : panes.clean[i]; }

  /* --- filter by stage ------------------------------------------------ */
  function applyFilter() {
    var count = 0;
    for (var i = 0; i < n; i++) {
      var st = changes[i][0], on = false;
      for (var k = 0; k < st.length; k++) if (enabled[st[k]]) { on = true; break; }
      if (on !== shown[i]) {
        shown[i] = on;
        each(i, function (el) { el.classList.toggle("off", !on); });
      }
      if (on) count++;
    }
    shownEl.textContent = count === n ? "" : "showing " + count + " of " + n + " changes";
    drawMap();
    if (cur >= 0 && !shown[cur]) select(-1);
    updatePos();
  }
  function legendChanged(e) {
    var box = e.target;
    if (box.hasAttribute("data-stage")) {
      enabled[+box.getAttribute("data-stage")] = box.checked;
    } else if (box.hasAttribute("data-group-toggle")) {
      box.closest(".group").querySelectorAll("[data-stage]").forEach(function (b) {
        b.checked = box.checked; enabled[+b.getAttribute("data-stage")] = box.checked;
      });
    } else return;
    document.querySelectorAll("#legend .group").forEach(function (g) {
      var boxes = g.querySelectorAll("[data-stage]"), on = 0;
      boxes.forEach(function (b) { b.closest(".stage").classList.toggle("off", !b.checked); if (b.checked) on++; });
      var gb = g.querySelector("[data-group-toggle]");
      gb.checked = on > 0; gb.indeterminate = on > 0 && on < boxes.length;
    });
    applyFilter();
  }

  /* --- the map: where the shown changes are, by line of the original ---- */
  function drawMap() {
    var ratio = window.devicePixelRatio || 1, w = map.clientWidth, h = map.clientHeight;
    if (!w || !h) return;
    map.width = Math.round(w * ratio);
    map.height = Math.round(h * ratio);
    var g = map.getContext("2d"), lines = Math.max(1, data.lines), tick = Math.max(2, ratio * 2);
    for (var i = 0; i < n; i++) {
      if (!shown[i]) continue;
      var st = changes[i][0], k = 0;
      while (k < st.length - 1 && !enabled[st[k]]) k++;
      g.fillStyle = stages[st[k]].colour;
      g.fillRect(ratio * 3, (changes[i][1] - 1) / lines * map.height, map.width - ratio * 6, tick);
    }
    if (cur >= 0) {
      g.fillStyle = "#000";
      g.fillRect(0, (changes[cur][1] - 1) / lines * map.height - ratio, map.width, ratio * 3);
    }
  }
  function mapClick(e) {  /* the shown change nearest the line clicked */
    var r = map.getBoundingClientRect(), line = 1 + (e.clientY - r.top) / r.height * data.lines;
    var best = -1, dist = Infinity;
    for (var i = 0; i < n; i++) {
      if (!shown[i]) continue;
      var d = Math.abs(changes[i][1] - line);
      if (d < dist) { best = i; dist = d; }
    }
    if (best >= 0) select(best, "all");
  }

  /* --- the current change ---------------------------------------------- */
  function updatePos() {
    pos.textContent = cur >= 0 ? "change " + (cur + 1) + " of " + n : n + (n === 1 ? " change" : " changes");
  }
  function setScroll(pane, top) { pane.scrollTop = top; pane._expect = pane.scrollTop; }
  function top(pane, el) {  /* el's offset in the scrolled content of pane */
    var r = el.getClientRects()[0] || el.getBoundingClientRect();
    return r.top - pane.getBoundingClientRect().top + pane.scrollTop;
  }
  function centre(pane, el) { if (el) setScroll(pane, top(pane, el) - pane.clientHeight / 3); }
  /* Blocks out of view are laid out with an estimated height (content-visibility):
     when the ones scrolled into view take their real size the change moves, so
     centre it again over the next frames until it stays put. */
  function keepCentred(i, pairs, frames) {
    var token = ++centring;
    document.body.setAttribute("data-centring", "1");
    (function frame(left, stable) {  /* until stable for 2 frames, at most `frames` */
      requestAnimationFrame(function () {
        if (cur !== i || token !== centring) return done(token);
        var moved = false;
        pairs.forEach(function (pe) {
          var want = pe[0].clientHeight / 3, at = top(pe[0], pe[1]) - pe[0].scrollTop;
          if (Math.abs(at - want) > 4) { centre(pe[0], pe[1]); moved = true; }
        });
        if (moved && tipFor === main(i)) placeTip();
        stable = moved ? 0 : stable + 1;
        if (left > 1 && stable < 2) frame(left - 1, stable); else done(token);
      });
    })(frames, 0);
  }
  function done(token) { if (token === centring) document.body.removeAttribute("data-centring"); }
  function stopCentring() { centring++; document.body.removeAttribute("data-centring"); }
  function select(i, scroll) {
    if (cur >= 0) each(cur, function (el) { el.classList.remove("cur"); });
    cur = i;
    updatePos();
    drawMap();
    if (i < 0) { hideTip(); firstTab(); return; }
    each(i, function (el) { el.classList.add("cur"); });
    var pairs = [];
    if (scroll === "all" || scroll === "orig") pairs.push([inline ? inl : clean, main(i)]);
    if (!inline && (scroll === "all" || scroll === "clean")) pairs.push([orig, panes.orig[i]]);
    pairs.forEach(function (pe) { centre(pe[0], pe[1]); });
    if (pairs.length) keepCentred(i, pairs, 8);
    var el = main(i);
    setTab(el);
    el.focus({ preventScroll: true });
    showTip(el);
    if (history.replaceState) history.replaceState(null, "", "#change-" + (i + 1));
  }
  function go(step) {
    var i = cur;
    for (var t = 0; t < n; t++) {
      i += step;
      if (i >= n) i = 0;
      if (i < 0) i = n - 1;
      if (shown[i]) { select(i, "all"); return; }
    }
  }
  function setTab(el) {  /* one change at a time is in the tab order: the current one */
    if (tabbed) tabbed.removeAttribute("tabindex");
    tabbed = el;
    if (el) el.tabIndex = 0;
  }
  function firstTab() {
    for (var i = 0; i < n; i++) if (shown[i]) { setTab(main(i)); return; }
    setTab(null);
  }

  /* --- tooltip ------------------------------------------------------------ */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  var C0 = ("NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK " +
            "SYN ETB CAN EM SUB ESC FS GS RS US").split(" ");
  function visible(s) {  /* before/after as text, with invisible characters named */
    if (!s) return null;
    var blank = !s.trim();
    if (blank) s = s.replace(/ /g, "\u2423");
    return s.replace(/\n/g, blank ? "\u23ce" : "\u23ce\n").replace(/\t/g, "\u21e5").replace(/\u00a0/g, "\u237d")
      .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, function (c) {
        var k = c.charCodeAt(0);
        return "\u27e8" + (k < 32 ? C0[k] : k === 127 ? "DEL" : "U+00" + k.toString(16).toUpperCase()) + "\u27e9";
      });
  }
  function side_(tag, s) {
    var v = visible(s);
    return v === null ? el("span", "empty", "(nothing)") : el(tag, null, v);
  }
  function showTip(target) {
    var i = target._i, c = changes[i];
    tip.textContent = "";
    tip.appendChild(el("div", "where", "change " + (i + 1) + " of " + n + " · line " + c[1] +
      " of the original, line " + c[2] + " of the cleaned text"));
    c[3].forEach(function (e) {
      var box = el("div", "edit st" + e[0] + (enabled[e[0]] ? "" : " off"));
      var head = el("div");
      head.appendChild(el("span", "stage", stages[e[0]].name));
      if (e[4] < 1) head.appendChild(el("span", "conf", " · confidence " + Math.round(e[4] * 100) + "%"));
      box.appendChild(head);
      if (reasons[e[3]]) box.appendChild(el("div", "reason", reasons[e[3]]));
      var ba = el("div", "ba");  /* null: the edit is the whole change, as the page shows it */
      ba.appendChild(side_("del", e[1] === null ? panes.orig[i].textContent : e[1]));
      ba.appendChild(document.createTextNode(" \u2192 "));
      ba.appendChild(side_("ins", e[2] === null ? panes.clean[i].textContent : e[2]));
      box.appendChild(ba);
      tip.appendChild(box);
    });
    tipFor = target;
    placeTip();
  }
  function placeTip() {  /* below the change (above if no room); hidden when it is out of view */
    var r = tipFor.getClientRects()[0] || tipFor.getBoundingClientRect();
    var p = tipFor.closest(".pane").getBoundingClientRect();
    if (r.bottom < p.top || r.top > p.bottom) { tip.hidden = true; return; }
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var top = r.bottom + 6;
    if (top + h > innerHeight - 4) top = Math.max(4, r.top - h - 6);
    tip.style.top = top + "px";
    tip.style.left = Math.max(4, Math.min(r.left, innerWidth - w - 8)) + "px";
  }
  function hideTip() { tip.hidden = true; tipFor = null; }
  function changeOf(node) {
    var c = node && node.closest ? node.closest(".ch") : null;
    return c && !c.classList.contains("off") ? c : null;
  }

  /* --- views and synchronised scrolling ------------------------------------- */
  function buildInline() {
    var frag = document.createDocumentFragment();
    clean.childNodes.forEach(function (node) { frag.appendChild(node.cloneNode(true)); });
    var k = 0;
    frag.querySelectorAll(".ch").forEach(function (ch) {
      var o = panes.orig[k++];
      var after = ch.classList.contains("k-del") ? null : Array.prototype.slice.call(ch.childNodes);
      ch.textContent = "";
      if (!o.classList.contains("k-ins")) {
        var del = el("del");
        o.childNodes.forEach(function (node) { del.appendChild(node.cloneNode(true)); });
        /* the lines are the cleaned text's: a removed line break shows as its mark only */
        var walk = document.createTreeWalker(del, NodeFilter.SHOW_TEXT), t;
        while ((t = walk.nextNode())) t.data = t.data.replace(/\n/g, "");
        ch.appendChild(del);
      }
      if (after) {
        var ins = el("ins");
        after.forEach(function (node) { ins.appendChild(node); });
        ch.appendChild(ins);
      }
    });
    frag.querySelectorAll("[tabindex]").forEach(function (e) { e.removeAttribute("tabindex"); });
    inl.appendChild(frag);
    panes.inl = index(inl);
  }
  function setView(toInline) {
    inline = toInline;
    if (inline && !panes.inl) buildInline();
    side.hidden = inline;
    inlMain.hidden = !inline;
    document.body.classList.toggle("view-inline", inline);
    document.body.classList.toggle("view-side", !inline);
    viewBtn.textContent = inline ? "Side by side view" : "Inline view";
    viewBtn.setAttribute("aria-pressed", String(inline));
    if (cur >= 0) select(cur, "all"); else { hideTip(); firstTab(); }
  }
  function getAnchors() {  /* block k of one column is block k of the other */
    var a = [], b = [], ob = orig.children, cb = clean.children;
    for (var k = 0; k < ob.length && k < cb.length; k++) { a.push(ob[k].offsetTop); b.push(cb[k].offsetTop); }
    a.push(orig.scrollHeight); b.push(clean.scrollHeight);
    return { orig: a, clean: b };
  }
  function mapY(y, from, to) {
    var lo = 0, hi = from.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (from[mid] <= y) lo = mid; else hi = mid - 1; }
    var k = Math.min(lo, from.length - 2), f0 = from[k], f1 = from[k + 1];
    var r = f1 > f0 ? Math.min(1, (y - f0) / (f1 - f0)) : 0;
    return to[k] + r * (to[k + 1] - to[k]);
  }
  function onScroll(e) {
    var src = e.target;
    if (src._expect !== undefined && Math.abs(src.scrollTop - src._expect) < 2) { src._expect = undefined; return; }
    src._expect = undefined;
    if (tipFor) placeTip();
    if (inline || !syncBox.checked || raf) return;
    raf = requestAnimationFrame(function () {
      raf = 0;
      var other = src === orig ? clean : orig, A = getAnchors();
      var y = src.scrollTop + src.clientHeight / 3;
      setScroll(other, mapY(y, A[src.id], A[other.id]) - other.clientHeight / 3);
    });
  }

  /* --- events (all delegated) ------------------------------------------------ */
  $("next").addEventListener("click", function () { go(1); });
  $("prev").addEventListener("click", function () { go(-1); });
  viewBtn.addEventListener("click", function () { setView(!inline); });
  $("legend").addEventListener("change", legendChanged);
  [orig, clean, inl].forEach(function (p) {
    p.addEventListener("scroll", onScroll, { passive: true });
    ["wheel", "touchstart", "mousedown"].forEach(function (t) {
      p.addEventListener(t, stopCentring, { passive: true });
    });
  });
  addEventListener("resize", function () { hideTip(); drawMap(); });
  map.addEventListener("click", mapClick);
  document.addEventListener("click", function (e) {
    var c = changeOf(e.target);
    if (c) select(c._i, c.closest(".pane").id);
  });
  document.addEventListener("mouseover", function (e) {
    var c = changeOf(e.target);
    if (c && c !== hovered) { hovered = c; showTip(c); }
  });
  document.addEventListener("mouseout", function (e) {
    var c = changeOf(e.target);
    if (!c || c.contains(e.relatedTarget)) return;
    hovered = null;
    var f = changeOf(document.activeElement);
    if (f) showTip(f); else hideTip();
  });
  document.addEventListener("focusin", function (e) { var c = changeOf(e.target); if (c) showTip(c); });
  document.addEventListener("focusout", function (e) { if (changeOf(e.target) && !hovered) hideTip(); });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target.tagName;
    if (t === "INPUT" && e.target.type !== "checkbox" || t === "TEXTAREA" || t === "SELECT") return;
    var k = e.key;
    if (k === "n" || k === "j") go(1);
    else if (k === "p" || k === "k") go(-1);
    else if (k === "v") setView(!inline);
    else if (k === "Escape") hideTip();
    else return;
    e.preventDefault();
  });

  updatePos();
  drawMap();
  firstTab();
  var m = /^#change-(\d+)$/.exec(location.hash);
  if (m && +m[1] >= 1 && +m[1] <= n) select(+m[1] - 1, "all");
  document.documentElement.setAttribute("data-ready", "1");
})();
