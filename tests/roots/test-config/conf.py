extensions = ["sphinx_vitae"]
html_theme = "basic"
html_extra_path = ["files"]  # publishes older.pdf, the relative pdf link of refs.bib
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
vitae_coauthors = {"Charles Babbage": "https://example.org/babbage"}
vitae_profile = {"name": "Ada Lovelace", "email": "ada@example.org", "links": {"Home": "https://example.org/ada"}}
# each test appends the settings it checks below this line
