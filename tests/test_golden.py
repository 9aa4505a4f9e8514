"""Golden sites: build each tests/sites/<case>/ and compare with its expected/ tree; and the CLI's contract.

After a deliberate change of the output, run `pytest tests/test_golden.py --update-golden` and
review the diff of expected/ like any other change.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from threadnote.cli.main import main

SITES = Path(__file__).parent / "sites"
CASES = Path(__file__).parent / "cases"
EXCLUDED = ("static/", ".")
"""Copied assets (compared by the template tests, not here) and the builder's own hidden files
(the incremental-build manifest records stamps of inputs that live at tmp paths)."""


def output_files(root: Path) -> dict[str, bytes]:
    """Every file under root by relative POSIX path, without the excluded folders."""
    found = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    return {name: path.read_bytes() for name, path in found.items() if not name.startswith(EXCLUDED)}


def difference(name: str, expected: bytes, actual: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(keepends=True),
        actual.decode("utf-8", "replace").splitlines(keepends=True),
        fromfile=f"expected/{name}",
        tofile=f"built/{name}",
    )
    return "".join(lines)


def golden_cases() -> list[str]:
    return sorted(p.name for p in SITES.iterdir() if (p / "site.yaml").is_file())


def build(site: Path, out: Path) -> None:
    assert main(["build", "--site", str(site), "--out", str(out)]) == 0


def test_there_are_golden_sites() -> None:
    assert golden_cases() == ["chrome", "plain", "replies"]


@pytest.mark.parametrize("case", golden_cases())
def test_golden_site(case: str, tmp_path: Path, update_golden: bool) -> None:
    site = SITES / case
    # build from a copy so a stray output/ or cache can never land in tests/sites/
    shutil.copytree(site, tmp_path / "site", ignore=shutil.ignore_patterns("expected"))
    out = tmp_path / "out"
    build(tmp_path / "site", out)
    built = output_files(out)
    expected_dir = site / "expected"
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, data in built.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(data)
        pytest.skip(f"rewrote {expected_dir}")
    expected = output_files(expected_dir)
    assert sorted(built) == sorted(expected), "the built files differ from expected/"
    diffs = [difference(name, expected[name], built[name]) for name in expected if expected[name] != built[name]]
    assert not diffs, "built output differs from expected/ (rerun with --update-golden if intended):\n" + "\n".join(diffs)


@pytest.mark.parametrize("case", golden_cases())
def test_golden_build_is_deterministic(case: str, tmp_path: Path) -> None:
    build(SITES / case, tmp_path / "one")
    build(SITES / case, tmp_path / "two")
    assert output_files(tmp_path / "one") == output_files(tmp_path / "two")
    assert not (SITES / case / "output").exists()


# --- the command line: in-process, exit codes 0 / 1 / 2


def test_site_and_out_options_build_there(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # `build` is the default command: `python build.py --site DIR --out DIR`
    assert main(["--site", str(SITES / "plain"), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "bridge" / "index.html").is_file()
    assert (tmp_path / "o" / "bridge" / "thread.json").is_file()
    assert "built 1 thread(s): 3 comments" in capsys.readouterr().err


def test_no_arguments_builds_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "chrome", site, ignore=shutil.ignore_patterns("expected"))
    monkeypatch.chdir(site)
    assert main([]) == 0
    assert sorted(output_files(site / "output")) == sorted(output_files(SITES / "chrome" / "expected"))


def test_content_errors_exit_1_and_leave_output_untouched(
    make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    site = make_site({
        "content/t/thread.txt": "Title\n\n\nA comment long enough to stand on its own.\n",
        "content/t/notes/bad.yaml": "notes:\n  - text: words that are nowhere\n    type: no-such-type\n    body: x\n",
    })
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker.txt").write_text("previous build", encoding="utf-8")
    assert main(["build", "--site", str(site), "--out", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["marker.txt"]
    assert (out / "marker.txt").read_text(encoding="utf-8") == "previous build"
    err = capsys.readouterr().err
    assert "content/t/notes/bad.yaml:3:" in err and "error" in err
    assert "Traceback" not in err


def test_bad_site_yaml_exits_1(make_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"site.yaml": "title: x\npage_sise: 3\n", "content/t/thread.txt": "T\n\n\nWords here.\n"})
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 1
    assert "site.yaml:2:1: error: unknown key 'page_sise'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "argv",
    [["--no-such-option"], ["build", "--frobnicate"], ["serve", "--port", "many"], ["note"]],
    ids=["unknown-option", "unknown-build-option", "bad-port", "note-without-target"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_missing_site_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--site", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage: python build.py" in capsys.readouterr().out


def test_chrome_is_never_shown_as_text() -> None:
    pages = output_files(SITES / "chrome" / "expected")
    for name, data in pages.items():
        text = data.decode("utf-8")
        assert "Reply · Share · Report" not in text, name
        assert "\n12 March 2024 at 09:05\n" not in text, name  # times only stand in <time class="time">
    page = pages["bus-lanes/index.html"].decode("utf-8")
    assert page.count('<span class="author">') == 3 and '<time class="time" datetime="2024-03-12T09:05:00Z">12 March 2024 at 09:05</time>' in page


def test_a_generated_chrome_thread_keeps_authors_boundaries_and_quotes(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """tests/cases/gen12 was written by bench/gen_thread.py, with its own record of each comment."""
    generated = json.loads((CASES / "gen12" / "thread.json").read_text(encoding="utf-8"))
    site = make_site({"content/gen12/thread.txt": (CASES / "gen12" / "thread.txt").read_text(encoding="utf-8")}, dedent=False)
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 0
    built = json.loads((tmp_path / "out" / "gen12" / "thread.json").read_text(encoding="utf-8"))["comments"]
    assert [c["author"] for c in built] == [g["author"] for g in generated]
    assert [len(c["paragraphs"]) for c in built] == [g["body_markdown"].count("\n\n") + 1 for g in generated]
    ours = {g["id"]: c["id"] for g, c in zip(generated, built)}
    assert [[q["source"] for q in c["quotes"]] for c in built] == [
        [ours[g["quote_of"]]] if g["quote_of"] else [] for g in generated
    ]
    by_id = {c["id"]: c for c in built}
    mentions = [(m["name"], by_id[m["comment"]]["author"]) for c in built for m in c["mentions"]]
    assert mentions == [("femi_wilson", "femi_wilson")]
    page = (tmp_path / "out" / "gen12" / "index.html").read_text(encoding="utf-8")
    assert "Reply · Share · Report" not in page
    assert page.count('<time class="time" datetime="2024-03-12T00:0') == 12
    assert {c["time"] for c in built} <= {f"2024-03-12T00:{m:02d}:00Z" for m in range(60)}
