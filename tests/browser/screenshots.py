"""Screenshots of the built home page: light, dark and phone (``make screenshots``).

    python tests/browser/screenshots.py [BUILT_HTML_DIR] [OUT_DIR]

defaults: build/html and build/screenshots. Uses the system Chromium, like the browser tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness import DESKTOP_VIEWPORT, MOBILE_VIEWPORT, ROOT, find_chromium, launch, serve

SHOTS = {
    # file name: (prefers-color-scheme, viewport)
    "home-light.png": ("light", DESKTOP_VIEWPORT),
    "home-dark.png": ("dark", DESKTOP_VIEWPORT),
    "home-mobile.png": ("light", MOBILE_VIEWPORT),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", type=Path, default=ROOT / "build" / "html")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--page", default="index.html", help="the page to shoot (default: %(default)s)")
    parser.add_argument("--viewport-only", action="store_true", help="only the first screen, not the whole page")
    args = parser.parse_args(argv)

    if not (args.html / args.page).is_file():
        parser.error(f"{args.html / args.page} does not exist: build the site first (make html)")
    executable = find_chromium()
    if not executable:
        parser.error("no system Chromium: on Debian or Ubuntu, sudo apt-get install chromium")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.html) as url, sync_playwright() as playwright:
        browser = launch(playwright, executable)
        try:
            for name, (scheme, viewport) in SHOTS.items():
                context = browser.new_context(color_scheme=scheme, viewport=viewport, device_scale_factor=1)
                page = context.new_page()
                page.goto(url + args.page, wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                path = args.out / name
                page.screenshot(path=str(path), full_page=not args.viewport_only, animations="disabled")
                context.close()
                print(path)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
