"""difference and integrate on small series whose differences are known by hand."""

import numpy as np
import pytest

from sklearn_rnn._differencing import difference, difference_lags, integrate

SQUARES = np.array([1.0, 4.0, 9.0, 16.0, 25.0, 36.0])  # differences 3, 5, 7, ...
POWERS = np.array([1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0])  # lag-2 differences 3 x^t


def test_one_ordinary_difference_by_default():
    np.testing.assert_array_equal(difference(SQUARES), [3, 5, 7, 9, 11])
    # history 1, 4 and the differences 5, 7, 9 give 9, 16, 25
    np.testing.assert_array_equal(integrate([5, 7, 9], [1, 4]), [9, 16, 25])


def test_second_differences_of_squares_are_two():
    np.testing.assert_array_equal(difference(SQUARES, 2), [2, 2, 2, 2])
    np.testing.assert_array_equal(integrate([2, 2, 2], [1, 4, 9], 2), [16, 25, 36])


def test_no_difference_returns_the_values_as_floats():
    values = np.array([3, 1, 2])
    for result in (difference(values, 0), integrate(values, [], 0)):
        assert result.dtype == np.float64
        np.testing.assert_array_equal(result, values)


def test_seasonal_difference_and_its_inverse():
    params = {"differences": 0, "seasonal_period": 2, "seasonal_differences": 1}
    np.testing.assert_array_equal(difference(POWERS, **params), [3, 6, 12, 24, 48])
    # POWERS[t] = POWERS[t - 2] + 3 POWERS[t - 2]: the history's last season is 4, 8
    restored = integrate([12, 24, 48], POWERS[:4], **params)
    np.testing.assert_array_equal(restored, [16, 32, 64])


def test_seasonal_then_ordinary_difference():
    params = {"differences": 1, "seasonal_period": 2, "seasonal_differences": 1}
    # lag-2 differences 3, 6, 12, 24, 48, then lag-1 differences of those
    np.testing.assert_array_equal(difference(POWERS, **params), [3, 6, 12, 24])
    restored = integrate([6, 12, 24], POWERS[:4], **params)
    np.testing.assert_array_equal(restored, [16, 32, 64])


def test_two_seasonal_differences():
    series = np.array([0.0, 1.0, 5.0, 2.0, 7.0, 3.0, 11.0])
    params = {"differences": 0, "seasonal_period": 2, "seasonal_differences": 2}
    # lag 2: 5, 1, 2, 1, 4; lag 2 again: -3, 0, 2
    np.testing.assert_array_equal(difference(series, **params), [-3, 0, 2])
    np.testing.assert_array_equal(integrate([0, 2], series[:5], **params), [3, 11])


def test_seasonal_period_without_seasonal_differences_is_ignored():
    np.testing.assert_array_equal(
        difference(POWERS, seasonal_period=2), np.diff(POWERS)
    )
    np.testing.assert_array_equal(
        integrate([4, 8], POWERS[:3], seasonal_period=2), [8, 16]
    )


def test_integrate_uses_the_end_of_a_long_history():
    # Only the last values of the history matter: the first ones are arbitrary.
    history = np.array([-50.0, 7.0, 1.0, 4.0, 9.0])
    np.testing.assert_array_equal(integrate([7, 9], history, 1), [16, 25])
    np.testing.assert_array_equal(integrate([2, 2], history, 2), [16, 25])
    params = {"differences": 0, "seasonal_period": 2, "seasonal_differences": 1}
    np.testing.assert_array_equal(integrate([5, 7], history, **params), [9, 16])


def test_columns_are_differenced_and_integrated_separately():
    series = np.column_stack([SQUARES, -2 * SQUARES])
    np.testing.assert_array_equal(
        difference(series),
        np.column_stack([[3, 5, 7, 9, 11], [-6, -10, -14, -18, -22]]),
    )
    restored = integrate([[7, -14], [9, -18]], series[:3])
    np.testing.assert_array_equal(restored, series[3:5])


def test_small_integer_inputs_do_not_overflow():
    # int8 arithmetic would wrap around at 127: the work is done in float64.
    series = np.array([100, -100, 100], dtype=np.int8)
    np.testing.assert_array_equal(difference(series), [-200, 200])
    np.testing.assert_array_equal(difference(series, 2), [400])
    restored = integrate(np.array([400], dtype=np.int16), series, 2)
    # history 100, -100, 100 (differences -200, 200): next difference 600, value 700
    np.testing.assert_array_equal(restored, [700])


@pytest.mark.parametrize(
    "differences, seasonal_period, seasonal_differences, lags",
    [
        (0, None, 0, []),
        (2, None, 3, [1, 1]),
        (1, 0, 1, [1]),
        (1, 12, 0, [1]),
        (2, 4, 2, [4, 4, 1, 1]),
    ],
)
def test_difference_lags_seasonal_first(
    differences, seasonal_period, seasonal_differences, lags
):
    assert difference_lags(differences, seasonal_period, seasonal_differences) == lags
