"""CV sections: ``.. cv:: education`` from a JSON Resume, ``.. cv-entry::`` written in the page.

Both give the same nodes: a ``container`` (class ``vitae-cv``) of :class:`cv_entry`
nodes, each holding standard nodes (a head paragraph with the name in ``strong``, the
role, the place; the summary; a bullet list of highlights) and a :class:`cv_dates` at
the end of the head paragraph. The two node classes have visitors for HTML (dates in a
column of their own: ``vitae-cv.css``) and LaTeX (dates right-aligned on the head line,
as a CV reader expects); for any other builder they are turned them into a
``container`` and a parenthesised ``inline`` before writing (:func:`plain_nodes`), the design of
``sphinx/ext/todo.py``.

The file is a dependency of the page (editing it reads the page again); its problems
(:mod:`.resume`) are warnings kept by the domain, so a build that does not read the page
again gives them too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from markdown_it import MarkdownIt
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import resume
from .records import safe_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator

logger = logging.getLogger(__name__)

#: where ``vitae_resume = None`` looks, in the source folder, then in the folder above it
DEFAULT_FILES = ("resume.json", "_data/resume.json", "assets/json/resume.json")


class cv_entry(nodes.General, nodes.Element):
    """One CV entry: standard nodes inside, its :class:`cv_dates` in the head paragraph."""


class cv_dates(nodes.Inline, nodes.TextElement):
    """The dates of a :class:`cv_entry` ("Sep 2020 – Jun 2023")."""


# -- HTML: a column of dates beside the entries -----------------------------------------------------


def visit_cv_entry_html(self: HTML5Translator, node: cv_entry) -> None:
    dates = next(iter(node.findall(cv_dates)), None)
    self.body.append(self.starttag(node, "div"))
    text = self.encode(dates.astext()) if dates is not None else ""
    self.body.append(f'<div class="vitae-cv-dates">{text}</div><div class="vitae-cv-body">')


def depart_cv_entry_html(self: HTML5Translator, node: cv_entry) -> None:
    self.body.append("</div></div>\n")


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


# -- LaTeX: the dates right-aligned at the end of the head line ---------------------------------------


def visit_cv_entry_latex(self: LaTeXTranslator, node: cv_entry) -> None:
    self.body.append("\n\\par\\addvspace{1ex}\\noindent ")


def depart_cv_entry_latex(self: LaTeXTranslator, node: cv_entry) -> None:
    self.body.append("\n")


def visit_cv_dates_latex(self: LaTeXTranslator, node: cv_dates) -> None:
    # The TeXbook's right-aligned end of a paragraph (exercise 14.29): flush right on the
    # last line, or on a line of its own when the head line has no room left
    self.body.append(r"{\unskip\nobreak\hfil\penalty50\hskip1em\hbox{}\nobreak\hfil\mbox{")


def depart_cv_dates_latex(self: LaTeXTranslator, node: cv_dates) -> None:
    self.body.append(r"}\parfillskip=0pt \finalhyphendemerits=0 \par}")


def plain_nodes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``, for builders other than HTML and LaTeX: our nodes become standard ones."""
    if app.builder.format in ("html", "latex"):
        return
    for dates in list(doctree.findall(cv_dates)):
        dates.replace_self(nodes.inline("", f" ({dates.astext()})", classes=["vitae-cv-dates"]))
    for entry in list(doctree.findall(cv_entry)):
        entry.replace_self(nodes.container("", *entry.children, classes=entry["classes"]))


# -- building the nodes ---------------------------------------------------------------------------------


def _markdown() -> MarkdownIt:
    # inline Markdown only, no raw HTML: what JSON Resume themes make of a summary
    return MarkdownIt("zero").enable(["emphasis", "link", "backticks"])


_MD = _markdown()


def inline_markdown(text: str) -> list[nodes.Node]:
    """*text* with its inline Markdown (``**bold**``, ``*italic*``, `` `code` ``, ``[a](url)``) as nodes."""
    tokens = _MD.parseInline(text)[0].children or []
    root: list[nodes.Node] = []
    stack: list[nodes.Element] = []

    def add(node: nodes.Node) -> None:
        (stack[-1].append if stack else root.append)(node)

    for token in tokens:
        if token.type in ("strong_open", "em_open", "link_open"):
            element: nodes.Element
            if token.type == "link_open":
                url = safe_url(str(token.attrs.get("href", "")))
                element = nodes.reference("", "", refuri=url) if url else nodes.inline()
            else:
                element = nodes.strong() if token.type == "strong_open" else nodes.emphasis()
            add(element)
            stack.append(element)
        elif token.type.endswith("_close") and stack:
            stack.pop()
        elif token.type == "code_inline":
            add(nodes.literal(token.content, token.content))
        elif token.type in ("softbreak", "hardbreak"):
            add(nodes.Text(" "))
        elif token.content:
            add(nodes.Text(token.content))
    return root


def head_paragraph(title: str, role: str, where: str, url: str, dates: str) -> nodes.paragraph:
    """**Title**, place — *role*, then the dates."""
    head = nodes.paragraph(classes=["vitae-cv-head"])
    name = nodes.strong("", "", classes=["vitae-cv-title"])
    name += inline_markdown(title)
    link = safe_url(url) if url else None
    if link:
        ref = nodes.reference("", "", name, refuri=link)
        head += ref
    else:
        head += name
    if where:
        head += nodes.Text(", ")
        head += nodes.inline("", where, classes=["vitae-cv-where"])
    if role:
        head += nodes.Text(" — ")
        head += nodes.emphasis("", role, classes=["vitae-cv-role"])
    if dates:
        head += cv_dates("", dates)
    return head


def entry_node(entry: resume.Entry, classes: list[str]) -> cv_entry:
    node = cv_entry("", classes=["vitae-cv-entry", *classes])
    node += head_paragraph(entry.title, entry.role, entry.where, entry.url, entry.dates_text)
    if entry.summary:
        node += nodes.paragraph("", "", *inline_markdown(entry.summary), classes=["vitae-cv-summary"])
    if entry.highlights:
        items = nodes.bullet_list(classes=["vitae-cv-highlights"])
        for text in entry.highlights:
            items += nodes.list_item("", nodes.paragraph("", "", *inline_markdown(text)))
        node += items
    if entry.keywords:
        node += nodes.paragraph("", ", ".join(entry.keywords), classes=["vitae-cv-keywords"])
    return node


# -- finding and reading the file -----------------------------------------------------------------------

_cache: dict[str, tuple[tuple[int, int], dict[str, Any] | None, list[resume.Problem]]] = {}


def read_file(path: Path) -> tuple[dict[str, Any] | None, list[resume.Problem]]:
    """The file's data and problems; read again only when its size or time changes."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(str(path))
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    data, problems = resume.load(path.read_text(encoding="utf-8-sig"))
    _cache[str(path)] = (stamp, data, problems)
    return data, problems


def default_file(srcdir: Path) -> Path | None:
    for folder in (srcdir, srcdir.parent):
        for name in DEFAULT_FILES:
            if (folder / name).is_file():
                return folder / name
    return None


def check_config(app: Sphinx, config: Config) -> None:
    value = config.vitae_resume
    if value is not None and not isinstance(value, (str, os.PathLike)):
        logger.warning(
            f"vitae_resume should be a file name (text) or None, not {value!r} ({type(value).__name__}); "
            "None is used (resume.json looked for)",
            type="vitae",
            subtype="config",
        )
        config.vitae_resume = None


class _CVDirective(SphinxDirective):
    def report(self, message: str, location: Any = None, subtype: str = "cv") -> None:
        from .domain import get_domain

        get_domain(self.env).note_warning(self.env.docname, message, location or self.get_location(), subtype)


class CVDirective(_CVDirective):
    """``.. cv:: education``: one section of a JSON Resume, newest first."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "file": directives.unchanged_required,
        "sort": lambda value: directives.choice(value, resume.SORTS),
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        name = resume.section_name(self.arguments[0])
        if name is None:
            known = ", ".join(resume.SECTIONS)
            self.report(f"unknown CV section {self.arguments[0]!r} (known: {known})")
            return []
        path = self.resume_path()
        if path is None:
            return []
        # as the .bib files' warnings show theirs: from the folder above the source folder
        shown = os.path.relpath(path, Path(self.env.srcdir).parent)
        try:
            data, problems = read_file(path)
        except (OSError, UnicodeDecodeError) as exc:
            self.report(f"JSON Resume {shown} cannot be read: {exc}", subtype="resume")
            return []
        for problem in problems:  # the file as a whole: nothing to show
            self.report(problem.message, f"{shown}:{problem.line or 1}", subtype="resume")
        if data is None:
            return []
        entries, problems = resume.section(data, name)
        if problems:
            lines = resume.value_lines(path.read_text(encoding="utf-8-sig"))
            for problem in problems:
                self.report(str(problem), f"{shown}:{resume.line_of(lines, problem.path) or 1}", subtype="resume")
        undated = [] if any(entry.dates_text for entry in entries) else ["vitae-cv-undated"]
        box = nodes.container(classes=["vitae-cv", f"vitae-cv-{name}", *undated, *self.options.get("class", [])])
        self.set_source_info(box)
        for entry in resume.ordered(entries, self.options.get("sort", "newest")):
            box += entry_node(entry, [])
        if not entries:
            self.report(f"the JSON Resume {shown} has no {name} entries", subtype="cv")
        return [box]

    def resume_path(self) -> Path | None:
        """The file, noted as a dependency of the page (a missing one too: adding it reads the page again)."""
        srcdir = Path(self.env.srcdir)
        if "file" in self.options:
            _, absolute = self.env.relfn2path(self.options["file"], self.env.docname)
            path = Path(absolute)
            what = f":file: {self.options['file']}"
        elif self.config.vitae_resume is not None:
            path = srcdir / os.fspath(self.config.vitae_resume)
            what = f"vitae_resume = {os.fspath(self.config.vitae_resume)!r}"
        else:
            found = default_file(srcdir)
            if found is None:
                self.env.note_dependency(str(srcdir / DEFAULT_FILES[0]))
                self.report(
                    f"no JSON Resume for this CV section: set vitae_resume or add one of {', '.join(DEFAULT_FILES)}",
                    subtype="resume",
                )
                return None
            path = found
            what = str(path)
        path = path.resolve()
        self.env.note_dependency(str(path))
        if not path.is_file():
            self.report(f"JSON Resume not found ({what}: {path})", subtype="resume")
            return None
        return path


class CVEntryDirective(_CVDirective):
    """``.. cv-entry:: Title`` with ``:dates:``, ``:where:``, ``:role:``, ``:url:`` and a body."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "dates": directives.unchanged,
        "where": directives.unchanged,
        "role": directives.unchanged,
        "url": directives.unchanged,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        raw = self.options.get("dates", "").strip()
        dates = ""
        if raw:
            interval = resume.parse_interval(raw)
            if interval.problems:
                wrong = ", ".join(repr(part) for part in interval.problems)
                self.report(
                    f"cv-entry :dates: {wrong} is not a date (YYYY, YYYY-MM or YYYY-MM-DD, "
                    "as 'START – END' or 'START – present'); shown as written",
                )
                dates = raw
            else:
                dates = resume.show_dates(interval.start, interval.end)
        url = self.options.get("url", "")
        if url and safe_url(url) is None:
            self.report(f"cv-entry :url: {url!r} is not a safe link (http(s), mailto or relative); not linked")
        node = cv_entry("", classes=["vitae-cv-entry", *self.options.get("class", [])])
        self.set_source_info(node)
        node += head_paragraph(
            self.arguments[0], self.options.get("role", ""), self.options.get("where", ""), url, dates
        )
        node += self.parse_content_to_nodes()
        return [node]


def setup_cv(app: Sphinx) -> None:
    app.add_config_value(
        "vitae_resume", None, "env", types=(str, type(None)),
        description="the JSON Resume of the cv directive, relative to the source folder (None: resume.json looked for)",
    )  # fmt: skip
    app.connect("config-inited", check_config, priority=400)
    app.add_node(
        cv_entry,
        html=(visit_cv_entry_html, depart_cv_entry_html),
        latex=(visit_cv_entry_latex, depart_cv_entry_latex),
    )
    app.add_node(cv_dates, html=(skip, None), latex=(visit_cv_dates_latex, depart_cv_dates_latex))
    app.add_directive("cv", CVDirective)
    app.add_directive("cv-entry", CVEntryDirective)
    app.connect("doctree-resolved", plain_nodes)
    app.add_css_file("vitae-cv.css")  # static/ is on html_static_path already (html.add_static)
