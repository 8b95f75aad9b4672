"""
==========================================
Loss and validation curves, early stopping
==========================================

With ``early_stopping=True``, :class:`~sklearn_rnn.SimpleRNNRegressor` holds out the
**last** ``validation_fraction`` of the rows, scores :math:`R^2` on them after every
epoch and stops when the score has not improved for ``n_iter_no_change`` epochs,
keeping the weights of the best epoch. The rows are windows of one series in time
order, so the last block is the future of everything the network trains on, as a
forecast is; a random split would leak the future into training.

Here we train on a short noisy sine wave and plot the training loss
(``loss_curve_``) and the validation score (``validation_scores_``).
"""

# %%
# A short, noisy series
# ---------------------
# A short series and a large network (64 units, no L2 penalty) overfit easily.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_rnn import SimpleRNNRegressor, make_windows

rng = np.random.default_rng(0)
t = np.arange(500)
series = np.sin(t / 9) + 0.3 * rng.standard_normal(t.size)

X, y = make_windows(series, window=24)
X_train, y_train = X[:-100], y[:-100]  # the last 100 windows are a final test set
X_test, y_test = X[-100:], y[-100:]

# %%
# Train with early stopping
# -------------------------
# The last 20 % of the training rows are the validation block.
params = dict(hidden_size=64, alpha=0.0, learning_rate_init=0.01, random_state=0)
model = SimpleRNNRegressor(
    **params,
    max_iter=150,
    early_stopping=True,
    validation_fraction=0.2,
    n_iter_no_change=30,
)
model.fit(X_train, y_train)
best_epoch = int(np.argmax(model.validation_scores_)) + 1
print(
    f"stopped after {model.n_iter_} epochs; best epoch {best_epoch} with "
    f"validation R^2 = {model.best_validation_score_:.3f}"
)

# %%
# For comparison, the same network trained for all 150 epochs without early stopping
# (``tol=0`` and ``n_iter_no_change=150`` disable the stopping rule, so it ends with
# the :class:`~sklearn.exceptions.ConvergenceWarning` of ``max_iter``, silenced here).
import warnings

from sklearn.exceptions import ConvergenceWarning

full = SimpleRNNRegressor(**params, max_iter=150, tol=0.0, n_iter_no_change=150)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    full.fit(X_train, y_train)
score_early = model.score(X_test, y_test)
score_full = full.score(X_test, y_test)
print(f"test R^2, early stopping (best weights restored): {score_early:.3f}")
print(f"test R^2, 150 epochs without early stopping:     {score_full:.3f}")

# %%
# The curves
# ----------
epochs = np.arange(1, model.n_iter_ + 1)
fig, (ax_loss, ax_score) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
ax_loss.plot(
    np.arange(1, full.n_iter_ + 1),
    full.loss_curve_,
    color="tab:gray",
    label="without early stopping",
)
ax_loss.plot(epochs, model.loss_curve_, color="tab:blue", label="with early stopping")
ax_loss.set(title="Training loss (loss_curve_)", xlabel="epoch", yscale="log")
ax_loss.legend()
ax_score.plot(epochs, model.validation_scores_, color="tab:orange")
ax_score.axvline(
    best_epoch,
    color="gray",
    linestyle="--",
    label=f"best epoch ({best_epoch}): weights kept",
)
ax_score.set(
    title="Validation R$^2$ (validation_scores_)",
    xlabel="epoch",
    ylim=(max(0.5, min(model.validation_scores_) - 0.02), None),
)
ax_score.legend(loc="lower right")
plt.show()

# %%
# The training loss keeps falling while the validation score levels off: past that
# point the network fits the noise of the training windows and the validation score
# falls. Early stopping ends
# training ``n_iter_no_change`` epochs after the best validation score and restores
# the weights of that epoch, so ``model`` above is the model of the dashed line.
#
# Why the *last* block
# --------------------
# Consecutive windows share all but one value. With a random split, most validation
# windows have near-copies in the training set, so the validation score measures
# interpolation, not forecasting. The last block has no such neighbours, except for
# the few windows that straddle the boundary. Below, the validation rows of both kinds
# of split are marked on the series.
n_train = len(X_train)
n_val = int(np.ceil(0.2 * n_train))
random_rows = np.sort(np.random.default_rng(1).choice(n_train, n_val, replace=False))
fig, ax = plt.subplots(figsize=(9, 2.2), layout="constrained")
ax.eventplot(
    [random_rows, np.arange(n_train - n_val, n_train)],
    lineoffsets=[1, 0],
    linelengths=0.7,
    colors=["tab:red", "tab:orange"],
)
ax.set(
    yticks=[0, 1],
    xlabel="row (window) index, in time order",
    yticklabels=["last block\n(this estimator)", "random\n(MLPRegressor)"],
    title="Which rows are held out for validation",
)
plt.show()
