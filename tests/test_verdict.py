"""The same verdict on every build: a rebuild gives the warnings of ours a clean build gives.

Sphinx reads again only what changed, so a warning that is given only while reading would
vanish on the next build and ``-W`` would pass locally while CI, on a fresh clone, fails.
Our warnings are kept with the data they come from and given again (see ``domain.py``).
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import warnings_of

EXPECTED = {
    # the .bib file and its entries
    ("refs.bib:9", "syntax_error"),
    ("refs.bib:20", "entry"),
    (None, "owner_not_found"),
    # a directive
    ("index.rst:4", "unknown_group"),
    # a citation
    ("index.rst:10", "unknown_key"),
}


@pytest.fixture
def src(rootdir: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "verdict"
    shutil.copytree(rootdir / "test-verdict", dest)
    return dest


def build(src: Path) -> Counter[str]:
    """One build in a new application, as ``make html`` run again would do."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    assert "Traceback" not in app.warning.getvalue()
    # the warning lines without the folder the test copied the root to
    return Counter(line.replace(f"{src}/", "").replace(f"{src.name}/", "") for line in warnings_of(app))


def kinds(found: Counter[str]) -> set[tuple[str | None, str]]:
    out = set()
    for line in found:
        head, _, _ = line.partition(": WARNING: ")
        location = head if ".rst:" in head or ".bib:" in head else None
        out.add((location, line.rsplit("[vitae.", 1)[-1].rstrip("]")))
    return out


def touch(path: Path) -> None:
    later = time.time() + 2
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    import os

    os.utime(path, (later, later))


def test_clean_build_warns_about_each_problem_once(src):
    found = build(src)
    assert kinds(found) == EXPECTED, found
    assert all(count == 1 for count in found.values()), found
    # an entry without a year is no mistake: shown, not warned about
    assert not any("'draft'" in line for line in found)


def test_rebuild_with_nothing_changed_gives_the_same_warnings(src):
    first = build(src)
    second = build(src)
    third = build(src)
    assert second == first
    assert third == first


@pytest.mark.parametrize("edited", ["index.rst", "all.rst", "refs.bib"])
def test_rebuild_after_touching_a_file_gives_the_same_warnings(src, edited):
    first = build(src)
    touch(src / edited)
    assert build(src) == first


def test_a_fixed_problem_is_not_replayed(src):
    build(src)
    index = src / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace(":stage: V", ":stage: I"), encoding="utf-8")
    bib = src / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("{Broken {Braces}", "{Broken Braces}"), encoding="utf-8")
    found = build(src)
    assert kinds(found) == EXPECTED - {("index.rst:4", "unknown_group"), ("refs.bib:9", "syntax_error")}, found
    assert build(src) == found


# -- warnings that depend on more than the .bib: fixing the cause clears them at once ---------


def relative_site(tmp_path: Path) -> Path:
    src = tmp_path / "rel"
    (src / "files").mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['sphinx_vitae']\nbibtex_bibfiles = ['refs.bib']\nhtml_theme = 'basic'\n"
        "html_extra_path = ['files']\nvitae_owner = ['Zhang, Jianqnig']\n",
        encoding="utf-8",
    )
    (src / "refs.bib").write_text(
        "@article{a, title={A}, author={Zhang, Jianqing}, year={2020}, pdf={paper.pdf}}\n", encoding="utf-8"
    )
    (src / "index.rst").write_text("Home\n====\n\n.. all-publications::\n", encoding="utf-8")
    return src


def subtypes(found: Counter[str]) -> list[str]:
    return sorted(line.rsplit("[vitae.", 1)[-1].rstrip("]") for line in found)


def test_fixing_the_owner_in_conf_py_clears_owner_not_found(tmp_path):
    src = relative_site(tmp_path)
    assert subtypes(build(src)) == ["owner_not_found", "relative_link"]
    conf = src / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace("Jianqnig", "Jianqing"), encoding="utf-8")
    assert subtypes(build(src)) == ["relative_link"]
    assert subtypes(build(src)) == ["relative_link"]


def test_publishing_the_file_clears_relative_link(tmp_path):
    src = relative_site(tmp_path)
    assert "relative_link" in subtypes(build(src))
    (src / "files" / "paper.pdf").write_text("pdf\n", encoding="utf-8")
    assert "relative_link" not in subtypes(build(src))
    (src / "files" / "paper.pdf").unlink()
    assert "relative_link" in subtypes(build(src))


def test_a_link_base_in_conf_py_clears_relative_link(tmp_path):
    src = relative_site(tmp_path)
    assert "relative_link" in subtypes(build(src))
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("vitae_link_base = {'pdf': 'https://me.org/assets/pdf/'}\n")
    assert "relative_link" not in subtypes(build(src))


def test_owner_not_found_names_its_line_in_conf_py(tmp_path):
    src = relative_site(tmp_path)
    (line,) = [line for line in build(src) if "owner_not_found" in line]
    assert line.startswith("conf.py:5: WARNING: no entry of the bibliography has the owner 'Zhang, Jianqnig'")


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ('year >>= "2"', "invalid filter 'year >>= \"2\"': invalid node AugAssign in filter expression"),
        ("year >=", "invalid filter 'year >=': invalid syntax"),
        ("year.real", "invalid filter 'year.real': invalid node Attribute in filter expression"),
    ],
)
def test_a_bad_filter_warns_the_same_words_on_every_build(tmp_path, expression, message):
    src = relative_site(tmp_path)
    (src / "conf.py").write_text(
        "extensions = ['sphinx_vitae']\nbibtex_bibfiles = ['refs.bib']\nhtml_theme = 'basic'\n"
        "vitae_link_base = {'pdf': 'https://me.org/pdf/'}\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(f"Home\n====\n\n.. publications::\n   :filter: {expression}\n", encoding="utf-8")
    first = build(src)
    assert [line for line in first if "bad_filter" in line] == [f"index.rst:4: WARNING: {message} [vitae.bad_filter]"]
    assert build(src) == first
