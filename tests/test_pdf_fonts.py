"""The carousel's fonts make and deflate each distinct subset file once per process
(``amplify/channels/pdf_fonts.py``): the PDFs stay byte for byte what plain reportlab writes."""

from __future__ import annotations

import io
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from aeoloop.amplify.channels.pdf_fonts import SubsetCachedFont

FONTS = Path(reportlab.__file__).parent / "fonts"


def _pdf(font: str, texts: list[str]) -> bytes:
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(400, 300), invariant=1, pageCompression=1)
    for text in texts:
        pdf.setFont(font, 18)
        pdf.drawString(20, 150, text)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def test_cached_subsets_write_the_same_bytes_as_plain_reportlab():
    # two names of one length, so the PDFs may be compared after swapping one for the other
    pdfmetrics.registerFont(TTFont("tstPlainA", str(FONTS / "VeraBd.ttf")))
    pdfmetrics.registerFont(SubsetCachedFont("tstCachdA", str(FONTS / "VeraBd.ttf")))
    documents = [
        ["A plain ASCII slide.", "Another slide, the same subset."],
        ["Curly quotes ‘like these’ — and a dash.", "Ünïcode in a second subset order."],
        ["A plain ASCII slide."],  # seen before: the subset file and its deflate come from the caches
        ["— first, then ‘quotes’ and Ü: another order of the same characters."],
        ["Curly quotes ‘like these’ — and a dash.", "Ünïcode in a second subset order."],
    ]
    for texts in documents:
        plain = _pdf("tstPlainA", texts)
        cached = _pdf("tstCachdA", texts).replace(b"tstCachdA", b"tstPlainA")
        assert cached == plain
