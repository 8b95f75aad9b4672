"""Choose SeriesForecaster's defaults by rolling-origin validation on training parts.

The dev set's holdouts (the last ``h`` values of each series, which
``bench_forecast.py`` scores) are dropped first and never read here. On what is
left, the training part, each candidate configuration forecasts ``h`` steps from
three origins: the end of the training part minus ``h``, minus ``h + h // 2`` and
minus ``h + 2 * (h // 2)``; it is fitted on everything before the origin and scored
on the ``h`` values after it. Metrics as in ``bench_forecast.py`` (sMAPE, MASE,
OWA against seasonal naive, pooled over the 18 series x 3 origins), for the
candidates and for AutoETS, AutoARIMA and AutoTheta on the same origins.
``--origins 5`` adds the origins ``h + 3 * (h // 2)`` and ``h + 4 * (h // 2)``
before the end (fit parts shorter than 12 steps are skipped, for every model);
``--set both`` adds the training parts of the test set (``bench_forecast.
TEST_SET``, whose holdouts are not read either).

Run::

    python benchmarks/tune_defaults.py [--seeds 2] [--only NAME ...] [--cache FILE]
                                       [--set both] [--origins 5]
"""

import argparse
import json
import os
import time
import warnings

import numpy as np
from bench_forecast import (
    STAT_MODELS,
    TEST_SET,
    ResultCache,
    load_dev_set,
    mase_scale,
    seasonal_naive,
    statsforecast_model,
    warm_up_statsforecast,
)
from hybrid import ResidualEnsembleRegressor
from measured_rules import choose_differencing
from tune_intervals import validation_folds as rolling_folds

from sklearn_rnn import SeriesForecaster, SimpleRNNRegressor, _forecaster
from sklearn_rnn._series import seasonal_period
from sklearn_rnn._smoothing import SmoothingModel, smoothing_forecast
from sklearn_rnn._transform_choice import choose_transform

N_ORIGINS = 3


def validation_folds(series, period, n_origins=N_ORIGINS):
    """(fit part, the h values after it) for each origin inside the training part
    (the folds of ``tune_intervals.py``)."""
    return rolling_folds(series, period, n_origins)


class ChoiceForecaster(SeriesForecaster):
    """SeriesForecaster with the structure rules under test (class attributes,
    so that get_params and clone see SeriesForecaster's parameters only)."""

    log_rule = "positive"  # "positive" (current), "guerrero", "never"
    seasonal_rule = "strength"  # "strength" (current), "always"
    strength_threshold = 0.64  # seasonal strength above which "strength" differences
    ordinary_rule = (
        "one in all"  # "one in all" (current), "kpss", "kpss if no seasonal"
    )
    window_rule = None  # None (the window parameter) or seasons per window
    smoothing = None  # None, or the methods averaged with the network's forecast
    combination_weight = 0.5  # weight of the smoothing forecast in the combination

    def _resolve_structure(self, data):
        self._period = seasonal_period(data.index)
        if self.window_rule == "quarter":  # at least ~4 windows per window step
            room = len(data.values) - (self._period or 1)
            self.window = int(min(12, max(3, room // 4)))
        elif isinstance(self.window_rule, tuple):  # ("share", divisor, cap)
            _, divisor, cap = self.window_rule
            room = len(data.values) - (self._period or 1)
            self.window = int(min(cap, max(3, room // divisor)))
        elif self.window_rule:
            self.window = max(self.window_rule * (self._period or 1), 6)
        super()._resolve_structure(data)

    def _resolve_transform(self, values, period=None):
        positive = bool((values > 0).all())
        if self.log_rule == "never" or not positive:
            return None
        if self.log_rule == "guerrero":
            return choose_transform(values, self._period)
        return "log"

    def _seasonal_differences(self, values, period):
        if self.seasonal_rule == "always":
            return 1 if period else 0
        saved = _forecaster.SEASONAL_STRENGTH_THRESHOLD
        _forecaster.SEASONAL_STRENGTH_THRESHOLD = self.strength_threshold
        try:
            return super()._seasonal_differences(values, period)
        finally:
            _forecaster.SEASONAL_STRENGTH_THRESHOLD = saved

    def _ordinary_differences(self, n_seasonal):
        if self.ordinary_rule == "one in all" or (
            n_seasonal and self.ordinary_rule == "kpss if no seasonal"
        ):
            return super()._ordinary_differences(n_seasonal)
        period = self._period
        log = self._resolve_transform(self._raw, period) == "log"
        levels = np.log(self._raw) if log else self._raw
        if n_seasonal:
            levels = levels[period:] - levels[:-period]
        return choose_differencing(levels, None)[1]

    def fit(self, X, y=None):
        self._raw = np.asarray(X, dtype=np.float64)
        return super().fit(X, y)

    def predict(self, steps):
        network = np.asarray(super().predict(steps), dtype=np.float64)
        if not self.smoothing:
            return network
        log = self.transform_ == "log"
        levels = np.log(self._raw) if log else self._raw
        if self.smoothing == "model":  # what SeriesForecaster wires in
            model = SmoothingModel(self._period).fit(levels)
            smooth = model.forecast_from(levels, [len(levels)], steps)[0, :, 0]
        else:
            smooth = smoothing_forecast(levels, steps, self._period, self.smoothing)
            smooth = smooth[:, 0]
        network = np.log(network) if log else network
        w = self.combination_weight
        combined = (1 - w) * network + w * smooth
        return np.exp(combined) if log else combined


class EarlyStoppingWhenPossible(SimpleRNNRegressor):
    """Early stopping on the last block, or none when there are too few windows
    for a validation block (it raises there)."""

    def fit(self, X, y, sample_weight=None):
        try:
            return super().fit(X, y, sample_weight)
        except ValueError:
            self.early_stopping = False
            try:
                return super().fit(X, y, sample_weight)
            finally:
                self.early_stopping = True


def make_candidate(rules=None, regressor=None, window=12):
    """A factory seed -> forecaster for one candidate."""
    cls = type("Candidate", (ChoiceForecaster,), dict(rules or {}))

    def make(seed):
        # smoothing_weight=0: the candidates' own rules (above) do the combination.
        return cls(
            regressor=regressor,
            window=window,
            calibration_windows=0,
            random_state=seed,
            smoothing_weight=0.0,
        )

    return make


RNN8 = SimpleRNNRegressor(hidden_size=8, alpha=10.0, learning_rate_init=1e-2)
DATA_RULES = {"log_rule": "guerrero", "seasonal_rule": "strength"}
CANDIDATES = {
    "current": make_candidate(),
    "log guerrero": make_candidate({"log_rule": "guerrero"}),
    "seasonal strength": make_candidate({"seasonal_rule": "strength"}),
    "data rules, d=kpss if no seasonal": make_candidate(
        {**DATA_RULES, "ordinary_rule": "kpss if no seasonal"}
    ),
    "data rules, d=kpss": make_candidate({**DATA_RULES, "ordinary_rule": "kpss"}),
    "ridge only": make_candidate(regressor=ResidualEnsembleRegressor(n_networks=0)),
    "ridge + 3 rnn8": make_candidate(regressor=ResidualEnsembleRegressor()),
    "3 rnn8 mean": make_candidate(regressor=ResidualEnsembleRegressor(linear=False)),
    "3 rnn8 median": make_candidate(
        regressor=ResidualEnsembleRegressor(linear=False, combine="median")
    ),
    "rnn8": make_candidate(regressor=RNN8),
    "window 2 seasons": make_candidate({"window_rule": 2}),
    "window 3 seasons": make_candidate({"window_rule": 3}),
    "smoothing alone (w=1)": make_candidate(
        {"smoothing": ("damped", "theta"), "combination_weight": 1.0}
    ),
    "current + damped/theta": make_candidate({"smoothing": ("damped", "theta")}),
}
GUERRERO = {"log_rule": "guerrero"}
G_STRENGTH = {"log_rule": "guerrero", "seasonal_rule": "strength"}
HYBRID = ResidualEnsembleRegressor()
COMBINED = {"smoothing": ("damped", "theta")}
RIDGE = ResidualEnsembleRegressor(n_networks=0)
WQ = {"window_rule": "quarter"}
CANDIDATES.update(
    {
        "G + ridge + W/4": make_candidate({**GUERRERO, **WQ}, RIDGE),
        "G + strength + ridge + W/4": make_candidate({**G_STRENGTH, **WQ}, RIDGE),
        "G + ridge + W/4 + smoothing": make_candidate(
            {**GUERRERO, **WQ, **COMBINED}, RIDGE
        ),
        "G + ridge + 3 rnn8 + W/4": make_candidate({**GUERRERO, **WQ}, HYBRID),
        "G + W/4 (current rnn)": make_candidate({**GUERRERO, **WQ}),
        "GS + ridge + W/4 + smoothing": make_candidate(
            {**G_STRENGTH, **WQ, **COMBINED}, RIDGE
        ),
        "GS + ridge + 3 rnn8 + W/4 + smoothing": make_candidate(
            {**G_STRENGTH, **WQ, **COMBINED}, HYBRID
        ),
        "GS + rnn + W/4 + smoothing": make_candidate({**G_STRENGTH, **WQ, **COMBINED}),
        "G + ridge + W/4 + hw": make_candidate(
            {**GUERRERO, **WQ, "smoothing": ("holt-winters",)}, RIDGE
        ),
        "G + ridge + W/4 + hw/theta": make_candidate(
            {**GUERRERO, **WQ, "smoothing": ("holt-winters", "theta")}, RIDGE
        ),
        "G + W/4 + hw alone": make_candidate(
            {**GUERRERO, **WQ, "smoothing": ("holt-winters",), "combination_weight": 1}
        ),
        "G + ridge + 1 rnn8 + W/4 + hw/theta": make_candidate(
            {**GUERRERO, **WQ, "smoothing": ("holt-winters", "theta")},
            ResidualEnsembleRegressor(n_networks=1),
        ),
        "G + ridge + 3 rnn8 + W/4 + hw/theta": make_candidate(
            {**GUERRERO, **WQ, "smoothing": ("holt-winters", "theta")}, HYBRID
        ),
        "G + rnn + W/4 + hw/theta": make_candidate(
            {**GUERRERO, **WQ, "smoothing": ("holt-winters", "theta")}
        ),
        "GS + ridge + W/4 + hw/theta": make_candidate(
            {**G_STRENGTH, **WQ, "smoothing": ("holt-winters", "theta")}, RIDGE
        ),
        "G + rnn + W/4 + hw/theta, thirds": make_candidate(
            {
                **GUERRERO,
                **WQ,
                "smoothing": ("holt-winters", "theta"),
                "combination_weight": 2 / 3,
            }
        ),
        "G + ridge + W/4 + hw/theta, thirds": make_candidate(
            {
                **GUERRERO,
                **WQ,
                "smoothing": ("holt-winters", "theta"),
                "combination_weight": 2 / 3,
            },
            RIDGE,
        ),
        "G + rnn + hw/theta": make_candidate(
            {**GUERRERO, "smoothing": ("holt-winters", "theta")}
        ),
        "G + ridge + hw/theta": make_candidate(
            {**GUERRERO, "smoothing": ("holt-winters", "theta")}, RIDGE
        ),
        "GS + rnn + hw/theta": make_candidate(
            {**G_STRENGTH, "smoothing": ("holt-winters", "theta")}
        ),
        "G + rnn + model": make_candidate({**GUERRERO, "smoothing": "model"}),
        "G + strength": make_candidate(G_STRENGTH),
        "G + rnn early stopping + model": make_candidate(
            {**GUERRERO, "smoothing": "model"},
            EarlyStoppingWhenPossible(
                alpha=10.0,
                learning_rate_init=1e-2,
                early_stopping=True,
                validation_fraction=0.2,
            ),
        ),
        "SeriesForecaster() as wired": lambda seed: SeriesForecaster(
            calibration_windows=0, random_state=seed
        ),
        "G + ridge + model": make_candidate({**GUERRERO, "smoothing": "model"}, RIDGE),
        "G + model alone": make_candidate(
            {**GUERRERO, "smoothing": "model", "combination_weight": 1.0}
        ),
        "G + rnn(alpha=1) + model": make_candidate(
            {**GUERRERO, "smoothing": "model"},
            SimpleRNNRegressor(alpha=1.0, learning_rate_init=1e-2),
        ),
        "G + rnn(alpha=100) + model": make_candidate(
            {**GUERRERO, "smoothing": "model"},
            SimpleRNNRegressor(alpha=100.0, learning_rate_init=1e-2),
        ),
        "G + rnn8 + model": make_candidate({**GUERRERO, "smoothing": "model"}, RNN8),
        "GS + W/4 + smoothing alone": make_candidate(
            {**G_STRENGTH, **WQ, **COMBINED, "combination_weight": 1.0}
        ),
        "G + ridge only": make_candidate(
            GUERRERO, ResidualEnsembleRegressor(n_networks=0)
        ),
        "G + ridge + 3 rnn8": make_candidate(GUERRERO, HYBRID),
        "G + strength + ridge + 3 rnn8": make_candidate(G_STRENGTH, HYBRID),
        "G + smoothing alone": make_candidate(
            {**GUERRERO, **COMBINED, "combination_weight": 1.0}
        ),
        "G + current rnn + smoothing": make_candidate({**GUERRERO, **COMBINED}),
        "G + ridge + 3 rnn8 + smoothing": make_candidate(
            {**GUERRERO, **COMBINED}, HYBRID
        ),
        "G + strength + ridge + 3 rnn8 + smoothing": make_candidate(
            {**G_STRENGTH, **COMBINED}, HYBRID
        ),
        "G + ridge + smoothing": make_candidate(
            {**GUERRERO, **COMBINED}, ResidualEnsembleRegressor(n_networks=0)
        ),
        "former: seasonal difference always": lambda seed: SeriesForecaster(
            calibration_windows=0, random_state=seed, seasonal_differences=1
        ),
        "G + rnn + model, strength > 0.3": make_candidate(
            {**GUERRERO, "smoothing": "model", "strength_threshold": 0.3}
        ),
        "G + rnn + model, strength > 0.5": make_candidate(
            {**GUERRERO, "smoothing": "model", "strength_threshold": 0.5}
        ),
        "G + rnn + model + W/4": make_candidate(
            {**GUERRERO, **WQ, "smoothing": "model"}
        ),
        "G + rnn + model + W/4, seasonal always": make_candidate(
            {**GUERRERO, **WQ, "smoothing": "model", "seasonal_rule": "always"}
        ),
        "G + rnn + model + W/3": make_candidate(
            {**GUERRERO, "window_rule": ("share", 3, 12), "smoothing": "model"}
        ),
        "G + rnn + model + W/6": make_candidate(
            {**GUERRERO, "window_rule": ("share", 6, 12), "smoothing": "model"}
        ),
        "G + rnn + model + W/4 cap 8": make_candidate(
            {**GUERRERO, "window_rule": ("share", 4, 8), "smoothing": "model"}
        ),
        "G + ridge + model + W/4": make_candidate(
            {**GUERRERO, **WQ, "smoothing": "model"}, RIDGE
        ),
        "G + rnn + model + W/4, weight 0.4": make_candidate(
            {**GUERRERO, **WQ, "smoothing": "model", "combination_weight": 0.4}
        ),
        "G + rnn + model + W/4, weight 0.6": make_candidate(
            {**GUERRERO, **WQ, "smoothing": "model", "combination_weight": 0.6}
        ),
        "G + rnn early stopping + model + W/4": make_candidate(
            {**GUERRERO, **WQ, "smoothing": "model"},
            EarlyStoppingWhenPossible(
                alpha=10.0,
                learning_rate_init=1e-2,
                early_stopping=True,
                validation_fraction=0.2,
            ),
        ),
    }
)


def shipped(**params):
    """A factory seed -> the library's SeriesForecaster with ``params``."""

    def make(seed):
        return SeriesForecaster(random_state=seed, **params)

    return make


# The library's own combination: its weight chosen per series by the
# calibration backtest, against fixed weights (no calibration needed for them).
CANDIDATES["shipped: weight chosen by the backtest"] = shipped()
CANDIDATES.update(
    (
        f"shipped at fixed weight {w:g}",
        shipped(smoothing_weight=w, calibration_windows=0),
    )
    for w in (0.25, 0.3, 0.4, 0.5, 0.75)
)


def smape(true, predicted):
    return float(
        200 * np.mean(np.abs(true - predicted) / (np.abs(true) + np.abs(predicted)))
    )


def score_runs(series_set, run, seeds, cache=None, label=None, n_origins=N_ORIGINS):
    """sMAPE and MASE of every (series, origin), per seed: {seed: [(s, m), ...]}."""
    out = {}
    seconds = 0.0
    for seed in seeds:
        scores = []
        for name, (series, period) in series_set.items():
            folds = validation_folds(series, period, n_origins)
            for k, (fit_part, true) in enumerate(folds):
                key = f"{label}|{name}|{k}" if cache is not None else None
                hit = cache.get(key) if key else None
                if hit is None:
                    start = time.perf_counter()
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        mean = np.asarray(
                            run(fit_part, len(true), period, seed)["mean"]
                        )
                    elapsed = time.perf_counter() - start
                    if key:
                        cache.put(key, {"mean": mean}, elapsed)
                else:
                    mean, elapsed = hit[0]["mean"], hit[1]
                seconds += elapsed
                scale = mase_scale(fit_part, period)
                scores.append((smape(true, mean), np.mean(np.abs(true - mean)) / scale))
        out[seed] = np.array(scores)
    return out, seconds / len(seeds)


def owa(scores, reference):
    """OWA of pooled (sMAPE, MASE) means against the reference's."""
    return float(np.mean(scores.mean(axis=0) / reference.mean(axis=0)))


def forecaster_runner(make):
    def run(train, h, period, seed):
        return {"mean": make(seed).fit(train).predict(h)}

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="candidates to run (default all)")
    parser.add_argument("--cache", default=os.path.join("/tmp", "tune_stats.json"))
    parser.add_argument(
        "--results",
        default=None,
        help="default: /tmp/tune_results_<set>_<origins>.json",
    )
    parser.add_argument("--origins", type=int, default=N_ORIGINS)
    parser.add_argument(
        "--set",
        choices=("dev", "both"),
        default="dev",
        help="training parts of the dev set, or of the dev and test sets "
        "(holdouts not read)",
    )
    args = parser.parse_args()
    if args.results is None:
        args.results = f"/tmp/tune_results_{args.set}_{args.origins}.json"
    series_set = load_dev_set()
    if args.set == "both":
        series_set.update(load_dev_set(TEST_SET))
    folds = {"n_origins": args.origins}
    cache = ResultCache(args.cache)
    warm_up_statsforecast(STAT_MODELS)
    reference, _ = score_runs(series_set, seasonal_naive, [None], **folds)
    reference = reference[None]
    results = {}
    if os.path.exists(args.results):
        with open(args.results) as file:
            results = json.load(file)
    for name in STAT_MODELS:
        scores, seconds = score_runs(
            series_set, statsforecast_model(name), [None], cache, name, **folds
        )
        results[name] = {"owa": [owa(scores[None], reference)], "seconds": seconds}
    for name in args.only or CANDIDATES:
        scores, seconds = score_runs(
            series_set, forecaster_runner(CANDIDATES[name]), range(args.seeds), **folds
        )
        results[name] = {
            "owa": [owa(s, reference) for s in scores.values()],
            "seconds": seconds,
        }
        print(f"{name}: OWA {results[name]['owa']}, {seconds:.1f} s", flush=True)
        with open(args.results, "w") as file:
            json.dump(results, file, indent=1)
    best = min(results[m]["owa"][0] for m in STAT_MODELS)
    print("\n| candidate | validation OWA (per seed) | worst / best statistical | s |")
    print("|---|---|---|---|")
    for name, r in results.items():
        cells = ", ".join(f"{v:.3f}" for v in r["owa"])
        print(f"| {name} | {cells} | {max(r['owa']) / best:.3f} | {r['seconds']:.1f} |")


if __name__ == "__main__":
    main()
