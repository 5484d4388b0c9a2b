"""Moving from al-folio: a papers.bib dropped in as refs.bib works as it is (README how-to)."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from conftest import build_copy, warnings_of

CORPUS = __import__("pathlib").Path(__file__).parent / "corpus" / "alfolio"

PAGE = """\
Publications
============

.. publications:: Selected
   :selected:

.. all-publications::
"""


def build_alfolio(tmp_path, bib: str, first: str, last: str):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(CORPUS / bib, src / "refs.bib")
    # the README's migration: al-folio's _config.yml "scholar: last_name / first_name" -> vitae_owner
    (src / "conf.py").write_text(
        "extensions = ['sphinx_vitae']\nbibtex_bibfiles = ['refs.bib']\n"
        f"vitae_owner = [{f'{last}, {first}'!r}]\nhtml_theme = 'furo'\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(PAGE, encoding="utf-8")
    app = build_copy(src, src)
    return app, BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_alfolio_fields_badges_awards_links(tmp_path):
    app, page = build_alfolio(tmp_path, "010.bib", "Qi", "Chen")
    assert warnings_of(app) == []
    gind = page.find(id="pub-chen2022gind")
    assert gind.select_one(".vitae-badge").get_text() == "[ICML]"
    assert gind.select_one(".vitae-award").get_text() == "🏆 Spotlight"
    links = {a.get_text(): a["href"] for a in gind.select("a.vitae-link")}
    assert links["[code]"] == "https://github.com/7qchen/GIND"
    assert "[pdf]" in links
    assert [s.get_text() for s in gind.select(".vitae-authors strong")] == ["Qi Chen"]
    # selected = {true} feeds the :selected: group
    selected = page.select("section.vitae-group")[0]
    assert selected.h2.get_text().rstrip("#¶ ") == "Selected"
    assert {li["id"] for li in selected.select("li.vitae-entry")} >= {"pub-sun2024cread", "pub-chen2023equilibrium"}


def test_alfolio_website_arxiv_and_bibtex(tmp_path):
    _app, page = build_alfolio(tmp_path, "005.bib", "Younghan", "Lee")
    entry = page.find(id="pub-han2026rethinking")
    links = {a.get_text(): a["href"] for a in entry.select("a.vitae-link")}
    assert links["[arXiv]"] == "https://arxiv.org/abs/2512.22633"
    assert links["[project page]"].startswith("https://conf.researchr.org/details/icse-2026/")
    assert [s.get_text() for s in entry.select(".vitae-authors strong")] == ["Younghan Lee"]
    bibtex = entry.select_one("details.vitae-toggle-bibtex pre").get_text()
    assert "abbr" not in bibtex and "bibtex_show" not in bibtex and "selected" not in bibtex
    assert "title = {Rethinking the Capability" in bibtex


def test_relative_pdf_under_a_base_url(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "refs.bib").write_text(
        "@article{k, title={T}, author={Lee, Ann}, journal={J}, year={2024}, pdf={My Paper 2024.pdf}}\n",
        encoding="utf-8",
    )
    (src / "conf.py").write_text(
        "extensions = ['sphinx_vitae']\nbibtex_bibfiles = ['refs.bib']\nvitae_owner = ['Ann Lee']\n"
        "vitae_link_base = {'pdf': 'https://ann.github.io/assets/pdf/'}\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(PAGE, encoding="utf-8")
    app = build_copy(src, src)
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert (
        page.find(id="pub-k").select_one("a.vitae-link")["href"]
        == "https://ann.github.io/assets/pdf/My%20Paper%202024.pdf"
    )
