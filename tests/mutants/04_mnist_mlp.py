"""Wrong and alternative answers to notebook 4, written as students write them.

MUTANTS: name -> (function's grade_id, code, phrase the feedback must contain or None).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ---------------------------------------------------------------- init_params
    "init_popular_uniform": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    np.random.seed(seed)
    W1 = np.random.rand(n_h, n_x) - 0.5
    b1 = np.random.rand(n_h, 1) - 0.5
    W2 = np.random.rand(n_y, n_h) - 0.5
    b2 = np.random.rand(n_y, 1) - 0.5
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
''', "start at zero"),
    "init_popular_uniform_zero_bias": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    np.random.seed(seed)
    return {"W1": np.random.rand(n_h, n_x) - 0.5, "b1": np.zeros((n_h, 1)),
            "W2": np.random.rand(n_y, n_h) - 0.5, "b2": np.zeros((n_y, 1))}
''', "uniform in [-0.5, 0.5]"),
    "init_fan_in_variance": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_h, n_x)) * np.sqrt(1 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(1 / n_h), "b2": np.zeros((n_y, 1))}
''', "He's 2/n_x"),
    "init_he_everywhere": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_h, n_x)) * np.sqrt(2 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(2 / n_h), "b2": np.zeros((n_y, 1))}
''', "softmax layer gets Glorot"),
    "init_variance_as_std": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0, 2 / n_x, size=(n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": rng.normal(0, 2 / (n_h + n_y), size=(n_y, n_h)), "b2": np.zeros((n_y, 1))}
''', "square root of the variance"),
    "init_transposed": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_x, n_h)) * np.sqrt(2 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_h, n_y)) * np.sqrt(2 / (n_h + n_y)), "b2": np.zeros((n_y, 1))}
''', "transposed"),
    "init_unseeded": ("init_params", '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng()
    return {"W1": rng.standard_normal((n_h, n_x)) * np.sqrt(2 / n_x), "b1": np.zeros((n_h, 1)),
            "W2": rng.standard_normal((n_y, n_h)) * np.sqrt(2 / (n_h + n_y)), "b2": np.zeros((n_y, 1))}
''', "same seed"),
    # ---------------------------------------------------------------- softmax
    "softmax_unstable": ("softmax", '''
def softmax(Z):
    return np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)
''', "overflows"),
    "softmax_global_max": ("softmax", '''
def softmax(Z):
    exps = np.exp(Z - np.max(Z))
    return exps / np.sum(exps, axis=0, keepdims=True)
''', "own maximum"),
    "softmax_over_examples": ("softmax", '''
def softmax(Z):
    exps = np.exp(Z - Z.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)
''', "across the examples (axis 1)"),
    "softmax_whole_sum": ("softmax", '''
def softmax(Z):
    exps = np.exp(Z - np.max(Z))
    return exps / np.sum(exps)
''', "sum of the whole matrix"),
    "softmax_row_max": ("softmax", '''
def softmax(Z):
    exps = np.exp(Z - Z.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)
''', "each row's maximum"),
    "softmax_in_place": ("softmax", '''
def softmax(Z):
    Z -= np.max(Z, axis=0, keepdims=True)
    exps = np.exp(Z)
    return exps / np.sum(exps, axis=0, keepdims=True)
''', "in place"),
    # ---------------------------------------------------------------- cross_entropy
    "ce_sum_not_mean": ("cross_entropy", '''
def cross_entropy(A2, Y):
    return -np.sum(Y * np.log(np.clip(A2, 1e-12, 1.0)))
''', "forget to average"),
    "ce_mean_over_all_entries": ("cross_entropy", '''
def cross_entropy(A2, Y):
    return -np.mean(Y * np.log(np.clip(A2, 1e-12, 1.0)))
''', "averaged over the classes as well"),
    "ce_no_clip": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    return -np.sum(Y * np.log(A2)) / m
''', "0 * log(0)"),
    "ce_missing_minus": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    return np.sum(Y * np.log(np.clip(A2, 1e-12, 1.0))) / m
''', "sign is flipped"),
    "ce_binary": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    A2 = np.clip(A2, 1e-12, 1 - 1e-12)
    return -np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m
''', "binary cross-entropy"),
    "ce_all_logs": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    return -np.sum(np.log(np.clip(A2, 1e-12, 1.0))) / m
''', "only the true class counts"),
    "ce_per_example": ("cross_entropy", '''
def cross_entropy(A2, Y):
    m = Y.shape[1]
    losses = -np.sum(Y * np.log(np.clip(A2, 1e-12, 1.0)), axis=0)
    return losses / m
''', "not their average"),
    # ---------------------------------------------------------------- forward
    "forward_no_relu": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = Z1
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "ReLU is missing"),
    "forward_sigmoid_hidden": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = 1 / (1 + np.exp(-Z1))
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "sigmoid"),
    "forward_uses_Z1": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(0, Z1)
    Z2 = params["W2"] @ Z1 + params["b2"]
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "computed from Z1"),
    "forward_no_b2": ("forward", '''
def forward(X, params):
    Z1 = params["W1"].dot(X) + params["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"].dot(A1)
    A2 = softmax(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "bias b2 is not added"),
    "forward_softmax_rows": ("forward", '''
def forward(X, params):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = params["W2"] @ A1 + params["b2"]
    E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    A2 = E / E.sum(axis=1, keepdims=True)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
''', "across the examples (axis 1)"),
    # ---------------------------------------------------------------- accuracy
    "accuracy_count": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    return np.sum(np.argmax(A2, axis=0) == y)
''', "forget to average"),
    "accuracy_percent": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    return 100 * np.mean(np.argmax(A2, 0) == y)
''', "percentage"),
    "accuracy_wrong_axis": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    return np.mean(np.argmax(A2, axis=1) == y)
''', None),
    "accuracy_error_rate": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    return np.mean(np.argmax(A2, axis=0) != y)
''', "error rate"),
    "accuracy_no_mean": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    predictions = np.argmax(A2, axis=0)
    return predictions == y
''', "expected shape ()"),
    "accuracy_divides_by_rows": ("accuracy", '''
def accuracy(params, X, y):
    A2, _ = forward(X, params)
    correct = np.sum(np.argmax(A2, axis=0) == y)
    return correct / A2.shape[0]
''', "divided by the number of classes"),
    # ---------------------------------------------------------------- backward
    "backward_db_summed_over_units": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = 1 / m * dZ2.dot(cache["A1"].T)
    db2 = 1 / m * np.sum(dZ2)
    dZ1 = params["W2"].T.dot(dZ2) * (cache["Z1"] > 0)
    dW1 = 1 / m * dZ1.dot(X.T)
    db1 = 1 / m * np.sum(dZ1)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
''', "over the examples only"),
    "backward_db_no_keepdims": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1) / m}
''', "keepdims=True"),
    "backward_no_relu_derivative": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = params["W2"].T @ dZ2
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
''', "ReLU derivative is missing"),
    "backward_no_average": ("backward", '''
def backward(X, Y, cache, params):
    dZ2 = cache["A2"] - Y
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": dZ1 @ X.T, "db1": np.sum(dZ1, axis=1, keepdims=True),
            "dW2": dZ2 @ cache["A1"].T, "db2": np.sum(dZ2, axis=1, keepdims=True)}
''', "forget to average"),
    "backward_averaged_twice": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = (cache["A2"] - Y) / m
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
''', "average twice"),
    "backward_extra_softmax_derivative": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    A2 = cache["A2"]
    dZ2 = (A2 - Y) * A2 * (1 - A2)
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
''', "already includes it"),
    "backward_sign": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = Y - cache["A2"]
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
''', "sign is flipped"),
    "backward_dW2_from_Z1": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": dZ1 @ X.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["Z1"].T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
''', "input of layer 2 is A1"),
    "backward_dW_transposed": ("backward", '''
def backward(X, Y, cache, params):
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": X @ dZ1.T / m, "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
            "dW2": cache["A1"] @ dZ2.T / m, "db2": np.sum(dZ2, axis=1, keepdims=True) / m}
''', "transpose"),
    # ---------------------------------------------------------------- sgd_step
    "sgd_plus": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    return {k: params[k] + learning_rate * grads["d" + k] for k in params}
''', "goes up the gradient"),
    "sgd_no_learning_rate": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    return {k: params[k] - grads["d" + k] for k in params}
''', "learning rate is not used"),
    "sgd_weights_only": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    new = dict(params)
    new["W1"] = params["W1"] - learning_rate * grads["dW1"]
    new["W2"] = params["W2"] - learning_rate * grads["dW2"]
    return new
''', "b1 is not updated"),
    "sgd_swapped_layers": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    return {"W1": params["W1"] - learning_rate * grads["dW1"], "b1": params["b1"] - learning_rate * grads["db1"],
            "W2": params["W2"] - learning_rate * grads["dW2"], "b2": params["b2"] - learning_rate * grads["db1"][:1]}
''', None),
    "sgd_zip_values": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    new_params = {}
    for (name, value), grad in zip(params.items(), grads.values()):
        new_params[name] = value - learning_rate * grad
    return new_params
''', "grads in another order than params"),
    "sgd_returns_list": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    return [params[k] - learning_rate * grads["d" + k] for k in params]
''', "must return a dict"),
    # ---------------------------------------------------------------- train
    "train_no_shuffle": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    costs = []
    for epoch in tqdm(range(epochs), disable=not progress):
        for start in range(0, m, batch_size):
            Xb, Yb = X[:, start:start + batch_size], Y[:, start:start + batch_size]
            A2, cache = forward(Xb, params)
            costs.append(cross_entropy(A2, Yb))
            params = sgd_step(params, backward(Xb, Yb, cache, params), learning_rate)
    return params, costs
''', "not shuffled"),
    "train_rng_every_epoch": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    costs = []
    for epoch in tqdm(range(epochs), disable=not progress):
        order = np.random.default_rng(seed).permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            A2, cache = forward(X[:, idx], params)
            costs.append(cross_entropy(A2, Y[:, idx]))
            params = sgd_step(params, backward(X[:, idx], Y[:, idx], cache, params), learning_rate)
    return params, costs
''', "same order"),
    "train_drops_last_batch": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    for epoch in tqdm(range(epochs), disable=not progress):
        order = rng.permutation(m)
        for k in range(m // batch_size):
            idx = order[k * batch_size:(k + 1) * batch_size]
            A2, cache = forward(X[:, idx], params)
            costs.append(cross_entropy(A2, Y[:, idx]))
            params = sgd_step(params, backward(X[:, idx], Y[:, idx], cache, params), learning_rate)
    return params, costs
''', "the last mini-batch"),
    "train_params_not_updated": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    costs = []
    for epoch in tqdm(range(epochs), disable=not progress):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            A2, cache = forward(X[:, idx], params)
            costs.append(cross_entropy(A2, Y[:, idx]))
            grads = backward(X[:, idx], Y[:, idx], cache, params)
            sgd_step(params, grads, learning_rate)
    return params, costs
''', "never change"),
    "train_full_batch": ("train", '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    costs = []
    for epoch in tqdm(range(epochs), disable=not progress):
        A2, cache = forward(X, params)
        costs.append(cross_entropy(A2, Y))
        params = sgd_step(params, backward(X, Y, cache, params), learning_rate)
    return params, costs
''', "one per step"),
    # ---------------------------------------------------------------- cost_with_l2
    "l2_cost_lambda_over_m": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    L2 = np.sum(np.square(params["W1"])) + np.sum(np.square(params["W2"]))
    return cross_entropy(A2, Y) + lambd / m * L2
''', "it is lambd / (2m)"),
    "l2_cost_not_divided_by_m": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    L2_regularization_cost = lambd / 2 * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    return cross_entropy(A2, Y) + L2_regularization_cost
''', "not divided by m"),
    "l2_cost_biases_too": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    penalty = 0.0
    for value in params.values():
        penalty += np.sum(value ** 2)
    return cross_entropy(A2, Y) + lambd / (2 * m) * penalty
''', "biases are penalised too"),
    "l2_cost_norm_not_squared": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    return cross_entropy(A2, Y) + lambd / (2 * m) * (np.linalg.norm(params["W1"]) + np.linalg.norm(params["W2"]))
''', "not squared"),
    "l2_cost_mean_of_squares": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    return cross_entropy(A2, Y) + lambd / (2 * m) * (np.mean(params["W1"] ** 2) + np.mean(params["W2"] ** 2))
''', "averaged (np.mean)"),
    "l2_cost_m_from_rows": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = A2.shape[0]
    return cross_entropy(A2, Y) + lambd / (2 * m) * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
''', "number of classes"),
    "l2_cost_penalty_only": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    return lambd / (2 * m) * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
''', "only the penalty"),
    "l2_cost_squares_in_place": ("cost_with_l2", '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    W1, W2 = params["W1"], params["W2"]
    W1 **= 2
    W2 **= 2
    return cross_entropy(A2, Y) + lambd / (2 * m) * (np.sum(W1) + np.sum(W2))
''', "must not modify params"),
    # ---------------------------------------------------------------- backward_with_l2
    "l2_grad_half": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    grads["dW1"] = grads["dW1"] + lambd / (2 * m) * params["W1"]
    grads["dW2"] = grads["dW2"] + lambd / (2 * m) * params["W2"]
    return grads
''', "the derivative of (lambd / 2m) W^2"),
    "l2_grad_not_divided_by_m": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    grads = backward(X, Y, cache, params)
    grads["dW1"] = grads["dW1"] + lambd * params["W1"]
    grads["dW2"] = grads["dW2"] + lambd * params["W2"]
    return grads
''', "divide it by m"),
    "l2_grad_biases_too": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    return {"d" + name: grads["d" + name] + lambd / m * value for name, value in params.items()}
''', "biases are penalised too"),
    "l2_grad_subtracted": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    for k in ("W1", "W2"):
        grads["d" + k] = grads["d" + k] - (lambd / m) * params[k]
    return grads
''', "subtracted"),
    "l2_grad_m_from_rows": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[0]
    grads = backward(X, Y, cache, params)
    grads["dW1"] = grads["dW1"] + lambd / m * params["W1"]
    grads["dW2"] = grads["dW2"] + lambd / m * params["W2"]
    return grads
''', "X.shape[1]"),
    "l2_grad_squared_weights": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    grads["dW1"] = grads["dW1"] + lambd / m * params["W1"] ** 2
    grads["dW2"] = grads["dW2"] + lambd / m * params["W2"] ** 2
    return grads
''', "the derivative of W^2 is 2W"),
    "l2_grad_l1_sign": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    grads["dW1"] = grads["dW1"] + lambd / m * np.sign(params["W1"])
    grads["dW2"] = grads["dW2"] + lambd / m * np.sign(params["W2"])
    return grads
''', "L1 penalty"),
    "l2_grad_decays_params_in_place": ("backward_with_l2", '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    for k in ("W1", "W2"):
        decay = params[k]
        decay *= lambd / m
        grads["d" + k] = grads["d" + k] + decay
    return grads
''', "must not modify params"),
    # ---------------------------------------------------------------- dropout_forward
    "dropout_not_scaled": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = rng.random(A.shape) < keep_prob
    return A * mask, (mask, keep_prob)
''', "out is not scaled"),
    "dropout_times_keep_prob": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = rng.random(A.shape) < keep_prob
    return A * mask * keep_prob, (mask, keep_prob)
''', "out is multiplied by keep_prob"),
    "dropout_mask_inverted": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = rng.random(A.shape) > keep_prob
    out = np.multiply(A, mask) / keep_prob
    return out, (mask, keep_prob)
''', "keep those where it is < keep_prob"),
    "dropout_drop_prob_confused": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    drop_prob = 1 - keep_prob
    mask = rng.random(A.shape) < drop_prob
    return A * mask / keep_prob, (mask, keep_prob)
''', "keeps a share 1 - keep_prob"),
    "dropout_original_test_time": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A * keep_prob, (None, keep_prob)
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
''', "the original dropout's rule"),
    "dropout_ignores_train": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    mask = rng.random(A.shape) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
''', "applied at test time too"),
    "dropout_mask_per_unit": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = rng.random((A.shape[0], 1)) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
''', "shared by all the examples"),
    "dropout_global_random": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = np.random.rand(*A.shape) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
''', "the mask is not the one"),
    "dropout_own_generator": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    generator = np.random.default_rng(0)
    mask = generator.random(A.shape) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
''', "not from a generator created inside the function"),
    "softmax_float32_exponentials": ("softmax", '''
def softmax(Z):
    E = np.exp((Z - Z.max(axis=0, keepdims=True)).astype(np.float32))
    return E / E.sum(axis=0, keepdims=True, dtype=np.float64)
''', "below float32's precision"),
    "dropout_float32_draws": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = rng.random(A.shape, dtype=A.dtype) < keep_prob
    return A * mask / keep_prob, (mask, keep_prob)
''', "drawn in float32"),
    "dropout_in_place": ("dropout_forward", '''
def dropout_forward(A, keep_prob, rng, train=True):
    if not train:
        return A, (None, keep_prob)
    mask = rng.random(A.shape) < keep_prob
    A *= mask
    A /= keep_prob
    return A, (mask, keep_prob)
''', "must not modify A in place"),
    # ---------------------------------------------------------------- dropout_backward
    "dropout_back_not_scaled": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    if mask is None:
        return dout
    return dout * mask
''', "dA is not scaled"),
    "dropout_back_times_keep_prob": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    if mask is None:
        return dout
    return dout * mask * keep_prob
''', "dA is multiplied by keep_prob"),
    "dropout_back_identity": ("dropout_backward", '''
def dropout_backward(dout, cache):
    return dout
''', "the gradient goes back through the kept units only"),
    "dropout_back_only_scaled": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    return dout / keep_prob
''', "multiply by the mask too"),
    "dropout_back_mask_inverted": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    if mask is None:
        return dout
    return np.where(mask, 0.0, dout) / keep_prob
''', "through the dropped units"),
    "dropout_back_test_time_scaled": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    if mask is None:
        return dout * keep_prob
    return dout * mask / keep_prob
''', "at test time dA is multiplied by keep_prob"),
    "dropout_back_forgets_test_time": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    dA = dout * mask
    dA = dA / keep_prob
    return dA
''', "raised TypeError"),
    "dropout_back_in_place": ("dropout_backward", '''
def dropout_backward(dout, cache):
    mask, keep_prob = cache
    if mask is not None:
        dout *= mask / keep_prob
    return dout
''', "must not modify dout in place"),
    # ---------------------------------------------------------------- dense_backward_rows
    "rows_dW_column_convention": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    return dZ @ W.T, dZ.T @ X, dZ.sum(axis=0)
''', "column convention's dZ_col @ X_col.T"),
    "rows_db_keepdims": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    dX = np.dot(dZ, W.T)
    dW = np.dot(X.T, dZ)
    db = np.sum(dZ, axis=0, keepdims=True)
    return dX, dW, db
''', "keepdims=True"),
    "rows_db_wrong_axis": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=1)
''', "summed over axis 1"),
    "rows_averaged_again": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    m = X.shape[0]
    dX = dZ @ W.T
    dW = X.T @ dZ / m
    db = np.mean(dZ, axis=0)
    return dX, dW, db
''', "already holds the 1/m"),
    "rows_dX_no_transpose": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    return dZ @ W, X.T @ dZ, dZ.sum(axis=0)
''', "do not fit"),
    "rows_dX_column_convention": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    dX = W @ dZ.T
    dW = X.T @ dZ
    db = dZ.sum(axis=0)
    return dX, dW, db
''', "column convention's W_col.T @ dZ_col"),
    "rows_db_total": ("dense_backward_rows", '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    return dZ.dot(W.T), X.T.dot(dZ), np.sum(dZ)
''', "sum of every entry of dZ"),
    # ---- what every call must keep (checked by the judge on every call: autograder/properties.py)
    "sgd_in_place": ("sgd_step", '''
def sgd_step(params, grads, learning_rate):
    for name in params:
        params[name] -= learning_rate * grads["d" + name]
    return params
''', "changed its argument `params` in place"),
}

ALTERNATIVES = {
    "init_uniform_same_variance": {"init_params": '''
def init_params(n_x, n_h, n_y, seed=0):
    rng = np.random.default_rng(seed)
    limit1 = np.sqrt(6 / n_x)              # He uniform: variance limit^2 / 3 = 2 / n_x
    limit2 = np.sqrt(6 / (n_h + n_y))      # Glorot uniform
    return {"W1": rng.uniform(-limit1, limit1, size=(n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": rng.uniform(-limit2, limit2, size=(n_y, n_h)), "b2": np.zeros((n_y, 1))}
'''},
    "init_random_state": {"init_params": '''
def init_params(n_x, n_h, n_y, seed=0):
    rs = np.random.RandomState(seed)
    params = {}
    params["W1"] = rs.randn(n_h, n_x) * np.sqrt(2.0 / n_x)
    params["b1"] = np.zeros((n_h, 1))
    params["W2"] = rs.normal(0.0, np.sqrt(2.0 / (n_h + n_y)), size=(n_y, n_h))
    params["b2"] = np.zeros((n_y, 1))
    return params
'''},
    "softmax_no_keepdims_and_logsumexp": {"softmax": '''
def softmax(Z):
    shifted = Z - np.max(Z, axis=0)                   # (n, m) - (m,) broadcasts down the columns
    log_sum = np.log(np.sum(np.exp(shifted), axis=0))
    return np.exp(shifted - log_sum)
'''},
    "softmax_column_loop": {"softmax": '''
def softmax(Z):
    A = np.empty(Z.shape)
    for i in range(Z.shape[1]):
        e = np.exp(Z[:, i] - max(Z[:, i]))
        A[:, i] = e / sum(e)
    return A
'''},
    "ce_true_class_only": {"cross_entropy": '''
def cross_entropy(A2, Y):
    labels = np.argmax(Y, axis=0)
    true_probabilities = A2[labels, np.arange(Y.shape[1])]
    return -np.mean(np.log(true_probabilities))
'''},
    "ce_einsum_where": {"cross_entropy": '''
def cross_entropy(A2, Y):
    logs = np.log(A2, out=np.zeros_like(A2, dtype=float), where=A2 > 0)
    return -np.einsum("ki,ki->", Y, logs) / Y.shape[1]
'''},
    "forward_dot_and_where": {"forward": '''
def forward(X, params):
    cache = {}
    cache["Z1"] = np.dot(params["W1"], X) + params["b1"]
    cache["A1"] = np.where(cache["Z1"] > 0, cache["Z1"], 0.0)
    cache["Z2"] = np.dot(params["W2"], cache["A1"]) + params["b2"]
    cache["A2"] = softmax(cache["Z2"])
    return cache["A2"], cache
'''},
    "accuracy_float32_count": {"accuracy": '''
def accuracy(params, X, y):
    params32 = {k: v.astype(np.float32) for k, v in params.items()}
    A2, _ = forward(X.astype(np.float32), params32)
    predictions = A2.argmax(axis=0)
    return (predictions == y).sum() / len(y)
'''},
    "backward_mean_and_heaviside": {"backward": '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    delta2 = cache["A2"] - Y
    delta1 = (params["W2"].T @ delta2) * np.heaviside(cache["Z1"], 0.0)
    return {"dW2": np.einsum("ki,ji->kj", delta2, cache["A1"]) / m,
            "db2": delta2.mean(axis=1, keepdims=True),
            "dW1": np.einsum("ki,ji->kj", delta1, X) / m,
            "db1": delta1.mean(axis=1, keepdims=True)}
'''},
    "backward_loop_over_examples": {"backward": '''
def backward(X, Y, cache, params):
    m = X.shape[1]
    grads = {"dW1": np.zeros_like(params["W1"], dtype=float), "db1": np.zeros_like(params["b1"], dtype=float),
             "dW2": np.zeros_like(params["W2"], dtype=float), "db2": np.zeros_like(params["b2"], dtype=float)}
    for i in range(m):                      # BP1-BP4 for one example at a time, then the average
        x, a1 = X[:, i:i + 1], cache["A1"][:, i:i + 1]
        delta2 = cache["A2"][:, i:i + 1] - Y[:, i:i + 1]
        delta1 = (params["W2"].T @ delta2) * (a1 > 0)
        grads["dW2"] += delta2 @ a1.T / m
        grads["db2"] += delta2 / m
        grads["dW1"] += delta1 @ x.T / m
        grads["db1"] += delta1 / m
    return grads
'''},
    "train_shuffled_copies": {"train": '''
def train(X, Y, params, learning_rate, batch_size, epochs, seed=0, progress=True):
    m = X.shape[1]
    rng = np.random.default_rng(seed)
    n_batches = int(np.ceil(m / batch_size))
    costs = []
    bar = tqdm(total=epochs * n_batches, disable=not progress)
    for epoch in range(epochs):
        order = rng.permutation(m)
        X_shuffled, Y_shuffled = X[:, order], Y[:, order]
        for k in range(n_batches):
            Xb = X_shuffled[:, k * batch_size:(k + 1) * batch_size]
            Yb = Y_shuffled[:, k * batch_size:(k + 1) * batch_size]
            A2, cache = forward(Xb, params)
            cost = cross_entropy(A2, Yb)
            params = sgd_step(params, backward(Xb, Yb, cache, params), learning_rate)
            costs.append(cost)
            bar.update(1)
    bar.close()
    return params, costs
'''},
    "l2_cost_norm_squared_over_keys": {"cost_with_l2": '''
def cost_with_l2(A2, Y, params, lambd):
    m = A2.shape[1]
    weights = [value for name, value in params.items() if name.startswith("W")]
    penalty = sum(np.linalg.norm(W) ** 2 for W in weights)
    return cross_entropy(A2, Y) + (lambd / (2 * m)) * penalty
'''},
    "l2_cost_einsum_own_cross_entropy": {"cost_with_l2": '''
def cost_with_l2(A2, Y, params, lambd):
    m = Y.shape[1]
    data_cost = -np.sum(Y * np.log(np.clip(A2, 1e-12, 1.0))) / m
    W1, W2 = params["W1"], params["W2"]
    return data_cost + lambd * (np.einsum("ij,ij->", W1, W1) + np.einsum("ij,ij->", W2, W2)) / (2 * m)
'''},
    "l2_grad_from_scratch": {"backward_with_l2": '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = (dZ2 @ cache["A1"].T + lambd * params["W2"]) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (params["W2"].T @ dZ2) * (cache["Z1"] > 0)
    dW1 = (dZ1 @ X.T + lambd * params["W1"]) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
'''},
    "l2_grad_comprehension": {"backward_with_l2": '''
def backward_with_l2(X, Y, cache, params, lambd):
    m = X.shape[1]
    grads = backward(X, Y, cache, params)
    return {k: g + lambd / m * params[k[1:]] if k.startswith("dW") else g for k, g in grads.items()}
'''},
    "dropout_scaled_mask_cs231n": {"dropout_forward": '''
def dropout_forward(A, keep_prob, rng, train=True):
    if train:
        mask = (rng.random(A.shape) < keep_prob) / keep_prob
        out = A * mask
    else:
        mask = None
        out = A.copy()
    return out, (mask, train)
''', "dropout_backward": '''
def dropout_backward(dout, cache):
    mask, train = cache
    return dout * mask if train else dout
'''},
    "dropout_uniform_where_dict_cache": {"dropout_forward": '''
def dropout_forward(A, keep_prob, rng, train=True):
    cache = {"keep_prob": keep_prob, "train": train}
    if not train:
        return A, cache
    keep = rng.uniform(size=A.shape) < keep_prob
    cache["keep"] = keep
    return np.where(keep, A / keep_prob, 0.0).astype(A.dtype), cache
''', "dropout_backward": '''
def dropout_backward(dout, cache):
    if not cache["train"]:
        return dout
    return np.where(cache["keep"], dout / cache["keep_prob"], 0.0)
'''},
    "dropout_ones_mask_at_test_time": {"dropout_forward": '''
def dropout_forward(A, keep_prob, rng, train=True):
    if train:
        mask = rng.random(A.shape) < keep_prob
        p = keep_prob
    else:
        mask, p = np.ones(A.shape, dtype=bool), 1.0
    return A * mask / p, (mask, p)
''', "dropout_backward": '''
def dropout_backward(dout, cache):
    mask, p = cache
    return dout * mask / p
'''},
    "rows_einsum": {"dense_backward_rows": '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    dX = np.einsum("ik,jk->ij", dZ, W)
    dW = np.einsum("ij,ik->jk", X, dZ)
    db = np.einsum("ik->k", dZ)
    return dX, dW, db
'''},
    "rows_via_column_convention": {"dense_backward_rows": '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    dZ_col, X_col, W_col = dZ.T, X.T, W.T           # one example per column
    dW_col = dZ_col @ X_col.T
    db_col = dZ_col.sum(axis=1, keepdims=True)
    dX_col = W_col.T @ dZ_col
    return dX_col.T, dW_col.T, db_col.ravel()
'''},
    "rows_loop_over_examples": {"dense_backward_rows": '''
def dense_backward_rows(dZ, cache):
    X, W, b = cache
    dX = np.zeros(X.shape)
    dW = np.zeros(W.shape)
    db = np.zeros(b.shape)
    for i in range(X.shape[0]):
        dX[i] = W @ dZ[i]
        dW += np.outer(X[i], dZ[i])
        db += dZ[i]
    return dX, dW, db
'''},
}
