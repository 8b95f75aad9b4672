"""Tests of the sklearn-rnn command line, in-process and as a subprocess."""

import argparse
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

import sklearn_rnn
from sklearn_rnn import SeriesForecaster
from sklearn_rnn._cli import _describe_model, _describe_regressor, _fit, main

FAST = ["--max-iter", "3", "--hidden-size", "4"]
PREFIX = "sklearn-rnn forecast: "


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def table_rows(out):
    """The forecast table: the lines after 'forecast of the next ...'."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("forecast of"))
    header, *rows = lines[start + 1 :]
    return header.split(), [row.split() for row in rows if " saved to " not in row]


def assert_one_error_line(err, message):
    """stderr: warnings and one error line, each one line with the prefix."""
    lines = err.splitlines()
    assert all(line.startswith(PREFIX) for line in lines), err
    errors = [line for line in lines if line.startswith(PREFIX + "error: ")]
    assert len(errors) == 1, err
    assert "Traceback" not in err
    assert re.search(message, errors[0]), err


def write_series(path, index, values, *, name="value", sep=","):
    dates = index.astype(str) if isinstance(index, pd.PeriodIndex) else index
    frame = pd.DataFrame({"date": dates, name: values})
    frame.to_csv(path, index=False, sep=sep)
    return path


@pytest.fixture
def monthly_csv(tmp_path):
    months = pd.period_range("2000-01", periods=72, freq="M")
    t = np.arange(72)
    sales = 100 + t + 10 * np.sin(2 * np.pi * t / 12)
    path = tmp_path / "sales.csv"
    pd.DataFrame(
        {"month": months.astype(str), "store": 1, "sales": sales, "price": 2.5}
    ).to_csv(path, index=False)
    return path


@pytest.fixture
def daily_csv(tmp_path):
    days = pd.date_range("2024-01-01", periods=70, freq="D")
    load = 50 + 0.1 * np.arange(70) + 8 * (days.day_of_week >= 5)
    return write_series(tmp_path / "daily.csv", days.strftime("%Y-%m-%d"), load)


# -- the bundled data -----------------------------------------------------------------


def test_bundled_airline(capsys):
    status, out, err = run(capsys, "forecast", "--steps", "3", *FAST)
    assert status == 0 and err == ""
    assert out.startswith(
        "sklearn-rnn forecast: passengers, 144 values, 1949-01 .. 1960-12 "
        "(bundled airline data)\n"
    )
    assert (
        "model: log, seasonal period 12 (monthly data), differences at lag 12, "
        "standardised, windows of 12\n"
        "regressor: SimpleRNNRegressor(hidden_size=4, alpha=10), 3 of at most 3 "
        "epochs"
    ) in out
    assert "epoch 1/3" in out and "epoch 3/3" in out
    # Oct-Dec 1960 (461, 390, 432): naive from Sep 1960 (508), seasonal naive from
    # Oct-Dec 1959 (407, 362, 405).
    actual = np.array([461, 390, 432])
    naive = np.sqrt(np.mean((508 - actual) ** 2))
    seasonal = np.sqrt(np.mean((np.array([407, 362, 405]) - actual) ** 2))
    holdout = re.search(
        r"holdout RMSE over the last 3 values: model \d+\.\d, (.*)", out
    )
    assert holdout.group(1) == f"seasonal naive {seasonal:.1f}, naive {naive:.1f}"
    inside = re.search(r"holdout values: (\d) of 3 inside the 90% interval\n", out)
    assert 0 <= int(inside.group(1)) <= 3
    header, rows = table_rows(out)
    assert header == ["month", "passengers", "lower", "upper"]
    assert [row[0] for row in rows] == ["1961-01", "1961-02", "1961-03"]
    for _, point, lower, upper in rows:
        assert 0 < float(lower) < float(point) < float(upper)


def test_quiet_hides_progress(capsys):
    status, out, _ = run(capsys, "forecast", "--steps", "2", "--quiet", *FAST)
    assert status == 0
    assert "epoch 1/" not in out
    assert [row[0] for row in table_rows(out)[1]] == ["1961-01", "1961-02"]


def test_same_seed_same_forecast(capsys):
    first = run(capsys, "forecast", "--steps", "2", "--random-state", "3", *FAST)
    second = run(capsys, "forecast", "--steps", "2", "--random-state", "3", *FAST)
    assert first == second


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out == f"sklearn-rnn {sklearn_rnn.__version__}\n"


# -- seasonality: the library's table -------------------------------------------------


def test_daily_csv_gets_seasonal_period_7(capsys, daily_csv):
    status, out, err = run(capsys, "forecast", str(daily_csv), "--steps", "7", *FAST)
    assert status == 0, err
    assert "seasonal period 7 (daily data), differences at lag 7," in out
    assert re.search(r"model [\d.]+, seasonal naive [\d.]+, naive [\d.]+\n", out)
    assert [row[0] for row in table_rows(out)[1]][:2] == ["2024-03-11", "2024-03-12"]


@pytest.mark.parametrize(
    "option, expected",
    [
        ("14", "seasonal period 14 (--seasonal-period), differences at lag 14,"),
        ("none", "no seasonal period (--seasonal-period none), differences at lag 1,"),
        ("0", "no seasonal period (--seasonal-period none), differences at lag 1,"),
    ],
)
def test_seasonal_period_option_overrides(capsys, daily_csv, option, expected):
    argv = ["forecast", str(daily_csv), "--seasonal-period", option, "--quiet"]
    status, out, err = run(capsys, *argv, *FAST)
    assert status == 0, err
    assert expected in out
    assert ("seasonal naive" in out) == (option == "14")


@pytest.mark.parametrize(
    "freq, period, word",
    [("QS", 4, "quarterly"), ("h", 24, "hourly"), ("B", 5, "business-day")],
)
def test_frequencies_get_the_library_seasonal_period(
    capsys, tmp_path, freq, period, word
):
    index = pd.date_range("2001-01-01", periods=80, freq=freq)
    path = write_series(tmp_path / "series.csv", index, 10 + np.arange(80.0) % period)
    argv = ["forecast", str(path), "--window", "3", "--steps", "2", "--quiet"]
    status, out, err = run(capsys, *argv, "--coverage", "none", *FAST)
    assert status == 0, err
    assert (
        f"seasonal period {period} ({word} data), differences at lag {period}," in out
    )


# -- CSV files --------------------------------------------------------------------


def test_csv_with_dates_and_output(capsys, monthly_csv, tmp_path):
    output = tmp_path / "forecast.csv"
    status, out, err = run(
        capsys, "forecast", str(monthly_csv), "--column", "sales", "--window", "6",
        "--steps", "4", "--output", str(output), *FAST,
    )  # fmt: skip
    assert status == 0, err
    assert "sales, 72 values, 2000-01 .. 2005-12" in out
    saved = pd.read_csv(output)
    assert list(saved.columns) == ["month", "sales", "lower", "upper"]
    assert saved["month"].tolist() == ["2006-01", "2006-02", "2006-03", "2006-04"]
    printed = np.array([[float(v) for v in row[1:]] for row in table_rows(out)[1]])
    np.testing.assert_allclose(printed, saved.iloc[:, 1:], atol=0.05)


def test_several_coverages(capsys, monthly_csv, tmp_path):
    output = tmp_path / "forecast.csv"
    status, out, err = run(
        capsys, "forecast", str(monthly_csv), "--column", "sales", "--steps", "3",
        "--coverage", "0.95,0.8", "--output", str(output), "--quiet", *FAST,
    )  # fmt: skip
    assert status == 0, err
    inside = re.search(
        r"holdout values: (\d) of 3 inside the 80% interval, (\d) of 3 inside the "
        r"95% interval\n",
        out,
    )
    assert int(inside.group(1)) <= int(inside.group(2))  # nested intervals
    columns = ["sales", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert table_rows(out)[0] == ["month", *columns]
    saved = pd.read_csv(output, index_col="month")
    assert list(saved.columns) == columns
    assert (saved["lower_95"] <= saved["lower_80"]).all()
    assert (saved["lower_80"] < saved["sales"]).all()
    assert (saved["sales"] < saved["upper_80"]).all()
    assert (saved["upper_80"] <= saved["upper_95"]).all()


def test_coverage_none_prints_no_interval_and_the_same_forecast(capsys, monthly_csv):
    argv = ["forecast", str(monthly_csv), "--column", "sales", "--steps", "2"]
    status, out, _ = run(capsys, *argv, "--coverage", "none", *FAST)
    assert status == 0
    assert table_rows(out)[0] == ["month", "sales"]
    assert "inside the" not in out
    # The backtest that calibrates the intervals also chooses the smoothing
    # weight: without intervals the weights and the forecast are the same.
    status, with_intervals, _ = run(capsys, *argv, *FAST)
    assert status == 0
    forecasts, weights = [], []
    for text in (out, with_intervals):
        forecasts.append([row[:2] for row in table_rows(text)[1]])
        weights.append([line for line in text.splitlines() if " weight " in line])
    assert forecasts[0] == forecasts[1]
    assert weights[0] == weights[1]
    assert len(weights[0]) == 2  # the holdout's fit and the final one
    assert all(
        line.endswith("(chosen on the calibration backtest)") for line in weights[0]
    )


def test_csv_default_column_is_the_last(capsys, monthly_csv):
    status, out, _ = run(capsys, "forecast", str(monthly_csv), "--steps", "1", *FAST)
    assert status == 0
    assert table_rows(out)[0][:2] == ["month", "price"]


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_semicolon_tab_and_pipe_separated_files(capsys, tmp_path, sep):
    months = pd.period_range("2000-01", periods=40, freq="M")
    path = write_series(tmp_path / "s.csv", months, 10 + np.arange(40.0), sep=sep)
    status, out, err = run(capsys, "forecast", str(path), "--steps", "2", *FAST)
    assert status == 0, err
    assert "value, 40 values, 2000-01 .. 2003-04" in out


def test_semicolon_files_read_decimal_commas(capsys, tmp_path):
    months = pd.period_range("2000-01", periods=40, freq="M")
    values = 10 + np.arange(40.0) / 4
    path = tmp_path / "eu.csv"
    rows = [f"{m};{v}".replace(".", ",") for m, v in zip(months.astype(str), values)]
    path.write_text("date;value\n" + "\n".join(rows) + "\n")
    out_eu, out_points = tmp_path / "f.csv", tmp_path / "g.csv"
    status, out, err = run(
        capsys, "forecast", str(path), "--steps", "2", "--output", str(out_eu), *FAST
    )
    assert status == 0, err
    assert "value, 40 values, 2000-01 .. 2003-04" in out
    # The same numbers written with points give the same forecast.
    points = write_series(tmp_path / "p.csv", months, values, sep=";")
    argv = ["forecast", str(points), "--steps", "2", "--output", str(out_points)]
    assert run(capsys, *argv, *FAST)[0] == 0
    pd.testing.assert_frame_equal(pd.read_csv(out_eu), pd.read_csv(out_points))


def test_a_decimal_comma_outside_a_semicolon_file_is_an_error_that_says_so(
    capsys, tmp_path
):
    path = tmp_path / "tab.csv"
    path.write_text(
        "month\tvalue\n" + "".join(f"2000-{m:02d}\t1,5\n" for m in range(1, 13))
    )
    status, out, err = run(capsys, "forecast", str(path), *FAST)
    assert status == 2
    assert_one_error_line(
        err,
        r"has a non-numeric value '1,5' on line 2; it needs numbers; decimal commas "
        r"are read in semicolon-separated files only, use a point or separate the "
        r"columns with semicolons$",
    )


def test_csv_without_dates_and_unsorted_daily_dates(capsys, tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("level\n" + "\n".join(str(v) for v in range(-5, 25)) + "\n")
    status, out, _ = run(capsys, "forecast", str(plain), "--window", "3", *FAST)
    assert status == 0
    assert "model: no seasonal period, differences at lag 1," in out  # no log
    header, rows = table_rows(out)
    assert header == ["step", "level", "lower", "upper"]
    assert [row[0] for row in rows] == [str(i) for i in range(30, 42)]

    days = pd.date_range("2024-03-01", periods=30, freq="D")
    daily = tmp_path / "daily.csv"
    frame = pd.DataFrame({"when": days.strftime("%Y-%m-%d"), "load": np.arange(30) + 1})
    frame.iloc[::-1].to_csv(daily, index=False)  # newest first
    status, out, _ = run(
        capsys, "forecast", str(daily), "--date-column", "when", "--window", "3",
        "--steps", "2", *FAST,
    )  # fmt: skip
    assert status == 0
    assert "load, 30 values, 2024-03-01 .. 2024-03-30" in out
    assert [row[0] for row in table_rows(out)[1]] == ["2024-03-31", "2024-04-01"]


def test_monthly_csv_with_two_missing_months_warns_and_fills(capsys, tmp_path):
    months = pd.period_range("2000-01", periods=72, freq="M")
    values = 100 + np.arange(72.0)
    keep = np.ones(72, bool)
    keep[[40, 41]] = False  # May and June 2003
    path = write_series(tmp_path / "gaps.csv", months[keep], values[keep])
    status, out, err = run(capsys, "forecast", str(path), "--steps", "2", *FAST)
    assert status == 0, err
    assert err == (
        f"{PREFIX}warning: the dates of 'date' in {str(path)!r} miss 2 of the 72 "
        "monthly periods from 2000-01 to 2005-12 (the first gap: 2003-05 .. "
        "2003-06); the model is trained on the monthly series with the 2 missing "
        "values filled by linear interpolation\n"
    )
    assert "value, 72 values, 2000-01 .. 2005-12" in out
    assert "seasonal period 12 (monthly data)" in out  # not positions and lag 1
    assert [row[0] for row in table_rows(out)[1]] == ["2006-01", "2006-02"]


def test_irregular_dates_warn_and_number_by_step(capsys, tmp_path):
    start = pd.Timestamp("2024-01-01")
    days = np.cumsum(np.tile([1, 2, 4], 10))  # no frequency fits: 1, 2, 4 days apart
    dates = (start + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d")
    path = write_series(tmp_path / "uneven.csv", dates, 5 + np.arange(30.0))
    argv = ["forecast", str(path), "--window", "3", "--steps", "2", "--quiet"]
    status, out, err = run(capsys, *argv, *FAST)
    assert status == 0
    assert err.startswith(
        f"{PREFIX}warning: the dates of 'date' in {str(path)!r} are not evenly "
        "spaced and fit no regular frequency with at most 20% of its periods "
        "missing (the spacing changes after 2024-01-04); the model ignores the "
        "dates: no seasonal period, the forecast numbered by step."
    )
    assert [row[0] for row in table_rows(out)[1]] == ["30", "31"]


@pytest.mark.parametrize(
    "dates, first, changed",
    [
        # Month first, 13/01/2000 is no date.
        (
            pd.date_range("2000-01-01", periods=40, freq="D"),
            "2000-01-01",
            "'02/01/2000' is 2000-01-02",
        ),
        # Month first, these are dates, but 1 Jan, 2 Jan, ... 12 Jan, 1 Feb, ...
        (
            pd.date_range("2000-01-01", periods=40, freq="MS"),
            "2000-01",
            "'01/02/2000' is 2000-02-01",
        ),
    ],
    ids=["daily", "monthly"],
)
def test_day_first_dates_are_read_day_first_with_a_warning(
    capsys, tmp_path, dates, first, changed
):
    path = write_series(tmp_path / "dmy.csv", dates.strftime("%d/%m/%Y"), np.ones(40))
    argv = ["forecast", str(path), "--steps", "2"]
    status, out, err = run(capsys, *argv, *FAST)
    assert status == 0, err
    warned = [line for line in err.splitlines() if line.startswith(PREFIX)]
    assert len(warned) == 1, err
    assert re.search(
        rf"{PREFIX}warning: read the dates of .date. in .* day first \({changed}\): "
        r"month first "
        r"they are not all dates or not evenly spaced, day first they are; give "
        r"--date-format to read them otherwise$",
        warned[0],
    )
    assert f"40 values, {first} .. " in out
    # --date-format reads them without the guess, and so without the warning.
    status, out, err = run(capsys, *argv, "--date-format", "%d/%m/%Y", *FAST)
    assert status == 0 and "warning" not in err
    assert f"40 values, {first} .. " in out


def test_dates_that_neither_reading_reads_still_need_date_format(capsys, tmp_path):
    text = list(pd.date_range("2000-01-01", periods=40, freq="D").strftime("%d/%m/%Y"))
    text[20] = "21-01-2000 noon"
    path = write_series(tmp_path / "dmy.csv", pd.Index(text), np.ones(40))
    status, out, err = run(capsys, "forecast", str(path), *FAST)
    assert status == 2 and out == ""
    assert_one_error_line(
        err,
        r"cannot read '13/01/2000' on line 14 of .* as a date; give the format of "
        r"the dates with --date-format, e.g. %d/%m/%Y$",
    )


def test_forecast_past_2262(capsys, tmp_path):
    # Nanosecond dates end on 2262-04-11; the command line reads microseconds.
    days = pd.date_range(end="2262-04-10", periods=40, freq="D")
    path = write_series(tmp_path / "late.csv", days.strftime("%Y-%m-%d"), np.ones(40))
    argv = ["forecast", str(path), "--window", "3", "--steps", "3", "--quiet"]
    status, out, err = run(capsys, *argv, "--coverage", "none", *FAST)
    assert status == 0, err
    dates = [row[0] for row in table_rows(out)[1]]
    assert dates == ["2262-04-11", "2262-04-12", "2262-04-13"]


# -- the holdout ------------------------------------------------------------------


def plain_csv(tmp_path, length):
    path = tmp_path / f"plain{length}.csv"
    path.write_text("v\n" + "\n".join(str(v) for v in range(1, length + 1)) + "\n")
    return path


SMALL = ["--window", "3", "--steps", "2", "--differences", "1", "--quiet"]


def test_holdout_at_the_full_window_limit(capsys, tmp_path):
    # 5 training values = 1 difference + window 3 + horizon 1: the window fits.
    status, out, err = run(capsys, "forecast", str(plain_csv(tmp_path, 7)), *SMALL)
    assert status == 0
    assert "holdout: training on the first 5 values\n" in out
    assert "windows of 3\n" in out.split("holdout RMSE")[0]
    assert "window=" not in err
    # One value fewer: the forecaster shrinks the window, and says so.
    status, out, err = run(capsys, "forecast", str(plain_csv(tmp_path, 6)), *SMALL)
    assert status == 0
    assert "windows of 2\n" in out.split("holdout RMSE")[0]
    assert f"{PREFIX}warning: series has 4 steps, too few for window=3" in err


def test_holdout_at_the_smallest_series(capsys, tmp_path):
    # 3 training values: the least the forecaster fits (1 difference, window 1).
    status, out, _ = run(capsys, "forecast", str(plain_csv(tmp_path, 5)), *SMALL)
    assert status == 0
    assert "holdout RMSE over the last 2 values: model" in out
    status, out, _ = run(capsys, "forecast", str(plain_csv(tmp_path, 4)), *SMALL)
    assert status == 0
    assert "no holdout: the forecaster refuses the first 2: series has 2 steps" in out
    assert [row[0] for row in table_rows(out)[1]] == ["4", "5"]
    argv = ["forecast", str(plain_csv(tmp_path, 3)), *SMALL, "--steps", "3"]
    status, out, _ = run(capsys, *argv)
    assert status == 0
    assert "series too short to hold out the last 3 values: no holdout" in out


def test_early_stop_says_why(capsys):
    series = pd.Series(np.sin(np.arange(60) / 3) + 2)
    model = SeriesForecaster(window=3).set_params(
        regressor__max_iter=50, regressor__tol=10.0, regressor__hidden_size=4
    )
    args = argparse.Namespace(quiet=False)
    _fit(model, series, args)
    n_iter = model.regressor_.n_iter_
    assert n_iter < 50
    assert capsys.readouterr().out.endswith(
        f"  stopped at epoch {n_iter} of 50: training loss improved less than "
        "tol=10 for 10 epochs\n"
    )


def test_a_combined_forecast_says_its_smoothing_weight():
    model = SeriesForecaster(LinearRegression(), window=3)
    model.fit(pd.Series(np.arange(1.0, 31.0)))
    args = argparse.Namespace(seasonal_period="auto")
    model.smoothing_weight_ = 0.0
    assert _describe_model(model, args, None).endswith("regressor: LinearRegression()")
    model.smoothing_weight_ = 0.25
    assert _describe_model(model, args, None).endswith(
        "regressor: LinearRegression(); combined with exponential smoothing at "
        "weight 0.25"
    )
    chosen = SeriesForecaster(LinearRegression(), window=3, smoothing_weight="backtest")
    chosen.fit(pd.Series(np.arange(1.0, 31.0) ** 1.5))
    assert _describe_model(chosen, args, None).endswith(
        "regressor: LinearRegression(); combined with exponential smoothing at "
        f"weight {chosen.smoothing_weight_:g} (chosen on the calibration backtest)"
    )
    chosen.set_params(calibration_windows=0).fit(pd.Series(np.arange(1.0, 31.0)))
    assert _describe_model(chosen, args, None).endswith("at weight 0.5")


def test_other_regressors_are_described_by_their_repr(capsys):
    model = SeriesForecaster(LinearRegression(fit_intercept=False), window=3)
    _fit(model, pd.Series(np.arange(30.0)), argparse.Namespace(quiet=False))
    assert capsys.readouterr().out == ""  # no epochs to show
    assert _describe_regressor(model.regressor_) == (
        "LinearRegression(fit_intercept=False)"
    )


# -- output -------------------------------------------------------------------------


def test_plot(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    plot = tmp_path / "forecast.png"
    status, out, _ = run(capsys, "forecast", "--steps", "2", "--plot", str(plot), *FAST)
    assert status == 0
    assert plot.read_bytes().startswith(b"\x89PNG")
    assert f"plot saved to {plot}" in out


def test_plot_without_matplotlib(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import raises ImportError
    status, out, err = run(capsys, "forecast", "--plot", "x.png", *FAST)
    assert status == 2 and out == ""
    assert "--plot needs matplotlib" in err and "pip install" in err


@pytest.mark.parametrize(
    "option, path, message",
    [
        (
            "--output",
            "missing/forecast.csv",
            "the directory '.*missing' does not exist",
        ),
        ("--output", "forecast.txt", "needs one of the extensions .csv"),
        ("--output", ".", "needs one of the extensions .csv"),
        ("--output", "folder.csv", "it is a directory"),
        ("--plot", "missing/forecast.png", "the directory '.*missing' does not exist"),
        ("--plot", "forecast.xyz", "needs one of the extensions .*png"),
    ],
)
def test_output_paths_are_checked_before_training(
    capsys, tmp_path, option, path, message
):
    if option == "--plot":
        pytest.importorskip("matplotlib")
    (tmp_path / "folder.csv").mkdir()
    target = str(tmp_path / path)
    status, out, err = run(capsys, "forecast", option, target, *FAST)
    assert status == 2
    assert out == ""  # not even the first line: nothing was trained
    assert_one_error_line(err, message)


# -- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, extra, message",
    [
        (None, [], "cannot read .*missing.csv.*: no such file"),
        ("", [], "the file is empty"),
        ('a,b\n1,2\n3,4,5,6\n"x', [], "cannot read .* as CSV: Error tokenizing"),
        ("month,value\n", [], "has a header but no rows"),
        (
            "month,value\n2000-01,1\n",
            ["--column", "sales"],
            "--column 'sales' is not a column of .*; its columns are: month, value",
        ),
        (
            "month,value\n2000-01,1\n",
            ["--date-column", "day"],
            "--date-column 'day' is not a column",
        ),
        (
            "month,value\n2000-01,1\n2000-02,abc\n",
            [],
            "column 'value' of .* has a non-numeric value 'abc' on line 3",
        ),
        (
            "month,value\n2000-01,1\n2000-02,\n2000-03,2\n",
            [],
            "column 'value' of .* has a missing value on line 3",
        ),
        (
            "month,value\nsoon,1\nlater,2\n",
            ["--date-column", "month"],
            "cannot read 'soon' on line 2 of .* as a date; give the format",
        ),
        (
            "month,value\n2000-01,1\n2000-03,2\nlater,3\n",
            [],
            "cannot read 'later' on line 4 of .* as a date",
        ),
        (
            "month,value\n2000-01,1\n2000-02,2\n2000-02,3\n",
            [],
            r"the date 2000-02-01 appears twice in .* \(lines 3 and 4\)",
        ),
        (
            "date\n2000-01-01\n2000-01-02\n2000-01-03\n",
            ["--date-column", "date"],
            "has only the column 'date', which holds the dates; it needs a column "
            "of values too",
        ),
        (
            "month,sales,price,note\n2000-01,1,2,a\n2000-02,2,3,b\n",
            [],
            "the last column 'note' of .* is not numeric; name the column to "
            r"forecast with --column \(numeric columns: sales, price\)",
        ),
        (
            "month,value\n2000-01,1\n2000-02,2\n",
            ["--column", "value", "--date-column", "value"],
            "--column and --date-column both name 'value'",
        ),
        (
            "value\n1\n2\n3\n",
            ["--date-format", "%Y"],
            "--date-format is given, but .* has no date column",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, tmp_path, content, extra, message):
    path = tmp_path / "missing.csv"
    if content is not None:
        path.write_text(content)
    status, out, err = run(capsys, "forecast", str(path), *extra, *FAST)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(PREFIX + "error: ")
    assert_one_error_line(err, message)


@pytest.mark.parametrize(
    "content, message",
    [
        # Too short for any forecaster: its own ValueError, in one line.
        ("v\n1\n2\n", "series has 2 steps, fewer than differences"),
        # Differences that overflow float64 (the fuzzer's case).
        ("v\n" + "1e308\n-1e308\n" * 20, "overflows float64"),
    ],
)
def test_library_errors_exit_2_with_one_line(capsys, tmp_path, content, message):
    path = tmp_path / "series.csv"
    path.write_text(content)
    status, _, err = run(capsys, "forecast", str(path), "--steps", "1", *FAST)
    assert status == 2
    assert_one_error_line(err, message)


def test_short_seasonal_series_warning_is_one_line(capsys, tmp_path):
    # 20 months: too few for a difference at lag 12 and a window of 12.
    months = pd.period_range("2000-01", periods=20, freq="M")
    path = write_series(tmp_path / "short.csv", months, 10 + np.arange(20.0))
    argv = ["forecast", str(path), "--steps", "2", "--coverage", "none", "--quiet"]
    status, out, err = run(capsys, *argv, "--window", "12", *FAST)
    assert status == 0
    assert err and all(
        line.startswith(PREFIX + "warning: ") for line in err.splitlines()
    )
    assert "seasonal" in err
    assert "model: log, seasonal period 12 (monthly data), differences at lag 1," in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["forecast", "--window", "0"],
            "--window: expected 'auto' or an integer >= 1, got 0",
        ),
        (
            ["forecast", "--steps", "two"],
            "--steps: expected an integer >= 1, got 'two'",
        ),
        (
            ["forecast", "--steps", "10000000000000000000"],
            "--steps: expected an integer from 1 to 10000000, got 10000000000000000000",
        ),
        ([], "the following arguments are required: COMMAND"),
        (
            ["forecast", "--random-state", "-1"],
            "--random-state: expected an integer >= 0, got -1",
        ),
        (
            ["forecast", "--random-state", str(2**32)],
            "--random-state: expected an integer below 2**32, got 4294967296",
        ),
        (
            ["forecast", "--seasonal-period", "1"],
            "--seasonal-period: expected 'auto', 'none' (or 0) or an integer >= 2",
        ),
        (
            ["forecast", "--coverage", "0.8,1.5"],
            "--coverage: expected numbers in (0, 1) separated by commas, or 'none'; "
            "got '1.5'",
        ),
        (["train"], "invalid choice: 'train'"),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err


@pytest.mark.parametrize("option", ["--column", "--date-column", "--date-format"])
def test_column_options_need_a_csv(capsys, option):
    status, out, err = run(capsys, "forecast", option, "passengers", *FAST)
    assert status == 2 and out == ""
    assert err == (
        f"sklearn-rnn forecast: error: {option} needs a CSV file; the bundled "
        "airline data has the one column passengers\n"
    )


def test_help_exits_0(capsys):
    status, out, _ = run(capsys, "forecast", "--help")
    assert status == 0
    for option in ("--date-column", "--date-format", "--seasonal-period", "--coverage"):
        assert option in out


def test_subprocess():
    done = subprocess.run(
        [sys.executable, "-m", "sklearn_rnn", "forecast", "--steps", "2", "--quiet",
         *FAST],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "1961-02" in done.stdout and "epoch 1/" not in done.stdout
    version = subprocess.run(
        [sys.executable, "-m", "sklearn_rnn", "--version"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (version.returncode, version.stdout) == (0, "sklearn-rnn 0.1.0\n")
