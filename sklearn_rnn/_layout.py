"""What the column names of a DataFrame of windows say about its layout.

``make_windows`` names its columns ``<variable>_t-<lag>``, oldest lag first, every
variable of a step side by side; skforecast names its lags ``lag_1, lag_2, ...``,
newest first. SimpleRNNRegressor reads the names to refuse a window whose number
of variables is not ``input_size`` and to warn when the step order looks reversed.
"""

import re

_MAKE_WINDOWS_NAME = re.compile(r"^(?P<variable>.+)_t-(?P<lag>[1-9][0-9]*)$")
# skforecast's "lag_1", and "y_lag_1", "lag1", "Lag 1", ...
_LAG_NAME = re.compile(r"^(?P<prefix>.*lag[ _-]?)(?P<lag>[0-9]+)$", re.IGNORECASE)


def make_windows_layout(names):
    """``(variables, order)`` when ``names`` are exactly ``make_windows``' names
    for some variables, ``order`` being "oldest_first" (make_windows' own) or
    "newest_first" (its steps reversed); None otherwise."""
    if names is None:
        return None
    matches = [_MAKE_WINDOWS_NAME.match(str(name)) for name in names]
    if not all(matches):
        return None
    variables = list(dict.fromkeys(match["variable"] for match in matches))
    n_lags, remainder = divmod(len(names), len(variables))
    if remainder:
        return None
    expected_oldest_first = [
        f"{variable}_t-{lag}" for lag in range(n_lags, 0, -1) for variable in variables
    ]
    expected_newest_first = [
        f"{variable}_t-{lag}" for lag in range(1, n_lags + 1) for variable in variables
    ]
    names = [str(name) for name in names]
    if names == expected_oldest_first:
        return variables, "oldest_first"
    if names == expected_newest_first:
        return variables, "newest_first"
    return None


def order_from_names(names):
    """The step order that the column names imply: "newest_first" for lags
    numbered from the most recent step (skforecast's ``lag_1, lag_2, ...``: the
    lag grows along the columns of each name), "oldest_first" for lags that shrink
    (``make_windows``' ``x_t-3, x_t-2, x_t-1``); None when the names say nothing."""
    if names is None or len(names) < 2:
        return None
    layout = make_windows_layout(names)
    if layout is not None:
        return layout[1]
    lags_by_prefix = {}
    for name in names:
        match = _LAG_NAME.match(str(name))
        if match is None:
            return None
        lags_by_prefix.setdefault(match["prefix"], []).append(int(match["lag"]))
    runs = [lags for lags in lags_by_prefix.values() if len(lags) > 1]
    if runs and all(all(a < b for a, b in zip(lags, lags[1:])) for lags in runs):
        return "newest_first"
    if runs and all(all(a > b for a, b in zip(lags, lags[1:])) for lags in runs):
        return "oldest_first"
    return None
