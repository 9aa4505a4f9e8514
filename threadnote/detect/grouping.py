"""Group paragraphs into comments where the scrape marks no boundaries: mail's own marks decide
the gaps they mark (an attribution line opens a message, a signature closes one), and every other
gap between two paragraphs is weighed by the boundary model (detect/boundaries.py, weights fit on
real threads by bench/fit_boundaries.py) and split where a new comment is likely; a signature names
its author."""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..model import Boundary, Paragraph
from .boundaries import (
    FEATURES,
    SIGN_OFF,
    SIGNATURE_SEPARATOR,
    BoundaryModel,
    ParagraphFacts,
    ends_message,
    gap_features,
    marked_boundaries,
    parse_model,
)
from .writers import name_writers

__all__ = ["Group", "ParagraphFacts", "group_paragraphs"]

UNSURE = 0.25
"""Gaps whose probability is this close to the threshold are reported (`check --boundaries`)."""
MOST_UNSURE = 500
"""Unsure gaps kept per thread: past a few hundred, a list of them helps no editor."""
REASONS = 2
"""Features named in an unsure gap's reason, on each side."""
MEASURES = {"cohesion", "style", "before_length", "after_length", "word_similarity", "similarity_trust"}
"""Features that measure rather than flag."""
NAME_WITH_ADDRESS = re.compile(r"^(?P<name>[^<>]*?)\s*<[^>\s]+>$")
SIGNED_NAME = re.compile(r"^[^\W\d_][^\s/:@<>]*(?: [^\W\d_][^\s/:@<>]*){0,3}$")
"""A name as a signature gives it: up to four words, each opening with a letter, none an address
or a link (a `-- ` block holding only a web address names no one)."""
SALUTATION = re.compile(r"^(?:hi|hello|hey|dear|greetings)\b[\w .'’-]{0,40},$", re.IGNORECASE)
"""A salutation on a line of its own ("Hi Simos,", "Hello all,"): it opens a message, and what
follows it is that message, an attribution line too ("Hi," over "On Wed, ... Aaron wrote:")."""


@dataclass(slots=True)
class Group:
    """Paragraphs `first` to `first + count` form one comment.

    Not frozen: a frozen dataclass is three times slower to make, and a big thread has one per comment."""

    first: int
    count: int
    author: str | None = None
    author_source: str = ""
    time: str | None = None
    source_id: str | None = None
    """What the source records of the comment (see ChromeComment); a scrape's text gives none."""
    parent_source_id: str | None = None
    source_url: str | None = None
    deleted: bool = False


@cache
def fitted_model() -> BoundaryModel:
    """The committed weights (package data, read once): bench/fit_boundaries.py writes them."""
    return parse_model(files(__package__).joinpath("boundary_weights.json").read_text(encoding="utf-8"))


def group_paragraphs(
    paragraphs: Sequence[Paragraph], facts: Sequence[ParagraphFacts], model: BoundaryModel | None = None
) -> tuple[list[Group], list[Boundary]]:
    """Decide every boundary; return the comments and the unsure decisions, most unsure first."""
    model = model or fitted_model()
    groups: list[Group] = []
    unsure: list[tuple[float, int, bool, list[float]]] = []  # (margin, gap, split, features)
    first = 0
    marked = marked_boundaries(paragraphs, facts)
    for number, features in enumerate(gap_features(paragraphs, facts), 1):
        split = _salutation_decides(paragraphs, number, marked[number - 1])
        if split is None and _quotes_own_comment(facts[number], first):
            split = True  # nobody opens a paragraph quoting the comment they are writing: it answers another
        if split is None:
            probability = model.probability(features)
            split = probability >= model.threshold
            if abs(probability - model.threshold) < UNSURE:
                unsure.append((abs(probability - model.threshold), number, split, features))
        if split:
            groups.append(_group(paragraphs, first, number - first))
            first = number
    if paragraphs:
        groups.append(_group(paragraphs, first, len(paragraphs) - first))
    name_writers(paragraphs, groups)
    return groups, [_boundary(model, number, split, features) for _, number, split, features in heapq.nsmallest(MOST_UNSURE, unsure)]


def _boundary(model: BoundaryModel, number: int, split: bool, features: list[float]) -> Boundary:
    probability = model.probability(features)
    return Boundary(number - 1, number, split, _reason(model, features, probability), probability)


def _salutation_decides(paragraphs: Sequence[Paragraph], number: int, marked: bool | None) -> bool | None:
    """The gap before paragraph `number`: none after a salutation, a new message before one where mail's marks say nothing."""
    if SALUTATION.match(paragraphs[number - 1].text):
        return False
    if marked is None and SALUTATION.match(paragraphs[number].text):
        return True
    return marked


def _quotes_own_comment(facts: ParagraphFacts, first: int) -> bool:
    return facts.starts_with_quote and facts.quotes_paragraph is not None and facts.quotes_paragraph >= first


def _reason(model: BoundaryModel, features: Sequence[float], probability: float) -> str:
    """The probability, and the features that pushed hardest towards a split and towards a join."""
    # only signs the gap has (an absent one explains nothing to an editor); measures say high or low
    pushes = sorted(
        (w * (x - m) / s, _label(name, x, m), x != 0)
        for name, x, m, s, w in zip(FEATURES, features, model.means, model.scales, model.weights)
    )
    towards_split = [name for push, name, present in reversed(pushes) if push > 0 and present][:REASONS]
    towards_join = [name for push, name, present in pushes if push < 0 and present][:REASONS]
    return (
        f"p={probability:.2f}; for a split: {', '.join(towards_split) or 'nothing'};"
        f" for a join: {', '.join(towards_join) or 'nothing'}"
    )


def _label(name: str, value: float, mean: float) -> str:
    words = name.replace("_", " ")
    if name in MEASURES:
        return f"{'high' if value > mean else 'low'} {words}"
    return words


def _group(paragraphs: Sequence[Paragraph], first: int, count: int) -> Group:
    author = signed_name(paragraphs[first + count - 1]) if count > 1 else None
    return Group(first, count, author, "signature") if author else Group(first, count)


def signed_name(paragraph: Paragraph) -> str | None:
    """The name a closing paragraph signs with: "-- Jeff Layton <jl@x.org>", "— Dana". A sign-off's
    name ("Cheers, Dave", "-- Thanks, Steve") is the writers' to read (writers.py): it may thank
    someone the comment answers. A quoted signature is the quoted writer's."""
    if paragraph.kind != "text" or not ends_message(paragraph):
        return None
    text = paragraph.text
    if SIGNATURE_SEPARATOR.match(text):
        text = text[2:]
    text = text.lstrip("-–—~ ").strip()
    if SIGN_OFF.match(text):
        return None
    with_address = NAME_WITH_ADDRESS.match(text)
    name = with_address.group("name").strip(" \"'") if with_address else text
    return name if SIGNED_NAME.match(name) else None
