"""Read a mail thread (mbox): messages split on strict `From ` lines, threaded by Message-ID, bodies decoded."""

from __future__ import annotations

import datetime
import email
import email.header
import email.policy
import email.utils
import io
import re
from collections.abc import Iterator
from email.message import EmailMessage

from ..diagnostics import Diagnostic, error, warning
from ..model import Location, Paragraph
from .html import parse_html
from .record import STRUCTURE_ERRORS, Export, SourceComment
from .scrape import parse_paragraphs

SEPARATOR = re.compile(rb"^From \S.*\d{2}:\d{2}(?::\d{2})? .*\d{4}(?:\s+[+-]\d{4})?\s*$")
"""`From <sender> <asctime>`: a body line that merely starts with `From ` is not one (mboxo writers leave those)."""
HEADER = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")
ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)
MESSAGE_IDS = re.compile(r"<[^<>\s]+>")
ADDRESS = re.compile(r"<?[\w.+'=-]+@[\w-]+(?:\.[\w-]+)+>?|[<(][\w.+'=-]+ at [\w-]+(?:\.[\w-]+)+[>)]")
"""An e-mail address, bare, bracketed or written `name at host` as list archives do: withheld from bodies."""
HIDDEN = "[address withheld]"
PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|sv)\s*:\s*|\[[^\]]{1,40}\]\s*)+", re.IGNORECASE)
MAX_PARTS = 200
"""A message of more MIME parts than this is a MIME bomb or an archive, not a comment: left out."""


def read_mbox(data: bytes, path: str) -> tuple[list[Export], list[Diagnostic]]:
    """The messages of one thread (a file may hold several; they are one archive here)."""
    diagnostics: list[Diagnostic] = []
    messages: list[tuple[SourceComment, list[str], str]] = []
    found = 0
    for line, separator, chunk in split_mbox(data):  # one message's bytes at a time
        found += 1
        where = Location(path, line)
        try:
            read = _message(chunk, separator, where, diagnostics)
        except STRUCTURE_ERRORS as exc:  # the email package meets malformed MIME every way
            diagnostics.append(warning(where, f"a message that cannot be read ({type(exc).__name__}): left out"))
            continue
        if read is not None:
            messages.append(read)
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


def split_mbox(data: bytes) -> Iterator[tuple[int, bytes, bytes]]:
    """(line, separator, message) for each message; a separator must start the file or follow a blank
    line. A file of one message with no separator (an `.eml`) is that message."""
    offset, start, first = 0, -1, 0
    separator = b""
    blank_before = True
    for number, raw in enumerate(io.BytesIO(data), 1):  # line by line: the file is never split whole
        text = raw.rstrip(b"\r\n")
        if blank_before and text.startswith(b"From ") and SEPARATOR.match(text):
            if start >= 0:
                yield first, separator, data[start:offset]
            separator, first, start = text, number + 1, offset + len(raw)
        offset += len(raw)
        blank_before = not text.strip()
    if start >= 0:
        yield first, separator, data[start:]
    elif HEADER.match(data[:200]):
        yield 1, b"", data


def _message(
    chunk: bytes, separator: bytes, where: Location, diagnostics: list[Diagnostic]
) -> tuple[SourceComment, list[str], str] | None:
    message = email.message_from_bytes(ESCAPED_FROM.sub(rb"\1", chunk), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    if not message.keys():
        diagnostics.append(warning(where, "no mail headers after the 'From ' line: left out"))
        return None
    if sum(1 for _ in message.walk()) > MAX_PARTS:
        diagnostics.append(warning(where, f"a message of more than {MAX_PARTS} MIME parts: left out"))
        return None
    ident = _ids(_raw(message, "Message-ID"))
    if not ident:
        diagnostics.append(warning(where, "a message without a Message-ID: its id comes from its words"))
    candidates = _ids(_raw(message, "In-Reply-To"))[:1] + _ids(_raw(message, "References"))[::-1]
    comment = SourceComment(
        source_id=ident[0] if ident else None,
        parent_id=None,
        author=_author(message),
        time=_time(message, separator, where, diagnostics),
        paragraphs=_body(message, chunk, where, diagnostics),
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
        moment = email.utils.parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        moment = None
    if moment is None:
        moment = _separator_time(separator)
        diagnostics.append(warning(where, f"Date '{value}' is not a date: the 'From ' line's time is used"
                                          if moment else f"Date '{value}' is not a date: left undated"))
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _separator_time(separator: bytes) -> datetime.datetime | None:
    words = separator.decode("ascii", "replace").split()
    for start in range(len(words) - 4):
        try:
            return datetime.datetime.strptime(" ".join(words[start : start + 5]), "%a %b %d %H:%M:%S %Y")
        except ValueError:
            continue
    return None


def _body(message: EmailMessage, chunk: bytes, where: Location, diagnostics: list[Diagnostic]) -> tuple[Paragraph, ...]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ()
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, ValueError):
        charset = part.get_content_charset()
        diagnostics.append(warning(where, f"charset '{charset}' is unknown: read as UTF-8, bad bytes replaced"))
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
    if not isinstance(text, str):
        return ()
    text = ADDRESS.sub(HIDDEN, text)
    line = where.line + chunk[: max(chunk.find(b"\n\n"), 0)].count(b"\n") + 2
    if part.get_content_type() == "text/html":
        return parse_html(text, line)
    return tuple(parse_paragraphs(text, line))
