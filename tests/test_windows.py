"""Tests of make_windows and forecast."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_val_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import SimpleRNNRegressor, forecast, make_windows
from sklearn_rnn._windows import forecast_windows
from sklearn_rnn.datasets import load_airline

# The networks in these tests train for a few epochs only, on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def small_rnn(**params):
    return SimpleRNNRegressor(
        **{"hidden_size": 4, "max_iter": 5, "random_state": 0, **params}
    )


# -- make_windows: hand-built examples ------------------------------------------------


def test_numpy_univariate_windows_are_a_view():
    series = np.arange(7.0)
    X, y = make_windows(series, window=3)
    assert_array_equal(X, [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]])
    assert_array_equal(y, [3, 4, 5, 6])
    assert np.shares_memory(X, series)
    assert not X.flags.writeable  # a view of overlapping windows must stay read-only
    assert y.shape == (4,)


def test_numpy_horizon():
    X, y = make_windows(np.arange(7.0), window=3, horizon=2)
    assert_array_equal(X, [[0, 1, 2], [1, 2, 3], [2, 3, 4]])
    assert_array_equal(y, [[3, 4], [4, 5], [5, 6]])


def test_window_plus_horizon_equal_to_length_gives_one_row():
    X, y = make_windows([1, 2, 3, 4, 5], window=3, horizon=2)
    assert_array_equal(X, [[1, 2, 3]])
    assert_array_equal(y, [[4, 5]])
    assert X.dtype == y.dtype == np.float64


def test_float32_is_kept():
    X, y = make_windows(np.arange(5, dtype=np.float32), window=2)
    assert X.dtype == y.dtype == np.float32


def test_numpy_multivariate_is_time_major_with_target_positions():
    series = np.column_stack([np.arange(5.0), 10 * np.arange(5.0)])
    X, y = make_windows(series, window=2)
    assert_array_equal(X, [[0, 0, 1, 10], [1, 10, 2, 20], [2, 20, 3, 30]])
    assert_array_equal(y, [[2, 20], [3, 30], [4, 40]])
    X, y = make_windows(series, window=2, target=1)
    assert_array_equal(y, [20, 30, 40])
    X, y = make_windows(series, window=2, horizon=2, target=[1, 0])
    assert_array_equal(y, [[20, 2, 30, 3], [30, 3, 40, 4]])


def test_series_with_datetime_index():
    dates = pd.date_range("2024-01-01", periods=6, freq="D", name="day")
    series = pd.Series([5.0, 6, 7, 8, 9, 10], index=dates, name="load")
    X, y = make_windows(series, window=2)
    expected_X = pd.DataFrame(
        {"load_t-2": [5.0, 6, 7, 8], "load_t-1": [6.0, 7, 8, 9]}, index=dates[2:]
    )
    pd.testing.assert_frame_equal(X, expected_X)
    pd.testing.assert_series_equal(y, series.iloc[2:])


def test_series_with_period_index_and_horizon():
    series = load_airline().iloc[:6]  # 112, 118, 132, 129, 121, 135
    X, y = make_windows(series, window=3, horizon=2)
    assert list(X.columns) == ["passengers_t-3", "passengers_t-2", "passengers_t-1"]
    assert list(y.columns) == ["passengers_t+1", "passengers_t+2"]
    assert list(X.index.astype(str)) == ["1949-04", "1949-05"]
    assert isinstance(X.index, pd.PeriodIndex)
    assert X.index.equals(y.index)
    assert_array_equal(X, [[112, 118, 132], [118, 132, 129]])
    assert_array_equal(y, [[129, 121], [121, 135]])


def test_series_without_name_and_int_values():
    X, y = make_windows(pd.Series([1, 2, 3, 4]), window=2)
    assert list(X.columns) == ["x0_t-2", "x0_t-1"]
    assert y.name is None
    assert X.index.equals(pd.RangeIndex(2, 4))
    assert X.dtypes.eq(np.float64).all()


def test_dataframe_multivariate_and_target_selection():
    index = pd.period_range("2020-01", periods=5, freq="M")
    frame = pd.DataFrame(
        {"a": [1.0, 2, 3, 4, 5], "b": [10.0, 20, 30, 40, 50], "c": [0.0, 0, 0, 1, 1]},
        index=index,
    )
    X, y = make_windows(frame, window=2)
    assert list(X.columns) == ["a_t-2", "b_t-2", "c_t-2", "a_t-1", "b_t-1", "c_t-1"]
    assert_array_equal(X.iloc[0], [1, 10, 0, 2, 20, 0])
    assert_array_equal(X.iloc[-1], [3, 30, 0, 4, 40, 1])
    pd.testing.assert_frame_equal(y, frame.iloc[2:])

    X_b, y_b = make_windows(frame, window=2, target="b")
    pd.testing.assert_frame_equal(X_b, X)
    pd.testing.assert_series_equal(y_b, frame["b"].iloc[2:])

    _, y_list = make_windows(frame, window=2, target=["b"])
    pd.testing.assert_frame_equal(y_list, frame[["b"]].iloc[2:])

    _, y_multi = make_windows(frame, window=2, horizon=2, target=["c", "a"])
    assert list(y_multi.columns) == ["c_t+1", "a_t+1", "c_t+2", "a_t+2"]
    assert_array_equal(y_multi, [[0, 3, 1, 4], [1, 4, 1, 5]])
    assert y_multi.index.equals(index[2:4])


def test_dataframe_non_string_column_labels():
    frame = pd.DataFrame({0: [1.0, 2, 3], 1: [4.0, 5, 6]})
    X, y = make_windows(frame, window=1, target=1)
    assert list(X.columns) == ["0_t-1", "1_t-1"]
    assert y.name == 1
    assert_array_equal(y, [5, 6])


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"window": 0}, ValueError, "window must be an integer >= 1, got window=0"),
        ({"window": 2.5}, TypeError, "window must be an integer >= 1, got 2.5"),
        ({"window": True}, TypeError, "window must be an integer >= 1, got True"),
        ({"window": 2, "horizon": 0}, ValueError, "horizon=0"),
        (
            {"window": 4, "horizon": 2},
            ValueError,
            r"series has 5 steps, fewer than window \+ horizon = 4 \+ 2 = 6",
        ),
        ({"window": 2, "target": "z"}, ValueError, "target 'z' is not a variable"),
        ({"window": 2, "target": 3}, ValueError, r"target 3 is not a variable"),
        ({"window": 2, "target": []}, ValueError, "target is empty"),
    ],
)
def test_make_windows_argument_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_windows(np.arange(5.0), **kwargs)


@pytest.mark.parametrize(
    "series, error, match",
    [
        (np.array(["a", "b", "c"]), TypeError, "series must be numeric.*dtype <U1"),
        (
            pd.DataFrame({"x": [1.0, 2, 3], "when": ["a", "b", "c"]}),
            TypeError,
            "column 'when' has dtype",
        ),
        (np.array([1.0, np.nan, 3, 4]), ValueError, "NaN or infinite.*at step 1"),
        (
            pd.DataFrame({"x": [1.0, 2, 3], "y": [1.0, 2, np.inf]}),
            ValueError,
            "at step 2 of variable 'y'",
        ),
        (pd.Series([1, None, 3], dtype="Int64"), ValueError, "NaN"),
        (np.zeros((4, 2, 2)), ValueError, r"1-D .* or 2-D .*shape \(4, 2, 2\)"),
        (np.float64(3.0), ValueError, r"shape \(\)"),
        (np.arange(4.0) + 1j, TypeError, "series must be numeric.*complex"),
        (np.arange(4).astype("datetime64[D]"), TypeError, "numeric.*datetime64"),
        ([[1.0, 2.0], [3.0]], ValueError, "series must be .*rows of equal length"),
        (np.array([1.0, "x", 3.0], dtype=object), TypeError, "dtype object"),
        (np.zeros((4, 0)), ValueError, "0 columns"),
    ],
)
def test_make_windows_series_errors(series, error, match):
    with pytest.raises(error, match=match):
        make_windows(series, window=1)


def test_duplicate_target():
    frame = pd.DataFrame({"a": [1.0, 2, 3], "b": [4.0, 5, 6]})
    with pytest.raises(ValueError, match="target 'a' is given twice"):
        make_windows(frame, window=1, target=["a", "a"])


# -- make_windows: properties ---------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(1, n), st.integers(1, 4))
    ),
    st.integers(1, 6),
)
def test_every_row_is_the_window_before_its_target(sizes, horizon):
    n_extra, window, n_variables = sizes
    n_steps = window + horizon + n_extra - 1
    series = np.arange(n_steps * n_variables, dtype=float).reshape(n_steps, -1)
    X, y = make_windows(series, window, horizon=horizon)
    assert X.shape == (n_steps - window - horizon + 1, window * n_variables)
    assert y.shape == (len(X), horizon * n_variables)
    for i in range(len(X)):
        assert_array_equal(X[i], series[i : i + window].ravel())
        assert_array_equal(y[i], series[i + window : i + window + horizon].ravel())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=30),
    st.integers(1, 5),
    st.integers(1, 3),
)
def test_pandas_rows_are_indexed_by_their_first_target(values, window, horizon):
    if len(values) < window + horizon:
        return
    series = pd.Series(values, pd.date_range("2000", periods=len(values), freq="h"))
    X, y = make_windows(series, window, horizon=horizon)
    for time, row in X.iterrows():
        position = series.index.get_loc(time)
        assert_array_equal(row, series.iloc[position - window : position])
        target = y.loc[time]
        assert_array_equal(
            np.atleast_1d(target), series.iloc[position : position + horizon]
        )


# -- forecast --------------------------------------------------------------------------


def hand_rolled(estimator, history, steps, window, columns=None):
    """The recursion written out: predict, append, slide."""
    values = list(history)
    for _ in range(steps):
        row = np.asarray(values[-window:], dtype=float).reshape(1, -1)
        if columns is not None:
            row = pd.DataFrame(row, columns=columns)
        values.append(float(np.ravel(estimator.predict(row))[0]))
    return np.array(values[len(history) :])


def test_forecast_of_a_line_is_exact():
    series = np.arange(10.0)
    model = LinearRegression().fit(*make_windows(series, window=3))
    result = forecast(model, series, steps=4)
    assert isinstance(result, np.ndarray)
    assert_allclose(result, [10, 11, 12, 13])


def test_forecast_equals_hand_rolled_loop_numpy():
    series = np.sin(np.arange(60) / 4)
    model = small_rnn().fit(*make_windows(series, window=6))
    assert_allclose(forecast(model, series, 9), hand_rolled(model, series, 9, 6))


def test_forecast_equals_hand_rolled_loop_pandas_period_index():
    series = load_airline()
    X, y = make_windows(series, window=12)
    model = make_pipeline(StandardScaler(), small_rnn()).fit(X, y / 100)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "X does not have valid feature names"
        result = forecast(model, series / 100, steps=5)
    assert result.name == "passengers"
    assert list(result.index.astype(str)) == [f"1961-0{m}" for m in range(1, 6)]
    assert result.index.freqstr == "M"
    expected = hand_rolled(model, series.to_numpy() / 100, 5, 12, columns=X.columns)
    assert_allclose(result.to_numpy(), expected)


def test_forecast_through_transformed_target_regressor():
    series = load_airline()
    X, y = make_windows(series, window=12)
    model = TransformedTargetRegressor(small_rnn(), transformer=StandardScaler())
    model.fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = forecast(model, series, steps=4)
    expected = hand_rolled(model, series.to_numpy(), 4, 12, columns=X.columns)
    assert_allclose(result.to_numpy(), expected)
    assert result.index[0] == pd.Period("1961-01", "M")


def test_forecast_from_numpy_fit_on_pandas_series():
    # fitted without feature names, forecast from a Series: no names are passed.
    series = pd.Series(np.arange(8.0), name="level")
    model = LinearRegression().fit(*make_windows(series.to_numpy(), window=2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = forecast(model, series, 2)
    pd.testing.assert_series_equal(
        result, pd.Series([8.0, 9.0], pd.RangeIndex(8, 10), name="level"), atol=1e-9
    )


@pytest.mark.parametrize(
    "index, expected",
    [
        (
            pd.date_range("2024-01-31", periods=6, freq="ME"),
            pd.date_range("2024-07-31", periods=3, freq="ME"),
        ),
        (  # no freq set, but a regular one can be inferred
            pd.DatetimeIndex(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]),
            pd.DatetimeIndex(["2024-01-29", "2024-02-05", "2024-02-12"]),
        ),
        (
            pd.date_range("2024-03-01 00:00", periods=5, freq="h", tz="UTC"),
            pd.date_range("2024-03-01 05:00", periods=3, freq="h", tz="UTC"),
        ),
        (
            pd.period_range("2001Q1", periods=5, freq="Q"),
            pd.period_range("2002Q2", periods=3, freq="Q"),
        ),
        (pd.RangeIndex(10, 20, 2), pd.RangeIndex(20, 26, 2)),
        (  # irregular dates: positions continue
            pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-05", "2024-01-09"]),
            pd.RangeIndex(4, 7),
        ),
        (pd.Index([3, 7, 8, 20]), pd.RangeIndex(4, 7)),
    ],
)
def test_forecast_index_continues(index, expected):
    series = pd.Series(np.arange(len(index), dtype=float), index=index, name="v")
    model = LinearRegression().fit(*make_windows(series, window=2))
    result = forecast(model, series, steps=3)
    assert_array_equal(result.index, expected)
    assert type(result.index) is type(expected)
    assert result.name == "v"
    assert_allclose(result, np.arange(len(index), len(index) + 3))


class CountingLinearRegression(LinearRegression):
    def predict(self, X):
        self.n_predict_calls_ = getattr(self, "n_predict_calls_", 0) + 1
        return super().predict(X)


def test_horizon_estimator_advances_several_steps_per_call():
    series = np.arange(12.0) * 2
    model = CountingLinearRegression().fit(*make_windows(series, 3, horizon=3))
    result = forecast(model, series, steps=7)
    assert_allclose(result, 2 * np.arange(12, 19))
    assert model.n_predict_calls_ == 3  # ceil(7 / 3)


def test_multivariate_forecast_needs_every_variable_as_target():
    index = pd.date_range("2020-01-01", periods=10, freq="D")
    frame = pd.DataFrame({"a": np.arange(10.0), "b": 3 * np.arange(10.0)}, index)
    model = LinearRegression().fit(*make_windows(frame, window=2))
    result = forecast(model, frame, steps=3)
    assert list(result.columns) == ["a", "b"]
    assert_array_equal(result.index, pd.date_range("2020-01-11", periods=3))
    assert_allclose(result, [[10, 30], [11, 33], [12, 36]])
    numpy_result = forecast(model, frame.to_numpy(), steps=3)
    assert_allclose(numpy_result, result.to_numpy())

    one_target = LinearRegression().fit(*make_windows(frame, window=2, target="a"))
    with pytest.raises(ValueError, match="every variable must be a target"):
        forecast(one_target, frame, steps=3)


def test_forecast_errors():
    series = np.arange(10.0)
    model = LinearRegression().fit(*make_windows(series, window=4))
    with pytest.raises(ValueError, match="steps must be an integer >= 1, got steps=0"):
        forecast(model, series, 0)
    with pytest.raises(TypeError, match="steps must be an integer >= 1, got '3'"):
        forecast(model, series, "3")
    with pytest.raises(NotFittedError):
        forecast(LinearRegression(), series, 3)
    with pytest.raises(
        ValueError, match="series has 3 steps, fewer than .* window of 4"
    ):
        forecast(model, series[:3], 3)
    with pytest.raises(ValueError, match="n_features_in_=4 features, which the .*3"):
        forecast(model, np.zeros((10, 3)), 3)
    with pytest.raises(ValueError, match="NaN"):
        forecast(model, np.array([1.0, 2, 3, np.nan]), 3)


def test_forecast_object_array_of_numbers():
    series = np.array([0, 1.0, 2, 3, 4, 5], dtype=object)
    model = LinearRegression().fit(*make_windows(series, window=2))
    assert_allclose(forecast(model, series, 2), [6, 7])


class NotAnSklearnEstimator:
    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X))


class NonFiniteLinearRegression(LinearRegression):
    def predict(self, X):
        prediction = super().predict(X)
        return prediction if prediction[0] < 11.5 else prediction * np.inf


def test_forecast_rejects_duck_typed_estimator_and_non_finite_predictions():
    with pytest.raises(TypeError, match="estimator NotAnSklearnEstimator has no n_"):
        forecast(NotAnSklearnEstimator(), np.arange(5.0), 2)
    series = np.arange(10.0)
    model = NonFiniteLinearRegression().fit(*make_windows(series, window=2))
    assert_allclose(forecast(model, series, 2), [10, 11])
    with pytest.raises(ValueError, match="NaN or infinite values at forecast step 3"):
        forecast(model, series, 3)


# -- inside scikit-learn tools --------------------------------------------------------


def test_grid_search_with_time_series_split_on_airline_windows():
    X, y = make_windows(load_airline(), window=12)
    pipeline = make_pipeline(StandardScaler(), small_rnn(learning_rate_init=0.01))
    search = GridSearchCV(
        pipeline,
        {"simplernnregressor__hidden_size": [2, 4]},
        cv=TimeSeriesSplit(n_splits=3),
        scoring="neg_root_mean_squared_error",
    )
    search.fit(X, y / 100)
    assert search.best_params_["simplernnregressor__hidden_size"] in (2, 4)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert_array_equal(search.best_estimator_.feature_names_in_, X.columns)
    assert forecast(search, load_airline() / 100, 3).index[0] == pd.Period("1961-01")


def test_cross_val_score_and_feature_names():
    X, y = make_windows(load_airline(), window=12)
    model = make_pipeline(StandardScaler(), small_rnn())
    scores = cross_val_score(model, X, y / 100, cv=TimeSeriesSplit(n_splits=3))
    assert scores.shape == (3,) and np.isfinite(scores).all()
    rnn = clone(small_rnn()).fit(X, y / 100)
    assert_array_equal(
        rnn.feature_names_in_, [f"passengers_t-{k}" for k in range(12, 0, -1)]
    )
    assert rnn.n_steps_ == 12


def test_multivariate_horizon_needs_horizon_to_tell_the_variables_apart():
    frame = pd.DataFrame({"a": np.arange(20.0), "b": 1000 + np.arange(20.0)})
    # Two outputs, a at t+1 and t+2, look like one step of a and b; horizon= tells.
    a_only = LinearRegression().fit(*make_windows(frame, 3, horizon=2, target="a"))
    with pytest.raises(ValueError, match="not horizon=2 steps"):
        forecast(a_only, frame, steps=4, horizon=2)
    both = LinearRegression().fit(*make_windows(frame, 3, horizon=2))
    with pytest.raises(ValueError, match="Pass horizon="):
        forecast(both, frame, steps=4)
    result = forecast(both, frame, steps=4, horizon=2)
    assert_allclose(result, np.column_stack([20 + np.arange(4), 1020 + np.arange(4)]))


# -- columns by name, the loop's fast path, bad predictions (issues 12, 16) ---------


def _two_columns(n=50):
    rng = np.random.default_rng(0)
    return pd.DataFrame({"a": rng.normal(size=n).cumsum(), "b": rng.normal(size=n)})


def test_forecast_matches_the_columns_by_name():
    frame = _two_columns()
    model = LinearRegression().fit(*make_windows(frame, 3))
    expected = forecast(model, frame, 4)
    swapped = forecast(model, frame[["b", "a"]], 4)
    assert list(swapped.columns) == ["b", "a"]
    pd.testing.assert_frame_equal(swapped[["a", "b"]], expected)
    with pytest.raises(ValueError, match=r"columns \['a', 'c'\], but the estimator"):
        forecast(model, frame.rename(columns={"b": "c"}), 2)
    # NumPy input is read by position, as before.
    assert_allclose(forecast(model, frame.to_numpy(), 4), expected.to_numpy())


class RecordingLinearRegression(LinearRegression):
    """Remembers the type of every X it predicts from."""

    def predict(self, X):
        self.seen_.append(type(X).__name__)
        return super().predict(X)


@pytest.mark.parametrize(
    "make_model",
    [
        lambda: small_rnn(),
        lambda: LinearRegression(),
        lambda: make_pipeline(StandardScaler(), small_rnn()),
        lambda: TransformedTargetRegressor(small_rnn(), transformer=StandardScaler()),
    ],
    ids=["rnn", "linear", "pipeline", "transformed-target"],
)
def test_forecast_with_a_frame_fitted_model_equals_the_array_fitted_one(make_model):
    series = load_airline() / 100
    X, y = make_windows(series, 12)
    on_frame = make_model().fit(X, y)
    on_array = make_model().fit(X.to_numpy(), y.to_numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no feature-name warning on the way
        result = forecast(on_frame, series, 30)
    assert_allclose(result.to_numpy(), forecast(on_array, series, 30).to_numpy())


def test_a_frame_fitted_model_sees_one_dataframe_then_arrays():
    series = _two_columns()
    model = RecordingLinearRegression().fit(*make_windows(series, 3))
    model.seen_ = []
    forecast(model, series, 5)
    # The first window checks the names; the loop (after one array check that
    # the name-free copy agrees) passes plain arrays.
    assert model.seen_ == ["DataFrame", "ndarray"] + ["ndarray"] * 4


def test_a_column_selector_keeps_the_dataframe_path():
    from sklearn.compose import make_column_transformer

    series = pd.Series(np.sin(np.arange(60) / 4), name="s")
    X, y = make_windows(series, 3)
    selector = make_column_transformer((StandardScaler(), ["s_t-1", "s_t-2"]))
    model = make_pipeline(selector, LinearRegression()).fit(X, y)
    expected = model.predict(X.iloc[-1:])  # a check of the first step only
    result = forecast(model, series[:-1], 1)
    assert_allclose(result.to_numpy(), expected)
    assert len(forecast(model, series, 6)) == 6


class ReturnsRegression(LinearRegression):
    """A fitted linear model whose predict returns a fixed object."""

    def __init__(self, returned=None):
        super().__init__()
        self.returned = returned

    def predict(self, X):
        return self.returned


@pytest.mark.parametrize(
    "returned, error, match",
    [
        (None, TypeError, r"estimator.predict must return numbers, got NoneType"),
        ("12.5", TypeError, r"must return numbers, got str '12.5'"),
        (["a"], TypeError, r"must return numbers, got list"),
        (np.float64(3.0), ValueError, r"returned shape \(\) for 1 window"),
        (np.array([]), ValueError, r"returned shape \(0,\) for 1 window"),
        (np.empty((1, 0)), ValueError, r"returned shape \(1, 0\) for 1 window"),
    ],
)
def test_forecast_with_a_predict_that_returns_no_numbers(returned, error, match):
    series = np.arange(10.0)
    model = ReturnsRegression(returned).fit(*make_windows(series, 2))
    with pytest.raises(error, match=match):
        forecast(model, series, 3)


class ReturnsObjects(LinearRegression):
    """A linear model whose predictions come back as an object array."""

    def predict(self, X):
        return super().predict(X).astype(object)


def test_forecast_reads_an_object_array_of_numbers_as_floats():
    series = np.sin(np.arange(30.0))
    windows = make_windows(series, 3)
    expected = forecast(LinearRegression().fit(*windows), series, 5)
    assert_array_equal(forecast(ReturnsObjects().fit(*windows), series, 5), expected)


@pytest.mark.parametrize("item", [None, "1.5", np.datetime64("2020-01-01")])
def test_forecast_refuses_an_object_array_with_no_number_in_it(item):
    series = np.arange(10.0)
    model = ReturnsRegression(np.array([item], dtype=object)).fit(
        *make_windows(series, 2)
    )
    with pytest.raises(TypeError, match=r"estimator.predict must return numbers"):
        forecast(model, series, 3)


def test_forecast_refuses_steps_beyond_the_limit_before_any_work():
    series = np.arange(10.0)
    model = LinearRegression().fit(*make_windows(series, 2))
    with pytest.raises(ValueError, match=r"steps must be an integer from 1 to 1"):
        forecast(model, series, 2**63)


# -- the whole error messages, the forecast loop's paths (issue 17) ------------------


def _raises(error, message):
    """pytest.raises matching the whole message."""
    return pytest.raises(error, match="^" + re.escape(message) + "$")


class DuckRegressor:
    """Not a scikit-learn estimator: predicts the last value of the window plus 1."""

    def __init__(self, n_features_in_=None):
        if n_features_in_ is not None:
            self.n_features_in_ = n_features_in_

    def predict(self, X):
        return X[:, -1] + 1


def test_whole_error_messages_of_make_windows_and_forecast():
    series = np.arange(10.0)
    model = LinearRegression().fit(*make_windows(series, 2))
    with _raises(
        ValueError,
        "series has 5 steps, fewer than window + horizon = 4 + 2 = 6; make_windows "
        "needs at least that many to build one row. Use a longer series or a smaller "
        "window or horizon.",
    ):
        make_windows(np.arange(5.0), 4, horizon=2)
    with _raises(ValueError, "horizon must be an integer >= 1, got horizon=0."):
        forecast(model, series, 3, horizon=0)
    with pytest.raises(
        TypeError,
        match=" is not an estimator: forecast needs a fitted regressor with a predict "
        r"method\.$",
    ):
        forecast(object(), series, 3)
    with _raises(
        TypeError,
        "estimator DuckRegressor has no n_features_in_, so the window length cannot "
        "be read from it. Pass a scikit-learn regressor fitted on make_windows output.",
    ):
        forecast(DuckRegressor(), series, 3)
    for n_features in (True, 2.5):
        with _raises(
            TypeError,
            f"estimator DuckRegressor has n_features_in_={n_features}, not an "
            "integer; the window length cannot be read from it.",
        ):
            forecast(DuckRegressor(n_features), series, 3)
    with _raises(
        ValueError,
        "estimator DuckRegressor has n_features_in_=0: a window of at least one step "
        "is needed to forecast from. Fit it on make_windows output.",
    ):
        forecast(DuckRegressor(0), series, 3)
    with _raises(
        ValueError,
        "estimator was fitted on n_features_in_=2 features, which the series' 3 "
        "variables do not divide; forecast a series with the variables the "
        "estimator was trained on.",
    ):
        forecast(model, np.zeros((10, 3)), 3)
    with _raises(
        ValueError,
        "series has 1 steps, fewer than the estimator's window of 2 "
        "(n_features_in_=2 / 1 variable); give at least 2.",
    ):
        forecast(model, series[:1], 3)
    two = LinearRegression().fit(*make_windows(np.zeros((10, 2)), 2))
    with _raises(
        ValueError,
        "series has 1 steps, fewer than the estimator's window of 2 "
        "(n_features_in_=4 / 2 variables); give at least 2.",
    ):
        forecast(two, np.zeros((1, 2)), 3)


def test_whole_error_messages_of_the_variables_and_predictions():
    frame = pd.DataFrame({"a": np.arange(10.0), "b": np.arange(10.0) ** 2})
    model = LinearRegression().fit(*make_windows(frame, 2))
    with _raises(
        ValueError,
        "series has columns ['a', 'c'], but the estimator was fitted on windows of "
        "['a', 'b']; forecast a series with the variables it was trained on.",
    ):
        forecast(model, frame.rename(columns={"b": "c"}), 2)
    one = LinearRegression().fit(*make_windows(frame, 2, target="a"))
    with _raises(
        ValueError,
        "estimator predicts 1 value(s) per window but the series has 2 variables. A "
        "recursive forecast feeds every variable back into the next window, so "
        "every variable must be a target: fit on make_windows(series, window, "
        "target=None).",
    ):
        forecast(one, frame, 2)
    a_only = LinearRegression().fit(*make_windows(frame, 3, horizon=2, target="a"))
    with _raises(
        ValueError,
        "estimator predicts 2 value(s) per window, not horizon=2 steps of the "
        "series' 2 variables (4); pass the horizon the estimator was trained with, "
        "and make every variable a target.",
    ):
        forecast(a_only, frame, 4, horizon=2)
    both = LinearRegression().fit(*make_windows(frame, 3, horizon=2))
    with _raises(
        ValueError,
        "estimator predicts 4 values per window for a series of 2 variables: 2 steps "
        "of every variable, or more steps of only some of them? Pass horizon= (the "
        "one given to make_windows) to say which.",
    ):
        forecast(both, frame, 4)
    series = np.arange(10.0)
    with _raises(
        TypeError,
        "estimator.predict must return numbers, got NoneType None; forecast needs a "
        "regressor whose predict returns an array of shape (n_windows,) or "
        "(n_windows, n_outputs).",
    ):
        forecast(ReturnsRegression(None).fit(*make_windows(series, 2)), series, 3)
    with _raises(
        ValueError,
        "estimator.predict returned shape (1, 0) for 1 window(s); expected (1,) or "
        "(1, n_outputs).",
    ):
        forecast(
            ReturnsRegression(np.empty((1, 0))).fit(*make_windows(series, 2)), series, 3
        )
    with _raises(
        ValueError,
        "estimator.predict returned NaN or infinite values at forecast step 1; the "
        "estimator cannot forecast from this series (check that it was trained on "
        "windows of the same scale).",
    ):
        forecast(
            ReturnsRegression(np.array([np.nan])).fit(*make_windows(series, 2)),
            series,
            3,
        )


class NonFiniteAfterTwoSteps(LinearRegression):
    """A two-step model that breaks down once its window passes 10."""

    def predict(self, X):
        prediction = super().predict(X)
        return prediction if np.max(X) < 10.5 else prediction * np.inf


def test_a_non_finite_prediction_names_its_step_whatever_the_horizon():
    series = np.arange(10.0)
    model = NonFiniteAfterTwoSteps().fit(*make_windows(series, 2, horizon=2))
    assert_allclose(forecast(model, series, 2), [10, 11])
    # the first call gives steps 1 and 2, the second (window 10, 11) steps 3 and 4
    with pytest.raises(ValueError, match="NaN or infinite values at forecast step 3;"):
        forecast(model, series, 4)


def test_a_window_of_one_and_a_series_exactly_one_window_long():
    assert_allclose(forecast(DuckRegressor(1), np.arange(3.0), 3), [3, 4, 5])
    series = np.arange(10.0)
    model = LinearRegression().fit(*make_windows(series, 3))
    assert_allclose(forecast(model, series[-3:], 2), forecast(model, series, 2))


def test_the_future_index_fails_before_any_prediction():
    index = pd.date_range(end="2262-04-10", periods=10, freq="D", unit="ns")
    series = pd.Series(np.arange(10.0), index)
    model = CountingLinearRegression().fit(*make_windows(series.to_numpy(), 2))
    with pytest.raises(ValueError, match="the last date an index of unit 'ns'"):
        forecast(model, series, 5)
    assert not hasattr(model, "n_predict_calls_")


@pytest.mark.parametrize("n_variables, horizon", [(1, None), (1, 2), (2, 2)])
def test_forecast_windows_equals_one_forecast_per_window(n_variables, horizon):
    rng = np.random.default_rng(0)
    series = rng.normal(size=(40, n_variables)).cumsum(axis=0)
    model = LinearRegression().fit(*make_windows(series, 3, horizon=horizon or 1))
    last_windows = np.stack([series[5:8], series[20:23], series[-3:]])
    result = forecast_windows(model, last_windows, 5, horizon=horizon)
    assert result.shape == (3, 5, n_variables)
    for windows, path in zip(last_windows, result):
        assert_allclose(path, forecast(model, windows, 5, horizon=horizon))


class TextAfterOneStep(LinearRegression):
    """Numbers on the first call, then an object array of text."""

    def predict(self, X):
        self.n_calls_ = getattr(self, "n_calls_", 0) + 1
        prediction = super().predict(X)
        return prediction if self.n_calls_ == 1 else np.array(["12"], dtype=object)


def test_a_later_prediction_that_is_no_numbers_is_refused_like_the_first():
    series = np.arange(10.0)
    model = TextAfterOneStep().fit(*make_windows(series, 2))
    with pytest.raises(
        TypeError, match=r"must return numbers, got ndarray array\(\['12"
    ):
        forecast(model, series, 3)


class FrameOnlyRegression(LinearRegression):
    """Predicts from DataFrames only (like a column selector) and keeps them."""

    def predict(self, X):
        if not isinstance(X, pd.DataFrame):
            raise TypeError("FrameOnlyRegression predicts from DataFrames only")
        self.seen_.append(X)
        return super().predict(X)


def test_a_frame_only_model_gets_one_frame_viewing_the_buffer_each_step():
    series = _two_columns()
    X, y = make_windows(series, 3)
    model = FrameOnlyRegression().fit(X, y)
    model.seen_ = []
    result = forecast(model, series, 5)
    expected = forecast(LinearRegression().fit(X, y), series, 5)
    assert_allclose(result, expected)
    first, *loop = model.seen_
    assert isinstance(first, pd.DataFrame) and len(loop) == 4
    assert all(frame is loop[0] for frame in loop)  # no DataFrame built per step
    assert list(loop[0].columns) == list(X.columns)


class _NoSharedMemory:
    """numpy for _windows, but no DataFrame is found to view the row buffer."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def shares_memory(a, b):
        return False


def test_a_frame_only_model_gets_a_new_frame_when_pandas_copies(monkeypatch):
    from sklearn_rnn import _windows

    series = _two_columns()
    X, y = make_windows(series, 3)
    model = FrameOnlyRegression().fit(X, y)
    model.seen_ = []
    expected = forecast(model, series, 5)
    model.seen_ = []
    monkeypatch.setattr(_windows, "np", _NoSharedMemory())
    assert_allclose(forecast(model, series, 5), expected)
    loop = model.seen_[1:]
    assert len(loop) == 4 and len({id(frame) for frame in loop}) == 4
    assert all(isinstance(frame, pd.DataFrame) for frame in loop)


def hand_rolled_rows(estimator, frame, steps, window):
    """The recursion of a multivariate frame written out, one named row a step."""
    values = frame.to_numpy()
    columns = [f"{name}_t-{lag}" for lag in range(window, 0, -1) for name in frame]
    for _ in range(steps):
        row = pd.DataFrame(values[-window:].reshape(1, -1), columns=columns)
        values = np.vstack([values, estimator.predict(row)])
    return values[len(frame) :]


class RecordingScaler(StandardScaler):
    """Remembers the type of every X it transforms."""

    def transform(self, X, copy=None):
        vars(self).setdefault("seen_", []).append(type(X).__name__)
        return super().transform(X, copy=copy)


def test_the_loop_of_a_pipeline_and_a_transformed_target_passes_arrays():
    series = _two_columns()
    X, y = make_windows(series, 3)
    scaler = RecordingScaler()
    pipeline = Pipeline(
        [("scale", scaler), ("skip", "passthrough"), ("fit", LinearRegression())]
    ).fit(X, y)
    scaler.seen_ = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = forecast(pipeline, series, 4)
    # the first window as a DataFrame, the check of the copy, then the loop
    assert scaler.seen_ == ["DataFrame", "ndarray"] + ["ndarray"] * 3
    assert_allclose(result, hand_rolled_rows(pipeline, series, 4, 3))

    regressor = RecordingLinearRegression()
    target = TransformedTargetRegressor(regressor, transformer=StandardScaler())
    target.fit(X, y)
    target.regressor_.seen_ = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        forecast(target, series, 4)
    assert target.regressor_.seen_ == ["DataFrame", "ndarray"] + ["ndarray"] * 3


def test_a_search_keeps_its_names_in_the_loop():
    # best_estimator_ was fitted with names: its copy would warn at every step.
    series = _two_columns()
    X, y = make_windows(series, 3)
    search = GridSearchCV(LinearRegression(), {"fit_intercept": [True, False]}, cv=2)
    search.fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = forecast(search, series, 4)
    assert_allclose(result, forecast(search.best_estimator_, series, 4))


class Wrapper(RegressorMixin, BaseEstimator):
    """A meta-estimator whose names are only those of its fitted regressor_."""

    def fit(self, X, y):
        self.regressor_ = RecordingLinearRegression().fit(X, y)
        self.regressor_.seen_ = []
        self.n_features_in_ = self.regressor_.n_features_in_
        return self

    def predict(self, X):
        return self.regressor_.predict(X)


@pytest.mark.filterwarnings("ignore:X does not have valid feature names")
def test_feature_names_are_read_from_a_fitted_regressor_():
    series = _two_columns()
    X, y = make_windows(series, 3)
    model = Wrapper().fit(X, y)
    result = forecast(model, series, 3)
    assert_allclose(result, forecast(model.regressor_, series, 3))
    assert model.regressor_.seen_[0] == "DataFrame"  # named like the windows
