"""Owner-name matching on parsed names (pure, no build)."""

from __future__ import annotations

import pytest
from pybtex.database import Person

from sphinx_vitae.names import NameMatcher, author_from_person, split_markers

OWNER = NameMatcher([["Jianqing Zhang", "Jianqing (Tsing) Zhang", "Zhang, J."]])


def matches(name: str, matcher: NameMatcher = OWNER) -> bool:
    return matcher.matches(author_from_person(Person(name)).key)


@pytest.mark.parametrize(
    "name",
    ["Jianqing Zhang", "Zhang, Jianqing", "J. Zhang", "Zhang, J.", "Tsing Zhang", "ZHANG, JIANQING", "Zhang, Jianqing*"],
)
def test_owner_variants_match(name):
    assert matches(name)


@pytest.mark.parametrize("name", ["Ya-Qin Zhang", "Zhang, Ya-Qin", "Jie Zhang", "Yang Liu", "Jianqing Zhao", "Zhang"])
def test_other_people_do_not_match(name):
    assert not matches(name)


def test_accents_decoded_and_folded():
    matcher = NameMatcher([["Hans Müller"]])
    assert matches(r"M{\"u}ller, Hans", matcher)
    assert matches("Hans Mueller", matcher) is False  # a different spelling is a different name
    assert author_from_person(Person(r"G{\'e}rard, Jean")).display == "Jean Gérard"


def test_von_and_jr_parts():
    matcher = NameMatcher([["John von Neumann"]])
    assert matches("von Neumann, John", matcher)
    author = author_from_person(Person("von Neumann, Jr., John"))
    assert author.display == "John von Neumann Jr."
    assert not matches("Neumann, John", matcher)


def test_hyphenated_given_names_and_initials():
    matcher = NameMatcher([["Ya-Qin Zhang"]])
    assert matches("Zhang, Ya-Qin", matcher)
    assert matches("Y. Zhang", matcher)
    assert not matches("Jianqing Zhang", matcher)


def test_chinese_names():
    matcher = NameMatcher([["张建庆"]])
    assert matches("张建庆", matcher)
    assert not matches("张亚勤", matcher)
    assert author_from_person(Person("张建庆")).display == "张建庆"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jianqing*", ("Jianqing", "*")),
        ("Zhang$^\\dagger$", ("Zhang", "†")),
        ("Zhang\\textsuperscript{*}", ("Zhang", "*")),
        ("Zhang*†", ("Zhang", "*†")),
        ("Zhang^*", ("Zhang", "*")),
        ("Zhang", ("Zhang", "")),
    ],
)
def test_contribution_markers_split(raw, expected):
    assert split_markers(raw) == expected


def test_markers_do_not_hide_the_owner():
    for name in ["Zhang, Jianqing*", "Jianqing Zhang$^\\dagger$", "Jianqing Zhang\\textsuperscript{*}"]:
        author = author_from_person(Person(name))
        assert author.display == "Jianqing Zhang"
        assert author.markers
        assert OWNER.matches(author.key)


def test_empty_matcher_matches_nobody():
    empty = NameMatcher([])
    assert not empty
    assert not matches("Jianqing Zhang", empty)


def test_chinese_name_written_family_name_first():
    assert author_from_person(Person("张, 伟")).display == "张伟"
