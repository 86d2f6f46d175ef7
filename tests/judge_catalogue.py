"""A quick estimate of the mutation table without kernels: every catalogue entry judged in this process.

    python tests/judge_catalogue.py [NN_topic ...] [--heldout | --opened]

Each entry's answers run in a namespace of this process (``judge.judge_locally``)
instead of a sandboxed kernel, so the whole catalogue takes seconds, not the
minutes of real grading; the figures that count are those of real grading
(``tests/test_grading.py``, ``tests/mutation_table.py``). For the catalogue
proper it lists the entries that keep every point and the alternatives that
lose some; for the held-out part (``--heldout``) it prints counts by category
only, never names, as the suite's held-out table does; for the opened part
(``--opened``, the first held-out part, now development data) the table and,
for each wrong answer whose category is not named, what its feedback said.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from conftest import COURSE, load_catalogue, load_part  # noqa: E402
from mutation import HeldoutRow, add_heldout_entry, format_heldout_table  # noqa: E402

from autograder import judge, notebooks  # noqa: E402


def judged(assignment: str, answers: dict[str, str]) -> dict:
    source = COURSE.source(assignment)
    reference = notebooks.reference_answers(notebooks.read(source))
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            return judge.judge_locally(source, {**reference, **answers})
        except Exception as exc:  # a wrong answer that breaks the set-up: it loses everything
            return {"error": judge.Verdict("error", 1.0, 0.0, error=(type(exc).__name__, str(exc)))}


def lost(verdicts: dict) -> bool:
    return any(v.fraction < 1.0 or v.error for v in verdicts.values())


def show_opened(assignment: str, name: str, category: str, lost_points: bool, own: list[dict]) -> None:
    """One line for an opened entry whose category its own hidden test does not name."""
    from mutation import judged_feedback

    verdict = judged_feedback(own, category) if lost_points else "escaped"
    if verdict != "named":
        said = " | ".join(f"[{d.get('category') or d.get('cause') or '-'}] {d.get('text') or d.get('located') or ''}"
                          for d in own)
        print(f"{assignment}: {verdict}: {name} ({category}): {said[:300]}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--heldout", action="store_true", help="the held-out part (counts by category only)")
    which.add_argument("--opened", action="store_true", help="the opened part (each entry not named, listed)")
    args = parser.parse_args(argv)
    categorised = "heldout" if args.heldout else "opened" if args.opened else None
    totals = collections.Counter()
    rows = []
    for assignment in args.assignments or COURSE.assignments():
        part = load_part(assignment, categorised) if categorised else load_catalogue(assignment)
        if part is None:
            continue
        row = HeldoutRow(assignment)
        for name, entry in part.MUTANTS.items():
            function, code = entry[0], entry[1]
            verdicts = judged(assignment, {function: code.strip()})
            if categorised:
                own = verdicts.get(f"test_{function}_hidden")
                own = own.diagnoses if own else []
                elsewhere = [d for g, v in verdicts.items() if g != f"test_{function}_hidden" for d in v.diagnoses]
                add_heldout_entry(row, name, entry[2], lost(verdicts), own, elsewhere)
                if args.opened:
                    show_opened(assignment, name, entry[2], lost(verdicts), own)
                continue
            totals["wrong"] += 1
            messages = " ".join(f"{v.printed} {v.error}" for v in verdicts.values())
            if not lost(verdicts):
                print(f"{assignment}: keeps every point: {name}")
            else:
                totals["caught"] += 1
                if entry[2] and entry[2] not in messages:
                    print(f"{assignment}: the feedback does not say {entry[2]!r}: {name}")
        for name, answers in part.ALTERNATIVES.items():
            totals["correct"] += 1
            row.alternatives += 1
            verdicts = judged(assignment, {k: v.strip() for k, v in answers.items()})
            if lost(verdicts):
                totals["rejected"] += 1
                row.rejected.append(name)
                print(f"{assignment}: a correct answer loses points: {name}: "
                      + "; ".join(f"{g}: {v.error}" for g, v in verdicts.items() if v.fraction < 1 or v.error))
        rows.append(row)
    if categorised:
        total = HeldoutRow("all notebooks")
        for row in rows:
            total.add(row)
        print(format_heldout_table(rows + [total]))
    else:
        print(f"caught {totals['caught']} of {totals['wrong']} wrong answers; rejected {totals['rejected']} of "
              f"{totals['correct']} correct ones")
    return 0


if __name__ == "__main__":
    sys.exit(main())
