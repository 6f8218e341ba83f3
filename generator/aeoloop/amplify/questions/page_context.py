"""The questions of one page's headings, with what the page itself says about them.

Why: a heading alone is ambiguous. The page tells the rules what they cannot guess: the title
and the H2 above an H3 (a term under "Metrics" is asked as "What is <term>?") and the names the
prose capitalises ("Plausible", "Data Studio"). The extractive backend asks this once per page.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...page import Page
from .convert import HeadingQuestion, explain_heading
from .detect import is_question
from .names import page_names

# "3. Paste the code": a step the writer numbered.
_NUMBERED = re.compile(r"^\s*(?:step\s+)?\d{1,2}[.):]\s+\S", re.I)
# "What is core stack?", "How do you set up App?": a question ending in up to three bare words.
_BARE_END = re.compile(r"^(?P<lead>What is|How do you [a-z]+(?: up| out| down| in| on)?) (?P<x>[^?]+)\?$")
_DETERMINERS = frozenset("a an the your our my their its this that these those some any".split())
_DEFINITE = frozenset("the our your their its".split())
# Words after a phrase that leave it whole ("the app is …", "the Core Stack, or …").
_ENDS_PHRASE = frozenset(
    "'s is are was were has have had can could will would should must may might does do did and or but to of in on "
    "for with from by at as that which who when if so than into".split()
)
_NOT_OBJECT = frozenset(
    "a an the your our my their its this that these those to into in on onto for from with of and".split()
)


# "How does cache build jars work across jobs?": the scope-label question, its task and its scope.
_SCOPE_QUESTION = re.compile(r"^How do(?:es)? (?P<task>.+?) work (?P<scope>across .+\?)$")


def _object_words(heading: str) -> list[str]:
    """The words of a numbered step heading after its number and its verb ('3. Paste the embed code'
    -> ['embed', 'code']), articles, possessives and prepositions left out."""
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", _NUMBERED.sub(lambda m: m.group(0)[-1], heading, count=1).lower())
    return [w for w in words[1:] if w not in _NOT_OBJECT]


@dataclass(frozen=True)
class PageHeadings:
    """Questions for the headings of one page (``explain(i, topic)`` for ``page.sections[i]``)."""

    page: Page

    @functools.cached_property
    def names(self) -> frozenset[str]:
        return page_names(b.text for s in self.page.sections for b in s.blocks if b.kind in ("paragraph", "list"))

    def parents(self, index: int) -> tuple[str, ...]:
        """The page title, then the nearest heading above ``index`` that is one level up."""
        sections = self.page.sections
        level = sections[index].level
        out = [self.page.title] if self.page.title else []
        for j in range(index - 1, -1, -1):
            above = sections[j]
            if above.heading and 1 < above.level < level:
                out.append(above.heading)
                break
        return tuple(out)

    def earlier_step(self, index: int) -> str | None:
        """The numbered sibling heading above ``index`` whose thing this numbered heading goes on
        to use ('2. Generate the embed code', then '3. Paste the embed code into your website'):
        the later step leans on the earlier one, and asked alone its answer restates it (hand
        grading round 7). None for any other heading (English only)."""
        sections = self.page.sections
        heading = sections[index].heading or ""
        if self.page.lang != "en" or not _NUMBERED.match(heading) or heading.rstrip().endswith("?"):
            return None
        level = sections[index].level
        mine = set(_object_words(heading))
        for j in range(index - 1, -1, -1):
            above = sections[j]
            if above.level < level:
                return None
            if above.level > level or not above.heading or not _NUMBERED.match(above.heading):
                continue
            made = _object_words(above.heading)
            if made and set(made) <= mine:
                return above.heading
        return None

    def explain(self, index: int, topic: str) -> HeadingQuestion:
        heading = self.page.sections[index].heading or ""
        if self.page.lang not in ("en", "it") and is_question(heading):
            return HeadingQuestion(heading.strip().rstrip("?.:") + "?", "question")
        step = self.earlier_step(index)
        if step is not None:
            return HeadingQuestion(
                None,
                "later_step",
                f"a later step of the page's procedure that uses what step {step.strip()!r} made: asked alone, "
                "its answer leans on that step",
            )
        asked = explain_heading(
            heading, topic=topic, lang=self.page.lang, parents=self.parents(index), names=self.names, plain=True
        )
        if asked.shape == "scope_label" and asked.question and self._used_as_verb(index):
            # 'Cache Build Jars Across Jobs' where the note says "we can cache …": an order, not a label
            found = _SCOPE_QUESTION.match(asked.question)
            if found:
                return HeadingQuestion(f"How do you {found.group('task')} {found.group('scope')}", "imperative")
        if asked.question and self.page.lang == "en" and asked.shape in ("noun_phrase", "imperative"):
            definite = self._with_the(asked.question, heading)
            if definite is not None:
                return HeadingQuestion(definite, asked.shape)
        return asked

    @functools.cached_property
    def _prose(self) -> str:
        return "\n".join(b.text for s in self.page.sections for b in s.blocks if b.kind in ("paragraph", "list"))

    def _with_the(self, question: str, heading: str) -> str | None:
        """'What is core stack?' -> 'What is the Core Stack?', 'How do you set up App?' -> 'How do
        you set up the app?': the heading's last words, bare in the question, as the page's prose writes
        them, when it always writes them after "the" or a possessive ("our Core Stack", "the app's
        dependencies") and never bare or after "a". Why: an outside corpus of style guides (session 13)
        had bare singular nouns in questions ("What is core stack?"), a heading's article-less style
        read as the phrase itself. The article is a fixed connective and the words the page's own; a
        plural, a name the prose writes bare, or a phrase the prose never writes alone stays as it is."""
        found = _BARE_END.match(question)
        if found is None:
            return None
        lead, phrase = found.group("lead"), found.group("x")
        tail = heading.strip().rstrip("?.:!").split()
        n = len(phrase.split())
        if n > 3 or [w.lower() for w in tail[-n:]] != phrase.lower().split() or phrase.lower().endswith("s"):
            return None  # not the heading's own last words, or a plural ('What are migrations?')
        if lead.split()[-1].lower() in _DETERMINERS:
            return None
        forms: set[str] = set()
        definite = 0
        body = r"\s+".join(map(re.escape, phrase.split()))
        mention = rf"(?P<before>[\w']+)?\s*\b(?P<x>{body})\b(?P<after>'s|\s*[^\w\s]|\s+[\w']+|$)"
        for m in re.finditer(mention, self._prose, re.I):
            after = m.group("after").strip().lower()
            if after and after[0].isalpha() and after not in _ENDS_PHRASE:
                continue  # 'the app store': the phrase modifies a noun after it
            before = (m.group("before") or "").lower()
            if before not in _DEFINITE:
                return None  # written bare or after "a" at least once: the heading's form stays
            definite += 1
            forms.add(" ".join(m.group("x").split()))
        if not definite:
            return None
        written = forms.pop() if len(forms) == 1 else phrase.lower()
        return f"{lead} the {written}?"

    def _used_as_verb(self, index: int) -> bool:
        """The heading's first word follows a modal or "to" in its section's prose ("I can cache
        the install …"): the writer uses it as a verb."""
        section = self.page.sections[index]
        tokens = (section.heading or "").split()
        if len(tokens) < 3 or not tokens[0].isalpha():
            return False
        verb = re.compile(rf"\b(?:can|could|to|will|should|must)\s+{re.escape(tokens[0])}\b", re.I)
        return any(b.kind == "paragraph" and verb.search(b.text) for b in section.blocks)
