extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
html_theme = "basic"
