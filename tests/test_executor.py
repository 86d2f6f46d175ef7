"""autograder.executor without running a kernel: the output budget, and the nbclient and jupyter_client
members it relies on."""

from __future__ import annotations

from autograder.executor import GuardedExecute, _clip_error, _size
from autograder.kernel import LimitedKernelManager


def test_nested_output_counts_at_its_full_size():
    nested = "x" * 1000
    for _ in range(200):
        nested = {"a": nested}
    assert _size({"data": nested}) > 1000 + 200 * 5


def test_an_error_is_kept_but_clipped():
    output = {"ename": "E" * 500, "evalue": "v" * 50_000, "traceback": ["line " * 10_000] * 20_000}
    _clip_error(output)
    assert len(output["ename"]) == 200
    assert len(output["evalue"]) < 20_100 and output["evalue"].endswith("[...]")
    assert len(output["traceback"]) == 7 and output["traceback"][3] == "[...]"


# What the grader overrides of its bases, and the private members of theirs it calls: an upgrade of nbclient,
# nbgrader or jupyter_client that renames or drops one fails here, not in the middle of grading a class.
OVERRIDDEN = {
    GuardedExecute: {"_async_check_alive", "_async_poll_output_msg", "clear_output", "handle_comm_msg",
                     "on_cell_executed", "output", "preprocess", "start_new_kernel_client"},
    LimitedKernelManager: {"_async_cleanup_resources", "_async_launch_kernel", "_async_signal_kernel",
                           "cleanup_resources", "client", "format_kernel_cmd"},
}
CALLED = {
    GuardedExecute: {"reset_execution_trackers", "_check_assign_resources", "set_widgets_metadata",
                     "output_hook_stack", "clear_before_next_output", "clear_display_id_mapping", "process_message",
                     "_cleanup_kernel", "wait_for_reply", "execute_cell", "create_kernel_manager", "start_new_kernel",
                     "shutdown_kernel", "kc", "km", "nb"},
    LimitedKernelManager: {"_launch_args", "provisioner", "context", "has_kernel", "transport", "ip",
                           "connection_file"},
}
TRAITLETS = {"_all_trait_default_generators", "_descriptors", "_instance_inits", "_static_immutable_initial_values",
             "_trait_default_generators", "_traits"}


def test_the_members_overridden_are_still_the_bases():
    for cls, names in OVERRIDDEN.items():
        base = cls.__mro__[1]
        shadowing = {n for n in vars(cls) if hasattr(base, n) and not n.startswith("__")} - TRAITLETS
        assert shadowing == names, f"{cls.__name__} overrides {sorted(shadowing ^ names)} unlisted or no longer"


def _assigned_in_bases(cls) -> str:
    """The source of the grader's classes' bases: instance attributes are assigned there (``self.x = ...``)."""
    import inspect

    return "".join(inspect.getsource(base) for base in cls.__mro__[1:] if base.__module__.split(".")[0] in
                   ("nbclient", "nbgrader", "jupyter_client", "nbconvert"))


def test_the_members_called_still_exist():
    for cls, names in CALLED.items():
        source = _assigned_in_bases(cls)
        missing = [n for n in sorted(names) if not (hasattr(cls, n) or f"self.{n} =" in source
                                                     or f"self.{n}: " in source)]
        assert not missing, f"{cls.__name__}'s bases no longer have {missing}"
