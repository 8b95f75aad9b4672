"""Sphinx configuration of the sklearn_rnn documentation.

Build (warnings are errors)::

    pip install -e ".[docs]"
    sphinx-build -W -b html docs docs/_build/html

Environment variables:

``SKLEARN_RNN_DOCS_INTERSPHINX=1``
    Fetch the intersphinx inventories of Python, NumPy, pandas and scikit-learn
    from the web (see "intersphinx" below for why this is off by default).
``SKLEARN_RNN_DOCS_STRICT=1``
    Fail when a public name of the API contract (DESIGN.md) cannot be imported,
    instead of building the site without it (see "public names" below).
"""

import importlib
import os
import re
import sys
import warnings
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS_DIR.parent))  # build from a checkout without installing

from threadpoolctl import threadpool_limits  # noqa: E402  (a scikit-learn dependency)

import sklearn_rnn  # noqa: E402

# The examples run in this process. Their matrices are tiny (tens of hidden units), and
# a multi-threaded BLAS on a busy machine can make such products 100 times slower than
# one thread (thread oversubscription); one thread keeps the build fast and its timings
# stable. This affects the docs build only.
_BLAS_LIMIT = threadpool_limits(limits=1, user_api="blas")

project = "sklearn_rnn"
author = "sklearn_rnn developers"
copyright = "sklearn_rnn developers"
release = sklearn_rnn.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "examples"]
nitpicky = False
default_role = "literal"

# -- public names -------------------------------------------------------------------
# The API reference lists every public name of the contract in DESIGN.md. While the
# package is being built, some of them may not exist yet. Rather than fail, the build
# then (1) drops their lines from the autosummary tables of api.rst, with a note
# saying what is missing, (2) skips the gallery examples that import them, and
# (3) turns links to those examples into plain text. All of it switches off by itself
# once the names import; SKLEARN_RNN_DOCS_STRICT=1 makes a missing name an error.

PUBLIC_NAMES = [
    "sklearn_rnn.SimpleRNNRegressor",
    "sklearn_rnn.SeriesForecaster",
    "sklearn_rnn.make_windows",
    "sklearn_rnn.forecast",
    "sklearn_rnn.datasets.load_airline",
]


def _importable(dotted_name):
    module_name, _, attribute = dotted_name.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return False
    return hasattr(module, attribute)


MISSING_NAMES = [name for name in PUBLIC_NAMES if not _importable(name)]
if MISSING_NAMES and os.environ.get("SKLEARN_RNN_DOCS_STRICT"):
    raise RuntimeError(f"Public names missing from sklearn_rnn: {MISSING_NAMES}")
if MISSING_NAMES:
    print(f"[sklearn_rnn docs] building without (not importable yet): {MISSING_NAMES}")

_IMPORT_RE = re.compile(
    r"^from (sklearn_rnn(?:\.\w+)*) import (?:\(([^)]*)\)|(.*)$)", re.MULTILINE
)


def _example_requirements(path):
    """The sklearn_rnn names an example imports, as dotted names."""
    names = []
    for module, in_parentheses, on_one_line in _IMPORT_RE.findall(path.read_text()):
        imported = (in_parentheses or on_one_line).split("#")[0]
        names += [
            f"{module}.{name.split(' as ')[0].strip()}"
            for name in imported.split(",")
            if name.strip()
        ]
    return names


SKIPPED_EXAMPLES = sorted(
    path.name
    for path in (DOCS_DIR / "examples").glob("plot_*.py")
    if not all(_importable(name) for name in _example_requirements(path))
)
if SKIPPED_EXAMPLES:
    print(f"[sklearn_rnn docs] skipping examples that need them: {SKIPPED_EXAMPLES}")


_MODEL_FIGURE = "auto_examples/images/sphx_glr_plot_unrolled_cell_001.png"


def _drop_missing(app, docname, source):
    """Remove autosummary lines and example links that would point at nothing."""
    text = source[0]
    if docname == "api" and MISSING_NAMES:
        for name in MISSING_NAMES:
            short = name.removeprefix("sklearn_rnn.")
            text = re.sub(rf"^   {re.escape(short)}\n", "", text, flags=re.MULTILINE)
        listed = ", ".join(f"``{name}``" for name in MISSING_NAMES)
        text += (
            "\n.. note::\n\n   This build of the documentation was made from a "
            f"version of the package without {listed}; their pages are missing.\n"
        )
    if docname == "user_guide/model" and not (DOCS_DIR / _MODEL_FIGURE).is_file():
        # Built without running the gallery (-D plot_gallery=0): no figure to show.
        text = re.sub(
            rf"\.\. figure:: \.\./{re.escape(_MODEL_FIGURE)}\n(?:(?:   .*)?\n)*",
            "(The figure is drawn when the examples gallery is run.)\n\n",
            text,
        )
    for example in SKIPPED_EXAMPLES:
        label = "sphx_glr_auto_examples_" + example
        text = re.sub(
            rf":ref:`([^`<]*?)\s*<{re.escape(label)}>`",
            r"\1 (example not built)",
            text,
        )
        text = re.sub(rf":ref:`{re.escape(label)}`", f"``{example}``", text)
    source[0] = text


class _MissingImportFilter:
    """Drop autosummary's "failed to import" warning for the names listed as
    missing above; its stub generator reads api.rst from disk, before source-read."""

    def filter(self, record):
        message = record.getMessage()
        return not (
            "failed to import" in message
            and any(
                name.removeprefix("sklearn_rnn.") in message for name in MISSING_NAMES
            )
        )


def _plain_sklearn_roles(app, what, name, obj, options, lines):
    """Docstrings inherited from scikit-learn (get_params, score, set_fit_request...)
    use :ref: and :term: targets of scikit-learn's own site; without its intersphinx
    inventory they cannot resolve, so render them as plain text."""
    if "sklearn" in intersphinx_mapping:
        return
    if not getattr(obj, "__module__", "").startswith("sklearn"):
        return
    text = re.sub(  # a role can wrap over two lines, so work on the whole text
        r":(?:ref|term):`([^`<]*?)\s*(?:<([^>]*)>)?`",
        lambda m: m.group(1).strip() or m.group(2),
        "\n".join(lines),
    )
    lines[:] = text.split("\n")


def _quote_attribute_names_in_types(app, what, name, obj, options, lines):
    """Stopgap for package docstrings that write a fitted attribute bare in a type,
    "ndarray of shape (n_outputs_,)": rST reads ``n_outputs_`` as a hyperlink
    reference and the build fails. Quote such names (scikit-learn writes them in
    backquotes in its docstrings, which makes this a no-op)."""
    if not name.startswith("sklearn_rnn"):
        return
    for i, line in enumerate(lines):
        lines[i] = re.sub(
            r"(?<![`\w])([A-Za-z]\w*[A-Za-z0-9]_)(?=[,)])", r"``\1``", line
        )


def setup(app):
    import logging

    app.connect("autodoc-process-docstring", _quote_attribute_names_in_types)

    app.connect("autodoc-process-docstring", _plain_sklearn_roles)

    if MISSING_NAMES:
        for logger_name in (
            "sphinx.ext.autosummary",
            "sphinx.ext.autosummary.generate",
        ):
            logging.getLogger("sphinx." + logger_name).addFilter(_MissingImportFilter())
    app.connect("source-read", _drop_missing)


# -- generated includes -------------------------------------------------------------
# Text that lives elsewhere in the repository is copied into docs/generated/ (git
# ignored) at every build, so the site never goes stale: the help of the command line
# and the benchmark results. ".txt" and ".md" are not source suffixes, so Sphinx only
# reads them where a page includes them.
GENERATED_DIR = DOCS_DIR / "generated"
REPO_DIR = DOCS_DIR.parent


def _write(relative_path, text):
    path = GENERATED_DIR / relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    if (
        not path.is_file() or path.read_text() != text
    ):  # keep mtimes for incremental builds
        path.write_text(text)


def _cli_help():
    import subprocess

    command = [sys.executable, "-m", "sklearn_rnn", "forecast", "--help"]
    env = {**os.environ, "COLUMNS": "88", "PYTHONPATH": str(REPO_DIR)}
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=60, env=env, cwd=REPO_DIR
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"(could not run the command line: {exc})\n", False
    if result.returncode != 0:
        return "(the command line is not part of this build of the package)\n", False
    return result.stdout, True


def _markdown_tables_to_rst(markdown):
    """Turn the pipe tables of a Markdown file into list-tables, each captioned by the
    heading above it; the rest of the file is left out (it is shown verbatim)."""
    blocks, heading, rows, captions = [], "", [], set()

    def flush():
        if len(rows) >= 2:
            body = [r for r in rows[1:] if not re.fullmatch(r"[\s|:\-]+", r)]
            caption = "" if heading in captions else heading
            captions.add(heading)
            lines = [f".. list-table:: {caption}".rstrip(), "   :header-rows: 1", ""]
            for row in [rows[0], *body]:
                cells = [c.strip() for c in row.strip().strip("|").split("|")]
                cells = [re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", c) for c in cells]
                lines.append(f"   * - {cells[0]}")
                lines += [f"     - {cell}" for cell in cells[1:]]
            blocks.append("\n".join(lines))
        rows.clear()

    for line in markdown.splitlines():
        if line.lstrip().startswith("|"):
            rows.append(line)
            continue
        flush()
        if line.startswith("#"):
            heading = line.lstrip("#").strip().replace("`", "")
    flush()
    return "\n\n".join(blocks) + "\n"


CLI_HELP, HAS_CLI = _cli_help()
_write("cli/forecast_help.txt", CLI_HELP)

_BENCHMARK_README = REPO_DIR / "benchmarks" / "README.md"
if _BENCHMARK_README.is_file():
    _benchmark_markdown = _BENCHMARK_README.read_text()
    _tables = _markdown_tables_to_rst(_benchmark_markdown)
    if not _tables.strip():
        _tables = "(``benchmarks/README.md`` holds no table yet.)\n"
else:
    _benchmark_markdown = "(benchmarks/README.md does not exist yet.)\n"
    _tables = (
        "(No results recorded yet: ``benchmarks/README.md`` does not exist in this "
        "build. Run the benchmark as shown below.)\n"
    )
_write("benchmarks/tables.txt", _tables)
_write("benchmarks/README.md", _benchmark_markdown)
if not HAS_CLI:
    print("[sklearn_rnn docs] the command line is missing; its help is a placeholder")

# -- intersphinx --------------------------------------------------------------------
# Links to the Python, NumPy, pandas and scikit-learn docs. Sphinx downloads their
# objects.inv at build time, and a failed download is a warning, i.e. an error under
# -W. Build machines here have no internet access (package registries only), so the
# inventories are used only when they can be had: a local copy in
# docs/_intersphinx/<name>.inv (download it once with `curl -o`, it is used offline),
# or the web when SKLEARN_RNN_DOCS_INTERSPHINX=1. Without either, references such as
# :class:`~sklearn.neural_network.MLPRegressor` render as plain code, no warning
# (nitpicky is off).
_INTERSPHINX_TARGETS = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "pandas": "https://pandas.pydata.org/docs/",
    "sklearn": "https://scikit-learn.org/stable/",
}
_ONLINE = bool(os.environ.get("SKLEARN_RNN_DOCS_INTERSPHINX"))
intersphinx_mapping = {}
for _name, _url in _INTERSPHINX_TARGETS.items():
    _local = DOCS_DIR / "_intersphinx" / f"{_name}.inv"
    if _local.is_file():
        intersphinx_mapping[_name] = (_url, str(_local))
    elif _ONLINE:
        intersphinx_mapping[_name] = (_url, None)
intersphinx_timeout = 10

# -- autosummary, autodoc, numpydoc -------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": True}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
# Types in Parameters/Attributes become cross-references (ndarray, DataFrame, ...).
# This also keeps a fitted-attribute name written in a type, such as
# "ndarray of shape (n_outputs_, hidden_size)", from being read as an rST hyperlink
# reference (the trailing underscore) and failing the build.
numpydoc_xref_param_type = True
numpydoc_xref_aliases = {
    "ndarray": "numpy.ndarray",
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
    "estimator": "sklearn.base.BaseEstimator",
}
if "python" not in intersphinx_mapping:
    # numpydoc's default aliases point builtins at "python:int", ...; unresolved
    # (no Python inventory) they would render with that prefix.
    numpydoc_xref_aliases.update(
        {
            name: name
            for name in (
                "int",
                "float",
                "bool",
                "str",
                "list",
                "dict",
                "tuple",
                "callable",
                "None",
                "True",
                "False",
            )
        }
    )
numpydoc_xref_ignore = {
    "of",
    "or",
    "shape",
    "default",
    "optional",
    "instance",
    "and",
    "like",
    "the",
    "None",
    "True",
    "False",
    "array-like",
    "int",
    "float",
    "bool",
    "str",
    "label",
    "list",
    "labels",
    "fitted",
    "regressor",
    "RandomState",
    "n_samples",
    "n_features",
    "n_outputs",
    "n_steps",
    "n_variables",
    "n_targets",
    "n_rows",
    "n_future",
    "n_past",
    "hidden_size",
    "input_size",
    "window",
    "steps",
}

# -- sphinx-gallery -----------------------------------------------------------------
# Examples run at build time, in this process, with matplotlib's Agg backend.
warnings.filterwarnings(
    "ignore",
    category=UserWarning,
    message="Matplotlib is currently using agg, which is a non-GUI backend",
)

sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "ignore_pattern": (
        "|".join(re.escape(name) for name in SKIPPED_EXAMPLES)
        if SKIPPED_EXAMPLES
        else r"__init__\.py"
    ),
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("sklearn_rnn",),
    "backreferences_dir": "generated/backreferences",
    "remove_config_comments": True,
    "show_memory": False,
    "plot_gallery": "True",
    "matplotlib_animations": False,
    "min_reported_time": 1,
}

# -- HTML ---------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"sklearn_rnn {release}"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navbar_end": ["navbar-icon-links"],
    "secondary_sidebar_items": ["page-toc"],
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
