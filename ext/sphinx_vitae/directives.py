"""Directives: ``publications`` (one group) and ``all-publications`` (everything, by year).

Thin: parse options, ask :mod:`.selection` which records to show, let :mod:`.render`
build the nodes, and tell the domain what the page shows.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import bibdata
from .config import owner_variants
from .domain import get_domain, make_filter
from .i18n import _
from .keys import anchor
from .records import Publication
from .render import RenderContext, join_root, legend, render_entry, render_list
from .selection import SORTS, GroupSpec, group_by_year, select, split_list

if TYPE_CHECKING:
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class publication_list(nodes.General, nodes.Element):
    """Placeholder for the entries of one list, rendered when the page is written.

    Pages keep only keys in their doctree: a home page listing thousands of entries
    stays small, so Sphinx (and furo, which walks the root page's doctree for every
    page it writes) do not pay for the entries again and again.
    """


def render_context(
    config: Config,
    people: list[list[str]],
    root: str | None = None,
    max_authors: int | None = None,
    previews: str = "off",
) -> RenderContext:
    return RenderContext.build(
        people,
        config.vitae_marker,
        config.vitae_coauthors,
        toggles=config.vitae_toggles,
        bibtex=config.vitae_bibtex_toggle,
        marker_legend=config.vitae_contribution_markers,
        link_base=config.vitae_link_base,
        root=root,
        max_authors=max_authors,
        previews=previews,
    )


def link_root(env: BuildEnvironment, docname: str) -> str | None:
    """How a relative link is completed on *docname*: the way to the site's root on the web
    ("../" from pub/x.html, "../../" with dirhtml), the site's URL (``html_baseurl``) in print."""
    builder = get_domain(env).builder
    if builder is not None and builder.format == "html":
        uri = builder.get_relative_uri(docname, env.config.root_doc).split("#", 1)[0]
        return uri[: uri.rfind("/") + 1]
    return env.config.html_baseurl or None


class RenderPublicationLists(SphinxPostTransform):
    """Replace each :class:`publication_list` with its entries and their legend."""

    default_priority = 3  # before the LaTeX layout (5) and reference resolution (10)

    def run(self, **kwargs: Any) -> None:
        records = get_domain(self.env).records
        contexts: dict[str, RenderContext] = {}
        root = link_root(self.env, self.env.docname)
        builder = get_domain(self.env).builder
        # preview images are for the web only: the PDF cannot fetch them
        previews = self.config.vitae_previews if builder is not None and builder.format == "html" else "off"
        for node in list(self.document.findall(publication_list)):
            people, limit = node["people"], node.get("max_authors")
            ctx = contexts.get(repr((people, limit)))
            if ctx is None:
                ctx = contexts[repr((people, limit))] = render_context(self.config, people, root, limit, previews)
            shown = [
                (records[key], node_id)
                for key, node_id in zip(node["keys"], node["node_ids"], strict=True)
                if key in records
            ]
            if not shown:
                node.parent.remove(node)  # an empty list is invalid in LaTeX ("missing \item")
                continue
            bullet = self.render_items(shown, ctx, node)
            note = legend((pub for pub, _ in shown), ctx)
            node.replace_self([bullet] if note is None else [bullet, note])

    def render_items(
        self, shown: list[tuple[Publication, str]], ctx: RenderContext, node: publication_list
    ) -> nodes.Element:
        bullet = render_list(render_entry(pub, ctx, node_id or None) for pub, node_id in shown)
        bullet["classes"] = list(node["classes"])
        return bullet


class SiteRelativeLinks(SphinxPostTransform):
    """Complete the relative links of a doctree read once for every builder (a publication page)
    against the site's root, as seen from the page being written."""

    default_priority = 3

    def run(self, **kwargs: Any) -> None:
        root: str | None = None
        for ref in self.document.findall(nodes.reference):
            if ref.get("vitae_site_relative"):
                root = link_root(self.env, self.env.docname) if root is None else root
                if root is not None:
                    ref["refuri"] = join_root(root, ref["refuri"])
                del ref["vitae_site_relative"]


def _limit(raw: str) -> int | None:
    """A ``:max-authors:`` value: a whole number of at least 1, or ``all`` (also ``0``/``none``)."""
    text = raw.strip().lower()
    if text in {"all", "none", "0"}:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def _names(raw: str) -> list[str]:
    return [name.strip() for name in raw.replace("\n", ";").split(";") if name.strip()]


class _PublicationsBase(SphinxDirective):
    option_spec: ClassVar[dict[str, Any]] = {
        "emphasize": directives.unchanged,
        "no-owner": directives.flag,
        "class": directives.class_option,
        "max-authors": directives.unchanged,
        "max-author-limit": directives.unchanged,  # al-folio's name (max_author_limit)
    }
    kind = "group"

    def warn(self, message: str, subtype: str) -> None:
        """Warn, and keep the warning with the page so that a build that does not read it gives it too."""
        get_domain(self.env).note_warning(self.env.docname, message, self.get_location(), subtype)

    def people(self) -> list[list[str]]:
        """Whom this list emphasises: the owner (unless :no-owner:) and :emphasize: names."""
        people = [] if "no-owner" in self.options else [owner_variants(self.config)]
        return people + [[name] for name in _names(self.options.get("emphasize", ""))]

    @cached_property  # all-publications asks once per year: one warning
    def max_authors(self) -> int | None:
        """How many authors each entry shows before the rest is folded: the option, else
        ``vitae_max_authors``; a bad option value is named and the setting used."""
        raw = self.options.get("max-authors", self.options.get("max-author-limit"))
        if raw is None:
            return cast("int | None", self.config.vitae_max_authors)
        try:
            return _limit(raw)
        except ValueError:
            self.warn(
                f":max-authors: should be a whole number of at least 1 or 'all', not {raw.strip()!r}; "
                f"using vitae_max_authors ({self.config.vitae_max_authors!r})",
                "bad_option",
            )
            return cast("int | None", self.config.vitae_max_authors)

    def placeholder(self, pubs: list[Publication]) -> publication_list:
        """Record which entries this list shows; they are rendered when the page is written."""
        domain = get_domain(self.env)
        used = cast("set[str]", self.env.temp_data.setdefault("vitae_ids", set()))
        keys, ids = [], []
        for pub in pubs:
            node_id = anchor(pub.key)
            if node_id in used or node_id in self.state.document.ids:
                node_id = ""  # shown twice on this page: the first one is the target
            else:
                used.add(node_id)
                domain.note_placement(self.env.docname, pub.key, node_id, self.kind)
            keys.append(pub.key)
            ids.append(node_id)
        return publication_list(
            keys=keys,
            node_ids=ids,
            people=self.people(),
            max_authors=self.max_authors,
            classes=["vitae-list", *self.options.get("class", [])],
        )

    def section(self, title: str, ids: str, content: list[nodes.Node]) -> nodes.section:
        section = nodes.section(classes=["vitae-group"])
        section_id = nodes.make_id(ids)
        if section_id in self.state.document.ids:
            section_id = nodes.make_id(f"{ids}-{self.lineno}")
        section["ids"].append(section_id)
        section["names"].append(nodes.fully_normalize_name(title))
        self.state.document.ids[section_id] = section
        section += nodes.title(title, title)
        section += content
        return section


class PublicationsDirective(_PublicationsBase):
    """A publication group: an optional heading and the entries that belong to it.

    ``.. publications:: Stage IV: ...`` with ``:stage:``, ``:keys:``, ``:filter:``,
    ``:selected:`` and ``:sort:`` choosing the entries (all of them if none is given).
    """

    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        **_PublicationsBase.option_spec,
        "stage": directives.unchanged,
        "keys": directives.unchanged,
        "filter": directives.unchanged,
        "selected": directives.flag,
        "sort": lambda arg: directives.choice(arg, SORTS),
    }

    def run(self) -> list[nodes.Node]:
        spec = GroupSpec(
            stages=tuple(s.strip() for s in self.options.get("stage", "").split(",") if s.strip()),
            keys=split_list(self.options.get("keys", "")),
            filter=self.options.get("filter", "").strip(),
            selected="selected" in self.options,
            sort=self.options.get("sort", ""),
        )
        domain = get_domain(self.env)
        matcher, error = make_filter(self.env, spec, self.env.docname)
        if error:
            self.warn(error, "bad_filter")
        pubs, problems = select(spec, domain.records, self.config.vitae_group_field, matcher)
        for problem in problems:
            self.warn(problem, "unknown_key" if "key" in problem else "unknown_group")
        domain.note_group(self.env.docname, spec, pubs)
        content: list[nodes.Node] = [self.placeholder(pubs)]
        if not pubs and not problems:
            self.warn("publication group selects no entry", "empty_group")
        if self.arguments:
            return [self.section(self.arguments[0], self.arguments[0], content)]
        return content


class AllPublicationsDirective(_PublicationsBase):
    """Every entry of the bibliography, grouped by year, newest first."""

    kind = "list"
    option_spec: ClassVar[dict[str, Any]] = {
        **_PublicationsBase.option_spec,
        "no-headings": directives.flag,
    }

    def download_all(self) -> nodes.paragraph:
        """ "Download all as BibTeX": the bibliography files as they are."""
        para = nodes.paragraph(classes=["vitae-download", "vitae-web-only"])
        para += nodes.Text(_("Download all as BibTeX:") + " ")
        srcdir = Path(self.env.srcdir)
        for index, path in enumerate(p for p in bibdata.parsed_files(self.env) if p.is_file()):
            if index:
                para += nodes.Text(", ")
            para += download(path.name, "/" + os.path.relpath(path, srcdir), self.env.docname)
        return para

    def run(self) -> list[nodes.Node]:
        domain = get_domain(self.env)
        spec = GroupSpec(everything=True, sort="newest")
        pubs = list(domain.records.values())
        domain.note_group(self.env.docname, spec, select(spec, domain.records, self.config.vitae_group_field)[0])
        result: list[nodes.Node] = [self.download_all()] if pubs else []
        if "no-headings" in self.options:
            ordered = [pub for _, group in group_by_year(domain.records) for pub in group]
            return [*result, self.placeholder(ordered)]
        for year, group in group_by_year(domain.records):
            title = str(year) if year else _("Undated")
            result.append(self.section(title, f"year-{year or 'undated'}", [self.placeholder(group)]))
        if not pubs:
            self.warn("the bibliography has no entries", "empty_group")
        return result


def download(label: str, target: str, docname: str) -> addnodes.download_reference:
    """A download link; Sphinx copies *target* (relative to the page, or /-rooted) to the output."""
    ref = addnodes.download_reference(label, "", reftarget=target, refdoc=docname, refexplicit=True)
    ref += nodes.literal(label, label)
    return ref
