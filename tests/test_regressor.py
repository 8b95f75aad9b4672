"""SimpleRNNRegressor: learning, determinism, dtypes, shapes, warnings and errors."""

import os
import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor

from sklearn_rnn import SimpleRNNRegressor


def windows(series, window):
    """Windows of ``series`` and the value that follows each (NumPy only)."""
    X = sliding_window_view(np.asarray(series, dtype=float)[:-1], window)
    return np.ascontiguousarray(X), np.asarray(series, dtype=float)[window:]


@pytest.fixture
def sine():
    return windows(np.sin(np.arange(260) / 6), 12)


def test_notebook_toy_problem_beats_the_notebook_loss():
    # The notebook: 5 sigmoid units, windows of length 1 on 0.5, 1.0, ..., 2.5, loss
    # printed as sum of squared errors / 2 reaching 0.0152 after 1000 epochs.
    X, y = windows([0.5, 1.0, 1.5, 2.0, 2.5], 1)
    model = SimpleRNNRegressor(
        5,
        activation="sigmoid",
        learning_rate_init=0.01,
        alpha=0.0,
        max_iter=1000,
        tol=0.0,
        n_iter_no_change=1000,
        random_state=0,
    ).fit(X, y)
    total_loss = 0.5 * np.sum((model.predict(X) - y) ** 2)
    assert total_loss < 0.0152


def test_learns_a_sine_with_default_parameters(sine):
    X, y = sine
    model = SimpleRNNRegressor(random_state=0, max_iter=300).fit(X[:200], y[:200])
    assert model.score(X[200:], y[200:]) > 0.95


def test_same_random_state_same_model(sine):
    X, y = sine
    a = SimpleRNNRegressor(8, max_iter=5, random_state=3).fit(X, y)
    b = SimpleRNNRegressor(8, max_iter=5, random_state=3).fit(X, y)
    c = SimpleRNNRegressor(8, max_iter=5, random_state=4).fit(X, y)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert not np.array_equal(a.predict(X), c.predict(X))


def test_fitted_attributes_shapes(sine):
    X, y = sine
    Y = np.column_stack([y, -y, 2 * y])
    model = SimpleRNNRegressor(6, max_iter=3).fit(X, Y)
    assert model.n_features_in_ == 12 and model.n_steps_ == 12
    assert model.n_outputs_ == 3
    assert model.input_weights_.shape == (6, 1)
    assert model.recurrent_weights_.shape == (6, 6)
    assert model.hidden_bias_.shape == (6,)
    assert model.output_weights_.shape == (3, 6)
    assert model.output_bias_.shape == (3,)
    assert model.predict(X).shape == (len(X), 3)
    assert len(model.loss_curve_) == model.n_iter_ == 3
    assert model.loss_ == model.loss_curve_[-1]
    assert model.best_loss_ == min(model.loss_curve_)
    assert model.validation_scores_ is None and model.best_validation_score_ is None
    assert model.t_ == 3 * len(X)


def test_one_dimensional_y_gives_one_dimensional_predictions(sine):
    X, y = sine
    assert SimpleRNNRegressor(4, max_iter=2).fit(X, y).predict(X).shape == (len(X),)
    y2 = y.reshape(-1, 1)
    assert SimpleRNNRegressor(4, max_iter=2).fit(X, y2).predict(X).shape == (len(X), 1)


def test_input_size_reads_several_variables_per_step():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 12))
    model = SimpleRNNRegressor(4, input_size=3, max_iter=2).fit(X, X[:, -1])
    assert model.n_steps_ == 4
    assert model.input_weights_.shape == (4, 3)


def test_n_features_not_divisible_by_input_size_is_an_error():
    X = np.zeros((10, 7))
    with pytest.raises(ValueError, match=r"n_features=7.*input_size=2"):
        SimpleRNNRegressor(input_size=2).fit(X, np.zeros(10))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_kept(sine, dtype):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=2).fit(X.astype(dtype), y)
    assert model.input_weights_.dtype == dtype
    assert model.predict(X.astype(dtype)).dtype == dtype


def test_float32_and_float64_fits_agree(sine):
    X, y = sine
    kwargs = dict(hidden_size=8, max_iter=20, random_state=0, shuffle=False)
    y64 = SimpleRNNRegressor(**kwargs).fit(X, y).predict(X)
    y32 = SimpleRNNRegressor(**kwargs).fit(X.astype(np.float32), y).predict(X)
    np.testing.assert_allclose(y32, y64, atol=1e-3)


def test_max_iter_reached_warns(sine):
    X, y = sine
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        SimpleRNNRegressor(4, max_iter=2).fit(X, y)


def test_plateau_stops_training_before_max_iter(sine):
    X, y = sine
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        model = SimpleRNNRegressor(
            4, max_iter=500, tol=10.0, n_iter_no_change=3, random_state=0
        ).fit(X, y)
    # tol larger than any loss: after the first epoch (an improvement on +inf) no
    # epoch improves; the 4th epoch without improvement (> n_iter_no_change) stops.
    assert model.n_iter_ == 5


def test_verbose_prints_one_line_per_epoch(sine, capsys):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=3, verbose=True)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        f"Iteration {i}, loss = {loss:.8f}"
        for i, loss in enumerate(model.loss_curve_, start=1)
    ]


def test_divergence_raises_and_keeps_the_fitted_model(sine):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=3, random_state=0, standardize=False)
    model.fit(X, y)
    before = {k: np.copy(v) for k, v in vars(model).items() if k.endswith("_")}
    huge = y * 1e200
    with pytest.raises(ValueError, match="diverged.*learning_rate_init"):
        model.fit(X, huge)
    for key, value in before.items():
        np.testing.assert_array_equal(getattr(model, key), value)
    assert np.isfinite(model.predict(X)).all()


def test_sample_weight_zero_equals_dropping_rows(sine):
    X, y = sine
    X, y = X[:60], y[:60]
    weights = np.ones(60)
    weights[::3] = 0
    kwargs = dict(hidden_size=4, max_iter=5, random_state=0)
    weighted = SimpleRNNRegressor(**kwargs).fit(X, y, sample_weight=weights)
    dropped = SimpleRNNRegressor(**kwargs).fit(X[weights > 0], y[weights > 0])
    np.testing.assert_allclose(weighted.predict(X), dropped.predict(X), rtol=1e-10)


def test_integer_sample_weight_equals_repeating_rows_with_one_batch(sine):
    X, y = sine
    X, y = X[:40], y[:40]
    weights = np.arange(40) % 3
    kwargs = dict(hidden_size=4, max_iter=5, random_state=0, batch_size=200)
    with pytest.warns(UserWarning, match="batch_size=200"):
        weighted = SimpleRNNRegressor(**kwargs).fit(X, y, sample_weight=weights)
    repeated = SimpleRNNRegressor(**kwargs).fit(
        np.repeat(X, weights, axis=0), np.repeat(y, weights)
    )
    np.testing.assert_allclose(weighted.predict(X), repeated.predict(X), rtol=1e-10)


def test_score_uses_sample_weight(sine):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=3, random_state=0).fit(X, y)
    weights = np.linspace(0, 1, len(y))
    from sklearn.metrics import r2_score

    assert model.score(X, y, sample_weight=weights) == pytest.approx(
        r2_score(y, model.predict(X), sample_weight=weights)
    )


def test_gradient_clipping_bounds_the_first_sgd_step(sine):
    X, y = sine
    kwargs = dict(
        hidden_size=4, solver="sgd", momentum=0.0, learning_rate_init=1.0,
        max_iter=1, batch_size=len(X), random_state=0, alpha=0.0,
    )  # fmt: skip
    start = SimpleRNNRegressor(**kwargs)
    start.set_params(learning_rate_init=1e-300).fit(X, y)  # ~ the initial weights
    clipped = SimpleRNNRegressor(**kwargs, max_grad_norm=1e-3).fit(X, y)

    def flat(m):
        return np.concatenate(
            [np.ravel(getattr(m, name)) for name in (
                "input_weights_", "recurrent_weights_", "output_weights_",
                "hidden_bias_", "output_bias_",
            )]
        )  # fmt: skip

    step = np.linalg.norm(flat(clipped) - flat(start))
    assert step == pytest.approx(1e-3, rel=1e-6)


def test_dataframe_input_sets_feature_names(sine):
    X, y = sine
    frame = pd.DataFrame(X, columns=[f"lag{i}" for i in range(12, 0, -1)])
    model = SimpleRNNRegressor(4, max_iter=2).fit(frame, pd.Series(y))
    assert list(model.feature_names_in_) == list(frame.columns)
    assert model.predict(frame).shape == (len(frame),)


# -- training control: warm start, partial_fit, early stopping, interruption --------


def fitted_state(model):
    """Every fitted attribute, copied, for before/after comparisons."""
    return {
        key: (list(v) if isinstance(v, list) else np.copy(v))
        for key, v in vars(model).items()
        if key.endswith("_") and not key.startswith("__")
    }


def assert_same_state(model, state):
    assert set(fitted_state(model)) == set(state)
    for key, value in state.items():
        np.testing.assert_array_equal(getattr(model, key), value, err_msg=key)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
@pytest.mark.parametrize("shuffle", [False, True])
def test_two_warm_fits_equal_one_longer_fit(sine, solver, shuffle):
    X, y = sine
    kwargs = dict(
        hidden_size=6, solver=solver, batch_size=32, shuffle=shuffle, random_state=0
    )
    long = SimpleRNNRegressor(max_iter=6, **kwargs).fit(X, y)
    warm = SimpleRNNRegressor(max_iter=3, warm_start=True, **kwargs)
    warm.fit(X, y).fit(X, y)
    np.testing.assert_allclose(warm.predict(X), long.predict(X), rtol=0, atol=1e-10)
    np.testing.assert_allclose(warm.loss_curve_, long.loss_curve_, atol=1e-10)
    assert warm.n_iter_ == long.n_iter_ == 6
    assert warm.t_ == long.t_ == 6 * len(X)


def test_warm_start_with_another_hidden_size_is_an_error(sine):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=2, warm_start=True).fit(X, y)
    state = fitted_state(model)
    model.set_params(hidden_size=5)
    with pytest.raises(ValueError, match="hidden_size changed from 4 to 5"):
        model.fit(X, y)
    assert_same_state(model, state)
    with pytest.raises(ValueError, match="n_outputs changed from 1 to 2"):
        model.set_params(hidden_size=4).fit(X, np.column_stack([y, y]))
    with pytest.raises(ValueError, match="features"):
        model.fit(X[:, 1:], y)
    assert_same_state(model, state)


def test_warm_start_false_starts_afresh(sine):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=2, random_state=0).fit(X, y)
    first = model.predict(X)
    assert model.fit(X, y).n_iter_ == 2
    np.testing.assert_array_equal(model.predict(X), first)


def test_partial_fit_runs_one_epoch_per_call(sine):
    X, y = sine
    kwargs = dict(hidden_size=5, batch_size=40, random_state=0)
    streamed = SimpleRNNRegressor(**kwargs)
    for _ in range(3):
        streamed.partial_fit(X, y)
    assert streamed.n_iter_ == 3 and len(streamed.loss_curve_) == 3
    assert streamed.t_ == 3 * len(X)
    full = SimpleRNNRegressor(max_iter=3, **kwargs).fit(X, y)
    np.testing.assert_allclose(streamed.predict(X), full.predict(X), atol=1e-10)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_partial_fit_is_available_for_the_stochastic_solvers(solver):
    # Both solvers are stochastic; partial_fit is one epoch of either.
    assert hasattr(SimpleRNNRegressor(solver=solver), "partial_fit")


def test_partial_fit_rejects_other_features_and_early_stopping(sine):
    X, y = sine
    model = SimpleRNNRegressor(4).partial_fit(X, y)
    state = fitted_state(model)
    with pytest.raises(ValueError, match="X has 11 features"):
        model.partial_fit(X[:, 1:], y)
    assert_same_state(model, state)
    with pytest.raises(ValueError, match="early_stopping"):
        SimpleRNNRegressor(early_stopping=True).partial_fit(X, y)


def test_diverging_partial_fit_and_warm_fit_keep_the_model(sine):
    X, y = sine
    for model in (
        SimpleRNNRegressor(4, random_state=0).partial_fit(X, y),
        SimpleRNNRegressor(4, max_iter=2, warm_start=True).fit(X, y),
    ):
        state = fitted_state(model)
        with pytest.raises(ValueError, match="diverged"):
            if model.warm_start:
                model.fit(X, y * 1e200)
            else:
                model.partial_fit(X, y * 1e200)
        assert_same_state(model, state)
        # ... and the optimiser state too: continuing still works.
        model.partial_fit(X, y)
        assert np.isfinite(model.predict(X)).all()


def test_rejected_parameters_keep_the_model(sine):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=2).fit(X, y)
    state = fitted_state(model)
    with pytest.raises(ValueError, match="hidden_size"):
        model.set_params(hidden_size=0).fit(X, y)
    assert_same_state(model, state)
    # A plain refit (reset=True) on rejected data keeps n_features_in_ and weights.
    model.set_params(hidden_size=4)
    with pytest.raises(ValueError, match="NaN"):
        model.fit(np.zeros((5, 7)), np.full(5, np.nan))
    assert_same_state(model, state)


def test_early_stopping_holds_out_the_last_block():
    # The first 80% of rows follow y = x_last, the last 20% follow y = -x_last. The
    # held-out block is the last 20% (time order), so the model never sees the
    # flipped rows and scores badly on them; a random split would have trained on
    # most of them.
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, size=(200, 3))
    y = X[:, -1].copy()
    y[160:] *= -1
    model = SimpleRNNRegressor(
        8,
        early_stopping=True,
        validation_fraction=0.2,
        learning_rate_init=0.01,
        max_iter=40,
        random_state=0,
    ).fit(X, y)
    assert model.validation_scores_[-1] < 0
    # Training used exactly the first 160 rows: the same loss curve as a plain fit.
    plain = SimpleRNNRegressor(
        8, learning_rate_init=0.01, max_iter=model.n_iter_, random_state=0
    ).fit(X[:160], y[:160])
    np.testing.assert_allclose(model.loss_curve_, plain.loss_curve_, rtol=1e-12)


def test_early_stopping_restores_the_best_weights(sine):
    X, y = sine
    model = SimpleRNNRegressor(
        8,
        early_stopping=True,
        learning_rate_init=0.05,
        n_iter_no_change=3,
        max_iter=60,
        random_state=0,
    ).fit(X, y)
    n_val = int(np.ceil(0.1 * len(X)))
    assert len(model.validation_scores_) == model.n_iter_
    assert model.best_validation_score_ == max(model.validation_scores_)
    assert model.score(X[-n_val:], y[-n_val:]) == pytest.approx(
        model.best_validation_score_, abs=1e-12
    )
    assert model.best_loss_ is None


def test_early_stopping_with_too_few_rows_is_an_error():
    with pytest.raises(ValueError, match=r"validation_fraction=0\.1.*n_samples=5"):
        SimpleRNNRegressor(early_stopping=True).fit(np.zeros((5, 3)), np.zeros(5))


def test_sgd_schedules_drive_the_learning_rate(sine):
    X, y = sine
    kwargs = dict(hidden_size=4, solver="sgd", learning_rate_init=0.01, max_iter=3)
    model = SimpleRNNRegressor(learning_rate="invscaling", power_t=0.5, **kwargs)
    model.fit(X, y)
    assert model._optimizer.learning_rate == pytest.approx(0.01 / (model.t_ + 1) ** 0.5)
    adaptive = SimpleRNNRegressor(
        learning_rate="adaptive", tol=10.0, n_iter_no_change=1, **kwargs
    ).fit(X, y)
    # Epoch 1 improves on +inf; epochs 2 and 3 do not: one plateau, one division.
    assert adaptive._optimizer.learning_rate == pytest.approx(0.01 / 5)


def test_adaptive_schedule_runs_to_its_stop_like_mlp_regressor(sine):
    # tol=10: only epoch 1 (against +inf) improves. With n_iter_no_change=1 every
    # second epoch without improvement is a plateau (the count restarts after a
    # division): epochs 3, 5, ..., 13 divide 0.01 by 5 six times, to 6.4e-7, and
    # epoch 15 finds it at most 1e-6 and stops. MLPRegressor counts the same way.
    X, y = sine
    kwargs = dict(
        solver="sgd",
        learning_rate="adaptive",
        learning_rate_init=0.01,
        tol=10.0,
        n_iter_no_change=1,
        max_iter=50,
    )
    model = SimpleRNNRegressor(hidden_size=4, **kwargs).fit(X, y)
    reference = MLPRegressor(hidden_layer_sizes=(4,), random_state=0, **kwargs)
    reference.fit(X, y)
    assert model.n_iter_ == reference.n_iter_ == 15
    assert model._optimizer.learning_rate == pytest.approx(0.01 / 5**6)
    assert reference._optimizer.learning_rate == pytest.approx(0.01 / 5**6)


@pytest.mark.parametrize(
    ("early_stopping", "what"),
    [(False, "Training loss"), (True, "Validation score")],
)
def test_verbose_says_why_training_stopped(sine, capsys, early_stopping, what):
    X, y = sine
    model = SimpleRNNRegressor(
        4, tol=10.0, n_iter_no_change=2, early_stopping=early_stopping, verbose=True
    ).fit(X, y)
    assert model.n_iter_ == 4  # epoch 1 improves, epochs 2-4 do not
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == (
        f"{what} did not improve more than tol=10.0 for 2 consecutive epochs. Stopping."
    )


def test_keyboard_interrupt_stops_cleanly(sine, monkeypatch):
    X, y = sine
    from sklearn_rnn import _optimizers

    calls = {"n": 0}
    update = _optimizers.AdamOptimizer.update_params

    def interrupt_on_the_seventh_step(self, params, grads):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt
        update(self, params, grads)

    monkeypatch.setattr(
        _optimizers.AdamOptimizer, "update_params", interrupt_on_the_seventh_step
    )
    model = SimpleRNNRegressor(4, batch_size=50, max_iter=10)
    with pytest.warns(UserWarning, match="interrupted"):
        model.fit(X, y)  # 5 batches per epoch: stopped during the second epoch
    assert model.n_iter_ == 1 and model.loss_ == model.loss_curve_[0]
    assert np.isfinite(model.predict(X)).all()


def test_early_stopping_with_a_zero_weight_validation_block_is_an_error(sine):
    X, y = sine
    weights = np.ones(len(y))
    weights[-30:] = 0
    with pytest.raises(ValueError, match="validation block.*last 25 rows"):
        SimpleRNNRegressor(early_stopping=True).fit(X, y, sample_weight=weights)


@pytest.mark.skipif(
    "MUTANT_UNDER_TEST" in os.environ,
    reason="mutmut's trampolines add frames outside the package between its frames",
)
def test_warnings_point_at_the_caller_of_fit(sine):
    X, y = sine
    with pytest.warns(ConvergenceWarning) as record:
        SimpleRNNRegressor(4, max_iter=1).fit(X, y)
    assert record[0].filename == __file__
    with pytest.warns(UserWarning, match="batch_size=500") as record:
        SimpleRNNRegressor(4, batch_size=500).partial_fit(X, y)
    assert record[0].filename == __file__


# -- standardisation, window order, column names -----------------------------------


def weighted_statistics(values, n_variables, weights):
    """Per-variable weighted mean and standard deviation over rows and steps."""
    per_variable = values.reshape(len(values), -1, n_variables)
    step_weights = np.repeat(weights, per_variable.shape[1])
    flat = per_variable.reshape(-1, n_variables)
    mean = np.average(flat, axis=0, weights=step_weights)
    std = np.sqrt(np.average((flat - mean) ** 2, axis=0, weights=step_weights))
    return mean, std


def test_standardize_learns_weighted_per_variable_statistics():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 8)) * np.tile([1, 100], 4) + np.tile([5, -300], 4)
    X[:, 1::2] *= np.arange(1, 5)  # 4 steps of 2 variables; steps differ in scale
    Y = np.c_[X[:, -1] * 1e3, np.full(40, 7.0)]  # a constant target column
    weights = rng.uniform(0, 2, size=40)
    model = SimpleRNNRegressor(4, input_size=2, max_iter=2).fit(X, Y, weights)
    mean, std = weighted_statistics(X, 2, weights)
    np.testing.assert_allclose(model.input_mean_, mean, rtol=1e-12)
    np.testing.assert_allclose(model.input_scale_, std, rtol=1e-12)
    target_mean, target_std = weighted_statistics(Y, 2, weights)
    np.testing.assert_allclose(model.target_mean_, target_mean, rtol=1e-12)
    assert model.target_scale_[0] == pytest.approx(target_std[0], rel=1e-12)
    assert model.target_scale_[1] == 1.0  # constant: scale 1, not 0


def test_standardize_trains_on_the_standardised_scale(sine):
    X, y = sine
    X, y = 500 + 80 * X, 500 + 80 * y
    kwargs = dict(hidden_size=5, max_iter=4, batch_size=64, random_state=0)
    model = SimpleRNNRegressor(**kwargs).fit(X, y)
    mean, scale = model.input_mean_[0], model.input_scale_[0]
    target_mean, target_scale = model.target_mean_[0], model.target_scale_[0]
    plain = SimpleRNNRegressor(standardize=False, **kwargs).fit(
        (X - mean) / scale, (y - target_mean) / target_scale
    )
    # The same training, step by step: the loss is the standardised one.
    np.testing.assert_array_equal(model.loss_curve_, plain.loss_curve_)
    np.testing.assert_allclose(
        model.predict(X),
        plain.predict((X - mean) / scale) * target_scale + target_mean,
        rtol=1e-13,
    )


def test_standardize_false_is_the_plain_cell(sine):
    from sklearn_rnn import _elman

    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=3, standardize=False).fit(X, y)
    assert model.input_mean_ is None and model.target_scale_ is None
    weights = [getattr(model, name) for name in (
        "input_weights_", "recurrent_weights_", "output_weights_",
        "hidden_bias_", "output_bias_",
    )]  # fmt: skip
    np.testing.assert_array_equal(
        model.predict(X), _elman.predict(weights, X, 1, "tanh").ravel()
    )


def test_raw_airline_windows_train_with_defaults():
    from sklearn_rnn import make_windows
    from sklearn_rnn.datasets import load_airline

    X, y = make_windows(load_airline()[:-12], 12)
    with pytest.warns(ConvergenceWarning):
        model = SimpleRNNRegressor(random_state=0).fit(X, y)
        plain = SimpleRNNRegressor(random_state=0, standardize=False).fit(X, y)
    assert model.score(X, y) > 0.9
    assert plain.score(X, y) < 0  # what the defaults did before standardize


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_standardize_keeps_the_dtype(sine, dtype):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=2).fit((100 * X).astype(dtype), 100 * y)
    assert model.input_mean_.dtype == model.target_scale_.dtype == dtype
    assert model.predict((100 * X).astype(dtype)).dtype == dtype


def test_statistics_are_kept_by_warm_start_and_partial_fit(sine):
    X, y = sine
    warm = SimpleRNNRegressor(4, max_iter=2, warm_start=True).fit(X, y)
    streamed = SimpleRNNRegressor(4).partial_fit(X, y)
    first = [warm.input_mean_.copy(), streamed.input_mean_.copy()]
    warm.fit(X + 10, y + 10)
    streamed.partial_fit(X + 10, y + 10)
    np.testing.assert_array_equal(warm.input_mean_, first[0])
    np.testing.assert_array_equal(streamed.input_mean_, first[1])
    fresh = SimpleRNNRegressor(4, max_iter=2).fit(X, y).fit(X + 10, y + 10)
    np.testing.assert_allclose(fresh.input_mean_, first[0] + 10, rtol=1e-12)
    with pytest.raises(ValueError, match="standardize changed from True to False"):
        warm.set_params(standardize=False).fit(X, y)


def test_early_stopping_statistics_come_from_the_training_rows(sine):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=2, early_stopping=True).fit(X, y)
    n_train = len(X) - int(np.ceil(0.1 * len(X)))
    assert model.target_mean_[0] == pytest.approx(y[:n_train].mean(), rel=1e-12)


def reversed_steps(X, input_size):
    """The same windows with the steps in the other order (variables kept)."""
    n_samples = len(X)
    return X.reshape(n_samples, -1, input_size)[:, ::-1].reshape(n_samples, -1)


@pytest.mark.parametrize("input_size", [1, 2])
@pytest.mark.parametrize("standardize", [True, False])
def test_newest_first_reads_the_reversed_layout(input_size, standardize):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 6 * input_size)).cumsum(axis=1)
    y = X[:, -1] + X[:, -input_size] ** 2 / 10
    kwargs = dict(
        hidden_size=5, input_size=input_size, max_iter=3, batch_size=16,
        random_state=0, standardize=standardize,
    )  # fmt: skip
    oldest = SimpleRNNRegressor(**kwargs).fit(X, y)
    newest = SimpleRNNRegressor(window_order="newest_first", **kwargs)
    newest.fit(reversed_steps(X, input_size), y)
    np.testing.assert_array_equal(newest.loss_curve_, oldest.loss_curve_)
    np.testing.assert_allclose(
        newest.predict(reversed_steps(X, input_size)), oldest.predict(X), rtol=1e-14
    )
    # ... and it is not a no-op: the reversed layout read oldest first differs.
    assert not np.allclose(oldest.predict(reversed_steps(X, input_size)), y)


def test_newest_first_column_names_warn_once_and_name_the_parameter(sine):
    X, y = sine
    lags = pd.DataFrame(X[:, ::-1], columns=[f"lag_{k}" for k in range(1, 13)])
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        SimpleRNNRegressor(4, max_iter=3).fit(lags, y)
    messages = [str(w.message) for w in record if "window_order" in str(w.message)]
    assert len(messages) == 1
    assert "'lag_1', 'lag_2', ..., 'lag_12'" in messages[0]
    assert "window_order='newest_first'" in messages[0]
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        SimpleRNNRegressor(4, max_iter=3, window_order="newest_first").fit(lags, y)
    assert not [w for w in record if "window_order" in str(w.message)]


def test_make_windows_names_for_another_number_of_variables_are_an_error():
    from sklearn_rnn import make_windows

    frame = pd.DataFrame({"a": np.sin(np.arange(40)), "b": np.cos(np.arange(40))})
    X, y = make_windows(frame, 6, target="a")
    with pytest.raises(ValueError, match=r"2 variables \('a', 'b'\).*input_size=1"):
        SimpleRNNRegressor(4).fit(X, y)
    with pytest.raises(ValueError, match="Set input_size=2"):
        SimpleRNNRegressor(4, input_size=3).fit(X, y)
    model = SimpleRNNRegressor(4, input_size="auto", max_iter=2).fit(X, y)
    assert model.n_steps_ == 6 and model.input_weights_.shape == (4, 2)
    assert SimpleRNNRegressor(4, input_size="auto", max_iter=2).fit(
        X.to_numpy(), y
    ).n_steps_ == 12  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        {"activation": "relu"},
        {"input_size": 3},
        {"standardize": False},
        {"window_order": "newest_first"},
    ],
)
def test_predict_depends_on_the_fitted_state_only(sine, change):
    X, y = sine
    model = SimpleRNNRegressor(4, max_iter=3, random_state=0).fit(100 * X, y)
    before = model.predict(100 * X)
    model.set_params(**change)
    np.testing.assert_array_equal(model.predict(100 * X), before)
    np.testing.assert_allclose(model.predict(100 * X[:1]), before[:1], rtol=1e-12)


# -- inputs that used to end in an internal error or a silent non-finite result ----


@pytest.fixture
def small():
    X = np.random.default_rng(0).normal(size=(12, 4))
    return X, X.sum(axis=1)


def test_invscaling_with_a_huge_power_t_fits(small):
    X, y = small
    model = SimpleRNNRegressor(
        3, solver="sgd", learning_rate="invscaling", power_t=300, max_iter=3
    )
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)  # was OverflowError: (t + 1) ** 300
    assert model._optimizer.learning_rate == 0.0
    assert np.isfinite(model.predict(X)).all()


def test_a_network_too_large_for_memory_is_refused_up_front(small):
    import re

    X, y = small
    model = SimpleRNNRegressor(hidden_size=10**12)
    with pytest.raises(ValueError, match="hidden_size=1000000000000 needs") as error:
        model.fit(X, y)  # was NumPy's "array is too big" from the initialiser
    largest = int(re.search(r"largest hidden_size that fits is about (\d+)", str(
        error.value
    ))[1])  # fmt: skip
    assert 100 < largest < 10**12
    assert not hasattr(model, "n_features_in_")


def test_score_with_non_numeric_y_names_y(small):
    X, y = small
    model = SimpleRNNRegressor(3, max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="y must hold numbers"):
        model.score(X, np.array(["a"] * 12))


@pytest.mark.parametrize("standardize", [True, False])
@pytest.mark.parametrize("hidden_size", [2, 32])
def test_divergence_in_the_last_epoch_raises(small, standardize, hidden_size):
    X, y = small
    kwargs = dict(max_iter=1, max_grad_norm=None, standardize=standardize)
    with pytest.raises(ValueError, match="diverged at epoch 1"):
        # The loss of the only step was finite; its result was not. With two
        # units the standardised outputs stay finite and overflow only when
        # mapped back to the targets' scale.
        SimpleRNNRegressor(
            hidden_size, learning_rate_init=1e308, random_state=0, **kwargs
        ).fit(X, y)
    model = SimpleRNNRegressor(random_state=0, **kwargs)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y)
    state = fitted_state(model)
    with pytest.raises(ValueError, match="diverged"):
        model.set_params(learning_rate_init=1e308).fit(X, y)
    assert_same_state(model, state)


@pytest.mark.parametrize("where", ["X", "y"])
@pytest.mark.parametrize("dtype", ["datetime64[D]", "timedelta64[s]"])
@pytest.mark.parametrize("container", [np.asarray, pd.DataFrame])
def test_dates_and_durations_are_refused(small, where, dtype, container):
    X, y = small
    dates = np.arange(X.size).reshape(X.shape).astype(dtype)
    data = {"X": container(dates), "y": y} if where == "X" else {
        "X": X, "y": container(dates[:, :1]),
    }  # fmt: skip
    with pytest.raises(TypeError, match=f"{where} holds dates or durations"):
        SimpleRNNRegressor(3, max_iter=1).fit(data["X"], data["y"])
    model = SimpleRNNRegressor(3, max_iter=2).fit(X, y)
    with pytest.raises(TypeError, match=f"{where} holds dates or durations"):
        model.score(data["X"], data["y"])


@pytest.mark.parametrize(
    "dtype, weight",
    [
        (np.float64, 1e-320),
        (np.float64, 1e-30),
        (np.float64, 0.5),
        (np.float32, 1e-320),
        (np.float32, 0.5),
        (np.float32, 1e300),
    ],
)
def test_extreme_sample_weights_train_as_unit_weights(small, dtype, weight):
    X, y = small
    X = X.astype(dtype)
    kwargs = dict(hidden_size=3, max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        unit = SimpleRNNRegressor(**kwargs).fit(X, y, sample_weight=np.ones(12))
        extreme = SimpleRNNRegressor(**kwargs).fit(X, y, np.full(12, weight))
    # 1e-320 "diverged" (the penalty divided by the sum of weights); in float32
    # it was 0 and 1e300 was inf.
    np.testing.assert_array_equal(extreme.predict(X), unit.predict(X))


def test_weights_of_one_and_more_count_rows(small):
    # Only weights below 1 (or overflowing) are made relative: integer weights
    # keep counting rows, so the penalty differs from the same ratios halved.
    X, y = small
    kwargs = dict(hidden_size=3, max_iter=2, random_state=0, alpha=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        twice = SimpleRNNRegressor(**kwargs).fit(X, y, sample_weight=np.full(12, 2))
        once = SimpleRNNRegressor(**kwargs).fit(X, y, sample_weight=np.ones(12))
    assert not np.allclose(twice.predict(X), once.predict(X), rtol=1e-6)


def test_non_finite_predictions_of_finite_input_warn_with_the_cause(small):
    X, y = small
    model = SimpleRNNRegressor(3, activation="relu", max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y * 1e300)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(model.predict(X)).all()
    with pytest.warns(UserWarning, match=r"non-finite values for \d+ of 12 rows"
                      r".*mapped back to the target's scale"):  # fmt: skip
        prediction = model.predict(X * 1e10)
    assert not np.isfinite(prediction).all()
    model.input_weights_ = model.input_weights_ * 1e300  # weights that overflow
    with pytest.warns(UserWarning, match=r"the hidden state or the output of the "
                      r"network overflowed \(activation='relu'"):  # fmt: skip
        model.predict(X * 1e10)


# -- what the mutation run found untested (issue 17) ------------------------------


def test_early_stopping_restores_the_best_not_the_last_weights(sine):
    X, y = sine
    model = SimpleRNNRegressor(
        8,
        early_stopping=True,
        learning_rate_init=0.2,
        tol=0,
        n_iter_no_change=3,
        max_iter=60,
        random_state=0,
    ).fit(X, y)
    scores = model.validation_scores_
    best_epoch = int(np.argmax(scores))
    # The best epoch is not the last (so restoring it is not a no-op) ...
    assert best_epoch < model.n_iter_ - 1 and scores[-1] < max(scores) - 0.1
    # ... and the weights kept are that epoch's: they score its R^2 again.
    n_val = int(np.ceil(0.1 * len(X)))
    assert model.score(X[-n_val:], y[-n_val:]) == pytest.approx(max(scores), abs=1e-12)


def test_early_stopping_stops_when_the_score_improves_less_than_tol(sine):
    X, y = sine
    kwargs = dict(
        hidden_size=4, early_stopping=True, n_iter_no_change=3, max_iter=60,
        learning_rate_init=0.01, random_state=0,
    )  # fmt: skip
    # tol larger than any R^2 gain: the first epoch improves on -inf, then 4
    # epochs without an improvement of tol (> n_iter_no_change) stop training.
    assert SimpleRNNRegressor(tol=10.0, **kwargs).fit(X, y).n_iter_ == 5
    with pytest.warns(ConvergenceWarning):
        # tol=0: the steadily improving score keeps training going.
        assert SimpleRNNRegressor(tol=0.0, **kwargs).fit(X, y).n_iter_ == 60


def test_shuffle_changes_the_order_of_the_batches(sine):
    X, y = sine
    kwargs = dict(hidden_size=4, batch_size=50, max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        shuffled = SimpleRNNRegressor(shuffle=True, **kwargs).fit(X, y)
        in_order = SimpleRNNRegressor(shuffle=False, **kwargs).fit(X, y)
        again = SimpleRNNRegressor(shuffle=False, **kwargs).fit(X, y)
    assert not np.allclose(shuffled.loss_curve_, in_order.loss_curve_, rtol=1e-6)
    np.testing.assert_array_equal(in_order.loss_curve_, again.loss_curve_)


@pytest.mark.parametrize("sample_weight", [None, "ramp"])
def test_epoch_loss_weighs_the_batch_losses_by_their_size(sine, sample_weight):
    # With a step size too small to move the weights, the epoch's loss is the
    # loss of the whole training set under the final weights; batches of 40, 40,
    # 40, 40, 40 and 28 rows must be weighted by their (sample-weighted) size.
    X, y = sine
    weights = None if sample_weight is None else np.linspace(0.1, 2, len(X))
    model = SimpleRNNRegressor(
        4, batch_size=40, learning_rate_init=1e-300, alpha=0.0, max_iter=1,
        standardize=False, random_state=0,
    )  # fmt: skip
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y, sample_weight=weights)
    squared_errors = (model.predict(X) - y) ** 2
    full_data_loss = 0.5 * np.average(squared_errors, weights=weights)
    assert model.loss_ == pytest.approx(full_data_loss, rel=1e-12)


# -- truncated backpropagation through time ----------------------------------------


@pytest.mark.parametrize("bptt_steps", [12, 13, 100])
def test_bptt_steps_of_at_least_the_window_is_full_bptt(sine, bptt_steps):
    X, y = sine
    kwargs = dict(hidden_size=5, batch_size=64, max_iter=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        full = SimpleRNNRegressor(**kwargs).fit(X, y)
        truncated = SimpleRNNRegressor(bptt_steps=bptt_steps, **kwargs).fit(X, y)
    np.testing.assert_array_equal(truncated.loss_curve_, full.loss_curve_)
    np.testing.assert_array_equal(truncated.predict(X), full.predict(X))


def test_fewer_bptt_steps_change_the_gradient_and_the_fit(sine):
    X, y = sine
    kwargs = dict(
        hidden_size=5, solver="sgd", momentum=0.0, learning_rate_init=0.1,
        batch_size=len(X), max_iter=1, alpha=0.0, random_state=0,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        full = SimpleRNNRegressor(**kwargs).fit(X, y)
        one = SimpleRNNRegressor(bptt_steps=1, **kwargs).fit(X, y)
        three = SimpleRNNRegressor(bptt_steps=3, **kwargs).fit(X, y)
    # One full-batch SGD step from the same start: the output layer's gradient
    # needs no BPTT and is the same; the recurrent weights' is not.
    np.testing.assert_allclose(one.output_weights_, full.output_weights_, rtol=1e-12)
    for truncated in (one, three):
        assert not np.allclose(truncated.recurrent_weights_, full.recurrent_weights_)
    # Through one step only, h_{T-1} is a constant: W_hh still gets a gradient
    # (dL/da_T h_{T-1}^T), but less of it than through three steps.
    start = SimpleRNNRegressor(**{**kwargs, "learning_rate_init": 1e-300}).fit(X, y)
    moved = [
        np.linalg.norm(m.recurrent_weights_ - start.recurrent_weights_)
        for m in (one, three, full)
    ]
    assert 0 < moved[0] and moved[0] != moved[1] != moved[2]


def test_bptt_steps_is_validated(sine):
    X, y = sine
    with pytest.raises(ValueError, match="bptt_steps"):
        SimpleRNNRegressor(bptt_steps=0).fit(X, y)


def test_training_rows_without_weight_are_refused_before_any_statistics(sine):
    X, y = sine
    weights = np.zeros(len(X))
    weights[-20:] = 1  # weight in the validation block only
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no division by a zero total weight
        with pytest.raises(ValueError, match="sums to 0 over the training rows"):
            SimpleRNNRegressor(early_stopping=True).fit(X, y, sample_weight=weights)


def test_score_of_values_near_the_float_limit_is_finite(small):
    from sklearn.metrics import r2_score

    X, y = small
    model = SimpleRNNRegressor(3, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        model.fit(X, y * 1e200)
    prediction = model.predict(X)
    # r2_score squares the raw values: (1e200)^2 overflows and R^2 became nan
    expected = r2_score(y, prediction / 1e200)
    assert model.score(X, y * 1e200) == pytest.approx(expected, rel=1e-12)
    ordinary = SimpleRNNRegressor(3, max_iter=2, random_state=0)
    with pytest.warns(ConvergenceWarning):
        ordinary.fit(X, y)
    assert ordinary.score(X, y) == r2_score(y, ordinary.predict(X))  # exactly


# -- the second mutation pass over _regressor.py (issue 17) ------------------------


def quiet_fit(model, X, y, **kwargs):
    """``model.fit`` without the ConvergenceWarning of a short ``max_iter``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y, **kwargs)


def test_weights_with_a_sum_that_overflows_train_as_unit_weights(small):
    # 1e38 fits float32, but 12 of them do not: the weights are made relative.
    X, y = small
    X = X.astype(np.float32)
    kwargs = dict(hidden_size=3, max_iter=2, random_state=0)
    unit = quiet_fit(SimpleRNNRegressor(**kwargs), X, y, sample_weight=np.ones(12))
    huge = quiet_fit(
        SimpleRNNRegressor(**kwargs), X, y, sample_weight=np.full(12, 1e38)
    )
    np.testing.assert_array_equal(huge.predict(X), unit.predict(X))


def test_weights_whose_sum_is_exactly_the_float32_limit_count_rows():
    # 3 rows of weight max/3 (exact in float32) sum to the largest float32 exactly:
    # no overflow, so they are kept and the penalty is divided by that sum.
    X = np.array([[0.1, 0.2], [0.2, 0.3], [0.3, 0.1]], dtype=np.float32)
    y = np.array([0.3, 0.1, 0.2])
    weight = float(np.finfo(np.float32).max) / 3
    assert np.float32(weight) * 3 == np.finfo(np.float32).max
    kwargs = dict(hidden_size=2, max_iter=2, random_state=0, alpha=1.0)
    kwargs.update(standardize=False, shuffle=False)
    kept = quiet_fit(
        SimpleRNNRegressor(**kwargs), X, y, sample_weight=np.full(3, weight)
    )
    unit = quiet_fit(SimpleRNNRegressor(**kwargs), X, y, sample_weight=np.ones(3))
    no_penalty = quiet_fit(
        SimpleRNNRegressor(**{**kwargs, "alpha": 0.0}), X, y, sample_weight=np.ones(3)
    )
    assert not np.allclose(kept.predict(X), unit.predict(X), rtol=1e-6)
    np.testing.assert_allclose(kept.predict(X), no_penalty.predict(X), rtol=1e-5)


@pytest.mark.parametrize("weight", [1.5, 2.0])
def test_weights_from_one_up_count_rows(small, weight):
    X, y = small
    kwargs = dict(hidden_size=3, max_iter=2, random_state=0, alpha=1.0)
    heavy = quiet_fit(
        SimpleRNNRegressor(**kwargs), X, y, sample_weight=np.full(12, weight)
    )
    once = quiet_fit(SimpleRNNRegressor(**kwargs), X, y, sample_weight=np.ones(12))
    assert not np.allclose(heavy.predict(X), once.predict(X), rtol=1e-6)


def test_float32_training_uses_the_weights_in_float32(small):
    X, y = small
    X = X.astype(np.float32)
    weights = np.linspace(0.1, 1.0, 12)
    kwargs = dict(hidden_size=3, max_iter=2, random_state=0)
    given = quiet_fit(SimpleRNNRegressor(**kwargs), X, y, sample_weight=weights)
    rounded = quiet_fit(
        SimpleRNNRegressor(**kwargs), X, y, sample_weight=weights.astype(np.float32)
    )
    assert given.loss_curve_ == rounded.loss_curve_
    np.testing.assert_array_equal(given.input_mean_, rounded.input_mean_)
    np.testing.assert_array_equal(given.predict(X), rounded.predict(X))


def count_validations(monkeypatch):
    """Count the calls of the full input validation of predict."""
    import sklearn_rnn._regressor as regressor

    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    original = regressor.validate_data
    monkeypatch.setattr(regressor, "validate_data", counting)
    return calls


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n_rows", [1, 5])
def test_predict_takes_the_fast_path_for_plain_float_arrays(
    small, monkeypatch, dtype, n_rows
):
    X, y = small
    model = quiet_fit(SimpleRNNRegressor(3, max_iter=2, random_state=0), X, y)
    expected = model.predict(X[:n_rows].tolist())
    calls = count_validations(monkeypatch)
    prediction = model.predict(np.ascontiguousarray(X[:n_rows], dtype=dtype))
    assert calls == []
    np.testing.assert_allclose(prediction, expected, rtol=1e-5)
    # anything else is validated: lists, ints, 3-D, a non-finite value
    model.predict(X[:n_rows].tolist())
    model.predict(X[:n_rows].astype(int))
    with pytest.raises(ValueError, match="3"):
        model.predict(X[:n_rows, None, :])
    with pytest.raises(ValueError, match="NaN"):
        model.predict(np.full((n_rows, 4), np.nan))
    with pytest.raises(ValueError, match="0 sample"):
        model.predict(np.empty((0, 4)))
    assert len(calls) == 5


def test_predict_on_an_array_warns_when_fitted_with_feature_names(small, monkeypatch):
    X, y = small
    frame = pd.DataFrame(X, columns=list("abcd"))
    model = quiet_fit(SimpleRNNRegressor(3, max_iter=2, random_state=0), frame, y)
    calls = count_validations(monkeypatch)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        model.predict(X)
    assert calls == [1]


def test_predict_names_x_in_its_errors(small):
    X, y = small
    model = quiet_fit(SimpleRNNRegressor(3, max_iter=2, random_state=0), X, y)
    dates = np.arange(X.size).reshape(X.shape).astype("datetime64[D]")
    with pytest.raises(TypeError, match="^X holds dates or durations"):
        model.predict(dates)
    with pytest.raises(ValueError, match="^X must hold numbers"):
        model.predict([["a", "b", "c", "d"]])


def rounded_to_float32(model):
    """A copy of ``model`` whose weights and statistics are rounded to float32 (and
    kept in float64)."""
    import copy

    rounded = copy.deepcopy(model)
    for name in (
        "input_weights_",
        "recurrent_weights_",
        "output_weights_",
        "hidden_bias_",
        "output_bias_",
        "input_mean_",
        "input_scale_",
        "target_mean_",
        "target_scale_",
    ):
        setattr(rounded, name, getattr(model, name).astype(np.float32).astype(float))
    return rounded


def test_float32_predictions_use_the_model_in_float32(sine):
    X, y = sine
    y = y * 100 + 7  # statistics far from 0 and 1, not exact in float32
    model = quiet_fit(SimpleRNNRegressor(5, max_iter=3, random_state=0), X, y)
    assert model.input_weights_.dtype == np.float64
    X32 = X.astype(np.float32)
    prediction = model.predict(X32)
    assert prediction.dtype == np.float32
    np.testing.assert_array_equal(prediction, rounded_to_float32(model).predict(X32))
    # float64 predictions do use the float64 model
    assert not np.array_equal(model.predict(X), rounded_to_float32(model).predict(X))


def test_non_finite_predictions_warn_once_without_numpy_warnings(small):
    X, y = small
    model = quiet_fit(
        SimpleRNNRegressor(3, activation="relu", max_iter=2, random_state=0),
        X,
        y * 1e300,
    )
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model.predict(X * 1e10)  # overflows mapped back to the targets' scale
        model.input_weights_ = model.input_weights_ * 1e300
        model.output_weights_ = np.array([[1.0, -1.0, 1.0]])  # inf - inf: NaN
        model.predict(np.abs(X) * 1e10)
    assert [w.category for w in record] == [UserWarning, UserWarning]


def test_non_finite_warning_counts_the_rows_and_names_the_largest_weight(small):
    X, y = small
    model = quiet_fit(
        SimpleRNNRegressor(3, activation="relu", max_iter=2, random_state=0), X, y
    )
    for name in ("input_weights_", "recurrent_weights_", "output_weights_"):
        setattr(model, name, np.full_like(getattr(model, name), 0.5))
    model.hidden_bias_ = np.zeros(3)
    model.output_bias_ = np.zeros(1)
    X_big = np.zeros((3, 4))
    X_big[:2] = 1e308  # two rows overflow, the third is 0
    with pytest.warns(UserWarning) as record:
        prediction = model.predict(X_big)
    assert np.isfinite(prediction).tolist() == [False, False, True]
    message = str(record[0].message)
    assert "non-finite values for 2 of 3 rows" in message
    assert "largest |weight| 0.5);" in message
    assert message.endswith(
        "inputs far outside the training range or an unbounded activation "
        "('relu') do this."
    )


def test_score_refuses_negative_or_non_numeric_weights(small):
    X, y = small
    model = quiet_fit(SimpleRNNRegressor(3, max_iter=2, random_state=0), X, y)
    weights = np.ones(12)
    weights[0] = -1
    with pytest.raises(ValueError, match="Negative values in data passed to"):
        model.score(X, y, sample_weight=weights)
    with pytest.raises(ValueError, match="^sample_weight must hold numbers"):
        model.score(X, y, sample_weight=["a"] * 12)


@pytest.mark.parametrize("where", ["X", "y"])
def test_a_spread_that_underflows_float32_gets_scale_1(where):
    # One value in ten is float32's smallest subnormal: its standard deviation
    # (about 4e-46) is 0 in float32.
    tiny = np.where(np.arange(40) % 10 == 0, np.float32(1e-45), np.float32(0))
    ramp = np.linspace(0, 1, 40, dtype=np.float32)
    X = (tiny if where == "X" else ramp).reshape(20, 2)
    y = (ramp if where == "X" else tiny)[::2]
    model = quiet_fit(SimpleRNNRegressor(2, max_iter=2, random_state=0), X, y)
    scale = model.input_scale_ if where == "X" else model.target_scale_
    assert scale.dtype == np.float32
    assert scale.tolist() == [1.0]
    assert np.isfinite(model.predict(X)).all()


def test_early_stopping_of_the_plain_cell_scores_several_variables():
    X = np.random.default_rng(0).normal(size=(30, 6))
    y = X[:, 4] + X[:, 5]
    model = quiet_fit(
        SimpleRNNRegressor(
            3,
            input_size=2,
            standardize=False,
            early_stopping=True,
            validation_fraction=0.2,
            max_iter=2,
            random_state=0,
        ),
        X,
        y,
    )
    assert len(model.validation_scores_) == 2
    # the kept weights are the best ones: their R^2 on the held-out block
    best = model.best_validation_score_
    assert best == max(model.validation_scores_)
    assert model.score(X[24:], y[24:]) == pytest.approx(best, rel=1e-12)


def optimizer_state_dtypes(model):
    arrays = [v for v in vars(model._optimizer).values() if isinstance(v, np.ndarray)]
    return {a.dtype for a in arrays}


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_float32_fits_keep_the_optimizer_in_float32(sine, solver):
    X, y = sine
    X32 = X.astype(np.float32)
    model = quiet_fit(
        SimpleRNNRegressor(4, solver=solver, max_iter=2, random_state=0), X32, y
    )
    assert optimizer_state_dtypes(model) == {np.dtype(np.float32)}
    # a warm start on float32 data from a float64 fit trains in float32
    model = quiet_fit(
        SimpleRNNRegressor(4, solver=solver, max_iter=2, warm_start=True), X, y
    )
    quiet_fit(model, X32, y)
    assert model.input_weights_.dtype == np.float32
    assert optimizer_state_dtypes(model) == {np.dtype(np.float32)}
    # so does a warm start that changes the solver's parameters
    model.set_params(learning_rate_init=0.01)
    quiet_fit(model, X32, y)
    assert model.input_weights_.dtype == np.float32
    assert optimizer_state_dtypes(model) == {np.dtype(np.float32)}


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_two_float32_warm_fits_equal_one_longer_fit(sine, solver):
    X, y = sine
    X = X.astype(np.float32)
    kwargs = dict(hidden_size=4, solver=solver, batch_size=64, random_state=0)
    long = quiet_fit(SimpleRNNRegressor(max_iter=4, **kwargs), X, y)
    warm = SimpleRNNRegressor(max_iter=2, warm_start=True, **kwargs)
    quiet_fit(quiet_fit(warm, X, y), X, y)
    np.testing.assert_array_equal(warm.predict(X), long.predict(X))
    assert warm.loss_curve_ == long.loss_curve_


@pytest.mark.parametrize(
    "solver, name, value",
    [
        ("adam", "beta_1", 0.5),
        ("adam", "beta_2", 0.9),
        ("adam", "epsilon", 1e-3),
        ("adam", "learning_rate_init", 0.01),
        ("adam", "solver", "sgd"),
        ("sgd", "learning_rate_init", 0.01),
        ("sgd", "momentum", 0.5),
        ("sgd", "solver", "adam"),
    ],
)
def test_a_changed_optimizer_parameter_acts_at_the_next_warm_fit(
    sine, solver, name, value
):
    X, y = sine
    kwargs = dict(hidden_size=4, solver=solver, max_iter=2, warm_start=True)
    changed = quiet_fit(SimpleRNNRegressor(random_state=0, **kwargs), X, y)
    unchanged = quiet_fit(SimpleRNNRegressor(random_state=0, **kwargs), X, y)
    changed.set_params(**{name: value})
    quiet_fit(changed, X, y)
    quiet_fit(unchanged, X, y)
    assert changed.n_iter_ == unchanged.n_iter_ == 4
    assert not np.allclose(changed.predict(X), unchanged.predict(X), rtol=1e-9)


def test_a_failed_warm_fit_leaves_the_random_stream_as_it_was(small):
    X, y = small
    kwargs = dict(hidden_size=3, max_iter=2, standardize=False, warm_start=True)
    kwargs.update(batch_size=4)  # so that the order of the rows matters
    failed = quiet_fit(SimpleRNNRegressor(random_state=0, **kwargs), X, y)
    clean = quiet_fit(SimpleRNNRegressor(random_state=0, **kwargs), X, y)
    with pytest.raises(ValueError, match="diverged"):
        quiet_fit(failed, X, y * 1e300)
    quiet_fit(failed, X, y)
    quiet_fit(clean, X, y)
    np.testing.assert_array_equal(failed.predict(X), clean.predict(X))


def test_early_stopping_scores_accumulate_across_warm_fits(sine):
    X, y = sine
    model = SimpleRNNRegressor(
        4, early_stopping=True, warm_start=True, max_iter=2, n_iter_no_change=50,
        random_state=0,
    )  # fmt: skip
    quiet_fit(quiet_fit(model, X, y), X, y)
    assert len(model.validation_scores_) == model.n_iter_ == 4
    assert model.best_validation_score_ == max(model.validation_scores_[2:])


def test_each_warm_fit_gets_n_iter_no_change_epochs(sine):
    # tol so large that only the very first epoch counts as an improvement
    X, y = sine
    model = SimpleRNNRegressor(
        4, tol=1e10, n_iter_no_change=2, warm_start=True, random_state=0
    )
    model.fit(X, y)
    assert model.n_iter_ == 4  # 1 improvement, then 3 epochs without
    model.fit(X, y)
    assert model.n_iter_ == 7  # the count starts again at 0: 3 epochs


def test_n_steps_is_an_int(sine):
    X, y = sine
    model = quiet_fit(SimpleRNNRegressor(3, input_size=2, max_iter=1), X, y)
    assert model.n_steps_ == 6
    assert type(model.n_steps_) is int


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("input_size", 2, "input_size changed from 1 to 2"),
        ("window_order", "newest_first", "window_order changed from oldest_first to "
         "newest_first"),
    ],
)  # fmt: skip
def test_a_changed_layout_between_warm_fits_is_named(sine, name, value, message):
    X, y = sine
    model = quiet_fit(SimpleRNNRegressor(3, max_iter=1, warm_start=True), X, y)
    model.set_params(**{name: value})
    with pytest.raises(ValueError, match=f"^Cannot continue training: {message} ") as e:
        model.fit(X, y)
    assert str(e.value).endswith("(or start a new estimator) to train afresh.")


def limit_memory_to(monkeypatch, n_bytes):
    """Make the memory check see ``n_bytes`` of memory on this machine."""
    import sklearn_rnn._trainer as trainer

    monkeypatch.setattr(trainer, "_memory_limit", lambda: n_bytes)


def bytes_needed(sizes, n_steps, batch_size, dtype=np.float64):
    from sklearn_rnn._trainer import _bytes_needed

    return _bytes_needed(sizes, n_steps, batch_size, dtype)


@pytest.mark.parametrize(
    "params, dtype, n_steps, batch",
    [
        ({}, np.float64, 6, 200),  # batch_size="auto": 200 of 250 rows
        ({"batch_size": 10}, np.float64, 6, 10),
        ({}, np.float32, 6, 200),
        ({"bptt_steps": 2}, np.float64, 2, 200),
    ],
)
def test_the_memory_check_counts_the_batch_dtype_and_bptt_steps(
    monkeypatch, params, dtype, n_steps, batch
):
    X = np.random.default_rng(0).normal(size=(250, 12)).astype(dtype)
    y = X[:, -1]
    sizes = (2, 5, 1)
    needed = bytes_needed(sizes, n_steps, batch, dtype)
    kwargs = dict(hidden_size=5, input_size=2, max_iter=1, random_state=0, **params)
    limit_memory_to(monkeypatch, needed)  # exactly enough
    quiet_fit(SimpleRNNRegressor(**kwargs), X, y)
    limit_memory_to(monkeypatch, needed - 1)
    message = (
        rf"hidden_size=5 needs about .* of {n_steps} steps for a batch of {batch} "
        r"rows\), more than the"
    )
    with pytest.raises(ValueError, match=message):
        SimpleRNNRegressor(**kwargs).fit(X, y)


@pytest.mark.parametrize(
    "columns, window_order, expected",
    [
        (
            [f"x_t-{k}" for k in range(12, 0, -1)],
            "newest_first",
            "The column names of X ('x_t-12', 'x_t-11', ..., 'x_t-1') look oldest "
            "first, but window_order='newest_first' reads the first column as the "
            "most recent step. Set window_order='oldest_first' if the names are right.",
        ),
        (
            [f"lag_{k}" for k in range(1, 13)],
            "oldest_first",
            "The column names of X ('lag_1', 'lag_2', ..., 'lag_12') look newest "
            "first, but window_order='oldest_first' reads the first column as the "
            "oldest step. Set window_order='newest_first' if the names are right.",
        ),
    ],
)
def test_the_reversed_order_warning_says_what_each_order_reads(
    sine, columns, window_order, expected
):
    X, y = sine
    frame = pd.DataFrame(X, columns=columns)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        SimpleRNNRegressor(2, max_iter=1, window_order=window_order).fit(frame, y)
    messages = [str(w.message) for w in record if "window_order" in str(w.message)]
    assert messages == [expected]


def test_training_rows_with_little_weight_are_enough():
    # training weights summing to 0.8 and validation weights to 1: both positive
    X = np.random.default_rng(0).normal(size=(10, 3))
    y = X.sum(axis=1)
    weights = np.array([0.1] * 8 + [1.0, 0.0])  # 8 training rows, 2 validation
    model = SimpleRNNRegressor(
        2, early_stopping=True, validation_fraction=0.2, max_iter=2, random_state=0
    )
    quiet_fit(model, X, y, sample_weight=weights)
    assert len(model.validation_scores_) == 2


def test_the_training_and_validation_weight_errors_say_what_to_do(sine):
    X, y = sine
    weights = np.zeros(len(X))
    weights[-25:] = 1  # the validation block: the last 25 of 248 rows
    with pytest.raises(ValueError) as error:
        SimpleRNNRegressor(early_stopping=True).fit(X, y, sample_weight=weights)
    assert str(error.value) == (
        "sample_weight sums to 0 over the training rows; at least one row must "
        "have a positive weight."
    )
    with pytest.raises(ValueError) as error:
        SimpleRNNRegressor(early_stopping=True).fit(X, y, sample_weight=1 - weights)
    assert str(error.value) == (
        "sample_weight is 0 on every row of the validation block (the last 25 "
        "rows, validation_fraction=0.1), so its R^2 is undefined. Give those rows "
        "a positive weight or set early_stopping=False."
    )


def test_early_stopping_needs_two_validation_rows_and_one_training_row():
    X = np.arange(9.0).reshape(3, 3)
    y = X.sum(axis=1)
    model = SimpleRNNRegressor(
        2, early_stopping=True, validation_fraction=2 / 3, max_iter=1, random_state=0
    )
    quiet_fit(model, X, y)  # 1 training row, 2 validation rows: the least
    assert len(model.validation_scores_) == 1
    with pytest.raises(ValueError) as error:
        model.set_params(validation_fraction=0.5).fit(X[:2], y[:2])
    assert str(error.value) == (
        "early_stopping with validation_fraction=0.5 and n_samples=2 holds out 1 "
        "rows and trains on 1; it needs at least 2 validation rows (R^2 is "
        "undefined on one) and 1 training row. Provide more rows, change "
        "validation_fraction, or set early_stopping=False."
    )


@pytest.mark.parametrize(
    "params, other",
    [
        ({"solver": "adam"}, {"epsilon": 1.0}),
        ({"solver": "adam"}, {"beta_1": 0.5}),
        ({"solver": "adam"}, {"beta_2": 0.5}),
        ({"solver": "sgd"}, {"nesterovs_momentum": False}),
        ({"solver": "sgd"}, {"momentum": 0.5}),
        ({"solver": "sgd", "learning_rate": "invscaling"}, {"power_t": 0.1}),
        ({"solver": "sgd"}, {"learning_rate": "invscaling"}),
    ],
)
def test_every_optimizer_parameter_reaches_the_optimizer(sine, params, other):
    X, y = sine
    kwargs = dict(hidden_size=3, max_iter=3, random_state=0, **params)
    base = quiet_fit(SimpleRNNRegressor(**kwargs), X, y)
    changed = quiet_fit(SimpleRNNRegressor(**{**kwargs, **other}), X, y)
    assert not np.allclose(base.predict(X), changed.predict(X), rtol=1e-9)


@pytest.mark.parametrize(
    "columns, shown",
    [
        ("abcde", "'a', 'b', 'c', 'd', 'e'"),
        ("abcdef", "'a', 'b', 'c', 'd', 'e', ..."),
    ],
)
def test_make_windows_names_of_other_variables_are_listed_up_to_five(columns, shown):
    from sklearn_rnn import make_windows

    frame = pd.DataFrame(np.ones((6, len(columns))), columns=list(columns))
    X, y = make_windows(frame, 2, target="a")
    with pytest.raises(ValueError) as error:
        SimpleRNNRegressor(2).fit(X, y)
    n = len(columns)
    assert str(error.value) == (
        f"The columns of X are make_windows' names for {n} variables ({shown}), but "
        "input_size=1, which would read every step as 1 variable(s) and mix them "
        f"up. Set input_size={n} (or input_size='auto')."
    )


def test_an_input_size_that_does_not_divide_the_features_is_named(sine):
    X, y = sine
    with pytest.raises(ValueError) as error:
        SimpleRNNRegressor(2, input_size=5).fit(X, y)
    assert str(error.value) == (
        "X has n_features=12, which input_size=5 does not divide: each row must "
        "hold n_steps * input_size values, time-major. Check input_size or the "
        "window length."
    )


def test_a_float32_warm_fit_of_a_float64_model_standardises_in_float32(sine):
    X, y = sine
    X, y = X + 1000, y + 1000  # means whose float32 rounding shows in x - mean
    model = quiet_fit(
        SimpleRNNRegressor(4, max_iter=2, warm_start=True, random_state=0), X, y
    )
    rounded = rounded_to_float32(model)
    X32 = X.astype(np.float32)
    quiet_fit(model, X32, y)
    quiet_fit(rounded, X32, y)
    assert model.input_weights_.dtype == np.float32
    np.testing.assert_array_equal(model.input_weights_, rounded.input_weights_)
    assert model.loss_curve_ == rounded.loss_curve_


def test_fit_names_x_and_refuses_complex_targets(small):
    X, y = small
    dates = np.arange(X.size).reshape(X.shape).astype("datetime64[D]")
    with pytest.raises(TypeError, match="^X holds dates or durations"):
        SimpleRNNRegressor(2, max_iter=1).fit(dates, y)
    with pytest.raises(TypeError, match="^X and y must hold numbers.*complex"):
        SimpleRNNRegressor(2, max_iter=1).fit(X, np.full(12, 1 + 0j, dtype=object))


def test_the_date_error_says_what_to_do(small):
    X, y = small
    dates = pd.DataFrame({"when": pd.date_range("2000", periods=12), "x": y})
    with pytest.raises(TypeError) as error:
        SimpleRNNRegressor(2, max_iter=1).fit(dates, y)
    assert str(error.value) == (
        "X holds dates or durations (datetime64 or timedelta64 values); "
        "SimpleRNNRegressor learns from numbers only. Convert them to numbers "
        "(e.g. elapsed days) or drop those columns."
    )


def test_the_documented_defaults_and_tags():
    params = SimpleRNNRegressor().get_params()
    assert params == dict(
        hidden_size=32, input_size=1, activation="tanh", solver="adam", alpha=1e-4,
        batch_size="auto", learning_rate="constant", learning_rate_init=1e-3,
        power_t=0.5, max_iter=200, shuffle=True, random_state=None, tol=1e-4,
        verbose=False, warm_start=False, momentum=0.9, nesterovs_momentum=True,
        early_stopping=False, validation_fraction=0.1, beta_1=0.9, beta_2=0.999,
        epsilon=1e-8, n_iter_no_change=10, max_grad_norm=5.0, bptt_steps=None,
        standardize=True, window_order="oldest_first",
    )  # fmt: skip
    tags = SimpleRNNRegressor().__sklearn_tags__()
    assert tags.target_tags.multi_output is True
    assert tags.target_tags.single_output is True


def test_targets_and_weights_are_used_in_the_training_dtype(small):
    X, y = small
    kwargs = dict(hidden_size=3, max_iter=2, random_state=0)
    # float32 X: float64 targets train as their float32 rounding
    X32 = X.astype(np.float32)
    y = y * 100 + 7
    given = quiet_fit(SimpleRNNRegressor(**kwargs), X32, y)
    rounded = quiet_fit(SimpleRNNRegressor(**kwargs), X32, y.astype(np.float32))
    np.testing.assert_array_equal(given.target_mean_, rounded.target_mean_)
    np.testing.assert_array_equal(given.predict(X32), rounded.predict(X32))
    # float64 X: float32 weights are made relative in float64
    weights = np.linspace(0.1, 0.7, 12).astype(np.float32)
    single = quiet_fit(SimpleRNNRegressor(**kwargs), X, y, sample_weight=weights)
    double = quiet_fit(
        SimpleRNNRegressor(**kwargs), X, y, sample_weight=weights.astype(float)
    )
    np.testing.assert_array_equal(single.predict(X), double.predict(X))


@pytest.mark.parametrize("hidden_size", [4, 64])
def test_partial_fit_runs_one_epoch_whatever_the_blas_threads(hidden_size):
    # batch 256 x 64**2 hidden units reaches the size where the trainer keeps
    # every BLAS thread (Trainer.run's other branch): one epoch there too.
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(256, 2)), rng.normal(size=256)
    model = SimpleRNNRegressor(hidden_size=hidden_size, batch_size=256, random_state=0)
    model.partial_fit(X, y)
    assert model.n_iter_ == 1 and model.t_ == 256  # samples seen, as in MLPRegressor
    model.partial_fit(X, y)
    assert model.n_iter_ == 2 and model.t_ == 512
