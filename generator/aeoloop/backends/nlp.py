"""spaCy pipelines for sentence splitting and glossary entities, offline.

A blank pipeline (tokenizer + rule-based sentencizer) plus an EntityRuler built from
brand/glossary.yml loads in well under a second and needs no model download. A trained
pipeline is used only when the project names one and it is installed.

Text reaches the pipeline through :func:`analyse`, which keeps hostile paragraphs bounded:

- a paragraph longer than :data:`MAX_CHUNK` characters is cut, at a sentence end when there is
  one, into chunks processed one by one (spaCy refuses texts over ``nlp.max_length`` with
  error E088, and its memory grows with the text); ``nlp.max_length`` is set to that bound;
- spaCy's tokenizer strips leading and trailing punctuation one character at a time and scans
  the rest again each time: a run of 8,000 ``*`` or emoji took 50 s. Long runs of symbols are
  broken with spaces in the copy given to spaCy (same length, so every offset still points into
  the original, from which sentences and entities are sliced).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..brand import Term

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("mkdocs.plugins.aeoloop")

SUPPORTED_BLANK = {"en", "it", "de", "fr", "es", "pt", "nl"}


MAX_CHUNK = 100_000
_SYMBOL_RUN = re.compile(r"[^\w\s]{16,}")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class TextSpan:
    """A sentence or an entity of an analysed text, sliced from the original text. Named like
    spaCy's ``Span`` attributes so callers read it the same way."""

    text: str
    start_char: int
    end_char: int
    ent_id_: str = ""


@dataclass
class Analysed:
    """Sentences and glossary entities of one text (like a spaCy ``Doc``'s ``sents``/``ents``)."""

    sents: list[TextSpan] = field(default_factory=list)
    ents: list[TextSpan] = field(default_factory=list)


def chunks(text: str, limit: int = MAX_CHUNK) -> list[tuple[int, str]]:
    """(offset, piece) with pieces of at most ``limit`` characters, cut after the last sentence
    end of each window when there is one in its second half, else at the last white space,
    else at ``limit``."""
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start : start + limit]
        cut = -1
        for m in _SENTENCE_END.finditer(window, limit // 2):
            cut = m.end()
        if cut < 0:
            for m in _SPACE.finditer(window, limit // 2):
                cut = m.end()
        if cut <= 0:
            cut = limit
        out.append((start, window[:cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def _tokenizable(text: str) -> str:
    """The same text with a space as every 16th character of a long run of symbols."""
    return _SYMBOL_RUN.sub(lambda m: "".join(" " if i % 16 == 15 else ch for i, ch in enumerate(m.group())), text)


@dataclass(frozen=True)
class GlossaryNeedles:
    """What a text must contain for the glossary's EntityRuler to find an entity in it.

    A match is a run of the text's tokens, and spaCy's tokens cover the text with at most one
    space after each (more white space is a token of its own). So a case-sensitive pattern's words
    (``ORTH``) stand in the text one after another, each followed by a space or nothing; and a
    case-insensitive pattern's tokens as the ruler lower-cases them (``LOWER``: ``str.lower`` of the
    token) stand so in the text lower-cased, since ``str.lower`` maps each character alone. The one
    exception, a capital sigma (its lower case depends on the letters around it), makes a text
    undecidable here, so it is read. A text where no pattern stands so has no entity: skipping it
    changes nothing."""

    lowered: re.Pattern[str] | None
    exact: re.Pattern[str] | None

    def may_match(self, text: str) -> bool:
        if "\u03a3" in text:
            return True
        if self.exact is not None and self.exact.search(text):
            return True
        return self.lowered is not None and self.lowered.search(text.lower()) is not None


def _run_of(tokens: list[tuple[str, ...]]) -> re.Pattern[str] | None:
    """One pattern finding any of ``tokens``' runs: the tokens in order, a space or nothing between."""
    if not tokens:
        return None
    return re.compile("|".join(" ?".join(re.escape(t) for t in run) for run in sorted(set(tokens))))


def analyse(
    nlp: Language, texts: list[str], *, sentences: bool = True, needles: GlossaryNeedles | None = None
) -> list[Analysed]:
    """Sentences and entities of each text, in bounded pieces (see the module docstring).

    ``sentences=False``: entities only, and the sentencizer does not run (the glossary's
    EntityRuler matches tokens, not sentences, so the entities are the same): a caller that
    splits sentences itself saves the sentencizer's pass over every token. With ``needles`` too
    (the pipeline's, :func:`needles`), a piece in which no pattern can match is not read."""
    pieces: list[tuple[int, int, str, str]] = []
    for i, text in enumerate(texts):
        for offset, piece in chunks(text):
            readable = _tokenizable(piece)
            if sentences or needles is None or needles.may_match(readable):
                pieces.append((i, offset, piece, readable))
    out = [Analysed() for _ in texts]
    skip = [] if sentences else [name for name in ("sentencizer",) if name in nlp.pipe_names]
    for (i, offset, piece, _), doc in zip(pieces, nlp.pipe((r for *_, r in pieces), disable=skip)):
        original = texts[i]
        target = out[i]
        # a sentence runs to the next one (only white space lies between), so a character that
        # the tokenizer's copy had as a space still belongs to the sentence it ends
        starts = [s.start_char for s in doc.sents] if sentences else []
        for k, start in enumerate(starts):
            a = offset + start
            text = original[a : offset + (starts[k + 1] if k + 1 < len(starts) else len(piece))].rstrip()
            target.sents.append(TextSpan(text, a, a + len(text)))
        for e in doc.ents:
            a, b = offset + e.start_char, offset + e.end_char
            target.ents.append(TextSpan(original[a:b], a, b, e.ent_id_))
    return out


@dataclass(frozen=True)
class EntityHit:
    key: str
    text: str
    start_char: int


def _patterns(terms: tuple[Term, ...]) -> list[dict]:
    """Case-insensitive terms as phrase patterns (PhraseMatcher on LOWER: fast), case-sensitive
    ones (product names, acronyms) as token patterns on ORTH (Matcher: few, so cheap)."""
    patterns = []
    for term in terms:
        for surface in [term.name, *term.aliases]:
            words = surface.split()
            if not words:
                continue
            if term.case_sensitive:
                patterns.append({"label": "GLOSSARY", "pattern": [{"ORTH": w} for w in words], "id": term.key})
            else:
                patterns.append({"label": "GLOSSARY", "pattern": surface, "id": term.key})
    return patterns


@lru_cache(maxsize=8)
def _pipeline(lang: str, glossary_json: str, model: str | None) -> Language:
    import spacy

    terms = tuple(Term.model_validate(t) for t in json.loads(glossary_json))
    nlp = None
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError:
            log.warning("spaCy model %r is not installed; using a blank %r pipeline", model, lang)
    if nlp is None:
        nlp = spacy.blank(lang if lang in SUPPORTED_BLANK else "xx")
    nlp.max_length = MAX_CHUNK  # analyse() never passes more: memory stays bounded per call
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    # Multi-word patterns are tokenised by the same tokenizer, so "ISO 20816" matches as written.
    patterns = _patterns(terms)
    if patterns:  # an empty glossary needs no ruler (spaCy warns about a ruler without patterns)
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


def pipeline(lang: str, terms: list[Term], model: str | None = None) -> Language:
    data = json.dumps([t.model_dump(mode="json") for t in terms], sort_keys=True)
    return _pipeline(lang, data, model)


def needles(lang: str, terms: list[Term], model: str | None = None) -> GlossaryNeedles | None:
    """The :class:`GlossaryNeedles` of :func:`pipeline`'s ruler; None when the project names a
    trained pipeline (its own components may set entities: every text is read)."""
    data = json.dumps([t.model_dump(mode="json") for t in terms], sort_keys=True)
    return _needles(lang, data, model)


@lru_cache(maxsize=8)
def _needles(lang: str, glossary_json: str, model: str | None) -> GlossaryNeedles | None:
    if model:
        return None
    nlp = _pipeline(lang, glossary_json, model)
    lowered: list[tuple[str, ...]] = []
    exact: list[tuple[str, ...]] = []
    for p in _patterns(tuple(Term.model_validate(t) for t in json.loads(glossary_json))):
        pattern = p["pattern"]
        if isinstance(pattern, str):  # a phrase pattern: its tokens as the ruler makes them, lower-cased
            lowered.append(tuple(t.lower_ for t in nlp.make_doc(pattern)))
        else:
            exact.append(tuple(token["ORTH"] for token in pattern))
    return GlossaryNeedles(_run_of(lowered), _run_of(exact))


def pipeline_version(lang: str, terms: list[Term], model: str | None) -> str:
    """A short id for provenance: which pipeline and which glossary produced an artifact.

    Computed without importing spaCy, so a warm build where nothing changed never loads it.
    """
    data = json.dumps([t.model_dump(mode="json") for t in terms], sort_keys=True)
    return _version_id(lang, data, model)


@lru_cache(maxsize=32)
def _version_id(lang: str, glossary_json: str, model: str | None) -> str:
    from importlib.metadata import version

    digest = hashlib.sha256(glossary_json.encode()).hexdigest()[:8]
    return f"spacy-{version('spacy')}:{model or 'blank-' + lang}:glossary-{digest}"
