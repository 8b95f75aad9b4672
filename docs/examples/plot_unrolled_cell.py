"""
=======================
The Elman cell unrolled
=======================

A picture of what :class:`~sklearn_rnn.SimpleRNNRegressor` computes on one window of
``T`` steps: the same cell (the same :math:`W_{xh}`, :math:`W_{hh}` and :math:`b_h`)
applied at every step, a hidden state carried from step to step, and one output read
from the last hidden state. Black arrows are the forward pass; red arrows show the path
backpropagation through time (BPTT) takes back from the loss to the first step.

This example only draws; it trains nothing.
"""

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

fig, ax = plt.subplots(figsize=(9, 3.6), layout="constrained")
ax.set(xlim=(-0.9, 10.4), ylim=(-0.35, 3.7))
ax.axis("off")

steps = ["1", "2", "3", "T"]
xs = [0.9, 3.0, 5.1, 7.7]
cell_y, input_y, output_y = 1.7, 0.2, 3.2


def arrow(start, end, color="black", **kwargs):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=13,
            color=color,
            linewidth=1.4,
            shrinkA=2,
            shrinkB=2,
            **kwargs,
        )
    )


for step, x in zip(steps, xs):
    ax.add_patch(
        FancyBboxPatch(
            (x - 0.55, cell_y - 0.35),
            1.1,
            0.7,
            boxstyle="round,pad=0.05",
            facecolor="#dbe9f6",
            edgecolor="tab:blue",
            linewidth=1.5,
        )
    )
    ax.text(x, cell_y, f"$h_{{{step}}}$", ha="center", va="center", fontsize=15)
    ax.text(x, input_y, f"$x_{{{step}}}$", ha="center", va="center", fontsize=15)
    arrow((x, input_y + 0.2), (x, cell_y - 0.42))
    ax.text(
        x + 0.08, (input_y + cell_y) / 2 - 0.1, "$W_{xh}$", fontsize=11, color="dimgray"
    )

ax.text(-0.55, cell_y, "$h_0 = 0$", ha="center", va="center", fontsize=13)
arrow((-0.15, cell_y), (xs[0] - 0.62, cell_y))
for left, right in zip(xs[:2], xs[1:3]):
    arrow((left + 0.62, cell_y), (right - 0.62, cell_y))
    ax.text(
        (left + right) / 2,
        cell_y + 0.12,
        "$W_{hh}$",
        ha="center",
        fontsize=11,
        color="dimgray",
    )
arrow((xs[2] + 0.62, cell_y), (6.35, cell_y))
ax.text(6.6, cell_y, "$\\cdots$", ha="center", va="center", fontsize=16)
arrow((6.85, cell_y), (xs[3] - 0.62, cell_y))

# Output and loss.
ax.text(
    9.55,
    output_y,
    "$\\hat y = W_{hy} h_T + b_y$",
    ha="center",
    va="center",
    fontsize=13,
)
arrow((xs[3] + 0.45, cell_y + 0.3), (9.0, output_y - 0.2))
ax.text(9.55, output_y - 0.55, "loss $L(\\hat y, y)$", ha="center", fontsize=11)

# The backward path of BPTT, drawn under the forward arrows.
for left, right in zip(xs[:-1], xs[1:]):
    ax.add_patch(
        FancyArrowPatch(
            (right - 0.2, cell_y - 0.45),
            (left + 0.2, cell_y - 0.45),
            connectionstyle="arc3,rad=-0.35",
            arrowstyle="-|>",
            mutation_scale=11,
            color="tab:red",
            linewidth=1.1,
            alpha=0.8,
        )
    )
ax.text(
    4.3,
    -0.25,
    "BPTT: $\\partial L / \\partial h_{t-1} = "
    "(\\partial L / \\partial h_t \\odot \\mathrm{act}'(a_t))\\, W_{hh}$",
    ha="center",
    color="tab:red",
    fontsize=11,
)
ax.text(
    4.3,
    3.45,
    "$h_t = \\mathrm{act}(W_{xh} x_t + W_{hh} h_{t-1} + b_h)$",
    ha="center",
    fontsize=13,
)
plt.show()
