"""Notebook 4's 784-10-10 network: the numpy reference against the same network in PyTorch (CPU).

    python benchmarks/bench_mlp.py [--batch-size 32] [--repeats 3] [--full-batch-iterations 10] [--threads N]

Both sides train the same network (784 -> 10 ReLU -> 10 softmax, average cross-entropy, plain SGD)
from the same initial weights, on the same 50 000 MNIST training images, visiting them in the same
order, in float32. The script times

* one epoch of mini-batch SGD (best of ``--repeats`` epochs, after a short warm-up), and checks that
  both sides end the epoch with the same weights (up to float32 round-off);
* one full-batch forward + backward pass over all 50 000 images (median of several iterations).

and prints the numpy / PyTorch time ratios (> 1: numpy is slower). ``--threads N`` limits both
numpy's BLAS and PyTorch to N threads (by default each library uses all cores; on a busy machine one
thread per library is often faster). PyTorch is optional (``pip install torch==2.13.0``, the
``oracle`` extra); without it only the numpy timings are printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path


def _threads_in(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--threads="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__" and _threads_in(sys.argv[1:]):
    # BLAS reads these once, when numpy is first imported
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = _threads_in(sys.argv[1:])

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # the repository: course
sys.path.insert(0, str(Path(__file__).resolve().parent))       # mlp_reference

import mlp_reference as ref  # noqa: E402

from course.data import load_mnist, one_hot  # noqa: E402

N_HIDDEN, N_CLASSES = 10, 10


def _best_of(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _median_of(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ---------------------------------------------------------------- numpy

def numpy_epoch(X, Y, params, learning_rate, batch_size, order):
    return ref.sgd_epoch(X, Y, params, learning_rate, batch_size, order)


def numpy_full_batch(X, Y, params):
    _, cache = ref.forward(X, params)
    return ref.backward(X, Y, cache, params)


# ---------------------------------------------------------------- torch

def torch_model(params):
    """nn.Sequential with the numpy parameters copied in (nn.Linear stores W as (out, in), like the course)."""
    import torch

    model = torch.nn.Sequential(torch.nn.Linear(784, N_HIDDEN), torch.nn.ReLU(), torch.nn.Linear(N_HIDDEN, N_CLASSES))
    with torch.no_grad():
        model[0].weight.copy_(torch.from_numpy(params["W1"]))
        model[0].bias.copy_(torch.from_numpy(params["b1"][:, 0]))
        model[2].weight.copy_(torch.from_numpy(params["W2"]))
        model[2].bias.copy_(torch.from_numpy(params["b2"][:, 0]))
    return model


def torch_params(model) -> dict[str, np.ndarray]:
    return {"W1": model[0].weight.detach().numpy().copy(), "b1": model[0].bias.detach().numpy()[:, None].copy(),
            "W2": model[2].weight.detach().numpy().copy(), "b2": model[2].bias.detach().numpy()[:, None].copy()}


def torch_epoch(X_rows, y, model, learning_rate, batch_size, order):
    """One epoch; X_rows (m, 784) and y (m,) are torch tensors, one example per row as torch expects."""
    import torch
    import torch.nn.functional as F

    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    order = torch.from_numpy(order)
    for start in range(0, X_rows.shape[0], batch_size):
        batch = order[start:start + batch_size]
        loss = F.cross_entropy(model(X_rows[batch]), y[batch])   # softmax + average cross-entropy
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    return model


def torch_full_batch(X_rows, y, model):
    import torch.nn.functional as F

    model.zero_grad(set_to_none=True)
    F.cross_entropy(model(X_rows), y).backward()


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=0.1)
    parser.add_argument("--repeats", type=int, default=3, help="epochs timed per side (the best counts)")
    parser.add_argument("--full-batch-iterations", type=int, default=10)
    parser.add_argument("--threads", type=int, default=None, help="threads for numpy's BLAS and for PyTorch")
    args = parser.parse_args(argv)

    X_rows, y = load_mnist("train")                     # (50000, 784) float32, one example per row
    X = X_rows.T                                        # (784, 50000): the course's layout, a view
    Y = one_hot(y).astype(np.float32)                   # (10, 50000)
    m = X.shape[1]
    order = np.random.default_rng(0).permutation(m)
    params0 = ref.init_params(784, N_HIDDEN, N_CLASSES, seed=0, dtype=np.float32)
    steps = -(-m // args.batch_size)

    print(f"784-{N_HIDDEN}-{N_CLASSES} network, {m} MNIST images, float32, batch size {args.batch_size} "
          f"({steps} steps per epoch), learning rate {args.learning_rate}")
    threads = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or "all cores"
    print(f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"BLAS threads: {threads}")

    # numpy: one warm-up epoch also gives the weights to compare with torch
    numpy_params, numpy_costs = numpy_epoch(X, Y, params0, args.learning_rate, args.batch_size, order)
    numpy_epoch_s = _best_of(lambda: numpy_epoch(X, Y, params0, args.learning_rate, args.batch_size, order),
                             args.repeats)
    numpy_full_s = _median_of(lambda: numpy_full_batch(X, Y, params0), args.full_batch_iterations)
    print(f"\nnumpy  one epoch              {numpy_epoch_s * 1e3:9.1f} ms  "
          f"({numpy_epoch_s / steps * 1e6:6.1f} µs per step)")
    print(f"numpy  full-batch fwd + bwd    {numpy_full_s * 1e3:9.1f} ms per iteration")
    print(f"numpy  cost: first mini-batch {numpy_costs[0]:.4f}, full training set after one epoch "
          f"{ref.cross_entropy(ref.forward(X, numpy_params)[0], Y):.4f}")

    try:
        import torch
    except ImportError:
        print("\nPyTorch is not installed, so there is nothing to compare with: "
              "`pip install torch==2.13.0` (the optional `oracle` extra) and run again.")
        return 0

    if args.threads:
        torch.set_num_threads(args.threads)
    X_rows_t = torch.from_numpy(X_rows)
    y_t = torch.from_numpy(y)
    print(f"\ntorch {torch.__version__}, {torch.get_num_threads()} threads")
    trained = torch_epoch(X_rows_t, y_t, torch_model(params0), args.learning_rate, args.batch_size, order)
    difference = max(float(np.max(np.abs(torch_params(trained)[k] - numpy_params[k]))) for k in numpy_params)
    torch_epoch_s = _best_of(lambda: torch_epoch(X_rows_t, y_t, torch_model(params0), args.learning_rate,
                                                 args.batch_size, order), args.repeats)
    model = torch_model(params0)
    torch_full_batch(X_rows_t, y_t, model)              # warm-up
    torch_full_s = _median_of(lambda: torch_full_batch(X_rows_t, y_t, model), args.full_batch_iterations)
    print(f"torch  one epoch              {torch_epoch_s * 1e3:9.1f} ms  "
          f"({torch_epoch_s / steps * 1e6:6.1f} µs per step)")
    print(f"torch  full-batch fwd + bwd    {torch_full_s * 1e3:9.1f} ms per iteration")
    print(f"same training: after one epoch the weights differ by at most {difference:.1e} (float32 round-off)")

    print(f"\nratio numpy / torch, one epoch (batch {args.batch_size}):  {numpy_epoch_s / torch_epoch_s:5.2f}")
    print(f"ratio numpy / torch, full-batch fwd + bwd:     {numpy_full_s / torch_full_s:5.2f}")
    print("(> 1: numpy takes longer)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
