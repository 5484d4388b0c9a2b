"""Build a generated profile site with sphinx-vitae and with plain sphinxcontrib-bibtex, side by side.

For each size N a realistic refs.bib is generated (benchmarks/generate.py) and two
sites are built from that same file, each in its own subprocess
(``python -m sphinx -b html``) with its own srcdir, outdir and doctreedir under the
work directory, both with the furo theme:

* ``ours``  - the entries in four publication groups (``.. publications::`` with
  ``:stage:``) on the home page, and every entry on ``.. all-publications::``;
* ``plain`` - sphinxcontrib-bibtex alone, every entry on ``.. bibliography:: :all:``.

Both sites also have a page that shows no publication (``about.rst``). Measured, each
the median of --runs runs: a cold build (-E, empty output), a rebuild with nothing
changed, a rebuild after editing about.rst, a rebuild after editing one entry of
refs.bib, and the peak memory of any of those builds (resident set size of the build
process, via _measure.py). The two sites take turns going first. Our site uses the
extension's defaults but for the page per entry (off: issue 5 measures the groups and
the all-publications page); --ours-conf adds lines to its conf.py (say, to turn a
feature on and see what it costs). Each build's CPU time is kept too
(WORKDIR/results-raw.json and the last column of the table): on a busy machine it says more than the wall time.

    python benchmarks/run.py                       # N = 1000 and 5000, 3 runs: build/bench/results.json
    python benchmarks/run.py --sizes 200 --runs 1  # quick smoke test
    python benchmarks/run.py --sizes 5000 --profile   # also cProfile our builds into build/bench/profile/
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import OWNER_VARIANTS, STAGES, generate  # noqa: E402

ROOT = HERE.parent
SITES = ("ours", "plain")
STEPS = ("cold", "nochange", "touch_rst", "touch_bib")
KEYS = tuple(f"{site}_{step}" for step in STEPS for site in SITES) + tuple(f"{site}_peak_mb" for site in SITES)

COMMON_CONF = """\
project = "Jianqing Zhang"
author = "Jianqing Zhang"
copyright = "2026, Jianqing Zhang"
language = "en"
html_theme = "furo"
html_title = "Jianqing Zhang"
html_show_sourcelink = False
html_copy_source = False
bibtex_bibfiles = ["refs.bib"]
"""

ABOUT = """\
About
=====

A page that shows no publication: editing it must not make the publication pages rebuild.

I am a PhD student in Computer Science. My research interests include federated learning,
knowledge distillation and privacy-preserving synthetic data generation.
"""

PAGES: dict[str, dict[str, str]] = {
    "ours": {
        # Issue 5's "our site": the entries in publication groups plus the all-publications
        # page. A page per entry is a separate feature (5000 more Sphinx documents); measure
        # it with --ours-conf "vitae_publication_pages = True".
        "conf.py": COMMON_CONF
        + f'extensions = ["sphinx_vitae"]\nvitae_owner = {OWNER_VARIANTS!r}\nvitae_publication_pages = False\n',
        "index.rst": "Jianqing Zhang\n==============\n\nPhD student in Computer Science.\n\n"
        "Publications by research stage\n------------------------------\n\n"
        + "".join(f".. publications:: Stage {stage}\n   :stage: {stage}\n\n" for stage in STAGES)
        + ".. toctree::\n   :hidden:\n\n   publications\n   about\n",
        "publications.rst": "All publications\n================\n\n.. all-publications::\n",
        "about.rst": ABOUT,
    },
    # not measured against: a furo site with no bibliography, the floor of any rebuild
    "empty": {
        "conf.py": COMMON_CONF.replace('bibtex_bibfiles = ["refs.bib"]\n', ""),
        "index.rst": "Jianqing Zhang\n==============\n\nPhD student in Computer Science.\n\n"
        ".. toctree::\n   :hidden:\n\n   about\n",
        "about.rst": ABOUT,
    },
    "plain": {
        "conf.py": COMMON_CONF + 'extensions = ["sphinxcontrib.bibtex"]\n',
        "index.rst": "Jianqing Zhang\n==============\n\nPhD student in Computer Science.\n\n"
        ".. toctree::\n   :hidden:\n\n   publications\n   about\n",
        "publications.rst": "All publications\n================\n\n.. bibliography::\n   :all:\n",
        "about.rst": ABOUT,
    },
}


class Site:
    def __init__(self, workdir: Path, n: int, name: str) -> None:
        self.name = name
        self.base = workdir / str(n) / name
        self.src = self.base / "src"
        self.out = self.base / "html"
        self.doctrees = self.base / "doctrees"
        self.log = self.base / "build.log"
        self.edits = 0

    def write_sources(self, bib: str, extra_conf: str = "") -> None:
        shutil.rmtree(self.src, ignore_errors=True)
        self.src.mkdir(parents=True)
        for name, text in PAGES[self.name].items():
            if name == "conf.py" and extra_conf:
                text += extra_conf.rstrip("\n") + "\n"
            (self.src / name).write_text(text, encoding="utf-8")
        (self.src / "refs.bib").write_text(bib, encoding="utf-8")

    def clean(self) -> None:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.doctrees, ignore_errors=True)

    def edit_rst(self) -> None:
        self.edits += 1
        with (self.src / "about.rst").open("a", encoding="utf-8") as f:
            f.write(f"\nEdited {self.edits} time(s).\n")

    def edit_bib(self) -> None:
        """Change the title of one entry in the middle of refs.bib."""
        self.edits += 1
        path = self.src / "refs.bib"
        text = path.read_text(encoding="utf-8")
        middle = text.find("\n@", len(text) // 2)
        at = text.index("title", middle if middle >= 0 else text.index("\n@"))
        brace = text.index("{", at)
        text = text[: brace + 1] + f"Revision {self.edits} of " + text[brace + 1 :]
        path.write_text(text, encoding="utf-8")

    def command(self, cold: bool, profile: Path | None = None) -> list[str]:
        runner = ["-m", "cProfile", "-o", str(profile), "-m", "sphinx"] if profile else ["-m", "sphinx"]
        return [
            sys.executable, *runner, "-b", "html", "-q", *(["-E"] if cold else []),
            "-d", str(self.doctrees), str(self.src), str(self.out),
        ]  # fmt: skip

    def build(self, cold: bool, profile: Path | None = None) -> dict[str, float]:
        if cold:
            self.clean()
        wrapper = [sys.executable, str(HERE / "_measure.py"), str(self.log), "--"]
        done = subprocess.run(wrapper + self.command(cold, profile), capture_output=True, text=True, check=True)
        result = json.loads(done.stdout)
        log = self.log.read_text(encoding="utf-8", errors="replace")
        if result["returncode"] != 0:
            raise SystemExit(f"{self.name} build failed (exit {result['returncode']}):\n{log[-4000:]}")
        warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
        if warnings:
            print(f"  {self.name}: {len(warnings)} warning(s), e.g. {warnings[0]}", file=sys.stderr)
        return result


def run_once(site: Site, bib: str, profile_dir: Path | None = None, extra_conf: str = "") -> dict[str, float]:
    site.write_sources(bib, extra_conf if site.name == "ours" else "")
    samples: dict[str, float] = {}
    peak = 0.0

    def step(name: str, cold: bool = False) -> None:
        nonlocal peak
        profile = profile_dir / f"{site.base.parent.name}-{site.name}-{name}.prof" if profile_dir else None
        result = site.build(cold, profile)
        samples[name] = result["seconds"]
        samples[f"{name}_cpu"] = result["cpu_seconds"]
        peak = max(peak, result["peak_mb"])

    step("cold", cold=True)
    step("nochange")
    site.edit_rst()
    step("touch_rst")
    site.edit_bib()
    step("touch_bib")
    samples["peak_mb"] = peak
    return samples


def empty_once(site: Site) -> dict[str, float]:
    """The reference: cold build and nothing-changed rebuild of a furo site without entries."""
    site.write_sources("")
    return {"cold": site.build(cold=True)["seconds"], "nochange": site.build(cold=False)["seconds"]}


def bench_size(
    n: int, runs: int, workdir: Path, extra_conf: str = ""
) -> tuple[dict[str, float], dict[str, list[float]]]:
    bib = generate(n)
    (workdir / str(n)).mkdir(parents=True, exist_ok=True)
    (workdir / str(n) / "refs.bib").write_text(bib, encoding="utf-8")
    sites = {name: Site(workdir, n, name) for name in SITES}
    raw: dict[str, list[float]] = {}
    for run in range(runs):
        order = SITES if run % 2 == 0 else SITES[::-1]
        for name in order:
            samples = run_once(sites[name], bib, extra_conf=extra_conf)
            for step_name, value in samples.items():
                raw.setdefault(f"{name}_{step_name}", []).append(value)
            print(
                f"  N={n} run {run + 1}/{runs} {name:5}: "
                + ", ".join(f"{k} {v:.2f}s (cpu {samples[k + '_cpu']:.2f}s)" for k, v in samples.items() if k in STEPS)
                + f", peak {samples['peak_mb']:.0f}MB",
                flush=True,
            )
        for step_name, value in empty_once(Site(workdir, n, "empty")).items():
            raw.setdefault(f"empty_{step_name}", []).append(value)
    medians = {key: round(float(statistics.median(raw[key])), 3) for key in KEYS}
    return medians, raw


def profile_ours(n: int, workdir: Path, top: int = 40, extra_conf: str = "") -> Path:
    """cProfile our cold, nothing-changed and one-entry-edited builds; write .prof and a text summary."""
    bib = generate(n)
    profile_dir = workdir / "profile"
    profile_dir.mkdir(parents=True, exist_ok=True)
    site = Site(workdir, n, "ours")
    run_once(site, bib, profile_dir, extra_conf)
    for prof in sorted(profile_dir.glob(f"{n}-ours-*.prof")):
        with prof.with_suffix(".txt").open("w") as out:
            stats = pstats.Stats(str(prof), stream=out)
            stats.sort_stats("cumulative").print_stats(top)
            stats.sort_stats("tottime").print_stats(top)
    return profile_dir


TARGETS = (
    ("cold", "ours_cold / plain_cold", lambda r: r["ours_cold"] / r["plain_cold"], 0.4),
    ("nochange", "ours_nochange / plain_nochange", lambda r: r["ours_nochange"] / r["plain_nochange"], 0.15),
    ("touch_rst", "ours_touch_rst / plain_touch_rst", lambda r: r["ours_touch_rst"] / r["plain_touch_rst"], 0.2),
    ("touch_bib", "ours_touch_bib / plain_cold", lambda r: r["ours_touch_bib"] / r["plain_cold"], 0.5),
)


def table(results: dict[str, dict[str, float]], raw: dict[str, dict[str, list[float]]] | None = None) -> str:
    """The results, the ratios of the issue's targets, and (from *raw*) the same ratios in CPU time."""
    lines = [f"{'N':>6} {'measure':<10} {'ours':>9} {'plain':>9} {'ratio':>7} {'cpu ratio':>10}"]
    for n, r in results.items():
        cpu = {key: statistics.median(values) for key, values in (raw or {}).get(n, {}).items()}
        for step in STEPS:
            ours, plain = r[f"ours_{step}"], r[f"plain_{step}"]
            cpu_ratio = None
            if f"plain_{step}_cpu" in cpu:
                cpu_ratio = cpu[f"ours_{step}_cpu"] / cpu[f"plain_{step}_cpu"]
            lines.append(
                f"{n:>6} {step:<10} {ours:>8.2f}s {plain:>8.2f}s {ours / plain:>7.2f}"
                + (f" {cpu_ratio:>10.2f}" if cpu_ratio is not None else "")
            )
        lines.append(f"{n:>6} {'peak':<10} {r['ours_peak_mb']:>7.0f}MB {r['plain_peak_mb']:>7.0f}MB "
                     f"{r['ours_peak_mb'] / r['plain_peak_mb']:>7.2f}")  # fmt: skip
        for _step, label, ratio, limit in TARGETS:
            value = ratio(r)
            line = f"{n:>6}   {label:<34} {value:6.3f} <= {limit:<5} {'met' if value <= limit else 'MISSED'}"
            if cpu:
                cpu_values = {key[: -len("_cpu")]: v for key, v in cpu.items() if key.endswith("_cpu")}
                line += f"   (cpu time: {ratio(cpu_values):.3f})"
            lines.append(line)
        empty = (raw or {}).get(n, {})
        if empty.get("empty_nochange"):
            cold, nochange = statistics.median(empty["empty_cold"]), statistics.median(empty["empty_nochange"])
            lines.append(
                f"{n:>6}   reference, a furo site without entries: cold {cold:.2f}s, nothing changed {nochange:.2f}s"
                f" ({nochange / r['plain_nochange']:.3f} of plain's; ours {r['ours_nochange'] - nochange:+.2f}s)"
            )
    sizes = sorted(results, key=int)
    if len(sizes) >= 2:
        small, large = sizes[0], sizes[-1]
        limit = 6.0 * (int(large) / int(small)) / 5.0  # the issue: <= 6x for a 5x larger file
        value = results[large]["ours_cold"] / results[small]["ours_cold"]
        verdict = "met" if value <= limit else "MISSED"
        lines.append(f"ours_cold N={large} / N={small}: {value:.2f} <= {limit:g} {verdict}")
    return "\n".join(lines)


def compile_packages() -> None:
    """Byte-compile our package, as pip does when it installs one.

    An editable install (``make venv``) leaves sphinx_vitae as plain sources; where
    ``PYTHONDONTWRITEBYTECODE`` is set, every build would compile it again, a cost that
    an installed sphinx-vitae, like the pip-installed sphinxcontrib-bibtex beside it,
    never pays.
    """
    import compileall

    import sphinx_vitae

    compileall.compile_dir(str(Path(sphinx_vitae.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000], help="numbers of entries")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is kept)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench", help="where sites are built")
    parser.add_argument("--out", type=Path, help="results file (default: WORKDIR/results.json)")
    parser.add_argument("--profile", action="store_true", help="also cProfile our builds into WORKDIR/profile/")
    parser.add_argument(
        "--ours-conf",
        default="",
        metavar="PYTHON",
        help='lines added to our conf.py, e.g. "vitae_publication_pages = True"',
    )
    args = parser.parse_args(argv)
    out = args.out or args.workdir / "results.json"
    args.workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYTHONHASHSEED", "0")
    compile_packages()
    results: dict[str, dict[str, float]] = {}
    raw: dict[str, dict[str, list[float]]] = {}
    for n in args.sizes:
        print(f"N = {n}: {args.runs} run(s) per site", flush=True)
        results[str(n)], raw[str(n)] = bench_size(n, args.runs, args.workdir, args.ours_conf)
        if args.profile:
            print(f"  profiles: {profile_ours(n, args.workdir, extra_conf=args.ours_conf)}", flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    out.with_name(out.stem + "-raw.json").write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    print(table(results, raw))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
