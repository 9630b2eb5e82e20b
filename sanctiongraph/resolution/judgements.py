"""Human judgements on record pairs: a plain TSV file that overrides the scorer and survives reruns.

One line per pair: ``left_iri<TAB>right_iri<TAB>yes|no|unsure[<TAB>note]``. Pairs are unordered;
a later line for the same pair replaces an earlier one. Lines starting with # are comments.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sanctiongraph.errors import ConfigError, SourceFormatError

VERDICTS = ("yes", "no", "unsure")
JUDGEMENTS_FILE = "judgements.tsv"
HUMAN_METHOD = "human judgement"


def pair_key(left: str, right: str) -> tuple[str, str]:
    """The order-insensitive key of a pair."""
    return (left, right) if left <= right else (right, left)


@dataclass(frozen=True)
class Judgement:
    """One person's verdict on whether two records are the same entity."""

    left: str
    right: str
    verdict: str
    note: str = ""

    def line(self) -> str:
        fields = [self.left, self.right, self.verdict] + ([self.note] if self.note else [])
        return "\t".join(fields) + "\n"


def default_judgements_path(store_path: Path | None) -> Path | None:
    """judgements.tsv beside the store folder (.sanctiongraph/judgements.tsv by default)."""
    return None if store_path is None else store_path.parent / JUDGEMENTS_FILE


class Judgements:
    """All judgements of one file, by pair; an absent file means none yet."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.by_pair: dict[tuple[str, str], Judgement] = {}
        if path is not None and path.exists():
            self._read(path)

    def _read(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise SourceFormatError("not UTF-8 text", path=str(path)) from exc
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not line.startswith("#"):
                self._add(self._parse(line, path, number))

    @staticmethod
    def _parse(line: str, path: Path, number: int) -> Judgement:
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) < 3:
            raise SourceFormatError("expected left<TAB>right<TAB>yes|no|unsure", path=str(path), line=number)
        left, right, verdict = (f.strip() for f in fields[:3])
        if verdict not in VERDICTS:
            raise SourceFormatError(f"verdict must be yes, no or unsure, not {verdict!r}", path=str(path), line=number)
        if not left or not right or left == right:
            raise SourceFormatError("a judgement needs two different records", path=str(path), line=number)
        return Judgement(left, right, verdict, "\t".join(fields[3:]).strip())

    def _add(self, judgement: Judgement) -> None:
        self.by_pair[pair_key(judgement.left, judgement.right)] = judgement

    def get(self, left: str, right: str) -> Judgement | None:
        return self.by_pair.get(pair_key(left, right))

    def with_verdict(self, verdict: str) -> list[tuple[str, str]]:
        return sorted(k for k, j in self.by_pair.items() if j.verdict == verdict)

    def __len__(self) -> int:
        return len(self.by_pair)

    def record(self, left: str, right: str, verdict: str, note: str = "") -> Judgement:
        """Add or replace a judgement and append it to the file (the last line for a pair wins)."""
        if verdict not in VERDICTS:
            raise ConfigError(f"verdict must be yes, no or unsure, not {verdict!r}")
        if left == right:
            raise ConfigError("a judgement needs two different records")
        judgement = Judgement(left, right, verdict, note.replace("\t", " ").replace("\n", " "))
        self._add(judgement)
        if self.path is not None:
            self._append(judgement)
        return judgement

    def _append(self, judgement: Judgement) -> None:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(judgement.line())
            out.flush()
            os.fsync(out.fileno())
