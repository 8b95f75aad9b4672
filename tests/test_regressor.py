"""SimpleRNNRegressor: learning, determinism, dtypes, shapes, warnings and errors."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from sklearn.exceptions import ConvergenceWarning

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
    model = SimpleRNNRegressor(4, max_iter=3, random_state=0).fit(X, y)
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
