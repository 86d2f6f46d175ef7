"""Second held-out part for notebook 1 (01_chain_rule): wrong answers with their categories and correct alternatives.

Written from the exercise statements alone, by someone who saw neither the hidden tests nor the diagnosis engine,
before the work it measures. Never tune a hidden test or a diagnosis to these entries: they measure, they do not steer.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    "heldout_r2_cd_float32_points": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=np.float32)  # "points are small numbers, float32 is enough"
    return (f(x + h) - f(x - h)) / (2 * h)
''', "dtype", "casts the points to float32 before stepping: float32 results, and x + h rounds the step badly"),
    "heldout_r2_cd_relative_step": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    step = h * np.maximum(np.abs(x), 1.0)  # scaled step, as numerical-analysis texts recommend
    out = (f(x + step) - f(x - step)) / (2 * step)
    return out if out.ndim else float(out)
''', "other", "scales the step with |x| (a relative step) instead of using the given h"),
    "heldout_r2_cd_five_point": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    # the more accurate five-point stencil
    return (f(x - 2 * h) - 8 * f(x - h) + 8 * f(x + h) - f(x + 2 * h)) / (12 * h)
''', "extra_term", "uses the five-point stencil (extra f(x +- 2h) terms) instead of the stated central difference"),
    "heldout_r2_gd_appends_alias": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    iterates = [x.copy()]
    for _ in range(n_steps):
        x -= alpha * df(x)
        iterates.append(x)
    return np.array(iterates)
''', "other", "appends the same array it updates in place: every row after x0 equals the last iterate"),
    "heldout_r2_gd_dtype_of_x0": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x0 = np.asarray(x0)
    xs = np.zeros((n_steps + 1,) + x0.shape, dtype=x0.dtype)
    xs[0] = x0
    for k in range(n_steps):
        xs[k + 1] = xs[k] - alpha * df(xs[k])
    return xs
''', "dtype", "allocates the iterates with x0's dtype: an integer x0 truncates every iterate to an integer"),
    "heldout_r2_gd_momentum": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    velocity = np.zeros_like(x)
    xs = [x.copy()]
    for _ in range(n_steps):
        velocity = 0.9 * velocity - alpha * df(x)
        x = x + velocity
        xs.append(x.copy())
    return np.array(xs)
''', "extra_term", "adds a momentum term (0.9 times the previous step) to the plain update"),
    "heldout_r2_gd_iterates_as_columns": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    iterates = [x]
    for _ in range(n_steps):
        x = x - alpha * df(x)
        iterates.append(x)
    return np.stack(iterates, axis=-1)   # one column per iterate
''', "transpose", "stacks the iterates along the last axis: a vector run comes back S + (n_steps + 1,) instead of (n_steps + 1,) + S"),
    "heldout_r2_rate_two_over_a": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    # the "alpha < 2 / curvature" rule, with the curvature taken as a
    return 2.0 / a
''', "constant_factor", "applies the 2/L rule with L = a instead of the curvature 2a: twice the supremum"),
    "heldout_r2_rate_float32": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return np.float32(1.0) / np.float32(a)
''', "dtype", "computes 1/a in float32: a float32 result with about 7 correct digits"),
    "heldout_r2_forward_float32_values": ("chain_forward", '''
def chain_forward(x, functions):
    values = [np.float32(x)]
    for f in functions:
        values.append(np.float32(f(values[-1])))
    return values
''', "dtype", "stores every value as float32 to save memory: float32 values, rounded at every step"),
    "heldout_r2_backward_memoised_locals": ("chain_backward", '''
_local = {}

def chain_backward(values, derivatives):
    n = len(derivatives)
    grads = [1.0] * (n + 1)
    for k in range(n - 1, -1, -1):
        if k not in _local:  # each local derivative is computed only once
            _local[k] = derivatives[k](values[k])
        grads[k] = grads[k + 1] * _local[k]
    return grads
''', "stateful", "memoises the local derivatives by position in a module-level dict: later calls reuse the first call's"),
    "heldout_r2_backward_derivative_index_shifted": ("chain_backward", '''
def chain_backward(values, derivatives):
    n = len(derivatives)
    grads = [1.0] * (n + 1)
    for k in range(n - 1, -1, -1):
        grads[k] = grads[k + 1] * derivatives[k - 1](values[k])   # f_k is derivatives[k - 1]
    return grads
''', "shifted", "indexes the derivatives with the 1-based f_k numbering (derivatives[k - 1]): each local derivative is the previous function's, and index -1 wraps to f_n"),
    "heldout_r2_backward_seeded_with_y": ("chain_backward", '''
def chain_backward(values, derivatives):
    n = len(derivatives)
    grads = [0.0] * (n + 1)
    grads[n] = values[-1]  # start from the output
    for k in range(n - 1, -1, -1):
        grads[k] = grads[k + 1] * derivatives[k](values[k])
    return grads
''', "extra_term", "seeds the backward pass with the output value y instead of dy/dy = 1: every entry has an extra factor y"),
    "heldout_r2_total_row_times_column": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    g = grad_f(x_of_t(t)).reshape(1, -1)   # a row
    v = dx_dt(t).reshape(-1, 1)            # a column
    return g @ v
''', "transpose", "writes the row-times-column product with 2-D reshapes: returns a (1, 1) array instead of a float"),
    "heldout_r2_total_gradient_at_velocity": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    v = dx_dt(t)
    return float(np.dot(grad_f(v), v))
''', "other", "evaluates the gradient at dx/dt instead of at the point x(t)"),
    "heldout_r2_nf_row_vector_loss": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    z = x.reshape(1, -1) @ w + b      # x^T w with x as a row
    y_hat = 1.0 / (1.0 + np.exp(-z))
    loss = 0.5 * (y_hat - y) ** 2
    return loss, (x, w, y_hat.item(), y)
''', "transpose", "writes x^T as a (1, n) row: z, y_hat and the loss are arrays of shape (1,) instead of floats"),
    "heldout_r2_nf_bias_after_activation": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = 1.0 / (1.0 + np.exp(-(x @ w))) + b
    loss = 0.5 * (y_hat - y) ** 2
    return float(loss), (x, w, y_hat, y)
''', "other", "adds the bias after the sigmoid: y_hat = sigmoid(x^T w) + b"),
    "heldout_r2_nf_cross_entropy": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = 1.0 / (1.0 + np.exp(-(x @ w + b)))
    loss = -(y * np.log(y_hat) + (1 - y) * np.log(1 - y_hat))
    return float(loss), (x, w, y_hat, y)
''', "other", "uses the binary cross-entropy of a sigmoid neuron instead of the stated squared error"),
    "heldout_r2_nb_sigma_prime_of_output": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    s = 1.0 / (1.0 + np.exp(-y_hat))
    dz = (y_hat - y) * s * (1 - s)   # sigma'(.) applied to the stored activation
    return dz * w, dz * x, float(dz)
''', "other", "evaluates sigma' at the stored output y_hat instead of at z (sigma(y_hat)(1 - sigma(y_hat)))"),
    "heldout_r2_nb_error_without_target": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = y_hat * y_hat * (1 - y_hat)
    return dz * w, dz * x, float(dz)
''', "missing_term", "takes dL/dy_hat as y_hat, leaving out the - y of the error"),
}

ALTERNATIVES = {
    "heldout_r2_cd_half_over_h": {"central_difference": '''
def central_difference(f, x, h=1e-5):
    upper = f(x + h)
    lower = f(x - h)
    return np.subtract(upper, lower) / (h + h)
'''},
    "heldout_r2_gd_preallocated_loop": {"gradient_descent": '''
def gradient_descent(df, x0, alpha, n_steps):
    xs = np.empty((n_steps + 1,) + np.shape(x0), dtype=np.float64)
    xs[0] = x0
    for k in range(1, n_steps + 1):
        previous = xs[k - 1].copy()
        xs[k] = previous - alpha * np.asarray(df(previous), dtype=np.float64)
    return xs
''', "largest_stable_learning_rate": '''
def largest_stable_learning_rate(a):
    # |1 - 2 a alpha| < 1  <=>  0 < alpha < 2 / (2 a)
    return float(2.0 / (2.0 * a))
'''},
    "heldout_r2_chain_accumulate_cumprod": {"chain_forward": '''
import itertools

def chain_forward(x, functions):
    return list(itertools.accumulate(functions, lambda u, f: f(u), initial=x))
''', "chain_backward": '''
def chain_backward(values, derivatives):
    local = [d(v) for d, v in zip(derivatives, values[:-1])]
    if not local:
        return [1.0]
    suffix = np.cumprod(np.array(local[::-1], dtype=float))[::-1]
    return [float(g) for g in suffix] + [1.0]
'''},
    "heldout_r2_neuron_dict_cache_einsum": {"neuron_forward": '''
def neuron_forward(x, w, b, y):
    z = float(np.einsum("i,i->", x, w)) + b
    y_hat = sigmoid(z)
    cache = {"x": x.copy(), "w": w.copy(), "z": z, "y_hat": y_hat, "y": y}
    return float(0.5 * (y_hat - y) ** 2), cache
''', "neuron_backward": '''
def neuron_backward(cache):
    y_hat = cache["y_hat"]
    dz = (y_hat - cache["y"]) * y_hat * (1.0 - y_hat)
    return dz * cache["w"], dz * cache["x"], float(dz)
''', "total_derivative": '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    total = 0.0
    for g_i, v_i in zip(grad_f(x_of_t(t)), dx_dt(t)):
        total += g_i * v_i
    return float(total)
'''},
}
