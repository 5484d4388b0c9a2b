"""The snippets of the "trust on real data" issue, all in one file, each with its outcome.

One .bib (tests/roots/test-snippets) holds every quoted example: namesakes of the owner,
declarations at the end of a field, entries that recovery used to lose, a repeated DBLP
key, al-folio's fields and inline HTML, markers after a space, control characters, a
Latin-1 byte, CJK and ``\\_`` titles. It must build with the warnings below and no other,
show every entry, emphasise exactly the owner, and make a PDF.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_copy, warnings_of
from sphinx_vitae.keys import anchor

WARNINGS = [
    "refs.bib:21: WARNING: entry 'broken2019' could not be parsed and is skipped: unbalanced braces",
    "refs.bib:38: WARNING: duplicate key 'DBLP:conf/x/Lee20' (first defined at line 37): shown as 'DBLP:conf/x/Lee20-2'",
    "refs.bib:59: WARNING: control characters U+0000, U+0007 removed",
    "refs.bib:77: WARNING: bytes that are not valid UTF-8 were read as Windows-1252 (\\xE9 as 'é')",
    "refs.bib:15: WARNING: entry 'many2021' has no title",
    "index.rst:4: WARNING: publication group selects no entry",
]

#: key -> (title, authors as shown, who is in bold)
ENTRIES = {
    "owner2020": (
        "Owners Among Namesakes",
        "Trung Thanh Nguyen, Thanh Hung Nguyen, Trung Kien Nguyen, Jin Kyu Kim, Kyu Ho Kim, Trung Thành Nguyẽn",
        ["Trung Thanh Nguyen", "Jin Kyu Kim", "Trung Thành Nguyẽn"],
    ),
    "em2021": ("A title", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "many2021": ("many2021", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "sameline2019": ("On the Same Line", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "first2020": ("Type and Brace on Two Lines", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "percent2020": ("After a Percent Sign", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "formfeed2020": ("After a Form Feed", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "nbsp2020": ("After a No-Break Space", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "zwsp2020": ("After a Zero-Width Space", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "o'brien(2020)=#~": ("Punctuated Key", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "DBLP:conf/x/Lee20": ("First of Two", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "DBLP:conf/x/Lee20-2": ("Second of Two", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "award2022": ("Short Paper: Awards", "Otilia Stretcu*, Trung Thanh Nguyen et al.", ["Trung Thanh Nguyen"]),
    "marker2022": ("Markers After a Space", "Dmitry Ryumin*†, Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "control2022": ("ControlCharacters", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "cjk2023": ("联邦学习：个性化，异构！综述？", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "underscore2023": ("foo_ bar and a_b", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "latin2023": ("Café in Latin-1", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
    "noyear": ("In Preparation", "Trung Thanh Nguyen", ["Trung Thanh Nguyen"]),
}


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-snippets", tmp_path_factory.mktemp("snippets"))


def test_exactly_the_expected_warnings(site):
    text = site.warning.getvalue()
    assert "Traceback" not in text and "Exception" not in text
    found = warnings_of(site)
    assert len(found) == len(WARNINGS), found
    for expected in WARNINGS:
        assert any(expected in line for line in found), (expected, found)


def test_every_entry_shown_with_its_own_anchor_and_exactly_the_owner_in_bold(site):
    page = BeautifulSoup((site.outdir / "all.html").read_text(encoding="utf-8"), "html.parser")
    items = page.select("li.vitae-entry")
    assert sorted(li["id"] for li in items) == sorted(anchor(key) for key in ENTRIES)
    for key, (title, authors, bold) in ENTRIES.items():
        li = page.find(id=anchor(key))
        assert li.select_one(".vitae-title").get_text() == title, key
        assert li.select_one(".vitae-authors").get_text() == authors, key
        assert [s.get_text() for s in li.select(".vitae-authors strong")] == bold, key


def test_declarations_scope_and_fields(site):
    page = BeautifulSoup((site.outdir / "all.html").read_text(encoding="utf-8"), "html.parser")
    venue = page.find(id=anchor("em2021")).select_one(".vitae-venue")
    assert venue.get_text() == "Hello bold end, 2021."
    assert [s.get_text() for s in venue.select("strong")] == ["bold end"]
    award = page.find(id=anchor("award2022"))
    assert award.select_one(".vitae-award").get_text() == "🏆 Best Paper"
    assert award.select_one(".vitae-award-detail").get_text() == "Chosen among many"
    assert [a["href"] for a in award.select("a.vitae-link")] == [
        "https://a.org/x",
        "https://b.org/y",
        "https://doi.org/10.1007/978-3-030-30484-3_3",
    ]
    assert award.select_one(".vitae-toggle-abstract p strong").get_text() == "Aim."
    meta = BeautifulSoup((site.outdir / "pub" / "award2022.html").read_text(encoding="utf-8"), "html.parser")
    assert meta.find("meta", attrs={"name": "citation_doi"})["content"] == "10.1007/978-3-030-30484-3_3"


def test_no_control_character_reaches_a_page(site):
    for page in site.outdir.rglob("*.html"):
        assert not re.search("[\x00-\x08\x0b\x0e-\x1f\x7f]", page.read_text(encoding="utf-8")), page


def test_every_entry_has_its_own_page(site):
    from sphinx_vitae.keys import slug

    for key in ENTRIES:
        assert (site.outdir / "pub" / f"{slug(key)}.html").is_file(), key


@pytest.mark.skipif(not all(shutil.which(t) for t in ("latexmk", "xelatex")), reason="needs latexmk and xelatex")
@pytest.mark.latex
def test_the_pdf_builds(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-snippets", src)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(tmp_path / "out"), "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    (pdf,) = Path(tmp_path / "out" / "latex").glob("*.pdf")
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "invalid character" not in log and "missing \\item" not in log and "Missing character" not in log
