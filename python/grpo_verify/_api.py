"""Finding and running the binary; ``solve``, ``table``, ``objective``, ``check``, ``run``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable, List, Optional

from . import _argv
from .errors import BinaryNotFound, GrpoVerifyError, InputError, VerificationFailed
from .results import CheckResult, Objective, Output, Solution, Table, loads, parse_or_raise

ENV = "GRPO_VERIFY_BIN"
NAME = "grpo-verify"


def find_binary() -> str:
    """The path of the grpo-verify binary.

    In order: the ``GRPO_VERIFY_BIN`` environment variable (if set and non-empty it must name an
    executable file, relative paths from the current folder: it is not silently skipped), a file ``grpo-verify`` next to this package
    (``grpo_verify/grpo-verify``), then ``grpo-verify`` on ``PATH``. Looked up on every call, so
    changing ``os.environ`` in a notebook takes effect at once.

    Raises:
        BinaryNotFound: none of the three gives an executable file.
    """
    configured = os.environ.get(ENV, "")
    if configured:
        path = os.path.abspath(os.path.expanduser(configured))  # relative to the current folder
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        raise BinaryNotFound(f"{ENV}={configured!r} is not an executable file")
    beside = Path(__file__).resolve().parent / NAME
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(NAME)
    if found:
        return found
    raise BinaryNotFound(
        f"no {NAME} binary: set {ENV} to its path (e.g. .build/release/{NAME} after "
        f"`swift build -c release`), put it next to the grpo_verify package ({beside}), or on PATH")


def _message(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def _execute(argv_tail: List[str]) -> "subprocess.CompletedProcess[str]":
    command = [find_binary()] + argv_tail
    try:
        return subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, encoding="utf-8", errors="replace",
                              check=False)
    except OSError as error:
        raise GrpoVerifyError(f"could not run {command[0]}: {error}", command=command) from error


def _fail(done: "subprocess.CompletedProcess[str]", result: Any = None) -> GrpoVerifyError:
    """The exception for a non-zero exit status."""
    command = list(done.args)
    message = _message(done.stderr)
    if done.returncode == 2:
        return InputError(message or "grpo-verify: bad input (exit status 2)", status=2,
                          command=command, stderr=done.stderr)
    if done.returncode == 1:
        return VerificationFailed(message or "grpo-verify: verification failed (exit status 1)",
                                  status=1, command=command, stderr=done.stderr, result=result)
    what = (f"killed by signal {-done.returncode}" if done.returncode < 0
            else f"exit status {done.returncode}")
    return GrpoVerifyError(f"grpo-verify {what}" + (f": {message}" if message else ""),
                           status=done.returncode, command=command, stderr=done.stderr)


def _parsed(command: str, kwargs: dict, parser: Callable[[Any, List[str]], Any]) -> Any:
    """Run a JSON command; the parsed result, or the exception (with ``.result`` on exit 1)."""
    if kwargs.get("format") not in (None, "json"):
        raise ValueError(f"{command}() reads the binary's JSON; for --format "
                         f"{kwargs['format']} use run({command!r}, format=...)")
    kwargs = {k: v for k, v in kwargs.items() if k != "format"}
    done = _execute(_argv.command_argv(command, (), kwargs))
    argv = list(done.args)
    if done.returncode == 0:
        return parse_or_raise(command, parser, done.stdout, argv, 0, done.stderr)
    result = None
    if done.returncode == 1 and done.stdout.strip():
        try:
            result = parser(loads(done.stdout), argv)
        except (ValueError, KeyError, TypeError):
            result = None
    raise _fail(done, result)


def solve(**kwargs: Any) -> Solution:
    """The stationary policy: ``grpo-verify solve --format json`` with the given flags.

    Keyword arguments are the CLI flags with ``-`` as ``_`` (see :func:`run` for how values are
    written)::

        solve(beta="0.1", ref="0.3")                                 # binary question
        solve(group_size=64, beta="0.04", ref="0.3", digits=40, certify=True)
        solve(beta="0.1", ref=["0.5", "0.3", "0.2"], success=["0.9", "0.5", "0.1"])

    Returns:
        A :class:`Solution`; ``.policy`` is a ``Decimal`` (one ``--ref``) or a list of
        ``Decimal`` (a list of ``--ref``), with exactly the digits the binary printed.

    Raises:
        InputError: exit status 2 (bad input); ``.message`` is the binary's one-line error.
        VerificationFailed: exit status 1; ``.result`` is the :class:`Solution` the binary
            still printed (``None`` if it printed nothing, e.g. ``--max-seconds`` reached).
        BinaryNotFound, GrpoVerifyError: no binary, another failure, or unreadable output.
    """
    return _parsed("solve", kwargs, Solution.from_json)


def table(**kwargs: Any) -> Table:
    """The agreement table: ``grpo-verify table --format json`` with the given flags.

    Grid flags take lists: ``table(beta=["0.1", "0.2"], ref="0.3", group_size=2)``; a range is
    a string, ``beta="0.1:0.5:0.1"``. Returns a :class:`Table` (rows as dicts with ``Decimal``
    cells). Raises as :func:`solve` (``.result`` of a ``VerificationFailed`` is the ``Table``).
    """
    return _parsed("table", kwargs, Table.from_json)


def objective(**kwargs: Any) -> Objective:
    """GRPO's alignment objective F_G(μ) and its derivative W_G(μ), certified:
    ``grpo-verify objective --format json`` with the given flags::

        objective(group_size=8, success_rate="0.3")                  # F_8(0.3) to 30 digits
        objective(group_size="inf", success_rate="0.3", digits=50)   # 2 arcsin sqrt(0.3)

    Returns an :class:`Objective`: ``.objective`` and ``.derivative`` are ``Decimal`` with the
    digits the interval enclosure earned, ``.enclosure`` the ``(lower, upper)`` pair of F_G(μ).
    Raises as :func:`solve` (``.result`` of a ``VerificationFailed`` is the ``Objective``, e.g.
    when a rounding tie leaves a digit unearned).
    """
    return _parsed("objective", kwargs, Objective.from_json)


def check(**kwargs: Any) -> CheckResult:
    """``grpo-verify check --golden FILE``: recompute a golden file (JSON or LaTeX macros) digit for digit.

    ``check(golden="proofs/golden/solve-g2.json")`` (a ``pathlib.Path`` works too;
    ``digits=``, ``threads=``, ``max_seconds=`` as the CLI). A mismatch (exit status 1) is *not*
    raised: it is ``CheckResult(passed=False, ...)`` with the mismatch lines.

    Raises:
        InputError: exit status 2 (no such file, not a golden file, a newer schema, ...).
    """
    done = _execute(_argv.command_argv("check", (), kwargs))
    if done.returncode not in (0, 1):
        raise _fail(done)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    verdict = ("ok:", "FAILED:")
    return CheckResult(passed=done.returncode == 0, status=done.returncode, text=done.stdout,
                       message=_message(done.stderr) if done.returncode else "",
                       mismatches=[line for line in lines if not line.startswith(verdict)],
                       command=list(done.args))


def run(command: str, *args: Any, **kwargs: Any) -> Output:
    """Any command: ``run("prove")``, ``run("threshold", ref="0.3")``,
    ``run("merge", "shard1.json", "shard2.json")``, ``run("plot", "fig1", out="fig1.svg")``.

    Keyword arguments become flags: ``group_size=64`` -> ``--group-size 64``; a list or tuple
    a comma list (``ref=[0.5, 0.3, 0.2]`` -> ``--ref 0.5,0.3,0.2``), a list of lists a matrix
    with rows joined by ``;``; ``True`` a bare flag (``certify=True`` -> ``--certify``);
    ``False`` and ``None`` leave the flag out. ``str``, ``int`` and ``decimal.Decimal`` pass
    exactly; a ``float`` is written with ``repr`` (``0.1`` -> ``"0.1"``, the shortest decimal
    that reads back as that double, not its exact binary value: inexact in general, so prefer
    ``str``/``Decimal``). Positional arguments come last, after ``--``.

    ``--format json`` is added for the commands that have it (solve, table, prove, threshold,
    variants, stability, merge, conjecture, objective) unless you pass ``format=``; ``.raw`` is then the
    parsed JSON.

    Returns:
        An :class:`Output` (``.raw``, ``.text``, ``.stderr``, ``.status``, ``.command``).

    Raises:
        InputError (exit 2), VerificationFailed (exit 1, ``.result`` the :class:`Output`),
        BinaryNotFound, GrpoVerifyError.
    """
    argv = _argv.command_argv(command, args, kwargs)
    done = _execute(argv)
    is_json = ((command in _argv.JSON_COMMANDS and kwargs.get("format") is None)
               or kwargs.get("format") == "json")
    raw = None
    if is_json and done.stdout.strip():
        try:
            raw = loads(done.stdout)
        except ValueError as error:
            if done.returncode == 0:
                raise GrpoVerifyError(f"{command}: the binary's output is not JSON ({error})",
                                      status=0, command=list(done.args),
                                      stderr=done.stderr) from error
    output = Output(command=list(done.args), status=done.returncode, text=done.stdout,
                    stderr=done.stderr, raw=raw)
    if done.returncode != 0:
        raise _fail(done, output if done.returncode == 1 else None)
    return output


def version() -> str:
    """The binary's ``--version`` (e.g. ``"0.1.0"``)."""
    done = _execute(["--version"])
    if done.returncode != 0:
        raise _fail(done)
    return done.stdout.strip()


def read_solution(path: "os.PathLike[str] | str") -> Solution:
    """A :class:`Solution` from a saved ``solve --format json`` file (e.g. proofs/golden/
    solve-g2.json), without running the binary."""
    return Solution.from_json(loads(Path(path).read_text(encoding="utf-8")))


def read_table(path: "os.PathLike[str] | str") -> Table:
    """A :class:`Table` from a saved ``table``/``merge``/``report`` JSON file."""
    return Table.from_json(loads(Path(path).read_text(encoding="utf-8")))
