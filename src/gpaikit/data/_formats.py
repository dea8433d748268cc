"""Record readers of the text and archive manifest formats (CSV, JSON Lines, CDX/CDXJ, WARC),
gzipped or not, each bounded and each failure accounted for.

Every reader yields ``(number, record)`` where ``number`` is the line (text formats) or the
response record (WARC) and ``record`` is a dict, ``None`` (the line or record cannot be
parsed: an ``unparsable`` bad row) or a :class:`BadRecord` naming another reason. A line is at
most :data:`MAX_LINE` characters and a JSON record is parsed by the bounded loader. A broken
container never ends in a traceback: a ``.gz`` that is not gzip, or a file that is not a WARC
at all, is a clear error; a file cut short (a truncated download) ends with one ``truncated``
bad row at the place where it ends, after everything before it was read.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NamedTuple

from gpaikit._exceptions import InputError, Location
from gpaikit._hosts import url_host
from gpaikit._untrusted import DEFAULT_LIMITS, load_json, open_regular
from gpaikit.data._schema import DataInputError

__all__ = [
    "MAX_LINE",
    "ROBOTS_BODY_LIMIT",
    "BadRecord",
    "RobotsFound",
    "cdx_records",
    "csv_records",
    "jsonl_records",
    "warc_records",
]

MAX_LINE = 1 << 20
"""Longest line (or CSV record) of a text manifest, in characters; longer ones are bad rows."""
ROBOTS_BODY_LIMIT = 512 * 1024  # RFC 9309 §2.5: parse at least 500 KiB
RECORD_LIMITS = DEFAULT_LIMITS.but(max_bytes=MAX_LINE, max_nodes=10_000, max_depth=16)
_META = re.compile(
    rb"<meta\s[^>]*name\s*=\s*[\"']?(?:robots|tdm-[a-z]+|[a-z_-]*bot)[\"'\s>][^>]*>", re.I
)
_CONTAINER_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, OSError)


class BadRecord(NamedTuple):
    """A record that is bad for a reason other than ``unparsable`` (e.g. ``truncated``)."""

    reason: str


Record = tuple[int, dict[str, Any] | BadRecord | None]
RobotsFound = Callable[[str, str | None, int | None, bytes], None]


@contextmanager
def _text(path: Path) -> Iterator[IO[str]]:
    """A regular file as UTF-8 text (undecodable bytes replaced), gunzipped if ``.gz``."""
    with open_regular(path, what="manifest", error=DataInputError) as raw:
        if path.name.lower().endswith(".gz"):
            head = raw.read(2)
            raw.seek(0)
            if head != b"\x1f\x8b":
                raise DataInputError(
                    "the name ends in .gz but the file is not gzip-compressed",
                    location=Location(path),
                    hint="rename it without .gz, or compress it with gzip",
                )
            binary: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
        else:
            binary = raw
        yield io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="")


def _lines(handle: IO[str], counter: list[int]) -> Iterator[str | None]:
    """Lines of at most MAX_LINE characters (``None`` for a longer one, skipped to its end);
    ``counter[0]`` is the number of the line last read."""
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        counter[0] += 1
        if len(line) > MAX_LINE and not line.endswith("\n"):
            while True:  # skip the rest of the overlong line
                more = handle.readline(MAX_LINE)
                if not more or more.endswith("\n"):
                    break
            yield None
            continue
        yield line


def _guarded(path: Path, records: Iterator[Record], counter: list[int]) -> Iterator[Record]:
    """``records``, with a container that breaks turned into one ``truncated`` bad row."""
    try:
        yield from records
    except _CONTAINER_ERRORS as exc:
        if isinstance(exc, InputError):
            raise
        if counter[0] == 0:
            raise DataInputError(
                f"cannot read the file: {exc}",
                location=Location(path),
                hint="check that it is a complete, uncorrupted file of the format",
            ) from None
        yield counter[0] + 1, BadRecord("truncated")


def csv_records(path: Path) -> Iterator[Record]:
    """CSV with a header line naming the columns (``url`` is required)."""
    counter = [0]

    def read() -> Iterator[Record]:
        with _text(path) as handle:
            overlong: list[int] = []

            def feed() -> Iterator[str]:
                for line in _lines(handle, counter):
                    if line is None:
                        overlong.append(counter[0])
                        yield "\n"
                    else:
                        yield line

            reader = csv.DictReader(feed())
            try:
                names = reader.fieldnames
            except csv.Error:
                names = None
            if not names or "url" not in names:
                raise DataInputError(
                    "the CSV header has no 'url' column",
                    location=Location(path, 1),
                    hint="the first line must name the columns (url, fetch_time, ...)",
                )
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except csv.Error:
                    yield counter[0], None
                    continue
                while overlong:
                    yield overlong.pop(0), None
                ok = None not in record and all(v is not None for v in record.values())
                yield counter[0], (dict(record) if ok else None)
            while overlong:
                yield overlong.pop(0), None

    return _guarded(path, read(), counter)


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        record = load_json(text, limits=RECORD_LIMITS)
    except InputError:
        return None
    return record if isinstance(record, dict) else None


def jsonl_records(path: Path) -> Iterator[Record]:
    """One JSON object per line."""
    counter = [0]

    def read() -> Iterator[Record]:
        with _text(path) as handle:
            for line in _lines(handle, counter):
                if line is None:
                    yield counter[0], None
                elif line.strip():
                    yield counter[0], _json_object(line)

    return _guarded(path, read(), counter)


# Classic CDX field letters (archive.org's CDX format) -> canonical names.
_CDX_LETTERS = {"a": "url", "b": "fetch_time", "m": "content_type", "s": "http_status"}
_CDX_DEFAULT = ["N", "b", "a", "m", "s", "k", "r", "M", "S", "V", "g"]


def _cdx_line(line: str, letters: list[str]) -> dict[str, Any] | None:
    parts = line.split(" ", 2)
    if len(parts) == 3 and parts[2].startswith("{"):  # CDXJ: surt time {json}
        record = _json_object(parts[2])
        if record is None:
            return None
        return {
            "url": record.get("url"),
            "fetch_time": parts[1],
            "http_status": record.get("status"),
            "content_length": record.get("length"),
            "content_type": record.get("mime"),
            "source_id": record.get("filename"),
        }
    fields = line.split()
    if len(fields) != len(letters):
        return None
    row: dict[str, Any] = {
        _CDX_LETTERS[k]: v for k, v in zip(letters, fields, strict=True) if k in _CDX_LETTERS
    }
    size = dict(zip(letters, fields, strict=True))
    row["content_length"] = size.get("S", size.get("n"))
    return row


def cdx_records(path: Path) -> Iterator[Record]:
    """CDX (with an optional `` CDX`` legend line) or CDXJ."""
    counter = [0]

    def read() -> Iterator[Record]:
        letters = _CDX_DEFAULT
        with _text(path) as handle:
            for line in _lines(handle, counter):
                if line is None:
                    yield counter[0], None
                    continue
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                if line.startswith((" CDX ", "CDX ")):
                    letters = line.split()[1:]
                    continue
                yield counter[0], _cdx_line(line, letters)

    return _guarded(path, read(), counter)


# -- WARC -----------------------------------------------------------------------------------

_HEADERS = ("X-Robots-Tag", "tdm-reservation", "tdm-policy", "Content-Usage")
_CHUNK = 1 << 20


def _body(record: Any) -> tuple[bytes, int, bool]:
    """The first ROBOTS_BODY_LIMIT bytes of the payload, its length, and whether the record
    ended before its declared Content-Length (the file was cut inside it)."""
    stream = record.content_stream()
    head = bytearray()
    total = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if len(head) < ROBOTS_BODY_LIMIT:
            head += chunk[: ROBOTS_BODY_LIMIT - len(head)]
    raw = record.raw_stream
    while raw.read(_CHUNK):  # what content decoding left unread
        pass
    return bytes(head), total, getattr(raw, "limit", 0) > 0


def _response(record: Any, body: bytes, total: int) -> tuple[dict[str, Any], str | None]:
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    http = record.http_headers
    status = http.get_statuscode() if http is not None else None
    headers: dict[str, str] = {}
    if http is not None:
        for key in _HEADERS:
            values = [v for k, v in http.headers if k.lower() == key.lower()]
            if values:
                headers[key.lower()] = ", ".join(values)
    metas = [m.group(0).decode("utf-8", "replace") for m in _META.finditer(body[:65536])]
    row = {
        "url": url,
        "fetch_time": record.rec_headers.get_header("WARC-Date"),
        "http_status": status,
        "content_length": total,
        "content_type": http.get_header("Content-Type") if http is not None else None,
        "x_robots_tag": headers.get("x-robots-tag"),
        "tdm_reservation": headers.get("tdm-reservation"),
        "tdm_policy": headers.get("tdm-policy"),
        "content_usage": headers.get("content-usage"),
        "html_meta": "".join(metas) or None,
    }
    return row, status


def warc_records(path: Path, robots: RobotsFound | None = None) -> Iterator[Record]:
    """Response records of a WARC (gzipped per record or whole); ``robots`` receives every
    robots.txt response (host, WARC-Date, status, first 512 KiB of the body)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class _Quiet(ArchiveIterator):  # type: ignore[misc]
        INC_RECORD = ""  # counted in err_count instead of printed to stderr
        cut = False

        def close(self) -> None:
            # a gzip member that ends without its end-of-stream marker: the file was cut there
            reader = self.reader
            decompressor = getattr(reader, "decompressor", None) if reader else None
            self.cut = decompressor is not None and not getattr(decompressor, "eof", True)
            super().close()

    with open_regular(path, what="WARC file", error=DataInputError) as stream:
        head = stream.read(6)
        stream.seek(0)
        if not (head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/")):
            raise DataInputError(
                "not a WARC file (it starts neither with WARC/ nor with gzip's signature)",
                location=Location(path),
                hint="give .warc or .warc.gz files, or pass --input-format",
            )
        number = 0
        iterator = _Quiet(stream)
        try:
            for record in iterator:
                if not str(record.rec_headers.protocol or "").startswith("WARC/"):
                    yield number + 1, None  # not a WARC record: nothing after it can be trusted
                    return
                if record.rec_type != "response":
                    _, _, cut = _body(record)
                    if cut:
                        yield number + 1, BadRecord("truncated")
                        return
                    continue
                number += 1
                body, total, cut = _body(record)
                if cut:
                    yield number, BadRecord("truncated")
                    return
                row, status = _response(record, body, total)
                url = row["url"]
                if robots is not None and url.split("?")[0].split("#")[0].endswith("/robots.txt"):
                    code = int(status) if status and str(status).isdigit() else None
                    robots(url_host(url), row["fetch_time"], code, body)
                yield number, row
        except ArchiveLoadFailed as exc:
            if number == 0:
                raise DataInputError(
                    f"not a readable WARC file: {str(exc).splitlines()[0][:120]}",
                    location=Location(path),
                ) from None
            yield number + 1, None  # garbage where the next record should start
        except (ValueError, AttributeError, TypeError, IndexError):
            yield number + 1, BadRecord("truncated")  # warcio's ways of meeting a cut member
        except _CONTAINER_ERRORS:
            yield number + 1, BadRecord("truncated")
        for _ in range(iterator.err_count):
            yield number, BadRecord("invalid_record_length")
        if iterator.cut:
            yield number + 1, BadRecord("truncated")
