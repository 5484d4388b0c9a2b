"""The README's minimal conf.py and page build as shown, without a warning."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import ROOT, build_copy, warnings_of

BIB = r"""
@inproceedings{lovelace1843notes,
  title     = {Notes on the Analytical Engine},
  author    = {Lovelace, Ada and Babbage, Charles},
  booktitle = {Scientific Memoirs},
  year      = {1843},
  abbr      = {SM'43},
  stage     = {I},
  selected  = {true},
}
"""


def snippets() -> tuple[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    conf = re.search(r"A minimal `conf.py`:\n\n```python\n(.*?)```", readme, re.S)
    page = re.search(r"and a page:\n\n```rst\n(.*?)```", readme, re.S)
    assert conf and page, "README snippets moved: update this test"
    return conf.group(1), page.group(1)


def test_readme_example_builds(tmp_path):
    conf, page = snippets()
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "conf.py").write_text(conf, encoding="utf-8")
    (tmp_path / "source" / "index.rst").write_text(page, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    app = build_copy(tmp_path / "source", tmp_path / "source")
    assert warnings_of(app) == []
    html = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text().rstrip("#¶ ") for h in html.select("section.vitae-group > h2")] == [
        "Stage Ⅰ: Engines",
        "Selected work",
    ]
    assert html.select_one("a.vitae-cite").get_text() == "Lovelace and Babbage [SM'43]"
    assert [s.get_text() for s in html.select(".vitae-authors strong")] == ["Ada Lovelace", "Ada Lovelace"]
