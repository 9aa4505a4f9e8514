"""A line that no first stretch of chrome shows (the first post's head unlike the rest), standing in
the block of the opening line right under it, opens its comment: `alice says:` over its time,
though a row of actions (`Reply`) stands before it (bench/chrome_shapes.py's wordpress and guardian)."""

from __future__ import annotations

from threadnote.readers.chrome_roles import group_roles

# lines: 0 the first post's time; 2 `alice says:` over 3 its time; 5 `Reply`, 6 `bob says:` over
# 7 its time; 9 `Reply` ends the thread; the rest is text
MEMBERS = [[0, 3, 7], [2, 6], [5, 9]]
"""The groups' lines: the times, the `says:` lines, the rows of actions."""
RUN_OF = {0: 0, 2: 2, 3: 2, 5: 5, 6: 5, 7: 5, 9: 9}
VARIES = [True, True, False]


def test_a_line_in_its_heads_block_opens_the_comment() -> None:
    assert group_roles(MEMBERS, VARIES, RUN_OF, 10, True, frozenset({2, 6})) == [True, True, False]


def test_a_line_before_a_head_in_another_block_ends_the_comment_above() -> None:
    assert group_roles(MEMBERS, VARIES, RUN_OF, 10, True, frozenset()) == [True, False, False]
