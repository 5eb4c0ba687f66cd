"""grpo_verify: the grpo-verify command line from Python, with exact decimals.

grpo-verify (a Swift command-line suite) verifies the stationary policies of GRPO from
"What is the Alignment Objective of GRPO?" (Vojnovic & Yun, arXiv:2502.18548) to arbitrary
precision, certified with interval arithmetic. This package runs that binary and returns its JSON
as dataclasses whose numbers are ``decimal.Decimal`` with every printed digit::

    import grpo_verify as gv
    s = gv.solve(beta="0.1", ref="0.3", certify=True)
    s.policy        # Decimal('0.932182538049647749788001552372')
    s.enclosure     # (Decimal('0.93218...371633'), Decimal('0.93218...371634'))

The binary is found through ``GRPO_VERIFY_BIN``, then next to this package, then on PATH (see
:func:`find_binary`). Keyword arguments are the CLI flags with ``_`` for ``-`` (see :func:`run`).
Arithmetic on the returned ``Decimal`` values uses the current ``decimal`` context (28 digits by
default): raise ``decimal.getcontext().prec`` to compute with all of them.

Standard library only; Python >= 3.9.
"""

from ._api import check, find_binary, objective, read_solution, read_table, run, solve, table, version
from ._argv import JSON_COMMANDS
from .errors import BinaryNotFound, GrpoVerifyError, InputError, VerificationFailed
from .results import (CheckResult, Method, Objective, Output, Solution, StationaryPolicy, Table, loads)

__version__ = "0.1.0"

__all__ = [
    "solve", "table", "objective", "check", "run", "version", "find_binary", "read_solution", "read_table",
    "Solution", "Method", "Objective", "StationaryPolicy", "Table", "CheckResult", "Output", "loads",
    "GrpoVerifyError", "InputError", "VerificationFailed", "BinaryNotFound", "JSON_COMMANDS",
]
