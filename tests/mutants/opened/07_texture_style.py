"""The first held-out part for notebook 7 (07_texture_style), opened for development.

Written from the exercise texts before the diagnosis work they measured (until 2026-12-01), as students write them.
Opened once a second held-out part (tests/mutants/heldout/) was written: hidden tests and diagnoses may now be
improved with these entries in view, so their figures are no longer held-out ones.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ---------------------------------------------------------------- gram_forward
    "heldout_gram_divided_by_channels": ("gram_forward", '''
def gram_forward(F):
    HW, C = F.shape
    G = F.T @ F / C
    return G, F
''', "constant_factor", "divides the Gram matrix by the number of channels C instead of the number of positions"),
    "heldout_gram_divided_by_all_entries": ("gram_forward", '''
def gram_forward(F):
    G = F.T @ F / F.size
    return G, F
''', "constant_factor", "divides by F.size = HW * C (the paper's normalisation) instead of HW"),
    "heldout_gram_positions_by_positions": ("gram_forward", '''
def gram_forward(F):
    HW = F.shape[0]
    G = F @ F.T / HW
    return G, F
''', "transpose", "computes F F^T (HW, HW), the products of positions, instead of F^T F (C, C)"),
    "heldout_gram_centred_covariance": ("gram_forward", '''
def gram_forward(F):
    Fc = F - F.mean(axis=0)
    G = Fc.T @ Fc / F.shape[0]
    return G, F
''', "extra_term", "subtracts each channel's mean first (a covariance), which the Gram matrix does not do"),
    "heldout_gram_float32_buffer": ("gram_forward", '''
def gram_forward(F):
    HW, C = F.shape
    G = np.zeros((C, C), dtype=np.float32)
    for c in range(C):
        for d in range(C):
            G[c, d] = np.sum(F[:, c] * F[:, d]) / HW
    return G, F
''', "dtype", "fills a float32 buffer entry by entry, so G is float32 for float64 features"),
    "heldout_gram_unbiased_denominator": ("gram_forward", '''
def gram_forward(F):
    HW = F.shape[0]
    G = F.T @ F / (HW - 1)
    return G, F
''', "shifted", "divides by HW - 1 (as for a sample covariance) instead of HW"),
    "heldout_gram_scales_features_in_place": ("gram_forward", '''
def gram_forward(F):
    F /= np.sqrt(F.shape[0])   # then G = F^T F needs no division
    G = F.T @ F
    return G, F
''', "mutates_input", "divides the caller's F in place by sqrt(HW) to fold the normalisation into the product"),

    # ---------------------------------------------------------------- gram_backward
    "heldout_gram_back_transposed_only": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return 2 * F @ dG.T / F.shape[0]
''', "transpose", "uses 2 F dG^T / HW, the symmetric shortcut with the transposed upstream gradient"),
    "heldout_gram_back_difference": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return F @ (dG - dG.T) / F.shape[0]
''', "sign", "subtracts the transposed term, F (dG - dG^T) / HW, instead of adding it"),
    "heldout_gram_back_reused_buffer": ("gram_backward", '''
_buffers = {}

def gram_backward(dG, cache):
    F = cache
    dF = _buffers.setdefault(F.shape, np.zeros(F.shape))
    dF += F @ (dG + dG.T) / F.shape[0]
    return dF
''', "stateful", "keeps one output buffer per shape to save allocations and adds into it, so calls accumulate"),

    # ---------------------------------------------------------------- style_loss
    "heldout_style_mean_squared": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        D = G - A
        loss += w * np.mean(D ** 2)
        dfeatures.append(gram_backward(2 * w * D / D.size, cache))
    return float(loss), dfeatures
''', "constant_factor", "averages the squared entries (mean over C^2) instead of summing them, in loss and gradient"),
    "heldout_style_last_layer_only": ("style_loss", '''
def style_loss(features, target_grams, weights):
    dfeatures = []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        loss = w * np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(2 * w * (G - A), cache))
    return float(loss), dfeatures
''', "partly_right", "assigns loss = ... in the loop instead of adding, so only the last layer's loss is returned"),
    "heldout_style_norm_not_squared": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        loss += w * np.linalg.norm(G - A)
        dfeatures.append(gram_backward(2 * w * (G - A), cache))
    return float(loss), dfeatures
''', "other", "uses the Frobenius norm ||G - A|| instead of its square in the loss"),
    "heldout_style_gradient_target_minus_gram": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        D = A - G
        loss += w * np.sum(D ** 2)
        dfeatures.append(gram_backward(2 * w * D, cache))
    return float(loss), dfeatures
''', "sign", "takes D = A - G: the loss is the same, the gradient has the opposite sign"),
    "heldout_style_skips_zero_weights": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        if w == 0:
            continue   # nothing to add
        G, cache = gram_forward(F)
        loss += w * np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(2 * w * (G - A), cache))
    return float(loss), dfeatures
''', "shifted", "skips layers of weight 0 without a zero gradient, so the later gradients move to the wrong index"),
    "heldout_style_first_weight_everywhere": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    w = weights[0]
    for F, A in zip(features, target_grams):
        G, cache = gram_forward(F)
        loss += w * np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(2 * w * (G - A), cache))
    return float(loss), dfeatures
''', "one_example", "uses the first layer's weight w_0 for every layer"),
    "heldout_style_subtracts_into_targets": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        A -= G             # A now holds A - G
        loss += w * np.sum(A ** 2)
        dfeatures.append(gram_backward(-2 * w * A, cache))
    return float(loss), dfeatures
''', "mutates_input", "computes the difference in place in the caller's target Gram matrices"),

    # ---------------------------------------------------------------- content_loss
    "heldout_content_mean": ("content_loss", '''
def content_loss(F, F_target, weight):
    D = F - F_target
    return float(weight * np.mean(D ** 2)), 2 * weight * D / D.size
''', "constant_factor", "a mean squared error instead of the sum of squares"),
    "heldout_content_half_convention": ("content_loss", '''
def content_loss(F, F_target, weight):
    D = F - F_target
    return float(0.5 * weight * np.sum(D ** 2)), weight * D
''', "constant_factor", "uses the 1/2 sum of squares convention, halving loss and gradient"),
    "heldout_content_gradient_reversed": ("content_loss", '''
def content_loss(F, F_target, weight):
    D = F_target - F
    return float(weight * np.sum(D ** 2)), 2 * weight * D
''', "sign", "differentiates with respect to F_target: the gradient 2 alpha (F_target - F) has the wrong sign"),
    "heldout_content_difference_in_place": ("content_loss", '''
def content_loss(F, F_target, weight):
    F -= F_target
    return float(weight * np.sum(F ** 2)), 2 * weight * F
''', "mutates_input", "subtracts the target in place, overwriting the caller's F with the difference"),
    "heldout_content_float32_gradient": ("content_loss", '''
def content_loss(F, F_target, weight):
    D = F - F_target
    return float(weight * np.sum(D ** 2)), (2 * weight * D).astype(np.float32)
''', "dtype", "returns the gradient as float32 (to save memory) for float64 features"),
    "heldout_content_flat_gradient": ("content_loss", '''
def content_loss(F, F_target, weight):
    d = (F - F_target).ravel()
    return float(weight * d @ d), 2 * weight * d
''', "other", "works on the flattened difference and returns the gradient flat, not in the shape of F"),

    # ---------------------------------------------------------------- tv_loss
    "heldout_tv_roll_wraps_round": ("tv_loss", '''
def tv_loss(image, weight):
    dv = np.roll(image, -1, axis=0) - image
    dh = np.roll(image, -1, axis=1) - image
    loss = weight * (np.sum(dv ** 2) + np.sum(dh ** 2))
    dimage = 2 * weight * (np.roll(dv, 1, axis=0) - dv + np.roll(dh, 1, axis=1) - dh)
    return float(loss), dimage
''', "extra_term", "takes neighbours with np.roll, adding the wrap-around pairs last row / first row and so on"),
    "heldout_tv_vertical_only": ("tv_loss", '''
def tv_loss(image, weight):
    dv = image[1:] - image[:-1]
    loss = weight * np.sum(dv ** 2)
    dimage = np.zeros_like(image)
    dimage[1:] += 2 * weight * dv
    dimage[:-1] -= 2 * weight * dv
    return float(loss), dimage
''', "missing_term", "only the vertical differences; the horizontal neighbours are left out"),
    "heldout_tv_gradient_one_side": ("tv_loss", '''
def tv_loss(image, weight):
    dv = image[1:] - image[:-1]
    dh = image[:, 1:] - image[:, :-1]
    loss = weight * (np.sum(dv ** 2) + np.sum(dh ** 2))
    dimage = np.zeros_like(image)
    dimage[1:] += 2 * weight * dv
    dimage[:, 1:] += 2 * weight * dh
    return float(loss), dimage
''', "partly_right", "credits each difference to the later pixel only, forgetting the -2 (I[i+1] - I[i]) of pixel i"),
    "heldout_tv_mean_of_squares": ("tv_loss", '''
def tv_loss(image, weight):
    dv = image[1:] - image[:-1]
    dh = image[:, 1:] - image[:, :-1]
    loss = weight * (np.mean(dv ** 2) + np.mean(dh ** 2))
    dimage = np.zeros_like(image)
    dimage[1:] += 2 * dv / dv.size
    dimage[:-1] -= 2 * dv / dv.size
    dimage[:, 1:] += 2 * dh / dh.size
    dimage[:, :-1] -= 2 * dh / dh.size
    return float(loss), weight * dimage
''', "constant_factor", "averages the squared differences of each direction instead of summing them"),
    "heldout_tv_diff_over_channels": ("tv_loss", '''
def tv_loss(image, weight):
    dv = np.diff(image, axis=0)
    dh = np.diff(image, axis=2)
    loss = weight * (np.sum(dv ** 2) + np.sum(dh ** 2))
    dimage = np.zeros_like(image)
    dimage[1:] += 2 * dv
    dimage[:-1] -= 2 * dv
    dimage[:, :, 1:] += 2 * dh
    dimage[:, :, :-1] -= 2 * dh
    return float(loss), weight * dimage
''', "wrong_axis", "takes the 'horizontal' differences with np.diff along axis 2 (the channels) instead of axis 1"),
    "heldout_tv_loops_stop_early": ("tv_loss", '''
def tv_loss(image, weight):
    H, W, C = image.shape
    loss = 0.0
    dimage = np.zeros_like(image)
    for i in range(H - 2):
        d = image[i + 1] - image[i]
        loss += np.sum(d ** 2)
        dimage[i + 1] += 2 * d
        dimage[i] -= 2 * d
    for j in range(W - 2):
        d = image[:, j + 1] - image[:, j]
        loss += np.sum(d ** 2)
        dimage[:, j + 1] += 2 * d
        dimage[:, j] -= 2 * d
    return float(weight * loss), weight * dimage
''', "shifted", "loops over i in range(H - 2) and j in range(W - 2), leaving out the last pair of rows and columns"),
    "heldout_tv_gradient_negated": ("tv_loss", '''
def tv_loss(image, weight):
    dv = image[1:] - image[:-1]
    dh = image[:, 1:] - image[:, :-1]
    loss = weight * (np.sum(dv ** 2) + np.sum(dh ** 2))
    dimage = np.zeros_like(image)
    dimage[:-1] += 2 * dv
    dimage[1:] -= 2 * dv
    dimage[:, :-1] += 2 * dh
    dimage[:, 1:] -= 2 * dh
    return float(loss), weight * dimage
''', "sign", "gives +2 d to the upper / left pixel and -2 d to the lower / right one: the gradient is negated"),

    # ---------------------------------------------------------------- network_backward
    "heldout_netback_no_gradient_from_above": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    for l in reversed(range(len(net.kernels))):
        pool, conv, relu = cache[l]
        dZ = relu_backward(dfeatures[l][None], relu)
        dX, _, _ = conv_backward(dZ, conv)
        if l > 0:
            dA = avgpool_backward(dX, pool)
    return dX[0]
''', "missing_term", "starts every block from dfeatures[l] alone, dropping the gradient coming back from block l+1"),
    "heldout_netback_top_seed_only": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    dA = dfeatures[-1][None]
    for l in reversed(range(len(net.kernels))):
        pool, conv, relu = cache[l]
        dZ = relu_backward(dA, relu)
        dX, _, _ = conv_backward(dZ, conv)
        if l > 0:
            dA = avgpool_backward(dX, pool)
    return dX[0]
''', "partly_right", "seeds only the last block's dfeatures, as for one output; right when lower layers are unused"),
    "heldout_netback_skips_relu": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    above = 0
    for l in reversed(range(len(net.kernels))):
        pool, conv, relu = cache[l]
        dA = dfeatures[l][None] + above
        dX, _, _ = conv_backward(dA, conv)
        if l > 0:
            above = avgpool_backward(dX, pool)
    return dX[0]
''', "missing_term", "passes the gradient straight to conv_backward, leaving out relu_backward"),
    "heldout_netback_unpool_without_average": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    above = 0
    for l in reversed(range(len(net.kernels))):
        pool, conv, relu = cache[l]
        dZ = relu_backward(dfeatures[l][None] + above, relu)
        dX, _, _ = conv_backward(dZ, conv)
        if l > 0:
            shape = (1,) + np.shape(dfeatures[l - 1])
            up = np.repeat(np.repeat(dX, 2, axis=1), 2, axis=2)
            above = np.zeros(shape)
            above[:, :up.shape[1], :up.shape[2]] = up
    return dX[0]
''', "constant_factor", "un-pools by copying each gradient to its 2 x 2 window, without the 1/4 of the average"),
    "heldout_netback_adds_into_dfeatures": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    for l in reversed(range(len(net.kernels))):
        pool, conv, relu = cache[l]
        dZ = relu_backward(dfeatures[l][None], relu)
        dX, _, _ = conv_backward(dZ, conv)
        if l > 0:
            dfeatures[l - 1] += avgpool_backward(dX, pool)[0]
    return dX[0]
''', "mutates_input", "accumulates the gradient from above into the caller's dfeatures arrays in place"),
    "heldout_netback_keeps_batch_axis": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    above = 0
    for l in reversed(range(len(net.kernels))):
        pool, conv, relu = cache[l]
        dZ = relu_backward(dfeatures[l][None] + above, relu)
        dX, _, _ = conv_backward(dZ, conv)
        if l > 0:
            above = avgpool_backward(dX, pool)
    return dX
''', "other", "returns dX with its batch axis, shape (1, H, W, C_0)"),
    "heldout_netback_relu_mask_at_zero": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    above = 0
    for l in reversed(range(len(net.kernels))):
        pool, conv, Z = cache[l]
        dZ = (dfeatures[l][None] + above) * (Z >= 0)
        dX, _, _ = conv_backward(dZ, conv)
        if l > 0:
            above = avgpool_backward(dX, pool)
    return dX[0]
''', "ties", "writes its own ReLU mask Z >= 0, which lets the gradient through where Z is exactly 0"),
    "heldout_netback_mask_only_from_above": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    L = len(net.kernels)
    for l in reversed(range(L)):
        pool, conv, relu = cache[l]
        if l == L - 1:
            dZ = relu_backward(dfeatures[l][None], relu)
        else:
            dZ = relu_backward(above, relu) + dfeatures[l][None]
        dX, _, _ = conv_backward(dZ, conv)
        if l > 0:
            above = avgpool_backward(dX, pool)
    return dX[0]
''', "partly_right", "adds the lower layers' dfeatures after relu_backward, unmasked (right for the top layer only)"),

    # ---------------------------------------------------------------- style_objective
    "heldout_objective_content_replaces_style": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    Fs = [A.reshape(-1, A.shape[-1]) for A in features]
    loss, dFs = style_loss(Fs, target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dC = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dC
    t_loss, dT = tv_loss(image, tv_weight)
    return float(loss + t_loss), network_backward(net, dfeatures, cache) + dT
''', "missing_term", "puts the content gradient in place of layer k's style gradient instead of adding it"),
    "heldout_objective_forgets_tv_gradient": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    Fs = [A.reshape(-1, A.shape[-1]) for A in features]
    loss, dFs = style_loss(Fs, target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dC = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dC
    loss += tv_loss(image, tv_weight)[0]
    return float(loss), network_backward(net, dfeatures, cache)
''', "missing_term", "adds the TV loss to the loss but not its gradient to dimage"),
    "heldout_objective_layer_zero_is_false": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    Fs = [A.reshape(-1, A.shape[-1]) for A in features]
    loss, dFs = style_loss(Fs, target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None and content_layer:
        c_loss, dC = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dC
    t_loss, dT = tv_loss(image, tv_weight)
    return float(loss + t_loss), network_backward(net, dfeatures, cache) + dT
''', "partly_right", "tests `if content_layer:`, so a content term on layer 0 is silently dropped"),
    "heldout_objective_memoised_forward": ("style_objective", '''
_forward = {}

def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    if id(net) not in _forward:
        _forward[id(net)] = net.forward(image)
    features, cache = _forward[id(net)]
    Fs = [A.reshape(-1, A.shape[-1]) for A in features]
    loss, dFs = style_loss(Fs, target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dC = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dC
    t_loss, dT = tv_loss(image, tv_weight)
    return float(loss + t_loss), network_backward(net, dfeatures, cache) + dT
''', "stateful", "caches the forward pass per network to save time, so a new image is scored with the old features"),
    "heldout_objective_tv_gradient_subtracted": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    Fs = [A.reshape(-1, A.shape[-1]) for A in features]
    loss, dFs = style_loss(Fs, target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dC = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dC
    t_loss, dT = tv_loss(image, tv_weight)
    return float(loss + t_loss), network_backward(net, dfeatures, cache) - dT
''', "sign", "subtracts the TV gradient (thinking of the smoothing as a descent step) instead of adding it"),
    "heldout_objective_weights_swapped": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    Fs = [A.reshape(-1, A.shape[-1]) for A in features]
    loss, dFs = style_loss(Fs, target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dC = content_loss(features[content_layer], content_target, tv_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dC
    t_loss, dT = tv_loss(image, content_weight)
    return float(loss + t_loss), network_backward(net, dfeatures, cache) + dT
''', "other", "passes tv_weight to the content term and content_weight to the TV term"),

    # ---------------------------------------------------------------- dream_step
    "heldout_dream_descent": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J - step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "sign", "steps down the gradient (descent) instead of up (ascent)"),
    "heldout_dream_jitter_not_undone": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(J, 0, 1)
''', "missing_term", "never rolls back, so the image comes back shifted by the jitter"),
    "heldout_dream_no_clip": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.roll(J, (-shift[0], -shift[1]), axis=(0, 1))
''', "missing_term", "leaves out the clip to [0, 1]"),
    "heldout_dream_max_normalised": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.max(np.abs(g)) + 1e-8)
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "constant_factor", "normalises the step by the largest |g| instead of the mean of |g|"),
    "heldout_dream_mean_without_abs": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(g) + 1e-8)
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "other", "divides by mean(g) instead of mean(|g|): the scale, and even the direction, change"),
    "heldout_dream_updates_caller_image": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = image if not any(shift) else np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J += step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "mutates_input", "skips the roll for a zero shift and then adds in place, so the caller's image is changed"),
    "heldout_dream_momentum": ("dream_step", '''
_velocity = {}

def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    v = 0.9 * _velocity.get(image.shape, 0) + g / (np.mean(np.abs(g)) + 1e-8)
    _velocity[image.shape] = v
    J = J + step * v
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "stateful", "keeps a momentum of the earlier steps' gradients between calls"),
    "heldout_dream_float32_image": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(np.abs(g)) + 1e-8)
    out = np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
    return out.astype(np.float32)   # an image needs no more
''', "dtype", "returns the new image as float32 for a float64 image"),
    "heldout_dream_channel_ignored": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    dfeatures[layer] = 2 * features[layer]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "partly_right", "ignores channel and always amplifies the whole layer (right for channel=None)"),
    "heldout_dream_channel_as_row": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][channel] = 2 * features[layer][channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "wrong_axis", "indexes the channel on the first axis (row c of the feature map) instead of the last"),
    "heldout_dream_shift_swapped": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    dy, dx = shift
    J = np.roll(image, (dx, dy), axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(J, (-dx, -dy), axis=(0, 1)), 0, 1)
''', "transpose", "rolls by (dx, dy) along axes (0, 1): rows and columns of the jitter are swapped"),
    "heldout_dream_no_epsilon": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][:, :, channel] = 2 * features[layer][:, :, channel]
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / np.mean(np.abs(g))
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "stability", "drops the + 1e-8, so a zero gradient (a silent layer) gives 0 / 0 = NaN pixels"),
    "heldout_dream_activation_sum": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    J = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(J)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = np.ones_like(features[layer])
    else:
        dfeatures[layer][:, :, channel] = 1.0
    g = network_backward(net, dfeatures, cache)
    J = J + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(J, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "other", "seeds the backward pass with ones, the gradient of sum(A), instead of 2 A for sum(A**2)"),
}

ALTERNATIVES = {
    "heldout_gram_einsum_pair": {"gram_forward": '''
def gram_forward(F):
    HW = F.shape[0]
    G = np.einsum("pc,pd->cd", F, F) / HW
    return G, (F, HW)
''', "gram_backward": '''
def gram_backward(dG, cache):
    F, HW = cache
    return (np.einsum("pd,cd->pc", F, dG) + np.einsum("pd,dc->pc", F, dG)) / HW
'''},
    "heldout_gram_channel_loops": {"gram_forward": '''
def gram_forward(F):
    HW, C = F.shape
    G = np.zeros((C, C))
    for c in range(C):
        for d in range(c, C):
            G[c, d] = G[d, c] = np.sum(F[:, c] * F[:, d]) / HW
    return G, F
'''},
    "heldout_gram_back_two_products": {"gram_backward": '''
def gram_backward(dG, cache):
    F = cache
    HW = F.shape[0]
    return (dG.T @ F.T).T / HW + (dG @ F.T).T / HW
'''},
    "heldout_style_inline_gram": {"style_loss": '''
def style_loss(features, target_grams, weights):
    total = 0.0
    grads = []
    for l in range(len(features)):
        F, A, w = features[l], target_grams[l], float(weights[l])
        if w == 0.0:
            grads.append(np.zeros_like(F))
            continue
        HW = F.shape[0]
        D = F.T @ F / HW - A
        total += w * np.sum(D * D)
        grads.append(2 * w * F @ (D + D.T) / HW)
    return float(total), grads
'''},
    "heldout_content_flat_dot": {"content_loss": '''
def content_loss(F, F_target, weight):
    diff = np.subtract(F, F_target)
    flat = diff.ravel()
    return float(weight * np.dot(flat, flat)), (2 * weight) * diff
'''},
    "heldout_tv_diff_and_pad": {"tv_loss": '''
def tv_loss(image, weight):
    dv = np.diff(image, axis=0)          # (H - 1, W, C)
    dh = np.diff(image, axis=1)          # (H, W - 1, C)
    loss = weight * (np.sum(dv ** 2) + np.sum(dh ** 2))
    # pixel i gets +2 dv[i-1] (it is the lower one) and -2 dv[i] (it is the upper one)
    gv = np.pad(dv, ((1, 0), (0, 0), (0, 0))) - np.pad(dv, ((0, 1), (0, 0), (0, 0)))
    gh = np.pad(dh, ((0, 0), (1, 0), (0, 0))) - np.pad(dh, ((0, 0), (0, 1), (0, 0)))
    return float(loss), 2 * weight * (gv + gh)
'''},
    "heldout_tv_edge_padding": {"tv_loss": '''
def tv_loss(image, weight):
    P = np.pad(image, ((0, 1), (0, 1), (0, 0)), mode="edge")   # repeated borders add zero differences
    dv = P[1:, :-1] - P[:-1, :-1]
    dh = P[:-1, 1:] - P[:-1, :-1]
    loss = weight * np.sum(dv ** 2 + dh ** 2)
    g = -2 * (dv + dh)
    g[1:] += 2 * dv[:-1]
    g[:, 1:] += 2 * dh[:, :-1]
    return float(loss), weight * g
'''},
    "heldout_tv_pixel_loops": {"tv_loss": '''
def tv_loss(image, weight):
    H, W, C = image.shape
    loss = 0.0
    grad = np.zeros((H, W, C))
    for i in range(H):
        for j in range(W):
            for c in range(C):
                if i + 1 < H:
                    d = image[i + 1, j, c] - image[i, j, c]
                    loss += d * d
                    grad[i + 1, j, c] += 2 * d
                    grad[i, j, c] -= 2 * d
                if j + 1 < W:
                    d = image[i, j + 1, c] - image[i, j, c]
                    loss += d * d
                    grad[i, j + 1, c] += 2 * d
                    grad[i, j, c] -= 2 * d
    return float(weight * loss), weight * grad
'''},
    "heldout_netback_recursive": {"network_backward": '''
def network_backward(net, dfeatures, cache):
    def into_block(l, dA_above):
        """The gradient at block l's input X_l, given what comes back from the blocks above."""
        pool, conv, relu = cache[l]
        dZ = relu_backward(dfeatures[l][None] + dA_above, relu)
        dX, _, _ = conv_backward(dZ, conv)
        return dX if l == 0 else into_block(l - 1, avgpool_backward(dX, pool))

    L = len(net.kernels)
    top = np.zeros((1,) + np.shape(dfeatures[L - 1]))
    return into_block(L - 1, top)[0]
'''},
    "heldout_netback_sum_of_layer_passes": {"network_backward": '''
def network_backward(net, dfeatures, cache):
    # linearity: the gradient of sum_l J_l is the sum of one backward pass per layer l
    total = None
    for k in range(len(net.kernels)):
        if k > 0 and not np.any(dfeatures[k]):
            continue
        dA = np.asarray(dfeatures[k], dtype=np.float64)[None]
        for l in range(k, -1, -1):
            pool, conv, relu = cache[l]
            dX, _, _ = conv_backward(relu_backward(dA, relu), conv)
            dA = avgpool_backward(dX, pool) if l > 0 else dX
        total = dA[0] if total is None else total + dA[0]
    return total
'''},
    "heldout_objective_separate_backwards": {"style_objective": '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    flat = [A.reshape(A.shape[0] * A.shape[1], A.shape[2]) for A in features]
    s_loss, dflat = style_loss(flat, target_grams, style_weights)
    d_style = [d.reshape(A.shape) for d, A in zip(dflat, features)]
    dimage = network_backward(net, d_style, cache)
    loss = s_loss
    if content_target is not None:
        k = content_layer
        c_loss, dC = content_loss(flat[k], content_target.reshape(flat[k].shape), content_weight)
        d_content = [np.zeros_like(A) for A in features]
        d_content[k] = dC.reshape(features[k].shape)
        dimage = dimage + network_backward(net, d_content, cache)
        loss = loss + c_loss
    t_loss, dT = tv_loss(image, tv_weight)
    return float(loss + t_loss), dimage + dT
'''},
    "heldout_dream_copy_and_in_place": {"dream_step": '''
def dream_step(net, image, layer, step, shift, channel=None):
    dy, dx = shift
    J = np.roll(np.roll(image, dy, axis=0), dx, axis=1).copy()
    features, cache = net.forward(J)
    A = features[layer]
    mask = np.ones(A.shape[-1])
    if channel is not None:
        mask = np.zeros(A.shape[-1])
        mask[channel] = 1.0
    dfeatures = [np.zeros_like(F) for F in features]
    dfeatures[layer] = 2 * A * mask
    g = network_backward(net, dfeatures, cache)
    J += (step / (np.abs(g).mean() + 1e-8)) * g
    J = np.roll(np.roll(J, -dx, axis=1), -dy, axis=0)
    np.clip(J, 0.0, 1.0, out=J)
    return J
'''},
    "heldout_dream_gradient_rolled_back": {"dream_step": '''
def dream_step(net, image, layer, step, shift, channel=None):
    jittered = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(jittered)
    dfeatures = [np.zeros_like(A) for A in features]
    channels = slice(None) if channel is None else slice(channel, channel + 1)
    dfeatures[layer][:, :, channels] = 2 * features[layer][:, :, channels]
    g = network_backward(net, dfeatures, cache)
    g = np.roll(g, (-shift[0], -shift[1]), axis=(0, 1))   # back to the image's own pixels
    return np.clip(image + step * g / (np.mean(np.abs(g)) + 1e-8), 0.0, 1.0)
'''},
}
