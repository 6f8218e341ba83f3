""":func:`verify_site`: walk ``site/``, reuse cached pages, analyse the rest, add site-wide checks.

Why: this is the only place that sees the whole site, so it orders the passes (per-page
analysis, optionally in a process pool; scores relative to the newest page; site files) and
produces the sorted, deterministic :class:`VerifyReport`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ..quality import Limits
from ..siteurl import dest_url
from .cache import _load_cache, _save_cache
from .facts import _PageFacts, _PageResult
from .prefetch import SKIP_FILE_NAMES, Prefetch, page_digest
from .readback import parse_result, read_key, result_text
from .report import Finding, Level, VerifyReport
from .score import _score
from .site_files import _check_canonical, _check_llms, _check_mirror, _check_robots, _check_sitemap
from . import standards


#: Below this many cache misses a process pool costs more (fork, pickling ~45 KB per
#: page, result transfer) than it saves; measured break-even with fork was ~30-50 pages.
POOL_MIN_PAGES = 64


def _walk_site(site_dir: Path) -> tuple[list[str], set[str]]:
    """(HTML pages to verify, every file) as sorted POSIX paths relative to site_dir."""
    files: set[str] = set()
    for root, dirs, names in os.walk(site_dir):
        dirs.sort()
        rel_root = os.path.relpath(root, site_dir)
        prefix = "" if rel_root == "." else rel_root.replace(os.sep, "/") + "/"
        for name in names:
            files.add(prefix + name)
    pages = sorted(f for f in files if f.endswith(".html") and f.rsplit("/", 1)[-1] not in SKIP_FILE_NAMES)
    return pages, files


def _run_analyses(
    tasks: list[tuple[str, Path, str, str, Limits]], jobs: int, verdicts: Mapping[str, list[str]]
) -> Iterator[tuple[str, _PageResult]]:
    if not tasks:  # every page from the cache or the prefetch: this process never loads the parser (lxml, ~4 MB)
        return
    from .contract import use_verdicts  # lazy: as above
    from .page import _analyze_task

    if jobs > 1 and len(tasks) >= POOL_MIN_PAGES:  # a module global read at call time: tests patch it
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor  # lazy: ~25 ms import, rarely needed
        from concurrent.futures.process import BrokenProcessPool

        # Fresh worker processes (a fork server that imported only the verify modules), not forks of
        # this one: a build verifies after MkDocs rendered, so a forked worker would start with the
        # whole build's memory (engine, MkDocs, every page) and the crawler parsers added on top.
        context: Any
        try:
            context = multiprocessing.get_context("forkserver")
            # not extruct: only a page with invalid JSON-LD needs it (see jsonld_parse._crawler_items_of)
            context.set_forkserver_preload(["aeoloop.verify.page", "aeoloop.verify.jsonld_parse"])
        except ValueError:  # no fork server on this platform: fork
            context = multiprocessing.get_context()
        try:
            with ProcessPoolExecutor(
                max_workers=min(jobs, len(tasks)), mp_context=context, initializer=use_verdicts, initargs=(verdicts,)
            ) as pool:
                # Few big chunks: per-task IPC dominated with chunksize 1 (measured 1.3x vs 1.7x).
                chunk = max(1, -(-len(tasks) // (jobs * 4)))
                done = list(pool.map(_analyze_task, tasks, chunksize=chunk))
            yield from done
            return
        except (OSError, PermissionError, NotImplementedError, BrokenProcessPool):
            pass  # no semaphores / fork in this sandbox, or a worker could not start: fall back to serial
    use_verdicts(verdicts)
    for task in tasks:
        yield _analyze_task(task)


def verify_site(
    site_dir: Path,
    *,
    site_url: str,
    use_directory_urls: bool,
    jobs: int = 1,
    cache_path: Path | None = None,
    exclude: Sequence[str] = (),
    limits: Limits | None = None,
    prefetch: Prefetch | None = None,
    verdicts: Mapping[str, list[str]] | None = None,
    recorded: Mapping[str, tuple[str, str]] | None = None,
) -> VerifyReport:
    """Verify a built site as an answer-engine crawler would read it.

    ``site_url`` is the public base URL (``https://example.com/docs/``); page URLs,
    ``@id`` references and llms.txt links are resolved against it.  ``use_directory_urls`` is
    MkDocs' setting the site was built with: it says which URL each HTML file is served at
    (``guides/index.html`` is ``{site}guides/`` with it, ``{site}guides/index.html`` without), the URL
    the page's canonical link and JSON-LD ``@id`` must name.  ``jobs > 1``
    analyses uncached pages in that many processes (``jobs <= 0`` means one per
    CPU).  ``cache_path`` is a JSON file reused across builds: pages whose bytes
    are unchanged are not parsed again.  ``exclude`` lists extra pages not built
    by aeoloop, as glob patterns relative to ``site_dir`` (``"legacy/*.html"``);
    ``404.html`` is always skipped.  ``limits`` are the word limits of the quality contract,
    from the project's options (:meth:`Limits.from_settings`); the defaults otherwise.
    ``prefetch`` holds the analyses a build started while MkDocs was rendering (made with the same
    site URL, cache and limits): pages whose bytes are the ones analysed are not parsed again.
    ``verdicts`` are quality-contract verdicts recorded by earlier builds, by key (see
    :mod:`aeoloop.verify.contract`); the report's ``verdicts`` has every page's, to record.
    ``recorded`` are the read-backs the pages' manifests record (``{page: (key, result)}``, see
    :mod:`aeoloop.verify.readback`): a page whose key matches is not read back; given, the report's
    ``readbacks`` has every page's key and result, to record.
    """
    limits = limits or Limits()
    site_dir = Path(site_dir)
    if not site_url.endswith("/"):
        site_url += "/"
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    pages, files = _walk_site(site_dir)
    if exclude:
        pages = [p for p in pages if not any(fnmatchcase(p, pat) for pat in exclude)]

    # (a prefetch keeps only the digests during the render)
    cache = _load_cache(cache_path, site_url, use_directory_urls)

    def url_of(rel: str) -> str:
        return dest_url(site_url, rel, use_directory_urls=use_directory_urls)

    new_cache: dict[str, Any] = {}
    results: dict[str, tuple[list[tuple[Level, str, str]], _PageFacts]] = {}
    tasks: list[tuple[str, Path, str, str, Limits]] = []
    digests: dict[str, str] = {}
    cached = analysed = 0
    keys: dict[str, str] = {}  # each page's read key, when known without reading the page again
    for rel in pages:
        digest = prefetch.digest(rel, site_dir / rel) if prefetch is not None else None
        if digest is None:
            digest = page_digest((site_dir / rel).read_bytes(), limits)
        digests[rel] = digest
        entry = cache.get(rel)
        if isinstance(entry, dict) and entry.get("sha256") == digest:
            try:
                found: list[tuple[Level, str, str]] = [(lvl, chk, msg) for lvl, chk, msg in entry["findings"]]
                facts = _PageFacts.from_dict(entry["facts"])
            except (KeyError, TypeError, ValueError):
                pass
            else:
                results[rel] = (found, facts)
                new_cache[rel] = entry
                if isinstance(read := entry.get("readkey"), str):
                    keys[rel] = read
                cached += 1
                continue
        taken = _recorded_result(rel, digest, site_dir, url_of(rel), site_url, limits, prefetch, recorded)
        if taken is not None:
            keys[rel], done_taken = taken
            results[rel] = (done_taken.findings, done_taken.facts)
            new_cache[rel] = _cache_entry(digest, done_taken, keys[rel])
            analysed += 1
            continue
        done = prefetch.result(rel, digest) if prefetch is not None else None
        if done is not None:
            results[rel] = (done.findings, done.facts)
            new_cache[rel] = _cache_entry(digest, done, None)
            analysed += 1
            continue
        tasks.append((rel, site_dir / rel, url_of(rel), site_url, limits))

    for rel, result in _run_analyses(tasks, jobs, verdicts or {}):
        results[rel] = (result.findings, result.facts)
        new_cache[rel] = _cache_entry(digests[rel], result, None)

    readbacks: dict[str, tuple[str, str]] = {}
    new_keys = False
    if recorded is not None:  # a build: each page's read-back for its manifest (the key from the cache if it has it)
        for rel in pages:
            read = keys.get(rel)
            if read is None:
                new_keys = True
                read = new_cache[rel]["readkey"] = read_key(
                    (site_dir / rel).read_bytes(), url_of(rel), site_url, limits
                )
            held = recorded.get(rel)  # (as recorded when the key is the same: no need to write it out again)
            readbacks[rel] = (
                read,
                held[1] if held is not None and held[0] == read else result_text(_PageResult(*results[rel])),
            )

    findings: list[Finding] = []
    llms_files = standards.llms_files_of(files)
    for rel in pages:
        for level, check, message in results[rel][0]:
            findings.append(Finding(level, rel, check, message))
        _check_canonical(rel, results[rel][1], site_url, files, findings)
        _check_mirror(rel, results[rel][1], files, findings)
        standards.check_page_links(rel, results[rel][1], site_url, files, llms_files, findings)

    dates = [d for r in pages if (d := results[r][1].date_modified)]
    newest = date.fromisoformat(max(dates)) if dates else None
    page_errors = {f.page for f in findings if f.level == "error"}
    scores = [  # a duplicate view (rel=canonical elsewhere) is scored as the page it names
        _score(rel, url_of(rel), results[rel][1], rel in page_errors, newest, limits)
        for rel in pages
        if results[rel][1].canonical_of is None
    ]

    _check_llms(site_dir, site_url, files, findings)
    _check_robots(site_dir, files, findings)
    _check_sitemap(site_dir, files, findings)
    standards.check_scoped_llms(site_dir, site_url, files, findings)
    standards.check_headers(site_dir, site_url, files, findings)
    standards.check_usage_signals(site_dir, files, findings)

    if cache_path is not None and (tasks or analysed or new_keys or set(cache) != set(new_cache)):
        try:
            _save_cache(Path(cache_path), site_url, use_directory_urls, new_cache)
        except OSError:
            pass  # a read-only cache dir must not fail verification

    findings.sort(key=Finding.sort_key)
    verdicts_found = {
        rel: (f.contract_key, f.contract) for rel in pages if (f := results[rel][1]).contract_key is not None
    }
    return VerifyReport(
        findings=findings,
        scores=scores,
        pages_checked=len(pages),
        pages_cached=cached,
        verdicts=verdicts_found,
        readbacks=readbacks,
    )


def _cache_entry(digest: str, result: _PageResult, read: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "sha256": digest,
        "findings": [list(f) for f in result.findings],
        "facts": result.facts.to_dict(),
    }
    if read is not None:
        entry["readkey"] = read
    return entry


def _recorded_result(
    rel: str,
    digest: str,
    site_dir: Path,
    page_url: str,
    site_url: str,
    limits: Limits,
    prefetch: Prefetch | None,
    recorded: Mapping[str, tuple[str, str]] | None,
) -> tuple[str, _PageResult] | None:
    """(read key, result) of a page whose manifest records its read-back under this page's key
    (:mod:`.readback`): taken by the prefetch while the render went on, or checked here."""
    if recorded is None or rel not in recorded:
        return None
    key, text = recorded[rel]
    read = prefetch.taken_key(rel, digest) if prefetch is not None else None
    if read is None:
        read = read_key((site_dir / rel).read_bytes(), page_url, site_url, limits)
    result = parse_result(text) if read == key else None
    return (read, result) if result is not None else None
