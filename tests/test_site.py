"""The real site in source/, built with warnings as errors, checked against the profile."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

OWNER = "Jianqing Zhang"
STAGES = [
    "Stage Ⅳ (Large and Small Models Collaboration): Large Model-Assisted Collaborative Learning for Vertical "
    "Domain Small Models",
    "Stage Ⅲ (Large Model): Privacy-Preserving Synthetic Data Generation",
    "Stage Ⅱ (Vertical Domain Small Models): Heterogeneous Federated Learning",
    "Stage Ⅰ (Vertical Domain Small Models): Personalized Federated Learning",
    "Other Work",
]
# (stage index, badge, title, authors, paper, code) as the profile (shared/seed/profile.md) has them
PROFILE = [
    (
        0,
        "CVPR'24",
        "An Upload-Efficient Scheme for Transferring Knowledge From a Server-Side Pre-trained Generator to "
        "Clients in Heterogeneous Federated Learning",
        "Jianqing Zhang, Yang Liu, Yang Hua, Jian Cao",
        "https://arxiv.org/abs/2403.15760",
        "https://github.com/TsingZ0/FedKTL",
    ),
    (
        1,
        None,
        "FuseGen: PLM Fusion for Data-Generation Based Zero-Shot Learning",
        "Tianyuan Zou, Yang Liu, Peng Li, Jianqing Zhang, Jingjing Liu, Ya-Qin Zhang",
        "https://arxiv.org/abs/2406.12527",
        "https://github.com/LindaLydia/FuseGen",
    ),
    (
        2,
        "HtFLlib",
        "Heterogeneous Federated Learning Algorithm Library",
        "Jianqing Zhang",
        None,
        "https://github.com/TsingZ0/HtFL",
    ),
    (
        2,
        "AAAI'24",
        "FedTGP: Trainable Global Prototypes with Adaptive-Margin-Enhanced Contrastive Learning for Data "
        "and Model Heterogeneity in Federated Learning",
        "Jianqing Zhang, Yang Liu, Yang Hua, Jian Cao",
        "https://arxiv.org/abs/2401.03230",
        "https://github.com/TsingZ0/FedTGP",
    ),
    (
        3,
        "PFLlib",
        "Personalized Federated Learning Algorithm Library",
        "Jianqing Zhang, Yang Liu, Yang Hua, Hao Wang, Tao Song, Zhengui Xue, Ruhui Ma, Jian Cao",
        "https://arxiv.org/abs/2312.04992",
        "https://github.com/TsingZ0/PFLlib",
    ),
    (
        3,
        "NeurIPS'23",
        "Eliminating Domain Bias for Federated Learning in Representation Space",
        "Jianqing Zhang, Yang Hua, Jian Cao, Hao Wang, Tao Song, Zhengui Xue, Ruhui Ma, Haibing Guan",
        "https://arxiv.org/abs/2311.14975",
        "https://github.com/TsingZ0/DBE",
    ),
    (
        3,
        "ICCV'23",
        "GPFL: Simultaneously Learning Generic and Personalized Feature Information for Personalized "
        "Federated Learning",
        "Jianqing Zhang, Yang Hua, Hao Wang, Tao Song, Zhengui Xue, Ruhui Ma, Jian Cao, Haibing Guan",
        "https://arxiv.org/pdf/2308.10279v3.pdf",
        "https://github.com/TsingZ0/GPFL",
    ),
    (
        3,
        "KDD'23",
        "FedCP: Separating Feature Information for Personalized Federated Learning via Conditional Policy",
        "Jianqing Zhang, Yang Hua, Hao Wang, Tao Song, Zhengui Xue, Ruhui Ma, Haibing Guan",
        "https://arxiv.org/pdf/2307.01217v2.pdf",
        "https://github.com/TsingZ0/FedCP",
    ),
    (
        3,
        "AAAI'23",
        "FedALA: Adaptive Local Aggregation for Personalized Federated Learning",
        "Jianqing Zhang, Yang Hua, Hao Wang, Tao Song, Zhengui Xue, Ruhui Ma, Haibing Guan",
        "https://arxiv.org/pdf/2212.01197v4.pdf",
        "https://github.com/TsingZ0/FedALA",
    ),
    (
        4,
        "IEEE Transactions on Cognitive and Developmental Systems",
        "pFedEff: An Efficient and Personalized Federated Cognitive Learning Framework in Multi-agent Systems",
        "Hongjian Shi, Jianqing Zhang, Shuming Fan, Ruhui Ma, Haibing Guan",
        "https://ieeexplore.ieee.org/abstract/document/10163405/",
        None,
    ),
    (
        4,
        "Neurocomputing",
        "TLSAN: Time-aware long-and short-term attention network for next-item recommendation",
        "Jianqing Zhang, Dongjing Wang, Dongjin Yu",
        "https://doi.org/10.1016/j.neucom.2021.02.015",
        "https://github.com/TsingZ0/TLSAN",
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Build source/ exactly as `make html` does: warnings are errors."""
    from sphinx.cmd.build import build_main

    out = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "source", out / "source")
    shutil.copy(ROOT / "refs.bib", out / "refs.bib")
    code = build_main(["-b", "html", "-W", "--keep-going", "-q", str(out / "source"), str(out / "html")])
    assert code == 0
    return out / "html"


def page(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / name).read_text(encoding="utf-8"), "html.parser")


def test_stage_headings_in_order(site):
    index = page(site, "index.html")
    headings = [h.get_text().rstrip("#¶ ") for h in index.select("section.vitae-group > h3")]
    assert headings == STAGES


@pytest.mark.parametrize(("stage", "badge", "title", "authors", "paper", "code"), PROFILE, ids=lambda v: str(v)[:20])
def test_entry_as_in_profile(site, stage, badge, title, authors, paper, code):
    index = page(site, "index.html")
    group = index.select("section.vitae-group")[stage]
    matches = [li for li in group.select("li.vitae-entry") if li.select_one(".vitae-title").get_text() == title]
    assert len(matches) == 1, f"{title!r} not under {STAGES[stage]!r}"
    entry = matches[0]
    assert entry.select_one(".vitae-authors").get_text() == authors
    assert [s.get_text() for s in entry.select(".vitae-authors strong")] == [OWNER]
    badge_node = entry.select_one(".vitae-badge")
    assert (badge_node.get_text() if badge_node else None) == (f"[{badge}]" if badge else None)
    marker = entry.select_one(".vitae-marker")
    assert (marker.get_text() if marker else None) == (None if title.startswith("FuseGen") else "🎉")
    links = {a.get_text(): a["href"] for a in entry.select("a.vitae-link")}
    assert links.get("[paper]") == paper
    assert links.get("[code]") == code


def test_entry_order_within_stages(site):
    index = page(site, "index.html")
    shown = [
        [li.select_one(".vitae-title").get_text() for li in group.select("li.vitae-entry")]
        for group in index.select("section.vitae-group")
    ]
    assert shown == [[t for s, _, t, *_ in PROFILE if s == stage] for stage in range(5)]


def test_site_title_and_no_dead_slides_link(site):
    index = page(site, "index.html")
    assert index.title.get_text().startswith(OWNER)
    assert index.select_one(".sidebar-brand-text").get_text().strip() == OWNER
    assert not index.find("a", href=re.compile(r"ZJQ\.pdf"))


def test_profile_links_present(site):
    hrefs = {a["href"] for a in page(site, "index.html").find_all("a", href=True)}
    for url in [
        "https://sites.google.com/site/yangliuveronica/",
        "https://scholar.google.com/citations?hl=zh-CN&user=aEacdCQAAAAJ",
        "https://scholar.google.com/citations?hl=zh-CN&user=PcrtqDsAAAAJ",
        "https://scholar.google.com/citations?hl=zh-CN&user=tIjK-3QAAAAJ",
        "https://scholar.google.com/citations?hl=zh-CN&user=DwG4deYAAAAJ",
        "https://dongjingwang.github.io/",
        "https://scholar.google.com/citations?hl=zh-CN&user=N0tFi8MAAAAJ",
        "https://intellisys.haow.ca/haowang/",
        "https://www.bytedance.com/en",
        "https://github.com/bytedance/fedlearner",
        "https://tsing.tuchong.com/work/",
    ]:
        assert url in hrefs, url


def test_all_publications_page_lists_every_entry(site):
    listing = page(site, "publications.html")
    titles = sorted(li.select_one(".vitae-title").get_text() for li in listing.select("li.vitae-entry"))
    assert titles == sorted(title for _, _, title, *_ in PROFILE)


def test_research_page_cites_entries_on_the_home_page(site):
    research = page(site, "research.html")
    cites = research.select("a.vitae-cite")
    assert len(cites) >= 3
    labels = {a.get_text(): a["href"] for a in cites}
    assert labels["FedALA [AAAI'23]"] == "index.html#pub-zhang2023fedala"
    assert labels["FedKTL [CVPR'24]"] == "index.html#pub-zhang2024fedktl"
    index = page(site, "index.html")
    for href in labels.values():
        assert index.find(id=href.split("#", 1)[1]) is not None


def test_every_internal_link_and_anchor_resolves(site):
    pages = sorted(p for p in site.rglob("*.html"))
    assert len(pages) >= 3
    for html in pages:
        soup = page(site, str(html.relative_to(site)))
        for tag in soup.find_all(["a", "link", "script", "img"]):
            target = tag.get("href") or tag.get("src")
            if not target or target.startswith(("mailto:", "javascript:")):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue
            path = (html.parent / unquote(parts.path)).resolve() if parts.path else html
            assert path.exists(), f"{html.name}: {target}"
            if parts.fragment and path.suffix == ".html":
                assert page(site, str(path.relative_to(site))).find(id=parts.fragment), f"{html.name}: {target}"


@pytest.mark.parametrize(("stage", "badge", "title", "authors", "paper", "code"), PROFILE, ids=lambda v: str(v)[:20])
def test_publication_page_metadata(site, stage, badge, title, authors, paper, code):
    """Each publication's page: citation_* tags and JSON-LD with title, authors in order, year, venue."""
    import extruct

    index = page(site, "index.html")
    entry = next(li for li in index.select("li.vitae-entry") if li.select_one(".vitae-title").get_text() == title)
    href = entry.select_one(".vitae-title a")["href"]
    text = (site / href).read_text(encoding="utf-8")
    pub = BeautifulSoup(text, "html.parser")
    meta: dict[str, list[str]] = {}
    for tag in pub.find_all("meta", attrs={"name": re.compile("^citation_")}):
        meta.setdefault(tag["name"], []).append(tag["content"])
    names = authors.split(", ")
    assert meta["citation_title"] == [title]
    assert meta["citation_author"] == names
    year = meta["citation_publication_date"][0][:4]
    assert year.isdigit()
    venue = (meta.get("citation_conference_title") or meta.get("citation_journal_title") or [""])[0]
    data = extruct.extract(text, syntaxes=["json-ld"])["json-ld"]
    assert len(data) == 1
    record = data[0]
    assert record["name"] == title
    assert [a["name"] for a in record["author"]] == names
    assert record["datePublished"].startswith(year)
    if venue:
        container = record["isPartOf"]
        while "name" not in container:  # an article's issue and volume, then the journal
            container = container["isPartOf"]
        assert container["name"] == venue
        assert record["@type"] == "ScholarlyArticle"
    elif meta.get("citation_technical_report_institution") == ["arXiv"]:  # FuseGen: an arXiv preprint
        assert record["@type"] == "ScholarlyArticle" and record["identifier"]["propertyID"] == "arXiv"
    else:  # HtFLlib and PFLlib are software
        assert record["@type"] == "SoftwareSourceCode"


def test_home_page_person_json_ld(site):
    import extruct

    data = extruct.extract((site / "index.html").read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]
    people = [d for d in data if d["@type"] == "Person"]
    assert len(people) == 1
    assert people[0]["name"] == OWNER
    assert "Tsinghua University" in people[0]["affiliation"]["name"]
    assert "https://github.com/TsingZ0" in people[0]["sameAs"]


def test_coauthor_homepages_linked_in_author_lists(site):
    index = page(site, "index.html")
    fedala = index.find(id="pub-zhang2023fedala")
    links = {a.get_text(): a["href"] for a in fedala.select(".vitae-authors a.vitae-coauthor")}
    assert links["Yang Hua"] == "https://scholar.google.com/citations?hl=zh-CN&user=N0tFi8MAAAAJ"
    assert links["Hao Wang"] == "https://intellisys.haow.ca/haowang/"
    assert "Zhengui Xue" not in links and "Jianqing Zhang" not in links
