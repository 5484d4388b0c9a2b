"""Generate a realistic ``refs.bib`` of N entries for the benchmarks.

Deterministic (seeded): the same N and seed always give the same file. Entries use
al-folio's display fields (``abbr``, ``url``, ``code``, ``arxiv``, ``stage`` = I..IV,
``selected``), are spread over four research stages and twenty years, have from one to
a few dozen authors, LaTeX accents and markup (``M{\\"u}ller``, ``\\emph{...}``, ``$\\ell_2$``)
and links; about a third list the profile owner, "Jianqing Zhang", in one of the ways
refs.bib writes him.

    python benchmarks/generate.py 5000 -o build/bench/refs-5000.bib [--seed 2024]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

OWNER = "Jianqing Zhang"
#: how the owner is written in entries (all matched by the site's ``vitae_owner``)
OWNER_FORMS = ("Zhang, Jianqing", "Zhang, Jianqing", "Zhang, Jianqing", "Jianqing Zhang", "Zhang, Jianqing*")
#: ``vitae_owner`` for the generated sites
OWNER_VARIANTS = ["Jianqing Zhang", "Jianqing (Tsing) Zhang"]

STAGES = ("I", "II", "III", "IV")

GIVEN = (
    "Yang Jian Tao Hao Wei Lei Ruhui Dongjin Tianyuan Peng Jingjing Xin Yu Chen Ming Li Na Qiang "
    "Anna Lukas Jonas Sophie Marie Pierre Camille Elena Marco Giulia Carlos Lucia Jos{\\'e} "
    "Andr{\\'e} Fran{\\c{c}}ois J{\\\"o}rg Bj{\\\"o}rn S{\\o}ren Ji{\\v{r}}{\\'\\i} Ond{\\v{r}}ej "
    "{\\L}ukasz Zo{\\\"e} Ren{\\'e}e In{\\^e}s John Michael Sarah David Emily Daniel Laura Kevin "
    "Priya Arjun Rahul Aisha Omar Fatima Hiroshi Yuki Sakura Min-jun Seo-yeon Ya-Qin Jie Jun"
).split()
LAST = (
    "Liu Hua Cao Ma Song Yu Wang Zou Li Chen Zhou Wu Xu Sun Huang Zhao Lin He Guo Luo "
    "M{\\\"u}ller Schr{\\\"o}der Gau{\\ss} Garc{\\'\\i}a Mart{\\'\\i}nez L{\\'o}pez Rodr{\\'\\i}guez "
    "Fran{\\c{c}}ois Lef{\\`e}vre Dvo{\\v{r}}{\\'a}k {\\v{C}}apek {\\O}stergaard {\\AA}berg Erd{\\H{o}}s "
    "Smith Johnson Brown Taylor Wilson Anderson Thomas Moore Patel Sharma Gupta Khan Tanaka Suzuki "
    "Sato Kim Park Choi Rossi Bianchi Romano Novak Kowalski Nguyen Tran"
).split()
#: a same-surname co-author who must not be taken for the owner
NOT_OWNER = ("Zhang, Ya-Qin", "Zhang, Jie", "Zhang, Wei", "Zhang, Jun")
VON = ("van der Berg", "de la Cruz", "von Neumann", "van den Oord", "di Stefano")

TOPICS = (
    "Federated Learning",
    "Personalized Federated Learning",
    "Knowledge Distillation",
    "Recommender Systems",
    "Synthetic Data Generation",
    "Large Language Models",
    "Vertical Domain Small Models",
    "Graph Neural Networks",
    "Contrastive Learning",
    "Differential Privacy",
    "Model Heterogeneity",
    "Domain Adaptation",
    "Prototype Learning",
    "Continual Learning",
    "Data-Free Distillation",
    "Split Learning",
)
ADJECTIVES = (
    "Adaptive",
    "Efficient",
    "Robust",
    "Scalable",
    "Privacy-Preserving",
    "Communication-Efficient",
    "Trainable",
    "Heterogeneous",
    "Decentralized",
    "Upload-Efficient",
    "Label-Free",
    "Generalizable",
)
NOUNS = (
    "Aggregation",
    "Prototypes",
    "Representations",
    "Generators",
    "Feature Separation",
    "Optimization",
    "Calibration",
    "Mixture of Experts",
    "Benchmark",
    "Library",
    "Framework",
    "Analysis",
)
ACRONYM_PARTS = ("Fed", "Ht", "Ktl", "Gen", "Pro", "Dis", "Cal", "Mix", "Pfl", "Tgp", "Ala", "Cp", "Dbe", "Fuse")
TITLE_EXTRAS = (
    "",
    "",
    "",
    "",
    " with $\\ell_2$ Regularization",
    " under \\emph{Non-IID} Data",
    " for {IoT} Devices",
    " at 100\\% Scale",
    " via $\\alpha$-Divergence",
    " in the {Wild}",
    ": A {Survey}",
    " --- Revisited",
    " for M{\\\"u}nchen's Hospitals",
    " with \\textbf{Guarantees}",
)
CONFERENCES = (
    ("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "CVPR"),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
    ("Advances in Neural Information Processing Systems (NeurIPS)", "NeurIPS"),
    ("International Conference on Machine Learning (ICML)", "ICML"),
    ("International Conference on Learning Representations (ICLR)", "ICLR"),
    ("Proceedings of the ACM SIGKDD Conference on Knowledge Discovery and Data Mining", "KDD"),
    ("Proceedings of the IEEE/CVF International Conference on Computer Vision (ICCV)", "ICCV"),
    ("Proceedings of the ACM Web Conference (WWW)", "WWW"),
    ("Annual Meeting of the Association for Computational Linguistics (ACL)", "ACL"),
)
JOURNALS = (
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI"),
    ("IEEE Transactions on Knowledge and Data Engineering", "TKDE"),
    ("ACM Computing Surveys", "CSUR"),
    ("Journal of Machine Learning Research", "JMLR"),
    ("IEEE Transactions on Mobile Computing", "TMC"),
    ("Information Sciences", "INS"),
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _person(rng: random.Random) -> str:
    roll = rng.random()
    given, last = rng.choice(GIVEN), rng.choice(LAST)
    if roll < 0.04:
        return f"{rng.choice(VON)}, {given}"
    if roll < 0.10:
        return f"{given} {last}"  # "First Last" form
    if roll < 0.14:
        return f"{last}, {given[0]}." if given[0].isalpha() else f"{last}, {given}"
    if roll < 0.17:
        return f"{last}, {given}$^\\dagger$"
    return f"{last}, {given}"


def _authors(rng: random.Random, has_owner: bool) -> list[str]:
    roll = rng.random()
    if roll < 0.08:
        count = 1
    elif roll < 0.85:
        count = rng.randint(2, 6)
    elif roll < 0.97:
        count = rng.randint(7, 15)
    else:
        count = rng.randint(20, 40)  # a large collaboration
    people: list[str] = []
    while len(people) < count:
        name = rng.choice(NOT_OWNER) if rng.random() < 0.03 else _person(rng)
        if name not in people:
            people.append(name)
    if has_owner:
        people.insert(rng.randrange(min(len(people), 3) + 1), rng.choice(OWNER_FORMS))
    return people


def _title(rng: random.Random) -> tuple[str, str]:
    acronym = "".join(rng.sample(ACRONYM_PARTS, 2)) + rng.choice(("", "", "++", "2", "-X"))
    body = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {rng.choice(TOPICS)}{rng.choice(TITLE_EXTRAS)}"
    if rng.random() < 0.6:
        return f"{{{acronym}}}: {body}", acronym
    return body, ""


def _key_part(name: str) -> str:
    last = name.split(",")[0] if "," in name else name.split()[-1]
    return "".join(c for c in last.lower() if c.isascii() and c.isalpha()) or "anon"


def make_entry(rng: random.Random, index: int, years: tuple[int, int]) -> str:
    has_owner = rng.random() < 1 / 3
    authors = _authors(rng, has_owner)
    title, acronym = _title(rng)
    year = rng.randint(*years)
    stage = STAGES[min(3, (year - years[0]) * 4 // (years[1] - years[0] + 1))]
    if rng.random() < 0.25:
        stage = rng.choice(STAGES)  # stages overlap in time
    key = f"{_key_part(authors[0])}{year}{acronym.lower().strip('+-2x') or 'p'}{index}"
    kind = rng.random()
    fields: list[tuple[str, str]] = [("title", title), ("author", " and ".join(authors))]
    if kind < 0.55:
        entry_type = "inproceedings"
        venue, abbr = rng.choice(CONFERENCES)
        fields += [("booktitle", venue), ("pages", f"{rng.randint(1, 20000)}--{rng.randint(20001, 21000)}")]
        badge = f"{abbr}'{year % 100:02d}"
    elif kind < 0.80:
        entry_type = "article"
        venue, abbr = rng.choice(JOURNALS)
        fields += [("journal", venue), ("volume", str(rng.randint(1, 60))), ("number", str(rng.randint(1, 12)))]
        badge = f"{abbr}'{year % 100:02d}"
    elif kind < 0.95:
        entry_type = "misc"
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 19999):05d}"
        fields += [("howpublished", f"arXiv preprint arXiv:{arxiv}"), ("arxiv", arxiv)]
        badge = ""
    else:
        entry_type = "software"
        badge = acronym or "Library"
        fields = [f for f in fields if f[0] != "author"] + [("author", authors[0])]
    fields += [("year", str(year))]
    if rng.random() < 0.7:
        fields.append(("month", MONTHS[rng.randrange(12)]))
    if badge and rng.random() < 0.9:
        fields.append(("abbr", badge))
    if entry_type != "software" and rng.random() < 0.85:
        fields.append(("url", f"https://example.org/papers/{key}.pdf"))
    if rng.random() < 0.45:
        fields.append(("code", f"https://github.com/example/{(acronym or key)[:20]}"))
    if entry_type in ("inproceedings", "article") and rng.random() < 0.4:
        fields.append(("doi", f"10.{rng.randint(1000, 9999)}/{key}"))
    if rng.random() < 0.05:
        fields.append(("award", rng.choice(("Best Paper Award", "Oral", "Spotlight"))))
    fields.append(("stage", stage))
    if rng.random() < 0.1:
        fields.append(("selected", "true"))
    width = max(len(name) for name, _ in fields)
    body = "".join(f"  {name:<{width}} = {{{value}}},\n" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}}}\n"


def generate(n: int, seed: int = 2024, years: tuple[int, int] = (2006, 2025)) -> str:
    """The text of a refs.bib with *n* entries."""
    rng = random.Random(f"{seed}:{n}")
    head = (
        f"% {n} generated entries (benchmarks/generate.py, seed {seed}); owner: {OWNER}\n"
        "% Display fields use al-folio's names: abbr, url, code, arxiv, stage, selected.\n\n"
    )
    return head + "\n".join(make_entry(rng, i, years) for i in range(n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    text = generate(args.n, args.seed)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
