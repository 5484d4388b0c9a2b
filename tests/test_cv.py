"""CV sections: ``cv`` (a JSON Resume) and ``cv-entry`` (written in the page), on the web and in the PDF."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_copy, warnings_of
from sphinx_vitae import resume
from sphinx_vitae.resume import Date, parse_date, parse_interval, show_dates

CORPUS = ROOT / "tests" / "corpus" / "resume"
SAMPLES = sorted(CORPUS.glob("*.json"))


# -- the pure module -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", Date(2019)),
        ("2019-09", Date(2019, 9)),
        ("2020-02-29", Date(2020, 2, 29)),
        (" 1905-06-30 ", Date(1905, 6, 30)),
    ],
)
def test_iso_dates_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["2019-13", "2019-00", "2019-02-30", "2021-02-29", "19", "2019/09", "Sep 2019", "2019-9", "present"]
)
def test_not_dates(text):
    assert parse_date(text) is None


def test_present_is_an_end_only():
    assert parse_date("present", end=True) == resume.PRESENT
    assert parse_date("Present", end=True) == resume.PRESENT


def test_dates_shown():
    assert show_dates(Date(2019, 9), Date(2023, 6)) == "Sep 2019 – Jun 2023"
    assert show_dates(Date(1933, 1, 1), Date(1933, 1, 1)) == "1933"  # al-folio's "-01-01" years
    assert show_dates(Date(2021), None, open_ended=True) == "2021 – present"
    assert show_dates(Date(2021), None) == "2021"
    assert show_dates(None, Date(2023)) == "2023"
    assert show_dates(None, None, ("2019-13", "")) == "2019-13"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2019-09 – 2023-06", Date(2019, 9), Date(2023, 6)),
        ("2019 - present", Date(2019), resume.PRESENT),
        ("2019-09/2023-06", Date(2019, 9), Date(2023, 6)),
        ("2019 to 2020", Date(2019), Date(2020)),
        ("2021", Date(2021), Date(2021)),
        ("– 2023", None, Date(2023)),
    ],
)
def test_intervals(text, start, end):
    interval = parse_interval(text)
    assert (interval.start, interval.end, interval.problems) == (start, end, [])


def test_interval_names_the_wrong_part():
    assert parse_interval("2019-13 – 2020").problems == ["2019-13"]
    assert parse_interval("2019 – soon").problems == ["soon"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_alfolio_samples_have_no_problem_in_any_section(sample):
    data, problems = resume.load(sample.read_text(encoding="utf-8"))
    assert problems == [] and data is not None
    shown = 0
    for name in resume.SECTIONS:
        entries, problems = resume.section(data, name)
        assert problems == [], (name, problems)
        assert all(entry.title for entry in entries)
        shown += len(entries)
    raw = json.loads(sample.read_text(encoding="utf-8"))
    counted = (
        "education",
        "work",
        "volunteer",
        "awards",
        "certificates",
        "skills",
        "languages",
        "interests",
        "projects",
    )
    assert shown == sum(len(raw.get(key, [])) for key in counted)


def test_alfolio_present_and_lowercase_award_dates():
    data, _ = resume.load((CORPUS / "alfolio-oman.json").read_text(encoding="utf-8"))
    work, _ = resume.section(data, "work")
    assert work[0].dates_text == "Oct 2023 – present"
    awards, _ = resume.section(data, "awards")
    assert [a.dates_text for a in awards[:2]] == ["2023 – 2031", "2022"]


def test_problems_name_their_json_path():
    data = {
        "work": [
            {"name": "A", "startDate": "2019-13"},
            {"position": "no name"},
            7,
            {"name": "B", "highlights": "one", "summary": ["x"], "startDate": "2021", "endDate": "2020"},
            {"name": "C", "highlights": ["ok", {"a": 1}]},
        ],
        "education": {"institution": "X"},
    }
    _, problems = resume.section(data, "work")
    assert [str(p) for p in problems] == [
        "work[0].startDate: '2019-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD); shown as written",
        "work[1]: has no 'name' or 'company'; skipped",
        "work[2]: should be an object ({...}), not a number; skipped",
        "work[3].endDate: 2020 is before the start, 2021",
        "work[3].highlights: should be a list of texts, not a text; read as a list of one",
        "work[3].summary: should be a text, not a list; left out",
        "work[4].highlights[1]: should be a text, not an object; left out",
    ]
    assert [str(p) for p in resume.section(data, "education")[1]] == [
        "education: should be a list of entries, not an object; nothing shown"
    ]


def test_bad_json_gives_line_and_column():
    data, problems = resume.load('{\n  "work": [\n    {"name": "A",}\n  ]\n}')
    assert data is None
    assert problems[0].line == 3
    assert problems[0].message.startswith("not valid JSON (line 3, column 18)")
    assert resume.load("[1, 2]")[1][0].message == "a JSON Resume is an object ({...}), not a list"
    assert resume.load("[" * 100_000)[0] is None  # too deep: a problem, not a RecursionError


def test_order_newest_first_undated_last_or_as_given():
    data = {"work": [{"name": n, **d} for n, d in [
        ("old", {"startDate": "2010"}), ("none", {}), ("new", {"startDate": "2020-03"}),
        ("end-only", {"endDate": "2015"}), ("same-start-longer", {"startDate": "2020-03", "endDate": "present"}),
    ]]}  # fmt: skip
    entries, _ = resume.section(data, "work")
    assert [e.title for e in resume.ordered(entries)] == ["same-start-longer", "new", "end-only", "old", "none"]
    assert [e.title for e in resume.ordered(entries, "oldest")] == [
        "old",
        "end-only",
        "new",
        "same-start-longer",
        "none",
    ]
    assert [e.title for e in resume.ordered(entries, "given")] == [
        "old",
        "none",
        "new",
        "end-only",
        "same-start-longer",
    ]


def test_internships_are_work_with_a_type():
    data = {"work": [{"name": "Lab", "position": "Postdoc"}, {"name": "Corp", "type": "Internship"}]}
    assert [e.title for e in resume.section(data, "work")[0]] == ["Lab"]
    assert [e.title for e in resume.section(data, "internships")[0]] == ["Corp"]
    assert resume.section_name("Positions") == "work" and resume.section_name("talks") == "talks"
    assert resume.section_name("hobbies") is None


# -- the built site ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-cv", tmp_path_factory.mktemp("cv"))


@pytest.fixture(scope="module")
def latex(rootdir, tmp_path_factory):
    return build_copy(rootdir / "test-cv", tmp_path_factory.mktemp("cv-latex"), "latex")


def soup(app, name="index.html"):
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


def test_alfolio_sample_builds_without_a_warning(site, latex):
    assert warnings_of(site) == []
    assert warnings_of(latex) == []


def test_every_section_shows_every_entry(site):
    raw = json.loads((CORPUS / "alfolio-einstein.json").read_text(encoding="utf-8"))
    page = soup(site)
    for key in (
        "education",
        "work",
        "awards",
        "volunteer",
        "certificates",
        "projects",
        "skills",
        "languages",
        "interests",
    ):
        # docutils' smart quotes: People's is People’s
        titles = [t.get_text().replace("’", "'") for t in page.select(f".vitae-cv-{key} .vitae-cv-title")]
        name = {
            "education": "institution",
            "awards": "title",
            "volunteer": "organization",
            "languages": "language",
        }.get(key, "name")
        assert sorted(titles) == sorted(item[name] for item in raw[key]), key


def test_dates_in_their_own_column_newest_first(site):
    page = soup(site)
    work = page.select_one(".vitae-cv-work")
    rows = [
        (e.select_one(".vitae-cv-dates").get_text(), e.select_one(".vitae-cv-title").get_text())
        for e in work.select(".vitae-cv-entry")
    ]
    assert rows == [
        ("1933 – 1955", "Institute for Advanced Study, Princeton University"),
        ("1933", "California Institute of Technology"),
        ("1917 – 1933", "Kaiser Wilhelm Institute for Physics"),
        ("1911 – 1917", "Karl-Ferdinand University"),
        ("1909 – 1911", "University of Zurich"),
    ]
    for entry in page.select(".vitae-cv-entry"):  # the grid: the dates, then the body
        assert [c["class"] for c in entry.find_all(recursive=False)] == [["vitae-cv-dates"], ["vitae-cv-body"]]
    awards = page.select(".vitae-cv-awards .vitae-cv-dates")
    assert [d.get_text() for d in awards] == ["Nov 1921", "2029"]  # :sort: oldest
    assert "vitae-cv-undated" in page.select_one(".vitae-cv-skills")["class"]
    head = page.select_one(".vitae-cv-education .vitae-cv-head")
    assert head.select_one("a")["href"] == "https://www.uzh.ch/"
    assert head.select_one(".vitae-cv-role").get_text() == "PhD in Physics"


def test_rst_entries(site):
    page = soup(site)
    talk, teaching = page.select("section#talks .vitae-cv-entry")
    assert talk.select_one(".vitae-cv-dates").get_text() == "Jun 1905 – Sep 1905"
    assert talk.select_one(".vitae-cv-where").get_text() == "Bern"
    assert talk.select_one(".vitae-cv-role").get_text() == "Patent Office seminar"
    assert talk.select_one(".vitae-cv-body > p:not(.vitae-cv-head) strong").get_text() == "special relativity"
    assert teaching.select_one(".vitae-cv-head a")["href"] == "https://example.org/teaching"


def test_stylesheet_linked_and_copied(site):
    assert soup(site).find("link", href=re.compile(r"_static/vitae-cv\.css"))
    assert (Path(site.outdir) / "_static" / "vitae-cv.css").is_file()


def test_latex_dates_right_aligned_on_the_head_line(latex):
    tex = (Path(latex.outdir) / "cv.tex").read_text(encoding="utf-8")
    flush_right = r"{\unskip\nobreak\hfil\penalty50\hskip1em\hbox{}\nobreak\hfil\mbox{"
    head = re.search(r"\\sphinxstylestrong\{Kaiser Wilhelm Institute for Physics\}.*", tex)
    assert head, tex
    assert head.group(0).endswith(flush_right + "1917 – 1933}\\parfillskip=0pt \\finalhyphendemerits=0 \\par}")
    talk = re.search(r"\\sphinxstylestrong\{On the Electrodynamics of Moving Bodies\}.*", tex).group(0)
    assert flush_right + "Jun 1905 – Sep 1905}" in talk
    assert tex.count(flush_right) == 2 + 5 + 2 + 2 + 1 + 3 + 1  # every dated entry; skills and languages have none
    assert "vitae-cv-dates" not in tex


@pytest.mark.latex
def test_pdf_compiles(rootdir, tmp_path):
    if not shutil.which("latexmk") or not shutil.which("xelatex"):
        pytest.skip("needs latexmk and xelatex")
    import subprocess

    app = build_copy(rootdir / "test-cv", tmp_path / "src", "latex")
    run = subprocess.run(["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "cv.tex"],
                         cwd=app.outdir, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert run.returncode == 0, run.stdout[-3000:]
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(Path(app.outdir) / "cv.pdf").pages)
    assert "Kaiser Wilhelm Institute for Physics" in text and "1917 – 1933" in text


def test_other_builders_get_standard_nodes(rootdir, tmp_path):
    app = build_copy(rootdir / "test-cv", tmp_path / "src", "text")
    assert warnings_of(app) == []
    text = " ".join((Path(app.outdir) / "index.txt").read_text(encoding="utf-8").replace("*", "").split())
    assert "Kaiser Wilhelm Institute for Physics, Berlin, Germany — Director (1917 – 1933)" in text


# -- bad input ------------------------------------------------------------------------------------------


def make_root(tmp_path, rootdir, page: str, files: dict[str, str], conf: str = "") -> Path:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-cv", src)
    (src / "resume.json").unlink()
    for name, text in files.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    (src / "index.rst").write_text("CV\n==\n\n" + page, encoding="utf-8")
    if conf:
        with (src / "conf.py").open("a", encoding="utf-8") as out:
            out.write(conf + "\n")
    return src


def test_bad_entries_warn_with_the_json_path(tmp_path, rootdir):
    bad = {"work": [{"name": "A", "startDate": "2019"}, {"name": "B", "startDate": "2019-02-30"},
                    {"name": "C", "startDate": "2019-13", "endDate": "soon"}, {"position": "D"},
                    {"name": "E", "highlights": "text"}]}  # fmt: skip
    src = make_root(tmp_path, rootdir, ".. cv:: work\n", {"resume.json": json.dumps(bad, indent=2)})
    app = build_copy(src, src)
    found = warnings_of(app)
    assert "Traceback" not in app.warning.getvalue()
    expected = [
        "work[1].startDate: '2019-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD); shown as written [vitae.resume]",
        "work[2].startDate: '2019-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD); shown as written [vitae.resume]",
        "work[2].endDate: 'soon' is not a date (YYYY, YYYY-MM or YYYY-MM-DD, or present); shown as written [vitae.resume]",
        "work[3]: has no 'name' or 'company'; skipped [vitae.resume]",
        "work[4].highlights: should be a list of texts, not a text; read as a list of one [vitae.resume]",
    ]
    assert [line.split(": WARNING: ")[1] for line in found] == expected
    # each with the line of its value: json.dumps(indent=2) puts every field on its own line
    text = (src / "resume.json").read_text(encoding="utf-8").splitlines()
    for line, field in zip(
        found, ['"2019-02-30"', '"2019-13"', '"soon"', '"position": "D"', '"highlights": "text"'], strict=True
    ):
        number = int(re.match(r"src/resume\.json:(\d+): WARNING", line).group(1))
        assert field in text[number - 1] or field in text[number], (line, text[number - 1])
    dates = [d.get_text() for d in soup(app).select(".vitae-cv-dates")]
    assert "2019-13 – soon" in dates and "2019-02-30 – present" in dates


def test_bad_json_is_a_warning_with_its_line(tmp_path, rootdir):
    src = make_root(
        tmp_path,
        rootdir,
        ".. cv:: education\n",
        {"resume.json": '{\n  "education": [\n    {"institution": "X",}\n  ]\n}\n'},
    )
    app = build_copy(src, src)
    assert warnings_of(app) == [
        "src/resume.json:3: WARNING: not valid JSON (line 3, column 25): Expecting property name enclosed in double quotes [vitae.resume]"
    ]


@pytest.mark.parametrize(
    ("page", "files", "conf", "message"),
    [
        (
            ".. cv:: education\n   :file: missing.json\n",
            {},
            "",
            "index.rst:4: WARNING: JSON Resume not found (:file: missing.json: ",
        ),
        (
            ".. cv:: education\n",
            {},
            "",
            "index.rst:4: WARNING: no JSON Resume for this CV section: set vitae_resume or add one of resume.json, _data/resume.json, assets/json/resume.json [vitae.resume]",
        ),
        (
            ".. cv:: hobbies\n",
            {"resume.json": "{}"},
            "",
            "index.rst:4: WARNING: unknown CV section 'hobbies' (known: education, work, internships,",
        ),
        (
            ".. cv:: education\n",
            {"resume.json": '{"work": []}'},
            "",
            "index.rst:4: WARNING: the JSON Resume src/resume.json has no education entries [vitae.cv]",
        ),
        (
            ".. cv:: education\n",
            {"resume.json": "[]"},
            "",
            "src/resume.json:1: WARNING: a JSON Resume is an object ({...}), not a list [vitae.resume]",
        ),
        (
            ".. cv:: education\n",
            {"r.json": '{"education": [{"institution": "U"}]}'},
            "vitae_resume = 5",
            "WARNING: vitae_resume should be a file name (text) or None, not 5 (int); None is used",
        ),
        (
            ".. cv-entry:: Talk\n   :dates: 2019-13 – 2020\n",
            {},
            "",
            "index.rst:4: WARNING: cv-entry :dates: '2019-13' is not a date",
        ),
        (
            ".. cv-entry:: Talk\n   :url: javascript:alert(1)\n",
            {},
            "",
            "index.rst:4: WARNING: cv-entry :url: 'javascript:alert(1)' is not a safe link",
        ),
    ],
    ids=[
        "missing-file",
        "no-default",
        "unknown-section",
        "empty-section",
        "not-an-object",
        "bad-config",
        "bad-rst-dates",
        "unsafe-url",
    ],
)
def test_usage_problems_warn(tmp_path, rootdir, page, files, conf, message):
    src = make_root(tmp_path, rootdir, page, files, conf)
    app = build_copy(src, src)
    text = app.warning.getvalue()
    assert "Traceback" not in text
    assert any(message in line for line in warnings_of(app)), (message, warnings_of(app))


def test_default_file_in_assets_and_the_folder_above(tmp_path, rootdir):
    data = '{"education": [{"institution": "Found U", "endDate": "2020"}]}'
    src = make_root(tmp_path, rootdir, ".. cv:: education\n", {"assets/json/resume.json": data})
    app = build_copy(src, src)
    assert warnings_of(app) == []
    assert soup(app).select_one(".vitae-cv-title").get_text() == "Found U"
    shutil.move(src / "assets", tmp_path / "assets")  # al-folio's place, next to the source folder
    app = build_copy(src, src)
    assert warnings_of(app) == []
    assert soup(app).select_one(".vitae-cv-title").get_text() == "Found U"


def test_editing_the_file_rebuilds_the_page_and_warnings_stay(tmp_path, rootdir):
    src = make_root(
        tmp_path,
        rootdir,
        ".. cv:: education\n",
        {"resume.json": '{"education": [{"institution": "Old U", "endDate": "2020-13"}]}'},
    )
    first = build_copy(src, src)
    assert soup(first).select_one(".vitae-cv-title").get_text() == "Old U"
    assert len(warnings_of(first)) == 1
    again = build_copy(src, src)  # nothing changed: the page is not read again, the warning is given again
    assert warnings_of(again) == warnings_of(first)
    assert (
        "0 source files that are out of date" in again.status.getvalue()
        or "no targets are out of date" in again.status.getvalue()
    )
    time.sleep(0.01)
    (src / "resume.json").write_text('{"education": [{"institution": "New U", "endDate": "2020"}]}', encoding="utf-8")
    third = build_copy(src, src)
    assert soup(third).select_one(".vitae-cv-title").get_text() == "New U"
    assert warnings_of(third) == []


# -- the README's example -------------------------------------------------------------------------------


def readme_cv_snippets() -> tuple[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("## CV sections") :]
    part = part[: part.index("\n## ", 1)]
    data = re.search(r"A `resume.json` next to `conf.py`:\n\n```json\n(.*?)```", part, re.S)
    page = re.search(r"and a page:\n\n```rst\n(.*?)```", part, re.S)
    assert data and page, "README's CV snippets moved: update this test"
    return data.group(1), page.group(1)


def test_readme_cv_example_builds(tmp_path):
    from test_readme import BIB, snippets

    conf, _ = snippets()
    data, page = readme_cv_snippets()
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "conf.py").write_text(conf, encoding="utf-8")
    (tmp_path / "source" / "resume.json").write_text(data, encoding="utf-8")
    (tmp_path / "source" / "index.rst").write_text(page, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    app = build_copy(tmp_path / "source", tmp_path / "source")
    assert warnings_of(app) == []
    html = soup(app)
    rows = [
        (e.select_one(".vitae-cv-dates").get_text(), e.select_one(".vitae-cv-title").get_text())
        for e in html.select(".vitae-cv-entry")
    ]
    assert rows == [
        ("1840 – Sep 1843", "University of London"),
        ("Oct 1842 – 1843", "Analytical Engine"),
        ("Jun 1843", "On the Analytical Engine"),
    ]
    assert html.select_one(".vitae-cv-work .vitae-cv-highlights a")["href"] == "https://en.wikipedia.org/wiki/Note_G"
    assert html.select_one(".vitae-cv-education .vitae-cv-summary strong").get_text() == "Augustus De Morgan"


def test_parallel_build_gives_the_serial_warnings(tmp_path, rootdir):
    """Two pages show the same bad section: -j 2 gives what a serial build gives, and so does a rebuild."""
    files = {
        "resume.json": '{"work": [{"name": "A", "startDate": "2019-13"}]}',
        "other.rst": "Other\n=====\n\n.. cv:: work\n",
    }
    page = ".. cv:: work\n\n.. toctree::\n\n   other\n"
    results = []
    for parallel in (0, 2):
        src = make_root(tmp_path / str(parallel), rootdir, page, files)
        first = build_copy(src, src, parallel=parallel)
        again = build_copy(src, src, parallel=parallel)
        results.append(sorted(line.split(": WARNING: ", 1)[1] for line in warnings_of(first)))
        assert sorted(warnings_of(again)) == sorted(warnings_of(first))
    assert results[0] == results[1]
    assert results[0] == 2 * [
        "work[0].startDate: '2019-13' is not a date (YYYY, YYYY-MM or YYYY-MM-DD); shown as written [vitae.resume]"
    ]
