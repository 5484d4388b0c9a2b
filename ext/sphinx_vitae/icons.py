"""The link icons of the profile: which service a URL is, and its inline SVG (pure).

The brand paths are from Simple Icons (https://github.com/simple-icons/simple-icons,
``icons/<name>.svg``), released under CC0 1.0; the e-mail, document and link icons are
drawn here. Each icon is a 24x24 ``<svg>`` in ``currentColor``, hidden from screen
readers: the link's text label names it.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit


class Service(NamedTuple):
    name: str  #: the service as a reader knows it ("Google Scholar"): the default label
    slug: str  #: the CSS class suffix and icon name


_BRANDS = {
    "github": "M12 .297c-6.63 0-12 5.373-12 12 0 5.303 3.438 9.8 8.205 11.385.6.113.82-.258.82-.577 0-.285-.01-1.04-.015-2.04-3.338.724-4.042-1.61-4.042-1.61C4.422 18.07 3.633 17.7 3.633 17.7c-1.087-.744.084-.729.084-.729 1.205.084 1.838 1.236 1.838 1.236 1.07 1.835 2.809 1.305 3.495.998.108-.776.417-1.305.76-1.605-2.665-.3-5.466-1.332-5.466-5.93 0-1.31.465-2.38 1.235-3.22-.135-.303-.54-1.523.105-3.176 0 0 1.005-.322 3.3 1.23.96-.267 1.98-.399 3-.405 1.02.006 2.04.138 3 .405 2.28-1.552 3.285-1.23 3.285-1.23.645 1.653.24 2.873.12 3.176.765.84 1.23 1.91 1.23 3.22 0 4.61-2.805 5.625-5.475 5.92.42.36.81 1.096.81 2.22 0 1.606-.015 2.896-.015 3.286 0 .315.21.69.825.57C20.565 22.092 24 17.592 24 12.297c0-6.627-5.373-12-12-12",
    "googlescholar": "M10.93 2.045c-.547.366-3.22 2.14-5.938 3.945C2.272 7.794.05 9.286.05 9.304c0 .019.136.11.305.2.167.096 2.85 1.583 5.965 3.31l5.656 3.143.144-.074c.082-.04 2.169-1.232 4.642-2.642l4.493-2.568.027 7.947h2.668V9.319l-3.46-2.32c-4.664-3.124-8.392-5.586-8.484-5.606-.045-.008-.527.287-1.076.652M5.355 16.633l.014 2.005 3.31 1.987 3.31 1.982 3.337-2 3.332-2.005V16.62c0-1.092-.013-1.983-.027-1.983s-1.318.782-2.9 1.741l-3.306 1.996-.431.256-1.32-.791a604.12 604.12 0 0 1-3.286-1.979l-2.005-1.21c-.024-.008-.032.883-.027 1.983",
    "orcid": "M12 0C5.372 0 0 5.372 0 12s5.372 12 12 12 12-5.372 12-12S18.628 0 12 0zM7.369 4.378c.525 0 .947.431.947.947s-.422.947-.947.947a.95.95 0 0 1-.947-.947c0-.525.422-.947.947-.947zm-.722 3.038h1.444v10.041H6.647V7.416zm3.562 0h3.9c3.712 0 5.344 2.653 5.344 5.025 0 2.578-2.016 5.025-5.325 5.025h-3.919V7.416zm1.444 1.303v7.444h2.297c3.272 0 4.022-2.484 4.022-3.722 0-2.016-1.284-3.722-4.097-3.722h-2.222z",
    "dblp": "M3.075.002c-.096.013-.154.092-.094.31L4.97 7.73 3.1 8.6s-.56.26-.4.85l2.45 9.159s.16.59.72.33l6.169-2.869 1.3-.61s.52-.24.42-.79l-.01-.06-1.13-4.22-.658-2.45-.672-2.49v-.04s-.16-.59-.84-1L3.5.141s-.265-.16-.425-.139zM18.324 5.03a.724.724 0 0 0-.193.06l-5.602 2.6.862 3.2 1.09 4.08.01.06c.05.47-.411.79-.411.79l-1.88.87.5 1.89.04.1c.07.17.28.6.81.91l6.95 4.269s.68.41.52-.17l-1.981-7.4 1.861-.86s.56-.26.4-.85L18.85 5.42s-.116-.452-.526-.39z",
    "linkedin": "M20.447 20.452h-3.554v-5.569c0-1.328-.027-3.037-1.852-3.037-1.853 0-2.136 1.445-2.136 2.939v5.667H9.351V9h3.414v1.561h.046c.477-.9 1.637-1.85 3.37-1.85 3.601 0 4.267 2.37 4.267 5.455v6.286zM5.337 7.433c-1.144 0-2.063-.926-2.063-2.065 0-1.138.92-2.063 2.063-2.063 1.14 0 2.064.925 2.064 2.063 0 1.139-.925 2.065-2.064 2.065zm1.782 13.019H3.555V9h3.564v11.452zM22.225 0H1.771C.792 0 0 .774 0 1.729v20.542C0 23.227.792 24 1.771 24h20.451C23.2 24 24 23.227 24 22.271V1.729C24 .774 23.2 0 22.222 0h.003z",
    "x": "M18.9 0h3.7l-8 10.2L24 24h-7.4l-5.8-8.4L4.2 24H.5l8.6-10.9L0 0h7.6l5.2 7.7L18.9 0zm-1.3 21.6h2L6.5 2.3H4.3l13.3 19.3z",
    "mastodon": "M23.1932 7.8795c0-5.2063-3.4112-6.7324-3.4112-6.7324C18.062.357 15.1077.025 12.0405 0h-.076C8.8963.025 5.9442.357 4.2241 1.147c0 0-3.4112 1.5262-3.4112 6.7325 0 1.192-.023 2.6181.015 4.1292.124 5.0923.934 10.1096 5.6413 11.3557 2.1701.574 4.0342.695 5.5353.612 2.7222-.15 4.2503-.972 4.2503-.972l-.09-1.9751s-1.9451.613-4.1293.539c-2.165-.074-4.4492-.233-4.7992-2.8912a5.4993 5.4993 0 01-.048-.745s2.125.52 4.8172.643c1.6461.075 3.1902-.097 4.7583-.283 3.0072-.359 5.6254-2.2121 5.9544-3.9052.517-2.6652.475-6.5074.475-6.5074zm-4.0242 6.7094h-2.4972V8.4695c0-1.29-.543-1.9441-1.628-1.9441-1.2002 0-1.8022.776-1.8022 2.3121v3.3492h-2.4831V8.8365c0-1.536-.602-2.3121-1.8021-2.3121-1.0851 0-1.6281.655-1.6281 1.9441v6.1194H4.831V8.2845c0-1.289.328-2.3131.987-3.0702.6801-.758 1.5692-1.146 2.6742-1.146 1.2781 0 2.2462.491 2.8862 1.474l.621 1.0431.622-1.043c.6401-.9831 1.6082-1.4742 2.8862-1.4742 1.1041 0 1.9942.388 2.6742 1.1461.658.757.986 1.7811.986 3.0702v6.3044z",
    "bluesky": "M5.202 2.857C7.954 4.922 10.913 9.11 12 11.358c1.087-2.247 4.046-6.436 6.798-8.501C20.783 1.366 24 .213 24 3.883c0 .732-.42 6.156-.667 7.037-.856 3.061-3.978 3.842-6.755 3.37 4.854.826 6.089 3.562 3.422 6.299-5.065 5.196-7.28-1.304-7.847-2.97-.104-.305-.152-.448-.153-.327 0-.121-.05.022-.153.327-.568 1.666-2.782 8.166-7.847 2.97-2.667-2.737-1.432-5.473 3.422-6.3-2.777.473-5.899-.308-6.755-3.369C.42 10.04 0 4.615 0 3.883c0-3.67 3.217-2.517 5.202-1.026",
}

_STROKE = 'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'
#: drawn here: outlines, so that they sit well beside the solid brand marks
_DRAWN = {
    "email": f'<rect x="2" y="4.5" width="20" height="15" rx="2" {_STROKE}/><path d="M3 6.5l9 7 9-7" {_STROKE}/>',
    "pdf": f'<path d="M6 2h8.5L19 6.5V22H6z" {_STROKE}/><path d="M14 2v5h5M9 12h7M9 16h7" {_STROKE}/>',
    "link": f'<path d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4l-1 1" {_STROKE}/>'
    f'<path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1-1" {_STROKE}/>',
}

SERVICES = {
    "github": Service("GitHub", "github"),
    "googlescholar": Service("Google Scholar", "googlescholar"),
    "orcid": Service("ORCID", "orcid"),
    "dblp": Service("DBLP", "dblp"),
    "linkedin": Service("LinkedIn", "linkedin"),
    "x": Service("X (Twitter)", "x"),
    "mastodon": Service("Mastodon", "mastodon"),
    "bluesky": Service("Bluesky", "bluesky"),
    "email": Service("Email", "email"),
    "pdf": Service("CV (PDF)", "pdf"),
    "link": Service("Website", "link"),
}

#: host (or a parent domain of it) -> service
_HOSTS = {
    "github.com": "github",
    "orcid.org": "orcid",
    "dblp.org": "dblp",
    "dblp.uni-trier.de": "dblp",
    "linkedin.com": "linkedin",
    "x.com": "x",
    "twitter.com": "x",
    "bsky.app": "bluesky",
    "bsky.social": "bluesky",
    # Mastodon has thousands of servers: the best-known ones, and any whose name says it
    "mastodon.social": "mastodon",
    "fosstodon.org": "mastodon",
    "hachyderm.io": "mastodon",
    "sigmoid.social": "mastodon",
    "mas.to": "mastodon",
    "mstdn.social": "mastodon",
    "scholar.social": "mastodon",
    "fediscience.org": "mastodon",
    "infosec.exchange": "mastodon",
    "techhub.social": "mastodon",
}

#: a label naming a service picks its icon where the host does not tell (a Mastodon server)
_LABELS = {re.sub(r"\W", "", s.name.lower()): slug for slug, s in SERVICES.items()} | {
    "twitter": "x",
    "scholar": "googlescholar",
    "mail": "email",
    "email": "email",
    "cv": "pdf",
}


def service_of(url: str, label: str = "") -> Service:
    """The service *url* belongs to (by its host), else the one *label* names, else a plain link."""
    if url.lower().startswith("mailto:"):
        return SERVICES["email"]
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if re.fullmatch(r"scholar\.google\.[a-z.]+", host):
        return SERVICES["googlescholar"]
    for known, slug in _HOSTS.items():
        if host == known or host.endswith("." + known):
            return SERVICES[slug]
    if host.startswith(("mastodon.", "mstdn.")):
        return SERVICES["mastodon"]
    named = _LABELS.get(re.sub(r"\W", "", label.lower()))
    if named:
        return SERVICES[named]
    if parts.path.lower().endswith(".pdf"):
        return SERVICES["pdf"]
    return SERVICES["link"]


def svg(slug: str) -> str:
    """The icon *slug* as inline SVG, hidden from assistive technology (the label names it)."""
    if slug in _BRANDS:
        inner = f'<path fill="currentColor" d="{_BRANDS[slug]}"/>'
    else:
        inner = _DRAWN.get(slug, _DRAWN["link"])
    return (
        '<svg class="vitae-icon" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg">{inner}</svg>'
    )


def printed_url(url: str) -> str:
    """How a link reads on paper: ``github.com/TsingZ0``, ``ada@example.org``.

    No scheme, no ``www.``, no trailing slash; of the query, only what names the page
    (``user=...``): language and tracking parameters (``hl``, ``utm_*``) are left out.
    """
    if url.lower().startswith("mailto:"):
        return url[len("mailto:") :].split("?", 1)[0]
    parts = urlsplit(url)
    if not parts.netloc:
        return url
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    kept = [
        item
        for item in parts.query.split("&")
        if item and not re.match(r"(hl|lang|utm_[a-z]+|ref|view_op)=", item, re.IGNORECASE)
    ]
    return host + path + ("?" + "&".join(kept) if kept else "")
