extensions = ["sphinx_vitae"]
project = "Ada Lovelace"
author = "Ada Lovelace"
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
vitae_profile = {"name": "Ada Lovelace", "affiliation": "Analytical Engine Society"}
vitae_latex_cv = True
