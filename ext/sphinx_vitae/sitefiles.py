"""Site-wide files and head tags a published site needs (issue 15, item 4).

* ``robots.txt`` in the HTML output, naming the sitemap when ``sphinx_sitemap`` is loaded and
  ``html_baseurl`` is set; a ``robots.txt`` the user ships (``html_extra_path``) is left alone;
* ``sitemap_excludes`` defaults to the search and index pages (which are ``noindex``);
* a default SVG favicon when ``html_favicon`` is unset, so no page makes browsers ask for ``/favicon.ico``;
* one ``<meta name="viewport">`` per page: docutils' HTML5 writer puts its own into ``metatags``,
  while the theme (furo, basic) writes one already;
* the home page's canonical URL is ``html_baseurl`` itself, not ``.../index.html``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC = Path(__file__).parent / "static"
FAVICON = "vitae-favicon.svg"
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')


def _sitemap_loaded(app: Sphinx) -> bool:
    return "sphinx_sitemap" in app.extensions


def default_sitemap_excludes(app: Sphinx, config: Config) -> None:
    if not _sitemap_loaded(app) or config.sitemap_excludes:  # the user's own list wins
        return
    if app.builder is not None and app.builder.name == "dirhtml":
        config.sitemap_excludes = ["search/", "genindex/"]
    else:
        config.sitemap_excludes = ["search.html", "genindex.html"]


def default_favicon(app: Sphinx, config: Config) -> None:
    if config.html_favicon:
        return
    config.html_favicon = str(STATIC / FAVICON)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    metatags = context.get("metatags")
    if isinstance(metatags, str):
        context["metatags"] = _VIEWPORT.sub("", metatags)
    baseurl = app.config.html_baseurl
    if baseurl and pagename == app.config.root_doc and context.get("pageurl"):
        context["pageurl"] = baseurl if baseurl.endswith("/") else baseurl + "/"


def robots_text(app: Sphinx) -> str:
    lines = ["User-agent: *", "Allow: /"]
    baseurl = app.config.html_baseurl
    if baseurl and _sitemap_loaded(app):
        base = baseurl if baseurl.endswith("/") else baseurl + "/"
        lines.append(f"Sitemap: {base}{app.config.sitemap_filename}")
    return "\n".join(lines) + "\n"


def write_robots(app: Sphinx, exception: Exception | None) -> None:
    """At build-finished, after html_extra_path is copied: a robots.txt already in the output
    that we did not write is the user's."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "robots.txt"
    text = robots_text(app)
    if target.exists():
        old = target.read_text(encoding="utf-8", errors="replace")
        if not _ours(old):
            return
        if old == text:
            return
    target.write_text(text, encoding="utf-8")


def _ours(text: str) -> bool:
    lines = text.splitlines()
    return (
        lines[:2] == ["User-agent: *", "Allow: /"]
        and all(line.startswith("Sitemap: ") for line in lines[2:])
        and len(lines) <= 3
    )


def setup_sitefiles(app: Sphinx) -> None:
    app.connect("config-inited", default_favicon)
    app.connect("builder-inited", lambda app: default_sitemap_excludes(app, app.config))
    app.connect("html-page-context", page_context)
    app.connect("build-finished", write_robots)
