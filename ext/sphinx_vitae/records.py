"""The publication record: what one BibTeX entry says, decoded once.

Pure data (no Sphinx import). :func:`from_entry` turns a pybtex entry into a
:class:`Publication` — title and venue as styled spans, authors with markers split
off, safe links in a fixed order, badge, award, stage — and lists the problems it
found (missing title, a ``javascript:`` link...) for the caller to report. Records
are cached between builds by the digest of the entry they came from.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from pybtex.database import Entry

from .latexmarkup import Span, parse, to_text
from .mdfields import parse_markdown
from .names import Author, author_from_person

#: (field, label) of the link fields, in the order links are shown. The field names
#: are al-folio's, so an al-folio ``papers.bib`` works as it is; ``url`` is BibTeX's.
LINK_FIELDS: tuple[tuple[str, str], ...] = (
    ("url", "paper"),
    ("html", "html"),
    ("pdf", "pdf"),
    ("arxiv", "arXiv"),
    ("doi", "DOI"),
    ("code", "code"),
    ("slides", "slides"),
    ("poster", "poster"),
    ("video", "video"),
    ("website", "project page"),
    ("blog", "blog"),
    ("supp", "supp"),
)

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_SAFE = "/#?&=%.-_~+:@!$,;*()[]'"

#: fields that only steer how an entry is shown; stripped from exported BibTeX
DISPLAY_FIELDS = frozenset(
    {
        "abbr",
        "stage",
        "selected",
        "award",
        "award_name",
        "bibtex_show",
        "preview",
        "code",
        "slides",
        "poster",
        "video",
        "website",
        "blog",
        "supp",
        "html",
        "pdf",
        "arxiv",
        "altmetric",
        "dimensions",
        "google_scholar_id",
        "inspirehep_id",
        "additional_info",
        "annotation",
        "published",
    }
)


#: venues, notes and statuses of work not (yet) published: no 🎉; "targeting" and "in progress"
#: are how real al-folio files name manuscripts still being written
_PREPRINT = re.compile(
    r"arxiv|preprint|biorxiv|medrxiv|ssrn|submitted|under review|in submission|to appear"
    r"|in preparation|in prep\b|in progress|targeting|working paper",
    re.I,
)
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    field: str = ""  #: the BibTeX field it came from


@dataclass(frozen=True)
class Publication:
    """One entry of ``refs.bib`` as we show it."""

    key: str
    entry_type: str
    title: tuple[Span, ...]
    authors: tuple[Author, ...]
    venue: tuple[Span, ...] = ()
    year: int | None = None
    month: int = 0
    badge: str = ""
    links: tuple[Link, ...] = ()
    award: str = ""  #: the award's name, shown after the trophy (al-folio's ``award_name``, else ``award``)
    award_detail: tuple[Span, ...] = ()  #: al-folio's ``award`` text when ``award_name`` names it
    location: tuple[Span, ...] = ()  #: where a talk or conference took place, shown after the venue
    notes: tuple[tuple[Span, ...], ...] = ()  #: ``note`` and ``additional_info``, shown after the year
    annotation: tuple[Span, ...] = ()  #: al-folio's ``annotation`` (a remark on the authors)
    selected: bool = False
    published: bool = True
    shorttitle: str = ""
    abstract: tuple[Span, ...] = ()
    doi: str = ""
    fields: dict[str, str] = field(default_factory=dict, compare=False)
    line: int = 0  #: line of the entry in its .bib file (0: unknown)
    bibtex: str = ""  #: the entry as BibTeX, display-only fields stripped (for export)
    preview: str = ""  #: al-folio's ``preview`` field as written: an image file name or URL
    # bibliographic details, decoded to plain text, for the page's scholarly metadata
    volume: str = ""
    number: str = ""  #: BibTeX's ``number``: a journal's issue, a report's number
    pages: str = ""  #: as written: "12--34", "e1234"
    publisher: str = ""
    institution: str = ""  #: ``school`` (theses) or ``institution`` (reports)
    isbn: str = ""
    eprint: str = ""  #: an e-print identifier ("2101.00001")
    eprint_type: str = ""  #: where it is: ``archivePrefix`` / ``eprinttype`` ("arXiv")

    @property
    def title_text(self) -> str:
        return "".join(s.text for s in self.title)

    @property
    def venue_text(self) -> str:
        return "".join(s.text for s in self.venue)

    @property
    def label(self) -> str:
        """A short name a reader recognises: "FedALA [AAAI'23]"."""
        short = self.shorttitle
        if not short:
            head, sep, _ = self.title_text.partition(":")
            if sep and 0 < len(head) <= 30:
                short = head.strip()
        people = [author for author in self.authors if not author.is_others]
        if not short and people:
            first = people[0].last
            more = len(people) > 2 or len(people) < len(self.authors)  # "and others" counts as more
            short = f"{first} et al." if more else first
            if len(people) == 2 and not more:
                short = f"{first} and {people[1].last}"
        if not short:
            short = self.key
        if self.badge:
            return f"{short} [{self.badge}]"
        return f"{short} ({self.year})" if self.year else short


def entry_digest(entry: Entry) -> str:
    """A digest of everything in *entry* that can change its record."""
    h = hashlib.blake2b(digest_size=16)
    h.update(entry.type.lower().encode())
    for name, value in sorted(entry.fields.items()):
        h.update(b"\0f" + name.lower().encode() + b"\0" + value.encode())
    for role, persons in sorted(entry.persons.items()):
        h.update(b"\0p" + role.encode())
        for person in persons:
            h.update(b"\0" + str(person).encode())
    return h.hexdigest()


def export_bibtex(key: str, entry: Entry) -> str:
    """The entry as clean BibTeX: standard fields only, our display fields stripped.

    Values are written back as read (pybtex keeps their LaTeX), in braces, which is
    valid because pybtex only accepts balanced values.
    """
    lines = [f"@{entry.type}{{{key},"]
    for role, persons in entry.persons.items():
        lines.append(f"  {role} = {{{' and '.join(str(p) for p in persons)}}},")
    for name, value in entry.fields.items():
        if name.lower() not in DISPLAY_FIELDS:
            lines.append(f"  {name.lower()} = {{{value}}},")
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines)


#: what BibTeX exporters (DBLP, Zotero) escape in DOIs and URLs, as the characters they mean
_URL_ESCAPES = re.compile(r"\\([_%&#~$])|\\textunderscore(?:\{\})?")


def unescape_url(raw: str) -> str:
    """``10.1007/978-3-030-30484-3\\_3`` -> ``10.1007/978-3-030-30484-3_3``."""
    return _URL_ESCAPES.sub(lambda m: m.group(1) or "_", raw)


def clean_doi(raw: str) -> str:
    """A bare DOI: unescaped, case-protecting braces dropped, no ``doi:`` or ``https://doi.org/`` prefix."""
    doi = unescape_url(raw).replace("{", "").replace("}", "").strip()
    return re.sub(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", "", doi, flags=re.I).strip()


def split_urls(raw: str) -> list[str]:
    """Several URLs with a scheme, separated by spaces, are several links; anything else is
    one (a URL broken across lines in a .bib is still the same URL)."""
    parts = raw.split()
    if len(parts) > 1 and all(re.match(r"^[a-z][a-z0-9+.-]*:", part, re.I) for part in parts):
        return parts
    return [raw]


def is_relative(url: str) -> bool:
    """A link to a file of the site (no scheme, not rooted, not a fragment)."""
    return not urlsplit(url).scheme and not url.startswith(("/", "#"))


def link_path(url: str) -> str:
    """The file a relative link names: no fragment or query, percent-escapes decoded."""
    return unquote(url.split("#", 1)[0].split("?", 1)[0])


def safe_url(raw: str) -> str | None:
    """Return *raw* as a usable link target, or None when it must not be linked.

    Accepts http(s), mailto and relative paths. Whitespace is removed first (a URL
    broken across lines in a .bib is still the same URL, and browsers ignore tabs
    and newlines inside ``java\\nscript:`` too).
    """
    raw = unescape_url(raw.strip())
    url = re.sub(r"[\s\x00-\x1f\x7f]+", "", raw)
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme:
        if parts.scheme.lower() not in SAFE_SCHEMES:
            return None
    elif ":" in url.split("/", 1)[0]:
        return None  # "javascript&colon;"-like oddities that urlsplit did not read as a scheme
    else:
        url = re.sub(r"[\x00-\x1f\x7f]+", "", raw)  # a file name keeps its spaces: "My Paper.pdf"
    # characters that are not allowed in a URL ("{", "\\", '"', "<", spaces) are percent-encoded
    return quote(url, safe=_URL_SAFE)


#: an HTML link written into a link field, as al-folio users paste them: its target is the link
_ANCHOR_HREF = re.compile(r"<a\s[^>]*?\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


def _link_url(name: str, value: str) -> str:
    value = value.strip()
    anchor = _ANCHOR_HREF.search(value)
    if anchor:  # 'doi:<a href="https://doi.org/10.1/x">10.1/x</a>': the href, checked by safe_url as any link
        value = next(group for group in anchor.groups() if group is not None).strip()
    if re.fullmatch(r"doi:\s*10\.\d{4,9}/\S+", value, re.I) or (
        name == "doi" and not re.match(r"^[a-z]+:", value, re.I)
    ):
        return "https://doi.org/" + quote(clean_doi(value), safe="/().-_;:")
    if name == "arxiv" and not re.match(r"^[a-z]+:", value, re.I):
        return "https://arxiv.org/abs/" + quote(re.sub(r"^arxiv:", "", value, flags=re.I), safe="/.")
    return value


def _year(raw: str) -> int | None:
    match = re.search(r"\d{4}", raw)
    return int(match.group()) if match else None


def _truthy(raw: str) -> bool:
    return raw.strip().strip("{}").lower() in {"true", "yes", "1", "y"}


def from_entry(key: str, entry: Entry, line: int = 0) -> tuple[Publication, list[str]]:
    """Build the record of *entry*; also return the problems found, as messages."""
    problems: list[str] = []
    fields = {name.lower(): value for name, value in entry.fields.items()}
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    authors = tuple(author_from_person(p) for p in persons)
    title = parse(fields.get("title", ""))
    if not title:
        problems.append("has no title")
    # no year is no mistake: work in preparation shows without one, as on al-folio
    year = _year(fields.get("year", "") or fields.get("date", ""))
    if not authors and entry.type.lower() not in {"software", "misc", "online", "dataset"}:
        problems.append("has no authors")
    venue_raw = next(
        (
            fields[name]
            for name in (
                "booktitle",
                "journal",
                "journaltitle",
                "eventtitle",
                "school",
                "institution",
                "howpublished",
                "publisher",
                "organization",
            )
            if fields.get(name)
        ),
        "",
    )
    venue = parse(venue_raw)
    links: list[Link] = []
    seen: set[str] = set()
    for name, label in LINK_FIELDS:
        value = fields.get(name, "").strip()
        if not value or (name != "doi" and value.lower() in {"true", "false"}):
            continue
        for part in split_urls(value):
            url = safe_url(_link_url(name, part))
            if url is None:
                problems.append(
                    f"has an unsafe {name} link {part!r} (only http(s), mailto and relative links are kept)"
                )
            elif url not in seen:
                seen.add(url)
                links.append(Link(label, url, name))
    type_ = entry.type.lower()
    status = (fields.get("pubstate", "") + " " + fields.get("status", "")).strip()
    if "published" in fields:
        published = _truthy(fields["published"])
    else:
        published = type_ != "unpublished" and not _PREPRINT.search(
            venue_raw + " " + status + " " + fields.get("note", "")
        )
    month_raw = fields.get("month", "").strip().lower().rstrip(".")
    month = _MONTHS.get(month_raw[:3] if month_raw[:3] in _MONTHS else month_raw, 0)
    if not month and month_raw.isdigit():
        month = int(month_raw) if 1 <= int(month_raw) <= 12 else 0
    pub = Publication(
        key=key,
        entry_type=type_,
        title=title,
        authors=authors,
        venue=venue,
        year=year,
        month=month,
        badge=to_text(fields.get("abbr", "")),
        links=tuple(links),
        # al-folio shows award_name as a button that reveals the award text: both are kept
        # award and additional_info are Markdown to al-folio (its markdownify), note is plain BibTeX
        award=(fields.get("award_name", "") and to_text(fields["award_name"]))
        or "".join(span.text for span in parse_markdown(fields.get("award", ""))),
        award_detail=parse_markdown(fields["award"]) if fields.get("award_name") and fields.get("award") else (),
        location=parse(fields.get("location", "")),
        notes=tuple(
            spans
            for spans in (parse(fields.get("note", "")), parse_markdown(fields.get("additional_info", "")))
            if spans
        ),
        annotation=parse(fields.get("annotation", "")),
        selected=_truthy(fields.get("selected", "")),
        published=published,
        shorttitle=to_text(fields.get("shorttitle", "")),
        abstract=parse(fields.get("abstract", "")),
        doi=clean_doi(fields.get("doi", "")),
        # raw values: decoded on demand (a group field, a filter), not for every field of every entry
        fields={name: value for name, value in fields.items() if name not in {"abstract"}},
        line=line,
        bibtex=export_bibtex(key, entry),
        preview=fields.get("preview", "").strip(),
        volume=to_text(fields.get("volume", "")).strip(),
        number=to_text(fields.get("number", "") or fields.get("issue", "")).strip(),
        pages=to_text(fields.get("pages", "")).strip(),
        publisher=to_text(fields.get("publisher", "")).strip(),
        institution=to_text(fields.get("school", "") or fields.get("institution", "")).strip(),
        isbn=to_text(fields.get("isbn", "")).strip(),
        eprint=to_text(fields.get("eprint", "")).strip(),
        eprint_type=to_text(fields.get("archiveprefix", "") or fields.get("eprinttype", "")).strip(),
    )
    if pub.preview and preview_link(pub) is None:
        problems.append(f"has an unsafe preview image {pub.preview!r} (only http(s) and relative links are kept)")
    return pub, problems


def preview_link(pub: Publication) -> Link | None:
    """The entry's preview image as a link of the ``preview`` field (so ``vitae_link_base`` and
    the site's root complete a relative one like any other link), or None: no preview, or one
    that is not an http(s) or relative link (``javascript:``, ``data:``, ``mailto:``)."""
    if not pub.preview:
        return None
    url = safe_url(pub.preview)
    if url is None or url.lower().startswith("mailto:"):
        return None
    return Link("preview", url, "preview")


def sort_key(pub: Publication, position: int) -> tuple[int, int, int]:
    """Newest first; undated entries last; ties keep the order of the .bib file."""
    return (-(pub.year or -10_000), -pub.month, position)
