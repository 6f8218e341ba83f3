"""The package's import structure: layers only look down, and no module imports itself back.

Read from the source with :mod:`ast` (nothing is imported), so the test is fast and sees every
import: at module top, inside functions, and under ``if TYPE_CHECKING:``. A module's layer is the
one of its longest listed prefix in :data:`LAYERS`; a module may import its own layer or any
layer below it, never one above. Inside a layer, packages are independent of each other unless
:data:`SAME_LAYER` lets one use the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator" / "aeoloop"

# Bottom first: (name, module prefixes relative to ``aeoloop``, open). Modules of an open layer
# may import each other (the cycle test still applies); the packages of a closed layer are
# siblings that use each other only as PHASE_USES says.
LAYERS: list[tuple[str, tuple[str, ...], bool]] = [
    (
        "base",
        (
            "__init__",
            "errors",
            "escaping",
            "text",
            "yamlload",
            "siteurl",
            "paths",
            "termtable",
            "imagelicense",
            "llmblocks",
            "mdfast",  # markdown-it with faster scans (same tokens): the page loader's, the linter's, llmblocks'
            "render_guard",
            "publish",
            "answer_code",  # code quoted in an FAQ answer: stored, judged and printed the same way
            "artifacts",
            "generated",
            "foreign",
            "scaffold",
            "staging",
            "yamlsrc",
            "registry",  # the one registry helper every extension kind uses
            "parallel",
            "lemmas",
            "produced",  # what the steps hand on through the build state (records and Protocols)
        ),
        True,
    ),
    ("data", ("crawlers", "brand", "page", "pagefacts", "pagemeta"), True),  # shared data, the page model
    ("config", ("settings", "quality", "project", "state"), True),  # options, contract, project, build state
    ("phases", ("express", "amplify", "backends", "tailor", "evolve", "verify"), False),
    (
        "pipeline",
        ("build", "pagegen", "refresh", "render_split", "populate_split", "forked_logs", "search_index"),
        True,
    ),
    ("adapters", ("mkdocs_plugin", "serve", "cli", "cli_options"), True),
]
# How the phases use each other (importer, imported): Amplify's channels pass through Express's
# guardrails, the backends generate with Amplify's question and keyphrase code, Tailor writes
# with a backend and publishes through the channels' files. Evolve's experiments pass their
# variants through Express's guardrails, and its predictor falls back to Verify's readiness score.
PHASE_USES: set[tuple[str, str]] = {
    ("amplify", "express"),
    ("evolve", "express"),
    ("evolve", "verify"),
    ("evolve", "tailor"),  # intro experiments vary Tailor's audience intros
    ("backends", "amplify"),
    ("backends", "express"),
    ("tailor", "amplify"),
    ("tailor", "backends"),
    ("tailor", "express"),
}
# Known imports that still go up, each with the issue that removes it; empty, and only shrinks.
KNOWN_UPWARD: set[tuple[str, str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("aeoloop."):
                yield _known(alias.name.removeprefix("aeoloop."))
        return
    if node.level:
        base = module.split(".") if module != "__init__" else []
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        prefix = ".".join(base + ([node.module] if node.module else []))
    elif node.module and (node.module == "aeoloop" or node.module.startswith("aeoloop.")):
        prefix = node.module.removeprefix("aeoloop").lstrip(".")
    else:
        return
    for alias in node.names:
        name = f"{prefix}.{alias.name}" if prefix else alias.name
        yield name if name in MODULES else _known(prefix or "__init__")


def _known(name: str) -> str:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or "__init__"


def _imports(runtime_only: bool) -> dict[str, set[str]]:
    """module -> the project modules it imports (at top or in functions; TYPE_CHECKING unless runtime_only)."""
    return {module: _module_imports(module, path, runtime_only) - {module} for module, path in MODULES.items()}


def _module_imports(module: str, path: Path, runtime_only: bool) -> set[str]:
    edges: set[str] = set()
    is_package = path.name == "__init__.py"

    def walk(nodes: list[ast.stmt], type_only: bool) -> None:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                if not (type_only and runtime_only):
                    edges.update(_targets(module, is_package, node))
            elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                walk(node.body, True)
                walk(node.orelse, type_only)
            else:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.stmt):
                        walk([child], type_only)
                    elif isinstance(child, ast.excepthandler):
                        walk(child.body, type_only)

    walk(ast.parse(path.read_text(encoding="utf-8")).body, False)
    return edges


def _layer_of(module: str) -> tuple[int, str]:
    best: tuple[int, str] | None = None
    for rank, (_, prefixes, _open) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > len(best[1]):
                    best = (rank, prefix)
    assert best is not None, f"aeoloop.{module} is in no layer: add it to LAYERS in tests/test_layers.py"
    return best


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles():
    cycles = _cycles(_imports(runtime_only=True))
    assert cycles == [], "modules that import each other (directly or around a loop): " + "; ".join(
        " <-> ".join(f"aeoloop.{m}" for m in c) for c in cycles
    )


def test_every_module_has_a_layer():
    for module in MODULES:
        _layer_of(module)


def test_layers_only_look_down():
    upward = []
    for module, targets in sorted(_imports(runtime_only=False).items()):
        rank, prefix = _layer_of(module)
        for target in sorted(targets):
            t_rank, t_prefix = _layer_of(target)
            if t_rank < rank or prefix == t_prefix:
                continue
            if t_rank == rank and (LAYERS[rank][2] or (prefix, t_prefix) in PHASE_USES):
                continue
            if (module, target) in KNOWN_UPWARD:
                continue
            upward.append(f"aeoloop.{module} ({LAYERS[rank][0]}) imports aeoloop.{target} ({LAYERS[t_rank][0]})")
    assert upward == [], "imports that go up or sideways:\n" + "\n".join(upward)


def test_known_upward_imports_still_exist():
    """An entry of KNOWN_UPWARD that no longer happens must be removed (the list only shrinks)."""
    graph = _imports(runtime_only=False)
    stale = [pair for pair in sorted(KNOWN_UPWARD) if pair[1] not in graph.get(pair[0], set())]
    assert stale == []


MAX_LINES = 400
SIZE_REASON = "# Over 400 lines on purpose: "
# Modules over the limit that still need a split or a reason; empty: every big module says why.
KNOWN_LARGE: set[str] = set()


def test_big_modules_say_why():
    """No module over ~400 lines without a one-line reason at its top (issue 10): split by job instead."""
    big = []
    for module, path in sorted(MODULES.items()):
        lines = path.read_text(encoding="utf-8").splitlines()
        if (
            len(lines) > MAX_LINES
            and module not in KNOWN_LARGE
            and not any(line.startswith(SIZE_REASON) for line in lines[:60])
        ):
            big.append(f"aeoloop.{module}: {len(lines)} lines")
    assert big == [], "split these by job, or say why in a line starting " + repr(SIZE_REASON) + ":\n" + "\n".join(big)
    fine = [
        m
        for m in sorted(KNOWN_LARGE)
        if m in MODULES and len(MODULES[m].read_text(encoding="utf-8").splitlines()) <= MAX_LINES
    ]
    assert fine == [], f"remove from KNOWN_LARGE (now small enough): {fine}"


def test_the_checker_sees_a_cycle_and_an_upward_import():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    assert _layer_of("amplify.robots")[0] > _layer_of("page")[0]
    assert _layer_of("amplify.channels.step")[1] == "amplify"
    tree = ast.parse("def f():\n    from ..build import x\n")
    node = tree.body[0].body[0]
    assert isinstance(node, ast.ImportFrom)
    assert list(_targets("backends.llm", False, node)) == ["build"]


# Function-level project imports are the exception (issue 10): each one says why on its line, or
# on a comment line right above it (a measured start-up cost: `aeoloop --help` must not load the
# build; a command's own heavy modules wait for the command). Modules whose lazy imports do not say
# why yet, with how many; empty, and only shrinks.
KNOWN_UNEXPLAINED_LAZY: dict[str, int] = {}


def _comment_lines(source: str) -> set[int]:
    import io
    import tokenize

    return {
        tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type == tokenize.COMMENT
    }


def _lazy_project_imports(module: str, path: Path) -> list[tuple[int, bool]]:
    """(line, says why) of every project import inside a function of ``module``."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    comments = _comment_lines(source)
    is_package = path.name == "__init__.py"
    found: list[tuple[int, bool]] = []
    covered: dict[int, bool] = {}  # last line of a lazy import -> it says why

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if in_function and isinstance(child, (ast.Import, ast.ImportFrom)):
                if list(_targets(module, is_package, child)):
                    span = range(child.lineno, (child.end_lineno or child.lineno) + 1)
                    above = child.lineno - 1
                    why = (
                        any(n in comments for n in span)
                        or (above in comments and lines[above - 1].lstrip().startswith("#"))
                        or covered.get(above, False)  # a block of imports under one comment
                    )
                    covered[child.end_lineno or child.lineno] = why
                    found.append((child.lineno, why))
            walk(child, inside)

    walk(ast.parse(source), False)
    return found


def test_function_level_imports_say_why():
    unexplained: dict[str, list[int]] = {}
    for module, path in sorted(MODULES.items()):
        missing = [line for line, why in _lazy_project_imports(module, path) if not why]
        if missing:
            unexplained[module] = missing
    over = {
        f"aeoloop.{m} lines {lines}": len(lines)
        for m, lines in unexplained.items()
        if len(lines) > KNOWN_UNEXPLAINED_LAZY.get(m, 0)
    }
    assert over == {}, (
        "project imports inside functions without a comment saying why (move them to the module top, "
        "or name the start-up cost they avoid): " + "; ".join(over)
    )
    fewer = {m: n for m, n in KNOWN_UNEXPLAINED_LAZY.items() if len(unexplained.get(m, [])) < n}
    assert fewer == {}, f"lower these counts in KNOWN_UNEXPLAINED_LAZY (the list only shrinks): {fewer}"


def test_the_lazy_import_check_sees_a_missing_reason(tmp_path: Path):
    bare = tmp_path / "bare.py"
    bare.write_text("def f():\n    from .page import Page\n    return Page\n", encoding="utf-8")
    told = tmp_path / "told.py"
    told.write_text(
        "def f():\n    # lazy: the page model loads markdown-it\n    from .page import Page\n\n"
        "def g():\n    from .text import WORD_RE  # lazy: start-up\n    return WORD_RE\n\n"
        "def h():\n    # lazy: both load markdown-it\n    from .page import Page\n    from .text import WORD_RE\n\n"
        "    from .brand import Brand\n",
        encoding="utf-8",
    )
    assert _lazy_project_imports("x", bare) == [(2, False)]
    assert _lazy_project_imports("x", told) == [(3, True), (6, True), (11, True), (12, True), (14, False)]
