"""SimpleRNNRegressor inside skforecast: ForecasterRecursive, backtesting, intervals.

skforecast builds its lag matrix newest first (column ``lag_1`` is the last value
before the target), so the regressor is created with ``window_order="newest_first"``;
it hands the regressor raw lags, which the default ``standardize=True`` scales.
"""

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from skforecast.model_selection import TimeSeriesFold, backtesting_forecaster
from skforecast.recursive import ForecasterRecursive
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import SimpleRNNRegressor, forecast
from sklearn_rnn.datasets import load_airline

WINDOW = 12


def rnn(**params):
    """A small, seeded network that trains in well under a second on the airline."""
    defaults = {"hidden_size": 8, "max_iter": 150, "learning_rate_init": 0.01}
    return SimpleRNNRegressor(**{**defaults, "random_state": 0, **params})


@pytest.fixture(scope="module")
def passengers():
    # skforecast wants a DatetimeIndex (or a RangeIndex) with a frequency.
    return load_airline().to_timestamp().asfreq("MS")


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def test_lag_1_is_the_newest_column_and_newest_first_reads_it(passengers):
    train = passengers[:-12]
    forecaster = ForecasterRecursive(rnn(window_order="newest_first"), lags=WINDOW)
    X_train, y_train = forecaster.create_train_X_y(train)
    # What skforecast hands the regressor: lag_1 = the value just before the target.
    assert list(X_train.columns[:2]) == ["lag_1", "lag_2"]
    assert_allclose(X_train.iloc[0].to_numpy(), train.iloc[WINDOW - 1 :: -1])
    assert y_train.iloc[0] == train.iloc[WINDOW]

    forecaster.fit(train)
    # The same network read oldest first on the reversed columns is the same model:
    # its own recursive forecast equals skforecast's.
    oldest_first = rnn().fit(X_train.to_numpy()[:, ::-1], y_train.to_numpy())
    assert_allclose(
        forecaster.predict(steps=12).to_numpy(),
        forecast(oldest_first, train.to_numpy(), 12),
        rtol=1e-9,
    )


def test_defaults_on_raw_lags_equal_skforecasts_target_scaler(passengers):
    train, test = passengers[:-12], passengers[-12:]
    raw = ForecasterRecursive(rnn(window_order="newest_first"), lags=WINDOW)
    scaled = ForecasterRecursive(
        rnn(window_order="newest_first"), lags=WINDOW, transformer_y=StandardScaler()
    )
    raw.fit(train)  # skforecast's fit returns None
    scaled.fit(train)
    raw_forecast = raw.predict(steps=12)
    # standardize=True makes the network blind to an affine rescaling of the
    # series: skforecast's scaler changes nothing but rounding.
    assert_allclose(raw_forecast, scaled.predict(steps=12), rtol=1e-6)
    # And the forecast is at the level of the series: better than the last value.
    assert rmse(raw_forecast, test) < rmse(np.repeat(train.iloc[-1], 12), test)


def test_backtesting_forecaster_refits_on_each_fold(passengers):
    forecaster = ForecasterRecursive(
        rnn(window_order="newest_first", max_iter=50), lags=WINDOW
    )
    cv = TimeSeriesFold(steps=12, initial_train_size=96, refit=True, verbose=False)
    metric, predictions = backtesting_forecaster(
        forecaster,
        y=passengers,
        cv=cv,
        metric="mean_absolute_error",
        n_jobs=1,
        show_progress=False,
    )
    # Four folds of 12 months after the first 96, every month predicted once.
    assert predictions.index.equals(passengers.index[96:])
    assert np.isfinite(predictions["pred"]).all()
    expected_mae = np.mean(np.abs(predictions["pred"] - passengers[96:]))
    assert metric["mean_absolute_error"].iloc[0] == pytest.approx(expected_mae)
    # Better than a flat forecast from each fold's last known value.
    last_known = passengers.iloc[95:-12:12].to_numpy()
    flat = np.repeat(last_known, 12)
    assert expected_mae < np.mean(np.abs(flat - passengers[96:].to_numpy()))


@pytest.mark.parametrize("method", ["bootstrapping", "conformal"])
def test_predict_interval_brackets_the_point_forecast(passengers, method):
    forecaster = ForecasterRecursive(rnn(window_order="newest_first"), lags=WINDOW)
    forecaster.fit(passengers[:-12], store_in_sample_residuals=True)
    interval = forecaster.predict_interval(
        steps=12, method=method, interval=[0.05, 0.95], n_boot=50, random_state=0
    )
    assert list(interval.columns) == ["pred", "lower_bound", "upper_bound"]
    assert interval.index.equals(passengers.index[-12:])
    assert (interval["lower_bound"] <= interval["pred"]).all()
    assert (interval["pred"] <= interval["upper_bound"]).all()
    assert (interval["upper_bound"] > interval["lower_bound"]).all()
    point = forecaster.predict(steps=12)
    assert_allclose(interval["pred"], point, rtol=1e-12)


def test_a_fitted_forecaster_keeps_the_regressor_parameters(passengers):
    regressor = rnn(window_order="newest_first")
    forecaster = ForecasterRecursive(regressor, lags=WINDOW)
    forecaster.fit(passengers)
    fitted = forecaster.estimator
    assert fitted.get_params() == regressor.get_params()
    assert fitted.n_features_in_ == WINDOW
    assert isinstance(forecaster.predict(steps=3), pd.Series)
