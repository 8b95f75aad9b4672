"""Tests of _series: a series' validation, its time index, the forecast index and
the index state a fitted SeriesForecaster keeps (bad-input cases of the fuzzer)."""

import datetime
import warnings
import zoneinfo

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression

from sklearn_rnn import SeriesForecaster, forecast, make_windows
from sklearn_rnn._series import (
    MAX_STEPS,
    SeriesData,
    check_positive_int,
    future_index,
    index_state,
    rebuild_index,
    seasonal_period,
)

# The fuzzer's series: smooth, positive, 40 steps.
VALUES = 2 + np.sin(np.arange(40) / 3)


def linear_forecaster():
    return SeriesForecaster(LinearRegression(), window=3)


def plain_values(state):
    """The values skops saves without trusting a type: str, int, None."""
    return all(value is None or type(value) in (str, int) for value in state.values())


# -- steps --------------------------------------------------------------------------


@pytest.mark.parametrize("steps", [MAX_STEPS + 1, 2**63, 10**19])
def test_check_positive_int_refuses_steps_beyond_the_maximum(steps):
    with pytest.raises(ValueError, match=rf"steps must be .* to {MAX_STEPS}, got"):
        check_positive_int(steps, "steps", maximum=MAX_STEPS)


@pytest.mark.parametrize("steps", [2**63, 10**19])
def test_forecast_and_predict_refuse_huge_steps(steps):
    regressor = LinearRegression().fit(*make_windows(VALUES, 3))
    with pytest.raises(ValueError, match="steps must be an integer from 1 to"):
        forecast(regressor, VALUES, steps)
    model = linear_forecaster().fit(VALUES)
    with pytest.raises(ValueError, match=f"got steps={steps}"):
        model.predict(steps)


def test_check_positive_int_accepts_the_maximum_and_no_maximum():
    check_positive_int(MAX_STEPS, "steps", maximum=MAX_STEPS)
    check_positive_int(2**63, "window")  # no maximum given: any size


# -- time zones ---------------------------------------------------------------------


def fixed_offset_zones():
    pytz = pytest.importorskip("pytz")
    return [pytz.FixedOffset(330), datetime.timezone(datetime.timedelta(hours=-9.5))]


@pytest.mark.parametrize(
    "zone",
    [
        "pytz-fixed",
        "timezone-fixed",
        "UTC",
        "Europe/Paris",
        zoneinfo.ZoneInfo("America/New_York"),
    ],
)
def test_forecast_index_keeps_the_time_zone(zone):
    if zone == "pytz-fixed":
        zone = fixed_offset_zones()[0]
    elif zone == "timezone-fixed":
        zone = fixed_offset_zones()[1]
    # Ends on 2000-03-25: the next days cross the European and American DST change.
    index = pd.date_range(end="2000-03-25", periods=40, freq="D", tz=zone)
    model = linear_forecaster().fit(pd.Series(VALUES, index))
    assert plain_values(model._index_state)
    predicted = model.predict(3).index
    expected = pd.date_range(index[-1], periods=4, freq="D")[1:]
    assert list(predicted) == list(expected)
    assert [t.utcoffset() for t in predicted] == [t.utcoffset() for t in expected]


def test_fixed_offset_zone_is_stored_as_its_offset_in_seconds():
    pytz = pytest.importorskip("pytz")
    index = pd.date_range("2000-01-01", periods=3, freq="h", tz=pytz.FixedOffset(330))
    state = index_state(index)
    assert state["tz"] == 330 * 60
    rebuilt = rebuild_index(state)
    assert rebuilt[-1] == index[-1] and rebuilt[-1].utcoffset() == index[-1].utcoffset()


def test_dateutil_zone_is_stored_by_name():
    tz = pytest.importorskip("dateutil.tz")
    index = pd.date_range(
        end="2000-03-25", periods=5, freq="D", tz=tz.gettz("Europe/Paris")
    )
    state = index_state(index)
    assert isinstance(state["tz"], str)
    future = future_index(rebuild_index(state), 2)
    assert [t.utcoffset().total_seconds() for t in future] == [3600, 7200]  # DST


def test_skops_round_trip_with_a_fixed_offset_zone(tmp_path):
    sio = pytest.importorskip("skops.io")
    pytz = pytest.importorskip("pytz")
    index = pd.date_range("2000-01-01", periods=40, freq="D", tz=pytz.FixedOffset(-60))
    model = linear_forecaster().fit(pd.Series(VALUES, index))
    path = tmp_path / "forecaster.skops"
    sio.dump(model, path)
    # No type to trust for the index state: only the estimators' classes.
    untrusted = sio.get_untrusted_types(file=path)
    assert all("sklearn" in name for name in untrusted), untrusted
    loaded = sio.load(path, trusted=untrusted)
    pd.testing.assert_series_equal(loaded.predict(2), model.predict(2))


# -- TimedeltaIndex -----------------------------------------------------------------


def test_timedelta_index_is_continued():
    index = pd.timedelta_range("1h", periods=40, freq="h", name="elapsed")
    series = pd.Series(VALUES, index)
    model = linear_forecaster().fit(series)
    assert model.seasonal_period_ is None  # elapsed time has no calendar
    expected = pd.timedelta_range("41h", periods=2, freq="h", name="elapsed")
    pd.testing.assert_index_equal(model.predict(2).index, expected)
    regressor = LinearRegression().fit(*make_windows(series, 3))
    pd.testing.assert_index_equal(forecast(regressor, series, 2).index, expected)


def test_timedelta_index_without_stored_freq_is_inferred():
    index = pd.TimedeltaIndex(pd.to_timedelta(np.arange(40) * 15, unit="min"))
    assert index.freq is None
    expected = pd.to_timedelta([600, 615], unit="min")
    assert future_index(index, 2).tolist() == expected.tolist()
    assert seasonal_period(index) is None


# -- the ends of pandas' time range -------------------------------------------------


def near_the_end(unit):
    index = pd.date_range(end="2262-04-10", periods=40, freq="D", unit=unit)
    return pd.Series(VALUES, index)


def test_forecast_past_the_last_date_raises_a_clear_error():
    series = near_the_end("ns")
    message = (
        r"steps=3 periods of D after 2262-04-10 00:00:00 pass "
        r"2262-04-11 23:47:16.854775807, the last date an index of unit 'ns' can hold"
    )
    model = linear_forecaster().fit(series)
    with pytest.raises(ValueError, match=message):
        model.predict(3)
    regressor = LinearRegression().fit(*make_windows(series, 3))
    with pytest.raises(ValueError, match=message):
        forecast(regressor, series, 3)
    assert model.predict(1).index[0] == pd.Timestamp("2262-04-11")  # it fits


def test_forecast_index_fails_before_any_forecast_is_computed():
    data = SeriesData(near_the_end("ns"))
    with pytest.raises(ValueError, match="steps=3 periods of D"):
        data.forecast_index(3)
    index = data.forecast_index(1)
    wrapped = data.wrap_forecast(np.array([[5.0]]), index)
    assert wrapped.index.equals(index) and wrapped.iloc[0] == 5.0
    assert SeriesData(VALUES).forecast_index(3) is None


def test_forecast_in_a_coarser_unit_goes_past_2262():
    model = linear_forecaster().fit(near_the_end("s"))
    assert model.predict(3).index[-1] == pd.Timestamp("2262-04-13")


def test_timedelta_past_the_last_duration_raises_a_clear_error():
    end = pd.Timedelta(np.iinfo(np.int64).max, unit="ns").floor("h")
    index = pd.TimedeltaIndex([end - pd.Timedelta(hours=k) for k in range(39, -1, -1)])
    with pytest.raises(ValueError, match="steps=2 periods of h .* the last duration"):
        future_index(index, 2)


def test_forecaster_fitted_after_the_year_9999():
    index = pd.period_range("9999-01", periods=40, freq="M")  # ends 10002-04
    model = linear_forecaster().fit(pd.Series(VALUES, index))
    assert plain_values(model._index_state)
    assert list(model.predict(2).index) == list(index[-1] + np.array([1, 2]))


# -- SeriesData: what is a real-valued series ---------------------------------------


def test_complex_pandas_series_is_refused_like_a_complex_array():
    for series in (VALUES + 1j, pd.Series(VALUES + 1j)):
        with pytest.raises(TypeError, match="series must be numeric.*complex"):
            make_windows(series, 3)


def test_object_dtype_pandas_numbers_are_accepted():
    expected = make_windows(pd.Series(VALUES, name="v"), 3)
    objects = pd.Series(list(VALUES), dtype=object, name="v")
    X, y = make_windows(objects, 3)
    pd.testing.assert_frame_equal(X, expected[0])
    pd.testing.assert_series_equal(y, expected[1])
    frame = pd.DataFrame({"a": objects, "b": VALUES})
    assert SeriesData(frame).values.dtype == np.float64


def test_object_dtype_pandas_text_is_refused():
    text = pd.Series([str(v) for v in VALUES], dtype=object)
    with pytest.raises(TypeError, match="column 0 has dtype object.*pd.to_numeric"):
        make_windows(text, 3)


def test_tuple_target_names_one_multiindex_column():
    columns = pd.MultiIndex.from_tuples([("sales", "north"), ("sales", "south")])
    frame = pd.DataFrame(np.c_[VALUES, 2 * VALUES], columns=columns)
    X, y = make_windows(frame, 3, target=("sales", "south"))
    assert isinstance(y, pd.Series) and y.name == ("sales", "south")
    np.testing.assert_array_equal(y.to_numpy(), 2 * VALUES[3:])
    _, y = make_windows(frame, 3, target=[("sales", "south")])
    assert list(y.columns) == [("sales", "south")]
    # A tuple that is not a label is still a list of labels.
    _, y = make_windows(pd.DataFrame({"a": VALUES, "b": VALUES}), 3, target=("a", "b"))
    assert list(y.columns) == ["a", "b"]


@pytest.mark.parametrize("columns, repeated", [(["a", "a"], "'a'"), ([1, "1"], "'1'")])
def test_duplicate_column_names_are_refused(columns, repeated):
    frame = pd.DataFrame(np.c_[VALUES, VALUES], columns=columns)
    with pytest.raises(ValueError, match=f"several columns named {repeated}"):
        make_windows(frame, 3)


MONTHS = pd.date_range("2020-01-01", periods=40, freq="MS")


@pytest.mark.parametrize(
    "index, message",
    [
        (
            MONTHS[::-1],
            r"series' index runs newest first \(2023-04-01 00:00:00 down to "
            r"2020-01-01 00:00:00\); the values must be oldest first\. Sort it "
            r"first: series\.sort_index\(\)\.",
        ),
        (
            pd.period_range("2000Q1", periods=40, freq="Q")[::-1],
            r"runs newest first \(2009Q4 down to 2000Q1\)",
        ),
        (
            MONTHS[[0, 1, 3, 2, *range(4, 40)]],
            r"series' index is not in time order: step 3 \(2020-03-01 00:00:00\) "
            r"comes before step 2 \(2020-04-01 00:00:00\)\. Sort it first",
        ),
        (
            MONTHS[[0, 1, 1, *range(3, 40)]],
            r"series' index has the time 2020-02-01 00:00:00 twice \(steps 1 and "
            r"2\); one value per time is needed\. Aggregate them first",
        ),
        (
            pd.timedelta_range("0s", periods=40, freq="s")[
                [*range(20), 5, *range(21, 40)]
            ],
            r"not in time order: step 20 \(0 days 00:00:05\) comes before step 19",
        ),
        (
            MONTHS.where(np.arange(40) != 7, pd.NaT),
            r"series' index has a missing time \(NaT\) at step 7; drop those rows",
        ),
    ],
    ids=[
        "newest-first",
        "periods-newest-first",
        "swapped",
        "twice",
        "durations",
        "NaT",
    ],
)
def test_a_time_index_out_of_order_is_refused_everywhere(index, message):
    # Read as given, such a series would be fitted and forecast in the wrong
    # order (a newest-first PeriodIndex was forecast into its own past).
    series = pd.Series(VALUES, index=index)
    model = linear_forecaster()
    for call in (
        lambda: make_windows(series, 3),
        lambda: forecast(LinearRegression().fit(*make_windows(VALUES, 3)), series, 2),
        lambda: model.fit(series),
        lambda: model.fit(series.to_frame("v")),
    ):
        with pytest.raises(ValueError, match=message):
            call()
    assert not hasattr(model, "regressor_")


def test_a_sorted_time_index_and_numeric_labels_in_any_order_are_accepted():
    # Numbers are labels of positions, not times: their order is the user's.
    for index in (MONTHS, pd.Index(np.arange(40)[::-1]), pd.RangeIndex(40, 0, -1)):
        make_windows(pd.Series(VALUES, index=index), 3)


def test_irregular_dates_warn_that_the_forecast_is_numbered_by_step():
    days = pd.DatetimeIndex(
        pd.Timestamp("2024-01-01")
        + pd.to_timedelta(np.r_[np.arange(20), np.arange(21, 41)], "D")
    )  # one day missing
    series = pd.Series(VALUES, index=days)
    with pytest.warns(
        UserWarning,
        match=(
            r"series' index \(2024-01-01 00:00:00 to 2024-02-10 00:00:00, 40 values\) "
            r"has no regular frequency: .* forecasts are numbered by step from 40 \(a "
            r"RangeIndex\)\. Resample the series to a regular frequency first "
            r"\(series\.resample\) to forecast dates\.$"
        ),
    ):
        model = linear_forecaster().fit(series)
    assert model.seasonal_period_ is None
    pd.testing.assert_index_equal(model.predict(2).index, pd.RangeIndex(40, 42))


def test_regular_dates_fit_without_the_irregular_warning(recwarn):
    linear_forecaster().fit(pd.Series(VALUES, index=MONTHS))
    linear_forecaster().fit(
        pd.Series(VALUES, index=pd.bdate_range("2024-01-01", periods=40))
    )
    assert not [w for w in recwarn if "regular frequency" in str(w.message)]


def test_three_irregular_dates_warn_and_two_dates_do_not():
    # Three dates are the fewest a frequency can be inferred from: two have none
    # to infer, and warning on them would be wrong.
    three = pd.Series(
        [1.0, 2.0, 3.0],
        index=pd.DatetimeIndex(["2024-01-01", "2024-01-02", "2024-01-05"]),
    )
    model = SeriesForecaster(LinearRegression(), window=1)
    with pytest.warns(UserWarning, match="has no regular frequency"):
        model.fit(three)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="series has 2 steps, fewer than"):
            model.fit(three[:2])
