"""Test setup: enable scikit-learn's array-API estimator check (needs scipy's flag
set before scipy is first imported)."""

import os

os.environ.setdefault("SCIPY_ARRAY_API", "1")
