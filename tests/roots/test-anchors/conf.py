extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "basic"
