"""The sandbox a submission's kernel runs in: its limits, bubblewrap's arguments, and what is in force here.

What a kernel is held to (``sandbox_status()`` says what holds on this machine):

* **bubblewrap**, when it works here: the kernel sees the system folders, the
  Python installation, the virtual environment, the ``course`` package and the
  data cache, all read-only, and nothing else of the machine (no class folder,
  no other student, no ``solutions/``, no gradebook, no home folder); it writes
  only to its own working folder (a fresh size-limited tmpfs, with the
  assignment's files read-only in it), to a size-limited ``/tmp`` and to its
  private folder (sockets and home; a tmpfs of its own as root, see
  ``autograder.private_dirs``); it has no network (a network namespace of its
  own), its own process tree and IPC, and it dies with its worker. Run as root,
  the kernel also drops to a user id of its own (no capability,
  ``no_new_privs``), so that a limit on its processes is enforced; run as
  another user, it is in a user namespace. Without a working bubblewrap the
  grader warns loudly and uses the limits alone, or refuses
  (``Limits.require_sandbox``).
* **prlimit**: address space, CPU time, file size, no core dump, and, in the
  sandbox, a number of processes (threads included).
* **a cgroup per kernel** where the grader may make one (``autograder.cgroups``):
  memory, processes and CPU for the kernel's whole tree.

The kernel manager that applies all this is ``autograder.kernel``; the limits
the worker enforces itself (time per notebook, output) are ``autograder.executor``'s.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
_probe_result: dict[str, str | None] = {}
_hierarchy: list = []  # the cgroup hierarchy found by this process, or why there is none (looked up once)
_warned: list[bool] = []  # the no-sandbox warning was said in this process


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


def data_dir() -> Path:
    """The data caches the notebooks read, MNIST and images (course.data's rule, also without course)."""
    try:
        from course.data import data_dir as course_data_dir

        return course_data_dir()
    except ImportError:
        explicit = os.environ.get("COURSE_DATA_DIR")
        if explicit:
            return Path(explicit).expanduser()
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser() / "backprop-course"


def course_package() -> str | None:
    """The folder of the ``course`` package that the grader imports (the kernels import it too), or None."""
    import importlib.util

    spec = importlib.util.find_spec("course")
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.realpath(list(spec.submodule_search_locations)[0])


def read_only_paths() -> list[str]:
    """What a kernel needs to read besides the system folders: Python, the venv, ``course``, the data cache."""
    paths = [sys.base_prefix, sys.prefix, sys.base_exec_prefix, sys.exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))]
    package = course_package()
    if package:
        paths.append(package)  # the package only, never the repository around it
    data = data_dir()
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
    read_only = [os.path.realpath(p) for p in (read_only if read_only is not None else read_only_paths())]
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


def probe(mode: str) -> str | None:
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
                reason = (f"bwrap failed its self-test (exit {out.returncode}): "
                          f"{(out.stderr or out.stdout).strip()[:300]}")
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
    reason = probe(mode) if limits.sandbox else "turned off (Limits.sandbox=False)"
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


def warn_once(status: dict, stream=None) -> None:
    """Say the no-sandbox warning once per process: to ``stream`` (the command line's stderr), else to the log."""
    if _warned:
        return
    _warned.append(True)
    if stream is not None:
        print(no_sandbox_warning(status), file=stream, flush=True)
    else:
        log.warning("\n%s", no_sandbox_warning(status))


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
