"""Property tests: random shapes, dtypes, window lengths and horizons.

Whatever hypothesis draws, make_windows, SimpleRNNRegressor's fit/predict and
forecast either return a well-formed, finite result or raise ``ValueError`` or
``TypeError`` (scikit-learn's ``InvalidParameterError`` is both); never an
IndexError, a broadcasting error, a ZeroDivisionError or an AttributeError.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.linear_model import LinearRegression

from sklearn_rnn import SimpleRNNRegressor, forecast, make_windows

EXPECTED_ERRORS = (ValueError, TypeError)
FAST = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DTYPES = st.sampled_from(
    [np.float64, np.float32, np.float16, np.int64, np.int8, np.uint8, np.bool_]
)
# Mostly well-formed window lengths, horizons and step counts; now and then not.
LENGTHS = st.one_of(
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=-2, max_value=30),
    st.sampled_from([0.5, 2.0, None, "3", True, np.int64(2)]),
)


def rarely(draw):
    """True about one draw in five: for the ill-formed variants."""
    # sampled_from leans to its first items (as integers lean to 0), so the rare
    # case goes last.
    return draw(st.sampled_from([False, False, False, False, True]))


def arrays(draw, dtype, shape):
    """An array of ``dtype`` and ``shape`` with moderate values; now and then one
    NaN or inf in it."""
    elements = None
    if np.issubdtype(dtype, np.floating):
        limit = min(1e3, float(np.finfo(dtype).max))
        width = np.dtype(dtype).itemsize * 8
        elements = st.floats(min_value=-limit, max_value=limit, width=width)
    values = draw(hnp.arrays(dtype, shape, elements=elements))
    if values.size and values.dtype.kind == "f" and rarely(draw):
        position = draw(st.integers(min_value=0, max_value=values.size - 1))
        values.flat[position] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    return values


@st.composite
def series(draw, n_variables=None):
    """A series as NumPy or pandas: mostly 1-D or 2-D with 0-25 steps, now and
    then of another dimension; ``n_variables`` fixes the width most of the time."""
    if rarely(draw):
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))
    else:
        n_steps = draw(st.integers(min_value=0 if rarely(draw) else 4, max_value=25))
        width = n_variables or draw(st.integers(min_value=1, max_value=3))
        one_d = width == 1 and draw(st.booleans())
        shape = (n_steps,) if one_d else (n_steps, width)
    values = arrays(draw, draw(DTYPES), shape)
    if values.ndim == 1 and draw(st.booleans()):
        return pd.Series(values, name="v")
    if values.ndim == 2 and draw(st.booleans()):
        return pd.DataFrame(values, columns=[f"c{i}" for i in range(values.shape[1])])
    return values


def _n_steps_and_variables(values):
    values = np.asarray(values)
    return values.shape[0], (1 if values.ndim == 1 else values.shape[1])


@FAST
@given(series(), LENGTHS, LENGTHS)
def test_make_windows_returns_windows_or_a_clear_error(values, window, horizon):
    try:
        X, y = make_windows(values, window, horizon=horizon)
    except EXPECTED_ERRORS as error:
        event(f"refused: {type(error).__name__}: {str(error)[:50]}")
        return
    event("windowed")
    n_steps, n_variables = _n_steps_and_variables(values)
    n_rows = n_steps - window - horizon + 1
    assert n_rows >= 1
    assert X.shape == (n_rows, window * n_variables)
    assert len(y) == n_rows
    if horizon > 1 or n_variables > 1:
        assert np.shape(y) == (n_rows, horizon * n_variables)
    assert np.isfinite(np.asarray(X, dtype=float)).all()
    assert np.isfinite(np.asarray(y, dtype=float)).all()


@st.composite
def training_data(draw):
    """An input_size and X of any dtype with windows of that many variables, y of
    1-3 outputs; now and then empty, of a width input_size does not divide, of the
    wrong length, or with NaN or inf."""
    input_size = draw(st.sampled_from([1, 1, 2, 3]))
    n_samples = draw(st.integers(min_value=0 if rarely(draw) else 1, max_value=12))
    n_steps = draw(st.integers(min_value=0 if rarely(draw) else 1, max_value=4))
    n_features = input_size * n_steps
    if rarely(draw):
        n_features += draw(st.integers(min_value=0, max_value=2))
    X = arrays(draw, draw(DTYPES), (n_samples, n_features))
    n_outputs = draw(st.integers(min_value=0, max_value=3))
    y_length = (
        draw(st.integers(min_value=0, max_value=12)) if rarely(draw) else n_samples
    )
    y_shape = (y_length,) if n_outputs == 0 else (y_length, n_outputs)
    return input_size, X, arrays(draw, np.float64, y_shape)


# Weights of every scale: tiny ones must train as well as ordinary ones.
WEIGHT_SCALES = st.sampled_from([None, None, 1.0, 1e-320, 1e-30, 0.5, 3.0, 1e300])


def sample_weights(draw, n_samples):
    """None, or positive weights of one drawn scale (now and then some zeros)."""
    scale = draw(WEIGHT_SCALES)
    if scale is None:
        return None
    ratios = draw(hnp.arrays(np.float64, n_samples, elements=st.floats(0.5, 2)))
    if n_samples and rarely(draw):
        ratios[draw(st.integers(min_value=0, max_value=n_samples - 1))] = 0
    return ratios * scale


@FAST
@given(
    training_data(),
    st.sampled_from(["tanh", "relu", "sigmoid"]),
    st.sampled_from([False, False, False, True]),
    st.sampled_from([True, False]),
    st.sampled_from(["oldest_first", "newest_first"]),
    st.data(),
)
def test_regressor_fits_and_predicts_or_raises_a_clear_error(
    data, activation, early_stopping, standardize, window_order, draw
):
    input_size, X, y = data
    weights = sample_weights(draw.draw, len(X))
    model = SimpleRNNRegressor(
        hidden_size=3,
        input_size=input_size,
        activation=activation,
        early_stopping=early_stopping,
        standardize=standardize,
        window_order=window_order,
        max_iter=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model.fit(X, y, sample_weight=weights)
        except EXPECTED_ERRORS as error:
            event(f"refused: {type(error).__name__}: {str(error)[:50]}")
            assert not hasattr(model, "n_features_in_")
            return
    event("fitted")
    prediction = model.predict(X)
    expected_dtype = np.float32 if X.dtype == np.float32 else np.float64
    assert prediction.dtype == expected_dtype
    assert prediction.shape == np.shape(y)
    assert np.isfinite(prediction).all()
    assert model.n_steps_ * input_size == X.shape[1]
    # Other widths are refused with a ValueError, never a broadcasting error.
    with pytest.raises(ValueError, match="features"):
        model.predict(np.zeros((1, X.shape[1] + 1)))


@st.composite
def fitted_and_history(draw):
    """A regressor fitted on windows of a small series, and a series to forecast."""
    n_variables = draw(st.integers(min_value=1, max_value=3))
    window = draw(st.integers(min_value=1, max_value=4))
    horizon = draw(st.integers(min_value=1, max_value=3))
    train = np.sin(np.arange(30)[:, None] / (3 + np.arange(n_variables)))
    X, y = make_windows(train, window, horizon=horizon)
    if draw(st.booleans()):
        estimator = LinearRegression().fit(X, y)
    else:
        estimator = SimpleRNNRegressor(
            hidden_size=3, input_size=n_variables, max_iter=2, random_state=0
        ).fit(X, y)
    return estimator, draw(series(n_variables=n_variables))


@FAST
@given(fitted_and_history(), LENGTHS)
def test_forecast_returns_the_steps_or_raises_a_clear_error(fitted, steps):
    estimator, history = fitted
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = forecast(estimator, history, steps)
        except EXPECTED_ERRORS as error:
            event(f"refused: {type(error).__name__}: {str(error)[:50]}")
            return
    event("forecast")
    n_steps, n_variables = _n_steps_and_variables(history)
    assert len(result) == steps
    expected_shape = (steps,) if np.ndim(history) == 1 else (steps, n_variables)
    assert np.shape(result) == expected_shape
    assert isinstance(result, type(history)) or isinstance(history, np.ndarray)
    assert np.isfinite(np.asarray(result, dtype=float)).all()
