"""The benchmark tools: the refs.bib generator and the runner's quick mode.

The real measurements (``make bench``) take far too long for the test suite; these
tests check that the tools work: the generated file is realistic and parses, and one
quick run of both sites writes results.json with every key.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pybtex.database import parse_string

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

KEYS = {
    f"{site}_{measure}"
    for site in ("ours", "plain")
    for measure in ("cold", "nochange", "touch_rst", "touch_bib", "peak_mb")
}


def _is_owner(person) -> bool:
    first = " ".join(person.first_names).rstrip("*")
    return " ".join(person.last_names) == "Zhang" and first == "Jianqing"


def test_generated_bib_is_realistic():
    text = generate.generate(300)
    assert text == generate.generate(300), "the generator is deterministic"
    assert text != generate.generate(300, seed=1)
    data = parse_string(text, "bibtex")
    entries = data.entries
    assert len(entries) == 300
    assert {entry.fields["stage"] for entry in entries.values()} == {"I", "II", "III", "IV"}
    years = {int(entry.fields["year"]) for entry in entries.values()}
    assert len(years) >= 15
    owned = sum(any(_is_owner(p) for p in entry.persons.get("author", [])) for entry in entries.values())
    assert 0.25 <= owned / len(entries) <= 0.42, owned
    counts = [len(entry.persons.get("author", [])) for entry in entries.values()]
    assert min(counts) == 1 and max(counts) >= 15
    assert '{\\"u}' in text and "{\\'\\i}" in text  # LaTeX accents
    fields = [name for entry in entries.values() for name in entry.fields]
    for name in ("abbr", "url", "code", "selected", "doi", "arxiv"):
        assert name in fields, name


def test_cached_decoding_matches_latexmarkup():
    """records.py decodes each distinct text once: it must decode exactly as latexmarkup does."""
    from sphinx_vitae import latexmarkup, names, records

    data = parse_string(generate.generate(300) + (ROOT / "refs.bib").read_text(encoding="utf-8"), "bibtex")
    for entry in data.entries.values():
        for value in entry.fields.values():
            assert records.parse(value) == latexmarkup.parse(value)
            assert records.to_text(value) == latexmarkup.to_text(value)
        for person in entry.persons.get("author", []):
            cached, fresh = records.author_from_person(person), names.author_from_person(person)
            assert (cached, cached.key) == (fresh, fresh.key)


def test_runner_quick_mode(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--sizes",
            "60",
            "--runs",
            "1",
            "--workdir",
            str(tmp_path),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(out.read_text())
    assert set(results) == {"60"}
    assert set(results["60"]) == KEYS
    assert all(isinstance(value, float) and value > 0 for value in results["60"].values())
    assert "ours_cold / plain_cold" in done.stdout
    # the sites really show the entries: ours in groups and on the list, plain on its bibliography
    ours = (tmp_path / "60" / "ours" / "html" / "publications.html").read_text(encoding="utf-8")
    plain = (tmp_path / "60" / "plain" / "html" / "publications.html").read_text(encoding="utf-8")
    assert ours.count('class="vitae-entry') >= 60
    assert plain.count('class="citation"') == 60
