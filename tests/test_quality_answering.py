"""The answer rules of the quality contract that judge whether an answer answers its question.

Every example is a real sentence from a public corpus the quality harness runs on (Plausible
docs, the opensource.guide handbook, jbranchaud/til notes); the "bad" ones were graded weak or
wrong by hand in bench/RESULTS-quality.md, the "good" ones good.
"""

from __future__ import annotations

import pytest

from aeoloop.quality import check_answer
from aeoloop.quality.answering import is_how_question, says_how, sets_a_scene
from conftest import extractive_artifacts


def rules(answer: str, question: str) -> set[str]:
    return {f.rule for f in check_answer(answer, question=question, lang="en")}


# -- how-answer ---------------------------------------------------------------------------------

HOW_GOOD = [
    (
        "How do you merge rows together?",
        "You can quickly merge a run of readings into a single row using the M key. Simply pressing 'M' in edit mode "
        "will merge the current row with the row below it, leaving a comma between the two.",
    ),
    (
        "How do you add your company address and tax ID?",
        "Open any invoice in the billing portal and click Add address & tax ID. Your invoice will be updated with the "
        "address and tax ID you entered, and every later invoice carries them too.",
    ),
    (
        "How do you bill across plants?",
        "If each plant needs its own licence and invoices, set up a separate crew for every plant. Each crew is billed "
        "on its own. See the licensing FAQ for details.",
    ),
    (
        "How do you identify your motivations for working in maintenance?",
        "Take time to notice which parts of plant maintenance keep you going. Knowing what drives you can help you "
        "arrange your tasks so they keep you engaged.",
    ),
    (
        "How do you build a reputation?",
        "Mentoring apprentices, lending spare parts, and writing careful shift reports for other crews will help you "
        "build a solid reputation. Taking an active part in the plant's maintenance meetings will give people "
        "background on your work.",
    ),
    (
        "How do you check a tool is installed before calling it?",
        "When putting together a short shell script, you may want to confirm that a tool is present and runnable "
        "before calling it. This can be done with the shell's own builtin, command, given the -v flag.",
    ),
    (
        "How do you curl with basic auth credentials?",
        "I can hand curl the credentials so that it sends them with every request, by passing the -u (or --user) "
        "flag: curl -u tech:s3cret gateway.plant.example.",
    ),
]

HOW_BAD = [
    (
        "How do you start a controller in a specific mode?",
        "For testing (or debugging), it can be handy to boot a conveyor controller straight into a chosen mode. "
        "Let's say a controller starts in idle and the other modes it can enter are running and fault.",
    ),
    (
        "How do you spread the word?",
        "There's no rule that you must advertise a maintenance program the day you launch it. Plenty of good "
        "reasons to run one have nothing to do with being noticed.",
    ),
    (
        "How do you document your processes?",
        "Keeping written records is among the most valuable habits a maintenance lead can build. Notes do more "
        "than sharpen your own thinking: they help the rest of the crew see what you need or expect.",
    ),
    (
        "How do you print a label in landscape?",
        "Many label printers that accept PDF files will honour the page's rotation setting so that the label comes "
        "out the right way round. Some don't, though. For example, when the warehouse printer receives such a "
        "PDF over its raw port, it ignores the rotation setting.",
    ),
    (
        "How do you check if a gem is installed with bundler?",
        "I recently set up a new reporting tool, but when I ran it, I got an error saying a YAML parser was "
        "missing. That caught me off guard because I assumed the machine already had one.",
    ),
    (
        "How do you close tabs in the shift log viewer?",
        "The shift log viewer makes it simple to open and switch between the many logs from one night's work. It "
        "keeps one tab per log. After a long shift, those tabs can start to pile up.",
    ),
    (
        "How do you enforce uniqueness on a serial number?",
        "When designing a table for, say spare parts, where you will keep supplier serial numbers, you'll probably "
        "want each serial to be unique. And because suppliers print serials in all sorts of formats, you may be "
        "tempted to enforce uniqueness on an uppercased copy of the serial.",
    ),
]


@pytest.mark.parametrize(("question", "answer"), HOW_GOOD)
def test_an_answer_that_says_how_passes(question: str, answer: str) -> None:
    assert "how-answer" not in rules(answer, question)


@pytest.mark.parametrize(("question", "answer"), HOW_BAD)
def test_a_set_up_or_a_why_does_not_answer_how(question: str, answer: str) -> None:
    assert "how-answer" in rules(answer, question)


def test_only_task_questions_want_a_way() -> None:
    assert is_how_question("How do you export stats?") and is_how_question("How can I change my VAT number?")
    assert not is_how_question("How does Plausible improve bot filtering over time?")
    assert not is_how_question("How much data is imported?")
    assert not is_how_question("What is scroll depth?")
    # the same set-up answers a "why" question: the rule does not apply to it
    assert "how-answer" not in rules(HOW_BAD[1][1], "Why should you spread the word about a maintenance program?")


def test_scenes_and_ways() -> None:
    assert sets_a_scene("Let's say a controller starts in idle mode.")
    assert sets_a_scene("I usually just message my crew in the plant chat.")
    assert not sets_a_scene("I can hand curl the credentials using the -u flag.")
    assert says_how("To change your invoice email, contact us with your current Paddle email.")
    assert says_how("Everything is self-serve in your plant settings: switch your licence or end it.")
    assert not says_how("Plausible and Paddle use separate email addresses.")


# -- question-in-answer -------------------------------------------------------------------------


def test_an_answer_does_not_open_or_end_with_its_own_question() -> None:
    opens = (
        "Are you sending alarm digests by email, SMS and chat to several crews? Label each channel "
        "with its own tag so that every crew shows up as its own recipient in your console."
    )
    ends = (
        "An unpacking habit that I keep running into is to pull a single field out of a tuple in a for loop "
        "header. By itself that reads nicely, but what do you do when you also need the whole tuple alongside "
        "the single field?"
    )
    middle = (
        "The pipx tool ships with a run command for launching command-line apps straight from the "
        "package index. Don't already have a particular tool installed anywhere? pipx run "
        "will fetch it into a temporary environment for you."
    )
    assert "question-in-answer" in rules(opens, "How do you label your alarm channels?")
    assert "question-in-answer" in rules(ends, "What is unpacking with access to the whole tuple?")
    assert "question-in-answer" not in rules(middle, "How do you run command-line apps with pipx?")


# -- incomplete: announced without a number, or a teaser -----------------------------------------


def test_vague_announcements_and_teasers_are_incomplete() -> None:
    vague = (
        "Sometimes, however careful you are, a contractor will do something that breaks the lockout rule. There "
        "are several ways to respond to unsafe work when it happens."
    )
    teaser = (
        "Keeping build output out of a repository is usually done by naming those paths in a committed "
        ".hgignore file. For paths that only matter on your own machine or for a short while, there is another "
        "option."
    )
    given = (
        "There are several ways to respond to unsafe work: talk to the person in private, stop the job, or bar "
        "the contractor from the site for a while when it goes on."
    )
    assert "incomplete" in rules(vague, "How do you enforce your lockout rule?")
    assert "incomplete" in rules(teaser, "How do you ignore paths on your own machine?")
    assert "incomplete" not in rules(given, "How do you respond to unsafe work?")


# -- unseen-reference later in the first sentence ----------------------------------------------


def test_a_first_sentence_that_points_back_leans_on_unseen_text() -> None:
    back = (
        "Put the paths or globs you want hidden into that file and then save it. Those paths will stop "
        "appearing as unknown files when you run hg status."
    )
    other_note = (
        "In Sorting A Dict, I showed how the operator module's itemgetter() could be used to sort a "
        "dict by value. Since then, I have found a shorter way with a lambda."
    )
    named = (
        "When you create an alarm from a custom reading in your plant settings, you may also attach as many as three "
        "band limits to that alarm definition."
    )
    assert "unseen-reference" in rules(back, "How do you ignore paths on your own machine?")
    assert "unseen-reference" in rules(other_note, "How do you sort a dict by value?")
    assert "unseen-reference" not in rules(named, "How do you create band-limited alarms?")


# -- the extractive backend on code-led notes ---------------------------------------------------

NOTES = """\
# Unix notes

Short notes on command-line tools, one per section, as the jbranchaud/til notes are written.

## Curling with basic auth credentials

I reach for `curl` when I want a fast look at what a given endpoint
sends back. If I `curl` a URL that sits behind HTTP Basic
Authentication, the reply looks like this:

```bash
$ curl gateway.plant.example
HTTP Basic: Access denied.
```

I can hand `curl` the credentials so that it sends them with every
request, by passing the `-u` (or `--user`) flag:

```bash
$ curl -u tech:s3cret gateway.plant.example
<html><body>...</body></html>
```

See `man curl` for more details.

## Close all other windows

Several editor windows side by side can be handy in many situations.
Sooner or later, though, you will want a single window again. When that
happens I usually visit each of the other windows I no longer need and
run `:q` in it. What I really want is to shut every other window and
keep only the one I am in.

```
<CTRL>w <CTRL>o
```

Every other window goes away and the current one fills the screen.

## Count the matches of a search

My go to way of tallying the matches of a search in one file is to pipe
them into a second tool, wc, which counts the lines it receives. Here is what
that looks like on the plant's alarm log. This tallies the lines
that begin with ALARM.

```bash
$ grep '^ALARM' alarms.log | wc -l
      17
```

When wc gets the -l flag, it prints only how many lines it was given.
"""


def _faq(tmp_path, text: str) -> dict[str, str]:
    art = extractive_artifacts(tmp_path, text, "unix.md")
    return {qa.question: qa.answer for qa in art.faq}


def test_a_code_led_note_is_answered_with_its_lead_and_command(tmp_path) -> None:
    faq = _faq(tmp_path, NOTES)
    curl = faq["How do you curl with basic auth credentials?"]
    # the sentence that answers, with the command it introduces (its output left out), not the preamble
    assert curl == (
        "I can hand curl the credentials so that it sends them with every request, by passing the "
        "-u (or --user) flag: curl -u tech:s3cret gateway.plant.example."
    )
    # the only instruction is a key chord in code the prose never names: no answer beats the manual ':q' story
    assert not any("close all other windows" in q.lower() for q in faq)
    # "Here is what that looks like" and "This counts …" (about the code) are left out; the sentence that
    # says how quotes the command after it, so the run goes on past the code the reader now sees
    grep = faq["How do you count the matches of a search?"]
    assert grep == (
        "My go to way of tallying the matches of a search in one file is to pipe them into a second tool, wc, "
        "which counts the lines it receives: grep '^ALARM' alarms.log | wc -l. When wc gets the -l flag, it "
        "prints only how many lines it was given."
    )


GOALS = """\
# Goals

Goals let you count the machines that reach a level of service you care about in your plant.

## Set uptime goals

You can also set up an Uptime goal with a chosen uptime percentage target to see how many machines stay
running at or above your wanted uptime level all week. Go to your plant settings and visit the Goals section.

Click Add goal and choose Uptime. Enter the target as a percentage and save the goal.
"""


def test_an_answer_does_not_stop_in_the_middle_of_a_procedure(tmp_path) -> None:
    # Plausible's shape: the opening run reached 40 words at "visit the Goals section." with three
    # steps still to come (graded weak: "stops at 'visit the Goals section'").
    answer = _faq(tmp_path, GOALS)["How do you set uptime goals?"]
    assert not answer.endswith("visit the Goals section.")
    assert answer.endswith("save the goal.")


def test_a_mini_site_publishes_the_command_answer_and_skips_the_preamble(make_site, build_site) -> None:
    """A real build: generated/<page>/faq.md and the HTML carry the answer made from the lead and
    its command; the note whose prose does not answer gets no FAQ entry (and no JSON-LD entry)."""
    from bs4 import BeautifulSoup

    from test_quality_site import assert_page_is_clean, faq_jsonld

    root = make_site({"unix.md": NOTES})
    build_site(root)
    faq_md = (root / "generated" / "unix" / "faq.md").read_text(encoding="utf-8")
    assert "## How do you curl with basic auth credentials?" in faq_md
    assert "flag: curl -u tech:s3cret gateway.plant.example." in faq_md
    assert "I reach for curl when I want a fast look" not in faq_md
    assert "close all other windows" not in faq_md.lower()
    html = (root / "site" / "unix" / "index.html").read_text(encoding="utf-8")
    assert_page_is_clean(html)
    pairs = dict(faq_jsonld(html))
    assert pairs["How do you curl with basic auth credentials?"].endswith("curl -u tech:s3cret gateway.plant.example.")
    visible = BeautifulSoup(html, "lxml").select(".aeoloop-faq-answer")
    assert any("curl -u tech:s3cret" in v.get_text(" ") for v in visible)


def test_openings_that_lean_on_the_section_before() -> None:
    leaning = [
        (
            "How is a lockout procedure handled?",
            "To avoid this, post a lockout procedure. A lockout procedure, kept in a "
            "binder at each machine, lists the steps for isolating its energy and signing the tag.",
        ),
        (
            "How do you figure out your message?",
            "Working through these questions on your own will help you explain "
            "what your program is worth. Remember that operators get involved because your program fixes a problem.",
        ),
        (
            "How do you give your crews a place to report faults?",
            "The second reason is for you. Without a shared place to report faults, "
            "the crews will likely phone you directly.",
        ),
    ]
    for question, answer in leaning:
        assert "unseen-reference" in rules(answer, question), answer
    fine = (
        "Mentoring apprentices, lending spare parts, and writing careful shift reports for other crews will help you "
        "build a solid reputation on the plant floor."
    )
    assert "unseen-reference" not in rules(fine, "How do you build a reputation?")


def test_a_scene_does_not_answer_a_why_question_either() -> None:
    scene = (
        "Let's say I have a Badge model stored in a badges SQLite table. Both the code and issued_at columns "
        "get their values from database defaults set in the schema."
    )
    assert "setup" in rules(scene, "Why are columns with default values nil on create?")
    answer = (
        "Columns with database defaults are nil on create because Rails does not read back the values the "
        "database generated unless the model asks for them with returning."
    )
    assert "setup" not in rules(answer, "Why are columns with default values nil on create?")


def test_a_restatement_of_the_question_is_not_a_how() -> None:
    """Sentence shapes from plausible/docs graded wrong (#16, #7 in the 1dd751d grades): "you can" +
    the question's own verb says that you can, not how."""
    from aeoloop.quality.answering import answers_how

    pin = "How do you pin your most-watched machines for quick access?"
    assert not answers_how("You can pin the machines you watch most so that they stay at the top of the page.", pin)
    assert not answers_how("You can pin up to nine machines.", pin)
    assert answers_how(
        "To pin a machine, click on the three-dot icon at the right end of its row and then choose Pin Machine.", pin
    )
    exclude = "How do you exclude specific groups of sensors?"
    assert not answers_how(
        "You can exclude specific groups of sensors and only display the readings that aren't "
        "part of the excluded group.",
        exclude,
    )
    assert answers_how('Click on the Filter button, then select Bay and choose "is not".', exclude)
    assert "how-answer" in rules(
        "You can pin the machines you watch most so that they stay at the top of the page. You can pin "
        "up to nine machines. The machine you pinned last will always show first "
        "in your list.",
        pin,
    )
    # an instruction with "need to", and "you can <verb> … using <tool>", still say how
    assert answers_how(
        "You need to set the 12 hour run-time limit for the low run-time alerts of each machine and click on "
        "the Save threshold button.",
        "How do you set the run-hour limit?",
    )
