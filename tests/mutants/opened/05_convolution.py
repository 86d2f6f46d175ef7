"""The first held-out part for notebook 5 (05_convolution), opened for development.

Written from the exercise texts before the diagnosis work they measured (until 2026-12-01), as students write them.
Opened once a second held-out part (tests/mutants/heldout/) was written: hidden tests and diagnoses may now be
improved with these entries in view, so their figures are no longer held-out ones.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

MUTANTS = {
    # ---------------------------------------------------------------- conv_forward_naive
    "heldout_naive_bias_inside_sum": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k] + b[k])
    return Z, (X, K, b, stride, pad)
''', "constant_factor", "added the bias inside np.sum, so b_k is counted f*f*C_in times"),
    "heldout_naive_first_image_only": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[0, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "one_example", "took every window from image 0 (X_pad[0, ...]) instead of image n"),
    "heldout_naive_kernel_size_hard_coded": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    C_out = K.shape[3]
    f = 3   # 3 x 3 filters
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "stateful", "hard-coded the kernel size f = 3 of the notebook's examples instead of reading it from K"),
    "heldout_naive_first_input_channel_only": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, 0]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, 0, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "partly_right", "summed over the first input channel only (grey images), ignoring channels 1..C_in-1"),
    "heldout_naive_filters_first_layout": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, C_out = K.shape[0], K.shape[3]
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[k]) + b[k]   # filter k
    return Z, (X, K, b, stride, pad)
''', "transpose", "indexed filter k as K[k] (filters-first layout) instead of K[:, :, :, k]"),
    # ---------------------------------------------------------------- conv_backward_naive
    "heldout_naive_backward_crop_top_left": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK, db = np.zeros(X_pad.shape), np.zeros(K.shape), np.zeros(C_out)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                for k in range(C_out):
                    dX_pad[n, rows, cols, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, rows, cols, :]
                    db[k] += dZ[n, i, j, k]
    return dX_pad[:, :H, :W, :], dK, db
''', "shifted", "cut dX out of dX_pad as its top-left H x W corner instead of dropping pad rows/columns on every side"),
    "heldout_naive_backward_dK_last_image": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK, db = np.zeros(X_pad.shape), np.zeros(K.shape), np.zeros(C_out)
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                for k in range(C_out):
                    dX_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    db[k] += dZ[n, i, j, k]
    # now the kernel gradient
    for i in range(H_out):
        for j in range(W_out):
            for k in range(C_out):
                dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
''', "one_example", "computed dK in a second loop that reuses the leftover n, so only the last image contributes"),
    "heldout_naive_backward_dX_last_filter": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK, db = np.zeros(X_pad.shape), np.zeros(K.shape), np.zeros(C_out)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                for k in range(C_out):
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, rows, cols, :]
                    db[k] += dZ[n, i, j, k]
                dX_pad[n, rows, cols, :] += dZ[n, i, j, k] * K[:, :, :, k]
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
''', "missing_term", "dX update dedented out of the k loop: the sum over filters k is replaced by the last filter"),
    # ---------------------------------------------------------------- maxpool_forward
    "heldout_maxpool_window_channel_reshape": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    windows = windows.reshape(N, H_out, W_out, f * f, C)   # the f*f values of each window, per channel
    argmax = windows.argmax(axis=3)
    out = windows.max(axis=3)
    return out, (X, argmax, f, stride)
''', "transpose", "reshaped the (N, H_out, W_out, C, f, f) windows to (..., f*f, C), mixing channels and offsets"),
    "heldout_maxpool_window_hard_coded": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    windows = sliding_window_view(X, (2, 2), axis=(1, 2))[:, ::stride, ::stride]   # 2 x 2 pooling
    H_out, W_out = windows.shape[1], windows.shape[2]
    flat = windows.reshape(N, H_out, W_out, C, 4)
    argmax = flat.argmax(axis=-1)
    return flat.max(axis=-1), (X, argmax, f, stride)
''', "stateful", "hard-coded the CNN's 2 x 2 window instead of using the argument f"),
    "heldout_maxpool_first_image_broadcast": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C))
    argmax = np.zeros((N, H_out, W_out, C), dtype=int)
    for i in range(H_out):
        for j in range(W_out):
            window = X[0, i * stride:i * stride + f, j * stride:j * stride + f, :].reshape(f * f, C)
            out[:, i, j, :] = window.max(axis=0)
            argmax[:, i, j, :] = window.argmax(axis=0)
    return out, (X, argmax, f, stride)
''', "one_example", "pooled image 0 only (X[0]) and broadcast its result to every image of the batch"),
    # ---------------------------------------------------------------- maxpool_backward
    "heldout_maxpool_backward_offset_swapped": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X.shape)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout * (argmax == v * f + u)
    return dX
''', "transpose", "decoded the flat argmax as v * f + u (column, row swapped): routes to the transposed offset"),
    "heldout_maxpool_backward_column_first_tie": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]   # (N, H_out, W_out, C, f, f)
    # the column holding the maximum, then the row of the maximum inside that column
    v_best = windows.max(axis=4).argmax(axis=-1)
    column = np.take_along_axis(windows, v_best[..., None, None], axis=5)[..., 0]
    u_best = column.argmax(axis=-1)
    dX = np.zeros(X.shape)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout * ((u_best == u) & (v_best == v))
    return dX
''', "ties", "found the maximum column first, then the row: on ties the smallest v wins, not the smallest u"),
    "heldout_maxpool_backward_2x2_hard_coded": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X.shape)
    for u in range(2):
        for v in range(2):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout * (argmax == u * 2 + v)
    return dX
''', "stateful", "hard-coded the 2 x 2 window of the CNN in the offset loops and the argmax decoding"),
    # ---------------------------------------------------------------- avgpool_forward
    "heldout_avgpool_floor_division": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    out = windows.sum(axis=(-2, -1)) // (f * f)
    return out, (X.shape, f, stride)
''', "dtype", "divided the window sums with // (floor division), so every mean is rounded down"),
    "heldout_avgpool_last_image_only": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    for n in range(X.shape[0]):
        windows = sliding_window_view(X[n], (f, f), axis=(0, 1))[::stride, ::stride]   # (H_out, W_out, C, f, f)
        out = windows.mean(axis=(-2, -1))
    return out[None], (X.shape, f, stride)
''', "one_example", "overwrote out in the loop over images and returned the last image's pooling only"),
    "heldout_avgpool_window_one_short": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j, :] = X[:, i * stride:i * stride + f - 1, j * stride:j * stride + f - 1, :].mean(axis=(1, 2))
    return out, (X.shape, f, stride)
''', "shifted", "sliced each window as [i*s : i*s + f - 1] (end taken as inclusive), so windows are (f-1) x (f-1)"),
    # ---------------------------------------------------------------- avgpool_backward
    "heldout_avgpool_backward_divides_dout_in_place": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dout /= f * f   # each input gets 1/f^2 of the gradient
    dX = np.zeros(X_shape)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout
    return dX
''', "mutates_input", "divided the caller's dout in place (dout /= f*f) before spreading it"),
    "heldout_avgpool_backward_last_window_dropped": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X_shape)
    for u in range(f):
        for v in range(f):
            rows = slice(u, u + stride * (H_out - 1), stride)
            cols = slice(v, v + stride * (W_out - 1), stride)
            dX[:, rows, cols, :] += dout[:, :H_out - 1, :W_out - 1, :] / (f * f)
    return dX
''', "shifted", "stopped the strided slices at the last window's start (exclusive end), dropping the last row/column of windows"),
    "heldout_avgpool_backward_i_j_swapped": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    dX = np.zeros(X_shape)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            dX[:, j * stride:j * stride + f, i * stride:i * stride + f, :] += dout[:, i:i + 1, j:j + 1, :] / (f * f)
    return dX
''', "transpose", "sent dout[:, i, j] to the window at rows j*s, columns i*s (i and j swapped)"),
    # ---------------------------------------------------------------- conv_forward_fast
    "heldout_fast_float64_buffers": ("conv_forward_fast", '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    X_pad[:, pad:pad + H, pad:pad + W, :] = X
    cols = np.ones((f * f * C_in + 1, N * H_out * W_out))
    blocks = cols[:-1].reshape(f, f, C_in, N, H_out, W_out)
    for u in range(f):
        for v in range(f):
            blocks[u, v] = X_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :].transpose(3, 0, 1, 2)
    Z = cols.T @ np.vstack([K.reshape(f * f * C_in, C_out), b])
    return Z.reshape(N, H_out, W_out, C_out), (X.shape, cols, K, stride, pad)
''', "dtype", "allocated X_pad and cols with np.zeros/np.ones defaults: float32 inputs give a float64 Z"),
    "heldout_fast_channel_major_reshape": ("conv_forward_fast", '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.empty((f, f, C_in, N, H_out, W_out), dtype=X_pad.dtype)
    for u in range(f):
        for v in range(f):
            cols[u, v] = X_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :].transpose(3, 0, 1, 2)
    cols = cols.reshape(f * f * C_in, N * H_out * W_out)
    Z_mat = K.reshape(f * f * C_in, C_out).T @ cols + b[:, None]   # (C_out, N * H_out * W_out)
    Z = Z_mat.reshape(N, H_out, W_out, C_out)
    return Z, (X.shape, np.vstack([cols, np.ones((1, cols.shape[1]))]), K, stride, pad)
''', "transpose", "computed Z_mat as (C_out, N*H_out*W_out) and reshaped it to (N, H_out, W_out, C_out) without transposing"),
    "heldout_fast_kernel_matrix_memoised": ("conv_forward_fast", '''
_kernel_matrices = {}


def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.empty((f * f * C_in + 1, N * H_out * W_out), dtype=np.result_type(X, K))
    blocks = cols[:-1].reshape(f, f, C_in, N, H_out, W_out)
    for u in range(f):
        for v in range(f):
            blocks[u, v] = X_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :].transpose(3, 0, 1, 2)
    cols[-1] = 1
    if K.shape not in _kernel_matrices:   # build the weight matrix once per layer shape
        _kernel_matrices[K.shape] = np.vstack([K.reshape(f * f * C_in, C_out), b])
    Z = cols.T @ _kernel_matrices[K.shape]
    return Z.reshape(N, H_out, W_out, C_out), (X.shape, cols, K, stride, pad)
''', "stateful", "cached the [K; b] matrix in a global dict by shape: a later call with new K, b reuses the old weights"),
    # ---------------------------------------------------------------- conv_backward_fast
    "heldout_fast_backward_dX_reshaped_not_transposed": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(N * H_out * W_out, C_out)
    dK_and_db = cols @ dZ_mat
    dK, db = dK_and_db[:-1].reshape(K.shape), dK_and_db[-1]
    dcols = (K.reshape(f * f * C_in, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out)
    dX_pad = np.zeros((C_in, N, H + 2 * pad, W + 2 * pad))
    for u in range(f):
        for v in range(f):
            dX_pad[:, :, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v]
    dX = dX_pad[:, :, pad:pad + H, pad:pad + W].reshape(N, H, W, C_in)   # back to channels last
    return dX, dK, db
''', "transpose", "turned the channels-first dX_pad (C_in, N, H, W) into (N, H, W, C_in) with reshape instead of transpose"),
    "heldout_fast_backward_pad_hard_coded": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, _ = cache
    pad = 1   # the CNN's convolutions use padding 1
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    db = dZ_mat.sum(axis=0)
    dcols = (K.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out).transpose(0, 1, 3, 4, 5, 2)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v]
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, db
''', "stateful", "hard-coded pad = 1 (the CNN's value) instead of the padding stored in the cache"),
    "heldout_fast_backward_negative_crop": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    db = dZ_mat.sum(axis=0)
    dcols = (K.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out).transpose(0, 1, 3, 4, 5, 2)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v]
    return dX_pad[:, pad:-pad, pad:-pad], dK, db
''', "other", "removed the padding with [pad:-pad], which is an empty slice when pad = 0 (right only for pad > 0)"),
    # ---------------------------------------------------------------- cnn_loss
    "heldout_cnn_flatten_size_hard_coded": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    flat = P2.reshape(-1, 7 * 7 * 16).T   # 784 features per digit
    Z3, dense3 = dense_forward(flat, params["W3"], params["b3"])
    J, dZ3 = softmax_cross_entropy(Z3, Y)
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dP2 = dflat.T.reshape(-1, 7, 7, 16)
    dZ2 = relu_backward(maxpool_backward(dP2, pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "stateful", "hard-coded the 7 x 7 x 16 = 784 features of the 28 x 28 table instead of reading the sizes from P2"),
    "heldout_cnn_softmax_without_shift": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(P2.shape[0], -1).T, params["W3"], params["b3"])
    m = Y.shape[1]
    E = np.exp(Z3)
    Y_hat = E / E.sum(axis=0, keepdims=True)
    J = float(-np.sum(Y * np.log(Y_hat)) / m)
    dZ3 = (Y_hat - Y) / m
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dZ2 = relu_backward(maxpool_backward(dflat.T.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "stability", "wrote softmax as exp(Z3) / sum without subtracting the max: overflow (nan) on large scores"),
    "heldout_cnn_relu_on_scores": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(P2.shape[0], -1).T, params["W3"], params["b3"])
    A3, relu3 = relu_forward(Z3)
    J, dA3 = softmax_cross_entropy(A3, Y)
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(relu_backward(dA3, relu3), dense3)
    dZ2 = relu_backward(maxpool_backward(dflat.T.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "extra_term", "put a ReLU on the dense layer's scores before the softmax (not in the table)"),
    "heldout_cnn_gradient_ascent_sign": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(P2.shape[0], -1).T, params["W3"], params["b3"])
    m = Y.shape[1]
    S = Z3 - Z3.max(axis=0, keepdims=True)
    log_probs = S - np.log(np.exp(S).sum(axis=0, keepdims=True))
    J = float(-np.sum(Y * log_probs) / m)
    dZ3 = (Y - np.exp(log_probs)) / m   # derivative of the log-likelihood
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dZ2 = relu_backward(maxpool_backward(dflat.T.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "sign", "used dJ/dZ3 = (Y - Y_hat)/m, the gradient of the log-likelihood, so every gradient has the wrong sign"),
    "heldout_cnn_cost_mean_over_classes": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(P2.shape[0], -1).T, params["W3"], params["b3"])
    S = Z3 - Z3.max(axis=0, keepdims=True)
    log_probs = S - np.log(np.exp(S).sum(axis=0, keepdims=True))
    J = float(-np.mean(np.sum(Y * log_probs, axis=1)))   # sum over the examples, mean over the classes
    dZ3 = (np.exp(log_probs) - Y) / Y.shape[1]
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dZ2 = relu_backward(maxpool_backward(dflat.T.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "wrong_axis", "summed the cost over the examples (axis 1) and averaged over the classes: J is m/10 times too large"),
}

ALTERNATIVES = {
    "heldout_conv_naive_shift_and_add": {"conv_forward_naive": '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out), dtype=np.result_type(X, K, b)) + b
    for u in range(f):   # shift the image under every kernel offset and add
        for v in range(f):
            shifted = X_pad[:, u:u + stride * (H_out - 1) + 1:stride, v:v + stride * (W_out - 1) + 1:stride, :]
            Z += shifted @ K[u, v]
    return Z, (X, K, b, stride, pad)
'''},
    "heldout_conv_naive_backward_gather_add_at": {"conv_backward_naive": '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f = K.shape[0]
    _, H_out, W_out, _ = dZ.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    rows = (np.arange(H_out) * stride)[:, None] + np.arange(f)   # (H_out, f): row of offset u in window i
    cols = (np.arange(W_out) * stride)[:, None] + np.arange(f)
    index = (slice(None), rows[:, None, :, None], cols[None, :, None, :], slice(None))
    windows = X_pad[index]   # (N, H_out, W_out, f, f, C_in)
    dtype = np.result_type(dZ, X, K)
    dK = np.einsum("nijuvc,nijk->uvck", windows, dZ).astype(dtype, copy=False)
    dX_pad = np.zeros(X_pad.shape, dtype=dtype)
    np.add.at(dX_pad, index, np.einsum("nijk,uvck->nijuvc", dZ, K))
    db = np.einsum("nijk->k", dZ).astype(dtype, copy=False)
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
'''},
    "heldout_maxpool_strict_greater_scan": {"maxpool_forward": '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    end_h, end_w = stride * (H_out - 1) + 1, stride * (W_out - 1) + 1
    best = X[:, 0:end_h:stride, 0:end_w:stride, :].copy()
    argmax = np.zeros(best.shape, dtype=np.intp)
    for u in range(f):   # row-major scan of the offsets; strict > keeps the first maximum
        for v in range(f):
            candidate = X[:, u:u + end_h:stride, v:v + end_w:stride, :]
            better = candidate > best
            best = np.where(better, candidate, best)
            argmax = np.where(better, u * f + v, argmax)
    return best, (X, argmax, f, stride)
'''},
    "heldout_maxpool_backward_scatter_add_at": {"maxpool_backward": '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    N, H_out, W_out, C = dout.shape
    u, v = np.divmod(argmax, f)
    n = np.arange(N)[:, None, None, None]
    h = np.arange(H_out)[None, :, None, None] * stride + u
    w = np.arange(W_out)[None, None, :, None] * stride + v
    c = np.arange(C)[None, None, None, :]
    dX = np.zeros(X.shape, dtype=np.result_type(dout, X))
    np.add.at(dX, (n, h, w, c), dout)   # unbuffered: windows that share a maximum add up
    return dX
'''},
    "heldout_avgpool_separable_matrices": {"avgpool_forward": '''
def _window_matrix(size, f, stride):
    """(size, n_windows) matrix with a 1 where input position h lies in window i."""
    n_windows = (size - f) // stride + 1
    h = np.arange(size)[:, None]
    start = np.arange(n_windows)[None, :] * stride
    return ((h >= start) & (h < start + f)).astype(float)


def avgpool_forward(X, f, stride):
    dtype = np.result_type(X, 1.0)
    R = _window_matrix(X.shape[1], f, stride).astype(dtype)
    S = _window_matrix(X.shape[2], f, stride).astype(dtype)
    out = np.einsum("hi,nhwc,wj->nijc", R, X, S) / (f * f)
    return out, (X.shape, f, stride)
''', "avgpool_backward": '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    dtype = np.result_type(dout, 1.0)
    R = _window_matrix(X_shape[1], f, stride).astype(dtype)
    S = _window_matrix(X_shape[2], f, stride).astype(dtype)
    return np.einsum("hi,nijc,wj->nhwc", R, dout, S) / (f * f)
'''},
    "heldout_conv_fast_fancy_index_add_at": {"conv_forward_fast": '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    rows = (np.arange(H_out) * stride)[:, None] + np.arange(f)   # (H_out, f)
    cols_ = (np.arange(W_out) * stride)[:, None] + np.arange(f)   # (W_out, f)
    index = (slice(None), rows[:, None, :, None], cols_[None, :, None, :], slice(None))
    patches = X_pad[index].reshape(N * H_out * W_out, f * f * C_in)   # rows (n, i, j), columns (u, v, c)
    Z = patches @ K.reshape(f * f * C_in, C_out) + b
    cache = {"patches": patches, "index": index, "K": K, "X_shape": X.shape, "pad": pad}
    return Z.reshape(N, H_out, W_out, C_out), cache
''', "conv_backward_fast": '''
def conv_backward_fast(dZ, cache):
    patches, index, K, pad = cache["patches"], cache["index"], cache["K"], cache["pad"]
    N, H, W, C_in = cache["X_shape"]
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (patches.T @ dZ_mat).reshape(K.shape)
    dpatches = (dZ_mat @ K.reshape(f * f * C_in, C_out).T).reshape(N, H_out, W_out, f, f, C_in)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in), dtype=dpatches.dtype)
    np.add.at(dX_pad, index, dpatches)   # col2im: overlapping windows add up
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, dZ_mat.sum(axis=0)
'''},
    "heldout_cnn_recursive_logaddexp": {"cnn_loss": '''
def cnn_loss(params, X, Y):
    grads = {}
    m = Y.shape[1]

    def through(layer, A):
        """Forward from `layer` on, then backward on the way out: returns (J, dJ/dA)."""
        if layer == 3:
            flat = A.reshape(A.shape[0], -1).T
            scores = params["W3"] @ flat + params["b3"]
            log_probs = scores - np.logaddexp.reduce(scores, axis=0, keepdims=True)
            J = -np.sum(Y * log_probs) / m
            dscores = (np.exp(log_probs) - Y) / m
            grads["W3"] = dscores @ flat.T
            grads["b3"] = dscores.sum(axis=1, keepdims=True)
            return J, (params["W3"].T @ dscores).T.reshape(A.shape)
        Z, conv = conv_forward_fast(A, params[f"K{layer}"], params[f"b{layer}"], stride=1, pad=1)
        P, pool = maxpool_forward(np.maximum(Z, 0), 2, 2)
        J, dP = through(layer + 1, P)
        dZ = np.where(Z > 0, maxpool_backward(dP, pool), 0)
        dA, grads[f"K{layer}"], grads[f"b{layer}"] = conv_backward_fast(dZ, conv)
        return J, dA

    J, _ = through(1, X)
    return float(J), grads
'''},
}
