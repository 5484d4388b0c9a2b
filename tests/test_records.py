"""Publication records from pybtex entries (pure, no build)."""

from __future__ import annotations

import pytest
from pybtex.database import parse_string

from sphinx_vitae.records import from_entry, safe_url


def record(bibtex: str):
    data = parse_string(bibtex, "bibtex")
    key, entry = next(iter(data.entries.items()))
    return from_entry(key, entry, 3)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\nscript:alert(1)",
        " data:text/html,<script>",
        "vbscript:x",
        "file:///etc/passwd",
    ],
)
def test_unsafe_urls_rejected(url):
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/TsingZ0/DBE\n", "https://github.com/TsingZ0/DBE"),
        ("http://x.org/a b", "http://x.org/ab"),
        ("mailto:me@x.org", "mailto:me@x.org"),
        ("assets/pdf/paper.pdf", "assets/pdf/paper.pdf"),
        ("My Paper - 2024.pdf", "My%20Paper%20-%202024.pdf"),
        ('https://x.org/{a}\\b"<c>', "https://x.org/%7Ba%7D%5Cb%22%3Cc%3E"),
        ("https://x.org/search?q=a%20b&x=1#top", "https://x.org/search?q=a%20b&x=1#top"),
        ("https://x.org/a\\_b", "https://x.org/a_b"),
    ],
)
def test_safe_urls_kept(url, expected):
    assert safe_url(url) == expected


def test_unsafe_link_dropped_with_problem():
    pub, problems = record(
        "@article{k, title={T}, author={A, B}, year={2020}, url={javascript:alert(1)}, code={https://c.org}}"
    )
    assert [link.url for link in pub.links] == ["https://c.org"]
    assert problems == [
        "has an unsafe url link 'javascript:alert(1)' (only http(s), mailto and relative links are kept)"
    ]


def test_missing_fields_reported():
    pub, problems = record("@article{k, journal={J}}")
    # no year is not a mistake (work in preparation): it is shown without one, as on al-folio
    assert problems == ["has no title", "has no authors"]
    assert pub.year is None


def test_al_folio_fields():
    pub, problems = record(
        "@inproceedings{k, title={T}, author={A, B}, year={2023}, abbr={ICML}, arxiv={2301.00001},"
        " doi={10.1/x}, pdf={paper.pdf}, award={Oral}, award_name={Oral}, selected={true}, bibtex_show={true}}"
    )
    assert problems == []
    assert pub.badge == "ICML" and pub.selected and pub.award == "Oral"
    assert [(link.label, link.url) for link in pub.links] == [
        ("pdf", "paper.pdf"),
        ("arXiv", "https://arxiv.org/abs/2301.00001"),
        ("DOI", "https://doi.org/10.1/x"),
    ]


@pytest.mark.parametrize(
    ("fields", "published"),
    [
        ("booktitle={CVPR}", True),
        ("journal={arXiv preprint arXiv:2406.12527}", False),
        ("howpublished={Preprint}", False),
        ("journal={arXiv}, published={true}", True),
    ],
)
def test_published_or_preprint(fields, published):
    pub, _ = record(f"@article{{k, title={{T}}, author={{A, B}}, year={{2024}}, {fields}}}")
    assert pub.published is published


def test_label_prefers_short_title_then_colon_prefix():
    assert record("@article{k, title={FedALA: Adaptive}, author={A, B}, year={2023}, abbr={AAAI'23}}")[0].label == (
        "FedALA [AAAI'23]"
    )
    assert record("@article{k, title={Long}, shorttitle={FedKTL}, author={A, B}, year={2024}}")[0].label == (
        "FedKTL (2024)"
    )
    assert (
        record("@article{k, title={No colon here}, author={Zhang, J. and Liu, Y. and Hua, Y.}, year={2024}}")[0].label
        == "Zhang et al. (2024)"
    )


def test_doi_scheme_becomes_a_doi_link():
    pub, problems = record("@article{k, title={T}, author={A, B}, year={2020}, url={doi:10.1000/xyz.1}}")
    assert problems == [] and [link.url for link in pub.links] == ["https://doi.org/10.1000/xyz.1"]


def test_award_name_and_award_text_both_kept():
    pub, _ = record(
        "@inproceedings{k, title={T}, author={A, B}, year={2023}, award_name={Best Paper},"
        " award={Chosen from 3,000 submissions \\& shown at the \\emph{plenary}}}"
    )
    assert pub.award == "Best Paper"
    assert "".join(s.text for s in pub.award_detail) == "Chosen from 3,000 submissions & shown at the plenary"
    alone, _ = record("@inproceedings{k, title={T}, author={A, B}, year={2023}, award={Oral}}")
    assert alone.award == "Oral" and alone.award_detail == ()


@pytest.mark.parametrize(
    ("field", "expected_doi", "expected_url"),
    [
        (
            "doi={10.1007/978-3-030-30484-3\\_3}",
            "10.1007/978-3-030-30484-3_3",
            "https://doi.org/10.1007/978-3-030-30484-3_3",
        ),
        ("doi={https://doi.org/10.1145/1.2}", "10.1145/1.2", "https://doi.org/10.1145/1.2"),
        ("doi={doi:10.1145/1.2}", "10.1145/1.2", "https://doi.org/10.1145/1.2"),
        ("doi={10.1002/{ABC}.1\\%2}", "10.1002/ABC.1%2", "https://doi.org/10.1002/ABC.1%252"),
    ],
)
def test_dois_unescaped(field, expected_doi, expected_url):
    pub, problems = record(f"@article{{k, title={{T}}, author={{A, B}}, year={{2020}}, {field}}}")
    assert problems == []
    assert pub.doi == expected_doi
    assert [link.url for link in pub.links if link.field == "doi"] == [expected_url]


def test_several_urls_in_one_field_are_several_links():
    pub, _ = record("@article{k, title={T}, author={A, B}, year={2020}, url={https://a.org/x https://b.org/y}}")
    assert [link.url for link in pub.links] == ["https://a.org/x", "https://b.org/y"]
    # a URL broken across lines is still one URL
    pub, _ = record("@article{k, title={T}, author={A, B}, year={2020}, url={https://a.org/very/\n   long}}")
    assert [link.url for link in pub.links] == ["https://a.org/very/long"]
    # one unsafe URL among them is dropped alone
    pub, problems = record(
        "@article{k, title={T}, author={A, B}, year={2020}, url={https://a.org/x javascript:alert(1)}}"
    )
    assert [link.url for link in pub.links] == ["https://a.org/x"]
    assert problems == [
        "has an unsafe url link 'javascript:alert(1)' (only http(s), mailto and relative links are kept)"
    ]


def test_notes_location_annotation():
    pub, _ = record(
        "@inproceedings{k, title={T}, author={A, B}, year={2023}, location={Vienna, Austria},"
        " note={Oral presentation}, additional_info={. <b>Spotlight</b>}, annotation={* equal}}"
    )
    assert "".join(s.text for s in pub.location) == "Vienna, Austria"
    assert next("".join(s.text for s in n) for n in pub.notes) == "Oral presentation"
    assert "".join(s.text for s in pub.annotation) == "* equal"


@pytest.mark.parametrize(
    ("authors", "label"),
    [
        ("Lovelace, Ada", "Lovelace (2020)"),
        ("Lovelace, Ada and Babbage, Charles", "Lovelace and Babbage (2020)"),
        ("Lovelace, Ada and others", "Lovelace et al. (2020)"),
        ("Lovelace, Ada and Babbage, Charles and others", "Lovelace et al. (2020)"),
    ],
)
def test_label_counts_and_others_as_more_authors(authors, label):
    pub, _ = record(f"@article{{k, title={{A title without a colon}}, author={{{authors}}}, year={{2020}}}}")
    assert pub.label == label


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ('url={doi:<a href="https://doi.org/10.1007/s1">10.1007/s1</a>}', ["https://doi.org/10.1007/s1"]),
        ("url={<a href='https://x.org/p'>paper</a>}", ["https://x.org/p"]),
        ("url={<A HREF=https://x.org/p>paper</A>}", ["https://x.org/p"]),
        ('url={<a href="javascript:alert(1)">x</a>}', []),
    ],
)
def test_an_html_link_in_a_link_field_gives_its_target(field, expected):
    pub, problems = record(f"@article{{k, title={{T}}, author={{A, B}}, year={{2020}}, {field}}}")
    assert [link.url for link in pub.links] == expected
    assert bool(problems) == (not expected)


@pytest.mark.parametrize(
    ("venue", "published"),
    [
        ("Targeting top-tier journal", False),
        ("In preparation", False),
        ("Working paper", False),
        ("Under review at NeurIPS", False),
        ("arXiv preprint arXiv:2401.00001", False),
        ("Proceedings of the AAAI Conference", True),
        ("Journal of Manuscript Studies", True),
    ],
)
def test_unpublished_work_gets_no_marker(venue, published):
    pub, _ = record(f"@article{{k, title={{T}}, author={{A, B}}, year={{2024}}, journal={{{venue}}}}}")
    assert pub.published is published
    pub, _ = record(
        f"@article{{k, title={{T}}, author={{A, B}}, year={{2024}}, journal={{{venue}}}, published={{true}}}}"
    )
    assert pub.published is True
