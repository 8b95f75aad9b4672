"""SeriesForecaster: from a raw series to a forecast, as one scikit-learn estimator.

The path, and its exact inverse::

    series -> log (optional) -> seasonal differences -> differences -> scaling
           -> make_windows -> regressor -> forecast (recursion or direct)
           -> unscale -> integrate -> seasonal integrate -> exp (optional)
"""

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from ._compat import Interval, StrOptions, _fit_context
from ._conformal import (
    FEW_WINDOWS,
    check_levels,
    impulse_offsets,
    interval_table,
    quantile_table,
    rolling_origin_errors,
    step_quantiles,
    warn_few_windows,
    warn_too_few,
)
from ._differencing import difference, difference_lags, integrate
from ._regressor import SimpleRNNRegressor
from ._scaling import stable_r2_score
from ._series import (
    MAX_STEPS,
    SeriesData,
    check_positive_int,
    future_index,
    index_freq,
    index_state,
    like_series,
    rebuild_index,
    seasonal_period,
)
from ._smoothing import SmoothingModel
from ._transform_choice import (
    SEASONAL_STRENGTH_THRESHOLD,
    choose_transform,
    seasonal_strength,
)
from ._utils import unchanged_on_error, warn_at_caller
from ._windows import _as_numbers, forecast_windows, make_windows

__all__ = ["SeriesForecaster"]

#: calibration_windows="auto" holds out a third of the series, 20 to 48 steps:
#: a larger share leaves the calibration copy too little data (its errors then
#: overstate the final model's), a smaller one too few errors to pool,
#: measured in benchmarks/tune_intervals.py.
_AUTO_CALIBRATION = 48
_AUTO_CALIBRATION_MIN = 20
_AUTO_CALIBRATION_SHARE = 3
#: At most this many latest origins give the in-sample errors of the impulse
#: rule (fitted_errors_): they bound the memory and the cost of fit on a long
#: series; every series of the benchmarks is shorter.
_FITTED_ORIGINS = 1000
#: The impulse response is a finite difference: the last value moves by this
#: fraction of the one-step calibration RMS error, large enough for a float32
#: regressor's rounding and small enough to stay local.
_IMPULSE_FRACTION = 0.01
#: window="auto": 12 steps, or a quarter of the differenced steps, at least 3
#: (benchmarks/tune_defaults.py: validation OWA 0.717 -> 0.683; a third or a sixth
#: 0.685, a cap of 8 instead of 12 0.694).
_AUTO_WINDOW = 12
_AUTO_WINDOW_SHARE = 4
_AUTO_WINDOW_MIN = 3
#: smoothing_weight="backtest" picks the weight of the smoothing forecast among
#: these by the calibration backtest's one-step squared error (validation OWA
#: 0.782-0.786 -> 0.761-0.763 against a fixed 0.5; see the class Notes).
_WEIGHT_CHOICES = (0.25, 0.5, 0.75)
#: The weight without a backtest to choose it (fewer than FEW_WINDOWS windows).
_WEIGHT_UNCHOSEN = 0.5


def _default_regressor():
    """The regressor used when ``regressor=None`` (see SeriesForecaster's Notes)."""
    return SimpleRNNRegressor(alpha=10.0, learning_rate_init=1e-2, max_iter=200)


class SeriesForecaster(BaseEstimator):
    """Forecast a series with any regressor: transform, difference, scale, window.

    ``fit(series)`` learns a regressor on windows of the transformed series:
    optional log, seasonal differences, ordinary differences, then standard scaling
    learnt on the training series. ``predict(steps)`` forecasts the next ``steps``
    values and maps them back exactly to the original scale, integrating from the
    last observed values. ``score(series)`` scores one-step-ahead predictions on a
    series that directly follows the fitted one, so that
    :class:`~sklearn.model_selection.GridSearchCV` with
    :class:`~sklearn.model_selection.TimeSeriesSplit` tunes every parameter
    (including the regressor's, as ``regressor__<name>``) on a raw series.

    Parameters
    ----------
    regressor : estimator or None, default=None
        Any scikit-learn regressor, cloned before fitting (the one given is never
        changed). None uses ``SimpleRNNRegressor(alpha=10.0,
        learning_rate_init=1e-2, max_iter=200)`` (see Notes); setting
        ``regressor__<name>`` on None first replaces None by that regressor. A
        :class:`~sklearn_rnn.SimpleRNNRegressor` gets ``input_size`` set to the
        number of variables of the series.
    window : int or "auto", default="auto"
        Number of past (differenced) steps the regressor sees, at least 1.
        "auto" is 12, or for a short series a quarter of the steps left after
        the differences, at least 3: a 30-year series gets a window of 7, so
        that the regressor has a few windows per weight of its input (see
        Notes). A series too short for an int window (after the differences
        and the horizon) gets the longest window it has room for, with a
        warning (``window_``).
    horizon : int, default=1
        Steps predicted per window. 1: one-step model, multi-step forecasts by
        recursion. ``k > 1``: direct multi-output model of the next ``k`` steps
        (recursion by blocks of ``k`` when all variables are targets).
    differences : int or "auto", default="auto"
        Number of ordinary differences ``x[t] - x[t-1]`` (0 for none). "auto"
        differences once in all: 0 when a seasonal difference is applied (it
        already removes a linear trend), else 1.
    seasonal_period : int, "auto" or None, default="auto"
        Lag of the seasonal differences. "auto" reads it from the frequency of a
        pandas DatetimeIndex or PeriodIndex (12 for monthly, 4 quarterly, 52
        weekly, 7 daily, 5 business-daily, 24 hourly) and uses none otherwise (NumPy
        input, other indexes).
    seasonal_differences : int or "auto", default="auto"
        Number of seasonal differences ``x[t] - x[t-seasonal_period]``; ignored
        without a seasonal period. "auto" takes one when the seasonality of the
        transformed training series is strong (seasonal strength above 0.64, see
        Notes) and none otherwise, so white noise or a random walk with a monthly
        index is not seasonally differenced; a series of fewer than three seasons,
        too short to measure it, gets one. A series too short for them plus the
        window and the horizon (e.g. under 65 weeks for period 52) is fitted
        without them, with a warning (``seasonal_differences_``); "auto"
        ``differences`` then takes one ordinary difference.
    transform : {"auto", "log"} or None, default="auto"
        Applied before differencing. "log" takes the natural log (the series must
        be positive), which turns growth in percent and a seasonal amplitude that
        grows with the level into additive patterns. "auto" is "log" when every
        value of the training series is positive and the log stabilises its
        variance (Guerrero's criterion between the log and no transform on
        blocks of one season; see Notes) or the series is too short for two
        such blocks, else None.
    scale : bool, default=True
        Standardise each variable of the differenced training series (mean 0,
        standard deviation 1, learnt in ``fit``) before windowing.
    target : label, list of labels or None, default=None
        For several variables: the variable(s) to forecast (see
        :func:`~sklearn_rnn.make_windows`). None forecasts all of them. When only
        some variables are targets, the next window cannot be built from the
        forecast, so ``predict(steps)`` needs ``steps <= horizon`` (direct
        multi-step); a larger ``steps`` raises a ``ValueError``.
    calibration_windows : int or "auto", default="auto"
        Number of forecast origins of the rolling-origin backtest that calibrates
        :meth:`predict_interval` and :meth:`predict_quantiles`: fit holds out the
        last ``calibration_windows`` steps of the series, fits a copy of the
        model on the rest, and forecasts from each held-out step to the end of
        the series (step ``h`` gets ``calibration_windows - h + 1`` errors).
        "auto" holds out a third of the series, at least 20 and at most 48
        steps (and no more than leave the copy a series it can be fitted on).
        0 skips calibration (fit then costs one regressor fit, and the interval
        methods raise). See the Notes for the cost.
    random_state : int, RandomState instance or None, default=None
        Seeds the regressor (and its calibration copy): every parameter named
        ``random_state`` or ``<step>__random_state`` of the regressor is set to
        one integer drawn from it at each fit, so an int makes the forecast
        reproducible with one argument. None leaves the regressor's own
        ``random_state`` as it is.
    smoothing_weight : float in [0, 1], "backtest" or "auto", default="auto"
        Weight of a statistical forecast in the final one: the forecast is
        ``(1 - w) * regressor's + w * smoothing's`` on the transformed scale,
        where the smoothing forecast is the mean of a damped-trend Holt-Winters
        and a Theta forecast in NumPy, fitted on the transformed series (see
        Notes). It applies to :meth:`predict`, the one-step forecasts of
        :meth:`score` and the calibration of the intervals. "backtest" chooses
        ``w`` at fit among 0.25, 0.5 and 0.75: the one whose combination has
        the lowest one-step squared error in the calibration backtest (the
        copy fitted without the last ``calibration_windows_`` steps,
        forecasting each of them; no extra fit), or 0.5 with fewer than 10
        calibration windows (a short series, or ``calibration_windows=0``).
        "auto" is "backtest" with the default
        regressor (``regressor=None``) and 0 with a regressor you pass, which
        then forecasts alone. Setting ``regressor__<name>`` on None puts the
        default regressor in place and sets an "auto" ``smoothing_weight`` to
        "backtest", so the default model keeps its combination.
    interval_method : {"impulse", "conformal"}, default="impulse"
        How :meth:`predict_interval` and :meth:`predict_quantiles` turn the
        calibration errors into bounds (see Notes). "impulse": normal bounds
        whose spread grows with the horizon as the fitted forecaster's own
        impulse response says, scaled by the calibration errors of the first
        steps; the lower interval score in rolling-origin validation on real
        series (see Notes). "conformal": per horizon step, the split-conformal
        quantile of that step's absolute errors, free of the normal assumption
        but noisier with few errors. It only affects the interval methods, so it
        can be changed after fit.

    Attributes
    ----------
    regressor_ : estimator
        The fitted clone of ``regressor``.
    seasonal_period_ : int or None
        The seasonal period of the series (from its index for "auto").
    seasonal_differences_ : int
        The number of seasonal differences used (0 when the series is too short
        for them, with a warning).
    differences_ : int
        The number of ordinary differences used.
    window_ : int
        The window used: ``window``, or fewer steps for a series too short for
        it (with a warning).
    horizon_ : int
        The horizon used.
    transform_ : "log" or None
        The transform used.
    mean_, scale_ : ndarray of shape (n_variables,)
        Scaling of the differenced, transformed training series (0 and 1 when
        ``scale=False``).
    n_variables_ : int
        Number of variables of the fitted series.
    target_columns_ : list of int
        Positions of the forecast variables.
    calibration_windows_ : int
        The number of calibration windows used (0: no intervals).
    smoothing_weight_ : float
        The weight of the smoothing forecast used (``smoothing_weight`` resolved,
        "backtest" chosen).
    calibration_errors_ : ndarray of shape (`calibration_windows_`, \
`calibration_windows_`, n_targets)
        ``calibration_errors_[i, h]``: the error (true minus forecast, on the
        transformed scale) at step ``h + 1`` of the forecast from the ``i``-th
        calibration origin; NaN past the end of the series.
    fitted_errors_ : ndarray of shape (n_origins, `calibration_windows_`, \
n_targets)
        The final model's own (in-sample) errors, forecasting
        ``calibration_windows_`` steps from every origin of the training
        series that has a full history before it (the latest 1000 of a longer
        series); NaN past the end. The
        impulse rule's scale averages their variance with that of
        ``calibration_errors_``.

    Notes
    -----
    **The defaults and the rule behind them.** Log of a positive series when it
    stabilises the variance: Guerrero's criterion, comparing the block-wise
    ``sd / mean ** (1 - power)`` of blocks of one season (two steps without a
    period) for the log (power 0) and no transform (power 1), and taking the
    one that varies less across blocks (a seasonal amplitude that grows with
    the level becomes constant). Then one difference in all: seasonal, at the
    period of the index frequency, when the transformed series is strongly
    seasonal (the log growth over a year, which also removes a linear trend),
    else ordinary. Strongly seasonal: a seasonal strength
    ``max(0, 1 - var(remainder) / var(seasonal + remainder))`` of a classical
    decomposition above 0.64 (Wang, Smith & Hyndman 2006, the default test of
    ``forecast::nsdiffs``); white noise or a random walk of 12 years of months
    scores about 0.0-0.2. The window is 12 steps, one year of monthly data,
    shortened on a short series to a quarter of the steps left after the
    differences (at least 3; a 40-year series gets 9). After this transform
    little structure is
    left to learn from the ~100 windows of a typical monthly series, so the
    default network is strongly regularised (``alpha=10``; the penalty is
    divided by the number of windows) and trained briefly (200 full-batch Adam
    epochs at ``learning_rate_init=1e-2``, well under a second); on such short
    series it stays close to a smooth, nearly constant model of the
    transformed series (e.g. a steady yearly growth rate). Its forecast is
    combined, on the transformed scale, with a statistical one: the mean of an
    additive damped-trend Holt-Winters forecast and a Theta forecast (simple
    exponential smoothing plus half the linear slope), both on the transformed
    series, seasonally adjusted by a classical decomposition when its seasonal
    strength exceeds 0.64; their parameters are chosen at fit on a grid by the
    one-step in-sample squared error (:mod:`sklearn_rnn._smoothing`, NumPy
    only). The weight of the statistical forecast, 0.25, 0.5 or 0.75, is the
    one with the lowest one-step squared error in the calibration backtest
    (``smoothing_weight="backtest"``): the network wins on a series it can
    learn, the smoothing on one too short or too noisy for it.

    The transform rule and the combination were chosen by rolling-origin
    validation inside the training parts of 18 real monthly, quarterly and
    yearly series (``benchmarks/tune_defaults.py``; the last ``h`` values of
    each series, which ``benchmarks/bench_forecast.py`` scores, are never
    read): three origins per series, ``h`` = 18, 8 or 6 steps ahead, OWA
    against seasonal naive. The former defaults scored 0.866; Guerrero's log
    0.785; with the combination 0.717; with the "auto" window (a quarter of
    the differenced steps, at most 12) 0.683 (AutoETS 0.656, AutoARIMA 0.694 on
    the same origins; the window changes only the short yearly series; a third
    or a sixth instead of a quarter 0.685, a cap of 8 0.694). The
    seasonal-strength test costs nothing there (0.717 in both cases, 3 seeds:
    every dev series with a period is strongly seasonal) and keeps a
    non-seasonal series with a seasonal index from being differenced at its
    period. Measured and not adopted: an ordinary difference by a KPSS test
    (0.868-0.969 without it), windows of two or three seasons (1.01, 1.21),
    ensembles of 3 networks (no gain: the regularised network barely depends
    on its seed), ``alpha`` 1 or 100 (0.79, 0.76), weights of a third for each
    of network, Holt-Winters and Theta instead of halves (worse by 0.02),
    smoothing weights 0.4 or 0.6 with the "auto" window (0.681, 0.695), early
    stopping on the last fifth (0.676-0.696 across seeds). A ridge
    autoregression in place of the network scored 0.668 with the "auto"
    window (networks on its residuals added nothing measurable); the default
    stays a network, within 2% of it. The weight chosen per series by the
    backtest instead of a fixed 0.5 was measured later, with five origins
    inside the training parts of those 18 series and of 18 other series (the
    test set of ``benchmarks/bench_forecast.py``, whose last ``h`` values are
    not read either; ``tune_defaults.py --set both --origins 5``, 2 seeds):
    OWA 0.761-0.763 against 0.782-0.786 for a fixed 0.5 (fixed 0.25, 0.3, 0.4,
    0.75: 0.764-0.769, 0.762-0.767, 0.767-0.772, 0.840-0.842; AutoARIMA 0.807,
    AutoETS 0.849 on the same origins). Choosing also with fewer than 10
    calibration windows scored 0.753-0.755 there, from 10 of the 170 folds, but
    on prefixes of one to two seasons of the same series it lowered the 95%
    intervals' coverage from 84.5% to 79.9% (MSIS 36.01 against 34.46), so
    such short series keep 0.5. Choosing among more combinations on the same
    backtest was worse (weights 0 to 1 by tenths 0.762 against 0.754 for the
    three, both without that limit; quarters of network, Holt-Winters and Theta
    0.771): with 20 to 48 one-step errors, three choices are what the backtest
    can tell apart.

    The network's settings, the seasonal difference and the window come from an
    earlier rolling-origin validation on the first 120 months of the airline
    series only: fits on the first 72, 84 and 96 months, each scored
    on the next 24 months (one-step and 24-step recursive MAPE, summed; 3 seeds),
    among log or not, ``differences`` 0-1, ``seasonal_differences`` 0-1, windows
    of 12 and 24, ``hidden_size`` 8-32 and ``alpha`` from 1e-4 to 10. More weight
    decay was better throughout. Log with one seasonal difference had the lowest
    24-step error; adding an ordinary difference (the Box-Jenkins "airline"
    transform) had the lowest one-step error but a higher 24-step one, as
    recursion integrates twice. The last 24 months (the benchmark's holdout)
    are not part of this validation. For a long series (thousands of windows)
    lower ``regressor__alpha`` and tune it, with ``window`` and ``differences``,
    by GridSearchCV with TimeSeriesSplit.

    **score** returns the R^2 of one-step-ahead forecasts on the original scale:
    for each step of ``series`` the model sees the true values before it (the
    fitted series' tail, then ``series`` itself) and predicts that step. ``series``
    must start right after the fitted series, as the test blocks of
    :class:`~sklearn.model_selection.TimeSeriesSplit` do. To tune on multi-step
    forecasts instead, pass ``scoring=make_forecast_scorer(metric, steps=...)``
    (see :func:`~sklearn_rnn.make_forecast_scorer`; a plain string scorer cannot
    score a forecaster, see :meth:`score`).

    **Intervals** (:meth:`predict_interval`, :meth:`predict_quantiles`) are
    calibrated at fit on the forecaster's own errors. A copy with
    the resolved settings (transform, differencing, window, seed) is fitted on
    the series minus its last ``calibration_windows_`` steps; from each of those
    steps it forecasts to the end of the series, seeing the true values before
    the step, and the errors are kept per horizon step on the transformed scale
    (``calibration_errors_``). Bounds are the point forecast plus offsets on
    that scale, mapped back through the transform, so a log series gets
    multiplicative intervals.

    With ``interval_method="impulse"`` the error ``h`` steps ahead is taken as
    normal with standard deviation ``sigma * g_h``. The growth ``g_h = sqrt(1 +
    psi_1 ** 2 + ... + psi_{h-1} ** 2)`` is the spread that one-step shocks
    build up through the fitted forecaster itself: ``psi_m`` is the change of
    its ``m``-step forecast per unit change of the last observed value (the
    impulse response, by a finite difference through the regressor, the
    differencing and the smoothing combination; ``psi_m = 1`` for a random walk,
    whose spread grows like ``sqrt(h)``, and a seasonal difference adds a jump
    one season ahead). ``sigma ** 2`` is the mean of two variances of the
    errors of every calibrated step, each divided by its ``g_h``: the copy's
    out-of-sample errors from the recent origins, which overstate the final
    model's (the copy had less data), and the final model's own errors from
    every origin of the series (``fitted_errors_``, in sample, as an
    exponential smoothing model's variance comes from its residuals), which
    understate them; a regressor that fits its training windows exactly
    still keeps half the out-of-sample variance. The bound at coverage ``c``
    is ``z((1 + c) / 2) * sigma * g_h``. This uses every error for one scale,
    instead of a quantile per step from that step's errors alone, and takes
    the shape across the horizon from the model rather than from the few
    errors of far steps. For several targets each gets its own ``sigma`` and
    growth (effects of one variable on another are left out). Fewer than 10
    calibration windows warn: the scale then rests on few errors.

    With ``interval_method="conformal"`` the bound at step ``h`` and coverage
    ``c`` is the ``ceil((n + 1) * c)``-th smallest of the ``n`` absolute errors
    at step ``h``, made non-decreasing in ``h``. A step with too few errors for
    ``c`` (``n < c / (1 - c)``: 19 for 95%, 9 for 90%) takes the last
    calibrated step's bound times ``sqrt(h / last)``; a coverage above 80% the
    first step has too few errors for warns and takes the calibrated 80%
    bounds times ``z((1 + c) / 2) / z(0.9)`` (1.53 for 95%), or with fewer than
    4 windows the largest one-step error grown by ``sqrt(h)``.

    What ``coverage`` promises: over many forecasts, about a fraction ``c`` of
    future values fall inside, if the errors of the next forecast behave like
    those of the recent past; it is not a promise about one path, whose steps
    err together. A structural break, a short calibration block or a regime
    the block did not see make it optimistic; the impulse rule also assumes
    roughly normal errors, so heavy tails make its 95% bounds optimistic and
    its 80% bounds cautious.

    These choices were measured by rolling-origin validation inside the
    training parts of the 18 dev and 18 test series of
    ``benchmarks/bench_forecast.py`` (their holdouts unseen; 5 origins each,
    170 forecasts, 2 seeds; ``benchmarks/tune_intervals.py --set both``). Mean
    coverage of the 80% / 95% intervals and mean scaled interval score (MSIS,
    M4's, at 95%), with the smoothing weight chosen by the backtest: the
    impulse rule as described 0.77 / 0.92 and 11.12; with the in-sample errors
    of the calibration origins only, pooled over the first quarter of the
    steps (the rule before) 0.78 / 0.92 and 11.39; with the out-of-sample
    errors alone 11.79, the in-sample ones alone 0.76 / 0.90 and 11.39;
    pooling the first quarter of the steps 11.13, step 1 alone 11.51; 48
    windows on every series 11.63; per-step normal bounds from each step's RMS
    error 12.11; the conformal rule 13.04; statsforecast's AutoETS on the same
    forecasts 0.79 / 0.91 and 13.18 (with the fixed weight 0.5 before: the
    impulse rule 11.20, the rule before 12.28). Earlier measurements on 9
    other real series and 24 simulated ones chose errors on the transformed
    scale (the original scale covered less) and one fit of the copy:
    refitting it at every origin changed coverage by under 0.01 at 23 times
    the cost of the calibration.

    **Cost.** With calibration, fit trains the regressor twice (the copy on a
    series shorter by ``calibration_windows_`` steps) and makes two batched
    recursive forecasts of ``calibration_windows_`` steps, the copy's from the
    calibration origins and the final model's from every origin (one
    ``predict`` call per step for all origins at once): about twice the cost
    of ``calibration_windows=0`` with the default network on the airline
    series.
    The interval methods then cost one point forecast, plus one per target for
    the impulse response ("impulse").

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn_rnn import SeriesForecaster
    >>> line = 3.0 * np.arange(100) + 5
    >>> model = SeriesForecaster(LinearRegression(), window=3, differences=1)
    >>> model.fit(line).predict(3).round(6)
    array([305., 308., 311.])

    A monthly pandas series keeps its index, and the defaults apply the log and
    the seasonal (12) difference:

    >>> from sklearn_rnn.datasets import load_airline
    >>> passengers = load_airline()
    >>> model = SeriesForecaster().set_params(regressor__random_state=0)
    >>> _ = model.fit(passengers[:-12])
    >>> model.seasonal_period_, model.differences_, model.transform_
    (12, 0, 'log')
    >>> model.predict(2).index
    PeriodIndex(['1960-01', '1960-02'], dtype='period[M]', name='month')
    >>> model.score(passengers[-12:]) > 0.9
    True
    """

    _parameter_constraints: dict = {
        "regressor": "no_validation",
        "window": [Interval(Integral, 1, None, closed="left"), StrOptions({"auto"})],
        "horizon": [Interval(Integral, 1, None, closed="left")],
        "differences": [
            Interval(Integral, 0, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "seasonal_period": [
            Interval(Integral, 2, None, closed="left"),
            StrOptions({"auto"}),
            None,
        ],
        "seasonal_differences": [
            Interval(Integral, 0, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "transform": [StrOptions({"auto", "log"}), None],
        "scale": ["boolean"],
        "target": "no_validation",
        "calibration_windows": [
            Interval(Integral, 0, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "random_state": ["random_state"],
        "smoothing_weight": [
            Interval(Real, 0, 1, closed="both"),
            StrOptions({"auto", "backtest"}),
        ],
        "interval_method": [StrOptions({"impulse", "conformal"})],
    }

    def __init__(
        self,
        regressor=None,
        *,
        window="auto",
        horizon=1,
        differences="auto",
        seasonal_period="auto",
        seasonal_differences="auto",
        transform="auto",
        scale=True,
        target=None,
        calibration_windows="auto",
        random_state=None,
        smoothing_weight="auto",
        interval_method="impulse",
    ):
        self.regressor = regressor
        self.window = window
        self.horizon = horizon
        self.differences = differences
        self.seasonal_period = seasonal_period
        self.seasonal_differences = seasonal_differences
        self.transform = transform
        self.scale = scale
        self.target = target
        self.calibration_windows = calibration_windows
        self.random_state = random_state
        self.smoothing_weight = smoothing_weight
        self.interval_method = interval_method

    def set_params(self, **params):
        """Set parameters; ``regressor__<name>`` on ``regressor=None`` first puts
        the default regressor in its place (and an "auto" ``smoothing_weight``
        to "backtest", the default model's combination).

        Parameters
        ----------
        **params : dict
            Parameters of this estimator and, as ``regressor__<name>``, of the
            regressor.

        Returns
        -------
        self : SeriesForecaster
        """
        nested = any(key.startswith("regressor__") for key in params)
        if nested and params.get("regressor", self.regressor) is None:
            params = {**params, "regressor": _default_regressor()}
            # The default model keeps its combination (see smoothing_weight).
            if params.get("smoothing_weight", self.smoothing_weight) == "auto":
                params["smoothing_weight"] = "backtest"
        return super().set_params(**params)

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None):
        """Fit the regressor on windows of the transformed series ``X``.

        With calibration on (``calibration_windows`` not 0) fit also trains a
        copy of the regressor on ``X`` minus its last ``calibration_windows_``
        steps and forecasts from each of those steps, for the intervals: about
        two fits of the regressor plus one batched recursive forecast (see the
        class Notes).

        Parameters
        ----------
        X : array-like of shape (n_steps,) or (n_steps, n_variables), \
pandas Series or DataFrame
            The series, oldest value first. A date, period or duration index
            must be strictly increasing (else a ValueError); dates with no
            regular frequency warn (no seasonal period, forecasts numbered by
            step).
        y : None
            Ignored; present so that scikit-learn's model selection tools work.

        Returns
        -------
        self : SeriesForecaster
            The fitted forecaster.
        """
        # A failed fit leaves a RandomState passed as random_state where it was.
        generator = self.random_state
        saved = (
            generator.get_state()
            if isinstance(generator, np.random.RandomState)
            else None
        )
        try:
            with unchanged_on_error(self):
                data = SeriesData(X)
                _warn_if_irregular(data.index)
                self._fit_seed = self._draw_seed()
                self._fit(data)
                self._calibrate(X, data)
        except BaseException:
            if saved is not None:
                generator.set_state(saved)
            raise
        return self

    def _fit(self, data):
        """Resolve the transform, differencing and window, then fit the regressor."""
        self._resolve_structure(data)
        self.target_columns_, single_target = data.target_columns(self.target)
        self.n_variables_ = data.n_variables
        self._labels = data.labels
        self._named = data.index is not None  # pandas: columns are matched by name
        self._squeeze = single_target or data.is_1d  # forecasts are 1-D
        differenced = self._differenced(data.values)
        self.mean_, self.scale_ = _standardisation(differenced, self.scale)
        target = None
        if self.target is not None:
            target = self.target_columns_[0] if single_target else self.target_columns_
        scaled = self._scale(differenced)
        windows, targets = make_windows(
            scaled[:, 0] if data.is_1d else scaled,
            self.window_,
            horizon=self.horizon_,
            target=target,
        )
        self.regressor_ = self._new_regressor(data.n_variables)
        self.regressor_.fit(windows, targets)
        self._fit_smoothing(data.values)
        # Enough of the raw series to rebuild the last window and integrate from.
        self._history = data.values[-self._history_length() :].copy()
        self._index_state = None if data.index is None else index_state(data.index)

    def _resolve_structure(self, data):
        """Store what fit resolves (predict reads only these): transform,
        differencing, window and horizon, simplified for a short series."""
        period = self.seasonal_period
        if period == "auto":
            period = seasonal_period(data.index)
        self.transform_ = self._resolve_transform(data.values, period)
        n_seasonal = self._seasonal_differences(data.values, period)
        differences = self._ordinary_differences(n_seasonal)
        n_seasonal, differences, window = self._fit_in(
            data.n_steps, period, n_seasonal, differences
        )
        self.seasonal_period_ = period
        self.seasonal_differences_ = n_seasonal
        self.differences_ = differences
        self.window_, self.horizon_ = window, self.horizon

    def _fit_in(self, n_steps, period, n_seasonal, differences):
        """Seasonal differences, differences and window that ``n_steps`` steps
        have room for: without the seasonal difference, then with a smaller
        window, each with a warning; an error below window 1."""
        horizon = self.horizon
        lags = differences + (period or 0) * n_seasonal
        window = self._window(n_steps - lags)
        room = n_steps - horizon  # steps for the differences and the window
        if n_seasonal and room < lags + window:
            message = (
                f"series has {n_steps} steps, too few for {period} * "
                f"{n_seasonal} seasonal difference steps + window "
                f"{window} + horizon {horizon}; fitting without the seasonal "
            )
            n_seasonal = 0
            if self.differences == "auto":
                differences = self._ordinary_differences(n_seasonal)
            window = self._window(n_steps - differences)
            warn_at_caller(
                f"{message}difference ({differences} ordinary difference(s))."
            )
        if room - differences < 1:
            raise ValueError(
                f"series has {n_steps} steps, fewer than differences + window + "
                f"horizon = {differences} + 1 + {horizon} = "
                f"{differences + 1 + horizon}, the least a forecaster can be "
                "fitted on. Use a longer series, fewer differences or a smaller "
                "horizon."
            )
        if room - differences < window:
            warn_at_caller(
                f"series has {n_steps} steps, too few for window={window} after "
                f"{differences} difference(s) and horizon {horizon}; using "
                f"window={room - differences}."
            )
            window = room - differences
        return n_seasonal, differences, window

    def _window(self, n_differenced):
        """``window`` resolved for a series of ``n_differenced`` steps after the
        differences: "auto" as the docstring says."""
        if self.window != "auto":
            return self.window
        share = n_differenced // _AUTO_WINDOW_SHARE
        return int(min(_AUTO_WINDOW, max(_AUTO_WINDOW_MIN, share)))

    def _fit_smoothing(self, values):
        """Fit the statistical forecast combined with the regressor's, if any."""
        weight = self._weight_rule()
        if weight == "backtest":  # _calibrate chooses it when it can
            weight = _WEIGHT_UNCHOSEN
        self.smoothing_weight_ = float(weight)
        self._smoothing = None
        self._fitted_values = None
        if self.smoothing_weight_ > 0:
            levels = self._apply_transform(values)[:, self.target_columns_]
            self._smoothing = SmoothingModel(self.seasonal_period_).fit(levels)
            self._fitted_values = values.copy()  # it forecasts from the whole series

    def _weight_rule(self):
        """``smoothing_weight`` with "auto" resolved: "backtest" for the default
        regressor, 0 for one passed."""
        if self.smoothing_weight == "auto":
            return "backtest" if self.regressor is None else 0.0
        return self.smoothing_weight

    def _chooses_weight(self, n_windows):
        """Whether a backtest of ``n_windows`` windows chooses the smoothing
        weight: "backtest", and at least as many errors as the impulse rule
        trusts (on series of one to two seasons, choosing on fewer lowered
        the 95% intervals' coverage from 84.5% to 80%, for a smaller gain in
        point accuracy; ``benchmarks/tune_intervals.py --short``)."""
        return self._weight_rule() == "backtest" and n_windows >= FEW_WINDOWS

    def _combined(self, values, series, ends, steps):
        """The regressor's forecasts ``values`` (n_ends, steps, n_targets) on the
        transformed scale, combined with the smoothing forecasts from ``ends`` of
        the raw ``series``."""
        if self._smoothing is None:
            return values
        levels = self._apply_transform(series)[:, self.target_columns_]
        return self._mixed(values, self._smoothing.forecast_from(levels, ends, steps))

    def _new_regressor(self, n_variables):
        """A fresh clone of the regressor, sized for the variables and seeded."""
        regressor = _default_regressor() if self.regressor is None else self.regressor
        if not (hasattr(regressor, "fit") and hasattr(regressor, "predict")):
            raise TypeError(
                f"regressor must be a scikit-learn regressor (with fit and predict) "
                f"or None, got {regressor!r}."
            )
        regressor = clone(regressor)
        names = regressor.get_params() if hasattr(regressor, "get_params") else {}
        params = {}
        # The windows hold n_variables values per step: also a SimpleRNNRegressor
        # inside a Pipeline, and 1 for a univariate series (an input_size of 2
        # would read a window of 4 steps as 2 steps of 2 variables).
        params.update(
            (name, n_variables)
            for name in names
            if name == "input_size" or name.endswith("__input_size")
        )
        if self._fit_seed is not None:
            params.update(
                (name, self._fit_seed)
                for name in names
                if name == "random_state" or name.endswith("__random_state")
            )
        return regressor.set_params(**params) if params else regressor

    def _draw_seed(self):
        """The integer seed of this fit (None: unseeded), shared by the regressor
        and its calibration copy; a RandomState gives a new one per fit."""
        if self.random_state is None:
            return None
        random_state = check_random_state(self.random_state)
        return int(random_state.randint(np.iinfo(np.int32).max))

    def _calibrate(self, X, data):
        """Rolling-origin errors for the intervals (see predict_interval)."""
        n_windows = self._calibration_size(data.n_steps)
        self.calibration_windows_ = n_windows
        n_targets = len(self.target_columns_)
        self.calibration_errors_ = np.empty((0, 0, n_targets))
        self.fitted_errors_ = np.empty((0, 0, n_targets))
        if n_windows == 0:
            return
        head = X.iloc[: data.n_steps - n_windows] if self._named else None
        if head is None:
            head = data.values[:, 0] if data.is_1d else data.values
            head = head[: data.n_steps - n_windows]
        calibration = clone(self).set_params(
            calibration_windows=0,
            transform=self.transform_,
            seasonal_period=self.seasonal_period_,
            seasonal_differences=self.seasonal_differences_,
            differences=self.differences_,
            window=self.window_,
        )
        calibration._fit_seed = self._fit_seed
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the fit above has said it already
            calibration._fit(SeriesData(head))
        errors = calibration._component_errors(data.values, n_windows)
        if self._chooses_weight(n_windows):
            self.smoothing_weight_ = _best_weight(*errors)
        self.calibration_errors_ = self._mixed(*errors)
        # The final model's in-sample errors from every origin with a full
        # history (the latest _FITTED_ORIGINS), over the calibrated steps: the
        # whole series' part of the impulse rule's scale.
        every = min(data.n_steps - self._history_length(), _FITTED_ORIGINS)
        self.fitted_errors_ = self._origin_errors(data.values, every, n_windows)

    def _origin_errors(self, values, n_windows, steps=None):
        """Errors (transformed scale) of this model's forecasts from each of the
        last ``n_windows`` steps of the raw series ``values``, ``steps`` steps
        ahead (None: to its end)."""
        return self._mixed(*self._component_errors(values, n_windows, steps))

    def _component_errors(self, values, n_windows, steps=None):
        """The errors of ``_origin_errors`` for the regressor's forecasts alone
        and for the smoothing's alone (None without smoothing): the combined
        forecast's errors are their mix (see ``_mixed``)."""
        length = self._history_length()
        levels = self._apply_transform(values)[:, self.target_columns_]

        def regressor_from(origins, steps):
            histories = np.stack([values[end - length : end] for end in origins])
            return self._forecast_levels(histories, self._reach(steps))

        def smoothing_from(origins, steps):
            return self._smoothing.forecast_from(levels, origins, self._reach(steps))

        regressor = rolling_origin_errors(regressor_from, levels, n_windows, steps)
        if self._smoothing is None:
            return regressor, None
        return regressor, rolling_origin_errors(
            smoothing_from, levels, n_windows, steps
        )

    def _mixed(self, regressor, smoothing):
        """The regressor's and the smoothing's forecasts (or their errors, which
        mix as the forecasts do: ``_component_errors``) at the smoothing weight;
        the regressor's alone without smoothing (None)."""
        if smoothing is None:
            return regressor
        weight = self.smoothing_weight_
        return (1 - weight) * regressor + weight * smoothing

    def _calibration_size(self, n_steps):
        """The number of calibration windows: ``calibration_windows`` resolved."""
        # The calibration copy must be fittable on what is left.
        available = n_steps - self._history_length() - self.horizon_
        if self.calibration_windows == "auto":
            share = max(_AUTO_CALIBRATION_MIN, n_steps // _AUTO_CALIBRATION_SHARE)
            return max(0, min(available, _AUTO_CALIBRATION, share))
        if self.calibration_windows > available:
            raise ValueError(
                f"calibration_windows={self.calibration_windows} leaves too few "
                f"steps to fit the calibration copy: the series has {n_steps} "
                f"steps and a fit needs {n_steps - available}. Use at most "
                f"calibration_windows={max(available, 0)}, or 'auto'."
            )
        return self.calibration_windows

    def predict(self, steps):
        """Forecast the next ``steps`` values of the fitted series.

        Parameters
        ----------
        steps : int
            Number of steps after the end of the fitted series, at least 1.

        Returns
        -------
        y_forecast : ndarray, Series or DataFrame of shape (steps,) or \
(steps, n_targets)
            The forecast on the original scale, the same kind as the fitted series.
            pandas results continue its index (the next periods of a regular
            DatetimeIndex or PeriodIndex).
        """
        check_is_fitted(self)
        steps = self._check_steps(steps)
        values = self._invert_transform(self._point_levels(steps))
        _check_finite_forecast(values)
        return self._wrap(values, self._future_index(steps))

    def _check_steps(self, steps):
        """Validate ``steps``, which a subset of targets limits to the horizon."""
        steps = check_positive_int(steps, "steps", maximum=MAX_STEPS)
        if self._reach(steps) < steps:
            raise ValueError(
                f"steps={steps} is more than horizon={self.horizon_}, and only "
                f"{len(self.target_columns_)} of the {self.n_variables_} variables "
                "are targets, so the forecast cannot be fed back to build the next "
                f"window. Fit with horizon >= {steps} (direct multi-step) or "
                "target=None."
            )
        return steps

    def _point_levels(self, steps, moved=None):
        """The forecast after the fitted series on the transformed scale
        (steps, n_targets): the regressor's, combined with the smoothing's.
        ``moved=(column, change)`` forecasts as if the last value of that
        column had been ``change`` higher on the transformed scale."""
        history, series = self._history, self._fitted_values
        if moved is not None:
            history, series = (
                None if values is None else self._moved_last(values, *moved)
                for values in (history, series)
            )
        levels = self._forecast_levels(history[None], steps)
        if self._smoothing is not None:
            levels = self._combined(levels, series, [len(series)], steps)
        return levels[0]

    def _moved_last(self, values, column, change):
        """A copy of the raw ``values`` whose last value of ``column`` is
        ``change`` higher on the transformed scale."""
        values = values.copy()
        last = self._apply_transform(values[-1, column]) + change
        values[-1, column] = self._invert_transform(last)
        return values

    def _reach(self, steps):
        """``steps``, capped at the horizon for a direct model of a subset of
        the variables, which cannot forecast further."""
        if len(self.target_columns_) < self.n_variables_:
            return min(steps, self.horizon_)
        return steps

    def _error_growth(self, steps, errors, base=None):
        """Spread of the error ``h`` steps ahead relative to one step, per
        target: ``sqrt(1 + psi_1 ** 2 + ... + psi_{h-1} ** 2)`` for ``h = 1 ..
        steps``, where ``psi_m`` is the change of the ``m``-step forecast of a
        target per unit change of its last value (the forecaster's impulse
        response, by a finite difference; effects across variables are left
        out). Shape (steps, n_targets), fewer steps for a direct model of a
        subset of the variables (see ``_reach``). ``base``: the point forecast
        (``_point_levels``) of at least ``steps - 1`` steps, if already made."""
        n_targets = len(self.target_columns_)
        steps = self._reach(steps)
        psi = np.zeros((steps - 1, n_targets))
        if steps > 1:
            if base is None:
                base = self._point_levels(steps - 1)
            base = base[: steps - 1]
            one_step = np.sqrt(np.nanmean(errors[:, 0] ** 2, axis=0))
            for k, column in enumerate(self.target_columns_):
                change = _IMPULSE_FRACTION * one_step[k]
                if change > 0:  # no one-step error: the scale is 0 anyway
                    moved = self._point_levels(steps - 1, moved=(column, change))
                    psi[:, k] = (moved[:, k] - base[:, k]) / change
        squares = np.concatenate([np.ones((1, n_targets)), psi**2])
        return np.sqrt(np.cumsum(squares, axis=0))

    def _forecast_levels(self, histories, steps):
        """Forecast ``steps`` steps after each raw history of ``histories``
        (n_histories, at least ``_history_length()`` steps, n_variables) on the
        transformed scale (before exp): shape (n_histories, steps, n_targets).
        All histories share each predict call; their rows are independent."""
        # Time first: difference() and integrate() work along the first axis.
        levels = np.moveaxis(self._apply_transform(histories), 0, 1)
        scaled = self._scale(difference(levels, **self._difference_params()))
        last_windows = np.moveaxis(scaled[-self.window_ :], 0, 1)
        columns = self.target_columns_
        if len(columns) == self.n_variables_:
            future = forecast_windows(
                self.regressor_, last_windows, steps, horizon=self.horizon_
            )
        else:  # direct: one predict gives every step of the targets
            rows = last_windows.reshape(len(last_windows), -1)
            future = _as_numbers(self.regressor_.predict(rows))
            future = future.reshape(len(rows), self.horizon_, -1)[:, :steps]
        differenced = future * self.scale_[columns] + self.mean_[columns]
        values = integrate(
            np.moveaxis(differenced, 0, 1),
            levels[:, :, columns],
            **self._difference_params(),
        )
        return np.moveaxis(values, 1, 0)

    def predict_interval(self, steps, *, coverage=0.9):
        """Forecast intervals that hold the next ``steps`` values with ``coverage``.

        Calibrated at fit on the forecaster's own out-of-sample errors, widened
        along the horizon by its impulse response (``interval_method=
        "impulse"``) or per step by conformal quantiles; see the Notes of the
        class. The point forecast is :meth:`predict`; on a log-transformed
        series the
        interval is symmetric on the log scale (multiplicative) and asymmetric on
        the original one.

        Parameters
        ----------
        steps : int
            Number of steps after the end of the fitted series, at least 1.
        coverage : float or list of float, default=0.9
            Nominal probability, in (0, 1), that a future value lies inside its
            interval. A list gives one interval per coverage.

        Returns
        -------
        intervals : ndarray or DataFrame
            pandas (the forecaster was fitted on pandas): a DataFrame indexed like
            ``predict(steps)`` with columns ``lower`` and ``upper``; a list of
            coverages gives columns ``(coverage, "lower"/"upper")``; a 2-D
            forecast (several or DataFrame targets) adds the variable as the
            outer level: ``(variable, [coverage,] "lower"/"upper")``, as sktime
            does. NumPy: an array of shape ``(steps, [n_targets,] [n_coverages,]
            2)`` with the bracketed axes present under the same rules, the last
            axis lower then upper.

        Warns
        -----
        UserWarning
            With fewer than 10 calibration windows ("impulse"), or too few to
            calibrate the ``coverage`` asked ("conformal": fewer than
            ``coverage / (1 - coverage)``; the bounds then extrapolate the 80%
            bounds with a normal tail, or, with fewer than 4 windows, use the
            largest one-step error).

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.linear_model import LinearRegression
        >>> from sklearn_rnn import SeriesForecaster
        >>> rng = np.random.default_rng(0)
        >>> walk = 100 + rng.normal(size=200).cumsum()
        >>> model = SeriesForecaster(LinearRegression(), window=3).fit(walk)
        >>> bounds = model.predict_interval(3, coverage=0.9)
        >>> bounds.shape
        (3, 2)
        >>> bool((bounds[:, 0] < model.predict(3)).all())
        True
        >>> model.predict_interval(2, coverage=[0.8, 0.95]).shape
        (2, 2, 2)
        """
        check_is_fitted(self)
        steps = self._check_steps(steps)
        coverages, single = check_levels(coverage, "coverage")
        levels = [(1 - c) / 2 for c in coverages] + [(1 + c) / 2 for c in coverages]
        bounds = self._quantiles(steps, levels)
        n_coverages = len(coverages)
        return interval_table(
            bounds[..., :n_coverages],
            bounds[..., n_coverages:],
            coverages,
            single_coverage=single,
            index=self._future_index(steps),
            labels=self._table_labels(),
        )

    def predict_quantiles(self, steps, *, alpha=(0.05, 0.95)):
        """Forecast quantiles of the next ``steps`` values.

        Parameters
        ----------
        steps : int
            Number of steps after the end of the fitted series, at least 1.
        alpha : float or list of float, default=(0.05, 0.95)
            Quantile levels in (0, 1); 0.5 is the point forecast. The quantiles
            at ``(1 - c) / 2`` and ``(1 + c) / 2`` are the bounds of
            ``predict_interval(steps, coverage=c)``.

        Returns
        -------
        quantiles : ndarray or DataFrame
            pandas: a DataFrame indexed like ``predict(steps)`` with one column
            per ``alpha`` (column level ``alpha``), and the variable as the outer
            level for a 2-D forecast. NumPy: shape ``(steps, [n_targets,]
            n_alpha)``.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.linear_model import LinearRegression
        >>> from sklearn_rnn import SeriesForecaster
        >>> rng = np.random.default_rng(0)
        >>> walk = 100 + rng.normal(size=200).cumsum()
        >>> model = SeriesForecaster(LinearRegression(), window=3).fit(walk)
        >>> quantiles = model.predict_quantiles(4, alpha=[0.1, 0.5, 0.9])
        >>> quantiles.shape
        (4, 3)
        >>> bool(np.allclose(quantiles[:, 1], model.predict(4)))
        True
        """
        check_is_fitted(self)
        steps = self._check_steps(steps)
        alphas, _ = check_levels(alpha, "alpha")
        return quantile_table(
            self._quantiles(steps, alphas),
            alphas,
            index=self._future_index(steps),
            labels=self._table_labels(),
        )

    def _quantiles(self, steps, levels):
        """Forecast quantiles at ``levels``, shape (steps, n_targets, n_levels)."""
        if self.calibration_windows_ == 0:
            raise ValueError(
                "the forecaster has no calibration errors to build intervals from: "
                + (
                    "it was fitted with calibration_windows=0. Refit with "
                    "calibration_windows='auto'."
                    if self.calibration_windows == 0
                    else "the series was too short to hold out a calibration "
                    "window. Fit on a longer series."
                )
            )
        # fit validated interval_method, but it may be set afterwards.
        if self.interval_method not in ("impulse", "conformal"):
            raise ValueError(
                "interval_method must be 'impulse' or 'conformal', got "
                f"interval_method={self.interval_method!r}."
            )
        errors = self.calibration_errors_
        if self.interval_method == "conformal":
            offsets, too_few = step_quantiles(errors, levels, steps)
            if too_few:
                warn_too_few(self.calibration_windows_, levels)
            point = self._point_levels(steps)
        else:
            if self.calibration_windows_ < FEW_WINDOWS:
                warn_few_windows(self.calibration_windows_)
            # The growth covers the pooled steps too; one forecast serves as the
            # bounds' centre and as the impulse response's base.
            reach = self._reach(max(steps, self.calibration_windows_))
            point = self._point_levels(reach)
            growth = self._error_growth(reach, errors, base=point)
            offsets = impulse_offsets(
                errors, self.fitted_errors_, growth, levels, steps
            )
            point = point[:steps]
        # Errors were taken on the transformed scale: after a log, multiplicative.
        quantiles = self._invert_transform(point[:, :, None] + offsets)
        _check_finite_forecast(quantiles)
        return quantiles

    def predict_one_step(self, X):
        """One-step-ahead forecasts of a series that follows the fitted one.

        Step ``t`` of ``X`` is predicted from the true values before it: the tail
        of the fitted series, then ``X[:t]``. This is what :meth:`score` scores.
        With ``horizon > 1`` the first step of each direct forecast is used.

        Parameters
        ----------
        X : array-like of shape (n_steps,) or (n_steps, n_variables), \
pandas Series or DataFrame
            The steps right after the fitted series, with its variables (matched
            by column name when both it and the fitted series are DataFrames,
            else by position).

        Returns
        -------
        y_pred : ndarray, Series or DataFrame of shape (n_steps,) or \
(n_steps, n_targets)
            The forecasts on the original scale, indexed like ``X`` for pandas
            input (NumPy for NumPy input).
        """
        check_is_fitted(self)
        data = SeriesData(X)
        if data.n_steps == 0:
            raise ValueError(
                "series has 0 steps; give at least 1 step after the fitted series."
            )
        values = self._one_step(data)
        if data.index is None:
            return values[:, 0] if self._squeeze else values
        return self._wrap(values, data.index)

    def score(self, X, y=None):
        """R^2 of one-step-ahead forecasts of a series that follows the fitted one.

        Each step of ``X`` is predicted from the true values before it (the tail of
        the fitted series, then ``X`` itself), on the original scale; see
        :meth:`predict_one_step`.

        This is what ``GridSearchCV(forecaster, grid, cv=TimeSeriesSplit())``
        maximises when no ``scoring`` is given. A string such as
        ``scoring="neg_mean_absolute_error"`` cannot work: scikit-learn's scorers
        call ``predict(X_test)`` and compare it with ``y_test``, but a forecaster
        fitted on a series has no ``y`` (the test fold *is* the future series)
        and its ``predict`` takes a number of steps, not data. To tune on a
        multi-step forecast error use :func:`~sklearn_rnn.make_forecast_scorer`,
        e.g. ``scoring=make_forecast_scorer("neg_mean_absolute_error",
        steps=12)``: one-step scores favour models that forecast badly many
        steps ahead.

        Parameters
        ----------
        X : array-like of shape (n_steps,) or (n_steps, n_variables), \
pandas Series or DataFrame
            The steps right after the fitted series, with its variables (matched
            by column name when both it and the fitted series are DataFrames,
            else by position).
        y : None
            Ignored.

        Returns
        -------
        score : float
            :func:`~sklearn.metrics.r2_score` of the one-step forecasts of the
            target variables (averaged uniformly over several targets).
        """
        check_is_fitted(self)
        data = SeriesData(X)
        if data.n_steps < 2:
            raise ValueError(
                f"series has {data.n_steps} step(s); R^2 needs at least 2. Score on a "
                "longer block that follows the fitted series."
            )
        values = self._matched_values(data)
        return stable_r2_score(values[:, self.target_columns_], self._one_step(data))

    # -- helpers ----------------------------------------------------------------

    def _matched_values(self, data):
        """The values of ``data`` with the fitted variables in the fitted order:
        by name for a DataFrame after a DataFrame fit, else by position."""
        if data.n_variables != self.n_variables_:
            raise ValueError(
                f"series has {data.n_variables} variables, but the forecaster was "
                f"fitted on {self.n_variables_}; give a continuation of the fitted "
                "series."
            )
        if not (self._named and data.index is not None and data.n_variables > 1):
            return data.values
        if data.labels == self._labels:
            return data.values
        if sorted(map(str, data.labels)) != sorted(map(str, self._labels)):
            raise ValueError(
                f"series has columns {data.labels}, but the forecaster was fitted "
                f"on {self._labels}; give the same variables."
            )
        order = [data.labels.index(label) for label in self._labels]
        return data.values[:, order]

    def _one_step(self, data):
        """One-step forecasts of the steps of ``data``, shape (n_steps, n_targets)."""
        values = self._matched_values(data)
        self._check_follows(data.index)
        levels = self._apply_transform(np.concatenate([self._history, values]))
        differenced = difference(levels, **self._difference_params())
        # One window per step of data: the window + n_steps differenced values give
        # exactly n_steps rows (their targets, the true values, are not needed).
        windows, _ = make_windows(self._scale(differenced), self.window_)
        columns = self.target_columns_
        predicted = _as_numbers(self.regressor_.predict(windows))
        expected = data.n_steps * self.horizon_ * len(columns)
        if predicted.ndim not in (1, 2) or predicted.size != expected:
            raise ValueError(
                f"regressor_.predict returned shape {predicted.shape} for "
                f"{data.n_steps} windows; expected {data.n_steps} rows of "
                f"{self.horizon_ * len(columns)} value(s)."
            )
        # Direct models predict (step, variable) time-major: step 1 comes first.
        predicted = predicted.reshape(data.n_steps, self.horizon_, -1)[:, 0]
        predicted = predicted * self.scale_[columns] + self.mean_[columns]
        # One-step inverse of the differencing: the true level minus the true
        # difference is the part fixed by the past; add the predicted difference.
        true_levels = levels[-data.n_steps :, columns]
        true_differenced = differenced[-data.n_steps :, columns]
        one_step = true_levels - true_differenced + predicted
        if self._smoothing is not None:  # from each step's past, as the regressor
            series = np.concatenate([self._fitted_values, values])
            ends = len(self._fitted_values) + np.arange(data.n_steps)
            one_step = self._combined(one_step[:, None], series, ends, 1)[:, 0]
        values = self._invert_transform(one_step)
        _check_finite_forecast(values)
        return values

    def _seasonal_differences(self, values, period):
        """``seasonal_differences`` resolved: "auto" is one seasonal difference
        when the seasonality of the transformed series is strong, else none."""
        if not period:
            return 0
        if self.seasonal_differences != "auto":
            return self.seasonal_differences
        if len(values) < 3 * period:  # too short to measure: keep the default
            return 1
        levels = self._apply_transform(values)
        strength = np.mean([seasonal_strength(column, period) for column in levels.T])
        return int(strength > SEASONAL_STRENGTH_THRESHOLD)

    def _ordinary_differences(self, n_seasonal):
        """``differences`` resolved: "auto" is one difference in all."""
        if self.differences == "auto":
            return 0 if n_seasonal else 1
        return self.differences

    def _difference_params(self):
        """The fitted differencing, as difference() and integrate() take it."""
        return {
            "differences": self.differences_,
            "seasonal_period": self.seasonal_period_,
            "seasonal_differences": self.seasonal_differences_,
        }

    def _history_length(self):
        """Raw steps needed to rebuild one window: the differencing lags plus it."""
        return sum(difference_lags(**self._difference_params())) + self.window_

    def _differenced(self, values):
        """The transformed, differenced training series; refuses an overflow."""
        with np.errstate(over="ignore", invalid="ignore"):  # refused just below
            differenced = difference(
                self._apply_transform(values), **self._difference_params()
            )
        if not np.isfinite(differenced).all():
            raise ValueError(
                "the differenced series overflows float64 (its values are too "
                f"large: the largest is {np.abs(values).max():.3g}); rescale the "
                "series (e.g. divide it by a power of 10) before fitting."
            )
        return differenced

    def _resolve_transform(self, values, period=None):
        """The transform to use on this training series (of this period)."""
        positive = bool((values > 0).all())
        if self.transform == "auto":
            return choose_transform(values, period)
        if self.transform == "log" and not positive:
            raise ValueError(
                f"transform='log' needs a positive series, but its smallest value is "
                f"{values.min()!r}. Use transform=None (or 'auto'), or shift the "
                "series."
            )
        return self.transform

    def _apply_transform(self, values):
        """The fitted transform, refusing values it cannot take."""
        if self.transform_ == "log":
            if not (values > 0).all():
                raise ValueError(
                    "the forecaster was fitted with a log transform, so the series "
                    f"must be positive, but its smallest value is {values.min()!r}."
                )
            return np.log(values)
        return np.asarray(values, dtype=np.float64)

    def _invert_transform(self, values):
        """Back from the transformed scale."""
        with np.errstate(over="ignore"):  # _check_finite_forecast names overflows
            return np.exp(values) if self.transform_ == "log" else values

    def _scale(self, differenced):
        """Standardise with the fitted mean and scale."""
        return (differenced - self.mean_) / self.scale_

    def _check_follows(self, index):
        """Refuse a pandas series that visibly does not follow the fitted one."""
        if self._index_state is None or index is None or not len(index):
            return
        if not isinstance(index, (pd.PeriodIndex, pd.DatetimeIndex)):
            return
        fitted_index = rebuild_index(self._index_state)
        if not isinstance(fitted_index, type(index)):
            return
        expected = future_index(fitted_index, 1)[0]
        if index[0] != expected:
            raise ValueError(
                f"series must directly follow the fitted series: it starts at "
                f"{index[0]}, but the fitted series ends at {fitted_index[-1]}, so "
                f"{expected} was expected."
            )

    def _future_index(self, steps):
        """The index of the ``steps`` periods after the fitted series, or None."""
        if self._index_state is None:
            return None
        return future_index(rebuild_index(self._index_state), steps)

    def _table_labels(self):
        """The target labels for the variable level of interval tables, or None
        when the forecast is 1-D."""
        if self._squeeze:
            return None
        return [self._labels[column] for column in self.target_columns_]

    def _wrap(self, values, index):
        """Forecasts in the same kind of container as the fitted series."""
        labels = [self._labels[column] for column in self.target_columns_]
        return like_series(values, index, labels, squeeze=self._squeeze)


def _standardisation(differenced, scale):
    """Mean and scale of each variable (0 and 1 when ``scale`` is False); the
    standard deviation is taken on values divided by their largest magnitude so
    that squaring huge values cannot overflow."""
    n_variables = differenced.shape[1]
    if not scale:
        return np.zeros(n_variables), np.ones(n_variables)
    magnitude = np.abs(differenced).max(axis=0)
    magnitude = np.where(magnitude > 0, magnitude, 1.0)
    unit = differenced / magnitude
    mean, std = unit.mean(axis=0) * magnitude, unit.std(axis=0) * magnitude
    return mean, np.where(std > 0, std, 1.0)


def _best_weight(regressor, smoothing):
    """The weight of ``_WEIGHT_CHOICES`` whose mix of the one-step errors of the
    regressor and of the smoothing (n_windows, steps, n_targets) has the lowest
    mean square, relative to the regressor's for each target (so that targets
    on different scales count alike); ties go to the first."""
    regressor, smoothing = regressor[:, 0], smoothing[:, 0]
    reference = np.mean(regressor**2, axis=0)
    reference[reference == 0] = 1.0  # a perfect regressor: plain squares
    losses = [
        np.mean(np.mean(((1 - w) * regressor + w * smoothing) ** 2, axis=0) / reference)
        for w in _WEIGHT_CHOICES
    ]
    return _WEIGHT_CHOICES[int(np.argmin(losses))]


def _warn_if_irregular(index):
    """Dates with no regular frequency must not pass silently: they give no
    seasonal period and no forecast dates."""
    if not isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)) or len(index) < 3:
        return
    if index_freq(index) is None:
        warn_at_caller(
            f"series' index ({index[0]} to {index[-1]}, {len(index)} values) has no "
            "regular frequency: the values are taken as equally spaced, no "
            "seasonal period can be read from the index, and forecasts are numbered "
            f"by step from {len(index)} (a RangeIndex). Resample the series to a "
            "regular frequency first (series.resample) to forecast dates."
        )


def _check_finite_forecast(values):
    """Finite input must not give a silently non-finite forecast."""
    if not np.isfinite(values).all():
        step = int(np.argwhere(~np.isfinite(values))[0][0]) + 1
        raise ValueError(
            f"the forecast overflows float64 at step {step}: undoing the "
            "differencing or the log transform of the predicted changes gives "
            "values too large to represent. Rescale the series, use fewer "
            "differences or transform=None, or forecast fewer steps."
        )
