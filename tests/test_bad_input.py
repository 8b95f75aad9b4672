"""Every public entry point, given a wrong input, fails with a clear error.

One table: the call, the exception type it must raise and a regex its message must
contain. The regexes check that the message names the argument, the value received
and (where it is the package's own message) what would be accepted. The types are
the ones a user can catch: ``ValueError``, ``TypeError``, scikit-learn's
``NotFittedError`` and ``InvalidParameterError``; never an ``IndexError``, a
broadcasting error, a ``ZeroDivisionError`` or an ``AttributeError`` from inside the
code, and never NaN returned instead of an error.

Rows marked ``xfail(strict=True)`` are known gaps in modules this file does not own;
each reason says the fix. Once the fix lands the row passes, the strict mark turns
that into a failure, and the mark is removed.
"""

import functools
import re

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_rnn import SeriesForecaster, SimpleRNNRegressor, forecast, make_windows
from sklearn_rnn._cli import main
from sklearn_rnn.datasets import load_airline

RNG = np.random.RandomState(0)
X = RNG.uniform(-1, 1, size=(20, 4))
Y = X.sum(axis=1)
SERIES = np.sin(np.arange(60) / 3) + 2.0
FRAME = pd.DataFrame({"a": SERIES, "b": SERIES[::-1].copy()})


def rnn(**params):
    """A quick, seeded regressor: bad-input cases must fail before any training."""
    return SimpleRNNRegressor(
        **{"hidden_size": 4, "max_iter": 2, "random_state": 0, **params}
    )


@functools.cache
def fitted():
    """One fitted regressor shared by the predict/score/forecast rows (read only)."""
    return rnn().fit(X, Y)


@functools.cache
def fitted_forecaster():
    return SeriesForecaster(LinearRegression(), window=4, seasonal_period=None).fit(
        SERIES
    )


def waiting_on(fix):
    return pytest.mark.xfail(strict=True, reason=f"waiting on fix: {fix}")


class _NaNRegressor(RegressorMixin, BaseEstimator):
    """A fitted regressor whose predictions are NaN: forecast must not pass them on."""

    def fit(self, X, y):
        self.n_features_in_ = np.shape(X)[1]
        return self

    def predict(self, X):
        return np.full(len(X), np.nan)


class _DuckRegressor:
    """Has fit and predict but is no scikit-learn estimator (no tags, no
    n_features_in_)."""

    def fit(self, X, y):
        return self

    def predict(self, X):
        return np.zeros(len(X))


def _set_param(name, value):
    return lambda: rnn(**{name: value}).fit(X, Y)


def _param_error(name, value):
    """The row of an invalid estimator parameter: names it, shows value and range."""
    return pytest.param(
        _set_param(name, value),
        InvalidParameterError,
        rf"'{name}' parameter of SimpleRNNRegressor must be .*"
        rf"Got {re.escape(repr(value))}",
        id=f"param-{name}={value!r}",
    )


CASES = [
    # -- estimator parameters (sklearn's parameter validation) ---------------------
    _param_error("hidden_size", 0),
    _param_error("hidden_size", 2.5),
    _param_error("hidden_size", "32"),
    _param_error("input_size", 0),
    _param_error("activation", "softmax"),
    _param_error("solver", "lbfgs"),
    _param_error("alpha", -1.0),
    _param_error("batch_size", 0),
    _param_error("batch_size", "big"),
    _param_error("learning_rate", "optimal"),
    _param_error("learning_rate_init", 0.0),
    _param_error("power_t", -0.5),
    _param_error("max_iter", 0),
    _param_error("shuffle", 1),
    _param_error("random_state", "seed"),
    _param_error("tol", -1e-4),
    _param_error("verbose", "loud"),
    _param_error("momentum", 1.5),
    _param_error("validation_fraction", 1.0),
    _param_error("beta_1", 1.0),
    _param_error("beta_2", -0.1),
    _param_error("epsilon", 0.0),
    _param_error("n_iter_no_change", 0),
    _param_error("max_grad_norm", 0.0),
    pytest.param(
        lambda: SimpleRNNRegressor(hidden_sizes=3),
        TypeError,
        r"unexpected keyword argument 'hidden_sizes'",
        id="param-misspelt",
    ),
    pytest.param(
        lambda: SimpleRNNRegressor().set_params(hidden=3),
        ValueError,
        r"Invalid parameter 'hidden'.*Valid parameters are",
        id="set_params-unknown",
    ),
    # -- fit: X and y -------------------------------------------------------------
    pytest.param(
        lambda: rnn(input_size=3).fit(X, Y),
        ValueError,
        r"n_features=4, which input_size=3 does not divide",
        id="fit-input_size-does-not-divide",
    ),
    pytest.param(
        lambda: rnn().fit(X[:, 0], Y),
        ValueError,
        r"Expected 2D array, got 1D array",
        id="fit-X-1d",
    ),
    pytest.param(
        lambda: rnn().fit(X.reshape(20, 2, 2), Y),
        ValueError,
        r"Found array with dim 3",
        id="fit-X-3d",
    ),
    pytest.param(
        lambda: rnn().fit(np.where(X > 0.9, np.nan, X), Y),
        ValueError,
        r"Input X contains NaN",
        id="fit-X-nan",
    ),
    pytest.param(
        lambda: rnn().fit(np.where(X > 0.9, np.inf, X), Y),
        ValueError,
        r"Input X contains infinity",
        id="fit-X-inf",
    ),
    pytest.param(
        lambda: rnn().fit(np.full((20, 4), "a"), Y),
        ValueError,
        r"X and y must hold numbers.*could not convert string to float",
        id="fit-X-strings",
    ),
    pytest.param(
        lambda: rnn().fit(np.full((20, 4), {"a": 1}, dtype=object), Y),
        TypeError,
        r"X and y must hold numbers.*not 'dict'",
        id="fit-X-objects",
    ),
    pytest.param(
        lambda: rnn().fit([[1.0, 2.0], [3.0]], [1.0, 2.0]),
        ValueError,
        r"X and y must hold numbers.*inhomogeneous",
        id="fit-X-ragged-rows",
    ),
    pytest.param(
        lambda: rnn().fit(X + 1j, Y),
        ValueError,
        r"Complex data not supported",
        id="fit-X-complex",
    ),
    pytest.param(
        lambda: rnn().fit(sp.csr_matrix(X), Y),
        TypeError,
        r"Sparse data was passed for X, but dense data is required",
        id="fit-X-sparse",
    ),
    pytest.param(
        lambda: rnn().fit(X[:0], Y[:0]),
        ValueError,
        r"Found array with 0 sample\(s\) \(shape=\(0, 4\)\)",
        id="fit-X-no-rows",
    ),
    pytest.param(
        lambda: rnn().fit(X[:, :0], Y),
        ValueError,
        r"Found array with 0 feature\(s\) \(shape=\(20, 0\)\)",
        id="fit-X-no-columns",
    ),
    pytest.param(
        lambda: rnn().fit(pd.DataFrame(X, columns=["a", 1, "c", "d"]), Y),
        TypeError,
        r"Feature names are only supported if all input features have string names",
        id="fit-X-mixed-column-names",
    ),
    pytest.param(
        lambda: rnn().fit(X, Y[:-1]),
        ValueError,
        r"inconsistent numbers of samples: \[20, 19\]",
        id="fit-y-length",
    ),
    pytest.param(
        lambda: rnn().fit(X, np.where(Y > 1, np.nan, Y)),
        ValueError,
        r"Input y contains NaN",
        id="fit-y-nan",
    ),
    pytest.param(
        lambda: rnn().fit(X, np.full(20, "a")),
        ValueError,
        r"y must hold numbers.*could not convert string to float",
        id="fit-y-strings",
    ),
    pytest.param(
        lambda: rnn().fit(X, pd.Series(["a", "b"] * 10, dtype="category")),
        ValueError,
        r"y must hold numbers.*could not convert string to float",
        id="fit-y-categorical",
    ),
    pytest.param(
        lambda: rnn().fit(X, Y.reshape(20, 1, 1)),
        ValueError,
        r"Found array with dim 3",
        id="fit-y-3d",
    ),
    pytest.param(
        lambda: rnn().fit(X, np.zeros((20, 0))),
        ValueError,
        r"Found array with 0 feature\(s\)",
        id="fit-y-no-columns",
    ),
    pytest.param(
        # standardize=True would rescale these targets: the plain cell diverges.
        lambda: rnn(standardize=False).fit(X, Y * 1e300),
        ValueError,
        r"Training diverged at epoch 1: the loss became inf\. Try a smaller "
        r"learning_rate_init",
        id="fit-diverges",
    ),
    pytest.param(
        lambda: rnn(early_stopping=True).fit(X[:3], Y[:3]),
        ValueError,
        r"validation_fraction=0\.1 and n_samples=3 holds out 1 rows.*at least 2 "
        r"validation rows",
        id="fit-early_stopping-too-few-rows",
    ),
    # -- sample_weight --------------------------------------------------------------
    pytest.param(
        lambda: rnn().fit(X, Y, sample_weight=np.ones(3)),
        ValueError,
        r"sample_weight\.shape == \(3,\), expected \(20,\)",
        id="sample_weight-length",
    ),
    pytest.param(
        lambda: rnn().fit(X, Y, sample_weight=-np.ones(20)),
        ValueError,
        r"Negative values in data passed to `sample_weight`",
        id="sample_weight-negative",
    ),
    pytest.param(
        lambda: rnn().fit(X, Y, sample_weight=np.zeros(20)),
        ValueError,
        # scikit-learn >= 1.7 refuses all-zero weights itself; 1.6 leaves it to fit.
        r"(Sample weights must contain at least one non-zero number"
        r"|sample_weight sums to 0 over the training rows)",
        id="sample_weight-all-zero",
    ),
    pytest.param(
        lambda: rnn(early_stopping=True, validation_fraction=0.5).fit(
            X, Y, sample_weight=np.r_[np.zeros(10), np.ones(10)]
        ),
        ValueError,
        r"sample_weight sums to 0 over the training rows",
        id="sample_weight-zero-on-training-rows",
    ),
    pytest.param(
        lambda: rnn().fit(X, Y, sample_weight=np.full(20, np.nan)),
        ValueError,
        r"Input sample_weight contains NaN",
        id="sample_weight-nan",
    ),
    pytest.param(
        lambda: rnn().fit(X, Y, sample_weight=np.ones((20, 2))),
        ValueError,
        r"Sample weights must be 1D array or scalar",
        id="sample_weight-2d",
    ),
    pytest.param(
        lambda: rnn().fit(X, Y, sample_weight=["a"] * 20),
        ValueError,
        r"sample_weight must hold numbers.*could not convert string to float",
        id="sample_weight-strings",
    ),
    # -- warm start and partial_fit -------------------------------------------------
    pytest.param(
        lambda: rnn(early_stopping=True).partial_fit(X, Y),
        ValueError,
        r"partial_fit does not support early_stopping=True.*Set "
        r"early_stopping=False",
        id="partial_fit-early_stopping",
    ),
    pytest.param(
        lambda: rnn().partial_fit(X, Y).partial_fit(X[:, :2], Y),
        ValueError,
        r"X has 2 features, but SimpleRNNRegressor is expecting 4 features",
        id="partial_fit-features-change",
    ),
    pytest.param(
        lambda: rnn(warm_start=True).fit(X, Y).fit(X, np.c_[Y, Y]),
        ValueError,
        r"n_outputs changed from 1 to 2 since the last fit\. Set warm_start=False",
        id="warm_start-outputs-change",
    ),
    pytest.param(
        lambda: rnn(warm_start=True).fit(X, Y).set_params(hidden_size=3).fit(X, Y),
        ValueError,
        r"hidden_size changed from 4 to 3 since the last fit",
        id="warm_start-hidden_size-change",
    ),
    pytest.param(
        lambda: (
            rnn()
            .partial_fit(pd.DataFrame(X, columns=list("abcd")), Y)
            .partial_fit(pd.DataFrame(X, columns=list("wxyz")), Y)
        ),
        ValueError,
        r"feature names should match those that were passed during fit",
        id="partial_fit-column-names-change",
    ),
    # -- predict and score ------------------------------------------------------------
    pytest.param(
        lambda: SimpleRNNRegressor().predict(X),
        NotFittedError,
        r"SimpleRNNRegressor instance is not fitted yet",
        id="predict-not-fitted",
    ),
    pytest.param(
        lambda: SimpleRNNRegressor().score(X, Y),
        NotFittedError,
        r"SimpleRNNRegressor instance is not fitted yet",
        id="score-not-fitted",
    ),
    pytest.param(
        lambda: fitted().predict(X[:, :3]),
        ValueError,
        r"X has 3 features, but SimpleRNNRegressor is expecting 4 features",
        id="predict-features",
    ),
    pytest.param(
        lambda: fitted().predict(X[0]),
        ValueError,
        r"Expected 2D array, got 1D array",
        id="predict-1d",
    ),
    pytest.param(
        lambda: fitted().predict(np.full((2, 4), np.nan)),
        ValueError,
        r"Input X contains NaN",
        id="predict-nan",
    ),
    pytest.param(
        lambda: fitted().predict(np.full((2, 4), "a")),
        ValueError,
        r"X must hold numbers.*could not convert string to float",
        id="predict-strings",
    ),
    pytest.param(
        lambda: fitted().predict(X[:0]),
        ValueError,
        r"Found array with 0 sample\(s\)",
        id="predict-no-rows",
    ),
    pytest.param(
        lambda: fitted().score(X, Y[:-1]),
        ValueError,
        r"inconsistent numbers of samples: \[19, 20\]",
        id="score-y-length",
    ),
    pytest.param(
        lambda: fitted().score(X, np.full(20, np.nan)),
        ValueError,
        r"Input contains NaN",
        id="score-y-nan",
    ),
    pytest.param(
        lambda: fitted().score(X, np.c_[Y, Y]),
        ValueError,
        r"different number of output \(2!=1\)",
        id="score-y-outputs",
    ),
    # -- make_windows -----------------------------------------------------------------
    pytest.param(
        lambda: make_windows(SERIES, 0),
        ValueError,
        r"window must be an integer >= 1, got window=0",
        id="make_windows-window-zero",
    ),
    pytest.param(
        lambda: make_windows(SERIES, 2.0),
        TypeError,
        r"window must be an integer >= 1, got 2\.0 of type float",
        id="make_windows-window-float",
    ),
    pytest.param(
        lambda: make_windows(SERIES, True),
        TypeError,
        r"window must be an integer >= 1, got True of type bool",
        id="make_windows-window-bool",
    ),
    pytest.param(
        lambda: make_windows(SERIES, None),
        TypeError,
        r"window must be an integer >= 1, got None",
        id="make_windows-window-none",
    ),
    pytest.param(
        lambda: make_windows(SERIES, 3, horizon=0),
        ValueError,
        r"horizon must be an integer >= 1, got horizon=0",
        id="make_windows-horizon-zero",
    ),
    pytest.param(
        lambda: make_windows(SERIES, 3, horizon="2"),
        TypeError,
        r"horizon must be an integer >= 1, got '2' of type str",
        id="make_windows-horizon-str",
    ),
    pytest.param(
        lambda: make_windows(SERIES[:3], 3),
        ValueError,
        r"series has 3 steps, fewer than window \+ horizon = 3 \+ 1 = 4",
        id="make_windows-too-short",
    ),
    pytest.param(
        lambda: make_windows(np.zeros(0), 1),
        ValueError,
        r"series has 0 steps, fewer than window \+ horizon",
        id="make_windows-empty",
    ),
    pytest.param(
        lambda: make_windows(np.zeros((4, 2, 2)), 1),
        ValueError,
        r"series must be 1-D .* or 2-D .*got an array of shape \(4, 2, 2\)",
        id="make_windows-3d",
    ),
    pytest.param(
        lambda: make_windows(None, 1),
        ValueError,
        r"series must be 1-D .* or 2-D .*got an array of shape \(\)",
        id="make_windows-none",
    ),
    pytest.param(
        lambda: make_windows(np.zeros((5, 0)), 1),
        ValueError,
        r"series has no variables \(0 columns\)",
        id="make_windows-no-columns",
    ),
    pytest.param(
        lambda: make_windows(np.array([1.0, np.nan, 3.0, 4.0]), 1),
        ValueError,
        r"series contains NaN or infinite values \(the first at step 1\)",
        id="make_windows-nan",
    ),
    pytest.param(
        lambda: make_windows(pd.Series([1, None, 3, 4], dtype="Int64"), 1),
        ValueError,
        r"series contains NaN or infinite values \(the first at step 1\)",
        id="make_windows-pandas-NA",
    ),
    pytest.param(
        lambda: make_windows(np.array(["a", "b", "c"]), 1),
        TypeError,
        r"series must be numeric, got an array of dtype <U1",
        id="make_windows-strings",
    ),
    pytest.param(
        lambda: make_windows(pd.Series(pd.date_range("2000", periods=5)), 1),
        TypeError,
        r"series must be numeric, but column 0 has dtype datetime64\[\w+\]: times, "
        r"not values\. Pass the values to forecast, with these times as their "
        r"index: pd\.Series\(values, index=times\)\.",
        id="make_windows-pandas-dates",
    ),
    pytest.param(
        lambda: SeriesForecaster().fit(
            pd.DataFrame(
                {
                    "date": pd.period_range("2000-01", periods=30, freq="M"),
                    "sales": np.arange(30.0),
                }
            )
        ),
        TypeError,
        r"column 'date' has dtype period\[M\]: times, not values\. If it dates "
        r"the rows, make it the index first \(e\.g\. frame\.set_index\('date'\)\)",
        id="forecaster-date-column",
    ),
    pytest.param(
        lambda: make_windows(
            pd.DataFrame({"lag": pd.to_timedelta(np.arange(5), "D"), "v": 1.0}), 1
        ),
        TypeError,
        r"column 'lag' has dtype timedelta64\[\w+\]: times, not values\. If it "
        r"dates the rows, make it the index first \(e\.g\. frame\.set_index\('lag'\)\)",
        id="make_windows-duration-column",
    ),
    pytest.param(
        lambda: make_windows(FRAME.assign(c="x"), 1),
        TypeError,
        r"series must be numeric, but column 'c' has dtype",
        id="make_windows-text-column",
    ),
    pytest.param(
        lambda: make_windows(np.arange(5.0) + 1j, 1),
        TypeError,
        r"series must be numeric.*complex",
        id="make_windows-complex",
    ),
    pytest.param(
        lambda: make_windows(np.arange(5).astype("datetime64[D]"), 1),
        TypeError,
        r"series must be numeric.*datetime64",
        id="make_windows-numpy-dates",
    ),
    pytest.param(
        lambda: make_windows([[1.0, 2.0], [3.0]], 1),
        # NumPy < 1.24 turns ragged lists into object arrays (a TypeError here).
        (ValueError, TypeError),
        r"series must .*(equal length|same length|numeric)",
        id="make_windows-ragged-rows",
    ),
    pytest.param(
        lambda: make_windows(FRAME, 2, target="c"),
        ValueError,
        r"target 'c' is not a variable of series; its variables are \['a', 'b'\]",
        id="make_windows-target-unknown",
    ),
    pytest.param(
        lambda: make_windows(FRAME, 2, target=[]),
        ValueError,
        r"target is empty",
        id="make_windows-target-empty",
    ),
    pytest.param(
        lambda: make_windows(FRAME, 2, target=["a", "a"]),
        ValueError,
        r"target 'a' is given twice",
        id="make_windows-target-twice",
    ),
    pytest.param(
        lambda: make_windows(np.zeros((10, 2)), 2, target=5),
        ValueError,
        r"target 5 is not a variable of series; its variables are \[0, 1\]",
        id="make_windows-target-out-of-range",
    ),
    # -- forecast ------------------------------------------------------------------
    pytest.param(
        lambda: forecast(fitted(), SERIES, 0),
        ValueError,
        r"steps must be an integer >= 1, got steps=0",
        id="forecast-steps-zero",
    ),
    pytest.param(
        lambda: forecast(fitted(), SERIES, 2.5),
        TypeError,
        r"steps must be an integer >= 1, got 2\.5 of type float",
        id="forecast-steps-float",
    ),
    pytest.param(
        lambda: forecast(SimpleRNNRegressor(), SERIES, 2),
        NotFittedError,
        r"SimpleRNNRegressor instance is not fitted yet",
        id="forecast-not-fitted",
    ),
    pytest.param(
        lambda: forecast("model", SERIES, 2),
        TypeError,
        r"'?model'? is not an estimator",
        id="forecast-not-an-estimator",
    ),
    pytest.param(
        lambda: forecast(_DuckRegressor(), SERIES, 2),
        # scikit-learn 1.6's check_is_fitted calls it unfitted; later ones need tags.
        (TypeError, NotFittedError),
        r"(estimator .*n_features_in_|_DuckRegressor instance is not fitted)",
        id="forecast-duck-typed-estimator",
    ),
    pytest.param(
        lambda: forecast(fitted(), SERIES[:3], 2),
        ValueError,
        r"series has 3 steps, fewer than the estimator's window of 4",
        id="forecast-series-too-short",
    ),
    pytest.param(
        lambda: forecast(fitted(), np.r_[SERIES, np.nan], 2),
        ValueError,
        r"series contains NaN or infinite values \(the first at step 60\)",
        id="forecast-series-nan",
    ),
    pytest.param(
        lambda: forecast(fitted(), np.zeros((10, 3)), 2),
        ValueError,
        r"n_features_in_=4 features, which the series' 3 variables do not divide",
        id="forecast-variables-do-not-divide",
    ),
    pytest.param(
        lambda: forecast(
            LinearRegression().fit(*make_windows(FRAME.to_numpy(), 2, target=0)),
            FRAME.to_numpy(),
            2,
        ),
        ValueError,
        r"estimator predicts 1 value\(s\) per window but the series has 2 variables",
        id="forecast-not-every-variable-a-target",
    ),
    pytest.param(
        lambda: forecast(_NaNRegressor().fit(X, Y), SERIES, 3),
        ValueError,
        r"(NaN|non-finite)",
        id="forecast-estimator-predicts-nan",
    ),
    # -- SeriesForecaster --------------------------------------------------------------
    pytest.param(
        lambda: SeriesForecaster(window=0).fit(SERIES),
        InvalidParameterError,
        r"'window' parameter of SeriesForecaster must be an int in the range "
        r"\[1, inf\) or a str among \{'auto'\}\. Got 0",
        id="SeriesForecaster-window-zero",
    ),
    pytest.param(
        lambda: SeriesForecaster(seasonal_period=1).fit(SERIES),
        InvalidParameterError,
        r"'seasonal_period' parameter of SeriesForecaster .*Got 1",
        id="SeriesForecaster-seasonal_period-one",
    ),
    pytest.param(
        lambda: SeriesForecaster("linear", seasonal_period=None).fit(SERIES),
        TypeError,
        r"regressor must be a scikit-learn regressor .*got 'linear'",
        id="SeriesForecaster-regressor-str",
    ),
    pytest.param(
        lambda: SeriesForecaster(
            LinearRegression(), transform="log", seasonal_period=None
        ).fit(SERIES - 5),
        ValueError,
        r"transform='log' needs a positive series, but its smallest value is",
        id="SeriesForecaster-log-of-negative",
    ),
    pytest.param(
        # Longer series fall back to a smaller window (with a warning); two steps
        # leave nothing to fall back to.
        lambda: SeriesForecaster(LinearRegression(), window=50).fit(SERIES[:2]),
        ValueError,
        r"series has 2 steps, fewer than differences \+ window \+ horizon = "
        r"1 \+ 1 \+ 1 = 3",
        id="SeriesForecaster-series-too-short",
    ),
    pytest.param(
        lambda: SeriesForecaster().predict(3),
        NotFittedError,
        r"SeriesForecaster instance is not fitted yet",
        id="SeriesForecaster-not-fitted",
    ),
    pytest.param(
        lambda: fitted_forecaster().predict(0),
        ValueError,
        r"steps must be an integer >= 1, got steps=0",
        id="SeriesForecaster-steps-zero",
    ),
    pytest.param(
        lambda: fitted_forecaster().score(FRAME),
        ValueError,
        r"series has 2 variables, but the forecaster was fitted on 1",
        id="SeriesForecaster-score-variables",
    ),
    pytest.param(
        lambda: (
            SeriesForecaster(LinearRegression(), window=4)
            .fit(load_airline()[:-12])
            .score(load_airline()[:12])
        ),
        ValueError,
        r"series must directly follow the fitted series: it starts at 1949-01",
        id="SeriesForecaster-score-does-not-follow",
    ),
    pytest.param(
        lambda: fitted_forecaster().score(np.array([2.0])),
        ValueError,
        r"at least 2",
        id="SeriesForecaster-score-one-step",
    ),
    pytest.param(
        lambda: SeriesForecaster(LinearRegression(), window=3).fit(SERIES + 1j),
        TypeError,
        r"series must be numeric.*complex",
        id="SeriesForecaster-complex",
    ),
    # -- load_airline -----------------------------------------------------------------
    pytest.param(
        lambda: load_airline("passengers"),
        TypeError,
        r"load_airline\(\) takes 0 positional arguments",
        id="load_airline-argument",
    ),
]


@pytest.mark.parametrize("call, error, match", CASES)
def test_bad_input_raises_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_the_table_has_at_least_40_cases():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    "bad_fit",
    [
        lambda model: model.fit(X, np.where(Y > 1, np.nan, Y)),
        lambda model: model.set_params(standardize=False).fit(X, Y * 1e300),
        lambda model: model.fit(X, Y, sample_weight=-np.ones(20)),
        lambda model: model.set_params(warm_start=True).fit(X, np.c_[Y, Y]),
        lambda model: model.partial_fit(X[:, :2], Y),
    ],
    ids=["y-nan", "diverges", "negative-weights", "warm-outputs", "partial-features"],
)
def test_a_rejected_fit_keeps_the_fitted_model(bad_fit):
    model = rnn().fit(X, Y)
    before = model.predict(X)
    with pytest.raises(ValueError):
        bad_fit(model)
    np.testing.assert_array_equal(model.predict(X), before)


# -- the command line: one line on stderr, exit status 2, no traceback -------------

CSV_FILES = {
    "text.csv": "date,value\n2000-01,1\n2000-02,abc\n2000-03,3\n",
    "gap.csv": "date,value\n2000-01,1\n2000-02,\n2000-03,3\n",
    "empty.csv": "",
    "short.csv": "value\n1\n2\n",
}
FAST = ["--max-iter", "1", "--steps", "1", "--quiet"]

CLI_CASES = [
    pytest.param(
        ["forecast", "--window", "0"],
        r"--window: expected 'auto' or an integer >= 1, got 0",
        id="window-zero",
    ),
    pytest.param(
        ["forecast", "--window", "abc"],
        r"--window: expected 'auto' or an integer >= 1, got 'abc'",
        id="window-text",
    ),
    pytest.param(
        ["forecast", "--steps", "-1"],
        r"--steps: expected an integer >= 1, got -1",
        id="steps-negative",
    ),
    pytest.param(
        ["forecast", "--hidden-size", "0"],
        r"--hidden-size: expected an integer >= 1, got 0",
        id="hidden-size-zero",
    ),
    pytest.param(
        ["forecast", "{tmp}/missing.csv"],
        r"cannot read '.*missing\.csv': no such file",
        id="missing-file",
    ),
    pytest.param(["forecast", "{tmp}"], r"cannot read '.*' as CSV", id="directory"),
    pytest.param(
        ["forecast", "{tmp}/text.csv", *FAST],
        r"column 'value' of '.*text\.csv' has a non-numeric value 'abc' on line 3",
        id="text-value",
    ),
    pytest.param(
        ["forecast", "{tmp}/gap.csv", *FAST],
        r"column 'value' of '.*gap\.csv' has a missing value on line 3",
        id="missing-value",
    ),
    pytest.param(
        ["forecast", "{tmp}/empty.csv"],
        r"cannot read '.*empty\.csv' as CSV: the file is empty",
        id="empty-file",
    ),
    pytest.param(
        ["forecast", "{tmp}/short.csv", "--window", "4", *FAST],
        r"series has 2 steps, fewer than differences \+ window \+ horizon = 1 \+ 1 "
        r"\+ 1 = 3",
        id="series-too-short",
    ),
    pytest.param(
        ["forecast", "--bogus"], r"unrecognized arguments: --bogus", id="unknown-option"
    ),
    pytest.param([], r"the following arguments are required: COMMAND", id="no-command"),
    pytest.param(["train"], r"invalid choice: 'train'", id="unknown-command"),
    pytest.param(
        ["forecast", "--random-state", "-1", *FAST],
        r"--random-state: expected an integer >= 0, got -1",
        id="random-state-negative",
    ),
    pytest.param(
        ["forecast", "--column", "nope", *FAST],
        r"--column",
        id="column-without-csv",
    ),
]


@pytest.mark.parametrize("argv, match", CLI_CASES)
def test_cli_bad_input_exits_2_with_one_line(argv, match, tmp_path, capsys):
    for name, text in CSV_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 2
    assert "Traceback" not in err
    message = err.strip().splitlines()[-1]
    assert re.search(match, message), message


@pytest.mark.parametrize("missing", [None, np.nan, np.inf])
def test_object_y_with_a_missing_value_is_refused_before_training(missing):
    # NaN is caught by scikit-learn's own check ("Input contains NaN").
    # y_numeric turns an object y into floats after scikit-learn's finiteness
    # check, so None would become NaN and end as a diverged fit.
    X = np.arange(40.0).reshape(20, 2)
    y = np.array([1.0] * 19 + [missing], dtype=object)
    model = SimpleRNNRegressor(max_iter=2)
    with pytest.raises(ValueError, match=r"contains (NaN|infinity)") as caught:
        model.fit(X, y)
    assert "n_iter_" not in vars(model)
    if missing is None or missing == np.inf:  # ours; scikit-learn's for NaN
        assert str(caught.value) == (
            "Input y contains NaN or infinity (1 values, e.g. None in an object "
            "array); drop or fill them first."
        )
