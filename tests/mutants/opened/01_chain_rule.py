"""The first held-out part for notebook 1 (01_chain_rule), opened for development.

Written from the exercise texts before the diagnosis work they measured (until 2026-12-01), as students write them.
Opened once a second held-out part (tests/mutants/heldout/) was written: hidden tests and diagnoses may now be
improved with these entries in view, so their figures are no longer held-out ones.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ------------------------------------------------------------ central_difference
    "heldout_cd_shifts_x_in_place": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    x += h
    up = f(x)
    x -= 2 * h
    down = f(x)
    return (up - down) / (2 * h)
''', "mutates_input", "shifts x in place with += and -= to save copies: the caller's array ends up at x - h"),
    "heldout_cd_flattened": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    x = np.ravel(x)
    return (f(x + h) - f(x - h)) / (2 * h)
''', "transpose", "ravels x first: a 2-D array of points comes back flat, a float comes back as shape (1,)"),
    "heldout_cd_zeros_like_buffer": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    out = np.zeros_like(x)
    out[...] = (f(x + h) - f(x - h)) / (2 * h)
    return out
''', "dtype", "fills a zeros_like(x) buffer: for integer points (x = 3 or np.arange(4)) the estimates are truncated to ints"),
    "heldout_cd_half_steps": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h / 2) - f(x - h / 2)) / h
''', "other", "steps h/2 to each side (total width h) instead of the given h to each side: a different estimate for large h"),
    # ------------------------------------------------------------ gradient_descent
    "heldout_gd_float32_buffer": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    out = np.zeros((n_steps + 1,) + np.shape(x0), dtype=np.float32)
    out[0] = x0
    for k in range(n_steps):
        out[k + 1] = out[k] - alpha * df(out[k])
    return out
''', "dtype", "preallocates a float32 buffer: long diverging runs overflow to inf, tiny x0 underflow to 0, rounding ~1e-7"),
    "heldout_gd_one_step_too_many": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    xs = [x]
    for _ in range(n_steps + 1):
        x = x - alpha * df(x)
        xs.append(x)
    return np.array(xs)
''', "shifted", "loops n_steps + 1 times after storing x0: returns n_steps + 2 iterates"),
    "heldout_gd_lecture_gradient": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    xs = [x]
    for _ in range(n_steps):
        x = x - alpha * 4 * x
        xs.append(x)
    return np.array(xs)
''', "stateful", "hard-codes the lecture's gradient 4x instead of calling df"),
    "heldout_gd_updates_callers_x0": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.asarray(x0, dtype=float)
    out = np.empty((n_steps + 1,) + x.shape)
    out[0] = x
    for k in range(n_steps):
        x -= alpha * df(x)
        out[k + 1] = x
    return out
''', "mutates_input", "asarray does not copy a float array and x -= ... updates it: the caller's x0 ends at the last iterate"),
    "heldout_gd_hstack": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    xs = [x]
    for _ in range(n_steps):
        x = x - alpha * df(x)
        xs.append(x)
    return np.hstack(xs)
''', "transpose", "joins the iterates with np.hstack: right for a float x0, but a vector run is flattened to one long row"),
    "heldout_gd_stops_when_converged": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    xs = [x]
    for _ in range(n_steps):
        x_new = x - alpha * df(x)
        if np.allclose(x_new, x):
            break
        x = x_new
        xs.append(x)
    return np.array(xs)
''', "other", "stops early once the iterates stop moving: fewer than n_steps + 1 rows (e.g. x0 at the minimum)"),
    "heldout_gd_gradient_at_start": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    g = df(x)
    xs = [x]
    for _ in range(n_steps):
        x = x - alpha * g
        xs.append(x)
    return np.array(xs)
''', "other", "computes the gradient once at x0 and reuses it every step: straight line instead of descent"),
    # ------------------------------------------------------------ largest_stable_learning_rate
    "heldout_rate_just_below": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    # at alpha = 1/a the iterates only oscillate, so take a little less
    return 1 / a - 1e-6
''', "other", "returns a value just below 1/a (the largest converging one, it thinks) instead of the supremum 1/a"),
    "heldout_rate_grid_search": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    alphas = np.linspace(0, 2, 2001)
    stable = [alpha for alpha in alphas if abs(1 - 2 * a * alpha) <= 1]
    return float(max(stable))
''', "partly_right", "searches a grid 0..2 in steps 0.001: right only when 1/a is a grid point (a = 2, 1, 4), wrong for a = 3 or a < 0.5"),
    # ------------------------------------------------------------ chain_forward
    "heldout_forward_pops_functions": ("chain_forward", '''
def chain_forward(x, functions):
    values = [x]
    while functions:
        f = functions.pop(0)
        values.append(f(values[-1]))
    return values
''', "mutates_input", "pops the functions off the caller's list: the list is empty afterwards"),
    "heldout_forward_global_values": ("chain_forward", '''
values = []

def chain_forward(x, functions):
    values.append(x)
    for f in functions:
        values.append(f(values[-1]))
    return values
''', "stateful", "appends to a module-level list: the second call returns the first call's values too"),
    "heldout_forward_skips_first_function": ("chain_forward", '''
def chain_forward(x, functions):
    values = [x]
    for i in range(1, len(functions)):
        values.append(functions[i](values[-1]))
    return values
''', "shifted", "loops from index 1 (the f_1 numbering): f_1 is never applied and the list is one short"),
    "heldout_forward_late_binding": ("chain_forward", '''
def chain_forward(x, functions):
    values = [x]
    composed = lambda u: u
    for f in functions:
        composed = lambda u, g=composed: f(g(u))
        values.append(composed(x))
    return values
''', "other", "builds compositions with lambdas that look f up late: u_k applies f_k k times instead of f_1 ... f_k"),
    # ------------------------------------------------------------ chain_backward
    "heldout_backward_stops_before_input": ("chain_backward", '''
def chain_backward(values, derivatives):
    grads = [1.0]
    for k in range(len(derivatives) - 1, 0, -1):
        grads.append(grads[-1] * derivatives[k](values[k]))
    return grads[::-1]
''', "shifted", "range(n - 1, 0, -1) stops one early: dy/dx is missing, list one short"),
    "heldout_backward_reverses_callers_lists": ("chain_backward", '''
def chain_backward(values, derivatives):
    values.reverse()
    derivatives.reverse()
    grads = [1.0]
    for d, v in zip(derivatives, values[1:]):
        grads.append(grads[-1] * d(v))
    grads.reverse()
    return grads
''', "mutates_input", "reverses the caller's values and derivatives lists in place (result right, caller's lists reversed)"),
    "heldout_backward_four_functions": ("chain_backward", '''
def chain_backward(values, derivatives):
    grads = [0.0, 0.0, 0.0, 0.0, 1.0]
    for k in (3, 2, 1, 0):
        grads[k] = grads[k + 1] * derivatives[k](values[k])
    return grads
''', "stateful", "hard-codes the lecture's chain of four functions: any other length fails"),
    "heldout_backward_log_products": ("chain_backward", '''
def chain_backward(values, derivatives):
    logs = [np.log(d(v)) for d, v in zip(derivatives, values[:-1])]
    tail = np.cumsum(logs[::-1])[::-1]
    return [float(np.exp(s)) for s in tail] + [1.0]
''', "stability", "multiplies via exp(sum of logs) to avoid overflow: the log of a negative local derivative (cos, -u) is nan"),
    # ------------------------------------------------------------ total_derivative
    "heldout_total_outer_sum": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return float(np.sum(np.outer(grad_f(x_of_t(t)), dx_dt(t))))
''', "extra_term", "sums the whole outer product: adds the cross terms df/dx_i * dx_j/dt for i != j"),
    "heldout_total_skips_last_path": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    g, v = grad_f(x_of_t(t)), dx_dt(t)
    total = 0.0
    for i in range(len(g) - 1):
        total += g[i] * v[i]
    return total
''', "shifted", "loops over range(n - 1): the last path is left out"),
    "heldout_total_circle_hard_coded": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    x = np.array([np.cos(t), np.sin(t)])
    v = np.array([-np.sin(t), np.cos(t)])
    return float(np.dot(grad_f(x), v))
''', "stateful", "hard-codes the visible example's x(t) = (cos t, sin t) instead of calling x_of_t and dx_dt"),
    "heldout_total_mean": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return float(np.mean(grad_f(x_of_t(t)) * dx_dt(t)))
''', "constant_factor", "averages the path contributions instead of adding them: off by 1/n"),
    "heldout_total_in_place_product": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    g = grad_f(x_of_t(t))
    g *= dx_dt(t)
    return float(g.sum())
''', "mutates_input", "multiplies the gradient array in place: a grad_f that returns a stored array (linear f) is corrupted"),
    "heldout_total_times_x": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    x = x_of_t(t)
    return float(np.dot(grad_f(x), x))
''', "other", "multiplies the gradient by x(t) instead of dx/dt"),
    # ------------------------------------------------------------ neuron_forward
    "heldout_nf_overflowing_sigmoid": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    z = float(x @ w + b)
    y_hat = np.exp(z) / (1 + np.exp(z))
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', "stability", "writes sigmoid as e^z / (1 + e^z): inf / inf = nan for large positive z (z = 800)"),
    "heldout_nf_product_in_place": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    xw = x
    xw *= w
    z = xw.sum() + b
    y_hat = sigmoid(z)
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', "mutates_input", "forms x * w in place in an alias of x: the caller's x (and the cached x) become x * w"),
    "heldout_nf_shared_cache": ("neuron_forward", '''
_cache = [None, None, None, None]

def neuron_forward(x, w, b, y):
    z = float(x @ w + b)
    y_hat = sigmoid(z)
    _cache[:] = [x, w, y_hat, y]
    return 0.5 * (y_hat - y) ** 2, _cache
''', "stateful", "returns one module-level cache list: a second forward call overwrites the first call's cache"),
    "heldout_nf_no_activation": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = float(x @ w + b)
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', "missing_term", "leaves out the sigmoid: y_hat = x^T w + b"),
    "heldout_nf_mean_for_dot": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    z = np.mean(x * w) + b
    y_hat = sigmoid(z)
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', "constant_factor", "computes x^T w as np.mean(x * w): z's weighted sum is off by 1/n"),
    # ------------------------------------------------------------ neuron_backward
    "heldout_nb_recomputes_z_without_bias": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    s = sigmoid(x @ w)
    dz = (y_hat - y) * s * (1 - s)
    return dz * w, dz * x, float(dz)
''', "missing_term", "recomputes sigma'(z) from z = x @ w, without the bias b: wrong whenever b != 0"),
    "heldout_nb_half_sigma_prime": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y_hat - y) * (1 - y_hat)
    return dz * w, dz * x, float(dz)
''', "missing_term", "sigma'(z) written as (1 - y_hat): the factor y_hat is left out"),
    "heldout_nb_db_summed": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y_hat - y) * y_hat * (1 - y_hat) * np.ones_like(x)
    return dz * w, dz * x, float(np.sum(dz))
''', "constant_factor", "broadcasts dL/dz to the shape of x and sums it for db: db is n times too large"),
    "heldout_nb_dx_copy_paste": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y_hat - y) * y_hat * (1 - y_hat)
    dw = dz * x
    dx = dz * x
    return dx, dw, float(dz)
''', "other", "copy-pastes the dw line for dx: dL/dx = dL/dz * x instead of dL/dz * w (dw right)"),
    "heldout_nb_target_in_sigma_prime": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y_hat - y) * y_hat * (1 - y)
    return dz * w, dz * x, float(dz)
''', "other", "writes sigma'(z) as y_hat * (1 - y), with the target y for y_hat"),
}

ALTERNATIVES = {
    "heldout_cd_point_by_point": {"central_difference": '''
def central_difference(f, x, h=1e-5):
    points = np.asarray(x, dtype=float)
    out = np.empty(points.shape)
    for idx in np.ndindex(points.shape):
        out[idx] = (f(points[idx] + h) - f(points[idx] - h)) / (2 * h)
    return float(out) if out.ndim == 0 else out
'''},
    "heldout_gd_accumulate": {"gradient_descent": '''
from itertools import accumulate

def gradient_descent(df, x0, alpha, n_steps):
    def step(x, _):
        return x - alpha * df(x)
    iterates = accumulate(range(n_steps), step, initial=np.array(x0, dtype=float))
    return np.array(list(iterates))
'''},
    "heldout_rate_bisection": {"largest_stable_learning_rate": '''
def largest_stable_learning_rate(a):
    def converges(alpha):
        return abs(1 - 2 * a * alpha) < 1
    lo, hi = 0.0, 1.0
    while converges(hi):
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        if converges(mid):
            lo = mid
        else:
            hi = mid
    return hi
'''},
    "heldout_forward_recursive": {"chain_forward": '''
def chain_forward(x, functions):
    if not functions:
        return [x]
    return [x] + chain_forward(functions[0](x), functions[1:])
'''},
    "heldout_backward_recursive": {"chain_backward": '''
def chain_backward(values, derivatives):
    if not derivatives:
        return [1.0]
    rest = chain_backward(values[1:], derivatives[1:])
    return [derivatives[0](values[0]) * rest[0]] + rest
'''},
    "heldout_total_einsum": {"total_derivative": '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return float(np.einsum("i,i->", grad_f(x_of_t(t)), dx_dt(t)))
'''},
    "heldout_neuron_ufuncs_and_stack": {"neuron_forward": '''
def neuron_forward(x, w, b, y):
    z = np.dot(w, x) + b
    y_hat = np.reciprocal(1.0 + np.exp(-z))
    loss = np.square(y_hat - y) / 2
    return float(loss), (x, w, y_hat, y)
''', "neuron_backward": '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y_hat - y) * y_hat * (1.0 - y_hat)
    grads = dz * np.stack([w, x])
    return grads[0], grads[1], float(dz)
'''},
}
