"""Time detection on odd thread shapes at size n and 4n, and flag those that grow much faster than linear.

    python bench/scaling_probe.py                 # every shape, n = 2,000 units
    python bench/scaling_probe.py --n 500 --shape deep_nesting --shape huge_line

Not part of the test suite. Each shape builds a thread.txt text of `n` units (lines, paragraphs,
characters: whatever repeats in it) and `4n` units; `threadnote.detect.threads.parse_thread` reads
each, timed in processor seconds (the best of `--runs`: other processes share the machine). A shape
whose time grows more than FLAG_RATIO times per 4x is flagged: near-linear detection grows about 4x,
an n log n one a little more, a quadratic loop 16x.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from threadnote.config import QuoteSettings
from threadnote.detect.threads import parse_thread

FLAG_RATIO = 5.0
"""Growth per 4x of input past which a shape is flagged (linear is 4)."""
HEAD = "A thread about buses\nBy Someone\n\nNotice.\n\n\n"
MAX_DEPTH = 60
WORDS = ["bus", "lane", "council", "shop", "street", "rent", "flat", "tax", "levy", "budget", "night", "shift", "bakery", "staff", "car", "taxi"]


def words(k: int, count: int = 12) -> str:
    """`count` words that differ with `k`, so paragraphs do not all repeat one another."""
    return " ".join(WORDS[(k * 7 + i * 3 + k // 16) % len(WORDS)] + str((k * 31 + i) % 97) for i in range(count))


def colon_lines(n: int) -> str:
    return "Bob writes:\n" + "\n".join(f": {words(k)}" for k in range(n)) + "\n\nI agree.\n"


def bar_lines(n: int) -> str:
    return "\n\n".join(f"{words(k)}\n\n| {words(k)}" for k in range(n)) + "\n"


def lone_colon_lines(n: int) -> str:
    """Lone `: ` lines each repeating a line far above: the lookback search runs for every one."""
    return "\n\n".join(f"{words(k)} and then some\n\n: {words(k // 2)} and then some" for k in range(n)) + "\n"


def huge_line(n: int) -> str:
    return " ".join(words(k) for k in range(n)) + "\n"


def one_line_paragraphs(n: int) -> str:
    return "\n\n".join(words(k, 6) + "." for k in range(n * 25)) + "\n"


def deep_nesting(n: int) -> str:
    """Quotes of every depth up to MAX_DEPTH and back, line by line (the text grows linearly with n)."""
    return "Ann wrote:\n" + "\n".join(">" * (1 + k % MAX_DEPTH) + " " + words(k) for k in range(n)) + "\n\nOk.\n"


def very_deep_line(n: int) -> str:
    return ">" * (n * 20) + " deep\n\nOk.\n"


def attributions_in_a_row(n: int) -> str:
    """Top-posted replies over attribution lines, each over a quote of the whole thread so far."""
    quoted = "> This is cool and I like it. > Jesus > On Sat, 1 Jan 2000, Andy wrote:\n>> Hey,\n\n"
    blocks = [quoted]
    for k in range(n // 8):
        blocks.append(f"{words(k)}.\n\nOn Sat, 1 Jan 2000, Writer{k} wrote:\n" + "\n".join(f"> {words(j)}." for j in range(k % 64, k % 64 + 40)))
    return "\n\n".join(blocks) + "\n"


def one_long_quote_many_attributions(n: int) -> str:
    """Many attribution lines, each over the same long tail of quoted paragraphs."""
    tail = "\n\n".join(f"> {words(j)}." for j in range(n))
    top = "> Cool. > Jo > On Sat, 1 Jan 2000, Andy wrote:\n>> Hey,\n\n"
    heads = "\n\n".join(f"{words(k)}.\n\nOn Sat, 1 Jan 2000, W{k} wrote:\n> {words(k + 1)}." for k in range(n // 4))
    return top + heads + "\n\nOn Sun, 2 Jan 2000, Last wrote:\n\n" + tail + "\n"


def long_quote(n: int) -> str:
    body = "\n".join(words(k) for k in range(n))
    return body + "\n\nOn Sat, Ann wrote:\n" + "\n".join("> " + line for line in body.split("\n")) + "\n\nYes.\n"


def salutations(n: int) -> str:
    return "\n\n".join(f"Hi Writer{k},\n\n{words(k)}." for k in range(n)) + "\n"


def same_chrome_line(n: int) -> str:
    return "\n\n".join(f"Reply · Share · Report\n\n{words(k)}." for k in range(n)) + "\n"


def reaction_rows(n: int) -> str:
    return "\n\n".join(f"{words(k)}.\n\n👍 {k % 9 + 1}  🎉 {k % 3 + 1}  ❤️ {k % 5}" for k in range(n)) + "\n"


def symbol_lines(n: int) -> str:
    return "\n\n".join(f"{words(k)}.\n\n" + "*-=#" * (k % 20 + 1) for k in range(n)) + "\n"


def no_blank_lines(n: int) -> str:
    return "\n".join(words(k) + "." for k in range(n * 4)) + "\n"


def nul_bytes(n: int) -> str:
    return "\n\n".join(f"{words(k)}\x00{words(k + 1)}." for k in range(n)) + "\n"


def mixed_line_ends(n: int) -> str:
    ends = ["\n", "\r\n", "\r", "\n\r"]
    return "".join(words(k) + "." + ends[k % 4] * (1 + k % 2) for k in range(n * 2))


def bom_mid_text(n: int) -> str:
    return "\n\n".join(f"\ufeff{words(k)}.\ufeff" for k in range(n)) + "\n"


def fenced_code(n: int) -> str:
    """Many fences, each holding `: ` and `| ` lines (every marked run is checked against every span)."""
    return "\n\n".join(f"```\n: {words(k)}\n: x\n| grep y\n```\n\nBob writes:\n: {words(k)}\n: more" for k in range(n // 4)) + "\n"


SHAPES: dict[str, Callable[[int], str]] = {
    "colon_lines": colon_lines, "bar_lines": bar_lines, "lone_colon_lines": lone_colon_lines,
    "huge_line": huge_line, "one_line_paragraphs": one_line_paragraphs, "deep_nesting": deep_nesting,
    "very_deep_line": very_deep_line, "attributions_in_a_row": attributions_in_a_row,
    "one_long_quote_many_attributions": one_long_quote_many_attributions, "long_quote": long_quote,
    "salutations": salutations, "same_chrome_line": same_chrome_line, "reaction_rows": reaction_rows,
    "symbol_lines": symbol_lines, "no_blank_lines": no_blank_lines, "nul_bytes": nul_bytes,
    "mixed_line_ends": mixed_line_ends, "bom_mid_text": bom_mid_text, "fenced_code": fenced_code,
}


def detection_seconds(text: str, runs: int) -> float:
    """The least processor time of `runs` reads of the text."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        parse_thread(HEAD + text, "thread.txt", "probe", QuoteSettings())
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="units of the smaller input")
    parser.add_argument("--runs", type=int, default=2, help="timed reads per size (the least counts)")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only these shapes")
    args = parser.parse_args()
    flagged = []
    print(f"{'shape':34} {'chars n':>10} {'s at n':>8} {'s at 4n':>8} {'ratio':>6}")
    for name in args.shape or SHAPES:
        small, big = SHAPES[name](args.n), SHAPES[name](4 * args.n)
        t_small, t_big = detection_seconds(small, args.runs), detection_seconds(big, args.runs)
        ratio = t_big / max(t_small, 1e-3)
        flag = ratio > FLAG_RATIO and t_big > 0.05  # below that, timer noise decides the ratio
        flagged += [name] if flag else []
        print(f"{name:34} {len(small):10,} {t_small:8.3f} {t_big:8.3f} {ratio:6.1f}{'  SUPERLINEAR' if flag else ''}", flush=True)
    print(f"flagged: {', '.join(flagged) or 'none'}")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
