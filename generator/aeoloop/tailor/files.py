"""The tailor step's reads of ``generated/<page>/audiences/``: raw bytes by string path, checked
against the sha256 the page's manifest records.

Why not :mod:`aeoloop.staging`'s ``read_file`` and ``protection``: a CI build (a fresh clone:
generated/ committed, no ``.aeoloop/`` caches) checks every intro and derivative of every page
against its manifest, twelve files a page with three audiences. Decoding each through a text
wrapper and building a ``Path`` for each cost about three times the reads themselves. The
verdicts are the same: the recorded hash is of the text as written (UTF-8, ``\\n`` line ends),
and a file checked out with ``\\r\\n`` line ends is compared as ``Path.read_text`` would read it.

Each read also notes the file's size, mtime and inode as it was read (``os.fstat`` of the open
file: no second system call), for the warm cache's key of the page (:mod:`.warm`): a CI build
checks every file once and need not ``stat`` them all again to fill that cache.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from typing import Any

Seen = dict[str, tuple[int, int, int]]
"""path -> (size, mtime in ns, inode) of the file when it was read."""


def read(path: str, seen: Seen | None = None) -> bytes | None:
    """The file's bytes, or None when there is none; its stat goes to ``seen``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        want = st.st_size + 1
        data = os.read(fd, want)
        if len(data) == want:  # it grew since the fstat: read to the end
            chunks = [data]
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    if seen is not None:
        seen[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return data


def manifest(staged: str | bytes | None, path: str, seen: Seen | None = None) -> dict[str, Any]:
    """The page's manifest as :func:`aeoloop.staging.read_manifest` gives it (``staged``: what
    this build staged for it, else the file; {} if none or broken), read by :func:`read`."""
    try:
        data = staged if staged is not None else read(path, seen)
        # decoded as UTF-8 first, as read_text does (json.loads of bytes would also take UTF-16 or a BOM)
        parsed = json.loads(data.decode("utf-8") if isinstance(data, bytes) else data) if data is not None else {}
    except (OSError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


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
