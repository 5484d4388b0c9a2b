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


def test_one_page_per_entry_and_generated_sources_ignored_by_git(built):
    pages = sorted(p.stem for p in (built.outdir / "pub").glob("*.html"))
    assert pages == sorted(
        ["babbage2019", "lovelace2022older", "lovelace2024engine", "lovelace2025preprint", "smith2023shared"]
    )
    listed = (built.srcdir / "pub" / ".gitignore").read_text(encoding="utf-8").splitlines()[1:]
    generated = [f"/{name}.{suffix}" for name in pages for suffix in ("bib", "rst")]
    assert listed == sorted([*generated, "/.gitignore", "/.sphinx-vitae.json"])


def test_a_page_of_yours_beside_the_generated_ones_is_not_ignored_by_git(rootdir, tmp_path):
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git")
    basic(rootdir, tmp_path)
    (tmp_path / "pub" / "talks.rst").write_text(":orphan:\n\nTalks\n=====\n", encoding="utf-8")
    build_copy(tmp_path, tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)

    def ignored(name: str) -> bool:
        return subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", f"pub/{name}"]).returncode == 0

    assert not ignored("talks.rst")
    assert ignored("babbage2019.rst") and ignored("babbage2019.bib") and ignored(".sphinx-vitae.json")


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


def test_turning_pages_off_removes_the_generated_sources(rootdir, tmp_path):
    build_copy(rootdir / "test-basic", tmp_path)
    assert (tmp_path / "pub" / "babbage2019.rst").exists()
    (tmp_path / "pub" / "notes.txt").write_text("mine", encoding="utf-8")  # not ours: kept
    app = build_copy(tmp_path, tmp_path, confoverrides={"vitae_publication_pages": False}, freshenv=True)
    assert warnings_of(app) == []
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == ["notes.txt"]


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


def _parse_title(text: str) -> tuple[str, str]:
    """The title docutils reads from rst_title(text), and what it reported."""
    from io import StringIO

    from docutils.core import publish_doctree
    from sphinx_vitae.pages import rst_title

    stream = StringIO()
    doctree = publish_doctree(
        rst_title(text) + "\n\nBody.\n",
        settings_overrides={"warning_stream": stream, "report_level": 1, "halt_level": 5, "doctitle_xform": False},
    )
    section = next(iter(doctree.findall(lambda node: node.tagname == "section")), None)
    return (section[0].astext() if section is not None else ""), stream.getvalue()


ALPHABET = (
    "aZ9 _*`|:.\\-=+#<>[](){}!?'\"~^$%&@/;,"
    + "：、。！？「」（）《》【】〜・"
    + "联邦学习日本語한국어"
    + "\u0301\u0308\u200b\u200d\u2022\u2023\u00a0\u3000\t\n"
)


@pytest.mark.parametrize("seed", range(40))
def test_rst_title_reads_back_exactly(seed):
    import random

    rng = random.Random(seed)
    for _ in range(25):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
        expected = " ".join(text.split())
        if not expected:
            continue
        title, reported = _parse_title(text)
        assert reported == "", (text, reported)
        assert title == expected, text


@pytest.mark.parametrize("text", [t for t, _ in HOSTILE_TITLES] + ["::", "..", "|", "`", "\\", "_", "* * *", "a" * 300])
def test_rst_title_table(text):
    title, reported = _parse_title(text)
    assert (title, reported) == (" ".join(text.split()), "")


# -- the folder is the user's: only files we wrote (and nobody changed) are rewritten or deleted ------------


def basic(rootdir, dest):
    return build_copy(rootdir / "test-basic", dest)


def foreign_warning(app, name: str, key: str) -> str:
    return (
        f"{app.srcdir / 'pub' / name.replace('.bib', '.rst')}: WARNING: no page generated for {key!r}: "
        f"pub/{name} exists and is not as sphinx-vitae wrote it (yours, or edited since); it is left alone "
        "— delete or rename it to have the page generated [vitae.pages]"
    )


def test_a_file_of_the_users_is_never_overwritten(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-basic", tmp_path, dirs_exist_ok=True)
    (tmp_path / "pub").mkdir()
    mine = ":orphan:\n\nMy own page about Babbage\n=========================\n"
    (tmp_path / "pub" / "babbage2019.rst").write_text(mine, encoding="utf-8")
    app = build_copy(tmp_path, tmp_path)
    assert warnings_of(app) == [foreign_warning(app, "babbage2019.rst", "babbage2019")]
    assert (tmp_path / "pub" / "babbage2019.rst").read_text(encoding="utf-8") == mine
    assert not (tmp_path / "pub" / "babbage2019.bib").exists()
    assert (tmp_path / "pub" / "smith2023shared.rst").exists()  # the other pages are generated
    # no list links to a page that is not ours
    assert soup(app, "all.html").find(id="pub-babbage2019").select_one(".vitae-title a") is None


@pytest.mark.parametrize("name", ["lovelace2022older.rst", "lovelace2022older.bib"])
def test_a_hand_edited_page_is_left_alone_until_deleted(rootdir, tmp_path, name):
    basic(rootdir, tmp_path)
    path = tmp_path / "pub" / name
    edited = path.read_text(encoding="utf-8") + "\nMy note.\n"
    path.write_text(edited, encoding="utf-8")
    app = build_copy(tmp_path, tmp_path)
    assert warnings_of(app) == [foreign_warning(app, name, "lovelace2022older")]
    assert path.read_text(encoding="utf-8") == edited
    # still one of ours when pages are turned off: the edited file stays, the others go
    app = build_copy(tmp_path, tmp_path, confoverrides={"vitae_publication_pages": False})
    assert path.read_text(encoding="utf-8") == edited
    assert not (tmp_path / "pub" / "smith2023shared.rst").exists()
    path.unlink()
    app = build_copy(tmp_path, tmp_path)
    assert warnings_of(app) == []
    assert "My note." not in path.read_text(encoding="utf-8")


def test_a_gitignore_of_the_users_is_kept(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-basic", tmp_path, dirs_exist_ok=True)
    (tmp_path / "pub").mkdir()
    (tmp_path / "pub" / ".gitignore").write_text("*.bib\n", encoding="utf-8")
    app = build_copy(tmp_path, tmp_path)
    assert warnings_of(app) == []
    assert (tmp_path / "pub" / ".gitignore").read_text(encoding="utf-8") == "*.bib\n"
    build_copy(tmp_path, tmp_path, confoverrides={"vitae_publication_pages": False})
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == [".gitignore"]


def test_pages_of_removed_entries_go_other_files_stay(rootdir, tmp_path):
    basic(rootdir, tmp_path)
    (tmp_path / "pub" / "notes.rst").write_text(":orphan:\n\nNotes\n=====\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("@book{babbage2019")
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3 :], encoding="utf-8")
    app = build_copy(tmp_path, tmp_path)
    assert "babbage2019" not in app.env.get_domain("vitae").data["pages"]
    assert not (tmp_path / "pub" / "babbage2019.rst").exists() and not (tmp_path / "pub" / "babbage2019.bib").exists()
    assert (tmp_path / "pub" / "notes.rst").exists()


def test_a_manifest_not_ours_stops_the_pages(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-basic", tmp_path, dirs_exist_ok=True)
    (tmp_path / "pub").mkdir()
    (tmp_path / "pub" / ".sphinx-vitae.json").write_text('{"files": {"index.rst": "x"}}', encoding="utf-8")
    app = build_copy(tmp_path, tmp_path)
    assert [w.split(": WARNING: ", 1)[1] for w in warnings_of(app)] == [
        (
            "pub/.sphinx-vitae.json was not written by sphinx-vitae; no publication pages are generated "
            "(move it away, or choose another vitae_publication_dir) [vitae.pages]"
        )
    ]
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == [".sphinx-vitae.json"]


def test_a_link_in_the_folder_is_never_written_through(rootdir, tmp_path):
    outside = tmp_path / "outside.rst"
    outside.write_text("keep\n", encoding="utf-8")
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", src)
    (src / "pub").mkdir()
    (src / "pub" / "babbage2019.rst").symlink_to(outside)
    app = build_copy(src, src)
    assert foreign_warning(app, "babbage2019.rst", "babbage2019") in warnings_of(app)
    assert outside.read_text(encoding="utf-8") == "keep\n"
    assert (src / "pub" / "babbage2019.rst").is_symlink()


def test_pages_written_before_the_manifest_are_taken_over(rootdir, tmp_path):
    from sphinx_vitae.pages import LEGACY_GITIGNORE, LEGACY_MARK, MANIFEST

    basic(rootdir, tmp_path)
    folder = tmp_path / "pub"
    (folder / MANIFEST).unlink()
    (folder / ".gitignore").write_text(LEGACY_GITIGNORE, encoding="utf-8")
    for page in folder.glob("*.rst"):  # as 0.1 wrote them: its mark, its title escaping
        key = re.search(r"publication-page:: (\S+)", page.read_text(encoding="utf-8"))[1]
        page.write_text(f":orphan:\n\n{LEGACY_MARK}\n\nOld title\n=========\n\n.. publication-page:: {key}\n")
    app = build_copy(tmp_path, tmp_path, freshenv=True)
    assert warnings_of(app) == []
    assert LEGACY_MARK not in (folder / "babbage2019.rst").read_text(encoding="utf-8")
    assert (folder / MANIFEST).is_file()


def test_moving_the_folder_takes_our_pages_out_of_the_old_one(rootdir, tmp_path):
    basic(rootdir, tmp_path)
    (tmp_path / "pub" / "notes.txt").write_text("mine", encoding="utf-8")
    app = build_copy(tmp_path, tmp_path, confoverrides={"vitae_publication_dir": "papers"})
    assert warnings_of(app) == []
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == ["notes.txt"]
    assert (app.outdir / "papers" / "babbage2019.html").is_file()
    assert soup(app, "index.html").find(id="pub-lovelace2024engine").select_one(".vitae-title a")["href"] == (
        "papers/lovelace2024engine.html"
    )


def test_a_folder_that_cannot_be_written_warns_and_the_site_still_builds(rootdir, tmp_path, monkeypatch):
    from sphinx_vitae import pages

    def refuse(self, name, text):
        raise PermissionError(13, "Permission denied")  # as a read-only folder does (root may write anyway)

    monkeypatch.setattr(pages.Manifest, "write", refuse)
    app = build_copy(rootdir / "test-basic", tmp_path)
    assert [w.split(": WARNING: ", 1)[1] for w in warnings_of(app)] == [
        (
            "cannot write the publication pages into pub (Permission denied); no publication pages are generated "
            "[vitae.pages]"
        )
    ]
    assert (app.outdir / "index.html").is_file()
    assert soup(app, "index.html").find(id="pub-lovelace2024engine").select_one(".vitae-title a") is None
