"""One page per publication, written by the HTML builders as build output.

Nothing is written into the source folder: on ``html-collect-pages`` (the ``html`` and
``dirhtml`` builders) every entry gets a page ``<vitae_publication_dir>/<slug>`` made
from the theme's ``page.html``, its body the entry's HTML (rendered by the builder's
own HTML translator: the same markup as any page), its BibTeX, a download of that
BibTeX and the pages that cite it ("Cited on"). The ``.bib`` download is written
beside the page; a record of the files written (next to the doctrees, one per
builder) lets a later build delete the pages of entries that are gone, and only those.

``singlehtml`` writes no such pages: links go to the entry's place in the lists.

Page names are :func:`.keys.slug` of the key alone, never of file order or other keys;
two keys with one slug: the first (in ``.bib`` order) has the page, with a warning.

Sites built by 0.1/0.2-dev have generated *sources* in ``source/<dir>/`` listed in a
manifest: :func:`remove_old_sources` deletes exactly those still unchanged, once.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from .config import setting_location
from .domain import KeptWarning, get_domain
from .i18n import _
from .keys import anchor, slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: the manifest of the generated sources of 0.1/0.2-dev: {"generator": "sphinx-vitae", "files": {name: digest}}
MANIFEST = ".sphinx-vitae.json"
_GENERATOR = "sphinx-vitae"


# -- which pages there are ----------------------------------------------------------
def writes_pages(builder: Any) -> bool:
    """Whether *builder* writes publication pages (``html``, ``dirhtml``; not ``singlehtml``)."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


def assign_pages(app: Sphinx) -> None:
    """On ``builder-inited``, after the records are fresh: key -> page name of each page.

    Computed from the keys in every build (cheap: no record is read); a slug two keys share
    goes to the first, with a warning given in every build."""
    domain = get_domain(app.env)
    pages: dict[str, str] = {}
    folder = app.config.vitae_publication_dir.rstrip("/")
    if app.config.vitae_publication_pages and writes_pages(app.builder) and not _inside(folder):
        # config.py lets no such value through; one set later (by another extension) is refused here
        logger.warning(
            f"vitae_publication_dir {app.config.vitae_publication_dir!r} does not lead to a folder inside the site; "
            "no publication pages are generated",
            type="vitae",
            subtype="config",
            location=setting_location(app, app.config, "vitae_publication_dir")
            or setting_location(app, app.config, "extensions"),
        )
    elif app.config.vitae_publication_pages and writes_pages(app.builder):
        owner_of: dict[str, str] = {}
        for key in domain.digests:
            name = slug(key)
            if name in owner_of:
                KeptWarning(
                    f"no page generated for {key!r}: its page name {name!r} is already that of {owner_of[name]!r}",
                    f"{folder}/{name}",
                    "pages",
                ).emit()
                continue
            owner_of[name] = key
            pages[key] = f"{folder}/{name}"
    domain.data["pages"] = pages
    domain.data["page_keys"] = {pagename: key for key, pagename in pages.items()}


def page_of(env: BuildEnvironment, key: str) -> str | None:
    """The name of *key*'s publication page in this build, if it has one."""
    return get_domain(env).data.get("pages", {}).get(key)


def cited_by(env: BuildEnvironment) -> dict[str, list[str]]:
    """key -> the documents that cite it, in name order."""
    result: dict[str, list[str]] = {}
    for docname, cited in sorted(get_domain(env).data["cites"].items()):
        for key in cited:
            result.setdefault(key, []).append(docname)
    return result


# -- writing them -------------------------------------------------------------------
class PageWriter:
    """Renders page bodies with the builder's HTML translator (one translator, reused)."""

    def __init__(self, builder: StandaloneHTMLBuilder) -> None:
        self.builder = builder
        self.document = new_document("<sphinx-vitae>", builder.docsettings)
        self.translator: Any = None

    def html(self, pagename: str, node: nodes.Element) -> str:
        builder = self.builder
        builder.current_docname = pagename
        builder.secnumbers = {}  # as write_doc sets them for a document: a page has no numbers
        builder.fignumbers = {}
        builder.imgpath = relative_uri(builder.get_target_uri(pagename), "_images")
        builder.dlpath = relative_uri(builder.get_target_uri(pagename), "_downloads")
        if self.translator is None:
            self.translator = builder.create_translator(self.document, builder)
        translator = self.translator
        self.document.children = []
        self.document += node
        translator.body = []
        node.walkabout(translator)
        return "".join(translator.body)


def page_body(app: Sphinx, pagename: str, key: str, citing: list[str], bib_uri: str) -> nodes.Element:
    """The nodes of *key*'s page: title, entry, BibTeX, its download, "Cited on"."""
    from .config import owner_variants
    from .directives import link_root, render_context
    from .render import bibtex_block, render_page

    env = app.env
    pub = get_domain(env).records[key]
    ctx = render_context(app.config, [owner_variants(app.config)], link_root(env, pagename))
    section = nodes.section(ids=[anchor(key)], classes=["vitae-page"])
    title = pub.title_text or key
    section += nodes.title(title, title)
    section += render_page(pub, ctx)
    if pub.bibtex:
        section += nodes.rubric(_("BibTeX"), _("BibTeX"))
        section += bibtex_block(pub)
        label = _("Download %s") % bib_uri.rsplit("/", 1)[-1]
        para = nodes.paragraph(classes=["vitae-download"])
        para += nodes.reference(
            "", "", nodes.literal(label, label), refuri=bib_uri, internal=True, classes=["download"]
        )
        section += para
    if citing:
        para = nodes.paragraph(classes=["vitae-backlinks"])
        para += nodes.Text(_("Cited on:") + " ")
        for index, docname in enumerate(citing):
            if index:
                para += nodes.Text(", ")
            text = env.titles[docname].astext() if docname in env.titles else docname
            uri = app.builder.get_relative_uri(pagename, docname)
            para += nodes.reference("", "", nodes.inline(text, text), refuri=uri, internal=True)
        section += para
    return section


def _inside(folder: str) -> bool:
    """Whether *folder* is a relative path of plain names: pages written there stay in the output folder."""
    parts = folder.split("/")
    return (
        bool(folder) and not Path(folder).is_absolute() and all(_plain_name(p) and p not in {".", ".."} for p in parts)
    )


def _record_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / f"vitae-pages-{app.builder.name}.json"


def site_state(app: Sphinx) -> str | None:
    """What every publication page depends on besides its entry: the configuration (as the
    HTML builder hashes it), the templates, the site's navigation and titles, this version
    of the extension. None where the builder does not say (then every page is written)."""
    from . import __version__

    builder = app.builder
    config_hash = getattr(getattr(builder, "build_info", None), "config_hash", None)
    templates = getattr(builder, "templates", None)
    newest = getattr(templates, "newest_template_mtime", None)
    if not config_hash or newest is None:
        return None
    env = app.env
    navigation = sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items())
    titles = sorted((doc, title.astext()) for doc, title in env.titles.items())
    shape = (__version__, builder.name, config_hash, newest(), navigation, titles)
    return _digest(repr(shape).encode("utf-8"))


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """On ``html-collect-pages``: one page per entry; the files of gone entries are deleted.

    A page whose inputs (its entry's digest, the pages citing it, :func:`site_state`) are
    those it was last written from, and whose file is still there, is not made again: a
    rebuild in which nothing changed reads no record and writes no page."""
    builder = app.builder
    domain = get_domain(app.env)
    pages = domain.data.get("pages", {}) if writes_pages(builder) else {}
    outdir = Path(app.outdir)
    written: list[str] = []
    before = _load_record(app, outdir)
    state = site_state(app) if pages else None
    old_digests: dict[str, str] = before.get("pages", {}) if state is not None and state == before.get("state") else {}
    previous_files = set(before.get("files", []))
    new_digests: dict[str, str] = {}
    if pages:
        assert isinstance(builder, StandaloneHTMLBuilder)
        writer = PageWriter(builder)
        citing = cited_by(app.env)
        for key, pagename in pages.items():
            entry_digest = domain.digests.get(key)
            if entry_digest is None:
                continue
            if pagename in app.env.all_docs:  # a document of the user's: it is written, not our page
                KeptWarning(
                    f"no page generated for {key!r}: {pagename} is a document of the site", pagename, "pages"
                ).emit()
                continue
            bib_name = f"{pagename}.bib"
            page_file = Path(builder.get_outfilename(pagename)).relative_to(outdir).as_posix()
            page_digest = _digest(repr((entry_digest, citing.get(key, []))).encode("utf-8"))
            had_bib = bib_name in previous_files
            if (
                old_digests.get(pagename) == page_digest
                and (outdir / page_file).is_file()
                and (not had_bib or (outdir / bib_name).is_file())
            ):
                new_digests[pagename] = page_digest
                written += [page_file, bib_name] if had_bib else [page_file]
                continue
            pub = domain.records.get(key)
            if pub is None:
                continue
            if pub.bibtex:
                _write_if_changed(outdir / bib_name, pub.bibtex + "\n")
                written.append(bib_name)
            bib_uri = relative_uri(builder.get_target_uri(pagename), bib_name)
            body = writer.html(pagename, page_body(app, pagename, key, citing.get(key, []), bib_uri))
            written.append(page_file)
            new_digests[pagename] = page_digest
            # the templates take the title as HTML (they strip its tags)
            yield pagename, {"title": escape(pub.title_text or key), "body": body}, "page.html"
    _forget_gone(app, outdir, written, before, {"state": state, "pages": new_digests})


def _load_record(app: Sphinx, outdir: Path) -> dict[str, Any]:
    """What the last build of this builder wrote: ``{"outdir", "files", "state", "pages"}``."""
    try:
        before = json.loads(_record_path(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(before, dict) or before.get("outdir") != str(outdir):
        return {}
    return before


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _forget_gone(app: Sphinx, outdir: Path, written: list[str], before: dict[str, Any], pages: dict[str, Any]) -> None:
    """Delete the output files this module wrote in an earlier build and not in this one."""
    files = before.get("files", [])
    previous = {name for name in files if isinstance(name, str)} if isinstance(files, list) else set()
    now = set(written)
    for name in sorted(previous - now):
        path = outdir / name
        if ".." in Path(name).parts or not path.is_file():
            continue
        path.unlink(missing_ok=True)
        for folder in path.parents:  # a folder left empty (dirhtml's pub/x/) goes too
            if folder == outdir or any(folder.iterdir()):
                break
            folder.rmdir()
    record = {"outdir": str(outdir), "files": sorted(now), **pages}
    if record != before:
        path = _record_path(app)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# -- upgrading from generated sources -------------------------------------------------
def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _plain_name(name: str) -> bool:
    return bool(re.fullmatch(r"[^/\\\0]+", name)) and name not in {".", "..", MANIFEST}


def old_manifest_files(folder: Path) -> dict[str, str]:
    """The files 0.1/0.2-dev's manifest in *folder* lists (name -> digest); {} if it is not ours."""
    path = folder / MANIFEST
    try:
        if path.is_symlink() or not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) and data.get("generator") == _GENERATOR else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str) and _plain_name(k)}


def remove_old_sources(folder: Path) -> None:
    """Delete the generated sources of 0.1/0.2-dev in *folder*: exactly the files its manifest
    lists that still hold what was written. An edited file stays, and stays listed; the
    manifest and the folder go when nothing listed is left."""
    files = old_manifest_files(folder)
    if not files:
        return
    kept = {}
    for name, digest in files.items():
        path = folder / name
        try:
            unchanged = not path.is_symlink() and path.is_file() and _digest(path.read_bytes()) == digest
            if unchanged:
                path.unlink()
            elif path.exists() or path.is_symlink():
                kept[name] = digest
        except OSError:
            kept[name] = digest
    manifest = folder / MANIFEST
    if kept:
        text = json.dumps({"generator": _GENERATOR, "files": dict(sorted(kept.items()))}, indent=1)
        manifest.write_text(text + "\n", encoding="utf-8")
        return
    manifest.unlink(missing_ok=True)
    try:
        folder.rmdir()  # only when empty
    except OSError:
        pass


def generated_files(folder: Path) -> set[str]:
    """The names of the files 0.1/0.2-dev generated into *folder* (and its manifest)."""
    return set(old_manifest_files(folder)) | {MANIFEST}


def clean_old_sources(app: Sphinx) -> None:
    """On ``builder-inited``: the old generated sources of the configured folder go."""
    name = app.config.vitae_publication_dir
    if not name or Path(name).is_absolute():
        return
    folder = Path(app.srcdir) / name
    srcdir = Path(app.srcdir).resolve()
    if folder.is_dir() and srcdir in folder.resolve().parents:
        remove_old_sources(folder)


def setup_pages(app: Sphinx) -> None:
    app.connect("builder-inited", clean_old_sources, priority=300)  # before Sphinx finds the documents
    app.connect("builder-inited", assign_pages, priority=450)  # after refresh_records (400)
    app.connect("html-collect-pages", collect_pages)
