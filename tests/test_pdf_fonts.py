"""The carousel's fonts make and deflate each distinct subset file once per process
(``amplify/channels/pdf_fonts.py``): the PDFs stay byte for byte what plain reportlab writes.

Each font is drawn in a fresh interpreter: reportlab registers one font object per typeface
(``pdfmetrics.registerFont`` hands a second name of the same face the first object), so the two
fonts of one face cannot be compared in one process.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import io, sys
from pathlib import Path
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from aeoloop.amplify.channels.pdf_fonts import SubsetCachedFont

make = SubsetCachedFont if sys.argv[1] == "cached" else TTFont
path = str(Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf")
font = make("tstFont", path)
pdfmetrics.registerFont(font)
assert type(pdfmetrics.getFont("tstFont")) is make
documents = [
    ["A plain ASCII slide.", "Another slide, the same subset."],
    ["Curly quotes ‘like these’ — and a dash.", "Ünïcode in a second subset order."],
    ["A plain ASCII slide."],
    ["— first, then ‘quotes’ and Ü: another order of the same characters."],
    ["Curly quotes ‘like these’ — and a dash.", "Ünïcode in a second subset order."],
]
out = []
for texts in documents:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(400, 300), invariant=1, pageCompression=1)
    for text in texts:
        pdf.setFont("tstFont", 18)
        pdf.drawString(20, 150, text)
        pdf.showPage()
    pdf.save()
    out.append(buf.getvalue())
sys.stdout.buffer.write(b"\\0PDF\\0".join(out))
"""


def _pdfs(kind: str) -> list[bytes]:
    done = subprocess.run([sys.executable, "-c", SCRIPT, kind], capture_output=True, check=True)
    return done.stdout.split(b"\0PDF\0")


def test_cached_subsets_write_the_same_bytes_as_plain_reportlab():
    plain, cached = _pdfs("plain"), _pdfs("cached")
    assert len(plain) == len(cached) == 5
    assert cached == plain  # documents 3 and 5 repeat 1 and 2: their subset files come from the caches


def test_the_cache_is_used():
    """The cached font's subset streams go through the caching filter (else the test above proves nothing)."""
    import io
    from pathlib import Path

    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen import canvas

    from aeoloop.amplify.channels.pdf_fonts import _FLATE, SubsetCachedFont

    font = SubsetCachedFont("tstOwnFace", str(Path(reportlab.__file__).parent / "fonts" / "VeraIt.ttf"))
    pdfmetrics.registerFont(font)
    assert pdfmetrics.getFont("tstOwnFace") is font  # no other test draws this face
    pdf = canvas.Canvas(io.BytesIO(), invariant=1, pageCompression=1)
    pdf.setFont("tstOwnFace", 12)
    pdf.drawString(10, 10, "Cached")
    pdf.showPage()
    pdf.save()
    streams = {k: v for k, v in pdf._doc.idToObject.items() if k.startswith(("fontFile:", "toUnicodeCMap:"))}
    assert len(streams) == 2 and all(v.filters == [_FLATE] for v in streams.values())
