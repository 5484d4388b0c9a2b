"""Records to docutils nodes: one rendering path for HTML and LaTeX.

Everything here is a standard docutils node (``bullet_list``, ``strong``,
``emphasis``, ``reference``, ``inline`` with classes), so every writer already knows
how to write and escape it. Field text only ever becomes ``nodes.Text``; nothing from
a .bib file is emitted as raw markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from docutils import nodes

from .latexmarkup import Span
from .names import Author, NameMatcher, parse_name
from .records import Link, Publication

_STYLE_NODES: dict[str, type[nodes.TextElement]] = {
    "em": nodes.emphasis,
    "strong": nodes.strong,
    "tt": nodes.literal,
    "sup": nodes.superscript,
    "sub": nodes.subscript,
}
_STYLE_ORDER = ("strong", "em", "tt", "sc", "sup", "sub")


@dataclass
class RenderContext:
    """What rendering needs besides the record: who to emphasise, the marker..."""

    matcher: NameMatcher
    marker: str = "🎉"
    toggles: bool = True  #: abstract (and BibTeX) toggles under each entry
    bibtex: bool = True  #: a BibTeX toggle under each entry
    marker_legend: Mapping[str, str] = field(default_factory=dict)
    coauthor_urls: Mapping[tuple[tuple[str, ...], str], str] = field(default_factory=dict)
    coauthor_matchers: list[tuple[NameMatcher, str]] = field(default_factory=list)
    link_base: Mapping[str, str] = field(default_factory=dict)  #: field -> base URL of relative links

    def fingerprint(self) -> str:
        """Everything here that changes how an entry looks (a cache key)."""
        return repr(
            (
                sorted(self.matcher.describe()),
                self.marker,
                self.toggles,
                self.bibtex,
                sorted(self.marker_legend.items()),
                sorted(self.coauthor_urls.items()),
                sorted(self.link_base.items()),
            )
        )

    def resolve(self, link: Link) -> str:
        """A relative file name under its field's base ("paper.pdf" -> ".../assets/pdf/paper.pdf")."""
        base = self.link_base.get(link.field)
        if base and not urlsplit(link.url).scheme and not link.url.startswith("/"):
            return base.rstrip("/") + "/" + link.url
        return link.url

    @classmethod
    def build(
        cls,
        people: list[list[str]],
        marker: str,
        coauthors: Mapping[str, str],
        *,
        toggles: bool = True,
        bibtex: bool = True,
        marker_legend: Mapping[str, str] | None = None,
        link_base: Mapping[str, str] | None = None,
    ) -> RenderContext:
        return cls(
            matcher=NameMatcher(people),
            marker=marker,
            toggles=toggles,
            bibtex=bibtex,
            marker_legend=dict(marker_legend or {}),
            link_base=dict(link_base or {}),
            coauthor_urls={parse_name(name): url for name, url in coauthors.items()},
            coauthor_matchers=[(NameMatcher([[name]]), url) for name, url in coauthors.items()],
        )

    def homepage(self, author: Author) -> str | None:
        url = self.coauthor_urls.get(author.key)
        if url:
            return url
        for matcher, url in self.coauthor_matchers:
            if matcher.matches(author.key):
                return url
        return None


def spans_to_nodes(spans: Iterable[Span]) -> list[nodes.Node]:
    """Styled spans to (nested) inline nodes holding plain text."""
    out: list[nodes.Node] = []
    for span in spans:
        node: nodes.Node = nodes.Text(span.text)
        for style in reversed(_STYLE_ORDER):
            if style not in span.styles:
                continue
            if style == "sc":
                wrapper = nodes.inline("", "", classes=["vitae-smallcaps"])
            else:
                wrapper = _STYLE_NODES[style]()
            wrapper += node
            node = wrapper
        out.append(node)
    return out


def render_authors(pub: Publication, ctx: RenderContext) -> nodes.inline:
    box = nodes.inline("", "", classes=["vitae-authors"])
    for index, author in enumerate(pub.authors):
        if index:
            box += nodes.Text(", ")
        name: nodes.Node
        if ctx.matcher.matches(author.key):
            name = nodes.strong(author.display, author.display, classes=["vitae-owner"])
        else:
            url = ctx.homepage(author)
            if url:
                name = nodes.reference(author.display, author.display, refuri=url, classes=["vitae-coauthor"])
            else:
                name = nodes.Text(author.display)
        box += name
        if author.markers:
            box += nodes.superscript(author.markers, author.markers, classes=["vitae-contrib"])
    return box


class toggle(nodes.General, nodes.Element):
    """A collapsed block (abstract, BibTeX): ``<details>`` in HTML, left out of print."""


def _head(pub: Publication, ctx: RenderContext) -> list[nodes.Node]:
    """The marker and the badge."""
    out: list[nodes.Node] = []
    if pub.published and ctx.marker:
        out.append(nodes.inline(ctx.marker, ctx.marker, classes=["vitae-marker"]))
    if pub.badge:
        out.append(nodes.inline(f"[{pub.badge}]", f"[{pub.badge}]", classes=["vitae-badge"]))
    return out


def _venue(pub: Publication) -> nodes.inline:
    venue = nodes.inline("", "", classes=["vitae-venue"])
    if pub.venue:
        emphasis = nodes.emphasis()
        emphasis += spans_to_nodes(pub.venue)
        venue += emphasis
    if pub.year and str(pub.year) not in pub.venue_text:
        venue += nodes.Text(f", {pub.year}" if pub.venue else str(pub.year))
    venue += nodes.Text(".")
    return venue


def _award(pub: Publication) -> nodes.inline:
    return nodes.inline(f"🏆 {pub.award}", f"🏆 {pub.award}", classes=["vitae-award"])


def _links(pub: Publication, ctx: RenderContext) -> nodes.inline:
    links = nodes.inline("", "", classes=["vitae-links"])
    for index, link in enumerate(pub.links):
        if index:
            links += nodes.Text(" ")
        text = f"[{link.label}]"
        links += nodes.reference(text, text, refuri=ctx.resolve(link), classes=["vitae-link"])
    return links


def bibtex_block(pub: Publication, highlight: bool = True) -> nodes.literal_block:
    """The entry's BibTeX; lists skip Pygments (a millisecond per block, thousands of blocks).

    Sphinx highlights a literal block only when its source equals its text; an empty
    source makes it a plain ``<pre class="literal-block">``.
    """
    source = pub.bibtex if highlight else ""
    return nodes.literal_block(source, pub.bibtex, language="bibtex", classes=["vitae-bibtex"])


def _toggle(summary: str, kind: str, content: nodes.Node) -> toggle:
    node = toggle(summary=summary, classes=["vitae-toggle", f"vitae-toggle-{kind}"])
    node += content
    return node


def render_entry(pub: Publication, ctx: RenderContext, node_id: str | None) -> nodes.list_item:
    """One publication as a list item: marker, badge, title, authors, venue, links, toggles."""
    item = nodes.list_item(classes=["vitae-entry"] + ([] if pub.published else ["vitae-preprint"]))
    # titles and badges are shown as written: no "smart" quotes in CVPR'24
    item["support_smartquotes"] = False
    if node_id:
        item["ids"].append(node_id)
    para = nodes.paragraph(classes=["vitae-entry-text"])
    item += para
    para += _head(pub, ctx)
    if para.children:
        para += nodes.Text(" ")
    # vitae_key: the HTML writer links the title to the entry's own page
    title = nodes.strong("", "", classes=["vitae-title"], vitae_key=pub.key)
    title += spans_to_nodes(pub.title) or [nodes.Text(pub.key)]
    para += title
    para += nodes.Text(" " if pub.title_text[-1:] in ".?!" else ". ")
    if pub.authors:
        para += render_authors(pub, ctx)
        para += nodes.Text(". ")
    if pub.venue or pub.year:
        para += _venue(pub)
    if pub.award:
        para += nodes.Text(" ")
        para += _award(pub)
    if pub.links:
        para += nodes.Text(" ")
        para += _links(pub, ctx)
    if ctx.toggles and pub.abstract:
        abstract = nodes.paragraph(classes=["vitae-abstract"])
        abstract += spans_to_nodes(pub.abstract)
        item += _toggle("Abstract", "abstract", abstract)
    if ctx.toggles and ctx.bibtex and pub.bibtex:
        item += _toggle("BibTeX", "bibtex", bibtex_block(pub, highlight=False))
    return item


def render_page(pub: Publication, ctx: RenderContext) -> list[nodes.Node]:
    """The body of a publication's own page (its title is the page title)."""
    out: list[nodes.Node] = []
    head = nodes.paragraph(classes=["vitae-page-head"])
    head += _head(pub, ctx)
    if pub.venue or pub.year:
        if head.children:
            head += nodes.Text(" ")
        head += _venue(pub)
    out.append(head)
    if pub.authors:
        authors = nodes.paragraph(classes=["vitae-page-authors"])
        authors += render_authors(pub, ctx)
        out.append(authors)
        legend_node = legend([pub], ctx)
        if legend_node is not None:
            out.append(legend_node)
    if pub.award:
        award = nodes.paragraph()
        award += _award(pub)
        out.append(award)
    if pub.links:
        links = nodes.paragraph()
        links += _links(pub, ctx)
        out.append(links)
    if pub.abstract:
        out.append(nodes.rubric("Abstract", "Abstract"))
        abstract = nodes.paragraph(classes=["vitae-abstract"])
        abstract += spans_to_nodes(pub.abstract)
        out.append(abstract)
    for node in out:
        node["support_smartquotes"] = False
    return out


def legend(pubs: Iterable[Publication], ctx: RenderContext) -> nodes.paragraph | None:
    """"* equal contribution · † corresponding author", for the markers these entries use."""
    used = {mark for pub in pubs for author in pub.authors for mark in author.markers}
    known = [(mark, text) for mark, text in ctx.marker_legend.items() if mark in used]
    if not known:
        return None
    para = nodes.paragraph(classes=["vitae-legend"])
    for index, (mark, text) in enumerate(known):
        if index:
            para += nodes.Text(" · ")
        para += nodes.superscript(mark, mark)
        para += nodes.Text(f" {text}")
    return para


def render_list(items: Iterable[nodes.list_item]) -> nodes.bullet_list:
    bullet = nodes.bullet_list(classes=["vitae-list"], bullet="-")
    bullet.extend(items)
    return bullet
