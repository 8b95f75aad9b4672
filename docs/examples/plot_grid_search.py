"""
============================================
Tuning with GridSearchCV and TimeSeriesSplit
============================================

:class:`~sklearn_rnn.SimpleRNNRegressor` is an ordinary scikit-learn estimator, so
:class:`~sklearn.model_selection.GridSearchCV` tunes it. The one rule for series:
split in time order. :class:`~sklearn.model_selection.TimeSeriesSplit` trains each
fold on the past and validates on the block that follows it, as a forecast would be
used.

We tune the number of hidden units and the L2 penalty on the monthly growth rates of
the airline passengers (the log series, differenced, as in
:ref:`sphx_glr_auto_examples_plot_airline_forecast.py`).
"""

# %%
# Data and the time-ordered splits
# --------------------------------
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import TransformedTargetRegressor
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import SimpleRNNRegressor, make_windows
from sklearn_rnn.datasets import load_airline

growth = np.log(load_airline()).diff().dropna()
X, y = make_windows(growth, window=12)
cv = TimeSeriesSplit(n_splits=4, test_size=12)

fig, ax = plt.subplots(figsize=(8, 2), layout="constrained")
for fold, (train_rows, test_rows) in enumerate(cv.split(X)):
    ax.barh(fold, len(train_rows), color="tab:blue")
    ax.barh(fold, len(test_rows), left=test_rows[0], color="tab:orange")
ax.set(
    yticks=range(4),
    yticklabels=[f"fold {i}" for i in range(4)],
    xlabel="row (window) index, in time order",
    title="TimeSeriesSplit: train on the past (blue), validate on the next year",
)
ax.invert_yaxis()

# %%
# The search
# ----------
# Scaling lives inside the estimator (a Pipeline for ``X``, a
# TransformedTargetRegressor for ``y``), so each fold fits its scalers on its own
# training rows only. Nested parameters are named with ``__``, as usual. ``max_iter``
# is kept small so that this page builds quickly; many fits stop at it, and we silence
# the :class:`~sklearn.exceptions.ConvergenceWarning` each of them raises.
import warnings

from sklearn.exceptions import ConvergenceWarning

warnings.filterwarnings("ignore", category=ConvergenceWarning)

model = TransformedTargetRegressor(
    regressor=Pipeline(
        [
            ("scale", StandardScaler()),
            (
                "rnn",
                SimpleRNNRegressor(
                    learning_rate_init=0.01, max_iter=80, random_state=0
                ),
            ),
        ]
    ),
    transformer=StandardScaler(),
)
param_grid = {
    "regressor__rnn__hidden_size": [4, 16, 64],
    "regressor__rnn__alpha": [1e-4, 1e-1, 3.0],
}
search = GridSearchCV(model, param_grid, cv=cv, scoring="r2", n_jobs=1)
search.fit(X, y)
print("best parameters:", search.best_params_)
print(f"best mean R^2 over the folds: {search.best_score_:.3f}")

# %%
# Scores
# ------
results = pd.DataFrame(search.cv_results_)
fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
for shift, (alpha, group) in zip(
    [-0.1, 0, 0.1], results.groupby("param_regressor__rnn__alpha")
):
    group = group.sort_values("param_regressor__rnn__hidden_size")
    ax.errorbar(
        np.arange(len(group)) + shift,  # hidden sizes, side by side
        group["mean_test_score"],
        yerr=group["std_test_score"],
        marker="o",
        capsize=3,
        label=f"alpha = {alpha:g}",
    )
ax.set(
    xticks=range(3),
    xticklabels=param_grid["regressor__rnn__hidden_size"],
    xlabel="hidden_size",
    ylabel="R$^2$ (mean ± std over 4 folds)",
    title="GridSearchCV with TimeSeriesSplit",
)
ax.legend()
plt.show()

# %%
# The error bars are wide: each fold validates on only 12 months. On a short series
# like this one, prefer the simplest model within the noise of the best rather than
# the single best score.
#
# Tuning the window and the differencing: ``SeriesForecaster``
# ------------------------------------------------------------
# The window length cannot be tuned above, because it changes ``X`` itself.
# :class:`~sklearn_rnn.SeriesForecaster` takes the raw series as its data and makes
# the window, the differencing and the scaling parameters of one estimator: ``fit``
# takes a series and ``score`` the series that follows it (the R² of
# one-step-ahead forecasts), which is exactly what
# :class:`~sklearn.model_selection.TimeSeriesSplit` hands over. The network's own
# parameters are reached as ``regressor__<name>``.
from sklearn_rnn import SeriesForecaster

passengers = load_airline()
forecaster = SeriesForecaster().set_params(regressor__random_state=0)
series_search = GridSearchCV(
    forecaster,
    {"window": [6, 12, 24], "differences": [0, 1]},
    cv=TimeSeriesSplit(n_splits=4, test_size=12),
)
series_search.fit(passengers[:-24])  # keep the last two years out of the tuning
print("best parameters:", series_search.best_params_)
pd.DataFrame(series_search.cv_results_)[
    ["param_window", "param_differences", "mean_test_score", "std_test_score"]
].round(3)

# %%
# ``best_estimator_`` is refitted on the whole tuning series and forecasts from its
# end, on the original scale and with the series' monthly index:
series_search.best_estimator_.predict(3)
