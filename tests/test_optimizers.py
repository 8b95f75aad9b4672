"""Optimisers checked against updates computed by hand."""

import numpy as np
import pytest

from sklearn_rnn._optimizers import AdamOptimizer, BaseOptimizer, SGDOptimizer


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


def test_defaults_follow_scikit_learn():
    # SGD: learning rate 0.1, constant, momentum 0.9 (not Nesterov), power_t 0.5.
    sgd = SGDOptimizer(2)
    assert sgd.learning_rate == sgd.learning_rate_init == 0.1
    assert sgd.lr_schedule == "constant"
    assert (sgd.momentum, sgd.nesterov, sgd.power_t) == (0.9, False, 0.5)
    params, grads = np.array([1.0, -2.0]), np.array([0.5, -1.0])
    sgd.update_params(params, grads)  # v = -0.1 g, p += v
    sgd.update_params(params, grads)  # v = 0.9 v - 0.1 g = -0.19 g
    np.testing.assert_allclose(params, [1.0 - 0.29 * 0.5, -2.0 + 0.29], rtol=1e-15)
    invscaling = SGDOptimizer(1, learning_rate="invscaling")
    invscaling.iteration_ends(99)
    assert invscaling.learning_rate == pytest.approx(0.1 / 10)  # 0.1 / 100 ** 0.5
    # Adam: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-8.
    adam = AdamOptimizer(1)
    assert adam.learning_rate == adam.learning_rate_init == 0.001
    assert (adam.beta_1, adam.beta_2, adam.epsilon) == (0.9, 0.999, 1e-8)
    params = np.array([1.0])
    adam.update_params(params, np.array([1e-6]))
    # first step: m = 0.1 g, v = 0.001 g^2, lr_t = 0.001 sqrt(0.001) / 0.1
    step = 0.001 * np.sqrt(0.001) * 1e-6 / (np.sqrt(0.001) * 1e-6 + 1e-8)
    assert params[0] == pytest.approx(1.0 - step, rel=1e-14)
    assert BaseOptimizer().learning_rate == 0.1


@pytest.mark.parametrize("optimizer", [BaseOptimizer(), SGDOptimizer(1)])
def test_plateau_stops_with_a_message_when_verbose(optimizer, capsys):
    assert optimizer.trigger_stopping("No improvement.", verbose=False) is True
    assert capsys.readouterr().out == ""
    assert optimizer.trigger_stopping("No improvement.", verbose=True) is True
    assert capsys.readouterr().out == "No improvement. Stopping.\n"


def test_adaptive_schedule_messages_and_the_stopping_threshold(capsys):
    opt = SGDOptimizer(1, 5e-6, learning_rate="adaptive")
    assert opt.trigger_stopping("Plateau.", verbose=True) is False
    assert capsys.readouterr().out == "Plateau. Setting learning rate to 0.000001\n"
    assert opt.learning_rate == pytest.approx(1e-6)
    # a rate of exactly 1e-6 is too small: stop
    at_threshold = SGDOptimizer(1, 1e-6, learning_rate="adaptive")
    assert at_threshold.trigger_stopping("Plateau.", verbose=True) is True
    assert capsys.readouterr().out == "Plateau. Learning rate too small. Stopping.\n"
    assert at_threshold.learning_rate == 1e-6


def test_float32_state_and_updates_stay_float32():
    # The state is float32 and every operation of a step rounds to float32 (Adam's
    # step size is a float64 scalar, as in the estimator): the result equals the
    # same operations written out in float32, bit for bit.
    f32 = np.float32
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=50).astype(f32) for _ in range(3)]
    start = rng.normal(size=50).astype(f32)

    sgd = SGDOptimizer(50, 0.3, momentum=0.7, nesterov=True, dtype=f32)
    assert sgd.velocity.dtype == f32
    adam = AdamOptimizer(50, 0.3, 0.8, 0.9, 1e-3, dtype=f32)
    assert adam.ms.dtype == adam.vs.dtype == f32
    sgd_params, adam_params = start.copy(), start.copy()
    velocity, expected_sgd = np.zeros(50, f32), start.copy()
    m, v, expected_adam = np.zeros(50, f32), np.zeros(50, f32), start.copy()
    for t, g in enumerate(grads, start=1):
        sgd.update_params(sgd_params, g)
        velocity = velocity * f32(0.7) - f32(0.3) * g
        expected_sgd += f32(0.7) * velocity
        expected_sgd -= f32(0.3) * g
        adam.update_params(adam_params, g)
        m = m * f32(0.8) + g * f32(1 - 0.8)
        v = v * f32(0.9) + g * g * f32(1 - 0.9)
        lr_t = 0.3 * np.sqrt(1 - 0.9**t) / (1 - 0.8**t)
        step = m / (np.sqrt(v) + f32(1e-3))
        expected_adam -= (step * lr_t).astype(f32)  # float64 product, rounded
    assert sgd.velocity.dtype == adam.ms.dtype == adam.vs.dtype == f32
    np.testing.assert_array_equal(sgd_params, expected_sgd)
    np.testing.assert_array_equal(adam_params, expected_adam)
