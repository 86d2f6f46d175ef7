"""Figures shared by the notebooks. Each function draws on ``ax`` (a new one if None) and returns it."""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np


def _axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def loglog_errors(hs: Sequence[float], errors: Mapping[str, Sequence[float]], ax=None, title=None):
    """Absolute error of finite-difference estimates against step size ``h``, on log-log axes."""
    ax = _axes(ax)
    for label, errs in errors.items():
        ax.loglog(hs, np.maximum(np.asarray(errs, dtype=float), 1e-17), "o-", label=label, markersize=3)
    ax.set_xlabel("step size h")
    ax.set_ylabel("absolute error")
    ax.invert_xaxis()  # smaller h to the right: the direction one is tempted to go
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return ax


def plot_iterates(sequences: Mapping[str, np.ndarray], ax=None, title="Gradient descent iterates"):
    """Iterates ``x_k`` against step ``k``, one line per label; symlog axis so divergence stays visible."""
    ax = _axes(ax)
    for label, xs in sequences.items():
        xs = np.asarray(xs, dtype=float)
        ax.plot(np.arange(len(xs)), xs, "o-", label=label, markersize=3)
    ax.set_yscale("symlog", linthresh=1e-2)
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("step k")
    ax.set_ylabel("$x_k$")
    ax.set_title(title)
    ax.legend(fontsize="small")
    return ax


def plot_descent_on_curve(f: Callable, xs: np.ndarray, ax=None, title=None, span=None):
    """The curve ``f`` with the iterates ``xs`` on it, joined in order."""
    ax = _axes(ax)
    xs = np.asarray(xs, dtype=float)
    finite = xs[np.isfinite(xs)]
    reach = span if span is not None else max(1.2 * float(np.max(np.abs(finite))), 1.0)
    grid = np.linspace(-reach, reach, 400)
    ax.plot(grid, f(grid), color="0.6", lw=1)
    ax.plot(xs, f(xs), "o-", color="C3", markersize=4, lw=1)
    ax.annotate("start", (xs[0], f(xs[0])), textcoords="offset points", xytext=(5, 5))
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    if title:
        ax.set_title(title)
    return ax


def draw_graph(
    nodes: Mapping[str, tuple[float, float]],
    edges: Sequence[tuple[str, str]],
    forward: Mapping[str, str] | None = None,
    backward: Mapping[str, str] | None = None,
    ax=None,
    title=None,
):
    """A computation graph: boxes at ``nodes`` positions, arrows along ``edges``.

    ``forward[name]`` is written under a node in black (its value) and
    ``backward[name]`` above it in red (the gradient of the output with respect
    to it), as on the lecture slides.
    """
    ax = _axes(ax, figsize=(8, 3))
    for source, target in edges:
        ax.annotate("", xy=nodes[target], xytext=nodes[source],
                    arrowprops=dict(arrowstyle="-|>", color="0.3", shrinkA=18, shrinkB=18))
    for name, (x, y) in nodes.items():
        ax.text(x, y, name, ha="center", va="center", fontsize=12,
                bbox=dict(boxstyle="round,pad=0.4", fc="#e8f0fe", ec="#3367d6"))
        if forward and name in forward:
            ax.text(x, y - 0.32, forward[name], ha="center", va="top", fontsize=9)
        if backward and name in backward:
            ax.text(x, y + 0.32, backward[name], ha="center", va="bottom", fontsize=9, color="C3")
    xs, ys = zip(*nodes.values())
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 1.0, max(ys) + 1.0)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def heatmap(matrix: np.ndarray, ax=None, title=None, row_label="output i", col_label="input j", annotate=None):
    """A matrix (e.g. a Jacobian) as a diverging heatmap centred on 0; small ones get their values written in."""
    ax = _axes(ax, figsize=(4, 3.5))
    matrix = np.asarray(matrix, dtype=float)
    limit = float(np.max(np.abs(matrix))) or 1.0
    image = ax.imshow(matrix, cmap="RdBu_r", vmin=-limit, vmax=limit)
    plt.colorbar(image, ax=ax, fraction=0.046)
    if annotate is None:
        annotate = matrix.size <= 36
    if annotate:
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(j, i, f"{value:.2g}", ha="center", va="center", fontsize=8)
    ax.set_xlabel(col_label)
    ax.set_ylabel(row_label)
    if title:
        ax.set_title(title)
    return ax


def loglog_scaling(sizes: Sequence[float], series: Mapping[str, Sequence[float]], ax=None, xlabel="size",
                   ylabel="", title=None, fit_last: int = 4):
    """Costs (bytes, seconds) against problem size on log-log axes, one line per label.

    A value may be nan where a series was not measured (too large to run). Each
    label gets the slope of a straight-line fit in log-log space through its last
    ``fit_last`` measured points (small sizes are dominated by fixed overhead):
    a slope k means the cost grows like size^k.
    """
    from matplotlib.ticker import NullLocator

    ax = _axes(ax)
    sizes = np.asarray(sizes, dtype=float)
    for label, values in series.items():
        values = np.asarray(values, dtype=float)
        measured = np.flatnonzero(np.isfinite(values) & (values > 0))[-fit_last:]
        if measured.size >= 2:
            slope = np.polyfit(np.log(sizes[measured]), np.log(values[measured]), 1)[0]
            label = f"{label} (slope {slope:.1f})"
        ax.loglog(sizes, values, "o-", markersize=3, label=label)
    ax.set_xticks(sizes)
    ax.set_xticklabels([f"{s:g}" for s in sizes])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    return ax


def jacobian_heatmap(matrix: np.ndarray, ax=None, title=None, row_names=None, col_names=None,
                     row_label="output i", col_label="input j", annotate=None):
    """:func:`heatmap` of a Jacobian with one tick per row and column, optionally named."""
    matrix = np.atleast_2d(np.asarray(matrix, dtype=float))
    ax = heatmap(matrix, ax=ax, title=title, row_label=row_label, col_label=col_label, annotate=annotate)
    rows, cols = matrix.shape
    if rows <= 12 or row_names is not None:
        ax.set_yticks(range(rows))
        ax.set_yticklabels(row_names if row_names is not None else range(rows))
    if cols <= 12 or col_names is not None:
        ax.set_xticks(range(cols))
        ax.set_xticklabels(col_names if col_names is not None else range(cols))
    return ax


def _as_squares(images) -> np.ndarray:
    """(k, side * side) or (k, side, side) -> float array (k, side, side); refuses non-square images."""
    images = np.asarray(images, dtype=float)
    side = int(round(np.sqrt(images[0].size)))
    if side * side != images[0].size:
        raise ValueError(f"images of {images[0].size} values are not square")
    return images.reshape(len(images), side, side)


def _grid_axes(count: int, ncols: int, width: float, row_height: float, suptitle):
    """A figure with ``count`` cells in rows of at most ``ncols``; returns (fig, 2-D array of axes)."""
    ncols = max(1, min(ncols, count))
    nrows = -(-count // ncols)
    extra = 0.4 if suptitle else 0.0
    return plt.subplots(nrows, ncols, figsize=(width * ncols, row_height * nrows + extra), squeeze=False)


def image_grid(images, titles=None, ncols=10, diverging=False, cmap=None, size=1.3, suptitle=None):
    """Square images in a grid of ``ncols`` columns; returns the (rows, cols) array of axes.

    images : (k, side * side) or (k, side, side), e.g. MNIST digits (k, 784) or the rows of a
        weight matrix W of shape (units, 784).
    titles : k short strings, or None.
    diverging : if True every image gets its own red-blue map centred on 0 (red positive, blue
        negative), for weights and gradients; otherwise a grey map over the image's range.
    """
    images = _as_squares(images)
    count = len(images)
    fig, axes = _grid_axes(count, ncols, size, size, suptitle)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= count:
            continue
        if diverging:
            limit = float(np.max(np.abs(images[i]))) or 1.0
            ax.imshow(images[i], cmap=cmap or "RdBu_r", vmin=-limit, vmax=limit)
        else:
            ax.imshow(images[i], cmap=cmap or "gray")
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return axes


def plot_confusion_matrix(counts, ax=None, title=None, class_names=None):
    """A (k, k) confusion matrix: row i is the true class, column j the predicted one.

    Every nonzero count is written in its cell. Colours are on a log scale, so that
    the few mistakes stay visible next to the large diagonal.
    """
    from matplotlib.colors import LogNorm

    ax = _axes(ax, figsize=(5.5, 5))
    counts = np.asarray(counts)
    k = counts.shape[0]
    largest = int(counts.max()) if counts.size else 0
    ax.imshow(counts + 1, cmap="Blues", norm=LogNorm(vmin=1, vmax=largest + 1))  # + 1: log of 0
    for (i, j), n in np.ndenumerate(counts):
        if n:
            ax.text(j, i, str(int(n)), ha="center", va="center", fontsize=7,
                    color="white" if n > np.sqrt(largest) else "black")
    names = class_names if class_names is not None else range(k)
    ax.set_xticks(range(k))
    ax.set_xticklabels(names)
    ax.set_yticks(range(k))
    ax.set_yticklabels(names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if title:
        ax.set_title(title)
    return ax


def overlay_grid(images, maps, titles=None, ncols=10, size=1.5, cmap="hot", suptitle=None):
    """Heat maps laid over grey images, e.g. saliency maps over the digits they explain.

    images : (k, side, side) or (k, side * side), shown in grey.
    maps : k non-negative maps of the images' shape; each is scaled by its own maximum and drawn in
        ``cmap`` with an opacity that grows with the value, so that the image shows through where
        the map is small.
    Returns the (rows, cols) array of axes.
    """
    images = _as_squares(images)
    maps = np.asarray(maps, dtype=float).reshape(images.shape)
    count = len(images)
    fig, axes = _grid_axes(count, ncols, size, size + (0.3 if titles is not None else 0.0), suptitle)
    colormap = plt.get_cmap(cmap)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= count:
            continue
        scaled = maps[i] / (float(maps[i].max()) or 1.0)
        rgba = colormap(scaled)
        rgba[..., 3] = np.clip(1.5 * scaled, 0.0, 1.0)
        ax.imshow(images[i], cmap="gray", vmin=0.0, vmax=max(1.0, float(images[i].max())))
        ax.imshow(rgba)
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return axes
