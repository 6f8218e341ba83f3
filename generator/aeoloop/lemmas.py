"""``lemminflect`` without spaCy: English lemma and inflection tables for the rules.

Why: ``import lemminflect`` also imports spaCy, when it is installed, to register two token
extensions that aeoloop never uses. spaCy takes about a second to import; a build that only
re-checks committed text (CI: the quality contract over ``generated/``) needs the tables, not
spaCy. Importing through :func:`lemminflect` keeps spaCy out unless something else loaded it.
"""

from __future__ import annotations

import functools
import gzip
import re
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable
from types import ModuleType
from typing import Any


class _NoSpacy:
    """A meta path finder that answers ``import spacy`` with ImportError (lemminflect catches it)."""

    @staticmethod
    def find_spec(name: str, path: object = None, target: object = None) -> None:
        if name == "spacy":
            raise ModuleNotFoundError("spaCy is not imported for lemminflect's tables", name="spacy")
        return None


class CompactTable:
    """One of lemminflect's word tables, held as its file's bytes: what its loader would have built
    for a word, built on the word's first lookup.

    Why: lemminflect loads ``lemma_lu.csv.gz`` and ``infl_lu.csv.gz`` into dicts of dicts of tuples,
    **52 MB** in every process that looks a word up (the generate server and its workers, the channel
    server and its workers). The files are sorted by word (code point order, a word's lines
    together), so the decompressed bytes (2.9 MB) and the offset of each line (0.5 MB) answer a
    lookup by binary search. Each entry is made by lemminflect's own line parser and merged as its
    loader merges it, so every lookup returns what the dict held (``tests/test_lemmas_compact.py``
    compares every word of both tables). The tables answer only ``get``: the one thing lemminflect
    asks of them (``_getLemmaDict().get(word, {})``, ``_getInflDict().get(lemma, {})``).
    """

    def __init__(self, path: str, entry: Callable[[list[str]], dict[str, Any]], fixed: dict[str, Any]) -> None:
        self._path = path  # read on the first lookup, as lemminflect reads its file
        self._data = b""
        self._starts = array("I")
        self._entry = entry  # a word's lines (decoded) -> what the loader made of them
        self._fixed = fixed  # entries the loader sets after reading (they replace the file's)
        self._made: dict[str, dict[str, Any] | None] = {}

    def _read(self) -> None:
        with open(self._path, "rb") as f:
            data = gzip.decompress(f.read())
        starts = [0, *(m.end() for m in re.finditer(b"\n", data))]
        if starts[-1] == len(data):
            starts.pop()
        self._data, self._starts = data, array("I" if len(data) < 1 << 32 else "Q", starts)

    def _key(self, start: int) -> bytes:
        return self._data[start : self._data.find(b",", start)]

    def get(self, word: str, default: Any = None) -> Any:
        if word in self._fixed:
            return self._fixed[word]
        try:
            made = self._made[word]
        except KeyError:
            made = self._made[word] = self._look_up(word)
        return default if made is None else made

    def _look_up(self, word: str) -> dict[str, Any] | None:
        try:
            key = word.encode()
        except UnicodeEncodeError:  # (a lone surrogate): no such line in a UTF-8 file
            return None
        if not self._data:
            self._read()
        data, starts = self._data, self._starts
        i = bisect_left(starts, key, key=self._key)
        lines: list[str] = []
        while i < len(starts) and self._key(starts[i]) == key:
            end = starts[i + 1] if i + 1 < len(starts) else len(data)
            lines.append(data[starts[i] : end].decode())
            i += 1
        return self._entry(lines) if lines else None


def _lemma_entry(lines: list[str]) -> dict[str, Any]:
    """A word's lines of ``lemma_lu.csv`` as ``LemmaLUCodec.load`` merges them."""
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.core.LexicalUtils import categoryToUPos

    out: dict[str, Any] = {}
    for line in lines:
        _word, category, forms = LemmaLUCodec.fromString(line)
        out.update({categoryToUPos(category): forms})
    return out


def _inflection_entry(lines: list[str]) -> dict[str, Any]:
    """A word's lines of ``infl_lu.csv`` as ``InflectionLUCodec.load`` merges them."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

    out: dict[str, Any] = {}
    for line in lines:
        out.update(InflectionLUCodec.fromString(line)[2])
    return out


def _install_compact_tables(module: ModuleType) -> None:
    """Give lemminflect's two singletons :class:`CompactTable` s before they load their dicts."""
    from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

    lemmatizer, inflections = module.Lemmatizer(), module.Inflections()
    if not hasattr(lemmatizer, "lemma_dict"):  # (its loader sets it on the first lookup)
        lemmatizer.lemma_dict = CompactTable(lemmatizer.lemma_lu_fn, _lemma_entry, {})
    if not hasattr(inflections, "infl_dict"):
        fixed = InflectionLUCodec.updateForAuxMod({})  # the modal and auxiliary verbs, set after the file
        inflections.infl_dict = CompactTable(inflections.infl_lu_fn, _inflection_entry, fixed)


@functools.cache
def lemminflect() -> ModuleType:
    """The ``lemminflect`` module, its word tables in :class:`CompactTable` s (read on first use)."""
    if "spacy" in sys.modules:
        import lemminflect as module
    else:
        finder = _NoSpacy()
        sys.meta_path.insert(0, finder)
        try:
            import lemminflect as module
        finally:
            sys.meta_path.remove(finder)
    _install_compact_tables(module)
    return module
