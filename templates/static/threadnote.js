// threadnote: progressive enhancement only. Every link works without this file.
// Quote previews: hovering or focusing a link to a comment shows that comment in place;
// a comment on another page is fetched once (cached per page) and cut out of it.
(function () {
  "use strict";
  var LINKS = "a.quote-source, .quoted-by a, .replies-to a, a.mention, .in-reply-to a, .reply-links a";
  var HIDE_DELAY = 200; // ms: lets the pointer travel from the link onto the preview (WCAG 1.4.13)
  var MAX_BLOCKS = 3;
  var pages = Object.create(null); // page URL without hash -> Promise<Document|null>
  var preview = null, owner = null, hideTimer = 0, token = 0;

  function pageKey(url) { return url.origin + url.pathname; }
  function samePage(url) { return pageKey(url) === location.origin + location.pathname; }

  function load(url) {
    if (samePage(url)) return Promise.resolve(document);
    // Browsers refuse fetch() on file://: previews of other pages need the site served over http.
    if (location.protocol === "file:") return Promise.resolve(null);
    var key = pageKey(url);
    if (!pages[key]) {
      pages[key] = fetch(key, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.text(); })
        .then(function (html) { return new DOMParser().parseFromString(html, "text/html"); })
        .catch(function () { delete pages[key]; return null; });
    }
    return pages[key];
  }

  function blockOf(node, body) {
    while (node && node.parentElement !== body) node = node.parentElement;
    return node;
  }

  // A copy that is safe to show next to the link: no ids (no duplicates), no links, no note markers.
  function cleanCopy(block, hitId) {
    var copy = document.importNode(block, true);
    copy.querySelectorAll(".note-ref").forEach(function (el) { el.remove(); });
    copy.querySelectorAll("a").forEach(function (a) {
      var span = document.createElement("span");
      span.textContent = a.textContent;
      if (a.classList.contains("quote-source")) span.className = "preview-source";
      a.replaceWith(span);
    });
    if (hitId) {
      var hit = copy.id === hitId ? copy : copy.querySelector('[id="' + hitId.replace(/"/g, "") + '"]');
      if (hit) hit.classList.add("preview-hit");
    }
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    copy.removeAttribute("id");
    return copy;
  }

  function build(doc, id) {
    var node = doc.getElementById(id);
    var article = node && node.closest("article");
    if (!article) return null;
    var box = document.createElement("div");
    box.className = "quote-preview";
    box.id = "quote-preview";
    box.setAttribute("role", "tooltip");
    var head = document.createElement("p");
    head.className = "preview-head";
    var title = article.querySelector(".comment-title");
    head.textContent = title ? title.textContent.replace(/\s+/g, " ").trim() : "";
    box.appendChild(head);
    var body = article.querySelector(".comment-body") || article.querySelector(".removed");
    if (!body) return box;
    var blocks = Array.prototype.slice.call(body.children);
    var hitBlock = node === article ? null : blockOf(node, body);
    var shown = blocks.slice(0, MAX_BLOCKS);
    if (hitBlock && shown.indexOf(hitBlock) < 0) shown = [hitBlock];
    if (body.classList.contains("removed")) shown = [body];
    shown.forEach(function (b) { box.appendChild(cleanCopy(b, node === article ? "" : id)); });
    if (blocks.length > shown.length) {
      var more = document.createElement("p");
      more.className = "preview-more";
      var rest = blocks.length - shown.length;
      more.textContent = "… " + rest + " more paragraph" + (rest === 1 ? "" : "s");
      box.appendChild(more);
    }
    return box;
  }

  function place(box, link) {
    var r = link.getBoundingClientRect();
    var view = document.documentElement;
    var left = Math.max(8, Math.min(r.left, view.clientWidth - box.offsetWidth - 8));
    var fitsBelow = view.clientHeight - r.bottom >= box.offsetHeight + 12;
    var top = fitsBelow || r.top < box.offsetHeight + 12 ? r.bottom + 6 : r.top - box.offsetHeight - 6;
    box.style.left = window.scrollX + left + "px";
    box.style.top = window.scrollY + top + "px";
  }

  function hide() {
    clearTimeout(hideTimer);
    token += 1;
    if (preview) { preview.remove(); preview = null; }
    if (owner) { owner.removeAttribute("aria-describedby"); owner = null; }
  }

  function hideSoon() { clearTimeout(hideTimer); hideTimer = setTimeout(hide, HIDE_DELAY); }

  function show(link) {
    if (owner === link) { clearTimeout(hideTimer); return; }
    hide();
    var url = new URL(link.getAttribute("href"), location.href);
    if (!url.hash || url.origin !== location.origin) return;
    owner = link;
    var mine = token;
    load(url).then(function (doc) {
      if (mine !== token || !doc) return;
      var box = build(doc, decodeURIComponent(url.hash.slice(1)));
      if (!box) return;
      preview = box;
      box.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      box.addEventListener("mouseleave", hideSoon);
      document.body.appendChild(box);
      place(box, link);
      link.setAttribute("aria-describedby", box.id);
    });
  }

  function linkFrom(event) {
    var el = event.target;
    return el && el.closest ? el.closest(LINKS) : null;
  }

  document.addEventListener("mouseover", function (e) { var a = linkFrom(e); if (a) show(a); });
  document.addEventListener("mouseout", function (e) { var a = linkFrom(e); if (a && a === owner) hideSoon(); });
  document.addEventListener("focusin", function (e) { var a = linkFrom(e); if (a) show(a); });
  document.addEventListener("focusout", function (e) { var a = linkFrom(e); if (a && a === owner) hideSoon(); });
  document.addEventListener("click", function (e) { if (linkFrom(e)) hide(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
  window.addEventListener("pagehide", hide);
})();
