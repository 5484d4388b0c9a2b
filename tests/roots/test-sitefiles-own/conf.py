extensions = ["sphinx_vitae", "sphinx_sitemap"]
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
html_theme = "basic"
html_baseurl = "https://example.org/"
html_extra_path = ["extra"]
html_favicon = "extra/mine.ico"
sitemap_excludes = ["other.html"]
