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
import math
import sys
import warnings

import numpy as np
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning

from . import SeriesForecaster, SimpleRNNRegressor, __version__
from ._cli_io import (
    InputError,
    check_output_paths,
    freq_word,
    label,
    load_series,
    save_csv,
    save_plot,
    warn,
)
from ._series import MAX_STEPS, check_positive_int

__all__ = ["main"]

_PROG = "sklearn-rnn"


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
    except (InputError, ValueError, TypeError) as error:
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
        type=_integer(1, auto=True),
        default="auto",
        help=(
            "past values the network reads per prediction, or 'auto': 12, fewer "
            "(a quarter of the differenced values) on a short series (default: auto)"
        ),
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
    check_output_paths(args)
    series, source = load_series(args)
    decimals = _decimals(series)
    print(
        f"{_PROG} forecast: {series.name}, {len(series)} values, "
        f"{label(series.index[0])} .. {label(series.index[-1])} ({source})"
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
        save_csv(result, args.output)
    if args.plot:
        save_plot(series, result, args.coverage, args.plot)
    return 0


def _build_model(args):
    """A SeriesForecaster with its defaults, set by the options given."""
    model = SeriesForecaster(
        window=args.window,
        differences=args.differences,
        seasonal_period=args.seasonal_period,
        random_state=args.random_state,
        # Also without intervals: the backtest chooses the smoothing weight, so
        # that --coverage none prints the same forecast.
        calibration_windows="auto",
    )
    for option, name in (("--hidden-size", "hidden_size"), ("--max-iter", "max_iter")):
        value = getattr(args, name)
        if value is None:
            continue
        try:
            model.set_params(**{f"regressor__{name}": value})
        except ValueError:
            raise InputError(
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
            source = f"{freq_word(index) or 'dated'} data"
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
        if model._chooses_weight(model.calibration_windows_):
            regressor += " (chosen on the calibration backtest)"
    return f"model: {', '.join(steps)}\nregressor: {regressor}"


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
        warn(f"no prediction interval for {what}: {error}")
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


def _print_table(result, decimals):
    """The forecast table: dates, then one right-aligned column per value."""
    index_name = result.index.name or "step"
    columns = [[index_name, *map(label, result.index)]]
    for name in result.columns:
        values = [f"{value:.{decimals}f}" for value in result[name]]
        columns.append([str(name), *values])
    widths = [max(map(len, column)) for column in columns]
    for row in zip(*columns):
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        print("  ".join(cells))
