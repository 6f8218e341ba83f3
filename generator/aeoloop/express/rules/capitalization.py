"""``capitalization``: ``$sentence``, ``$title`` (AP/Chicago), ``$lower``, ``$upper`` or a pattern."""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..markup import Document
from ..regexes import PatternError, check_token, embeddable
from ..timed import Part, TimedPattern, compile_timed
from .base import (
    BuildContext,
    Hit,
    Rule,
    RuleError,
    _as_bool,
    _as_number,
    _exceptions_re,
    _joined,
    _part,
    _strings,
    _timed,
    format_message,
    register,
)
from .scopes import view

_AP_SMALL = {
    "a",
    "an",
    "the",
    "and",
    "but",
    "or",
    "nor",
    "for",
    "so",
    "yet",
    "as",
    "at",
    "by",
    "in",
    "of",
    "off",
    "on",
    "per",
    "to",
    "up",
    "via",
    "vs",
    "vs.",
    "if",
    "out",
}
_CHICAGO_SMALL = _AP_SMALL | {
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "among",
    "around",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "between",
    "beyond",
    "down",
    "during",
    "except",
    "from",
    "inside",
    "into",
    "like",
    "near",
    "onto",
    "over",
    "past",
    "since",
    "than",
    "through",
    "toward",
    "towards",
    "under",
    "until",
    "upon",
    "with",
    "within",
    "without",
}
_WORD_TOKEN = r"(?:[^\W_]|\*)+\S*"


def title_case(text: str, style: str = "AP") -> str:
    small = _CHICAGO_SMALL if style.lower() == "chicago" else _AP_SMALL
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if w]
    out = list(words)
    for pos, i in enumerate(idx):
        w = words[i]
        first_or_last = pos == 0 or pos == len(idx) - 1 or (pos > 0 and words[idx[pos - 1]].endswith(":"))
        core = w.lower()
        if not first_or_last and core.strip(".,;:!?") in small:
            out[i] = core
        elif w[:1].islower() and (w.lower() == w):
            out[i] = w[:1].upper() + w[1:]
    return " ".join(out)


def sentence_case(text: str, except_re: TimedPattern | None) -> str:
    """A suggestion only: lower-case every word after the first, except exceptions and acronyms."""
    out = []
    for i, m in enumerate(re.finditer(r"\S+", text)):
        w = m.group()
        if except_re is not None and except_re.fullmatch(w.strip("?!.:,;()")):
            out.append(w)
        elif i == 0:
            out.append(w[:1].upper() + w[1:])
        elif w.upper() == w or any(ch.isupper() for ch in w[1:]):
            out.append(w)
        else:
            out.append(w.lower())
    return " ".join(out)


@register("capitalization")
class Capitalization(Rule):
    KEYS = frozenset({"match", "style", "exceptions", "indicators", "threshold", "prefix"})
    DEFAULT_SCOPE = ("heading",)

    def setup(self, cfg: dict[str, Any], ctx: BuildContext) -> None:
        match = cfg.get("match")
        if not isinstance(match, str) or not match:
            raise RuleError(
                "a capitalization rule needs `match`: $title, $sentence, $lower, $upper or a pattern", ("match",)
            )
        self.match = match
        self.style = str(cfg.get("style") or "AP")
        if self.style.lower() not in ("ap", "chicago"):
            raise RuleError(f"`style` must be AP or Chicago, not {self.style!r}", ("style",))
        self.threshold = float(_as_number(cfg, "threshold", 0.8) or 0.0)
        self.indicators = _strings(cfg, "indicators")
        vocab = _as_bool(cfg, "vocab", True)
        exceptions = _strings(cfg, "exceptions")
        self.except_re = _exceptions_re(exceptions, ctx.accepted if vocab else [])
        prefix = cfg.get("prefix")
        self.prefix = None
        if prefix:
            try:
                self.prefix = _timed("^(?:" + embeddable(str(prefix)) + ")", 0, ("prefix",), str(prefix))
            except PatternError as err:
                raise RuleError(str(err), ("prefix",)) from None
        ex_parts: list[Part] = []
        for i, item in enumerate([*exceptions, *(ctx.accepted if vocab else [])]):
            try:
                ex_parts.append(
                    _part(item, check_token(item), ("exceptions", i) if i < len(exceptions) else ("exceptions",))
                )
            except PatternError:
                continue
        self.token_re = (
            _joined(ex_parts, ("exceptions",), suffix=r")\b|" + _WORD_TOKEN, flags=0)
            if ex_parts
            else compile_timed(_WORD_TOKEN)
        )
        self.custom = None
        if not match.startswith("$"):
            self.custom = _timed(match, 0, ("match",))
        elif match not in ("$title", "$sentence", "$lower", "$upper"):
            raise RuleError(
                f"`match` must be $title, $sentence, $lower, $upper or a pattern, not {match!r}", ("match",)
            )

    def _excepted(self, w: str) -> bool:
        return self.except_re is not None and self.except_re.search(w) is not None

    def ok(self, text: str) -> bool:
        if self.prefix is not None:
            text = self.prefix.sub("", text, count=1)
        if self.custom is not None:
            return self.custom.search(text) is not None
        if self.match == "$lower":
            return text == text.lower() or self._excepted(text)
        if self.match == "$upper":
            return text == text.upper() or self._excepted(text)
        if self.match == "$sentence":
            return self._sentence(text)
        return self._title(text)

    def _sentence(self, s: str) -> bool:
        count = words = 0.0
        tokens = [m.group() for m in self.token_re.finditer(s.rstrip("?!.:"))]
        for i, w in enumerate(tokens):
            prev = tokens[i - 1] if i > 0 else ""
            if "-" in w:
                w = w.split("-")[0]
            elif "'" in w:
                w = w.split("'")[0]
            elif "’" in w:
                w = w.split("’")[0]
            if w == w.upper() or any(prev.endswith(x) for x in self.indicators) or self._excepted(w):
                count += 1
            elif i == 0 and w != w.lower().capitalize():
                return False
            elif i == 0 or w == w.lower():
                count += 1
            words += 1
        return words == 0 or count / words > self.threshold

    def _title(self, s: str) -> bool:
        count = words = 0.0
        expected = [m.group() for m in self.token_re.finditer(title_case(s, self.style))]
        for i, w in enumerate(m.group() for m in self.token_re.finditer(s)):
            if i >= len(expected) or w == expected[i] or self._excepted(w) or w == w.upper():
                count += 1
            words += 1
        return words == 0 or count / words > self.threshold

    def suggestion(self, text: str) -> str | None:
        if self.match == "$sentence":
            return sentence_case(text, self.except_re)
        if self.match == "$title":
            return title_case(text, self.style)
        if self.match == "$lower":
            return text.lower()
        if self.match == "$upper":
            return text.upper()
        return None

    def check(self, doc: Document) -> Iterator[Hit]:
        v = view(doc, self.scope)
        for seg, a, b in v.pieces:
            text = seg.text[a:b]
            if not self.ok(text):
                suggestion = self.suggestion(text)
                yield Hit(seg, a, b, format_message(self.message, text), suggestion if suggestion != text else None)
