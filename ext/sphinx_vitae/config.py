"""Configuration values (all prefixed ``vitae_``), validated once on ``config-inited``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: name, default, rebuild, types, description
CONFIG_VALUES: tuple[tuple[str, Any, str, Any, str], ...] = (
    ("vitae_owner", [], "env", (list, tuple, str), "Name variants of the profile owner, emphasised in author lists."),
    ("vitae_group_field", "stage", "env", (str,), "BibTeX field that names an entry's group (research stage)."),
    ("vitae_marker", "🎉", "env", (str,), "Marker shown before published work; empty for none."),
    ("vitae_coauthors", {}, "env", (dict,), "Co-author name -> homepage URL, linked wherever the name appears."),
    ("vitae_profile", {}, "env", (dict,), "name, affiliation, email, links (label -> URL) of the owner."),
    ("vitae_publication_pages", True, "env", (bool,), "Generate one page per publication."),
    ("vitae_publication_dir", "pub", "env", (str,), "Folder (inside the source folder) of the generated pages."),
    ("vitae_toggles", True, "env", (bool,), "Collapsed abstract toggles under list entries."),
    ("vitae_bibtex_toggle", True, "env", (bool,), "A collapsed BibTeX toggle under list entries."),
    (
        "vitae_link_base",
        {},
        "env",
        (dict,),
        "Field -> base URL for relative links, e.g. {'pdf': 'https://me.github.io/assets/pdf/'} (al-folio).",
    ),
    ("vitae_gc_freeze", True, "", (bool,), "Keep the garbage collector off start-up objects during the build."),
    ("vitae_template_cache", True, "", (bool,), "Keep the HTML builder's compiled page templates between builds."),
    (
        "vitae_contribution_markers",
        {"*": "equal contribution", "†": "corresponding author"},
        "env",
        (dict,),
        "Marker -> meaning, shown as a legend under lists whose entries use the marker.",
    ),
)


def owner_variants(config: Config) -> list[str]:
    value = config.vitae_owner
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value if str(v).strip()]


def validate(app: Sphinx, config: Config) -> None:
    """Warn about values of the wrong shape and fall back to something safe."""
    if isinstance(config.vitae_owner, (list, tuple)) and not all(isinstance(v, str) for v in config.vitae_owner):
        logger.warning("vitae_owner must be a list of names (strings)", type="vitae", subtype="config")
        config.vitae_owner = [v for v in config.vitae_owner if isinstance(v, str)]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in config.vitae_coauthors.items()):
        logger.warning("vitae_coauthors must map names to URLs (strings)", type="vitae", subtype="config")
        config.vitae_coauthors = {k: v for k, v in config.vitae_coauthors.items() if isinstance(k, str) and isinstance(v, str)}
    if not config.bibtex_bibfiles:
        logger.warning(
            "bibtex_bibfiles is not set: no publications can be shown; set it in conf.py, "
            "e.g. bibtex_bibfiles = ['../refs.bib']",
            type="vitae",
            subtype="config",
        )
        config.bibtex_bibfiles = []


def setup_config(app: Sphinx) -> None:
    for name, default, rebuild, types, description in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types=types, description=description)
    app.connect("config-inited", validate)
