"""Every entry has its own anchor and page name, from its key alone, whatever the key.

Keys from real files: IEEE's digits, DOIs, CJK, DBLP's colons, punctuation that pybtex
accepts, and keys that differ only in punctuation or accents.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from sphinx_vitae.keys import anchor, slug

KEYS = [
    "9054074",
    "10.1145/3696409.3700211",
    "2021HUST_SVNCKH",
    "梶原2015lqg",
    "胡俊杰2020",
    "lee_2016",
    "lee-2016",
    "DBLP:conf/x/Lee20",
    "O'Brien(2019)=#~",
    "Müller2020",
    "mueller2020",
]


def test_slugs_are_safe_unique_and_depend_on_the_key_alone():
    slugs = [slug(key) for key in KEYS]
    assert len(set(slugs)) == len(KEYS), slugs
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs), slugs
    assert slugs == [slug(key) for key in reversed(KEYS)][::-1]  # no dependence on order
    # readable keys stay readable; keys compare case-blind as in BibTeX
    assert slug("Zhang2023FedALA") == "zhang2023fedala" == slug("zhang2023fedala")
    assert slug("9054074") == "9054074" and slug("lee-2016") == "lee-2016"
    assert slug("梶原2015lqg") != slug("胡原2015lqg")  # CJK characters count
    assert slug("lee_2016") != slug("lee.2016") != slug("lee-2016")
    # keys pybtex keeps apart (it compares with str.lower) never share a slug
    for one, other in (("Straße2020", "Strasse2020"), ("ﬁsher2020", "fisher2020")):
        assert one.lower() != other.lower() and slug(one) != slug(other), (one, other)


@pytest.mark.parametrize("key", ["", "-", "..", "a" * 500, "\u200b", "😀"])
def test_slugs_of_degenerate_keys(key):
    value = slug(key)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) and len(value) <= 80


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_each_entry_has_its_own_anchor_and_citations_land_on_it(make_app, rootdir, tmp_path, builder):
    import shutil

    src = tmp_path / "anchors"
    shutil.copytree(rootdir / "test-anchors", src)
    app = make_app(builder, srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    all_page = app.outdir / ("all.html" if builder == "html" else "all/index.html")
    page = BeautifulSoup(all_page.read_text(encoding="utf-8"), "html.parser")
    ids = [li.get("id") for li in page.select("li.vitae-entry")]
    titles = {li["id"]: li.select_one(".vitae-title").get_text() for li in page.select("li.vitae-entry")}
    assert sorted(ids) == sorted(anchor(key) for key in KEYS)
    index = app.outdir / "index.html"  # the same name with html and dirhtml
    home = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    links = [
        a["href"]
        for a in home.select("a.reference")
        if "vitae-cite" in " ".join(a.get("class", [])) or a.find(class_="vitae-cite")
    ]
    assert len(links) == len(KEYS), links
    for number, (key, href) in enumerate(zip(KEYS, links, strict=True)):
        _target, _, fragment = href.partition("#")
        assert fragment == anchor(key), (key, href)
        assert titles[fragment] == f"Paper number {number}"
    # a page per entry, named from the key alone
    for key in KEYS:
        name = f"pub/{slug(key)}.html" if builder == "html" else f"pub/{slug(key)}/index.html"
        assert (app.outdir / name).is_file(), name


def test_latex_labels_are_distinct(make_app, rootdir, tmp_path):
    import shutil

    src = tmp_path / "anchors"
    shutil.copytree(rootdir / "test-anchors", src)
    app = make_app("latex", srcdir=src)
    app.build()
    (tex,) = app.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    labels = re.findall(r"\\label\{\\detokenize\{[^}]*:(pub-[^}]*)\}\}", text)
    assert sorted(set(labels)) == sorted(anchor(key) for key in KEYS)
