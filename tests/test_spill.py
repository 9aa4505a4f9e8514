"""Tests of site-wide exports spilled to the build cache (threadnote.build.spill, through load_site)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from export_support import FIXTURES, REPO

from threadnote.build import sources
from threadnote.build.sources import load_site
from threadnote.build.spill import BATCH_BYTES, SPILL_DIR
from threadnote.cli.main import main
from threadnote.readers.record import Export

HEAD = ('<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n')


def _export(words: dict[str, list[str]]) -> str:
    """A Disqus export of one thread per key (its URL path), posts interleaved as Disqus writes them."""
    threads = "".join(f'<thread dsq:id="{slug}"><link>https://example.org/{slug}/</link><title>{slug}</title></thread>\n'
                      for slug in words)
    posts = [(slug, n, text) for slug, texts in words.items() for n, text in enumerate(texts)]
    posts.sort(key=lambda post: post[1])
    return HEAD + threads + "".join(
        f'<post dsq:id="{slug}-{n}"><message><![CDATA[<p>{text}</p>]]></message><thread dsq:id="{slug}" /></post>\n'
        for slug, n, text in posts
    ) + "</disqus>\n"


def _site(tmp_path: Path, *exports: str) -> Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "imports").mkdir()
    names = [f"imports/part{n}.xml" for n in range(len(exports))]
    (root / "site.yaml").write_text(f"title: Spill\nsearch: false\nimports: [{', '.join(names)}]\n", encoding="utf-8")
    for name, text in zip(names, exports):
        (root / name).write_text(text, encoding="utf-8")
    return root


TWO_THREADS = {"alpha": ["Alpha's first comment.", "Alpha's second one."], "beta": ["Beta speaks.", "Beta again."]}


def _read(root: Path, cache: Path | None) -> dict[str, object]:
    """Each thread as its task reads it, by slug; no problem expected."""
    site, problems = load_site(root, cache=cache)
    assert problems == []
    read = {}
    for source in site.threads:
        content, problems = source.thread.decode()
        assert problems == []
        read[source.slug] = content
    return read


def test_spilled_threads_read_back_as_the_threads_held_in_memory(tmp_path: Path) -> None:
    split = dict(TWO_THREADS, alpha=TWO_THREADS["alpha"][:1])
    root = _site(tmp_path, _export(split), _export({"alpha": TWO_THREADS["alpha"][1:]}))
    spilled = _read(root, tmp_path / "cache")
    assert spilled == _read(root, None)
    assert [c.source_id for c in spilled["alpha"].comments] == ["alpha-0", "alpha-0"]  # type: ignore[attr-defined]
    site, _ = load_site(root, cache=tmp_path / "cache")
    assert all(s.thread.export is None and s.thread.spilled is not None for s in site.threads)


def test_a_newer_export_changes_only_the_digests_of_the_threads_it_changed(tmp_path: Path) -> None:
    root = _site(tmp_path, _export(TWO_THREADS))
    first, _ = load_site(root, cache=tmp_path / "cache")
    (root / "imports" / "part0.xml").write_text(_export(dict(TWO_THREADS, beta=["Beta speaks.", "Beta edited."])), encoding="utf-8")
    second, _ = load_site(root, cache=tmp_path / "cache")
    before = {s.slug: s.thread.digest for s in first.threads}
    after = {s.slug: s.thread.digest for s in second.threads}
    assert before["alpha"] == after["alpha"] and before["beta"] != after["beta"]
    assert len(list((tmp_path / "cache" / SPILL_DIR).iterdir())) == 2  # the newer spill and its index alone


def test_an_unchanged_export_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path, (FIXTURES / "disqus-small.xml").read_text(encoding="utf-8"))
    first, told = load_site(root, cache=tmp_path / "cache")
    monkeypatch.setattr(sources, "stream_export", lambda *_: pytest.fail("read again"))
    again, told_again = load_site(root, cache=tmp_path / "cache")
    assert again.threads == first.threads and told_again == told and told  # its warnings are told each time


def test_digests_do_not_depend_on_the_process(tmp_path: Path) -> None:
    """A newer export read by another build must give its unchanged threads the same digests."""
    root = _site(tmp_path, _export(TWO_THREADS))
    script = ("import sys; from pathlib import Path; from threadnote.build.sources import load_site; "
              "print(sorted((s.slug, s.thread.digest) for s in load_site(Path(sys.argv[1]), cache=Path(sys.argv[2]))[0].threads))")
    digests = {
        subprocess.run([sys.executable, "-c", script, str(root), str(tmp_path / f"cache{seed}")], check=True, cwd=REPO,
                       capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED=seed)).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_pieces_are_batched_and_a_thread_spread_over_batches_reads_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("threadnote.build.spill.BATCH_BYTES", 1)  # every piece a batch of its own
    root = _site(tmp_path, *(_export({"alpha": [f"Comment {n}."]}) for n in range(3)))
    site, _ = load_site(root, cache=tmp_path / "cache")
    spilled = site.threads[0].thread.spilled
    assert spilled is not None and len(spilled.ref.ranges) == 3 and BATCH_BYTES > 1
    assert _read(root, tmp_path / "cache") == _read(root, None)


def test_a_read_stopped_half_way_leaves_nothing_to_trust(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _site(tmp_path, _export(TWO_THREADS), _export({"gamma": ["Gamma."]}))
    real = sources.stream_export
    calls: list[str] = []

    def stopped_at_the_second(data: object, path: str, forum: str | None = None) -> object:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(data, path, forum)  # type: ignore[arg-type]

    monkeypatch.setattr(sources, "stream_export", stopped_at_the_second)
    with pytest.raises(KeyboardInterrupt):
        load_site(root, cache=tmp_path / "cache")
    assert list((tmp_path / "cache" / SPILL_DIR).iterdir()) == []
    monkeypatch.setattr(sources, "stream_export", real)
    assert _read(root, tmp_path / "cache") == _read(root, None)


def test_a_damaged_spill_is_told_and_read_again_by_the_next_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _site(tmp_path, _export(TWO_THREADS))
    out = tmp_path / "out"
    assert main(["build", "--site", str(root), "--out", str(out), "--jobs", "1"]) == 0
    spill = next((tmp_path / ".threadnote-cache" / SPILL_DIR).glob("*.spill"))
    spill.write_bytes(spill.read_bytes().replace(b"Beta speaks.", b"Beta spoke!."))
    # other quote settings: the threads are detected again, from the spill
    (root / "site.yaml").write_text("title: Spill again\nsearch: false\nimports: [imports/part0.xml]\nquotes: {min_words: 7}\n",
                                    encoding="utf-8")
    assert main(["build", "--site", str(root), "--out", str(out), "--jobs", "1"]) == 1
    told = capsys.readouterr().err
    assert "imports/part0.xml: error: the build cache's copy of this export is damaged: build again" in told
    assert "Traceback" not in told and "Spill again" not in (out / "index.html").read_text(encoding="utf-8")
    assert main(["build", "--site", str(root), "--out", str(out), "--jobs", "1"]) == 0
    assert "Beta speaks." in (out / "beta" / "thread.json").read_text(encoding="utf-8")


def test_serve_knows_an_unchanged_export_by_its_stat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "SETTLED_NS", 0)
    root, known = _site(tmp_path, _export(TWO_THREADS)), sources.KnownFiles()
    first, _ = load_site(root, known=known, cache=tmp_path / "cache")
    monkeypatch.setattr(sources, "_load_digest", lambda *_: pytest.fail("hashed again"))
    again, _ = load_site(root, known=known, cache=tmp_path / "cache")
    assert again.threads == first.threads


def test_a_dump_read_back_from_its_pieces_keeps_what_its_later_pieces_tell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Reddit dump handed on a comment at a time: its `more` stubs, counted in two pieces, and its
    link's title, read after its comments, are in the thread its task reads back."""
    monkeypatch.setattr("threadnote.readers.batches.BATCH_COMMENTS", 1)
    monkeypatch.setattr("threadnote.build.spill.BATCH_BYTES", 1)  # each piece a run of its own

    def comment(ident: str, link: str) -> str:
        return json.dumps({"id": ident, "link_id": link, "parent_id": link, "author": "u", "body": f"On {link}", "created_utc": 1})

    def more(count: int) -> str:
        return json.dumps({"kind": "more", "data": {"link_id": "t3_a", "count": count, "children": ["x"]}})

    link = json.dumps({"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {"name": "t3_a", "title": "Link A"}}]}})
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "imports").mkdir()
    (root / "site.yaml").write_text("title: Spill\nsearch: false\nimports: [imports/r.ndjson]\n", encoding="utf-8")
    lines = [comment("a1", "t3_a"), comment("b1", "t3_b"), more(2), comment("a2", "t3_a"), more(3), link]
    (root / "imports" / "r.ndjson").write_text("\n".join(lines), encoding="utf-8")
    spilled = _read(root, tmp_path / "cache")
    assert spilled == _read(root, None)
    thread = spilled["reddit-a"]
    assert isinstance(thread, Export) and (thread.title, thread.missing, len(thread.comments)) == ("Link A", 5, 2)
    site, _ = load_site(root, cache=tmp_path / "cache")
    ref = next(s for s in site.threads if s.slug == "reddit-a").thread.spilled
    assert ref is not None and len(ref.ref.ranges) > 1  # it did come in pieces
