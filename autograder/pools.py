"""Executor pools that run ``worker.execute_notebook``: worker processes, this process, or dask.distributed."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os

from autograder import worker


@contextlib.contextmanager
def executor_pool(config, workers: int, dask: str | None = None):
    """``(pool, description)``: a ``concurrent.futures``-like pool whose workers execute notebooks with ``config``.

    ``workers`` processes (0: this process); with ``dask``, on dask.distributed instead (see ``_dask_executor``).
    """
    if dask:
        with _dask_executor(dask, workers, config) as (pool, description):
            yield pool, description
        return
    if workers <= 0:
        worker.init_worker(config)
        yield _InlineExecutor(), ""
        return
    with cf.ProcessPoolExecutor(workers, initializer=worker.init_worker, initargs=(config, os.getpid())) as pool:
        yield pool, ""


@contextlib.contextmanager
def _dask_executor(address: str, workers: int, config):
    """A ``concurrent.futures`` executor on dask.distributed that executes notebooks with ``config``.

    ``address`` "local": a LocalCluster of ``workers`` single-threaded processes on
    127.0.0.1, closed afterwards; otherwise the address of a running scheduler.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RuntimeError("--dask needs dask.distributed: pip install -e '.[cluster]'") from None
    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address=None))
            client = stack.enter_context(Client(cluster))
            description = f"dask LocalCluster at {cluster.scheduler_address}"
        else:
            client = stack.enter_context(Client(address, timeout=30))
            description = f"dask scheduler at {address}"
        count = len(client.scheduler_info().get("workers", {}))
        description += f", {count} worker(s)"
        yield _DaskPool(client.get_executor(pure=False), config), description


class _DaskPool:
    """The pool interface on dask: each task carries the executor's config (a worker initialises once)."""

    def __init__(self, executor, config):
        self._executor, self._config = executor, config

    def submit(self, fn, *args) -> cf.Future:
        if fn is not worker.execute_notebook:
            raise ValueError(f"only execute_notebook runs on dask, not {fn!r}")
        return self._executor.submit(worker.execute_with_config, self._config, *args)


class _InlineExecutor:
    """The pool interface, executing in this process (``workers=0``)."""

    @staticmethod
    def submit(fn, *args) -> cf.Future:
        future = cf.Future()
        try:
            future.set_result(fn(*args))
        except Exception as exc:
            future.set_exception(exc)
        return future
