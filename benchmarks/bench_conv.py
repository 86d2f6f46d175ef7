"""Notebook 5's convolution layer: the reference fast (im2col) layer against PyTorch's CPU conv2d and
against the reference loops, measured side by side in one run.

    python benchmarks/bench_conv.py [--repeats 200] [--train EPOCHS]

The numpy code measured is the solution notebook's own (solutions/05_convolution): its set-up cell,
its reference answers and its CNN cells are executed here, not copied. The script prints

* forward + backward of one convolution layer, float32, batch 64, 3 x 3 kernels, padding 1, for the
  CNN's two layer shapes (28 x 28, 1 -> 8 channels and 14 x 14, 8 -> 16 channels): the reference
  against ``torch.nn.functional.conv2d`` with autograd (the gradients with respect to the input, the
  weights and the bias), both timed in alternation, iteration by iteration, so that a busy machine
  slows both alike; the ratios are medians (> 1: numpy is faster);
* the reference fast layer against the reference loops on a 28 x 28 batch of 64 (the loops are timed
  on 4 images and multiplied by 16: their time is proportional to the number of images);
* with ``--train EPOCHS``, the notebook's CNN trained on the 50 000 MNIST training digits with the
  notebook's own ``train_cnn``, its time and its accuracy on the 10 000 test digits.

numpy's BLAS runs on one thread, as in the notebook; PyTorch is timed with its default number of
threads and with one thread. Freed memory is kept in the process (glibc's ``mallopt``): otherwise, with the
two libraries alternating, each iteration gets fresh pages from the kernel, and on a virtual machine those
page faults can cost more than the convolution itself (ten times more, measured here), for both sides.
PyTorch is optional (``pip install torch==2.13.0``, the ``oracle`` extra);
without it the comparison with PyTorch is skipped with a message and the script still exits 0.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the notebook does, before numpy is imported

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the repository: autograder, course

from autograder import notebooks  # noqa: E402

ASSIGNMENT = "05_convolution"
GIVEN_CELLS = ("setup", "cnn-layers", "cnn-training")   # ids of the notebook's code cells the CNN needs
LAYER_SHAPES = [  # (N, side, C_in, C_out): the CNN's two convolution layers
    (64, 28, 1, 8),
    (64, 14, 8, 16),
]


def keep_freed_memory() -> None:
    """Ask glibc to keep freed memory rather than return it to the kernel (no-op elsewhere)."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
    libc.mallopt(M_TRIM_THRESHOLD, 1 << 30)
    libc.mallopt(M_MMAP_THRESHOLD, 1 << 30)


def notebook_namespace() -> dict:
    """The solution notebook's set-up, reference answers and CNN cells, executed in one namespace."""
    nb = notebooks.read(notebooks.Course(REPO).source(ASSIGNMENT))
    cells = {cell.get("id"): cell.source for cell in nb.cells}
    namespace: dict = {"__name__": "bench_conv_notebook"}
    exec(cells["setup"], namespace)
    for source in notebooks.reference_answers(nb).values():
        exec(source, namespace)
    for cell_id in GIVEN_CELLS[1:]:
        exec(cells[cell_id], namespace)
    return namespace


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _median_ms(times: list[float]) -> float:
    return 1000 * statistics.median(times)


def _torch_layer(torch, X, K, b, dZ):
    """A closure running PyTorch's forward + backward on the same data (NCHW, OIHW)."""
    x = torch.tensor(X).permute(0, 3, 1, 2).contiguous().requires_grad_(True)
    w = torch.tensor(K).permute(3, 2, 0, 1).contiguous().requires_grad_(True)
    bias = torch.tensor(b).requires_grad_(True)
    dout = torch.tensor(dZ).permute(0, 3, 1, 2).contiguous()

    def run():
        x.grad = w.grad = bias.grad = None
        out = torch.nn.functional.conv2d(x, w, bias, stride=1, padding=1)
        out.backward(dout)
        return out, x.grad, w.grad, bias.grad

    return run


def compare_with_torch(ns: dict, repeats: int) -> None:
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: skipping the comparison with torch.nn.functional.conv2d "
              "(pip install torch==2.13.0 to run it).")
        return
    default_threads = torch.get_num_threads()
    print(f"forward + backward of one layer, float32, batch 64, 3 x 3, padding 1; medians of {repeats} "
          f"alternating iterations (torch {torch.__version__}, default {default_threads} threads)")
    print(f"  {'layer':<26}{'numpy':>10}{'torch':>10}{'ratio':>8}{'torch 1 thr':>13}{'ratio':>8}")
    forward, backward = ns["conv_forward_fast"], ns["conv_backward_fast"]
    rng = np.random.default_rng(0)
    for N, side, C_in, C_out in LAYER_SHAPES:
        X = rng.normal(size=(N, side, side, C_in)).astype(np.float32)
        K = rng.normal(size=(3, 3, C_in, C_out)).astype(np.float32)
        b = rng.normal(size=C_out).astype(np.float32)
        dZ = rng.normal(size=(N, side, side, C_out)).astype(np.float32)

        def numpy_layer():
            Z, cache = forward(X, K, b, 1, 1)
            return (Z,) + tuple(backward(dZ, cache))

        torch_layer = _torch_layer(torch, X, K, b, dZ)
        # same results first: the two layers compute the same thing
        ours = numpy_layer()
        theirs = [t.detach().numpy() for t in torch_layer()]
        theirs = [theirs[0].transpose(0, 2, 3, 1), theirs[1].transpose(0, 2, 3, 1),
                  theirs[2].transpose(2, 3, 1, 0), theirs[3]]
        worst = max(float(np.max(np.abs(a - t)) / (np.max(np.abs(t)) or 1.0)) for a, t in zip(ours, theirs))
        medians = {}
        for threads in (default_threads, 1):
            torch.set_num_threads(threads)
            for _ in range(5):   # warm-up of both
                numpy_layer()
                torch_layer()
            numpy_times, torch_times = [], []
            for _ in range(repeats):
                numpy_times.append(_timed(numpy_layer))
                torch_times.append(_timed(torch_layer))
            medians[threads] = (_median_ms(numpy_times), _median_ms(torch_times))
        torch.set_num_threads(default_threads)
        (np_a, th_a), (np_1, th_1) = medians[default_threads], medians[1]
        label = f"{side}x{side}, {C_in} -> {C_out} channels"
        print(f"  {label:<26}{np_a:>8.2f}ms{th_a:>8.2f}ms{th_a / np_a:>8.2f}{th_1:>11.2f}ms{th_1 / np_1:>8.2f}"
              f"   (results agree to {worst:.0e})")
    print("  ratio = torch time / numpy time, each against numpy timed alongside it: > 1 means numpy is faster")


def compare_with_loops(ns: dict) -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(64, 28, 28, 1))
    K, b = rng.normal(size=(3, 3, 1, 8)), rng.normal(size=8)

    def layer(forward, backward, images):
        Z, cache = forward(images, K, b, 1, 1)
        return backward(np.ones_like(Z), cache)

    loops = 16 * min(_timed(lambda: layer(ns["conv_forward_naive"], ns["conv_backward_naive"], X[:4]))
                     for _ in range(2))
    fast = min(_timed(lambda: layer(ns["conv_forward_fast"], ns["conv_backward_fast"], X)) for _ in range(20))
    print(f"fast against loops, float64, batch 64, 28 x 28, 1 -> 8 channels, forward + backward: "
          f"loops {loops:.2f} s (4 images, x 16), fast {1000 * fast:.2f} ms: {loops / fast:.0f} times faster")


def train(ns: dict, epochs: int) -> None:
    from course.data import load_mnist

    X_train, y_train = load_mnist("train")
    X_test, y_test = load_mnist("test")
    X_train, X_test = X_train.reshape(-1, 28, 28, 1), X_test.reshape(-1, 28, 28, 1)
    params = ns["init_cnn"](seed=0)
    start = time.perf_counter()
    ns["train_cnn"](params, X_train, y_train, epochs=epochs)
    seconds = time.perf_counter() - start
    accuracy = np.mean(ns["cnn_predict"](params, X_test) == y_test)
    print(f"CNN trained as in the notebook: {epochs} epoch(s) on {len(X_train)} digits in {seconds:.0f} s, "
          f"test accuracy {accuracy:.2%} on {len(X_test)} digits")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=200, help="timed iterations per layer (default 200)")
    parser.add_argument("--train", type=int, default=0, metavar="EPOCHS",
                        help="also train the notebook's CNN for EPOCHS epochs on MNIST")
    args = parser.parse_args(argv)
    keep_freed_memory()
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, numpy {np.__version__} "
          f"(BLAS threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')})")
    ns = notebook_namespace()
    compare_with_torch(ns, args.repeats)
    compare_with_loops(ns)
    if args.train:
        train(ns, args.train)
    return 0


if __name__ == "__main__":
    sys.exit(main())
