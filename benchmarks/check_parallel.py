"""Check that a parallel build (-j 2) writes the same HTML as a serial one.

Builds the benchmark's own site ("ours", from a generated refs.bib of N entries, plus a
page that cites entries with ``:pub:``) twice from the same sources, serially and with
``-j 2``, each from scratch, and compares every output file except the build info.

    python benchmarks/check_parallel.py [--n 200] [--workdir build/bench/parallel]
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import PAGES  # noqa: E402

IGNORED = {".buildinfo"}


def cites_page(keys: list[str]) -> str:
    refs = ", ".join(f":pub:`{key}`" for key in keys)
    return f"Research\n========\n\nSome of the work this page talks about: {refs}.\n"


def build(src: Path, out: Path, doctrees: Path, jobs: int) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(doctrees, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-j", str(jobs)]
    command += ["-d", str(doctrees), str(src), str(out)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build -j {jobs} failed:\n{done.stdout}\n{done.stderr}")
    if done.stderr.strip():
        print(f"-j {jobs} warnings:\n{done.stderr.strip()[:2000]}")


def compare(a: Path, b: Path) -> list[str]:
    problems = []
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.name not in IGNORED}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file() and p.name not in IGNORED}
    for missing in sorted(files_a ^ files_b):
        problems.append(f"only in {'serial' if missing in files_a else 'parallel'}: {missing}")
    for name in sorted(files_a & files_b):
        one, two = (a / name).read_bytes(), (b / name).read_bytes()
        if one != two:
            text = "".join(
                list(
                    difflib.unified_diff(
                        one.decode(errors="replace").splitlines(True),
                        two.decode(errors="replace").splitlines(True),
                        f"serial/{name}",
                        f"parallel/{name}",
                        n=1,
                    )
                )[:30]
            )
            problems.append(f"differs: {name}\n{text}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="entries in the generated refs.bib")
    parser.add_argument("--workdir", type=Path, default=HERE.parent / "build" / "bench" / "parallel")
    args = parser.parse_args(argv)
    src = args.workdir / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    bib = generate(args.n)
    for name, text in PAGES["ours"].items():
        if name == "index.rst":
            text = text.replace("   about\n", "   about\n   research\n")
        (src / name).write_text(text, encoding="utf-8")
    (src / "refs.bib").write_text(bib, encoding="utf-8")
    keys = [line.split("{", 1)[1].rstrip(",") for line in bib.splitlines() if line.startswith("@")]
    (src / "research.rst").write_text(cites_page(keys[:: max(1, len(keys) // 12)]), encoding="utf-8")
    build(src, args.workdir / "serial", args.workdir / "doctrees-serial", 1)
    build(src, args.workdir / "parallel", args.workdir / "doctrees-parallel", 2)
    problems = compare(args.workdir / "serial", args.workdir / "parallel")
    count = sum(1 for p in (args.workdir / "serial").rglob("*.html"))
    if problems:
        print(f"{len(problems)} difference(s) between the serial and the -j 2 build ({count} HTML pages):")
        print("\n".join(problems[:20]))
        return 1
    print(f"serial and -j 2 builds are identical ({count} HTML pages, N = {args.n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
