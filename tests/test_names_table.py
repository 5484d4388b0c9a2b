"""Owner emphasis, one row per case: exactly who is emphasised among a list of authors.

Each row gives the owner's variants (as in ``vitae_owner``), a list of authors as a .bib
writes them, and the authors that must be emphasised; every other author must not be.
The names come from real files of other academics (the issue) and their cousins.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from pybtex.database import Person

from sphinx_vitae.names import NameMatcher, author_from_person


class Row(NamedTuple):
    id: str
    owner: list[str]
    authors: list[str]
    emphasised: list[str]


ROWS = [
    # --- Vietnamese: shared family names and given-name words --------------------------
    Row(
        "vi-issue",
        ["Nguyen, Trung Thanh"],
        [
            "Nguyen, Trung Thanh",
            "Nguyen, Thanh Hung",
            "Nguyen, Trung Kien",
            "Trung Thanh Nguyen",
            "Nguyen, Thanh Trung",
            "Nguyen, Trung",
            "Nguyen, Thanh",
            "Thanh Nguyen",
            "Nguyen, Trung Thanh Hung",
        ],
        ["Nguyen, Trung Thanh", "Trung Thanh Nguyen"],
    ),
    Row(
        "vi-initials",
        ["Nguyen, Trung Thanh"],
        [
            "Nguyen, T. T.",
            "Nguyen, T. K.",
            "T. T. Nguyen",
            "Nguyen, T.",
            "Nguyen, TT",
            "Nguyen, T. H.",
            "Nguyen, Trung T.",
            "Nguyen, Thanh T.",
            "T. Thanh Nguyen",
            "Th. T. Nguyen",
        ],
        ["Nguyen, T. T.", "T. T. Nguyen", "Nguyen, TT", "Nguyen, Trung T.", "T. Thanh Nguyen"],
    ),
    Row(
        "vi-accents-case-markers",
        ["Nguyễn, Trung Thành"],
        [
            "Nguy{\\~{e}}n, Trung Thanh",
            "NGUYEN, TRUNG THANH",
            "Nguyen, Trung Thanh*",
            "Nguyễn, Thành Hưng",
            "Nguy\\~{\\^e}n, Trung Th\\`anh",
        ],
        ["Nguy{\\~{e}}n, Trung Thanh", "NGUYEN, TRUNG THANH", "Nguyen, Trung Thanh*", "Nguy\\~{\\^e}n, Trung Th\\`anh"],
    ),
    Row(
        "vi-d-with-stroke",
        ["Đặng, Văn Minh"],
        ["Dang, Van Minh", "\\DJ{}\\u{a}ng, V\\u{a}n Minh", "Dang, Van Hung", "Dang, Minh Van", "Đặng, Minh"],
        ["Dang, Van Minh", "\\DJ{}\\u{a}ng, V\\u{a}n Minh"],
    ),
    Row(
        # only initials are known: the owner chose to accept any full name they abbreviate
        "vi-owner-initials-only",
        ["Nguyen, T. T."],
        [
            "Trung Thanh Nguyen",
            "Thanh Tung Nguyen",
            "Nguyen, T. K.",
            "Trung Kien Nguyen",
            "Nguyen, T.",
            "Nguyen, T. T.",
        ],
        ["Trung Thanh Nguyen", "Thanh Tung Nguyen", "Nguyen, T. T."],
    ),
    Row(
        # once the full name is known, the initials variant no longer admits other full names
        "vi-full-and-initials",
        ["Nguyen, Trung Thanh", "Nguyen, T. T."],
        ["Thanh Tung Nguyen", "Nguyen, T. T.", "Thanh T. Nguyen", "Trung Thanh Nguyen", "Nguyen, T. K."],
        ["Nguyen, T. T.", "Trung Thanh Nguyen"],
    ),
    # --- Korean -----------------------------------------------------------------------
    Row(
        "ko-issue",
        ["Kim, Jin Kyu"],
        [
            "Kim, Kyu Ho",
            "Kim, Jin Kyu",
            "Jin Kyu Kim",
            "Jin-Kyu Kim",
            "Jinkyu Kim",
            "Kim, Jin-Ho",
            "Kim, Jin",
            "Kim, Kyu",
            "Kyu Jin Kim",
            "Kim Jin Kyu",
            "Kim, Jin Kyu Ho",
            "Kim, Kyu-Ho",
        ],
        ["Kim, Jin Kyu", "Jin Kyu Kim", "Jin-Kyu Kim", "Jinkyu Kim"],
    ),
    Row(
        # two names written apart: two initials, never one
        "ko-spaced-initials",
        ["Kim, Jin Kyu"],
        ["J. K. Kim", "J.-K. Kim", "J. Kim", "JK Kim", "K. J. Kim", "J. H. Kim", "Kim, J.K."],
        ["J. K. Kim", "J.-K. Kim", "JK Kim", "Kim, J.K."],
    ),
    Row(
        # a hyphenated name is one name: one initial, or one per piece
        "ko-hyphenated-initials",
        ["Kim, Jin-Kyu"],
        ["J.-K. Kim", "J. K. Kim", "Kim, JK", "J. Kim", "J.-H. Kim", "K. J. Kim", "Kim, J.K.", "KIM, JK", "Kim, K."],
        ["J.-K. Kim", "J. K. Kim", "Kim, JK", "J. Kim", "Kim, J.K.", "KIM, JK"],
    ),
    Row("ko-hangul", ["김진규"], ["김진규", "김, 진규", "김규호", "김진", "진규"], ["김진규", "김, 진규"]),
    # --- Chinese ----------------------------------------------------------------------
    Row(
        "zh-variants",
        ["Jianqing Zhang", "Jianqing (Tsing) Zhang", "Zhang, J."],
        [
            "Ya-Qin Zhang",
            "Zhang, Ya-Qin",
            "Jie Zhang",
            "Tsing Zhang",
            "Zhang, Jianqing",
            "Zhang, J.",
            "Zhangwei, Jianqing",
            "Jianqing Zhangwei",
            "Zhang",
            "Zhang Jianqing",
            "Jianqing Zhao",
            "Zhang, Y.",
        ],
        ["Tsing Zhang", "Zhang, Jianqing", "Zhang, J."],
    ),
    Row(
        "zh-hyphenated",
        ["Ya-Qin Zhang"],
        [
            "Yaqin Zhang",
            "Ya Qin Zhang",
            "Zhang, Ya-qin",
            "Y.-Q. Zhang",
            "Y. Q. Zhang",
            "Y. Zhang",
            "Zhang, YQ",
            "Jianqing Zhang",
            "Ya Zhang",
            "Qin Zhang",
            "Y.-J. Zhang",
            "Yaqing Zhang",
            "Zhang, Qin-Ya",
        ],
        ["Yaqin Zhang", "Ya Qin Zhang", "Zhang, Ya-qin", "Y.-Q. Zhang", "Y. Q. Zhang", "Y. Zhang", "Zhang, YQ"],
    ),
    Row(
        # written together, the syllables are unknown: "Y.-Q." is not known to abbreviate it
        "zh-run-together",
        ["Yaqin Zhang"],
        ["Ya-Qin Zhang", "Y. Zhang", "Y.-Q. Zhang", "Ya Qin Zhang", "Yaqing Zhang"],
        ["Ya-Qin Zhang", "Y. Zhang", "Ya Qin Zhang"],
    ),
    Row(
        "zh-family-first-with-comma",
        ["Zhang, Jianqing"],
        ["Jianqing Zhang", "Zhang Jianqing", "Jian-Qing Zhang", "Jian Qing Zhang", "Zhang, Jian", "Qing Zhang"],
        ["Jianqing Zhang", "Jian-Qing Zhang", "Jian Qing Zhang"],
    ),
    Row(
        "zh-characters",
        ["张建清"],
        ["张建清", "张, 建清", "张亚勤", "张建", "建清", "Jianqing Zhang", "张建清*"],
        ["张建清", "张, 建清", "张建清*"],
    ),
    Row("zh-characters-with-comma", ["张, 建清"], ["张建清", "张, 建", "张建清清"], ["张建清"]),
    Row(
        "zh-nickname",
        ["Jianqing (Tsing) Zhang"],
        ["Jianqing Zhang", "Tsing Zhang", "T. Zhang", "J. Zhang", "Jianqing Tsing Zhang", "Qing Zhang", "Tsing Zhao"],
        ["Jianqing Zhang", "Tsing Zhang", "T. Zhang", "J. Zhang"],
    ),
    Row(
        "zh-nickname-in-the-entry",
        ["Tsing Zhang"],
        ["Jianqing (Tsing) Zhang", "Jianqing Zhang", "Zhang, Jianqing (Tsing)", "Ya-Qin (Tsing) Zhao"],
        ["Jianqing (Tsing) Zhang", "Zhang, Jianqing (Tsing)"],
    ),
    # --- Spanish double surnames --------------------------------------------------------
    Row(
        "es-double-surname",
        ["García Márquez, Gabriel"],
        [
            "Gabriel García Márquez",
            "Garc{\\'\\i}a M{\\'a}rquez, Gabriel",
            "G. García Márquez",
            "Gabriel García-Márquez",
            "Gabriel Márquez",
            "García, Gabriel",
            "Gabriel José García Márquez",
            "Márquez, Gabriel",
            "Gabriel García López",
            "Gabriel Garcia Marquez",
        ],
        [
            "Gabriel García Márquez",
            "Garc{\\'\\i}a M{\\'a}rquez, Gabriel",
            "G. García Márquez",
            "Gabriel García-Márquez",
            "Gabriel Garcia Marquez",
        ],
    ),
    Row(
        "es-owner-without-comma",
        ["Gabriel García Márquez"],
        ["García Márquez, Gabriel", "Márquez, Gabriel", "García, Gabriel", "Gabriel García Márquez"],
        ["García Márquez, Gabriel", "Gabriel García Márquez"],
    ),
    # --- particles ------------------------------------------------------------------------
    Row(
        "nl-van-der",
        ["Jan van der Berg"],
        [
            "van der Berg, Jan",
            "Berg, Jan van der",
            "Jan Van der Berg",
            "J. van der Berg",
            "Jan Berg",
            "Berg, Jan",
            "Jan van den Berg",
            "Piet van der Berg",
            "Jan Vanderberg",
            "der Berg, Jan",
        ],
        ["van der Berg, Jan", "Berg, Jan van der", "Jan Van der Berg", "J. van der Berg"],
    ),
    Row(
        "es-de-la",
        ["de la Cruz, Juan"],
        [
            "Juan de la Cruz",
            "Juan Cruz",
            "Juan de la Cruz P{\\'e}rez",
            "J. de la Cruz",
            "Cruz, Juan de la",
            "Juan De La Cruz",
            "Juan de Cruz",
            "Juana de la Cruz",
        ],
        ["Juan de la Cruz", "J. de la Cruz", "Cruz, Juan de la", "Juan De La Cruz"],
    ),
    Row(
        "de-von",
        ["John von Neumann"],
        [
            "von Neumann, John",
            "Neumann, John",
            "J. von Neumann",
            "John Neumann",
            "von Neumann, Jr., John",
            "Johann von Neumann",
        ],
        ["von Neumann, John", "J. von Neumann", "von Neumann, Jr., John"],
    ),
    Row(
        "lineage",
        ["Smith, Jr., John"],
        ["Smith, Sr., John", "John Smith", "Smith, Jr., John", "Smith, Jr, John", "Smith, III, John"],
        ["John Smith", "Smith, Jr., John", "Smith, Jr, John"],
    ),
    # --- initials and middle names ----------------------------------------------------------
    Row(
        # strict: a middle initial is a given name of its own (add "Ada B. Lovelace" if it is you)
        "middle-initial-not-assumed",
        ["Ada Lovelace"],
        [
            "Ada B. Lovelace",
            "A. Lovelace",
            "Ada Lovelace",
            "A. B. Lovelace",
            "Lovelace",
            "Ada Byron Lovelace",
            "Adam Lovelace",
        ],
        ["A. Lovelace", "Ada Lovelace"],
    ),
    Row(
        "owner-with-middle-initial",
        ["Ada B. Lovelace"],
        [
            "Ada Lovelace",
            "Ada B. Lovelace",
            "A. B. Lovelace",
            "Ada Byron Lovelace",
            "Ada C. Lovelace",
            "AB Lovelace",
            "B. A. Lovelace",
        ],
        ["Ada B. Lovelace", "A. B. Lovelace", "Ada Byron Lovelace", "AB Lovelace"],
    ),
    Row("family-name-only", ["Lovelace"], ["Lovelace", "Ada Lovelace", "A. Lovelace"], ["Lovelace"]),
    Row(
        "abbreviation-longer-than-initial",
        ["Thomas Mann"],
        ["Th. Mann", "T. Mann", "Tr. Mann", "Thom. Mann"],
        ["Th. Mann", "T. Mann", "Thom. Mann"],
    ),
    Row(
        # "BO" in a name written all in capitals is a name; "JK" with no vowel is initials
        "capitals",
        ["Li, Bo"],
        ["LI, BO", "Li, B.", "Li, Bo*", "Li, Bin", "Lib, Bo", "LI, B"],
        ["LI, BO", "Li, B.", "Li, Bo*", "LI, B"],
    ),
    # --- markers, "others", several people -------------------------------------------------------
    Row(
        "markers",
        ["Dmitry Ryumin"],
        [
            "Dmitry Ryumin *†",
            "Ryumin, Dmitry *",
            "Ryumin*, Dmitry",
            "Dmitry Ryumin$^\\dagger$",
            "Dmitry Ryumin\\textsuperscript{*}",
            "Ryumin^*, Dmitry",
            "Dmitry Ryumin\\dag",
            "Dmitry Ryumin \\textsuperscript{*}",
            "Dmitry Ryumin $^{*\\dagger}$",
            "Denis Ryumin *",
            "Dmitry *",
        ],
        [
            "Dmitry Ryumin *†",
            "Ryumin, Dmitry *",
            "Ryumin*, Dmitry",
            "Dmitry Ryumin$^\\dagger$",
            "Dmitry Ryumin\\textsuperscript{*}",
            "Ryumin^*, Dmitry",
            "Dmitry Ryumin\\dag",
            "Dmitry Ryumin \\textsuperscript{*}",
            "Dmitry Ryumin $^{*\\dagger}$",
        ],
    ),
    Row("others", ["Jianqing Zhang"], ["Jianqing Zhang", "others"], ["Jianqing Zhang"]),
    Row("owner-called-others", ["others"], ["others", "Others"], []),
]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_who_is_emphasised(row: Row) -> None:
    matcher = NameMatcher([row.owner])
    got = [name for name in row.authors if matcher.matches(author_from_person(Person(name)).key)]
    assert got == row.emphasised


def test_rows_are_informative() -> None:
    """Every row but one has someone emphasised and someone not, so it can fail both ways."""
    for row in ROWS:
        assert set(row.emphasised) <= set(row.authors), row.id
        if row.id != "owner-called-others":
            assert row.emphasised and len(row.emphasised) < len(row.authors), row.id


def test_a_lab_of_several_people() -> None:
    lab = NameMatcher([["Nguyen, Trung Thanh"], ["Kim, Jin Kyu"], ["张建清"]])
    authors = ["Trung Thanh Nguyen", "Nguyen, Thanh Hung", "Jin Kyu Kim", "Kim, Kyu Ho", "张, 建清", "张亚勤"]
    got = [name for name in authors if lab.matches(author_from_person(Person(name)).key)]
    assert got == ["Trung Thanh Nguyen", "Jin Kyu Kim", "张, 建清"]
