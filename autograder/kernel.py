"""The kernel manager that starts a submission's kernel in its sandbox, its cgroup and its private folder."""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Dict, Float, Integer, List, Unicode

from autograder import cgroups, private_dirs
from autograder.sandbox import BWRAP, MB, PRLIMIT, SETPRIV, Limits, bwrap_args, cgroup_hierarchy, data_dir

_UID_BASE = 1_500_000_000  # kernels run as root drop to a user id of their own, far above real accounts
_kernel_count = itertools.count()


# run by the kernel at start-up, in no history and binding no name: pyplot is imported when a cell uses it
DEFER_PYPLOT = "--IPKernelApp.exec_lines=__import__('course.lazy_pyplot', fromlist=['install']).install()"


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
    sandbox = Unicode("off", help="bubblewrap run as 'root' (a user id per kernel) "
                                  "or in a 'userns', or 'off'").tag(config=True)
    processes = Integer(0, help="processes and threads per kernel (in the sandbox; 0: no limit)").tag(config=True)
    scratch_mb = Integer(512).tag(config=True)
    work_mb = Integer(256).tag(config=True)
    read_only = List(Unicode(), help="paths the sandboxed kernel may read "
                                     "(default: Python, venv, course, data)").tag(config=True)
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
        cmd = super().format_kernel_cmd(extra_arguments) + [DEFER_PYPLOT]
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
                    PYTHONNOUSERSITE="1", COURSE_DATA_DIR=str(data_dir()), **self._path_env())
        # one BLAS thread per kernel: workers already use every CPU, and threads count as processes
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            keep.setdefault(name, "1")
        keep.update(self.extra_env)
        return keep

    def _path_env(self) -> dict:
        """Imports from the assignment's files only, never from the working folder the kernel writes to."""
        env = {"PYTHONSAFEPATH": "1"}  # ipykernel and IPython then leave the current folder off sys.path
        # then the grader's own import path, so that its ``course`` package is the kernel's wherever it is
        # installed (in the sandbox only that package's folder is seen there)
        paths = ([os.path.realpath(self.files_dir)] if self.files_dir else []) + [
            p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        if paths:
            env["PYTHONPATH"] = os.pathsep.join(paths)
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
