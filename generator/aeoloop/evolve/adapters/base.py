"""What every adapter shares: the :class:`Source` it reads, the :class:`Context` it reports to,
and helpers for headers and columns.

A :class:`Source` opens a file as bytes or text, transparently gunzipping (by magic number, not
by name), and turns a truncated or corrupt gzip stream into a :class:`FileError` naming the
last complete line, so a half-downloaded log is refused as a whole instead of being half stored.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, ClassVar, Protocol

from ..normalize import DateParser, IpHasher
from ..records import FileError, Item

if TYPE_CHECKING:
    from .citations_native import NativeResult

GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 4 * 1024 * 1024
MAX_LINE_BYTES = 16 * 1024 * 1024
csv.field_size_limit(16 * 1024 * 1024)


def _gzip_error(err: BaseException, line: int) -> FileError:
    where = f"it ends after line {line}" if line else "not one complete line can be read from it"
    return FileError(
        f"the gzip stream is truncated or corrupt ({err}); {where}. "
        "Nothing from this file was stored: download it again and re-run the ingest.",
        line or None,
    )


@dataclass
class Source:
    """One input file: where it is, how to show it, whether it is gzipped, and its first bytes."""

    path: Path
    display: str
    gzipped: bool = False
    head_bytes: bytes = b""
    encoding: str = "utf-8"

    @classmethod
    def open_path(cls, path: Path, display: str | None = None) -> Source:
        with open(path, "rb") as fh:
            magic = fh.read(2)
        gz = magic == GZIP_MAGIC
        head = b""
        try:
            with gzip.open(path, "rb") if gz else open(path, "rb") as fh:
                head = fh.read(HEAD_BYTES)
        except (EOFError, OSError, zlib.error):
            pass  # a truncated gzip still gets its head read as far as it goes, below
        if gz and not head:
            try:
                with open(path, "rb") as raw:
                    head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(raw.read(HEAD_BYTES * 4))[:HEAD_BYTES]
            except zlib.error:
                head = b""
        encoding = "utf-8"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        elif head.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        return cls(path, display or path.as_posix(), gz, head, encoding)

    @property
    def name(self) -> str:
        """File name without a ``.gz`` suffix (detection looks at ``Pages.csv``, ``*.log``...)."""
        name = self.path.name
        return name[:-3] if name.lower().endswith(".gz") else name

    @property
    def head(self) -> str:
        text = self.head_bytes.decode(self.encoding if self.encoding != "utf-8-sig" else "utf-8-sig", errors="replace")
        return text if self.encoding != "utf-16" else text

    def open_binary(self) -> IO[bytes]:
        return gzip.open(self.path, "rb") if self.gzipped else open(self.path, "rb")  # type: ignore[return-value]

    def open_text(self) -> IO[str]:
        """Text with universal newlines off (CSV readers want ``newline=""``), errors replaced."""
        return io.TextIOWrapper(self.open_binary(), encoding=self.encoding, errors="replace", newline="")

    def lines(self) -> Iterator[tuple[int, str]]:
        """``(line number, text without the newline)`` for every line, streaming."""
        n = 0
        try:
            with self.open_text() as fh:
                for n, line in enumerate(fh, start=1):
                    yield n, line.rstrip("\r\n")
        except (EOFError, gzip.BadGzipFile, zlib.error) as err:
            raise _gzip_error(err, n) from None


def _split_chunks(fh: IO[bytes], size: int, first_line: int = 1) -> Iterator[tuple[int, list[bytes], bool]]:
    first = first_line
    rest = b""
    while True:
        data = fh.read(size)
        if not data:
            break
        data = rest + data
        cut = data.rfind(b"\n")
        if cut < 0:
            if len(data) > MAX_LINE_BYTES:  # a "line" this long is garbage: hand it over, don't hoard it
                yield first, [data], b"\\" in data
                first += 1
                data = b""
            rest = data
            continue
        rest = data[cut + 1 :]
        body = data[:cut]
        lines = body.split(b"\n")
        yield first, lines, b"\\" in body
        first += len(lines)
    if rest:
        yield first, [rest], b"\\" in rest


def byte_chunks(source: Source, size: int = CHUNK_BYTES) -> Iterator[tuple[int, list[bytes], bool]]:
    """``(number of the first line, lines as bytes, whether any has a backslash)``, streaming.

    Splitting bytes is faster than decoding first: log readers key their dictionaries by
    bytes and decode only the distinct values.
    """
    last = 0
    try:
        with source.open_binary() as fh:
            for first, lines, backslash in _split_chunks(fh, size):
                last = first + len(lines) - 1
                yield first, lines, backslash
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise _gzip_error(err, last) from None


@dataclass
class Context:
    """Per-file state shared with the adapter: parsers and the warnings it wants reported."""

    display: str
    dates: DateParser = field(default_factory=DateParser)
    ip_hasher: IpHasher = field(default_factory=IpHasher)
    warnings: dict[str, list[Any]] = field(default_factory=dict)  # message -> [first line, count]

    def warn(self, line: int | None, message: str) -> None:
        """Report once per distinct message with the first line and a count (not once per row)."""
        entry = self.warnings.get(message)
        if entry is None:
            self.warnings[message] = [line, 1]
        else:
            entry[1] += 1


NativeLoader = Callable[[Source, Context, Any, int], "NativeResult | None"]
"""``load_native(source, ctx, con, file_id)``: load the file with DuckDB's own reader, or None to stream it."""


class Adapter(Protocol):
    """A report format: detected from the file's head, read as a stream of records.

    Register one in :data:`aeoloop.evolve.adapters.ADAPTERS` (one module, one line)."""

    name: ClassVar[str]
    kind: ClassVar[str]  # the table it fills: citations, search, sessions, visits
    title: ClassVar[str]
    detection: ClassVar[str]  # one sentence: what detect() looks for
    load_native: NativeLoader | None  # a bulk path for big files (None: read() streams every file)

    def detect(self, head: str, filename: str) -> float:
        """Confidence 0..1 that a file with this head (decoded text) and name is this format."""
        ...

    def read(self, source: Source, ctx: Context) -> Iterator[Item]: ...


# --- CSV helpers ------------------------------------------------------------------------------

_KEY_RE = re.compile(r"[^0-9a-z]+")


def header_key(name: str) -> str:
    """``Top pages`` -> ``top_pages``; ``Häufigste Seiten`` -> ``haufigste_seiten``;
    ``cs(User-Agent)`` -> ``cs_user_agent``; BOM, quotes and accents dropped."""
    name = name.strip().lstrip("\ufeff").strip('"').strip().lower().replace("ß", "ss").replace("ł", "l")
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _KEY_RE.sub("_", name).strip("_")


MAX_COLUMNS = 1000
"""No report has more columns; a "header" with more (a line of 1.2 million commas) is garbage, and
reading it as one would cost seconds per pass."""


def sniff_delimiter(line: str, known: Sequence[str] = ()) -> str:
    """The delimiter of a header line: the candidate giving the most known columns, else the most fields."""
    line = line[: 64 * 1024]  # a header longer than this is not one; its start decides as well as its whole
    best, best_score = ",", (-1, -1)
    for delim in (",", ";", "\t", "|"):
        try:
            fields = next(csv.reader([line], delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        keys = {header_key(f) for f in fields}
        score = (len(keys & set(known)), len(fields))
        if score > best_score:
            best, best_score = delim, score
    return best


def first_line(head: str, skip_comments: bool = False) -> str:
    for line in head.lstrip("\ufeff").splitlines():
        if not line.strip():
            continue
        if skip_comments and line.startswith("#"):
            continue
        return line
    return ""


def header_keys(head: str, known: Sequence[str] = (), skip_comments: bool = False) -> tuple[list[str], str]:
    """Header keys of a CSV head and its delimiter."""
    line = first_line(head, skip_comments)
    if not line:
        return [], ","
    delim = sniff_delimiter(line, known)
    try:
        fields = next(csv.reader([line], delimiter=delim))
    except (csv.Error, StopIteration):
        return [], delim
    return [header_key(f) for f in fields], delim


@dataclass
class Columns:
    """Which position holds which field, from a header and a spec ``field -> accepted keys``."""

    index: dict[str, int]
    header: list[str]

    @classmethod
    def resolve(
        cls,
        header: list[str],
        spec: Mapping[str, Sequence[str]],
        required: Sequence[str],
        *,
        delimiter: str = ",",
        display: str = "",
        line: int = 1,
    ) -> Columns:
        if len(header) > MAX_COLUMNS:
            raise FileError(
                f"the header has {len(header):,} columns; a report has at most {MAX_COLUMNS:,}: "
                "is this the right file, and is this line the header?",
                line,
            )
        keys = [header_key(h) for h in header]
        index: dict[str, int] = {}
        for fieldname, accepted in spec.items():
            for key in accepted:
                if key in keys:
                    index[fieldname] = keys.index(key)
                    break
        missing = [f for f in required if f not in index]
        if missing:
            hint = ""
            if len(header) == 1 and any(d in header[0] for d in ",;\t|" if d != delimiter):
                hint = " The header has a single column: is the delimiter wrong?"
            wanted = "; ".join(f"`{f}` (any of: {', '.join(spec[f])})" for f in missing)
            raise FileError(
                f"missing required column(s) {wanted}; the header has: {', '.join(h.strip() for h in header) or '(nothing)'}."
                f"{hint}",
                1,
            )
        return cls(index, header)

    def getter(self, fieldname: str):  # -> Callable[[list[str]], str | None]
        i = self.index.get(fieldname)
        if i is None:
            return lambda row: None

        def get(row: list[str], i: int = i) -> str | None:
            if i < len(row):
                value = row[i].strip()
                return value or None
            return None

        return get

    def has(self, fieldname: str) -> bool:
        return fieldname in self.index


def csv_rows(source: Source, delimiter: str, skip_comments: bool = False) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` of every record after the header line, streaming; blank lines skipped.

    ``line`` is where the record starts in the file (a quoted field may span several lines).
    """
    last = 0
    try:
        with source.open_text() as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            header_seen = False
            for row in reader:
                start, last = last + 1, reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue
                if skip_comments and row[0].startswith("#"):
                    continue
                if not header_seen:
                    header_seen = True
                    continue
                yield start, row
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise _gzip_error(err, last) from None
    except csv.Error as err:
        raise FileError(f"CSV syntax error: {err}", last + 1) from None


def learn_dates(ctx: Context, head: str, delimiter: str, index: int | None, skip_comments: bool = False) -> None:
    """Let the date parser learn day/month order from the date column of the file's head."""
    if index is None:
        return
    lines = [ln for ln in head.splitlines()[:-1] if ln.strip() and not (skip_comments and ln.startswith("#"))]
    try:
        rows = list(csv.reader(lines[1:], delimiter=delimiter))
    except csv.Error:
        return
    ctx.dates.learn(r[index].strip() for r in rows if index < len(r))


def unknown_engine_message(raw: str, engine: str) -> str:
    return (
        f"unknown engine {raw!r}, kept as {engine!r}; if it is a known engine under another name, "
        "tell us (aeoloop.evolve.normalize.ENGINE_ALIASES)"
    )


def bad_date_reason(raw: str | None) -> str:
    if raw is None:
        return "empty date"
    return f"unreadable date {raw!r}; write dates as YYYY-MM-DD"


def fields_reason(width: int, found: int, raw: str, delimiter: str) -> str:
    """``expected 7 fields as in the header, found 1`` (+ a hint when another delimiter fits)."""
    text = f"expected {width} fields as in the header, found {found}"
    if found == 1 and width > 1:
        for other in (",", ";", "\t", "|"):
            if other != delimiter and raw.count(other) == width - 1:
                shown = "tab" if other == "\t" else repr(other)
                text += f" (the row looks {shown}-separated; the header uses {'tab' if delimiter == chr(9) else repr(delimiter)})"
                break
    return text


def raw_of(row: list[str], delimiter: str) -> str:
    return delimiter.join(row)[:500]
