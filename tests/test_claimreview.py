"""claimreview.py: schema.org ClaimReview JSON-LD for fact-checks, safe inside a <script> element."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from threadnote.build.pipeline import analyse
from threadnote.model import AnnotatedThread, Location
from threadnote.render.claimreview import claim_reviews

REPO = Path(__file__).resolve().parent.parent
BASE = "https://archive.example.org/china-japan/"


@pytest.fixture(scope="module")
def sample() -> AnnotatedThread:
    result, _ = analyse(REPO)
    return result.threads[0]


def page_url(comment_id: str) -> str:
    return f"{BASE}index.html#{comment_id}"


def test_one_review_per_fact_check(sample: AnnotatedThread) -> None:
    reviews = json.loads(claim_reviews(sample, page_url, "Comment archive"))
    fact_checks = [n for n in sample.notes if n.type == "fact-check"]
    assert len(reviews) == len(fact_checks) > 5
    first = next(n for n in fact_checks if n.text == "Yukio Hatoyama in 2011")
    review = next(r for r in reviews if r["url"].endswith("#" + first.id))
    assert review == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{BASE}index.html#{first.id}",
        "claimReviewed": first.claim,
        "itemReviewed": {"@type": "Claim", "appearance": {"@type": "Comment", "url": page_url(first.comment or "")}},
        "reviewRating": {"@type": "Rating", "alternateName": "false", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
        "author": {"@type": "Organization", "name": "Comment archive"},
        "datePublished": "2026-11-28",
        "editor": {"@type": "Person", "name": "Research desk"},
        "citation": list(first.sources),
    }


@pytest.mark.parametrize(
    ("verdict", "rating"),
    [
        ("true", {"ratingValue": 5, "bestRating": 5, "worstRating": 1}),
        ("mixed", {"ratingValue": 3, "bestRating": 5, "worstRating": 1}),
        ("misleading", {"ratingValue": 2, "bestRating": 5, "worstRating": 1}),
        ("unverifiable", {}),
    ],
    ids=["true", "mixed", "misleading", "unverifiable"],
)
def test_verdicts_become_ratings(sample: AnnotatedThread, verdict: str, rating: dict[str, int]) -> None:
    note = replace(next(n for n in sample.notes if n.type == "fact-check"), verdict=verdict)
    (review,) = json.loads(claim_reviews(replace(sample, notes=(note,)), page_url, "A"))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": verdict, **rating}


def test_the_claim_defaults_to_the_words_and_names_their_author(sample: AnnotatedThread) -> None:
    note = replace(next(n for n in sample.notes if n.type == "fact-check"), claim=None, text="words", sources=(), editor=None)
    comment = next(c for c in sample.thread.comments if c.id == note.comment)
    thread = replace(sample.thread, comments=tuple(replace(c, author="Ricky") if c is comment else c for c in sample.thread.comments))
    (review,) = json.loads(claim_reviews(replace(sample, thread=thread, notes=(note,)), page_url, "A"))
    assert review["claimReviewed"] == "words"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Ricky"}
    assert "citation" not in review and "editor" not in review


def test_script_breaking_characters_are_escaped(sample: AnnotatedThread) -> None:
    note = replace(next(n for n in sample.notes if n.type == "fact-check"), claim="</script><script>alert(1)</script> & more")
    text = claim_reviews(replace(sample, notes=(note,)), page_url, "A & B <archive>")
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text and "\\u0026" in text
    (review,) = json.loads(text)
    assert review["claimReviewed"] == "</script><script>alert(1)</script> & more"
    assert review["author"]["name"] == "A & B <archive>"


def test_removed_words_are_never_published(sample: AnnotatedThread) -> None:
    note = replace(next(n for n in sample.notes if n.type == "fact-check"), claim=None)
    hidden = replace(sample, notes=(note,), hidden=frozenset({note.comment or ""}))
    assert claim_reviews(hidden, page_url, "A") == ""
    restated = replace(hidden, notes=(replace(note, claim="The editors' words"),))
    assert json.loads(claim_reviews(restated, page_url, "A"))[0]["claimReviewed"] == "The editors' words"


def test_only_the_comments_of_one_page(sample: AnnotatedThread) -> None:
    fact_checks = [n for n in sample.notes if n.type == "fact-check"]
    one = {fact_checks[0].comment or ""}
    on_page = replace(sample, notes=tuple(n for n in sample.notes if n.comment in one))  # as a page passes them
    reviews = json.loads(claim_reviews(on_page, page_url, "A"))
    assert [r["itemReviewed"]["appearance"]["url"] for r in reviews] == [page_url(c) for c in one]
    assert claim_reviews(replace(sample, notes=()), page_url, "A") == ""


def test_no_fact_checks_no_script(sample: AnnotatedThread) -> None:
    others = tuple(n for n in sample.notes if n.type != "fact-check")
    assert claim_reviews(replace(sample, notes=others), page_url, "A") == ""
    orphan = replace(next(n for n in sample.notes if n.type == "fact-check"), comment=None, location=Location("x"))
    assert claim_reviews(replace(sample, notes=(orphan,)), page_url, "A") == ""


def test_deterministic(sample: AnnotatedThread) -> None:
    assert claim_reviews(sample, page_url, "A") == claim_reviews(sample, page_url, "A")
