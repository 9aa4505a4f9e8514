"""Lay the real mail threads of ../shared/formats/mbox out flat as people copy mail and news, read and score each.

    python bench/mail_shapes.py                   # one row per shape and thread, totals per shape and in all
    python bench/mail_shapes.py --shape usenet --show lkml   # and that thread's text in that shape
    python bench/mail_shapes.py --json

Not part of the test suite. The messages are real (lkml, notmuch, a pipermail archive, and the
unrelated messages of three small perceval mboxes read as one list), read with the stdlib `email`
package as threadnote/readers/mbox.py reads them, in date order. Each shape lays them out as a copy
of mail or news shows them:

- `archive`: a list archive's page: each message under its `From:`/`Date:`/`Subject:` lines (page
  chrome, labelled so), or pipermail's name, address and date lines;
- `bodies`: the bodies alone, as the corpus's `thread.txt` files are;
- `usenet`: `In article <id>, Name <mail> writes:` over the quote, each writer quoting with `| `
  or `: ` (the deeper levels keep their `>`), prose re-wrapped at 72 columns, long quotes elided
  (`[...]`, `…[13 more quoted lines elided]…`);
- `groups`: a Google Groups copy: `On Tue, Nov 3, 2009 at 4:02 PM, Name <m...@x.org> wrote:`, a
  quote that ends its message cut to its first lines and `- Show quoted text -` (chrome).

Gold labels come from the generation: where each message starts, its author (the `From:` name),
and for each paragraph that holds quoted lines the earliest paragraph of an earlier message that
wrote the words (found through the corpus's `key`, so re-wrapping and markers do not matter;
paragraphs that recur unquoted in two messages, signatures and list footers, are never sources).
Quotes are linked as the corpus's hand-checked labels link them: attribution lines are no one's
words, so a paragraph quoting only them links nowhere; a nested quote whose deepest words come from
outside the thread links nowhere; a fragment (`> etc.`) links to the paragraph holding it in the
message its neighbouring quotes come from (bodies/lkml and the corpus's lkml thread agree on all).
Each page is read through the pipeline as `corpus_eval.py` reads a thread and scored by the
corpus's own `score.py`; authors are scored here (a signed first name counts for its full name).
"""

from __future__ import annotations

import argparse
import email
import email.header
import email.policy
import email.utils
import json
import mailbox
import re
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_eval import CORPUS, _counts, _ratios, corpus_missing, export_json, site_text

MBOX = CORPUS.parent / "formats" / "mbox"
THREADS = {
    "lkml": ("lkml-2010-11-thread",),
    "notmuch": ("notmuch-list-2009-11-thread",),
    "pipermail": ("perceval-pipermail_2015_november.mbox",),
    "perceval": ("perceval-mbox_complex.mbox", "perceval-mbox_multipart.mbox", "perceval-mbox_unixfrom_encoding.mbox"),
}
"""Each thread and the files of its messages (a folder of `.eml` files or an mbox)."""
WIDTH = 72
QUOTE_LINE = re.compile(r"^((?:\s?>)+)\s?(.*)$")
"""A `>` line of the source: its markers (any depth, `> >` too) and its words."""
ATTRIBUTION = re.compile(r"(?:\bwrote|\bwrites|:)\s*$")
"""The line over a quote that says whose words follow (the last line of it, when it takes two)."""
ELIDE_FROM = 9
"""Quotes of this many lines or more lose their middle in the `usenet` shape."""


@dataclass(frozen=True, slots=True)
class Message:
    author: str
    address: str
    when: datetime
    ident: str
    parent: int | None
    """The index of the message it answers, if in the thread."""
    subject: str
    lines: list[str]
    archived: bool = False
    """The sender as a list archive writes it (`andy at example.com`): the archive shape shows it so."""


@dataclass(frozen=True, slots=True)
class Line:
    """A body line: its quote depth and words; `attribution` for the line(s) naming whose words a quote holds."""

    depth: int
    text: str
    attribution: bool = False


def read_thread(name: str) -> list[Message]:
    raw: list[EmailMessage] = []
    for entry in THREADS[name]:
        path = MBOX / entry
        if path.is_dir():
            raw += [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(path.glob("*.eml"))]  # type: ignore[misc]
        else:
            factory = lambda f: email.message_from_binary_file(f, policy=email.policy.default)
            raw += list(mailbox.mbox(path, factory=factory))  # type: ignore[arg-type]
    raw.sort(key=lambda m: email.utils.parsedate_to_datetime(m["Date"]).timestamp())
    ids = {str(m["Message-ID"]).strip(): k for k, m in enumerate(raw)}
    return [_message(m, ids) for m in raw]


def _message(m: EmailMessage, ids: dict[str, int]) -> Message:
    name, address, archived = _sender(m)
    replied = re.findall(r"<[^<>]+>", str(m["In-Reply-To"] or ""))
    part = m.get_body(("plain",))
    body = part.get_content() if part is not None else ""  # type: ignore[union-attr]
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return Message(
        author=name, address=address, when=email.utils.parsedate_to_datetime(m["Date"]),
        ident=str(m["Message-ID"]).strip(), parent=next((ids[r] for r in replied if r in ids), None),
        subject=str(m["Subject"] or ""), lines=lines, archived=archived,
    )


ARCHIVED_ADDRESS = re.compile(r"^\s*(?P<user>[^\s@]+) at (?P<host>\S+)")
"""How pipermail writes a sender's address: `andy at example.com (Andy Grunwald)`."""


def _sender(m: EmailMessage) -> tuple[str, str, bool]:
    """The sender's name and address, and whether the address is an archive's, from the raw `From:` header: the default policy's parse drops
    the name of `addr (Name)` (pipermail's form, `danilo@gnome.org (Danilo =?utf-8?Q?=C5=A0egan?=)`),
    leaving the address's local part, a name no reader of the page sees."""
    raw = next(value for header, value in m.raw_items() if header.lower() == "from")
    name, address = email.utils.parseaddr(raw)
    archived = ARCHIVED_ADDRESS.match(raw)
    if archived:
        address = f"{archived['user']}@{archived['host']}"
    name = str(email.header.make_header(email.header.decode_header(name))) if name else ""
    return name or address.split("@")[0], address, archived is not None


def parse_body(lines: list[str]) -> list[Line]:
    """Depth and words of each line; the line (or two) right over a quote that ends in `wrote:` or a colon is its attribution."""
    parsed = []
    for line in lines:
        marks = QUOTE_LINE.match(line)
        parsed.append(Line(marks.group(1).count(">"), marks.group(2)) if marks else Line(0, line))
    for k, line in enumerate(parsed):
        below = next((b for b in parsed[k + 1 : k + 3] if b.text or b.depth), None)
        if line.depth == 0 and ATTRIBUTION.search(line.text) and below is not None and below.depth > 0:
            parsed[k] = Line(0, line.text, True)
            if k and parsed[k - 1].depth == 0 and parsed[k - 1].text.lower().startswith("on ") and not line.text.lower().startswith("on "):
                parsed[k - 1] = Line(0, parsed[k - 1].text, True)  # `On <date>` over `Name <mail> wrote:`
    return parsed


# --- shapes: each turns a message into its lines as the copy shows them, and chrome before it


@dataclass(frozen=True, slots=True)
class Laid:
    """A message as laid out: chrome paragraphs before it, and its body's lines."""

    chrome: list[str]
    lines: list[str]


Shape = Callable[[list[Message], int], Laid]


def _marked(lines: list[Line], marker: str = ">", inner: str = ">") -> list[str]:
    out = []
    for line in lines:
        if not line.depth:
            out.append(line.text)
            continue
        prefix = (marker + " " + (inner + " ") * (line.depth - 1)) if marker != ">" else ">" * line.depth + " "
        out.append((prefix + line.text).rstrip())
    return out


def _same_body(thread: list[Message], k: int) -> list[Line]:
    return parse_body(thread[k].lines)


def archive(thread: list[Message], k: int) -> Laid:
    m = thread[k]
    if m.address.endswith("example.com") or m.archived or k % 2:
        head = [f"{m.author} {m.address.replace('@', ' at ')}\n{m.when:%a %b %d %H:%M:%S %Y}"]  # pipermail's
    else:
        head = [f"From: {m.author} <{m.address}>\nDate: {email.utils.format_datetime(m.when)}\nSubject: {m.subject}"]
    return Laid(head, _marked(_same_body(thread, k)))


def bodies(thread: list[Message], k: int) -> Laid:
    return Laid([], _marked(_same_body(thread, k)))


def usenet(thread: list[Message], k: int) -> Laid:
    m = thread[k]
    parent = answered(thread, k)
    marker = "|" if sum(map(ord, m.author)) % 2 else ":"
    lines = _elided(_rewrapped(_attributed(_same_body(thread, k), lambda: _usenet_line(parent))), k)
    return Laid([], _marked(lines, marker))


def answered(thread: list[Message], k: int) -> Message | None:
    """The message that message `k` answers: its In-Reply-To's, else the one before it."""
    m = thread[k]
    return thread[m.parent] if m.parent is not None else (thread[k - 1] if k else None)


def _usenet_line(parent: Message | None) -> str:
    if parent is None:
        return ""
    return f"In article <{parent.ident.strip('<>')}>, {parent.author} <{parent.address}> writes:"


def groups(thread: list[Message], k: int) -> Laid:
    parent = answered(thread, k)
    lines = _attributed(_same_body(thread, k), lambda: _groups_line(parent))
    return Laid([], _hidden(lines))


def _groups_line(parent: Message | None) -> str:
    if parent is None:
        return ""
    user, _, host = parent.address.partition("@")
    when = f"{parent.when:%a, %b} {parent.when.day}, {parent.when.year} at {parent.when.hour % 12 or 12}:{parent.when:%M %p}"
    return f"On {when}, {parent.author} <{user[:1]}...@{host}> wrote:"


SHOW = "- Show quoted text -"
SHOWN = 2
"""Lines of a hidden quote that Google Groups still shows."""


def _hidden(lines: list[Line]) -> list[str]:
    """A quote that ends the message is collapsed to its first lines and `- Show quoted text -`."""
    out: list[str] = []
    runs = _runs(lines)
    for number, (depth, run) in enumerate(runs):
        rest = [line for _, later in runs[number + 1 :] for line in later if line.text.strip()]
        if depth and not rest and len(run) > SHOWN:
            out += [*_marked(run[:SHOWN]), "", SHOW]
        else:
            out += _marked(run)
    return _tidy(out)


def _tidy(lines: list[str]) -> list[str]:
    """No run of blank lines, none at the ends."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _runs(lines: list[Line]) -> list[tuple[int, list[Line]]]:
    """Consecutive lines quoted or not (a blank line between two quoted ones goes with them)."""
    runs: list[tuple[int, list[Line]]] = []
    for line in lines:
        quoted = 1 if line.depth else 0
        if runs and runs[-1][0] == quoted:
            runs[-1][1].append(line)
        else:
            runs.append((quoted, [line]))
    return runs


def _attributed(lines: list[Line], made: Callable[[], str]) -> list[Line]:
    """The message's attribution lines at its top level replaced by the shape's own (once per run of them)."""
    out: list[Line] = []
    for line in lines:
        if line.attribution:
            if not (out and out[-1].attribution):
                text = made()
                out.append(Line(0, text, True) if text else line)
            continue
        out.append(line)
    return out


def _rewrapped(lines: list[Line]) -> list[Line]:
    """Prose re-filled at WIDTH columns, the quote mark counted; code, lists and short lines left alone."""
    out: list[Line] = []
    for depth, para in _paragraphs(lines):
        if _prose(para):
            words = " ".join(line.text for line in para)
            out += [Line(depth, text) for text in textwrap.wrap(words, WIDTH - 2 * depth - 2)]
        else:
            out += para
    return out


def _paragraphs(lines: list[Line]) -> Iterator[tuple[int, list[Line]]]:
    para: list[Line] = []
    for line in [*lines, Line(-1, "")]:
        if para and (line.depth != para[0].depth or not line.text or line.attribution or para[0].attribution):
            yield para[0].depth, para
            para = []
        if line.depth < 0:
            break
        if not line.text:
            yield line.depth, [line]
            continue
        para.append(line)


def _prose(para: list[Line]) -> bool:
    return (
        len(para) > 1 and not para[0].attribution and all(len(line.text) > 30 for line in para[:-1])
        and not any(re.match(r"^(?:\s|[-+*@|#$]|\d+[.)]\s)", line.text) for line in para)
    )


def _elided(lines: list[Line], k: int) -> list[Line]:
    """The middle of each long quote left out, marked as list archives and newsreaders mark it."""
    out: list[Line] = []
    for quoted, run in _runs(lines):
        if quoted and len(run) >= ELIDE_FROM:
            left = len(run) - 6
            mark = "[...]" if k % 2 else f"…[{left} more quoted lines elided]…"
            out += [*run[:4], Line(0, mark), *run[-2:]]
        else:
            out += run
    return out


SHAPES: dict[str, Shape] = {"archive": archive, "bodies": bodies, "usenet": usenet, "groups": groups}


# --- the page and its gold labels


def lay_out(name: str, thread: list[Message], shape: Shape) -> tuple[str, list[dict[str, Any]]]:
    """The page's text and its gold paragraphs (the corpus's `gold.json` format)."""
    from paras import paragraphs  # type: ignore[import-not-found]

    title = re.sub(r"^(?:re:\s*)+", "", thread[0].subject, flags=re.IGNORECASE)
    texts = [title, f"{name} mailing list thread · {len(thread)} messages"]
    gold = [_label(0, texts[0], "title"), _label(1, texts[1], "byline")]
    laids = [shape(thread, k) for k in range(len(thread))]
    for k, (message, laid) in enumerate(zip(thread, laids)):
        for chrome in laid.chrome:
            gold.append(_label(len(texts), chrome, "chrome"))
            texts.append(chrome)
        for number, para in enumerate(paragraphs("\n".join(laid.lines))):
            chrome = para == SHOW
            label = _label(len(texts), para, "chrome" if chrome else "comment")
            if not chrome:
                label.update(new_comment=number == 0, author=message.author, comment=k)
            gold.append(label)
            texts.append(para)
    _link_quotes(texts, gold)
    named = _named_writers(thread, laids, gold)
    for label in gold:
        if label["role"] == "comment":
            label["author_named"] = label["comment"] in named
    for label in gold:  # the first paragraph of a message whose first paragraph is chrome
        if label["role"] == "comment" and not any(g["comment"] == label["comment"] and g["new_comment"] for g in gold):
            label["new_comment"] = True
    return "\n\n".join(texts) + "\n", gold


SIGNED = re.compile(r"^[-~–—\s]*(?:\w+(?: \w+)?,\s*)?(?P<name>[^<>]+?)\s*(?:<[^<>]*>)?$")
"""A line signing a message: a name, after a dash and a sign-off word or two ("cheers, Joe"), before an address."""


def _named_writers(thread: list[Message], laids: list[Laid], gold: list[dict[str, Any]]) -> set[int]:
    """The messages whose writer the page names, so that a reader can know who wrote them: by their
    head (the archive's chrome), by a line of their own that signs them with the writer's name or
    the start of it ("Flo"), or by an attribution line of a message answering them that gives the
    name or the address over a quote of their words (not an attribution the `usenet` and `groups`
    shapes wrote over a quote from outside the thread). A message that none of these names is not
    scored for its author."""
    named = set()
    for k, (message, laid) in enumerate(zip(thread, laids)):
        words = _name_words(message)
        own = [line for line in laid.lines if not QUOTED.match(line) and not WROTE.search(line)]
        if any(_names(head, words, message) for head in laid.chrome) or any(_signs(line, words) for line in own):
            named.add(k)
    for j in range(len(thread)):
        parent = answered(thread, j)
        attributions = [line for line in laids[j].lines if not QUOTED.match(line) and (WROTE.search(line) or line.endswith(":"))]
        quoted = {gold[g["quote_of"]]["comment"] for g in gold if g["comment"] == j and isinstance(g["quote_of"], int)}
        if parent is not None and thread.index(parent) in quoted and any(_names(line, _name_words(parent), parent) for line in attributions):
            named.add(thread.index(parent))
    return named


def _name_words(message: Message) -> set[str]:
    return {w for w in re.findall(r"\w+", message.author.lower()) if len(w) > 1}


def _names(text: str, words: set[str], message: Message) -> bool:
    """Whether a head or an attribution line gives the writer's name or address."""
    return bool(words & set(re.findall(r"\w+", text.lower()))) or message.address.split("@")[0].lower() in text.lower()


def _signs(line: str, words: set[str]) -> bool:
    """Whether a line holds nothing but the writer's name, or the start of a word of it ("Flo"), as a signature does."""
    signed = SIGNED.match(line.strip())
    said = re.findall(r"\w+", signed.group("name").lower()) if signed else []
    return bool(said) and len(said) <= 4 and all(any(w.startswith(s) and len(s) >= 3 for w in words) for s in said)


def _label(p: int, text: str, role: str) -> dict[str, Any]:
    return {
        "p": p, "start": text[:60], "role": role, "new_comment": False, "author": None, "comment": None,
        "quote_of": None, "quote_span": None, "original_span": None, "mentions": [], "confidence": "high",
    }


PROBE = 40
"""Characters of a key (letters and digits) that identify words as the same."""
FRAGMENT = 20
"""A quote with fewer characters in its key than this is a fragment, too short to say by itself whose it is."""
LOCATABLE = 4
"""Characters of a key that score.py needs to find a paragraph: a link to a shorter one is optional."""


def _link_quotes(texts: list[str], gold: list[dict[str, Any]]) -> None:
    """Each paragraph holding quoted words is linked as the corpus's labels link it: to the earliest
    paragraph of an earlier message that wrote them. Attribution lines (`> X wrote:`) are nobody's
    words, quoted or not; a nested quote whose deepest (oldest) words come from outside the thread
    links nowhere; a fragment links to the paragraph, in the message its neighbouring quotes come
    from, that holds it as whole words (optionally when score.py cannot find so short a paragraph)."""
    from paras import key

    lines = [_quote_lines(t) if g["role"] == "comment" else [] for t, g in zip(texts, gold)]
    own = ["".join(key(words) for depth, words in ls if not depth) for ls in lines]
    writers: dict[str, set[int]] = {}
    for k, g in zip(own, gold):
        writers.setdefault(k, set()).add(g["comment"])
    stock = {k for k, messages in writers.items() if len(messages) > 1}

    def source(p: int, quoted: str) -> int | None:
        return next(
            (s for s in range(p) if gold[s]["role"] == "comment" and gold[s]["comment"] < gold[p]["comment"]
             and own[s] not in stock and _repeats(quoted, own[s])),
            None,
        )

    fragments = []
    for p, quote in enumerate(lines):
        quoted = "".join(key(words) for depth, words in quote if depth)
        if len(quoted) < FRAGMENT:
            if quoted:
                fragments.append(p)
            continue
        deepest = max(depth for depth, _ in quote)
        oldest = "".join(key(words) for depth, words in quote if depth == deepest)
        if len(oldest) < FRAGMENT or source(p, oldest) is not None:
            gold[p]["quote_of"] = source(p, quoted)
    for p in fragments:
        words = " ".join(words for depth, words in lines[p] if depth)
        gold[p]["quote_of"] = _fragment_source(p, words, texts, gold)
        gold[p]["quote_optional"] = gold[p]["quote_of"] is not None and len(key(words)) < LOCATABLE


def _fragment_source(p: int, words: str, texts: list[str], gold: list[dict[str, Any]]) -> int | None:
    """The earliest paragraph holding these words whole, in the message that the nearest quote of the same message links to."""
    same = [q for q in range(len(gold)) if gold[q]["comment"] == gold[p]["comment"] and gold[q]["quote_of"] is not None and q != p]
    if not same:
        return None
    nearest = min(same, key=lambda q: (abs(q - p), q))
    message = gold[gold[nearest]["quote_of"]]["comment"]
    held = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, re.findall(r"\w+", words))) + r"(?!\w)", re.IGNORECASE)
    return next((s for s, g in enumerate(gold) if g["comment"] == message and held.search(_unquoted(texts[s]))), None)


def _repeats(quoted: str, source: str) -> bool:
    if len(source) < FRAGMENT:
        return False
    if source in quoted or quoted[:PROBE] in source:
        return True
    return any(source[i : i + PROBE] in quoted for i in range(0, len(source) - PROBE, PROBE // 2))


QUOTED = re.compile(r"^\s*(?:[|:>]\s?)+")
"""Quote marks: `>`, Usenet's `: ` and `| `, at any depth (supercite's `LK>` lines are unmarked quotes, as the corpus labels them)."""
WROTE = re.compile(r"\b(?:wrote|writes)\b[^\n]*:$")
"""An attribution line wherever it stands (`X wrote:`, `In article <id>, X writes:`, `X wrote on <date>:`)."""


def _quote_lines(text: str) -> list[tuple[int, str]]:
    """Each line's quote depth and words, without the attribution lines (and the `On <date>` line over one)."""
    parsed = []
    for line in text.split("\n"):
        marks = QUOTED.match(line)
        parsed.append((sum(marks.group().count(c) for c in "|:>"), line[marks.end() :]) if marks else (0, line))
    kept = []
    for k, (depth, words) in enumerate(parsed):
        below = next(((d, w) for d, w in parsed[k + 1 :] if w.strip()), None)
        if _attribution(words, depth, below) or (
            words.lower().startswith("on ") and below is not None and below[0] == depth
            and _attribution(below[1], depth, None) and not below[1].lower().startswith("on ")
        ):
            continue
        kept.append((depth, words))
    return kept


def _attribution(words: str, depth: int, below: tuple[int, str] | None) -> bool:
    return bool(WROTE.search(words)) or (below is not None and below[0] > depth and bool(ATTRIBUTION.search(words)))


def _unquoted(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not QUOTED.match(line))


# --- scoring


def score_thread(name: str, thread: list[Message], shape: str, work: Path) -> tuple[dict[str, Any], str]:
    from paras import key, paragraphs
    from score import locate, score  # type: ignore[import-not-found]

    text, gold = lay_out(name, thread, SHAPES[shape])
    stem = work / f"{name}-{shape}"
    page, gold_path, out = (stem.with_suffix(s) for s in (".txt", ".gold.json", ".json"))
    page.write_text(text, encoding="utf-8")
    gold_path.write_text(json.dumps({"thread": name, "paragraphs": gold}), encoding="utf-8")
    out.write_text(export_json(site_text(text, paragraphs), name), encoding="utf-8")
    figures = score(str(page), str(gold_path), str(out))
    comments = json.loads(out.read_text(encoding="utf-8"))["comments"]
    texts = paragraphs(text)
    scored = [g for g in gold if g["role"] == "comment"]
    where = locate({g["p"]: key(texts[g["p"]]) for g in scored}, comments)
    located = [g for g in scored if g["p"] in where and g["author_named"]]
    right = sum(1 for g in located if _same_author(comments[where[g["p"]]].get("author"), g["author"]))
    figures.update(author_accuracy=round(right / len(located), 3) if located else None, authors_gold=len(located),
                   mention_recall=None, mentions_gold=0)
    return figures, text


def _same_author(read: str | None, gold: str) -> bool:
    """The name read is the gold name or some of its words (a message signed `Flo` by Florian Mickler)."""
    said = set(re.findall(r"\w+", (read or "").lower()))
    return bool(said) and said <= set(re.findall(r"\w+", gold.lower()))


COLUMNS = (("segmentation_f1", "F1"), ("author_accuracy", "auth"), ("quote_recall", "q.rec"),
           ("quote_precision", "q.prec"), ("chrome_leaks", "leaks"), ("comments", "comm"), ("gold_comment_starts", "gold"))


def _row(label: str, figures: dict[str, Any]) -> str:
    cells = ("-" if figures.get(k) is None else str(figures[k]) for k, _ in COLUMNS)
    return f"{label:<22}" + "".join(f"{c:>8}" for c in cells)


def score_shapes(shapes: list[str], show: tuple[str, ...] = ()) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Each shape and thread's figures, and their totals per shape and in `all`; the pages of the
    threads in `show` printed."""
    sys.path.insert(0, str(CORPUS))
    threads = {name: read_thread(name) for name in THREADS}
    results: dict[str, dict[str, Any]] = {}
    pooled: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="mail-shapes-") as work:
        for shape in shapes:
            for name, thread in threads.items():
                figures, text = score_thread(name, thread, shape, Path(work))
                results[f"{shape}/{name}"] = figures
                for group in (shape, "all"):
                    sums = pooled.setdefault(group, {})
                    for what, value in _counts(figures).items():
                        sums[what] = sums.get(what, 0.0) + value
                if name in show:
                    print(f"--- {shape} / {name}\n{text}")
    return results, {group: _ratios(sums) for group, sums in pooled.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    parser.add_argument("--show", action="append", default=[], choices=sorted(THREADS), help="print this thread's page")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    if corpus_missing("mail_shapes"):
        return 0
    results, totals = score_shapes(args.shape or list(SHAPES), tuple(args.show))
    if args.json:
        print(json.dumps({"threads": results, "totals": totals}, indent=1))
        return 0
    head = f"{'shape/thread':<22}" + "".join(f"{label:>8}" for _, label in COLUMNS)
    print(head + "\n" + "-" * len(head))
    for label, figures in results.items():
        print(_row(label, figures))
    print("-" * len(head))
    for group, figures in totals.items():
        print(_row(f"TOTAL {group}", figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
