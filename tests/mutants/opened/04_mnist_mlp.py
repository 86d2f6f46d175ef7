"""The first held-out part for notebook 4 (04_mnist_mlp), opened for development.

Written from the exercise texts before the diagnosis work they measured (until 2026-12-01), as students write them.
Opened once a second held-out part (tests/mutants/heldout/) was written: hidden tests and diagnoses may now be
improved with these entries in view, so their figures are no longer held-out ones.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ---------------------------------------------------------------- init_params
    "heldout_init_hardcoded_784": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_h, 784)) * np.sqrt(2 / 784), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(2 / (n_h + n_y)), "b2": np.zeros((n_y, 1))}
''', "stateful", "hard-codes the 784 MNIST inputs instead of using n_x"),
    "heldout_init_flat_biases": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_h, n_x)) * np.sqrt(2 / n_x)
    W2 = rng.standard_normal((n_y, n_h)) * np.sqrt(2 / (n_h + n_y))
    return {"W1": W1, "b1": np.zeros(n_h), "W2": W2, "b2": np.zeros(n_y)}
''', "transpose", "biases made 1-D, shape (n_h,) and (n_y,), instead of columns (n, 1)"),
    "heldout_init_float32": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_h, n_x), dtype=np.float32) * np.float32(np.sqrt(2 / n_x))
    W2 = rng.standard_normal((n_y, n_h), dtype=np.float32) * np.float32(np.sqrt(2 / (n_h + n_y)))
    return {"W1": W1, "b1": np.zeros((n_h, 1), dtype=np.float32),
            "W2": W2, "b2": np.zeros((n_y, 1), dtype=np.float32)}
''', "dtype", "draws float32 parameters (to save memory) although the docstring asks for float64"),
    "heldout_init_he_fan_out": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_h, n_x)) * np.sqrt(2 / n_h), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(2 / (n_h + n_y)), "b2": np.zeros((n_y, 1))}
''', "other", "He variance computed with the layer's n_h (fan-out) instead of its n_x inputs (fan-in)"),
    "heldout_init_glorot_precedence": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_h, n_x)) * np.sqrt(2 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(2 / n_h + n_y), "b2": np.zeros((n_y, 1))}
''', "other", "operator precedence: np.sqrt(2 / n_h + n_y) instead of np.sqrt(2 / (n_h + n_y)) for Glorot"),
    "heldout_init_generator_once": ("init_params", '''
_rng = None


def init_params(n_x, n_h, n_y, seed=0):
    global _rng
    if _rng is None:                      # create the generator only once
        _rng = np.random.default_rng(seed)
    return {"W1": _rng.standard_normal((n_h, n_x)) * np.sqrt(2 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": _rng.standard_normal((n_y, n_h)) * np.sqrt(2 / (n_h + n_y)), "b2": np.zeros((n_y, 1))}
''', "stateful", "keeps one module-level generator, so a second call with the same seed gives another network"),
    # ---------------------------------------------------------------- softmax
    "heldout_softmax_min_shift": ("softmax", '''
def softmax(Z):
    shifted = Z - np.min(Z, axis=0, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=0, keepdims=True)
''', "stability", "subtracts each column's minimum instead of its maximum: overflows for a wide spread of logits"),
    "heldout_softmax_rows_of_transpose": ("softmax", '''
def softmax(Z):
    Zt = Z.T                                   # one example per row, as usual
    exps = np.exp(Zt - Zt.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)
''', "transpose", "works on Z.T with one example per row and forgets to transpose back: returns (m, n)"),
    "heldout_softmax_hardcoded_10": ("softmax", '''
def softmax(Z):
    A = np.zeros((10, Z.shape[1]))
    for j in range(Z.shape[1]):
        col = Z[:, j] - np.max(Z[:, j])
        A[:, j] = np.exp(col) / np.sum(np.exp(col))
    return A
''', "stateful", "output buffer hard-coded to the 10 digits instead of Z.shape[0]"),
    "heldout_softmax_unshifted_denominator": ("softmax", '''
def softmax(Z):
    c = np.max(Z, axis=0, keepdims=True)
    return np.exp(Z - c) / np.sum(np.exp(Z), axis=0, keepdims=True)
''', "missing_term", "subtracts the column maximum in the numerator only, not in the denominator"),
    # ---------------------------------------------------------------- cross_entropy
    "heldout_ce_clip_in_place": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    np.clip(A2, 1e-12, 1.0, out=A2)
    return float(-np.sum(Y * np.log(A2)) / m)
''', "mutates_input", "clips the caller's A2 in place (out=A2): its exact zeros become 1e-12"),
    "heldout_ce_len_of_Y": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = len(Y)
    return float(-np.sum(Y * np.log(np.clip(A2, 1e-12, 1.0))) / m)
''', "constant_factor", "m = len(Y) is the number of classes (rows), not of examples: divides by n_y"),
    "heldout_ce_log10": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log10(np.clip(A2, 1e-12, 1.0))) / m)
''', "constant_factor", "uses the base-10 logarithm instead of the natural log"),
    "heldout_ce_return_in_loop": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    total = 0.0
    for i in range(m):
        k = np.argmax(Y[:, i])
        total += -np.log(max(A2[k, i], 1e-12))
        return float(total / m)
''', "one_example", "return indented inside the loop: only the first example's loss (divided by m)"),
    "heldout_ce_labels_wrong_axis": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    labels = np.argmax(Y, axis=1)
    p = A2[labels, np.arange(m)]
    return float(-np.mean(np.log(np.clip(p, 1e-12, 1.0))))
''', "wrong_axis", "takes the labels with argmax over axis 1 (the examples) instead of axis 0 (the classes)"),
    # ---------------------------------------------------------------- forward
    "heldout_forward_reshape_784": ("forward", '''
def forward(X, params):
    X = X.reshape(784, -1)
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "stateful", "reshapes X to the hard-coded MNIST size (784, -1) instead of using its own shape"),
    "heldout_forward_raveled_bias": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"].ravel()
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"] @ A1 + params["b2"].ravel()
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "transpose", "flattens the biases to 1-D, so they broadcast along the examples (axis 1), not down the columns"),
    "heldout_forward_clipped_relu": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.clip(Z1, 0, 1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "partly_right", "ReLU written as np.clip(Z1, 0, 1): right only where Z1 < 1"),
    "heldout_forward_relu_aliases_Z1": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = Z1
    A1[A1 < 0] = 0
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "other", "aliasing: the in-place ReLU on A1 = Z1 also zeroes the negative entries of the cached Z1"),
    # ---------------------------------------------------------------- accuracy
    "heldout_accuracy_any_max_counts": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    m = A2.shape[1]
    return float(np.mean(A2[y, np.arange(m)] == np.max(A2, axis=0)))
''', "ties", "counts an example as right when its label is one of tied maxima, np.argmax takes the first"),
    "heldout_accuracy_integer_division": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    correct = np.sum(np.argmax(A2, axis=0) == y)
    return correct // len(y)
''', "dtype", "integer division // of the count of correct answers: 0 unless all are right"),
    "heldout_accuracy_label_column": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    predictions = np.argmax(A2, axis=0)
    labels = y.reshape(-1, 1)
    return float(np.mean(predictions == labels))
''', "transpose", "reshapes y to a column (m, 1): the comparison broadcasts to an (m, m) matrix"),
    "heldout_accuracy_argmax_of_labels": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    return float(np.mean(np.argmax(A2, axis=0) == np.argmax(y, axis=0)))
''', "other", "treats the integer labels y as one-hot and takes their argmax (a single index)"),
    # ---------------------------------------------------------------- backward
    "heldout_backward_dZ2_in_cache": ("backward", '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    dZ2 = cache["A2"]
    dZ2 -= Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "mutates_input", "dZ2 = cache['A2']; dZ2 -= Y overwrites the caller's cached A2 with A2 - Y"),
    "heldout_backward_relu_prime_at_zero": ("backward", '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] >= 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "other", "ReLU'(z) taken as 1 at z = 0 (Z1 >= 0), the text says 0 there"),
    "heldout_backward_W2_not_transposed": ("backward", '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"] @ dZ2) * (cache["Z1"] > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "transpose", "BP2 with W2 instead of W2.T (only runs when n_y == n_h, then wrong)"),
    "heldout_backward_times_relu_not_derivative": ("backward", '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * cache["A1"]
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "other", "multiplies by ReLU(Z1) = A1 instead of its derivative 1[Z1 > 0]"),
    "heldout_backward_m_from_rows": ("backward", '''
def backward(X, Y, cache, params):
    m = len(X)
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "constant_factor", "m = len(X) is n_x (rows), not the number of examples: every gradient scaled by m / n_x"),
    "heldout_backward_db_mean_axis0": ("backward", '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = np.mean(dZ2, axis=0, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
    dW1 = dZ1 @ X.T / m
    db1 = np.mean(dZ1, axis=0, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "wrong_axis", "bias gradients averaged over the units (axis 0), shape (1, m), instead of over the examples"),
    # ---------------------------------------------------------------- sgd_step
    "heldout_sgd_scales_grads_in_place": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    for k in params:
        grads["d" + k] *= learning_rate
    return {k: params[k] - grads["d" + k] for k in params}
''', "mutates_input", "scales the caller's gradient arrays in place by the learning rate"),
    "heldout_sgd_divides_by_rate": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    return {k: params[k] - grads["d" + k] / learning_rate for k in params}
''', "constant_factor", "divides the gradient by the learning rate instead of multiplying"),
    "heldout_sgd_hardcoded_names": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    return {"W1": params["W1"] - learning_rate * grads["dW1"],
            "b1": params["b1"] - learning_rate * grads["db1"],
            "W2": params["W2"] - learning_rate * grads["dW2"],
            "b2": params["b2"] - learning_rate * grads["db2"]}
''', "stateful", "hard-codes the four names W1, b1, W2, b2 instead of every name in params"),
    "heldout_sgd_global_momentum": ("sgd_step", '''
_velocity = {}


def sgd_step(params, grads, learning_rate):
    new_params = {}
    for k in params:
        _velocity[k] = 0.9 * _velocity.get(k, 0.0) + grads["d" + k]
        new_params[k] = params[k] - learning_rate * _velocity[k]
    return new_params
''', "stateful", "adds momentum kept in a module-level dict: a second call with the same inputs differs"),
    # ---------------------------------------------------------------- train
    "heldout_train_cost_after_update": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    steps = epochs * (-(-m // batch_size))
    costs = []
    bar = tqdm(total=steps, disable=not progress)
    for epoch in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            A2, cache = forward(X[:, idx], params)
            params = sgd_step(params, backward(X[:, idx], Y[:, idx], cache, params), learning_rate)
            costs.append(cross_entropy(forward(X[:, idx], params)[0], Y[:, idx]))
            bar.update()
    bar.close()
    return params, costs
''', "shifted", "records each mini-batch's cost after its update instead of before"),
    "heldout_train_epochs_from_one": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    bar = tqdm(total=epochs * int(np.ceil(m / batch_size)), disable=not progress)
    for epoch in range(1, epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            A2, cache = forward(X[:, idx], params)
            costs.append(cross_entropy(A2, Y[:, idx]))
            params = sgd_step(params, backward(X[:, idx], Y[:, idx], cache, params), learning_rate)
            bar.update()
    bar.close()
    return params, costs
''', "shifted", "epoch loop range(1, epochs): one epoch too few"),
    "heldout_train_shuffles_data_in_place": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    bar = tqdm(total=epochs * int(np.ceil(m / batch_size)), disable=not progress)
    for epoch in range(epochs):
        order = rng.permutation(m)
        X[:, :] = X[:, order]
        Y[:, :] = Y[:, order]
        for start in range(0, m, batch_size):
            Xb, Yb = X[:, start:start + batch_size], Y[:, start:start + batch_size]
            A2, cache = forward(Xb, params)
            costs.append(cross_entropy(A2, Yb))
            params = sgd_step(params, backward(Xb, Yb, cache, params), learning_rate)
            bar.update()
    bar.close()
    return params, costs
''', "mutates_input", "shuffles the caller's X and Y in place (so later epochs also permute an already permuted set)"),
    "heldout_train_labels_not_shuffled": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    bar = tqdm(total=epochs * int(np.ceil(m / batch_size)), disable=not progress)
    for epoch in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            Xb = X[:, order[start:start + batch_size]]
            Yb = Y[:, start:start + batch_size]
            A2, cache = forward(Xb, params)
            costs.append(cross_entropy(A2, Yb))
            params = sgd_step(params, backward(Xb, Yb, cache, params), learning_rate)
            bar.update()
    bar.close()
    return params, costs
''', "other", "shuffles the inputs but takes the labels in the original order: batches pair digits with wrong labels"),
    "heldout_train_decays_rate_inside": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    bar = tqdm(total=epochs * int(np.ceil(m / batch_size)), disable=not progress)
    for epoch in range(epochs):
        rate = learning_rate / (1 + epoch / 2)
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            A2, cache = forward(X[:, idx], params)
            costs.append(cross_entropy(A2, Y[:, idx]))
            params = sgd_step(params, backward(X[:, idx], Y[:, idx], cache, params), rate)
            bar.update()
    bar.close()
    return params, costs
''', "extra_term", "adds the notebook's learning-rate decay inside train: epochs after the first use a smaller rate"),
    "heldout_train_batch_32": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    bar = tqdm(total=epochs * int(np.ceil(m / 32)), disable=not progress)
    for epoch in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, 32):
            idx = order[start:start + 32]
            A2, cache = forward(X[:, idx], params)
            costs.append(cross_entropy(A2, Y[:, idx]))
            params = sgd_step(params, backward(X[:, idx], Y[:, idx], cache, params), learning_rate)
            bar.update()
    bar.close()
    return params, costs
''', "stateful", "hard-codes the notebook's mini-batch size 32 instead of the batch_size argument"),
}

ALTERNATIVES = {
    "heldout_init_normal_loc_scale": {"init_params": '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    params["W1"] = rng.normal(0.0, np.sqrt(2.0 / n_x), size=(n_h, n_x))
    params["b1"] = np.zeros((n_h, 1), dtype=np.float64)
    params["W2"] = rng.normal(loc=0.0, scale=(2.0 / (n_h + n_y)) ** 0.5, size=(n_y, n_h))
    params["b2"] = np.zeros_like(params["b1"], shape=(n_y, 1))
    return params
'''},
    "heldout_softmax_logaddexp": {"softmax": '''
def softmax(Z):
    log_norm = np.logaddexp.reduce(Z, axis=0, keepdims=True)   # stable log of each column's sum of exp
    return np.exp(Z - log_norm)
'''},
    "heldout_ce_true_probability_loop": {"cross_entropy": '''
import math


def cross_entropy(A2, Y):
    n_y, m = Y.shape
    total = 0.0
    for i in range(m):
        p = sum(float(Y[k, i]) * float(A2[k, i]) for k in range(n_y))   # probability of the true class
        total -= math.log(min(max(p, 1e-12), 1.0))
    return total / m
'''},
    "heldout_forward_einsum": {"forward": '''
def forward(X, params):
    Z1 = np.einsum("jk,ki->ji", params["W1"], X) + params["b1"]
    A1 = Z1 * (Z1 > 0)
    Z2 = np.einsum("jk,ki->ji", params["W2"], A1) + params["b2"]
    A2 = softmax(Z2)
    return A2, dict(Z1=Z1, A1=A1, Z2=Z2, A2=A2)
'''},
    "heldout_accuracy_count_nonzero": {"accuracy": '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    predictions = A2.argmax(axis=0)
    return np.count_nonzero(predictions == np.asarray(y)) / predictions.size
'''},
    "heldout_backward_scale_first": {"backward": '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    delta2 = (cache["A2"] - Y) / m           # the 1/m of the average, applied once, up front
    delta1 = np.where(cache["Z1"] > 0, params["W2"].T @ delta2, 0.0)
    return {"dW2": delta2 @ cache["A1"].T, "db2": delta2.sum(axis=1)[:, None],
            "dW1": delta1 @ X.T, "db1": delta1.sum(axis=1).reshape(-1, 1)}
'''},
    "heldout_sgd_over_grads": {"sgd_step": '''
def sgd_step(params, grads, learning_rate):
    new_params = dict(params)
    for grad_name, grad in grads.items():
        name = grad_name[1:]
        if name in params:
            new_params[name] = params[name] - learning_rate * grad
    return new_params
'''},
    "heldout_train_while_shuffle": {"train": '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    bar = tqdm(total=epochs * ((m + batch_size - 1) // batch_size), disable=not progress)
    epoch = 0
    while epoch < epochs:
        order = rng.permutation(m)
        batches = [order[s:s + batch_size] for s in range(0, m, batch_size)]
        for batch in batches:
            A2, cache = forward(X[:, batch], params)
            costs.append(cross_entropy(A2, Y[:, batch]))
            params = sgd_step(params, backward(X[:, batch], Y[:, batch], cache, params), learning_rate)
            bar.update()
        epoch += 1
    bar.close()
    return params, costs
'''},
}
