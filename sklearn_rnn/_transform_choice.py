"""Data-driven choice of SeriesForecaster's transform and seasonal difference.

Two classical rules, in NumPy, as ``forecast::auto.arima`` applies them:

- log only when it stabilises the variance: Guerrero's (1993) criterion between
  the two candidate Box-Cox powers 0 (log) and 1 (none), the one whose
  block-wise ``sd / mean ** (1 - power)`` varies least across blocks of one
  season;
- a seasonal difference only when the seasonality is strong: the seasonal
  strength ``max(0, 1 - var(remainder) / var(seasonal + remainder))`` of a
  classical decomposition above 0.64 (Wang, Smith & Hyndman 2006; the default
  test of ``forecast::nsdiffs``).

A KPSS test for ordinary differences was measured and not adopted
(``benchmarks/measured_rules.py``).
"""

import numpy as np

__all__ = [
    "SEASONAL_STRENGTH_THRESHOLD",
    "choose_transform",
    "seasonal_indices",
    "seasonal_strength",
]

#: Seasonal strength above which a seasonal difference is taken (forecast::nsdiffs).
SEASONAL_STRENGTH_THRESHOLD = 0.64


def _columns(values):
    """The series as a 2-D float array, one column per variable."""
    values = np.asarray(values, dtype=np.float64)
    return values[:, None] if values.ndim == 1 else values


def guerrero_variation(values, period, power):
    """Coefficient of variation across blocks of ``sd / mean ** (1 - power)``.

    Parameters
    ----------
    values : array-like of shape (n_steps,)
        A positive series.
    period : int
        Block length: one season (at least 2).
    power : float
        The Box-Cox power tried (0 is the log).

    Returns
    -------
    variation : float
        Smaller when the power makes the spread independent of the level; NaN
        with fewer than two complete blocks.

    Examples
    --------
    >>> import numpy as np
    >>> level = np.repeat([1.0, 10.0, 100.0], 4)
    >>> growing = level * np.tile([0.9, 1.1, 0.9, 1.1], 3)
    >>> float(guerrero_variation(growing, 4, 0.0)) < 1e-12
    True
    """
    values = np.asarray(values, dtype=np.float64)
    period = max(int(period), 2)
    n_blocks = len(values) // period
    if n_blocks < 2:
        return np.nan
    # The most recent complete blocks: the newest data matter most.
    blocks = values[len(values) - n_blocks * period :].reshape(n_blocks, period)
    ratio = blocks.std(axis=1, ddof=1) / blocks.mean(axis=1) ** (1 - power)
    return float(ratio.std(ddof=1) / ratio.mean()) if ratio.mean() > 0 else np.nan


def choose_transform(values, period=None):
    """ "log" when every value is positive and the log stabilises the variance.

    Guerrero's criterion between the powers 0 (log) and 1 (none) on blocks of one
    season (two steps without a seasonal period).

    Parameters
    ----------
    values : array-like of shape (n_steps,) or (n_steps, n_variables)
        The training series.
    period : int or None, default=None
        Its seasonal period.

    Returns
    -------
    transform : "log" or None
        "log" when every variable is positive and, summed over the variables,
        the log gives the lower block-wise variation, or the series is too
        short for two blocks (the log of a positive series is then kept, as
        SeriesForecaster did before this rule).

    Examples
    --------
    >>> import numpy as np
    >>> months = np.arange(120)
    >>> multiplicative = np.exp(0.02 * months) * (1 + 0.3 * np.sin(months * np.pi / 6))
    >>> choose_transform(multiplicative, 12)
    'log'
    >>> additive = 50 + 0.2 * months + 3 * np.sin(months * np.pi / 6)
    >>> choose_transform(additive, 12) is None
    True
    """
    columns = _columns(values)
    if not (columns > 0).all():
        return None
    block = period if period and period > 1 else 2
    # Huge values overflow the raw block variances: no verdict, so the log.
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_score = sum(guerrero_variation(c, block, 0.0) for c in columns.T)
        raw_score = sum(guerrero_variation(c, block, 1.0) for c in columns.T)
    if not (np.isfinite(log_score) and np.isfinite(raw_score)):
        return "log"  # no verdict: the log, as for any positive series
    return "log" if log_score < raw_score else None


def _centred_moving_average(values, period):
    """The classical decomposition's trend: a 2 x period moving average for an
    even period, a period moving average for an odd one (NaN at both ends)."""
    if period % 2 == 0:
        weights = np.r_[0.5, np.ones(period - 1), 0.5] / period
    else:
        weights = np.ones(period) / period
    trend = np.full(len(values), np.nan)
    half = len(weights) // 2
    trend[half : len(values) - half] = np.convolve(values, weights, mode="valid")
    return trend


def seasonal_indices(values, period):
    """Seasonal indices of a classical additive decomposition and their strength.

    The trend is a centred moving average, the indices the means of the
    detrended series by phase (centred to sum to 0), the strength
    ``max(0, 1 - var(remainder) / var(seasonal + remainder))``.

    Parameters
    ----------
    values : array-like of shape (n_steps,)
        The (transformed) series.
    period : int
        The seasonal period, at least 2.

    Returns
    -------
    indices : ndarray of shape (period,)
        ``indices[t % period]`` is the seasonal effect at step ``t`` (step 0 is
        the first value of ``values``); zeros when the series is shorter than
        three seasons.
    strength : float
        In [0, 1]: 0 for no seasonality (or too short a series), near 1 for a
        seasonal pattern that dominates.

    Examples
    --------
    >>> import numpy as np
    >>> indices, strength = seasonal_indices(np.tile([1.0, -1.0], 10), 2)
    >>> indices, strength
    (array([ 1., -1.]), 1.0)
    """
    values = np.asarray(values, dtype=np.float64)
    if period < 2 or len(values) < 3 * period:
        return np.zeros(max(period, 1)), 0.0
    detrended = values - _centred_moving_average(values, period)
    phase = np.arange(len(values)) % period
    known = ~np.isnan(detrended)
    means = np.array([detrended[known & (phase == p)].mean() for p in range(period)])
    indices = means - means.mean()
    remainder = detrended - indices[phase]
    total = np.var(detrended[known])
    if total == 0:
        return indices, 0.0
    return indices, float(max(0.0, 1 - np.var(remainder[known]) / total))


def seasonal_strength(values, period):
    """Strength of the seasonality of a series, in [0, 1].

    ``max(0, 1 - var(remainder) / var(seasonal + remainder))`` from a classical
    additive decomposition (centred moving-average trend, seasonal means of the
    detrended series); see :func:`seasonal_indices`.

    Parameters
    ----------
    values : array-like of shape (n_steps,)
        The (transformed) series.
    period : int
        The seasonal period, at least 2.

    Returns
    -------
    strength : float
        0 for no seasonality (or fewer than three seasons), near 1 for a
        seasonal pattern that dominates.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> months = np.arange(96)
    >>> seasonal = np.sin(months * np.pi / 6) + 0.1 * rng.normal(size=96)
    >>> seasonal_strength(seasonal, 12) > 0.9
    True
    >>> seasonal_strength(rng.normal(size=96), 12) < 0.64
    True
    """
    return seasonal_indices(values, period)[1]
