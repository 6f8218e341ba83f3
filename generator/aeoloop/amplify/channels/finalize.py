"""One gate for every channel value, whoever produced it: sanitize, fix what the brand rules can
fix, then check the brand rules and the channel's limits.

Blocking problems (limit violations, brand-rule errors, text that repeats instructions from the
page) are fed back to a model or make the value unusable; notes (removed links or markup, rule
warnings) are reported but do not block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ...express.violations import Violation
from .base import ChannelType
from .context import ChannelContext
from .sanitize import looks_like_injection
from ...express.lint import project_rules


#: ``guardrail(text, lang, scope) -> violations``: the brand rules as a function
Guardrail = Callable[[str, str, str], list[Violation]]


@dataclass
class Guard:
    """The brand rules (aeoloop.express.guardrails) bound to a project, or none.

    Results are cached per (text, lang, scope): the same sentence reaches several channels.
    """

    _check: Guardrail = lambda text, lang, scope: []
    _fix: Callable[[str, str, str], str] = lambda text, lang, scope: text
    _cache: dict[tuple[str, str, str], list[Violation]] = field(default_factory=dict)

    def check(self, text: str, lang: str, scope: str) -> list[Violation]:
        key = (text, lang, scope)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = list(self._check(text, lang, scope))
        return found

    def fix(self, text: str, lang: str, scope: str) -> str:
        """Apply the brand rules' own fixable substitutions (e.g. a preferred term)."""
        if not any(v.fixable for v in self.check(text, lang, scope)):
            return text
        return self._fix(text, lang, scope)

    @classmethod
    def for_project(cls, project: Any) -> Guard:
        from ...express import guardrails  # lazy: the quality contract and the fixers, only when text is checked

        rules = project_rules(project)

        def check(text: str, lang: str, scope: str) -> list[Violation]:
            return guardrails.check_text(text, rules=rules, lang=lang, scope=scope)

        def fix(text: str, lang: str, scope: str) -> str:
            return guardrails.repair(text, rules=rules, lang=lang, scope=scope)[0]

        return cls(check, fix)


@dataclass
class Checked:
    value: Any
    blocking: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matches: set[str] = field(default_factory=set)  # the words that blocking brand rules flagged
    shorter: list[str] = field(default_factory=list)  # under the target but valid: the page has less to say

    @property
    def ok(self) -> bool:
        return not self.blocking


def _fix_strings(value: Any, fix: Callable[[str], str]) -> Any:
    """``value`` with ``fix`` applied to every string; the same object when no string changes
    (the usual case: validating the unchanged dump again gave an equal value, at a pydantic
    round trip per channel and page)."""
    data = value.model_dump()
    changed = False

    def walk(d: Any) -> Any:
        nonlocal changed
        if isinstance(d, str):
            fixed = fix(d) if d.strip() else d
            changed = changed or fixed != d
            return fixed
        if isinstance(d, list):
            return [walk(v) for v in d]
        if isinstance(d, dict):
            return {k: walk(v) for k, v in d.items()}
        return d

    fixed = walk(data)
    return type(value).model_validate(fixed) if changed else value


def _scope(text: str, scope: str) -> str:
    return "text" if "\n" in text else scope


def finalize(
    channel: ChannelType[Any], value: Any, ctx: ChannelContext, guard: Guard, *, own_text: bool = False
) -> Checked:
    """``own_text``: the value is made of the page's own sentences (extractive), so a phrase that
    reads like instructions is the writer's ("You are now ready to…"), not a model repeating them."""
    value, removed = channel.sanitize(value, ctx)
    notes = list(removed)
    value = _fix_strings(value, lambda text: guard.fix(text, ctx.page.lang, _scope(text, "paragraph")))
    blocking = list(channel.check(value, ctx))
    matches: set[str] = set()
    for text, scope in channel.texts(value):
        if not text.strip():
            continue
        phrase = None if own_text else looks_like_injection(text)  # the writer's own words are no injection
        if phrase and not looks_like_injection(ctx.title):
            blocking.append(f'the text repeats instructions ("{phrase}"); write only content about the page\'s subject')
        for v in guard.check(text, ctx.page.lang, _scope(text, scope)):
            quote = f' "{v.match}"' if v.match else ""
            msg = f"brand rule {v.rule}{quote}: {v.message}"
            if v.level == "error":
                blocking.append(msg)
                if v.match:
                    matches.add(v.match.lower())
            elif v.level == "warning":
                notes.append(msg)
    shorter = channel.shortfalls(value, ctx) if not blocking else []
    return Checked(value, blocking, sorted(set(notes)), matches, shorter)
