"""autograder.cgroups: finding a hierarchy (on hand-made folders), and the caps holding for a whole process tree."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder import cgroups
from autograder.cgroups import Caps, Hierarchy, KernelCgroup, find_hierarchy

V1_PROC = "9:name=systemd:/\n8:pids:/a\n4:memory:/box/42\n2:cpu,cpuacct:/\n0::/\n"


def _v1_root(root: Path) -> Path:
    for path in ("pids/a", "memory/box/42", "cpu", "unified"):
        (root / path).mkdir(parents=True)
    return root


def test_v1_hierarchies_below_this_process_own_cgroups(tmp_path):
    found = find_hierarchy(_v1_root(tmp_path), V1_PROC)
    assert found == Hierarchy(1, {"memory": tmp_path / "memory/box/42", "pids": tmp_path / "pids/a",
                                  "cpu": tmp_path / "cpu"})


def test_v2_without_its_controllers_falls_back_to_v1_and_says_so(tmp_path):
    root = _v1_root(tmp_path)
    (root / "cgroup.controllers").write_text("")  # the hybrid layout: every controller bound to v1
    found = find_hierarchy(root, V1_PROC.replace("8:pids:/a\n", ""))
    assert isinstance(found, str)
    assert "cgroup v2 lacks the memory, pids, cpu controller(s)" in found and "no cgroup v1 pids hierarchy" in found


def test_v2_with_its_controllers_is_used_and_they_are_enabled_below(tmp_path):
    base = tmp_path / "user.slice"
    base.mkdir()
    (base / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (base / "cgroup.subtree_control").write_text("memory\n")
    found = find_hierarchy(tmp_path, "0::/user.slice\n")
    assert found == Hierarchy(2, {name: base for name in ("memory", "pids", "cpu")})
    assert (base / "cgroup.subtree_control").read_text() == "+cpu"  # the last one a plain file kept


def test_no_hierarchy_at_all_is_a_reason(tmp_path):
    found = find_hierarchy(tmp_path, "0::/\n")
    assert found == "no cgroup v2 hierarchy; no cgroup v1 memory hierarchy"


def test_caps_in_each_versions_files():
    caps = Caps(memory_mb=512, processes=32, cpus=1.5)
    v1 = {f: v for _, f, v in cgroups._limit_files(1, caps)}
    v2 = {f: v for _, f, v in cgroups._limit_files(2, caps)}
    assert v1 == {"memory.limit_in_bytes": str(512 * 2**20), "memory.memsw.limit_in_bytes": str(512 * 2**20),
                  "pids.max": "32", "cpu.cfs_period_us": "100000", "cpu.cfs_quota_us": "150000"}
    assert v2 == {"memory.max": str(512 * 2**20), "memory.swap.max": "0", "pids.max": "32", "cpu.max": "150000 100000"}


# ---------------------------------------------------------------------------- on this machine's cgroups

HERE = find_hierarchy()
needs_cgroups = pytest.mark.skipif(not isinstance(HERE, Hierarchy), reason=f"no cgroups here: {HERE}")


def _run_in(cgroup: KernelCgroup, code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(cgroup.join_command() + [sys.executable, "-c", textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cgroup():
    made = KernelCgroup(HERE, Caps(memory_mb=600, processes=24, cpus=0.5)).create()
    yield made
    made.destroy()


@needs_cgroups
def test_the_caps_are_in_force(cgroup):
    for controller, name, value in cgroups._limit_files(HERE.version, cgroup.caps):
        path = cgroup.dirs[controller] / name
        if path.exists():  # memsw: only where swap is accounted
            assert int(path.read_text().split()[0]) == int(value.split()[0]) // 4096 * 4096 or \
                path.read_text().split()[0] == value.split()[0], (path, path.read_text())


@needs_cgroups
def test_the_process_cap_holds_for_the_tree(cgroup):
    out = _run_in(cgroup, """
        import os, time
        children = 0
        try:
            for _ in range(200):
                if os.fork() == 0:
                    os.close(1), os.close(2)  # the test reads the parent's output only
                    time.sleep(20)
                    os._exit(0)
                children += 1
        except OSError:
            pass
        print(children)
        os._exit(0)  # the children are left for the cgroup to kill
    """)
    assert 0 < int(out.stdout) < 24, out
    assert len(cgroup.pids()) == int(out.stdout)
    cgroup.kill_all()
    assert cgroup.pids() == []


@needs_cgroups
def test_the_memory_cap_holds_for_the_tree(cgroup):
    out = _run_in(cgroup, """
        import os, time
        pids = []
        for _ in range(3):  # 3 x 250 MB at once, each far under any per-process limit
            pid = os.fork()
            if pid == 0:
                hog = b"\\1" * (250 * 2**20)  # written, so that the pages are taken
                time.sleep(1.5)
                os._exit(0)
            pids.append(pid)
        print(sum(os.waitpid(pid, 0)[1] != 0 for pid in pids))
    """)
    assert int(out.stdout) >= 1, out  # at least one was killed: 750 MB do not fit in 600


@needs_cgroups
def test_the_cpu_cap_holds_for_the_tree(cgroup):
    out = _run_in(cgroup, """
        import os, time
        start = time.monotonic()
        pids = []
        for _ in range(4):
            pid = os.fork()
            if pid == 0:
                while time.monotonic() - start < 1.5:
                    pass
                os._exit(0)
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)
        t = os.times()
        print((t.children_user + t.children_system) / (time.monotonic() - start))
    """)
    assert float(out.stdout) <= 0.5 * 1.3, out  # four busy children, half a core between them


@needs_cgroups
def test_a_destroyed_cgroup_kills_what_was_left_and_is_gone():
    made = KernelCgroup(HERE, Caps(memory_mb=600, processes=24, cpus=1)).create()
    sleeper = subprocess.Popen(made.join_command() + ["sleep", "60"], start_new_session=True)
    try:
        for _ in range(100):
            if made.pids():
                break
            subprocess.run(["sleep", "0.02"])
        assert made.pids() == [sleeper.pid]
        made.destroy()
        assert sleeper.wait(timeout=10) == -9
        assert not any(folder.exists() for folder in made.folders())
    finally:
        sleeper.kill()
        made.destroy()


@needs_cgroups
def test_an_empty_cgroup_of_a_dead_grader_is_removed():
    stale_pid = os.getpid()
    while True:  # a process id that is not running now
        stale_pid += 7919
        try:
            os.kill(stale_pid, 0)
        except ProcessLookupError:
            break
        except PermissionError:
            continue
    stale = [base / f"{cgroups.PREFIX}{stale_pid}-0" for base in set(HERE.dirs.values())]
    for folder in stale:
        folder.mkdir()
    made = KernelCgroup(HERE, Caps(memory_mb=600, processes=24, cpus=1)).create()
    try:
        assert not any(folder.exists() for folder in stale)
    finally:
        made.destroy()
        for folder in stale:
            if folder.exists():
                folder.rmdir()
