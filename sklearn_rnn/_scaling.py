"""How SimpleRNNRegressor reads its data: step order and standardisation.

A :class:`WindowTransform` holds what a fit resolved about the windows: the order
of their steps (``window_order``) and, with ``standardize=True``, one mean and
scale per input variable (shared by every step of it, so the recurrence sees one
scale) and per target column. Training applies it to each gathered minibatch and
prediction to each chunk of rows, so ``X`` is never copied whole.
"""

import math

import numpy as np
from sklearn.metrics import r2_score

from . import _elman

# Rows per chunk of the statistics' passes over X: bounds their temporaries.
_STATISTICS_CHUNK_ELEMENTS = 2**18


def weighted_mean_and_scale(values, n_variables, sample_weight=None):
    """Mean and standard deviation of each variable of ``values``, over all rows
    (weighted by ``sample_weight``) and all steps of the variable; scale 1 for a
    constant variable.

    ``values`` has shape (n_samples, n_steps * n_variables), time-major. Computed
    in float64, in chunks of rows (no copy of ``values``), on values divided by a
    power of two near their largest magnitude (exact for ordinary data, and no
    overflow near the float64 limit); the steps' sums are added exactly
    (``math.fsum``), so the result does not depend on the order of the steps.
    """
    n_samples, n_features = values.shape
    weights = np.ones(n_samples) if sample_weight is None else sample_weight
    weights = np.asarray(weights, dtype=np.float64)
    largest = np.zeros(n_features)
    for chunk, _ in _chunks(values, weights):
        np.maximum(largest, np.abs(chunk).max(axis=0), out=largest)
    largest = largest.reshape(-1, n_variables).max(axis=0)
    # 2**(e - 1) with largest = f * 2**e, f in [0.5, 1): values / power in [-2, 2]
    power = np.ldexp(1.0, np.frexp(largest)[1] - 1)
    power[largest == 0] = 1.0
    column_power = np.tile(power, n_features // n_variables)
    total = math.fsum(weights) * (n_features // n_variables)
    sums = np.zeros(n_features)
    for chunk, chunk_weights in _chunks(values, weights):
        # a plain reduction over rows: unlike a BLAS product, the same for a
        # column wherever it is, so reordering the steps changes nothing
        scaled = np.divide(chunk, column_power, out=chunk)
        sums += np.multiply(scaled, chunk_weights[:, None], out=scaled).sum(axis=0)
    mean = _sum_over_steps(sums, n_variables) / total
    column_mean = np.tile(mean, n_features // n_variables)
    squares = np.zeros(n_features)
    for chunk, chunk_weights in _chunks(values, weights):
        deviation = chunk / column_power - column_mean
        deviation *= deviation
        squares += np.multiply(deviation, chunk_weights[:, None], out=deviation).sum(
            axis=0
        )
    variance = _sum_over_steps(squares, n_variables) / total
    scale = np.sqrt(variance) * power
    n_values = np.count_nonzero(weights) * (n_features // n_variables)
    scale[_is_constant(variance, mean, n_values)] = 1.0
    return mean * power, scale


def stable_r2_score(y_true, y_pred, sample_weight=None):
    """``r2_score`` on targets and predictions divided by a power of two near
    their largest magnitude, per output: the same R^2 (exactly, for ordinary
    values), but squares of values near the float64 limit do not overflow. Weights
    are divided by their largest (R^2 depends on their ratios only), so that sums
    of huge weights do not overflow either."""
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight, dtype=np.float64)
        largest_weight = sample_weight.max(initial=0.0)
        if 0 < largest_weight < np.inf:
            sample_weight = sample_weight / largest_weight
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.ndim not in (1, 2) or y_pred.ndim not in (1, 2) or not y_true.size:
        return r2_score(y_true, y_pred, sample_weight=sample_weight)
    # One column per output, whether given as (n,) or (n, 1).
    true_columns = y_true.reshape(len(y_true), -1)
    predicted_columns = y_pred.reshape(len(y_pred), -1)
    if true_columns.shape != predicted_columns.shape:
        # r2_score's own checks name the mismatch (outputs, rows).
        return r2_score(y_true, y_pred, sample_weight=sample_weight)
    largest = np.maximum(
        np.abs(true_columns).max(axis=0), np.abs(predicted_columns).max(axis=0)
    )
    if np.isfinite(largest).all():
        power = np.ldexp(1.0, np.frexp(largest)[1] - 1)
        power = np.where(largest > 0, power, 1.0)
        y_true = (true_columns / power).reshape(y_true.shape)
        y_pred = (predicted_columns / power).reshape(y_pred.shape)
    return r2_score(y_true, y_pred, sample_weight=sample_weight)


def _chunks(values, weights):
    """Float64 copies of blocks of rows of ``values`` (the caller may overwrite
    them), and their weights."""
    n_rows = max(1, _STATISTICS_CHUNK_ELEMENTS // max(1, values.shape[1]))
    for start in range(0, values.shape[0], n_rows):
        block = np.array(values[start : start + n_rows], dtype=np.float64)
        yield block, weights[start : start + n_rows]


def _sum_over_steps(column_sums, n_variables):
    """Per-variable totals of per-column sums, added exactly (order-free)."""
    per_step = column_sums.reshape(-1, n_variables)
    return np.array([math.fsum(per_step[:, k]) for k in range(n_variables)])


def _is_constant(variance, mean, n_values):
    """Variances within the rounding error of their computation (scikit-learn's
    bound in ``StandardScaler``): the variable is constant."""
    eps = np.finfo(np.float64).eps
    bound = n_values * eps * variance + (n_values * mean * eps) ** 2
    return variance <= bound


class WindowTransform:
    """The step order and standardisation that a fit resolved.

    Parameters
    ----------
    input_size : int
        Variables per step.
    newest_first : bool
        Whether the first step of a row is the most recent one.
    input_mean, input_scale : ndarray of shape (input_size,) or None
        Per-variable statistics; None: inputs are used as they are.
    target_mean, target_scale : ndarray of shape (n_outputs,) or None
        Per-target statistics; None: targets are used as they are.
    """

    def __init__(
        self,
        input_size,
        newest_first=False,
        input_mean=None,
        input_scale=None,
        target_mean=None,
        target_scale=None,
    ):
        self.input_size = input_size
        self.newest_first = newest_first
        self.input_mean, self.input_scale = input_mean, input_scale
        self.target_mean, self.target_scale = target_mean, target_scale

    def steps_into(self, rows, out):
        """Write the windows ``rows`` (batch, n_steps, input_size) into ``out``
        (n_steps, batch, input_size), oldest step first and standardised."""
        steps = rows.swapaxes(0, 1)
        if self.newest_first:
            steps = steps[::-1]
        if self.input_mean is None:
            np.copyto(out, steps)
        else:
            np.subtract(steps, self.input_mean, out=out)
            np.divide(out, self.input_scale, out=out)
        return out

    def scale_targets(self, y):
        """Standardise the targets ``y`` (n, n_outputs) in place."""
        if self.target_mean is not None:
            y -= self.target_mean
            y /= self.target_scale
        return y

    def unscale_targets(self, y):
        """Map standardised predictions ``y`` back to the targets' scale, in
        place."""
        if self.target_mean is not None:
            y *= self.target_scale
            y += self.target_mean
        return y

    @property
    def is_identity(self):
        """True when the windows are read as they are (the plain cell)."""
        return not self.newest_first and self.input_mean is None

    def predict(self, params, X, activation, unscale=True):
        """Predictions on the targets' scale (``unscale=False``: the standardised
        scale) for the windows ``X`` (n_samples, n_features), transformed chunk by
        chunk as :func:`_elman.predict` reads them."""
        input_size = self.input_size
        if self.is_identity:
            y = _elman.predict(params, X, input_size, activation)
        else:
            n_samples, n_features = X.shape
            n_steps = n_features // input_size
            hidden_size = params[1].shape[0]
            chunk = max(1, 2**18 // (n_steps * hidden_size))
            y = np.empty((n_samples, params[2].shape[0]), dtype=X.dtype)
            windows = np.empty((min(chunk, n_samples), n_features), dtype=X.dtype)
            for start in range(0, n_samples, chunk):
                rows = X[start : start + chunk]
                out = windows[: len(rows)]
                self.steps_into(
                    rows.reshape(len(rows), n_steps, input_size),
                    out.reshape(len(rows), n_steps, input_size).swapaxes(0, 1),
                )
                y[start : start + len(rows)] = _elman.predict(
                    params, out, input_size, activation
                )
        return self.unscale_targets(y) if unscale else y
