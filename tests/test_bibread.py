"""bibread.load on awkward, broken and foreign .bib files: nothing lost, every problem at file:line.

Unit tests, no Sphinx build (but the last, which builds tests/roots/test-recovery): each
shape of defect is one row of a table that says exactly which keys load, at which line,
and which warnings appear. The al-folio corpus is read with a reference scan that counts
entries the way BibTeX does.
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
import pytest
from bs4 import BeautifulSoup
from pybtex.database.input.bibtex import Parser

from conftest import build_copy, warnings_of
from sphinx_vitae import bibread

CORPUS = Path(__file__).parent / "corpus" / "alfolio"
ROWS = list(csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import generate  # noqa: E402  (benchmarks/ is not a package: on the path just above)

SKIPPED = "could not be parsed and is skipped"


def load(tmp_path: Path, *files: tuple[str, str | bytes], encoding: str = "utf-8") -> bibread.LoadResult:
    """Write *files* (name, text or bytes) and load them in that order."""
    paths = []
    for name, content in files:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        paths.append(path)
    return bibread.load(paths, encoding, {path: path.name for path in paths})


def found(result: bibread.LoadResult) -> list[tuple[str | None, str, str]]:
    return [(problem.location, problem.subtype, problem.message) for problem in result.problems]


@dataclass
class Case:
    id: str
    bib: str | bytes
    keys: list[tuple[str, int]]  #: what loads, in order, with the line of its "@"
    warnings: list[tuple[int, str, str]] = field(default_factory=list)  #: (line, subtype, message)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  #: some fields of some entries
    encoding: str = "utf-8"


ENTRY_B = "@article{b,\n  title = {B},\n}\n"

CASES = [
    # -- braces ------------------------------------------------------------------------
    Case(
        "missing-close-of-entry",
        "@article{a,\n  title = {A},\n  year = {2020},\n\n" + ENTRY_B,
        [("a", 1), ("b", 5)],
        [(1, "syntax_error", "entry 'a': its closing '}' is missing after line 3 (read as if it were there)")],
        {"a": {"title": "A", "year": "2020"}},
    ),
    Case(
        "missing-close-at-eof",
        "@article{a, title={A}}\n@article{b,\n title={B},\n year={2020},\n",
        [("a", 1), ("b", 2)],
        [(2, "syntax_error", "entry 'b': its closing '}' is missing after line 4 (read as if it were there)")],
        {"b": {"title": "B", "year": "2020"}},
    ),
    Case(
        "missing-close-in-value",
        "@article{a,\n  title = {A {x},\n  year = {2020},\n}\n\n" + ENTRY_B,
        [("b", 6)],
        [
            (
                1,
                "syntax_error",
                (
                    f"entry 'a' {SKIPPED}: unbalanced braces (4 '{{' against 3 '}}'): "
                    "the value of 'title' (line 2) runs on into 'year' at line 3"
                ),
            ),
        ],
    ),
    Case(
        "missing-close-swallows-the-rest",
        "@article{a, title={A}}\n\n@article{broken,\n  title = {Unbalanced {brace here,\n  year = {2020},\n}\n\n"
        "@article{c, title={C}}\n@article{d, title={D}}\n",
        [("a", 1), ("c", 8), ("d", 9)],
        [
            (
                3,
                "syntax_error",
                (
                    f"entry 'broken' {SKIPPED}: unbalanced braces (4 '{{' against 2 '}}'): "
                    "the '{' at line 4 is never closed"
                ),
            ),
        ],
    ),
    Case(
        "extra-close-after-a-value",
        "@article{a,\n  title = {A}},\n  year = {2020},\n}\n\n" + ENTRY_B,
        [("a", 1), ("b", 6)],
        [
            (
                1,
                "syntax_error",
                (
                    "entry 'a' ends at line 2, but 'year' at line 3 after it looks like one of its "
                    "fields: an extra closing brace? What follows it is ignored"
                ),
            )
        ],
        {"a": {"title": "A"}},
    ),
    Case(
        "extra-close-in-a-value",
        "@article{a,\n  title = {A} x},\n  year = {2020},\n}\n\n" + ENTRY_B,
        [("b", 6)],
        [(1, "syntax_error", f"entry 'a' {SKIPPED}: unexpected 'x}}' after the value of 'title' at line 2")],
    ),
    Case(
        "extra-close-between-entries",
        "@article{a, title={A}}}\n}\n" + ENTRY_B,
        [("a", 1), ("b", 3)],
    ),
    # -- commas, equals signs, quotes ----------------------------------------------------
    Case(
        "missing-comma-between-fields",
        "@article{a,\n  title = {A}\n  year = {2020},\n}\n" + ENTRY_B,
        [("a", 1), ("b", 5)],
        [
            (
                1,
                "syntax_error",
                (
                    "entry 'a': missing comma after the value of 'title', before 'year' at line 3 "
                    "(read as if it were there)"
                ),
            )
        ],
        {"a": {"title": "A", "year": "2020"}},
    ),
    Case(
        "two-missing-commas-and-the-close",
        '@article{a,\n  title = {A}\n  journal = "J"\n  year = 2020\n\n' + ENTRY_B,
        [("a", 1), ("b", 6)],
        [
            (
                1,
                "syntax_error",
                (
                    "entry 'a': missing comma after the value of 'title', before 'journal' at line 3 "
                    "(read as if it were there); missing comma after the value of 'journal', before 'year' at line 4 "
                    "(read as if it were there); its closing '}' is missing after line 4 (read as if it were there)"
                ),
            )
        ],
        {"a": {"title": "A", "journal": "J", "year": "2020"}},
    ),
    Case(
        "missing-comma-after-the-key-is-fine-for-pybtex",
        "@article{a\n  title = {A},\n}\n" + ENTRY_B,
        [("a", 1), ("b", 4)],
        fields={"a": {"title": "A"}},
    ),
    Case(
        "missing-equals",
        "@article{a,\n  title {A},\n  year = {2020},\n}\n" + ENTRY_B,
        [("b", 5)],
        [(1, "syntax_error", f"entry 'a' {SKIPPED}: missing '=' after the field name 'title' at line 2")],
    ),
    Case(
        "missing-value",
        "@article{a,\n  title = ,\n  year = {2020},\n}\n" + ENTRY_B,
        [("b", 5)],
        [(1, "syntax_error", f"entry 'a' {SKIPPED}: the field 'title' has no value (line 2)")],
    ),
    Case(
        "unterminated-quote",
        '@article{a,\n  title = "A,\n  year = {2020},\n}\n' + ENTRY_B,
        [("b", 5)],
        [(1, "syntax_error", f"entry 'a' {SKIPPED}: a quoted value of 'title' is not closed (1 '\"' outside braces)")],
    ),
    Case(
        "unterminated-quote-before-another-quote",
        '@article{a,\n  title = "A,\n  year = "2020",\n}\n' + ENTRY_B,
        [("b", 5)],
        [(1, "syntax_error", f"entry 'a' {SKIPPED}: a quoted value of 'title' is not closed (3 '\"' outside braces)")],
    ),
    Case(
        "no-key",
        "@article{, title={A}}\n" + ENTRY_B,
        [("b", 2)],
        [(1, "syntax_error", f"@article entry without a key {SKIPPED}: entry key expected (line 1)")],
    ),
    # -- text between entries, "@" that starts no entry ----------------------------------
    Case(
        "junk-between-entries",
        "Notes: mail me@example.org or @handle\n}\n% a comment { with a brace\n@article{a, title = {A}}\n"
        "more junk } {\n@comment{ old: @article{c, title={C}} }\n" + ENTRY_B,
        # a balanced @comment{...} is one comment, as al-folio (bibtex-ruby) and biber read it
        [("a", 4), ("b", 7)],
    ),
    # entries "commented out" in a @comment block, as al-folio's template does with its samples
    Case(
        "entries-inside-a-comment-block",
        "@comment{\n@article{einstein1905, title={Movement}, selected={true}}\n"
        "@book{einstein1920, title={Relativity}}\n}\n" + ENTRY_B.replace("@article{b", "@article{b", 1),
        [("b", 5)],
    ),
    # an unclosed @comment{ is read as BibTeX reads it: the entries after it are kept
    Case(
        "unclosed-comment-block",
        "@comment{ unfinished note\n" + ENTRY_B,
        [("b", 2)],
    ),
    Case(
        "entry-type-without-brace",
        "@article key2020, title={A}}\n" + ENTRY_B,
        [("b", 2)],
        [(1, "syntax_error", "'@article' is not followed by '{' or '(': it is not read as an entry")],
    ),
    Case(
        "entry-types-named-in-prose",
        "% every @article needs a journal; @string too\nSee @misc for software.\n" + ENTRY_B,
        [("b", 3)],
    ),
    Case(
        "at-signs-in-values",
        "@article{a, title = {A}, note = {x@y.org, @misc{c, title={no}}},\n"
        '  abstract = "quoting @book{d, title={no}}"}\n' + ENTRY_B,
        [("a", 1), ("b", 3)],
        fields={"a": {"note": "x@y.org, @misc{c, title={no}}", "abstract": "quoting @book{d, title={no}}"}},
    ),
    Case(
        "at-sign-in-a-broken-value",
        "@article{a,\n  title {A},\n  abstract = {quoting @misc{x, title={no}}},\n}\n" + ENTRY_B,
        [("b", 5)],
        [(1, "syntax_error", f"entry 'a' {SKIPPED}: missing '=' after the field name 'title' at line 2")],
    ),
    # -- where entries sit -----------------------------------------------------------------
    Case(
        "entries-on-one-line",
        "@article{a, title={A}} @article{b, title={B}}@misc{c, title={C}}\n",
        [("a", 1), ("b", 1), ("c", 1)],
    ),
    Case(
        "broken-entry-then-entries-on-its-line",
        "@article{a, title = {A {x} @article{b, title={B}}\n@article{c, title={C}}\n",
        [("b", 1), ("c", 2)],
        [
            (
                1,
                "syntax_error",
                (f"entry 'a' {SKIPPED}: unbalanced braces (3 '{{' against 1 '}}'): the '{{' at line 1 is never closed"),
            )
        ],
    ),
    Case(
        "entry-missing-its-close-before-one-on-its-line",
        "@article{a, title={A} @article{b, title={B}}\n",
        [("a", 1), ("b", 1)],
        [(1, "syntax_error", "entry 'a': its closing '}' is missing after line 1 (read as if it were there)")],
    ),
    Case(
        "entries-after-invisible-marks",
        "\ufeff@article{a, title={A}}\n% @article{b, title={B}}\n\x0c@article{c, title={C}}\n"
        "\u00a0@article{d, title={D}}\n\u200b@article{e, title={E}}\n",
        [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)],
    ),
    Case(
        "entries-after-invisible-marks-and-a-broken-entry",
        "@article{x, title={X {y}}\n% @article{b, title={B}}\n\x0c@article{c, title={C}}\n"
        "\u00a0@article{d, title={D}}\n\u200b@article{e, title={E}}\n",
        [("x", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)],
        [(1, "syntax_error", "entry 'x': its closing '}' is missing after line 1 (read as if it were there)")],
        {"x": {"title": "X {y}"}},
    ),
    Case(
        "type-and-brace-on-different-lines",
        "@article\n{first2020,\n title={A}}\n@article{b, title={B {x}}\n@article\n  {second2020, title={C}}\n",
        [("first2020", 1), ("b", 4), ("second2020", 5)],
        [(4, "syntax_error", "entry 'b': its closing '}' is missing after line 4 (read as if it were there)")],
    ),
    Case(
        "paren-entries",
        '@article(p1, title={a) b}, note="c ) d")\n@article(p2, title={x}\n@article{p3, title={y}}\n'
        "@article(p4, title={A {z})\n@article(p5, title={B})\n",
        [("p1", 1), ("p2", 2), ("p3", 3), ("p5", 5)],
        [
            (2, "syntax_error", "entry 'p2': its closing ')' is missing after line 2 (read as if it were there)"),
            (
                4,
                "syntax_error",
                (
                    f"entry 'p4' {SKIPPED}: unbalanced braces (2 '{{' against 1 '}}'): "
                    "the '{' at line 4 is never closed"
                ),
            ),
        ],
        {"p1": {"title": "a) b", "note": "c ) d"}},
    ),
    # -- keys ----------------------------------------------------------------------------
    Case(
        "keys-with-punctuation-and-cjk",
        "@article{o'neil, title={A}}\n@article{a(b, title={A}}\n@article{x=y, title={A}}\n@article{c#1, title={A}}\n"
        "@article{a~b, title={A}}\n@article{DBLP:conf/x/Lee20, title={A}}\n@article{中文2020, title={A}}\n"
        "@article{o'brien:x/y(z), title={A} x}\n@article{ok, title={A}}\n",
        [
            ("o'neil", 1),
            ("a(b", 2),
            ("x=y", 3),
            ("c#1", 4),
            ("a~b", 5),
            ("DBLP:conf/x/Lee20", 6),
            ("中文2020", 7),
            ("ok", 9),
        ],
        [
            (
                8,
                "syntax_error",
                f"entry 'o'brien:x/y(z)' {SKIPPED}: unexpected 'x}}' after the value of 'title' at line 8",
            )
        ],
    ),
    # -- @string -------------------------------------------------------------------------
    Case(
        "string-macros-across-a-broken-entry",
        "@string{jn = {Journal of N}}\n@article{a,\n  title = {A {x},\n  journal = jn\n}\n"
        '@string{jm = "Journal of M"}\n@article{b, title={B}, journal = jn # { and } # jm}\n',
        [("b", 7)],
        [
            (
                2,
                "syntax_error",
                (
                    f"entry 'a' {SKIPPED}: unbalanced braces (3 '{{' against 2 '}}'): "
                    "the value of 'title' (line 3) runs on into 'journal' at line 4"
                ),
            )
        ],
        {"b": {"journal": "Journal of N and Journal of M"}},
    ),
    Case(
        "broken-string-definition",
        "@string{jn = {Journal of N}\n@article{a, title={A}, journal = jn}\n@string{bad = {x} y}\n"
        "@article{b, title={B}, journal = bad}\n",
        [("a", 2), ("b", 4)],
        [
            (1, "syntax_error", "@string 'jn': its closing '}' is missing after line 1 (read as if it were there)"),
            (3, "syntax_error", f"@string 'bad' {SKIPPED}: unexpected 'y}}' after the value of 'bad' at line 3"),
            (4, "data_error", "entry 'b' uses the undefined @string 'bad': that part of the value is left out"),
        ],
        {"a": {"journal": "Journal of N"}, "b": {"journal": ""}},
    ),
    Case(
        "undefined-string",
        "@article{a,\n title={A},\n journal=jacm,\n}\n",
        [("a", 1)],
        [
            (
                1,
                "data_error",
                "entry 'a' uses the undefined @string 'jacm' at line 3: that part of the value is left out",
            )
        ],
    ),
    # -- fields and names ------------------------------------------------------------------
    Case(
        "repeated-field",
        "@article{a,\n title={A},\n year={2020},\n Title={B},\n}\n",
        [("a", 1)],
        [
            (
                1,
                "data_error",
                (
                    "entry 'a' has a second 'Title' field at line 4 (the first is at line 2) with another value: "
                    "the second is ignored"
                ),
            )
        ],
        {"a": {"title": "A"}},
    ),
    # an entry whose key has no comma after it (pybtex reads it) is found after a broken one
    Case(
        "key-without-comma-after-a-broken-entry",
        "@article{a,\n  title = {A {x},\n  year = 2000}\n\n@article{b\n  title = {B},\n  year = 2001,\n}\n\n"
        "@article{c, title={C}}\n",
        [("b", 5), ("c", 10)],
        [
            (
                1,
                "syntax_error",
                "entry 'a' could not be parsed and is skipped: unbalanced braces (3 '{' against 2 '}'): "
                "the value of 'title' (line 2) runs on into 'year' at line 3",
            )
        ],
    ),
    # a head without a key must not take the next entry's head as its key
    Case(
        "head-without-a-key",
        "@article{\n@article{lee2020, title={A}, year={2020}}\n@article{x, title={X}}\n",
        [("lee2020", 2), ("x", 3)],
        [
            (
                1,
                "syntax_error",
                "@article entry without a key (BibTeX would take '@article{lee2020' for its key): skipped, "
                "and the entry after it is read on its own",
            )
        ],
    ),
    # the same value twice loses nothing (al-folio files repeat selected={true}): no warning
    Case(
        "repeated-field-same-value",
        "@article{a,\n title={A},\n selected={true},\n year={2020},\n selected = {true},\n}\n",
        [("a", 1)],
        [],
        {"a": {"title": "A", "selected": "true"}},
    ),
    Case(
        "name-with-too-many-commas",
        "@article{a,\n title={A},\n author={Lee, Ann, Jr., X},\n}\n",
        [("a", 1)],
        [(1, "data_error", "entry 'a': Too many commas in 'Lee, Ann, Jr., X'")],
    ),
    # -- bytes and characters ------------------------------------------------------------
    Case(
        "latin-1-bytes",
        b"@article{a,\n title={Jos\xe9 M\xfcller},\n}\n@article{b,\n title={caf\xc3\xa9},\n}\n",
        [("a", 1), ("b", 4)],
        [
            (
                2,
                "encoding",
                (
                    "bytes that are not valid UTF-8 were read as Windows-1252 (\\xE9 as 'é', \\xFC as 'ü'); "
                    "save the file as UTF-8"
                ),
            )
        ],
        {"a": {"title": "José Müller"}, "b": {"title": "café"}},
    ),
    Case(
        "cp1252-bytes",
        b"@article{a,\n title={\x93Quoted\x94 \x80 5 \x96 6\x81},\n}\n",
        [("a", 1)],
        [
            (
                2,
                "encoding",
                (
                    "bytes that are not valid UTF-8 were read as Windows-1252 (\\x93 as '\u201c', "
                    "\\x94 as '\u201d', \\x80 as '\u20ac', ...); save the file as UTF-8"
                ),
            )
        ],
        {"a": {"title": "\u201cQuoted\u201d \u20ac 5 \u2013 6"}},
    ),
    Case(
        "latin-1-bytes-under-sphinxcontrib-bibtex-default-encoding",
        b"\xef\xbb\xbf@article{a,\n title={Jos\xe9},\n}\n",
        [("a", 1)],
        [
            (
                2,
                "encoding",
                "bytes that are not valid UTF-8 were read as Windows-1252 (\\xE9 as '\u00e9'); save the file as UTF-8",
            )
        ],
        {"a": {"title": "Jos\u00e9"}},
        encoding="utf-8-sig",
    ),
    Case(
        "latin-1-configured",
        b"@article{a,\n title={Jos\xe9},\n}\n",
        [("a", 1)],
        fields={"a": {"title": "José"}},
        encoding="latin-1",
    ),
    Case(
        "control-characters",
        "@article{a,\n title={A\x00B},\n}\n@article{b,\n title={C\x1bD\x7fE\u0085F},\n}\n@article{c, title={G}}\n",
        [("a", 1), ("b", 4), ("c", 7)],
        [
            (2, "control_character", "control character U+0000 removed (invisible, and it would break the PDF)"),
            (
                5,
                "control_character",
                ("control characters U+001B, U+007F, U+0085 removed (invisible, and they would break the PDF)"),
            ),
        ],
        {"a": {"title": "AB"}, "b": {"title": "CDEF"}},
    ),
    Case(
        "form-feed-and-vertical-tab-are-spaces",
        "@article{a,\n title={A\x0cB\x0bC},\n}\n\x0c\n@article{b, title={B}}\n",
        [("a", 1), ("b", 5)],
        fields={"a": {"title": "A B C"}},
    ),
    Case(
        "crlf-and-cr-line-ends",
        "@article{a,\r\n title={A},\r\n}\r\n@article{b,\r title={B {x},\r}\r@article{c, title={C}}\r\n",
        [("a", 1), ("c", 7)],
        [
            (
                4,
                "syntax_error",
                (
                    f"entry 'b' {SKIPPED}: unbalanced braces (3 '{{' against 2 '}}'): "
                    "the value of 'title' (line 5) runs on to the '}' at line 6, which looks like the entry's own"
                ),
            )
        ],
    ),
    # -- duplicate keys ----------------------------------------------------------------------
    Case(
        "duplicate-keys",
        "@article{dup, title={1}}\n@article{Dup, title={2}}\n@article{dup, title={3}}\n@article{dup-2, title={4}}\n"
        "@article{DBLP:conf/x/Lee20, title={5}}\n\n@article{DBLP:conf/x/Lee20, title={6}}\n",
        [("dup", 1), ("Dup-3", 2), ("dup-4", 3), ("dup-2", 4), ("DBLP:conf/x/Lee20", 5), ("DBLP:conf/x/Lee20-2", 7)],
        [
            (
                2,
                "duplicate_key",
                ("duplicate key 'Dup' (first defined at line 1): shown as 'Dup-3'; give it a key of its own"),
            ),
            (
                3,
                "duplicate_key",
                ("duplicate key 'dup' (first defined at line 1): shown as 'dup-4'; give it a key of its own"),
            ),
            (
                7,
                "duplicate_key",
                (
                    "duplicate key 'DBLP:conf/x/Lee20' (first defined at line 5): "
                    "shown as 'DBLP:conf/x/Lee20-2'; give it a key of its own"
                ),
            ),
        ],
        {"dup": {"title": "1"}, "Dup-3": {"title": "2"}, "dup-4": {"title": "3"}, "dup-2": {"title": "4"}},
    ),
    Case(
        "derived-key-skips-the-key-of-a-broken-entry",
        "@article{k, title={1}}\n@article{k-2, title={A} x}\n@article{k, title={2}}\n",
        [("k", 1), ("k-3", 3)],
        [
            (2, "syntax_error", f"entry 'k-2' {SKIPPED}: unexpected 'x}}' after the value of 'title' at line 2"),
            (
                3,
                "duplicate_key",
                "duplicate key 'k' (first defined at line 1): shown as 'k-3'; give it a key of its own",
            ),
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_shape(case: Case, tmp_path: Path) -> None:
    result = load(tmp_path, ("refs.bib", case.bib), encoding=case.encoding)
    assert [(key, line) for key, (_, line) in result.lines.items()] == case.keys
    assert list(result.data.entries) == [key for key, _ in case.keys]
    assert list(result.bibfiles[tmp_path / "refs.bib"].keys) == [key for key, _ in case.keys]
    assert {name for name, _ in result.lines.values()} <= {"refs.bib"}
    assert found(result) == [(f"refs.bib:{line}", subtype, message) for line, subtype, message in case.warnings]
    for key, fields in case.fields.items():
        entry = result.data.entries[key]
        assert entry.key == key
        assert {name: entry.fields.get(name, "") for name in fields} == fields, key
    # nothing lost: every entry BibTeX's scan finds loads or is named in a warning with its line
    text = case.bib.decode("cp1252", errors="replace") if isinstance(case.bib, bytes) else case.bib
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for key, line in bibtex_entries(text):
        said = f"'{key}'" if key else "without a key"
        named = any(said in message and where == f"refs.bib:{line}" for where, _, message in found(result))
        assert key in result.data.entries or named, key


def test_the_old_hostile_file_loses_nothing(rootdir: Path) -> None:
    path = rootdir / "test-hostile" / "refs.bib"
    result = bibread.load([path], "utf-8", {path: "refs.bib"})
    assert list(result.data.entries) == ["xss", "latexy", "dup", "dup-2", "notitle", "after1", "nocomma", "after2"]
    assert found(result) == [
        (
            "refs.bib:27",
            "duplicate_key",
            "duplicate key 'dup' (first defined at line 20): shown as 'dup-2'; give it a key of its own",
        ),
        (
            "refs.bib:39",
            "syntax_error",
            f"entry 'broken' {SKIPPED}: unbalanced braces (5 '{{' against 3 '}}'): the '{{' at line 40 is never closed",
        ),
    ]


def test_preamble_kept_and_a_broken_one_named(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        ("refs.bib", '@preamble{"\\newcommand{\\x}{y}"}\n@preamble{"\\z{"}\n@article{a, title={A}}\n'),
    )
    assert result.data.preamble == "\\newcommand{\\x}{y}"
    assert list(result.data.entries) == ["a"]
    assert found(result) == [
        (
            "refs.bib:2",
            "syntax_error",
            (
                f"@preamble {SKIPPED}: unbalanced braces (2 '{{' against 1 '}}'): "
                "a '{' in it is never closed, or its own closing '}' is missing"
            ),
        )
    ]


# -- several files -------------------------------------------------------------------------


def test_duplicates_across_files_and_strings_shared(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        ("a.bib", "@string{jn = {Journal of N}}\n@article{Lee20, title={A}}\n@article{x, title={X}}\n"),
        ("b.bib", "\n@article{lee20, title={B}, journal = jn}\n@article{LEE20-2, title={C}}\n@article{x, title={Y}}\n"),
    )
    assert result.lines == {
        "Lee20": ("a.bib", 2),
        "x": ("a.bib", 3),
        "lee20-3": ("b.bib", 2),  # "lee20-2" is taken, case-blind, by the next entry
        "LEE20-2": ("b.bib", 3),
        "x-2": ("b.bib", 4),
    }
    assert list(result.bibfiles[tmp_path / "a.bib"].keys) == ["Lee20", "x"]
    assert list(result.bibfiles[tmp_path / "b.bib"].keys) == ["lee20-3", "LEE20-2", "x-2"]
    assert result.data.entries["lee20-3"].fields["journal"] == "Journal of N"
    assert found(result) == [
        (
            "b.bib:2",
            "duplicate_key",
            "duplicate key 'lee20' (first defined at a.bib:2): shown as 'lee20-3'; give it a key of its own",
        ),
        (
            "b.bib:4",
            "duplicate_key",
            "duplicate key 'x' (first defined at a.bib:3): shown as 'x-2'; give it a key of its own",
        ),
    ]


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "dir.bib").mkdir()
    result = load(tmp_path, ("b.bib", "@article{b, title={B}}\n"))
    missing, directory = tmp_path / "none.bib", tmp_path / "dir.bib"
    result = bibread.load([missing, directory, tmp_path / "b.bib"], "utf-8", {})
    assert list(result.data.entries) == ["b"]
    assert list(result.bibfiles) == [missing, directory, tmp_path / "b.bib"]
    assert [(p.path, p.line, p.subtype) for p in result.problems] == [
        (str(missing), 0, "bibfile_missing"),
        (str(directory), 0, "bibfile_error"),
    ]
    assert result.problems[0].message == f"bibliography file {missing} not found (listed in bibtex_bibfiles)"


def test_many_foreign_lines_end_in_one_summary(tmp_path: Path) -> None:
    bib = b"".join(b"@article{k%d, title={Jos\xe9}}\n" % i for i in range(15))
    result = load(tmp_path, ("refs.bib", bib))
    assert len(result.data.entries) == 15
    assert [p.location for p in result.problems] == [f"refs.bib:{line}" for line in range(1, 12)]
    assert result.problems[-1].message.startswith("5 more lines have bytes that are not valid UTF-8 (lines 11, 12, 13")
    assert all(p.subtype == "encoding" for p in result.problems)


# -- real files --------------------------------------------------------------------------


def bibtex_entries(text: str) -> list[tuple[str, int]]:
    """(key, line) of each entry, found as BibTeX finds them: an "@" outside any entry, a
    type, optional whitespace, "{" or "("; the key up to the comma; the entry ends at the
    matching "}" (or the ")" outside braces and quotes). A reference independent of bibread."""
    found_: list[tuple[str, int]] = []
    pos = 0
    while (at := text.find("@", pos)) >= 0:
        comment = re.compile(r"@\s*(comment)\s*([{(])()", re.I).match(text, at)
        head = comment or re.compile(r"@\s*([A-Za-z][\w:-]*)\s*([{(])\s*([^\s,]*?)\s*(?=[,}]|$)").match(text, at)
        if head is None:
            pos = at + 1
            continue
        kind, opener, key = head.group(1).lower(), head.group(2), head.group(3)
        body = head.end(2)
        if kind == "comment":
            # a balanced @comment{...} is one comment, as al-folio's reader and biber take it;
            # an unclosed one, or @comment(...), is the word only, as in BibTeX
            pos = body
            if opener == "{":
                depth = 1
                for index in range(body, len(text)):
                    depth += {"{": 1, "}": -1}.get(text[index], 0)
                    if depth == 0:
                        pos = index + 1
                        break
            continue
        if kind not in ("string", "preamble"):
            found_.append((key, text.count("\n", 0, at) + 1))
        depth, quoted, pos = 0, False, len(text)
        for index in range(body, len(text)):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0 and opener == "{":
                    pos = index + 1
                    break
            elif opener == "(" and depth == 0 and char == '"':
                quoted = not quoted
            elif opener == "(" and depth == 0 and char == ")" and not quoted:
                pos = index + 1
                break
    return found_


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_corpus_every_entry_loads_or_is_named(row: dict[str, str]) -> None:
    path = CORPUS / row["file"]
    text = path.read_text(encoding="utf-8")
    entries = bibtex_entries(text)
    assert len(entries) == int(row["entry_count"])
    result = bibread.load([path], "utf-8", {path: row["file"]})
    problems = found(result)
    assert all(where and where.startswith(f"{row['file']}:") for where, _, _ in problems), problems
    skipped = [message for _, _, message in problems if SKIPPED in message]
    assert len(result.data.entries) + len(skipped) == len(entries)
    for key, line in entries:
        named = any(f"'{key}'" in message and where == f"{row['file']}:{line}" for where, _, message in problems)
        assert (
            key in result.data.entries
            and result.lines[key][1]
            in {line, *(lin for k, (_, lin) in result.lines.items() if k.lower() == key.lower())}
        ) or named
    assert set(result.lines) == set(result.data.entries) == set(result.bibfiles[path].keys)


def _as_pybtex(path_or_text: Path | str) -> tuple[list[tuple[str, str, dict, dict]], list[Exception]]:
    text = path_or_text if isinstance(path_or_text, str) else path_or_text.read_text(encoding="utf-8")
    parser = Parser("utf-8")
    with pybtex.errors.capture() as errors:
        parser.parse_string(text)
    return _entries(parser.data), errors


def _entries(data) -> list[tuple[str, str, dict, dict]]:
    return [
        (
            key,
            entry.type,
            dict(entry.fields),
            {role: [str(p) for p in people] for role, people in entry.persons.items()},
        )
        for key, entry in data.entries.items()
    ]


@pytest.mark.parametrize("row", ROWS, ids=[row["file"] for row in ROWS])
def test_clean_files_read_exactly_as_pybtex_reads_them(row: dict[str, str]) -> None:
    path = CORPUS / row["file"]
    expected, errors = _as_pybtex(path)
    result = bibread.load([path], "utf-8", {})
    if errors:  # 006 repeats a key, 011 lacks a comma: recovered, so more than pybtex keeps
        assert row["pybtex"] != "ok"
        assert result.problems
        return
    assert not result.problems
    assert _entries(result.data) == expected


def test_generated_file_read_exactly_as_pybtex_reads_it(tmp_path: Path) -> None:
    text = generate.generate(300)
    expected, errors = _as_pybtex(text)
    assert not errors
    result = load(tmp_path, ("refs.bib", text))
    assert not result.problems
    assert _entries(result.data) == expected
    starts = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"^@", text, re.MULTILINE)]
    assert list(result.lines.values()) == [("refs.bib", line) for line in starts]


def test_one_broken_entry_in_a_generated_file_costs_only_itself(tmp_path: Path) -> None:
    text = generate.generate(300)
    starts = [m.start() for m in re.finditer(r"^@", text, re.MULTILINE)]
    third = text[starts[2] : starts[3]]
    broken = third.replace("},\n", ",\n", 1)  # the first field loses its closing brace
    result = load(tmp_path, ("refs.bib", text.replace(third, broken)))
    expected, _ = _as_pybtex(text)
    key = expected[2][0]
    assert [e[0] for e in _entries(result.data)] == [e[0] for e in expected if e[0] != key]
    assert _entries(result.data) == [e for e in expected if e[0] != key]
    (problem,) = result.problems
    assert problem.key == key and problem.line == text.count("\n", 0, starts[2]) + 1
    assert problem.message.startswith(f"entry '{key}' {SKIPPED}: unbalanced braces")


# -- a build -----------------------------------------------------------------------------


def test_build_shows_every_entry_and_warns_at_file_and_line(rootdir: Path, tmp_path: Path) -> None:
    app = build_copy(rootdir / "test-recovery", tmp_path / "src")
    text = app.warning.getvalue()
    assert "Traceback" not in text and "Exception" not in text
    lines = warnings_of(app)
    expected = [
        (
            "a.bib:4",
            "entry 'broken' could not be parsed and is skipped: unbalanced braces (5 '{' against 3 '}')",
            "syntax_error",
        ),
        (
            "a.bib:17",
            "duplicate key 'DBLP:conf/x/Lee20' (first defined at line 10): shown as 'DBLP:conf/x/Lee20-2'",
            "duplicate_key",
        ),
        ("b.bib:2", "bytes that are not valid UTF-8 were read as Windows-1252 (\\xE9 as 'é')", "encoding"),
        ("b.bib:5", "control character U+0000 removed", "control_character"),
        ("b.bib:1", "duplicate key 'lee2021' (first defined at src/a.bib:24): shown as 'lee2021-2'", "duplicate_key"),
    ]
    for location, message, subtype in expected:
        assert any(
            f"{location}: WARNING: {message}" in line and line.endswith(f"[vitae.{subtype}]") for line in lines
        ), (location, message, lines)
    assert len(lines) == len(expected), lines
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = sorted(li.select_one(".vitae-title").get_text() for li in page.select("li.vitae-entry"))
    assert titles == sorted(
        [
            "After the Broken One",
            "On One Line",
            "First Lee",
            "Second Lee",
            "Lee 2021",
            "Lee 2021 Again",
            "José and Paper",
            "Null Byte",
        ]
    )
