"""The numpy reference of benchmarks/bench_mlp.py computes what it claims, and the benchmark runs without PyTorch."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from course.gradcheck import numerical_gradient, relative_error

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ref = _load("mlp_reference")


def _problem(seed=0, n_x=7, n_h=5, n_y=4, m=6):
    rng = np.random.default_rng(seed)
    params = ref.init_params(n_x, n_h, n_y, seed=seed, dtype=np.float64)
    params["b1"] = rng.normal(size=(n_h, 1))
    params["b2"] = rng.normal(size=(n_y, 1))
    X = rng.normal(size=(n_x, m))
    Y = np.eye(n_y)[:, rng.integers(0, n_y, size=m)]
    return params, X, Y


def test_gradients_match_central_differences():
    params, X, Y = _problem()
    _, cache = ref.forward(X, params)
    assert np.min(np.abs(cache["Z1"])) > 1e-3  # away from the ReLU kink
    grads = ref.backward(X, Y, cache, params)
    for name, value in params.items():
        def cost(v, name=name):
            return ref.cross_entropy(ref.forward(X, {**params, name: v})[0], Y)
        numeric = numerical_gradient(cost, value)
        assert grads["d" + name].shape == value.shape
        assert relative_error(grads["d" + name], numeric).max() < 1e-6, name


def test_softmax_is_stable_and_sums_to_one():
    Z = np.array([[1000.0, -1000.0, 0.0], [1001.0, -1002.0, 1.0]])
    A = ref.softmax(Z)
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A.sum(axis=0), 1.0)
    np.testing.assert_allclose(A[:, 0], [1 / (1 + np.e), np.e / (1 + np.e)])


def test_init_params_shapes_and_scales():
    params = ref.init_params(784, 10, 10, seed=3)
    assert {k: v.shape for k, v in params.items()} == {"W1": (10, 784), "b1": (10, 1), "W2": (10, 10), "b2": (10, 1)}
    assert all(v.dtype == np.float32 for v in params.values())
    assert not params["b1"].any() and not params["b2"].any()
    assert abs(params["W1"].std() / np.sqrt(2 / 784) - 1) < 0.05


def test_gradients_and_epoch_match_pytorch():
    torch = pytest.importorskip("torch")
    bench = _load("bench_mlp")
    params, X, Y = _problem(seed=1, n_x=784, n_h=10, n_y=10, m=64)
    # the same network in torch, float64, one example per row
    model = bench.torch_model({k: v.astype(np.float32) for k, v in params.items()}).double()
    with torch.no_grad():
        model[0].weight.copy_(torch.from_numpy(params["W1"]))
        model[0].bias.copy_(torch.from_numpy(params["b1"][:, 0]))
        model[2].weight.copy_(torch.from_numpy(params["W2"]))
        model[2].bias.copy_(torch.from_numpy(params["b2"][:, 0]))
    labels = torch.from_numpy(Y.argmax(axis=0))
    loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(X.T.copy())), labels)
    loss.backward()
    A2, cache = ref.forward(X, params)
    assert abs(loss.item() - ref.cross_entropy(A2, Y)) < 1e-12
    grads = ref.backward(X, Y, cache, params)
    torch_grads = {"dW1": model[0].weight.grad.numpy(), "db1": model[0].bias.grad.numpy()[:, None],
                   "dW2": model[2].weight.grad.numpy(), "db2": model[2].bias.grad.numpy()[:, None]}
    for name, value in torch_grads.items():
        np.testing.assert_allclose(grads[name], value, rtol=1e-9, atol=1e-12, err_msg=name)

    # one epoch of mini-batch SGD in float32 on both sides ends at the same weights
    params32 = {k: v.astype(np.float32) for k, v in params.items()}
    X32, Y32 = X.astype(np.float32), Y.astype(np.float32)
    order = np.random.default_rng(2).permutation(X.shape[1])
    numpy_params, _ = ref.sgd_epoch(X32, Y32, params32, 0.1, 10, order)
    trained = bench.torch_epoch(torch.from_numpy(X32.T.copy()), labels, bench.torch_model(params32), 0.1, 10, order)
    for name, value in bench.torch_params(trained).items():
        np.testing.assert_allclose(numpy_params[name], value, atol=1e-5, err_msg=name)


def test_benchmark_without_pytorch_says_so_and_exits_0(monkeypatch, capsys):
    bench = _load("bench_mlp")
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    assert bench.main(["--repeats", "1", "--full-batch-iterations", "1", "--batch-size", "256"]) == 0
    out = capsys.readouterr().out
    assert "numpy  one epoch" in out
    assert "PyTorch is not installed" in out
