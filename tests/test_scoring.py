"""Tests of make_forecast_scorer: multi-step forecast scores in model selection."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_absolute_error, mean_squared_error
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit, cross_validate

from sklearn_rnn import SeriesForecaster, make_forecast_scorer
from sklearn_rnn.datasets import load_airline

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _linear(**params):
    return SeriesForecaster(LinearRegression(), **{"window": 3, **params})


@pytest.fixture(scope="module")
def fitted():
    passengers = load_airline()
    return _linear().fit(passengers[:-24]), passengers[-24:]


def test_score_is_the_metric_of_the_first_steps_of_the_test_fold(fitted):
    model, future = fitted
    forecast = model.predict(12)
    scorer = make_forecast_scorer("neg_mean_absolute_error", steps=12)
    expected = -mean_absolute_error(future[:12], forecast)
    assert scorer(model, future) == pytest.approx(expected, rel=1e-12)
    rmse = make_forecast_scorer("neg_root_mean_squared_error", steps=6)
    expected = -np.sqrt(mean_squared_error(future[:6], forecast[:6]))
    assert rmse(model, future) == pytest.approx(expected, rel=1e-12)
    # NumPy test folds are read by position.
    assert scorer(model, future.to_numpy()) == scorer(model, future)


def test_callable_metric_and_its_sign(fitted):
    model, future = fitted
    error = mean_absolute_error(future[:4], model.predict(4))
    loss = make_forecast_scorer(mean_absolute_error, steps=4, greater_is_better=False)
    assert loss(model, future) == pytest.approx(-error)
    score = make_forecast_scorer(mean_absolute_error, steps=4)
    assert score(model, future) == pytest.approx(error)


def test_interval_metrics(fitted):
    model, future = fitted
    bounds = model.predict_interval(12, coverage=0.8).to_numpy()
    truth = future[:12].to_numpy()
    inside = (truth >= bounds[:, 0]) & (truth <= bounds[:, 1])
    coverage = make_forecast_scorer("coverage", steps=12, coverage=0.8)
    assert coverage(model, future) == pytest.approx(inside.mean())
    outside = np.maximum(bounds[:, 0] - truth, 0) + np.maximum(truth - bounds[:, 1], 0)
    interval_score = (bounds[:, 1] - bounds[:, 0]) + 2 / 0.2 * outside
    scorer = make_forecast_scorer("neg_mean_interval_score", steps=12, coverage=0.8)
    assert scorer(model, future) == pytest.approx(-interval_score.mean())


def test_grid_search_with_time_series_split_on_a_raw_series():
    series = load_airline()[:108]
    search = GridSearchCV(
        _linear(seasonal_period=None, calibration_windows=0),
        {"window": [1, 12], "differences": [0, 1]},
        scoring=make_forecast_scorer("neg_mean_absolute_error", steps=12),
        cv=TimeSeriesSplit(n_splits=3, test_size=12),
        error_score="raise",
    ).fit(series)
    scores = search.cv_results_["mean_test_score"]
    assert np.isfinite(scores).all() and (scores < 0).all()
    # Without a seasonal difference, a year of history beats one month.
    assert search.best_params_["window"] == 12
    assert len(search.best_estimator_.predict(3)) == 3


def test_cross_validate_with_several_forecast_scorers():
    series = pd.Series(
        np.sin(np.arange(100) / 3) + np.random.default_rng(0).normal(0, 0.1, 100)
    )
    results = cross_validate(
        _linear(differences=0, transform=None),
        series,
        cv=TimeSeriesSplit(n_splits=2, test_size=8),
        scoring={
            "mae": make_forecast_scorer("neg_mean_absolute_error", steps=8),
            "coverage": make_forecast_scorer("coverage", steps=8),
        },
        error_score="raise",
    )
    assert (results["test_mae"] < 0).all()
    assert ((results["test_coverage"] >= 0) & (results["test_coverage"] <= 1)).all()


def test_several_targets_are_matched_by_name():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"a": rng.normal(size=60).cumsum(), "b": rng.normal(size=60)})
    model = _linear(transform=None).fit(frame[:50])
    scorer = make_forecast_scorer("neg_mean_squared_error", steps=5)
    future = frame[50:]
    assert scorer(model, future[["b", "a"]]) == scorer(model, future)
    with pytest.raises(ValueError, match="has no column 'a'"):
        scorer(model, future.rename(columns={"a": "c"}))


def test_the_scorer_pickles_and_names_itself():
    scorer = make_forecast_scorer("r2", steps=3)
    assert repr(scorer) == "make_forecast_scorer('r2', steps=3)"
    assert repr(pickle.loads(pickle.dumps(scorer))) == repr(scorer)


@pytest.mark.parametrize(
    "metric, kwargs, error, match",
    [
        ("mae", {"steps": 3}, ValueError, "metric='mae' is not a regression scorer"),
        (3, {"steps": 3}, TypeError, "metric must be a scorer name or a callable"),
        ("r2", {"steps": 0}, ValueError, "steps must be an integer >= 1"),
        ("r2", {"steps": 2.0}, TypeError, "steps must be an integer >= 1"),
        ("coverage", {"steps": 2, "coverage": 1.5}, ValueError, "coverage=1.5"),
    ],
)
def test_bad_arguments(metric, kwargs, error, match):
    with pytest.raises(error, match=match):
        make_forecast_scorer(metric, **kwargs)


def test_test_fold_too_short_or_not_following(fitted):
    model, future = fitted
    scorer = make_forecast_scorer("neg_mean_absolute_error", steps=30)
    with pytest.raises(ValueError, match=r"has 24 steps, fewer than steps=30"):
        scorer(model, future)
    later = make_forecast_scorer("neg_mean_absolute_error", steps=3)
    with pytest.raises(ValueError, match="must directly follow the training series"):
        later(model, future[5:])
