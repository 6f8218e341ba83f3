"""Does an answer give the foil of a contrast? (the contract's ``foil`` rule)

Why: a note often opens with the ordinary way and then turns away from it ("The helper gives
you both columns. … I'd rather keep the zone, so we drop the helper and instead declare each
column."). Hand grading round 7 found such an opening published as the answer to "How do you
add zoned columns?": true sentences, but the thing the text argues against, and the way left
out. The answer alone cannot show this; the sentences of its section that follow it can: one
of the next few turns away from what the answer gives ("… by dropping the helper and instead …",
"Instead, …", "But that gives …", "… doesn't work"). English only; other languages pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..text import split_sentences
from .contract_rules import Failure

# How far after the answer a turn still turns against it: the foil's flaw, the writer's wish, the way.
_REACH = 4
# A sentence that turns away from what came before it: "Instead, …", "But that gives …",
# "However, this won't …", "I'd rather …". Only the first two sentences after the answer.
_TURN = re.compile(
    r"^(?:instead\b|rather than\b|"
    r"(?:but|however,?)\s+(?:that|this|it|these|those|doing so)\s+(?:\w+\s+)?(?:gives?|makes?|creates?|produces?|"
    r"results?|leaves?|breaks?|loses?|drops?|won't|will not|doesn't|does not|isn't|is not|can't|cannot)\b|"
    r"(?:i|we)(?:'d|’d| would)\s+(?:prefer|rather)\b|(?:i|we)\s+prefer\b)",
    re.I,
)
# A verb of leaving a thing behind, before the thing: "abandoning the `t.stamps` helper", "instead of `x`".
_LEAVE = (
    r"(?:abandon(?:s|ed|ing)?|instead\s+of|rather\s+than|avoid(?:s|ed|ing)?|stop(?:s|ped)?\s+using|"
    r"(?:do|does|should)\s*(?:n't|n’t|\s+not)\s+use|skip(?:s|ped|ping)?|ditch(?:es|ed|ing)?|"
    r"drop(?:s|ped|ping)?|replac(?:e|es|ed|ing))\s+(?:the\s+|using\s+|a\s+)?"
)
# A thing named in code style, as the sentences carry it without backticks: a dotted, snake_case,
# call or flag name ("t.timestamps", "created_at", "--force", "git_diff()").
_CODE_NAME = re.compile(r"(?<![\w.-])(?:--?[a-z][\w-]*|[A-Za-z_]\w*(?:[._]\w+)+(?:\(\))?|[A-Za-z_]\w*\(\))(?![\w-])")


def _names(text: str) -> list[str]:
    return sorted({m.group(0).rstrip(".") for m in _CODE_NAME.finditer(text)}, key=len, reverse=True)


def gives_foil(answer: str, after: Sequence[str]) -> str | None:
    """The sentence after ``answer`` in its section that turns away from what it gives, or None:
    one of the next two sentences opens with a turn ("Instead, …", "But that gives …", "I'd
    rather …"), or one of the next four leaves behind a code name the answer gives ("… by
    abandoning the t.stamps helper and instead …", "… instead of git_merge …")."""
    if not answer.strip() or not after:
        return None
    for sentence in after[:2]:
        text = " ".join(sentence.replace("**", "").replace("`", "").split())
        if _TURN.match(text):
            return text
    names = _names(" ".join(answer.replace("`", "").split()))
    if not names:
        return None
    for sentence in after[:_REACH]:
        text = " ".join(sentence.replace("**", "").replace("`", "").split())
        for name in names:
            if re.search(_LEAVE + re.escape(name) + r"(?![\w-])", text, re.I) or re.search(
                re.escape(name) + r"(?![\w-])[^.]{0,40}\b(?:doesn't|does not|won't|will not)\s+work\b", text, re.I
            ):
                return text
    return None


def check_foil(answer: str, *, after: Sequence[str], lang: str = "en") -> list[Failure]:
    """The ``foil`` failure when ``answer`` gives what its section then turns away from
    (:func:`gives_foil`); ``after`` are the section's prose sentences that follow the answer, in order."""
    if lang != "en":
        return []
    found = gives_foil(answer, after)
    if found is None:
        return []
    shown = found if len(found) <= 80 else found[:77].rstrip() + "…"
    return [
        Failure(
            "foil",
            f'gives what its section then turns away from ("{shown}"): the foil, not the way; answer with '
            "the way the section recommends, or open the section with it",
        )
    ]


def sentences_after(answer: str, section_sentences: Sequence[str]) -> list[str]:
    """The sentences of a section (in order) after the last one ``answer`` quotes; all of them when
    it quotes none it can find (the answer was condensed) is not assumed: then []."""
    said = {" ".join(s.split()) for s in split_sentences(" ".join(answer.split()))}
    flat = [" ".join(s.split()) for s in section_sentences]
    last = max(
        (k for k, s in enumerate(flat) if s in said or (len(s) > 30 and s in " ".join(answer.split()))), default=None
    )
    return [] if last is None else flat[last + 1 :]
