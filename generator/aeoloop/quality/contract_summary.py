"""The checks of the units quoted away from their page's headings: the summary (answers the title,
the right length), a takeaway (one statement that stands alone) and a channel item.

Together because all three must read alone far from the page (no set-up, no bare instruction):
:func:`_read_alone` is theirs.
"""

from __future__ import annotations

import re

from ..text import count_words, split_sentences
from .not_a_way import vague_announcement
from .out_of_context import instruction_problem, leaning_problem, setup_problem, subject_problem
from .outlines import complete_outline
from .read_alone import check_problem, counts_without_items, item_problem, part_of_set, story_problem

from .contract_terms import _lex, key_terms
from .contract_rules import Failure, Limits, memo_check
from .contract_sentences import check_sentence_length, check_sentences, check_standalone


# "Yes. You can …", "No, it does not …": the answer to a question (a heading) the summary's reader does not see.
_VERDICT_FIRST = re.compile(r"^[\"'“‘(*_ ]*(?:yes|no|nope)\b\s*[.,!;:—–-]", re.I)
# "There you can pick …", "Here we list …": a place the reader of the summary has not been shown.
_PLACE_FIRST = re.compile(r"^[\"'“‘(*_ ]*(?:there|here|then|afterwards)\s+(?:you|we|i|it|they)\b", re.I)
# "Our team, for instance, found …": an example of a point made before the summary's first sentence.
_EXAMPLE_OF = re.compile(r",\s*(?:for (?:example|instance)|e\.g\.)\s*,", re.I)
# "Here are some important actions you can take …": a summary's last sentence announcing the body.
_ANNOUNCES = re.compile(r"^(?:here(?:'s| are| is)|below(?: are| is|,)|the following)\b", re.I)


@memo_check
def check_summary(summary: str, *, title: str, lang: str = "en", limits: Limits = Limits()) -> list[Failure]:
    """The answer-first summary: answers the title in summary.min_words–max_words words."""
    if not summary.strip():
        return [Failure("summary-length", "is empty; add an opening paragraph that answers the title")]
    out = check_standalone(summary, lang=lang) + check_sentences(summary, lang=lang)
    out += check_sentence_length(summary, limits=limits)
    n = count_words(summary)
    # an outline naming every section of the page is complete at fewer words (quality/outlines.py)
    floor = limits.outline_floor if complete_outline(summary, title) else limits.summary_min
    if not floor <= n <= limits.summary_max:
        out.append(
            Failure(
                "summary-length",
                f"has {n} words; write {limits.summary_min} to {limits.summary_max} that answer the title",
            )
        )
    if _lex(lang) is not None:
        asked = key_terms(title, lang)
        if asked and not asked & key_terms(summary, lang):
            out.append(
                Failure(
                    "summary-off-title",
                    f"does not name what the title {title!r} is about; say it in the first sentence",
                )
            )
    sentences = split_sentences(summary) or [summary]
    if lang == "en" and _VERDICT_FIRST.match(summary) and not any(f.rule == "unseen-reference" for f in out):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{summary.split()[0].strip(".,!;:")}", the answer to a question the reader of the '
                "summary does not see; say what the page is about",
            )
        )
    place = _PLACE_FIRST.match(summary) if lang == "en" else None
    if place and not any(f.rule == "unseen-reference" for f in out):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{place.group(0).strip(chr(34) + " ")}", a place or a moment the reader of the summary '
                "has not been shown; say where or when",
            )
        )
    example = _EXAMPLE_OF.search(sentences[0]) if lang == "en" else None
    if example and not any(f.rule == "unseen-reference" for f in out):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with an example ("{example.group(0).strip(" ,")}") of a point the reader of the summary '
                "does not see; say the point itself",
            )
        )
    if not any(f.rule == "unseen-reference" for f in out):
        out += _read_alone(sentences[0], lang, instruction=False)
    later = next((x for x in sentences[1:] if lang == "en" and setup_problem(x)), None)
    if later and not any(f.rule == "setup" for f in out):
        out.append(
            Failure("setup", f'"{" ".join(later.split()[:4])} …" {setup_problem(later)}')
        )  # a scenario mid-summary
    announce = next((x for x in sentences[1:] if lang == "en" and _ANNOUNCES.match(x)), None)
    if announce and not any(f.rule == "unseen-reference" for f in out):
        out.append(
            Failure(
                "unseen-reference",
                f'"{" ".join(announce.split()[:5])} …" announces text that follows on the '
                "page, which the reader of the summary does not see; say the thing itself",
            )
        )
    return out


def _read_alone(text: str, lang: str, *, instruction: bool) -> list[Failure]:
    """``setup``, ``unseen-reference`` beyond the opening word, and (for takeaways and channel
    items) ``bare-instruction``: what a unit quoted far from its page must also get right."""
    if lang != "en":
        return []
    out: list[Failure] = []
    for rule, problem in (
        ("setup", setup_problem(text)),
        ("unseen-reference", leaning_problem(text)),
        ("fragment", subject_problem(text)),
        ("bare-instruction", instruction_problem(text) if instruction else None),
    ):
        if problem:
            out.append(Failure(rule, problem))
    return out


# "In the Export menu at the top, pick CSV.": where a step is done, then the step; read alone, a step
# of a procedure the takeaway does not give (the rest is judged as an instruction).
_PLACE_STEP = re.compile(
    r"^[\"'“‘(*_ ]*(?:in|on|from|under|inside|within|at)\s+(?:the|your|this)\s+[^,]{1,60},\s*", re.I
)


# "More details on that in the docs.": where to read more, not a point.
_LINK_OUT = re.compile(r"^[\"'“‘(*_ ]*(?:more|further|additional)\s+(?:details|info|information|examples)\b", re.I)
# "The quick ones are …", "The other ones …": "ones" stands for a noun of the sentence before.
_THE_ONES = re.compile(r"^[\"'“‘(*_ ]*(?:the|these|those)\s+(?:[\w-]+\s+){0,2}ones\b", re.I)
# "… see the stricter matching below.": a key point that ends pointing up or down the page.
_POINTS_DOWN = re.compile(
    r"\b(?:below|above|further down|later on this page)\s*[.!]?[\"'”’)]*$|"
    # "… for the product we used in our example": an example the key point does not give
    r"\b(?:our|this|that|the\s+(?:above|previous|earlier|following|same))\s+example\b",
    re.I,
)


# Session 10 (`sums`): shapes of a key takeaway read alone that the rules above let through.
# "Your goal should now be set up.", "The widget is now live.": the result of steps the reader has not seen.
_STEP_RESULT = re.compile(
    r"\b(?:should|will)\s+now\s+(?:be|see|show|appear|work)\b|"
    r"\b(?:is|are)\s+now\s+(?:set\s+up|ready|live|active|enabled|installed|configured|connected|done|complete)\b|"
    r"^[\"'“‘(*_ ]*you(?:'re|’re|\s+are)\s+(?:all\s+set|done|good\s+to\s+go)\b",
    re.I,
)
# "Note: …", "Tip - …", "Important: …": a label of the page's layout, not part of the point.
_LABEL_FIRST = re.compile(
    r"^[\"'“‘(*_ ]*(?:note|nb|tip|pro\s+tip|hint|important|warning|caution|heads\s+up|reminder)\s*[:!–—-]", re.I
)
# "The shell exposes another way of adding to your path.": a way announced, not given (no "by …",
# "with …", "using …", a colon or a name after it).
_ANOTHER_WAY = re.compile(
    r"\b(?:another|(?:a|one)\s+(?:better|different|simpler|easier|faster|nicer|cleaner|second|third|new|neater))\s+"
    r"(?:way|method|approach|option|trick)s?\b(?![^.]*(?::|\b(?:by|with|using|via|called|named|is|are)\b))",
    re.I,
)
# "What methodcaller is doing is …", "What the helper does is …": it explains a name of code the reader does not see.
_EXPLAINS_CODE = re.compile(r"^[\"'“‘(*_ ]*what\s+(?:the\s+)?[\w.$]+(?:\(\))?\s+(?:is\s+doing|does)\s+is\b", re.I)
# "You need to give the function three …": "the function" of code the takeaway does not show or name
# ("When you define a function …, the function …" introduced it itself; "the function `f`" names it).
_THE_CODE_THING = re.compile(
    r"\bthe\s+(function|method|call|query|macro|helper|callback)\b(?!\s*[`'\"(]|\s+[\w.]+\(\))"
    r"(?!\s+(?:clauses?|calls?|names?|signatures?|body|bodies|definitions?|keyword|parameters?|arguments?|results?)\b)",
    re.I,
)
# "In 2022, we traveled to …": the writer's story, dated.
_DATED_STORY = re.compile(r"^[\"'“‘(*_ ]*in\s+(?:(?:early|late|mid)[\s-]+)?(?:19|20)\d\d,?\s+(?:we|i|they|our)\b", re.I)
# "We'll update it with …", "We offer this to …", "You can exploit that fact …": a pronoun object with
# nothing before it in the sentence that it could stand for.
_BARE_OBJECT = re.compile(
    r"^(?:[^,]*,\s*)?(?:we|you|i|they)(?:'ll|’ll|'d|’d|'ve|’ve)?(?:\s+(?:can|will|would|should|must|may|might|need to|"
    r"have to|also|then|just|won't|don't|do not|cannot|can't))*\s+(?!be\b|have\b)[a-z]+\s+"
    r"(it|this|them|these|those|that(?=\s+(?:fact|one|way|case|step|part|trick)\b))\b"
    # "We make it easy for …", "You'll find it worth …": "it" standing for the clause that follows
    r"(?!\s+(?:is|are|was|were|means|if|when|way|easy|easier|possible|impossible|hard|harder|simple|simpler|"
    r"clear|difficult|safe|safer|worth|sure|certain|likely|unlikely|necessary|better|best|okay|ok|fine)\b)",
    re.I,
)
_NOUN_BEFORE = re.compile(r"\b(?:a|an|the|your|our|their|its|any|each|every|some)\s+[\w-]+", re.I)
# "Select one to begin …": one of a list the reader does not see.
_CHOOSE_ONE = re.compile(r"^[\"'“‘(*_ ]*(?:select|choose|pick|click|open)\s+(?:one|any|it|them)\b", re.I)
# "There are a couple of keyboard shortcuts you can use …": things counted and never named.
_THERE_ARE_SOME = re.compile(
    r"^[\"'“‘(*_ ]*there(?:'s|’s|\s+is|\s+are)\s+(?:a\s+(?:couple|few|number|handful|variety|bunch|lot)\s+of\s+|"
    r"several\s+|many\s+|some\s+|various\s+|two\s+|three\s+|four\s+|five\s+)(?:[\w-]+\s+){0,3}?[\w-]+s\b"
    r"(?![^.]*(?::|\bsuch as\b|\blike\b|\bincluding\b|\be\.g\.|[,;]\s+(?:but|so|and|yet)\s))",
    re.I,
)
# "Generally when we fill a div …", "Typically when managing …": the habit a note sets out to change.
_HABIT_WHEN = re.compile(r"^[\"'“‘(*_ ]*(?:generally|typically|usually|normally|sometimes|often)\b[^,.]*\bwhen\b", re.I)
# "There are a ton of tabs …", "There are all kinds of meta tags …": the scene before the point.
_LOTS_OF = re.compile(
    r"^[\"'“‘(*_ ]*there\s+(?:are|is)\s+(?:a\s+(?:ton|lot|bunch)\s+of|all\s+(?:kinds|sorts)\s+of|tons\s+of|lots\s+of)\b",
    re.I,
)
# "As we can see from the output, …", "We see a bunch of options …": what the writer saw in output the
# reader does not see.
_SAW = re.compile(
    r"^[\"'“‘(*_ ]*(?:as\s+(?:we|you|i)\s+(?:can\s+)?see\b|(?:we|i)\s+(?:see|saw|notice|noticed)\b)", re.I
)
# "The second rule, …", "The other option …": one of a set the key point does not give.
_ORDINAL_PART = re.compile(
    r"^[\"'“‘(*_ ]*the\s+(?:first|second|third|fourth|last|other|latter|former)\s+(?:rule|one|option|step|part|"
    r"example|line|call|argument|approach|method|way|thing)s?\b",
    re.I,
)
# "Let's talk about …", "Let us look at …": the page announcing its next part.
_LETS = re.compile(r"^[\"'“‘(*_ ]*let(?:'s|’s|\s+us)\s+\w+", re.I)


def _takeaway_shape(text: str) -> Failure | None:
    """The first of the shapes above that ``text`` has, as a failure, else None (English only)."""
    if _STEP_RESULT.search(text):
        return Failure(
            "unseen-reference", "reports the result of steps the reader of a key point has not seen; say what it does"
        )
    if _LABEL_FIRST.match(text):
        return Failure("unseen-reference", 'opens with a label of the page ("Note:"), not the point; state the point')
    if _ANOTHER_WAY.search(text):
        return Failure("incomplete", "announces a way without giving it: read alone, a key point says what the way is")
    if _EXPLAINS_CODE.match(text):
        return Failure("unseen-reference", "explains a name of code the reader of a key point does not see")
    m = _THE_CODE_THING.search(text)
    if m and not re.search(rf"\b{m.group(1)}", text[: m.start()], re.I):  # "a function …, the function …" named it
        return Failure(
            "unseen-reference",
            f'says "{m.group(0)}" without naming it: read alone, a key point cannot lean on code it does not show',
        )
    m = _BARE_OBJECT.match(text)
    if m and not _NOUN_BEFORE.search(text[: m.start(1)]):
        return Failure(
            "unseen-reference",
            f'says "{m.group(1)}" before naming what it stands for: the reader of a key point cannot tell; name it',
        )
    if _CHOOSE_ONE.match(text):
        return Failure("unseen-reference", "picks one of a list the reader of a key point does not see; name it")
    if _THERE_ARE_SOME.match(text):
        return Failure("incomplete", "counts things it never names: read alone, a key point says what they are")
    if _HABIT_WHEN.match(text) or _LOTS_OF.match(text):
        return Failure("setup", "sets the scene (a habit, a crowd of things) before the point; state the point")
    if _SAW.match(text):
        return Failure(
            "unseen-reference", "reports what the writer saw in output the reader of a key point does not see"
        )
    if _ORDINAL_PART.match(text):
        return Failure("unseen-reference", "names one of a set the reader of a key point has not seen; name it")
    if _DATED_STORY.match(text):
        return Failure("setup", "tells the writer's story (a year and what happened), not a point; state the point")
    if _LETS.match(text):
        return Failure("setup", "announces what the page goes on to do, not a point; state the point")
    return None


# "There are a couple of ways to do it, but prefer the first": the sentence goes on to its point.
_GOES_ON = re.compile(r"[,;]\s+(?:but|so|and|yet)\s", re.I)


@memo_check
def check_takeaway(text: str, *, lang: str = "en", limits: Limits = Limits()) -> list[Failure]:
    """A key takeaway: one statement that stands alone."""
    out = check_standalone(text, lang=lang) + check_sentences(text, lang=lang)
    out += check_sentence_length(text, limits=limits)
    n = count_words(text)
    if not limits.takeaway_min <= n <= limits.takeaway_max:
        out.append(
            Failure(
                "takeaway-length",
                f"has {n} words; a takeaway is one statement of {limits.takeaway_min} to {limits.takeaway_max} words",
            )
        )
    if not any(f.rule == "unseen-reference" for f in out):
        out += _read_alone(text, lang, instruction=True)
    if lang == "en" and _VERDICT_FIRST.match(text) and not any(f.rule == "unseen-reference" for f in out):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{text.split()[0].strip(".,!;:")}", the answer to a question the reader of the '
                "takeaway does not see; state the point",
            )
        )
    place = _PLACE_STEP.match(text) if lang == "en" else None
    if place and not any(f.rule == "bare-instruction" for f in out):
        rest = text[place.end() :].lstrip()
        if instruction_problem(rest[:1].upper() + rest[1:]):
            out.append(
                Failure(
                    "bare-instruction",
                    f'"{place.group(0).strip(" ,")}, …" is a step of a procedure behind where to find it: read '
                    "alone, it does not say what it achieves; say what for or choose a statement",
                )
            )
    down = _POINTS_DOWN.search(text) if lang == "en" else None
    if down and not any(f.rule == "page-position" for f in out):
        out.append(
            Failure(
                "page-position",
                f'says "{down.group(0).strip(" .!")}", a place on the page the reader of a key point does not '
                "see; say the thing itself",
            )
        )
    if lang == "en" and not any(f.rule == "unseen-reference" for f in out):
        # "In other projects, they're …", "… to avoid this.": a bare pointer at the page around it
        # (the channel items' rule: a key point is quoted as far from its page)
        bare = item_problem(text) or (_LINK_OUT.match(text) and "is a link out, not a point: say the point itself")
        if bare:
            out.append(Failure("unseen-reference", bare))
    ones = _THE_ONES.match(text) if lang == "en" else None
    if ones and not any(f.rule == "unseen-reference" for f in out):
        out.append(
            Failure(
                "unseen-reference",
                f'opens with "{ones.group(0).strip()}", which stands for things named before it that the reader of '
                "a key point does not see; name them",
            )
        )
    if lang == "en":
        part = part_of_set(text)
        if part and not any(f.rule == "unseen-reference" for f in out):
            out.append(Failure("unseen-reference", part))
        story = story_problem(text)
        if story and not any(f.rule == "setup" for f in out):
            out.append(Failure("setup", story))
        shape = _takeaway_shape(text)
        if shape and not any(f.rule == shape.rule for f in out):
            out.append(shape)
        vague = counts_without_items(text) or vague_announcement(text)
        if vague and not _GOES_ON.search(text):
            out.append(
                Failure(
                    "incomplete",
                    f'"{vague} …" announces items it does not give: read alone, a key point says what they are',
                )
            )
    return out


def check_item(text: str, *, lang: str = "en") -> list[Failure]:
    """A channel item (a post of a thread, a slide, a beat): it must stand on its own."""
    out = check_standalone(text, lang=lang)
    if not any(f.rule == "unseen-reference" for f in out):
        out += _read_alone((split_sentences(text) or [text])[0], lang, instruction=True)
    if lang == "en" and not out:
        for rule, problem in (("bare-instruction", check_problem(text)), ("unseen-reference", item_problem(text))):
            if problem:
                out.append(Failure(rule, problem))
                break
    return out
