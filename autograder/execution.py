"""Running submissions' notebooks in worker processes, each kernel under resource limits.

nbgrader's ``autograde`` is split in three: the grader process sanitises a
submission (nbgrader's own preprocessors: clear outputs, restore locked and
test cells from the gradebook), a worker executes it (nbgrader's ``Execute``
preprocessor, so timeouts and error handling are nbgrader's), and the grader
process saves the grades (nbgrader's ``SaveAutoGrades`` and the rest). Only the
grader process touches the gradebook; workers only read and write notebooks,
and each worker pays its imports once for many submissions.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Dict, Unicode


@dataclass(frozen=True)
class Limits:
    """Per-kernel limits. ``memory_mb`` caps the address space, ``cpu_seconds`` the CPU time."""

    cell_timeout: int = 300
    memory_mb: int = 4096
    cpu_seconds: int = 900
    file_size_mb: int = 256

    def prlimit_args(self) -> list[str]:
        return [
            f"--as={self.memory_mb * 2**20}",
            f"--cpu={self.cpu_seconds}",
            f"--fsize={self.file_size_mb * 2**20}",
            "--core=0",
        ]


class LimitedKernelManager(AsyncKernelManager):
    """A kernel started under ``prlimit`` (and in a scratch folder), so that a memory bomb or an
    endless computation in a submission kills its own kernel and nothing else."""

    prlimit = Unicode(shutil.which("prlimit") or "").tag(config=True)
    limit_args = Unicode("").tag(config=True)  # space-separated prlimit options
    extra_env = Dict({}).tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.transport == "ipc":
            # sockets in a private folder of their own, not in the worker's current folder
            self._socket_dir = tempfile.mkdtemp(prefix="course-kernel-")
            self.ip = os.path.join(self._socket_dir, "ipc")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and getattr(self, "_socket_dir", None):
            shutil.rmtree(self._socket_dir, ignore_errors=True)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if self.prlimit and self.limit_args:
            cmd = [self.prlimit, *self.limit_args.split(), "--", *cmd]
        return cmd


def executor_config(base_config, limits: Limits):
    """The nbgrader ``Execute`` settings for a worker: the course's, plus the kernel limits."""
    from traitlets.config import Config

    config = Config(base_config)
    config.Execute.timeout = limits.cell_timeout
    config.Execute.interrupt_on_timeout = True
    config.Execute.kernel_manager_class = LimitedKernelManager
    config.LimitedKernelManager.limit_args = " ".join(limits.prlimit_args())
    # Unix sockets: no TCP port to clash between parallel kernels, nothing on the network
    config.LimitedKernelManager.transport = "ipc"
    return config


_EXECUTE = None  # the worker's Execute preprocessor, built once per process


def init_worker(config) -> None:
    """Pay the worker's imports once: later submissions only start a kernel."""
    global _EXECUTE
    from nbgrader.preprocessors import Execute

    _EXECUTE = Execute(config=config)


def execute_notebook(source: str, target: str, workdir: str) -> float:
    """Execute the sanitised notebook ``source`` with ``workdir`` as its folder; write it to ``target``.

    Returns the seconds spent. Kernel deaths and timeouts end up as error
    outputs in the notebook (nbgrader's behaviour), not as exceptions here.
    """
    import nbformat

    start = time.perf_counter()
    if _EXECUTE is None:
        raise RuntimeError("init_worker was not called in this process")
    nb = nbformat.read(source, as_version=4)
    Path(workdir).mkdir(parents=True, exist_ok=True)
    resources = {"metadata": {"path": workdir}}
    # the same environment flag stock nbgrader sets while autograding
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        nb, _ = _EXECUTE.preprocess(nb, resources)
    finally:
        os.environ.pop("NBGRADER_EXECUTION", None)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return time.perf_counter() - start
