"""Author names: display form, contribution markers, and owner matching.

Pure module. Names come from pybtex's :class:`~pybtex.database.Person` parts (first,
middle, von, last, jr), never from substrings of the author field, so "Ya-Qin Zhang"
can never be taken for "Jianqing Zhang". Matching compares normalised parts: LaTeX
decoded, accents folded, case folded, nicknames in parentheses ("Jianqing (Tsing)
Zhang") accepted as alternative given names, and initials ("Zhang, J.") matched
against full given names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pybtex.database import Person

from .latexmarkup import to_text

#: al-folio and others append these to a name for equal contribution or
#: corresponding authorship: "Zhang, Jianqing*", "Jianqing Zhang$^\dagger$"
_MARKER_TAIL = re.compile(
    r"(?:\$\^\{?(?P<math>[^${}]+)\}?\$|\\textsuperscript\{(?P<sup>[^}]*)\}"
    r"|\^\{?(?P<caret>[*†‡#§¶]+)\}?|(?P<plain>[*†‡#§¶]+)|\\(?P<cmd>dag|ddag|dagger|ddagger)(?:\{\})?)$"
)
_MARKER_SYMBOL = {"dag": "†", "ddag": "‡", "dagger": "†", "ddagger": "‡", "\\dagger": "†", "\\ddagger": "‡"}


@dataclass(frozen=True)
class Author:
    """One author as shown: the display name and any contribution markers."""

    first: str  #: given names (and middle names), decoded
    last: str  #: von part + last name + jr part, decoded
    markers: str = ""  #: "*", "†", ... as written after the name
    key: tuple[tuple[str, ...], str] = field(default=((), ""), compare=False)

    @property
    def display(self) -> str:
        if not self.first:
            return self.last
        if _is_cjk(self.first) and _is_cjk(self.last):
            return self.last + self.first  # 张伟: family name first, no space
        return f"{self.first} {self.last}"


def _is_cjk(text: str) -> bool:
    return bool(text) and all("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]", "", stripped.casefold())


def split_markers(raw: str) -> tuple[str, str]:
    """Split trailing contribution markers off a name part: ``"Jianqing*"`` → ``("Jianqing", "*")``."""
    markers: list[str] = []
    rest = raw.rstrip()
    while True:
        match = _MARKER_TAIL.search(rest)
        if not match or match.start() == 0:
            break
        value = next(v for v in match.groupdict().values() if v is not None).strip()
        markers.insert(0, _MARKER_SYMBOL.get(value, value))
        rest = rest[: match.start()].rstrip()
    return rest, "".join(markers)


def _decode_parts(parts: Iterable[str]) -> list[str]:
    return [text for text in (to_text(part) for part in parts) if text]


def author_from_person(person: Person) -> Author:
    """Build the display :class:`Author` of a pybtex person, markers split off."""
    return _author(
        tuple(person.first_names) + tuple(person.middle_names),
        tuple(person.prelast_names),
        tuple(person.last_names),
        tuple(person.lineage_names),
    )


@lru_cache(maxsize=65536)
def _author(given: tuple[str, ...], von: tuple[str, ...], last_names: tuple[str, ...], jr: tuple[str, ...]) -> Author:
    # co-authors recur across entries: each distinct name is decoded once
    first_parts = list(given)
    last_parts = list(von) + list(last_names) + list(jr)
    markers = ""
    # a marker ends whichever part was written last: "Yuan*, Zhihang", "Zhang, J.*", "J. Zhang$^\\dagger$"
    for parts in (last_parts, first_parts):
        if parts:
            parts[-1], found = split_markers(parts[-1])
            markers += found
    first = " ".join(_decode_parts(p for p in first_parts if p))
    von_last = list(von) + list(last_names)
    last = " ".join(_decode_parts(last_parts))
    return Author(first=first, last=last, markers=markers, key=name_key(first_parts, von_last))


def name_key(first_parts: Sequence[str], last_parts: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """Normalised (given-name tokens, last name) used for matching."""
    given: list[str] = []
    for part in first_parts:
        part, _ = split_markers(part)
        text = to_text(part)
        for token in re.split(r"[\s]+", text):
            if token.startswith("(") and token.endswith(")"):
                token = token[1:-1]  # a nickname counts as a given name of its own
            folded = _fold(token)
            if folded:
                given.append(folded if not _is_initial(token) else folded[:1] + ".")
    last_text = " ".join(to_text(split_markers(p)[0]) for p in last_parts)
    return tuple(given), _fold(last_text)


def _is_initial(token: str) -> bool:
    letters = re.sub(r"[\W_]", "", token)
    return len(letters) <= 1 or (token.endswith(".") and len(letters) <= 2) or bool(
        re.fullmatch(r"(\w\.)+(-\w\.)*", token)
    )


def parse_name(name: str) -> tuple[tuple[str, ...], str]:
    """Normalised key of a name written as in BibTeX ("Zhang, J." or "Jianqing Zhang")."""
    person = Person(name)
    return name_key(
        list(person.first_names) + list(person.middle_names),
        list(person.prelast_names) + list(person.last_names),
    )


class NameMatcher:
    """Decides whether an author is one of a set of people (the owner, a lab).

    Each person is given by name variants; variants of one person share their full
    given names, so a bare initial variant ("Zhang, J.") never lets another full
    given name ("Jie Zhang") through when a full one ("Jianqing") is known.
    """

    def __init__(self, people: Sequence[Sequence[str]]) -> None:
        self._people: list[tuple[set[str], set[tuple[tuple[str, ...], str]]]] = []
        for variants in people:
            keys = {parse_name(v) for v in variants if v.strip()}
            keys = {k for k in keys if k[1]}
            if not keys:
                continue
            full = {given[0] for given, _ in keys if given and not given[0].endswith(".")}
            # a nickname variant "Jianqing (Tsing) Zhang" adds "tsing" as a full given name
            for given, _ in keys:
                full.update(g for g in given[1:] if not g.endswith("."))
            self._people.append((full, keys))

    def __bool__(self) -> bool:
        return bool(self._people)

    def describe(self) -> list[str]:
        """A stable description of whom this matcher matches (for cache keys)."""
        return [repr((sorted(full), sorted(keys))) for full, keys in self._people]

    def matches(self, key: tuple[tuple[str, ...], str]) -> bool:
        given, last = key
        if not last:
            return False
        for full_names, variants in self._people:
            for v_given, v_last in variants:
                if v_last != last:
                    continue
                if _given_compatible(given, v_given, full_names):
                    return True
        return False


def _given_compatible(given: tuple[str, ...], variant: tuple[str, ...], full_names: set[str]) -> bool:
    if not given or not variant:
        # "Zhang" alone, or a one-part name such as a Chinese name in Hanzi
        return not given and not variant
    first = given[0]
    if first.endswith("."):
        # an initial in the entry: it must agree with the variant's first given name
        return first[0] == variant[0][0]
    if full_names:
        # a full given name in the entry: it must be one of the person's full names,
        # or spell them run together ("Ya-Qin" folds to "yaqin")
        joined = "".join(g for g in given if not g.endswith("."))
        return first in full_names or joined in full_names
    # only initials are known for the person
    return first[0] == variant[0][0]
