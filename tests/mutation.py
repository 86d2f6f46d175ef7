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


# ---------------------------------------------------------------- the held-out part

# targets on the held-out part (issue "Hidden tests that catch the mistakes no one catalogued")
HELDOUT_TARGET_SCORE = 0.97
HELDOUT_TARGET_NAMED = 0.60  # the feedback names the entry's category
HELDOUT_TARGET_NAMED_OR_LOCATED = 0.85
HELDOUT_TARGET_MISLEADING = 0.01  # at most: the feedback names a category that is not the entry's


@dataclass
class HeldoutRow:
    assignment: str
    mutants: int = 0
    caught: int = 0
    named: int = 0  # caught, and the feedback names the entry's true category
    located: int = 0  # caught, not named, and the feedback locates the wrong entries
    misleading: int = 0  # caught, and the function's own test names a category that is not the true one
    misleading_anywhere: int = 0  # caught, and some cell (a caller of the function too) names a wrong category
    alternatives: int = 0
    rejected: list[str] = field(default_factory=list)
    escaped: dict[str, list[str]] = field(default_factory=dict)  # category -> names that kept every point
    unnamed: dict[str, int] = field(default_factory=dict)  # category -> caught but not named
    misnamed: dict[str, int] = field(default_factory=dict)  # "true -> named" category pair -> count

    @property
    def score(self) -> float:
        return self.caught / self.mutants if self.mutants else 1.0

    def share(self, count: int) -> float:
        """Shares of named, located and misleading are of all the wrong answers, caught or not."""
        return count / self.mutants if self.mutants else 0.0

    def add(self, other: HeldoutRow) -> None:
        for name in ("mutants", "caught", "named", "located", "misleading", "misleading_anywhere", "alternatives"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejected += other.rejected
        for category, names in other.escaped.items():
            self.escaped.setdefault(category, []).extend(names)
        for category, n in other.unnamed.items():
            self.unnamed[category] = self.unnamed.get(category, 0) + n
        for pair, n in other.misnamed.items():
            self.misnamed[pair] = self.misnamed.get(pair, 0) + n


def judged_feedback(diagnoses: list[dict], category: str) -> str:
    """"named", "misleading", "located" or "silent": what the diagnoses of a caught wrong answer say of it.

    ``diagnoses`` are those of the failed checks of the wrong function's own hidden test cell
    (``CellResult.diagnoses``); named wins over misleading when both a right and a wrong category are named
    (the row counts the wrong one as misleading too).
    """
    named = {d.get("category") for d in diagnoses if d.get("category")}
    if category in named:
        return "named"
    if named:
        return "misleading"
    return "located" if any(d.get("located") for d in diagnoses) else "silent"


def add_heldout_entry(row: HeldoutRow, name: str, category: str, lost_points: bool, own: list[dict],
                      elsewhere: list[dict] = ()) -> None:
    """Count one held-out wrong answer: ``own`` are the diagnoses of its function's hidden test cell,
    ``elsewhere`` those of the other cells (a function that calls the wrong one fails too)."""
    row.mutants += 1
    if not lost_points:
        row.escaped.setdefault(category, []).append(name)
        return
    row.caught += 1
    named = {d.get("category") for d in own if d.get("category")}
    verdict = judged_feedback(own, category)
    row.named += verdict == "named"
    row.located += verdict == "located"
    row.misleading += bool(named - {category})
    named_anywhere = named | {d.get("category") for d in elsewhere if d.get("category")}
    row.misleading_anywhere += bool(named_anywhere - {category})
    for wrong in sorted(named - {category}):
        pair = f"{category} -> {wrong}"
        row.misnamed[pair] = row.misnamed.get(pair, 0) + 1
    if verdict != "named":
        row.unnamed[category] = row.unnamed.get(category, 0) + 1


def split_diagnoses(cells, function: str) -> tuple[list[dict], list[dict]]:
    """The diagnoses of ``function``'s hidden test cell, and those of every other cell."""
    own_cell = f"test_{function}_hidden"
    own = [d for c in cells if c.grade_id == own_cell for d in c.diagnoses]
    return own, [d for c in cells if c.grade_id != own_cell for d in c.diagnoses]


def heldout_table(results: dict, assignments: list[str], part: str = "heldout") -> list[HeldoutRow]:
    """One row per assignment with entries in the categorised ``part`` (and a total), from
    ``{(student, assignment): result}``."""
    from conftest import load_part, part_ids

    wrong, right = part_ids(part)
    rows = []
    for assignment in assignments:
        heldout = load_part(assignment, part)
        if heldout is None:
            continue
        row = HeldoutRow(assignment)
        for name, (function, _, category, _) in heldout.MUTANTS.items():
            result = results.get((wrong + name.removeprefix("heldout_"), assignment))
            if result is not None:
                add_heldout_entry(row, name, category, _lost_points(result), *split_diagnoses(result.cells, function))
        for name in heldout.ALTERNATIVES:
            result = results.get((right + name.removeprefix("heldout_"), assignment))
            if result is None:
                continue
            row.alternatives += 1
            if _lost_points(result):
                row.rejected.append(name)
        if row.mutants or row.alternatives:
            rows.append(row)
    if len(rows) > 1:
        total = HeldoutRow("all notebooks")
        for row in rows:
            total.add(row)
        rows.append(total)
    return rows


def format_heldout_table(rows: list[HeldoutRow]) -> str:
    header = (f"{'notebook':<24}{'wrong':>7}{'caught':>8}{'score':>8}{'named':>8}{'n or loc':>10}"
              f"{'misleading':>12}{'anywhere':>10}{'correct':>9}{'rejected':>10}")
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(f"{row.assignment:<24}{row.mutants:>7}{row.caught:>8}{row.score:>8.1%}"
                     f"{row.share(row.named):>8.1%}{row.share(row.named + row.located):>10.1%}"
                     f"{row.share(row.misleading):>12.1%}{row.share(row.misleading_anywhere):>10.1%}"
                     f"{row.alternatives:>9}{len(row.rejected):>10}")
    total = rows[-1]
    # counts only: the names of the entries would steer the hidden tests and the diagnoses towards them
    if total.escaped:
        lines.append("kept every point, by category: " + ", ".join(
            f"{category} {len(names)}" for category, names in sorted(total.escaped.items())))
    if total.unnamed:
        lines.append("caught but the category not named, by category: " + ", ".join(
            f"{category} {n}" for category, n in sorted(total.unnamed.items())))
    if total.misnamed:
        lines.append("misleading, by true -> named category: " + ", ".join(
            f"{pair} {n}" for pair, n in sorted(total.misnamed.items())))
    if total.rejected:  # a correct answer rejected is a defect to fix (and the entry leaves the held-out part)
        lines.append(f"correct answers that lose points: {', '.join(total.rejected)}")
    lines.append(f"Of the wrong function's own hidden test: named, its feedback names the entry's category; n or loc, "
                 f"names it or locates the wrong entries; misleading, names a category that is not the entry's; "
                 f"anywhere: a wrong category named in any cell (a caller of the wrong function fails too). Shares of "
                 f"all wrong answers. Targets: score >= {HELDOUT_TARGET_SCORE:.0%}, "
                 f"named >= {HELDOUT_TARGET_NAMED:.0%}, named or located >= {HELDOUT_TARGET_NAMED_OR_LOCATED:.0%}, "
                 f"misleading <= "
                 f"{HELDOUT_TARGET_MISLEADING:.0%}, no correct answer rejected")
    return "\n".join(lines)
