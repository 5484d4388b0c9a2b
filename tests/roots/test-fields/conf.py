extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Lovelace, Ada"]
html_theme = "basic"
html_extra_path = ["files"]  # published at the site's root: engine.pdf
