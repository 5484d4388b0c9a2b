"""al-folio's Markdown fields to styled spans. Pure module.

al-folio runs ``award`` and ``additional_info`` through Jekyll's ``markdownify``, so its users
write ``**Nobel Prize** *for his services*`` or ``more [here](https://...)`` in them. A field
that holds Markdown is read by markdown-it-py (the parser MyST uses) with only inline
emphasis, code and links on; each run of text between its marks is still BibTeX text, read by
:mod:`.latexmarkup` (accents, braces, inline HTML). A link becomes a style ``href=<url>`` on
its spans, its target checked by :func:`.records.safe_url`; the renderer makes it a reference.
A field without Markdown marks is read by :mod:`.latexmarkup` alone, as every other field.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from .latexmarkup import Span, parse, tidy

#: the marks of inline Markdown: **strong**, *em* or _em_ around a word, `code`, [text](url)
_MARKDOWN = re.compile(r"\*\*\S|\*\S[^*]*\*|(?<!\w)_\S[^_]*_(?!\w)|`[^`]+`|\[[^\]]+\]\([^)]+\)")
_STYLES = {"strong_open": "strong", "em_open": "em"}

HREF = "href="  #: the style prefix of a link's spans


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # no escapes (they would eat TeX's \{ and \%), no HTML (latexmarkup reads the allowed tags)
    return MarkdownIt("zero").enable(["emphasis", "link", "backticks", "newline"])


@lru_cache(maxsize=4096)
def parse_markdown(text: str) -> tuple[Span, ...]:
    """Spans of a field al-folio reads as Markdown (``award``, ``additional_info``)."""
    from .records import safe_url

    if not _MARKDOWN.search(text):
        return parse(text)
    tokens = _parser().parseInline(text)[0].children or []
    out: list[Span] = []
    styles: list[str] = []
    for token in tokens:
        if token.type in _STYLES:
            styles.append(_STYLES[token.type])
        elif token.type == "link_open":
            url = safe_url(str(token.attrs.get("href", "")))
            styles.append(HREF + url if url else "")  # an unsafe target: its text, unlinked
        elif token.type.endswith("_close") and styles:
            styles.pop()
        elif token.type == "code_inline":
            out.append(Span(token.content, frozenset({"tt", *filter(None, styles)})))
        elif token.type in {"softbreak", "hardbreak"}:
            out.append(Span(" ", frozenset()))
        elif token.type == "text" and token.content:
            extra = frozenset(filter(None, styles))
            # parse() trims a field's ends; between Markdown marks the spaces separate words (tidy()
            # then collapses them across spans, as for any field)
            if token.content[:1].isspace():
                out.append(Span(" ", frozenset()))
            out += [Span(span.text, span.styles | extra) for span in parse(token.content)]
            if token.content[-1:].isspace() and token.content.strip():
                out.append(Span(" ", frozenset()))
    return tidy(out)
