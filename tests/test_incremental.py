"""Rebuilds: only pages whose publications changed are read again; -j 2 equals serial."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp


def build(src: Path, **kwargs) -> tuple[set[str], SphinxTestApp]:
    """Build *src* again in place; return the documents that were read."""
    status = StringIO()
    app = SphinxTestApp("html", srcdir=src, status=status, warning=StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    text = re.sub(r"\x1b\[[0-9;]*m", "", status.getvalue())
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", text)), app


@pytest.fixture
def site(rootdir, tmp_path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-basic", src)
    read, _ = build(src)
    assert read == {"index", "cites", "all"}  # publication pages are output, not documents
    return src


KEYS = ["lovelace2024engine", "lovelace2022older", "smith2023shared", "lovelace2025preprint", "babbage2019"]


def edit_bib(src: Path, old: str, new: str) -> None:
    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    assert old in text
    bib.write_text(text.replace(old, new), encoding="utf-8")


def test_nothing_changed_reads_nothing(site):
    read, app = build(site)
    assert read == set()
    assert app.warning.getvalue() == ""


def test_unrelated_page_edit_reads_only_that_page(site):
    page = site / "cites.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    read, _ = build(site)
    assert read == {"cites"}


def test_entry_edit_reads_pages_that_show_it(site):
    # babbage2019 is shown in the lab group (index) and the full list (all); nobody cites it
    edit_bib(site, "Passages from the Life of a Philosopher", "Passages, Revised")
    read, app = build(site)
    assert read == {"index", "all"}
    assert "Passages, Revised" in (app.outdir / "all.html").read_text(encoding="utf-8")
    assert "Passages, Revised" in (app.outdir / "pub" / "babbage2019.html").read_text(encoding="utf-8")
    assert "Passages, Revised" in (app.outdir / "pub" / "babbage2019.bib").read_text(encoding="utf-8")


def test_cited_entry_edit_also_reads_citing_page(site):
    edit_bib(site, "abbr      = {AAAI'24}", "abbr      = {AAAI'25}")
    read, app = build(site)
    assert read == {"index", "all", "cites"}
    assert "EngineNet [AAAI'25]" in (app.outdir / "cites.html").read_text(encoding="utf-8")


def test_new_entry_in_a_stage_reads_that_group(site):
    bib = site / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8")
        + "\n@article{new2026, title={Brand New}, author={Lovelace, Ada}, journal={J}, year={2026}, stage={II}}\n",
        encoding="utf-8",
    )
    read, app = build(site)
    assert read == {"index", "all"}
    assert (app.outdir / "pub" / "new2026.html").is_file()
    assert 'id="pub-new2026"' in (app.outdir / "index.html").read_text(encoding="utf-8")


def test_new_citation_rewrites_the_cited_entry_page(site):
    page = site / "cites.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\nAnd :pub:`babbage2019`.\n", encoding="utf-8")
    read, app = build(site)
    assert read == {"cites"}
    html = (app.outdir / "pub" / "babbage2019.html").read_text(encoding="utf-8")
    assert 'Cited on: <a class="reference internal" href="../cites.html">' in html


def test_parallel_build_gives_the_same_html(rootdir, tmp_path):
    pages = {}
    for jobs in (1, 2):
        src = tmp_path / f"j{jobs}"
        shutil.copytree(rootdir / "test-basic", src)
        _, app = build(src, parallel=jobs)
        assert app.warning.getvalue() == ""
        pages[jobs] = {
            name: (app.outdir / name).read_text(encoding="utf-8")
            for name in ("index.html", "cites.html", "all.html", *(f"pub/{key}.html" for key in KEYS))
        }
    assert pages[1] == pages[2]
