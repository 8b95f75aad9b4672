"""Data sets bundled with sklearn_rnn."""

from ._airline import load_airline

__all__ = ["load_airline"]
