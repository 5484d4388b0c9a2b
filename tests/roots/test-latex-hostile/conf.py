extensions = ["sphinx_vitae"]
project = "Zoé Gérard"
author = "Zoé Gérard"
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Zoé Gérard"]
vitae_profile = {
    "name": "Zoé Gérard",
    "affiliation": r"Lab of 100% Robust & Fast {Things} \input{/etc/passwd}",
    "email": "zoe_gerard@example.org",
    "links": {"Home #1 ~zoe": "https://example.org/~zoe/a_b#top"},
}
vitae_latex_cv = True
latex_engine = "xelatex"
