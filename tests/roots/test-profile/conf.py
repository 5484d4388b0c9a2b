extensions = ["sphinx_vitae"]
project = "Ada Lovelace"
author = "Ada Lovelace"
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
vitae_owner = ["Ada Lovelace"]
vitae_profile = {
    "name": "Ada Lovelace",
    "position": "Analyst",
    "affiliation": "Analytical Engine Society",
    "email": "ada@example.org",
    "photo": "_static/ada.png",
    "links": {
        "GitHub": "https://github.com/ada",
        "Google Scholar": "https://scholar.google.com/citations?hl=en&user=ADA123",
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
        "DBLP": "https://dblp.org/pid/00/0000.html",
        "LinkedIn": "https://www.linkedin.com/in/ada/",
        "X": "https://x.com/ada",
        "Mastodon": "https://sigmoid.social/@ada",
        "Bluesky": "https://bsky.app/profile/ada.bsky.social",
        "Notes <&>": "https://ada.example.org/notes/",
    },
    "cv_pdf": "cv.pdf",
}
latex_engine = "xelatex"
