extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Nguyen, Trung Thanh", "Kim, Jin Kyu"]
html_theme = "basic"
latex_engine = "xelatex"
vitae_latex_cv = True  # the CV fonts: CJK and the emoji markers
