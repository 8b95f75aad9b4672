"""Recurrent neural networks in plain NumPy, as scikit-learn estimators."""

from ._forecaster import SeriesForecaster
from ._regressor import SimpleRNNRegressor
from ._scoring import make_forecast_scorer
from ._windows import forecast, make_windows

__version__ = "0.1.0"

__all__ = [
    "SeriesForecaster",
    "SimpleRNNRegressor",
    "__version__",
    "forecast",
    "make_forecast_scorer",
    "make_windows",
]
