"""Choose SeriesForecaster's interval rule by rolling-origin validation, training parts.

As in ``tune_defaults.py``, the dev set's holdouts (the last ``h`` values, which
``bench_forecast.py`` scores) are dropped first and never read. Inside each
training part, ``SeriesForecaster(random_state=seed)`` is fitted before each of
``N_ORIGINS`` origins (the end of the training part minus ``h``, minus ``h + h //
2``, ...) and its 80% / 95% intervals for the ``h`` values after the origin are
scored: mean coverage and M4's MSIS (95%), pooled over the series x origins,
with AutoETS's and AutoARIMA's intervals on the same origins for reference.
``--set test`` runs on the training parts of the test set
(``bench_forecast.TEST_SET``, whose holdouts are not read either), ``--set
both`` on both sets.

The fitted model is calibrated once per calibration-block rule (whose backtest
also chooses the smoothing weight, and so the point forecast), and every
interval rule is then applied to the same calibration errors (and, for the
impulse rules, the fitted model's own error growth and in-sample errors from
every origin, or, for the rule before, from the block's origins), so the
variants differ only in what they are about. Fit parts shorter than 12 steps
(the fifth origin of the shortest series) are skipped, for every model alike.
The table gives the mean over origins 0-2 (the latest), over the earlier ones,
and over all; below it, the shipped rule's MSIS minus each statistical model's,
fold by fold, with a 95% bootstrap interval that resamples whole series (a
series' folds are not independent), and each one's MSIS split into the
interval's width and the misses' penalty, and the 95% coverage over the first,
middle and last third of the horizon. ``--check-shipped`` refits
``SeriesForecaster()`` on every fold and checks that its ``predict_quantiles``
gives the shipped rule's bounds computed here.

Run::

    python benchmarks/tune_intervals.py [--set both] [--seeds 2] [--origins 5]
                                        [--cache FILE] [--check-shipped] [--short]
"""

import argparse
import pickle
import time
import warnings

import numpy as np
from bench_forecast import (
    HORIZON,
    TEST_SET,
    ResultCache,
    format_paired,
    load_dev_set,
    mase_scale,
    msis,
    msis_width,
    statsforecast_model,
    warm_up_statsforecast,
)
from scipy.stats import norm
from scipy.stats import t as t_dist

from sklearn_rnn import SeriesForecaster
from sklearn_rnn._conformal import impulse_offsets, step_quantiles
from sklearn_rnn._series import SeriesData

LEVELS = (0.8, 0.95)
#: Upper tails of the LEVELS intervals and their standard normal quantiles.
TAILS = (1 + np.array(LEVELS)) / 2
Z = norm.ppf(TAILS)

SHIPPED_BLOCK = "n/3, 20 to 48 (shipped)"
SHIPPED_RULE = "impulse, all steps, mean variance (shipped)"

#: Calibration-block rules: n_steps of the fitted series -> calibration windows.
BLOCKS = {
    "48": lambda n: 48,
    "n/4, at most 48": lambda n: min(48, n // 4),
    SHIPPED_BLOCK: lambda n: min(48, max(20, n // 3)),
    "n/4, 20 to 48": lambda n: min(48, max(20, n // 4)),
    "n/3, 20 to 60": lambda n: min(60, max(20, n // 3)),
    "n/4, 30 to 48": lambda n: min(48, max(30, n // 4)),
}
MIN_FIT_STEPS = 12


def validation_folds(series, period, n_origins):
    """(fit part, the h values after it) for each origin inside the training part."""
    h = HORIZON[period]
    train = series.iloc[:-h]  # the benchmark's holdout is never seen
    step = max(h // 2, 1)
    folds = [
        (train.iloc[: end - h], train.to_numpy()[end - h : end])
        for end in (len(train) - j * step for j in range(n_origins))
    ]
    return [(fit, true) for fit, true in folds if len(fit) >= MIN_FIT_STEPS]


def short_folds(series, period, n_origins=None):
    """(fit part, the h values after it) for prefixes of the training part of
    ``m + 2``, ``m + m // 2``, ``2 m - 1`` and ``2 m + 2`` steps, ``m`` the
    seasonal period (at least 6): series of one to two seasons, where the
    calibration copy is fitted on few values. ``n_origins`` is ignored."""
    h = HORIZON[period]
    train = series.iloc[:-h]  # the benchmark's holdout is never seen
    m = max(period, 6)
    lengths = sorted({m + 2, m + m // 2, 2 * m - 1, 2 * m + 2})
    folds = [
        (train.iloc[:n], train.to_numpy()[n : n + h])
        for n in lengths
        if n + h <= len(train)
    ]
    return [(fit, true) for fit, true in folds if _calibrated_windows(fit) > 0]


_WINDOWS = {}


def _calibrated_windows(fit_part):
    """SeriesForecaster()'s calibration windows on ``fit_part`` (0: the series
    is too short for intervals, so the fold is left out for every model);
    the structure, and so the count, does not depend on the seed."""
    key = (len(fit_part), fit_part.to_numpy().tobytes())
    if key not in _WINDOWS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = SeriesForecaster(random_state=0).fit(fit_part)
        _WINDOWS[key] = model.calibration_windows_
    return _WINDOWS[key]


def calibrated_fold(fit_part, h, seed):
    """Point forecast (transformed scale), transform, calibration errors and
    error growth of every block rule, for one fold."""
    model = SeriesForecaster(random_state=seed, calibration_windows=0)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(fit_part)
        fit_seconds = time.perf_counter() - start
        data = SeriesData(fit_part)
        errors, fitted, recent, growth, seconds, point = {}, {}, {}, {}, {}, {}
        for label, rule in BLOCKS.items():
            available = data.n_steps - model._history_length() - model.horizon_
            model.calibration_windows = max(1, min(available, rule(data.n_steps)))
            start = time.perf_counter()
            model._calibrate(fit_part, data)
            seconds[label] = time.perf_counter() - start
            n_windows = model.calibration_windows_
            errors[label] = model.calibration_errors_[:, :, 0].copy()
            # The library's in-sample errors from every origin.
            fitted[label] = model.fitted_errors_[:, :, 0].copy()
            # The rule before: in-sample errors from the block's origins only.
            recent[label] = model._origin_errors(data.values, n_windows)[:, :, 0]
            steps = max(h, n_windows)
            growth[label] = model._error_growth(steps, model.calibration_errors_)
            # The backtest chooses the smoothing weight, so the point too.
            point[label] = model._point_levels(h)[:, 0]
    return {
        "point": point,
        "log": model.transform_ == "log",
        "errors": errors,
        "fitted": fitted,
        "recent": recent,
        "growth": growth,
        "fit_seconds": fit_seconds,
        "calibration_seconds": seconds,
    }


# -- interval rules: errors (n_windows, n_steps) -> offsets (h, n_levels) ---------


def rule_conformal(errors, fitted, h, growth):
    """interval_method="conformal": per-step conformal rank, monotone, sqrt
    extrapolation, 80% bounds times a normal ratio where step 1 has too few."""
    levels = [lv for c in LEVELS for lv in ((1 - c) / 2, (1 + c) / 2)]
    offsets, _ = step_quantiles(errors[:, :, None], levels, h)
    return offsets[:, 0, 1::2]  # upper offsets, one per coverage


def rule_impulse(errors, fitted, h, growth):
    """interval_method="impulse" (shipped): the library's own arithmetic."""
    upper = [(1 + c) / 2 for c in LEVELS]
    return impulse_offsets(errors[:, :, None], fitted[:, :, None], growth, upper, h)[
        :, 0
    ]


def impulse_variant(n_pooled, weight_fitted=0.5, geometric=False):
    """The impulse rule with the scale pooled over ``n_pooled(n_windows)``
    first steps, and the in-sample variance at weight ``weight_fitted`` (or
    the geometric mean of the two scales)."""

    def rule(errors, fitted, h, growth):
        pooled = max(1, min(n_pooled(len(errors)), errors.shape[1]))
        out, own = (
            np.nanmean((e[:, :pooled] / growth[:pooled, 0]) ** 2)
            for e in (errors, fitted)
        )
        if geometric:
            sigma = (out * own) ** 0.25
        else:
            sigma = np.sqrt((1 - weight_fitted) * out + weight_fitted * own)
        return growth[:h, 0, None] * sigma * Z

    return rule


def step_rms(errors):
    """RMS error and count per calibrated step."""
    counts = np.sum(~np.isnan(errors), axis=0)
    rms = np.sqrt(np.nanmean(errors**2, axis=0))
    return rms, counts


def rule_normal_step(errors, fitted, h, growth):
    """z * RMS per step (monotone), sqrt extrapolation past the calibrated steps."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rms, counts = step_rms(errors)
    known = max(int(np.sum(counts >= 2)), 1)
    scale = np.maximum.accumulate(rms[: min(known, h)])
    later = np.arange(len(scale) + 1, h + 1)
    scale = np.concatenate([scale, scale[-1] * np.sqrt(later / len(scale))])
    return scale[:, None] * Z


def rule_power_law(errors, fitted, h, growth):
    """z * sigma * h ** beta, the law fitted by weighted least squares in logs
    over the steps with at least 3 errors (beta clipped to [0, 1]), sigma the
    RMS of all errors divided by their step's law."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rms, counts = step_rms(errors)
    steps = np.arange(1, len(rms) + 1)
    use = (counts >= 3) & (rms > 0)
    beta = 0.5
    if use.sum() >= 2:
        x, y, w = np.log(steps[use]), np.log(rms[use]), counts[use]
        xm, ym = np.average(x, weights=w), np.average(y, weights=w)
        beta = np.sum(w * (x - xm) * (y - ym)) / np.sum(w * (x - xm) ** 2)
        beta = float(np.clip(beta, 0.0, 1.0))
    sigma = np.sqrt(np.nanmean((errors / steps**beta) ** 2))
    return (sigma * np.arange(1, h + 1) ** beta)[:, None] * Z


def per_step_mix(weight, source):
    """The shipped rule's variance at each step mixed, at ``weight``, with the
    mean squared error of that step (``source``: "out" the calibration copy's
    errors, "in" the final model's in-sample ones), where at least 3 errors
    exist; made non-decreasing in the step."""

    def rule(errors, fitted, h, growth):
        model = rule_impulse(errors, fitted, h, growth)[:, 1] / Z[1]
        own = errors if source == "out" else fitted
        counts = np.sum(~np.isnan(own[:, :h]), axis=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            steps = np.nanmean(own[:, :h] ** 2, axis=0)
        empirical = np.full(h, np.nan)
        known = np.flatnonzero(counts >= 3)
        empirical[known] = steps[known]
        variance = np.where(
            np.isnan(empirical), model**2, (1 - weight) * model**2 + weight * empirical
        )
        scale = np.maximum.accumulate(np.sqrt(variance))
        return scale[:, None] * Z

    return rule


def student_t(df_per_window):
    """The shipped rule with Student t quantiles of ``df_per_window`` times the
    calibration windows degrees of freedom in place of the normal ones."""

    def rule(errors, fitted, h, growth):
        df = max(1, df_per_window * len(errors))
        return rule_impulse(errors, fitted, h, growth) * t_dist.ppf(TAILS, df) / Z

    return rule


def quarter(n_windows):
    """The steps the rule before pooled: a quarter of the windows, at least 1."""
    return max(1, n_windows // 4)


def recent_rules(recent):
    """The impulse rule with the in-sample errors of the calibration block's
    origins only (``recent``, (n_windows, n_windows)), in place of those from
    every origin: with a quarter of the steps, the rule before."""
    return {
        "impulse, W/4 steps, mean variance, in sample on the block (before)": (
            lambda errors, fitted, h, growth: impulse_variant(quarter)(
                errors, recent, h, growth
            )
        ),
        "impulse, all steps, mean variance, in sample on the block": (
            lambda errors, fitted, h, growth: impulse_variant(lambda n: n)(
                errors, recent, h, growth
            )
        ),
    }


RULES = {
    SHIPPED_RULE: rule_impulse,
    "impulse, all steps, out of sample only": impulse_variant(lambda n: n, 0.0),
    "impulse, all steps, in sample only": impulse_variant(lambda n: n, 1.0),
    "impulse, all steps, geometric mean": impulse_variant(lambda n: n, geometric=True),
    "impulse, W/2 steps, mean variance": impulse_variant(lambda n: n // 2),
    "impulse, W/4 steps, mean variance": impulse_variant(quarter),
    "impulse, step 1, mean variance": impulse_variant(lambda n: 1),
    "conformal per step": rule_conformal,
    "normal per step (RMS)": rule_normal_step,
    "normal, power law in h": rule_power_law,
    "impulse, per-step in-sample variance at weight 1/4": per_step_mix(0.25, "in"),
    "impulse, per-step in-sample variance at weight 1/2": per_step_mix(0.5, "in"),
    "impulse, per-step out-of-sample variance at weight 1/2": per_step_mix(0.5, "out"),
    "impulse, Student t with W degrees of freedom": student_t(1),
    "impulse, Student t with 2W degrees of freedom": student_t(2),
}


def bounds(fold, offsets, block):
    """Lower and upper bounds (h, n_levels) on the original scale, around the
    point forecast of the calibration ``block``'s rule."""
    point = fold["point"][block][:, None]
    lower, upper = point - offsets, point + offsets
    if fold["log"]:
        return np.exp(lower), np.exp(upper)
    return lower, upper


def check_shipped(fold, fit_part, seed):
    """Raise unless the shipped rule's bounds here are those of
    SeriesForecaster(random_state=seed).fit(fit_part).predict_quantiles: the
    search measures what the library does."""
    h = len(fold["true"])
    offsets = rule_impulse(
        fold["errors"][SHIPPED_BLOCK],
        fold["fitted"][SHIPPED_BLOCK],
        h,
        fold["growth"][SHIPPED_BLOCK],
    )
    lower, upper = bounds(fold, offsets, SHIPPED_BLOCK)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = SeriesForecaster(random_state=seed).fit(fit_part)
        alpha = [(1 - c) / 2 for c in LEVELS] + [(1 + c) / 2 for c in LEVELS]
        library = np.asarray(model.predict_quantiles(h, alpha=alpha))
    np.testing.assert_allclose(library, np.hstack([lower, upper]), rtol=1e-9)


def thirds_coverage(inside):
    """Coverage over the first, middle and last third of the horizon."""
    third = np.minimum(np.arange(len(inside)) * 3 // len(inside), 2)
    return [inside[third == k].mean() for k in range(3)]


def interval_scores(true, lower, upper, scale):
    """Coverage 80 / 95, MSIS, the width part of MSIS and the 95% coverage per
    third of the horizon, from bounds of shape (h, 2) (80%, 95%)."""
    inside = (true[:, None] >= lower) & (true[:, None] <= upper)
    lower, upper = lower[:, 1], upper[:, 1]
    return [
        *inside.mean(axis=0),
        msis(true, lower, upper, scale),
        msis_width(lower, upper, scale),
        *thirds_coverage(inside[:, 1]),
    ]


def score(fold, offsets, block, true, scale):
    """:func:`interval_scores` of one fold's intervals from a rule's offsets."""
    return interval_scores(true, *bounds(fold, offsets, block), scale)


def run_stat(name, series_set, n_origins, cache, folds_of=validation_folds):
    """Coverage and MSIS of a statsforecast model on the same origins, and
    each fold's origin number."""
    run = statsforecast_model(name)
    rows, origins = [], []
    kind = "inner" if folds_of is validation_folds else "short"
    for sname, (series, period) in series_set.items():
        for k, (fit_part, true) in enumerate(folds_of(series, period, n_origins)):
            key = f"{name}|{sname}|{kind}{k}|{len(fit_part)}"
            hit = cache.get(key)
            if hit is None:
                start = time.perf_counter()
                out = run(fit_part, len(true), period)
                cache.put(key, out, time.perf_counter() - start)
            else:
                out = hit[0]
            scale = mase_scale(fit_part, period)
            lower, upper = (
                np.column_stack([out["intervals"][lv][side] for lv in (80, 95)])
                for side in (0, 1)
            )
            rows.append(interval_scores(true, lower, upper, scale))
            origins.append(k)
    return np.array(rows), np.array(origins)


def table_row(label, rows, origins):
    """A markdown row: MSIS on the latest 3 origins, on the earlier ones, and
    coverage and MSIS on all."""
    rows, latest = np.asarray(rows), np.asarray(origins) < 3
    early = rows[~latest, 2].mean() if (~latest).any() else np.nan
    c80, c95, m = rows.mean(axis=0)[:3]
    return (
        f"| {label} | {rows[latest, 2].mean():.2f} | {early:.2f} | "
        f"{c80:.1%} | {c95:.1%} | {m:.2f} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--origins", type=int, default=5)
    parser.add_argument("--cache", metavar="FILE", default=None)
    parser.add_argument("--save", metavar="FILE", help="pickle the folds to FILE")
    parser.add_argument(
        "--check-shipped",
        action="store_true",
        help="refit SeriesForecaster() on every fold and check that its "
        "predict_quantiles gives the shipped rule's bounds",
    )
    parser.add_argument(
        "--set",
        choices=("dev", "test", "both"),
        default="dev",
        help="training parts of the dev set, of the test set (bench_forecast."
        "TEST_SET, holdouts not read either) or of both",
    )
    parser.add_argument(
        "--short",
        action="store_true",
        help="score prefixes of one to two seasons of the training parts "
        "(short_folds) instead of the rolling origins",
    )
    args = parser.parse_args()
    folds_of = short_folds if args.short else validation_folds
    series_set = {
        "dev": load_dev_set(),
        "test": load_dev_set(TEST_SET),
        "both": {**load_dev_set(), **load_dev_set(TEST_SET)},
    }[args.set]
    cache = ResultCache(args.cache)
    warm_up_statsforecast(["AutoETS"])
    results, folds, origins = {}, [], []
    seconds = {"fit": 0.0, **{b: 0.0 for b in BLOCKS}}
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for sname, (series, period) in series_set.items():
            for k, (fit_part, true) in enumerate(
                folds_of(series, period, args.origins)
            ):
                fold = calibrated_fold(fit_part, len(true), seed)
                fold.update(name=sname, true=true, period=period, n=len(fit_part))
                if args.check_shipped:
                    check_shipped(fold, fit_part, seed)
                folds.append(fold)
                origins.append(k)
                seconds["fit"] += fold["fit_seconds"]
                for b, s in fold["calibration_seconds"].items():
                    seconds[b] += s
                scale = mase_scale(fit_part, period)
                for block in BLOCKS:
                    errors, growth = fold["errors"][block], fold["growth"][block]
                    fitted = fold["fitted"][block]
                    before = recent_rules(fold["recent"][block])
                    for rule_name, rule in {**RULES, **before}.items():
                        offsets = rule(errors, fitted, len(true), growth)
                        results.setdefault((block, rule_name), []).append(
                            score(fold, offsets, block, true, scale)
                        )
    if args.save:
        with open(args.save, "wb") as file:
            pickle.dump(folds, file)
    print(
        "| calibration block, interval rule | MSIS, origins 0-2 | MSIS, 3 on | "
        "80% coverage | 95% coverage | MSIS |"
    )
    print("|---|---|---|---|---|---|")
    stats = {
        name: run_stat(name, series_set, args.origins, cache, folds_of)
        for name in ("AutoETS", "AutoARIMA")
    }
    for name, (rows, stat_origins) in stats.items():
        print(table_row(name, rows, stat_origins))
    ranked = sorted(results.items(), key=lambda item: np.mean(item[1], axis=0)[2])
    for (block, rule_name), rows in ranked:
        print(table_row(f"{block}, {rule_name}", rows, origins))
    # The shipped rule against the statistical models, fold by fold (their
    # folds repeat for every seed), the interval resampling whole series.
    compared = {"the shipped rule": np.asarray(results[(SHIPPED_BLOCK, SHIPPED_RULE)])}
    for name, (rows, _) in stats.items():
        compared[name] = np.tile(rows, (args.seeds, 1))
    shipped = compared["the shipped rule"][:, 2]
    names = np.array([fold["name"] for fold in folds])
    latest = np.asarray(origins) == 0
    print()
    for name in stats:
        differences = shipped - compared[name][:, 2]
        print(format_paired("the shipped rule", name, differences, names))
        print(
            format_paired(
                "the shipped rule, latest origin",
                name,
                differences[latest],
                names[latest],
            )
        )
    for where, keep in (("all origins", slice(None)), ("the latest origin", latest)):
        parts = []
        for name, rows in compared.items():
            width, misses = rows[keep, 3], rows[keep, 2] - rows[keep, 3]
            parts.append(f"{name} {width.mean():.2f} + {misses.mean():.2f}")
        print(f"MSIS = width + misses, {where}: " + "; ".join(parts) + ".")
    # Does the spread grow with the horizon as the errors do?
    parts = [
        f"{name} " + " / ".join(f"{c:.1%}" for c in rows[:, 4:7].mean(axis=0))
        for name, rows in compared.items()
    ]
    print("95% coverage over the horizon's thirds: " + "; ".join(parts) + ".")
    n = args.seeds
    print(
        "\nseconds per seed: fit without calibration "
        f"{seconds['fit'] / n:.1f}; calibration "
        + ", ".join(f"{b}: {seconds[b] / n:.1f}" for b in BLOCKS)
    )


if __name__ == "__main__":
    main()
