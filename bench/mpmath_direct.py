"""W1-W3 of grpo-bench written directly in mpmath (with gmpy2), as a researcher would.

    python bench/mpmath_direct.py [--runs N] w1 w2 w3

Prints `name-direct median-seconds note` per workload. The formulas are the paper's as
stated ((11), (12), (13), (14), (15), direct KL, U_G and V_G), evaluated with mpmath's own
tools: every binomial term of U_G and V_G (weights by recurrence from n = 0), and `findroot`
with its Anderson and bisection solvers on the bracket [pi_ref(a), 1) at the full working
precision. None of the suite's algorithms (residual through the preference gap, summation
window with a tail bound, precision-doubling safeguarded Newton) is used; those are in
bench/mpmath_workloads.py, the line-by-line port.

`python bench/mpmath_direct.py check` compares every result with the port's (bench/compare.sh
runs it before timing), so both compute the same digits.
"""
from mpmath import mp, mpf, sqrt, exp, findroot

import mpmath_workloads as port


def reward_sums(g, mu, derivatives=True):
    """U_G, V_G (and their mu-derivatives) at mp.prec, summing all G binomial terms."""
    q = 1 - mu
    w = q ** (g - 1)
    ratio = mu / q
    u = v = nu = nv = mpf(0)
    for n in range(g):
        a = w * sqrt(mpf(g - 1 - n) / (n + 1))
        u += a
        if n > 0:
            b = w * sqrt(mpf(n) / (g - n))
            v += b
        if derivatives:
            nu += n * a
            if n > 0:
                nv += n * b
        w = w * (g - 1 - n) / (n + 1) * ratio
    if not derivatives:
        return u, v
    scale = mu * q
    center = mu * (g - 1)
    return u, v, (nu - center * u) / scale, (nv - center * v) / scale


class DirectModel:
    """(11) and the direct-KL condition as stated, from P_G(a|pi) and P_G(b|pi):
    (12) for G = 2, (13) for G = inf, U_G and -V_G for finite G."""

    def __init__(self, setting, prec):
        g, penalty, b, r, m = setting
        self.g, self.penalty, self.prec = g, penalty, prec
        with mp.workprec(prec):
            self.beta, self.ref, self.gamma = mpf(b), mpf(r), mpf(m)

    def preferences(self, p):
        if self.g == "2":
            return self.gamma * (1 - p), -self.gamma * p
        if self.g == "inf":
            return sqrt((1 - p) / p), -sqrt(p / (1 - p))
        g = int(self.g)
        with mp.workprec(self.prec + 2 * g.bit_length() + 16):
            u, v = reward_sums(g, +p, derivatives=False)
        return +u, -v

    def residual(self, p):
        a, b = self.preferences(p)
        if self.penalty == "reverse":
            return p * (1 - (a - (p * a + (1 - p) * b)) / self.beta) - self.ref
        return (1 - self.ref) * p - self.ref * (1 - p) * exp((a - b) / self.beta)


def stationary_policy(setting, prec, solver):
    """findroot on the stationarity residual over [pi_ref(a), 1] at `prec` bits, with mpmath's
    Anderson (bracketing, superlinear) or bisection solver. The bracket ends at
    1 - 2^-prec (the residual is singular at 1 unless G = 2), except for bisection at G = 2,
    whose roots can lie above 1 - 2^-prec and where F(1) > 0 gives the sign change."""
    model = DirectModel(setting, prec)
    with mp.workprec(prec):
        f = model.residual
        bracket = (model.ref, 1 - mpf(2) ** (-prec))
        if solver == "bisect":
            if model.g == "2":
                bracket = (model.ref, mpf(1))
            return findroot(f, bracket, solver="bisect", maxsteps=prec + 8, verify=False)
        return findroot(f, bracket, solver="anderson", maxsteps=400, verify=False)


def at_two_precisions(run, setting, digits):
    p = port.bits_for_digits(digits, 64)
    run(setting, p)
    b = run(setting, p + 32)
    with mp.workprec(p + 32):
        return mp.nstr(b, digits)


def w1():
    rows = 0
    for s in port.default_grid():
        at_two_precisions(lambda s, p: port.closed_form(s, p), s, 58)
        at_two_precisions(lambda s, p: stationary_policy(s, p, "anderson"), s, 58)
        at_two_precisions(lambda s, p: stationary_policy(s, p, "bisect"), s, 58)
        rows += 1
    return "%d rows" % rows


def w2():
    with mp.workprec(256 + 2 * 20 + 16):
        u = reward_sums(10**6, mpf("0.3"))[0]
    with mp.workprec(256):
        return "U = %s..., all %d terms" % (mp.nstr(+u, 20), 10**6)


def w3():
    value = at_two_precisions(lambda s, p: stationary_policy(s, p, "anderson"), port.W3_SETTING, 1000)
    return value[:22] + "..."


def w3_300():
    """W3's setting at 300 digits, the finite-G solve that compare.sh times end to end."""
    value = at_two_precisions(lambda s, p: stationary_policy(s, p, "anderson"), port.W3_SETTING, 300)
    return value[:22] + "..."


def check():
    """The direct results agree with the port's: W1 every row and method to 58 digits, W2's U
    to 70 digits, W3 to 1000 digits. Exits 1 on a mismatch."""
    failures = 0
    for s in port.default_grid():
        want = at_two_precisions(lambda s, p: port.doubling_newton(s, p)[0], s, 58)
        for solver in ("anderson", "bisect"):
            got = at_two_precisions(lambda s, p: stationary_policy(s, p, solver), s, 58)
            if got[:-2] != want[:-2]:
                print("w1 %s %s: direct %s, port %s" % (solver, s, got, want))
                failures += 1
    with mp.workprec(256):
        direct_u = mp.nstr(+reward_sums(10**6, mpf("0.3"))[0], 70)
        port_u = mp.nstr(port.reward_sums(10**6, mpf("0.3"), 256)[0], 70)
    if direct_u != port_u:
        print("w2: direct %s, port %s" % (direct_u, port_u))
        failures += 1
    if w3()[:-3] != port.w3()[:-3]:
        print("w3: direct %s, port %s" % (w3(), port.w3()))
        failures += 1
    print("check: %d mismatches" % failures)
    return failures


if __name__ == "__main__":
    port.main({"w1": w1, "w2": w2, "w3": w3, "w3-300": w3_300}, suffix="-direct",
              extra={"check": lambda: 1 if check() else 0})
