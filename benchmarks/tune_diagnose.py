"""Per-series validation MASE of a few candidates against AutoETS (scratch).

Run::

    python benchmarks/tune_diagnose.py "G + rnn + model" "G + ridge + model"
"""

import os
import sys
import warnings

import numpy as np
from bench_forecast import ResultCache, load_dev_set, mase_scale, seasonal_naive
from tune_defaults import CANDIDATES, forecaster_runner, smape, validation_folds

# Candidate names of tune_defaults.CANDIDATES; the statistical models' forecasts
# come from tune_defaults' cache (run it first; its default --cache path).
names = sys.argv[1:]
cache = ResultCache(os.path.join("/tmp", "tune_stats.json"))
series_set = load_dev_set()
rows = {}
for sname, (series, period) in series_set.items():
    row = {}
    for label in ["AutoETS", "AutoARIMA", "snaive", *names]:
        mases, smapes = [], []
        for k, (fit_part, true) in enumerate(validation_folds(series, period)):
            if label in ("AutoETS", "AutoARIMA"):
                mean = cache.get(f"{label}|{sname}|{k}")[0]["mean"]
            elif label == "snaive":
                mean = seasonal_naive(fit_part, len(true), period)["mean"]
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    run = forecaster_runner(CANDIDATES[label])
                    mean = np.asarray(run(fit_part, len(true), period, 0)["mean"])
            mases.append(np.mean(np.abs(true - mean)) / mase_scale(fit_part, period))
            smapes.append(smape(true, mean))
        row[label] = (np.mean(smapes), np.mean(mases))
    rows[sname] = row
labels = list(next(iter(rows.values())))
print("| series | " + " | ".join(labels) + " |")
for sname, row in rows.items():
    print(f"| {sname} | " + " | ".join(f"{row[lb][1]:.2f}" for lb in labels) + " |")
ref = np.array([rows[s]["snaive"] for s in rows]).mean(axis=0)
for lb in labels:
    m = np.array([rows[s][lb] for s in rows]).mean(axis=0)
    print(lb, "OWA", round(float(np.mean(m / ref)), 3))
