"""Tests of the sklearn-rnn command line, in-process and as a subprocess."""

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sklearn_rnn._cli import main

FAST = ["--max-iter", "3", "--hidden-size", "4"]


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def table_rows(out):
    """The forecast table: the lines after 'forecast of the next ...'."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("forecast of"))
    header, *rows = lines[start + 1 :]
    return header.split(), [row.split() for row in rows if not row.endswith(".csv")]


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


def test_bundled_airline(capsys):
    status, out, err = run(capsys, "forecast", "--steps", "3", *FAST)
    assert status == 0 and err == ""
    assert out.startswith(
        "sklearn-rnn forecast: passengers, 144 values, 1949-01 .. 1960-12 "
        "(bundled airline data)\n"
    )
    assert "log, differences at lag 12, standardised, windows of 12" in out
    assert "epoch 1/3" in out and "epoch 3/3" in out
    assert "holdout RMSE over the last 3 values: model " in out
    # naive forecast of Oct-Dec 1960 (461, 390, 432) from Sep 1960 (508):
    naive = np.sqrt(np.mean((508 - np.array([461, 390, 432])) ** 2))
    assert f"naive last value {naive:.1f}" in out
    header, rows = table_rows(out)
    assert header == ["month", "passengers"]
    assert [row[0] for row in rows] == ["1961-01", "1961-02", "1961-03"]
    assert all(float(row[1]) > 0 for row in rows)


def test_quiet_hides_progress(capsys):
    status, out, _ = run(capsys, "forecast", "--steps", "2", "--quiet", *FAST)
    assert status == 0
    assert "epoch 1/" not in out
    assert [row[0] for row in table_rows(out)[1]] == ["1961-01", "1961-02"]


def test_same_seed_same_forecast(capsys):
    first = run(capsys, "forecast", "--steps", "2", "--random-state", "3", *FAST)
    second = run(capsys, "forecast", "--steps", "2", "--random-state", "3", *FAST)
    assert first == second


def test_csv_with_dates_and_output(capsys, monthly_csv, tmp_path):
    output = tmp_path / "forecast.csv"
    status, out, err = run(
        capsys, "forecast", str(monthly_csv), "--column", "sales", "--window", "6",
        "--steps", "4", "--output", str(output), *FAST,
    )  # fmt: skip
    assert status == 0, err
    assert "sales, 72 values, 2000-01 .. 2005-12" in out
    saved = pd.read_csv(output)
    assert list(saved.columns) == ["month", "sales"]
    assert saved["month"].tolist() == ["2006-01", "2006-02", "2006-03", "2006-04"]
    printed = [float(row[1]) for row in table_rows(out)[1]]
    np.testing.assert_allclose(printed, saved["sales"], atol=0.05)


def test_csv_default_column_is_the_last(capsys, monthly_csv):
    status, out, _ = run(capsys, "forecast", str(monthly_csv), "--steps", "1", *FAST)
    assert status == 0
    assert table_rows(out)[0] == ["month", "price"]


def test_csv_without_dates_and_unsorted_daily_dates(capsys, tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_text("level\n" + "\n".join(str(v) for v in range(-5, 25)) + "\n")
    status, out, _ = run(capsys, "forecast", str(plain), "--window", "3", *FAST)
    assert status == 0
    assert "differences at lag 1," in out and "log" not in out  # negative values
    header, rows = table_rows(out)
    assert header == ["step", "level"]
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
            "--date-column 'month' of .* does not hold dates",
        ),
        (
            "value\n1\n2\n3\n4\n5\n",
            ["--window", "12"],
            "the series has 5 values, too few for --window 12: it needs at least 14",
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
    assert err.count("\n") == 1 and err.startswith("sklearn-rnn forecast: error: ")
    assert "Traceback" not in err
    assert re.search(message, err), err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["forecast", "--window", "0"], "--window: expected an integer >= 1, got 0"),
        (
            ["forecast", "--steps", "two"],
            "--steps: expected an integer >= 1, got 'two'",
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
        (["train"], "invalid choice: 'train'"),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err


@pytest.mark.parametrize("option", ["--column", "--date-column"])
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
    assert "--date-column" in out and "--hidden-size" in out


def test_subprocess():
    done = subprocess.run(
        [sys.executable, "-m", "sklearn_rnn", "forecast", "--steps", "2", "--quiet",
         *FAST],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "1961-02" in done.stdout and "epoch 1/" not in done.stdout
