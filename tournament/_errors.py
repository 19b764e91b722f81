"""The package's exceptions.

Every public entry point raises one of these on bad input. Each is also a
subclass of the matching built-in (``ValueError`` or ``TypeError``), so code
that already catches those keeps working.
"""

from __future__ import annotations

__all__ = ["TournamentError", "ParameterError", "ParameterTypeError", "EquilibriumError",
           "RecordSizeWarning"]


class TournamentError(Exception):
    """Base class of every error raised by :mod:`tournament`."""


class ParameterError(TournamentError, ValueError):
    """A parameter or argument has a value outside its valid range.

    The message names the parameter, the value received and the valid range.
    """


class ParameterTypeError(TournamentError, TypeError):
    """A parameter or argument has the wrong type."""


class EquilibriumError(TournamentError, RuntimeError):
    """An equilibrium computation could not produce a verified answer."""


class RecordSizeWarning(UserWarning):
    """The tables asked for will take a lot of memory (see ``simulate``)."""
