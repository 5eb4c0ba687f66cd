#!/usr/bin/env python3
"""The Swift library example, checked: Examples/ (a package depending on the suite by path)
builds and runs, its source is exactly the README's Swift snippet, what it prints equals what
the command line prints for the same settings, and those numbers satisfy the paper's equations
evaluated here, independently of the suite.

    scripts/swift-example.py BINARY     BINARY: the grpo-verify executable to compare with

Exit status 1 on any difference, 2 on misuse.
"""
from decimal import Decimal, getcontext
from math import comb
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "Examples" / "Sources" / "Example" / "main.swift"
SCRATCH = ROOT / ".build" / "examples"


def readme_snippet():
    """The ```swift block of the README's "From Swift" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## From Swift\n", 1)
    if len(section) != 2 or "```swift\n" not in section[1]:
        fail("README.md has no ```swift block under '## From Swift'")
    return section[1].split("```swift\n", 1)[1].split("\n```", 1)[0] + "\n"


def fail(message):
    print(f"swift-example: {message}", file=sys.stderr)
    sys.exit(1)


def solve(binary, *flags):
    done = subprocess.run([binary, "solve", *flags, "--format", "json"], capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"grpo-verify solve {' '.join(flags)} exited {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def independent(binary, question, table):
    """The printed numbers against the paper's equations in Python's decimal arithmetic, not the
    suite: the G = 64 policy brackets the root of (11) with Δ = U_64 + V_64 summed over every
    group, the three-answer policy satisfies (11) with (12), and each table row is (14)."""
    getcontext().prec = 80
    beta, ref = Decimal("0.04"), Decimal("0.3")

    def residual(p, g=64):
        q, gap = 1 - p, Decimal(0)
        for n in range(g):
            w = comb(g - 1, n) * p ** n * q ** (g - 1 - n)
            gap += w * ((Decimal(g - 1 - n) / (n + 1)).sqrt() + (Decimal(n) / (g - n)).sqrt())
        return p * (1 - q * gap / beta) - ref

    half = Decimal(1).scaleb(-len(binary.split(".")[1]) - 1) * 5
    if not residual(Decimal(binary) - half) < 0 < residual(Decimal(binary) + half):
        fail(f"pi(a) = {binary} does not bracket the root of (11) at G = 64")

    matrix = [[Decimal(x) for x in row] for row in (("0", "0.65", "0.3"), ("0.35", "0", "0.55"), ("0.7", "0.45", "0"))]
    refs, pi = [Decimal("0.4"), Decimal("0.4"), Decimal("0.2")], [Decimal(x) for x in question]
    preference = [sum(pi[j] * (matrix[o][j] - matrix[j][o]) for j in range(3)) for o in range(3)]
    mean = sum(p * x for p, x in zip(pi, preference))
    if any(abs(pi[o] * (1 - (preference[o] - mean) / Decimal("0.25")) - refs[o]) > Decimal("1e-29") for o in range(3)):
        fail(f"pi = {question} does not satisfy (11) with (12)")

    for row in table:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) < 6 or cells[0] != "2":
            continue
        b, r = Decimal(cells[2]), Decimal(cells[3])
        closed = ((1 - b) + ((1 - b) ** 2 + 4 * b * r).sqrt()) / 2
        if Decimal(cells[5]) != closed.quantize(Decimal(cells[5])):
            fail(f"the table's closed form {cells[5]} at β = {b}, π_ref = {r} is not (14), {closed}")


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        sys.exit(2)
    binary = sys.argv[1]
    if readme_snippet() != SOURCE.read_text(encoding="utf-8"):
        fail("the README's Swift snippet differs from Examples/Sources/Example/main.swift")
    subprocess.run(["swift", "build", "--package-path", str(ROOT / "Examples"), "--scratch-path", str(SCRATCH)],
                   check=True, stdout=subprocess.DEVNULL)
    done = subprocess.run([str(SCRATCH / "debug" / "Example")], capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"the example exited {done.returncode}: {done.stderr.strip()}")
    # The markdown table, from its heading to the line after its summary, is compared whole.
    output = done.stdout.splitlines()
    start = next((i for i, line in enumerate(output) if line.startswith("### ")), None)
    end = next((i for i, line in enumerate(output) if line.startswith("rows short of")), None)
    if start is None or end is None:
        fail(f"the example printed no table: {done.stdout!r}")
    table = "\n".join(output[start:end]) + "\n"
    printed = subprocess.run([binary, "table", "--group-size", "2", "--penalty", "reverse", "--margin", "1",
                              "--beta", "0.1,1", "--ref", "0.3,0.7", "--digits", "20", "--format", "markdown"],
                             capture_output=True, text=True)
    if printed.returncode != 0 or printed.stdout != table:
        fail(f"the example's table differs from grpo-verify table's:\n{table}\n{printed.stdout}")
    lines = dict(line.split(" ", 1) for line in output[:start] + output[end:] if " " in line)

    binary_json = solve(binary, "--group-size", "64", "--beta", "0.04", "--ref", "0.3", "--digits", "40", "--certify")
    lower, upper = binary_json["enclosure"]
    question = solve(binary, "--group-size", "2", "--beta", "0.25", "--ref", "0.4,0.4,0.2",
                     "--preference", "0,0.65,0.3;0.35,0,0.55;0.7,0.45,0", "--digits", "30")
    expected = {
        "pi(a)": "= " + binary_json["policy"],
        "pi": "= " + ", ".join(question["policy"]),
        "certified": f"stationary policies on the simplex: {len(question['stationary_policies'])}",
        "rows": "short of 20 digits: 0",
    }
    for key, value in expected.items():
        if lines.get(key) != value:
            fail(f"the example printed {key} {lines.get(key)!r}, the command line {value!r}")
    # The example prints the enclosure to 45 digits, solve to fewer: both round the same
    # interval outward, so the example's bounds lie inside the command line's, by less than one
    # unit in the command line's last digit.
    shown = [Decimal(x) for x in lines.get("enclosure:", "").strip("[]").split(", ") if x]
    getcontext().prec = 100                 # exact for these bounds
    ulp = Decimal(1).scaleb(Decimal(lower).as_tuple().exponent)
    if len(shown) != 2 or not (Decimal(lower) <= shown[0] < Decimal(lower) + ulp
                               and Decimal(upper) - ulp < shown[1] <= Decimal(upper)):
        fail(f"the example's enclosure {lines.get('enclosure:')!r} does not match [{lower}, {upper}]")
    independent(lines["pi(a)"][2:], lines["pi"][2:].split(", "), output[start:end])
    if not lines.get("refused:", "").startswith("penalty: direct is supported with --group-size 2 only"):
        fail(f"the example did not refuse the direct penalty at G = 8: {done.stdout!r}")
    print("ok: Examples/ builds, runs, matches the README and the command line")


if __name__ == "__main__":
    main()
