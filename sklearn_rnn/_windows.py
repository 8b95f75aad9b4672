"""From a series to windows and back: make_windows and the recursive forecast.

``make_windows`` turns a series into the rows ``X`` (each row the ``window`` values
that precede a target, oldest step first, flattened time-major) and the targets ``y``
that :class:`~sklearn_rnn.SimpleRNNRegressor` (or any regressor) learns from.
``forecast`` runs a regressor fitted on such windows forward, feeding its own
predictions back in, for as many steps as asked; ``forecast_windows`` does the same
for several independent windows at once (one ``predict`` per step for all).
"""

import copy
import math
import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.base import BaseEstimator
from sklearn.compose import TransformedTargetRegressor
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from ._series import MAX_STEPS, SeriesData, check_positive_int, like_series

__all__ = ["forecast", "forecast_windows", "make_windows"]


def make_windows(series, window, *, horizon=1, target=None):
    """Turn a series into windows ``X`` and the targets ``y`` that follow them.

    Row ``i`` of ``X`` holds the ``window`` consecutive values of the series that end
    just before target step ``i``, oldest first. With several variables the row is
    flattened time-major (for each lag, every variable), so a
    :class:`~sklearn_rnn.SimpleRNNRegressor` reads it with ``input_size`` equal to the
    number of variables. A series of length ``n`` gives ``n - window - horizon + 1``
    rows.

    Parameters
    ----------
    series : array-like of shape (n_steps,) or (n_steps, n_variables), \
pandas Series or DataFrame
        The series, oldest value first: 1-D (or a Series) for one variable, 2-D (or
        a DataFrame) with one column per variable. Values must be numeric and
        finite; a date, period or duration index strictly increasing.
    window : int
        Number of past steps in each row of ``X``, at least 1.
    horizon : int, default=1
        Number of future steps in each target row, at least 1: 1 for the next step,
        ``k > 1`` for the next ``k`` steps (direct multi-step forecasting).
    target : label, list of labels or None, default=None
        The variable(s) to predict: column labels of a DataFrame (column positions
        for a 2-D array). A single label gives one target variable, a list gives
        one column per variable. None predicts every variable.

    Returns
    -------
    X : ndarray or DataFrame of shape (n_rows, window * n_variables)
        The windows. For NumPy input a read-only view of ``series`` where NumPy
        allows it (one variable), else a copy. For pandas input a DataFrame with
        columns ``{variable}_t-{lag}``, from ``t-{window}`` (oldest) to ``t-1``;
        the variable is the column label, or ``x0`` for a Series without a name.
    y : ndarray, Series or DataFrame of shape (n_rows,) or (n_rows, n_targets)
        The targets. 1-D when ``horizon=1`` and there is one target variable given
        by a 1-D series or a single ``target`` label; else 2-D with the columns
        time-major (for each step, every target variable). For pandas input a
        Series named like the target column, or a DataFrame with the target
        columns' labels (``horizon=1``: the rows of ``series[target]`` that are
        targets) or ``{variable}_t+{step}`` for steps 1 to ``horizon``.

        For pandas input ``X`` and ``y`` are indexed by the series' index at the
        (first) target step of each row.

    Raises
    ------
    TypeError
        If ``window`` or ``horizon`` is not an integer, or ``series`` is not
        numeric.
    ValueError
        If ``window`` or ``horizon`` is below 1, ``series`` is not 1-D or 2-D, has
        NaN or infinite values or fewer than ``window + horizon`` steps, or
        ``target`` names no variable of ``series``.

    See Also
    --------
    forecast : Recursive multi-step forecast from a regressor fitted on the windows.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import make_windows
    >>> X, y = make_windows(np.arange(6.0), window=3)
    >>> X
    array([[0., 1., 2.],
           [1., 2., 3.],
           [2., 3., 4.]])
    >>> y
    array([3., 4., 5.])

    pandas in, pandas out, indexed by the time of the target:

    >>> from sklearn_rnn.datasets import load_airline
    >>> X, y = make_windows(load_airline(), window=3)
    >>> X.head(2)
             passengers_t-3  passengers_t-2  passengers_t-1
    month
    1949-04           112.0           118.0           132.0
    1949-05           118.0           132.0           129.0
    >>> y.head(2)
    month
    1949-04    129.0
    1949-05    121.0
    Freq: M, Name: passengers, dtype: float64

    The next two steps of one variable of a DataFrame:

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "b": [10.0, 20, 30, 40, 50]})
    >>> X, y = make_windows(frame, window=2, horizon=2, target="a")
    >>> X
       a_t-2  b_t-2  a_t-1  b_t-1
    2    1.0   10.0    2.0   20.0
    3    2.0   20.0    3.0   30.0
    >>> y
       a_t+1  a_t+2
    2    3.0    4.0
    3    4.0    5.0
    """
    window = check_positive_int(window, "window")
    horizon = check_positive_int(horizon, "horizon")
    data = SeriesData(series)
    if data.n_steps < window + horizon:
        raise ValueError(
            f"series has {data.n_steps} steps, fewer than window + horizon = "
            f"{window} + {horizon} = {window + horizon}; make_windows needs at least "
            "that many to build one row. Use a longer series or a smaller window or "
            "horizon."
        )
    columns, single_target = data.target_columns(target)
    n_rows = data.n_steps - window - horizon + 1
    values = data.values
    # (rows, variables, window) view -> (rows, window, variables): time-major rows.
    X = sliding_window_view(values[: n_rows + window - 1], window, axis=0)
    X = X.transpose(0, 2, 1).reshape(n_rows, window * data.n_variables)
    targets = values[window:, columns]
    if horizon == 1:
        y = targets[:n_rows]
    else:
        y = sliding_window_view(targets, horizon, axis=0)
        y = y.transpose(0, 2, 1).reshape(n_rows, horizon * len(columns))
    if single_target and horizon == 1:
        y = y[:, 0]
    if data.index is None:
        return X, y

    index = data.index[window : window + n_rows]
    X = pd.DataFrame(
        X,
        index=index,
        columns=_window_names(data.names, window),
    )
    if horizon == 1:
        y_columns = [data.labels[column] for column in columns]
    else:
        y_columns = [
            f"{data.names[column]}_t+{step}"
            for step in range(1, horizon + 1)
            for column in columns
        ]
    return X, like_series(y, index, y_columns, squeeze=False)


def forecast(estimator, series, steps, *, horizon=None):
    """Forecast the next ``steps`` values of a series by recursion.

    The estimator predicts from the last window of ``series``; its prediction is
    appended to the series and becomes part of the next window, and so on. The
    window length is read from the fitted estimator: ``n_features_in_`` divided by
    the number of variables of ``series``. An estimator trained with
    ``make_windows(..., horizon=k)`` predicts ``k`` steps per call and advances by
    ``k``; the result is cut to ``steps``.

    Parameters
    ----------
    estimator : fitted regressor
        Any scikit-learn regressor (a :class:`~sklearn_rnn.SimpleRNNRegressor`, a
        :class:`~sklearn.pipeline.Pipeline` or a
        :class:`~sklearn.compose.TransformedTargetRegressor` wrapping one, ...)
        fitted on ``make_windows`` output of a series like ``series``, on the same
        scale. For several variables every variable must be a target
        (``make_windows(..., target=None)``), as the forecast of every variable is
        needed to build the next window.
    series : array-like of shape (n_steps,) or (n_steps, n_variables), \
pandas Series or DataFrame
        The history to forecast from; only its last window is used. When the
        estimator was fitted on ``make_windows`` output of a DataFrame, the
        columns of a DataFrame ``series`` are matched by name (in any order;
        other variables are an error); NumPy input is read by position.
    steps : int
        Number of future steps to forecast, at least 1.
    horizon : int, default=None
        The ``horizon`` the estimator was trained with. None reads it from the
        number of outputs for one variable, and takes 1 for several variables
        (one output per variable; more is an error that asks for ``horizon``).
        Give it for several variables: a model fitted with ``horizon=2`` on one
        of two variables also predicts two values per window, which only
        ``horizon=2`` reveals as not being one step of both variables.

    Returns
    -------
    y_forecast : ndarray, Series or DataFrame of shape (steps,) or \
(steps, n_variables)
        The forecast, the same kind and width as ``series``. A pandas result is
        named like ``series`` and indexed by the next ``steps`` periods when the
        index is a DatetimeIndex or PeriodIndex with a frequency (given or
        inferable); otherwise by a RangeIndex that continues the series' RangeIndex
        (or its positions).

    Raises
    ------
    TypeError
        If ``steps`` is not an integer, ``estimator`` has no ``n_features_in_``,
        ``series`` is not numeric, or ``estimator.predict`` returns something
        other than numbers.
    ValueError
        If ``steps`` is below 1, ``series`` is shorter than the window or has NaN
        values, its columns are not the variables the estimator was fitted on,
        or the estimator's features or predictions do not match the series'
        number of variables (or are not finite).

    See Also
    --------
    make_windows : The windows the estimator must have been trained on.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn_rnn import forecast, make_windows
    >>> series = np.arange(10.0)
    >>> model = LinearRegression().fit(*make_windows(series, window=3))
    >>> forecast(model, series, steps=3).round(6)
    array([10., 11., 12.])

    A pandas series with a monthly index gets the next months:

    >>> import pandas as pd
    >>> series = pd.Series(series, pd.period_range("2000-01", periods=10, freq="M"))
    >>> model = LinearRegression().fit(*make_windows(series, window=3))
    >>> forecast(model, series, steps=2).round(6)
    2000-11    10.0
    2000-12    11.0
    Freq: M, dtype: float64
    """
    steps = check_positive_int(steps, "steps", maximum=MAX_STEPS)
    if horizon is not None:
        horizon = check_positive_int(horizon, "horizon")
    if isinstance(estimator, BaseEstimator):
        check_is_fitted(estimator)
    elif not hasattr(estimator, "predict"):
        raise TypeError(
            f"{estimator!r} is not an estimator: forecast needs a fitted regressor "
            "with a predict method."
        )
    # Other (duck-typed) regressors: n_features_in_ decides, as scikit-learn's own
    # fitted check has changed for them between releases.
    n_features = getattr(estimator, "n_features_in_", None)
    if n_features is None:
        raise TypeError(
            f"estimator {type(estimator).__name__} has no n_features_in_, so the "
            "window length cannot be read from it. Pass a scikit-learn regressor "
            "fitted on make_windows output."
        )
    if isinstance(n_features, bool) or not isinstance(n_features, Integral):
        raise TypeError(
            f"estimator {type(estimator).__name__} has n_features_in_="
            f"{n_features!r}, not an integer; the window length cannot be read "
            "from it."
        )
    if n_features < 1:
        raise ValueError(
            f"estimator {type(estimator).__name__} has n_features_in_={n_features}:"
            " a window of at least one step is needed to forecast from. Fit it on "
            "make_windows output."
        )
    data = SeriesData(series)
    index = data.forecast_index(steps)  # past pandas' last date fails before work
    n_variables = data.n_variables
    if n_features % n_variables:
        raise ValueError(
            f"estimator was fitted on n_features_in_={n_features} features, which "
            f"the series' {n_variables} variables do not divide; forecast a series "
            "with the variables the estimator was trained on."
        )
    window = n_features // n_variables
    if data.n_steps < window:
        raise ValueError(
            f"series has {data.n_steps} steps, fewer than the estimator's window "
            f"of {window} (n_features_in_={n_features} / {n_variables} "
            f"variable{'s' if n_variables > 1 else ''}); give at least {window}."
        )
    names = _feature_names(estimator)
    order = _variable_order(names, data, window)
    last_window = data.values[-window:]
    if order is not None:  # the estimator's variable order
        last_window = last_window[:, order]
    recursion = _Recursion(estimator, last_window[None], horizon, names)
    values = recursion.run(steps)[0]
    if order is not None:  # back to the series' own order
        values = values[:, np.argsort(order)]
    return data.wrap_forecast(values, index)


def forecast_windows(estimator, last_windows, steps, *, horizon=None):
    """Recursive forecasts from several independent last windows at once, one
    ``predict`` call per step for all of them (SeriesForecaster's calibration
    forecasts from every origin this way): ``last_windows`` of shape
    (n_series, window, n_variables) gives (n_series, steps, n_variables)."""
    return _Recursion(estimator, last_windows, horizon).run(steps)


def _variable_order(names, data, window):
    """Positions of the series' variables in the order the estimator was fitted
    on (None: already in order, or nothing to match by), read from
    make_windows' ``{variable}_t-{lag}`` feature names; a series whose columns
    are other variables is refused."""
    if names is None or data.index is None or data.n_variables == 1:
        return None
    names = [str(name) for name in names]
    if names == _window_names(data.names, window):
        return None
    last_step = names[-data.n_variables :]
    if not all(name.endswith("_t-1") for name in last_step):
        return None  # not make_windows' names: the columns are read by position
    fitted = [name[: -len("_t-1")] for name in last_step]
    if sorted(fitted) != sorted(data.names) or _window_names(fitted, window) != names:
        raise ValueError(
            f"series has columns {data.labels}, but the estimator was fitted on "
            f"windows of {fitted}; forecast a series with the variables it was "
            "trained on."
        )
    return [data.names.index(name) for name in fitted]


def _window_names(variables, window):
    """make_windows' column names for these variables."""
    return [f"{name}_t-{lag}" for lag in range(window, 0, -1) for name in variables]


class _Recursion:
    """The predict loop of forecast: one buffer for the whole path, one predict
    per step. An estimator fitted with feature names sees the first window as a
    DataFrame labelled with the series' columns, so scikit-learn checks them once;
    the later windows go as plain arrays to a copy of the estimator without feature
    names when that copy gives the same first prediction (no pandas object and no
    name check inside the loop), else as a DataFrame that views the buffer."""

    def __init__(self, estimator, last_windows, horizon=None, names=None):
        self.estimator = estimator
        self.horizon = horizon
        self.n_series, self.window, self.n_variables = last_windows.shape
        self.last_windows = last_windows
        self.row = np.empty((self.n_series, self.window * self.n_variables))
        self.n_predicted = 0  # steps forecast so far, for error messages
        self.checked_shape = None  # the prediction shape _check_shape accepted
        self.names = None
        if names is not None and len(names) == self.row.shape[1]:
            self.names = names
        self.X = self.row  # what the loop passes to predict_with

    def run(self, steps):
        """The forecast of ``steps`` steps, shape (n_series, steps, n_variables)."""
        self.row[:] = self.last_windows.reshape(self.n_series, -1)
        first = self._rows(self.estimator.predict(self._named_row()))
        self.n_predicted = first.shape[1]
        self.predict_with = self._loop_estimator(first)
        per_call = first.shape[1]  # the estimator's horizon
        n_calls = math.ceil(steps / per_call)
        path = np.empty(
            (self.n_series, self.window + n_calls * per_call, self.n_variables)
        )
        path[:, : self.window] = self.last_windows
        path[:, self.window : self.window + per_call] = first
        for call in range(1, n_calls):
            start = call * per_call  # path[:, start : start + window]: the windows
            end = start + self.window
            self.row[:] = path[:, start:end].reshape(self.n_series, -1)
            path[:, end : end + per_call] = self._rows(self.predict_with(self.X))
            self.n_predicted += per_call
        return path[:, self.window : self.window + steps]

    def _named_row(self):
        """The row buffer as a DataFrame with the feature names, if any."""
        if self.names is None:
            return self.row
        return pd.DataFrame(self.row.copy(), columns=self.names)

    def _loop_estimator(self, first):
        """The predict function of the loop (see the class docstring)."""
        if self.names is None:
            return self.estimator.predict
        plain = _without_feature_names(self.estimator)
        if plain is not None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    same = np.array_equal(self._rows(plain.predict(self.row)), first)
            except Exception:  # e.g. a column selector that needs names
                same = False
            if same:
                return plain.predict
        frame = pd.DataFrame(self.row, columns=self.names, copy=False)
        if np.shares_memory(frame.to_numpy(), self.row):
            self.X = frame  # a view: writing the row buffer updates it
            return self.estimator.predict
        return lambda row: self.estimator.predict(self._named_row())

    def _rows(self, prediction):
        """A prediction for the windows as (n_series, steps, n_variables), or a
        clear error. A float64 array of the shape already checked only needs
        the finiteness check (this runs once per forecast step)."""
        known = (
            type(prediction) is np.ndarray
            and prediction.dtype == np.float64
            and prediction.shape == self.checked_shape
        )
        if not known:
            prediction = _as_numbers(prediction)
            self._check_shape(prediction.shape)
            self.checked_shape = prediction.shape
        if not np.isfinite(prediction).all():
            raise ValueError(
                f"estimator.predict returned NaN or infinite values at forecast step "
                f"{self.n_predicted + 1}; the estimator cannot forecast from this "
                "series (check that it was trained on windows of the same scale)."
            )
        return prediction.reshape(self.n_series, -1, self.n_variables)

    def _check_shape(self, shape):
        """One row per window, with whole steps of the variables."""
        if len(shape) not in (1, 2) or shape[0] != self.n_series or 0 in shape:
            raise ValueError(
                f"estimator.predict returned shape {shape} for {self.n_series} "
                f"window(s); expected ({self.n_series},) or ({self.n_series}, "
                "n_outputs)."
            )
        self._check_outputs(math.prod(shape) // self.n_series)

    def _check_outputs(self, n_outputs):
        """The number of outputs must be whole steps of every variable."""
        if n_outputs % self.n_variables:
            raise ValueError(
                f"estimator predicts {n_outputs} value(s) per window but the series "
                f"has {self.n_variables} variables. A recursive forecast feeds every "
                "variable back into the next window, so every variable must be a "
                "target: fit on make_windows(series, window, target=None)."
            )
        if self.horizon is not None and n_outputs != self.horizon * self.n_variables:
            raise ValueError(
                f"estimator predicts {n_outputs} value(s) per window, not horizon="
                f"{self.horizon} steps of the series' {self.n_variables} variables "
                f"({self.horizon * self.n_variables}); pass the horizon the estimator "
                "was trained with, and make every variable a target."
            )
        if self.horizon is None and 1 < self.n_variables < n_outputs:
            raise ValueError(
                f"estimator predicts {n_outputs} values per window for a series of "
                f"{self.n_variables} variables: {n_outputs // self.n_variables} steps "
                "of every variable, or more steps of only some of them? Pass "
                "horizon= (the one given to make_windows) to say which."
            )


def _as_numbers(prediction):
    """``estimator.predict``'s result as a float array, or a TypeError.

    An object array of real numbers (what some wrappers return) is read as
    floats, as scikit-learn's metrics read it; text, even text of a number, is
    refused rather than parsed."""
    values = None if prediction is None else np.asarray(prediction)
    if values is not None and values.dtype.kind == "O":
        if all(isinstance(value, Real) for value in values.flat):
            values = values.astype(np.float64)
    if values is None or values.dtype.kind not in "biuf":
        raise TypeError(
            "estimator.predict must return numbers, got "
            f"{type(prediction).__name__} {prediction!r:.80}; forecast needs a "
            "regressor whose predict returns an array of shape (n_windows,) or "
            "(n_windows, n_outputs)."
        )
    return values.astype(np.float64, copy=False)


def _without_feature_names(estimator):
    """A shallow copy of a fitted estimator that predicts from plain arrays
    without feature-name checks (None when it holds estimators this does not
    know how to copy); forecast checks it gives the same first prediction."""
    if isinstance(estimator, Pipeline):
        steps = []
        for name, step in estimator.steps:
            plain = (
                step if step in (None, "passthrough") else _without_feature_names(step)
            )
            if plain is None:
                return None
            steps.append((name, plain))
        copied = copy.copy(estimator)
        copied.steps = steps
        return copied
    copied = copy.copy(estimator)
    if isinstance(estimator, TransformedTargetRegressor):
        copied.regressor_ = _without_feature_names(estimator.regressor_)
        if copied.regressor_ is None:
            return None
    elif any(hasattr(estimator, name) for name in _SUB_ESTIMATORS):
        return None
    vars(copied).pop("feature_names_in_", None)
    return copied


#: Fitted attributes that hold other estimators (meta-estimators, column
#: selectors): their feature names are not ours to drop.
_SUB_ESTIMATORS = ("estimator_", "best_estimator_", "estimators_", "transformers_")


def _feature_names(estimator):
    """Column names the estimator was fitted with, looking inside a
    TransformedTargetRegressor (which does not expose them itself)."""
    names = getattr(estimator, "feature_names_in_", None)
    if names is None and hasattr(estimator, "regressor_"):
        names = getattr(estimator.regressor_, "feature_names_in_", None)
    return names
