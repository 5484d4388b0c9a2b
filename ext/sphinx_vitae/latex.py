"""LaTeX-only bits: CV typography and the glyphs a CV needs. Kept here and small.

The publications themselves reach LaTeX through the same docutils nodes as HTML;
this module only chooses the engine (XeLaTeX, for Unicode and CJK), the fonts
(Debian's FreeSerif, Noto CJK, Symbola for the emoji markers), and turns Sphinx's
manual layout into a compact CV: no title page, contents, index or chapter numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util.texescape import escape

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
\usepackage{newunicodechar}
\IfFontExistsTF{Symbola}{\newfontfamily\vitaesymbols{Symbola}}{\let\vitaesymbols\relax}
\newunicodechar{🎉}{{\vitaesymbols 🎉}}
\newunicodechar{🏆}{{\vitaesymbols 🏆}}
\newunicodechar{★}{{\vitaesymbols ★}}
\usepackage{xeCJK}
\IfFontExistsTF{Noto Serif CJK SC}{\setCJKmainfont{Noto Serif CJK SC}}{}
\IfFontExistsTF{Noto Sans CJK SC}{\setCJKsansfont{Noto Sans CJK SC}}{}
\setcounter{secnumdepth}{-1}
\setlength{\parskip}{2pt}
\makeatletter
\renewcommand{\section}{\@startsection{section}{1}{\z@}{-2.2ex\@plus -.5ex}{1ex}%
  {\normalfont\large\bfseries\color{vitaeaccent}}}
\renewcommand{\subsection}{\@startsection{subsection}{2}{\z@}{-1.6ex\@plus -.3ex}{.6ex}%
  {\normalfont\normalsize\bfseries}}
\renewcommand{\subsubsection}{\@startsection{subsubsection}{3}{\z@}{-1.2ex}{.4ex}%
  {\normalfont\normalsize\itshape}}
\makeatother
\definecolor{vitaeaccent}{RGB}{31,73,125}
\pagestyle{plain}
\usepackage{enumitem}
\setlist[itemize]{leftmargin=1.2em,itemsep=1pt,topsep=2pt,parsep=0pt}
"""


def _href(url: str, label: str) -> str:
    safe_url = "".join("\\" + c if c in "%#&{}_" else c for c in url if c not in "\\")
    return rf"\href{{{safe_url}}}{{{escape(label)}}}"


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
    contact = r" \textbullet{} ".join(parts)
    return (
        r"\begin{center}{\LARGE\bfseries " + name + r"}\par\vspace{3pt}"
        r"{\small " + contact + r"}\end{center}\vspace{-4pt}"
    )


def apply_defaults(app: Sphinx, config: Config) -> None:
    """On ``config-inited``: CV defaults for every LaTeX setting the site left alone."""
    raw = getattr(config, "_raw_config", {})
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
        "maketitle": maketitle(profile) if profile.get("name") else r"\maketitle",
        "sphinxsetup": "hmargin={1.8cm,1.8cm}, vmargin={1.6cm,1.8cm}, InnerLinkColor={rgb}{0.12,0.29,0.49}, "
        "TitleColor={rgb}{0.12,0.29,0.49}",
        "fontpkg": r"\setmainfont{FreeSerif}\setsansfont{FreeSans}\setmonofont{FreeMono}",
        "preamble": PREAMBLE,
        "extraclassoptions": "openany,oneside",
    }
    user = dict(config.latex_elements or {})
    if "preamble" in user:
        user["preamble"] = PREAMBLE + user["preamble"]
    config.latex_elements = {**ours, **user}
