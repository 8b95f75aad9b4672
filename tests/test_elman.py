"""The NumPy cell: gradients against finite differences and a plain reference
implementation (full and truncated BPTT, underflow), init, clipping. The comparison with
PyTorch is in tests_optional/test_torch_parity.py."""

import warnings

import numpy as np
import pytest

from sklearn_rnn import _elman


def make_problem(
    activation,
    input_size,
    n_outputs,
    weighted,
    dtype=np.float64,
    seed=0,
    n_steps=5,
    bptt_steps=None,
):
    rng = np.random.default_rng(seed)
    batch, hidden = 7, 4
    sizes = (input_size, hidden, n_outputs)
    flat = _elman.init_params(*sizes, rng=rng, dtype=dtype)
    # Non-zero biases so that their gradients are exercised away from zero.
    flat[_elman.n_weights(*sizes) :] = rng.normal(scale=0.1, size=hidden + n_outputs)
    X_steps = rng.normal(size=(n_steps, batch, input_size)).astype(dtype)
    y = rng.normal(size=(batch, n_outputs)).astype(dtype)
    w = rng.uniform(0.1, 2.0, size=batch).astype(dtype) if weighted else None
    workspace = _elman.Workspace(n_steps, batch, hidden, dtype, bptt_steps=bptt_steps)
    return flat, X_steps, y, w, sizes, workspace


def reference_loss(flat, X_steps, y, w, sizes, activation, alpha):
    """The loss written out directly from DESIGN.md, one step at a time."""
    W_xh, W_hh, W_hy, b_h, b_y = _elman.unpack(flat, *sizes)
    act = {
        "tanh": np.tanh,
        "relu": lambda a: np.maximum(a, 0),
        "sigmoid": lambda a: 1 / (1 + np.exp(-a)),
    }[activation]
    h = np.zeros((X_steps.shape[1], sizes[1]))
    for x_t in X_steps:
        h = act(x_t @ W_xh.T + h @ W_hh.T + b_h)
    y_pred = h @ W_hy.T + b_y
    w = np.ones(len(y)) if w is None else w
    data = np.sum(w * np.sum((y_pred - y) ** 2, axis=1)) / (2 * w.sum())
    weights = np.concatenate([W_xh.ravel(), W_hh.ravel(), W_hy.ravel()])
    return data + alpha * np.sum(weights**2) / (2 * w.sum())


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("input_size", [1, 3])
@pytest.mark.parametrize("n_outputs", [1, 2])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("alpha", [0.0, 0.5])
def test_gradient_matches_central_differences(
    activation, input_size, n_outputs, weighted, alpha
):
    flat, X_steps, y, w, sizes, workspace = make_problem(
        activation, input_size, n_outputs, weighted
    )
    grad = np.empty_like(flat)
    loss = _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation=activation,
        alpha=alpha, workspace=workspace,
    )  # fmt: skip
    assert loss == pytest.approx(
        reference_loss(flat, X_steps, y, w, sizes, activation, alpha), rel=1e-12
    )
    eps = 1e-6
    numeric = np.empty_like(flat)
    for i in range(flat.size):
        shifted = flat.copy()
        shifted[i] += eps
        up = reference_loss(shifted, X_steps, y, w, sizes, activation, alpha)
        shifted[i] -= 2 * eps
        down = reference_loss(shifted, X_steps, y, w, sizes, activation, alpha)
        numeric[i] = (up - down) / (2 * eps)
    for name, g, g_num in zip(
        _elman.PARAM_NAMES,
        _elman.unpack(grad, *sizes),
        _elman.unpack(numeric, *sizes),
    ):
        rel_error = np.linalg.norm(g - g_num) / max(np.linalg.norm(g_num), 1e-12)
        assert rel_error < 1e-6, (name, rel_error)


@pytest.mark.parametrize("bptt_steps", [None, 1, 2, 3, 5])
@pytest.mark.parametrize("chunk_steps", [1, 2, None])
def test_forward_of_a_batch_equals_predict(bptt_steps, chunk_steps, monkeypatch):
    # neither truncation nor projecting in chunks changes forward's output
    if chunk_steps is not None:
        monkeypatch.setattr(_elman, "CHUNK_ELEMENTS", chunk_steps * 7 * 4)
    flat, X_steps, y, w, sizes, workspace = make_problem(
        "tanh", 2, 3, False, bptt_steps=bptt_steps
    )
    params = _elman.unpack(flat, *sizes)
    y_forward = _elman.forward(params, X_steps, "tanh", workspace)
    n_steps, batch, input_size = X_steps.shape
    X_rows = X_steps.transpose(1, 0, 2).reshape(batch, n_steps * input_size)
    np.testing.assert_allclose(
        _elman.predict(params, X_rows, input_size, "tanh"), y_forward, rtol=1e-12
    )


ACTIVATION_AND_DERIVATIVE = {
    "tanh": (np.tanh, lambda h: 1 - h**2),
    "relu": (lambda a: np.maximum(a, 0), lambda h: (h > 0).astype(h.dtype)),
    "sigmoid": (lambda a: 1 / (1 + np.exp(-a)), lambda h: h * (1 - h)),
}


def reference_backward(flat, X_steps, y, w, sizes, activation, bptt_steps):
    """BPTT written out plainly, every state kept, one step at a time, through the last
    ``bptt_steps`` steps (None: all). Returns ``dL/dy``, the states ``h_0 .. h_T`` and
    ``{t: dL/da_t}`` for the steps reached."""
    W_xh, W_hh, W_hy, b_h, b_y = _elman.unpack(flat, *sizes)
    act, derivative = ACTIVATION_AND_DERIVATIVE[activation]
    n_steps = len(X_steps)
    hs = [np.zeros((X_steps.shape[1], sizes[1]), dtype=flat.dtype)]
    for x_t in X_steps:
        hs.append(act(x_t @ W_xh.T + hs[-1] @ W_hh.T + b_h))
    y_pred = hs[-1] @ W_hy.T + b_y
    w = np.ones(len(y), dtype=flat.dtype) if w is None else w
    dy = (y_pred - y) * (w / w.sum())[:, None]
    earliest = 1 if bptt_steps is None else max(n_steps - bptt_steps + 1, 1)
    deltas = {}
    dh = dy @ W_hy
    for t in range(n_steps, earliest - 1, -1):
        deltas[t] = dh * derivative(hs[t])
        dh = deltas[t] @ W_hh
    return dy, hs, deltas


def weight_gradients(X_steps, hs, deltas):
    """``(dW_xh, dW_hh, db_h)`` summed over the steps of ``deltas``."""
    dW_xh = sum(deltas[t].T @ X_steps[t - 1] for t in deltas)
    dW_hh = sum(deltas[t].T @ hs[t - 1] for t in deltas)
    db_h = sum(deltas[t].sum(axis=0) for t in deltas)
    return dW_xh, dW_hh, db_h


def reference_gradient(flat, X_steps, y, w, sizes, activation, alpha, bptt_steps):
    """The flat gradient of :func:`reference_backward`, L2 penalty included."""
    dy, hs, deltas = reference_backward(
        flat, X_steps, y, w, sizes, activation, bptt_steps
    )
    dW_xh, dW_hh, db_h = weight_gradients(X_steps, hs, deltas)
    grad = _elman.pack((dW_xh, dW_hh, dy.T @ hs[-1], db_h, dy.sum(axis=0)), flat.dtype)
    n_w = _elman.n_weights(*sizes)
    total_weight = len(y) if w is None else w.sum()
    grad[:n_w] += alpha * flat[:n_w] / total_weight
    return grad


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("bptt_steps", [1, 2, 3, 4, 7, 12])
@pytest.mark.parametrize("chunk_steps", [1, 5, None])
def test_truncated_gradient_matches_the_reference(
    activation, bptt_steps, chunk_steps, monkeypatch
):
    # 12 steps, projected in chunks of 1, 5 or all steps (the last chunk shorter for
    # 5, or limited by bptt_steps while the untracked steps are run in the delta
    # buffer); bptt_steps=12 is the whole window.
    if chunk_steps is not None:
        monkeypatch.setattr(_elman, "CHUNK_ELEMENTS", chunk_steps * 7 * 4)
    flat, X_steps, y, w, sizes, workspace = make_problem(
        activation, 2, 2, True, n_steps=12, bptt_steps=bptt_steps
    )
    assert workspace.chunk_steps == (chunk_steps or 2**17 // 28)
    grad = np.empty_like(flat)
    loss = _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation=activation,
        alpha=0.3, workspace=workspace,
    )  # fmt: skip
    assert loss == pytest.approx(
        reference_loss(flat, X_steps, y, w, sizes, activation, 0.3), rel=1e-12
    )
    expected = reference_gradient(
        flat, X_steps, y, w, sizes, activation, 0.3, bptt_steps
    )
    np.testing.assert_allclose(grad, expected, rtol=0, atol=1e-12)
    if bptt_steps < 12:  # the truncation is real: the full gradient differs
        full = reference_gradient(flat, X_steps, y, w, sizes, activation, 0.3, None)
        assert np.abs(grad - full).max() > 1e-8


@pytest.mark.parametrize("bptt_steps", [5, 6, 100])
def test_truncation_to_the_whole_window_is_the_full_gradient(bptt_steps):
    problem = make_problem("tanh", 3, 2, True)
    sizes = problem[4]
    full, truncated = (
        tanh_gradient(
            problem, _elman.Workspace(5, 7, sizes[1], np.float64, bptt_steps=k)
        )
        for k in (None, bptt_steps)
    )
    np.testing.assert_array_equal(truncated, full)


def tanh_gradient(problem, workspace):
    """The gradient of a make_problem problem (tanh, alpha 0.1) with a workspace."""
    flat, X_steps, y, w, sizes, _ = problem
    grad = np.empty_like(flat)
    _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation="tanh", alpha=0.1,
        workspace=workspace,
    )  # fmt: skip
    return grad


def test_truncated_workspace_does_not_grow_with_the_window():
    full = _elman.Workspace(1000, 8, 4, np.float32)
    truncated = _elman.Workspace(1000, 8, 4, np.float32, bptt_steps=10)
    assert full.hidden.shape == (1001, 8, 4) and full.delta.shape == (1000, 8, 4)
    assert truncated.hidden.shape == (11, 8, 4) and truncated.delta.shape == (10, 8, 4)
    assert truncated.ones.shape == (80,)
    with pytest.raises(ValueError, match="bptt_steps must be None or >= 1, got 0"):
        _elman.Workspace(10, 8, 4, np.float32, bptt_steps=0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bptt_steps", [None, 900])
@pytest.mark.parametrize("all_negative", [False, True])
def test_backward_stops_where_dL_dh_underflows_within_the_smallest_normal(
    dtype, bptt_steps, all_negative, monkeypatch
):
    # W_hh of spectral norm 1/2 (and |tanh'| <= 1): dL/dh shrinks at least 2x per step
    # back in time and falls into the subnormal range (float64's too) well before the
    # start of the window.
    n_steps = 1000
    flat, X_steps, y, w, sizes, workspace = make_problem(
        "tanh", 1, 1, True, dtype=dtype, n_steps=n_steps, bptt_steps=bptt_steps
    )
    W_xh, W_hh, W_hy, b_h, b_y = _elman.unpack(flat, *sizes)
    if all_negative:  # every dL/dh < 0: what underflows is |dL/dh|, not dL/dh
        np.abs(W_hh, out=W_hh)
        np.abs(W_hy, out=W_hy)
        y[...] = 10  # above every prediction: dL/dy < 0
    contraction = 0.5
    W_hh *= contraction / np.linalg.norm(W_hh, 2)
    first_reached = []
    backpropagate = _elman._backpropagate_in_time

    def spy(W_hh, workspace):
        first_reached.append(backpropagate(W_hh, workspace))
        return first_reached[-1]

    monkeypatch.setattr(_elman, "_backpropagate_in_time", spy)
    grad = np.empty_like(flat)
    _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation="tanh", alpha=0.0,
        workspace=workspace,
    )  # fmt: skip
    n_reached = workspace.kept_steps - first_reached[0]
    assert n_reached < workspace.kept_steps  # it stopped early, in float64 too
    # Exactly the gradient truncated where it stopped ...
    expected = reference_gradient(flat, X_steps, y, w, sizes, "tanh", 0.0, n_reached)
    tolerance = 1e-5 if dtype == np.float32 else 1e-13  # rounding, 1000 steps
    np.testing.assert_allclose(grad, expected, rtol=tolerance, atol=tolerance)
    # ... every dL/da it left out is below the smallest normal number ...
    _, hs, deltas = reference_backward(flat, X_steps, y, w, sizes, "tanh", bptt_steps)
    left_out = {t: d for t, d in deltas.items() if t <= n_steps - n_reached}
    smallest_normal = np.finfo(dtype).tiny
    assert max(np.abs(d).max() for d in left_out.values()) < smallest_normal
    # ... and so is, per row, each entry of what they would have added to the weight
    # gradients: a row's dL/da_t has L2 norm below sqrt(H) * smallest_normal at the
    # stop and contracts 2x per step, times |x_t| (dW_xh), |h_t| <= 1 (dW_hh), 1 (db_h).
    per_row = np.sqrt(sizes[1]) * smallest_normal / (1 - contraction)
    bound = len(y) * per_row * np.array([np.abs(X_steps).max(), 1, 1])
    changes = weight_gradients(X_steps, hs, left_out)
    assert all(np.abs(c).max() <= b for c, b in zip(changes, bound))
    # It stops within two checks of where dL/da first fell below that number.
    underflowed = max(t for t, d in deltas.items() if np.abs(d).max() < smallest_normal)
    earliest_kept = n_steps - n_reached + 1
    assert earliest_kept > underflowed - 2 * _elman.UNDERFLOW_CHECK_STEPS


def test_init_follows_keras_defaults():
    sizes = (3, 16, 2)
    flat = _elman.init_params(*sizes, rng=np.random.default_rng(0))
    W_xh, W_hh, W_hy, b_h, b_y = _elman.unpack(flat, *sizes)
    np.testing.assert_allclose(W_hh @ W_hh.T, np.eye(16), atol=1e-12)  # orthogonal
    assert np.abs(W_xh).max() <= np.sqrt(6 / (3 + 16))  # Glorot-uniform limits
    assert np.abs(W_hy).max() <= np.sqrt(6 / (16 + 2))
    assert not b_h.any() and not b_y.any()
    # float32 starts from the same draws, rounded.
    flat32 = _elman.init_params(*sizes, rng=np.random.default_rng(0), dtype=np.float32)
    assert flat32.dtype == np.float32
    np.testing.assert_array_equal(flat32, flat.astype(np.float32))
    # RandomState works too.
    flat_rs = _elman.init_params(*sizes, rng=np.random.RandomState(0))
    assert flat_rs.shape == flat.shape


def test_glorot_uniform_fills_its_whole_range():
    # Uniform(-L, L) with L = sqrt(6 / (fan_in + fan_out)): over tens of thousands of
    # draws the largest |w| is within 0.1% of L and the variance is L^2 / 3 (standard
    # error 0.3% here), so a limit of sqrt(3 / ...) (L / sqrt(2)) fails both.
    sizes = (200, 300, 100)
    flat = _elman.init_params(*sizes, rng=np.random.default_rng(0))
    W_xh, _, W_hy, _, _ = _elman.unpack(flat, *sizes)
    for weights, fan_in, fan_out in ((W_xh, 200, 300), (W_hy, 300, 100)):
        limit = np.sqrt(6 / (fan_in + fan_out))
        assert 0.999 * limit < np.abs(weights).max() <= limit
        assert np.var(weights) == pytest.approx(limit**2 / 3, rel=0.02)
        assert abs(np.mean(weights)) < 0.01 * limit


def test_clip_grad_norm_scales_to_max_norm_and_returns_the_old_norm():
    grad = np.array([3.0, 4.0])
    assert _elman.clip_grad_norm(grad, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(grad, [0.6, 0.8])
    grad = np.array([3.0, 4.0])
    _elman.clip_grad_norm(grad, 10.0)  # below the limit: untouched
    np.testing.assert_array_equal(grad, [3.0, 4.0])
    _elman.clip_grad_norm(grad, None)
    np.testing.assert_array_equal(grad, [3.0, 4.0])
    _elman.clip_grad_norm(grad, 5.0)  # exactly at the limit: untouched
    np.testing.assert_array_equal(grad, [3.0, 4.0])
    zero = np.zeros(2)  # a norm of 0 is at most any limit, 0 included
    assert _elman.clip_grad_norm(zero, 0.0) == 0.0
    np.testing.assert_array_equal(zero, [0.0, 0.0])


def test_float32_stays_float32():
    flat, X_steps, y, w, sizes, workspace = make_problem(
        "tanh", 2, 1, True, dtype=np.float32
    )
    grad = np.empty_like(flat)
    _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation="tanh", alpha=0.1,
        workspace=workspace,
    )  # fmt: skip
    assert grad.dtype == np.float32
    assert workspace.hidden.dtype == np.float32
    params = _elman.unpack(flat, *sizes)
    X_rows = X_steps.transpose(1, 0, 2).reshape(X_steps.shape[1], -1)
    assert _elman.predict(params, X_rows, 2, "tanh").dtype == np.float32


def test_sigmoid_of_huge_inputs_is_exact_without_overflow_warnings():
    a = np.array([-1000.0, -50.0, 0.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # exp(1000) overflows: silenced, 1/inf = 0
        _elman.ACTIVATIONS["sigmoid"](a)
    np.testing.assert_array_equal(a, [0.0, 1 / (1 + np.exp(50.0)), 0.5, 1.0])


def test_init_draws_in_order_and_fixes_the_signs_of_q():
    # W_hh from the first draw (Q of its QR, columns times the sign of diag(R)),
    # then the Glorot draws of W_xh and W_hy.
    sizes = (3, 5, 2)
    flat = _elman.init_params(*sizes, rng=np.random.default_rng(1))
    W_xh, W_hh, W_hy, _, _ = _elman.unpack(flat, *sizes)
    rng = np.random.default_rng(1)
    q, r = np.linalg.qr(rng.standard_normal(size=(5, 5)))
    assert (np.diag(r) < 0).any() and (np.diag(r) > 0).any()  # both signs occur
    np.testing.assert_array_equal(W_hh, q * np.sign(np.diag(r)))
    limit = np.sqrt(6 / (3 + 5))
    np.testing.assert_array_equal(W_xh, rng.uniform(-limit, limit, size=(5, 3)))
    limit = np.sqrt(6 / (5 + 2))
    np.testing.assert_array_equal(W_hy, rng.uniform(-limit, limit, size=(2, 5)))


class ZeroDraws:
    """A generator whose Gaussian draws are all 0 (a singular matrix)."""

    def standard_normal(self, size):
        return np.zeros(size)

    def uniform(self, low, high, size):
        return np.zeros(size)


def test_init_keeps_the_columns_of_q_where_diag_r_is_zero():
    # QR of the zero matrix: Q = I, R = 0; a column is flipped only where R < 0.
    flat = _elman.init_params(1, 3, 1, rng=ZeroDraws())
    W_hh = _elman.unpack(flat, 1, 3, 1)[1]
    q, r = np.linalg.qr(np.zeros((3, 3)))
    assert not np.diag(r).any()
    np.testing.assert_array_equal(W_hh, q)


@pytest.mark.parametrize("bptt_steps", [None, 2])
def test_a_workspace_sharing_a_larger_ones_memory_gives_the_same_gradient(bptt_steps):
    problem = make_problem("tanh", 2, 2, True, bptt_steps=bptt_steps)
    own = problem[5]
    large = _elman.Workspace(5, 20, 4, np.float64, bptt_steps=bptt_steps)
    shared = _elman.Workspace(5, 7, 4, np.float64, share=large, bptt_steps=bptt_steps)
    for name in ("hidden", "delta", "scratch", "dh", "ones"):
        mine, theirs = getattr(shared, name), getattr(own, name)
        assert mine.shape == theirs.shape, name
        assert np.shares_memory(mine, getattr(large, name)), name
    np.testing.assert_array_equal(
        tanh_gradient(problem, shared), tanh_gradient(problem, own)
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_backward_checks_underflow_every_16_steps_against_the_smallest_normal(
    dtype, sign
):
    # act' = 1 and W_hh = 1/2: dL/dh halves exactly at each of the 32 steps back
    # (index 32 .. 1), and is checked at index 32 and 16.
    tiny = np.finfo(dtype).tiny
    W_hh = np.array([[0.5]], dtype=dtype)

    def first_reached(dh_T):
        workspace = _elman.Workspace(33, 1, 1, dtype)
        workspace.delta[...] = 1
        workspace.dh[...] = dh_T
        return _elman._backpropagate_in_time(W_hh, workspace)

    # at index 16, after 17 halvings: dh = dh_T / 2**17
    assert first_reached(sign * tiny * 2**16) == 16  # tiny / 2: below, stop
    assert first_reached(sign * tiny * 2**17) == 0  # exactly tiny: not below
    assert first_reached(sign * tiny * 2**10) == 16  # the first check below it


@pytest.mark.parametrize(
    "params_dtype, X_dtype", [(np.float32, np.float64), (np.float64, np.float32)]
)
def test_predict_promotes_mixed_dtypes(params_dtype, X_dtype):
    flat, X_steps, *_ = make_problem("tanh", 2, 3, False)
    X_rows = X_steps.transpose(1, 0, 2).reshape(7, -1)
    expected = _elman.predict(_elman.unpack(flat, 2, 4, 3), X_rows, 2, "tanh")
    params = _elman.unpack(flat.astype(params_dtype), 2, 4, 3)
    y = _elman.predict(params, X_rows.astype(X_dtype), 2, "tanh")
    assert y.dtype == np.float64
    np.testing.assert_allclose(y, expected, rtol=1e-5)


def test_predict_in_chunks_of_one_row():
    flat, X_steps, *_ = make_problem("relu", 2, 3, False)
    params = _elman.unpack(flat, 2, 4, 3)
    X_rows = X_steps.transpose(1, 0, 2).reshape(7, -1)
    whole = _elman.predict(params, X_rows, 2, "relu")
    np.testing.assert_allclose(
        _elman.predict(params, X_rows, 2, "relu", chunk_elements=1), whole, rtol=1e-12
    )
