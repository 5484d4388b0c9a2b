"""Author names: display form, contribution markers, and owner matching.

Pure module. Names come from pybtex's :class:`~pybtex.database.Person` parts (first,
middle, von, last, jr), never from substrings of the author field, so "Ya-Qin Zhang"
can never be taken for "Jianqing Zhang" and "Zhang" never for "Zhangwei".

Every name becomes a :class:`NameKey`: its family name (von part and last name) as folded
words, and its given names as folded *parts*, each a full name ("jin") or an abbreviation
("j."). Folding decodes LaTeX (``Nguy{\\~{e}}n``), drops accents and case, and maps the
letters Unicode does not decompose (đ, ø, ł, æ, ß ...). Hyphens split parts, so
"Jin-Kyu" = "Jin Kyu", and "J.-K." = "J. K." = "JK" (an all-capital token of two or
three letters counts as initials only where that is clear: the family name is not in
capitals too, or the token has no vowel).

Matching is strict, as in al-folio (a wrong person in bold is worse than a variant the
owner must add). An author is a person when, for one of the person's variants:

* the family names are the same words. The split between given and family name may
  differ only by words both names have, in the same order: "García Márquez, Gabriel" =
  "Gabriel García Márquez", "van der Berg, Jan" = "Jan van der Berg" = "Berg, Jan van der";
  but "Berg, Jan" is not "Jan van der Berg";
* the given names agree part by part, with the same number of parts: "Nguyen, Trung
  Thanh" is neither "Nguyen, Thanh Hung" nor "Nguyen, Trung Kien" nor "Nguyen, Trung".
  Names written in full may differ in how they join their parts ("Ya-Qin" = "Yaqin" =
  "Ya Qin"). A hyphenated name is one name that may also be abbreviated piece by piece:
  "Ya-Qin" is "Y." and "Y.-Q." (= "Y. Q." = "YQ"); "Yaqin" is only "Y." (its syllables are
  unknown), and "Ya Qin", two names, is only "Y. Q." (as "Trung Thanh" is "T. T.", never "T.");
* an abbreviation agrees with a name it begins ("T." with "Trung", "Th." with "Thanh").
  An author's abbreviation may meet a variant's full name ("Nguyen, T. T." is "Trung Thanh
  Nguyen"). An author's full name may meet a variant's abbreviation only when no variant of
  the person has full given names: once "Jianqing" is known, "Zhang, J." no longer lets
  "Jie Zhang" through;
* a single given name is not a name with a middle initial: "Ada Lovelace" is not "Ada B.
  Lovelace" (add the variant). A variant without given names ("Lovelace") only matches an
  author written without given names, never every Lovelace;
* a nickname counts only where written as one, in parentheses or quotes: "Jianqing (Tsing)
  Zhang" stands for "Jianqing Zhang" and "Tsing Zhang";
* lineage ("Jr.") must agree when both names have one.

Names written wholly in CJK characters compare as one string, family name first: "张建清"
(one token, as pybtex reads it) = "张, 建清" (family, given). Family-name-first romanised
names need the comma ("Zhang, Jianqing"); without it pybtex reads the last word as the
family name, and so do we. "and others" is an :class:`Author` with ``is_others`` set that
no matcher ever matches.

Contribution markers (``*``, ``†`` ...) are split off the *decoded* text of each name
token, wherever the name was written: "Zhang, Jianqing*", "Jianqing Zhang$^\\dagger$",
"Zhang\\textsuperscript{*}", "Zhang^*", and after a space, "Dmitry Ryumin *†" (which
pybtex reads as a last name "*†") or "Ryumin, Dmitry *".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from pybtex.database import Person
from pybtex.exceptions import PybtexError

from .latexmarkup import parse, to_text

#: symbols that mark equal contribution, corresponding authorship and the like
_MARK_CHARS = "*†‡#§¶"
#: markers at the end of decoded text: "Zhang*", "Zhang^*", "Zhang^{*}", "Zhang *†"
_MARKER_TAIL = re.compile(rf"\s*\^?\{{?(?P<marks>[{_MARK_CHARS}]+)\}}?\s*$")
#: letters NFKD does not decompose into a base letter and an accent
_LETTERS = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"})
_HYPHENS = re.compile(r"[-‐‑‒–]")
#: a nickname written as such: "(Tsing)", "“Bill”", '"Bill"'
_NICKNAME = re.compile(r"\(([^()]*)\)|“([^”]*)”|\"([^\"]*)\"")
_VOWELS = set("aeiouy")


class NameKey(NamedTuple):
    """A name normalised for matching; equal keys are the same name written alike."""

    given: tuple[str, ...]  #: folded given-name parts, "j." for an abbreviation
    family: str  #: folded family-name words (von part + last name), space separated
    nicknames: tuple[tuple[str, ...], ...] = ()  #: given-name parts of each nickname
    jr: str = ""  #: folded lineage ("jr")


_NOBODY = NameKey((), "")


@dataclass(frozen=True)
class Author:
    """One author as shown: the display name and any contribution markers."""

    first: str  #: given names (and middle names), decoded
    last: str  #: von part + last name + jr part, decoded
    markers: str = ""  #: "*", "†", ... as written after the name
    key: NameKey = field(default=_NOBODY, compare=False)
    is_others: bool = False  #: BibTeX's "and others": shown as "et al.", never matched

    @property
    def display(self) -> str:
        if self.is_others:
            return "et al."
        if not self.first:
            return self.last
        if _is_cjk(self.first) and _is_cjk(self.last):
            return self.last + self.first  # 张伟: family name first, no space
        return f"{self.first} {self.last}"


def _is_cjk(text: str) -> bool:
    return bool(text) and all("\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]", "", stripped.casefold())


def split_markers(raw: str) -> tuple[str, str]:
    """Decode one name token and split trailing markers off: ``"Jianqing*"`` → ``("Jianqing", "*")``.

    Trailing superscripts (``$^\\dagger$``, ``\\textsuperscript{*}``) are markers whatever
    they hold; after them, trailing marker symbols. A token of markers only ("*†", written
    after a space) gives ``("", "*†")``.
    """
    # the text comes from to_text, which owns decoding (and dropping inline HTML such as
    # "<nobr><em>*</em></nobr>"); parse only tells which of its tail was superscript
    rest = to_text(raw)
    markers: list[str] = []
    for span in reversed(parse(raw)):
        if "sup" not in span.styles or not rest.endswith(span.text):
            break
        markers.insert(0, span.text.strip())
        rest = rest[: len(rest) - len(span.text)]
    while match := _MARKER_TAIL.search(rest):
        markers.insert(0, match["marks"])
        rest = rest[: match.start()]
    return rest.strip(), "".join(markers)


def author_from_person(person: Person) -> Author:
    """Build the display :class:`Author` of a pybtex person, markers split off."""
    return _author(
        tuple(person.first_names) + tuple(person.middle_names),
        tuple(person.prelast_names),
        tuple(person.last_names),
        tuple(person.lineage_names),
    )


def _decoded(parts: Iterable[str]) -> tuple[list[str], str]:
    """Decoded text of each token (marker-only tokens dropped) and the markers found."""
    texts: list[str] = []
    markers = ""
    for part in parts:
        text, found = split_markers(part)
        markers += found
        if text:
            texts.append(text)
    return texts, markers


@lru_cache(maxsize=65536)
def _author(given: tuple[str, ...], von: tuple[str, ...], last_names: tuple[str, ...], jr: tuple[str, ...]) -> Author:
    # co-authors recur across entries: each distinct name is decoded once
    if not (given or von or jr) and last_names == ("others",):
        return Author(first="", last="others", key=_NOBODY, is_others=True)
    last_texts, last_markers = _decoded(last_names)
    if last_names and not last_texts and last_markers and given:
        # "Dmitry Ryumin *†": pybtex took the markers for the last name; read the name again
        # without them, so that "Ryumin" becomes the last name
        retry = _reparse(" ".join(given + von))
        if retry is not None:
            author = _author(*retry)
            return Author(author.first, author.last, author.markers + last_markers, author.key)
    von_texts, von_markers = _decoded(von)
    given_texts, given_markers = _decoded(given)
    jr_texts, jr_markers = _decoded(jr)
    markers = last_markers + von_markers + jr_markers + given_markers
    first = " ".join(given_texts)
    last = " ".join(von_texts + last_texts + jr_texts)
    return Author(first=first, last=last, markers=markers, key=_key(given_texts, von_texts + last_texts, jr_texts))


def _reparse(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    try:
        person = Person(name)
    except PybtexError:
        return None
    if not person.last_names:
        return None
    return (
        tuple(person.first_names) + tuple(person.middle_names),
        tuple(person.prelast_names),
        tuple(person.last_names),
        tuple(person.lineage_names),
    )


def name_key(first_parts: Sequence[str], last_parts: Sequence[str]) -> NameKey:
    """Normalised key of a name given as BibTeX tokens: given names, then von + last name."""
    given, _ = _decoded(first_parts)
    family, _ = _decoded(last_parts)
    return _key(given, family, [])


def _key(given: Sequence[str], family: Sequence[str], jr: Sequence[str]) -> NameKey:
    given_text = " ".join(given)
    family_text = " ".join(family)
    if _is_cjk("".join(given_text.split()) + "".join(family_text.split())):
        # 张建清 or 张, 建清: one string, family name first; there are no parts to abbreviate
        return NameKey((), _fold(family_text) + _fold(given_text))
    family_words = tuple(w for w in (_fold(word) for word in _words(family_text)) if w)
    if not family_words:
        return _NOBODY
    capitals = not any(c.islower() for c in family_text)
    nicknames = tuple(
        parts
        for match in _NICKNAME.finditer(given_text)
        if (parts := _given_parts(next(g for g in match.groups() if g is not None), capitals))
    )
    primary = _given_parts(_NICKNAME.sub(" ", given_text), capitals)
    jr_key = "".join(_fold(t) for t in jr)
    return NameKey(primary, " ".join(family_words), nicknames, jr_key)


def _words(text: str) -> list[str]:
    return _HYPHENS.sub(" ", text).split()


def _given_parts(text: str, family_in_capitals: bool) -> tuple[str, ...]:
    """Given names as parts; a part that continues the name before it starts with "-".

    "Jin-Kyu" → ("jin", "-kyu"); "J.-K." and "JK" → ("j.", "-k."); "Th." → ("th.",);
    "Jin Kyu" → ("jin", "kyu").
    """
    parts: list[str] = []
    for word in text.split():
        start = len(parts)
        for piece in _HYPHENS.split(word):
            chunks = piece.split(".")
            for index, chunk in enumerate(chunks):
                folded = _fold(chunk)
                if not folded:
                    continue
                if index < len(chunks) - 1 or len(folded) == 1:  # a dot follows it, or a lone letter
                    parts.append(folded + ".")
                elif _initials(chunk, folded, family_in_capitals):
                    parts.extend(letter + "." for letter in folded)
                else:
                    parts.append(folded)
        parts[start + 1 :] = ["-" + part for part in parts[start + 1 :]]
    return tuple(parts)


def _initials(piece: str, folded: str, family_in_capitals: bool) -> bool:
    # "Kim, JK" is initials; "LI, BO" (all in capitals) is a name, but "KIM, JK" has no vowel
    if not (2 <= len(folded) <= 3 and piece.isalpha() and piece.isupper()):
        return False
    return not family_in_capitals or not (_VOWELS & set(folded))


def parse_name(name: str) -> NameKey:
    """Normalised key of a name written as in BibTeX ("Zhang, J." or "Jianqing Zhang")."""
    try:
        person = Person(name)
    except PybtexError:
        return _NOBODY  # a malformed variant matches nobody; check_owner then reports it
    return author_from_person(person).key


class _Variant(NamedTuple):
    given: tuple[str, ...]
    family: tuple[str, ...]
    jr: str


class _Person(NamedTuple):
    #: last family word -> variants with it (re-splitting given/family keeps the last word)
    by_last_word: dict[str, list[_Variant]]
    #: some variant has full given names: then a variant's abbreviation only meets abbreviations
    has_full: bool
    keys: tuple[NameKey, ...]


class NameMatcher:
    """Decides whether an author is one of a set of people (the owner, a lab).

    Each person is given by name variants (see the module docstring for the rules).
    Variants are indexed by their last family word, and answers are memoised per key,
    so a long list costs one dictionary look-up per distinct author name.
    """

    def __init__(self, people: Sequence[Sequence[str]]) -> None:
        self._people: list[_Person] = []
        self._memo: dict[NameKey, bool] = {}
        for variants in people:
            keys = tuple(sorted({k for k in (parse_name(v) for v in variants if v.strip()) if k.family}))
            if not keys:
                continue
            index: dict[str, list[_Variant]] = {}
            has_full = False
            for key in keys:
                family = tuple(key.family.split())
                for given in _forms(key):
                    has_full = has_full or (bool(given) and not any(_abbreviated(p) for p in given))
                    index.setdefault(family[-1], []).append(_Variant(given, family, key.jr))
            self._people.append(_Person(index, has_full, keys))

    def __bool__(self) -> bool:
        return bool(self._people)

    def describe(self) -> list[str]:
        """A stable description of whom this matcher matches (for cache keys)."""
        return [repr(person.keys) for person in self._people]

    def matches(self, key: NameKey) -> bool:
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = any(_is_person(key, person) for person in self._people)
        return known


def _forms(key: NameKey) -> list[tuple[str, ...]]:
    """The given names a key stands for: as written, and each nickname alone."""
    return [key.given, *key.nicknames]


def _abbreviated(part: str) -> bool:
    return part.endswith(".")


def _is_person(key: NameKey, person: _Person) -> bool:
    if not key.family:
        return False
    family = tuple(key.family.split())
    for variant in person.by_last_word.get(family[-1], ()):
        if key.jr and variant.jr and key.jr != variant.jr:
            continue
        for given in _forms(key):
            aligned = _align(given, family, variant)
            if aligned and _given_agree(*aligned, lenient=not person.has_full):
                return True
    return False


def _align(
    given: tuple[str, ...], family: tuple[str, ...], variant: _Variant
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The two given names once the family names are the same words, or None.

    One name may count a word as a family name that the other counts as a given name
    ("García Márquez, Gabriel" / "Gabriel García Márquez"): the word must then end the
    other's given names, written in full.
    """
    other_given, other_family = variant.given, variant.family
    if family == other_family:
        return given, other_given
    if len(other_family) > len(family) and other_family[-len(family) :] == family:
        head = _without_tail(given, other_family[: -len(family)])
        return None if head is None else (head, other_given)
    if len(family) > len(other_family) and family[-len(other_family) :] == other_family:
        head = _without_tail(other_given, family[: -len(other_family)])
        return None if head is None else (given, head)
    return None


def _without_tail(given: tuple[str, ...], words: tuple[str, ...]) -> tuple[str, ...] | None:
    """*given* without its last names if they are *words* (family words written in full)."""
    cut = len(given) - len(words)
    if cut < 0 or tuple(part.lstrip("-") for part in given[cut:]) != words:
        return None
    return given[:cut]


def _given_agree(author: tuple[str, ...], variant: tuple[str, ...], *, lenient: bool) -> bool:
    """Given names of an author and of a variant, both folded into parts."""
    if not author or not variant:
        return not author and not variant
    if not any(map(_abbreviated, author + variant)):
        return _joined(author) == _joined(variant)  # "Ya-Qin" = "Yaqin" = "Ya Qin"
    return any(
        len(a) == len(v) and all(_part_agrees(x, y, lenient) for x, y in zip(a, v, strict=True))
        for a in _spellings(author)
        for v in _spellings(variant)
    )


def _joined(given: tuple[str, ...]) -> str:
    return "".join(part.lstrip("-") for part in given)


@lru_cache(maxsize=65536)
def _spellings(given: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Part sequences to compare with abbreviations: piece by piece, and with each
    hyphenated name in full as one name ("Ya-Qin" is "Y.-Q." and also "Y.")."""
    pieces = tuple(part.lstrip("-") for part in given)
    words: list[list[str]] = []
    for part in given:
        if part.startswith("-") and words:
            words[-1].append(part[1:])
        else:
            words.append([part])
    whole: list[str] = []
    for word in words:
        # only a name written in full stands for one name: "J.-K." stays two initials
        whole.extend(word if any(map(_abbreviated, word)) else ["".join(word)])
    return (pieces,) if len(whole) == len(pieces) else (pieces, tuple(whole))


def _part_agrees(author: str, variant: str, lenient: bool) -> bool:
    if _abbreviated(author) and _abbreviated(variant):
        a, v = author[:-1], variant[:-1]
        return a.startswith(v) or v.startswith(a)
    if _abbreviated(author):
        return variant.startswith(author[:-1])
    if _abbreviated(variant):
        # only initials are known for the person: "Zhang, J." must stand for the full name
        return lenient and author.startswith(variant[:-1])
    return author == variant
