"""What a kernel's cgroup costs a notebook, and what it saves an honest neighbour, each against the same run without.

    python benchmarks/bench_sandbox.py [--rounds 5]

1. Cost: a one-cell notebook executed through the grader's sandbox (bubblewrap,
   a fresh tmpfs working folder, the private folder a tmpfs of its own), with a
   cgroup per kernel and without, alternating, ``--rounds`` times each: the time
   per notebook, kernel start and stop included.
2. A neighbour: an honest notebook (a CPU-bound cell) executed alone, then next
   to a hostile one (thirty busy children, each in a session of its own) in a
   second worker process, with cgroups and without: how much slower the honest
   one gets. The machine's two cores are what the two workers share.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import nbformat  # noqa: E402

from autograder import notebooks, sandbox, worker  # noqa: E402
from autograder.nbgrader_course import course_config  # noqa: E402

# any source notebook: its folder's files are staged, and a notebook without test cells calls no judge
JUDGE_SOURCE = str(notebooks.Course(REPO).source("01_chain_rule"))
HONEST = """\
import time
start, x = time.process_time(), 0
while time.process_time() - start < 2:  # 2 s of CPU, however long that takes on the wall
    x += 1
"""
HOSTILE = """\
import os, time
start = time.monotonic()
for _ in range(30):
    if os.fork() == 0:
        try:
            os.setsid()
            while time.monotonic() - start < 40:
                pass
        finally:
            os._exit(0)
time.sleep(40)
"""


def _notebook(folder: Path, name: str, code: str) -> str:
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    return str(path)


def _execute(args) -> float:
    limits, source, target = args
    worker.init_worker(worker.executor_config(course_config(REPO), limits))
    return worker.execute_notebook(source, target, JUDGE_SOURCE)


def _in_process(limits, source: str, target: str) -> float:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_execute, ((limits, source, target),))


def cost(limits, folder: Path, rounds: int) -> dict[bool, list[float]]:
    source = _notebook(folder, "tiny", "1 + 1")
    times: dict[bool, list[float]] = {True: [], False: []}
    with multiprocessing.get_context("fork").Pool(1, initializer=None) as pool:
        for _ in range(rounds):
            for cgroups in (True, False):
                times[cgroups].append(pool.apply(_execute, ((replace(limits, cgroups=cgroups), source,
                                                             str(folder / "out.ipynb")),)))
    return times


def neighbour(limits, folder: Path) -> dict[str, float]:
    honest, hostile = _notebook(folder, "honest", HONEST), _notebook(folder, "hostile", HOSTILE)
    alone = _in_process(limits, honest, str(folder / "h.ipynb"))
    found = {"alone": alone}
    for cgroups in (True, False):
        both = replace(limits, cgroups=cgroups)
        with multiprocessing.get_context("fork").Pool(2) as pool:
            attack = pool.apply_async(_execute, ((both, hostile, str(folder / "x.ipynb")),))
            time.sleep(6)  # the hostile kernel is up and its children are spinning (for 40 s)
            found[cgroups] = pool.apply(_execute, ((both, honest, str(folder / "h.ipynb")),))
            attack.get()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    limits = sandbox.Limits(cell_timeout=60, notebook_timeout=120)
    status = sandbox.sandbox_status(limits)
    if status["sandbox"] is None or status["cgroups"] is None:
        print(f"needs the sandbox and cgroups: {status['reason'] or status['cgroups_reason']}", file=sys.stderr)
        return 2
    print(sandbox.sandbox_summary(status))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        times = cost(limits, folder, args.rounds)
        on, off = statistics.median(times[True]), statistics.median(times[False])
        print(f"one-cell notebook, median of {args.rounds}: with a cgroup {on:.3f} s, without {off:.3f} s, "
              f"ratio {on / off:.3f} ({1000 * (on - off):+.0f} ms per notebook)")
        found = neighbour(limits, folder)
        alone = found["alone"]
        print(f"honest notebook (2 s of CPU): alone {alone:.1f} s; next to thirty busy children: "
              f"with cgroups {found[True]:.1f} s ({found[True] / alone:.2f}x), "
              f"without {found[False]:.1f} s ({found[False] / alone:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
