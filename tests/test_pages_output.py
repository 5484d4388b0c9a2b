"""Publication pages are build output (root: test-pages-output): for every HTML builder,
every internal link resolves, nothing is written into the sources, gone entries' pages go."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import build_copy, warnings_of


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if "_build" not in p.parts)


def target_file(outdir: Path, page: Path, path: str) -> Path:
    """The file an internal href's path names, as a web server would serve it."""
    target = (page.parent / unquote(path)).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def ours(tag) -> bool:
    """Whether a link is one sphinx-vitae wrote (its class, or inside an element of ours)."""
    return any(c.startswith("vitae-") for t in [tag, *tag.parents] for c in t.get("class") or [])


def broken_links(outdir: Path, only_ours: bool = False) -> list[str]:
    """Every href of the site's pages that names no file, or an anchor not in it; *only_ours*:
    of the links sphinx-vitae wrote (Sphinx 9's singlehtml itself links its toctree entries
    to "#document-x#id" and to genindex.html, which it does not write)."""
    broken = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(outdir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in html.find_all(href=True):
            url = urlsplit(tag["href"])
            if url.scheme or url.netloc or (tag.name == "link" and "_static" in url.path):
                continue
            if only_ours and not ours(tag):
                continue
            target = target_file(outdir, page, url.path)
            if not target.is_file():
                broken.append(f"{page.relative_to(outdir)}: {tag['href']}")
                continue
            if url.fragment and target.suffix == ".html":
                if target not in ids:
                    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    ids[target] = {t["id"] for t in soup.find_all(id=True)}
                if unquote(url.fragment) not in ids[target]:
                    broken.append(f"{page.relative_to(outdir)}: {tag['href']} (no such anchor)")
    return broken


def remove_entry(srcdir: Path, key: str) -> None:
    bib = srcdir / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    start = text.index("{" + key + ",")
    start = text.rindex("@", 0, start)
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3 :], encoding="utf-8")


PAGE = {"html": "pub/babbage2019.html", "dirhtml": "pub/babbage2019/index.html"}


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_every_link_resolves_and_the_sources_stay_as_they_are(rootdir, tmp_path, builder):
    shutil.copytree(rootdir / "test-pages-output", tmp_path, dirs_exist_ok=True)
    before = listing(tmp_path)
    app = build_copy(tmp_path, tmp_path, builder)
    assert warnings_of(app) == []
    assert listing(tmp_path) == before
    assert broken_links(Path(app.outdir), only_ours=builder == "singlehtml") == []
    if builder == "singlehtml":
        assert not (Path(app.outdir) / "pub").exists()
        page = BeautifulSoup((Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser")
        titles = [a["href"] for a in page.select("a.vitae-title-link")]
        assert titles and all(href.startswith("#pub-") for href in titles)
        assert [a["href"] for a in page.select("a.vitae-cite")] == ["#pub-lovelace2024engine", "#pub-smith2023shared"]
    else:
        assert (Path(app.outdir) / PAGE[builder]).is_file()


def test_title_links_without_a_link_suffix(rootdir, tmp_path):
    app = build_copy(rootdir / "test-pages-output", tmp_path, confoverrides={"html_link_suffix": ""})
    assert warnings_of(app) == []
    page = BeautifulSoup((Path(app.outdir) / "all.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in page.select("a.vitae-title-link")}
    assert "pub/babbage2019" in hrefs
    assert (Path(app.outdir) / "pub" / "babbage2019.html").is_file()


def test_dirhtml_links_to_the_page_folder(rootdir, tmp_path):
    app = build_copy(rootdir / "test-pages-output", tmp_path, "dirhtml")
    page = BeautifulSoup((Path(app.outdir) / "all" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "../pub/babbage2019/" in {a["href"] for a in page.select("a.vitae-title-link")}


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_removed_entrys_page_is_gone_after_a_rebuild(rootdir, tmp_path, builder):
    shutil.copytree(rootdir / "test-pages-output", tmp_path, dirs_exist_ok=True)
    app = build_copy(tmp_path, tmp_path, builder)
    page = Path(app.outdir) / PAGE[builder]
    assert (Path(app.outdir) / PAGE[builder].replace("babbage2019", "lovelace2025preprint")).is_file()
    remove_entry(tmp_path, "lovelace2025preprint")
    app = build_copy(tmp_path, tmp_path, builder)
    assert warnings_of(app) == []
    assert page.is_file()
    gone = Path(app.outdir) / PAGE[builder].replace("babbage2019", "lovelace2025preprint")
    assert not gone.exists() and not (Path(app.outdir) / "pub" / "lovelace2025preprint.bib").exists()
    assert not gone.parent.exists() if builder == "dirhtml" else True
    assert broken_links(Path(app.outdir)) == []


def test_a_rebuild_with_nothing_changed_gives_the_same_warnings_and_bib_files(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-pages-output", tmp_path, dirs_exist_ok=True)
    first = build_copy(tmp_path, tmp_path)
    bib = Path(first.outdir) / "pub" / "babbage2019.bib"
    stamp = bib.stat().st_mtime_ns
    second = build_copy(tmp_path, tmp_path)
    assert warnings_of(second) == warnings_of(first) == []
    assert bib.stat().st_mtime_ns == stamp
