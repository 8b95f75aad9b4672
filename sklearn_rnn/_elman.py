"""The Elman cell: initialisation, batched forward pass and backpropagation in time.

The equations, for one window of ``T`` steps (rows of a batch are independent)::

    h_0 = 0
    a_t = x_t @ W_xh.T + h_{t-1} @ W_hh.T + b_h          t = 1..T
    h_t = act(a_t)
    y   = h_T @ W_hy.T + b_y
    loss = sum_i w_i ||y_i - target_i||^2 / (2 sum_i w_i) + alpha ||W||^2 / (2 n)

where ``||W||^2`` sums the squares of the three weight matrices (not the biases) and
``n = sum_i w_i``. This module is pure NumPy and knows nothing of scikit-learn.

All parameters live in one flat vector so that an optimiser step, the L2 penalty and
gradient clipping are each a handful of vectorised operations, whatever the number of
parameter arrays. The layout is ``[W_xh, W_hh, W_hy, b_h, b_y]``: the weights form a
prefix, so the penalty touches ``params[:n_weights]`` only. :func:`unpack` returns
views into it.

Arrays are time-major: a batch of windows is ``X_steps`` of shape
``(n_steps, batch, input_size)``, and hidden states are kept in one preallocated
``(n_steps + 1, batch, hidden_size)`` buffer (:class:`Workspace`).
"""

import math

import numpy as np

PARAM_NAMES = ("W_xh", "W_hh", "W_hy", "b_h", "b_y")


def _tanh(a):
    np.tanh(a, out=a)


def _relu(a):
    np.maximum(a, 0, out=a)


def _sigmoid(a):
    # 1 / (1 + exp(-a)), in place; exp overflow for very negative a gives 1/inf = 0.
    np.negative(a, out=a)
    with np.errstate(over="ignore"):
        np.exp(a, out=a)
    a += 1
    np.reciprocal(a, out=a)


def _tanh_derivative(h, out):
    # d tanh(a) / da = 1 - h^2
    np.multiply(h, h, out=out)
    np.subtract(1, out, out=out)


def _relu_derivative(h, out):
    # d relu(a) / da = 1 where h > 0, else 0; sign(h) is exactly that since h >= 0
    np.sign(h, out=out)


def _sigmoid_derivative(h, out):
    # d sigmoid(a) / da = h * (1 - h)
    np.subtract(1, h, out=out)
    out *= h


#: In-place activations ``act(a)``: overwrite ``a`` with ``act(a)``.
ACTIVATIONS = {"tanh": _tanh, "relu": _relu, "sigmoid": _sigmoid}

#: ``derivative(h, out)``: ``out = act'(a)``, written from ``h = act(a)``; applied to
#: all steps at once, so the backward time loop only multiplies by it.
DERIVATIVES = {
    "tanh": _tanh_derivative,
    "relu": _relu_derivative,
    "sigmoid": _sigmoid_derivative,
}


def param_shapes(input_size, hidden_size, n_outputs):
    """Shapes of ``W_xh, W_hh, W_hy, b_h, b_y``, in the flat layout's order."""
    return (
        (hidden_size, input_size),
        (hidden_size, hidden_size),
        (n_outputs, hidden_size),
        (hidden_size,),
        (n_outputs,),
    )


def n_weights(input_size, hidden_size, n_outputs):
    """Number of entries of the weight prefix (the part the L2 penalty applies to)."""
    return hidden_size * (input_size + hidden_size + n_outputs)


def unpack(flat, input_size, hidden_size, n_outputs):
    """Views ``(W_xh, W_hh, W_hy, b_h, b_y)`` into a flat parameter or gradient."""
    views = []
    start = 0
    for shape in param_shapes(input_size, hidden_size, n_outputs):
        size = math.prod(shape)
        views.append(flat[start : start + size].reshape(shape))
        start += size
    return tuple(views)


def pack(arrays, dtype):
    """One flat vector from ``(W_xh, W_hh, W_hy, b_h, b_y)``."""
    return np.concatenate([np.ravel(a) for a in arrays]).astype(dtype, copy=False)


def init_params(input_size, hidden_size, n_outputs, rng, dtype=np.float64):
    """Keras' default initialisation, as one flat vector.

    Glorot-uniform ``W_xh`` and ``W_hy``, orthogonal ``W_hh``, zero biases. ``rng`` is a
    ``numpy.random.Generator`` or ``RandomState``; draws are made in float64 and cast,
    so float32 and float64 models from one seed start from the same point.
    """

    def glorot_uniform(fan_out, fan_in):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, size=(fan_out, fan_in))

    # Orthogonal (Saxe et al. 2014): Q of the QR of a Gaussian matrix, signs fixed by
    # diag(R) so that Q is uniformly distributed.
    q, r = np.linalg.qr(rng.standard_normal(size=(hidden_size, hidden_size)))
    W_hh = q * np.where(np.diag(r) < 0, -1.0, 1.0)
    W_xh = glorot_uniform(hidden_size, input_size)
    W_hy = glorot_uniform(n_outputs, hidden_size)
    b_h = np.zeros(hidden_size)
    b_y = np.zeros(n_outputs)
    return pack((W_xh, W_hh, W_hy, b_h, b_y), dtype)


class Workspace:
    """Buffers for one batch size, allocated once, reused by every batch of that size.

    ``hidden[t]`` holds ``h_t`` (``hidden[0]``, ``h_0 = 0``, is never read),
    ``delta[t - 1]`` holds ``dL/da_t``; ``scratch`` and ``dh`` are ``(batch,
    hidden_size)`` temporaries of the time loops and ``W_hh_T`` a C-contiguous copy of
    ``W_hh.T`` (BLAS is faster on it than on the transposed view). The per-step views
    are made once, here. ``share``: a workspace for a larger batch whose memory this
    one reuses (for the last, smaller batch of an epoch); only one of them may be in
    use at a time.
    """

    def __init__(self, n_steps, batch_size, hidden_size, dtype, share=None):
        def buffer(name, shape):
            if share is None:
                return np.empty(shape, dtype=dtype)
            # the first elements of the larger, C-contiguous buffer: contiguous too
            return getattr(share, name).reshape(-1)[: math.prod(shape)].reshape(shape)

        self.hidden = buffer("hidden", (n_steps + 1, batch_size, hidden_size))
        self.delta = buffer("delta", (n_steps, batch_size, hidden_size))
        self.scratch = buffer("scratch", (batch_size, hidden_size))
        self.dh = buffer("dh", (batch_size, hidden_size))
        self.W_hh_T = np.empty((hidden_size, hidden_size), dtype=dtype)
        # sum over rows as a BLAS matrix-vector product: np.sum(axis=0) is much slower
        self.ones = buffer("ones", (n_steps * batch_size,))
        self.ones[...] = 1
        self.hidden_steps = list(self.hidden)
        self.delta_steps = list(self.delta)


def forward(params, X_steps, activation, workspace):
    """Run the cell over a time-major batch, keeping every hidden state for BPTT.

    Parameters
    ----------
    params : tuple of ndarray
        ``(W_xh, W_hh, W_hy, b_h, b_y)``, as returned by :func:`unpack`.
    X_steps : ndarray of shape (n_steps, batch, input_size)
    activation : {"tanh", "relu", "sigmoid"}
    workspace : Workspace
        Its ``hidden`` buffer is filled with ``h_1 .. h_T``.

    Returns
    -------
    y : ndarray of shape (batch, n_outputs)
    """
    W_xh, W_hh, W_hy, b_h, b_y = params
    n_steps, batch, input_size = X_steps.shape
    hidden_steps, scratch = workspace.hidden_steps, workspace.scratch
    W_hh_T = workspace.W_hh_T
    np.copyto(W_hh_T, W_hh.T)
    act = ACTIVATIONS[activation]
    # a_t's input part and bias for every step at once: one GEMM over (T * batch) rows.
    projected = workspace.hidden[1:].reshape(n_steps * batch, -1)
    np.dot(X_steps.reshape(n_steps * batch, input_size), W_xh.T, out=projected)
    projected += b_h
    act(hidden_steps[1])  # h_0 = 0, so a_1 has no recurrent term
    dot, add = np.dot, np.add
    for h_previous, h in zip(hidden_steps[1:-1], hidden_steps[2:]):
        dot(h_previous, W_hh_T, out=scratch)  # h_{t-1} W_hh^T
        add(h, scratch, out=h)  # a_t
        act(h)  # h_t
    y = hidden_steps[n_steps] @ W_hy.T
    y += b_y
    return y


def backward(params, grads, X_steps, dy, activation, workspace):
    """Full backpropagation through time from the output gradient ``dy = dL/dy``.

    Needs the hidden states that :func:`forward` left in ``workspace``. Writes
    ``(dW_xh, dW_hh, dW_hy, db_h, db_y)`` into ``grads`` (views into the flat gradient).
    """
    W_xh, W_hh, W_hy, b_h, b_y = params
    dW_xh, dW_hh, dW_hy, db_h, db_y = grads
    n_steps, batch, input_size = X_steps.shape
    hidden_size = W_hh.shape[0]
    hidden, delta, dh = workspace.hidden, workspace.delta, workspace.dh
    np.matmul(dy.T, hidden[n_steps], out=dW_hy)  # dL/dW_hy = dy^T h_T
    np.add.reduce(dy, axis=0, out=db_y)  # dL/db_y = sum of dy
    np.dot(dy, W_hy, out=dh)  # dL/dh_T = dy W_hy
    DERIVATIVES[activation](hidden[1:], out=delta)  # act'(a_t) for every t at once
    delta_steps = workspace.delta_steps
    multiply, dot = np.multiply, np.dot
    for delta_t in delta_steps[:0:-1]:  # t = T .. 2
        multiply(delta_t, dh, out=delta_t)  # dL/da_t = dL/dh_t * act'(a_t)
        dot(delta_t, W_hh, out=dh)  # dL/dh_{t-1} = dL/da_t W_hh
    multiply(delta_steps[0], dh, out=delta_steps[0])  # dL/da_1
    # Weight gradients summed over steps: one GEMM each over the stacked steps.
    stacked_delta = delta.reshape(n_steps * batch, -1)
    # dL/dW_hh = sum_t (dL/da_t)^T h_{t-1}, from t = 2 since h_0 = 0
    np.matmul(
        stacked_delta[batch:].T,
        hidden[1:-1].reshape((n_steps - 1) * batch, hidden_size),
        out=dW_hh,
    )
    # dL/dW_xh = sum_t (dL/da_t)^T x_t
    np.matmul(stacked_delta.T, X_steps.reshape(n_steps * batch, input_size), out=dW_xh)
    np.dot(workspace.ones, stacked_delta, out=db_h)  # dL/db_h = sum_t dL/da_t


def loss_and_gradient(
    flat_params,
    flat_grad,
    X_steps,
    y_true,
    sample_weight,
    *,
    sizes,
    activation,
    alpha,
    workspace,
):
    """Loss of DESIGN.md's objective on one batch and its gradient, written into
    ``flat_grad``.

    Parameters
    ----------
    flat_params, flat_grad : ndarray of shape (n_params,)
    X_steps : ndarray of shape (n_steps, batch, input_size)
    y_true : ndarray of shape (batch, n_outputs)
    sample_weight : ndarray of shape (batch,) or None
    sizes : tuple of int
        ``(input_size, hidden_size, n_outputs)``.
    activation : str
    alpha : float
        L2 penalty.
    workspace : Workspace

    Returns
    -------
    loss : float
    """
    params = unpack(flat_params, *sizes)
    grads = unpack(flat_grad, *sizes)
    y_pred = forward(params, X_steps, activation, workspace)
    residual = np.subtract(y_pred, y_true, out=y_pred)
    if sample_weight is None:
        total_weight = residual.shape[0]
        loss = 0.5 * np.vdot(residual, residual) / total_weight
        residual /= total_weight  # becomes dL/dy
    else:
        total_weight = sample_weight.sum()
        weighted = residual * (sample_weight / total_weight)[:, None]
        loss = 0.5 * np.vdot(weighted, residual)
        residual = weighted
    backward(params, grads, X_steps, residual, activation, workspace)
    if alpha:
        n_w = n_weights(*sizes)
        weights = flat_params[:n_w]
        loss += 0.5 * alpha * np.vdot(weights, weights) / total_weight
        flat_grad[:n_w] += (alpha / total_weight) * weights
    return float(loss)


def clip_grad_norm(flat_grad, max_norm):
    """Scale ``flat_grad`` in place so its global L2 norm is at most ``max_norm``.

    Returns the norm before clipping (as ``torch.nn.utils.clip_grad_norm_`` does).
    """
    norm = float(np.sqrt(np.vdot(flat_grad, flat_grad)))
    if max_norm is not None and norm > max_norm:
        flat_grad *= max_norm / norm
    return norm


def predict(params, X, input_size, activation, chunk_elements=2**18):
    """Outputs for windows ``X`` of shape (n_samples, n_steps * input_size).

    Rows are taken in chunks whose input projections (``chunk * n_steps *
    hidden_size`` values, at most about ``chunk_elements``) are computed in one GEMM
    before the time loop, so memory stays bounded whatever the number of rows, and a
    single window costs three small NumPy calls per step.
    """
    W_xh, W_hh, W_hy, b_h, b_y = params
    n_samples = X.shape[0]
    n_steps = X.shape[1] // input_size
    hidden_size = W_hh.shape[0]
    act = ACTIVATIONS[activation]
    W_hh_T = np.ascontiguousarray(W_hh.T)
    W_xh_T = np.ascontiguousarray(W_xh.T)
    dot, add = np.dot, np.add
    y = np.empty((n_samples, W_hy.shape[0]), dtype=np.result_type(X, W_hy))
    chunk = max(1, chunk_elements // (n_steps * hidden_size))
    for start in range(0, n_samples, chunk):
        rows = X[start : start + chunk]
        n_rows = rows.shape[0]
        # a_t's input part and bias for every step of these rows: (rows, T, hidden)
        projected = (rows.reshape(n_rows * n_steps, input_size) @ W_xh_T).reshape(
            n_rows, n_steps, hidden_size
        )
        projected += b_h
        scratch = np.empty((n_rows, hidden_size), dtype=projected.dtype)
        h = projected[:, 0]
        act(h)  # h_1 (h_0 = 0)
        for t in range(1, n_steps):
            a = projected[:, t]
            dot(h, W_hh_T, out=scratch)  # h_{t-1} W_hh^T
            add(a, scratch, out=a)  # a_t
            act(a)  # h_t
            h = a
        np.dot(h, W_hy.T, out=y[start : start + n_rows])
    y += b_y
    return y
