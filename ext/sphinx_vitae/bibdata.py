"""The one place that knows sphinxcontrib-bibtex's data.

sphinxcontrib-bibtex parses ``bibtex_bibfiles`` on ``builder-inited`` and caches the
result in its ``cite`` domain, re-parsing only when a file's mtime changes. We run just
before it (event priority 400) and, when its cache is stale, fill that same cache with
what :mod:`.bibread` read (which loses no entry where pybtex's strict parse would);
sphinxcontrib-bibtex then finds its cache up to date and carries on as usual. Its
``:filter:`` evaluator serves our ``:filter:`` option. These functions are the whole
coupling: a change in sphinxcontrib-bibtex is mended here.
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
    """Evaluate a parsed ``:filter:`` expression with sphinxcontrib-bibtex's evaluator."""
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
