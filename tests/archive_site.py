"""Make an archive site from generated threads: each thread gets a front matter date (spread
over the years, deterministically) and, for most, a section.

    python tests/archive_site.py GENERATED_DIR SITE_DIR [--search]

GENERATED_DIR is what `shared/bench/gen_archive.py THREADS COMMENTS DIR` wrote.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

FIRST_DAY = date(2015, 1, 1)
SECTIONS = ("City", "Transport", "Politics", None)
"""Sections by thread number, `None` for a thread without one."""


def published(number: int, days_apart: float) -> str:
    return (FIRST_DAY + timedelta(days=int(number * days_apart))).isoformat()


def make_archive(generated: Path, site: Path, days_apart: float = 1.3, search: bool = False, undated: int = 0) -> list[str]:
    """Write the site, plus `undated` small threads (`u1`, ...) that nothing dates: no front
    matter date and no comment times. Gives the generated threads' slugs, in date order."""
    threads = sorted((generated / "threads").iterdir(), key=lambda p: int(p.name[1:]))
    (site / "content").mkdir(parents=True, exist_ok=True)
    (site / "site.yaml").write_text(f"title: Generated archive\nsearch: {'true' if search else 'false'}\n", encoding="utf-8")
    for number, folder in enumerate(threads, 1):
        meta = [f"published: '{published(number, days_apart)}'"]
        section = SECTIONS[number % len(SECTIONS)]
        if section:
            meta.append(f"section: {section}")
        text = (folder / "thread.txt").read_text(encoding="utf-8")
        write(site, folder.name, "---\n" + "\n".join(meta) + "\n---\n" + text)
    for number in range(1, undated + 1):
        write(site, f"u{number}", f"Undated thread {number}\n\n\nQuokkas never say what day it is.\n\nAnother comment, also undated.\n")
    return [folder.name for folder in threads]


def write(site: Path, slug: str, text: str) -> None:
    target = site / "content" / slug
    target.mkdir(exist_ok=True)
    (target / "thread.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    make_archive(Path(sys.argv[1]), Path(sys.argv[2]), search="--search" in sys.argv[3:])
