"""Where every comment lives in the output: its page and its URL (relative to the thread folder)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Thread


def page_file(page: int) -> str:
    return "index.html" if page == 1 else f"page-{page}.html"


@dataclass(frozen=True, slots=True)
class Pages:
    """The split of one thread into pages of `size` comments."""

    size: int
    count: int
    page_of: dict[str, int]
    """Comment id to 1-based page number."""

    def url(self, comment_id: str) -> str:
        return f"{page_file(self.page_of[comment_id])}#{comment_id}"

    def href(self, comment_id: str, from_page: int, fragment: str | None = None) -> str:
        """A link from page `from_page` to the comment (or to `fragment` on its page)."""
        page = self.page_of[comment_id]
        target = fragment or comment_id
        return f"#{target}" if page == from_page else f"{page_file(page)}#{target}"


def paginate(thread: Thread, size: int) -> Pages:
    return thread.derived(f"pages-{size}", lambda: _paginate(thread, size))


def _paginate(thread: Thread, size: int) -> Pages:
    page_of = {c.id: (c.number - 1) // size + 1 for c in thread.comments}
    count = max(1, (len(thread.comments) + size - 1) // size)
    return Pages(size, count, page_of)
