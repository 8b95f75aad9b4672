"""make_forecast_scorer: score multi-step forecasts inside scikit-learn's tools.

:class:`~sklearn.model_selection.GridSearchCV` and
:func:`~sklearn.model_selection.cross_validate` call ``scorer(estimator, X_test,
y_test)``. For a :class:`~sklearn_rnn.SeriesForecaster` fitted on the training
fold of a raw series, ``X_test`` is the future series itself and ``y_test`` is
None, so a scorer made from a metric name (which calls ``predict(X_test)`` and
compares it with ``y_test``) cannot work. The scorer here forecasts ``steps``
steps from the end of the training fold and compares them with the first
``steps`` values of the test fold.
"""

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.metrics import get_scorer, get_scorer_names

from ._conformal import check_levels
from ._series import MAX_STEPS, SeriesData, check_positive_int

__all__ = ["make_forecast_scorer"]

#: Interval metrics, computed from ``predict_interval(steps, coverage=...)``.
INTERVAL_METRICS = ("coverage", "neg_mean_interval_score")


def make_forecast_scorer(metric, *, steps, coverage=0.9, greater_is_better=True):
    """Make a scorer of ``steps``-ahead forecasts for model selection on a series.

    The scorer, called as ``scorer(forecaster, X_test, y_test=None)`` by
    :class:`~sklearn.model_selection.GridSearchCV`,
    :func:`~sklearn.model_selection.cross_validate` and the like, forecasts
    ``forecaster.predict(steps)`` from the end of the series the forecaster was
    fitted on (the training fold) and scores it against the first ``steps``
    values of ``X_test`` (the test fold that follows it, as
    :class:`~sklearn.model_selection.TimeSeriesSplit` gives). Greater is better,
    as for every scikit-learn scorer.

    Parameters
    ----------
    metric : str or callable
        A scikit-learn regression scorer name (``"neg_mean_absolute_error"``,
        ``"neg_root_mean_squared_error"``, ``"r2"``, ... any name of
        :func:`sklearn.metrics.get_scorer_names` that scores a regressor's
        ``predict``), an interval metric, or a callable
        ``metric(y_true, y_pred) -> float`` such as
        :func:`~sklearn.metrics.mean_absolute_error`. Interval metrics use
        ``forecaster.predict_interval(steps, coverage=coverage)``:

        - ``"coverage"``: the fraction of the ``steps`` values inside their
          interval (to report, e.g. in ``cross_validate``; not to maximise);
        - ``"neg_mean_interval_score"``: minus the mean interval score
          ``(upper - lower) + 2 / a * (distance outside the interval)``, with
          ``a = 1 - coverage`` (Gneiting and Raftery, 2007; M4's MSIS before
          scaling): a proper score that rewards narrow intervals that hold.
    steps : int
        Forecast horizon, at least 1. Every test fold must have at least
        ``steps`` values (e.g. ``TimeSeriesSplit(test_size=steps)``).
    coverage : float, default=0.9
        Nominal coverage in (0, 1) of the intervals of the interval metrics.
    greater_is_better : bool, default=True
        For a callable ``metric`` only, as in :func:`~sklearn.metrics.make_scorer`:
        False for an error (the scorer returns its negative).

    Returns
    -------
    scorer : callable
        ``scorer(forecaster, X_test, y_test=None) -> float``.

    See Also
    --------
    SeriesForecaster.score : One-step-ahead R^2, the default score.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
    >>> from sklearn_rnn import SeriesForecaster, make_forecast_scorer
    >>> rng = np.random.default_rng(0)
    >>> series = np.sin(np.arange(120) / 3) + rng.normal(0, 0.1, 120)
    >>> search = GridSearchCV(
    ...     SeriesForecaster(LinearRegression(), differences=0),
    ...     {"window": [2, 8]},
    ...     scoring=make_forecast_scorer("neg_mean_absolute_error", steps=6),
    ...     cv=TimeSeriesSplit(n_splits=3, test_size=6),
    ... ).fit(series)
    >>> search.best_params_
    {'window': 8}
    """
    steps = check_positive_int(steps, "steps", maximum=MAX_STEPS)
    (coverage,), _ = check_levels(coverage, "coverage")
    if callable(metric):
        return _ForecastScorer(metric, steps, coverage, 1 if greater_is_better else -1)
    if not isinstance(metric, str):
        raise TypeError(
            f"metric must be a scorer name or a callable metric(y_true, y_pred), "
            f"got {metric!r} of type {type(metric).__name__}."
        )
    if metric not in INTERVAL_METRICS and metric not in _regression_scorer_names():
        raise ValueError(
            f"metric={metric!r} is not a regression scorer name nor an interval "
            f"metric; use one of {list(INTERVAL_METRICS)} or of "
            "sklearn.metrics.get_scorer_names() that score a regressor, such as "
            "'neg_mean_absolute_error', or a callable."
        )
    return _ForecastScorer(metric, steps, coverage, 1)


def _regression_scorer_names():
    """scikit-learn's scorer names that score ``predict`` of a regressor."""
    names = []
    for name in get_scorer_names():
        scorer = get_scorer(name)
        if getattr(scorer, "_response_method", "predict") == "predict":
            names.append(name)
    return names


class _ForecastScorer:
    """The scorer make_forecast_scorer returns (a class, so it pickles for
    ``n_jobs``)."""

    def __init__(self, metric, steps, coverage, sign):
        self.metric = metric
        self.steps = steps
        self.coverage = coverage
        self.sign = sign

    def __repr__(self):
        name = getattr(self.metric, "__name__", self.metric)
        return f"make_forecast_scorer({name!r}, steps={self.steps})"

    def __call__(self, estimator, X, y=None):
        forecast = estimator.predict(self.steps)
        y_true = self._truth(estimator, X, forecast)
        if self.metric in INTERVAL_METRICS:
            return self._interval_score(estimator, y_true)
        y_pred = np.asarray(forecast, dtype=np.float64)
        if callable(self.metric):
            return self.sign * float(self.metric(y_true, y_pred))
        return float(get_scorer(self.metric)(_Forecast(y_pred), None, y_true))

    def _truth(self, estimator, X, forecast):
        """The first ``steps`` values of the test fold's target variables (by
        name when both it and the forecast are DataFrames), shaped like the
        forecast."""
        data = SeriesData(X)
        if data.n_steps < self.steps:
            raise ValueError(
                f"the test series has {data.n_steps} steps, fewer than steps="
                f"{self.steps} to score the forecast on. Use test folds of at "
                f"least {self.steps} steps, e.g. TimeSeriesSplit(test_size="
                f"{self.steps})."
            )
        _check_follows(data.index, forecast)
        if isinstance(X, pd.DataFrame) and isinstance(forecast, pd.DataFrame):
            missing = [label for label in forecast.columns if label not in X.columns]
            if missing:
                raise ValueError(
                    f"the test series has no column {missing[0]!r}; it must have "
                    "the variables the forecaster was fitted on."
                )
            values = X[list(forecast.columns)].to_numpy(dtype=np.float64)
        else:
            values = data.values[:, estimator.target_columns_]
        values = values[: self.steps]
        return values.reshape(np.shape(forecast))

    def _interval_score(self, estimator, y_true):
        """Coverage or minus the mean interval score of predict_interval."""
        bounds = estimator.predict_interval(self.steps, coverage=self.coverage)
        bounds = np.asarray(bounds, dtype=np.float64).reshape(len(y_true), -1, 2)
        truth = np.reshape(y_true, (len(y_true), -1))
        lower, upper = bounds[..., 0], bounds[..., 1]
        if self.metric == "coverage":
            return float(np.mean((truth >= lower) & (truth <= upper)))
        outside = np.maximum(lower - truth, 0) + np.maximum(truth - upper, 0)
        scores = (upper - lower) + 2 / (1 - self.coverage) * outside
        return -float(np.mean(scores))


def _check_follows(index, forecast):
    """Refuse a dated test fold that does not start where the forecast does."""
    dated = isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex))
    if not dated or not isinstance(forecast, (pd.Series, pd.DataFrame)):
        return
    if type(forecast.index) is type(index) and index[0] != forecast.index[0]:
        raise ValueError(
            f"the test series must directly follow the training series: it "
            f"starts at {index[0]}, but the forecast starts at "
            f"{forecast.index[0]}."
        )


class _Forecast(RegressorMixin, BaseEstimator):
    """A fitted-looking regressor whose predict returns a given forecast, so
    that a scikit-learn scorer applies its metric and sign to it."""

    def __init__(self, forecast):
        self.forecast = forecast

    def predict(self, X):
        return self.forecast
