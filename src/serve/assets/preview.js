// wengao preview: loaded first in a document's <head> (the page itself is the
// template's). Keeps the scroll position over a reload; outside the editor opens
// the event stream — from <head>, before the page asks for its fonts, so a
// browser's few connections to the server are not all taken when it does — and
// reloads when the site's generation (the script tag's data-generation) changes;
// wires the toolbar's 打印. Inside the editor (data-embedded) it opens no stream
// of its own (the editor reloads it: one stream a tab) and scales the A4 sheet
// to the frame's width.
"use strict";
(function () {
  const script = document.currentScript.dataset;
  const d = document.documentElement.dataset;
  const k = "wengao-scroll:" + location.pathname;
  const y = sessionStorage.getItem(k);
  if (y) addEventListener("load", () => scrollTo(0, +y));
  addEventListener("pagehide", () => sessionStorage.setItem(k, scrollY));
  if (script.embedded !== undefined) {
    const fit = () => {
      const s = document.querySelector(".sheet");
      if (!s) return;
      const root = document.documentElement;
      root.style.zoom = "";
      root.style.zoom = Math.min(1, (innerWidth - 24) / s.offsetWidth);
    };
    addEventListener("DOMContentLoaded", fit);
    addEventListener("resize", fit);
    return;
  }
  const s = new EventSource("/__events");
  d.wengaoEvents = "";
  s.onopen = () => { d.wengaoEvents += "open "; };
  s.addEventListener("reload", (e) => {
    d.wengaoEvents += e.data + " ";
    if (e.data !== script.generation) location.reload();
  });
  addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("wengao-print");
    if (button) button.addEventListener("click", () => print());
  });
})();
