#!/usr/bin/env bash
# The README's test suite, whole, against the OLDEST supported versions of the
# dependencies (.ci/oldest_constraints.txt, which pyproject.toml's lower bounds
# match), in a separate venv so the main environment keeps the newest. The test
# extras (pytest, hypothesis, skops, matplotlib) resolve to releases that accept
# those pins. Override the venv folder with OLDEST_VENV.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${OLDEST_VENV:-${TMPDIR:-/tmp}/sklearn_rnn-oldest}"
# A fresh venv in CI (CI=true); a developer's is reused, and pip brings it up to date.
if [ -n "${CI:-}" ] || [ ! -x "$venv/bin/python" ]; then
    python -m venv --clear "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -c .ci/oldest_constraints.txt -e ".[test]"
"$venv/bin/python" -c 'import numpy, pandas, scipy, sklearn; print(
    "oldest run: scikit-learn", sklearn.__version__, "numpy", numpy.__version__,
    "scipy", scipy.__version__, "pandas", pandas.__version__)'
# Run from the venv, so that the editable install there is the one imported.
"$venv/bin/python" -m pytest
