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
    "cd_missing_parentheses": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / 2 * h
''', '/ (2 * h)'),
    "cd_reversed_difference": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    return (f(x - h) - f(x + h)) / (2 * h)
''', 'sign is flipped'),
    "cd_scalars_only": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    x = float(x)
    return (f(x + h) - f(x - h)) / (2 * h)
''', "use numpy's functions"),
    "cd_int_buffer": ("central_difference", '''
def central_difference(f, x, h=1e-5):
    estimate = np.empty_like(x)  # an int x gives an int buffer: the estimates are truncated
    np.copyto(estimate, (f(x + h) - f(x - h)) / (2 * h), casting="unsafe")
    return estimate
''', "the same whole numbers as an int64 array"),
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
''', "x0 is missing"),
    "gd_plus_sign": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    xs = [np.asarray(x0, dtype=float)]
    for _ in range(n_steps):
        xs.append(xs[-1] + alpha * df(xs[-1]))
    return np.array(xs)
''', "uphill"),
    "gd_no_learning_rate": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    xs = [x]
    for _ in range(n_steps):
        x = x - df(x)
        xs.append(x)
    return np.array(xs)
''', 'learning rate alpha is missing'),
    "gd_missing_last_iterate": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    xs = []
    x = np.array(x0, dtype=float)
    for _ in range(n_steps):
        xs.append(x)
        x = x - alpha * df(x)
    return np.array(xs)
''', 'last iterate is missing'),
    "gd_returns_list": ("gradient_descent", '''
def gradient_descent(df, x0, alpha, n_steps):
    x = np.array(x0, dtype=float)
    xs = [x]
    for _ in range(n_steps):
        x = x - alpha * df(x)
        xs.append(x)
    return xs
''', 'not a list'),
    "stable_rate_half_quadratic": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return 2 / a
''', "a x^2 / 2"),
    "stable_rate_hard_coded": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return 0.5
''', "visible test"),
    "stable_rate_fastest": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return 1 / (2 * a)
''', "fastest"),
    "stable_rate_not_reciprocal": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return a
''', 'not its reciprocal'),
    "stable_rate_array": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    return np.array([1 / a])
''', 'single number'),
    "stable_rate_negative": ("largest_stable_learning_rate", '''
def largest_stable_learning_rate(a):
    # 1 - 2 a alpha > -1 ... solved for alpha with the wrong sign
    return -1 / a
''', 'sign is flipped'),
    "forward_skips_input": ("chain_forward", '''
def chain_forward(x, functions):
    values = []
    for f in functions:
        x = f(x)
        values.append(x)
    return values
''', "input x is missing"),
    "forward_reversed_order": ("chain_forward", '''
def chain_forward(x, functions):
    values = [x]
    for f in reversed(functions):
        values.append(f(values[-1]))
    return values
''', "reverse order"),
    "forward_each_from_x": ("chain_forward", '''
def chain_forward(x, functions):
    values = [x]
    for f in functions:
        values.append(f(x))
    return values
''', 'previous value'),
    "forward_returns_only_output": ("chain_forward", '''
def chain_forward(x, functions):
    for f in functions:
        x = f(x)
    return x
''', 'only the output y'),
    "forward_drops_output": ("chain_forward", '''
def chain_forward(x, functions):
    values = []
    for f in functions:
        values.append(x)
        x = f(x)
    return values
''', 'last value y is missing'),
    "forward_first_function_unrolled": ("chain_forward", '''
def chain_forward(x, functions):
    values = [x, functions[0](x)]
    for f in functions[1:]:
        values.append(f(values[-1]))
    return values
''', 'raised IndexError'),
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
    "backward_missing_seed": ("chain_backward", '''
def chain_backward(values, derivatives):
    grads = []
    g = 1.0
    for k in reversed(range(len(derivatives))):
        g = g * derivatives[k](values[k])
        grads.append(g)
    return grads[::-1]
''', 'dy/dy = 1 is missing'),
    "backward_products_from_input": ("chain_backward", '''
def chain_backward(values, derivatives):
    grads = [1.0]
    for k in range(len(derivatives)):
        grads.append(grads[-1] * derivatives[k](values[k]))
    return grads[::-1]
''', 'products start from the input'),
    "backward_added": ("chain_backward", '''
def chain_backward(values, derivatives):
    grads = [1.0]
    for k in reversed(range(len(derivatives))):
        grads.append(grads[-1] + derivatives[k](values[k]))
    return grads[::-1]
''', 'you added them'),
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
''', "sums them"),
    "total_not_summed": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return grad_f(x_of_t(t)) * dx_dt(t)
''', 'not summed'),
    "total_missing_inner_factor": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return float(np.sum(grad_f(x_of_t(t))))
''', 'dx_i/dt of the inner function'),
    "total_two_paths_hard_coded": ("total_derivative", '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    g, v = grad_f(x_of_t(t)), dx_dt(t)
    return float(g[0] * v[0] + g[1] * v[1])
''', 'first two paths'),
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
    "forward_sigmoid_sign": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = 1 / (1 + np.exp(x @ w + b))
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', 'minus sign'),
    "forward_elementwise_product": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = sigmoid(x * w + b)
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', 'dot product'),
    "forward_returns_prediction": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    y_hat = sigmoid(np.dot(x, w) + b)
    loss = 0.5 * (y_hat - y) ** 2
    return y_hat, (x, w, y_hat, y)
''', 'instead of the loss'),
    "forward_two_inputs_hard_coded": ("neuron_forward", '''
def neuron_forward(x, w, b, y):
    z = x[0] * w[0] + x[1] * w[1] + b
    y_hat = sigmoid(z)
    return 0.5 * (y_hat - y) ** 2, (x, w, y_hat, y)
''', 'first two inputs'),
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
    "backward_missing_error": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = y_hat * (1 - y_hat)
    return dz * w, dz * x, float(dz)
''', 'y_hat - y is missing'),
    "backward_sigmoid_twice": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    s = sigmoid(y_hat)
    dz = (y_hat - y) * s * (1 - s)
    return dz * w, dz * x, float(dz)
''', 'applied sigmoid to y_hat once more'),
    "backward_factor_two": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = 2 * (y_hat - y) * y_hat * (1 - y_hat)
    return dz * w, dz * x, float(dz)
''', 'factor 2'),
    "backward_in_place": ("neuron_backward", '''
def neuron_backward(cache):
    x, w, y_hat, y = cache
    dz = (y_hat - y) * y_hat * (1 - y_hat)
    dw = x
    dw *= dz
    dx = w
    dx *= dz
    return dx, dw, float(dz)
''', 'in place'),
}

ALTERNATIVES = {
    "central_difference_two_steps": {"central_difference": '''
def central_difference(f, x, h=1e-5):
    plus = f(x + h)
    minus = f(x - h)
    return (plus - minus) / h / 2
'''},
    "central_difference_float_buffer": {"central_difference": '''
def central_difference(f, x, h=1e-5):
    out = np.zeros(np.shape(x))  # float64 whatever x's dtype
    out[...] = (f(x + h) - f(x - h)) / (2 * h)
    return out
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
    "gradient_descent_list_then_array": {"gradient_descent": '''
def gradient_descent(df, x0, alpha, n_steps):
    x = x0
    xs = [x0]
    for step in range(n_steps):
        x = x - alpha * df(x)
        xs.append(x)
    return np.array(xs, dtype=float)
'''},
    "total_derivative_matmul": {"total_derivative": '''
def total_derivative(grad_f, x_of_t, dx_dt, t):
    return grad_f(x_of_t(t)) @ dx_dt(t)
'''},
    "neuron_cache_z": {"neuron_forward": '''
def neuron_forward(x, w, b, y):
    z = np.dot(w, x) + b
    loss = (sigmoid(z) - y) ** 2 / 2
    return loss, (x, w, z, y)
''', "neuron_backward": '''
def neuron_backward(cache):
    x, w, z, y = cache
    s = sigmoid(z)
    dL_dz = (s - y) * s * (1 - s)
    return dL_dz * w, dL_dz * x, dL_dz
'''},
}
