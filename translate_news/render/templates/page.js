"use strict";
// Pointing at a sentence (hover, keyboard focus, tap) lights it and its counterpart on the other
// side; a summary sentence lights the article sentences that support it.
(function () {
  var groups = {}, lit = [], current = null;
  document.querySelectorAll("[data-s]").forEach(function (el) {
    (groups[el.dataset.s] = groups[el.dataset.s] || []).push(el);
  });
  function clear() {
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = []; current = null;
  }
  function light(el) {
    var ids = el.dataset.s ? [el.dataset.s] : (el.dataset.support || "").split(" ");
    clear(); current = el;
    if (!el.dataset.s) { el.classList.add("hl"); lit.push(el); }
    ids.forEach(function (id) {
      (groups[id] || []).forEach(function (t) { t.classList.add("hl"); lit.push(t); });
    });
  }
  function show(ev) {
    var el = ev.target.closest && ev.target.closest("[data-s], [data-support]");
    if (el && el !== current) { light(el); }
  }
  function hide(ev) {
    if (current && !(ev.relatedTarget && current.contains(ev.relatedTarget))) {
      var focused = document.activeElement;
      clear();
      if (ev.type === "mouseout" && focused && focused.closest && focused.closest("[data-s], [data-support]")) {
        light(focused.closest("[data-s], [data-support]"));
      }
    }
  }
  document.addEventListener("mouseover", show);
  document.addEventListener("focusin", show);
  document.addEventListener("mouseout", hide);
  document.addEventListener("focusout", hide);
})();
