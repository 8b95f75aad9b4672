"""Helpers shared by the estimators."""

import contextlib
import os
import sys
import warnings

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


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


def warn_at_caller(message, category=UserWarning):
    """Warn with the location of the code that called into the package, however
    deep inside it the warning is raised (a fixed ``stacklevel`` breaks whenever
    the call chain changes).

    Frames of this package are skipped, then the ``_fit_context`` wrapper of
    scikit-learn that ``fit`` and ``partial_fit`` run in, if it is next.
    """
    frame, stacklevel = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, stacklevel = frame.f_back, stacklevel + 1
    if frame is not None and _is_fit_context_wrapper(frame):
        stacklevel += 1
    warnings.warn(message, category, stacklevel=stacklevel + 1)


def _is_fit_context_wrapper(frame):
    """Whether ``frame`` runs scikit-learn's ``_fit_context`` decorator."""
    filename = frame.f_code.co_filename
    return filename.endswith(os.path.join("sklearn", "base.py")) and (
        frame.f_code.co_name == "wrapper"
    )
