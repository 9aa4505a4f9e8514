// threadnote: progressive enhancement only. Every link works without this file.
// Hovering or focusing a quote's source link previews the original comment in place.
(function () {
  "use strict";
  var preview = null;
  function hide() { if (preview) { preview.remove(); preview = null; } }
  function targetOf(link) {
    var url = new URL(link.href, location.href);
    if (url.pathname !== location.pathname || !url.hash) return null;
    var node = document.getElementById(decodeURIComponent(url.hash.slice(1)));
    return node ? (node.closest("article") || node) : null;
  }
  function show(event) {
    var link = event.currentTarget, article = targetOf(link);
    hide();
    if (!article) return;
    var body = article.querySelector(".comment-body, .removed");
    if (!body) return;
    preview = document.createElement("div");
    preview.className = "quote-preview";
    preview.setAttribute("role", "tooltip");
    preview.id = "quote-preview";
    var head = article.querySelector(".comment-head .permalink");
    preview.textContent = (head ? head.textContent + ": " : "") + body.textContent.trim().slice(0, 400);
    document.body.appendChild(preview);
    var box = link.getBoundingClientRect();
    preview.style.left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - preview.offsetWidth - 8)) + "px";
    preview.style.top = (window.scrollY + box.bottom + 6) + "px";
    link.setAttribute("aria-describedby", "quote-preview");
  }
  function bind(link) {
    link.addEventListener("mouseenter", show);
    link.addEventListener("focus", show);
    link.addEventListener("mouseleave", hide);
    link.addEventListener("blur", hide);
  }
  document.querySelectorAll("a.quote-source, .quoted-by a, .replies-to a").forEach(bind);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
})();
