"""The Execute preprocessor a worker runs a notebook with: nbgrader's, with a notebook time limit, output caps,
kernel restarts, and its test cells judged in the worker (``autograder.judge``), never in the kernel.

Importing this module imports nbgrader, which is slow: only workers import it (``autograder.worker``).
A kernel that dies (``os._exit``, a crash, a memory limit) or stops answering
is recorded as an error in the cell that was running, then restarted, with the
cells before re-run, so that the rest of the notebook is still graded. The
output kept per cell and per notebook (and each message received) is capped,
so that a flood of output cannot exhaust the worker's memory.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import signal
import threading
import time
from pathlib import Path

from nbclient.client import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbgrader.preprocessors import Execute
from traitlets import Integer

from autograder import notebooks
from autograder.judge import Judge, KernelLost
from autograder.sandbox import MB

log = logging.getLogger("autograder")
NOT_RUN = "[not run while grading: this cell grades nothing and feeds nothing graded; it runs in your own copy]\n"


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
        output["traceback"] = ([line[:limit] for line in traceback[:3]] + ["[...]"]
                               + [line[:limit] for line in traceback[-3:]])


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
            if (output.get("output_type") == "display_data" and isinstance(reply, dict)
                    and reply.get("id") == request["id"]):
                return reply
        why = f"{errors[0][0]}: {errors[0][1]}" if errors else "no answer came back (too large, or not sent)"
        raise NoAnswer(f"the call did not come back from the kernel: {why}")


class GuardedExecute(Execute):
    """nbgrader's Execute, with a notebook time limit, output caps, kernel restarts, and test cells judged here."""

    notebook_timeout = Integer(600, help="wall-clock seconds per notebook (0: none)").tag(config=True)
    max_cell_output_bytes = Integer(8 * MB).tag(config=True)
    max_output_bytes = Integer(32 * MB).tag(config=True)
    max_restarts = Integer(5).tag(config=True)
    judge_source = None  # the instructor's source notebook whose hidden tests judge this one (set per notebook)
    files_dir = ""  # the assignment's files staged for this notebook's kernels (set per notebook)
    run_every_cell = False  # else the source notebook's cells that grade nothing are not run (set per notebook)

    # ---------------------------------------------------------------- the notebook

    def preprocess(self, nb, resources=None, km=None):
        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        for cell in nb.cells:  # a diagnosis is the judge's alone: none comes in with a submission
            cell.metadata.pop(notebooks.DIAGNOSES, None)
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
            self._judge = None if self.judge_source is None else Judge(
                Path(self.judge_source), _KernelBackend(self),
                [c.source for c in nb.cells if c.cell_type == "code" and notebooks.is_solution_cell(c)],
                [c.source for c in nb.cells if c.cell_type == "code" and not notebooks.is_test_cell(c)])
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
            if self._skipped(cell):
                cell.outputs = [_stdout(NOT_RUN)]
                cell.execution_count = None
                continue
            judged = self._judge is not None and notebooks.is_test_cell(cell)
            earlier = None  # the outputs of a first run, when the course's own cell is run once more
            while True:
                failure = self._judge_cell(cell, index) if judged else self._run_cell(cell, index)
                if failure is None:
                    # what a restart re-runs: cells that ran clean and set things up (not the tests, visible ones
                    # included: they bind nothing later cells read, and re-running one runs the student's code)
                    if (not notebooks.is_test_cell(cell) and not notebooks.is_visible_test(cell)
                            and not any(o.get("output_type") == "error" for o in cell.outputs)):
                        done.append(index)
                    break
                if earlier is not None:
                    cell.outputs = earlier
                if not self._time_left():
                    cell.outputs.append(_error(*self._out_of_time_message(started=True)))
                    skip_reason = self._out_of_time_message(started=False)
                    break
                cell.outputs.append(_error(*failure))
                if restarts >= self.max_restarts:
                    skip_reason = ("KernelRestartLimit", f"not run: the kernel died or hung {restarts + 1} times, "
                                   "the grader gave up on the rest of this notebook")
                    break
                restarts += 1
                self.events.append(f"restart after cell {index}")
                skip_reason = self._restart(done)
                if skip_reason is None and earlier is None and notebooks.is_given_code(cell):
                    # the course's own code (nbgrader restores locked cells) died with a kernel that an earlier
                    # answer broke: run it once more, so that what it defines is there for the cells after it
                    self.events.append(f"re-ran cell {index} after the restart")
                    earlier = cell.outputs
                    continue
                break

    def _skipped(self, cell) -> bool:
        """A cell the source notebook marks as grading nothing (never an answer or a test cell)."""
        return (not self.run_every_cell and self._judge is not None
                and notebooks.grade_id(cell) in self._judge.skipped
                and not notebooks.is_test_cell(cell) and not notebooks.is_solution_cell(cell))

    def _judge_cell(self, cell, index: int) -> tuple[str, str] | None:
        """A test cell, judged in this process; its code never reaches the kernel (see autograder.judge)."""
        self._backend_index = index
        cell.execution_count = None
        try:
            verdict = self._judge.run(notebooks.grade_id(cell))
            cell.outputs = verdict.outputs()
            cell.metadata[notebooks.DIAGNOSES] = verdict.diagnoses  # written here, never by the kernel
        except KernelLost as lost:
            cell.outputs = [_stdout(lost.printed)] if lost.printed else []
            return lost.failure
        return None

    def _out_of_time_message(self, started: bool) -> tuple[str, str]:
        if started:
            return ("NotebookTimeoutError",
                    f"the notebook ran out of time: the grader allows {self.notebook_timeout} s "
                    "per notebook and stopped it in this cell")
        return ("NotebookTimeoutError",
                f"not run: the notebook ran out of time ({self.notebook_timeout} s per notebook)")

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
