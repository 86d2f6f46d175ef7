"""The mutation table: how well each notebook's tests tell wrong answers from right ones.

For every notebook, from the graded catalogue of tests/mutants/<assignment>.py:

* mutation score: wrong answers that lose points / all wrong answers;
* named cause: wrong answers whose feedback contains the cause the catalogue
  expects / all wrong answers;
* false rejections: correct alternatives that lose any point.

Print it with ``python tests/mutation_table.py``; the test suite prints it at
the end of every run that grades the class, and fails below the targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TARGET_SCORE = 0.95
TARGET_NAMED = 0.70
MIN_MUTANTS_PER_FUNCTION = 5


@dataclass
class Row:
    assignment: str
    functions: int = 0
    mutants: int = 0
    caught: int = 0
    named: int = 0
    alternatives: int = 0
    false_rejections: int = 0
    escaped: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.caught / self.mutants if self.mutants else 1.0

    @property
    def named_share(self) -> float:
        return self.named / self.mutants if self.mutants else 1.0


def _lost_points(result) -> bool:
    return bool(result.error) or result.score < result.max_score


def table(results: dict, assignments: list[str]) -> list[Row]:
    """One row per assignment (and a total), from ``{(student, assignment): SubmissionResult}``."""
    from conftest import load_catalogue

    rows = []
    for assignment in assignments:
        catalogue = load_catalogue(assignment)
        if catalogue is None:
            continue
        row = Row(assignment, functions=len({f for f, _, _ in catalogue.MUTANTS.values()}))
        for name, (_, _, phrase) in catalogue.MUTANTS.items():
            result = results.get((f"mutant-{name}", assignment))
            if result is None:
                continue
            row.mutants += 1
            if _lost_points(result):
                row.caught += 1
            else:
                row.escaped.append(name)
            messages = " ".join(c.message for c in result.cells)
            if phrase and phrase in messages:
                row.named += 1
            else:
                row.unnamed.append(name)
        for name in catalogue.ALTERNATIVES:
            result = results.get((f"alternative-{name}", assignment))
            if result is None:
                continue
            row.alternatives += 1
            if _lost_points(result):
                row.false_rejections += 1
                row.rejected.append(name)
        rows.append(row)
    total = Row("all notebooks")
    for row in rows:
        for attribute in ("functions", "mutants", "caught", "named", "alternatives", "false_rejections"):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
    return rows + [total] if len(rows) > 1 else rows


def format_table(rows: list[Row]) -> str:
    header = (f"{'notebook':<24}{'functions':>10}{'wrong':>7}{'caught':>8}{'score':>8}"
              f"{'cause named':>13}{'correct':>9}{'rejected':>10}")
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(f"{row.assignment:<24}{row.functions:>10}{row.mutants:>7}{row.caught:>8}{row.score:>8.1%}"
                     f"{row.named_share:>13.1%}{row.alternatives:>9}{row.false_rejections:>10}")
    for row in rows:
        if row.escaped:
            lines.append(f"{row.assignment}: wrong answers that keep every point: {', '.join(row.escaped)}")
        if row.rejected:
            lines.append(f"{row.assignment}: correct answers that lose points: {', '.join(row.rejected)}")
    lines.append(f"targets: score >= {TARGET_SCORE:.0%}, cause named >= {TARGET_NAMED:.0%}, no correct answer rejected")
    return "\n".join(lines)


def meets_targets(rows: list[Row]) -> bool:
    total = rows[-1]
    return total.score >= TARGET_SCORE and total.named_share >= TARGET_NAMED and total.false_rejections == 0
