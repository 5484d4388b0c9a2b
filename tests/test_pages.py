"""Per-publication pages, scholarly metadata, BibTeX export, toggles, legend (root: test-basic)."""

from __future__ import annotations

import re
import shutil

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


def listing(folder) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if ".doctrees" not in p.parts and "_build" not in p.parts
    )


def test_one_page_per_entry_written_as_output_nothing_in_the_sources(built):
    pages = sorted(p.stem for p in (built.outdir / "pub").glob("*.html"))
    assert pages == sorted(
        ["babbage2019", "lovelace2022older", "lovelace2024engine", "lovelace2025preprint", "smith2023shared"]
    )
    assert sorted(p.name for p in (built.outdir / "pub").glob("*.bib")) == [f"{name}.bib" for name in pages]
    assert not (built.srcdir / "pub").exists()
    assert "pub/babbage2019" not in built.env.all_docs  # build output, not a document


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
        assert re.search(rf"^  {field} = \{{", block, re.MULTILINE), field
    for field in ("abbr", "code", "slides", "stage"):
        assert not re.search(rf"^  {field} =", block, re.MULTILINE), field
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


def test_turning_pages_off_removes_the_pages_written(rootdir, tmp_path):
    app = build_copy(rootdir / "test-basic", tmp_path)
    assert (app.outdir / "pub" / "babbage2019.html").exists()
    (app.outdir / "pub" / "notes.txt").write_text("mine", encoding="utf-8")  # not ours: kept
    app = build_copy(tmp_path, tmp_path, confoverrides={"vitae_publication_pages": False})
    assert warnings_of(app) == []
    assert sorted(p.name for p in (app.outdir / "pub").iterdir()) == ["notes.txt"]


def test_the_page_of_a_removed_entry_goes_other_files_stay(rootdir, tmp_path):
    app = build_copy(rootdir / "test-basic", tmp_path)
    (app.outdir / "pub" / "notes.html").write_text("mine", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@book{babbage2019")
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3 :], encoding="utf-8")
    app = build_copy(tmp_path, tmp_path)
    assert "babbage2019" not in app.env.get_domain("vitae").data["pages"]
    assert not (app.outdir / "pub" / "babbage2019.html").exists()
    assert not (app.outdir / "pub" / "babbage2019.bib").exists()
    assert (app.outdir / "pub" / "notes.html").exists() and (app.outdir / "pub" / "smith2023shared.html").exists()


# -- upgrading from 0.1/0.2-dev, which generated page sources into source/pub/ -----------------------------


def old_sources(folder):
    """A folder as 0.1/0.2-dev left it: two pages, their .bib, its manifest, .gitignore."""
    import hashlib
    import json

    folder.mkdir(parents=True)
    files = {
        "babbage2019.rst": ":orphan:\n\nOld\n===\n\n.. publication-page:: babbage2019\n",
        "babbage2019.bib": "@book{babbage2019}\n",
        "smith2023shared.rst": ":orphan:\n\nOld\n===\n\n.. publication-page:: smith2023shared\n",
        ".gitignore": "# written by sphinx-vitae\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    digests = {name: hashlib.blake2b(text.encode(), digest_size=16).hexdigest() for name, text in files.items()}
    manifest = {"generator": "sphinx-vitae", "files": digests}
    (folder / ".sphinx-vitae.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_old_generated_sources_are_deleted_on_upgrade(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-basic", tmp_path, dirs_exist_ok=True)
    old_sources(tmp_path / "pub")
    app = build_copy(tmp_path, tmp_path)
    assert warnings_of(app) == []
    assert not (tmp_path / "pub").exists()
    assert (app.outdir / "pub" / "babbage2019.html").exists()


def test_upgrade_keeps_what_the_manifest_does_not_list_or_was_edited(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-basic", tmp_path, dirs_exist_ok=True)
    old_sources(tmp_path / "pub")
    (tmp_path / "pub" / "smith2023shared.rst").write_text(":orphan:\n\nMine now\n========\n", encoding="utf-8")
    (tmp_path / "pub" / "talks.txt").write_text("mine", encoding="utf-8")
    build_copy(tmp_path, tmp_path)
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == [
        ".sphinx-vitae.json",
        "smith2023shared.rst",
        "talks.txt",
    ]


def test_a_manifest_not_ours_deletes_nothing(tmp_path):
    from sphinx_vitae.pages import remove_old_sources

    (tmp_path / "a.rst").write_text("x", encoding="utf-8")
    (tmp_path / ".sphinx-vitae.json").write_text('{"generator": "other", "files": {"a.rst": "0"}}', encoding="utf-8")
    remove_old_sources(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".sphinx-vitae.json", "a.rst"]


# -- page titles: never a reStructuredText warning, whatever the title holds ----------------------------

HOSTILE_TITLES = [
    # (the title in refs.bib, the <h1> of the page)
    ("联邦学习：综述、挑战与展望（一）。「重要」！", "联邦学习：综述、挑战与展望（一）。「重要」！"),
    ("！？。、「」『』【】《》〈〉・：；", "！？。、「」『』【】《》〈〉・：；"),
    (r"foo\_ bar", "foo_ bar"),
    (r"a\textbackslash{}b\textbackslash{}", "a\\b\\"),
    ("*star* and **strong** and *", "*star* and **strong** and *"),
    ("`{}code`{} and `{}`{}x`{}`{}", "`code` and ``x``"),
    ("a | b |sub| |", "a | b |sub| |"),
    ("Note::", "Note::"),
    (".. note:: x", ".. note:: x"),
    ("!!!", "!!!"),
    ("===", "==="),
    ("[1]_ and x_ and _y and __init__ and `t`_", "[1]_ and x_ and _y and __init__ and `t`_"),
    (":role:`{}x`{}", ":role:`x`"),
    ("1. Introduction", "1. Introduction"),
    ("- item", "- item"),
    (">>> print(1)", ">>> print(1)"),
    ("• point", "• point"),
    ("#", "#"),
    ("A \\& B, 100\\% <x> [y] {{z}} ~", "A & B, 100% <x> [y] z"),  # the no-break space at the end goes
    ("e\u0301te\u0301 ⁠zero\u200bwidth", "e\u0301te\u0301 ⁠zero\u200bwidth"),
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    src = tmp_path_factory.mktemp("titles")
    (src / "conf.py").write_text(
        'extensions = ["sphinx_vitae"]\nbibtex_bibfiles = ["refs.bib"]\nvitae_owner = ["Ada Lovelace"]\n'
        'html_theme = "basic"\n',
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Titles\n======\n\n.. all-publications::\n", encoding="utf-8")
    entries = [
        f"@misc{{t{n:02},\n  title = {{{title}}},\n  author = {{Lovelace, Ada}},\n  year = {{2020}},\n}}\n"
        for n, (title, _) in enumerate(HOSTILE_TITLES)
    ]
    (src / "refs.bib").write_text("\n".join(entries), encoding="utf-8")
    return build_copy(src, src, warningiserror=True)  # as make html -W


def test_hostile_titles_build_cleanly(hostile):
    assert warnings_of(hostile) == []


@pytest.mark.parametrize(("n", "expected"), [(n, h1) for n, (_, h1) in enumerate(HOSTILE_TITLES)])
def test_hostile_title_is_the_page_heading(hostile, n, expected):
    page = soup(hostile, f"pub/t{n:02}.html")
    for link in page.h1.select("a.headerlink"):
        link.decompose()
    assert page.h1.get_text() == expected
    assert page.title.get_text().startswith(page.h1.get_text())
