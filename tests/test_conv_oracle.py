"""Notebook 5's reference layers against an independent oracle: PyTorch on the CPU.

The layers tested are the reference answers of the solution notebook (solutions/05_convolution),
executed from the notebook itself, so that the oracle checks exactly what the hidden tests trust.
PyTorch computes in NCHW with OIHW kernels; the course is channels last, (N, H, W, C) with kernels
(f, f, C_in, C_out): the comparisons permute the axes. Skipped if torch is not installed
(``pip install torch==2.13.0``, the ``oracle`` extra).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import COURSE

from autograder import notebooks

torch = pytest.importorskip("torch")
F = torch.nn.functional

ASSIGNMENT = "05_convolution"

# (N, H, W, C_in, C_out, f, stride, pad): odd sizes, strides 1 to 3, padding, even and 5 x 5 kernels
CONV_SHAPES = [
    (2, 7, 5, 3, 4, 3, 2, 1),
    (3, 9, 9, 2, 5, 3, 1, 1),
    (1, 8, 6, 4, 2, 2, 2, 0),
    (2, 11, 8, 1, 3, 5, 3, 2),
    (4, 14, 14, 8, 16, 3, 1, 1),   # the CNN's second layer, on a few images
]
# (N, H, W, C, f, stride): overlapping and non-overlapping windows, odd sizes
POOL_SHAPES = [
    (2, 7, 9, 3, 3, 2),
    (3, 6, 5, 2, 2, 2),
    (1, 5, 5, 4, 2, 1),
]


@pytest.fixture(scope="module")
def layers() -> dict:
    """The solution notebook's reference answers, executed in one namespace with the set-up cell's imports."""
    nb = notebooks.read(COURSE.source(ASSIGNMENT))
    setup = next(cell.source for cell in nb.cells if cell.get("id") == "setup")
    namespace: dict = {}
    exec(setup, namespace)
    for source in notebooks.reference_answers(nb).values():
        exec(source, namespace)
    return namespace


def _to_torch(array_nhwc, requires_grad=True):
    return torch.tensor(array_nhwc).permute(0, 3, 1, 2).contiguous().requires_grad_(requires_grad)


def _nhwc(tensor) -> np.ndarray:
    return tensor.detach().numpy().transpose(0, 2, 3, 1)


def _torch_conv(X, K, b, stride, pad, dZ):
    """Z, dX, dK, db from PyTorch's conv2d and autograd, in the course's layout."""
    x = _to_torch(X)
    w = torch.tensor(K).permute(3, 2, 0, 1).contiguous().requires_grad_(True)   # (f, f, C_in, C_out) -> OIHW
    bias = torch.tensor(b).requires_grad_(True)
    out = F.conv2d(x, w, bias, stride=stride, padding=pad)
    out.backward(torch.tensor(dZ).permute(0, 3, 1, 2))
    return _nhwc(out), _nhwc(x.grad), w.grad.numpy().transpose(2, 3, 1, 0), bias.grad.numpy()


def _random_conv_inputs(seed, N, H, W, C_in, C_out, f, stride, pad, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, H, W, C_in)).astype(dtype)
    K = rng.normal(size=(f, f, C_in, C_out)).astype(dtype)
    b = rng.normal(size=C_out).astype(dtype)
    H_out, W_out = (H + 2 * pad - f) // stride + 1, (W + 2 * pad - f) // stride + 1
    dZ = rng.normal(size=(N, H_out, W_out, C_out)).astype(dtype)
    return X, K, b, dZ


@pytest.mark.parametrize("implementation", ["fast", "naive"])
@pytest.mark.parametrize("shape", CONV_SHAPES, ids=lambda s: "N{}_H{}_W{}_C{}-{}_f{}_s{}_p{}".format(*s))
def test_conv_forward_and_backward_match_torch(layers, implementation, shape):
    N, H, W, C_in, C_out, f, stride, pad = shape
    X, K, b, dZ = _random_conv_inputs(sum(shape), *shape)
    forward, backward = layers[f"conv_forward_{implementation}"], layers[f"conv_backward_{implementation}"]
    Z, cache = forward(X, K, b, stride, pad)
    dX, dK, db = backward(dZ, cache)
    expected = _torch_conv(X, K, b, stride, pad, dZ)
    for name, got, want in zip(("Z", "dX", "dK", "db"), (Z, dX, dK, db), expected):
        assert got.shape == want.shape, f"{name}: shape {got.shape}, torch {want.shape}"
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10, err_msg=name)


def test_fast_conv_in_float32_matches_torch_at_the_cnn_first_layer(layers):
    X, K, b, dZ = _random_conv_inputs(0, 64, 28, 28, 1, 8, 3, 1, 1, dtype=np.float32)
    Z, cache = layers["conv_forward_fast"](X, K, b, 1, 1)
    got = (Z, *layers["conv_backward_fast"](dZ, cache))
    for name, array, want in zip(("Z", "dX", "dK", "db"), got, _torch_conv(X, K, b, 1, 1, dZ)):
        assert array.dtype == np.float32, f"{name} is {array.dtype}: the layer should keep float32"
        np.testing.assert_allclose(array, want, rtol=1e-4, atol=1e-4 * float(np.abs(want).max()), err_msg=name)


@pytest.mark.parametrize("shape", POOL_SHAPES, ids=lambda s: "N{}_H{}_W{}_C{}_f{}_s{}".format(*s))
def test_max_pooling_matches_torch(layers, shape):
    N, H, W, C, f, stride = shape
    rng = np.random.default_rng(sum(shape))
    X = rng.permutation(N * H * W * C).reshape(N, H, W, C) / (N * H * W * C)   # distinct values: no ties
    out, cache = layers["maxpool_forward"](X, f, stride)
    dout = rng.normal(size=out.shape)
    dX = layers["maxpool_backward"](dout, cache)
    x = _to_torch(X)
    expected = F.max_pool2d(x, f, stride)
    expected.backward(torch.tensor(dout).permute(0, 3, 1, 2))
    np.testing.assert_allclose(out, _nhwc(expected), rtol=1e-12)
    np.testing.assert_allclose(dX, _nhwc(x.grad), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape", POOL_SHAPES, ids=lambda s: "N{}_H{}_W{}_C{}_f{}_s{}".format(*s))
def test_average_pooling_matches_torch(layers, shape):
    N, H, W, C, f, stride = shape
    rng = np.random.default_rng(sum(shape))
    X = rng.normal(size=(N, H, W, C))
    out, cache = layers["avgpool_forward"](X, f, stride)
    dout = rng.normal(size=out.shape)
    dX = layers["avgpool_backward"](dout, cache)
    x = _to_torch(X)
    expected = F.avg_pool2d(x, f, stride)
    expected.backward(torch.tensor(dout).permute(0, 3, 1, 2))
    np.testing.assert_allclose(out, _nhwc(expected), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dX, _nhwc(x.grad), rtol=1e-12, atol=1e-12)


def test_max_pooling_tie_goes_to_the_first_maximum_in_row_major_order(layers):
    # a 3 x 3 window of equal values, and a window whose maximum appears at (0, 2) and (1, 0)
    X = np.zeros((1, 3, 6, 1))
    X[0, :, 3:, 0] = [[0, 1, 5], [5, 2, 0], [1, 5, 3]]
    out, cache = layers["maxpool_forward"](X, 3, 3)
    dX = layers["maxpool_backward"](np.array([[[[1.0], [2.0]]]]), cache)
    expected = np.zeros((1, 3, 6, 1))
    expected[0, 0, 0, 0] = 1.0   # all tied: the top-left entry
    expected[0, 0, 5, 0] = 2.0   # 5 at (0, 2), (1, 0), (2, 1): the first in row-major order
    np.testing.assert_array_equal(dX, expected)
