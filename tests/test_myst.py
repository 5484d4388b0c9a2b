"""Markdown pages (MyST): the directives and the ``:pub:`` role work in ``.md`` as in ``.rst``.

The ready-made site is built twice from copies of source/ and refs.bib: once as it is, once
with its three pages replaced by their MyST versions (tests/roots/test-myst) and
``myst_parser`` added to its conf.py. Both builds must be free of warnings and show the same
publication lists (the same entries, in the same order, each written the same way: emphasis,
links, badges), the same citations and the same generated publication pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_copy, warnings_of

pytest.importorskip("myst_parser", reason="myst-parser is in the 'md' extra")

MYST = Path(__file__).parent / "roots" / "test-myst"
PAGES = ("index", "research", "publications")


def site_copy(dest: Path, markdown: bool) -> Path:
    shutil.copytree(ROOT / "source", dest / "source", ignore=shutil.ignore_patterns("pub"))
    shutil.copy(ROOT / "refs.bib", dest / "refs.bib")
    if markdown:
        for page in PAGES:
            (dest / "source" / f"{page}.rst").unlink()
            shutil.copy(MYST / f"{page}.md", dest / "source" / f"{page}.md")
        conf = dest / "source" / "conf.py"
        conf.write_text(conf.read_text(encoding="utf-8") + '\nextensions.append("myst_parser")\n', encoding="utf-8")
    return dest / "source"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    found = {}
    for name, markdown in (("rst", False), ("md", True)):
        srcdir = site_copy(tmp_path_factory.mktemp(name), markdown)
        app = build_copy(srcdir, srcdir)
        found[name] = (Path(app.outdir), warnings_of(app))
    return found


def soup(outdir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def publication_lists(page: BeautifulSoup) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each list as (its heading, [(entry id, entry HTML)]), in page order."""
    lists = []
    for ul in page.select("ul.vitae-list"):
        section = ul.find_parent("section")
        heading = section.find(re.compile(r"^h[1-6]$")).get_text(" ", strip=True) if section else ""
        entries = [(li.get("id", ""), str(li)) for li in ul.find_all("li", class_="vitae-entry", recursive=False)]
        lists.append((heading, entries))
    return lists


def citations(page: BeautifulSoup) -> list[str]:
    return [str(link) for link in page.select("a.vitae-cite")]


def test_both_builds_are_free_of_warnings(builds) -> None:
    for name, (_, warnings) in builds.items():
        assert warnings == [], name


@pytest.mark.parametrize("page", PAGES)
def test_the_same_lists_in_the_same_order(builds, page: str) -> None:
    rst, md = (publication_lists(soup(builds[name][0], page)) for name in ("rst", "md"))
    if page != "research":
        assert rst, f"no publication list on {page}"
        assert all(entries for _, entries in rst), "an empty list"
    assert [heading for heading, _ in md] == [heading for heading, _ in rst]
    for (heading, rst_entries), (_, md_entries) in zip(rst, md, strict=True):
        assert [key for key, _ in md_entries] == [key for key, _ in rst_entries], heading
        assert md_entries == rst_entries, heading  # each entry as written: emphasis, links, badges


def test_the_owner_is_emphasised_the_same_way(builds) -> None:
    for page in ("index", "publications"):
        rst, md = (soup(builds[name][0], page) for name in ("rst", "md"))
        owner = [str(tag) for tag in rst.select("li.vitae-entry strong, li.vitae-entry em") if "Zhang" in tag.text]
        assert owner, "the owner is emphasised nowhere"
        assert [
            str(tag) for tag in md.select("li.vitae-entry strong, li.vitae-entry em") if "Zhang" in tag.text
        ] == owner


def test_the_same_citations(builds) -> None:
    rst, md = (citations(soup(builds[name][0], "research")) for name in ("rst", "md"))
    assert len(rst) == 9
    assert md == rst


def test_the_same_publication_pages(builds) -> None:
    rst_out, md_out = builds["rst"][0], builds["md"][0]
    rst_pages = sorted(path.name for path in (rst_out / "pub").glob("*.html"))
    assert rst_pages and sorted(path.name for path in (md_out / "pub").glob("*.html")) == rst_pages
    for name in rst_pages:
        rst, md = (soup(out / "pub", name.removesuffix(".html")) for out in (rst_out, md_out))
        assert str(md.find("article") or md.body) == str(rst.find("article") or rst.body), name


def test_page_metadata_is_kept(builds) -> None:
    for name in ("rst", "md"):
        page = soup(builds[name][0], "research")
        assert page.find("meta", attrs={"name": "description"})["content"].startswith("My work follows one thread")
        assert page.find("meta", attrs={"property": "og:description"})["content"].startswith("My work follows")
