"""BibTeX field text (LaTeX markup and a little inline HTML) to styled plain-text spans.

Pure module: no Sphinx, no docutils. A field such as ``{FedALA}: \\emph{Adaptive}
M{\\"u}ller 100\\% Robust`` becomes a tuple of :class:`Span` objects, each a piece of
Unicode text plus the styles it carries (``em``, ``strong``, ``tt``, ``sup``, ``sub``,
``sc``). Accents and symbols are decoded with :mod:`latexcodec` (pybtex's own
dependency); case-protecting braces are dropped; ``$...$`` math keeps its text and
turns ``^``/``_`` into super/subscripts. Unknown commands (``\\input``, ``\\write18``)
are dropped and only their arguments are kept as text, so nothing a field says can
ever reach an output format as markup: the renderer turns spans into plain
docutils text nodes, which every writer escapes.

What this module owns, beyond the LaTeX subset:

* **The reader is one loop over an explicit stack** of frames (a ``{`` group, a
  ``$`` math run, an HTML element, a command's braced argument); nothing recurses,
  every token is read once, and every closer finds its frame in O(1). So every
  input ends, in time linear in its length, whatever its braces, dollars and tags.
  A declaration (``\\bf``, ``\\em`` ...) changes the styles of the frame it is in,
  until that frame closes (TeX's rule: ``{\\bf a} b`` bolds only *a*).
* **Inline HTML** as al-folio users write it (``<strong>Short Paper</strong>``,
  ``Stretcu<nobr><em>*</em></nobr>``, ``<br/><b>Aim.</b>``): the elements of
  :data:`HTML_STYLES` and ``<br>`` become styles and line breaks, attributes are
  ignored; any other tag, comment or lone ``<`` stays literal text, exactly as written.
  Tags are found by a small tokenizer that follows the HTML5 tag states; the
  standard :class:`html.parser.HTMLParser` is quadratic on unclosed constructs in the
  Python releases we support (CPython gh-135462), and a field is untrusted input.
  An unclosed element ends with its group or the field; a stray end tag is dropped;
  an end tag closes the innermost element of that name in the same ``{}`` group,
  and the elements opened inside it.
* **Character references** (``&amp;``, ``&eacute;``, ``&#233;``, ``&#xE9;``) are
  decoded in every field, with or without tags, because al-folio shows fields as
  HTML and a LaTeX user never means ``&amp;`` literally; only the terminated form
  (with ``;``) counts, so a bare ``&`` (``R&D``, ``AT&T``, ``&copy`` without ``;``)
  stays as written, and ``\\&amp;`` is the way to write the five characters.
  A decoded character is text: ``&lt;b&gt;`` shows ``<b>``, never makes a tag.
* **Control characters** (C0 but tab, newline and carriage return; DEL; C1; and lone
  surrogates, which no UTF-8 writer can encode) are dropped, also when a character
  reference spells one: they break XML, HTML and the LaTeX build. The loader warns
  about them with a line number; here they are only kept out of the output.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
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
for _name, _lower, _upper in zip(GREEK, "αβγδεζηθικλμνξπρστυφχψω", "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΠΡΣΤΥΦΧΨΩ", strict=True):
    SYMBOLS.setdefault(_name, _lower)
    SYMBOLS.setdefault(_name.capitalize(), _upper)
SYMBOLS["varepsilon"] = "ε"
SYMBOLS["varphi"] = "φ"
SYMBOLS["vartheta"] = "ϑ"

#: the style commands that are also declarations: ``{\bf text}`` styles the rest of its group
DECLARATIONS = frozenset({"it", "em", "sl", "bf", "tt", "sc"})

#: the inline HTML elements a field may use, and the style each gives its content ("" for none);
#: ``br`` is a line break, the only void element read
HTML_STYLES: dict[str, str] = {
    "b": "strong",
    "strong": "strong",
    "i": "em",
    "em": "em",
    "sup": "sup",
    "sub": "sub",
    "nobr": "",
    "span": "",
}

ESCAPED = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ", "\\": " "}
ACCENT_CHARS = "`'^\"~=."
ACCENT_LETTERS = "uvHcdbrkt"


class Span(NamedTuple):
    """A run of text with the styles that apply to it."""

    text: str
    styles: frozenset[str] = frozenset()


#: what ``<br>`` becomes: a span of its own, kept through whitespace collapsing
LINE_BREAK = Span("\n", frozenset({"br"}))

_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]+")

#: text without these has no markup to decode (most names, venues, titles; ``<a href>`` and ``&`` in URLs):
#: a superset of what changes the text; the tag names are those of :data:`HTML_STYLES` and ``br``
_MARKUP = re.compile(
    rf"[\\{{}}$^_~`{_CONTROL_CLASS}]|--|''|&(?:\#|[A-Za-z][A-Za-z0-9]*;)"
    r"|</?(?i:b|strong|i|em|sup|sub|br|nobr|span)(?:[\t\n\f\r />]|$)"
)

_ACCENT_CMD = r"[`'^\"~=.]|[uvHcdbrkth](?![A-Za-z])"
# a letter, or the dotless \i and \j (a whole control word: the \e of \ecirc is no base)
_LETTER = r"\\[ij](?![A-Za-z])|[A-Za-z]"
_ACCENT_BASE = rf"\{{\s*(?:{_LETTER})\s*\}}|{_LETTER}"
# one accent may sit inside another, as Vietnamese writes them: Tr\`{\^a}n (Trần)
_ACCENT_ARG = rf"\{{\s*\\(?:{_ACCENT_CMD})\s*(?:{_ACCENT_BASE})\s*\}}|{_ACCENT_BASE}"
_TOKEN = re.compile(
    # an accent command with its argument, e.g. \"u  \"{u}  {\"u}  \'{\i}  \c c
    rf"(?P<accent>\{{\\(?P<acc1>{_ACCENT_CMD})\s*(?P<arg1>{_ACCENT_ARG})\}}"
    rf"|\\(?P<acc2>{_ACCENT_CMD})\s*(?P<arg2>{_ACCENT_ARG}))"
    r"|(?P<cmd>\\[A-Za-z]+\*?)"  # a control word
    r"|(?P<sym>\\[^A-Za-z])"  # a control symbol: \& \% \' ...
    r"|(?P<open>\{)|(?P<close>\})|(?P<math>\$)"
    r"|(?P<sup>[\^_])"
    # a terminated character reference; the digit limits keep int() away from huge numbers
    r"|(?P<ref>&(?:\#[0-9]{1,8}|\#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});)"
    r"|(?P<text>[^\\{}$\^_<&]+|&)"
    r"|(?P<drop>\\)",  # a backslash that ends the field
)

# HTML5 tokenizer states, as far as they decide where a tag ends (https://html.spec.whatwg.org/#tokenization)
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)")
_BEFORE_ATTR = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />=]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")


def _tag_end(text: str, i: int) -> int:
    """Where the tag whose name ends at *i* ends (after its ``>``), or -1 if it runs to the end.

    Attributes are skipped, not kept: only where the tag stops matters (a quoted
    value may hold a ``>``). Every step moves forward, so the scan is linear.
    """
    n = len(text)

    def past(pattern: re.Pattern[str], at: int) -> int:
        match = pattern.match(text, at)
        assert match is not None  # each of these patterns also matches the empty string
        return match.end()

    while True:
        i = past(_BEFORE_ATTR, i)
        if i >= n:
            return -1
        if text[i] == ">":
            return i + 1
        i = past(_SPACE, past(_ATTR_NAME, i + 1))  # a name may begin with "="
        if i >= n:
            return -1
        if text[i] != "=":
            continue  # "/", ">" or the next attribute's name
        i = past(_SPACE, i + 1)
        if i >= n:
            return -1
        quote = text[i]
        if quote in "\"'":
            i = text.find(quote, i + 1)
            if i < 0:
                return -1
            i += 1
        elif quote == ">":
            return i + 1
        else:
            i = past(_UNQUOTED, i)


def _markup_end(text: str, i: int) -> int:
    """Where a comment or bogus comment (``<!-- -->``, ``<!x>``, ``<?x>``, ``</ x>``) at *i* ends, or -1."""
    if text.startswith("<!--", i):
        for closer in (">", "->"):  # HTML5's abrupt ends, <!--> and <!--->
            if text.startswith(closer, i + 4):
                return i + 4 + len(closer)
        end = text.find("-->", i + 4)
        return end + 3 if end >= 0 else -1
    end = text.find(">", i + 2)
    return end + 1 if end >= 0 else -1


#: TeX's accent commands as Unicode combining marks (``\\h``, hook above, is the vietnam package's)
COMBINING = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306",
    ".": "\u0307", '"': "\u0308", "h": "\u0309", "r": "\u030a", "H": "\u030b", "v": "\u030c",
    "d": "\u0323", "c": "\u0327", "k": "\u0328", "b": "\u0331", "t": "\u0361",
}  # fmt: skip
_ACCENT_PARTS = re.compile(rf"\\({_ACCENT_CMD})|\\?([A-Za-z])")


def _decode_accent(match: re.Match[str]) -> str:
    """An accented letter: the base letter, then each accent's combining mark from the inside
    out, composed (NFC) — so any accent Unicode can put on any letter decodes, stacked ones too."""
    accents: list[str] = []
    base = ""
    for part in _ACCENT_PARTS.finditer(match.group()):
        if part.group(1):
            accents.append(part.group(1))
        else:
            base = part.group(2)  # \i and \j are the dotless i and j an accent sits on
    return unicodedata.normalize("NFC", base + "".join(COMBINING[a] for a in reversed(accents)))


def _decode_text(text: str) -> str:
    """Decode ligatures and quotes (``--``, ``\\`\\```) in a run without commands."""
    if "--" not in text and "`" not in text and "''" not in text and "~" not in text:
        return text  # a lone hyphen or apostrophe stays as it is
    try:
        # latexcodec reads % as a comment; a raw % in a .bib field is meant literally
        decoded = "%".join(_ulatex(part) for part in text.split("%"))
    except Exception:  # pragma: no cover - latexcodec raises on odd input; text is text
        return text
    # latexcodec trims the run; the spaces around it separate it from its neighbours
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + decoded.strip() + trail


def _ulatex(text: str) -> str:
    """latexcodec's decoder (registered as the "ulatex" codec) on text."""
    return str(codecs.decode(text, "ulatex"))  # type: ignore[call-overload]  # a text codec typeshed does not know


@lru_cache(maxsize=1024)
def _decode_command(name: str) -> str | None:
    if name in SYMBOLS:
        return SYMBOLS[name]
    try:
        out = _ulatex("\\" + name).strip()
    except Exception:  # pragma: no cover - parse() must never raise
        return None
    if out and "\\" not in out:
        return out
    return None


def _decode_reference(ref: str) -> str:
    # html.unescape applies HTML5's rules (&#0; and surrogates to U+FFFD, &#x80; to "€"); an unknown name stays
    return _CONTROL.sub("", html.unescape(ref))


Token = tuple[str, str]


class _Lexer:
    """Tokens of a field, read on demand: whether ``<`` may open a tag depends on the reader's mode."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.back: list[Token] = []
        # an unclosed tag or comment runs to the end of the field (HTML5): no "<" after it opens one
        self.no_more_tags = "<" not in text

    def next(self, math: bool) -> Token | None:
        if self.back:
            return self.back.pop()
        text, pos = self.text, self.pos
        if pos >= len(text):
            return None
        if text[pos] == "<":
            return self._angle(math)
        match = _TOKEN.match(text, pos)
        assert match is not None  # the alternatives cover every character
        self.pos = match.end()
        kind = match.lastgroup or "text"
        # decoded characters are "raw": shown as they are, never read as ligatures (&#45;&#45; is "--")
        if kind == "accent":
            return ("raw", _decode_accent(match))
        if kind == "ref":
            return ("raw", _decode_reference(match.group()))
        return (kind, match.group())

    def push_back(self, token: Token) -> None:
        self.back.append(token)

    def peek(self, math: bool) -> Token | None:
        token = self.next(math)
        if token is not None:
            self.back.append(token)
        return token

    def _angle(self, math: bool) -> Token:
        """A tag (``("tag", "b")``, ``("tag", "/b")``), the literal text of one we do not read, or ``<``."""
        text, pos = self.text, self.pos
        end = -1
        tag = None
        if not (math or self.no_more_tags):  # "<" in math is "less than"
            tag = _TAG_OPEN.match(text, pos)
            if tag:
                end = _tag_end(text, tag.end())
            elif text.startswith(("<!", "<?"), pos) or (text.startswith("</", pos) and pos + 2 < len(text)):
                end = _markup_end(text, pos)
            else:
                end = pos + 1  # "p < 0.05": a lone "<"
            if end < 0:
                self.no_more_tags = True
        if end < 0:
            self.pos = pos + 1
            return ("raw", "<")
        self.pos = end
        if tag:
            name = tag.group(2).lower()
            if name in HTML_STYLES or name == "br":
                return ("tag", tag.group(1) + name)
        return ("raw", text[pos:end])


class _Frame:
    """One open construct; ``brace``, ``math_at`` and ``tags`` let every closer find its frame in O(1)."""

    __slots__ = ("brace", "math", "math_at", "styles", "tags")

    def __init__(self, styles: frozenset[str], math: bool, brace: int, math_at: int, tags: dict[str, int]) -> None:
        self.styles = styles  #: changed in place by a declaration
        self.math = math
        self.brace = brace  #: stack index of the group a "}" would close here, -1 for none
        self.math_at = math_at  #: stack index of the math frame a "$" would close, -1 for none
        self.tags = tags  #: element name -> stack index of the innermost open one in this group


class _Reader:
    """The iterative reader: one loop, one explicit stack of :class:`_Frame`."""

    def __init__(self, text: str) -> None:
        self.lexer = _Lexer(text)
        self.stack = [_Frame(frozenset(), False, -1, -1, {})]
        self.out: list[Span] = []
        self.pieces: list[str] = []  # text of the span being built, joined once (no quadratic concatenation)
        self.styles: frozenset[str] = frozenset()

    # output
    def emit(self, text: str, styles: frozenset[str]) -> None:
        if not text:
            return
        if styles != self.styles:
            self.flush()
            self.styles = styles
        self.pieces.append(text)

    def line_break(self) -> None:
        self.flush()
        self.out.append(LINE_BREAK)

    def flush(self) -> None:
        if self.pieces:
            self.out.append(Span("".join(self.pieces), self.styles))
            self.pieces = []

    # frames
    def open_group(self, styles: frozenset[str]) -> None:
        top = self.stack[-1]
        self.stack.append(_Frame(styles, top.math, len(self.stack), top.math_at, {}))

    def open_math(self) -> None:
        top = self.stack[-1]
        self.stack.append(_Frame(top.styles, True, -1, len(self.stack), {}))

    def open_element(self, name: str) -> None:
        top = self.stack[-1]
        style = HTML_STYLES[name]
        styles = top.styles | {style} if style else top.styles
        self.stack.append(_Frame(styles, top.math, top.brace, top.math_at, {**top.tags, name: len(self.stack)}))

    def close_at(self, index: int) -> None:
        """Close the frame at *index* and every frame opened inside it."""
        if index > 0:  # the field itself (index 0) never closes
            del self.stack[index:]

    # the loop
    def run(self) -> list[Span]:
        lexer = self.lexer
        while True:
            frame = self.stack[-1]
            token = lexer.next(frame.math)
            if token is None:
                break
            kind, value = token
            if kind == "text":
                self.emit(value if frame.math else _decode_text(value), frame.styles)
            elif kind == "raw":
                self.emit(value, frame.styles)
            elif kind == "sym":
                self.emit(ESCAPED.get(value[1], value[1]), frame.styles)
            elif kind == "open":
                self.open_group(frame.styles)
            elif kind == "close":
                self.close_at(frame.brace)  # a stray "}" closes nothing
            elif kind == "math":
                if frame.math:
                    self.close_at(frame.math_at)  # also the groups left open inside the math
                else:
                    self.open_math()
            elif kind == "sup":
                if frame.math:
                    self.argument(frame.styles | {"sup" if value == "^" else "sub"}, True)
                else:
                    self.emit(value, frame.styles)
            elif kind == "tag":
                self.tag(value, frame)
            elif kind == "cmd":
                self.skip_space_before_group(frame.math)
                self.command(value[1:].rstrip("*"), frame)
            # "drop": a lone backslash at the end says nothing
        self.flush()
        return self.out

    def tag(self, value: str, frame: _Frame) -> None:
        name = value.lstrip("/")
        if name == "br":  # HTML5 reads </br> as <br>
            self.line_break()
        elif value.startswith("/"):
            index = frame.tags.get(name)
            if index is not None:  # a stray end tag is dropped
                self.close_at(index)
        else:
            self.open_element(name)

    def command(self, name: str, frame: _Frame) -> None:
        math = frame.math
        if name in DECLARATIONS and not self.next_is_group(math):
            # {\bf text}: the rest of the frame, up to its "}", "$", end tag or the end of the field
            frame.styles = frame.styles | {STYLE_COMMANDS[name]}
            self.strip_leading_space(math)
        elif name in STYLE_COMMANDS or name == "href":
            self.argument(frame.styles, math, name)
        elif name in DROP_ARG_COMMANDS and self.next_is_group(math):
            self.skip_group(math)
        else:
            symbol = _decode_command(name)
            if symbol is not None:
                self.emit(symbol, frame.styles)
            # unknown commands vanish; an argument that follows is read as plain text

    def argument(self, styles: frozenset[str], math: bool, command: str | None = None) -> None:
        """Read one argument: a braced group (opened as a frame), or a single character.

        *command* is a style command or ``\\href`` that takes it; one that stands in the
        argument (``^\\textbf{x}``, ``\\emph\\textbf x``) adds its style and the loop reads on,
        so nested commands never recurse.
        """
        lexer = self.lexer
        while True:
            if command in STYLE_COMMANDS:
                styles = styles | {STYLE_COMMANDS[command]}
            elif command == "href":
                if self.next_is_group(math):
                    self.skip_group(math)  # the URL; the text follows
            elif command is not None:
                symbol = _decode_command(command)
                if symbol is not None:
                    self.emit(symbol, styles)
                return
            command = None
            token = lexer.next(math)
            while token is not None and token[0] == "text" and not token[1].strip():
                token = lexer.next(math)  # TeX skips the spaces before an argument
            if token is None:
                return
            kind, value = token
            if kind == "open":
                self.open_group(styles)
            elif kind == "text":
                value = value.lstrip()
                self.emit(value[0], styles)
                if value[1:]:
                    lexer.push_back(("text", value[1:]))
            elif kind == "sym":
                self.emit(ESCAPED.get(value[1], value[1]), styles)
            elif kind == "raw":  # an accented letter, a character reference, a tag shown as text
                self.emit(value, styles)
            elif kind == "cmd":
                name = value[1:].rstrip("*")
                if self.next_is_group(math) and name in DROP_ARG_COMMANDS:
                    self.skip_group(math)
                elif name not in DECLARATIONS or self.next_is_group(math):
                    command = name  # ^\textbf{x}, \emph\textbf x, ^\dagger: read on with its style
                    continue
                # a declaration in argument position has nothing left to style
            elif kind != "drop":
                lexer.push_back(token)  # "}", "$", "^", a tag: not an argument, the loop reads it
            return

    def next_is_group(self, math: bool) -> bool:
        token = self.lexer.peek(math)
        return token is not None and token[0] == "open"

    def skip_space_before_group(self, math: bool) -> None:
        """``\\emph {x}``: TeX skips the space between a command and its argument."""
        token = self.lexer.next(math)
        if token is None:
            return
        if token[0] == "text" and token[1].isspace() and self.next_is_group(math):
            return
        self.lexer.push_back(token)

    def strip_leading_space(self, math: bool) -> None:
        token = self.lexer.next(math)
        if token is None:
            return
        if token[0] == "text":
            token = ("text", token[1].lstrip())
            if not token[1]:
                return
        self.lexer.push_back(token)

    def skip_group(self, math: bool) -> None:
        """Skip the braced group that comes next (an URL, a label), up to its matching brace."""
        depth = 0
        while True:
            token = self.lexer.next(math)
            if token is None:
                return
            if token[0] == "open":
                depth += 1
            elif token[0] == "close":
                depth -= 1
                if depth <= 0:
                    return


def tidy(raw: list[Span]) -> tuple[Span, ...]:
    """Collapse whitespace across spans as HTML would, keeping line breaks; trim the ends.

    A run of whitespace becomes one space, kept in the span where it starts; the spaces
    around a line break go (the break separates enough); breaks at either end go.
    """
    runs: list[tuple[frozenset[str] | None, list[str]]] = []  # (styles, pieces); None styles: a line break
    space_before = True  # at the start, after a space or a line break: a space here is dropped
    for span in raw:
        if span is LINE_BREAK:
            _trim_trailing_space(runs)
            if runs:
                runs.append((None, []))
            space_before = True
            continue
        text = span.text
        if text.isspace():
            text = " "
        else:
            lead = " " if text[:1].isspace() else ""
            trail = " " if text[-1:].isspace() else ""
            text = lead + " ".join(text.split()) + trail
        if space_before and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        space_before = text.endswith(" ")
        if runs and runs[-1][0] == span.styles:
            runs[-1][1].append(text)  # neighbours once split by a span that collapsed away
        else:
            runs.append((span.styles, [text]))
    while runs and runs[-1][0] is None:
        runs.pop()
    _trim_trailing_space(runs)
    return tuple(LINE_BREAK if styles is None else Span("".join(pieces), styles) for styles, pieces in runs)


def _trim_trailing_space(runs: list[tuple[frozenset[str] | None, list[str]]]) -> None:
    # only the last piece can end in a space: a space after a space was never kept
    if runs and runs[-1][0] is not None:
        pieces = runs[-1][1]
        pieces[-1] = pieces[-1].rstrip(" ")
        if not pieces[-1]:
            pieces.pop()
            if not pieces:
                runs.pop()


@lru_cache(maxsize=1 << 16)
def parse(text: str) -> tuple[Span, ...]:
    """Turn a BibTeX field value into spans of styled Unicode text.

    Cached: a .bib repeats venues and names many times, and the result is immutable.
    """
    if not text or not _MARKUP.search(text):
        plain = " ".join(text.split())
        return (Span(plain),) if plain else ()
    text = _CONTROL.sub("", text)
    return tidy(_Reader(text).run())


def to_text(text: str) -> str:
    """The plain Unicode text of a BibTeX field value; a line break reads as one space."""
    out: list[str] = []
    for span in parse(text):
        if "br" in span.styles:
            if out and out[-1] != " ":
                out.append(" ")
        else:
            out.append(span.text)
    return "".join(out)
