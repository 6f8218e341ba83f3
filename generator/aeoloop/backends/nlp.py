"""spaCy pipelines for sentence splitting and glossary entities, offline.

A blank pipeline (tokenizer + rule-based sentencizer) plus an EntityRuler built from
brand/glossary.yml loads in well under a second and needs no model download. A trained
pipeline is used only when the project names one and it is installed.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..express.brand import Term

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger("mkdocs.plugins.aeoloop")

SUPPORTED_BLANK = {"en", "it", "de", "fr", "es", "pt", "nl"}


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
