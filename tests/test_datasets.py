"""Tests of the bundled data sets."""

import numpy as np
import pandas as pd

from sklearn_rnn.datasets import load_airline


def test_load_airline():
    passengers = load_airline()
    assert isinstance(passengers, pd.Series)
    assert passengers.name == "passengers"
    assert passengers.dtype == np.float64
    assert len(passengers) == 144
    assert isinstance(passengers.index, pd.PeriodIndex)
    assert passengers.index.freqstr == "M"
    assert passengers.index[0] == pd.Period("1949-01", "M")
    assert passengers.index[-1] == pd.Period("1960-12", "M")
    assert passengers.index.is_monotonic_increasing and passengers.index.is_unique
    # Box & Jenkins' Series G: first, last, extremes and total.
    assert passengers.iloc[:3].tolist() == [112.0, 118.0, 132.0]
    assert passengers.iloc[-1] == 432.0
    assert passengers.min() == 104.0 and passengers.max() == 622.0
    assert passengers.sum() == 40363.0


def test_load_airline_returns_a_fresh_series():
    first = load_airline()
    first.iloc[0] = -1.0
    assert load_airline().iloc[0] == 112.0
