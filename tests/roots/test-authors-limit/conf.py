# long author lists folded after five names, the owner always shown; preview images
extensions = ["sphinx_vitae"]
project = "Authors Limit"
bibtex_bibfiles = ["refs.bib"]
html_extra_path = ["_extra"]
vitae_owner = ["Ada Lovelace"]
vitae_max_authors = 5
vitae_coauthors = {
    "Person Author002": "https://example.org/two",
    "Person Author007": "https://example.org/seven",
    "Person Author200": "https://example.org/two-hundred",
}
latex_engine = "xelatex"  # the 🎉 marker and "…" as they are
