"""The first held-out part for notebook 6 (06_saliency), opened for development.

Written from the exercise texts before the diagnosis work they measured (until 2026-12-01), as students write them.
Opened once a second held-out part (tests/mutants/heldout/) was written: hidden tests and diagnoses may now be
improved with these entries in view, so their figures are no longer held-out ones.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ---------------------------------------------------------------- score_gradient
    "heldout_score_hardcoded_mnist_shape": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.zeros_like(scores)
    dscores[c, 0] = 1.0
    return model.backward(dscores, cache).reshape(28, 28, 1)
''', "stateful", "reshapes the gradient to the hard-coded MNIST shape (28, 28, 1) instead of the image's shape"),
    "heldout_score_global_mlp": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = mlp.forward(image[None])
    dscores = np.zeros_like(scores)
    dscores[c, 0] = 1.0
    return mlp.backward(dscores, cache)[0]
''', "stateful", "uses the notebook's global mlp instead of the model argument"),
    "heldout_score_memoised_by_class": ("score_gradient", '''
_gradients = {}

def score_gradient(model, image, c):
    key = (id(model), c)
    if key not in _gradients:
        scores, cache = model.forward(image[None])
        dscores = np.zeros_like(scores)
        dscores[c, 0] = 1.0
        _gradients[key] = model.backward(dscores, cache)[0]
    return _gradients[key]
''', "stateful", "caches the gradient by (model, class) to save time, so a second image gets the first image's gradient"),
    "heldout_score_value_as_seed": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.zeros_like(scores)
    dscores[c, 0] = scores[c, 0]
    return model.backward(dscores, cache)[0]
''', "constant_factor", "seeds backward with the value S_c instead of 1, so the gradient is scaled by S_c"),
    "heldout_score_class_off_by_one": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.zeros_like(scores)
    dscores[c - 1, 0] = 1.0        # classes counted from 1
    return model.backward(dscores, cache)[0]
''', "shifted", "puts the 1 of e_c in row c - 1 (counts classes from 1)"),
    "heldout_score_row_one_hot": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.zeros((1, scores.shape[0]))
    dscores[0, c] = 1.0
    return model.backward(dscores, cache)[0]
''', "transpose", "builds e_c as a row (1, n_classes) instead of a column with the shape of the scores"),

    # ---------------------------------------------------------------- saliency_map
    "heldout_saliency_scaled_to_one": ("saliency_map", '''
def saliency_map(model, image, c):
    M = np.abs(score_gradient(model, image, c)).max(axis=-1)
    return M / M.max()
''', "constant_factor", "divides the map by its own maximum (as the figures do) instead of returning the raw magnitudes"),
    "heldout_saliency_transposed": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.abs(score_gradient(model, image, c)).max(axis=-1).T
''', "transpose", "transposes the (H, W) map, e.g. to get (x, y) for plotting"),
    "heldout_saliency_channels_first_reshape": ("saliency_map", '''
def saliency_map(model, image, c):
    g = np.abs(score_gradient(model, image, c))
    H, W, C = g.shape
    return g.reshape(C, H, W).max(axis=0)
''', "transpose", "reshapes the gradient to channels first (C, H, W) instead of transposing, mixing pixels and channels"),
    "heldout_saliency_global_cnn": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.abs(score_gradient(cnn, image, c)).max(axis=-1)
''', "stateful", "uses the notebook's global cnn instead of the model argument"),

    # ---------------------------------------------------------------- rank_correlation
    "heldout_rank_in_place_ranks": ("rank_correlation", '''
def rank_correlation(a, b):
    x = a.reshape(-1)
    x[np.argsort(x)] = np.arange(x.size)      # replace every entry by its rank
    y = b.reshape(-1)
    y[np.argsort(y)] = np.arange(y.size)
    return float(np.corrcoef(x, y)[0, 1])
''', "mutates_input", "replaces the entries by their ranks in a view of the caller's arrays, overwriting a and b"),
    "heldout_rank_integer_mean": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(np.ravel(a)))
    rb = np.argsort(np.argsort(np.ravel(b)))
    n = ra.size
    ca = ra - ra.sum() // n
    cb = rb - rb.sum() // n
    return float(ca @ cb / np.sqrt((ca @ ca) * (cb @ cb)))
''', "dtype", "centres the integer ranks with an integer-division mean (floor of (n-1)/2 when n is even)"),
    "heldout_rank_spearman_rows_as_n": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel()))
    rb = np.argsort(np.argsort(b.ravel()))
    n = a.shape[0]
    d = ra - rb
    return float(1 - 6 * np.sum(d ** 2) / (n * (n ** 2 - 1)))
''', "constant_factor", "Spearman's formula with n = a.shape[0] (the rows) instead of the number of entries"),
    "heldout_rank_spearman_n_minus_one": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel()))
    rb = np.argsort(np.argsort(b.ravel()))
    n = ra.max()                  # the largest rank
    d = ra - rb
    return float(1 - 6 * np.sum(d ** 2) / (n * (n ** 2 - 1)))
''', "shifted", "Spearman's formula with n = largest rank = n - 1"),
    "heldout_rank_spearman_sign": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel()))
    rb = np.argsort(np.argsort(b.ravel()))
    n = ra.size
    d = ra - rb
    return float(6 * np.sum(d ** 2) / (n * (n ** 2 - 1)) - 1)
''', "sign", "Spearman's formula with the sign flipped: 6 sum d^2 / (n (n^2 - 1)) - 1"),
    "heldout_rank_square_of_sum": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel()))
    rb = np.argsort(np.argsort(b.ravel()))
    n = ra.size
    return float(1 - 6 * np.sum(ra - rb) ** 2 / (n * (n ** 2 - 1)))
''', "other", "squares the sum of the rank differences instead of summing their squares (always 1)"),

    # ---------------------------------------------------------------- class_visualisation
    "heldout_visualisation_blur_from_step_zero": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(steps):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "shifted", "counts t from 0, so the blur falls after steps 1, blur_every + 1, ... instead of blur_every, 2 blur_every"),
    "heldout_visualisation_jitter_exclusive_high": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "shifted", "draws the shifts with rng.integers(-jitter, jitter), whose high end is exclusive: +jitter never occurs"),
    "heldout_visualisation_unseeded": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng()
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "stateful", "creates the generator without the seed, so every call starts from different noise"),
    "heldout_visualisation_hardcoded_shape": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal((28, 28, 1))
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "stateful", "starts from noise of the hard-coded MNIST shape (28, 28, 1) instead of model.image_shape"),
    "heldout_visualisation_penalty_outside_lr": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * score_gradient(model, image, c) - 2 * l2 * image
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "constant_factor", "drops the parentheses: the penalty 2 l2 I is not multiplied by lr"),
    "heldout_visualisation_clipped": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = np.clip(image + lr * (score_gradient(model, image, c) - 2 * l2 * image), 0, 1)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "extra_term", "clips the image to [0, 1] after each step, although the exercise says no clipping"),
    "heldout_visualisation_score_of_shifted": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        scores.append(model.forward(image[None])[0][c, 0])
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
    return image, np.array(scores)
''', "other", "records the score of the shifted, not yet blurred image instead of the image after the whole step"),
    "heldout_visualisation_float32_noise": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape, dtype=np.float32)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "dtype", "draws the starting noise in float32, which gives other numbers than the stated float64 draw"),
    "heldout_visualisation_no_penalty": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * score_gradient(model, image, c)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "missing_term", "leaves out the L2 penalty -2 l2 I of the ascent step"),
    "heldout_visualisation_roll_axes_swapped": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dx, dy), axis=(0, 1))      # x first
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dx, -dy), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "transpose", "rolls by (dx, dy) along axes (0, 1): the row and column shifts are swapped"),

    # ---------------------------------------------------------------- fooling_image
    "heldout_fooling_one_step_too_many": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps <= max_steps:
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g), 0.0, 1.0)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "shifted", "loops while steps <= max_steps, so it can take max_steps + 1 steps"),
    "heldout_fooling_for_loop_count": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    for steps in range(max_steps):
        if model.predict(fooled[None])[0] == target:
            break
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g), 0.0, 1.0)
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "shifted", "uses the for-loop index as the count: max_steps - 1 when the budget runs out (NameError for max_steps=0)"),
    "heldout_fooling_path_length": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g), 0.0, 1.0)
        steps += 1
    return fooled, steps, float(steps * step)     # every step has length step
''', "other", "returns the path length steps * step instead of the distance ||fooled - image|| (clip and turns ignored)"),
    "heldout_fooling_keeps_float32": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = image.copy()
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled += step * g / np.linalg.norm(g)
        np.clip(fooled, 0.0, 1.0, out=fooled)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "dtype", "works on a copy with the input's dtype, so a float32 image stays float32 instead of a float64 copy"),
    "heldout_fooling_norm_first_channel": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g[:, :, 0]), 0.0, 1.0)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "partly_right", "normalises by the norm of the first channel of the gradient only (right for one channel)"),
    "heldout_fooling_per_pixel_norm": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        norm = np.linalg.norm(g, axis=-1, keepdims=True) + 1e-12
        fooled = np.clip(fooled + step * g / norm, 0.0, 1.0)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "wrong_axis", "normalises the gradient over the channel axis of each pixel instead of over all entries"),
    "heldout_fooling_clip_255": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g), 0, 255)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "constant_factor", "clips to the byte range [0, 255] instead of the stated pixel range [0, 1]"),
    "heldout_fooling_gradient_once": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    g = score_gradient(model, fooled, target)
    direction = g / np.linalg.norm(g)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        fooled = np.clip(fooled + step * direction, 0.0, 1.0)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "other", "computes the gradient once at the original image and keeps stepping along it, never at the current image"),
}

ALTERNATIVES = {
    "heldout_all_classes_at_once": {
        "score_gradient": '''
def score_gradient(model, image, c):
    n = model.n_classes
    scores, cache = model.forward(np.repeat(image[None], n, axis=0))   # n copies of the image
    gradients = model.backward(np.eye(n), cache)                       # row k: dS_k/dI of copy k
    return gradients[c]
''',
        "saliency_map": '''
def saliency_map(model, image, c):
    g = score_gradient(model, image, c)
    return np.maximum(g.max(axis=2), -g.min(axis=2))
''',
    },
    "heldout_searchsorted_ranks": {
        "rank_correlation": '''
def rank_correlation(a, b):
    def centred_ranks(x):
        x = np.asarray(x).flatten()
        r = np.searchsorted(np.sort(x), x)          # rank = number of smaller entries
        return 2 * r - (x.size - 1)                 # 2 (r - mean rank), exact integers
    u, v = centred_ranks(a), centred_ranks(b)
    return float(np.einsum("i,i->", u, v) / np.sqrt(float(np.einsum("i,i->", u, u)) * float(np.einsum("i,i->", v, v))))
''',
    },
    "heldout_roll_the_gradient": {
        "class_visualisation": '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = np.zeros(steps + 1)
    scores[0] = model.forward(image[None])[0][c, 0]
    t = 0
    while t < steps:
        t += 1
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            g = np.roll(score_gradient(model, np.roll(image, (dy, dx), axis=(0, 1)), c), (-dy, -dx), axis=(0, 1))
        else:
            g = score_gradient(model, image, c)
        image = image + lr * (g - 2 * l2 * image)
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores[t] = model.forward(image[None])[0][c, 0]
    return image, scores
''',
    },
    "heldout_recursive_fooling": {
        "fooling_image": '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    original = np.array(image, dtype=np.float64)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), max_steps + 1000))

    def ascend(current, taken):
        if taken >= max_steps or model.predict(current[None])[0] == target:
            return current, taken
        g = score_gradient(model, current, target)
        return ascend(np.clip(current + step * g / np.sqrt(np.vdot(g, g)), 0.0, 1.0), taken + 1)

    fooled, taken = ascend(original.copy(), 0)
    return fooled, taken, float(np.sqrt(np.sum(np.square(fooled - original))))
''',
    },
}
