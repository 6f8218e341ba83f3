"""Code quoted in an FAQ answer: a short block of the writer's code kept as a fenced block.

Why: in short technical notes the answer to "How do you …?" is often the code itself (the
migration that sets the key type, the two mappings that jump between hunks). An answer that
names the command without showing it was graded wrong by hand; a program squeezed onto one line
cannot be read. So an answer may carry the block, fenced, after the sentence that leads to it:

    This can be set by passing `id: :bigint` to create_table:

    ```
    create_table :posts, id: :bigint do |t|
    ```

Every reader of an answer goes through this module: the contract judges the prose with each
block standing in as its first line (the shape of a quoted one-line command), the HTML prints
``<pre><code>``, the FAQPage JSON-LD and the channels get plain text with the code's lines, and
``faq.md`` keeps the fence (:func:`from_lines` reads it back without folding the code's lines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .text import split_sentences

MAX_LINES = (
    12  # an editor quotes a block a reader takes in at a glance (blank lines aside); longer is a program to link to
)
MAX_LINE_CHARS = 100
MAX_CALL_CHARS = 120  # one call quoted alone may run longer than a block's lines: it is all the reader reads
MAX_CHARS = 480

_COMMENT_LINE = re.compile(r"^\s*(?:#(?!!)|//|--\s|/\*.*\*/\s*$)")
_FENCE = re.compile(r"^(?P<ticks>`{3,}|~{3,})[^`]*$")


def quotable(code: str) -> str | None:
    """``code`` as an answer may quote it (dedented, no blank lines at its ends), or None when
    it is too long to read at a glance or is no code at all.

    The block is the writer's, line for line, or nothing: its comments ("# passes", "// At the end,
    update the init call:") and elisions ("# ...") say what the code does and where it goes, so a
    block too long with them is not quoted rather than quoted without them (hand grading round 8,
    a setup script quoted with its comments and "# ..." gone, graded wrong). Blank lines inside the
    block stay as written and do not count towards :data:`MAX_LINES`."""
    lines = [line.rstrip() for line in code.expandtabs(4).splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return None
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    lines = [line[indent:] for line in lines]
    if sum(1 for line in lines if line.strip()) > MAX_LINES or any(len(line) > MAX_LINE_CHARS for line in lines):
        return None
    text = "\n".join(lines)
    if len(text) > MAX_CHARS or "\x00" in text:
        return None
    return text


def fence(code: str) -> str:
    """``code`` as a fenced block whose fence no run of backticks inside it can close."""
    longest = max((len(m.group(0)) for m in re.finditer(r"`+", code)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}\n{code}\n{ticks}"


def segments(answer: str) -> list[tuple[str, str]]:
    """``answer`` as ("prose", text) and ("code", code) parts in order. An unclosed fence is prose."""
    out: list[tuple[str, str]] = []
    prose: list[str] = []
    lines = answer.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i].strip())
        if m:
            ticks = m.group("ticks")
            end = next(
                (
                    j
                    for j in range(i + 1, len(lines))
                    if lines[j].strip().startswith(ticks) and not lines[j].strip().strip(ticks[0])
                ),
                None,
            )
            if end is not None:
                if " ".join(prose).strip():
                    out.append(("prose", " ".join(" ".join(prose).split())))
                prose = []
                out.append(("code", "\n".join(lines[i + 1 : end])))
                i = end + 1
                continue
        prose.append(lines[i])
        i += 1
    if " ".join(prose).strip():
        out.append(("prose", " ".join(" ".join(prose).split())))
    return out


def has_code(answer: str) -> bool:
    return any(kind == "code" for kind, _ in segments(answer))


def stand_in(code: str) -> str:
    """What stands for a block in the prose the contract judges: its first line, with the lines
    after it until it has a few characters ("{" alone says nothing), as one line."""
    out = ""
    for line in code.splitlines():
        if line.strip():
            out = f"{out} {line.strip()}".strip()
            if len(out) >= 8:
                break
    return out


def as_prose(answer: str) -> str:
    """``answer`` as one run of prose, each block standing in as its first line after the lead
    ("… as an option to create_table: class CreatePosts < …"): what the quality contract judges."""
    if "\n" not in answer:
        return answer
    parts: list[str] = []
    for kind, text in segments(answer):
        if kind == "code":
            line = stand_in(text)
            if line:
                parts.append(line if line.endswith((".", "!", "?")) else line + ".")
        else:
            parts.append(text)
    return " ".join(parts)


def plain(answer: str) -> str:
    """``answer`` as plain text: prose, and each block's lines as they are (JSON-LD, channels)."""
    if "\n" not in answer:
        return answer
    return "\n".join(text for _, text in segments(answer))


def to_html(answer: str, escape: Callable[[str], str]) -> str:
    """``answer`` as HTML: ``<p>`` for prose, ``<pre><code>`` for each block, all escaped."""
    out = []
    for kind, text in segments(answer) or [("prose", answer)]:
        out.append(f"<pre><code>{escape(text)}</code></pre>" if kind == "code" else f"<p>{escape(text)}</p>")
    return "".join(out)


def to_markdown(answer: str, prose: Callable[[str], str]) -> str:
    """``answer`` as Markdown: ``prose`` (an escaping function) on the prose, blocks fenced."""
    return "\n\n".join(fence(text) if kind == "code" else prose(text) for kind, text in segments(answer))


def render(parts: list[tuple[str, str]]) -> str:
    """Parts back into the stored form: prose paragraphs and fenced blocks, a blank line between."""
    return "\n\n".join(fence(text) if kind == "code" else text for kind, text in parts)


def from_lines(lines: list[str]) -> str:
    """The answer under a question of ``faq.md``: prose lines folded into one paragraph (as a
    hand-edited answer may wrap them), fenced blocks kept line for line."""
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return " ".join(text.split())
    return render(segments(text))


def quoted_tail(code: str) -> str:
    """The end of a lead sentence that quotes ``code`` in the prose form (``: <stand-in>.``)."""
    line = stand_in(code)
    return f": {line}" + ("" if line.endswith((".", "!", "?")) else ".")


def expand(answer: str, blocks: Iterable[str]) -> str:
    """``answer`` in the prose form with each of ``blocks`` it quotes put back as a fenced block
    after its lead (the stored form); the answer as given when it quotes none."""
    out = answer
    for code in blocks:
        tail = quoted_tail(code)
        at = out.find(tail)
        if at < 0:
            continue
        out = out[:at] + ":\n\n" + fence(code) + "\n\n" + out[at + len(tail) :].lstrip()
    return render(segments(out)) if out != answer else answer


# A code span that names one thing (a command, a function): "`wc`", "`percentile_cont`".
# A sigil may open it: an attribute or variable ("`@enforce_keys`", "`$EDITOR`").
_NAME_SPAN = re.compile(r"(?<!`)`(?P<name>(?:[@$]|--?(?=[A-Za-z]))?[A-Za-z_][\w.:-]*[\w])`(?!`)")
_FENCED = re.compile(r"^(?P<ticks>`{3,}|~{3,}).*?^(?P=ticks)\s*$", re.M | re.S)
# "… one command: git fetch origin --prune.": the answer shows a call in its prose already; not a
# colon before plain words ("you should: set up a revenue goal …", a list's lead run into its item).
# A colon before one word that ends the sentence ("… then run: make.") quotes a command too.
_INLINE_CALL = re.compile(
    r"\b(?:run|type|enter|execute|invoke|call|command)\s*:\s+\S|:\s+(?:[^.!?]*?(?:[(){}\[\]=<>|$@]|--?\w|\w[._/:]\w)|[^\s.!?]+(?:[.!?](?:\s|$)|$))"
)


def named_in_code(markdown: str) -> frozenset[str]:
    """The names the writer set as one-word code spans in ``markdown``'s prose (a command, a
    function), which the page's sentences carry without their backticks; fenced blocks aside."""
    prose = _FENCED.sub("", markdown)
    return frozenset(m.group("name") for m in _NAME_SPAN.finditer(prose) if len(m.group("name")) >= 2)


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w.@$-]){re.escape(name)}(?![\w-])", text) is not None


def quote_named(answer: str, blocks: list[tuple[str, str]], names: frozenset[str], leads: Callable[[str], bool]) -> str:
    """``answer`` with the call it names put in, when it names a command or function in prose
    ("… pipe it to another command — wc.") and the section shows the call only in a short block
    (hand grading round 4, "code named but not shown"): the first code block after the first
    paragraph that names it, quoted after the last sentence that names it and ``leads`` to it (says
    how), that sentence's full stop made a colon. ``blocks`` are the section's (kind, text) blocks
    in order, kind "code-step" for a block another program follows (one step of several, or an
    example before the way: never quoted alone); ``names`` the page's one-word code spans
    (:func:`named_in_code`).

    The answer unchanged when it shows code already (a block, or a call after a colon), names
    nothing a block after it calls, or when that block is too long to quote."""
    if "\n" in answer or has_code(answer) or _INLINE_CALL.search(answer):
        return answer
    sentences = split_sentences(answer)
    for k in range(len(sentences) - 1, -1, -1):
        sentence = sentences[k].rstrip()
        said = [n for n in sorted(names) if _mentions(sentence, n)]
        if not said or not sentence.endswith(".") or not leads(sentence):
            continue
        for name in said:
            first = next(
                (i for i, (kind, text) in enumerate(blocks) if kind == "paragraph" and _mentions(text, name)), None
            )
            if first is None:
                continue
            at, kind, code = next(
                ((i, kind, text) for i, (kind, text) in enumerate(blocks) if i > first and kind.startswith("code")),
                (0, "", ""),
            )
            if kind != "code" or not _mentions(code, name):
                continue
            if _block_of(sentence, blocks) > at:
                continue  # a sentence from after the block ("… you should: set up a goal called X"): an earlier one leads to it
            shown = quotable(code)
            if shown is None:
                return _quote_call_line(sentences, blocks, names, leads) or answer  # the one line that calls it
            out: list[tuple[str, str]] = [
                ("prose", " ".join([*sentences[:k], sentence[:-1].rstrip() + ":"])),
                ("code", shown),
            ]
            rest = " ".join(sentences[k + 1 :]).strip()
            if rest:
                out.append(("prose", rest))
            return render(out)
    return _quote_call_line(sentences, blocks, names, leads) or answer


def _block_of(sentence: str, blocks: list[tuple[str, str]]) -> int:
    """The index of the first block whose words hold ``sentence``'s first words; -1 when none does
    (a condensed or repaired sentence is read as coming first)."""
    head = " ".join(re.findall(r"\w+", sentence)[:6]).lower()
    return next(
        (i for i, (_, text) in enumerate(blocks) if head and head in " ".join(re.findall(r"\w+", text)).lower()), -1
    )


# A prompt before a command in a session or a REPL: "$ ", "> ", "[4] pry(main)> ", "irb(main):001:0> ", ">>> ".
_PROMPT = re.compile(r"^\s*(?:\[\d+\]\s*[\w.-]+\([\w.-]+\)>|[\w.-]+\([\w.-]+\):\d+(?::\d+)?[>*]|>>>|\$|>|❯|›)\s+")
_PAIRS = {"(": ")", "[": "]", "{": "}"}
# A name no prose word could be: a flag, a dotted or snake_case call, a sigil, camelCase ("--in", "_.get", "fs.readFile").
_CODE_LIKE = re.compile(r"[^A-Za-z]|[a-z][A-Z]")


def _balanced(line: str) -> bool:
    stack: list[str] = []
    for ch in line:
        if ch in _PAIRS:
            stack.append(_PAIRS[ch])
        elif ch in _PAIRS.values():
            if not stack or stack.pop() != ch:
                return False
    return not stack


def _calls(raw: str, said: list[str]) -> tuple[int, str] | None:
    """How many of ``said`` the block line ``raw`` calls, and the line (its prompt taken off); None
    when it calls none (see :func:`_call_line`)."""
    line = _PROMPT.sub("", raw, count=1).strip()
    if not line or len(line) > MAX_CALL_CHARS or _COMMENT_LINE.match(line) or line.startswith(("=>", "#=>")):
        return None
    prompted = _PROMPT.match(raw) is not None
    named = [n for n in said if _mentions(line, n) or prompted and n.isupper() and _mentions(line.upper(), n)]
    typed = prompted and any(n.isupper() and not _mentions(line, n) for n in named)  # "JSON" as "format json"
    dotted = any(re.search(rf"(?<![\w.@$-]){re.escape(n)}\.[A-Za-z_]\w*\(", line) for n in named)
    if not named or not _balanced(line) or line.rstrip(";") in said:
        return None
    if not any(_CODE_LIKE.search(n) for n in named) and not dotted and not typed:
        return None  # a plain word the page also sets as code ("edit", "data") counts only beside a code-like
        # one, as a package whose function the line calls ("flag.Parse()"), or typed after a prompt
    if (
        not dotted
        and not typed
        and not any(re.search(rf"(?<![\w.@$-]){re.escape(n)}(?:\(|\[|\s+\S)", line) for n in named)
    ):
        return None  # the name with nothing after it is not a call
    return len(named), line


def _call_line(code: str, said: list[str]) -> tuple[int, str] | None:
    """The line of ``code`` that calls the most of ``said`` (its prompt taken off), as (how many it
    names, the line), with the lines right under it that call one too (up to three in all: a
    declaration and the parse after it, "flag.BoolVar(…)" then "flag.Parse()"); None when no line
    calls one: a call is the name with something after it (its arguments, a flag), or a package
    the line calls a function of, or a name typed after a prompt (an upper-case name read in any
    case: "JSON" in "> explain (format json) …"), on one line whose brackets close, not a comment
    nor a line of output."""
    raws = code.splitlines()
    best: tuple[int, int, str] | None = None
    for i, raw in enumerate(raws):
        hit = _calls(raw, said)
        if hit is not None and (best is None or hit[0] > best[0]):
            best = (hit[0], i, hit[1])
    if best is None:
        return None
    lines = [best[2]]
    for raw in raws[best[1] + 1 : best[1] + 3]:
        hit = _calls(raw, said)
        if hit is None:
            break
        lines.append(hit[1])
    return best[0], "\n".join(lines)


def _quote_call_line(
    sentences: list[str], blocks: list[tuple[str, str]], names: frozenset[str], leads: Callable[[str], bool]
) -> str | None:
    """The answer with the one block line that calls what it names, when the section shows that
    call only inside a block too long (or too mixed: a session with its output, a program with its
    set-up) to quote whole (hand grading round 6: "Use the --in flag with edit … or a range" without
    `edit --in 1..2`; "_.get … using a path" without the call). The line goes after the last
    sentence that names it and says how, or else after the answer's last sentence when that one
    says how; None when no such line or sentence is found."""
    for k in range(len(sentences) - 1, -1, -1):
        said = [n for n in sorted(names) if _mentions(sentences[k], n)]
        if not said:
            continue
        first = next(
            (
                i
                for i, (kind, text) in enumerate(blocks)
                if kind == "paragraph" and any(_mentions(text, n) for n in said)
            ),
            None,
        )
        if first is None:
            continue
        found = next(
            (
                hit
                for kind, text in blocks[first + 1 :]
                if kind.startswith("code")
                for hit in [_call_line(text, said)]
                if hit is not None
            ),
            None,
        )
        if found is None:
            continue  # a word the page also sets as code ("data") that no line calls: an earlier sentence may name one
        last = len(sentences) - 1
        at = next(
            (j for j in (k, last) if j >= k and sentences[j].rstrip().endswith(".") and leads(sentences[j].rstrip())),
            None,
        )
        if at is None:
            continue
        out: list[tuple[str, str]] = [
            ("prose", " ".join([*sentences[:at], sentences[at].rstrip()[:-1].rstrip() + ":"])),
            ("code", found[1]),
        ]
        rest = " ".join(sentences[at + 1 :]).strip()
        if rest:
            out.append(("prose", rest))
        return render(out)
    return None
