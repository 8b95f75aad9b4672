"""Optimisers checked against updates computed by hand."""

import numpy as np
import pytest

from sklearn_rnn._optimizers import AdamOptimizer, SGDOptimizer


def test_adam_matches_hand_computed_steps():
    params = np.array([1.0, -2.0])
    grads = [np.array([0.5, -1.0]), np.array([0.1, 0.3])]
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    opt = AdamOptimizer(2, lr, b1, b2, eps)
    expected = params.copy()
    m = v = np.zeros(2)
    for t, g in enumerate(grads, start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        lr_t = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        expected = expected - lr_t * m / (np.sqrt(v) + eps)
        opt.update_params(params, g)
        np.testing.assert_allclose(params, expected, rtol=1e-14)
    assert opt.t == 2


@pytest.mark.parametrize("nesterov", [False, True])
def test_sgd_momentum_matches_hand_computed_steps(nesterov):
    params = np.array([1.0, -2.0])
    grads = [np.array([0.5, -1.0]), np.array([0.1, 0.3]), np.array([-0.2, 0.0])]
    lr, mu = 0.1, 0.9
    opt = SGDOptimizer(2, lr, momentum=mu, nesterov=nesterov)
    expected, velocity = params.copy(), np.zeros(2)
    for g in grads:
        velocity = mu * velocity - lr * g
        expected = expected + (mu * velocity - lr * g if nesterov else velocity)
        opt.update_params(params, g)
        np.testing.assert_allclose(params, expected, rtol=1e-14)


def test_invscaling_schedule():
    opt = SGDOptimizer(1, 0.5, learning_rate="invscaling", power_t=0.25)
    opt.iteration_ends(80)
    assert opt.learning_rate == pytest.approx(0.5 / 81**0.25)


def test_adaptive_schedule_divides_by_five_then_stops(capsys):
    opt = SGDOptimizer(1, 1e-5, learning_rate="adaptive")
    assert opt.trigger_stopping("Plateau.", verbose=True) is False
    assert opt.learning_rate == pytest.approx(2e-6)
    assert opt.trigger_stopping("Plateau.", verbose=False) is False
    assert opt.learning_rate == pytest.approx(4e-7)
    assert opt.trigger_stopping("Plateau.", verbose=True) is True
    out = capsys.readouterr().out
    assert "Setting learning rate to" in out and "Stopping" in out


def test_constant_schedule_stops_at_plateau():
    opt = SGDOptimizer(1, 0.1)
    opt.iteration_ends(1000)
    assert opt.learning_rate == 0.1
    assert opt.trigger_stopping("Plateau.", verbose=False) is True


def test_astype_casts_state():
    opt = AdamOptimizer(3).astype(np.float32)
    assert opt.ms.dtype == opt.vs.dtype == np.float32


def test_invscaling_with_a_huge_power_underflows_instead_of_overflowing():
    # (t + 1) ** 300 does not fit a float (OverflowError); its inverse is 0.
    opt = SGDOptimizer(1, 0.5, learning_rate="invscaling", power_t=300)
    opt.iteration_ends(10**6)
    assert opt.learning_rate == 0.0
    opt.iteration_ends(0)
    assert opt.learning_rate == 0.5
