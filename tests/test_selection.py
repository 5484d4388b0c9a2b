"""Which entries a group shows, in which order (pure, no build)."""

from __future__ import annotations

import pytest
from pybtex.database import parse_string

from sphinx_vitae.records import from_entry
from sphinx_vitae.selection import GroupSpec, group_by_year, normalize_stage, select

BIB = r"""
@article{a, title={A}, author={X, Y}, year={2021}, stage={I}}
@article{b, title={B}, author={X, Y}, year={2023}, month=mar, stage={Ⅰ}}
@article{c, title={C}, author={X, Y}, year={2023}, month=nov, stage={II}, selected={true}}
@article{d, title={D}, author={X, Y}, stage={other}}
"""


@pytest.fixture
def records():
    data = parse_string(BIB, "bibtex")
    return {key: from_entry(key, entry)[0] for key, entry in data.entries.items()}


@pytest.mark.parametrize(
    ("raw", "norm"), [("IV", "4"), ("Ⅳ", "4"), ("iv", "4"), ("4", "4"), ("Stage II", "2"), ("Other", "other")]
)
def test_normalize_stage(raw, norm):
    assert normalize_stage(raw) == norm


def test_stage_selection_newest_first(records):
    pubs, problems = select(GroupSpec(stages=("1",)), records, "stage")
    assert [p.key for p in pubs] == ["b", "a"] and problems == []


def test_keys_keep_given_order_and_unknown_keys_reported(records):
    pubs, problems = select(GroupSpec(keys=("a", "C", "zzz")), records, "stage")
    assert [p.key for p in pubs] == ["a", "c"]
    assert problems == ["unknown publication key 'zzz' (not in the bibliography files)"]


def test_unknown_stage_reported(records):
    pubs, problems = select(GroupSpec(stages=("V",)), records, "stage")
    assert pubs == [] and problems == ["no entry has stage 'V'"]


def test_selected_and_sort_orders(records):
    assert [p.key for p in select(GroupSpec(selected=True), records, "stage")[0]] == ["c"]
    assert [p.key for p in select(GroupSpec(sort="oldest"), records, "stage")[0]] == ["a", "b", "c", "d"]
    assert [p.key for p in select(GroupSpec(sort="bib"), records, "stage")[0]] == ["a", "b", "c", "d"]


def test_group_by_year_undated_last(records):
    assert [(year, [p.key for p in pubs]) for year, pubs in group_by_year(records)] == [
        (2023, ["c", "b"]),
        (2021, ["a"]),
        (None, ["d"]),
    ]
