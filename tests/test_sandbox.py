"""autograder.sandbox without running a kernel: bubblewrap's arguments and the status line, from hand-made inputs."""

from __future__ import annotations

from autograder import sandbox
from autograder.sandbox import MB, Limits, bwrap_args, sandbox_summary


def _pairs(args: list[str], option: str) -> list[tuple[str, str]]:
    return [(args[i + 1], args[i + 2]) for i, a in enumerate(args) if a == option]


def _args(tmp_path, mode="root", staged=("models.py",)):
    work, private, files = tmp_path / "work", tmp_path / "private", tmp_path / "files"
    for folder in (work, private, files):
        folder.mkdir(parents=True)
    for name in staged:
        (files / name).write_text("x = 1\n")
    return bwrap_args(str(work), str(private), Limits(work_mb=32, scratch_mb=16), mode, read_only=["/usr/lib"],
                      staged=staged, files_dir=str(files)), work, private, files


def test_the_kernel_is_cut_off_and_dies_with_its_worker(tmp_path):
    args, *_ = _args(tmp_path)
    for option in ("--unshare-net", "--unshare-pid", "--unshare-ipc", "--die-with-parent", "--new-session"):
        assert option in args
    assert "--unshare-user" not in args  # as root, a user id of its own instead (setpriv)
    assert "--unshare-user" in _args(tmp_path / "u", mode="userns")[0]


def test_the_working_folder_is_a_sized_tmpfs_with_the_assignments_files_read_only_in_it(tmp_path):
    args, work, private, files = _args(tmp_path)
    i = args.index("--tmpfs", args.index(str(32 * MB)) - 2)
    assert args[i - 4:i + 2] == ["--perms", "01777", "--size", str(32 * MB), "--tmpfs", str(work)]
    ro = _pairs(args, "--ro-bind")
    assert (str(files / "models.py"), str(work / "models.py")) in ro  # from the grader's folder, never the kernel's
    assert (str(files), str(files)) in ro
    assert ro.index((str(files / "models.py"), str(work / "models.py"))) > 0
    assert args.index(str(work / "models.py")) > i  # bound after the tmpfs, so on top of it
    assert _pairs(args, "--bind") == [(str(private), str(private))]  # the only writable folder from outside
    assert args[-2:] == ["--chdir", str(work)]


def test_the_kernel_sees_nothing_of_the_machine_it_was_not_given(tmp_path):
    args, *_ = _args(tmp_path)
    sources = {a for a, _ in _pairs(args, "--ro-bind") + _pairs(args, "--bind")}
    assert not any(s.startswith(("/home", "/root", "/sys", "/var", "/run")) for s in sources), sources
    assert ("/usr/lib", "/usr/lib") not in _pairs(args, "--ro-bind")  # under /usr, bound already
    assert args[args.index("--tmpfs") - 1] == str(16 * MB)  # /dev/shm and /tmp at their size


def test_the_status_line_says_which_limits_hold():
    status = {"mode": "root", "user": "u", "network": "none", "processes": 64, "memory_mb": 4096, "cpu_seconds": 900,
              "cell_timeout": 300, "notebook_timeout": 600, "work_mb": 256, "private_folder": "in memory",
              "cpus": 1.0, "cgroups": "cgroup v1", "cgroups_reason": None}
    assert "cgroup v1 per kernel: memory 4096 MB, 64 processes and 1 CPU for its whole tree" in sandbox_summary(status)
    status.update(cgroups=None, cgroups_reason="no cgroup v2 hierarchy; /sys/fs/cgroup/pids is not writable")
    line = sandbox_summary(status)
    assert "limited per process, not per kernel: no cgroups (no cgroup v2 hierarchy; " in line


def test_the_no_sandbox_warning_is_said_once(capsys, monkeypatch):
    monkeypatch.setattr(sandbox, "_warned", [])
    status = {"reason": "bubblewrap (bwrap) is not installed"}
    import sys

    sandbox.warn_once(status, sys.stderr)
    sandbox.warn_once(status, sys.stderr)
    assert capsys.readouterr().err.count("WARNING: submissions run WITHOUT a sandbox") == 1
