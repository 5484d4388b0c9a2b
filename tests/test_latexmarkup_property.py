"""latexmarkup.parse ends on every input, in linear time, and keeps control characters out.

Everything here runs under a watchdog, so a regression fails instead of hanging the suite.
Timing is for termination only: the linear-time checks compare counts of executed lines,
or a generous ratio of CPU times for an input eight times as long, never absolute speed.
"""

from __future__ import annotations

import contextlib
import faulthandler
import signal
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import Person

from sphinx_vitae import latexmarkup
from sphinx_vitae.latexmarkup import DECLARATIONS, Span, to_text
from sphinx_vitae.names import author_from_person

LIMIT = 2.0  #: seconds an input may take before it counts as a hang
BR = Span("\n", frozenset({"br"}))
STRONG = frozenset({"strong"})
SUP = frozenset({"sup"})

fresh_parse = latexmarkup.parse.__wrapped__  # uncached: every call does the work


class Hang(Exception):
    pass


@contextlib.contextmanager
def watchdog(seconds: float = LIMIT) -> Iterator[None]:
    """Raise :class:`Hang` after *seconds*; end the run with a traceback if C code never returns."""
    faulthandler.dump_traceback_later(seconds + 60, exit=True)
    alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if alarm:

        def on_alarm(signum: int, frame: object) -> None:
            raise Hang(f"no result within {seconds} s")

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        faulthandler.cancel_dump_traceback_later()


def parse_in_time(text: str) -> tuple[Span, ...]:
    with watchdog():
        return fresh_parse(text)


# --- the examples and their cousins ----------------------------------------------------

DECLARATION_PLACES = [
    ("A title \\{d}", (Span("A title"),)),
    ("A title \\{d} ", (Span("A title"),)),
    ("{A title \\{d}}", (Span("A title"),)),
    ("\\{d}", ()),
    ("\\{d}{}", ()),
    ("$x \\{d}$", (Span("x"),)),
    ("<b>x \\{d}</b>", (Span("x", STRONG),)),
    ("\\emph{x \\{d}}", (Span("x", frozenset({"em"})),)),
    ("x^\\{d}", (Span("x^"),)),
    ("$x^\\{d}$", (Span("x"),)),
]


@pytest.mark.parametrize("declaration", sorted(DECLARATIONS))
@pytest.mark.parametrize(("template", "spans"), DECLARATION_PLACES)
def test_a_declaration_at_the_end_of_a_field(declaration, template, spans):
    assert parse_in_time(template.replace("{d}", declaration)) == spans


@pytest.mark.parametrize("declaration", sorted(DECLARATIONS))
@pytest.mark.parametrize(
    "name",
    [
        "Zhang, Jianqing \\{d}",
        "Jianqing Zhang\\{d}",
        "Zhang\\{d}, Jianqing",
        "{\\{d}} Zhang, Jianqing",
        "Jianqing \\{d} Zhang",
    ],
)
def test_a_declaration_at_the_end_of_a_name_part(declaration, name):
    with watchdog():
        author = author_from_person(Person(name.replace("{d}", declaration)))
    assert (author.first, author.last) == ("Jianqing", "Zhang")


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("\\bf" * 1_000, ()),
        ("\\bf" * 100_000, ()),
        ("\\bf" * 100_000 + " x", (Span("x", STRONG),)),
        ("{\\bf " * 10_000 + "x", (Span("x", STRONG),)),
        ("{" * 10_000, ()),
        ("{" * 10_000 + "x" + "}" * 10_000 + " y", (Span("x y"),)),
        ("}" * 10_000 + "x", (Span("x"),)),
        ("$" * 10_000, ()),
        ("$" * 10_001 + "x", (Span("x"),)),
        ("\\emph{" * 10_000 + "x", (Span("x", frozenset({"em"})),)),
        ("$" + "x^" * 10_000, (Span("x"), Span("x" * 9_999, SUP))),
        ("<b>" * 10_000 + "x", (Span("x", STRONG),)),
        ("</b>" * 10_000 + "x", (Span("x"),)),
        ("<b>{" * 10_000 + "x" + "}" * 10_000 + "</b>" * 10_000 + "y", (Span("x", STRONG), Span("y"))),
        ("<br>" * 10_000 + "x", (Span("x"),)),
        ("\\href{" * 10_000, ()),
        ("\\textbf\\emph" * 10_000 + " x", (Span("x", frozenset({"strong", "em"})),)),
        # each of these makes html.parser.HTMLParser rescan to the end at every "<" (CPython gh-135462)
        ("<b>" + "<b x='" * 20_000, None),
        ("<b>" + "<!--" * 20_000, None),
        ("<b>" + "<b\n" * 20_000, None),
        ("<b>" + "<a<b" * 20_000, None),
        ("<b>" + "</b x" * 20_000, None),
        ("<b>" + "<?" * 20_000, None),
        # one span from 200,000 small pieces: joined once, not concatenated piece by piece
        ("\\bf " + "x\\&" * 100_000, (Span("x&" * 100_000, STRONG),)),
        ("&#233;" * 20_000, (Span("é" * 20_000),)),
        ('\\"u' * 20_000 + " --" * 20_000, (Span("ü" * 20_000 + " –" * 20_000),)),
    ],
    ids=lambda value: repr(value)[:30] if isinstance(value, str) else "",
)
def test_long_runs_end(text, spans):
    result = parse_in_time(text)
    if spans is not None:
        assert result == spans


def test_math_superscripts_in_a_row():
    assert parse_in_time("$" + "x^2" * 10_000 + "$") == (Span("x"), Span("2", SUP)) * 10_000


# --- properties over random markup -------------------------------------------------------------

CONTROLS = [chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]]
# fmt: off
TOKENS = [
    *(f"\\{d}" for d in sorted(DECLARATIONS)),
    "\\emph", "\\textbf", "\\textsuperscript", "\\href", "\\cite", "\\url", "\\alpha", "\\foo", "\\i",
    '\\"', "\\'", "\\c", "\\&", "\\%", "\\$", "\\{", "\\}", "\\\\", "\\",
    "{", "}", "$", "^", "_", "%", "~", "--", "---", "``", "''", "#",
    "<b>", "</b>", "<i>", "</i>", "<strong>", "</em>", "<sup>", "<br/>", "<br>", "</br>", "<nobr>", "<span>",
    "<", ">", "</", "<a href='", "<img src=x onerror=", "<script>", "<!--", "-->", "<!", "'", '"', "=", "/",
    "&amp;", "&", "&#233;", "&#x1;", "&lt;", ";",
    "a", "b", "x", "Z", "é", "ß", "2", " ", "  ", "\n", "\t", "\r", "\xa0",
]
# fmt: on
markup = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.sampled_from(CONTROLS), st.characters(), st.text(max_size=4)),
    max_size=80,
).map("".join)
# text as most fields are, no LaTeX at all, with now and then a tag, a reference or a control character:
# where parse() may take its fast path, so that path is held to the reader's result
# fmt: off
SPARSE_TOKENS = [
    *(f"<{t}>" for t in ("b", "B", "strong", "i", "em", "sup", "sub", "br", "br/", "nobr", "span", "bx", "a href=x")),
    *(f"</{t}>" for t in ("b", "I", "em", "br", "span", "bold")),
    "<b", "<br", "<b ", "<", "< ", "&", "&amp;", "&#233;", "&#x1;", "&nbsp;", "&copy", "R&D", "p < 0.05", "-", "'",
]
# fmt: on
sparse = st.lists(
    st.one_of(st.sampled_from(SPARSE_TOKENS), st.sampled_from(CONTROLS), st.text("abc XYZ\n\t\xa0é", max_size=6)),
    max_size=12,
).map("".join)
PROPERTY = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def slow_path(text: str) -> tuple[Span, ...]:
    """The full reader, even where parse() would take its fast path."""
    return latexmarkup.tidy(latexmarkup._Reader(latexmarkup._CONTROL.sub("", text)).run())


def _clean(text: str) -> bool:
    return not any(unicodedata.category(c) in ("Cc", "Cs") for c in text)


@PROPERTY
@given(st.one_of(markup, sparse))
def test_every_input_parses_to_clean_spans(text):
    spans = parse_in_time(text)
    assert spans == slow_path(text)  # the fast path only skips work, never changes the result
    for index, span in enumerate(spans):
        assert span.text
        if "br" in span.styles:
            assert span == BR
            assert 0 < index < len(spans) - 1  # no line break at either end
            assert not spans[index - 1].text.endswith(" ") and not spans[index + 1].text.startswith(" ")
        else:
            assert _clean(span.text), span
            assert "  " not in span.text
        if index:
            assert span.styles != spans[index - 1].styles or span == BR
    if spans:
        assert not spans[0].text[:1].isspace() and not spans[-1].text[-1:].isspace()
    plain = to_text(text)
    assert _clean(plain) and "  " not in plain and plain == plain.strip()


def count_lines(function: Callable[[str], object], text: str) -> int:
    """How many lines of Python run for ``function(text)``: a measure of work that does not depend on load."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        with watchdog(30):
            function(text)
    finally:
        sys.settrace(previous)
    return count


@settings(PROPERTY, max_examples=60)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map("".join))
def test_twice_the_input_at_most_about_twice_the_work(unit):
    times = max(1, 300 // len(unit))
    once = count_lines(fresh_parse, unit * times)
    twice = count_lines(fresh_parse, unit * (2 * times))
    assert twice <= 2.5 * once + 50, (once, twice)


@settings(PROPERTY, max_examples=25)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map("".join))
def test_eight_times_the_input_not_sixty_four_times_the_time(unit):
    # line counts miss work done in C (a regex or a find() that rescans); CPU time sees it
    times = max(1, 2_000 // len(unit))

    def cpu(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            with watchdog():
                start = time.thread_time()
                fresh_parse(text)
                best = min(best, time.thread_time() - start)
        return best

    small, large = cpu(unit * times), cpu(unit * (8 * times))
    assert large <= 20 * small + 0.005, (small, large)  # linear: about 8; quadratic: about 64


# --- the tag tokenizer against the standard library's, where that one is sound ----------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)  # HTML5: "<b/>" is a start tag; the slash only matters on void elements


def html_parser_tags(text: str) -> list[str]:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return [tag for tag in parser.tags if tag.lstrip("/") in latexmarkup.HTML_STYLES or tag.lstrip("/") == "br"]


def our_tags(text: str) -> list[str]:
    lexer = latexmarkup._Lexer(text)
    tags = []
    while (token := lexer.next(False)) is not None:
        if token[0] == "tag":
            tags.append(token[1])
    return tags


_attribute = st.tuples(
    st.from_regex(r"[a-z][a-z-]{0,4}", fullmatch=True),
    st.one_of(
        st.just(""),
        st.text(alphabet=st.characters(exclude_characters='"', codec="utf-8"), max_size=6).map(lambda v: f'="{v}"'),
        st.text(alphabet=st.characters(exclude_characters="'", codec="utf-8"), max_size=6).map(lambda v: f"='{v}'"),
        st.from_regex(r"[a-z0-9.:/-]{1,6}", fullmatch=True).map(lambda v: "=" + v),
    ),
).map("".join)
_tag = st.tuples(
    st.sampled_from(["", "/"]),
    st.sampled_from(["b", "B", "strong", "i", "em", "sup", "sub", "br", "nobr", "span", "a", "img", "bx", "div"]),
    st.lists(_attribute, max_size=3).map(lambda attrs: "".join(" " + a for a in attrs)),
    st.sampled_from(["", " ", "/", " /"]),
).map(lambda parts: f"<{parts[0]}{parts[1]}{parts[2]}{parts[3]}>")
_between = st.text(alphabet=st.characters(exclude_characters="<&\\", codec="utf-8"), max_size=5)
well_formed = st.lists(st.one_of(_tag, _between), max_size=12).map("".join)


@settings(PROPERTY, max_examples=300)
@given(well_formed)
def test_the_same_tags_as_html_parser_on_well_formed_html(text):
    assert our_tags(text) == html_parser_tags(text)
