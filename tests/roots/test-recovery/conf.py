extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["a.bib", "b.bib"]
vitae_owner = ["Ada Lovelace"]
html_theme = "basic"
