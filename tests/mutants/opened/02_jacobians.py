"""The first held-out part for notebook 2 (02_jacobians), opened for development.

Written from the exercise texts before the diagnosis work they measured (until 2026-12-01), as students write them.
Opened once a second held-out part (tests/mutants/heldout/) was written: hidden tests and diagnoses may now be
improved with these entries in view, so their figures are no longer held-out ones.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ------------------------------------------------------------ numerical_jacobian
    "heldout_nj_divides_by_h": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / h
    return J
''', "constant_factor", "central difference divided by h instead of 2h: every entry doubled"),
    "heldout_nj_last_column_skipped": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    n = len(x)
    J = np.zeros((len(f(x)), n))
    for j in range(n - 1):
        e = np.zeros(n)
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / (2 * h)
    return J
''', "shifted", "loops over range(n - 1): the last column stays zero"),
    "heldout_nj_reshaped_rows": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    n = len(x)
    m = len(f(x))
    columns = []
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        columns.append((f(x + e) - f(x - e)) / (2 * h))
    return np.array(columns).reshape(m, n)
''', "transpose", "stacks the columns as rows and reshapes to (m, n) instead of transposing: scrambled layout"),
    "heldout_nj_float32_copy": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=np.float32)
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x), dtype=np.float32)
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / (2 * h)
    return J
''', "dtype", "converts x to float32: the step h = 1e-5 is rounded away, central differences off by ~1e-3"),
    "heldout_nj_all_coordinates_at_once": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    n = len(x)
    column = (f(x + h) - f(x - h)) / (2 * h)
    return np.tile(column[:, None], (1, n))
''', "other", "perturbs every coordinate at once (x + h, a scalar): each column is the row sum J @ 1"),
    "heldout_nj_global_columns": ("numerical_jacobian", '''
_columns = []

def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        _columns.append((f(x + e) - f(x - e)) / (2 * h))
    return np.stack(_columns[:len(x)], axis=1)
''', "stateful", "keeps the list of columns at module level: the second call returns the first call's columns"),
    # ------------------------------------------------------------ jacobian_f_example
    "heldout_jf_linear_terms_kept": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2 * x, 3 * y ** 2], [-13 * x, np.exp(y)]], dtype=float)
''', "other", "does not differentiate the linear terms 2x and -13x (keeps x in them): right only at x = 1"),
    "heldout_jf_caret_power": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2.0, 3 * y ^ 2], [-13.0, np.exp(y)]])
''', "other", "writes y squared as y ^ 2 (bitwise XOR in Python): raises for float y, wrong for integers"),
    "heldout_jf_df2dy_keeps_coefficient": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2.0, 3 * y ** 2], [-13.0, np.exp(y) - 13]])
''', "extra_term", "d f2 / d y written as e^y - 13: keeps the x-term's coefficient in the y-derivative"),
    # ------------------------------------------------------------ jacobian_chain_example
    "heldout_chain_outer_values_not_derivatives": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    Jg = np.array([[2 * x, 1.0], [0.0, 3 * y ** 2]])
    Jf = np.array([[np.sin(g1), 0.0], [0.0, np.log(g2)]])
    return Jf @ Jg
''', "other", "puts f's values sin g1, ln g2 on the outer diagonal instead of their derivatives cos g1, 1/g2"),
    "heldout_chain_inner_offdiagonal_dropped": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    Jg = np.diag([2 * x, 3 * y ** 2])
    Jf = np.diag([np.cos(g1), 1 / g2])
    return Jf @ Jg
''', "missing_term", "treats g as element-wise: the inner Jacobian loses d g1 / d y = 1"),
    "heldout_chain_dg1dx_without_2": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    Jg = np.array([[x, 1.0], [0.0, 3 * y ** 2]])
    Jf = np.array([[np.cos(g1), 0.0], [0.0, 1 / g2]])
    return Jf @ Jg
''', "constant_factor", "d(x^2)/dx written as x: the (0, 0) entry is half its value (invisible at x = 0)"),
    "heldout_chain_g1_without_y": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2, y ** 3
    Jg = np.array([[2 * x, 1.0], [0.0, 3 * y ** 2]])
    Jf = np.array([[np.cos(g1), 0.0], [0.0, 1 / g2]])
    return Jf @ Jg
''', "missing_term", "evaluates the outer Jacobian at g1 = x^2, dropping the + y of the inner function"),
    # ------------------------------------------------------------ jacobian_hadamard
    "heldout_hadamard_shared_buffer": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    n = len(v)
    J = np.zeros((n, n))
    np.fill_diagonal(J, w)
    J_v = J
    np.fill_diagonal(J, v)
    J_w = J
    return J_v, J_w
''', "other", "reuses one buffer for both Jacobians: J_v is the same array as J_w = diag(v)"),
    "heldout_hadamard_divides_product": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    y = v * w
    return np.diag(y / v), np.diag(y / w)
''', "stability", "recovers w and v as y / v and y / w: nan (0/0) wherever an input entry is zero"),
    "heldout_hadamard_integer_identity": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    n = len(v)
    J_v = np.identity(n, dtype=int)
    J_w = np.identity(n, dtype=int)
    J_v[np.diag_indices(n)] = w
    J_w[np.diag_indices(n)] = v
    return J_v, J_w
''', "dtype", "writes the diagonals into integer identity matrices: the entries are truncated to integers"),
    # ------------------------------------------------------------ neuron_jacobians
    "heldout_neuron_masks_x_in_place": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w @ x + b
    active = 1.0 if z > 0 else 0.0
    da_dw = x
    da_dw *= active
    return da_dw, active
''', "mutates_input", "multiplies x itself by ReLU'(z) in place: an inactive neuron zeroes the caller's x"),
    "heldout_neuron_bias_subtracted": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w @ x - b
    active = 1.0 if z > 0 else 0.0
    return active * x, active
''', "sign", "computes z = w^T x - b: the mask is wrong whenever the bias decides the sign of z"),
    "heldout_neuron_no_sum": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w * x + b
    active = (z > 0).astype(float)
    return active * x, active
''', "missing_term", "skips the sum step s = sum(w * x): an element-wise mask per entry and an array for da/db"),
    "heldout_neuron_kink_active": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w @ x + b
    active = 1.0 if z >= 0 else 0.0
    return active * x, active
''', "other", "takes ReLU'(0) = 1 (z >= 0) against the stated convention ReLU'(0) = 0 at the kink"),
    # ------------------------------------------------------------ grad_quadratic_form
    "heldout_quadratic_halved_symmetric_part": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    S = (A + A.T) / 2
    return S @ x, np.outer(x, x)
''', "constant_factor", "uses the symmetric part (A + A^T) / 2 but forgets the factor 2 of 2 S x"),
    "heldout_quadratic_symmetrises_A_in_place": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    A += A.T
    return A @ x, np.outer(x, x)
''', "mutates_input", "forms A + A^T with A += A.T: the caller's A is overwritten"),
    "heldout_quadratic_sum_wrong_axis": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    S = A + A.T
    return np.sum(S * x, axis=0), np.outer(x, x)
''', "wrong_axis", "writes S x as sum(S * x) over axis 0 instead of axis 1: x_j times column sums"),
    # ------------------------------------------------------------ matmul_backward
    "heldout_matmul_first_example_only": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    dW = np.outer(dY[:, 0], X[:, 0])
    return dW, W.T @ dY
''', "one_example", "dW as the outer product of the first columns only: right for m = 1, misses the other examples"),
    "heldout_matmul_descent_direction": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    return -(dY @ X.T), -(W.T @ dY)
''', "sign", "returns the descent direction (minus the gradients)"),
    "heldout_matmul_accumulates_dW": ("matmul_backward", '''
_dW = None

def matmul_backward(dY, W, X):
    global _dW
    if _dW is None:
        _dW = np.zeros(W.shape)
    _dW += dY @ X.T
    return _dW, W.T @ dY
''', "stateful", "accumulates dW in a global buffer never reset: a second call adds the first call's gradient"),
    "heldout_matmul_loop_from_one": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    m = X.shape[1]
    dW = np.zeros(W.shape)
    for c in range(1, m):
        dW += np.outer(dY[:, c], X[:, c])
    return dW, W.T @ dY
''', "shifted", "sums the outer products over range(1, m): the first example is left out"),
    # ------------------------------------------------------------ full_jacobian_wrt_W
    "heldout_full_einsum_X_indices_swapped": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p = W.shape[0]
    return np.einsum("ia,cb->icab", np.eye(p), X)
''', "transpose", "labels X's axes cb instead of bc in the einsum: X^T in place of X (shape (p, n, p, m))"),
    "heldout_full_loop_range_short": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n))
    for i in range(p - 1):
        J[i, :, i, :] = X.T
    return J
''', "shifted", "loops over range(p - 1): the last row of W gets no block"),
    "heldout_full_float16_to_save_memory": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n), dtype=np.float16)
    for i in range(p):
        J[i, :, i, :] = X.T
    return J
''', "dtype", "stores J in float16 to save memory: the entries of X are rounded to ~3 digits"),
    "heldout_full_cached_by_shape": ("full_jacobian_wrt_W", '''
_cache = {}

def full_jacobian_wrt_W(W, X):
    key = (W.shape, X.shape)
    if key not in _cache:
        _cache[key] = np.einsum("ia,bc->icab", np.eye(W.shape[0]), X)
    return _cache[key]
''', "stateful", "caches J by the shapes of W and X: a second call with the same shapes but another X is stale"),
    # ------------------------------------------------------------ softmax_vjp
    "heldout_softmax_reapplied": ("softmax_vjp", '''
def softmax_vjp(s, v):
    s = np.exp(s) / np.sum(np.exp(s))
    return s * (v - s @ v)
''', "other", "treats the given softmax output as the logits and applies softmax to it again"),
    "heldout_softmax_vjp_in_place": ("softmax_vjp", '''
def softmax_vjp(s, v):
    v -= s @ v
    v *= s
    return v
''', "mutates_input", "computes the VJP in v's own buffer: the caller's v is overwritten"),
    "heldout_softmax_mean_not_sum": ("softmax_vjp", '''
def softmax_vjp(s, v):
    return s * (v - np.mean(s * v))
''', "constant_factor", "writes s^T v as mean(s * v): the subtracted term is divided by n"),
}

ALTERNATIVES = {
    "heldout_nj_entry_by_entry": {"numerical_jacobian": '''
def numerical_jacobian(f, x, h=1e-5):
    x0 = np.asarray(x, dtype=float).copy()
    n = x0.size
    m = np.asarray(f(x0)).size
    J = np.empty((m, n))
    for i in range(m):
        for j in range(n):
            up, down = x0.copy(), x0.copy()
            up[j] += h
            down[j] -= h
            J[i, j] = (np.asarray(f(up))[i] - np.asarray(f(down))[i]) / (2 * h)
    return J
'''},
    "heldout_jf_filled_entries": {"jacobian_f_example": '''
def jacobian_f_example(x, y):
    J = np.empty((2, 2))
    J[0, 0] = 2.0
    J[0, 1] = 3.0 * y * y
    J[1, 0] = -13.0
    J[1, 1] = np.exp(y)
    return J
'''},
    "heldout_chain_sum_over_paths": {"jacobian_chain_example": '''
def jacobian_chain_example(x, y):
    g = [x ** 2 + y, y ** 3]
    df_dg = [[np.cos(g[0]), 0.0], [0.0, 1.0 / g[1]]]
    dg_dxy = [[2.0 * x, 1.0], [0.0, 3.0 * y ** 2]]
    J = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            J[i, j] = sum(df_dg[i][l] * dg_dxy[l][j] for l in range(2))
    return J
'''},
    "heldout_hadamard_fill_diagonal": {"jacobian_hadamard": '''
def jacobian_hadamard(v, w):
    n = len(v)
    J_v, J_w = np.zeros((n, n)), np.zeros((n, n))
    np.fill_diagonal(J_v, w)
    np.fill_diagonal(J_w, v)
    return J_v, J_w
'''},
    "heldout_neuron_product_of_jacobians": {"neuron_jacobians": '''
def neuron_jacobians(w, x, b):
    z = np.sum(w * x) + b
    da_dz = 1.0 if z > 0 else 0.0
    dz_ds = 1.0
    ds_dH = np.ones(len(x))
    dH_dw = np.diag(x)
    return da_dz * dz_ds * (ds_dH @ dH_dw), da_dz * 1.0
'''},
    "heldout_quadratic_row_form": {"grad_quadratic_form": '''
def grad_quadratic_form(x, A):
    return x @ A + A @ x, x[:, None] * x[None, :]
'''},
    "heldout_matmul_per_example_loop": {"matmul_backward": '''
def matmul_backward(dY, W, X):
    m = X.shape[1]
    dW = sum(np.outer(dY[:, c], X[:, c]) for c in range(m))
    dX = np.stack([W.T @ dY[:, c] for c in range(m)], axis=1)
    return dW, dX
'''},
    "heldout_full_broadcast_eye": {"full_jacobian_wrt_W": '''
def full_jacobian_wrt_W(W, X):
    p = W.shape[0]
    return np.eye(p)[:, None, :, None] * X.T[None, :, None, :]
'''},
    "heldout_full_fancy_index": {"full_jacobian_wrt_W": '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n))
    rows = np.arange(p)
    J[rows, :, rows, :] = X.T
    return J
'''},
    "heldout_softmax_fsum": {"softmax_vjp": '''
import math

def softmax_vjp(s, v):
    weighted = math.fsum(float(a) * float(b) for a, b in zip(s, v))
    return np.asarray(s, dtype=float) * (np.asarray(v, dtype=float) - weighted)
'''},
}
