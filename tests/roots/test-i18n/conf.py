extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
language = "zh_CN"
html_theme = "basic"
