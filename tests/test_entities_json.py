"""entities.json is written without json's pure-Python indented encoder (artifacts.render_entities):
byte for byte what ``json.dumps(..., indent=2, ensure_ascii=False)`` writes, for any entity."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from aeoloop.artifacts import Entity, parse_entities, render_entities


def _reference(items: list[Entity]) -> str:
    return json.dumps([dataclasses.asdict(e) for e in items], indent=2, ensure_ascii=False) + "\n"


entities = st.builds(
    Entity,
    key=st.text(),
    name=st.text(),
    count=st.integers(min_value=-(10**20), max_value=10**20),
    role=st.sampled_from(["about", "mentions"]) | st.text(),
)


@settings(max_examples=400)
@given(st.lists(entities, max_size=6))
def test_entities_json_is_what_json_dumps_writes(items: list[Entity]) -> None:
    text = render_entities(items)
    assert text == _reference(items)
    assert parse_entities(text) == items


def test_unusual_values_read_back_from_a_hand_edited_file_go_through_json() -> None:
    odd = [
        Entity("k", 'Ça "va" \\ </script>\u2028\x00', 3, "about"),
        Entity("k2", None, 2.5, True),  # type: ignore[arg-type]  # what parse_entities gives for such a file
        Entity("k3", ["a"], {"b": 1}, "mentions"),  # type: ignore[arg-type]
    ]
    for items in ([], odd[:1], odd, odd[1:]):
        assert render_entities(items) == _reference(items)
