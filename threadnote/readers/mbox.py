"""Read a mail thread (mbox): messages split on strict `From ` lines, threaded by Message-ID, bodies decoded."""

from __future__ import annotations

import datetime
import email
import email.header
import email.policy
import email.utils
import re
from collections.abc import Iterator
from email.message import EmailMessage, MIMEPart

from ..diagnostics import Diagnostic, error, warning
from ..model import Location, Paragraph
from .html import parse_html
from .record import STRUCTURE_ERRORS, Export, SourceComment
from .scrape import parse_paragraphs
from .xmltree import Chunks, pieces

SEPARATOR = re.compile(rb"^From \S.*\d{2}:\d{2}(?::\d{2})? .*\d{4}(?:\s+[+-]\d{4})?\s*$")
"""`From <sender> <asctime>`: a body line that merely starts with `From ` is not one (mboxo writers leave those)."""
HEADER = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")
ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
MESSAGE_IDS = re.compile(r"<[^<>\s]+>")
ADDRESS = re.compile(r"(?<![\w.+'=-])<?[\w.+'=-]+@[\w-]+(?:\.[\w-]+)+>?|[<(][\w.+'=-]+ at [\w-]+(?:\.[\w-]+)+[>)]")
"""An e-mail address, bare, bracketed or written `name at host` as list archives do: withheld from bodies.
One starts where a run of its characters does, never inside it: tried at every letter of a long
word, it took the square of the word's length."""
HIDDEN = "[address withheld]"
PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|sv)\s*:\s*|\[[^\]]{1,40}\]\s*)+", re.IGNORECASE)
FALLBACK_CHARSETS = ("utf-8", "windows-1252")
"""What mail that is not the charset it names is read as, in turn: UTF-8 when its bytes are, else
Windows Latin (what 8-bit mail labelled otherwise almost always is); else Latin-1, which any bytes are."""
ASCII_NAMES = ("ascii", "us-ascii")
"""What mail names (or is taken to be, naming none) when its writer never chose a charset."""
HEADER_END = re.compile(rb"\r?\n\r?\n")
MAX_PARTS = 200
"""A message of more MIME parts than this is a MIME bomb or an archive, not a comment: left out."""


Read = tuple[SourceComment, list[str], str]
"""A message: its comment (its parent not chosen yet), the ids it may answer, best first, and its subject."""


def read_mbox(data: bytes | Chunks, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """The messages of one thread (a file may hold several; they are one archive here), read one
    message at a time: an archive's mbox may be hundreds of MB."""
    diagnostics: list[Diagnostic] = []
    messages: list[Read] = []
    found = 0
    for line, separator, chunk in split_mbox(data):  # one message's bytes at a time
        found += 1
        where = Location(path, line)
        try:
            messages.extend(_messages(chunk, separator, where, diagnostics))
        except STRUCTURE_ERRORS as exc:  # the email package meets malformed MIME every way
            diagnostics.append(warning(where, f"a message that cannot be read ({type(exc).__name__}): left out"))
    if not found:
        return [], [error(Location(path, 1), "no message here: an mbox starts with a 'From <sender> <date>' line")]
    known = {comment.source_id for comment, _, _ in messages}
    export = Export("mbox")
    for comment, candidates, subject in sorted(messages, key=lambda m: m[0].time or ""):
        parent = next((c for c in candidates if c in known), candidates[0] if candidates else None)
        export.comments.append(_with_parent(comment, parent))
        if not export.title and subject and parent not in known:
            export.title = PREFIX.sub("", subject).strip()
    export.published = export.comments[0].time if export.comments else None
    return [export], diagnostics


def split_mbox(data: bytes | Chunks) -> Iterator[tuple[int, bytes, bytes]]:
    """(line, separator, message) for each message, read line by line as the file comes; a separator
    must start the file or follow a blank line. A file that starts with mail headers and no separator
    (an `.eml`) starts with a message."""
    held: list[bytes] | None = None
    separator, first = b"", 0
    blank_before = True
    for number, raw in enumerate(_lines(pieces(data)), 1):
        text = raw.rstrip(b"\r\n")
        if blank_before and text.startswith(b"From ") and SEPARATOR.match(text):
            if held is not None:
                yield first, separator, b"".join(held)
            held, separator, first = [], text, number + 1
        elif held is not None:
            held.append(raw)
        elif number == 1 and HEADER.match(raw):
            held, first = [raw], 1
        blank_before = not text.strip()
    if held is not None:
        yield first, separator, b"".join(held)


def _lines(chunks: Chunks) -> Iterator[bytes]:
    """The lines of the chunks, each with its line end, however the chunks cut them. A file whose
    first chunk breaks its lines with CR alone (classic Mac OS mail) has them read as LF."""
    rest = b""
    classic_mac: bool | None = None
    for chunk in chunks:
        if classic_mac is None and chunk:
            classic_mac = b"\r" in chunk and b"\n" not in chunk
        if classic_mac:
            chunk = chunk.replace(b"\r", b"\n")
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield from (line + b"\n" for line in lines)
    if rest:
        yield rest


def _messages(chunk: bytes, separator: bytes, where: Location, diagnostics: list[Diagnostic]) -> list[Read]:
    """The message of one mbox entry; a MIME digest (`multipart/digest`) holds many, one a part."""
    message = email.message_from_bytes(ESCAPED_FROM.sub(rb"\1", chunk), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    if not message.keys():
        diagnostics.append(warning(where, "no mail headers after the 'From ' line: left out"))
        return []
    if sum(1 for _ in message.walk()) > MAX_PARTS:
        diagnostics.append(warning(where, f"a message of more than {MAX_PARTS} MIME parts: left out"))
        return []
    if message.get_content_type() != "multipart/digest":
        return [_message(message, chunk, separator, where, diagnostics)]
    inner = [m for part in message.iter_parts() if part.get_content_type() == "message/rfc822"
             for m in part.get_payload() if isinstance(m, EmailMessage)]
    return [_message(m, m.as_bytes(), separator, where, diagnostics) for m in inner]


def _message(message: EmailMessage, raw: bytes, separator: bytes, where: Location, diagnostics: list[Diagnostic]) -> Read:
    ident = _ids(_raw(message, "Message-ID"))
    if not ident:
        diagnostics.append(warning(where, "a message without a Message-ID: its id comes from its words"))
    # In-Reply-To names the parent (a reply to several names each); References, nearest last, the ancestors
    candidates = _ids(_raw(message, "In-Reply-To")) + _ids(_raw(message, "References"))[::-1]
    comment = SourceComment(
        source_id=ident[0] if ident else None,
        parent_id=None,
        author=_author(message),
        time=_time(message, separator, where, diagnostics),
        paragraphs=_body(message, raw, where, diagnostics),
        location=where,
    )
    return comment, candidates, _subject(message)


def _with_parent(comment: SourceComment, parent: str | None) -> SourceComment:
    return SourceComment(comment.source_id, parent, comment.author, comment.time, comment.paragraphs, comment.location)


def _raw(message: EmailMessage, name: str) -> str:
    """A header as written, unfolded: the policy's parsed form drops a name in brackets and can raise."""
    wanted = name.lower()
    value = next((str(v) for k, v in message.raw_items() if k.lower() == wanted), "")
    return re.sub(r"\r?\n[ \t]+", " ", value).strip()


def _subject(message: EmailMessage) -> str:
    try:
        return str(message.get("Subject") or "")
    except (ValueError, IndexError, TypeError, LookupError):  # a header the policy cannot decode
        return _raw(message, "Subject")


def _ids(value: str) -> list[str]:
    return MESSAGE_IDS.findall(value)


def _author(message: EmailMessage) -> str | None:
    """The sender's display name, else the name an archive put in brackets, else the address's local part."""
    raw = _raw(message, "From")
    name, address = email.utils.parseaddr(raw)
    name = _decoded(name)
    if not name:
        bracketed = re.search(r"\(([^()]+)\)", raw)
        name = _decoded(bracketed.group(1)) if bracketed else ""
    if name and "@" not in name and " at " not in name:
        return name.strip().strip('"')
    local = re.split(r"@| at ", address or raw.strip(), maxsplit=1)[0].strip(" <>\"")
    return local or None


def _decoded(words: str) -> str:
    """RFC 2047 encoded-words decoded (`=?utf-8?Q?=C5=A0egan?=`); an unknown charset leaves them as written."""
    try:
        return str(email.header.make_header(email.header.decode_header(words)))
    except (LookupError, UnicodeError, ValueError):
        return words


def _time(message: EmailMessage, separator: bytes, where: Location, diagnostics: list[Diagnostic]) -> str | None:
    value = _raw(message, "Date")
    try:
        moment = _utc(email.utils.parsedate_to_datetime(value)) if value else None
    except (TypeError, ValueError, OverflowError):  # OverflowError: 31 Dec 9999 west of Greenwich is past year 9999 in UTC
        moment = None
    if moment is None:
        moment = _separator_time(separator)  # no zone: UTC, as the strftime below takes it
        diagnostics.append(warning(where, f"Date '{value}' is not a date: the 'From ' line's time is used"
                                          if moment else f"Date '{value}' is not a date: left undated"))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _utc(moment: datetime.datetime) -> datetime.datetime:
    """The moment in UTC; one without a zone (a Date of `-0000`) is taken as UTC."""
    return moment.astimezone(datetime.UTC) if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _separator_time(separator: bytes) -> datetime.datetime | None:
    words = separator.decode("ascii", "replace").split()
    for start in range(len(words) - 4):
        try:
            return datetime.datetime.strptime(" ".join(words[start : start + 5]), "%a %b %d %H:%M:%S %Y")
        except ValueError:
            continue
    return None


def _body(message: EmailMessage, raw: bytes, where: Location, diagnostics: list[Diagnostic]) -> tuple[Paragraph, ...]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ()
    text = _text(part, where, diagnostics)
    if part.get_content_type() == "text/plain" and str(part.get_param("format", "")).lower() == "flowed":
        text = unflowed(text, str(part.get_param("delsp", "")).lower() == "yes")
    text = ADDRESS.sub(HIDDEN, text)
    end = HEADER_END.search(raw)
    line = where.line + raw[: end.start() if end else 0].count(b"\n") + 2
    if part.get_content_type() == "text/html":
        return parse_html(text, line)
    return tuple(parse_paragraphs(text, line))


def _text(part: MIMEPart, where: Location, diagnostics: list[Diagnostic]) -> str:
    """A text part decoded by the charset it names; where its bytes are not that (mail often lies),
    or it names none and they are not ASCII, by the first of FALLBACK_CHARSETS they are, told."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    named = part.get_content_charset()
    try:
        return payload.decode(named or "ascii")
    except LookupError:
        problem = f"charset '{named}' is unknown"
    except UnicodeDecodeError:
        problem = f"the text is not {named}, as it says" if named else "the text names no charset and is not ASCII"
    for fallback in FALLBACK_CHARSETS:
        try:
            text = payload.decode(fallback)
        except UnicodeDecodeError:
            continue
        if not (fallback == "utf-8" and (named or "ascii") in ASCII_NAMES):  # 8-bit mail is UTF-8 these days
            diagnostics.append(warning(where, f"{problem}: read as {fallback}"))
        return text
    diagnostics.append(warning(where, f"{problem}: read as latin-1"))
    return payload.decode("latin-1")  # any bytes are Latin-1


def unflowed(text: str, delsp: bool) -> str:
    """RFC 3676 `format=flowed` text as typed: a line ending in a space goes on in the next one of the
    same quote depth (its space dropped too with `DelSp=yes`), and space-stuffing is undone."""
    lines: list[tuple[int, str]] = []
    going_on = False
    for line in text.splitlines():
        depth = len(line) - len(line.lstrip(">"))
        words = line[depth:]
        words = words.removeprefix(" ")  # space-stuffed
        if going_on and lines[-1][0] == depth:
            lines[-1] = (depth, lines[-1][1] + words)
        else:
            lines.append((depth, words))
        going_on = words.endswith(" ") and words != "-- "  # the signature's mark is not a soft break
        if going_on and delsp:
            lines[-1] = (depth, lines[-1][1][:-1])
    return "\n".join(">" * depth + " " * bool(depth) + words for depth, words in lines)
