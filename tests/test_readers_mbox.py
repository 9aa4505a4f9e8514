"""The mbox reader: the real samples (Perceval's mbox files, two list threads as .eml), and documented cases."""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import re
from pathlib import Path

import pytest
from export_support import FIXTURES, detect, sample, tree

from threadnote.readers.mbox import read_mbox, split_mbox, unflowed

ID = re.compile(r"<[^<>\s]+>")


def as_mbox(messages: list[bytes]) -> bytes:
    """What an mboxrd writer makes of single messages: a `From ` line each, body `From ` lines escaped."""
    return b"".join(
        b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n" + re.sub(rb"(?m)^(>*From )", rb">\1", m).rstrip(b"\n") + b"\n\n"
        for m in messages
    )


def _source_tree(messages: list[bytes]) -> dict[str, tuple[str | None, str]]:
    """Message-IDs, parents (In-Reply-To, else the nearest References entry in the file) and display names."""
    parsed = [email.message_from_bytes(m, policy=email.policy.compat32) for m in messages]
    present = {ID.findall(str(m["Message-ID"]))[0] for m in parsed}
    found = {}
    for message in parsed:
        wanted = ID.findall(str(message["In-Reply-To"] or ""))[:1] + ID.findall(str(message["References"] or ""))[::-1]
        parent = next((w for w in wanted if w in present), None)
        name = email.utils.parseaddr(str(message["From"]))[0]
        found[ID.findall(str(message["Message-ID"]))[0]] = (parent, str(email.header.make_header(email.header.decode_header(name))))
    return found


@pytest.mark.parametrize("folder, count", [("notmuch-list-2009-11-thread", 7), ("lkml-2010-11-thread", 21)])
def test_a_real_list_thread_keeps_every_message_parent_and_name(folder: str, count: int) -> None:
    messages = [p.read_bytes() for p in sorted(sample(f"mbox/{folder}").glob("*.eml"))]
    thread = detect(as_mbox(messages), "thread.mbox")[0].thread
    assert len(thread.comments) == count
    assert {k: (parent, author) for k, (parent, author, _) in tree(thread).items()} == _source_tree(messages)
    assert not any("@" in (c.author or "") for c in thread.comments)


def test_the_lkml_thread_whose_root_is_missing_has_its_replies_top_level() -> None:
    messages = [p.read_bytes() for p in sorted(sample("mbox/lkml-2010-11-thread").glob("*.eml"))]
    detected, problems = detect(as_mbox(messages), "thread.mbox")
    roots = [c for c in detected.thread.comments if c.parent is None]
    assert len(roots) == 1 and problems == []
    assert detected.thread.notice == "1 replies answer comments that are not in the export: they are shown as top-level comments."


@pytest.mark.parametrize("name, count", [
    ("perceval-mbox_complex.mbox", 2), ("perceval-mbox_multipart.mbox", 2),
    ("perceval-mbox_unixfrom_encoding.mbox", 1), ("perceval-pipermail_2015_november.mbox", 4),
])
def test_the_perceval_samples_split_into_their_messages(name: str, count: int) -> None:
    data = sample(f"mbox/{name}").read_bytes()
    exports, problems = read_mbox(data, name)
    assert problems == [] and len(exports[0].comments) == count
    names = [c.author for c in exports[0].comments]
    assert all(n and "@" not in n and " at " not in n for n in names)


def test_pipermail_names_in_brackets_and_encoded_words_are_decoded() -> None:
    exports, _ = read_mbox(sample("mbox/perceval-pipermail_2015_november.mbox").read_bytes(), "x.mbox")
    assert [c.author for c in exports[0].comments] == ["Andy Grunwald", "Jesus M. Gonzalez-Barahona", "Andy Grunwald", "Andy Grunwald"]
    exports, _ = read_mbox(sample("mbox/perceval-mbox_complex.mbox").read_bytes(), "x.mbox")
    assert "Danilo Šegan" in [c.author for c in exports[0].comments]


def test_the_documented_cases() -> None:
    detected, problems = detect((FIXTURES / "mbox-small.mbox").read_bytes(), "thread.mbox")
    thread = detected.thread
    assert thread.title == "Café opening hours"
    assert tree(thread) == {
        "<one@example.com>": (None, "Alïce Martin", False),
        "<two@example.com>": ("<one@example.com>", "Bob", False),
        "<three@example.com>": ("<two@example.com>", "carol", False),
        "<four@example.com>": (None, "Dave", False),
    }
    one, two, three, four = thread.comments
    assert [p.text for p in one.paragraphs] == [
        "The café opens at nine, they say.", "From the start it was like that.", "From here on it is still the same message.",
    ]
    assert [(p.kind, p.text) for p in two.paragraphs] == [
        ("text", "On Mon, Alice [address withheld] wrote:"), ("quote", "The café opens at nine, they say."), ("text", "Not on Sundays."),
    ]
    assert [(p.text, [m.kind for m in p.inline]) for p in three.paragraphs] == [("Only HTML here & there.", ["strong"])]
    assert four.time == "2019-03-04T15:00:00Z"
    assert [str(p) for p in problems] == [
        "content/t/thread.mbox:51: warning: Date '' is not a date: the 'From ' line's time is used",
        "content/t/thread.mbox:51: warning: charset 'x-unknown-charset' is unknown: read as utf-8",
    ]
    assert len(detected.quotes) == 1  # the `>` quote links to the message it quotes


def test_a_body_line_that_starts_with_from_splits_nothing(tmp_path: Path) -> None:
    data = b"From a@example.com Mon Mar  4 12:30:00 2019\nSubject: x\n\nHi\n\nFrom what I saw, no.\n"
    assert len(list(split_mbox(data))) == 1
    assert list(split_mbox(b"not mail at all")) == []


def test_a_mime_bomb_is_left_out_and_the_rest_read() -> None:
    nested = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(3000))
    bomb = b"From x@example.com Mon Mar  4 12:30:00 2019\nMessage-ID: <bomb@x>\nSubject: boom\n" + nested + b"\n"
    data = bomb + b"\n" + (FIXTURES / "mbox-small.mbox").read_bytes()
    exports, problems = read_mbox(data, "x.mbox")
    assert len(exports[0].comments) == 4
    assert [str(p) for p in problems][:1] == ["x.mbox:2: warning: a message that cannot be read (RecursionError): left out"]


def _variants(crlf: bool) -> bytes:
    data = (FIXTURES / "mbox-variants.mbox").read_bytes()
    return data.replace(b"\n", b"\r\n") if crlf else data


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_flowed_text_lying_charsets_base64_and_a_digest(crlf: bool) -> None:
    detected, problems = detect(_variants(crlf), "thread.mbox")
    thread = detected.thread
    assert [str(p) for p in problems] == [
        "content/t/thread.mbox:14: warning: the text is not utf-8, as it says: read as windows-1252",
        "content/t/thread.mbox:25: warning: a message without a Message-ID: its id comes from its words",
    ]
    by_author = {c.author: c for c in thread.comments}
    names = {c.id: c.author for c in thread.comments}
    parents = {c.author: names[c.parent] if c.parent else None for c in thread.comments}
    # Ben answers two messages, one in the file; Cy names only References; Dee's In-Reply-To names no id;
    # the digest itself is no comment: its two messages are
    assert parents == {"Ann Example": None, "Ben": "Ann Example", "Cy": "Ben", "Dee": None, "Eve": "Ben"}
    texts = {name: [p.text for p in c.paragraphs] for name, c in by_author.items()}
    assert texts["Ann Example"] == ["A word cut by the writer: supercalifragilistic. From a stuffed line."]
    assert texts["Ben"] == ["Labelled UTF-8, written in Latin-1: café."]
    assert texts["Cy"] == ["Encoded in base64: naïve café."]
    assert texts["Dee"] == ["In the digest, answering nobody it names."]
    assert thread.notice is None


def test_an_mbox_read_in_chunks_cut_anywhere_splits_the_same() -> None:
    data = _variants(crlf=True)
    whole = list(split_mbox(data))
    for size in (1, 5, 333):
        assert list(split_mbox(data[at : at + size] for at in range(0, len(data), size))) == whole


def test_unflowed_joins_soft_breaks_of_one_quote_depth_only() -> None:
    assert unflowed("> one \n> two\n>> three \n> four\n-- \nsig", delsp=False) == "> one two\n>> three \n> four\n-- \nsig"
