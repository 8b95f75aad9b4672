"""
===================================
Multivariate input with a DataFrame
===================================

A window can hold several variables per time step. Here a daily ``demand`` responds,
two to three days late, to a ``temperature`` series. We give the network both
variables, from a :class:`pandas.DataFrame`, and compare with a network that sees
``demand`` alone.

:func:`~sklearn_rnn.make_windows` flattens the windows *time-major* (for each lag,
every variable) and names the columns ``{variable}_t-{lag}``; the estimator then needs
``input_size=2`` (two values per step).
"""

# %%
# A DataFrame with two variables
# ------------------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

rng = np.random.default_rng(0)
n_days = 700
days = pd.date_range("2022-01-01", periods=n_days, freq="D", name="day")
temperature = np.sin(2 * np.pi * np.arange(n_days) / 30) + 0.6 * rng.standard_normal(
    n_days
)
demand = np.zeros(n_days)
for t in range(3, n_days):
    demand[t] = (
        0.5 * demand[t - 1]
        + 0.6 * temperature[t - 2]
        + 0.3 * temperature[t - 3]
        + 0.2 * rng.standard_normal()
    )
frame = pd.DataFrame({"temperature": temperature, "demand": demand}, index=days)
frame.head()

# %%
# Windows of both variables, predicting ``demand``
# -------------------------------------------------
from sklearn_rnn import SimpleRNNRegressor, make_windows

X, y = make_windows(frame, window=7, target="demand")
print(X.shape)
print(list(X.columns[:4]), "...")
print(y.name, y.index[0].date())

# %%
# The columns alternate between the variables, oldest lag first: that is the
# time-major layout, and ``input_size=2`` tells the network to read two columns per
# step. Train on all but the last 100 days.
X_train, X_test = X.iloc[:-100], X.iloc[-100:]
y_train, y_test = y.iloc[:-100], y.iloc[-100:]

both = SimpleRNNRegressor(
    hidden_size=16, input_size=2, learning_rate_init=0.01, max_iter=300, random_state=0
).fit(X_train, y_train)
print("feature names seen in fit:", both.feature_names_in_[:4], "...")
print("steps per window:", both.n_steps_)

# %%
# The same network on ``demand`` alone
# ------------------------------------
# ``target`` picks what to predict; to drop an input, window a smaller frame.
X_alone, y_alone = make_windows(frame[["demand"]], window=7, target="demand")
alone = SimpleRNNRegressor(
    hidden_size=16, learning_rate_init=0.01, max_iter=300, random_state=0
).fit(X_alone.iloc[:-100], y_alone.iloc[:-100])

score_both = both.score(X_test, y_test)
score_alone = alone.score(X_alone.iloc[-100:], y_alone.iloc[-100:])
print(f"test R^2, temperature and demand: {score_both:.3f}")
print(f"test R^2, demand alone:           {score_alone:.3f}")

# %%
# Predictions on the last 100 days
# --------------------------------
# Pandas in, pandas out: ``y_test`` is indexed by the day each prediction is for.
import matplotlib.dates as mdates

fig, ax = plt.subplots(figsize=(9, 3.5), layout="constrained")
ax.plot(y_test.index, y_test, color="black", label="demand (actual)")
ax.plot(
    y_test.index,
    both.predict(X_test),
    color="tab:red",
    label=f"RNN on temperature and demand (R$^2$ = {score_both:.2f})",
)
ax.plot(
    y_test.index,
    alone.predict(X_alone.iloc[-100:]),
    color="tab:blue",
    linestyle="--",
    label=f"RNN on demand alone (R$^2$ = {score_alone:.2f})",
)
ax.set(title="One-step-ahead predictions of demand", ylabel="demand")
ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
low, high = ax.get_ylim()
ax.set_ylim(low, high + 0.25 * (high - low))  # room for the legend above the data
ax.legend(loc="upper center", ncol=3, fontsize=9)
plt.show()

# %%
# The temperature drives the demand two and three days later, so the network that
# reads it predicts much better. A model trained on several variables predicts only
# its targets; to forecast several steps ahead recursively it would also need future
# temperatures, so either forecast every variable (``target=None``, then
# :func:`~sklearn_rnn.forecast` works) or predict several steps directly
# (``horizon=k``).
