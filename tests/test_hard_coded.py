"""What autograder.hard_coded reads of a student's code: the sizes it writes in, the variables it reads."""

from __future__ import annotations

import ast
import types

import numpy as np
import pytest

from autograder import hard_coded


def _function(code: str) -> ast.FunctionDef:
    return ast.parse(code).body[0]


@pytest.mark.parametrize("body, sizes", [
    ("return x.reshape(28, 28, 1)", {28}),
    ("return x.reshape(-1, 7 * 7 * 16)", {784}),  # a product of numbers is the size it makes
    ("f = 3\n    return x[:f]", {3}),
    ("out = np.zeros((10, x.shape[1]))\n    return out", {10}),
    ("return x[:, :5] if len(x) == 4 else x", {4, 5}),
    ("return x ** 2 + x[len(x) // 2] - x[len(x) - 2] + 2 * x", set()),  # exponents, divisors, addends, factors
    ("return x[0] + x[1] + x[3] + cache[4][:, 2]", set()),  # 0 and 1 are everywhere; an index is a place
    ("return x.transpose(0, 3, 2).sum(2) + np.sum(x, axis=3) + np.linalg.norm(x, ord=2)", set()),  # axes, orders
])
def test_the_numbers_written_where_a_size_goes(body, sizes):
    assert hard_coded.size_literals(_function(f"def f(x):\n    {body}")) == sizes


def test_the_names_a_function_reads_from_outside():
    code = _function("def f(x, n=2):\n    import math\n    y = [v * v for v in x]\n    g = lambda z: z + k\n"
                     "    for i in range(n):\n        y.append(model.forward(i))\n    return math.pi * sum(y) * g(x)")
    assert hard_coded.globals_read(code) == {"k", "model", "range", "sum"}


def test_constants_and_definitions_are_not_variables():
    cells = ["import numpy as np\nEPS = 1e-8\nSHAPE = (28, 28, 1)\nSIGN = -1\n\ndef g():\n    pass",
             "mlp = MLP(seed=0)\n_cache = {}\nEPS2 = 1e-6\nEPS2 = np.float64(EPS2)\nact = np.tanh\nh = lambda z: z"]
    assert hard_coded.constants_and_definitions(cells) == {"np", "EPS", "SHAPE", "SIGN", "g", "act", "h"}


def test_the_sizes_of_a_call_include_runs_of_axes_ints_and_an_objects_attributes():
    model = types.SimpleNamespace(image_shape=(9, 7, 2), W=np.zeros((5, 126)))
    sizes = hard_coded.sizes_of((model, np.zeros((28, 28, 1)), 3), {"seed": 11})
    assert {9, 7, 2, 63, 126, 5, 630, 28, 784, 3, 11} <= sizes and 27 not in sizes
    assert "model.image_shape = (9, 7, 2)" in hard_coded.inputs_said((model,), {}, ("model",))
