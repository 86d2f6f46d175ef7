"""Running submissions' notebooks in worker processes, each kernel sandboxed and under resource limits.

nbgrader's ``autograde`` is split in three: the grader process sanitises a
submission (nbgrader's own preprocessors: clear outputs, restore locked and
test cells from the gradebook), a worker executes it (nbgrader's ``Execute``
preprocessor, so per-cell timeouts and error handling are nbgrader's) and
judges its test cells in its own process (``autograder.judge``: the test code
never reaches the kernel, only the calls of the student's functions do), and
the grader process saves the grades (nbgrader's ``SaveAutoGrades`` and the rest).
Only the grader process touches the gradebook; workers only read and write
notebooks, and each worker pays its imports once for many submissions.

What a submission's kernel is held to (``sandbox_status()`` says what is in force):

* **bubblewrap**, when it works here: the kernel sees the system folders, the
  Python installation, the virtual environment, the ``course`` package and the
  data cache, all read-only, and nothing else of the machine (no class folder,
  no other student, no ``solutions/``, no gradebook, no home folder); it writes
  only to its own working folder (a fresh size-limited tmpfs, with the
  assignment's files read-only in it) and to a size-limited ``/tmp``;
  it has no network (a network namespace of its own), its own process tree and
  IPC, and it dies with its worker. Run as root, the kernel also drops to a user
  id of its own (no capability, ``no_new_privs``), so that a limit on its
  processes is enforced; run as another user, it is in a user namespace.
  Without a working bubblewrap the grader warns loudly and uses the limits
  alone, or refuses (``Limits.require_sandbox``).
* **prlimit**: address space, CPU time, file size, no core dump, and, in the
  sandbox, a number of processes (threads included).
* **the worker**: a wall-time limit per notebook (the kernel is killed, the cell
  that was running says the notebook ran out of time); a cap on the output kept
  per cell and per notebook (and on each message received), so that a flood of
  output cannot exhaust the worker's memory; a kernel that dies (``os._exit``,
  a crash, a memory limit) or stops answering is recorded as an error in the cell
  that was running, then restarted, with the cells before re-run, so that the
  rest of the notebook is still graded.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import logging
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Dict, Float, Integer, List, Unicode

from autograder import cgroups, private_dirs

log = logging.getLogger("autograder")

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """What each submission's kernel is held to.

    ``memory_mb`` caps the kernel's address space, ``cpu_seconds`` its CPU time,
    ``file_size_mb`` the size of any file it writes, ``processes`` the processes
    and threads it may run at once (enforced in the sandbox only), ``scratch_mb``
    the size of its ``/tmp`` and ``/dev/shm``, ``work_mb`` the size of its working folder (all three in memory,
    in the sandbox, and gone with the kernel). ``cell_timeout`` and ``notebook_timeout``
    are wall-clock seconds. ``output_mb_per_cell`` and ``output_mb`` cap the
    output kept per cell and per notebook; the rest is dropped, with a note. ``max_restarts``: kernels that
    died or hung that are replaced per notebook before the remaining cells are
    given up. ``cpus``: cores' worth of CPU a kernel's whole tree may use at once, and with ``cgroups``
    (where this machine lets the grader make them) ``memory_mb`` and ``processes`` also cap the whole tree,
    not only each process (``autograder.cgroups``). ``sandbox``: use bubblewrap when it works; ``require_sandbox``:
    refuse to execute anything without it; ``read_only``: more paths the
    sandboxed kernel may read (besides Python, the venv, ``course`` and the data cache).
    """

    cell_timeout: int = 300
    notebook_timeout: int = 600
    memory_mb: int = 4096
    cpu_seconds: int = 900
    file_size_mb: int = 256
    processes: int = 64
    scratch_mb: int = 512
    work_mb: int = 256
    output_mb_per_cell: float = 8
    output_mb: float = 32
    max_restarts: int = 5
    cpus: float = 1.0
    cgroups: bool = True
    sandbox: bool = True
    require_sandbox: bool = False
    read_only: tuple[str, ...] = ()

    def prlimit_args(self) -> list[str]:
        return [
            f"--as={self.memory_mb * MB}",
            f"--cpu={self.cpu_seconds}",
            f"--fsize={self.file_size_mb * MB}",
            "--core=0",
        ]


class SandboxUnavailable(RuntimeError):
    """A sandbox was required and bubblewrap cannot provide it here."""


# ---------------------------------------------------------------------------- the sandbox

BWRAP = shutil.which("bwrap") or ""
SETPRIV = shutil.which("setpriv") or ""
PRLIMIT = shutil.which("prlimit") or ""
_UID_BASE = 1_500_000_000  # kernels run as root drop to a user id of their own, far above real accounts
_kernel_count = itertools.count()
_probe_result: dict[str, str | None] = {}
_hierarchy: list = []  # the cgroup hierarchy found by this process, or why there is none (looked up once)
_warned = False


def private_in_memory() -> bool:
    """Whether kernels' private folders are tmpfs mounts here (tried once per process)."""
    if "private" not in _probe_result:
        path, in_memory = private_dirs.make(1)
        private_dirs.remove(path)
        _probe_result["private"] = "memory" if in_memory else None
    return _probe_result["private"] is not None


def cgroup_hierarchy() -> "cgroups.Hierarchy | str":
    """Where this process makes its kernels' cgroups, or why it cannot (looked up once per process)."""
    if not _hierarchy:
        _hierarchy.append(cgroups.find_hierarchy())
    return _hierarchy[0]


def _sandbox_mode() -> str:
    """How bubblewrap is used by this process: as root, a user id per kernel; otherwise a user namespace."""
    return "root" if os.geteuid() == 0 else "userns"


def _data_dir() -> Path:
    """The MNIST cache the notebooks read (course.data's rule, also when course cannot be imported)."""
    try:
        from course.data import data_dir

        return data_dir()
    except ImportError:
        explicit = os.environ.get("COURSE_DATA_DIR")
        if explicit:
            return Path(explicit).expanduser()
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser() / "backprop-course"


def _read_only_paths() -> list[str]:
    """What a kernel needs to read besides the system folders: Python, the venv, ``course``, the data cache."""
    import importlib.util

    paths = [sys.base_prefix, sys.prefix, sys.base_exec_prefix, sys.exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))]
    spec = importlib.util.find_spec("course")
    if spec is not None and spec.submodule_search_locations:
        paths += list(spec.submodule_search_locations)  # the package only, never the repository around it
    data = _data_dir()
    if data.is_dir():
        paths.append(str(data.resolve()))
    return paths


def _covered(path: str, roots) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


def _system_args() -> list[str]:
    """Read-only system folders, with the usual /bin, /lib* symlinks kept as symlinks."""
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = f"/{name}"
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    return args


def _dirs_for(paths) -> list[str]:
    """World-traversable parents of the bind targets (bwrap would create them private)."""
    parents = set()
    for path in paths:
        parent = os.path.dirname(path)
        while parent not in ("/", ""):
            parents.add(parent)
            parent = os.path.dirname(parent)
    args = []
    for parent in sorted(parents, key=lambda p: (p.count("/"), p)):
        if parent in ("/usr", "/etc", "/tmp", "/proc", "/dev") or _covered(parent, ["/usr", "/etc", "/proc", "/dev"]):
            continue
        args += ["--perms", "0755", "--dir", parent]
    return args


def bwrap_args(workdir: str, private_dir: str, limits: Limits, mode: str, read_only=None, staged=(),
               files_dir: str = "") -> list[str]:
    """bubblewrap's options for one kernel (everything before ``--``).

    The kernel's working folder ``workdir`` is a fresh size-limited tmpfs, with
    the files ``staged`` by the grader in ``files_dir`` bound into it read-only:
    nothing the kernel writes reaches the grader's disk or outlives the kernel.
    ``files_dir`` itself is read-only too: it is the one folder the kernel imports
    the assignment's modules from (``PYTHONPATH``; never its working folder).
    """
    read_only = [os.path.realpath(p) for p in (read_only if read_only is not None else _read_only_paths())]
    binds: list[str] = []
    for path in dict.fromkeys(read_only):
        if os.path.exists(path) and not _covered(path, ["/usr", "/etc"]) and not _covered(path, binds):
            binds.append(path)
    scratch = str(limits.scratch_mb * MB)
    args = [BWRAP]
    if mode == "userns":
        args += ["--unshare-user"]
    args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
             "--die-with-parent", "--new-session",
             # in its own process tree the kernel's parent is process 1: ipykernel would take it for an orphan
             "--setenv", "JPY_PARENT_PID", "1",
             "--proc", "/proc", "--dev", "/dev", "--size", scratch, "--tmpfs", "/dev/shm",
             "--size", scratch, "--tmpfs", "/tmp"]
    args += _system_args()
    args += _dirs_for(binds + [workdir, private_dir] + ([files_dir] if files_dir else []))
    for path in binds:
        args += ["--ro-bind", path, path]
    if files_dir:
        args += ["--ro-bind", files_dir, files_dir]
    args += ["--bind", private_dir, private_dir]
    # the notebook's own working folder: writable, in memory, with the assignment's files read-only in it
    args += ["--perms", "01777", "--size", str(limits.work_mb * MB), "--tmpfs", workdir]
    for name in staged:
        args += ["--ro-bind", os.path.join(files_dir or workdir, name), os.path.join(workdir, name)]
    return args + ["--chdir", workdir]


def _probe(mode: str) -> str | None:
    """None if a sandboxed Python starts here, else why not (measured once per process)."""
    if mode in _probe_result:
        return _probe_result[mode]
    reason = None
    if not BWRAP:
        reason = "bubblewrap (bwrap) is not installed"
    elif mode == "root" and not SETPRIV:
        reason = "setpriv (util-linux) is missing: a kernel would run as root in the sandbox"
    else:
        private = tempfile.mkdtemp(prefix="course-probe-")
        workdir = os.path.join(private, "work")
        os.mkdir(workdir)
        try:
            cmd = bwrap_args(workdir, private, Limits(), mode) + ["--"]
            if mode == "root":
                os.chown(private, 65534, 65534)
                cmd += [SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
            cmd += [sys.executable, "-c", "import os, socket; open('probe', 'w').write('ok'); print('ok')"]
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, cwd=workdir)
            if out.returncode != 0 or out.stdout.strip() != "ok":
                reason = f"bwrap failed its self-test (exit {out.returncode}): {(out.stderr or out.stdout).strip()[:300]}"
        except (OSError, subprocess.SubprocessError) as exc:
            reason = f"bwrap failed its self-test: {exc}"
        finally:
            shutil.rmtree(private, ignore_errors=True)
    _probe_result[mode] = reason
    return reason


def sandbox_status(limits: Limits | None = None) -> dict:
    """What is in force for each kernel, as a dict (``sandbox`` is "bubblewrap" or None)."""
    limits = limits or Limits()
    mode = _sandbox_mode()
    reason = _probe(mode) if limits.sandbox else "turned off (Limits.sandbox=False)"
    sandboxed = reason is None
    status = {
        "sandbox": "bubblewrap" if sandboxed else None,
        "mode": mode if sandboxed else "none",
        "reason": reason,
        "filesystem": ("read-only: system folders, Python, the venv, the course package, the data cache, the "
                       f"assignment's own files; writable, in memory and gone with the kernel: a fresh working folder "
                       f"({limits.work_mb} MB), /tmp and /dev/shm ({limits.scratch_mb} MB each)")
        if sandboxed
        else "everything the grader's user can read and write",
        "network": "none (a network namespace of its own)" if sandboxed else "the machine's",
        "user": {"root": "a user id of its own per kernel, no capabilities",
                 "userns": "the grader's user, in a user namespace"}[mode] if sandboxed else "the grader's user",
        "processes": limits.processes if sandboxed and PRLIMIT else None,
        "memory_mb": limits.memory_mb if PRLIMIT else None,
        "cpu_seconds": limits.cpu_seconds if PRLIMIT else None,
        "file_size_mb": limits.file_size_mb if PRLIMIT else None,
        "cell_timeout": limits.cell_timeout,
        "notebook_timeout": limits.notebook_timeout,
        "output_mb_per_cell": limits.output_mb_per_cell,
        "output_mb": limits.output_mb,
        "work_mb": limits.work_mb,
        "cpus": limits.cpus,
    }
    found = cgroup_hierarchy() if limits.cgroups else "turned off (Limits.cgroups=False)"
    status["private_folder"] = ("in memory (a tmpfs of its own)" if private_in_memory()
                                else "on the grader's disk (mounting a tmpfs needs root)")
    status["cgroups"] = found.describe() if isinstance(found, cgroups.Hierarchy) else None
    status["cgroups_reason"] = None if isinstance(found, cgroups.Hierarchy) else found
    return status


def no_sandbox_warning(status: dict) -> str:
    """The loud warning printed when submissions run without a sandbox."""
    bar = "!" * 78
    return (f"{bar}\nWARNING: submissions run WITHOUT a sandbox ({status['reason']}).\n"
            "They can read and write whatever this user can and use the network; only the resource limits hold.\n"
            "Install bubblewrap (apt-get install bubblewrap) to sandbox them, or pass --require-sandbox to refuse.\n"
            f"{bar}")


def sandbox_summary(status: dict) -> str:
    """One line on what holds each kernel, for a sandbox that is in force."""
    if status["cgroups"]:
        tree = (f"{status['cgroups']} per kernel: memory {status['memory_mb']} MB, {status['processes']} processes "
                f"and {status['cpus']:g} CPU for its whole tree")
    else:
        tree = (f"memory, processes and CPU limited per process, not per kernel: no cgroups "
                f"({status['cgroups_reason']})")
    return (f"sandbox: bubblewrap ({status['mode']} mode: {status['user']}; network: {status['network']}; "
            f"processes {status['processes']}, memory {status['memory_mb']} MB, CPU {status['cpu_seconds']} s, "
            f"cell {status['cell_timeout']} s, notebook {status['notebook_timeout']} s; working folder "
            f"{status['work_mb']} MB in memory; sockets and home {status['private_folder']}; {tree})")


def process_children() -> dict[int, list[int]]:
    """``{parent: [children]}`` of every process of this machine (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    return children


class LimitedKernelManager(AsyncKernelManager):
    """A kernel started in a bubblewrap sandbox (when it works) and under ``prlimit``, in a scratch
    folder, so that a memory bomb, a fork bomb or an endless computation in a submission kills its own
    kernel and nothing else, and the kernel sees nothing it should not."""

    prlimit = Unicode(PRLIMIT).tag(config=True)
    limit_args = Unicode("").tag(config=True)  # space-separated prlimit options
    extra_env = Dict({}).tag(config=True)
    sandbox = Unicode("off", help="bubblewrap run as 'root' (a user id per kernel) or in a 'userns', or 'off'").tag(config=True)
    processes = Integer(0, help="processes and threads per kernel (in the sandbox; 0: no limit)").tag(config=True)
    scratch_mb = Integer(512).tag(config=True)
    work_mb = Integer(256).tag(config=True)
    read_only = List(Unicode(), help="paths the sandboxed kernel may read (default: Python, venv, course, data)").tag(config=True)
    max_message_mb = Integer(64, help="a larger message from the kernel is dropped").tag(config=True)
    cgroups = Bool(False, help="each kernel in a cgroup of its own (autograder.cgroups)").tag(config=True)
    private_mb = Integer(16, help="size of the kernel's private folder (sockets, home), as root").tag(config=True)
    files_dir = Unicode("", help="the assignment's files, staged by the grader: read-only, the kernel's PYTHONPATH")
    cgroup_memory_mb = Integer(4096).tag(config=True)
    cpus = Float(1.0, help="cores' worth of CPU for the kernel's whole tree (with cgroups)").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # sockets, connection file and home in a private folder of their own (a small tmpfs, as root)
        self._socket_dir, self.private_in_memory = private_dirs.make(self.private_mb)
        self.connection_file = os.path.join(self._socket_dir, "kernel.json")
        if self.transport == "ipc":
            self.ip = os.path.join(self._socket_dir, "ipc")
        self._uid = None
        self._log = None
        self._cgroup = None
        import zmq

        self.context.setsockopt(zmq.MAXMSGSIZE, self.max_message_mb * MB)  # the control socket's

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if self._cgroup is not None:  # whatever the kernel started and left behind dies here
            self._cgroup.destroy()
            self._cgroup = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if not restart and getattr(self, "_socket_dir", None):
            private_dirs.remove(self._socket_dir)
            self._socket_dir = None

    cleanup_resources = _async_cleanup_resources  # AsyncKernelManager binds the name to the base class's

    @property
    def sandboxed(self) -> bool:
        return self.sandbox != "off" and bool(BWRAP)

    def _limits_cmd(self) -> list[str]:
        if not self.prlimit:
            return []
        args = self.limit_args.split()
        if self.sandboxed and self.processes:
            args.append(f"--nproc={self.processes}")
        return [self.prlimit, *args, "--"] if args else []

    def _cgroup_cmd(self) -> list[str]:
        """Start the kernel in a fresh cgroup of its own (the previous kernel's, if any, is destroyed)."""
        if not self.cgroups:
            return []
        hierarchy = cgroup_hierarchy()
        if not isinstance(hierarchy, cgroups.Hierarchy):
            raise RuntimeError(f"cgroups were asked for and cannot be made: {hierarchy}")
        if self._cgroup is not None:
            self._cgroup.destroy()
        caps = cgroups.Caps(memory_mb=self.cgroup_memory_mb, processes=self.processes or 4096, cpus=self.cpus)
        self._cgroup = cgroups.KernelCgroup(hierarchy, caps).create()
        return self._cgroup.join_command()

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if not self.sandboxed:
            return self._cgroup_cmd() + self._limits_cmd() + cmd
        workdir = os.path.realpath(self._launch_args.get("cwd") or os.getcwd())
        files = os.path.realpath(self.files_dir) if self.files_dir else ""
        staged = sorted(n for n in os.listdir(files) if os.path.isfile(os.path.join(files, n))
                        and not os.path.islink(os.path.join(files, n))) if files else []
        limits = Limits(scratch_mb=self.scratch_mb, work_mb=self.work_mb)
        sandbox = bwrap_args(workdir, self._socket_dir, limits, self.sandbox, self.read_only or None, staged,
                             files) + ["--"]
        if self.sandbox == "root":
            self._uid = self._pick_uid()
            sandbox += [SETPRIV, f"--reuid={self._uid}", f"--regid={self._uid}", "--clear-groups",
                        "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs", "--"]
        return self._cgroup_cmd() + sandbox + self._limits_cmd() + cmd

    @staticmethod
    def _pick_uid() -> int:
        for _ in range(64):
            uid = _UID_BASE + (os.getpid() * 64 + next(_kernel_count) % 64) % 500_000_000
            try:
                pwd.getpwuid(uid)
            except KeyError:
                return uid
        raise RuntimeError("no free user id for the kernel")

    def _kernel_env(self, env: dict) -> dict:
        """The sandboxed kernel's environment: what Python and the course need, nothing of the grader's."""
        home = os.path.join(self._socket_dir, "home")
        mpl = os.path.join(home, ".matplotlib")
        os.makedirs(mpl, exist_ok=True)
        _copy_font_cache(mpl)
        keep = {k: v for k, v in env.items()
                if k in ("PATH", "LANG", "LANGUAGE", "TZ", "PYTHONHASHSEED", "PYTHONIOENCODING", "MPLBACKEND",
                         "VIRTUAL_ENV", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
                or k.startswith(("LC_", "JPY_", "NBGRADER_", "COURSE_"))}
        keep.update(HOME=home, TMPDIR="/tmp", MPLCONFIGDIR=mpl, PYTHONDONTWRITEBYTECODE="1",
                    PYTHONNOUSERSITE="1", COURSE_DATA_DIR=str(_data_dir()), **self._path_env())
        # one BLAS thread per kernel: workers already use every CPU, and threads count as processes
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            keep.setdefault(name, "1")
        keep.update(self.extra_env)
        return keep

    def _path_env(self) -> dict:
        """Imports from the assignment's files only, never from the working folder the kernel writes to."""
        env = {"PYTHONSAFEPATH": "1"}  # ipykernel and IPython then leave the current folder off sys.path
        if self.files_dir:
            env["PYTHONPATH"] = os.path.realpath(self.files_dir)
        return env

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        env = dict(kw.get("env") or os.environ)
        if self.sandboxed:
            env = self._kernel_env(env)
            if self._uid is not None:  # the kernel's own user must own its sockets and its home
                for root, dirs, files in os.walk(self._socket_dir):
                    for name in [root, *(os.path.join(root, n) for n in dirs + files)]:
                        os.chown(name, self._uid, self._uid, follow_symlinks=False)
        else:
            env.update(self._path_env())
            env.update(self.extra_env)
        kw["env"] = env
        # the kernel's own messages (ipykernel's log, a C library's complaint) go to a log, not the grader's console
        if self._log is None:
            self._log = open(os.path.join(self._socket_dir, "kernel.log"), "ab")
        kw.setdefault("stdout", self._log)
        kw.setdefault("stderr", self._log)
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    def log_tail(self, size: int = 1500) -> str:
        """The end of what the kernel wrote to its stdout and stderr."""
        if not self._socket_dir:
            return ""
        try:
            with open(os.path.join(self._socket_dir, "kernel.log"), "rb") as f:
                f.seek(max(0, os.fstat(f.fileno()).st_size - size))
                return f.read().decode(errors="replace").strip()
        except OSError:
            return ""

    async def _async_signal_kernel(self, signum: int) -> None:
        """Signals reach the kernel inside the sandbox (bwrap does not forward them)."""
        if not self.sandboxed or signum == signal.SIGKILL or not self.has_kernel:
            return await super()._async_signal_kernel(signum)
        outer = self.provisioner.process.pid
        tree = process_children()
        for init in tree.get(outer, []):  # bwrap's process 1 of the sandbox
            for kernel in tree.get(init, []):
                try:
                    os.kill(kernel, signum)
                except OSError:
                    pass

    def client(self, **kwargs):
        import zmq

        kc = super().client(**kwargs)
        # a larger message (one huge print, say) breaks the connection rather than fill the worker's memory:
        # the grader notices (GuardedExecute watches the sockets) and restarts the kernel
        kc.context.setsockopt(zmq.MAXMSGSIZE, self.max_message_mb * MB)
        return kc

    def kill_now(self) -> None:
        """SIGKILL the kernel's process group from any thread (the sandbox and all in it die with it)."""
        if self._cgroup is not None:
            self._cgroup.kill_all()
        process = getattr(self.provisioner, "process", None) if self.provisioner else None
        if process is None or process.poll() is not None:
            return
        try:
            pgid = os.getpgid(process.pid)
            if pgid != os.getpgrp():
                os.killpg(pgid, signal.SIGKILL)
            else:
                process.kill()
        except OSError:
            pass


def _copy_font_cache(target: str) -> None:
    """Matplotlib's font list, so that a kernel does not rebuild it (slow, and it warns on stderr)."""
    source = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")
    try:
        names = [n for n in os.listdir(source) if n.startswith("fontlist") and n.endswith(".json")]
    except OSError:
        return
    for name in names:
        try:
            shutil.copy(os.path.join(source, name), os.path.join(target, name))
        except OSError:
            pass


def executor_config(base_config, limits: Limits):
    """The nbgrader ``Execute`` settings for a worker: the course's, plus the kernel limits and sandbox."""
    from traitlets.config import Config

    global _warned
    status = sandbox_status(limits)
    if status["sandbox"] is None:
        if limits.require_sandbox:
            raise SandboxUnavailable(f"a sandbox is required and there is none: {status['reason']}")
        if limits.sandbox and not _warned:
            _warned = True
            log.warning("\n%s", no_sandbox_warning(status))
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
        config.LimitedKernelManager.read_only = _read_only_paths() + [str(p) for p in limits.read_only]
    config.LimitedKernelManager.scratch_mb = limits.scratch_mb
    config.LimitedKernelManager.work_mb = limits.work_mb
    config.LimitedKernelManager.max_message_mb = max(4, int(limits.output_mb_per_cell))
    config.LimitedKernelManager.cgroups = bool(status["cgroups"])
    config.LimitedKernelManager.cgroup_memory_mb = limits.memory_mb
    config.LimitedKernelManager.cpus = limits.cpus
    # Unix sockets: no TCP port to clash between parallel kernels, nothing on the network
    config.LimitedKernelManager.transport = "ipc"
    return config


# ---------------------------------------------------------------------------- executing a notebook

def _size(obj) -> int:
    """Bytes of a message's content as JSON, however deeply it is nested (too deep to measure: over every cap)."""
    try:
        return len(json.dumps(obj, default=str))
    except (TypeError, ValueError, RecursionError):
        return 2**40


def _error(ename: str, evalue: str):
    import nbformat

    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _clip_error(output, limit: int = 20_000) -> None:
    """An error output is always kept (it is what zeroes a test cell), but not at any size, and only as text."""
    output["ename"] = str(output.get("ename", ""))[:200]
    output["evalue"] = str(output.get("evalue", ""))
    if len(output["evalue"]) > limit:
        output["evalue"] = output["evalue"][:limit] + " [...]"
    raw = output.get("traceback")
    traceback = output["traceback"] = [str(line) for line in raw[:10_000]] if isinstance(raw, list) else []
    if sum(len(line) for line in traceback) > 5 * limit:
        output["traceback"] = [line[:limit] for line in traceback[:3]] + ["[...]"] + [line[:limit] for line in traceback[-3:]]


def _stdout(text: str):
    import nbformat

    return nbformat.v4.new_output("stream", name="stdout", text=text)


class _KernelBackend:
    """Carries the judge's calls to the executor's kernel, each as a cell that is kept in no history."""

    def __init__(self, executor) -> None:
        self.executor = executor

    def request(self, request: dict) -> dict:
        import nbformat

        from autograder.judge import KernelLost, NoAnswer
        from course import collect

        executor = self.executor
        cell = nbformat.v4.new_code_cell(
            f"__import__('course.collect', fromlist=['serve']).serve({json.dumps(request)!r})")
        index = executor._backend_index
        kept, test_cell = executor._notebook_bytes, executor.nb.cells[index]  # the answer is read, not kept
        try:
            failure = executor._run_cell(cell, index, store_history=False)
        finally:
            executor._notebook_bytes, executor.nb.cells[index] = kept, test_cell
        if failure is not None:
            raise KernelLost(failure)
        errors = [(o.get("ename", ""), o.get("evalue", "")) for o in cell.outputs if o.get("output_type") == "error"]
        timeouts = [e for e in errors if e[0] == "CellTimeoutError"]
        if timeouts:  # interrupted: the rest of this test cell would wait as long again
            raise KernelLost(timeouts[0])
        for output in cell.outputs:
            reply = (output.get("data") or {}).get(collect.MIME)
            if output.get("output_type") == "display_data" and isinstance(reply, dict) and reply.get("id") == request["id"]:
                return reply
        why = f"{errors[0][0]}: {errors[0][1]}" if errors else "no answer came back (too large, or not sent)"
        raise NoAnswer(f"the call did not come back from the kernel: {why}")


def _guarded_execute_class():
    """nbgrader's Execute, with a notebook time limit, output caps and kernel restarts (built lazily:
    importing nbgrader is slow, and only workers need it)."""
    from nbclient.client import NotebookClient
    from nbclient.exceptions import CellExecutionComplete
    from nbgrader.preprocessors import Execute

    from autograder import notebooks
    from autograder.judge import Judge, KernelLost

    class GuardedExecute(Execute):
        notebook_timeout = Integer(600, help="wall-clock seconds per notebook (0: none)").tag(config=True)
        max_cell_output_bytes = Integer(8 * MB).tag(config=True)
        max_output_bytes = Integer(32 * MB).tag(config=True)
        max_restarts = Integer(5).tag(config=True)
        judge_source = None  # the instructor's source notebook whose hidden tests judge this one (set per notebook)
        files_dir = ""  # the assignment's files staged for this notebook's kernels (set per notebook)

        # ---------------------------------------------------------------- the notebook

        def preprocess(self, nb, resources=None, km=None):
            NotebookClient.__init__(self, nb, km)
            self.reset_execution_trackers()
            self._check_assign_resources(resources)
            self._notebook_bytes = 0
            self._replaying = False
            self._out_of_time = threading.Event()
            self._lock = threading.Lock()
            self.events: list[str] = []
            stop = threading.Event()
            self._deadline = time.monotonic() + self.notebook_timeout if self.notebook_timeout else None
            if self._deadline is not None:  # the watchdog: kills the kernel when the notebook's time is up
                threading.Thread(target=self._watch, args=(stop,), daemon=True).start()
            try:
                self._judge = None if self.judge_source is None else Judge(Path(self.judge_source), _KernelBackend(self))
                self._start_kernel()
                info = self.wait_for_reply(self.kc.kernel_info())
                if info:
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
                self._run_cells()
            finally:
                stop.set()
                # the last cell has answered: nothing of the kernel is left to wait for
                self._stop_kernel(now=True)
            self.set_widgets_metadata()
            return self.nb, self.resources

        def _watch(self, stop: threading.Event) -> None:
            if not stop.wait(max(0.0, self._deadline - time.monotonic())):
                self._out_of_time.set()
                self.events.append("out of time")
                with self._lock:
                    km = self.km
                if km is not None and hasattr(km, "kill_now"):
                    km.kill_now()

        def _start_kernel(self) -> None:
            with self._lock:
                self.km = self.create_kernel_manager()
            if hasattr(self.km, "files_dir"):
                self.km.files_dir = self.files_dir
            try:
                self.start_new_kernel()
                self.start_new_kernel_client()
            except Exception as exc:
                tail = self.km.log_tail() if self.km is not None and hasattr(self.km, "log_tail") else ""
                raise RuntimeError(f"the kernel did not start ({type(exc).__name__}: {exc})"
                                   + (f"; it wrote: {tail}" if tail else "")) from exc

        def start_new_kernel_client(self):
            kc = super().start_new_kernel_client()
            import zmq

            # told when a socket is disconnected: a message over the size limit does that, for good
            self._monitors = []
            for channel in (self.kc.iopub_channel, self.kc.shell_channel):
                monitor = channel.socket.get_monitor_socket(zmq.EVENT_DISCONNECTED)
                self._monitors.append((channel.socket, monitor, zmq.Socket.shadow(monitor.underlying)))
            return kc

        def _close_monitors(self) -> None:
            for socket, monitor, _ in getattr(self, "_monitors", []):
                try:
                    socket.disable_monitor()
                    monitor.close(linger=0)
                except Exception:
                    pass
            self._monitors = []

        def _connection_broken(self) -> bool:
            for _, _, events in getattr(self, "_monitors", []):
                try:
                    if events.poll(0):
                        return True
                except Exception:
                    return True
            return False

        async def _async_check_alive(self) -> None:
            from nbclient.exceptions import DeadKernelError

            await super()._async_check_alive()
            if self._connection_broken():
                self._broken = True
                raise DeadKernelError("connection to the kernel broken")

        def _stop_kernel(self, now: bool) -> None:
            self._close_monitors()
            if self.km is None:
                return
            mode = self.shutdown_kernel
            self.shutdown_kernel = "immediate" if now else "graceful"
            try:
                self._cleanup_kernel()
            except Exception as exc:  # a kernel that is gone already
                log.debug("stopping the kernel: %s", exc)
            finally:
                self.shutdown_kernel = mode
                with self._lock:
                    self.km, self.kc = None, None

        def _time_left(self) -> bool:
            return not self._out_of_time.is_set() and (self._deadline is None or time.monotonic() < self._deadline)

        def _run_cells(self) -> None:
            done: list[int] = []  # cells the current kernel ran, to re-run after a restart
            restarts = 0
            skip_reason = None
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                if skip_reason is None and not self._time_left():
                    skip_reason = self._out_of_time_message(started=False)
                if skip_reason is not None:
                    cell.outputs = [_error(*skip_reason)]
                    cell.execution_count = None
                    continue
                judged = self._judge is not None and notebooks.is_test_cell(cell)
                failure = self._judge_cell(cell, index) if judged else self._run_cell(cell, index)
                if failure is None:
                    # what a restart re-runs: cells that ran clean and set things up (not the tests)
                    if not notebooks.is_test_cell(cell) and not any(o.get("output_type") == "error" for o in cell.outputs):
                        done.append(index)
                    continue
                if not self._time_left():
                    cell.outputs.append(_error(*self._out_of_time_message(started=True)))
                    skip_reason = self._out_of_time_message(started=False)
                    continue
                cell.outputs.append(_error(*failure))
                if restarts >= self.max_restarts:
                    skip_reason = ("KernelRestartLimit", f"not run: the kernel died or hung {restarts + 1} times, "
                                   "the grader gave up on the rest of this notebook")
                    continue
                restarts += 1
                self.events.append(f"restart after cell {index}")
                skip_reason = self._restart(done)

        def _judge_cell(self, cell, index: int) -> tuple[str, str] | None:
            """A test cell, judged in this process; its code never reaches the kernel (see autograder.judge)."""
            self._backend_index = index
            cell.execution_count = None
            try:
                cell.outputs = self._judge.run(notebooks.grade_id(cell)).outputs()
            except KernelLost as lost:
                cell.outputs = [_stdout(lost.printed)] if lost.printed else []
                return lost.failure
            return None

        def _out_of_time_message(self, started: bool) -> tuple[str, str]:
            if started:
                return ("NotebookTimeoutError", f"the notebook ran out of time: the grader allows {self.notebook_timeout} s "
                        "per notebook and stopped it in this cell")
            return ("NotebookTimeoutError", f"not run: the notebook ran out of time ({self.notebook_timeout} s per notebook)")

        def _run_cell(self, cell, index: int, store_history: bool = True) -> tuple[str, str] | None:
            """Execute one cell; None if the kernel is still usable afterwards, else why not."""
            from nbclient.exceptions import CellTimeoutError, DeadKernelError

            self._cell_bytes = 0
            self._dropped = 0
            self._flood_stopped = False
            self._broken = False
            self._asked_exit = False
            try:
                self.execute_cell(cell, index, store_history=store_history)
                if self._asked_exit:
                    return ("DeadKernelError", "this cell ended the kernel (exit() or quit()): "
                            "the grader restarted it and re-ran the cells before this one")
                return None
            except DeadKernelError:
                if self._broken and not self._kernel_exited():
                    return ("OutputLimitError", "the kernel sent a message larger than the grader accepts "
                            f"({getattr(self.km, 'max_message_mb', '?')} MB: too much output at once): the grader "
                            "dropped it, restarted the kernel and re-ran the cells before this one")
                return ("DeadKernelError", self._death_message())
            except CellTimeoutError:
                return ("CellTimeoutError", f"the cell did not finish within {self.timeout} s and the kernel did not "
                        "respond to the interrupt: the grader restarted it")
            except Exception as exc:  # the kernel's messages or channels broke: treat it as a dead kernel
                log.debug("cell %s failed to execute", index, exc_info=exc)
                return ("DeadKernelError", f"the kernel stopped answering ({type(exc).__name__}: {str(exc)[:200]}): "
                        "the grader restarted it")
            finally:
                for output in cell.get("outputs", []):
                    if output.get("output_type") == "error":
                        _clip_error(output)
                # a cell stopped at its time limit says so first (the KeyboardInterrupt after it shows where)
                timeouts = [o for o in cell.get("outputs", []) if o.get("ename") == "CellTimeoutError"]
                if timeouts:
                    cell.outputs = timeouts + [o for o in cell.outputs if o.get("ename") != "CellTimeoutError"]
                if self._dropped:
                    cell.outputs.append(self._truncation_note())

        def _kernel_exited(self, wait: float = 1.0) -> bool:
            """Whether the kernel's process ended (a dying kernel's sockets close before it is gone)."""
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            deadline = time.monotonic() + wait
            while process is not None and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            return process is None or process.poll() is not None

        def _death_message(self) -> str:
            code = None
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            if process is not None:
                code = process.poll()
            how = ""
            if code is not None:
                sig = -code if code < 0 else code - 128 if code > 128 else None
                if sig:
                    try:
                        how = f" (killed by {signal.Signals(sig).name})"
                    except ValueError:
                        how = f" (signal {sig})"
                else:
                    how = f" (exit status {code})"
            return (f"the kernel died while running this cell{how}: it exited, crashed or went over a resource "
                    "limit; the grader restarted it and re-ran the cells before this one")

        def _restart(self, done: list[int]) -> tuple[str, str] | None:
            """A fresh kernel with the cells in ``done`` re-run (their outputs kept from the first run)."""
            self._stop_kernel(now=True)
            try:
                self._start_kernel()
            except Exception as exc:
                if self.km is None:
                    self.km = self.create_kernel_manager()
                return ("DeadKernelError", f"not run: the kernel could not be restarted ({type(exc).__name__}: {exc})")
            self._replaying = True
            try:
                for index in done:
                    if not self._time_left():
                        return self._out_of_time_message(started=False)
                    replay = copy.deepcopy(self.nb.cells[index])
                    original = self.nb.cells[index]
                    failure = self._run_cell(replay, index)
                    self.nb.cells[index] = original
                    if failure is not None and not self._time_left():
                        return self._out_of_time_message(started=False)
                    if failure is not None:
                        return ("DeadKernelError", "not run: the kernel died again while the grader re-ran "
                                f"the cells before this one ({failure[1]})")
            finally:
                self._replaying = False
            return None

        def _truncation_note(self):
            import nbformat

            return nbformat.v4.new_output("stream", name="stderr", text=(
                f"\n[the grader dropped {self._dropped / MB:.1f} MB of this cell's output: it keeps at most "
                f"{self.max_cell_output_bytes / MB:g} MB per cell and {self.max_output_bytes / MB:g} MB per notebook]\n"))

        # ---------------------------------------------------------------- output caps

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            # nbclient's loop, yielding after each message: a flood of output must not starve the
            # tasks that enforce the cell's timeout and notice a dead kernel
            while True:
                msg = await self.kc.iopub_channel.get_msg(timeout=None)
                if msg["parent_header"].get("msg_id") == parent_msg_id:
                    try:
                        self.process_message(msg, cell, cell_index)
                    except CellExecutionComplete:
                        return
                await asyncio.sleep(0)

        def _flooding(self) -> None:
            """Far more output than is kept: interrupt the cell rather than wait for its timeout."""
            if not self._flood_stopped and self.km is not None:
                self._flood_stopped = True
                self.events.append("output flood interrupted")
                asyncio.ensure_future(self.km.interrupt_kernel())

        def output(self, outs, msg, display_id, cell_index):
            if self._replaying:
                return None
            msg_type = msg["msg_type"]
            content = msg["content"]
            size = _size(content) + 256  # and what each output costs besides its text
            hooked = self.output_hook_stack[msg["parent_header"].get("msg_id")]
            if self.clear_before_next_output and not hooked:  # nbclient's deferred clear, done here
                outs[:] = []
                self.clear_display_id_mapping(cell_index)
                self.clear_before_next_output = False
                self._notebook_bytes -= self._cell_bytes
                self._cell_bytes = 0
            if msg_type == "error":  # always kept, it is what makes a test cell fail, but not at any size
                error = dict(content)
                _clip_error(error)
                self._notebook_bytes += _size(error)
                return super().output(outs, dict(msg, content=error), display_id, cell_index)
            room = min(self.max_cell_output_bytes - self._cell_bytes, self.max_output_bytes - self._notebook_bytes)
            if size > room:
                if msg_type == "stream" and room > 0 and isinstance(content.get("text"), str):
                    msg = dict(msg, content=dict(content, text=content["text"][:room]))
                    self._dropped += size - room
                    size = room
                else:
                    self._dropped += size
                    size = 0
                if self._dropped > self.max_cell_output_bytes:
                    self._flooding()
                if not size:
                    return None
            self._notebook_bytes += size
            self._cell_bytes += size
            return super().output(outs, msg, display_id, cell_index)

        def on_cell_executed(self, **kwargs):
            super().on_cell_executed(**kwargs)
            # exit() and quit() let the cell finish, then end the kernel: its reply says so
            payload = ((kwargs.get("execute_reply") or {}).get("content") or {}).get("payload") or []
            if any(isinstance(p, dict) and p.get("source") == "ask_exit" and not p.get("keepkernel") for p in payload):
                self._asked_exit = True

        def clear_output(self, outs, msg, cell_index):
            if not (msg.get("content") or {}).get("wait"):
                self._notebook_bytes -= self._cell_bytes
                self._cell_bytes = 0
            return super().clear_output(outs, msg, cell_index)

        def handle_comm_msg(self, outs, msg, cell_index):
            size = _size(msg.get("content")) + sum(len(b) for b in msg.get("buffers") or [])
            if self._replaying or self._notebook_bytes + size > self.max_output_bytes:
                self._dropped += size
                return None
            self._notebook_bytes += size
            return super().handle_comm_msg(outs, msg, cell_index)

    return GuardedExecute


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
        reason = _probe(mode)
        if reason is not None:
            raise SandboxUnavailable(f"this worker cannot sandbox its kernels: {reason}")
    _EXECUTE = _guarded_execute_class()(config=config)
    _EXECUTE_CONFIG = config


def execute_with_config(config, source: str, target: str, judge_source: str) -> float:
    """``execute_notebook`` in a process that may not have been initialised (a dask worker)."""
    with _EXECUTE_LOCK:
        if _EXECUTE is None or _EXECUTE_CONFIG != config:
            init_worker(config)
        return execute_notebook(source, target, judge_source)


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


def execute_notebook(source: str, target: str, judge_source: str) -> float:
    """Execute the sanitised notebook ``source``; write it to ``target``.

    ``judge_source``: the instructor's source notebook. Its hidden tests judge
    the test cells in this process (``autograder.judge``), never in the kernel,
    and the files of its folder are all the kernel gets in its working folder, a
    fresh one for every execution, removed afterwards. Returns the seconds spent.
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
        nb, _ = _EXECUTE.preprocess(nb, {"metadata": {"path": str(workdir)}})
    finally:
        os.environ.pop("NBGRADER_EXECUTION", None)
        _EXECUTE.judge_source = None
        _EXECUTE.files_dir = ""
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
