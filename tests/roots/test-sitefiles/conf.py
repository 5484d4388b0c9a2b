extensions = ["sphinx_vitae", "sphinx_sitemap"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
html_theme = "basic"
html_baseurl = "https://example.org/site/"
sitemap_url_scheme = "{link}"
