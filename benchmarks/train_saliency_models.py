"""Train the two networks released with notebook 6 and save them to solutions/06_saliency/weights.npz.

    python benchmarks/train_saliency_models.py [--output PATH] [--cnn-epochs 2]

* the MLP of notebook 4 (784-10-10, ReLU, softmax): mini-batch SGD, batches of 32, learning rate
  0.15 / (1 + epoch / 2), 6 epochs;
* the CNN of notebook 5 ([conv 3x3 1->8, ReLU, max pool 2], [conv 3x3 8->16, ReLU, max pool 2],
  dense 784->10): SGD with momentum 0.9, batches of 64, learning rate 0.05 halved every epoch.

Both train in float32 on the 50 000 MNIST training digits (course.data.load_mnist), seeded, with the
layers of solutions/06_saliency/models.py; the script prints each network's accuracy on the 10 000 test
digits and the training time, and stores the accuracies in the weights file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # many small matrix products: one thread is faster

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "solutions" / "06_saliency"))

from models import (  # noqa: E402
    CNN,
    MLP,
    conv_backward,
    conv_forward,
    dense_backward,
    dense_forward,
    maxpool_backward,
    maxpool_forward,
    relu_backward,
    relu_forward,
    softmax,
)

from course.data import load_mnist, one_hot  # noqa: E402

SEED = 0
DTYPE = np.float32


def softmax_cross_entropy(S, Y):
    """Average cross-entropy of softmax(S) against one-hot Y, both (10, m); returns (J, dJ/dS)."""
    P = softmax(S)
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(np.maximum(P, 1e-12))) / m), (P - Y) / m


def mlp_loss(p, X, Y):
    """Cost and gradients of the MLP; X (784, m) one image per column, Y (10, m)."""
    Z1, dense1 = dense_forward(X, p["W1"], p["b1"])
    A1, relu1 = relu_forward(Z1)
    S, dense2 = dense_forward(A1, p["W2"], p["b2"])
    J, dS = softmax_cross_entropy(S, Y)
    g = {}
    dA1, g["W2"], g["b2"] = dense_backward(dS, dense2)
    _, g["W1"], g["b1"] = dense_backward(relu_backward(dA1, relu1), dense1)
    return J, g


def cnn_loss(p, X, Y):
    """Cost and gradients of the CNN; X (N, 28, 28, 1), Y (10, N)."""
    A, blocks = X, []
    for layer in (1, 2):
        Z, conv = conv_forward(A, p[f"K{layer}"], p[f"b{layer}"], stride=1, pad=1)
        R, relu = relu_forward(Z)
        A, pool = maxpool_forward(R, 2, 2)
        blocks.append((conv, relu, pool))
    S, dense3 = dense_forward(A.reshape(len(A), -1).T, p["W3"], p["b3"])
    J, dS = softmax_cross_entropy(S, Y)
    g = {}
    dflat, g["W3"], g["b3"] = dense_backward(dS, dense3)
    dA = dflat.T.reshape(A.shape)
    for layer, (conv, relu, pool) in zip((2, 1), reversed(blocks)):
        dA, g[f"K{layer}"], g[f"b{layer}"] = conv_backward(relu_backward(maxpool_backward(dA, pool), relu), conv)
    return J, g


def train_mlp(X_train, y_train, epochs=6, batch_size=32):
    rng = np.random.default_rng(SEED)
    n_x, n_h, n_y = 784, 10, 10
    p = {"W1": (rng.standard_normal((n_h, n_x)) * np.sqrt(2.0 / n_x)).astype(DTYPE), "b1": np.zeros((n_h, 1), DTYPE),
         "W2": (rng.standard_normal((n_y, n_h)) * np.sqrt(2.0 / (n_h + n_y))).astype(DTYPE),
         "b2": np.zeros((n_y, 1), DTYPE)}
    X, Y = X_train.T, one_hot(y_train).astype(DTYPE)   # (784, m), (10, m)
    m = X.shape[1]
    for epoch in range(epochs):
        learning_rate = 0.15 / (1 + epoch / 2)
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            _, g = mlp_loss(p, X[:, batch], Y[:, batch])
            for name in p:
                p[name] -= learning_rate * g[name]
    return p


def train_cnn(X_train, y_train, epochs=2, batch_size=64, learning_rate=0.05, momentum=0.9):
    rng = np.random.default_rng(SEED)

    def he(shape, fan_in):
        return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(DTYPE)

    p = {"K1": he((3, 3, 1, 8), 9), "b1": np.zeros(8, DTYPE), "K2": he((3, 3, 8, 16), 72), "b2": np.zeros(16, DTYPE),
         "W3": he((10, 784), 784), "b3": np.zeros((10, 1), DTYPE)}
    X = X_train.reshape(-1, 28, 28, 1)
    velocity = {name: np.zeros_like(value) for name, value in p.items()}
    for epoch in range(epochs):
        rate = learning_rate / 2 ** epoch
        order = rng.permutation(len(X))
        for start in range(0, len(X) - batch_size + 1, batch_size):
            batch = order[start:start + batch_size]
            _, g = cnn_loss(p, X[batch], one_hot(y_train[batch]).astype(DTYPE))
            for name in p:
                velocity[name] = momentum * velocity[name] - rate * g[name]
                p[name] += velocity[name]
        print(f"  CNN epoch {epoch + 1}/{epochs} done", flush=True)
    return p


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=REPO / "solutions" / "06_saliency" / "weights.npz")
    parser.add_argument("--mlp-epochs", type=int, default=6)
    parser.add_argument("--cnn-epochs", type=int, default=2)
    args = parser.parse_args()

    X_train, y_train = load_mnist("train")   # (50000, 784) float32 in [0, 1)
    X_test, y_test = load_mnist("test")
    test_images = X_test.reshape(-1, 28, 28, 1)

    start = time.perf_counter()
    mlp_params = train_mlp(X_train, y_train, epochs=args.mlp_epochs)
    mlp_seconds = time.perf_counter() - start
    mlp_accuracy = float(np.mean(MLP(mlp_params).predict(test_images) == y_test))
    print(f"MLP 784-10-10: {args.mlp_epochs} epochs in {mlp_seconds:.0f} s, test accuracy {mlp_accuracy:.4f}")

    start = time.perf_counter()
    cnn_params = train_cnn(X_train, y_train, epochs=args.cnn_epochs)
    cnn_seconds = time.perf_counter() - start
    cnn_accuracy = float(np.mean(CNN(cnn_params).predict(test_images) == y_test))
    print(f"CNN: {args.cnn_epochs} epochs in {cnn_seconds:.0f} s, test accuracy {cnn_accuracy:.4f}")

    np.savez_compressed(
        args.output,
        **{f"mlp_{k}": v for k, v in mlp_params.items()},
        **{f"cnn_{k}": v for k, v in cnn_params.items()},
        mlp_test_accuracy=mlp_accuracy, cnn_test_accuracy=cnn_accuracy,
        mlp_train_seconds=mlp_seconds, cnn_train_seconds=cnn_seconds, seed=SEED,
    )
    print(f"saved {args.output} ({args.output.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
