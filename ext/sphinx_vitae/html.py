"""HTML-only bits: toggles, title links, scholarly metadata, the stylesheet.

* ``toggle`` nodes become ``<details><summary>``: readable without JavaScript.
* List titles link to the entry's own page (a post-transform for HTML builders only,
  so the PDF has no links to web pages that are not in it).
* Publication pages carry Google Scholar / Highwire ``citation_*`` meta tags and a
  JSON-LD ``ScholarlyArticle``; the home page a JSON-LD ``Person``. Every value is
  escaped for its context (attribute or ``<script>`` JSON).
* Lists are written from a cache of each entry's HTML (:class:`EntryHTMLCache`) into
  :class:`prerendered` nodes, and compiled page templates are kept between builds
  (:func:`cache_templates`): a rebuild pays for neither again.
* The environment pickle keeps the configuration as the next build will first see it
  (:func:`note_first_seen_config`), so a build with nothing changed says nothing changed.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import weakref
from collections.abc import Callable
from functools import lru_cache, partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
import sphinx
from docutils import frontend, nodes
from docutils.utils import new_document
from docutils.writers import html5_polyglot
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform

from .directives import RenderPublicationLists, publication_list
from .domain import get_domain
from .metadata import Site, opengraph_twitter_card, person_head, publication_head
from .pages import page_of
from .records import Publication
from .render import RenderContext, render_entry, toggle
from .webparts import WebPartsHTML

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator

STATIC = Path(__file__).parent / "static"


def visit_toggle(self: HTML5Translator, node: toggle) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="{escape(classes)}"><summary>{escape(node["summary"])}</summary>\n')


def depart_toggle(self: HTML5Translator, node: toggle) -> None:
    self.body.append("</details>\n")


def skip_node(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


class prerendered(nodes.General, nodes.Element):
    """HTML written ahead of time (its ``html`` attribute), with its plain text as children.

    The HTML writer copies the HTML and skips the children; Sphinx's search index reads
    the children, so it indexes the words a reader sees: not tags, entities or the
    BibTeX source of the toggles.
    """


def visit_prerendered(self: HTML5Translator, node: prerendered) -> None:
    self.body.append(node["html"])
    raise nodes.SkipNode


def page_uri(env: Any, fromdoc: str, key: str) -> str:
    """The address of *key*'s own page as seen from *fromdoc*, as this build's builder writes it
    ("pub/x.html", "../pub/x/"); with ``singlehtml``, which writes no such pages, the entry's
    place in the lists ("#key"); empty where there is neither."""
    domain = get_domain(env)
    builder = domain.builder
    if builder is None or not env.config.vitae_publication_pages:
        return ""
    if builder.name == "singlehtml":
        where = domain.find_placement(key, fromdoc)
        return "#" + where[1].node_id if where is not None and where[1].node_id else ""
    target = page_of(env, key)
    if not target:
        return ""
    try:
        return builder.get_relative_uri(fromdoc, target)
    except NoUri:
        return ""


def link_title(item: nodes.Element, uri: str) -> None:
    """Make the title of a rendered entry a link to *uri*, keeping its styling (``\\emph``, ``<b>``)."""
    for title in item.findall(nodes.strong):
        if title.get("vitae_key"):
            inner = nodes.inline("", "", classes=["doc"])
            inner.extend(title.children)
            ref = nodes.reference("", "", inner, refuri=uri, internal=True, classes=["vitae-title-link"])
            title.children = []
            title += ref
            return


class LinkTitlesToPages(SphinxPostTransform):
    """Make each list entry's title a link to the entry's own page."""

    default_priority = 5
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not self.config.vitae_publication_pages:
            return
        for item in list(self.document.findall(nodes.list_item)):
            if "vitae-entry" in item["classes"]:
                key = next((t["vitae_key"] for t in item.findall(nodes.strong) if t.get("vitae_key")), None)
                uri = page_uri(self.env, self.env.docname, key) if key else ""
                if uri:
                    link_title(item, uri)


def _site(app: Sphinx, pagename: str) -> Site:
    base = app.config.html_baseurl or ""
    if base and not base.endswith("/"):
        base += "/"  # "https://x.org/site" is the site's root, not a page in it
    return Site(
        page_url=urljoin(base, app.builder.get_target_uri(pagename)) if base else "",
        base_url=base,
        link_base=app.config.vitae_link_base or {},
        homepage=_homepages(tuple(sorted(dict(app.config.vitae_coauthors or {}).items()))),
    )


@lru_cache(maxsize=4)
def _homepages(coauthors: tuple[tuple[str, str], ...]) -> Callable[[Any], str | None]:
    """``vitae_coauthors`` as a lookup, made once per build rather than once per page."""
    return RenderContext.build([], "", dict(coauthors)).homepage


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On ``html-page-context``, before sphinxext-opengraph: metadata for publication pages
    and the home page (:mod:`.metadata`).

    With sphinxext-opengraph, our Open Graph values become the page's overrides (its per-page
    ``og:*`` fields) and our description stops it from writing its own, so a page carries one
    of each; without it, the tags are written here."""
    domain = get_domain(app.env)
    key = domain.data.get("page_keys", {}).get(pagename)
    if key is not None and key in domain.records:
        head = publication_head(domain.records[key], _site(app, pagename))
    elif pagename == app.config.root_doc and app.config.vitae_profile.get("name"):
        head = person_head(app.config.vitae_profile, _site(app, pagename))
    else:
        return
    metatags = context.get("metatags", "")
    extra = head.metatags
    if not re.search(r"""<meta\s[^>]*name=["']?description\b""", metatags, re.I):
        extra += head.description_tag()
    if head.og:
        if "sphinxext.opengraph" in app.extensions and doctree is not None:  # it skips pages without one
            # a copy (the environment's stays); escaped as its make_tag does not ("&", "<")
            og = {name: escape(value, quote=False) for name, value in head.og.items()}
            context["meta"] = {**(context.get("meta") or {}), **og}
            if not opengraph_twitter_card(app.config):
                extra += head.og_tags(og=False)
        else:
            if "sphinxext.opengraph" in app.extensions:  # a page it skips (ours): its site name too
                site_name = getattr(app.config, "ogp_site_name", None) or app.config.project
                if site_name:
                    head.og.setdefault("og:site_name", str(site_name))
            extra += head.og_tags()
    context["metatags"] = metatags + extra


def add_static(app: Sphinx, config: Any) -> None:
    """On ``config-inited``, so that the configuration pickled with the environment is the
    one the next build starts from (added later, every build would find it "changed")."""
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


# the configuration of each running application as config-inited left it: see note_first_seen_config
_FIRST_SEEN: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def note_first_seen_config(app: Sphinx, config: Any) -> None:
    """On ``config-inited``, after every other handler: keep a copy of the configuration as
    the next build will see it when it compares its configuration with the pickled one.

    Sphinx makes that comparison before the builder exists, and pickles the environment
    with the configuration as it is after reading. Whatever changes in between makes
    every build report "The configuration has changed" although nothing did:

    * the HTML builder gives each ``html_css_files``/``html_js_files`` entry its default
      priority in place (``attrs.setdefault("priority", 800)``);
    * extensions add to ``html_static_path`` on ``builder-inited`` (sphinx-copybutton);
    * a theme that is an extension (furo's ``pygments_dark_style``) registers its options
      only when the builder loads the theme.

    The copy is made the way the pickle makes it (so it holds exactly what a pickle holds),
    and :func:`pickle_first_seen_config` puts it in place for the one moment the
    environment is pickled. Builders still work with the live configuration.
    """
    if "write-started" not in app.events.events:
        return  # Sphinx < 8: no event to put the live configuration back before writing
    _FIRST_SEEN[app] = pickle.loads(pickle.dumps(config, pickle.HIGHEST_PROTOCOL))


def pickle_first_seen_config(app: Sphinx, env: Any) -> None:
    """On ``env-updated``, after every other handler: the next step that reads
    ``env.config`` is pickling the environment (and the consistency check)."""
    first_seen = _FIRST_SEEN.get(app)
    if first_seen is not None:
        env.config = first_seen


def restore_live_config(app: Sphinx, builder: Any) -> None:
    """On ``write-started``, first: the environment is pickled; writers use the live configuration."""
    app.env.config = app.config


def restore_live_config_at_end(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: the same, for a build that stopped before writing."""
    if getattr(app, "env", None) is not None:
        app.env.config = app.config


def cache_templates(app: Sphinx) -> None:
    """On ``builder-inited``: keep the HTML builder's compiled Jinja templates between builds.

    Sphinx compiles the theme's templates anew in every build, even one that has nothing
    to write but the index and search pages; that is about a tenth of a second of every
    rebuild with furo. Jinja's own bytecode cache, next to the doctrees, reuses them
    while each template's source is unchanged (it checks a checksum of the source and
    the Python version). Sphinx sets the Jinja environment up, so the folder is named by
    the Sphinx and Jinja versions and the template extensions (i18n or not): a change of
    any of them never picks up stale code. ``vitae_template_cache = False`` turns it off.
    """
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if not app.config.vitae_template_cache or not isinstance(environment, jinja2.Environment):
        return
    if environment.bytecode_cache is not None:
        return  # someone else's cache: leave it
    shape = (type(environment).__qualname__, sorted(environment.extensions), sphinx.__version__, jinja2.__version__)
    folder = Path(app.doctreedir) / "vitae-templates" / hashlib.sha256(repr(shape).encode()).hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no cache: only slower
    environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def setup_html(app: Sphinx) -> None:
    others: dict[str, Any] = {name: (skip_node, None) for name in ("latex", "text", "man", "texinfo")}
    app.add_node(toggle, html=(visit_toggle, depart_toggle), **others)
    app.add_node(prerendered, html=(visit_prerendered, None), **others)
    app.add_post_transform(LinkTitlesToPages)
    app.add_post_transform(RenderPublicationListsHTML)
    app.connect("builder-inited", _open_cache)
    app.connect("builder-inited", cache_templates)
    app.connect("build-finished", _save_cache)
    app.connect("config-inited", add_static)
    app.connect("config-inited", note_first_seen_config, priority=10_000)
    app.connect("env-updated", pickle_first_seen_config, priority=10_000)
    app.connect("write-started", restore_live_config, priority=0)
    app.connect("build-finished", restore_live_config_at_end, priority=0)
    app.add_css_file("vitae.css")
    app.connect("html-page-context", page_context, priority=400)  # before sphinxext-opengraph (500)


class _EntryTranslator(WebPartsHTML, html5_polyglot.HTMLTranslator):
    """docutils' own HTML writer, for the nodes of one entry (which are all standard)."""

    visit_toggle = visit_toggle
    depart_toggle = depart_toggle

    def visit_reference(self, node: nodes.reference) -> None:
        super().visit_reference(node)
        if node.get("internal"):  # a link within the site, marked as Sphinx marks it
            self.body[-1] = self.body[-1].replace("reference external", "reference internal", 1)


class EntryHTMLCache:
    """Each entry's HTML and searchable text, made once and reused while the entry and
    its settings stay.

    The HTML is what docutils' HTML writer makes of the entry's nodes, so every piece of
    field text in it is escaped exactly as on any other page; no field text is ever put
    into HTML by hand. The text is what the reader sees, for the search index: the
    entry without its BibTeX toggle. The cache lives next to the doctrees.
    """

    #: bumped whenever what an entry renders to changes; a fresh environment (an upgrade that
    #: changes env_version, -E, a new configuration) also starts the cache anew (_open_cache)
    VERSION = 3

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.used: set[tuple[Any, ...]] = set()
        self.loaded = False
        self.dirty = False
        self.translator: _EntryTranslator | None = None

    def load(self) -> None:
        self.loaded = True
        try:
            with self.path.open("rb") as stream:
                version, entries = pickle.load(stream)
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError):
            return
        if version == self.VERSION:
            self.entries = entries

    def get(self, key: tuple[Any, ...], make: Callable[[], nodes.Element]) -> tuple[str, str]:
        """The (HTML, searchable text) of the entry *key*; *make* gives its nodes if not cached."""
        if not self.loaded:
            self.load()
        self.used.add(key)
        found = self.entries.get(key)
        if found is None:
            node = make()
            found = self.entries[key] = (self.translate(node), searchable_text(node))
            self.dirty = True
        return found

    def translate(self, node: nodes.Element) -> str:
        """*node* as HTML. One translator serves every entry: setting one up costs more than
        writing an entry, and each entry leaves it as it found it (a balanced walk)."""
        if self.translator is None:
            settings = frontend.get_default_settings(html5_polyglot.Writer)
            self.translator = _EntryTranslator(new_document("<sphinx-vitae>", settings))
        translator = self.translator
        document = translator.document
        document.children = []
        document += node
        translator.body = []
        node.walkabout(translator)
        return "".join(translator.body)

    def save(self) -> None:
        if not self.dirty:
            return
        # keep what this build used: entries and settings that are gone are dropped
        entries = {key: value for key, value in self.entries.items() if key in self.used}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("wb") as stream:
                pickle.dump((self.VERSION, entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass  # a cache that cannot be written only costs time
        self.dirty = False


def searchable_text(item: nodes.Element) -> str:
    """What a reader sees of a list entry: its text without the BibTeX toggle."""
    return "\n".join(
        child.astext()
        for child in item.children
        if not (isinstance(child, nodes.Element) and "vitae-toggle-bibtex" in child["classes"])
    )


class RenderPublicationListsHTML(RenderPublicationLists):
    """The HTML builder's way to render lists: entries come from :class:`EntryHTMLCache`.

    The page holds one :class:`prerendered` node per list, so long lists cost neither
    rendering nor a walk through thousands of nodes on every page that shows them.
    """

    builders = ("html",)
    default_priority = 2  # before the generic renderer (3)

    def render_items(
        self, shown: list[tuple[Publication, str]], ctx: RenderContext, node: publication_list
    ) -> nodes.Element:
        cache: EntryHTMLCache = self.env.vitae_html_cache  # type: ignore[attr-defined]
        digests = get_domain(self.env).digests
        setting = ctx.fingerprint()
        html = [f'<ul class="{escape(" ".join(node["classes"]))}">\n']
        text = []
        for pub, node_id in shown:
            href = page_uri(self.env, self.env.docname, pub.key)
            key = (pub.key, digests.get(pub.key, ""), setting, node_id, href)
            entry_html, entry_text = cache.get(key, partial(self.entry, pub, ctx, node_id, href))
            html.append(entry_html)
            text.append(entry_text)
        html.append("</ul>\n")
        result = prerendered(html="".join(html))
        result += nodes.Text("\n".join(text))
        return result

    @staticmethod
    def entry(pub: Publication, ctx: RenderContext, node_id: str, href: str) -> nodes.Element:
        item = render_entry(pub, ctx, node_id or None)
        if href:
            link_title(item, href)
        return item


def _open_cache(app: Sphinx) -> None:
    cache = EntryHTMLCache(Path(app.doctreedir) / "vitae-entry-html.pickle")
    if not app.env.all_docs:
        # a fresh environment: entries rendered by an older version of the code may be in the
        # file, under the same keys (entry and settings unchanged); none of them is reused
        cache.loaded = True
    app.env.vitae_html_cache = cache  # type: ignore[attr-defined]


def _save_cache(app: Sphinx, exception: BaseException | None) -> None:
    cache = getattr(app.env, "vitae_html_cache", None)
    if cache is not None and exception is None:
        cache.save()
