"""schema.org ClaimReview JSON-LD for a thread's fact-checks, safe inside a <script> element."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from typing import Any

from ..model import AnnotatedThread, Comment, Note

RATINGS = {"false": 1, "misleading": 2, "mixed": 3, "true": 5}
"""Verdicts on schema.org's 1 (worst) to 5 (best) scale; `unverifiable` has no number, only its name."""
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def claim_reviews(
    annotated: AnnotatedThread,
    page_url: Callable[[str], str],
    site_title: str,
    comments: Mapping[str, Comment] | None = None,
) -> str:
    """A JSON-LD list of ClaimReview objects, one per fact-check on a comment; "" when there are none.

    `page_url(comment_id)` gives the URL of the comment (`.../index.html#c-...`): absolute when the
    site has a base_url, as search engines want. A page of a paginated thread passes the thread
    with the notes on its own comments only. The text has no `<`, `>` or `&`, so it can go
    inside `<script type="application/ld+json">` as it is.
    """
    by_id = comments if comments is not None else {c.id: c for c in annotated.thread.comments}
    reviews = [
        claim_review(note, by_id[note.comment or ""], annotated.hidden, page_url, site_title)
        for note in annotated.notes
        if note.type == "fact-check" and note.comment in by_id
    ]
    found = [review for review in reviews if review is not None]
    return json.dumps(found, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE) if found else ""


def claim_review(
    note: Note, comment: Comment, hidden: Collection[str], page_url: Callable[[str], str], site_title: str
) -> dict[str, Any] | None:
    """One ClaimReview; None when the claim's words were removed by the editors and no `claim:` restates it."""
    claim = note.claim or (None if comment.id in hidden else note.text)
    if not claim or note.verdict is None:
        return None
    comment_url = page_url(comment.id)
    claimed: dict[str, Any] = {
        "@type": "Claim",
        "appearance": {"@type": "Comment", "url": comment_url},
    }
    if comment.author:
        claimed["author"] = {"@type": "Person", "name": comment.author}
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": note.verdict}
    if note.verdict in RATINGS:
        rating.update(ratingValue=RATINGS[note.verdict], bestRating=5, worstRating=1)
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": comment_url.split("#", 1)[0] + "#" + note.id,
        "claimReviewed": claim,
        "itemReviewed": claimed,
        "reviewRating": rating,
        "author": {"@type": "Organization", "name": site_title},
    }
    if note.date:
        review["datePublished"] = note.date
    if note.editor:
        review["editor"] = {"@type": "Person", "name": note.editor}
    if note.sources:
        review["citation"] = list(note.sources)
    return review
