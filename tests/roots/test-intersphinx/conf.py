# another project, citing the publications of a vitae site through its objects.inv
extensions = ["sphinx.ext.intersphinx", "sphinx_vitae"]
bibtex_bibfiles = []
html_theme = "basic"
suppress_warnings = ["vitae.config"]  # this project has no .bib of its own
intersphinx_mapping = {"ada": ("https://ada.example.org/", "objects.inv")}
