"""Trainer behaviour that mutmut's run on _trainer.py found untested: the weighted
validation score, the verbose validation line, the tol=0 boundaries, skipped
batches, the divergence messages, the convergence and interrupt warnings, the
batch size and the interrupt before the first step."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import r2_score

from sklearn_rnn import SimpleRNNRegressor, _elman
from sklearn_rnn._trainer import Trainer

WEIGHT_ATTRIBUTES = (
    "input_weights_",
    "recurrent_weights_",
    "output_weights_",
    "hidden_bias_",
    "output_bias_",
)


def rows(n_rows, width=3, seed=0):
    """``n_rows`` random windows of ``width`` steps and a target that depends on
    them."""
    X = np.random.default_rng(seed).normal(size=(n_rows, width))
    return X, X.sum(axis=1) + 0.5 * X[:, -1] ** 2


def weights_of(model):
    return [getattr(model, name) for name in WEIGHT_ATTRIBUTES]


def assert_same_weights(model, other):
    for name in WEIGHT_ATTRIBUTES:
        np.testing.assert_array_equal(getattr(model, name), getattr(other, name))


def fit_quietly(model, X, y, **kwargs):
    """Fit, ignoring the ConvergenceWarning of a small max_iter."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y, **kwargs)


def recorded(record):
    return [(warning.category, str(warning.message)) for warning in record]


def divergence_message(learning_rate_init, max_grad_norm, advice):
    return (
        "Training diverged at epoch 1: the loss became nan. Try a smaller "
        f"learning_rate_init (now {learning_rate_init}) or a smaller max_grad_norm "
        f"(now {max_grad_norm})"
        + (", and scale X and y (standardize=True does)" if advice else "")
        + ". The estimator was left as it was before this fit."
    )


# -- the validation score of early stopping ----------------------------------------


def test_the_validation_score_is_the_weighted_r2_of_the_validation_rows():
    X, y = rows(40)
    weights = np.r_[np.ones(30), np.linspace(0.1, 5.0, 10)]
    # validation_fraction=0.25 of 40 rows: the last 10 are the validation block
    model = SimpleRNNRegressor(
        4, early_stopping=True, validation_fraction=0.25, max_iter=1, random_state=0
    )
    fit_quietly(model, X, y, sample_weight=weights)
    # max_iter=1: the weights kept are those the one score was computed with
    y_pred = model.predict(X[30:])
    weighted = r2_score(y[30:], y_pred, sample_weight=weights[30:])
    assert abs(weighted - r2_score(y[30:], y_pred)) > 0.01  # the weights matter
    assert model.validation_scores_[0] == pytest.approx(weighted, rel=1e-12, abs=0)
    assert model.best_validation_score_ == model.validation_scores_[0]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflowing predictions
def test_a_validation_block_with_non_finite_predictions_scores_minus_infinity():
    X, y = rows(40)
    X[30:] = 1e308  # relu on the unscaled values overflows, on the validation rows only
    model = SimpleRNNRegressor(
        4, activation="relu", standardize=False, early_stopping=True,
        validation_fraction=0.25, max_iter=1, random_state=0,
    )  # fmt: skip
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    assert model.validation_scores_ == [-np.inf]
    assert model.best_validation_score_ == -np.inf


def test_verbose_early_stopping_prints_the_validation_score_after_each_epoch(capsys):
    X, y = rows(40)
    model = SimpleRNNRegressor(
        3, early_stopping=True, validation_fraction=0.25, max_iter=2, verbose=True,
        random_state=0,
    )  # fmt: skip
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    expected = []
    for epoch, (loss, score) in enumerate(
        zip(model.loss_curve_, model.validation_scores_), start=1
    ):
        expected += [
            f"Iteration {epoch}, loss = {loss:.8f}",
            f"Validation score: {score:.6f}",
        ]
    assert lines == expected


# -- tol=0: an equal loss or score counts as an improvement ------------------------

# A step size of 1e-300 moves no weight that matters in float64 and one batch makes
# an epoch, so every epoch has the same loss and validation score, bit for bit.
FROZEN = dict(
    hidden_size=3, learning_rate_init=1e-300, shuffle=False, tol=0.0,
    n_iter_no_change=1, max_iter=4, random_state=0,
)  # fmt: skip


def test_with_tol_0_an_equal_training_loss_is_an_improvement():
    X, y = rows(30)
    with pytest.warns(ConvergenceWarning):
        model = SimpleRNNRegressor(**FROZEN).fit(X, y)
    assert len(set(model.loss_curve_)) == 1
    # an equal loss is no improvement only for a strict comparison, which would
    # stop after n_iter_no_change + 1 epochs without one (at epoch 3)
    assert model.n_iter_ == 4


def test_with_tol_0_an_equal_validation_score_is_an_improvement():
    X, y = rows(40)
    kwargs = dict(FROZEN, early_stopping=True, validation_fraction=0.25)
    with pytest.warns(ConvergenceWarning):
        model = SimpleRNNRegressor(**kwargs).fit(X, y)
    assert len(set(model.validation_scores_)) == 1
    assert model.n_iter_ == 4
    # Among equal scores the first is the best: the weights kept are the first
    # epoch's (the later epochs moved the zero biases by about 1e-300).
    first_epoch = fit_quietly(SimpleRNNRegressor(**dict(kwargs, max_iter=1)), X, y)
    assert_same_weights(model, first_epoch)


# -- batches without weight are skipped, batches with little weight are not -------


@pytest.mark.parametrize("zero_batch", [0, 1])
def test_a_batch_of_zero_weights_is_skipped_and_the_later_batches_train(zero_batch):
    X, y = rows(30)
    weights = np.ones(30)
    weights[10 * zero_batch : 10 * (zero_batch + 1)] = 0
    # standardize=False: the statistics' sums over 30 or 20 rows round differently
    kwargs = dict(
        hidden_size=3, batch_size=10, shuffle=False, max_iter=3, standardize=False
    )
    with_zeros = fit_quietly(
        SimpleRNNRegressor(random_state=0, **kwargs), X, y, sample_weight=weights
    )
    kept = weights > 0
    without = fit_quietly(
        SimpleRNNRegressor(random_state=0, **kwargs),
        X[kept], y[kept], sample_weight=weights[kept],
    )  # fmt: skip
    assert_same_weights(with_zeros, without)
    assert with_zeros.loss_curve_ == without.loss_curve_
    assert with_zeros._optimizer.t == without._optimizer.t == 6  # 2 steps per epoch


def test_a_batch_whose_weights_sum_to_less_than_1_is_trained_on():
    X, y = rows(6)
    light = np.array([1.0, 1.0, 0.25, 0.25, 1.0, 1.0])  # the middle batch sums to 0.5
    zero = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 1.0])
    kwargs = dict(
        hidden_size=3, batch_size=2, shuffle=False, max_iter=2, standardize=False,
        random_state=0,
    )  # fmt: skip
    light_fit = fit_quietly(SimpleRNNRegressor(**kwargs), X, y, sample_weight=light)
    zero_fit = fit_quietly(SimpleRNNRegressor(**kwargs), X, y, sample_weight=zero)
    assert light_fit._optimizer.t == 6 and zero_fit._optimizer.t == 4
    assert not np.array_equal(light_fit.output_bias_, zero_fit.output_bias_)


# -- divergence: the message, whichever check finds it -----------------------------


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the optimizer's overflow
def test_weights_that_overflow_in_a_step_raise_the_whole_message(standardize):
    X, y = rows(12)
    # the penalty's gradient times the step size overflows the weights, while the
    # batch's loss (before the step) is finite
    model = SimpleRNNRegressor(
        3, solver="sgd", alpha=1e300, learning_rate_init=1e200, max_grad_norm=None,
        max_iter=1, standardize=standardize, random_state=0,
    )  # fmt: skip
    with pytest.raises(ValueError) as error:
        model.fit(X, y)
    assert str(error.value) == divergence_message(1e200, None, not standardize)
    assert not hasattr(model, "n_iter_")


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_predictions_of_the_last_step_that_overflow_raise_the_whole_message(
    standardize,
):
    X, y = rows(12)
    # The weights after the only step are finite, their predictions are not; the
    # check of the last step says so without NumPy's overflow or invalid warnings.
    model = SimpleRNNRegressor(
        4, learning_rate_init=1e308, max_grad_norm=None, max_iter=1,
        standardize=standardize, random_state=0,
    )  # fmt: skip
    with pytest.raises(ValueError) as error:
        model.fit(X, y)
    assert str(error.value) == divergence_message(1e308, None, not standardize)


def test_the_divergence_message_names_the_clipping_threshold():
    X, y = rows(12)
    model = SimpleRNNRegressor(
        2, learning_rate_init=1e308, max_grad_norm=0.5, max_iter=1, random_state=0
    )
    with pytest.raises(ValueError) as error:
        model.fit(X, y)
    assert str(error.value) == divergence_message(1e308, 0.5, False)


# -- the convergence warning and the interrupt --------------------------------------


def test_reaching_max_iter_warns_with_the_whole_message():
    X, y = rows(12)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        SimpleRNNRegressor(3, max_iter=2, random_state=0).fit(X, y)
    assert recorded(record) == [
        (
            ConvergenceWarning,
            "Stochastic optimizer: maximum iterations (max_iter=2) reached and the "
            "optimization hasn't converged yet.",
        )
    ]


def test_stopping_at_a_plateau_before_max_iter_does_not_warn():
    X, y = rows(12)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        # tol larger than any loss: epochs 2 and 3 do not improve, and stop
        model = SimpleRNNRegressor(
            3, tol=100.0, n_iter_no_change=1, max_iter=50, random_state=0
        ).fit(X, y)
    assert model.n_iter_ == 3
    assert recorded(record) == []


def interrupt_epoch(monkeypatch, on_call):
    """Make the ``on_call``-th epoch of a fit raise KeyboardInterrupt."""
    calls = []
    one_epoch = Trainer._one_epoch

    def interrupted(self):
        calls.append(1)
        if len(calls) == on_call:
            raise KeyboardInterrupt
        return one_epoch(self)

    monkeypatch.setattr(Trainer, "_one_epoch", interrupted)


INTERRUPTED = (
    UserWarning,
    "Training interrupted by user; keeping the weights reached so far.",
)


def test_an_interrupt_keeps_the_epochs_done_and_warns_only_that(monkeypatch):
    X, y = rows(12)
    kwargs = dict(hidden_size=3, max_iter=10, random_state=0)
    one_epoch = fit_quietly(SimpleRNNRegressor(**dict(kwargs, max_iter=1)), X, y)
    interrupt_epoch(monkeypatch, on_call=2)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model = SimpleRNNRegressor(**kwargs).fit(X, y)
    assert recorded(record) == [INTERRUPTED]  # no ConvergenceWarning
    assert model.n_iter_ == 1 and model.loss_curve_ == one_epoch.loss_curve_
    assert_same_weights(model, one_epoch)


def test_an_interrupt_before_the_first_step_keeps_the_initial_weights(monkeypatch):
    X, y = rows(12)
    interrupt_epoch(monkeypatch, on_call=1)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model = SimpleRNNRegressor(3, max_iter=10, random_state=0).fit(X, y)
    assert recorded(record) == [INTERRUPTED]
    assert model.n_iter_ == 0 and model.t_ == 0 and model.loss_ is None
    initial = _elman.unpack(
        _elman.init_params(1, 3, 1, rng=np.random.RandomState(0)), 1, 3, 1
    )
    for fitted, expected in zip(weights_of(model), initial):
        np.testing.assert_array_equal(fitted, expected)


# -- the batch size ----------------------------------------------------------------


def test_auto_batch_size_is_200_rows_so_201_rows_take_two_steps():
    X, y = rows(201, width=2)
    model = fit_quietly(SimpleRNNRegressor(2, max_iter=1, random_state=0), X, y)
    assert model._optimizer.t == 2  # optimizer steps; t_ counts rows
    assert model.t_ == 201


def test_a_batch_size_of_all_the_rows_does_not_warn():
    X, y = rows(12)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        SimpleRNNRegressor(3, batch_size=12, max_iter=1, random_state=0).fit(X, y)
    assert [category for category, _ in recorded(record)] == [ConvergenceWarning]


def test_a_batch_size_larger_than_the_rows_warns_and_uses_all_the_rows():
    X, y = rows(12)
    kwargs = dict(hidden_size=3, max_iter=1, random_state=0)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model = SimpleRNNRegressor(batch_size=13, **kwargs).fit(X, y)
    message = (
        "Got batch_size=13 larger than the number of training rows (12); using "
        "batch_size=12."
    )
    assert [m for c, m in recorded(record) if c is UserWarning] == [message]
    all_rows = fit_quietly(SimpleRNNRegressor(batch_size=12, **kwargs), X, y)
    assert_same_weights(model, all_rows)
