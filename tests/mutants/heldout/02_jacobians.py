"""Second held-out part for notebook 2 (02_jacobians): wrong answers with their categories and correct alternatives.

Written from the exercise statements alone, by someone who saw neither the hidden tests nor the diagnosis engine,
before the work it measures. Never tune a hidden test or a diagnosis to these entries: they measure, they do not steer.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    "heldout_r2_nj_step_not_restored": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    n = x.size
    columns = []
    for j in range(n):
        x[j] += h
        f_plus = f(x)
        x[j] -= 2 * h
        f_minus = f(x)
        columns.append((f_plus - f_minus) / (2 * h))   # forgets x[j] += h: coordinate j stays at x_j - h
    return np.stack(columns, axis=1)
''', "missing_term", "never restores x[j] after the minus step: every later column is taken at a point shifted by -h"),
    "heldout_r2_nj_jacobian_dtype_of_x": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x_in = np.asarray(x)
    x = x_in.astype(float)
    k = np.asarray(f(x)).size
    J = np.zeros((k, x.size), dtype=x_in.dtype)
    for j in range(x.size):
        e = np.zeros_like(x)
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / (2 * h)
    return J
''', "dtype", "converts x to float but allocates J with the dtype of the caller's x: integer x gives an integer J"),
    "heldout_r2_jf_flat_partials": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([2.0, 3 * y ** 2, -13.0, np.exp(y)])
''', "transpose", "returns the four partial derivatives as a flat vector of shape (4,) instead of a 2 x 2 matrix"),
    "heldout_r2_jf_columns_y_then_x": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    # each row: d/dy, then d/dx
    return np.array([[3 * y ** 2, 2.0], [np.exp(y), -13.0]])
''', "transpose", "puts the y column first: the columns are (y, x) instead of (x, y)"),
    "heldout_r2_chain_log10": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    dg = np.array([[2 * x, 1.0], [0.0, 3 * y ** 2]])
    df = np.array([[np.cos(g1), 0.0], [0.0, 1.0 / (g2 * np.log(10))]])  # d log(g) / dg
    return df @ dg
''', "constant_factor", "differentiates ln as a base-10 logarithm: the second row has an extra 1 / ln 10"),
    "heldout_r2_chain_product_of_transposes": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    dg = np.array([[2 * x, 1.0], [0.0, 3 * y ** 2]])
    df = np.array([[np.cos(g1), 0.0], [0.0, 1.0 / g2]])
    return dg.T @ df.T   # gradients are columns, so transpose both
''', "transpose", "multiplies the transposed Jacobians dg^T df^T: returns the transpose of the product"),
    "heldout_r2_hadamard_product_rule_both": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    # product rule: d(v w) = w dv + v dw
    J = np.diag(w + v)
    return J, J.copy()
''', "extra_term", "adds both product-rule terms into each Jacobian: diag(v + w) for both"),
    "heldout_r2_neuron_db_broadcast": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w @ x + b
    active = float(z > 0)
    return active * x, active * np.ones_like(x)   # b is broadcast to every term
''', "transpose", "returns da/db as a vector of ones of the shape of x (a broadcast column) instead of a float"),
    "heldout_r2_neuron_int_mask": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = np.dot(w, x) + b
    mask = int(z > 0)
    return mask * x, mask
''', "dtype", "returns the ReLU mask as a Python int for da/db: 0 or 1, not a float"),
    "heldout_r2_quadratic_row_gradient": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    row = x.reshape(1, -1) @ (A + A.T)    # dY/dx = x^T (A + A^T), a 1 x n row
    return row, np.outer(x, x)
''', "transpose", "returns the 1 x n row as a 2-D array of shape (1, n) instead of a vector (n,)"),
    "heldout_r2_matmul_slides_layout": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    dW = X @ dY.T      # (dL/dW)^T = X dY^T, as on the slides
    dX = W.T @ dY
    return dW, dX
''', "transpose", "returns the slides' numerator-layout dW^T = X dY^T, of shape (n, p) instead of (p, n)"),
    "heldout_r2_matmul_dX_summed_over_examples": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    dW = dY @ X.T
    dX = W.T @ dY.sum(axis=1, keepdims=True)
    return dW, np.broadcast_to(dX, X.shape).copy()
''', "wrong_axis", "sums dY over the examples before backpropagating to X, as for a bias: every column of dX the same"),
    "heldout_r2_matmul_dW_aliases_W": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    dW = W              # an array of W's shape to fill
    dW[:] = dY @ X.T
    dX = W.T @ dY       # uses the overwritten W
    return dW, dX
''', "mutates_input", "fills dW = W[:] in place: the caller's W is overwritten by dW, and dX uses the overwritten W"),
    "heldout_r2_full_averaged_over_examples": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    return np.einsum("ia,bc->icab", np.eye(p), X) / m
''', "constant_factor", "divides the Jacobian by the number of examples m, as for an averaged gradient"),
    "heldout_r2_softmax_s_dot_s": ("softmax_vjp", '''
def softmax_vjp(s, v):
    return s * v - s * (s @ s)
''', "other", "writes the outer-term scalar as s^T s instead of s^T v"),
    "heldout_r2_softmax_column_vectors": ("softmax_vjp", '''
def softmax_vjp(s, v):
    s_col, v_col = s[:, None], v[:, None]
    return s_col * (v_col - s_col.T @ v_col)
''', "transpose", "works with column vectors and returns shape (n, 1) instead of (n,)"),
}

ALTERNATIVES = {
    "heldout_r2_nj_identity_steps": {"numerical_jacobian": '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    steps = h * np.eye(x.size)
    return np.stack([(np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * h) for e in steps], axis=-1)
'''},
    "heldout_r2_eye_broadcasting": {"jacobian_hadamard": '''
def jacobian_hadamard(v, w):
    I = np.eye(len(v))
    return I * w[:, None], I * v[None, :]
''', "jacobian_f_example": '''
def jacobian_f_example(x, y):
    J = np.empty((2, 2))
    J[0] = (2.0, 3.0 * y * y)
    J[1] = (-13.0, np.exp(y))
    return J
''', "jacobian_chain_example": '''
def jacobian_chain_example(x, y):
    g = np.array([x ** 2 + y, y ** 3])
    inner = np.array([[2 * x, 1.0], [0.0, 3 * y ** 2]])
    outer_diag = np.array([np.cos(g[0]), 1.0 / g[1]])
    return np.einsum("i,ij->ij", outer_diag, inner)
'''},
    "heldout_r2_einsum_trace_trick": {"grad_quadratic_form": '''
def grad_quadratic_form(x, A):
    grad_x = np.einsum("ij,j->i", A, x) + np.einsum("ji,j->i", A, x)
    grad_A = np.einsum("i,j->ij", x, x)
    return grad_x, grad_A
''', "matmul_backward": '''
def matmul_backward(dY, W, X):
    return np.einsum("ic,bc->ib", dY, X), np.einsum("ib,ic->bc", W, dY)
''', "neuron_jacobians": '''
def neuron_jacobians(w, x, b):
    z = np.sum(w * x) + b
    slope = np.where(z > 0, 1.0, 0.0)
    return slope * x, float(slope)
'''},
    "heldout_r2_kron_blocks": {"full_jacobian_wrt_W": '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    return np.kron(np.eye(p), X.T).reshape(p, m, p, n)
'''},
    "heldout_r2_loops_and_factored_vjp": {"full_jacobian_wrt_W": '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n))
    for i in range(p):
        for c in range(m):
            for b in range(n):
                J[i, c, i, b] = X[b, c]
    return J
''', "softmax_vjp": '''
def softmax_vjp(s, v):
    return s * v - s * np.dot(s, v)
'''},
}
