"""Input and output of the command line: the series from a CSV file (or the bundled
data) and the forecast to a CSV file or a plot.

Reading sniffs the delimiter, picks the value and date columns, parses the dates
(``--date-format``), puts gappy dates on their regular frequency and refuses what
cannot be read with an :class:`InputError` that says what to do. Output paths are
checked before any training.
"""

import csv
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ._series import index_freq
from .datasets import load_airline

__all__ = [
    "InputError",
    "check_output_paths",
    "freq_word",
    "label",
    "load_series",
    "save_csv",
    "save_plot",
    "warn",
]

#: At most this share of the periods of a date column's regular frequency may be
#: missing for the gaps to be filled by interpolation; beyond it the dates count as
#: irregular (an interpolated series would be mostly made up).
_MAX_MISSING_SHARE = 0.2

#: Words for the frequencies of the seasonal-period table (others print their alias).
_FREQ_WORDS = {
    **dict.fromkeys(["YS", "YE", "Y", "A", "AS"], "yearly"),
    **dict.fromkeys(["QS", "QE", "Q"], "quarterly"),
    **dict.fromkeys(["MS", "ME", "M"], "monthly"),
    **{"W": "weekly", "B": "business-day", "D": "daily", "h": "hourly"},
}


class InputError(Exception):
    """A problem with the user's input: reported in one line, exit status 2."""


def warn(message):
    """A warning of the command line itself, in the same one-line form."""
    warnings.warn(message, UserWarning, stacklevel=2)


def label(time):
    """A date as a short string: no time of day when it is midnight. Built from
    the fields, as strftime fails on dates after the year 9999."""
    if isinstance(time, pd.Timestamp) and time == time.normalize():
        return f"{time.year:04d}-{time.month:02d}-{time.day:02d}"
    return str(time)


def freq_word(index):
    """The frequency of the series' dates in words ("monthly"), or None."""
    freq = getattr(index, "freq", None)
    if freq is None:
        return None
    base = freq.rule_code.split("-")[0]
    return _FREQ_WORDS.get(base, freq.freqstr) if freq.n == 1 else freq.freqstr


# -- input ----------------------------------------------------------------------------


def load_series(args):
    """The series to forecast and where it came from."""
    if args.csv:
        return _read_series(args), args.csv
    for option in ("--column", "--date-column", "--date-format"):
        if getattr(args, option[2:].replace("-", "_")) is not None:
            raise InputError(
                f"{option} needs a CSV file; the bundled airline data has the "
                "one column passengers"
            )
    return load_airline(), "bundled airline data"


def _read_series(args):
    """The series of the value column of ``args.csv``, on its dates if any."""
    table = _read_table(args.csv)
    date_column, value_column = _choose_columns(table, args)
    values = _numeric_values(table[value_column], args.csv)
    name = str(value_column)
    dates = None
    if date_column is not None:
        strict = args.date_column is not None or args.date_format is not None
        dates = _dates(table[date_column], args, strict=strict)
    if dates is None:
        return pd.Series(values, index=pd.RangeIndex(len(values)), name=name)
    order = np.argsort(dates.to_numpy(), kind="stable")  # oldest first
    dates, values = dates[order], values[order]
    _check_unique(dates, order, args.csv)
    index, values = _regular_grid(dates, values, args.csv)
    return pd.Series(values, index=_as_periods(index), name=name)


def _read_table(path):
    """The CSV file as a DataFrame, its delimiter sniffed from its start."""
    try:
        with open(path, encoding="utf-8", newline="") as file:
            sample = file.read(64 * 1024)
    except FileNotFoundError:
        raise InputError(f"cannot read {path!r}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path!r} as CSV: {error}") from None
    if not sample.strip():
        raise InputError(f"cannot read {path!r} as CSV: the file is empty")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:  # one column: nothing separates values
        delimiter = ","
    # In a semicolon-separated file (the spreadsheet export of locales that write
    # 2,5 for 2.5) a comma separates nothing, so it is read as a decimal comma;
    # values written with a point still parse (see _numeric_values).
    decimal = "," if delimiter == ";" else "."
    try:
        table = pd.read_csv(path, sep=delimiter, decimal=decimal)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        message = " ".join(str(error).split())
        raise InputError(f"cannot read {path!r} as CSV: {message}") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"cannot read {path!r} as CSV: the file is empty") from None
    if table.empty:
        raise InputError(f"{path!r} has a header but no rows of data")
    return table


def _choose_columns(table, args):
    """The date column (or None) and the value column of the table."""
    path, columns = args.csv, list(table.columns)
    for option, name in (
        ("--column", args.column),
        ("--date-column", args.date_column),
    ):
        if name is not None and name not in columns:
            raise InputError(
                f"{option} {name!r} is not a column of {path!r}; its columns are: "
                + ", ".join(map(str, columns))
            )
    if args.column is not None and args.column == args.date_column:
        raise InputError(f"--column and --date-column both name {args.column!r}")
    date_column = args.date_column
    first = columns[0]
    if date_column is None and len(columns) > 1 and first != args.column:
        dated = args.date_format is not None  # the first column, if it holds dates
        if dated or not pd.api.types.is_numeric_dtype(table[first]):
            date_column = first
    if date_column is None and args.date_format is not None:
        raise InputError(f"--date-format is given, but {path!r} has no date column")
    if args.column is not None:
        return date_column, args.column
    candidates = [column for column in columns if column != date_column]
    if not candidates:
        raise InputError(
            f"{path!r} has only the column {date_column!r}, which holds the dates; "
            "it needs a column of values too"
        )
    value_column = candidates[-1]
    if _no_number_in(table[value_column]):
        numeric = [
            str(column)
            for column in candidates
            if pd.api.types.is_numeric_dtype(table[column])
            and not pd.api.types.is_bool_dtype(table[column])
        ]
        listed = ", ".join(numeric) if numeric else "none"
        raise InputError(
            f"the last column {value_column!r} of {path!r} is not numeric; name the "
            f"column to forecast with --column (numeric columns: {listed})"
        )
    return date_column, value_column


def _no_number_in(column):
    """Whether no value of the column is a number, even read with a decimal
    comma (numbers with decimal commas get _numeric_values' error, which says
    how to read them)."""
    with_points = column.astype(str).str.replace(",", ".", regex=False)
    return all(
        pd.to_numeric(values, errors="coerce").isna().all()
        for values in (column, with_points)
    )


def _numeric_values(column, path):
    """The column as floats; non-numbers and gaps are input errors with a line."""
    numbers = pd.to_numeric(column, errors="coerce")
    bad = numbers.isna().to_numpy() | ~np.isfinite(numbers.to_numpy(dtype=float))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        original = column.iloc[row]
        if pd.isna(original):
            raise InputError(
                f"column {column.name!r} of {path!r} has a missing value on line "
                f"{row + 2}; fill or drop the gaps first"
            )
        hint = (
            "; decimal commas are read in semicolon-separated files only, use a "
            "point or separate the columns with semicolons"
            if "," in str(original)
            else ""
        )
        raise InputError(
            f"column {column.name!r} of {path!r} has a non-numeric value "
            f"{original!r} on line {row + 2}; it needs numbers{hint}"
        )
    return numbers.to_numpy(dtype=float)


def _dates(column, args, strict):
    """The column parsed as dates (with --date-format if given). Not ``strict``
    (a guessed date column): None if its first value is no date. A value that
    fails after that is an error that quotes it."""
    text = column.astype(str) if pd.api.types.is_integer_dtype(column) else column
    try:
        dates = _parse_dates(text, args.date_format, column.name)
    except (ValueError, TypeError, OverflowError) as error:
        if not strict:
            return None
        message = " ".join(str(error).split())
        raise InputError(
            f"cannot read column {column.name!r} of {args.csv!r} as dates: {message}"
        ) from None
    if args.date_format is None and not _is_regular(dates):
        day_first = _day_first(text, column.name, dates.hasnans)
        if day_first is not None:
            differ = np.flatnonzero(np.asarray(dates != day_first))
            row = int(differ[0]) if len(differ) else 0
            warn(
                f"read the dates of {column.name!r} in {args.csv!r} day first "
                f"({column.iloc[row]!r} is {label(day_first[row])}): month first they "
                "are not all dates or not evenly spaced, day first they are; give "
                "--date-format to read them otherwise"
            )
            dates = day_first
    failed = np.flatnonzero(np.asarray(dates.isna()))
    if not len(failed):
        # Nanoseconds (pandas < 2.3 reads dates so) end in 2262; microseconds
        # hold any forecast of up to MAX_STEPS periods.
        whole = dates.unit != "ns" or (dates.asi8 % 1000 == 0).all()
        return dates.as_unit("us") if dates.unit == "ns" and whole else dates
    if not strict and failed[0] == 0:
        return None  # not a date column
    row = int(failed[0])
    value = column.iloc[row]
    if pd.isna(value):
        raise InputError(
            f"column {column.name!r} of {args.csv!r} has no date on line {row + 2}"
        )
    if args.date_format:
        advice = f"it does not match --date-format {args.date_format!r}"
    else:
        advice = "give the format of the dates with --date-format, e.g. %d/%m/%Y"
    raise InputError(
        f"cannot read {value!r} on line {row + 2} of {args.csv!r} as a date; {advice}"
    )


def _parse_dates(text, date_format, name, dayfirst=False):
    """``pd.to_datetime`` of the column, NaT where a value is no date."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "could not infer format" and the like
        parsed = pd.to_datetime(
            text, format=date_format, errors="coerce", dayfirst=dayfirst
        )
    return pd.DatetimeIndex(parsed, name=str(name))


def _is_regular(dates):
    """Whether the dates are all dates and, once sorted, of one frequency."""
    if dates.hasnans or len(dates) < 3:
        return not dates.hasnans
    return index_freq(pd.DatetimeIndex(np.sort(dates.to_numpy()))) is not None


def _day_first(text, name, month_first_failed):
    """The column read day first (01/02/2020 as 1 February), or None unless
    that reading is better: all dates where month first some are not
    (``month_first_failed``), or evenly spaced where month first they are not
    (a locale's day-first dates that the month-first reading got wrong)."""
    try:
        dates = _parse_dates(text, None, name, dayfirst=True)
    except (ValueError, TypeError, OverflowError):
        return None
    better = not dates.hasnans if month_first_failed else _is_regular(dates)
    return dates if better else None


def _check_unique(dates, order, path):
    """Refuse a date that appears twice: which of the two values is meant?"""
    repeated = dates.duplicated()
    if repeated.any():
        position = int(np.flatnonzero(repeated)[0])
        lines = sorted(int(order[i]) + 2 for i in (position - 1, position))
        raise InputError(
            f"the date {label(dates[position])} appears twice in {path!r} (lines "
            f"{lines[0]} and {lines[1]}); keep one value per date"
        )


def _regular_grid(dates, values, path):
    """The series on a regular time grid. Regular dates stay; dates with a few
    missing periods of a regular frequency get those periods, filled by linear
    interpolation; other dates are dropped for positions. Both with a warning."""
    if len(dates) < 3:
        return dates, values
    regular = pd.DatetimeIndex(dates, freq="infer")
    if regular.freq is not None:
        return regular, values
    grid = _fitting_grid(dates)
    if grid is None:
        spacing = np.diff(dates.asi8)
        uneven = int(np.flatnonzero(spacing != spacing[0])[0])
        warn(
            f"the dates of {dates.name!r} in {path!r} are not evenly spaced and fit "
            f"no regular frequency with at most {_MAX_MISSING_SHARE:.0%} of its "
            f"periods missing (the spacing changes after "
            f"{label(dates[uneven])}); the model ignores the dates: no seasonal "
            "period, the forecast numbered by step. Resample the series to a "
            "regular frequency to use them"
        )
        return pd.RangeIndex(len(values)), values
    positions = grid.get_indexer(dates)
    missing = np.setdiff1d(np.arange(len(grid)), positions)
    run_end = missing[0]
    while run_end + 1 in missing:
        run_end += 1
    labels = _as_periods(grid)  # 2003-05, not 2003-05-01, for monthly dates
    gap = label(labels[missing[0]])
    if run_end > missing[0]:
        gap += f" .. {label(labels[run_end])}"
    word = freq_word(grid) or f"{grid.freqstr!r}"
    warn(
        f"the dates of {dates.name!r} in {path!r} miss {len(missing)} of the "
        f"{len(grid)} {word} periods from {label(labels[0])} to "
        f"{label(labels[-1])} "
        f"(the first gap: {gap}); the model is trained on the {word} series with "
        f"the {len(missing)} missing values filled by linear interpolation"
    )
    return grid, np.interp(np.arange(len(grid)), positions, values)


def _fitting_grid(dates):
    """The coarsest regular grid from the first to the last date that holds every
    date, with at most _MAX_MISSING_SHARE of it missing; None if there is none."""
    most = int(len(dates) / (1 - _MAX_MISSING_SHARE))
    weekday = dates[0].day_name()[:3].upper()
    candidates = ["YS", "YE", "QS", "QE", "MS", "ME", f"W-{weekday}", "B", "D"]
    step = int(np.gcd.reduce(np.diff(dates.asi8)))
    span = int(dates.asi8[-1] - dates.asi8[0])
    if step > 0 and span // step + 1 <= most:  # a fixed step: hours, minutes, ...
        candidates.append(pd.Timedelta(step, unit=dates.unit))
    best = None
    for freq in candidates:
        grid = pd.date_range(dates[0], dates[-1], freq=freq, name=dates.name)
        if len(grid) > most or (best is not None and len(grid) >= len(best)):
            continue
        if dates.isin(grid).all():
            best = grid
    return best


def _as_periods(index):
    """Monthly, quarterly and yearly dates as periods (printed ``1961-01``); other
    dates as they are."""
    if isinstance(index, pd.DatetimeIndex) and index.freq is not None:
        if index.freqstr[0] in "MQY" and index.tz is None:
            try:
                return index.to_period()
            except (ValueError, TypeError):  # a frequency without periods
                pass
    return index


# -- output ---------------------------------------------------------------------------


def check_output_paths(args):
    """Check --output and --plot before any training: a known extension, a
    directory that exists and can be written to."""
    if args.output:
        _check_writable(args.output, "--output", [".csv"])
    if args.plot:
        _require_matplotlib()
        from matplotlib.backend_bases import FigureCanvasBase

        formats = FigureCanvasBase.get_supported_filetypes()
        _check_writable(args.plot, "--plot", [f".{name}" for name in formats])


def _check_writable(path, option, extensions):
    target = Path(path)
    if target.suffix.lower() not in extensions:
        raise InputError(
            f"{option} {path!r} needs one of the extensions {', '.join(extensions)}"
        )
    folder = target.parent
    if target.is_dir():
        raise InputError(f"cannot write {option} {path!r}: it is a directory")
    if not folder.is_dir():
        raise InputError(
            f"cannot write {option} {path!r}: the directory {str(folder)!r} does "
            "not exist"
        )
    writable = os.access(target, os.W_OK) if target.exists() else None
    if writable is None:
        writable = os.access(folder, os.W_OK | os.X_OK)
    if not writable:
        raise InputError(f"cannot write {option} {path!r}: permission denied")


def save_csv(result, path):
    try:
        result.to_csv(path, index_label=result.index.name or "step")
    except OSError as error:
        raise InputError(f"cannot write --output {path!r}: {error}") from None
    print(f"forecast saved to {path}")


def _require_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise InputError(
            "--plot needs matplotlib; install it with: pip install 'sklearn_rnn[plot]'"
        ) from None


def save_plot(series, result, coverages, path):
    """The series, the forecast joined to its last value, and the intervals."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def times(index):
        return index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index

    figure, axes = plt.subplots(figsize=(9, 4))
    axes.plot(times(series.index), series.to_numpy(), label="series")
    forecast = result.iloc[:, 0]
    joined = pd.concat([series.iloc[-1:], forecast])
    axes.plot(times(joined.index), joined.to_numpy(), label="forecast")
    bounds = list(result.columns[1:])
    intervals = list(zip(coverages, bounds[::2], bounds[1::2]))
    for coverage, lower, upper in reversed(intervals):  # the widest first
        axes.fill_between(
            times(result.index),
            result[lower].to_numpy(),
            result[upper].to_numpy(),
            alpha=0.25,
            color="tab:orange",
            label=f"{coverage * 100:g}% interval",
        )
    axes.set_ylabel(str(series.name))
    axes.set_title(f"{series.name}: forecast of the next {len(result)} values")
    axes.legend()
    figure.tight_layout()
    try:
        figure.savefig(path)
    except (OSError, ValueError) as error:
        raise InputError(f"cannot write --plot {path!r}: {error}") from None
    finally:
        plt.close(figure)
    print(f"plot saved to {path}")
