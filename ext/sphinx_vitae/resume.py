"""CV entries from a JSON Resume file (https://jsonresume.org/schema): reading and checking. Pure module.

:func:`load` reads the file's text: bad JSON is one :class:`Problem` with its line and
column, never an exception. :func:`section` turns one part of it (``education``, ``work``,
...) into :class:`Entry` records, checking each field it reads: a date must be ISO 8601 as
JSON Resume writes it (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; ``present`` as an end), a text
a string, a list a list, and the field that names the entry must be there. Each problem
names its JSON path (``work[2].startDate``); a bad date is shown as written, an entry
without its name is skipped. Nothing here imports Sphinx: :mod:`.cv` reports the problems.

JSON Resume declares no required field and allows any extra one, so the schema itself
would accept almost everything; the checks here are the ones a CV needs. The file is
accepted as al-folio writes it (``assets/json/resume.json``): ``"present"`` as an end date,
empty strings for fields not filled in, and its awards' ``startdate`` / ``enddate``.
Beyond the schema, ``presentations`` (or ``talks``), ``teaching`` and ``service`` are read
with the same fields as ``work``/``projects``, and a work entry with ``"type": "internship"``
belongs to the ``internships`` section instead of ``work``.
"""

from __future__ import annotations

import bisect
import calendar
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file: *path* is its JSON path (``work[2].startDate``), or ``""``."""

    path: str
    message: str
    line: int | None = None  #: for a JSON syntax error

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True, order=True)
class Date:
    """A date as precise as written: a year, a month or a day."""

    year: int
    month: int = 0  #: 0: not given
    day: int = 0

    def __str__(self) -> str:
        if self.month and not (self.month == 1 and self.day == 1):  # "-01-01" is how a year is often written
            return f"{calendar.month_abbr[self.month]} {self.year}"
        return str(self.year)


#: an end that has not come: sorts after every date
PRESENT = Date(9999, 12, 31)

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(text: str, end: bool = False) -> Date | None:
    """*text* as a :class:`Date` (``present``/``now``/``current`` as an *end*), or None if it is not one."""
    text = text.strip()
    if end and text.lower() in {"present", "now", "current", "ongoing"}:
        return PRESENT
    match = _ISO.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(part) if part else 0 for part in match.groups())
    if match.group(2) and not 1 <= month <= 12:
        return None
    if match.group(3) and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return Date(year, month, day)


def show_dates(start: Date | None, end: Date | None, raw: tuple[str, str] = ("", ""), open_ended: bool = False) -> str:
    """ "Sep 2019 – Jun 2023", "2019 – present", "2023": what the dates column shows.

    *raw* holds the texts of dates that could not be read, shown as written; with
    *open_ended*, a start without an end is ongoing.
    """
    first = str(start) if start else raw[0]
    last = "present" if end == PRESENT else (str(end) if end else raw[1])
    if first and not last and open_ended:
        last = "present"
    if first and last:
        return first if first == last else f"{first} – {last}"
    return first or last


@dataclass(frozen=True)
class Entry:
    """One dated line of a CV, from a JSON Resume item or a ``cv-entry`` directive."""

    title: str  #: the institution, organisation, award, talk, ...
    role: str = ""  #: degree, position, fluency, ...
    where: str = ""  #: location, awarder, event
    start: Date | None = None
    end: Date | None = None
    dates_text: str = ""  #: as shown (already formatted)
    url: str = ""
    summary: str = ""  #: inline Markdown, as JSON Resume themes read it
    highlights: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    type: str = ""
    path: str = ""  #: where in the file: ``education[1]``
    index: int = 0  #: position in the file's list

    @property
    def sort_date(self) -> Date | None:
        return self.start or (self.end if self.end != PRESENT else None) or self.end


class _Reader:
    """The checked fields of one item; every problem lands in :attr:`problems` with its path."""

    def __init__(self, item: Mapping[str, Any], path: str, problems: list[Problem]) -> None:
        self.item, self.path, self.problems = item, path, problems

    def note(self, name: str, message: str) -> None:
        self.problems.append(Problem(f"{self.path}.{name}" if name else self.path, message))

    def text(self, name: str) -> str:
        value = self.item.get(name)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.note(name, f"should be a text, not {_kind(value)}; left out")
            return ""
        return str(value).strip()

    def texts(self, name: str) -> list[str]:
        value = self.item.get(name)
        if value is None:
            return []
        if isinstance(value, str):  # one item written without its list
            self.note(name, "should be a list of texts, not a text; read as a list of one")
            return [value.strip()] if value.strip() else []
        if not isinstance(value, list):
            self.note(name, f"should be a list of texts, not {_kind(value)}; left out")
            return []
        out = []
        for index, element in enumerate(value):
            if isinstance(element, bool) or not isinstance(element, (str, int, float)):
                self.note(f"{name}[{index}]", f"should be a text, not {_kind(element)}; left out")
            elif str(element).strip():
                out.append(str(element).strip())
        return out

    def first_text(self, names: Iterable[str]) -> tuple[str, str]:
        for name in names:
            value = self.text(name)
            if value:
                return name, value
        return "", ""

    def date(self, names: Sequence[str], end: bool) -> tuple[Date | None, str, str]:
        """The first of the fields *names* that is given, read as a date: (date, text if unreadable, its field)."""
        name, raw = self.first_text(names)
        if not raw:
            return None, "", ""
        parsed = parse_date(raw, end=end)
        if parsed is None:
            forms = "YYYY, YYYY-MM or YYYY-MM-DD" + (", or present" if end else "")
            self.note(name, f"{raw!r} is not a date ({forms}); shown as written")
            return None, raw, name
        return parsed, "", name


# -- what each section reads ---------------------------------------------------------------------

Role = Callable[["_Reader"], str]


def _first(*names: str) -> Role:
    return lambda read: read.first_text(names)[1]


def _degree(read: _Reader) -> str:
    kind, area = read.text("studyType"), read.text("area")
    return f"{kind} in {area}" if kind and area else kind or area


def _roles(read: _Reader) -> str:
    return ", ".join(read.texts("roles"))


def _no_role(read: _Reader) -> str:
    return ""


def _any(kind: str) -> bool:
    return True


@dataclass(frozen=True)
class Section:
    """Where a CV section's entries are in a JSON Resume and which fields make an entry."""

    keys: tuple[str, ...]  #: the top-level lists it reads (the first present one)
    title: tuple[str, ...]  #: the field naming the entry (first present); required
    role: Role = _no_role
    where: tuple[str, ...] = ("location",)
    start: tuple[str, ...] = ("startDate",)
    end: tuple[str, ...] = ("endDate",)
    #: a start without an end is ongoing ("2021 – present"); else it is a single date
    open_ended: bool = True
    summary: tuple[str, ...] = ("summary",)
    lists: tuple[str, ...] = ("highlights",)
    keywords: tuple[str, ...] = ("keywords",)
    dated: bool = True
    type_filter: Callable[[str], bool] = _any


_WORK = dict(role=_first("position"), summary=("summary", "description"))
_ONE_DATE = dict(open_ended=False)

SECTIONS: dict[str, Section] = {
    "education": Section(("education",), ("institution",), role=_degree, lists=("courses", "highlights")),
    "work": Section(("work",), ("name", "company"), type_filter=lambda kind: kind != "internship",
                    **_WORK),  # type: ignore[arg-type]
    "internships": Section(("work",), ("name", "company"), type_filter=lambda kind: kind == "internship",
                           **_WORK),  # type: ignore[arg-type]
    "volunteer": Section(("volunteer",), ("organization",), role=_first("position")),
    "awards": Section(("awards",), ("title",), where=("awarder",), start=("date", "startDate", "startdate"),
                      end=("endDate", "enddate"), open_ended=False),
    "certificates": Section(("certificates",), ("name",), where=("issuer",), start=("date",), end=(),
                            open_ended=False),
    "talks": Section(("presentations", "talks"), ("name", "title"), role=_first("event"),
                     start=("date", "startDate"), open_ended=False),
    "teaching": Section(("teaching",), ("course", "name"), role=_first("role", "position"),
                        where=("institution", "location")),
    "service": Section(("service",), ("name", "organization"), role=_first("role", "position")),
    "projects": Section(("projects",), ("name",), role=_roles, where=("entity",),
                        summary=("description", "summary")),
    "skills": Section(("skills",), ("name",), role=_first("level"), dated=False),
    "languages": Section(("languages",), ("language",), role=_first("fluency"), dated=False, lists=(),
                         keywords=()),
    "interests": Section(("interests",), ("name",), dated=False, lists=()),
}  # fmt: skip

#: other names of sections
ALIASES = {"positions": "work", "presentations": "talks", "internship": "internships"}


def section_name(name: str) -> str | None:
    """The section *name* means (case-blind, with :data:`ALIASES`), or None."""
    name = name.strip().lower()
    name = ALIASES.get(name, name)
    return name if name in SECTIONS else None


# -- reading ---------------------------------------------------------------------------------------


def load(text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The top-level object of a JSON Resume, or None and the problem (with its line)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem("", f"not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}", exc.lineno)]
    except RecursionError:
        return None, [Problem("", "not valid JSON: nested too deeply")]
    if not isinstance(data, dict):
        return None, [Problem("", f"a JSON Resume is an object ({{...}}), not {_kind(data)}")]
    return data, []


_SPACE = re.compile(r"[ \t\n\r]*")


def value_lines(text: str) -> dict[str, int]:
    """The line of every value of valid JSON *text*, by JSON path (``work[2].startDate``).

    The standard parser keeps no positions; this walks the text once more, reading each
    key and scalar with the standard decoder, only when a problem needs its line.
    """
    decoder = json.JSONDecoder()
    newlines = [m.start() for m in re.finditer("\n", text)]
    lines: dict[str, int] = {}

    def line_at(pos: int) -> int:
        return bisect.bisect_right(newlines, pos - 1) + 1

    def skip(pos: int) -> int:
        return _SPACE.match(text, pos).end()  # type: ignore[union-attr]

    def walk(pos: int, path: str) -> int:
        pos = skip(pos)
        if path:
            lines[path] = line_at(pos)
        opener = text[pos : pos + 1]
        if opener not in ("{", "["):
            return decoder.raw_decode(text, pos)[1]
        closer, pos, index = ("}" if opener == "{" else "]"), skip(pos + 1), 0
        while text[pos] != closer:
            if opener == "{":
                key, pos = decoder.raw_decode(text, pos)
                pos = skip(skip(pos) + 1)  # the colon
                child = f"{path}.{key}" if path else str(key)
            else:
                child = f"{path}[{index}]"
            pos = skip(walk(pos, child))
            index += 1
            if text[pos] == ",":
                pos = skip(pos + 1)
        return pos + 1

    try:
        walk(0, "")
    except (ValueError, IndexError, RecursionError):  # not valid JSON after all: no lines
        pass
    return lines


def line_of(lines: Mapping[str, int], path: str) -> int | None:
    """The line of *path*, else of the nearest value around it that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", path) if re.search(r"(\.[^.\[]*|\[\d+\])$", path) else ""
    return None


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


def section(data: Mapping[str, Any], name: str) -> tuple[list[Entry], list[Problem]]:
    """The entries of section *name* (a key of :data:`SECTIONS`), in file order, and the problems met."""
    spec = SECTIONS[name]
    problems: list[Problem] = []
    key = next((k for k in spec.keys if k in data), spec.keys[0])
    items = data.get(key)
    if items is None:
        return [], problems
    if not isinstance(items, list):
        return [], [Problem(key, f"should be a list of entries, not {_kind(items)}; nothing shown")]
    entries = []
    for index, item in enumerate(items):
        path = f"{key}[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(path, f"should be an object ({{...}}), not {_kind(item)}; skipped"))
            continue
        read = _Reader(item, path, problems)
        kind = read.text("type").lower()
        if not spec.type_filter(kind):
            continue
        _, title = read.first_text(spec.title)
        if not title:
            names = " or ".join(repr(n) for n in spec.title)
            read.note("", f"has no {names}; skipped")
            continue
        start, raw_start, _ = read.date(spec.start, end=False) if spec.dated else (None, "", "")
        end, raw_end, end_name = read.date(spec.end, end=True) if spec.dated and spec.end else (None, "", "")
        if start and end and end < start:
            read.note(end_name, f"{end} is before the start, {start}")
        lists: list[str] = []
        for list_name in spec.lists:
            lists += read.texts(list_name)
        summary = read.first_text(spec.summary)[1]
        entries.append(
            Entry(
                title=title,
                role=spec.role(read),
                where=read.first_text(spec.where)[1],
                start=start,
                end=end,
                dates_text=show_dates(start, end, (raw_start, raw_end), spec.open_ended),
                url=read.text("url"),
                summary=summary,
                highlights=tuple(lists),
                keywords=tuple(k for n in spec.keywords for k in read.texts(n)),
                type=kind,
                path=path,
                index=index,
            )
        )
    return entries, problems


SORTS = ("newest", "oldest", "given")


def ordered(entries: Iterable[Entry], sort: str = "newest") -> list[Entry]:
    """*entries* newest first by start date (an entry with only an end: by its end; undated ones
    last, in file order), ``oldest`` first, or as ``given``."""
    entries = list(entries)
    if sort == "given":
        return entries
    dated = [e for e in entries if e.sort_date is not None]
    undated = [e for e in entries if e.sort_date is None]
    never = Date(0)
    dated.sort(key=lambda e: (e.sort_date or never, e.end or never), reverse=(sort == "newest"))
    return dated + undated


@dataclass
class Interval:
    """The ``:dates:`` of a ``cv-entry``: ``2019-09 – 2023-06``, ``2020 - present``, ``2021``."""

    start: Date | None = None
    end: Date | None = None
    problems: list[str] = field(default_factory=list)


_RANGE = re.compile(r"\s*(?:–|—|\s-\s|/|\bto\b|\s--\s)\s*")


def parse_interval(text: str) -> Interval:
    """Read a ``:dates:`` option; each part that is not a date is named in :attr:`Interval.problems`."""
    parts = [part.strip() for part in _RANGE.split(text.strip(), maxsplit=1)]
    result = Interval()
    if len(parts) == 2 and parts[0] == "":
        parts = parts[1:]  # "– 2023": an end only
        result.end = parse_date(parts[0], end=True)
        if result.end is None:
            result.problems.append(parts[0])
        return result
    result.start = parse_date(parts[0]) if parts[0] else None
    if parts[0] and result.start is None:
        result.problems.append(parts[0])
    if len(parts) == 2:
        result.end = parse_date(parts[1], end=True)
        if result.end is None:
            result.problems.append(parts[1])
    elif result.start is not None:
        result.end = result.start
    return result
