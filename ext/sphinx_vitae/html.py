"""HTML-only bits: toggles, title links, scholarly metadata, the stylesheet.

* ``toggle`` nodes become ``<details><summary>``: readable without JavaScript.
* List titles link to the entry's own page (a post-transform for HTML builders only,
  so the PDF has no links to web pages that are not in it).
* Publication pages carry Google Scholar / Highwire ``citation_*`` meta tags and a
  JSON-LD ``ScholarlyArticle``; the home page a JSON-LD ``Person``. Every value is
  escaped for its context (attribute or ``<script>`` JSON).
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import get_domain
from .pages import doc_link, page_of
from .records import Publication
from .render import toggle

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

STATIC = Path(__file__).parent / "static"
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
    "misc": "ScholarlyArticle",
    "unpublished": "ScholarlyArticle",
}


def visit_toggle(self: HTML5Translator, node: toggle) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="{escape(classes)}"><summary>{escape(node["summary"])}</summary>\n')


def depart_toggle(self: HTML5Translator, node: toggle) -> None:
    self.body.append("</details>\n")


def skip_node(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


class LinkTitlesToPages(SphinxPostTransform):
    """Make each list entry's title a link to the entry's own page."""

    default_priority = 5  # before reference resolution: the links are :doc: references
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not self.config.vitae_publication_pages:
            return
        for title in list(self.document.findall(nodes.strong)):
            key = title.get("vitae_key")
            target = page_of(self.env, key) if key else None
            if not target or target == self.env.docname:
                continue
            # the link goes inside the title: Sphinx's :doc: resolution keeps only its text
            text = title.astext()
            ref = doc_link(self.env.docname, target, nodes.inline(text, text))
            ref["classes"].append("vitae-title-link")
            title.children = []
            title += ref


def _meta(name: str, content: str) -> str:
    return f'<meta name="{escape(name)}" content="{escape(content, quote=True)}" />\n'


def _json_ld(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # no "</script>" or "<!--" can end the block early
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def _pdf_url(pub: Publication) -> str:
    for link in pub.links:
        if link.label == "pdf" or link.url.lower().split("?")[0].endswith(".pdf"):
            return link.url
    return ""


def scholarly_metadata(pub: Publication) -> str:
    """Google Scholar's citation_* tags and a schema.org JSON-LD record for *pub*."""
    tags = [_meta("citation_title", pub.title_text or pub.key)]
    tags += [_meta("citation_author", author.display) for author in pub.authors]
    if pub.year:
        tags.append(_meta("citation_publication_date", f"{pub.year}/{pub.month:02d}" if pub.month else str(pub.year)))
    venue_field = "citation_journal_title" if pub.entry_type == "article" else "citation_conference_title"
    if pub.venue_text:
        tags.append(_meta(venue_field, pub.venue_text))
    if pub.doi:
        tags.append(_meta("citation_doi", pub.doi))
    pdf = _pdf_url(pub)
    if pdf.startswith(("http://", "https://")):
        tags.append(_meta("citation_pdf_url", pdf))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": _TYPES.get(pub.entry_type, "CreativeWork"),
        "name": pub.title_text or pub.key,
        "headline": pub.title_text or pub.key,
        "author": [{"@type": "Person", "name": author.display} for author in pub.authors],
    }
    if pub.year:
        data["datePublished"] = f"{pub.year}-{pub.month:02d}" if pub.month else str(pub.year)
    if pub.venue_text:
        data["isPartOf"] = {"@type": "Periodical" if pub.entry_type == "article" else "Event", "name": pub.venue_text}
    if pub.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": pub.doi}
    urls = [link.url for link in pub.links if link.url.startswith(("http://", "https://"))]
    if urls:
        data["url"] = urls[0]
        data["sameAs"] = urls
    if pub.abstract:
        data["abstract"] = "".join(span.text for span in pub.abstract)
    return "".join(tags) + _json_ld(data)


def person_metadata(profile: dict[str, Any]) -> str:
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "name": str(profile["name"])}
    if profile.get("affiliation"):
        data["affiliation"] = {"@type": "Organization", "name": str(profile["affiliation"])}
    if profile.get("email"):
        data["email"] = f"mailto:{profile['email']}"
    links = [str(url) for url in dict(profile.get("links", {})).values() if str(url).startswith(("http://", "https://"))]
    if links:
        data["sameAs"] = links
    return _json_ld(data)


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On ``html-page-context``: metadata for publication pages and the home page."""
    extra = ""
    domain = get_domain(app.env)
    key = domain.data.get("page_keys", {}).get(pagename)
    if key in domain.records:
        extra = scholarly_metadata(domain.records[key])
    elif pagename == app.config.root_doc and app.config.vitae_profile.get("name"):
        extra = person_metadata(app.config.vitae_profile)
    if extra:
        context["metatags"] = context.get("metatags", "") + extra


def add_static(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))
        app.add_css_file("vitae.css")


def setup_html(app: Sphinx) -> None:
    others = {name: (skip_node, None) for name in ("latex", "text", "man", "texinfo")}
    app.add_node(toggle, html=(visit_toggle, depart_toggle), **others)
    app.add_post_transform(LinkTitlesToPages)
    app.connect("builder-inited", add_static)
    app.connect("html-page-context", page_context)
