"""The NumPy cell: gradients against finite differences and PyTorch, init, clipping."""

import numpy as np
import pytest

from sklearn_rnn import _elman


def make_problem(activation, input_size, n_outputs, weighted, dtype=np.float64, seed=0):
    rng = np.random.default_rng(seed)
    n_steps, batch, hidden = 5, 7, 4
    sizes = (input_size, hidden, n_outputs)
    flat = _elman.init_params(*sizes, rng=rng, dtype=dtype)
    # Non-zero biases so that their gradients are exercised away from zero.
    flat[_elman.n_weights(*sizes) :] = rng.normal(scale=0.1, size=hidden + n_outputs)
    X_steps = rng.normal(size=(n_steps, batch, input_size)).astype(dtype)
    y = rng.normal(size=(batch, n_outputs)).astype(dtype)
    w = rng.uniform(0.1, 2.0, size=batch).astype(dtype) if weighted else None
    workspace = _elman.Workspace(n_steps, batch, hidden, dtype)
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


def test_forward_of_a_batch_equals_predict():
    flat, X_steps, y, w, sizes, workspace = make_problem("tanh", 2, 3, False)
    params = _elman.unpack(flat, *sizes)
    y_forward = _elman.forward(params, X_steps, "tanh", workspace)
    n_steps, batch, input_size = X_steps.shape
    X_rows = X_steps.transpose(1, 0, 2).reshape(batch, n_steps * input_size)
    np.testing.assert_allclose(
        _elman.predict(params, X_rows, input_size, "tanh"), y_forward, rtol=1e-12
    )


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_forward_and_gradients_equal_torch(activation):
    torch = pytest.importorskip("torch")
    flat, X_steps, y, w, sizes, workspace = make_problem(activation, 3, 2, True)
    alpha = 0.0
    grad = np.empty_like(flat)
    loss = _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation=activation,
        alpha=alpha, workspace=workspace,
    )  # fmt: skip
    W_xh, W_hh, W_hy, b_h, b_y = _elman.unpack(flat, *sizes)
    rnn = torch.nn.RNN(sizes[0], sizes[1], nonlinearity=activation).double()
    head = torch.nn.Linear(sizes[1], sizes[2]).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(W_xh))
        rnn.weight_hh_l0.copy_(torch.from_numpy(W_hh))
        rnn.bias_ih_l0.copy_(torch.from_numpy(b_h))
        rnn.bias_hh_l0.zero_()
        head.weight.copy_(torch.from_numpy(W_hy))
        head.bias.copy_(torch.from_numpy(b_y))
    _, h_T = rnn(torch.from_numpy(X_steps))  # time-major input, like X_steps
    y_torch = head(h_T[0])
    y_ours = _elman.forward(_elman.unpack(flat, *sizes), X_steps, activation, workspace)
    np.testing.assert_allclose(y_ours, y_torch.detach().numpy(), rtol=0, atol=1e-10)
    weights = torch.from_numpy(w)
    residual = ((y_torch - torch.from_numpy(y)) ** 2).sum(dim=1)
    torch_loss = (weights * residual).sum() / (2 * weights.sum())
    torch_loss.backward()
    assert loss == pytest.approx(torch_loss.item(), abs=1e-10)
    torch_grads = [
        rnn.weight_ih_l0.grad,
        rnn.weight_hh_l0.grad,
        head.weight.grad,
        rnn.bias_ih_l0.grad,
        head.bias.grad,
    ]
    for name, ours, theirs in zip(
        _elman.PARAM_NAMES, _elman.unpack(grad, *sizes), torch_grads
    ):
        np.testing.assert_allclose(
            ours, theirs.numpy(), rtol=0, atol=1e-10, err_msg=name
        )


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


def test_clip_grad_norm_scales_to_max_norm_and_returns_the_old_norm():
    grad = np.array([3.0, 4.0])
    assert _elman.clip_grad_norm(grad, 1.0) == pytest.approx(5.0)
    np.testing.assert_allclose(grad, [0.6, 0.8])
    grad = np.array([3.0, 4.0])
    _elman.clip_grad_norm(grad, 10.0)  # below the limit: untouched
    np.testing.assert_array_equal(grad, [3.0, 4.0])
    _elman.clip_grad_norm(grad, None)
    np.testing.assert_array_equal(grad, [3.0, 4.0])


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
