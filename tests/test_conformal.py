"""Tests of the forecast intervals: SeriesForecaster.predict_interval and
predict_quantiles, and the impulse and conformal arithmetic of _conformal."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_rnn import SeriesForecaster, SimpleRNNRegressor
from sklearn_rnn._conformal import (
    impulse_offsets,
    rolling_origin_errors,
    step_quantiles,
    warn_few_windows,
    warn_too_few,
)
from sklearn_rnn.datasets import load_airline

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _walk(n=120, seed=0):
    return 100 + np.random.default_rng(seed).normal(size=n).cumsum()


def _linear(**params):
    return SeriesForecaster(LinearRegression(), **{"window": 3, **params})


@pytest.fixture(scope="module")
def walk_model():
    return _linear().fit(_walk())


@pytest.fixture(scope="module")
def monthly_model():
    series = pd.Series(_walk(), pd.period_range("2000-01", periods=120, freq="M"))
    return _linear(seasonal_period=None).fit(series.rename("level"))


@pytest.fixture(scope="module")
def frame_model():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {"a": 50 + rng.normal(size=100).cumsum(), "b": 80 + rng.normal(size=100)},
        index=pd.period_range("2000Q1", periods=100, freq="Q"),
    )
    return _linear(seasonal_period=None).fit(frame)


# -- the impulse arithmetic -------------------------------------------------------


def test_impulse_scale_pools_every_calibrated_step():
    # Out of sample the errors divided by the growth (1, 2, 4) are +-3, +-4 and
    # +-1 (the third step has 2 errors): variance (8*9 + 8*16 + 2*1) / 18; in
    # sample (a tenth of them, from 5 origins) a hundredth of that mean over
    # 5 + 5 + 2 errors.
    errors = np.full((8, 3, 1), np.nan)
    errors[:, 0, 0] = [3, -3] * 4
    errors[:, 1, 0] = [8, -8] * 4
    errors[:2, 2, 0] = [4, -4]
    fitted = errors[:5] / 10
    growth = np.array([1.0, 2.0, 4.0, 5.0])[:, None]
    offsets = impulse_offsets(errors, fitted, growth, [0.1, 0.5, 0.975], steps=4)
    out = (8 * 9 + 8 * 16 + 2 * 1) / 18
    own = (5 * 9 + 5 * 16 + 2 * 1) / 12 / 100
    sigma = np.sqrt((out + own) / 2)
    z = np.array([-1.2815516, 0.0, 1.9599640])
    np.testing.assert_allclose(offsets[:, 0], growth * sigma * z, rtol=1e-6)


def test_impulse_scale_skips_missing_errors_and_keeps_targets_apart():
    errors = np.full((4, 1, 2), np.nan)
    errors[:3, 0, 0] = [1.0, -1.0, 1.0]
    errors[:, 0, 1] = [2.0, -2.0, 2.0, -2.0]
    offsets = impulse_offsets(errors, errors, np.ones((1, 2)), [0.9], steps=1)
    np.testing.assert_allclose(offsets[0, :, 0], np.array([1.0, 2.0]) * 1.2815516)


def test_pooled_steps_stop_at_the_growth():
    errors = np.full((8, 4, 1), 2.0)  # 4 calibrated steps, a growth of 2 steps
    errors[:, 1] = 6.0  # divided by a growth of 2: 3
    errors[:, 2:] = 100.0
    growth = np.array([1.0, 2.0])[:, None]
    offsets = impulse_offsets(errors, errors, growth, [0.9], steps=2)
    sigma = np.sqrt((4 + 9) / 2)
    np.testing.assert_allclose(offsets[:, 0, 0], growth[:, 0] * sigma * 1.2815516)
    one_step = np.full((8, 1, 1), 3.0)  # one calibrated step caps the pooling
    growth = np.array([1.0, 2.0, 3.0])[:, None]
    offsets = impulse_offsets(one_step, one_step, growth, [0.9], steps=2)
    np.testing.assert_allclose(offsets[:, 0, 0], [3 * 1.2815516, 6 * 1.2815516])


def test_three_windows_pool_all_their_steps():
    errors = np.array([1.0, -1.0, 1.0])[:, None, None] * np.ones((3, 3, 1))
    offsets = impulse_offsets(errors, errors, np.ones((3, 1)), [0.9], steps=3)
    np.testing.assert_allclose(offsets[:, 0, 0], 1.2815516, rtol=1e-6)


def test_interval_method_can_change_after_fit_and_is_checked(walk_model):
    model = clone(walk_model).fit(_walk())
    impulse = model.predict_interval(5)
    model.set_params(interval_method="conformal")
    assert not np.allclose(model.predict_interval(5), impulse)
    model.interval_method = "bootstrap"
    message = (
        "interval_method must be 'impulse' or 'conformal', got "
        "interval_method='bootstrap'."
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        model.predict_quantiles(5)
    with pytest.raises(InvalidParameterError, match="interval_method"):
        _linear(interval_method="bootstrap").fit(_walk())


def test_an_exact_in_sample_fit_still_gives_a_positive_width():
    # A regressor that fits its training windows exactly (no in-sample error)
    # keeps half the out-of-sample variance: never a zero-width interval.
    errors = np.array([2.0, -2.0, 2.0, -2.0])[:, None, None]
    offsets = impulse_offsets(errors, 0 * errors, np.ones((1, 1)), [0.9], steps=1)
    np.testing.assert_allclose(offsets[0, 0, 0], np.sqrt(2.0) * 1.2815516)


def _one_step_residual(model, series, end):
    """The final model's one-step error at ``series[end]`` (window 3 on the
    differences: 3 changes before the last value)."""
    changes = np.diff(series[end - 4 : end])
    scaled = (changes - model.mean_[0]) / model.scale_[0]
    change = model.regressor_.predict(scaled[None])[0] * model.scale_[0]
    return series[end] - (series[end - 1] + change + model.mean_[0])


def test_fitted_errors_are_the_final_models_from_every_origin():
    series = _walk()
    model = _linear(transform=None).fit(series)
    fitted = model.fitted_errors_
    # Every origin with a full history (4 values: 3 differences), as many
    # steps as calibration windows (120 // 3 = 40).
    assert model.calibration_windows_ == 40
    assert fitted.shape == (120 - 4, 40, 1)
    # From origin t the step h + 1 is known while t + h < 120.
    origins = np.arange(4, 120)
    known = origins[:, None] + np.arange(40) < 120
    np.testing.assert_array_equal(~np.isnan(fitted[:, :, 0]), known)
    # In sample: the one-step errors are the final model's residuals.
    for row, end in ((0, 4), (57, 61), (-1, 119)):
        expected = _one_step_residual(model, series, end)
        np.testing.assert_allclose(fitted[row, 0, 0], expected, rtol=1e-9)
    assert not np.allclose(fitted[-40:], model.calibration_errors_, equal_nan=True)


def test_impulse_response_of_an_ar_model_on_the_differences():
    # A window of 1 on the differences: the model forecasts d[t+1] = c + a * d[t],
    # so moving the last value by e moves the m-step forecast by
    # e * (1 + a + ... + a ** m): psi_m = sum(a ** k for k <= m).
    rng = np.random.default_rng(3)
    changes = np.zeros(300)
    for t in range(1, 300):
        changes[t] = 0.6 * changes[t - 1] + rng.normal()
    model = _linear(window=1, transform=None).fit(100 + changes.cumsum())
    a = model.regressor_.coef_.ravel()[0]
    psi = np.cumsum(a ** np.arange(6))[1:]
    expected = np.sqrt(np.cumsum(np.concatenate([[1.0], psi**2])))
    growth = model._error_growth(6, model.calibration_errors_)
    np.testing.assert_allclose(growth[:, 0], expected, rtol=1e-6)
    assert 0.4 < a < 0.8
    short = model._error_growth(2, model.calibration_errors_)
    np.testing.assert_allclose(short[:, 0], expected[:2], rtol=1e-6)
    np.testing.assert_array_equal(
        model._error_growth(1, model.calibration_errors_), [[1]]
    )


def test_impulse_response_of_a_network_is_its_derivative():
    # A small move: the finite difference is the derivative of the forecast,
    # which a central difference with a tiny move gives independently. The
    # move is 1% of the one-step calibration RMS error: 32 windows keep it
    # small enough for this network's curvature to stay under rtol.
    series = load_airline()[:96]
    network = SimpleRNNRegressor(hidden_size=3, max_iter=5)
    model = SeriesForecaster(network, calibration_windows=32, random_state=0)
    model.fit(series)
    tiny = 1e-6
    moved = [model._point_levels(5, moved=(0, sign * tiny))[:, 0] for sign in (1, -1)]
    psi = (moved[0] - moved[1]) / (2 * tiny)
    expected = np.sqrt(np.cumsum(np.concatenate([[1.0], psi**2])))
    growth = model._error_growth(6, model.calibration_errors_)[:, 0]
    np.testing.assert_allclose(growth, expected, rtol=1e-3)


def test_a_series_forecast_exactly_gets_finite_zero_width_bounds():
    # No calibration error at all: no impulse to measure, and nothing to widen.
    model = _linear(transform=None).fit(np.arange(40.0))
    assert np.nanmax(np.abs(model.calibration_errors_)) == 0
    np.testing.assert_array_equal(
        model.predict_interval(3), np.repeat([[40.0], [41.0], [42.0]], 2, axis=1)
    )


def test_impulse_response_follows_the_smoothing_of_the_combination():
    # The default model's smoothing half reacts to the moved value too: its
    # growth differs from the regressor's alone.
    series = load_airline()[:96]
    network = SimpleRNNRegressor(hidden_size=3, max_iter=5)
    alone = SeriesForecaster(network, random_state=0).fit(series)
    combined = SeriesForecaster(network, random_state=0, smoothing_weight=0.5)
    combined.fit(series)
    growth = [m._error_growth(6, m.calibration_errors_) for m in (alone, combined)]
    assert growth[0][0, 0] == growth[1][0, 0] == 1.0
    assert not np.allclose(growth[0], growth[1])


# -- the conformal arithmetic -----------------------------------------------------


def test_conformal_rank_of_absolute_errors():
    # 19 errors at step 1: the 90% bound is the ceil(20 * 0.9) = 18th smallest.
    errors = (
        np.arange(1.0, 20.0)[:, None, None] * np.array([1, -1] * 10)[:19, None, None]
    )
    offsets, too_few = step_quantiles(errors, [0.05, 0.5, 0.95], steps=1)
    assert not too_few
    np.testing.assert_array_equal(offsets[0, 0], [-18.0, 0.0, 18.0])


def test_the_smallest_rank_is_the_smallest_error():
    errors = np.arange(1.0, 10.0)[:, None, None]
    # A 10% interval of 9 errors: rank ceil(10 * 0.1) = 1.
    offsets, too_few = step_quantiles(errors, [0.45, 0.55], steps=1)
    np.testing.assert_array_equal(offsets[0, 0], [-1.0, 1.0])
    assert too_few is False


def test_signed_median_bound_counts_from_above():
    errors = np.arange(1.0, 21.0)[:, None, None]
    # The 0.5 level is an upper bound: rank ceil(21 * 0.5) = 11 of 20.
    offsets, _ = step_quantiles(errors, [0.5], steps=1, symmetric=False)
    assert offsets[0, 0, 0] == 11.0


def test_signed_errors_with_too_few_extrapolate_their_own_90_percent_bound():
    errors = np.arange(1.0, 10.0)[:, None, None]  # 9 errors: 0.9 needs 9
    offsets, too_few = step_quantiles(errors, [0.975], steps=1, symmetric=False)
    assert too_few
    # The 0.9 upper bound, the 9th of 9, times z(0.975) / z(0.9).
    np.testing.assert_allclose(offsets[0, 0, 0], 9 * 1.959964 / 1.281552, rtol=1e-6)


def test_the_largest_error_fallback_is_per_target():
    errors = np.array([[1.0, -10.0], [-3.0, 20.0], [2.0, 5.0]])[:, None, :]
    offsets, too_few = step_quantiles(errors, [0.95], steps=1)
    assert too_few
    np.testing.assert_allclose(offsets[0, :, 0], [3.0, 20.0])


def test_short_series_warnings_say_what_was_short_and_what_to_do():
    with pytest.warns(UserWarning) as record:
        warn_too_few(7, [0.025, 0.975])
        warn_few_windows(7)
    assert [str(w.message) for w in record] == [
        "only 7 calibration window(s), too few for a conformal 95% interval (it "
        "needs at least 19); the bounds extrapolate the 80% bounds with a normal "
        "tail (or, with fewer than 4 windows, use the largest one-step error "
        "widened by sqrt(step)) and may cover less than asked. Fit on a longer "
        "series for calibrated intervals.",
        "only 7 calibration window(s): the width of the intervals is estimated "
        "from few errors (fewer than 10 origins) and may be far from the true "
        "spread. Fit on a longer series for steadier intervals.",
    ]


def test_signed_errors_give_asymmetric_bounds():
    errors = np.arange(1.0, 20.0)[:, None, None]  # every forecast was too low
    offsets, _ = step_quantiles(errors, [0.1, 0.9], steps=1, symmetric=False)
    # Lower: the 2nd smallest (rank ceil(20 * 0.9) = 18 from the top); upper: 18th.
    np.testing.assert_array_equal(offsets[0, 0], [2.0, 18.0])


def test_steps_without_enough_errors_grow_like_a_random_walk():
    errors = np.full((20, 20, 1), np.nan)
    for origin in range(20):  # step h has 20 - h + 1 errors, all of size h
        errors[origin, : 20 - origin, 0] = np.arange(1.0, 21 - origin)
    # The 0.95 quantile bounds a 90% interval, which needs 9 errors (the
    # ceil(10 * 0.9) = 9th of 9): steps 1-12 are calibrated.
    offsets, too_few = step_quantiles(errors, [0.95], steps=5)
    np.testing.assert_array_equal(offsets[:5, 0, 0], [1, 2, 3, 4, 5])
    later, _ = step_quantiles(errors, [0.95], steps=20)
    np.testing.assert_allclose(later[12:, 0, 0], 12 * np.sqrt(np.arange(13, 21) / 12))
    assert not too_few


def test_too_few_errors_extrapolate_the_80_percent_bound_with_a_normal_tail():
    errors = np.arange(1.0, 10.0)[:, None, None]  # 9 errors at step 1 only
    offsets, too_few = step_quantiles(errors, [0.1, 0.9, 0.975], steps=4)
    assert too_few  # a 95% interval needs 19 errors
    # 80%: the ceil(10 * 0.8) = 8th smallest, grown by sqrt(step) after step 1.
    np.testing.assert_allclose(offsets[:, 0, 1], 8 * np.sqrt(np.arange(1, 5)))
    # 95%: the 80% bound times z(0.975) / z(0.9) = 1.959964 / 1.281552.
    np.testing.assert_allclose(
        offsets[:, 0, 2], offsets[:, 0, 1] * 1.959964 / 1.281552, rtol=1e-6
    )
    np.testing.assert_allclose(offsets[:, 0, 0], -offsets[:, 0, 1])


def test_fewer_errors_than_the_80_percent_bound_needs_use_the_largest():
    errors = np.array([1.0, -3.0, 2.0])[:, None, None]  # 80% needs 4 errors
    offsets, too_few = step_quantiles(errors, [0.9, 0.975], steps=4)
    assert too_few
    expected = 3 * np.sqrt(np.arange(1, 5))
    np.testing.assert_allclose(offsets[:, 0, 0], expected)
    np.testing.assert_allclose(offsets[:, 0, 1], expected)


def test_rolling_origin_errors_are_per_origin_and_step():
    actual = np.arange(10.0)[:, None] ** 2

    def forecast_from(origins, steps):  # a naive forecast: the last value
        return np.repeat(actual[origins - 1][:, None, :], steps, axis=1)

    errors = rolling_origin_errors(forecast_from, actual, 3)
    assert errors.shape == (3, 3, 1)
    np.testing.assert_array_equal(errors[0, :, 0], [49 - 36, 64 - 36, 81 - 36])
    np.testing.assert_array_equal(errors[2, :, 0], [81 - 64, np.nan, np.nan])


# -- layouts ----------------------------------------------------------------------


def test_numpy_shapes(walk_model):
    assert walk_model.predict_interval(4).shape == (4, 2)
    assert walk_model.predict_interval(4, coverage=[0.5, 0.8, 0.95]).shape == (4, 3, 2)
    assert walk_model.predict_quantiles(4).shape == (4, 2)
    assert walk_model.predict_quantiles(4, alpha=0.3).shape == (4, 1)
    numpy_frame = _linear().fit(_walk2d())
    assert numpy_frame.predict_interval(3).shape == (3, 2, 2)
    assert numpy_frame.predict_interval(3, coverage=[0.8, 0.9]).shape == (3, 2, 2, 2)
    assert numpy_frame.predict_quantiles(3, alpha=[0.1, 0.5, 0.9]).shape == (3, 2, 3)


def _walk2d():
    return np.column_stack([_walk(80, 1), _walk(80, 2)])


def test_pandas_layout_one_target(monthly_model):
    point = monthly_model.predict(3)
    one = monthly_model.predict_interval(3)
    assert list(one.columns) == ["lower", "upper"]
    pd.testing.assert_index_equal(one.index, point.index)
    several = monthly_model.predict_interval(3, coverage=[0.8, 0.95])
    assert list(several.columns) == [
        (0.8, "lower"),
        (0.8, "upper"),
        (0.95, "lower"),
        (0.95, "upper"),
    ]
    assert several.columns.names == ["coverage", None]
    quantiles = monthly_model.predict_quantiles(3, alpha=[0.05, 0.5, 0.95])
    assert list(quantiles.columns) == [0.05, 0.5, 0.95]
    assert quantiles.columns.name == "alpha"
    np.testing.assert_allclose(quantiles[0.5], point)


def test_pandas_layout_several_targets_adds_the_variable_level(frame_model):
    one = frame_model.predict_interval(2)
    assert list(one.columns) == [
        ("a", "lower"),
        ("a", "upper"),
        ("b", "lower"),
        ("b", "upper"),
    ]
    pd.testing.assert_index_equal(one.index, frame_model.predict(2).index)
    several = frame_model.predict_interval(2, coverage=[0.8, 0.9])
    assert several.columns.names == ["variable", "coverage", None]
    assert several.columns[0] == ("a", 0.8, "lower")
    assert several.shape == (2, 8)
    quantiles = frame_model.predict_quantiles(2)
    assert quantiles.columns.names == ["variable", "alpha"]
    assert list(quantiles.columns) == [
        ("a", 0.05),
        ("a", 0.95),
        ("b", 0.05),
        ("b", 0.95),
    ]


def test_quantiles_are_the_interval_bounds(monthly_model):
    interval = monthly_model.predict_interval(5, coverage=0.9)
    quantiles = monthly_model.predict_quantiles(5, alpha=[0.05, 0.95])
    np.testing.assert_array_equal(interval.to_numpy(), quantiles.to_numpy())


# -- behaviour --------------------------------------------------------------------


def test_monotone_in_coverage_and_containing_the_forecast(walk_model):
    bounds = walk_model.predict_interval(10, coverage=[0.5, 0.8, 0.95])
    widths = bounds[..., 1] - bounds[..., 0]
    assert (widths > 0).all()
    assert (np.diff(widths, axis=1) >= 0).all()
    point = walk_model.predict(10)
    assert (bounds[:, :, 0] <= point[:, None]).all()
    assert (bounds[:, :, 1] >= point[:, None]).all()


@pytest.mark.parametrize("method", ["impulse", "conformal"])
def test_intervals_widen_with_the_horizon_on_a_random_walk(method):
    model = _linear(interval_method=method).fit(_walk())
    widths = np.diff(model.predict_interval(16, coverage=0.8), axis=1)[:, 0]
    assert (np.diff(widths) >= 0).all()
    # A random walk's h-step error grows like sqrt(h): 4x from step 1 to 16,
    # within the noise of 25 to 40 calibration errors per step (conformal); the
    # impulse rule reads it off the fitted AR model on the differences.
    assert 2 < widths[15] / widths[0] < 8


@pytest.mark.parametrize("method", ["impulse", "conformal"])
def test_coverage_on_white_noise_within_binomial_noise(method):
    # 120 independent series; the 80% one-step interval must hold about 96 of
    # their next values (26 windows: conformal gives at least 80%, at most
    # 80% + 1 / 27; impulse, a normal bound from 156 errors, about 80%).
    inside = []
    for seed in range(120):
        noise = np.random.default_rng(seed).normal(size=81)
        model = _linear(
            window=2, differences=0, transform=None, interval_method=method
        ).fit(noise[:80])
        lower, upper = model.predict_interval(1, coverage=0.8)[0]
        inside.append(lower <= noise[80] <= upper)
    # Binomial(120, 0.8): mean 96, sd 4.4; 3.5 sd either side.
    assert 80 <= sum(inside) <= 112


def test_log_series_get_multiplicative_intervals():
    passengers = load_airline()[:96]
    model = _linear(transform="log").fit(passengers)
    lower, upper = model.predict_interval(6).to_numpy().T
    point = model.predict(6).to_numpy()
    # Symmetric on the log scale: the point forecast is the geometric midpoint.
    np.testing.assert_allclose(lower * upper, point**2, rtol=1e-10)
    assert (upper - point > point - lower).all()


def test_calibration_errors_are_stored_per_origin_and_step(walk_model):
    errors = walk_model.calibration_errors_
    n = walk_model.calibration_windows_
    assert errors.shape == (n, n, 1) and n == 120 // 3
    # Origin i reaches the end of the series after n - i steps.
    assert np.isnan(errors[-1, 1:]).all() and np.isfinite(errors[-1, 0]).all()
    assert np.isfinite(errors[0]).all()


@pytest.mark.parametrize(
    ("n_steps", "expected"),
    [(20, 15), (28, 20), (60, 20), (120, 40), (147, 48), (400, 48), (6, 1), (5, 0)],
)
def test_auto_calibration_holds_out_a_third_of_the_series_20_to_48(n_steps, expected):
    # A 3-window, 1-difference, 1-step model needs 5 steps to fit: 6 leave 1.
    model = _linear(transform=None).fit(_walk(n_steps))
    assert model.calibration_windows_ == expected


def test_random_state_makes_intervals_reproducible():
    series = load_airline()[:72]
    network = SimpleRNNRegressor(hidden_size=3, max_iter=5)

    def fitted(seed):
        return SeriesForecaster(network, random_state=seed).fit(series)

    first, again, other = fitted(0), fitted(0), fitted(1)
    pd.testing.assert_frame_equal(first.predict_interval(4), again.predict_interval(4))
    assert isinstance(first.regressor_.random_state, int)
    assert network.random_state is None  # the parameter itself is never changed
    assert not np.allclose(first.predict(4), other.predict(4))


def test_short_series_warns_and_never_gives_zero_width():
    rng = np.random.default_rng(0)
    short = 10 + rng.normal(size=12)  # 12 - 1 difference - 3 - 1: 7 windows
    model = _linear(transform=None).fit(short)
    assert model.calibration_windows_ == 7
    few = r"only 7 calibration window\(s\).*fewer than 10"
    with pytest.warns(UserWarning, match=few):
        bounds = model.predict_interval(3, coverage=0.95)
    assert (bounds[:, 1] - bounds[:, 0] > 0).all()
    with warnings.catch_warnings():  # 10 windows
        warnings.simplefilter("error")
        _linear(transform=None).fit(10 + rng.normal(size=15)).predict_interval(3)


def test_short_series_warns_for_a_conformal_level_it_cannot_calibrate():
    rng = np.random.default_rng(0)
    short = 10 + rng.normal(size=28)
    model = _linear(transform=None, calibration_windows=7, interval_method="conformal")
    model.fit(short)
    with pytest.warns(UserWarning, match=r"only 7 calibration window\(s\).*95%"):
        bounds = model.predict_interval(3, coverage=0.95)
    assert (bounds[:, 1] - bounds[:, 0] > 0).all()
    # 80% needs 4 errors per step: steps 1-4 are calibrated, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict_interval(3, coverage=0.8)


def test_no_calibration_window_is_a_clear_error():
    model = _linear(calibration_windows=0).fit(_walk())
    assert model.calibration_windows_ == 0
    assert model.calibration_errors_.shape == model.fitted_errors_.shape == (0, 0, 1)
    with pytest.raises(ValueError, match="fitted with calibration_windows=0"):
        model.predict_interval(3)
    exact = _linear(transform=None).fit(_walk(5))  # 5 = 1 difference + 3 + 1
    with pytest.raises(ValueError, match="too short to hold out a calibration"):
        exact.predict_quantiles(2)
    with pytest.raises(ValueError, match=r"calibration_windows=200 leaves too few"):
        _linear(calibration_windows=200).fit(_walk())


def test_direct_model_on_a_subset_of_targets_calibrates_its_horizon():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=90).cumsum(), "b": rng.normal(size=90)})
    model = _linear(horizon=3, target="a", transform=None).fit(frame)
    errors = model.calibration_errors_
    # Every origin but the last two reaches step 3; none goes past the horizon.
    assert np.isfinite(errors[:-2, :3]).all() and np.isnan(errors[:, 3:]).all()
    assert model.predict_interval(3).shape == (3, 2)


# -- bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    "coverage, error, match",
    [
        (0.0, ValueError, r"coverage must be in the open interval \(0, 1\), got "),
        (1.0, ValueError, r"coverage=1.0"),
        (95, ValueError, r"coverage=95"),
        ([0.8, -0.1], ValueError, r"coverage=-0.1"),
        (np.nan, ValueError, r"coverage=nan"),
        ("0.9", TypeError, r"coverage must be a number in \(0, 1\).*'0.9' of type str"),
        (None, TypeError, r"coverage must be a number .*None"),
        (True, TypeError, r"coverage must be a number .*True"),
        ([], ValueError, r"coverage is empty"),
    ],
)
def test_bad_coverage(walk_model, coverage, error, match):
    before = walk_model.predict_interval(2)
    with pytest.raises(error, match=match):
        walk_model.predict_interval(2, coverage=coverage)
    np.testing.assert_array_equal(walk_model.predict_interval(2), before)


@pytest.mark.parametrize("alpha", [0, 1, [0.5, 2.0], "low"])
def test_bad_alpha(walk_model, alpha):
    with pytest.raises((ValueError, TypeError), match=r"alpha"):
        walk_model.predict_quantiles(2, alpha=alpha)


def test_bad_steps_and_not_fitted(walk_model):
    with pytest.raises(ValueError, match=r"steps must be an integer >= 1, got steps=0"):
        walk_model.predict_interval(0)
    with pytest.raises(TypeError, match=r"steps must be an integer >= 1, got 1.5"):
        walk_model.predict_quantiles(1.5)
    with pytest.raises(NotFittedError):
        SeriesForecaster().predict_interval(3)
    with pytest.raises(NotFittedError):
        SeriesForecaster().predict_quantiles(3)


def test_fitted_errors_come_from_the_latest_1000_origins_of_a_long_series():
    series = _walk(1200)
    model = _linear(transform=None).fit(series)
    assert model.fitted_errors_.shape == (1000, 48, 1)
    # The last row is the last origin's: its one-step error, nothing after.
    expected = _one_step_residual(model, series, 1199)
    np.testing.assert_allclose(model.fitted_errors_[-1, 0, 0], expected, rtol=1e-9)
    assert np.isnan(model.fitted_errors_[-1, 1:]).all()
    # The first row is origin 1200 - 1000 = 200's.
    expected = _one_step_residual(model, series, 200)
    np.testing.assert_allclose(model.fitted_errors_[0, 0, 0], expected, rtol=1e-9)
