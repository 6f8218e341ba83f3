"""Coverage, session 8 (issue 8): the parts an answer leaves out that the session-7 rule did not see:
labelled cases (bold lines or bold-labelled items), a further cause or check ("Also …"), the step
where the last one led ("There you can pick …", "Otherwise, …"), and a marked step under the next
subheading (quality/coverage.py, backends/extractive_cases.py, backends/extractive_cover.py).

Every sentence here is our own; the pages are invented (a tool library, a bicycle workshop)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from aeoloop.quality.coverage import Unit, check_coverage, find_left_out
from aeoloop.quality.labelled_cases import Case, cases_left_out


def _found(answer: str, question: str, rest: list[Unit], cases: tuple[Case, ...] = ()) -> str | None:
    part = find_left_out(answer, question=question, rest=rest, cases=cases)
    return part.kind if part is not None else None


# -- the rule alone -----------------------------------------------------------------------------

CASES = (
    Case("The drill will not charge", "Clean the contacts with a dry cloth and try another socket."),
    Case("The drill runs but slips", "Tighten the chuck by hand before each use."),
)


def test_one_labelled_case_given_without_its_label_is_a_part_left_out() -> None:
    one = "Tighten the chuck by hand before each use. A loose chuck wears the bit quickly."
    found = check_coverage(one, question="How do you troubleshoot the drill?", rest=[], cases=CASES)
    assert [f.rule for f in found] == ["partial-answer"]
    assert "labelled cases" in found[0].message and "The drill will not charge" in found[0].message


def test_an_opening_line_before_the_cases_gives_none_of_them() -> None:
    opening = "Drills from the library fail in a few familiar ways, and most are quick to fix."
    left = cases_left_out(opening, CASES)
    assert left == tuple(c.label for c in CASES)


def test_every_case_given_passes_and_fewer_than_two_cases_are_not_judged() -> None:
    whole = (
        "The drill will not charge: Clean the contacts with a dry cloth and try another socket. "
        "The drill runs but slips: Tighten the chuck by hand before each use."
    )
    assert not check_coverage(whole, question="How do you troubleshoot the drill?", rest=[], cases=CASES)
    assert cases_left_out("Tighten the chuck by hand before each use.", CASES[1:]) == ()


def test_a_further_check_after_the_answer_is_a_part_left_out() -> None:
    answer = "A tool shows as lent until the borrower scans it back in at the desk."
    also = [Unit("paragraph", ()), Unit("paragraph", ("Also check that the return shelf scanner is switched on.",))]
    found = check_coverage(answer, question="Why does a returned tool still show as lent?", rest=also)
    assert [f.rule for f in found] == ["partial-answer"] and "further cause or check" in found[0].message
    another = [Unit("paragraph", ("Another common cause is a label that has worn off the handle.",))]
    assert _found(answer, "Why does a returned tool still show as lent?", another) == "also"


def test_an_option_or_a_note_opening_with_also_is_no_part() -> None:
    answer = "A tool shows as lent until the borrower scans it back in at the desk."
    why = "Why does a returned tool still show as lent?"
    option = [Unit("paragraph", ()), Unit("paragraph", ("Also, you can renew a loan from your account page.",))]
    note = [Unit("paragraph", ()), Unit("paragraph", ("Also note that the desk closes early on Fridays.",))]
    alternative = [Unit("paragraph", ()), Unit("paragraph", ("You can also ask a volunteer to scan it for you.",))]
    assert _found(answer, why, option) is None
    assert _found(answer, why, note) is None
    assert _found(answer, why, alternative) is None


def test_the_step_where_the_last_one_led_is_a_part_left_out() -> None:
    answer = "Open your account page and switch to the Loans tab."
    there = [Unit("paragraph", ("There you can pick a loan and extend it by a week.",))]
    assert _found(answer, "How do you extend a loan?", there) == "steps"
    otherwise = [
        Unit(
            "paragraph",
            (
                "If you have a single loan, the form to extend it opens at once.",
                "Otherwise, you can open the list and select the loan to extend.",
            ),
        )
    ]
    assert _found(answer, "How do you extend a loan?", otherwise) == "steps"


def test_what_the_reader_sees_there_or_another_task_is_no_step() -> None:
    answer = "Open your account page and switch to the Loans tab."
    sees = [Unit("paragraph", ("There you can see every loan with its due date.",))]
    assert _found(answer, "How do you extend a loan?", sees) is None
    other_task = [Unit("paragraph", ("There you can change your postal address as well.",))]
    assert _found(answer, "How do you extend a loan?", other_task) is None  # not the task the question names
    not_a_step = "A loan lasts two weeks from the day you collect the tool."
    assert (
        _found(not_a_step, "How do you extend a loan?", sees[:0] + [Unit("paragraph", ("There you can pick a loan.",))])
        is None
    )


def test_a_marked_step_under_the_next_subheading_is_a_part_left_out() -> None:
    answer = "Three steps: 1) Open the booking page. 2) Pick a tool. 3) Choose the day you collect the booking."
    below = [
        Unit("heading", ("Booking for a group",)),
        Unit("paragraph", ("When a club books, one member holds the booking for all.",)),
        Unit("paragraph", ("Next, press Confirm to send the booking to the desk.",)),
    ]
    assert _found(answer, "How do you make a booking?", [Unit("paragraph", ()), *below]) == "subheading"
    unmarked = [below[0], below[1], Unit("paragraph", ("Press Confirm to send the booking to the desk.",))]
    assert _found(answer, "How do you make a booking?", [Unit("paragraph", ()), *unmarked]) is None
    later = [Unit("heading", ("Groups",)), Unit("heading", ("Refunds",)), below[2]]
    assert _found(answer, "How do you make a booking?", [Unit("paragraph", ()), *later]) is None


def test_a_step_under_a_subheading_is_not_asked_of_a_why_answer() -> None:
    answer = "The booking page closes at noon so the desk can pack the tools."
    below = [Unit("heading", ("Late bookings",)), Unit("paragraph", ("Next, press Confirm to send the booking.",))]
    assert _found(answer, "Why does the booking page close at noon?", below) is None


# -- the backend: cases read from the source, steps numbered on -----------------------------------


def _section(tmp_path: Path, text: str, heading: str):
    from aeoloop.page import load_page
    from aeoloop.text import split_sentences

    path = tmp_path / "p.md"
    path.write_text(text, encoding="utf-8")
    page, _ = load_page(path, "p.md")
    assert page is not None
    si = next(k for k, s in enumerate(page.sections) if s.heading == heading)
    section = page.sections[si]
    sents = {bi: split_sentences(b.text) for bi, b in enumerate(section.blocks) if b.kind == "paragraph"}
    return page, section, sents


def test_bold_lines_over_paragraphs_are_cases(tmp_path) -> None:
    from aeoloop.backends.extractive_cases import case_groups, condensed

    page, section, sents = _section(
        tmp_path,
        "# Drills\n\n## Fixing a drill\n\n**The drill will not charge**\n\nClean the contacts with a dry cloth. "
        "Then try another socket.\n\n**The drill runs but slips**\n\nTighten the chuck by hand before each use.\n",
        "Fixing a drill",
    )
    groups = case_groups(section, page.source.splitlines(), sents)
    assert len(groups) == 1 and groups[0].first == 0
    assert [c.label for c in groups[0].cases] == ["The drill will not charge", "The drill runs but slips"]
    assert condensed(groups[0].cases) == (
        "The drill will not charge: Clean the contacts with a dry cloth. "
        "The drill runs but slips: Tighten the chuck by hand before each use."
    )


def test_a_list_of_bold_labelled_items_is_cases(tmp_path) -> None:
    from aeoloop.backends.extractive_cases import case_groups

    page, section, sents = _section(
        tmp_path,
        "# Drills\n\n## Why do drills come back late?\n\nLate returns happen often.\n\n"
        "- **Long jobs.** A shelf takes longer to build than people expect.\n"
        "- **Forgotten bags**: The drill stays in the car boot for a week.\n",
        "Why do drills come back late?",
    )
    groups = case_groups(section, page.source.splitlines(), sents)
    assert len(groups) == 1 and groups[0].first == 1
    assert groups[0].cases[0].label == "Long jobs"
    assert groups[0].cases[1].first == "The drill stays in the car boot for a week."


def test_plain_short_lines_notes_and_partly_bold_lists_are_no_cases(tmp_path) -> None:
    from aeoloop.backends.extractive_cases import case_groups

    page, section, sents = _section(
        tmp_path,
        "# Drills\n\n## Caring for a drill\n\nKeep it dry\n\nStore the drill in its case.\n\nCharge it monthly\n\n"
        "**Note:** the case has a spare bit.\n\n**Tip:** label the case.\n\n"
        "- **Batteries.** Charge them before a long job.\n- Wipe the chuck after use.\n",
        "Caring for a drill",
    )
    assert case_groups(section, page.source.splitlines(), sents) == []


def test_a_numbered_procedure_is_numbered_on_with_the_step_from_below() -> None:
    from aeoloop.backends.extractive_cover import with_step

    answer = "Two steps: 1) Open the booking page. 2) Pick a tool."
    assert with_step(answer, "Next, press Confirm to send the booking.") == (
        "Three steps: 1) Open the booking page. 2) Pick a tool. 3) Press Confirm to send the booking."
    )
    assert with_step("Open the booking page.", "Then press Confirm.") == "Open the booking page. Then press Confirm."


# -- the FAQ and the built site -------------------------------------------------------------------

PAGE = """# Tool library help

The tool library's help page answers the questions its desk volunteers hear most often: what to do when a borrowed drill fails, why saws come back late, why a returned tool can still show as lent, and how to book a ladder for yourself or for a group.

## Troubleshooting a drill

**The drill will not charge**

Clean the contacts with a dry cloth and try another socket. A charger light that stays off means the charger itself is faulty.

**The drill runs but slips**

Tighten the chuck by hand before each use. A worn bit slips too, so swap it at the desk.

## Why are saws often late?

Late saw returns are common at the library, and they are usually longer than late drill returns, which rarely run past a day or two.

- **Long projects.** A deck or a fence takes many more weekends to finish than members plan for, and the saw stays with the project until the last board is cut and sanded.
- **Blade swaps.** Members who bend a blade wait for a new one to arrive before they bring the saw back, because they want to return it complete and in working order.
- **Shared use.** Neighbours pass a borrowed saw along the street before it comes home, and each of them keeps it for a few days longer than the first borrower meant to.

## Why does a returned tool still show as lent?

A tool shows as lent until a volunteer scans it back in at the desk. Tools left on the return shelf after closing time are scanned the next morning.

Also check that the tool's label is still on its handle. A worn label cannot be scanned, so the desk fixes it by hand.

## Booking a ladder

To book a ladder, open the booking page of your account and choose the Ladders tab. Click the ladder you need to open its calendar.

Pick the day you want to collect the ladder in the calendar.

### Booking for a group

When a club books a ladder, one member holds the booking for the whole group and collects it.

Next, click the Confirm button and the booking goes to the desk at once.
"""


def test_the_faq_gives_every_case_the_reasons_or_no_entry(tmp_path) -> None:
    from conftest import extractive_artifacts

    art = extractive_artifacts(tmp_path, PAGE, "tools.md")
    faq = {qa.question: qa.answer for qa in art.faq}
    drill = next(a for q, a in faq.items() if "drill" in q.lower())
    assert drill == (
        "The drill will not charge: Clean the contacts with a dry cloth and try another socket. "
        "The drill runs but slips: Tighten the chuck by hand before each use."
    )
    assert not any("saws" in q for q in faq)  # the reasons are too long to give whole: no entry, a note
    assert any("Why are saws often late?" in n for n in art.notes)
    lent = next(a for q, a in faq.items() if "still show as lent" in q)
    assert lent.endswith("scanned the next morning. Also check that the tool's label is still on its handle.")
    ladder = next(a for q, a in faq.items() if "book a ladder" in q.lower())
    # two steps in the section, the third under the subheading after a side note: numbered on
    assert ladder.startswith("Three steps: 1) To book a ladder, open the booking page")
    assert ladder.endswith("3) Click the Confirm button and the booking goes to the desk at once.")


def test_the_built_site_prints_the_repaired_answers_and_its_json_ld_matches(make_site, build_site) -> None:
    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"tools.md": PAGE})
    build_site(root)
    faq_md = (root / "generated" / "tools" / "faq.md").read_text(encoding="utf-8")
    assert "The drill runs but slips: Tighten the chuck by hand before each use." in faq_md
    assert "saws" not in faq_md.lower()
    html = (root / "site" / "tools" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    soup = BeautifulSoup(html, "lxml")
    item = next(i for i in soup.select(".aeoloop-faq-item") if "book a ladder" in i.h3.get_text(" ").lower())
    visible = " ".join(item.select_one(".aeoloop-faq-answer").get_text(" ").split())
    assert visible.endswith("Click the Confirm button and the booking goes to the desk at once.")
    assert any(" ".join(a.split()) == visible for _, a in faq_jsonld(html))


def test_an_answer_that_only_announces_its_cases_leads_into_them() -> None:
    from aeoloop.quality.labelled_cases import leads_into

    why = "Why do drill returns run late?"
    assert leads_into("Late drill returns are common, and longer in summer than in winter.", why)
    assert not leads_into("Drill returns run late because members start big jobs on a Sunday.", why)
    how = "How do you store a ladder?"
    assert leads_into("Storing a ladder well matters more than most members expect.", how)
    assert not leads_into("Hang the ladder flat on two wall hooks in a dry shed.", how)
    assert not leads_into("A ladder is a frame with rungs.", "What is a ladder?")  # not judged as a lead-in


def test_the_how_of_what_the_answer_names_is_a_part_left_out() -> None:
    answer = "The booking form takes an optional field named pickup."
    use_it = [Unit("paragraph", ()), Unit("paragraph", ("To use it, type the hour you will collect the tool:",))]
    assert _found(answer, "How do you set a pickup time?", use_it) == "steps"
    other_task = [Unit("paragraph", ()), Unit("paragraph", ("To cancel a booking, open it and press Cancel.",))]
    assert _found(answer, "How do you set a pickup time?", other_task) is None  # another task: the answer may stop


def test_an_example_that_alone_does_what_is_asked_is_a_part_left_out() -> None:
    question = "How do you reserve a tool for a whole week?"
    answer = "Bookings can run from one day up to seven days in a row."
    example = [Unit("paragraph", ("You can for instance reserve a saw for a week by picking Monday and Sunday.",))]
    assert _found(answer, question, example) == "example"
    says_it = "Reserve a tool for seven days in a row by picking the first and the last day."
    assert _found(says_it, question, example) is None  # the answer does what is asked itself
    no_verb = [Unit("paragraph", ("For instance, many members book a saw on Fridays.",))]
    assert _found(answer, question, no_verb) is None


def test_the_second_task_whose_way_comes_after_is_a_part_left_out() -> None:
    question = "How do you lend and return a tool?"
    answer = "Members lend tools at the desk and return them to the shelf. Lending needs your card:"
    later = [
        Unit("paragraph", ("Show the card at the desk.",)),
        Unit("paragraph", ("To return a tool, scan it at the shelf.",)),
    ]
    found = find_left_out(answer, question=question, rest=later)
    assert found is not None and found.kind == "task" and found.lead == "return"
    none_after = [Unit("paragraph", ("Show the card at the desk.",))]
    assert find_left_out(answer, question=question, rest=none_after) is None
