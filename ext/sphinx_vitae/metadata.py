"""What a page tells machines about itself: scholarly metadata, descriptions, link previews.

Pure (no Sphinx import): :func:`publication_head` and :func:`person_head` take a record and a
:class:`Site` (the page's address, the site's address, co-author homepages) and give
:class:`Head`, the tags for the page's ``<head>``. :mod:`.html` calls them on
``html-page-context``.

* Highwire Press ``citation_*`` tags, one venue tag per kind of work, as Google Scholar's
  inclusion guidelines name them and as Zotero's *Embedded Metadata* translator reads them
  (its item type follows the venue tag: ``citation_journal_title`` a journal article,
  ``citation_conference_title`` a conference paper, ``citation_dissertation_institution`` a
  thesis, ``citation_technical_report_institution`` a report, ``citation_inbook_title`` a book
  section, ``citation_isbn`` alone a book).
* A schema.org JSON-LD record: the work, what it is part of (a periodical's volume and issue,
  a proceedings volume, a book; never an event), its DOI and arXiv identifiers, its authors
  with their homepages; on the home page the ``Person``, without the e-mail address.
* One description (``<meta name="description">`` and ``og:description``) from the abstract,
  else a line of authors, venue and year; Open Graph and Twitter card tags that are ours.

Every value is escaped for its context (an attribute, or JSON inside ``<script>``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import quote, urljoin

from .names import Author
from .records import Link, Publication, is_relative

#: the length Google and link previews show of a description, and sphinxext-opengraph's default
DESCRIPTION_LENGTH = 200

_TYPES = {
    "article": "ScholarlyArticle",
    "inproceedings": "ScholarlyArticle",
    "conference": "ScholarlyArticle",
    "incollection": "Chapter",
    "inbook": "Chapter",
    "book": "Book",
    "phdthesis": "Thesis",
    "mastersthesis": "Thesis",
    "thesis": "Thesis",
    "software": "SoftwareSourceCode",
    "techreport": "Report",
    "report": "Report",
}
_PROCEEDINGS = frozenset({"inproceedings", "conference"})
_CHAPTERS = frozenset({"incollection", "inbook"})
_THESES = frozenset({"phdthesis", "mastersthesis", "thesis"})
_REPORTS = frozenset({"techreport", "report"})
_DEGREES = {"phdthesis": "PhD", "mastersthesis": "Master's"}

#: an arXiv identifier: new style "2101.00001v2", old style "hep-th/9901001"
_ARXIV_ID = r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)"
_ARXIV_IN_TEXT = re.compile(r"arxiv(?:\s+preprint)?\s*:?\s*(?:abs/)?" + _ARXIV_ID, re.I)
_ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/" + _ARXIV_ID + r"(?:\.pdf)?/?$", re.I)
#: the venue of a preprint on a server, not a journal or conference
_PREPRINT_VENUE = re.compile(
    r"^\s*(?:arxiv|biorxiv|medrxiv|chemrxiv|ssrn|research square|osf preprints)\b|preprint", re.I
)


@dataclass(frozen=True)
class Site:
    """Where a page is and what the site knows about people."""

    page_url: str = ""  #: the page's own absolute URL ("" without ``html_baseurl``)
    base_url: str = ""  #: ``html_baseurl``
    link_base: Mapping[str, str] = field(default_factory=dict)  #: ``vitae_link_base``
    homepage: Callable[[Author], str | None] = lambda author: None  #: ``vitae_coauthors``


@dataclass
class Head:
    """The tags a page gets in its ``<head>``."""

    metatags: str = ""  #: ``citation_*`` and JSON-LD, ready to append
    description: str = ""  #: for ``<meta name="description">`` (unless the page has one already)
    #: Open Graph properties ("og:title" -> value): given to sphinxext-opengraph as the page's
    #: overrides when it runs, else written as tags by :meth:`og_tags`
    og: dict[str, str] = field(default_factory=dict)
    twitter_card: str = ""

    def og_tags(self, og: bool = True) -> str:
        """The Open Graph tags (unless not *og*) and the Twitter card tag."""
        tags = [_meta(name, value, "property") for name, value in self.og.items()] if og else []
        if self.twitter_card:
            tags.append(_meta("twitter:card", self.twitter_card))
        return "".join(tags)

    def description_tag(self) -> str:
        return _meta("description", self.description) if self.description else ""


def _meta(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{escape(name)}" content="{escape(content, quote=True)}" />\n'


def json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # no "</script>" or "<!--" can end the block early
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def _absolute(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def arxiv_id(pub: Publication) -> str:
    """The entry's arXiv identifier: its ``eprint`` (with ``archivePrefix = arXiv``, or an
    identifier of arXiv's shape), an ``arxiv.org`` link, or "arXiv:2101.00001" in its venue."""
    if pub.eprint and (pub.eprint_type.lower() == "arxiv" or not pub.eprint_type):
        match = re.fullmatch(r"(?:arxiv:)?" + _ARXIV_ID, pub.eprint.strip(), re.I)
        if match:
            return match.group(1)
    for link in pub.links:
        match = _ARXIV_URL.match(link.url)
        if match:
            return match.group(1)
    match = _ARXIV_IN_TEXT.search(pub.venue_text + " " + pub.fields.get("journal", ""))
    return match.group(1) if match else ""


def is_preprint(pub: Publication) -> bool:
    """A preprint on a server: an e-print entry that is not a journal or conference paper,
    or one whose venue is the server ("arXiv preprint arXiv:...", "bioRxiv")."""
    if pub.entry_type in _PROCEEDINGS | _CHAPTERS | _THESES | _REPORTS | {"book", "software"}:
        return False
    if pub.venue_text and _PREPRINT_VENUE.search(pub.venue_text):
        return True
    return (
        pub.entry_type in {"misc", "unpublished", "online", "article"}
        and bool(pub.eprint)
        and (not pub.venue_text or pub.entry_type != "article")
    )


def _repository(pub: Publication) -> str:
    """The preprint server's name: the e-print's archive, else the venue's first word."""
    if arxiv_id(pub):
        return "arXiv"
    if pub.eprint_type:
        return pub.eprint_type
    match = re.match(r"\s*(\S+)", pub.venue_text)
    return match.group(1) if match and not match.group(1).lower().startswith("preprint") else ""


def page_range(pages: str) -> tuple[str, str]:
    """("12", "34") of "12--34", "12-34", "12–34"; ("e1234", "") of one page."""
    parts = [part.strip() for part in re.split(r"\s*(?:-+|–|—)\s*", pages.strip(), maxsplit=1)]
    first = parts[0] if parts else ""
    last = parts[1] if len(parts) > 1 else ""
    return first, last


def pdf_url(pub: Publication, site: Site) -> str:
    """The absolute address of the entry's PDF, or "" when it has none a reader could fetch:
    an off-site ``.pdf`` link as it is; al-folio's relative ``pdf`` under its
    ``vitae_link_base``, else under ``html_baseurl``."""
    for link in pub.links:
        if link.label == "pdf" or link.url.lower().split("?")[0].split("#")[0].endswith(".pdf"):
            url = _completed(link, site)
            if url:
                return url
    return ""


def _completed(link: Link, site: Site) -> str:
    if _absolute(link.url):
        return link.url
    if not is_relative(link.url):  # "/assets/x.pdf" from the site's root, or mailto:
        return urljoin(site.base_url, link.url) if site.base_url and link.url.startswith("/") else ""
    base = site.link_base.get(link.field, "")
    if base:
        url = base.rstrip("/") + "/" + link.url
        return url if _absolute(url) else (urljoin(site.base_url, url) if site.base_url else "")
    return urljoin(site.base_url, link.url) if site.base_url else ""


def _people(pub: Publication) -> list[Author]:
    return [author for author in pub.authors if not author.is_others]  # "and others" is nobody's name


def highwire_tags(pub: Publication, site: Site) -> list[tuple[str, str]]:
    """(name, content) of the ``citation_*`` tags of *pub*, in the order Scholar lists them."""
    tags = [("citation_title", pub.title_text or pub.key)]
    tags += [("citation_author", author.display) for author in _people(pub)]
    if pub.year:
        tags.append(("citation_publication_date", f"{pub.year}/{pub.month:02d}" if pub.month else str(pub.year)))
    if pub.entry_type == "software":
        return tags  # no reader has a venue tag for software; a journal's would make it an article
    kind = pub.entry_type
    venue = pub.venue_text
    if is_preprint(pub):
        repository = _repository(pub)
        identifier = arxiv_id(pub)
        if repository:
            tags.append(("citation_technical_report_institution", repository))
        if identifier:
            tags.append(("citation_technical_report_number", f"arXiv:{identifier}"))
            tags.append(("citation_arxiv_id", identifier))  # as arxiv.org's own pages carry it
    elif kind == "article" and venue:
        tags.append(("citation_journal_title", venue))
    elif kind in _PROCEEDINGS and venue:
        tags.append(("citation_conference_title", venue))
    elif kind in _THESES and (pub.institution or venue):
        tags.append(("citation_dissertation_institution", pub.institution or venue))
    elif kind in _REPORTS:
        if pub.institution or venue:
            tags.append(("citation_technical_report_institution", pub.institution or venue))
        if pub.number:
            tags.append(("citation_technical_report_number", pub.number))
    elif kind in _CHAPTERS:
        booktitle = pub.fields.get("booktitle") and venue
        if booktitle:
            tags.append(("citation_inbook_title", booktitle))
    if kind in _CHAPTERS | {"book"} | _PROCEEDINGS and pub.publisher:
        tags.append(("citation_publisher", pub.publisher))
    if pub.isbn and kind in _CHAPTERS | {"book"} | _PROCEEDINGS | _REPORTS | _THESES:
        tags.append(("citation_isbn", pub.isbn))
    if pub.volume:
        tags.append(("citation_volume", pub.volume))
    if pub.number and kind not in _REPORTS:
        tags.append(("citation_issue", pub.number))
    first, last = page_range(pub.pages)
    if first:
        tags.append(("citation_firstpage", first))
    if last:
        tags.append(("citation_lastpage", last))
    if pub.doi:
        tags.append(("citation_doi", pub.doi))
    if pub.abstract:
        tags.append(("citation_abstract", abstract_text(pub)))
    pdf = pdf_url(pub, site)
    if pdf:
        tags.append(("citation_pdf_url", pdf))
    return tags


def abstract_text(pub: Publication) -> str:
    return " ".join("".join(" " if "br" in span.styles else span.text for span in pub.abstract).split())


def _organization(name: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name}


def _container(pub: Publication) -> dict[str, Any] | None:
    """What the work is part of: a periodical (through its volume and issue), a proceedings
    volume, a book."""
    venue = pub.venue_text
    if not venue or is_preprint(pub):
        return None
    if pub.entry_type == "article":
        part: dict[str, Any] = {"@type": "Periodical", "name": venue}
        if pub.volume:
            part = {"@type": "PublicationVolume", "volumeNumber": pub.volume, "isPartOf": part}
        if pub.number:
            part = {"@type": "PublicationIssue", "issueNumber": pub.number, "isPartOf": part}
        return part
    if pub.entry_type in _PROCEEDINGS | _CHAPTERS and pub.fields.get("booktitle"):
        book: dict[str, Any] = {"@type": "Book", "name": venue}
        if pub.publisher:
            book["publisher"] = _organization(pub.publisher)
        if pub.isbn:
            book["isbn"] = pub.isbn
        if pub.volume:
            book["volumeNumber"] = pub.volume
        return book
    return None


def scholarly_record(pub: Publication, site: Site) -> dict[str, Any]:
    """The schema.org JSON-LD record of *pub*."""
    kind = pub.entry_type
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _TYPES.get(
            kind, "ScholarlyArticle" if kind in {"misc", "unpublished"} or is_preprint(pub) else "CreativeWork"
        ),
        "name": pub.title_text or pub.key,
        "headline": pub.title_text or pub.key,
    }
    if site.page_url:
        data["url"] = site.page_url
    authors = []
    for author in _people(pub):
        person: dict[str, Any] = {"@type": "Person", "name": author.display}
        homepage = site.homepage(author)
        if homepage and _absolute(homepage):
            person["url"] = homepage
        authors.append(person)
    data["author"] = authors
    if pub.year:
        data["datePublished"] = f"{pub.year}-{pub.month:02d}" if pub.month else str(pub.year)
    container = _container(pub)
    if container:
        data["isPartOf"] = container
    if kind in _THESES and (pub.institution or pub.venue_text):
        data["sourceOrganization"] = _organization(pub.institution or pub.venue_text)
        if kind in _DEGREES:
            data["inSupportOf"] = _DEGREES[kind]
    elif kind in _REPORTS:
        if pub.institution or pub.venue_text:
            data["sourceOrganization"] = _organization(pub.institution or pub.venue_text)
        if pub.number:
            data["reportNumber"] = pub.number
    if kind == "book" or kind in _REPORTS:
        if pub.publisher:
            data["publisher"] = _organization(pub.publisher)
        if pub.isbn:
            data["isbn"] = pub.isbn
    if is_preprint(pub):
        data["creativeWorkStatus"] = "Preprint"
        repository = _repository(pub)
        if repository:
            data["publisher"] = _organization(repository)
    first, last = page_range(pub.pages)
    if kind not in {"book", "software"} and first:
        data["pageStart"] = first
        if last:
            data["pageEnd"] = last
        data["pagination"] = f"{first}-{last}" if last else first
    identifiers: list[dict[str, Any]] = []
    same_as: list[str] = []
    if pub.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": pub.doi})
        same_as.append("https://doi.org/" + quote(pub.doi, safe="/().-_;:"))
    arxiv = arxiv_id(pub)
    if arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": arxiv})
        same_as.append(f"https://arxiv.org/abs/{arxiv}")
    # the work's own page elsewhere (the publisher's, arXiv's): the same work; code, slides or a
    # PDF are not
    same_as += [link.url for link in pub.links if link.field in {"url", "html"} and _absolute(link.url)]
    if identifiers:
        data["identifier"] = identifiers[0] if len(identifiers) == 1 else identifiers
    if same_as:
        data["sameAs"] = list(dict.fromkeys(same_as))
    if kind == "software":
        code = next((link.url for link in pub.links if link.field in {"code", "url"} and _absolute(link.url)), "")
        if code:
            data["codeRepository"] = code
    if pub.abstract:
        data["abstract"] = abstract_text(pub)
    return data


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """*text* on one line, cut at a word boundary to at most *limit* characters with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    else:  # one long word: cut between characters, never between a letter and its accent
        while cut and unicodedata.combining(text[len(cut)]):
            cut = cut[:-1]
    return cut.rstrip(" ,;:.-–—") + "…"


def summary(pub: Publication) -> str:
    """One line about *pub* without its abstract: "Ada Lovelace, Charles Babbage. Venue, 1843."."""
    people = [author.display for author in _people(pub)]
    if len(people) < len(pub.authors):
        people.append("et al.")
    parts = [", ".join(people)] if people else []
    where = ", ".join(part for part in (pub.venue_text, str(pub.year) if pub.year else "") if part)
    if where:
        parts.append(where)
    return ". ".join(part.rstrip(".") for part in parts) + "." if parts else ""


def description(pub: Publication) -> str:
    return shorten(abstract_text(pub) if pub.abstract else summary(pub))


def publication_head(pub: Publication, site: Site) -> Head:
    """The ``<head>`` tags of *pub*'s own page."""
    tags = [_meta(name, content) for name, content in highwire_tags(pub, site)]
    text = description(pub)
    og = {"og:title": pub.title_text or pub.key, "og:type": "article"}
    if text:
        og["og:description"] = text
    if site.page_url:
        og["og:url"] = site.page_url
    return Head("".join(tags) + json_ld(scholarly_record(pub, site)), text, og, "summary")


def person_record(profile: Mapping[str, Any], site: Site) -> dict[str, Any]:
    """The home page's schema.org ``Person``. No e-mail address: the profile card hides it from
    harvesters, and JSON-LD would hand it to them."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "name": str(profile["name"])}
    if profile.get("position"):
        data["jobTitle"] = str(profile["position"])
    if profile.get("affiliation"):
        data["affiliation"] = _organization(str(profile["affiliation"]))
    if site.base_url:
        data["url"] = site.base_url
    links = [str(url) for url in dict(profile.get("links") or {}).values() if _absolute(str(url))]
    if links:
        data["sameAs"] = links
    return data


def person_head(profile: Mapping[str, Any], site: Site) -> Head:
    return Head(json_ld(person_record(profile, site)))


def opengraph_twitter_card(config: Any) -> bool:
    """Whether sphinxext-opengraph writes a ``twitter:card`` of its own: with a social card
    image, which it makes when no image is set, cards are not turned off and matplotlib is there."""
    import importlib.util

    if getattr(config, "ogp_image", None) or getattr(config, "ogp_use_first_image", False):
        return False
    if (getattr(config, "ogp_social_cards", None) or {}).get("enable") is False:
        return False
    return importlib.util.find_spec("matplotlib") is not None
