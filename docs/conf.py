"""Sphinx configuration of the sklearn_rnn documentation.

Build (warnings are errors)::

    pip install -e ".[docs]"
    python -m sphinx -W -b html docs docs/_build/html

``SKLEARN_RNN_DOCS_INTERSPHINX=1`` links to the Python, NumPy, pandas and
scikit-learn sites through inventories fetched from the web (see "intersphinx").
"""

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent
REPO_DIR = DOCS_DIR.parent
sys.path.insert(0, str(REPO_DIR))  # build from a checkout without installing

from threadpoolctl import threadpool_limits  # noqa: E402  (a scikit-learn dependency)

import sklearn_rnn  # noqa: E402

# The gallery runs in this process. Its matrix products are tiny, and a multi-threaded
# BLAS on a busy machine can make them 100 times slower than one thread.
threadpool_limits(limits=1, user_api="blas")

project = "sklearn_rnn"
author = copyright = "sklearn_rnn developers"
version = release = sklearn_rnn.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
templates_path = ["_templates"]
exclude_patterns = ["_build", "examples"]
default_role = "literal"

# -- generated includes -------------------------------------------------------------
# Copied into docs/generated/ (git ignored) at every build, so the site never goes
# stale: the command line's help, and the tables of benchmarks/README.md as rST
# (forecasting accuracy for the forecasting page, the regressor inside skforecast and
# sktime in clients.txt, the rest for the performance page).


def _write(name, text):
    path = DOCS_DIR / "generated" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text() != text:  # keep mtimes: incremental
        path.write_text(text)


def _markdown_tables(markdown):
    """The pipe tables of a Markdown text as rST list-tables, captioned by the heading
    above them and grouped by their ``##`` section: {section heading: rST}."""
    sections, section, heading, rows, fenced = {}, "", "", [], False

    def cell(text):
        text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text.strip())
        return "\\" + text if re.match(r"[-*+](\s|$)", text) else text  # not a list

    def flush():
        if len(rows) >= 2:
            body = [r for r in rows[1:] if not re.fullmatch(r"[\s|:\-]+", r)]
            lines = [f".. list-table:: {heading}".rstrip(), "   :header-rows: 1", ""]
            for row in [rows[0], *body]:
                first, *rest = [cell(c) for c in row.strip().strip("|").split("|")]
                lines += [f"   * - {first}", *(f"     - {c}" for c in rest)]
            sections[section] = sections.get(section, "") + "\n".join(lines) + "\n\n"
        rows.clear()

    for line in markdown.splitlines():
        if line.lstrip().startswith("|") and not fenced:
            rows.append(line)
            continue
        flush()
        if line.startswith("```"):  # no headings or tables in code blocks
            fenced = not fenced
        elif line.startswith("#") and not fenced:
            heading = line.lstrip("#").strip().replace("`", "")
            section = heading if line.startswith("## ") else section
    flush()
    return sections


_help = subprocess.run(
    [sys.executable, "-m", "sklearn_rnn", "forecast", "--help"],
    env={**os.environ, "COLUMNS": "88", "PYTHONPATH": str(REPO_DIR)},
    capture_output=True,
    text=True,
    check=True,
)
_write("cli/forecast_help.txt", _help.stdout)

_tables = _markdown_tables((REPO_DIR / "benchmarks" / "README.md").read_text())
_forecasting = [t for name, t in _tables.items() if name.startswith("Forecast")]
_clients = [t for name, t in _tables.items() if name.startswith("Inside")]
_speed = [
    t for name, t in _tables.items() if not name.startswith(("Forecast", "Inside"))
]
_none_yet = "(No results recorded in ``benchmarks/README.md`` yet.)\n"
_write("benchmarks/forecasting.txt", "".join(_forecasting) or _none_yet)
_write("benchmarks/speed.txt", "".join(_speed) or _none_yet)
# "Inside skforecast and sktime": the regressor inside the forecasting libraries.
_write("benchmarks/clients.txt", "".join(_clients) or _none_yet)

# -- intersphinx --------------------------------------------------------------------
# A failed inventory download is a warning, an error under -W, and the build machines
# have no internet access. So inventories are used only from docs/_intersphinx/
# <name>.inv (a local copy) or, with SKLEARN_RNN_DOCS_INTERSPHINX=1, from the web.
# Without them, references to these sites render as plain code (nitpicky is off).
intersphinx_mapping = {}
for _name, _url in {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "pandas": "https://pandas.pydata.org/docs/",
    "sklearn": "https://scikit-learn.org/stable/",
}.items():
    _local = DOCS_DIR / "_intersphinx" / f"{_name}.inv"
    if _local.is_file():
        intersphinx_mapping[_name] = (_url, str(_local))
    elif os.environ.get("SKLEARN_RNN_DOCS_INTERSPHINX"):
        intersphinx_mapping[_name] = (_url, None)
intersphinx_timeout = 10


def _plain_sklearn_roles(app, what, name, obj, options, lines):
    """Docstrings inherited from scikit-learn (get_params, set_fit_request, ...) use
    :ref: and :term: targets of scikit-learn's site; without its inventory they
    cannot resolve (an error under -W), so render them as plain text."""
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


def setup(app):
    app.connect("autodoc-process-docstring", _plain_sklearn_roles)


# -- autosummary, autodoc, numpydoc -------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": True}
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
# Types in Parameters/Attributes link where an alias says where to; other words
# ("of", "shape", "n_samples", ...) stay plain text.
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"
numpydoc_xref_aliases = {
    "ndarray": "numpy.ndarray",
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
    "estimator": "sklearn.base.BaseEstimator",
}
# Without the Python inventory numpydoc would show builtins as "python:int", ...
if "python" not in intersphinx_mapping:
    _builtins = "int float bool str list dict tuple callable None True False"
    numpydoc_xref_aliases.update((name, name) for name in _builtins.split())

# -- sphinx-gallery -----------------------------------------------------------------
warnings.filterwarnings(  # the examples run with matplotlib's Agg backend
    "ignore", category=UserWarning, message="Matplotlib is currently using agg"
)
sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("sklearn_rnn",),
    "backreferences_dir": "generated/backreferences",
    "remove_config_comments": True,
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
