"""Properties of quote detection that must hold on any thread (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from threadnote.config import QuoteSettings
from threadnote.detect.alignment import SHORT_COVERAGE, held_run
from threadnote.detect.quotes import TITLE_INDEX, find_quotes
from threadnote.detect.threads import parse_thread
from threadnote.model import Paragraph
from threadnote.notes.merge import merge_thread

VOCABULARY = ["bus", "lane", "council", "shop", "street", "rent", "flat", "tax", "levy", "budget", "night", "shift", "bakery", "staff", "car", "taxi", "library", "sunday", "parent", "child", "survey", "report", "mayor", "market", "price", "wage", "school", "road", "bridge", "train", "station", "winter", "summer", "river", "town", "city", "village", "nurse", "doctor", "teacher", "union", "strike", "pension"]
EXAMPLES = settings(max_examples=40, deadline=None)


def sentence(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(6, 16))
    return " ".join(words).capitalize() + rng.choice([".", "?", "!", "…"])


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 3)))


def thread_paragraphs(seed: int, size: int) -> list[Paragraph]:
    """Paragraphs where some repeat (whole, first sentence, marked with `>`) earlier ones."""
    rng = random.Random(seed)
    texts: list[Paragraph] = []
    for _ in range(size):
        roll = rng.random()
        if texts and roll < 0.2:
            earlier = rng.choice(texts).text
            texts.append(Paragraph(earlier.split(". ")[0], 1))
        elif texts and roll < 0.3:
            texts.append(Paragraph(rng.choice(texts).text, 1, "quote", 1))
        else:
            texts.append(Paragraph(paragraph(rng), 1))
    return texts


@EXAMPLES
@given(st.integers(0, 10**6), st.integers(1, 30))
def test_a_quote_source_is_always_earlier(seed: int, size: int) -> None:
    paragraphs = thread_paragraphs(seed, size)
    for quote in find_quotes(paragraphs, "Council approves new bus lanes", QuoteSettings()):
        assert quote.source is None or quote.source == TITLE_INDEX or 0 <= quote.source < quote.paragraph


def unique_words(count: int, offset: int) -> list[str]:
    """Words never repeated anywhere: letters only, so each is one `\\w+` token."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = []
    for n in range(offset, offset + count):
        word = ""
        n += 1
        while n:
            n, r = divmod(n - 1, 26)
            word = letters[r] + word
        words.append("q" + word)
    return words


@EXAMPLES
@given(st.lists(st.integers(1, 40), min_size=1, max_size=25))
def test_a_thread_with_no_repeated_text_yields_no_quotes(lengths: list[int]) -> None:
    paragraphs, used = [], 0
    for length in lengths:
        words = unique_words(length, used)
        used += length
        paragraphs.append(Paragraph(" ".join(words) + ".", 1))
    assert find_quotes(paragraphs, "An unrelated title here", QuoteSettings()) == []


def thread_text(paragraphs: list[str]) -> str:
    return "A thread about buses\nBy Someone\n\nNotice.\n\n\n" + "\n\n".join(paragraphs) + "\n"


@EXAMPLES
@given(st.integers(0, 10**6), st.integers(2, 25))
def test_every_link_resolves_to_an_existing_comment(seed: int, size: int) -> None:
    rng = random.Random(seed)
    texts = [p.text if p.kind == "text" else "> " + p.text for p in thread_paragraphs(seed, size)]
    texts = [f"@{rng.choice(VOCABULARY)} {t}" if rng.random() < 0.1 else t for t in texts]
    detected, _ = parse_thread(thread_text(texts), "t.txt", "t", QuoteSettings())
    annotated, _ = merge_thread(detected, [])
    ids = {c.id for c in annotated.thread.comments}
    number = {c.id: c.number for c in annotated.thread.comments}
    for link in annotated.quotes:
        assert link.comment in ids
        assert link.source in ids | {"title", "article", None}
        if link.source in ids:
            assert number[link.source] < number[link.comment]
    for mention in annotated.mentions:
        assert mention.comment in ids and (mention.target is None or mention.target in ids)


@EXAMPLES
@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_shuffling_unrelated_paragraphs_keeps_the_other_links(seed: int, shuffle_seed: int) -> None:
    rng = random.Random(seed)
    related = [Paragraph(sentence(rng) + " " + sentence(rng), 1) for _ in range(3)]
    related += [Paragraph(related[0].text, 1), Paragraph(related[1].text.split(". ")[0] + ". Not so.", 1)]
    unrelated, used = [], 0
    for _ in range(rng.randint(1, 8)):
        unrelated.append(Paragraph(" ".join(unique_words(12, used)) + ".", 1))
        used += 12

    def links(order: list[Paragraph]) -> set[tuple[str, str | None]]:
        found = find_quotes(order, "", QuoteSettings())
        return {(order[q.paragraph].text, order[q.source].text if q.source is not None else None) for q in found}

    slots = sorted(random.Random(shuffle_seed).sample(range(len(related) + len(unrelated)), len(related)))
    shuffled = list(unrelated)
    random.Random(shuffle_seed).shuffle(shuffled)
    merged: list[Paragraph] = []
    for position in range(len(related) + len(unrelated)):
        merged.append(related[slots.index(position)] if position in slots else shuffled.pop())
    assert (related[3].text, related[0].text) in links(related)
    assert links(merged) == links(related + unrelated) == links(related)


@EXAMPLES
@given(st.integers(0, 10**6), st.integers(1, 30), st.sets(st.integers(1, 29)))
def test_a_block_of_marked_quotes_links_once_to_its_earliest_source(seed: int, size: int, tight: set[int]) -> None:
    paragraphs = thread_paragraphs(seed, size)
    tight = {k for k in tight if k < size}
    loose = find_quotes(paragraphs, "", QuoteSettings())
    linked = [q for q in find_quotes(paragraphs, "", QuoteSettings(), tight=tight) if q.source is not None]

    def block(k: int) -> int:
        while k in tight:
            k -= 1
        return k

    marked = [q for q in linked if paragraphs[q.paragraph].kind == "quote"]
    assert len({block(q.paragraph) for q in marked}) == len(marked)
    for quote in marked:
        sources = [q.source for q in loose if q.source is not None and block(q.paragraph) == block(quote.paragraph)
                   and paragraphs[q.paragraph].kind == "quote"]
        assert quote.source == min(sources)
    assert [q for q in linked if paragraphs[q.paragraph].kind != "quote"] == [
        q for q in loose if q.source is not None and paragraphs[q.paragraph].kind != "quote"
    ]


@EXAMPLES
@given(st.integers(0, 10**6), st.integers(1, 20))
def test_a_short_fragment_links_to_the_earliest_paragraph_holding_it(seed: int, size: int) -> None:
    rng = random.Random(seed)
    texts = [" ".join(rng.choices(VOCABULARY[:8], k=rng.randint(1, 4))) for _ in range(size)]
    planted = rng.randrange(size)
    words = texts[planted].split()
    length = rng.randint((len(words) + 1) // 2, len(words))
    start = rng.randint(0, len(words) - length)
    fragment = words[start : start + length]
    candidates = [(n, text.split()) for n, text in enumerate(texts)]
    found = held_run(fragment, candidates)
    assert found is not None
    number, first, _ = found
    assert number <= planted
    run = [w for _, held in candidates[number:] for w in held][first : first + len(fragment)]
    assert run == fragment
    assert len(fragment) >= SHORT_COVERAGE * len(candidates[number][1])  # what it touches holds its first


@EXAMPLES
@given(st.lists(st.integers(3, 14), min_size=1, max_size=5), st.integers(0, 6), st.integers(0, 3))
def test_a_block_joining_consecutive_paragraphs_links_to_the_first(lengths: list[int], before: int, after: int) -> None:
    paragraphs, used = [], 0
    for length in [12] * before + lengths + [12] * after:
        paragraphs.append(Paragraph(" ".join(unique_words(length, used)) + ".", 1))
        used += length
    block = " ".join(p.text for p in paragraphs[before : before + len(lengths)])
    found = find_quotes([*paragraphs, Paragraph(block, 1, "quote", 1)], "", QuoteSettings())
    assert [(q.paragraph, q.source) for q in found] == [(len(paragraphs), before)]


@EXAMPLES
@given(st.integers(0, 10**6), st.integers(2, 30))
def test_a_signature_is_never_an_unmarked_quote_nor_its_source(seed: int, size: int) -> None:
    rng = random.Random(seed)
    unmarked = [p for p in thread_paragraphs(seed, size) if p.kind == "text"]
    paragraphs = [Paragraph("-- " + p.text, 1) if rng.random() < 0.4 else p for p in unmarked]
    for quote in find_quotes(paragraphs, "", QuoteSettings()):
        assert quote.source is not None and quote.source >= 0
        assert not paragraphs[quote.paragraph].text.startswith("-- ")
        assert not paragraphs[quote.source].text.startswith("-- ")
