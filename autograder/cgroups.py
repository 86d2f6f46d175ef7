"""A cgroup of its own for each kernel, capping the memory, processes and CPU of its whole process tree.

Resource limits (``prlimit``) hold per process: sixty busy children, or four
children each under the memory limit, escape them together. A cgroup holds the
kernel and everything it starts. The grader makes one per kernel, below its
own cgroup in each hierarchy (cgroup v2 when its controllers are on, else the
v1 ``memory``, ``pids`` and ``cpu`` hierarchies), writes the caps, starts the
kernel in it (``join_command``) and, when the kernel is gone, kills what is
left in it and removes it. Where no hierarchy can be written (no root, no
delegation), ``find_hierarchy`` says why and the grader keeps to the per-process
limits. A sandboxed kernel cannot leave its cgroup: ``/sys`` is not in its sandbox.
"""

from __future__ import annotations

import itertools
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from autograder import leftovers

MB = 2**20
CGROUP_ROOT = Path("/sys/fs/cgroup")
PREFIX = "course-kernel-"
_CONTROLLERS = ("memory", "pids", "cpu")
_names = itertools.count()


@dataclass(frozen=True)
class Caps:
    """What one kernel's tree may use at once: ``memory_mb`` (resident, tmpfs files included), ``processes``
    (threads included) and ``cpus`` (cores' worth of CPU time per wall second)."""

    memory_mb: int
    processes: int
    cpus: float


@dataclass(frozen=True)
class Hierarchy:
    """Where this process may create cgroups: ``version`` 1 or 2, and the folder for each controller."""

    version: int
    dirs: dict

    def describe(self) -> str:
        return f"cgroup v{self.version}"


def _own_paths(proc_cgroup: str) -> dict[str, str]:
    """``{controller: path}`` of this process's cgroups (v2's under the key "")."""
    paths = {}
    for line in proc_cgroup.splitlines():
        _, controllers, path = line.split(":", 2)
        for name in controllers.split(",") if controllers else [""]:
            paths[name] = path
    return paths


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _v2(paths: dict, root: Path) -> Hierarchy | str:
    base = root / paths.get("", "/").lstrip("/")
    try:
        available = (base / "cgroup.controllers").read_text().split()
    except OSError:
        return "no cgroup v2 hierarchy"
    missing = [c for c in _CONTROLLERS if c not in available]
    if missing:
        return f"cgroup v2 lacks the {', '.join(missing)} controller(s) here"
    if not _writable(base):
        return f"{base} is not writable by this user"
    enabled = (base / "cgroup.subtree_control").read_text().split()
    try:
        for name in _CONTROLLERS:
            if name not in enabled:
                (base / "cgroup.subtree_control").write_text(f"+{name}")
    except OSError as exc:
        return (f"cannot enable {name} below {base} ({exc.strerror}: "
                "a cgroup with processes of its own needs delegation)")
    return Hierarchy(2, {name: base for name in _CONTROLLERS})


def _v1(paths: dict, root: Path) -> Hierarchy | str:
    dirs = {}
    for name in _CONTROLLERS:
        mount = root / name
        if name not in paths or not mount.is_dir():
            return f"no cgroup v1 {name} hierarchy"
        dirs[name] = mount / paths[name].lstrip("/")
        if not _writable(dirs[name]):
            return f"{dirs[name]} is not writable by this user"
    return Hierarchy(1, dirs)


def find_hierarchy(root: Path = CGROUP_ROOT, proc_cgroup: str | None = None) -> Hierarchy | str:
    """The hierarchy this process can make kernels' cgroups in, or why there is none (v2 first, then v1)."""
    if proc_cgroup is None:
        try:
            proc_cgroup = Path("/proc/self/cgroup").read_text()
        except OSError:
            return "no /proc/self/cgroup"
    paths = _own_paths(proc_cgroup)
    found = _v2(paths, root)
    if isinstance(found, Hierarchy):
        return found
    older = _v1(paths, root)
    return older if isinstance(older, Hierarchy) else f"{found}; {older}"


def _limit_files(version: int, caps: Caps) -> list[tuple[str, str, str]]:
    """``(controller, file, value)`` to write, in order."""
    memory = str(caps.memory_mb * MB)
    period = 100_000
    quota = str(max(1000, int(caps.cpus * period)))
    if version == 2:
        return [("memory", "memory.max", memory), ("memory", "memory.swap.max", "0"),
                ("pids", "pids.max", str(caps.processes)), ("cpu", "cpu.max", f"{quota} {period}")]
    return [("memory", "memory.limit_in_bytes", memory), ("memory", "memory.memsw.limit_in_bytes", memory),
            ("pids", "pids.max", str(caps.processes)),
            ("cpu", "cpu.cfs_period_us", str(period)), ("cpu", "cpu.cfs_quota_us", quota)]


class KernelCgroup:
    """One kernel's cgroup: ``create`` it, start the kernel with ``join_command``, ``destroy`` it afterwards."""

    def __init__(self, hierarchy: Hierarchy, caps: Caps) -> None:
        self.hierarchy = hierarchy
        self.caps = caps
        self.name = f"{leftovers.owned_name(PREFIX)}{next(_names)}"
        self.dirs = {c: d / self.name for c, d in hierarchy.dirs.items()}
        self.created = False

    def folders(self) -> list[Path]:
        return list(dict.fromkeys(self.dirs.values()))

    def create(self) -> "KernelCgroup":
        _remove_stale(self.hierarchy)
        for folder in self.folders():
            folder.mkdir()
        self.created = True
        for controller, name, value in _limit_files(self.hierarchy.version, self.caps):
            path = self.dirs[controller] / name
            if name.startswith("memory.memsw") and not path.exists():
                continue  # swap accounting is off in this kernel: there is no swap to cap
            path.write_text(value)
        return self

    def join_command(self) -> list[str]:
        """A prefix that puts the command after it, and so everything it starts, in this cgroup first."""
        procs = [str(folder / "cgroup.procs") for folder in self.folders()]
        script = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 97; shift; n=$((n-1)); done; exec "$@"'
        return ["/bin/sh", "-c", script, "course-cgroup", str(len(procs)), *procs]

    def pids(self) -> list[int]:
        found: set[int] = set()
        for folder in self.folders():
            try:
                found.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
            except (OSError, ValueError):
                pass
        return sorted(found)

    def kill_all(self, timeout: float = 5.0) -> None:
        """SIGKILL every process left in the cgroup (a process forking meanwhile is caught on the next round)."""
        if not self.created:
            return
        kill_file = self.dirs["pids"] / "cgroup.kill"
        if self.hierarchy.version == 2 and kill_file.exists():
            try:
                kill_file.write_text("1")
            except OSError:
                pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.02)

    def destroy(self) -> None:
        """Kill what is left and remove the cgroup (an empty cgroup's folder is removed with rmdir)."""
        if not self.created:
            return
        self.kill_all()
        for folder in self.folders():
            for _ in range(50):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:  # a killed process is still being reaped
                    time.sleep(0.02)
        self.created = False


def _remove_stale(hierarchy: Hierarchy) -> None:
    """Empty kernel cgroups left by a grader that was killed (its process id is gone)."""
    for base in dict.fromkeys(hierarchy.dirs.values()):
        try:
            entries = list(base.iterdir())
        except OSError:
            continue
        for entry in entries:
            if leftovers.left_by_a_dead_grader(entry.name, PREFIX):
                try:
                    entry.rmdir()
                except OSError:
                    pass
