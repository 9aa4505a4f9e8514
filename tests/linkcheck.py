"""Check that every internal link and fragment of a built site resolves: standard library only.

`check_site(out_dir)` parses every `.html` file, collects its ids and its `href`/`src` values,
resolves relative URLs against the page, and reports each missing file, missing fragment and
duplicate id as `path:line:col: message`. External URLs (with a scheme or host) are not checked.
Run it by hand with `python tests/linkcheck.py OUTPUT_DIR`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urlsplit

IMPLICIT_FRAGMENTS = frozenset({"", "top"})
"""Fragments every HTML page has (the HTML standard scrolls to the top for both)."""


@dataclass(slots=True)
class Page:
    ids: dict[str, int] = field(default_factory=dict)
    """Each id with how often it occurs (more than once is an error)."""
    links: list[tuple[int, int, str]] = field(default_factory=list)
    """(line, column, url) of every href and src."""


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, col = self.getpos()
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.page.ids[value] = self.page.ids.get(value, 0) + 1
            elif name in ("href", "src"):
                self.page.links.append((line, col + 1, value))


def parse_page(html: str) -> Page:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.page


@dataclass(slots=True)
class Report:
    pages: int = 0
    links: int = 0
    """Internal links checked (external ones are skipped)."""
    fragments: int = 0
    """Internal links with a fragment, each checked against the target page's ids."""
    problems: list[str] = field(default_factory=list)


def check_site(root: Path) -> Report:
    """Every broken internal link, missing fragment and duplicate id under `root`."""
    pages = {p.relative_to(root).as_posix(): parse_page(p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.html"))}
    report = Report(pages=len(pages))
    for path, page in pages.items():
        report.problems += [f"{path}: duplicate id {name!r} ({n} times)" for name, n in page.ids.items() if n > 1]
        for line, col, url in page.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            report.links += 1
            target = _resolve(path, unquote(parts.path))
            where = f"{path}:{line}:{col}"
            if target is None or not (root / target).is_file():
                report.problems.append(f"{where}: link {url!r} points to a missing file")
                continue
            fragment = unquote(parts.fragment)
            if parts.fragment or url.endswith("#"):
                report.fragments += 1
            if fragment in IMPLICIT_FRAGMENTS:
                continue
            ids = pages[target].ids if target in pages else {}
            if fragment not in ids:
                report.problems.append(f"{where}: link {url!r}: no id {fragment!r} in {target}")
    return report


def _resolve(page: str, path: str) -> str | None:
    """The site-relative file a link's path names; None when it climbs above the root."""
    if not path:
        return page
    base = PurePosixPath(page).parent
    joined = normpath(str(base / path)) if not path.startswith("/") else path.lstrip("/")
    if joined.startswith(".."):
        return None
    if joined in (".", ""):
        return "index.html"
    return f"{joined.rstrip('/')}/index.html" if path.endswith("/") else joined


def main(argv: list[str]) -> int:
    report = check_site(Path(argv[0]))
    print("\n".join(report.problems))
    print(f"{report.pages} pages, {report.links} internal links ({report.fragments} with fragments), {len(report.problems)} problems")
    return 1 if report.problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
