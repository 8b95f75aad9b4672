"""Fuzz tests of the whole public API on generated inputs, parameters and CSV files.

Every public entry point is called on what hypothesis generates: arrays of any
dtype (float32, integers, bool, object, text, complex, datetimes), shape (empty,
1-D, 3-D) and magnitude (subnormal to 1e308, NaN and inf), lists and sparse
matrices, pandas objects with odd column names and indexes (Period, Datetime with
time zones, units and gaps, near pandas' date bounds, Timedelta, Range, ...),
parameter values in and out of range, estimators whose ``predict`` returns odd
things, and CSV files for the command line. The property, for every call:

- the outcome is a result of the documented kind, finite (a non-finite result
  needs a warning that names its cause), or a clear error: a ``ValueError`` or
  ``TypeError`` (scikit-learn's ``InvalidParameterError`` and ``NotFittedError``
  are such) with a message of the package's or scikit-learn's own, not an error
  type of NumPy or pandas, nor one raised from inside them, nor a raw NumPy or
  Python message such as "could not convert string to float";
- a failed call leaves a fitted model exactly as it was (every attribute compared
  by value), and calls that only read the model (``predict``, ``score``, the
  interval methods) never change it (scikit-learn's ``check_dict_unchanged``);
- the command line exits with status 0, or 2 with exactly one ``error:`` line on
  stderr, and never shows a traceback.

Profiles: runs are derandomised (the same cases on every run, so a failure
reproduces). ``SKLEARN_RNN_FUZZ_PROFILE`` selects how many cases: ``default``
(the test suite) or ``ci`` (ten times as many, a separate CI step)::

    SKLEARN_RNN_FUZZ_PROFILE=ci python -m pytest tests/test_fuzz.py

The number of cases run per test is printed at the end of the module; add
``--hypothesis-show-statistics`` for the outcomes (result or error type) per call.
"""

import collections
import contextlib
import copy
import dataclasses
import datetime
import decimal
import functools
import io
import os
import pathlib
import pickle
import re
import tempfile
import traceback
import warnings
import zoneinfo

import dateutil.tz
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, Phase, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.compose import TransformedTargetRegressor
from sklearn.exceptions import ConvergenceWarning, DataConversionWarning
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_rnn import (
    SeriesForecaster,
    SimpleRNNRegressor,
    forecast,
    make_forecast_scorer,
    make_windows,
)
from sklearn_rnn._cli import main
from sklearn_rnn.datasets import load_airline

try:  # optional since pandas 3; its fixed-offset zones are tested when installed
    import pytz
except ImportError:
    pytz = None

# -- profiles ---------------------------------------------------------------------

#: Cases per test relative to the default profile.
PROFILE_SCALES = {"default": 1, "ci": 10}
PROFILE = os.environ.get("SKLEARN_RNN_FUZZ_PROFILE", "default")
if PROFILE not in PROFILE_SCALES:
    raise ValueError(
        f"SKLEARN_RNN_FUZZ_PROFILE={PROFILE!r} is not a fuzz profile; use one of "
        f"{sorted(PROFILE_SCALES)}."
    )
for _name in PROFILE_SCALES:
    settings.register_profile(
        f"sklearn_rnn-fuzz-{_name}",
        derandomize=True,  # the same cases on every run: failures reproduce
        database=None,
        deadline=None,  # a shared 2-core machine: times vary by 10x
        print_blob=True,
        # No explain phase: it reruns a failing case ~100 times (minutes here).
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


def fuzz(max_examples):
    """The selected profile's settings for a test of ``max_examples`` cases in the
    default profile (the counts keep the file near 30 s on two cores)."""
    return settings(
        settings.get_profile(f"sklearn_rnn-fuzz-{PROFILE}"),
        max_examples=max_examples * PROFILE_SCALES[PROFILE],
    )


#: Cases run per test, printed when the module ends.
CASES = collections.Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_case_counts(request):
    """Print the number of cases each fuzz test ran (the point of a fuzz run)."""
    yield
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None or not CASES:
        return
    counts = ", ".join(f"{name} {count}" for name, count in sorted(CASES.items()))
    with capture.global_and_fixture_disabled():  # shown even when the tests pass
        reporter.write_line(
            f"\nfuzz cases (profile {PROFILE!r}): {counts}; total {sum(CASES.values())}"
        )


def count_case(name):
    """Count one case of the test ``name`` (shrinking runs included)."""
    CASES[name] += 1


# -- outcomes -----------------------------------------------------------------------

#: The errors a user can catch and act on.
EXPECTED_ERRORS = (ValueError, TypeError)
#: Warnings that say nothing about a non-finite result.
NOT_A_CAUSE = (ConvergenceWarning, DataConversionWarning)
#: Where a raised error must not come from: an error raised by NumPy or pandas code
#: is an internal error that the package let through.
_LIBRARY_DIRS = tuple(
    str(pathlib.Path(module.__file__).parent) + os.sep for module in (np, pd)
)
#: Messages of NumPy, pandas and Python itself: an error that starts with one has
#: not been given a message that names the argument.
RAW_MESSAGES = re.compile(
    "|".join(
        [
            r"could not convert",
            r"Maximum allowed dimension exceeded",
            r"array is too big",
            r"cannot reshape array",
            r"operands could not be broadcast",
            r"setting an array element with a sequence",
            r"invalid literal for",
            r"Cannot cast",
            r"unsupported operand type",
            r"'[<>]=?' not supported",
            r"object of type .* has no len",
            r"unhashable type",
            r"(float|int)\(\) argument must be",
            r"Out of bounds",
            r"zero-size array",
            r"'\w+' object is not (iterable|subscriptable|callable)",
            r"can't multiply sequence",
            r"must be real number, not",
            r"Unable to allocate",
        ]
    )
)


@dataclasses.dataclass
class Outcome:
    """What a call did: its value, or the expected error it raised; and the
    warnings it emitted."""

    value: object
    error: Exception | None
    warnings: list

    @property
    def failed(self):
        """Whether the call raised an expected error."""
        return self.error is not None

    def names_a_cause(self, *others):
        """Whether this call or one of ``others`` warned in a way that can explain a
        non-finite result (not a ConvergenceWarning)."""
        caught = [w for outcome in (self, *others) for w in outcome.warnings]
        return any(
            issubclass(w.category, UserWarning)
            and not issubclass(w.category, NOT_A_CAUSE)
            for w in caught
        )


def attempt(label, function, *args, **kwargs):
    """Call ``function``: a clear ValueError or TypeError is an outcome, any other
    exception fails the test (with its own traceback)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            value = function(*args, **kwargs)
        except EXPECTED_ERRORS as error:
            check_clear_error(label, error)
            event(f"{label}: {type(error).__name__}")
            return Outcome(None, error, list(caught))
    event(f"{label}: result")
    return Outcome(value, None, list(caught))


def check_clear_error(label, error):
    """A ValueError or TypeError must be the package's (or scikit-learn's) answer,
    not one that NumPy, pandas or Python raised deep inside the code."""
    message = str(error).strip()
    where = "".join(traceback.format_exception(error))
    assert message, f"{label} raised {type(error).__name__} with no message\n{where}"
    module = type(error).__module__
    assert not module.startswith(("numpy", "pandas")), (
        f"{label} let {module}.{type(error).__name__} through: {message}\n{where}"
    )
    innermost = error.__traceback__
    while innermost.tb_next is not None:
        innermost = innermost.tb_next
    raised_in = innermost.tb_frame.f_code.co_filename
    assert not raised_in.startswith(_LIBRARY_DIRS), (
        f"{label}: {type(error).__name__} raised inside {raised_in}: {message}\n{where}"
    )
    assert not RAW_MESSAGES.match(message), (
        f"{label}: {type(error).__name__} with a raw NumPy/Python message: "
        f"{message}\n{where}"
    )


def all_finite(value):
    """Whether every number in a result (array, pandas object, float) is finite."""
    if isinstance(value, (pd.Series, pd.DataFrame)):
        value = value.to_numpy()
    return bool(np.isfinite(np.asarray(value, dtype=np.float64)).all())


def check_finite(label, outcome, *earlier):
    """A result is finite, or this call or an ``earlier`` one warned why not."""
    assert all_finite(outcome.value) or outcome.names_a_cause(*earlier), (
        f"{label} returned non-finite values without a warning that says why: "
        f"{outcome.value!r}"
    )


class _SnapshotPickler(pickle.Pickler):
    """Pickles NumPy's global RandomState (what ``random_state=None`` holds) by
    name: any code that draws from it changes it, not only the estimator."""

    def persistent_id(self, obj):
        return "numpy-global-random-state" if obj is np.random.mtrand._rand else None


def pickled(value):
    """``value`` pickled, NumPy's global RandomState by reference."""
    buffer = io.BytesIO()
    _SnapshotPickler(buffer).dump(value)
    return buffer.getvalue()


def snapshot(estimator):
    """Every attribute of ``estimator``, pickled: equal bytes, equal values
    (arrays, optimiser state and the estimator's own random generators
    included)."""
    return {name: pickled(value) for name, value in vars(estimator).items()}


def check_unchanged(estimator, before, what):
    """Every attribute of ``estimator`` equals its ``before`` snapshot."""
    after = snapshot(estimator)
    changed = sorted(
        name
        for name in before.keys() | after.keys()
        if before.get(name) != after.get(name)
    )
    assert not changed, f"{what} changed the model's attributes {changed}"


def quietly(function, *args, **kwargs):
    """Call ``function`` with warnings silenced (setting up, not under test)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def mostly(usual, unusual, one_in=8):
    """Draws from ``usual``, and about one time in ``one_in`` from ``unusual``:
    independent rare choices keep most cases valid enough to reach deep code
    (hypothesis shrinks towards ``usual``)."""
    if not isinstance(usual, st.SearchStrategy):
        usual = st.sampled_from(usual)
    if not isinstance(unusual, st.SearchStrategy):
        unusual = st.sampled_from(unusual)
    odd = st.sampled_from([False] * (one_in - 1) + [True])
    return odd.flatmap(lambda is_odd: unusual if is_odd else usual)


# -- strategies: values ---------------------------------------------------------------

#: Finite values at the edges of float64 (and of float32/float16 once cast).
FINITE_EDGES = [0.0, -0.0, 1e-320, 5e-324, -1e-300, 1e15, 1e200, -1e200, 1e308, -1e308]
FINITE_EDGES += [float(np.finfo(np.float32).max), 65504.0]
NON_FINITE = [np.nan, np.inf, -np.inf]
#: Scales of a whole series, from subnormal to near overflow.
SCALES = [1.0, 1.0, 1.0, 1.0, 100.0, 1e-300, 1e-310, 1e150, 1e300, 1e308]
SHAPES = ["sine", "trend", "walk", "constant", "alternating", "drawn"]


@st.composite
def value_matrices(draw, n_steps, n_variables):
    """(n_steps, n_variables) float64 values: a smooth, trending, random or
    alternating series at a scale from subnormal to huge, now and then with an
    edge value, NaN or inf in it."""
    shape = draw(st.sampled_from(SHAPES))
    if shape == "drawn":
        elements = st.floats(-1e3, 1e3, allow_subnormal=True)
        base = draw(hnp.arrays(np.float64, (n_steps, n_variables), elements=elements))
    else:
        t = np.arange(n_steps, dtype=np.float64)[:, None]
        phase = np.arange(1, n_variables + 1, dtype=np.float64)
        seed = draw(st.integers(0, 2**16))
        noise = np.random.default_rng(seed).normal(size=(n_steps, n_variables))
        base = {
            "sine": 2 + np.sin(t / 3 + phase),
            "trend": 1 + t * phase / 10,
            "walk": 10 + noise.cumsum(axis=0),
            "constant": np.ones((n_steps, n_variables)) * phase,
            "alternating": (-1.0) ** t * phase,
        }[shape]
    with np.errstate(all="ignore"):
        values = base * draw(st.sampled_from(SCALES))
    n_edges = draw(mostly([0], [1, 2], one_in=6)) if values.size else 0
    for _ in range(n_edges):
        position = draw(st.integers(0, values.size - 1))
        values.flat[position] = draw(st.sampled_from(FINITE_EDGES + NON_FINITE))
    return values


#: dtypes of NumPy input that hold real numbers (object numbers and Decimal are
#: converted exactly), and those that must be refused.
NUMBER_KINDS = ["float64"] * 6 + ["float32"] * 2 + ["float16", "int64", "int8"]
NUMBER_KINDS += ["uint8", "bool", "object", "decimal"]
OTHER_KINDS = ["object-mixed", "str", "complex", "complex-real", "datetime64"]
OTHER_KINDS += ["timedelta64"]
#: Extra column dtypes of pandas input (nullable, categorical, text).
FRAME_KINDS = ["Float64", "Int64", "category", "string", "boolean"]
ODD_OBJECTS = ["1.5", "abc", None, "", b"1", [1.0], {"a": 1}, 2j, pd.NaT]


@st.composite
def converted(draw, values, kinds=(NUMBER_KINDS, OTHER_KINDS)):
    """``values`` as one of the NumPy dtypes of ``kinds`` (mostly the first list)."""
    kind = draw(mostly(*kinds, one_in=6))
    note(f"dtype kind: {kind}")
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kind.startswith(("float", "complex-real")):
            return values.astype(kind.replace("-real", ""))
        if kind.startswith(("int", "uint")):
            info = np.iinfo(kind)
            rounded = np.round(np.nan_to_num(values, posinf=info.max, neginf=info.min))
            return np.clip(rounded, info.min, info.max).astype(kind)
        if kind == "bool":
            return values > (np.nanmedian(values) if values.size else 0)
        if kind in ("object", "object-mixed", "decimal"):
            objects = values.astype(object)
            if kind == "decimal":
                objects = np.vectorize(decimal.Decimal, otypes=[object])(values)
            if kind == "object-mixed" and objects.size:
                position = draw(st.integers(0, objects.size - 1))
                objects.flat[position] = draw(st.sampled_from(ODD_OBJECTS))
            return objects
        if kind == "str":
            return values.astype(str)
        if kind == "complex":
            return values + 1j * draw(st.sampled_from([1.0, 1e-300]))
        integers = np.clip(np.nan_to_num(values), -1e15, 1e15).astype(np.int64)
        return integers.astype("datetime64[s]" if kind == "datetime64" else "m8[ms]")


# -- strategies: pandas indexes and column names ---------------------------------------

DATE_FREQS = ["D", "h", "min", "s", "ms", "MS", "ME", "QS", "YS", "W", "B", "2D"]
PERIOD_FREQS = ["M", "Q", "Y", "D", "W", "h", "min", "2M"]
TIMEDELTA_FREQS = ["h", "D", "s", "ms"]
ZONES = [None, None, "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"]
#: A fixed UTC+05:30 zone, as pytz makes it when installed (stored differently).
PLUS_0530 = (
    pytz.FixedOffset(330)
    if pytz is not None
    else datetime.timezone(datetime.timedelta(minutes=330))
)
ZONES += [PLUS_0530, datetime.timezone(datetime.timedelta(hours=-3))]
ZONES += [dateutil.tz.gettz("Asia/Kolkata"), zoneinfo.ZoneInfo("Australia/Sydney")]
INDEX_KINDS = ["default", "range", "datetime", "datetime", "period", "period"]
INDEX_KINDS += ["timedelta", "integers", "floats", "strings", "categorical"]
INDEX_KINDS += ["multi", "interval", "mixed"]


@st.composite
def datetime_indexes(draw, n):
    """A DatetimeIndex of ``n`` dates: a frequency, time zone and unit; starting in
    2000, ending at pandas' nanosecond bound or at year 9999; now and then with a
    gap, no stored frequency, reversed, or a repeated date."""
    freq, tz = draw(st.sampled_from(DATE_FREQS)), draw(st.sampled_from(ZONES))
    unit = draw(st.sampled_from(["ns", "ns", "us", "ms", "s"]))
    anchor = draw(st.sampled_from(["start", "start", "ns-bound", "year-9999"]))
    blemish = draw(mostly(["none"], ["gap", "no-freq", "reversed", "repeat"], one_in=3))
    periods = n + 1 if blemish == "gap" and n > 3 else n
    end = {"ns-bound": "2262-04-10", "year-9999": "9999-12-31"}.get(anchor)
    try:
        if end is None:
            index = pd.date_range(
                "2000-01-01", periods=periods, freq=freq, tz=tz, unit=unit
            )
        else:
            index = pd.date_range(end=end, periods=periods, freq=freq, tz=tz, unit=unit)
    except (ValueError, OverflowError, NotImplementedError, AssertionError):
        # beyond what pandas can build (an AssertionError inside date_range, too)
        index = pd.date_range("2000-01-01", periods=periods, freq=freq)
    if periods > n:
        index = index.delete(draw(st.integers(1, n - 1)))
    elif blemish == "no-freq":
        index = pd.DatetimeIndex(list(index))
    elif blemish == "reversed":
        index = index[::-1]
    elif blemish == "repeat" and n > 1:
        index = index[:-1].append(index[-2:-1])
    return index


@st.composite
def period_indexes(draw, n):
    """A PeriodIndex of ``n`` periods, from 2000, from year 1 or up to 9999."""
    freq = draw(st.sampled_from(PERIOD_FREQS))
    anchor = draw(st.sampled_from(["start", "start", "end-9999", "start-0001"]))
    try:
        if anchor == "end-9999":
            return pd.period_range(
                end=pd.Period("9999-12-31", "D").asfreq(freq), periods=n
            )
        start = "0001-01-01" if anchor == "start-0001" else "2000-01-01"
        return pd.period_range(start, periods=n, freq=freq)
    except (ValueError, OverflowError):
        return pd.period_range("2000-01-01", periods=n, freq=freq)


@st.composite
def timedelta_indexes(draw, n):
    """A TimedeltaIndex of ``n`` steps from 0, or up to pandas' largest duration."""
    freq = draw(st.sampled_from(TIMEDELTA_FREQS))
    if draw(st.booleans()):
        return pd.timedelta_range(0, periods=n, freq=freq)
    try:
        return pd.timedelta_range(end=pd.Timedelta.max.floor("D"), periods=n, freq=freq)
    except (ValueError, OverflowError, AssertionError):  # pandas' own limits
        return pd.timedelta_range(0, periods=n, freq=freq)


@st.composite
def indexes(draw, n):
    """A pandas index of length ``n`` (None: pandas' default RangeIndex); one that
    the installed pandas cannot build (pandas 2.2 overflows on some dates near the
    year 9999) becomes a RangeIndex."""
    try:
        return draw(_indexes(n))
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        return pd.RangeIndex(n)


@st.composite
def _indexes(draw, n):
    """The index kinds of :func:`indexes`."""
    kind = draw(st.sampled_from(INDEX_KINDS))
    note(f"index kind: {kind}")
    name = draw(st.sampled_from([None, None, "time", 0, ("a", "b"), ""]))
    if kind == "default":
        return None
    if kind == "range":
        start, step = draw(st.integers(-5, 10**6)), draw(st.sampled_from([1, 2, -1, 7]))
        index = pd.RangeIndex(start, start + n * step, step)
    elif kind == "datetime":
        index = draw(datetime_indexes(n))
    elif kind == "period":
        index = draw(period_indexes(n))
    elif kind == "timedelta":
        index = draw(timedelta_indexes(n))
    elif kind == "integers":
        index = pd.Index(
            draw(st.permutations(range(0, 3 * n, 3))) if n else [], dtype="int64"
        )
    elif kind == "floats":
        index = pd.Index(np.arange(n) / 2.0)
    elif kind == "strings":
        index = pd.Index([f"row {i}" for i in range(n)])
    elif kind == "categorical":
        index = pd.CategoricalIndex([f"c{i % 3}" for i in range(n)])
    elif kind == "multi":
        index = pd.MultiIndex.from_arrays([np.arange(n) // 2, np.arange(n) % 2])
    elif kind == "interval":
        index = pd.interval_range(0, n) if n else pd.RangeIndex(0)
    else:
        index = pd.Index([i if i % 2 else str(i) for i in range(n)], dtype=object)
    return index if isinstance(index, pd.MultiIndex) else index.rename(name)


COLUMN_SCHEMES = ["letters", "letters", "integers", "duplicates", "mixed", "tuples"]
COLUMN_SCHEMES += ["unicode", "window-like", "empty", "floats", "booleans", "none"]


@st.composite
def column_names(draw, n_columns):
    """``n_columns`` column labels: letters, integers, repeated names, tuples (a
    MultiIndex), unicode, make_windows-like names, empty strings, ..."""
    scheme = draw(st.sampled_from(COLUMN_SCHEMES))
    labels = {
        "letters": [chr(ord("a") + i) for i in range(n_columns)],
        "integers": list(range(n_columns)),
        "duplicates": ["x"] * n_columns,
        "mixed": [i if i % 2 else f"v{i}" for i in range(n_columns)],
        "tuples": [("v", f"c{i}") for i in range(n_columns)],
        "unicode": [f"température {i} ✓" for i in range(n_columns)],
        "window-like": [f"y_t-{n_columns - i}" for i in range(n_columns)],
        "empty": [""] * n_columns,
        "floats": [i + 0.5 for i in range(n_columns)],
        "booleans": [bool(i % 2) for i in range(n_columns)],
        "none": [None] * n_columns,
    }[scheme]
    if scheme == "tuples" and labels:
        return pd.MultiIndex.from_tuples(labels)
    return labels


# -- strategies: series, windows and training data -------------------------------------

CONTAINERS = ["ndarray", "ndarray", "list", "pandas", "pandas", "pandas"]
ODD_SHAPES = ["0-d", "3-d", "no-columns", "ragged"]


def odd_series(kind):
    """A series of a shape no entry point takes."""
    return {
        "0-d": np.float64(3.0),
        "3-d": np.ones((6, 2, 2)),
        "no-columns": np.empty((6, 0)),
        "ragged": [[1.0, 2.0], [3.0], [4.0, 5.0]],
    }[kind]


@st.composite
def pandas_series(draw, values, one_d):
    """``values`` (n_steps, n_variables) as a Series or DataFrame with an odd index,
    odd column names and now and then a pandas dtype in one column."""
    index = draw(indexes(len(values)))
    if one_d:
        name = draw(st.sampled_from(["value", None, 0, ("a", "b"), "nan", ""]))
        return pd.Series(values[:, 0], index=index, name=name)
    frame = pd.DataFrame(
        values, index=index, columns=draw(column_names(values.shape[1]))
    )
    if draw(mostly([False], [True], one_in=6)) and values.dtype.kind in "fiub":
        column = draw(st.integers(0, values.shape[1] - 1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                frame.isetitem(
                    column,
                    frame.iloc[:, column].astype(draw(st.sampled_from(FRAME_KINDS))),
                )
            except (TypeError, ValueError, NotImplementedError):  # pandas cannot
                pass
    return frame


@st.composite
def series_inputs(draw, n_variables=None, n_steps=None, max_steps=30, odd=True):
    """A series as NumPy, a list, a pandas Series or DataFrame: ``n_variables``
    (drawn if None) columns of ``n_steps`` values (drawn, 0 to ``max_steps``),
    any dtype; with ``odd``, now and then of a shape nothing accepts."""
    if odd and draw(mostly([False], [True], one_in=10)):
        return odd_series(draw(st.sampled_from(ODD_SHAPES)))
    if n_steps is None:
        n_steps = draw(mostly(st.sampled_from(range(4, max_steps + 1)), range(4)))
    if n_variables is None:
        n_variables = draw(st.sampled_from([1, 1, 1, 2, 3]))
    one_d = n_variables == 1 and draw(st.booleans())
    values = draw(converted(draw(value_matrices(n_steps, n_variables))))
    container = draw(st.sampled_from(CONTAINERS))
    note(f"series: {container}, {'1-D' if one_d else '2-D'}, {values.dtype}")
    if container == "pandas":
        return draw(pandas_series(values, one_d))
    values = values[:, 0] if one_d else values
    return values.tolist() if container == "list" else values


def head(series, n):
    """The first ``n`` steps of a series of any container."""
    return (
        series.iloc[:n] if isinstance(series, (pd.Series, pd.DataFrame)) else series[:n]
    )


def tail(series, n):
    """The steps of ``series`` from ``n`` on."""
    return (
        series.iloc[n:] if isinstance(series, (pd.Series, pd.DataFrame)) else series[n:]
    )


#: Window lengths, horizons and step counts: mostly small and valid, then every
#: kind of invalid value (bool, float, text, None, negative, beyond int64). Counts
#: that are valid but huge (a forecast of 2**31 steps runs for days unless
#: refused) are the business of test_huge_steps_are_refused_up_front.
SMALL_COUNTS = mostly(
    st.integers(1, 4),
    [0, -1, 2.0, 2.5, "3", None, True, np.int64(2), np.uint8(3), 2**63, 10**19]
    + [-(2**63), float("nan"), float("inf"), [2]],
)
SAMPLE_WEIGHT_KINDS = ["ones", "random", "zeros", "negative", "nan", "inf"]
SAMPLE_WEIGHT_KINDS += ["subnormal", "huge", "last-zero", "wrong-length", "2-d"]
SAMPLE_WEIGHT_KINDS += ["text", "scalar", "series"]


@st.composite
def sample_weights(draw, n_samples):
    """Weights for ``n_samples`` rows: mostly None, else edge values and shapes."""
    kind = draw(mostly(["none"], SAMPLE_WEIGHT_KINDS, one_in=3))
    note(f"sample_weight: {kind}")
    ones = np.ones(n_samples)
    weights = {
        "none": None,
        "ones": ones,
        "random": np.linspace(0.1, 3, n_samples),
        "zeros": 0 * ones,
        "negative": -ones,
        "nan": np.where(np.arange(n_samples) == 0, np.nan, ones),
        "inf": np.where(np.arange(n_samples) == 0, np.inf, ones),
        "subnormal": np.full(n_samples, 1e-320),
        "huge": np.full(n_samples, 1e308),
        "last-zero": np.where(np.arange(n_samples) == n_samples - 1, 0.0, ones),
        "wrong-length": np.ones(n_samples + 1),
        "2-d": np.ones((n_samples, 2)),
        "text": np.array(["1"] * n_samples),
        "scalar": 2.0,
        "series": pd.Series(ones, index=np.arange(n_samples)[::-1]),
    }[kind]
    return weights


@st.composite
def windows_and_targets(draw, n_features=None):
    """``X`` (n_samples, n_features) of any dtype and container (DataFrame with odd
    column names, list, sparse; now and then 1-D, 3-D or empty) and ``y`` of 1-3
    outputs (now and then of another length or dtype), and sample weights."""
    n_samples = draw(mostly([3, 5, 8, 12, 12], [0, 1, 2]))
    if n_features is None:
        n_features = draw(mostly([1, 2, 3, 4, 4, 6, 8], [0]))
    numbers = draw(value_matrices(n_samples, n_features))
    X = draw(converted(numbers))
    n_outputs = draw(st.sampled_from([0, 0, 0, 1, 2, 3]))  # 0: a 1-D y
    with np.errstate(all="ignore"):
        targets = np.tile(numbers.sum(axis=1, keepdims=True), (1, max(n_outputs, 1)))
    if draw(mostly([False], [True])):  # other values, maybe of another length
        n_targets = draw(st.sampled_from([n_samples, 0, 3]))
        targets = draw(value_matrices(n_targets, max(n_outputs, 1)))
    y = draw(converted(targets, (NUMBER_KINDS[:8], ["object", "str", "complex"])))
    y = y[:, 0] if n_outputs == 0 else y
    X, y = draw(training_containers(X, y))
    return X, y, draw(sample_weights(n_samples))


@st.composite
def training_containers(draw, X, y):
    """``X`` and ``y`` as NumPy, lists, pandas (odd column names and index) or
    sparse, now and then reshaped to 1-D or 3-D."""
    container = draw(
        mostly(["ndarray", "ndarray", "frame", "list"], ["sparse", "1-d", "3-d"])
    )
    note(f"X container: {container}")
    if container == "frame":
        index = draw(indexes(X.shape[0]))
        X = pd.DataFrame(X, index=index, columns=draw(column_names(X.shape[1])))
        if draw(st.booleans()):
            y = (
                pd.Series(y, index=index)
                if y.ndim == 1 and len(y) == len(X)
                else pd.DataFrame(y)
            )
    elif container == "list":
        X, y = X.tolist(), y.tolist()
    elif container == "sparse" and X.dtype.kind in "fiub" and X.dtype != np.float16:
        X = sp.csr_matrix(X)
    elif container == "1-d":
        X = X.ravel()
    elif container == "3-d":
        X = X[:, :, None]
    return X, y


# -- strategies: estimator parameters ------------------------------------------------

#: For each parameter of SimpleRNNRegressor: values in range (small enough for a
#: millisecond fit), and out-of-range ones (of another type, beyond any memory,
#: at the edges of float64).
REGRESSOR_PARAMS = {
    "hidden_size": (
        [1, 2, 4, np.int64(3)],
        [0, -1, 2.5, "3", None, True, 10**6, 10**12],
    ),
    "input_size": ([1, 2, "auto"], [3, 0, 1.5, "2"]),
    "activation": (["tanh", "relu", "sigmoid"], ["linear", None]),
    "solver": (["adam", "sgd"], ["lbfgs"]),
    "alpha": ([0.0, 1e-4, 10.0], [1e308, -1.0, np.nan, np.inf]),
    "batch_size": (["auto", 1, 2, 1000], [0, -1, 1.5]),
    "learning_rate": (["constant", "invscaling", "adaptive"], ["optimal"]),
    "learning_rate_init": ([1e-3, 1e-2, 1.0], [1e308, 1e-320, 0.0, -1.0, np.nan]),
    "power_t": ([0.5, 0.0], [300.0, 1e308, -1.0, np.nan]),
    "max_iter": ([1, 2, 3], [0, -1, 2.0]),
    "shuffle": ([True, False], ["yes"]),
    "random_state": ([0, None, 2**32 - 1], [2**32, -1, "seed"]),
    "tol": ([0.0, 1e-4], [1e308, -1.0, np.nan]),
    "verbose": ([False, True], [2, "loud"]),
    "warm_start": ([True, False], []),
    "momentum": ([0.0, 0.9, 1.0], [1.5, -0.1]),
    "nesterovs_momentum": ([True, False], []),
    "early_stopping": ([True, False], []),
    "validation_fraction": ([0.1, 0.5], [0.99, 1e-300, 0.0, 1.0]),
    "beta_1": ([0.0, 0.9], [1 - 1e-16, 1.0, -0.1]),
    "beta_2": ([0.0, 0.999], [1 - 1e-16, 1.0]),
    "epsilon": ([1e-8], [1e-320, 1e308, 0.0]),
    "n_iter_no_change": ([1, 10], [0]),
    "max_grad_norm": ([5.0, None], [1e-320, 1e308, np.inf, 0.0, -1.0]),
    "standardize": ([True, False], []),
    "window_order": (["oldest_first", "newest_first"], ["reversed"]),
}
#: A tiny regressor: every example trains in milliseconds.
TINY = {"hidden_size": 2, "max_iter": 2, "random_state": 0}


@st.composite
def parameter_sets(draw, table, max_size=4):
    """A few parameters of ``table``, each mostly with a value in range."""
    names = draw(
        st.lists(st.sampled_from(sorted(table)), max_size=max_size, unique=True)
    )
    params = {}
    for name in names:
        usual, unusual = table[name]
        params[name] = draw(mostly(usual, unusual or usual, one_in=6))
    note(f"params: {params}")
    return params


FORECASTER_PARAMS = {
    "window": ([1, 2, 3, 4], [0, -1, 2.5, "3", None, True, 10**12]),
    "horizon": ([1, 2, 3], [0, 1.5, None, 10**12]),
    "differences": (["auto", 0, 1, 2], [-1, 1.5, "none", None]),
    "seasonal_period": (["auto", None, 2, 3, 4], [1, 0, 2.5, "x", 10**12]),
    "seasonal_differences": ([0, 1, 2], [-1, 0.5]),
    "transform": (["auto", "log", None], ["exp", 1]),
    "scale": ([True, False], ["yes", 1]),
    "target": (
        [None, None, 0, "a", ["a", "b"]],
        [1, ("v", "c0"), [], "missing", [0, 0]],
    ),
    "calibration_windows": ([0, 1, 2, 3, "auto"], [-1, 1.5, 10**6]),
    "random_state": ([0, None, 2**32 - 1, np.random.RandomState(0)], [-1, "seed"]),
}


class OddPredictor(RegressorMixin, BaseEstimator):
    """A "fitted" regressor whose ``predict`` returns something odd: empty, a
    scalar, None, text, a list, NaN, inf, huge values, a 3-D array, complex,
    objects, a DataFrame, too many rows, ..."""

    def __init__(self, returns="zeros", n_features_in_=3):
        self.returns = returns
        self.n_features_in_ = n_features_in_

    def fit(self, X, y):
        self.n_features_in_ = np.shape(X)[1]
        return self

    def predict(self, X):
        n = len(X)
        return {
            "zeros": lambda: np.zeros(n),
            "empty": lambda: np.empty(0),
            "scalar": lambda: 1.0,
            "none": lambda: None,
            "text": lambda: "1.0",
            "list": lambda: [1.0] * n,
            "nan": lambda: np.full(n, np.nan),
            "inf": lambda: np.full(n, np.inf),
            "huge": lambda: np.full(n, 1e308),
            "growing": lambda: np.asarray(X, dtype=float)[:, -1:].sum(axis=1) * 1e300,
            "3-d": lambda: np.zeros((n, 1, 1)),
            "complex": lambda: np.zeros(n) + 1j,
            "objects": lambda: np.array(["a"] * n, dtype=object),
            "frame": lambda: pd.DataFrame({"p": np.zeros(n)}),
            "too-many-rows": lambda: np.zeros(n + 1),
            "too-wide": lambda: np.zeros((n, 7)),
            "bool": lambda: np.ones(n, dtype=bool),
            "dates": lambda: np.zeros(n, dtype="datetime64[s]"),
        }[self.returns]()


ODD_RETURNS = ["zeros", "empty", "scalar", "none", "text", "list", "nan", "inf"]
ODD_RETURNS += ["huge", "growing", "3-d", "complex", "objects", "frame"]
ODD_RETURNS += ["too-many-rows", "too-wide", "bool", "dates"]


# -- hand-written edges ---------------------------------------------------------------
# Explicit examples (run first, every time) for the cases that issue 16 lists: the
# generated inputs reach them only by luck.

X12 = np.random.default_rng(0).normal(size=(12, 4))
Y12 = X12.sum(axis=1)
S40 = 2 + np.sin(np.arange(40) / 3)
DAYS_TO_2262 = pd.date_range(end="2262-04-10", periods=40, freq="D")
CALLS = {"steps": 3, "coverage": 0.9, "alpha": (0.05, 0.95)}


def series_on(index, values=S40):
    """A Series of the smooth test values on ``index``."""
    return pd.Series(values[: len(index)], index=index, name="v")


def calls_with(following, **calls):
    """The calls of a hand-written forecaster case, on ``following``."""
    return {**CALLS, "next": following, **calls}


# -- SimpleRNNRegressor ----------------------------------------------------------------


def input_dtype(X):
    """The dtype a regressor trains and predicts in for ``X``: float32 for float32
    input, else float64."""
    if sp.issparse(X):
        return X.dtype
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dtype = np.asarray(X).dtype
    return np.dtype(np.float32) if dtype == np.float32 else np.dtype(np.float64)


def check_fitted_regressor(model, fitted):
    """A successful fit leaves the documented fitted attributes, of consistent
    shapes, finite (or a warning that says why not)."""
    hidden, input_size = model.input_weights_.shape
    assert model.recurrent_weights_.shape == (hidden, hidden)
    assert model.output_weights_.shape == (model.n_outputs_, hidden)
    assert model.hidden_bias_.shape == (hidden,)
    assert model.output_bias_.shape == (model.n_outputs_,)
    assert model.n_steps_ * input_size == model.n_features_in_ >= 1
    assert 1 <= model.n_iter_
    weights = [
        model.input_weights_,
        model.recurrent_weights_,
        model.output_weights_,
        model.hidden_bias_,
        model.output_bias_,
        model.loss_,
    ]
    assert all(map(all_finite, weights)) or fitted.names_a_cause(), (
        f"fit left non-finite weights or loss_={model.loss_} without a warning"
    )


def check_predictions(model, X, y_shape, outcome, *earlier):
    """``predict`` returns one row per row of ``X``, 1-D for a 1-D ``y``, in the
    training dtype, finite (or a warning that says why not)."""
    prediction = outcome.value
    assert isinstance(prediction, np.ndarray), type(prediction)
    n_samples = X.shape[0] if hasattr(X, "shape") else len(X)
    expected = (n_samples,) if len(y_shape) == 1 else (n_samples, model.n_outputs_)
    assert prediction.shape == expected, (prediction.shape, expected)
    assert prediction.dtype == input_dtype(X), (prediction.dtype, input_dtype(X))
    check_finite("predict", outcome, *earlier)


def check_reading_calls(model, X, y, sample_weight, fitted):
    """``predict`` and ``score`` on the training data answer and change nothing."""
    before = snapshot(model)
    predicted = attempt("predict", model.predict, X)
    check_unchanged(model, before, "predict")
    if not predicted.failed:
        check_predictions(model, X, np.shape(y), predicted, fitted)
    scored = attempt("score", model.score, X, y, sample_weight=sample_weight)
    check_unchanged(model, before, "score")
    if not scored.failed:
        assert np.ndim(scored.value) == 0, scored.value
        check_finite("score", scored, fitted, predicted)
    if not scored.failed and sample_weight is None and all_finite(scored.value):
        check_uniform_weights(model, X, y, scored.value)


def check_uniform_weights(model, X, y, unweighted):
    """R^2 is the same for any equal weights, tiny or huge: only their ratios
    count."""
    n_samples = X.shape[0] if hasattr(X, "shape") else len(X)
    for weight in (1e-300, 1e300, 1e308):
        weighted = attempt(
            "score", model.score, X, y, sample_weight=np.full(n_samples, weight)
        )
        assert not weighted.failed, weighted.error
        np.testing.assert_allclose(
            weighted.value,
            unweighted,
            rtol=1e-9,
            atol=1e-12,
            err_msg=f"score with every sample_weight={weight} differs from no weights",
        )


@fuzz(100)
@given(
    data=windows_and_targets(),
    params=parameter_sets(REGRESSOR_PARAMS),
    first=mostly(["fit"], ["partial_fit"], one_in=4),
)
@example(
    data=(X12, Y12, None),
    params={"solver": "sgd", "learning_rate": "invscaling", "power_t": 300.0},
    first="fit",
)
@example(data=(X12, Y12, None), params={"hidden_size": 10**12}, first="fit")
@example(data=(X12, Y12, None), params={"hidden_size": 10**6}, first="fit")
@example(
    data=(X12, Y12, None),
    params={"max_iter": 1, "learning_rate_init": 1e308, "max_grad_norm": None},
    first="fit",
)
@example(data=(X12, Y12, np.full(12, 1e-320)), params={}, first="fit")
@example(data=(X12.astype("datetime64[s]"), Y12, None), params={}, first="fit")
@example(data=(X12, Y12.astype("m8[ms]"), None), params={}, first="fit")
@example(
    data=(np.c_[X12[:, :3], np.tile([1e308, -1e308], 6)], Y12, None),
    params={},
    first="fit",
)
def test_regressor_fit_predict_score_partial_fit(data, params, first):
    """Fit (or partial_fit) a new regressor on generated data with generated
    parameters; then predict, score and partial_fit on the same data."""
    count_case("regressor")
    X, y, sample_weight = data
    model = SimpleRNNRegressor(**TINY).set_params(**params)
    before = snapshot(model)
    fitted = attempt(first, getattr(model, first), X, y, sample_weight=sample_weight)
    if fitted.failed:
        check_unchanged(model, before, f"a failed {first}")
        return
    check_fitted_regressor(model, fitted)
    check_reading_calls(model, X, y, sample_weight, fitted)
    before = snapshot(model)
    continued = attempt(
        "partial_fit", model.partial_fit, X, y, sample_weight=sample_weight
    )
    if continued.failed:
        check_unchanged(model, before, "a failed partial_fit")
    else:
        check_fitted_regressor(model, continued)


#: Regressors fitted on a 12x4 normal matrix, one per layout a user may have.
FITTED_KINDS = ["float64", "float32", "frame", "multi-output", "sgd-warm"]
FITTED_KINDS += ["two-variables", "newest-first", "not-standardized"]


@functools.cache
def fitted_regressor(kind):
    """A fitted regressor of ``kind`` (tests change deep copies only)."""
    X = np.random.default_rng(0).normal(size=(12, 4))
    y = X.sum(axis=1)
    params = {
        "sgd-warm": {"solver": "sgd", "warm_start": True},
        "two-variables": {"input_size": 2},
        "newest-first": {"window_order": "newest_first"},
        "not-standardized": {"standardize": False},
    }.get(kind, {})
    if kind == "float32":
        X, y = X.astype(np.float32), y.astype(np.float32)
    elif kind == "frame":
        X = pd.DataFrame(X, columns=[f"y_t-{lag}" for lag in range(4, 0, -1)])
    elif kind == "multi-output":
        y = np.c_[y, -y]
    return quietly(SimpleRNNRegressor(**TINY, **params).fit, X, y)


@st.composite
def calls_on_fitted_regressors(draw):
    """A fitted regressor, a method and generated arguments (mostly of the fitted
    width, so that some calls succeed) and, for fit, generated parameters."""
    kind = draw(st.sampled_from(FITTED_KINDS))
    method = draw(
        st.sampled_from(["predict", "predict", "score", "fit", "partial_fit"])
    )
    width = draw(st.sampled_from([4, 4, 4, None]))
    X, y, sample_weight = draw(windows_and_targets(n_features=width))
    params = {}
    if method in ("fit", "partial_fit"):
        params = draw(parameter_sets(REGRESSOR_PARAMS, max_size=2))
    note(f"fitted kind {kind}, method {method}")
    return kind, method, params, X, y, sample_weight


@fuzz(100)
@given(case=calls_on_fitted_regressors())
@example(case=("float64", "score", {}, X12, np.array(["a"] * 12), None))
@example(case=("float64", "score", {}, X12, Y12, np.array(["a"] * 12)))
@example(case=("frame", "predict", {}, X12, Y12, None))
@example(case=("float64", "score", {}, X12, np.c_[Y12, Y12], None))
@example(
    case=("float64", "fit", {"warm_start": True, "hidden_size": 3}, X12, Y12, None)
)
@example(case=("sgd-warm", "partial_fit", {"solver": "adam"}, X12, Y12, None))
def test_fitted_regressor_answers_or_stays_unchanged(case):
    """A fitted regressor given generated data (and parameters, for a refit): a
    result of the documented kind, or a clear error and the model unchanged."""
    count_case("fitted regressor")
    kind, method, params, X, y, sample_weight = case
    model = copy.deepcopy(fitted_regressor(kind)).set_params(**params)
    before = snapshot(model)
    if method == "predict":
        outcome = attempt("predict", model.predict, X)
    else:
        outcome = attempt(
            method, getattr(model, method), X, y, sample_weight=sample_weight
        )
    if outcome.failed or method in ("predict", "score"):
        check_unchanged(model, before, f"predict, score or a failed {method}")
    if outcome.failed:
        return
    if method == "predict":
        y_shape = (0, 2) if kind == "multi-output" else (0,)
        check_predictions(model, X, y_shape, outcome)
    elif method == "score":
        assert np.ndim(outcome.value) == 0
        check_finite("score", outcome)
    else:
        check_fitted_regressor(model, outcome)


# -- make_windows and forecast ---------------------------------------------------------

TARGETS = mostly(
    [None],
    [0, 1, "a", "b", ["a"], ["a", "b"], ("v", "c0"), [], "missing", [0, 0], 2.5]
    + [-1, "value", np.int64(0), {"a"}],
    one_in=3,
)


def numbers_of(series):
    """The values of an accepted series as a (n_steps, n_variables) float array."""
    if isinstance(series, (pd.Series, pd.DataFrame)):
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        values = np.asarray(series, dtype=np.float64)
    return values if values.ndim == 2 else values[:, None]


def is_pandas(series):
    """Whether ``series`` is a pandas Series or DataFrame."""
    return isinstance(series, (pd.Series, pd.DataFrame))


def check_windows(series, window, horizon, target, X, y):
    """Rows, width, first row and target of ``make_windows`` output; pandas in,
    pandas out, indexed by the target step."""
    values = numbers_of(series)
    n_steps, n_variables = values.shape
    n_rows = n_steps - window - horizon + 1
    assert n_rows >= 1
    assert np.shape(X) == (n_rows, window * n_variables)
    assert len(y) == n_rows
    assert np.array_equal(np.asarray(X, dtype=np.float64)[0], values[:window].ravel())
    if target is None:
        first = np.asarray(y, dtype=np.float64).reshape(n_rows, -1)[0]
        assert np.array_equal(first, values[window : window + horizon].ravel())
    assert all_finite(X) and all_finite(y)
    if is_pandas(series):
        assert isinstance(X, pd.DataFrame) and isinstance(y, (pd.Series, pd.DataFrame))
        assert X.index.equals(series.index[window : window + n_rows])
        assert X.columns.is_unique, list(X.columns)
    else:
        assert isinstance(X, np.ndarray) and isinstance(y, np.ndarray)


@fuzz(150)
@given(
    series=series_inputs(),
    window=SMALL_COUNTS,
    horizon=SMALL_COUNTS,
    target=TARGETS,
)
def test_make_windows(series, window, horizon, target):
    """make_windows on generated series, windows, horizons and targets."""
    count_case("make_windows")
    outcome = attempt(
        "make_windows", make_windows, series, window, horizon=horizon, target=target
    )
    if not outcome.failed:
        check_windows(series, window, horizon, target, *outcome.value)


WINDOW_MODEL_KINDS = [
    "linear",
    "rnn",
    "rnn",
    "pipeline",
    "target-transformed",
    "rnn-frame",
]
WINDOW_MODEL_KINDS += ["odd", "odd", "odd", "unfitted", "not-an-estimator"]


@functools.cache
def fitted_window_model(kind, n_variables, window, horizon):
    """A regressor fitted on ``make_windows`` output of a smooth series."""
    train = np.sin(np.arange(30)[:, None] / (3 + np.arange(n_variables)))
    if kind == "rnn-frame":
        train = pd.DataFrame(train, columns=["a", "b"][:n_variables])
    X, y = make_windows(train, window, horizon=horizon)
    rnn = SimpleRNNRegressor(**TINY, input_size=n_variables)
    model = {
        "linear": LinearRegression(),
        "rnn": rnn,
        "rnn-frame": rnn,
        "pipeline": make_pipeline(StandardScaler(), rnn),
        "target-transformed": TransformedTargetRegressor(
            rnn, transformer=StandardScaler()
        ),
    }[kind]
    return quietly(model.fit, X, y)


@st.composite
def window_models(draw):
    """An estimator for forecast: fitted on windows of 1-2 variables, one whose
    predict returns odd things (and with an odd n_features_in_), an unfitted one,
    or no estimator at all; and its number of variables."""
    kind = draw(st.sampled_from(WINDOW_MODEL_KINDS))
    n_variables = draw(st.sampled_from([1, 1, 2]))
    note(f"forecast estimator: {kind}")
    if kind == "odd":
        n_features = draw(st.sampled_from([3, 3, 3, 2, 0, -1, 2.5, "3", None, 10**6]))
        return OddPredictor(draw(st.sampled_from(ODD_RETURNS)), n_features), n_variables
    if kind == "unfitted":
        return SimpleRNNRegressor(**TINY), n_variables
    if kind == "not-an-estimator":
        return draw(st.sampled_from([None, "linear", LinearRegression, 3])), n_variables
    window, horizon = draw(st.sampled_from([1, 3])), draw(st.sampled_from([1, 2]))
    return fitted_window_model(kind, n_variables, window, horizon), n_variables


def check_forecast_index(result_index, index, steps):
    """A forecast of a pandas series continues a regular time index (same time zone
    for dates) and numbers the steps for any other index."""
    assert len(result_index) == steps
    if isinstance(index, pd.PeriodIndex):
        assert isinstance(result_index, pd.PeriodIndex)
        assert result_index[0] == index[-1] + 1
    elif isinstance(result_index, (pd.DatetimeIndex, pd.TimedeltaIndex)):
        assert isinstance(result_index, type(index))
        assert result_index.freq is not None
        assert result_index[0] == index[-1] + result_index.freq
        if isinstance(index, pd.DatetimeIndex):
            assert (result_index.tz is None) == (index.tz is None)
            if index.tz is not None:  # the same wall clock as the series' zone
                first = result_index[0]
                assert first.tz_localize(None) == first.tz_convert(
                    index.tz
                ).tz_localize(None)
    else:
        assert isinstance(result_index, pd.RangeIndex), type(result_index)


def check_forecast_kind(result, series, steps, n_columns=None):
    """The kind and shape of a forecast of ``series``: NumPy for NumPy, pandas
    (named like the series, the index continued) for pandas."""
    if is_pandas(series):
        assert isinstance(result, (pd.Series, pd.DataFrame)), type(result)
        check_forecast_index(result.index, series.index, steps)
    else:
        assert isinstance(result, np.ndarray), type(result)
    one_d = isinstance(series, pd.Series) or np.ndim(series) == 1
    if one_d:
        assert np.shape(result) == (steps,), np.shape(result)
    elif n_columns is not None:
        assert np.shape(result) == (steps, n_columns), np.shape(result)


@st.composite
def forecast_cases(draw):
    """An estimator for forecast and a series to forecast, mostly with the
    estimator's number of variables."""
    estimator, n_variables = draw(window_models())
    width = draw(st.sampled_from([n_variables, n_variables, None]))
    return estimator, draw(series_inputs(n_variables=width))


def fitted_on_days(n_variables=1):
    """A regressor fitted on windows of a daily series ending in 2262."""
    return fitted_window_model("rnn", n_variables, 3, 1)


@fuzz(150)
@given(
    case=forecast_cases(),
    steps=SMALL_COUNTS,
    horizon=mostly([None], [1, 2, 0, 2.5]),
)
@example(case=(OddPredictor("zeros", n_features_in_=0), S40), steps=2, horizon=None)
@example(case=(OddPredictor("empty"), S40), steps=2, horizon=None)
@example(case=(OddPredictor("scalar"), S40), steps=2, horizon=None)
@example(case=(OddPredictor("none"), S40), steps=2, horizon=None)
@example(case=(OddPredictor("text"), S40), steps=2, horizon=None)
@example(case=(OddPredictor("growing"), S40), steps=4, horizon=None)
@example(case=(fitted_on_days(), series_on(DAYS_TO_2262)), steps=3, horizon=None)
@example(
    case=(fitted_on_days(), series_on(pd.timedelta_range(0, periods=40, freq="h"))),
    steps=3,
    horizon=None,
)
@example(
    case=(
        fitted_on_days(),
        series_on(pd.date_range("2000-01-01", periods=40, freq="D", tz=PLUS_0530)),
    ),
    steps=3,
    horizon=None,
)
@example(case=(fitted_on_days(), S40), steps=2**63, horizon=None)
def test_forecast(case, steps, horizon):
    """forecast with generated estimators (odd ones included), series and steps."""
    count_case("forecast")
    estimator, series = case
    outcome = attempt("forecast", forecast, estimator, series, steps, horizon=horizon)
    if outcome.failed:
        return
    n_steps, n_variables = numbers_of(series).shape
    window = estimator.n_features_in_ // n_variables  # the documented rule
    assert 1 <= window <= n_steps, f"forecast from a window of {window} steps"
    check_forecast_kind(outcome.value, series, steps, n_variables)
    check_finite("forecast", outcome)


# -- SeriesForecaster ------------------------------------------------------------------

FORECASTER_REGRESSORS = ["rnn", "rnn", "rnn", "linear", "linear", "pipeline"]
FORECASTER_REGRESSORS += ["default", "odd", "not-a-regressor"]
NEXT_KINDS = ["continuation"] * 4 + ["numpy", "list", "shifted", "other-width"]
NEXT_KINDS += ["renamed", "reordered", "empty", "odd"]
COVERAGES = [0.9, 0.5, 0.99, [0.5, 0.9], 0.0, 1.0, 1.5, -0.1, np.nan, "0.9", [], None]
ALPHAS = [(0.05, 0.95), 0.5, [0.1, 0.5, 0.9], 0.0, 1.0, [0.5, 2.0], "0.5", [], None]


@st.composite
def forecaster_regressors(draw):
    """The forecaster's regressor: a tiny SimpleRNNRegressor (alone, or in a
    Pipeline), LinearRegression, the default (made tiny through set_params), an
    OddPredictor, or something that is no regressor."""
    kind = draw(st.sampled_from(FORECASTER_REGRESSORS))
    note(f"forecaster regressor: {kind}")
    if kind == "rnn":
        hidden_size, max_iter = draw(st.integers(1, 4)), draw(st.integers(1, 3))
        return SimpleRNNRegressor(hidden_size, max_iter=max_iter, random_state=0)
    return {
        "linear": LinearRegression(),
        "pipeline": make_pipeline(StandardScaler(), SimpleRNNRegressor(**TINY)),
        "default": None,
        "odd": OddPredictor(draw(st.sampled_from(ODD_RETURNS))),
        "not-a-regressor": draw(st.sampled_from(["linear", LinearRegression, 3])),
    }[kind]


def next_series(kind, following, fitted):
    """What a user may pass to predict_one_step and score after fitting on
    ``fitted``: the steps that follow (as they are, or as NumPy after pandas, a
    list, with a shifted index, other columns), nothing, or nonsense."""
    if kind == "odd":
        return odd_series("3-d")
    if kind == "empty":
        return head(following, 0)
    if not is_pandas(following):
        following = np.asarray(following)
        if kind == "other-width":
            return (
                np.c_[following, following] if following.ndim == 1 else following[:, :1]
            )
        return following.tolist() if kind == "list" else following
    if kind in ("numpy", "list"):
        values = following.to_numpy()
        return values.tolist() if kind == "list" else values
    if kind == "shifted" and len(following):
        return following.set_axis(fitted.index[: len(following)])
    if isinstance(following, pd.DataFrame):
        if kind == "other-width":
            return (
                following.iloc[:, :1]
                if following.shape[1] > 1
                else following.assign(extra=1.0)
            )
        if kind == "renamed":
            return following.set_axis(
                [f"r{i}" for i in range(following.shape[1])], axis=1
            )
        if kind == "reordered":
            return following.iloc[:, ::-1]
    return following


@st.composite
def forecaster_cases(draw):
    """A forecaster (generated regressor and parameters), a series to fit and the
    calls that follow: steps, coverage, alpha, and the steps after the series."""
    regressor = draw(forecaster_regressors())
    params = draw(parameter_sets(FORECASTER_PARAMS, max_size=5))
    params.setdefault(
        "calibration_windows", draw(st.sampled_from([0, 2, 2, 5, "auto"]))
    )
    n_fit = draw(mostly(st.sampled_from(range(8, 41)), range(8)))
    n_next = draw(st.sampled_from([0, 1, 2, 3, 5]))
    full = draw(series_inputs(n_steps=n_fit + n_next, odd=False))
    fit_series, following = head(full, n_fit), tail(full, n_fit)
    if draw(mostly([False], [True], one_in=15)):  # fit must refuse it
        fit_series = odd_series(draw(st.sampled_from(ODD_SHAPES)))
    next_kind = draw(st.sampled_from(NEXT_KINDS))
    note(f"next series: {next_kind}")
    calls = {
        "steps": draw(SMALL_COUNTS),
        "coverage": draw(mostly(COVERAGES[:4], COVERAGES[4:])),
        "alpha": draw(mostly(ALPHAS[:3], ALPHAS[3:])),
        "next": next_series(next_kind, following, full),
    }
    return regressor, params, fit_series, calls


def new_forecaster(regressor, params):
    """The SeriesForecaster of a case; the default regressor made tiny."""
    model = SeriesForecaster(regressor, **params)
    if regressor is None:  # the default regressor, tiny: through regressor__<name>
        model.set_params(regressor__hidden_size=2, regressor__max_iter=2)
    return model


def check_fitted_forecaster(model, fitted_series):
    """The fitted attributes of a forecaster are consistent and finite."""
    assert model.window_ >= 1 and model.horizon_ >= 1
    assert model.n_variables_ == numbers_of(fitted_series).shape[1]
    assert 1 <= len(model.target_columns_) <= model.n_variables_
    assert all_finite(model.mean_) and all_finite(model.scale_)


def check_forecaster_output(model, fitted_series, result, steps):
    """A forecast (or a table of bounds) of the fitted series' kind: NumPy or
    pandas continuing its index; 1-D for a 1-D series or a single target."""
    if is_pandas(fitted_series):
        assert isinstance(result, (pd.Series, pd.DataFrame)), type(result)
        check_forecast_index(result.index, fitted_series.index, steps)
    else:
        assert isinstance(result, np.ndarray), type(result)
    assert len(result) == steps


def check_point_forecast(model, fitted_series, outcome, steps):
    """``predict(steps)``: the kind of the fitted series, 1-D or one column per
    target, finite."""
    result = outcome.value
    check_forecaster_output(model, fitted_series, result, steps)
    target = model.target
    one_d = isinstance(fitted_series, pd.Series) or np.ndim(fitted_series) == 1
    if one_d or (np.ndim(target) == 0 and target is not None):
        assert np.shape(result) == (steps,), np.shape(result)
    elif not isinstance(target, tuple):  # a tuple may be one label or several
        assert np.shape(result) == (steps, len(model.target_columns_))
    check_finite("predict", outcome)


def reading_call(model, label, function, *args, **kwargs):
    """Call a method that only reads the fitted model: it never changes it."""
    before = snapshot(model)
    outcome = attempt(label, function, *args, **kwargs)
    check_unchanged(model, before, label)
    return outcome


def bounds(table, name):
    """The ``name`` ("lower"/"upper") bounds of a predict_interval table."""
    if isinstance(table, pd.DataFrame):
        labels = [
            c for c in table.columns if (c[-1] if isinstance(c, tuple) else c) == name
        ]
        return table.loc[:, labels].to_numpy(dtype=np.float64)
    return table[..., 0 if name == "lower" else 1]


def check_interval(model, fitted_series, outcome, steps):
    """``predict_interval``: lower <= upper everywhere, finite."""
    table = outcome.value
    check_forecaster_output(model, fitted_series, table, steps)
    lower, upper = bounds(table, "lower"), bounds(table, "upper")
    assert lower.size and lower.shape == upper.shape
    assert (lower <= upper).all(), (lower, upper)
    check_finite("predict_interval", outcome)


def check_quantiles(model, fitted_series, outcome, steps, alpha, point):
    """``predict_quantiles``: sorted by level, finite; the median is the point
    forecast."""
    table = outcome.value
    check_forecaster_output(model, fitted_series, table, steps)
    check_finite("predict_quantiles", outcome)
    levels = np.atleast_1d(np.asarray(alpha, dtype=np.float64))
    values = np.asarray(table, dtype=np.float64).reshape(steps, -1, levels.size)
    order = np.argsort(levels, kind="stable")
    assert (np.diff(values[..., order], axis=-1) >= 0).all(), "quantiles not sorted"
    if point is not None and 0.5 in levels:  # the median is the point forecast
        median = values[..., list(levels).index(0.5)]
        point = np.asarray(point, dtype=np.float64).reshape(median.shape)
        np.testing.assert_allclose(median, point, rtol=1e-9)


def check_one_step(model, series, outcome):
    """One-step forecasts: one per step of ``series``, NumPy for NumPy and indexed
    like ``series`` for pandas."""
    result = outcome.value
    assert len(result) == len(series)
    if is_pandas(series):
        assert isinstance(result, (pd.Series, pd.DataFrame)), type(result)
        assert result.index.equals(series.index)
    else:
        assert isinstance(result, np.ndarray), type(result)
    check_finite("predict_one_step", outcome)


def check_forecaster_calls(model, fit_series, calls):
    """Every method of a fitted forecaster on the generated calls; none of them
    changes the model."""
    steps, coverage, alpha, following = (
        calls[k] for k in ("steps", "coverage", "alpha", "next")
    )
    predicted = reading_call(model, "predict", model.predict, steps)
    if not predicted.failed:
        check_point_forecast(model, fit_series, predicted, steps)
    interval = reading_call(
        model, "predict_interval", model.predict_interval, steps, coverage=coverage
    )
    if not interval.failed:
        check_interval(model, fit_series, interval, steps)
    quantiles = reading_call(
        model, "predict_quantiles", model.predict_quantiles, steps, alpha=alpha
    )
    if not quantiles.failed:
        check_quantiles(model, fit_series, quantiles, steps, alpha, predicted.value)
    one_step = reading_call(
        model, "predict_one_step", model.predict_one_step, following
    )
    if not one_step.failed:
        check_one_step(model, following, one_step)
    scored = reading_call(model, "score", model.score, following)
    if not scored.failed:
        assert np.ndim(scored.value) == 0
        check_finite("score", scored, one_step)


def fit_and_next(series, n_fit=35):
    """A forecaster case's fitted series and the series that follows it."""
    return head(series, n_fit), calls_with(tail(series, n_fit))


def edge(series, regressor=None, n_fit=35, **params):
    """A hand-written forecaster case (a tiny network unless told otherwise)."""
    regressor = SimpleRNNRegressor(**TINY) if regressor is None else regressor
    fitted, calls = fit_and_next(series, n_fit)
    return regressor, {"window": 3, "calibration_windows": 3, **params}, fitted, calls


MONTHS = series_on(pd.period_range("2000-01", periods=40, freq="M"))
TWO_COLUMNS = pd.DataFrame({"a": S40, "b": S40[::-1]})


@fuzz(80)
@given(case=forecaster_cases(), refit=series_inputs(max_steps=20))
@example(case=edge(MONTHS), refit=S40)
@example(
    case=(*edge(MONTHS)[:3], calls_with(MONTHS[35:], steps=np.uint8(3))), refit=S40
)
@example(case=edge(np.empty((0, 2))), refit=S40)
@example(
    case=(*edge(MONTHS)[:3], calls_with(S40[35:])), refit=S40
)  # NumPy after pandas
@example(case=edge(series_on(pd.timedelta_range(0, periods=40, freq="h"))), refit=S40)
@example(
    case=edge(series_on(pd.date_range("2000-01-01", periods=40, tz=PLUS_0530))),
    refit=S40,
)
@example(case=edge(series_on(DAYS_TO_2262)), refit=S40)
@example(case=(*edge(S40)[:3], calls_with(S40[35:], steps=10**19)), refit=S40)
@example(case=edge(np.c_[S40, np.tile([1e200, -1e200], 20)]), refit=S40)
@example(case=edge(np.c_[S40, np.tile([1e308, -1e308], 20)]), refit=S40)
@example(
    case=edge(series_on(pd.date_range("2000-01-02", periods=40, freq="W")), window=12),
    refit=S40,
)
@example(case=edge(pd.Series(S40 + 1j)), refit=S40)
@example(case=edge(pd.Series(S40.astype(object))), refit=S40)
@example(
    case=edge(
        TWO_COLUMNS.set_axis(
            pd.MultiIndex.from_tuples([("v", "a"), ("v", "b")]), axis=1
        ),
        target=("v", "a"),
    ),
    refit=S40,
)
@example(case=edge(TWO_COLUMNS.set_axis(["x", "x"], axis=1)), refit=S40)
@example(case=edge(S40 * 1e300, LinearRegression()), refit=S40)
def test_forecaster(case, refit):
    """Fit a generated forecaster on a generated series; call every method on
    generated arguments; refit on another series."""
    count_case("SeriesForecaster")
    regressor, params, fit_series, calls = case
    model = new_forecaster(regressor, params)
    before = snapshot(model)
    fitted = attempt("fit", model.fit, fit_series)
    if fitted.failed:
        check_unchanged(model, before, "a failed fit")
        return
    check_fitted_forecaster(model, fit_series)
    check_forecaster_calls(model, fit_series, calls)
    before = snapshot(model)
    refitted = attempt("refit", model.fit, refit)
    if refitted.failed:
        check_unchanged(model, before, "a failed refit")
    else:
        check_fitted_forecaster(model, refit)


# -- huge step counts ------------------------------------------------------------------


class PredictionBudgetExceeded(Exception):
    """A forecast asked for more predictions than refusing its steps needs (not a
    ValueError: attempt() must let it fail the test)."""


class BudgetedRegressor(RegressorMixin, BaseEstimator):
    """LinearRegression that raises PredictionBudgetExceeded after ``budget``
    predict calls: a forecast of 2**31 steps must be refused, not run for days."""

    calls = 0  # on the class: predict must not change a fitted estimator

    def __init__(self, budget=2_000):
        self.budget = budget

    def fit(self, X, y):
        self.model_ = LinearRegression().fit(X, y)
        self.n_features_in_ = self.model_.n_features_in_
        return self

    def predict(self, X):
        type(self).calls += 1
        if type(self).calls > self.budget:
            raise PredictionBudgetExceeded(
                f"more than {self.budget} predict calls: the step count was not "
                "refused up front"
            )
        return self.model_.predict(X)


HUGE_STEPS = mostly(st.integers(2**31, 2**66), [2**31, 2**62, 2**63 - 1, 2**63, 10**19])


@functools.cache
def budgeted_forecaster():
    """A forecaster whose regressor counts its predictions, and its series."""
    series = 2 + np.sin(np.arange(40) / 3)
    model = SeriesForecaster(BudgetedRegressor(), window=3, calibration_windows=5)
    return quietly(model.fit, series), series


@fuzz(15)
@given(
    steps=HUGE_STEPS,
    entry=st.sampled_from(
        ["forecast", "predict", "predict_interval", "predict_quantiles", "scorer"]
    ),
)
def test_huge_steps_are_refused_up_front(steps, entry):
    """A valid but absurd number of steps (2**31 and more: days of predictions
    and gigabytes of memory) is a clear error before the forecast starts."""
    count_case("huge steps")
    model, series = budgeted_forecaster()
    BudgetedRegressor.calls = 0
    calls = {
        "forecast": lambda: forecast(model.regressor_, series, steps),
        "predict": lambda: model.predict(steps),
        "predict_interval": lambda: model.predict_interval(steps),
        "predict_quantiles": lambda: model.predict_quantiles(steps),
        "scorer": lambda: make_forecast_scorer("r2", steps=steps)(model, series),
    }
    outcome = attempt(entry, calls[entry])
    assert outcome.failed, f"{entry} with steps={steps} returned {outcome.value!r}"


# -- make_forecast_scorer and load_airline ---------------------------------------------

SCORER_METRICS = ["neg_mean_absolute_error", "neg_root_mean_squared_error", "r2"]
SCORER_METRICS += ["coverage", "neg_mean_interval_score", "max_error"]
ODD_METRICS = ["accuracy", "roc_auc", "bogus", None, 3, b"r2", ""]


def mean_error(y_true, y_pred):
    """A metric given as a callable."""
    return float(np.mean(np.asarray(y_true) - np.asarray(y_pred)))


@functools.cache
def fitted_forecasters():
    """Forecasters fitted on a NumPy series and on a monthly pandas series, with the
    series that follows each."""
    values = 2 + np.sin(np.arange(60) / 3)
    monthly = pd.Series(
        values, pd.period_range("2000-01", periods=60, freq="M"), name="v"
    )
    fitted = []
    for series in (values, monthly):
        model = SeriesForecaster(LinearRegression(), window=3, calibration_windows=4)
        fitted.append((quietly(model.fit, head(series, 50)), tail(series, 50)))
    return fitted


@fuzz(60)
@given(
    metric=mostly(SCORER_METRICS + [mean_error], ODD_METRICS, one_in=4),
    steps=SMALL_COUNTS,
    coverage=mostly([0.9, 0.5], COVERAGES[4:], one_in=4),
    greater_is_better=st.sampled_from([True, False, "no"]),
    which=st.sampled_from([0, 1]),
    test_fold=st.data(),
)
def test_forecast_scorer(metric, steps, coverage, greater_is_better, which, test_fold):
    """make_forecast_scorer on generated arguments, then the scorer on a fitted
    forecaster and generated test folds: a finite float or a clear error; the
    forecaster unchanged."""
    count_case("make_forecast_scorer")
    made = attempt(
        "make_forecast_scorer",
        make_forecast_scorer,
        metric,
        steps=steps,
        coverage=coverage,
        greater_is_better=greater_is_better,
    )
    if made.failed:
        return
    model, following = fitted_forecasters()[which]
    n_steps = test_fold.draw(st.sampled_from([0, 1, 2, 3, 4, 6, 10]))
    kind = test_fold.draw(st.sampled_from(NEXT_KINDS))
    fold = next_series(kind, head(following, n_steps), following)
    model = copy.deepcopy(model)
    scored = reading_call(model, "scorer", made.value, model, fold)
    if not scored.failed:
        assert np.ndim(scored.value) == 0, scored.value
        check_finite("scorer", scored)


@fuzz(5)
@given(arguments=st.lists(st.sampled_from([True, "frame", 0, None]), max_size=2))
def test_load_airline(arguments):
    """load_airline takes no argument: any is a TypeError; none gives the data."""
    count_case("load_airline")
    outcome = attempt("load_airline", load_airline, *arguments)
    if arguments:
        assert isinstance(outcome.error, TypeError)
        return
    passengers = outcome.value
    assert isinstance(passengers, pd.Series) and len(passengers) == 144
    assert (
        isinstance(passengers.index, pd.PeriodIndex) and passengers.index.freqstr == "M"
    )
    assert all_finite(passengers)


# -- the command line ------------------------------------------------------------------

DATE_FORMATS = ["%Y-%m-%d", "%Y-%m", "%d/%m/%Y", "%m/%d/%Y %H:%M", "%Y%m%d", "%Y"]
DATE_FORMATS += ["%Y-%m-%dT%H:%M:%S%z", "%b %Y", "%Y-%m-%d %H:%M:%S.%f"]
SEPARATORS = [",", ",", ",", ";", "\t", "|", " "]
HEADERS = ["value", "passengers", "y", "", "a b", "é ✓", "x,y", "1", "date", "value"]
BAD_VALUES = ["", "nan", "inf", "-inf", "abc", " 12 ", "1e999", "True", "1,5", "0x1A"]
BAD_DATES = ["", "not a date", "2000-13-45", "0000-00-00", "9999-99"]
FILE_KINDS = ["empty", "header-only", "binary", "latin-1", "one-line", "no-header"]
FILE_KINDS += ["no-file", "missing-file"]


def date_strings(draw, n):
    """``n`` dates as text in a generated format, now and then unsorted, repeated
    or with a value that is no date."""
    kind = draw(st.sampled_from(["datetime", "datetime", "period"]))
    index = draw(datetime_indexes(n) if kind == "datetime" else period_indexes(n))
    date_format = draw(st.sampled_from(DATE_FORMATS))
    # Periods format themselves (to_timestamp overflows near the year 9999 on
    # pandas 2.2, whose timestamps are nanoseconds).
    texts = [time.strftime(date_format) for time in index]
    blemish = draw(mostly(["none"], ["shuffled", "repeated", "bad"], one_in=4))
    if blemish == "shuffled":
        texts = draw(st.permutations(texts))
    elif blemish == "repeated" and n > 1:
        texts[-1] = texts[0]
    elif blemish == "bad" and n:
        texts[draw(st.integers(0, n - 1))] = draw(st.sampled_from(BAD_DATES))
    return list(texts), date_format


def value_strings(draw, n):
    """``n`` numbers as text (repr, fixed, general), now and then one that is no
    number, a gap or an overflow."""
    values = draw(value_matrices(n, 1))[:, 0]
    style = draw(st.sampled_from(["{!r}", "{:.3f}", "{:g}", "{:.0f}"]))
    texts = [style.format(float(value)) for value in values]
    if n and draw(mostly([False], [True], one_in=5)):
        texts[draw(st.integers(0, n - 1))] = draw(st.sampled_from(BAD_VALUES))
    return texts


def csv_cell(text, separator):
    """A CSV cell: quoted if it holds the separator or a quote."""
    if separator in text or '"' in text or "\n" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def csv_tables(draw):
    """A CSV text: an optional date column, one or two value columns, maybe a text
    column; generated headers, separator and line ending. Also: the date
    format used (None without dates) and the headers."""
    n_rows = draw(mostly(st.sampled_from(range(12, 41)), range(12)))
    columns, headers, date_format = [], [], None
    if draw(st.booleans()):
        dates, date_format = date_strings(draw, n_rows)
        columns.append(dates)
        headers.append(draw(st.sampled_from(["date", "month", "", "time"])))
    for _ in range(draw(mostly([1], [2]))):
        columns.append(value_strings(draw, n_rows))
        headers.append(draw(st.sampled_from(HEADERS)))
    if draw(mostly([False], [True])):
        columns.insert(
            draw(st.integers(0, len(columns))), [f"id{i}" for i in range(n_rows)]
        )
        headers.insert(len(columns) - 1, "label")
    separator = draw(st.sampled_from(SEPARATORS))
    lines = [separator.join(csv_cell(h, separator) for h in headers)]
    lines += [
        separator.join(csv_cell(cell, separator) for cell in row)
        for row in zip(*columns)
    ]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines) + "\n"
    if draw(mostly([False], [True])):
        text = "\ufeff" + text  # a byte order mark, as spreadsheets write
    return text, date_format, headers


def special_file(kind):
    """The bytes of a file that is no CSV table of numbers; None for no CSV
    argument (the bundled data), "missing" for a path that does not exist."""
    return {
        "no-file": None,
        "missing-file": "missing",
        "empty": b"",
        "header-only": b"date,value\n",
        "binary": bytes(range(256)) * 4,
        "latin-1": "date,caf\xe9\n2000-01,1\n2000-02,2\n".encode("latin-1"),
        "one-line": b"1,2,3,4,5,6,7,8,9,10",
        "no-header": b"\n".join(str(v).encode() for v in range(30)),
    }[kind]


def option_values(draw, headers, date_format):
    """Options with mostly valid, tiny-model values, now and then wrong ones."""
    names = [h for h in headers if h] or ["value"]
    options = {
        "--steps": draw(
            mostly(["1", "2", "3"], ["0", "-1", "abc", str(10**19), "1.5"])
        ),
        "--window": draw(mostly(["1", "2", "4"], ["0", "x", str(2**70)])),
        "--hidden-size": draw(st.sampled_from(["1", "2", "3"])),
        "--max-iter": draw(st.sampled_from(["1", "2"])),
    }
    optional = {
        "--column": mostly(names, ["missing", ""]),
        "--date-column": mostly(names, ["missing"]),
        "--date-format": mostly([date_format or "%Y-%m-%d"], ["%d", "%Q", "nonsense"]),
        "--seasonal-period": mostly(
            ["auto", "none", "0", "2", "4"], ["1", "x", str(10**9)]
        ),
        "--differences": mostly(["auto", "0", "1", "2"], ["-1", "x"]),
        "--random-state": mostly(["0", "7"], [str(2**32), "-1"]),
        "--coverage": mostly(["0.9", "0.8,0.95", "none"], ["1.5", "abc", ",", "0"]),
    }
    for name in draw(
        st.lists(st.sampled_from(sorted(optional)), max_size=3, unique=True)
    ):
        options[name] = draw(optional[name])
    return options


@st.composite
def command_lines(draw):
    """A CSV file (its bytes) and the arguments of ``sklearn-rnn forecast``."""
    if draw(mostly([False], [True], one_in=10)):
        content, date_format, headers = (
            special_file(draw(st.sampled_from(FILE_KINDS))),
            None,
            [],
        )
    else:
        text, date_format, headers = draw(csv_tables())
        content = text.encode("utf-8")
    options = option_values(draw, headers, date_format)
    output = draw(mostly([None, None, "out.csv"], ["out.txt", ".", "missing/out.csv"]))
    quiet = draw(st.booleans())
    note(f"CSV file:\n{content if content is None else content[:2000]!r}")
    return content, options, output, quiet


def check_forecast_table(stdout, steps):
    """The forecast table of a successful run: ``steps`` rows of finite numbers."""
    assert "forecast of the next" in stdout, stdout
    table = stdout.split("forecast of the next", 1)[1].splitlines()[2:]
    rows = [
        line for line in table if line.strip() and not line.startswith("forecast saved")
    ]
    assert len(rows) == steps, rows
    for row in rows:
        numbers = [
            float(cell)
            for cell in row.split()[-3:]
            if re.fullmatch(r"-?[\d.]+(e[-+]?\d+)?", cell)
        ]
        assert numbers and all(map(np.isfinite, numbers)), row
        assert not re.search(r"\b(nan|inf)\b", row, re.IGNORECASE), row


def csv_bytes(columns):
    """A CSV file of ``columns`` (name: list of values)."""
    lines = [",".join(columns)]
    lines += [",".join(map(str, row)) for row in zip(*columns.values())]
    return ("\n".join(lines) + "\n").encode()


TINY_OPTIONS = {
    "--steps": "3",
    "--window": "2",
    "--hidden-size": "2",
    "--max-iter": "1",
}
DAILY_DATES = [f"2000-01-{day:02d}" for day in range(1, 31)]


@fuzz(40)
@given(case=command_lines())
@example(
    case=(
        csv_bytes({"date": DAILY_DATES}),
        {**TINY_OPTIONS, "--date-column": "date"},
        None,
        True,
    )
)
@example(case=(csv_bytes({"v": [1e308, -1e308] * 15}), TINY_OPTIONS, None, True))
@example(
    case=(
        csv_bytes({"date": [str(d.date()) for d in DAYS_TO_2262], "v": S40}),
        {**TINY_OPTIONS, "--steps": "5"},
        "out.csv",
        False,
    )
)
@example(case=(b"date;v\n2000-01;1,5\n2000-02;2,5\n", TINY_OPTIONS, None, True))
@example(
    case=(
        csv_bytes({"date": [f"9999-12-{day}" for day in range(10, 32)], "v": S40[:22]}),
        {**TINY_OPTIONS, "--steps": "1"},
        None,
        True,
    )
)
def test_command_line(case):
    """``sklearn-rnn forecast`` on a generated CSV file and options: exit status 0
    and a finite forecast table, or 2 and one ``error:`` line; never a
    traceback."""
    count_case("command line")
    content, options, output, quiet = case
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder, "series.csv")
        if isinstance(content, bytes):
            path.write_bytes(content)
        argv = ["forecast"] + ([] if content is None else [str(path)])
        for name, value in options.items():
            argv.append(f"{name}={value}")
        if output is not None:
            argv.append(f"--output={pathlib.Path(folder, output)}")
        argv += ["--quiet"] if quiet else []
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            status = main(argv)
        check_command_result(status, stdout.getvalue(), stderr.getvalue(), options)
        if status == 0 and output == "out.csv":
            saved = pd.read_csv(pathlib.Path(folder, output), index_col=0)
            assert len(saved) == int(options["--steps"]) and all_finite(saved)


def check_command_result(status, stdout, stderr, options):
    """Exit 2 with one ``error:`` line, or 0 with one-line warnings and a finite
    forecast table; never a traceback."""
    event(f"command line: exit {status}")
    assert "Traceback" not in stderr + stdout, stderr
    errors = [line for line in stderr.splitlines() if ": error: " in line]
    if status == 2:
        assert len(errors) == 1, stderr
        reason = re.sub(r"'[^']*'", "'...'", errors[0].split(": error: ", 1)[1])
        event(f"command line: error: {reason[:40]}")
        return
    assert status == 0, (status, stderr)
    assert not errors, stderr
    others = [line for line in stderr.splitlines() if ": warning: " not in line]
    assert not others, f"stderr lines that are no one-line warning: {others}"
    check_forecast_table(stdout, int(options["--steps"]))
