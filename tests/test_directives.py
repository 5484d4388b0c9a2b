"""Publication groups, the all-publications list and :pub: citations (root: test-basic)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import build_copy


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def entry(page: BeautifulSoup, key: str) -> Tag:
    found = page.find(id=f"pub-{key}")
    assert found is not None, f"entry {key} not on the page"
    return found


@pytest.fixture(scope="module")
def built(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-basic", tmp_path_factory.mktemp("basic"))


def test_builds_without_warnings(built):
    assert built.warning.getvalue() == ""


def test_group_headings_in_order(built):
    page = soup(built, "index.html")
    headings = [h.get_text().rstrip("¶") for h in page.select("section.vitae-group > h3")]
    assert headings == ["Stage Ⅱ: Sharing", "Stage Ⅰ: Engines", "Explicit order", "Lab page"]


def test_group_newest_first_and_explicit_order(built):
    page = soup(built, "index.html")
    groups = page.select("section.vitae-group")
    keys = [[li.get("id") or "" for li in g.select("li.vitae-entry")] for g in groups]
    assert keys[0] == ["pub-lovelace2025preprint", "pub-smith2023shared"]
    assert keys[1] == ["pub-lovelace2024engine", "pub-lovelace2022older"]
    # shown a second time on the page: no duplicate id, order as given by :keys:
    titles = [li.select_one(".vitae-title").get_text() for li in groups[2].select("li.vitae-entry")]
    assert titles == [
        "An Older Note on Bernoulli Numbers",
        "EngineNet: Notes on the Analytical Engine for Small DATA sets",
    ]
    assert keys[2] == ["", ""]


def test_title_as_written_not_recased(built):
    page = soup(built, "index.html")
    title = entry(page, "lovelace2024engine").select_one("strong.vitae-title").get_text()
    assert title == "EngineNet: Notes on the Analytical Engine for Small DATA sets"


def test_owner_emphasised_only(built):
    page = soup(built, "index.html")
    engine = entry(page, "lovelace2024engine")
    assert [s.get_text() for s in engine.select(".vitae-authors strong")] == ["Ada Lovelace"]
    authors = engine.select_one(".vitae-authors").get_text()
    assert authors == "Ada Lovelace, Charles Babbage, Ya-Qin Zhang"
    older = entry(page, "lovelace2022older")
    assert [s.get_text() for s in older.select(".vitae-authors strong")] == ["A. Lovelace"]
    assert "Hans Müller" in older.get_text() and "Jean Gérard" in older.get_text()


def test_contribution_markers_are_superscripts_and_keep_owner(built):
    page = soup(built, "index.html")
    shared = entry(page, "smith2023shared")
    assert [s.get_text() for s in shared.select(".vitae-authors strong")] == ["Ada Lovelace"]
    assert [s.get_text() for s in shared.select("sup.vitae-contrib")] == ["*", "*"]
    # the marker is not part of the name: "John Smith" then a superscript "*"
    names = [t.strip(", ") for t in shared.select_one(".vitae-authors").find_all(string=True, recursive=False)]
    assert "John Smith" in names


def test_marker_badge_award_and_links(built):
    page = soup(built, "index.html")
    engine = entry(page, "lovelace2024engine")
    assert engine.select_one(".vitae-marker").get_text() == "🎉"
    assert engine.select_one(".vitae-badge").get_text() == "[AAAI'24]"
    links = {a.get_text(): a["href"] for a in engine.select("a.vitae-link")}
    assert links == {
        "[paper]": "https://example.org/engine.pdf",
        "[code]": "https://github.com/example/engine",
        "[slides]": "https://example.org/engine-slides.pdf",
    }
    preprint = entry(page, "lovelace2025preprint")
    assert preprint.select_one(".vitae-marker") is None
    assert "vitae-preprint" in preprint["class"]
    assert {a.get_text(): a["href"] for a in preprint.select("a.vitae-link")} == {
        "[arXiv]": "https://arxiv.org/abs/2501.00001"
    }
    assert entry(page, "smith2023shared").select_one(".vitae-award").get_text() == "🏆 Best Paper Award"


def test_venue_from_string_macro(built):
    page = soup(built, "index.html")
    venue = entry(page, "lovelace2024engine").select_one(".vitae-venue").get_text()
    assert venue == "Proceedings of the AAAI Conference on Artificial Intelligence, Feb 2024."


def test_coauthor_homepage_linked(built):
    page = soup(built, "index.html")
    link = entry(page, "lovelace2024engine").select_one("a.vitae-coauthor")
    assert link.get_text() == "Charles Babbage" and link["href"] == "https://example.org/babbage"


def test_emphasize_option_for_a_lab_page(built):
    page = soup(built, "index.html")
    lab = page.select("section.vitae-group")[3]
    assert [s.get_text() for s in lab.select(".vitae-authors strong")] == ["Charles Babbage"]


def test_all_publications_by_year(built):
    page = soup(built, "all.html")
    years = [h.get_text().rstrip("¶") for h in page.select("section.vitae-group > h2, section.vitae-group > h3")]
    assert years == ["2025", "2024", "2023", "2022", "2019"]
    ids = [li["id"] for li in page.select("li.vitae-entry")]
    assert sorted(ids) == sorted(
        f"pub-{k}"
        for k in ["lovelace2024engine", "lovelace2022older", "smith2023shared", "lovelace2025preprint", "babbage2019"]
    )


def test_citations_link_across_pages(built):
    page = soup(built, "cites.html")
    cites = {a.get_text(): a["href"] for a in page.select("a.vitae-cite")}
    assert cites["EngineNet [AAAI'24]"] == "index.html#pub-lovelace2024engine"
    assert cites["the shared one"] == "index.html#pub-smith2023shared"
    # no badge and no short title: author-year
    assert cites["Lovelace and Hopper (2025)"] == "index.html#pub-lovelace2025preprint"
    assert page.find("a", href="index.html#pub-lovelace2024engine")["title"].startswith("EngineNet: Notes")
