"""config.py: site.yaml's schema, defaults and mistakes, each with its line."""

from __future__ import annotations

import pytest

from threadnote.config import QuoteSettings, SiteConfig, parse_config

PATH = "site.yaml"


def test_defaults() -> None:
    assert parse_config("title: Archive\n", PATH) == (SiteConfig(title="Archive"), [])


def test_every_key() -> None:
    config, problems = parse_config(
        "title: Archive\nbase_url: https://example.org/archive\nlanguage: pt-BR\ndescription: D\n"
        "page_size: 50\nquotes:\n  min_words: 6\n  min_chars: 30\n",
        PATH,
    )
    assert problems == []
    assert config == SiteConfig(
        title="Archive",
        base_url="https://example.org/archive/",
        language="pt-BR",
        description="D",
        page_size=50,
        quotes=QuoteSettings(min_words=6, min_chars=30),
    )


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        ("", ["1: error: site.yaml is empty: 'title' is required"]),
        ("base_url: https://x.org/\n", ["1:1: error: 'title' is required"]),
        ("title: A\ntitel: B\n", ["2:1: error: unknown key 'titel' in site.yaml (did you mean 'title'?)"]),
        ("title: A\nbase_url: example.org\n", ["2:11: error: base_url 'example.org' must start with https:// or http://"]),
        ("title: A\npage_size: 5\n", ["2:12: error: 'page_size' must be at least 10"]),
        ("title: A\npage_size: lots\n", ["2:12: error: 'page_size' must be a whole number"]),
        ("title: A\nlanguage: English\n", ["2:11: error: language 'English' is not a language tag such as 'en' or 'pt-BR'"]),
        ("title: A\nquotes:\n  min_word: 3\n", ["3:3: error: unknown key 'min_word' in quotes (did you mean 'min_words'?)"]),
        ("title: A\nquotes: 8\n", ["2:9: error: 'quotes' must be a mapping"]),
        ("title: A\ntitle: B\n", ["2:1: error: duplicate key 'title' (first at line 1)"]),
        ("title: [A]\n", ["1:8: error: 'title' must be text", "1:1: error: 'title' is required"]),
        ("title: A\nimports:\n  - path: t.json\n    base_url: forum.example.org\n",
         ["4:15: error: base_url 'forum.example.org' must be the forum's address, such as https://forum.example.org/"]),
        ("title: A\nimports:\n  - path: t.json\n    base_url: https://forum.example.org/?page=2\n",
         ["4:15: error: base_url 'https://forum.example.org/?page=2' must be the forum's address, such as https://forum.example.org/"]),
        ("title: A\nimports:\n  - base_url: https://forum.example.org/\n", ["3:5: error: an import written as a mapping needs 'path'"]),
        ("title: A\nimports:\n  - {path: t.json, forum: x}\n",
         ["3:20: error: unknown key 'forum' in an import"]),
        ("title: A\nimports:\n  - [t.json]\n", ["3:5: error: 'imports' must list paths, or mappings with 'path' and 'base_url'"]),
    ],
    ids=["empty", "no-title", "unknown-key", "base-url", "page-size-small", "page-size-word", "language",
         "quotes-key", "quotes-not-mapping", "duplicate", "title-not-text", "forum-not-a-url", "forum-with-a-query",
         "import-without-path", "import-key", "import-not-a-path"],
)
def test_mistakes(text: str, messages: list[str]) -> None:
    _, problems = parse_config(text, PATH)
    assert [str(p) for p in problems] == [f"{PATH}:{m}" for m in messages]


def test_all_mistakes_in_one_run() -> None:
    _, problems = parse_config("titel: A\npage_size: 1\nlanguage: x y\nextra: 1\n", PATH)
    assert [(p.location.line, p.message.split(" ")[0]) for p in problems] == [
        (1, "unknown"), (4, "unknown"), (1, "'title'"), (3, "language"), (2, "'page_size'"),
    ]


def test_an_import_may_name_the_forum_a_discourse_topic_is_from() -> None:
    config, problems = parse_config(
        "title: A\nimports:\n  - imports/disqus.xml\n  - path: imports/topic.json\n    base_url: https://forum.example.org/talk/\n",
        PATH,
    )
    assert problems == [] and config is not None
    assert config.imports == ("imports/disqus.xml", "imports/topic.json")
    assert config.forum_urls == (("imports/topic.json", "https://forum.example.org/talk"),)
