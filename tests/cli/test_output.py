"""Tabular output: the plain-text fast path for row blocks prints exactly what rich prints."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from sanctiongraph.cli import output

COLUMNS = ["name", "authority_id", "target", "designation", "basis"]
# Letters, digits and spaces, with the characters rich treats specially: markup, emoji codes,
# wide (CJK) and zero-width (combining) characters, tabs and newlines.
ALPHABET = st.sampled_from([*"abcXYZ 019.,'-/", "[", "]", ":", "\\", "华", "為", "\u0301", "\t", "\n", "é", "😀"])
VALUE = st.text(ALPHABET, max_size=40) | st.sampled_from([":smile:", "[bold]x[/bold]", "kg:Designation", "a:b:c"])
ROWS = st.lists(st.fixed_dictionaries({c: VALUE for c in COLUMNS}), min_size=1, max_size=4)


def printed(rows: list[dict[str, str]], width: int, monkeypatch: pytest.MonkeyPatch, *, fast: bool) -> str:
    """What print_rows writes on a console of that width (not a terminal: no colours), and what it raised."""
    out = io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(output, "console", Console(file=out, width=width))
        if not fast:
            patch.setattr(output, "_plain_block", lambda title, pairs: None)
        try:
            output.print_rows(rows, columns=COLUMNS, title="members")
        except Exception as exc:  # rich refuses some markup ("[/]"): both paths must fail alike
            return out.getvalue() + repr(exc)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(rows=ROWS, width=st.integers(min_value=8, max_value=90))
def test_blocks_print_as_rich_draws_them(rows: list[dict[str, str]], width: int) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert printed(rows, width, monkeypatch, fast=True) == printed(rows, width, monkeypatch, fast=False)


def test_plain_rows_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The common case (short plain values, a narrow console) must not fall back to rich's Table."""
    rows = [{c: f"{c} value {n}" for c in COLUMNS} for n in range(3)]
    drawn = []
    real = output._plain_block
    monkeypatch.setattr(output, "_plain_block", lambda title, pairs: drawn.append(real(title, pairs)) or drawn[-1])
    text = printed(rows, 40, monkeypatch, fast=True)
    assert len(drawn) == 3 and None not in drawn
    assert text == printed(rows, 40, monkeypatch, fast=False)


@pytest.mark.parametrize("spare", [-2, -1, 0, 1, 2])
def test_blocks_at_the_edge_of_the_console_print_as_rich_draws_them(spare: int) -> None:
    """A block exactly as wide as the console, or a little wider (rich then folds the value)."""
    rows = [{"name": "ACME TRADING LLC", "authority_id": "10", "target": "company/us-ofac/10"}]
    width = len("authority_id") + len("company/us-ofac/10") + 4 + spare
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert printed(rows, width, monkeypatch, fast=True) == printed(rows, width, monkeypatch, fast=False)
