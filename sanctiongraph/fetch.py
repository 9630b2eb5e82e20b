"""Downloading official list files: conditional GET, retries, atomic writes and a sidecar per file.

Each fetched file gets `<file>.meta.json` with url, retrieved_at, etag, last_modified, sha256
and the redirects followed; graph.ingest reads url and retrieved_at from it into the provenance.
Only https (http for a local mirror on the loopback address), redirects only within the
publisher's hosts, a size cap per source and one deadline per file over all attempts.
HTTP is the standard library's urllib: the needs are small (one GET with two headers, a redirect
check, a read loop) and httpx + tenacity would not make them shorter.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Any

from sanctiongraph import __version__
from sanctiongraph.errors import ConfigError, FetchError, NotFoundError

SIDECAR_SUFFIX = ".meta.json"  # the suffix graph.ingest looks for
DEFAULT_DEST = Path(".sanctiongraph") / "downloads"
USER_AGENT = f"sanctiongraph/{__version__} (+https://w3id.org/sanctiongraph)"
CHUNK = 1 << 16
DEFAULT_MAX_BYTES = 1 << 30  # per file; a list larger than this is a wrong URL or an attack
Progress = Callable[[int, int | None], None]

OFAC_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
OFAC_DOCS = "https://ofac.treasury.gov/sanctions-list-service"


@dataclass(frozen=True)
class RemoteFile:
    """One file of a source: where it is published and the name we save it under."""

    url: str
    filename: str


@dataclass(frozen=True)
class FetchSource:
    """A downloadable source: its files, the loader that reads them and where the URLs are documented."""

    key: str
    title: str
    loader: str
    files: tuple[RemoteFile, ...]
    documented_at: str
    max_bytes: int = DEFAULT_MAX_BYTES


def _ofac(names: tuple[str, ...]) -> tuple[RemoteFile, ...]:
    # The loaders match OFAC's file names in lower case (sdn.csv, cons_prim.csv).
    return tuple(RemoteFile(OFAC_EXPORTS + name, name.lower()) for name in names)


SOURCES: dict[str, FetchSource] = {
    source.key: source
    for source in (
        FetchSource(
            "ofac-sdn-csv",
            "OFAC SDN list, legacy CSV set",
            "ofac-sdn-csv",
            _ofac(("SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV")),
            OFAC_DOCS,
        ),
        FetchSource(
            "ofac-cons-csv",
            "OFAC Consolidated (non-SDN) list, legacy CSV set",
            "ofac-cons-csv",
            _ofac(("CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV")),
            OFAC_DOCS,
        ),
        FetchSource(
            "ofac-sdn-enhanced",
            "OFAC SDN list, enhanced XML (zip)",
            "ofac-enhanced-xml",
            (RemoteFile(OFAC_EXPORTS + "SDN_ENHANCED.ZIP", "SDN_ENHANCED.ZIP"),),
            OFAC_DOCS,
        ),
        FetchSource(
            "ofac-cons-enhanced",
            "OFAC Consolidated list, enhanced XML (zip)",
            "ofac-enhanced-xml",
            (RemoteFile(OFAC_EXPORTS + "CONS_ENHANCED.ZIP", "CONS_ENHANCED.ZIP"),),
            OFAC_DOCS,
        ),
        FetchSource(
            "csl-csv",
            "trade.gov Consolidated Screening List, CSV",
            "csl-csv",
            (
                RemoteFile(
                    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                    "consolidated.csv",
                ),
            ),
            "https://www.trade.gov/consolidated-screening-list",
        ),
        FetchSource(
            "csl-json",
            "trade.gov Consolidated Screening List, JSON",
            "csl-json",
            (
                RemoteFile(
                    "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json",
                    "consolidated.json",
                ),
            ),
            "https://www.trade.gov/consolidated-screening-list",
        ),
        FetchSource(
            "bis-dpl",
            "BIS Denied Persons List, tab-delimited",
            "bis-dpl",
            (RemoteFile("https://www.bis.doc.gov/dpl/dpl.txt", "dpl.txt"),),
            "https://www.bis.gov/licensing/guidance-on-end-user-and-end-use-controls/denied-persons-list",
        ),
        FetchSource(
            "un-sc",
            "UN Security Council Consolidated List, XML",
            "un-xml",
            (RemoteFile("https://scsanctions.un.org/resources/xml/en/consolidated.xml", "consolidated.xml"),),
            "https://www.un.org/securitycouncil/content/un-sc-consolidated-list",
        ),
        FetchSource(
            "eu-fsf",
            "EU Financial Sanctions Files, full list XML 1.1",
            "eu-fsf-xml",
            (
                RemoteFile(
                    "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content"
                    "?token=dG9rZW4tMjAxNw",
                    "eu_fsf_full_1_1.xml",
                ),
            ),
            "https://data.europa.eu/data/datasets/consolidated-list-of-persons-groups-and-entities-subject-"
            "to-eu-financial-sanctions",
        ),
        FetchSource(
            "uk-sanctions-list",
            "UK Sanctions List (FCDO), XML",
            "uk-sanctions-xml",
            (RemoteFile("https://docs.fcdo.gov.uk/docs/UK-Sanctions-List.xml", "UK-Sanctions-List.xml"),),
            "https://www.gov.uk/government/publications/the-uk-sanctions-list",
        ),
        FetchSource(
            "opensanctions-default",
            "OpenSanctions default collection, FtM entities (JSON lines)",
            "ftm-json",
            (
                RemoteFile(
                    "https://data.opensanctions.org/datasets/latest/default/entities.ftm.json",
                    "default.entities.ftm.json",
                ),
            ),
            "https://www.opensanctions.org/datasets/default/",
            max_bytes=8 << 30,
        ),
    )
}


@dataclass
class FetchResult:
    """What happened to one file: downloaded anew or kept (the server said 304 Not Modified)."""

    path: Path
    url: str
    status: str  # "downloaded" or "not modified"
    sha256: str
    size: int


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential backoff, for 5xx answers and connection errors."""

    attempts: int = 4
    backoff: float = 1.0  # seconds before the 2nd attempt; doubles each time
    timeout: float = 60.0  # per connect or read
    deadline: float = 1800.0  # for the whole file, every attempt included (a drip feed ends here)


def get_source(key: str) -> FetchSource:
    if key not in SOURCES:
        raise NotFoundError(f"no source named {key!r}; known sources: {', '.join(SOURCES)}")
    return SOURCES[key]


def fetch_source(
    key: str,
    dest: Path | None = None,
    *,
    url: str | None = None,
    retry: RetryPolicy | None = None,
    progress: Callable[[str], Progress] | None = None,
) -> list[FetchResult]:
    """Fetch every file of a source into dest (default .sanctiongraph/downloads/<key>)."""
    source = get_source(key)
    files = source.files
    if url is not None:
        if len(files) != 1:
            raise ConfigError(f"--url needs a single-file source; {key} has {len(files)} files")
        files = (RemoteFile(url, files[0].filename),)
    folder = dest or DEFAULT_DEST / key
    folder.mkdir(parents=True, exist_ok=True)
    policy = retry or RetryPolicy()
    return [
        fetch_file(
            f.url,
            folder / f.filename,
            retry=policy,
            progress=progress(f.filename) if progress else None,
            max_bytes=source.max_bytes,
        )
        for f in files
    ]


def fetch_file(
    url: str,
    path: Path,
    *,
    retry: RetryPolicy,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FetchResult:
    """GET url into path, conditionally when a sidecar holds validators; retried, written atomically."""
    check_url(url)
    limits = _Limits(max_bytes, time.monotonic() + retry.deadline, retry.timeout, _host(url))
    meta = read_sidecar(path) if path.exists() else {}
    headers = {"User-Agent": USER_AGENT}
    if meta.get("url") == url:
        if meta.get("etag"):
            headers["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            headers["If-Modified-Since"] = meta["last_modified"]
    for attempt in range(1, retry.attempts + 1):
        try:
            return _attempt(url, path, headers, meta, limits, progress)
        except _Retryable as exc:
            pause = retry.backoff * 2 ** (attempt - 1)
            if attempt == retry.attempts or time.monotonic() + pause >= limits.deadline:
                raise FetchError(f"{url}: {exc} (gave up after {attempt} attempts)") from exc
            time.sleep(pause)
    raise AssertionError("unreachable: the loop returns or raises")


_LOOPBACK_NAMES = {"localhost"}


def check_url(url: str) -> None:
    """https only; http only for a mirror on this machine (loopback), never ftp or file."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return
    raise FetchError(f"{url}: refused, only https URLs are fetched (http only from this machine)")


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _host(url: str) -> str:
    return (urllib.parse.urlsplit(url).hostname or "").lower()


def publisher_site(host: str) -> str:
    """The part of a host name that is the publisher's (ofac.treas.gov, trade.gov, fcdo.gov.uk)."""
    if _is_ip(host):
        return host
    labels = host.split(".")
    # Two-letter country domains register under a second level (gov.uk, co.uk): keep three labels.
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


@dataclass(frozen=True)
class _Limits:
    max_bytes: int
    deadline: float  # time.monotonic() value
    timeout: float
    origin: str  # the host we were asked to fetch from

    def left(self) -> float:
        return self.deadline - time.monotonic()


class _SamePublisherRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to https on the publisher's own site; remember each hop."""

    def __init__(self, limits: _Limits) -> None:
        self.limits = limits
        self.hops: list[str] = []

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        try:
            check_url(newurl)
        except FetchError:
            raise FetchError(f"{req.full_url}: refused a redirect to {newurl} (not https)") from None
        if publisher_site(_host(newurl)) != publisher_site(self.limits.origin):
            raise FetchError(
                f"{req.full_url}: refused a redirect to another site, {_host(newurl)}; "
                f"fetch it with --url {newurl} if you trust it"
            )
        self.hops.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Retryable(Exception):
    """A failure worth another try: a 5xx answer, a dropped or refused connection."""


def _attempt(
    url: str, path: Path, headers: dict[str, str], meta: dict[str, Any], limits: _Limits, progress: Progress | None
) -> FetchResult:
    if limits.left() <= 0:
        raise FetchError(f"{url}: no answer within the deadline")
    request = urllib.request.Request(url, headers=headers)
    redirects = _SamePublisherRedirects(limits)
    opener = urllib.request.build_opener(redirects)
    try:
        with opener.open(request, timeout=min(limits.timeout, limits.left())) as response:
            return _save(response, url, path, progress, limits, redirects.hops)
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FetchResult(path, url, "not modified", meta.get("sha256", ""), path.stat().st_size)
        if exc.code >= 500:
            raise _Retryable(f"HTTP {exc.code} {exc.reason}") from exc
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError) as exc:
        raise _Retryable(str(getattr(exc, "reason", exc))) from exc


def _save(
    response: Any, url: str, path: Path, progress: Progress | None, limits: _Limits, hops: list[str]
) -> FetchResult:
    length = response.headers.get("Content-Length")
    total = int(length) if length and length.isdigit() else None
    if total is not None and total > limits.max_bytes:
        raise FetchError(f"{url}: the server announces {total:,} bytes, over this source's cap of {limits.max_bytes:,}")
    if progress:
        progress(0, total)
    digest = hashlib.sha256()
    size = 0
    with _atomic_file(path) as out:
        # read1 returns what has arrived, so a server that drips bytes still meets the deadline.
        while chunk := response.read1(CHUNK):
            size += len(chunk)
            if size > limits.max_bytes:
                raise FetchError(f"{url}: more than this source's cap of {limits.max_bytes:,} bytes; refused")
            if limits.left() <= 0:
                raise FetchError(f"{url}: not finished within the deadline ({size:,} bytes so far)")
            out.write(chunk)
            digest.update(chunk)
            if progress:
                progress(size, total)
        if total is not None and size != total:
            raise _Retryable(f"connection closed after {size} of {total} bytes")
    write_sidecar(
        path,
        {
            "url": url,
            "final_url": hops[-1] if hops else url,
            "redirects": hops,
            "retrieved_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "etag": response.headers.get("ETag"),
            "last_modified": response.headers.get("Last-Modified"),
            "sha256": digest.hexdigest(),
            "bytes": size,
        },
    )
    return FetchResult(path, url, "downloaded", digest.hexdigest(), size)


@contextmanager
def _atomic_file(path: Path) -> Iterator[Any]:
    """A temporary file beside path, moved over it only if the block finishes."""
    # Not a with-block here: the file must survive closing so that os.replace can move it.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict[str, Any]:
    """The fetch metadata of a file ({} when there is none or it is unreadable: fetch again)."""
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_sidecar(path: Path, meta: dict[str, Any]) -> None:
    with _atomic_file(sidecar_path(path)) as out:
        out.write(json.dumps(meta, indent=2).encode("utf-8"))
