"""Recurrent neural networks in plain NumPy, as scikit-learn estimators."""

from ._regressor import SimpleRNNRegressor

__version__ = "0.1.0"

__all__ = ["SimpleRNNRegressor", "__version__"]
