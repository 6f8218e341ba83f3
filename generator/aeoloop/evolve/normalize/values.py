"""Numbers, percentages, booleans and sentiments as reports spell them."""

from __future__ import annotations

_NUM_JUNK = str.maketrans("", "", " \u00a0\u202f'%")


def parse_number(raw: str | float | int | None, decimal: str = ".") -> float | None:
    """``1,234`` / ``1.234,5`` (``decimal=","``) / ``16.67%`` / ``2,00 %`` -> float; '' -> None.

    Percent signs are dropped, not divided: callers know whether a column is a percentage.
    """
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        try:
            return float(raw)
        except OverflowError:
            return None
    if not isinstance(raw, str):  # a JSON list or object where a number belongs
        return None
    s = raw.translate(_NUM_JUNK)
    if not s or s in ("-", "—", "n/a", "N/A", "null", "NaN", "nan"):
        return None
    if decimal == ",":
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if value == value else None  # NaN


def parse_percent(raw: str | float | None, decimal: str = ".") -> float | None:
    """A rate as a fraction: ``16.67%`` -> 0.1667, ``2,00 %`` -> 0.02; a bare number above 1 is a percent."""
    if raw is None:
        return None
    value = parse_number(raw, decimal)
    if value is None:
        return None
    if isinstance(raw, str) and "%" in raw or value > 1:
        return value / 100
    return value


_TRUE = frozenset({"yes", "y", "true", "t", "1", "cited", "mentioned", "present", "si", "sì", "ja", "oui"})
_FALSE = frozenset(
    {
        "no",
        "n",
        "false",
        "f",
        "0",
        "not cited",
        "not-cited",
        "not_cited",
        "uncited",
        "not mentioned",
        "absent",
        "none",
        "nein",
        "non",
    }
)


def parse_bool(raw: str | bool | int | None) -> bool | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)):
        return bool(raw)
    if not isinstance(raw, str):
        return None
    s = raw.strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None


_SENTIMENTS = {
    "positive": "positive",
    "pos": "positive",
    "neutral": "neutral",
    "neu": "neutral",
    "mixed": "neutral",
    "negative": "negative",
    "neg": "negative",
}


def parse_sentiment(raw: str | float | None) -> str | None:
    """positive / neutral / negative from words or a score (-1..1 or 0..100)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        s = raw.strip().lower()
        if not s:
            return None
        if s in _SENTIMENTS:
            return _SENTIMENTS[s]
        value = parse_number(s)
    else:
        value = parse_number(raw)
    if value is None or value != value:
        return None
    if value > 1:  # 0..100 scales
        return "positive" if value >= 60 else "negative" if value < 40 else "neutral"
    return "positive" if value > 0.2 else "negative" if value < -0.2 else "neutral"
