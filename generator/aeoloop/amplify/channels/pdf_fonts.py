"""A reportlab TrueType font whose embedded subset files are made and compressed once per process.

Why: every carousel PDF embeds a subset of its two fonts, and reportlab builds each subset file
(``makeSubset``) and deflates it (and its ToUnicode map) again for every document. With
reportlab's ASCII-readable subsets (the default), a page whose slides are plain ASCII gets the
same subset as every other such page, byte for byte: in the 300-page bench corpus, 598 font files
in 300 PDFs are 3 distinct ones. Making a file once per distinct subset and deflating once per
distinct content leaves every PDF's bytes as they were (the same input to the same zlib gives the
same output; ``tests/test_pdf_fonts.py`` holds the PDFs equal to plain reportlab's), and saves
about 2 ms of a PDF's ~6.

Imported lazily (by :func:`aeoloop.amplify.channels.linkedin_carousel._register`): reportlab is
not loaded by a build that makes no carousel.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont

#: names reportlab gives a font's subset streams in a document (``ttfonts.TTFont.addObjects``)
_SUBSET_STREAMS = ("fontFile:", "toUnicodeCMap:")


@lru_cache(maxsize=64)
def _deflated(content: bytes) -> bytes:
    return zlib.compress(content)


class _CachedFlate:
    """reportlab's Flate filter (``pdfdoc.PDFZCompress``: the same name, the same zlib call at
    the same default level), with the output kept for content seen before."""

    pdfname = pdfdoc.PDFZCompress.pdfname

    def encode(self, text: str | bytes) -> bytes:
        return _deflated(text.encode("utf8") if isinstance(text, str) else text)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


_FLATE = _CachedFlate()


class SubsetCachedFont(TTFont):
    """A :class:`TTFont` that keeps its subset files (by the subset's character codes) and
    deflates its subset streams through :class:`_CachedFlate`."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        make_subset = self.face.makeSubset
        made: dict[tuple[int, ...], bytes] = {}

        def cached_subset(subset: Sequence[int]) -> bytes:
            key = tuple(subset)
            if key not in made:
                if len(made) >= 64:
                    made.clear()
                made[key] = make_subset(subset)
            return made[key]

        self.face.makeSubset = cached_subset

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:  # noqa: N802 - reportlab's name
        before = set(doc.idToObject)
        super().addObjects(doc)
        for name in set(doc.idToObject) - before:
            obj = doc.idToObject[name]
            if name.startswith(_SUBSET_STREAMS) and obj.filters == [pdfdoc.PDFZCompress]:
                obj.filters = [_FLATE]
            elif isinstance(obj, pdfdoc.PDFTrueTypeFont) and isinstance(obj.Widths, pdfdoc.PDFArray):
                obj.Widths = _formatted_widths(obj.Widths, doc)


#: a subset's ``/Widths`` array as reportlab formats it, by its widths
_WIDTHS: dict[tuple[object, ...], bytes] = {}


def _formatted_widths(widths: pdfdoc.PDFArray, doc: pdfdoc.PDFDocument) -> bytes:
    """The array's bytes, formatted once per distinct array (a subset's widths: the same for every
    PDF with that subset). reportlab writes a bytes value of a font's dictionary as it is, so the
    font object formats to the same bytes. The array holds plain numbers: its format reads nothing
    of the document (no reference, no string to encrypt)."""
    key = tuple(widths.sequence)
    found = _WIDTHS.get(key)
    if found is None:
        if len(_WIDTHS) >= 64:
            _WIDTHS.clear()
        found = _WIDTHS[key] = widths.format(doc)
    return found
