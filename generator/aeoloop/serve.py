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
from urllib.parse import urlsplit

log = logging.getLogger("mkdocs.plugins.aeoloop")

DIRTY_WARNING = "A 'dirty' build is being performed"


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation; ours are dirty only when no
    navigation changed (see the module docstring), so the warning would only be noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def serve(config_file: Path, dev_addr: str | None = None, *, site_dir: Path | None = None) -> None:
    """Serve the site on ``dev_addr`` and rebuild on changes until interrupted.

    ``site_dir``: build the preview there instead of a temporary folder (removed at the end
    only when it was temporary); the serve-edit benchmark reads the rebuilt page from it.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from .mkdocs_plugin import AeoloopPlugin

    temporary = site_dir is None
    out = Path(tempfile.mkdtemp(prefix="aeoloop_serve_")) if site_dir is None else site_dir
    out.mkdir(parents=True, exist_ok=True)
    overrides = {"dev_addr": dev_addr} if dev_addr else {}

    def get_config() -> MkDocsConfig:
        return load_config(config_file=str(config_file), site_dir=str(out), **overrides)

    config = get_config()
    # dirty=True: plugins that keep state across dirty rebuilds (Material's search index) do so
    config.plugins.on_startup(command="serve", dirty=True)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)
    logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())

    def builder(config: MkDocsConfig | None = None) -> None:
        log.info("Building documentation...")
        if config is None:
            config = get_config()
            config.site_url = serve_url
        plugin = config.plugins.get("aeoloop")
        dirty = plugin.prepare_rebuild() if isinstance(plugin, AeoloopPlugin) else False
        build(config, serve_url=serve_url, dirty=dirty)

    server = LiveReloadServer(builder=builder, host=host, port=port, root=str(out), mount_path=mount_path)

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
