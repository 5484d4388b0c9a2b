"""The words the extension writes into pages, through Sphinx's translation machinery.

Every user-visible string of the extension ("Abstract", "Cited on:", "et al.", ...) is
written as ``_("...")`` with the function below: Sphinx looks it up in the catalogue of
the project's ``language`` (``locales/<language>/LC_MESSAGES/sphinx_vitae.mo`` in this
package, registered with :meth:`~sphinx.application.Sphinx.add_message_catalog`), and a
language without a catalogue gets the English text. A project can translate or reword
the strings with its own ``locale_dirs`` too: Sphinx merges catalogues of the same name.

``make catalogues`` extracts the strings into ``sphinx_vitae.pot``, merges them into each
``.po`` and compiles the ``.mo`` files; ``tests/test_i18n.py`` checks that the shipped
files agree with the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CATALOG = "sphinx_vitae"
LOCALE_DIR = Path(__file__).parent / "locales"

#: ``_("text")``: *text* in the build's language (looked up when the text is used)
_ = get_translation(CATALOG)


def setup_i18n(app: Sphinx) -> None:
    app.add_message_catalog(CATALOG, str(LOCALE_DIR))
