"""Wrong and alternative answers to notebook 1, written as students write them.

MUTANTS: name -> (function's grade_id, code, phrase the feedback must contain or None).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    "forward_difference": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h
''', "forward difference"),
    "central_missing_half": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / h
''', "factor 2"),
    "fixed_step": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    return (f(x + 1e-5) - f(x - 1e-5)) / 2e-5
''', "step h you were given"),
    "gd_in_place": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    xs = [x]
    for _ in range(n_steps):
        x -= alpha * df(x)
        xs.append(x)
    return np.array(xs)
''', "in place"),
    "gd_without_x0": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    xs, x = [], x0
    for _ in range(n_steps + 1):
        x = x - alpha * df(x)
        xs.append(x)
    return np.array(xs)
''', None),
    "gd_plus_sign": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    xs = [np.asarray(x0, dtype=float)]
    for _ in range(n_steps):
        xs.append(xs[-1] + alpha * df(xs[-1]))
    return np.array(xs)
''', None),
    "stable_rate_half_quadratic": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return 2 / a
''', "a x^2 / 2"),
    "stable_rate_hard_coded": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return 0.5
''', None),
    "stable_rate_fastest": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return 1 / (2 * a)
''', "fastest"),
    "forward_skips_input": ("chain_forward", '''
def chain_forward(x, functions):
    values = []
    for f in functions:
        x = f(x)
        values.append(x)
    return values
''', "expected shape"),
    "forward_reversed_order": ("chain_forward", '''
def chain_forward(x, functions):
    values = [x]
    for f in reversed(functions):
        values.append(f(values[-1]))
    return values
''', None),
    "backward_derivative_at_output": ("chain_backward", '''
def chain_backward(values, derivatives):
    grads = [1.0]
    for k in reversed(range(len(derivatives))):
        grads.append(grads[-1] * derivatives[k](values[k + 1]))
    return grads[::-1]
''', "evaluated at the output"),
    "backward_not_multiplied": ("chain_backward", '''
def chain_backward(values, derivatives):
    return [d(v) for d, v in zip(derivatives, values)] + [1.0]
''', "without being multiplied"),
    "backward_wrong_order": ("chain_backward", '''
def chain_backward(values, derivatives):
    grads = [1.0]
    for k in reversed(range(len(derivatives))):
        grads.append(grads[-1] * derivatives[k](values[k]))
    return grads
''', "reverse order"),
    "total_first_path_only": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return float(grad_f(x_of_t(t))[0] * dx_dt(t)[0])
''', "first path"),
    "total_gradient_at_t": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    n = len(x_of_t(t))
    return float(np.dot(grad_f(np.full(n, t)), dx_dt(t)))
''', "evaluated at t"),
    "total_elementwise_product": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return float(np.prod(grad_f(x_of_t(t)) * dx_dt(t)))
''', None),
    "forward_no_half": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = sigmoid(x @ w + b)
    return (y_hat - y) ** 2, (x, w, y_hat, y)
''', "1/2"),
    "forward_no_bias": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = sigmoid(x @ w)
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', "bias"),
    "backward_missing_sigma_prime": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = y_hat - y
    return dz * w, dz * x, float(dz)
''', "sigma'(z) is missing"),
    "backward_swapped_dx_dw": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y_hat - y) * y_hat * (1 - y_hat)
    return dz * x, dz * w, float(dz)
''', "swapped"),
    "backward_sign": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y - y_hat) * y_hat * (1 - y_hat)
    return dz * w, dz * x, float(dz)
''', "sign"),
}

ALTERNATIVES = {
    "central_difference_two_steps": {"central_difference": '''
def central_difference(f, x, h=1e-5):
    plus = f(x + h)
    minus = f(x - h)
    return (plus - minus) / h / 2
'''},
    "gradient_descent_preallocated": {"gradient_descent": '''
def gradient_descent(df, x0, alpha, n_steps):
    x0 = np.asarray(x0, dtype=float)
    out = np.empty((n_steps + 1,) + x0.shape)
    out[0] = x0
    for k in range(n_steps):
        out[k + 1] = out[k] - alpha * df(out[k])
    return out
'''},
    "stable_rate_from_inequality": {"largest_stable_learning_rate": '''
def largest_stable_learning_rate(a):
    # |1 - 2 a alpha| < 1  <=>  alpha < 2 / (2 a)
    return 2 / (2 * a)
'''},
    "chain_forward_functional": {"chain_forward": '''
from itertools import accumulate

def chain_forward(x, functions):
    return list(accumulate(functions, lambda u, f: f(u), initial=x))
'''},
    "chain_backward_prepend": {"chain_backward": '''
def chain_backward(values, derivatives):
    grads = [1.0]
    for f_prime, u in zip(reversed(derivatives), reversed(values[:-1])):
        grads.insert(0, grads[0] * f_prime(u))
    return grads
'''},
    "total_derivative_loop": {"total_derivative": '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    g, v = grad_f(x_of_t(t)), dx_dt(t)
    total = 0.0
    for i in range(len(v)):
        total += g[i] * v[i]
    return total
'''},
    "neuron_cache_dict": {"neuron_forward": '''
def neuron_forward(x, w, b, y):
    z = np.dot(x, w) + b
    a = 1 / (1 + np.exp(-z))
    return ((a - y) ** 2) / 2, {"x": x, "w": w, "a": a, "y": y}
''', "neuron_backward": '''
def neuron_backward(cache):
    a = cache["a"]
    delta = (a - cache["y"]) * a * (1 - a)
    return delta * cache["w"], delta * cache["x"], delta
'''},
}
