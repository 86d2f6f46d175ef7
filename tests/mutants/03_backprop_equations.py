"""Wrong and alternative answers to notebook 3, written as students write them.

MUTANTS: name -> (function's grade_id, code, phrase the feedback must contain or None).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    "lecture_dx_int_buffer": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dbeta = dL_dz * phi_prime(beta)
    dalpha = (U.T @ dbeta) * phi_prime(alpha)
    dx = np.zeros_like(x)  # an int x gives an int buffer: dx is truncated
    dx[:] = W.T @ dalpha
    return {"dU": np.outer(dbeta, y), "dc": dbeta, "dW": np.outer(dalpha, x), "db": dalpha, "dx": dx}
''', "the same whole numbers as an int64 array"),
    # ---------------------------------------------------------------- the lecture's network
    "lecture_phi_prime_at_output": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    y = phi(W @ x + b)
    z = phi(U @ y + c)
    dL_dbeta = dL_dz * phi_prime(z)
    dL_dy = U.T @ dL_dbeta
    dL_dalpha = dL_dy * phi_prime(y)
    return {"dU": np.outer(dL_dbeta, y), "dc": dL_dbeta, "dW": np.outer(dL_dalpha, x), "db": dL_dalpha,
            "dx": W.T @ dL_dalpha}
''', "evaluated at the units' outputs"),
    "lecture_missing_phi_prime_beta": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    dL_dbeta = dL_dz
    dL_dalpha = (U.T @ dL_dbeta) * phi_prime(alpha)
    return {"dU": np.outer(dL_dbeta, y), "dc": dL_dbeta, "dW": np.outer(dL_dalpha, x), "db": dL_dalpha,
            "dx": W.T @ dL_dalpha}
''', "phi'(beta) is missing"),
    "lecture_missing_phi_prime_alpha": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    y = phi(W @ x + b)
    dL_dbeta = dL_dz * phi_prime(U @ y + c)
    dL_dalpha = U.T @ dL_dbeta
    return {"dU": np.outer(dL_dbeta, y), "dc": dL_dbeta, "dW": np.outer(dL_dalpha, x), "db": dL_dalpha,
            "dx": W.T @ dL_dalpha}
''', "phi'(alpha) is missing"),
    "lecture_dx_from_dy": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    n, h, k = len(x), len(b), len(c)
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dL_dbeta = dL_dz * phi_prime(beta)
    dU = np.zeros((k, h))
    for i in range(k):
        for j in range(h):
            dU[i, j] = dL_dbeta[i] * y[j]
    dL_dy = np.zeros(h)
    for j in range(h):
        for i in range(k):
            dL_dy[j] += dL_dbeta[i] * U[i, j]
    dL_dalpha = dL_dy * phi_prime(alpha)
    dW = np.zeros((h, n))
    dx = np.zeros(n)
    for j in range(h):
        for q in range(n):
            dW[j, q] = dL_dalpha[j] * x[q]
            dx[q] += dL_dy[j] * W[j, q]
    return {"dU": dU, "dc": dL_dbeta, "dW": dW, "db": dL_dalpha, "dx": dx}
''', "summed over dL/dy instead of dL/dalpha"),
    "lecture_dU_transposed": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    dL_dbeta = dL_dz * phi_prime(U @ y + c)
    dL_dalpha = (U.T @ dL_dbeta) * phi_prime(alpha)
    return {"dU": np.outer(y, dL_dbeta), "dc": dL_dbeta, "dW": np.outer(dL_dalpha, x), "db": dL_dalpha,
            "dx": W.T @ dL_dalpha}
''', "transpose"),
    "lecture_u_indices_swapped": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dL_dbeta = dL_dz * phi_prime(beta)
    dL_dy = np.array([sum(dL_dbeta[i] * U[j, i] for i in range(len(c))) for j in range(len(b))])
    dL_dalpha = dL_dy * phi_prime(alpha)
    return {"dU": np.outer(dL_dbeta, y), "dc": dL_dbeta, "dW": np.outer(dL_dalpha, x), "db": dL_dalpha,
            "dx": W.T @ dL_dalpha}
''', "IndexError"),
    "lecture_hard_coded_sizes": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = np.array([W[j, 0] * x[0] + W[j, 1] * x[1] + b[j] for j in range(3)])
    y = phi(alpha)
    beta = np.array([U[i, 0] * y[0] + U[i, 1] * y[1] + U[i, 2] * y[2] + c[i] for i in range(2)])
    dL_dbeta = dL_dz * phi_prime(beta)
    dL_dy = np.array([dL_dbeta[0] * U[0, j] + dL_dbeta[1] * U[1, j] for j in range(3)])
    dL_dalpha = dL_dy * phi_prime(alpha)
    return {"dU": np.outer(dL_dbeta, y), "dc": dL_dbeta, "dW": np.outer(dL_dalpha, x), "db": dL_dalpha,
            "dx": W.T @ dL_dalpha}
''', None),
    # ---------------------------------------------------------------- BP1
    "bp1_missing_sigma_prime": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    return grad_a
''', "sigma'(z) is missing"),
    "bp1_divided_by_m": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    m = z.shape[1]
    return grad_a * activation_prime(z) / m
''', "the 1/m belongs to dW and db"),
    "bp1_hard_coded_sigmoid": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    s = 1 / (1 + np.exp(-z))
    return grad_a * s * (1 - s)
''', "hard-coded"),
    "bp1_diag_of_batch": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    return np.diag(activation_prime(z)) @ grad_a
''', None),
    "bp1_matrix_product": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    return grad_a @ activation_prime(z).T
''', "element-wise product"),
    "bp1_averaged_over_batch": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    delta = grad_a * activation_prime(z)
    return np.mean(delta, axis=1, keepdims=True)
''', "averaged over the examples"),
    # ---------------------------------------------------------------- BP2
    "bp2_W_not_transposed": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return (W_next @ delta_next) * activation_prime(z)
''', "is not transposed"),
    "bp2_missing_sigma_prime": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return W_next.T @ delta_next
''', "sigma'(z^l) is missing"),
    "bp2_sigma_prime_before_product": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return W_next.T @ (delta_next * activation_prime(z))
''', "before the product"),
    "bp2_hard_coded_sigmoid": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    s = 1 / (1 + np.exp(-z))
    return (W_next.T @ delta_next) * s * (1 - s)
''', "hard-coded"),
    "bp2_divided_by_m": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return (W_next.T @ delta_next) * activation_prime(z) / delta_next.shape[1]
''', "the 1/m belongs to dW and db"),
    # ---------------------------------------------------------------- BP3
    "bp3_summed_not_averaged": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return np.sum(delta, axis=1, keepdims=True)
''', "forget to average"),
    "bp3_averaged_twice": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    m = delta.shape[1]
    return np.mean(delta, axis=1, keepdims=True) / m
''', "average twice"),
    "bp3_summed_over_units_too": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    m = delta.shape[1]
    return np.sum(delta, keepdims=True) / m
''', "summed over axis 0 as well"),
    "bp3_scalar": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return np.mean(delta)
''', "single number"),
    "bp3_no_keepdims": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return delta.mean(axis=1)
''', "keepdims=True"),
    "bp3_wrong_axis": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return delta.mean(axis=0, keepdims=True)
''', "shape is wrong"),
    # ---------------------------------------------------------------- BP4
    "bp4_float32_delta_mixed": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    return delta.astype(np.float32) @ a_prev.T / m  # float32 times float64 is float64, but delta lost its digits
''', "below float32's precision"),
    "bp4_float32_product_cast_back": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    dW = delta.astype(np.float32) @ a_prev.T.astype(np.float32) / m  # "faster in float32"
    return dW.astype(np.float64)
''', "all float32 numbers"),
    "bp4_transposed": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    return a_prev @ delta.T / m
''', "transpose"),
    "bp4_summed_not_averaged": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    return delta @ a_prev.T
''', "forget to average"),
    "bp4_averaged_twice": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    return (delta / m) @ (a_prev.T / m)
''', "average twice"),
    "bp4_product_of_means": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    return delta.mean(axis=1, keepdims=True) @ a_prev.mean(axis=1, keepdims=True).T
''', None),
    "bp4_len_counts_units": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = len(delta)
    return np.dot(delta, a_prev.T) / m
''', "number of units n_l"),
    "bp4_first_example_only": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    # BP4: dC/dW = delta a^T
    return np.outer(delta[:, 0], a_prev[:, 0])
''', "only the first example is used, and not averaged"),
    "bp4_a_prev_not_transposed": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    return delta @ a_prev / m
''', "needs a transpose"),
    # ---------------------------------------------------------------- forward
    "forward_hidden_activation_at_output": ("forward", '''
def forward(X, params, activation):
    caches = {"A0": X}
    A = X
    for l in range(1, len(params) // 2 + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "the output layer uses the hidden activation"),
    "forward_no_bias": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A
        A = sigmoid(Z) if l == L else activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "bias b is not added"),
    "forward_sigmoid_everywhere": ("forward", '''
def forward(X, params, activation):
    caches = {"A0": X}
    A = X
    for l in range(1, len(params) // 2 + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = sigmoid(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "every layer uses a sigmoid"),
    "forward_caches_activation_as_z": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L + 1):
        A = params[f"W{l}"] @ A + params[f"b{l}"]
        A = sigmoid(A) if l == L else activation(A)
        caches[f"Z{l}"] = A
        caches[f"A{l}"] = A
    return A, caches
''', "holds the activation g(Z)"),
    "forward_scales_X_in_place": ("forward", '''
def forward(X, params, activation):
    X /= np.abs(X).max()  # inputs in [-1, 1] first
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = sigmoid(Z) if l == L else activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "must not modify params or X in place"),
    "forward_no_input_in_caches": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = sigmoid(Z) if l == L else activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "no key 'A0'"),
    "forward_W_transposed": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"].T @ A + params[f"b{l}"]
        A = sigmoid(Z) if l == L else activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', None),
    # ---------------------------------------------------------------- backward
    "backward_delta_sign": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = Y - AL
    if cost == "mse":
        delta = bp1_output_error(Y - AL, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "wrong sign"),
    "backward_a_l_in_bp4": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else bp1_output_error(AL - Y, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "uses A^[l] of the same layer"),
    "backward_inline_bp2_without_transpose": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else (AL - Y) * sigmoid_prime(caches[f"Z{L}"])
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = delta @ caches[f"A{l - 1}"].T / m
        grads[f"db{l}"] = delta.sum(axis=1, keepdims=True) / m
        if l > 1:
            delta = (params[f"W{l}"] @ delta) * activation_prime(caches[f"Z{l - 1}"])
    return grads
''', "is not transposed in BP2"),
    "backward_mse_without_sigma_prime": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    delta = caches[f"A{L}"] - Y
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "BP1 keeps sigma'"),
    "backward_bce_with_sigma_prime": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    delta = bp1_output_error(caches[f"A{L}"] - Y, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "sigma'(Z^[L]) cancels"),
    "backward_hidden_prime_at_output": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else bp1_output_error(AL - Y, caches[f"Z{L}"], activation_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "BP1 uses sigmoid_prime"),
    "backward_summed_not_averaged": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else (AL - Y) * sigmoid_prime(caches[f"Z{L}"])
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = delta @ caches[f"A{l - 1}"].T
        grads[f"db{l}"] = delta.sum(axis=1, keepdims=True)
        if l > 1:
            delta = (params[f"W{l}"].T @ delta) * activation_prime(caches[f"Z{l - 1}"])
    return grads
''', "forget to average"),
    "backward_averaged_twice": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    AL = caches[f"A{L}"]
    # dJ/dA = (A - Y) / m ... then BP3 and BP4 average again
    delta = (AL - Y) / m if cost == "bce" else bp1_output_error((AL - Y) / m, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "average twice"),
    "backward_z_of_wrong_layer": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else bp1_output_error(AL - Y, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l}"], activation_prime)
    return grads
''', None),
}

ALTERNATIVES = {
    "lecture_network_in_blocks": {"lecture_network_gradients": '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dL_dbeta = np.diag(phi_prime(beta)) @ dL_dz
    dL_dalpha = np.diag(phi_prime(alpha)) @ (U.T @ dL_dbeta)
    return dict(dU=np.outer(dL_dbeta, y), dc=dL_dbeta, dW=np.outer(dL_dalpha, x), db=dL_dalpha, dx=W.T @ dL_dalpha)
'''},
    "jacobians_one_example_at_a_time": {
        "bp1_output_error": '''
def bp1_output_error(grad_a, z, activation_prime):
    # delta = diag(sigma'(z)) grad_a, example by example
    columns = [np.diag(activation_prime(z[:, i])) @ grad_a[:, i] for i in range(z.shape[1])]
    return np.stack(columns, axis=1)
''',
        "bp2_hidden_error": '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    out = np.empty(z.shape)
    for i in range(z.shape[1]):
        jacobian = W_next @ np.diag(activation_prime(z[:, i]))   # d z^{l+1} / d z^l
        out[:, i] = jacobian.T @ delta_next[:, i]
    return out
''',
        "bp4_weight_gradient": '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    total = np.zeros((delta.shape[0], a_prev.shape[0]))
    for i in range(m):
        total += np.outer(delta[:, i], a_prev[:, i])
    return total / m
''',
        "bp3_bias_gradient": '''
def bp3_bias_gradient(delta):
    n, m = delta.shape
    db = np.zeros((n, 1))
    for i in range(m):
        db[:, 0] += delta[:, i]
    return db / m
'''},
    "einsum_and_mean": {
        "bp2_hidden_error": '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return np.einsum("ji,jm->im", W_next, delta_next) * activation_prime(z)
''',
        "bp3_bias_gradient": '''
def bp3_bias_gradient(delta):
    return delta.mean(axis=1, keepdims=True)
''',
        "bp4_weight_gradient": '''
def bp4_weight_gradient(delta, a_prev):
    return np.einsum("im,jm->ij", delta, a_prev) / delta.shape[1]
'''},
    "ones_vector_for_the_bias": {"bp3_bias_gradient": '''
def bp3_bias_gradient(delta):
    m = delta.shape[1]
    return delta @ np.ones((m, 1)) / m
'''},
    "forward_with_extra_cache_entries": {"forward": '''
def forward(X, params, activation):
    n_layers = len([k for k in params if k.startswith("W")])
    caches = {"A0": X, "L": n_layers}
    A = X
    l = 1
    while l <= n_layers:
        Z = np.dot(params["W" + str(l)], A) + params["b" + str(l)]
        if l < n_layers:
            A = activation(Z)
        else:
            A = 1 / (1 + np.exp(-Z))
        caches["Z" + str(l)] = Z
        caches["A" + str(l)] = A
        l += 1
    return A, caches
'''},
    "backward_inline_with_general_bp1": {"backward": '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    A, Z = caches[f"A{L}"], caches[f"Z{L}"]
    s = 1 / (1 + np.exp(-Z))
    if cost == "bce":
        grad_a = (A - Y) / (A * (1 - A))     # dL/da for cross-entropy; sigma' cancels it below
    else:
        grad_a = A - Y
    delta = grad_a * s * (1 - s)
    grads = {}
    for l in reversed(range(1, L + 1)):
        grads["dW%d" % l] = np.dot(delta, caches["A%d" % (l - 1)].T) / m
        grads["db%d" % l] = np.mean(delta, axis=1, keepdims=True)
        if l > 1:
            delta = np.dot(params["W%d" % l].T, delta) * activation_prime(caches["Z%d" % (l - 1)])
    return grads
'''},
}
