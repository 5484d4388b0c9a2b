"""Per-publication pages, scholarly metadata, BibTeX export, toggles, legend (root: test-basic)."""

from __future__ import annotations

import re

import extruct
import pytest
from bs4 import BeautifulSoup

from conftest import build_copy, warnings_of


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    app = build_copy(rootdir / "test-basic", tmp_path_factory.mktemp("pages"))
    assert warnings_of(app) == []
    return app


def html(app, name: str) -> str:
    return (app.outdir / name).read_text(encoding="utf-8")


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup(html(app, name), "html.parser")


def test_one_page_per_entry_and_generated_sources_ignored_by_git(built):
    pages = sorted(p.stem for p in (built.outdir / "pub").glob("*.html"))
    assert pages == sorted(
        ["babbage2019", "lovelace2022older", "lovelace2024engine", "lovelace2025preprint", "smith2023shared"]
    )
    assert (built.srcdir / "pub" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_publication_page_content(built):
    page = soup(built, "pub/lovelace2024engine.html")
    assert page.h1.get_text().rstrip("#¶") == "EngineNet: Notes on the Analytical Engine for Small DATA sets"
    body = page.select_one(".vitae-page")
    assert body.select_one(".vitae-badge").get_text() == "[AAAI'24]"
    assert [s.get_text() for s in body.select(".vitae-authors strong")] == ["Ada Lovelace"]
    assert body.select_one("a.vitae-coauthor")["href"] == "https://example.org/babbage"
    assert {a.get_text() for a in body.select("a.vitae-link")} == {"[paper]", "[code]", "[slides]"}
    cited = page.select_one(".vitae-backlinks")
    assert cited.get_text() == "Cited on: Citations"
    assert cited.a["href"] == "../cites.html"


def test_abstract_on_page_and_in_a_closed_toggle_in_lists(built):
    page = soup(built, "pub/lovelace2022older.html")
    assert page.select_one(".vitae-page .vitae-abstract").get_text() == "We study Bernoulli numbers."
    listing = soup(built, "all.html").find(id="pub-lovelace2022older")
    toggle = listing.select_one("details.vitae-toggle-abstract")
    assert toggle is not None and not toggle.has_attr("open")
    assert toggle.summary.get_text() == "Abstract"
    assert toggle.select_one(".vitae-abstract em").get_text() == "Bernoulli"
    # entries without an abstract get no abstract toggle
    assert soup(built, "all.html").find(id="pub-babbage2019").select_one("details.vitae-toggle-abstract") is None


def test_bibtex_export_strips_display_fields(built):
    block = soup(built, "pub/lovelace2024engine.html").select_one(".vitae-bibtex pre").get_text()
    assert block.startswith("@inproceedings{lovelace2024engine,")
    for field in ("title", "author", "booktitle", "year", "month", "url"):
        assert re.search(rf"^  {field} = \{{", block, re.M), field
    for field in ("abbr", "code", "slides", "stage"):
        assert not re.search(rf"^  {field} =", block, re.M), field
    # the download is the same text
    link = soup(built, "pub/lovelace2024engine.html").select_one(".vitae-download a")
    assert link["href"].endswith("lovelace2024engine.bib")
    downloaded = (built.outdir / "pub" / link["href"]).resolve().read_text(encoding="utf-8")
    assert downloaded.strip() == block.strip()


def test_bibtex_toggle_in_lists(built):
    entry = soup(built, "index.html").find(id="pub-lovelace2024engine")
    toggle = entry.select_one("details.vitae-toggle-bibtex")
    assert toggle.summary.get_text() == "BibTeX"
    assert toggle.pre.get_text().startswith("@inproceedings{lovelace2024engine,")


def test_whole_bibliography_downloadable(built):
    link = soup(built, "all.html").select_one(".vitae-download a")
    assert link.get_text() == "refs.bib"
    assert (built.outdir / link["href"]).read_text(encoding="utf-8") == (built.srcdir / "refs.bib").read_text(
        encoding="utf-8"
    )


def test_list_titles_link_to_their_pages(built):
    entry = soup(built, "index.html").find(id="pub-lovelace2024engine")
    assert entry.select_one(".vitae-title a")["href"] == "pub/lovelace2024engine.html"
    entry = soup(built, "all.html").find(id="pub-smith2023shared")
    assert entry.select_one(".vitae-title a")["href"] == "pub/smith2023shared.html"


def test_citation_meta_tags(built):
    page = soup(built, "pub/lovelace2024engine.html")
    meta = [(m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": re.compile("^citation_")})]
    assert meta == [
        ("citation_title", "EngineNet: Notes on the Analytical Engine for Small DATA sets"),
        ("citation_author", "Ada Lovelace"),
        ("citation_author", "Charles Babbage"),
        ("citation_author", "Ya-Qin Zhang"),
        ("citation_publication_date", "2024/02"),
        ("citation_conference_title", "Proceedings of the AAAI Conference on Artificial Intelligence"),
        ("citation_pdf_url", "https://example.org/engine.pdf"),
    ]
    journal = soup(built, "pub/lovelace2022older.html")
    assert journal.find("meta", attrs={"name": "citation_journal_title"})["content"] == "Journal of Old Results"


def test_json_ld_read_by_a_standard_extractor(built):
    data = extruct.extract(html(built, "pub/smith2023shared.html"), syntaxes=["json-ld"])["json-ld"]
    assert len(data) == 1
    article = data[0]
    assert article["@type"] == "ScholarlyArticle"
    assert article["name"] == "Shared Credit: A Study"
    assert [a["name"] for a in article["author"]] == ["John Smith", "Ada Lovelace", "Grace Hopper"]
    assert article["datePublished"] == "2023"
    assert article["isPartOf"]["name"] == "Conference on Examples"


def test_contribution_marker_legend(built):
    group = soup(built, "index.html").select("section.vitae-group")[0]
    legend = group.select_one(".vitae-legend")
    assert legend.get_text() == "* equal contribution"
    # groups whose entries use no marker get no legend
    assert soup(built, "index.html").select("section.vitae-group")[1].select_one(".vitae-legend") is None


def test_pages_can_be_turned_off(rootdir, tmp_path):
    app = build_copy(rootdir / "test-basic", tmp_path, confoverrides={"vitae_publication_pages": False})
    assert warnings_of(app) == []
    assert not (app.outdir / "pub").exists()
    assert soup(app, "index.html").find(id="pub-lovelace2024engine").select_one(".vitae-title a") is None


def test_turning_pages_off_removes_the_generated_sources(rootdir, tmp_path):
    build_copy(rootdir / "test-basic", tmp_path)
    assert (tmp_path / "pub" / "babbage2019.rst").exists()
    (tmp_path / "pub" / "notes.txt").write_text("mine", encoding="utf-8")  # not ours: kept
    app = build_copy(tmp_path, tmp_path, confoverrides={"vitae_publication_pages": False}, freshenv=True)
    assert warnings_of(app) == []
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == ["notes.txt"]
