// Search page: runs Pagefind's index (built by threadnote into pagefind/) in the browser.
// Each result is one comment or thread note and links straight to it. Loaded as a module,
// so `import.meta.url` finds the index next to static/ wherever the site is hosted.

const PAGE = 20; // results shown per "Show more"

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const select = document.getElementById("search-note");
const threadSelect = document.getElementById("search-thread");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");

let pagefind = null;
let manyThreads = false;
let pending = []; // results not yet shown
let generation = 0; // bumps on each search, so a slow old search cannot overwrite a newer one

function say(text) {
  status.replaceChildren(Object.assign(document.createElement("p"), { textContent: text }));
}

// Pagefind excerpts are HTML: the indexed text (escaped by threadnote) with <mark> around hits.
// Parse them inertly and keep only text and <mark>, so no markup from a comment can come alive.
function excerpt(html) {
  const body = new DOMParser().parseFromString(`<body>${html}`, "text/html").body;
  const out = document.createDocumentFragment();
  for (const node of body.childNodes) {
    if (node.nodeName === "MARK") {
      out.append(Object.assign(document.createElement("mark"), { textContent: node.textContent }));
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

// One list item per comment: a link to it, the thread, an excerpt, and its note types.
function item(hit) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = Object.assign(document.createElement("a"), { href: hit.url });
  // The thread's title only helps when there is more than one thread to tell apart.
  link.textContent = hit.thread && manyThreads ? `${hit.title} · ${hit.thread}` : hit.title;
  heading.append(link);
  const text = Object.assign(document.createElement("p"), { className: "excerpt" });
  text.append(excerpt(hit.excerpt));
  li.append(heading, text);
  if (hit.notes.length) {
    li.append(Object.assign(document.createElement("p"), {
      className: "result-notes",
      textContent: `Editors' notes: ${hit.notes.join(", ")}`,
    }));
  }
  return li;
}

// A result is either one comment (or thread note) with its notes, or a group of comments
// without notes; a group's matching comments come back as sub-results, each with its anchor.
function hits(data) {
  const filters = data.filters || {};
  const thread = (filters.thread && filters.thread[0]) || "";
  const notes = filters.note || [];
  const anchored = (data.sub_results || []).filter((sub) => sub.anchor);
  if (anchored.length) {
    // Sub-result titles are the headings' plain text: shown with textContent, never as HTML.
    return anchored.map((sub) => ({ url: sub.url, title: sub.title, excerpt: sub.excerpt, thread, notes }));
  }
  // A group found by a filter alone has no matching words: link to its first comment.
  const first = (data.anchors && data.anchors[0] && data.anchors[0].text) || "";
  const title = data.meta.title || (first ? `Comments from ${first}` : "Comments");
  return [{ url: data.url, title, excerpt: data.excerpt, thread, notes }];
}

let shown = 0;
let summary = "";
let queried = false;

async function showMore() {
  const mine = generation;
  const found = [];
  // Load results until a screenful of comments is ready (a group may hold several).
  while (pending.length && found.length < PAGE) {
    const batch = pending.splice(0, PAGE);
    const data = await Promise.all(batch.map((r) => r.data()));
    if (mine !== generation) return;
    for (const d of data) found.push(...hits(d));
  }
  list.append(...found.map(item));
  shown += found.length;
  more.hidden = pending.length === 0;
  // Without words, a group of comments counts as one result: say "results", not "comments".
  const noun = queried ? "matching comment" : "result";
  say(pending.length ? `Showing the first ${shown} ${noun}s ${summary}.` : `${shown} ${noun}${shown === 1 ? "" : "s"} ${summary}.`);
}

async function run(query, note, thread) {
  const mine = ++generation;
  list.replaceChildren();
  more.hidden = true;
  pending = [];
  if (!query && !note && !thread) {
    say("Type some words, or choose a note type to list every comment that has one.");
    return;
  }
  say("Searching…");
  // An empty query with a filter lists everything that carries the filter.
  const filters = {};
  if (note) filters.note = note;
  if (thread) filters.thread = thread;
  const found = await pagefind.search(query || null, { filters });
  if (mine !== generation) return;
  const what = query ? `for “${query}”` : "";
  const where = (note ? ` with a ${note} note` : "") + (thread ? ` in “${thread}”` : "");
  summary = `${what}${where}`.trim();
  queried = Boolean(query);
  shown = 0;
  pending = found ? found.results.slice() : [];
  await showMore();
}

function fromLocation() {
  const params = new URLSearchParams(location.search);
  return {
    query: (params.get("q") || "").trim(),
    note: params.get("note") || "",
    thread: params.get("thread") || "",
  };
}

// Options come from the index itself: only note types and threads that exist. Pagefind counts
// indexed documents; for note types those are comments, for threads they include groups.
function fill(menu, counts, chosen, counted) {
  for (const value of Object.keys(counts).sort()) {
    menu.append(Object.assign(document.createElement("option"), {
      value,
      textContent: counted ? `${value} (${counts[value]})` : value,
    }));
  }
  menu.value = chosen in counts ? chosen : "";
}

async function start() {
  try {
    const bundle = new URL("../pagefind/", import.meta.url);
    pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ excerptLength: 40 });
    // A big archive's index comes in parts (one Pagefind run each, to bound its memory):
    // searching merges them, so results, filters and counts cover every part.
    const parts = await (await fetch(new URL("parts.json", bundle))).json();
    for (const part of parts) {
      await pagefind.mergeIndex(new URL(part, bundle).href, { excerptLength: 40 });
    }
    await pagefind.init();
  } catch (error) {
    // Opened from file:// or the index was not built (site.yaml `search: false`): keep the
    // page's own message, which links to the notes index.
    console.warn("search unavailable:", error);
    return;
  }
  const { query, note, thread } = fromLocation();
  input.value = query;
  const filters = (await pagefind.filters()) || {};
  fill(select, filters.note || {}, note, true);
  fill(threadSelect, filters.thread || {}, thread, false);
  // With one thread, a thread menu would only add noise.
  manyThreads = Object.keys(filters.thread || {}).length > 1;
  document.getElementById("search-thread-field").hidden = !manyThreads;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = input.value.trim();
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (select.value) params.set("note", select.value);
    if (threadSelect.value) params.set("thread", threadSelect.value);
    // Keep the search in the address bar, so it can be bookmarked, shared and reloaded.
    history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
    run(q, select.value, threadSelect.value);
  });
  more.addEventListener("click", showMore);
  await run(query, select.value, threadSelect.value);
}

start();
