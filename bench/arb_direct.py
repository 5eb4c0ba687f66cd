"""W6 in python-flint's Arb, written the way one writes it with ball arithmetic: the certified
stationary point of G = 1000, β = 0.04, π_ref(a) = 0.3 at 10,000 digits.

    bench/.venv/bin/python bench/arb_direct.py [--runs N] [--digits D]

U_G + V_G and its derivative are summed over all G terms by the binomial recurrence in balls;
Newton runs on midpoints at doubling precision from the large-group closed form (15), three
steps per precision, kept inside (0, 1); one interval Newton step over a box around the last
midpoint certifies a unique root in it. Prints `w6-arb MEDIAN` (seconds) and the enclosure.
"""
import sys
import time

from flint import arb, ctx

G, BETA, REF = 1000, "0.04", "0.3"


def gap_and_derivative(g, p):
    """Δ = U_G(p) + V_G(p) and Δ′(p), all G terms."""
    q = 1 - p
    w = q ** (g - 1)
    ratio = p / q
    gap = slope = arb(0)
    for n in range(g):
        a = (arb(g - 1 - n) / (n + 1)).sqrt() if n < g - 1 else arb(0)
        b = (arb(n) / (g - n)).sqrt() if n > 0 else arb(0)
        term = w * (a + b)
        gap += term
        slope += term * (n - (g - 1) * p) / (p * q)
        if n < g - 1:
            w = w * (g - 1 - n) / (n + 1) * ratio
    return gap, slope


def residual(p, beta, ref):
    """F(p) = p(1 − (1 − p)Δ/β) − π_ref(a), (11), and F′(p)."""
    gap, slope = gap_and_derivative(G, p)
    return (p * (1 - (1 - p) * gap / beta) - ref,
            1 - (1 - 2 * p) * gap / beta - p * (1 - p) * slope / beta)


def certified_policy(digits):
    target = int(digits * 3.3219280948873623) + 64
    ctx.prec = 64
    b, r = arb(BETA), arb(REF)
    x = ((2 * b * b * r + 1 + (1 + 4 * b * b * r * (1 - r)).sqrt()) / (2 * (1 + b * b))).mid()
    prec = 64
    while True:
        ctx.prec = prec
        beta, ref = arb(BETA), arb(REF)
        for _ in range(3):
            f, df = residual(arb(x), beta, ref)
            step = (arb(x) - f / df).mid()
            x = step if 0 < step < 1 else ((arb(x) + 1) / 2).mid()
        if prec == target:
            break
        prec = min(2 * prec, target)
    beta, ref = arb(BETA), arb(REF)
    box = arb(x, arb(2) ** (40 - target))
    f, _ = residual(arb(x), beta, ref)
    _, slope = residual(box, beta, ref)
    enclosure = arb(x) - f / slope
    if not box.contains(enclosure):
        raise SystemExit("w6-arb: the interval Newton step did not certify a root")
    return enclosure


def main():
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    digits = int(args[args.index("--digits") + 1]) if "--digits" in args else 10_000
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        enclosure = certified_policy(digits)
        times.append(time.perf_counter() - start)
    times.sort()
    print("w6-arb %.4f" % times[len(times) // 2])
    print("# enclosure %s" % enclosure.str(40, radius=True))


if __name__ == "__main__":
    main()
