"""Entry keys to anchors and page names. Pure module.

BibTeX accepts almost anything as a key: digits (IEEE's ``9054074``), DOIs
(``10.1145/3696409.3700211``), CJK (``梶原2015lqg``), punctuation (``lee_2016`` beside
``lee-2016``), DBLP's colons (``DBLP:conf/x/Lee20``). An HTML id, a URL fragment, a
LaTeX label and a file name accept much less. :func:`slug` maps every key to a string
of ``[a-z0-9-]`` that depends on the key alone (never on file order or on the other
keys), so links stay put when entries are added, removed or moved:

* a key that is already such a string, up to case, is kept as it is
  (``Zhang2023FedALA`` -> ``zhang2023fedala``): readable anchors, stable since 0.1;
* any other key keeps what it can (accents folded, other characters turned into
  ``-``) plus eight hex digits of a hash of the whole key, so two keys that differ
  only in punctuation or in CJK characters never share an anchor.

Keys compare case-blind in BibTeX, the way pybtex compares them: ``str.lower()``. The slug
uses that same comparison, never a wider one (``casefold`` makes ``Straße2020`` equal to
``Strasse2020``, two keys pybtex keeps apart), so distinct keys never share a slug.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: longest readable part kept before the hash; ids and file names stay short
MAX_READABLE = 60

_NOT_SAFE = re.compile(r"[^a-z0-9]+")


def slug(key: str) -> str:
    """The anchor and page name of the entry *key*: ``[a-z0-9-]+``, stable, unique per key."""
    folded = key.lower()  # the comparison of keys pybtex makes, no wider
    if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", folded) and len(folded) <= MAX_READABLE:
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    readable = _NOT_SAFE.sub("-", ascii_text).strip("-")[:MAX_READABLE].strip("-")
    digest = hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return f"{readable}-{digest}" if readable else digest


def anchor(key: str) -> str:
    """The HTML id (and LaTeX label) of *key*'s entry: ``pub-`` + :func:`slug`."""
    return "pub-" + slug(key)
