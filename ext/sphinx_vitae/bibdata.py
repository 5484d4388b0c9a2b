"""The one place that knows sphinxcontrib-bibtex's data: a small adapter, and the whole coupling.

sphinxcontrib-bibtex parses ``bibtex_bibfiles`` on ``builder-inited`` and caches the
result in its ``cite`` domain, re-parsing only when a file's mtime changes. We run just
before it (event priority 400) and, when its cache is stale, fill that same cache with
what :mod:`.bibread` read (which loses no entry where pybtex's strict parse would);
sphinxcontrib-bibtex then finds its cache up to date and carries on as usual. Its
``:filter:`` evaluator serves our ``:filter:`` option. A change in sphinxcontrib-bibtex
is mended here, and nowhere else.

Pinned to what CI tests: sphinxcontrib-bibtex 2.7.0 with Sphinx 7.4.0 (the oldest that
pyproject.toml allows, tests/constraints-oldest.txt, run by tests/matrix.sh) up to the
newest below 3 with the newest Sphinx (``make test``). What it touches, all of it read
from sphinxcontrib-bibtex 2.7.0:

- ``sphinxcontrib.bibtex.bibfile``: ``BibData(encoding, bibfiles, data)``,
  ``BibFile(mtime, keys)`` and ``is_bibdata_outdated(bibdata, paths, encoding)``, the
  module's documented API. ``bibfiles`` is keyed by ``(Path(confdir) / name).resolve()``
  and ``mtime`` is ``Path.lstat().st_mtime`` (:func:`.bibread.mtime`), as its own
  ``builder_inited_cite`` and ``get_mtime`` make them: a cache in any other shape is
  taken for stale and parsed again, strictly.
- the ``cite`` domain's ``bibdata`` property (read) and ``data["bibdata"]`` (written),
  where ``builder_inited_cite`` reads and writes them on ``builder-inited`` (priority 500).
- ``sphinxcontrib.bibtex.domain._FilterVisitor(entry, docname, cited_docnames).visit(tree)``,
  private (the same in 2.6.0 and 2.7.0): no public function evaluates a ``:filter:`` on one
  entry (``BibtexDomain.get_filtered_entries`` wants a ``bibliography`` directive in the
  domain's data), and a copy of the evaluator would drift from the language it documents.
  :func:`filter_matches` is its only use.

sphinxcontrib-bibtex 2.6 cannot be served: it parses the files itself, strictly, when the
``cite`` domain is made, before any event an extension can connect to, and so adds its
own warnings about the bad input :mod:`.bibread` reads ("bibliography data error in
refs.bib: repeated bibliograhpy entry", tests/test_bad_input.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pybtex.database import BibliographyData, Entry
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, is_bibdata_outdated

from .bibread import LoadResult
from .deferred import DeferredState

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def bibfile_paths(app: Sphinx) -> list[Path]:
    """The .bib files, resolved exactly as sphinxcontrib-bibtex resolves them."""
    return [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles or []]


def cite_domain(env: BuildEnvironment) -> Any:
    return env.get_domain("cite")


def is_outdated(app: Sphinx) -> bool:
    return is_bibdata_outdated(cite_domain(app.env).bibdata, bibfile_paths(app), app.config.bibtex_encoding)


def entries(env: BuildEnvironment) -> dict[str, Entry]:
    """The parsed entries, by key, in file order."""
    return cite_domain(env).bibdata.data.entries


def parsed_files(env: BuildEnvironment) -> list[Path]:
    """The resolved paths of the .bib files, in configuration order."""
    return list(cite_domain(env).bibdata.bibfiles)


class DeferredBibliographyData(DeferredState, BibliographyData):
    """pybtex's parsed data as sphinxcontrib-bibtex keeps it, but pickled with the
    environment as one byte string that is unpickled only when something reads it: a
    rebuild in which no entry changed never does (see :mod:`.deferred`)."""


def store(app: Sphinx, result: LoadResult) -> None:
    """Hand the parsed data to sphinxcontrib-bibtex's cache."""
    data = DeferredBibliographyData.__new__(DeferredBibliographyData)
    data.__dict__.update(result.data.__dict__)
    bibfiles = {path: BibFile(mtime=read.mtime, keys=read.keys) for path, read in result.bibfiles.items()}
    cite_domain(app.env).data["bibdata"] = BibData(encoding=app.config.bibtex_encoding, bibfiles=bibfiles, data=data)


def filter_matches(expression: Any, entry: Entry, docname: str) -> bool:
    """Evaluate a parsed ``:filter:`` expression with sphinxcontrib-bibtex's evaluator.

    Its private ``_FilterVisitor`` (see the module's docstring); the entry counts as cited
    nowhere, so ``cited`` is false.
    """
    from sphinxcontrib.bibtex.domain import _FilterVisitor

    return bool(_FilterVisitor(entry, docname, set()).visit(expression))


def check_filter(expression: Any) -> str:
    """An error message if *expression* is not a filter sphinxcontrib-bibtex can evaluate."""
    from pybtex.database import Entry

    try:
        filter_matches(expression, Entry("misc"), "")
    except (ValueError, TypeError) as exc:
        return str(exc)
    return ""
