"""The one place that knows sphinxcontrib-bibtex's data: loading and recovering ``.bib`` files.

sphinxcontrib-bibtex parses ``bibtex_bibfiles`` on ``builder-inited`` and caches the
result in its ``cite`` domain, re-parsing only when a file's mtime changes. Its
strict pybtex parse stops at the first duplicate key and raises on an unbalanced
brace. We run just before it (event priority 400) and, when its cache is stale, fill
that same cache ourselves: pybtex parses the file with its errors captured, and if
an entry went missing (swallowed by an unbalanced brace, or cut off by a syntax
error) the file is parsed again entry by entry so that one broken entry costs only
itself. Every problem is a warning with the file and line. sphinxcontrib-bibtex then
finds its cache up to date and carries on as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pybtex.errors
from pybtex.database import BibliographyData, BibliographyDataError
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime, is_bibdata_outdated

from .deferred import DeferredState

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: the start of an entry: "@article{key," at the start of a line
_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s{}()=\"#%'~\\]*)", re.M)
_NOT_ENTRIES = frozenset({"string", "preamble", "comment"})


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
class LoadResult:
    data: BibliographyData
    bibfiles: dict[Path, BibFile]
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)  #: key -> (file, line)
    problems: list[Problem] = field(default_factory=list)


def bibfile_paths(app: Sphinx) -> list[Path]:
    """The .bib files, resolved exactly as sphinxcontrib-bibtex resolves them."""
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or []]


def cite_domain(env: BuildEnvironment) -> Any:
    return env.get_domain("cite")


def is_outdated(app: Sphinx) -> bool:
    return is_bibdata_outdated(cite_domain(app.env).bibdata, bibfile_paths(app), app.config.bibtex_encoding)


def entries(env: BuildEnvironment) -> dict[str, Entry]:
    """The parsed entries, by key, in file order."""
    return cite_domain(env).bibdata.data.entries


def parsed_files(env: BuildEnvironment) -> list[Path]:
    """The resolved paths of the .bib files, in configuration order."""
    return list(cite_domain(env).bibdata.bibfiles)


class DeferredBibliographyData(DeferredState, BibliographyData):
    """pybtex's parsed data as sphinxcontrib-bibtex keeps it, but pickled with the
    environment as one byte string that is unpickled only when something reads it: a
    rebuild in which no entry changed never does (see :mod:`.deferred`)."""


def store(app: Sphinx, result: LoadResult) -> None:
    """Hand the parsed data to sphinxcontrib-bibtex's cache."""
    data = DeferredBibliographyData.__new__(DeferredBibliographyData)
    data.__dict__.update(result.data.__dict__)
    cite_domain(app.env).data["bibdata"] = BibData(
        encoding=app.config.bibtex_encoding, bibfiles=result.bibfiles, data=data
    )


def scan_entries(text: str) -> list[tuple[str, str, int, int]]:
    """(type, key, line, offset) of every "@type{key," that starts a line."""
    found = []
    line, counted = 1, 0
    for match in _ENTRY_START.finditer(text):
        line += text.count("\n", counted, match.start())  # count each stretch once: linear
        counted = match.start()
        found.append((match.group(1).lower(), match.group(2), line, match.start()))
    return found


def _line_of_error(error: Exception, base_line: int) -> int:
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int) and lineno > 0:
        return base_line + lineno - 1
    return 0


def _describe(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[-1] if text else type(error).__name__


def load(paths: list[Path], encoding: str, shown: dict[Path, str]) -> LoadResult:
    """Parse *paths* with pybtex, recovering from errors; *shown* gives display names."""
    parser = Parser(encoding)
    result = LoadResult(data=parser.data, bibfiles={})
    for path in paths:
        name = shown.get(path, str(path))
        before = set(parser.data.entries.keys())
        try:
            text = path.read_text(encoding=encoding)
        except FileNotFoundError:
            result.problems.append(Problem(name, 0, f"bibliography file {path} not found (listed in bibtex_bibfiles)", "bibfile_missing"))
            result.bibfiles[path] = BibFile(mtime=get_mtime(path), keys={})
            continue
        except (OSError, UnicodeDecodeError) as exc:
            result.problems.append(Problem(name, 0, f"cannot read bibliography file {path}: {exc}", "bibfile_error"))
            result.bibfiles[path] = BibFile(mtime=get_mtime(path), keys={})
            continue
        starts = scan_entries(text)
        expected = [(key, line) for type_, key, line, _ in starts if type_ not in _NOT_ENTRIES and key]
        snapshot = (dict(parser.data.entries), dict(parser.macros))
        with pybtex.errors.capture() as errors:
            parser.parse_string(text)
        lower_keys = {k.lower() for k in parser.data.entries.keys()}
        missing = [(k, line) for k, line in expected if k.lower() not in lower_keys]
        if missing:
            # something swallowed entries: parse again, one entry at a time
            parser.data.entries.clear()
            parser.data.entries.update(snapshot[0])
            parser.macros.clear()
            parser.macros.update(snapshot[1])
            _parse_chunks(parser, text, starts, name, result)
        else:
            _report_errors(errors, 1, "", name, result, starts)
        _record_lines(expected, name, result, parser.data.entries, before)
        new_keys = {k: None for k in parser.data.entries.keys() if k not in before}
        result.bibfiles[path] = BibFile(mtime=get_mtime(path), keys=new_keys)
    return result


def _parse_chunks(
    parser: Parser, text: str, starts: list[tuple[str, str, int, int]], name: str, result: LoadResult
) -> None:
    """Parse each entry on its own, so that a broken one cannot swallow the rest."""
    bounds = [offset for *_, offset in starts] + [len(text)]
    entries = parser.data.entries
    for (type_, key, line, _), begin, end in zip(starts, bounds, bounds[1:]):
        chunk = text[begin:end]
        had = bool(key) and key in entries
        with pybtex.errors.capture() as errors:
            parser.parse_string(chunk)
        if type_ in _NOT_ENTRIES or had:
            _report_errors(errors, line, key, name, result)
            continue
        syntax = [e for e in errors if isinstance(e, PybtexSyntaxError)]
        if key and key in entries and not syntax:
            _report_errors(errors, line, key, name, result)
            continue
        if key and key in entries:
            del entries[key]  # a half-read entry would show garbage; say so instead
        opened, closed = chunk.count("{") - chunk.count("\\{"), chunk.count("}") - chunk.count("\\}")
        reason = "; ".join(_describe(e) for e in syntax) or "not a valid entry"
        if opened != closed:
            reason = f"unbalanced braces ({opened} '{{' against {closed} '}}')"
        result.problems.append(
            Problem(
                name,
                line,
                f"entry {key!r} could not be parsed and is skipped: {reason}. "
                "The entries after it are read on their own, so it swallows nothing else.",
                "syntax_error",
                key,
            )
        )


def _report_errors(
    errors: list[Exception],
    base_line: int,
    key: str,
    name: str,
    result: LoadResult,
    starts: list[tuple[str, str, int, int]] | None = None,
) -> None:
    for error in errors:
        message = _describe(error)
        if isinstance(error, BibliographyDataError) and message.startswith("repeated bibliography entry"):
            dup = message.rsplit(":", 1)[-1].strip()
            result.problems.append(
                Problem(name, 0, f"duplicate key {dup!r}: only the first entry with this key is used", "duplicate_key", dup)
            )
        elif isinstance(error, PybtexSyntaxError):
            line = _line_of_error(error, base_line) or base_line
            where = key or next((k for _, k, start, _ in reversed(starts or []) if start <= line), "")
            message = re.sub(r"^syntax error in line \d+: ", "", message)
            text = f"BibTeX syntax error in entry {where!r}: {message}" if where else f"BibTeX syntax error: {message}"
            result.problems.append(
                Problem(name, line, text + " (the rest of that entry is ignored)", "syntax_error", where)
            )
        else:
            result.problems.append(Problem(name, base_line if key else 0, f"{message}", "data_error", key))


def _record_lines(
    expected: list[tuple[str, int]], name: str, result: LoadResult, parsed: Any, before: set[str]
) -> None:
    seen: dict[str, int] = {}
    canonical = {k.lower(): k for k in parsed.keys()}
    for key, line in expected:
        real = canonical.get(key.lower())
        if real is None or real in before:
            continue
        if key.lower() in seen:
            # point the duplicate-key warning at the second occurrence
            for problem in result.problems:
                if problem.subtype == "duplicate_key" and problem.key.lower() == key.lower() and not problem.line:
                    problem.line = line
                    problem.message += f" (first defined at line {seen[key.lower()]})"
                    break
            continue
        seen[key.lower()] = line
        result.lines.setdefault(real, (name, line))


def filter_matches(expression: Any, entry: Entry, docname: str) -> bool:
    """Evaluate a parsed ``:filter:`` expression with sphinxcontrib-bibtex's evaluator."""
    from sphinxcontrib.bibtex.domain import _FilterVisitor

    return bool(_FilterVisitor(entry, docname, set()).visit(expression))


def check_filter(expression: Any) -> str:
    """An error message if *expression* is not a filter sphinxcontrib-bibtex can evaluate."""
    from pybtex.database import Entry

    try:
        filter_matches(expression, Entry("misc"), "")
    except (ValueError, TypeError) as exc:
        return str(exc)
    return ""
