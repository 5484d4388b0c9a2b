"""al-folio's Markdown fields (award, additional_info) as al-folio shows them (pure, no build)."""

from __future__ import annotations

import pytest

from sphinx_vitae.latexmarkup import Span
from sphinx_vitae.mdfields import parse_markdown

S = frozenset


@pytest.mark.parametrize(
    ("raw", "spans"),
    [
        (
            "**Nobel Prize in Physics** in 1921 *for his services*",
            [("Nobel Prize in Physics", S({"strong"})), (" in 1921 ", S()), ("for his services", S({"em"}))],
        ),
        (
            "*More Information* can be [found here](https://x.org/a).",
            [
                ("More Information", S({"em"})),
                (" can be ", S()),
                ("found here", S({"href=https://x.org/a"})),
                (".", S()),
            ],
        ),
        ("`code` and __bold__", [("code", S({"tt"})), (" and ", S()), ("bold", S({"strong"}))]),
        # BibTeX inside Markdown is still BibTeX: accents, braces
        ("**Caf\\'{e}** award", [("Café", S({"strong"})), (" award", S())]),
        # no Markdown marks: the field is read as any other
        ("plain \\emph{x} and snake_case", [("plain ", S()), ("x", S({"em"})), (" and snake_case", S())]),
        ("2 * 3 * 4 stars", [("2 * 3 * 4 stars", S())]),
        # an unsafe link target is not linked (markdown-it refuses it; the text stays as written)
        ("[x](javascript:alert(1)) ok", [("[x](javascript:alert(1)) ok", S())]),
        ("[x](data:text/html,hi) ok", [("[x](data:text/html,hi) ok", S())]),
        ("[x](vbscript:y) ok", [("[x](vbscript:y) ok", S())]),
    ],
)
def test_markdown_fields(raw, spans):
    assert parse_markdown(raw) == tuple(Span(text, styles) for text, styles in spans)


def test_a_link_target_is_checked_by_safe_url():
    # markdown-it accepts file: links; our check does not
    (span,) = [s for s in parse_markdown("[x](file:///etc/passwd) y") if s.text == "x"] or [None]
    assert span is None or not any(style.startswith("href=") for style in span.styles)
