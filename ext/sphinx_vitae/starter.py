"""``sphinx-vitae init``: a new site that starts from the owner's own publications.

This module owns the starter: it reads a ``.bib`` file (and optionally al-folio's
``_config.yml`` and a JSON Resume ``resume.json``), works out how the owner's name is
written in the file, and writes a complete site into a new folder::

    <folder>/refs.bib                       a byte copy of the given .bib
    <folder>/source/conf.py                 the owner, profile, theme, PDF CV
    <folder>/source/index.rst|md            bio + selected (or newest) publications
    <folder>/source/publications.rst|md     every entry, by year
    <folder>/source/cv.rst|md               education and work (from resume.json)
    <folder>/Makefile, requirements.txt, .gitignore, .github/workflows/pages.yml

Everything is read and checked, and every file is composed in memory, before the
first file is written: bad input ends with one line on stderr and nothing on disk.
No file is ever overwritten (files are opened in exclusive-create mode).

The owner's variants follow :class:`.names.NameMatcher` exactly: the guess is every
spelling in the file that the matcher takes for the given name, so the site
emphasises what was shown. Forms the strict matcher does not join (a middle initial
that the given name lacks: "Ada B. Lovelace" for "Ada Lovelace") are offered apart,
kept by default only when the first given name is written in full.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import importlib.util
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import quote

from pybtex.database import Person

from . import __version__
from .bibread import load
from .config import SETTINGS
from .names import NameKey, NameMatcher, author_from_person, parse_name
from .records import Publication, from_entry, is_relative, link_path, preview_link, safe_url
from .selection import GroupSpec, select

PROG = "sphinx-vitae"
#: sphinxcontrib-bibtex's default ``bibtex_encoding``: the site reads refs.bib the same way
BIB_ENCODING = "utf-8-sig"
#: how many entries the home page shows when none is marked ``selected = {true}``
NEWEST = 5
#: al-folio resolves these fields' relative file names under ``/assets/pdf/``
ALFOLIO_PDF_FIELDS = ("pdf", "supp", "poster", "slides")
#: the site's extras (``pip install "sphinx-vitae[site]"``): module -> what it adds
SITE_EXTENSIONS = (
    ("sphinx_copybutton", "copy buttons on the BibTeX blocks"),
    ("sphinxext.opengraph", "link previews"),
)
#: al-folio's _config.yml social keys -> (label, URL pattern)
ALFOLIO_SOCIAL = (
    ("github_username", "GitHub", "https://github.com/{}"),
    ("gitlab_username", "GitLab", "https://gitlab.com/{}"),
    ("scholar_userid", "Google Scholar", "https://scholar.google.com/citations?user={}"),
    ("orcid_id", "ORCID", "https://orcid.org/{}"),
    ("semanticscholar_id", "Semantic Scholar", "https://www.semanticscholar.org/author/{}"),
    ("research_gate_profile", "ResearchGate", "https://www.researchgate.net/profile/{}"),
    ("dblp_url", "DBLP", "{}"),
    ("linkedin_username", "LinkedIn", "https://www.linkedin.com/in/{}"),
    ("x_username", "X", "https://x.com/{}"),
    ("twitter_username", "X", "https://x.com/{}"),
)
#: RFC 2606 reserves these domains: an address there is a template's placeholder, never a person's
_PLACEHOLDER_MAIL = re.compile(r"@(?:[^@]*\.)?example\.(?:com|org|net)$", re.IGNORECASE)


class StarterError(Exception):
    """A problem with the input, said in one line; nothing has been written."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


# -- reading the inputs ---------------------------------------------------------------------


@dataclass
class Bibliography:
    path: Path
    data: bytes  #: the file exactly as read: refs.bib is a byte copy
    records: dict[str, Publication]
    persons: dict[str, list[Person]]  #: key -> authors (or editors) as pybtex read them
    problems: list[str]  #: what the site will warn about until it is fixed


def read_bib(path: Path) -> Bibliography:
    """Parse *path* exactly as the site will (recovering from broken entries)."""
    data = _read_bytes(path, "--bib")
    try:
        data.decode(BIB_ENCODING)
    except UnicodeDecodeError as exc:
        raise StarterError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    result = load([path], BIB_ENCODING, {path: path.name})
    records: dict[str, Publication] = {}
    persons: dict[str, list[Person]] = {}
    problems = [_located(p.message, path.name, p.line) for p in result.problems]
    for key, entry in result.data.entries.items():
        line = result.lines.get(key, ("", 0))[1]
        pub, entry_problems = from_entry(key, entry, line)
        records[key] = pub
        persons[key] = list(entry.persons.get("author") or entry.persons.get("editor") or [])
        problems += [_located(f"entry {key!r} {message}", path.name, line) for message in entry_problems]
    if not records:
        why = f": {problems[0]}" if problems else ""
        raise StarterError(f"no BibTeX entry could be read from {path}{why}")
    return Bibliography(path, data, records, persons, problems)


def _located(message: str, name: str, line: int) -> str:
    return f"{name}:{line}: {message}" if line else f"{name}: {message}"


def _read_bytes(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StarterError(f"{what}: no such file: {path}") from None
    except IsADirectoryError:
        raise StarterError(f"{what}: {path} is a folder, not a file") from None
    except OSError as exc:
        raise StarterError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None


def _read_text(path: Path, what: str) -> str:
    try:
        return _read_bytes(path, what).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StarterError(f"{what}: {path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


@dataclass
class Profile:
    """What the inputs say about the owner (every part optional)."""

    name: str = ""
    variants: list[str] = field(default_factory=list)  #: given explicitly (al-folio's scholar names)
    email: str = ""
    affiliation: str = ""
    summary: str = ""
    site_url: str = ""  #: where the old site was published (al-folio's url + baseurl)
    language: str = ""
    links: dict[str, str] = field(default_factory=dict)  #: label -> URL
    education: list[dict[str, Any]] = field(default_factory=list)
    work: list[dict[str, Any]] = field(default_factory=list)
    folder: Path | None = None  #: the al-folio repository (where _config.yml is)


def _text(value: Any) -> str:
    """A scalar of YAML or JSON as text ("" for nothing, a list, a mapping)."""
    if value is None or isinstance(value, (list, dict, bool)):
        return ""
    return str(value).strip()


def _texts(value: Any) -> list[str]:
    """al-folio's ``first_name: [Albert, A.]`` or ``last_name: Einstein``: a list of names."""
    items = value if isinstance(value, list) else [value]
    return [text for text in (_text(item) for item in items) if text]


def read_alfolio_config(path: Path, profile: Profile) -> None:
    """Fill *profile* from an al-folio ``_config.yml``."""
    try:
        import yaml
    except ImportError:
        raise StarterError(
            f"--config needs PyYAML to read _config.yml: install it with '{sys.executable} -m pip install pyyaml'"
        ) from None
    text = _read_text(path, "--config")
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise StarterError(f"--config: {path} is not valid YAML{where}: {problem}") from None
    if not isinstance(config, dict):
        raise StarterError(f"--config: {path} is not an al-folio _config.yml (a YAML mapping of settings)")
    profile.folder = path.resolve().parent
    full = " ".join(t for t in (_text(config.get(k)) for k in ("first_name", "middle_name", "last_name")) if t)
    profile.name = profile.name or full
    scholar = config.get("scholar")
    if isinstance(scholar, dict) and [t.casefold() for t in _texts(scholar.get("last_name"))] == ["einstein"]:
        scholar = None  # al-folio's template default (Einstein, Albert), never changed: not the owner
    if isinstance(scholar, dict):
        for last in _texts(scholar.get("last_name")):
            profile.variants += [f"{last}, {first}" for first in _texts(scholar.get("first_name"))] or [last]
    profile.email = profile.email or _text(config.get("email"))
    url = _text(config.get("url"))
    if url:
        profile.site_url = url.rstrip("/") + "/" + _text(config.get("baseurl")).strip("/")
    profile.language = _text(config.get("lang"))
    for key, label, pattern in ALFOLIO_SOCIAL:
        value = _text(config.get(key))
        if value and label not in profile.links:
            profile.links[label] = pattern.format(quote(value, safe=":/@?=&.")) if pattern != "{}" else value


def alfolio_folder(bib: Path) -> Path | None:
    """The al-folio repository a ``_bibliography/papers.bib`` lives in (its ``assets/`` hold the PDFs)."""
    parent = bib.resolve().parent
    if parent.name == "_bibliography" and (parent.parent / "assets").is_dir():
        return parent.parent
    return None


def read_resume(path: Path, profile: Profile) -> None:
    """Fill *profile* from a JSON Resume file (al-folio's ``assets/json/resume.json``)."""
    text = _read_text(path, "--resume")
    try:
        resume = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StarterError(
            f"--resume: {path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from None
    if not isinstance(resume, dict):
        raise StarterError(f"--resume: {path} is not a JSON Resume (an object with 'basics', 'work', 'education')")
    raw_basics = resume.get("basics")
    basics: dict[str, Any] = raw_basics if isinstance(raw_basics, dict) else {}
    profile.name = profile.name or _text(basics.get("name"))
    profile.email = _text(basics.get("email")) or profile.email
    profile.summary = _text(basics.get("summary"))
    if _text(basics.get("url")):
        profile.links.setdefault("Website", _text(basics["url"]))
    for item in basics.get("profiles") or []:
        if isinstance(item, dict) and _text(item.get("url")):
            profile.links.setdefault(_text(item.get("network")) or _text(item["url"]), _text(item["url"]))
    profile.education = [item for item in _list(resume, "education", path) if isinstance(item, dict)]
    profile.work = [item for item in _list(resume, "work", path) if isinstance(item, dict)]
    current = next((job for job in profile.work if not _text(job.get("endDate"))), None)
    if current is not None:
        profile.affiliation = ", ".join(t for t in (_text(current.get("position")), _organisation(current)) if t)


def _list(resume: Mapping[str, Any], key: str, path: Path) -> list[Any]:
    value = resume.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise StarterError(f"--resume: {path}: {key!r} should be a list of entries, not {type(value).__name__}")
    return value


def _organisation(item: Mapping[str, Any]) -> str:
    # JSON Resume 1.0 says "name"; older files (and al-folio's first sample) say "company"
    return _text(item.get("name")) or _text(item.get("company")) or _text(item.get("organization"))


# -- the owner's name in the file -----------------------------------------------------------


@dataclass
class Spelling:
    """One way an author is written in the file, and in how many entries."""

    text: str  #: a form that parses back to :attr:`key` (what vitae_owner gets)
    key: NameKey
    count: int = 0


def spellings(bib: Bibliography) -> list[Spelling]:
    """Every distinct author of the file (by parsed name), most frequent first."""
    counts: Counter[NameKey] = Counter()
    forms: dict[NameKey, Counter[str]] = {}
    for people in bib.persons.values():
        seen: set[NameKey] = set()
        for person in people:
            author = author_from_person(person)
            if author.is_others or not author.key.family:
                continue
            forms.setdefault(author.key, Counter())[_written(person, author)] += 1
            if author.key not in seen:
                seen.add(author.key)
                counts[author.key] += 1
    return [Spelling(forms[key].most_common(1)[0][0], key, n) for key, n in counts.most_common()]


def _written(person: Person, author: Any) -> str:
    """The name as a plain "Family, Given" when that reads back as the same name, else as pybtex wrote it."""
    plain = f"{author.last}, {author.first}" if author.first else author.last
    for text in (plain, str(person)):
        if parse_name(text) == author.key:
            return text
    return str(person)


@dataclass
class Guess:
    sure: list[Spelling]  #: the strict matcher's spellings, the given names first
    maybe: list[tuple[Spelling, bool]]  #: other forms that may be the owner, and whether kept by default


def guess_variants(names: Sequence[str], found: Sequence[Spelling]) -> Guess:
    """The spellings of *found* that are the person named by *names* (see the module docstring)."""
    matcher = NameMatcher([list(names)])
    by_key = {s.key: s for s in found}
    sure: list[Spelling] = []
    keys: set[NameKey] = set()
    for name in names:
        key = parse_name(name)
        if key.family and key not in keys:
            keys.add(key)
            sure.append(Spelling(name, key, by_key[key].count if key in by_key else 0))
    for spelling in found:
        if spelling.key not in keys and matcher.matches(spelling.key):
            keys.add(spelling.key)
            sure.append(spelling)
    if not any(s.count for s in sure):
        return Guess([], [])
    person = [s.text for s in sure]
    maybe = [
        (spelling, not spelling.key.given[0].endswith("."))
        for spelling in found
        if spelling.key not in keys and _differs_by_middle_names(spelling.key, sure, person)
    ]
    return Guess(sure, maybe)


def _differs_by_middle_names(author: NameKey, owner: Sequence[Spelling], person: list[str]) -> bool:
    """ "Ada B. Lovelace" for "Ada Lovelace", or the other way round: with its given names cut
    to as many as a variant has (between two names, never inside "Ya-Qin"), one side is the
    owner as the strict matcher sees the owner (so "Anne" never passes for "A.")."""
    count = len(author.given)
    if not count:
        return False
    same_family = [s.key for s in owner if s.key.family == author.family]
    matcher = NameMatcher([person])
    for variant in same_family:
        cut = len(variant.given)
        inside_a_name = cut < count and author.given[cut].startswith("-")
        if (
            0 < cut < count
            and not inside_a_name
            and matcher.matches(author._replace(given=author.given[:cut], nicknames=()))
        ):
            return True
    shortened = [
        text
        for variant in same_family
        if len(variant.given) > count and not variant.given[count].startswith("-")
        if (text := _key_text(variant._replace(given=variant.given[:count], nicknames=())))
    ]
    if not shortened:
        return False
    as_long = [s.text for s in owner if len(s.key.given) == count]
    return NameMatcher([shortened + as_long]).matches(author)


def _key_text(key: NameKey) -> str | None:
    """A name that parses back to *key* ("lovelace, a. b."), or None."""
    given = ""
    for part in key.given:
        given += "-" + part[1:] if part.startswith("-") else (" " if given else "") + part
    text = f"{key.family}, {given}" if given else key.family
    return text if parse_name(text) == key else None


def closest(name: str, found: Sequence[Spelling], limit: int = 8) -> list[Spelling]:
    """Who the user may have meant when *name* matches nobody: the same family name, the name
    written the other way round, a family name one typo away, then similar full names."""
    key = parse_name(name)
    words = {w for w in re.split(r"[\s,]+", _fold_words(name)) if w}
    chosen: list[Spelling] = []

    def add(spellings: Iterable[Spelling]) -> None:
        chosen.extend(s for s in spellings if s not in chosen)

    families = sorted({s.key.family for s in found})
    if key.family:
        last = key.family.split()[-1]
        add(s for s in found if s.key.family.split()[-1] == last)
    add(s for s in found if s.key.family in words)
    if key.family:
        near = set(difflib.get_close_matches(key.family, families, n=limit, cutoff=0.75))
        add(s for s in found if s.key.family in near)
    # whole names compared in one order (given names, then family name), whatever the file's order
    whole = {" ".join((*s.key.given, s.key.family)): s for s in found}
    typed = " ".join((*key.given, key.family))
    add(whole[t] for t in difflib.get_close_matches(typed, list(whole), n=limit, cutoff=0.75))
    return chosen[:limit]


def _fold_words(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# -- the answers: flags, and questions when stdin is a terminal ---------------------------------


class Console:
    """Prints progress and asks questions; asks only when *interactive*, never blocks otherwise."""

    def __init__(self, interactive: bool, out: TextIO, ask: Callable[[str], str] | None = None) -> None:
        self.interactive = interactive
        self.out = out
        self._ask = ask

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def ask(self, question: str, default: str = "") -> str:
        if not self.interactive:
            return default
        prompt = f"{question} [{default}]: " if default else f"{question}: "
        try:
            answer = (self._ask or input)(prompt).strip()  # input looked up now: tests replace it
        except EOFError:
            raise StarterError("no answer (end of input); nothing was written") from None
        return answer or default

    def confirm(self, question: str, default: bool) -> bool:
        if not self.interactive:
            return default
        while True:
            answer = self.ask(f"{question} [{'Y/n' if default else 'y/N'}]").lower()
            if not answer:
                return default
            if answer in {"y", "yes", "n", "no"}:
                return answer.startswith("y")
            self.say("  please answer y or n")


def choose_variants(name: str, given: Sequence[str], bib: Bibliography, console: Console) -> list[str]:
    """The owner's variants: guessed from the file, shown, and confirmed when interactive."""
    found = spellings(bib)
    while True:
        guess = guess_variants([name, *given], found)
        if guess.sure:
            break
        console.say(f"No author of {bib.path.name} is {name!r}.")
        candidates = closest(name, found)
        if candidates:
            console.say("The closest names in the file:")
            for number, spelling in enumerate(candidates, 1):
                console.say(f"  {number}. {spelling.text}  ({_entries(spelling.count)})")
        if not console.interactive:
            hint = f" (e.g. --name {candidates[0].text!r})" if candidates else ""
            raise StarterError(f"the name {name!r} matches no author of {bib.path}; give --name as written there{hint}")
        answer = console.ask("Your name as written in the file (or a number above; empty to stop)")
        if not answer:
            raise StarterError("no owner chosen; nothing was written")
        if answer.isdigit():
            if not 1 <= int(answer) <= len(candidates):
                console.say(f"  there is no name number {answer}")
                continue
            answer = candidates[int(answer) - 1].text
        name, given = answer, []
    console.say(f"You in {bib.path.name}, as the name matcher sees it:")
    for spelling in guess.sure:
        console.say(f"  {spelling.text}  ({_entries(spelling.count)})")
    chosen = [s.text for s in guess.sure]
    left_out: list[Spelling] = []
    if guess.maybe:
        console.say("Perhaps you too (a middle name makes another name to the matcher, so say which are you):")
        for spelling, default in guess.maybe:
            label = f"{spelling.text}  ({_entries(spelling.count)})"
            keep = console.confirm(f"  Is {label} you?", default) if console.interactive else default
            if keep:
                chosen.append(spelling.text)
            else:
                left_out.append(spelling)
    # a kept form can bring others with it ("Ada B. Lovelace" brings "A. B. Lovelace"): list them all
    final = guess_variants(chosen, found).sure
    console.say("The owner's name variants (vitae_owner; emphasised in every author list):")
    for spelling in final:
        console.say(f"  {spelling.text}  ({_entries(spelling.count)})")
    for spelling in left_out:
        if spelling.text not in {s.text for s in final}:
            console.say(
                f"  left out: {spelling.text}  ({_entries(spelling.count)}); add it to vitae_owner if it is you"
            )
    variants = [s.text for s in final]
    if console.interactive and not console.confirm("Use these names?", True):
        typed = console.ask("The names, separated by ';'")
        variants = [part.strip() for part in typed.split(";") if part.strip()] or variants
    return variants


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}" if count else "not in the file"


# -- composing the site ---------------------------------------------------------------------


@dataclass
class Plan:
    """Everything the site is made from, read and checked."""

    name: str
    variants: list[str]
    bib: Bibliography
    profile: Profile
    url: str  #: html_baseurl ("" when unknown)
    markdown: bool
    python: str = field(default_factory=lambda: sys.executable or "python3")


def slug(name: str) -> str:
    """The PDF's file name: "Adrià Torralba-Agell" -> "adria-torralba-agell"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "cv"


def own_newest(plan: Plan) -> list[Publication]:
    """The owner's entries, newest first (every entry if the owner is on none)."""
    newest, _ = select(GroupSpec(), plan.bib.records, "stage")
    matcher = NameMatcher([plan.variants])
    return [pub for pub in newest if any(matcher.matches(a.key) for a in pub.authors)] or newest


def home_keys(plan: Plan) -> tuple[str, list[str]]:
    """The home page's list: ``("selected", [])``, else ``("keys", the owner's newest five)``."""
    if any(pub.selected for pub in plan.bib.records.values()):
        return "selected", []
    return "keys", [pub.key for pub in own_newest(plan)[:NEWEST]]


def profile_setting(plan: Plan, report: Callable[[str], None]) -> dict[str, Any]:
    """``vitae_profile``, checked as the extension checks it: what it would drop is dropped here."""
    profile = plan.profile
    raw: dict[str, Any] = {"name": plan.name}
    if profile.affiliation:
        raw["affiliation"] = profile.affiliation
    if profile.email and not _PLACEHOLDER_MAIL.search(profile.email):
        raw["email"] = profile.email
    links = {label: url for label, url in profile.links.items() if url.rstrip("/") != plan.url.rstrip("/")}
    if links:
        raw["links"] = links
    shape = next(s for s in SETTINGS if s.name == "vitae_profile").shape
    return shape.clean(raw, "vitae_profile", lambda where, message: report(message))


def relative_files(plan: Plan) -> tuple[dict[str, bytes], list[str]]:
    """Files the entries link to by a relative name, found in the al-folio folder.

    al-folio published ``pdf = {paper.pdf}`` from ``assets/pdf/``; the site links a relative
    name from its root, so a copy under ``source/_extra/`` (published at the root) keeps
    the link working, wherever the site is published. Returns the copies and what is missing.
    """
    copies: dict[str, bytes] = {}
    missing: list[str] = []
    for pub in plan.bib.records.values():
        for link in (*pub.links, *filter(None, [preview_link(pub)])):  # al-folio's preview image too
            if not is_relative(link.url):
                continue
            path = PurePosixPath(link_path(link.url))
            if path.is_absolute() or ".." in path.parts:
                missing.append(f"entry {pub.key!r}: {link.field} = {link.url!r}")
                continue
            found = _alfolio_file(plan.profile.folder, link.field, path)
            if found is None:
                missing.append(f"entry {pub.key!r}: {link.field} = {link.url!r}")
            else:
                copies[f"source/_extra/{path.as_posix()}"] = found
    return copies, missing


def _alfolio_file(folder: Path | None, field_name: str, path: PurePosixPath) -> bytes | None:
    if folder is None:
        return None
    places = [folder / "assets" / "pdf" / path] if field_name in ALFOLIO_PDF_FIELDS else []
    if field_name == "preview":  # al-folio's assets/img/publication_preview/
        places = [folder / "assets" / "img" / "publication_preview" / path]
    for candidate in [*places, folder / path]:
        if candidate.is_file():
            return candidate.read_bytes()
    return None


def conf_py(
    plan: Plan, profile: dict[str, Any], counts: Mapping[str, int], extra: bool, previews_off: bool = False
) -> str:
    name = plan.name
    year = _dt.date.today().year
    lines = [
        f'"""Sphinx configuration of {name}\'s site, written by sphinx-vitae init: edit freely.',
        "",
        "https://www.sphinx-doc.org/en/master/usage/configuration.html",
        '"""',
        "",
        "import os",
        "",
        f"project = {_q(name)}",
        f"author = {_q(name)}",
        f"copyright = {_q(f'{year}, {name}')}",
        f"language = {_q(plan.profile.language or 'en')}",
        "",
        "extensions = [",
        '    "sphinx_vitae",',
    ]
    for module, what in SITE_EXTENSIONS:
        if _importable(module):
            lines.append(f"    {_q(module)},  # {what}")
        else:
            lines.append(f'    # {_q(module)},  # {what} (not installed: pip install "sphinx-vitae[site]")')
    if plan.markdown:
        lines.append('    "myst_parser",  # pages in MyST Markdown')
    lines.append("]")
    lines += ["", "# the address the site is published at (the GitHub Pages workflow sets SITE_URL)"]
    if plan.url:
        lines.append(f'html_baseurl = os.environ.get("SITE_URL", {_q(plan.url)})')
    else:
        lines.append('html_baseurl = os.environ.get("SITE_URL", "")  # e.g. "https://you.github.io/"')
    if _importable("sphinx_sitemap"):
        lines += [
            "if html_baseurl:  # sitemap.xml for search engines; it needs the address",
            '    extensions.append("sphinx_sitemap")',
            'sitemap_url_scheme = "{link}"',
        ]
    lines += [
        "ogp_site_url = html_baseurl",
        'ogp_social_cards = {"enable": False}  # cards need matplotlib',
        'copybutton_selector = "div.highlight pre, pre.vitae-bibtex"',
        "",
        "# -- publications ------------------------------------------------------------",
        'bibtex_bibfiles = ["../refs.bib"]',
        "# every way your name is written in refs.bib; matched on parsed names, never substrings",
        "vitae_owner = [",
    ]
    for variant in plan.variants:
        count = counts.get(variant, 0)
        lines.append(f"    {_q(variant)},  # " + (f"in {_entries(count)}" if count else "as given"))
    lines.append("]")
    lines.append(f"vitae_profile = {_pyliteral(profile)}")
    lines += [
        "",
        "# -- HTML ----------------------------------------------------------------------",
        'html_theme = "furo"',
        f"html_title = {_q(name)}",
        "html_show_sourcelink = False",
        "html_copy_source = False",
    ]
    if extra:
        lines += ["# files the entries link to by a relative name (pdf = {paper.pdf}), published at the root",
                  'html_extra_path = ["_extra"]']  # fmt: skip
    if previews_off:
        lines += ["# preview images that were not found: put them in source/_extra/ and delete this line",
                  'vitae_previews = "off"']  # fmt: skip
    file = slug(name)
    lines += [
        "",
        "# -- PDF CV (make latexpdf) ------------------------------------------------------",
        "# sphinx-vitae sets the CV typography (XeLaTeX, no title page, contents or index)",
        f'latex_documents = [("index", {_q(file + ".tex")}, {_q(name)}, {_q(name)}, "howto")]',
        "",
    ]
    return "\n".join(lines)


def _q(value: str) -> str:
    """A Python string literal in double quotes (JSON's escapes are Python's)."""
    return json.dumps(value, ensure_ascii=False)


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _pyliteral(value: Any, indent: int = 0) -> str:
    """A dict literal one item a line (repr keeps every string safe to paste in Python)."""
    if isinstance(value, dict) and value:
        pad = " " * (indent + 4)
        items = [f"{pad}{_q(k)}: {_pyliteral(v, indent + 4)}," for k, v in value.items()]
        return "{\n" + "\n".join(items) + "\n" + " " * indent + "}"
    return _q(value) if isinstance(value, str) else repr(value)


# -- page markup: reStructuredText or MyST Markdown -------------------------------------------


class Markup:
    """How a page says things; the text of the inputs is escaped so that it shows as written."""

    suffix = ".rst"

    def title(self, text: str, level: int = 0) -> str:
        from docutils.utils import column_width

        text = self.inline(text)
        underline = "=-~"[level] * max(column_width(text), 1)
        return f"{text}\n{underline}\n"

    def inline(self, text: str) -> str:
        # characters that start or end inline markup; a backslash makes each a plain character
        return re.sub(r"([\\*`|_<>\[\]])", r"\\\1", " ".join(text.split()))

    def paragraph(self, text: str) -> str:
        line = self.inline(text)
        # a line that would start a list, a comment, a table, a section line or a field list
        if re.match(r"[-+*•‣⁃#.:=~^(>|]|\d+[.)]|[A-Za-z][.)]\s|[ivxlcdmIVXLCDM]+[.)]\s", line):
            line = re.sub(r"^(\d*)(.)", r"\1\\\2", line, count=1)
        if line.endswith("::"):
            line = line[:-1] + "\\:"  # "::" would make the next block a literal one
        return line

    def link(self, text: str, url: str) -> str:
        return f"`{self.inline(text)} <{url}>`__"

    def comment(self, text: str) -> str:
        first, *rest = text.splitlines()
        return "\n".join([".. " + first, *(("   " + line).rstrip() for line in rest)]) + "\n"

    def pub(self, key: str) -> str:
        return f":pub:`{key}`"

    def doc(self, name: str) -> str:
        return f":doc:`{name}`"

    def directive(
        self, name: str, argument: str = "", options: Mapping[str, str] | None = None, body: Sequence[str] = ()
    ) -> str:
        lines = [f".. {name}::" + (f" {argument}" if argument else "")]
        lines += [f"   :{k}:" + (f" {v}" if v else "") for k, v in (options or {}).items()]
        if body:
            lines += [""] + [f"   {line}" for line in body]
        return "\n".join(lines) + "\n"

    def bullets(self, items: Iterable[Sequence[str]]) -> str:
        """A bullet list; each item is its paragraphs (already marked up)."""
        out = []
        for paragraphs in items:
            first, *rest = paragraphs
            out.append(f"- {first}")
            out += [f"\n  {more}" for more in rest]
        return "\n".join(out) + "\n"


class MystMarkup(Markup):
    suffix = ".md"

    def title(self, text: str, level: int = 0) -> str:
        return "#" * (level + 1) + " " + self.inline(text) + "\n"

    def inline(self, text: str) -> str:
        return re.sub(r"([\\`*_\[\]<>{}|~$])", r"\\\1", " ".join(text.split()))

    def paragraph(self, text: str) -> str:
        line = self.inline(text)
        # block starts in CommonMark and MyST: lists, headings, quotes, fences, comments (%), targets
        if re.match(r"[-+*#>=:%(!.]", line):
            line = "\\" + line
        return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)

    def link(self, text: str, url: str) -> str:
        return f"[{self.inline(text)}](<{url}>)"

    def comment(self, text: str) -> str:
        return "\n".join(("% " + line).rstrip() for line in text.splitlines()) + "\n"

    def pub(self, key: str) -> str:
        return "{pub}`" + key + "`"

    def doc(self, name: str) -> str:
        return "{doc}`" + name + "`"

    def directive(
        self, name: str, argument: str = "", options: Mapping[str, str] | None = None, body: Sequence[str] = ()
    ) -> str:
        lines = ["```{" + name + "}" + (f" {argument}" if argument else "")]
        lines += [f":{k}:" + (f" {v}" if v else "") for k, v in (options or {}).items()]
        if body:
            lines += ["", *body]
        return "\n".join([*lines, "```"]) + "\n"


def _link_or_text(markup: Markup, text: str, url: str) -> str:
    safe = safe_url(url) if url else None
    if safe and re.match(r"(https?|mailto):", safe, re.IGNORECASE):
        return markup.link(text, safe)
    return markup.inline(text)


def index_page(plan: Plan, markup: Markup, profile: Mapping[str, Any]) -> str:
    kind, keys = home_keys(plan)
    parts = [markup.title(plan.name)]
    parts.append(
        markup.comment(
            "Written by sphinx-vitae init: make this page yours. Cite an entry of\n"
            "refs.bib anywhere with the pub role; it links to where the entry is shown."
        )
    )
    if profile.get("affiliation"):
        parts.append(markup.paragraph(profile["affiliation"]) + "\n")
    links = [markup.link(label, url) for label, url in profile.get("links", {}).items()]
    if profile.get("email"):
        links.append(markup.link(profile["email"], "mailto:" + profile["email"]))
    if links:
        parts.append(" · ".join(links) + "\n")
    if plan.profile.summary:
        parts += [markup.paragraph(p) + "\n" for p in re.split(r"\n\s*\n", plan.profile.summary) if p.strip()]
    else:
        parts.append("A few sentences about you go here: your position, what you work on, and what you are "
                     "looking for.\n")  # fmt: skip
    latest = own_newest(plan)[0]
    parts.append(f"My most recent paper is {markup.pub(latest.key)}.\n")
    if kind == "selected":
        parts.append(markup.directive("publications", "Selected publications", {"selected": ""}))
    else:
        parts.append(markup.comment("Mark your favourite entries with selected = {true} in refs.bib and\n"
                                    "show them here with the selected option instead of keys."))  # fmt: skip
        parts.append(markup.directive("publications", "Recent publications", {"keys": ", ".join(keys)}))
    parts.append(markup.directive("toctree", "", {"hidden": ""}, ["cv", "publications"]))
    return "\n".join(parts)


def publications_page(markup: Markup) -> str:
    return "\n".join(
        [markup.title("All publications"), f"Every entry of {markup.inline('refs.bib')}, newest first.\n",
         markup.directive("all-publications")]
    )  # fmt: skip


def cv_page(plan: Plan, markup: Markup) -> str:
    parts = [markup.title("CV")]
    profile = plan.profile
    if not (profile.education or profile.work):
        parts.append("Your education and positions go here, newest first.\n")
        parts.append(markup.comment("For example:\n\n- 2020 – 2025 · PhD in Computer Science, Your University\n"
                                    "- 2024 · Research intern, Some Lab"))  # fmt: skip
    if profile.education:
        parts.append(markup.title("Education", 1))
        parts.append(markup.bullets(_education_item(markup, item) for item in profile.education))
    if profile.work:
        parts.append(markup.title("Work", 1))
        parts.append(markup.bullets(_work_item(markup, item) for item in profile.work))
    parts.append(markup.title("Publications", 1))
    parts.append(f"Every publication is listed on {markup.doc('publications')}.\n")
    return "\n".join(parts)


def _item(markup: Markup, dates: str, head: str, extra: Iterable[str]) -> list[str]:
    first = f"{dates} · {head}" if dates and head else (dates or head)
    return [first, *(markup.paragraph(t) for t in extra if t.strip())]


def _education_item(markup: Markup, item: Mapping[str, Any]) -> list[str]:
    degree = _text(item.get("studyType"))
    area = _text(item.get("area"))
    what = f"{degree} in {area}" if degree and area else (degree or area)
    where = _link_or_text(markup, _text(item.get("institution")), _text(item.get("url")))
    head = ", ".join(t for t in (markup.paragraph(what) if what else "", where) if t)
    return _item(markup, dates(item), head, [_text(item.get("score"))])


def _work_item(markup: Markup, item: Mapping[str, Any]) -> list[str]:
    position = _text(item.get("position"))
    where = _link_or_text(markup, _organisation(item), _text(item.get("url")))
    head = ", ".join(t for t in (markup.paragraph(position) if position else "", where) if t)
    extra = [_text(item.get("summary"))] + [_text(h) for h in item.get("highlights") or [] if isinstance(h, str)]
    return _item(markup, dates(item), head, extra)


_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def dates(item: Mapping[str, Any]) -> str:
    """ "1933 – 1955", "Sep 2019 – present", "2024" from JSON Resume's startDate / endDate."""
    start, end = _date(_text(item.get("startDate"))), _date(_text(item.get("endDate")))
    if start and end:
        return start if start == end else f"{start} – {end}"
    if start:
        return f"{start} – present"
    return f"until {end}" if end else ""


def _date(raw: str) -> str:
    # ISO 8601 as JSON Resume writes it: 2019, 2019-09, 2019-09-01. "-01-01" is how a
    # year alone is commonly written (al-folio's sample does), so it shows as the year
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?", raw)
    if not match:
        return raw
    year, month, day = match.groups()
    if not month or (int(month) == 1 and day is not None and int(day) == 1):
        return year
    number = int(month)
    return f"{_MONTH_NAMES[number - 1]} {year}" if 1 <= number <= 12 else year


def template(name: str, **values: str) -> str:
    """A file of ``templates/starter/`` with its ``@NAME@`` placeholders filled."""
    text = (resources.files("sphinx_vitae") / "templates" / "starter" / name).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    left = re.findall(r"@[A-Z_]+@", text)
    if left:
        raise RuntimeError(f"template {name} has unfilled placeholders {left}")
    return text


def _make_word(path: str) -> str:
    """A path as a Makefile value ($ doubled, # escaped; the recipes quote it)."""
    return path.replace("$", "$$").replace("#", "\\#")


def requirements(markdown: bool) -> str:
    """requirements.txt: where this sphinx-vitae came from, as pip needs it on GitHub's runner."""
    spec = f"sphinx-vitae[site]>={__version__}"
    note = ""
    try:
        from importlib.metadata import PackageNotFoundError, distribution

        direct = json.loads(distribution("sphinx-vitae").read_text("direct_url.json") or "null")
    except (PackageNotFoundError, ValueError, OSError):
        direct = None
    if isinstance(direct, dict) and isinstance(direct.get("url"), str):
        vcs = direct.get("vcs_info")
        if isinstance(vcs, dict) and vcs.get("vcs") and not direct["url"].startswith("file:"):
            commit = vcs.get("commit_id") or vcs.get("requested_revision")
            spec = f"sphinx-vitae[site] @ {vcs['vcs']}+{direct['url']}" + (f"@{commit}" if commit else "")
        elif direct["url"].startswith("file:"):
            note = (
                "# sphinx-vitae was installed from a local folder when this site was made; if it is not on\n"
                "# PyPI, point the next line at its repository: sphinx-vitae[site] @ git+https://...\n"
            )
        else:
            spec = f"sphinx-vitae[site] @ {direct['url']}"
    lines = [note + spec]
    if markdown:
        lines.append("myst-parser")
    return "# what the site needs: python -m pip install -r requirements.txt\n" + "\n".join(lines) + "\n"


def compose(plan: Plan) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the site, in memory, and the notes to show (problems of the input)."""
    notes: list[str] = []
    profile = profile_setting(plan, lambda message: notes.append(f"vitae_profile: {message}"))
    counts = {v: _count(plan, v) for v in plan.variants}
    copies, missing = relative_files(plan)
    markup = MystMarkup() if plan.markdown else Markup()
    suffix = markup.suffix
    files: dict[str, bytes] = {
        "refs.bib": plan.bib.data,
        "source/conf.py": conf_py(
            plan, profile, counts, bool(copies), previews_off=any(": preview = " in m for m in missing)
        ).encode(),
        f"source/index{suffix}": index_page(plan, markup, profile).encode(),
        f"source/publications{suffix}": publications_page(markup).encode(),
        f"source/cv{suffix}": cv_page(plan, markup).encode(),
        "Makefile": template("Makefile", PYTHON=_make_word(plan.python)).encode(),
        "requirements.txt": requirements(plan.markdown).encode(),
        ".gitignore": template("gitignore").encode(),
        ".github/workflows/pages.yml": template("pages.yml").encode(),
    }
    files.update(copies)
    notes += [
        f"{plan.bib.path.name}: {m}: a relative link to a file that was not found; put the file in "
        "source/_extra/ (with html_extra_path = ['_extra'] in conf.py) or set vitae_link_base"
        for m in missing
    ]
    if missing and plan.profile.folder is None:
        notes.append("(init copies such files itself from al-folio's assets/pdf/ when --bib is the repository's "
                     "_bibliography/papers.bib, or with --config)")  # fmt: skip
    notes += plan.bib.problems
    return files, notes


def _count(plan: Plan, variant: str) -> int:
    key = parse_name(variant)
    return sum(1 for pub in plan.bib.records.values() if any(a.key == key for a in pub.authors))


# -- writing ------------------------------------------------------------------------------------


def check_target(folder: Path, merge: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise StarterError(f"{folder} exists and is not a folder")
    if folder.is_dir() and not merge:
        present = sorted(p.name for p in folder.iterdir())
        if present:
            shown = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise StarterError(
                f"{folder} exists and is not empty ({shown}); choose a new folder, or add --merge "
                "to write only the files it does not have"
            )


def write(folder: Path, files: Mapping[str, bytes]) -> tuple[list[str], list[str]]:
    """Write the files that do not exist yet; return (written, skipped). Never overwrites."""
    written: list[str] = []
    skipped: list[str] = []
    for relative, data in files.items():
        path = folder / relative
        if path.exists() or path.is_symlink():
            skipped.append(relative)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as handle:  # exclusive: a file that appeared meanwhile stays as it is
                handle.write(data)
        except FileExistsError:
            skipped.append(relative)
            continue
        except OSError as exc:
            raise StarterError(
                f"cannot write {path}: {exc.strerror or exc} (written so far: {len(written)} files)"
            ) from None
        written.append(relative)
    return written, skipped


# -- the command --------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog=PROG,
        description="sphinx-vitae: an academic homepage and a PDF CV from one BibTeX file.",
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    init = commands.add_parser(
        "init",
        help="start a new site from your publications",
        description="Write a new site into FOLDER from your .bib file: your name emphasised, your selected "
        "(or newest) papers on the home page, every entry on a page of its own, a CV page, a Makefile "
        "and a GitHub Pages workflow. Asks for what is missing when run in a terminal; never overwrites a file.",
    )
    init.add_argument("folder", nargs="?", type=Path, help="the new site's folder (must not exist, or be empty)")
    init.add_argument(
        "--bib", type=Path, help="your publications: al-folio's papers.bib, a Zotero, DBLP or Google Scholar export"
    )
    init.add_argument("--name", help="your name, e.g. 'Ada Lovelace' (default: from --config or --resume)")
    init.add_argument("--variant", action="append", default=[], metavar="NAME",
                      help="another way your name is written in the .bib (repeatable)")  # fmt: skip
    init.add_argument("--config", type=Path, help="al-folio's _config.yml: your name's variants and profile links")
    init.add_argument("--resume", type=Path, help="a JSON Resume (al-folio's assets/json/resume.json) for the CV page")
    init.add_argument("--url", help="the address the site will be published at, e.g. https://ada.github.io/")
    init.add_argument("--markdown", action="store_true", help="write the pages in MyST Markdown (needs myst-parser)")
    init.add_argument("--yes", "-y", action="store_true", help="ask nothing: accept the guessed names")
    init.add_argument("--merge", action="store_true", help="the folder may exist: write only the files it lacks")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command != "init":
        parser().print_help()
        return 2
    interactive = not args.yes and _is_terminal(sys.stdin)
    console = Console(interactive, sys.stdout)
    try:
        return init(args, console)
    except StarterError as exc:
        print(f"{PROG} init: error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print(f"\n{PROG} init: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our output went away (| head): no traceback, and no second error on exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream) and stream.isatty()
    except (AttributeError, ValueError):
        return False


def init(args: argparse.Namespace, console: Console) -> int:
    if args.markdown and not _importable("myst_parser"):
        raise StarterError(
            f"--markdown needs myst-parser: install it with '{sys.executable} -m pip install myst-parser'"
        )
    url = _site_url(args.url) if args.url else ""
    folder = args.folder
    if folder is None:
        if not console.interactive:
            raise StarterError("give the new site's folder, e.g. 'sphinx-vitae init my-site --bib papers.bib'", 2)
        folder = Path(console.ask("Folder for the new site", "my-site"))
    check_target(folder, args.merge)
    profile = Profile()
    if args.config:
        read_alfolio_config(args.config, profile)
    if args.resume:
        read_resume(args.resume, profile)
    bib_path = args.bib
    while bib_path is None:
        if not console.interactive:
            raise StarterError("give your publications with --bib FILE.bib", 2)
        answer = console.ask("Your .bib file (al-folio's _bibliography/papers.bib, a Zotero or Scholar export)")
        bib_path = Path(answer) if answer else None
    bib = read_bib(bib_path)
    if profile.folder is None:
        profile.folder = alfolio_folder(bib_path)
        if profile.folder is not None:
            console.say(f"Files that entries link to by a relative name are looked up in {profile.folder}/assets/pdf/")
    name = args.name or profile.name
    if not args.name:
        name = console.ask("Your name", name) if console.interactive else name
    if not name or not name.strip():
        raise StarterError("give your name with --name 'First Last'", 2)
    name = " ".join(name.split())
    variants = choose_variants(name, [*profile.variants, *args.variant], bib, console)
    if not url and profile.site_url:
        url = _site_url(profile.site_url, strict=False)
    plan = Plan(
        name=display_name(name, variants), variants=variants, bib=bib, profile=profile, url=url, markdown=args.markdown
    )
    files, notes = compose(plan)
    written, skipped = write(folder, files)
    copied = sum(1 for relative in written if relative.startswith("source/_extra/"))
    console.say(f"Wrote {len(written)} files to {folder}:")
    for relative in written:
        if not relative.startswith("source/_extra/"):
            console.say(f"  {relative}")
    if copied:
        console.say(f"  source/_extra/: {copied} files the entries link to, copied from {plan.profile.folder}")
    if skipped:
        console.say(f"Skipped {len(skipped)} files that already exist (left as they are):")
        for relative in skipped:
            console.say(f"  {relative}")
    if notes:
        console.say("Worth a look (the build warns about these until they are fixed):")
        for note in notes:
            console.say(f"  {note}")
    console.say(f"Next: cd {_shell_word(str(folder))} && make html, then open build/html/index.html")
    return 0


def display_name(name: str, variants: Sequence[str]) -> str:
    """The name for the site's title, as people read it: of the name given and its variants, the
    one whose given names are written out most fully, first name first ("Kim, J.-Y." with the
    variant "Ji-Young Kim" gives "Ji-Young Kim"; "Lovelace, Ada" gives "Ada Lovelace")."""
    from pybtex.database import Person

    def fullness(candidate: str) -> tuple[int, int]:
        author = author_from_person(Person(candidate))
        # initials and nicknames in parentheses do not make a name fuller
        written = [part for part in author.first.split() if not part.endswith(".") and not part.startswith("(")]
        return (len("".join(written)), -len(author.first))

    best = max([name, *variants], key=fullness)
    shown = author_from_person(Person(best)).display
    return shown or name


def _site_url(raw: str, strict: bool = True) -> str:
    url = raw.strip()
    if not re.match(r"https?://[^/\s?#]+", url, re.IGNORECASE) or safe_url(url) != url:
        if strict:
            raise StarterError(f"--url should be an absolute http(s) address like https://ada.github.io/, not {raw!r}")
        return ""
    return url.rstrip("/") + "/"


def _shell_word(text: str) -> str:
    return text if re.fullmatch(r"[\w./-]+", text) else "'" + text.replace("'", "'\\''") + "'"


if __name__ == "__main__":
    sys.exit(main())
