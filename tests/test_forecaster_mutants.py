"""SeriesForecaster: the exact behaviour that mutation testing found untested
(issue 17): whole error and warning messages, the defaults, the edges of each
condition and the paths of predict_one_step."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from sklearn_rnn import SeriesForecaster, SimpleRNNRegressor
from sklearn_rnn._smoothing import SmoothingModel
from sklearn_rnn.datasets import load_airline


def _exactly(message):
    """A pytest match pattern for the whole message, nothing before or after."""
    return f"^{re.escape(message)}$"


def _linear(regressor=None, **params):
    defaults = {"window": 3, "transform": None, "calibration_windows": 0}
    regressor = LinearRegression() if regressor is None else regressor
    return SeriesForecaster(regressor, **{**defaults, **params})


class _ObjectPredictions(LinearRegression):
    """A regressor whose predictions come back as an object array."""

    def predict(self, X):
        return super().predict(X).astype(object)


class _OneValueTooMany(LinearRegression):
    """A regressor that returns one value more than it was asked for."""

    def predict(self, X):
        return np.zeros(len(X) + 1)


class _ThreeDimensional(LinearRegression):
    """A regressor that returns the right number of values in a 3-D array."""

    def predict(self, X):
        return super().predict(X)[:, :, None]


def _lines(n_steps):
    steps = np.arange(float(n_steps))
    return pd.DataFrame({"a": 2 * steps + 1, "b": -steps + 50})


# -- the default regressor -------------------------------------------------------


def test_default_regressor_settings():
    model = SeriesForecaster().set_params(regressor__hidden_size=32)
    expected = SimpleRNNRegressor(alpha=10.0, learning_rate_init=1e-2, max_iter=200)
    assert model.regressor.get_params() == expected.get_params()
    # The same regressor when regressor=None is fitted.
    series = np.sin(np.arange(30.0))
    fitted = SeriesForecaster(window=3, calibration_windows=0).fit(series)
    params = fitted.regressor_.get_params()
    assert (params["alpha"], params["learning_rate_init"]) == (10.0, 1e-2)
    assert params["max_iter"] == 200 and fitted.regressor_.n_iter_ <= 200


# -- whole messages ----------------------------------------------------------------


def test_messages_of_one_step_and_score():
    model = _linear().fit(np.arange(1.0, 30.0))
    with pytest.raises(
        ValueError,
        match=_exactly(
            "series has 0 steps; give at least 1 step after the fitted series."
        ),
    ):
        model.predict_one_step(np.array([]))
    with pytest.raises(
        ValueError,
        match=_exactly(
            "series has 1 step(s); R^2 needs at least 2. Score on a longer block "
            "that follows the fitted series."
        ),
    ):
        model.score(np.array([30.0]))
    with pytest.raises(
        ValueError,
        match=_exactly(
            "series has 2 variables, but the forecaster was fitted on 1; give a "
            "continuation of the fitted series."
        ),
    ):
        model.score(np.ones((3, 2)))
    # Two steps are enough for R^2: the line is forecast exactly.
    assert model.score(np.array([30.0, 31.0])) == pytest.approx(1.0, abs=1e-12)


def test_message_of_columns_that_differ():
    frame = _lines(40)
    model = _linear().fit(frame)
    future = frame[:5].set_axis(range(40, 45)).rename(columns={"b": "c"})
    with pytest.raises(
        ValueError,
        match=_exactly(
            "series has columns ['a', 'c'], but the forecaster was fitted on "
            "['a', 'b']; give the same variables."
        ),
    ):
        model.score(future)


def test_messages_without_calibration_errors():
    no_calibration = _linear().fit(np.arange(1.0, 30.0))
    with pytest.raises(
        ValueError,
        match=_exactly(
            "the forecaster has no calibration errors to build intervals from: it "
            "was fitted with calibration_windows=0. Refit with "
            "calibration_windows='auto'."
        ),
    ):
        no_calibration.predict_interval(2)
    too_short = _linear(calibration_windows="auto").fit(np.arange(1.0, 6.0))
    with pytest.raises(
        ValueError,
        match=_exactly(
            "the forecaster has no calibration errors to build intervals from: the "
            "series was too short to hold out a calibration window. Fit on a "
            "longer series."
        ),
    ):
        too_short.predict_quantiles(2)


def test_message_of_a_bad_alpha_names_alpha():
    model = _linear(calibration_windows="auto").fit(np.arange(1.0, 40.0))
    with pytest.raises(
        ValueError,
        match=_exactly("alpha must be in the open interval (0, 1), got alpha=2.0."),
    ):
        model.predict_quantiles(2, alpha=[0.5, 2.0])


# -- predict_one_step: layouts and matching ---------------------------------------


def test_one_step_of_two_targets_is_exact():
    frame = _lines(60)
    model = _linear().fit(frame[:50])
    one_step = model.predict_one_step(frame[50:])
    assert isinstance(one_step, pd.DataFrame) and list(one_step.columns) == ["a", "b"]
    np.testing.assert_allclose(one_step, frame[50:], atol=1e-8)
    # NumPy in, NumPy out, both columns.
    values = frame.to_numpy()
    numpy_model = _linear().fit(values[:50])
    numpy_one_step = numpy_model.predict_one_step(values[50:])
    assert numpy_one_step.shape == (10, 2)
    np.testing.assert_allclose(numpy_one_step, values[50:], atol=1e-8)


def test_one_step_of_a_direct_model_of_two_targets_uses_the_first_step():
    frame = _lines(60)
    model = _linear(horizon=3).fit(frame[:50])
    np.testing.assert_allclose(
        model.predict_one_step(frame[50:]), frame[50:], atol=1e-8
    )


def test_columns_are_matched_by_position_unless_both_are_frames():
    frame = _lines(60)
    numpy_model = _linear().fit(frame.to_numpy()[:50])
    renamed = frame[50:].set_axis(["x", "y"], axis=1)
    np.testing.assert_allclose(
        numpy_model.predict_one_step(renamed), frame[50:].to_numpy(), atol=1e-8
    )
    # A Series has no columns to match: its name may differ from the fitted one.
    series_model = _linear().fit(frame["a"][:50])
    other_name = frame["a"][50:].rename("b")
    one_step = series_model.predict_one_step(other_name)
    assert one_step.name == "a"
    np.testing.assert_allclose(one_step, frame["a"][50:], atol=1e-8)


def test_predictions_of_object_dtype_are_read_as_floats():
    line = 3.0 * np.arange(40.0) + 1
    model = SeriesForecaster(
        _ObjectPredictions(), window=3, transform="log", calibration_windows=0
    ).fit(line[:30])
    one_step = model.predict_one_step(line[30:])
    assert one_step.dtype == np.float64
    reference = SeriesForecaster(
        LinearRegression(), window=3, transform="log", calibration_windows=0
    ).fit(line[:30])
    np.testing.assert_array_equal(one_step, reference.predict_one_step(line[30:]))
    # The recursive forecast reads them the same way as the one-step path.
    forecast = model.predict(4)
    assert forecast.dtype == np.float64
    np.testing.assert_array_equal(forecast, reference.predict(4))


class _TextPredictions(LinearRegression):
    """A regressor whose predictions come back as text of numbers."""

    def predict(self, X):
        return super().predict(X).astype(str)


@pytest.mark.parametrize("horizon", [1, 2])
def test_predictions_as_text_are_refused_with_a_clear_error(horizon):
    line = 3.0 * np.arange(40.0) + 1
    model = _linear(_TextPredictions(), horizon=horizon).fit(line[:30])
    for call in (lambda: model.predict_one_step(line[30:]), lambda: model.predict(2)):
        with pytest.raises(TypeError, match=r"estimator.predict must return numbers"):
            call()


def test_a_regressor_returning_the_wrong_shape_is_a_clear_error():
    frame = _lines(40)
    too_many = _linear(_OneValueTooMany(), horizon=2).fit(frame[:35])
    with pytest.raises(
        ValueError,
        match=_exactly(
            "regressor_.predict returned shape (6,) for 5 windows; expected 5 rows "
            "of 4 value(s)."
        ),
    ):
        too_many.predict_one_step(frame[35:])
    three_d = _linear(_ThreeDimensional(), horizon=2).fit(frame[:35])
    with pytest.raises(
        ValueError,
        match=_exactly(
            "regressor_.predict returned shape (5, 4, 1) for 5 windows; expected 5 "
            "rows of 4 value(s)."
        ),
    ):
        three_d.predict_one_step(frame[35:])


def test_one_step_smoothing_forecasts_from_each_steps_past():
    # With weight 1 the forecast is the smoothing model's alone.
    passengers = load_airline()
    model = _linear(transform="log", smoothing_weight=1.0).fit(passengers[:96])
    one_step = model.predict_one_step(passengers[96:104])
    levels = np.log(passengers.to_numpy()[:104])
    smoothing = SmoothingModel(12).fit(levels[:96])
    expected = np.exp(smoothing.forecast_from(levels, 96 + np.arange(8), 1)[:, 0, 0])
    np.testing.assert_allclose(one_step, expected, rtol=1e-12)


def test_a_block_at_the_last_representable_date_follows_the_fitted_series():
    # The fitted series ends one day before the last date an index of
    # nanoseconds can hold: the block of that day follows it.
    index = pd.date_range(end="2262-04-10", periods=30, freq="D").as_unit("ns")
    series = pd.Series(np.arange(30.0) + 1, index)
    model = _linear(seasonal_period=None).fit(series)
    with pytest.raises(ValueError, match="the last date an index of unit 'ns'"):
        model.predict(2)
    block = pd.Series([31.0], pd.DatetimeIndex(["2262-04-11"]).as_unit("ns"))
    np.testing.assert_allclose(model.predict_one_step(block), [31.0], atol=1e-8)


def test_message_of_steps_past_the_horizon_of_a_subset_of_targets():
    steps = np.arange(60.0)
    frame = pd.DataFrame({"a": 3 * steps, "b": np.sin(steps)})
    model = _linear(horizon=4, target="a").fit(frame)
    with pytest.raises(
        ValueError,
        match=_exactly(
            "steps=5 is more than horizon=4, and only 1 of the 2 variables are "
            "targets, so the forecast cannot be fed back to build the next window. "
            "Fit with horizon >= 5 (direct multi-step) or target=None."
        ),
    ):
        model.predict(5)


def test_an_overflowing_forecast_names_its_first_step_without_a_numpy_warning():
    # Log growth of 10 a step from 590: exp(590 + 10 * h) passes float64's
    # largest value (about exp(709.78)) at h = 12.
    growth = np.exp(np.arange(60.0) * 10)
    model = _linear(window=2, transform="log").fit(growth)
    assert np.isfinite(model.predict(11)).all()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's overflow warning is silenced
        with pytest.raises(
            ValueError,
            match=_exactly(
                "the forecast overflows float64 at step 12: undoing the "
                "differencing or the log transform of the predicted changes gives "
                "values too large to represent. Rescale the series, use fewer "
                "differences or transform=None, or forecast fewer steps."
            ),
        ):
            model.predict(20)


def test_messages_of_a_series_too_short():
    with pytest.raises(
        ValueError,
        match=_exactly(
            "series has 2 steps, fewer than differences + window + horizon = 1 + 1 "
            "+ 1 = 3, the least a forecaster can be fitted on. Use a longer series, "
            "fewer differences or a smaller horizon."
        ),
    ):
        _linear().fit(np.arange(2.0))
    with pytest.warns(UserWarning) as record:
        model = _linear(window=8, differences=3).fit(np.arange(10.0))
    assert [str(warning.message) for warning in record] == [
        "series has 10 steps, too few for window=8 after 3 difference(s) and "
        "horizon 1; using window=6."
    ]
    np.testing.assert_allclose(model.predict(2), [10.0, 11.0], atol=1e-8)


def test_message_of_differences_that_overflow_without_a_numpy_warning():
    alternating = np.tile([1e308, -1e308], 20)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # NumPy's overflow warning is silenced
        with pytest.raises(
            ValueError,
            match=_exactly(
                "the differenced series overflows float64 (its values are too "
                "large: the largest is 1e+308); rescale the series (e.g. divide it "
                "by a power of 10) before fitting."
            ),
        ):
            _linear().fit(alternating)


def test_messages_of_the_log_transform():
    with pytest.raises(
        ValueError,
        match=_exactly(
            "transform='log' needs a positive series, but its smallest value is "
            f"{np.float64(-3.0)!r}. Use transform=None (or 'auto'), or shift the "
            "series."
        ),
    ):
        _linear(transform="log").fit(np.arange(40.0) - 3)
    model = _linear(transform="log").fit(np.arange(1.0, 41.0))
    with pytest.raises(
        ValueError,
        match=_exactly(
            "the forecaster was fitted with a log transform, so the series must be "
            f"positive, but its smallest value is {np.float64(-2.0)!r}."
        ),
    ):
        model.predict_one_step(np.array([41.0, -2.0, 0.0]))


def test_messages_of_calibration_windows_regressor_and_a_block_that_does_not_follow():
    with pytest.raises(
        ValueError,
        match=_exactly(
            "calibration_windows=200 leaves too few steps to fit the calibration "
            "copy: the series has 40 steps and a fit needs 5. Use at most "
            "calibration_windows=35, or 'auto'."
        ),
    ):
        _linear(calibration_windows=200).fit(np.arange(40.0))
    with pytest.raises(
        TypeError,
        match=_exactly(
            "regressor must be a scikit-learn regressor (with fit and predict) or "
            "None, got 'ridge'."
        ),
    ):
        SeriesForecaster("ridge").fit(np.arange(40.0))
    passengers = load_airline()
    model = _linear().fit(passengers[:60])
    with pytest.raises(
        ValueError,
        match=_exactly(
            "series must directly follow the fitted series: it starts at 1954-11, "
            "but the fitted series ends at 1953-12, so 1954-01 was expected."
        ),
    ):
        model.score(passengers[70:80])


# -- the edges of the structure a series has room for ----------------------------


def test_a_series_of_exactly_the_steps_needed_keeps_everything_without_warning():
    pattern = np.tile([1.0, 5.0, 2.0, 8.0], 2)  # 4 + window 3 + horizon 1 steps
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        seasonal = _linear(seasonal_period=4, seasonal_differences=1, differences=0)
        seasonal.fit(pattern)
        exact_window = _linear().fit(np.arange(5.0))  # 1 difference + 3 + 1
        shortest = _linear(window=1).fit(np.arange(3.0))  # 1 difference + 1 + 1
    assert seasonal.seasonal_differences_ == 1
    np.testing.assert_allclose(seasonal.predict(4), [1.0, 5.0, 2.0, 8.0], atol=1e-8)
    assert exact_window.window_ == 3
    assert shortest.window_ == 1
    np.testing.assert_allclose(shortest.predict(2), [3.0, 4.0], atol=1e-8)


def test_auto_seasonal_differences_are_measured_from_three_seasons():
    # 36 months of white noise are measured (not seasonal); 35 are too short to
    # measure and get the seasonal difference.
    rng = np.random.default_rng(0)
    for n_months, expected in [(36, 0), (47, 0), (35, 1)]:
        index = pd.period_range("2000-01", periods=n_months, freq="M")
        noise = pd.Series(50 + rng.normal(size=n_months), index)
        model = _linear().fit(noise)
        assert model.seasonal_differences_ == expected, n_months
        assert model.differences_ == 1 - expected


def test_seasonal_strength_at_the_threshold_is_not_strong(monkeypatch):
    # "above 0.64": a strength of exactly the threshold takes no difference.
    import sklearn_rnn._forecaster as module

    index = pd.period_range("2000-01", periods=48, freq="M")
    series = pd.Series(50 + np.sin(np.arange(48.0)), index)
    monkeypatch.setattr(
        module,
        "seasonal_strength",
        lambda column, period: module.SEASONAL_STRENGTH_THRESHOLD,
    )
    assert _linear().fit(series).seasonal_differences_ == 0
    monkeypatch.setattr(
        module,
        "seasonal_strength",
        lambda column, period: np.nextafter(module.SEASONAL_STRENGTH_THRESHOLD, 1),
    )
    assert _linear().fit(series).seasonal_differences_ == 1


def test_calibration_windows_at_their_limits():
    # Window 1, no difference: a third of the steps, 20 to 48, at most the
    # steps left after the copy's fit (n - 2).
    model = _linear(window=1, differences=0, calibration_windows="auto")
    for n_steps, expected in [(7, 5), (45, 20), (63, 21), (64, 21), (144, 48)]:
        assert model.fit(np.arange(float(n_steps))).calibration_windows_ == expected
    # All the available steps may be held out, one more may not.
    assert (
        _linear(calibration_windows=35).fit(np.arange(40.0)).calibration_windows_ == 35
    )
    with pytest.raises(
        ValueError,
        match=_exactly(
            "calibration_windows=1 leaves too few steps to fit the calibration "
            "copy: the series has 5 steps and a fit needs 5. Use at most "
            "calibration_windows=0, or 'auto'."
        ),
    ):
        _linear(calibration_windows=1).fit(np.arange(5.0))


# -- the standardisation of the differenced series --------------------------------


def test_mean_and_scale_of_each_variable():
    rng = np.random.default_rng(0)
    steps = np.arange(41.0)
    small = 0.1 * rng.normal(size=41).cumsum()  # differences of sd about 0.1
    tiny = 1e-300 * rng.normal(size=41).cumsum()  # squares would underflow
    frame = pd.DataFrame({"line": 2 * steps, "flat": 5.0, "small": small, "tiny": tiny})
    model = _linear().fit(frame)
    differences = np.diff(frame.to_numpy(), axis=0)
    np.testing.assert_allclose(
        model.mean_[:3], differences[:, :3].mean(axis=0), rtol=1e-12, atol=0
    )
    assert model.mean_[3] == pytest.approx(differences[:, 3].mean(), rel=1e-12)
    expected_tiny = np.std(differences[:, 3] * 1e300) * 1e-300
    assert model.scale_[3] == pytest.approx(expected_tiny, rel=1e-12)
    # A constant difference (the line) or none (flat) has scale 1.
    np.testing.assert_array_equal(model.scale_[:2], [1.0, 1.0])
    assert model.scale_[2] == pytest.approx(differences[:, 2].std(), rel=1e-12)
    assert 0.05 < model.scale_[2] < 0.2
    unscaled = _linear(scale=False).fit(frame)
    np.testing.assert_array_equal(unscaled.mean_, np.zeros(4))
    np.testing.assert_array_equal(unscaled.scale_, np.ones(4))


def test_a_huge_variable_does_not_blur_the_scale_of_a_small_one():
    s = 2 + np.sin(np.arange(40) / 3)
    model = _linear().fit(np.c_[s, np.tile([1e200, -1e200], 20)])
    assert model.scale_[0] == pytest.approx(np.diff(s).std(), rel=1e-12)
    differences = np.diff(np.tile([1.0, -1.0], 20))  # of the huge one, / 1e200
    assert model.scale_[1] == pytest.approx(differences.std() * 1e200, rel=1e-12)
    assert model.mean_[1] == pytest.approx(differences.mean() * 1e200, rel=1e-12)


# -- calibration: the copy has the resolved settings of the full series ------------


def _resolved_copy(model, head):
    """A forecaster with ``model``'s resolved settings, fitted on ``head``."""
    return SeriesForecaster(
        LinearRegression(),
        window=model.window_,
        differences=model.differences_,
        seasonal_period=model.seasonal_period_,
        seasonal_differences=model.seasonal_differences_,
        transform=model.transform_,
        calibration_windows=0,
    ).fit(head)


def _assert_calibration_errors(model, series, n_windows):
    head, block = series[:-n_windows], series[-n_windows:]
    copy = _resolved_copy(model, head)
    errors = model.calibration_errors_
    assert errors.shape == (n_windows, n_windows, 1)
    log = np.log if model.transform_ == "log" else np.asarray
    # One step ahead from every origin, and every step from the first origin.
    np.testing.assert_allclose(
        errors[:, 0, 0], log(block) - log(copy.predict_one_step(block)), atol=1e-9
    )
    np.testing.assert_allclose(
        errors[0, :, 0], log(block) - log(copy.predict(n_windows)), atol=1e-9
    )


def test_calibration_copy_keeps_the_resolved_seasonal_difference_and_window():
    # On all 44 months: log, seasonality measured (none), 1 difference, window
    # 10; the 34-month head alone would be too short to measure the seasonality
    # (one seasonal difference, no ordinary one) and get window 5.
    rng = np.random.default_rng(3)
    index = pd.period_range("2000-01", periods=44, freq="M")
    growth = 3 + 0.02 * np.arange(44) + 0.1 * rng.normal(size=44).cumsum()
    series = pd.Series(np.exp(growth), index)
    model = SeriesForecaster(LinearRegression(), calibration_windows=10).fit(series)
    resolved = (model.transform_, model.seasonal_differences_, model.differences_)
    assert resolved + (model.window_,) == ("log", 0, 1, 10)
    head = SeriesForecaster(LinearRegression(), calibration_windows=0)
    head.fit(series[:-10])
    assert (head.seasonal_differences_, head.differences_, head.window_) == (1, 0, 5)
    _assert_calibration_errors(model, series, 10)


def test_calibration_copy_keeps_the_resolved_transform_and_period():
    # A seasonal amplitude that grows over the last 20 months: log on all 60
    # months, not on the 45-month head, which would also get window 8.
    rng = np.random.default_rng(1)
    months = np.arange(60)
    amplitude = np.where(months < 40, 3, 3 * (1 + (months - 40) / 5))
    level = 20 + 0.5 * months + rng.normal(size=60).cumsum()
    values = level + amplitude * np.sin(months * np.pi / 6) + rng.normal(size=60)
    series = pd.Series(values, pd.period_range("2000-01", periods=60, freq="M"))
    model = SeriesForecaster(LinearRegression(), calibration_windows=15).fit(series)
    resolved = (model.transform_, model.seasonal_differences_, model.differences_)
    assert resolved + (model.window_, model.seasonal_period_) == ("log", 1, 0, 12, 12)
    head = SeriesForecaster(LinearRegression(), calibration_windows=0)
    head.fit(series[:-15])
    assert (head.transform_, head.window_) == (None, 8)
    _assert_calibration_errors(model, series, 15)


def test_calibration_errors_of_one_window_and_of_none():
    rng = np.random.default_rng(0)
    walk = 10 + rng.normal(size=6).cumsum()
    model = _linear(calibration_windows="auto").fit(walk)  # 6 steps: 1 window
    assert model.calibration_windows_ == 1
    _assert_calibration_errors(model, walk, 1)
    assert _linear().fit(walk).calibration_errors_.shape == (0, 0, 1)
    frame = _lines(40)
    assert _linear().fit(frame).calibration_errors_.shape == (0, 0, 2)


def test_calibration_errors_of_a_numpy_series():
    rng = np.random.default_rng(2)
    walk = 10 + rng.normal(size=40).cumsum()
    model = _linear(calibration_windows=8).fit(walk)
    _assert_calibration_errors(model, walk, 8)


# -- set_params and the regressor's clone -------------------------------------------


def test_set_params_puts_the_default_regressor_in_place_only_for_nested_names():
    plain = SeriesForecaster().set_params(window=5)
    assert plain.regressor is None and plain.smoothing_weight == "auto"
    # A regressor that is given is updated, never replaced.
    linear = SeriesForecaster(LinearRegression())
    linear.set_params(regressor__fit_intercept=False)
    assert isinstance(linear.regressor, LinearRegression)
    assert linear.regressor.fit_intercept is False
    assert linear.smoothing_weight == "auto"
    # regressor=None in the same call replaces the given one by the default.
    reset = SeriesForecaster(LinearRegression(), smoothing_weight=0.2)
    reset.set_params(regressor=None, regressor__hidden_size=5)
    assert isinstance(reset.regressor, SimpleRNNRegressor)
    assert reset.regressor.hidden_size == 5 and reset.regressor.alpha == 10.0
    assert reset.smoothing_weight == 0.2


def test_set_params_resolves_an_auto_smoothing_weight_given_in_the_same_call():
    model = SeriesForecaster(smoothing_weight=0.2)
    model.set_params(smoothing_weight="auto", regressor__max_iter=3)
    assert model.smoothing_weight == "backtest"
    explicit = SeriesForecaster().set_params(
        smoothing_weight=0.2, regressor__max_iter=3
    )
    assert explicit.smoothing_weight == 0.2
    assert explicit.regressor.max_iter == 3


def test_a_regressor_without_predict_is_refused():
    from sklearn.preprocessing import StandardScaler

    with pytest.raises(
        TypeError,
        match=_exactly(
            "regressor must be a scikit-learn regressor (with fit and predict) or "
            "None, got StandardScaler()."
        ),
    ):
        SeriesForecaster(StandardScaler()).fit(np.arange(40.0))


# -- the transform and its checks --------------------------------------------------


def test_log_transform_takes_values_below_one_and_refuses_zero():
    fractions = 0.5 * 0.98 ** np.arange(40.0)  # all in (0, 1)
    model = _linear(transform="log").fit(fractions)
    np.testing.assert_allclose(model.predict(3), 0.5 * 0.98 ** np.arange(40.0, 43.0))
    with pytest.raises(
        ValueError,
        match=_exactly(
            "transform='log' needs a positive series, but its smallest value is "
            f"{np.float64(0.0)!r}. Use transform=None (or 'auto'), or shift the "
            "series."
        ),
    ):
        _linear(transform="log").fit(np.r_[0.0, fractions])
    with pytest.raises(
        ValueError,
        match=_exactly(
            "the forecaster was fitted with a log transform, so the series must be "
            f"positive, but its smallest value is {np.float64(0.0)!r}."
        ),
    ):
        model.predict_one_step(np.array([0.3, 0.0]))
    # No transform takes any sign.
    line = _linear().fit(np.arange(40.0) - 30)
    np.testing.assert_allclose(line.predict(2), [10.0, 11.0], atol=1e-8)


def test_a_float32_series_is_differenced_in_float64():
    values = (0.1 * np.arange(1, 41) + np.sin(np.arange(40.0))).astype(np.float32)
    single = _linear(differences=2).fit(values)
    double = _linear(differences=2).fit(values.astype(np.float64))
    np.testing.assert_array_equal(single.mean_, double.mean_)
    np.testing.assert_array_equal(single.scale_, double.scale_)
    forecast = single.predict(3)
    assert forecast.dtype == np.float64
    np.testing.assert_array_equal(forecast, double.predict(3))
    block = (0.1 * np.arange(41, 45) + np.sin(np.arange(40.0, 44.0))).astype(np.float32)
    np.testing.assert_array_equal(
        single.predict_one_step(block), double.predict_one_step(block.astype(float))
    )


def test_differences_of_infinities_are_refused_without_a_numpy_warning():
    # The seasonal (lag 2) difference overflows to inf, inf, -inf, -inf, ...;
    # the ordinary one then takes inf - inf = nan.
    pattern = np.tile([-1e308, -1e308, 1e308, 1e308], 10)
    model = _linear(seasonal_period=2, seasonal_differences=1, differences=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="differenced series overflows float64"):
            model.fit(pattern)


# -- recursion and direct forecasts of several targets ------------------------------


def test_direct_recursive_forecast_of_two_targets_is_exact():
    frame = _lines(60)
    model = _linear(horizon=3).fit(frame[:50])
    np.testing.assert_allclose(model.predict(7), frame[50:57], atol=1e-8)


def test_direct_forecast_of_two_of_three_variables_is_exact():
    steps = np.arange(60.0)
    # b's differences repeat every 3 steps: a window of 3 predicts them exactly.
    pattern = np.tile([0.0, 3.0, 1.0], 20)
    frame = pd.DataFrame(
        {"a": 2 * steps, "b": 50 - steps + pattern, "c": np.sin(steps)}
    )
    model = _linear(horizon=2, target=["a", "b"]).fit(frame[:50])
    prediction = model.predict(2)
    assert list(prediction.columns) == ["a", "b"]
    np.testing.assert_allclose(prediction, frame[["a", "b"]][50:52], atol=1e-8)
    objects = _linear(_ObjectPredictions(), horizon=2, target=["a", "b"])
    objects.fit(frame[:50])
    assert objects.predict(2).to_numpy().dtype == np.float64
    np.testing.assert_array_equal(objects.predict(2), prediction)


def test_a_single_target_is_fitted_as_a_one_dimensional_y():
    # A regressor that wants a 1-D y (SVR warns on a column vector) gets one, for
    # a 1-D series and for one target of several variables.
    from sklearn.exceptions import DataConversionWarning
    from sklearn.svm import SVR

    series = np.sin(np.arange(40.0) / 3)
    frame = pd.DataFrame({"a": series, "b": np.cos(np.arange(40.0) / 3)})
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataConversionWarning)
        _linear(SVR()).fit(series)
        _linear(SVR(), target="a").fit(frame)
        _linear(SVR(), target="a", horizon=1, calibration_windows=5).fit(frame)


def test_calibration_of_a_subset_of_targets_combined_with_smoothing():
    # Weight 1: the calibration forecasts are the smoothing model's, fitted on
    # the head, up to the direct model's horizon of 3 steps.
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"a": 10 + rng.normal(size=50).cumsum(), "b": rng.normal(size=50)}
    )
    model = _linear(
        horizon=3, target="a", smoothing_weight=1.0, calibration_windows=6
    ).fit(frame)
    levels = frame["a"].to_numpy()
    smoothing = SmoothingModel(None).fit(levels[:44])
    origins = np.arange(44, 50)
    forecasts = smoothing.forecast_from(levels, origins, 3)[:, :, 0]
    errors = model.calibration_errors_[:, :, 0]
    for i, origin in enumerate(origins):
        reach = min(3, 50 - origin)
        expected = levels[origin : origin + reach] - forecasts[i, :reach]
        np.testing.assert_allclose(errors[i, :reach], expected, rtol=1e-12)
        assert np.isnan(errors[i, reach:]).all()
