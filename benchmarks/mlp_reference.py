"""A reference numpy implementation of notebook 4's 784-10-10 network, for the benchmark and its tests.

Layout as in the course (NOTATION.md): one example per column, X of shape (n_x, m), one-hot Y of
shape (n_y, m), W of shape (units, inputs), b of shape (units, 1). The cost is the average
cross-entropy over the batch.
"""

from __future__ import annotations

import numpy as np


def init_params(n_x: int, n_h: int, n_y: int, seed: int = 0, dtype=np.float32) -> dict[str, np.ndarray]:
    """He-initialised W1 (n_h, n_x), Glorot-initialised W2 (n_y, n_h), zero b1 (n_h, 1) and b2 (n_y, 1)."""
    rng = np.random.default_rng(seed)
    params = {
        "W1": rng.standard_normal((n_h, n_x)) * np.sqrt(2.0 / n_x),
        "b1": np.zeros((n_h, 1)),
        "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(2.0 / (n_h + n_y)),
        "b2": np.zeros((n_y, 1)),
    }
    return {name: value.astype(dtype) for name, value in params.items()}


def softmax(Z: np.ndarray) -> np.ndarray:
    """Softmax of every column of Z (n, m), each column's maximum subtracted first."""
    exps = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


def cross_entropy(A2: np.ndarray, Y: np.ndarray) -> float:
    """-(1/m) sum(Y * log A2) for probabilities A2 and one-hot Y, both (n_y, m)."""
    return float(-np.sum(Y * np.log(np.clip(A2, 1e-12, 1.0))) / Y.shape[1])


def forward(X: np.ndarray, params: dict) -> tuple[np.ndarray, dict]:
    """X (n_x, m) -> (A2 (n_y, m), cache with Z1, A1 (n_h, m) and Z2, A2 (n_y, m))."""
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def backward(X: np.ndarray, Y: np.ndarray, cache: dict, params: dict) -> dict[str, np.ndarray]:
    """Gradients of the average cross-entropy: dW1, db1, dW2, db2, each of its parameter's shape."""
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
        "dW2": dZ2 @ cache["A1"].T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
    }


def sgd_epoch(X: np.ndarray, Y: np.ndarray, params: dict, learning_rate: float, batch_size: int,
              order: np.ndarray) -> tuple[dict, list[float]]:
    """One epoch of mini-batch SGD visiting the columns of X in ``order``; returns (params, costs)."""
    costs = []
    for start in range(0, X.shape[1], batch_size):
        batch = order[start:start + batch_size]
        X_batch, Y_batch = X[:, batch], Y[:, batch]
        A2, cache = forward(X_batch, params)
        costs.append(cross_entropy(A2, Y_batch))
        grads = backward(X_batch, Y_batch, cache, params)
        params = {name: value - learning_rate * grads["d" + name] for name, value in params.items()}
    return params, costs
