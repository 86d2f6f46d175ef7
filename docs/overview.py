"""Draw docs/overview.png, the README's picture of the course, from the course's own code.

    python docs/overview.py

Three panels: a neuron's computation graph with its forward values and backward gradients (notebook 1),
the feedback on a transposed weight gradient (what a student reads; notebooks 2-4), and a saliency map of
the released CNN on a test digit, computed by notebook 6's reference answers (executed here, not copied).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder import notebooks  # noqa: E402
from course import gradcheck, plotting  # noqa: E402
from course.data import load_mnist  # noqa: E402

OUTPUT = Path(__file__).with_name("overview.png")


def neuron_graph(ax) -> None:
    x, w, b, y = 1.5, -0.8, 0.4, 1.0
    z = w * x + b
    a = 1 / (1 + np.exp(-z))
    loss = 0.5 * (a - y) ** 2
    dL_da = a - y
    dL_dz = dL_da * a * (1 - a)
    nodes = {"x": (0, 1), "w": (0, -1), "b": (1.0, -1.5), "z": (1.6, 0), "a=σ(z)": (3.2, 0), "L": (4.8, 0)}
    edges = [("x", "z"), ("w", "z"), ("b", "z"), ("z", "a=σ(z)"), ("a=σ(z)", "L")]
    forward = {"x": f"{x:g}", "w": f"{w:g}", "b": f"{b:g}", "z": f"{z:.2f}", "a=σ(z)": f"{a:.3f}", "L": f"{loss:.3f}"}
    backward = {"w": f"∂L/∂w = {dL_dz * x:.3f}", "x": f"∂L/∂x = {dL_dz * w:.3f}", "b": f"{dL_dz:.3f}",
                "z": f"{dL_dz:.3f}", "a=σ(z)": f"{dL_da:.3f}", "L": "1"}
    plotting.draw_graph(nodes, edges, forward, backward, ax=ax,
                        title="1. The chain rule on a graph:\nvalues forward (black), gradients backward (red)")


def transposed_feedback(ax) -> str:
    rng = np.random.default_rng(3)
    expected = rng.normal(size=(4, 4))
    got = expected.T.copy()   # the mistake: dW computed as its own transpose
    report = gradcheck.compare(got, expected, name="dW")
    wrong = np.zeros(expected.shape, dtype=bool)
    for index, *_ in report.wrong_entries:
        wrong[index] = True
    wrong |= gradcheck.relative_error(got, expected, tiny=1e-3) > report.rtol
    ax.imshow(wrong, cmap="Reds", vmin=0, vmax=1.6)
    for (i, j), value in np.ndenumerate(got):
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=9)
    ax.set_xticks(range(4))
    ax.set_yticks(range(4))
    ax.set_xlabel("column of dW (red: wrong entries)")
    ax.set_title("2. Feedback on a wrong gradient:\nwhich entries, by how much, and why")
    lines = str(report).splitlines()
    shown = lines[:4] + [lines[-1]]
    ax.text(0.5, -0.2, "\n".join(shown), transform=ax.transAxes, ha="center", va="top", fontsize=7.5,
            family="monospace", multialignment="left", bbox=dict(boxstyle="round", fc="#fff4f4", ec="#d33"))
    return str(report)


def saliency(ax) -> None:
    folder = ROOT / "solutions" / "06_saliency"
    # by its path: notebook 7 has a models.py of its own, which an earlier import may have left in sys.modules
    spec = importlib.util.spec_from_file_location("saliency_models", folder / "models.py")
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    load_models = models.load_models

    namespace: dict = {"np": np}
    for source in notebooks.reference_answers(notebooks.read(folder / "06_saliency.ipynb")).values():
        exec(source, namespace)
    _, cnn = load_models(folder / "weights.npz")
    images, labels = load_mnist("test")
    image = images[7].reshape(28, 28, 1).astype(np.float64)
    c = int(labels[7])
    saliency_map = namespace["saliency_map"](cnn, image, c)
    ax.imshow(image[..., 0], cmap="gray")
    ax.imshow(saliency_map, cmap="hot", alpha=0.55)
    ax.set_title(f"6. Saliency of the CNN's class {c}:\n|∂S_c/∂image| over a test digit")
    ax.axis("off")


def main() -> None:
    figure, axes = plt.subplots(1, 3, figsize=(14, 4.6), gridspec_kw={"width_ratios": [1.5, 1, 0.8]})
    neuron_graph(axes[0])
    print(transposed_feedback(axes[1]))
    saliency(axes[2])
    figure.tight_layout()
    figure.savefig(OUTPUT, dpi=90, bbox_inches="tight")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
