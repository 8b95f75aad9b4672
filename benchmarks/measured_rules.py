"""Rules measured and not adopted: KPSS ordinary differences, M4's seasonality test.

``choose_differencing`` is the rule ``forecast::auto.arima`` applies (a seasonal
difference above a seasonal strength of 0.64, then one ordinary difference when a
KPSS test rejects level stationarity at 5%, as ``forecast::ndiffs``). The KPSS
part scored worse than one difference in all (validation OWA 0.868-0.969 against
0.866 before the smoothing combination), so SeriesForecaster keeps only the
seasonal-strength part (``sklearn_rnn._transform_choice``).

``seasonality_test`` is M4's autocorrelation test, measured by
``tune_seasonality.py`` in place of the seasonal strength (for the smoothing
model's seasonal adjustment, and for the seasonal difference too): no better.
"""

import numpy as np

from sklearn_rnn._transform_choice import (
    SEASONAL_STRENGTH_THRESHOLD,
    _columns,
    seasonal_strength,
)

#: KPSS level-stationarity critical value at 5% (Kwiatkowski et al. 1992, table 1).
KPSS_CRITICAL_5PCT = 0.463


def kpss_statistic(values):
    """KPSS statistic of level stationarity.

    ``sum(S_t ** 2) / (n ** 2 * lrv)``, ``S_t`` the partial sums of the demeaned
    series, ``lrv`` its Newey-West long-run variance with Bartlett weights and
    ``trunc(4 * (n / 100) ** 0.25)`` lags (the short lag of ``tseries::kpss.test``).

    Parameters
    ----------
    values : array-like of shape (n_steps,)

    Returns
    -------
    statistic : float
        Large (above 0.463 at 5%) when the series wanders: a unit root. 0 for a
        constant series.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> noise = rng.normal(size=200)
    >>> kpss_statistic(noise) < 0.463, kpss_statistic(np.cumsum(noise)) > 0.463
    (True, True)
    """
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    residuals = values - values.mean()
    long_run = residuals @ residuals / n
    if long_run == 0:
        return 0.0
    for lag in range(1, min(int(4 * (n / 100) ** 0.25), n - 1) + 1):
        weight = 1 - lag / (int(4 * (n / 100) ** 0.25) + 1)
        long_run += 2 * weight * (residuals[lag:] @ residuals[:-lag]) / n
    partial_sums = np.cumsum(residuals)
    return float(partial_sums @ partial_sums / (n**2 * long_run))


def choose_differencing(levels, period=None, *, max_seasonal_length=None):
    """Seasonal and ordinary differences for a (transformed) series.

    A seasonal difference when the seasonal strength exceeds
    :data:`SEASONAL_STRENGTH_THRESHOLD` (and the series is long enough for it);
    then one ordinary difference when the KPSS test rejects the stationarity of
    the seasonally differenced series at 5%, none otherwise.

    Parameters
    ----------
    levels : array-like of shape (n_steps,) or (n_steps, n_variables)
        The transformed training series.
    period : int or None, default=None
        Its seasonal period (None or 1: no seasonal difference).
    max_seasonal_length : int or None, default=None
        Shortest series on which a seasonal difference is allowed (SeriesForecaster
        passes the steps it needs for the window and horizon on top of it); None:
        three seasons.

    Returns
    -------
    seasonal_differences : int
        0 or 1.
    differences : int
        0 or 1.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> months = np.arange(144)
    >>> seasonal = 10 * np.sin(months * np.pi / 6) + rng.normal(size=144)
    >>> choose_differencing(seasonal, 12)
    (1, 0)
    >>> choose_differencing(rng.normal(size=144), 12)
    (0, 0)
    >>> choose_differencing(np.cumsum(rng.normal(size=144)))
    (0, 1)
    """
    columns = _columns(levels)
    n_steps = len(columns)
    shortest = 3 * (period or 0) if max_seasonal_length is None else max_seasonal_length
    n_seasonal = 0
    if period and period > 1 and n_steps >= max(shortest, 3 * period):
        strength = np.mean([seasonal_strength(c, period) for c in columns.T])
        n_seasonal = int(strength > SEASONAL_STRENGTH_THRESHOLD)
    if n_seasonal:
        columns = columns[period:] - columns[:-period]
    statistic = max(kpss_statistic(c) for c in columns.T)
    return n_seasonal, int(statistic > KPSS_CRITICAL_5PCT)


def seasonality_test(values, period):
    """M4's 90% test of seasonality: the autocorrelation at lag ``period``.

    Seasonal when ``|r_m| > 1.645 * sqrt((1 + 2 * (r_1 ** 2 + ... + r_{m-1} **
    2)) / n)``, ``r_k`` the autocorrelation at lag ``k``: the test by which M4's
    benchmarks (Theta, SES, Holt, damped) decide to seasonally adjust.

    Parameters
    ----------
    values : array-like of shape (n_steps,)
    period : int

    Returns
    -------
    seasonal : bool
        False for a period below 2, fewer than three seasons or a constant series.

    Examples
    --------
    >>> import numpy as np
    >>> seasonality_test(np.tile([1.0, 0.0, -1.0, 0.0], 10), 4)
    True
    >>> seasonality_test(np.random.default_rng(0).normal(size=40), 4)
    False
    """
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if period < 2 or n < 3 * period:
        return False
    centred = values - values.mean()
    total = float(centred @ centred)
    if total == 0:
        return False
    acf = np.array([centred[k:] @ centred[: n - k] for k in range(1, period + 1)])
    acf /= total
    limit = 1.645 * np.sqrt((1 + 2 * np.sum(acf[:-1] ** 2)) / n)
    return bool(abs(acf[-1]) > limit)
