"""Trained reference networks for notebook 6: the MLP of notebook 4 and the CNN of notebook 5.

This module holds the reference layers of notebooks 4 and 5 and is released with notebook 6 only.
Both networks take images channels last, a batch of shape (N, H, W, C) (MNIST: (N, 28, 28, 1), pixels
in [0, 1]), and return the raw class scores S, before the softmax, one example per column:
shape (n_classes, N). Their backward pass goes all the way down to the input pixels:

    from models import load_models
    mlp, cnn = load_models()                  # trained on MNIST, float64
    scores, cache = cnn.forward(images)       # images (N, 28, 28, 1) -> scores (10, N)
    dimages = cnn.backward(dscores, cache)    # dscores (10, N) -> dimages (N, 28, 28, 1)

``backward(dscores, cache)`` is a vector-Jacobian product: given dscores = dJ/dS for any scalar J
that depends on the images through the scores, it returns dJ/dimages. The weights stay fixed.

Every layer follows the course's contract, ``out, cache = layer_forward(x, ...)`` and
``dx, *dparams = layer_backward(dout, cache)``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

WEIGHTS_FILE = Path(__file__).resolve().parent / "weights.npz"


# ---------------------------------------------------------------- layers

def dense_forward(A, W, b):
    """Z = W A + b.

    A : (n_in, m), one example per column.  W : (n_out, n_in).  b : (n_out, 1).
    Returns (Z, cache): Z of shape (n_out, m); cache = (A, W).
    """
    return W @ A + b, (A, W)


def dense_backward(dZ, cache):
    """(dA, dW, db) from dZ = dJ/dZ (n_out, m), the 1/m of an average cost inside it.

    Returns dA (n_in, m), dW (n_out, n_in), db (n_out, 1): sums over the examples, never averages.
    """
    A, W = cache
    return W.T @ dZ, dZ @ A.T, dZ.sum(axis=1, keepdims=True)


def relu_forward(Z):
    """ReLU of an array of any shape; the cache is Z."""
    return np.maximum(Z, 0), Z


def relu_backward(dA, Z):
    """dZ = dJ/dZ from dA = dJ/dA, both of the shape of Z; ReLU'(z) = [z > 0], so ReLU'(0) = 0."""
    return dA * (Z > 0)


def conv_forward(X, K, b, stride=1, pad=0):
    """Convolution (cross-correlation, no flip) by im2col: one matrix product.

    X : (N, H, W, C_in).  K : (f, f, C_in, C_out).  b : (C_out,).
    Returns (Z, cache): Z of shape (N, H_out, W_out, C_out), H_out = (H + 2 pad - f) // stride + 1.
    """
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    # channels first inside, so that every copy below moves whole image rows
    X_pad = np.zeros((C_in, N, H + 2 * pad, W + 2 * pad), dtype=np.result_type(X, K))
    X_pad[:, :, pad:pad + H, pad:pad + W] = X.transpose(3, 0, 1, 2)
    cols = np.empty((f, f, C_in, N, H_out, W_out), dtype=X_pad.dtype)
    for u in range(f):
        for v in range(f):
            cols[u, v] = X_pad[:, :, u:u + stride * H_out:stride, v:v + stride * W_out:stride]
    cols = cols.reshape(f * f * C_in, N * H_out * W_out)
    Z = cols.T @ K.reshape(f * f * C_in, C_out) + b   # (N H_out W_out, C_out)
    return Z.reshape(N, H_out, W_out, C_out), (X.shape, cols, K, stride, pad)


def conv_backward(dZ, cache):
    """(dX, dK, db) from dZ = dJ/dZ (N, H_out, W_out, C_out).

    Returns dX (N, H, W, C_in), dK (f, f, C_in, C_out), db (C_out,).
    """
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(N * H_out * W_out, C_out)
    dK = (cols @ dZ_mat).reshape(K.shape)
    dcols = (K.reshape(f * f * C_in, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out)
    # col2im: each window hands its gradient back to the pixels it was copied from; overlaps add up
    dX_pad = np.zeros((C_in, N, H + 2 * pad, W + 2 * pad), dtype=dcols.dtype)
    for u in range(f):
        for v in range(f):
            dX_pad[:, :, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v]
    dX = dX_pad[:, :, pad:pad + H, pad:pad + W].transpose(1, 2, 3, 0)
    return np.ascontiguousarray(dX), dK, dZ_mat.sum(axis=0)


def maxpool_forward(X, f=2, stride=2):
    """Max pooling over f x f windows of every channel.

    X : (N, H, W, C).  Returns (out, cache): out of shape (N, (H - f) // stride + 1, (W - f) // stride + 1, C).
    """
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride][:, :H_out, :W_out]
    windows = windows.reshape(N, H_out, W_out, C, f * f)
    argmax = windows.argmax(axis=-1)   # the first maximum in row-major order on a tie
    out = np.take_along_axis(windows, argmax[..., None], axis=-1)[..., 0]
    return out, (X.shape, argmax, f, stride)


def maxpool_backward(dout, cache):
    """dX (N, H, W, C) from dout (N, H_out, W_out, C): each entry goes to the maximum of its window."""
    X_shape, argmax, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X_shape, dtype=dout.dtype)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout * (argmax == u * f + v)
    return dX


def softmax(S):
    """Softmax of every column of S (n_classes, N): class probabilities, each column summing to 1."""
    exps = np.exp(S - S.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


# ---------------------------------------------------------------- networks

class _Network:
    """What both networks share: predictions and a copy with some parameters replaced."""

    params: dict
    image_shape: tuple

    def __init__(self, params, image_shape):
        self.params = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
        self.image_shape = tuple(image_shape)

    @property
    def n_classes(self) -> int:
        return self.params[self.output_weights].shape[0]

    def scores(self, images, batch_size=500):
        """Raw class scores (n_classes, N) of images (N, H, W, C), computed batch by batch."""
        images = np.asarray(images, dtype=np.float64)
        return np.concatenate([self.forward(images[i:i + batch_size])[0]
                               for i in range(0, len(images), batch_size)], axis=1)

    def predict(self, images, batch_size=500):
        """Predicted classes (N,) of images (N, H, W, C)."""
        return self.scores(images, batch_size).argmax(axis=0)

    def with_params(self, **changes):
        """A copy of the network with the given parameters replaced, e.g. ``cnn.with_params(W3=...)``."""
        unknown = set(changes) - set(self.params)
        if unknown:
            raise KeyError(f"no parameters {sorted(unknown)}; this network has {sorted(self.params)}")
        return type(self)({**self.params, **changes}, self.image_shape)

    def __repr__(self):
        shapes = ", ".join(f"{k} {v.shape}" for k, v in self.params.items())
        return f"{type(self).__name__}(image_shape={self.image_shape}; {shapes})"


class MLP(_Network):
    """The network of notebook 4: dense -> ReLU -> dense, on the flattened image.

    params : W1 (n_h, n_x), b1 (n_h, 1), W2 (n_classes, n_h), b2 (n_classes, 1), with
        n_x = H * W * C; the image is flattened in row-major (h, w, c) order into a column.
    image_shape : (H, W, C) of one image.
    """

    output_weights = "W2"

    def __init__(self, params, image_shape=(28, 28, 1)):
        super().__init__(params, image_shape)
        if self.params["W1"].shape[1] != int(np.prod(self.image_shape)):
            raise ValueError(f"W1 has {self.params['W1'].shape[1]} inputs, images have {self.image_shape}")

    def forward(self, images):
        """Scores (n_classes, N) of images (N, H, W, C); returns (scores, cache)."""
        p = self.params
        X = np.asarray(images, dtype=np.float64).reshape(len(images), -1).T   # (n_x, N), one image per column
        Z1, dense1 = dense_forward(X, p["W1"], p["b1"])
        A1, relu1 = relu_forward(Z1)
        scores, dense2 = dense_forward(A1, p["W2"], p["b2"])
        return scores, (np.shape(images), dense1, relu1, dense2)

    def backward(self, dscores, cache):
        """dJ/dimages (N, H, W, C) from dscores = dJ/dscores (n_classes, N); the weights stay fixed."""
        images_shape, dense1, relu1, dense2 = cache
        dA1 = dense_backward(dscores, dense2)[0]
        dX = dense_backward(relu_backward(dA1, relu1), dense1)[0]   # (n_x, N)
        return dX.T.reshape(images_shape)


class CNN(_Network):
    """The network of notebook 5: [conv 3x3 (pad 1) -> ReLU -> max pool 2x2] twice, then dense.

    params : K1 (3, 3, C, C1), b1 (C1,), K2 (3, 3, C1, C2), b2 (C2,), W3 (n_classes, D), b3 (n_classes, 1),
        with D = (H // 4) * (W // 4) * C2; the last feature maps are flattened in row-major (h, w, c) order.
    image_shape : (H, W, C) of one image.
    """

    output_weights = "W3"

    def __init__(self, params, image_shape=(28, 28, 1)):
        super().__init__(params, image_shape)

    def forward(self, images):
        """Scores (n_classes, N) of images (N, H, W, C); returns (scores, cache)."""
        p = self.params
        A = np.asarray(images, dtype=np.float64)
        blocks = []
        for layer in (1, 2):
            Z, conv = conv_forward(A, p[f"K{layer}"], p[f"b{layer}"], stride=1, pad=1)
            R, relu = relu_forward(Z)
            A, pool = maxpool_forward(R, 2, 2)
            blocks.append((conv, relu, pool))
        flat = A.reshape(len(A), -1).T   # (D, N), one example per column
        scores, dense3 = dense_forward(flat, p["W3"], p["b3"])
        return scores, (A.shape, blocks, dense3)

    def backward(self, dscores, cache):
        """dJ/dimages (N, H, W, C) from dscores = dJ/dscores (n_classes, N); the weights stay fixed."""
        pooled_shape, blocks, dense3 = cache
        dA = dense_backward(dscores, dense3)[0].T.reshape(pooled_shape)
        for conv, relu, pool in reversed(blocks):
            dA = conv_backward(relu_backward(maxpool_backward(dA, pool), relu), conv)[0]
        return dA


def load_models(path=WEIGHTS_FILE):
    """The trained networks (MLP, CNN), float64, from ``weights.npz`` next to this file."""
    with np.load(path) as saved:
        mlp = MLP({k: saved[f"mlp_{k}"] for k in ("W1", "b1", "W2", "b2")})
        cnn = CNN({k: saved[f"cnn_{k}"] for k in ("K1", "b1", "K2", "b2", "W3", "b3")})
    return mlp, cnn


def saved_accuracies(path=WEIGHTS_FILE):
    """{"mlp": ..., "cnn": ...}: test accuracies measured on the 10 000 MNIST test digits when trained."""
    with np.load(path) as saved:
        return {"mlp": float(saved["mlp_test_accuracy"]), "cnn": float(saved["cnn_test_accuracy"])}
