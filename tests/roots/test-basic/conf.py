extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace", "Lovelace, A."]
vitae_coauthors = {"Charles Babbage": "https://example.org/babbage"}
html_theme = "basic"
