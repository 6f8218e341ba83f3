"""How an extractive answer quotes code: the one command a short block shows, the sentences that
only point at code the answer cannot show, and the section's blocks as steps.

Apart from the sentence pool because every answer rule that meets a code block asks the same
questions (is it one command? is its lead a foil? does the prose lean on it?), and the FAQ and
takeaways read an answer's prose around its quoted blocks the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import answer_code
from ..page import Block
from ..quality.answering import is_foil
from ..text import count_words, split_sentences

if TYPE_CHECKING:
    pass


# The last sentence of a paragraph that shows the code after it, not says anything itself
# ("Here is what that looks like with the README for this repo.", "this is what the response looks like:").
_CODE_SHOWN = re.compile(
    r"\b(?:here(?:'s| is| are)|looks like|look like|like so|like this|as follows|for example|see|"
    r"for instance|output|response|result|prints?|returns?|shows?)\b",
    re.I,
)
_SHOWS_CODE = re.compile(r"\b(?:here(?:'s| is| are)\b|looks? like\b|like so\b|as follows\b)", re.I)
# "This adds `roles` as a required `string` type." as the last sentence before a code block: it
# describes the code (the answer cannot show it), so no run goes on past it.
_DESCRIBES_CODE = re.compile(r"^(?:this|these|those|it|they)\b", re.I)
_PROMPT = re.compile(r"^(?:\$|>|%|#)\s+")
# "To do X, you may be tempted to do this:": the code after it is the mistake, not the way.
# "Let's look at an example:", "Let's try this for version 6:": an illustration, not the way.
_EXAMPLE_LEAD = re.compile(r"\b(?:examples?|let's|let us|consider|demo|demonstrate|illustrate)\b", re.I)
_TEMPTED = re.compile(r"\b(?:tempted|might think|may think|naive|naively|wrong way|mistake|don't do)\b", re.I)
# "Learn more on how the comparison works here.": a pointer whose link an answer does not carry.
_MORE_ELSEWHERE = re.compile(
    r"^(?:(?:learn|read|find out) more\b|(?:see|check|find|click)\b[^.]{0,40}\bhere[.!]?$)", re.I
)  # "See the details here.": the link is not in the answer
# "See man curl for more details." right after a quoted command: the answer ends with the command.
_SEE_FOR_MORE = re.compile(r"^(?:see|check out|read|refer to)\b.{0,80}\bfor (?:more|further|the full|all)\b", re.I)


# A line of an interactive session after the shell starts it: "[2] pry(main)> …", "irb(main):001:0> …", "mydb=# …".
_REPL_PROMPT = re.compile(r"^(?:\[\d+\]\s*)?[\w.-]+(?:\([^)]*\))?(?::\d+)*(?:>|=#|=>|#)\s+\S")
_COMMENT = re.compile(r'^(?://|--\s|"\s+[~/.\w]|;\s)')  # '" ~/.vimrc', "// config" ("# " is a root prompt)


def _one_command(code: str) -> str | None:
    """The command a short code block shows, as text an answer can quote: its only line (comment
    lines aside), the first line after a shell prompt ("$ curl -u username:password
    staging.example.com", the lines after it being output), up to three prompt lines with no
    output between them ("createdb my_new_database; pg_restore -d …"), or a small object of at most
    three lines ("plausible.init({ hashBasedRouting: true })"). None when the block is a program
    rather than one command."""
    lines = [line.strip() for line in code.strip().splitlines() if line.strip() and not _COMMENT.match(line.strip())]
    if len(lines) > 1 and re.match(r"^#\s", lines[0]) and not all(_PROMPT.match(line) for line in lines):
        lines = [line for line in lines if not re.match(r"^#\s", line)]  # "# config/puma.rb": a comment in code
    if not lines:
        return None
    first = lines[0]
    if _PROMPT.match(first):
        prompted = [k for k, line in enumerate(lines) if _PROMPT.match(line)]
        if len(prompted) == 1 and any(_REPL_PROMPT.match(line) for line in lines[1:]):
            return None  # "$ pry" then "[1] pry(main)> …": the shell starts a session; the calls are inside it
        if len(prompted) == 1:
            command = _PROMPT.sub("", first)
        elif len(prompted) == len(lines) <= 3:
            command = "; ".join(_PROMPT.sub("", line) for line in lines)  # commands only, no output between
        else:
            return None  # several commands with their output: a session, not one command
    elif len(lines) == 1:
        command = first
    elif len(lines) <= 3 and first.endswith(("{", "(", "[")) and lines[-1][:1] in "})]":
        command = " ".join(lines)  # a small object: "plausible.init({ hashBasedRouting: true })"
    else:
        return None
    if not command or len(command) > 100 or count_words(command) > 14 or command.endswith((",", "{", "(", "[", "\\")):
        return None  # the first line of a program or of a data structure, not a command
    if "<<" in command or any(command.count(a) != command.count(b) for a, b in ("()", "[]", "{}")):
        return None
    return command


def _without_following(lead: str) -> str:
    """A lead to quoted code without "the following": "Pass the following argument to init" keeps
    "the argument"; "Add the following to the config file" becomes "Add to the config file" (not
    "Add the to …"), the code after the colon being what is added."""
    lead = re.sub(r"\bthe following (?=(?:to|in|into|on|onto|at|for|from|inside|within|under|as)\b)", "", lead)
    return re.sub(r"\bthe following (?=[a-z])", "the ", lead)


def _code_steps(blocks: tuple[Block, ...]) -> list[tuple[str, str]]:
    """The section's blocks as (kind, text), a code block marked "code-step" when another program
    follows it (as :meth:`extractive_pool.SentencePool._quotable` reads it: one step of several, or an example
    before the way) or its lead is a foil ("However, … you might get an unexpected result."): an
    answer never quotes such a block alone."""
    out = []
    for bi, b in enumerate(blocks):
        later = any(x.kind == "code" and _one_command(x.text) is None for x in blocks[bi + 1 :])
        lead = blocks[bi - 1].text if bi and blocks[bi - 1].kind == "paragraph" else ""
        foil = bool(lead) and (is_foil(lead) or _TEMPTED.search(lead) is not None or _FOIL_LEAD.match(lead) is not None)
        out.append(("code-step" if b.kind == "code" and (later or foil) else b.kind, b.text))
    return out


# "However, if the field is null, you might get an unexpected result." before a block: what goes wrong
_FOIL_LEAD = re.compile(r"^(?:however|but|though|although|unfortunately)\b", re.I)


def _prose_sentences(answer: str) -> list[str]:
    """The sentences of an answer's prose, each part on its own (a quoted block ends a sentence)."""
    if "\n" not in answer:
        return split_sentences(answer)
    return [x for kind, text in answer_code.segments(answer) if kind == "prose" for x in split_sentences(text)]
