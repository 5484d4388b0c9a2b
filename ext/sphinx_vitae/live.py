"""``make livehtml``: sphinx-autobuild, also watching the files the site is built from outside its source folder.

sphinx-autobuild watches the source folder; ``refs.bib`` usually sits next to it, so an edit
to a title showed only after some ``.rst`` was touched. This finds every ``.bib`` of
``bibtex_bibfiles`` (read from conf.py by Sphinx's own loader, so a computed list works
too) and a JSON Resume file where there is one, and starts sphinx-autobuild with them::

    python -m sphinx_vitae.live SOURCEDIR OUTDIR [sphinx-autobuild or sphinx-build options]

The *folder* of each such file is watched (sphinx-autobuild's ``--watch``), with a
``--re-ignore`` for everything in it but the files themselves: a file watch is lost when an
editor saves by writing a new file and renaming it over the old one, a folder watch is not.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

# JSON Resume files, relative to the project folder (the working directory of make)
RESUME_FILES = ("resume.json", "assets/json/resume.json")


def configured_bibfiles(srcdir: Path) -> list[Path]:
    """The ``.bib`` files conf.py names, resolved as sphinxcontrib-bibtex resolves them (from *srcdir*)."""
    import sphinx
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    conf = srcdir / "conf.py"
    # its file name: a Path from Sphinx 8.2 on, a str before (Sphinx 7.4 calls str.encode on it)
    namespace = eval_config_file(conf if sphinx.version_info >= (8, 2) else str(conf), Tags())  # type: ignore[arg-type]
    names = namespace.get("bibtex_bibfiles") or []
    if isinstance(names, str):
        names = [names]
    return [(srcdir / str(name)).resolve() for name in names]


def watched_files(srcdir: Path, project: Path) -> list[Path]:
    """The files outside *srcdir* that a rebuild must follow: bib files, and a JSON Resume if present."""
    srcdir = srcdir.resolve()
    candidates = configured_bibfiles(srcdir)
    candidates += [(srcdir / name).resolve() for name in RESUME_FILES]
    candidates += [(project / name).resolve() for name in RESUME_FILES]
    found = []
    for path in candidates:
        if path.is_file() and srcdir not in path.parents and path not in found:
            found.append(path)
    return found


def watch_arguments(srcdir: Path, files: Iterable[Path]) -> list[str]:
    """``--watch`` for the folder of each of *files*, ``--re-ignore`` for all else in those folders.

    sphinx-autobuild applies every ignore to every watched folder, so a folder's ignore keeps
    whatever else is watched inside it (the source folder, another file's folder).
    """
    files = [path.resolve() for path in files]
    srcdir = srcdir.resolve()
    folders = list(dict.fromkeys(path.parent for path in files))
    kept = [srcdir, *files]
    arguments: list[str] = []
    for folder in folders:
        inside = [path.relative_to(folder).as_posix() for path in kept if folder in path.parents]
        keep = "|".join(re.escape(name) for name in sorted(inside))
        arguments += ["--watch", str(folder), "--re-ignore", f"^{re.escape(folder.as_posix())}/(?!(?:{keep})(?:/|$))"]
    return arguments


def autobuild_arguments(srcdir: Path, outdir: Path, extra: Sequence[str], project: Path) -> list[str]:
    files = watched_files(srcdir, project)
    return [str(srcdir), str(outdir), *watch_arguments(srcdir, files), *extra]


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        sys.exit("usage: python -m sphinx_vitae.live SOURCEDIR OUTDIR [sphinx-autobuild options]")
    srcdir, outdir, extra = Path(args[0]), Path(args[1]), args[2:]
    arguments = autobuild_arguments(srcdir, outdir, extra, Path.cwd())
    files = watched_files(srcdir, Path.cwd())
    print("sphinx-vitae: also watching " + (", ".join(map(str, files)) or "nothing outside the source folder"))
    sys.stdout.flush()
    # replace this process: Ctrl+C and a kill reach sphinx-autobuild itself
    os.execv(sys.executable, [sys.executable, "-m", "sphinx_autobuild", *arguments])


if __name__ == "__main__":
    main()
