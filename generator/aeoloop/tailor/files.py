"""The tailor step's reads of ``generated/<page>/audiences/``: raw bytes by string path, checked
against the sha256 the page's manifest records.

Why not :mod:`aeoloop.staging`'s ``read_file`` and ``protection``: a CI build (a fresh clone:
generated/ committed, no ``.aeoloop/`` caches) checks every intro and derivative of every page
against its manifest, twelve files a page with three audiences. Decoding each through a text
wrapper and building a ``Path`` for each cost about three times the reads themselves. The
verdicts are the same: the recorded hash is of the text as written (UTF-8, ``\\n`` line ends),
and a file checked out with ``\\r\\n`` line ends is compared as ``Path.read_text`` would read it.
"""

from __future__ import annotations

import hashlib
from typing import Any


def read(path: str) -> bytes | None:
    """The file's bytes, or None when there is none."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except (FileNotFoundError, NotADirectoryError):
        return None


def text(data: bytes) -> str:
    """The file as ``Path.read_text(encoding="utf-8")`` reads it (universal newlines); bytes that
    are not UTF-8 become U+FFFD instead of a traceback (the file then reads as edited by hand)."""
    decoded = data.decode("utf-8", errors="replace")
    return decoded.replace("\r\n", "\n").replace("\r", "\n") if "\r" in decoded else decoded


def protection(data: bytes | None, record: Any) -> str | None:
    """:func:`aeoloop.staging.protection` of a file read by :func:`read`: "locked", "edited" (its
    hash is not the recorded one, or nothing records it), or None."""
    if data is None:
        return None
    rec = record if isinstance(record, dict) else {}
    if rec.get("status") == "locked":
        return "locked"
    recorded = rec.get("sha256")
    if not recorded:
        return "edited"
    if recorded == hashlib.sha256(data).hexdigest():
        return None
    if b"\r" in data and recorded == hashlib.sha256(text(data).encode("utf-8")).hexdigest():
        return None  # a checkout with CRLF line ends (git's autocrlf): the text is as generated
    return "edited"
