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


STRONG, EM, SUP, SUB = (frozenset({s}) for s in ("strong", "em", "sup", "sub"))
BR = Span("\n", frozenset({"br"}))


def test_declaration_styles_the_rest_of_the_group():
    # the example: once "Hello bold endbold end"
    assert parse(r"{Hello \bf bold end}") == (Span("Hello "), Span("bold end", STRONG))


@pytest.mark.parametrize(
    ("raw", "spans"),
    [
        # TeX's rule: a declaration lasts until the frame it is in closes
        (r"{\bf a} b", (Span("a", STRONG), Span(" b"))),
        (r"\bf a {b} c", (Span("a b c", STRONG),)),
        (r"{\em a {\bf b} c} d", (Span("a ", EM), Span("b", EM | STRONG), Span(" c", EM), Span(" d"))),
        (r"\emph{a \bf b} c", (Span("a ", EM), Span("b", EM | STRONG), Span(" c"))),
        (r"$\bf x$ y", (Span("x", STRONG), Span(" y"))),
        (r"<b>\em x</b> y", (Span("x", STRONG | EM), Span(" y"))),
        (r"{\it a}{\sl b}{\tt c}{\sc d}", (Span("ab", EM), Span("c", frozenset({"tt"})), Span("d", frozenset({"sc"})))),
        (r"\em{x} y", (Span("x", EM), Span(" y"))),  # written as a command: the group only, as users mean it
        (r"\textbf x y", (Span("x", STRONG), Span(" y"))),  # an undelimited argument is one character
        (r"$x^\textbf{2}$", (Span("x"), Span("2", STRONG | SUP))),
        (r"$x^{2$ more", (Span("x"), Span("2", SUP), Span(" more"))),  # "$" closes the math and what it holds
        (r"\emph{\"u}ber", (Span("ü", EM), Span("ber"))),
        (r"\emph&#233;t&eacute; \textbf\'ex", (Span("é", EM), Span("té "), Span("é", STRONG), Span("x"))),
    ],
)
def test_tex_scoping(raw, spans):
    assert parse(raw) == spans


@pytest.mark.parametrize(
    ("tag", "style"),
    [("b", STRONG), ("strong", STRONG), ("i", EM), ("em", EM), ("sup", SUP), ("sub", SUB)],
)
@pytest.mark.parametrize("case", [str.lower, str.upper])
def test_allowed_html_elements_become_styles(tag, style, case):
    tag = case(tag)
    assert parse(f"a <{tag}>x y</{tag}> b") == (Span("a "), Span("x y", style), Span(" b"))
    # attributes are read past and dropped, even a quoted ">"
    assert parse(f"<{tag} class=\"t>\" title='x' data-x=1 hidden>x</{tag} >") == (Span("x", style),)


@pytest.mark.parametrize("tag", ["nobr", "span"])
def test_unstyled_html_elements_vanish(tag):
    assert parse(f'Stretcu<{tag} style="x"><em>*</em></{tag}>') == (Span("Stretcu"), Span("*", EM))


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="https://x.org">x</a>',
        'doi:<a href="https://doi.org/10.1/x_y~z">10.1/x</a>',  # verbatim: no LaTeX inside a tag we do not read
        "<svg/onload=alert(1)>",
        "<iframe src=javascript:alert(1)></iframe>",
        "<bold>x</bold> <bx>y</bx> <b2>z</b2>",  # not our names, though they begin like one
        "a <!-- <b>c</b> --> d",  # a comment hides its tags
        "<!DOCTYPE html> <?php x ?> </ b> </>",
        "p < 0.05 and p<0.01, a <= b, 1<2",
        "<",
        "a</",
    ],
)
def test_other_html_stays_literal(raw):
    assert to_text(raw) == " ".join(raw.split())
    assert all(not span.styles for span in parse(raw))


@pytest.mark.parametrize(
    ("raw", "spans"),
    [
        ("<b><i>x</i> y</b>", (Span("x", STRONG | EM), Span(" y", STRONG))),
        ("<b>x", (Span("x", STRONG),)),  # unclosed: ends with the field
        ("{<b>x} y", (Span("x", STRONG), Span(" y"))),  # ... or with its group
        ("<b>{x</b>} y", (Span("x y", STRONG),)),  # an end tag does not reach out of its group: dropped
        ("a </b> b</i>", (Span("a b"),)),  # stray end tags are dropped
        ("<b>x<i>y</b>z</i>", (Span("x", STRONG), Span("y", STRONG | EM), Span("z"))),
        ("<b>a<b>b</b>c</b>d", (Span("abc", STRONG), Span("d"))),
        ("x <y and \\emph{z}", (Span("x <y and "), Span("z", EM))),  # a tag left open: "<" is text, LaTeX goes on
        ("<b x='oops>bold</b> \\emph{z}", (Span("<b x='oops>bold</b> "), Span("z", EM))),  # no later "<" opens one
    ],
)
def test_html_nesting_and_repair(raw, spans):
    assert parse(raw) == spans


@pytest.mark.parametrize(
    ("raw", "spans"),
    [
        (r"<b>\"{U}ber</b> alles", (Span("Über", STRONG), Span(" alles"))),
        (r"{<i>x</i>} y", (Span("x", EM), Span(" y"))),
        (r"\emph{<b>x</b>} y", (Span("x", EM | STRONG), Span(" y"))),
        (r"<i>$x^2$</i>", (Span("x", EM), Span("2", EM | SUP))),
        (r"$a<b$ and <b>c</b>", (Span("a<b and "), Span("c", STRONG))),  # "<" in math is "less than"
        (r"\href{https://x.org/<b>}{<b>t</b>}", (Span("t", STRONG),)),
        (r"<b>100\% \&</b>", (Span("100% &", STRONG),)),
    ],
)
def test_html_mixes_with_latex(raw, spans):
    assert parse(raw) == spans


@pytest.mark.parametrize(
    ("raw", "spans"),
    [
        ("a<br>b", (Span("a"), BR, Span("b"))),
        ("a <br/> b", (Span("a"), BR, Span("b"))),  # the spaces around a break go
        ("a<BR />b</br>c", (Span("a"), BR, Span("b"), BR, Span("c"))),  # HTML5 reads </br> as <br>
        ("<br>a<br> ", (Span("a"),)),  # breaks at the ends go
        ("a<br><br>b", (Span("a"), BR, BR, Span("b"))),
        ("<b>Aim.<br></b>x", (Span("Aim.", STRONG), BR, Span("x"))),
    ],
)
def test_line_breaks(raw, spans):
    assert parse(raw) == spans
    assert to_text(raw) == " ".join(s.text for s in spans if s != BR)


def test_an_abstract_with_html():
    raw = "<br/><b>Aim.</b> We do x.<br/>\n<b>Results.</b> It works."
    assert parse(raw) == (Span("Aim.", STRONG), Span(" We do x."), BR, Span("Results.", STRONG), Span(" It works."))
    assert to_text(raw) == "Aim. We do x. Results. It works."


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Q&amp;A, caf&eacute;, &#233;&#xE9;&#XE9;", "Q&A, café, ééé"),
        ("<b>R&amp;D</b>", "R&D"),
        ("R&D, AT&T, a & b, &", "R&D, AT&T, a & b, &"),  # a bare & stays
        ("&copy 2024 &amp", "&copy 2024 &amp"),  # only the terminated form is a reference
        ("&nosuchname; &#; &#x;", "&nosuchname; &#; &#x;"),
        ("&lt;b&gt;x&lt;/b&gt;", "<b>x</b>"),  # decoded characters are text, never tags
        ("&#92;input&#123;x&#125;", "\\input{x}"),  # ... and never LaTeX
        ("&#96;&#96;x&#39;&#39; 1&#45;&#45;2 a&#126;b", "``x'' 1--2 a~b"),  # ... not even ligatures
        (r"\&amp; is how", "&amp; is how"),  # the LaTeX escape writes it literally
        ("&#99999999; &#0; &#xD800;", "\ufffd \ufffd \ufffd"),  # HTML5's replacements
        (
            "a&#1;b&#x7f;c&#x81;d&#x9F;",
            "abcdŸ",
        ),  # a reference to a control character drops it too (&#x9F; is Ÿ in HTML5)
    ],
)
def test_character_references(raw, text):
    assert to_text(raw) == text


CONTROLS = [chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]] + ["\ud800", "\udfff"]


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize(
    "template", ["a{c}b", "{{\\bf a{c}b}}", "<b>a{c}b</b>", "$a{c}b$", "<x a='{c}'>ab", "\\emph{c}{{ab}}"]
)
def test_control_characters_never_reach_the_output(char, template):
    spans = parse(template.replace("{c}", char))
    assert "".join(s.text for s in spans).replace("<x a=''>", "") == "ab"


def test_tab_newline_and_carriage_return_are_whitespace():
    assert to_text("a\tb\nc\r\nd \\emph{e\tf}") == "a b c d e f"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        # Vietnamese: tilde, dot below, hook above (the vietnam package's \h), stacked accents
        (r"Nguy{\~{e}}n", "Nguyẽn"),
        (r"Nguy\~en", "Nguyẽn"),
        (r"Tr{\`{\^a}}n", "Trần"),
        (r"Tr\`{\^a}n", "Trần"),
        (r"\d{o}", "ọ"),
        (r"Th\h{u}y", "Thủy"),
        (r"L{\^e}", "Lê"),
        # others Unicode composes
        (r"\v{S}koda", "Škoda"),
        (r"\k{a}", "ą"),
        (r"\H{o}", "ő"),
        (r"\r{A}ngstr\"om", "Ångström"),
        (r"\'{\i}", "í"),
        (r"\'\i{}", "í"),
        (r"\c{c}", "ç"),
        (r"\u{g}", "ğ"),
        (r"\={o}", "ō"),
        (r"\.{z}", "ż"),
        (r"\b{b}", "ḇ"),
        # not accents
        (r"Nguy\~\ecirc n", "Nguy~ n"),
        (r"\~{}", "~"),
    ],
)
def test_accents_compose_any_letter(raw, text):
    import unicodedata

    assert to_text(raw) == unicodedata.normalize("NFC", text)
    assert unicodedata.is_normalized("NFC", to_text(raw))
