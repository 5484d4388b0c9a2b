"""al-folio's fields shown as al-folio shows them, on the web and in print; relative links
resolved one way on every page."""

from __future__ import annotations

import posixpath
import re

import pytest
from bs4 import BeautifulSoup

from conftest import build_copy, warnings_of


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-fields", tmp_path_factory.mktemp("fields"))


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def test_warnings_are_exactly_the_unpublished_link_and_the_empty_group(site):
    found = [line.split("fields", 1)[-1] for line in warnings_of(site)]
    assert len(found) == 2, found
    assert re.search(
        r"refs\.bib:17: WARNING: entry 'notes2024' has a relative pdf link 'missing\.pdf', to files the site does "
        r"not publish: .* vitae_link_base = \{'pdf': .*\}, or publish them with html_extra_path "
        r"\[vitae\.relative_link\]$",
        found[0],
    ), found[0]
    assert found[1].endswith("index.rst:7: WARNING: publication group selects no entry [vitae.empty_group]"), found[1]


def test_venue_location_month_notes(site):
    entry = soup(site, "index.html").find(id="pub-engine2023")
    assert entry.select_one(".vitae-venue").get_text() == (
        "Proceedings of Engines, Vienna, Austria, Jun 2023. Oral presentation. Selected as a highlight."
    )
    assert [em.get_text() for em in entry.select(".vitae-venue em")] == ["Proceedings of Engines", "highlight"]


def test_and_others_is_et_al(site):
    entry = soup(site, "index.html").find(id="pub-engine2023")
    authors = entry.select_one(".vitae-authors")
    assert authors.get_text() == "Ada Lovelace, Charles Babbage et al."
    # one full stop after the authors, not "et al.."
    assert "et al. Proceedings of Engines" in entry.select_one(".vitae-entry-text").get_text()
    assert [s.get_text() for s in authors.select("strong")] == ["Ada Lovelace"]


def test_award_name_and_award_text_and_annotation(site):
    for name, scope in (("index.html", "#pub-engine2023"), ("pub/engine2023.html", ".vitae-page")):
        entry = soup(site, name).select_one(scope)
        assert entry.select_one(".vitae-award").get_text() == "🏆 Best Paper"
        assert entry.select_one(".vitae-award-detail").get_text() == "Chosen among 3,000 submissions"
        assert entry.select_one(".vitae-annotation").get_text() == "* Equal contribution"


def test_inline_html_in_title_and_abstract(site):
    index = soup(site, "index.html")
    entry = index.find(id="pub-notes2024")
    for page, scope in ((index, "#pub-notes2024 .vitae-title"), (soup(site, "pub/notes2024.html"), "h1")):
        title = page.select_one(scope)
        assert title.get_text().rstrip("¶") == "Notes on Bernoulli Numbers"
    # the title keeps its styling inside the link to the entry's page
    title = index.select_one("#pub-notes2024 .vitae-title")
    assert title.select_one("a.vitae-title-link strong").get_text() == "Bernoulli"
    paragraphs = entry.select(".vitae-toggle-abstract .vitae-abstract p")
    assert [p.get_text() for p in paragraphs] == ["First part.", "Aim. Second part."]
    assert paragraphs[1].select_one("strong").get_text() == "Aim."


def test_relative_links_resolve_to_one_file_from_every_page(site):
    targets = set()
    for name in ("index.html", "all.html", "pub/engine2023.html"):
        page = soup(site, name)
        (link,) = [a for a in page.select("a.vitae-link") if a.get_text() == "[pdf]" and "engine" in a["href"]]
        targets.add(posixpath.normpath(posixpath.join(posixpath.dirname(name), link["href"])))
    assert targets == {"engine.pdf"}
    assert (site.outdir / "engine.pdf").is_file()


def test_empty_group_writes_valid_latex(rootdir, tmp_path):
    app = build_copy(rootdir / "test-fields", tmp_path / "latex", buildername="latex")
    (tex,) = app.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert not re.search(r"\\begin\{itemize\}\s*\\end\{itemize\}", text)
    assert "Chosen among 3,000 submissions" in text and "et al." in text


def test_others_is_nobody_in_metadata(site):
    page = soup(site, "pub/engine2023.html")
    authors = [meta["content"] for meta in page.find_all("meta", attrs={"name": "citation_author"})]
    assert authors == ["Ada Lovelace", "Charles Babbage"]


def test_markdown_in_award_and_additional_info_as_al_folio_shows_it(site):
    entry = soup(site, "all.html").find(id="pub-einstein1921")
    detail = entry.select_one(".vitae-award-detail")
    assert detail.get_text() == "Nobel Prize in Physics in 1921 for his services"
    assert detail.select_one("strong").get_text() == "Nobel Prize in Physics"
    assert detail.select_one("em").get_text() == "for his services"
    venue = entry.select_one(".vitae-venue")
    assert venue.get_text() == "Journal of Prizes, 2021. More Information can be found here."
    link = venue.select_one("a.vitae-field-link")
    assert (link.get_text(), link["href"]) == ("found here", "https://www.nobelprize.org/prizes/physics/1921/")


def test_markdown_links_reach_the_pdf(rootdir, tmp_path):
    app = build_copy(rootdir / "test-fields", tmp_path / "latex-md", buildername="latex")
    (tex,) = app.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert r"\sphinxhref{https://www.nobelprize.org/prizes/physics/1921/}{found here}" in text
    assert r"\sphinxstylestrong{Nobel Prize in Physics}" in text
