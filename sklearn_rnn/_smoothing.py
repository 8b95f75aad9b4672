"""Small statistical forecasts in NumPy: damped-trend smoothing and Theta.

Both run on a series that a classical additive decomposition has seasonally
adjusted when its seasonality is strong (see :mod:`._transform_choice`); the
seasonal indices are added back to the forecast. Parameters are chosen by the
one-step in-sample squared error over a fixed grid, all grid points filtered
at once (one vectorised pass over time), so a fit is deterministic and costs a
few milliseconds.

- damped trend (Gardner & McKenzie 1985): level ``l``, trend ``b``, damping
  ``phi``; the forecast ``h`` steps ahead is ``l + (phi + ... + phi ** h) b``;
- Theta (Assimakopoulos & Nikolopoulos 2000, in Hyndman & Billah's 2003 form):
  simple exponential smoothing plus half the slope of the linear trend.
"""

import numpy as np

from ._transform_choice import SEASONAL_STRENGTH_THRESHOLD, seasonal_indices

__all__ = [
    "damped_trend_forecast",
    "holt_winters_forecast",
    "smoothing_forecast",
    "theta_forecast",
]

_ALPHAS = np.array([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
_BETA_FRACTIONS = np.array([0.0, 0.02, 0.05, 0.1, 0.2, 0.4])  # beta / alpha
_PHIS = np.array([0.8, 0.85, 0.9, 0.95, 0.98])


def _best(sse):
    """The grid point of least squared error; an overflowed (inf or NaN) error,
    on a series of huge values, never wins."""
    return int(np.argmin(np.where(np.isfinite(sse), sse, np.inf)))


def _filter(values, alpha, beta, phi):
    """Run the damped-trend recursions for arrays of parameters at once: the
    final level and trend and the in-sample one-step squared error of each."""
    level = np.full(alpha.shape, values[0])
    trend = np.full(alpha.shape, values[1] - values[0] if len(values) > 1 else 0.0)
    sse = np.zeros(alpha.shape)
    for value in values[1:]:
        error = value - (level + phi * trend)
        sse += error**2
        level = level + phi * trend + alpha * error
        trend = phi * trend + beta * error
    return level, trend, sse


def damped_trend_forecast(values, steps):
    """Forecast with additive damped-trend exponential smoothing.

    Parameters
    ----------
    values : array-like of shape (n_steps,)
        The (seasonally adjusted) series, at least 2 steps.
    steps : int
        Steps to forecast.

    Returns
    -------
    forecast : ndarray of shape (steps,)

    Examples
    --------
    >>> import numpy as np
    >>> line = 2.0 * np.arange(50)
    >>> forecast = damped_trend_forecast(line, 3)
    >>> bool(np.all(np.diff(forecast) > 0)) and bool(forecast[0] > 98)
    True
    """
    values = np.asarray(values, dtype=np.float64)
    alpha, fraction, phi = np.meshgrid(_ALPHAS, _BETA_FRACTIONS, _PHIS, indexing="ij")
    alpha, beta, phi = alpha.ravel(), (alpha * fraction).ravel(), phi.ravel()
    level, trend, sse = _filter(values, alpha, beta, phi)
    best = _best(sse)
    damping = np.cumsum(phi[best] ** np.arange(1, steps + 1))
    return level[best] + damping * trend[best]


def theta_forecast(values, steps):
    """Forecast with the Theta method: simple exponential smoothing plus drift.

    The drift is half the slope of the least-squares line through the series,
    with Hyndman & Billah's (2003) correction for the smoothing weight.

    Parameters
    ----------
    values : array-like of shape (n_steps,)
        The (seasonally adjusted) series, at least 2 steps.
    steps : int
        Steps to forecast.

    Returns
    -------
    forecast : ndarray of shape (steps,)

    Examples
    --------
    >>> import numpy as np
    >>> theta_forecast(np.full(20, 3.0), 2)
    array([3., 3.])
    """
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    slope = np.polyfit(np.arange(n), values, 1)[0] if n > 1 else 0.0
    zeros = np.zeros_like(_ALPHAS)
    level, _, sse = _filter(values, _ALPHAS, zeros, zeros)
    best = _best(sse)
    alpha = _ALPHAS[best]
    horizon = np.arange(1, steps + 1)
    drift = slope / 2 * (horizon - 1 + 1 / alpha - (1 - alpha) ** n / alpha)
    return level[best] + drift


_GAMMAS = np.array([0.0, 0.05, 0.1, 0.2, 0.3])


def _seasonal_filter(values, period, alpha, beta, phi, gamma, season):
    """Additive damped Holt-Winters recursions for arrays of parameters at once:
    final level, trend and seasonal states and each one-step squared error."""
    level = np.full(alpha.shape, values[:period].mean())
    trend = np.full(alpha.shape, 0.0)
    seasons = np.tile(season, (len(alpha), 1))
    sse = np.zeros(alpha.shape)
    for t, value in enumerate(values):
        phase = t % period
        error = value - (level + phi * trend + seasons[:, phase])
        sse += error**2
        level = level + phi * trend + alpha * error
        trend = phi * trend + beta * error
        seasons[:, phase] += gamma * error
    return level, trend, seasons, sse


def holt_winters_forecast(values, steps, period):
    """Forecast with additive damped-trend Holt-Winters smoothing.

    The seasonal states start from the indices of a classical decomposition and
    are updated by the one-step errors (weight ``gamma``), so a seasonal pattern
    may evolve; parameters on a grid, chosen by in-sample one-step squared error.

    Parameters
    ----------
    values : array-like of shape (n_steps,)
        The (transformed) series, at least three seasons.
    steps : int
        Steps to forecast.
    period : int
        The seasonal period, at least 2.

    Returns
    -------
    forecast : ndarray of shape (steps,)

    Examples
    --------
    >>> import numpy as np
    >>> months = np.arange(72)
    >>> seasonal = 5 + np.sin(months * np.pi / 6)
    >>> forecast = holt_winters_forecast(seasonal, 12, 12)
    >>> float(np.abs(forecast - seasonal[:12]).max()) < 1e-6
    True
    """
    values = np.asarray(values, dtype=np.float64)
    season, _ = seasonal_indices(values, period)
    grid = np.meshgrid(_ALPHAS, _BETA_FRACTIONS, _PHIS, _GAMMAS, indexing="ij")
    alpha, fraction, phi, gamma = (g.ravel() for g in grid)
    keep = gamma <= 1 - alpha  # the usual admissible region
    alpha, phi, gamma = alpha[keep], phi[keep], gamma[keep]
    beta = alpha * fraction[keep]
    level, trend, seasons, sse = _seasonal_filter(
        values, period, alpha, beta, phi, gamma, season
    )
    best = _best(sse)
    horizon = np.arange(1, steps + 1)
    damping = np.cumsum(phi[best] ** horizon)
    phases = (len(values) + horizon - 1) % period
    return level[best] + damping * trend[best] + seasons[best, phases]


_METHODS = {"damped": damped_trend_forecast, "theta": theta_forecast}


def smoothing_forecast(levels, steps, period=None, methods=("damped", "theta")):
    """The mean of damped-trend and Theta forecasts, seasonally adjusted first.

    Parameters
    ----------
    levels : array-like of shape (n_steps,) or (n_steps, n_variables)
        The (transformed) series, at least 2 steps.
    steps : int
        Steps to forecast.
    period : int or None, default=None
        Seasonal period; the series is seasonally adjusted when its seasonal
        strength exceeds 0.64 (and it holds three seasons).
    methods : tuple of {"damped", "theta"}, default=("damped", "theta")
        The forecasts averaged.

    Returns
    -------
    forecast : ndarray of shape (steps, n_variables)

    Examples
    --------
    >>> import numpy as np
    >>> months = np.arange(60)
    >>> seasonal = 10 + np.sin(months * np.pi / 6)
    >>> forecast = smoothing_forecast(seasonal, 12, period=12)
    >>> float(np.abs(forecast[:, 0] - seasonal[:12]).max()) < 0.05
    True
    """
    levels = np.asarray(levels, dtype=np.float64)
    columns = levels.reshape(len(levels), -1)
    out = np.empty((steps, columns.shape[1]))
    for j, column in enumerate(columns.T):
        seasonal = np.zeros(len(column) + steps)
        if period and period > 1:
            indices, strength = seasonal_indices(column, period)
            if strength > SEASONAL_STRENGTH_THRESHOLD:
                seasonal = indices[np.arange(len(column) + steps) % period]
        adjusted = column - seasonal[: len(column)]
        forecasts = [
            (
                holt_winters_forecast(column, steps, period)
                if seasonal.any()
                else damped_trend_forecast(column, steps)
            )
            if name == "holt-winters"
            else _METHODS[name](adjusted, steps) + seasonal[len(column) :]
            for name in methods
        ]
        out[:, j] = np.mean(forecasts, axis=0)
    return out


class SmoothingModel:
    """Damped Holt-Winters and Theta, fitted once, then forecast from any origin.

    ``fit`` chooses each variable's parameters on the training series (grid,
    one-step squared error); :meth:`forecast_from` runs the recursions with those
    fixed parameters over a series that extends the training one and forecasts
    from any of its steps: the mean of the Holt-Winters and Theta forecasts.
    SeriesForecaster combines it with the regressor's forecast, for predict, for
    one-step forecasts and at every origin of its interval calibration (where
    re-choosing the parameters would cost a grid search per origin).

    Parameters
    ----------
    period : int or None
        Seasonal period: the seasonal model (and the seasonally adjusted Theta)
        when the seasonal strength of the training series exceeds 0.64.

    Examples
    --------
    >>> import numpy as np
    >>> months = np.arange(72)
    >>> seasonal = 5 + np.sin(months * np.pi / 6)
    >>> model = SmoothingModel(period=12).fit(seasonal[:60])
    >>> forecast = model.forecast_from(seasonal, [60, 72], 12)
    >>> forecast.shape, bool(np.abs(forecast[0, :, 0] - seasonal[60:]).max() < 1e-6)
    ((2, 12, 1), True)
    """

    def __init__(self, period=None):
        self.period = period

    def fit(self, levels):
        """Choose the parameters of each variable.

        Parameters
        ----------
        levels : ndarray of shape (n_steps,) or (n_steps, n_variables)
            The training series on the scale it is forecast on (after the log).

        Returns
        -------
        self : SmoothingModel
        """
        columns = _as_columns(levels)
        self.params_ = [self._fit_column(column) for column in columns.T]
        return self

    def _fit_column(self, column):
        """Seasonal indices, Holt-Winters and Theta parameters of one variable."""
        period = self.period if self.period and self.period > 1 else 1
        indices, strength = seasonal_indices(column, period)
        if strength <= SEASONAL_STRENGTH_THRESHOLD:
            period, indices = 1, np.zeros(1)
        grid = np.meshgrid(_ALPHAS, _BETA_FRACTIONS, _PHIS, _GAMMAS, indexing="ij")
        alpha, fraction, phi, gamma = (g.ravel() for g in grid)
        # gamma <= 1 - alpha: the usual admissible region; no seasonal state
        # to update without a seasonal pattern.
        keep = (gamma <= 1 - alpha) & ((gamma == 0) | (period > 1))
        alpha, phi, gamma = alpha[keep], phi[keep], gamma[keep]
        beta = alpha * fraction[keep]
        adjusted = column - indices[np.arange(len(column)) % period]
        zeros = np.zeros_like(_ALPHAS)
        with np.errstate(over="ignore", invalid="ignore"):  # huge series: see _best
            *_, sse = _seasonal_filter(column, period, alpha, beta, phi, gamma, indices)
            *_, theta_sse = _filter(adjusted, _ALPHAS, zeros, zeros)
        best = _best(sse)
        return {
            "period": period,
            "indices": indices,
            "holt_winters": tuple(float(p[best]) for p in (alpha, beta, phi, gamma)),
            "theta_alpha": float(_ALPHAS[_best(theta_sse)]),
            "slope": float(np.polyfit(np.arange(len(column)), adjusted, 1)[0]),
        }

    def forecast_from(self, levels, ends, steps):
        """Forecasts of ``steps`` steps after ``levels[:end]`` for each end.

        Parameters
        ----------
        levels : ndarray of shape (n_steps,) or (n_steps, n_variables)
            A series that the training series starts (or is), on its scale.
        ends : sequence of int
            Origins: the forecast from ``end`` uses ``levels[:end]`` (at least 2).
        steps : int

        Returns
        -------
        forecast : ndarray of shape (len(ends), steps, n_variables)
        """
        columns = _as_columns(levels)
        ends = np.asarray(ends, dtype=int)
        return np.stack(
            [
                _column_forecasts(column, ends, steps, params)
                for column, params in zip(columns.T, self.params_)
            ],
            axis=-1,
        )


def _as_columns(levels):
    """A series as a 2-D float array, one column per variable."""
    levels = np.asarray(levels, dtype=np.float64)
    return levels.reshape(len(levels), -1)


def _recorded_states(column, params):
    """Holt-Winters level, trend and seasonal states and the Theta level after
    each step, for one parameter set (plain floats: one pass, any origin)."""
    period = params["period"]
    alpha, beta, phi, gamma = params["holt_winters"]
    theta_alpha = params["theta_alpha"]
    seasons = list(params["indices"])
    n = len(column)
    levels, trends = np.empty(n), np.empty(n)
    season_states = np.empty((n, period))
    theta_levels = np.empty(n)
    level, trend = float(column[:period].mean()), 0.0
    theta_level = float(column[0] - seasons[0])
    for t, value in enumerate(column.tolist()):
        phase = t % period
        error = value - (level + phi * trend + seasons[phase])
        level, trend = level + phi * trend + alpha * error, phi * trend + beta * error
        seasons[phase] += gamma * error
        adjusted = value - params["indices"][phase]
        if t:
            theta_level += theta_alpha * (adjusted - theta_level)
        levels[t], trends[t], theta_levels[t] = level, trend, theta_level
        season_states[t] = seasons
    return levels, trends, season_states, theta_levels


def _column_forecasts(column, ends, steps, params):
    """One variable's combined forecasts from each end, (len(ends), steps)."""
    period, indices = params["period"], params["indices"]
    phi = params["holt_winters"][2]
    levels, trends, seasons, theta_levels = _recorded_states(column, params)
    horizon = np.arange(1, steps + 1)
    last = ends - 1
    phases = (ends[:, None] + horizon - 1) % period
    damping = np.cumsum(phi**horizon)
    holt_winters = (
        levels[last, None]
        + damping * trends[last, None]
        + np.take_along_axis(seasons[last], phases, axis=1)
    )
    a = params["theta_alpha"]
    drift = params["slope"] / 2 * (horizon - 1 + (1 - (1 - a) ** ends[:, None]) / a)
    theta = theta_levels[last, None] + drift + indices[phases]
    return (holt_winters + theta) / 2
