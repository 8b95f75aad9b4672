#!/usr/bin/env bash
# The estimator checks against the OLDEST supported scikit-learn (pyproject declares
# scikit-learn>=1.6), in a separate venv so the main environment keeps the newest.
# The other pins are the oldest releases with wheels for Python 3.11 that meet the
# package's own lower bounds (numpy>=1.23, pandas>=1.5), so those bounds are tested
# too. Override the venv folder with OLDEST_VENV.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${OLDEST_VENV:-${TMPDIR:-/tmp}/sklearn_rnn-oldest-sklearn}"
if [ ! -x "$venv/bin/python" ]; then
    python -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet \
    "scikit-learn==1.6.1" \
    "numpy==1.23.5" \
    "scipy==1.9.3" \
    "pandas==1.5.3" \
    "pytest>=7" \
    "hypothesis>=6" \
    "setuptools>=69"
# The project itself, without letting pip touch the pins above.
"$venv/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
"$venv/bin/python" -c 'import numpy, pandas, sklearn; print(
    "oldest run: scikit-learn", sklearn.__version__, "numpy", numpy.__version__,
    "pandas", pandas.__version__)'
"$venv/bin/python" -m pytest tests/test_common.py tests/test_regressor.py -q
