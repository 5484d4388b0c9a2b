"""Configuration: wrong values warn once and fall back; links are checked; the page folder is confined.

Root: test-config (one conf.py to which each case appends the settings it checks).
"""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from sphinx_vitae.config import SETTINGS
from sphinx_vitae.keys import slug
from sphinx_vitae.latex import maketitle

DEFAULTS = {s.name: s.default for s in SETTINGS}


def make(root: Path, dest: Path, conf: str = "", build: bool = True, **kwargs) -> SphinxTestApp:
    """Copy *root* to *dest* (once), append *conf* to its conf.py, and build it."""
    if not dest.exists():
        shutil.copytree(root, dest)
    if conf:
        with (dest / "conf.py").open("a", encoding="utf-8") as f:
            f.write(conf.rstrip("\n") + "\n")
    app = SphinxTestApp("html", srcdir=dest, status=StringIO(), warning=StringIO(), **kwargs)
    try:
        if build:
            app.build()
    finally:
        app.cleanup()
    return app


WARNING = re.compile(r"^(?P<location>.*?): WARNING: (?P<message>.*?)(?: \[(?P<type>[\w.]+)\])?$")


def warnings(app: SphinxTestApp) -> list[tuple[str, str, str]]:
    """(location, message, type.subtype) of every warning (and error) of the build."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    found = []
    for line in text.splitlines():
        if "WARNING" in line or "ERROR" in line:
            match = WARNING.match(line)
            assert match, line  # every warning has a location
            found.append((match["location"], match["message"], match["type"] or ""))
    return found


def messages(app: SphinxTestApp) -> list[str]:
    return [message for _, message, _ in warnings(app)]


def conf_line(app: SphinxTestApp, name: str) -> str:
    lines = (Path(app.srcdir) / "conf.py").read_text(encoding="utf-8").splitlines()
    return f"{Path(app.srcdir) / 'conf.py'}:{max(i for i, line in enumerate(lines, 1) if line.startswith(name))}"


# -- wrong types and values: (conf.py line, the value then used, the warnings) -----------------------

#: index.rst's own warning when there is nothing to list (its location is the page, not conf.py)
NO_ENTRIES = "the bibliography has no entries"

CASES = [
    # vitae_owner: a list of names; one string is one name
    ('vitae_owner = "Ada Lovelace"', ["Ada Lovelace"], []),
    ('vitae_owner = ("Ada Lovelace", "Lovelace, A.")', ["Ada Lovelace", "Lovelace, A."], []),
    ("vitae_owner = None", [], ["vitae_owner should be a list of names (strings), not None; using the default []"]),
    ("vitae_owner = 42", [], ["vitae_owner should be a list of names (strings), not 42 (int); using the default []"]),
    (
        'vitae_owner = {"Ada Lovelace": 1}',
        [],
        ["vitae_owner should be a list of names (strings), not {'Ada Lovelace': 1} (dict); using the default []"],
    ),
    (
        'vitae_owner = ["Ada Lovelace", 3, " ", None]',
        ["Ada Lovelace"],
        [
            "vitae_owner[1] should be a non-empty string, not 3 (int); dropped",
            "vitae_owner[2] should be a non-empty string, not ' ' (str); dropped",
            "vitae_owner[3] should be a non-empty string, not None; dropped",
        ],
    ),
    # vitae_group_field: a field name
    (
        "vitae_group_field = None",
        "stage",
        [
            (
                "vitae_group_field should be a BibTeX field name (letters, digits, '-', '_'), not None; "
                "using the default 'stage'"
            )
        ],
    ),
    (
        'vitae_group_field = "my field"',
        "stage",
        [
            (
                "vitae_group_field should be a BibTeX field name (letters, digits, '-', '_'), not 'my field' (str); "
                "using the default 'stage'"
            )
        ],
    ),
    ('vitae_group_field = "kind"', "kind", []),
    # vitae_marker: any string, '' for none
    ('vitae_marker = ""', "", []),
    (
        "vitae_marker = None",
        "🎉",
        ["vitae_marker should be a string ('' for no marker), not None; using the default '🎉'"],
    ),
    (
        "vitae_marker = ['*']",
        "🎉",
        ["vitae_marker should be a string ('' for no marker), not ['*'] (list); using the default '🎉'"],
    ),
    # vitae_coauthors: name -> URL; the good items are kept
    (
        'vitae_coauthors = ["Charles Babbage"]',
        {},
        [
            (
                "vitae_coauthors should be a dict of name -> URL (strings), not ['Charles Babbage'] (list); "
                "using the default {}"
            )
        ],
    ),
    (
        "vitae_coauthors = None",
        {},
        ["vitae_coauthors should be a dict of name -> URL (strings), not None; using the default {}"],
    ),
    (
        (
            'vitae_coauthors = {"Charles Babbage": 3, 4: "https://x.org/", "": "https://y.org/", '
            '"Grace Hopper": "https://example.org/hopper"}'
        ),
        {"Grace Hopper": "https://example.org/hopper"},
        [
            "vitae_coauthors['Charles Babbage'] should be a URL (a string), not 3 (int); dropped",
            "vitae_coauthors key 4 should be a name (a non-empty string), not 4 (int); dropped",
            "vitae_coauthors key '' should be a name (a non-empty string), not '' (str); dropped",
        ],
    ),
    # vitae_profile: known keys, each checked
    (
        'vitae_profile = "x"',
        {},
        [
            (
                "vitae_profile should be a dict with the keys 'name', 'position', 'affiliation', 'email', 'photo', "
                "'links' (label -> URL) and 'cv_pdf', not 'x' (str); using the default {}"
            )
        ],
    ),
    (
        'vitae_profile = {"name": 3, "email": "not an address", "phone": "1", "links": ["https://x.org/"]}',
        {},
        [
            "vitae_profile['name'] should be a string, not 3 (int); dropped",
            (
                "vitae_profile['email'] should be an e-mail address (a string like 'ada@example.org'), "
                "not 'not an address' (str); dropped"
            ),
            (
                "vitae_profile has an unknown key 'phone' (known: 'name', 'position', 'affiliation', 'email', "
                "'photo', 'links', 'cv_pdf'); dropped"
            ),
            "vitae_profile['links'] should be a dict of label -> URL (strings), not ['https://x.org/'] (list); dropped",
        ],
    ),
    (
        (
            'vitae_profile = {"name": "Ada", "affiliation": "Engines", "email": "mailto:ada@example.org", '
            '"links": {"Home": "https://example.org/ada", 5: "https://x.org/", "CV": None}}'
        ),
        {
            "name": "Ada",
            "affiliation": "Engines",
            "email": "ada@example.org",
            "links": {"Home": "https://example.org/ada"},
        },
        [
            "vitae_profile['links'] key 5 should be a label (a non-empty string), not 5 (int); dropped",
            "vitae_profile['links']['CV'] should be a URL (a string), not None; dropped",
        ],
    ),
    # flags
    (
        'vitae_toggles = "yes"',
        True,
        ["vitae_toggles should be True or False, not 'yes' (str); using the default True"],
    ),
    (
        "vitae_bibtex_toggle = 0",
        True,
        ["vitae_bibtex_toggle should be True or False, not 0 (int); using the default True"],
    ),
    (
        "vitae_publication_pages = None",
        True,
        ["vitae_publication_pages should be True or False, not None; using the default True"],
    ),
    ("vitae_gc_freeze = []", True, ["vitae_gc_freeze should be True or False, not [] (list); using the default True"]),
    (
        "vitae_template_cache = 'no'",
        True,
        ["vitae_template_cache should be True or False, not 'no' (str); using the default True"],
    ),
    (
        'vitae_latex_cv = "yes"',
        False,
        ["vitae_latex_cv should be True or False, not 'yes' (str); using the default False"],
    ),
    # vitae_link_base: field -> absolute http(s) URL or a path from the site root
    ('vitae_link_base = {"pdf": "/assets/pdf/"}', {"pdf": "/assets/pdf/"}, []),
    (
        (
            'vitae_link_base = {"pdf": "assets/pdf/", "slides": "//evil.example/", "code": "mailto:a@b.org", '
            '"url": "https://example.org/files/"}'
        ),
        {"url": "https://example.org/files/"},
        [
            f"vitae_link_base[{field!r}] should be an absolute http(s) URL or a path from the site root ('/...'), "
            f"not {value!r}; dropped"
            for field, value in [("pdf", "assets/pdf/"), ("slides", "//evil.example/"), ("code", "mailto:a@b.org")]
        ],
    ),
    (
        "vitae_link_base = 'https://example.org/'",
        {},
        [
            (
                "vitae_link_base should be a dict of field -> base URL (strings), not 'https://example.org/' (str); "
                "using the default {}"
            )
        ],
    ),
    (
        'vitae_link_base = {3: "https://example.org/", "my field": "https://example.org/"}',
        {},
        [
            "vitae_link_base key 3 should be a BibTeX field name, not 3 (int); dropped",
            "vitae_link_base key 'my field' should be a BibTeX field name, not 'my field' (str); dropped",
        ],
    ),
    # vitae_contribution_markers: marker -> meaning
    (
        'vitae_contribution_markers = {"*": "equal contribution", "": "x", "†": 1}',
        {"*": "equal contribution"},
        [
            "vitae_contribution_markers key '' should be a marker (a non-empty string), not '' (str); dropped",
            "vitae_contribution_markers['†'] should be a meaning (a string), not 1 (int); dropped",
        ],
    ),
    (
        "vitae_contribution_markers = None",
        {"*": "equal contribution", "†": "corresponding author"},
        [
            (
                "vitae_contribution_markers should be a dict of marker -> meaning (strings), not None; using the default "
                "{'*': 'equal contribution', '†': 'corresponding author'}"
            )
        ],
    ),
    # vitae_max_authors: None or a whole number of at least 1 (test_authors_limit.py has more)
    ("vitae_max_authors = 3", 3, []),
    (
        "vitae_max_authors = 0",
        None,
        [
            "vitae_max_authors should be None (no limit) or a whole number of at least 1, not 0 (int); using the default None"
        ],
    ),
    # vitae_previews: one of three words
    (
        "vitae_previews = 'print'",
        "web",
        ["vitae_previews should be 'web', 'all' or 'off', not 'print' (str); using the default 'web'"],
    ),
    # vitae_publication_dir: the shape (the folder cases are below)
    ("vitae_publication_dir = 'pub/'", "pub", []),
    ("vitae_publication_dir = 'pages/papers'", "pages/papers", []),
    # bibtex_bibfiles (sphinxcontrib-bibtex's): a list of file names
    (
        'bibtex_bibfiles = "refs.bib"',
        ["refs.bib"],
        ["bibtex_bibfiles should be a list of .bib file names (strings), not 'refs.bib' (str); using ['refs.bib']"],
    ),
    (
        'bibtex_bibfiles = ("refs.bib", 3)',
        ["refs.bib"],
        ["bibtex_bibfiles[1] should be a non-empty string, not 3 (int); dropped"],
    ),
    (
        "bibtex_bibfiles = 3",
        [],
        [
            (
                "bibtex_bibfiles should be a list of .bib file names (strings), not 3 (int); "
                "using the default []: no publications can be shown"
            ),
            NO_ENTRIES,
        ],
    ),
    (
        "bibtex_bibfiles = None",
        [],
        [
            (
                "bibtex_bibfiles is not set: no publications can be shown; set it in conf.py, "
                "e.g. bibtex_bibfiles = ['../refs.bib']"
            ),
            NO_ENTRIES,
        ],
    ),
    # sphinxcontrib-bibtex's encoding: a crash on None before, now a warning and its default
    (
        "bibtex_encoding = None",
        "utf-8-sig",
        ["bibtex_encoding should be the name of an encoding, not None (NoneType); using the default 'utf-8-sig'"],
    ),
    (
        "bibtex_encoding = 'bogus'",
        "utf-8-sig",
        ["bibtex_encoding names no encoding Python knows ('bogus'); using the default 'utf-8-sig'"],
    ),
]


@pytest.mark.parametrize(("line", "value", "expected"), CASES, ids=[case[0][:60] for case in CASES])
def test_wrong_value_warns_once_and_falls_back(rootdir, tmp_path, line, value, expected):
    app = make(rootdir / "test-config", tmp_path / "src", line)
    name = line.split("=", 1)[0].strip()
    assert getattr(app.config, name) == value
    assert type(getattr(app.config, name)) is type(value)
    found = warnings(app)
    assert [message for _, message, _ in found] == expected  # no second message from Sphinx's own type check
    config = [(location, kind) for location, message, kind in found if message != NO_ENTRIES]
    assert all(location == conf_line(app, name) and kind == "vitae.config" for location, kind in config)
    assert (Path(app.outdir) / "index.html").is_file()  # the build went on


def test_every_setting_has_a_case():
    covered = {case[0].split("=", 1)[0].strip() for case in CASES}
    assert covered >= set(DEFAULTS) | {"bibtex_bibfiles", "bibtex_encoding"}


def test_defaults_are_valid(rootdir, tmp_path):
    conf = "\n".join(f"{name} = {default!r}" for name, default in DEFAULTS.items())
    app = make(rootdir / "test-config", tmp_path / "src", conf)
    assert warnings(app) == []
    assert {name: getattr(app.config, name) for name in DEFAULTS} == DEFAULTS


def test_command_line_override_is_converted_by_sphinx_and_checked(rootdir, tmp_path):
    app = make(rootdir / "test-config", tmp_path / "src", confoverrides={"vitae_toggles": "0", "vitae_marker": "*"})
    assert (app.config.vitae_toggles, app.config.vitae_marker) == (False, "*")
    assert warnings(app) == []
    # a value from -D has no line in conf.py: the warning says which setting, without a made-up place
    app = make(rootdir / "test-config", tmp_path / "src2", confoverrides={"vitae_group_field": "a b"}, build=False)
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert text.startswith("WARNING: vitae_group_field should be a BibTeX field name")


# -- unsafe links in every setting that holds links ------------------------------------------------

UNSAFE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
]
LINK_SETTINGS = [
    ("vitae_coauthors", "{{'Charles Babbage': {url!r}}}", "vitae_coauthors['Charles Babbage']"),
    ("vitae_link_base", "{{'pdf': {url!r}}}", "vitae_link_base['pdf']"),
    ("vitae_profile", "{{'name': 'Ada', 'links': {{'Home': {url!r}}}}}", "vitae_profile['links']['Home']"),
]


@pytest.mark.parametrize("url", UNSAFE)
@pytest.mark.parametrize(("name", "template", "where"), LINK_SETTINGS, ids=[s[0] for s in LINK_SETTINGS])
def test_unsafe_link_is_dropped_with_a_warning(rootdir, tmp_path, name, template, where, url):
    app = make(rootdir / "test-config", tmp_path / "src", f"{name} = {template.format(url=url)}")
    assert messages(app) == [
        f"{where} is an unsafe link {url!r} (only http(s), mailto and relative links are kept); dropped"
    ]
    value = getattr(app.config, name)
    assert value == ({"name": "Ada", "links": {}} if name == "vitae_profile" else {})
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8").lower()
        assert "script:" not in text and "data:text" not in text and "file:" not in text, page
    head = maketitle(app.config.vitae_profile)  # the CV's head, as the LaTeX builder writes it
    assert "script" not in head.lower() and "file:" not in head


def test_safe_links_reach_the_page(rootdir, tmp_path):
    app = make(
        rootdir / "test-config",
        tmp_path / "src",
        "vitae_link_base = {'pdf': 'https://example.org/assets/pdf/'}\n"
        "vitae_profile = {'name': 'Ada', 'email': 'ada@example.org', 'links': {'Home': 'https://example.org/ada'}}",
    )
    assert warnings(app) == []
    index = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in index.find_all("a", href=True)}
    assert {"https://example.org/babbage", "https://example.org/assets/pdf/older.pdf"} <= hrefs
    assert r"\href{mailto:ada@example.org}" in maketitle(app.config.vitae_profile)


# -- the publication folder ------------------------------------------------------------------------


def snapshot(top: Path, skip: tuple[Path, ...]) -> dict[str, bytes]:
    return {
        path.relative_to(top).as_posix(): path.read_bytes()
        for path in sorted(top.rglob("*"))
        if path.is_file() and not any(path == s or s in path.parents for s in skip)
    }


def folder_site(rootdir: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A project: ``outer/`` (a repository: .gitignore, refs.bib, README) with the source in ``outer/src``."""
    outer = tmp_path / "outer"
    src = outer / "src"
    shutil.copytree(rootdir / "test-config", src)
    (outer / ".gitignore").write_text("/build/\n", encoding="utf-8")
    (outer / "README.md").write_text("my project\n", encoding="utf-8")
    shutil.copy(src / "refs.bib", outer / "refs.bib")
    (src / "_static").mkdir()
    (src / "_static" / "site.css").write_text("body {}\n", encoding="utf-8")
    (src / "_templates").mkdir()
    (src / "_templates" / "layout.html").write_text("{% extends '!layout.html' %}\n", encoding="utf-8")
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("outside\n", encoding="utf-8")
    return outer, src


def check_untouched(tmp_path: Path, before: dict[str, bytes], src: Path, allowed: Path) -> None:
    """Every file that was there is byte-identical; new files only in *allowed* and the build folder."""
    after = snapshot(tmp_path, skip=(src / "_build",))
    assert {name: after.get(name) for name in before} == before
    new = {tmp_path / name for name in after.keys() - before.keys()}
    assert all(allowed in path.parents for path in new), sorted(map(str, new))


FOLDER_MESSAGE = (
    "vitae_publication_dir should be a folder inside the source folder: plain names (letters, digits, '.', '-', "
    "'_') joined by '/', none starting with '.' or '_' (e.g. 'pub'), not {value!r} (str); using the default 'pub'"
)
BAD_FOLDERS = [".", "..", "../x", "ABS", "_static", "_templates", "_build", "", "/", "pub/../..", "pub/./x",
               "pub//x", "a\\b", "C:/x", "C:x", ".git", "~", "pub name", "../src/pub"]  # fmt: skip


@pytest.mark.parametrize("value", BAD_FOLDERS)
def test_folder_outside_or_reserved_falls_back_and_touches_nothing(rootdir, tmp_path, value):
    _outer, src = folder_site(rootdir, tmp_path)
    if value == "ABS":
        value = str(tmp_path / "x")
    (src / "conf.py").open("a").write(f"templates_path = ['_templates']\nvitae_publication_dir = {value!r}\n")
    before = snapshot(tmp_path, skip=())
    app = make(src, src)
    assert messages(app) == [FOLDER_MESSAGE.format(value=value)]
    assert app.config.vitae_publication_dir == "pub"
    # publication pages are build output: nothing at all is written into the source folder
    check_untouched(tmp_path, before, src, allowed=src / "_build")
    assert not (src / "pub").exists()
    assert sorted(p.name for p in (Path(app.outdir) / "pub").glob("*.html")) == sorted(
        f"{slug(k)}.html" for k in ("lovelace2022older", "胡俊杰2020联邦", "Zhang:2020", "Zhang/2020")
    )


@pytest.mark.parametrize(
    ("setup", "value", "why"),
    [
        ("html_static_path = ['assets']", "assets", "Sphinx uses it (html_static_path)"),
        ("html_static_path = ['assets/css']", "assets", "Sphinx uses it (html_static_path)"),
        ("templates_path = ['layouts']", "layouts/pub", "Sphinx uses it (templates_path)"),
        ("html_extra_path = ['files', 'extra']", "extra", "Sphinx uses it (html_extra_path)"),
        ("", "papers", "it holds documents of the site (papers/index.rst)"),
        ("", "papers/deep", "it holds documents of the site (papers/deep/more/notes.rst)"),
    ],
)
def test_folder_used_by_sphinx_or_holding_documents_falls_back(rootdir, tmp_path, setup, value, why):
    _outer, src = folder_site(rootdir, tmp_path)
    for folder in ("assets/css", "layouts/pub", "extra", "papers/deep/more"):
        (src / folder).mkdir(parents=True)
    (src / "assets" / "css" / "site.css").write_text("p {}\n", encoding="utf-8")
    (src / "papers" / "index.rst").write_text(":orphan:\n\nPapers\n======\n", encoding="utf-8")
    (src / "papers" / "deep" / "more" / "notes.rst").write_text(":orphan:\n\nNotes\n=====\n", encoding="utf-8")
    (src / "conf.py").open("a").write(f"{setup}\nvitae_publication_dir = {value!r}\n")
    before = snapshot(tmp_path, skip=())
    app = make(src, src)
    assert messages(app) == [f"vitae_publication_dir cannot be {value!r}: {why}; using the default 'pub'"]
    check_untouched(tmp_path, before, src, allowed=src / "pub")


def test_folder_of_our_own_pages_is_not_a_folder_of_documents(rootdir, tmp_path):
    _outer, src = folder_site(rootdir, tmp_path)
    (src / "conf.py").open("a").write("vitae_publication_dir = 'papers/pages'\n")
    make(src, src)
    app = make(src, src, freshenv=True)  # the folder now holds .rst files: ours, so still a good place
    assert warnings(app) == []
    assert (Path(app.outdir) / "papers" / "pages" / "lovelace2022older.html").is_file()


BYPASS = """
def setup(app):
    # set after validation, as a careless extension might: pages.py must still do no harm
    app.connect("config-inited", lambda app, config: setattr(config, "vitae_publication_dir", {value!r}), priority=900)
"""


@pytest.mark.parametrize("value", [".", "..", "../x", "ABS", "pub/../.."])
def test_pages_refuse_a_folder_outside_the_source_even_unvalidated(rootdir, tmp_path, value):
    _outer, src = folder_site(rootdir, tmp_path)
    if value == "ABS":
        value = str(tmp_path / "x")
    (src / "conf.py").open("a").write(BYPASS.format(value=value))
    before = snapshot(tmp_path, skip=())
    app = make(src, src)
    assert messages(app) == [
        (
            f"vitae_publication_dir {value!r} does not lead to a folder inside the site; "
            "no publication pages are generated"
        )
    ]
    check_untouched(tmp_path, before, src, allowed=src / "_build")


def test_pages_in_a_folder_sphinx_uses_touch_none_of_its_files(rootdir, tmp_path):
    _outer, src = folder_site(rootdir, tmp_path)
    (src / "conf.py").open("a").write(BYPASS.format(value="_static"))
    (src / "_static" / ".gitignore").write_text("*.map\n", encoding="utf-8")
    before = snapshot(tmp_path, skip=())
    app = make(src, src)
    check_untouched(tmp_path, before, src, allowed=src / "_build")  # the source folder is never written
    assert (Path(app.outdir) / "_static" / "lovelace2022older.html").is_file()
    # and turned off again, only what we wrote goes
    app = make(src, src, confoverrides={"vitae_publication_pages": False})
    assert snapshot(tmp_path, skip=(src / "_build",)) == before
    assert not (Path(app.outdir) / "_static" / "lovelace2022older.html").exists()


def test_a_link_leading_out_of_the_source_is_not_followed(rootdir, tmp_path):
    _outer, src = folder_site(rootdir, tmp_path)
    (src / "pub").symlink_to(tmp_path / "x", target_is_directory=True)
    before = snapshot(tmp_path, skip=())
    app = make(src, src)
    assert messages(app) == []  # pages are output: a folder of that name in the source is not used
    assert (Path(app.outdir) / "pub" / "lovelace2022older.html").is_file()
    assert sorted(p.name for p in (tmp_path / "x").iterdir()) == ["keep.txt"]
    check_untouched(tmp_path, before, src, allowed=src / "_build")


# -- page names ------------------------------------------------------------------------------------


def test_page_names_come_from_the_key_alone(rootdir, tmp_path):
    app = make(rootdir / "test-config", tmp_path / "a")
    keys = ["lovelace2022older", "胡俊杰2020联邦", "Zhang:2020", "Zhang/2020"]
    names = {key: f"pub/{slug(key)}" for key in keys}
    assert len(set(names.values())) == len(keys)  # the CJK key keeps its own page; "Zhang:" and "Zhang/" differ
    assert all(re.fullmatch(r"pub/[a-z0-9-]+", name) for name in names.values())
    assert app.env.get_domain("vitae").data["pages"] == names
    # the entries in the other order, one removed: every other page keeps its name
    bib = (tmp_path / "a" / "refs.bib").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=@)", bib.strip())
    shutil.copytree(rootdir / "test-config", tmp_path / "b")
    (tmp_path / "b" / "refs.bib").write_text("\n\n".join(reversed(entries[1:])) + "\n", encoding="utf-8")
    app = make(rootdir / "test-config", tmp_path / "b")
    assert app.env.get_domain("vitae").data["pages"] == {key: names[key] for key in reversed(keys[1:])}
    assert warnings(app) == []
