"""Helpers shared by the estimators."""

import contextlib


@contextlib.contextmanager
def unchanged_on_error(estimator):
    """Restore ``estimator``'s attributes if the block raises (anything, even
    KeyboardInterrupt): a rejected or diverging fit must not lose a fitted model.

    A shallow copy suffices because fitting replaces fitted arrays and objects; it
    never modifies them in place.
    """
    saved_state = estimator.__dict__.copy()
    try:
        yield
    except BaseException:
        estimator.__dict__.clear()
        estimator.__dict__.update(saved_state)
        raise
