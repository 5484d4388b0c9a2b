"""LaTeX-only bits: CV typography and the glyphs a CV needs. Kept here and small.

The publications themselves reach LaTeX through the same docutils nodes as HTML;
this module only chooses the engine (XeLaTeX, for Unicode and CJK), the fonts
(Debian's FreeSerif, Noto CJK, Symbola for the emoji markers), turns Sphinx's
manual layout into a compact CV (no title page, contents, index or chapter numbers),
and shapes the assembled document with one post-transform (:class:`CVLayout`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex import default_latex_documents
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join, texescape

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Debian packages that ``make latexpdf`` needs (also in the README and .ci/run)
DEBIAN_PACKAGES = (
    "latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended texlive-lang-chinese fonts-freefont-otf fonts-noto-cjk fonts-symbola"
)

PREAMBLE = r"""
% --- sphinx-vitae: a compact CV ---
\tracinglostchars=2 % a glyph no font has is reported in the log ("Missing character")
\usepackage{newunicodechar}
\IfFontExistsTF{Symbola}{\newfontfamily\vitaesymbols{Symbola}}{\let\vitaesymbols\relax}
\newcommand*{\vitaesymbol}[1]{{\normalfont\vitaesymbols #1}}
\newunicodechar{🎉}{\vitaesymbol{🎉}}
\newunicodechar{🏆}{\vitaesymbol{🏆}}
\newunicodechar{★}{\vitaesymbol{★}}
\usepackage{xeCJK}
\IfFontExistsTF{Noto Serif CJK SC}{\setCJKmainfont{Noto Serif CJK SC}[BoldFont={Noto Serif CJK SC Bold},
  ItalicFont={Noto Serif CJK SC}, BoldItalicFont={Noto Serif CJK SC Bold}]}{}
\IfFontExistsTF{Noto Sans CJK SC}{\setCJKsansfont{Noto Sans CJK SC}[BoldFont={Noto Sans CJK SC Bold},
  ItalicFont={Noto Sans CJK SC}, BoldItalicFont={Noto Sans CJK SC Bold}]}{}
\IfFontExistsTF{Noto Sans Mono CJK SC}{\setCJKmonofont{Noto Sans Mono CJK SC}}{}
% quotes, dashes and Roman numerals belong to the Latin text font, not to the CJK one
\xeCJKDeclareCharClass{Default}{"00B7, "2013, "2014, "2018, "2019, "201C, "201D, "2026, "2160 -> "217F}
\definecolor{vitaeaccent}{RGB}{31,73,125}
\definecolor{vitaemuted}{gray}{0.35}
\setcounter{secnumdepth}{-1}
\setlength{\parskip}{2pt plus 1pt}
\titleformat{\section}{\large\bfseries\color{vitaeaccent}}{}{0pt}{}[{\vspace{1pt}\color{vitaeaccent}\titlerule[0.6pt]}]
\titlespacing*{\section}{0pt}{2.2ex plus .6ex minus .3ex}{1ex}
\titleformat{\subsection}{\normalsize\bfseries}{}{0pt}{}
\titlespacing*{\subsection}{0pt}{1.6ex plus .4ex minus .2ex}{.5ex}
\titleformat{\subsubsection}{\normalsize\itshape}{}{0pt}{}
\titlespacing*{\subsubsection}{0pt}{1.2ex plus .3ex}{.3ex}
\usepackage{enumitem}
\setlist[itemize]{leftmargin=1.2em,itemsep=2pt,topsep=3pt,parsep=0pt,partopsep=0pt}
% page numbers only: no running head, no rules
\fancypagestyle{normal}{\fancyhf{}\fancyfoot[C]{\footnotesize\color{vitaemuted}\thepage}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\footnotesize\color{vitaemuted}\thepage}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
% publication entries (the classes of render.py, as in vitae.css)
\makeatletter
\@namedef{DUrolevitae-marker}#1{#1\,}
\@namedef{DUrolevitae-badge}#1{{\small\bfseries\color{vitaeaccent}#1}}
\@namedef{DUrolevitae-award}#1{{\bfseries #1}}
\@namedef{DUrolevitae-links}#1{{\small #1}}
\@namedef{DUrolevitae-contrib}#1{{\footnotesize #1}}
\@namedef{DUrolevitae-smallcaps}#1{\textsc{#1}}
% in a publication list, the title has a line of its own; authors, venue and links follow
\newenvironment{sphinxclassvitae-list}{\raggedright
  \@namedef{DUrolevitae-authors}##1{\unskip\newline ##1}}{\par}
\makeatother
\newenvironment{sphinxclassvitae-epigraph}{\par\centering\small}{\par\medskip}
"""


def escape(text: str) -> str:
    """Field or profile text as literal LaTeX (``&``, ``%``, ``\\``, ``{``... escaped).

    Sphinx fills its escape tables only when a LaTeX builder starts; the title block
    is made on ``config-inited``, before that, so fill them here (idempotent).
    """
    texescape.init()
    return texescape.escape(text, "xelatex")


def escape_url(url: str) -> str:
    """A URL for ``\\href``: non-URL characters percent-encoded, TeX specials escaped."""
    url = quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")
    return "".join("\\" + c if c in "%#&_" else c for c in url)


def _href(url: str, label: str) -> str:
    return rf"\href{{{escape_url(url)}}}{{{escape(label)}}}"


def maketitle(profile: dict[str, Any]) -> str:
    """The CV head: the name, then one contact line (affiliation, email, links)."""
    name = escape(str(profile.get("name", "")))
    parts: list[str] = []
    if profile.get("affiliation"):
        parts.append(escape(str(profile["affiliation"])))
    if profile.get("email"):
        email = str(profile["email"])
        parts.append(_href("mailto:" + email, email))
    for label, url in dict(profile.get("links", {})).items():
        parts.append(_href(str(url), str(label)))
    contact = r"\quad{\color{vitaemuted}\textbullet}\quad ".join(parts)
    return (
        r"\begin{center}"
        r"{\fontsize{22pt}{26pt}\selectfont\bfseries\color{vitaeaccent}" + name + r"\par}\vspace{5pt}"
        r"{\small " + contact + r"\par}"
        r"\end{center}\vspace{-2pt}"
    )


class CVLayout(SphinxPostTransform):
    """Shape the assembled LaTeX document (all pages inlined) into a CV.

    * a page that only repeats entries the CV already shows in publication groups
      (an ``all-publications`` list) is left out, and links to it become plain text;
    * the pages a toctree pulls in become top-level sections, wherever the toctree is;
    * each publication entry gets a LaTeX label (list items cannot carry one), so
      ``:pub:`` citations are internal links to it;
    * publication lists are set ragged right, an epigraph centred (not as a quote).
    """

    builders = ("latex",)
    default_priority = 5  # before the references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        self.drop_repeated_pages()
        self.hoist_pages()
        self.label_entries()
        self.wrap_styled_blocks()

    def drop_repeated_pages(self) -> None:
        from .domain import get_domain

        app = getattr(self.env, "_app", None) or self.app  # SphinxTransform.app: deprecated in Sphinx 9
        included: set[str] = getattr(app.builder, "docnames", set())
        placements = get_domain(self.env).data["placements"]
        grouped = {p.key for doc, ps in placements.items() if doc in included for p in ps if p.kind == "group"}
        dropped: set[str] = set()
        for page in list(self.document.findall(addnodes.start_of_file)):
            shown = placements.get(page["docname"], [])
            if shown and all(p.kind == "list" and p.key in grouped for p in shown):
                page.parent.remove(page)
                dropped.add(page["docname"])
                included.discard(page["docname"])  # references into it: plain text (NoUri)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("reftype") == "doc" and not xref.get("refexplicit"):
                docname = docname_join(xref.get("refdoc", ""), xref["reftarget"])
                if docname in dropped and docname in self.env.titles:
                    title = self.env.titles[docname].astext()
                    xref.replace_self(nodes.inline(title, title))

    def hoist_pages(self) -> None:
        sections = [child for child in self.document.children if isinstance(child, nodes.section)]
        root: nodes.Element = sections[0] if len(sections) == 1 else self.document
        after: dict[int, nodes.Node] = {}
        for page in list(self.document.findall(addnodes.start_of_file)):
            top: nodes.Node = page
            while top.parent is not None and top.parent is not root:
                top = top.parent
                if isinstance(top, addnodes.start_of_file):
                    break  # a page of a page: stays where its parent page puts it
            if top is page or top.parent is not root:
                continue
            old_parent = page.parent
            old_parent.remove(page)
            previous = after.get(id(top), top)
            root.insert(root.index(previous) + 1, page)
            after[id(top)] = page
            if not old_parent.children and "toctree-wrapper" in old_parent.get("classes", []):
                old_parent.parent.remove(old_parent)

    def label_entries(self) -> None:
        for item in self.document.findall(nodes.list_item):
            if "vitae-entry" in item["classes"] and item["ids"] and item.children:
                target = nodes.target("", "", ids=list(item["ids"]))
                first = item[0]
                if isinstance(first, nodes.paragraph):
                    first.insert(0, target)
                else:
                    item.insert(0, target)
                item["ids"] = []

    def wrap_styled_blocks(self) -> None:
        """Publication lists and epigraphs in a class environment the preamble styles."""
        for bullet in list(self.document.findall(nodes.bullet_list)):
            if "vitae-list" in bullet["classes"]:
                box = nodes.container(classes=["vitae-list"])
                bullet.replace_self(box)
                box += bullet
        for quote_ in list(self.document.findall(nodes.block_quote)):
            if "epigraph" in quote_["classes"]:
                box = nodes.container(classes=["vitae-epigraph"])
                box.extend(quote_.children)
                quote_.replace_self(box)


def default_documents(config: Config) -> list[tuple[str, str, str, str, str]]:
    """Sphinx's default ``latex_documents``, named after the person: ``zoe-gerard.tex``."""
    texescape.init()
    documents = default_latex_documents(config)
    name = str((config.vitae_profile or {}).get("name") or config.project)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if slug:
        documents = [(doc[0], slug + ".tex", *doc[2:]) for doc in documents]
    return documents


def apply_defaults(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: CV defaults for every LaTeX setting the site left alone."""
    raw = getattr(config, "_raw_config", {})
    if "latex_theme" not in raw:  # a CV is an article, not a manual with chapters
        config.latex_theme = "howto"
    if "latex_documents" not in raw:
        config.latex_documents = default_documents(config)
    if "latex_engine" not in raw:
        config.latex_engine = "xelatex"
    if "latex_use_xindy" not in raw:
        config.latex_use_xindy = False
    if "latex_domain_indices" not in raw:
        config.latex_domain_indices = False
    if "latex_show_urls" not in raw:
        config.latex_show_urls = "no"
    profile = dict(config.vitae_profile or {})
    ours = {
        "papersize": "a4paper",
        "pointsize": "10pt",
        "fncychap": "",
        "releasename": "",
        "tableofcontents": "",
        "printindex": "",
        "makeindex": "",
        "maketitle": maketitle(profile if profile.get("name") else {**profile, "name": config.project}),
        "sphinxsetup": "hmargin={1.9cm,1.9cm}, vmargin={1.6cm,1.8cm}, "
        "InnerLinkColor={RGB}{31,73,125}, OuterLinkColor={RGB}{31,73,125}, TitleColor={RGB}{31,73,125}",
        "fontpkg": r"\setmainfont{FreeSerif}\setsansfont{FreeSans}\setmonofont{FreeMono}",
        "preamble": PREAMBLE,
    }
    user = dict(config.latex_elements or {})
    if "preamble" in user:
        user["preamble"] = PREAMBLE + user["preamble"]
    config.latex_elements = {**ours, **user}


def setup(app: Sphinx) -> None:
    app.connect("config-inited", apply_defaults)
    app.add_post_transform(CVLayout)
