"""Long author lists (``vitae_max_authors``, ``:max-authors:``) and preview images.

A 300-author entry with the owner 150th, folded after five names: the first five, the
owner between "…", a control that reveals all 300 in place with their links and
emphasis; "et al." in the PDF with the owner still named. Preview images: relative (under
the site's root, or ``vitae_link_base``) and absolute, on the web only.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from pybtex.database import Entry, Person

from conftest import ROOT, build_copy, warnings_of
from sphinx_vitae.config import SETTINGS, check
from sphinx_vitae.records import from_entry
from sphinx_vitae.render import RenderContext, render_authors, render_entry
from sphinx_vitae.webparts import authors_fold


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-authors-limit", tmp_path_factory.mktemp("limit"))


@pytest.fixture(scope="module")
def pdf_source(rootdir, tmp_path_factory):
    app = build_copy(rootdir / "test-authors-limit", tmp_path_factory.mktemp("limit-latex"), "latex")
    (path,) = app.outdir.glob("*.tex")
    return app, path.read_text(encoding="utf-8")


def soup(app, name: str) -> BeautifulSoup:
    return BeautifulSoup((app.outdir / name).read_text(encoding="utf-8"), "html.parser")


def entry(page: BeautifulSoup, key: str):
    return page.find("li", id=f"pub-{key}")


def visible_text(authors) -> str:
    """The authors as a reader sees them folded: without the revealed rest and the "(show fewer)"."""
    copy = BeautifulSoup(str(authors), "html.parser")
    for hidden in copy.select(".vitae-authors-rest, .vitae-more-less"):
        hidden.decompose()
    return copy.get_text()


def test_builds_without_warnings(site, pdf_source):
    assert warnings_of(site) == []
    assert warnings_of(pdf_source[0]) == []


def test_first_five_then_the_owner_then_a_control_for_all_300(site):
    authors = entry(soup(site, "index.html"), "big300").select_one(".vitae-authors")
    shown = visible_text(authors)
    assert shown == (
        "Person Author001, Person Author002, Person Author003, Person Author004, Person Author005, …, "
        "Ada Lovelace, … and 294 more authors"
    )
    gap = authors.select_one(".vitae-fold > .vitae-authors-gap")
    assert [s.get_text() for s in gap.select("strong.vitae-owner")] == ["Ada Lovelace"]
    control = authors.select_one("label.vitae-more-authors")
    switch = control.select_one("input.vitae-more-switch")
    assert switch["type"] == "checkbox" and switch["aria-label"] == "show all 300 authors"
    assert control.select_one(".vitae-more-count").get_text() == "and 294 more authors"
    assert control.select_one(".vitae-more-less").get_text() == "(show fewer)"


def test_the_revealed_rest_keeps_every_name_link_marker_and_emphasis(site):
    authors = entry(soup(site, "index.html"), "big300").select_one(".vitae-authors")
    rest = authors.select_one(".vitae-fold > .vitae-authors-rest")
    names = rest.get_text().lstrip(", ").split(", ")
    assert len(names) == 295 and names[0] == "Person Author006" and names[-1] == "Person Author300"
    assert names[144] == "Ada Lovelace"
    # al-folio #790: its revealed names lose their links; here each keeps its link
    assert {a.get_text(): a["href"] for a in rest.select("a.vitae-coauthor")} == {
        "Person Author007": "https://example.org/seven",
        "Person Author200": "https://example.org/two-hundred",
    }
    assert rest.select_one("a.vitae-coauthor + sup.vitae-contrib").get_text() == "*"
    assert [s.get_text() for s in rest.select("strong.vitae-owner")] == ["Ada Lovelace"]
    # the head keeps its own link too
    assert authors.find("a", href="https://example.org/two").get_text() == "Person Author002"


def test_the_full_list_shows_exactly_the_300_authors_once(site):
    authors = entry(soup(site, "index.html"), "big300").select_one(".vitae-authors")
    copy = BeautifulSoup(str(authors), "html.parser")
    for folded in copy.select(".vitae-authors-gap, label.vitae-more-authors, sup.vitae-contrib"):
        folded.decompose()
    names = copy.get_text().strip().split(", ")
    assert names == [f"Person Author{i:03d}" if i != 150 else "Ada Lovelace" for i in range(1, 301)]


def test_the_owner_last_needs_no_trailing_gap(site):
    authors = entry(soup(site, "index.html"), "last20").select_one(".vitae-authors")
    assert visible_text(authors) == (
        "Te Tail01, Te Tail02, Te Tail03, Te Tail04, Te Tail05, …, Ada Lovelace and 14 more authors"
    )
    assert authors.select_one("input")["aria-label"] == "show all 20 authors"


def test_no_fold_when_it_would_hide_no_one_or_the_list_is_short(site):
    page = soup(site, "index.html")
    for key in ("six", "small3"):
        assert entry(page, key).select(".vitae-fold") == []
    assert entry(page, "six").select_one(".vitae-authors").get_text().endswith("E. Epsilon, Ada Lovelace")


def test_and_others_is_counted_as_more(site):
    authors = entry(soup(site, "index.html"), "others").select_one(".vitae-authors")
    assert visible_text(authors) == "A. One, B. Two, C. Three, D. Four, E. Five, …, Ada Lovelace, … and 3+ more authors"
    assert authors.select_one("input")["aria-label"] == "show all 9+ authors"
    assert authors.select_one(".vitae-authors-rest").get_text().endswith("I. Nine et al.")


def test_the_option_and_its_al_folio_alias_and_emphasize(site):
    lab = entry(soup(site, "lab.html"), "big300").select_one(".vitae-authors")
    assert visible_text(lab) == (
        "Person Author001, Person Author002, Person Author003, …, Ada Lovelace, …, Person Author250, … "
        "and 295 more authors"
    )
    assert [s.get_text() for s in lab.select(".vitae-authors-gap strong")] == ["Ada Lovelace", "Person Author250"]
    everything = entry(soup(site, "all.html"), "big300")
    assert everything.select(".vitae-fold") == []  # :max-authors: all
    assert everything.select_one(".vitae-authors").get_text().count(", ") == 299


def test_publication_page_lists_every_author(site):
    page = soup(site, "pub/big300.html")
    assert page.select(".vitae-fold") == []
    assert page.select_one(".vitae-page-authors").get_text().count(", ") == 299


def test_search_index_has_every_author_once(site):
    text = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for word in ("author250", "author299", "author006"):
        assert word in index["terms"], word
    assert "fewer" not in index["terms"]  # the control's words are not the entry's


def test_pdf_says_et_al_and_keeps_the_owner(pdf_source):
    _, tex = pdf_source
    selected = tex[tex.index(r"\chapter{Selected}") :]
    big = re.search(r"Three Hundred\}\. \\DUrole\{vitae-authors\}\{(.*?)\}\. \\DUrole", selected).group(1)
    assert big == (
        r"Person Author001, \sphinxhref{https://example.org/two}{Person Author002}, Person Author003, "
        r"Person Author004, Person Author005, …, \sphinxstylestrong{Ada Lovelace}, … et al"
    )
    last = re.search(r"Comes Last\}\. \\DUrole\{vitae-authors\}\{(.*?)\}\. \\DUrole", selected).group(1)
    assert last.endswith(r"Te Tail05, …, \sphinxstylestrong{Ada Lovelace}")
    assert "Person Author200" not in selected and "show all" not in tex and "more authors" not in tex
    # one full stop after "et al"
    assert "et al}. " in selected and "et al.}." not in tex and "et al}.." not in tex


def test_previews_on_the_web_relative_and_absolute(site):
    page = soup(site, "index.html")
    big = entry(page, "big300")
    assert "vitae-has-preview" in big["class"]
    img = big.select_one("img.vitae-preview")
    assert img["src"] == "big.png" and (site.outdir / "big.png").is_file()
    assert img["alt"] == "A Collaboration of Three Hundred"
    assert img["loading"] == "lazy" and (img["width"], img["height"]) == ("160", "120")
    small = entry(page, "small3").select_one("img.vitae-preview")
    assert small["src"] == "https://example.org/img/small%20three.png"
    assert entry(page, "six").select("img") == []
    # a page one folder down reaches the same file
    assert soup(site, "lab.html").select_one("img.vitae-preview")["src"] == "big.png"


def test_no_preview_in_the_pdf(pdf_source):
    _, tex = pdf_source
    assert "big.png" not in tex and "includegraphics" not in tex and "small%20three" not in tex


def test_preview_under_vitae_link_base_and_turned_off(rootdir, tmp_path):
    app = build_copy(
        rootdir / "test-authors-limit",
        tmp_path / "base",
        confoverrides={"vitae_link_base": {"preview": "https://cdn.example.org/previews/"}},
    )
    assert warnings_of(app) == []
    page = soup(app, "index.html")
    assert entry(page, "big300").select_one("img")["src"] == "https://cdn.example.org/previews/big.png"
    assert entry(page, "small3").select_one("img")["src"] == "https://example.org/img/small%20three.png"
    off = build_copy(rootdir / "test-authors-limit", tmp_path / "off", confoverrides={"vitae_previews": "off"})
    assert soup(off, "index.html").select("img.vitae-preview") == []
    printed = build_copy(rootdir / "test-authors-limit", tmp_path / "all", confoverrides={"vitae_previews": "all"})
    assert "vitae-preview-print" in entry(soup(printed, "index.html"), "big300").select_one("img")["class"]


def test_the_limit_is_part_of_the_entry_cache_key(rootdir, tmp_path):
    """The entries' HTML is cached by their settings: a new limit renders them anew."""
    src = tmp_path / "src"
    build_copy(rootdir / "test-authors-limit", src)
    again = build_copy(src, src, confoverrides={"vitae_max_authors": 2})
    authors = entry(soup(again, "index.html"), "big300").select_one(".vitae-authors")
    assert visible_text(authors).startswith("Person Author001, Person Author002, …, Ada Lovelace")
    assert authors.select_one(".vitae-more-count").get_text() == "and 297 more authors"


def test_bad_option_is_named_and_the_setting_used(rootdir, tmp_path):
    src = tmp_path / "src"
    build_copy(rootdir / "test-authors-limit", src, buildername="html")
    (src / "lab.rst").write_text("Lab\n===\n\n.. publications::\n   :keys: big300\n   :max-authors: three\n")
    app = build_copy(src, src)
    found = [line for line in warnings_of(app) if "max-authors" in line]
    assert len(found) == 1, warnings_of(app)
    assert re.search(
        r"lab\.rst:4: WARNING: :max-authors: should be a whole number of at least 1 or 'all', not 'three'; "
        r"using vitae_max_authors \(5\) \[vitae\.bad_option\]$",
        found[0],
    ), found[0]
    assert visible_text(entry(soup(app, "lab.html"), "big300").select_one(".vitae-authors")).endswith(
        "and 294 more authors"
    )


SETTING = {setting.name: setting for setting in SETTINGS}


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), (3, 3), ("7", 7), (0, None), (-2, None), (True, None), ("x", None)]
)
def test_max_authors_setting_is_checked(value, expected):
    reports: list[str] = []
    got = check(SETTING["vitae_max_authors"], value, lambda where, message: reports.append(message))
    assert got == expected
    assert bool(reports) == (value not in (None, 3, "7")), reports
    if reports:
        assert reports == [
            f"vitae_max_authors should be None (no limit) or a whole number of at least 1, not "
            f"{value!r} ({type(value).__name__}); using the default None"
        ]


@pytest.mark.parametrize(("value", "ok"), [("web", True), ("all", True), ("off", True), ("print", False), (1, False)])
def test_previews_setting_is_checked(value, ok):
    reports: list[str] = []
    got = check(SETTING["vitae_previews"], value, lambda where, message: reports.append(message))
    assert (got, not reports) == ((value, True) if ok else ("web", False))


def record(names: list[str], **fields: str):
    entry = Entry("article", fields={"title": "T", "journal": "J", "year": "2020", **fields})
    for name in names:
        entry.add_person(Person(name), "author")
    return from_entry("k", entry)


@pytest.mark.parametrize(
    ("owner_at", "expected"),
    [
        (1, "Ada Lovelace, P2, P3, …"),  # the owner among the first N: nothing extra to keep
        (3, "P1, P2, Ada Lovelace, …"),
        (5, "P1, P2, P3, …, Ada Lovelace, …"),
        (10, "P1, P2, P3, …, Ada Lovelace"),
    ],
)
def test_fold_keeps_the_owner_wherever_they_are(owner_at, expected):
    names = [f"P{i}" for i in range(1, 11)]
    names[owner_at - 1] = "Ada Lovelace"
    pub, problems = record(names)
    assert problems == []
    ctx = RenderContext.build([["Ada Lovelace"]], "", {})
    box = render_authors(pub, ctx, 3)
    (fold,) = box.findall(authors_fold)
    shown = box.astext().replace(fold.astext(), "") + fold[0].astext()
    assert shown == expected
    assert fold.astext().lstrip(", ").split(", ")[-1] == names[-1]
    assert render_authors(pub, ctx).astext().split(", ") == names


def test_one_hidden_name_is_shown_instead():
    pub, _ = record(["P1", "P2", "P3", "P4"])
    ctx = RenderContext.build([["Ada Lovelace"]], "", {})
    assert list(render_authors(pub, ctx, 3).findall(authors_fold)) == []
    assert len(list(render_authors(pub, ctx, 2).findall(authors_fold))) == 1


def test_unsafe_preview_is_dropped_with_a_reason():
    pub, problems = record(["P1"], preview="javascript:alert(1)")
    assert problems == ["has an unsafe preview image 'javascript:alert(1)' (only http(s) and relative links are kept)"]
    ctx = RenderContext.build([], "", {}, previews="web")
    assert "preview" not in render_entry(pub, ctx, None).pformat()


def test_fingerprint_tells_limits_and_previews_apart():
    people = [["Ada Lovelace"]]
    prints = {
        RenderContext.build(people, "", {}, max_authors=limit, previews=previews).fingerprint()
        for limit in (None, 3, 5)
        for previews in ("web", "all", "off")
    }
    assert len(prints) == 9


def test_readme_example_builds(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Long author lists and preview images") :]
    conf = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    page = re.search(r"```rst\n(.*?)```", section, re.S).group(1)
    (tmp_path / "conf.py").write_text(f'extensions = ["sphinx_vitae"]\nbibtex_bibfiles = ["refs.bib"]\n{conf}')
    (tmp_path / "index.rst").write_text(page)
    names = " and ".join(["Lovelace, Ada" if i == 40 else f"Author{i}, A." for i in range(1, 61)])
    (tmp_path / "refs.bib").write_text(
        f"@article{{big, title = {{Big}}, author = {{{names}}}, journal = {{J}}, year = {{2024}},"
        " preview = {https://example.org/big.png}}\n"
    )
    app = build_copy(tmp_path, tmp_path)
    assert warnings_of(app) == []
    page_html = soup(app, "index.html")
    lists = page_html.select("li.vitae-entry .vitae-authors")
    assert [visible_text(authors).split(", ")[:4] for authors in lists] == [
        ["A. Author1", "A. Author2", "A. Author3", "…"],
        ["A. Author1", "A. Author2", "A. Author3", "A. Author4"],
    ]
    assert page_html.select_one("img.vitae-preview")["src"] == "https://example.org/big.png"


@pytest.mark.browser
def test_in_chromium_the_keyboard_reveals_and_hides_the_rest(site):
    """Tab reaches the control by its name, Space reveals every name in place (links
    clickable), a click on "(show fewer)" folds them again; only that entry changes."""
    import os

    from browser.harness import find_chromium, launch, serve

    chromium = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the site extra installs it
        chromium = None
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("needs chromium and playwright (CI installs them: see .ci/run)", pytrace=False)
        pytest.skip("needs chromium and playwright")
    with serve(site.outdir) as url, sync_playwright() as playwright:
        browser = launch(playwright, chromium)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "/index.html")
            big, last = page.locator("#pub-big300"), page.locator("#pub-last20")
            rest = big.locator(".vitae-authors-rest")
            assert not rest.is_visible() and big.locator(".vitae-authors-gap").is_visible()
            assert page.get_by_role("checkbox", name="show all 300 authors").count() == 1
            for _ in range(100):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.getAttribute('aria-label')") == "show all 300 authors":
                    break
            else:
                pytest.fail("Tab never reached the control")
            page.keyboard.press("Space")
            assert rest.is_visible() and not big.locator(".vitae-authors-gap").is_visible()
            assert big.locator("a[href='https://example.org/two-hundred']").is_visible()
            assert not last.locator(".vitae-authors-rest").is_visible()
            big.locator(".vitae-more-less").click()
            assert not rest.is_visible() and big.locator(".vitae-more-count").is_visible()
        finally:
            browser.close()


def test_a_preview_the_site_does_not_publish_is_named(rootdir, tmp_path):
    src = tmp_path / "src"
    import shutil

    shutil.copytree(rootdir / "test-authors-limit", src)
    (src / "_extra" / "big.png").unlink()
    app = build_copy(src, src)
    found = warnings_of(app)
    assert len(found) == 1, found
    assert re.search(
        r"refs\.bib:2: WARNING: entry 'big300' has a relative preview link 'big\.png', to files the site does not "
        r"publish: .* vitae_link_base = \{'preview': .*\}, or publish them with html_extra_path \[vitae\.relative_link\]$",
        found[0],
    ), found[0]
    off = build_copy(src, tmp_path / "off", confoverrides={"vitae_previews": "off"})
    assert warnings_of(off) == []
