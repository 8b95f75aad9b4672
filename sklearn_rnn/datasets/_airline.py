"""The monthly airline passengers series, read from the package's CSV."""

from importlib import resources

import pandas as pd

__all__ = ["load_airline"]


def load_airline():
    """Load the monthly international airline passengers series, 1949-1960.

    Monthly totals of international airline passengers, in thousands, from
    January 1949 to December 1960 (144 values): the "Series G" of Box and Jenkins,
    the classic example of a series with a trend and a seasonal pattern whose
    amplitude grows with its level (a log transform makes it roughly additive).

    Returns
    -------
    passengers : pandas.Series of shape (144,)
        float64 values named ``"passengers"``, indexed by a monthly
        :class:`~pandas.PeriodIndex` (freq ``"M"``) named ``"month"``.

    References
    ----------
    .. [1] G. E. P. Box and G. M. Jenkins, "Time Series Analysis: Forecasting and
       Control", revised edition, Holden-Day, San Francisco, 1976. Series G,
       "International airline passengers: monthly totals (thousands of
       passengers) January 1949 - December 1960".

    Examples
    --------
    >>> from sklearn_rnn.datasets import load_airline
    >>> passengers = load_airline()
    >>> passengers.head(3)
    month
    1949-01    112.0
    1949-02    118.0
    1949-03    132.0
    Freq: M, Name: passengers, dtype: float64
    >>> len(passengers), passengers.index[-1]
    (144, Period('1960-12', 'M'))
    """
    source = resources.files(__package__).joinpath("data", "airline.csv")
    with source.open("r", encoding="utf-8") as csv_file:
        table = pd.read_csv(csv_file, dtype={"Date": str, "Passengers": "float64"})
    index = pd.PeriodIndex(table["Date"], freq="M", name="month")
    return pd.Series(table["Passengers"].to_numpy(), index=index, name="passengers")
