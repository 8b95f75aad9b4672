"""
==================================
Forecasting the airline passengers
==================================

The bundled monthly airline passengers series (1949-1960) has a trend and a seasonal
pattern whose amplitude grows with the level. We hold out the last two years, train a
:class:`~sklearn_rnn.SimpleRNNRegressor` on the years before, forecast the two years
recursively with :func:`~sklearn_rnn.forecast` and compare with the seasonal naive
forecast (the same month one year earlier).
"""

# %%
# The data
# --------
# :func:`~sklearn_rnn.datasets.load_airline` returns a pandas Series with a monthly
# :class:`~pandas.PeriodIndex`.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_rnn.datasets import load_airline

passengers = load_airline()
train, holdout = passengers[:-24], passengers[-24:]
print(passengers.tail(3))

# %%
# Make the series stationary
# --------------------------
# A ``tanh`` network cannot extrapolate a trend beyond the values it was trained on.
# Taking the log turns the growing seasonal swings into constant ones, and the first
# difference of the log (the monthly growth rate) removes the trend. The network
# learns the growth rates; we undo both transforms on the forecast.
log_train = np.log(train)
growth = log_train.diff().dropna()

fig, ax = plt.subplots(figsize=(8, 2.5), layout="constrained")
growth.plot(ax=ax, color="tab:gray")
ax.set(
    title="Monthly growth rate of the log series (what the network learns)",
    xlabel="",
    ylabel="log difference",
)

# %%
# Windows and the model
# ---------------------
# Twelve months per window let the network see a whole seasonal cycle. Inputs and
# target are standardised (see the scaling page of the user guide): the
# :class:`~sklearn.pipeline.Pipeline` scales the windows, the
# :class:`~sklearn.compose.TransformedTargetRegressor` scales the target and undoes it
# on the prediction.
from sklearn.compose import TransformedTargetRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import SimpleRNNRegressor, forecast, make_windows

X, y = make_windows(growth, window=12)
print(X.shape, list(X.columns[:2]), "...", list(X.columns[-1:]))

model = TransformedTargetRegressor(
    regressor=make_pipeline(
        StandardScaler(),
        SimpleRNNRegressor(
            hidden_size=16, learning_rate_init=0.01, max_iter=300, random_state=0
        ),
    ),
    transformer=StandardScaler(),
)
model.fit(X, y)

# %%
# Forecast two years
# ------------------
# :func:`~sklearn_rnn.forecast` predicts one month, appends it to the window, and
# repeats; the result is indexed by the next 24 months. A cumulative sum of the growth
# rates, started from the last observed log value, undoes the differencing.
growth_forecast = forecast(model, growth, steps=24)
log_forecast = log_train.iloc[-1] + growth_forecast.cumsum()
passenger_forecast = np.exp(log_forecast)

seasonal_naive = np.tile(train[-12:].to_numpy(), 2)  # last year, twice


def rmse(prediction):
    return float(np.sqrt(np.mean((np.asarray(prediction) - holdout.to_numpy()) ** 2)))


print(f"RMSE of the network's forecast: {rmse(passenger_forecast):6.1f}")
print(f"RMSE of the seasonal naive one: {rmse(seasonal_naive):6.1f}")

# %%
# Plot history, holdout and forecast
# ----------------------------------
fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
time = passengers.index.to_timestamp()
ax.plot(time[:-24], train, color="black", label="history (training)")
ax.plot(time[-24:], holdout, color="black", linestyle=":", label="holdout (actual)")
ax.plot(
    time[-24:],
    passenger_forecast,
    color="tab:red",
    linewidth=2,
    label=f"RNN forecast (RMSE {rmse(passenger_forecast):.0f})",
)
ax.plot(
    time[-24:],
    seasonal_naive,
    color="tab:blue",
    linestyle="--",
    label=f"seasonal naive (RMSE {rmse(seasonal_naive):.0f})",
)
ax.axvline(time[-24], color="gray", linewidth=0.8)
ax.set(
    title="Airline passengers: 24-month recursive forecast",
    ylabel="passengers (thousands)",
)
ax.legend(loc="upper left")
plt.show()

# %%
# The network tracks the seasonal shape and the growth of the last two years, which
# the seasonal naive forecast misses (it repeats last year's level). A single
# holdout is a small test, though: :ref:`sphx_glr_auto_examples_plot_grid_search.py`
# evaluates over several time-ordered splits.
