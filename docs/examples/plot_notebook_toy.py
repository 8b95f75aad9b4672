"""
===============================================
The original notebook's toy problem, reproduced
===============================================

This project grew from a notebook that trained a recurrent network with 5 sigmoid
units on the series 0.5, 1.0, 1.5, 2.0, 2.5, reading windows of length 1 (each value
predicts the next), printed the loss every 100 epochs, and back-propagated through
one time step only. After 1000 epochs its loss (the sum of squared errors over the
four windows, halved) was 0.0152.

We reproduce it with :class:`~sklearn_rnn.SimpleRNNRegressor`, then show what full
backpropagation through time (BPTT), which the estimator does, changes once windows
are longer than one step.
"""

# %%
# The toy problem
# ---------------
# ``activation="sigmoid"`` is the notebook's cell. ``alpha=0`` (no penalty) and Adam
# with a step of 0.01; each :meth:`~sklearn_rnn.SimpleRNNRegressor.partial_fit` call is
# one epoch, so we can print the loss every 100 epochs as the notebook did.
import matplotlib.pyplot as plt
import numpy as np

from sklearn_rnn import SimpleRNNRegressor, make_windows

NOTEBOOK_LOSS = 0.0152  # the notebook's loss after 1000 epochs

series = np.array([0.5, 1.0, 1.5, 2.0, 2.5])
X, y = make_windows(series, window=1)
print(np.column_stack([X, y]))  # window -> next value

model = SimpleRNNRegressor(
    5, activation="sigmoid", alpha=0.0, learning_rate_init=0.01, random_state=0
)
losses = []
for epoch in range(1, 1001):
    model.partial_fit(X, y)
    losses.append(0.5 * np.sum((model.predict(X) - y) ** 2))
    if epoch % 100 == 0:
        print(f"epoch {epoch:4d}  loss {losses[-1]:.6f}")
print("predictions:", model.predict(X).round(3), " targets:", y)

# %%
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
ax.plot(np.arange(1, 1001), losses, color="tab:blue", label="SimpleRNNRegressor")
ax.axhline(
    NOTEBOOK_LOSS,
    color="tab:red",
    linestyle="--",
    label=f"the notebook after 1000 epochs ({NOTEBOOK_LOSS})",
)
ax.set(
    yscale="log",
    xlabel="epoch",
    ylabel="sum of squared errors / 2",
    title="The notebook's toy problem: 5 sigmoid units, windows of length 1",
)
ax.legend()
plt.show()

# %%
# With windows of length 1 there is only one step to back-propagate through, so the
# notebook's one-step backpropagation and full BPTT compute the same gradient here;
# the difference in the result comes from the optimiser (Adam rather than the
# notebook's plain gradient steps) and the initialisation.
#
# Where full BPTT matters
# -----------------------
# Once a window has several steps, one-step backpropagation ignores how the weights
# shaped the earlier hidden states: the gradient stops at :math:`h_{T-1}`. A task
# that needs memory shows the difference: windows of 8 random values, and the target
# is the *oldest* value of the window (an echo 8 steps back).
#
# The small NumPy trainer below implements both: it back-propagates through the last
# ``n_backprop_steps`` steps of each window (1: the notebook's way; 8: full BPTT), with
# the same tanh cell, initialisation and Adam steps.


def train_truncated(
    X,
    y,
    hidden_size,
    n_backprop_steps,
    n_epochs,
    seed=0,
    batch_size=100,
    learning_rate=0.01,
):
    """Train a tanh Elman cell, back-propagating through the last steps only.

    Returns a predict function.
    """
    rng = np.random.default_rng(seed)
    n_steps = X.shape[1]
    limit = np.sqrt(6 / (hidden_size + 1))
    W_xh = rng.uniform(-limit, limit, (hidden_size, 1))
    W_hh = np.linalg.qr(rng.standard_normal((hidden_size, hidden_size)))[0]
    W_hy = rng.uniform(-limit, limit, (1, hidden_size))
    b_h, b_y = np.zeros(hidden_size), np.zeros(1)
    params = [W_xh, W_hh, W_hy, b_h, b_y]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]

    def hidden_states(X_batch):
        hs = [np.zeros((len(X_batch), hidden_size))]
        for t in range(n_steps):
            hs.append(np.tanh(X_batch[:, t : t + 1] @ W_xh.T + hs[-1] @ W_hh.T + b_h))
        return hs

    step = 0
    for _ in range(n_epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            rows = order[start : start + batch_size]
            X_batch, y_batch = X[rows], y[rows, None]
            hs = hidden_states(X_batch)
            d_out = (hs[-1] @ W_hy.T + b_y - y_batch) / len(rows)  # dL/dy_hat
            grads = [np.zeros_like(p) for p in params]
            grads[2], grads[4] = d_out.T @ hs[-1], d_out.sum(axis=0)  # dW_hy, db_y
            dh = d_out @ W_hy  # dL/dh_T
            for t in range(n_steps, n_steps - n_backprop_steps, -1):
                da = dh * (1 - hs[t] ** 2)  # through tanh
                grads[0] += da.T @ X_batch[:, t - 1 : t]  # dW_xh
                grads[1] += da.T @ hs[t - 1]  # dW_hh
                grads[3] += da.sum(axis=0)  # db_h
                dh = da @ W_hh  # dL/dh_{t-1}: dropped after the last step kept
            step += 1
            for p, g, (m, v) in zip(params, grads, moments):  # Adam
                m[...] = 0.9 * m + 0.1 * g
                v[...] = 0.999 * v + 0.001 * g * g
                p -= (
                    learning_rate
                    * np.sqrt(1 - 0.999**step)
                    / (1 - 0.9**step)
                    * m
                    / (np.sqrt(v) + 1e-8)
                )

    return lambda X_new: (hidden_states(X_new)[-1] @ W_hy.T + b_y).ravel()


rng = np.random.default_rng(0)
X_echo = rng.uniform(-1, 1, (1500, 8))
y_echo = X_echo[:, 0]  # the oldest value of each window
train, test = slice(0, 1200), slice(1200, None)


def r2(prediction):
    residual = np.sum((y_echo[test] - prediction) ** 2)
    return 1 - residual / np.sum((y_echo[test] - y_echo[test].mean()) ** 2)


scores = {}
for n_backprop_steps in (1, 8):
    predict = train_truncated(X_echo[train], y_echo[train], 8, n_backprop_steps, 60)
    label = (
        "1 step\n(the notebook)" if n_backprop_steps == 1 else "8 steps\n(full BPTT)"
    )
    scores[label] = r2(predict(X_echo[test]))
estimator = SimpleRNNRegressor(8, learning_rate_init=0.01, max_iter=60, random_state=0)
estimator.fit(X_echo[train], y_echo[train])
scores["SimpleRNNRegressor\n(full BPTT)"] = estimator.score(X_echo[test], y_echo[test])
for name, score in scores.items():
    print(f"{name.replace(chr(10), ' '):32s} test R^2 = {score:.3f}")

# %%
fig, ax = plt.subplots(figsize=(7, 3.5), layout="constrained")
colors = ["tab:red", "tab:green", "tab:blue"]
bars = ax.bar(list(scores), list(scores.values()), color=colors)
ax.bar_label(bars, fmt="%.2f")
ax.set(
    ylabel="test R$^2$",
    ylim=(min(0, *scores.values()) - 0.05, 1.1),
    title="Echo of the value 8 steps back: how far back the gradient flows",
)
ax.set_xlabel("NumPy trainer above (left, middle) and the estimator (right)")
plt.show()

# %%
# Back-propagating through one step, the network can only read out whatever its
# untrained memory happens to keep of the oldest value (the recurrent weights still
# change, but only to serve the last step); it cannot learn to keep it. With the
# gradient flowing through all 8 steps, the same cell, initialisation and optimiser
# solve the task, and so does :class:`~sklearn_rnn.SimpleRNNRegressor`, which always
# back-propagates through the whole window.
