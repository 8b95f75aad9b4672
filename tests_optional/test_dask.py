"""A grid search over SimpleRNNRegressor runs on a dask.distributed cluster.

scikit-learn parallelises through joblib, and dask.distributed registers a joblib
backend, so ``with joblib.parallel_backend("dask"):`` sends the fits of a
GridSearchCV to the cluster's workers. Here the cluster is a LocalCluster of two
worker processes (no dashboard) on tiny data; a real cluster is the same code with
a scheduler address.
"""

import os

import joblib
import numpy as np
import pytest
from dask import distributed
from numpy.testing import assert_allclose
from sklearn.model_selection import GridSearchCV, TimeSeriesSplit

from sklearn_rnn import SimpleRNNRegressor, make_windows


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        memory_limit="1GiB",
    )
    try:
        with distributed.Client(cluster) as dask_client:
            yield dask_client
    finally:
        cluster.close()


def test_grid_search_runs_on_a_local_cluster(client):
    X, y = make_windows(np.sin(np.arange(80) / 4), window=6)
    grid = {"hidden_size": [3, 6], "learning_rate_init": [0.01, 0.05]}
    search_params = {
        "param_grid": grid,
        "cv": TimeSeriesSplit(n_splits=2),
        "scoring": "r2",
    }
    estimator = SimpleRNNRegressor(max_iter=5, batch_size=16, random_state=0)

    with distributed.get_task_stream(client) as task_stream:
        with joblib.parallel_backend("dask"):
            on_cluster = GridSearchCV(estimator, n_jobs=-1, **search_params).fit(X, y)
    local = GridSearchCV(estimator, n_jobs=1, **search_params).fit(X, y)

    # The cluster's workers ran the fits, each in a process of its own.
    workers = set(client.scheduler_info()["workers"])
    assert len(workers) == 2
    assert task_stream.data, "no task reached the cluster"
    assert {task["worker"] for task in task_stream.data} <= workers
    worker_pids = set(client.run(os.getpid).values())
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids
    # Seeded fits do not depend on where they ran.
    assert on_cluster.best_params_ == local.best_params_
    assert_allclose(
        on_cluster.cv_results_["mean_test_score"],
        local.cv_results_["mean_test_score"],
        rtol=1e-12,
    )
    assert on_cluster.best_estimator_.predict(X[:3]).shape == (3,)
