"""A fixed convolutional feature network for notebook 7: the layers of notebook 5, with random filters.

This module holds the reference layers of notebook 5 (convolution, ReLU) and average pooling, and the
feature network built from them. It is released with notebook 7 only. Images are channels last; the network
takes one image of shape (H, W, C) (pixels in [0, 1]) and returns the activations of every block:

    from models import random_feature_net
    net = random_feature_net()                 # fixed random filters, float64
    features, cache = net.forward(image)       # image (H, W, 3) -> features[l] (H_l, W_l, C_l)

Block l computes, on X_0 = image[None] of shape (1, H, W, C_0):

    X_l = avgpool_forward(A_{l-1}, 2, 2)[0]          for l >= 1: (1, H_{l-1} // 2, W_{l-1} // 2, C_{l-1})
    Z_l = conv_forward(X_l, K_l, b_l, 1, f_l // 2)   (1, H_l, W_l, C_l), the size of X_l (f_l odd)
    A_l = relu_forward(Z_l)[0]

and ``features[l] = A_l[0]``; ``cache[l] = (pool_cache, conv_cache, relu_cache)``, pool_cache None for l = 0.
The network has no backward pass of its own: notebook 7's Exercise 6 writes it from the layers below.

Every layer follows the course's contract, ``out, cache = layer_forward(x, ...)`` and
``dx, *dparams = layer_backward(dout, cache)``, on batches of shape (N, H, W, C).
"""

from __future__ import annotations

import numpy as np

# ---------------------------------------------------------------- layers


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
    """(dX, dK, db) from dZ (N, H_out, W_out, C_out): dX (N, H, W, C_in), dK (f, f, C_in, C_out), db (C_out,)."""
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


def relu_forward(Z):
    """ReLU of an array of any shape; the cache is Z."""
    return np.maximum(Z, 0), Z


def relu_backward(dA, Z):
    """dZ from dA, both of the shape of Z; ReLU'(0) = 0."""
    return dA * (Z > 0)


def avgpool_forward(X, f=2, stride=2):
    """Average pooling over f x f windows of every channel.

    X : (N, H, W, C).  Returns (out, cache): out of shape (N, (H - f) // stride + 1, (W - f) // stride + 1, C);
    rows and columns that fit no window are left out.
    """
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C), dtype=X.dtype)
    for u in range(f):
        for v in range(f):
            out += X[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :]
    return out / (f * f), (X.shape, f, stride)


def avgpool_backward(dout, cache):
    """dX (N, H, W, C) from dout (N, H_out, W_out, C): each window spreads its entry evenly, 1 / f^2 to each pixel."""
    X_shape, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X_shape, dtype=dout.dtype)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout / (f * f)
    return dX


# ---------------------------------------------------------------- the network


class FeatureNet:
    """Blocks of [average pooling 2 x 2 (from the second block on) -> convolution -> ReLU], fixed weights.

    kernels : list of L arrays K_l (f_l, f_l, C_{l-1}, C_l), f_l odd (padding f_l // 2 keeps the size).
    biases : list of L arrays b_l (C_l,).
    """

    def __init__(self, kernels, biases):
        self.kernels = [np.asarray(K, dtype=np.float64) for K in kernels]
        self.biases = [np.asarray(b, dtype=np.float64) for b in biases]
        if len(self.kernels) != len(self.biases) or not self.kernels:
            raise ValueError(f"expected as many kernels as biases (at least one), got {len(self.kernels)} kernels "
                             f"and {len(self.biases)} biases")
        channels = self.kernels[0].shape[2]
        for block, (K, b) in enumerate(zip(self.kernels, self.biases)):
            if K.ndim != 4 or K.shape[0] != K.shape[1] or K.shape[0] % 2 == 0 or K.shape[2] != channels:
                raise ValueError(f"kernels[{block}] has shape {K.shape}; expected (f, f, {channels}, C_out) with f odd")
            if b.shape != (K.shape[3],):
                raise ValueError(f"biases[{block}] has shape {b.shape}; expected ({K.shape[3]},)")
            channels = K.shape[3]

    @property
    def channels(self) -> tuple:
        """(C_0, C_1, ..., C_L): the image's channels, then every block's."""
        return (self.kernels[0].shape[2],) + tuple(K.shape[3] for K in self.kernels)

    def forward(self, image):
        """Features of one image (H, W, C_0): (features, cache), features[l] of shape (H_l, W_l, C_l)."""
        image = np.asarray(image, dtype=np.float64)
        if image.ndim != 3 or image.shape[2] != self.channels[0]:
            raise ValueError(f"image has shape {image.shape}; expected (H, W, {self.channels[0]}), no batch axis")
        X = image[None]
        features, cache = [], []
        for block, (K, b) in enumerate(zip(self.kernels, self.biases)):
            pool = None
            if block > 0:
                X, pool = avgpool_forward(X, 2, 2)
            Z, conv = conv_forward(X, K, b, stride=1, pad=K.shape[0] // 2)
            X, relu = relu_forward(Z)
            features.append(X[0])
            cache.append((pool, conv, relu))
        return features, cache

    def __repr__(self):
        sizes = ", ".join(f"{K.shape[0]}x{K.shape[0]} conv -> {K.shape[3]}" for K in self.kernels)
        return f"FeatureNet({len(self.kernels)} blocks: {sizes})"


def random_feature_net(channels=(3, 32, 64, 128, 128), f=3, seed=0):
    """A FeatureNet with fixed random filters: K_l ~ N(0, 2 / (f f C_{l-1})), every filter of zero mean.

    The first block's biases, -0.5 times the sum of each filter, make it see the image minus 0.5 (pixels in
    [0, 1] centred at 0); the later blocks' biases are 0.
    """
    rng = np.random.default_rng(seed)
    kernels, biases = [], []
    for C_in, C_out in zip(channels[:-1], channels[1:]):
        K = rng.normal(size=(f, f, C_in, C_out)) * np.sqrt(2.0 / (f * f * C_in))
        K -= K.mean(axis=(0, 1, 2), keepdims=True)
        kernels.append(K)
        biases.append(np.zeros(C_out))
    biases[0] = -0.5 * kernels[0].sum(axis=(0, 1, 2))
    return FeatureNet(kernels, biases)
