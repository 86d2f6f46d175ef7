"""How close the course's own solutions come to the nudge's guard: every value *float64 kept* judges by nudging.

Grades each notebook's solution without kernels (``judge_catalogue.judged``) and records, for each value
``properties.moves_as_float64`` judges, how far the solution's tiny move strays from its small one scaled down.
A value is judged only below ``properties._FOLLOWS / 10``; the margin printed is that limit over the worst stray.

    python tests/nudge_strays.py [notebook ...]    (all notebooks by default)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from judge_catalogue import COURSE, judged  # noqa: E402

from autograder import properties  # noqa: E402


def main(assignments: list[str]) -> None:
    recorded = []
    judge_values = properties.moves_as_float64

    def spy(student, solution):
        recorded.extend(solution_stray for *_, solution_stray in properties.nudged_values(student, solution))
        return judge_values(student, solution)

    properties.moves_as_float64 = spy
    try:
        for assignment in assignments:
            judged(assignment, {})
    finally:
        properties.moves_as_float64 = judge_values
    limit = properties._FOLLOWS / 10
    worst = max((stray for stray in recorded if stray == stray), default=0.0)  # (nan: the solution did not move)
    print(f"{len(recorded)} values judged by the nudge; worst solution stray {worst:.1e} "
          f"(limit {limit:.0e}, margin {limit / worst if worst else float('inf'):.0f}x); "
          f"{sum(not stray <= limit for stray in recorded)} left out by the guard")


if __name__ == "__main__":
    main(sys.argv[1:] or COURSE.assignments())
