"""A package to depend on: any HTML theme, one version, a changelog, no site-only dependency.

A tiny site (test-basic) is built with furo, alabaster and the PyData theme: our stylesheet is
linked and copied, the lists render, and where the system Chromium is installed a headless
screenshot of each is taken (into the test's tmp folder). The clean-install check (a wheel
in a fresh venv) is ``tests/clean_install.sh``, run by ``.ci/run``: it needs the registry.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_copy, warnings_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")

import sphinx_vitae

BASIC = Path(__file__).parent / "roots" / "test-basic"
THEMES = {"furo": "furo", "alabaster": "alabaster", "pydata": "pydata_sphinx_theme"}
CHROMIUM = Path("/usr/bin/chromium")
PNG = b"\x89PNG\r\n\x1a\n"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=list(THEMES))
def themed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, list[str]]:
    theme = THEMES[request.param]
    if theme != "alabaster":
        pytest.importorskip(theme, reason=f"{theme} is not installed")
    dest = tmp_path_factory.mktemp(request.param)
    app = build_copy(BASIC, dest, confoverrides={"html_theme": theme})
    return request.param, Path(app.outdir), warnings_of(app)


def test_our_stylesheet_is_linked_and_copied(themed) -> None:
    name, outdir, warnings = themed
    assert warnings == [], name
    page = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    ours = [href for href in links if href.split("?")[0] == "_static/vitae.css"]
    assert ours, links
    copied = (outdir / "_static" / "vitae.css").read_text(encoding="utf-8")
    assert copied == (Path(sphinx_vitae.__file__).parent / "static" / "vitae.css").read_text(encoding="utf-8")


def test_the_lists_render(themed) -> None:
    name, outdir, _ = themed
    page = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    lists = page.select("ul.vitae-list")
    assert len(lists) == 4, name  # the four publications directives of test-basic's index
    assert all(ul.select("li.vitae-entry") for ul in lists)
    assert page.select("li.vitae-entry strong.vitae-owner"), "the owner's name is not emphasised"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no system Chromium (/usr/bin/chromium)")
def test_a_screenshot_of_each_theme(themed, tmp_path: Path) -> None:
    name, outdir, _ = themed
    shot = tmp_path / f"{name}.png"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += [f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,900", f"--screenshot={shot}"]
    command += [(outdir / "index.html").as_uri()]
    subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert shot.is_file(), f"no screenshot for {name}"
    data = shot.read_bytes()
    assert data.startswith(PNG) and len(data) > 5_000, f"{name}: {len(data)} bytes"


# -- the package's metadata -------------------------------------------------------------------


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s<>=!~\[;]", requirement, maxsplit=1)[0].lower() for requirement in requirements}


def test_the_version_is_written_in_one_place() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "sphinx_vitae.__version__"}
    # PEP 440, as semantic versions are written there (a .devN or rcN before a release)
    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?(\.dev\d+)?", sphinx_vitae.__version__)
    assert (
        len(re.findall(r"^__version__ = ", (ROOT / "ext" / "sphinx_vitae" / "__init__.py").read_text(), re.MULTILINE))
        == 1
    )


def test_no_theme_or_site_extension_is_a_dependency() -> None:
    dependencies = requirement_names(PYPROJECT["project"]["dependencies"])
    extras = PYPROJECT["project"]["optional-dependencies"]
    site_only = {"furo", "sphinx-copybutton", "sphinx-sitemap", "sphinxext-opengraph", "myst-parser"}
    assert not dependencies & site_only
    assert "furo" in requirement_names(extras["site"])
    assert "myst-parser" in requirement_names(extras["md"])
    assert "sphinx-vitae" in requirement_names(extras["site"])  # the site has Markdown too ([md])
    assert "sphinx-autobuild" in requirement_names(extras["live"])


def test_the_changelog_has_an_unreleased_section_and_a_version_policy() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Keep a Changelog" in text and "Semantic Versioning" in text
    assert re.search(r"^## \[Unreleased\]$", text, re.MULTILINE)
    unreleased = text.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    for change in ("furo", "Markdown", "livehtml", "sphinx-vitae init"):
        assert change in unreleased, change
    assert re.search(r"breaking", text, re.IGNORECASE)


def test_ci_checks_a_clean_install_before_the_tests() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    assert "make test" in lines
    check = next(i for i, line in enumerate(lines) if "clean_install.sh" in line and not line.startswith("#"))
    assert check < lines.index("make test")
    clean = ROOT / "tests" / "clean_install.sh"
    assert clean.stat().st_mode & 0o111, "clean_install.sh is not executable"
    assert "set -euo pipefail" in clean.read_text(encoding="utf-8")
    if shutil.which("bash"):
        subprocess.run(["bash", "-n", str(clean)], check=True, timeout=30)
