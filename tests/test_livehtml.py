"""``make livehtml``: a live preview that follows the .bib files outside the source folder.

The server test starts sphinx-autobuild (through ``python -m sphinx_vitae.live``, which the
Makefile runs) on loopback, edits a title in the site's ``refs.bib`` (which sits outside
``source/``, as in the ready-made site) and polls the served page until the new title is
there. Every wait is bounded; the server is always stopped.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest

from conftest import ROOT
from sphinx_vitae import live

BASIC = Path(__file__).parent / "roots" / "test-basic"
OLD_TITLE = "Shared Credit: A Study"
FIRST_BUILD_SECONDS = 90  # the first build, on a busy machine
CHANGE_SECONDS = 20  # the bound for an edit to show


def needs_autobuild() -> None:
    """Skip without sphinx-autobuild; under CI (which installs it, with the test set-up) fail."""
    if importlib.util.find_spec("sphinx_autobuild") is None:
        reason = "sphinx-autobuild is in the 'live' extra"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, which make test installs", pytrace=False)
        pytest.skip(reason)


def make_site(root: Path, bibfiles: str = '["../refs.bib"]') -> Path:
    """test-basic laid out as the ready-made site is: source/ and, beside it, refs.bib."""
    shutil.copytree(BASIC, root / "source", ignore=shutil.ignore_patterns("refs.bib"))
    shutil.copy(BASIC / "refs.bib", root / "refs.bib")
    conf = root / "source" / "conf.py"
    text = conf.read_text(encoding="utf-8").replace('bibtex_bibfiles = ["refs.bib"]', f"bibtex_bibfiles = {bibfiles}")
    conf.write_text(text, encoding="utf-8")
    return root


# -- which files are followed, and what the ignores let through (no server) -----------------


def test_bibfiles_are_read_from_conf_py_even_when_computed(tmp_path: Path) -> None:
    site = make_site(tmp_path, bibfiles='[str(Path("..") / name) for name in ("refs.bib", "more.bib")]')
    conf = site / "source" / "conf.py"
    conf.write_text("from pathlib import Path\n" + conf.read_text(encoding="utf-8"), encoding="utf-8")
    (site / "more.bib").write_text("", encoding="utf-8")
    assert live.configured_bibfiles(site / "source") == [(site / "refs.bib").resolve(), (site / "more.bib").resolve()]
    assert live.watched_files(site / "source", site) == [(site / "refs.bib").resolve(), (site / "more.bib").resolve()]


def test_json_resume_is_followed_where_there_is_one(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert live.watched_files(site / "source", site) == [(site / "refs.bib").resolve()]
    (site / "assets" / "json").mkdir(parents=True)
    (site / "assets" / "json" / "resume.json").write_text("{}", encoding="utf-8")
    (site / "source" / "resume.json").write_text("{}", encoding="utf-8")  # in source/: watched anyway
    assert live.watched_files(site / "source", site) == [
        (site / "refs.bib").resolve(),
        (site / "assets" / "json" / "resume.json").resolve(),
    ]


# (bib files relative to the project, changed path, does a change there rebuild?)
LAYOUTS = [
    (["refs.bib"], "refs.bib", True),
    (["refs.bib"], "source/index.rst", True),  # the source folder, inside the bib's folder
    (["refs.bib"], "source/sub/page.rst", True),
    (["refs.bib"], "build/html/index.html", False),  # the output: a rebuild would loop
    (["refs.bib"], ".venv/lib/x.py", False),
    (["refs.bib"], "refs.bib.swp", False),
    (["refs.bib"], "notes.txt", False),
    (["data/a.bib", "data/b.bib"], "data/b.bib", True),
    (["data/a.bib", "data/b.bib"], "data/c.bib", False),
    (["refs.bib", "data/a.bib"], "data/a.bib", True),  # a folder inside another one's folder
    (["refs.bib", "data/a.bib"], "data/other.txt", False),
    (["data/a b+(1).bib"], "data/a b+(1).bib", True),  # characters a regular expression means
    (["data/a b+(1).bib"], "data/a bb(1).bib", False),
]


@pytest.mark.parametrize(("bibs", "changed", "rebuilds"), LAYOUTS)
def test_ignores_let_through_only_what_the_site_is_built_from(
    tmp_path: Path, bibs: list[str], changed: str, rebuilds: bool
) -> None:
    needs_autobuild()
    from sphinx_autobuild.filter import IgnoreFilter

    srcdir = tmp_path / "source"
    srcdir.mkdir()
    files = [tmp_path / name for name in bibs]
    arguments = live.watch_arguments(srcdir, files)
    watched = [Path(arguments[i + 1]) for i, arg in enumerate(arguments) if arg == "--watch"]
    regexes = [arguments[i + 1] for i, arg in enumerate(arguments) if arg == "--re-ignore"]
    assert set(watched) == {path.resolve().parent for path in files}
    # the ignores sphinx-autobuild itself adds: the output folder and its usual ones
    ignore = IgnoreFilter([".venv", str(tmp_path / "build" / "html")], regexes)
    path = tmp_path / changed
    inside_watch = any(folder == path.resolve() or folder in path.resolve().parents for folder in [srcdir, *watched])
    assert (inside_watch and not ignore(str(path))) is rebuilds


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, text: str, seconds: float, server: subprocess.Popen) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "sphinx-autobuild stopped"
        page = fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.3)
    return False


def stop(server: subprocess.Popen) -> str:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)  # its own process group: it and the builds it started
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
    return server.stdout.read() if server.stdout else ""


def edit_title(bib: Path, old: str, new: str, *, atomically: bool) -> None:
    text = bib.read_text(encoding="utf-8")
    assert old in text
    if atomically:  # as editors that save by renaming a new file over the old one
        temporary = bib.with_name(bib.name + ".tmp~")
        temporary.write_text(text.replace(old, new), encoding="utf-8")
        os.replace(temporary, bib)
    else:
        bib.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_to_the_bib_shows_in_the_served_page(tmp_path: Path) -> None:
    needs_autobuild()
    site = make_site(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/index.html"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "ext"), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "sphinx_vitae.live", "source", "build/html", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--ignore", "*/pub/*", "-W", "--keep-going"]
    server = subprocess.Popen(
        command, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    output = ""
    try:
        assert wait_for(url, OLD_TITLE, FIRST_BUILD_SECONDS, server), "no first build"
        bib = site / "refs.bib"
        edit_title(bib, OLD_TITLE, "Shared Credit, Edited in Place", atomically=False)
        assert wait_for(url, "Shared Credit, Edited in Place", CHANGE_SECONDS, server)
        # once more, saved as many editors save: the folder watch survives the new file
        edit_title(bib, "Shared Credit, Edited in Place", "Shared Credit, Saved Anew", atomically=True)
        assert wait_for(url, "Shared Credit, Saved Anew", CHANGE_SECONDS, server)
    finally:
        output = stop(server)
    assert "also watching" in output and str((site / "refs.bib").resolve()) in output, output
    # the edits were seen as changes to refs.bib, and no build warned
    if tuple(int(part) for part in version("sphinx-autobuild").split(".")[:2]) >= (2024, 9):
        assert re.search(r"Detected changes \([^)]*refs\.bib", output), output
    else:  # sphinx-autobuild 2024.4 names no file
        assert "Detected change. Rebuilding" in output, output
    assert "WARNING" not in output, output
