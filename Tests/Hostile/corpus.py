"""The hostile corpus of grpo-verify: command lines with hostile values for every flag, and
golden and shard files corrupted from valid ones, each case with the exit statuses it may give.

Every corrupted file differs from its original in a way `check` (or `merge`) must refuse:
nothing here is a mere change of spelling or whitespace of the same document.
"""

import copy
import json
import math
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

ANY = frozenset({0, 1, 2})
REJECT = frozenset({2})      # bad input: malformed, out of range, unreadable
WRONG = frozenset({1})       # well-formed, but a recorded value differs from the recomputation
REFUSE = frozenset({1, 2})   # refused either way (inconsistent digit counts, lost output)
ACCEPT = frozenset({0, 1})   # valid input (a verification may still fail)
OK = frozenset({0})

INT64_MAX = 9223372036854775807
MIB = 1 << 20


class Long(str):
    """A long argument or file value, shown in reports as the Python expression that builds it."""

    def __new__(cls, text, shown):
        value = super().__new__(cls, text)
        value.shown = shown
        return value


def repeat(unit, count, prefix="", suffix=""):
    """`prefix + unit * count + suffix`, shown as that expression."""
    shown = " + ".join(part for part in (repr(prefix) if prefix else "", f"{unit!r} * {count}",
                                         repr(suffix) if suffix else "") if part)
    return Long(prefix + unit * count + suffix, shown)


@dataclass(frozen=True)
class Special:
    """A file in a case's folder that is not a regular file with content."""
    kind: str          # "fifo", "folder", "loop" (a symbolic link to itself) or "sparse"
    size: int = 0      # for "sparse": the length of the all-zero file


@dataclass
class Case:
    """One invocation: argv after the binary, the exit statuses allowed, the files it needs."""
    family: str
    name: str
    argv: list
    expect: frozenset = ANY
    files: dict = field(default_factory=dict)   # name in the case's folder -> bytes or Special
    stdout_full: bool = False                   # stdout is /dev/full (every write fails)
    verify: object = None                       # stdout bytes -> a problem, or None


# Values that are hostile to any flag. `{n}` is an integer for the flag, so that `+{n}` and
# `00{n}` spell it with a sign or leading zeros (refused: integers are written plainly).
TEN_400 = repeat("0", 400, prefix="1")
LONG_NINES = repeat("9", 131_000)
CORE_VALUES = ["", "9223372036854775807", TEN_400, "-1", "0", "1e999999", "nan", "inf", "+{n}",
               "00{n}", "\uff16\uff14", "0.5\n0.6", LONG_NINES]
EXTRA_VALUES = ["9223372036854775808", "-9223372036854775808", "-0", "1e-999999", "NaN", "-inf",
                "Infinity", "+64", "0064", "\u0666\u0664", "0.5\u200b", "\u202e0.5", "\u03c0",
                "0,5", "\t", "0.5\r", "\x1b[31m0.5", "\x7f", "\u2028", "\U0001f600",
                repeat("1", 130_998, prefix="0."), repeat("a", 131_000), "0x10", "1_000", " 0.5",
                "0.5 ", ",", ",,", "a:b:c", "0:1:0", "-h", "--", "0.\udcff5", "1e5", ".5", "5."]
EXTRA_PER_FLAG = 3
HELPISH = {"-h", "--help", "--version"}

DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?([0-9]+))?")
INTEGER = re.compile(r"[+-]?[0-9]+")
PLAIN_INTEGER = re.compile(r"0|[1-9][0-9]*")


def decimal_value(text):
    """The decimal that the suite's grammar reads in `text`, or None."""
    match = DECIMAL.fullmatch(text)
    if not match or (match.group(3) and (len(match.group(3)) > 9 or int(match.group(3)) > 9999)):
        return None
    return Decimal(text)


def bounded_int(text):
    """The integer `text` spells, with anything beyond 64 bits read as 2^64."""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").lstrip("0") or "0"
    return sign * (int(digits) if len(digits) <= 20 else 1 << 64)


# Which values each kind of flag accepts: `allows(value)` is True only when the value is
# certainly valid, False when it is certainly bad input, and None when unsure.
def integer_kind(low, high):
    """Integers written plainly: no sign, no leading zeros (`+64` and `0064` are refused)."""
    def allows(v):
        return bool(PLAIN_INTEGER.fullmatch(v)) and low <= bounded_int(v) <= high
    return allows


def group_size(v):
    return v == "inf" or integer_kind(2, 10_000_000)(v)


def decimal_kind(low, high, low_open=False, high_open=False):
    def allows(v):
        x = decimal_value(v)
        if x is None or v.startswith("-"):
            return False
        return (x > low if low_open else x >= low) and (high is None or (x < high if high_open else x <= high))
    return allows


POSITIVE = decimal_kind(0, None, low_open=True)
PROBABILITY = decimal_kind(0, 1)
OPEN_PROBABILITY = decimal_kind(0, 1, True, True)
NON_NEGATIVE = decimal_kind(0, None)
MARGIN = decimal_kind(0, 1, low_open=True)


def choice(*names):
    return lambda v: v in names


def listed(item, count=None):
    """A comma list of items (`count` of them, if given); ranges `a:b:c` are left unjudged."""
    def allows(v):
        items = v.split(",")
        if "" in items or (count is not None and len(items) != count):
            return False
        verdicts = [None if ":" in i and len(i.split(":")) == 3 else (False if ":" in i else item(i))
                    for i in items]
        return False if False in verdicts else (None if None in verdicts else True)
    return allows


def methods(*names):
    return lambda v: v == "all" or listed(choice(*names))(v)


def normalisation(v):
    if v in ("population", "bessel", "shift"):
        return True
    kind, _, epsilon = v.partition(":")
    return kind in ("population-eps", "bessel-eps") and POSITIVE(epsilon)


def references(v):
    """Two reference probabilities in (0, 1] that sum to exactly 1."""
    items = v.split(",")
    values = [decimal_value(i) for i in items]
    if len(items) != 2 or None in values or any(i.startswith("-") for i in items):
        return False
    return all(0 < x <= 1 for x in values) and sum(map(Fraction, values)) == 1


def shard(v):
    match = re.fullmatch(r"([0-9]+)/([0-9]+)", v)
    return bool(match) and 1 <= bounded_int(match.group(1)) <= bounded_int(match.group(2)) <= INT64_MAX


def output_folder(v):
    return False if v == "" else None


def unjudged(v):
    """Values whose validity depends on the other flags: any exit 0, 1 or 2 is allowed."""
    return None


def input_file(v):
    """Generic values never name a file in the case's folder."""
    return False


TABLE_FORMATS = ("markdown", "csv", "json", "latex", "text")
BINARY_METHODS = ("closed-form", "newton", "bisection", "grpo")
FIGURES = ("fig1", "fig2", "fig3", "finite-g", "pooling", "threshold")
QUESTION = [("--beta", "0.1"), ("--ref", "0.5,0.5"), ("--success", "1,0"), ("--digits", "5")]


@dataclass
class Flag:
    """A flag's values: `allows` judges them, `cheap` is the integer of `+{n}` and `00{n}`, and
    `base` replaces the subcommand's cheap command line."""
    allows: object
    cheap: str = "64"
    base: list = None


@dataclass
class Subcommand:
    base: list                     # (flag, value) pairs of a cheap valid command line
    flags: dict                    # flag (or <argument>) -> Flag
    alone_is_cheap: bool = True    # the subcommand with no flags at all is fast
    switches: tuple = ()           # flags without a value
    slow: bool = False             # a valid run takes a second or more: fewer valid variants


SUBCOMMANDS = {
    "solve": Subcommand([("--beta", "0.04"), ("--ref", "0.3"), ("--digits", "5")], {
        "--group-size": Flag(group_size), "--beta": Flag(POSITIVE), "--ref": Flag(PROBABILITY),
        "--success": Flag(listed(PROBABILITY, 2), base=QUESTION), "--margin": Flag(MARGIN),
        "--normalisation": Flag(normalisation, base=QUESTION), "--penalty": Flag(choice("reverse", "direct")),
        "--digits": Flag(integer_kind(5, 10_000), cheap="5"), "--method": Flag(methods(*BINARY_METHODS)),
        "--format": Flag(choice("text", "json"))}, switches=("--certify",)),
    "table": Subcommand([("--group-size", "2"), ("--penalty", "reverse"), ("--beta", "0.1"), ("--ref", "0.3"),
                         ("--margin", "1"), ("--digits", "5"), ("--threads", "1")], {
        "--group-size": Flag(listed(group_size)), "--penalty": Flag(listed(choice("reverse", "direct"))),
        "--beta": Flag(listed(POSITIVE)), "--ref": Flag(listed(PROBABILITY)), "--margin": Flag(listed(MARGIN)),
        "--digits": Flag(integer_kind(5, 10_000), cheap="5"), "--method": Flag(methods(*BINARY_METHODS)),
        "--format": Flag(choice(*TABLE_FORMATS)), "--threads": Flag(integer_kind(1, 1024), cheap="2"),
        "--shard": Flag(shard), "--columns": Flag(unjudged), "--pivot": Flag(unjudged),
        "--display-digits": Flag(unjudged)}, alone_is_cheap=False, switches=("--certify", "--complement")),
    "conjecture": Subcommand([("--formula", "ref"), ("--group-size", "2"), ("--beta", "0.5"), ("--ref", "0.3"),
                              ("--digits", "5"), ("--threads", "1")], {
        "--formula": Flag(unjudged), "--quantity": Flag(choice("policy", "beta-c", "gap", "success-rate", "objective")),
        "--relation": Flag(choice("=", "<", "<=", ">", ">=")), "--digits": Flag(integer_kind(5, 10_000), cheap="5"),
        "--group-size": Flag(listed(group_size)), "--penalty": Flag(listed(choice("reverse", "direct"))),
        "--beta": Flag(listed(POSITIVE)), "--ref": Flag(unjudged), "--margin": Flag(listed(MARGIN)),
        "--success": Flag(unjudged), "--answer": Flag(unjudged), "--normalisation": Flag(unjudged),
        "--domain": Flag(unjudged), "--max-boxes": Flag(unjudged), "--format": Flag(choice("text", "json")),
        "--threads": Flag(integer_kind(1, 1024), cheap="2")}, alone_is_cheap=False, switches=("--search",)),
    "report": Subcommand([("--digits", "5"), ("--shard", "2/1000"), ("--out", "out")], {
        "--digits": Flag(integer_kind(5, 10_000), cheap="5"), "--out": Flag(output_folder),
        "--shard": Flag(shard)}, alone_is_cheap=False, slow=True),
    "prove": Subcommand([("--digits", "5")], {
        "--digits": Flag(integer_kind(5, 10_000), cheap="4"), "--format": Flag(choice(*TABLE_FORMATS))},
        alone_is_cheap=False, slow=True),
    "threshold": Subcommand([("--ref", "0.5"), ("--digits", "5")], {
        "--ref": Flag(OPEN_PROBABILITY), "--digits": Flag(integer_kind(5, 10_000), cheap="5"),
        "--format": Flag(choice("text", "json"))}),
    "variants": Subcommand([("--ref", "0.5,0.5"), ("--success", "1,0"), ("--beta", "0.1"), ("--digits", "5")], {
        "--ref": Flag(references), "--success": Flag(listed(PROBABILITY, 2)),
        "--group-size": Flag(group_size, cheap="8"),
        "--beta": Flag(POSITIVE), "--digits": Flag(integer_kind(5, 10_000), cheap="5"),
        "--format": Flag(choice(*TABLE_FORMATS))}, slow=True),
    "stability": Subcommand([("--ref", "0.001"), ("--beta", "3"), ("--digits", "5")], {
        "--ref": Flag(OPEN_PROBABILITY), "--beta": Flag(POSITIVE), "--epsilon": Flag(NON_NEGATIVE),
        "--digits": Flag(integer_kind(5, 10_000), cheap="5"), "--format": Flag(choice(*TABLE_FORMATS))}),
    "plot": Subcommand([("<figure>", "fig1"), ("--digits", "3"), ("--out", "out")], {
        "<figure>": Flag(choice(*FIGURES)), "--out": Flag(output_folder),
        "--format": Flag(choice("svg", "pgfplots", "csv")),
        "--digits": Flag(integer_kind(3, 30), cheap="3"), "--beta": Flag(unjudged), "--group-size": Flag(unjudged)}),
    "check": Subcommand([("--golden", "golden.json"), ("--digits", "5"), ("--threads", "1")], {
        "--golden": Flag(input_file), "--digits": Flag(integer_kind(5, 10_000), cheap="5"),
        "--threads": Flag(integer_kind(1, 1024), cheap="2")}),
    "objective": Subcommand([("--group-size", "8"), ("--success-rate", "0.3"), ("--digits", "5")], {
        "--group-size": Flag(group_size, cheap="8"), "--success-rate": Flag(PROBABILITY),
        "--normalisation": Flag(choice("population")), "--digits": Flag(integer_kind(5, 10_000), cheap="5"),
        "--format": Flag(choice("text", "json"))}),
    "merge": Subcommand([("<files>", f"s{i}.json") for i in (1, 2, 3)] + [("--format", "json")], {
        "<files>": Flag(input_file), "--format": Flag(choice(*TABLE_FORMATS))}),
}

# The reward models of a question, each the base command line of its flags in solve, table and conjecture.
REWARD_MODELS = {"--success": [("--success", "1,0")], "--rewards": [("--rewards", "1,0")],
                 "--reward-levels": [("--reward-levels", "0,1"), ("--reward-probabilities", "0.5,0.5;0.25,0.75")],
                 "--preference": [("--preference", "0,0.6;0.4,0")], "--bradley-terry": [("--bradley-terry", "1,3")]}
REWARD_MODELS["--reward-probabilities"] = REWARD_MODELS["--reward-levels"]
QUESTION_GRIDS = {"solve": [("--beta", "0.1")],
                  "table": [("--group-size", "2"), ("--penalty", "reverse"), ("--beta", "0.1"), ("--threads", "1")],
                  "conjecture": [("--formula", "ref1"), ("--group-size", "2"), ("--beta", "0.5"), ("--threads", "1")]}
for _sub, _grid in QUESTION_GRIDS.items():
    for _flag, _model in REWARD_MODELS.items():
        SUBCOMMANDS[_sub].flags.setdefault(_flag, Flag(unjudged, base=_grid + [("--ref", "0.5,0.5")] + _model
                                                       + [("--digits", "5")]))
SUBCOMMANDS["table"].flags["--normalisation"] = Flag(normalisation, base=SUBCOMMANDS["table"].flags["--success"].base)

# Switches that apply only together with other flags (alone they are bad input).
SWITCH_NEEDS = {"--complement": ["--format", "latex"]}

# Every long-running command takes a wall-clock limit in seconds, (0, 10^6].
for _subcommand in SUBCOMMANDS.values():
    _subcommand.flags["--max-seconds"] = Flag(decimal_kind(0, 1_000_000, low_open=True))


def command_line(sub, pairs):
    argv = [sub]
    for flag, value in pairs:
        argv += [value] if flag.startswith("<") else [flag, value]
    return argv


def replaced(pairs, flag, value):
    """`pairs` with every value of `flag` replaced by the one `value` (appended if absent)."""
    out, done = [], False
    for f, v in pairs:
        if f == flag:
            if not done:
                out.append((f, value))
            done = True
        else:
            out.append((f, v))
    return out if done else out + [(flag, value)]


def expectation(allows, value):
    if value in HELPISH:
        return ANY
    verdict = allows(value)
    if verdict is False:
        return REJECT
    return ACCEPT if verdict else ANY


class Fixtures:
    """Valid outputs of the binary under test, produced at run time, and the golden files."""

    def __init__(self, golden, macros, small_solve, shards, nine_shards, unsharded, other_run):
        self.golden = golden            # name -> bytes: every JSON file `check` must accept
        self.macros = macros            # name -> bytes: every LaTeX macros file `check` must accept
        self.small_solve = small_solve  # bytes of a small `solve --format json`
        self.shards = shards            # [bytes] of a three-way `table --shard i/3`
        self.nine_shards = nine_shards  # [bytes] of the nine-way split of the same eight rows
        self.unsharded = unsharded      # bytes of the same table without --shard
        self.other_run = other_run      # bytes of shard 2/3 of a run at other digits

    def base_files(self, sub):
        if sub == "check":
            return {"golden.json": self.small_solve}
        if sub == "merge":
            return {f"s{i + 1}.json": data for i, data in enumerate(self.shards)}
        return {}


def generic_invocations(rng, fixtures):
    """Each flag of each subcommand with every core hostile value and a seeded sample of the rest."""
    cases = []
    for sub, spec in SUBCOMMANDS.items():
        for flag, kind in spec.flags.items():
            values = CORE_VALUES + rng.sample(EXTRA_VALUES, EXTRA_PER_FLAG)
            for template in values:
                value = template.replace("{n}", kind.cheap) if "{n}" in template else template
                pairs = replaced(kind.base or spec.base, flag, value)
                cases.append(Case("argv", "", command_line(sub, pairs), expectation(kind.allows, value),
                                  files=fixtures.base_files(sub)))
    return cases


def structural_invocations(fixtures):
    """Help, version, unknown and repeated flags, and missing or extra arguments."""
    cases = [Case("argv", "", argv, expect) for argv, expect in [
        ([], ANY), (["--version"], OK), (["--help"], OK), (["-h"], OK), (["--version", "--bogus"], ANY),
        (["--help", "--version"], ANY), (["--bogus"], REJECT), (["bogus"], REJECT), ([""], REJECT),
        (["SOLVE"], REJECT), (["solve\n"], REJECT), ([LONG_NINES], REJECT), (["\udcff"], REJECT),
        (["help"], OK), (["help", "bogus"], ANY), (["help", "solve"], OK), (["help", "solve", "--bogus"], ANY),
        (["help", "help"], ANY), (["-"], REJECT), (["--"], ANY)]]
    for sub, spec in SUBCOMMANDS.items():
        files = fixtures.base_files(sub)
        base = command_line(sub, spec.base)
        for tail, expect in [(["--help"], OK), (["-h"], OK), (["--version"], ANY), (["--version", "--bogus"], ANY),
                             (["--help", "--bogus"], ANY)]:
            cases.append(Case("argv", "", [sub] + tail, expect))
        for tail, expect in [(["--bogus"], REJECT), (["--bogus=1"], REJECT), (["-x"], REJECT),
                             (["---digits", "5"], REJECT), (["--DIGITS", "5"], REJECT), (["--digits"], REJECT),
                             (["--", "--digits", "5"], REJECT), (["extra"], REJECT), (["--digits", "5"] * 500, ANY),
                             (["--digits", "5", "--digits", "6"], ANY)]:
            if expect == REJECT or not spec.slow:
                cases.append(Case("argv", "", base + tail, expect, files=files))
        for switch in spec.switches:
            needs = SWITCH_NEEDS.get(switch, [])
            for tail, expect in [([switch], ACCEPT), ([switch, switch], ANY), ([f"{switch}=true"], REJECT),
                                 ([switch, "true"], REJECT), ([switch] * 1000, ANY)]:
                cases.append(Case("argv", "", base + needs + tail, expect, files=files))
            if needs:
                cases.append(Case("argv", "", base + [switch], REJECT, files=files))
        if not spec.slow:
            equals = [sub] + [v if f.startswith("<") else f"{f}={v}" for f, v in spec.base]
            cases.append(Case("argv", "", equals, ACCEPT, files=files))
        if spec.alone_is_cheap:
            cases.append(Case("argv", "", [sub], REJECT, files=files))
    return cases


def solve(*flags, digits="5"):
    """`solve` with `flags`, at `digits` digits unless they give --digits."""
    return ["solve", *flags] + ([] if "--digits" in flags else ["--digits", digits])


TABLE_DEFAULTS = ("--group-size", "2", "--penalty", "reverse", "--beta", "0.1", "--ref", "0.3", "--margin", "1",
                  "--digits", "5", "--threads", "1")


def table(*flags):
    """`table` on a one-point grid at five digits on one thread, `flags` (pairs) overriding those."""
    given = set(flags[0::2])
    kept = [x for i in range(0, len(TABLE_DEFAULTS), 2) if TABLE_DEFAULTS[i] not in given
            for x in TABLE_DEFAULTS[i:i + 2]]
    return ["table", *kept, *flags]


def binary_json_policy(beta, ref, margin="1", group="2", penalty="reverse", digits=30):
    """A check that `solve --format json` printed the stationary π(a) to `digits` digits, from an
    independent closed form evaluated at 120 digits."""
    expected = decimal_text(closed_form(Decimal(beta), Decimal(ref), Decimal(margin), group, penalty), digits)

    def verify(stdout):
        try:
            policy = json.loads(stdout).get("policy")
        except ValueError:
            return "stdout is not JSON"
        if policy is not None and policy != expected:
            return f"policy {policy}, expected {expected}"
        return None
    return verify


def objective_json(group, mu, digits=30):
    """A check that `objective --format json` printed F_G(μ) to `digits` digits, from the
    expectation of g_G(k) = (1/G) Σ_{j<k} (sqrt((G−1−j)/(j+1)) + sqrt(j/(G−j))) over k ~ Bin(G, μ),
    every k, in 120-digit decimals with exact binomial coefficients."""
    with localcontext() as context:
        context.prec = 120
        m, g, level, total = Decimal(mu), int(group), Decimal(0), Decimal(0)
        for k in range(g + 1):
            total += math.comb(g, k) * m ** k * (1 - m) ** (g - k) * level
            if k < g:
                level += ((Decimal(g - 1 - k) / (k + 1)).sqrt() + (Decimal(k) / (g - k)).sqrt()) / g
    expected = decimal_text(total, digits)

    def verify(stdout):
        try:
            value = json.loads(stdout).get("objective")
        except ValueError:
            return "stdout is not JSON"
        return None if value == expected else f"objective {value}, expected {expected}"
    return verify


def closed_form(beta, r, gamma, group, penalty):
    """π(a): G = 2 reverse, root of β(p − r) = γ p(1 − p); G = 2 direct, odds times e^{γ/β};
    G → ∞, root p ≥ r of β(p − r) = sqrt(p(1 − p)); r ∈ {0, 1} stays put."""
    with localcontext() as context:
        context.prec = 120
        if r in (0, 1):
            return r
        if penalty == "direct":
            odds = r / (1 - r) * (gamma / beta).exp()
            return odds / (1 + odds)
        if group == "inf":
            b2 = beta * beta
            s = 2 * b2 * r + 1
            return (s + (s * s - 4 * (b2 + 1) * b2 * r * r).sqrt()) / (2 * (b2 + 1))
        return ((gamma - beta) + ((beta - gamma) ** 2 + 4 * gamma * beta * r).sqrt()) / (2 * gamma)


def decimal_text(x, digits, rounding=ROUND_HALF_EVEN):
    """`x` with `digits` significant digits in the suite's notation (positional for decimal
    exponents in −20…40)."""
    if x == 0:
        return "0" if digits == 1 else "0." + "0" * (digits - 1)
    with localcontext() as context:
        context.prec, context.rounding = digits, rounding
        y = +x
    sign = "-" if y < 0 else ""
    coefficient = "".join(map(str, y.as_tuple().digits)).ljust(digits, "0")[:digits]
    e = y.adjusted() + 1
    if -20 < e <= 0:
        body = "0." + "0" * -e + coefficient
    elif 0 < e <= 40:
        body = coefficient + "0" * (e - digits) if e >= digits else coefficient[:e] + "." + coefficient[e:]
    else:
        body = coefficient[0] + ("." + coefficient[1:] if digits > 1 else "") + f"e{e - 1}"
    return sign + body


def no_infinite_rows(stdout):
    try:
        rows = json.loads(stdout)["rows"]
    except (ValueError, KeyError, TypeError):
        return "stdout is not a JSON table"
    bad = [r for r in rows if r.get("group_size") != "2"]
    return f"{len(bad)} rows with G = {bad[0]['group_size']} and a margin below 1" if bad else None


def value_invocations():
    """Hostile numbers, lists and ranges, shards, and values on the edge of their ranges."""
    just_below_one = "0.99999999999999999999999"
    under_a_million = "0:0.999998:0.000001"           # 999,999 points
    cases = [
        # Ranges: scaling overflow, counts, malformed bounds.
        (table("--beta", "1:999999999999999:0.00000000000001"), REJECT),
        (table("--ref", "0:999999999999999:0.00000000000001"), REJECT),
        (table("--margin", "0.00000000000001:999999999999999:0.00000000000001"), REJECT),
        (table("--ref", "0:1:0.000001"), REJECT),
        (table("--ref", ",".join([under_a_million] * 20)), REJECT),
        (table("--ref", "a:b:c"), REJECT), (table("--ref", "1:0:0.1"), REJECT), (table("--ref", "0:1:0"), REJECT),
        (table("--ref", "0:1:-0.1"), REJECT), (table("--ref", "0:1:1e-3"), REJECT), (table("--ref", "0:1"), REJECT),
        (table("--ref", "0:1:0.5:2"), REJECT), (table("--ref", "::"), REJECT), (table("--ref", "+0:1:0.5"), REJECT),
        (table("--ref", "-0:1:0.5"), REJECT), (table("--ref", "\u0660:\u0661:\u0660.\u0665"), REJECT),
        (table("--ref", "0:1:0.5\n"), REJECT), (table("--ref", "0:1.5:0.5"), REJECT),
        (table("--margin", "0:1:0.5"), REJECT),
        (table("--beta", "9223372036854775807:9223372036854775807:1"), REJECT),
        (table("--beta", "999999999999999:999999999999999:1"), ACCEPT),
        (table("--ref", "0.1:0.1:0.1"), ACCEPT), (table("--ref", "0:1:0.25"), ACCEPT),
        (table("--ref", ".5:1.:.25"), ACCEPT),
        (table("--ref", "0.000000000000001:0.000000000000003:0.000000000000001"), ACCEPT),
        (table("--margin", "0.25:1:0.25"), ACCEPT),
        # Lists with empty items.
        (table("--beta", "0.1,,0.2"), REJECT), (table("--ref", ","), REJECT), (table("--group-size", "2,"), REJECT),
        (table("--penalty", ",reverse"), REJECT), (table("--margin", ""), REJECT),
        (table("--method", "newton,"), REJECT),
        (table("--method", ","), REJECT), (solve("--beta", "0.1", "--ref", "0.5,,0.5", "--success", "1,,0"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--method", "newton,,grpo"), REJECT),
        (["variants", "--ref", "0.5,0.5", "--success", "1,0,", "--beta", "0.1", "--digits", "5"], REJECT),
        # Shards.
        *[(table("--shard", s), REJECT) for s in ["0/0", "3/2", "1/0", "-1/2", "1/-2", "1/2/3", "/", "1/", "/2", "a/b",
                                                  " 1/2", "+1/2", "\u0661/\u0662", "1/2\n", "1/9223372036854775808",
                                                  "9223372036854775808/9223372036854775808", ""]],
        *[(table("--shard", s), ACCEPT) for s in ["1/9223372036854775807", "9223372036854775807/9223372036854775807",
                                                  "0001/0002", "5/9"]],
        *[(["report", "--digits", "5", "--out", "out", "--shard", s], REJECT)
          for s in ["0/0", "3/2", "1/9223372036854775808"]],
        (["report", "--digits", "5", "--out", "out", "--shard", "2/9223372036854775807"], ACCEPT),
        # Huge and overflowing integers.
        *[(solve("--beta", "0.04", "--ref", "0.3", "--group-size", g), REJECT)
          for g in ["1", "10000001", INT64, "9223372036854775808", "-9223372036854775808", "2.0", "2e1", "Inf"]],
        (solve("--beta", "0.04", "--ref", "0.3", "--group-size", "64", "--method", "newton"), ACCEPT),
        (table("--threads", "1024"), ACCEPT), (table("--threads", "1025"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--digits", "4"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--digits", "10001"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--method", "closed-form", digits="10000"), ACCEPT),
        (["plot", "fig1", "--out", "out", "--digits", "2"], REJECT),
        (["plot", "fig1", "--out", "out", "--digits", "31"], REJECT),
        (["plot", "fig1", "--out", "out", "--digits", "30"], ACCEPT),
        *[(solve("--beta", beta, "--ref", "0.3", "--method", "closed-form,newton,bisection"), ANY)
          for beta in ["9223372036854775807", "1e-9999", "1e9999"]],
        (solve("--beta", "1e10000", "--ref", "0.3"), REJECT),
        (["variants", "--ref", "0.5,0.5", "--success", "1,0", "--beta", "0.1", "--digits", "6"], ACCEPT),
        (["stability", "--ref", "0.001", "--beta", "3", "--epsilon", "1e9999", "--digits", "5"], ANY),
        (["stability", "--ref", "0.001", "--beta", "1e-9999", "--digits", "5"], ANY),
        (["threshold", "--ref", "1e-9999", "--digits", "5"], ANY),
        # Boundary-valid values.
        (solve("--beta", "0.04", "--ref", "0.3"), OK),
        (["threshold", "--ref", "0." + "9" * 45, "--digits", "5"], ACCEPT),
        (["threshold", "--ref", "0." + "0" * 44 + "1", "--digits", "5"], ACCEPT),
        (["stability", "--ref", "0." + "9" * 45, "--beta", "3", "--digits", "5"], ACCEPT),
        (solve("--beta", "0.04", "--ref", "0.3", "--margin", just_below_one, "--group-size", "inf"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--margin", just_below_one, "--group-size", "64"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--penalty", "direct", "--group-size", "64"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--margin", "1.0000000000000000000000000000000000000000001"), REJECT),
        (solve("--beta", "0.04", "--ref", "1.0000000000000000000000000000000000000000001"), REJECT),
        (solve("--beta", "0", "--ref", "0.3"), REJECT), (solve("--beta", "0e5", "--ref", "0.3"), REJECT),
        (solve("--beta", "0.04", "--ref", "-0"), REJECT),
        (solve("--beta", "0.04", "--ref", "0.3", "--margin", "0"), REJECT),
        (table("--group-size", "inf", "--margin", just_below_one), REJECT),
        (["threshold", "--ref", "0", "--digits", "5"], REJECT), (["threshold", "--ref", "1", "--digits", "5"], REJECT),
        # Questions with several answers: exact sums and zero references.
        (solve("--beta", "0.1", "--ref", "0.5,0.5" + "0" * 39 + "1", "--success", "1,0"), REJECT),
        (solve("--beta", "0.1", "--ref", "0.3,0.7", "--success", "1,0"), ACCEPT),
        (solve("--beta", "0.1", "--ref", "0.3,0.7", "--success", "1,0", "--certify"), ACCEPT),  # the binary question
        (solve("--beta", "0.1", "--ref", "5e-1,5e-1", "--success", "1,0"), ACCEPT),
        (solve("--beta", "0.1", "--ref", "1e-30,0.999999999999999999999999999999", "--success", "1,0"), ACCEPT),
        (solve("--beta", "0.1", "--ref", "0.1e1,0e0", "--success", "1,0"), ACCEPT),  # certain of answer 1
        (solve("--beta", "0.1", "--ref", ",".join(["0.001"] * 1000), "--success", ",".join(["0.5"] * 1000),
               "--method", "success-rate", "--max-seconds", "5"), ACCEPT),
        (solve("--beta", "0.1", "--ref", ",".join(["0.001"] * 1001), "--success", ",".join(["0.5"] * 1001)), REJECT),
        *[(solve("--beta", "0.1", "--ref", "0.5,0.5", "--success", "1,0", "--normalisation", n), REJECT)
          for n in ["population-eps:0", "population-eps:-1", "bessel-eps:1e-99999", "population-eps:",
                    "population-eps:nan", "Population", "bessel-eps:1e-4:1", "shift:1"]],
        (solve("--beta", "0.1", "--ref", "0.5,0.5", "--success", "1,0", "--normalisation", "population-eps:1e-400"),
         ANY),
        # Non-UTF-8 bytes (as the command line hands them over) and control characters.
        (solve("--beta", "0.\udcff4", "--ref", "0.3"), REJECT),
        (["plot", "fig1", "--digits", "3", "--out", "\udcffdir"], ANY),
        (solve("--beta", "0.04", "--ref", "0.3", "--format", "json\x1b[2J"), REJECT),
    ]
    objective = ["objective", "--group-size", "8", "--success-rate", "0.3", "--digits", "5"]

    def objective_with(*flags):
        return ["objective"] + [x for i in range(1, len(objective), 2) if objective[i] not in flags[0::2]
                                for x in objective[i:i + 2]] + list(flags)
    cases += [
        # The objective: ends of [0, 1], extreme rates, the largest G, a rounding tie, other normalisations.
        *[(objective_with("--group-size", g, "--success-rate", mu), OK)
          for g in ["2", "8", "10000000", "inf"] for mu in ["0", "1e-9999", "0." + "0" * 44 + "1"]],
        *[(objective_with("--group-size", g, "--success-rate", mu), OK)
          for g in ["2", "1000", "inf"] for mu in ["1", just_below_one, "0." + "9" * 200]],
        (objective_with("--group-size", "10000000", "--success-rate", "0.5", "--max-seconds", "5"), ACCEPT),
        (objective_with("--group-size", "64", "--success-rate", "0.3", "--digits", "10000", "--max-seconds", "5"),
         ACCEPT),
        (objective_with("--group-size", "2", "--success-rate", "0.123455"), WRONG),
        *[(objective_with("--success-rate", mu), REJECT)
          for mu in ["1e-10000", "-0", "-1e-9999", "1.0000000000000000000000000000000000000000001", "0.3 ", "0,3"]],
        *[(objective_with("--normalisation", n), REJECT) for n in ["bessel", "shift", "population-eps:1e-4", "Population"]],
        *[(objective_with("--group-size", g), REJECT) for g in ["1", "10000001", "-inf", "Inf", "2.0"]],
    ]
    out = [Case("argv", "", argv, expect) for argv, expect in cases]
    for group, mu in [("2", "0.3"), ("8", "0.3"), ("64", "0.77"), ("1000", "0.05")]:
        argv = ["objective", "--group-size", group, "--success-rate", mu, "--digits", "30", "--format", "json"]
        out.append(Case("argv", "", argv, OK, verify=objective_json(group, mu)))
    for beta, ref, margin, group, penalty in [
            ("0.04", just_below_one, "1", "2", "reverse"), ("0.04", "0.3", just_below_one, "2", "reverse"),
            ("0.04", just_below_one, "1", "inf", "reverse"), ("0.5", just_below_one, "0.5", "2", "direct"),
            ("0.04", "0.00000000000000000000001", "1", "2", "reverse"),
            ("0.04", "0.00000000000000000000001", "1", "inf", "reverse"), ("0.04", "0", "1", "2", "reverse"),
            ("0.04", "1", "1", "2", "reverse")]:
        argv = solve("--beta", beta, "--ref", ref, "--margin", margin, "--group-size", group, "--penalty", penalty,
                     "--format", "json", "--method", "closed-form,newton,bisection", digits="30")
        out.append(Case("argv", "", argv, ACCEPT, verify=binary_json_policy(beta, ref, margin, group, penalty)))
    out.append(Case("argv", "", table("--group-size", "2,inf", "--margin", just_below_one, "--format", "json"), ACCEPT,
                    verify=no_infinite_rows))
    return out


def file_invocations(fixtures):
    """Missing, unreadable and endless inputs; unwritable output folders; output to a full device."""
    specials = {"fifo": Special("fifo"), "folder": Special("folder"), "loop": Special("loop"),
                "big.json": Special("sparse", 64 * MIB + 1), "zeros.json": Special("sparse", 64 * MIB),
                "empty.json": b"", "object.json": b"{}\n", "file": b"not a folder\n"}
    inputs = ["missing.json", "", ".", "/", "fifo", "folder", "loop", "big.json", "zeros.json", "empty.json",
              "object.json", "/dev/zero", "/dev/null", "/dev/full", "/dev/urandom", "/dev/stdin", "/proc/self/status",
              "/proc/self/mem", "./", repeat("x", 300, suffix=".json"), repeat("d/", 2100, suffix="x.json")]
    cases = []
    for path in inputs:
        # A file that exists but fails to read (EIO) is an environment failure, exit 1.
        expect = REFUSE if path == "/proc/self/mem" else REJECT
        cases.append(Case("argv", "", ["check", "--golden", path], expect, files=specials))
        cases.append(Case("argv", "", ["merge", path], expect, files=specials))
    shards = fixtures.base_files("merge")
    for path in ["fifo", "/dev/zero", "/dev/urandom", "missing.json", "folder", "empty.json"]:
        cases.append(Case("argv", "", ["merge", "s1.json", path, "s2.json", "s3.json"], REJECT,
                          files={**specials, **shards}))
    cases.append(Case("argv", "", ["merge", "s1.json", "s2.json", "s3.json", ""], REJECT, files=shards))
    unwritable = ["/proc/hostile/out", "/sys/hostile", "/dev/full", "/dev/null/out", "file", "file/sub", "fifo",
                  "loop", repeat("x", 300), repeat("d" * 200 + "/", 21), repeat("o", 131_000)]
    for folder in unwritable:
        cases.append(Case("argv", "", ["plot", "fig1", "--digits", "3", "--out", folder], REFUSE, files=specials))
        cases.append(Case("argv", "", ["report", "--digits", "5", "--shard", "2/1000", "--out", folder], REFUSE,
                          files=specials))
    for argv, files in [(solve("--beta", "0.04", "--ref", "0.3"), {}), (table("--format", "json"), {}),
                        (["plot", "fig1", "--digits", "3", "--out", "out"], {}),
                        (["threshold", "--ref", "0.5", "--digits", "5"], {}),
                        (["check", "--golden", "golden.json"], fixtures.base_files("check")),
                        (["merge", "s1.json", "s2.json", "s3.json"], shards), (["--version"], {}),
                        (["solve", "--help"], {})]:
        cases.append(Case("argv", "", argv, REFUSE, files=files, stdout_full=True))
    return cases


def invocations(rng, fixtures):
    return (generic_invocations(rng, fixtures) + structural_invocations(fixtures) + value_invocations()
            + file_invocations(fixtures))


# Golden files.

SENTINEL = "@@hostile@@"


def dump(doc):
    """The suite's JSON layout: two-space indentation, members in order, a final newline."""
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode()


def get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


def with_value(doc, path, value):
    out = copy.deepcopy(doc)
    get(out, path[:-1])[path[-1]] = value
    return out


def with_raw(doc, path, raw):
    """The document with the value at `path` written as the raw bytes `raw`."""
    return dump(with_value(doc, path, SENTINEL)).replace(json.dumps(SENTINEL).encode(), raw, 1)


def without(doc, path):
    out = copy.deepcopy(doc)
    del get(out, path[:-1])[path[-1]]
    return out


def with_member(doc, path, key, value):
    """The object at `path` with one more member."""
    out = copy.deepcopy(doc)
    get(out, path)[key] = value
    return out


def duplicated(doc, path, other, other_first=True):
    """The member at `path` written twice: its own value and `other` (raw JSON), in either order."""
    data = dump(with_value(doc, path, SENTINEL))
    quoted = json.dumps(SENTINEL).encode()
    at = data.index(quoted)
    prefix = data[data.rindex(b"\n", 0, at) + 1:at]
    own = json.dumps(get(doc, path), indent=2, ensure_ascii=False).encode()
    first, second = (other, own) if other_first else (own, other)
    return data[:at] + first + b",\n" + prefix + second + data[at + len(quoted):]


def value_paths(doc):
    """Where a file records a stationary policy (the values `check` recomputes)."""
    if doc["provenance"]["command"] == "solve":
        return [("policy",)] + [("methods", m, "value") for m in doc["methods"]]
    columns = [c for c in ("closed-form", "newton", "bisection", "grpo", "limit") if c in doc["columns"]]
    return [("rows", i, c) for i, row in enumerate(doc["rows"]) for c in columns if row[c] != "n/a"]


def name_of(path):
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")


def significant_positions(text):
    """Indices of the significant digits of a decimal text."""
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    first = next(i for i in digits if text[i] != "0")
    return [i for i in digits if i >= first]


def flipped(text, position, bit):
    return text[:position] + chr(ord(text[position]) ^ bit) + text[position + 1:]


def rounded(text, digits, rounding):
    return decimal_text(Decimal(text), digits, rounding)


def is_tie(text, digits):
    """Whether rounding `text` to `digits` significant digits meets an exact tie."""
    rest = "".join(text[i] for i in significant_positions(text))[digits:]
    return rest.rstrip("0") == "5"


def per_file_corruptions(name, data, rng):
    """Corruptions that apply to any golden file."""
    doc = json.loads(data)
    paths = value_paths(doc)
    solve_file = doc["provenance"]["command"] == "solve"
    digits = int(doc["provenance"]["digits"])
    out = []
    for offset in sorted(rng.sample(range(len(data) - 2), 2)):
        out.append((f"truncated to {offset} of {len(data)} bytes", data[:offset], REJECT))
    for path in rng.sample(paths, min(2, len(paths))):
        text = get(doc, path)
        position = rng.choice(significant_positions(text))
        changed = flipped(text, position, 1)
        out.append((f"bit 0 flipped in digit {position} of {name_of(path)}",
                    dump(with_value(doc, path, changed)), REJECT if Decimal(changed) > 1 else WRONG))
    path = rng.choice(paths)
    text = get(doc, path)
    position = rng.choice(significant_positions(text))
    out.append((f"bit 6 flipped in digit {position} of {name_of(path)} (a letter)",
                dump(with_value(doc, path, flipped(text, position, 0x40))), REJECT))
    changed = flipped(text, len(text) - 1, 1)
    out.append((f"last digit of {name_of(path)} changed",
                dump(with_value(doc, path, changed)), REJECT if Decimal(changed) > 1 else WRONG))
    shorter = rng.choice([k for k in range(1, digits) if not is_tie(text, k)])
    out.append((f"{name_of(path)} replaced by its correct rounding to {shorter} digits",
                dump(with_value(doc, path, rounded(text, shorter, ROUND_HALF_EVEN))), REFUSE))
    cut = copy.deepcopy(doc)
    for p in paths:
        get(cut, p[:-1])[p[-1]] = rounded(get(doc, p), 5, ROUND_DOWN)
    out.append(("every value cut to 5 digits", dump(cut), REFUSE))
    wrong = flipped(text, significant_positions(text)[-1], 1)
    out.append((f"{name_of(path)} duplicated, wrong value first",
                duplicated(doc, path, json.dumps(wrong).encode()), REJECT))
    out.append((f"{name_of(path)} duplicated, wrong value second",
                duplicated(doc, path, json.dumps(wrong).encode(), other_first=False), REJECT))
    objects = ([("setting",), ("methods", rng.choice(list(doc["methods"])))] if solve_file
               else [("rows", rng.randrange(len(doc["rows"]))), ("summary",)])
    where = rng.choice([(), ("provenance",)] + objects)
    out.append((f"unknown key in {name_of(where) or 'the top-level object'}",
                dump(with_member(doc, where, "hostile", "1")), REJECT))
    out.append((f"byte 0xff inside {name_of(path)}",
                with_raw(doc, path, b'"' + text[:3].encode() + b"\xff" + text[3:].encode() + b'"'), REJECT))
    return out


def editor(doc):
    """`put(value, *path)`: the document with one value replaced; `raw(data, *path)`: with one
    value written as the raw bytes `data`."""
    return (lambda value, *path: dump(with_value(doc, path, value)),
            lambda data, *path: with_raw(doc, path, data))


INT64 = str(INT64_MAX)
TEN_MIB = 10 * MIB


def solve_corruptions(doc, huge):
    """Corruptions of a `solve --format json` file (with `huge`, also the 10 MiB ones)."""
    put, raw = editor(doc)
    text = doc["policy"]
    m = next(iter(doc["methods"]))
    digits = doc["digits"]
    beta = "0.7" if doc["provenance"]["beta"] != "0.7" else "0.9"
    fullwidth = text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    out = [
        (f"digits: {INT64}", raw(INT64.encode(), "digits"), REJECT),
        ("digits: -9223372036854775808", raw(b"-9223372036854775808", "digits"), REJECT),
        ("digits: 10^400", raw(b"1" + b"0" * 400, "digits"), REJECT),
        (f"agreement_digits: {INT64}", raw(INT64.encode(), "agreement_digits"), REJECT),
        (f"methods.{m}.digits: {INT64}", raw(INT64.encode(), "methods", m, "digits"), REJECT),
        (f"methods.{m}.precision_bits: {INT64}", raw(INT64.encode(), "methods", m, "precision_bits"), REJECT),
        (f"methods.{m}.iterations: 9223372036854775808", raw(b"9223372036854775808", "methods", m, "iterations"),
         REJECT),
        (f"methods.{m}.iterations: -1", raw(b"-1", "methods", m, "iterations"), REJECT),
        ("policy as a JSON number", raw(text.encode(), "policy"), REJECT),
        ("policy as a list", put([text], "policy"), REJECT),
        ("policy: null", put(None, "policy"), REJECT),
        ("policy: one digit more", put(text + "1", "policy"), REJECT),
        ("policy: negative", put("-" + text, "policy"), REJECT),
        ("policy: with a plus sign", put("+" + text, "policy"), REJECT),
        ("policy: nan", put("nan", "policy"), REJECT),
        ("policy: fullwidth digits", put(fullwidth, "policy"), REJECT),
        ("policy: a trailing space", put(text + " ", "policy"), REJECT),
        ("policy: a NUL at the end", put(text + "\u0000", "policy"), REJECT),
        ("policy: a lone surrogate escape", raw(b'"' + text.encode() + b'\\ud800"', "policy"), REJECT),
        ("policy: overlong UTF-8 for the point", raw(b'"0\xc0\xae' + text[2:].encode() + b'"', "policy"), REJECT),
        ("policy: a BOM before the digits", put("\ufeff" + text, "policy"), REJECT),
        ("digits as a string", put(str(digits), "digits"), REJECT),
        ("digits: 40.0 spelling", raw(f"{digits}.0".encode(), "digits"), REJECT),
        ("digits: exponent spelling", raw(f"{digits / 10:g}e1".encode(), "digits"), REJECT),
        ("verified as a string", put("true", "verified"), REJECT),
        (f"methods.{m}.converged: 1", put(1, "methods", m, "converged"), REJECT),
        ("methods as a list", put(list(doc["methods"].values()), "methods"), REJECT),
        ("provenance as a list", put(list(doc["provenance"].values()), "provenance"), REJECT),
        ("provenance.digits as a number", put(digits, "provenance", "digits"), REJECT),
        ("digits one less than provenance.digits", put(digits - 1, "digits"), REJECT),
        ("provenance.digits and digits one more",
         dump(with_value(with_value(doc, ("digits",), digits + 1), ("provenance", "digits"), str(digits + 1))), REJECT),
        ("provenance.digits: 4", put("4", "provenance", "digits"), REJECT),
        ("provenance.command: plot", put("plot", "provenance", "command"), REJECT),
        ("provenance.version: 0.1.1", put("0.1.1", "provenance", "version"), OK),
        ("provenance.beta differs from setting.beta", put(beta, "provenance", "beta"), REJECT),
        ("provenance.beta and setting.beta both changed",
         dump(with_value(with_value(doc, ("provenance", "beta"), beta), ("setting", "beta"), beta)), WRONG),
        ("provenance.method: secant", put("secant", "provenance", "method"), REJECT),
        ("provenance.certify: yes", put("yes", "provenance", "certify"), REJECT),
        (f"methods.{m} missing", dump(without(doc, ("methods", m))), REJECT),
        ("methods.secant added", dump(with_member(doc, ("methods",), "secant", doc["methods"][m])), REJECT),
        ("policy missing", dump(without(doc, ("policy",))), REJECT),
        ("provenance missing", dump(without(doc, ("provenance",))), REJECT),
    ]
    if huge:
        out += [
            ("digits: a 10 MiB integer", raw(b"9" * TEN_MIB, "digits"), REJECT),
            ("policy: a 10 MiB digit string", put("0." + "9" * TEN_MIB, "policy"), REJECT),
            ("provenance.beta: a 10 MiB digit string", put("0." + "1" * TEN_MIB, "provenance", "beta"), REJECT),
            ("a 10 MiB unknown key", dump(with_member(doc, (), "k" * TEN_MIB, "1")), REJECT),
        ]
    if doc["provenance"]["certify"] == "true":
        out += [
            (f"certified_digits: {INT64}", raw(INT64.encode(), "certified_digits"), REJECT),
            ("certified_digits missing", dump(without(doc, ("certified_digits",))), REJECT),
            ("enclosure with three ends", put(doc["enclosure"] + doc["enclosure"][1:], "enclosure"), REJECT),
            ("enclosure: [nan, inf]", put(["nan", "inf"], "enclosure"), REJECT),
            ("provenance.certify: false with a certificate", put("false", "provenance", "certify"), REJECT),
        ]
    else:
        out.append(("a certificate although certify is false",
                    dump(with_member(doc, (), "certificate", "hostile")), REJECT))
    return out


def table_corruptions(doc):
    """Corruptions of a `table --format json` file."""
    put, raw = editor(doc)
    rows = doc["rows"]
    p = doc["provenance"]
    digits = int(p["digits"])
    value_columns = [c for c in ("closed-form", "newton", "bisection", "grpo") if c in doc["columns"]]
    i, j = next((a, b) for a in range(len(rows)) for b in range(a + 1, len(rows))
                if rows[a]["newton"] != rows[b]["newton"])
    swapped_values = with_value(with_value(doc, ("rows", i, "newton"), rows[j]["newton"]),
                                ("rows", j, "newton"), rows[i]["newton"])
    swapped_rows = with_value(with_value(doc, ("rows", 0), rows[1]), ("rows", 1), rows[0])
    na = next(((r, c) for r, row in enumerate(rows) for c in value_columns if row[c] == "n/a"), None)
    out = [
        ("newton values of two rows swapped", dump(swapped_values), WRONG),
        ("first two rows swapped", dump(swapped_rows), REJECT),
        ("a row removed", put(rows[1:], "rows"), REJECT),
        ("a row repeated", put(rows + rows[-1:], "rows"), REJECT),
        ("rows: []", put([], "rows"), REJECT),
        ("rows as an object", put({"0": rows[0]}, "rows"), REJECT),
        ("a row as a string", put("row", "rows", 0), REJECT),
        ("columns as a string", put(",".join(doc["columns"]), "columns"), REJECT),
        ("a column missing from a row", dump(without(doc, ("rows", 0, "newton"))), REJECT),
        ("rows[0].newton as a JSON number", raw(rows[0]["newton"].encode(), "rows", 0, "newton"), REJECT),
        ("rows[0].newton: n/a", put("n/a", "rows", 0, "newton"), REJECT),
        ("rows[0].newton: 1.5", put("1.5", "rows", 0, "newton"), REJECT),
        ("rows[0].newton: empty", put("", "rows", 0, "newton"), REJECT),
        ("rows[0].beta differs from the grid", put("0.7", "rows", 0, "beta"), REJECT),
        ("rows[0].beta: a 10 MiB digit string", put("0." + "1" * TEN_MIB, "rows", 0, "beta"), REJECT),
        (f"rows[0].agreeing_digits: {INT64}", put(INT64, "rows", 0, "agreeing_digits"), REJECT),
        ("rows[0].agreeing_digits as a number", put(digits, "rows", 0, "agreeing_digits"), REJECT),
        (f"summary.rows checked: {INT64}", put(INT64, "summary", "rows checked"), REFUSE),
        ("summary missing", dump(without(doc, ("summary",))), REJECT),
        (f"provenance.digits: {INT64}", put(INT64, "provenance", "digits"), REJECT),
        ("provenance.digits: one less", put(str(digits - 1), "provenance", "digits"), REJECT),
        ("provenance.digits: one more", put(str(digits + 1), "provenance", "digits"), REFUSE),
        ("provenance.digits: empty", put("", "provenance", "digits"), REJECT),
        ("provenance.ref in another order", put(",".join(reversed(p["ref"].split(","))), "provenance", "ref"), REJECT),
        ("provenance.beta with one more point", put(p["beta"] + ",3", "provenance", "beta"), REJECT),
        ("provenance.beta: a range of 10,000,000 points", put("0.000001:10:0.000001", "provenance", "beta"), REJECT),
        ("provenance.ref: twenty ranges of 999,999 points",
         put(",".join(["0:0.999998:0.000001"] * 20), "provenance", "ref"), REJECT),
        ("provenance.beta: a range whose scaling overflows",
         put("1:999999999999999:0.00000000000001", "provenance", "beta"), REJECT),
        ("provenance.method: newton", put("newton", "provenance", "method"), REJECT),
        ("provenance.certify flipped", put({"true": "false"}.get(p["certify"], "true"), "provenance", "certify"),
         REJECT),
        ("provenance.certify: TRUE", put("TRUE", "provenance", "certify"), REJECT),
        ("provenance.shard: 1/2", dump(with_member(doc, ("provenance",), "shard", "1/2")), REJECT),
        ("provenance.command: merge", put("merge", "provenance", "command"), REJECT),
        ("provenance.version: empty", put("", "provenance", "version"), REJECT),
        ("provenance.digits duplicated, wrong value first", duplicated(doc, ("provenance", "digits"), b'"39"'), REJECT),
        ("rows duplicated, an empty list first", duplicated(doc, ("rows",), b"[]"), REJECT),
    ]
    if na:
        r, c = na
        out.append((f"rows[{r}].{c}: a value where the method does not apply", put(rows[r]["newton"], "rows", r, c),
                    REJECT))
    return out


def syntax_corruptions(data, doc):
    """Malformed JSON text and encodings."""
    body = data.rstrip(b"\n")
    text = data.decode()
    first_line = data.index(b"\n")
    return [
        ("40,000 [ and nothing else", b"[" * 40_000, REJECT),
        ("40,000 nested lists", b"[" * 40_000 + b"]" * 40_000, REJECT),
        ("40,000 nested objects", b'{"a":' * 40_000 + b"1" + b"}" * 40_000, REJECT),
        ("a value nested 40,000 lists deep", with_raw(doc, value_paths(doc)[0], b"[" * 40_000 + b"]" * 40_000), REJECT),
        ("a UTF-8 BOM first", b"\xef\xbb\xbf" + data, REJECT),
        ("UTF-16LE with a BOM", text.encode("utf-16"), REJECT),
        ("UTF-16BE", text.encode("utf-16-be"), REJECT),
        ("UTF-32 with a BOM", text.encode("utf-32"), REJECT),
        ("a BOM between tokens", data[:first_line + 1] + b"\xef\xbb\xbf" + data[first_line + 1:], REJECT),
        ("byte 0xff in a key", data.replace(b'"provenance"', b'"proven\xffance"', 1), REJECT),
        ("byte 0x80 first", b"\x80" + data, REJECT),
        ("a NUL byte between tokens", data[:first_line] + b"\x00" + data[first_line:], REJECT),
        ("a trailing comma", body[:-1].rstrip() + b",\n}\n", REJECT),
        ("a comment line", data[:first_line + 1] + b"  // hostile\n" + data[first_line + 1:], REJECT),
        ("a second document after the first", data + data, REJECT),
        ("trailing garbage", body + b"x\n", REJECT),
        ("single-quoted key", data.replace(b'"provenance"', b"'provenance'", 1), REJECT),
        ("unquoted key", data.replace(b'"provenance"', b"provenance", 1), REJECT),
        ("a raw newline inside a string", data.replace(b'"provenance"', b'"proven\nance"', 1), REJECT),
        ("an invalid escape", data.replace(b'"provenance"', b'"proven\\xance"', 1), REJECT),
        ("NaN literal for a count", data.replace(b'"provenance"', b'"hostile": NaN, "provenance"', 1), REJECT),
        ("top level: a list", b"[" + body + b"]\n", REJECT),
        ("top level: a string", json.dumps(text).encode(), REJECT),
        ("top level: null", b"null\n", REJECT),
        ("top level: 0", b"0\n", REJECT),
        ("empty file", b"", REJECT),
        ("only whitespace", b" \n\t\r\n", REJECT),
    ]


HUGE_TARGET = "fresh-solve-g2.json"


def golden_corruptions(originals, rng):
    """(file name, corruption, bytes, allowed exit statuses) for each original golden file."""
    out = []
    for name, data in originals.items():
        doc = json.loads(data)
        items = per_file_corruptions(name, data, rng)
        if name.startswith("fresh-"):
            items += solve_corruptions(doc, name == HUGE_TARGET) if doc["provenance"]["command"] == "solve" else []
            items += table_corruptions(doc) if doc["provenance"]["command"] == "table" else []
            items += syntax_corruptions(data, doc) if name == "fresh-table.json" else []
        out += [(name, what, corrupted, expect) for what, corrupted, expect in items]
    for name, what, corrupted, _ in out:
        assert corrupted != originals[name], f"{name}: {what} leaves the file unchanged"
    return out


# LaTeX macros files (`solve --format latex`, `table --format latex-macros`).

MACRO = re.compile(r"\\newcommand\{\\([A-Za-z]+)\}\{(.*)\}")


def macros_corruptions(originals, rng):
    """(file name, corruption, bytes, allowed exit statuses) for each original macros file."""
    out = []
    for name, data in originals.items():
        out += [(name, what, corrupted, expect) for what, corrupted, expect in macro_file_corruptions(data, rng)]
    for name, what, corrupted, _ in out:
        assert corrupted != originals[name], f"{name}: {what} leaves the file unchanged"
    return out


def macro_file_corruptions(data, rng):
    """Corruptions of one macros file: every one changes a macro or breaks the file's form."""
    text = data.decode()
    lines = text.split("\n")
    definitions = [i for i, line in enumerate(lines) if MACRO.fullmatch(line)]
    comments = [i - 1 for i in definitions]
    assert definitions and all(lines[i].startswith("% pi(a) at ") for i in comments)

    def edited(index, line):
        return "\n".join(lines[:index] + [line] + lines[index + 1:]).encode()

    def dropped(*indices):
        return "\n".join(line for i, line in enumerate(lines) if i not in indices).encode()
    i = rng.choice(definitions)
    name, value = MACRO.fullmatch(lines[i]).groups()
    comment = lines[i - 1]
    out = []
    for line in (rng.choice(comments), rng.choice(definitions), 0):
        cut = rng.randrange(1, len(lines[line]))
        out.append((f"cut inside line {line + 1} at character {cut}",
                    "\n".join(lines[:line] + [lines[line][:cut]]).encode(), REJECT))
    position = rng.choice([k for k, c in enumerate(value) if c.isdigit() and k > 2])
    out += [
        (f"line {i + 1}: last digit of the value changed", edited(i, lines[i][:-2] + flipped(value, len(value) - 1, 1)[-1] + "}"), WRONG),
        (f"line {i + 1}: bit 6 flipped in character {position} of the value (a letter)",
         edited(i, f"\\newcommand{{\\{name}}}{{{flipped(value, position, 0x40)}}}"), REJECT),
        (f"line {i + 1}: the value cut by one digit", edited(i, f"\\newcommand{{\\{name}}}{{{value[:-1]}}}"), REFUSE),
        (f"line {i + 1}: the value cut to its first five-digit group",
         edited(i, f"\\newcommand{{\\{name}}}{{{value.split(chr(92))[0]}}}"), WRONG),
        (f"line {i + 1}: the name with one more letter", edited(i, lines[i].replace(name, name + "X", 1)), WRONG),
        (f"line {i + 1}: the value's digit groups removed", edited(i, lines[i].replace("\\,", "")), REJECT),
        (f"line {i + 1}: a \\newcommand without its comment", dropped(i - 1), REJECT),
        (f"line {i}: a comment without its \\newcommand", dropped(i), REJECT),
        (f"lines {i}-{i + 1}: the macro repeated at the end", (text.rstrip("\n") + "\n" + comment + "\n" + lines[i] + "\n").encode(),
         REJECT),
        ("the provenance removed", dropped(*[k for k, line in enumerate(lines) if re.match(r"% [a-z_]+: ", line)
                                             and k < comments[0] - 4]), REJECT),
        ("the whole file twice", data + data, REJECT),
        ("the whole file twice, a blank line between", data + b"\n" + data, REJECT),
        ("CRLF line endings", data.replace(b"\n", b"\r\n"), REJECT),
        ("a UTF-8 BOM first", b"\xef\xbb\xbf" + data, REJECT),
        ("a NUL byte in the title", edited(comments[0] - 4, lines[comments[0] - 4] + "\0"), REJECT),
        ("a non-ASCII letter in a comment", edited(i - 1, comment.replace("beta = ", "\u03b2 = ", 1)), REJECT),
        ("a line of 200,000 characters", (text + "%" + "9" * 200_000 + "\n").encode(), REJECT),
        ("a line of garbage", (text + "hello\n").encode(), REJECT),
        ("same setting as a macro not above", (text + "% same setting as \\grpoNope above: G = 2\n").encode(), REJECT),
        (f"line {i}: --format json in reproduce", edited(i - 1, comment.replace("--format latex", "--format json")), REJECT),
        (f"line {i}: methods counted differently", edited(i - 1, re.sub(r"(\d+) method\(s\)", lambda m: f"{int(m[1]) + 1} method(s)", comment)),
         WRONG),
        (f"line {i}: --digits 4", edited(i - 1, re.sub(r"--digits \d+", "--digits 4", comment)), REJECT),
        (f"line {i}: --digits one more than the provenance",
         edited(i - 1, re.sub(r"--digits (\d+)", lambda m: f"--digits {int(m[1]) + 1}", comment)), REJECT),
        (f"line {i}: --method nope", edited(i - 1, re.sub(r"--method \S+", "--method nope", comment)), REJECT),
        (f"line {i}: a flag given twice", edited(i - 1, comment.replace(" --format latex", " --penalty reverse --format latex")),
         REJECT),
    ]
    beta = re.search(r"--beta (\S+)", comment)[1]
    # A valid β other than the comment's is a mismatch: of the setting, if not of the name and value.
    for hostile, expect in [("0", REJECT), ("nan", REJECT), ("1e999999", REJECT), (TEN_400, WRONG),
                            (LONG_NINES, REJECT), ("\u0661", REJECT), (beta + "0", WRONG)]:
        out.append((f"line {i}: --beta {getattr(hostile, 'shown', hostile)}",
                    edited(i - 1, comment.replace(f"--beta {beta} ", f"--beta {hostile} ")), expect))
    if ", enclosure [" in comment:
        lower = re.search(r"enclosure \[([0-9.]+), ", comment)[1]
        out += [
            (f"line {i}: last digit of the enclosure's lower end changed",
             edited(i - 1, comment.replace(lower, flipped(lower, len(lower) - 1, 1), 1)), WRONG),
            (f"line {i}: the enclosure removed", edited(i - 1, re.sub(r", enclosure \[[^]]*\]", "", comment)), WRONG),
            (f"line {i}: --certify removed", edited(i - 1, comment.replace(" --certify", "")), REJECT),
        ]
    if "% schema: 1" in text:
        out.append(("schema 2", text.replace("% schema: 1", "% schema: 2").encode(), REJECT))
    if len(definitions) > 1:
        j = rng.choice([k for k in definitions if k != i])
        other = MACRO.fullmatch(lines[j])[1]
        swapped = [line.replace("{\\" + name + "}", "{\\" + other + "}") if k == i
                   else line.replace("{\\" + other + "}", "{\\" + name + "}") if k == j else line
                   for k, line in enumerate(lines)]
        out.append((f"lines {i + 1} and {j + 1}: names swapped", "\n".join(swapped).encode(), WRONG))
    return out


def shard_corruptions(fixtures, rng):
    """(corruption, shard files in order, allowed exit statuses) for merge: every one is refused."""
    s1, s2, s3 = fixtures.shards
    d2 = json.loads(s2)
    put, raw = editor(d2)
    value = d2["rows"][0]["newton"]
    below = "rows below requested agreement"

    def every(change):
        return [dump(change(json.loads(s))) for s in (s1, s2, s3)]

    def shard_of_huge_count(d):
        return with_value(d, ("provenance", "shard"), d["provenance"]["shard"].split("/")[0] + "/" + INT64)
    middle = [
        ("s2 truncated", s2[:rng.randrange(len(s2) - 2)]),
        ("s2 is 40,000 [", b"[" * 40_000),
        ("s2 is 40,000 nested lists", b"[" * 40_000 + b"]" * 40_000),
        ("s2 is 40,000 nested objects", b'{"a":' * 40_000 + b"1" + b"}" * 40_000),
        ("s2: a row value nested 40,000 lists deep", raw(b"[" * 40_000 + b"]" * 40_000, "rows", 0, "newton")),
        ("s2: byte 0xff in a row value", raw(b'"0.\xff' + value[2:].encode() + b'"', "rows", 0, "newton")),
        ("s2: byte 0xff in the title", raw(b'"\xff' + d2["title"].encode() + b'"', "title")),
        ("s2: a UTF-8 BOM first", b"\xef\xbb\xbf" + s2),
        ("s2: UTF-16", s2.decode().encode("utf-16")),
        ("s2: provenance.digits duplicated, wrong value first", duplicated(d2, ("provenance", "digits"), b'"9"')),
        ("s2: provenance.shard duplicated, 1/3 first", duplicated(d2, ("provenance", "shard"), b'"1/3"')),
        ("s2: a row value duplicated, wrong value first", duplicated(d2, ("rows", 0, "newton"), b'"0.5"')),
        *[(f"s2: provenance.shard {s}", put(s, "provenance", "shard"))
          for s in ["2/4", "0/3", "4/3", f"2/{INT64}", f"{INT64}/{INT64}", "2/3/1", "", "\u0662/\u0663",
                    "2/9223372036854775808"]],
        ("s2: a row removed", put(d2["rows"][1:], "rows")),
        ("s2: a row repeated", put(d2["rows"] + d2["rows"][-1:], "rows")),
        ("s2: rows: {}", put({}, "rows")),
        ("s2: provenance.digits differs", put("9", "provenance", "digits")),
        ("s2: another title", put(d2["title"] + "!", "title")),
        ("s2: columns reversed", put(list(reversed(d2["columns"])), "columns")),
        ("s2: a column removed", dump(with_value(without(d2, ("rows", 0, "grpo")), ("columns",),
                                                 [c for c in d2["columns"] if c != "grpo"]))),
        (f"s2: summary.{below} missing", dump(without(d2, ("summary", below)))),
        (f"s2: summary.{below} as a number", put(0, "summary", below)),
        (f"s2: summary.{below} 10^400 as a number", raw(b"1" + b"0" * 400, "summary", below)),
        ("s2: a row value as a number", raw(value.encode(), "rows", 0, "newton")),
        ("s2 is a solve file", fixtures.small_solve),
        ("s2 is the unsharded table", fixtures.unsharded),
        ("s2 from a run at other digits", fixtures.other_run),
        ("s2 empty", b""),
        ("s2: null", b"null\n"),
        ("s2: a second document after the first", s2 + s2),
    ]
    return [(what, [s1, data, s3], REJECT) for what, data in middle] + [
        ("s1 given twice", [s1, s1, s2, s3], REJECT),
        ("s2 given twice", [s1, s2, s2, s3], REJECT),
        ("s2 missing", [s1, s3], REJECT),
        ("only s2", [s2], REJECT),
        (f"every shard i/{INT64}", every(shard_of_huge_count), REJECT),
        (f"every shard: summary.{below} {INT64}", every(lambda d: with_value(d, ("summary", below), INT64)), REJECT),
    ]
