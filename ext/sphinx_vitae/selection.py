"""Which records a publication group shows, in which order.

Pure module. A :class:`GroupSpec` is what a directive asked for (stages, keys, a
filter, selected only, an order); :func:`select` applies it to the records. The spec
is stored per document so that a changed ``refs.bib`` re-reads only the pages whose
selection actually changed (see :func:`signature`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .latexmarkup import to_text
from .records import Publication, sort_key

SORTS = ("newest", "oldest", "given", "bib", "title")

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_UNICODE_ROMAN = {chr(0x2160 + i): n for i, n in enumerate(range(1, 13))} | {
    chr(0x2170 + i): n for i, n in enumerate(range(1, 13))
}


def normalize_stage(value: str) -> str:
    """ "Ⅳ", "IV", "iv" and "4" name the same stage; other words compare case-blind."""
    value = to_text(value).strip().casefold()
    if value.startswith("stage"):
        value = value[5:].strip()
    if len(value) == 1 and value in _UNICODE_ROMAN:
        return str(_UNICODE_ROMAN[value])
    if value and re.fullmatch(r"[ivxlc]+", value):
        total, prev = 0, 0
        for char in reversed(value):
            number = _ROMAN[char]
            total = total - number if number < prev else total + number
            prev = max(prev, number)
        return str(total)
    return value


@dataclass(frozen=True)
class GroupSpec:
    """What one publication group asks for."""

    stages: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    filter: str = ""
    selected: bool = False
    sort: str = ""  #: one of SORTS; empty: "given" with keys, else "newest"
    everything: bool = False


def split_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[,\s]+", raw or "") if part.strip())


def select(
    spec: GroupSpec,
    records: Mapping[str, Publication],
    group_field: str,
    matches_filter: Callable[[Publication], bool] | None = None,
) -> tuple[list[Publication], list[str]]:
    """Apply *spec*; return the publications and problems (unknown keys or stages)."""
    problems: list[str] = []
    if spec.keys:
        # exact keys are looked up directly: a one-entry group (a publication page) costs
        # O(1), not a pass over every record; other spellings fall back to a case-blind map
        by_lower: dict[str, str] | None = None
        chosen: list[str] = []
        for key in spec.keys:
            real: str | None = key if key in records else None
            if real is None:
                by_lower = by_lower if by_lower is not None else {k.lower(): k for k in records}
                real = by_lower.get(key.lower())
            if real is None:
                problems.append(f"unknown publication key {key!r} (not in the bibliography files)")
            elif real not in chosen:
                chosen.append(real)
        candidates = [records[k] for k in chosen]
    else:
        candidates = list(records.values())
    if spec.stages:
        wanted = {normalize_stage(s) for s in spec.stages}
        present = {normalize_stage(p.fields.get(group_field, "")) for p in records.values()}
        for stage in spec.stages:
            if normalize_stage(stage) not in present:
                problems.append(f"no entry has {group_field} {stage!r}")
        candidates = [p for p in candidates if normalize_stage(p.fields.get(group_field, "")) in wanted]
    if spec.selected:
        candidates = [p for p in candidates if p.selected]
    if matches_filter is not None:
        candidates = [p for p in candidates if matches_filter(p)]
    order = spec.sort or ("given" if spec.keys else "newest")
    position = {key: i for i, key in enumerate(records)} if order in {"newest", "oldest", "bib"} else {}
    if order == "newest":
        candidates.sort(key=lambda p: sort_key(p, position[p.key]))
    elif order == "oldest":
        candidates.sort(key=lambda p: ((p.year or 10_000), p.month, position[p.key]))
    elif order == "title":
        candidates.sort(key=lambda p: p.title_text.casefold())
    elif order == "bib":
        candidates.sort(key=lambda p: position[p.key])
    return candidates, problems


def group_by_year(records: Mapping[str, Publication]) -> list[tuple[int | None, list[Publication]]]:
    """All records by year, newest year first, undated last; newest first within a year."""
    position = {key: i for i, key in enumerate(records)}
    ordered = sorted(records.values(), key=lambda p: sort_key(p, position[p.key]))
    groups: list[tuple[int | None, list[Publication]]] = []
    for pub in ordered:
        if groups and groups[-1][0] == pub.year:
            groups[-1][1].append(pub)
        else:
            groups.append((pub.year, [pub]))
    return groups


def signature(pubs: list[Publication], digests: Mapping[str, str]) -> str:
    """Changes whenever the shown entries, their order or their content change."""
    h = hashlib.blake2b(digest_size=16)
    for pub in pubs:
        h.update(pub.key.encode() + b"\0" + digests.get(pub.key, "").encode() + b"\0")
    return h.hexdigest()
