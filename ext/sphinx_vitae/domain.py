"""The ``vitae`` domain: records, where each entry is shown, and the ``:pub:`` role.

The domain owns the decoded records (cached in the environment pickle and rebuilt
only for entries whose BibTeX changed), remembers which page shows which entry and
what each publication group asked for, and resolves ``:pub:`key``` to the entry
wherever it is rendered — on another page too. Stale pages are found by comparing
each group's selection signature, so editing one entry re-reads only the pages that
show it.

Every warning of ours is kept with the data it comes from and given again on a build
that does not recompute that data, so a rebuild with nothing changed gives the same
verdict as a clean build (``-W`` fails locally as it fails in CI):

* problems of the ``.bib`` files and their entries, with the parsed data
  (``bib_warnings``), given again while the files are unchanged;
* problems that also depend on the configuration or on other files (an owner no entry
  names, relative links to files the site does not publish), checked on every build from
  small facts kept with the data (``relative_links``, ``owner_check``);
* problems a page's directives found, with the page (``warnings``), given again for
  every page that is not read again;
* unknown or unshown ``:pub:`` keys, checked on every build from the citations each
  page recorded (``cites``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, cast

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from . import bibdata, bibread
from .deferred import Deferred
from .records import Publication, entry_digest, from_entry, is_relative, link_path, preview_link
from .selection import GroupSpec, select, signature

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class Placement(NamedTuple):
    key: str
    node_id: str
    kind: str  #: "group" (a publication group), "list" (all publications) or "page" (its own page)
    title: str = ""  #: the entry's title as text (objects.inv needs it on every build)


_KIND_RANK = {"group": 1, "list": 2}  #: and 3: the entry's own page


class KeptWarning(NamedTuple):
    """A warning of ours, kept to be given again (see the module docstring)."""

    message: str
    location: str | tuple[str, int] | None
    subtype: str

    def emit(self) -> None:
        logger.warning(self.message, location=self.location, type="vitae", subtype=self.subtype)


class Group(NamedTuple):
    spec: GroupSpec
    signature: str


class PubRole(XRefRole):
    """``:pub:`key``` or ``:pub:`text <key>```: a link to the entry where it is shown."""

    def __init__(self) -> None:
        super().__init__(warn_dangling=False, innernodeclass=nodes.inline)

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        result, messages = super().create_xref_node()
        for node in result:
            if isinstance(node, nodes.Element) and (node.get("reftype") == "pub" or "reftarget" in node):
                node["refdomain"] = "vitae"
                node["reftype"] = "pub"
                node["classes"].append("vitae-cite")
                if self.rawtext.startswith(":external"):
                    continue  # another project's entry (intersphinx's external role runs this one)
                # the label comes from the entry: a changed entry re-reads this page
                get_domain(self.env).note_cite(self.env.docname, node["reftarget"], self.lineno)
        return result, messages


class VitaeDomain(Domain):
    name = "vitae"
    label = "Publications"
    #: what objects.inv lists (get_objects); intersphinx needs it to map the role to the type, so
    #: that another project can cite an entry: :external+site:vitae:pub:`key`
    object_types: ClassVar[dict[str, ObjType]] = {"publication": ObjType("publication", "pub")}  # type: ignore[misc]
    roles: ClassVar[dict[str, Any]] = {"pub": PubRole()}  # type: ignore[misc]
    data_version = 5
    initial_data: ClassVar[dict[str, Any]] = {  # type: ignore[misc]  # Domain declares it an attribute
        "records": Deferred({}),  # key -> Publication, in .bib order; read only when needed
        "digests": {},  # key -> digest of the BibTeX entry
        "placements": {},  # docname -> [Placement]
        "groups": {},  # docname -> [Group]
        "cites": {},  # docname -> {key: digest when cited, None if unknown}
        "cite_lines": {},  # docname -> [(target as written, line)]
        "warnings": {},  # docname -> [KeptWarning] its directives gave
        "bib_warnings": [],  # [KeptWarning] of the .bib files (their entries': entry_warnings)
        "entry_warnings": {},  # key -> [KeptWarning] of that entry (kept while its record is)
        "relative_links": [],  # [(key, field, url, file, line)] of links relative to the site's root
        "owner_check": None,  # (the owner's variants, whether some entry names them)
        # the publication pages of this build's builder (pages.py), set anew on builder-inited:
        "pages": {},  # key -> page name of its page (build output, not a document)
        "page_keys": {},  # page name -> key (its scholarly metadata)
    }
    _PER_DOC = ("placements", "groups", "cites", "cite_lines", "warnings")
    #: whether this build found an entry changed, added, removed or moved in the .bib; set by
    #: refresh_records for this build only (not pickled), True until then so nothing is skipped
    records_changed = True
    #: the documents this build reads (``env-before-read-docs``); the others' warnings are replayed
    reading: Set[str] = frozenset()
    #: this build's builder (``builder-inited``): where a page is, relative to the site's root
    builder: Builder | None = None

    @property
    def records(self) -> dict[str, Publication]:
        return cast("Deferred[dict[str, Publication]]", self.data["records"]).value

    @property
    def digests(self) -> dict[str, str]:
        return self.data["digests"]

    def clear_doc(self, docname: str) -> None:
        for name in self._PER_DOC:
            self.data[name].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for name in self._PER_DOC:
            for docname in docnames:
                if docname in otherdata[name]:
                    self.data[name][docname] = otherdata[name][docname]

    # -- what pages record while they are read ------------------------------------
    def note_group(self, docname: str, spec: GroupSpec, pubs: list[Publication]) -> None:
        self.data["groups"].setdefault(docname, []).append(Group(spec, signature(pubs, self.digests)))

    def note_placement(self, docname: str, key: str, node_id: str, kind: str) -> None:
        title = self.records[key].title_text
        self.data["placements"].setdefault(docname, []).append(Placement(key, node_id, kind, title))

    def note_cite(self, docname: str, key: str, line: int = 0) -> None:
        real = self.canonical_key(key.strip()) or key
        # None for an unknown key: adding it to the .bib later re-reads the page
        self.data["cites"].setdefault(docname, {})[real] = self.digests.get(real)
        self.data["cite_lines"].setdefault(docname, []).append((key.strip(), line))

    def note_warning(self, docname: str, message: str, location: str | None, subtype: str) -> None:
        """Give a warning a page's directive found, and keep it for builds that do not read the page."""
        warning = KeptWarning(message, location, subtype)
        self.data["warnings"].setdefault(docname, []).append(warning)
        warning.emit()

    # -- resolving -------------------------------------------------------------------
    @staticmethod
    def _rank(
        docname: str, index: int, placement: Placement, fromdocname: str, root: str
    ) -> tuple[int, bool, str, int]:
        """Which placement a link goes to, lowest first: this page, a publication group,
        a list, the entry's own page; the home page (*root*) before others, then by name."""
        where = 0 if docname == fromdocname else _KIND_RANK.get(placement.kind, 3)
        return (where, docname != root, docname, index)

    def find_placement(self, key: str, fromdocname: str) -> tuple[str, Placement] | None:
        """Where *key* is shown, as seen from *fromdocname* (see :meth:`_rank`)."""
        found = [
            (self._rank(docname, index, placement, fromdocname, self.env.config.root_doc), docname, placement)
            for docname, placements in self.data["placements"].items()
            for index, placement in enumerate(placements)
            if placement.key == key
        ]
        if not found:
            return None
        _, docname, placement = min(found, key=lambda item: item[0])
        return docname, placement

    def canonical_key(self, target: str) -> str | None:
        """The key as the .bib spells it (keys compare case-blind), or None if there is none."""
        # the digests hold every key and, unlike the records, are never kept pickled
        if target in self.digests:
            return target
        lowered = target.lower()
        return next((k for k in self.digests if k.lower() == lowered), None)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        # an unknown or unshown key is reported by check_citations, on every build
        key = self.canonical_key(target.strip())
        where = self.find_placement(key, fromdocname) if key is not None else None
        page = self.data["pages"].get(key) if key is not None else None
        if key is None or (where is None and page is None):
            return None
        pub = self.records[key]
        if not node.get("refexplicit"):
            contnode = nodes.inline(pub.label, pub.label, classes=contnode.get("classes", []))
        if (
            where is None and page is not None
        ):  # shown on no page but its own, which is build output: the builder knows its address
            uri = builder.get_relative_uri(fromdocname, page)
            return nodes.reference("", "", contnode, internal=True, refuri=uri, reftitle=pub.title_text)
        assert where is not None
        docname, placement = where
        if builder.name == "singlehtml" and placement.node_id:
            # every document is on the one page; make_refnode would give "#document-x#id"
            return nodes.reference(
                "", "", contnode, internal=True, refuri="#" + placement.node_id, reftitle=pub.title_text
            )
        return make_refnode(builder, fromdocname, docname, placement.node_id, contnode, pub.title_text)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        key = self.canonical_key(target.strip())
        if key is None or (self.find_placement(key, fromdocname) is None and key not in self.data["pages"]):
            return []
        ref = self.resolve_xref(env, fromdocname, builder, "pub", key, node, contnode)
        return [("vitae:pub", ref)] if ref is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """One object per publication (objects.inv, intersphinx): where a link from another
        page goes."""
        best: dict[str, tuple[tuple[int, bool, str, int], str, Placement]] = {}
        root = self.env.config.root_doc
        for docname, placements in self.data["placements"].items():
            for index, placement in enumerate(placements):
                rank = self._rank(docname, index, placement, "", root)
                known = best.get(placement.key)
                if known is None or rank < known[0]:
                    best[placement.key] = (rank, docname, placement)
        for key, (_, docname, placement) in best.items():
            yield key, placement.title, "publication", docname, placement.node_id, 1


def get_domain(env: BuildEnvironment) -> VitaeDomain:
    return cast(VitaeDomain, env.get_domain("vitae"))


def refresh_records(app: Sphinx) -> None:
    """On ``builder-inited``: re-parse changed .bib files and rebuild changed records.

    The warnings are kept with the data: while the files are unchanged, the next build
    gives them again instead of parsing again.
    """
    domain = get_domain(app.env)
    domain.builder = app.builder
    if not bibdata.is_outdated(app):
        domain.records_changed = False
        for warning in kept_warnings(domain) + derived_warnings(app, domain):
            warning.emit()
        return
    paths = bibdata.bibfile_paths(app)
    shown = {path: _display_path(app, path) for path in paths}
    result = bibread.load(paths, app.config.bibtex_encoding, shown)
    bibdata.store(app, result)
    warnings = [KeptWarning(problem.message, problem.location, problem.subtype) for problem in result.problems]
    old_records, old_digests = domain.records, domain.digests
    old_warnings: dict[str, list[KeptWarning]] = domain.data["entry_warnings"]
    records: dict[str, Publication] = {}
    digests: dict[str, str] = {}
    entry_warnings: dict[str, list[KeptWarning]] = {}
    for key, entry in result.data.entries.items():
        path, line = result.lines.get(key, (shown.get(paths[0], "") if paths else "", 0))
        digest = entry_digest(entry)
        digests[key] = digest
        if old_digests.get(key) == digest and key in old_records and old_records[key].line == line:
            records[key] = old_records[key]
            entry_warnings[key] = old_warnings.get(key, [])
            continue
        pub, problems = from_entry(key, entry, line)
        records[key] = pub
        # Sphinx reads a location without ":" as a document name: without a line, the file goes in the message
        location = f"{path}:{line}" if line else None
        where = "" if line else f" (in {path})"
        entry_warnings[key] = [
            KeptWarning(f"entry {key!r}{where} {message}", location, "entry") for message in problems
        ]
    domain.data["records"] = Deferred(records)
    domain.data["digests"] = digests
    domain.data["entry_warnings"] = entry_warnings
    domain.data["bib_warnings"] = warnings
    domain.data["relative_links"] = [
        (key, link.field, link.url, *result.lines.get(key, ("", 0)))
        for key, pub in records.items()
        for link in (*pub.links, *filter(None, [preview_link(pub)]))  # a preview image is a link too
        if is_relative(link.url)
    ]
    domain.data["owner_check"] = None
    domain.records_changed = list(digests.items()) != list(old_digests.items())
    for warning in kept_warnings(domain) + derived_warnings(app, domain):
        warning.emit()


def kept_warnings(domain: VitaeDomain) -> list[KeptWarning]:
    """The warnings of the .bib files, then of each entry in file order (the digests' order)."""
    entries = domain.data["entry_warnings"]
    return domain.data["bib_warnings"] + [warning for key in domain.digests for warning in entries.get(key, [])]


def derived_warnings(app: Sphinx, domain: VitaeDomain) -> list[KeptWarning]:
    """Warnings that depend on the configuration and on files besides the .bib, made anew on
    every build from the facts kept with the data: fixing conf.py or adding the missing file
    clears them at once, as a clean build would."""
    return relative_link_warnings(app, domain.data["relative_links"]) + owner_warnings(app, domain)


def relative_link_warnings(app: Sphinx, links: list[tuple[str, str, str, str, int]]) -> list[KeptWarning]:
    """One warning per link field whose relative links point at files the site does not publish.

    Such a link is completed against the site's root on every page; when no file of
    ``html_extra_path`` (published at the root) or ``html_static_path`` (under ``_static/``)
    is there, it is most likely broken: al-folio kept those files in ``assets/pdf/``. One
    warning per field, not per entry: a migrated file has dozens, all mended by one setting.
    """
    base = app.config.vitae_link_base or {}
    confdir = Path(app.confdir)
    missing: dict[str, list[tuple[str, str, str, int]]] = {}
    for key, field_name, url, file, line in links:
        if field_name in base or (field_name == "preview" and app.config.vitae_previews == "off"):
            continue
        path = link_path(url)
        published = [confdir / folder / path for folder in app.config.html_extra_path or []]
        if path.startswith("_static/"):
            published += [confdir / folder / path[len("_static/") :] for folder in app.config.html_static_path or []]
        if not any(candidate.is_file() for candidate in published):
            missing.setdefault(field_name, []).append((key, url, file, line))
    warnings = []
    for field_name, found in missing.items():
        key, url, file, line = found[0]
        others = [other for other, *_ in found[1:]]
        also = ""
        if others:
            shown = ", ".join(map(repr, others[:3]))
            also = f" and {len(others)} more ({shown}{', ...' if len(others) > 3 else ''})"
        warnings.append(
            KeptWarning(
                f"entry {key!r} has a relative {field_name} link {url!r}{also}, to files the site does not publish: "
                "they are linked from the site's root on every page. Say where such files are, "
                f"vitae_link_base = {{{field_name!r}: 'https://example.org/assets/{field_name}/'}}, "
                "or publish them with html_extra_path",
                f"{file}:{line}" if line else None,
                "relative_link",
            )
        )
    return warnings


def owner_warnings(app: Sphinx, domain: VitaeDomain) -> list[KeptWarning]:
    """An owner who appears in no entry is a typo in ``vitae_owner``.

    Whether some entry names the owner is kept with the variants it was checked for, so a
    build reads the records for it only when the entries or ``vitae_owner`` changed."""
    from .config import owner_variants, setting_location
    from .names import NameMatcher

    variants = tuple(owner_variants(app.config))
    if not variants or not domain.digests:
        return []
    checked = domain.data["owner_check"]
    if checked is None or checked[0] != variants:
        matcher = NameMatcher([list(variants)])
        found = any(matcher.matches(author.key) for pub in domain.records.values() for author in pub.authors)
        domain.data["owner_check"] = checked = (variants, found)
    if checked[1]:
        return []
    return [
        KeptWarning(
            f"no entry of the bibliography has the owner {variants[0]!r} as an author "
            f"(checked the variants {', '.join(map(repr, variants))}); check vitae_owner",
            setting_location(app, app.config, "vitae_owner"),
            "owner_not_found",
        )
    ]


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """On ``env-before-read-docs``: the pages this build reads give their own warnings."""
    get_domain(env).reading = frozenset(docnames)


def replay_and_check(app: Sphinx, env: BuildEnvironment) -> None:
    """On ``env-updated`` (every build): the warnings of pages not read again, then the citations."""
    domain = get_domain(env)
    for docname in sorted(domain.data["warnings"]):
        if docname not in domain.reading:
            for warning in domain.data["warnings"][docname]:
                warning.emit()
    check_citations(domain)


def check_citations(domain: VitaeDomain) -> None:
    """Every ``:pub:`` key must name an entry that some page shows."""
    placed = {placement.key for placements in domain.data["placements"].values() for placement in placements}
    for docname in sorted(domain.data["cite_lines"]):
        for target, line in domain.data["cite_lines"][docname]:
            key = domain.canonical_key(target)
            location = (docname, line) if line else docname
            if key is None:
                message, subtype = f"unknown publication key {target!r} (not in the bibliography files)", "unknown_key"
            elif key not in placed and not domain.env.config.vitae_publication_pages:
                message = (
                    f"publication {key!r} is cited but not shown on any page "
                    "(add an all-publications directive or a publication group that lists it)"
                )
                subtype = "not_shown"
            else:
                continue
            logger.warning(message, location=location, type="vitae", subtype=subtype)


def _display_path(app: Sphinx, path: Any) -> str:
    try:
        return str(path.relative_to(app.srcdir.parent)) if path.is_relative_to(app.srcdir.parent) else str(path)
    except (AttributeError, ValueError):
        return str(path)


def outdated_docs(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """On ``env-get-outdated``: pages whose groups or citations see changed entries."""
    domain = get_domain(env)
    if not domain.records_changed:
        # every group and citation was read with the entries as they still are (selecting
        # again for every group costs O(groups x entries): seconds with a page per entry)
        return []
    stale: list[str] = []
    for docname, groups in domain.data["groups"].items():
        if docname in changed or docname in removed:
            continue
        for group in groups:
            matcher = make_filter(env, group.spec, docname)[0]
            pubs, _ = select(group.spec, domain.records, app.config.vitae_group_field, matcher)
            if signature(pubs, domain.digests) != group.signature:
                stale.append(docname)
                break
    for docname, cited in domain.data["cites"].items():
        if docname in stale or docname in changed or docname in removed:
            continue
        if any(domain.digests.get(key) != digest for key, digest in cited.items()):
            stale.append(docname)
    return stale


def make_filter(
    env: BuildEnvironment, spec: GroupSpec, docname: str
) -> tuple[Callable[[Publication], bool] | None, str]:
    """The ``:filter:`` of *spec* as a predicate, and an error message if it is invalid.

    The expression language is sphinxcontrib-bibtex's (``year >= "2020"``,
    ``type == "article"``, ``author % "Zhang"``), evaluated by its own evaluator.
    """
    if not spec.filter:
        return None, ""
    try:
        expression = ast.parse(spec.filter)
    except SyntaxError as exc:
        return (lambda pub: False), f"invalid filter {spec.filter!r}: {exc.msg}"
    error = bibdata.check_filter(expression)
    if error:
        # sphinxcontrib-bibtex names the node it cannot evaluate by its repr, which holds a memory
        # address: the message would differ from build to build, and from -j 2 to a serial build
        error = re.sub(r"<ast\.(\w+) object at 0x[0-9a-fA-F]+>", r"\1", error)
        return (lambda pub: False), f"invalid filter {spec.filter!r}: {error}"
    entries = bibdata.entries(env)

    def matches(pub: Publication) -> bool:
        try:
            return bibdata.filter_matches(expression, entries[pub.key], docname)
        except (ValueError, TypeError, KeyError):
            return False

    return matches, ""
