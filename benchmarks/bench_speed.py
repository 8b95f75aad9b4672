"""Speed and memory of SimpleRNNRegressor against torch.nn.RNN, MLPRegressor and a
per-sample NumPy loop, on the same generated data.

Not part of the package nor of the test suite. Run from the repository root::

    python benchmarks/bench_speed.py            # the full grid (several minutes)
    python benchmarks/bench_speed.py --quick    # a smoke run (seconds)
    python benchmarks/bench_speed.py --long     # long windows, full and truncated BPTT

Every method trains the same model: a tanh Elman cell over the window, a linear head
on the last hidden state, mean squared error, Adam with learning rate 1e-3, shuffled
minibatches of the same size. SimpleRNNRegressor runs with ``alpha=0`` and
``max_grad_norm=None`` so that its objective matches torch's (no penalty, no clipping).
torch's ``nn.RNN`` has two bias vectors where we have one: the same function.
A configuration may end with a number of BPTT steps (``--config N,T,D,H,batch,k``):
the estimator then trains with ``bptt_steps=k``, torch runs the first ``T - k`` steps
under ``no_grad`` and the last ``k`` from that (detached) state; MLP and the
per-sample loop are left out.

Timing: for each configuration and dtype, the methods are run in turn (interleaved),
``--repeats`` times after one warm-up round; each run trains ``--epochs`` epochs and
records seconds per epoch; the table reports the median, and the ratio to torch as the
median (and range) of the per-round ratios. The estimator's time is that
of a whole ``fit(max_iter=epochs)`` divided by the epochs, so it includes input
validation and initialisation (torch's does not). The per-sample loop (the original
notebook's way: one window at a time, batch of one) is run for one epoch over the first
``--per-sample-rows`` rows and extrapolated linearly to the whole epoch.

Memory: each (method, configuration, dtype) is trained for one epoch in a fresh
subprocess (``--no-memory`` skips this). "peak RSS" is the increase of the process's
peak resident set size during training over its resident size just before it (Linux:
the peak is reset through /proc/self/clear_refs first); it includes torch's allocator
and autograd graph. "traced" is the peak of Python/NumPy allocations made during
training according to ``tracemalloc`` (NumPy reports its buffers to it; torch does not,
so it is shown for the NumPy-based methods only). The data itself is allocated before
either measurement starts; its size is in the "data MiB" column.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
import warnings

import numpy as np

GRID = [
    # (n_samples, n_steps, input_size, hidden_size, batch_size)
    (10000, 20, 1, 32, 64),
    (10000, 50, 1, 128, 128),
    (4000, 100, 8, 256, 128),
    (50000, 10, 1, 16, 256),
]
QUICK_GRID = [(2000, 20, 1, 32, 64), (1000, 20, 4, 128, 128)]
# long windows (issue 15): full BPTT, and truncated to the last 50 steps
LONG_GRID = [
    (2000, 768, 1, 32, 256),
    (2000, 2000, 1, 32, 256),
    (2000, 768, 1, 32, 256, 50),
    (2000, 2000, 1, 32, 256, 50),
]
METHODS = ("rnn", "torch", "mlp", "per_sample")
LEARNING_RATE = 1e-3


def make_data(n_samples, n_steps, input_size, dtype, seed=0):
    """Windows of a noisy multivariate sinusoid and the next value of its first
    variable, flattened time-major as the estimator expects."""
    rng = np.random.default_rng(seed)
    length = n_samples + n_steps
    time_index = np.arange(length)[:, None]
    frequencies = 0.05 * (1 + np.arange(input_size))
    series = np.sin(time_index * frequencies + np.arange(input_size))
    series += 0.1 * rng.standard_normal(series.shape)
    windows = np.lib.stride_tricks.sliding_window_view(series, n_steps, axis=0)
    # windows: (length - n_steps + 1, input_size, n_steps) -> time-major rows
    X = windows[:n_samples].transpose(0, 2, 1).reshape(n_samples, -1)
    y = series[n_steps : n_steps + n_samples, 0]
    return np.ascontiguousarray(X, dtype=dtype), np.ascontiguousarray(y, dtype=dtype)


# -- the methods: each returns a function that trains `epochs` epochs --


def fit_for_epochs(model, X, y, epochs):
    """Fit a scikit-learn network for exactly ``epochs`` epochs: no plateau stop, and
    no ConvergenceWarning for stopping at max_iter on purpose."""
    from sklearn.exceptions import ConvergenceWarning

    model.set_params(
        max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1, random_state=0
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


def rnn_runner(X, y, input_size, hidden_size, batch_size, bptt_steps=None):
    from sklearn_rnn import SimpleRNNRegressor

    def run(epochs):
        model = SimpleRNNRegressor(
            hidden_size,
            input_size=input_size,
            batch_size=batch_size,
            learning_rate_init=LEARNING_RATE,
            alpha=0.0,
            max_grad_norm=None,
            bptt_steps=bptt_steps,
        )
        return fit_for_epochs(model, X, y, epochs)

    return run


def torch_runner(X, y, input_size, hidden_size, batch_size, bptt_steps=None):
    import torch

    dtype = torch.float32 if X.dtype == np.float32 else torch.float64
    torch.manual_seed(0)
    rnn = torch.nn.RNN(input_size, hidden_size, batch_first=True).to(dtype)
    head = torch.nn.Linear(hidden_size, 1).to(dtype)
    parameters = list(rnn.parameters()) + list(head.parameters())
    optimizer = torch.optim.Adam(parameters, lr=LEARNING_RATE)
    n_samples = X.shape[0]
    X_t = torch.from_numpy(X.reshape(n_samples, -1, input_size))
    y_t = torch.from_numpy(y.reshape(n_samples, 1))
    generator = torch.Generator().manual_seed(0)
    mse = torch.nn.functional.mse_loss
    n_early = 0 if bptt_steps is None else max(X_t.shape[1] - bptt_steps, 0)

    def last_state(X_batch):
        if not n_early:
            return rnn(X_batch)[1]
        with torch.no_grad():  # truncated BPTT: no graph for the first steps
            _, h_early = rnn(X_batch[:, :n_early])
        return rnn(X_batch[:, n_early:], h_early)[1]

    def run(epochs):
        for _ in range(epochs):
            order = torch.randperm(n_samples, generator=generator)
            for start in range(0, n_samples, batch_size):
                batch = order[start : start + batch_size]
                h_last = last_state(X_t[batch])
                loss = mse(head(h_last[-1]), y_t[batch])
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()

    return run


def mlp_runner(X, y, input_size, hidden_size, batch_size):
    from sklearn.neural_network import MLPRegressor

    def run(epochs):
        model = MLPRegressor(
            hidden_layer_sizes=(hidden_size,),
            activation="tanh",
            alpha=0.0,
            batch_size=batch_size,
            learning_rate_init=LEARNING_RATE,
        )
        fit_for_epochs(model, X, y, epochs)

    return run


def per_sample_runner(X, y, input_size, hidden_size, batch_size, n_rows=None):
    """The original notebook's way, with full BPTT and Adam: one window at a time."""
    rng = np.random.default_rng(0)
    dtype = X.dtype
    n_rows = X.shape[0] if n_rows is None else min(n_rows, X.shape[0])
    steps = X[:n_rows].reshape(n_rows, -1, input_size)
    targets = y[:n_rows]
    n_steps = steps.shape[1]
    scale = 1 / np.sqrt(hidden_size)
    W_xh = rng.uniform(-scale, scale, (hidden_size, input_size)).astype(dtype)
    W_hh = rng.uniform(-scale, scale, (hidden_size, hidden_size)).astype(dtype)
    W_hy = rng.uniform(-scale, scale, (1, hidden_size)).astype(dtype)
    b_h = np.zeros(hidden_size, dtype)
    b_y = np.zeros(1, dtype)
    params = [W_xh, W_hh, W_hy, b_h, b_y]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    state = {"t": 0}

    def adam(grads):
        state["t"] += 1
        t = state["t"]
        lr = LEARNING_RATE * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        for p, g, (m, v) in zip(params, grads, moments):
            m[...] = 0.9 * m + 0.1 * g
            v[...] = 0.999 * v + 0.001 * g * g
            p -= (lr * m / (np.sqrt(v) + 1e-8)).astype(dtype)

    def run(epochs):
        for _ in range(epochs):
            for i in rng.permutation(n_rows):
                x = steps[i]
                hs = [np.zeros(hidden_size, dtype)]
                for t in range(n_steps):
                    hs.append(np.tanh(W_xh @ x[t] + W_hh @ hs[-1] + b_h))
                out = W_hy @ hs[-1] + b_y
                dy = out - targets[i]
                dW_hy = np.outer(dy, hs[-1])
                db_y = dy
                dh = W_hy.T @ dy
                dW_xh = np.zeros_like(W_xh)
                dW_hh = np.zeros_like(W_hh)
                db_h = np.zeros_like(b_h)
                for t in range(n_steps, 0, -1):
                    da = dh * (1 - hs[t] ** 2)
                    dW_xh += np.outer(da, x[t - 1])
                    dW_hh += np.outer(da, hs[t - 1])
                    db_h += da
                    dh = W_hh.T @ da
                adam([dW_xh, dW_hh, dW_hy, db_h, db_y])

    return run


def bptt_steps_of(config):
    """The truncation a configuration asks for: its sixth value, if any."""
    return config[5] if len(config) > 5 else None


def make_runner(method, X, y, config, per_sample_rows):
    input_size, hidden_size, batch_size = config[2:5]
    if method == "per_sample":
        return per_sample_runner(
            X, y, input_size, hidden_size, batch_size, n_rows=per_sample_rows
        )
    if method == "mlp":
        return mlp_runner(X, y, input_size, hidden_size, batch_size)
    factory = {"rnn": rnn_runner, "torch": torch_runner}[method]
    return factory(X, y, input_size, hidden_size, batch_size, bptt_steps_of(config))


# -- timing, one long-lived worker process per method --


class Worker:
    """A process that runs one method on request. Each library gets a process of its
    own, as it would in real use: in one process, OpenBLAS's and torch's OpenMP
    threads spin-wait against each other on few cores and distort both timings."""

    def __init__(self, method, args):
        command = [sys.executable, os.path.abspath(__file__), "--worker", method]
        command += ["--threads", str(args.threads)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"benchmark worker died on {request}")
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def worker_main(method, threads):
    """Serve timing requests (JSON lines on stdin) for one method."""
    from threadpoolctl import threadpool_limits

    if method == "torch":
        import torch

        torch.set_num_threads(threads)
    runners = {}
    with threadpool_limits(threads, user_api="blas"):
        for line in sys.stdin:
            request = json.loads(line)
            dtype = np.dtype(request["dtype"])
            if "latency" in request:
                seconds = predict_latency(method, dtype, request["latency"])
                print(json.dumps({"seconds": seconds}), flush=True)
                continue
            config = tuple(request["config"])
            key = (config, dtype.name)
            if key not in runners:
                runners.clear()  # one configuration's data at a time
                X, y = make_data(*config[:3], dtype)
                runners[key] = make_runner(
                    method, X, y, config, request["per_sample_rows"]
                )
            start = time.perf_counter()
            runners[key](request["epochs"])
            seconds = (time.perf_counter() - start) / request["epochs"]
            print(json.dumps({"seconds": seconds}), flush=True)


def time_config(config, dtype, workers, args):
    """Seconds per epoch of each method in every timed round, the methods
    interleaved."""
    n_samples = config[0]
    times = {m: [] for m in workers}
    for round_index in range(args.repeats + 1):  # round 0 is the warm-up
        for method, worker in workers.items():
            if method == "per_sample" and round_index > 1:
                continue  # one timed run is enough for the slowest method
            epochs = 1 if method == "per_sample" else args.epochs
            # Let the previous method's BLAS/OpenMP threads stop spin-waiting (OpenBLAS
            # spins for up to ~0.1 s after its last call) before timing the next one.
            time.sleep(args.pause)
            seconds = worker.ask(
                config=config,
                dtype=dtype.name,
                epochs=epochs,
                per_sample_rows=args.per_sample_rows,
            )["seconds"]
            if method == "per_sample":  # extrapolated from the rows it ran on
                seconds *= n_samples / min(args.per_sample_rows, n_samples)
            if round_index:
                times[method].append(seconds)
    return {m: v for m, v in times.items() if v}


def ratio_cell(rnn_times, torch_times):
    """Median and range of the per-round ratios rnn / torch (same round: same load)."""
    ratios = [r / t for r, t in zip(rnn_times, torch_times)]
    if len(ratios) == 1:
        return f"{ratios[0]:.2f}"
    return f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"


def predict_latency(method, dtype, n_calls):
    """Median seconds of one predict call on a single window (H=32, T=20)."""
    X, y = make_data(500, 20, 1, dtype)
    window = X[:1].copy()
    if method == "rnn":
        from sklearn_rnn import SimpleRNNRegressor

        model = SimpleRNNRegressor(32, max_iter=2, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X, y)

        def call():
            return model.predict(window)

    else:
        import torch

        tdtype = torch.float32 if dtype == np.float32 else torch.float64
        rnn = torch.nn.RNN(1, 32, batch_first=True).to(tdtype)
        head = torch.nn.Linear(32, 1).to(tdtype)

        @torch.no_grad()
        def call():
            return head(rnn(torch.from_numpy(window.reshape(1, 20, 1)))[1][-1]).numpy()

    samples = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(n_calls):
            call()
        samples.append((time.perf_counter() - start) / n_calls)
    return statistics.median(samples)


# -- memory, one subprocess per measurement --


def _rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def memory_child(method, config, dtype_name, per_sample_rows, threads):
    """Runs in a fresh process: one epoch of `method`, prints the peaks as JSON."""
    from threadpoolctl import threadpool_limits

    if method == "torch":  # the same threads as the timing worker
        import torch

        torch.set_num_threads(threads)
    threadpool_limits(threads, user_api="blas")
    dtype = np.dtype(dtype_name)
    X, y = make_data(*config[:3], dtype)
    run = make_runner(method, X, y, config, per_sample_rows)
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")  # resets the peak RSS to the current RSS
    rss_before = _rss_bytes()
    run(1)
    peak_rss = _peak_rss_bytes() - rss_before
    traced = None
    if method != "torch":
        run = make_runner(method, X, y, config, per_sample_rows)
        tracemalloc.start()
        run(1)
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(json.dumps({"peak_rss": peak_rss, "traced": traced}))


def measure_memory(method, config, dtype, args):
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--memory-child",
        method,
        ",".join(map(str, config)),
        np.dtype(dtype).name,
        "--per-sample-rows",
        str(args.per_sample_rows),
        "--threads",
        str(args.threads),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


# -- report --


def mib(n_bytes):
    return "-" if n_bytes is None else f"{n_bytes / 2**20:.1f}"


def machine_line(threads):
    from threadpoolctl import threadpool_info

    blas = [
        f"{i['internal_api']} {i.get('version')} ({i.get('architecture')})"
        for i in threadpool_info()
        if i["user_api"] == "blas" and "numpy" in i["filepath"]
    ]
    parts = [
        platform.processor() or platform.machine(),
        f"{os.cpu_count()} cores",
        f"{threads} threads",
        f"Python {platform.python_version()}",
        f"NumPy {np.__version__}",
        "BLAS " + (", ".join(blas) or "?"),
    ]
    try:
        import torch

        parts.append(f"torch {torch.__version__}")
    except ImportError:
        pass
    model = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (model + ", " if model else "") + ", ".join(parts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run")
    parser.add_argument(
        "--long", action="store_true", help="long windows, full and truncated BPTT"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=1, help="epochs per timed run")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--per-sample-rows", type=int, default=500)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument(
        "--pause", type=float, default=0.5, help="seconds of idle between runs"
    )
    parser.add_argument(
        "--config",
        action="append",
        help="N,T,D,H,batch[,bptt_steps] (repeatable); default: the full grid",
    )
    parser.add_argument("--memory-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.memory_child:
        method, config, dtype_name = args.memory_child
        config = tuple(int(v) for v in config.split(","))
        memory_child(method, config, dtype_name, args.per_sample_rows, args.threads)
        return
    if args.worker:
        worker_main(args.worker, args.threads)
        return

    methods = [m for m in args.methods.split(",") if m]
    try:
        import torch  # noqa: F401
    except ImportError:
        methods = [m for m in methods if m != "torch"]
        print("torch is not installed: no torch column, no ratios", file=sys.stderr)
    grid = LONG_GRID if args.long else GRID
    if args.quick:
        grid = QUICK_GRID
        args.repeats, args.epochs, args.per_sample_rows = 2, 1, 50
    if args.config:
        grid = [tuple(int(v) for v in c.split(",")) for c in args.config]
    dtypes = [np.dtype(d) for d in args.dtypes.split(",")]

    print(f"Machine: {machine_line(args.threads)}")
    print(f"Command: python {' '.join(sys.argv)}")
    print(f"Load average at start: {os.getloadavg()[0]:.2f}")
    print()
    header = (
        "| N | T | D | H | batch | BPTT steps | dtype | rnn s/epoch | torch s/epoch "
        "| rnn / torch (range) | MLP s/epoch | per-sample s/epoch (extrap.) |"
    )
    if not args.no_memory:
        header += (
            " data MiB | rnn peak RSS / traced MiB | torch peak RSS MiB "
            "| MLP peak RSS / traced MiB |"
        )
    print(header)
    print("|" + "---|" * (header.count("|") - 1), flush=True)
    workers = {m: Worker(m, args) for m in methods}
    try:
        for config in grid:
            # MLP and the per-sample loop have no truncated variant
            truncated = bptt_steps_of(config) is not None
            config_workers = {
                m: w
                for m, w in workers.items()
                if not (truncated and m in ("mlp", "per_sample"))
            }
            for dtype in dtypes:
                times = time_config(config, dtype, config_workers, args)
                medians = {m: statistics.median(v) for m, v in times.items()}
                row = [*map(str, config[:5]), str(bptt_steps_of(config) or "all")]
                row.append(dtype.name)
                for method in ("rnn", "torch"):
                    row.append(f"{medians[method]:.3f}" if method in times else "-")
                if "rnn" in times and "torch" in times:
                    row.append(ratio_cell(times["rnn"], times["torch"]))
                else:
                    row.append("-")
                for method in ("mlp", "per_sample"):
                    row.append(f"{medians[method]:.3f}" if method in times else "-")
                if not args.no_memory:
                    n, t, d = config[:3]
                    row.append(mib(n * (t * d + 1) * dtype.itemsize))
                    for method in ("rnn", "torch", "mlp"):
                        if method not in config_workers:
                            row.append("-")
                            continue
                        memory = measure_memory(method, config, dtype, args)
                        cell = mib(memory["peak_rss"])
                        if memory["traced"] is not None:
                            cell += " / " + mib(memory["traced"])
                        row.append(cell)
                print("| " + " | ".join(row) + " |", flush=True)
        print()
        print("Single-window predict latency (H=32, T=20), median of 7 x calls:")
        n_calls = 200 if args.quick else 2000
        for dtype in dtypes:
            parts = []
            for method in ("rnn", "torch"):
                if method in workers:
                    seconds = workers[method].ask(dtype=dtype.name, latency=n_calls)
                    parts.append(f"{method} {seconds['seconds'] * 1e6:.1f} us")
            print(f"- {dtype.name}: {', '.join(parts)}")
        print(f"Load average at end: {os.getloadavg()[0]:.2f}")
    finally:
        for worker in workers.values():
            worker.close()


if __name__ == "__main__":
    main()
