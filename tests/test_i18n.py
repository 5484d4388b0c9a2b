"""The extension's words through sphinx.locale: the zh_CN catalogue, and the shipped files agreeing with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalogues import DOMAIN, LOCALES, extract, mo_bytes, po_files, read
from conftest import build_copy, warnings_of


def test_template_lists_every_string_of_the_code():
    with (LOCALES / f"{DOMAIN}.pot").open("rb") as stream:
        from babel.messages.pofile import read_po

        shipped = {m.id for m in read_po(stream) if m.id}
    in_code = {m.id for m in extract() if m.id}
    assert in_code, "no _() string found: the extractor is looking in the wrong place"
    assert shipped == in_code, "run: python tests/catalogues.py"


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parts[-3])
def test_catalogue_is_complete_and_compiled(po: Path):
    catalog = read(po)
    in_code = {m.id for m in extract() if m.id}
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    assert in_code <= translated, f"untranslated in {po}: {sorted(in_code - translated)}"
    assert po.with_suffix(".mo").read_bytes() == mo_bytes(catalog), "run: python tests/catalogues.py"


def test_zh_cn_catalogue_is_shipped():
    assert any(p.parts[-3] == "zh_CN" for p in po_files())


@pytest.fixture(scope="module")
def zh_site(rootdir, tmp_path_factory):
    dest = tmp_path_factory.mktemp("i18n") / "src"
    app = build_copy(rootdir / "test-i18n", dest, "html")
    return app


def _text(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))


def test_zh_cn_build_has_no_warning(zh_site):
    assert warnings_of(zh_site) == []


def test_zh_cn_words_on_the_lists(zh_site):
    out = Path(zh_site.outdir)
    index = _text(out / "index.html")
    assert "摘要" in index  # the abstract toggle
    assert "Abstract" not in index
    assert "Babbage 等" in index  # "and others" in the author list (the :pub: label keeps "et al.")
    every = _text(out / "all.html")
    assert "未注明日期" in every and "Undated" not in every
    assert "下载全部" in every and "Download all" not in every


def test_zh_cn_words_on_the_publication_page(zh_site):
    out = Path(zh_site.outdir)
    pages = [p for p in out.rglob("*.html") if "lovelace1843" in p.as_posix() and p.name != "index.html"]
    pages = pages or [p for p in out.rglob("lovelace1843/index.html")]
    assert pages, "no publication page was written"
    text = _text(pages[0])
    assert "引用于" in text and "Cited on" not in text
    assert "摘要" in text
