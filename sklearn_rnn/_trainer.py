"""The training loop of SimpleRNNRegressor, on state held apart from the estimator.

One call to ``fit`` or ``partial_fit`` builds a :class:`TrainingState` (the flat
parameters, the optimiser, the random generator and the :class:`History` of fitted
attributes that accumulate across calls), runs a :class:`Trainer` on it and, only if
that returns, commits the state to the estimator. A failed call therefore never
touches the estimator's own objects, and the estimator's snapshot-and-restore
(``_utils.unchanged_on_error``) is the one rollback that a failed fit needs.

An epoch is a pass over minibatches gathered into preallocated buffers; after it
comes the bookkeeping (counters, loss curve, schedule), then either the validation
score on the held-out last block (``early_stopping=True``) or the training-loss
rule, then the plateau test that may stop training.
"""

import math
import os
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_limits

from . import _elman
from ._scaling import WindowTransform, stable_r2_score
from ._utils import warn_at_caller

# Flat parameter-sized vectors alive during a fit: the parameters, the gradient,
# Adam's two moments and its step, the best weights of early stopping, the copy
# that the commit makes.
_PARAMETER_COPIES = 7


def check_memory(sizes, n_steps, batch_size, dtype, bptt_steps=None):
    """Refuse, before anything is allocated, a network whose training cannot fit in
    this machine's memory, saying which ``hidden_size`` would."""
    limit = _memory_limit()
    hidden_size = sizes[1]
    # the workspace keeps the states of the steps that backward goes through
    n_steps = n_steps if bptt_steps is None else min(bptt_steps, n_steps)
    if _bytes_needed(sizes, n_steps, batch_size, dtype) <= limit:
        return
    low, high = 0, hidden_size  # the largest hidden size that fits, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        fits = _bytes_needed((sizes[0], middle, sizes[2]), n_steps, batch_size, dtype)
        low, high = (middle, high) if fits <= limit else (low, middle - 1)
    advice = (
        f"The largest hidden_size that fits is about {low}; a smaller batch_size "
        "or bptt_steps also lowers the need."
        if low
        else "No hidden_size fits at this window length and batch size: set a "
        "smaller batch_size or bptt_steps."
    )
    raise ValueError(
        f"hidden_size={hidden_size} needs about "
        f"{_gib(_bytes_needed(sizes, n_steps, batch_size, dtype))} to train (the "
        f"weights, their gradient and the optimiser's state, and the hidden states "
        f"of {n_steps} steps for a batch of {batch_size} rows), more than the "
        f"{_gib(limit)} of memory here. {advice}"
    )


def _bytes_needed(sizes, n_steps, batch_size, dtype):
    """Memory of a fit: parameter-sized vectors, the cell's workspace, and the
    float64 matrices of the orthogonal initialisation."""
    input_size, hidden_size, n_outputs = sizes
    n_params = hidden_size * (input_size + hidden_size + n_outputs + 1) + n_outputs
    workspace = (2 * n_steps + 3) * batch_size * hidden_size + hidden_size**2
    initialisation = 4 * hidden_size**2 * 8
    itemsize = np.dtype(dtype).itemsize
    return itemsize * (_PARAMETER_COPIES * n_params + workspace) + initialisation


def _memory_limit():
    """This machine's physical memory in bytes (where the system says), and never
    more than the largest array NumPy can address."""
    limit = np.iinfo(np.intp).max
    try:
        limit = min(limit, os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):  # not on this system
        pass
    return limit


def _gib(n_bytes):
    """A number of bytes for a message, in GiB."""
    return f"{n_bytes / 2**30:.3g} GiB"


@dataclass
class History:
    """The fitted attributes that accumulate across warm starts and partial_fit."""

    loss_curve: list
    best_loss: float  # +inf until an epoch ends
    validation_scores: list | None  # None without early stopping
    best_validation_score: float | None
    n_iter: int
    t: int
    no_improvement_count: int

    @classmethod
    def fresh(cls, early_stopping):
        """The history of a model that has not trained yet."""
        return cls(
            loss_curve=[],
            best_loss=np.inf,
            validation_scores=[] if early_stopping else None,
            best_validation_score=None,
            n_iter=0,
            t=0,
            no_improvement_count=0,
        )

    @classmethod
    def continued(cls, estimator, early_stopping):
        """A copy of ``estimator``'s history, so that training cannot modify it."""
        best_loss = estimator.best_loss_
        return cls(
            loss_curve=list(estimator.loss_curve_),
            best_loss=np.inf if best_loss is None else best_loss,
            validation_scores=(
                list(estimator.validation_scores_ or []) if early_stopping else None
            ),
            best_validation_score=None,
            n_iter=estimator.n_iter_,
            t=estimator.t_,
            no_improvement_count=estimator._no_improvement_count,
        )

    def commit(self, estimator, early_stopping):
        """Set the fitted attributes of ``estimator`` from this history."""
        estimator.loss_curve_ = self.loss_curve
        estimator.n_iter_ = self.n_iter
        estimator.t_ = self.t
        estimator._no_improvement_count = self.no_improvement_count
        # None only when an interrupt came before the first epoch ended.
        estimator.loss_ = self.loss_curve[-1] if self.loss_curve else None
        if early_stopping:
            estimator.best_loss_ = None
            estimator.validation_scores_ = self.validation_scores
            estimator.best_validation_score_ = self.best_validation_score
        else:
            estimator.best_loss_ = self.best_loss
            estimator.validation_scores_ = None
            estimator.best_validation_score_ = None


@dataclass
class TrainingState:
    """Everything one call to fit changes, updated in place by :class:`Trainer`."""

    flat: np.ndarray  # the parameters, in _elman's flat layout
    optimizer: object
    rng: np.random.RandomState
    history: History
    transform: WindowTransform  # step order and standardisation of the data


class Trainer:
    """The epoch loop of one call to fit or partial_fit.

    Trains on the first ``n_train`` rows of ``X, y`` (the rest, if any, is the
    validation block of early stopping) and updates ``state`` in place; the
    estimator is only read, for its parameters.
    """

    def __init__(self, estimator, sizes, state, X, y, sample_weight, n_train):
        self.estimator = estimator
        self.sizes = sizes
        self.state = state
        self.X, self.y, self.sample_weight = X, y, sample_weight
        self.n_train = n_train
        self.n_steps = X.shape[1] // sizes[0]
        # No copy of the data: each batch is gathered from X's rows into
        # preallocated buffers (_BatchBuffers), then made time-major for the cell.
        self.X_train, self.y_train = X[:n_train], y[:n_train]
        self.w_train = None if sample_weight is None else sample_weight[:n_train]
        # positive: the estimator refuses training rows without weight
        self.total_weight = (
            n_train if self.w_train is None else float(self.w_train.sum())
        )
        self.batch_size = self._resolve_batch_size()
        self.buffers = {}
        self.grad = np.empty_like(state.flat)
        self.order = np.arange(n_train)
        self.best_flat = None  # the weights of the best validation score
        self.last_batch = None  # the batch of the last step, to check its result

    def run(self, n_epochs=None):
        """Train for ``n_epochs`` epochs, or (None) up to ``max_iter`` epochs with the
        stopping rules; with one BLAS thread when the time loop's GEMMs are small.

        Below about 1M multiply-adds per step (batch * hidden_size^2; e.g. H <= 64 at
        batch 256) a second, spin-waiting BLAS thread is no faster and, on a busy
        machine, up to 100x slower; from there on (H = 128 at batch 64 or more) two
        threads were 1.3-1.5x faster on an idle 2-core machine (float32 and float64).
        The limit holds inside this call only, never globally.
        """
        if self.batch_size * self.sizes[1] ** 2 >= 2**20:
            return self._run(n_epochs)
        with threadpool_limits(limits=1, user_api="blas"):
            return self._run(n_epochs)

    def _run(self, n_epochs):
        """The epoch loop: one epoch, its bookkeeping, the stopping rules."""
        est, history = self.estimator, self.state.history
        if est.early_stopping:
            history.best_validation_score = -np.inf
        converged = False
        try:
            for _ in range(est.max_iter if n_epochs is None else n_epochs):
                self._end_epoch(self._one_epoch())
                improved = (
                    self._validate() if est.early_stopping else self._track_loss()
                )
                if n_epochs is None and self._plateau_stops(improved):
                    converged = True
                    break
        except KeyboardInterrupt:
            warn_at_caller(
                "Training interrupted by user; keeping the weights reached so far."
            )
            converged = True
        if self.best_flat is not None:
            self.state.flat[:] = self.best_flat
        self._check_the_last_step()
        if n_epochs is None and not converged:
            warn_at_caller(
                f"Stochastic optimizer: maximum iterations (max_iter={est.max_iter}) "
                "reached and the optimization hasn't converged yet.",
                ConvergenceWarning,
            )

    def _one_epoch(self):
        """One pass over the training rows in minibatches; returns the epoch's loss,
        the batch losses weighted by the batches' weights."""
        est, state = self.estimator, self.state
        if est.shuffle:  # a fresh permutation: warm fits continue the stream
            self.order = state.rng.permutation(self.n_train)
        accumulated = 0.0
        for start in range(0, self.n_train, self.batch_size):
            batch = self.order[start : start + self.batch_size]
            batch_buffers = self._buffers_for(len(batch))
            X_batch, y_batch, w_batch = batch_buffers.gather(
                batch, self.X_train, self.y_train, self.w_train, state.transform
            )
            batch_weight = len(batch) if w_batch is None else w_batch.sum()
            if batch_weight <= 0:  # nothing to learn from these rows
                continue
            loss = _elman.loss_and_gradient(
                state.flat,
                self.grad,
                X_batch,
                y_batch,
                w_batch,
                sizes=self.sizes,
                activation=est.activation,
                alpha=est.alpha,
                workspace=batch_buffers.workspace,
            )
            if not math.isfinite(loss):
                self._diverged(loss)
            _elman.clip_grad_norm(self.grad, est.max_grad_norm)
            state.optimizer.update_params(state.flat, self.grad)
            self.last_batch = (X_batch, y_batch, batch_buffers.workspace)
            accumulated += loss * batch_weight
        if not np.isfinite(state.flat).all():
            self._diverged(np.nan)
        return accumulated / self.total_weight

    def _check_the_last_step(self):
        """Every step's result is checked by the next step's loss except the
        last one's: forward the last batch through the final weights, so that a
        fit never returns weights whose predictions overflow on its own data."""
        if self.last_batch is None:  # interrupted before the first step
            return
        X_batch, y_batch, workspace = self.last_batch
        params = _elman.unpack(self.state.flat, *self.sizes)
        with np.errstate(over="ignore", invalid="ignore"):
            y_pred = _elman.forward(
                params, X_batch, self.estimator.activation, workspace
            )
            # on the targets' scale, as predict returns them
            y_pred = self.state.transform.unscale_targets(y_pred)
        if not np.isfinite(y_pred).all():
            self._diverged(np.nan, epoch=self.state.history.n_iter)

    def _end_epoch(self, epoch_loss):
        """The after-epoch bookkeeping: counters, loss curve, verbose line, schedule."""
        history = self.state.history
        history.n_iter += 1
        history.t += self.n_train
        history.loss_curve.append(epoch_loss)
        if self.estimator.verbose:
            print(f"Iteration {history.n_iter}, loss = {epoch_loss:.8f}")
        self.state.optimizer.iteration_ends(history.t)

    def _validate(self):
        """Score the validation block, keep the best weights; True if the score
        improved by at least ``tol``."""
        est, history = self.estimator, self.state.history
        score = self._validation_score()
        history.validation_scores.append(score)
        if est.verbose:
            print(f"Validation score: {score:.6f}")
        improved = score >= history.best_validation_score + est.tol
        if score > history.best_validation_score:
            history.best_validation_score = score
            self.best_flat = self.state.flat.copy()
        return improved

    def _track_loss(self):
        """True if the last epoch's training loss improved by at least ``tol``."""
        history = self.state.history
        epoch_loss = history.loss_curve[-1]
        improved = epoch_loss <= history.best_loss - self.estimator.tol
        history.best_loss = min(history.best_loss, epoch_loss)
        return improved

    def _plateau_stops(self, improved):
        """Count epochs without improvement; True when the optimiser stops at the
        plateau (the adaptive SGD schedule lowers its step size instead)."""
        est, history = self.estimator, self.state.history
        history.no_improvement_count = (
            0 if improved else history.no_improvement_count + 1
        )
        if history.no_improvement_count <= est.n_iter_no_change:
            return False
        what = "Validation score" if est.early_stopping else "Training loss"
        msg = (
            f"{what} did not improve more than tol={est.tol} for "
            f"{est.n_iter_no_change} consecutive epochs."
        )
        if self.state.optimizer.trigger_stopping(msg, est.verbose):
            return True
        history.no_improvement_count = 0
        return False

    def _buffers_for(self, batch_size):
        """The buffers for a batch of this size, made on first use; the last,
        smaller batch of an epoch shares the full batch's workspace memory."""
        if batch_size not in self.buffers:
            self.buffers[batch_size] = _BatchBuffers(
                self.n_steps,
                batch_size,
                self.sizes,
                self.X.dtype,
                self.w_train is not None,
                share=self.buffers.get(self.batch_size),
                bptt_steps=self.estimator.bptt_steps,
            )
        return self.buffers[batch_size]

    def _resolve_batch_size(self):
        """``batch_size`` as a number of rows ("auto": ``min(200, n_train)``)."""
        batch_size = self.estimator.batch_size
        if batch_size == "auto":
            return min(200, self.n_train)
        if batch_size > self.n_train:
            warn_at_caller(
                f"Got batch_size={batch_size} larger than the number of training rows "
                f"({self.n_train}); using batch_size={self.n_train}."
            )
            return self.n_train
        return batch_size

    def _validation_score(self):
        """R^2 of the current weights on the validation block (-inf if any
        prediction is not finite)."""
        n_train = self.n_train
        params = _elman.unpack(self.state.flat, *self.sizes)
        y_pred = self.state.transform.predict(
            params, self.X[n_train:], self.estimator.activation
        )
        if not np.isfinite(y_pred).all():
            return -np.inf
        w_val = None if self.sample_weight is None else self.sample_weight[n_train:]
        return float(stable_r2_score(self.y[n_train:], y_pred, sample_weight=w_val))

    def _diverged(self, loss, epoch=None):
        """Raise the divergence error (the estimator's rollback keeps the model)."""
        est = self.estimator
        epoch = self.state.history.n_iter + 1 if epoch is None else epoch
        advice = (
            ", and scale X and y (standardize=True does)"
            if self.state.transform.input_mean is None
            else ""
        )
        raise ValueError(
            f"Training diverged at epoch {epoch}: the loss became {loss}. Try a "
            f"smaller learning_rate_init (now "
            f"{est.learning_rate_init}) or a smaller max_grad_norm (now "
            f"{est.max_grad_norm}){advice}. The estimator was left as it was "
            "before this fit."
        )


class _BatchBuffers:
    """Preallocated batch arrays and cell workspace for one batch size.

    ``share``: the buffers of the full batch size, whose workspace memory the last,
    smaller batch of an epoch reuses (so a fit holds one workspace, not two).
    ``bptt_steps``: how many of the last steps the gradient flows back through
    (None: all), which sets the workspace's size.
    """

    def __init__(
        self, n_steps, batch_size, sizes, dtype, weighted, share=None, bptt_steps=None
    ):
        input_size, hidden_size, n_outputs = sizes
        self.rows = np.empty((batch_size, n_steps, input_size), dtype=dtype)
        self.X = np.empty((n_steps, batch_size, input_size), dtype=dtype)
        self.y = np.empty((batch_size, n_outputs), dtype=dtype)
        self.w = np.empty(batch_size, dtype=dtype) if weighted else None
        self.workspace = _elman.Workspace(
            n_steps,
            batch_size,
            hidden_size,
            dtype,
            share=None if share is None else share.workspace,
            bptt_steps=bptt_steps,
        )

    def gather(self, batch, X, y, sample_weight, transform):
        """Copy the rows ``batch`` into the buffers (mode="clip" avoids a temporary),
        the windows made time-major (step t of row i is ``X[i, t * input_size :
        (t + 1) * input_size]``, oldest first), inputs and targets standardised as
        ``transform`` says."""
        rows = self.rows.reshape(len(batch), -1)
        np.take(X, batch, axis=0, out=rows, mode="clip")
        transform.steps_into(self.rows, self.X)
        np.take(y, batch, axis=0, out=self.y, mode="clip")
        transform.scale_targets(self.y)
        if sample_weight is not None:
            np.take(sample_weight, batch, out=self.w, mode="clip")
        return self.X, self.y, self.w
