extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace", "Lovelace, A."]
html_theme = "basic"
