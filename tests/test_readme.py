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


def emitted_subtypes() -> set[str]:
    """Every warning subtype the extension's source can emit, read from the code itself:
    ``subtype="x"`` keywords, the subtype argument of ``Problem``/``KeptWarning``/``warn``/
    ``note_warning``, and ``subtype = "x"`` assignments."""
    import ast

    positions = {"Problem": 3, "KeptWarning": 2, "warn": 1, "note_warning": 3, "_per_line": 5}

    def constants(node: ast.AST) -> list[object]:
        # "a" if cond else "b" gives both
        if isinstance(node, ast.IfExp):
            return constants(node.body) + constants(node.orelse)
        return [node.value] if isinstance(node, ast.Constant) else []

    found: set[str] = set()
    for path in (ROOT / "ext" / "sphinx_vitae").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                for keyword in node.keywords:
                    if keyword.arg == "subtype":
                        found.update(constants(keyword.value))
                index = positions.get(name or "")
                if index is not None and len(node.args) > index:
                    found.update(constants(node.args[index]))
            elif isinstance(node, ast.Assign):
                targets = [
                    t for target in node.targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])
                ]
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for target, value in zip(targets, values, strict=False):
                    if getattr(target, "id", None) == "subtype":
                        found.update(constants(value))
    return {value for value in found if isinstance(value, str)}


def test_readme_warning_table_lists_every_subtype_we_emit():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Warnings") :]
    table = table[: table.index("\n## ", 1)]
    listed = set(
        re.findall(
            r"`([a-z_]+)`", "\n".join(line.split("|")[1] for line in table.splitlines() if line.startswith("| `"))
        )
    )
    emitted = emitted_subtypes()
    assert len(emitted) >= 10, emitted  # the scan found the warnings
    assert emitted <= listed, f"not in the README's table: {sorted(emitted - listed)}"
    assert listed <= emitted, f"in the table but never emitted: {sorted(listed - emitted)}"
