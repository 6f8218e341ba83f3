"""Fault-injection driver for ``tests/test_faults.py`` (not a test module itself).

Run as ``python faultrun.py WORKDIR``. It builds a small project once in this process (so MkDocs,
spaCy and the engine are loaded and warm), then forks one real child process per scenario. A
child runs the real CLI (``aeoloop build``) with :func:`aeoloop.publish.checkpoint` replaced so
that it SIGKILLs itself (or pauses) at a named point. The parent then runs the recovery step and
hashes ``site/`` and ``generated/``. Forking the warm process keeps ~20 kill points within the
time budget of the suite; every kill is still a real ``SIGKILL`` of a real process.

Writes ``WORKDIR/report.json``; the tests assert on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
sys.path.insert(0, str(Path(__file__).parent))

import yaml  # noqa: E402

import aeoloop.build as build_mod  # noqa: E402
import aeoloop.cli  # noqa: E402,F401  (warm: the forked children run it)
import aeoloop.publish as publish_mod  # noqa: E402
from conftest import BRAND, GLOSSARY, PAGE_OEE, write  # noqa: E402

KILL_AT: str | None = None
PAUSE_AT: tuple[str, Path, Path] | None = None  # (point, ready file, go file)


def _checkpoint(name: str) -> None:
    if name == KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)
    if PAUSE_AT and name == PAUSE_AT[0]:
        PAUSE_AT[1].write_text(str(os.getpid()))
        while not PAUSE_AT[2].exists():
            time.sleep(0.02)


publish_mod.checkpoint = _checkpoint
build_mod.checkpoint = _checkpoint  # build.py binds the name at import

PAGE_NEW = """\
---
title: How do you reduce downtime?
description: Five habits that cut unplanned downtime on the shop floor.
---

Unplanned downtime falls when a plant records every stop with a reason, reviews the top three reasons every week and fixes the causes instead of the symptoms. Acme groups stops by machine and shift so the pattern shows within days. Most plants cut downtime by a fifth in the first quarter.

## Why record every stop?

Short stops add up to more lost time than the long breakdowns everyone remembers. A stop that lasts two minutes and happens forty times a shift costs more than one hour of repair. Recording them is the only way to see them.

## What should the weekly review cover?

The review should cover the three largest reasons for lost time, the owner of each fix and the date it is due. It should take fifteen minutes and end with decisions, not a discussion of the data.
"""


def make_project(root: Path) -> None:
    cfg = {
        "site_name": "Acme Guides",
        "site_url": "https://acme.example/",
        "docs_dir": "content",
        "theme": {"name": "material", "features": ["navigation.prune"]},
        "plugins": [{"aeoloop": {"evolve": {"ingest_on_build": False}}}],
    }
    write(root / "mkdocs.yml", yaml.safe_dump(cfg, sort_keys=False))
    write(root / "brand" / "brand.yml", yaml.safe_dump(BRAND, sort_keys=False))
    write(root / "brand" / "glossary.yml", yaml.safe_dump(GLOSSARY, sort_keys=False))
    write(root / "content" / "oee.md", PAGE_OEE)


def change_inputs(root: Path) -> None:
    """The edit between the previous build (A) and the next one (B): a changed page and a new one."""
    page = root / "content" / "oee.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        .replace("85 percent", "86 percent")
        .replace("Acme calculates it automatically", "Acme computes it on its own"),
        encoding="utf-8",
    )
    write(root / "content" / "downtime.md", PAGE_NEW)


def tree_hash(root: Path) -> dict[str, str]:
    """Path → sha256 of every file (and symlink target) under site/ and generated/."""
    out: dict[str, str] = {}
    for top in ("site", "generated"):
        base = root / top
        if not base.exists():
            out[top] = "<missing>"
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath) / name
                key = path.relative_to(root).as_posix()
                out[key] = (
                    "link:" + os.readlink(path) if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
                )
    return out


def digest(tree: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(tree, sort_keys=True).encode()).hexdigest()[:16]


def run_cli(
    cwd: Path,
    args: list[str],
    *,
    kill_at: str | None = None,
    pause: tuple[str, Path, Path] | None = None,
    log: Path | None = None,
    wait: bool = True,
) -> dict | int:
    """Fork a child that runs ``aeoloop ARGS`` in ``cwd``. Returns {"signal"|"exit", "stderr"} (or the pid)."""
    log = log or cwd.parent / f"{cwd.name}.log"
    pid = os.fork()
    if pid == 0:  # child
        global KILL_AT, PAUSE_AT
        code = 70
        try:
            KILL_AT, PAUSE_AT = kill_at, pause
            os.chdir(cwd)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 2)
            os.dup2(fd, 1)
            from aeoloop.cli import main

            try:
                main(args, prog_name="aeoloop")
                code = 0
            except SystemExit as err:
                code = err.code if isinstance(err.code, int) else (0 if err.code is None else 1)
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            sys.stderr.flush()
            sys.stdout.flush()
            os._exit(code)
    if not wait:
        return pid
    return wait_child(pid, log)


def wait_child(pid: int, log: Path) -> dict:
    _, status = os.waitpid(pid, 0)
    out: dict = {"stderr": log.read_text(encoding="utf-8", errors="replace")}
    if os.WIFSIGNALED(status):
        out["signal"] = os.WTERMSIG(status)
    else:
        out["exit"] = os.WEXITSTATUS(status)
    return out


def copy(src: Path, dst: Path) -> Path:
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, symlinks=True)
    return dst


def leftovers(root: Path) -> list[str]:
    cache = root / ".aeoloop"
    return sorted(p.name for p in cache.iterdir() if p.name.startswith(("site-", "publish-"))) if cache.is_dir() else []


def main() -> None:
    work = Path(sys.argv[1])
    report: dict = {}
    prev = work / "prev"
    make_project(prev)
    started = time.perf_counter()
    from aeoloop.build import run_build
    from aeoloop.project import Project

    run_build(Project.load(prev / "mkdocs.yml"))  # warms this process: later forks start hot
    report["warmup_s"] = round(time.perf_counter() - started, 2)
    assert threading.active_count() == 1, threading.enumerate()  # forking must not copy live threads
    start = copy(prev, work / "start")
    change_inputs(start)
    a_tree = tree_hash(start)

    b1 = copy(start, work / "b1")
    report["b1"] = run_cli(b1, ["build"])
    b2 = copy(start, work / "b2")
    report["b2"] = run_cli(b2, ["build"])
    b_tree = tree_hash(b1)
    report["a"], report["b"], report["b_again"] = digest(a_tree), digest(b_tree), digest(tree_hash(b2))
    changed = sorted(k for k in b_tree if k.startswith("generated/") and a_tree.get(k) != b_tree[k])
    report["replaces"] = len(changed)
    n = len(changed)

    points = [
        "step:paths",
        "step:load",
        "step:lint",
        "step:generate",
        "step:guardrails",
        "step:channels",
        "step:render",
        "step:verify",
        "publish:staged",
        "publish:journal",
        "publish:replace:1",
        f"publish:replace:{n // 2}",
        f"publish:replace:{n}",
        "publish:site-moved",
        "publish:site-swapped",
        "publish:applied",
        "publish:done",
    ]
    report["points"] = {}
    for point in points:
        started = time.perf_counter()
        proj = copy(start, work / "kill")
        killed = run_cli(proj, ["build"], kill_at=point)
        entry: dict = {
            "killed": killed.get("signal") == signal.SIGKILL,
            "stderr_tail": killed["stderr"][-400:],
            "journal_after_kill": (proj / ".aeoloop" / publish_mod.JOURNAL).exists(),
            "leftovers_after_kill": leftovers(proj),
        }
        entry["recovered"] = publish_mod.recover(proj, proj / ".aeoloop")  # the recovery step alone
        tree = tree_hash(proj)
        entry["state"] = "previous" if tree == a_tree else "next" if tree == b_tree else "MIX"
        if entry["state"] == "MIX":
            entry["diff"] = sorted(
                k
                for k in set(tree) | set(a_tree) | set(b_tree)
                if tree.get(k) not in (a_tree.get(k), b_tree.get(k))
                or (tree.get(k) != a_tree.get(k) and tree.get(k) != b_tree.get(k))
            )[:20]
        entry["leftovers_after_recovery"] = leftovers(proj)
        if point.startswith(
            "publish:"
        ):  # the next build (forced) neither keeps a file as "edited by hand" nor differs from B
            force = point.startswith("publish:replace:")  # where a half-written file was once kept as "edited by hand"
            nxt = run_cli(proj, ["build", "--force"] if force else ["build"])
            entry["next_build"] = {
                "exit": nxt.get("exit"),
                "edited_by_hand": "edited by hand" in nxt["stderr"],
                "equals_b": tree_hash(proj) == b_tree,
                "stderr_tail": nxt["stderr"][-400:],
            }
        entry["seconds"] = round(time.perf_counter() - started, 2)
        report["points"][point] = entry

    # a kill inside the recovery itself: recovery is idempotent
    proj = copy(start, work / "kill2")
    run_cli(proj, ["build"], kill_at="publish:replace:1")
    again = run_cli(
        proj, ["build"], kill_at=f"publish:replace:{max(2, n // 2)}"
    )  # the next build dies while recovering
    recovered = publish_mod.recover(proj, proj / ".aeoloop")
    report["kill_during_recovery"] = {
        "killed": again.get("signal") == signal.SIGKILL,
        "recovered": recovered,
        "equals_b": tree_hash(proj) == b_tree,
    }

    # the recovery message of a real build after a crash
    proj = copy(start, work / "says")
    run_cli(proj, ["build"], kill_at="publish:site-moved")
    said = run_cli(proj, ["build"])
    report["recovery_message"] = {
        "exit": said.get("exit"),
        "stderr": said["stderr"][-1500:],
        "equals_b": tree_hash(proj) == b_tree,
    }

    # concurrent builds: the first pauses (holding the lock), the second is refused naming its pid
    proj = copy(start, work / "conc")
    ready, go = work / "ready", work / "go"
    first = run_cli(proj, ["build"], pause=("step:generate", ready, go), log=work / "first.log", wait=False)
    assert isinstance(first, int)
    deadline = time.time() + 60
    while not ready.exists() and time.time() < deadline:
        time.sleep(0.02)
    second = run_cli(proj, ["build"], log=work / "second.log")
    go.write_text("go")
    first_out = wait_child(first, work / "first.log")
    report["concurrent"] = {
        "first_pid": first,
        "first": {"exit": first_out.get("exit")},
        "second": second,
        "equals_b": tree_hash(proj) == b_tree,
        "lock_file_pid": (proj / ".aeoloop" / "build.lock").read_text().strip(),
    }

    # read-only generated/: a page folder (existing file replaced) and generated/ itself (a new page folder)
    report["readonly"] = {}
    for name, sub in (("page_folder", "generated/oee"), ("generated", "generated")):
        proj = copy(start, work / f"ro-{name}")
        folder = proj / sub
        if not make_readonly(folder):
            report["readonly"][name] = {"skipped": "cannot make a folder read-only here"}
            continue
        try:
            res = run_cli(proj, ["build"])
        finally:
            make_writable(folder)
        report["readonly"][name] = {
            **res,
            "state": "previous" if tree_hash(proj) == a_tree else "changed",
            "leftovers": leftovers(proj),
            "journal": (proj / ".aeoloop" / publish_mod.JOURNAL).exists(),
        }
        res2 = run_cli(proj, ["build"])
        report["readonly"][name]["after_fix"] = {"exit": res2.get("exit"), "equals_b": tree_hash(proj) == b_tree}

    modes = {}
    for path in (
        b1 / "site",
        b1 / "site" / "oee" / "index.html",
        b1 / "generated" / "oee" / "summary.md",
        b1 / "generated" / "downtime" / "manifest.json",
        b1 / "generated" / "downtime",
    ):
        modes[path.relative_to(b1).as_posix()] = oct(path.stat().st_mode & 0o777)
    report["modes"] = modes
    report["umask"] = oct(publish_mod.umask())
    (work / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")


def make_readonly(folder: Path) -> bool:
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    ok = (
        subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
        if shutil.which("chattr")
        else False
    )
    return ok


def make_writable(folder: Path) -> None:
    if os.geteuid() != 0:
        folder.chmod(0o755)
    else:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)


if __name__ == "__main__":
    main()
