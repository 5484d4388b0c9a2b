"""Sphinx configuration of the profile site: https://www.sphinx-doc.org/en/master/usage/configuration.html"""

project = "Jianqing Zhang"
author = "Jianqing Zhang"
copyright = "2026, Jianqing Zhang"
language = "en"

import os

extensions = [
    "sphinx_vitae",
    "sphinx_copybutton",  # copy buttons on the BibTeX blocks
    "sphinx_sitemap",  # sitemap.xml for search engines
    "sphinxext.opengraph",  # link previews
]

# the address the site is published at (the GitHub Pages workflow sets SITE_URL)
html_baseurl = os.environ.get("SITE_URL", "https://tsingz0.github.io/")
ogp_site_url = html_baseurl
sitemap_url_scheme = "{link}"
ogp_social_cards = {"enable": False}  # cards need matplotlib; the profile needs none


def _import_quietly(module: str, notice: str) -> None:
    """Import *module* ahead of Sphinx, dropping the one line of *notice* it prints on import.

    sphinxext-opengraph (0.13) prints "matplotlib is not installed, social cards will not be
    generated" when it is imported, before it can read ``ogp_social_cards``: no setting turns
    it off, and the cards are off here. Anything else the import prints still gets through.
    """
    import contextlib
    import importlib
    import io
    import sys

    with contextlib.redirect_stdout(io.StringIO()) as printed:
        importlib.import_module(module)
    sys.stdout.write("".join(line for line in printed.getvalue().splitlines(True) if notice not in line))


if not ogp_social_cards.get("enable", True):
    _import_quietly("sphinxext.opengraph", "social cards will not be generated")
# copy buttons on highlighted blocks and on the plain BibTeX blocks of the lists
copybutton_selector = "div.highlight pre, pre.vitae-bibtex"

# -- publications ------------------------------------------------------------
bibtex_bibfiles = ["../refs.bib"]
# every way the owner's name is written in refs.bib; matched on parsed names
vitae_owner = ["Jianqing Zhang", "Jianqing (Tsing) Zhang", "Zhang, J."]
# advisors and collaborators: their names link to their pages in every author list
vitae_coauthors = {
    "Yang Liu": "https://sites.google.com/site/yangliuveronica/",
    "Jian Cao": "https://scholar.google.com/citations?hl=zh-CN&user=aEacdCQAAAAJ",
    "Ruhui Ma": "https://scholar.google.com/citations?hl=zh-CN&user=PcrtqDsAAAAJ",
    "Tao Song": "https://scholar.google.com/citations?hl=zh-CN&user=tIjK-3QAAAAJ",
    "Dongjin Yu": "https://scholar.google.com/citations?hl=zh-CN&user=DwG4deYAAAAJ",
    "Dongjing Wang": "https://dongjingwang.github.io/",
    "Yang Hua": "https://scholar.google.com/citations?hl=zh-CN&user=N0tFi8MAAAAJ",
    "Hao Wang": "https://intellisys.haow.ca/haowang/",
}
# the home page's card (``.. profile::``), the sidebar and the head of the PDF CV
vitae_profile = {
    "name": "Jianqing Zhang",
    "position": "PhD student in Computer Science",
    "affiliation": "Tsinghua University & Shanghai Jiao Tong University",
    "links": {
        "GitHub": "https://github.com/TsingZ0",
        "Photography": "https://tsing.tuchong.com/work/",
    },
    # the PDF CV, linked when `make latexpdf` has made it (the Pages workflow makes it first)
    "cv_pdf": "../build/latex/jianqing-zhang.pdf",
}

# -- HTML ----------------------------------------------------------------------
html_theme = "furo"
html_title = "Jianqing Zhang"
html_short_title = "Jianqing Zhang"
html_show_sourcelink = False
html_copy_source = False
html_static_path = ["_static"]
html_css_files = ["site.css"]

# -- PDF CV (make latexpdf) ------------------------------------------------------
# sphinx-vitae typesets the PDF as a CV (no title page, contents or index) when asked;
# XeLaTeX sets the emoji markers, the Roman numerals and CJK names (pdflatex cannot)
vitae_latex_cv = True
latex_engine = "xelatex"
latex_documents = [("index", "jianqing-zhang.tex", "Jianqing Zhang", "Jianqing Zhang", "howto")]
latex_elements = {
    "preamble": r"\newcommand{\DUrolebolditalic}[1]{\textbf{\textit{#1}}}",
}
