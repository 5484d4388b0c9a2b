# Minimal makefile for Sphinx documentation, plus the set-up a fresh clone needs:
# the first `make html` or `make test` creates .venv and installs the project into it.

PYTHON        ?= python3
VENV          ?= .venv
SPHINXOPTS    ?= -W --keep-going
SPHINXBUILD   ?= $(VENV)/bin/sphinx-build
SOURCEDIR     = source
BUILDDIR      = build
STAMP         = $(VENV)/.installed
LIVE_STAMP    = $(VENV)/.installed-live
TEX_PACKAGES  = latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-lang-chinese fonts-freefont-otf fonts-noto-cjk fonts-symbola

# Put it first so that "make" without argument is like "make help".
help: $(STAMP)
	@$(SPHINXBUILD) -M help "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)

# pyproject.toml is a source, never made: without this empty rule the catch-all rule at the
# end would take it for a Sphinx builder name ("sphinx-build -M pyproject.toml") and fail.
pyproject.toml: ;

$(STAMP): pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[site,test,live]'
	@touch $@

venv: $(STAMP)

test: $(STAMP)
	$(VENV)/bin/python -m pytest
	$(VENV)/bin/python -m mypy

# Lint: ruff's checks and its formatting (without changing a file), then the types.
# The settings are pyproject.toml's [tool.ruff] and [tool.mypy].
lint: $(STAMP)
	$(VENV)/bin/python -m ruff check .
	$(VENV)/bin/python -m ruff format --check .
	$(VENV)/bin/python -m mypy

# The test suite against the oldest versions pyproject.toml allows (tests/constraints-oldest.txt),
# in .venv-oldest: make test runs it against the newest, in .venv.
# the message catalogues of ext/sphinx_vitae/locales: extract the _() strings, merge each .po, compile
catalogues: $(STAMP)
	$(VENV)/bin/python tests/catalogues.py

test-oldest:
	PYTHON=$(PYTHON) tests/matrix.sh

# Build times and peak memory of generated 1000- and 5000-entry sites, against plain
# sphinxcontrib-bibtex: build/bench/results.json (about ten minutes on two cores).
bench: $(STAMP)
	$(VENV)/bin/python benchmarks/run.py

# Light, dark and phone screenshots of the home page, taken with the system Chromium.
screenshots: $(STAMP) html
	$(VENV)/bin/python tests/browser/screenshots.py "$(BUILDDIR)/html" "$(BUILDDIR)/screenshots"

latexpdf: $(STAMP)
	@command -v latexmk >/dev/null && command -v xelatex >/dev/null || { \
	  echo "make latexpdf needs LaTeX (XeLaTeX, latexmk) and fonts. On Debian or Ubuntu:"; \
	  echo "  sudo apt-get install -y $(TEX_PACKAGES)"; exit 1; }
	@$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)

# sphinx-autobuild, installed once (the stamp), also watching every .bib of conf.py's bibtex_bibfiles
# and a JSON Resume (resume.json, assets/json/resume.json) where there is one: see sphinx_vitae/live.py.
# Warnings show in the terminal; with -W the server keeps serving the last pages and says the build failed.
$(LIVE_STAMP): $(STAMP)
	$(VENV)/bin/python -m pip install --quiet -e '.[site,live]'
	@touch $@

livehtml: $(LIVE_STAMP)
	$(VENV)/bin/python -m sphinx_vitae.live "$(SOURCEDIR)" "$(BUILDDIR)/html" $(SPHINXOPTS) $(O)

clean:
	rm -rf "$(BUILDDIR)"

.PHONY: help venv test lint catalogues test-oldest bench screenshots latexpdf livehtml clean Makefile

# Catch-all target: route all unknown targets to Sphinx using the new
# "make mode" option.  $(O) is meant as a shortcut for $(SPHINXOPTS).
%: Makefile $(STAMP)
	@$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" $(SPHINXOPTS) $(O)
