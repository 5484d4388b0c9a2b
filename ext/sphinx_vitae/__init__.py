"""sphinx-vitae: a personal academic website and a PDF CV from one ``refs.bib``.

``setup()`` only wires the modules together:

* :mod:`.latexmarkup` – BibTeX field text to styled spans (pure)
* :mod:`.names` – author names and owner matching (pure)
* :mod:`.records` – the publication record of one entry (pure)
* :mod:`.selection` – which records a group shows, in which order (pure)
* :mod:`.bibread` – reading ``.bib`` files, losing no entry (pure of Sphinx)
* :mod:`.bibdata` – the one adapter to sphinxcontrib-bibtex's cache and filter evaluator
* :mod:`.keys` – an entry's anchor and page name, from its key alone (pure)
* :mod:`.domain` – records, placements, the ``:pub:`` role, incremental rebuilds
* :mod:`.directives` – ``publications`` and ``all-publications``
* :mod:`.render` – records to standard docutils nodes (HTML and LaTeX alike)
* :mod:`.pages` – one page per publication, written by the HTML builders, with "cited on" backlinks
* :mod:`.profile` – the owner's card (``profile`` directive, sidebar); :mod:`.icons` its link icons (pure)
* :mod:`.webparts` – folded author lists and preview images: the web's and print's ways
* :mod:`.sitefiles` – robots.txt, sitemap excludes, favicon, one viewport, the home page's canonical
* :mod:`.html` – HTML-only bits: toggles, title links, scholarly metadata, CSS
* :mod:`.resume` – JSON Resume sections read and checked (pure)
* :mod:`.cv` – the ``cv`` and ``cv-entry`` directives, their nodes and visitors
* :mod:`.i18n` – the words written into pages, through ``sphinx.locale`` (a ``zh_CN`` catalogue)
* :mod:`.latex` – entry labels for every LaTeX build; CV typography with ``vitae_latex_cv``
* :mod:`.deferred` – values the environment pickle keeps as bytes until they are read (pure)
* :mod:`.gcfreeze` – start-up objects set aside from the garbage collector during a build
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import gcfreeze, latex
from .config import setup_config
from .cv import setup_cv
from .directives import (
    AllPublicationsDirective,
    PublicationsDirective,
    RenderPublicationLists,
    SiteRelativeLinks,
    publication_list,
)
from .domain import PubRole, VitaeDomain, note_reading, outdated_docs, refresh_records, replay_and_check
from .html import setup_html
from .i18n import setup_i18n
from .pages import setup_pages
from .profile import setup_profile
from .sitefiles import setup_sitefiles
from .webparts import setup_webparts

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.2.0.dev0"  # the one place the version is written (pyproject.toml reads it)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinxcontrib.bibtex")
    setup_i18n(app)
    setup_config(app)
    app.add_domain(VitaeDomain)
    app.add_role("pub", PubRole())
    app.add_directive("publications", PublicationsDirective)
    app.add_directive("all-publications", AllPublicationsDirective)
    app.add_node(publication_list)  # a placeholder: replaced before any writer sees it
    app.add_post_transform(RenderPublicationLists)
    app.add_post_transform(SiteRelativeLinks)
    latex.setup(app)
    gcfreeze.setup(app)
    # before sphinxcontrib-bibtex's own handler (500), which then finds its cache fresh
    app.connect("builder-inited", refresh_records, priority=400)
    setup_pages(app)
    setup_html(app)
    setup_profile(app)
    setup_webparts(app)
    setup_cv(app)
    setup_sitefiles(app)
    app.connect("env-get-outdated", outdated_docs)
    app.connect("env-before-read-docs", note_reading)
    app.connect("env-updated", replay_and_check)
    return {
        "version": __version__,
        "env_version": 5,  # 4: pages are output; 5: records carry volume, pages, publisher... (metadata.py)
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
