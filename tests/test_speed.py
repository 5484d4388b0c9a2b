"""What keeps builds fast, and that none of it changes what a build writes.

* list entries come from a cache of their HTML, with their plain text for the search
  index (not their markup or BibTeX source);
* compiled page templates are kept between builds;
* a rebuild in which no entry changed never unpickles the entries (:mod:`.deferred`);
* the garbage collector is handed its start-up objects back after each build;
* objects.inv lists each publication once.

The speed itself is measured by ``make bench`` (benchmarks/), not here.
"""

from __future__ import annotations

import gc
import json
import pickle
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from pybtex.database import BibliographyData, parse_string
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from sphinx_vitae import html as vitae_html
from sphinx_vitae.bibdata import DeferredBibliographyData
from sphinx_vitae.deferred import Deferred
from sphinx_vitae.domain import get_domain
from sphinx_vitae.records import from_entry
from sphinx_vitae.render import RenderContext, render_entry

ROOT = Path(__file__).resolve().parent.parent


def build(src: Path, *, quiet: bool = True, **kwargs) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    if quiet:
        assert app.warning.getvalue() == ""
    return app


@pytest.fixture
def site(rootdir, tmp_path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-rebuild", src)
    return src


def search_terms(app: SphinxTestApp) -> dict[str, object]:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]


# -- the search index ------------------------------------------------------------------


def test_search_index_has_what_readers_see_and_not_the_bibtex_source(site):
    app = build(site)
    terms = search_terms(app)
    # title, author, venue and abstract words (stemmed as Sphinx stems them)
    for word in ("enginenet", "bernoulli", "lovelac", "zeugma", "imaginari"):
        assert word in terms, word
    # only in the BibTeX toggles' source, or markup: "keywords = {Quuxwidget}", "@inproceedings",
    # "booktitle", "\emph", "&amp;", "&#64;"
    for word in ("quuxwidget", "inproceed", "booktitl", "emph", "amp", "64"):
        assert word not in terms, word
    # ... which is still on the page
    page = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Quuxwidget" in page and "booktitle" in page


def test_cached_entries_are_written_as_the_html_writer_writes_them(site):
    """One translator serves every entry; each entry's HTML equals a fresh translator's."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    data = parse_string(generate.generate(200) + (site / "refs.bib").read_text(encoding="utf-8"), "bibtex")
    ctx = RenderContext.build([["Jianqing Zhang"]], "🎉", {"Yuki Liu": "https://example.org/yuki"})
    shared = vitae_html.EntryHTMLCache(Path("unused"))
    for key, entry in data.entries.items():
        pub, _ = from_entry(key, entry, 1)
        fresh = vitae_html.EntryHTMLCache(Path("unused")).translate(render_entry(pub, ctx, f"pub-{key}"))
        assert shared.translate(render_entry(pub, ctx, f"pub-{key}")) == fresh, key
        assert fresh.startswith('<li class="vitae-entry') and fresh.endswith("</li>\n")


# -- compiled templates ------------------------------------------------------------------


def test_templates_are_compiled_once_and_edits_are_seen(site):
    (site / "_templates").mkdir()
    layout = site / "_templates" / "layout.html"
    layout.write_text('{% extends "!layout.html" %}{% block footer %}FIRST-FOOTER{% endblock %}', encoding="utf-8")
    (site / "conf.py").write_text((site / "conf.py").read_text() + 'templates_path = ["_templates"]\n')
    app = build(site)
    caches = list((app.doctreedir / "vitae-templates").glob("*/__jinja2_*.cache"))
    assert caches, "compiled templates are kept next to the doctrees"
    first = (app.outdir / "about.html").read_text(encoding="utf-8")
    assert "FIRST-FOOTER" in first
    # a fresh build that finds the cache writes the same page
    app = build(site, freshenv=True)
    assert (app.outdir / "about.html").read_text(encoding="utf-8") == first
    # an edited template is compiled again, not taken from the cache
    layout.write_text('{% extends "!layout.html" %}{% block footer %}SECOND-FOOTER{% endblock %}', encoding="utf-8")
    app = build(site)
    assert "SECOND-FOOTER" in (app.outdir / "about.html").read_text(encoding="utf-8")


def test_template_cache_can_be_turned_off(site):
    app = build(site, confoverrides={"vitae_template_cache": False})
    assert not (app.doctreedir / "vitae-templates").exists()


def test_a_rebuild_finds_the_configuration_unchanged(site):
    build(site)
    app = build(site)
    assert "The configuration has changed" not in app.status.getvalue()


# -- the environment pickle --------------------------------------------------------------


def test_deferred_value_stays_bytes_until_read():
    value = Deferred({"a": [1, 2], "b": "x"})
    blob = pickle.dumps(value)
    copy = pickle.loads(blob)
    assert not copy.is_read
    assert pickle.dumps(copy) == blob, "an unread value is pickled again as it came"
    assert copy.value == {"a": [1, 2], "b": "x"} and copy.is_read
    copy.value["c"] = 3
    assert pickle.loads(pickle.dumps(copy)).value == {"a": [1, 2], "b": "x", "c": 3}


def test_deferred_bibliography_data_behaves_as_pybtex_data():
    text = (ROOT / "tests" / "roots" / "test-rebuild" / "refs.bib").read_text(encoding="utf-8")
    plain = parse_string(text, "bibtex")
    data = DeferredBibliographyData.__new__(DeferredBibliographyData)
    data.__dict__.update(plain.__dict__)
    copy = pickle.loads(pickle.dumps(data))
    assert isinstance(copy, BibliographyData)
    assert "_deferred_state" in copy.__dict__, "nothing unpickled yet"
    assert not hasattr(copy, "no_such_attribute")
    assert list(copy.entries) == list(plain.entries)
    assert copy.entries["smith2023shared"].fields["keywords"] == "Quuxwidget"
    assert str(copy.entries["lovelace2024engine"].persons["author"][1]) == "Babbage, Charles"
    assert copy.to_string("bibtex") == plain.to_string("bibtex")
    again = pickle.loads(pickle.dumps(copy))
    assert again.to_string("bibtex") == plain.to_string("bibtex")


def test_a_rebuild_with_no_entry_changed_never_unpickles_the_entries(site):
    build(site)
    app = build(site)
    assert not get_domain(app.env).data["records"].is_read
    assert "_deferred_state" in app.env.get_domain("cite").bibdata.data.__dict__
    # editing a page that shows no entry reads the records it needs, not the .bib data
    about = site / "about.rst"
    about.write_text(about.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    app = build(site)
    assert "_deferred_state" in app.env.get_domain("cite").bibdata.data.__dict__
    assert "More." in (app.outdir / "about.html").read_text(encoding="utf-8")


def test_an_edited_entry_is_shown_after_a_deferred_rebuild(site):
    build(site)
    bib = site / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Shared Credit", "Shared Glory"), encoding="utf-8")
    app = build(site)
    assert "Shared Glory" in (app.outdir / "index.html").read_text(encoding="utf-8")
    assert "Shared Glory" in (app.outdir / "about.html").read_text(encoding="utf-8")  # its :pub: tooltip
    assert "Shared Credit" not in (app.outdir / "all.html").read_text(encoding="utf-8")


# -- the garbage collector -----------------------------------------------------------------


def test_the_collector_gets_its_objects_back_after_a_build(site):
    assert gc.get_freeze_count() == 0
    build(site)
    assert gc.get_freeze_count() == 0
    build(site, confoverrides={"vitae_gc_freeze": False})
    assert gc.get_freeze_count() == 0


# -- objects.inv ---------------------------------------------------------------------------


def test_inventory_lists_each_publication_once_where_links_go(site):
    app = build(site)
    with (app.outdir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "https://example.org", lambda base, uri: f"{base}/{uri}")
    items = inventory["vitae:publication"]
    assert set(items) == {"lovelace2024engine", "lovelace2022older", "smith2023shared"}
    # in a publication group on the home page, not the full list
    entry = items["smith2023shared"]
    location = entry.uri if hasattr(entry, "uri") else entry[2]
    title = entry.display_name if hasattr(entry, "display_name") else entry[3]
    assert re.search(r"/index\.html#pub-smith2023shared$", location)
    assert title == "Shared Credit: A Study"


# -- the page per publication ----------------------------------------------------------------


@pytest.fixture
def paged_site(rootdir, tmp_path) -> Path:
    src = tmp_path / "paged"
    shutil.copytree(rootdir / "test-basic", src)
    return src


def test_page_files_are_not_rewritten_when_no_entry_changed(paged_site):
    app = build(paged_site)
    assert not list(paged_site.glob("pub")), "publication pages are output: nothing goes into the source folder"
    download = app.outdir / "pub" / "babbage2019.bib"
    before = download.stat().st_mtime_ns
    page = app.outdir / "pub" / "babbage2019.html"
    page_before = page.stat().st_mtime_ns
    app = build(paged_site)
    assert not get_domain(app.env).data["records"].is_read, "no entry changed: the records stay unread"
    assert download.stat().st_mtime_ns == before
    assert page.stat().st_mtime_ns == page_before, "an unchanged page is not written again"
    assert (app.outdir / "pub" / "babbage2019.html").is_file()


def test_pages_follow_a_change_of_the_site_navigation(paged_site):
    """A page skipped because its entry did not change still shows the site's navigation of now."""
    furo = {"html_theme": "furo"}  # its sidebar shows the whole navigation
    build(paged_site, confoverrides=furo)
    (paged_site / "news.rst").write_text("Latest news\n===========\n\nNothing yet.\n", encoding="utf-8")
    index = paged_site / "index.rst"
    index.write_text(index.read_text(encoding="utf-8").replace("   cites\n", "   cites\n   news\n"), encoding="utf-8")
    app = build(paged_site, confoverrides=furo)
    assert "Latest news" in (app.outdir / "pub" / "babbage2019.html").read_text(encoding="utf-8")


def test_an_output_download_deleted_by_hand_is_written_again(paged_site):
    app = build(paged_site)
    (app.outdir / "pub" / "smith2023shared.bib").unlink()
    # a page of the site edited too: Sphinx before 8 writes nothing at all when no document changed
    index = paged_site / "index.rst"
    index.write_text(index.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    app = build(paged_site)
    assert (app.outdir / "pub" / "smith2023shared.bib").is_file()


def test_pages_follow_an_edited_entry(paged_site):
    build(paged_site)
    bib = paged_site / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Passages from", "Revised Passages from"))
    app = build(paged_site)
    assert "Revised Passages" in (app.outdir / "pub" / "babbage2019.bib").read_text(encoding="utf-8")
    assert "Revised Passages" in (app.outdir / "pub" / "babbage2019.html").read_text(encoding="utf-8")


def test_a_fresh_environment_never_reuses_entry_html_of_an_earlier_build(site):
    """An upgrade makes Sphinx start a fresh environment (env_version); the entries' HTML
    cached by the older code must not come back under the same keys."""
    build(site)
    cache_file = site / "_build" / "doctrees" / "vitae-entry-html.pickle"
    import pickle

    version, entries = pickle.loads(cache_file.read_bytes())
    stale = {key: ("<li>stale</li>", "stale") for key in entries}
    cache_file.write_bytes(pickle.dumps((version, stale)))
    app = build(site, freshenv=True)
    assert "stale" not in (app.outdir / "index.html").read_text(encoding="utf-8")
    # while the environment is kept, the cache is used (the point of it)
    cache_file.write_bytes(pickle.dumps((version, {key: ("<li>stale</li>", "stale") for key in entries})))
    (site / "index.rst").touch()
    app = build(site)
    assert "stale" in (app.outdir / "index.html").read_text(encoding="utf-8")
