"""The ``sklearn-rnn`` command line: forecast a series from a CSV file (or the
bundled airline data) with a SeriesForecaster.

``sklearn-rnn forecast`` reads the series, trains on all but its last values and
reports the error on them against the naive and seasonal naive forecasts (and how
many fell inside the prediction interval), refits on everything and prints the
forecast with its dates and interval. It uses only the public API of
:class:`~sklearn_rnn.SeriesForecaster` and its fitted attributes, so what it reports
is what the library did. Input errors, and any ``ValueError`` or ``TypeError`` of
the library, print one ``error:`` line on stderr and exit with status 2; warnings
print one ``warning:`` line each.
"""

import argparse
import contextlib
import csv
import math
import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from . import SeriesForecaster, SimpleRNNRegressor, __version__
from ._series import MAX_STEPS, check_positive_int
from .datasets import load_airline

__all__ = ["main"]

_PROG = "sklearn-rnn"

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


class _InputError(Exception):
    """A problem with the user's input: reported in one line, exit status 2."""


def main(argv=None):
    """Run the command line.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments, without the program name; None reads ``sys.argv``.

    Returns
    -------
    status : int
        The exit status: 0 on success, 2 for bad input or usage, 130 when
        interrupted.

    Examples
    --------
    >>> from sklearn_rnn._cli import main
    >>> argv = ["forecast", "--steps=2", "--max-iter=5", "--quiet"]
    >>> main(argv)  # doctest: +ELLIPSIS
    sklearn-rnn forecast: passengers, 144 values, 1949-01 .. 1960-12 ...
    model: log, seasonal period 12 (monthly data), differences at lag 12, ...
    holdout RMSE over the last 2 values: model ..., seasonal naive 27.5, naive 54.2
    ...
    month    passengers  lower  upper
    1961-01       ...
    1961-02       ...
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help, --version, or a usage error
        return exit_request.code
    try:
        with _one_line_warnings(args.command):
            return args.run(args)
    except (_InputError, ValueError, TypeError) as error:
        # The library's ValueError/TypeError name the argument and the value: one
        # line of that is what the user needs, not a traceback.
        message = " ".join(str(error).split())
        print(f"{_PROG} {args.command}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{_PROG} {args.command}: interrupted", file=sys.stderr)
        return 130


@contextlib.contextmanager
def _one_line_warnings(command):
    """Show each warning as one ``warning:`` line on stderr (no file and line of
    the library's source); --max-iter epochs reached is what was asked, not one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)

        def show(message, category, filename, lineno, file=None, line=None):
            text = " ".join(str(message).split())
            print(f"{_PROG} {command}: warning: {text}", file=sys.stderr)

        warnings.showwarning = show
        yield


def _warn(message):
    """A warning of the command line itself, in the same one-line form."""
    warnings.warn(message, UserWarning, stacklevel=2)


# -- the parser ---------------------------------------------------------------------


def _parser():
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Recurrent neural network forecasts of time series, in NumPy.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    sub = commands.add_parser(
        "forecast",
        help="train on a series and forecast its next values",
        description=(
            "Train a SeriesForecaster (log of a positive series, seasonal or "
            "ordinary differencing, scaling, a neural network on windows) on a "
            "series (a CSV column, or the bundled monthly airline passengers "
            "1949-1960), report its error on the last values held out against the "
            "naive and seasonal naive forecasts, refit on the whole series and "
            "print the forecast of the next values with its prediction interval."
        ),
    )
    _add_data_options(sub)
    _add_model_options(sub)
    _add_output_options(sub)
    sub.set_defaults(run=_run_forecast)
    return parser


def _add_data_options(sub):
    sub.add_argument(
        "csv",
        nargs="?",
        metavar="CSV",
        help="CSV file with the series (comma, semicolon, tab or | separated); "
        "default: the bundled airline data",
    )
    sub.add_argument(
        "--column", help="column with the values; default: the last column"
    )
    sub.add_argument(
        "--date-column",
        help="column with the dates; default: the first column if it holds dates",
    )
    sub.add_argument(
        "--date-format",
        metavar="FORMAT",
        help="strftime format of the dates, e.g. %%d/%%m/%%Y; default: inferred",
    )
    sub.add_argument(
        "--steps",
        type=_integer(1, maximum=MAX_STEPS),
        default=12,
        help="values to forecast, and to hold out for the error (default: 12)",
    )


def _add_model_options(sub):
    sub.add_argument(
        "--window",
        type=_integer(1),
        default=12,
        help="past values the network reads per prediction (default: 12)",
    )
    sub.add_argument(
        "--seasonal-period",
        type=_seasonal_period,
        default="auto",
        help=(
            "lag of the seasonal difference, 'none' (or 0) for none, or 'auto': "
            "from the frequency of the dates (7 daily, 24 hourly, 5 business-daily, "
            "52 weekly, 12 monthly, 4 quarterly; default: auto)"
        ),
    )
    sub.add_argument(
        "--differences",
        type=_integer(0, auto=True),
        default="auto",
        help=(
            "ordinary differences x[t] - x[t-1] before windowing, or 'auto': none "
            "after a seasonal difference, else one (default: auto)"
        ),
    )
    sub.add_argument(
        "--hidden-size",
        type=_integer(1),
        help="hidden units of the network (default: the forecaster's default)",
    )
    sub.add_argument(
        "--max-iter",
        type=_integer(1),
        help="training epochs at most (default: the forecaster's default)",
    )
    sub.add_argument(
        "--random-state",
        type=_integer(0, below=2**32),  # NumPy's seeds
        default=0,
        help="seed of the weights and shuffling (default: 0)",
    )


def _add_output_options(sub):
    sub.add_argument(
        "--coverage",
        type=_coverages,
        default=(0.9,),
        metavar="C[,C...]",
        help=(
            "coverage of the prediction interval, in (0, 1), or a list such as "
            "0.8,0.95; 'none' for no interval (default: 0.9)"
        ),
    )
    sub.add_argument("--output", metavar="FILE.csv", help="save the forecast as CSV")
    sub.add_argument(
        "--plot",
        metavar="FILE.png",
        help="save a plot of the series, forecast and interval (needs matplotlib)",
    )
    sub.add_argument(
        "--quiet", action="store_true", help="do not print the training progress"
    )


def _integer(minimum, *, below=None, maximum=None, auto=False):
    """An argparse type: an integer >= ``minimum`` (and < ``below``, a power of
    two; or <= ``maximum``, the library's rule for steps), or "auto" where
    ``auto`` allows it."""
    expected = ("'auto' or " if auto else "") + f"an integer >= {minimum}"

    def parse(text):
        if auto and text == "auto":
            return text
        try:
            value = int(text)
        except ValueError:
            message = f"expected {expected}, got {text!r}"
            raise argparse.ArgumentTypeError(message) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {value}")
        if below is not None and value >= below:
            limit = f"2**{below.bit_length() - 1}"
            message = f"expected an integer below {limit}, got {value}"
            raise argparse.ArgumentTypeError(message)
        if maximum is not None:
            try:
                check_positive_int(value, "value", maximum=maximum)
            except ValueError:
                message = (
                    f"expected an integer from {minimum} to {maximum}, got {value}"
                )
                raise argparse.ArgumentTypeError(message) from None
        return value

    return parse


def _seasonal_period(text):
    """An argparse type: "auto", None for "none" or 0, or an integer >= 2."""
    if text in ("auto", "none", "0"):
        return None if text in ("none", "0") else text
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 2:
        raise argparse.ArgumentTypeError(
            f"expected 'auto', 'none' (or 0) or an integer >= 2, got {text!r}"
        )
    return value


def _coverages(text):
    """An argparse type: coverages in (0, 1), sorted and without repeats, from
    "0.9" or "0.8,0.95"; an empty tuple for "none"."""
    if text.strip() == "none":
        return ()
    values = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            value = math.nan
        if not 0 < value < 1:
            raise argparse.ArgumentTypeError(
                f"expected numbers in (0, 1) separated by commas, or 'none'; got "
                f"{part.strip()!r}"
            )
        values.append(value)
    return tuple(sorted(set(values)))


# -- the forecast command -------------------------------------------------------------


def _run_forecast(args):
    _check_output_paths(args)
    series, source = _load_series(args)
    decimals = _decimals(series)
    print(
        f"{_PROG} forecast: {series.name}, {len(series)} values, "
        f"{_label(series.index[0])} .. {_label(series.index[-1])} ({source})"
    )
    model = _build_model(args)
    _holdout(model, series, args, decimals)
    print(f"training on all {len(series)} values")
    fitted = _fit(clone(model), series, args)
    print(_describe_model(fitted, args, series.index))
    result = fitted.predict(args.steps).to_frame()
    bounds = _intervals(fitted, args.steps, args.coverage, "the forecast")
    if bounds is not None:
        result = result.join(bounds)
    print(f"forecast of the next {args.steps} values:")
    _print_table(result, decimals)
    if args.output:
        _save_csv(result, args.output)
    if args.plot:
        _save_plot(series, result, args.coverage, args.plot)
    return 0


def _build_model(args):
    """A SeriesForecaster with its defaults, set by the options given."""
    model = SeriesForecaster(
        window=args.window,
        differences=args.differences,
        seasonal_period=args.seasonal_period,
        random_state=args.random_state,
        calibration_windows="auto" if args.coverage else 0,
    )
    for option, name in (("--hidden-size", "hidden_size"), ("--max-iter", "max_iter")):
        value = getattr(args, name)
        if value is None:
            continue
        try:
            model.set_params(**{f"regressor__{name}": value})
        except ValueError:
            raise _InputError(
                f"{option} does not apply to the forecaster's default regressor "
                f"{type(model.regressor).__name__}, which has no {name}"
            ) from None
    return model


def _holdout(model, series, args, decimals):
    """Fit on all but the last --steps values and report the error on them (and
    how many fell inside the interval), if the series is long enough."""
    steps = args.steps
    if len(series) <= steps:
        print(f"series too short to hold out the last {steps} values: no holdout")
        return
    train, test = series.iloc[:-steps], series.iloc[-steps:]
    print(f"holdout: training on the first {len(train)} values")
    try:
        fitted = _fit(clone(model), train, args)
    except ValueError as error:  # e.g. too short; the full fit may still work
        message = " ".join(str(error).split())
        print(f"no holdout: the forecaster refuses the first {len(train)}: {message}")
        return
    print(_describe_model(fitted, args, series.index))
    predicted = fitted.predict(steps).to_numpy()
    errors = [f"model {_rmse(predicted, test):.{decimals}f}"]
    period = fitted.seasonal_period_
    if period is not None and len(train) >= period:
        seasonal_naive = np.resize(train.to_numpy()[-period:], steps)
        errors.append(f"seasonal naive {_rmse(seasonal_naive, test):.{decimals}f}")
    naive = np.full(steps, train.iloc[-1])
    errors.append(f"naive {_rmse(naive, test):.{decimals}f}")
    print(f"holdout RMSE over the last {steps} values: " + ", ".join(errors))
    bounds = _intervals(fitted, steps, args.coverage, "the holdout")
    if bounds is not None:
        print("holdout values: " + _inside(bounds, test, args.coverage))


def _fit(model, series, args):
    """Fit, then print the loss of some epochs and why training stopped."""
    model.fit(series)
    regressor = model.regressor_
    if args.quiet or not isinstance(regressor, SimpleRNNRegressor):
        return model  # other regressors: their repr says what they are
    losses = regressor.loss_curve_
    max_iter = regressor.max_iter
    every = max(1, max_iter // 5)
    for epoch, loss in enumerate(losses, start=1):
        if epoch % every == 0 or epoch == 1 or epoch == len(losses):
            print(f"  epoch {epoch:>{len(str(max_iter))}}/{max_iter}  loss {loss:.4f}")
    if regressor.n_iter_ < max_iter:
        what = "validation score" if regressor.early_stopping else "training loss"
        print(
            f"  stopped at epoch {regressor.n_iter_} of {max_iter}: {what} improved "
            f"less than tol={regressor.tol:g} for {regressor.n_iter_no_change} "
            "epochs"
        )
    return model


def _describe_model(model, args, index):
    """What the fitted forecaster did, read from its fitted attributes."""
    steps = ["log"] if model.transform_ == "log" else []
    period = model.seasonal_period_
    if period is None:
        given = " (--seasonal-period none)" if args.seasonal_period is None else ""
        steps.append(f"no seasonal period{given}")
    else:
        source = "--seasonal-period"
        if args.seasonal_period == "auto":
            source = f"{_freq_word(index) or 'dated'} data"
        steps.append(f"seasonal period {period} ({source})")
    lags = [period] * model.seasonal_differences_ + [1] * model.differences_
    lags_text = " and ".join(map(str, lags))
    steps.append(f"differences at lag {lags_text}" if lags else "no differences")
    if model.scale:
        steps.append("standardised")
    steps.append(f"windows of {model.window_}")
    regressor = _describe_regressor(model.regressor_)
    weight = getattr(model, "smoothing_weight_", 0.0)  # 0: the regressor alone
    if weight:
        regressor += f"; combined with exponential smoothing at weight {weight:g}"
    return f"model: {', '.join(steps)}\nregressor: {regressor}"


def _freq_word(index):
    """The frequency of the series' dates in words ("monthly"), or None."""
    freq = getattr(index, "freq", None)
    if freq is None:
        return None
    base = freq.rule_code.split("-")[0]
    return _FREQ_WORDS.get(base, freq.freqstr) if freq.n == 1 else freq.freqstr


def _describe_regressor(regressor):
    """The fitted regressor in a few words: the network's size and epochs, or the
    short repr of any other regressor."""
    if isinstance(regressor, SimpleRNNRegressor):
        return (
            f"SimpleRNNRegressor(hidden_size={regressor.hidden_size}, "
            f"alpha={regressor.alpha:g}), {regressor.n_iter_} of at most "
            f"{regressor.max_iter} epochs"
        )
    text = " ".join(repr(regressor).split())
    return text if len(text) <= 100 else text[:97] + "..."


def _intervals(model, steps, coverages, what):
    """Flat ``lower``/``upper`` columns (``lower_80``, ... for several coverages),
    or None (no --coverage, or a series too short to calibrate, with a warning)."""
    if not coverages:
        return None
    try:
        bounds = model.predict_interval(steps, coverage=list(coverages))
    except ValueError as error:
        _warn(f"no prediction interval for {what}: {error}")
        return None
    bounds.columns = [
        bound if len(coverages) == 1 else f"{bound}_{coverage * 100:g}"
        for coverage, bound in bounds.columns
    ]
    return bounds


def _inside(bounds, actual, coverages):
    """How many actual values lie inside each interval: "11 of 12 inside the 90%
    interval"."""
    actual = actual.to_numpy()
    counts = []
    for coverage, lower, upper in zip(
        coverages, bounds.columns[::2], bounds.columns[1::2]
    ):
        inside = (bounds[lower].to_numpy() <= actual) & (
            actual <= bounds[upper].to_numpy()
        )
        interval = f"the {coverage * 100:g}% interval"
        counts.append(f"{int(inside.sum())} of {len(actual)} inside {interval}")
    return ", ".join(counts)


def _rmse(predicted, actual):
    return math.sqrt(np.mean((np.asarray(predicted) - np.asarray(actual)) ** 2))


def _decimals(series):
    """Decimals that show about four significant digits of the series' values."""
    largest = float(np.abs(series).max())
    if largest == 0 or not math.isfinite(largest):
        return 2
    return max(0, 3 - math.floor(math.log10(largest)))


def _label(time):
    """A date as a short string: no time of day when it is midnight."""
    if isinstance(time, pd.Timestamp) and time == time.normalize():
        return time.strftime("%Y-%m-%d")
    return str(time)


def _print_table(result, decimals):
    """The forecast table: dates, then one right-aligned column per value."""
    index_name = result.index.name or "step"
    columns = [[index_name, *map(_label, result.index)]]
    for name in result.columns:
        values = [f"{value:.{decimals}f}" for value in result[name]]
        columns.append([str(name), *values])
    widths = [max(map(len, column)) for column in columns]
    for row in zip(*columns):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        print("  ".join(cells))


# -- input ----------------------------------------------------------------------------


def _load_series(args):
    """The series to forecast and where it came from."""
    if args.csv:
        return _read_series(args), args.csv
    for option in ("--column", "--date-column", "--date-format"):
        if getattr(args, option[2:].replace("-", "_")) is not None:
            raise _InputError(
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
        raise _InputError(f"cannot read {path!r}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _InputError(f"cannot read {path!r} as CSV: {error}") from None
    if not sample.strip():
        raise _InputError(f"cannot read {path!r} as CSV: the file is empty")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:  # one column: nothing separates values
        delimiter = ","
    try:
        table = pd.read_csv(path, sep=delimiter)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        message = " ".join(str(error).split())
        raise _InputError(f"cannot read {path!r} as CSV: {message}") from None
    except pd.errors.EmptyDataError:
        raise _InputError(f"cannot read {path!r} as CSV: the file is empty") from None
    if table.empty:
        raise _InputError(f"{path!r} has a header but no rows of data")
    return table


def _choose_columns(table, args):
    """The date column (or None) and the value column of the table."""
    path, columns = args.csv, list(table.columns)
    for option, name in (
        ("--column", args.column),
        ("--date-column", args.date_column),
    ):
        if name is not None and name not in columns:
            raise _InputError(
                f"{option} {name!r} is not a column of {path!r}; its columns are: "
                + ", ".join(map(str, columns))
            )
    if args.column is not None and args.column == args.date_column:
        raise _InputError(f"--column and --date-column both name {args.column!r}")
    date_column = args.date_column
    first = columns[0]
    if date_column is None and len(columns) > 1 and first != args.column:
        dated = args.date_format is not None  # the first column, if it holds dates
        if dated or not pd.api.types.is_numeric_dtype(table[first]):
            date_column = first
    if date_column is None and args.date_format is not None:
        raise _InputError(f"--date-format is given, but {path!r} has no date column")
    if args.column is not None:
        return date_column, args.column
    candidates = [column for column in columns if column != date_column]
    if not candidates:
        raise _InputError(
            f"{path!r} has only the column {date_column!r}, which holds the dates; "
            "it needs a column of values too"
        )
    value_column = candidates[-1]
    if pd.to_numeric(table[value_column], errors="coerce").isna().all():
        numeric = [
            str(column)
            for column in candidates
            if pd.api.types.is_numeric_dtype(table[column])
            and not pd.api.types.is_bool_dtype(table[column])
        ]
        listed = ", ".join(numeric) if numeric else "none"
        raise _InputError(
            f"the last column {value_column!r} of {path!r} is not numeric; name the "
            f"column to forecast with --column (numeric columns: {listed})"
        )
    return date_column, value_column


def _numeric_values(column, path):
    """The column as floats; non-numbers and gaps are input errors with a line."""
    numbers = pd.to_numeric(column, errors="coerce")
    bad = numbers.isna().to_numpy() | ~np.isfinite(numbers.to_numpy(dtype=float))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        original = column.iloc[row]
        if pd.isna(original):
            raise _InputError(
                f"column {column.name!r} of {path!r} has a missing value on line "
                f"{row + 2}; fill or drop the gaps first"
            )
        hint = (
            "; decimal commas are not read, use a point" if "," in str(original) else ""
        )
        raise _InputError(
            f"column {column.name!r} of {path!r} has a non-numeric value "
            f"{original!r} on line {row + 2}; it needs numbers{hint}"
        )
    return numbers.to_numpy(dtype=float)


def _dates(column, args, strict):
    """The column parsed as dates (with --date-format if given). Not ``strict``
    (a guessed date column): None if its first value is no date. A value that
    fails after that is an error that quotes it."""
    text = column.astype(str) if pd.api.types.is_integer_dtype(column) else column
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "could not infer format" and the like
        try:
            parsed = pd.to_datetime(text, format=args.date_format, errors="coerce")
            dates = pd.DatetimeIndex(parsed, name=str(column.name))
        except (ValueError, TypeError, OverflowError) as error:
            if not strict:
                return None
            message = " ".join(str(error).split())
            raise _InputError(
                f"cannot read column {column.name!r} of {args.csv!r} as dates: "
                f"{message}"
            ) from None
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
        raise _InputError(
            f"column {column.name!r} of {args.csv!r} has no date on line {row + 2}"
        )
    if args.date_format:
        advice = f"it does not match --date-format {args.date_format!r}"
    else:
        advice = "give the format of the dates with --date-format, e.g. %d/%m/%Y"
    raise _InputError(
        f"cannot read {value!r} on line {row + 2} of {args.csv!r} as a date; {advice}"
    )


def _check_unique(dates, order, path):
    """Refuse a date that appears twice: which of the two values is meant?"""
    repeated = dates.duplicated()
    if repeated.any():
        position = int(np.flatnonzero(repeated)[0])
        lines = sorted(int(order[i]) + 2 for i in (position - 1, position))
        raise _InputError(
            f"the date {_label(dates[position])} appears twice in {path!r} (lines "
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
        _warn(
            f"the dates of {dates.name!r} in {path!r} are not evenly spaced and fit "
            f"no regular frequency with at most {_MAX_MISSING_SHARE:.0%} of its "
            f"periods missing (the spacing changes after "
            f"{_label(dates[uneven])}); the model ignores the dates: no seasonal "
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
    gap = _label(labels[missing[0]])
    if run_end > missing[0]:
        gap += f" .. {_label(labels[run_end])}"
    word = _freq_word(grid) or f"{grid.freqstr!r}"
    _warn(
        f"the dates of {dates.name!r} in {path!r} miss {len(missing)} of the "
        f"{len(grid)} {word} periods from {_label(labels[0])} to "
        f"{_label(labels[-1])} "
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


def _check_output_paths(args):
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
        raise _InputError(
            f"{option} {path!r} needs one of the extensions {', '.join(extensions)}"
        )
    folder = target.parent
    if target.is_dir():
        raise _InputError(f"cannot write {option} {path!r}: it is a directory")
    if not folder.is_dir():
        raise _InputError(
            f"cannot write {option} {path!r}: the directory {str(folder)!r} does "
            "not exist"
        )
    writable = os.access(target, os.W_OK) if target.exists() else None
    if writable is None:
        writable = os.access(folder, os.W_OK | os.X_OK)
    if not writable:
        raise _InputError(f"cannot write {option} {path!r}: permission denied")


def _save_csv(result, path):
    try:
        result.to_csv(path, index_label=result.index.name or "step")
    except OSError as error:
        raise _InputError(f"cannot write --output {path!r}: {error}") from None
    print(f"forecast saved to {path}")


def _require_matplotlib():
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise _InputError(
            "--plot needs matplotlib; install it with: pip install 'sklearn_rnn[plot]'"
        ) from None


def _save_plot(series, result, coverages, path):
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
        raise _InputError(f"cannot write --plot {path!r}: {error}") from None
    finally:
        plt.close(figure)
    print(f"plot saved to {path}")
