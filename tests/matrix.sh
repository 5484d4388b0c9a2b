#!/usr/bin/env bash
# The test suite against the OLDEST versions pyproject.toml allows (tests/constraints-oldest.txt
# pins each lower bound exactly), in its own venv, .venv-oldest; the main .venv (make test) has
# the newest. Every test runs here too, the browser ones included: nothing is excluded.
#   tests/matrix.sh [pytest arguments]       (make test-oldest)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VENV_OLDEST:-.venv-oldest}"
CONSTRAINTS=tests/constraints-oldest.txt
STAMP="$VENV/.installed"

# (re)install when pyproject.toml or the constraints changed since the last install
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ] || [ "$CONSTRAINTS" -nt "$STAMP" ]; then
  test -x "$VENV/bin/python" || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -c "$CONSTRAINTS" -e '.[site,test,live]'
  touch "$STAMP"
fi

# the pins hold: a resolver that silently took a newer version would test nothing old
"$VENV/bin/python" - "$CONSTRAINTS" <<'PY'
import re, sys
from importlib.metadata import version
wrong = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if line:
        name, pinned = re.split(r"==", line)
        if version(name.strip()) != pinned.strip():
            wrong.append(f"{name.strip()} {version(name.strip())} (pinned {pinned.strip()})")
if wrong:
    sys.exit("tests/matrix.sh: not the oldest versions: " + ", ".join(wrong))
print("oldest versions:", ", ".join(f"{l.split('==')[0]} {l.split('==')[1].strip()}"
      for l in (x.split("#", 1)[0].strip() for x in open(sys.argv[1], encoding="utf-8")) if l))
PY

exec "$VENV/bin/python" -m pytest "$@"
