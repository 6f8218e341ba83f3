"""``publish: true`` in ``brand/channels.yml``: each page's channel files copied into the built site.

Apart from the channels step (:mod:`.step`), which makes and stages the files: this only reads
what the step staged for this build (a :class:`~aeoloop.publish.StagedFile` or text) or, for an
unchanged file, what ``generated/`` holds.
"""

from __future__ import annotations

from pathlib import Path

from ...publish import StagedFile
from ...siteurl import page_url_path
from ...staging import read_file as _read
from ...state import BuildState
from . import CHANNELS, channel_files
from .step import channel_config


def publish_to_site(state: BuildState, site_dir: Path) -> list[Path]:
    """With ``publish: true`` in channels.yml: copy each page's channel files into the built site."""
    project = state.project
    if not channel_config(project).publish or state.store is None:
        return []
    state.finish_deferred("channels")  # the channel files made in workers during the render, staged now
    written = []
    for page in state.pages:
        folder = state.store.folder(page.slug)
        # the folder of the page's directory URL (guides/oee/channels/ for guides/oee.html too); the
        # home page's is the site folder ("" for it: its old "/" wrote to the file system's root)
        target_dir = site_dir / page_url_path(page.src_uri, use_directory_urls=True) / "channels"
        for channel in CHANNELS:
            for name in channel_files(channel):
                staged = state.store.pending.get(folder / name)
                data = staged.read() if isinstance(staged, StagedFile) else staged
                if data is None:
                    data = _read(folder / name)
                if data is None:
                    continue
                target = target_dir / Path(name).name
                target.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(data, bytes):
                    target.write_bytes(data)
                else:
                    target.write_text(data, encoding="utf-8")
                written.append(target)
    return written
