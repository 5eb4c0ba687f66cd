"""The binary's JSON as dataclasses with ``decimal.Decimal`` values.

Every decimal the binary prints is a JSON *string* (``"0.932182538049647749788001552372"``),
and is turned into a ``Decimal`` from that string, so no digit is lost. JSON numbers (only
integers such as ``"digits": 30`` today) are read with ``parse_int=int`` and
``parse_float=Decimal``. Keys this module does not know are kept: every result has the whole
parsed document in ``.raw``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Optional, Tuple, Union

from .errors import GrpoVerifyError

Policy = Union[Decimal, List[Decimal]]
Pair = Tuple[Decimal, Decimal]
Enclosure = Union[Pair, List[Pair]]

_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")


def loads(text: str) -> Any:
    """Parse the binary's JSON: floats as ``Decimal``, ints as ``int``, a key given twice in
    one object an error (the binary's own reader refuses it too)."""
    def pairs(items: List[Tuple[str, Any]]) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise ValueError(f"duplicate key {key!r}")
            out[key] = value
        return out
    return json.loads(text, parse_float=Decimal, parse_int=int, object_pairs_hook=pairs)


def is_decimal(text: Any) -> bool:
    """Whether ``text`` is a finite decimal literal (``"0.3"``, ``"3.32e-60"``; not ``"inf"``,
    ``"-"``, ``"?"``)."""
    return isinstance(text, str) and bool(_DECIMAL.match(text))


def to_decimal(value: Any) -> Optional[Decimal]:
    """A printed decimal as ``Decimal``; ``None`` for null and for the placeholders the binary
    prints instead of a value (``"?"``: no digit earned, ``"-"``)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if is_decimal(value):
        return Decimal(value)
    return None


def to_policy(value: Any) -> Optional[Policy]:
    """``"0.93"`` -> ``Decimal``; ``["0.9", "0.1"]`` -> list of ``Decimal``; null -> ``None``."""
    if isinstance(value, list):
        return [to_decimal(v) for v in value]
    return to_decimal(value)


def to_enclosure(value: Any) -> Optional[Enclosure]:
    """``["lo", "hi"]`` -> ``(Decimal, Decimal)``; ``[["lo", "hi"], ...]`` (one pair per answer)
    -> a list of such tuples; null or absent -> ``None``."""
    if not isinstance(value, list):
        return None
    if value and all(isinstance(v, list) for v in value):
        return [to_enclosure(v) for v in value]  # type: ignore[misc]
    if len(value) != 2:
        raise ValueError(f"an enclosure is a pair [lower, upper], got {value!r}")
    lower, upper = to_decimal(value[0]), to_decimal(value[1])
    if lower is None or upper is None:
        raise ValueError(f"an enclosure of decimals, got {value!r}")
    return (lower, upper)


def _int(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.match(r"[+-]?\d+\Z", value):
        return int(value)
    return None


def _bool(value: Any) -> Optional[bool]:
    return value if isinstance(value, bool) else None


def _strings(value: Any) -> Dict[str, Any]:
    """``provenance`` / ``setting``: a dict of str (a list of str for list-valued settings such
    as ``references``), as printed."""
    return dict(value) if isinstance(value, dict) else {}


@dataclass
class Method:
    """One method's run, from ``methods`` of ``solve``.

    ``value`` is a ``Decimal`` (binary question, JSON key ``value``) or a list of ``Decimal``
    (several answers, JSON key ``policy``), with the digits this method earned (``None`` where
    it earned none: the binary prints ``"?"``). ``residual`` is the relative residual (a
    3-digit diagnostic), ``precision_bits`` the working precision (binary questions),
    ``reaches`` the index of the stationary policy this method reached (several answers).
    """
    name: str
    value: Optional[Policy]
    digits: Optional[int]
    iterations: Optional[int]
    residual: Optional[Decimal]
    converged: Optional[bool]
    precision_bits: Optional[int] = None
    reaches: Optional[int] = None
    failure: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_json(cls, name: str, data: Dict[str, Any]) -> "Method":
        value = data["value"] if "value" in data else data.get("policy")
        return cls(name=name, value=to_policy(value), digits=_int(data.get("digits")),
                   iterations=_int(data.get("iterations")),
                   residual=to_decimal(data.get("residual")),
                   converged=_bool(data.get("converged")),
                   precision_bits=_int(data.get("precision_bits")),
                   reaches=_int(data.get("reaches")),
                   failure=data.get("failure") if isinstance(data.get("failure"), str) else None,
                   raw=data)


@dataclass
class StationaryPolicy:
    """One certified stationary policy of a question with several answers
    (``stationary_policies``): the success rate μ = Σ π(o) s_o, the policy, its certified
    digits."""
    success_rate: Optional[Decimal]
    policy: Optional[Policy]
    certified_digits: Optional[int]
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)


@dataclass
class Solution:
    """What ``solve`` printed.

    Attributes:
        policy: π(a) as a ``Decimal`` (binary question) or π(o) as a list of ``Decimal``, one per
            answer; ``None`` if the binary could not earn the requested digits.
        digits: the requested significant digits (each printed decimal carries them).
        enclosure: with ``certify=True``: the certified ``(lower, upper)`` enclosure of the root
            (or a list of pairs, one per answer, should the binary print one); else ``None``.
        methods: per method (``"closed-form"``, ``"newton"``, ``"bisection"``, ``"grpo"``,
            ``"success-rate"``) a :class:`Method`.
        setting: the setting as the binary read it (dict of str; lists of str for
            ``references``/``successes``).
        provenance: the command line, schema and version (dict of str).
        agreement_digits: the digits on which every method agreed.
        verified: the binary's overall verdict.
        certified_digits, certificate, closed_form_enclosure, agreement_certified: with
            ``certify=True`` (binary questions).
        stationary_policies: several answers: every certified stationary policy.
        failure: the binary's reason when it did not verify.
        raw: the whole parsed JSON (unknown keys included).
        command: the argv that was run.
    """
    policy: Optional[Policy]
    digits: Optional[int]
    enclosure: Optional[Enclosure]
    methods: Dict[str, Method]
    setting: Dict[str, Any]
    provenance: Dict[str, Any]
    agreement_digits: Optional[int] = None
    verified: Optional[bool] = None
    certified_digits: Optional[int] = None
    certificate: Optional[str] = None
    closed_form_enclosure: Optional[Enclosure] = None
    agreement_certified: Optional[bool] = None
    stationary_policies: Optional[List[StationaryPolicy]] = None
    failure: Optional[str] = None
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)
    command: List[str] = field(default_factory=list, repr=False)

    @classmethod
    def from_json(cls, data: Any, command: Optional[List[str]] = None) -> "Solution":
        if not isinstance(data, dict):
            raise ValueError("solve printed JSON that is not an object")
        methods = data.get("methods") if isinstance(data.get("methods"), dict) else {}
        stationary = data.get("stationary_policies")
        return cls(
            policy=to_policy(data.get("policy")),
            digits=_int(data.get("digits")),
            enclosure=to_enclosure(data.get("enclosure")),
            methods={name: Method.from_json(name, m) for name, m in methods.items()
                     if isinstance(m, dict)},
            setting=_strings(data.get("setting")),
            provenance=_strings(data.get("provenance")),
            agreement_digits=_int(data.get("agreement_digits")),
            verified=_bool(data.get("verified")),
            certified_digits=_int(data.get("certified_digits")),
            certificate=data.get("certificate") if isinstance(data.get("certificate"), str) else None,
            closed_form_enclosure=to_enclosure(data.get("closed_form_enclosure")),
            agreement_certified=_bool(data.get("agreement_certified")),
            stationary_policies=[
                StationaryPolicy(success_rate=to_decimal(p.get("success_rate")),
                                 policy=to_policy(p.get("policy")),
                                 certified_digits=_int(p.get("certified_digits")), raw=p)
                for p in stationary if isinstance(p, dict)
            ] if isinstance(stationary, list) else None,
            failure=data.get("failure") if isinstance(data.get("failure"), str) else None,
            raw=data,
            command=list(command or []),
        )


def cell(value: Any) -> Any:
    """A table cell: a decimal string becomes ``Decimal``; anything else (``"reverse"``,
    ``"inf"``, ``"-"``, ``"30 digits"``) is kept as printed."""
    return Decimal(value) if is_decimal(value) else value


@dataclass
class Table:
    """What ``table`` (or ``merge``, or a ``report`` JSON table) printed.

    ``rows`` are dicts keyed by the JSON keys (``"group_size"``, ``"beta"``, ``"reference"``,
    ``"closed-form"``, ``"newton"``, ...) in ``columns`` order; a cell that is a decimal is a
    ``Decimal`` (``group_size`` ``"2"`` too), any other cell (``"inf"``, ``"reverse"``, ``"-"``)
    the printed string. ``summary`` is the binary's summary (dict of str).
    """
    rows: List[Dict[str, Any]]
    columns: List[str]
    title: Optional[str]
    summary: Dict[str, Any]
    provenance: Dict[str, Any]
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)
    command: List[str] = field(default_factory=list, repr=False)

    def column(self, name: str) -> List[Any]:
        """One column's cells, row by row (``None`` where a row lacks it)."""
        return [row.get(name) for row in self.rows]

    @classmethod
    def from_json(cls, data: Any, command: Optional[List[str]] = None) -> "Table":
        if not isinstance(data, dict):
            raise ValueError("the table JSON is not an object")
        rows = data.get("rows") if isinstance(data.get("rows"), list) else []
        columns = data.get("columns") if isinstance(data.get("columns"), list) else []
        return cls(
            rows=[{k: cell(v) for k, v in row.items()} for row in rows if isinstance(row, dict)],
            columns=[c for c in columns if isinstance(c, str)],
            title=data.get("title") if isinstance(data.get("title"), str) else None,
            summary=_strings(data.get("summary")),
            provenance=_strings(data.get("provenance")),
            raw=data,
            command=list(command or []),
        )


@dataclass
class Objective:
    """What ``objective`` printed: GRPO's alignment objective F_G(μ) for 0/1 rewards.

    Attributes:
        objective: F_G(μ) as a ``Decimal`` with the digits the interval enclosure earned
            (``None`` if not one).
        derivative: F_G′(μ) = W_G(μ) likewise; ``Decimal('Infinity')`` at G = inf and μ ∈ {0, 1},
            where it is infinite.
        enclosure: the certified ``(lower, upper)`` of F_G(μ).
        derivative_enclosure: that of W_G(μ) (``None`` where it is infinite).
        digits: the requested significant digits.
        certified_digits: ``{"objective": n, "derivative": m}`` (``m`` is ``None`` where
            infinite).
        verified: both values earned ``digits`` digits.
        group_size, success_rate, normalisation: the setting as printed (str).
        provenance, raw, command: as for :class:`Solution`.
    """
    objective: Optional[Decimal]
    derivative: Optional[Decimal]
    enclosure: Optional[Pair]
    derivative_enclosure: Optional[Pair]
    digits: Optional[int]
    certified_digits: Dict[str, Optional[int]]
    verified: Optional[bool]
    group_size: Optional[str]
    success_rate: Optional[str]
    normalisation: Optional[str]
    provenance: Dict[str, Any]
    raw: Dict[str, Any] = field(default_factory=dict, repr=False)
    command: List[str] = field(default_factory=list, repr=False)

    @classmethod
    def from_json(cls, data: Any, command: Optional[List[str]] = None) -> "Objective":
        if not isinstance(data, dict):
            raise ValueError("the objective JSON is not an object")
        derivative = data.get("derivative")
        enclosure = to_enclosure(data.get("enclosure"))
        derivative_enclosure = to_enclosure(data.get("derivative_enclosure"))
        if isinstance(enclosure, list) or isinstance(derivative_enclosure, list):
            raise ValueError("an objective's enclosures are single pairs")
        counts = data.get("certified_digits") if isinstance(data.get("certified_digits"), dict) else {}

        def text(key: str) -> Optional[str]:
            return data[key] if isinstance(data.get(key), str) else None
        return cls(
            objective=to_decimal(data.get("objective")),
            derivative=Decimal("Infinity") if derivative == "inf" else to_decimal(derivative),
            enclosure=enclosure,
            derivative_enclosure=derivative_enclosure,
            digits=_int(data.get("digits")),
            certified_digits={key: _int(value) for key, value in counts.items()},
            verified=_bool(data.get("verified")),
            group_size=text("group_size"),
            success_rate=text("success_rate"),
            normalisation=text("normalisation"),
            provenance=_strings(data.get("provenance")),
            raw=data,
            command=list(command or []),
        )


@dataclass
class CheckResult:
    """What ``check --golden FILE`` said.

    ``passed`` is true for exit status 0. ``text`` is stdout (``"ok: ..."`` or one line per
    mismatch, then ``"FAILED: ..."``); ``mismatches`` are those lines without the final
    verdict; ``message`` is the one-line stderr error on failure (``""`` on success).
    """
    passed: bool
    status: int
    text: str
    message: str
    mismatches: List[str]
    command: List[str] = field(default_factory=list, repr=False)


@dataclass
class Output:
    """What any command printed (``run``): ``raw`` is the parsed JSON when the command printed
    JSON (numbers as in :func:`loads`, decimals still strings), else ``None``; ``text`` is
    stdout as printed."""
    command: List[str]
    status: int
    text: str
    stderr: str
    raw: Any = None

    def as_table(self) -> "Table":
        """The JSON as a :class:`Table`, for the commands that print one (``prove``,
        ``variants``, ``stability``, ``merge``: a title, columns, rows and a summary)."""
        if not isinstance(self.raw, dict) or not isinstance(self.raw.get("rows"), list):
            raise ValueError("this output has no JSON rows")
        return Table.from_json(self.raw, self.command)


def parse_or_raise(kind: str, parser: Any, text: str, command: List[str], status: int,
                   stderr: str) -> Any:
    """Parse stdout with ``parser``; a ``GrpoVerifyError`` if it is not the expected JSON."""
    try:
        return parser(loads(text), command)
    except (ValueError, KeyError, TypeError) as error:
        raise GrpoVerifyError(f"{kind}: the binary's output is not the JSON expected ({error})",
                              status=status, command=command, stderr=stderr) from error
