"""Bad and hostile input: clear warnings with file and line, safe output, nothing lost."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import build_copy, warnings_of


@pytest.fixture(scope="module")
def hostile(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-hostile", tmp_path_factory.mktemp("hostile"))


def test_no_traceback_and_exact_warnings(hostile):
    text = hostile.warning.getvalue()
    assert "Traceback" not in text and "Exception" not in text
    found = warnings_of(hostile)
    expected_bib = [
        ("refs.bib:27", "duplicate key 'dup' (first defined at line 20): shown as 'dup-2'; give it a key of its own"),
        ("refs.bib:39", "entry 'broken' could not be parsed and is skipped: unbalanced braces (5 '{' against 3 '}')"),
        ("refs.bib:1", "entry 'xss' has an unsafe url link 'javascript:alert(5)'"),
        ("refs.bib:1", "entry 'xss' has an unsafe code link 'JaVaScRiPt:alert(6)'"),
        ("refs.bib:1", "entry 'xss' has an unsafe pdf link 'data:text/html;base64,PHNjcmlwdD4='"),
        ("refs.bib:34", "entry 'notitle' has no title"),
    ]
    for location, message in expected_bib:
        assert any(f"{location}: WARNING: {message}" in line for line in found), (location, message, found)
    expected_rst = [
        ("index.rst:4", "no entry has stage 'V'"),
        ("index.rst:7", "unknown publication key 'nosuchkey'"),
        ("index.rst:10", "unknown publication key 'missingkey' (not in the bibliography files)"),
    ]
    for location, message in expected_rst:
        assert any(f"{location}: WARNING: {message}" in line for line in found), (location, message, found)
    assert len(found) == len(expected_bib) + len(expected_rst)
    assert all(re.search(r"\[vitae\.\w+\]$", line) for line in found)


def test_nothing_lost(hostile):
    """Every key of refs.bib is on the all-publications page or named in a warning."""
    bib = (hostile.srcdir / "refs.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+)", bib, re.M))
    page = BeautifulSoup((hostile.outdir / "all.html").read_text(encoding="utf-8"), "html.parser")
    shown = {li["id"].removeprefix("pub-") for li in page.select("li.vitae-entry")}
    warned = {key for key in keys if f"'{key}'" in hostile.warning.getvalue()}
    assert keys | {"dup-2"} == shown | warned  # the second 'dup' is shown, under a derived key
    # the entries after the broken one are recovered, not swallowed
    assert {"after1", "nocomma", "after2"} <= shown
    assert "broken" not in shown


def test_no_markup_injection_in_html(hostile):
    for name in ("all.html", "index.html"):
        html = (hostile.outdir / name).read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        assert page.find("script", string=re.compile("alert")) is None
        assert page.find("img", src="x") is None and page.find("iframe") is None and page.find("svg") is None
        for tag in page.find_all(True):
            assert not any(attr.lower().startswith("on") for attr in tag.attrs), tag
            for attr in ("href", "src"):
                value = (tag.get(attr) or "").replace(" ", "").lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), tag
    page = BeautifulSoup((hostile.outdir / "all.html").read_text(encoding="utf-8"), "html.parser")
    xss = page.find(id="pub-xss")
    assert (
        xss.select_one(".vitae-title").get_text() == '<script>alert("title")</script> and <img src=x onerror=alert(1)>'
    )
    assert [a["href"] for a in xss.select("a.vitae-link")] == ["https://example.org/ok-slides.pdf"]


def test_special_characters_survive(hostile):
    page = BeautifulSoup((hostile.outdir / "all.html").read_text(encoding="utf-8"), "html.parser")
    latexy = page.find(id="pub-latexy")
    assert latexy.select_one(".vitae-title").get_text().startswith("100% Robust & Fast: ")
    assert latexy.select_one(".vitae-authors").get_text() == (
        "Ada Lovelace, Jörg Müller, Petr Škoda, 张伟, John von Neumann Jr."
    )
    assert latexy.select_one(".vitae-venue").get_text() == "Journal of Special # Characters _ and tildes, 2023."


def test_missing_bibfile_is_one_clear_warning(rootdir, tmp_path):
    app = build_copy(rootdir / "test-missing-bib", tmp_path)
    found = warnings_of(app)
    assert len(found) == 2, found
    assert f"WARNING: bibliography file {app.srcdir / 'refs.bib'} not found (listed in bibtex_bibfiles)" in found[0]
    assert found[0].endswith("[vitae.bibfile_missing]")
    assert "the bibliography has no entries" in found[1]
    assert "Traceback" not in app.warning.getvalue()


def test_owner_not_found_warns(rootdir, tmp_path):
    app = build_copy(rootdir / "test-owner-missing", tmp_path)
    found = warnings_of(app)
    assert len(found) == 1, found
    assert "no entry of the bibliography has the owner 'Ada Lovelace' as an author" in found[0]
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select(".vitae-authors strong") == []


def test_publication_page_of_hostile_entry_is_inert(hostile):
    import extruct

    text = (hostile.outdir / "pub" / "xss.html").read_text(encoding="utf-8")
    page = BeautifulSoup(text, "html.parser")
    assert page.find("img", src="x") is None and page.find("iframe") is None and page.find("svg") is None
    for script in page.find_all("script"):
        if script.get("type") == "application/ld+json":
            assert "<" not in script.string  # nothing can end the JSON-LD block early
        else:  # the theme's own scripts carry nothing from the bibliography
            assert "alert" not in (script.string or "")
    for tag in page.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in tag.attrs), tag
    title = page.find("meta", attrs={"name": "citation_title"})["content"]
    assert title == '<script>alert("title")</script> and <img src=x onerror=alert(1)>'
    (record,) = extruct.extract(text, syntaxes=["json-ld"])["json-ld"]
    assert record["name"] == title
    assert page.h1.get_text().rstrip("#¶") == title
