#!/usr/bin/env bash
# The package as a user gets it, on a clean machine: build a wheel of this checkout, install it
# into a fresh venv (dependencies from the registry, no extras: no furo, no test tools), then
# build a tiny site with the alabaster theme, warnings as errors. Run by .ci/run before the tests.
#
#     tests/clean_install.sh            (PYTHON=python3.12 tests/clean_install.sh for another Python)
set -euo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)
PYTHON=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step="start"
trap 'echo "clean install check FAILED at: $step" >&2' ERR
say() { step=$1; echo "clean install: $1"; }

say "a fresh venv ($($PYTHON --version))"
"$PYTHON" -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -m pip install --quiet --upgrade pip

say "a wheel of this checkout"
"$py" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$project"
wheels=("$work"/dist/sphinx_vitae-*.whl)
[ -f "${wheels[0]}" ] || { echo "no wheel was built" >&2; false; }
echo "  ${wheels[0]##*/}"

say "the wheel holds the stylesheet, the type marker and the starter's templates"
# listed once into a file: "zipfile -l | grep -q" breaks the pipe when grep stops early (pipefail)
"$py" -m zipfile -l "${wheels[0]}" > "$work/wheel.txt"
for member in sphinx_vitae/static/vitae.css sphinx_vitae/py.typed sphinx_vitae/templates/starter/Makefile; do
  grep -q "$member" "$work/wheel.txt" || { echo "the wheel lacks $member" >&2; false; }
done

say "installing the wheel, with its dependencies"
"$py" -m pip install --quiet "${wheels[0]}"

# from the work folder, so that nothing of the checkout (ext/) can be imported instead
cd "$work"
say "the installed package is the wheel's, and its version is the metadata's"
"$py" - "$project" <<'PY'
import importlib.metadata
import importlib.util
import sys
from pathlib import Path

import sphinx_vitae

where = Path(sphinx_vitae.__file__).resolve()
assert Path(sys.argv[1]).resolve() not in where.parents, f"imported from the checkout: {where}"
assert importlib.metadata.version("sphinx-vitae") == sphinx_vitae.__version__, "two versions"
for optional in ("furo", "myst_parser", "sphinx_autobuild"):
    assert importlib.util.find_spec(optional) is None, f"{optional} came with the extension alone"
print(f"  sphinx-vitae {sphinx_vitae.__version__} from {where.parent}")
PY

say "a tiny alabaster site, warnings as errors"
cp -r "$project/tests/roots/test-basic" "$work/site"
"$work/venv/bin/sphinx-build" -q -W --keep-going -b html -D html_theme=alabaster "$work/site" "$work/site/_build"
grep -q 'href="_static/vitae.css' "$work/site/_build/index.html"
[ -s "$work/site/_build/_static/vitae.css" ]
grep -q 'class="vitae-entry"' "$work/site/_build/index.html"
say "sphinx-vitae init, from the wheel, writes a site that builds with warnings as errors"
printf '@article{lovelace1843notes,\n  title = {Notes},\n  author = {Lovelace, Ada},\n  journal = {Memoirs},\n  year = {1843},\n}\n' > "$work/papers.bib"
"$work/venv/bin/sphinx-vitae" init "$work/mine" --bib "$work/papers.bib" --name "Ada Lovelace" --yes > /dev/null
"$work/venv/bin/pip" install --quiet furo  # the starter's site uses furo, as ours does
"$work/venv/bin/sphinx-build" -q -W --keep-going -b html "$work/mine/source" "$work/mine/build"
grep -q 'vitae-owner' "$work/mine/build/index.html"
echo "clean install: ok"
