"""Forecasting accuracy on the airline series: SeriesForecaster against baselines.

The last 24 months of ``load_airline()`` are held out; every model is fitted on the
first 120 months only. Two errors on the holdout, as RMSE (thousands of passengers)
and MAPE (%):

- one-step: each month predicted from the true months before it;
- 24-step: all 24 months forecast from the end of the training part, feeding the
  model's own predictions back in (recursive).

Models: naive (last value), seasonal naive (same month last year),
``MLPRegressor`` and ``SimpleRNNRegressor`` on the raw levels (12-month windows from
``make_windows``, inputs and target standardised, as a user would), and
``SeriesForecaster`` with its defaults and tuned by a small ``GridSearchCV`` with
``TimeSeriesSplit`` on the training part (scored by its one-step ``score``, or by
the error of a 12-step recursive forecast). Models with randomness are run with
several seeds and reported as mean ± standard deviation.

Run::

    python benchmarks/bench_forecast.py [--seeds 5]
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import SeriesForecaster, SimpleRNNRegressor, forecast, make_windows
from sklearn_rnn.datasets import load_airline

HOLDOUT = 24
WINDOW = 12  # windows of the raw-level baselines
GRID = {
    "window": [12, 24],
    "differences": [0, 1],
    "regressor__hidden_size": [8, 32],
}


def errors(predicted, true):
    """RMSE and MAPE (%) of a forecast."""
    predicted, true = np.asarray(predicted, float), np.asarray(true, float)
    rmse = float(np.sqrt(np.mean((predicted - true) ** 2)))
    mape = float(100 * np.mean(np.abs(predicted / true - 1)))
    return rmse, mape


def baselines(train, test):
    """Naive and seasonal naive: (one-step, 24-step) forecasts."""
    series = np.concatenate([train, test])
    n_train = len(train)
    naive_one = series[n_train - 1 : -1]
    naive_multi = np.repeat(train[-1], len(test))
    seasonal_one = series[n_train - 12 : -12]
    seasonal_multi = np.resize(train[-12:], len(test))
    return {
        "naive": (naive_one, naive_multi),
        "seasonal naive (12)": (seasonal_one, seasonal_multi),
    }


def on_levels(regressor, train, test):
    """A regressor on 12-month windows of the raw levels, inputs and target
    standardised: (one-step, 24-step) forecasts."""
    model = TransformedTargetRegressor(
        make_pipeline(StandardScaler(), regressor), transformer=StandardScaler()
    )
    model.fit(*make_windows(train, WINDOW))
    # One window per holdout month: the 12 true months before it.
    windows, _ = make_windows(np.concatenate([train[-WINDOW:], test]), WINDOW)
    return model.predict(windows), forecast(model, train, len(test))


def multi_step_score(estimator, X, y=None):
    """GridSearchCV scoring: minus the RMSE of the recursive forecast of the whole
    test block (instead of SeriesForecaster.score, the one-step R^2)."""
    true = np.asarray(X, dtype=float)
    return -float(np.sqrt(np.mean((estimator.predict(len(true)) - true) ** 2)))


def series_forecaster(model, train, test):
    """A fitted SeriesForecaster's (one-step, 24-step) forecasts."""
    return model.predict_one_step(test), model.predict(len(test))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="random states to run")
    seeds = range(parser.parse_args().seeds)
    warnings.filterwarnings("ignore", category=ConvergenceWarning)

    passengers = load_airline()
    train, test = passengers[:-HOLDOUT], passengers[-HOLDOUT:]
    train_values, test_values = train.to_numpy(), test.to_numpy()

    results = {}  # model -> list over seeds of (rmse1, mape1, rmse24, mape24)
    seconds = {}

    def record(name, one_step, multi_step, elapsed):
        row = errors(one_step, test_values) + errors(multi_step, test_values)
        results.setdefault(name, []).append(row)
        seconds.setdefault(name, []).append(elapsed)

    for name, (one, multi) in baselines(train_values, test_values).items():
        record(name, one, multi, 0.0)
    chosen = {}  # grid search -> best_params_ per seed
    for seed in seeds:
        models = {
            "MLPRegressor, raw levels": lambda seed=seed: on_levels(
                MLPRegressor(max_iter=2000, random_state=seed),
                train_values,
                test_values,
            ),
            "SimpleRNNRegressor, raw levels": lambda seed=seed: on_levels(
                SimpleRNNRegressor(max_iter=500, random_state=seed),
                train_values,
                test_values,
            ),
            "SeriesForecaster, defaults": lambda seed=seed: series_forecaster(
                SeriesForecaster().set_params(regressor__random_state=seed).fit(train),
                train,
                test,
            ),
        }
        for name, run in models.items():
            start = time.perf_counter()
            one, multi = run()
            record(name, one, multi, time.perf_counter() - start)

        for label, scoring in (
            ("one-step R^2", None),
            ("12-step RMSE", multi_step_score),
        ):
            start = time.perf_counter()
            search = GridSearchCV(
                SeriesForecaster().set_params(regressor__random_state=seed),
                GRID,
                scoring=scoring,
                cv=TimeSeriesSplit(n_splits=3, test_size=12),
            ).fit(train)
            one, multi = series_forecaster(search.best_estimator_, train, test)
            name = f"SeriesForecaster, GridSearchCV on {label}"
            record(name, one, multi, time.perf_counter() - start)
            chosen.setdefault(name, []).append(search.best_params_)

    print(
        f"Airline passengers: fit on {len(train)} months, "
        f"holdout {HOLDOUT} months ({test.index[0]} to {test.index[-1]}); "
        f"{len(seeds)} seeds, mean ± std.\n"
    )
    header = (
        "| model | one-step RMSE | one-step MAPE % | 24-step RMSE | 24-step MAPE % "
        "| fit + forecast, s |"
    )
    print(header)
    print("|" + "---|" * 6)
    for name, rows in results.items():
        rows = np.array(rows)
        cells = [
            f"{mean:.1f} ± {std:.1f}"
            for mean, std in zip(rows.mean(axis=0), rows.std(axis=0))
        ]
        print(f"| {name} | " + " | ".join(cells) + f" | {np.mean(seconds[name]):.2f} |")
    print(
        f"\nGridSearchCV grid: {GRID}, cv=TimeSeriesSplit(n_splits=3, test_size=12) "
        "on the 120 training months, scored by SeriesForecaster.score (one-step "
        "R^2) or by minus the RMSE of the 12-step recursive forecast of each test "
        "block."
    )
    for name, params in chosen.items():
        print(f"{name}, chosen per seed: {params}")


if __name__ == "__main__":
    main()
