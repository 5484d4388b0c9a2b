"""Another Sphinx project cites our publications through intersphinx (objects.inv)."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from conftest import build_copy, warnings_of


def test_another_project_resolves_publications_through_intersphinx(rootdir, tmp_path):
    site = build_copy(rootdir / "test-basic", tmp_path / "site")
    assert warnings_of(site) == []
    other = tmp_path / "other"
    shutil.copytree(rootdir / "test-intersphinx", other)
    shutil.copy(site.outdir / "objects.inv", other / "objects.inv")
    app = build_copy(other, other)
    assert warnings_of(app) == []
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.select("a.reference.external")]
    # where a :pub: link of the site itself would go: the entry on the page that shows it
    assert hrefs == [
        "https://ada.example.org/index.html#pub-lovelace2024engine",
        "https://ada.example.org/index.html#pub-smith2023shared",
    ]
