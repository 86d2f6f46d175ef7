"""Second held-out part for notebook 6 (06_saliency): wrong answers with their categories and correct alternatives.

Written from the exercise statements alone, by someone who saw neither the hidden tests nor the diagnosis engine,
before the work it measures. Never tune a hidden test or a diagnosis to these entries: they measure, they do not steer.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

_VIS_HEAD = '''
def class_visualisation(model, c, steps=200, lr=0.5, l2=0.02, seed=0, jitter=0, blur=0.0, blur_every=10):
'''

MUTANTS = {
    "heldout_r2_score_minus_mean_score": ("score_gradient", '''
def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    dscores = np.full_like(scores, -1.0 / scores.shape[0])
    dscores[c, 0] += 1.0
    return model.backward(dscores, cache)[0]
''', "extra_term", "differentiates S_c minus the mean of the scores, centring the one-hot column"),
    "heldout_r2_score_clips_image": ("score_gradient", '''
def score_gradient(model, image, c):
    batch = np.clip(image, 0.0, 1.0)[None]        # pixels live in [0, 1]
    scores, cache = model.forward(batch)
    dscores = np.zeros_like(scores)
    dscores[c] = 1.0
    return model.backward(dscores, cache)[0]
''', "extra_term", "clips the image to [0, 1] before the forward pass, so images with other values get another gradient"),
    "heldout_r2_saliency_keepdims": ("saliency_map", '''
def saliency_map(model, image, c):
    return np.max(np.abs(score_gradient(model, image, c)), axis=-1, keepdims=True)
''', "transpose", "keeps the channel axis (keepdims=True), returning (H, W, 1) instead of (H, W)"),
    "heldout_r2_saliency_channel_norm": ("saliency_map", '''
def saliency_map(model, image, c):
    g = score_gradient(model, image, c)
    return np.sqrt(np.sum(g ** 2, axis=2))
''', "other", "takes the Euclidean norm of the gradient over the channels instead of the largest |entry|"),
    "heldout_r2_saliency_abs_of_channel_mean": ("saliency_map", '''
def saliency_map(model, image, c):
    g = score_gradient(model, image, c)
    return np.abs(np.mean(g, axis=2))
''', "other", "averages the signed gradient over the channels and then takes the absolute value"),
    "heldout_r2_rank_only_first_ranked": ("rank_correlation", '''
def rank_correlation(a, b):
    r = np.argsort(np.argsort(a.ravel())).astype(float)
    s = b.ravel().astype(float)
    r = r - r.mean()
    s = s - s.mean()
    return float(r @ s / (np.linalg.norm(r) * np.linalg.norm(s)))
''', "missing_term", "ranks the first array but correlates those ranks with the raw values of the second"),
    "heldout_r2_rank_second_transposed": ("rank_correlation", '''
def rank_correlation(a, b):
    r = np.argsort(np.argsort(a.ravel())).astype(float)
    s = np.argsort(np.argsort(b.T.ravel())).astype(float)
    r -= r.mean()
    s -= s.mean()
    return float(r @ s / np.sqrt((r @ r) * (s @ s)))
''', "transpose", "flattens the second map transposed (b.T.ravel()), pairing the wrong pixels"),
    "heldout_r2_vis_jitter_own_generator": ("class_visualisation", _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    shifts = np.random.default_rng(seed + 1)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = shifts.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "other", "draws the jitter from a second generator seeded seed + 1 instead of the one rng"),
    "heldout_r2_vis_l1_penalty": ("class_visualisation", _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * np.sign(image))
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "other", "uses the L1 penalty's gradient 2 l2 sign(I) instead of 2 l2 I"),
    "heldout_r2_vis_uniform_start": ("class_visualisation", _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.random(model.image_shape)
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
''', "other", "starts from uniform noise rng.random instead of rng.standard_normal"),
    "heldout_r2_vis_grey_start_noise": ("class_visualisation", _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    H, W, C = model.image_shape
    image = np.repeat(0.01 * rng.standard_normal((H, W))[:, :, None], C, axis=2)
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
''', "partly_right", "draws one (H, W) noise image and repeats it over the channels (right for C = 1)"),
    "heldout_r2_vis_rolls_back_same_way": ("class_visualisation", _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (dy, dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "sign", "rolls the image 'back' by (dy, dx) again instead of (-dy, -dx)"),
    "heldout_r2_fool_max_norm_step": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    current = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(current[None])[0] != target and steps < max_steps:
        g = score_gradient(model, current, target)
        current = np.clip(current + step * g / np.max(np.abs(g)), 0.0, 1.0)
        steps += 1
    return current, steps, float(np.linalg.norm(current - image))
''', "other", "normalises the gradient by its largest entry (an L-infinity step) instead of its L2 norm"),
    "heldout_r2_fool_clip_top_only": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    current = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(current[None])[0] != target and steps < max_steps:
        g = score_gradient(model, current, target)
        current = np.minimum(current + step * g / np.linalg.norm(g), 1.0)
        steps += 1
    return current, steps, float(np.linalg.norm(current - image))
''', "missing_term", "clips the pixels at 1 only, letting them go below 0"),
    "heldout_r2_fool_pushes_down_original_class": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    current = np.array(image, dtype=np.float64)
    original = model.predict(current[None])[0]
    steps = 0
    while model.predict(current[None])[0] != target and steps < max_steps:
        g = -score_gradient(model, current, original)
        current = np.clip(current + step * g / np.linalg.norm(g), 0.0, 1.0)
        steps += 1
    return current, steps, float(np.linalg.norm(current - image))
''', "other", "descends the score of the originally predicted class instead of ascending the target's"),
    "heldout_r2_fool_untargeted_stop": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    current = np.array(image, dtype=np.float64)
    original = model.predict(current[None])[0]
    steps = 0
    if original == target:
        return current, 0, 0.0
    while model.predict(current[None])[0] == original and steps < max_steps:
        g = score_gradient(model, current, target)
        current = np.clip(current + step * g / np.linalg.norm(g), 0.0, 1.0)
        steps += 1
    return current, steps, float(np.linalg.norm(current - image))
''', "other", "stops as soon as the prediction leaves the original class, even if it is not the target"),
    "heldout_r2_fool_float_step_count": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    current = np.array(image, dtype=np.float64)
    steps = 0.0
    while model.predict(current[None])[0] != target and steps < max_steps:
        g = score_gradient(model, current, target)
        current = np.clip(current + step * g / np.linalg.norm(g), 0.0, 1.0)
        steps += step / step
    return current, steps, float(np.linalg.norm(current - image))
''', "dtype", "counts the steps in a float, returning e.g. 7.0 where the statement asks for an int"),
    "heldout_r2_score_identity_built_once": ("score_gradient", '''
_identity = []

def score_gradient(model, image, c):
    scores, cache = model.forward(image[None])
    if not _identity:                        # build the one-hot columns once
        _identity.append(np.eye(scores.shape[0]))
    dscores = _identity[0][:, c:c + 1]
    return model.backward(dscores, cache)[0]
''', "stateful", "builds the identity matrix of one-hot columns on the first call and reuses it for every model"),
    "heldout_r2_rank_uncentred_norms": ("rank_correlation", '''
def rank_correlation(a, b):
    r = np.argsort(np.argsort(a.ravel())).astype(float)
    s = np.argsort(np.argsort(b.ravel())).astype(float)
    rc, sc = r - r.mean(), s - s.mean()
    return float(rc @ sc / (np.linalg.norm(r) * np.linalg.norm(s)))
''', "missing_term", "centres the ranks in the numerator but divides by the norms of the uncentred ranks"),
    "heldout_r2_fool_l1_distance": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    current = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(current[None])[0] != target and steps < max_steps:
        g = score_gradient(model, current, target)
        current = np.clip(current + step * g / np.linalg.norm(g), 0.0, 1.0)
        steps += 1
    return current, steps, float(np.sum(np.abs(current - image)))
''', "other", "returns the L1 size of the perturbation, the sum of |fooled - image|, instead of its L2 norm"),
    "heldout_r2_vis_blur_before_roll_back": ("class_visualisation", _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        dy = dx = 0
        if jitter > 0:
            dy, dx = rng.integers(-jitter, jitter + 1, size=2)
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "partly_right", "blurs the shifted image before rolling it back, so the edge padding of the blur lands inside the image"),
    "heldout_r2_fool_squared_norm_step": ("fooling_image", '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    current = np.array(image, dtype=np.float64)
    steps = 0
    while model.predict(current[None])[0] != target and steps < max_steps:
        g = score_gradient(model, current, target)
        current = np.clip(current + step * g / np.sum(g ** 2), 0.0, 1.0)
        steps += 1
    return current, steps, float(np.linalg.norm(current - image))
''', "constant_factor", "divides the gradient by its squared norm, so every step has length step / ||g|| instead of step"),
    "heldout_r2_vis_one_jitter_for_all_steps": ("class_visualisation", _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    image = 0.01 * rng.standard_normal(model.image_shape)
    if jitter > 0:
        dy, dx = rng.integers(-jitter, jitter + 1, size=2)
    scores = [model.forward(image[None])[0][c, 0]]
    for t in range(1, steps + 1):
        if jitter > 0:
            image = np.roll(image, (dy, dx), axis=(0, 1))
        image = image + lr * (score_gradient(model, image, c) - 2 * l2 * image)
        if jitter > 0:
            image = np.roll(image, (-dy, -dx), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        scores.append(model.forward(image[None])[0][c, 0])
    return image, np.array(scores)
''', "missing_term", "draws one shift before the loop and reuses it at every step instead of a new one per step"),
    "heldout_r2_rank_sorts_view_in_place": ("rank_correlation", '''
def rank_correlation(a, b):
    def ranks(x):
        flat = x.ravel()
        values = flat.copy()
        flat.sort()                                  # sorted values, to look every entry up
        return np.searchsorted(flat, values).astype(float)
    r, s = ranks(a), ranks(b)
    r -= r.mean()
    s -= s.mean()
    return float(r @ s / np.sqrt((r @ r) * (s @ s)))
''', "mutates_input", "sorts the flattened view of each argument in place, so the caller's maps come back sorted"),
}

ALTERNATIVES = {
    "heldout_r2_score_eye_column": {"score_gradient": '''
def score_gradient(model, image, c):
    batch = np.expand_dims(image, 0)
    scores, cache = model.forward(batch)
    seed = np.eye(scores.shape[0], dtype=np.float64)[:, [c]]
    return model.backward(seed, cache).reshape(image.shape)
'''},
    "heldout_r2_saliency_sqrt_of_max_square": {"saliency_map": '''
def saliency_map(model, image, c):
    g = score_gradient(model, image, c)
    return np.sqrt(np.max(g * g, axis=2))
'''},
    "heldout_r2_rank_spearman_formula": {"rank_correlation": '''
def rank_correlation(a, b):
    x, y = np.ravel(a), np.ravel(b)
    n = x.size
    rx = np.empty(n); rx[np.argsort(x)] = np.arange(n)
    ry = np.empty(n); ry[np.argsort(y)] = np.arange(n)
    d = rx - ry
    return float(1.0 - 6.0 * np.dot(d, d) / (n * (n * n - 1.0)))
'''},
    "heldout_r2_vis_decay_then_ascend": {"class_visualisation": _VIS_HEAD + '''
    rng = np.random.default_rng(seed)
    image = rng.normal(0.0, 0.01, size=model.image_shape)
    def score(img):
        return float(model.forward(img[None])[0][c, 0])
    history = [score(image)]
    t = 0
    while t < steps:
        t += 1
        shift = tuple(rng.integers(-jitter, jitter + 1, size=2)) if jitter > 0 else (0, 0)
        moved = np.roll(image, shift, axis=(0, 1))
        moved = moved + lr * score_gradient(model, moved, c) - 2 * lr * l2 * moved
        image = np.roll(moved, (-shift[0], -shift[1]), axis=(0, 1))
        if blur > 0 and t % blur_every == 0:
            image = gaussian_blur(image, blur)
        history.append(score(image))
    return image, np.asarray(history, dtype=np.float64)
'''},
    "heldout_r2_fool_while_true": {"fooling_image": '''
def fooling_image(model, image, target, step=0.1, max_steps=100):
    start = np.asarray(image, dtype=np.float64)
    current = start.copy()
    taken = 0
    while True:
        if taken >= max_steps or int(model.predict(current[None])[0]) == target:
            break
        g = score_gradient(model, current, target)
        current = current + step * g / np.sqrt(np.sum(g * g))
        np.clip(current, 0.0, 1.0, out=current)
        taken += 1
    return current, taken, float(np.sqrt(np.sum((current - start) ** 2)))
'''},
    "heldout_r2_saliency_reduce_loop": {"saliency_map": '''
def saliency_map(model, image, c):
    g = np.abs(score_gradient(model, image, c))
    M = g[:, :, 0].copy()
    for k in range(1, g.shape[2]):
        M = np.maximum(M, g[:, :, k])
    return M
'''},
}
