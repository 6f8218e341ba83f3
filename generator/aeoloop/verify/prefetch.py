""":class:`Prefetch`: pages analysed while MkDocs is still rendering the others.

Why: ``aeoloop build`` renders on one core (MkDocs is single-threaded) and verifies after it. In
a build where many pages are new to the verify cache (CI: a fresh clone has no cache, so every
page), reading each page back as a crawler would is as much work as rendering it. The plugin tells
this object each time MkDocs has written a page; once enough pages miss the cache to pay for a
process pool, they are analysed in worker processes on the other cores while the render goes on,
and :func:`~aeoloop.verify.driver.verify_site` takes the results of the pages whose bytes did not
change since (each worker says which bytes it read). A warm build, whose pages all hit the cache,
starts no pool and only hashes each page once (verify_site reuses the digest); it holds no more
than each page's cached digest during the render and imports none of the checks (the pool's
workers import them: MkDocs' peak memory comes on top of whatever this process holds then).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from concurrent.futures import Future
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ..quality import CONTRACT_VERSION, Limits
from ..siteurl import dest_url
from .cache import _load_cache
from .facts import _PageResult
from .readback import parse_result, read_key

#: File names that are not aeoloop pages (Material's 404 page has no JSON-LD by design).
SKIP_FILE_NAMES: frozenset[str] = frozenset({"404.html"})

#: Cache misses before a pool is started (as driver.POOL_MIN_PAGES: below, one process is cheaper).
#: A module global read at call time: tests patch it.
POOL_MIN_PAGES = 64

#: Pages a worker reads back per task. One task a page cost MkDocs' process (which submits them and
#: takes the results while it renders) a future, a pickled task and a result message per page; a
#: batch of pages shares them, and the last, short batch is sent when verify asks for the results.
#: A module global read at call time: tests patch it.
BATCH_PAGES = 16


def page_digest(data: bytes, limits: Limits) -> str:
    """The verify cache's key of a page: its bytes, the contract's limits and version (other
    limits or another contract, other verdicts)."""
    return hashlib.sha256(data + f"{limits!r}{CONTRACT_VERSION}".encode()).hexdigest()


def _stat_key(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _analyze_read(task: tuple[str, Path, str, str, Limits]) -> tuple[str, str, _PageResult]:
    """The page's analysis and the digest of the bytes it analysed."""
    from .page import _analyze_page  # lazy: the checks (lxml, extruct), in the pool's workers only

    rel, path, page_url, site_url, limits = task
    data = path.read_bytes()
    return page_digest(data, limits), rel, _analyze_page(rel, data, page_url, site_url, limits)


def _analyze_batch(tasks: list[tuple[str, Path, str, str, Limits]]) -> list[tuple[str, str, _PageResult]]:
    """Pool entry point: :func:`_analyze_read` of each page of a batch (see :data:`BATCH_PAGES`)."""
    return [_analyze_read(task) for task in tasks]


def _init_worker(verdicts: Mapping[str, list[str]]) -> None:
    """Pool initializer: the recorded contract verdicts, for this worker. Imported here, in the
    worker (its fork server preloaded the checks), not in the build's process: the contract module
    brings lxml (~4 MB), which MkDocs' process would otherwise hold through the render."""
    from .contract import use_verdicts  # lazy: see above

    use_verdicts(verdicts)


class Prefetch:
    """Analyses started during the render, for the verify step to collect (see the module docstring)."""

    def __init__(
        self,
        site_dir: Path,
        *,
        site_url: str,
        use_directory_urls: bool,
        jobs: int,
        cache_path: Path | None,
        limits: Limits,
        exclude: tuple[str, ...] = (),
        verdicts: Mapping[str, list[str]] | None = None,
        recorded: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        self.site_dir = Path(site_dir)
        # the read-backs the manifests record ({rel: (key, result)}, :mod:`.readback`): a page whose
        # key matches is taken, not sent to a worker (CI: no verify cache, the manifests committed)
        self.recorded = dict(recorded or {})
        self.taken: dict[str, tuple[str, str]] = {}  # rel -> (digest, read key) of the pages taken
        self.verdicts = dict(verdicts or {})  # recorded contract verdicts, for the workers (verify.contract)
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.use_directory_urls = use_directory_urls  # which URL each page file is served at (as verify_site)
        self.jobs, self.limits, self.exclude = jobs, limits, exclude
        self.cache_path = cache_path
        # the cached digest of each page (verify_site reads the whole entries after the render)
        self.known: dict[str, str] = {
            rel: entry["sha256"]
            for rel, entry in _load_cache(cache_path, self.site_url, use_directory_urls).items()
            if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
        }
        self.digests: dict[str, tuple[tuple[int, int, int], str]] = {}  # rel -> (stat key, digest)
        self.futures: dict[str, Future[list[tuple[str, str, _PageResult]]]] = {}  # rel -> its batch's
        self._waiting: list[str] = []  # cache misses not sent yet (before the pool pays off; a short batch)
        self._pool: Any = None
        self._failed = False

    def written(self, rel: str) -> None:
        """MkDocs has written ``site_dir/rel``: hash it, and analyse it now if the cache does not have it."""
        if not rel.endswith(".html") or rel.rsplit("/", 1)[-1] in SKIP_FILE_NAMES:
            return
        if any(fnmatchcase(rel, pat) for pat in self.exclude):
            return
        path = self.site_dir / rel
        key = _stat_key(path)
        if key is None:
            return
        try:
            data = path.read_bytes()
            digest = page_digest(data, self.limits)
        except OSError:
            return
        self.digests[rel] = (key, digest)
        if self.known.get(rel) == digest:
            return
        if rel in self.recorded and self._take(rel, data, digest):
            return
        self._waiting.append(rel)
        if len(self._waiting) >= (BATCH_PAGES if self._pool is not None else POOL_MIN_PAGES):
            self._submit(whole_batches=True)

    def _take(self, rel: str, data: bytes, digest: str) -> bool:
        """The page's recorded read-back, if its key is this page's (see :mod:`.readback`)."""
        key, text = self.recorded[rel]
        read = read_key(data, self._url(rel), self.site_url, self.limits)
        if read != key or parse_result(text) is None:
            return False
        self.taken[rel] = (digest, read)  # (its result is read again when verify asks: not held twice)
        return True

    def _url(self, rel: str) -> str:
        return dest_url(self.site_url, rel, use_directory_urls=self.use_directory_urls)

    def taken_key(self, rel: str, digest: str) -> str | None:
        """The read key of a page taken from its manifest, if the file is still these bytes."""
        found = self.taken.get(rel)
        return found[1] if found is not None and found[0] == digest else None

    def digest(self, rel: str, path: Path) -> str | None:
        """The digest computed when the page was written, if the file is still the same."""
        known = self.digests.get(rel)
        return known[1] if known is not None and known[0] == _stat_key(path) else None

    def result(self, rel: str, digest: str) -> _PageResult | None:
        """The page's analysis if one was started and it read these bytes; else None. (The first
        call sends the pages still waiting for a batch: the render is over.)"""
        if self._waiting and self._pool is not None:
            self._submit(whole_batches=False)
        future = self.futures.get(rel)
        if future is None:
            return None
        try:
            done = future.result()
        except Exception:  # a broken pool: verify analyses the page itself
            return None
        for read, page, result in done:
            if page == rel:
                return result if read == digest else None
        return None

    def close(self) -> None:
        """Stop the pool (whatever was not collected is dropped)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, *, whole_batches: bool) -> None:
        """Send the waiting pages to the pool, :data:`BATCH_PAGES` a task (``whole_batches``: a
        short last batch waits for more pages). A pool that cannot take them (a worker died) is
        given up: verify analyses those pages itself."""
        pool = self._start()
        if pool is None:
            self._waiting.clear()
            return
        from concurrent.futures.process import BrokenProcessPool  # lazy: loaded with the pool (see _start)

        size = max(1, BATCH_PAGES)
        while self._waiting and (len(self._waiting) >= size or not whole_batches):
            batch, self._waiting = self._waiting[:size], self._waiting[size:]
            tasks = [(rel, self.site_dir / rel, self._url(rel), self.site_url, self.limits) for rel in batch]
            try:
                future = pool.submit(_analyze_batch, tasks)
            except (BrokenProcessPool, RuntimeError, OSError):
                self._failed, self._waiting = True, []
                self.close()
                return
            for rel in batch:
                self.futures[rel] = future

    def _start(self) -> Any:
        if self._pool is not None or self._failed:
            return self._pool
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor  # lazy: only when many pages miss the cache

        try:  # fresh workers from a fork server that loaded only the verify modules (see driver._run_analyses)
            context: Any = multiprocessing.get_context("forkserver")
            # not extruct: only a page with invalid JSON-LD needs it (see jsonld_parse._crawler_items_of)
            context.set_forkserver_preload(["aeoloop.verify.page", "aeoloop.verify.jsonld_parse"])
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, self.jobs - 1),
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.verdicts,),
            )
        except (ValueError, OSError, NotImplementedError):  # no fork server or no processes: verify does it all
            self._failed = True
        return self._pool
