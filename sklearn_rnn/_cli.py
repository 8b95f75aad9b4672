"""The ``sklearn-rnn`` command line: forecast a series from a CSV file (or the
bundled airline data) with a SeriesForecaster.

``sklearn-rnn forecast`` reads the series, trains on all but its last values and
reports the error on them against a naive last-value forecast, refits on everything
and prints the forecast with its dates. Input errors print one line on stderr and exit
with status 2.
"""

import argparse
import math
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning

from ._forecaster import SeriesForecaster
from .datasets import load_airline

__all__ = ["main"]

_PROG = "sklearn-rnn"


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
        The exit status: 0 on success, 2 for bad input or usage.

    Examples
    --------
    >>> from sklearn_rnn._cli import main
    >>> argv = ["forecast", "--steps=2", "--max-iter=5", "--quiet"]
    >>> main(argv)  # doctest: +ELLIPSIS
    sklearn-rnn forecast: passengers, 144 values, 1949-01 .. 1960-12 ...
    month       passengers
    1961-01          ...
    1961-02          ...
    0
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # --help, or a usage error already printed
        return exit_request.code
    try:
        return args.run(args)
    except _InputError as error:
        print(f"{_PROG} {args.command}: error: {error}", file=sys.stderr)
        return 2


def _parser():
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="Recurrent neural network forecasts of time series, in NumPy.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    sub = commands.add_parser(
        "forecast",
        help="train on a series and forecast its next values",
        description=(
            "Train a SeriesForecaster (log of a positive series, differencing, "
            "scaling, a SimpleRNNRegressor on windows) on a series (a CSV column, or "
            "the bundled "
            "monthly airline passengers 1949-1960), report its error on the last "
            "values held out against a naive last-value forecast, refit on the "
            "whole series and print the forecast of the next values."
        ),
    )
    sub.add_argument(
        "csv",
        nargs="?",
        metavar="CSV",
        help="CSV file with the series; default: the bundled airline data",
    )
    sub.add_argument(
        "--column", help="column with the values; default: the last column"
    )
    sub.add_argument(
        "--date-column",
        help="column with the dates; default: the first column if it holds dates",
    )
    sub.add_argument(
        "--window",
        type=_integer(1),
        default=12,
        help="past values the network reads per prediction (default: 12)",
    )
    sub.add_argument(
        "--differences",
        type=_integer(0, auto=True),
        default="auto",
        help=(
            "ordinary differences x[t] - x[t-1] before windowing, or 'auto': 0 "
            "when a seasonal (12 monthly, 4 quarterly) difference is taken, else 1 "
            "(default: auto)"
        ),
    )
    sub.add_argument(
        "--steps",
        type=_integer(1),
        default=12,
        help="values to forecast, and to hold out for the error (default: 12)",
    )
    sub.add_argument(
        "--hidden-size",
        type=_integer(1),
        default=32,
        help="hidden units of the network (default: 32)",
    )
    sub.add_argument(
        "--max-iter",
        type=_integer(1),
        default=200,
        help="training epochs (default: 200)",
    )
    sub.add_argument(
        "--random-state",
        type=_integer(0, below=2**32),  # NumPy's seeds
        default=0,
        help="seed of the weights and shuffling (default: 0)",
    )
    sub.add_argument("--output", metavar="FILE.csv", help="save the forecast as CSV")
    sub.add_argument(
        "--plot",
        metavar="FILE.png",
        help="save a plot of the series and forecast (needs matplotlib)",
    )
    sub.add_argument(
        "--quiet", action="store_true", help="do not print the training progress"
    )
    sub.set_defaults(run=_run_forecast)
    return parser


def _integer(minimum, *, below=None, auto=False):
    """An argparse type: an integer >= ``minimum`` (and < ``below``, a power of
    two), or "auto" where ``auto`` allows it."""
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
        return value

    return parse


# -- the forecast command -------------------------------------------------------------


def _run_forecast(args):
    if args.plot:
        _require_matplotlib()
    if not args.csv:
        for option, name in (
            ("--column", args.column),
            ("--date-column", args.date_column),
        ):
            if name is not None:
                raise _InputError(
                    f"{option} needs a CSV file; the bundled airline data has the "
                    "one column passengers"
                )
    series, source = (
        (_read_csv(args), args.csv)
        if args.csv
        else (load_airline(), "bundled airline data")
    )
    model = _build_model(args, series)
    # What the model will do with the series, by its own rules (as fit resolves them).
    period, n_seasonal, differences = model._differencing(series.index)
    lags = [period] * n_seasonal + [1] * differences
    min_length = args.window + 1 + sum(lags)
    if len(series) < min_length:
        raise _InputError(
            f"the series has {len(series)} values, too few for --window "
            f"{args.window}: it needs at least {min_length} (window + 1 + "
            f"{sum(lags)} lost to differencing)."
        )
    print(
        f"{_PROG} forecast: {series.name}, {len(series)} values, "
        f"{_label(series.index[0])} .. {_label(series.index[-1])} ({source})"
    )
    log = "log, " if model._resolve_transform(series.to_numpy()) == "log" else ""
    differencing = "no differences"
    if lags:
        differencing = "differences at lag " + " and ".join(map(str, lags))
    regressor = model.regressor
    print(
        f"model: {log}{differencing}, standardised, windows of {args.window}, "
        f"SimpleRNNRegressor(hidden_size={regressor.hidden_size}, "
        f"alpha={regressor.alpha:g}), {regressor.max_iter} epochs"
    )

    holdout = args.steps
    if len(series) - holdout >= min_length:
        train, test = series.iloc[:-holdout], series.iloc[-holdout:]
        print(f"training on all but the last {holdout} values")
        predicted = _fit(model, train, args.quiet).predict(holdout)
        naive = np.full(holdout, train.iloc[-1])
        print(
            f"holdout RMSE over the last {holdout} values: "
            f"model {_rmse(predicted, test):.{_decimals(series)}f}, "
            f"naive last value {_rmse(naive, test):.{_decimals(series)}f}"
        )
    else:
        print(f"series too short to hold out the last {holdout} values: no holdout")

    print(f"training on all {len(series)} values")
    result = _fit(model, series, args.quiet).predict(args.steps)
    print(f"forecast of the next {args.steps} values:")
    _print_table(result, _decimals(series))
    if args.output:
        _save_csv(result, args.output)
    if args.plot:
        _save_plot(series, result, args.plot)
    return 0


def _build_model(args, series):
    """A SeriesForecaster with its defaults, sized by the options. Monthly or
    quarterly data get a seasonal difference if there are a few seasons of history
    beyond the window and the holdout; other data none."""
    season = _season_length(series.index)
    if season and len(series) - args.steps < args.window + 4 * season:
        season = None
    return SeriesForecaster(
        window=args.window, differences=args.differences, seasonal_period=season
    ).set_params(
        regressor__hidden_size=args.hidden_size,
        regressor__max_iter=args.max_iter,
        regressor__random_state=args.random_state,
    )


def _fit(model, series, quiet):
    """Fit, then print the loss of some epochs (training takes well under a second)."""
    with warnings.catch_warnings():
        # --max-iter is the number of epochs asked for, not a failed limit.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(series)
    if not quiet:
        losses = model.regressor_.loss_curve_
        max_iter = model.regressor.max_iter
        every = max(1, max_iter // 5)
        for epoch, loss in enumerate(losses, start=1):
            if epoch % every == 0 or epoch == 1 or epoch == len(losses):
                print(
                    f"  epoch {epoch:>{len(str(max_iter))}}/{max_iter}  loss {loss:.4f}"
                )
    return model


def _season_length(index):
    """Seasonal lag of a monthly (12) or quarterly (4) PeriodIndex, else None."""
    if isinstance(index, pd.PeriodIndex):
        return {"M": 12, "Q": 4}.get(index.freqstr[0])
    return None


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
    labels = [_label(time) for time in result.index]
    values = [f"{value:.{decimals}f}" for value in result]
    index_name = result.index.name or "step"
    left = max(len(index_name), *map(len, labels))
    right = max(len(str(result.name)), *map(len, values))
    print(f"{index_name:<{left}}  {str(result.name):>{right}}")
    for label, value in zip(labels, values):
        print(f"{label:<{left}}  {value:>{right}}")


# -- input and output ---------------------------------------------------------------


def _read_csv(args):
    """The series of ``args.column`` in ``args.csv``, indexed by its dates if any."""
    path = args.csv
    try:
        table = pd.read_csv(path)
    except FileNotFoundError:
        raise _InputError(f"cannot read {path!r}: no such file") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        message = " ".join(str(error).split())
        raise _InputError(f"cannot read {path!r} as CSV: {message}") from None
    except pd.errors.EmptyDataError:
        raise _InputError(f"cannot read {path!r} as CSV: the file is empty") from None
    if table.empty:
        raise _InputError(f"{path!r} has a header but no rows of data")
    columns = list(table.columns)
    for option, name in (
        ("--column", args.column),
        ("--date-column", args.date_column),
    ):
        if name is not None and name not in columns:
            raise _InputError(
                f"{option} {name!r} is not a column of {path!r}; its columns are: "
                + ", ".join(map(str, columns))
            )
    date_column = args.date_column
    if date_column is None and len(columns) > 1 and columns[0] != args.column:
        if not pd.api.types.is_numeric_dtype(table[columns[0]]):
            date_column = columns[0]  # the first column, if it holds dates
    value_column = args.column
    if value_column is None:
        value_column = next(c for c in reversed(columns) if c != date_column)
    values = _numeric_values(table[value_column], path)
    index = None
    if date_column is not None:
        index = _dates(table[date_column], path, strict=args.date_column is not None)
    if index is None:
        index = pd.RangeIndex(len(values))
    else:  # oldest first, whatever the order of the file
        order = np.argsort(index.to_numpy(), kind="stable")
        index, values = index[order], values[order]
    return pd.Series(values, index=_regular_index(index), name=str(value_column))


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
        raise _InputError(
            f"column {column.name!r} of {path!r} has a non-numeric value "
            f"{original!r} on line {row + 2}; it needs numbers"
        )
    return numbers.to_numpy(dtype=float)


def _dates(column, path, strict):
    """The column parsed as dates; None (or an input error if ``strict``) if it is
    not one."""
    text = column.astype(str) if pd.api.types.is_integer_dtype(column) else column
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "could not infer format" and the like
            dates = pd.DatetimeIndex(pd.to_datetime(text), name=str(column.name))
    except (ValueError, TypeError, OverflowError):
        if not strict:
            return None
        raise _InputError(
            f"--date-column {column.name!r} of {path!r} does not hold dates "
            f"(e.g. {column.iloc[0]!r})"
        ) from None
    if dates.isna().any():
        if not strict:
            return None
        row = int(np.flatnonzero(dates.isna())[0])
        raise _InputError(
            f"--date-column {column.name!r} of {path!r} has no date on line {row + 2}"
        )
    return dates


def _regular_index(index):
    """Monthly, quarterly and yearly dates as periods (printed ``1961-01``); other
    dates keep their inferred frequency, if any."""
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 3:
        return index
    regular = pd.DatetimeIndex(index, freq="infer")
    if regular.freq is not None and regular.freqstr[0] in "MQYA":
        try:
            return regular.to_period()
        except (ValueError, TypeError):  # a frequency without a period equivalent
            pass
    return regular


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


def _save_plot(series, result, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def times(index):
        return index.to_timestamp() if isinstance(index, pd.PeriodIndex) else index

    figure, axes = plt.subplots(figsize=(9, 4))
    axes.plot(times(series.index), series.to_numpy(), label="series")
    # The forecast line starts at the last observed value, so the two join.
    joined = pd.concat([series.iloc[-1:], result])
    axes.plot(times(joined.index), joined.to_numpy(), label="forecast")
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
