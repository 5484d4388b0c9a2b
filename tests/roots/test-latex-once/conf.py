extensions = ["sphinx_vitae"]
project = "Ada Lovelace"
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
vitae_marker = ""
vitae_latex_cv = True
