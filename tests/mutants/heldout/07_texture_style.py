"""Second held-out part for notebook 7 (07_texture_style): wrong answers with their categories and correct alternatives.

Written from the exercise statements alone, by someone who saw neither the hidden tests nor the diagnosis engine,
before the work it measures. Never tune a hidden test or a diagnosis to these entries: they measure, they do not steer.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    "heldout_r2_gram_upper_triangle": ("gram_forward", '''
def gram_forward(F):
    HW = F.shape[0]
    G = np.triu(F.T @ F) / HW     # G is symmetric: the upper triangle holds everything
    return G, F
''', "partly_right", "keeps only the upper triangle of the symmetric Gram matrix: the entries below the diagonal are 0"),
    "heldout_r2_gram_positions_remembered": ("gram_forward", '''
_positions = []

def gram_forward(F):
    if not _positions:
        _positions.append(F.shape[0])   # the number of positions, counted once
    G = F.T @ F / _positions[0]
    return G, F
''', "stateful", "stores HW from the first call in a module-level list: later calls with another size divide by the old HW"),
    "heldout_r2_gram_back_terms_averaged": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    return F @ ((dG + dG.T) / 2) / F.shape[0]   # the average of dG and its transpose
''', "constant_factor", "symmetrises dG by averaging (dG + dG^T) / 2: half of the stated F (dG + dG^T) / HW"),
    "heldout_r2_gram_back_extra_two": ("gram_backward", '''
def gram_backward(dG, cache):
    F = cache
    HW = F.shape[0]
    return 2 * F @ (dG + dG.T) / HW   # two terms, and the 2 of F appearing twice
''', "constant_factor", "puts a factor 2 in front of F (dG + dG^T) / HW, counting the two occurrences of F twice"),
    "heldout_r2_style_returns_gram_gradients": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, grads = 0.0, []
    for F, S, w in zip(features, target_grams, weights):
        G, _ = gram_forward(F)
        D = G - S
        loss += w * float(np.sum(D * D))
        grads.append(2 * w * D)          # the gradient of the loss
    return loss, grads
''', "missing_term", "returns the gradients with respect to the Gram matrices, never calling gram_backward"),
    "heldout_r2_style_loss_unweighted": ("style_loss", '''
def style_loss(features, target_grams, weights):
    loss, grads = 0.0, []
    for F, S, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        loss += float(np.sum((G - S) ** 2))
        grads.append(gram_backward(2 * w * (G - S), cache))
    return loss, grads
''', "partly_right", "weights the gradients but not the loss: the loss is the unweighted sum over layers"),
    "heldout_r2_style_running_total": ("style_loss", '''
_total = [0.0]

def style_loss(features, target_grams, weights):
    grads = []
    for F, S, w in zip(features, target_grams, weights):
        G, cache = gram_forward(F)
        _total[0] += w * float(np.sum((G - S) ** 2))
        grads.append(gram_backward(2 * w * (G - S), cache))
    return _total[0], grads
''', "stateful", "accumulates the loss in a module-level total: each call adds to the previous calls' loss"),
    "heldout_r2_content_sum_per_channel": ("content_loss", '''
def content_loss(F, F_target, weight):
    D = F - F_target
    loss = weight * np.sum(D ** 2, axis=0)
    return loss, 2 * weight * D
''', "wrong_axis", "sums the squares over the first axis only: the loss is an array (one entry per column) instead of a float"),
    "heldout_r2_content_gradient_unweighted": ("content_loss", '''
def content_loss(F, F_target, weight):
    D = F - F_target
    return float(weight * np.sum(D * D)), 2 * D
''', "missing_term", "leaves the weight alpha out of the gradient (the loss has it)"),
    "heldout_r2_tv_interior_gradient": ("tv_loss", '''
def tv_loss(image, weight):
    dv = image[1:] - image[:-1]
    dh = image[:, 1:] - image[:, :-1]
    loss = weight * (np.sum(dv ** 2) + np.sum(dh ** 2))
    g = np.zeros_like(image)
    # every interior pixel has four neighbours
    c = image[1:-1, 1:-1]
    g[1:-1, 1:-1] = 2 * weight * (4 * c - image[:-2, 1:-1] - image[2:, 1:-1] - image[1:-1, :-2] - image[1:-1, 2:])
    return float(loss), g
''', "partly_right", "writes the gradient for interior pixels only (four neighbours): the border pixels get 0"),
    "heldout_r2_tv_with_diagonals": ("tv_loss", '''
def tv_loss(image, weight):
    diffs = [(image[1:] - image[:-1], (slice(1, None),), (slice(None, -1),)),
             (image[:, 1:] - image[:, :-1], (slice(None), slice(1, None)), (slice(None), slice(None, -1))),
             (image[1:, 1:] - image[:-1, :-1], (slice(1, None), slice(1, None)), (slice(None, -1), slice(None, -1)))]
    loss, g = 0.0, np.zeros_like(image)
    for D, end, start in diffs:      # vertical, horizontal and diagonal neighbours
        loss += float(np.sum(D ** 2))
        g[end] += 2 * D
        g[start] -= 2 * D
    return weight * loss, weight * g
''', "extra_term", "adds diagonal neighbour differences to the vertical and horizontal ones"),
    "heldout_r2_tv_pairs_counted_twice": ("tv_loss", '''
def tv_loss(image, weight):
    dv = image[1:] - image[:-1]
    dh = image[:, 1:] - image[:, :-1]
    # every pixel's squared differences to its neighbours, summed over all pixels
    loss = 2 * weight * (np.sum(dv ** 2) + np.sum(dh ** 2))
    g = np.zeros_like(image)
    g[1:] += 2 * weight * dv
    g[:-1] -= 2 * weight * dv
    g[:, 1:] += 2 * weight * dh
    g[:, :-1] -= 2 * weight * dh
    return float(loss), g
''', "constant_factor", "counts every neighbour pair from both of its pixels: the loss is twice the stated one"),
    "heldout_r2_netback_grad_buffers_kept": ("network_backward", '''
_grads = {}

def network_backward(net, dfeatures, cache):
    L = len(net.kernels)
    d = None
    for l in range(L - 1, -1, -1):
        key = (l, dfeatures[l].shape)
        if key not in _grads:
            _grads[key] = np.zeros((1,) + dfeatures[l].shape)
        _grads[key] += dfeatures[l][None]        # gradient reaching A_l
        if d is not None:
            _grads[key] += d
        pool_cache, conv_cache, relu_cache = cache[l]
        dZ = relu_backward(_grads[key], relu_cache)
        dX, _, _ = conv_backward(dZ, conv_cache)
        d = avgpool_backward(dX, pool_cache) if pool_cache is not None else dX
    return d[0]
''', "stateful", "keeps one gradient buffer per block in a module-level dict and adds into it: later calls include earlier ones"),
    "heldout_r2_netback_unpool_padded_at_start": ("network_backward", '''
def network_backward(net, dfeatures, cache):
    d = np.zeros((1,) + dfeatures[-1].shape)
    for l in range(len(net.kernels) - 1, -1, -1):
        pool_cache, conv_cache, relu_cache = cache[l]
        d = d + dfeatures[l][None]
        dX, _, _ = conv_backward(relu_backward(d, relu_cache), conv_cache)
        if pool_cache is None:
            d = dX
        else:
            shape = pool_cache[0]
            up = np.repeat(np.repeat(dX, 2, axis=1), 2, axis=2) / 4   # spread each entry over its 2 x 2 window
            pad_h, pad_w = shape[1] - up.shape[1], shape[2] - up.shape[2]
            d = np.pad(up, ((0, 0), (pad_h, 0), (pad_w, 0), (0, 0)))   # odd sizes: one row/column more
    return d[0]
''', "shifted", "unpools with np.repeat and pads an odd image's missing row/column at the top/left instead of the bottom/right"),
    "heldout_r2_objective_reshaped_width_first": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    Fs = [A.reshape(-1, A.shape[-1]) for A in features]
    loss, dFs = style_loss(Fs, target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape[1], A.shape[0], A.shape[2]).transpose(1, 0, 2) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dA = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dA
    dimage = network_backward(net, dfeatures, cache)
    tv, dtv = tv_loss(image, tv_weight)
    return float(loss + tv), dimage + dtv
''', "transpose", "reshapes each style gradient to (W_l, H_l, C_l) and swaps the axes: right only for square feature maps"),
    "heldout_r2_objective_content_weight_twice": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    loss, dFs = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dA = content_loss(features[content_layer], content_target, content_weight)
        loss += content_weight * c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + content_weight * dA
    dimage = network_backward(net, dfeatures, cache)
    tv, dtv = tv_loss(image, tv_weight)
    return float(loss + tv), dimage + dtv
''', "constant_factor", "multiplies the content loss and its gradient by alpha again, after content_loss already did"),
    "heldout_r2_objective_clips_image_in_place": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    np.clip(image, 0.0, 1.0, out=image)   # keep the pixels valid
    features, cache = net.forward(image)
    loss, dFs = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dA = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dA
    dimage = network_backward(net, dfeatures, cache)
    tv, dtv = tv_loss(image, tv_weight)
    return float(loss + tv), dimage + dtv
''', "mutates_input", "clips the caller's image to [0, 1] in place before the forward pass"),
    "heldout_r2_objective_tv_gradient_only": ("style_objective", '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    loss, dFs = style_loss([A.reshape(-1, A.shape[-1]) for A in features], target_grams, style_weights)
    dfeatures = [dF.reshape(A.shape) for dF, A in zip(dFs, features)]
    if content_target is not None:
        c_loss, dA = content_loss(features[content_layer], content_target, content_weight)
        loss += c_loss
        dfeatures[content_layer] = dfeatures[content_layer] + dA
    dimage = network_backward(net, dfeatures, cache)
    _, dtv = tv_loss(image, tv_weight)      # TV only smooths the gradient
    return float(loss), dimage + dtv
''', "missing_term", "adds the TV gradient but leaves the TV term out of the returned loss"),
    "heldout_r2_dream_std_normalised": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    dy, dx = shift
    rolled = np.roll(image, (dy, dx), axis=(0, 1))
    features, cache = net.forward(rolled)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = network_backward(net, dfeatures, cache)
    rolled = rolled + step * g / (np.std(g) + 1e-8)     # normalise the gradient to unit spread
    return np.clip(np.roll(rolled, (-dy, -dx), axis=(0, 1)), 0.0, 1.0)
''', "constant_factor", "normalises the step by the standard deviation of g instead of mean(|g|)"),
    "heldout_r2_dream_normalised_per_pixel": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    dy, dx = shift
    rolled = np.roll(image, (dy, dx), axis=(0, 1))
    features, cache = net.forward(rolled)
    dfeatures = [np.zeros_like(A) for A in features]
    target = features[layer] if channel is None else features[layer][..., channel:channel + 1]
    if channel is None:
        dfeatures[layer] = 2 * target
    else:
        dfeatures[layer][..., channel:channel + 1] = 2 * target
    g = network_backward(net, dfeatures, cache)
    scale = np.mean(np.abs(g), axis=2, keepdims=True) + 1e-8     # per pixel, over the colour channels
    rolled = rolled + step * g / scale
    return np.clip(np.roll(rolled, (-dy, -dx), axis=(0, 1)), 0.0, 1.0)
''', "wrong_axis", "takes mean(|g|) over the colour channels of each pixel instead of over the whole gradient"),
    "heldout_r2_dream_own_random_jitter": ("dream_step", '''
def dream_step(net, image, layer, step, shift, channel=None):
    limit = max(abs(shift[0]), abs(shift[1]), 1)
    dy, dx = np.random.randint(-limit, limit + 1, size=2)    # jitter: a random shift
    rolled = np.roll(image, (dy, dx), axis=(0, 1))
    features, cache = net.forward(rolled)
    dfeatures = [np.zeros_like(A) for A in features]
    if channel is None:
        dfeatures[layer] = 2 * features[layer]
    else:
        dfeatures[layer][..., channel] = 2 * features[layer][..., channel]
    g = network_backward(net, dfeatures, cache)
    rolled = rolled + step * g / (np.mean(np.abs(g)) + 1e-8)
    return np.clip(np.roll(rolled, (-dy, -dx), axis=(0, 1)), 0.0, 1.0)
''', "stateful", "draws its own jitter with the unseeded global generator instead of using the given shift"),
}

ALTERNATIVES = {
    "heldout_r2_gram_einsum_copy_cache": {"gram_forward": '''
def gram_forward(F):
    F = np.asarray(F, dtype=np.float64)
    G = np.einsum("pc,pd->cd", F, F) / F.shape[0]
    return G, {"F": F.copy(), "HW": F.shape[0]}
''', "gram_backward": '''
def gram_backward(dG, cache):
    F, HW = cache["F"], cache["HW"]
    return ((dG + dG.T) @ F.T).T / HW
'''},
    "heldout_r2_losses_by_loops": {"style_loss": '''
def style_loss(features, target_grams, weights):
    total = 0.0
    dfeatures = []
    for l in range(len(features)):
        G, cache = gram_forward(features[l])
        diff = G - target_grams[l]
        total += weights[l] * float(np.vdot(diff, diff))
        dfeatures.append(gram_backward(2.0 * weights[l] * diff, cache))
    return float(total), dfeatures
''', "content_loss": '''
def content_loss(F, F_target, weight):
    diff = np.subtract(F, F_target)
    return float(weight * np.vdot(diff, diff)), (2.0 * weight) * diff
'''},
    "heldout_r2_tv_by_diff_and_pad": {"tv_loss": '''
def tv_loss(image, weight):
    dv = np.diff(image, axis=0)
    dh = np.diff(image, axis=1)
    loss = weight * (np.sum(dv * dv) + np.sum(dh * dh))
    zv = np.zeros((1,) + image.shape[1:])
    zh = np.zeros((image.shape[0], 1, image.shape[2]))
    # pixel (i, j) gets +D[i-1] and -D[i]: pad D with a zero row at each end and take differences again
    grad = 2 * weight * (-np.diff(np.concatenate([zv, dv, zv], axis=0), axis=0)
                         - np.diff(np.concatenate([zh, dh, zh], axis=1), axis=1))
    return float(loss), grad
'''},
    "heldout_r2_netback_repeat_unpool": {"network_backward": '''
def network_backward(net, dfeatures, cache):
    grad = None
    for l in reversed(range(len(net.kernels))):
        pool_cache, conv_cache, relu_cache = cache[l]
        here = dfeatures[l][None].astype(np.float64)
        grad = here if grad is None else grad + here
        dX = conv_backward(relu_backward(grad, relu_cache), conv_cache)[0]
        if pool_cache is None:
            grad = dX
        else:
            shape = pool_cache[0]
            up = np.repeat(np.repeat(dX, 2, axis=1), 2, axis=2) / 4.0
            grad = np.zeros(shape)
            grad[:, :up.shape[1], :up.shape[2], :] = up
    return grad[0]
''', "dream_step": '''
def dream_step(net, image, layer, step, shift, channel=None):
    dy, dx = int(shift[0]), int(shift[1])
    shifted = np.roll(image, (dy, dx), axis=(0, 1))
    features, cache = net.forward(shifted)
    dfeatures = []
    for l, A in enumerate(features):
        d = np.zeros_like(A)
        if l == layer:
            if channel is None:
                d = 2.0 * A
            else:
                d[:, :, channel] = 2.0 * A[:, :, channel]
        dfeatures.append(d)
    g = network_backward(net, dfeatures, cache)
    moved = shifted + step * g / (np.abs(g).mean() + 1e-8)
    return np.roll(moved, (-dy, -dx), axis=(0, 1)).clip(0.0, 1.0)
''', "style_objective": '''
def style_objective(net, image, target_grams, style_weights, content_target=None, content_layer=None,
                    content_weight=0.0, tv_weight=0.0):
    features, cache = net.forward(image)
    flat = [A.reshape(-1, A.shape[-1]) for A in features]
    total, dflat = style_loss(flat, target_grams, style_weights)
    dfeatures = [np.reshape(dF, A.shape) for dF, A in zip(dflat, features)]
    if content_target is not None:
        c, dA = content_loss(features[content_layer], content_target, content_weight)
        total = total + c
        dfeatures[content_layer] = dfeatures[content_layer] + dA
    t, dI = tv_loss(image, tv_weight)
    return float(total + t), network_backward(net, dfeatures, cache) + dI
'''},
}
