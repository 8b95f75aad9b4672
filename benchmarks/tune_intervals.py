"""Choose SeriesForecaster's interval rule by rolling-origin validation, training parts.

As in ``tune_defaults.py``, the dev set's holdouts (the last ``h`` values, which
``bench_forecast.py`` scores) are dropped first and never read. Inside each
training part, ``SeriesForecaster(random_state=seed)`` is fitted before each of
``N_ORIGINS`` origins (the end of the training part minus ``h``, minus ``h + h //
2``, ...) and its 80% / 95% intervals for the ``h`` values after the origin are
scored: mean coverage and M4's MSIS (95%), pooled over 18 series x origins, with
AutoETS's and AutoARIMA's intervals on the same origins for reference.

The fitted model is calibrated once per calibration-block rule (the point
forecast does not depend on it), and every interval rule is then applied to the
same calibration errors, so the variants differ only in what they are about.

Run::

    python benchmarks/tune_intervals.py [--seeds 2] [--origins 3] [--cache FILE]
"""

import argparse
import math
import pickle
import time
import warnings

import numpy as np
from bench_forecast import (
    HORIZON,
    ResultCache,
    load_dev_set,
    mase_scale,
    msis,
    statsforecast_model,
    warm_up_statsforecast,
)
from scipy.stats import norm
from sklearn.isotonic import isotonic_regression

from sklearn_rnn import SeriesForecaster
from sklearn_rnn._conformal import step_quantiles
from sklearn_rnn._series import SeriesData

LEVELS = (0.8, 0.95)

#: Calibration-block rules: n_steps of the fitted series -> calibration windows.
BLOCKS = {
    "48": lambda n, m: 48,
    "n/3": lambda n, m: n // 3,
    "n/4": lambda n, m: n // 4,
    "n/6": lambda n, m: n // 6,
    "n/3, 20 to 48": lambda n, m: min(48, max(20, n // 3)),
    "n/4, 20 to 48": lambda n, m: min(48, max(20, n // 4)),
    "n/5, 20 to 48": lambda n, m: min(48, max(20, n // 5)),
}


def validation_folds(series, period, n_origins):
    """(fit part, the h values after it) for each origin inside the training part."""
    h = HORIZON[period]
    train = series.iloc[:-h]  # the benchmark's holdout is never seen
    step = max(h // 2, 1)
    return [
        (train.iloc[: end - h], train.to_numpy()[end - h : end])
        for end in (len(train) - j * step for j in range(n_origins))
    ]


def calibrated_fold(fit_part, h, seed):
    """Point forecast (transformed scale), transform and calibration errors of
    every block rule, for one fold."""
    model = SeriesForecaster(random_state=seed, calibration_windows=0)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(fit_part)
        fit_seconds = time.perf_counter() - start
        data = SeriesData(fit_part)
        errors, seconds = {}, {}
        for label, rule in BLOCKS.items():
            available = data.n_steps - model._history_length() - model.horizon_
            model.calibration_windows = max(1, min(available, rule(data.n_steps, 0)))
            start = time.perf_counter()
            model._calibrate(fit_part, data)
            seconds[label] = time.perf_counter() - start
            errors[label] = model.calibration_errors_[:, :, 0].copy()
    point = model._point_levels(h)[:, 0]
    return {
        "point": point,
        "log": model.transform_ == "log",
        "errors": errors,
        "fit_seconds": fit_seconds,
        "calibration_seconds": seconds,
    }


# -- interval rules: errors (n_windows, n_steps) -> offsets (h, n_levels) ---------


def rule_current(errors, h):
    """The shipped rule: per-step conformal rank, monotone, sqrt extrapolation,
    80% bounds times a normal ratio where step 1 has too few errors."""
    levels = [lv for c in LEVELS for lv in ((1 - c) / 2, (1 + c) / 2)]
    offsets, _ = step_quantiles(errors[:, :, None], levels, h)
    return offsets[:, 0, 1::2]  # upper offsets, one per coverage


def rule_largest_fallback(errors, h):
    """The rule before: as shipped, but a level step 1 has too few errors for
    takes the largest first-step error grown by sqrt(step)."""
    offsets = rule_current(errors, h)
    counts = np.sum(~np.isnan(errors[:, 0]))
    largest = np.nanmax(np.abs(errors[:, 0])) * np.sqrt(np.arange(1, h + 1))
    for k, c in enumerate(LEVELS):
        if counts < math.ceil(c / (1 - c) - 1e-9):
            offsets[:, k] = largest
    return offsets


def step_rms(errors):
    """RMS error and count per calibrated step."""
    counts = np.sum(~np.isnan(errors), axis=0)
    rms = np.sqrt(np.nanmean(errors**2, axis=0))
    return rms, counts


def growth_law(errors, min_count=3):
    """(sigma, beta) of rms_h = sigma * h**beta, weighted least squares in logs
    over the steps with at least ``min_count`` errors; beta clipped to [0, 1]."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rms, counts = step_rms(errors)
    steps = np.arange(1, len(rms) + 1)
    use = (counts >= min_count) & (rms > 0)
    if use.sum() < 2:
        return float(rms[0]), 0.5
    x, y, w = np.log(steps[use]), np.log(rms[use]), counts[use]
    xm, ym = np.average(x, weights=w), np.average(y, weights=w)
    beta = np.sum(w * (x - xm) * (y - ym)) / np.sum(w * (x - xm) ** 2)
    beta = float(np.clip(beta, 0.0, 1.0))
    sigma = float(np.exp(ym - beta * xm))
    return sigma, beta


def rule_normal_step(errors, h):
    """z * RMS per step (monotone), sqrt extrapolation past the calibrated steps."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rms, counts = step_rms(errors)
    known = int(np.sum(counts >= 2))
    known = max(known, 1)
    scale = np.maximum.accumulate(rms[: min(known, h)])
    later = np.arange(len(scale) + 1, h + 1)
    scale = np.concatenate([scale, scale[-1] * np.sqrt(later / len(scale))])
    return scale[:, None] * norm.ppf((1 + np.array(LEVELS)) / 2)


def rule_pooled(errors, h, *, normal=False, centred=False):
    """Growth law scale_h = sigma h^beta; conformal quantile of the pooled
    standardised absolute errors (or z) times scale_h."""
    sigma, beta = growth_law(errors)
    steps = np.arange(1, errors.shape[1] + 1)
    scaled = errors / (sigma * steps**beta)
    if centred:
        scaled = scaled - np.nanmedian(scaled)
    pooled = np.abs(scaled[~np.isnan(scaled)])
    scale = sigma * np.arange(1, h + 1) ** beta
    if normal:
        q = norm.ppf((1 + np.array(LEVELS)) / 2) * np.sqrt(np.mean(pooled**2))
    else:
        ordered = np.sort(pooled)
        q = np.array(
            [
                ordered[min(len(pooled), math.ceil((len(pooled) + 1) * c)) - 1]
                for c in LEVELS
            ]
        )
    return scale[:, None] * q


def rule_isotonic(errors, h):
    """The shipped rule with the per-step bounds made monotone by isotonic
    regression (weighted by the error counts) instead of a running maximum."""
    out = np.empty((h, len(LEVELS)))
    counts = np.sum(~np.isnan(errors), axis=0)
    ordered = np.sort(np.abs(errors), axis=0)
    for k, c in enumerate(LEVELS):
        ranks = np.maximum(1, np.ceil((counts + 1) * c - 1e-9).astype(int))
        known = int(np.argmax(ranks > counts)) if (ranks > counts).any() else h
        if known == 0:  # the shipped fallback
            out[:, k] = rule_current(errors, h)[:, k]
            continue
        steps = np.arange(known)
        bound = isotonic_regression(
            ordered[ranks[:known] - 1, steps], sample_weight=counts[:known] * 1.0
        )[:h]
        later = np.arange(len(bound) + 1, h + 1)
        out[:, k] = np.concatenate([bound, bound[-1] * np.sqrt(later / len(bound))])
    return out


def rule_shrunk(errors, h):
    """Geometric mean of the current per-step offsets and the pooled ones."""
    return np.sqrt(rule_current(errors, h) * rule_pooled(errors, h))


def rule_empirical(errors, h):
    """Per-step empirical quantile of |errors| (linear interpolation, no
    finite-sample rank), monotone, sqrt extrapolation; normal fallback."""
    scores = np.abs(errors)
    counts = np.sum(~np.isnan(scores), axis=0)
    out = np.empty((h, len(LEVELS)))
    for k, c in enumerate(LEVELS):
        q = np.array(
            [
                np.nanquantile(scores[:, j], c) if counts[j] >= 2 else np.nan
                for j in range(scores.shape[1])
            ]
        )
        known = max(1, int(np.sum(counts >= 2)))
        q = np.maximum.accumulate(q[: min(known, h)])
        later = np.arange(len(q) + 1, h + 1)
        out[:, k] = np.concatenate([q, q[-1] * np.sqrt(later / len(q))])
    return out


RULES = {
    "per-step conformal (shipped)": rule_current,
    "per-step conformal, largest-error fallback (before)": rule_largest_fallback,
    "per-step conformal, isotonic": rule_isotonic,
    "per-step empirical quantile": rule_empirical,
    "per-step normal RMS": rule_normal_step,
    "pooled growth law, conformal": rule_pooled,
    "pooled growth law, normal": lambda e, h: rule_pooled(e, h, normal=True),
    "shrunk current x pooled": rule_shrunk,
}


def score(fold, offsets, true, scale):
    """Coverage 80 / 95 and MSIS of one fold's intervals."""
    point = fold["point"][:, None]
    lower, upper = point - offsets, point + offsets
    if fold["log"]:
        lower, upper = np.exp(lower), np.exp(upper)
    inside = (true[:, None] >= lower) & (true[:, None] <= upper)
    return [*inside.mean(axis=0), msis(true, lower[:, 1], upper[:, 1], scale)]


def run_stat(name, series_set, n_origins, cache):
    """Coverage and MSIS of a statsforecast model on the same origins."""
    run = statsforecast_model(name)
    rows = []
    for sname, (series, period) in series_set.items():
        for k, (fit_part, true) in enumerate(
            validation_folds(series, period, n_origins)
        ):
            key = f"{name}|{sname}|inner{k}|{len(fit_part)}"
            hit = cache.get(key)
            if hit is None:
                start = time.perf_counter()
                out = run(fit_part, len(true), period)
                cache.put(key, out, time.perf_counter() - start)
            else:
                out = hit[0]
            scale = mase_scale(fit_part, period)
            bounds = out["intervals"]
            cover = [
                np.mean((true >= bounds[lv][0]) & (true <= bounds[lv][1]))
                for lv in (80, 95)
            ]
            rows.append([*cover, msis(true, *out["intervals"][95], scale)])
    return np.array(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--origins", type=int, default=3)
    parser.add_argument("--cache", metavar="FILE", default=None)
    parser.add_argument("--save", metavar="FILE", help="pickle the folds to FILE")
    args = parser.parse_args()
    series_set = load_dev_set()
    cache = ResultCache(args.cache)
    warm_up_statsforecast(["AutoETS"])
    results, folds = {}, []
    seconds = {"fit": 0.0, **{b: 0.0 for b in BLOCKS}}
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for sname, (series, period) in series_set.items():
            for fit_part, true in validation_folds(series, period, args.origins):
                fold = calibrated_fold(fit_part, len(true), seed)
                fold.update(name=sname, true=true, period=period, n=len(fit_part))
                folds.append(fold)
                seconds["fit"] += fold["fit_seconds"]
                for b, s in fold["calibration_seconds"].items():
                    seconds[b] += s
                scale = mase_scale(fit_part, period)
                for block in BLOCKS:
                    errors = fold["errors"][block]
                    for rule_name, rule in RULES.items():
                        offsets = rule(errors, len(true))
                        results.setdefault((block, rule_name), []).append(
                            score(fold, offsets, true, scale)
                        )
    if args.save:
        with open(args.save, "wb") as file:
            pickle.dump(folds, file)
    print("| calibration block | interval rule | 80% coverage | 95% coverage | MSIS |")
    print("|---|---|---|---|---|")
    for name in ("AutoETS", "AutoARIMA"):
        c80, c95, m = run_stat(name, series_set, args.origins, cache).mean(axis=0)
        print(f"| {name} | | {c80:.1%} | {c95:.1%} | {m:.2f} |")
    for (block, rule_name), rows in results.items():
        c80, c95, m = np.mean(rows, axis=0)
        print(f"| {block} | {rule_name} | {c80:.1%} | {c95:.1%} | {m:.2f} |")
    n = args.seeds
    print(
        "\nseconds per seed: fit without calibration "
        f"{seconds['fit'] / n:.1f}; calibration "
        + ", ".join(f"{b}: {seconds[b] / n:.1f}" for b in BLOCKS)
    )


if __name__ == "__main__":
    main()
