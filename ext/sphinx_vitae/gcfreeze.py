"""Keep Python's garbage collector off the objects that live through the whole build.

Now and then Python's cyclic collector walks every object it tracks. In a Sphinx build
most of them are the modules, classes and functions loaded at start-up, which never
become garbage; a rebuild walks them again while it unpickles the environment.
``gc.freeze()`` sets the objects that exist once every extension is loaded aside, so
that later collections skip them (the standard library's advice for long-lived
objects); :func:`thaw` hands them back when the build is done, so that a process that
builds again, a test run say, collects them as usual. ``vitae_gc_freeze = False``
turns it off.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def freeze(app: Sphinx, config: Any) -> None:
    """On ``config-inited``: every extension is loaded, the environment not yet."""
    if config.vitae_gc_freeze:
        gc.freeze()


def thaw(app: Sphinx, exception: BaseException | None) -> None:
    if app.config.vitae_gc_freeze:
        gc.unfreeze()


def setup(app: Sphinx) -> None:
    app.connect("config-inited", freeze)
    app.connect("build-finished", thaw)
