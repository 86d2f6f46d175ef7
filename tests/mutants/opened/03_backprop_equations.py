"""The first held-out part for notebook 3 (03_backprop_equations), opened for development.

Written from the exercise texts before the diagnosis work they measured (until 2026-12-01), as students write them.
Opened once a second held-out part (tests/mutants/heldout/) was written: hidden tests and diagnoses may now be
improved with these entries in view, so their figures are no longer held-out ones.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ---------------------------------------------------------------- the lecture's network
    "heldout_lecture_scales_dL_dz_in_place": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    n, h, k = len(x), len(b), len(c)
    alpha = np.array([sum(W[j, q] * x[q] for q in range(n)) + b[j] for j in range(h)])
    y = phi(alpha)
    beta = np.array([sum(U[i, j] * y[j] for j in range(h)) + c[i] for i in range(k)])
    dL_dbeta = dL_dz
    dL_dbeta *= phi_prime(beta)   # dL/dbeta = dL/dz * phi'(beta)
    dU = np.array([[dL_dbeta[i] * y[j] for j in range(h)] for i in range(k)])
    dL_dy = np.array([sum(dL_dbeta[i] * U[i, j] for i in range(k)) for j in range(h)])
    dL_dalpha = dL_dy * phi_prime(alpha)
    dW = np.array([[dL_dalpha[j] * x[q] for q in range(n)] for j in range(h)])
    dx = np.array([sum(dL_dalpha[j] * W[j, q] for j in range(h)) for q in range(n)])
    return {"dU": dU, "dc": dL_dbeta, "dW": dW, "db": dL_dalpha, "dx": dx}
''', "mutates_input", "aliases dL_dz and multiplies it by phi'(beta) in place, overwriting the caller's array"),
    "heldout_lecture_accumulates_like_dot_grad": ("lecture_network_gradients", '''
_grads = {}


def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    n, h, k = len(x), len(b), len(c)
    alpha = np.array([sum(W[j, q] * x[q] for q in range(n)) + b[j] for j in range(h)])
    y = phi(alpha)
    beta = np.array([sum(U[i, j] * y[j] for j in range(h)) + c[i] for i in range(k)])
    dL_dbeta = np.array([dL_dz[i] * phi_prime(beta[i]) for i in range(k)])
    dL_dy = np.array([sum(dL_dbeta[i] * U[i, j] for i in range(k)) for j in range(h)])
    dL_dalpha = np.array([dL_dy[j] * phi_prime(alpha[j]) for j in range(h)])
    new = {"dU": np.outer(dL_dbeta, y), "dc": dL_dbeta, "dW": np.outer(dL_dalpha, x), "db": dL_dalpha,
           "dx": np.array([sum(dL_dalpha[j] * W[j, q] for j in range(h)) for q in range(n)])}
    for key, value in new.items():   # accumulate gradients, like .grad in PyTorch
        if key not in _grads:
            _grads[key] = np.zeros_like(value)
        _grads[key] = _grads[key] + value
    return _grads
''', "stateful", "accumulates the gradients into a module-level dict, so a second call adds to the first"),
    "heldout_lecture_phi_prime_beta_twice": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    n, h, k = len(x), len(b), len(c)
    alpha = np.array([sum(W[j, q] * x[q] for q in range(n)) + b[j] for j in range(h)])
    y = phi(alpha)
    beta = np.array([sum(U[i, j] * y[j] for j in range(h)) + c[i] for i in range(k)])
    dL_dbeta = np.array([dL_dz[i] * phi_prime(beta[i]) for i in range(k)])
    dU = np.array([[dL_dbeta[i] * y[j] for j in range(h)] for i in range(k)])
    # dL/dy_j = sum_i dL/dz_i dz_i/dy_j with dz_i/dy_j = phi'(beta_i) u_ij
    dL_dy = np.array([sum(dL_dbeta[i] * phi_prime(beta[i]) * U[i, j] for i in range(k)) for j in range(h)])
    dL_dalpha = np.array([dL_dy[j] * phi_prime(alpha[j]) for j in range(h)])
    dW = np.array([[dL_dalpha[j] * x[q] for q in range(n)] for j in range(h)])
    dx = np.array([sum(dL_dalpha[j] * W[j, q] for j in range(h)) for q in range(n)])
    return {"dU": dU, "dc": dL_dbeta, "dW": dW, "db": dL_dalpha, "dx": dx}
''', "extra_term", "multiplies by phi'(beta) again when propagating to y, though dL_dbeta already contains it"),
    "heldout_lecture_dy_sums_wrong_axis": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dL_dbeta = dL_dz * phi_prime(beta)
    dL_dy = np.sum(U * dL_dbeta[:, None], axis=1)   # sum over the outputs i
    dL_dalpha = dL_dy * phi_prime(alpha)
    return {"dU": dL_dbeta[:, None] * y[None, :], "dc": dL_dbeta, "dW": dL_dalpha[:, None] * x[None, :],
            "db": dL_dalpha, "dx": np.sum(W * dL_dalpha[:, None], axis=0)}
''', "wrong_axis", "sums U * dL_dbeta over axis 1 (the hidden units j) instead of axis 0 (the outputs i) for dL/dy"),
    "heldout_lecture_dx_zeros_like_x": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    n, h, k = len(x), len(b), len(c)
    alpha = np.array([sum(W[j, q] * x[q] for q in range(n)) + b[j] for j in range(h)])
    y = phi(alpha)
    beta = np.array([sum(U[i, j] * y[j] for j in range(h)) + c[i] for i in range(k)])
    dL_dbeta = np.array([dL_dz[i] * phi_prime(beta[i]) for i in range(k)])
    dU = np.array([[dL_dbeta[i] * y[j] for j in range(h)] for i in range(k)])
    dL_dy = np.array([sum(dL_dbeta[i] * U[i, j] for i in range(k)) for j in range(h)])
    dL_dalpha = np.array([dL_dy[j] * phi_prime(alpha[j]) for j in range(h)])
    dW = np.array([[dL_dalpha[j] * x[q] for q in range(n)] for j in range(h)])
    dx = np.zeros_like(x)
    for q in range(n):
        for j in range(h):
            dx[q] += dL_dalpha[j] * W[j, q]
    return {"dU": dU, "dc": dL_dbeta, "dW": dW, "db": dL_dalpha, "dx": dx}
''', "dtype", "dx = np.zeros_like(x) takes x's dtype, so an integer x truncates the gradient"),
    "heldout_lecture_dx_loop_bound_k": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    n, h, k = len(x), len(b), len(c)
    alpha = np.array([sum(W[j, q] * x[q] for q in range(n)) + b[j] for j in range(h)])
    y = phi(alpha)
    beta = np.array([sum(U[i, j] * y[j] for j in range(h)) + c[i] for i in range(k)])
    dL_dbeta = np.array([dL_dz[i] * phi_prime(beta[i]) for i in range(k)])
    dU = np.array([[dL_dbeta[i] * y[j] for j in range(h)] for i in range(k)])
    dL_dy = np.array([sum(dL_dbeta[i] * U[i, j] for i in range(k)) for j in range(h)])
    dL_dalpha = np.array([dL_dy[j] * phi_prime(alpha[j]) for j in range(h)])
    dW = np.array([[dL_dalpha[j] * x[q] for q in range(n)] for j in range(h)])
    dx = np.array([sum(dL_dalpha[j] * W[j, q] for j in range(k)) for q in range(n)])
    return {"dU": dU, "dc": dL_dbeta, "dW": dW, "db": dL_dalpha, "dx": dx}
''', "other", "the dx sum runs over range(k) (the outputs) instead of range(h): too few hidden units, or IndexError"),
    # ---------------------------------------------------------------- BP1
    "heldout_bp1_in_place_on_grad_a": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    grad_a *= activation_prime(z)
    return grad_a
''', "mutates_input", "multiplies grad_a in place and returns it, overwriting the caller's array"),
    "heldout_bp1_loop_keeps_last_column": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    m = z.shape[1]
    for i in range(m):
        delta = grad_a[:, i:i + 1] * activation_prime(z[:, i:i + 1])
    return delta
''', "one_example", "loops over the examples but overwrites delta each time, returning the last column only"),
    "heldout_bp1_stacked_rows": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    return np.array([g * activation_prime(zi) for g, zi in zip(grad_a.T, z.T)])
''', "transpose", "iterates over the columns via .T and stacks them as rows, returning (m, n_L)"),
    # ---------------------------------------------------------------- BP2
    "heldout_bp2_row_form_not_transposed_back": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    # dC/dz^l = dC/dz^{l+1} W^{l+1} diag(sigma'(z^l)), a row per example
    return (delta_next.T @ W_next) * activation_prime(z).T
''', "transpose", "implements the row (numerator-layout) form and returns (m, n_l) without transposing back"),
    "heldout_bp2_broadcast_sum_one_column": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    # delta^l_k = sum_j w_jk delta_j sigma'(z_k)
    back = np.sum(W_next * delta_next, axis=0)
    return back[:, None] * activation_prime(z)
''', "other", "element-wise sum formula written for one column: W * delta_next only works for m = 1 (else error or wrong)"),
    "heldout_bp2_loop_misses_last_column": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    n, m = z.shape
    delta = np.zeros((n, m))
    for i in range(m - 1):
        delta[:, i] = (W_next.T @ delta_next[:, i]) * activation_prime(z[:, i])
    return delta
''', "shifted", "loops over range(m - 1), so the last example's column stays zero"),
    # ---------------------------------------------------------------- BP3
    "heldout_bp3_floor_division": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    m = delta.shape[1]
    return np.sum(delta, axis=1, keepdims=True) // m
''', "dtype", "divides by m with // (floor division), rounding the averages down"),
    "heldout_bp3_returns_delta": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    # BP3: dC/db = delta
    return delta
''', "missing_term", "returns delta itself (BP3 for one example): the average over the columns is left out"),
    "heldout_bp3_divides_by_m_minus_1": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    m = delta.shape[1]
    return np.sum(delta, axis=1, keepdims=True) / (m - 1)
''', "shifted", "divides the sum by m - 1 (as for a sample variance) instead of m"),
    "heldout_bp3_divides_delta_in_place": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    delta /= delta.shape[1]
    return delta.sum(axis=1, keepdims=True)
''', "mutates_input", "divides the caller's delta by m in place before summing"),
    "heldout_bp3_batch_size_from_example": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return np.sum(delta, axis=1, keepdims=True) / 2
''', "stateful", "hard-codes m = 2, the batch size of the visible example"),
    "heldout_bp3_row_vector": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return np.mean(delta, axis=1)[np.newaxis, :]
''', "transpose", "right averages but returned as a row (1, n_l) instead of a column (n_l, 1)"),
    # ---------------------------------------------------------------- BP4
    "heldout_bp4_divides_transposed_view": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    a_T = a_prev.T
    a_T /= m          # a_T is a view: this divides the caller's a_prev
    return delta @ a_T
''', "mutates_input", "divides a_prev.T in place, a view, so the caller's a_prev is divided by m"),
    "heldout_bp4_bias_row_appended": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    a_aug = np.vstack([a_prev, np.ones((1, m))])   # bias trick: a constant input 1
    return delta @ a_aug.T / m
''', "extra_term", "appends a row of ones to a_prev (bias trick), giving an extra column, shape (n_l, n_{l-1} + 1)"),
    "heldout_bp4_broadcast_mean_wrong_axis": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    products = delta[:, None, :] * a_prev[None, :, :]   # (n_l, n_{l-1}, m)
    return np.mean(products, axis=0)
''', "wrong_axis", "forms the per-example outer products but averages over axis 0 (the units) instead of axis 2"),
    "heldout_bp4_np_outer_of_matrices": ("bp4_weight_gradient", '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    return np.outer(delta, a_prev) / m
''', "other", "np.outer flattens both matrices: (n_l m, n_{l-1} m), right only when m = 1"),
    # ---------------------------------------------------------------- forward
    "heldout_forward_zero_based_cache_keys": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(L):
        Z = params[f"W{l + 1}"] @ A + params[f"b{l + 1}"]
        A = sigmoid(Z) if l == L - 1 else activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "shifted", "0-based loop index in the cache keys: A0 is overwritten by A^1 and Z{L}, A{L} are missing"),
    "heldout_forward_two_layers_hard_coded": ("forward", '''
def forward(X, params, activation):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = activation(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    caches = {"A0": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, caches
''', "stateful", "hard-codes a two-layer network, as in the visible example, instead of L = len(params) // 2"),
    "heldout_forward_exp_over_one_plus_exp": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        if l == L:
            e = np.exp(Z)
            A = e / (1 + e)
        else:
            A = activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "stability", "own sigmoid exp(z) / (1 + exp(z)): inf / inf = nan for a large positive Z^[L]"),
    "heldout_forward_examples_as_rows": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    A = X.T                                   # one example per row
    caches = {"A0": A}
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"].T + params[f"b{l}"].T
        A = sigmoid(Z) if l == L else activation(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "transpose", "works with one example per row: AL and every cache entry come back transposed, (m, n_l)"),
    # ---------------------------------------------------------------- backward
    "heldout_backward_delta_aliases_cache": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    delta = caches[f"A{L}"]
    delta -= Y
    if cost == "mse":
        delta *= sigmoid_prime(caches[f"Z{L}"])
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "mutates_input", "delta = caches['A{L}'] then delta -= Y in place, overwriting the cached output activation"),
    "heldout_backward_module_level_grads": ("backward", '''
grads = {}


def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else bp1_output_error(AL - Y, caches[f"Z{L}"], sigmoid_prime)
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "stateful", "fills and returns one module-level dict: a second call overwrites the first result and keeps stale keys"),
    "heldout_backward_mse_factor_two": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL, ZL = caches[f"A{L}"], caches[f"Z{L}"]
    if cost == "bce":
        delta = AL - Y
    else:
        delta = bp1_output_error(2 * (AL - Y), ZL, sigmoid_prime)   # d/da ||a - y||^2 = 2 (a - y)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "constant_factor", "differentiates ||a - y||^2 without the stated 1/2: the mse gradients are twice too large"),
    "heldout_backward_stops_before_layer_1": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else bp1_output_error(AL - Y, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 1, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "shifted", "loops over range(L, 1, -1), so dW1 and db1 are never computed"),
    "heldout_backward_bp2_also_at_layer_1": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = AL - Y if cost == "bce" else bp1_output_error(AL - Y, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "shifted", "drops the 'if l > 1': one BP2 step too many, at l = 1, looks up caches['Z0'] (KeyError)"),
    "heldout_backward_delta_zeros_like_Y": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    AL = caches[f"A{L}"]
    delta = np.zeros_like(Y)
    if cost == "bce":
        delta[:] = AL - Y
    else:
        delta[:] = bp1_output_error(AL - Y, caches[f"Z{L}"], sigmoid_prime)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = bp4_weight_gradient(delta, caches[f"A{l - 1}"])
        grads[f"db{l}"] = bp3_bias_gradient(delta)
        if l > 1:
            delta = bp2_hidden_error(params[f"W{l}"], delta, caches[f"Z{l - 1}"], activation_prime)
    return grads
''', "dtype", "preallocates delta with np.zeros_like(Y): integer 0/1 labels truncate delta^[L] to integers"),
}

ALTERNATIVES = {
    "heldout_lecture_full_jacobian_product": {"lecture_network_gradients": '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    row_beta = dL_dz @ np.diag(phi_prime(beta))                 # dL/dbeta as a row
    row_alpha = row_beta @ U @ np.diag(phi_prime(alpha))        # dL/dalpha as a row
    return {"dU": np.einsum("i,j->ij", row_beta, y), "dc": row_beta,
            "dW": np.einsum("j,q->jq", row_alpha, x), "db": row_alpha, "dx": row_alpha @ W}
'''},
    "heldout_row_products_transposed_back": {
        "bp2_hidden_error": '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return (delta_next.T @ W_next).T * activation_prime(z)
''',
        "bp4_weight_gradient": '''
def bp4_weight_gradient(delta, a_prev):
    return (a_prev @ delta.T).T / a_prev.shape[1]
''',
        "bp3_bias_gradient": '''
def bp3_bias_gradient(delta):
    return np.average(delta, axis=1).reshape(-1, 1)
'''},
    "heldout_tensordot_and_reduce": {
        "bp1_output_error": '''
def bp1_output_error(grad_a, z, activation_prime):
    return np.einsum("ij,ij->ij", grad_a, activation_prime(z))
''',
        "bp4_weight_gradient": '''
def bp4_weight_gradient(delta, a_prev):
    return np.tensordot(delta, a_prev, axes=([1], [1])) / delta.shape[1]
''',
        "bp3_bias_gradient": '''
def bp3_bias_gradient(delta):
    return np.add.reduce(delta, axis=1, keepdims=True) / delta.shape[1]
'''},
    "heldout_forward_recursive": {"forward": '''
def forward(X, params, activation):
    L = len(params) // 2

    def layers(A, l, caches):
        if l > L:
            return A, caches
        Z = np.matmul(params[f"W{l}"], A) + params[f"b{l}"]
        A_next = sigmoid(Z) if l == L else activation(Z)
        return layers(A_next, l + 1, {**caches, f"Z{l}": Z, f"A{l}": A_next})

    return layers(X, 1, {"A0": X})
'''},
    "heldout_backward_example_by_example": {"backward": '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {f"d{name}": np.zeros(np.shape(value)) for name, value in params.items()}
    for i in range(m):
        a_L = caches[f"A{L}"][:, i:i + 1]
        y = Y[:, i:i + 1]
        if cost == "bce":
            delta = a_L - y
        else:
            delta = (a_L - y) * sigmoid_prime(caches[f"Z{L}"][:, i:i + 1])
        for l in range(L, 0, -1):
            grads[f"dW{l}"] += np.outer(delta[:, 0], caches[f"A{l - 1}"][:, i]) / m
            grads[f"db{l}"] += delta / m
            if l > 1:
                delta = (params[f"W{l}"].T @ delta) * activation_prime(caches[f"Z{l - 1}"][:, i:i + 1])
    return grads
'''},
}
