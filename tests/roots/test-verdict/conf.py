extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Lovelace, Adda"]  # misspelled on purpose: owner_not_found
html_theme = "basic"
