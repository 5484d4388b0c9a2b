"""The owner's profile card: on the home page, in the sidebar, at the head of the CV."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import build_copy, warnings_of
from sphinx_vitae.icons import printed_url, service_of, svg
from sphinx_vitae.profile import card_html, obfuscated

SERVICES = {
    "GitHub": "github",
    "Google Scholar": "googlescholar",
    "ORCID": "orcid",
    "DBLP": "dblp",
    "LinkedIn": "linkedin",
    "X": "x",
    "Mastodon": "mastodon",
    "Bluesky": "bluesky",
    "Notes <&>": "link",
}


def soup(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def build(root: Path, dest: Path, buildername: str = "html", conf: str = "", **overrides):
    shutil.copytree(root, dest)
    if conf:
        with (dest / "conf.py").open("a", encoding="utf-8") as f:
            f.write(conf + "\n")
    app = SphinxTestApp(buildername, srcdir=dest, status=StringIO(), warning=StringIO(), confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-profile", tmp_path_factory.mktemp("profile") / "src")


def test_site_builds_without_warnings(site):
    assert warnings_of(site) == []


def test_home_page_card_has_photo_position_affiliation_and_every_link(site):
    card = soup(site, "index.html").select_one("div.vitae-profile-card")
    assert card is not None
    photo = card.select_one("img.vitae-profile-photo")
    assert photo["src"] == "_static/vitae-profile/ada.png" and photo["alt"] == "Photo of Ada Lovelace"
    assert (Path(site.outdir) / "_static/vitae-profile/ada.png").read_bytes()[:4] == b"\x89PNG"
    assert card.select_one(".vitae-profile-position").get_text() == "Analyst"
    assert card.select_one(".vitae-profile-affiliation").get_text() == "Analytical Engine Society"
    # the page is titled with the name: the card does not say it again
    assert card.select_one(".vitae-profile-name") is None
    links = card.select("ul.vitae-profile-links a")
    shown = {a.get_text(strip=True): a for a in links}
    for label, slug in SERVICES.items():
        assert f"vitae-link-{slug}" in shown[label]["class"], label
        assert shown[label].select_one("svg.vitae-icon")["aria-hidden"] == "true"
    assert shown["Notes <&>"]["href"] == "https://ada.example.org/notes/"
    # the CV PDF, copied to the site
    assert shown["CV (PDF)"]["href"] == "cv.pdf"
    assert (Path(site.outdir) / "cv.pdf").read_bytes().startswith(b"%PDF")


def test_email_is_readable_but_no_address_in_the_card(site):
    card = soup(site, "index.html").select_one("div.vitae-profile-card")
    email = card.select_one("a.vitae-email")
    assert email.get_text(strip=True) == "ada [at] example [dot] org"
    assert email["data-vitae-email"] == "ada [at] example [dot] org"
    assert not email.has_attr("href")  # the script makes it a mailto: link
    assert "ada@example.org" not in str(card) and "mailto:" not in str(card)
    script = (Path(site.outdir) / "_static/vitae-profile.js").read_text(encoding="utf-8")
    assert "data-vitae-email" in script and "mailto:" in script
    assert soup(site, "index.html").find("script", src=re.compile(r"vitae-profile\.js"))


def test_sidebar_card_follows_the_brand_on_other_pages_only(site):
    other = soup(site, "other.html")
    sidebar = other.select_one(".sidebar-drawer")
    brand = sidebar.select_one(".sidebar-brand")
    card = sidebar.select_one("div.vitae-profile-sidebar")
    assert card is not None and brand.find_next("div", class_="vitae-profile-sidebar") is card
    assert card.select_one(".vitae-profile-name").get_text() == "Ada Lovelace"  # the brand says "... documentation"
    assert card.select_one("img")["src"] == "_static/vitae-profile/ada.png"
    # icons only: each label is there for screen readers
    labels = [span.get_text() for span in card.select("a.vitae-link .vitae-sr-only")]
    assert labels[0] == "ada [at] example [dot] org" and "Google Scholar" in labels and "CV (PDF)" in labels
    assert soup(site, "index.html").select_one("div.vitae-profile-sidebar") is None  # it has the card


def test_sidebar_in_a_subfolder_links_up(rootdir, tmp_path):
    app = build(rootdir / "test-profile", tmp_path / "src", "dirhtml")
    assert warnings_of(app) == []
    card = soup(app, "other/index.html").select_one("div.vitae-profile-sidebar")
    assert card.select_one("img")["src"] == "../_static/vitae-profile/ada.png"
    assert card.select_one("a.vitae-link-pdf")["href"] == "../cv.pdf"


def test_a_project_that_sets_its_sidebars_places_the_card_itself(rootdir, tmp_path):
    app = build(rootdir / "test-profile", tmp_path / "src", conf='html_sidebars = {"**": ["sidebar/search.html"]}')
    assert soup(app, "other.html").select_one("div.vitae-profile-sidebar") is None
    app = build(rootdir / "test-profile", tmp_path / "src2",
                conf='html_sidebars = {"**": ["sidebar/search.html", "vitae-profile.html"]}')  # fmt: skip
    assert soup(app, "other.html").select_one(".sidebar-search-container ~ div.vitae-profile-sidebar")


def test_sidebar_leaves_out_a_name_the_brand_says(rootdir, tmp_path):
    app = build(rootdir / "test-profile", tmp_path / "src", html_title="Ada Lovelace")
    card = soup(app, "other.html").select_one("div.vitae-profile-sidebar")
    assert card.select_one(".vitae-profile-name") is None and card.select_one(".vitae-profile-position")


def test_alabaster_gets_the_card_and_the_sidebar(rootdir, tmp_path):
    app = build(rootdir / "test-profile", tmp_path / "src", html_theme="alabaster")
    assert warnings_of(app) == []
    assert soup(app, "index.html").select_one("div.vitae-profile-card")
    assert soup(app, "other.html").select_one(".sphinxsidebar div.vitae-profile-sidebar")


def test_missing_photo_and_pdf(rootdir, tmp_path):
    conf = 'vitae_profile = {**vitae_profile, "photo": "_static/nobody.jpg", "cv_pdf": "build/cv.pdf"}'
    app = build(rootdir / "test-profile", tmp_path / "src", conf=conf)
    assert [w.split("WARNING: ", 1)[1] for w in warnings_of(app)] == [
        "vitae_profile['photo'] names no file: '_static/nobody.jpg' (a path relative to the folder of conf.py); "
        "the profile is shown without a photo [vitae.config]"
    ]
    assert "conf.py:" in warnings_of(app)[0]
    card = soup(app, "index.html").select_one("div.vitae-profile-card")
    assert card.select_one("img") is None and card.select_one("a.vitae-link-pdf") is None


def test_profile_directive_without_a_profile_warns(rootdir, tmp_path):
    app = build(rootdir / "test-profile", tmp_path / "src", conf="vitae_profile = {}")
    (warning,) = warnings_of(app)
    assert "index.rst:4: WARNING: the profile directive shows vitae_profile, which is empty" in warning
    assert soup(app, "index.html").select_one("div.vitae-profile") is None


def test_card_html_escapes_every_value():
    html = card_html(
        {
            "name": "<b>Ada</b>",
            "position": '"x" & y',
            "email": "a&b@example.org",
            "links": {"<i>": "https://e.org/?a=1&b=2"},
        },
        photo_src='p".png',
        compact=True,
    )
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one(".vitae-profile-name").get_text() == "<b>Ada</b>"
    assert page.find("b") is None and page.find("i") is None
    assert page.select_one("img")["src"] == 'p".png'
    assert page.select_one("a.vitae-link-link")["href"] == "https://e.org/?a=1&b=2"


@pytest.mark.parametrize(
    ("url", "label", "slug"),
    [
        ("https://github.com/TsingZ0", "", "github"),
        ("https://scholar.google.com/citations?user=X", "", "googlescholar"),
        ("https://scholar.google.com.hk/citations?user=X", "", "googlescholar"),
        ("https://orcid.org/0000-0002-1825-0097", "", "orcid"),
        ("https://dblp.uni-trier.de/pid/1.html", "", "dblp"),
        ("https://www.linkedin.com/in/ada", "", "linkedin"),
        ("https://twitter.com/ada", "", "x"),
        ("https://x.com/ada", "", "x"),
        ("https://fosstodon.org/@ada", "", "mastodon"),
        ("https://mastodon.example/@ada", "", "mastodon"),
        ("https://social.example/@ada", "Mastodon", "mastodon"),  # an unknown server: the label says
        ("https://bsky.app/profile/ada", "", "bluesky"),
        ("mailto:ada@example.org", "", "email"),
        ("https://example.org/cv.pdf", "", "pdf"),
        ("https://example.org/", "Home", "link"),
        ("https://notgithub.com/ada", "", "link"),
    ],
)
def test_service_of(url, label, slug):
    assert service_of(url, label).slug == slug
    assert svg(slug).startswith('<svg class="vitae-icon"')


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("https://github.com/TsingZ0", "github.com/TsingZ0"),
        ("https://www.linkedin.com/in/ada/", "linkedin.com/in/ada"),
        ("https://scholar.google.com/citations?hl=zh-CN&user=aEacdCQ", "scholar.google.com/citations?user=aEacdCQ"),
        ("https://example.org/a?utm_source=x", "example.org/a"),
        ("mailto:ada@example.org", "ada@example.org"),
    ],
)
def test_printed_url(url, printed):
    assert printed_url(url) == printed


def test_obfuscated():
    assert obfuscated("a.b@mail.example.org") == "a.b [at] mail [dot] example [dot] org"


# -- print ---------------------------------------------------------------------------------------
def tex_of(app) -> str:
    (path,) = Path(app.outdir).glob("*.tex")
    return path.read_text(encoding="utf-8")


def test_cv_head_prints_the_addresses_and_the_photo(rootdir, tmp_path):
    app = build(rootdir / "test-profile", tmp_path / "src", "latex", vitae_latex_cv=True)
    assert warnings_of(app) == []
    tex = tex_of(app)
    head = tex.split(r"\begin{document}", 1)[1].split(r"\section", 1)[0]
    assert r"Analyst,\ Analytical Engine Society" in head
    printed_urls = ("github.com/ada", "scholar.google.com/citations?user=ADA123", "linkedin.com/in/ada", "x.com/ada",
                    "sigmoid.social/@ada", "bsky.app/profile/ada.bsky.social", "ada@example.org")  # fmt: skip
    for printed in printed_urls:
        assert "}{" + printed + "}" in head, printed
    assert "cv.pdf" not in head  # the PDF does not link itself
    assert r"\includegraphics[width=3cm,height=3.4cm,keepaspectratio]{vitae-photo.png}" in head
    assert (Path(app.outdir) / "vitae-photo.png").is_file()
    # the card is the head: the directive prints nothing more
    assert "ada [at]" not in tex and head.count("Analytical Engine Society") == 1


def test_plain_pdf_prints_the_card_as_lines(rootdir, tmp_path):
    app = build(rootdir / "test-profile", tmp_path / "src", "latex")
    body = tex_of(app).split(r"\begin{document}", 1)[1]
    block = body.split(r"\begin{DUlineblock}", 1)[1].split(r"\end{DUlineblock}", 1)[0]
    assert "Analyst" in block and r"\sphinxhref{https://github.com/ada}{github.com/ada}" in block
    assert r"\sphinxhref{mailto:ada@example.org}{ada@example.org}" in block


def test_readme_example_builds(tmp_path):
    """The README's profile example, as shown (with a photo and a PDF where it names them)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The profile", 1)[1]
    profile = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    page = re.search(r"```rst\n(.*?)```", section, re.S).group(1)
    src = tmp_path / "source"
    (src / "_static").mkdir(parents=True)
    shutil.copy(Path(__file__).parent / "roots/test-profile/_static/ada.png", src / "_static/ada.jpg")
    (tmp_path / "build/latex").mkdir(parents=True)
    (tmp_path / "build/latex/ada-lovelace.pdf").write_bytes(b"%PDF-1.4\n")
    (src / "refs.bib").write_text("@misc{a, title = {A}, author = {Ada Lovelace}, year = {1843}}\n", encoding="utf-8")
    conf = 'extensions = ["sphinx_vitae"]\nhtml_theme = "furo"\nbibtex_bibfiles = ["refs.bib"]\n' + profile
    (src / "conf.py").write_text(conf, encoding="utf-8")
    (src / "index.rst").write_text(page, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == []
    card = soup(app, "index.html").select_one("div.vitae-profile-card")
    assert [a.get_text(strip=True) for a in card.select("a.vitae-link")][1:] == [
        "GitHub", "Google Scholar", "ORCID", "Mastodon", "CV (PDF)"
    ]  # fmt: skip
    assert card.select_one("a.vitae-link-mastodon") and card.select_one("img")
