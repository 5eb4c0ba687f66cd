"""The exceptions raised when the grpo-verify binary does not succeed."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence


class GrpoVerifyError(Exception):
    """The binary failed, could not be run, or printed something that is not its JSON.

    Attributes:
        status: the exit status (``None`` if the binary did not run; negative ``-N`` if it was
            killed by signal N, as :mod:`subprocess` reports it).
        message: the binary's one-line error from stderr (its last non-empty line, as
            printed, e.g. ``"grpo-verify: --beta: -1 is out of range; ..."``), or a description
            of what went wrong on the Python side.
        command: the argv list that was run (binary path first), or ``[]``.
        stderr: the whole stderr text.
        result: for exit status 1, what the binary printed on stdout, parsed as the function
            would have returned it (a :class:`~grpo_verify.Solution`, :class:`~grpo_verify.Table`,
            :class:`~grpo_verify.Output`), or ``None`` if stdout was empty.
    """

    def __init__(self, message: str, status: Optional[int] = None,
                 command: Optional[Sequence[str]] = None, stderr: str = "",
                 result: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.command: List[str] = list(command or [])
        self.stderr = stderr
        self.result = result

    def __str__(self) -> str:
        return self.message


class InputError(GrpoVerifyError):
    """Exit status 2: the binary refused its input (a flag's value, a file, an unknown flag).

    ``message`` is the binary's one-line error; it names the flag (``--ref: ...``)."""


class VerificationFailed(GrpoVerifyError):
    """Exit status 1: the computation ran but did not verify what it was asked to (methods
    disagreeing within the requested digits, an uncertified enclosure, a golden file's mismatch,
    ``--max-seconds`` reached).

    ``result`` holds the parsed output when the binary printed one (``solve`` and ``table`` do
    print their JSON before exiting 1), else ``None``."""


class BinaryNotFound(GrpoVerifyError):
    """No grpo-verify binary: not in ``GRPO_VERIFY_BIN``, not next to the package, not on PATH."""
