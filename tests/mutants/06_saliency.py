"""Wrong and alternative answers to notebook 6, written as students write them.

MUTANTS: name -> (function's grade_id, code, phrase the feedback must contain or None).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.

The networks come from models.py: model.forward(images (N, H, W, C)) -> (scores (n_classes, N), cache),
model.backward(dscores, cache) -> dimages (N, H, W, C), model.predict, model.image_shape; the notebook
imports softmax from models and defines gaussian_blur.
"""

MUTANTS = {
    # ---------------------------------------------------------------- score_gradient
    "score_loss_gradient": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = softmax(scores)
    dscores[c, 0] -= 1.0          # gradient of the cross-entropy, as in notebook 4
    return model.backward(dscores, cache)[0]
''', "cross-entropy"),
    "score_probability_gradient": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    p = softmax(scores)
    e = np.zeros_like(scores)
    e[c, 0] = 1.0
    return model.backward(p[c, 0] * (e - p), cache)[0]
''', "probability"),
    "score_predicted_class": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.zeros_like(scores)
    dscores[np.argmax(scores), 0] = 1.0
    return model.backward(dscores, cache)[0]
''', "predicted class"),
    "score_all_ones": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    return model.backward(np.ones_like(scores), cache)[0]
''', "sum of all scores"),
    "score_sign_flipped": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.zeros_like(scores)
    dscores[c] = -1.0
    return model.backward(dscores, cache)[0]
''', "sign"),
    "score_batch_kept": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.zeros_like(scores)
    dscores[c] = 1.0
    return model.backward(dscores, cache)
''', "expected shape"),

    # ---------------------------------------------------------------- saliency_map
    "saliency_no_abs": ("saliency_map", '''
def saliency_map(model, image, c):
    return score_gradient(model, image, c).max(axis=-1)
''', "absolute value is missing"),
    "saliency_abs_after_max": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.abs(score_gradient(model, image, c).max(axis=2))
''', "absolute value is taken after the max"),
    "saliency_max_wrong_axis": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.abs(score_gradient(model, image, c)).max(axis=0)
''', "channel axis"),
    "saliency_sum_channels": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.sum(np.abs(score_gradient(model, image, c)), axis=-1)
''', "summed"),
    "saliency_squared": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.max(score_gradient(model, image, c) ** 2, axis=-1)
''', "squared"),

    "saliency_first_channel_only": ("saliency_map", '''
def saliency_map(model, image, c):
    gradient = score_gradient(model, image, c)
    return np.abs(gradient[:, :, 0])     # the digits have one channel
''', "only the first channel"),

    # ---------------------------------------------------------------- rank_correlation
    "rank_pearson_of_values": ("rank_correlation", '''
def rank_correlation(a, b):
    return float(np.corrcoef(np.ravel(a), np.ravel(b))[0, 1])
''', "Pearson correlation of the values"),
    "rank_single_argsort": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(a.ravel()).astype(float)
    rb = np.argsort(b.ravel()).astype(float)
    return float(np.corrcoef(ra, rb)[0, 1])
''', "single argsort"),
    "rank_covariance": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel())).astype(float)
    rb = np.argsort(np.argsort(b.ravel())).astype(float)
    return float(np.mean((ra - ra.mean()) * (rb - rb.mean())))
''', "covariance"),
    "rank_per_row": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a)).ravel().astype(float)
    rb = np.argsort(np.argsort(b)).ravel().astype(float)
    return float(np.corrcoef(ra, rb)[0, 1])
''', "within each row"),

    "rank_not_centred": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel())).astype(float)
    rb = np.argsort(np.argsort(b.ravel())).astype(float)
    return float(ra @ rb / (np.linalg.norm(ra) * np.linalg.norm(rb)))
''', "not centred"),
    "rank_corrcoef_matrix": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel()))
    rb = np.argsort(np.argsort(b.ravel()))
    return np.corrcoef(ra, rb)
''', "2 x 2 correlation matrix"),
    "rank_cov_and_std_disagree": ("rank_correlation", '''
def rank_correlation(a, b):
    ra = np.argsort(np.argsort(a.ravel())).astype(float)
    rb = np.argsort(np.argsort(b.ravel())).astype(float)
    return float(np.cov(ra, rb)[0, 1] / (np.std(ra) * np.std(rb)))
''', "ddof"),

    # ---------------------------------------------------------------- class_visualisation
    "visualisation_descends": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image - lr * (score_gradient(model, image, c) - 2 * l2 * image)   # I_new = I_old - mu dL/dI
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "goes down the gradient"),
    "visualisation_l2_without_2": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "2 * l2 * I"),
    "visualisation_l2_sign": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) + 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "wrong sign"),
    "visualisation_log_probability": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        s, cache = model.forward(image[None])
        d = -softmax(s)
        d[c, 0] += 1.0                       # ascend log p_c
        image = image + lr * (model.backward(d, cache)[0] - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "log-probability"),
    "visualisation_jitter_not_undone": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "jitter is not undone"),
    "visualisation_blur_every_step": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "blur is applied at every step"),
    "visualisation_zero_start": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = np.zeros(model.image_shape)
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
''', "start"),
    "visualisation_scores_without_start": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = []
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
''', "steps + 1"),
    "visualisation_wrong_class_score": ("class_visualisation", '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0].max()]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0].max())   # the top score
    return image, np.array(scores)
''', "the largest score"),

    # ---------------------------------------------------------------- fooling_image
    "fooling_not_normalised": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        fooled = np.clip(fooled + step * score_gradient(model, fooled, target), 0, 1)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "not normalised"),
    "fooling_no_clip": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled = fooled + step * g / np.linalg.norm(g)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "[0, 1]"),
    "fooling_predicted_class": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        predicted = model.predict(fooled[None])[0]
        g = score_gradient(model, fooled, predicted)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g), 0, 1)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "current prediction"),
    "fooling_descends": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled - step * g / np.linalg.norm(g), 0, 1)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "goes down the gradient"),
    "fooling_never_stops_early": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    for _ in range(max_steps):
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g), 0, 1)
    return fooled, max_steps, float(np.linalg.norm(fooled - image))
''', "stop as soon as"),
    "fooling_in_place": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = image
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled += step * g / np.linalg.norm(g)
        np.clip(fooled, 0, 1, out=fooled)
        steps += 1
    return fooled, steps, float(np.linalg.norm(fooled - image))
''', "must not change the image"),
    "fooling_norm_squared": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    fooled = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(fooled[None])[0] != target and steps < max_steps:
        g = score_gradient(model, fooled, target)
        fooled = np.clip(fooled + step * g / np.linalg.norm(g), 0, 1)
        steps += 1
    return fooled, steps, float(np.sum((fooled - image) ** 2))
''', "square root of the sum of squares"),
    # ---- what every call must keep (checked by the judge on every call: autograder/properties.py)
    "float32_saliency": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.max(np.abs(score_gradient(model, image, c)), axis=2).astype(np.float32)
''', "returned float32 values for float64 inputs"),
}

ALTERNATIVES = {
    "explicit_one_hot_and_loops": {
        "score_gradient": '''
def score_gradient(model, image, c):
    batch = np.expand_dims(image, axis=0)
    scores, cache = model.forward(batch)
    e_c = np.eye(scores.shape[0])[:, [c]]      # one-hot column
    return model.backward(e_c, cache).reshape(image.shape)
''',
        "saliency_map": '''
def saliency_map(model, image, c):
    g = np.abs(score_gradient(model, image, c))
    M = g[:, :, 0]
    for k in range(1, g.shape[2]):
        M = np.maximum(M, g[:, :, k])
    return M
''',
        "rank_correlation": '''
def rank_correlation(a, b):
    a, b = np.ravel(a), np.ravel(b)
    n = a.size
    ra, rb = np.empty(n), np.empty(n)
    ra[np.argsort(a)] = np.arange(n)
    rb[np.argsort(b)] = np.arange(n)
    d = ra - rb
    return 1 - 6 * np.sum(d ** 2) / (n * (n ** 2 - 1))   # no ties
''',
    },
    "corrcoef_of_ranks_and_normal_start": {
        "rank_correlation": '''
def rank_correlation(a, b):
    ranks = [np.argsort(np.argsort(x, axis=None)) for x in (a, b)]
    return np.corrcoef(ranks[0], ranks[1])[0, 1]
''',
        "class_visualisation": '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
    rng = np.random.default_rng(seed)
    I = rng.normal(0.0, 0.01, size=model.image_shape)
    history = np.empty(steps + 1)
    history[0] = model.forward(I[None])[0][c, 0]
    for t in range(steps):
        shift = rng.integers(-jitter, jitter, size=2, endpoint=True) if jitter else (0, 0)
        I = np.roll(I, tuple(shift), axis=(0, 1))
        I = (1 - 2 * lr * l2) * I + lr * score_gradient(model, I, c)
        I = np.roll(I, (-shift[0], -shift[1]), axis=(0, 1))
        if blur and (t + 1) % blur_every == 0:
            I = gaussian_blur(I, blur)
        history[t + 1] = model.forward(I[None])[0][c, 0]
    return I, history
''',
    },
    "fooling_for_loop": {
        "fooling_image": '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    x = image.astype(np.float64)
    taken = 0
    for taken in range(max_steps + 1):
        if model.predict(x[None])[0] == target or taken == max_steps:
            break
        g = score_gradient(model, x, target)
        x = np.minimum(np.maximum(x + step * g / np.sqrt(np.sum(g * g)), 0), 1)
    return x, taken, np.sqrt(np.sum((x - image) ** 2))
''',
    },
}
