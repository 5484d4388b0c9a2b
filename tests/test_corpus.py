"""Real BibTeX files of other academics (tests/corpus/*/) build, strictly checked.

Every folder under tests/corpus holds ``NNN.bib`` files kept byte for byte as
published and a MANIFEST.tsv that names each file's source and site owner. Each
file is rendered through the all-publications directive with its owner configured
(one page, no publication pages, the basic theme: a small build per file), and:

* the build raises no traceback;
* every entry, counted as BibTeX counts them (after a broken entry too, and every
  entry of a repeated key), is rendered or named in a warning that quotes its key
  (an entry without a key: a warning at its line); the later entries of a repeated
  key are rendered under the derived keys ``<key>-2``, ``<key>-3``...;
* every rendered entry has its own id, :func:`sphinx_vitae.keys.anchor` of its key;
* the owner is emphasised exactly: wherever an author list names them (the
  MANIFEST's names, and their initials), and nobody else, not even people who share
  the owner's family name;
* warnings only come from input that is really broken (a known list of subtypes).

The counting and the name folding here are independent of the extension's own code
on purpose: a test that reused the code under test could not catch its mistakes.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from conftest import build_copy
from sphinx_vitae.keys import anchor

CORPUS = Path(__file__).parent / "corpus"
# the .bib corpora (resume/ holds JSON Resume samples: tests/test_cv.py reads them)
FOLDERS = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "resume")
COLUMNS = [
    "file", "repo", "commit", "path", "owner_first_names", "owner_last_names", "entry_count", "notes", "pybtex",
]  # fmt: skip


def manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream, delimiter="\t")
        assert reader.fieldnames == COLUMNS, folder
        return list(reader)


ROWS = [(folder, row) for folder in FOLDERS if (folder / "MANIFEST.tsv").exists() for row in manifest(folder)]

#: warning subtypes that mean the input itself is broken; anything else is our fault
#: (relative_link: a link to a file the site does not publish, as al-folio's own sample entry has)
BROKEN_INPUT = {"syntax_error", "duplicate_key", "encoding", "control_character", "data_error", "relative_link"}
#: ``vitae.entry`` warnings that mean a broken entry (a missing year or venue is not)
BROKEN_ENTRY = re.compile(r"has no title|unsafe")


# -- counting entries as BibTeX does -------------------------------------------------

_AT = re.compile(r"@[ \t\r\n]*([A-Za-z][^\s{}()=,#%\"']*)[ \t\r\n]*([{(])")
_KEY = re.compile(r"[ \t\r\n]*([^\s,{}()=\"#%'~\\]+)[ \t\r\n]*(?=[,})])")
_LINE_START_ENTRY = re.compile(r"\n[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]")


def _entry_end(text: str, start: int, closer: str) -> int:
    """Where the entry whose body starts at *start* ends: after its closing delimiter,
    or, for an entry whose braces never balance, where the next line-start entry
    begins (BibTeX itself would read on into it; every BibTeX user reads it as the
    next entry)."""
    depth = 1
    i = start
    while i < len(text):
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif (char == ")" and closer == ")" and depth == 1) or (char == "\n" and _LINE_START_ENTRY.match(text, i)):
            return i + 1
        i += 1
    return len(text)


def bibtex_entries(text: str) -> list[tuple[str, int, int]]:
    """(key, first line, last line) of every entry, in file order: not ``@string``/
    ``@preamble`` (whose body is skipped) nor ``@comment``; key ``""`` for an entry that has none.

    A ``@comment{...}`` whose braces balance is one comment, entries inside it included, as
    al-folio's reader (bibtex-ruby) and biber take it; an unclosed one is only the word, as in
    classic BibTeX, and what follows is read on."""
    found: list[tuple[str, int, int]] = []
    pos = 0
    while (match := _AT.search(text, pos)) is not None:
        kind = match.group(1).lower()
        if kind == "comment":
            pos = match.end(1)
            if match.group(2) == "{":
                depth = 0
                for index in range(match.end() - 1, len(text)):
                    depth += {"{": 1, "}": -1}.get(text[index], 0)
                    if depth == 0:
                        pos = index + 1
                        break
            continue
        body = match.end()
        end = _entry_end(text, body, "}" if match.group(2) == "{" else ")")
        if kind not in {"string", "preamble"}:
            key = _KEY.match(text, body, end)
            first = text.count("\n", 0, match.start()) + 1
            found.append((key.group(1) if key else "", first, first + text.count("\n", match.start(), end - 1)))
        pos = end
    return found


def test_bibtex_entries_counts_like_bibtex():
    text = (
        "---\n---\n@string{ieee = {IEEE}}\n@comment{old, title={x}}\n@comment{ @book{hidden, title={x}} }\n"
        "@article{a1,\n title={unbalanced {brace},\n}\n"
        "  @inproceedings{DBLP:conf/x/Lee20, title = {ok}}\n"
        "@phdthesis{\n title = {no key}}\n@misc(p2, title = {parens})\n@misc{a1, title={again}}\n"
    )
    assert bibtex_entries(text) == [
        ("a1", 6, 8), ("DBLP:conf/x/Lee20", 9, 9), ("", 10, 11), ("p2", 12, 12), ("a1", 13, 13),
    ]  # fmt: skip


# -- names ----------------------------------------------------------------------------


def fold(text: str) -> str:
    """A name without accents, case, spaces, dots and hyphens: "Mateo-García" is
    "Mateo García", "Young-Han" is "Younghan"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[\W_]", "", "".join(c for c in decomposed if not unicodedata.combining(c)).casefold())


def _is_cjk(text: str) -> bool:
    return any("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in text)


def initials(given: str) -> str:
    """Initials of given names: "Michel Fabrice" -> "MF", "Jia-Bin" -> "JB", "C. T." -> "CT", "DN" -> "DN"."""
    parts = [p for p in re.split(r"[\s.\-~]+", given) if p]
    return "".join(p if p.isupper() and len(p) <= 3 else p[0] for p in parts)


def owner_names(row: dict[str, str]) -> set[str]:
    """Every folded display form ("given family") of the owner: the MANIFEST's
    variants and their initials; family name first as well for CJK names."""
    if row["owner_last_names"] == "-":
        return set()
    names = set()
    for first in row["owner_first_names"].split("|"):
        for last in row["owner_last_names"].split("|"):
            names |= {fold(first + last), fold(initials(first) + last)}
            if _is_cjk(first + last):
                names.add(fold(last + first))
    return names


def shown_authors(authors: Tag) -> Iterator[tuple[str, bool]]:
    """(name, emphasised) of every author of a rendered author list."""
    for child in authors.children:
        if isinstance(child, NavigableString):
            yield from ((name.strip(), False) for name in str(child).split(",") if name.strip())
        elif child.name == "strong":
            yield child.get_text().strip(), True
        elif child.name != "sup":  # a co-author's link; sup holds contribution markers
            yield child.get_text().strip(), False


def test_owner_names_and_initials():
    row = {"owner_first_names": "Michel Fabrice|C. T.", "owner_last_names": "Mateo García"}
    assert owner_names(row) == {"michelfabricemateogarcia", "mfmateogarcia", "ctmateogarcia"}
    assert fold("Gonzalo Mateo-García") == fold("Gonzalo Mateo García")


# -- warnings -----------------------------------------------------------------------------


def warning_records(log: str) -> list[str]:
    """Each warning (or error) of a build log, with its continuation lines."""
    records: list[str] = []
    for line in re.sub(r"\x1b\[[0-9;]*m", "", log).splitlines():
        if "WARNING:" in line or "ERROR:" in line or "CRITICAL:" in line:
            records.append(line)
        elif records:
            records[-1] += "\n" + line
    return records


def subtype_of(record: str) -> str:
    match = re.search(r"\[([\w.-]+)\]\s*$", record)
    return match.group(1) if match else ""


def is_broken_input(record: str) -> bool:
    kind = subtype_of(record)
    if kind == "vitae.entry":
        return bool(BROKEN_ENTRY.search(record))
    return kind.startswith("vitae.") and kind.removeprefix("vitae.") in BROKEN_INPUT


def quotes(key: str, text: str) -> bool:
    return f"'{key}'" in text or repr(key) in text or f'"{key}"' in text


# -- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_manifest_lists_every_file(folder):
    assert (folder / "MANIFEST.tsv").exists(), f"{folder.name} has no MANIFEST.tsv"
    assert (folder / "README.md").exists(), f"{folder.name} has no README.md"
    assert sorted(row["file"] for row in manifest(folder)) == sorted(p.name for p in folder.glob("*.bib"))


@dataclass
class Built:
    """One file's build, read once and checked by several tests."""

    entries: list[tuple[str, int, int]]
    records: list[str]
    rendered: list[Tag]
    log: str


_BUILDS: dict[Path, Built] = {}


ALFOLIO_LINK_BASE = {field: "https://example.org/assets/pdf/" for field in ("pdf", "supp", "poster", "slides")}


def _build(folder: Path, row: dict[str, str], tmp_path: Path) -> Built:
    src = tmp_path / "src"
    src.mkdir()
    (src / "refs.bib").write_bytes((folder / row["file"]).read_bytes())
    owners = [
        f"{last}, {first}"
        for first in row["owner_first_names"].split("|")
        for last in row["owner_last_names"].split("|")
        if row["owner_last_names"] != "-"
    ]
    (src / "conf.py").write_text(
        "extensions = ['sphinx_vitae']\nbibtex_bibfiles = ['refs.bib']\n"
        f"vitae_owner = {owners!r}\nvitae_publication_pages = False\n"
        # what the README's al-folio how-to says: al-folio resolves these relative files under /assets/pdf/
        f"vitae_link_base = {ALFOLIO_LINK_BASE!r}\n"
        "html_theme = 'basic'\nshow_warning_types = True\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text("Publications\n============\n\n.. all-publications::\n", encoding="utf-8")
    app = build_copy(src, src)
    log = app.warning.getvalue()
    page = BeautifulSoup((app.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = (folder / row["file"]).read_bytes().decode("utf-8", errors="replace")
    return Built(bibtex_entries(text), warning_records(log), page.select("li.vitae-entry"), log)


@pytest.fixture
def built(request, tmp_path_factory) -> Built:
    """The build of the file under test: once per file, shared by the checks below."""
    folder, row = request.param
    path = folder / row["file"]
    if path not in _BUILDS:
        _BUILDS[path] = _build(folder, row, tmp_path_factory.mktemp(f"{folder.name}-{path.stem}"))
    return _BUILDS[path]


def _bibtex_key(li: Tag) -> str:
    """The key of a rendered entry as its BibTeX toggle shows it ("" without one)."""
    block = li.select_one("pre.vitae-bibtex")
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s]*)", block.get_text()) if block else None
    return match.group(1) if match else ""


def expected_ids(entries: list[tuple[str, int, int]]) -> list[tuple[str, int, int, int, str]]:
    """(key, line, last line, occurrence, expected id) of every keyed entry: the n-th
    entry of a key (compared case-blind, as BibTeX does) is shown as ``<key>-n``."""
    seen: Counter[str] = Counter()
    out = []
    for key, line, last in entries:
        if key:
            seen[key.casefold()] += 1
            count = seen[key.casefold()]
            out.append((key, line, last, count, anchor(key if count == 1 else f"{key}-{count}")))
    return out


ROW_BUILD = [pytest.param(row, (folder, row), id=f"{folder.name}/{row['file']}") for folder, row in ROWS]


@pytest.mark.parametrize(("row", "built"), ROW_BUILD, indirect=["built"])
def test_builds_without_traceback(row, built):
    assert "Traceback" not in built.log and "Exception" not in built.log
    assert len(built.entries) == int(row["entry_count"]), "MANIFEST entry_count is stale"


@pytest.mark.parametrize(("row", "built"), ROW_BUILD, indirect=["built"])
def test_every_entry_rendered_or_warned(row, built):
    """Each entry is on the page (found by its id, or by the key its BibTeX toggle
    shows, so that a wrong id is reported by the anchor test alone) or a warning
    names it."""
    shown = {li.get("id", "") for li in built.rendered}
    on_page = Counter(_bibtex_key(li).casefold() for li in built.rendered)
    warned = "\n".join(built.records)
    not_duplicate = "\n".join(r for r in built.records if subtype_of(r) != "vitae.duplicate_key")
    warned_lines = {int(n) for n in re.findall(r"refs\.bib:(\d+): ", warned)}
    missing = [
        f"the entry without a key at lines {line}-{last}"
        for key, line, last in built.entries
        if not key and not warned_lines & set(range(line, last + 1))
    ]
    for key, line, _, count, ident in expected_ids(built.entries):
        if ident in shown or on_page[key.casefold()] >= count or on_page[f"{key}-{count}".casefold()]:
            continue
        # a repeated key's later entry is shown under its derived key; only a problem
        # of its own (not the duplicate-key notice) excuses it
        if not quotes(key, warned if count == 1 else not_duplicate):
            missing.append(f"{key!r} (entry {count} of that key, line {line})")
    assert not missing, f"neither rendered nor named in a warning: {missing}"


@pytest.mark.parametrize(("row", "built"), ROW_BUILD, indirect=["built"])
def test_every_entry_has_its_own_anchor(row, built):
    ids = [li.get("id", "") for li in built.rendered]
    assert all(ids), "a rendered entry has no id"
    duplicated = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not duplicated, f"ids used twice: {duplicated}"
    allowed = {ident for *_, ident in expected_ids(built.entries)}
    wrong = sorted(set(ids) - allowed)
    assert not wrong, f"{len(wrong)} ids not keys.anchor of a key (or of <key>-n): {wrong[:8]}"


@pytest.mark.parametrize(("row", "built"), ROW_BUILD, indirect=["built"])
def test_owner_emphasised_exactly(row, built):
    names = owner_names(row)
    wrong, unemphasised, emphasised = [], [], 0
    for li in built.rendered:
        authors = li.select_one(".vitae-authors")
        if authors is None:
            continue
        for name, strong in shown_authors(authors):
            is_owner = fold(name) in names
            emphasised += strong
            if strong and not is_owner:
                wrong.append((_bibtex_key(li) or li.get("id"), name))
            elif is_owner and not strong:
                unemphasised.append((_bibtex_key(li) or li.get("id"), name))
    assert not wrong, f"emphasised, but not the owner: {wrong}"
    assert not unemphasised, f"the owner, not emphasised: {unemphasised}"
    if names:
        assert emphasised > 0, "the owner is never emphasised"


@pytest.mark.parametrize(("row", "built"), ROW_BUILD, indirect=["built"])
def test_warnings_only_for_broken_input(row, built):
    for record in built.records:  # shown with -rA, and with any failure
        print(record)
    unexpected = [r for r in built.records if not is_broken_input(r)]
    assert not unexpected, "warnings that do not mean broken input:\n" + "\n".join(unexpected)
