"""Tests of the data-driven transform and differencing choice."""

import warnings

import numpy as np
import pytest

from sklearn_rnn._transform_choice import (
    SEASONAL_STRENGTH_THRESHOLD,
    choose_transform,
    guerrero_variation,
    seasonal_indices,
    seasonal_strength,
)

MONTHS = np.arange(144)


def seasonal_series(seed, n=144):
    """A monthly series: a yearly pattern, a random-walk level, noise."""
    rng = np.random.default_rng(seed)
    months = np.arange(n)
    level = np.cumsum(0.3 * rng.normal(size=n))
    return 10 * np.sin(months * np.pi / 6) + level + rng.normal(size=n)


@pytest.mark.parametrize("seed", range(5))
def test_seasonal_series_is_strongly_seasonal(seed):
    assert seasonal_strength(seasonal_series(seed), 12) > SEASONAL_STRENGTH_THRESHOLD


@pytest.mark.parametrize("seed", range(5))
def test_white_noise_and_a_random_walk_are_not(seed):
    rng = np.random.default_rng(seed)
    assert seasonal_strength(rng.normal(size=144), 12) < 0.3
    assert seasonal_strength(np.cumsum(rng.normal(size=144)), 12) < 0.3


def test_under_three_seasons_have_no_measured_strength():
    assert seasonal_strength(seasonal_series(0, n=35), 12) == 0.0
    assert seasonal_strength(seasonal_series(0, n=36), 12) > 0.64


def test_strength_threshold_is_nsdiffs_default():
    assert SEASONAL_STRENGTH_THRESHOLD == 0.64


@pytest.mark.parametrize("seed", range(3))
def test_multiplicative_seasonal_positive_series_gets_the_log(seed):
    noise = np.random.default_rng(seed).normal(scale=0.02, size=144)
    growth = np.exp(0.02 * MONTHS + noise)
    series = 100 * growth * (1 + 0.3 * np.sin(MONTHS * np.pi / 6))
    assert choose_transform(series, 12) == "log"


@pytest.mark.parametrize("seed", range(3))
def test_additive_series_keeps_its_scale(seed):
    noise = np.random.default_rng(seed).normal(size=144)
    series = 200 + 0.5 * MONTHS + 10 * np.sin(MONTHS * np.pi / 6) + noise
    assert choose_transform(series, 12) is None


def test_log_needs_a_positive_series():
    series = 1 + np.exp(0.02 * MONTHS) * np.sin(MONTHS * np.pi / 6)
    assert series.min() <= 0
    assert choose_transform(series, 12) is None


def test_too_short_for_two_blocks_keeps_the_log_of_a_positive_series():
    assert choose_transform(np.array([1.0, 2.0, 4.0]), 12) == "log"
    assert choose_transform(np.array([1.0, -2.0, 4.0]), 12) is None


def test_guerrero_variation_is_zero_for_the_power_that_fits():
    level = np.repeat([1.0, 10.0, 100.0], 4)
    proportional = level * np.tile([0.9, 1.1, 0.9, 1.1], 3)  # sd grows with level
    assert guerrero_variation(proportional, 4, 0.0) == pytest.approx(0, abs=1e-12)
    constant_spread = level + np.tile([-1.0, 1.0, -1.0, 1.0], 3)
    assert guerrero_variation(constant_spread, 4, 1.0) == pytest.approx(0, abs=1e-12)
    assert np.isnan(guerrero_variation(level[:5], 4, 0.0))


def test_seasonal_indices_of_a_pure_pattern():
    pattern = np.array([3.0, -1.0, -2.0, 0.0])
    indices, strength = seasonal_indices(np.tile(pattern, 6) + 5.0, 4)
    np.testing.assert_allclose(indices, pattern)
    assert strength == pytest.approx(1.0)
    odd = np.array([1.0, -2.0, 1.0])
    np.testing.assert_allclose(seasonal_indices(np.tile(odd, 6), 3)[0], odd)


def test_seasonal_strength_bounds():
    rng = np.random.default_rng(0)
    assert seasonal_strength(rng.normal(size=144), 12) < 0.64
    assert seasonal_strength(np.sin(MONTHS * np.pi / 6), 12) > 0.99
    assert seasonal_strength(np.full(144, 2.0), 12) == 0.0
    assert seasonal_strength(np.arange(20.0), 12) == 0.0  # too short


def test_huge_positive_series_keeps_the_log_without_warnings():
    huge = 2e300 + 1e300 * np.sin(MONTHS * np.pi / 6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert choose_transform(huge, 12) == "log"
