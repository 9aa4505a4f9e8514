"""The skip-or-fail rule: a missing browser tool skips the test, except under CI=true where it fails."""

from __future__ import annotations

import pytest

from .kit import require


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [
        pytest.param(None, pytest.skip.Exception, id="local-skips"),
        pytest.param("false", pytest.skip.Exception, id="ci-false-skips"),
        pytest.param("true", pytest.fail.Exception, id="ci-fails"),
        pytest.param("TRUE", pytest.fail.Exception, id="ci-upper-case-fails"),
    ],
)
def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch, ci: str | None, outcome: type[BaseException]) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium is missing"):
        require(False, "chromium is missing")


def test_an_available_tool_neither_skips_nor_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert require(True, "unused") is None
