"""Every built page in headless Chromium: loads cleanly, fits a phone, renders in light and
dark mode with readable badges and owner names, and its links and toggles work."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from .harness import COLOR_SCHEMES, MOBILE_VIEWPORT, built_pages

pytestmark = pytest.mark.browser

# WCAG 2.1 AA: 4.5:1 for normal-size text (badges are 0.8em), 3:1 for non-text marks such
# as the owner's underline.
TEXT_CONTRAST = 4.5
MARK_CONTRAST = 3.0


def test_every_page_is_checked(site_html: Path) -> None:
    """The tests that take a `page` run on every built page: at least these."""
    pages = built_pages(site_html)
    for expected in ("index.html", "research.html", "publications.html", "genindex.html", "search.html"):
        assert expected in pages


@pytest.mark.parametrize("scheme", COLOR_SCHEMES)
def test_page_loads_cleanly(open_page, page: str, scheme: str) -> None:
    """No console errors, no uncaught exceptions, no failed or external requests."""
    visit = open_page(page, color_scheme=scheme)
    assert visit.page.title(), "page has no title"
    visit.assert_clean()


# -- a phone's width --------------------------------------------------------------------------

# furo sets `html {overflow-x: hidden}` and `.content {overflow-x: auto}`, so a too-wide
# element does not widen the document: it makes the content column scroll sideways, or is
# cut off. So besides the window's own scrolling, look for any element that reaches past the
# right edge of the screen, leaving out furo's off-canvas drawers (fixed, and wholly outside
# the screen until opened).
_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  window.scrollTo(10000, 0);
  const scrolled = window.scrollX;
  window.scrollTo(0, 0);
  const offCanvas = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (getComputedStyle(e).position !== "fixed") continue;
      const r = e.getBoundingClientRect();
      if (r.left >= width || r.right <= 0) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + [...el.classList].map((c) => "." + c).join("");
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const rect = el.getBoundingClientRect();
    if (!rect.width || rect.right <= width + 1 || !el.checkVisibility({visibilityProperty: true})) continue;
    if (offCanvas(el)) continue;
    wide.push(`${name(el.parentElement)} > ${name(el)}: right edge at ${Math.round(rect.right)}px`);
  }
  const scrollers = [];
  for (const el of document.querySelectorAll("body *")) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1 && !offCanvas(el)) {
      scrollers.push(`${name(el)}: scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return {width, scrolled, wide: wide.slice(0, 10), scrollers};
}"""


def test_no_horizontal_scrolling_on_a_phone(open_page, page: str) -> None:
    visit = open_page(page, viewport=MOBILE_VIEWPORT)
    result = visit.page.evaluate(_OVERFLOW_JS)
    assert result["width"] == MOBILE_VIEWPORT["width"]
    assert result["scrolled"] == 0, f"{page}: the window scrolls sideways by {result['scrolled']}px"
    assert result["scrollers"] == [], f"{page}: parts scroll sideways: {result['scrollers']}"
    assert result["wide"] == [], f"{page} is wider than {result['width']}px: " + "; ".join(result["wide"])
    visit.assert_clean()


# -- light and dark mode ----------------------------------------------------------------------

# The colours the reader sees, whatever syntax the CSS used: a 1x1 canvas turns any CSS colour
# into sRGB bytes. The background is every non-transparent ancestor background composited
# over white (the canvas colour when nothing sets one).
_COLORS_JS = """(selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const rgba = (css) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "#000";
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (!a) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat([a]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return bg;
  };
  return [...document.querySelectorAll(selector)].map((el) => {
    const style = getComputedStyle(el);
    const bg = background(el);
    return {
      text: el.textContent.trim().slice(0, 40),
      fg: over(rgba(style.color), bg),
      decoration: over(rgba(style.textDecorationColor), bg),
      bg,
    };
  });
}"""


def luminance(rgb: list[float]) -> float:
    """WCAG relative luminance of an sRGB colour given as 0-255 channels."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _open_in_mode(open_page, page: str, mode: str):
    """``mode``: "light" or "dark" as the system's preference, or "dark-toggle": a light
    system, switched to dark with furo's theme button (its other CSS path)."""
    if mode == "dark-toggle":
        visit = open_page(page, color_scheme="light")
        visit.page.locator(".theme-toggle:visible").first.click()
        assert visit.page.evaluate("document.body.dataset.theme") == "dark"
        return visit
    return open_page(page, color_scheme=mode)


@pytest.mark.parametrize("mode", [*COLOR_SCHEMES, "dark-toggle"])
@pytest.mark.parametrize("path", ["index.html", "publications.html"])
def test_light_and_dark_mode(open_page, path: str, mode: str) -> None:
    visit = _open_in_mode(open_page, path, mode)
    (body,) = visit.page.evaluate(_COLORS_JS, "body")
    if mode == "light":
        assert luminance(body["bg"]) > 0.8, f"light mode has a dark background {body['bg']}"
    else:
        assert luminance(body["bg"]) < 0.05, f"dark mode has a light background {body['bg']}"
    assert contrast(body["fg"], body["bg"]) >= TEXT_CONTRAST

    failures = []
    for selector, checks in {
        ".vitae-badge": ("fg",),
        ".vitae-owner": ("fg", "decoration"),
        ".vitae-title": ("fg",),
        ".vitae-authors": ("fg",),
        ".vitae-venue": ("fg",),
        ".vitae-award": ("fg",),
        "article a.reference": ("fg",),
    }.items():
        found = visit.page.evaluate(_COLORS_JS, selector)
        if selector in (".vitae-badge", ".vitae-owner"):
            assert found, f"no {selector} on {path}"
        for item in found:
            for check in checks:
                ratio = contrast(item[check], item["bg"])
                needed = TEXT_CONTRAST if check == "fg" else MARK_CONTRAST
                if ratio < needed:
                    failures.append(f"{selector} {item['text']!r}: {check} {ratio:.2f} < {needed}")
    assert failures == [], f"{mode} mode on {path}:\n" + "\n".join(failures)
    visit.assert_clean()


# -- links and toggles -----------------------------------------------------------------------


_TARGET_IN_VIEW_JS = """() => {
  const target = document.querySelector(":target");
  if (!target) return false;
  const rect = target.getBoundingClientRect();
  return rect.top >= 0 && rect.bottom <= innerHeight;
}"""


def test_cite_links_reach_their_entries(open_page, site_url: str) -> None:
    """Every a.vitae-cite on research.html, clicked, lands on its entry: scrolled into view and
    highlighted when the link names one (#fragment), else on a page of its own."""
    visit = open_page("research.html")
    page = visit.page
    hrefs = page.eval_on_selector_all("a.vitae-cite", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs, "research.html has no a.vitae-cite links"
    plain_border = None
    for index, href in enumerate(hrefs):
        if index:
            page.goto(site_url + "research.html")
        link = page.locator("a.vitae-cite").nth(index)
        assert link.inner_text().strip(), f"cite link {href} has no text"
        with page.expect_navigation():
            link.click()
        assert page.url.endswith(href), f"clicking {href} went to {page.url}"
        if "#" not in href:  # a page of its own (a 404 would be a failed request)
            assert page.locator("h1").count() == 1, f"{href} has no page heading"
            continue
        fragment = href.split("#", 1)[1]
        # furo scrolls smoothly: wait until the entry is in view
        page.wait_for_function(_TARGET_IN_VIEW_JS, timeout=5000)
        target = page.evaluate(
            """() => { const t = document.querySelector(":target"); if (!t) return null;
                 return {id: t.id, cls: t.className, border: getComputedStyle(t).borderLeftColor}; }"""
        )
        assert target and target["id"] == fragment, f"{href}: :target is {target}"
        assert "vitae-entry" in target["cls"].split()
        if plain_border is None:
            plain_border = page.evaluate(
                "() => getComputedStyle(document.querySelector('li.vitae-entry:not(:target)')).borderLeftColor"
            )
        assert target["border"] != plain_border, f"{href}: the target entry is not highlighted"
    visit.assert_clean()


@dataclass(frozen=True)
class Toggle:
    """Something the reader clicks to show and hide a part of a page.

    ``trigger`` selects the clickable elements on ``page``. What each one shows and hides is
    the element its ``aria-controls`` names, or else ``target`` looked up inside the
    trigger's closest ``scope`` ancestor (or, for a <summary>, the rest of its <details>).
    """

    page: str
    trigger: str
    target: str = ""
    scope: str = "li.vitae-entry"


# Every kind of toggle the site has, on a page that shows it; add each new one here.
TOGGLES: list[Toggle] = [
    Toggle("index.html", "details.vitae-toggle > summary"),  # an entry's BibTeX
    Toggle("publications.html", "details.vitae-toggle > summary"),
]

_TOGGLE_PARAMS = [pytest.param(t, id=f"{t.page}:{t.trigger}") for t in TOGGLES] or [
    pytest.param(None, marks=pytest.mark.skip(reason="the site has no toggles yet"), id="none-yet")
]

_TOGGLE_STATE_JS = """([el, target, scope]) => {
  let shown;
  const controls = el.getAttribute("aria-controls");
  if (controls) {
    const t = document.getElementById(controls);
    shown = !!t && t.checkVisibility();
  } else if (el.tagName === "SUMMARY") {
    const rest = [...el.parentElement.children].filter((c) => c !== el);
    shown = el.parentElement.open && rest.length > 0 && rest.every((c) => c.checkVisibility());
  } else {
    const t = el.closest(scope)?.querySelector(target);
    shown = !!t && t.checkVisibility();
  }
  return {shown, expanded: el.getAttribute("aria-expanded")};
}"""


@pytest.mark.parametrize("toggle", _TOGGLE_PARAMS)
def test_toggles_work_when_clicked(open_page, toggle: Toggle) -> None:
    visit = open_page(toggle.page)
    triggers = visit.page.locator(toggle.trigger)
    assert triggers.count(), f"no {toggle.trigger} on {toggle.page}"
    for index in range(triggers.count()):
        trigger = triggers.nth(index)
        handle = trigger.element_handle()
        before = visit.page.evaluate(_TOGGLE_STATE_JS, [handle, toggle.target, toggle.scope])
        trigger.click()
        after = visit.page.evaluate(_TOGGLE_STATE_JS, [handle, toggle.target, toggle.scope])
        assert after["shown"] != before["shown"], f"clicking {toggle.trigger} #{index} changed nothing"
        if before["expanded"] is not None:
            assert after["expanded"] == ("true" if after["shown"] else "false"), "aria-expanded is out of step"
        trigger.click()
        again = visit.page.evaluate(_TOGGLE_STATE_JS, [handle, toggle.target, toggle.scope])
        assert again == before, f"a second click on {toggle.trigger} #{index} did not undo the first"
    visit.assert_clean()


@pytest.mark.parametrize("toggle", _TOGGLE_PARAMS)
def test_open_toggles_fit_a_phone(open_page, toggle: Toggle) -> None:
    """What the toggles show (BibTeX…) must not widen the page either."""
    visit = open_page(toggle.page, viewport=MOBILE_VIEWPORT)
    triggers = visit.page.locator(toggle.trigger)
    assert triggers.count(), f"no {toggle.trigger} on {toggle.page}"
    for index in range(triggers.count()):
        triggers.nth(index).click()
    result = visit.page.evaluate(_OVERFLOW_JS)
    assert result["scrolled"] == 0 and result["scrollers"] == [] and result["wide"] == [], (
        f"{toggle.page} with every {toggle.trigger} open: {result}"
    )
    visit.assert_clean()
