"""Wrong and alternative answers to notebook 5, written as students write them.

MUTANTS: name -> (function's grade_id, code, phrase the feedback must contain or None).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.

A backward pass receives the cache of the reference forward pass:
conv_forward_naive -> (X, K, b, stride, pad); maxpool_forward -> (X, argmax, f, stride);
avgpool_forward -> (X.shape, f, stride); conv_forward_fast -> (X.shape, cols, K, stride, pad) with
cols of shape (f * f * C_in + 1, N * H_out * W_out): rows in (u, v, c) order, then a row of ones (the bias's input).
"""

MUTANTS = {
    # ---------------------------------------------------------------- conv_forward_naive
    "naive_true_convolution": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    K_flipped = K[::-1, ::-1]   # convolution flips the kernel
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K_flipped[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "flipped"),
    "naive_windows_ignore_stride": ("conv_forward_naive", '''
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
                window = X_pad[n, i:i + f, j:j + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "move by 1 instead of by the stride"),
    "naive_output_size_off_by_one": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride
    W_out = (W + 2 * pad - f) // stride
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "the output size is"),
    "naive_no_bias": ("conv_forward_naive", '''
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
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k])
    return Z, (X, K, b, stride, pad)
''', "bias b is not added"),
    "naive_edge_padding": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="edge")
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "pad with zeros"),
    # ---------------------------------------------------------------- conv_backward_naive
    "naive_backward_flipped_kernel": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK = np.zeros_like(X_pad), np.zeros_like(K)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                for k in range(dZ.shape[3]):
                    dX_pad[n, rows, cols, :] += dZ[n, i, j, k] * K[::-1, ::-1, :, k]   # backprop = full convolution
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, rows, cols, :]
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, dZ.sum(axis=(0, 1, 2))
''', "dX uses the flipped kernel"),
    "naive_backward_padding_kept": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX, dK, db = np.zeros_like(X_pad), np.zeros_like(K), np.zeros_like(b)
    for n in range(X.shape[0]):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                for k in range(dZ.shape[3]):
                    dX[n, rows, cols, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, rows, cols, :]
                    db[k] += dZ[n, i, j, k]
    return dX, dK, db
''', "remove the padding"),
    "naive_backward_averaged_over_batch": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK = np.zeros_like(X_pad), np.zeros_like(K)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                for k in range(dZ.shape[3]):
                    dX_pad[n, rows, cols, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, rows, cols, :]
    # average over the batch, like the cost
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK / N, dZ.sum(axis=(0, 1, 2)) / N
''', "divided by the batch size"),
    "naive_backward_stride_ignored": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK = np.zeros_like(X_pad), np.zeros_like(K)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                for k in range(dZ.shape[3]):
                    dX_pad[n, i:i + f, j:j + f, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, i:i + f, j:j + f, :]
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, dZ.sum(axis=(0, 1, 2))
''', "ignores the stride"),
    "naive_backward_overwrites": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK = np.zeros_like(X_pad), np.zeros_like(K)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                dX_pad[n, rows, cols, :] = np.sum(K * dZ[n, i, j], axis=3)
                dK += X_pad[n, rows, cols, :, None] * dZ[n, i, j]
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, dZ.sum(axis=(0, 1, 2))
''', "overwrite each other's gradient"),
    "naive_backward_db_summed_everywhere": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK = np.zeros_like(X_pad), np.zeros_like(K)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                for k in range(dZ.shape[3]):
                    dX_pad[n, rows, cols, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, rows, cols, :]
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, np.sum(dZ)
''', "over n, i, j only"),
    "naive_backward_dK_summed_over_channels": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad, dK = np.zeros_like(X_pad), np.zeros_like(K)
    for n in range(N):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                rows, cols = slice(i * stride, i * stride + f), slice(j * stride, j * stride + f)
                for k in range(dZ.shape[3]):
                    dX_pad[n, rows, cols, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += np.sum(dZ[n, i, j, k] * X_pad[n, rows, cols, :], axis=2, keepdims=True)
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, dZ.sum(axis=(0, 1, 2))
''', "summed over the input channels"),
    # ---------------------------------------------------------------- maxpool_forward
    "maxpool_takes_average": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return windows.mean(axis=(4, 5)), (X, None, f, stride)
''', "average of each window"),
    "maxpool_output_size_off_by_one": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride, (W - f) // stride
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j, :] = X[:, i * stride:i * stride + f, j * stride:j * stride + f, :].max(axis=(1, 2))
    return out, (X, None, f, stride)
''', "the output size is"),
    "maxpool_windows_ignore_stride": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j, :] = X[:, i:i + f, j:j + f, :].max(axis=(1, 2))
    return out, (X, None, f, stride)
''', "move by 1 instead of by the stride"),
    "maxpool_over_channels_too": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            window = X[:, i * stride:i * stride + f, j * stride:j * stride + f, :]
            out[:, i, j, :] = window.max(axis=(1, 2, 3))[:, None]
    return out, (X, None, f, stride)
''', "over the channels too"),
    "maxpool_maximum_started_at_zero": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            for u in range(f):
                for v in range(f):
                    out[:, i, j] = np.maximum(out[:, i, j], X[:, i * stride + u, j * stride + v])
    return out, (X, None, f, stride)
''', "starts from 0"),
    "maxpool_windows_step_by_f": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    # windows side by side: the next window starts where the last one ended
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::f, ::f]
    return windows.max(axis=(4, 5)), (X, None, f, stride)
''', "the output size is"),
    # ---------------------------------------------------------------- maxpool_backward
    "maxpool_backward_every_cell": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    dX = np.zeros(X.shape)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            dX[:, i * stride:i * stride + f, j * stride:j * stride + f, :] += dout[:, i:i + 1, j:j + 1, :]
    return dX
''', "every cell of the window"),
    "maxpool_backward_spread_evenly": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    dX = np.zeros(X.shape)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            dX[:, i * stride:i * stride + f, j * stride:j * stride + f, :] += dout[:, i:i + 1, j:j + 1, :] / f ** 2
    return dX
''', "spread evenly"),
    "maxpool_backward_overwrites": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    dX = np.zeros(X.shape)
    N, H_out, W_out, C = dout.shape
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                for c in range(C):
                    window = X[n, i * stride:i * stride + f, j * stride:j * stride + f, c]
                    mask = np.zeros((f, f))
                    mask[np.unravel_index(np.argmax(window), (f, f))] = 1
                    dX[n, i * stride:i * stride + f, j * stride:j * stride + f, c] = mask * dout[n, i, j, c]
    return dX
''', "overwrite each other's gradient"),
    "maxpool_backward_all_tied_maxima": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    dX = np.zeros(X.shape)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            window = X[:, i * stride:i * stride + f, j * stride:j * stride + f, :]
            mask = window == window.max(axis=(1, 2), keepdims=True)
            dX[:, i * stride:i * stride + f, j * stride:j * stride + f, :] += mask * dout[:, i:i + 1, j:j + 1, :]
    return dX
''', "every tied maximum"),
    "maxpool_backward_last_maximum": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    dX = np.zeros(X.shape)
    N, H_out, W_out, C = dout.shape
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                for c in range(C):
                    window = X[n, i * stride:i * stride + f, j * stride:j * stride + f, c]
                    u, v = np.argwhere(window == window.max())[-1]
                    dX[n, i * stride + u, j * stride + v, c] += dout[n, i, j, c]
    return dX
''', "last maximum"),
    # ---------------------------------------------------------------- avgpool_forward
    "avgpool_window_sum": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return windows.sum(axis=(4, 5)), (X.shape, f, stride)
''', "sum of each window"),
    "avgpool_divided_by_f": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return windows.sum(axis=(4, 5)) / f, (X.shape, f, stride)
''', "divided by f"),
    "avgpool_windows_ignore_stride": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, :H_out, :W_out]
    return windows.mean(axis=(4, 5)), (X.shape, f, stride)
''', "move by 1 instead of by the stride"),
    "avgpool_output_size_off_by_one": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride, (W - f) // stride
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j] = X[:, i * stride:i * stride + f, j * stride:j * stride + f].mean(axis=(1, 2))
    return out, (X.shape, f, stride)
''', "the output size is"),
    "avgpool_takes_maximum": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return windows.max(axis=(-2, -1)), (X.shape, f, stride)
''', "maximum of each window"),
    "avgpool_over_channels_too": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j, :] = X[:, i * stride:i * stride + f,
                                j * stride:j * stride + f, :].mean(axis=(1, 2, 3))[:, None]
    return out, (X.shape, f, stride)
''', "over the channels too"),
    # ---------------------------------------------------------------- avgpool_backward
    "conv_naive_float32_windows": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    H_out, W_out = (H + 2 * pad - f) // stride + 1, (W + 2 * pad - f) // stride + 1
    Z = np.zeros((N, H_out, W_out, C_out))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :].astype(np.float32)
                for c in range(C_out):
                    Z[n, i, j, c] = np.sum(window * K[..., c]) + b[c]
    return Z, (X, K, b, stride, pad)
''', "below float32's precision"),
    "avgpool_backward_float32_buffer_cast_back": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X_shape, dtype=np.float32)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout / (f * f)
    return dX.astype(dout.dtype)
''', "all float32 numbers"),
    "avgpool_backward_no_division": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    dX = np.zeros(X_shape)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            dX[:, i * stride:i * stride + f, j * stride:j * stride + f, :] += dout[:, i:i + 1, j:j + 1, :]
    return dX
''', "1/(f*f) of the mean is missing"),
    "avgpool_backward_divided_by_f": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    dX = np.zeros(X_shape)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            dX[:, i * stride:i * stride + f, j * stride:j * stride + f, :] += dout[:, i:i + 1, j:j + 1, :] / f
    return dX
''', "divided by f"),
    "avgpool_backward_overwrites": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    dX = np.zeros(X_shape)
    for n in range(dout.shape[0]):
        for i in range(dout.shape[1]):
            for j in range(dout.shape[2]):
                dX[n, i * stride:i * stride + f, j * stride:j * stride + f, :] = dout[n, i, j] / (f * f)
    return dX
''', "overwrite each other's gradient"),
    "avgpool_backward_stride_ignored": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    dX = np.zeros(X_shape)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            dX[:, i:i + f, j:j + f, :] += dout[:, i:i + 1, j:j + 1, :] / (f * f)
    return dX
''', "ignores the stride"),
    "avgpool_backward_upsampled_by_repeat": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    # every output spreads over its f x f block
    return np.repeat(np.repeat(dout, f, axis=1), f, axis=2) / (f * f)
''', "expected X's shape"),
    # ---------------------------------------------------------------- conv_forward_fast
    "fast_loops_over_rows": ("conv_forward_fast", '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out))
    for i in range(H_out):   # one output row at a time
        rows = sliding_window_view(X_pad[:, i * stride:i * stride + f], (f, f), axis=(1, 2))[:, 0, ::stride]
        Z[:, i] = np.einsum("njcuv,uvck->njk", rows[:, :W_out], K) + b
    cols = sliding_window_view(X_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    cols = cols.transpose(4, 5, 3, 0, 1, 2).reshape(f * f * C_in, -1)
    return Z, (X.shape, np.vstack([cols, np.ones(cols.shape[1])]), K, stride, pad)
''', "loop over pixels"),
    "fast_window_order_mismatch": ("conv_forward_fast", '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(X_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]   # (N, H_out, W_out, C, f, f)
    _, H_out, W_out = windows.shape[:3]
    cols = windows.reshape(N * H_out * W_out, C_in * f * f)
    Z = cols @ K.reshape(f * f * C_in, C_out) + b
    return Z.reshape(N, H_out, W_out, C_out), (X.shape, np.vstack([cols.T, np.ones(len(cols))]), K, stride, pad)
''', "same (u, v, c) order"),
    "fast_true_convolution": ("conv_forward_fast", '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(X_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]   # (N, H_out, W_out, C, f, f)
    Z = np.einsum("nijcuv,uvck->nijk", windows, K[::-1, ::-1]) + b
    cols = windows.transpose(4, 5, 3, 0, 1, 2).reshape(-1, Z[..., 0].size)
    return Z, (X.shape, np.vstack([cols, np.ones(cols.shape[1])]), K, stride, pad)
''', "flipped"),
    "fast_output_size_ceil": ("conv_forward_fast", '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = int(np.ceil((H + 2 * pad - f) / stride)) + 1
    W_out = int(np.ceil((W + 2 * pad - f) / stride)) + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad + stride), (pad, pad + stride), (0, 0)))
    cols = np.empty((f, f, C_in, N, H_out, W_out))
    for u in range(f):
        for v in range(f):
            cols[u, v] = X_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride].transpose(3, 0, 1, 2)
    cols = cols.reshape(f * f * C_in, -1)
    Z = cols.T @ K.reshape(-1, C_out) + b
    cols = np.vstack([cols, np.ones(cols.shape[1])])
    return Z.reshape(N, H_out, W_out, C_out), (X.shape, cols, K, stride, pad)
''', "the output size is"),
    "fast_no_bias": ("conv_forward_fast", '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(X_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    Z = np.einsum("nijcuv,uvck->nijk", windows, K)
    cols = windows.transpose(4, 5, 3, 0, 1, 2).reshape(-1, Z[..., 0].size)
    return Z, (X.shape, np.vstack([cols, np.ones(cols.shape[1])]), K, stride, pad)
''', "bias b is not added"),
    # ---------------------------------------------------------------- conv_backward_fast
    "fast_backward_padding_kept": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    dcols = (K.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out).transpose(0, 1, 3, 4, 5, 2)
    dX = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v]
    return dX, dK, dZ_mat.sum(axis=0)
''', "remove the padding"),
    "fast_backward_col2im_assigns": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    dcols = (K.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out).transpose(0, 1, 3, 4, 5, 2)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] = dcols[u, v]
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ_mat.sum(axis=0)
''', "must add up"),
    "fast_backward_stride_ignored": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    dcols = (K.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out).transpose(0, 1, 3, 4, 5, 2)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + H_out, v:v + W_out] += dcols[u, v]
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ_mat.sum(axis=0)
''', "ignores the stride"),
    "fast_backward_flipped_kernel": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    K_flipped = K[::-1, ::-1]   # the gradient of a convolution is a convolution with the flipped kernel
    dcols = (K_flipped.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v].transpose(1, 2, 3, 0)
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ_mat.sum(axis=0)
''', "dX uses the flipped kernel"),
    "fast_backward_db_wrong_axis": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    dcols = (K.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v].transpose(1, 2, 3, 0)
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ_mat.sum(axis=1)
''', "over n, i, j only"),
    "fast_backward_dK_reshaped_not_transposed": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (dZ_mat.T @ cols[:-1].T).reshape(K.shape)
    dcols = (K.reshape(-1, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v].transpose(1, 2, 3, 0)
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ_mat.sum(axis=0)
''', "transpose it"),
    "fast_backward_loops_over_pixels": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:-1] @ dZ_mat).reshape(K.shape)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in))
    for i in range(H_out):
        for j in range(W_out):
            dX_pad[:, i * stride:i * stride + f, j * stride:j * stride + f] += np.einsum(
                "uvck,nk->nuvc", K, dZ[:, i, j])
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ_mat.sum(axis=0)
''', "loop over pixels"),
    # ---------------------------------------------------------------- cnn_loss
    "cnn_missing_relu_backward": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(len(X), -1).T, params["W3"], params["b3"])
    J, dZ3 = softmax_cross_entropy(Z3, Y)
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dZ2 = maxpool_backward(dflat.T.reshape(P2.shape), pool2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = maxpool_backward(dP1, pool1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', None),
    "cnn_unflatten_without_transpose": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(len(X), -1).T, params["W3"], params["b3"])
    J, dZ3 = softmax_cross_entropy(Z3, Y)
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dZ2 = relu_backward(maxpool_backward(dflat.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', None),
    "cnn_layer1_without_relu": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    P1, pool1 = maxpool_forward(Z1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    P2, pool2 = maxpool_forward(Z2, 2, 2)
    A2, relu2 = relu_forward(P2)
    Z3, dense3 = dense_forward(A2.reshape(len(X), -1).T, params["W3"], params["b3"])
    J, dZ3 = softmax_cross_entropy(Z3, Y)
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dP2 = relu_backward(dflat.T.reshape(P2.shape), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(maxpool_backward(dP2, pool2), conv2)
    _, grads["K1"], grads["b1"] = conv_backward_fast(maxpool_backward(dP1, pool1), conv1)
    return J, grads
''', None),
    "cnn_b3_flattened": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(len(X), -1).T, params["W3"], params["b3"])
    J, dZ3 = softmax_cross_entropy(Z3, Y)
    grads = {}
    dflat, grads["W3"], db3 = dense_backward(dZ3, dense3)
    grads["b3"] = db3.ravel()
    dZ2 = relu_backward(maxpool_backward(dflat.T.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "expected shape (5, 1)"),
    "cnn_cost_summed_over_batch": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(len(X), -1).T, params["W3"], params["b3"])
    # softmax cross-entropy written out
    S = Z3 - Z3.max(axis=0, keepdims=True)
    probs = np.exp(S) / np.exp(S).sum(axis=0, keepdims=True)
    J = float(-np.sum(Y * np.log(probs)))
    dZ3 = probs - Y
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dZ2 = relu_backward(maxpool_backward(dflat.T.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "J is summed over the batch"),
    "cnn_gradient_not_averaged": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    Z1, conv1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1, relu1 = relu_forward(Z1)
    P1, pool1 = maxpool_forward(A1, 2, 2)
    Z2, conv2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2, relu2 = relu_forward(Z2)
    P2, pool2 = maxpool_forward(A2, 2, 2)
    Z3, dense3 = dense_forward(P2.reshape(len(X), -1).T, params["W3"], params["b3"])
    J, _ = softmax_cross_entropy(Z3, Y)
    S = np.exp(Z3 - Z3.max(axis=0))
    dZ3 = S / S.sum(axis=0) - Y          # dJ/dZ3 = softmax - Y
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dZ3, dense3)
    dZ2 = relu_backward(maxpool_backward(dflat.T.reshape(P2.shape), pool2), relu2)
    dP1, grads["K2"], grads["b2"] = conv_backward_fast(dZ2, conv2)
    dZ1 = relu_backward(maxpool_backward(dP1, pool1), relu1)
    _, grads["K1"], grads["b1"] = conv_backward_fast(dZ1, conv1)
    return J, grads
''', "did you forget to average"),
    # ---- what every call must keep (checked by the judge on every call: autograder/properties.py)
    "maxpool_float32": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    X32 = X.astype(np.float32)
    out = np.zeros((N, H_out, W_out, C), dtype=np.float32)
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j] = X32[:, i * stride:i * stride + f, j * stride:j * stride + f].max(axis=(1, 2))
    return out, (X32, f, stride)
''', "returned float32 values for float64 inputs"),
}

ALTERNATIVES = {
    "conv_naive_vectorised_over_filters": {"conv_forward_naive": '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, _ = X.shape
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    H_out, W_out = (H + 2 * pad - f) // stride + 1, (W + 2 * pad - f) // stride + 1
    Z = np.empty((N, H_out, W_out, K.shape[3]))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f]
                Z[n, i, j] = np.tensordot(window, K, axes=3) + b
    return Z, {"X": X, "K": K, "stride": stride, "pad": pad}
''', "conv_backward_naive": '''
def conv_backward_naive(dZ, cache):
    X, K, s, p = cache["X"], cache["K"], cache["stride"], cache["pad"]
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (p, p), (p, p), (0, 0)))
    dX_pad = np.zeros(X_pad.shape)
    dK = np.zeros(K.shape)
    for n in range(X.shape[0]):
        for i in range(dZ.shape[1]):
            for j in range(dZ.shape[2]):
                window = X_pad[n, i * s:i * s + f, j * s:j * s + f]
                dX_pad[n, i * s:i * s + f, j * s:j * s + f] += K @ dZ[n, i, j]
                dK += np.multiply.outer(window, dZ[n, i, j])
    return dX_pad[:, p:p + X.shape[1], p:p + X.shape[2]], dK, dZ.sum(axis=(0, 1, 2))
'''},
    "conv_naive_einsum_windows": {"conv_forward_naive": '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(X_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    return np.einsum("nijcuv,uvck->nijk", windows, K) + b, (X, K, b, stride, pad)
''', "conv_backward_naive": '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    f = K.shape[0]
    N, H, W, C = X.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    H_out, W_out = dZ.shape[1:3]
    dX_pad = np.zeros_like(X_pad)
    dK = np.zeros_like(K)
    for u in range(f):   # one kernel offset at a time: every window at once
        for v in range(f):
            patch = X_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride]
            dK[u, v] = np.einsum("nijc,nijk->ck", patch, dZ)
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dZ @ K[u, v].T
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ.sum(axis=(0, 1, 2))
'''},
    "maxpool_loops": {"maxpool_forward": '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C), dtype=X.dtype)
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j] = X[:, i * stride:i * stride + f, j * stride:j * stride + f].max(axis=(1, 2))
    return out, (X, f, stride)
''', "maxpool_backward": '''
def maxpool_backward(dout, cache):
    X, f, stride = cache
    dX = np.zeros(X.shape, dtype=dout.dtype)
    N, H_out, W_out, C = dout.shape
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                for c in range(C):
                    window = X[n, i * stride:i * stride + f, j * stride:j * stride + f, c]
                    u, v = divmod(int(np.argmax(window)), f)
                    dX[n, i * stride + u, j * stride + v, c] += dout[n, i, j, c]
    return dX
'''},
    "maxpool_mask_first_tie": {"maxpool_forward": '''
def maxpool_forward(X, f, stride):
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    out = windows.max(axis=(4, 5))
    return out, {"X": X, "f": f, "stride": stride}
''', "maxpool_backward": '''
def maxpool_backward(dout, cache):
    X, f, s = cache["X"], cache["f"], cache["stride"]
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::s, ::s]
    N, H_out, W_out, C = dout.shape
    flat = windows.reshape(N, H_out, W_out, C, f * f)
    is_max = flat == flat.max(axis=-1, keepdims=True)
    first = is_max & (np.cumsum(is_max, axis=-1) == 1)   # keep only the first maximum of each window
    first = first.reshape(N, H_out, W_out, C, f, f)
    dX = np.zeros(X.shape)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + s * H_out:s, v:v + s * W_out:s] += dout * first[..., u, v]
    return dX
'''},
    "avgpool_loops": {"avgpool_forward": '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C))
    for i in range(H_out):
        for j in range(W_out):
            out[:, i, j] = np.mean(X[:, i * stride:i * stride + f, j * stride:j * stride + f], axis=(1, 2))
    return out, (X, f, stride)
''', "avgpool_backward": '''
def avgpool_backward(dout, cache):
    X, f, stride = cache
    dX = np.zeros_like(X)
    for i in range(dout.shape[1]):
        for j in range(dout.shape[2]):
            dX[:, i * stride:i * stride + f, j * stride:j * stride + f] += dout[:, i, j][:, None, None] / f ** 2
    return dX
'''},
    "conv_fast_sliding_window_einsum": {"conv_forward_fast": '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    f = K.shape[0]
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(X_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]   # (N, H_out, W_out, C, f, f)
    Z = np.einsum("nijcuv,uvck->nijk", windows, K, optimize=True) + b
    return Z, (X_pad, windows, K, stride, pad)
''', "conv_backward_fast": '''
def conv_backward_fast(dZ, cache):
    X_pad, windows, K, stride, pad = cache
    f = K.shape[0]
    _, H_out, W_out, _ = dZ.shape
    dK = np.einsum("nijcuv,nijk->uvck", windows, dZ, optimize=True)
    dX_pad = np.zeros_like(X_pad)
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += np.tensordot(
                dZ, K[u, v], axes=(3, 1))
    H, W = X_pad.shape[1] - 2 * pad, X_pad.shape[2] - 2 * pad
    return dX_pad[:, pad:pad + H, pad:pad + W], dK, dZ.sum(axis=(0, 1, 2))
'''},
    "conv_fast_channels_last_im2col": {"conv_forward_fast": '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    N, H, W, C = X.shape
    f, _, _, C_out = K.shape
    H_out, W_out = (H + 2 * pad - f) // stride + 1, (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = sliding_window_view(X_pad, (f, f), axis=(1, 2))[:, ::stride, ::stride]
    # rows (n, i, j), columns (u, v, c)
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(N * H_out * W_out, f * f * C)
    Z = cols @ K.reshape(f * f * C, C_out) + b
    return Z.reshape(N, H_out, W_out, C_out), {"cols": cols, "K": K, "X_shape": X.shape, "stride": stride, "pad": pad}
''', "conv_backward_fast": '''
def conv_backward_fast(dZ, cache):
    cols, K, (N, H, W, C), s, p = cache["cols"], cache["K"], cache["X_shape"], cache["stride"], cache["pad"]
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols.T @ dZ_mat).reshape(K.shape)
    dcols = (dZ_mat @ K.reshape(-1, C_out).T).reshape(N, H_out, W_out, f, f, C)
    dX_pad = np.zeros((N, H + 2 * p, W + 2 * p, C))
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + s * H_out:s, v:v + s * W_out:s] += dcols[:, :, :, u, v]
    return dX_pad[:, p:p + H, p:p + W], dK, np.einsum("nijk->k", dZ)
'''},
    "cnn_pool_then_relu": {"cnn_loss": '''
def cnn_loss(params, X, Y):
    # ReLU is increasing, so max pooling and ReLU commute: pooling first is the same network
    caches = []
    A = X
    for layer in (1, 2):
        Z, conv = conv_forward_fast(A, params[f"K{layer}"], params[f"b{layer}"], stride=1, pad=1)
        P, pool = maxpool_forward(Z, 2, 2)
        A, relu = relu_forward(P)
        caches.append((conv, pool, relu))
    scores, dense = dense_forward(A.reshape(len(X), -1).T, params["W3"], params["b3"])
    J, dscores = softmax_cross_entropy(scores, Y)
    grads = {}
    dflat, grads["W3"], grads["b3"] = dense_backward(dscores, dense)
    dA = dflat.T.reshape(A.shape)
    for layer, (conv, pool, relu) in zip((2, 1), reversed(caches)):
        dZ = maxpool_backward(relu_backward(dA, relu), pool)
        dA, grads[f"K{layer}"], grads[f"b{layer}"] = conv_backward_fast(dZ, conv)
    return J, grads
'''},
    "cnn_loss_with_naive_layers": {"cnn_loss": '''
def cnn_loss(params, X, Y):
    # the loop versions of the layers compute the same thing, only slower
    caches = {}
    A = X
    for layer in (1, 2):
        Z, caches[f"conv{layer}"] = conv_forward_naive(A, params[f"K{layer}"], params[f"b{layer}"], stride=1, pad=1)
        caches[f"Z{layer}"] = Z
        A, caches[f"pool{layer}"] = maxpool_forward(np.maximum(Z, 0), 2, 2)
    N = X.shape[0]
    flat = A.reshape(N, -1)                      # (N, D)
    scores = flat @ params["W3"].T + params["b3"].T   # (N, n_classes)
    scores = scores - scores.max(axis=1, keepdims=True)
    log_p = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    J = -np.sum(Y.T * log_p) / N
    dscores = (np.exp(log_p) - Y.T) / N          # (N, n_classes)
    grads = {"W3": dscores.T @ flat, "b3": dscores.sum(axis=0)[:, None]}
    dA = (dscores @ params["W3"]).reshape(A.shape)
    for layer in (2, 1):
        dZ = maxpool_backward(dA, caches[f"pool{layer}"]) * (caches[f"Z{layer}"] > 0)
        dA, grads[f"K{layer}"], grads[f"b{layer}"] = conv_backward_naive(dZ, caches[f"conv{layer}"])
    return float(J), grads
'''},
    "pools_by_reshape_and_add_at": {"avgpool_forward": '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = (H - f) // stride + 1, (W - f) // stride + 1
    rows = (np.arange(H_out) * stride)[:, None] + np.arange(f)   # (H_out, f) row indices of every window
    cols = (np.arange(W_out) * stride)[:, None] + np.arange(f)
    windows = X[:, rows[:, None, :, None], cols[None, :, None, :], :]   # (N, H_out, W_out, f, f, C)
    return windows.sum(axis=(3, 4)) / f ** 2, (X.shape, f, stride)
''', "avgpool_backward": '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    N, H_out, W_out, C = dout.shape
    rows = (np.arange(H_out) * stride)[:, None] + np.arange(f)
    cols = (np.arange(W_out) * stride)[:, None] + np.arange(f)
    dX = np.zeros(X_shape)
    share = np.broadcast_to((dout / f ** 2)[:, :, :, None, None, :], (N, H_out, W_out, f, f, C))
    np.add.at(dX, (slice(None), rows[:, None, :, None], cols[None, :, None, :], slice(None)), share)
    return dX
'''},
}
