"""
========================================
Direct vs recursive multi-step forecasts
========================================

Two ways to forecast ``k`` steps ahead with a window model (see the forecasting page
of the user guide):

* **recursive**: one next-step model, fed its own predictions ``k`` times
  (:func:`~sklearn_rnn.forecast`);
* **direct**: one model with ``k`` outputs, trained on targets of the next ``k`` steps
  (``make_windows(..., horizon=k)``), predicting them all at once.

We compare them on the airline passengers, forecasting 12 months ahead from each of
12 forecast origins in the last two years, and look at the error by horizon.
"""

# %%
# Data: monthly growth rates of the log series
# --------------------------------------------
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import SimpleRNNRegressor, forecast, make_windows
from sklearn_rnn.datasets import load_airline

warnings.filterwarnings("ignore", category=ConvergenceWarning)

log_passengers = np.log(load_airline())
growth = log_passengers.diff().dropna()
n_train = len(growth) - 24  # train on all but the last two years
train = growth.iloc[:n_train]
window, horizon = 12, 12


def make_model(hidden_size=16):
    return TransformedTargetRegressor(
        regressor=make_pipeline(
            StandardScaler(),
            SimpleRNNRegressor(
                hidden_size, learning_rate_init=0.01, max_iter=300, random_state=0
            ),
        ),
        transformer=StandardScaler(),
    )


# %%
# Two models
# ----------
# The recursive model has one output; the direct model has twelve, one per month
# ahead, sharing the same recurrent cell.
recursive = make_model().fit(*make_windows(train, window))
X_direct, Y_direct = make_windows(train, window, horizon=horizon)
print("direct targets:", Y_direct.shape, list(Y_direct.columns[[0, -1]]))
direct = make_model().fit(X_direct, Y_direct)

# %%
# Forecast from 12 origins
# ------------------------
# From each origin, both models see the true history up to it and forecast the next
# 12 months. :func:`~sklearn_rnn.forecast` runs either model: the direct one predicts
# 12 steps per call, so one call is the whole forecast. We undo the differencing and
# the log and measure the error in passengers.
origins = range(n_train, n_train + 12)
errors = {"recursive": [], "direct": []}
examples = {}
for origin in origins:
    history = growth.iloc[:origin]
    actual = np.exp(log_passengers.iloc[origin + 1 : origin + 1 + horizon]).to_numpy()
    last_log = log_passengers.iloc[origin]  # the log level at the origin
    for name, model in [("recursive", recursive), ("direct", direct)]:
        growth_forecast = forecast(model, history, steps=horizon)
        predicted = np.exp(last_log + np.cumsum(growth_forecast.to_numpy()))
        errors[name].append(np.abs(predicted - actual))
        if origin == origins[0]:
            examples[name] = (growth_forecast.index, predicted)

# %%
# Error by horizon
# ----------------
steps = np.arange(1, horizon + 1)
fig, (ax_error, ax_path) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
for name, color in [("recursive", "tab:red"), ("direct", "tab:green")]:
    mae = np.mean(errors[name], axis=0)
    ax_error.plot(
        steps, mae, marker="o", color=color, label=f"{name} (mean {mae.mean():.1f})"
    )
ax_error.set(
    xlabel="months ahead",
    ylabel="mean absolute error (passengers)",
    title="Error by horizon, 12 origins",
    xticks=steps,
)
ax_error.legend()

passengers = np.exp(log_passengers)
time = passengers.index.to_timestamp()
ax_path.plot(time[-36:], passengers.iloc[-36:], color="black", label="actual")
for name, color in [("recursive", "tab:red"), ("direct", "tab:green")]:
    index, predicted = examples[name]
    ax_path.plot(index.to_timestamp(), predicted, color=color, label=name)
ax_path.set(title="The forecasts from the first origin", ylabel="passengers")
ax_path.legend(loc="upper left")
fig.autofmt_xdate()
plt.show()

# %%
# With so little data the two are close, and which one wins changes with the seed
# and the series. The recursive model feeds its errors back into its inputs; the
# direct model avoids that but learns each horizon from fewer rows (every target row
# needs 12 future values) and cannot forecast past its ``horizon`` without recursion
# of its own. Evaluate both on your data, from several origins, as here.
