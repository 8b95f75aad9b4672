"""Stochastic optimisers on one flat parameter vector: SGD and Adam.

The interface follows scikit-learn's ``neural_network._stochastic_optimizers``:
``update_params(params, grads)`` updates ``params`` in place, ``iteration_ends(t)``
is called after each epoch with the number of samples seen, and
``trigger_stopping(msg, verbose)`` decides whether a plateau ends training. Unlike
scikit-learn's, the state (velocities, moments, step count) is a few flat arrays, so
one update is a handful of vectorised operations, and the state is kept across warm
starts by the estimator. Pure NumPy.
"""

import numpy as np


class BaseOptimizer:
    """Learning rate bookkeeping shared by the optimisers.

    Parameters
    ----------
    learning_rate_init : float
        The initial step size.
    """

    def __init__(self, learning_rate_init=0.1):
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)

    def update_params(self, params, grads):
        """Take one step: update ``params`` in place from ``grads``."""
        raise NotImplementedError

    def astype(self, dtype):
        """Cast the state arrays to ``dtype`` (for a warm start on another dtype)."""
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                setattr(self, name, value.astype(dtype))
        return self

    def iteration_ends(self, time_step):
        """Called after each epoch; ``time_step`` is the number of samples seen."""

    def trigger_stopping(self, msg, verbose):
        """Return True to stop training at a plateau (``msg`` says why)."""
        if verbose:
            print(msg + " Stopping.")
        return True


class SGDOptimizer(BaseOptimizer):
    """Stochastic gradient descent with momentum, Nesterov momentum and schedules.

    Parameters
    ----------
    n_params : int
        Length of the flat parameter vector.
    learning_rate_init : float
    learning_rate : {"constant", "invscaling", "adaptive"}
        "invscaling" sets ``learning_rate_init / (t + 1) ** power_t`` after each epoch,
        ``t`` being the number of samples seen; "adaptive" divides the rate by 5 at
        each plateau instead of stopping, and stops once it falls below 1e-6.
    momentum : float
    nesterov : bool
    power_t : float
    dtype : dtype
    """

    def __init__(
        self,
        n_params,
        learning_rate_init=0.1,
        learning_rate="constant",
        momentum=0.9,
        nesterov=False,
        power_t=0.5,
        dtype=np.float64,
    ):
        super().__init__(learning_rate_init)
        self.lr_schedule = learning_rate
        self.momentum = momentum
        self.nesterov = nesterov
        self.power_t = power_t
        self.velocity = np.zeros(n_params, dtype=dtype)

    def iteration_ends(self, time_step):
        if self.lr_schedule == "invscaling":
            # a float power with a negative exponent underflows to 0 where
            # (t + 1) ** power_t would overflow (power_t=300 after 100 samples)
            self.learning_rate = float(self.learning_rate_init) * (
                float(time_step) + 1.0
            ) ** -float(self.power_t)

    def trigger_stopping(self, msg, verbose):
        if self.lr_schedule != "adaptive":
            return super().trigger_stopping(msg, verbose)
        if self.learning_rate <= 1e-6:
            if verbose:
                print(msg + " Learning rate too small. Stopping.")
            return True
        self.learning_rate /= 5.0
        if verbose:
            print(f"{msg} Setting learning rate to {self.learning_rate:f}")
        return False

    def update_params(self, params, grads):
        # v <- momentum * v - lr * g ; Nesterov steps by momentum * v - lr * g, plain
        # momentum by v (scikit-learn's formulation).
        velocity = self.velocity
        velocity *= self.momentum
        velocity -= self.learning_rate * grads
        if self.nesterov:
            params += self.momentum * velocity
            params -= self.learning_rate * grads
        else:
            params += velocity


class AdamOptimizer(BaseOptimizer):
    """Adam (Kingma and Ba, 2014) with scikit-learn's bias-corrected step size.

    Parameters
    ----------
    n_params : int
    learning_rate_init : float
    beta_1, beta_2 : float
        Decay rates of the first and second moment estimates, in [0, 1).
    epsilon : float
    dtype : dtype
    """

    def __init__(
        self,
        n_params,
        learning_rate_init=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        dtype=np.float64,
    ):
        super().__init__(learning_rate_init)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.ms = np.zeros(n_params, dtype=dtype)
        self.vs = np.zeros(n_params, dtype=dtype)
        self._step = np.empty(n_params, dtype=dtype)

    def update_params(self, params, grads):
        self.t += 1
        ms, vs, step = self.ms, self.vs, self._step
        # m <- beta_1 m + (1 - beta_1) g ;  v <- beta_2 v + (1 - beta_2) g^2
        ms *= self.beta_1
        np.multiply(grads, 1 - self.beta_1, out=step)
        ms += step
        vs *= self.beta_2
        np.multiply(grads, grads, out=step)
        step *= 1 - self.beta_2
        vs += step
        # lr_t = lr sqrt(1 - beta_2^t) / (1 - beta_1^t)
        # p <- p - lr_t m / (sqrt(v) + eps)
        self.learning_rate = (
            self.learning_rate_init
            * np.sqrt(1 - self.beta_2**self.t)
            / (1 - self.beta_1**self.t)
        )
        np.sqrt(vs, out=step)
        step += self.epsilon
        np.divide(ms, step, out=step)
        step *= self.learning_rate
        params -= step
