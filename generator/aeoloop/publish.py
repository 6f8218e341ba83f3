"""Publish ``site/`` and ``generated/`` together or not at all, and recover after a crash.

``generated/`` is tracked in git and can be large, so it is never copied or swapped as a whole.
A publish is a small transaction in ``<cache_dir>/publish-<id>/``:

1. every changed file is written complete (and made durable) to that staging folder, each existing
   target is hard-linked there as its backup (no data copied);
2. a journal (``<cache_dir>/publish-journal.json``, written atomically and fsynced) lists the
   planned per-file replaces (``manifest.json`` files last) and the site swap;
3. the replaces run, each one an atomic ``os.replace``, then the site swap (two renames);
4. the journal is removed and the staging folder and old site deleted.

Before a build touches anything it takes the build lock and calls :func:`recover`: a journal
left by a killed build is completed (roll forward: its build had passed verify), or rolled back
from the backups when completing it fails; staging folders without a journal and stale render
folders (``site-*``) are deleted. So after recovery the outputs equal the previous or the next
build, never a mix, and a manifest never records the hash of a file that was not complete.

A failure while applying (read-only folder, full disk) rolls back what was applied and raises
:class:`PublishError`: the outputs are left as they were.
"""

# Over 400 lines on purpose: one journaled transaction (stage, apply, undo, recover) whose steps have to be read together to be trusted.
from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterator, Literal

from .errors import AeoloopError, Diagnostic, rel

JOURNAL = "publish-journal.json"
LOCK = "build.lock"
STAGING_PREFIX = "publish-"
RENDER_PREFIX = "site-"  # render folders (``site-<random>``) and old sites (``site-old-<ms>``)
JOURNAL_VERSION = 1
MANIFEST = "manifest.json"


def checkpoint(name: str) -> None:
    """A named point in the build; does nothing.

    A seam for ``tests/test_faults.py``: a test subprocess replaces it to SIGKILL the build at
    this point and then checks what recovery makes of the outputs.
    """


class _Delete(bytes):
    """The type of :data:`DELETE`."""


DELETE = _Delete()
"""A pending write whose value is ``DELETE`` (compared by identity) deletes the file instead: a
build step that no longer makes a file (an audience a page dropped) removes it in the same
transaction as everything else, and a rollback brings it back."""


@dataclass(frozen=True, slots=True)
class StagedFile:
    """A pending write already on disk: a complete file in a scratch folder of ``cache_dir``
    (:func:`scratch_folder`), with the SHA-256 of its bytes.

    Why: a cold build's channel files (a PDF and seven texts a page: ~90 MB at 1,000 pages) are
    made by worker processes during the render; held as bytes they sat in the channel server and
    then in the build process until publish. Written where they are made, only this reference
    travels and is held, and :func:`publish` hard-links the file into its transaction (same
    file system: both live in ``cache_dir``) instead of writing it. The transaction is unchanged:
    a failed build publishes nothing and the scratch folder is deleted (a killed one's by
    :func:`recover`, as a ``publish-`` folder)."""

    path: str  # (a str: thousands of them are pickled and held; a Path is several times its size)
    sha256: str

    def read(self) -> bytes:
        with open(self.path, "rb") as f:
            return f.read()


SCRATCH_PREFIX = STAGING_PREFIX + "files-"


def scratch_folder(cache_dir: Path) -> Path:
    """A new folder for :class:`StagedFile` writes, in ``cache_dir`` (removed by :func:`remove_scratch`)."""
    import tempfile

    cache_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=cache_dir))


def remove_scratch(cache_dir: Path) -> None:
    """Delete every scratch folder in ``cache_dir`` (the build lock is held: they are this build's)."""
    if cache_dir.is_dir():
        for entry in cache_dir.iterdir():
            if entry.name.startswith(SCRATCH_PREFIX) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)


class PublishError(AeoloopError):
    """The outputs could not be written (read-only folder, full disk); they were left as they were."""


class BuildLockedError(AeoloopError):
    """Another build of the same project holds the lock."""


def umask() -> int:
    """The process umask (read without changing it for longer than two system calls)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fix_dir_mode(path: Path) -> None:
    """``tempfile.mkdtemp`` creates 0700 folders; a published site must get the normal mode."""
    os.chmod(path, 0o777 & ~umask())


# ---------------------------------------------------------------------------------------------
# the build lock


_held: dict[str, list[int]] = {}  # lock path -> [fd, depth]: reentrant within one process


@contextmanager
def build_lock(cache_dir: Path, root: Path) -> Iterator[None]:
    """Hold ``<cache_dir>/build.lock`` (flock) for the block; fail at once if another build holds it.

    Reentrant in one process: ``aeoloop build`` holds it while the MkDocs plugin runs inside it.
    The holder writes its pid into the file so the refusal can name it.
    """
    import fcntl

    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / LOCK
    key = str(path.resolve())
    if key in _held:
        _held[key][1] += 1
        try:
            yield
        finally:
            _held[key][1] -= 1
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as err:
        if err.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            os.close(fd)
            raise
        try:
            pid = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
        finally:
            os.close(fd)
        raise BuildLockedError(
            f"another aeoloop build (pid {pid}) is running in this project and holds {rel(path, root)}; "
            "wait for it to finish (or stop it) and build again"
        ) from None
    _held[key] = [fd, 1]
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        del _held[key]
        os.close(fd)  # closing the descriptor releases the flock


# ---------------------------------------------------------------------------------------------
# durable writes


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


FSYNC_EACH_UP_TO = (
    32  # more files than this: one syncfs() instead (5 ms per fsync here: 13,000 files would take a minute)
)


def _syncfs(path: Path) -> None:
    """Flush the file system holding ``path`` (Linux ``syncfs``; ``os.sync`` elsewhere)."""
    global _syncfs_fn
    if _syncfs_fn is None:
        import ctypes

        try:
            _syncfs_fn = ctypes.CDLL(None, use_errno=True).syncfs
        except (OSError, AttributeError):
            _syncfs_fn = False
    if _syncfs_fn is False:
        os.sync()
        return
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _syncfs_fn(fd)
    finally:
        os.close(fd)


_syncfs_fn: Callable[[int], object] | Literal[False] | None = None  # found on first use


def _durable(paths: list[Path], folder: Path) -> None:
    """Make ``paths`` (files just written) and their folder entries durable before the journal
    refers to them: an fsync each for a few, one ``syncfs`` for many."""
    if len(paths) > FSYNC_EACH_UP_TO:
        _syncfs(folder)
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    _fsync_dir(folder)


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; the mode is the normal one (0666 minus the umask).
    Not fsynced here: :func:`_durable` does that for a whole batch."""
    with open(path, "xb") as fh:
        fh.write(data)


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    write_new(tmp, (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    _durable([tmp], path.parent)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


# ---------------------------------------------------------------------------------------------
# the journal


@dataclass
class Replace:
    """One planned file replace: ``staged`` becomes ``target``; ``backup`` holds the old file."""

    target: str  # relative to the project root
    staged: str  # name in the staging folder (for a delete: an empty marker, removed once applied)
    backup: str | None  # name in the staging folder; None when the target did not exist
    delete: bool = False  # the target is deleted, not replaced


@dataclass
class SiteSwap:
    new: str  # rendered site (in cache_dir), relative to the project root
    target: str  # site_dir, relative to the project root (may start with ../)
    old: str  # where the previous site goes (in cache_dir), relative to the project root


@dataclass
class Journal:
    root: Path
    staging: str  # relative to the project root
    files: list[Replace]
    site: SiteSwap | None
    pid: int
    created: str

    def to_json(self) -> dict:
        return {
            "version": JOURNAL_VERSION,
            "pid": self.pid,
            "created": self.created,
            "staging": self.staging,
            "files": [r.__dict__ for r in self.files],
            "site": self.site.__dict__ if self.site else None,
        }

    @classmethod
    def from_json(cls, root: Path, data: dict) -> Journal:
        if data.get("version") != JOURNAL_VERSION:
            raise ValueError(f"unknown journal version {data.get('version')!r}")
        files = [
            Replace(str(f["target"]), str(f["staged"]), f.get("backup"), bool(f.get("delete", False)))
            for f in data["files"]
        ]
        site = data.get("site")
        swap = SiteSwap(str(site["new"]), str(site["target"]), str(site["old"])) if site else None
        return cls(root, str(data["staging"]), files, swap, int(data.get("pid", 0)), str(data.get("created", "")))

    def path(self, relpath: str) -> Path:
        return Path(os.path.normpath(self.root / relpath))

    def staged(self, name: str) -> Path:
        return self.staging_dir / name

    @cached_property
    def staging_dir(self) -> Path:
        """The staging folder's path, made once (a publish asks for it twice a file: 13,000 files cold)."""
        return self.path(self.staging)


def _relpath(path: Path, root: Path) -> str:
    return os.path.relpath(path, root)


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


LEFT_AS_THEY_WERE = "nothing was published: site/ and generated/ were left as they were"


def _refuse(path: Path, root: Path, message: str) -> PublishError:
    return PublishError(LEFT_AS_THEY_WERE, [Diagnostic(rel(path, root), None, message)])


def _preflight(root: Path, targets: list[Path], site_target: Path | None, allowed: list[Path]) -> None:
    """Refuse before anything is touched: targets outside ``allowed`` (through a symlinked folder)
    or in a folder this process cannot write (read-only ``generated/``)."""
    real_allowed = [a.resolve() for a in allowed]
    checked: set[Path] = set()
    for target in targets:
        parent = target.parent
        if parent in checked:
            continue
        checked.add(parent)
        real = parent.resolve()
        if not any(_inside(real, a) for a in real_allowed):
            raise _refuse(
                parent,
                root,
                f"resolves to {real}, outside the project (a symlink?); replace the link with a real folder",
            )
        existing = _nearest_existing(parent)
        if not existing.is_dir():
            raise _refuse(existing, root, "is a file where a folder is needed; move it away and build again")
        if not os.access(existing, os.W_OK | os.X_OK):
            raise _refuse(
                existing,
                root,
                "folder is read-only, generated files cannot be written in it; make it writable and build again",
            )
        if target.is_dir() and not target.is_symlink():
            raise _refuse(target, root, "is a folder where a generated file is written; move it away and build again")
    if site_target is not None:
        existing = _nearest_existing(site_target.parent)
        if not os.access(existing, os.W_OK | os.X_OK):
            raise _refuse(
                existing,
                root,
                f"folder is read-only, {rel(site_target, root)} cannot be replaced; make it writable and build again",
            )


def _order(path: Path) -> tuple[bool, str]:
    return (path.name == MANIFEST, str(path))  # manifests last: they record hashes of complete files


def publish(
    root: Path,
    cache_dir: Path,
    files: dict[Path, str | bytes | StagedFile],
    *,
    site: tuple[Path, Path] | None = None,
    allowed: list[Path] | None = None,
) -> list[Path]:
    """Write ``files`` (absolute target → content) and swap ``site`` = (rendered folder, site_dir), atomically.

    A :class:`StagedFile` content is hard-linked into the transaction, not written again.
    ``allowed``: folders the targets must resolve into (default: the project root).
    Returns the files written. Raises :class:`PublishError` with the outputs unchanged.
    """
    targets = sorted(files, key=_order)
    if not targets and site is None:
        return []
    _preflight(root, targets, site[1] if site else None, allowed or [root])
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = cache_dir / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    replaces: list[Replace] = []
    try:
        staging.mkdir()
        for i, target in enumerate(targets):
            data = files[target]
            if data is DELETE:
                if os.path.lexists(target):
                    write_new(staging / f"{i}.del", b"")
                    os.link(target, staging / f"{i}.old", follow_symlinks=False)
                    replaces.append(Replace(_relpath(target, root), f"{i}.del", f"{i}.old", delete=True))
                continue
            if isinstance(data, StagedFile):
                os.link(data.path, staging / f"{i}.new")  # written complete already; made durable below
            else:
                write_new(staging / f"{i}.new", data.encode("utf-8") if isinstance(data, str) else data)
            backup = None
            if os.path.lexists(target):
                os.link(target, staging / f"{i}.old", follow_symlinks=False)
                backup = f"{i}.old"
            replaces.append(Replace(_relpath(target, root), f"{i}.new", backup))
        _durable([staging / r.staged for r in replaces], staging)
        checkpoint("publish:staged")
        swap = None
        if site is not None:
            new, target = site
            swap = SiteSwap(
                _relpath(new, root),
                _relpath(target, root),
                _relpath(cache_dir / f"{RENDER_PREFIX}old-{int(time.time() * 1000)}", root),
            )
        journal = Journal(
            root,
            _relpath(staging, root),
            replaces,
            swap,
            os.getpid(),
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )
        _write_json_atomic(cache_dir / JOURNAL, journal.to_json())
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(
            f"could not stage the outputs in {rel(staging, root)}: {_why(err)}; {LEFT_AS_THEY_WERE}"
        ) from None
    checkpoint("publish:journal")
    try:
        failed = _apply_or_undo(journal)
    except _Stuck as stuck:
        raise PublishError(
            f"publishing failed ({_why(stuck.applying)}) and so did undoing it ({_why(stuck.undoing)}); "
            f"the journal {rel(cache_dir / JOURNAL, root)} is kept: fix the cause and run `aeoloop build` "
            "to finish it"
        ) from None
    if failed is not None:
        _finish(journal, cache_dir)
        raise PublishError(
            f"could not publish: {_why(failed)}; everything applied was undone, {LEFT_AS_THEY_WERE}"
        ) from None
    checkpoint("publish:applied")
    _finish(journal, cache_dir)
    checkpoint("publish:done")
    return targets


def _why(err: OSError) -> str:
    where = f"{err.filename}: " if err.filename else ""
    hint = " (site_dir, generated_dir and cache_dir must be on one file system)" if err.errno == errno.EXDEV else ""
    return f"{where}{err.strerror or err}{hint}"


class _Stuck(Exception):
    """Applying a journal failed and undoing it failed too: the journal must be kept."""

    def __init__(self, applying: OSError, undoing: OSError) -> None:
        super().__init__(applying, undoing)
        self.applying, self.undoing = applying, undoing


def _apply_or_undo(j: Journal) -> OSError | None:
    """Apply every planned replace; if one fails, undo what was applied and return why.

    One rule for a fresh publish and for the recovery of a killed one, so the two cannot drift.
    The caller finishes the journal (its kill points sit between applying and finishing).
    """
    try:
        _roll_forward(j)
        return None
    except OSError as err:
        try:
            _roll_back(j)
        except OSError as err2:
            raise _Stuck(err, err2) from None
        return err


def _roll_forward(j: Journal) -> None:
    parents: set[Path] = set()
    made: set[Path] = set()  # folders made (or found) by this loop: each page's are asked for a dozen times
    for k, r in enumerate(j.files, start=1):
        staged = j.staged(r.staged)
        if not os.path.lexists(staged):
            continue  # already applied
        target = j.path(r.target)
        if r.delete:
            if os.path.lexists(target):
                target.unlink()
            staged.unlink()  # the marker: gone once the delete is applied
            parents.add(target.parent)
            _prune_empty(target.parent, j.root, levels=2)  # audiences/<id>/ left empty
            made.clear()  # (the prune may have removed one of them)
            checkpoint(f"publish:replace:{k}")
            continue
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        os.replace(staged, target)
        parents.add(target.parent)
        checkpoint(f"publish:replace:{k}")
    if len(parents) > FSYNC_EACH_UP_TO:
        _syncfs(j.root)
    else:
        for parent in parents:
            if parent.is_dir():
                _fsync_dir(parent)
    if j.site is not None:
        new, target, old = j.path(j.site.new), j.path(j.site.target), j.path(j.site.old)
        if new.is_dir():
            if os.path.lexists(target):
                while os.path.lexists(old):  # only after a crash and a second partial recovery
                    old = old.with_name(old.name + "-")
                os.rename(target, old)
                checkpoint("publish:site-moved")
            os.rename(new, target)
            _fsync_dir(target.parent)
        checkpoint("publish:site-swapped")


def _roll_back(j: Journal) -> None:
    if j.site is not None:
        new, target, old = j.path(j.site.new), j.path(j.site.target), j.path(j.site.old)
        if not new.exists() and target.exists() and old.exists():  # swapped: undo
            os.rename(target, new)
        if not os.path.lexists(target) and old.exists():
            os.rename(old, target)
    for r in reversed(j.files):
        if os.path.lexists(j.staged(r.staged)):
            continue  # never applied
        target = j.path(r.target)
        if r.backup is not None and os.path.lexists(j.staged(r.backup)):
            target.parent.mkdir(parents=True, exist_ok=True)  # (a delete may have pruned it)
            os.replace(j.staged(r.backup), target)
        elif r.backup is None and os.path.lexists(target):
            target.unlink()
            _prune_empty(target.parent, j.root)


def _prune_empty(folder: Path, root: Path, levels: int = 1 << 30) -> None:
    """Remove folders the publish created and left empty by a roll back (or emptied by deletes),
    at most ``levels`` of them."""
    while folder != root and _inside(folder, root) and levels > 0:
        levels -= 1
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _finish(j: Journal, cache_dir: Path) -> None:
    (cache_dir / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(cache_dir)
    shutil.rmtree(j.path(j.staging), ignore_errors=True)
    if j.site is not None:
        for path in (j.path(j.site.old), j.path(j.site.new)):
            if _inside(path, cache_dir):
                _remove(path)


def _remove(path: Path) -> None:
    """Delete a temporary folder; a symlink (a site_dir that linked elsewhere) only as a link."""
    if path.is_symlink():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def recover(root: Path, cache_dir: Path) -> list[str]:
    """Finish what a killed build left: complete (or undo) its journal, delete stale temp folders.

    Call it holding the build lock, before anything else. Returns what it did, one line each.
    """
    done: list[str] = []
    journal_path = cache_dir / JOURNAL
    if journal_path.exists():
        try:
            journal = Journal.from_json(root, json.loads(journal_path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise PublishError(
                f"{rel(journal_path, root)}: error: unreadable publish journal ({err}); "
                "delete it and run `aeoloop build` again (a full build rewrites every output)"
            ) from None
        what = f"{len(journal.files)} file(s) in generated/" + (
            f" and the swap of {journal.site.target}/" if journal.site else ""
        )
        try:
            failed = _apply_or_undo(journal)
        except _Stuck as stuck:
            raise PublishError(
                f"an interrupted publish could not be completed ({_why(stuck.applying)}) nor undone "
                f"({_why(stuck.undoing)}); fix the cause and build again ({rel(journal_path, root)} is kept)"
            ) from None
        if failed is None:
            done.append(f"completed an interrupted publish (build pid {journal.pid}, {journal.created}): {what}")
        else:
            done.append(
                f"rolled back an interrupted publish (build pid {journal.pid}, {journal.created}) "
                f"because completing it failed: {_why(failed)}"
            )
        _finish(journal, cache_dir)
    stale = 0
    if cache_dir.is_dir():
        for entry in cache_dir.iterdir():
            if entry.name.startswith((STAGING_PREFIX, RENDER_PREFIX)) and (entry.is_dir() or entry.is_symlink()):
                _remove(entry)
                stale += 1
    if stale:
        done.append(f"deleted {stale} temporary folder(s) left in {rel(cache_dir, root)}/ by an interrupted build")
    return done
