"""Differencing a series and its exact inverse.

``difference`` takes seasonal differences ``x[t] - x[t - period]`` and then ordinary
ones ``x[t] - x[t - 1]`` along the first axis; ``integrate`` rebuilds the values that
follow a known history from their differences. Private: SeriesForecaster's
``differences``, ``seasonal_period`` and ``seasonal_differences`` parameters are the
public face of this module.
"""

import numpy as np

__all__ = ["difference", "difference_lags", "integrate"]


def difference(values, differences=1, *, seasonal_period=None, seasonal_differences=0):
    """Difference a series along its first axis: seasonal differences, then ordinary.

    Parameters
    ----------
    values : ndarray of shape (n_steps,) or (n_steps, n_variables)
    differences : int, default=1
        Number of ordinary differences ``x[t] - x[t-1]``.
    seasonal_period : int or None, default=None
        Lag of the seasonal differences ``x[t] - x[t-seasonal_period]``.
    seasonal_differences : int, default=0
        Number of seasonal differences (ignored when ``seasonal_period`` is None).

    Returns
    -------
    differenced : ndarray
        Shorter by ``differences + seasonal_period * seasonal_differences`` steps.
    """
    values = np.asarray(values, dtype=np.float64)
    for lag in difference_lags(differences, seasonal_period, seasonal_differences):
        values = values[lag:] - values[:-lag]
    return values


def integrate(
    differenced, history, differences=1, *, seasonal_period=None, seasonal_differences=0
):
    """Undo :func:`difference`: the values that follow ``history`` whose
    differences are ``differenced``.

    Parameters
    ----------
    differenced : ndarray of shape (n_future,) or (n_future, n_variables)
        Differenced values of the steps after ``history``.
    history : ndarray of shape (n_past,) or (n_past, n_variables)
        The undifferenced values before them; at least
        ``differences + seasonal_period * seasonal_differences`` steps.

    Returns
    -------
    values : ndarray, shaped like ``differenced``
        ``integrate(difference(x)[k:], x[:k + order]) == x[k + order:]`` up to
        float rounding, where ``order`` is the total differencing lag.
    """
    history = np.asarray(history, dtype=np.float64)
    lags = difference_lags(differences, seasonal_period, seasonal_differences)
    # The history at every level of differencing, from the raw series down.
    levels = [history]
    for lag in lags:
        levels.append(levels[-1][lag:] - levels[-1][:-lag])
    future = np.asarray(differenced, dtype=np.float64)
    for lag, level in zip(reversed(lags), reversed(levels[:-1])):
        path = np.concatenate([level[-lag:], np.empty_like(future)])
        for step in range(len(future)):
            path[lag + step] = path[step] + future[step]
        future = path[lag:]
    return future


def difference_lags(differences, seasonal_period, seasonal_differences):
    """The lag of each difference, in the order they are taken: seasonal first."""
    seasonal = [seasonal_period] * seasonal_differences if seasonal_period else []
    return seasonal + [1] * differences
