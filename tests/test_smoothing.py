"""Tests of the NumPy damped-trend and Theta forecasts."""

import warnings

import numpy as np
import pytest

from sklearn_rnn._smoothing import (
    SmoothingModel,
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


def test_smoothing_model_state_at_an_origin_ignores_later_values():
    rng = np.random.default_rng(2)
    months = np.arange(120)
    series = 10 + np.sin(months * np.pi / 6) + np.cumsum(0.1 * rng.normal(size=120))
    model = SmoothingModel(period=12).fit(series[:96])
    later = model.forecast_from(series, [80, 96, 120], 6)
    for k, end in enumerate([80, 96, 120]):
        alone = model.forecast_from(series[:end], [end], 6)[0]
        np.testing.assert_allclose(later[k], alone, rtol=1e-12)


def test_smoothing_model_forecasts():
    constant = np.full(40, 2.5)
    forecast = SmoothingModel().fit(constant).forecast_from(constant, [40], 4)
    np.testing.assert_allclose(forecast, 2.5)
    months = np.arange(72)
    seasonal = 5 + np.sin(months * np.pi / 6)
    model = SmoothingModel(period=12).fit(seasonal)
    np.testing.assert_allclose(
        model.forecast_from(seasonal, [72], 12)[0, :, 0], seasonal[:12], atol=1e-9
    )
    assert model.params_[0]["period"] == 12
    noise = np.random.default_rng(0).normal(size=72)
    assert SmoothingModel(period=12).fit(noise).params_[0]["period"] == 1  # weak


def test_smoothing_model_variables_are_independent():
    rng = np.random.default_rng(3)
    a, b = np.cumsum(rng.normal(size=50)), 5 + np.cumsum(rng.normal(size=50))
    both = SmoothingModel().fit(np.column_stack([a, b]))
    only_b = SmoothingModel().fit(b)
    np.testing.assert_allclose(
        both.forecast_from(np.column_stack([a, b]), [50], 3)[0, :, 1],
        only_b.forecast_from(b, [50], 3)[0, :, 0],
    )


def test_huge_series_neither_warns_nor_picks_an_overflowed_fit():
    huge = 2e300 + 1e300 * np.sin(np.arange(40.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = SmoothingModel().fit(huge)
    assert all(np.isfinite(model.params_[0]["holt_winters"]))
    assert np.isfinite(model.forecast_from(huge, [40], 3)).all()
