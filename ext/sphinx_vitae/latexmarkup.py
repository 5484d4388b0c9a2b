"""BibTeX field text (LaTeX markup) to styled plain-text spans.

Pure module: no Sphinx, no docutils. A field such as ``{FedALA}: \\emph{Adaptive}
M{\\"u}ller 100\\% Robust`` becomes a tuple of :class:`Span` objects, each a piece of
Unicode text plus the styles it carries (``em``, ``strong``, ``tt``, ``sup``, ``sub``,
``sc``). Accents and symbols are decoded with :mod:`latexcodec` (pybtex's own
dependency); case-protecting braces are dropped; ``$...$`` math keeps its text and
turns ``^``/``_`` into super/subscripts. Unknown commands (``\\input``, ``\\write18``)
are dropped and only their arguments are kept as text, so nothing a field says can
ever reach an output format as markup: the renderer turns spans into plain
docutils text nodes, which every writer escapes.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

STYLE_COMMANDS: dict[str, str] = {
    "emph": "em",
    "textit": "em",
    "textsl": "em",
    "it": "em",
    "em": "em",
    "sl": "em",
    "textbf": "strong",
    "bf": "strong",
    "texttt": "tt",
    "tt": "tt",
    "url": "tt",
    "textsuperscript": "sup",
    "textsubscript": "sub",
    "textsc": "sc",
    "sc": "sc",
}

#: commands whose argument is dropped entirely (they carry no visible text)
DROP_ARG_COMMANDS = frozenset({"label", "cite", "ref", "footnote", "index", "hspace", "vspace"})

#: symbols latexcodec does not know, and math commands common in titles
SYMBOLS: dict[str, str] = {
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "textquotesingle": "'",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "times": "×",
    "cdot": "·",
    "pm": "±",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "neq": "≠",
    "approx": "≈",
    "sim": "∼",
    "infty": "∞",
    "to": "→",
    "rightarrow": "→",
    "leftarrow": "←",
    "Rightarrow": "⇒",
    "in": "∈",
    "star": "⋆",
    "ast": "∗",
    "dagger": "†",
    "ddagger": "‡",
    "circ": "∘",
    "ell": "ℓ",
    "partial": "∂",
    "nabla": "∇",
    "sum": "∑",
    "prod": "∏",
    "log": "log",
    "exp": "exp",
    "mathcal": "",
    "mathbf": "",
    "mathrm": "",
    "mathit": "",
    "mathbb": "",
    "boldsymbol": "",
    "text": "",
    "left": "",
    "right": "",
    ",": " ",
    ";": " ",
    "quad": " ",
    "qquad": " ",
}

GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho "
    "sigma tau upsilon phi chi psi omega"
).split()
for _name, _lower, _upper in zip(GREEK, "αβγδεζηθικλμνξπρστυφχψω", "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΠΡΣΤΥΦΧΨΩ"):
    SYMBOLS.setdefault(_name, _lower)
    SYMBOLS.setdefault(_name.capitalize(), _upper)
SYMBOLS["varepsilon"] = "ε"
SYMBOLS["varphi"] = "φ"
SYMBOLS["vartheta"] = "ϑ"

ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", "\\": " "}
ACCENT_CHARS = "`'^\"~=."
ACCENT_LETTERS = "uvHcdbrkt"

_TOKEN = re.compile(
    r"""
    (?P<cmd>\\[A-Za-z]+\*?)      # a control word
    |(?P<sym>\\[^A-Za-z])        # a control symbol: \& \% \' ...
    |(?P<open>\{)|(?P<close>\})|(?P<math>\$)
    |(?P<sup>[\^_])
    |(?P<text>[^\\{}$\^_]+)
    """,
    re.VERBOSE,
)
# an accent command with its argument, e.g. \"u  \"{u}  {\"u}  \'{\i}  \c c
_ACCENT = re.compile(
    r"\{\\([`'^\"~=.]|[uvHcdbrkt](?![A-Za-z]))\s*(\{\s*\\?[A-Za-z]\s*\}|\\?[A-Za-z])\}"
    r"|\\([`'^\"~=.]|[uvHcdbrkt](?![A-Za-z]))\s*(\{\s*\\?[A-Za-z]\s*\}|\\?[A-Za-z])"
)


class Span(NamedTuple):
    """A run of text with the styles that apply to it."""

    text: str
    styles: frozenset[str] = frozenset()


def _decode_accent(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(3)
    arg = (match.group(2) or match.group(4)).strip("{} ")
    arg = {"\\i": "i", "\\j": "j"}.get(arg, arg)
    try:
        out = codecs.decode(f"\\{accent}{{{arg}}}", "ulatex")
    except Exception:  # pragma: no cover - latexcodec raises on odd input
        return arg
    out = out.strip("{}")
    return out if "\\" not in out else arg


def _decode_text(text: str) -> str:
    """Decode ligatures and quotes (``--``, ``\\`\\```) in a run without commands."""
    if "--" not in text and "`" not in text and "''" not in text and "~" not in text:
        return text  # a lone hyphen or apostrophe stays as it is
    # latexcodec reads % as a comment; a raw % in a .bib field is meant literally
    decoded = "%".join(codecs.decode(part, "ulatex") for part in text.split("%"))
    # latexcodec trims the run; the spaces around it separate it from its neighbours
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + decoded.strip() + trail


def _decode_command(name: str) -> str | None:
    if name in SYMBOLS:
        return SYMBOLS[name]
    try:
        out = codecs.decode("\\" + name, "ulatex").strip()
    except Exception:  # pragma: no cover
        return None
    if out and "\\" not in out:
        return out
    return None


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = [(m.lastgroup or "text", m.group()) for m in _TOKEN.finditer(text)]
        self.pos = 0
        self.out: list[Span] = []

    def emit(self, text: str, styles: frozenset[str]) -> None:
        if not text:
            return
        if self.out and self.out[-1].styles == styles:
            self.out[-1] = Span(self.out[-1].text + text, styles)
        else:
            self.out.append(Span(text, styles))

    def parse(self, styles: frozenset[str], until: str | None = None, math: bool = False) -> None:
        """Consume tokens up to the matching *until* token (``close`` or ``math``)."""
        while self.pos < len(self.tokens):
            kind, value = self.tokens[self.pos]
            self.pos += 1
            if kind == until:
                return
            if kind == "text":
                self.emit(value if math else _decode_text(value), styles)
            elif kind == "sym":
                self.emit(ESCAPED.get(value[1], value[1]), styles)
            elif kind == "open":
                self.parse(styles, "close", math)
            elif kind == "close":
                continue  # unbalanced: ignore the stray brace
            elif kind == "math":
                if math:  # a "$" that does not close the math we are in
                    continue
                self.parse(styles, "math", True)
            elif kind == "sup":
                if not math:
                    self.emit(value, styles)
                    continue
                self.argument(styles | {"sup" if value == "^" else "sub"}, math)
            else:  # control word
                self.skip_space_before_group()
                self.command(value[1:].rstrip("*"), styles, math)

    def skip_space_before_group(self) -> None:
        """``\\emph {x}``: TeX skips the space between a command and its argument."""
        if self.pos + 1 < len(self.tokens):
            kind, value = self.tokens[self.pos]
            if kind == "text" and value.isspace() and self.tokens[self.pos + 1][0] == "open":
                self.pos += 1

    def strip_leading_space(self) -> None:
        if self.pos < len(self.tokens) and self.tokens[self.pos][0] == "text":
            self.tokens[self.pos] = ("text", self.tokens[self.pos][1].lstrip())

    def argument(self, styles: frozenset[str], math: bool) -> None:
        """Parse one argument: a braced group or a single character."""
        while self.pos < len(self.tokens):
            kind, value = self.tokens[self.pos]
            if kind == "text" and value.isspace():
                self.pos += 1
                continue
            break
        if self.pos >= len(self.tokens):
            return
        kind, value = self.tokens[self.pos]
        if kind == "open":
            self.pos += 1
            self.parse(styles, "close", math)
        elif kind == "text":
            self.emit(value[0], styles)
            rest = value[1:]
            if rest:
                self.tokens[self.pos] = ("text", rest)
            else:
                self.pos += 1
        elif kind == "cmd":
            self.pos += 1
            self.command(value[1:], styles, math)
        else:
            self.pos += 1
            if kind == "sym":
                self.emit(ESCAPED.get(value[1], value[1]), styles)

    def _next_is_group(self) -> bool:
        return self.pos < len(self.tokens) and self.tokens[self.pos][0] == "open"

    def command(self, name: str, styles: frozenset[str], math: bool) -> None:
        if name in STYLE_COMMANDS and self._next_is_group():
            self.argument(styles | {STYLE_COMMANDS[name]}, math)
        elif name in STYLE_COMMANDS and name in {"it", "em", "sl", "bf", "tt", "sc"}:
            # declaration form, {\bf text}: applies to the rest of the group
            self.strip_leading_space()
            self.parse(styles | {STYLE_COMMANDS[name]}, "close", math)
            self.pos -= 1  # let the caller see the closing brace
        elif name == "href" and self._next_is_group():
            self.skip_group()
            self.argument(styles, math)
        elif name in DROP_ARG_COMMANDS and self._next_is_group():
            self.skip_group()
        else:
            symbol = _decode_command(name)
            if symbol is not None:
                self.emit(symbol, styles)
            # unknown commands vanish; an argument that follows is read as plain text

    def skip_group(self) -> None:
        depth = 0
        while self.pos < len(self.tokens):
            kind, _ = self.tokens[self.pos]
            self.pos += 1
            if kind == "open":
                depth += 1
            elif kind == "close":
                depth -= 1
                if depth <= 0:
                    return


#: text without these characters has no markup to decode (most names, venues, titles)
_PLAIN = re.compile(r"[\\{}$^_~`]|--|''")


@lru_cache(maxsize=1 << 16)
def parse(text: str) -> tuple[Span, ...]:
    """Turn a BibTeX field value into spans of styled Unicode text.

    Cached: a .bib repeats venues and names many times, and the result is immutable.
    """
    if not text:
        return ()
    if not _PLAIN.search(text):
        plain = " ".join(text.split())
        return (Span(plain),) if plain else ()
    text = _ACCENT.sub(_decode_accent, text)
    parser = _Parser(text)
    parser.parse(frozenset())
    spans = [Span(" ".join(s.text.split()) if not s.text.isspace() else " ", s.styles) for s in parser.out]
    # whitespace collapsing per span loses the spaces between spans: keep them
    fixed: list[Span] = []
    for raw, span in zip(parser.out, spans):
        text_ = span.text
        if raw.text[:1].isspace() and not text_.startswith(" "):
            text_ = " " + text_
        if raw.text[-1:].isspace() and not text_.endswith(" "):
            text_ = text_ + " "
        fixed.append(Span(text_, span.styles))
    for i in range(1, len(fixed)):
        if fixed[i - 1].text.endswith(" ") and fixed[i].text.startswith(" "):
            fixed[i] = Span(fixed[i].text[1:], fixed[i].styles)
    if fixed:
        fixed[0] = Span(fixed[0].text.lstrip(), fixed[0].styles)
        fixed[-1] = Span(fixed[-1].text.rstrip(), fixed[-1].styles)
    return tuple(s for s in fixed if s.text)


def to_text(text: str) -> str:
    """The plain Unicode text of a BibTeX field value."""
    return "".join(span.text for span in parse(text))
