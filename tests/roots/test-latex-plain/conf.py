# a lab's manual that adds sphinx-vitae for its publication lists, and nothing else
extensions = ["sphinx_vitae"]
project = "Lab Notes"
author = "The Lab"
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
vitae_profile = {"name": "Ada Lovelace", "affiliation": "Analytical Engine Society"}
