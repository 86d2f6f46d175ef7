"""Second held-out part for notebook 5 (05_convolution): wrong answers with their categories and correct alternatives.

Written from the exercise statements alone, by someone who saw neither the hidden tests nor the diagnosis engine,
before the work it measures. Never tune a hidden test or a diagnosis to these entries: they measure, they do not steer.
MUTANTS: name -> (function's grade_id, code, true category, what the student did, in one line).
ALTERNATIVES: name -> {grade_id: code}: correct answers that must get full points everywhere.
"""

_NAIVE_BACKWARD_OK = '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad = np.zeros_like(X_pad, dtype=np.result_type(dZ, K))
    dK = np.zeros(K.shape, dtype=np.result_type(dZ, X))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                h, w = i * stride, j * stride
                for k in range(C_out):
                    g = dZ[n, i, j, k]
                    dX_pad[n, h:h + f, w:w + f, :] += g * K[:, :, :, k]
                    dK[:, :, :, k] += g * X_pad[n, h:h + f, w:w + f, :]
    db = dZ.sum(axis=(0, 1, 2))
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
'''

_IM2COL = '''
def _im2col(X, f, stride, pad, dtype):
    N, H, W, C_in = X.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    cols = np.empty((f, f, C_in, N, H_out, W_out), dtype=dtype)
    for u in range(f):
        for v in range(f):
            cols[u, v] = X_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :].transpose(3, 0, 1, 2)
    cols = cols.reshape(f * f * C_in, N * H_out * W_out)
    return np.vstack([cols, np.ones((1, cols.shape[1]), dtype=dtype)]), H_out, W_out
'''

MUTANTS = {
    "heldout_r2_naive_pads_bottom_right": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (0, 2 * pad), (0, 2 * pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out), dtype=np.result_type(X, K, b))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "shifted", "puts all 2p rows and columns of zeros after the image (bottom and right) instead of p on each side"),
    "heldout_r2_naive_float32_output": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out), dtype=np.float32)
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "dtype", "allocates the output in float32 (as the CNN trains), so float64 inputs give a float32 Z"),
    "heldout_r2_naive_kernel_u_v_swapped": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out), dtype=np.result_type(X, K, b))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                for k in range(C_out):
                    total = b[k]
                    for u in range(f):
                        for v in range(f):
                            for c in range(C_in):
                                total += X_pad[n, i * stride + u, j * stride + v, c] * K[v, u, c, k]
                    Z[n, i, j, k] = total
    return Z, (X, K, b, stride, pad)
''', "transpose", "indexes the kernel as K[v, u, c, k], the filter transposed"),
    "heldout_r2_naive_stride_rows_only": ("conv_forward_naive", '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.zeros((N, H_out, W_out, C_out), dtype=np.result_type(X, K, b))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j:j + f, :]
                for k in range(C_out):
                    Z[n, i, j, k] = np.sum(window * K[:, :, :, k]) + b[k]
    return Z, (X, K, b, stride, pad)
''', "shifted", "moves the window by the stride down the rows but by 1 along the columns"),
    "heldout_r2_naive_backward_db_first_image": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad = np.zeros_like(X_pad)
    dK = np.zeros_like(K)
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                h, w = i * stride, j * stride
                for k in range(C_out):
                    dX_pad[n, h:h + f, w:w + f, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, h:h + f, w:w + f, :]
    db = dZ[0].sum(axis=(0, 1))
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
''', "one_example", "sums dZ over the positions of the first image only for db"),
    "heldout_r2_naive_backward_dK_mean_over_positions": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad = np.zeros_like(X_pad)
    dK = np.zeros_like(K)
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                h, w = i * stride, j * stride
                for k in range(C_out):
                    dX_pad[n, h:h + f, w:w + f, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, h:h + f, w:w + f, :]
    dK /= H_out * W_out          # the kernel is shared by every position: average its gradient
    db = dZ.sum(axis=(0, 1, 2))
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
''', "constant_factor", "averages the shared kernel's gradient over the output positions instead of summing"),
    "heldout_r2_naive_backward_dK_flipped_window": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad = np.zeros_like(X_pad)
    dK = np.zeros_like(K)
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                h, w = i * stride, j * stride
                window = X_pad[n, h:h + f, w:w + f, :]
                for k in range(C_out):
                    dX_pad[n, h:h + f, w:w + f, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * window[::-1, ::-1, :]
    db = dZ.sum(axis=(0, 1, 2))
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
''', "transpose", "flips the input window (the 'backward pass has a flip' remark) when accumulating dK"),
    "heldout_r2_maxpool_reshape_blocks": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out, W_out = H // f, W // f
    blocks = X[:, :H_out * f, :W_out * f, :].reshape(N, H_out, f, W_out, f, C)
    windows = blocks.transpose(0, 1, 3, 5, 2, 4).reshape(N, H_out, W_out, C, f * f)
    argmax = windows.argmax(axis=-1)
    out = windows.max(axis=-1)
    return out, (X, argmax, f, stride)
''', "partly_right", "pools non-overlapping f x f blocks by a reshape, right only when stride == f"),
    "heldout_r2_maxpool_abs_max": ("maxpool_forward", '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    windows = sliding_window_view(X, (f, f), axis=(1, 2))[:, ::stride, ::stride][:, :H_out, :W_out]
    windows = windows.reshape(N, H_out, W_out, C, f * f)
    argmax = np.abs(windows).argmax(axis=-1)
    out = np.take_along_axis(windows, argmax[..., None], axis=-1)[..., 0]
    return out, (X, argmax, f, stride)
''', "other", "picks the entry of largest magnitude (argmax of |window|) instead of the largest value"),
    "heldout_r2_maxpool_backward_float32": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X.shape, dtype=np.float32)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout * (argmax == u * f + v)
    return dX
''', "dtype", "accumulates the routed gradient in a float32 buffer"),
    "heldout_r2_maxpool_backward_steps_by_f": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros_like(X, dtype=dout.dtype)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + f * H_out:f, v:v + f * W_out:f, :] += dout * (argmax == u * f + v)
    return dX
''', "shifted", "places window (i, j) at (i f, j f) instead of (i s, j s): right only when stride == f"),
    "heldout_r2_maxpool_backward_first_channel_routing": ("maxpool_backward", '''
def maxpool_backward(dout, cache):
    X, argmax, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros_like(X, dtype=dout.dtype)
    where = argmax[..., :1]          # the position of the maximum, the same for every channel
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout * (where == u * f + v)
    return dX
''', "partly_right", "uses the maximum's position of channel 0 for every channel (right for C = 1)"),
    "heldout_r2_avgpool_rows_only_stride": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C), dtype=X.dtype)
    for u in range(f):
        for v in range(f):
            out += X[:, u:u + stride * H_out:stride, v:v + W_out, :]
    return out / (f * f), (X.shape, f, stride)
''', "shifted", "steps the windows by the stride down the rows but by 1 along the columns"),
    "heldout_r2_avgpool_float32_sum": ("avgpool_forward", '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    out = np.zeros((N, H_out, W_out, C), dtype=np.float32)
    for u in range(f):
        for v in range(f):
            out += X[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :]
    return out / (f * f), (X.shape, f, stride)
''', "dtype", "accumulates the window sums in a float32 buffer"),
    "heldout_r2_avgpool_backward_divides_by_stride": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X_shape, dtype=dout.dtype)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout / (stride * stride)
    return dX
''', "constant_factor", "divides by stride squared instead of f squared (the same when stride == f)"),
    "heldout_r2_avgpool_backward_covered_shape": ("avgpool_backward", '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    N, H_out, W_out, C = dout.shape
    H, W = (H_out - 1) * stride + f, (W_out - 1) * stride + f
    dX = np.zeros((N, H, W, C), dtype=dout.dtype)
    for u in range(f):
        for v in range(f):
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dout / (f * f)
    return dX
''', "shifted", "rebuilds H and W from the output size, dropping the rows and columns no window covers"),
    "heldout_r2_fast_pads_every_axis": ("conv_forward_fast", _IM2COL.replace(
        "X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))", "X_pad = np.pad(X, pad)") + '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    f, _, C_in, C_out = K.shape
    dtype = np.result_type(X, K, b)
    cols, H_out, W_out = _im2col(X, f, stride, pad, dtype)
    K_mat = np.vstack([K.reshape(f * f * C_in, C_out), b.reshape(1, C_out)])
    Z = (cols.T @ K_mat).reshape(X.shape[0], H_out, W_out, C_out)
    return Z, (X.shape, cols, K, stride, pad)
''', "wrong_axis", "pads with np.pad(X, pad), which pads the image and channel axes too"),
    "heldout_r2_fast_bias_row_first": ("conv_forward_fast", _IM2COL + '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    f, _, C_in, C_out = K.shape
    dtype = np.result_type(X, K, b)
    cols, H_out, W_out = _im2col(X, f, stride, pad, dtype)
    K_mat = np.vstack([b.reshape(1, C_out), K.reshape(f * f * C_in, C_out)])
    Z = (cols.T @ K_mat).reshape(X.shape[0], H_out, W_out, C_out)
    return Z, (X.shape, cols, K, stride, pad)
''', "shifted", "folds the bias in as the first row of K_mat while the row of ones is the last row of cols"),
    "heldout_r2_fast_float32": ("conv_forward_fast", _IM2COL + '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    f, _, C_in, C_out = K.shape
    cols, H_out, W_out = _im2col(X, f, stride, pad, np.float32)
    K_mat = np.vstack([K.reshape(f * f * C_in, C_out), b.reshape(1, C_out)]).astype(np.float32)
    Z = (cols.T @ K_mat).reshape(X.shape[0], H_out, W_out, C_out)
    return Z, (X.shape, cols, K, stride, pad)
''', "dtype", "builds cols and the kernel matrix in float32 whatever the input dtype"),
    "heldout_r2_fast_cols_memoised_by_shape": ("conv_forward_fast", _IM2COL + '''
_cols_cache = {}

def conv_forward_fast(X, K, b, stride=1, pad=0):
    f, _, C_in, C_out = K.shape
    key = (X.shape, f, stride, pad)
    if key not in _cols_cache:
        _cols_cache[key] = _im2col(X, f, stride, pad, np.result_type(X, K, b))
    cols, H_out, W_out = _cols_cache[key]
    K_mat = np.vstack([K.reshape(f * f * C_in, C_out), b.reshape(1, C_out)])
    Z = (cols.T @ K_mat).reshape(X.shape[0], H_out, W_out, C_out)
    return Z, (X.shape, cols, K, stride, pad)
''', "stateful", "reuses the cols of the first call for every later input of the same shape"),
    "heldout_r2_fast_backward_dcols_reshape_order": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (cols[:f * f * C_in] @ dZ_mat).reshape(K.shape)
    db = dZ_mat.sum(axis=0)
    dcols = (K.reshape(f * f * C_in, C_out) @ dZ_mat.T).reshape(N, H_out, W_out, f, f, C_in)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in), dtype=dcols.dtype)
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dcols[:, :, :, u, v, :]
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
''', "transpose", "reshapes dcols, whose rows are (u, v, c), as if its axes were (n, i, j, u, v, c)"),
    "heldout_r2_fast_backward_dK_transposed_reshape": ("conv_backward_fast", '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), cols, K, stride, pad = cache
    f, _, _, C_out = K.shape
    _, H_out, W_out, _ = dZ.shape
    dZ_mat = dZ.reshape(-1, C_out)
    dK = (dZ_mat.T @ cols[:f * f * C_in].T).reshape(K.shape)
    db = dZ_mat.sum(axis=0)
    dcols = (K.reshape(f * f * C_in, C_out) @ dZ_mat.T).reshape(f, f, C_in, N, H_out, W_out)
    dX_pad = np.zeros((C_in, N, H + 2 * pad, W + 2 * pad), dtype=dcols.dtype)
    for u in range(f):
        for v in range(f):
            dX_pad[:, :, u:u + stride * H_out:stride, v:v + stride * W_out:stride] += dcols[u, v]
    dX = dX_pad[:, :, pad:pad + H, pad:pad + W].transpose(1, 2, 3, 0)
    return dX, dK, db
''', "transpose", "computes dK_mat transposed, (C_out, f f C_in), and reshapes it straight into K's shape"),
    "heldout_r2_cnn_flatten_column_major": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    N = X.shape[0]
    Z1, c1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    A1 = np.maximum(Z1, 0)
    P1, p1 = maxpool_forward(A1, 2, 2)
    Z2, c2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    A2 = np.maximum(Z2, 0)
    P2, p2 = maxpool_forward(A2, 2, 2)
    A = P2.reshape(-1, N)
    Z3 = params["W3"] @ A + params["b3"]
    J, dZ3 = softmax_cross_entropy(Z3, Y)
    dA, dW3, db3 = dense_backward(dZ3, (A, params["W3"]))
    dP2 = dA.reshape(P2.shape)
    dZ2 = maxpool_backward(dP2, p2) * (Z2 > 0)
    dP1, dK2, db2 = conv_backward_fast(dZ2, c2)
    dZ1 = maxpool_backward(dP1, p1) * (Z1 > 0)
    _, dK1, db1 = conv_backward_fast(dZ1, c1)
    return J, {"K1": dK1, "b1": db1, "K2": dK2, "b2": db2, "W3": dW3, "b3": db3}
''', "transpose", "flattens with P2.reshape(-1, N), mixing the images (right only for N = 1)"),
    "heldout_r2_cnn_float32_images": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    X = X.astype(np.float32)            # the training runs in float32
    p = {k: v.astype(np.float32) for k, v in params.items()}
    N = X.shape[0]
    Z1, c1 = conv_forward_fast(X, p["K1"], p["b1"], stride=1, pad=1)
    P1, p1 = maxpool_forward(np.maximum(Z1, 0), 2, 2)
    Z2, c2 = conv_forward_fast(P1, p["K2"], p["b2"], stride=1, pad=1)
    P2, p2 = maxpool_forward(np.maximum(Z2, 0), 2, 2)
    A = P2.reshape(N, -1).T
    Z3 = p["W3"] @ A + p["b3"]
    J, dZ3 = softmax_cross_entropy(Z3, Y.astype(np.float32))
    dA, dW3, db3 = dense_backward(dZ3, (A, p["W3"]))
    dZ2 = maxpool_backward(dA.T.reshape(P2.shape), p2) * (Z2 > 0)
    dP1, dK2, db2 = conv_backward_fast(dZ2, c2)
    dZ1 = maxpool_backward(dP1, p1) * (Z1 > 0)
    _, dK1, db1 = conv_backward_fast(dZ1, c1)
    return J, {"K1": dK1, "b1": db1, "K2": dK2, "b2": db2, "W3": dW3, "b3": db3}
''', "dtype", "casts the images and parameters to float32 as the training does, whatever their dtype"),
    "heldout_r2_cnn_weight_decay_left_in": ("cnn_loss", '''
def cnn_loss(params, X, Y):
    N = X.shape[0]
    Z1, c1 = conv_forward_fast(X, params["K1"], params["b1"], stride=1, pad=1)
    P1, p1 = maxpool_forward(np.maximum(Z1, 0), 2, 2)
    Z2, c2 = conv_forward_fast(P1, params["K2"], params["b2"], stride=1, pad=1)
    P2, p2 = maxpool_forward(np.maximum(Z2, 0), 2, 2)
    A = P2.reshape(N, -1).T
    Z3 = params["W3"] @ A + params["b3"]
    J, dZ3 = softmax_cross_entropy(Z3, Y)
    decay = 1e-3
    J = float(J + decay / 2 * sum(np.sum(params[k] ** 2) for k in ("K1", "K2", "W3")))
    dA, dW3, db3 = dense_backward(dZ3, (A, params["W3"]))
    dZ2 = maxpool_backward(dA.T.reshape(P2.shape), p2) * (Z2 > 0)
    dP1, dK2, db2 = conv_backward_fast(dZ2, c2)
    dZ1 = maxpool_backward(dP1, p1) * (Z1 > 0)
    _, dK1, db1 = conv_backward_fast(dZ1, c1)
    return J, {"K1": dK1 + decay * params["K1"], "b1": db1, "K2": dK2 + decay * params["K2"], "b2": db2,
               "W3": dW3 + decay * params["W3"], "b3": db3}
''', "extra_term", "keeps a small L2 weight decay from notebook 4 in the cost and its gradients"),
    "heldout_r2_naive_backward_loops_one_short": ("conv_backward_naive", '''
def conv_backward_naive(dZ, cache):
    X, K, b, stride, pad = cache
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad = np.zeros_like(X_pad)
    dK = np.zeros_like(K)
    for n in range(N):
        for i in range((H + 2 * pad - f) // stride):
            for j in range((W + 2 * pad - f) // stride):
                h, w = i * stride, j * stride
                for k in range(C_out):
                    dX_pad[n, h:h + f, w:w + f, :] += dZ[n, i, j, k] * K[:, :, :, k]
                    dK[:, :, :, k] += dZ[n, i, j, k] * X_pad[n, h:h + f, w:w + f, :]
    db = dZ.sum(axis=(0, 1, 2))
    return dX_pad[:, pad:pad + H, pad:pad + W, :], dK, db
''', "shifted", "loops over range((H + 2p - f) // s) without the + 1, missing the last row and column of windows"),
}

ALTERNATIVES = {
    "heldout_r2_naive_tensordot_pair": {"conv_forward_naive": '''
def conv_forward_naive(X, K, b, stride=1, pad=0):
    N, H, W, _ = X.shape
    f, C_out = K.shape[0], K.shape[3]
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.empty((N, H_out, W_out, C_out), dtype=np.result_type(X, K, b))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                window = X_pad[n, i * stride:i * stride + f, j * stride:j * stride + f, :]
                Z[n, i, j] = np.tensordot(window, K, axes=3) + b
    return Z, {"X": X, "K": K, "stride": stride, "pad": pad}
''', "conv_backward_naive": '''
def conv_backward_naive(dZ, cache):
    X, K, stride, pad = cache["X"], cache["K"], cache["stride"], cache["pad"]
    N, H, W, C_in = X.shape
    f = K.shape[0]
    _, H_out, W_out, _ = dZ.shape
    X_pad = np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    dX_pad = np.zeros(X_pad.shape, dtype=np.result_type(dZ, K))
    dK = np.zeros(K.shape, dtype=np.result_type(dZ, X))
    for n in range(N):
        for i in range(H_out):
            for j in range(W_out):
                rows = slice(i * stride, i * stride + f)
                cols = slice(j * stride, j * stride + f)
                dX_pad[n, rows, cols, :] += np.tensordot(K, dZ[n, i, j], axes=([3], [0]))
                dK += np.multiply.outer(X_pad[n, rows, cols, :], dZ[n, i, j])
    dX = dX_pad[:, pad:pad + H, pad:pad + W, :].copy()
    return dX, dK, np.einsum("nijk->k", dZ)
'''},
    "heldout_r2_maxpool_first_unclaimed_mask": {"maxpool_forward": '''
def maxpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    def part(u, v):
        return X[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :]
    out = part(0, 0).copy()
    for u in range(f):
        for v in range(f):
            out = np.maximum(out, part(u, v))
    return out, (X.shape, out, X, f, stride)
''', "maxpool_backward": '''
def maxpool_backward(dout, cache):
    X_shape, out, X, f, stride = cache
    _, H_out, W_out, _ = dout.shape
    dX = np.zeros(X_shape, dtype=dout.dtype)
    claimed = np.zeros(out.shape, dtype=bool)
    for u in range(f):              # row-major order: the first maximum claims the window
        for v in range(f):
            part = X[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :]
            winner = (part == out) & ~claimed
            claimed |= winner
            dX[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += np.where(winner, dout, 0)
    return dX
'''},
    "heldout_r2_avgpool_integral_image": {"avgpool_forward": '''
def avgpool_forward(X, f, stride):
    N, H, W, C = X.shape
    H_out = (H - f) // stride + 1
    W_out = (W - f) // stride + 1
    S = np.zeros((N, H + 1, W + 1, C), dtype=X.dtype)
    S[:, 1:, 1:, :] = X.cumsum(axis=1).cumsum(axis=2)
    r = np.arange(H_out) * stride
    c = np.arange(W_out) * stride
    box = (S[:, r + f][:, :, c + f] - S[:, r][:, :, c + f] - S[:, r + f][:, :, c] + S[:, r][:, :, c])
    return box / (f * f), (X.shape, f, stride)
'''},
    "heldout_r2_avgpool_backward_strided_views": {"avgpool_backward": '''
def avgpool_backward(dout, cache):
    X_shape, f, stride = cache
    N, H_out, W_out, C = dout.shape
    dX = np.zeros(X_shape, dtype=dout.dtype)
    share = dout / (f * f)
    for i in range(f):
        for j in range(f):
            view = dX[:, i:, j:, :][:, ::stride, ::stride, :][:, :H_out, :W_out, :]
            view += share
    return dX
'''},
    "heldout_r2_fast_as_strided_einsum": {"conv_forward_fast": '''
def conv_forward_fast(X, K, b, stride=1, pad=0):
    from numpy.lib.stride_tricks import as_strided
    N, H, W, C_in = X.shape
    f, _, _, C_out = K.shape
    dtype = np.result_type(X, K, b)
    X_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in), dtype=dtype)
    X_pad[:, pad:pad + H, pad:pad + W, :] = X
    H_out = (H + 2 * pad - f) // stride + 1
    W_out = (W + 2 * pad - f) // stride + 1
    sN, sH, sW, sC = X_pad.strides
    windows = as_strided(X_pad, shape=(N, H_out, W_out, f, f, C_in),
                         strides=(sN, sH * stride, sW * stride, sH, sW, sC), writeable=False)
    Z = np.einsum("nijuvc,uvck->nijk", windows, K, optimize=True) + b
    return Z.astype(dtype, copy=False), (X.shape, windows.copy(), K, stride, pad)
''', "conv_backward_fast": '''
def conv_backward_fast(dZ, cache):
    (N, H, W, C_in), windows, K, stride, pad = cache
    f = K.shape[0]
    _, H_out, W_out, _ = dZ.shape
    dK = np.einsum("nijuvc,nijk->uvck", windows, dZ, optimize=True)
    db = dZ.sum(axis=(0, 1, 2))
    dwin = np.einsum("uvck,nijk->nijuvc", K, dZ, optimize=True)
    dX_pad = np.zeros((N, H + 2 * pad, W + 2 * pad, C_in), dtype=dwin.dtype)
    for u in range(f):
        for v in range(f):
            dX_pad[:, u:u + stride * H_out:stride, v:v + stride * W_out:stride, :] += dwin[:, :, :, u, v, :]
    return dX_pad[:, pad:pad + H, pad:pad + W, :].copy(), dK, db
'''},
    "heldout_r2_cnn_layer_loop": {"cnn_loss": '''
def cnn_loss(params, X, Y):
    A = X
    tape = []
    for layer in (1, 2):
        Z, conv_cache = conv_forward_fast(A, params["K%d" % layer], params["b%d" % layer], stride=1, pad=1)
        A, pool_cache = maxpool_forward(np.maximum(Z, 0), 2, 2)
        tape.append((Z, conv_cache, pool_cache))
    shape = A.shape
    flat = A.reshape(shape[0], -1).T
    S = params["W3"] @ flat + params["b3"]
    S = S - S.max(axis=0, keepdims=True)
    log_p = S - np.log(np.exp(S).sum(axis=0, keepdims=True))
    m = Y.shape[1]
    J = float(-(Y * log_p).sum() / m)
    dS = (np.exp(log_p) - Y) / m
    grads = {"W3": dS @ flat.T, "b3": dS.sum(axis=1, keepdims=True)}
    dA = (params["W3"].T @ dS).T.reshape(shape)
    for layer in (2, 1):
        Z, conv_cache, pool_cache = tape[layer - 1]
        dZ = np.where(Z > 0, maxpool_backward(dA, pool_cache), 0.0)
        dA, grads["K%d" % layer], grads["b%d" % layer] = conv_backward_fast(dZ, conv_cache)
    return J, grads
'''},
}
