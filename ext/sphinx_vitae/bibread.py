"""Reading ``.bib`` files that nobody here wrote: every entry loaded or named in a problem.

Pure of Sphinx: pybtex underneath, :class:`LoadResult` out; :mod:`.bibdata` hands it
to sphinxcontrib-bibtex. pybtex's strict parse stops at the first duplicate key,
raises on an unbalanced brace and drops a file over one byte that is not in the
encoding; this reader loses nothing on the way:

- the bytes are decoded leniently: a byte that is not valid in ``bibtex_encoding`` is
  read as Windows-1252; control characters, which break the PDF, are removed;
- pybtex's own low-level parser reads each file command by command, so an error
  belongs to the entry it happened in; a broken entry is cut off where BibTeX would end
  it, or at the first plausible entry start inside it, and reading goes on from there:
  it costs only itself; a clean file is read in one pass, as before;
- an entry whose key repeats an earlier one (case-blind, as BibTeX compares keys) is
  kept under a derived key instead of being dropped.

Every problem is a :class:`Problem` with the file and line, logged by the caller.
"""

from __future__ import annotations

import codecs
import math
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pybtex.errors
from pybtex import textutils
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import LowLevelParser, Parser, SkipEntry, UndefinedMacro
from pybtex.scanner import PrematureEOF, PybtexSyntaxError, Token, TokenRequired
from pybtex.utils import CaseInsensitiveDict

if TYPE_CHECKING:
    from collections.abc import Callable

_NOT_ENTRIES = frozenset({"string", "preamble", "comment"})
#: what pybtex reads as a name after "@" (and as a field name)
_NAME = LowLevelParser.NAME.match.__self__.pattern  # type: ignore[attr-defined]
#: the head of a command as pybtex reads it: "@type{key" or "@type(key"
_HEADER = re.compile(
    r"@\s*(?P<type>" + _NAME + r")\s*(?:(?P<brace>\{)\s*(?P<bkey>[^\s,}]*)|(?P<paren>\()\s*(?P<pkey>[^\s,]*))"
)
#: where a new entry plausibly starts inside a broken one: "@type{key," (any type, any
#: key pybtex accepts) or "@type{key" and a field without the comma (pybtex reads it),
#: "@string{", "@preamble{", "@comment{"
_PLAUSIBLE = re.compile(
    r"@\s*(?:(?:string|preamble|comment)\s*[{(]|[A-Za-z][A-Za-z0-9_:-]*\s*(?:\{\s*[^\s,}]+|\(\s*[^\s,]+)"
    r"(?:\s*,|\s+[A-Za-z][\w-]*\s*=))",
    re.IGNORECASE,
)
#: an entry head inside what pybtex would read as a key: "@article{" with no key, then
#: "@article{lee2020," on the next line makes the key "@article{lee2020"
_HEAD_IN_KEY = re.compile(r"@\s*" + _NAME + r"\s*[{(]")
_WALK = re.compile(r'[{}()"@]')
_BRACES = re.compile(r"[{}]")
_QUOTES_AND_BRACES = re.compile(r'[{}"]')
#: a field name and its "=": what follows where a comma is missing between two fields
_FIELD_AHEAD = re.compile(r"(" + _NAME + r")\s*=")
#: "name = value" after a line break or a comma inside a value: swallowed fields
_FIELD_INSIDE = re.compile(r"[\n,]\s*([A-Za-z][\w-]*)\s*=\s*[{\"\w]")
#: a value that ends in a comma and a line break: its "}" was the entry's own
_RUNS_TO_CLOSE = re.compile(r",[ \t]*\n\s*$")
#: ", name = value" right after an entry closed: an extra "}" ended the entry early
_FIELD_AFTER_END = re.compile(r"\s*,\s*([A-Za-z][\w-]*)\s*=\s*[{\"\w]")
#: the "@" of an entry type that is not followed by "{" or "(": a mistake worth a warning
#: (an e-mail address or a handle outside entries is not)
_TYPE_AFTER_AT = re.compile(r"@\s*([A-Za-z]+)")
_ENTRY_TYPES = frozenset(
    (  # a list of words reads best as words
        "article book booklet conference inbook incollection inproceedings manual mastersthesis misc phdthesis "
        "proceedings techreport unpublished online report thesis software dataset patent collection periodical "
        "electronic www string preamble"
    ).split()
)
#: C0 controls but tab, newline, carriage return (vertical tab and form feed are read as
#: spaces), DEL and C1: invisible, and they break the LaTeX build
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_AS_SPACE = {0x0B: " ", 0x0C: " "}
#: per-line warnings of one kind, at most, before one that sums up the rest
_MAX_LINE_WARNINGS = 10
#: missing commas and closing delimiters repaired in one entry, at most
_MAX_REPAIRS = 3
_FALLBACK = "sphinx_vitae.cp1252"
#: Windows-1252 for each byte; "" for the five it leaves undefined (Latin-1 would make
#: them C1 controls, which are removed anyway)
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") for b in range(256)]
_SUBSTITUTED: ContextVar[list[tuple[int, int, str]]] = ContextVar("_SUBSTITUTED")


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read the bytes that do not decode as Windows-1252, and note where."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    substituted = _SUBSTITUTED.get()
    for offset in range(error.start, error.end):
        substituted.append((offset, offset + 1, _CP1252[error.object[offset]]))
    return "".join(_CP1252[byte] for byte in error.object[error.start : error.end]), error.end


codecs.register_error(_FALLBACK, _as_cp1252)


@dataclass
class Problem:
    """Something wrong in a .bib file, reported as a warning."""

    path: str
    line: int
    message: str
    subtype: str
    key: str = ""

    @property
    def location(self) -> str | None:
        # Sphinx reads a location without ":" as a document name; a whole-file problem
        # names its file in the message instead
        return f"{self.path}:{self.line}" if self.line else None


@dataclass
class FileRead:
    """One file as read: its modification time before reading, and the keys it gave."""

    mtime: float
    keys: dict[str, None] = field(default_factory=dict)


def mtime(path: Path) -> float:
    """As sphinxcontrib-bibtex reads it (``get_mtime``): it compares the two to know its cache fresh."""
    try:
        return path.lstat().st_mtime
    except OSError:
        return -math.inf


@dataclass
class LoadResult:
    data: BibliographyData
    bibfiles: dict[Path, FileRead]
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)  #: key -> (file, line)
    problems: list[Problem] = field(default_factory=list)


def load(paths: list[Path], encoding: str, shown: dict[Path, str]) -> LoadResult:
    """Parse *paths* with pybtex, recovering from errors; *shown* gives display names.

    Every entry of every file is loaded or named in a problem with its file and line;
    ``lines`` and ``bibfiles[path].keys`` list every loaded key, derived ones included.
    """
    parser = Parser(encoding)
    result = LoadResult(data=parser.data, bibfiles={})
    readers: list[tuple[Path, _FileReader]] = []
    with pybtex.errors.capture() as captured:
        for path in paths:
            name = shown.get(path, str(path))
            # the mtime before reading: a file saved while we read it is read again next time
            result.bibfiles[path] = FileRead(mtime(path))
            text = _read_text(path, encoding, name, result.problems)
            if text is None:
                continue
            reader = _FileReader(parser, text, name, result.problems, captured)
            reader.read()
            readers.append((path, reader))
    _assign_keys(readers, result)
    order = {shown.get(path, str(path)): index for index, path in enumerate(paths)}
    result.problems.sort(key=lambda problem: (order.get(problem.path, 0), problem.line))
    return result


def _assign_keys(readers: list[tuple[Path, _FileReader]], result: LoadResult) -> None:
    """Add every entry read to the data, in file order, a repeated key under a derived one.

    BibTeX compares keys case-blind. The first entry keeps its key; each later one gets
    ``<key>-2``, ``-3``, ... skipping every key written anywhere in the files (skipped
    broken entries included), so a derived key changes only when the files do."""
    taken = {key.lower() for _, reader in readers for key in (*(k for k, _, _ in reader.loaded), *reader.skipped)}
    first: dict[str, tuple[str, int]] = {}
    for path, reader in readers:
        keys = result.bibfiles[path].keys
        for key, entry, line in reader.loaded:
            lower = key.lower()
            shown_as = key
            if lower in first:
                shown_as = _derived_key(key, taken)
                first_name, first_line = first[lower]
                where = f"line {first_line}" if first_name == reader.name else f"{first_name}:{first_line}"
                result.problems.append(
                    Problem(
                        reader.name,
                        line,
                        f"duplicate key '{key}' (first defined at {where}): shown as '{shown_as}'; "
                        "give it a key of its own",
                        "duplicate_key",
                        key,
                    )
                )
            else:
                first[lower] = (reader.name, line)
            result.data.add_entry(shown_as, entry)
            result.lines[shown_as] = (reader.name, line)
            keys[shown_as] = None


def _derived_key(key: str, taken: set[str]) -> str:
    number = 2
    while f"{key}-{number}".lower() in taken:
        number += 1
    derived = f"{key}-{number}"
    taken.add(derived.lower())
    return derived


# -- bytes to text -------------------------------------------------------------------


def _read_text(path: Path, encoding: str, name: str, problems: list[Problem]) -> str | None:
    """The text of *path*, decoded leniently, with one newline convention and no control characters."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(
            Problem(name, 0, f"bibliography file {path} not found (listed in bibtex_bibfiles)", "bibfile_missing")
        )
        return None
    except OSError as exc:
        problems.append(Problem(name, 0, f"cannot read bibliography file {path}: {exc}", "bibfile_error"))
        return None
    text = _decode(data, encoding, name, problems)
    if "\r" in text:
        # pybtex counts a lone CR as a line break; so do we, by making every break "\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _remove_controls(text, name, problems)


def _decode(data: bytes, encoding: str, name: str, problems: list[Problem]) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        problems.append(
            Problem(name, 0, f"unknown bibtex_encoding '{encoding}': {name} is read as UTF-8", "bibfile_error")
        )
        codec = "utf-8"
    if codec == "utf-8-sig":
        codec = "utf-8"  # its errors count offsets after the BOM; the BOM goes below anyway
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = _decode_leniently(data, codec, name, problems)
    return text.removeprefix("\ufeff")


def _decode_leniently(data: bytes, codec: str, name: str, problems: list[Problem]) -> str:
    """Decode what decodes; read each byte that does not as Windows-1252 (what a .bib
    file that is not UTF-8 nearly always is), with a warning per line."""
    token = _SUBSTITUTED.set([])
    try:
        text = data.decode(codec, errors=_FALLBACK)
        substituted = _SUBSTITUTED.get()
    finally:
        _SUBSTITUTED.reset(token)
    same_newline = "\n".encode(codec) == b"\n"
    by_line: dict[int, list[str]] = {}
    line, counted = 1, 0
    for begin, end, chars in substituted:
        if same_newline:
            line += data.count(b"\n", counted, begin)  # each stretch counted once: linear
            counted = begin
        else:
            line = data[:begin].decode(codec, errors="replace").count("\n") + 1
        raw = "".join(f"\\x{byte:02X}" for byte in data[begin:end])
        by_line.setdefault(line, []).append(f"{raw} as '{chars}'" if chars else f"{raw} dropped (undefined)")
    label = "UTF-8" if codec in ("utf-8", "utf-8-sig") else codec.upper()

    def describe(items: list[str]) -> str:
        shown = ", ".join(items[:3]) + (", ..." if len(items) > 3 else "")
        return f"bytes that are not valid {label} were read as Windows-1252 ({shown}); save the file as UTF-8"

    _per_line(problems, name, by_line, describe, f"bytes that are not valid {label}", "encoding")
    return text


def _remove_controls(text: str, name: str, problems: list[Problem]) -> str:
    if "\x0b" in text or "\x0c" in text:
        text = text.translate(_AS_SPACE)  # whitespace to pybtex and to TeX alike
    if _CONTROL.search(text) is None:
        return text
    by_line: dict[int, list[str]] = {}
    line, counted = 1, 0
    for match in _CONTROL.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        by_line.setdefault(line, []).append(f"U+{ord(match.group()):04X}")

    def describe(items: list[str]) -> str:
        chars = ", ".join(dict.fromkeys(items))
        if len(items) > 1:
            return f"control characters {chars} removed (invisible, and they would break the PDF)"
        return f"control character {chars} removed (invisible, and it would break the PDF)"

    _per_line(problems, name, by_line, describe, "control characters", "control_character")
    return _CONTROL.sub("", text)


def _per_line(
    problems: list[Problem],
    name: str,
    by_line: dict[int, list[str]],
    describe: Callable[[list[str]], str],
    what: str,
    subtype: str,
) -> None:
    """One problem per line, the first few; then one naming the other lines."""
    lines = list(by_line)
    for line in lines[:_MAX_LINE_WARNINGS]:
        problems.append(Problem(name, line, describe(by_line[line]), subtype))
    rest = lines[_MAX_LINE_WARNINGS:]
    if rest:
        listed = ", ".join(map(str, rest[:20])) + (", ..." if len(rest) > 20 else "")
        items = [item for line in rest for item in by_line[line]]
        problems.append(
            Problem(name, rest[0], f"{len(rest)} more lines have {what} (lines {listed}): {describe(items)}", subtype)
        )


# -- text to entries -----------------------------------------------------------------


class _Scanner(LowLevelParser):
    """pybtex's low-level parser, noting the line of each field name (for repeated fields)
    and what an @string defined (to undo a broken one), with a faster :meth:`parse_string`.

    It overrides three of pybtex's internals (``parse_string_body``, ``parse_field``,
    ``parse_string``; ``parse_command`` only wraps): they are the same in pybtex 0.25.0,
    the oldest pyproject.toml allows (what sphinxcontrib-bibtex 2.7 requires), and in
    0.26.1 but for formatting; tests/matrix.sh runs the tests on the oldest."""

    field_lines: list[int]
    #: what handle_error collected, when a broken command is read again on its own
    errors: list[Exception]
    #: the @string this command (re)defined, and the value it had before (None if none)
    defined: tuple[str, str | None] | None

    def parse_command(self) -> Any:
        self.field_lines, self.defined = [], None
        return super().parse_command()

    def parse_string_body(self, body_end: Any) -> None:
        # LowLevelParser.parse_string_body, noting what it defines: a broken @string is undone
        name = self.required([self.NAME]).value
        self.current_field_name = name
        self.required([self.EQUALS])
        self.parse_value()
        self.defined = (name, self.macros.get(name))
        self.macros[name] = "".join(self.current_value)

    def parse_field(self) -> None:
        # LowLevelParser.parse_field, plus the line of the name
        name = self.optional([self.NAME])
        if not name:
            return
        self.current_field_name = name.value
        self.field_lines.append(self.lineno)
        self.required([self.EQUALS])
        self.parse_value()

    def parse_string(self, string_end: Any, level: int = 0, max_level: int = 100) -> list[Token]:
        """LowLevelParser.parse_string with the same result, errors and positions.

        pybtex reads a value brace by brace with two regex searches, a token and a
        generator frame each; walking the braces with one regex is several times faster,
        and what a value with a missing "}" swallows costs little before it is cut off."""
        text, begin = self.text, self.pos
        quoted = string_end is self.QUOTE
        depth, last = 0, begin
        for match in (_QUOTES_AND_BRACES if quoted else _BRACES).finditer(text, begin):
            char, last = match.group(), match.end()
            if char == "{":
                depth += 1
                if depth > max_level:
                    self._move(begin, last)
                    raise PybtexSyntaxError("too many nested braces", self)
            elif char == "}" and depth:
                depth -= 1
            elif char == "}" and quoted:
                self._move(begin, last)
                raise PybtexSyntaxError("unbalanced braces", self)
            elif depth == 0:  # the closing "}", or the closing '"' of a quoted value
                self._move(begin, last)
                return [Token(text[begin:last], string_end)]
        self._move(begin, last)
        raise PrematureEOF(self)

    def _move(self, begin: int, end: int) -> None:
        self.pos = end
        self.update_lineno(self.text[begin:end])


def _quote(key: str) -> str:
    # not repr(): a key is named exactly as written, backslashes and quotes included
    return f"'{key}'"


class _FileReader:
    """Reads one file's text into entries, command by command, with pybtex's low-level parser.

    On a clean file this is pybtex's own loop over the whole text. When a command has a
    syntax error, :meth:`_recover` finds where that entry ends and the loop goes on from
    there, so an error never spreads to the next entry."""

    def __init__(
        self, parser: Parser, text: str, name: str, problems: list[Problem], captured: list[Exception]
    ) -> None:
        self.parser, self.text, self.name = parser, text, name
        self.problems, self.captured = problems, captured
        self.loaded: list[tuple[str, Entry, int]] = []  #: (key, entry, line), in file order
        self.skipped: list[str] = []  #: keys of the broken entries
        self.errors: list[Exception] = []
        self.scanner = _Scanner(text, macros=parser.macros, handle_error=self.errors.append, filename=name)

    def read(self) -> None:
        scanner, text, errors = self.scanner, self.text, self.errors
        after: tuple[str, int, int] | None = None  # the entry that just ended: key, line, line of its end
        while True:
            end = scanner.pos
            found = scanner.skip_to([scanner.AT])
            if after is not None:
                self._check_after_end(after, end, scanner.pos if found else len(text))
                after = None
            if not found:
                return
            start, line = scanner.pos - 1, scanner.lineno
            resume = self._comment_end(start)
            if resume is None:
                resume = self._head_without_key(start, line)
            if resume is not None:
                scanner.pos, scanner.lineno = resume, line + text.count("\n", start, resume)
                continue
            scanner.command_start = start
            errors.clear()
            try:
                command, body = scanner.parse_command()
            except SkipEntry:  # @comment: its body is read as text between entries, as BibTeX does
                continue
            except PybtexSyntaxError:  # "@" without a name and "{" or "(": not an entry
                self._stray_at(start, line)
                continue
            if any(not isinstance(error, UndefinedMacro) for error in errors):
                resume = self._recover(start, line)
                scanner.pos, scanner.lineno = resume, line + text.count("\n", start, resume)
                continue
            key = self._take(command, body, line, errors, scanner.field_lines)
            if key is not None:
                after = (key, line, scanner.lineno)

    def _comment_end(self, start: int) -> int | None:
        """Past a whole ``@comment{...}`` whose braces balance; None for any other command.

        Classic BibTeX ignores only the word ``@comment`` and reads what follows, so an entry
        "commented out" inside it comes back. al-folio's reader (bibtex-ruby) and biber take
        the whole braced block as a comment, and al-folio users rely on it to hide entries
        (the template's Einstein samples): a site moved from al-folio must not show them."""
        header = _HEADER.match(self.text, start)
        if header is None or header.group("type").lower() != "comment" or header.group("brace") is None:
            return None
        depth = 0
        for brace in _BRACES.finditer(self.text, header.start("brace")):
            depth += 1 if brace.group() == "{" else -1
            if depth == 0:
                return brace.end()
        return None  # never closed: read on as BibTeX would

    def _head_without_key(self, start: int, line: int) -> int | None:
        """Where reading goes on when the head at *start* has no key and another entry's head
        stands where its key would be (BibTeX would read "@article{lee2020" as the key)."""
        header = _HEADER.match(self.text, start)
        if header is None:
            return None
        group = "pkey" if header.group("paren") is not None else "bkey"
        inner = _HEAD_IN_KEY.search(header.group(group) or "")
        if inner is None:
            return None
        self.problems.append(
            Problem(
                self.name,
                line,
                f"@{header.group('type')} entry without a key (BibTeX would take {_quote(header.group(group))} "
                "for its key): skipped, and the entry after it is read on its own",
                "syntax_error",
            )
        )
        return header.start(group) + inner.start()

    def _take(self, command: str, body: Any, line: int, errors: list[Exception], field_lines: list[int]) -> str | None:
        """Process one command that parsed; the key of an entry, None for @string and @preamble."""
        kind = command.lower()
        if kind == "string":
            self._undefined(errors, f"@string '{body[0]}'", line, "")
            return None
        if kind == "preamble":
            self._undefined(errors, "@preamble", line, "")
            self.parser.process_preamble(*body)
            return None
        key, fields = body
        self._undefined(errors, f"entry {_quote(key)}", line, key)
        before = len(self.captured)
        entry = self._entry(command, key, fields, field_lines, line)
        for error in self.captured[before:]:  # a name with too many commas, and the like
            self.problems.append(
                Problem(self.name, line, f"entry {_quote(key)}: {_describe(error)}", "data_error", key)
            )
        del self.captured[before:]
        self.loaded.append((key, entry, line))
        return key

    def _entry(self, type_: str, key: str, fields: list[Any], field_lines: list[int], line: int) -> Entry:
        """pybtex's Parser.process_entry, with a repeated field named with its lines."""
        entry = Entry(type_)
        person_fields = self.parser.person_fields
        if len(field_lines) != len(fields):
            field_lines = [line] * len(fields)
        first: dict[str, tuple[int, str]] = {}
        for (name, parts), field_line in zip(fields, field_lines, strict=True):
            lower = name.lower()
            value = textutils.normalize_whitespace("".join(parts))
            if lower in first:
                if value == first[lower][1]:
                    continue  # the same value twice (al-folio files repeat selected={true}): nothing is lost
                self.problems.append(
                    Problem(
                        self.name,
                        line,
                        f"entry {_quote(key)} has a second '{name}' field at line {field_line} "
                        f"(the first is at line {first[lower][0]}) with another value: the second is ignored",
                        "data_error",
                        key,
                    )
                )
                continue
            first[lower] = (field_line, value)
            if name in person_fields:
                for person in split_name_list(value):
                    entry.add_person(Person(person), name)
            else:
                entry.fields[name] = value
        return entry

    def _undefined(self, errors: list[Exception], what: str, line: int, key: str) -> None:
        for error in errors:
            used = getattr(error, "lineno", line) or line
            at = f" at line {used}" if used != line else ""
            self.problems.append(
                Problem(
                    self.name,
                    line,
                    f"{what} uses the undefined @string '{error.args[0]}'{at}: that part of the value is left out",
                    "data_error",
                    key,
                )
            )

    def _stray_at(self, start: int, line: int) -> None:
        # an entry type at the start of a line is an entry gone wrong; elsewhere, as in
        # "% every @article needs a journal", it is prose, which BibTeX ignores too
        match = _TYPE_AFTER_AT.match(self.text, start)
        if match and match.group(1).lower() in _ENTRY_TYPES and _starts_line(self.text, start):
            self.problems.append(
                Problem(
                    self.name,
                    line,
                    f"'@{match.group(1)}' is not followed by '{{' or '(': it is not read as an entry",
                    "syntax_error",
                )
            )

    def _check_after_end(self, after: tuple[str, int, int], begin: int, end: int) -> None:
        """Warn when what follows an entry's end looks like more of its fields."""
        match = _FIELD_AFTER_END.match(self.text, begin, end)
        if match is None:
            return
        key, line, end_line = after
        field_line = end_line + self.text.count("\n", begin, match.start(1))
        self.problems.append(
            Problem(
                self.name,
                line,
                f"entry {_quote(key)} ends at line {end_line}, but '{match.group(1)}' at line {field_line} "
                "after it looks like one of its fields: an extra closing brace? What follows it is ignored",
                "syntax_error",
                key,
            )
        )

    def _recover(self, start: int, line: int) -> int:
        """Handle the broken command at *start*; return where reading goes on.

        The entry is cut off where BibTeX would end it (see :func:`_broken_end`) and read
        on its own. A missing comma between fields or a missing closing delimiter is
        repaired, with a warning; anything else skips the entry, with a warning that says
        what is wrong."""
        text = self.text
        if self.scanner.defined is not None:  # read again below, on its own
            name, before = self.scanner.defined
            if before is None:
                del self.parser.macros[name]
            else:
                self.parser.macros[name] = before
        header = _HEADER.match(text, start)
        if header is None:  # the scanner read this head, so this does not happen; skip the "@"
            return start + 1
        paren = header.group("paren") is not None
        end = _broken_end(text, header.end("paren" if paren else "brace"), paren)
        kind, key = header.group("type").lower(), header.group("pkey" if paren else "bkey")
        if kind in _NOT_ENTRIES:
            macro = re.match(_NAME, key) if kind == "string" else None
            what = f"@{header.group('type')}" + (f" '{macro.group()}'" if macro else "")
        else:
            what = f"entry {_quote(key)}" if key else f"@{header.group('type')} entry without a key"
        original = chunk = text[start:end]
        repairs: list[tuple[str, str]] = []  # (what was missing, where)
        reason = ""
        for _ in range(_MAX_REPAIRS + 1):
            parsed, fatal, alone, macros = self._parse_alone(chunk, line)
            if fatal is None and parsed is not None:
                run_on = _run_on(*parsed, alone.field_lines) if repairs else ""
                if run_on:  # the repair closed the entry where a value had swallowed fields
                    reason = _reason(original, line, paren, None, alone, run_on)
                    break
                self.parser.macros.update(macros)
                if repairs:
                    done = "; ".join(f"{where} (read as if it were there)" for _, where in repairs)
                    self.problems.append(Problem(self.name, line, f"{what}: {done}", "syntax_error", key))
                self._take(*parsed, line, alone.errors, alone.field_lines)
                return end
            repaired = _repair(chunk, paren, fatal, alone) if fatal is not None else None
            if repaired is None or len(repairs) == _MAX_REPAIRS:
                reason = _reason(chunk, line, paren, fatal, alone)
                break
            chunk, missing, where = repaired
            repairs.append((missing, where))
        if kind not in _NOT_ENTRIES and key:
            self.skipped.append(key)
        # the commas it lacked too; a closing delimiter it lacked is in the reason
        reasons = [*(where for missing, where in repairs if missing == ","), reason]
        self.problems.append(
            Problem(
                self.name,
                line,
                f"{what} could not be parsed and is skipped: {'; '.join(reasons)}",
                "syntax_error",
                key if kind not in _NOT_ENTRIES else "",
            )
        )
        return end

    def _parse_alone(
        self, chunk: str, line: int
    ) -> tuple[tuple[str, Any] | None, Exception | None, _Scanner, CaseInsensitiveDict]:
        """Parse one command on its own; the first fatal error, if any. @string
        definitions go to a copy of the macros, so that a broken one defines nothing."""
        macros = CaseInsensitiveDict(self.parser.macros)
        errors: list[Exception] = []
        alone = _Scanner(chunk, macros=macros, handle_error=errors.append, filename=self.name)
        alone.errors = errors
        alone.lineno = line
        alone.skip_to([alone.AT])
        alone.command_start = 0
        try:
            command, body = alone.parse_command()
        except (SkipEntry, PybtexSyntaxError) as exc:  # the scanner read this head: not expected
            return None, exc, alone, macros
        fatal = next((error for error in errors if not isinstance(error, UndefinedMacro)), None)
        return (command, body), fatal, alone, macros


def _broken_end(text: str, body: int, paren: bool) -> int:
    """Where a broken entry whose body starts at *body* ends.

    At its closing delimiter, found the way BibTeX finds it (braces matched; in a paren
    entry, the first ")" outside braces and quotes), unless a plausible entry start comes
    first. A start at the entry's top level (where no "@" can belong to the entry) or at
    the start of a line is sure: the entry ends before the first plausible start, sure
    or not, same line included. One inside a value, mid-line, may be an abstract quoting
    BibTeX: it ends the entry only if the entry never closes, having swallowed it."""
    top = 0 if paren else 1
    depth, quoted, weak = top, False, None
    for match in _WALK.finditer(text, body):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not paren:
                return match.end()
            depth = max(depth, 0)
        elif char == "@":
            at = match.start()
            if _PLAUSIBLE.match(text, at):
                if (depth == top and not quoted) or _starts_line(text, at):
                    return weak if weak is not None else at
                if weak is None:
                    weak = at
        elif paren and depth == 0:
            if char == '"':
                quoted = not quoted
            elif char == ")" and not quoted:
                return match.end()
    return weak if weak is not None else len(text)


def _starts_line(text: str, at: int) -> bool:
    begin = text.rfind("\n", 0, at) + 1
    return not text[begin:at].strip(" \t\u00a0\u200b\ufeff")


def _repair(chunk: str, paren: bool, error: Exception, alone: _Scanner) -> tuple[str, str, str] | None:
    """*chunk* with one sure-footed repair, what it inserted and why; None when there is none.

    A missing comma between two fields, and a missing closing delimiter where nothing
    else is open, are what the author meant beyond doubt; anything else is left alone."""
    closer = ")" if paren else "}"
    at, line = alone.pos, getattr(error, "lineno", None) or alone.lineno
    expected = str(error.args[0]) if isinstance(error, TokenRequired) else ""
    field_name = alone.current_field_name
    if expected == f"'{closer}' expected" and field_name:
        following = _FIELD_AHEAD.match(chunk, at)
        if following:
            return (
                chunk[:at] + "," + chunk[at:],
                ",",
                f"missing comma after the value of '{field_name}', before '{following.group(1)}' at line {line}",
            )
    if (expected == f"'{closer}' expected" or isinstance(error, PrematureEOF)) and _only_entry_open(chunk, paren):
        content_end = len(chunk[:at].rstrip())
        after = line - chunk.count("\n", content_end, at)
        return chunk[:at] + closer + chunk[at:], closer, f"its closing '{closer}' is missing after line {after}"
    return None


def _only_entry_open(chunk: str, paren: bool) -> bool:
    """Whether the entry's own delimiter is all that is left open at the end of *chunk*."""
    stack = 0
    for match in _BRACES.finditer(chunk):
        stack = stack + 1 if match.group() == "{" else max(stack - 1, 0)
    return stack == (0 if paren else 1) and _top_level_quotes(chunk, paren) % 2 == 0


def _reason(chunk: str, line: int, paren: bool, error: Exception | None, alone: _Scanner, run_on: str = "") -> str:
    """What is wrong with a broken entry, in words that say what to fix."""
    opened, closed = chunk.count("{"), chunk.count("}")
    if opened != closed:
        return f"unbalanced braces ({opened} '{{' against {closed} '}}'){run_on or _unclosed(chunk, line, paren)}"
    field_name = alone.current_field_name
    quotes = _top_level_quotes(chunk, paren)
    if quotes % 2:
        of = f" of '{field_name}'" if field_name else ""
        return f"a quoted value{of} is not closed ({quotes} '\"' outside braces)"
    if error is None:
        return run_on.removeprefix(": ")
    at = getattr(error, "lineno", None) or line
    if isinstance(error, PrematureEOF):
        return f"its closing '{')' if paren else '}'}' is missing"
    if isinstance(error, TokenRequired) and field_name:
        expected = str(error.args[0])
        following = _FIELD_AHEAD.match(chunk, alone.pos)
        if expected in ("'}' expected", "')' expected"):
            if following:
                return f"missing comma after the value of '{field_name}', before '{following.group(1)}' at line {at}"
            unexpected = chunk[alone.pos :].split("\n", 1)[0].strip()[:30]
            return f"unexpected '{unexpected}' after the value of '{field_name}' at line {at}"
        if expected == "'=' expected":
            return f"missing '=' after the field name '{field_name}' at line {at}"
        if expected == "field value expected":
            return f"the field '{field_name}' has no value (line {at})"
    message = re.sub(r"^syntax error in line \d+: ", "", _describe(error))
    return f"{message} (line {at})"


def _run_on(command: str, body: Any, field_lines: list[int]) -> str:
    """Where a value of a repaired entry runs on past its own field: into what looks like
    the next field, or to a "}" that by its layout is the entry's own. "" if none does."""
    fields = [body] if command.lower() == "string" else body[1] if command.lower() != "preamble" else []
    for index, (name, parts) in enumerate(fields):
        value = "".join(parts)
        start = field_lines[index] if index < len(field_lines) else 0
        inner = _FIELD_INSIDE.search(value)
        if inner:
            at = start + value[: inner.start(1)].count("\n")
            return f": the value of '{name}' (line {start}) runs on into '{inner.group(1)}' at line {at}"
        if _RUNS_TO_CLOSE.search(value):
            at = start + value.count("\n")
            return (
                f": the value of '{name}' (line {start}) runs on to the '}}' at line {at}, "
                "which looks like the entry's own"
            )
    return ""


def _unclosed(chunk: str, line: int, paren: bool) -> str:
    """Which brace of an entry with more '{' than '}' is never closed."""
    stack = []
    for match in _BRACES.finditer(chunk):
        if match.group() == "{":
            stack.append(match.start())
        elif stack:
            stack.pop()
    inner = stack if paren else stack[1:]  # a brace entry's own "{" is the first
    if inner:
        return f": the '{{' at line {line + chunk.count(chr(10), 0, inner[0])} is never closed"
    if stack:  # which of the two, the braces cannot tell (a missing "}" alone is repaired)
        return ": a '{' in it is never closed, or its own closing '}' is missing"
    return ""


def _top_level_quotes(chunk: str, paren: bool) -> int:
    """The '"' outside braces in an entry's body: an odd count is a quote left open."""
    top = 0 if paren else 1
    depth, count = 0, 0
    for match in _QUOTES_AND_BRACES.finditer(chunk):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == top:
            count += 1
    return count


def _describe(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[-1] if text else type(error).__name__
