"""Second held-out part for notebook 4 (04_mnist_mlp): wrong answers with their categories and correct alternatives.

Written from the exercise statements alone, by someone who saw neither the hidden tests nor the diagnosis engine,
before the work it measures. Never tune a hidden test or a diagnosis to these entries: they measure, they do not steer.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    "heldout_r2_init_small_positive_bias": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_x), size=(n_h, n_x))
    W2 = rng.normal(0.0, np.sqrt(2.0 / (n_h + n_y)), size=(n_y, n_h))
    # small positive biases so that every ReLU starts active
    return {"W1": W1, "b1": np.full((n_h, 1), 0.01), "W2": W2, "b2": np.zeros((n_y, 1))}
''', "extra_term", "starts the hidden biases at 0.01 (a ReLU tip) instead of zero"),
    "heldout_r2_init_seed_zero_unseeded": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed) if seed else np.random.default_rng()
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_x), size=(n_h, n_x))
    W2 = rng.normal(0.0, np.sqrt(2.0 / (n_h + n_y)), size=(n_y, n_h))
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}
''', "stateful", "treats seed=0 as 'no seed' (if seed: ...), so the default seed gives a new network each call"),
    "heldout_r2_init_integer_biases": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.normal(0.0, np.sqrt(2.0 / n_x), size=(n_h, n_x))
    W2 = rng.normal(0.0, np.sqrt(2.0 / (n_h + n_y)), size=(n_y, n_h))
    return {"W1": W1, "b1": np.zeros((n_h, 1), dtype=int), "W2": W2, "b2": np.zeros((n_y, 1), dtype=int)}
''', "dtype", "creates the zero biases with dtype=int instead of float64"),
    "heldout_r2_softmax_mean_shift": ("softmax", '''
def softmax(Z):
    E = np.exp(Z - np.mean(Z, axis=0, keepdims=True))
    return E / np.sum(E, axis=0, keepdims=True)
''', "stability", "subtracts each column's mean instead of its maximum, which still overflows for spread-out logits"),
    "heldout_r2_softmax_returns_log": ("softmax", '''
def softmax(Z):
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
''', "missing_term", "computes the stable log-softmax and forgets the final exponential"),
    "heldout_r2_softmax_float32": ("softmax", '''
def softmax(Z):
    E = np.exp((Z - Z.max(axis=0, keepdims=True)).astype(np.float32))
    return E / E.sum(axis=0, keepdims=True)
''', "dtype", "exponentiates in float32 for speed, returning float32 for float64 logits"),
    "heldout_r2_ce_predicted_class": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    best = np.max(np.clip(A2, 1e-12, 1.0), axis=0)
    return float(-np.sum(np.log(best)) / m)
''', "other", "takes the log of the largest predicted probability instead of the true class's"),
    "heldout_r2_ce_big_clip": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(np.clip(A2, 1e-3, 1.0))) / m)
''', "other", "clips the probabilities at 1e-3 instead of a tiny value, capping every loss at log(1000)"),
    "heldout_r2_forward_swapped_biases": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b2"]
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"] @ A1 + params["b1"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "shifted", "adds b2 to the hidden layer and b1 to the output layer (layer indices swapped; runs only as n_h = n_y)"),
    "heldout_r2_forward_leaky_relu": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0.01 * Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "other", "uses a leaky ReLU (slope 0.01 below zero) instead of the ReLU"),
    "heldout_r2_accuracy_rounded": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    return round(float(np.mean(np.argmax(A2, axis=0) == y)), 2)
''', "other", "rounds the fraction to two decimals before returning it"),
    "heldout_r2_backward_db_not_averaged": ("backward", '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    delta2 = cache["A2"] - Y
    dW2 = delta2 @ cache["A1"].T / m
    db2 = np.sum(delta2, axis=1, keepdims=True)
    delta1 = (params["W2"].T @ delta2) * (cache["Z1"] > 0)
    dW1 = delta1 @ X.T / m
    db1 = np.sum(delta1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "constant_factor", "divides the weight gradients by m but not the bias gradients"),
    "heldout_r2_backward_mask_from_Z2": ("backward", '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    delta2 = cache["A2"] - Y
    dW2 = delta2 @ cache["A1"].T / m
    db2 = np.sum(delta2, axis=1, keepdims=True) / m
    delta1 = (params["W2"].T @ delta2) * (cache["Z2"] > 0)
    dW1 = delta1 @ X.T / m
    db1 = np.sum(delta1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "shifted", "masks delta1 with the ReLU derivative of Z2 instead of Z1 (a layer index off by one; runs as n_h = n_y)"),
    "heldout_r2_sgd_rebinds_callers_dict": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    new = params
    for k in params:
        new[k] = params[k] - learning_rate * grads["d" + k]
    return new
''', "mutates_input", "'copies' the dict by assignment, so the caller's params dict gets the new arrays"),
    "heldout_r2_sgd_float32": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    return {k: (v - learning_rate * grads["d" + k]).astype(np.float32) for k, v in params.items()}
''', "dtype", "casts every updated parameter to float32 (as in the MNIST training cell), whatever the input dtype"),
    "heldout_r2_train_shuffle_once": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    order = rng.permutation(m)
    costs = []
    for epoch in range(epochs):
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            A2, cache = forward(X[:, batch], params)
            costs.append(cross_entropy(A2, Y[:, batch]))
            grads = backward(X[:, batch], Y[:, batch], cache, params)
            params = sgd_step(params, grads, learning_rate)
    return params, costs
''', "missing_term", "draws one permutation before the loop and reuses it in every epoch"),
    "heldout_r2_train_module_generator": ("train", '''
_train_rng = np.random.default_rng(0)

def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    costs = []
    for epoch in range(epochs):
        order = _train_rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            A2, cache = forward(X[:, batch], params)
            costs.append(cross_entropy(A2, Y[:, batch]))
            grads = backward(X[:, batch], Y[:, batch], cache, params)
            params = sgd_step(params, grads, learning_rate)
    return params, costs
''', "stateful", "uses a generator created once at module level instead of default_rng(seed) inside the call"),
    "heldout_r2_train_updates_callers_params": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            A2, cache = forward(X[:, batch], params)
            costs.append(cross_entropy(A2, Y[:, batch]))
            grads = backward(X[:, batch], Y[:, batch], cache, params)
            for k in params:
                params[k] = params[k] - learning_rate * grads["d" + k]
    return params, costs
''', "mutates_input", "writes every update back into the caller's params dict"),
    "heldout_r2_train_batch_one_short": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    for epoch in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size - 1]
            A2, cache = forward(X[:, batch], params)
            costs.append(cross_entropy(A2, Y[:, batch]))
            grads = backward(X[:, batch], Y[:, batch], cache, params)
            params = sgd_step(params, grads, learning_rate)
    return params, costs
''', "shifted", "slices order[start:start + batch_size - 1], leaving one example of every batch out"),
    "heldout_r2_l2_cost_precedence": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    penalty = lambd / 2 * m * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    return float(cross_entropy(A2, Y) + penalty)
''', "constant_factor", "writes lambd / 2 * m, which multiplies by m instead of dividing by 2m"),
    "heldout_r2_l2_cost_first_layer_only": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    return float(cross_entropy(A2, Y) + lambd / (2 * m) * np.sum(params["W1"] ** 2))
''', "missing_term", "penalises W1 only and forgets ||W2||^2"),
    "heldout_r2_l2_grad_second_layer_only": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    grads = dict(grads)
    grads["dW2"] = grads["dW2"] + lambd / m * params["W2"]
    return grads
''', "missing_term", "adds the weight-decay term to dW2 only"),
    "heldout_r2_l2_grad_divides_again": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    return {"dW1": (grads["dW1"] + lambd * params["W1"]) / m, "db1": grads["db1"],
            "dW2": (grads["dW2"] + lambd * params["W2"]) / m, "db2": grads["db2"]}
''', "constant_factor", "writes (dW + lambd W) / m on the already averaged dW, dividing the data term by m twice"),
    "heldout_r2_dropout_mask_transposed_draw": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = (rng.random(A.shape[::-1]) < keep_prob).T
    return A * mask / keep_prob, (mask, keep_prob)
''', "transpose", "draws the uniform numbers in the reversed shape and transposes the mask"),
    "heldout_r2_dropout_draws_at_test_time": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    mask = rng.random(A.shape) < keep_prob
    if not train:
        return A, (None, keep_prob)
    return A * mask / keep_prob, (mask, keep_prob)
''', "mutates_input", "draws the mask before checking train, advancing the caller's generator at test time"),
    "heldout_r2_dropout_back_drop_probability": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    if mask is None:
        return dout
    return dout * mask / (1 - keep_prob)
''', "constant_factor", "divides by the drop probability 1 - p instead of the keep probability p"),
    "heldout_r2_dropout_back_first_row_mask": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    if mask is None:
        return dout
    return dout * mask[0] / keep_prob
''', "one_example", "applies the first row of the mask to every row of dout"),
    "heldout_r2_rows_returns_dW_first": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    return X.T @ dZ, dZ @ W.T, dZ.sum(axis=0)
''', "other", "returns the triple in the order (dW, dX, db) instead of (dX, dW, db)"),
    "heldout_r2_rows_outer_of_sums": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    dW = np.outer(X.sum(axis=0), dZ.sum(axis=0))
    return dZ @ W.T, dW, dZ.sum(axis=0)
''', "other", "sums X and dZ over the examples first and takes the outer product of the sums"),
    "heldout_r2_accuracy_first_thousand": ("accuracy", '''
def accuracy(params, X, y):
    n = min(1000, X.shape[1])          # a thousand examples are enough for an estimate
    A2, _ = forward(X[:, :n], params)
    return float(np.mean(np.argmax(A2, axis=0) == y[:n]))
''', "partly_right", "measures the first 1000 examples only, to save time (right for m <= 1000)"),
}

ALTERNATIVES = {
    "heldout_r2_train_shuffle_arange": {"train": '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    for _ in range(epochs):
        order = np.arange(m)
        rng.shuffle(order)
        starts = list(range(0, m, batch_size))
        for start in starts:
            cols = order[start:min(start + batch_size, m)]
            Xb, Yb = X[:, cols], Y[:, cols]
            A2, cache = forward(Xb, params)
            costs.append(float(cross_entropy(A2, Yb)))
            params = sgd_step(params, backward(Xb, Yb, cache, params), learning_rate)
    return params, costs
'''},
    "heldout_r2_dropout_flat_draw": {"dropout_forward": '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, {"mask": None, "p": keep_prob}
    mask = (rng.random(A.size) < keep_prob).reshape(A.shape)
    out = np.where(mask, A / keep_prob, np.zeros((), dtype=A.dtype)).astype(A.dtype, copy=False)
    return out, {"mask": mask, "p": keep_prob}
''', "dropout_backward": '''
def dropout_backward(dout, cache):
    if cache["mask"] is None:
        return dout.copy()
    return np.where(cache["mask"], dout / cache["p"], 0.0).astype(dout.dtype, copy=False)
'''},
    "heldout_r2_forward_row_layout": {"forward": '''
def forward(X, params):
    Z1 = (X.T @ params["W1"].T + params["b1"].T).T
    A1 = Z1 * (Z1 > 0)
    Z2 = (A1.T @ params["W2"].T + params["b2"].T).T
    A2 = softmax(Z2)
    return A2, dict(Z1=Z1, A1=A1, Z2=Z2, A2=A2)
'''},
    "heldout_r2_l2_cost_vdot": {"cost_with_l2": '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    W1, W2 = params["W1"], params["W2"]
    squares = np.vdot(W1, W1) + np.trace(W2 @ W2.T)
    true_probability = np.sum(Y * A2, axis=0)
    return float(-np.mean(np.log(np.maximum(true_probability, 1e-12))) + 0.5 * lambd * squares / m)
'''},
    "heldout_r2_l2_grad_decay_dict": {"backward_with_l2": '''
def backward_with_l2(X, Y, cache, params, lambd):
    scale = lambd / X.shape[1]
    plain = backward(X, Y, cache, params)
    decay = {"dW1": scale * params["W1"], "dW2": scale * params["W2"]}
    return {name: plain[name] + decay.get(name, 0.0) for name in plain}
'''},
    "heldout_r2_rows_tensordot": {"dense_backward_rows": '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    dX = np.tensordot(dZ, W, axes=([1], [1]))
    dW = np.tensordot(X, dZ, axes=([0], [0]))
    db = np.add.reduce(dZ, axis=0)
    return dX, dW, db
'''},
    "heldout_r2_backward_chain_of_dZ": {"backward": '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = np.einsum("im,jm->ij", dZ2, cache["A1"])
    db2 = dZ2.sum(axis=1)[:, None]
    dZ1 = np.where(cache["Z1"] > 0, params["W2"].T @ dZ2, 0.0)
    dW1 = np.einsum("im,jm->ij", dZ1, X)
    db1 = dZ1.sum(axis=1)[:, None]
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''},
}
