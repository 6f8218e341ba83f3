"""Per-page work on several cores (issue 11): the same bytes as one process, and really in workers.

The end-to-end test builds the same synthetic 12-page project (bench/corpus.py) twice, with
``jobs=1`` and ``jobs=2``, and compares every file of ``generated/`` and ``site/``.
"""

from __future__ import annotations

import concurrent.futures
import gc
import os
import re
import shutil
import time
from functools import partial
from pathlib import Path
from typing import Callable

import pytest
from conftest import tree_bytes
from click.testing import CliRunner

from aeoloop import pagegen, parallel
from aeoloop.backends import nlp

ROOT = Path(__file__).resolve().parent.parent


def _square_and_pid(x: int) -> tuple[int, int]:
    if x == 13:
        raise ValueError("thirteen")
    return x * x, os.getpid()


def test_map_ordered_keeps_the_input_order_and_uses_workers():
    items = [x for x in range(40) if x != 13]
    out = parallel.map_ordered(_square_and_pid, items, 2)
    assert [v for v, _ in out] == [x * x for x in items]
    assert {pid for _, pid in out} - {os.getpid()}, "nothing ran in a worker process"
    assert parallel.map_ordered(_square_and_pid, items, 1) == [(x * x, os.getpid()) for x in items]


def test_map_ordered_hands_out_small_chunks(monkeypatch):
    """A long list goes out in chunks of at most MAX_CHUNK items (the last chunk runs alone while
    the other cores wait), covering the list in order; the results are those of one process."""
    seen: list[tuple[int, int]] = []
    real = concurrent.futures.ProcessPoolExecutor.map

    def spy(self, fn, chunks, *rest, **kwargs):
        seen.extend(chunks)
        return real(self, fn, seen, *rest, **kwargs)

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "map", spy)
    items = [x for x in range(1000) if x != 13]
    out = parallel.map_ordered(_square_and_pid, items, 2)
    assert [v for v, _ in out] == [x * x for x in items]
    assert seen[0][0] == 0 and seen[-1][1] == len(items) and all(a[1] == b[0] for a, b in zip(seen, seen[1:]))
    assert max(end - start for start, end in seen) == parallel.MAX_CHUNK


def test_map_ordered_raises_what_the_function_raises():
    with pytest.raises(ValueError, match="thirteen"):
        parallel.map_ordered(_square_and_pid, list(range(40)), 2)


def test_few_items_stay_in_this_process():
    out = parallel.map_ordered(_square_and_pid, [1, 2, 3], 2)
    assert out == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_start_ordered_returns_at_once_and_collects_in_order_later():
    items = [x for x in range(40) if x != 13]
    pending = parallel.start_ordered(_square_and_pid, items, 2)
    assert pending._workers, "no worker process was started"
    out = pending.result()
    assert [v for v, _ in out] == [x * x for x in items]
    assert {pid for _, pid in out} - {os.getpid()}, "nothing ran in a worker process"
    assert pending.result() is out  # asked again: the same list, no worker left
    assert not pending._workers


def test_start_ordered_raises_on_result_and_cancels():
    pending = parallel.start_ordered(_square_and_pid, list(range(40)), 2)
    with pytest.raises(ValueError, match="thirteen"):
        pending.result()
    late = parallel.start_ordered(_square_and_pid, [x for x in range(40) if x != 13] + [13], 2)
    with pytest.raises(ValueError, match="thirteen"):  # after the worker sent its first parts
        late.result()
    stopped = parallel.start_ordered(_square_and_pid, list(range(20)), 2)
    processes = [p for p, _ in stopped._workers]
    stopped.cancel()
    assert all(not p.is_alive() for p in processes) and stopped.result() == []


def test_start_ordered_without_workers_works_here_and_now():
    assert parallel.start_ordered(_square_and_pid, [1, 2, 3], 2).result() == [
        (1, os.getpid()),
        (4, os.getpid()),
        (9, os.getpid()),
    ]
    items = list(range(12))
    assert parallel.start_ordered(_square_and_pid, items, 0).result() == [(x * x, os.getpid()) for x in items]


def _squares_in_a_pool(items: list[int]) -> list[tuple[int, int, int]]:
    return [(v, pid, os.getpid()) for v, pid in parallel.map_ordered(_square_and_pid, items, 2)]


def test_call_forked_runs_in_a_child_that_starts_its_own_pool():
    """The generate server: one forked process that forks the pool's workers itself and sends
    the results back in order (more than one part), or raises what the work raised."""
    items = [x for x in range(40) if x != 13]
    out = parallel.call_forked(partial(_squares_in_a_pool, items))
    assert [v for v, _, _ in out] == [x * x for x in items] and len(out) > parallel.PART
    servers = {server for _, _, server in out}
    assert len(servers) == 1 and os.getpid() not in servers, "not computed in one child process"
    assert {pid for _, pid, _ in out} - servers - {os.getpid()}, "the child started no workers"
    with pytest.raises(ValueError, match="thirteen"):
        parallel.call_forked(partial(_squares_in_a_pool, list(range(40))))


_INHERITED: list[object] = []


def _inherited_frozen(x: int) -> tuple[int, bool]:
    """Whether this process's collector holds the object the parent made before the fork (it is frozen)."""
    held = _INHERITED[0]
    return x, all(o is not held for o in gc.get_objects())


def test_forked_workers_freeze_what_they_inherit():
    """A worker's full collections do not walk the heap it inherited (the generate worker's pipeline,
    pages and tables): frozen at the fork; an object the worker makes is still collected."""
    _INHERITED[:] = [["made before the fork"]]  # a list: tracked by the collector
    try:
        assert any(o is _INHERITED[0] for o in gc.get_objects())
        out = parallel.map_ordered(_inherited_frozen, list(range(12)), 2)
        assert out == [(x, True) for x in range(12)]
        server = parallel.call_forked(partial(map, partial(_inherited_frozen), [1]))
        assert server == [(1, True)]
    finally:
        _INHERITED.clear()


class _Made:
    """A result the test can watch die (a weak reference), and that pickles."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __reduce__(self) -> tuple[type, tuple[int]]:
        return _Made, (self.value,)


def _made_and_let_go(count: int):
    """Results made one at a time; each checks that the server no longer holds the results it
    made two parts before (sent, and let go: :func:`parallel._call` holds one part at a time)."""
    import weakref

    made: list[weakref.ref[_Made]] = []
    for i in range(count):
        if i >= 2 * parallel.PART:
            gc.collect()
            assert made[i - 2 * parallel.PART]() is None, f"result {i - 2 * parallel.PART} still held by the server"
        out = _Made(i)
        made.append(weakref.ref(out))
        yield out


def test_call_forked_sends_an_iterators_results_as_they_come():
    """The generate server passes its pages' artifacts on as its workers return them, holding
    none of them for long (it held every page's: the cold build's largest process at 300 pages);
    the parent gets the same list, in order."""
    out = parallel.call_forked(partial(_made_and_let_go, 5 * parallel.PART + 3))
    assert [m.value for m in out] == list(range(5 * parallel.PART + 3))


def test_iter_ordered_yields_map_ordereds_results():
    items = [x for x in range(40) if x != 13]
    assert [v for v, _ in parallel.iter_ordered(_square_and_pid, items, 2)] == [x * x for x in items]
    assert list(parallel.iter_ordered(_square_and_pid, [1, 2, 3], 2)) == parallel.map_ordered(
        _square_and_pid, [1, 2, 3], 2
    )
    with pytest.raises(ValueError, match="thirteen"):
        list(parallel.iter_ordered(_square_and_pid, list(range(40)), 2))


def _slow_pid(folder: Path, x: int) -> int:
    (folder / f"{os.getpid()}").write_text("", encoding="utf-8")
    time.sleep(60)
    return x


def _slow_pool(folder: Path) -> list[int]:
    return parallel.map_ordered(partial(_slow_pid, folder), list(range(16)), 2)


def test_cancelling_a_forked_server_stops_the_pool_it_started(tmp_path):
    """A build that fails while the channel server works must leave no process behind: the server
    leads a process group, and cancel kills the group (its pool's workers too)."""
    pending = parallel.start_forked(partial(_slow_pool, tmp_path))
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert len(workers) == 2, "the server's pool did not start"
    pending.cancel()
    deadline = time.monotonic() + 20
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in workers if _running(pid)]
        time.sleep(0.1)
    assert not alive and pending.result() == []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, waiting to be reaped
    except FileNotFoundError:
        return False


def test_resolve_jobs_defaults_to_the_cores():
    assert parallel.resolve_jobs(None) == parallel.default_jobs() == parallel.resolve_jobs(0)
    assert parallel.resolve_jobs(3) == 3


@pytest.fixture
def corpus(bench_site: Callable[..., Path]) -> Callable[[str], Path]:
    return lambda name: bench_site(name, seed=3)


def test_two_jobs_write_the_same_bytes_as_one(corpus, build_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    pools = [0]
    real = concurrent.futures.ProcessPoolExecutor.__init__

    def counting(self, *args, **kwargs):
        pools[0] += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "__init__", counting)
    channel_workers = _count_channel_workers(monkeypatch)
    servers: list[int] = []
    real_start = parallel.start_forked

    def start_forked(fn):  # the generate server: started before lint, collected after it
        if isinstance(fn, partial) and fn.func is pagegen._generate_stale:
            servers.append(1)
        return real_start(fn)

    monkeypatch.setattr(parallel, "start_forked", start_forked)
    one, two = corpus("one"), corpus("two")
    first = build_site(one, jobs=1)
    assert pools[0] == 0 and channel_workers == [] and not servers
    loaded = nlp._pipeline.cache_info()
    second = build_site(two, jobs=2)
    assert servers == [1], "generate should have run in the generate server (which starts the pool)"
    after = nlp._pipeline.cache_info()
    assert (after.hits, after.misses) == (loaded.hits, loaded.misses), "the build process asked for the NLP pipeline"
    assert channel_workers == [2], "the channels should have been made in two worker processes"
    assert first.regenerated == second.regenerated == 12
    assert [str(d) for d in first.diagnostics] == [str(d) for d in second.diagnostics]
    for folder in ("generated", "site"):
        a, b = tree_bytes(one / folder), tree_bytes(two / folder)
        assert a.keys() == b.keys(), folder
        different = [name for name in a if a[name] != b[name]]
        assert not different, f"{folder}: {different[:5]}"


def test_guardrails_in_the_background_report_as_one_process_does(corpus, build_site, monkeypatch):
    """The pipeline checks generated text in workers while channels, tailor and render run
    (build.start_guardrails); its findings land in the same place among the diagnostics. Pages the
    generate server made were checked there (buildsteps.guardrail_precheck): then no guardrails
    worker starts, and the findings, diagnostics and manifests are the same as checked in one
    process or in the guardrails' worker."""
    from aeoloop.express import buildsteps

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    started: list[int] = []
    real = parallel.start_ordered

    def spy(fn, items, workers):
        pending = real(fn, items, workers)
        if not _is_channel_work(fn):
            started.append(len(pending._workers))
        return pending

    monkeypatch.setattr(parallel, "start_ordered", spy)
    states, roots = [], []
    for name, jobs, precheck in (("one", 1, True), ("two", 2, True), ("worker", 2, False)):
        root = corpus(name)
        (root / "brand" / "voice.yml").write_text(
            "terminology:\n  banned: [{term: revenue, level: warning}, {term: pipeline, level: suggestion}]\n",
            encoding="utf-8",
        )
        with monkeypatch.context() as m:
            if not precheck:
                m.setattr(buildsteps, "guardrail_precheck", lambda state: None)
            states.append(build_site(root, jobs=jobs))
        roots.append(root)
    assert started == [0, 0, 1], (
        "-j 1 checks here; -j 2 takes what the generate server checked (no worker), and without that "
        "checks in a worker (the render has the other core)"
    )
    one, two, worker = states
    assert not one.prechecked and len(two.prechecked) == 12 and not worker.prechecked
    found = [str(d) for d in one.diagnostics if "generated text: [" in d.message]
    assert found, "the voice rules should have flagged generated text"
    assert [str(d) for d in one.diagnostics] == [str(d) for d in two.diagnostics]
    assert [str(d) for d in one.diagnostics] == [str(d) for d in worker.diagnostics]
    manifests = [tree_bytes(root / "generated") for root in roots]
    assert manifests[0] == manifests[1] == manifests[2]
    assert not one.deferred and not two.deferred and not worker.deferred
    assert buildsteps.step_guardrails is not buildsteps.start_guardrails


def test_a_precheck_of_other_artifacts_is_not_taken(corpus, build_site, monkeypatch):
    """Findings checked in the generate server are taken only for the artifacts they were made
    for: an artifact changed after generate (here: a FAQ heading line) is checked again."""
    from aeoloop.express import buildsteps

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    real = buildsteps.guardrail_precheck

    def stale_lines(state):
        check = real(state)
        assert check is not None

        def wrong(page, art):
            pre = check(page, art)
            return None if pre is None else pre._replace(lines=[*pre.lines, 999], found=[])

        return wrong

    monkeypatch.setattr(buildsteps, "guardrail_precheck", stale_lines)
    checked: list[int] = []
    real_start = parallel.start_ordered

    def spy(fn, items, workers):
        if not _is_channel_work(fn):
            checked.append(len(items))
        return real_start(fn, items, workers)

    monkeypatch.setattr(parallel, "start_ordered", spy)
    root = corpus("stale")
    state = build_site(root, jobs=2)
    assert len(state.prechecked) == 12 and checked == [12], "every page should have been checked again"


def _is_channel_work(fn) -> bool:
    from aeoloop.amplify.channels import step

    if getattr(fn, "func", None) is parallel.map_after_first:  # the channel server's work
        fn = fn.args[0]
    return getattr(fn, "func", None) is step._extractive_rendered


def _count_channel_workers(monkeypatch) -> list[int]:
    """The workers each build's channel server was asked to fork for its channel jobs (appended
    per build that started one; a -j 1 build makes them in its own process)."""
    started: list[int] = []
    real = parallel.start_forked

    def spy(fn):
        pending = real(fn)
        if _is_channel_work(fn):
            assert pending._workers, "no channel server was started"
            started.append(fn.args[2])
        return pending

    monkeypatch.setattr(parallel, "start_forked", spy)
    return started


def test_channels_are_made_in_workers_while_mkdocs_renders(corpus, build_site, monkeypatch):
    """With -j 2 the channel jobs are still running when the render starts (the channels step
    leaves them to worker processes); their files and manifest records are staged before verify,
    the same bytes and diagnostics as -j 1, and with `publish: true` the site gets their copies."""
    from aeoloop import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    at_render: list[list[str]] = []
    real_render = build.RENDER.run

    def render(state):
        at_render.append([work.step for work in state.deferred])
        real_render(state)

    monkeypatch.setattr(build, "RENDER", build.Step("render", render, overlaps=True))
    monkeypatch.setattr(build, "STEPS", (*build.ENGINE_STEPS, build.RENDER, *build.AFTER_RENDER))
    states, roots = [], []
    for name, jobs in (("one", 1), ("two", 2)):
        root = corpus(name)
        channels_yml = root / "brand" / "channels.yml"
        text = channels_yml.read_text(encoding="utf-8") if channels_yml.exists() else ""
        channels_yml.write_text("publish: true\n" + text, encoding="utf-8")
        states.append(build_site(root, jobs=jobs))
        roots.append(root)
    # -j 1: channels made and staged in the step; -j 2: the generate server checked the guardrails
    assert at_render == [["guardrails"], ["channels"]]
    first, second = states
    assert not first.deferred and not second.deferred
    assert first.channel_results == second.channel_results
    assert any(a == "generated" for actions in second.channel_results.values() for a in actions.values())
    assert [str(d) for d in first.diagnostics] == [str(d) for d in second.diagnostics]
    published = sorted(p.relative_to(roots[1]).as_posix() for p in (roots[1] / "site").rglob("channels/*"))
    assert any(p.endswith("linkedin-carousel.pdf") for p in published), published
    for folder in ("generated", "site"):
        a, b = tree_bytes(roots[0] / folder), tree_bytes(roots[1] / folder)
        assert a.keys() == b.keys(), folder
        assert not [n for n in a if a[n] != b[n]], folder


def test_a_channel_that_fails_in_a_worker_fails_the_build_as_in_one_process(corpus, build_site, monkeypatch):
    """An unexpected error in a channel job made in a worker stops the build with the same error
    as in one process, before anything is published."""
    from aeoloop.amplify.channels.x_thread import XThreadChannel

    def broken(self, ctx):
        if ctx.page.src_uri.endswith("2.md") or ctx.page.src_uri.endswith("7.md"):
            raise RuntimeError(f"x-thread broke on {ctx.page.src_uri}")
        return real(self, ctx)

    real = XThreadChannel.extractive
    monkeypatch.setattr(XThreadChannel, "extractive", broken)
    errors = []
    for name, jobs in (("one", 1), ("two", 2)):
        root = corpus(name)
        with pytest.raises(RuntimeError) as err:
            build_site(root, jobs=jobs)
        errors.append(str(err.value))
        assert not (root / "generated").exists() and not (root / "site").exists()
        assert not list((root / ".aeoloop").glob("site-*")), "the render's temporary site should be gone"
    assert errors[0] == errors[1] and "x-thread broke on" in errors[0]


def test_verify_starts_on_pages_during_the_render(corpus, build_site, monkeypatch):
    """With -j 2 the pages MkDocs writes are read back in a worker while it renders the others
    (verify.prefetch); the report and the verify cache are those of a -j 1 build."""
    from aeoloop.verify import prefetch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(prefetch, "POOL_MIN_PAGES", 3)
    used: list[str] = []
    real = prefetch.Prefetch.result

    def spy(self, rel, digest):
        got = real(self, rel, digest)
        if got is not None:
            used.append(rel)
        return got

    monkeypatch.setattr(prefetch.Prefetch, "result", spy)
    one, two = corpus("one"), corpus("two")
    first = build_site(one, jobs=1)
    assert not used
    second = build_site(two, jobs=2)
    assert len(used) >= 10, used  # 12 pages (and the landing pages, if any), all but the first few before the pool
    assert first.report.to_json() == second.report.to_json()
    cache = ".aeoloop/verify-cache.json"
    assert (one / cache).read_text(encoding="utf-8") == (two / cache).read_text(encoding="utf-8")
    assert second.pages_written is None  # the pool was closed


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_page_broken_in_the_render_fails_a_ci_build(corpus, build_site, monkeypatch, jobs):
    """A fresh clone (generated/ committed, no .aeoloop/) whose render writes two broken pages: one
    without aeoloop's JSON-LD, one whose JSON-LD a strict parser rejects. Verify reads them back (with
    -j 2 in the worker that reads pages in batches during the render) and the build fails; site/
    and generated/ are left as they were."""
    from aeoloop.errors import FindingsError
    from aeoloop.mkdocs_plugin import AeoloopPlugin
    from aeoloop.verify import prefetch

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(prefetch, "POOL_MIN_PAGES", 1)  # (the other pages are taken from their manifests' read-backs)
    monkeypatch.setattr(prefetch, "BATCH_PAGES", 2)
    root = corpus("ci")
    build_site(root, jobs=1)
    shutil.rmtree(root / ".aeoloop")
    site = {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    generated = {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()}
    pages = sorted(p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("index.html"))
    dropped, mangled = pages[3], pages[-2]
    real = AeoloopPlugin.on_post_page

    def breaking(self, output, page, config):
        html = real(self, output, page=page, config=config)
        if page.file.dest_uri == dropped:
            html = re.sub(r'<script type="application/ld\+json" id="aeoloop-jsonld">.*?</script>', "", html, flags=re.S)
        elif page.file.dest_uri == mangled:
            html = html.replace('id="aeoloop-jsonld">{', 'id="aeoloop-jsonld">{"x": 1,,', 1)
        return html

    monkeypatch.setattr(AeoloopPlugin, "on_post_page", breaking)
    read_back: list[str] = []
    real_result = prefetch.Prefetch.result

    def spy(self, rel, digest):
        got = real_result(self, rel, digest)
        if got is not None:
            read_back.append(rel)
        return got

    monkeypatch.setattr(prefetch.Prefetch, "result", spy)
    with pytest.raises(FindingsError) as info:
        build_site(root, jobs=jobs)
    found = {(d.file, d.message.split("]")[0] + "]") for d in info.value.diagnostics}
    assert (dropped, "[jsonld-missing]") in found and (mangled, "[jsonld-strict]") in found, found
    if jobs == 2:
        assert set(read_back) == {dropped, mangled}, read_back  # the two pages, and only they
    assert {p: p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()} == site
    assert {p: p.read_bytes() for p in (root / "generated").rglob("*") if p.is_file()} == generated


def test_jobs_option_and_flag(corpus, monkeypatch):
    from aeoloop.cli import main

    root = corpus("cli")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("  - aeoloop", "  - aeoloop:\n      jobs: 1")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    seen: list[int] = []

    def spying(real):
        def spy(*args, jobs, **kwargs):  # the generate step's processes (its server forks that many workers)
            seen.append(jobs)
            return real(*args, jobs=jobs, **kwargs)

        return spy

    for name in ("resolve_pages", "start_resolve"):  # one job: resolve_pages; more: start_resolve (server first)
        monkeypatch.setattr(pagegen, name, spying(getattr(pagegen, name)))
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == 0, result.output
    assert seen and set(seen) == {1}  # plugins.aeoloop.jobs
    seen.clear()
    result = CliRunner().invoke(main, ["generate", "--force", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert seen and set(seen) == {2}  # the flag wins
    result = CliRunner().invoke(main, ["build", "-j", "-1"])
    assert result.exit_code == 2 and "-1" in result.output


def _kill_the_build_while_its_server_works(folder: Path) -> None:
    """A stand-in for a build process: starts a server whose pool works, then is SIGKILLed."""
    parallel.start_forked(partial(_slow_pool, folder))
    deadline = time.monotonic() + 60
    while len(list(folder.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    os.kill(os.getpid(), 9)


def test_a_killed_build_leaves_no_server_or_worker_behind(tmp_path):
    """The fault tests SIGKILL builds at every checkpoint: a server (and its pool) forked by the
    killed process must die with it, not wait forever to send what it made."""
    import multiprocessing

    build = multiprocessing.get_context("fork").Process(target=_kill_the_build_while_its_server_works, args=(tmp_path,))
    build.start()
    build.join(90)
    workers = [int(p.name) for p in tmp_path.iterdir()]
    assert build.exitcode == -9 and len(workers) == 2
    deadline = time.monotonic() + 20
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in workers if _running(pid)]
        time.sleep(0.1)
    assert not alive, "the server's workers outlived the killed build"
