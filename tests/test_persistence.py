"""Saving and loading keep the model exactly; the same seed gives the same model.

pickle and joblib round trips keep predictions bit-identical and keep the training
state, so a loaded model continues training exactly as the original would. skops
loads only after the package's own types are trusted explicitly. Same
``random_state`` and data give identical weights across fit, warm start and
``partial_fit``; ``random_state=None`` gives different weights.
"""

import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from sklearn_rnn import SeriesForecaster, SimpleRNNRegressor

WEIGHTS = (
    "input_weights_",
    "recurrent_weights_",
    "hidden_bias_",
    "output_weights_",
    "output_bias_",
)
RNG = np.random.RandomState(0)
X = RNG.uniform(-1, 1, size=(40, 6))
Y = np.c_[X[:, -3:].sum(axis=1), X[:, :3].mean(axis=1)]

# The types skops must be told to trust, and why: the estimator class and its
# optimiser (which holds Adam's moments or SGD's velocity for warm starts) are
# classes of this package, which skops does not know. NumPy arrays, the seeded
# RandomState and built-in containers are trusted by skops already.
TRUSTED_ADAM = [
    "sklearn_rnn._optimizers.AdamOptimizer",
    "sklearn_rnn._regressor.SimpleRNNRegressor",
]
TRUSTED_SGD = [
    "sklearn_rnn._optimizers.SGDOptimizer",
    "sklearn_rnn._regressor.SimpleRNNRegressor",
]


def make_model(**params):
    return SimpleRNNRegressor(
        **{
            "hidden_size": 5,
            "input_size": 2,
            "max_iter": 3,
            "random_state": 0,
            **params,
        }
    )


def assert_same_weights(first, second):
    for name in WEIGHTS:
        assert_array_equal(getattr(first, name), getattr(second, name), err_msg=name)


FITTED = [
    pytest.param(lambda: make_model().fit(X, Y), id="adam-float64-2-outputs"),
    pytest.param(
        lambda: make_model(solver="sgd").fit(X.astype(np.float32), Y[:, 0]),
        id="sgd-float32-1-output",
    ),
    pytest.param(
        lambda: make_model(early_stopping=True, validation_fraction=0.25).fit(X, Y),
        id="early-stopping",
    ),
]


def _pickle_round_trip(model, tmp_path):
    return pickle.loads(pickle.dumps(model))


def _joblib_round_trip(model, tmp_path):
    path = tmp_path / "model.joblib"
    joblib.dump(model, path)
    return joblib.load(path)


@pytest.mark.parametrize("fit", FITTED)
@pytest.mark.parametrize(
    "round_trip", [_pickle_round_trip, _joblib_round_trip], ids=["pickle", "joblib"]
)
def test_round_trip_keeps_predictions_bit_identical(fit, round_trip, tmp_path):
    model = fit()
    loaded = round_trip(model, tmp_path)
    assert type(loaded) is SimpleRNNRegressor
    assert loaded.get_params() == model.get_params()
    prediction = model.predict(X)
    assert_array_equal(loaded.predict(X), prediction)
    assert loaded.predict(X).dtype == prediction.dtype
    assert loaded.loss_curve_ == model.loss_curve_
    assert (loaded.n_iter_, loaded.t_) == (model.n_iter_, model.t_)


@pytest.mark.parametrize(
    "round_trip", [_pickle_round_trip, _joblib_round_trip], ids=["pickle", "joblib"]
)
@pytest.mark.parametrize("how", ["warm_start", "partial_fit"])
def test_a_loaded_model_continues_training_exactly(round_trip, how, tmp_path):
    # The optimiser's moments and the shuffling stream are saved too, so the loaded
    # copy and the original take the same next steps.
    model = make_model(warm_start=how == "warm_start").fit(X, Y)
    loaded = round_trip(model, tmp_path)
    for estimator in (model, loaded):
        if how == "warm_start":
            estimator.fit(X, Y)
        else:
            estimator.partial_fit(X, Y)
    assert_same_weights(loaded, model)
    assert loaded.loss_curve_ == model.loss_curve_


def test_an_unfitted_model_round_trips():
    model = make_model(activation="relu")
    loaded = pickle.loads(pickle.dumps(model))
    assert loaded.get_params() == model.get_params()
    assert not hasattr(loaded, "n_features_in_")


def test_series_forecaster_round_trip_keeps_the_forecast():
    series = np.sin(np.arange(80) / 4) + 3
    regressor = SimpleRNNRegressor(hidden_size=4, max_iter=3, random_state=0)
    model = SeriesForecaster(regressor, window=6, seasonal_period=None).fit(series)
    loaded = pickle.loads(pickle.dumps(model))
    assert_array_equal(loaded.predict(5), model.predict(5))
    assert_array_equal(
        loaded.predict_interval(5, coverage=[0.8, 0.95]),
        model.predict_interval(5, coverage=[0.8, 0.95]),
    )


# -- skops ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, y, trusted",
    [({}, Y, TRUSTED_ADAM), ({"solver": "sgd"}, Y[:, 0], TRUSTED_SGD)],
    ids=["adam", "sgd"],
)
def test_skops_round_trip_with_the_listed_trusted_types(params, y, trusted, tmp_path):
    sio = pytest.importorskip("skops.io")
    model = make_model(**params).fit(X, y)
    path = tmp_path / "model.skops"
    sio.dump(model, path)
    # The safe way: look at what the file would import, compare it with the list
    # you expect, and trust exactly that list (never trusted=True on a file from
    # elsewhere).
    assert sorted(sio.get_untrusted_types(file=path)) == trusted
    loaded = sio.load(path, trusted=trusted)
    assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.get_params() == model.get_params()
    # The training state came along: a warm fit continues exactly.
    for estimator in (model, loaded):
        estimator.set_params(warm_start=True).fit(X, y)
    assert_same_weights(loaded, model)


def test_skops_refuses_the_package_types_until_trusted(tmp_path):
    sio = pytest.importorskip("skops.io")
    path = tmp_path / "model.skops"
    sio.dump(make_model().fit(X, Y), path)
    with pytest.raises(Exception, match="Untrusted types found") as info:
        sio.load(path)
    assert type(info.value).__name__ == "UntrustedTypesFoundException"
    with pytest.raises(Exception, match="Untrusted types found"):
        sio.load(path, trusted=TRUSTED_ADAM[:1])


TRUSTED_FORECASTER = ["sklearn_rnn._forecaster.SeriesForecaster", *TRUSTED_ADAM]


def _forecaster():
    regressor = SimpleRNNRegressor(hidden_size=4, max_iter=3, random_state=0)
    return SeriesForecaster(regressor, window=6, seasonal_period=None)


def test_skops_round_trip_of_a_series_forecaster_on_numpy(tmp_path):
    sio = pytest.importorskip("skops.io")
    model = _forecaster().fit(np.sin(np.arange(80) / 4) + 3)
    path = tmp_path / "forecaster.skops"
    sio.dump(model, path)
    assert sorted(sio.get_untrusted_types(file=path)) == TRUSTED_FORECASTER
    loaded = sio.load(path, trusted=TRUSTED_FORECASTER)
    assert_array_equal(loaded.predict(5), model.predict(5))


def test_skops_round_trip_of_a_series_forecaster_on_pandas(tmp_path):
    sio = pytest.importorskip("skops.io")
    series = pd.Series(
        np.sin(np.arange(80) / 4) + 3,
        index=pd.period_range("2000-01", periods=80, freq="M"),
    )
    model = _forecaster().fit(series)
    path = tmp_path / "forecaster.skops"
    sio.dump(model, path)
    loaded = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    pd.testing.assert_series_equal(loaded.predict(5), model.predict(5))
    # The calibration errors are a plain array: no new type to trust.
    pd.testing.assert_frame_equal(
        loaded.predict_interval(5, coverage=[0.8, 0.95]),
        model.predict_interval(5, coverage=[0.8, 0.95]),
    )


# -- determinism ------------------------------------------------------------------


def test_same_seed_same_weights_on_fit():
    assert_same_weights(make_model().fit(X, Y), make_model().fit(X, Y))


def test_a_seeded_randomstate_gives_the_int_seeds_weights():
    from_int = make_model(random_state=7).fit(X, Y)
    from_instance = make_model(random_state=np.random.RandomState(7)).fit(X, Y)
    assert_same_weights(from_int, from_instance)


def test_same_seed_same_weights_across_warm_starts():
    first, second = make_model(warm_start=True), make_model(warm_start=True)
    for max_iter in (2, 1, 3):
        first.set_params(max_iter=max_iter).fit(X, Y)
        second.set_params(max_iter=max_iter).fit(X, Y)
        assert_same_weights(first, second)
    assert first.n_iter_ == second.n_iter_ == 6


def test_same_seed_same_weights_across_partial_fit_chunks():
    first, second = make_model(), make_model()
    for chunk in np.array_split(np.arange(len(X)), 4):
        first.partial_fit(X[chunk], Y[chunk])
        second.partial_fit(X[chunk], Y[chunk])
        assert_same_weights(first, second)
    assert first.n_iter_ == second.n_iter_ == 4


def test_refit_with_the_same_seed_repeats_itself():
    model = make_model()
    weights = [w.copy() for w in (getattr(model.fit(X, Y), n) for n in WEIGHTS)]
    model.fit(X, Y)
    for name, before in zip(WEIGHTS, weights):
        assert_array_equal(getattr(model, name), before, err_msg=name)


def test_different_seeds_differ():
    a = make_model(random_state=0).fit(X, Y)
    b = make_model(random_state=1).fit(X, Y)
    assert not np.array_equal(a.recurrent_weights_, b.recurrent_weights_)


def test_a_seeded_forecaster_repeats_its_forecast_after_a_round_trip():
    series = pd.Series(
        np.sin(np.arange(80) / 4) + 3,
        index=pd.period_range("2000-01", periods=80, freq="M"),
    )
    network = SimpleRNNRegressor(hidden_size=4, max_iter=3)
    model = SeriesForecaster(network, window=6, random_state=0).fit(series)
    refit = pickle.loads(pickle.dumps(model)).fit(series)
    pd.testing.assert_frame_equal(refit.predict_interval(4), model.predict_interval(4))


def test_random_state_none_differs_between_fits():
    model = make_model(random_state=None)
    first = model.fit(X, Y).recurrent_weights_.copy()
    second = model.fit(X, Y).recurrent_weights_
    assert not np.array_equal(first, second)
    other = make_model(random_state=None).fit(X, Y).recurrent_weights_
    assert not np.array_equal(first, other)
    assert model.random_state is None  # the parameter itself is never changed
