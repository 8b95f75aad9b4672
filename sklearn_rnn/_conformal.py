"""Forecast intervals from rolling-origin errors.

SeriesForecaster calibrates its intervals at fit: a copy fitted on the training
series minus its last ``n_windows`` steps forecasts from every origin inside that
block (seeing the true values before the origin, without refitting), and the
errors of those out-of-sample forecasts are kept per horizon step. This module
holds the arithmetic on those errors:

- :func:`rolling_origin_errors` runs the backtest given a forecasting callable;
- :func:`impulse_offsets` (``interval_method="impulse"``) turns them into normal
  quantile offsets whose spread grows with the horizon as the forecaster's own
  impulse response says, its scale pooled over every calibrated step;
- :func:`step_quantiles` (``interval_method="conformal"``) turns the errors into
  quantile offsets per step, with the
  split-conformal rank ``ceil((n + 1) * level)`` of ``n`` errors, widening with
  the horizon, and extrapolated by ``sqrt(step)`` where a step has too few errors;
  a level the first step has too few errors for is extrapolated from the 80%
  bounds with a normal tail;
- :func:`check_levels` validates ``coverage`` and ``alpha``;
- :func:`interval_table` and :func:`quantile_table` lay the bounds out as the
  documented NumPy arrays or pandas DataFrames (sktime's column layout).

No scikit-learn and no forecaster internals here: only arrays in, arrays out.
"""

import math
from numbers import Real
from statistics import NormalDist

import numpy as np
import pandas as pd

from ._utils import warn_at_caller

__all__ = [
    "FEW_WINDOWS",
    "check_levels",
    "impulse_offsets",
    "interval_table",
    "quantile_table",
    "rolling_origin_errors",
    "step_quantiles",
]


def rolling_origin_errors(forecast_from, actual, n_windows, steps=None):
    """Errors of forecasts from each of the last ``n_windows`` origins of ``actual``.

    Parameters
    ----------
    forecast_from : callable
        ``forecast_from(origins, steps)`` returns, for each origin, the forecast
        of ``actual[origin : origin + steps]`` made from the values before it:
        shape (n_origins, at most ``steps`` (a direct model stops at its
        horizon), n_targets).
    actual : ndarray of shape (n_steps, n_targets)
        The true values, on the scale the errors are taken on.
    n_windows : int
        Number of origins, the last ``n_windows`` steps of ``actual``.
    steps : int or None, default=None
        Steps forecast from each origin; None: ``n_windows``, to the end.

    Returns
    -------
    errors : ndarray of shape (n_windows, steps, n_targets)
        ``errors[i, h]`` is ``actual - forecast`` at step ``h + 1`` from origin
        ``i``; NaN where that step lies past the end of ``actual``.
    """
    n_steps, n_targets = actual.shape
    steps = n_windows if steps is None else steps
    origins = np.arange(n_steps - n_windows, n_steps)
    predicted = forecast_from(origins, steps)
    errors = np.full((n_windows, steps, n_targets), np.nan)
    for i, origin in enumerate(origins):
        reach = min(predicted.shape[1], n_steps - origin)
        errors[i, :reach] = actual[origin : origin + reach] - predicted[i, :reach]
    return errors


#: Fewer calibration windows than this warn that the impulse rule's scale rests
#: on few errors.
FEW_WINDOWS = 10


def impulse_offsets(errors, fitted_errors, growth, levels, steps):
    """Normal quantile offsets with the spread of the forecaster's own dynamics.

    The error ``h`` steps ahead is taken as ``sigma * growth[h - 1]`` times a
    standard normal, where ``growth[h - 1] = sqrt(1 + psi_1 ** 2 + ... +
    psi_{h-1} ** 2)`` comes from the impulse response ``psi`` of the fitted
    forecaster (the change of its ``m``-step forecast per unit change of the
    last value; a random walk has ``psi_m = 1`` and spread ``sqrt(h)``).
    ``sigma ** 2`` is the mean of two variances of the errors of every
    calibrated step that ``growth`` covers, each divided by its step's growth:
    the out-of-sample ``errors`` of the calibration copy, over the recent
    ``n_windows`` origins, and the in-sample ``fitted_errors`` of the final
    model, over every origin of the series: the first overstate the final
    model's errors (the copy had less data) and speak for the recent past, the
    second understate them and speak for the whole series.

    Parameters
    ----------
    errors : ndarray of shape (n_windows, n_calibrated_steps, n_targets)
        Rolling-origin errors (``actual - forecast``) of the calibration copy,
        NaN where missing.
    fitted_errors : ndarray of shape (n_origins, n_calibrated_steps, n_targets)
        The final model's errors from its origins, NaN where missing.
    growth : ndarray of shape (n_growth_steps, n_targets)
        Spread of step ``h`` relative to step 1, ``growth[0] == 1``, for at
        least ``steps`` steps; only the calibrated steps it covers are pooled.
    levels : sequence of float
        Quantile levels in (0, 1).
    steps : int
        Number of horizon steps wanted.

    Returns
    -------
    offsets : ndarray of shape (steps, n_targets, n_levels)
        Add to the point forecast (on the error scale) to get the quantiles.
    """
    pooled = min(errors.shape[1], len(growth))
    variances = [
        np.nanmean((e[:, :pooled] / growth[None, :pooled]) ** 2, axis=(0, 1))
        for e in (errors, fitted_errors)
    ]
    sigma = np.sqrt(np.mean(variances, axis=0))
    normal = NormalDist()
    z = np.array([normal.inv_cdf(level) for level in levels])
    return growth[:steps, :, None] * sigma[None, :, None] * z


def _conformal_rank(n_errors, level):
    """1-based rank of the split-conformal ``level`` quantile of ``n_errors``
    errors; above ``n_errors`` when there are too few for that level."""
    # The small tolerance keeps 0.9 * 20 from rounding up to 19 in floats.
    return max(1, math.ceil((n_errors + 1) * level - 1e-9))


def _upper_offsets(scores, level):
    """Per step and target, the conformal ``level`` quantile of ``scores`` (NaN
    where a step has too few scores), from (n_windows, n_steps, n_targets)."""
    ordered = np.sort(scores, axis=0)  # NaN sorts last
    counts = np.sum(~np.isnan(scores), axis=0)
    offsets = np.full(scores.shape[1:], np.nan)
    for (step, target), count in np.ndenumerate(counts):
        rank = _conformal_rank(count, level)
        if rank <= count:
            offsets[step, target] = ordered[rank - 1, step, target]
    return offsets


def _extend(offsets, steps):
    """Offsets for ``steps`` steps, or None if the first step has none: the
    calibrated steps made non-decreasing in the horizon, and steps past them (or
    past the first step without enough errors: larger steps have fewer) grown
    as ``offset[last] * sqrt(step / last)``, like the spread of a random walk."""
    n_targets = offsets.shape[1]
    extended = np.empty((steps, n_targets))
    for target in range(n_targets):
        missing = np.isnan(offsets[:, target])
        n_known = int(np.argmax(missing)) if missing.any() else len(missing)
        if n_known == 0:
            return None
        use = min(n_known, steps)
        extended[:use, target] = np.maximum.accumulate(offsets[:use, target])
        later = np.arange(use + 1, steps + 1)
        extended[use:, target] = extended[use - 1, target] * np.sqrt(later / use)
    return extended


#: Upper tail of the widest bound a short series still calibrates (the 80%
#: interval's, 4 errors): the fallback scales it to wider levels.
_REFERENCE_TAIL = 0.9


def _fallback_magnitudes(scores, tail, steps, symmetric):
    """Magnitudes for a level with too few errors at step 1: the calibrated bounds
    of the ``_REFERENCE_TAIL`` quantile times the normal ratio of the two tails
    (the best MSIS in benchmarks/tune_intervals.py), else, with too few errors
    even for those, the largest first-step score grown by ``sqrt(step)``."""
    if tail > _REFERENCE_TAIL:
        reference_level = 2 * _REFERENCE_TAIL - 1 if symmetric else _REFERENCE_TAIL
        reference = _extend(_upper_offsets(scores, reference_level), steps)
        if reference is not None:
            normal = NormalDist()
            return reference * (normal.inv_cdf(tail) / normal.inv_cdf(_REFERENCE_TAIL))
    largest = np.nanmax(scores[:, 0], axis=0)
    return np.sqrt(np.arange(1, steps + 1))[:, None] * largest


def step_quantiles(errors, levels, steps, *, symmetric=True):
    """Quantile offsets of the forecast errors, per horizon step and target.

    Parameters
    ----------
    errors : ndarray of shape (n_windows, n_calibrated_steps, n_targets)
        Rolling-origin errors (``actual - forecast``), NaN where missing.
    levels : sequence of float
        Quantile levels in (0, 1).
    steps : int
        Number of horizon steps wanted.
    symmetric : bool, default=True
        True: the quantile at level ``a`` is ``sign(a - 0.5)`` times the conformal
        ``|2a - 1|`` quantile of the absolute errors (symmetric intervals).
        False: conformal quantiles of the signed errors, from below for
        ``a < 0.5`` and from above for ``a >= 0.5``.

    Returns
    -------
    offsets : ndarray of shape (steps, n_targets, n_levels)
        Add to the point forecast (on the error scale) to get the quantiles.
    too_few : bool
        True when not even the first step had enough errors for some level. Its
        offsets are then the calibrated offsets of the 0.1 / 0.9 quantiles (the
        80% interval's) times the ratio of the normal quantiles of the two
        levels (1.53 for a 95% interval), or, with too few errors for those
        too, the largest first-step errors grown by ``sqrt(step)``.
    """
    offsets = np.zeros((steps, errors.shape[2], len(levels)))
    too_few = False
    for k, level in enumerate(levels):
        if symmetric and level == 0.5:
            continue  # the point forecast itself
        # A bound's offset is direction * magnitude; magnitudes grow with the step.
        direction = 1.0 if level >= 0.5 else -1.0
        if symmetric:
            scores, magnitude_level = np.abs(errors), abs(2 * level - 1)
        else:
            scores = direction * errors
            magnitude_level = level if direction > 0 else 1 - level
        magnitudes = _extend(_upper_offsets(scores, magnitude_level), steps)
        if magnitudes is None:
            too_few = True
            tail = (1 + magnitude_level) / 2 if symmetric else magnitude_level
            magnitudes = _fallback_magnitudes(scores, tail, steps, symmetric)
        offsets[:, :, k] = direction * magnitudes
    return offsets, too_few


def check_levels(value, name):
    """``coverage`` or ``alpha`` as a tuple of floats in (0, 1), and whether one
    number (not a list) was given; errors name the argument."""
    single = np.ndim(value) == 0
    values = [value] if single else list(np.ravel(np.asarray(value, dtype=object)))
    if not values:
        raise ValueError(f"{name} is empty; give a number in (0, 1) or a list.")
    for item in values:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, Real):
            raise TypeError(
                f"{name} must be a number in (0, 1) or a list of them, got "
                f"{item!r} of type {type(item).__name__}."
            )
        if not 0 < item < 1:
            raise ValueError(
                f"{name} must be in the open interval (0, 1), got {name}={item!r}."
            )
    return tuple(float(item) for item in values), single


def interval_table(lower, upper, coverages, *, single_coverage, index, labels):
    """Interval bounds of shape (steps, n_targets, n_coverages) as the documented
    layout: NumPy (steps, [n_targets,] [n_coverages,] 2) when ``index`` is None,
    else a DataFrame with columns ``[variable,] [coverage,] lower/upper``;
    ``labels`` is None for a single, unnamed target level."""
    values = np.stack([lower, upper], axis=-1)  # (steps, targets, coverages, 2)
    keys = [labels, None if single_coverage else list(coverages), ["lower", "upper"]]
    return _table(values, keys, ["variable", "coverage", None], index)


def quantile_table(quantiles, alphas, *, index, labels):
    """Quantiles of shape (steps, n_targets, n_alpha) as NumPy (steps,
    [n_targets,] n_alpha) or a DataFrame with columns ``[variable,] alpha``."""
    return _table(quantiles, [labels, list(alphas)], ["variable", "alpha"], index)


def _table(values, keys, names, index):
    """Drop the axes whose key is None (axis 1 onwards) and lay the rest out."""
    keep = [axis for axis, key in enumerate(keys) if key is not None]
    drop = tuple(axis + 1 for axis, key in enumerate(keys) if key is None)
    values = values.reshape(
        [size for axis, size in enumerate(values.shape) if axis not in drop]
    )
    if index is None:
        return values
    used = [keys[axis] for axis in keep]
    if len(used) == 1:
        columns = pd.Index(used[0], name=names[keep[0]])
    else:
        columns = pd.MultiIndex.from_product(used, names=[names[a] for a in keep])
    return pd.DataFrame(values.reshape(len(values), -1), index=index, columns=columns)


def warn_too_few(n_windows, levels):
    """The short-series fallback must never pass silently."""
    coverage = max(abs(2 * level - 1) for level in levels)
    needed = math.ceil(coverage / (1 - coverage) - 1e-9)
    warn_at_caller(
        f"only {n_windows} calibration window(s), too few for a conformal "
        f"{coverage:.0%} interval (it needs at least {needed}); the bounds "
        "extrapolate the 80% bounds with a normal tail (or, with fewer than 4 "
        "windows, use the largest one-step error widened by sqrt(step)) and may "
        "cover less than asked. Fit on a longer series for calibrated intervals."
    )


def warn_few_windows(n_windows):
    """A scale from few errors must not pass silently."""
    warn_at_caller(
        f"only {n_windows} calibration window(s): the width of the intervals is "
        f"estimated from few errors (fewer than {FEW_WINDOWS} origins) and may be "
        "far from the true spread. Fit on a longer series for steadier intervals."
    )
