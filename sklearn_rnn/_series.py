"""A series and its time index: validation, frequency, seasonal period, future index.

One home for what :func:`~sklearn_rnn.make_windows`, :func:`~sklearn_rnn.forecast`,
:class:`~sklearn_rnn.SeriesForecaster` and the command line need to know about a
series: :class:`SeriesData` turns any accepted input into a finite float
``(n_steps, n_variables)`` array and keeps its names and index; the index helpers
read a frequency, map it to a seasonal period (one table, :data:`PERIODS_BY_FREQ`)
and build the index of the periods that follow.
"""

from numbers import Integral

import numpy as np
import pandas as pd

__all__ = [
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
    freq = index_freq(index)
    if freq is None or freq.n != 1:
        return None
    # "ME", "QE-DEC", "W-SUN", ... -> the base name.
    return PERIODS_BY_FREQ.get(freq.rule_code.split("-")[0])


def check_positive_int(value, name):
    """Validate window, horizon and steps with errors that name them."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(
            f"{name} must be an integer >= 1, got {value!r} "
            f"of type {type(value).__name__}."
        )
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1, got {name}={value}.")


class SeriesData:
    """A series as a finite float (n_steps, n_variables) array plus what is needed
    to name and index the results (names, labels, index, 1-D or 2-D, pandas)."""

    def __init__(self, series):
        is_series = isinstance(series, pd.Series)
        if is_series or isinstance(series, pd.DataFrame):
            frame = series.to_frame() if is_series else series
            for label, dtype in frame.dtypes.items():
                if not pd.api.types.is_numeric_dtype(dtype):
                    raise TypeError(
                        f"series must be numeric, but column {label!r} has dtype "
                        f"{dtype}. Convert it (e.g. pd.to_numeric) or drop it."
                    )
            self.labels = [series.name] if is_series else list(frame.columns)
            self.names = [
                "x0" if label is None else str(label) for label in self.labels
            ]
            self.index = series.index
            values = series.to_numpy()
            if values.dtype.kind != "f":
                values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
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
                    values = values.astype(np.float64)
                except (TypeError, ValueError):
                    raise not_numeric from None
            elif values.dtype.kind not in "biuf":  # text, complex, dates, ...
                raise not_numeric
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

    def target_columns(self, target):
        """Positions of the target variables, and whether a single label chose one
        (so that y is 1-D)."""
        if target is None:
            return list(range(self.n_variables)), self.is_1d
        single = np.ndim(target) == 0 and not isinstance(target, (list, tuple))
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

    def wrap_forecast(self, values):
        """The forecast values in the same kind of container as the series."""
        index = None if self.index is None else future_index(self.index, len(values))
        return like_series(values, index, self.labels, squeeze=self.is_1d)


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
    """The frequency of a DatetimeIndex or PeriodIndex, inferred from the dates when
    not stored; None for other or irregular indexes."""
    if isinstance(index, pd.DatetimeIndex) and index.freq is None and len(index) >= 3:
        return pd.DatetimeIndex(index, freq="infer").freq
    return getattr(index, "freq", None)


def future_index(index, steps):
    """The index of the ``steps`` periods after ``index``: next periods of a regular
    DatetimeIndex/PeriodIndex, else a RangeIndex that continues."""
    if isinstance(index, pd.PeriodIndex):
        return pd.period_range(
            index[-1] + 1, periods=steps, freq=index.freq, name=index.name
        )
    freq = index_freq(index)
    if isinstance(index, pd.DatetimeIndex) and freq is not None:
        future = pd.date_range(index[-1], periods=steps + 1, freq=freq)[1:]
        return future.rename(index.name)
    if isinstance(index, pd.RangeIndex):
        stop = index.start + len(index) * index.step
        return pd.RangeIndex(
            stop, stop + steps * index.step, index.step, name=index.name
        )
    return pd.RangeIndex(len(index), len(index) + steps, name=index.name)


def index_state(index):
    """What the forecast index needs from the fitted series' index, as plain values
    (a pandas index itself cannot be saved by skops)."""
    freq = index_freq(index)
    if freq is not None:
        period = isinstance(index, pd.PeriodIndex)
        return {
            "kind": "period" if period else "datetime",
            "last": str(index[-1]),
            # A named zone, not the fixed offset str() keeps: DST moves it.
            "tz": None if period or index.tz is None else str(index.tz),
            # The index's own spelling: a PeriodIndex says "M" where its offset
            # says "ME".
            "freq": index.freqstr if period else freq.freqstr,
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
    """A short pandas index that ends like the fitted one, for _future_index."""
    if state["kind"] == "period":
        last = pd.Period(state["last"], freq=state["freq"])
        return pd.period_range(end=last, periods=1, name=state["name"])
    if state["kind"] == "datetime":
        last = pd.Timestamp(state["last"])
        if state["tz"] is not None:
            last = last.tz_convert(state["tz"])
        return pd.date_range(
            end=last, periods=1, freq=state["freq"], name=state["name"]
        )
    stop = state["start"] + state["length"] * state["step"]
    return pd.RangeIndex(state["start"], stop, state["step"], name=state["name"])
