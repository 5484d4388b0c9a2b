"""robots.txt, sitemap excludes, favicon, one viewport, the home page's canonical (sitefiles.py)."""

from __future__ import annotations

import pytest

from conftest import warnings_of


@pytest.mark.sphinx("html", testroot="sitefiles")
def test_site_files(app):
    app.build()
    assert warnings_of(app) == []
    out = app.outdir
    assert (
        out / "robots.txt"
    ).read_text() == "User-agent: *\nAllow: /\nSitemap: https://example.org/site/sitemap.xml\n"
    sitemap = (out / "sitemap.xml").read_text()
    assert "other.html" in sitemap and "search.html" not in sitemap and "genindex.html" not in sitemap
    for page in ("index.html", "other.html", "search.html", "genindex.html"):
        html = (out / page).read_text()
        assert html.count('name="viewport"') == 1, page
        assert 'rel="icon"' in html, page
    assert (out / "_static" / "vitae-favicon.svg").exists()
    home = (out / "index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/site/"' in home
    assert '<link rel="canonical" href="https://example.org/site/other.html"' in (out / "other.html").read_text()


@pytest.mark.sphinx("html", testroot="sitefiles-own")
def test_users_own_files_left_alone(app):
    app.build()
    out = app.outdir
    assert (out / "robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n"
    assert "mine.ico" in (out / "index.html").read_text()
    assert "vitae-favicon.svg" not in (out / "index.html").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    assert "other.html" not in sitemap and "search.html" in sitemap
