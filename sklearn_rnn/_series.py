"""A series and its time index: validation, frequency, seasonal period, future index.

One home for what :func:`~sklearn_rnn.make_windows`, :func:`~sklearn_rnn.forecast`,
:class:`~sklearn_rnn.SeriesForecaster` and the command line need to know about a
series: :class:`SeriesData` turns any accepted input into a finite float
``(n_steps, n_variables)`` array and keeps its names and index; the index helpers
read a frequency, map it to a seasonal period (one table, :data:`PERIODS_BY_FREQ`)
and build the index of the periods that follow.
"""

import datetime
from collections import Counter
from numbers import Integral

import numpy as np
import pandas as pd

__all__ = [
    "MAX_STEPS",
    "PERIODS_BY_FREQ",
    "SeriesData",
    "check_positive_int",
    "future_index",
    "index_freq",
    "index_state",
    "like_series",
    "rebuild_index",
    "seasonal_period",
]

#: Seasonal period of a series whose index has this frequency (the base name of a
#: pandas offset or period alias): one year of months or quarters, a week of days
#: or business days, a day of hours.
PERIODS_BY_FREQ = {
    **dict.fromkeys(["M", "ME", "MS", "BM", "BME", "BMS"], 12),
    **dict.fromkeys(["Q", "QE", "QS", "BQ", "BQE", "BQS"], 4),
    **dict.fromkeys(["H", "h"], 24),
    **{"W": 52, "D": 7, "B": 5},
}


def seasonal_period(index):
    """The seasonal period that the frequency of ``index`` implies, or None (no
    inferable frequency, a multiple such as "2M", or a frequency without one)."""
    if not isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        return None  # a TimedeltaIndex measures elapsed time, not the calendar
    freq = index_freq(index)
    if freq is None or freq.n != 1:
        return None
    # "ME", "QE-DEC", "W-SUN", ... -> the base name.
    return PERIODS_BY_FREQ.get(freq.rule_code.split("-")[0])


#: Largest ``steps`` a forecast accepts. A recursive forecast calls ``predict`` once
#: per step (10 million calls take minutes) and holds the whole path in memory
#: (80 MB per variable at this size, plus its index); far larger requests are typos
#: or overflowed integers that would otherwise fail deep inside NumPy.
MAX_STEPS = 10_000_000


def check_positive_int(value, name, *, maximum=None):
    """Validate window, horizon and steps with errors that name them (``maximum``:
    the largest value accepted, e.g. :data:`MAX_STEPS` for ``steps``); return the
    value as a Python int (NumPy integers such as ``np.uint8(3)`` overflow in index
    arithmetic)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(
            f"{name} must be an integer >= 1, got {value!r} "
            f"of type {type(value).__name__}."
        )
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {name}={value}.")
    if maximum is not None and value > maximum:
        raise ValueError(
            f"{name} must be an integer from 1 to {maximum}, got {name}={value}."
        )
    return int(value)


class SeriesData:
    """A series as a finite float (n_steps, n_variables) array plus what is needed
    to name and index the results (names, labels, index, 1-D or 2-D, pandas)."""

    def __init__(self, series):
        if isinstance(series, (pd.Series, pd.DataFrame)):
            values = self._read_pandas(series)
        else:
            values = _read_array(series)
            self.index = None
        if values.ndim not in (1, 2):
            raise ValueError(
                f"series must be 1-D (one variable) or 2-D (n_steps, n_variables), "
                f"got an array of shape {values.shape}."
            )
        if values.dtype.kind != "f":
            values = values.astype(np.float64)
        self.is_1d = values.ndim == 1
        self.values = values[:, None] if self.is_1d else values
        self.n_steps, self.n_variables = self.values.shape
        if self.n_variables == 0:
            raise ValueError("series has no variables (0 columns).")
        if self.index is None:
            self.labels = list(range(self.n_variables))
            self.names = [f"x{i}" for i in range(self.n_variables)]
        finite = np.isfinite(self.values)
        if not finite.all():
            step, variable = np.argwhere(~finite)[0]
            where = "" if self.is_1d else f" of variable {self.labels[variable]!r}"
            raise ValueError(
                f"series contains NaN or infinite values (the first at step {step}"
                f"{where}); drop or fill them first."
            )

    def _read_pandas(self, series):
        """The values of a Series or DataFrame; keeps its labels, names and index."""
        is_series = isinstance(series, pd.Series)
        frame = series.to_frame() if is_series else series
        for position, (label, dtype) in enumerate(frame.dtypes.items()):
            _check_real_column(
                frame.iloc[:, position],
                f"column {label!r}",
                dtype,
                in_frame=not is_series,
            )
        self.labels = [series.name] if is_series else list(frame.columns)
        self.names = ["x0" if label is None else str(label) for label in self.labels]
        repeated = [name for name, count in Counter(self.names).items() if count > 1]
        if repeated:
            raise ValueError(
                f"series has several columns named {', '.join(map(repr, repeated))}; "
                "the windows' features and the targets are named after the columns, "
                "so their names must differ. Rename the columns first."
            )
        _check_time_order(series.index)
        self.index = series.index
        values = series.to_numpy()
        if values.dtype.kind != "f":
            values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        return values

    def target_columns(self, target):
        """Positions of the target variables, and whether a single label chose one
        (so that y is 1-D)."""
        if target is None:
            return list(range(self.n_variables)), self.is_1d
        # A tuple is one label where the columns are a MultiIndex, else a list.
        single = (isinstance(target, tuple) and target in self.labels) or (
            np.ndim(target) == 0 and not isinstance(target, (list, tuple))
        )
        wanted = [target] if single else list(target)
        if not wanted:
            raise ValueError("target is empty; name at least one variable or None.")
        columns = []
        for label in wanted:
            matches = [i for i, known in enumerate(self.labels) if known == label]
            if not matches:
                raise ValueError(
                    f"target {label!r} is not a variable of series; its variables "
                    f"are {self.labels}."
                )
            if matches[0] in columns:
                raise ValueError(f"target {label!r} is given twice.")
            columns.append(matches[0])
        return columns, single

    def forecast_index(self, steps):
        """The index of the ``steps`` periods after the series (None for NumPy);
        built before forecasting, an index past pandas' last date fails first."""
        return None if self.index is None else future_index(self.index, steps)

    def wrap_forecast(self, values, index=None):
        """The forecast values in the same kind of container as the series,
        indexed by ``index`` (default: :meth:`forecast_index`)."""
        if index is None:
            index = self.forecast_index(len(values))
        return like_series(values, index, self.labels, squeeze=self.is_1d)


_TIME_INDEXES = (pd.DatetimeIndex, pd.PeriodIndex, pd.TimedeltaIndex)


def _check_time_order(index):
    """Refuse a date, period or duration index that is not strictly increasing:
    the values are read oldest first, so a series sorted newest first, shuffled
    or with a time twice would be fitted and forecast in the wrong order."""
    if not isinstance(index, _TIME_INDEXES) or len(index) < 2:
        return
    if index.hasnans:
        step = int(np.flatnonzero(index.isna())[0])
        raise ValueError(
            f"series' index has a missing time (NaT) at step {step}; drop those "
            "rows or give them their times first."
        )
    steps = np.diff(index.asi8)  # nanoseconds, or period ordinals
    if np.all(steps > 0):
        return
    if np.all(steps < 0):
        raise ValueError(
            f"series' index runs newest first ({index[0]} down to {index[-1]}); "
            "the values must be oldest first. Sort it first: series.sort_index()."
        )
    step = int(np.flatnonzero(steps <= 0)[0]) + 1
    if steps[step - 1] == 0:
        raise ValueError(
            f"series' index has the time {index[step]} twice (steps {step - 1} and "
            f"{step}); one value per time is needed. Aggregate them first, e.g. "
            "series.groupby(level=0).mean()."
        )
    raise ValueError(
        f"series' index is not in time order: step {step} ({index[step]}) comes "
        f"before step {step - 1} ({index[step - 1]}). Sort it first: "
        "series.sort_index()."
    )


def _read_array(series):
    """A NumPy array of floats from array-like input, or a clear error."""
    try:
        values = np.asarray(series)
    except ValueError:  # NumPy refuses rows of unequal length
        raise ValueError(
            "series must be an array of rows of equal length (one value "
            "per variable on every step); got ragged rows."
        ) from None
    not_numeric = TypeError(
        f"series must be numeric, got an array of dtype {values.dtype}; it "
        "needs real numbers. Convert the values to numbers first."
    )
    if values.dtype.kind == "O":  # numbers in a list with other objects
        try:
            return values.astype(np.float64)
        except (TypeError, ValueError):
            raise not_numeric from None
    if values.dtype.kind not in "biuf":  # text, complex, dates, ...
        raise not_numeric
    return values


#: What pandas.api.types.infer_dtype says of an object column that holds numbers
#: (or only missing values, refused later as NaN), which float() converts exactly.
_NUMBER_KINDS = {"integer", "floating", "mixed-integer-float", "decimal", "empty"}


def _check_real_column(column, which, dtype, *, in_frame=True):
    """Refuse a column that does not hold real numbers (as NumPy input is refused):
    complex numbers, text, dates, ...; object columns of numbers pass. A column of
    times in a DataFrame is most likely the dates of its rows: say how to index by
    it."""
    if pd.api.types.is_object_dtype(dtype) and (
        pd.api.types.infer_dtype(column) in _NUMBER_KINDS
    ):
        return
    if getattr(dtype, "kind", None) == "c":
        raise TypeError(
            f"series must be numeric with real values, but {which} has dtype "
            f"{dtype}. Keep the real part or the magnitude first (np.real, "
            "np.abs)."
        )
    if getattr(dtype, "kind", None) in ("m", "M") or isinstance(dtype, pd.PeriodDtype):
        if in_frame:
            advice = (
                "If it dates the rows, make it the index first (e.g. "
                f"frame.set_index({column.name!r})); else drop it."
            )
        else:
            advice = (
                "Pass the values to forecast, with these times as their index: "
                "pd.Series(values, index=times)."
            )
        raise TypeError(
            f"series must be numeric, but {which} has dtype {dtype}: times, not "
            f"values. {advice}"
        )
    if not pd.api.types.is_numeric_dtype(dtype):
        raise TypeError(
            f"series must be numeric, but {which} has dtype {dtype}. Convert it "
            "(e.g. pd.to_numeric) or drop it."
        )


def like_series(values, index, labels, *, squeeze):
    """Rows of ``values`` (one column per label) as NumPy when ``index`` is None,
    else as a Series named ``labels[0]`` (``squeeze``) or a DataFrame."""
    if squeeze:
        values = values[:, 0]
    if index is None:
        return values
    if values.ndim == 1:
        return pd.Series(values, index=index, name=labels[0])
    return pd.DataFrame(values, index=index, columns=labels)


def index_freq(index):
    """The frequency of a DatetimeIndex, TimedeltaIndex or PeriodIndex, inferred from
    its values when not stored; None for other or irregular indexes."""
    if isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)):
        if index.freq is None and len(index) >= 3:
            return type(index)(index, freq="infer").freq
        return index.freq
    return getattr(index, "freq", None)


def future_index(index, steps):
    """The index of the ``steps`` periods after ``index``: next periods of a regular
    DatetimeIndex, TimedeltaIndex or PeriodIndex, else a RangeIndex that continues."""
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(
            index[-1] + 1, periods=steps, freq=index.freq, name=index.name
        )
    freq = index_freq(index)
    if isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)) and freq is not None:
        return _next_times(index, steps, freq)
    if isinstance(index, pd.RangeIndex):
        stop = index.start + len(index) * index.step
        return pd.RangeIndex(
            stop, stop + steps * index.step, index.step, name=index.name
        )
    return pd.RangeIndex(len(index), len(index) + steps, name=index.name)


def _next_times(index, steps, freq):
    """The ``steps`` dates or durations after a regular index, in its unit, or an
    error that says where that unit ends (pandas raises OutOfBoundsDatetime)."""
    dates = isinstance(index, pd.DatetimeIndex)
    make_range = pd.date_range if dates else pd.timedelta_range
    try:
        # unit= keeps a coarser unit (pandas 2.2 would give nanoseconds).
        future = make_range(
            index[-1], periods=steps + 1, freq=freq, unit=getattr(index, "unit", "ns")
        )[1:]
    except (pd.errors.OutOfBoundsDatetime, OverflowError):
        # (OutOfBoundsTimedelta is a subclass of OutOfBoundsDatetime.)
        unit = getattr(index, "unit", "ns")
        most = np.iinfo(np.int64).max
        if dates:
            kind, largest = "date", pd.Timestamp(np.datetime64(most, unit))
            if index.tz is not None:  # the bound holds in UTC
                largest = largest.tz_localize("UTC")
        else:
            kind, largest = "duration", pd.Timedelta(np.timedelta64(most, unit))
        raise ValueError(
            f"steps={steps} periods of {freq.freqstr} after {index[-1]} pass "
            f"{largest}, the last {kind} an index of unit {unit!r} can hold. "
            "Forecast fewer steps, or give the series an index of a coarser unit "
            "(e.g. series.index.as_unit('s'))."
        ) from None
    return future.rename(index.name)


def index_state(index):
    """What the forecast index needs from the fitted series' index, as plain values
    (a pandas index itself cannot be saved by skops)."""
    freq = index_freq(index)
    if isinstance(index, pd.PeriodIndex) and freq is not None:
        # The index's own spelling: a PeriodIndex says "M" where its offset says
        # "ME". The ordinal is exact, also for years that no date string spells.
        return {
            "kind": "period",
            "last": int(index[-1].ordinal),
            "freq": index.freqstr,
            "name": index.name,
        }
    if isinstance(index, (pd.DatetimeIndex, pd.TimedeltaIndex)) and freq is not None:
        dates = isinstance(index, pd.DatetimeIndex)
        return {
            "kind": "datetime" if dates else "timedelta",
            # An integer in the index's unit (UTC for a time zone): exact, and in
            # the unit that decides how far the forecast can go.
            "last": int(index.asi8[-1]),
            "unit": getattr(index, "unit", "ns"),
            "tz": _zone_state(index.tz) if dates else None,
            "freq": freq.freqstr,
            "name": index.name,
        }
    ranged = isinstance(index, pd.RangeIndex)  # others: numbered by position
    return {
        "kind": "range",
        "start": index.start if ranged else 0,
        "step": index.step if ranged else 1,
        "length": len(index),
        "name": index.name,
    }


def rebuild_index(state):
    """A short pandas index that ends like the fitted one, for future_index."""
    if state["kind"] == "period":
        last = pd.Period(ordinal=state["last"], freq=state["freq"])
        return pd.period_range(end=last, periods=1, name=state["name"])
    if state["kind"] == "timedelta":
        last = pd.Timedelta(np.timedelta64(state["last"], state["unit"]))
        make_range = pd.timedelta_range
    elif state["kind"] == "datetime":
        last = pd.Timestamp(np.datetime64(state["last"], state["unit"]))
        if state["tz"] is not None:
            last = last.tz_localize("UTC").tz_convert(_zone(state["tz"]))
        make_range = pd.date_range
    else:
        stop = state["start"] + state["length"] * state["step"]
        return pd.RangeIndex(state["start"], stop, state["step"], name=state["name"])
    return make_range(
        end=last, periods=1, freq=state["freq"], name=state["name"], unit=state["unit"]
    )


def _zone_state(tz):
    """A time zone as a plain value that skops saves and :func:`_zone` rebuilds
    exactly: the name of a named zone (its offset follows daylight saving time),
    the UTC offset in seconds of a fixed one (pytz.FixedOffset, datetime.timezone,
    ...), which no name spells portably."""
    if tz is None:
        return None
    name = getattr(tz, "zone", None) or getattr(tz, "key", None)  # pytz, zoneinfo
    if name is None and type(tz).__module__.startswith("dateutil"):
        filename = getattr(tz, "_filename", None)  # how pandas itself names them
        name = f"dateutil/{filename}" if isinstance(filename, str) else None
    if isinstance(name, str):
        return name
    offset = tz.utcoffset(None)
    if offset is not None:
        return int(offset.total_seconds())
    raise ValueError(
        f"the time zone {tz!r} of the series' index has neither a name nor a fixed "
        "offset, so the forecast's dates cannot be rebuilt in it; convert the index "
        "to a named zone first (e.g. series.tz_convert('Europe/Paris'))."
    )


def _zone(state):
    """The time zone that :func:`_zone_state` stored."""
    if isinstance(state, str):
        return state
    return datetime.timezone(datetime.timedelta(seconds=state))
