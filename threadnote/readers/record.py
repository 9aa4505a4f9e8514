"""What an export reader hands on: each comment with its source's own id, parent, time and status."""

from __future__ import annotations

import codecs
import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from ..diagnostics import Diagnostic
from ..model import Location, Paragraph
from .xmltree import Chunks

PUBLISHED = "published"
PINGBACK = "pingback"
"""A pingback or trackback: published only when site.yaml asks for them."""
WITHHELD = frozenset({"deleted", "spam", "pending", "removed", "hidden"})
"""Statuses a source gives to what it did not publish: never shown, at most a placeholder."""
STRUCTURE_ERRORS = (AttributeError, TypeError, ValueError, KeyError, IndexError, RecursionError)
"""What data of a shape no reader foresaw raises: caught per item or per file, told, never a traceback."""
_SLUG_CUT = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class SourceComment:
    """One comment as its source recorded it."""

    source_id: str | None
    """The source's own id, as written there; None when the source gave none (ids then come from the words)."""
    parent_id: str | None
    """The source id of the comment this one answers, or None for a top-level one."""
    author: str | None
    """A display name or handle; never an e-mail address."""
    time: str | None
    """RFC 3339 in UTC (`2015-02-10T17:42:55Z`), or None when the source gave no usable time."""
    paragraphs: tuple[Paragraph, ...]
    location: Location
    """Where the comment stands in its file, for diagnostics."""
    source_url: str | None = None
    status: str = PUBLISHED
    """`published`, `pingback`, or one of WITHHELD."""


@dataclass(slots=True)
class Export:
    """One thread as an export gave it."""

    format: str
    """`disqus`, `wxr`, `mbox`, `reddit`, `hackernews`, `discourse` or `staticman`: names ids apart."""
    title: str = ""
    source_url: str | None = None
    published: str | None = None
    comments: list[SourceComment] = field(default_factory=list)
    missing: int = 0
    """Comments the source says exist that the file does not hold (Reddit `more` stubs, Discourse pages)."""
    key: str = ""
    """The thread's key within a site-wide export (its normalised URL path); empty for a one-thread file."""


@dataclass(slots=True)
class Streamed:
    """An export as its reader gives it while it reads: the threads' pieces, and what it told.

    A piece is a thread's header with some of its comments, in file order; the pieces of a thread
    may be spread through the file (`add_piece` puts them back together). `diagnostics` and
    `broken` are complete once `pieces` has been gone through."""

    pieces: Iterable[Export]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: bool = False
    """The read stopped at an error: what it gave before is not the file's threads."""


def streaming(read: Callable[[Streamed], Iterator[Export]]) -> Streamed:
    """A Streamed whose pieces `read` gives, telling what it finds to the Streamed it is handed."""
    streamed = Streamed(())
    streamed.pieces = read(streamed)
    return streamed


def gathered(streamed: Streamed) -> tuple[list[Export], list[Diagnostic]]:
    """Every thread whole, in the order its first piece came (none from a broken read)."""
    threads: dict[str, Export] = {}
    for piece in streamed.pieces:
        if (thread := threads.get(piece.key)) is None:
            threads[piece.key] = piece
        else:
            add_piece(thread, piece)
    return ([] if streamed.broken else list(threads.values())), streamed.diagnostics


def add_piece(thread: Export, piece: Export) -> None:
    """A later piece of the thread put into it: its comments, the comments it counts as missing,
    and what of the header the earlier pieces left empty (a dump may give a link's title, or a
    story's time, after comments of it were handed on)."""
    thread.comments.extend(piece.comments)
    thread.missing += piece.missing
    thread.title = thread.title or piece.title
    thread.source_url = thread.source_url or piece.source_url
    thread.published = thread.published or piece.published


def epoch_time(value: object) -> str | None:
    """RFC 3339 of Unix seconds (or of milliseconds: a 13-digit number), given as a number or its digits."""
    try:
        seconds = float(str(value).strip())
    except ValueError:
        return None
    if seconds >= 1e12:
        seconds /= 1000
    try:
        moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def withheld(status: str, pingbacks: bool) -> bool:
    """Whether a comment of this status is kept out of the archive."""
    return status != PUBLISHED and not (status == PINGBACK and pingbacks)


def url_key(url: str) -> str:
    """A slug from a thread's URL path, the same for its variants (http or https, another host,
    `index.html`, a `.html` ending, a trailing slash, a `#fragment`, tracking parameters, a proxy's
    or cache's wrapping), with the parameters that name a page (`?p=12`, `?id=5`): `/news.php?id=5`
    and `?id=6` are two articles. Accents are dropped; other letters are kept as their UTF-8 bytes."""
    parts = urlsplit(url.strip())
    query = parse_qsl(parts.query, keep_blank_values=False)
    wrapped = next((u for _, value in query if (u := _wrapped(value))), None)
    if wrapped is not None:
        return url_key(wrapped)
    path = re.sub(r"/index\.(?:html?|php|aspx?)$|\.(?:html?|php|aspx?)$", "", unquote(parts.path))
    named = [f"{name}-{value}" for name, value in query if name.lower() in PAGE_PARAMETERS]
    if not path.strip("/") and not named:  # a bare path: the query is all that tells pages apart
        named = [f"{name}-{value}" for name, value in query if not _tracking(name)]
    return _slug("-".join([*path.split("/"), *named]))


PAGE_PARAMETERS = frozenset({"p", "page_id", "id", "post", "postid", "article", "articleid", "story", "storyid", "entry"})
"""Query parameters that name the page itself (WordPress's `p` and `page_id`, a CMS's `id`)."""
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_\w+|ref|source|replytocom|amp|output|m|share|s)$", re.IGNORECASE)
_CACHED = re.compile(r"^cache:[^:]*:(.+)$")
_LATIN = str.maketrans({"ı": "i", "ø": "o", "ß": "ss", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})


def _tracking(name: str) -> bool:
    return bool(_TRACKING.match(name))


def _wrapped(value: str) -> str | None:
    """The address a translating proxy (`?u=http://...`) or a search cache (`?q=cache:ID:http://...`) wraps."""
    cached = _CACHED.match(value)
    address = (cached.group(1) if cached else value).split(" ")[0]
    return address if address.startswith(("http://", "https://")) and "/" in address[8:] else None


def _slug(words: str) -> str:
    plain = unicodedata.normalize("NFKD", words.lower().translate(_LATIN))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    spelt = "".join(c if c.isascii() else "-" + "-".join(f"{b:02x}" for b in c.encode()) + "-" for c in plain)
    return _SLUG_CUT.sub("-", spelt).strip("-")


def text_of(value: object) -> str:
    """A JSON or YAML scalar as text (an absent or null value is empty)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value)


WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
             (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
"""Byte order marks of the wide encodings (UTF-32's first: its little-endian mark starts with UTF-16's)."""


def wide_encoding(head: bytes) -> tuple[bytes, str] | None:
    """The byte order mark a file starts with and its UTF-16 or UTF-32 encoding, or None."""
    return next(((bom, name) for bom, name in WIDE_BOMS if head.startswith(bom)), None)


BUNDLE = b"threadnote-files\n"
"""What starts a folder's files packed as one thread file (a Staticman `comments/` folder)."""


def pack_files(files: list[tuple[str, bytes]]) -> bytes:
    """Files as one blob, so that a folder is read, stamped and cached as a thread file is."""
    return BUNDLE + b"".join(b"%s\0%d\0%s" % (name.encode(), len(data), data) for name, data in files)


def unpack_files(blob: bytes) -> list[tuple[str, bytes]]:
    """The files `pack_files` packed, by name, in their order."""
    files: list[tuple[str, bytes]] = []
    at = len(BUNDLE) if blob.startswith(BUNDLE) else len(blob)
    while at < len(blob):
        name_end = blob.index(b"\0", at)
        size_end = blob.index(b"\0", name_end + 1)
        size = int(blob[name_end + 1 : size_end])
        files.append((blob[at:name_end].decode(), blob[size_end + 1 : size_end + 1 + size]))
        at = size_end + 1 + size
    return files


ThreadContent = str | bytes | Chunks | Export
"""A thread file as the detect stage takes it: a scrape's or thread.yaml's text, an export's bytes
(or its chunks, as an XML export is read from disk), or one thread already read from a site-wide export."""


_ADDRESS = re.compile(r"\s*<?([^\s@<>]+)@[^\s@<>]+>?\s*")
_IP = re.compile(r"\s*(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]{0,39}:[0-9a-fA-F:]{1,39})\s*")
"""An IPv4 or IPv6 address (45 characters at most: unbounded runs made a long name of colons take
the square of its length to refuse)."""


def display_name(author: str | None) -> str | None:
    """An author as the archive may show it: a name that is an e-mail address becomes its local
    part, one that is an IP address is withheld."""
    if not author or _IP.fullmatch(author):
        return None
    address = _ADDRESS.fullmatch(author)
    return address.group(1) if address else author.strip() or None
