"""Second held-out part for notebook 3 (03_backprop_equations): wrong answers with their categories and correct alternatives.

Written from the exercise statements alone, by someone who saw neither the hidden tests nor the diagnosis engine,
before the work it measures. Never tune a hidden test or a diagnosis to these entries: they measure, they do not steer.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    "heldout_r2_lecture_dc_without_phi_prime": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    h, n = W.shape
    k = U.shape[0]
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dbeta = np.zeros(k)
    dU, dc = np.zeros((k, h)), np.zeros(k)
    for i in range(k):
        dbeta[i] = dL_dz[i] * phi_prime(beta[i])
        dc[i] = dL_dz[i]                 # c is added straight to the output
        for j in range(h):
            dU[i, j] = dbeta[i] * y[j]
    dy = np.zeros(h)
    for j in range(h):
        for i in range(k):
            dy[j] += dbeta[i] * U[i, j]
    dalpha = dy * phi_prime(alpha)
    dW, db, dx = np.zeros((h, n)), np.zeros(h), np.zeros(n)
    for j in range(h):
        db[j] = dalpha[j]
        for kk in range(n):
            dW[j, kk] = dalpha[j] * x[kk]
    for kk in range(n):
        for j in range(h):
            dx[kk] += dalpha[j] * W[j, kk]
    return {"dU": dU, "dc": dc, "dW": dW, "db": db, "dx": dx}
''', "missing_term", "takes dL/dc_i as dL/dz_i: the factor phi'(beta_i) is left out of dc only"),
    "heldout_r2_lecture_float32_buffers": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    h, n = W.shape
    k = U.shape[0]
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dbeta = dL_dz * phi_prime(beta)
    grads = {"dU": np.zeros((k, h), np.float32), "dc": np.zeros(k, np.float32), "dW": np.zeros((h, n), np.float32),
             "db": np.zeros(h, np.float32), "dx": np.zeros(n, np.float32)}
    dy = np.zeros(h)
    for i in range(k):
        grads["dc"][i] = dbeta[i]
        for j in range(h):
            grads["dU"][i, j] = dbeta[i] * y[j]
            dy[j] += dbeta[i] * U[i, j]
    dalpha = dy * phi_prime(alpha)
    for j in range(h):
        grads["db"][j] = dalpha[j]
        for kk in range(n):
            grads["dW"][j, kk] = dalpha[j] * x[kk]
            grads["dx"][kk] += dalpha[j] * W[j, kk]
    return grads
''', "dtype", "allocates the gradient arrays as float32: every gradient comes back float32"),
    "heldout_r2_lecture_scales_dL_dz_in_place": ("lecture_network_gradients", '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    h, n = W.shape
    k = U.shape[0]
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dbeta = dL_dz
    for i in range(k):
        dbeta[i] *= phi_prime(beta[i])    # dL/dbeta_i = dL/dz_i phi'(beta_i)
    dU = np.zeros((k, h))
    for i in range(k):
        for j in range(h):
            dU[i, j] = dbeta[i] * y[j]
    dy = np.array([sum(dbeta[i] * U[i, j] for i in range(k)) for j in range(h)])
    dalpha = dy * phi_prime(alpha)
    dW = np.array([[dalpha[j] * x[kk] for kk in range(n)] for j in range(h)])
    dx = np.array([sum(dalpha[j] * W[j, kk] for j in range(h)) for kk in range(n)])
    return {"dU": dU, "dc": dbeta.copy(), "dW": dW, "db": dalpha.copy(), "dx": dx}
''', "mutates_input", "names dL/dbeta as dL_dz and scales it in place: the caller's dL_dz is overwritten"),
    "heldout_r2_bp1_averaged_over_examples": ("bp1_output_error", '''
def bp1_output_error(grad_a, z, activation_prime):
    return np.mean(grad_a * activation_prime(z), axis=1, keepdims=True)
''', "wrong_axis", "averages delta over the examples: returns one column (n_L, 1) instead of one per example"),
    "heldout_r2_bp2_global_sigmoid_prime": ("bp2_hidden_error", '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return (W_next.T @ delta_next) * sigmoid_prime(z)
''', "other", "uses the notebook's global sigmoid_prime instead of the activation_prime argument"),
    "heldout_r2_bp3_no_keepdims": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return np.mean(delta, axis=1)
''', "transpose", "averages without keepdims: shape (n_l,) instead of the bias's (n_l, 1)"),
    "heldout_r2_bp3_mean_over_units": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return np.mean(delta, axis=0, keepdims=True).T
''', "wrong_axis", "averages over the units (axis 0) instead of the examples, then transposes to a column"),
    "heldout_r2_bp3_summed": ("bp3_bias_gradient", '''
def bp3_bias_gradient(delta):
    return delta.sum(axis=1, keepdims=True)
''', "constant_factor", "sums the columns without the 1/m"),
    "heldout_r2_forward_one_layer_short": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = activation(Z) if l < L - 1 else sigmoid(Z)
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "shifted", "loops l over range(1, L): the last layer is never computed and layer L - 1 gets the sigmoid"),
    "heldout_r2_forward_caches_is_params": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = params          # keep everything in one dict
    caches["A0"] = X
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = sigmoid(Z) if l == L else activation(Z)
        caches[f"Z{l}"] = Z
        caches[f"A{l}"] = A
    return A, caches
''', "mutates_input", "uses the params dict itself as the cache: the caller's params gain A and Z entries"),
    "heldout_r2_forward_bias_after_activation": ("forward", '''
def forward(X, params, activation):
    L = len(params) // 2
    caches = {"A0": X}
    A = X
    for l in range(1, L + 1):
        Z = params[f"W{l}"] @ A
        g = sigmoid if l == L else activation
        A = g(Z) + params[f"b{l}"]
        caches[f"Z{l}"], caches[f"A{l}"] = Z, A
    return A, caches
''', "other", "adds the bias after the activation: A = g(W A) + b, and Z cached without the bias"),
    "heldout_r2_backward_db_over_units": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    AL, ZL = caches[f"A{L}"], caches[f"Z{L}"]
    delta = AL - Y if cost == "bce" else (AL - Y) * sigmoid_prime(ZL)
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = delta @ caches[f"A{l - 1}"].T / m
        grads[f"db{l}"] = np.mean(delta, axis=0, keepdims=True)
        if l > 1:
            delta = (params[f"W{l}"].T @ delta) * activation_prime(caches[f"Z{l - 1}"])
    return grads
''', "wrong_axis", "averages delta over the units (axis 0) for db: shape (1, m) instead of (n_l, 1)"),
    "heldout_r2_backward_bp4_with_Z": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    delta = caches[f"A{L}"] - Y
    if cost == "mse":
        delta = delta * sigmoid_prime(caches[f"Z{L}"])
    grads = {}
    for l in range(L, 0, -1):
        a_prev = caches[f"Z{l - 1}"] if l > 1 else caches["A0"]   # the input of layer l
        grads[f"dW{l}"] = delta @ a_prev.T / m
        grads[f"db{l}"] = delta.mean(axis=1, keepdims=True)
        if l > 1:
            delta = (params[f"W{l}"].T @ delta) * activation_prime(caches[f"Z{l - 1}"])
    return grads
''', "other", "uses the weighted input Z^[l-1] instead of the activation A^[l-1] in BP4 (right only for layer 1)"),
    "heldout_r2_backward_db_flat": ("backward", '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    delta = caches[f"A{L}"] - Y
    if cost == "mse":
        delta = delta * sigmoid_prime(caches[f"Z{L}"])
    grads = {}
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = delta @ caches[f"A{l - 1}"].T / m
        grads[f"db{l}"] = delta.sum(axis=1) / m
        if l > 1:
            delta = (params[f"W{l}"].T @ delta) * activation_prime(caches[f"Z{l - 1}"])
    return grads
''', "transpose", "forms db without keepdims: shape (n_l,) instead of the bias's (n_l, 1)"),
}

ALTERNATIVES = {
    "heldout_r2_lecture_block_form": {"lecture_network_gradients": '''
def lecture_network_gradients(x, W, b, U, c, dL_dz, phi, phi_prime):
    alpha = W @ x + b
    y = phi(alpha)
    beta = U @ y + c
    dbeta = phi_prime(beta) * dL_dz
    dalpha = phi_prime(alpha) * (U.T @ dbeta)
    return {"dU": np.outer(dbeta, y), "dc": dbeta.copy(), "dW": np.outer(dalpha, x), "db": dalpha.copy(),
            "dx": W.T @ dalpha}
'''},
    "heldout_r2_bp_einsum": {"bp1_output_error": '''
def bp1_output_error(grad_a, z, activation_prime):
    return np.multiply(activation_prime(z), grad_a)
''', "bp2_hidden_error": '''
def bp2_hidden_error(W_next, delta_next, z, activation_prime):
    return np.einsum("ji,jm->im", W_next, delta_next) * activation_prime(z)
''', "bp3_bias_gradient": '''
def bp3_bias_gradient(delta):
    m = delta.shape[1]
    return np.add.reduce(delta, axis=1).reshape(-1, 1) / m
''', "bp4_weight_gradient": '''
def bp4_weight_gradient(delta, a_prev):
    m = delta.shape[1]
    return np.einsum("im,jm->ij", delta, a_prev) / m
'''},
    "heldout_r2_forward_explicit_loop": {"forward": '''
def forward(X, params, activation):
    n_layers = len(params) // 2
    caches = {"A0": X}
    for l in range(1, n_layers + 1):
        caches[f"Z{l}"] = np.dot(params[f"W{l}"], caches[f"A{l - 1}"]) + params[f"b{l}"]
        g = activation if l < n_layers else sigmoid
        caches[f"A{l}"] = g(caches[f"Z{l}"])
    return caches[f"A{n_layers}"], caches
'''},
    "heldout_r2_backward_loop_over_examples": {"backward": '''
def backward(Y, params, caches, activation_prime, cost="bce"):
    L = len(params) // 2
    m = Y.shape[1]
    grads = {f"d{k}": np.zeros_like(v, dtype=float) for k, v in params.items()}
    for i in range(m):
        a_L = caches[f"A{L}"][:, i:i + 1]
        delta = a_L - Y[:, i:i + 1]
        if cost == "mse":
            delta = delta * a_L * (1.0 - a_L)
        for l in range(L, 0, -1):
            grads[f"dW{l}"] += delta @ caches[f"A{l - 1}"][:, i:i + 1].T / m
            grads[f"db{l}"] += delta / m
            if l > 1:
                delta = (params[f"W{l}"].T @ delta) * activation_prime(caches[f"Z{l - 1}"][:, i:i + 1])
    return grads
'''},
}
