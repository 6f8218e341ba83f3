"""lemminflect's word tables held compactly (``aeoloop.lemmas.CompactTable``, issue 11: memory).

Every word of both tables must get what lemminflect's own loader puts in its dict (the same keys
in the same order, the same tuples), and a word that is not there gets the default, so every
lemma and inflection the rules ask for is unchanged.
"""

from __future__ import annotations

import pytest
from lemminflect import config
from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec

from aeoloop.lemmas import CompactTable, _inflection_entry, _lemma_entry, lemminflect

ABSENT = ["", "zzzzqx", "Pages", "naïve", "Zürich", "\ud800", "a,b", "'", "~"]


def _same(got: object, want: dict) -> bool:
    return (
        isinstance(got, dict)
        and list(got.items()) == list(want.items())
        and all(type(got[k]) is type(v) for k, v in want.items())
    )


@pytest.mark.parametrize("which", ["lemmas", "inflections"])
def test_every_word_gets_what_lemminflects_loader_makes(which):
    if which == "lemmas":
        loaded = LemmaLUCodec.load(config.lemma_lu_fn)
        table = CompactTable(config.lemma_lu_fn, _lemma_entry, {})
    else:
        loaded = InflectionLUCodec.load(config.inflection_lu_fn)
        table = CompactTable(config.inflection_lu_fn, _inflection_entry, InflectionLUCodec.updateForAuxMod({}))
    wrong = [word for word, entry in loaded.items() if not _same(table.get(word, {}), entry)]
    assert wrong == [], wrong[:5]
    assert len(loaded) > 30_000
    for word in ABSENT:
        assert table.get(word, {}) == loaded.get(word, {}), word
        assert table.get(word) is loaded.get(word)
    again = [word for word in list(loaded)[:500] if not _same(table.get(word, {}), loaded[word])]  # memoised
    assert again == []


def test_the_module_answers_through_the_compact_tables():
    words = lemminflect()
    assert isinstance(words.Lemmatizer().lemma_dict, CompactTable)
    assert isinstance(words.Inflections().infl_dict, CompactTable)
    assert words.getAllLemmas("pages") == {"NOUN": ("page",), "VERB": ("page",)}
    assert words.getInflection("be", "VBD") == ("was", "were")
    assert words.getAllInflections("run", "VERB")["VBG"] == ("running",)
    assert words.getLemma("went", "VERB") == ("go",)
