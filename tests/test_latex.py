"""The printable CV: the LaTeX source (every run) and the PDF (where latexmk is installed).

The .tex tests build small roots with the LaTeX builder and read the source: escaping,
owner emphasis, labels for ``:pub:`` links, the CV layout (only with ``vitae_latex_cv``),
the engine the project chose, characters pdflatex cannot set. The PDF tests build the real
site in ``source/`` (and the hostile root) with ``-M latexpdf`` and read the PDF with
pypdf: titles, headings, links, the owner set in a bold face, page count, the log; and
compile a CV with pdflatex, chosen in conf.py and with ``-D``.
"""

from __future__ import annotations

import codecs
import re
import shutil
import subprocess
import sys
from collections import Counter
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pytest
from pybtex.database import parse_file
from sphinx.testing.util import SphinxTestApp

from conftest import warnings_of
from sphinx_vitae import latex as vitae_latex

REPO = Path(__file__).resolve().parent.parent
OWNER = "Jianqing Zhang"

HAS_LATEX = all(shutil.which(tool) for tool in ("latexmk", "xelatex", "make"))
needs_latex = pytest.mark.skipif(not HAS_LATEX, reason="needs latexmk, xelatex and make")


def tex_of(app) -> str:
    (path,) = Path(app.outdir).glob("*.tex")
    return path.read_text(encoding="utf-8")


def body_of(tex: str) -> str:
    return tex.split(r"\begin{document}", 1)[1]


def author_lists(tex: str) -> list[str]:
    """The contents of each ``vitae-authors`` span (one level of nested braces)."""
    return re.findall(r"\\DUrole\{vitae-authors\}\{((?:[^{}]|\{[^{}]*\})*)\}", tex)


def strong(text: str) -> list[str]:
    return re.findall(r"\\sphinxstylestrong\{([^{}]*)\}", text)


# -- the LaTeX source: hostile and international input ------------------------------------
@pytest.mark.sphinx("latex", testroot="latex-hostile")
def test_field_text_is_escaped_and_never_runs(app):
    app.build()
    tex = tex_of(app)
    body = body_of(tex)
    assert r"\sphinxstylestrong{100\% Robust \& Fast}" in body
    assert r"{[}R\&D’24{]}" in body  # the badge
    for command in (r"\input", r"\write18", r"\include", r"\openout", r"\immediate"):
        assert command not in tex, command
    # what is left of the commands is plain text
    assert r"\sphinxstyleemphasis{Journal of /etc/passwd and 18touch /tmp/pwned}" in body
    # special characters of a venue
    assert r"caret \textasciicircum{} dollar \$ hash \# underscore \_ –" in body


@pytest.mark.sphinx("latex", testroot="latex-hostile")
def test_profile_head_is_escaped(app):
    app.build()
    body = body_of(tex_of(app))
    head = body.split(r"\phantomsection", 1)[0]
    assert r"\selectfont\bfseries\color{vitaeaccent}Zoé Gérard" in head
    assert r"Lab of 100\% Robust \& Fast \{Things\} \textbackslash{}input\{/etc/passwd\}" in head
    assert r"\href{mailto:zoe\_gerard@example.org}{zoe\_gerard@example.org}" in head
    # a link reads on paper as its address, escaped
    assert r"\href{https://example.org/~zoe/a\_b\#top}{example.org/\textasciitilde{}zoe/a\_b}" in head


@pytest.mark.sphinx("latex", testroot="latex-hostile")
def test_owner_alone_is_bold_in_international_author_lists(app):
    app.build()
    lists = author_lists(tex_of(app))
    assert len(lists) == 2
    for names in lists:
        assert strong(names) == ["Zoé Gérard"]
    assert "Jörg Müller" in lists[0] and "张伟" in lists[0] and "芳 Wang" in lists[0]
    assert "Jörg Müller" in lists[1]


@pytest.mark.sphinx("latex", testroot="latex-hostile")
def test_unicode_is_kept_for_xelatex(app):
    app.build()
    tex = tex_of(app)
    assert r"\section{Stage Ⅰ – Ⅳ: Everything}" in tex
    assert "Stage Ⅰ–Ⅳ – it’s “quoted”" in tex
    assert r"\usepackage{xeCJK}" in tex and r"\newunicodechar{🎉}" in tex
    assert r"\DUrole{vitae-marker}{🎉}" in tex
    assert "xelatex" in (Path(app.outdir) / "latexmkrc").read_text()


@pytest.mark.sphinx("latex", testroot="latex-hostile")
def test_cv_layout_has_no_title_page_contents_index_or_numbers(app):
    app.build()
    tex = tex_of(app)
    assert Path(app.outdir, "zoe-gerard.tex").exists()  # named after the person
    assert re.search(r"\\documentclass\[[^\]]*\]\{sphinxhowto\}", tex)
    for unwanted in (r"\tableofcontents", r"\sphinxtableofcontents", r"\printindex", r"\chapter", r"\sphinxmaketitle"):
        assert unwanted not in tex, unwanted
    assert r"\setcounter{secnumdepth}{-1}" in tex
    assert r"\release{}" in tex and r"\renewcommand{\releasename}{}" in tex


# -- the LaTeX source: pages, labels and citations ----------------------------------------
@pytest.mark.sphinx("latex", testroot="latex-cv")
def test_list_page_that_repeats_the_groups_is_left_out(app):
    app.build()
    tex = tex_of(app)
    assert "Repeated in full here" not in tex
    assert r"\section{Every Single Paper}" not in tex
    assert "all:pub-" not in tex and r"\detokenize{all::doc}" not in tex
    # each entry once, in its group
    assert tex.count(r"\label{\detokenize{index:pub-notes}}") == 1
    assert tex.count(r"\label{\detokenize{index:pub-sketch}}") == 1
    assert len(author_lists(tex)) == 2
    # the link to the left-out page is its title, as text; so are links of other roles into it
    assert "Everything is on Every Single Paper." in tex
    assert "See also Every Single Paper and the full list." in tex
    assert not re.search(r"\\hyperref\[\\detokenize\{all[:}]", tex)


@pytest.mark.sphinx("latex", testroot="latex-cv")
def test_left_out_page_leaves_the_builder_alone(app):
    """The page is left out of the document, not out of the builder's own data."""
    app.build()
    assert "all" in app.builder.docnames
    assert r"\section{Notes on the Engine}" in tex_of(app)


def test_latex_module_reads_no_private_attribute():
    """``_raw_config``, ``env._app``, ``_builder_cls``...: each breaks on some Sphinx release."""
    source = Path(vitae_latex.__file__).read_text(encoding="utf-8")
    assert re.findall(r"\w\._[A-Za-z]\w*", source) == []
    assert "docnames.discard" not in source and ".docnames =" not in source


@pytest.mark.sphinx("latex", testroot="latex-cv")
def test_pub_citations_link_to_labelled_entries(app):
    app.build()
    tex = tex_of(app)
    targets = re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex)
    assert targets == ["index:pub-notes", "index:pub-sketch"]
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    assert set(targets) <= labels


@pytest.mark.sphinx("latex", testroot="latex-cv")
def test_included_pages_are_top_level_sections_and_epigraph_is_centred(app):
    app.build()
    tex = tex_of(app)
    sections = re.findall(r"\\(section|subsection)\{([^}]*)\}", body_of(tex))
    assert sections == [
        ("section", "Biography"),
        ("section", "Publications"),
        ("subsection", "Stage I: Engines"),
        ("subsection", "Other Work"),
        ("section", "Notes on the Engine"),
    ]
    assert r"\begin{sphinxuseclass}{vitae-epigraph}" in tex
    assert r"\begin{quote}" not in tex
    assert tex.count(r"\begin{sphinxuseclass}{vitae-list}") == 2


@pytest.mark.sphinx("latex", testroot="latex-listonly")
def test_list_page_is_kept_when_it_is_the_only_place_of_an_entry(app):
    app.build()
    tex = tex_of(app)
    assert r"\section{Papers}" in tex
    assert r"\label{\detokenize{papers:pub-notes}}" in tex
    assert r"\hyperref[\detokenize{papers:pub-notes}]" in tex


@pytest.mark.sphinx("latex", testroot="latex-once")
def test_each_publication_is_printed_once(app):
    """The list page keeps only what no group shows; its emptied year goes; its link to a
    left-out entry jumps to the entry in its group."""
    app.build()
    assert warnings_of(app) == []
    tex = tex_of(app)
    for key in ("notes", "sketch"):
        assert tex.count(f"pub-{key}}}}}") == 1 and rf"\label{{\detokenize{{index:pub-{key}}}}}" in tex
    assert r"\label{\detokenize{all:pub-letters}}" in tex  # in no group: kept in the list
    assert r"\subsection{1843}" not in tex and r"\subsection{1842}" in tex
    assert r"\hyperref[\detokenize{index:pub-notes}]" in tex
    assert len(author_lists(tex)) == 3


@pytest.mark.sphinx("latex", testroot="latex-once")
def test_web_only_nodes_stay_out_of_print(app):
    app.build()
    tex = tex_of(app)
    assert "Only on the web" not in tex and "Download all" not in tex


@pytest.mark.sphinx("html", testroot="latex-once")
def test_web_only_nodes_stay_on_the_web(app):
    app.build()
    assert "Only on the web" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Download all as BibTeX" in (Path(app.outdir) / "all.html").read_text(encoding="utf-8")


@pytest.mark.sphinx("latex", testroot="latex-once")
def test_aligned_image_floats_beside_the_text(app):
    app.build()
    tex = tex_of(app)
    assert "\\begin{wrapfigure}{r}{2cm}\n\\centering\n\\noindent\\sphinxincludegraphics[width=2cm]{{ada}.png}" in tex
    assert r"\hspace*{\fill}" not in tex


@pytest.mark.sphinx("latex", testroot="latex-cv")
def test_print_colours(app):
    """Co-author and other outer links in the text colour; [paper]/[code] in the accent."""
    app.build()
    tex = tex_of(app)
    assert "OuterLinkColor={RGB}{0,0,0}" in tex
    assert r"\@namedef{DUrolevitae-links}#1{{\small\hypersetup{urlcolor=vitaeaccent}#1}}" in tex
    assert r"\@namedef{DUrolevitae-authors}#1{{\vitaeauthors#1}}" in tex


# -- the CV only where asked: a project's own PDF is its own -----------------------------------
def latex_app(root: Path, dest: Path, conf: str = "", **overrides) -> SphinxTestApp:
    """Copy *root* to *dest*, append *conf* to its conf.py, build it with the LaTeX builder."""
    shutil.copytree(root, dest)
    if conf:
        with (dest / "conf.py").open("a", encoding="utf-8") as f:
            f.write(conf.rstrip("\n") + "\n")
    app = SphinxTestApp("latex", srcdir=dest, status=StringIO(), warning=StringIO(), confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def preamble_of(tex: str) -> str:
    return tex.split(r"\begin{document}", 1)[0]


def latex_settings(app) -> dict[str, object]:
    return {value.name: value.value for value in app.config if value.name.startswith("latex_")}


VITAE_PREAMBLE = ("vitaeaccent", "sphinx-vitae", r"\setmainfont", "xeCJK", "newunicodechar", "sphinxclassvitae")


@pytest.fixture(scope="module")
def plain(rootdir, tmp_path_factory):
    """The lab's manual: with sphinx-vitae, and the same project without it."""
    work = tmp_path_factory.mktemp("plain")
    with_us = latex_app(rootdir / "test-latex-plain", work / "with")
    without = latex_app(rootdir / "test-latex-plain", work / "without", extensions=[])
    return with_us, without


def test_plain_project_keeps_its_own_pdf_layout(plain):
    app, without = plain
    tex = tex_of(app)
    assert Path(app.outdir, "labnotes.tex").exists()  # Sphinx's own name for it
    assert re.search(r"\\documentclass\[[^\]]*\]\{sphinxmanual\}", tex)
    assert r"\sphinxtableofcontents" in tex and r"\sphinxmaketitle" in tex and r"\printindex" in tex
    assert re.findall(r"\\chapter\{([^}]*)\}", tex) == ["Methods", "Results"]
    assert app.config.latex_engine == "pdflatex" and r"\usepackage[utf8]{inputenc}" in tex
    for ours in VITAE_PREAMBLE:
        assert ours not in tex, ours
    # every LaTeX setting and the whole preamble as Sphinx makes them without the extension
    assert latex_settings(app) == latex_settings(without)
    assert preamble_of(tex) == preamble_of(tex_of(without))
    # the project's own text is left as it wrote it
    assert "The lab’s handbook, part Ⅱ." in tex


def test_plain_project_still_gets_the_publication_lists(plain):
    app, _ = plain
    tex = tex_of(app)
    assert tex.count(r"\DUrole{vitae-authors}") == 2
    assert r"\sphinxstylestrong{Notes on the Analytical Engine}" in tex
    targets = re.findall(r"\\hyperref\[\\detokenize\{([^}]*)\}\]", tex)
    assert targets == ["results:pub-notes", "results:pub-cup"]
    labels = set(re.findall(r"\\label\{\\detokenize\{([^}]*)\}\}", tex))
    assert set(targets) <= labels
    assert r"\begin{sphinxuseclass}{vitae-list}" not in tex  # no CV reshaping


def test_plain_project_under_pdflatex_gets_stand_ins_for_what_we_print(plain):
    app, _ = plain
    body = body_of(tex_of(app))
    # the marker and the trophy we add, and a CJK name of a list: nothing pdflatex would stop on
    assert r"\DUrole{vitae-marker}{\textbullet{}}" in body and r"\DUrole{vitae-award}{\(\star\) Best Paper}" in body
    assert "🎉" not in body and "🏆" not in body and "张" not in body
    (warning,) = [line for line in warnings_of(app) if "[vitae.latex]" in line]
    assert "methods.rst:" in warning
    for char in ("张", "伟", "🎉", "🏆"):
        assert char in warning, char
    assert 'latex_engine = "xelatex"' in warning
    assert warnings_of(app) == [warning]


def test_cv_flag_is_validated(rootdir, tmp_path):
    app = latex_app(rootdir / "test-latex-plain", tmp_path / "src", 'vitae_latex_cv = "yes"')
    messages = [line for line in warnings_of(app) if "[vitae.config]" in line]
    assert len(messages) == 1
    assert "vitae_latex_cv should be True or False, not 'yes' (str); using the default False" in messages[0]
    assert r"\sphinxtableofcontents" in tex_of(app) and "vitaeaccent" not in tex_of(app)


# -- the CV yields to the project: its engine, its settings -----------------------------------
FONTSPEC = (r"\setmainfont{FreeSerif}", r"\usepackage{newunicodechar}", r"\IfFontExistsTF")


@pytest.mark.parametrize(
    ("conf", "overrides", "engine"),
    [
        ("", {}, "pdflatex"),  # Sphinx's default for English
        ('latex_engine = "pdflatex"', {}, "pdflatex"),
        ("", {"latex_engine": "pdflatex"}, "pdflatex"),
        ('latex_engine = "xelatex"', {"latex_engine": "pdflatex"}, "pdflatex"),  # -D wins over conf.py
        ('latex_engine = "xelatex"', {}, "xelatex"),
        ("", {"latex_engine": "xelatex"}, "xelatex"),
        ('latex_engine = "lualatex"', {}, "lualatex"),
        ('language = "zh_CN"', {}, "xelatex"),  # Sphinx's default for Chinese
    ],
)
def test_cv_preamble_suits_the_projects_engine(rootdir, tmp_path, conf, overrides, engine):
    app = latex_app(rootdir / "test-latex-engines", tmp_path / "src", conf, **overrides)
    assert app.config.latex_engine == engine
    tex = tex_of(app)
    preamble = preamble_of(tex)
    assert "vitaeaccent" in preamble and re.search(r"\\documentclass\[[^\]]*\]\{sphinxhowto\}", tex)
    assert r"\sphinxtableofcontents" not in tex
    unicode = engine in vitae_latex.UNICODE_ENGINES
    for part in FONTSPEC:
        assert (part in preamble) == unicode, part
    assert (r"\usepackage{xeCJK}" in preamble) == (engine == "xelatex")
    # pdflatex: Sphinx's fonts where installed, with a fallback every TeX Live has
    assert (r"\IfFileExists{tgtermes.sty}{\usepackage{tgtermes}}{\usepackage{times}}" in preamble) == (
        engine == "pdflatex"
    )
    latex_warnings = [line for line in warnings_of(app) if "[vitae.latex]" in line]
    assert len(latex_warnings) == (0 if unicode else 1)
    if unicode:
        assert r"\DUrole{vitae-marker}{🎉}" in tex and "张伟" in tex and "Stage Ⅱ: Engines" in tex


@pytest.mark.parametrize("overrides", [{}, {"latex_engine": "pdflatex"}])
def test_pdflatex_cv_holds_only_what_pdflatex_sets(rootdir, tmp_path, overrides):
    conf = "" if overrides else 'latex_engine = "pdflatex"'
    app = latex_app(rootdir / "test-latex-engines", tmp_path / "src", conf, **overrides)
    tex = tex_of(app)
    charset = vitae_latex.pdflatex_charset(app.config)
    assert sorted({char for char in tex if ord(char) not in charset}) == []
    body = body_of(tex)
    assert r"\subsection{Stage II: Engines}" in body  # Ⅱ: its compatibility form
    assert r"Nguy\~{\^{e}}n Th\d{i} Huong" in body  # accents TeX has; the horn left out
    assert r"\textbullet{} {[}1843{]} Notes published" in body  # the project's own 🎉 too, in a CV
    assert r"\(\star\) Fellow of the Society" in body
    assert r"Analytical Engine Society · " + vitae_latex.TOFU[0] * 4 in body  # the title block
    (warning,) = warnings_of(app)
    assert "[vitae.latex]" in warning and "index.rst:" in warning
    for char in ("🎉", "🏆", "★", "Ⅱ", "张", "伟", "清", "ễ", "ư"):
        assert char in warning, char
    assert warning.count("U+5F20") == 1  # each character named once
    assert 'set latex_engine = "xelatex"' in warning


def test_cv_settings_yield_to_the_projects(rootdir, tmp_path):
    conf = (
        'latex_engine = "xelatex"\n'
        "latex_elements = {'pointsize': '12pt', 'preamble': r'\\newcommand{\\mine}{}'}\n"
        "latex_documents = [('index', 'mine.tex', 'Mine', 'Me', 'howto')]\n"
    )
    app = latex_app(rootdir / "test-latex-engines", tmp_path / "src", conf, latex_theme="manual")
    assert app.config.latex_theme == "manual"  # given with -D
    assert app.config.latex_documents == [("index", "mine.tex", "Mine", "Me", "howto")]
    elements = app.config.latex_elements
    assert elements["pointsize"] == "12pt" and elements["papersize"] == "a4paper"
    assert elements["preamble"] == vitae_latex.preamble_for("xelatex") + r"\newcommand{\mine}{}"
    preamble = preamble_of(tex_of(app))
    assert "12pt" in preamble and preamble.index("vitaeaccent") < preamble.index(r"\newcommand{\mine}")


def test_cv_chooses_the_settings_the_project_left_alone(rootdir, tmp_path):
    app = latex_app(rootdir / "test-latex-engines", tmp_path / "src")
    assert app.config.latex_theme == "howto"
    assert app.config.latex_documents[0][1] == "ada-lovelace.tex"
    assert app.config.latex_domain_indices is False and app.config.latex_use_xindy is False


# -- stand-ins for what pdflatex cannot set ---------------------------------------------------
def charset_of(elements: dict[str, str] | None = None, language: str = "en") -> frozenset[int]:
    return vitae_latex.pdflatex_charset(SimpleNamespace(latex_elements=elements or {}, language=language))


@pytest.mark.parametrize(
    ("char", "latex", "shown"),
    [
        ("🎉", r"\textbullet{}", "•"),
        ("🏆", r"\(\star\)", "⋆"),
        ("★", r"\(\star\)", "⋆"),
        ("Ⅳ", "IV", "IV"),  # compatibility forms
        ("①", "1", "1"),
        ("Ｚ", "Z", "Z"),
        ("ǹ", r"\`{n}", "ǹ"),  # a TeX accent
        ("ệ", r"\^{\d{e}}", "ệ"),  # two
        ("ḯ", r"\'{\"{\i{}}}", "ḯ"),  # above i: the dotless i
        ("ư", "u", "u"),  # no TeX accent for the horn
        ("张", *vitae_latex.TOFU),
        ("Ħ", *vitae_latex.TOFU),
        ("😀", *vitae_latex.TOFU),
    ],
)
def test_stand_ins(char, latex, shown):
    charset = charset_of()
    assert ord(char) not in charset
    assert vitae_latex.stand_in(char, charset) == (latex, shown)


@pytest.mark.parametrize(
    ("conf", "settable", "unsettable"),
    [
        ({}, "é–“”€ÿŁ", "αЖ张Ⅱ"),
        ({"fontenc": r"\usepackage[LGR,T1]{fontenc}"}, "αΩ", "Ж"),
        ({"fontenc": r"\usepackage[T2A,T1]{fontenc}"}, "Жё", "α"),
    ],
)
def test_pdflatex_charset_follows_the_font_encodings(conf, settable, unsettable):
    charset = charset_of(conf)
    assert all(ord(c) in charset for c in settable)
    assert not any(ord(c) in charset for c in unsettable)


@pytest.mark.skipif(not shutil.which("kpsewhich"), reason="needs kpsewhich (TeX Live)")
def test_base_charset_is_what_latex_declares():
    declared: set[int] = set()
    for name in ("t1enc.dfu", "ts1enc.dfu", "ot1enc.dfu", "omsenc.dfu"):
        path = subprocess.run(["kpsewhich", name], capture_output=True, text=True, check=True).stdout.strip()
        text = Path(path).read_text(encoding="latin-1")
        declared |= {int(h, 16) for h in re.findall(r"\\DeclareUnicodeCharacter\{([0-9A-F]+)\}", text)}
    assert set(vitae_latex.code_points(vitae_latex.BASE_RANGES)) == declared


def test_pdflatex_charset_follows_the_language():
    assert ord("Ж") in charset_of(language="ru") and ord("Ж") not in charset_of(language="de")


# -- the PDF ------------------------------------------------------------------------------
def build_pdf(srcdir: Path, outdir: Path, *options: str, strict: bool = True) -> tuple[Path, str]:
    """``sphinx -M latexpdf``: the PDF and its log. *strict*: with ``-W`` (else the warnings
    are in ``build_pdf.warnings``)."""
    result = subprocess.run(
        # show_warning_types: Sphinx 7.4 ends a warning with "[vitae.latex]" only when asked
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(srcdir), str(outdir), "--keep-going", *options]
        + ["-D", "show_warning_types=1"]
        + (["-W"] if strict else []),
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    build_pdf.warnings = [line for line in result.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    (pdf,) = (outdir / "latex").glob("*.pdf")
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    return pdf, log


def read_pdf(pdf: Path):
    """The reader, and each page's text runs as (text, font name, baseline y)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = []
    for page in reader.pages:
        runs: list[tuple[str, str, float]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text:
                name = str(font.get("/BaseFont", "")) if font else ""
                runs.append((text, name, tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return reader, pages


def squash(text: str) -> str:
    """Text without whitespace and hyphens: immune to line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad\u2010]", "", text)


def is_bold(font: str) -> bool:
    return re.search(r"bold|black|heavy|semibold|demi", font, re.IGNORECASE) is not None


def decoded(value: str) -> str:
    return codecs.decode(value, "ulatex").replace("{", "").replace("}", "")


@pytest.fixture(scope="module")
def bib():
    return parse_file(str(REPO / "refs.bib"), "bibtex").entries


@pytest.fixture(scope="module")
def site_pdf(tmp_path_factory):
    if not HAS_LATEX:
        pytest.skip("needs latexmk, xelatex and make")
    work = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "source", work / "source")
    shutil.copy(REPO / "refs.bib", work / "refs.bib")
    pdf, log = build_pdf(work / "source", work / "build")
    reader, pages = read_pdf(pdf)
    return pdf, log, reader, pages


@pytest.fixture(scope="module")
def hostile_pdf(tmp_path_factory):
    if not HAS_LATEX:
        pytest.skip("needs latexmk, xelatex and make")
    work = tmp_path_factory.mktemp("hostile")
    shutil.copytree(Path(__file__).parent / "roots" / "test-latex-hostile", work / "src")
    pdf, log = build_pdf(work / "src", work / "build")
    reader, pages = read_pdf(pdf)
    return pdf, log, reader, pages


def page_texts(pages) -> list[str]:
    return ["".join(text for text, _, _ in runs) for runs in pages]


@pytest.mark.latex
@needs_latex
def test_pdf_has_every_title_and_stage_heading(site_pdf, bib):
    _, _, _, pages = site_pdf
    text = squash("".join(page_texts(pages)))
    titles = [decoded(entry.fields["title"]) for entry in bib.values()]
    assert len(titles) == 11
    for title in titles:
        assert squash(title) in text, title
    headings = re.findall(r"^\.\. publications:: (.+)$", (REPO / "source" / "index.rst").read_text(), re.MULTILINE)
    assert len(headings) == 5 and any("Ⅳ" in heading for heading in headings)
    for heading in headings:
        assert squash(heading) in text, heading
    for section in ("Biography", "Internships", "Featured Projects and Publications", "Photography"):
        assert squash(section) in text


@pytest.mark.latex
@needs_latex
def test_pdf_links_every_paper_and_code_url(site_pdf, bib):
    _, _, reader, _ = site_pdf
    uris = set()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                uris.add(str(action.get_object()["/URI"]))
    wanted = {str(entry.fields[name]) for entry in bib.values() for name in ("url", "code") if name in entry.fields}
    assert len(wanted) >= 20
    assert wanted <= uris, wanted - uris


@pytest.mark.latex
@needs_latex
def test_pdf_pub_citations_jump_to_their_entries(site_pdf, bib):
    _, _, reader, pages = site_pdf
    cited = re.findall(r":pub:`([^`<]+)`", (REPO / "source" / "research.rst").read_text())
    assert len(cited) >= 5
    links = []  # the site's only internal links are these citations
    for _index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/GoTo":
                links.append(str(action.get_object()["/D"]))
    assert len(links) == len(cited)
    destinations = reader.named_destinations
    for key, name in zip(cited, links, strict=True):
        dest = destinations[name]
        runs = pages[reader.get_destination_page_number(dest)]
        start = squash(decoded(bib[key].fields["title"]))[:15]
        ys = [y for text, font, y in runs if squash(text).startswith(start) and is_bold(font)]
        assert ys, f"{key}: its title is not on the page the link jumps to"
        assert any(0 <= float(dest["/Top"]) - y <= 24 for y in ys), (key, dest["/Top"], ys)


@pytest.mark.latex
@needs_latex
def test_pdf_sets_owner_alone_in_bold_in_every_author_list(site_pdf, bib):
    _, _, _, pages = site_pdf
    chars = [(char, is_bold(font)) for runs in pages for text, font, _ in runs for char in squash(text)]
    flat = "".join(char for char, _ in chars)
    lists: Counter[tuple[str, ...]] = Counter()
    for entry in bib.values():
        names = tuple(
            decoded(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names))
            for p in entry.persons["author"]
        )
        lists[names] += 1
    checked = 0
    for names, count in lists.items():
        # "<end of title>.<names, comma-separated>." as printed, squashed
        needle = "." + ",".join(squash(n) for n in names) + "."
        starts = [m.start() for m in re.finditer(re.escape(needle), flat)]
        assert len(starts) == count, (names, len(starts))  # once per entry: no duplicate list
        for start in starts:
            pos = start + 1
            for name in names:
                width = len(squash(name))
                bold = {b for _, b in chars[pos : pos + width]}
                assert bold == ({True} if name == OWNER else {False}), (name, names)
                pos += width + 1
            checked += 1
    assert checked == 11


@pytest.mark.latex
@needs_latex
def test_pdf_is_a_compact_cv(site_pdf):
    _, _, reader, pages = site_pdf
    texts = page_texts(pages)
    assert 1 <= len(reader.pages) <= 4
    first_lines = texts[0].strip().splitlines()
    assert first_lines[0].strip() == OWNER  # the name heads page 1: no title page
    # the position and affiliation, then the links as they read on paper
    assert "PhD student" in first_lines[1] and "Tsinghua University" in first_lines[1]
    assert "github.com/TsingZ0" in first_lines[2] and "tsing.tuchong.com/work" in first_lines[2]
    assert "jianqing-zhang.pdf" not in texts[0]  # the PDF does not link itself
    assert "Biography" in texts[0]
    for text in texts:
        lines = {line.strip() for line in text.splitlines()}
        assert not lines & {"Contents", "Table of Contents", "Index", "Python Module Index"}
        assert "Release" not in text
        assert text.strip(), "empty page"
    joined = "".join(texts)
    assert "All publications" not in joined.splitlines()  # the list page is not in the CV
    assert "🎉" in joined


@pytest.mark.latex
@needs_latex
def test_pdf_log_is_clean(site_pdf):
    _, log, _, pages = site_pdf
    assert "Missing character" not in log
    assert "undefined references" not in log and not re.search(r"Reference `[^']*' .*undefined", log)
    fonts = {font for runs in pages for text, font, _ in runs if "🎉" in text}
    assert fonts and all("Symbola" in font for font in fonts)


@pytest.mark.latex
@needs_latex
def test_pdf_renders_every_character_of_hostile_input(hostile_pdf):
    _, log, _, pages = hostile_pdf
    assert "Missing character" not in log
    text = "".join(page_texts(pages))
    names = ("Zoé Gérard", "Jörg Müller", "张伟", "芳 Wang")
    for snippet in (*names, "100% Robust & Fast", "Stage Ⅰ – Ⅳ", "it’s “quoted”"):
        assert snippet in text, snippet
    assert r"Fast {Things} \input{/etc/passwd}" in text  # printed, not run
    assert "root:" not in text
    fonts = {font for runs in pages for chunk, font, _ in runs if "张伟" in chunk}
    assert fonts and all("CJK" in font for font in fonts)


# -- the PDF with pdflatex: what it cannot set never stops it ---------------------------------
def check_pdflatex_pdf(pdf: Path, log: str) -> str:
    """The PDF's text, after checking the .tex and the log."""
    tex = pdf.with_suffix(".tex").read_text(encoding="utf-8")
    assert r"\setmainfont" not in tex and r"\usepackage[utf8]{inputenc}" in tex
    assert "Output written on" in log and "This is pdfTeX" in log and "Missing character" not in log
    assert "undefined references" not in log and not re.search(r"Reference `[^']*' .*undefined", log)
    (warning,) = build_pdf.warnings
    assert "[vitae.latex]" in warning and 'latex_engine = "xelatex"' in warning
    _, pages = read_pdf(pdf)
    return "".join(page_texts(pages))


@pytest.mark.latex
@needs_latex
def test_pdflatex_in_conf_py_compiles_the_cv(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-latex-engines", src)
    with (src / "conf.py").open("a", encoding="utf-8") as f:
        f.write('latex_engine = "pdflatex"\n')
    pdf, log = build_pdf(src, tmp_path / "build", strict=False)
    text = squash(check_pdflatex_pdf(pdf, log))
    for snippet in ("Ada Lovelace", "Stage II: Engines", "Best Paper", "Notes on the Analytical Engine", "Huong"):
        assert squash(snippet) in text, snippet


@pytest.mark.latex
@needs_latex
def test_pdflatex_on_the_command_line_compiles_the_site(tmp_path, bib):
    work = tmp_path / "site"
    shutil.copytree(REPO / "source", work / "source")
    shutil.copy(REPO / "refs.bib", work / "refs.bib")
    pdf, log = build_pdf(work / "source", work / "build", "-D", "latex_engine=pdflatex", strict=False)
    text = squash(check_pdflatex_pdf(pdf, log))
    for entry in bib.values():
        assert squash(decoded(entry.fields["title"])) in text, entry.key
    for stage in ("Stage IV", "Stage III", "Stage II", "Stage I"):
        assert squash(stage) in text, stage
    assert text.startswith(squash(OWNER))  # still the CV: the name heads page 1
