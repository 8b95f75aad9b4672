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
``(n_steps + 1, batch, hidden_size)`` buffer (:class:`Workspace`). The input part of
``a_t`` is projected with one GEMM per chunk of steps (``CHUNK_ELEMENTS`` values),
just before the time loop reads it: a whole long window's projection would leave the
cache before the loop reached its end.

Truncated backpropagation through time (``Workspace(..., bptt_steps=k)``): the
gradient flows back through the last ``k`` steps only, as if ``h_{T-k}`` were a
constant input (PyTorch's ``h.detach()``)::

    dL/dW_xh = sum_{t > T-k} (dL/da_t)^T x_t
    dL/dW_hh = sum_{t > T-k} (dL/da_t)^T h_{t-1}

The forward pass still reads the whole window, but keeps only ``h_{T-k} .. h_T``, so
memory is ``O(k * batch * hidden_size)`` whatever ``T``.

Underflow: ``dL/dh`` usually shrinks geometrically back in time, and on long windows
it would reach subnormal numbers, on which arithmetic is many times slower on some x86
CPUs (NumPy cannot set flush-to-zero). Every ``UNDERFLOW_CHECK_STEPS`` steps the
backward loop checks whether every entry of ``dL/dh`` is below the dtype's smallest
normal number ``tiny`` and if so stops, as if truncated there: each ``dL/da`` it leaves
out starts below ``tiny`` (``|act'| <= 1``), and if the backward steps shrink each
row's norm by a factor ``rho < 1`` (as they do when ``||W_hh||_2 <= rho``) what they
would have added to ``db_h`` is at most ``batch * sqrt(hidden_size) * tiny / (1 -
rho)`` per entry, times ``max |x|`` for ``dW_xh`` and ``max |h|`` for ``dW_hh``.
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


#: The forward pass projects the inputs of about this many hidden values at a time
#: (512 KiB in float32): still in cache when the time loop reads them.
CHUNK_ELEMENTS = 2**17


class Workspace:
    """Buffers for one batch size, allocated once, reused by every batch of that size.

    With ``k`` the number of steps backward goes through (``bptt_steps``, or
    ``n_steps`` if that is None or larger): ``hidden[i]`` holds ``h_{T-k+i}``
    (without truncation ``hidden[0]``, ``h_0 = 0``, is never read), ``delta[i]`` holds
    ``dL/da_{T-k+i+1}``; ``scratch`` and ``dh`` are ``(batch, hidden_size)``
    temporaries of the time loops and ``W_hh_T`` a C-contiguous copy of ``W_hh.T``
    (BLAS is faster on it than on the transposed view). The per-step views are made
    once, here. ``share``: a workspace for a larger batch whose memory this one reuses
    (for the last, smaller batch of an epoch); only one of them may be in use at a
    time.
    """

    def __init__(
        self, n_steps, batch_size, hidden_size, dtype, share=None, bptt_steps=None
    ):
        if bptt_steps is not None and bptt_steps < 1:
            raise ValueError(f"bptt_steps must be None or >= 1, got {bptt_steps}.")

        def buffer(name, shape):
            if share is None:
                return np.empty(shape, dtype=dtype)
            # the first elements of the larger, C-contiguous buffer: contiguous too
            return getattr(share, name).reshape(-1)[: math.prod(shape)].reshape(shape)

        # the steps whose states backward reads, the last ones of the window
        kept = n_steps if bptt_steps is None else min(bptt_steps, n_steps)
        self.kept_steps = kept
        self.hidden = buffer("hidden", (kept + 1, batch_size, hidden_size))
        self.delta = buffer("delta", (kept, batch_size, hidden_size))
        self.scratch = buffer("scratch", (batch_size, hidden_size))
        self.dh = buffer("dh", (batch_size, hidden_size))
        self.W_hh_T = np.empty((hidden_size, hidden_size), dtype=dtype)
        # sum over rows as a BLAS matrix-vector product: np.sum(axis=0) is much slower
        self.ones = buffer("ones", (kept * batch_size,))
        self.ones[...] = 1
        self.hidden_steps = list(self.hidden)
        self.delta_steps = list(self.delta)
        # the forward pass projects the inputs of this many steps at a time
        self.chunk_steps = max(1, CHUNK_ELEMENTS // (batch_size * hidden_size))
        self.smallest_normal = np.finfo(dtype).tiny


def _project(X_steps, W_xh, b_h, out):
    """``out[t] = x_t W_xh^T + b_h`` for the steps of ``X_steps``: one GEMM for all."""
    n_steps, batch, input_size = X_steps.shape
    rows = X_steps.reshape(n_steps * batch, input_size)
    np.dot(rows, W_xh.T, out=out.reshape(n_steps * batch, -1))
    out += b_h


def _recur(states, act, W_hh_T, scratch):
    """The time loop: ``states[0]`` holds a hidden state, each later one the input part
    of the next ``a_t``, overwritten with ``h_t``."""
    dot, add = np.dot, np.add
    for h_previous, h in zip(states[:-1], states[1:]):
        dot(h_previous, W_hh_T, out=scratch)  # h_{t-1} W_hh^T
        add(h, scratch, out=h)  # a_t
        act(h)  # h_t


def _run_steps(X_steps, params, act, states, state_views, previous, workspace):
    """The time loop over ``X_steps``, inputs projected chunk by chunk just before the
    loop reads them (so they are still in cache). States are written to ``states``
    (per-step views ``state_views``), which a chunk reuses from its start if it is
    shorter than the window (only the last state is kept then). ``previous``: the
    state before the first step (None: ``h_0 = 0``). Returns the last state."""
    W_xh, b_h = params[0], params[3]
    W_hh_T, scratch = workspace.W_hh_T, workspace.scratch
    chunk_steps = min(workspace.chunk_steps, len(states))
    rolling = len(states) < len(X_steps)
    for start in range(0, len(X_steps), chunk_steps):
        x_chunk = X_steps[start : start + chunk_steps]
        offset = 0 if rolling else start
        views = state_views[offset : offset + len(x_chunk)]
        if previous is not None:  # before the projection overwrites a rolled state
            np.dot(previous, W_hh_T, out=scratch)  # h_{t-1} W_hh^T
        _project(x_chunk, W_xh, b_h, states[offset : offset + len(x_chunk)])
        if previous is not None:
            views[0] += scratch  # a_t
        act(views[0])  # h_t
        _recur(views, act, W_hh_T, scratch)
        previous = views[-1]
    return previous


def forward(params, X_steps, activation, workspace):
    """Run the cell over a time-major batch, keeping the hidden states BPTT needs.

    Parameters
    ----------
    params : tuple of ndarray
        ``(W_xh, W_hh, W_hy, b_h, b_y)``, as returned by :func:`unpack`.
    X_steps : ndarray of shape (n_steps, batch, input_size)
    activation : {"tanh", "relu", "sigmoid"}
    workspace : Workspace
        Its ``hidden`` buffer is filled with ``h_{T-k} .. h_T``, ``k =
        workspace.kept_steps`` (``h_1 .. h_T`` without truncation).

    Returns
    -------
    y : ndarray of shape (batch, n_outputs)
    """
    W_xh, W_hh, W_hy, b_h, b_y = params
    n_early = X_steps.shape[0] - workspace.kept_steps  # steps backward does not reach
    np.copyto(workspace.W_hh_T, W_hh.T)
    act = ACTIVATIONS[activation]
    hidden, delta = workspace.hidden, workspace.delta
    h_early = None  # h_0 = 0
    if n_early:  # run in the delta buffer (unused until backward), the last one kept
        X_early, delta_views = X_steps[:n_early], workspace.delta_steps
        h_last = _run_steps(X_early, params, act, delta, delta_views, None, workspace)
        h_early = hidden[0]
        np.copyto(h_early, h_last)  # h_{T-k}
    X_kept, hidden_views = X_steps[n_early:], workspace.hidden_steps[1:]
    h_T = _run_steps(X_kept, params, act, hidden[1:], hidden_views, h_early, workspace)
    y = h_T @ W_hy.T
    y += b_y
    return y


#: How often (in steps) the backward loop checks whether ``dL/dh`` has underflowed.
UNDERFLOW_CHECK_STEPS = 16


def _backpropagate_in_time(W_hh, workspace):
    """The reversed time loop over the kept steps, turning ``delta`` from ``act'(a_t)``
    into ``dL/da_t``. Returns the index of the earliest step reached: 0, or where every
    entry of ``dL/dh`` fell below the smallest normal number (earlier steps skipped)."""
    delta_steps, dh = workspace.delta_steps, workspace.dh
    smallest_normal = workspace.smallest_normal
    multiply, dot = np.multiply, np.dot
    for index in range(len(delta_steps) - 1, 0, -1):  # t = T .. T-k+2
        delta_t = delta_steps[index]
        multiply(delta_t, dh, out=delta_t)  # dL/da_t = dL/dh_t * act'(a_t)
        dot(delta_t, W_hh, out=dh)  # dL/dh_{t-1} = dL/da_t W_hh
        if (
            index % UNDERFLOW_CHECK_STEPS == 0
            and dh.max() < smallest_normal
            and dh.min() > -smallest_normal
        ):  # and |dL/da_{t-1}| < |dL/dh_{t-1}|, since |act'| <= 1
            return index
    multiply(delta_steps[0], dh, out=delta_steps[0])  # dL/da_{T-k+1}
    return 0


def backward(params, grads, X_steps, dy, activation, workspace):
    """Backpropagation through time from the output gradient ``dy = dL/dy``.

    Through the whole window, or through its last ``workspace.kept_steps`` steps
    (truncated: ``h_{T-k}`` is a constant). Needs the hidden states that
    :func:`forward` left in ``workspace``. Writes ``(dW_xh, dW_hh, dW_hy, db_h,
    db_y)`` into ``grads`` (views into the flat gradient).
    """
    W_xh, W_hh, W_hy, b_h, b_y = params
    dW_xh, dW_hh, dW_hy, db_h, db_y = grads
    n_steps, batch, input_size = X_steps.shape
    hidden_size = W_hh.shape[0]
    hidden, delta, n_kept = workspace.hidden, workspace.delta, workspace.kept_steps
    np.matmul(dy.T, hidden[n_kept], out=dW_hy)  # dL/dW_hy = dy^T h_T
    np.add.reduce(dy, axis=0, out=db_y)  # dL/db_y = sum of dy
    np.dot(dy, W_hy, out=workspace.dh)  # dL/dh_T = dy W_hy
    DERIVATIVES[activation](hidden[1:], out=delta)  # act'(a_t) for every kept t
    first = _backpropagate_in_time(W_hh, workspace)  # delta[first:] is dL/da_t
    # Weight gradients summed over the steps reached: one GEMM each over them.
    stacked_delta = delta[first:].reshape(-1, hidden_size)
    # dL/dW_hh = sum_t (dL/da_t)^T h_{t-1}; without truncation h_0 = 0 adds nothing
    skip = batch if first == 0 and n_kept == n_steps else 0
    h_previous = hidden[first:n_kept].reshape(-1, hidden_size)
    np.matmul(stacked_delta[skip:].T, h_previous[skip:], out=dW_hh)
    # dL/dW_xh = sum_t (dL/da_t)^T x_t
    x_reached = X_steps[n_steps - n_kept + first :].reshape(-1, input_size)
    np.matmul(stacked_delta.T, x_reached, out=dW_xh)
    # dL/db_h = sum_t dL/da_t
    np.dot(workspace.ones[: len(stacked_delta)], stacked_delta, out=db_h)


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
        The ``bptt_steps`` it was made with sets how many of the last steps the
        gradient flows back through (None: the whole window).

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
