"""The deterministic edits of the extractive backend: they move the heading's words into a sentence
and add no fact; each refuses when the result would be wrong (agreement, instructions, other nouns)."""

from __future__ import annotations

from aeoloop.backends.extractive_edits import complete_definition, condense_list, heading_noun_phrase, name_the_subject


def test_heading_noun_phrase() -> None:
    assert heading_noun_phrase("Unique Visitors", set()) == "Unique visitors"
    assert heading_noun_phrase("Total Visits (or Sessions)", set()) == "Total visits"
    assert heading_noun_phrase("Time on Page", {"Page"}) == "Time on Page"  # the page capitalises it mid-sentence
    assert heading_noun_phrase("3. Specify a custom location", set()) is None  # an instruction
    assert heading_noun_phrase("Setting up goals", set()) is None
    assert heading_noun_phrase("Why the funnel shows no data", set()) is None


def test_name_the_subject_and_definitions() -> None:
    assert (
        name_the_subject("These features are available in Plausible.", "Auto-tracked features")
        == "Auto-tracked features are available in Plausible."
    )
    assert name_the_subject("This metric does not depend on filters.", "Current visitors") is None  # agreement
    assert name_the_subject("This allows you to set a URL.", "Custom location") is None  # no noun to replace
    assert (
        complete_definition("The number of technicians who signed in to the portal.", "Active technicians")
        == "Active technicians are the number of technicians who signed in to the portal."
    )
    assert (
        complete_definition("The amount of time a pump runs between two services.", "Service interval")
        == "Service interval is the amount of time a pump runs between two services."
    )
    assert complete_definition("The number of visits is shown per day.", "Visits") is None  # already a sentence


def test_condense_list_gives_every_item_or_nothing() -> None:
    steps = ("Add the script to your site.", "Verify the installation.", "Create a goal.")
    assert (
        condense_list(None, steps, ordered=True, max_words=60, lang="en")
        == "Three steps: add the script to your site, verify the installation and create a goal."
    )
    assert condense_list(None, steps, ordered=False, max_words=60, lang="en") is None  # a bullet list has no lead
    lead = "A work order counts as urgent when the inspector records any one of the following:"
    assert condense_list(
        lead, ("Finds a leaking seal", "Hears a grinding bearing"), ordered=False, max_words=60, lang="en"
    ).endswith("the following: finds a leaking seal or hears a grinding bearing.")
    assert condense_list(None, steps * 3, ordered=True, max_words=20, lang="en") is None  # too long to give whole


def test_an_ordered_list_of_things_is_not_steps() -> None:
    roles = ("Shift Planner may edit the weekly service rota", "Floor Lead may read the weekly service rota only")
    assert condense_list(None, roles, ordered=True, max_words=60, lang="en") is None
