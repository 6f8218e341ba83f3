"""Hostile mutations of report files, shared by the report fuzz tests and ``bench/fuzz_reports.py``.

A mutated file starts from one of the real fixtures in ``tests/fixtures/reports`` (so detection
still picks the format and most rows still reach the adapter's row code) and gets one to four
mutations: hostile values in fields (URLs that ``urlsplit`` refuses, control characters, absurd
lengths, lone surrogates, bad dates and numbers, client IPs in odd places), deeply nested JSON,
truncation, byte flips, garbage or very long lines, other encodings, gzip (whole or truncated).
Everything is drawn from a seeded :class:`random.Random`, so a failing case is reproducible from
its seed.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "reports"

HOSTILE_VALUES: list[str] = [
    "https://[www.example.com/guides/oee/",
    "http://]bad/",
    "https://[::1/x",
    "http://[::1]:99999/x",
    "http://user:pass@exa mple.com:abc/",
    "https://exa\x00mple.com/a\x00b",
    "https://example.com/a\tb\r\nc",
    "https://ex\u2100ample.com/",  # NFKC turns it into a '/' inside the netloc: urlsplit refuses it
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//",
    "/",
    "%",
    "%00%ff%zz",
    "https://example.com/" + "a" * 70_000,
    "x" * 200_000,
    "\ud800",
    "\udfff\ud800",
    "\x1b[31mred\x1b[0m",
    "\u202eevil",
    "<script>alert(1)</script>",
    "</script><!--<script",
    "<img src=x onerror=alert(1)>",
    "'; DROP TABLE citations; --",
    "{{ config }}",
    "${jndi:ldap://x}",
    "2026-13-45",
    "2026-01-01T25:00:00Z",
    "9999-99-99",
    "0000-00-00",
    "-1e309",
    "1e400",
    "NaN",
    "Infinity",
    "-0",
    "99999999999999999999999999999",
    "null",
    "",
    " ",
    "\x00",
    "203.0.113.77",
    "2001:db8:85a3::8a2e:370:7334",
    "::ffff:198.51.100.9",
]

JSON_VALUES: list[object] = [
    None,
    True,
    False,
    0,
    -1,
    1.5e308,
    2**70,
    [],
    {},
    [[[]]],
    {"a": {"b": None}},
    "",
    "x" * 100_000,
]


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _replace_field(rng: random.Random, line: str, value: str) -> str:
    for delim in ("\t", ",", ";", " "):
        if delim in line:
            parts = line.split(delim)
            parts[rng.randrange(len(parts))] = value
            return delim.join(parts)
    return value


def _mutate_json_value(rng: random.Random, obj: object) -> object:
    """Replace one random leaf (or container) of ``obj`` with a hostile value."""
    if isinstance(obj, dict) and obj:
        key = rng.choice(list(obj))
        if rng.random() < 0.6:
            obj[key] = _mutate_json_value(rng, obj[key])
        else:
            obj[key] = rng.choice(HOSTILE_VALUES + JSON_VALUES)  # type: ignore[operator]
        if rng.random() < 0.1:
            obj[rng.choice(HOSTILE_VALUES)] = rng.choice(HOSTILE_VALUES)
        return obj
    if isinstance(obj, list) and obj:
        i = rng.randrange(len(obj))
        obj[i] = _mutate_json_value(rng, obj[i])
        return obj
    return rng.choice(HOSTILE_VALUES + JSON_VALUES)  # type: ignore[operator]


def m_field(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        lines[i] = _replace_field(rng, lines[i], rng.choice(HOSTILE_VALUES))
    return "\n".join(lines)


def m_json(rng: random.Random, text: str) -> str:
    """Hostile values inside JSON records (NDJSON line by line, or the whole document)."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):
        lines = _lines(text)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(lines))
            try:
                obj = json.loads(lines[i])
            except (ValueError, RecursionError):
                continue
            lines[i] = json.dumps(_mutate_json_value(rng, obj))
        return "\n".join(lines)
    for _ in range(rng.randint(1, 3)):
        doc = _mutate_json_value(rng, doc)
    return json.dumps(doc, indent=rng.choice([None, 2]))


def m_deep(rng: random.Random, text: str) -> str:
    """A deeply nested value where a field or a record was."""
    nest = deep_json(rng.choice([600, 3_000, 50_000, 200_000]))
    lines = _lines(text)
    i = rng.randrange(len(lines))
    if lines[i].lstrip().startswith("{") and ":" in lines[i] and rng.random() < 0.5:
        key_end = lines[i].find(":")
        lines[i] = lines[i][: key_end + 1] + nest + "}"
    elif rng.random() < 0.5:
        lines[i] = nest
    else:
        lines[i] = '{"a":' * 3000 + "1" + "}" * 3000
    return "\n".join(lines)


def m_truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


def m_flip(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 20)):
        if chars:
            chars[rng.randrange(len(chars))] = chr(
                rng.choice(
                    [0, 9, 10, 13, 34, 39, 44, 59, 91, 93, 123, 125, 0xFFFD, 0x85, 0x2028, rng.randrange(32, 0x2FFF)]
                )
            )
    return "".join(chars)


def m_garbage_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    junk = "".join(chr(rng.randrange(0, 0x800)) for _ in range(rng.randint(1, 200)))
    lines.insert(rng.randrange(len(lines) + 1), junk)
    return "\n".join(lines)


def m_long_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    lines.insert(
        rng.randrange(1, len(lines) + 1), rng.choice(["a", ",", '"', "[", "\\"]) * rng.choice([70_000, 1_200_000])
    )
    return "\n".join(lines)


def m_duplicate(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    return "\n".join(lines[: i + 1] + [lines[i]] * rng.randint(2, 300) + lines[i + 1 :])


def m_drop_header_field(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    for delim in ("\t", ",", ";", " "):
        if delim in lines[0]:
            parts = lines[0].split(delim)
            del parts[rng.randrange(len(parts))]
            lines[0] = delim.join(parts)
            break
    return "\n".join(lines)


def m_ips(rng: random.Random, text: str) -> str:
    """Client IPs where other fields were (the privacy scan must still find none stored in clear)."""
    lines = _lines(text)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        lines[i] = _replace_field(
            rng,
            lines[i],
            rng.choice(["203.0.113.77", "2001:db8:85a3::8a2e:370:7334", "[2001:db8::1]:443", "::ffff:198.51.100.9"]),
        )
    return "\n".join(lines)


def m_quotes(rng: random.Random, text: str) -> str:
    """Unbalanced quotes and escapes: CSV readers and the log regex must bound what they swallow."""
    lines = _lines(text)
    i = rng.randrange(len(lines))
    pos = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:pos] + rng.choice(['"', '\\"', '""', "\\", '"' * 50]) + lines[i][pos:]
    return "\n".join(lines)


TEXT_MUTATIONS: list[Callable[[random.Random, str], str]] = [
    m_field,
    m_field,
    m_json,
    m_json,
    m_deep,
    m_truncate,
    m_flip,
    m_garbage_line,
    m_long_line,
    m_duplicate,
    m_drop_header_field,
    m_ips,
    m_quotes,
]


MAX_CHARS = 4_000_000
"""Mutations compound (a 1 MB line duplicated 300 times): files are capped at a few megabytes."""


def seeds() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if p.is_file())


def read_seed(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError):
            data = gzip.GzipFile(fileobj=__import__("io").BytesIO(data)).read1(1 << 20)  # type: ignore[attr-defined]
    return data.decode("utf-8", errors="replace")


def encode(rng: random.Random, text: str) -> bytes:
    """Bytes of the mutated text: UTF-8 mostly, sometimes UTF-16 or Latin-1, raw bytes, or gzip."""
    roll = rng.random()
    if roll < 0.05:
        data = text.encode("utf-16", errors="surrogatepass")
    elif roll < 0.10:
        data = text.encode("latin-1", errors="replace")
    else:
        data = text.encode("utf-8", errors="surrogatepass" if rng.random() < 0.3 else "replace")
    if rng.random() < 0.08:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.12:
        data = gzip.compress(data, mtime=0)
        if rng.random() < 0.3:
            data = data[: rng.randrange(2, len(data) + 1)]
    return data


def mutate(rng: random.Random, seed: Path) -> tuple[str, bytes]:
    """(file name, content) of one hostile variant of ``seed``."""
    text = read_seed(seed)
    for _ in range(rng.randint(1, 4)):
        text = rng.choice(TEXT_MUTATIONS)(rng, text)[:MAX_CHARS]
    name = seed.name[:-3] if seed.name.endswith(".gz") else seed.name
    return name, encode(rng, text)
