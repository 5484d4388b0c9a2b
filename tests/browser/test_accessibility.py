"""axe-core on every built page, in light and dark mode: no serious or critical violations."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import COLOR_SCHEMES, MOBILE_VIEWPORT

pytestmark = pytest.mark.browser

FAILING_IMPACTS = ("serious", "critical")

# axe's default rule set: WCAG 2.0-2.2 A and AA plus its best practices (landmarks, headings…)
_RUN_AXE_JS = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\\s+/g, " ")}`),
  }));
}"""


def run_axe(page, axe_script: Path) -> list[dict]:
    page.add_script_tag(path=str(axe_script))
    return page.evaluate(_RUN_AXE_JS)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"][:5])
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", COLOR_SCHEMES)
def test_no_serious_accessibility_violations(open_page, axe_script: Path, page: str, scheme: str) -> None:
    visit = open_page(page, color_scheme=scheme)
    serious = [v for v in run_axe(visit.page, axe_script) if v["impact"] in FAILING_IMPACTS]
    assert serious == [], f"{page} in {scheme} mode:\n{describe(serious)}"


def test_no_serious_accessibility_violations_on_a_phone(open_page, axe_script: Path) -> None:
    """The phone layout shows other controls (furo's header and drawers)."""
    visit = open_page("index.html", viewport=MOBILE_VIEWPORT)
    serious = [v for v in run_axe(visit.page, axe_script) if v["impact"] in FAILING_IMPACTS]
    assert serious == [], f"index.html at {MOBILE_VIEWPORT['width']}px:\n{describe(serious)}"
