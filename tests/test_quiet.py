"""Quiet builds: a build with nothing changed says nothing changed, and nothing about unused options.

Each case builds a copy of the real site (source/, refs.bib) in a fresh ``sphinx-build``
process, as ``make html`` does: an in-process build would not show what an extension prints
on import, since Python imports it once per process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sphinx

from conftest import ROOT

EXT = ROOT / "ext"
# options an extension or a theme changes after conf.py, one case per way it happens
EXTRA_CONF = {
    # furo registers an option (pygments_dark_style) only when the builder loads it;
    # sphinx-copybutton adds to html_static_path on builder-inited;
    # the HTML builder sets a priority in the attributes of html_css_files in place
    "furo": "",
    "alabaster": 'html_theme = "alabaster"\n',
    "assets with attributes": (
        'html_css_files = ["site.css", ("print.css", {"media": "print"})]\n'
        'html_js_files = [("site.js", {"defer": "defer"})]\n'
    ),
}
# what happens between the builds: nothing, or an edit (the environment is pickled again)
BETWEEN = ("nothing", "a page edited")
NOTICES = re.compile(r"matplotlib|not installed|social card", re.IGNORECASE)


def sphinx_build(site: Path) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(EXT), os.environ.get("PYTHONPATH", "")])}
    env.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "build", "-b", "html", "-W", "--keep-going", "source", "build/html"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,  # the output goes into the assertion message
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    return output


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "source", tmp_path / "source", ignore=shutil.ignore_patterns("pub"))
    shutil.copy(ROOT / "refs.bib", tmp_path / "refs.bib")
    return tmp_path


@pytest.mark.parametrize("between", BETWEEN)
@pytest.mark.parametrize("case", list(EXTRA_CONF))
def test_unchanged_build_says_nothing_changed(site: Path, case: str, between: str) -> None:
    conf = site / "source" / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + EXTRA_CONF[case], encoding="utf-8")
    (site / "source" / "_static" / "print.css").write_text("", encoding="utf-8")
    (site / "source" / "_static" / "site.js").write_text("", encoding="utf-8")
    outputs = [sphinx_build(site)]
    if between == "a page edited":
        page = site / "source" / "research.rst"
        page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
        outputs.append(sphinx_build(site))  # reads the page, pickles the environment again
        assert "1 changed" in outputs[-1], outputs[-1]
    outputs.append(sphinx_build(site))
    last = outputs[-1]
    assert "loading pickled environment" in last, last  # an incremental build, not a fresh one
    assert "configuration has changed" not in last, last
    assert "config changed" not in last, last
    assert "0 added, 0 changed, 0 removed" in last, last
    for output in outputs:
        assert not NOTICES.search(output), output
        assert "WARNING" not in output, output


def test_a_real_change_is_still_reported(site: Path) -> None:
    """The pickle keeps the configuration as it was read: a changed conf.py still counts."""
    sphinx_build(site)
    conf = site / "source" / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + 'html_title = "Someone else"\n', encoding="utf-8")
    output = sphinx_build(site)
    if sphinx.version_info >= (8,):
        assert "The configuration has changed (1 option: 'html_title')" in output, output
    else:  # Sphinx 7.4 names no option: its HTML builder finds every page out of date
        assert re.search(r"building \[html\]: targets for [1-9][0-9]* source files that are out of date", output), (
            output
        )
    assert "Someone else" in (site / "build" / "html" / "index.html").read_text(encoding="utf-8")
