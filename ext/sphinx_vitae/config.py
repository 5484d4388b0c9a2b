"""Configuration values (all prefixed ``vitae_``), validated once on ``config-inited``.

Every value has an expected *shape* in :data:`SETTINGS` (in the spirit of
sphinx-design's config dataclass): a flag, a text, a list of names, a table of
name -> URL, the profile record, the publication folder. :func:`validate` checks
every value against its shape before anything reads it; a wrong value gives exactly
one warning (subtype ``config``) that names the setting, what it got and what is used
instead, and the value is replaced by that safe fallback. Later modules trust the
configuration: ``vitae_owner`` is a list of strings, every URL in it passed
:func:`.records.safe_url`, ``vitae_publication_dir`` is a plain folder strictly
inside the source folder.

The check runs at priority 400: before the other ``config-inited`` handlers read the
values (ours at 500, Sphinx's own type check at 800). Each value is then of the type
its ``types=`` declares, so Sphinx's check never adds a second, vaguer message for
the same problem; ``types=`` still serves ``-D`` on the command line (``-D
vitae_toggles=0`` is a bool) and the documentation.
"""

from __future__ import annotations

import json
import os
import re
import reprlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sphinx.util import logging

from .records import safe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: a problem report: (setting name, message)
Report = Callable[[str, str], None]

_DROP = object()  #: an item that is left out of its table or record
_repr = reprlib.Repr()
_repr.maxstring = 200
_repr.maxother = 60
_repr.maxlist = _repr.maxtuple = _repr.maxdict = 4


def _got(value: Any) -> str:
    """What a message says the user gave: ``None``, ``3 (int)``, ``['a'] (list)``."""
    return "None" if value is None else f"{_repr.repr(value)} ({type(value).__name__})"


class Shape:
    """An expected value; :meth:`clean` returns it checked (or :data:`_DROP`)."""

    expected: ClassVar[str] = "a value"

    def describe(self) -> str:
        """How the expected value is named in a warning: a shape's own ``what``, else its kind's."""
        return str(getattr(self, "what", self.expected))

    def clean(self, value: Any, where: str, report: Report) -> Any:
        raise NotImplementedError

    def wrong(self, value: Any, where: str, report: Report, fallback: str = "dropped") -> object:
        report(where, f"{where} should be {self.describe()}, not {_got(value)}; {fallback}")
        return _DROP


@dataclass(frozen=True)
class Flag(Shape):
    expected: ClassVar[str] = "True or False"

    def clean(self, value: Any, where: str, report: Report) -> Any:
        return value if isinstance(value, bool) else self.wrong(value, where, report)


@dataclass(frozen=True)
class Text(Shape):
    """A string; *pattern* (a full match) narrows it, *what* says what it is for."""

    what: str = "a string"
    pattern: str | None = None

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if not isinstance(value, str) or (self.pattern is not None and not re.fullmatch(self.pattern, value)):
            return self.wrong(value, where, report)
        return value


@dataclass(frozen=True)
class Names(Shape):
    """A list of non-blank strings; one string is a list of one (``vitae_owner = "Ada"``)."""

    what: str = "a list of names (strings)"
    #: whether a lone string is accepted without a word (it is documented for vitae_owner)
    quiet_string: bool = True

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if isinstance(value, str):
            if not self.quiet_string:
                report(where, f"{where} should be {self.what}, not {_got(value)}; using [{value!r}]")
            return [value] if value.strip() else []
        if not isinstance(value, (list, tuple)):
            return self.wrong(value, where, report)
        kept = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                kept.append(item)
            else:
                report(f"{where}[{index}]", f"{where}[{index}] should be a non-empty string, not {_got(item)}; dropped")
        return kept


@dataclass(frozen=True)
class Url(Shape):
    """A link target accepted by :func:`.records.safe_url`; *base* narrows it further."""

    what: str = "a URL (a string)"
    #: only absolute http(s) URLs and paths from the site root ("/assets/pdf/")
    base: bool = False

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if not isinstance(value, str):
            return self.wrong(value, where, report)
        url = safe_url(value)
        if url is None:
            report(
                where,
                f"{where} is an unsafe link {value!r} (only http(s), mailto and relative links are kept); dropped",
            )
            return _DROP
        if self.base and not (re.match(r"https?://[^/?#]", url, re.IGNORECASE) or re.match(r"/(?![/\\])", url)):
            report(
                where,
                f"{where} should be an absolute http(s) URL or a path from the site root ('/...'), "
                f"not {value!r}; dropped",
            )
            return _DROP
        return url


@dataclass(frozen=True)
class Limit(Shape):
    """None (no limit) or a whole number of at least 1; ``-D name=5`` gives the string "5"."""

    expected: ClassVar[str] = "None (no limit) or a whole number of at least 1"

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            return value
        return self.wrong(value, where, report)


@dataclass(frozen=True)
class Email(Shape):
    """An e-mail address (``mailto:`` is taken off); its ``mailto:`` link must be safe."""

    expected: ClassVar[str] = "an e-mail address (a string like 'ada@example.org')"

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if not isinstance(value, str):
            return self.wrong(value, where, report)
        address = re.sub(r"^mailto:", "", value.strip(), flags=re.IGNORECASE)
        if not re.fullmatch(r"[^@\s<>\"'\\]+@[^@\s<>\"'\\]+", address) or safe_url("mailto:" + address) is None:
            return self.wrong(value, where, report)
        return address


@dataclass(frozen=True)
class Table(Shape):
    """A dict; items are checked one by one and a bad item is left out (the others kept)."""

    what: str
    key: Shape = field(default_factory=Text)
    value: Shape = field(default_factory=Text)

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if not isinstance(value, Mapping):
            return self.wrong(value, where, report)
        kept = {}
        for key, item in value.items():
            if self.key.clean(key, f"{where} key {key!r}", report) is _DROP:
                continue
            checked = self.value.clean(item, f"{where}[{key!r}]", report)
            if checked is not _DROP:
                kept[key] = checked
        return kept


@dataclass(frozen=True)
class Record(Shape):
    """A dict of known keys, each with its own shape; unknown keys are reported and left out."""

    what: str
    fields: Mapping[str, Shape] = field(default_factory=dict)

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if not isinstance(value, Mapping):
            return self.wrong(value, where, report)
        kept = {}
        for key, item in value.items():
            shape = self.fields.get(key) if isinstance(key, str) else None
            if shape is None:
                known = ", ".join(map(repr, self.fields))
                report(f"{where}[{key!r}]", f"{where} has an unknown key {key!r} (known: {known}); dropped")
                continue
            checked = shape.clean(item, f"{where}[{key!r}]", report)
            if checked is not _DROP:
                kept[key] = checked
        return kept


_PLAIN_FOLDER = r"[A-Za-z0-9][A-Za-z0-9._-]*"


@dataclass(frozen=True)
class Folder(Shape):
    """A relative path of plain folder names (``pub``, ``papers/pages``).

    Not ``.``/``..``/empty parts, not absolute, no drive letter or backslash, no part
    starting with ``.`` or ``_`` (hidden folders, and the ``_static``/``_build``/``_images``
    kind Sphinx uses in the source and the output). Whether the folder is free (no
    static or template path, no document of the site) needs the application: see
    :func:`folder_problem`.
    """

    expected: ClassVar[str] = (
        "a folder inside the source folder: plain names (letters, digits, '.', '-', '_') joined by '/', "
        "none starting with '.' or '_' (e.g. 'pub')"
    )

    def clean(self, value: Any, where: str, report: Report) -> Any:
        if not isinstance(value, str):
            return self.wrong(value, where, report)
        text = value.rstrip("/")
        parts = text.split("/")
        if not text or not all(re.fullmatch(_PLAIN_FOLDER, part) and part.strip(".") for part in parts):
            return self.wrong(value, where, report)
        return text


@dataclass(frozen=True)
class Setting:
    """One configuration value: its default, what it invalidates, its type and shape."""

    name: str
    default: Any
    rebuild: str
    types: tuple[type, ...]
    shape: Shape
    description: str


_URLS = Table("a dict of name -> URL (strings)", Text("a name (a non-empty string)", r"(?s).*\S.*"), Url())
_PROFILE = Record(
    "a dict with the keys 'name', 'position', 'affiliation', 'email', 'photo', 'links' (label -> URL) and 'cv_pdf'",
    {
        "name": Text(),
        "position": Text(),
        "affiliation": Text(),
        "email": Email(),
        # a file, relative to conf.py's folder; :mod:`.profile` checks that it exists
        "photo": Text("a path to an image file (a non-empty string)", r"(?s).*\S.*"),
        "links": Table("a dict of label -> URL (strings)", Text("a label (a non-empty string)", r"(?s).*\S.*"), Url()),
        # the PDF CV the site links to: a file (copied to the site) or a URL
        "cv_pdf": Text("a path to the PDF file or its URL (a non-empty string)", r"(?s).*\S.*"),
    },
)

SETTINGS: tuple[Setting, ...] = (
    Setting("vitae_owner", [], "env", (list, tuple, str), Names(),
            "Name variants of the profile owner, emphasised in author lists."),
    Setting("vitae_group_field", "stage", "env", (str,),
            Text("a BibTeX field name (letters, digits, '-', '_')", r"[A-Za-z][A-Za-z0-9_-]*"),
            "BibTeX field that names an entry's group (research stage)."),
    Setting("vitae_marker", "🎉", "env", (str,), Text("a string ('' for no marker)"),
            "Marker shown before published work; empty for none."),
    Setting("vitae_coauthors", {}, "env", (dict,), _URLS,
            "Co-author name -> homepage URL, linked wherever the name appears."),
    Setting("vitae_profile", {}, "env", (dict,), _PROFILE,
            "name, position, affiliation, email, photo, links (label -> URL) and cv_pdf of the owner."),
    Setting("vitae_publication_pages", True, "env", (bool,), Flag(), "Generate one page per publication."),
    Setting("vitae_publication_dir", "pub", "env", (str,), Folder(),
            "Folder (inside the source folder) of the generated pages."),
    Setting("vitae_toggles", True, "env", (bool,), Flag(), "Collapsed abstract toggles under list entries."),
    Setting("vitae_bibtex_toggle", True, "env", (bool,), Flag(), "A collapsed BibTeX toggle under list entries."),
    Setting("vitae_link_base", {}, "env", (dict,),
            Table("a dict of field -> base URL (strings)", Text("a BibTeX field name", r"[A-Za-z][A-Za-z0-9_-]*"),
                  Url("an absolute http(s) URL or a path from the site root", base=True)),
            "Field -> base URL for relative links, e.g. {'pdf': 'https://me.github.io/assets/pdf/'} (al-folio)."),
    Setting("vitae_gc_freeze", True, "", (bool,), Flag(),
            "Keep the garbage collector off start-up objects during the build."),
    Setting("vitae_template_cache", True, "", (bool,), Flag(),
            "Keep the HTML builder's compiled page templates between builds."),
    Setting("vitae_contribution_markers", {"*": "equal contribution", "†": "corresponding author"}, "env", (dict,),
            Table("a dict of marker -> meaning (strings)", Text("a marker (a non-empty string)", r"(?s).*\S.*"),
                  Text("a meaning (a string)")),
            "Marker -> meaning, shown as a legend under lists whose entries use the marker."),
    Setting("vitae_latex_cv", False, "env", (bool,), Flag(),
            "Typeset the LaTeX/PDF output as a compact CV (title block from vitae_profile, howto class, "
            "no contents or index, CV fonts and colours); otherwise the project's own PDF layout is kept."),
    Setting("vitae_max_authors", None, "env", (int, type(None)), Limit(),
            "Authors a list entry shows before 'and 294 more authors' (al-folio's max_author_limit); "
            "the owner and :emphasize: people always stay; None shows all."),
    Setting("vitae_previews", "web", "env", (str,), Text("'web', 'all' or 'off'", "web|all|off"),
            "al-folio's preview images beside list entries: 'web' (on screen), 'all' (printed pages too), 'off'."),
)  # fmt: skip

#: name, default, rebuild, types, description (the shape of :data:`SETTINGS` before 0.2)
CONFIG_VALUES: tuple[tuple[str, Any, str, Any, str], ...] = tuple(
    (s.name, s.default, s.rebuild, s.types, s.description) for s in SETTINGS
)

#: sphinxcontrib-bibtex's own setting, which we read too: a list of file names
BIBFILES = Names("a list of .bib file names (strings)", quiet_string=False)


def owner_variants(config: Config) -> list[str]:
    """The owner's name variants (validated: a list of non-blank strings)."""
    return list(config.vitae_owner)


def setting_location(app: Sphinx, config: Config, name: str) -> str | None:
    """``conf.py:line`` of the (last) assignment to *name*; None when conf.py does not assign it
    (a value given with ``-D``, or a default): then the message, which names the setting, says it all."""
    if name in config.overrides:
        return None
    path = Path(app.confdir or app.srcdir) / "conf.py"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*(?:\[[^\]]*\]\s*)?(?::[^=]*)?[+|]?=")
    found = [number for number, line in enumerate(lines, 1) if pattern.match(line)]
    return f"{path}:{found[-1]}" if found else None  # the last assignment is the one that counts


def _reporter(app: Sphinx, config: Config, name: str) -> Report:
    location = setting_location(app, config, name)

    def report(where: str, message: str) -> None:
        logger.warning(message, type="vitae", subtype="config", location=location)

    return report


def check(setting: Setting, value: Any, report: Report) -> Any:
    """*value* checked against *setting*'s shape; its default when it does not fit."""
    if value is None and setting.default is not None:
        report(setting.name, f"{setting.name} should be {setting.shape.describe()}, not None; "
                             f"using the default {setting.default!r}")  # fmt: skip
        return _copy(setting.default)
    cleaned = setting.shape.clean(value, setting.name, _once(report, setting.name, repr(setting.default)))
    return _copy(setting.default) if cleaned is _DROP else cleaned


def _once(report: Report, name: str, default: str) -> Report:
    """Say "using the default" instead of "dropped" when the whole value is replaced."""

    def wrapped(where: str, message: str) -> None:
        if where == name and message.endswith("; dropped"):
            message = message.removesuffix("; dropped") + f"; using the default {default}"
        report(where, message)

    return wrapped


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value)) if isinstance(value, (list, dict)) else value


def _source_suffixes(config: Config) -> tuple[str, ...]:
    suffix = config.source_suffix
    if isinstance(suffix, str):
        return (suffix,)
    if isinstance(suffix, Mapping):
        return tuple(str(s) for s in suffix)
    try:
        return tuple(str(s) for s in suffix) or (".rst",)
    except TypeError:
        return (".rst",)


def folder_problem(app: Sphinx, config: Config, folder: str) -> str | None:
    """Why *folder* (a plain relative path) cannot hold the generated pages, or None.

    It must not be, hold or lie in a folder Sphinx reads or writes (static and
    template paths, extra files, translations, the output), and must not already
    hold documents of the site: files with a source suffix that we did not write.
    """
    from .pages import generated_files  # pages owns the manifest of what it wrote

    srcdir = Path(app.srcdir).resolve()
    target = (srcdir / folder).resolve()
    if target == srcdir or srcdir not in target.parents:
        return "it is not strictly inside the source folder (a link leads out?)"
    confdir = Path(app.confdir or app.srcdir)
    used: list[tuple[str, Path]] = []
    for setting in ("html_static_path", "templates_path", "html_extra_path", "locale_dirs"):
        for entry in getattr(config, setting, None) or []:
            if isinstance(entry, (str, os.PathLike)):
                used.append((setting, (confdir / entry).resolve()))
    used += [("the output folder", Path(app.outdir).resolve()), ("the doctree folder", Path(app.doctreedir).resolve())]
    for what, path in used:
        if path == target or path in target.parents or target in path.parents:
            return f"Sphinx uses it ({what})"
    if target.is_dir():
        ours = generated_files(target)
        suffixes = _source_suffixes(config)
        for dirpath, dirnames, filenames in os.walk(target):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for filename in filenames:
                path = Path(dirpath) / filename
                if filename.endswith(suffixes) and not (path.parent == target and filename in ours):
                    return f"it holds documents of the site ({path.relative_to(srcdir).as_posix()})"
    return None


def validate(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: every value checked against its shape, wrong ones replaced."""
    for setting in SETTINGS:
        report = _reporter(app, config, setting.name)
        setattr(config, setting.name, check(setting, getattr(config, setting.name), report))
    _check_folder(app, config)
    _check_bibfiles(app, config)
    _check_encoding(app, config)


def _check_folder(app: Sphinx, config: Config) -> None:
    folder = config.vitae_publication_dir
    default = "pub"
    if not config.vitae_publication_pages or folder == default:
        return  # the default is not replaced by itself: pages.py still never touches what is not ours
    problem = folder_problem(app, config, folder)
    if problem:
        _reporter(app, config, "vitae_publication_dir")(
            "vitae_publication_dir",
            f"vitae_publication_dir cannot be {folder!r}: {problem}; using the default {default!r}",
        )
        config.vitae_publication_dir = default


def _check_bibfiles(app: Sphinx, config: Config) -> None:
    """sphinxcontrib-bibtex reads the setting on ``builder-inited``: a list by then."""
    location = setting_location(app, config, "bibtex_bibfiles")
    reported: list[str] = []

    def report(where: str, message: str) -> None:
        reported.append(message)
        logger.warning(message, type="vitae", subtype="config", location=location)

    value = config.bibtex_bibfiles
    if value is not None:
        value = BIBFILES.clean(
            value, "bibtex_bibfiles", _once(report, "bibtex_bibfiles", "[]: no publications can be shown")
        )
    if value is _DROP:
        value = []
    if not value and not reported:
        logger.warning(
            "bibtex_bibfiles is not set: no publications can be shown; set it in conf.py, "
            "e.g. bibtex_bibfiles = ['../refs.bib']",
            type="vitae",
            subtype="config",
            location=location,
        )
    config.bibtex_bibfiles = value or []


def _check_encoding(app: Sphinx, config: Config) -> None:
    """sphinxcontrib-bibtex's ``bibtex_encoding``: the name of a codec Python knows; its
    default (``utf-8-sig``: UTF-8, with or without a byte-order mark) otherwise."""
    import codecs

    value = config.bibtex_encoding
    try:
        if isinstance(value, str):
            codecs.lookup(value)
            return
        problem = f"should be the name of an encoding, not {value!r} ({type(value).__name__})"
    except LookupError:
        problem = f"names no encoding Python knows ({value!r})"
    logger.warning(
        f"bibtex_encoding {problem}; using the default 'utf-8-sig'",
        type="vitae",
        subtype="config",
        location=setting_location(app, config, "bibtex_encoding"),
    )
    config.bibtex_encoding = "utf-8-sig"


def setup_config(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(
            setting.name,
            setting.default,
            setting.rebuild,  # type: ignore[arg-type]  # one of Sphinx's rebuild names, declared in SETTINGS
            types=setting.types,
            description=setting.description,
        )
    app.connect("config-inited", validate, priority=400)
