"""Tests of the NumPy damped-trend and Theta forecasts."""

import numpy as np
import pytest

from sklearn_rnn._smoothing import (
    damped_trend_forecast,
    smoothing_forecast,
    theta_forecast,
)


def test_constant_series_forecasts_the_constant():
    constant = np.full(30, 4.0)
    np.testing.assert_allclose(damped_trend_forecast(constant, 5), 4.0)
    np.testing.assert_allclose(theta_forecast(constant, 5), 4.0)


def test_damped_trend_follows_a_line_then_flattens():
    line = 1.0 + 2.0 * np.arange(40)
    forecast = damped_trend_forecast(line, 50)
    assert forecast[0] == pytest.approx(81.0, abs=0.5)
    steps = np.diff(forecast)
    assert np.all(steps > 0) and np.all(np.diff(steps) <= 1e-12)  # damped


def test_theta_drift_is_half_the_slope():
    line = 2.0 * np.arange(40)
    forecast = theta_forecast(line, 10)
    # The exact line makes SES pick alpha=1: level 78, drift 1 per step.
    np.testing.assert_allclose(forecast, 78.0 + np.arange(1, 11))


def test_seasonal_series_gets_its_pattern_back():
    months = np.arange(96)
    pattern = np.sin(months * np.pi / 6)
    forecast = smoothing_forecast(20 + pattern, 24, period=12)
    np.testing.assert_allclose(forecast[:, 0], 20 + pattern[:24], atol=1e-6)


def test_weak_seasonality_is_not_adjusted():
    noise = np.random.default_rng(0).normal(size=96)
    with_period = smoothing_forecast(noise, 12, period=12)
    without = smoothing_forecast(noise, 12)
    np.testing.assert_allclose(with_period, without)


def test_columns_are_forecast_independently():
    rng = np.random.default_rng(1)
    a, b = np.cumsum(rng.normal(size=60)), np.cumsum(rng.normal(size=60))
    both = smoothing_forecast(np.column_stack([a, b]), 6, methods=("theta",))
    assert both.shape == (6, 2)
    np.testing.assert_allclose(both[:, 1], theta_forecast(b, 6))
    np.testing.assert_allclose(
        smoothing_forecast(a, 6, methods=("damped",))[:, 0], damped_trend_forecast(a, 6)
    )
