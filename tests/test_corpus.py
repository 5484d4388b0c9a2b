"""Real al-folio papers.bib files (tests/corpus/alfolio, copied from shared/corpus) build cleanly.

Each file is rendered through the all-publications directive with its site owner
configured (from MANIFEST.tsv): no traceback, every entry rendered or named in a
warning, and the owner emphasised wherever the file names them — and nobody else.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils.nodes import make_id

from conftest import build_copy, warnings_of

CORPUS = Path(__file__).parent / "corpus" / "alfolio"
ROWS = list(csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^\w.]", "", "".join(c for c in text if not unicodedata.combining(c)).casefold())


def owner_names(row: dict[str, str]) -> set[str]:
    if row["owner_last_names"] == "-":
        return set()
    return {
        fold(f"{first}{last}")
        for first in row["owner_first_names"].split("|")
        for last in row["owner_last_names"].split("|")
    }


def test_manifest_lists_every_file():
    assert sorted(row["file"] for row in ROWS) == sorted(p.name for p in CORPUS.glob("*.bib"))
    assert len(ROWS) == 13


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_file_builds(row, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    bib = (CORPUS / row["file"]).read_text(encoding="utf-8")
    (src / "refs.bib").write_text(bib, encoding="utf-8")
    owners = [] if row["owner_last_names"] == "-" else [
        f"{last}, {first}" for first in row["owner_first_names"].split("|") for last in row["owner_last_names"].split("|")
    ]
    (src / "conf.py").write_text(
        f"extensions = ['sphinx_vitae']\nbibtex_bibfiles = ['refs.bib']\nvitae_owner = {owners!r}\n"
        "html_theme = 'basic'\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Publications\n============\n\n.. all-publications::\n", encoding="utf-8")
    app = build_copy(src, src)
    log = app.warning.getvalue()
    assert "Traceback" not in log and "Exception" not in log

    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    entries = page.select("li.vitae-entry")
    shown = {li["id"] for li in entries}
    keys = [
        key
        for type_, key in re.findall(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s{}]+)", bib, re.M)
        if type_.lower() not in {"string", "comment", "preamble"}
    ]
    assert len(keys) == int(row["entry_count"])
    warned = "\n".join(warnings_of(app))
    for key in keys:
        assert f"pub-{make_id(key)}" in shown or f"'{key}'" in warned, f"{key} neither rendered nor warned"
    # the owner: emphasised wherever named, and nobody else
    names = owner_names(row)
    emphasised = 0
    for li in entries:
        authors = li.select_one(".vitae-authors")
        if authors is None:
            continue
        strong = {fold(s.get_text()) for s in authors.select("strong")}
        assert strong <= names, (li["id"], strong)
        emphasised += len(strong)
        for text in authors.find_all(string=True, recursive=False):
            for name in text.split(","):
                assert fold(name) not in names or not name.strip(), (li["id"], name)
    if names and row["file"] != "011.bib":
        assert emphasised > 0, "the owner is never emphasised"
