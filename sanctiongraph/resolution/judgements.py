"""Human judgements on record pairs: a plain TSV file that overrides the scorer and survives reruns.

One line per pair: ``left_iri<TAB>right_iri<TAB>yes|no|unsure[<TAB>note]``. Pairs are unordered;
a later line for the same pair replaces an earlier one. Lines starting with # are comments.
A new judgement rewrites the file through a temporary copy (fsync, atomic replace), so a crash
or a last line without a newline can never swallow or break a judgement.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from sanctiongraph.errors import ConfigError, SourceFormatError

if TYPE_CHECKING:
    from sanctiongraph.graph.store import GraphStore

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
        out = io.StringIO()
        csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(fields)
        return out.getvalue()


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


def iri_problem(iri: str) -> str | None:
    """Why iri cannot name a record (None when it can): IRIs carry no spaces, tabs or newlines."""
    if not _IRI.fullmatch(iri):
        return f"{iri!r} is not an IRI (a scheme, then no spaces, tabs or line breaks)"
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        return f"{iri!r} is not a valid IRI: {exc}"
    return None


def in_store(store: GraphStore) -> Callable[[str], bool]:
    """A check that an IRI names something the store holds (a judgement on nothing is a typo)."""
    return lambda iri: store.ask("ASK { ?iri ?p ?o }", {"iri": ox.NamedNode(iri)})


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
        for number, line in enumerate(_read_text(path).splitlines(), start=1):
            if line.strip() and not line.startswith("#"):
                self._add(self._parse(line, path, number))

    @staticmethod
    def _parse(line: str, path: Path, number: int) -> Judgement:
        try:
            fields = next(csv.reader([line], delimiter="\t"))
        except csv.Error as exc:
            raise SourceFormatError(f"malformed line: {exc}", path=str(path), line=number) from exc
        if len(fields) < 3:
            raise SourceFormatError("expected left<TAB>right<TAB>yes|no|unsure", path=str(path), line=number)
        left, right, verdict = (f.strip() for f in fields[:3])
        if verdict not in VERDICTS:
            raise SourceFormatError(f"verdict must be yes, no or unsure, not {verdict!r}", path=str(path), line=number)
        if not left or not right or left == right:
            raise SourceFormatError("a judgement needs two different records", path=str(path), line=number)
        for iri in (left, right):
            if problem := iri_problem(iri):
                raise SourceFormatError(problem, path=str(path), line=number)
        return Judgement(left, right, verdict, "\t".join(fields[3:]).strip())

    def _add(self, judgement: Judgement) -> None:
        self.by_pair[pair_key(judgement.left, judgement.right)] = judgement

    def get(self, left: str, right: str) -> Judgement | None:
        return self.by_pair.get(pair_key(left, right))

    def with_verdict(self, verdict: str) -> list[tuple[str, str]]:
        return sorted(k for k, j in self.by_pair.items() if j.verdict == verdict)

    def __len__(self) -> int:
        return len(self.by_pair)

    def record(
        self, left: str, right: str, verdict: str, note: str = "", *, known: Callable[[str], bool] | None = None
    ) -> Judgement:
        """Add or replace a judgement and append it to the file (the last line for a pair wins).

        Both IRIs must be well formed and, when `known` is given (see in_store), name records.
        """
        if verdict not in VERDICTS:
            raise ConfigError(f"verdict must be yes, no or unsure, not {verdict!r}")
        if left == right:
            raise ConfigError("a judgement needs two different records")
        for iri in (left, right):
            if problem := iri_problem(iri):
                raise ConfigError(problem)
            if known is not None and not known(iri):
                raise ConfigError(f"{iri} is not in the store: check the IRI (see `resolve review` or `sparql`)")
        judgement = Judgement(left, right, verdict, note.replace("\t", " ").replace("\n", " "))
        self._add(judgement)
        if self.path is not None:
            self._append(judgement)
        return judgement

    def _append(self, judgement: Judgement) -> None:
        """Rewrite the file with the new line through a temporary copy: all or nothing."""
        assert self.path is not None
        if self.path.is_dir():
            raise ConfigError(f"{self.path} is a folder, not a judgements file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        before = _read_text(self.path) if self.path.exists() else ""
        if before and not before.endswith("\n"):
            before += "\n"  # the last line was left open: never glue the new judgement onto it
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept past close for os.replace
            "w", encoding="utf-8", newline="", dir=self.path.parent, prefix=f".{self.path.name}.", delete=False
        )
        try:
            with handle:
                handle.write(before + judgement.line())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self.path)
        except BaseException:
            Path(handle.name).unlink(missing_ok=True)
            raise
        _fsync_folder(self.path.parent)


def _read_text(path: Path) -> str:
    """The file's text without a BOM; a folder or unreadable file is a clear error."""
    if path.is_dir():
        raise SourceFormatError("is a folder, not a judgements file", path=str(path))
    try:
        return path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SourceFormatError("not UTF-8 text", path=str(path)) from exc
    except OSError as exc:
        raise SourceFormatError(f"cannot read: {exc.strerror}", path=str(path)) from exc


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is; not every OS lets a folder be opened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
