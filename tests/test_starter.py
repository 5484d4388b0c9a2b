"""`sphinx-vitae init`: a new site from the owner's own publications, warning-free on the first build.

Real al-folio files of the corpus (tests/corpus/alfolio/MANIFEST.tsv gives each owner) and
small hand-written exports in the shapes other tools write (DBLP's keys, al-folio's
_config.yml and resume.json) are turned into sites and built with sphinx.testing.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_copy, warnings_of
from sphinx_vitae import starter
from sphinx_vitae.keys import anchor

CORPUS = Path(__file__).parent / "corpus" / "alfolio"
HAS_MYST = importlib.util.find_spec("myst_parser") is not None
EXT = str(Path(starter.__file__).resolve().parent.parent)


def run(*argv: str | Path) -> tuple[int, str, str]:
    """main() with captured output; stdin is not a terminal (pytest's is not)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = starter.main([str(a) for a in argv])
    finally:
        sys.stdout, sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def build(site: Path):
    app = build_copy(site / "source", site / "source")
    return app, warnings_of(app)


def page(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def conf_values(site: Path) -> dict:
    namespace: dict = {}
    # the generated conf.py, run as Sphinx runs it
    exec((site / "source" / "conf.py").read_text(encoding="utf-8"), namespace)
    return namespace


def entry_ids(soup: BeautifulSoup) -> set[str]:
    return {li["id"] for li in soup.select("li.vitae-entry")}


def alfolio_repo(tmp_path: Path, bib: str, config: str | None = None, resume: dict | None = None) -> Path:
    """An al-folio repository as a user has it: papers.bib, the PDFs it names, _config.yml, resume.json."""
    repo = tmp_path / "al-folio"
    (repo / "_bibliography").mkdir(parents=True)
    shutil.copy(CORPUS / bib, repo / "_bibliography" / "papers.bib")
    records = starter.read_bib(repo / "_bibliography" / "papers.bib").records
    (repo / "assets" / "pdf").mkdir(parents=True)
    for pub in records.values():
        for link in pub.links:
            if "://" not in link.url:
                target = repo / "assets" / "pdf" / unquote(link.url)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(b"%PDF-1.4 " + link.url.encode())
    if config is not None:
        (repo / "_config.yml").write_text(config, encoding="utf-8")
    if resume is not None:
        (repo / "assets" / "json").mkdir(parents=True)
        (repo / "assets" / "json" / "resume.json").write_text(json.dumps(resume), encoding="utf-8")
    return repo


# -- three real files of different kinds, built warning-free ---------------------------------------

#: (corpus file, owner as MANIFEST.tsv gives it, whether it comes in its al-folio repository)
CASES = [
    ("001.bib", "Tanguy Ophoff", False),  # no entry selected: the newest five; accents
    ("005.bib", "Younghan Lee", True),  # relative slides links, PDFs in the repository
    ("007.bib", "Yuzhang Shang", False),  # contribution markers, selected entries
    ("009.bib", "Yichi Zhang", True),  # every entry has a relative pdf link
]


@pytest.fixture(scope="module")
def make_sites(tmp_path_factory):
    """Each case made into a site and built once per format (reStructuredText, MyST Markdown)."""
    cache: dict[bool, dict] = {}

    def make(markdown: bool) -> dict:
        if markdown not in cache:
            built = cache[markdown] = {}
            for bib, name, in_repo in CASES:
                tmp = tmp_path_factory.mktemp(bib.replace(".", "-") + ("-md" if markdown else ""))
                source = alfolio_repo(tmp, bib) / "_bibliography" / "papers.bib" if in_repo else CORPUS / bib
                site = tmp / "site"
                code, out, err = run(
                    "init", site, "--bib", source, "--name", name, *(["--markdown"] if markdown else [])
                )
                assert (code, err) == (0, ""), out
                app, warnings = build(site)
                built[bib] = (site, app, warnings, out)
        return cache[markdown]

    return make


@pytest.fixture(scope="module", params=[False, True], ids=["rst", "markdown"])
def sites(request, make_sites):
    if request.param and not HAS_MYST:
        pytest.skip("--markdown needs myst_parser, which is not importable here")
    return request.param, make_sites(request.param)


@pytest.mark.parametrize(("bib", "name", "in_repo"), CASES)
def test_site_builds_without_warnings(sites, bib, name, in_repo):
    markdown, built = sites
    site, _, warnings, out = built[bib]
    assert warnings == [], out
    suffix = ".md" if markdown else ".rst"
    assert sorted(p.name for p in (site / "source").glob(f"*{suffix}")) == [
        f"cv{suffix}",
        f"index{suffix}",
        f"publications{suffix}",
    ]
    assert (site / "refs.bib").read_bytes() == (CORPUS / bib).read_bytes()


@pytest.mark.parametrize(("bib", "name", "in_repo"), CASES)
def test_home_page_is_the_owners(sites, bib, name, in_repo):
    _, built = sites
    site, app, _, _ = built[bib]
    home = page(app, "index")
    html = str(home)
    assert home.h1.get_text().rstrip("#¶ ") == name
    assert "Jianqing Zhang" not in html and "TsingZ0" not in html
    owners = home.select("strong.vitae-owner")
    assert owners, "the owner is emphasised on the home page"
    records = starter.read_bib(site / "refs.bib").records
    selected = {anchor(k) for k, pub in records.items() if pub.selected}
    shown = entry_ids(home)
    if selected:
        assert shown == selected
    else:
        assert len(shown) == min(5, len(records))
        years = sorted((pub.year or 0 for pub in records.values()), reverse=True)
        assert sorted((records_by_anchor(records)[i].year or 0 for i in shown), reverse=True) == years[: len(shown)]
    # the example citation resolves to an entry of the page
    cite = home.select_one("a.vitae-cite")
    assert cite is not None and cite["href"].split("#")[-1].startswith("pub-")


def records_by_anchor(records):
    return {anchor(key): pub for key, pub in records.items()}


@pytest.mark.parametrize(("bib", "name", "in_repo"), CASES)
def test_all_publications_lists_every_entry(sites, bib, name, in_repo):
    _, built = sites
    site, app, _, _ = built[bib]
    records = starter.read_bib(site / "refs.bib").records
    assert entry_ids(page(app, "publications")) == {anchor(key) for key in records}


def test_markdown_builds_the_same_lists(make_sites):
    if not HAS_MYST:
        pytest.skip("--markdown needs myst_parser, which is not importable here")
    rst, md = make_sites(False), make_sites(True)
    for bib, _, _ in CASES:
        for name in ("index", "publications", "cv"):
            assert entry_ids(page(md[bib][1], name)) == entry_ids(page(rst[bib][1], name))
        assert entry_ids(page(md[bib][1], "publications"))
        assert "myst_parser" in conf_values(md[bib][0])["extensions"]
        assert "myst_parser" not in conf_values(rst[bib][0])["extensions"]
        rst_home, md_home = page(rst[bib][1], "index"), page(md[bib][1], "index")
        assert [s.get_text() for s in md_home.select("strong.vitae-owner")] == [
            s.get_text() for s in rst_home.select("strong.vitae-owner")
        ]
        assert md_home.select_one("a.vitae-cite")["href"] == rst_home.select_one("a.vitae-cite")["href"]


def test_linked_pdfs_are_copied_from_the_alfolio_repository(sites):
    _, built = sites
    site, app, _, _ = built["009.bib"]
    copied = sorted(p.name for p in (site / "source" / "_extra").iterdir())
    assert len(copied) == 13 and "aaai20_damd.pdf" in copied
    assert (Path(app.outdir) / "aaai20_damd.pdf").read_bytes().startswith(b"%PDF")
    link = page(app, "publications").find(id="pub-zhang2020task").find("a", string="[pdf]")
    assert (Path(app.outdir) / link["href"]).is_file()


def test_relative_links_without_the_files_are_named_not_hidden(tmp_path):
    # a bare papers.bib: the PDFs are elsewhere; init says which, and the build warns about those only
    code, out, err = run("init", tmp_path / "site", "--bib", CORPUS / "009.bib", "--name", "Yichi Zhang")
    assert code == 0 and err == ""
    # 13 PDFs and 13 preview images; the previews are turned off until their files are there
    assert out.count("a relative link to a file that was not found") == 26
    assert out.count(": preview = ") == 13
    assert 'vitae_previews = "off"' in (tmp_path / "site" / "source" / "conf.py").read_text(encoding="utf-8")
    _, warnings = build(tmp_path / "site")
    # one warning for the field, naming the first entry and counting the other twelve
    assert len(warnings) == 1, warnings
    assert "relative pdf link" in warnings[0] and " and 12 more " in warnings[0]
    assert warnings[0].endswith("[vitae.relative_link]")


# -- other exporters' shapes --------------------------------------------------------------------

DBLP = r"""
@inproceedings{DBLP:conf/icml/LovelaceB21,
  author    = {Ada Lovelace and Charles Babbage},
  title     = {Notes on the Analytical Engine},
  booktitle = {{ICML}},
  year      = {2021},
  url       = {https://proceedings.mlr.press/v139/lovelace21a.html},
}
@article{DBLP:journals/corr/abs-2301-00001,
  author    = {A. Lovelace},
  title     = {On Bernoulli Numbers},
  journal   = {CoRR},
  volume    = {abs/2301.00001},
  year      = {2023},
  eprinttype = {arXiv},
}
@article{DBLP:journals/jacm/Babbage20,
  author    = {Charles Babbage},
  title     = {The Difference Engine},
  journal   = {J. {ACM}},
  year      = {2020},
}
"""


def test_dblp_export_with_slashes_in_keys(tmp_path):
    bib = tmp_path / "dblp.bib"
    bib.write_text(DBLP, encoding="utf-8")
    code, out, err = run(
        "init", tmp_path / "site", "--bib", bib, "--name", "Ada Lovelace", "--url", "https://ada.example.org"
    )
    assert code == 0, err
    assert "Lovelace, A." in out  # the initials form that occurs is shown...
    assert conf_values(tmp_path / "site")["vitae_owner"] == ["Ada Lovelace", "Lovelace, A."]  # ...and kept
    app, warnings = build(tmp_path / "site")
    assert warnings == []
    home = page(app, "index")
    # no entry is selected: the owner's newest (not Babbage's own paper)
    assert entry_ids(home) == {anchor("DBLP:journals/corr/abs-2301-00001"), anchor("DBLP:conf/icml/LovelaceB21")}
    assert [s.get_text() for s in home.select("strong.vitae-owner")] == ["A. Lovelace", "Ada Lovelace"]
    assert conf_values(tmp_path / "site")["html_baseurl"] == "https://ada.example.org/"
    assert (Path(app.outdir) / "sitemap.xml").is_file()


# -- the owner's variants -----------------------------------------------------------------------

VARIANTS_BIB = r"""
@article{a, author = {Lovelace, Ada and Babbage, Charles}, title = {A}, journal = {J}, year = {2020}}
@article{b, author = {A. Lovelace and Lovelace, Anne}, title = {B}, journal = {J}, year = {2021}}
@article{c, author = {Ada B. Lovelace}, title = {C}, journal = {J}, year = {2022}}
@article{d, author = {Lovelace, A. B. and Ada Lovelace$^*$}, title = {D}, journal = {J}, year = {2023}}
@article{e, author = {Lovelace, Ada-Marie}, title = {E}, journal = {J}, year = {2024}}
"""


@pytest.fixture()
def variants_bib(tmp_path):
    path = tmp_path / "v.bib"
    path.write_text(VARIANTS_BIB, encoding="utf-8")
    return starter.read_bib(path)


@pytest.mark.parametrize(
    ("names", "sure", "maybe"),
    [
        # strict matches; a middle initial is offered apart, kept when the first name is in full
        (["Ada Lovelace"], ["Ada Lovelace", "Lovelace, A."], [("Lovelace, Ada B.", True), ("Lovelace, A. B.", False)]),
        # the other way round: the given name has the middle initial, the file also lacks it
        (
            ["Ada B. Lovelace"],
            ["Ada B. Lovelace", "Lovelace, A. B."],
            [("Lovelace, Ada", True), ("Lovelace, A.", False)],
        ),
        # a hyphenated name is one name: "Ada" is not its start, so "Ada B." is not offered;
        # initials are offered, never kept unasked ("A. B." may be "Anne B.")
        (["Ada-Marie Lovelace"], ["Ada-Marie Lovelace", "Lovelace, A."], [("Lovelace, A. B.", False)]),
        (["Anne Lovelace"], ["Anne Lovelace", "Lovelace, A."], [("Lovelace, A. B.", False)]),
        (["Grace Hopper"], [], []),
    ],
)
def test_guessed_variants(variants_bib, names, sure, maybe):
    guess = starter.guess_variants(names, starter.spellings(variants_bib))
    assert [s.text for s in guess.sure] == sure
    assert [(s.text, keep) for s, keep in guess.maybe] == maybe


def test_variants_written_to_conf_and_emphasised(tmp_path, variants_bib):
    code, out, err = run("init", tmp_path / "site", "--bib", variants_bib.path, "--name", "Ada Lovelace")
    assert code == 0, err
    # "Ada B. Lovelace" is kept (the first name in full); with it "A. B. Lovelace" is that name too,
    # so it is listed, not left out: what conf.py says is all that is emphasised
    assert "left out" not in out
    owner = ["Ada Lovelace", "Lovelace, A.", "Lovelace, Ada B.", "Lovelace, A. B."]
    assert conf_values(tmp_path / "site")["vitae_owner"] == owner
    app, warnings = build(tmp_path / "site")
    assert warnings == []
    emphasised = sorted(s.get_text() for s in page(app, "publications").select("strong.vitae-owner"))
    assert emphasised == ["A. B. Lovelace", "A. Lovelace", "Ada B. Lovelace", "Ada Lovelace", "Ada Lovelace"]
    assert "Anne Lovelace" not in emphasised and "Ada-Marie Lovelace" not in emphasised


def test_a_form_left_out_is_said(tmp_path):
    bib = tmp_path / "v.bib"
    bib.write_text(VARIANTS_BIB.replace("Ada B. Lovelace", "Charles Babbage"), encoding="utf-8")
    code, out, err = run("init", tmp_path / "site", "--bib", bib, "--name", "Ada Lovelace")
    assert code == 0, err
    assert "left out: Lovelace, A. B.  (1 entry)" in out
    assert "Lovelace, A. B." not in conf_values(tmp_path / "site")["vitae_owner"]


@pytest.mark.parametrize(
    ("typed", "candidate"),
    [
        ("Yuzang Shang", "Shang, Yuzhang"),  # a typo in the given name: the same family name
        ("Shang Yuzhang", "Shang, Yuzhang"),  # family name first, without the comma
        ("Yuzhang Shnag", "Shang, Yuzhang"),  # a typo in the family name
        ("Y. Shang", None),
    ],
)
def test_a_name_nobody_has_lists_the_closest(tmp_path, typed, candidate):
    code, out, err = run("init", tmp_path / "site", "--bib", CORPUS / "007.bib", "--name", typed)
    if candidate is None:  # "Y. Shang" is a strict match of "Yuzhang Shang" in the file
        assert code == 0 and conf_values(tmp_path / "site")["vitae_owner"] == ["Y. Shang", "Shang, Yuzhang"]
        return
    assert code == 1 and len(err.splitlines()) == 1 and "matches no author" in err
    assert f"1. {candidate}" in out
    assert not (tmp_path / "site").exists()


ALFOLIO_CONFIG = """\
title: blank
first_name: Yichi
middle_name:
last_name: Zhang
email: yichi@umich.example.edu
url: https://594zyc.github.io
baseurl:
lang: en
github_username: 594zyc
scholar_userid: abcDEF123
orcid_id: 0000-0002-1825-0097
linkedin_username:
x_username: yichi_z
scholar:
  last_name: [Zhang]
  first_name: [Yichi, Y.]
  style: apa
"""


def test_alfolio_config_gives_the_variants_and_profile(tmp_path):
    repo = alfolio_repo(tmp_path, "009.bib", config=ALFOLIO_CONFIG)
    site = tmp_path / "site"
    code, _, err = run("init", site, "--bib", repo / "_bibliography" / "papers.bib", "--config", repo / "_config.yml")
    assert code == 0, err
    conf = conf_values(site)
    # "Zhang, Yichi" is "Yichi Zhang" (one parsed name): listed once
    assert conf["vitae_owner"] == ["Yichi Zhang", "Zhang, Y."]
    assert conf["html_baseurl"] == "https://594zyc.github.io/"
    assert conf["vitae_profile"] == {
        "name": "Yichi Zhang",
        "email": "yichi@umich.example.edu",
        "links": {
            "GitHub": "https://github.com/594zyc",
            "Google Scholar": "https://scholar.google.com/citations?user=abcDEF123",
            "ORCID": "https://orcid.org/0000-0002-1825-0097",
            "X": "https://x.com/yichi_z",
        },
    }
    assert conf["latex_documents"][0][1] == "yichi-zhang.tex"
    app, warnings = build(site)
    assert warnings == []
    home = page(app, "index")
    assert home.find("a", string="GitHub")["href"] == "https://github.com/594zyc"


def test_template_placeholders_of_alfolio_are_not_kept(tmp_path):
    # al-folio's own defaults ("you@example.com") are a template's, not a person's
    config = ALFOLIO_CONFIG.replace("yichi@umich.example.edu", "you@example.com")
    repo = alfolio_repo(tmp_path, "009.bib", config=config)
    assert (
        run(
            "init", tmp_path / "site", "--bib", repo / "_bibliography" / "papers.bib", "--config", repo / "_config.yml"
        )[0]
        == 0
    )
    assert "email" not in conf_values(tmp_path / "site")["vitae_profile"]


# -- the CV page from resume.json ------------------------------------------------------------------

RESUME = {
    "basics": {
        "name": "Younghan Lee",
        "email": "younghan@example.kr",
        "summary": "I study *federated* learning_ security.\n\n1. Not a list: just a sentence.",
        "profiles": [{"network": "GitHub", "username": "201younghanlee", "url": "https://github.com/201younghanlee"}],
    },
    "work": [
        {"name": "Taislab", "position": "Research Scientist", "startDate": "2024-09-01", "url": "https://taislab.github.io/"},
        {"name": "ACME <Labs> | R&D", "position": "Intern `C#` [1]_", "startDate": "2022-06", "endDate": "2022-08",
         "summary": "- built things", "highlights": ["Shipped :pub:`x` safely"]},
    ],
    "education": [
        {"institution": "Seoul National University", "area": "Computer Science", "studyType": "PhD",
         "startDate": "2019-01-01", "endDate": "2024-01-01"},
        {"institution": "KAIST", "area": "Electrical Engineering", "studyType": "BS", "startDate": "2015", "endDate": "2019"},
    ],
}  # fmt: skip

CV_LINES = [
    "2019 – 2024 · PhD in Computer Science, Seoul National University",
    "2015 – 2019 · BS in Electrical Engineering, KAIST",
    "Sep 2024 – present · Research Scientist, Taislab",
    "Jun 2022 – Aug 2022 · Intern `C#` [1]_, ACME <Labs> | R&D",
]


@pytest.mark.parametrize("markdown", [False, True], ids=["rst", "markdown"])
def test_resume_fills_the_cv_page(tmp_path, markdown):
    if markdown and not HAS_MYST:
        pytest.skip("--markdown needs myst_parser, which is not importable here")
    repo = alfolio_repo(tmp_path, "005.bib", resume=RESUME)
    site = tmp_path / "site"
    args = ["init", site, "--bib", repo / "_bibliography" / "papers.bib", "--resume", repo / "assets/json/resume.json"]
    code, _, err = run(*args, *(["--markdown"] if markdown else []))
    assert code == 0, err
    app, warnings = build(site)
    assert warnings == []
    cv = page(app, "cv")
    sections = {s.h2.get_text().rstrip("#¶ "): s for s in cv.select("section section")}
    assert list(sections) == ["Education", "Work", "Publications"]
    items = [
        " ".join(p.get_text().split()) for s in ("Education", "Work") for p in sections[s].select("li > p:first-child")
    ]
    assert items == CV_LINES  # every character as written, markup characters too
    intern = sections["Work"].select("li")[1]
    assert [" ".join(p.get_text().split()) for p in intern.select("p")][1:] == [
        "- built things",
        "Shipped :pub:`x` safely",
    ]
    assert sections["Work"].find("a", string="Taislab")["href"] == "https://taislab.github.io/"
    home = page(app, "index")
    bio = [p.get_text() for p in home.select("section > p")]
    assert "I study *federated* learning_ security." in bio and "1. Not a list: just a sentence." in bio
    profile = conf_values(site)["vitae_profile"]
    assert profile["affiliation"] == "Research Scientist, Taislab"
    assert profile["links"] == {"GitHub": "https://github.com/201younghanlee"}


def test_cv_placeholder_without_resume(sites):
    _, built = sites
    _, app, _, _ = built["007.bib"]
    cv = page(app, "cv")
    assert "Your education and positions go here" in cv.get_text()


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ({"startDate": "1933-01-01", "endDate": "1955-01-01"}, "1933 – 1955"),
        ({"startDate": "2019-09", "endDate": ""}, "Sep 2019 – present"),
        ({"startDate": "2020-03-15", "endDate": "2020-03-15"}, "Mar 2020"),
        ({"endDate": "2018"}, "until 2018"),
        ({"startDate": "Fall 2019"}, "Fall 2019 – present"),
        ({}, ""),
    ],
)
def test_dates(raw, shown):
    assert starter.dates(raw) == shown


# -- never overwrite -------------------------------------------------------------------------------


def test_an_existing_folder_is_refused(tmp_path):
    site = tmp_path / "site"
    (site / "source").mkdir(parents=True)
    (site / "source" / "conf.py").write_bytes(b"# mine\n")
    code, _, err = run("init", site, "--bib", CORPUS / "007.bib", "--name", "Yuzhang Shang")
    assert code == 1 and "not empty" in err and "--merge" in err
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["source", "source/conf.py"]


def test_merge_writes_only_what_is_missing(tmp_path):
    site = tmp_path / "site"
    (site / "source").mkdir(parents=True)
    mine = b"# my own conf.py\nextensions = []\n"
    (site / "source" / "conf.py").write_bytes(mine)
    (site / "Makefile").write_bytes(b"all:\n")
    code, out, err = run("init", site, "--bib", CORPUS / "007.bib", "--name", "Yuzhang Shang", "--merge")
    assert code == 0, err
    assert (site / "source" / "conf.py").read_bytes() == mine
    assert (site / "Makefile").read_bytes() == b"all:\n"
    skipped = out.split("Skipped", 1)[1]
    assert "source/conf.py" in skipped and "Makefile" in skipped
    assert (site / "source" / "index.rst").is_file() and (site / "refs.bib").is_file()


def test_write_never_replaces_a_file(tmp_path):
    (tmp_path / "a").write_bytes(b"old")
    written, skipped = starter.write(tmp_path, {"a": b"new", "b/c": b"new"})
    assert (written, skipped) == (["b/c"], ["a"]) and (tmp_path / "a").read_bytes() == b"old"


# -- bad input: one line, no traceback, nothing written ----------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    good = str(CORPUS / "007.bib")
    files = {
        "prose.bib": b"This is not BibTeX at all.\n",
        "latin1.bib": "@article{k, author={M\xfcller, Jan}, title={T}, journal={J}, year={2020}}".encode("latin-1"),
        "broken.yml": b"scholar: [unclosed\n",
        "list.yml": b"- a\n- b\n",
        "resume.txt": b"{not json",
        "resume-list.json": b'{"education": {"institution": "X"}}',
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    p = str(tmp_path)
    return {
        "missing bib": (["--bib", f"{p}/nope.bib"], "no such file"),
        "bib is a folder": (["--bib", p], "is a folder"),
        "not bibtex": (["--bib", f"{p}/prose.bib"], "no BibTeX entry could be read"),
        "not utf-8": (["--bib", f"{p}/latin1.bib"], "not UTF-8"),
        "config not yaml": (["--bib", good, "--config", f"{p}/broken.yml"], "not valid YAML (line 2"),
        "config not a mapping": (["--bib", good, "--config", f"{p}/list.yml"], "not an al-folio _config.yml"),
        "missing config": (["--bib", good, "--config", f"{p}/none.yml"], "no such file"),
        "resume not json": (["--bib", good, "--resume", f"{p}/resume.txt"], "not valid JSON (line 1"),
        "resume education": (["--bib", good, "--resume", f"{p}/resume-list.json"], "'education' should be a list"),
        "bad url": (["--bib", good, "--url", "javascript:alert(1)"], "--url should be an absolute http(s) address"),
    }


@pytest.mark.parametrize(
    "case",
    ["missing bib", "bib is a folder", "not bibtex", "not utf-8", "config not yaml", "config not a mapping",
     "missing config", "resume not json", "resume education", "bad url"],
)  # fmt: skip
def test_bad_input_gives_one_clean_line(tmp_path, case):
    args, message = _bad_inputs(tmp_path)[case]
    code, out, err = run("init", tmp_path / "site", "--name", "Yuzhang Shang", *args)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("sphinx-vitae init: error: ") and message in err, err
    assert "Traceback" not in out + err
    assert not (tmp_path / "site").exists()


def test_target_is_a_file(tmp_path):
    (tmp_path / "site").write_text("x")
    code, _, err = run("init", tmp_path / "site", "--bib", CORPUS / "007.bib", "--name", "Yuzhang Shang")
    assert code == 1 and "is not a folder" in err


def test_markdown_without_myst_fails_before_writing(tmp_path, monkeypatch):
    real = starter._importable
    monkeypatch.setattr(starter, "_importable", lambda module: module != "myst_parser" and real(module))
    code, _, err = run("init", tmp_path / "site", "--bib", CORPUS / "007.bib", "--name", "Yuzhang Shang", "--markdown")
    assert code == 1 and "--markdown needs myst-parser" in err and "pip install myst-parser" in err
    assert not (tmp_path / "site").exists()


def test_config_without_pyyaml_says_how_to_install(tmp_path, monkeypatch):
    (tmp_path / "_config.yml").write_text(ALFOLIO_CONFIG)
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml raises ImportError
    code, _, err = run("init", tmp_path / "site", "--bib", CORPUS / "009.bib", "--config", tmp_path / "_config.yml")
    assert code == 1 and "pip install pyyaml" in err
    assert not (tmp_path / "site").exists()


def test_problems_of_the_bib_are_named_at_init(tmp_path):
    # a duplicate key (006.bib): the site would warn, so init says so, with the line
    code, out, _ = run("init", tmp_path / "site", "--bib", CORPUS / "006.bib", "--name", "Rajesh Nakka")
    assert code == 0
    assert "duplicate key 'Nakka2023'" in out


# -- terminal or not ----------------------------------------------------------------------------------


def _subprocess(*argv: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": EXT}
    return subprocess.run(
        [sys.executable, "-m", "sphinx_vitae.starter", *argv],
        check=False, capture_output=True, text=True, env=env, timeout=120, **kwargs,
    )  # fmt: skip


def test_help_from_the_module():
    result = _subprocess("--help")
    assert result.returncode == 0 and "init" in result.stdout
    result = _subprocess("init", "--help")
    assert result.returncode == 0
    for flag in ("--bib", "--name", "--config", "--resume", "--url", "--markdown", "--yes", "--merge"):
        assert flag in result.stdout


def test_no_terminal_never_waits_for_input(tmp_path):
    # stdin is a pipe that stays open: reading it would hang until the timeout
    proc = subprocess.Popen(
        [sys.executable, "-m", "sphinx_vitae.starter", "init", str(tmp_path / "site"), "--bib", str(CORPUS / "007.bib")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": EXT},
    )  # fmt: skip
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
        proc.stdin.close()
    assert proc.returncode == 2 and "--name" in err and "Traceback" not in err
    assert not (tmp_path / "site").exists()
    # everything given: it runs to the end without a question
    done = _subprocess("init", str(tmp_path / "site"), "--bib", str(CORPUS / "007.bib"), "--name", "Yuzhang Shang",
                       stdin=subprocess.PIPE)  # fmt: skip
    assert done.returncode == 0 and (tmp_path / "site" / "source" / "conf.py").is_file()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_interactive_asks_for_what_is_missing(tmp_path, monkeypatch, variants_bib):
    # no folder and no name; a typo first, then the number of a candidate; then the middle initials
    answers = [str(tmp_path / "site"), "Ada Lovelase", "1", "n", "y", "y"]
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        if not answers:
            raise EOFError
        return answers.pop(0)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", ask)
    code, _, err = run("init", "--bib", variants_bib.path)
    assert code == 0, (err, prompts)
    assert prompts[0].startswith("Folder for the new site") and prompts[1].startswith("Your name")
    assert "Is Lovelace, Ada B." in prompts[3] and "Is Lovelace, A. B." in prompts[4]
    assert prompts[5].startswith("Use these names?")
    owner = conf_values(tmp_path / "site")["vitae_owner"]
    assert owner[0] in {"Lovelace, Ada", "Ada Lovelace"} and "Lovelace, A. B." in owner
    assert "Lovelace, Ada B." not in owner


def test_interactive_end_of_input_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal())

    def eof(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", eof)
    code, _, err = run("init", tmp_path / "site", "--bib", CORPUS / "007.bib")
    assert code == 1 and "end of input" in err
    assert not (tmp_path / "site").exists()


def test_yes_asks_nothing_even_in_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail(f"asked {prompt!r}"))
    code, _, err = run("init", tmp_path / "site", "--bib", CORPUS / "007.bib", "--name", "Yuzhang Shang", "--yes")
    assert code == 0, err


# -- the Makefile and the workflow ---------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_makefile_uses_the_python_that_ran_init_unless_a_venv_exists(tmp_path):
    site = tmp_path / "site"
    assert run("init", site, "--bib", CORPUS / "007.bib", "--name", "Yuzhang Shang")[0] == 0
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHON", "MAKEFLAGS"}}
    dry = subprocess.run(["make", "-n", "html"], cwd=site, capture_output=True, text=True, env=env, check=True)
    assert f'"{sys.executable}" -m sphinx -M html' in dry.stdout
    venv_python = site / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text("#!/bin/sh\n")
    dry = subprocess.run(["make", "-n", "html"], cwd=site, capture_output=True, text=True, env=env, check=True)
    assert '".venv/bin/python" -m sphinx -M html' in dry.stdout
    for target in ("latexpdf", "livehtml", "clean"):
        assert (
            subprocess.run(["make", "-n", target], cwd=site, capture_output=True, env=env, check=False).returncode == 0
        )


def test_workflow_and_gitignore(tmp_path):
    site = tmp_path / "site"
    assert run("init", site, "--bib", CORPUS / "007.bib", "--name", "Yuzhang Shang")[0] == 0
    workflow = (site / ".github" / "workflows" / "pages.yml").read_text()
    assert "pip install -r requirements.txt" in workflow and "make html PYTHON=python" in workflow
    assert "SITE_URL: ${{ steps.pages.outputs.base_url }}/" in workflow
    assert "actions/deploy-pages" in workflow
    assert "sphinx-vitae[site]" in (site / "requirements.txt").read_text()
    ignored = (site / ".gitignore").read_text().split()
    assert {"build/", "source/pub/", ".venv/"} <= set(ignored)
    # the package data is declared, so an installed sphinx-vitae has the templates too
    # the templates ship in the package: some package-data glob covers each of them
    import fnmatch
    import re

    globs = re.search(r"^sphinx_vitae = \[(.*)\]$", (ROOT / "pyproject.toml").read_text(), re.M)[1]
    patterns = re.findall(r'"([^"]+)"', globs)
    for template in ("templates/starter/Makefile", "templates/starter/gitignore", "templates/starter/pages.yml"):
        assert any(fnmatch.fnmatch(template, pattern) for pattern in patterns), template


@pytest.mark.parametrize(
    ("name", "variants", "title"),
    [
        ("Kim, J.-Y.", ["Ji-Young Kim"], "Ji-Young Kim"),
        ("Lovelace, Ada", ["Lovelace, A."], "Ada Lovelace"),
        ("Ada Lovelace", [], "Ada Lovelace"),
        ("Zhang, Jianqing", ["Jianqing (Tsing) Zhang"], "Jianqing Zhang"),
        ("张建清", [], "张建清"),
    ],
)
def test_the_title_is_the_fullest_name_first_name_first(name, variants, title):
    from sphinx_vitae.starter import display_name

    assert display_name(name, variants) == title


def test_alfolio_template_default_owner_is_not_taken_for_the_owner(tmp_path):
    """A _config.yml whose scholar: block was left at al-folio's Einstein names the owner by
    first_name/last_name instead (found on a real site)."""
    bib = tmp_path / "papers.bib"
    bib.write_text(
        "@article{lee2024, title={A}, author={Lee, Jungeun and Lee, Seongjae}, journal={J}, year={2024}}\n",
        encoding="utf-8",
    )
    config = tmp_path / "_config.yml"
    config.write_text(
        "first_name: Jungeun\nlast_name: Lee\nscholar:\n  last_name: [Einstein]\n  first_name: [Albert, A.]\n",
        encoding="utf-8",
    )
    code, _out, err = run("init", tmp_path / "site", "--bib", bib, "--config", config, "--yes")
    assert code == 0, err
    conf = (tmp_path / "site" / "source" / "conf.py").read_text(encoding="utf-8")
    assert "Einstein" not in conf and '"Jungeun Lee"' in conf and "Seongjae" not in conf
