"""The memory check of _trainer (check_memory, _bytes_needed, _memory_limit, _gib)
and the defaults of History and _BatchBuffers: the exact numbers and messages that
mutation testing found untested."""

import math
import os
import re
from types import SimpleNamespace

import numpy as np
import pytest

from sklearn_rnn import _elman
from sklearn_rnn._trainer import (
    History,
    _BatchBuffers,
    _bytes_needed,
    _gib,
    _memory_limit,
    check_memory,
)

GiB = 2**30


def _limit_memory_to(monkeypatch, n_bytes):
    """Make the memory check see ``n_bytes`` of memory on this machine."""
    monkeypatch.setattr("sklearn_rnn._trainer._memory_limit", lambda: n_bytes)


def _expected_bytes(sizes, n_steps, batch_size, itemsize):
    """The memory of a fit, counted term by term (independently of _bytes_needed)."""
    input_size, hidden, outputs = sizes
    # W_xh, W_hh, W_hy, b_h, b_y
    n_params = hidden * input_size + hidden * hidden + outputs * hidden
    n_params += hidden + outputs
    # parameters, gradient, Adam's two moments and step, best weights, commit copy
    vectors = 7 * n_params
    # hidden states (n_steps + 1), deltas (n_steps), scratch and dh, each
    # (batch, hidden), and W_hh^T
    workspace = (n_steps + 1 + n_steps + 2) * batch_size * hidden + hidden * hidden
    # the orthogonal initialisation: four (hidden, hidden) float64 matrices
    initialisation = 4 * hidden * hidden * 8
    return itemsize * (vectors + workspace) + initialisation


def _largest_that_fits(sizes, n_steps, batch_size, itemsize, limit):
    """The largest hidden size below ``sizes[1]`` whose fit needs at most ``limit``
    bytes, by trying them all (0 if none)."""
    input_size, hidden_size, outputs = sizes
    fitting = [
        h
        for h in range(1, hidden_size)
        if _expected_bytes((input_size, h, outputs), n_steps, batch_size, itemsize)
        <= limit
    ]
    return max(fitting, default=0)


def _refusal(monkeypatch, limit, *args, **kwargs):
    """The message of the error check_memory raises with ``limit`` bytes."""
    _limit_memory_to(monkeypatch, limit)
    with pytest.raises(ValueError) as error:
        check_memory(*args, **kwargs)
    return str(error.value)


def _suggestion(message):
    """The hidden size that a refusal suggests (0: none fits)."""
    if "No hidden_size fits" in message:
        return 0
    found = re.search(r"The largest hidden_size that fits is about (\d+);", message)
    return int(found[1])


# --- _bytes_needed -------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, n_steps, batch_size, dtype",
    [
        ((1, 1, 1), 1, 1, np.float64),
        ((3, 7, 2), 5, 11, np.float64),
        ((3, 7, 2), 5, 11, np.float32),
        ((12, 64, 4), 30, 200, np.dtype("float32")),
        ((2, 100, 1), 1000, 1, np.float64),
        ((5, 0, 3), 9, 4, np.float64),  # the bisection's lower end: no hidden unit
    ],
)
def test_bytes_needed_is_the_formula_term_by_term(sizes, n_steps, batch_size, dtype):
    itemsize = np.dtype(dtype).itemsize
    expected = _expected_bytes(sizes, n_steps, batch_size, itemsize)
    assert _bytes_needed(sizes, n_steps, batch_size, dtype) == expected


def test_bytes_needed_by_hand_for_a_small_network():
    # sizes (2, 3, 1), 4 steps, batch 5: 6 + 9 + 3 + 3 + 1 = 22 parameters, times 7
    # = 154; workspace (2*4 + 3)*5*3 + 9 = 174; initialisation 4*9*8 = 288
    assert _bytes_needed((2, 3, 1), 4, 5, np.float64) == 8 * (154 + 174) + 288 == 2912
    assert _bytes_needed((2, 3, 1), 4, 5, np.float32) == 4 * (154 + 174) + 288 == 1600


def test_only_the_initialisation_is_float64_whatever_the_dtype():
    # twice the float32 need minus the float64 need leaves the float64 init term
    for sizes, n_steps, batch_size in [((3, 7, 2), 5, 11), ((1, 40, 6), 2, 3)]:
        single = _bytes_needed(sizes, n_steps, batch_size, np.float32)
        double = _bytes_needed(sizes, n_steps, batch_size, np.float64)
        assert 2 * single - double == 4 * sizes[1] ** 2 * 8


def test_bytes_needed_counts_the_parameters_and_workspace_that_a_fit_allocates():
    # the parameter count is that of the initial weights; the workspace term the
    # bytes of a real Workspace but its `ones` vector; hidden size 0 leaves b_y
    sizes, n_steps, batch_size = (3, 7, 2), 5, 11
    n_params = _elman.init_params(*sizes, rng=np.random.RandomState(0)).size
    assert n_params == sum(math.prod(s) for s in _elman.param_shapes(*sizes)) == 93
    workspace = _elman.Workspace(n_steps, batch_size, sizes[1], np.float64)
    workspace_bytes = sum(
        getattr(workspace, name).nbytes
        for name in ("hidden", "delta", "scratch", "dh", "W_hh_T")
    )
    initialisation = 4 * sizes[1] ** 2 * 8
    needed = _bytes_needed(sizes, n_steps, batch_size, np.float64)
    assert needed == 8 * 7 * n_params + workspace_bytes + initialisation
    assert _bytes_needed((3, 0, 2), n_steps, batch_size, np.float64) == 8 * 7 * 2


# --- _gib and _memory_limit ----------------------------------------------------


@pytest.mark.parametrize(
    "n_bytes, text",
    [
        (0, "0 GiB"),
        (GiB, "1 GiB"),
        (3 * GiB // 2, "1.5 GiB"),
        (8 * GiB, "8 GiB"),
        (11251360112, "10.5 GiB"),  # three significant digits
        (2**20, "0.000977 GiB"),
        (2**40, "1.02e+03 GiB"),
    ],
)
def test_gib_writes_three_significant_digits_of_gibibytes(n_bytes, text):
    assert _gib(n_bytes) == text


def _fake_sysconf(page_size, n_pages):
    values = {"SC_PAGE_SIZE": page_size, "SC_PHYS_PAGES": n_pages}

    def sysconf(name):
        if name not in values:  # as os.sysconf does for an unknown name
            raise ValueError("unrecognized configuration name")
        return values[name]

    return sysconf


def test_memory_limit_is_the_page_size_times_the_physical_pages(monkeypatch):
    monkeypatch.setattr(os, "sysconf", _fake_sysconf(4096, 1000))
    assert _memory_limit() == 4096000


def test_memory_limit_never_exceeds_what_numpy_can_address(monkeypatch):
    monkeypatch.setattr(os, "sysconf", _fake_sysconf(2**20, 2**50))  # 2**70 bytes
    assert _memory_limit() == np.iinfo(np.intp).max


@pytest.mark.parametrize("error", [ValueError, OSError])
def test_memory_limit_without_an_answer_from_sysconf(monkeypatch, error):
    def sysconf(name):
        raise error(name)

    monkeypatch.setattr(os, "sysconf", sysconf)
    assert _memory_limit() == np.iinfo(np.intp).max


def test_memory_limit_on_a_system_without_sysconf(monkeypatch):
    monkeypatch.delattr(os, "sysconf")  # an AttributeError, as on Windows
    assert _memory_limit() == np.iinfo(np.intp).max


# --- check_memory --------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_check_memory_accepts_a_need_up_to_the_limit_exactly(monkeypatch, dtype):
    sizes, n_steps, batch_size = (3, 7, 2), 5, 11
    needed = _expected_bytes(sizes, n_steps, batch_size, np.dtype(dtype).itemsize)
    for limit in (needed, needed + 1, 100 * needed):
        _limit_memory_to(monkeypatch, limit)
        assert check_memory(sizes, n_steps, batch_size, dtype) is None
    message = _refusal(monkeypatch, needed - 1, sizes, n_steps, batch_size, dtype)
    assert message.startswith("hidden_size=7 needs about ")


@pytest.mark.parametrize(
    "bptt_steps, counted_steps",
    [(None, 10), (3, 3), (10, 10), (25, 10)],  # bptt_steps beyond the window: all
)
def test_check_memory_counts_the_steps_that_backward_goes_through(
    monkeypatch, bptt_steps, counted_steps
):
    sizes, batch_size = (3, 7, 2), 11
    needed = _expected_bytes(sizes, counted_steps, batch_size, 8)
    _limit_memory_to(monkeypatch, needed)
    check_memory(sizes, 10, batch_size, np.float64, bptt_steps)
    message = _refusal(
        monkeypatch, needed - 1, sizes, 10, batch_size, np.float64, bptt_steps
    )
    assert f"of {counted_steps} steps for a batch of 11 rows" in message


def test_check_memory_without_bptt_steps_counts_the_whole_window(monkeypatch):
    # the default bptt_steps=None, not passed at all
    needed = _expected_bytes((3, 7, 2), 10, 11, 8)
    _limit_memory_to(monkeypatch, needed)
    check_memory((3, 7, 2), 10, 11, np.float64)
    message = _refusal(monkeypatch, needed - 1, (3, 7, 2), 10, 11, np.float64)
    assert "of 10 steps for a batch of 11 rows" in message


@pytest.mark.parametrize(
    "dtype, limit, needed, largest",
    [(np.float64, 8 * GiB, "10.5", 8638), (np.float32, 4 * GiB, "6.73", 7572)],
)
def test_the_refusal_states_the_need_the_limit_and_the_largest_size_that_fits(
    monkeypatch, dtype, limit, needed, largest
):
    message = _refusal(monkeypatch, limit, (3, 10000, 2), 50, 200, dtype)
    assert message == (
        f"hidden_size=10000 needs about {needed} GiB to train (the weights, their "
        "gradient and the optimiser's state, and the hidden states of 50 steps for "
        f"a batch of 200 rows), more than the {limit // GiB} GiB of memory here. The "
        f"largest hidden_size that fits is about {largest}; a smaller batch_size or "
        "bptt_steps also lowers the need."
    )
    # the suggestion fits, one more unit does not
    itemsize = np.dtype(dtype).itemsize
    assert _expected_bytes((3, largest, 2), 50, 200, itemsize) <= limit
    assert _expected_bytes((3, largest + 1, 2), 50, 200, itemsize) > limit


def test_the_refusal_when_no_hidden_size_fits(monkeypatch):
    # a long window and a large batch: one hidden unit needs 74.5 GiB
    message = _refusal(monkeypatch, 64 * GiB, (1, 64, 1), 100000, 50000, np.float64)
    assert message == (
        "hidden_size=64 needs about 4.77e+03 GiB to train (the weights, their "
        "gradient and the optimiser's state, and the hidden states of 100000 steps "
        "for a batch of 50000 rows), more than the 64 GiB of memory here. No "
        "hidden_size fits at this window length and batch size: set a smaller "
        "batch_size or bptt_steps."
    )


def test_the_refusal_counts_only_the_truncated_steps(monkeypatch):
    # bptt_steps=50 of a 500-step window needs what a 50-step window needs
    truncated = _refusal(monkeypatch, 8 * GiB, (3, 10000, 2), 500, 200, np.float64, 50)
    window = _refusal(monkeypatch, 8 * GiB, (3, 10000, 2), 50, 200, np.float64)
    assert truncated == window
    assert "about 8638;" in truncated
    whole = _refusal(monkeypatch, 8 * GiB, (3, 10000, 2), 500, 200, np.float64)
    assert "needs about 23.9 GiB" in whole and "about 4264;" in whole


def test_one_hidden_unit_is_suggested_exactly_when_it_fits(monkeypatch):
    # the edge between "about 1" and "No hidden_size fits"
    args = (4, 9, 2), 6, 5, np.float64
    one_unit = _expected_bytes((4, 1, 2), 6, 5, 8)
    assert _suggestion(_refusal(monkeypatch, one_unit, *args)) == 1
    message = _refusal(monkeypatch, one_unit - 1, *args)
    assert message.endswith(
        "No hidden_size fits at this window length and batch size: set a smaller "
        "batch_size or bptt_steps."
    )
    assert "largest" not in message


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_the_suggestion_is_the_largest_fitting_size_at_every_limit(monkeypatch, dtype):
    # every hidden size as the answer, with the limit exactly at its need and just
    # below the next one's; input_size and n_outputs differ so that each counts
    sizes, n_steps, batch_size = (6, 30, 4), 7, 5
    itemsize = np.dtype(dtype).itemsize
    needs = [
        _expected_bytes((6, h, 4), n_steps, batch_size, itemsize) for h in range(31)
    ]
    limits = {needs[0] - 1, needs[0]}
    for h in range(1, 30):
        limits |= {needs[h] - 1, needs[h], needs[h] + 1, needs[h + 1] - 1}
    for limit in sorted(limits):
        message = _refusal(monkeypatch, limit, sizes, n_steps, batch_size, dtype)
        expected = _largest_that_fits(sizes, n_steps, batch_size, itemsize, limit)
        assert _suggestion(message) == expected, limit


# --- History -------------------------------------------------------------------


def test_a_fresh_history_without_early_stopping():
    history = History.fresh(early_stopping=False)
    assert history == History(
        loss_curve=[],
        best_loss=np.inf,
        validation_scores=None,
        best_validation_score=None,
        n_iter=0,
        t=0,
        no_improvement_count=0,
    )
    assert history.best_loss == np.inf and history.validation_scores is None


def test_a_fresh_history_with_early_stopping_collects_validation_scores():
    history = History.fresh(early_stopping=True)
    assert history.validation_scores == []
    assert history.best_validation_score is None
    assert history.best_loss == np.inf
    assert (history.n_iter, history.t, history.no_improvement_count) == (0, 0, 0)
    # two fresh histories share no list
    other = History.fresh(early_stopping=True)
    assert other.loss_curve is not history.loss_curve
    assert other.validation_scores is not history.validation_scores


def _fitted(**attributes):
    defaults = dict(
        loss_curve_=[3.0, 2.0],
        best_loss_=2.0,
        validation_scores_=None,
        n_iter_=2,
        t_=40,
        _no_improvement_count=1,
    )
    return SimpleNamespace(**{**defaults, **attributes})


def test_a_continued_history_copies_the_estimators_counters_and_curves():
    estimator = _fitted(best_loss_=1.5)
    history = History.continued(estimator, early_stopping=False)
    assert history == History([3.0, 2.0], 1.5, None, None, 2, 40, 1)
    assert history.loss_curve is not estimator.loss_curve_  # training cannot touch it


def test_a_continued_history_without_a_best_loss_starts_from_infinity():
    # best_loss_ is None after a fit with early stopping
    history = History.continued(_fitted(best_loss_=None), early_stopping=False)
    assert history.best_loss == np.inf


@pytest.mark.parametrize("scores, expected", [(None, []), ([0.5, 0.75], [0.5, 0.75])])
def test_a_continued_history_with_early_stopping(scores, expected):
    estimator = _fitted(validation_scores_=scores, best_loss_=None)
    history = History.continued(estimator, early_stopping=True)
    assert history.validation_scores == expected
    assert history.validation_scores is not scores
    # the best score is that of this call's epochs: the trainer starts it at -inf
    assert history.best_validation_score is None


def test_committing_a_history_without_early_stopping():
    estimator = SimpleNamespace()
    History([3.0, 2.0], 1.5, None, None, 2, 40, 1).commit(estimator, False)
    assert vars(estimator) == dict(
        loss_curve_=[3.0, 2.0],
        n_iter_=2,
        t_=40,
        _no_improvement_count=1,
        loss_=2.0,
        best_loss_=1.5,
        validation_scores_=None,
        best_validation_score_=None,
    )


def test_committing_a_history_with_early_stopping():
    estimator = SimpleNamespace()
    History([3.0, 2.0], np.inf, [0.5, 0.75], 0.75, 2, 40, 0).commit(estimator, True)
    assert estimator.best_loss_ is None
    assert estimator.validation_scores_ == [0.5, 0.75]
    assert estimator.best_validation_score_ == 0.75
    assert estimator.loss_ == 2.0


def test_committing_a_history_before_the_first_epoch_ended():
    # an interrupt before any epoch: no loss yet
    estimator = SimpleNamespace()
    History.fresh(early_stopping=False).commit(estimator, False)
    assert estimator.loss_ is None
    assert estimator.loss_curve_ == [] and estimator.n_iter_ == 0
    assert estimator.best_loss_ == np.inf


# --- _BatchBuffers -------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_batch_buffers_by_default_own_a_workspace_of_the_whole_window(dtype):
    buffers = _BatchBuffers(6, 4, (3, 5, 2), dtype, weighted=False)
    assert buffers.rows.shape == (4, 6, 3)  # row-major, as gathered from X
    assert buffers.X.shape == (6, 4, 3)  # time-major, for the cell
    assert buffers.y.shape == (4, 2)
    assert buffers.w is None
    for array in (buffers.rows, buffers.X, buffers.y, buffers.workspace.hidden):
        assert array.dtype == dtype
    workspace = buffers.workspace
    assert workspace.kept_steps == 6  # bptt_steps=None: every step
    assert workspace.hidden.shape == (7, 4, 5)
    assert workspace.delta.shape == (6, 4, 5)


def test_weighted_batch_buffers_hold_the_batchs_weights():
    buffers = _BatchBuffers(6, 4, (3, 5, 2), np.float32, weighted=True)
    assert buffers.w.shape == (4,) and buffers.w.dtype == np.float32


def test_batch_buffers_pass_bptt_steps_to_the_workspace():
    buffers = _BatchBuffers(6, 4, (3, 5, 2), np.float64, False, bptt_steps=2)
    assert buffers.workspace.kept_steps == 2
    assert buffers.workspace.hidden.shape == (3, 4, 5)


def test_the_last_smaller_batch_reuses_the_full_batchs_workspace():
    full = _BatchBuffers(6, 8, (3, 5, 2), np.float64, False)
    last = _BatchBuffers(6, 3, (3, 5, 2), np.float64, False, share=full)
    assert last.workspace.hidden.shape == (7, 3, 5)
    for name in ("hidden", "delta", "scratch", "dh"):
        mine = getattr(last.workspace, name)
        assert np.shares_memory(mine, getattr(full.workspace, name)), name
    # the batch arrays are its own
    assert not np.shares_memory(last.X, full.X)
    alone = _BatchBuffers(6, 3, (3, 5, 2), np.float64, False)
    assert not np.shares_memory(alone.workspace.hidden, full.workspace.hidden)
