"""Wrong and alternative answers to notebook 7, written as students write them.

MUTANTS: name -> (function's grade_id, code, phrase the feedback must contain or None).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.

The network comes from models.py: net.forward(image (H, W, C)) -> (features, cache), features[l] of shape
(H_l, W_l, C_l), cache[l] = (pool_cache, conv_cache, relu_cache); the layers conv_backward, relu_backward and
avgpool_backward work on batches (1, H_l, W_l, C_l).
"""

MUTANTS = {
    # ---------------------------------------------------------------- gram_forward
    "gram_float32_features_mixed": ("gram_forward", '''
def gram_forward(F):
    return F.astype(np.float32).T @ F / F.shape[0], F
''', "below float32's precision"),
    "gram_float32_features_cast_back": ("gram_forward", '''
def gram_forward(F):
    F32 = F.astype(np.float32)
    G = (F32.T @ F32 / F.shape[0]).astype(F.dtype)
    return G, F
''', "all float32 numbers"),
    "gram_not_averaged": ("gram_forward", '''
def gram_forward(F):
    return F.T @ F, F
''', "not divided by the number of positions"),
    "gram_by_channels": ("gram_forward", '''
def gram_forward(F):
    HW, C = F.shape
    return F.T @ F / C, F
''', "number of channels"),
    "gram_by_all_entries": ("gram_forward", '''
def gram_forward(F):
    return F.T @ F / F.size, F
''', "HW * C"),
    "gram_positions": ("gram_forward", '''
def gram_forward(F):
    return F @ F.T / F.shape[0], F
''', "pairs channels"),
    "gram_covariance": ("gram_forward", '''
def gram_forward(F):
    G = np.cov(F.T, bias=True)
    return np.atleast_2d(G), F
''', "centred"),
    "gram_squared_entries": ("gram_forward", '''
def gram_forward(F):
    return (F ** 2).T @ (F ** 2) / len(F), F
''', "squared entry by entry"),
    "gram_unbiased": ("gram_forward", '''
def gram_forward(F):
    n = max(F.shape[0] - 1, 1)
    return F.T @ F / n, F
''', "HW - 1"),
    "gram_in_place": ("gram_forward", '''
def gram_forward(F):
    F /= np.sqrt(F.shape[0])      # scale once so that G = F^T F
    return F.T @ F, F * np.sqrt(F.shape[0])
''', "must not change F"),

    # ---------------------------------------------------------------- gram_backward
    "gram_backward_symmetric": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return 2 * F @ dG / F.shape[0]
''', "assumes dG symmetric"),
    "gram_backward_one_term": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return F @ dG / F.shape[0]
''', "G depends on F twice"),
    "gram_backward_transposed_only": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return F @ dG.T / len(F)
''', "G depends on F twice"),
    "gram_backward_not_averaged": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return F @ (dG + dG.T)
''', "not divided by the number of positions"),
    "gram_backward_by_channels": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return F @ (dG + dG.T) / F.shape[1]
''', "divided by C"),
    "gram_backward_transposed_shape": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return (dG + dG.T) @ F.T / F.shape[0]
''', "the shape of F"),
    "gram_backward_symmetrised_in_place": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    dG += dG.T
    return F @ dG / F.shape[0]
''', "must not change dG"),

    # ---------------------------------------------------------------- style_loss
    "style_half": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        loss += 0.5 * w * np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(w * (G - A), cache))
    return loss, dfeatures
''', "factor 1/2"),
    "style_no_weights": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A in zip(features, target_grams):
        G, cache = gram_forward(F)
        loss += np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(2 * (G - A), cache))
    return loss, dfeatures
''', "weights w_l are not used"),
    "style_mean": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        loss += w * np.mean((G - A) ** 2)
        dfeatures.append(gram_backward(2 * w * (G - A) / G.size, cache))
    return loss, dfeatures
''', "averaged"),
    "style_norm_not_squared": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        norm = np.linalg.norm(G - A)
        loss += w * norm
        dfeatures.append(gram_backward(w * (G - A) / norm, cache))
    return loss, dfeatures
''', "Frobenius norm"),
    "style_gradient_sign": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        loss += w * np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(2 * w * (A - G), cache))
    return loss, dfeatures
''', "wrong sign"),
    "style_gradient_no_two": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        loss += w * np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(w * (G - A), cache))
    return loss, dfeatures
''', "factor 2"),
    "style_gatys_normalised": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, dfeatures = 0.0, []
    for F, A, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        N = F.shape[1]
        loss += w / (4 * N ** 2) * np.sum((G - A) ** 2)
        dfeatures.append(gram_backward(w / (2 * N ** 2) * (G - A), cache))
    return loss, dfeatures
''', "4 C^2"),
    "style_only_last_layer": ("style_loss", '''
def style_loss(features, target_grams, weights):
    dfeatures = [np.zeros_like(F) for F in features]
    G, cache = gram_forward(features[-1])
    loss = weights[-1] * np.sum((G - target_grams[-1]) ** 2)
    dfeatures[-1] = gram_backward(2 * weights[-1] * (G - target_grams[-1]), cache)
    return loss, dfeatures
''', None),

    # ---------------------------------------------------------------- content_loss
    "content_half": ("content_loss", '''
def content_loss(F, F_target, weight):
    return 0.5 * weight * np.sum((F - F_target) ** 2), weight * (F - F_target)
''', "factor 1/2"),
    "content_mean": ("content_loss", '''
def content_loss(F, F_target, weight):
    return weight * np.mean((F - F_target) ** 2), 2 * weight * (F - F_target) / F.size
''', "averaged"),
    "content_no_weight": ("content_loss", '''
def content_loss(F, F_target, weight):
    return np.sum((F - F_target) ** 2), 2 * (F - F_target)
''', "alpha is not used"),
    "content_gradient_sign": ("content_loss", '''
def content_loss(F, F_target, weight):
    return weight * np.sum((F - F_target) ** 2), 2 * weight * (F_target - F)
''', "wrong sign"),
    "content_gradient_no_two": ("content_loss", '''
def content_loss(F, F_target, weight):
    return weight * np.sum((F - F_target) ** 2), weight * (F - F_target)
''', "factor 2"),
    "content_norm": ("content_loss", '''
def content_loss(F, F_target, weight):
    norm = np.linalg.norm(F - F_target)
    return weight * norm, weight * (F - F_target) / norm
''', "the norm"),

    # ---------------------------------------------------------------- tv_loss
    "tv_wraps_round": ("tv_loss", '''
def tv_loss(image, weight):
    down = np.roll(image, -1, axis=0) - image
    right = np.roll(image, -1, axis=1) - image
    loss = weight * (np.sum(down ** 2) + np.sum(right ** 2))
    dimage = 2 * weight * (np.roll(down, 1, axis=0) - down + np.roll(right, 1, axis=1) - right)
    return loss, dimage
''', "wraps round"),
    "tv_only_horizontal": ("tv_loss", '''
def tv_loss(image, weight):
    right = image[:, 1:] - image[:, :-1]
    dimage = np.zeros_like(image)
    dimage[:, 1:] += 2 * weight * right
    dimage[:, :-1] -= 2 * weight * right
    return weight * np.sum(right ** 2), dimage
''', "only the horizontal differences"),
    "tv_only_vertical": ("tv_loss", '''
def tv_loss(image, weight):
    down = image[1:] - image[:-1]
    dimage = np.zeros_like(image)
    dimage[1:] += 2 * weight * down
    dimage[:-1] -= 2 * weight * down
    return weight * np.sum(down ** 2), dimage
''', "only the vertical differences"),
    "tv_one_sided_gradient": ("tv_loss", '''
def tv_loss(image, weight):
    down = image[1:] - image[:-1]
    right = image[:, 1:] - image[:, :-1]
    dimage = np.zeros_like(image)
    dimage[:-1] -= 2 * weight * down
    dimage[:, :-1] -= 2 * weight * right
    return weight * (np.sum(down ** 2) + np.sum(right ** 2)), dimage
''', "only to the pixel it starts from"),
    "tv_absolute": ("tv_loss", '''
def tv_loss(image, weight):
    down = image[1:] - image[:-1]
    right = image[:, 1:] - image[:, :-1]
    dimage = np.zeros_like(image)
    dimage[1:] += weight * np.sign(down)
    dimage[:-1] -= weight * np.sign(down)
    dimage[:, 1:] += weight * np.sign(right)
    dimage[:, :-1] -= weight * np.sign(right)
    return weight * (np.abs(down).sum() + np.abs(right).sum()), dimage
''', "not squared"),
    "tv_half": ("tv_loss", '''
def tv_loss(image, weight):
    down = image[1:] - image[:-1]
    right = image[:, 1:] - image[:, :-1]
    dimage = np.zeros_like(image)
    dimage[1:] += weight * down
    dimage[:-1] -= weight * down
    dimage[:, 1:] += weight * right
    dimage[:, :-1] -= weight * right
    return 0.5 * weight * (np.sum(down ** 2) + np.sum(right ** 2)), dimage
''', "factor 1/2"),
    "tv_gradient_no_two": ("tv_loss", '''
def tv_loss(image, weight):
    down = image[1:] - image[:-1]
    right = image[:, 1:] - image[:, :-1]
    dimage = np.zeros_like(image)
    dimage[1:] += weight * down
    dimage[:-1] -= weight * down
    dimage[:, 1:] += weight * right
    dimage[:, :-1] -= weight * right
    return weight * (np.sum(down ** 2) + np.sum(right ** 2)), dimage
''', "derivative of a square"),

    "tv_float32_buffer": ("tv_loss", '''
def tv_loss(image, weight):
    down = image[1:] - image[:-1]
    right = image[:, 1:] - image[:, :-1]
    dimage = np.zeros(image.shape, dtype=np.float32)
    dimage[1:] += 2 * weight * down
    dimage[:-1] -= 2 * weight * down
    dimage[:, 1:] += 2 * weight * right
    dimage[:, :-1] -= 2 * weight * right
    return weight * (np.sum(down ** 2) + np.sum(right ** 2)), dimage
''', "float32"),

    # ---------------------------------------------------------------- network_backward
    "network_only_last": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    dA = dfeatures[-1][None]
    for l in reversed(range(len(cache))):
        pool, conv, relu = cache[l]
        dX = conv_backward(relu_backward(dA, relu), conv)[0]
        dA = avgpool_backward(dX, pool) if pool is not None else dX
    return dA[0]
''', "only the last block's dfeatures"),
    "network_replaces": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    dA = None
    for l in reversed(range(len(cache))):
        pool, conv, relu = cache[l]
        if np.any(dfeatures[l]):
            dA = dfeatures[l][None]          # the gradient of this block's loss
        dX = conv_backward(relu_backward(dA, relu), conv)[0]
        dA = avgpool_backward(dX, pool) if pool is not None else dX
    return dA[0]
''', "do not replace it"),
    "network_added_after_relu": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    dA = np.zeros((1,) + dfeatures[-1].shape)
    for l in reversed(range(len(cache))):
        pool, conv, relu = cache[l]
        dZ = relu_backward(dA, relu) + dfeatures[l][None]
        dX = conv_backward(dZ, conv)[0]
        dA = avgpool_backward(dX, pool) if pool is not None else dX
    return dA[0]
''', "after the ReLU"),
    "network_no_relu": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    dA = np.zeros((1,) + dfeatures[-1].shape)
    for l in reversed(range(len(cache))):
        pool, conv, relu = cache[l]
        dA = dA + dfeatures[l][None]
        dX, _, _ = conv_backward(dA, conv)
        dA = avgpool_backward(dX, pool) if pool is not None else dX
    return dA[0]
''', "ReLU's backward pass is missing"),
    "network_only_first": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    pool, conv, relu = cache[0]
    dX = conv_backward(relu_backward(dfeatures[0][None], relu), conv)[0]
    return dX[0]
''', "only the first block's dfeatures"),
    "network_batch_kept": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    dA = np.zeros((1,) + dfeatures[-1].shape)
    for l in reversed(range(len(cache))):
        pool, conv, relu = cache[l]
        dA = dA + dfeatures[l][None]
        dX = conv_backward(relu_backward(dA, relu), conv)[0]
        dA = avgpool_backward(dX, pool) if pool is not None else dX
    return dA
''', "without the batch axis"),

    "network_float32_buffer": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    dA = np.zeros((1,) + dfeatures[-1].shape, dtype=np.float32)
    for l in reversed(range(len(cache))):
        pool, conv, relu = cache[l]
        dA += dfeatures[l][None]
        dX = conv_backward(relu_backward(dA, relu), conv)[0]
        dA = (avgpool_backward(dX, pool) if pool is not None else dX).astype(np.float32)
    return dA[0]
''', "float32"),

    # ---------------------------------------------------------------- style_objective
    "objective_channels_first": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    matrices = [A.reshape(A.shape[-1], -1).T for A in features]
    loss, dF = style_loss(matrices, target_grams, style_weights)
    dfeatures = [d.T.reshape(A.shape) for d, A in zip(dF, features)]
    if content_target is not None:
        lc, dc = content_loss(features[content_layer], content_target, content_weight)
        loss += lc
        dfeatures[content_layer] = dfeatures[content_layer] + dc
    lt, dt = tv_loss(image, tv_weight)
    return loss + lt, network_backward(net, dfeatures, cache) + dt
''', "one row per position"),
    "objective_no_tv": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    loss, dF = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [d.reshape(A.shape) for d, A in zip(dF, features)]
    if content_target is not None:
        lc, dc = content_loss(features[content_layer], content_target, content_weight)
        loss += lc
        dfeatures[content_layer] += dc
    return loss, network_backward(net, dfeatures, cache)
''', "total variation is missing"),
    "objective_content_replaces_style": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    loss, dF = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [d.reshape(A.shape) for d, A in zip(dF, features)]
    if content_target is not None:
        lc, dc = content_loss(features[content_layer], content_target, content_weight)
        loss += lc
        dfeatures[content_layer] = dc
    lt, dt = tv_loss(image, tv_weight)
    return loss + lt, network_backward(net, dfeatures, cache) + dt
''', "replaces the style gradient"),
    "objective_no_content": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    loss, dF = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [d.reshape(A.shape) for d, A in zip(dF, features)]
    lt, dt = tv_loss(image, tv_weight)
    return loss + lt, network_backward(net, dfeatures, cache) + dt
''', "content loss is missing"),
    "objective_tv_through_network": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    loss, dF = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [d.reshape(A.shape) for d, A in zip(dF, features)]
    if content_target is not None:
        lc, dc = content_loss(features[content_layer], content_target, content_weight)
        loss += lc
        dfeatures[content_layer] = dfeatures[content_layer] + dc
    lt, _ = tv_loss(image, tv_weight)
    return loss + lt, network_backward(net, dfeatures, cache)
''', "total variation is missing"),
    "objective_content_at_last_block": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    loss, dF = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [d.reshape(A.shape) for d, A in zip(dF, features)]
    if content_target is not None:
        lc, dc = content_loss(features[content_layer], content_target, content_weight)
        loss += lc
        if dc.shape == dfeatures[-1].shape:
            dfeatures[-1] = dfeatures[-1] + dc
    lt, dt = tv_loss(image, tv_weight)
    return loss + lt, network_backward(net, dfeatures, cache) + dt
''', None),

    # ---------------------------------------------------------------- dream_step
    "dream_descends": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    x = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(x)
    dfeatures = [np.zeros_like(A) for A in features]
    dfeatures[layer] = 2 * features[layer]
    if channel is not None:
        mask = np.zeros_like(features[layer])
        mask[:, :, channel] = 1
        dfeatures[layer] *= mask
    g = network_backward(net, dfeatures, cache)
    x = x - step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(x, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "goes down the gradient"),
    "dream_jitter_kept": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    x = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(x)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = network_backward(net, dfeatures, cache)
    return np.clip(x + step * g / (np.mean(np.abs(g)) + 1e-8), 0, 1)
''', "jitter is not undone"),
    "dream_jitter_twice": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    x = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(x)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = network_backward(net, dfeatures, cache)
    x = x + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(x, shift, axis=(0, 1)), 0, 1)
''', "applied twice"),
    "dream_not_normalised": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    x = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(x)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = network_backward(net, dfeatures, cache)
    x = x + step * g
    return np.clip(np.roll(x, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "not normalised"),
    "dream_normalised_by_max": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    x = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(x)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = network_backward(net, dfeatures, cache)
    x = x + step * g / (np.abs(g).max() + 1e-8)
    return np.clip(np.roll(x, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "max|g|"),
    "dream_not_clipped": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    x = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(x)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = network_backward(net, dfeatures, cache)
    x = x + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.roll(x, (-shift[0], -shift[1]), axis=(0, 1))
''', "not clipped"),
    "dream_channel_ignored": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    x = np.roll(image, shift, axis=(0, 1))
    features, cache = net.forward(x)
    dfeatures = [np.zeros_like(A) for A in features]
    dfeatures[layer] = 2 * features[layer]
    g = network_backward(net, dfeatures, cache)
    x = x + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(x, (-shift[0], -shift[1]), axis=(0, 1)), 0, 1)
''', "every channel of the block"),
    "dream_in_place": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    features, cache = net.forward(np.roll(image, shift, axis=(0, 1)))
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = np.roll(network_backward(net, dfeatures, cache), (-shift[0], -shift[1]), axis=(0, 1))
    image += step * g / (np.mean(np.abs(g)) + 1e-8)
    np.clip(image, 0, 1, out=image)
    return image
''', "must not change the image"),
}

ALTERNATIVES = {
    "einsum_and_loops": {
        "gram_forward": '''
def gram_forward(F):
    HW, C = F.shape
    G = np.einsum("pc,pd->cd", F, F) / HW
    return G, (F, HW)
''',
        "gram_backward": '''
def gram_backward(dG, cache):
    F, HW = cache
    return (np.einsum("pd,cd->pc", F, dG) + np.einsum("pd,dc->pc", F, dG)) / HW
''',
        "style_loss": '''
def style_loss(features, target_grams, weights):
    total = 0.0
    grads = []
    for l in range(len(features)):
        G, cache = gram_forward(features[l])
        diff = G - target_grams[l]
        total = total + weights[l] * np.sum(diff * diff)
        grads.append(gram_backward(2.0 * weights[l] * diff, cache))
    return total, grads
''',
        "content_loss": '''
def content_loss(F, F_target, weight):
    d = np.subtract(F, F_target)
    return weight * np.vdot(d, d), 2.0 * weight * d
''',
        "tv_loss": '''
def tv_loss(image, weight):
    H, W, C = image.shape
    loss = 0.0
    dimage = np.zeros(image.shape)
    for i in range(H):
        for j in range(W):
            if i + 1 < H:
                d = image[i + 1, j] - image[i, j]
                loss += np.sum(d ** 2)
                dimage[i + 1, j] += 2 * d
                dimage[i, j] -= 2 * d
            if j + 1 < W:
                d = image[i, j + 1] - image[i, j]
                loss += np.sum(d ** 2)
                dimage[i, j + 1] += 2 * d
                dimage[i, j] -= 2 * d
    return weight * loss, weight * dimage
''',
        "network_backward": '''
def network_backward(net, dfeatures, cache):
    L = len(net.kernels)
    upstream = 0
    for l in range(L - 1, -1, -1):
        pool_cache, conv_cache, relu_cache = cache[l]
        dA = upstream + np.expand_dims(dfeatures[l], 0)
        dZ = relu_backward(dA, relu_cache)
        dX, dK, db = conv_backward(dZ, conv_cache)
        upstream = dX if pool_cache is None else avgpool_backward(dX, pool_cache)
    return np.squeeze(upstream, axis=0)
''',
        "style_objective": '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    shapes = [A.shape for A in features]
    loss, dF = style_loss([A.reshape(h * w, c) for A, (h, w, c) in zip(features, shapes)], target_grams,
                          style_weights)
    grads = [g.reshape(s) for g, s in zip(dF, shapes)]
    if content_target is not None:
        extra, dcontent = content_loss(features[content_layer], content_target, content_weight)
        loss = loss + extra
        grads[content_layer] = grads[content_layer] + dcontent
    extra, dtv = tv_loss(image, tv_weight)
    dimage = network_backward(net, grads, cache)
    return loss + extra, dimage + dtv
''',
        "dream_step": '''
def dream_step(net, image, layer, step, shift, channel=None):
    dy, dx = shift
    moved = np.roll(np.roll(image, dy, axis=0), dx, axis=1)
    features, cache = net.forward(moved)
    dfeatures = [np.zeros(A.shape) for A in features]
    target = features[layer]
    if channel is None:
        dfeatures[layer] = target * 2
    else:
        dfeatures[layer][:, :, channel] = target[:, :, channel] * 2
    g = network_backward(net, dfeatures, cache)
    moved = moved + step / (np.abs(g).mean() + 1e-8) * g
    back = np.roll(np.roll(moved, -dy, axis=0), -dx, axis=1)
    return np.minimum(np.maximum(back, 0.0), 1.0)
''',
    },
    "numpy_functions": {
        "gram_forward": '''
def gram_forward(F):
    G = np.dot(F.T, F) / len(F)
    return G, {"F": F}
''',
        "gram_backward": '''
def gram_backward(dG, cache):
    F = cache["F"]
    S = dG + np.transpose(dG)
    return np.matmul(F, S) / F.shape[0]
''',
        "tv_loss": '''
def tv_loss(image, weight):
    dv = np.diff(image, axis=0)
    dh = np.diff(image, axis=1)
    grad = np.zeros_like(image)
    grad[1:] += dv
    grad[:-1] -= dv
    grad[:, 1:] += dh
    grad[:, :-1] -= dh
    return weight * float((dv ** 2).sum() + (dh ** 2).sum()), 2 * weight * grad
''',
    },
}
