"""
=========================================
Prediction intervals for the airline data
=========================================

A forecast is more useful with a range around it. We hold out the last two years of
the monthly airline passengers series, forecast them with a
:class:`~sklearn_rnn.SeriesForecaster` and draw its 80% and 95% prediction
intervals, calibrated during ``fit`` on the forecaster's own errors and widened
along the horizon as the fitted model's own impulse response says.
"""

# %%
# Fit and forecast
# ----------------
# ``random_state`` seeds the network, so the forecast and its intervals are the
# same at every run. ``fit`` also trains a copy of the model on all but the last 40
# training months (a third of the series, ``calibration_windows_``) and forecasts
# from each of those months to the end of the training part: those out-of-sample
# errors, with the final model's own errors from every month, set the scale of
# the intervals.
import matplotlib.pyplot as plt

from sklearn_rnn import SeriesForecaster
from sklearn_rnn.datasets import load_airline

passengers = load_airline()
train, holdout = passengers[:-24], passengers[-24:]

forecaster = SeriesForecaster(random_state=0).fit(train)
point = forecaster.predict(24)
intervals = forecaster.predict_interval(24, coverage=[0.8, 0.95])
print(intervals.head(3).round(1))

# %%
# The picture
# -----------
# The band widens with the horizon, as errors accumulate, and it is wider in summer:
# the series is forecast on the log scale, so the interval is a percentage of the
# level (multiplicative), and the summer peaks are the highest levels.
fig, ax = plt.subplots(figsize=(9, 4), layout="constrained")
history = train[-48:]
dates = point.index.to_timestamp()
for coverage, alpha in [(0.95, 0.2), (0.8, 0.35)]:
    ax.fill_between(
        dates,
        intervals[(coverage, "lower")],
        intervals[(coverage, "upper")],
        color="tab:blue",
        alpha=alpha,
        linewidth=0,
        label=f"{coverage:.0%} interval",
    )
ax.plot(history.index.to_timestamp(), history, color="black", label="history")
ax.plot(dates, holdout, color="black", linestyle="--", label="holdout (not seen)")
ax.plot(dates, point, color="tab:blue", label="forecast")
ax.set(
    ylabel="passengers (thousands)", title="Airline passengers: forecast of 1959-1960"
)
ax.legend(loc="upper left")

# %%
# How many holdout months fell inside?
# ------------------------------------
# Coverage is a statement about many forecasts, not about one path: the months of one
# forecast err together (a trend forecast slightly too low is too low every month),
# so a single holdout is often all in or far out. Here:
for coverage in (0.8, 0.95):
    lower, upper = intervals[(coverage, "lower")], intervals[(coverage, "upper")]
    inside = ((holdout >= lower) & (holdout <= upper)).sum()
    print(f"{coverage:.0%} interval: {inside} of {len(holdout)} holdout months inside")

# %%
# Where the width comes from
# --------------------------
# ``calibration_errors_[i, h]`` is the error of the forecast from the ``i``-th
# calibration origin at step ``h + 1``, on the log scale. The interval does not read
# a quantile off each step's few errors: its spread grows as the fitted model's own
# impulse response says (a seasonal difference makes a jump one year ahead), and its
# scale pools every step's errors, out of sample and (``fitted_errors_``) the final
# model's own from every origin of the series. On the log scale the 95% half-width
# is 1.96 times that spread; next to it, each step's own out-of-sample RMS error.
import numpy as np

errors = forecaster.calibration_errors_[:, :24, 0]
spread = (np.log(intervals[(0.95, "upper")]) - np.log(point)) / 1.959964
steps = np.arange(1, 25)
fig, ax = plt.subplots(figsize=(9, 3), layout="constrained")
ax.plot(steps, np.sqrt(np.nanmean(errors**2, axis=0)), marker="o", label="RMS error")
ax.plot(steps, spread.to_numpy(), marker="s", label="spread of the interval")
ax.set(
    xlabel="forecast step (months ahead)",
    ylabel="log error",
    title="Out-of-sample calibration errors by horizon step",
)
ax.legend(loc="upper left")

# %%
# Quantiles and NumPy
# -------------------
# :meth:`~sklearn_rnn.SeriesForecaster.predict_quantiles` gives any quantile
# (``alpha=0.5`` is the point forecast). A forecaster fitted on a NumPy array returns
# arrays: shape ``(steps, 2)`` for one coverage, ``(steps, n_coverages, 2)`` for a
# list, the last axis lower then upper.
print(forecaster.predict_quantiles(3, alpha=[0.05, 0.5, 0.95]).round(1))
numpy_forecaster = SeriesForecaster(seasonal_period=12, random_state=0)
numpy_forecaster.fit(train.to_numpy())
print(numpy_forecaster.predict_interval(3, coverage=[0.8, 0.95]).shape)
