"""The owner's profile on the web: a card for the home page and the sidebar, from ``vitae_profile``.

* ``.. profile::`` puts the card on a page: photo, name, position, affiliation, e-mail and
  links with icons (:mod:`.icons`). The name is left out when the section the card sits in
  is titled with it (the home page's title), so it is never printed twice in a row.
* The same card, compact, is in the sidebar: ``vitae-profile.html`` (a template shipped
  here, on ``templates_path``). With furo, or any theme, whose sidebars the project left at
  the theme's own, it is put after the brand (furo) or first; a project that sets
  ``html_sidebars`` lists ``vitae-profile.html`` where it wants it. The page that holds a
  card has no sidebar copy, and the sidebar's card leaves out a name the site's title says.
* The e-mail address is not in the HTML as an address: it reads "ada [at] example [dot] org"
  and a tiny script (``vitae-profile.js``) makes it a working ``mailto:`` link.
* The photo and the CV PDF (``photo`` and ``cv_pdf``: files relative to conf.py's folder)
  are copied to the output; a missing photo is a warning, a missing PDF only means the
  "CV (PDF)" link is left out (it is made by ``make latexpdf``, often after the site).
* In print the card is the CV's head (:mod:`.latex`): with ``vitae_latex_cv`` the directive
  prints nothing; in any other non-HTML output it is plain paragraphs.

Every profile value is escaped for HTML here; none of it comes from BibTeX.
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from .config import setting_location
from .icons import Service, printed_url, service_of, svg

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates" / "html"
SIDEBAR = "vitae-profile.html"
#: where the photo goes in the HTML output
PHOTO_DIR = "_static/vitae-profile"
#: the photo's name in the LaTeX output
LATEX_PHOTO = "vitae-photo"
#: what LaTeX's graphicx can include under every engine
LATEX_IMAGES = (".png", ".jpg", ".jpeg", ".pdf")


class profile_card(nodes.General, nodes.Element):
    """Where ``.. profile::`` puts the card; its HTML (``html``) is written for each page."""


class Link(NamedTuple):
    label: str  #: what a screen reader says, and what the card shows
    url: str
    service: Service


# -- the files ------------------------------------------------------------------------------------
def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def local_file(app: Sphinx, value: str) -> Path | None:
    """*value* (a ``photo`` or ``cv_pdf``) as a file relative to conf.py's folder, if it is one."""
    path = Path(app.confdir or app.srcdir) / value
    return path if not is_url(value) and path.is_file() else None


def check_files(app: Sphinx, config: Config) -> None:
    """On ``config-inited`` (after the values are validated): the photo must exist; a CV PDF that
    does not (yet) is left out. What is left names files that exist (or the PDF's URL)."""
    profile = dict(config.vitae_profile)
    photo = profile.get("photo")
    if photo is not None and local_file(app, photo) is None:
        logger.warning(
            f"vitae_profile['photo'] names no file: {photo!r} (a path relative to the folder of conf.py); "
            "the profile is shown without a photo",
            type="vitae",
            subtype="config",
            location=setting_location(app, config, "vitae_profile"),
        )
        del profile["photo"]
    pdf = profile.get("cv_pdf")
    if pdf is not None and not is_url(pdf) and local_file(app, pdf) is None:
        logger.info(f"vitae_profile['cv_pdf'] {pdf!r} is not there (yet: make latexpdf makes it); no CV (PDF) link")
        del profile["cv_pdf"]
    if profile != config.vitae_profile:
        config.vitae_profile = profile


def photo_name(config: Config) -> str:
    """The photo's file name ('' for none): in the HTML output under :data:`PHOTO_DIR`."""
    photo = config.vitae_profile.get("photo")
    return Path(photo).name if photo else ""


def cv_pdf_target(config: Config) -> str:
    """Where the "CV (PDF)" link goes: its URL, or the file's name in the site's root ('' for none)."""
    value = config.vitae_profile.get("cv_pdf", "")
    return value if is_url(value) else Path(value).name if value else ""


def copy_files(app: Sphinx, exception: BaseException | None) -> None:
    """On ``build-finished``: the photo (and the CV PDF) into the output, where the pages link them."""
    if exception is not None or app.builder is None:
        return
    profile = app.config.vitae_profile
    photo = local_file(app, profile["photo"]) if profile.get("photo") else None
    out = Path(app.outdir)
    if app.builder.format == "html":
        if photo is not None:
            (out / PHOTO_DIR).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(photo, out / PHOTO_DIR / photo.name)
        pdf = local_file(app, profile["cv_pdf"]) if profile.get("cv_pdf") else None
        if pdf is not None:
            shutil.copyfile(pdf, out / pdf.name)
    elif app.builder.name == "latex" and photo is not None and photo.suffix.lower() in LATEX_IMAGES:
        shutil.copyfile(photo, out / (LATEX_PHOTO + photo.suffix.lower()))


def latex_photo(config: Config) -> str | None:
    """The photo's file name in the LaTeX output (None: no photo LaTeX can include)."""
    suffix = Path(photo_name(config)).suffix.lower()
    return LATEX_PHOTO + suffix if suffix in LATEX_IMAGES else None


# -- the card -------------------------------------------------------------------------------------
def profile_links(profile: dict[str, Any], cv_href: str = "") -> list[Link]:
    """The card's links, in order: the e-mail, the ``links`` as written, the CV PDF."""
    found = []
    for label, url in dict(profile.get("links", {})).items():
        found.append(Link(str(label), str(url), service_of(str(url), str(label))))
    if cv_href:
        found.append(Link("CV (PDF)", cv_href, service_of("cv.pdf", "cv")))
    return found


def obfuscated(address: str) -> str:
    """``ada@example.org`` as a person reads it and a harvester does not: "ada [at] example [dot] org"."""
    user, _, domain = address.rpartition("@")
    return f"{user} [at] {domain.replace('.', ' [dot] ')}"


def email_html(address: str, compact: bool) -> str:
    """The e-mail as an element the script turns into a ``mailto:`` link; readable without it."""
    text = escape(obfuscated(address))
    label = f'<span class="{"vitae-sr-only" if compact else "vitae-link-text"}">{text}</span>'
    return (
        f'<a class="vitae-link vitae-link-email vitae-email" data-vitae-email="{text}" title="{text}">'
        f"{svg('email')}{label}</a>"
    )


def link_html(link: Link, compact: bool) -> str:
    label = escape(link.label)
    text = f'<span class="vitae-sr-only">{label}</span>' if compact else f'<span class="vitae-link-text">{label}</span>'
    rel = "" if link.service.slug == "pdf" else ' rel="me noopener"'
    return (
        f'<a class="vitae-link vitae-link-{link.service.slug}" href="{escape(link.url)}"{rel} '
        f'title="{label}">{svg(link.service.slug)}{text}</a>'
    )


def card_html(profile: dict[str, Any], photo_src: str = "", cv_href: str = "", *, compact: bool = False,
              show_name: bool = True) -> str:  # fmt: skip
    """The card's HTML: the page's (*compact* False) or the sidebar's (icons only)."""
    name = escape(str(profile.get("name", "")))
    kind = "vitae-profile-sidebar" if compact else "vitae-profile-card"
    out = [f'<div class="vitae-profile {kind}">']
    if photo_src:
        alt = f"Photo of {name}" if name else "Photo"
        out.append(f'<img class="vitae-profile-photo" src="{escape(photo_src)}" alt="{alt}" />')
    out.append('<div class="vitae-profile-text">')
    if name and show_name:
        out.append(f'<p class="vitae-profile-name">{name}</p>')
    for key in ("position", "affiliation"):
        if profile.get(key):
            out.append(f'<p class="vitae-profile-{key}">{escape(str(profile[key]))}</p>')
    items = [email_html(str(profile["email"]), compact)] if profile.get("email") else []
    items += [link_html(link, compact) for link in profile_links(profile, cv_href)]
    if items:
        label = "Contact and profiles"
        out.append(f'<ul class="vitae-profile-links" aria-label="{label}">')
        out += [f"<li>{item}</li>" for item in items]
        out.append("</ul>")
    out.append("</div></div>")
    return "\n".join(out) + "\n"


def _urls(config: Config, fromuri: str) -> tuple[str, str]:
    """The photo's and the CV PDF's address as seen from the page at *fromuri*."""
    photo = photo_name(config)
    target = cv_pdf_target(config)
    photo_src = relative_uri(fromuri, f"{PHOTO_DIR}/{photo}") if photo else ""
    cv_href = target if not target or is_url(target) else relative_uri(fromuri, target)
    return photo_src, cv_href


# -- the directive and its output -------------------------------------------------------------
class ProfileDirective(SphinxDirective):
    """``.. profile::``: the owner's card (from ``vitae_profile``) on this page."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        if not self.config.vitae_profile:
            logger.warning(
                "the profile directive shows vitae_profile, which is empty: set it in conf.py",
                type="vitae",
                subtype="config",
                location=self.get_location(),
            )
            return []
        node = profile_card()
        self.set_source_info(node)
        return [node]


def _titled_with_name(node: nodes.Element, name: str) -> bool:
    section = node.parent
    while section is not None and not isinstance(section, nodes.section):
        section = section.parent
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return False
    return section[0].astext().strip() == name.strip()


class RenderProfile(SphinxPostTransform):
    """Each card, for the builder at hand: HTML for the page; the CV's head already says it
    in a CV; plain paragraphs in any other output."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        from .domain import get_domain

        builder = get_domain(self.env).builder
        profile = self.config.vitae_profile
        for node in list(self.document.findall(profile_card)):
            show_name = not _titled_with_name(node, str(profile.get("name", "")))
            if builder is not None and builder.format == "html":
                photo_src, cv_href = _urls(self.config, builder.get_target_uri(self.env.docname))
                node["html"] = card_html(profile, photo_src, cv_href, show_name=show_name)
            elif builder is not None and builder.name == "latex" and self.config.vitae_latex_cv:
                node.parent.remove(node)
            else:
                node.replace_self(plain_card(profile, show_name))


def plain_card(profile: dict[str, Any], show_name: bool = True) -> list[nodes.Node]:
    """The card as standard nodes: lines of text, the links with their addresses readable."""
    lines: list[nodes.Node] = []
    if show_name and profile.get("name"):
        lines.append(nodes.strong(profile["name"], profile["name"]))
    lines += [nodes.Text(str(profile[key])) for key in ("position", "affiliation") if profile.get(key)]
    links = [Link("Email", "mailto:" + profile["email"], service_of("mailto:"))] if profile.get("email") else []
    links += profile_links(profile)
    for link in links:
        shown = printed_url(link.url)
        lines.append(nodes.reference(shown, shown, refuri=link.url))
    if not lines:
        return []
    return [nodes.line_block("", *(nodes.line("", "", line) for line in lines), classes=["vitae-profile"])]


def visit_card(self: Any, node: profile_card) -> None:
    self.body.append(node.get("html", ""))
    raise nodes.SkipNode


def skip_card(self: Any, node: profile_card) -> None:
    raise nodes.SkipNode


# -- the sidebar --------------------------------------------------------------------------------
def add_templates(app: Sphinx, config: Config) -> None:
    """On ``config-inited`` (see html.add_static): the sidebar template can be found."""
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def sidebar_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """On ``html-page-context``: the sidebar card, and its place among the theme's sidebars."""
    profile = app.config.vitae_profile
    if not profile.get("name"):
        return
    if doctree is not None and next(iter(doctree.findall(profile_card)), None) is not None:
        return  # the page shows the card itself
    photo_src, cv_href = _urls(app.config, app.builder.get_target_uri(pagename))
    # the theme's brand above it may say the name already (furo: the site's title)
    named = str(profile["name"]).strip() == str(context.get("docstitle") or "").strip()
    context["vitae_profile_sidebar"] = card_html(profile, photo_src, cv_href, compact=True, show_name=not named)
    sidebars = context.get("sidebars")
    if app.config.html_sidebars or not isinstance(sidebars, list) or SIDEBAR in sidebars:
        return  # the project chose its sidebars: it lists vitae-profile.html where it wants it
    after = next((i + 1 for i, name in enumerate(sidebars) if name in ("sidebar/brand.html", "about.html")), 0)
    context["sidebars"] = [*sidebars[:after], SIDEBAR, *sidebars[after:]]


def setup_profile(app: Sphinx) -> None:
    others: dict[str, Any] = {name: (skip_card, None) for name in ("latex", "text", "man", "texinfo")}
    app.add_node(profile_card, html=(visit_card, None), **others)
    app.add_directive("profile", ProfileDirective)
    app.add_post_transform(RenderProfile)
    app.connect("config-inited", check_files, priority=450)  # after the values are validated (400)
    app.connect("config-inited", add_templates)
    app.connect("html-page-context", sidebar_context)
    app.connect("build-finished", copy_files)
    app.add_css_file("vitae-profile.css")
    app.add_js_file("vitae-profile.js", loading_method="defer")
