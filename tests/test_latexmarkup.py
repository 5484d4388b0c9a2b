"""BibTeX field text to styled spans (pure, no build)."""

from __future__ import annotations

import pytest

from sphinx_vitae.latexmarkup import Span, parse, to_text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (r"{FedALA}: Adaptive Local Aggregation", "FedALA: Adaptive Local Aggregation"),
        (r"M{\"u}ller and G{\'e}rard and \c{C}elik and Nu\~{n}ez", "Müller and Gérard and Çelik and Nuñez"),
        (r"\'{\i}ndice \ss", "índice ß"),
        (r"100\% Robust \& Fast", "100% Robust & Fast"),
        ("100% done", "100% done"),
        (r"pages 1--10 --- ``quoted''", "pages 1–10 — “quoted”"),
        (r"$\alpha$-Net and $O(n^2)$", "α-Net and O(n2)"),
        (r"<script>alert(1)</script>", "<script>alert(1)</script>"),
        (r"\input{/etc/passwd} \write18{rm -rf x}", "/etc/passwd 18rm -rf x"),
        ("unbalanced { brace", "unbalanced brace"),
        (r"\href{https://x.org}{the text}", "the text"),
    ],
)
def test_plain_text(raw, text):
    assert to_text(raw) == text


def test_styles_are_kept_as_span_styles():
    spans = parse(r"Plain \emph{em} \textbf{bold} {\bf decl} $x^{2}$")
    assert Span("em", frozenset({"em"})) in spans
    assert Span("bold", frozenset({"strong"})) in spans
    assert Span("decl", frozenset({"strong"})) in spans
    assert Span("2", frozenset({"sup"})) in spans


def test_spaces_between_styled_runs_survive():
    assert to_text(r"A \emph{b} \textbf{c} d") == "A b c d"


def test_empty():
    assert parse("") == ()
