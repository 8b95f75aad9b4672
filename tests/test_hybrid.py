"""Tests of the ridge + network-ensemble regressor."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import RidgeCV
from sklearn.utils.estimator_checks import check_estimator

from sklearn_rnn import SimpleRNNRegressor, make_windows
from sklearn_rnn._hybrid import ResidualEnsembleRegressor

SMALL_NETWORK = SimpleRNNRegressor(hidden_size=4, max_iter=20)


@pytest.fixture
def windows():
    rng = np.random.default_rng(0)
    series = np.sin(np.arange(200) / 4) + 0.1 * rng.normal(size=200)
    return make_windows(series, 6)


def test_linear_part_is_ridge_cv(windows):
    X, y = windows
    model = ResidualEnsembleRegressor(n_networks=0).fit(X, y)
    ridge = RidgeCV(alphas=(0.1, 1.0, 10.0, 100.0)).fit(X, y)
    np.testing.assert_allclose(model.predict(X), ridge.predict(X))
    assert model.networks_ == []


def test_networks_fit_the_ridge_residuals(windows):
    X, y = windows
    model = ResidualEnsembleRegressor(SMALL_NETWORK, n_networks=2, random_state=0)
    model.fit(X, y)
    residuals = y - model.linear_.predict(X)
    network = clone(model.networks_[0]).fit(X, residuals)
    np.testing.assert_allclose(network.predict(X), model.networks_[0].predict(X))
    parts = [m.predict(X) for m in model.networks_]
    np.testing.assert_allclose(
        model.predict(X), model.linear_.predict(X) + np.mean(parts, axis=0)
    )


def test_median_combination(windows):
    X, y = windows
    model = ResidualEnsembleRegressor(
        SMALL_NETWORK, n_networks=3, combine="median", random_state=0
    ).fit(X, y)
    parts = [m.predict(X) for m in model.networks_]
    np.testing.assert_allclose(
        model.predict(X), model.linear_.predict(X) + np.median(parts, axis=0)
    )


def test_random_state_makes_it_reproducible_and_members_differ(windows):
    X, y = windows
    params = {"network": SMALL_NETWORK, "n_networks": 2, "linear": False}
    first = ResidualEnsembleRegressor(**params, random_state=3).fit(X, y)
    second = ResidualEnsembleRegressor(**params, random_state=3).fit(X, y)
    np.testing.assert_array_equal(first.predict(X), second.predict(X))
    seeds = [m.random_state for m in first.networks_]
    assert seeds[0] != seeds[1]
    other = ResidualEnsembleRegressor(**params, random_state=4).fit(X, y)
    assert not np.allclose(first.predict(X), other.predict(X))


def test_multi_output(windows):
    X, _ = windows
    Y = np.column_stack([X[:, -1], X[:, -2]])
    model = ResidualEnsembleRegressor(SMALL_NETWORK, n_networks=1, random_state=0)
    assert model.fit(X, Y).predict(X).shape == (len(X), 2)


def test_no_model_at_all_is_refused(windows):
    with pytest.raises(ValueError, match="linear=False with n_networks=0"):
        ResidualEnsembleRegressor(n_networks=0, linear=False).fit(*windows)


def test_scikit_learn_estimator_checks():
    check_estimator(
        ResidualEnsembleRegressor(
            SimpleRNNRegressor(hidden_size=2, max_iter=5), n_networks=1
        )
    )
