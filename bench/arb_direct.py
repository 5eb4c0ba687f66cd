"""W6-W9 in python-flint's Arb, written the way one writes them with ball arithmetic: certified
stationary policies, β = 0.04 (reverse KL, the paper's normalisation).

    bench/.venv/bin/python bench/arb_direct.py [--runs N] [--digits D] [--check] [w6 w7 w8 w9]

* w6: π(a) at G = 1000, π_ref(a) = 0.3, 10,000 digits; w7: G = 2 (γ = 1); w8: G = ∞;
* w9: three answers, s = (1, 1, 0), π_ref = (0.2, 0.3, 0.5), G = 8, 1000 digits.

The binary workloads solve (11), F(p) = p(1 − (1 − p)Δ(p)/β) − π_ref(a) = 0, with Δ = γ
(groups of two, (12)), 1/sqrt(p(1 − p)) (large groups, (13)) or U_G + V_G summed over all G
terms by the binomial recurrence in balls. w9 solves the success-rate equation in μ. Newton
runs on midpoints at doubling precision, three steps per precision, kept inside (0, 1); one
interval Newton step over a box around the last midpoint certifies a unique root in it.
Prints `w6-arb MEDIAN` (seconds) per workload and the enclosure. With --check (untimed), the
suite's `grpo-verify solve` must print the correct rounding of every point of the enclosure.
"""
import subprocess
import sys
import time
from pathlib import Path

from flint import arb, ctx

BETA = "0.04"


def binomial_gap(g):
    """Δ = U_G(p) + V_G(p) and Δ′(p), all G terms: Σ_n w_n (a_n + b_n) over n ~ Bin(G − 1, p),
    with a_n = sqrt((G − 1 − n)/(n + 1)) the advantage of a one among n other ones and
    b_n = sqrt(n/(G − n)) minus that of a zero (proofs/finite-g-exact-sums.md)."""
    def gap(p):
        q = 1 - p
        w = q ** (g - 1)
        ratio = p / q
        value = slope = arb(0)
        for n in range(g):
            a = (arb(g - 1 - n) / (n + 1)).sqrt() if n < g - 1 else arb(0)
            b = (arb(n) / (g - n)).sqrt() if n > 0 else arb(0)
            term = w * (a + b)
            value += term
            slope += term * (n - (g - 1) * p) / (p * q)
            if n < g - 1:
                w = w * (g - 1 - n) / (n + 1) * ratio
        return value, slope
    return gap


def pair_gap(p):
    """Groups of two, (12): Δ = γ = 1, Δ′ = 0."""
    return arb(1), arb(0)


def large_group_gap(p):
    """Large groups, (13): Δ = 1/sqrt(p(1 − p)), Δ′ = (2p − 1)Δ³/2."""
    gap = 1 / (p * (1 - p)).sqrt()
    return gap, (2 * p - 1) * gap ** 3 / 2


def binary_residual(gap, ref):
    """F(p) = p(1 − (1 − p)Δ/β) − π_ref(a), (11), and F′(p)."""
    def residual(p):
        beta = arb(BETA)
        delta, slope = gap(p)
        return (p * (1 - (1 - p) * delta / beta) - arb(ref),
                1 - (1 - 2 * p) * delta / beta - p * (1 - p) * slope / beta)
    return residual


def certified_root(residual, x, digits):
    """Newton from the midpoint x (64 bits) at doubling precision up to ⌈D log2 10⌉ + 64 bits,
    then one interval Newton step N = x − F(x)/F′(B) over B = x ± 2^(40 − P): N ⊂ B proves a
    unique root in B, and N encloses it."""
    target = int(digits * 3.3219280948873623) + 64
    prec = 64
    while True:
        ctx.prec = prec
        for _ in range(3):
            f, df = residual(arb(x))
            step = (arb(x) - f / df).mid()
            x = step if 0 < step < 1 else ((arb(x) + 1) / 2).mid()
        if prec == target:
            break
        prec = min(2 * prec, target)
    box = arb(x, arb(2) ** (40 - target))
    f, _ = residual(arb(x))
    _, slope = residual(box)
    enclosure = arb(x) - f / slope
    if not box.contains(enclosure):
        raise SystemExit("arb_direct: the interval Newton step did not certify a root")
    return enclosure


def binary_policy(gap, ref, digits):
    """π(a) of a binary question, from the large-group closed form (15) at 64 bits (for G = ∞
    that is already the root; Newton then refines it as for any G)."""
    ctx.prec = 64
    b, r = arb(BETA), arb(ref)
    x = ((2 * b * b * r + 1 + (1 + 4 * b * b * r * (1 - r)).sqrt()) / (2 * (1 + b * b))).mid()
    return [certified_root(binary_residual(gap, ref), x, digits)]


SUCCESSES, REFERENCES, GROUP = (1, 1, 0), ("0.2", "0.3", "0.5"), 8


def question_parts(mu):
    """π_ref(o), s_o and d_o = 1 − P_G(o|π)/β with P_G(o|π) = (s_o − μ)W(μ), W = U_G + V_G, and
    d_o′; the policy is π(o) = π_ref(o)/d_o (reverse KL, (11) with E_π P_G = 0;
    Sources/GRPOModel/SuccessRateModel.swift)."""
    beta = arb(BETA)
    w, dw = binomial_gap(GROUP)(mu)
    return [(arb(r), s, 1 - (s - mu) * w / beta, (w - (s - mu) * dw) / beta)
            for r, s in zip(REFERENCES, SUCCESSES)]


def success_rate_residual(mu):
    """R(μ) = Σ_o π(o; μ) s_o − μ and R′(μ) = Σ_o π_ref(o) s_o (−d_o′)/d_o² − 1."""
    value, slope = -mu, arb(-1)
    for r, s, d, dd in question_parts(mu):
        value += r * s / d
        slope -= r * s * dd / (d * d)
    return value, slope


def question_policy(digits):
    """w9: μ from safeguarded Newton at 64 bits on (0, 1), then certified_root, then the policy
    π(o) = π_ref(o)/d_o on the enclosure of μ. A point where some d_o ≤ 0 (the policy not
    positive) counts as below the root: only the best answers' d_o can vanish, and they do at
    the edge of positivity below which d_B < 0, with R → +∞ as μ falls to the edge."""
    ctx.prec = 64
    lo, hi = arb(0), 1 - arb(2) ** -30
    x = hi
    for _ in range(200):
        if all(d > 0 for _, _, d, _ in question_parts(arb(x))):
            f, df = success_rate_residual(arb(x))
            lo, hi = (x, hi) if f > 0 else (lo, x)
            step = (arb(x) - f / df).mid()
        else:
            lo, step = x, None
        new = step if step is not None and lo < step < hi else ((lo + hi) / 2).mid()
        if abs(new - x) < arb(2) ** -50:
            break
        x = new
    mu = certified_root(success_rate_residual, new, digits)
    return [r / d for r, _, d, _ in question_parts(mu)]


WORKLOADS = {  # name: (the policy's enclosures, digits, the suite's solve flags)
    "w6": (lambda d: binary_policy(binomial_gap(1000), "0.3", d), 10_000, "--group-size 1000 --ref 0.3"),
    "w7": (lambda d: binary_policy(pair_gap, "0.3", d), 10_000, "--group-size 2 --ref 0.3"),
    "w8": (lambda d: binary_policy(large_group_gap, "0.3", d), 10_000, "--group-size inf --ref 0.3"),
    "w9": (question_policy, 1000, "--group-size 8 --ref 0.2,0.3,0.5 --success 1,1,0"),
}


def suite_digits(flags, digits):
    """The policy's digits as `grpo-verify solve --method … --certify` prints them: the
    `stationary policy π(a) = …` line (binary) or the certified point's `π = (…)` (several answers)."""
    binary = "," not in flags
    command = [str(Path(__file__).resolve().parent.parent / ".build/release/grpo-verify"), "solve",
               "--beta", BETA, "--digits", str(digits), *flags.split(),
               "--method", "newton" if binary else "success-rate", "--certify"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if binary:
        return [next(l for l in out.splitlines() if l.startswith("stationary policy π(a) = ")).split("= ")[1]]
    point = next(l for l in out.splitlines() if l.startswith("  1: μ = "))
    return point.split("π = (")[1].split(")")[0].split(", ")


def agrees(enclosure, text):
    """Whether the decimal `text` is the rounding to its digits of every point of `enclosure`:
    the enclosure lies within half a unit of its last digit."""
    ctx.prec = int(len(text) * 3.33) + 128
    unit = arb(10) ** -(len(text.split(".")[1]) if "." in text else 0)
    return bool(abs(enclosure - arb(text)) < unit / 2)


def main():
    args = sys.argv[1:]
    runs = int(args.pop(args.index("--runs") + 1)) if "--runs" in args else 3
    given = int(args.pop(args.index("--digits") + 1)) if "--digits" in args else None
    check = "--check" in args
    names = [a for a in args if not a.startswith("--")] or ["w6"]
    for name in names:
        solve, digits, flags = WORKLOADS[name]
        digits = given or digits
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            policy = solve(digits)
            times.append(time.perf_counter() - start)
        times.sort()
        print("%s-arb %.4f" % (name, times[len(times) // 2]))
        print("# enclosure %s" % ", ".join(p.str(40, radius=True) for p in policy))
        if check:
            texts = suite_digits(flags, digits)
            same = len(texts) == len(policy) and all(map(agrees, policy, texts))
            print("# suite's %s digits %s" % (name, "match" if same else "DIFFER: " + ", ".join(t[:40] for t in texts)))
            if not same:
                sys.exit(1)


if __name__ == "__main__":
    main()
