"""LaTeX-only bits: the CV layout (asked for with ``vitae_latex_cv``) and glyphs pdflatex lacks.

Always, for the LaTeX builder: each publication entry gets a label, so ``:pub:``
citations are internal links (:class:`PublicationLabels`); under pdflatex, characters
it cannot set in what we render (the 🎉 marker, 🏆, CJK names) are replaced by text
equivalents, with one warning (:class:`PdflatexGlyphs`). Nothing else of a project's
PDF changes: its document class, contents, chapters, fonts and engine are its own.

With ``vitae_latex_cv = True`` the PDF becomes a compact CV: the title block from
``vitae_profile`` (each link printed as its address, ``github.com/ada``, the photo on the
right), the howto class, no contents, index or chapter numbers, CV fonts and print
colours (links in the text colour, ``[paper]``/``[code]`` in the accent;
:func:`apply_defaults`, all of it beneath the user's own settings), and the assembled
document is reshaped by :class:`EachPublicationOnce`, :class:`CVLayout` and
:class:`UnlinkLeftOutPages`. In every non-HTML output, nodes with the class
``vitae-web-only`` are left out (:class:`WebOnly`).
The preamble suits the user's ``latex_engine``: fontspec fonts, xeCJK and the Symbola
emoji only under XeLaTeX/LuaLaTeX.

Everything goes through Sphinx's public API: config values and their defaults,
``latex_elements``, post-transforms over the assembled document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.latex import default_latex_documents
from sphinx.builders.latex.util import ExtBabel
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging, texescape

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: Debian packages that ``make latexpdf`` needs (also in the README and .ci/run)
DEBIAN_PACKAGES = (
    "latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended texlive-lang-chinese fonts-freefont-otf fonts-noto-cjk fonts-symbola"
)

#: engines that read Unicode and load fonts with fontspec
UNICODE_ENGINES = ("xelatex", "lualatex")

#: the emoji markers and stars, in a font that has them (fontspec engines only)
SYMBOLS_PREAMBLE = r"""
\usepackage{newunicodechar}
\IfFontExistsTF{Symbola}{\newfontfamily\vitaesymbols{Symbola}}{\let\vitaesymbols\relax}
\newcommand*{\vitaesymbol}[1]{{\normalfont\vitaesymbols #1}}
\newunicodechar{🎉}{\vitaesymbol{🎉}}
\newunicodechar{🏆}{\vitaesymbol{🏆}}
\newunicodechar{★}{\vitaesymbol{★}}
"""

#: Chinese, Japanese and Korean names and titles (xeCJK is XeTeX-only)
CJK_PREAMBLE = r"""
\usepackage{xeCJK}
\IfFontExistsTF{Noto Serif CJK SC}{\setCJKmainfont{Noto Serif CJK SC}[BoldFont={Noto Serif CJK SC Bold},
  ItalicFont={Noto Serif CJK SC}, BoldItalicFont={Noto Serif CJK SC Bold}]}{}
\IfFontExistsTF{Noto Sans CJK SC}{\setCJKsansfont{Noto Sans CJK SC}[BoldFont={Noto Sans CJK SC Bold},
  ItalicFont={Noto Sans CJK SC}, BoldItalicFont={Noto Sans CJK SC Bold}]}{}
\IfFontExistsTF{Noto Sans Mono CJK SC}{\setCJKmonofont{Noto Sans Mono CJK SC}}{}
% quotes, dashes and Roman numerals belong to the Latin text font, not to the CJK one
\xeCJKDeclareCharClass{Default}{"00B7, "2013, "2014, "2018, "2019, "201C, "201D, "2026, "2160 -> "217F}
"""

#: the CV's look, for every engine (packages Sphinx loads anyway: xcolor, titlesec, fancyhdr)
PREAMBLE = r"""
% --- sphinx-vitae: a compact CV ---
\tracinglostchars=2 % a glyph no font has is reported in the log ("Missing character")
\definecolor{vitaeaccent}{RGB}{31,73,125}
\definecolor{vitaemuted}{gray}{0.35}
\definecolor{vitaetext}{gray}{0}
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
\newcommand*{\vitaeauthors}{\hypersetup{urlcolor=vitaetext}}
\@namedef{DUrolevitae-marker}#1{#1\,}
\@namedef{DUrolevitae-badge}#1{{\small\bfseries\color{vitaeaccent}#1}}
\@namedef{DUrolevitae-award}#1{{\bfseries #1}}
\@namedef{DUrolevitae-links}#1{{\small\hypersetup{urlcolor=vitaeaccent}#1}}
\@namedef{DUrolevitae-contrib}#1{{\footnotesize #1}}
\@namedef{DUrolevitae-smallcaps}#1{\textsc{#1}}
% in a publication list, the title has a line of its own; authors, venue and links follow
\newenvironment{sphinxclassvitae-list}{\raggedright
  \@namedef{DUrolevitae-authors}##1{\unskip\newline{\vitaeauthors##1}}}{\par}
% co-authors' names link to their pages, in the text colour (\vitaeauthors: blue names mean nothing on paper)
\@namedef{DUrolevitae-authors}#1{{\vitaeauthors#1}}
\makeatother
\newenvironment{sphinxclassvitae-epigraph}{\par\centering\small}{\par\medskip}
"""

#: the CV's text fonts (Debian's fonts-freefont-otf), fontspec engines only
FONTPKG = r"\setmainfont{FreeSerif}\setsansfont{FreeSans}\setmonofont{FreeMono}"
#: pdflatex: Sphinx's own fonts (TeX Gyre Termes and Heros, txtt) where they are installed,
#: else the Times and Helvetica clones every TeX Live has (tex-gyre is not in Debian's
#: texlive-fonts-recommended): the CV compiles either way
PDFLATEX_FONTPKG = r"""
\IfFileExists{tgtermes.sty}{\usepackage{tgtermes}}{\usepackage{times}}
\IfFileExists{tgheros.sty}{\usepackage{tgheros}}{\usepackage{helvet}}
\IfFileExists{t1txtt.fd}{\renewcommand{\ttdefault}{txtt}}{}
"""


def preamble_for(engine: str) -> str:
    """The CV preamble for *engine*: the fontspec parts only where fontspec works."""
    if engine == "xelatex":
        return SYMBOLS_PREAMBLE + CJK_PREAMBLE + PREAMBLE
    if engine == "lualatex":  # xeCJK needs XeTeX: CJK glyphs need a font that has them
        return SYMBOLS_PREAMBLE + PREAMBLE
    return PREAMBLE


# -- what pdflatex can set --------------------------------------------------------------------
#: Code points pdflatex sets with Sphinx's ``\usepackage[T1]{fontenc}`` and the encodings
#: LaTeX always loads (OT1, OML, OMS, TS1): every ``\DeclareUnicodeCharacter`` of
#: t1enc.dfu, ts1enc.dfu, ot1enc.dfu and omsenc.dfu (LaTeX 2022; tests compare them
#: with the installed files).
BASE_RANGES = (
    "00A0-0125 0128-0137 0139-013E 0141-0148 014A-0165 0168-017E 0192 01C4-01D4 01E2-01E3 01E6-01EB 01F0 "
    "01F4-01F5 0218-021B 0232-0233 0237 02C7 02D8-02D9 02DB 02DD 0E3F 1E02-1E03 1E0D 1E1E-1E21 1E25 "
    "1E30-1E31 1E37 1E43 1E45 1E47 1E5B 1E63 1E6D 1E8E-1E91 1E9E 1EF2-1EF3 200C 2010-2016 2018-201A "
    "201C-201E 2020-2022 2030-2031 2039-203B 203D 2044 204E 2052 20A1 20A4 20A6 20A9 20AB-20AC 20B1 2103 "
    "2116-2117 211E 2120 2122 2126-2127 212E 2190-2193 2329-232A 2422-2423 25E6 25EF 266A 27E8-27E9 "
    "3008-3009 FB00-FB06 FEFF"
)
#: Sphinx's own ``\sphinxDUC`` declarations for pdflatex (``utf8extra``)
SPHINX_RANGES = "2500 2502 2514 251C 2572"
#: the scripts of the other font encodings a project may load (``fontenc``, or babel for
#: its language), by Unicode block
ENCODING_RANGES = {
    "LGR": "0370-03FF 1F00-1FFF",
    **{enc: "0400-052F" for enc in ("T2A", "T2B", "T2C", "X2", "OT2", "LCY")},
}

#: combining marks pdflatex writes as an accent on the letter before them (``\'{n}``)
ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0326": "textcommabelow", "\u0327": "c", "\u0328": "k", "\u0331": "b",
}  # fmt: skip

BULLET = (r"\textbullet{}", "•")
STAR = (r"\(\star\)", "⋆")
#: text-mode stand-ins for the symbols we print ourselves (the markers, the award cup)
EQUIVALENTS = {"🎉": BULLET, "🏆": STAR, "★": STAR, "☆": STAR, "⭐": STAR}
#: a character that has no stand-in: a box with a question mark (plain "?" in PDF strings)
TOFU = (r"\texorpdfstring{\fbox{?}}{?}", "□")


def code_points(spec: str) -> Iterator[int]:
    """The code points of a list of ranges: ``"00A0-00FF 0192"``."""
    for item in spec.split():
        first, _, last = item.partition("-")
        yield from range(int(first, 16), int(last or first, 16) + 1)


@lru_cache(maxsize=8)
def _charset(encodings: frozenset[str]) -> frozenset[int]:
    texescape.init()
    points = set(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}
    points |= set(code_points(BASE_RANGES)) | set(code_points(SPHINX_RANGES))
    points |= {ord(char) for char, _ in (*texescape.tex_replacements, *texescape.unicode_tex_replacements)}
    for encoding in encodings:
        points |= set(code_points(ENCODING_RANGES.get(encoding, "")))
    return frozenset(points)


def font_encodings(config: Config) -> frozenset[str]:
    """The font encodings of this project's pdflatex preamble beyond the base ones."""
    fontenc = str((config.latex_elements or {}).get("fontenc", r"\usepackage[T1]{fontenc}"))
    found = {enc.strip() for options in re.findall(r"\\usepackage\[([^\]]*)\]\{fontenc\}", fontenc)
             for enc in options.split(",")}  # fmt: skip
    language = config.language or "en"
    if ExtBabel(language).uses_cyrillic():
        found.add("T2A")  # babel loads it for the language
    if language == "el" or language.startswith("el_"):
        found.add("LGR")
    return frozenset(found)


def pdflatex_charset(config: Config) -> frozenset[int]:
    """The code points this project's pdflatex can set."""
    return _charset(font_encodings(config))


def stand_in(char: str, charset: frozenset[int]) -> tuple[str, str]:
    """What pdflatex prints for *char* it cannot set: (LaTeX, how it looks).

    A symbol we print ourselves has a text equivalent; a letter with accents pdflatex
    lacks is a TeX accent on its letter (``ệ``: ``\\d{\\^{e}}``); a character with a
    compatibility form pdflatex sets is that form (``Ⅳ``: ``IV``, ``①``: ``1``);
    anything else is a box.
    """
    if char in EQUIVALENTS:
        return EQUIVALENTS[char]
    base, *marks = list(unicodedata.normalize("NFD", char))
    if marks and ord(base) in charset and all(unicodedata.combining(mark) for mark in marks):
        kept = [mark for mark in marks if mark in ACCENTS]  # a mark TeX has no accent for (the horn
        latex = texescape.escape(base, "pdflatex")  # of ư): left out, the letter stays readable
        if base in "ij" and any(unicodedata.combining(mark) == 230 for mark in kept):
            latex = rf"\{base}{{}}"  # an accent above i or j replaces its dot: \i, \j
        for mark in kept:
            latex = rf"\{ACCENTS[mark]}{{{latex}}}"
        return latex, unicodedata.normalize("NFC", base + "".join(kept))
    compat = unicodedata.normalize("NFKC", char)
    if compat != char and compat.strip() and all(ord(c) in charset for c in compat):
        return texescape.escape(compat, "pdflatex"), compat
    return TOFU


def pdflatex_text(text: str, charset: frozenset[int], seen: dict[str, str] | None = None) -> str:
    """Escaped LaTeX *text* with every character pdflatex cannot set replaced (noted in *seen*)."""
    out = []
    for char in text:
        if ord(char) in charset:
            out.append(char)
        else:
            latex, shown = stand_in(char, charset)
            out.append(latex)
            if seen is not None:
                seen.setdefault(char, shown)
    return "".join(out)


def unsettable_report(seen: dict[str, str]) -> str:
    """The warning for characters pdflatex could not set: each one, and what is printed instead."""
    listed = list(seen.items())
    shown = ", ".join(
        f"{char} (U+{ord(char):04X}, {'with TeX accents' if look == char else 'as ' + look})"
        for char, look in listed[:20]
    )
    more = f" and {len(listed) - 20} more" if len(listed) > 20 else ""
    return (
        f"pdflatex cannot set {len(listed)} character(s) of this document, printed instead: {shown}{more}; "
        'set latex_engine = "xelatex" in conf.py to print them as they are'
    )


# -- the title block ----------------------------------------------------------------------------
def escape(text: str, engine: str = "xelatex") -> str:
    """Field or profile text as literal LaTeX (``&``, ``%``, ``\\``, ``{``... escaped).

    Sphinx fills its escape tables only when a LaTeX builder starts; the title block
    is made on ``config-inited``, before that, so fill them here (idempotent).
    """
    texescape.init()
    return texescape.escape(text, engine)


def escape_url(url: str) -> str:
    """A URL for ``\\href``: non-URL characters percent-encoded, TeX specials escaped."""
    url = quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")
    return "".join("\\" + c if c in "%#&_" else c for c in url)


def _href(url: str, label: str, text: Callable[[str], str]) -> str:
    return rf"\href{{{escape_url(url)}}}{{{text(label)}}}"


def contact_items(profile: dict[str, Any]) -> list[tuple[str, str]]:
    """The head's contact line as (URL, text): the e-mail, then each link as it reads on paper
    (``github.com/TsingZ0``, not "GitHub"); a link with no address to print keeps its label."""
    from .icons import printed_url

    items = []
    if profile.get("email"):
        items.append(("mailto:" + str(profile["email"]), str(profile["email"])))
    for label, url in dict(profile.get("links", {})).items():
        readable = "//" in str(url) or str(url).lower().startswith("mailto:")  # else a path: the label says more
        items.append((str(url), printed_url(str(url)) if readable else str(label)))
    return items


def maketitle(profile: dict[str, Any], text: Callable[[str], str] = escape, photo: str | None = None) -> str:
    """The CV head: the name, the position and affiliation, one contact line; the photo on the right.

    *text* turns profile text into LaTeX: :func:`escape` for a Unicode engine. *photo* is the
    photo's file name in the LaTeX output folder (:func:`.profile.latex_photo`).
    """
    name = text(str(profile.get("name", "")))
    role = [text(str(profile[key])) for key in ("position", "affiliation") if profile.get(key)]
    parts = [_href(url, shown, text) for url, shown in contact_items(profile)]
    # a line may break after a bullet, never before one
    separator = r"\nobreak\hskip0.8em{\color{vitaemuted}\textbullet}\hskip0.8em plus 0.4em\relax "
    lines = [r"{\fontsize{22pt}{26pt}\selectfont\bfseries\color{vitaeaccent}" + name + r"\par}\vspace{4pt}"]
    if role:
        lines.append(r"{\normalsize " + r",\ ".join(role) + r"\par}\vspace{2pt}")
    if parts:
        lines.append(r"{\small\hypersetup{urlcolor=vitaetext}" + separator.join(parts) + r"\par}")
    body = "".join(lines)
    if photo:
        return (
            r"\noindent\begin{minipage}[c]{\dimexpr\linewidth-3.4cm\relax}\raggedright " + body + r"\end{minipage}"
            r"\hfill\begin{minipage}[c]{3cm}\raggedleft"
            r"\includegraphics[width=3cm,height=3.4cm,keepaspectratio]{" + photo + r"}\end{minipage}\par\vspace{10pt}"
        )
    return r"\begin{center}" + body + r"\end{center}\vspace{6pt}"


def title_profile(config: Config) -> dict[str, Any]:
    """The profile the title block shows: ``vitae_profile``, named after the project if nameless."""
    profile = dict(config.vitae_profile or {})
    return profile if profile.get("name") else {**profile, "name": config.project}


def title_block_text(config: Config) -> Iterator[str]:
    """Every text of the CV that is not in the document: the title block, title and author."""
    profile = title_profile(config)
    yield str(profile.get("name", ""))
    yield str(profile.get("position", ""))
    yield str(profile.get("affiliation", ""))
    yield from (shown for _, shown in contact_items(profile))
    yield str(config.project)
    yield str(config.author)


def text_encoder(config: Config) -> Callable[[str], str]:
    """Plain text to LaTeX for this project's engine (pdflatex: with stand-ins)."""
    engine = config.latex_engine
    if engine != "pdflatex":
        return lambda text: escape(text, engine)
    charset = pdflatex_charset(config)
    return lambda text: pdflatex_text(escape(text, engine), charset)


# -- the assembled document ---------------------------------------------------------------------
def _document_docnames(document: nodes.document, root: str) -> set[str]:
    """The pages this LaTeX document holds: its start page and every page inlined into it."""
    return {root} | {page["docname"] for page in document.findall(addnodes.start_of_file)}


class PublicationLabels(SphinxPostTransform):
    """Each publication entry gets a LaTeX label (list items cannot carry one), so
    ``:pub:`` citations are internal links to it: in every project, CV or not."""

    builders = ("latex",)
    default_priority = 5  # before the references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        for item in self.document.findall(nodes.list_item):
            if "vitae-entry" in item["classes"] and item["ids"] and item.children:
                target = nodes.target("", "", ids=list(item["ids"]))
                first = item[0]
                if isinstance(first, nodes.paragraph):
                    first.insert(0, target)
                else:
                    item.insert(0, target)
                item["ids"] = []


class CVLayout(SphinxPostTransform):
    """Shape the assembled LaTeX document (all pages inlined) into a CV (``vitae_latex_cv``).

    * a page that only repeats entries the CV already shows in publication groups
      (an ``all-publications`` list) is left out (links to it: :class:`UnlinkLeftOutPages`);
    * the pages a toctree pulls in become top-level sections, wherever the toctree is;
    * publication lists are set ragged right, an epigraph centred (not as a quote);
    * an image aligned left or right floats beside the text.
    """

    builders = ("latex",)
    default_priority = 5  # before the references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        if not self.config.vitae_latex_cv:
            return
        self.drop_repeated_pages()
        self.hoist_pages()
        self.wrap_styled_blocks()
        self.float_aligned_images()

    def drop_repeated_pages(self) -> None:
        from .domain import get_domain

        included = _document_docnames(self.document, self.env.docname)
        placements = get_domain(self.env).data["placements"]
        grouped = {p.key for doc, ps in placements.items() if doc in included for p in ps if p.kind == "group"}
        for page in list(self.document.findall(addnodes.start_of_file)):
            shown = placements.get(page["docname"], [])
            if shown and all(p.kind == "list" and p.key in grouped for p in shown):
                page.parent.remove(page)

    def float_aligned_images(self) -> None:
        """An image aligned left or right floats beside the text (``wrapfigure``), as on the web,
        instead of a line of its own with a gap beside it: it becomes a figure with that alignment,
        which Sphinx's writer sets as a ``wrapfigure``."""
        for image in list(self.document.findall(nodes.image)):
            align = image.get("align")
            parent = image.parent
            if align not in ("left", "right") or isinstance(parent, (nodes.figure, nodes.TextElement)):
                continue
            target: nodes.Element = parent if isinstance(parent, nodes.reference) else image
            if isinstance(target, nodes.reference) and isinstance(target.parent, nodes.TextElement):
                continue
            figure = nodes.figure("", align=align, classes=["vitae-float"])
            if "width" in image:
                figure["width"] = image["width"]
            del image["align"]
            target.replace_self(figure)
            figure += target

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


class EachPublicationOnce(SphinxPostTransform):
    """In a CV, an ``all-publications`` list leaves out the entries a publication group of the
    same PDF shows: each publication is printed once. A year left empty goes; a page left with
    nothing but such lists goes with it (:meth:`CVLayout.drop_repeated_pages`); a citation of a
    left-out entry jumps to the entry in its group (:class:`UnlinkLeftOutPages`)."""

    builders = ("latex",)
    default_priority = 4  # after the lists are rendered (3), before the entries get their labels (5)

    def run(self, **kwargs: Any) -> None:
        if not self.config.vitae_latex_cv:
            return
        from .domain import get_domain

        root = self.env.docname
        included = _document_docnames(self.document, root)
        placements = get_domain(self.env).data["placements"]
        grouped: dict[str, tuple[str, str]] = {}
        kinds: dict[tuple[str, str], str] = {}
        for doc in sorted(included, key=lambda d: (d != root, d)):
            for p in placements.get(doc, []):
                kinds[(doc, p.node_id)] = p.kind
                if p.kind == "group":
                    grouped.setdefault(p.key, (doc, p.node_id))
        owner = _pages_of(self.document, nodes.list_item)
        moved: dict[str, str] = {}
        for item in list(self.document.findall(nodes.list_item)):
            if "vitae-entry" not in item["classes"] or not item["ids"]:
                continue
            doc = owner.get(id(item), root)
            key = next((t["vitae_key"] for t in item.findall(nodes.strong) if t.get("vitae_key")), None)
            if key in grouped and kinds.get((doc, item["ids"][0])) == "list":
                group_doc, group_id = grouped[key]
                moved[f"%{doc}#{item['ids'][0]}"] = f"%{group_doc}#{group_id}"
                self.remove_entry(item)
        self.document["vitae_moved"] = moved

    @staticmethod
    def remove_entry(item: nodes.list_item) -> None:
        bullet = item.parent
        bullet.remove(item)
        if bullet.children:
            return
        box = bullet.parent
        index = box.index(bullet)
        follower = box[index + 1] if index + 1 < len(box) else None
        if isinstance(follower, nodes.paragraph) and "vitae-legend" in follower["classes"]:
            box.remove(follower)  # the legend of an emptied list explains nothing
        box.remove(bullet)
        section = box if isinstance(box, nodes.section) else None
        if section is not None and "vitae-group" in section["classes"]:
            if all(isinstance(child, nodes.title) for child in section.children):
                section.parent.remove(section)


def _pages_of(document: nodes.document, kind: type[nodes.Element]) -> dict[int, str]:
    """The page each *kind* node of an assembled LaTeX document is from (by ``id()``; absent:
    the start page). A page's nodes do not know it: Sphinx's ``inline_all_toctrees`` gives
    ``start_of_file`` the page's children without making it their parent."""
    owner: dict[int, str] = {}
    for page in document.findall(addnodes.start_of_file):
        for node in page.findall(kind):
            owner[id(node)] = str(page["docname"])  # a page within a page: the inner one, found later
    return owner


class WebOnly(SphinxPostTransform):
    """What only a web page can use leaves every other output: nodes with the class
    ``vitae-web-only`` ("Download all as BibTeX", pointers to pages the PDF does not hold).
    A page marks its own with ``.. rst-class:: vitae-web-only`` or a ``container``."""

    default_priority = 4

    def run(self, **kwargs: Any) -> None:
        from .domain import get_domain

        builder = get_domain(self.env).builder
        if builder is None or builder.format == "html":
            return
        for node in list(self.document.findall(nodes.Element)):
            if "vitae-web-only" in node.get("classes", []) and node.parent is not None:
                node.parent.remove(node)


class UnlinkLeftOutPages(SphinxPostTransform):
    """In a CV, a resolved link into a page this LaTeX document does not hold is plain text.

    The LaTeX builder resolves every link to a page of *any* of its documents as
    ``%docname#id``; a page :class:`CVLayout` left out (or one of another
    ``latex_documents`` entry) has no label here, so LaTeX would print "??". This runs
    after the references are resolved, so links of every domain (``:doc:``, ``:ref:``,
    ``:pub:``) are covered, and leaves the builder's own data alone.
    """

    builders = ("latex",)
    default_priority = 15  # after the references are resolved (10)

    def run(self, **kwargs: Any) -> None:
        if not self.config.vitae_latex_cv:
            return
        included = _document_docnames(self.document, self.env.docname)
        moved: dict[str, str] = self.document.get("vitae_moved", {})
        owner = _pages_of(self.document, nodes.reference) if moved else {}
        for ref in list(self.document.findall(nodes.reference)):
            if moved and ref.get("refid"):  # a link within its own page
                here = f"%{owner.get(id(ref), self.env.docname)}#{ref['refid']}"
                if here in moved:
                    del ref["refid"]
                    ref["refuri"] = here
            uri = ref.get("refuri", "")
            if uri in moved:
                ref["refuri"] = uri = moved[uri]
            if uri.startswith("%") and uri[1:].partition("#")[0] not in included:
                text = ref.astext()
                ref.replace_self(nodes.inline(text, text))


class PdflatexGlyphs(SphinxPostTransform):
    """Under pdflatex, characters it cannot set become text stand-ins (:func:`stand_in`),
    with one warning per document naming them: the build and the PDF never fail on them.

    In a CV the whole document is ours to print; in any other project only what this
    extension rendered (nodes with a ``vitae-`` class: lists, citations) is touched.
    """

    builders = ("latex",)
    default_priority = 900  # last: after every text is in place (references: 10)

    #: text in these is TeX already, or set verbatim (a stand-in would be printed as code)
    RAW = (nodes.math, nodes.math_block, nodes.raw)
    VERBATIM = (nodes.literal_block, nodes.literal, nodes.FixedTextElement)

    def run(self, **kwargs: Any) -> None:
        if self.config.latex_engine != "pdflatex":
            return
        charset = pdflatex_charset(self.config)
        seen: dict[str, str] = {}
        first: nodes.Node | None = None
        for text in list(self.texts()):
            if all(ord(char) in charset for char in text.astext()):
                continue
            first = first or text.parent
            self.replace(text, charset, seen)
        if self.config.vitae_latex_cv:
            for value in title_block_text(self.config):
                pdflatex_text(value, charset, seen)
        if seen:
            location = _located(first) if first is not None and _located(first).source else self.env.docname
            logger.warning(unsettable_report(seen), type="vitae", subtype="latex", location=location)

    def texts(self) -> Iterable[nodes.Text]:
        roots: list[nodes.Element] = [self.document] if self.config.vitae_latex_cv else list(self.ours())
        for root in roots:
            for text in root.findall(nodes.Text):
                if not any(isinstance(node, self.RAW) for node in _ancestors(text)):
                    yield text

    def ours(self) -> Iterator[nodes.Element]:
        """The topmost nodes this extension rendered."""
        for node in self.document.findall(nodes.Element):
            if _rendered_by_us(node) and not any(_rendered_by_us(up) for up in _ancestors(node)):
                yield node

    def replace(self, text: nodes.Text, charset: frozenset[int], seen: dict[str, str]) -> None:
        parent = text.parent
        verbatim = any(isinstance(node, self.VERBATIM) for node in _ancestors(text))
        marker = isinstance(parent, nodes.Element) and "vitae-marker" in parent.get("classes", [])
        pieces: list[nodes.Node] = []
        plain = ""
        for char in text.astext():
            if ord(char) in charset:
                plain += char
                continue
            latex, shown = BULLET if marker and char not in EQUIVALENTS else stand_in(char, charset)
            seen.setdefault(char, shown)
            if verbatim:  # a stand-in there would be printed as code: its look, or "?"
                plain += shown if all(ord(c) in charset for c in shown) else "?"
                continue
            if plain:
                pieces.append(nodes.Text(plain))
                plain = ""
            pieces.append(nodes.raw(latex, latex, format="latex"))
        if plain:
            pieces.append(nodes.Text(plain))
        parent.replace(text, pieces)


def _rendered_by_us(node: nodes.Element) -> bool:
    """A node of our lists and pages (a ``vitae-`` class), or the text of a ``:pub:`` citation."""
    raw: list[str] = node.get("classes", [])
    classes = [str(name) for name in raw]
    return any(c.startswith("vitae-") for c in classes) or {"xref", "pub"} <= set(classes)


def _located(node: nodes.Node) -> nodes.Node:
    """*node*, or the nearest node around it that knows its line (a warning's location)."""
    for candidate in (node, *_ancestors(node)):
        if candidate.line is not None and candidate.source:
            return candidate
    return node


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    up = node.parent
    while up is not None:
        yield up
        up = up.parent


# -- configuration ------------------------------------------------------------------------------
def default_documents(config: Config) -> list[tuple[str, str, str, str, str]]:
    """Sphinx's default ``latex_documents``, named after the person: ``zoe-gerard.tex``."""
    texescape.init()
    documents = default_latex_documents(config)
    if config.latex_engine == "pdflatex":  # a title or author pdflatex cannot set: stand-ins
        charset = pdflatex_charset(config)
        documents = [(doc[0], doc[1], pdflatex_text(doc[2], charset), pdflatex_text(doc[3], charset), doc[4])
                     for doc in documents]  # fmt: skip
    name = str((config.vitae_profile or {}).get("name") or config.project)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if slug:
        documents = [(doc[0], slug + ".tex", *doc[2:]) for doc in documents]
    return documents


def at_default(config: Config, name: str) -> bool:
    """Whether the project left *name* alone: not given with ``-D``, and still Sphinx's default.

    The public API cannot tell a default from the same value written in conf.py; both
    mean "no wish of the user's", so the CV may choose.
    """
    if name in config.overrides:
        return False
    default = config.values[name].default
    if callable(default):
        default = default(config)
    return getattr(config, name) == default


#: the CV's choice for a LaTeX setting the project left at Sphinx's default
CV_SETTINGS: dict[str, Any] = {
    "latex_theme": "howto",  # a CV is an article, not a manual with chapters
    "latex_use_xindy": False,  # no index
    "latex_domain_indices": False,
}


def cv_elements(config: Config, photo: str | None = None) -> dict[str, str]:
    """The CV's ``latex_elements``, for this project's engine (*photo*: see :func:`maketitle`)."""
    engine = config.latex_engine
    elements = {
        "papersize": "a4paper",
        "pointsize": "10pt",
        "fncychap": "",
        "releasename": "",
        "tableofcontents": "",
        "printindex": "",
        "makeindex": "",
        "maketitle": maketitle(title_profile(config), text_encoder(config), photo),
        "sphinxsetup": "hmargin={1.9cm,1.9cm}, vmargin={1.6cm,1.8cm}, "
        "InnerLinkColor={RGB}{31,73,125}, OuterLinkColor={RGB}{0,0,0}, TitleColor={RGB}{31,73,125}",
        "preamble": preamble_for(engine),
    }
    if engine in UNICODE_ENGINES:
        elements["fontpkg"] = FONTPKG
    elif engine == "pdflatex":
        elements["fontpkg"] = PDFLATEX_FONTPKG
    return elements


def apply_defaults(app: Sphinx, config: Config) -> None:
    """On ``config-inited``, with ``vitae_latex_cv``: the CV beneath the project's own settings.

    A LaTeX setting the project set (conf.py or ``-D``) is kept; ``latex_elements`` are
    merged key by key, the project's winning, its ``preamble`` appended to ours. The
    engine is never changed: the preamble suits whichever the project uses.
    """
    if not config.vitae_latex_cv:
        return  # not asked: the project's PDF stays exactly its own
    free = {name for name in (*CV_SETTINGS, "latex_documents") if at_default(config, name)}
    for name, value in CV_SETTINGS.items():
        if name in free:
            setattr(config, name, value)
    if "latex_documents" in free:
        config.latex_documents = default_documents(config)
    from .profile import latex_photo

    ours = cv_elements(config, latex_photo(config))
    user = dict(config.latex_elements or {})
    if "preamble" in user:
        user["preamble"] = ours["preamble"] + user["preamble"]
    config.latex_elements = {**ours, **user}


def setup(app: Sphinx) -> None:
    app.connect("config-inited", apply_defaults)
    app.add_post_transform(PublicationLabels)
    app.add_post_transform(EachPublicationOnce)
    app.add_post_transform(WebOnly)
    app.add_post_transform(CVLayout)
    app.add_post_transform(UnlinkLeftOutPages)
    app.add_post_transform(PdflatexGlyphs)
