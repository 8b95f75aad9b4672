"""A linear autoregression plus an ensemble of small networks on its residuals.

Zhang's (2003) ARIMA + ANN hybrid, on windows: a ridge regression of the target
on the window captures the linear structure (on a short series, nearly all of
it), and several small recurrent networks, each from its own seed, learn what
the ridge model leaves; their forecasts are averaged (M4's lesson: combinations
win; it also removes the lottery of a single seed).
"""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.linear_model import RidgeCV
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from sklearn_rnn._compat import Interval, StrOptions, _fit_context
from sklearn_rnn._regressor import SimpleRNNRegressor

__all__ = ["ResidualEnsembleRegressor"]

#: Ridge penalties RidgeCV chooses from by efficient leave-one-out.
_RIDGE_ALPHAS = (0.1, 1.0, 10.0, 100.0)


def _default_network():
    """A small, strongly regularised network (see ResidualEnsembleRegressor)."""
    return SimpleRNNRegressor(
        hidden_size=8, alpha=10.0, learning_rate_init=1e-2, max_iter=200
    )


class ResidualEnsembleRegressor(RegressorMixin, BaseEstimator):
    """Ridge autoregression plus the mean of several networks on its residuals.

    ``fit`` fits :class:`~sklearn.linear_model.RidgeCV` on the windows (its
    penalty chosen by leave-one-out among 0.1, 1, 10 and 100), then
    ``n_networks`` clones of ``network``, each with its own seed drawn from
    ``random_state``, on the ridge model's residuals. ``predict`` is the ridge
    prediction plus the mean (or median) of the networks' predictions.

    Parameters
    ----------
    network : estimator or None, default=None
        The residual model, cloned ``n_networks`` times. None:
        ``SimpleRNNRegressor(hidden_size=8, alpha=10.0, learning_rate_init=1e-2,
        max_iter=200)``.
    n_networks : int, default=3
        Number of networks (0: the ridge model alone).
    linear : bool, default=True
        Fit the ridge model first; False fits the networks on the targets.
    combine : {"mean", "median"}, default="mean"
        How the networks' predictions are combined.
    random_state : int, RandomState instance or None, default=None
        Draws one seed per network (the ridge model is deterministic).

    Attributes
    ----------
    linear_ : RidgeCV or None
        The fitted ridge model (None when ``linear=False``).
    networks_ : list of estimators
        The fitted networks.
    n_features_in_ : int
        Number of columns of ``X``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_rnn import make_windows
    >>> from hybrid import ResidualEnsembleRegressor
    >>> rng = np.random.default_rng(0)
    >>> noise = rng.normal(size=300)
    >>> series = np.zeros(300)
    >>> for t in range(1, 300):
    ...     series[t] = 0.8 * series[t - 1] + noise[t]
    >>> X, y = make_windows(series, 4)
    >>> model = ResidualEnsembleRegressor(n_networks=2, random_state=0).fit(X, y)
    >>> round(float(model.linear_.coef_[-1]), 1)
    0.8
    >>> model.predict(X[:2]).shape
    (2,)
    """

    _parameter_constraints: dict = {
        "network": "no_validation",
        "n_networks": [Interval(Integral, 0, None, closed="left")],
        "linear": ["boolean"],
        "combine": [StrOptions({"mean", "median"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        network=None,
        *,
        n_networks=3,
        linear=True,
        combine="mean",
        random_state=None,
    ):
        self.network = network
        self.n_networks = n_networks
        self.linear = linear
        self.combine = combine
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit the ridge model, then the networks on its residuals.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Windows, as :func:`~sklearn_rnn.make_windows` gives them.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Their targets.

        Returns
        -------
        self : ResidualEnsembleRegressor
        """
        if not self.linear and self.n_networks == 0:
            raise ValueError(
                "linear=False with n_networks=0 leaves no model; use linear=True "
                "or n_networks >= 1."
            )
        X, y = validate_data(self, X, y, multi_output=True, y_numeric=True)
        self._y_ndim = y.ndim  # predictions take the shape of y
        residuals = y
        self.linear_ = None
        if self.linear:
            self.linear_ = RidgeCV(alphas=_RIDGE_ALPHAS).fit(X, y)
            residuals = y - self.linear_.predict(X).reshape(y.shape)
        seeds = check_random_state(self.random_state).randint(
            np.iinfo(np.int32).max, size=self.n_networks
        )
        network = _default_network() if self.network is None else self.network
        self.networks_ = []
        for seed in seeds:
            member = clone(network)
            if "random_state" in member.get_params():
                member.set_params(random_state=int(seed))
            self.networks_.append(member.fit(X, residuals))
        return self

    def predict(self, X):
        """Ridge prediction plus the combined networks' predictions.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        n_samples = len(X)
        total = np.zeros((n_samples, 1))
        if self.linear_ is not None:
            total = total + self.linear_.predict(X).reshape(n_samples, -1)
        if self.networks_:
            stacked = np.stack(
                [
                    np.asarray(m.predict(X)).reshape(n_samples, -1)
                    for m in self.networks_
                ]
            )
            combined = np.median if self.combine == "median" else np.mean
            total = total + combined(stacked, axis=0)
        total = total.astype(np.float64)
        return total.ravel() if self._y_ndim == 1 else total
