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

from .i18n import _
from .latexmarkup import Span
from .mdfields import HREF
from .names import Author, NameKey, NameMatcher, parse_name
from .records import Link, Publication, is_relative, preview_link
from .webparts import authors_fold, preview

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
    coauthor_urls: Mapping[NameKey, str] = field(default_factory=dict)
    coauthor_matchers: list[tuple[NameMatcher, str]] = field(default_factory=list)
    link_base: Mapping[str, str] = field(default_factory=dict)  #: field -> base URL of relative links
    #: how a relative link without a base is completed: the way from this page to the site's
    #: root ("../" on pub/x.html) on the web, the site's URL in print; None leaves it as written
    root: str | None = None
    #: authors a list entry shows before "and 294 more authors" (the owner and the emphasised
    #: always among them); None shows every author
    max_authors: int | None = None
    previews: str = "web"  #: preview images: "web" (on screen), "all" (printed pages too), "off"

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
                self.root,
                self.max_authors,
                self.previews,
            )
        )

    def resolve(self, link: Link) -> str:
        """A relative file name under its field's base ("paper.pdf" -> ".../assets/pdf/paper.pdf"),
        else under the site's root (:attr:`root`), the same on every page."""
        if not is_relative(link.url):
            return link.url
        base = self.link_base.get(link.field)
        if base:
            return base.rstrip("/") + "/" + link.url
        return join_root(self.root, link.url) if self.root is not None else link.url

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
        root: str | None = None,
        max_authors: int | None = None,
        previews: str = "web",
    ) -> RenderContext:
        return cls(
            matcher=NameMatcher(people),
            marker=marker,
            toggles=toggles,
            bibtex=bibtex,
            marker_legend=dict(marker_legend or {}),
            link_base=dict(link_base or {}),
            root=root,
            max_authors=max_authors,
            previews=previews,
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


def join_root(root: str, url: str) -> str:
    return root + url if not root or root.endswith("/") else f"{root}/{url}"


def spans_to_nodes(spans: Iterable[Span]) -> list[nodes.Node]:
    """Styled spans to (nested) inline nodes holding plain text.

    A line break (``<br>`` in a field) is a space here; :func:`paragraphs` splits on it.
    """
    out: list[nodes.Node] = []
    for span in spans:
        if "br" in span.styles:
            out.append(nodes.Text(" "))
            continue
        node: nodes.Node = nodes.Text(span.text)
        for style in reversed(_STYLE_ORDER):
            if style not in span.styles:
                continue
            wrapper: nodes.TextElement
            if style == "sc":
                wrapper = nodes.inline("", "", classes=["vitae-smallcaps"])
            else:
                wrapper = _STYLE_NODES[style]()
            wrapper += node
            node = wrapper
        href = next((style[len(HREF) :] for style in span.styles if style.startswith(HREF)), None)
        if href:  # a Markdown link of an al-folio field (mdfields), its target already checked
            link = nodes.reference("", "", refuri=href, classes=["vitae-field-link"])
            link += node
            node = link
        out.append(node)
    return out


def paragraphs(spans: Iterable[Span], classes: list[str]) -> list[nodes.paragraph]:
    """Spans as paragraphs, one per run between line breaks (an abstract's ``<br/>``)."""
    runs: list[list[Span]] = [[]]
    for span in spans:
        if "br" in span.styles:
            runs.append([])
        else:
            runs[-1].append(span)
    out = []
    for run in runs:
        if run and "".join(span.text for span in run).strip():
            para = nodes.paragraph(classes=list(classes))
            para += spans_to_nodes(run)
            out.append(para)
    return out


def render_authors(pub: Publication, ctx: RenderContext, max_authors: int | None = None) -> nodes.inline:
    """The authors, every one of them; with *max_authors*, the first *max_authors* and the
    emphasised ones, the others folded away (:func:`fold_authors`)."""
    box = nodes.inline("", "", classes=["vitae-authors"])
    cut = _cut(pub, ctx, max_authors)
    if cut is None:
        _add_names(box, pub.authors, ctx)
        return box
    _add_names(box, pub.authors[:cut], ctx)
    box += fold_authors(pub, ctx, cut)
    return box


def _add_names(box: nodes.Element, authors: Iterable[Author], ctx: RenderContext, after: bool = False) -> None:
    """*authors* into *box*, separated by commas (one before the first too if *after* another)."""
    for index, author in enumerate(authors, start=int(after)):
        if author.is_others:  # BibTeX's "and others"
            box += nodes.Text((" " if index else "") + _("et al."))
            continue
        if index:
            box += nodes.Text(", ")
        box += _name(author, ctx)


def _name(author: Author, ctx: RenderContext) -> list[nodes.Node]:
    """One author: in bold if emphasised, else linked to their homepage if known; then markers."""
    name: nodes.Node
    if ctx.matcher.matches(author.key):
        name = nodes.strong(author.display, author.display, classes=["vitae-owner"])
    else:
        url = ctx.homepage(author)
        if url:
            name = nodes.reference(author.display, author.display, refuri=url, classes=["vitae-coauthor"])
        else:
            name = nodes.Text(author.display)
    if author.markers:
        return [name, nodes.superscript(author.markers, author.markers, classes=["vitae-contrib"])]
    return [name]


def _cut(pub: Publication, ctx: RenderContext, max_authors: int | None) -> int | None:
    """Where the shown head of the author list ends (an index into ``pub.authors``), or None
    to show every author: no limit, or folding would hide fewer than two names (a control
    that reveals one name takes more room than the name)."""
    if max_authors is None or max_authors < 1:
        return None
    people = [index for index, author in enumerate(pub.authors) if not author.is_others]
    if len(people) <= max_authors:
        return None
    cut = people[max_authors - 1] + 1
    kept = sum(1 for author in pub.authors[cut:] if not author.is_others and ctx.matcher.matches(author.key))
    if len(people) - max_authors - kept < 2:
        return None
    return cut


def fold_authors(pub: Publication, ctx: RenderContext, cut: int) -> authors_fold:
    """The authors from *cut* on, folded: ", …, **Owner**, …" stays visible (every emphasised
    name, with "…" for each run of hidden ones) and the whole rest is revealed in place."""
    people = [author for author in pub.authors if not author.is_others]
    others = len(people) < len(pub.authors)
    gap = nodes.inline("", "", classes=["vitae-authors-gap"])
    hidden = 0
    ends_hidden = False
    for author in pub.authors[cut:]:
        if author.is_others:
            ends_hidden = True
            continue
        if ctx.matcher.matches(author.key):
            gap += nodes.Text(", ")
            gap += _name(author, ctx)
            ends_hidden = False
        else:
            hidden += 1
            if not ends_hidden:
                gap += nodes.Text(", …")
            ends_hidden = True
    rest = nodes.inline("", "", classes=["vitae-authors-rest"])
    _add_names(rest, pub.authors[cut:], ctx, after=True)
    total = f"{len(people)}{'+' if others else ''}"
    count = f"{hidden}{'+' if others else ''}"
    # Translators: %s is a number, with "+" when the list ends in "and others" ("and 294+ more authors")
    more = _("and %s more author") % count if hidden == 1 and not others else _("and %s more authors") % count
    # print: "A, B, …, Owner, … et al" (the full stop follows); nothing when the owner is last
    tail = nodes.Text(" " + _("et al.").rstrip(".") if ends_hidden else "")
    return authors_fold(
        "", "", gap, rest, tail, label=_("show all %s authors") % total, more=more, less=_("(show fewer)")
    )


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


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _venue(pub: Publication) -> nodes.inline:
    """ "*Venue*, Location, Jun 2023. Note. Additional info." as al-folio shows them."""
    venue = nodes.inline("", "", classes=["vitae-venue"])
    if pub.venue:
        emphasis = nodes.emphasis()
        emphasis += spans_to_nodes(pub.venue)
        venue += emphasis
    if pub.location:
        venue += nodes.Text(", " if venue.children else "")
        venue += spans_to_nodes(pub.location)
    if pub.year and str(pub.year) not in pub.venue_text:
        when = f"{MONTHS[pub.month - 1]} {pub.year}" if 1 <= pub.month <= 12 else str(pub.year)
        venue += nodes.Text(f", {when}" if venue.children else when)
    if venue.children:
        venue += nodes.Text(".")
    for note in pub.notes:
        note = _sentence(note)
        if not note:
            continue
        if venue.children:
            venue += nodes.Text(" ")
        venue += spans_to_nodes(note)
        if not "".join(span.text for span in note).rstrip().endswith((".", "!", "?")):
            venue += nodes.Text(".")
    return venue


def _sentence(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """A note as a sentence of its own: al-folio appends ``additional_info`` to the venue as
    written, so its users begin it with the punctuation (``{. Spotlight}``, ``{, oral}``)."""
    out = list(spans)
    while out:
        text = out[0].text.lstrip(" .,;:")
        if text:
            out[0] = Span(text, out[0].styles)
            break
        out.pop(0)
    return tuple(out)


def _award(pub: Publication) -> nodes.inline:
    return nodes.inline(f"🏆 {pub.award}", f"🏆 {pub.award}", classes=["vitae-award"])


def _award_detail(pub: Publication) -> list[nodes.paragraph]:
    """The award text that al-folio reveals under its ``award_name`` button: shown as is."""
    return paragraphs(pub.award_detail, ["vitae-award-detail"])


def _annotation(pub: Publication) -> list[nodes.paragraph]:
    return paragraphs(pub.annotation, ["vitae-annotation"])


def _links(pub: Publication, ctx: RenderContext) -> nodes.inline:
    links = nodes.inline("", "", classes=["vitae-links"])
    for index, link in enumerate(pub.links):
        if index:
            links += nodes.Text(" ")
        text = f"[{link.label}]"
        url = ctx.resolve(link)
        ref = nodes.reference(text, text, refuri=url, classes=["vitae-link"])
        if ctx.root is None and is_relative(url):
            ref["vitae_site_relative"] = True  # completed once the page's place is known (SiteRelativeLinks)
        links += ref
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


def _full_stop(text: str) -> nodes.Text:
    """The separator after a part of the entry: ". ", or a space where the part already ends a
    sentence (a title ending in "?", authors ending in "et al." or "Jr.")."""
    return nodes.Text(" " if text.rstrip()[-1:] in ".?!" else ". ")


def _authors_stop(authors: nodes.Element) -> nodes.Text:
    """The full stop after the authors; after folded ones, after what is shown of them
    ("… and 294 more authors", "… et al")."""
    fold = authors.children[-1] if authors.children else None
    if isinstance(fold, authors_fold):
        return nodes.Text(". ") if fold[2].astext() else _full_stop(fold[0].astext())
    return _full_stop(authors.astext())


def _preview(pub: Publication, ctx: RenderContext) -> preview | None:
    """The entry's preview image, its relative address completed as a link's is."""
    link = preview_link(pub) if ctx.previews != "off" else None
    if link is None:
        return None
    url = ctx.resolve(link)
    node = preview(uri=url, alt=pub.title_text or pub.key, classes=["vitae-preview"])
    if ctx.previews == "all":
        node["classes"].append("vitae-preview-print")
    return node


def render_entry(pub: Publication, ctx: RenderContext, node_id: str | None) -> nodes.list_item:
    """One publication as a list item: marker, badge, title, authors, venue, links, toggles."""
    item = nodes.list_item(classes=["vitae-entry"] + ([] if pub.published else ["vitae-preprint"]))
    # titles and badges are shown as written: no "smart" quotes in CVPR'24
    item["support_smartquotes"] = False
    if node_id:
        item["ids"].append(node_id)
    image = _preview(pub, ctx)
    if image is not None:
        item["classes"].append("vitae-has-preview")
        item += image
    para = nodes.paragraph(classes=["vitae-entry-text"])
    item += para
    para += _head(pub, ctx)
    if para.children:
        para += nodes.Text(" ")
    # vitae_key: the HTML writer links the title to the entry's own page
    title = nodes.strong("", "", classes=["vitae-title"], vitae_key=pub.key)
    title += spans_to_nodes(pub.title) or [nodes.Text(pub.key)]
    para += title
    para += _full_stop(pub.title_text)
    if pub.authors:
        authors = render_authors(pub, ctx, ctx.max_authors)
        para += authors
        para += _authors_stop(authors)
    if pub.venue or pub.year or pub.location or pub.notes:
        para += _venue(pub)
    if pub.award:
        para += nodes.Text(" ")
        para += _award(pub)
    if pub.links:
        para += nodes.Text(" ")
        para += _links(pub, ctx)
    item += _annotation(pub)
    item += _award_detail(pub)
    if ctx.toggles and pub.abstract:
        abstract = nodes.container(classes=["vitae-abstract"])
        abstract += paragraphs(pub.abstract, [])
        item += _toggle(_("Abstract"), "abstract", abstract)
    if ctx.toggles and ctx.bibtex and pub.bibtex:
        item += _toggle(_("BibTeX"), "bibtex", bibtex_block(pub, highlight=False))
    return item


def render_page(pub: Publication, ctx: RenderContext) -> list[nodes.Node]:
    """The body of a publication's own page (its title is the page title)."""
    out: list[nodes.Node] = []
    head = nodes.paragraph(classes=["vitae-page-head"])
    head += _head(pub, ctx)
    if pub.venue or pub.year or pub.location or pub.notes:
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
    out += _annotation(pub)
    if pub.award:
        award = nodes.paragraph()
        award += _award(pub)
        out.append(award)
        out += _award_detail(pub)
    if pub.links:
        links = nodes.paragraph()
        links += _links(pub, ctx)
        out.append(links)
    if pub.abstract:
        out.append(nodes.rubric(_("Abstract"), _("Abstract")))
        out += paragraphs(pub.abstract, ["vitae-abstract"])
    for node in out:
        if isinstance(node, nodes.Element):
            node["support_smartquotes"] = False
    return out


def legend(pubs: Iterable[Publication], ctx: RenderContext) -> nodes.paragraph | None:
    """ "* equal contribution · † corresponding author", for the markers these entries use."""
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
