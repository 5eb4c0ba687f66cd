"""Keyword arguments to grpo-verify command-line flags (no binary needed)."""

from __future__ import annotations

import math
import numbers
import os
import re
from decimal import Decimal
from typing import Any, Dict, Iterable, List

# Commands whose --format accepts json (see `grpo-verify <command> --help`). `report`, `plot`
# and `check` have no JSON output.
JSON_COMMANDS = frozenset(
    {"solve", "table", "prove", "threshold", "variants", "stability", "merge", "conjecture", "objective"})

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def flag_name(keyword: str) -> str:
    """``group_size`` -> ``--group-size``."""
    if not _NAME.match(keyword):
        raise TypeError(f"{keyword!r} is not a flag name (letters, digits and underscores, "
                        f"starting with a letter)")
    return "--" + keyword.replace("_", "-")


def format_scalar(value: Any, keyword: str = "value") -> str:
    """One value as the binary reads it.

    ``str`` passes through unchanged; ``int`` (and other integrals) and finite
    ``decimal.Decimal`` pass through exactly (``str(Decimal("0.30"))`` is ``"0.30"``);
    ``os.PathLike`` becomes its path. A ``float`` becomes ``repr(x)``, the shortest decimal that
    reads back as the same double (``0.1`` -> ``"0.1"``): that is usually the literal you typed,
    but it is *not* the double's exact binary value, so pass a ``str`` or ``Decimal`` when the
    exact decimal matters. ``float("inf")`` becomes ``"inf"`` (valid for --group-size); NaN, a
    non-finite ``Decimal`` and ``bool`` (inside a list) are refused.
    """
    if isinstance(value, bool):
        raise TypeError(f"{keyword}: a bool is a bare flag, not a value in a list")
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{keyword}: {value!r} is not a finite decimal")
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, float):  # float subclasses too (numpy.float64); float.__repr__ for them
        if math.isnan(value):
            raise ValueError(f"{keyword}: NaN is not a value")
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return float.__repr__(float(value))
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"{keyword}: cannot pass a {type(value).__name__} to the binary; give a str, "
                    f"int, decimal.Decimal, float, a list of them, or a bool for a bare flag")


def format_value(value: Any, keyword: str = "value") -> str:
    """A value or a list (``[0.5, 0.3]`` -> ``"0.5,0.3"``) or a matrix (a list of lists, rows
    joined with ``;``: ``[[1, 2], [3, 4]]`` -> ``"1,2;3,4"``)."""
    if isinstance(value, (list, tuple)):
        if not value:
            raise ValueError(f"{keyword}: an empty list")
        if any(isinstance(item, (list, tuple)) for item in value):
            if not all(isinstance(item, (list, tuple)) for item in value):
                raise TypeError(f"{keyword}: a matrix must be a list of lists (rows) only")
            return ";".join(format_value(row, keyword) for row in value)
        return ",".join(format_scalar(item, keyword) for item in value)
    return format_scalar(value, keyword)


def flags(kwargs: Dict[str, Any]) -> List[str]:
    """The argv of keyword arguments, in their order.

    ``True`` is a bare flag, ``False`` and ``None`` are left out, anything else is
    ``--flag VALUE``; a value starting with ``-`` (``beta="-1"``) is given as ``--flag=VALUE``
    so that the binary reads it as the flag's value and reports what is wrong with it.
    """
    argv: List[str] = []
    for keyword, value in kwargs.items():
        name = flag_name(keyword)
        if value is None or value is False:
            continue
        if value is True:
            argv.append(name)
            continue
        text = format_value(value, keyword)
        if text.startswith("-"):
            argv.append(f"{name}={text}")
        else:
            argv += [name, text]
    return argv


def command_argv(command: str, args: Iterable[Any] = (), kwargs: Dict[str, Any] = None,
                 add_json: bool = True) -> List[str]:
    """``[command, (--format json), flags..., (-- positional...)]`` without the binary path.

    ``--format json`` is added first for the commands that print JSON unless a ``format``
    (not ``None``) is among the keyword arguments (or ``add_json`` is false). Positional arguments (the files
    of ``merge``, the figure of ``plot``) come last, after ``--``, so that a file name starting
    with ``-`` is not read as a flag.
    """
    if not isinstance(command, str) or not re.match(r"[a-z][a-z-]*\Z", command):
        raise ValueError(f"{command!r} is not a grpo-verify command")
    kwargs = dict(kwargs or {})
    argv = [command]
    if add_json and command in JSON_COMMANDS and kwargs.get("format") is None:
        argv += ["--format", "json"]
    argv += flags(kwargs)
    positional = [format_scalar(a, "positional argument") for a in args]
    if positional:
        argv += ["--"] + positional
    return argv
