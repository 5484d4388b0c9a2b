"""Scholarly metadata of publication pages (:mod:`sphinx_vitae.metadata`): Highwire tags per kind
of work, JSON-LD, one description and our Open Graph tags, with and without sphinxext-opengraph."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_string

from conftest import build_copy, warnings_of
from sphinx_vitae.metadata import (
    Site,
    arxiv_id,
    highwire_tags,
    page_range,
    person_record,
    publication_head,
    scholarly_record,
    shorten,
)
from sphinx_vitae.records import from_entry

SITE = Site(page_url="https://ada.example.org/pub/x.html", base_url="https://ada.example.org/")


def record(bibtex: str):
    data = parse_string(bibtex, "bibtex")
    key, entry = next(iter(data.entries.items()))
    pub, problems = from_entry(key, entry)
    assert problems == []
    return pub


def tags(pub, site: Site = SITE) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, content in highwire_tags(pub, site):
        found.setdefault(name, []).append(content)
    return found


#: the item type Zotero's "Embedded Metadata" translator gives a page, from its venue tags
#: (the translator's detectWeb: the last venue tag wins; citation_title alone guesses a journal
#: article, citation_isbn a book)
_ZOTERO_TYPES = {
    "citation_journal_title": "journalArticle",
    "citation_technical_report_institution": "report",
    "citation_conference_title": "conferencePaper",
    "citation_book_title": "bookSection",
    "citation_inbook_title": "bookSection",
    "citation_dissertation_institution": "thesis",
}
_ZOTERO_FIELDS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_inbook_title": "publicationTitle",
    "citation_volume": "volume",
    "citation_issue": "issue",
    "citation_conference_title": "conferenceName",
    "citation_dissertation_institution": "university",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number",
    "citation_publisher": "publisher",
    "citation_isbn": "ISBN",
    "citation_abstract": "abstractNote",
    "citation_doi": "DOI",
}


def zotero_item(pairs: list[tuple[str, str]]) -> dict[str, object]:
    """What Zotero's Embedded Metadata translator imports from these citation_* tags."""
    item: dict[str, object] = {}
    hw_type = guess = None
    for name, _ in pairs:
        if name in _ZOTERO_TYPES:
            hw_type = _ZOTERO_TYPES[name]
        elif name == "citation_title":
            guess = guess or "journalArticle"
        elif name == "citation_isbn":
            guess = "book"
    item["itemType"] = hw_type or guess
    for name, value in pairs:
        if name in _ZOTERO_FIELDS:
            item[_ZOTERO_FIELDS[name]] = value
    item["creators"] = [value for name, value in pairs if name == "citation_author"]
    first = next((v for n, v in pairs if n == "citation_firstpage"), "")
    last = next((v for n, v in pairs if n == "citation_lastpage"), "")
    if first:
        item["pages"] = f"{first}-{last}" if last else first
    pdf = [v for n, v in pairs if n == "citation_pdf_url"]
    if pdf:
        item["pdf"] = pdf[0]
    return item


ARTICLE = """@article{a, title={Notes}, author={Lovelace, Ada and Babbage, Charles}, journal={Scientific Memoirs},
  volume={3}, number={29}, pages={666--731}, year={1843}, month=aug, doi={10.1234/x}, abstract={We weave.}}"""


def test_article_tags_as_zotero_imports_them():
    item = zotero_item(highwire_tags(record(ARTICLE), SITE))
    assert item == {
        "itemType": "journalArticle",
        "title": "Notes",
        "date": "1843/08",
        "publicationTitle": "Scientific Memoirs",
        "volume": "3",
        "issue": "29",
        "DOI": "10.1234/x",
        "abstractNote": "We weave.",
        "creators": ["Ada Lovelace", "Charles Babbage"],
        "pages": "666-731",
    }


@pytest.mark.parametrize(
    ("bibtex", "zotero_type", "expected", "absent"),
    [
        (
            "@inproceedings{a, title={T}, author={A, B}, booktitle={Proc. X}, publisher={ACM}, pages={1--9},"
            " year={2020}}",
            "conferencePaper",
            {"citation_conference_title": ["Proc. X"], "citation_publisher": ["ACM"], "citation_firstpage": ["1"]},
            {"citation_journal_title"},
        ),
        (
            "@conference{a, title={T}, author={A, B}, booktitle={Proc. X}, year={2020}}",
            "conferencePaper",
            {"citation_conference_title": ["Proc. X"]},
            {"citation_journal_title"},
        ),
        (
            "@phdthesis{a, title={T}, author={A, B}, school={MIT}, year={2020}}",
            "thesis",
            {"citation_dissertation_institution": ["MIT"]},
            {"citation_conference_title", "citation_journal_title"},
        ),
        (
            "@mastersthesis{a, title={T}, author={A, B}, school={ETH}, year={2020}}",
            "thesis",
            {"citation_dissertation_institution": ["ETH"]},
            {"citation_conference_title"},
        ),
        (
            "@techreport{a, title={T}, author={A, B}, institution={CERN}, number={TR-1}, year={2020}}",
            "report",
            {"citation_technical_report_institution": ["CERN"], "citation_technical_report_number": ["TR-1"]},
            {"citation_issue", "citation_conference_title"},
        ),
        (
            "@incollection{a, title={T}, author={A, B}, booktitle={The Book}, publisher={Springer},"
            " isbn={978-3-16-148410-0}, pages={5--7}, year={2020}}",
            "bookSection",
            {
                "citation_inbook_title": ["The Book"],
                "citation_publisher": ["Springer"],
                "citation_isbn": ["978-3-16-148410-0"],
            },
            {"citation_conference_title"},
        ),
        (
            "@book{a, title={T}, author={A, B}, publisher={Springer}, isbn={978-3-16-148410-0}, year={2020}}",
            "book",
            {"citation_publisher": ["Springer"], "citation_isbn": ["978-3-16-148410-0"]},
            {"citation_conference_title", "citation_journal_title", "citation_inbook_title"},
        ),
        (
            "@misc{a, title={T}, author={A, B}, eprint={2101.00001}, archivePrefix={arXiv}, year={2021}}",
            "report",
            {
                "citation_technical_report_institution": ["arXiv"],
                "citation_arxiv_id": ["2101.00001"],
                "citation_technical_report_number": ["arXiv:2101.00001"],
            },
            {"citation_conference_title", "citation_journal_title"},
        ),
        (
            "@article{a, title={T}, author={A, B}, journal={arXiv preprint arXiv:2101.00002}, year={2021}}",
            "report",
            {"citation_technical_report_institution": ["arXiv"], "citation_arxiv_id": ["2101.00002"]},
            {"citation_conference_title", "citation_journal_title"},
        ),
        (
            "@misc{a, title={T}, author={A, B}, howpublished={arXiv preprint arXiv:2406.12527}, year={2024}}",
            "report",
            {"citation_arxiv_id": ["2406.12527"]},
            {"citation_conference_title"},
        ),
        (
            "@unpublished{a, title={T}, author={A, B}, note={Manuscript}, year={2024}}",
            "journalArticle",  # citation_title alone: Zotero's guess
            {},
            {"citation_conference_title", "citation_journal_title", "citation_technical_report_institution"},
        ),
    ],
    ids=[
        "inproceedings",
        "conference",
        "phdthesis",
        "mastersthesis",
        "techreport",
        "incollection",
        "book",
        "misc-eprint",
        "article-arxiv-journal",
        "misc-arxiv-howpublished",
        "unpublished",
    ],
)
def test_venue_tag_per_kind_of_work(bibtex, zotero_type, expected, absent):
    pub = record(bibtex)
    found = tags(pub)
    for name, values in expected.items():
        assert found.get(name) == values, name
    assert not absent & found.keys()
    assert zotero_item(highwire_tags(pub, SITE))["itemType"] == zotero_type


def test_software_has_no_article_tags():
    pub = record("@software{a, title={Sim}, author={A, B}, year={2020}, volume={2}, doi={10.5281/zenodo.1}}")
    assert [name for name, _ in highwire_tags(pub, SITE)] == [
        "citation_title",
        "citation_author",
        "citation_publication_date",
    ]
    data = scholarly_record(pub, SITE)
    assert data["@type"] == "SoftwareSourceCode"
    assert data["identifier"]["value"] == "10.5281/zenodo.1"


@pytest.mark.parametrize(
    ("field", "site", "expected"),
    [
        ("pdf={https://x.org/a.pdf}", Site(), "https://x.org/a.pdf"),  # absolute: as it is
        ("url={https://x.org/paper.PDF}", Site(), "https://x.org/paper.PDF"),  # an off-site .pdf
        ("pdf={a.pdf}", Site(), None),  # relative, no address known: nothing a reader could fetch
        ("pdf={a.pdf}", Site(base_url="https://me.org/"), "https://me.org/a.pdf"),
        (
            "pdf={a.pdf}",
            Site(base_url="https://me.org/", link_base={"pdf": "/assets/pdf/"}),
            "https://me.org/assets/pdf/a.pdf",
        ),
        ("pdf={a.pdf}", Site(link_base={"pdf": "https://cdn.org/pdf/"}), "https://cdn.org/pdf/a.pdf"),
        ("url={https://x.org/abs/1}", Site(base_url="https://me.org/"), None),  # not a PDF
    ],
)
def test_pdf_url_only_when_absolute(field, site, expected):
    pub = record(f"@article{{a, title={{T}}, author={{A, B}}, journal={{J}}, year={{2020}}, {field}}}")
    assert tags(pub, site).get("citation_pdf_url") == ([expected] if expected else None)


def test_pages_split():
    assert page_range("12--34") == ("12", "34")
    assert page_range("12–34") == ("12", "34")
    assert page_range("e1234") == ("e1234", "")
    assert page_range("") == ("", "")


def test_json_ld_article_is_part_of_issue_volume_periodical():
    data = scholarly_record(record(ARTICLE), SITE)
    assert data["@type"] == "ScholarlyArticle"
    assert data["url"] == SITE.page_url
    assert data["isPartOf"] == {
        "@type": "PublicationIssue",
        "issueNumber": "29",
        "isPartOf": {
            "@type": "PublicationVolume",
            "volumeNumber": "3",
            "isPartOf": {"@type": "Periodical", "name": "Scientific Memoirs"},
        },
    }
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1234/x"}
    assert "https://doi.org/10.1234/x" in data["sameAs"]
    assert (data["pageStart"], data["pageEnd"]) == ("666", "731")


def test_json_ld_proceedings_is_a_book_never_an_event():
    data = scholarly_record(
        record("@inproceedings{a, title={T}, author={A, B}, booktitle={Proc. X}, year={2020}}"), SITE
    )
    assert data["isPartOf"] == {"@type": "Book", "name": "Proc. X"}
    assert "Event" not in json.dumps(data)


def test_json_ld_arxiv_identifier_and_authors_urls():
    pub = record(
        "@misc{a, title={T}, author={Lovelace, Ada and Babbage, Charles}, eprint={2101.00001v2},"
        " archivePrefix={arXiv}, year={2021}}"
    )
    assert arxiv_id(pub) == "2101.00001v2"
    site = Site(homepage=lambda author: "https://example.org/babbage" if author.last == "Babbage" else None)
    data = scholarly_record(pub, site)
    assert "url" not in data  # no html_baseurl: no address to give
    assert data["identifier"] == {"@type": "PropertyValue", "propertyID": "arXiv", "value": "2101.00001v2"}
    assert data["sameAs"] == ["https://arxiv.org/abs/2101.00001v2"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ada Lovelace"},
        {"@type": "Person", "name": "Charles Babbage", "url": "https://example.org/babbage"},
    ]


def test_person_record_has_no_email():
    profile = {
        "name": "Ada",
        "position": "Analyst",
        "affiliation": "Society",
        "email": "ada@example.org",
        "links": {"GitHub": "https://github.com/ada", "Mail": "mailto:ada@example.org"},
    }
    data = person_record(profile, Site(base_url="https://ada.example.org/"))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Ada",
        "jobTitle": "Analyst",
        "affiliation": {"@type": "Organization", "name": "Society"},
        "url": "https://ada.example.org/",
        "sameAs": ["https://github.com/ada"],
    }
    assert "ada@example.org" not in json.dumps(data)


def test_shorten_on_a_word_boundary():
    text = "word " * 100
    short = shorten(text, 200)
    assert len(short) <= 200 and short.endswith("word…")
    assert shorten("short text") == "short text"
    long_word = "ü" * 300  # no space to cut at: cut between characters, never inside one
    assert shorten(long_word, 200) == "ü" * 199 + "…"
    decomposed = "u\u0308" * 150  # "ü" as a letter and its combining diaeresis
    short = shorten(decomposed, 200)
    assert short.endswith("u\u0308…") and len(short) == 199


def test_description_is_the_abstract_else_a_summary():
    assert publication_head(record(ARTICLE), SITE).description == "We weave."
    pub = record("@inproceedings{a, title={T}, author={Lovelace, Ada and others}, booktitle={Proc. X}, year={2020}}")
    head = publication_head(pub, SITE)
    assert head.description == "Ada Lovelace, et al. Proc. X, 2020."
    assert head.og == {
        "og:title": "T",
        "og:type": "article",
        "og:description": head.description,
        "og:url": SITE.page_url,
    }


# --- a build -------------------------------------------------------------------------------

KEYS = [
    "lovelace1843notes",
    "lovelace1842loom",
    "lovelace2021arxiv",
    "lovelace1840thesis",
    "lovelace1841report",
    "lovelace2020engine",
]


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    app = build_copy(rootdir / "test-metadata", tmp_path_factory.mktemp("metadata"))
    assert warnings_of(app) == []
    return app.outdir


@pytest.fixture(scope="module")
def site_with_opengraph(rootdir, tmp_path_factory):
    app = build_copy(
        rootdir / "test-metadata",
        tmp_path_factory.mktemp("metadata-ogp"),
        confoverrides={
            "extensions": ["sphinx_vitae", "sphinxext.opengraph"],
            "ogp_site_url": "https://ada.example.org/site/",
            "ogp_social_cards": {"enable": False},
        },
    )
    assert warnings_of(app) == []
    return app.outdir


def head_of(outdir, key):
    text = (outdir / "pub" / f"{key}.html").read_text(encoding="utf-8")
    return text, BeautifulSoup(text, "html.parser")


def citation_pairs(soup) -> list[tuple[str, str]]:
    return [(tag["name"], tag["content"]) for tag in soup.find_all("meta", attrs={"name": re.compile("^citation_")})]


def json_ld(text: str) -> dict:
    import extruct

    (data,) = extruct.extract(text, syntaxes=["json-ld"])["json-ld"]
    return data


def test_build_zotero_reads_each_kind(site):
    expected = {
        "lovelace1843notes": (
            "journalArticle",
            {
                "publicationTitle": "Scientific Memoirs",
                "volume": "3",
                "issue": "29",
                "pages": "666-731",
                "DOI": "10.1234/notes.1843",
                "pdf": "https://cdn.example.org/pdf/notes.pdf",
            },
        ),
        "lovelace1842loom": (
            "conferencePaper",
            {
                "conferenceName": "Proceedings of the Royal Society Meeting",
                "publisher": "Royal Society",
                "pages": "1-9",
            },
        ),
        "lovelace2021arxiv": ("report", {"institution": "arXiv", "number": "arXiv:2101.00001"}),
        "lovelace1840thesis": ("thesis", {"university": "University of London"}),
        "lovelace1841report": ("report", {"institution": "Analytical Society", "number": "TR-7"}),
        "lovelace2020engine": ("journalArticle", {}),  # Zotero has no tag for software: its citation_title guess
    }
    for key, (zotero_type, fields) in expected.items():
        item = zotero_item(citation_pairs(head_of(site, key)[1]))
        assert item["itemType"] == zotero_type, key
        for name, value in fields.items():
            assert item.get(name) == value, (key, name)
        assert item["creators"][0] == "Ada Lovelace"


def test_build_json_ld_types_and_props(site):
    types = {key: json_ld(head_of(site, key)[0]) for key in KEYS}
    assert {key: data["@type"] for key, data in types.items()} == {
        "lovelace1843notes": "ScholarlyArticle",
        "lovelace1842loom": "ScholarlyArticle",
        "lovelace2021arxiv": "ScholarlyArticle",
        "lovelace1840thesis": "Thesis",
        "lovelace1841report": "Report",
        "lovelace2020engine": "SoftwareSourceCode",
    }
    for key, data in types.items():
        assert data["url"] == f"https://ada.example.org/site/pub/{key}.html"
    notes = types["lovelace1843notes"]
    assert notes["isPartOf"]["isPartOf"]["isPartOf"] == {"@type": "Periodical", "name": "Scientific Memoirs"}
    assert notes["author"][1] == {"@type": "Person", "name": "Charles Babbage", "url": "https://example.org/babbage"}
    assert notes["abstract"].startswith("We describe how the engine")
    assert types["lovelace1842loom"]["isPartOf"]["@type"] == "Book"
    assert types["lovelace2021arxiv"]["sameAs"] == ["https://arxiv.org/abs/2101.00001"]
    assert types["lovelace1840thesis"]["sourceOrganization"]["name"] == "University of London"
    assert types["lovelace1841report"]["reportNumber"] == "TR-7"
    assert types["lovelace2020engine"]["codeRepository"] == "https://github.com/ada/engine"


def test_build_home_page_person(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    data = json_ld(text)
    assert data["@type"] == "Person" and data["jobTitle"] == "Analyst"
    assert data["url"] == "https://ada.example.org/site/"
    assert "email" not in data and "ada@example.org" not in str(data)


def _one(soup, **attrs) -> str:
    found = soup.find_all("meta", attrs=attrs)
    assert len(found) == 1, (attrs, found)
    return found[0]["content"]


@pytest.mark.parametrize("which", ["site", "site_with_opengraph"])
def test_build_one_description_and_our_og_tags(which, request):
    outdir = request.getfixturevalue(which)
    _, soup = head_of(outdir, "lovelace1843notes")
    description = _one(soup, name="description")
    assert description.startswith("We describe how the engine weaves") and description.endswith("…")
    assert len(description) <= 200
    assert _one(soup, property="og:description") == description
    assert _one(soup, property="og:title") == "Notes on the Analytical Engine"
    assert _one(soup, property="og:type") == "article"
    assert _one(soup, property="og:url") == "https://ada.example.org/site/pub/lovelace1843notes.html"
    assert _one(soup, name="twitter:card") == "summary"
    if which == "site_with_opengraph":  # its own tags are there too, once
        assert _one(soup, property="og:site_name")
    # markup characters in a title are text, in every tag
    text, soup = head_of(outdir, "lovelace1842loom")
    assert _one(soup, property="og:title") == 'The Loom & the <Numbers> "Weave"'
    assert '<meta property="og:title" content="The Loom &amp; the &lt;Numbers&gt; &quot;Weave&quot;" />' in text
    assert _one(soup, name="citation_title") == 'The Loom & the <Numbers> "Weave"'
    # without an abstract: the summary line
    _, soup = head_of(outdir, "lovelace1840thesis")
    assert _one(soup, name="description") == "Ada Lovelace. University of London, 1840."
    assert _one(soup, property="og:description") == "Ada Lovelace. University of London, 1840."
