# a CV whose engine each test chooses (conf.py or -D); no latex_engine here
extensions = ["sphinx_vitae"]
project = "Ada Lovelace"
author = "Ada Lovelace"
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
vitae_profile = {"name": "Ada Lovelace", "affiliation": "Analytical Engine Society · 清华大学"}
vitae_latex_cv = True
