"""When SeriesForecaster treats a series as seasonal: rolling-origin validation.

The rule decides whether the smoothing half of the default model (Holt-Winters
and Theta) seasonally adjusts a series, and whether the network's input gets a
seasonal difference. Candidates:

- ``strength 0.64`` (shipped before): a classical decomposition's seasonal
  strength above 0.64 (forecast::nsdiffs' default) for both;
- ``acf test for smoothing``: the smoothing adjusts when M4's seasonality test
  passes (the autocorrelation at lag ``m`` beyond its 90% limit, ``1.645 *
  sqrt((1 + 2 * sum of the squared autocorrelations at lags 1 .. m - 1) /
  n)``, the test of M4's Theta and exponential-smoothing benchmarks); the
  seasonal difference keeps the strength rule;
- ``acf test for both``: the test also decides the seasonal difference.

As in ``tune_intervals.py``, the last ``h`` values of every series (the holdout
``bench_forecast.py`` scores) are dropped first and never read; inside what is
left, ``SeriesForecaster(random_state=seed)`` is fitted before each of
``--origins`` origins (the end minus ``h``, ``h + h // 2``, ...; fit parts under
12 steps skipped) and scored on the ``h`` values after it: OWA against seasonal
naive, 80% / 95% coverage and MSIS, pooled over the folds, with AutoETS on the
same folds. The folds are the training parts of the dev set and, reported
apart, of the test set (``bench_forecast.TEST_SET``; its holdouts are not read
either).

Run::

    python benchmarks/tune_seasonality.py [--seeds 2] [--origins 5] [--cache FILE]
"""

import argparse
import contextlib
import warnings

import numpy as np
from bench_forecast import (
    STAT_MODELS,
    TEST_SET,
    ResultCache,
    load_dev_set,
    mase_scale,
    msis,
    seasonal_naive,
    smape,
    statsforecast_model,
    warm_up_statsforecast,
)
from measured_rules import seasonality_test
from tune_intervals import validation_folds

from sklearn_rnn import SeriesForecaster, _forecaster, _smoothing
from sklearn_rnn._transform_choice import seasonal_indices

CANDIDATES = ("strength 0.64", "acf test for smoothing", "acf test for both")


def _acf_indices(values, period):
    """seasonal_indices with the strength replaced by the test's verdict (1 or
    0), so that the library's 0.64 threshold applies the test."""
    indices, _ = seasonal_indices(values, period)
    return indices, float(seasonality_test(values, period))


def _acf_strength(values, period):
    return _acf_indices(values, period)[1]


@contextlib.contextmanager
def seasonal_rule(name):
    """Run SeriesForecaster with the candidate's rule in place: the names the
    smoothing model and the seasonal-difference rule read are swapped."""
    saved = _smoothing.seasonal_indices, _forecaster.seasonal_strength
    if name != "strength 0.64":
        _smoothing.seasonal_indices = _acf_indices
    if name == "acf test for both":
        _forecaster.seasonal_strength = _acf_strength
    try:
        yield
    finally:
        _smoothing.seasonal_indices, _forecaster.seasonal_strength = saved


def score_fold(model, fit_part, true, period):
    """sMAPE, MASE, 80% / 95% coverage and MSIS of one forecast."""
    h = len(true)
    scale = mase_scale(fit_part, period)
    mean = np.asarray(model.predict(h), dtype=np.float64)
    bounds = model.predict_interval(h, coverage=[0.8, 0.95]).to_numpy()
    cover = [
        np.mean((true >= bounds[:, 2 * k]) & (true <= bounds[:, 2 * k + 1]))
        for k in range(2)
    ]
    return [
        smape(true, mean),
        np.mean(np.abs(true - mean)) / scale,
        *cover,
        msis(true, bounds[:, 2], bounds[:, 3], scale),
    ]


def stat_scores(stat, cache, name, k, fit, true, period):
    """The statistical model's scores on one fold (forecasts cached)."""
    key = f"{stat}|{name}|inner{k}|{len(fit)}"
    hit = cache.get(key)
    if hit is None:
        out = statsforecast_model(stat)(fit, len(true), period)
        cache.put(key, out, 0.0)
    else:
        out = hit[0]
    scale = mase_scale(fit, period)
    mean = np.asarray(out["mean"], dtype=np.float64)
    cover = [
        np.mean((true >= out["intervals"][lv][0]) & (true <= out["intervals"][lv][1]))
        for lv in (80, 95)
    ]
    return [
        smape(true, mean),
        np.mean(np.abs(true - mean)) / scale,
        *cover,
        msis(true, *out["intervals"][95], scale),
    ]


def naive_scores(fit_part, true, period):
    """sMAPE and MASE of seasonal naive on one fold (the OWA reference)."""
    mean = seasonal_naive(fit_part, len(true), period)["mean"]
    scale = mase_scale(fit_part, period)
    return [smape(true, mean), np.mean(np.abs(true - mean)) / scale]


def summary(label, rows, reference):
    """A markdown row: OWA, MASE, coverage and MSIS pooled over the folds."""
    rows, reference = np.asarray(rows), np.mean(reference, axis=0)
    s, m, c80, c95, score = rows.mean(axis=0)
    owa = (s / reference[0] + m / reference[1]) / 2
    return f"| {label} | {owa:.3f} | {m:.3f} | {c80:.1%} | {c95:.1%} | {score:.2f} |"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--origins", type=int, default=5)
    parser.add_argument("--cache", metavar="FILE", default=None)
    args = parser.parse_args()
    cache = ResultCache(args.cache)
    warm_up_statsforecast(list(STAT_MODELS))
    for title, series_set in (
        ("dev set, training parts", load_dev_set()),
        ("test set, training parts", load_dev_set(TEST_SET)),
    ):
        folds = [
            (name, k, fit, true, period)
            for name, (series, period) in series_set.items()
            for k, (fit, true) in enumerate(
                validation_folds(series, period, args.origins)
            )
        ]
        print(f"\n{title}: {len(folds)} folds\n")
        print("| rule | OWA | MASE | 80% coverage | 95% coverage | MSIS |")
        print("|---|---|---|---|---|---|")
        reference = [naive_scores(fit, true, p) for _, _, fit, true, p in folds]
        for stat in STAT_MODELS:
            rows = [stat_scores(stat, cache, *fold) for fold in folds]
            print(summary(stat, rows, reference))
        for candidate in CANDIDATES:
            for seed in range(args.seeds):
                rows = []
                with seasonal_rule(candidate), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    for _, _, fit, true, period in folds:
                        model = SeriesForecaster(random_state=seed).fit(fit)
                        rows.append(score_fold(model, fit, true, period))
                print(summary(f"{candidate}, seed {seed}", rows, reference))


if __name__ == "__main__":
    main()
