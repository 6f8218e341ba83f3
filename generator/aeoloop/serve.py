"""``aeoloop serve``: MkDocs' live-reload server with a builder that redoes only what an edit changed.

``mkdocs serve`` rebuilds the whole site on every save, and its ``--dirty`` mode renders only the
saved pages even when a change (a brand rule, a new page, a title in the navigation) touches
every page. Here the builder asks the plugin first (:meth:`AeoloopPlugin.prepare_rebuild`): when
only page bodies changed, the edited pages alone go through the engine and MkDocs renders them
alone (a dirty build); anything else is a full build. A writer who saves one page of a
1,000-page site sees it in seconds instead of a whole build.

The rest is MkDocs' own ``serve`` (the server, the watcher, the temporary site folder), so the
preview behaves as it always did.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .mkdocs_plugin import AeoloopPlugin

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.aeoloop")

DIRTY_WARNING = "A 'dirty' build is being performed"


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation; ours are dirty only when no
    navigation changed (see the module docstring), so the warning would only be noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


class _Templates:
    """What MkDocs would do again on every rebuild although the theme did not change: compile every
    Jinja template (MkDocs makes a new environment per build; the compiled code is kept here, by
    template source checksum, so an edited override is compiled again) and list the theme's files
    (thousands with Material's icons; the listing is reused only by a rebuild of edited pages)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}
        self.listing: dict[tuple[str, ...], list[str]] = {}

    def install(self, config: MkDocsConfig, *, reuse_listing: bool) -> None:
        import jinja2

        cache = self

        class Bytecode(jinja2.BytecodeCache):
            def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                if bucket.key in cache.code:
                    bucket.bytecode_from_string(cache.code[bucket.key])

            def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
                cache.code[bucket.key] = bucket.bytecode_to_string()

        theme = config.theme
        make_env = theme.get_env
        key = tuple(theme.dirs)

        def get_env() -> jinja2.Environment:
            env = make_env()
            env.bytecode_cache = Bytecode()
            list_templates = env.list_templates

            def listing(extensions: Any = None, filter_func: Any = None) -> list[str]:
                if extensions is not None or filter_func is None:
                    return list_templates(extensions, filter_func)
                if not reuse_listing or key not in cache.listing:  # Files.add_files_from_theme's one call
                    cache.listing[key] = list_templates(filter_func=filter_func)
                return list(cache.listing[key])

            env.list_templates = listing  # type: ignore[method-assign]
            return env

        theme.get_env = get_env  # type: ignore[method-assign]


class Builder:
    """What the server calls on every change: ask the plugin what the change touched, then build
    (dirty when only page bodies changed). ``config`` is the first build's (MkDocs' serve passes
    it once); later builds load mkdocs.yml again, as MkDocs does."""

    def __init__(self, config_file: Path, site_dir: Path, dev_addr: str | None = None) -> None:
        from mkdocs.livereload import _serve_url

        self.config_file, self.site_dir = config_file, site_dir
        self.overrides = {"dev_addr": dev_addr} if dev_addr else {}
        self.config = self.load()
        # dirty=True: plugins that keep state across dirty rebuilds (Material's search index) do so
        self.config.plugins.on_startup(command="serve", dirty=True)
        host, port = self.config.dev_addr
        self.mount_path = urlsplit(self.config.site_url or "/").path
        self.serve_url = _serve_url(host, port, self.mount_path)
        self.config.site_url = self.serve_url
        self.templates = _Templates()
        self.last_dirty = False

    def load(self) -> MkDocsConfig:
        from mkdocs.config import load_config

        return load_config(config_file=str(self.config_file), site_dir=str(self.site_dir), **self.overrides)

    def __call__(self, config: MkDocsConfig | None = None) -> None:
        from mkdocs.commands.build import build

        log.info("Building documentation...")
        if config is None:
            config = self.load()
            config.site_url = self.serve_url
        plugin = config.plugins.get("aeoloop")
        dirty = plugin.prepare_rebuild() if isinstance(plugin, AeoloopPlugin) else False
        self.templates.install(config, reuse_listing=dirty)
        self.last_dirty = dirty
        build(config, serve_url=self.serve_url, dirty=dirty)


def serve(config_file: Path, dev_addr: str | None = None, *, site_dir: Path | None = None) -> None:
    """Serve the site on ``dev_addr`` and rebuild on changes until interrupted.

    ``site_dir``: build the preview there instead of a temporary folder (removed at the end
    only when it was temporary); the serve-edit benchmark reads the rebuilt page from it.
    """
    from mkdocs.livereload import LiveReloadServer

    temporary = site_dir is None
    out = Path(tempfile.mkdtemp(prefix="aeoloop_serve_")) if site_dir is None else site_dir
    out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
    builder = Builder(config_file, out, dev_addr)
    config = builder.config
    host, port = config.dev_addr
    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(out), mount_path=builder.mount_path)

    def error_page(code: int) -> bytes | None:
        page = out / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        if temporary:
            shutil.rmtree(out, ignore_errors=True)
