extensions = ["sphinx_vitae"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
vitae_coauthors = {"Charles Babbage": "https://example.org/babbage"}
vitae_profile = {
    "name": "Ada Lovelace",
    "position": "Analyst",
    "affiliation": "Analytical Society",
    "email": "ada@example.org",
    "links": {"GitHub": "https://github.com/ada"},
}
vitae_link_base = {"pdf": "https://cdn.example.org/pdf/"}
html_baseurl = "https://ada.example.org/site"
html_theme = "basic"
