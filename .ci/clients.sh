#!/usr/bin/env bash
# sklearn_rnn inside the forecasting libraries that take any scikit-learn regressor:
# tests_optional/test_skforecast.py and tests_optional/test_sktime.py, in a venv of
# their own (their pins, .ci/clients_constraints.txt, hold pandas below 3). Fails if
# anything brings torch. Override the venv folder with CLIENTS_VENV.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${CLIENTS_VENV:-${TMPDIR:-/tmp}/sklearn_rnn-clients}"
# A fresh venv in CI (CI=true); a developer's is reused, and pip brings it up to date.
if [ -n "${CI:-}" ] || [ ! -x "$venv/bin/python" ]; then
    python -m venv --clear "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -c .ci/clients_constraints.txt -e ".[clients]" "pytest>=7"
if "$venv/bin/python" -m pip show torch > /dev/null 2>&1; then
    echo "error: torch was installed into the clients venv; pin what brought it." >&2
    exit 1
fi
"$venv/bin/python" -c 'import numpy, pandas, sklearn, skforecast, sktime; print(
    "clients run: skforecast", skforecast.__version__, "sktime", sktime.__version__,
    "scikit-learn", sklearn.__version__, "numpy", numpy.__version__,
    "pandas", pandas.__version__)'
"$venv/bin/python" -m pytest tests_optional/test_skforecast.py tests_optional/test_sktime.py
