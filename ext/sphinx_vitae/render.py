"""Records to docutils nodes: one rendering path for HTML and LaTeX.

Everything here is a standard docutils node (``bullet_list``, ``strong``,
``emphasis``, ``reference``, ``inline`` with classes), so every writer already knows
how to write and escape it. Field text only ever becomes ``nodes.Text``; nothing from
a .bib file is emitted as raw markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from docutils import nodes

from .latexmarkup import Span
from .names import Author, NameMatcher, parse_name
from .records import Publication

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
    coauthor_urls: Mapping[tuple[tuple[str, ...], str], str] = field(default_factory=dict)
    coauthor_matchers: list[tuple[NameMatcher, str]] = field(default_factory=list)

    @classmethod
    def build(
        cls, people: list[list[str]], marker: str, coauthors: Mapping[str, str]
    ) -> RenderContext:
        return cls(
            matcher=NameMatcher(people),
            marker=marker,
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


def render_entry(pub: Publication, ctx: RenderContext, node_id: str | None) -> nodes.list_item:
    """One publication as a list item: marker, badge, title, authors, venue, links."""
    item = nodes.list_item(classes=["vitae-entry"] + ([] if pub.published else ["vitae-preprint"]))
    # titles and badges are shown as written: no "smart" quotes in CVPR'24
    item["support_smartquotes"] = False
    if node_id:
        item["ids"].append(node_id)
    para = nodes.paragraph(classes=["vitae-entry-text"])
    item += para
    if pub.published and ctx.marker:
        para += nodes.inline(ctx.marker, ctx.marker, classes=["vitae-marker"])
    if pub.badge:
        para += nodes.inline(f"[{pub.badge}]", f"[{pub.badge}]", classes=["vitae-badge"])
    if para.children:
        para += nodes.Text(" ")
    title = nodes.strong("", "", classes=["vitae-title"])
    title += spans_to_nodes(pub.title) or [nodes.Text(pub.key)]
    para += title
    title_text = pub.title_text
    para += nodes.Text(" " if title_text[-1:] in ".?!" else ". ")
    if pub.authors:
        para += render_authors(pub, ctx)
        para += nodes.Text(". ")
    if pub.venue or pub.year:
        venue = nodes.inline("", "", classes=["vitae-venue"])
        if pub.venue:
            emphasis = nodes.emphasis()
            emphasis += spans_to_nodes(pub.venue)
            venue += emphasis
        if pub.year and str(pub.year) not in pub.venue_text:
            venue += nodes.Text(f", {pub.year}" if pub.venue else str(pub.year))
        venue += nodes.Text(".")
        para += venue
    if pub.award:
        para += nodes.Text(" ")
        para += nodes.inline(f"🏆 {pub.award}", f"🏆 {pub.award}", classes=["vitae-award"])
    if pub.links:
        links = nodes.inline("", "", classes=["vitae-links"])
        for link in pub.links:
            links += nodes.Text(" ")
            text = f"[{link.label}]"
            links += nodes.reference(text, text, refuri=link.url, classes=["vitae-link"])
        para += links
    return item


def render_list(items: Iterable[nodes.list_item]) -> nodes.bullet_list:
    bullet = nodes.bullet_list(classes=["vitae-list"], bullet="-")
    bullet.extend(items)
    return bullet
