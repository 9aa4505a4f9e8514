"""Tests of stable comment ids (threadnote.detect.identity): content-derived, stable across re-imports."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.detect.identity import KEY_WORDS, comment_ids, comment_key, digest
from threadnote.model import Paragraph

ID_PATTERN = re.compile(r"^c-[a-z2-7]{8}(-\d+)?$")


def comment(*texts: str) -> list[Paragraph]:
    return [Paragraph(text, line) for line, text in enumerate(texts, 1)]


THREAD = [
    comment("Japan should simply say no thanks."),
    comment("This is nothing but a snake country.", "They'll turn on you again."),
    comment("separation of economics from politics is just impossible"),
    comment("Japan's influence is fading fast."),
    comment("Save us Obi Wan, you're our only hope."),
]


def ids_by_words(groups: list[list[Paragraph]]) -> dict[str, str]:
    return {group[0].text: ident for group, ident in zip(groups, comment_ids(groups))}


def test_ids_have_the_documented_shape() -> None:
    ids = comment_ids(THREAD + [comment("Japan should simply say no thanks.")])
    assert all(ID_PATTERN.match(ident) for ident in ids), ids
    assert len(set(ids)) == len(ids)


def test_id_is_a_digest_of_the_comment_key() -> None:
    assert comment_ids([comment("Hello, World!")]) == [digest("hello world")]
    assert digest("hello world") == digest("hello world")
    assert ID_PATTERN.match(digest(""))


@pytest.mark.parametrize(
    "change",
    [
        lambda t: [comment("A new first comment.")] + t,
        lambda t: t[:2] + [comment("Inserted in the middle."), comment("And another.")] + t[2:],
        lambda t: t + [comment("Appended at the end.")],
        lambda t: t[:1] + t[2:],
        lambda t: t[1:],
        lambda t: list(reversed(t)),
    ],
    ids=["insert-first", "insert-middle", "append", "remove-middle", "remove-first", "reorder"],
)
def test_ids_survive_changes_around_them(change) -> None:  # type: ignore[no-untyped-def]
    before = ids_by_words(THREAD)
    after = ids_by_words(change(THREAD))
    for words, ident in after.items():
        if words in before:
            assert ident == before[words], words


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (comment("Japan should simply say no thanks."), comment("Japan should simply say no thanks.")),
        (comment("Japan should simply say, no thanks!"), comment("japan should  simply say no THANKS")),
        (comment("Japan should simply", "say no thanks."), comment("Japan should simply say no thanks.")),
    ],
    ids=["same-words", "case-and-punctuation", "re-wrapped-paragraphs"],
)
def test_same_words_give_the_same_id(a: list[Paragraph], b: list[Paragraph]) -> None:
    # in two different imports (threads) of the same comment
    assert comment_ids([a]) == comment_ids([b])


def test_different_words_give_different_ids() -> None:
    assert comment_ids([comment("one two three")]) != comment_ids([comment("one two four")])


def test_a_typo_fixed_after_the_key_words_keeps_the_id() -> None:
    words = " ".join(f"w{n}" for n in range(KEY_WORDS))
    assert comment_ids([comment(words + " teh end")]) == comment_ids([comment(words + " the end")])


def test_word_for_word_duplicates_get_numbered_suffixes() -> None:
    same = comment("+1 this")
    ids = comment_ids([same, comment("other"), same, same])
    base = digest("1 this")
    assert ids == [base, comment_ids([comment("other")])[0], f"{base}-2", f"{base}-3"]


def test_comments_sharing_their_first_words_are_told_apart_by_the_rest() -> None:
    opening = " ".join(f"w{n}" for n in range(KEY_WORDS))
    first, second = comment(opening + " and then yes"), comment(opening + " and then no")
    ids = comment_ids([first, second])
    # the earlier comment keeps the digest of its first words: appending the later one changes nothing
    assert ids == [digest(comment_key(first)), digest(comment_key(second, None))]
    assert ids[0] == comment_ids([first])[0]
    assert ids[0] != ids[1] and not ids[1].endswith("-2")


def test_a_reply_pasting_a_long_comment_leaves_its_id_alone() -> None:
    long_comment = comment(" ".join(f"word{n}" for n in range(40)))
    reply = comment(long_comment[0].text, "I could not agree more.")
    before = comment_ids(THREAD + [long_comment])
    after = comment_ids(THREAD + [long_comment, reply])
    assert after[: len(before)] == before
    assert len(set(after)) == len(after)


def test_key_ignores_case_punctuation_and_spacing() -> None:
    assert comment_key(comment("Thanks, Mr Xi… but NO  thanks!")) == "thanks mr xi but no thanks"


words = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
comments = st.lists(words, min_size=1, max_size=12).map(lambda ws: " ".join(ws))


@settings(max_examples=150, deadline=None, database=None)
@given(
    thread=st.lists(comments, min_size=1, max_size=15, unique_by=lambda text: comment_key(comment(text))),
    extra=st.lists(comments, max_size=5),
    positions=st.lists(st.integers(min_value=0), max_size=5),
)
def test_inserting_comments_keeps_every_existing_id(thread: list[str], extra: list[str], positions: list[int]) -> None:
    keys = {comment_key(comment(text)) for text in thread}
    # a new comment with the same key as an old one is a duplicate, which is numbered by position
    extra = [text for text in extra if comment_key(comment(text)) not in keys]
    before = ids_by_words([comment(text) for text in thread])
    changed = list(thread)
    for text, position in zip(extra, positions + [len(changed)] * len(extra)):
        changed.insert(position % (len(changed) + 1), text)
    after = ids_by_words([comment(text) for text in changed])
    assert {text: after[text] for text in thread} == before


few_words = st.lists(st.sampled_from(["a", "b"]), min_size=20, max_size=30).map(" ".join)
"""Comments from a two-word vocabulary: first-word clashes and exact duplicates are frequent."""


@settings(max_examples=60, deadline=None, database=None)
@given(thread=st.lists(few_words, min_size=1, max_size=10), appended=st.lists(few_words, min_size=1, max_size=5))
def test_appending_comments_keeps_every_existing_id(thread: list[str], appended: list[str]) -> None:
    before = comment_ids([comment(text) for text in thread])
    after = comment_ids([comment(text) for text in thread + appended])
    assert after[: len(before)] == before
    assert len(set(after)) == len(after)
    assert all(ID_PATTERN.match(ident) for ident in after)


def reference_key(paragraphs: list[Paragraph], words: int | None) -> str:
    """The key as first defined: the `\\w+` runs of each lower-cased paragraph, the first `words` of them."""
    found = [word for paragraph in paragraphs for word in re.findall(r"\w+", paragraph.text.lower())]
    return " ".join(found[:words] if words is not None else found)


def reference_digest(key: str) -> str:
    raw = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return "c-" + base64.b32encode(raw).decode("ascii").lower()[:8]


mixed_characters = list("aZ09_ .,;'\"-\n\t\x1c’‘“”…—–éÉİΣσßﬁ٣\u0307")
mixed_text = st.text(alphabet=st.sampled_from(mixed_characters), max_size=60)
"""ASCII, the typographic marks the fast path reads as spaces, and letters whose lower case is special."""
long_text = st.lists(
    st.sampled_from(["Word", "x", "ÉTÉ", "it’s", "“quote”", "ΑΣ", "—", "a_b", "...", "  "]), max_size=200
)


@settings(max_examples=300, deadline=None, database=None)
@given(texts=st.lists(st.one_of(mixed_text, long_text.map("".join), long_text.map(" ".join)), min_size=1, max_size=4))
def test_keys_are_the_lower_cased_word_runs_ids_always_had(texts: list[str]) -> None:
    # ids are pinned by users' notes files: the fast paths must give exactly the regex's words
    paragraphs = comment(*texts)
    assert comment_key(paragraphs) == reference_key(paragraphs, KEY_WORDS)
    assert comment_key(paragraphs, None) == reference_key(paragraphs, None)


@settings(max_examples=200, deadline=None, database=None)
@given(key=st.text(max_size=40))
def test_digest_is_the_lower_cased_base32_of_the_blake2b_digest(key: str) -> None:
    assert digest(key) == reference_digest(key)
