"""A worker's life: its Execute settings, its set-up paid once, and each notebook executed in a fresh working folder.

nbgrader's ``autograde`` is split in three: the grader process sanitises a
submission (nbgrader's own preprocessors: clear outputs, restore locked and
test cells from the gradebook), a worker executes it (``autograder.executor``,
nbgrader's ``Execute`` preprocessor, so per-cell timeouts and error handling
are nbgrader's) and judges its test cells in its own process
(``autograder.judge``: the test code never reaches the kernel, only the calls
of the student's functions do), and the grader process saves the grades
(nbgrader's ``SaveAutoGrades`` and the rest). Only the grader process touches
the gradebook; workers only read and write notebooks, and each worker pays its
imports once for many submissions.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder import sandbox
from autograder.kernel import LimitedKernelManager
from autograder.sandbox import MB, Limits, SandboxUnavailable


def executor_config(base_config, limits: Limits):
    """The nbgrader ``Execute`` settings for a worker: the course's, plus the kernel limits and sandbox."""
    from traitlets.config import Config

    status = sandbox.sandbox_status(limits)
    if status["sandbox"] is None:
        if limits.require_sandbox:
            raise SandboxUnavailable(f"a sandbox is required and there is none: {status['reason']}")
        if limits.sandbox:
            sandbox.warn_once(status)
    config = Config(base_config)
    config.Execute.timeout = limits.cell_timeout
    config.Execute.interrupt_on_timeout = True
    message = f"the cell did not finish within {limits.cell_timeout} s: the grader interrupted it"
    config.Execute.error_on_timeout = {"ename": "CellTimeoutError", "evalue": message,
                                       "traceback": [f"CellTimeoutError: {message}"]}
    config.Execute.kernel_manager_class = LimitedKernelManager
    config.GuardedExecute.notebook_timeout = limits.notebook_timeout
    config.GuardedExecute.max_cell_output_bytes = int(limits.output_mb_per_cell * MB)
    config.GuardedExecute.max_output_bytes = int(limits.output_mb * MB)
    config.GuardedExecute.max_restarts = limits.max_restarts
    config.LimitedKernelManager.limit_args = " ".join(limits.prlimit_args())
    config.LimitedKernelManager.sandbox = status["mode"] if status["sandbox"] else "off"
    config.LimitedKernelManager.processes = limits.processes
    if limits.read_only:
        config.LimitedKernelManager.read_only = sandbox.read_only_paths() + [str(p) for p in limits.read_only]
    config.LimitedKernelManager.scratch_mb = limits.scratch_mb
    config.LimitedKernelManager.work_mb = limits.work_mb
    config.LimitedKernelManager.max_message_mb = max(4, int(limits.output_mb_per_cell))
    config.LimitedKernelManager.cgroups = bool(status["cgroups"])
    config.LimitedKernelManager.cgroup_memory_mb = limits.memory_mb
    config.LimitedKernelManager.cpus = limits.cpus
    # Unix sockets: no TCP port to clash between parallel kernels, nothing on the network
    config.LimitedKernelManager.transport = "ipc"
    return config


_EXECUTE = None  # the worker's Execute preprocessor, built once per process
_EXECUTE_CONFIG = None  # the configuration it was built from (a dask worker may serve several graders)
_EXECUTE_LOCK = threading.Lock()  # one notebook at a time per process (a dask worker may run tasks in threads)
EXECUTED = 0  # notebooks executed by this process


def _die_with_parent(parent: int) -> None:
    """Linux: this worker is killed when the grader that started it dies, even by SIGKILL.

    Otherwise a killed grader leaves its workers running their notebooks, and a
    grader started again would race them over the same files.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the grader died before the call above: do not outlive it
        os._exit(1)


def init_worker(config, parent: int | None = None) -> None:
    """Pay the worker's imports once: later submissions only start a kernel.

    A worker told to sandbox its kernels checks that bubblewrap works in its own
    process, on its own machine (a dask worker may run elsewhere), and refuses otherwise.
    ``parent``: the grader's process id, when this is a worker process it started
    (the worker is then killed with the grader).
    """
    global _EXECUTE, _EXECUTE_CONFIG
    if parent is not None:
        _die_with_parent(parent)
    mode = config.LimitedKernelManager.get("sandbox", "off")
    if mode != "off":
        reason = sandbox.probe(mode)
        if reason is not None:
            raise SandboxUnavailable(f"this worker cannot sandbox its kernels: {reason}")
    from autograder.executor import GuardedExecute  # imports nbgrader: only workers pay for it

    _EXECUTE = GuardedExecute(config=config)
    _EXECUTE_CONFIG = config


def execute_with_config(config, source: str, target: str, judge_source: str, run_every_cell: bool = False) -> float:
    """``execute_notebook`` in a process that may not have been initialised (a dask worker)."""
    with _EXECUTE_LOCK:
        if _EXECUTE is None or _EXECUTE_CONFIG != config:
            init_worker(config)
        return execute_notebook(source, target, judge_source, run_every_cell)


def stage_files(folder: Path, workdir: Path) -> list[str]:
    """Copy the files that come with an assignment (a module, weights) from ``folder`` into the new ``workdir``.

    Plain files only, never through a link, never over a file that is there already.
    """
    staged = []
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file() or path.suffix in (".ipynb", ".pyc"):
            continue
        target = os.open(workdir / path.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with open(path, "rb") as src, os.fdopen(target, "wb") as dst:
            shutil.copyfileobj(src, dst)
        staged.append(path.name)
    return staged


def execute_notebook(source: str, target: str, judge_source: str, run_every_cell: bool = False) -> float:
    """Execute the sanitised notebook ``source``; write it to ``target``.

    ``judge_source``: the instructor's source notebook. Its hidden tests judge
    the test cells in this process (``autograder.judge``), never in the kernel,
    and the files of its folder are all the kernel gets in its working folder, a
    fresh one for every execution, removed afterwards. The cells it tags
    ``notebooks.SKIP_TAG`` (they grade nothing) are not run, unless ``run_every_cell``.
    Returns the seconds spent.
    Kernel deaths, hangs and timeouts end up as error outputs in the notebook's
    cells, not as exceptions here.
    """
    import nbformat

    start = time.perf_counter()
    if _EXECUTE is None:
        raise RuntimeError("init_worker was not called in this process")
    nb = nbformat.read(source, as_version=4)
    scratch = Path(tempfile.mkdtemp(prefix="course-work-"))  # named by the grader, never by a student
    files, workdir = scratch / "files", scratch / "work"
    # the same environment flag stock nbgrader sets while autograding
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    _EXECUTE.judge_source = judge_source
    try:
        for folder in (files, workdir):  # the sandbox shows the kernel a tmpfs over workdir, with files bound in it
            folder.mkdir(mode=0o755)
            stage_files(Path(judge_source).parent, folder)
        _EXECUTE.files_dir = str(files)
        _EXECUTE.run_every_cell = run_every_cell
        nb, _ = _EXECUTE.preprocess(nb, {"metadata": {"path": str(workdir)}})
    finally:
        os.environ.pop("NBGRADER_EXECUTION", None)
        _EXECUTE.judge_source = None
        _EXECUTE.files_dir = ""
        _EXECUTE.run_every_cell = False
        shutil.rmtree(scratch, ignore_errors=True)
    judge = getattr(_EXECUTE, "_judge", None)
    if judge is not None:  # what judging cost this worker, for the benchmark
        nb.metadata["course_judge"] = {"seconds": round(judge.seconds, 4), "waiting": round(judge.waiting, 4),
                                       "calls": judge.calls}
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    global EXECUTED
    EXECUTED += 1
    return time.perf_counter() - start
