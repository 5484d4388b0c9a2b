"""Parts of a list entry that the web and print show differently, and their writers.

* :class:`authors_fold` – a long author list cut after its first authors (``vitae_max_authors``,
  ``:max-authors:``). On the web the rest is revealed in place by a checkbox in a ``<label>``
  (no JavaScript; a ``<details>`` cannot be used: it would end the entry's ``<p>``), every
  name keeping its link and emphasis. In print (LaTeX, text, man, texinfo) the shortened
  list ends with "et al.".
* :class:`preview` – al-folio's ``preview`` image, beside the entry on the web; never in
  the PDF (LaTeX cannot fetch a URL, and a relative file lives in the published site).

Field text is written through the writers' own visitors (names) or :func:`html.escape`
(the image's address and alt text), never as raw markup.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class authors_fold(nodes.Inline, nodes.TextElement):
    """The authors after the first *N*: children ``[gap, rest, tail]``.

    *gap* (an ``inline``) is what stays visible when folded: ", …, **Owner**, …"; *rest*
    (an ``inline``) holds every author after the first *N*, as the full list shows them;
    *tail* is print's " et al" (or empty). Attributes: ``label`` ("show all 300 authors",
    the control's accessible name), ``more`` ("and 294 more authors") and ``less`` ("(show fewer)"): its text.
    """

    def astext(self) -> str:
        # the search index and the text of the entry have every author, once
        return self[1].astext()


class preview(nodes.General, nodes.Inline, nodes.Element):
    """A preview image: attributes ``uri`` (already resolved) and ``alt`` (the entry's title)."""


def visit_fold_html(self: Any, node: authors_fold) -> None:
    self.body.append('<span class="vitae-fold">')
    node[0].walkabout(self)
    node[1].walkabout(self)
    # the space before the control is outside it: no underlined gap
    self.body.append(
        ' <label class="vitae-more-authors">'
        f'<input type="checkbox" class="vitae-more-switch" aria-label="{escape(node["label"])}">'
        f'<span class="vitae-more-count">{escape(node["more"].strip())}</span>'
        f'<span class="vitae-more-less">{escape(node["less"].strip())}</span></label></span>'
    )
    raise nodes.SkipNode


def visit_fold_print(self: Any, node: authors_fold) -> None:
    """The authors kept visible, then "et al": what a printed page can show."""
    for child in [*node[0].children, node[2]]:
        child.walkabout(self)
    raise nodes.SkipNode


def visit_preview_html(self: Any, node: preview) -> None:
    # width/height reserve the box before the image arrives (no layout shift); CSS sizes it
    self.body.append(
        f'<img class="{escape(" ".join(node["classes"]))}" src="{escape(node["uri"])}" alt="{escape(node["alt"])}" '
        'width="160" height="120" loading="lazy" decoding="async">'
    )
    raise nodes.SkipNode


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


class WebPartsHTML:
    """The HTML visitors, for a translator class of our own (the entries' HTML cache)."""

    visit_authors_fold = visit_fold_html
    visit_preview = visit_preview_html

    def depart_authors_fold(self, node: nodes.Node) -> None:
        pass

    def depart_preview(self, node: nodes.Node) -> None:
        pass


def setup_webparts(app: Sphinx) -> None:
    printers = ("latex", "text", "man", "texinfo")
    folded: dict[str, Any] = {name: (visit_fold_print, None) for name in printers}
    skipped: dict[str, Any] = {name: (skip, None) for name in printers}
    app.add_node(authors_fold, html=(visit_fold_html, None), **folded)
    app.add_node(preview, html=(visit_preview_html, None), **skipped)
