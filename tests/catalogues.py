"""The extension's message catalogues: extract the strings, merge them into each ``.po``, compile.

    python tests/catalogues.py          # rewrite locales/sphinx_vitae.pot, merge each .po, compile each .mo

``tests/test_i18n.py`` uses the same functions to check that the shipped files agree with the code.
Babel comes with Sphinx.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent / "ext" / "sphinx_vitae"
LOCALES = PACKAGE / "locales"
DOMAIN = "sphinx_vitae"


def extract() -> Catalog:
    """Every ``_("...")`` string of the package, with where it is used."""
    catalog = Catalog(project="sphinx-vitae", domain=DOMAIN, fuzzy=False)
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map, keywords={"_": None}, comment_tags=("Translators:",)
    ):
        catalog.add(message, locations=[(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_files() -> list[Path]:
    return sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, domain=DOMAIN)


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    return out.getvalue()


def main() -> int:
    template = extract()
    (LOCALES / f"{DOMAIN}.pot").write_bytes(po_bytes(template))
    for path in po_files():
        catalog = read(path)
        catalog.update(template, no_fuzzy_matching=True)
        path.write_bytes(po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(mo_bytes(catalog))
        missing = [m.id for m in catalog if m.id and not m.string]
        if missing:
            print(f"{path}: not translated: {missing}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
