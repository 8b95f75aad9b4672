"""Tests for SeriesForecaster and its differencing helpers."""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_rnn import SeriesForecaster, SimpleRNNRegressor
from sklearn_rnn._differencing import difference, integrate
from sklearn_rnn._forecaster import SEASONAL_STRENGTH_THRESHOLD
from sklearn_rnn._transform_choice import seasonal_strength
from sklearn_rnn.datasets import load_airline


def _small_rnn(**params):
    return SimpleRNNRegressor(
        **{"hidden_size": 4, "max_iter": 20, "random_state": 0, **params}
    )


@pytest.mark.parametrize(
    "differences, seasonal_period, seasonal_differences",
    [(0, None, 0), (1, None, 0), (2, None, 0), (0, 12, 1), (1, 12, 1), (1, 4, 2)],
)
@pytest.mark.parametrize("n_variables", [1, 3])
def test_difference_integrate_round_trip(
    differences, seasonal_period, seasonal_differences, n_variables
):
    rng = np.random.default_rng(0)
    shape = (80,) if n_variables == 1 else (80, n_variables)
    series = rng.normal(size=shape).cumsum(axis=0) * 100
    params = {
        "differences": differences,
        "seasonal_period": seasonal_period,
        "seasonal_differences": seasonal_differences,
    }
    order = differences + (seasonal_period or 0) * seasonal_differences
    differenced = difference(series, **params)
    assert len(differenced) == len(series) - order
    start = 10  # integrate the tail back from the values before it
    restored = integrate(differenced[start:], series[: start + order], **params)
    np.testing.assert_allclose(restored, series[start + order :], rtol=0, atol=1e-9)


def test_linear_trend_extrapolates_exactly_far_outside_training_range():
    line = 2.5 * np.arange(100.0) - 7
    model = SeriesForecaster(LinearRegression(), window=4, differences=1).fit(line)
    future = 2.5 * np.arange(100.0, 150.0) - 7
    np.testing.assert_allclose(model.predict(50), future, rtol=0, atol=1e-8)


def test_linear_trend_with_rnn_regressor():
    line = 0.5 * np.arange(100.0) + 3
    regressor = SimpleRNNRegressor(hidden_size=4, max_iter=50, random_state=0)
    model = SeriesForecaster(regressor, window=4, differences=1, transform=None)
    future = model.fit(line).predict(50)
    expected = 0.5 * np.arange(100.0, 150.0) + 3
    # Level 3..52 in training, forecast up to 77: the differences are constant, so
    # the scaled targets are all 0 and the error stays tiny.
    np.testing.assert_allclose(future, expected, rtol=0, atol=0.5)


def test_default_transform_and_season_on_monthly_series():
    passengers = load_airline()[:60]
    model = SeriesForecaster(_small_rnn()).fit(passengers)
    assert model.transform_ == "log"
    assert model.seasonal_period_ == 12
    assert model.differences_ == 0  # the seasonal difference is the one difference
    numpy_model = SeriesForecaster(_small_rnn()).fit(passengers.to_numpy())
    assert numpy_model.seasonal_period_ is None
    assert numpy_model.differences_ == 1
    unseasonal = SeriesForecaster(_small_rnn(), seasonal_differences=0)
    assert unseasonal.fit(passengers).differences_ == 1
    shifted = SeriesForecaster(_small_rnn()).fit(passengers - 200)
    assert shifted.transform_ is None


def test_log_transform_forecasts_exponential_growth():
    growth = 10 * 1.02 ** np.arange(80.0)
    model = SeriesForecaster(LinearRegression(), window=3, transform="log")
    np.testing.assert_allclose(
        model.fit(growth).predict(20), 10 * 1.02 ** np.arange(80.0, 100.0), rtol=1e-9
    )


def test_seasonal_pattern_is_repeated():
    pattern = np.tile([1.0, 5.0, 2.0, 8.0], 20) + np.arange(80.0)
    model = SeriesForecaster(
        LinearRegression(), window=4, seasonal_period=4, transform=None
    )
    expected = np.tile([1.0, 5.0, 2.0, 8.0], 25)[80:] + np.arange(80.0, 100.0)
    np.testing.assert_allclose(model.fit(pattern).predict(20), expected, atol=1e-8)


@pytest.mark.parametrize(
    "index",
    [
        pd.period_range("2001-01", periods=40, freq="M", name="month"),
        pd.date_range("2001-01-31", periods=40, freq="ME"),
        pd.date_range("2001-01-01", periods=40, freq="MS"),
    ],
    ids=["period", "month-end", "month-start"],
)
def test_prediction_index_continues_monthly_series(index):
    series = pd.Series(np.arange(40.0) + 10, index=index, name="sales")
    model = SeriesForecaster(LinearRegression(), window=3, transform=None)
    model.fit(series)
    assert model.seasonal_period_ == 12
    prediction = model.predict(5)
    assert isinstance(prediction, pd.Series)
    assert prediction.name == "sales"
    expected = pd.Series(np.arange(45.0) + 10, index=_extend(index, 5))
    pd.testing.assert_index_equal(prediction.index, expected.index[40:])
    assert type(prediction.index) is type(index)
    np.testing.assert_allclose(prediction, np.arange(40.0, 45.0) + 10, rtol=1e-9)


def _extend(index, steps):
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(
            index[0], periods=len(index) + steps, freq=index.freq, name=index.name
        )
    return pd.date_range(
        index[0], periods=len(index) + steps, freq=index.freq, name=index.name
    )


def test_score_is_one_step_r2_on_following_block():
    series = 0.5 * np.arange(120.0) + np.sin(np.arange(120.0))
    model = SeriesForecaster(LinearRegression(), window=8, transform=None)
    model.fit(series[:100])
    one_step = model.predict_one_step(series[100:])
    assert one_step.shape == (20,)
    # Step t uses the true values before it: each prediction equals a fresh
    # one-step forecast from the model with history up to t.
    for step in (0, 7, 19):
        history = np.concatenate([series[:100], series[100 : 100 + step]])
        windows = difference(history, 1)[-8:]
        scaled = (windows - model.mean_[0]) / model.scale_[0]
        change = model.regressor_.predict(scaled[None, :])[0]
        expected = history[-1] + change * model.scale_[0] + model.mean_[0]
        np.testing.assert_allclose(one_step[step], expected, rtol=1e-12)
    residual = ((series[100:] - one_step) ** 2).sum()
    total = ((series[100:] - series[100:].mean()) ** 2).sum()
    assert model.score(series[100:]) == pytest.approx(1 - residual / total)


def test_grid_search_with_time_series_split_on_a_raw_series():
    series = load_airline()[:96]
    grid = {
        "window": [3, 6],
        "differences": [0, 1],
        "regressor__hidden_size": [2, 4],
    }
    search = GridSearchCV(
        SeriesForecaster().set_params(regressor__max_iter=5, regressor__random_state=0),
        grid,
        cv=TimeSeriesSplit(n_splits=3, test_size=12),
        error_score="raise",
    ).fit(series)
    assert search.best_params_["window"] in grid["window"]
    assert search.best_params_["differences"] in grid["differences"]
    assert search.best_params_["regressor__hidden_size"] in (2, 4)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert len(search.best_estimator_.predict(3)) == 3


def test_grid_search_on_numpy_series():
    series = load_airline().to_numpy()[:96]
    search = GridSearchCV(
        SeriesForecaster(LinearRegression(), transform=None),
        {"window": [2, 4]},
        cv=TimeSeriesSplit(n_splits=2, test_size=12),
        error_score="raise",
    ).fit(series)
    assert search.best_params_["window"] in (2, 4)


def test_clone_get_set_params_and_pickle():
    model = SeriesForecaster(window=6, differences=2)
    params = model.get_params()
    assert params["regressor"] is None and params["window"] == 6
    model.set_params(regressor__hidden_size=5)  # materialises the default regressor
    assert isinstance(model.regressor, SimpleRNNRegressor)
    assert model.get_params()["regressor__hidden_size"] == 5
    assert model.regressor.alpha == 10.0  # the default regressor's settings
    cloned = clone(model)
    assert cloned.regressor is not model.regressor
    assert cloned.get_params()["regressor__hidden_size"] == 5

    regressor = _small_rnn()
    fitted = SeriesForecaster(regressor, window=4).fit(load_airline()[:48])
    assert fitted.regressor is regressor
    assert not hasattr(regressor, "n_iter_")  # the parameter is never fitted
    restored = pickle.loads(pickle.dumps(fitted))
    pd.testing.assert_series_equal(restored.predict(6), fitted.predict(6))


def test_default_regressor_is_used_when_none():
    model = SeriesForecaster(window=4).set_params(regressor__max_iter=3)
    model.fit(load_airline()[:40])
    assert isinstance(model.regressor_, SimpleRNNRegressor)
    assert model.regressor_ is not model.regressor


def test_multivariate_all_targets_recursive():
    steps = np.arange(60.0)
    frame = pd.DataFrame({"a": 2 * steps + 1, "b": -steps + 50})
    model = SeriesForecaster(LinearRegression(), window=3, transform=None)
    prediction = model.fit(frame).predict(10)
    assert isinstance(prediction, pd.DataFrame)
    assert list(prediction.columns) == ["a", "b"]
    assert list(prediction.index) == list(range(60, 70))
    future = np.arange(60.0, 70.0)
    np.testing.assert_allclose(prediction["a"], 2 * future + 1, atol=1e-8)
    np.testing.assert_allclose(prediction["b"], -future + 50, atol=1e-8)


def test_multivariate_rnn_gets_input_size():
    steps = np.arange(40.0)
    frame = pd.DataFrame({"a": steps, "b": np.sin(steps), "c": np.cos(steps)})
    regressor = _small_rnn()
    model = SeriesForecaster(regressor, window=4, target="a").fit(frame)
    assert model.regressor_.input_size == 3
    assert regressor.input_size == 1


def test_multivariate_subset_target_is_direct():
    steps = np.arange(60.0)
    frame = pd.DataFrame({"a": 3 * steps, "b": np.sin(steps)})
    model = SeriesForecaster(
        LinearRegression(), window=3, horizon=4, target="a", transform=None
    ).fit(frame)
    prediction = model.predict(4)
    assert isinstance(prediction, pd.Series) and prediction.name == "a"
    np.testing.assert_allclose(prediction, 3 * np.arange(60.0, 64.0), atol=1e-8)
    with pytest.raises(ValueError, match="steps=5 is more than horizon=4"):
        model.predict(5)
    assert model.score(frame.iloc[:10].set_axis(range(60, 70))) < 1.0


def test_direct_multi_output_univariate():
    line = 2.0 * np.arange(50.0)
    model = SeriesForecaster(LinearRegression(), window=3, horizon=5, transform=None)
    np.testing.assert_allclose(
        model.fit(line).predict(12), 2.0 * np.arange(50.0, 62.0), atol=1e-8
    )


@pytest.mark.parametrize("steps", [0, -1])
def test_predict_rejects_non_positive_steps(steps):
    model = SeriesForecaster(LinearRegression(), window=3).fit(np.arange(20.0))
    with pytest.raises(
        ValueError, match=f"steps must be an integer >= 1, got steps={steps}"
    ):
        model.predict(steps)


def test_predict_rejects_non_integer_steps():
    model = SeriesForecaster(LinearRegression(), window=3).fit(np.arange(20.0))
    # TypeError for the type, ValueError for the value, as forecast and
    # make_windows do.
    with pytest.raises(TypeError, match=r"steps must be an integer >= 1, got 2.5"):
        model.predict(2.5)
    with pytest.raises(ValueError, match=r"got steps=0"):
        model.predict(0)


def test_series_too_short_for_the_window_falls_back_to_a_smaller_one():
    with pytest.warns(UserWarning, match=r"too few for window=8 .*using window=6"):
        model = SeriesForecaster(LinearRegression(), window=8, differences=3)
        model.fit(np.arange(10.0))
    assert model.window_ == 6 and model.window == 8
    with pytest.raises(ValueError, match=r"series has 2 steps, fewer than .* = 3"):
        SeriesForecaster(LinearRegression(), window=3).fit(np.arange(2.0))


def test_series_too_short_for_the_seasonal_difference_drops_it():
    with pytest.warns(UserWarning, match="fitting without the seasonal difference"):
        model = SeriesForecaster(
            LinearRegression(),
            window=3,
            seasonal_period=12,
            seasonal_differences=2,
            differences=1,
            transform=None,
        ).fit(np.arange(28.0))
    assert model.seasonal_differences_ == 0 and model.differences_ == 1
    np.testing.assert_allclose(model.predict(2), [28.0, 29.0])


def test_weekly_series_of_under_a_year_gets_a_forecast():
    # Period 52 needs 52 + 12 + 1 steps; 40 weeks fall back to one difference.
    index = pd.date_range("2020-01-05", periods=40, freq="W")
    series = pd.Series(10 + np.arange(40.0), index)
    with pytest.warns(UserWarning, match="without the seasonal difference"):
        model = SeriesForecaster(
            LinearRegression(), transform=None, calibration_windows=0
        )
        model.fit(series)
    assert (model.seasonal_period_, model.seasonal_differences_) == (52, 0)
    # window="auto": a quarter of the 39 differenced steps.
    assert model.differences_ == 1 and model.window_ == 9
    np.testing.assert_allclose(model.predict(2), [50.0, 51.0], rtol=1e-9)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"window": 0}, "'window' parameter of SeriesForecaster must be"),
        ({"differences": -1}, "'differences' parameter of SeriesForecaster"),
        ({"seasonal_period": 1}, "'seasonal_period' parameter"),
        ({"transform": "sqrt"}, "'transform' parameter"),
        ({"horizon": 0}, "'horizon' parameter"),
    ],
)
def test_invalid_parameters(params, match):
    with pytest.raises(InvalidParameterError, match=match):
        SeriesForecaster(LinearRegression(), **params).fit(np.arange(40.0))


def test_log_transform_needs_positive_series():
    with pytest.raises(ValueError, match="transform='log' needs a positive series"):
        SeriesForecaster(LinearRegression(), transform="log").fit(np.arange(40.0))


def test_bad_regressor():
    with pytest.raises(TypeError, match="regressor must be a scikit-learn regressor"):
        SeriesForecaster("ridge").fit(np.arange(40.0))


def test_not_fitted():
    model = SeriesForecaster()
    with pytest.raises(NotFittedError, match="not fitted yet"):
        model.score(np.arange(10.0))
    with pytest.raises(NotFittedError, match="not fitted yet"):
        model.predict(3)


def test_score_rejects_series_that_does_not_follow():
    passengers = load_airline()
    model = SeriesForecaster(LinearRegression(), window=3).fit(passengers[:60])
    with pytest.raises(ValueError, match="must directly follow the fitted series"):
        model.score(passengers[70:80])
    with pytest.raises(ValueError, match="series has 2 variables, but the forecaster"):
        model.score(np.ones((10, 2)))


def test_score_and_one_step_need_enough_steps():
    model = SeriesForecaster(LinearRegression(), window=3, transform=None)
    model.fit(np.arange(1.0, 30.0))
    with pytest.raises(
        ValueError, match=r"series has 1 step\(s\); R\^2 needs at least 2"
    ):
        model.score(np.array([30.0]))
    with pytest.raises(ValueError, match="series has 0 steps; give at least 1"):
        model.predict_one_step(np.array([]))
    assert model.predict_one_step(np.array([30.0])) == pytest.approx([30.0])


def test_prediction_index_without_stored_frequency_and_range_index():
    dates = pd.DatetimeIndex(
        pd.date_range("2001-01-31", periods=40, freq="ME").tolist()
    )
    assert dates.freq is None  # inferred from the dates
    series = pd.Series(np.arange(40.0), index=dates)
    model = SeriesForecaster(LinearRegression(), window=3, transform=None)
    prediction = model.fit(series).predict(2)
    assert list(prediction.index) == list(pd.to_datetime(["2004-05-31", "2004-06-30"]))
    ranged = pd.Series(np.arange(40.0), index=pd.RangeIndex(10, 90, 2, name="t"))
    prediction = model.fit(ranged).predict(3)
    pd.testing.assert_index_equal(prediction.index, pd.RangeIndex(90, 96, 2, name="t"))


def test_failed_fit_keeps_the_fitted_state():
    model = SeriesForecaster(LinearRegression(), window=3, transform=None)
    before = model.fit(np.arange(40.0)).predict(2)
    with pytest.raises(ValueError, match="series has 2 steps"):
        model.fit(np.arange(2.0))
    np.testing.assert_array_equal(model.predict(2), before)


def test_named_time_zone_is_kept_across_a_dst_change():
    index = pd.date_range("2000-01-01", "2000-03-25", freq="D", tz="Europe/Paris")
    series = pd.Series(np.arange(len(index), dtype=float) + 1, index)
    model = SeriesForecaster(LinearRegression(), window=3).fit(series)
    expected = pd.date_range("2000-03-26", periods=2, freq="D", tz="Europe/Paris")
    pd.testing.assert_index_equal(model.predict(2).index, expected)


def test_input_size_reaches_a_network_inside_a_pipeline():
    frame = pd.DataFrame({"a": np.arange(40.0), "b": 2 * np.arange(40.0)})
    network = SimpleRNNRegressor(4, max_iter=2)
    model = SeriesForecaster(make_pipeline(StandardScaler(), network), window=3)
    model.fit(frame)
    assert model.regressor_[-1].input_size == 2
    assert model.regressor_[-1].n_steps_ == 3
    assert network.input_size == 1  # the parameter itself is never changed


# -- fitted state, columns by name, NumPy after pandas (issue 12) -------------------


@pytest.mark.parametrize(
    "params",
    [
        {"seasonal_differences": 0},
        {"window": 5},
        {"horizon": 3},
        {"differences": 2},
        {"transform": None},
        {"seasonal_period": None},
    ],
)
def test_predict_depends_on_the_fitted_state_only(params):
    model = SeriesForecaster(LinearRegression(), window=3).fit(load_airline()[:-12])
    before = model.predict(3)
    one_step = model.predict_one_step(load_airline()[-12:])
    model.set_params(**params)
    pd.testing.assert_series_equal(model.predict(3), before)
    pd.testing.assert_series_equal(
        model.predict_one_step(load_airline()[-12:]), one_step
    )


def test_score_a_numpy_block_after_a_pandas_fit():
    passengers = load_airline()
    model = SeriesForecaster(LinearRegression(), window=3).fit(passengers[:-12])
    assert model.score(passengers[-12:].to_numpy()) == model.score(passengers[-12:])
    one_step = model.predict_one_step(passengers[-12:].to_numpy())
    assert isinstance(one_step, np.ndarray) and one_step.shape == (12,)


def test_score_takes_the_columns_by_name():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"a": 100 + rng.normal(size=70).cumsum(), "b": 50 + rng.normal(size=70)}
    )
    model = SeriesForecaster(LinearRegression(), window=3, target="a").fit(frame[:60])
    future = frame[60:]
    assert model.score(future[["b", "a"]]) == model.score(future)
    pd.testing.assert_series_equal(
        model.predict_one_step(future[["b", "a"]]), model.predict_one_step(future)
    )
    with pytest.raises(
        ValueError, match=r"columns \['a', 'c'\].*fitted on \['a', 'b'\]"
    ):
        model.score(future.rename(columns={"b": "c"}))


def test_one_step_scoring_of_a_direct_model_uses_its_first_step():
    # A direct 4-step model of a line: its step h predicts h steps ahead, so only
    # the first step equals the true next value (the last would be 3 steps ahead).
    line = 2.0 * np.arange(60.0)
    model = SeriesForecaster(
        LinearRegression(), window=3, horizon=4, differences=0, transform=None
    ).fit(line[:50])
    np.testing.assert_allclose(model.predict_one_step(line[50:]), line[50:], atol=1e-8)
    assert model.score(line[50:]) == pytest.approx(1.0, abs=1e-12)


# -- overflows and bad predictions (issue 16) ---------------------------------------


def test_huge_alternating_variable_gives_finite_forecasts():
    s = 2 + np.sin(np.arange(40) / 3)
    model = SeriesForecaster(LinearRegression(), window=3)
    forecast = model.fit(np.c_[s, np.tile([1e200, -1e200], 20)]).predict(2)
    assert np.isfinite(forecast).all()  # the scale no longer overflows to inf
    assert np.isfinite(model.scale_).all()


def test_differences_that_overflow_are_a_clear_error():
    alternating = np.tile([1e308, -1e308], 20)
    with pytest.raises(ValueError, match="differenced series overflows float64"):
        SeriesForecaster(LinearRegression(), window=3).fit(alternating)


def test_a_forecast_that_overflows_is_a_clear_error():
    growth = np.exp(np.arange(60.0) * 10)  # log growth of 10 a step
    model = SeriesForecaster(LinearRegression(), window=2, transform="log")
    model.fit(growth)
    assert np.isfinite(model.predict(5)).all()
    with pytest.raises(ValueError, match=r"forecast overflows float64 at step \d+"):
        model.predict(100)


def test_random_state_seeds_the_regressor_and_makes_the_forecast_reproducible():
    series = load_airline()[:60]
    network = SimpleRNNRegressor(hidden_size=3, max_iter=5)
    first = SeriesForecaster(network, random_state=0).fit(series)
    again = SeriesForecaster(network, random_state=0).fit(series)
    pd.testing.assert_series_equal(first.predict(6), again.predict(6))
    assert first.regressor_.random_state == again.regressor_.random_state
    unseeded = SeriesForecaster(_small_rnn(random_state=7)).fit(series)
    assert unseeded.regressor_.random_state == 7  # None leaves the regressor's own
    pipeline = make_pipeline(
        StandardScaler(), SimpleRNNRegressor(hidden_size=3, max_iter=2)
    )
    inner = SeriesForecaster(pipeline, random_state=3).fit(series)
    assert isinstance(inner.regressor_[-1].random_state, int)


# -- data-driven transform, smoothing combination, defaults on short series --------


def _monthly(values):
    index = pd.period_range("2000-01", periods=len(values), freq="M")
    return pd.Series(values, index=index)


def test_auto_transform_takes_the_log_only_when_it_stabilises_the_variance():
    months = np.arange(96.0)
    rng = np.random.default_rng(0)
    growing = np.exp(0.02 * months) * (1 + 0.3 * np.sin(months * np.pi / 6))
    additive = 100 + 0.5 * months + 10 * np.sin(months * np.pi / 6)
    additive = additive + rng.normal(size=96)
    fitted = [
        SeriesForecaster(LinearRegression(), calibration_windows=0).fit(_monthly(s))
        for s in (growing, additive)
    ]
    assert [model.transform_ for model in fitted] == ["log", None]


def _shipped_structure(values):
    """The default forecaster's resolved transform and differencing (the network
    trains for 2 epochs only: the structure is resolved before it)."""
    model = SeriesForecaster(calibration_windows=0, random_state=0)
    model.set_params(regressor__max_iter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(_monthly(values))
    return model.seasonal_differences_, model.differences_


@pytest.mark.parametrize("seed", range(5))
def test_default_seasonal_difference_only_for_a_seasonal_series(seed):
    rng = np.random.default_rng(seed)
    months = np.arange(144)
    seasonal = 50 + 10 * np.sin(months * np.pi / 6) + 0.2 * months
    seasonal = seasonal + rng.normal(size=144)
    noise = 50 + rng.normal(size=144)
    walk = 50 + np.cumsum(rng.normal(size=144))
    # Shifted so that the random walk stays positive (the log is then a choice).
    walk = walk - walk.min() + 10
    assert _shipped_structure(seasonal) == (1, 0)
    assert _shipped_structure(noise) == (0, 1)
    assert _shipped_structure(walk) == (0, 1)


def test_seasonal_differences_auto_is_decided_on_the_transformed_series():
    # Multiplicative seasonality on exponential growth: strong on the log scale.
    months = np.arange(120.0)
    growing = np.exp(0.03 * months) * (1 + 0.2 * np.sin(months * np.pi / 6))
    model = SeriesForecaster(LinearRegression(), calibration_windows=0)
    model.fit(_monthly(growing))
    assert (model.transform_, model.seasonal_differences_) == ("log", 1)
    # An explicit number is kept whatever the data: white noise, 2 differences.
    noise = 50 + np.random.default_rng(0).normal(size=120)
    forced = SeriesForecaster(
        LinearRegression(), seasonal_differences=2, calibration_windows=0
    ).fit(_monthly(noise))
    assert forced.seasonal_differences_ == 2


def test_seasonal_strength_threshold_sits_between_noise_and_seasonality():
    # The gate compares the strength with the threshold, not with 0 or 1.
    months = np.arange(144)
    rng = np.random.default_rng(1)
    weak = 50 + 0.5 * np.sin(months * np.pi / 6) + rng.normal(size=144)
    strength = seasonal_strength(weak, 12)
    assert 0.05 < strength < SEASONAL_STRENGTH_THRESHOLD
    assert _shipped_structure(weak)[0] == 0


def test_smoothing_weight_auto_combines_only_the_default_regressor():
    series = _monthly(load_airline().to_numpy()[:72])
    passed = SeriesForecaster(_small_rnn(), calibration_windows=0).fit(series)
    assert passed.smoothing_weight_ == 0.0
    default = SeriesForecaster(calibration_windows=0, random_state=0)
    default.set_params(smoothing_weight="auto")  # regressor stays None
    assert default.regressor is None
    assert default.fit(series).smoothing_weight_ == 0.5
    assert isinstance(default.regressor_, SimpleRNNRegressor)
    # regressor__<name> materialises the default regressor, which keeps the
    # backtest's choice explicitly; an explicit weight is left alone.
    tuned = SeriesForecaster().set_params(regressor__max_iter=3)
    assert tuned.get_params()["smoothing_weight"] == "backtest"
    alone = SeriesForecaster(smoothing_weight=0.0).set_params(regressor__max_iter=3)
    assert alone.get_params()["smoothing_weight"] == 0.0


@pytest.mark.parametrize(
    "smoothing_errors, expected",
    [
        ([-1.0, 2.0, -0.5], 0.5),  # the exact opposite: half of each cancels
        ([0.5, -1.0, 0.25], 0.75),  # half the regressor's, same sign
        ([2.0, -4.0, 1.0], 0.25),  # twice the regressor's, same sign
        ([1.0, -2.0, 0.5], 0.25),  # the same errors: a tie goes to the first
    ],
)
def test_best_weight_minimises_the_one_step_squared_error(smoothing_errors, expected):
    from sklearn_rnn._forecaster import _best_weight

    regressor = np.full((3, 4, 1), np.nan)
    regressor[:, 0, 0] = [1.0, -2.0, 0.5]
    smoothing = np.full((3, 4, 1), 100.0)  # later steps are not read
    smoothing[:, 0, 0] = smoothing_errors
    assert _best_weight(regressor, smoothing) == expected


def test_best_weight_counts_each_target_relative_to_its_own_scale():
    from sklearn_rnn._forecaster import _best_weight

    # Target 0 (errors ~1000) prefers 0.75, target 1 (errors ~1) 0.25 more
    # strongly: in plain squares target 0 would win.
    regressor = np.array([[[1000.0, 1.0]], [[-1000.0, -1.0]]])
    smoothing = np.array([[[900.0, 3.0]], [[-900.0, -3.0]]])
    assert _best_weight(regressor, smoothing) == 0.25
    # A target the regressor forecasts exactly counts in plain squares (tiny
    # here), not as an infinite loss for every weight: target 1 decides.
    regressor = np.array([[[0.0, 1.0]], [[0.0, -1.0]]])
    smoothing = np.array([[[0.01, 0.5]], [[-0.01, -0.5]]])
    assert _best_weight(regressor, smoothing) == 0.75
    # Plain squares exactly: target 0 adds w ** 2 * 1.5 to target 1's relative
    # losses (0.7656, 0.5625, 0.3906), which makes 0.25 the lowest (0.86 against
    # 0.94 and 1.23); at half its squares it would be 0.5.
    smoothing[:, 0, 0] = [np.sqrt(1.5), -np.sqrt(1.5)]
    assert _best_weight(regressor, smoothing) == 0.25


def _bad_regressor():
    from sklearn.dummy import DummyRegressor

    return DummyRegressor(strategy="constant", constant=5.0)  # 5 sd per step


@pytest.mark.parametrize(
    "regressor, expected",
    [(_bad_regressor(), 0.75), (LinearRegression(), 0.25)],
)
def test_backtest_weight_follows_the_better_forecast(regressor, expected):
    # A noiseless sine: a linear autoregression forecasts it exactly, the
    # smoothing (damped trend and Theta) cannot; a regressor that always
    # predicts a jump of 5 standard deviations is far worse than either.
    series = 10 + np.sin(np.arange(120) * 2 * np.pi / 9.3)
    model = SeriesForecaster(regressor, smoothing_weight="backtest", window=6)
    assert model.fit(series).smoothing_weight_ == expected


@pytest.mark.parametrize("n_windows, expected", [(9, 0.5), (10, 0.75)])
def test_backtest_weight_needs_ten_calibration_windows(n_windows, expected):
    # Fewer one-step errors than the impulse rule trusts keep the weight at 0.5.
    series = 10 + np.sin(np.arange(120) * 2 * np.pi / 9.3)
    model = SeriesForecaster(
        _bad_regressor(),
        smoothing_weight="backtest",
        window=6,
        calibration_windows=n_windows,
    )
    assert model.fit(series).smoothing_weight_ == expected


def test_backtest_weight_is_the_calibration_copys_best_and_drives_everything():
    from sklearn_rnn._forecaster import _best_weight

    series = load_airline()[:96]
    model = SeriesForecaster(_small_rnn(), smoothing_weight="backtest").fit(series)
    weight = model.smoothing_weight_
    # Refit the calibration copy as fit does and split its backtest errors.
    n_windows = model.calibration_windows_
    copy = clone(model).set_params(calibration_windows=0, transform="log")
    copy.fit(series[: 96 - n_windows])
    parts = copy._component_errors(series.to_numpy()[:, None], n_windows)
    assert weight == _best_weight(*parts)
    mixed = (1 - weight) * parts[0] + weight * parts[1]
    np.testing.assert_allclose(model.calibration_errors_, mixed, rtol=1e-12)
    # The point forecast and the in-sample errors use the chosen weight.
    fixed = SeriesForecaster(_small_rnn(), smoothing_weight=weight).fit(series)
    np.testing.assert_allclose(model.predict(12), fixed.predict(12), rtol=1e-12)
    np.testing.assert_allclose(model.fitted_errors_, fixed.fitted_errors_, rtol=1e-12)
    np.testing.assert_allclose(
        model.calibration_errors_, fixed.calibration_errors_, rtol=1e-12
    )


def test_backtest_weight_without_calibration_is_one_half():
    series = load_airline()[:96]
    model = SeriesForecaster(_small_rnn(), smoothing_weight="backtest")
    assert model.set_params(calibration_windows=0).fit(series).smoothing_weight_ == 0.5


def test_default_forecaster_chooses_its_weight_by_the_backtest():
    series = load_airline()[:96]
    default = SeriesForecaster(random_state=0).fit(series)
    explicit = SeriesForecaster(random_state=0, smoothing_weight="backtest")
    assert explicit.fit(series).smoothing_weight_ == default.smoothing_weight_
    assert default.smoothing_weight_ in (0.25, 0.5, 0.75)
    np.testing.assert_allclose(default.predict(6), explicit.predict(6), rtol=1e-12)


@pytest.mark.parametrize("weight", [0.25, 1.0])
def test_forecast_is_the_weighted_mean_on_the_transformed_scale(weight):
    from sklearn_rnn._smoothing import SmoothingModel

    series = load_airline()[:96]
    params = {"calibration_windows": 0, "random_state": 0}
    alone = SeriesForecaster(_small_rnn(), smoothing_weight=0.0, **params)
    combined = SeriesForecaster(_small_rnn(), smoothing_weight=weight, **params)
    network = np.log(alone.fit(series).predict(12).to_numpy())
    levels = np.log(series.to_numpy())
    smooth = SmoothingModel(12).fit(levels).forecast_from(levels, [96], 12)[0, :, 0]
    expected = np.exp((1 - weight) * network + weight * smooth)
    np.testing.assert_allclose(combined.fit(series).predict(12), expected, rtol=1e-10)


def test_one_step_forecast_from_the_end_equals_predict_with_smoothing():
    series = load_airline()
    model = SeriesForecaster(_small_rnn(), smoothing_weight=0.5, calibration_windows=0)
    model.fit(series[:100])
    one_step = model.predict_one_step(series[100:110])
    assert one_step.iloc[0] == pytest.approx(model.predict(1).iloc[0], rel=1e-12)
    # Each later step sees the true values before it, also in the smoothing.
    refit_free = model.predict_one_step(series[100:105])
    np.testing.assert_allclose(one_step.iloc[:5], refit_free, rtol=1e-12)


def test_intervals_are_calibrated_on_the_combined_forecast():
    series = load_airline()[:120]
    model = SeriesForecaster(_small_rnn(), smoothing_weight=0.5, random_state=0)
    intervals = model.fit(series).predict_interval(12, coverage=0.8)
    point = model.predict(12)
    assert (intervals["lower"] < point).all() and (point < intervals["upper"]).all()
    plain = SeriesForecaster(_small_rnn(), smoothing_weight=0.0, random_state=0)
    errors = plain.fit(series).calibration_errors_
    assert not np.allclose(model.calibration_errors_, errors, equal_nan=True)


@pytest.mark.parametrize("n_months, window", [(14, "auto"), (20, 12), (24, 12)])
def test_default_forecaster_falls_back_on_short_seasonal_series(n_months, window):
    months = np.arange(n_months)
    values = 100 + 10 * np.sin(months * np.pi / 6) + months
    model = SeriesForecaster(calibration_windows=0, random_state=0, window=window)
    model.set_params(regressor__max_iter=5, smoothing_weight=0.5)
    with pytest.warns(UserWarning, match="without the seasonal difference"):
        model.fit(_monthly(values))
    forecast = model.predict(18)
    assert len(forecast) == 18 and np.isfinite(forecast).all()
    assert model.seasonal_differences_ == 0


def test_default_forecaster_is_reproducible_with_random_state():
    series = load_airline()[:84]
    first = SeriesForecaster(random_state=1).set_params(regressor__max_iter=10)
    again = SeriesForecaster(random_state=1).set_params(regressor__max_iter=10)
    first.set_params(smoothing_weight=0.5).fit(series)
    again.set_params(smoothing_weight=0.5).fit(series)
    pd.testing.assert_series_equal(first.predict(12), again.predict(12))
    pd.testing.assert_frame_equal(first.predict_interval(6), again.predict_interval(6))


def test_invalid_smoothing_weight():
    with pytest.raises(InvalidParameterError, match="'smoothing_weight' parameter"):
        SeriesForecaster(LinearRegression(), smoothing_weight=1.5).fit(np.arange(40.0))


@pytest.mark.parametrize(
    "n_steps, period, expected",
    [
        (30, None, 7),  # 29 steps after one difference: a quarter is 7
        (40, None, 9),
        (49, None, 12),  # 48 // 4 = 12, the cap
        (200, None, 12),
        (8, None, 3),  # at least 3
        (24, 12, 3),  # 12 steps left after the seasonal difference
        (72, 12, 12),  # 60 // 4 = 15, capped at 12
        (60, 4, 12),  # 56 // 4 = 14, capped
        (40, 4, 9),  # 36 // 4
    ],
)
def test_auto_window_is_a_quarter_of_the_differenced_steps(n_steps, period, expected):
    months = np.arange(n_steps)
    values = 100 + months + 10 * np.sin(months * 2 * np.pi / (period or 7))
    if period:
        freq = "M" if period == 12 else "Q"
        values = pd.Series(
            values, pd.period_range("2000-01", periods=n_steps, freq=freq)
        )
    model = SeriesForecaster(
        LinearRegression(),
        transform=None,
        seasonal_differences=1,
        calibration_windows=0,
    )
    model.fit(values)
    assert model.window_ == expected
    assert model.seasonal_differences_ == (1 if period else 0)


def test_auto_window_keeps_the_seasonal_difference_of_a_two_year_series():
    # 24 months: with window 12 there is no room for the seasonal difference
    # (12 + 12 + 1 > 24); "auto" shortens the window to 3 and keeps it, so the
    # forecast repeats last year's pattern.
    months = np.arange(24)
    values = _monthly(100 + 10 * np.sin(months * np.pi / 6))
    model = SeriesForecaster(LinearRegression(), transform=None, calibration_windows=0)
    model.fit(values)
    assert (model.window_, model.seasonal_differences_) == (3, 1)
    np.testing.assert_allclose(model.predict(12), values.to_numpy()[-12:], atol=1e-8)


def test_input_size_is_the_number_of_variables_even_for_one():
    # A regressor passed with input_size=2 would read a window of 4 steps of a
    # univariate series as 2 steps of 2 variables.
    regressor = SimpleRNNRegressor(input_size=2, hidden_size=4, max_iter=2)
    model = SeriesForecaster(regressor, window=4, transform=None, calibration_windows=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(np.arange(40.0))
    assert model.regressor_.input_size == 1 and model.regressor_.n_steps_ == 4
    assert regressor.input_size == 2  # the one passed is not changed


def test_seasonal_fallback_warning_names_what_did_not_fit():
    # 30 steps: 12 * 2 seasonal difference steps + window 12 + horizon 1 do not fit.
    months = np.arange(30.0)
    model = SeriesForecaster(
        LinearRegression(),
        seasonal_differences=2,
        window=12,
        transform=None,
        calibration_windows=0,
    )
    with pytest.warns(UserWarning) as caught:
        model.fit(_monthly(100 + months))
    message = str(caught[0].message)
    assert message.startswith(
        "series has 30 steps, too few for 12 * 2 seasonal difference steps + window "
        "12 + horizon 1; fitting without the seasonal difference (1 ordinary"
    )
