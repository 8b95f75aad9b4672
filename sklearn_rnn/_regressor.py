"""SimpleRNNRegressor: a scikit-learn estimator around the NumPy Elman cell."""

import contextlib
import copy
import math
from numbers import Integral, Real

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from . import _elman
from ._compat import Interval, StrOptions, _check_sample_weight, _fit_context
from ._layout import make_windows_layout, order_from_names
from ._optimizers import AdamOptimizer, SGDOptimizer
from ._scaling import WindowTransform, stable_r2_score, weighted_mean_and_scale
from ._trainer import History, Trainer, TrainingState, check_memory
from ._utils import unchanged_on_error, warn_at_caller

# The fitted weights, in the order of _elman's flat vector: W_xh, W_hh, W_hy, b_h, b_y.
_WEIGHT_ATTRIBUTES = (
    "input_weights_",
    "recurrent_weights_",
    "output_weights_",
    "hidden_bias_",
    "output_bias_",
)


@contextlib.contextmanager
def _numbers_expected(names):
    """Name the argument when NumPy cannot turn the values into floats (its own
    message says only "could not convert string to float")."""
    try:
        yield
    except (TypeError, ValueError) as error:
        message = str(error)
        if not any(
            cause in message
            for cause in ("could not convert", "argument must be", "sequence")
        ):
            raise
        raise type(error)(
            f"{names} must hold numbers (a numeric array, list of rows or "
            f"DataFrame of equal-length rows), got values NumPy rejects: {message}"
        ) from error


def _refuse_dates(values, name):
    """Refuse datetime64 and timedelta64 values, which NumPy converts to floats
    without a word (days or seconds since an epoch are not what a user means)."""
    dtypes = getattr(values, "dtypes", None)
    if isinstance(dtypes, pd.Series):  # a DataFrame
        kinds = {getattr(dtype, "kind", "") for dtype in dtypes}
    else:
        kinds = {getattr(getattr(values, "dtype", None), "kind", "")}
    if kinds & {"M", "m"}:
        raise TypeError(
            f"{name} holds dates or durations (datetime64 or timedelta64 values); "
            "SimpleRNNRegressor learns from numbers only. Convert them to numbers "
            "(e.g. elapsed days) or drop those columns."
        )


def _relative_if_extreme(sample_weight, dtype):
    """The weights as given (a weight of 2 counts a row twice, and ``n`` of the
    penalty is their sum), unless their largest value is below 1 or so large that
    their sum overflows ``dtype``: then divided by it, so that only their ratios
    matter (``1e-320`` everywhere trains as unit weights would)."""
    largest = float(sample_weight.max(initial=0))
    too_large = largest * len(sample_weight) > float(np.finfo(dtype).max)
    if 0 < largest < 1 or too_large:
        sample_weight = sample_weight / largest
    return sample_weight.astype(dtype, copy=False)


class SimpleRNNRegressor(RegressorMixin, BaseEstimator):
    """Elman recurrent network regressor, trained by backpropagation through time.

    Each row of ``X`` is one window of a series, oldest step first, flattened
    time-major: ``X[:, t * input_size:(t + 1) * input_size]`` is step ``t``
    (``window_order="newest_first"`` reads the steps the other way round). The
    network reads the window step by step from a zero hidden state::

        h_t = act(x_t @ W_xh.T + h_{t-1} @ W_hh.T + b_h)      t = 1..T
        y   = h_T @ W_hy.T + b_y

    and is trained on the squared error (plus an L2 penalty on the weights) with
    full backpropagation through time, batched over samples, in plain NumPy. By
    default (``standardize=True``) inputs and targets are standardised inside the
    estimator, so raw values (e.g. the lags that skforecast or sktime pass) work
    as they are; predictions are always on the targets' own scale.
    Parameters mean what they mean in :class:`~sklearn.neural_network.MLPRegressor`
    wherever the name is the same.

    Parameters
    ----------
    hidden_size : int, default=32
        Number of hidden units of the cell.
    input_size : int or "auto", default=1
        Number of variables per time step. ``n_features`` must be a multiple of it;
        the window length is ``n_steps_ = n_features_in_ // input_size``. A
        DataFrame whose columns carry :func:`~sklearn_rnn.make_windows`' names
        (``<variable>_t-<lag>``) for another number of variables is a
        ``ValueError``. "auto" takes the number of variables from those names,
        and 1 for any other input.
    activation : {"tanh", "relu", "sigmoid"}, default="tanh"
        Activation of the hidden state.
    solver : {"adam", "sgd"}, default="adam"
        Stochastic optimiser.
    alpha : float, default=1e-4
        Strength of the L2 penalty on the weight matrices (not the biases).
    batch_size : int or "auto", default="auto"
        Minibatch size; "auto" is ``min(200, n_samples)``.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Step-size schedule of ``solver="sgd"``: constant; ``learning_rate_init / (t +
        1) ** power_t`` with ``t`` the number of samples seen; or divided by 5 each
        time the loss (or validation score) stops improving for
        ``n_iter_no_change`` epochs, until it falls below 1e-6.
    learning_rate_init : float, default=1e-3
        Initial step size.
    power_t : float, default=0.5
        Exponent of the "invscaling" schedule.
    max_iter : int, default=200
        Maximum number of epochs (passes over the training data) per call to ``fit``.
    shuffle : bool, default=True
        Whether to shuffle the rows before each epoch.
    random_state : int, RandomState instance or None, default=None
        Seeds the weight initialisation and the shuffling.
    tol : float, default=1e-4
        Minimum improvement of the training loss (or of the validation score when
        ``early_stopping=True``) that resets the ``n_iter_no_change`` counter.
    verbose : bool, default=False
        Print one line per epoch with the loss.
    warm_start : bool, default=False
        Continue from the fitted weights and the optimiser's state (Adam moments and
        step count, SGD velocity and learning rate), so that two fits of
        ``max_iter=3`` equal one of ``max_iter=6``. Changing the solver or one of its
        parameters starts a fresh optimiser from the fitted weights. Changing
        ``hidden_size``,
        ``input_size``, the number of features or of outputs between warm fits is a
        ``ValueError``; set ``warm_start=False`` to start afresh.
    momentum : float, default=0.9
        Momentum of ``solver="sgd"``, in [0, 1].
    nesterovs_momentum : bool, default=True
        Whether ``solver="sgd"`` uses Nesterov's momentum.
    early_stopping : bool, default=False
        Hold out the LAST ``validation_fraction`` of the rows, score R^2 on them after
        each epoch, stop when it has not improved by ``tol`` for
        ``n_iter_no_change`` epochs and restore the best weights. The rows are
        windows of a series in time order, and windows of one series overlap, so the
        random split of ``MLPRegressor`` would leak the future into training; the last
        block does not.
    validation_fraction : float, default=0.1
        Fraction of the rows held out when ``early_stopping=True``, in (0, 1).
    beta_1, beta_2 : float, default=0.9, 0.999
        Decay rates of Adam's moment estimates, in [0, 1).
    epsilon : float, default=1e-8
        Adam's numerical-stability constant.
    n_iter_no_change : int, default=10
        Number of epochs without an improvement of ``tol`` after which training stops.
    max_grad_norm : float or None, default=5.0
        Clip the global L2 norm of the gradient to this value before each step;
        None disables clipping. Clipping keeps BPTT stable when gradients explode
        over long windows.
    standardize : bool, default=True
        Standardise inputs and targets inside the estimator: one mean and one
        standard deviation per input variable (the same for every step of it, so
        the recurrence sees one scale) and per target column, from the training
        rows, weighted by ``sample_weight``; a constant column gets scale 1. The
        network then learns ``(y - target_mean_) / target_scale_`` from
        ``(x - input_mean_) / input_scale_``, and ``predict`` maps its outputs
        back to the targets' scale. So the loss (``loss_``, ``loss_curve_``,
        ``tol``) and the penalty ``alpha`` act on the standardised scale. The
        statistics are set by a fresh fit and kept by ``warm_start`` and
        ``partial_fit``, which takes them from its first call (a stream should
        start with representative rows, or be scaled beforehand). False: the
        plain cell on the values as given.
    bptt_steps : int or None, default=None
        Truncated backpropagation through time: gradients flow back through at
        most the last ``bptt_steps`` steps of each window (as if the hidden state
        before them were a constant input); the forward pass still reads the
        whole window. None: through the whole window (full BPTT). Training
        memory is ``O(bptt_steps * batch_size * hidden_size)`` instead of
        ``O(n_steps * batch_size * hidden_size)``, which makes long windows
        affordable; a value of at least ``n_steps_`` is full BPTT exactly.
    window_order : {"oldest_first", "newest_first"}, default="oldest_first"
        Order of the steps within a row: "oldest_first" as
        :func:`~sklearn_rnn.make_windows` builds them, "newest_first" when the
        first step is the most recent (skforecast's ``lag_1, lag_2, ...``). Each
        step is a block of ``input_size`` columns, one per variable, in the same
        order either way. Fitting on a DataFrame whose column names imply the
        other order warns.

    Attributes
    ----------
    n_features_in_ : int
        Number of features (window length times ``input_size``) seen in ``fit``.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names, when ``X`` was a DataFrame with string column names.
    n_steps_ : int
        Window length: ``n_features_in_ // input_size``.
    input_mean_, input_scale_ : ndarray of shape (input_size,) or None
        Per-variable mean and scale of the inputs (``standardize=True``); None
        with ``standardize=False``.
    target_mean_, target_scale_ : ndarray of shape (`n_outputs_`,) or None
        Per-target mean and scale (``standardize=True``); None otherwise.
    n_outputs_ : int
        Number of outputs.
    input_weights_ : ndarray of shape (hidden_size, input_size)
        ``W_xh``.
    recurrent_weights_ : ndarray of shape (hidden_size, hidden_size)
        ``W_hh``.
    hidden_bias_ : ndarray of shape (hidden_size,)
        ``b_h``.
    output_weights_ : ndarray of shape (`n_outputs_`, hidden_size)
        ``W_hy``.
    output_bias_ : ndarray of shape (`n_outputs_`,)
        ``b_y``.
    loss_ : float or None
        Training loss of the last epoch (penalty included, on the standardised
        scale when ``standardize=True``); None if training was interrupted
        (KeyboardInterrupt) before one epoch ended.
    loss_curve_ : list of float
        Training loss of every epoch, across warm starts and ``partial_fit`` calls.
    best_loss_ : float or None
        Lowest training loss reached; None when ``early_stopping=True``.
    validation_scores_ : list of float or None
        R^2 on the held-out block after every epoch; None without early stopping.
    best_validation_score_ : float or None
        Best of ``validation_scores_`` in the last fit; its weights are the ones kept.
    n_iter_ : int
        Number of epochs run, across warm starts and ``partial_fit`` calls.
    t_ : int
        Number of training samples seen by the optimiser.

    See Also
    --------
    sklearn.neural_network.MLPRegressor : The feed-forward network whose parameters
        this estimator mirrors.
    make_windows : Turn a series into the windows and targets this model learns from.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import SimpleRNNRegressor, make_windows
    >>> series = np.sin(np.arange(300) / 6)
    >>> X, y = make_windows(series, window=12)
    >>> model = SimpleRNNRegressor(hidden_size=16, max_iter=100, random_state=0)
    >>> model.fit(X[:250], y[:250]).score(X[250:], y[250:]) > 0.9
    True
    >>> model.predict(X[-1:]).shape
    (1,)
    """

    _parameter_constraints: dict = {
        "hidden_size": [Interval(Integral, 1, None, closed="left")],
        "input_size": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "activation": [StrOptions({"tanh", "relu", "sigmoid"})],
        "solver": [StrOptions({"adam", "sgd"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "max_grad_norm": [Interval(Real, 0, None, closed="neither"), None],
        "bptt_steps": [Interval(Integral, 1, None, closed="left"), None],
        "standardize": ["boolean"],
        "window_order": [StrOptions({"oldest_first", "newest_first"})],
    }

    def __init__(
        self,
        hidden_size=32,
        *,
        input_size=1,
        activation="tanh",
        solver="adam",
        alpha=1e-4,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=1e-3,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_grad_norm=5.0,
        bptt_steps=None,
        standardize=True,
        window_order="oldest_first",
    ):
        self.hidden_size = hidden_size
        self.input_size = input_size
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_grad_norm = max_grad_norm
        self.bptt_steps = bptt_steps
        self.standardize = standardize
        self.window_order = window_order

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Train the network on windows ``X`` and next-step targets ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps * input_size)
            Windows, flattened time-major, oldest step first (or newest first
            with ``window_order="newest_first"``).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each row in the loss. Weights count rows (a
            weight of 2 is the row repeated; ``n`` of the penalty is their sum),
            except that weights whose largest value is below 1, or whose sum would
            overflow, are first divided by that largest value, so that only their
            ratios matter and tiny weights cannot inflate the penalty.

        Returns
        -------
        self : SimpleRNNRegressor
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Train for one epoch over ``X, y``, continuing from the current state.

        The first call initialises the network; later calls keep the weights and the
        optimiser's state, so data can be streamed in chunks. ``early_stopping`` is
        not available here (there is no fixed validation block).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps * input_size)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : SimpleRNNRegressor
        """
        if self.early_stopping:
            raise ValueError(
                "partial_fit does not support early_stopping=True: there is no fixed "
                "validation block across calls. Set early_stopping=False, or use fit."
            )
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Predict the next step (or steps) for each window.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps * input_size)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            1-D when the model was fitted on a 1-D ``y``. float32 for float32 ``X``.
        """
        # Fast path for what validate_data would pass through unchanged (a fitted
        # estimator without feature names; a finite, non-empty, 2-D float32 or float64
        # ndarray of the fitted width): a single window then takes microseconds.
        # Anything else gets the full validation and its errors and warnings.
        plain = (
            type(X) is np.ndarray
            and X.ndim == 2
            and (X.dtype == np.float64 or X.dtype == np.float32)
            and "n_steps_" in self.__dict__
            and "feature_names_in_" not in self.__dict__
            and X.shape[0] > 0
            and X.shape[1] == self.n_features_in_
            and bool(np.isfinite(X).all())
        )
        if not plain:
            check_is_fitted(self)
            _refuse_dates(X, "X")
            with _numbers_expected("X"):
                X = validate_data(self, X, reset=False, dtype=(np.float64, np.float32))
        params = tuple(
            getattr(self, name).astype(X.dtype, copy=False)
            for name in _WEIGHT_ATTRIBUTES
        )
        # What fit resolved, never the current parameters: set_params after fit
        # acts at the next fit only.
        transform = self._fitted_transform(X.dtype)
        with np.errstate(over="ignore", invalid="ignore"):
            y = transform.predict(params, X, self._activation, unscale=False)
            finite_on_the_standardised_scale = bool(np.isfinite(y).all())
            y = transform.unscale_targets(y)
        if not np.isfinite(y).all():
            self._warn_non_finite(X, y, finite_on_the_standardised_scale)
        return y.ravel() if self._y_is_1d else y

    def _warn_non_finite(self, X, y, finite_on_the_standardised_scale):
        """Say why predict returns non-finite values for finite X."""
        n_rows = int((~np.isfinite(y)).any(axis=1).sum())
        if finite_on_the_standardised_scale:
            cause = (
                "the network's outputs overflowed when mapped back to the target's "
                f"scale (target_scale_ up to {np.max(self.target_scale_):.3g})"
            )
        else:
            largest_weight = max(
                float(np.max(np.abs(getattr(self, name)), initial=0))
                for name in _WEIGHT_ATTRIBUTES
            )
            cause = (
                "the hidden state or the output of the network overflowed "
                f"(activation={self._activation!r}, largest |X| "
                f"{float(np.max(np.abs(X))):.3g}, largest |weight| "
                f"{largest_weight:.3g}); inputs far outside the training range "
                "or an unbounded activation ('relu') do this"
            )
        warn_at_caller(
            f"predict returns non-finite values for {n_rows} of {len(y)} rows of a "
            f"finite X: {cause}."
        )

    def score(self, X, y, sample_weight=None):
        """R^2 of the predictions for ``X`` against ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_steps * input_size)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weight of each row.

        Returns
        -------
        score : float
            R^2, averaged uniformly over the outputs.
        """
        y_pred = self.predict(X)
        _refuse_dates(y, "y")
        with _numbers_expected("y"):
            # NaN and inf are r2_score's to report, as for any regressor
            y = check_array(
                y, ensure_2d=False, dtype=np.float64, ensure_all_finite=False
            )
        if sample_weight is not None:
            with _numbers_expected("sample_weight"):
                sample_weight = _check_sample_weight(
                    sample_weight, y_pred, ensure_non_negative=True
                )
        return stable_r2_score(y, y_pred, sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags

    # -- training ---------------------------------------------------------------

    def _fit(self, X, y, sample_weight, incremental):
        """Validate, train on a state of its own, commit it.

        The one rollback: whatever raises (bad data, divergence, an interrupt
        before the first epoch ends) restores the estimator's attributes, and since
        training never modifies the objects they hold (it works on copies in a
        :class:`~sklearn_rnn._trainer.TrainingState`), the model is as it was.
        """
        with unchanged_on_error(self):
            continuing = hasattr(self, "_optimizer") and (
                incremental or self.warm_start
            )
            X, y, sample_weight, y_is_1d = self._validate_training_data(
                X, y, sample_weight, reset=not continuing
            )
            sizes = (self._resolve_input_size(X.shape[1]), self.hidden_size, y.shape[1])
            if continuing:
                self._check_same_architecture(sizes)
            else:
                self._warn_if_the_order_looks_reversed()
            n_train = self._n_train_rows(len(X), sample_weight)
            self._check_memory(sizes, X, n_train)
            transform = (
                self._fitted_transform(X.dtype)
                if continuing
                else self._new_transform(X, y, sample_weight, n_train, sizes[0])
            )
            state = self._training_state(
                sizes, X.dtype, transform, continuing, incremental
            )
            trainer = Trainer(self, sizes, state, X, y, sample_weight, n_train)
            trainer.run(n_epochs=1 if incremental else None)
            self._commit(state, sizes, y_is_1d)
        return self

    def _check_memory(self, sizes, X, n_train):
        """Refuse a network too large to train here, before allocating it."""
        batch_size = 200 if self.batch_size == "auto" else self.batch_size
        n_steps = X.shape[1] // sizes[0]
        check_memory(sizes, n_steps, min(batch_size, n_train), X.dtype, self.bptt_steps)

    def _validate_training_data(self, X, y, sample_weight, reset):
        """``X`` and ``y`` as float arrays of one dtype (``y`` 2-D), the weights
        checked; also returns whether ``y`` was 1-D."""
        _refuse_dates(X, "X")
        _refuse_dates(y, "y")
        with _numbers_expected("X and y"):
            X, y = validate_data(
                self,
                X,
                y,
                reset=reset,
                multi_output=True,
                y_numeric=True,
                dtype=(np.float64, np.float32),
            )
        n_samples = X.shape[0]
        y_is_1d = y.ndim == 1
        with _numbers_expected("y"):  # y_numeric converts object arrays only
            y = y.reshape(n_samples, -1).astype(X.dtype, copy=False)
        if not np.isfinite(y).all():  # None in an object y only becomes NaN here
            raise ValueError(
                f"Input y contains NaN or infinity ({np.sum(~np.isfinite(y))} "
                "values, e.g. None in an object array); drop or fill them first."
            )
        if sample_weight is not None:
            with _numbers_expected("sample_weight"):
                sample_weight = _check_sample_weight(
                    sample_weight, X, dtype=np.float64, ensure_non_negative=True
                )
            sample_weight = _relative_if_extreme(sample_weight, X.dtype)
        return X, y, sample_weight, y_is_1d

    def _resolve_input_size(self, n_features):
        """The number of variables per step: ``input_size``, checked against
        make_windows' column names (or read from them with "auto")."""
        layout = make_windows_layout(getattr(self, "feature_names_in_", None))
        if self.input_size == "auto":
            input_size = 1 if layout is None else len(layout[0])
        else:
            input_size = self.input_size
            if layout is not None and len(layout[0]) != input_size:
                variables = layout[0]
                shown = ", ".join(map(repr, variables[:5]))
                shown += ", ..." if len(variables) > 5 else ""
                raise ValueError(
                    f"The columns of X are make_windows' names for "
                    f"{len(variables)} variables ({shown}), but "
                    f"input_size={input_size}, which would read every step as "
                    f"{input_size} variable(s) and mix them up. Set "
                    f"input_size={len(variables)} (or input_size='auto')."
                )
        if n_features % input_size:
            raise ValueError(
                f"X has n_features={n_features}, which input_size={input_size} "
                "does not divide: each row must hold n_steps * input_size values, "
                "time-major. Check input_size or the window length."
            )
        return input_size

    def _warn_if_the_order_looks_reversed(self):
        """Warn when the column names say the steps run the other way than
        ``window_order`` reads them (e.g. skforecast's ``lag_1, lag_2, ...``)."""
        names = getattr(self, "feature_names_in_", None)
        implied = order_from_names(names)
        if implied is None or implied == self.window_order:
            return
        first = "oldest" if self.window_order == "oldest_first" else "most recent"
        warn_at_caller(
            f"The column names of X ({names[0]!r}, {names[1]!r}, ..., "
            f"{names[-1]!r}) look {implied.replace('_', ' ')}, but "
            f"window_order={self.window_order!r} reads the first column as the "
            f"{first} step. Set window_order={implied!r} if the names are right."
        )

    def _new_transform(self, X, y, sample_weight, n_train, input_size):
        """The step order and, with ``standardize=True``, the statistics of the
        training rows (the validation block of early stopping excluded)."""
        newest_first = self.window_order == "newest_first"
        if not self.standardize:
            return WindowTransform(input_size, newest_first)
        weights = None if sample_weight is None else sample_weight[:n_train]
        statistics = (
            *weighted_mean_and_scale(X[:n_train], input_size, weights),
            *weighted_mean_and_scale(y[:n_train], y.shape[1], weights),
        )
        mean_x, scale_x, mean_y, scale_y = (a.astype(X.dtype) for a in statistics)
        # a scale that underflows the training dtype (float32) would divide by 0
        scale_x[scale_x == 0] = 1
        scale_y[scale_y == 0] = 1
        return WindowTransform(
            input_size, newest_first, mean_x, scale_x, mean_y, scale_y
        )

    def _fitted_transform(self, dtype):
        """The step order and statistics of the fitted model, in ``dtype``."""

        def cast(statistic):
            return None if statistic is None else statistic.astype(dtype, copy=False)

        return WindowTransform(
            self.input_weights_.shape[1],
            self._window_order == "newest_first",
            cast(self.input_mean_),
            cast(self.input_scale_),
            cast(self.target_mean_),
            cast(self.target_scale_),
        )

    def _n_train_rows(self, n_samples, sample_weight):
        """Rows to train on: all, or all but the validation block (the last
        ``validation_fraction`` of the rows) of early stopping; they must carry
        some weight."""
        n_train = self._n_validation_split(n_samples, sample_weight)
        if sample_weight is not None and not sample_weight[:n_train].sum() > 0:
            raise ValueError(
                "sample_weight sums to 0 over the training rows; at least one row "
                "must have a positive weight."
            )
        return n_train

    def _n_validation_split(self, n_samples, sample_weight):
        """The number of rows before early stopping's validation block."""
        if not self.early_stopping:
            return n_samples
        n_val = math.ceil(self.validation_fraction * n_samples)
        n_train = n_samples - n_val
        if n_train < 1 or n_val < 2:
            raise ValueError(
                "early_stopping with validation_fraction="
                f"{self.validation_fraction} and n_samples={n_samples} holds out "
                f"{n_val} rows and trains on {n_train}; it needs at least 2 "
                "validation rows (R^2 is undefined on one) and 1 training row. "
                "Provide more rows, change validation_fraction, or set "
                "early_stopping=False."
            )
        if sample_weight is not None and not sample_weight[n_train:].sum() > 0:
            raise ValueError(
                "sample_weight is 0 on every row of the validation block (the "
                f"last {n_val} rows, validation_fraction="
                f"{self.validation_fraction}), so its R^2 is undefined. Give "
                "those rows a positive weight or set early_stopping=False."
            )
        return n_train

    def _training_state(self, sizes, dtype, transform, continuing, incremental):
        """Fresh weights, optimiser and history in ``dtype``, or copies of the
        fitted ones (never the fitted objects themselves: see :meth:`_fit`)."""
        if continuing:
            flat = _elman.pack([getattr(self, n) for n in _WEIGHT_ATTRIBUTES], dtype)
            rng = copy.deepcopy(self._random_state)
            history = History.continued(self, self.early_stopping)
            if self._optimizer_params == self._current_optimizer_params():
                optimizer = copy.deepcopy(self._optimizer).astype(dtype)
            else:  # another solver or step size: its old state does not apply
                optimizer = self._make_optimizer(flat.size, dtype)
        else:
            rng = check_random_state(self.random_state)
            flat = _elman.init_params(*sizes, rng=rng, dtype=dtype)
            optimizer = self._make_optimizer(flat.size, dtype)
            history = History.fresh(self.early_stopping)
        if not incremental:
            history.no_improvement_count = 0
        return TrainingState(flat, optimizer, rng, history, transform)

    def _commit(self, state, sizes, y_is_1d):
        """Make the trained state the estimator's fitted state."""
        for name, array in zip(_WEIGHT_ATTRIBUTES, _elman.unpack(state.flat, *sizes)):
            setattr(self, name, array.copy())
        self._optimizer = state.optimizer
        self._optimizer_params = self._current_optimizer_params()
        self._random_state = state.rng
        self._y_is_1d = y_is_1d
        self.n_steps_ = self.n_features_in_ // sizes[0]
        self.n_outputs_ = sizes[2]
        state.history.commit(self, self.early_stopping)
        transform = state.transform
        self.input_mean_, self.input_scale_ = (
            transform.input_mean,
            transform.input_scale,
        )
        self.target_mean_ = transform.target_mean
        self.target_scale_ = transform.target_scale
        # what predict reads, so that set_params after fit acts at the next fit
        self._activation = self.activation
        self._window_order = self.window_order
        self._standardize = self.standardize

    def _check_same_architecture(self, sizes):
        """Continuing needs the fitted shapes and data layout: a changed one is an
        error, not a silent restart."""
        fitted = (
            self.input_weights_.shape[1],
            self.input_weights_.shape[0],
            self.output_weights_.shape[0],
            self._standardize,
            self._window_order,
        )
        current = (*sizes, self.standardize, self.window_order)
        names = (
            "input_size",
            "hidden_size",
            "n_outputs",
            "standardize",
            "window_order",
        )
        for name, old, new in zip(names, fitted, current):
            if old != new:
                raise ValueError(
                    f"Cannot continue training: {name} changed from {old} to {new} "
                    "since the last fit. Set warm_start=False (or start a new "
                    "estimator) to train afresh."
                )

    def _current_optimizer_params(self):
        """The parameters an optimiser's state depends on: a warm start keeps the
        state only while they are unchanged."""
        names = ["solver", "learning_rate_init"]
        if self.solver == "adam":
            names += ["beta_1", "beta_2", "epsilon"]
        else:
            names += ["learning_rate", "momentum", "nesterovs_momentum", "power_t"]
        return {name: getattr(self, name) for name in names}

    def _make_optimizer(self, n_params, dtype):
        """A fresh optimiser for ``solver``, with the estimator's parameters."""
        if self.solver == "adam":
            return AdamOptimizer(
                n_params,
                self.learning_rate_init,
                self.beta_1,
                self.beta_2,
                self.epsilon,
                dtype=dtype,
            )
        return SGDOptimizer(
            n_params,
            self.learning_rate_init,
            self.learning_rate,
            self.momentum,
            self.nesterovs_momentum,
            self.power_t,
            dtype=dtype,
        )
