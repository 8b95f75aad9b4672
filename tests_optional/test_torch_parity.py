"""The NumPy cell against PyTorch's autograd: forward pass, loss and every gradient,
with full and with truncated backpropagation through time (needs torch)."""

import numpy as np
import pytest
import torch

from sklearn_rnn import _elman


def make_problem(activation, n_steps=5, bptt_steps=None, seed=0):
    """A float64 batch with weighted rows, non-zero biases and two outputs."""
    rng = np.random.default_rng(seed)
    batch, sizes = 7, (3, 4, 2)
    flat = _elman.init_params(*sizes, rng=rng)
    flat[_elman.n_weights(*sizes) :] = rng.normal(scale=0.1, size=sizes[1] + sizes[2])
    X_steps = rng.normal(size=(n_steps, batch, sizes[0]))
    y = rng.normal(size=(batch, sizes[2]))
    w = rng.uniform(0.1, 2.0, size=batch)
    workspace = _elman.Workspace(
        n_steps, batch, sizes[1], np.float64, bptt_steps=bptt_steps
    )
    return flat, X_steps, y, w, sizes, workspace


def torch_model(flat, sizes, activation):
    """``nn.RNN`` and a linear head holding the cell's weights (``bias_hh`` zero)."""
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
    return rnn, head


def torch_loss_and_grads(rnn, head, X_steps, y, w, bptt_steps=None):
    """The weighted loss and autograd's gradients; with ``bptt_steps``, the hidden
    state is detached that many steps before the end of the window."""
    X = torch.from_numpy(X_steps)  # time-major, like X_steps
    n_early = 0 if bptt_steps is None else max(X.shape[0] - bptt_steps, 0)
    h = None
    if n_early:
        _, h = rnn(X[:n_early])
        h = h.detach()
    _, h_T = rnn(X[n_early:], h)
    y_torch = head(h_T[0])
    weights = torch.from_numpy(w)
    residual = ((y_torch - torch.from_numpy(y)) ** 2).sum(dim=1)
    loss = (weights * residual).sum() / (2 * weights.sum())
    loss.backward()
    grads = [
        rnn.weight_ih_l0.grad,
        rnn.weight_hh_l0.grad,
        head.weight.grad,
        rnn.bias_ih_l0.grad,
        head.bias.grad,
    ]
    return y_torch.detach().numpy(), loss.item(), [g.numpy() for g in grads]


def assert_gradients_equal(grad, sizes, torch_grads):
    for name, ours, theirs in zip(
        _elman.PARAM_NAMES, _elman.unpack(grad, *sizes), torch_grads
    ):
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-10, err_msg=name)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_forward_and_gradients_equal_torch(activation):
    flat, X_steps, y, w, sizes, workspace = make_problem(activation)
    grad = np.empty_like(flat)
    loss = _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation=activation,
        alpha=0.0, workspace=workspace,
    )  # fmt: skip
    y_ours = _elman.forward(_elman.unpack(flat, *sizes), X_steps, activation, workspace)
    rnn, head = torch_model(flat, sizes, activation)
    y_torch, torch_loss, torch_grads = torch_loss_and_grads(rnn, head, X_steps, y, w)
    np.testing.assert_allclose(y_ours, y_torch, rtol=0, atol=1e-10)
    assert loss == pytest.approx(torch_loss, abs=1e-10)
    assert_gradients_equal(grad, sizes, torch_grads)


@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("bptt_steps", [1, 2, 5, 11])
def test_truncated_gradient_equals_torch_with_the_state_detached(
    activation, bptt_steps
):
    # 23 steps: the steps before the last bptt_steps run in chunks of bptt_steps
    # steps, the last chunk shorter for 2, 5 and 11 (21 = 10 * 2 + 1, 18, 12).
    flat, X_steps, y, w, sizes, workspace = make_problem(
        activation, n_steps=23, bptt_steps=bptt_steps
    )
    grad = np.empty_like(flat)
    loss = _elman.loss_and_gradient(
        flat, grad, X_steps, y, w, sizes=sizes, activation=activation,
        alpha=0.0, workspace=workspace,
    )  # fmt: skip
    rnn, head = torch_model(flat, sizes, activation)
    _, torch_loss, torch_grads = torch_loss_and_grads(
        rnn, head, X_steps, y, w, bptt_steps=bptt_steps
    )
    assert loss == pytest.approx(torch_loss, abs=1e-10)
    assert_gradients_equal(grad, sizes, torch_grads)
    # the truncation matters here: the full gradient of W_hh differs
    rnn, head = torch_model(flat, sizes, activation)
    _, _, full_grads = torch_loss_and_grads(rnn, head, X_steps, y, w)
    assert np.abs(_elman.unpack(grad, *sizes)[1] - full_grads[1]).max() > 1e-6
