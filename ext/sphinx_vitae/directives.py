"""Directives: ``publications`` (one group) and ``all-publications`` (everything, by year).

Thin: parse options, ask :mod:`.selection` which records to show, let :mod:`.render`
build the nodes, and tell the domain what the page shows.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .config import owner_variants
from .domain import get_domain, make_filter
from .records import Publication
from .render import RenderContext, render_entry, render_list
from .selection import SORTS, GroupSpec, group_by_year, select, split_list

logger = logging.getLogger(__name__)


def _names(raw: str) -> list[str]:
    return [name.strip() for name in raw.replace("\n", ";").split(";") if name.strip()]


class _PublicationsBase(SphinxDirective):
    option_spec: ClassVar[dict[str, Any]] = {
        "emphasize": directives.unchanged,
        "no-owner": directives.flag,
        "class": directives.class_option,
    }
    kind = "group"

    def warn(self, message: str, subtype: str) -> None:
        logger.warning(message, location=self.get_location(), type="vitae", subtype=subtype)

    def context(self) -> RenderContext:
        people = [] if "no-owner" in self.options else [owner_variants(self.config)]
        people += [[name] for name in _names(self.options.get("emphasize", ""))]
        return RenderContext.build(people, self.config.vitae_marker, self.config.vitae_coauthors)

    def render(self, pubs: list[Publication], ctx: RenderContext) -> nodes.bullet_list:
        domain = get_domain(self.env)
        document = self.state.document
        items = []
        for pub in pubs:
            node_id = "pub-" + nodes.make_id(pub.key)
            if node_id in document.ids:
                node_id = ""  # shown twice on this page: the first one is the target
            item = render_entry(pub, ctx, node_id or None)
            if node_id:
                document.ids[node_id] = item
                domain.note_placement(self.env.docname, pub.key, node_id, self.kind)
            items.append(item)
        bullet = render_list(items)
        bullet["classes"] += self.options.get("class", [])
        return bullet

    def section(self, title: str, ids: str, content: nodes.Node) -> nodes.section:
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
        content = self.render(pubs, self.context())
        if not pubs and not problems:
            self.warn("publication group selects no entry", "empty_group")
        if self.arguments:
            return [self.section(self.arguments[0], self.arguments[0], content)]
        return [content]


class AllPublicationsDirective(_PublicationsBase):
    """Every entry of the bibliography, grouped by year, newest first."""

    kind = "list"
    option_spec: ClassVar[dict[str, Any]] = {
        **_PublicationsBase.option_spec,
        "no-headings": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        domain = get_domain(self.env)
        spec = GroupSpec(everything=True, sort="newest")
        pubs = list(domain.records.values())
        domain.note_group(self.env.docname, spec, select(spec, domain.records, self.config.vitae_group_field)[0])
        ctx = self.context()
        if "no-headings" in self.options:
            ordered = [pub for _, group in group_by_year(domain.records) for pub in group]
            return [self.render(ordered, ctx)]
        result: list[nodes.Node] = []
        for year, group in group_by_year(domain.records):
            title = str(year) if year else "Undated"
            result.append(self.section(title, f"year-{title.lower()}", self.render(group, ctx)))
        if not pubs:
            self.warn("the bibliography has no entries", "empty_group")
        return result
