"""Wrong and alternative answers to notebook 2, written as students write them.

MUTANTS: name -> (function's grade_id, code, phrase the feedback must contain or None).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ------------------------------------------------------------ numerical_jacobian
    "nj_transposed_layout": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    rows = []
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        rows.append((f(x + e) - f(x - e)) / (2 * h))
    return np.array(rows)
''', "transpose"),
    "nj_forward_difference": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    fx = f(x)
    J = np.zeros((len(fx), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = h
        J[:, j] = (f(x + e) - fx) / h
    return J
''', "forward difference"),
    "nj_fixed_step": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        e = np.zeros(len(x))
        e[j] = 1e-5
        J[:, j] = (f(x + e) - f(x - e)) / 2e-5
    return J
''', "step h you were given"),
    "nj_integer_truncation": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.asarray(x)
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[j] += h
        x_minus[j] -= h
        J[:, j] = (f(x_plus) - f(x_minus)) / (2 * h)
    return J
''', "integer"),
    "nj_modifies_x_in_place": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    J = np.zeros((len(f(x)), len(x)))
    for j in range(len(x)):
        x[j] += h
        f_plus = f(x)
        x[j] -= 2 * h
        f_minus = f(x)
        J[:, j] = (f_plus - f_minus) / (2 * h)
    return J
''', "in place"),
    "nj_square_assumed": ("numerical_jacobian", '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    n = len(x)
    J = np.zeros((n, n))
    for j in range(n):
        e = np.zeros(n)
        e[j] = h
        J[:, j] = (f(x + e) - f(x - e)) / (2 * h)
    return J
''', 'a size taken from the wrong array'),
    # ------------------------------------------------------------ jacobian_f_example
    "jf_denominator_layout": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2, -13], [3 * y ** 2, np.exp(y)]], dtype=float)
''', "numerator layout"),
    "jf_power_rule": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2, 3 * y], [-13, np.exp(y)]], dtype=float)
''', "3y^2"),
    "jf_sign_of_13x": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2, 3 * y ** 2], [13, np.exp(y)]], dtype=float)
''', "minus sign is missing"),
    "jf_derivative_at_x": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2.0, 3 * x ** 2], [-13.0, np.exp(x)]])
''', 'evaluate them at y'),
    "jf_exp_power_rule": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return np.array([[2.0, 3 * y ** 2], [-13.0, y * np.exp(y - 1)]])
''', 'power rule does not apply'),
    "jf_returns_list": ("jacobian_f_example", '''
def jacobian_f_example(x, y):
    return [[2.0, 3 * y ** 2], [-13.0, np.exp(y)]]
''', 'not a list'),
    # ------------------------------------------------------------ jacobian_chain_example
    "chain_wrong_order": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    Jg = np.array([[2 * x, 1], [0, 3 * y ** 2]])
    Jf = np.array([[np.cos(g1), 0], [0, 1 / g2]])
    return Jg @ Jf
''', "wrong order"),
    "chain_missing_inner_factor": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    return np.array([[np.cos(g1), 0], [0, 1 / g2]])
''', "inner function"),
    "chain_outer_at_x": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    Jg = np.array([[2 * x, 1], [0, 3 * y ** 2]])
    Jf = np.array([[np.cos(x), 0], [0, 1 / y]])
    return Jf @ Jg
''', "inner value"),
    "chain_elementwise_product": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    Jg = np.array([[2 * x, 1], [0, 3 * y ** 2]])
    Jf = np.array([[np.cos(g1), 0], [0, 1 / g2]])
    return Jf * Jg
''', "element-wise"),
    "chain_inner_transposed": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    Jg = np.array([[2 * x, 0.0], [1.0, 3 * y ** 2]])
    Jf = np.array([[np.cos(g1), 0.0], [0.0, 1 / g2]])
    return Jf @ Jg
''', 'd g/d(x, y) is transposed'),
    "chain_cos_sign": ("jacobian_chain_example", '''
def jacobian_chain_example(x, y):
    g1, g2 = x ** 2 + y, y ** 3
    Jg = np.array([[2 * x, 1.0], [0.0, 3 * y ** 2]])
    Jf = np.array([[-np.cos(g1), 0.0], [0.0, 1 / g2]])
    return Jf @ Jg
''', 'sign of the cosine'),
    # ------------------------------------------------------------ jacobian_hadamard
    "hadamard_swapped": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    return np.diag(v), np.diag(w)
''', "swapped"),
    "hadamard_full_columns": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    n = len(v)
    return np.outer(w, np.ones(n)), np.outer(v, np.ones(n))
''', "diagonal"),
    "hadamard_vectors": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    return w, v
''', "np.diag"),
    "hadamard_identity": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    n = len(v)
    return np.eye(n), np.eye(n)
''', 'not the identity'),
    "hadamard_two_hard_coded": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    J_v = np.array([[w[0], 0.0], [0.0, w[1]]])
    J_w = np.array([[v[0], 0.0], [0.0, v[1]]])
    return J_v, J_w
''', 'expected shape (5, 5)'),
    "hadamard_product_on_diagonal": ("jacobian_hadamard", '''
def jacobian_hadamard(v, w):
    y = v * w
    return np.diag(y), np.diag(y)
''', 'not the product diag(v * w)'),
    # ------------------------------------------------------------ neuron_jacobians
    "neuron_no_relu_mask": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    return x, 1.0
''', "[z > 0] is missing"),
    "neuron_w_instead_of_x": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w @ x + b
    if z > 0:
        return w, 1.0
    return np.zeros_like(w), 0.0
''', "dz/dw = x"),
    "neuron_mask_from_x": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w @ x + b
    return x * (x > 0), float(z > 0)
''', "not from the entries of x"),
    "neuron_db_always_one": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    z = w @ x + b
    return x * (z > 0), 1.0
''', '[z > 0] is missing'),
    "neuron_relu_not_derivative": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    a = max(w @ x + b, 0.0)
    return a * x, a
''', 'not ReLU(z) itself'),
    "neuron_mask_without_bias": ("neuron_jacobians", '''
def neuron_jacobians(w, x, b):
    if w @ x > 0:
        return x.copy(), 1.0
    return np.zeros_like(x), 0.0
''', 'the bias b counts'),
    # ------------------------------------------------------------ grad_quadratic_form
    "quadratic_symmetric_assumption": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    return 2 * A @ x, np.outer(x, x)
''', "A + A^T"),
    "quadratic_one_term": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    return A @ x, np.outer(x, x)
''', "only one of the two"),
    "quadratic_dot_not_outer": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    return (A + A.T) @ x, x @ x.T
''', "np.outer"),
    "quadratic_dA_factor_two": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    return (A + A.T) @ x, 2 * np.outer(x, x)
''', "factor 2"),
    "quadratic_dA_times_A": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    return (A + A.T) @ x, np.outer(x, x) @ A
''', 'without A in it'),
    "quadratic_symmetric_transposed": ("grad_quadratic_form", '''
def grad_quadratic_form(x, A):
    return 2 * A.T @ x, np.outer(x, x)
''', '2 A^T x holds only'),
    # ------------------------------------------------------------ matmul_backward
    "matmul_dW_transposed": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    return X @ dY.T, W.T @ dY
''', "transpose"),
    "matmul_averaged": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    m = X.shape[1]
    return dY @ X.T / m, W.T @ dY
''', "1/m"),
    "matmul_dX_transposed": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    return dY @ X.T, dY.T @ W
''', "transpose"),
    "matmul_Xt_dY": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    return X.T @ dY, W.T @ dY
''', "do not fit"),
    "matmul_swapped_outputs": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    dX = W.T @ dY
    dW = dY @ X.T
    return dX, dW
''', 'swapped'),
    "matmul_outer_from_visible": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    return np.outer(dY, X), W.T @ dY
''', 'expected shape (4, 3)'),
    "matmul_dX_summed_over_batch": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    return dY @ X.T, W.T @ dY.sum(axis=1, keepdims=True)
''', 'summed over axis 1'),
    # ------------------------------------------------------------ full_jacobian_wrt_W
    "full_no_delta": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n))
    for i in range(p):
        for a in range(p):
            J[i, :, a, :] = X.T
    return J
''', "only on row i"),
    "full_input_axes_first": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, n, p, m))
    for a in range(p):
        J[a, :, a, :] = X
    return J
''', "numerator layout"),
    "full_kron_wrong_order": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    return np.kron(X.T, np.eye(p)).reshape(p, m, p, n)
''', "Kronecker factors"),
    "full_W_instead_of_X": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n))
    for i in range(p):
        for c in range(m):
            J[i, c, i, :] = W[i, :]
    return J
''', 'W itself does not appear'),
    "full_axes_p_p_m_n": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p = W.shape[0]
    return np.einsum("ia,bc->iacb", np.eye(p), X)
''', 'expected shape (3, 2, 3, 4)'),
    "full_only_first_column": ("full_jacobian_wrt_W", '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n))
    for i in range(p):
        J[i, 0, i, :] = X[:, 0]
    return J
''', 'entries are zero where nonzero values are expected'),
    # ------------------------------------------------------------ softmax_vjp
    "softmax_missing_outer_term": ("softmax_vjp", '''
def softmax_vjp(s, v):
    return s * v
''', "-s (s^T v)"),
    "softmax_diagonal_only": ("softmax_vjp", '''
def softmax_vjp(s, v):
    return s * (1 - s) * v
''', "only the diagonal"),
    "softmax_sign_flipped": ("softmax_vjp", '''
def softmax_vjp(s, v):
    return s * v + s * np.dot(s, v)
''', "sign"),
    "softmax_plain_sum": ("softmax_vjp", '''
def softmax_vjp(s, v):
    return s * (v - v.sum())
''', "weighted sum"),
    "softmax_scalar_sTs": ("softmax_vjp", '''
def softmax_vjp(s, v):
    J = np.diag(s) - s @ s
    return J.T @ v
''', 'not the number s^T s'),
    "softmax_missing_s_factor": ("softmax_vjp", '''
def softmax_vjp(s, v):
    return v - np.dot(s, v)
''', 'factor s_i in front is missing'),
    # ---- what every call must keep (checked by the judge on every call: autograder/properties.py)
    "matmul_float32_weights_mixed": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    return dY @ X.T, W.T.astype(np.float32) @ dY  # a float32 copy of W "to save memory"
''', "below float32's precision"),
    "matmul_float32": ("matmul_backward", '''
def matmul_backward(dY, W, X):
    dY32, W32, X32 = dY.astype(np.float32), W.astype(np.float32), X.astype(np.float32)
    return dY32 @ X32.T, W32.T @ dY32
''', "returned float32 values for float64 inputs"),
}

ALTERNATIVES = {
    "numerical_jacobian_basis_vectors": {"numerical_jacobian": '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.asarray(x, dtype=np.float64)
    basis = np.eye(len(x))
    return np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in basis]).T
'''},
    "numerical_jacobian_restores_copy": {"numerical_jacobian": '''
def numerical_jacobian(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    m = np.size(f(x))
    J = np.empty((m, x.size))
    for j in range(x.size):
        old = x[j]
        x[j] = old + h
        up = np.array(f(x), dtype=float)
        x[j] = old - h
        down = np.array(f(x), dtype=float)
        x[j] = old
        J[:, j] = (up - down) / (2 * h)
    return J
'''},
    "jacobian_f_rows_of_gradients": {"jacobian_f_example": '''
def jacobian_f_example(x, y):
    grad_f1 = [2, 3 * y * y]
    grad_f2 = [-13, np.exp(y)]
    return np.vstack([grad_f1, grad_f2]).astype(float)
'''},
    "chain_simplified_by_hand": {"jacobian_chain_example": '''
def jacobian_chain_example(x, y):
    c = np.cos(x ** 2 + y)
    return np.array([[2 * x * c, c], [0.0, 3.0 / y]])
'''},
    "chain_with_np_dot": {"jacobian_chain_example": '''
def jacobian_chain_example(x, y):
    g = np.array([x ** 2 + y, y ** 3])
    outer = np.diag([np.cos(g[0]), 1 / g[1]])
    inner = np.array([[2 * x, 1.0], [0.0, 3 * y ** 2]])
    return np.dot(outer, inner)
'''},
    "hadamard_eye_broadcast": {"jacobian_hadamard": '''
def jacobian_hadamard(v, w):
    I = np.eye(len(v))
    return I * w[:, None], I * v[:, None]
'''},
    "neuron_where": {"neuron_jacobians": '''
def neuron_jacobians(w, x, b):
    z = np.dot(w, x) + b
    mask = np.where(z > 0, 1.0, 0.0)
    return mask * x, mask
'''},
    "quadratic_einsum": {"grad_quadratic_form": '''
def grad_quadratic_form(x, A):
    return A @ x + A.T @ x, np.einsum("i,j->ij", x, x)
'''},
    "quadratic_column_vectors": {"grad_quadratic_form": '''
def grad_quadratic_form(x, A):
    col = x.reshape(-1, 1)
    return ((A + A.T) @ col).ravel(), col @ col.T
'''},
    "matmul_einsum": {"matmul_backward": '''
def matmul_backward(dY, W, X):
    return np.einsum("pm,nm->pn", dY, X), np.einsum("pn,pm->nm", W, dY)
'''},
    "full_jacobian_kron": {"full_jacobian_wrt_W": '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    return np.kron(np.eye(p), X.T).reshape(p, m, p, n)
'''},
    "full_jacobian_loops": {"full_jacobian_wrt_W": '''
def full_jacobian_wrt_W(W, X):
    p, n = W.shape
    m = X.shape[1]
    J = np.zeros((p, m, p, n))
    for i in range(p):
        for c in range(m):
            for b in range(n):
                J[i, c, i, b] = X[b, c]
    return J
'''},
    "softmax_builds_jacobian": {"softmax_vjp": '''
def softmax_vjp(s, v):
    J = np.diag(s) - np.outer(s, s)
    return J.T @ v
'''},
    "softmax_expanded": {"softmax_vjp": '''
def softmax_vjp(s, v):
    return s * v - s * np.sum(s * v)
'''},
    "neuron_heaviside": {"neuron_jacobians": '''
def neuron_jacobians(w, x, b):
    relu_prime = np.heaviside(np.dot(w, x) + b, 0.0)
    return relu_prime * x, float(relu_prime)
'''},
    "softmax_vjp_loops": {"softmax_vjp": '''
def softmax_vjp(s, v):
    n = len(s)
    out = np.zeros(n)
    for j in range(n):
        for i in range(n):
            J_ij = s[i] * ((i == j) - s[j])
            out[j] += J_ij * v[i]
    return out
'''},
}
