"""W1-W3 of grpo-bench written directly in mpmath (with gmpy2), same algorithms as the suite.

    python bench/mpmath_workloads.py [--runs N] w1|w2|w3 ...

Prints `name median-seconds note` per workload. Algorithms, as in Sources/:
closed forms (14), (15) and direct KL; the stationarity residual (11) and its derivative;
safeguarded Newton with the precision-doubling schedule (64, 128, ... bits); bisection;
U_G, V_G with binomial weights by recurrence from the mode and the geometric tail bound.
Each method runs at P = ceil(D log2 10) + 64 and P + 32 bits, like PolicyCheck.
"""
import math
import statistics
import sys
import time

from mpmath import mp, mpf, sqrt, exp, log, loggamma, libmp


def bits_for_digits(d, guard):
    return (d * 33219281 + 9999999) // 10000000 + guard


def exponent(x):
    """MPFR's exponent: x = m 2^e with 1/2 <= |m| < 1 (x != 0)."""
    _, man, e, bc = x._mpf_
    return e + bc


# --- settings and the default grid -------------------------------------------------------
BETAS = ["0.001", "0.01", "0.04", "0.1", "0.5", "1", "2", "10"]
REFS = ["0.001", "0.01"] + ["0.%d" % i for i in range(1, 10)] + ["0.99", "0.999"]
MARGINS = ["0.25", "0.5", "1"]


def default_grid():
    out = []
    for g in ("2", "inf"):
        for penalty in ("reverse", "direct"):
            if penalty == "direct" and g != "2":
                continue
            for b in BETAS:
                for r in REFS:
                    for m in MARGINS:
                        if g == "2" or m == "1":
                            out.append((g, penalty, b, r, m))
    return out


# --- U_G, V_G ----------------------------------------------------------------------------
def binomial_weight(n, trials, mu, prec):
    extra = prec + 2 * trials.bit_length() + 16
    with mp.workprec(extra):
        m = +mu
        e = loggamma(trials + 1) - loggamma(n + 1) - loggamma(trials - n + 1)
        if n > 0:
            e += log(m) * n
        if trials - n > 0:
            e += log(1 - m) * (trials - n)
        w = exp(e)
    with mp.workprec(prec):
        return +w


def tail_factor(r):
    bound = r * (1 + 1e-9)
    return math.ceil(1 / (1 - bound)) if bound <= 0.999 else None


def reward_sums(g, mu, precision):
    """(U, V, U', V', terms) at mu in (0, 1), to `precision` bits."""
    wp = precision + 2 * g.bit_length() + 16
    with mp.workprec(wp):
        mu_w = +mu
        one_minus = 1 - mu_w
        ratio = mu_w / one_minus
        inverse = one_minus / mu_w
        ratio_bound = float(ratio) * (1 + 1e-12)
        inverse_bound = float(inverse) * (1 + 1e-12)
        mode = min(g - 1, max(0, int(math.floor(float(mu) * (g - 1)))))
        mode_weight = binomial_weight(mode, g - 1, mu_w, wp)
        sums = [mpf(0)] * 4                     # U, V, sum n a_n, sum n b_n
        terms = 0

        def add(w, n):
            """Accumulator.add: the term n of each sum."""
            nonlocal terms
            terms += 1
            a = w * sqrt(mpf(g - 1 - n) / (n + 1))
            sums[0] += a
            sums[2] += a * n
            if n > 0:
                b = w * sqrt(mpf(n) / (g - n))
                sums[1] += b
                sums[3] += b * n

        def negligible(w, factor):
            if not w:
                return True
            u, v = sums[0], sums[1]
            e = max(exponent(u) if u > 0 else -10**18, exponent(v) if v > 0 else -10**18)
            if e == -10**18:
                return False
            return exponent(w) + factor.bit_length() <= e - 1 - (precision + 8)

        w = mode_weight
        n = mode
        while n <= g - 1:
            if n > mode:
                k = tail_factor((g - 1 - n) / (n + 1) * ratio_bound)
                if k is not None and negligible(w, 2 * g * g * k):
                    break
            add(w, n)
            w = w * (g - 1 - n) / (n + 1) * ratio
            n += 1
        w = mode_weight
        n = mode
        while n > 0:
            w = w * n / (g - n) * inverse
            n -= 1
            k = tail_factor(n / (g - n) * inverse_bound)
            if k is not None and negligible(w, 2 * g * g * k):
                break
            add(w, n)
        u, v, nu, nv = sums
        scale = mu_w * (1 - mu_w)
        center = mu_w * (g - 1)
        du = (nu - center * u) / scale
        dv = (nv - center * v) / scale
    with mp.workprec(precision):
        return +u, +v, +du, +dv, terms


# --- the model ---------------------------------------------------------------------------
class Model:
    """BinaryModel: the residual through the gap D = P_G(a) - P_G(b) (PreferenceGap)."""

    def __init__(self, setting, prec):
        g, penalty, b, r, m = setting
        self.prec = prec
        with mp.workprec(prec):
            self.beta, self.ref, self.gamma = mpf(b), mpf(r), mpf(m)
            # D/beta and the direct-KL tilt e^{D/beta} are constant for groups of two (D = gamma)
            self.scaled = self.gamma / self.beta if g == "2" else None
            self.tilt = exp(self.scaled) if g == "2" and penalty == "direct" else None
        self.g, self.penalty = g, penalty

    def gap(self, p, derivative):
        """(D, D') with D' = None for groups of two."""
        if self.g == "2":
            return self.gamma, None
        if self.g == "inf":
            d = 1 / sqrt(p * (1 - p))
            return d, ((2 * p - 1) * d * d * d / 2 if derivative else None)
        u, v, du, dv = reward_sums(int(self.g), p, self.prec)[:4]
        return u + v, du + dv

    def value(self, p):
        with mp.workprec(self.prec):
            x = self.scaled if self.scaled is not None else self.gap(p, False)[0] / self.beta
            return self._residual(p, 1 - p, x)[0]

    def residual(self, p):
        with mp.workprec(self.prec):
            q = 1 - p
            d, dd = self.gap(p, True)
            x = self.scaled if self.scaled is not None else d / self.beta
            value, factor = self._residual(p, q, x)
            bend = q * dd / self.beta if dd is not None else None
            if self.penalty == "reverse":
                return value, factor + p * (x - bend if bend is not None else x)
            return value, (1 - self.ref) + self.ref * (factor * (1 - bend) if bend is not None else factor)

    def _residual(self, p, q, x):
        """F(p) and the factor F' reuses, from q = 1 - p and x = D/beta."""
        if self.penalty == "reverse":
            factor = 1 - q * x
            return p * factor - self.ref, factor
        tilt = self.tilt if self.tilt is not None else exp(x)
        return (1 - self.ref) * p - self.ref * q * tilt, tilt


def closed_form(setting, prec):
    g, penalty, b, r, m = setting
    with mp.workprec(prec):
        beta, ref, gamma = mpf(b), mpf(r), mpf(m)
        if g == "2" and penalty == "reverse":
            ratio = beta / gamma
            bb = 1 - ratio
            root = sqrt(bb * bb + 4 * ratio * ref)
            return (bb + root) / 2 if bb >= 0 else 2 * ratio * ref / (root - bb)
        if g == "inf":
            beta2 = beta * beta
            root = sqrt(4 * beta2 * ref * (1 - ref) + 1)
            return (2 * beta2 * ref + 1 + root) / (2 * (beta2 + 1))
        damping = exp(-(gamma / beta))
        return ref / (ref + damping * (1 - ref))


# --- solvers -----------------------------------------------------------------------------
def resolved(lo, hi, prec):
    return hi - lo <= max(abs(lo), abs(hi)) * mpf(2) ** (2 - prec)


def newton(model, lo, hi, prec, start=None):
    with mp.workprec(prec):
        x = (lo + hi) / 2
        if start is not None:
            s = +start
            if lo < s < hi:
                x = s
        previous = None
        for it in range(1, 10001):
            fx, dfx = model.residual(x)
            if fx == 0:
                return x, it
            if fx < 0:
                lo = x
            else:
                hi = x
            step = fx / dfx
            size = abs(step)
            negligible = size <= abs(x) * mpf(2) ** (2 - prec)
            stalled = previous is not None and size >= previous and size <= abs(x) * mpf(2) ** (-(prec // 2))
            if negligible or stalled:
                root = x - step
                model.value(root)
                return root, it
            nxt = x - step
            if not (lo < nxt < hi):
                nxt = (lo + hi) / 2
                previous = None
            else:
                previous = size
            x = nxt
            if resolved(lo, hi, prec):
                model.value(x)
                return x, it
        model.value(x)
        return x, 10000


def doubling_newton(setting, prec):
    p = min(64, prec)
    x = None
    iterations = 0
    while True:
        model = Model(setting, p)
        with mp.workprec(p):
            x, it = newton(model, +model.ref, mpf(1), p, x)
        iterations += it
        if p >= prec:
            return x, iterations
        p = min(2 * p, prec)


def bisection(setting, prec):
    model = Model(setting, prec)
    with mp.workprec(prec):
        lo, hi = +model.ref, mpf(1)
        budget = 4 * prec + 2100
        it = 0
        while it < budget and not resolved(lo, hi, prec):
            x = (lo + hi) / 2
            if x == lo or x == hi:
                break
            fx = model.value(x)
            it += 1
            if fx == 0:
                return x, it
            if fx < 0:
                lo = x
            else:
                hi = x
        x = (lo + hi) / 2
        model.value(x)
        return x, it


def at_two_precisions(run, setting, digits):
    p = bits_for_digits(digits, 64)
    a = run(setting, p)
    b = run(setting, p + 32)
    with mp.workprec(p + 32):
        return mp.nstr(b, digits)


# --- workloads ---------------------------------------------------------------------------
def w1():
    rows = 0
    for s in default_grid():
        at_two_precisions(lambda s, p: closed_form(s, p), s, 58)
        at_two_precisions(lambda s, p: doubling_newton(s, p)[0], s, 58)
        at_two_precisions(lambda s, p: bisection(s, p)[0], s, 58)
        rows += 1
    return "%d rows" % rows


def w2():
    with mp.workprec(256):
        mu = mpf("0.3")
    u, v, du, dv, terms = reward_sums(10**6, mu, 256)
    with mp.workprec(256):
        return "U = %s..., %d terms" % (mp.nstr(u, 20), terms)


W3_SETTING = ("4096", "reverse", "0.1", "0.3", "1")


def w3():
    value = at_two_precisions(lambda s, p: doubling_newton(s, p)[0], W3_SETTING, 1000)
    return value[:22] + "..."


def main(workloads, suffix="", extra=None):
    """`[--runs N] name...`: the median of N runs (default 3) of each named workload, as
    `name median-seconds note`; `extra` maps further commands (a lone argument) to functions
    returning an exit status."""
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    if extra and len(args) == 1 and args[0] in extra:
        sys.exit(extra[args[0]]())
    for name in args or list(workloads):
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            note = workloads[name]()
            times.append(time.perf_counter() - t)
        print("%s%s %.4f %s [min %.4f, max %.4f, backend %s]" % (
            name, suffix, statistics.median(times), note, min(times), max(times), libmp.BACKEND))


if __name__ == "__main__":
    main({"w1": w1, "w2": w2, "w3": w3})
