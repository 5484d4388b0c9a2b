"""Shared fixtures: Sphinx's own test fixtures, with our test roots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOT = Path(__file__).resolve().parent.parent


def _name_warning_types() -> None:
    """Every test app ends a warning with its type, "... [vitae.bibfile_missing]", which the
    tests check: Sphinx 8 does by default, Sphinx 7.4 (the oldest pyproject.toml allows,
    tests/matrix.sh) only with ``show_warning_types = True``."""
    from sphinx.testing.util import SphinxTestApp

    init = SphinxTestApp.__init__

    def __init__(self, *args, confoverrides=None, **kwargs):
        init(self, *args, confoverrides={"show_warning_types": True, **(confoverrides or {})}, **kwargs)

    SphinxTestApp.__init__ = __init__


_name_warning_types()


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


def build_copy(root: Path, dest: Path, buildername: str = "html", **kwargs):
    """Copy a test root to *dest* and build it once; for module-scoped fixtures.

    sphinx.testing's ``make_app`` is function-scoped; building a root once per module
    and checking it in many small tests keeps the suite fast.
    """
    import shutil
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    if Path(root).resolve() != Path(dest).resolve():
        shutil.copytree(root, dest, dirs_exist_ok=True)
    app = SphinxTestApp(buildername, srcdir=dest, status=StringIO(), warning=StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def warnings_of(app) -> list[str]:
    """The warning lines of a build, without colour codes."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
