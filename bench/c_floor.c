/* The C floor of grpo-bench: W1's closed forms and Newton, and W2, in C over MPFR with the
 * suite's algorithms and no allocation in the hot loops.
 *
 *   gcc -O2 -o bench/c_floor bench/c_floor.c -lmpfr -lgmp
 *   bench/c_floor [--runs N] w1|w2 ...      prints `name median-seconds note`
 */
#include <limits.h>
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long bits_for_digits(long d, long guard) { return (d * 33219281 + 9999999) / 10000000 + guard; }

/* ---- U_G, V_G: recurrence from the mode, geometric tail bound (BinomialRewardSums) ---- */
static int bitlen(long n) { int b = 0; while (n) { b++; n >>= 1; } return b; }

static void binomial_weight(mpfr_t w, long n, long trials, mpfr_t mu, long prec) {
    long extra = prec + 2 * bitlen(trials) + 16;
    mpfr_t m, e, t;
    mpfr_inits2(extra, m, e, t, (mpfr_ptr)0);
    mpfr_set(m, mu, MPFR_RNDN);
    int sign;
    mpfr_set_si(t, trials + 1, MPFR_RNDN); mpfr_lgamma(e, &sign, t, MPFR_RNDN);
    mpfr_set_si(t, n + 1, MPFR_RNDN); mpfr_lgamma(t, &sign, t, MPFR_RNDN); mpfr_sub(e, e, t, MPFR_RNDN);
    mpfr_set_si(t, trials - n + 1, MPFR_RNDN); mpfr_lgamma(t, &sign, t, MPFR_RNDN); mpfr_sub(e, e, t, MPFR_RNDN);
    if (n > 0) { mpfr_log(t, m, MPFR_RNDN); mpfr_mul_si(t, t, n, MPFR_RNDN); mpfr_add(e, e, t, MPFR_RNDN); }
    if (trials - n > 0) {
        mpfr_si_sub(t, 1, m, MPFR_RNDN); mpfr_log(t, t, MPFR_RNDN);
        mpfr_mul_si(t, t, trials - n, MPFR_RNDN); mpfr_add(e, e, t, MPFR_RNDN);
    }
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_set(w, e, MPFR_RNDN);
    mpfr_clears(m, e, t, (mpfr_ptr)0);
}

static long tail_factor(double r) {
    double bound = r * (1 + 1e-9);
    return bound <= 0.999 ? (long)ceil(1 / (1 - bound)) : 0;
}

typedef struct { mpfr_t u, v, nu, nv, term; long terms; } acc_t;

static void acc_add(acc_t *a, mpfr_t w, long n, long g) {
    a->terms++;
    mpfr_set_si(a->term, g - 1 - n, MPFR_RNDN); mpfr_div_si(a->term, a->term, n + 1, MPFR_RNDN);
    mpfr_sqrt(a->term, a->term, MPFR_RNDN); mpfr_mul(a->term, a->term, w, MPFR_RNDN);
    mpfr_add(a->u, a->u, a->term, MPFR_RNDN);
    mpfr_mul_si(a->term, a->term, n, MPFR_RNDN); mpfr_add(a->nu, a->nu, a->term, MPFR_RNDN);
    if (n > 0) {
        mpfr_set_si(a->term, n, MPFR_RNDN); mpfr_div_si(a->term, a->term, g - n, MPFR_RNDN);
        mpfr_sqrt(a->term, a->term, MPFR_RNDN); mpfr_mul(a->term, a->term, w, MPFR_RNDN);
        mpfr_add(a->v, a->v, a->term, MPFR_RNDN);
        mpfr_mul_si(a->term, a->term, n, MPFR_RNDN); mpfr_add(a->nv, a->nv, a->term, MPFR_RNDN);
    }
}

static int negligible(acc_t *a, mpfr_t w, long factor, long prec) {
    if (mpfr_zero_p(w)) return 1;
    long e = LONG_MIN;
    if (mpfr_sgn(a->u) > 0) e = mpfr_get_exp(a->u);
    if (mpfr_sgn(a->v) > 0 && mpfr_get_exp(a->v) > e) e = mpfr_get_exp(a->v);
    if (e == LONG_MIN) return 0;
    return mpfr_get_exp(w) + bitlen(factor) <= e - 1 - (prec + 8);
}

/* out[0..3] = U, V, U', V' at mu in (0, 1), each of precision prec; returns the terms summed. */
static long reward_sums(mpfr_t *out, long g, mpfr_t mu, long prec) {
    long wp = prec + 2 * bitlen(g) + 16;
    mpfr_t m, om, ratio, inv, mw, w;
    acc_t a;
    mpfr_inits2(wp, m, om, ratio, inv, mw, w, a.u, a.v, a.nu, a.nv, a.term, (mpfr_ptr)0);
    a.terms = 0;
    mpfr_set(m, mu, MPFR_RNDN);
    mpfr_si_sub(om, 1, m, MPFR_RNDN);
    mpfr_div(ratio, m, om, MPFR_RNDN);
    mpfr_div(inv, om, m, MPFR_RNDN);
    double rb = mpfr_get_d(ratio, MPFR_RNDN) * (1 + 1e-12), ib = mpfr_get_d(inv, MPFR_RNDN) * (1 + 1e-12);
    long mode = (long)floor(mpfr_get_d(mu, MPFR_RNDN) * (double)(g - 1));
    if (mode < 0) mode = 0;
    if (mode > g - 1) mode = g - 1;
    binomial_weight(mw, mode, g - 1, m, wp);
    mpfr_set_si(a.u, 0, MPFR_RNDN); mpfr_set_si(a.v, 0, MPFR_RNDN);
    mpfr_set_si(a.nu, 0, MPFR_RNDN); mpfr_set_si(a.nv, 0, MPFR_RNDN);
    mpfr_set(w, mw, MPFR_RNDN);
    for (long n = mode; n <= g - 1; n++) {
        long k;
        if (n > mode && (k = tail_factor((double)(g - 1 - n) / (double)(n + 1) * rb)) && negligible(&a, w, 2 * g * g * k, prec))
            break;
        acc_add(&a, w, n, g);
        mpfr_mul_si(w, w, g - 1 - n, MPFR_RNDN); mpfr_div_si(w, w, n + 1, MPFR_RNDN); mpfr_mul(w, w, ratio, MPFR_RNDN);
    }
    mpfr_set(w, mw, MPFR_RNDN);
    for (long n = mode; n > 0;) {
        mpfr_mul_si(w, w, n, MPFR_RNDN); mpfr_div_si(w, w, g - n, MPFR_RNDN); mpfr_mul(w, w, inv, MPFR_RNDN);
        n--;
        long k = tail_factor((double)n / (double)(g - n) * ib);
        if (k && negligible(&a, w, 2 * g * g * k, prec)) break;
        acc_add(&a, w, n, g);
    }
    /* U' = (nU − (G−1)μ U)/(μ(1−μ)), likewise V'. */
    mpfr_mul(om, m, om, MPFR_RNDN);
    mpfr_mul_si(ratio, m, g - 1, MPFR_RNDN);
    mpfr_mul(inv, ratio, a.u, MPFR_RNDN); mpfr_sub(inv, a.nu, inv, MPFR_RNDN); mpfr_div(out[2], inv, om, MPFR_RNDN);
    mpfr_mul(inv, ratio, a.v, MPFR_RNDN); mpfr_sub(inv, a.nv, inv, MPFR_RNDN); mpfr_div(out[3], inv, om, MPFR_RNDN);
    mpfr_set(out[0], a.u, MPFR_RNDN);
    mpfr_set(out[1], a.v, MPFR_RNDN);
    long terms = a.terms;
    mpfr_clears(m, om, ratio, inv, mw, w, a.u, a.v, a.nu, a.nv, a.term, (mpfr_ptr)0);
    return terms;
}

/* ---- W1: closed forms and Newton on the stationarity residual ---- */
typedef struct { int g2; int direct; const char *beta, *ref, *margin; } setting_t;

typedef struct {
    long prec;
    mpfr_t beta, ref, gamma, gap, dgap, tilt, t1, t2, t3, c;   /* model constants and scratch */
} model_t;

static void model_init(model_t *m, const setting_t *s, long prec) {
    m->prec = prec;
    mpfr_inits2(prec, m->beta, m->ref, m->gamma, m->gap, m->dgap, m->tilt, m->t1, m->t2, m->t3, m->c, (mpfr_ptr)0);
    mpfr_set_str(m->beta, s->beta, 10, MPFR_RNDN);
    mpfr_set_str(m->ref, s->ref, 10, MPFR_RNDN);
    mpfr_set_str(m->gamma, s->margin, 10, MPFR_RNDN);
    if (s->g2 && s->direct) {                     /* constant tilt e^{γ/β} (BinaryModel.constantTilt) */
        mpfr_div(m->tilt, m->gamma, m->beta, MPFR_RNDN); mpfr_exp(m->tilt, m->tilt, MPFR_RNDN);
    }
}

static void model_clear(model_t *m) {
    mpfr_clears(m->beta, m->ref, m->gamma, m->gap, m->dgap, m->tilt, m->t1, m->t2, m->t3, m->c, (mpfr_ptr)0);
}

/* f = F(p) and, if df is not NULL, df = F'(p), through the gap Δ = P(a) − P(b)
 * (BinaryModel.stationarityResidual / stationarityResidualAndDerivative). */
static void residual(model_t *m, const setting_t *s, mpfr_t p, mpfr_t f, mpfr_t df) {
    mpfr_rnd_t r = MPFR_RNDN;
    if (s->g2) {                                  /* Δ = γ, Δ' = 0 */
        mpfr_set(m->gap, m->gamma, r); mpfr_set_si(m->dgap, 0, r);
    } else {                                      /* Δ = 1/sqrt(p(1−p)), Δ' = (2p − 1)Δ³/2 */
        mpfr_si_sub(m->t1, 1, p, r); mpfr_mul(m->t1, p, m->t1, r); mpfr_sqrt(m->t1, m->t1, r);
        mpfr_si_div(m->gap, 1, m->t1, r);
        if (df) {
            mpfr_mul_si(m->t2, p, 2, r); mpfr_sub_si(m->t2, m->t2, 1, r);
            mpfr_mul(m->t2, m->t2, m->gap, r); mpfr_mul(m->t2, m->t2, m->gap, r); mpfr_mul(m->t2, m->t2, m->gap, r);
            mpfr_div_si(m->dgap, m->t2, 2, r);
        }
    }
    mpfr_si_sub(m->t1, 1, p, r);                  /* q = 1 − p */
    if (!s->direct) {
        /* factor = 1 − qΔ/β; F = p factor − ref; F' = factor + p(Δ − qΔ')/β */
        mpfr_mul(m->c, m->t1, m->gap, r); mpfr_div(m->c, m->c, m->beta, r); mpfr_si_sub(m->c, 1, m->c, r);
        mpfr_mul(f, p, m->c, r); mpfr_sub(f, f, m->ref, r);
        if (df) {
            mpfr_mul(m->t2, m->t1, m->dgap, r); mpfr_sub(m->t2, m->gap, m->t2, r);
            mpfr_mul(m->t2, p, m->t2, r); mpfr_div(m->t2, m->t2, m->beta, r); mpfr_add(df, m->c, m->t2, r);
        }
    } else {
        /* F = (1−ref)p − ref q tilt; F' = (1−ref) + ref tilt (1 − qΔ'/β) */
        if (!s->g2) { mpfr_div(m->tilt, m->gap, m->beta, r); mpfr_exp(m->tilt, m->tilt, r); }
        mpfr_si_sub(m->t3, 1, m->ref, r); mpfr_mul(f, m->t3, p, r);
        mpfr_mul(m->t2, m->ref, m->t1, r); mpfr_mul(m->t2, m->t2, m->tilt, r); mpfr_sub(f, f, m->t2, r);
        if (df) {
            mpfr_mul(m->t2, m->t1, m->dgap, r); mpfr_div(m->t2, m->t2, m->beta, r); mpfr_si_sub(m->t2, 1, m->t2, r);
            mpfr_mul(m->t2, m->t2, m->tilt, r); mpfr_mul(m->t2, m->t2, m->ref, r); mpfr_add(df, m->t3, m->t2, r);
        }
    }
}

static void closed_form(mpfr_t out, const setting_t *s, long prec) {
    model_t m;
    model_init(&m, s, prec);
    mpfr_rnd_t r = MPFR_RNDN;
    if (s->g2 && !s->direct) {
        mpfr_div(m.c, m.beta, m.gamma, r); mpfr_si_sub(m.gap, 1, m.c, r);
        mpfr_mul(m.t1, m.gap, m.gap, r); mpfr_mul_si(m.t2, m.c, 4, r); mpfr_mul(m.t2, m.t2, m.ref, r);
        mpfr_add(m.t1, m.t1, m.t2, r); mpfr_sqrt(m.t1, m.t1, r);
        if (mpfr_sgn(m.gap) >= 0) { mpfr_add(out, m.gap, m.t1, r); mpfr_div_si(out, out, 2, r); }
        else {
            mpfr_mul_si(m.t2, m.c, 2, r); mpfr_mul(m.t2, m.t2, m.ref, r);
            mpfr_sub(m.t1, m.t1, m.gap, r); mpfr_div(out, m.t2, m.t1, r);
        }
    } else if (!s->g2) {
        mpfr_mul(m.c, m.beta, m.beta, r);
        mpfr_mul_si(m.t1, m.c, 4, r); mpfr_mul(m.t1, m.t1, m.ref, r); mpfr_si_sub(m.t2, 1, m.ref, r);
        mpfr_mul(m.t1, m.t1, m.t2, r); mpfr_add_si(m.t1, m.t1, 1, r); mpfr_sqrt(m.t1, m.t1, r);
        mpfr_mul_si(m.t2, m.c, 2, r); mpfr_mul(m.t2, m.t2, m.ref, r); mpfr_add_si(m.t2, m.t2, 1, r);
        mpfr_add(m.t2, m.t2, m.t1, r); mpfr_add_si(m.t3, m.c, 1, r); mpfr_mul_si(m.t3, m.t3, 2, r);
        mpfr_div(out, m.t2, m.t3, r);
    } else {
        mpfr_div(m.c, m.gamma, m.beta, r); mpfr_neg(m.c, m.c, r); mpfr_exp(m.c, m.c, r);
        mpfr_si_sub(m.t1, 1, m.ref, r); mpfr_mul(m.t1, m.c, m.t1, r); mpfr_add(m.t1, m.ref, m.t1, r);
        mpfr_div(out, m.ref, m.t1, r);
    }
    model_clear(&m);
}

/* Safeguarded Newton in [lo, hi] from `x` (SafeguardedNewton.solve); x holds the root. */
static long newton(model_t *m, const setting_t *s, mpfr_t x, mpfr_t lo, mpfr_t hi, int from_x) {
    long prec = m->prec;
    mpfr_t fx, dfx, step, size, prev, bound, nxt, scale;
    mpfr_inits2(prec, fx, dfx, step, size, prev, bound, nxt, scale, (mpfr_ptr)0);
    int have_prev = 0;
    if (!(from_x && mpfr_greater_p(x, lo) && mpfr_less_p(x, hi))) {
        mpfr_add(x, lo, hi, MPFR_RNDN); mpfr_div_2si(x, x, 1, MPFR_RNDN);
    }
    long it;
    for (it = 1; it <= 10000; it++) {
        residual(m, s, x, fx, dfx);
        if (mpfr_zero_p(fx)) break;
        if (mpfr_sgn(fx) < 0) mpfr_set(lo, x, MPFR_RNDN); else mpfr_set(hi, x, MPFR_RNDN);
        mpfr_div(step, fx, dfx, MPFR_RNDN);
        mpfr_abs(size, step, MPFR_RNDN);
        mpfr_abs(bound, x, MPFR_RNDN); mpfr_mul_2si(bound, bound, 2 - prec, MPFR_RNDN);
        int negligible = mpfr_lessequal_p(size, bound);
        mpfr_abs(bound, x, MPFR_RNDN); mpfr_mul_2si(bound, bound, -(prec / 2), MPFR_RNDN);
        int stalled = have_prev && mpfr_greaterequal_p(size, prev) && mpfr_lessequal_p(size, bound);
        if (mpfr_number_p(step) && (negligible || stalled)) {
            mpfr_sub(x, x, step, MPFR_RNDN);
            residual(m, s, x, fx, NULL);
            break;
        }
        mpfr_sub(nxt, x, step, MPFR_RNDN);
        if (!mpfr_number_p(step) || !(mpfr_greater_p(nxt, lo) && mpfr_less_p(nxt, hi))) {
            mpfr_add(nxt, lo, hi, MPFR_RNDN); mpfr_div_2si(nxt, nxt, 1, MPFR_RNDN);
            have_prev = 0;
        } else {
            mpfr_set(prev, size, MPFR_RNDN);
            have_prev = 1;
        }
        mpfr_set(x, nxt, MPFR_RNDN);
        /* resolved: hi − lo ≤ max(|lo|, |hi|) 2^{2−prec} */
        mpfr_sub(bound, hi, lo, MPFR_RNDN);
        mpfr_abs(scale, lo, MPFR_RNDN); mpfr_abs(size, hi, MPFR_RNDN);
        if (mpfr_less_p(scale, size)) mpfr_set(scale, size, MPFR_RNDN);
        mpfr_mul_2si(scale, scale, 2 - prec, MPFR_RNDN);
        if (mpfr_lessequal_p(bound, scale)) { residual(m, s, x, fx, NULL); break; }
    }
    mpfr_clears(fx, dfx, step, size, prev, bound, nxt, scale, (mpfr_ptr)0);
    return it;
}

/* Newton at 64, 128, … bits up to prec (PrecisionDoublingNewton). */
static void doubling_newton(mpfr_t out, const setting_t *s, long prec) {
    long p = prec < 64 ? prec : 64;
    mpfr_t x, lo, hi;
    mpfr_init2(x, p);
    for (int first = 1;; first = 0) {
        model_t m;
        model_init(&m, s, p);
        mpfr_inits2(p, lo, hi, (mpfr_ptr)0);
        mpfr_set(lo, m.ref, MPFR_RNDN); mpfr_set_si(hi, 1, MPFR_RNDN);
        mpfr_prec_round(x, p, MPFR_RNDN);
        newton(&m, s, x, lo, hi, !first);
        mpfr_clears(lo, hi, (mpfr_ptr)0);
        model_clear(&m);
        if (p >= prec) break;
        p = 2 * p < prec ? 2 * p : prec;
    }
    mpfr_set_prec(out, mpfr_get_prec(x));
    mpfr_set(out, x, MPFR_RNDN);
    mpfr_clear(x);
}

static const char *BETAS[] = {"0.001", "0.01", "0.04", "0.1", "0.5", "1", "2", "10"};
static const char *REFS[] = {"0.001", "0.01", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "0.99", "0.999"};
static const char *MARGINS[] = {"0.25", "0.5", "1"};

static char note[256];

/* The digits of `fine` that survive its error |fine − coarse| + ulp (PolicyCheck.outcome and
 * Interval.commonDigits): both ends of [fine − e, fine + e], rounded outward, are printed
 * to d digits from an exponent estimate down until they agree; `out` gets fine to d digits. */
static int earned_digits(mpfr_t fine, mpfr_t coarse, int cap, char *out) {
    long prec = mpfr_get_prec(fine);
    mpfr_t e, lo, hi;
    mpfr_inits2(prec, e, lo, hi, (mpfr_ptr)0);
    mpfr_sub(e, fine, coarse, MPFR_RNDN); mpfr_abs(e, e, MPFR_RNDN);
    mpfr_set_ui_2exp(lo, 1, mpfr_get_exp(fine) - prec, MPFR_RNDN); mpfr_add(e, e, lo, MPFR_RNDN);
    mpfr_sub(lo, fine, e, MPFR_RNDD); mpfr_add(hi, fine, e, MPFR_RNDU);
    mpfr_sub(e, hi, lo, MPFR_RNDN);
    long scale = mpfr_get_exp(mpfr_cmpabs(lo, hi) >= 0 ? lo : hi);
    int d = (int)((double)(scale - mpfr_get_exp(e) + 1) * 0.30103) + 1;
    if (d > cap) d = cap;
    if (d < 1) d = 1;
    char a[128], b[128];
    mpfr_exp_t ea, eb;
    for (; d >= 1; d--) {
        mpfr_get_str(a, &ea, 10, d, lo, MPFR_RNDN);
        mpfr_get_str(b, &eb, 10, d, hi, MPFR_RNDN);
        if (ea == eb && !strcmp(a, b)) break;
    }
    if (d >= 1) mpfr_get_str(out, &ea, 10, d, fine, MPFR_RNDN);
    mpfr_clears(e, lo, hi, (mpfr_ptr)0);
    return d;
}

static void w1(void) {
    long rows = 0, passed = 0;
    long p = bits_for_digits(58, 64);
    mpfr_t coarse[2], fine[2];
    for (int i = 0; i < 2; i++) { mpfr_init2(coarse[i], p); mpfr_init2(fine[i], p + 32); }
    char buf[2][128];
    for (int kind = 0; kind < 3; kind++) {             /* G = 2 reverse, G = 2 direct, G = ∞ */
        for (int b = 0; b < 8; b++)
            for (int r = 0; r < 13; r++)
                for (int g = 0; g < 3; g++) {
                    if (kind == 2 && g < 2) continue;
                    setting_t s = {kind < 2, kind == 1, BETAS[b], REFS[r], MARGINS[g]};
                    closed_form(coarse[0], &s, p); closed_form(fine[0], &s, p + 32);
                    doubling_newton(coarse[1], &s, p); doubling_newton(fine[1], &s, p + 32);
                    int ok = 1;
                    for (int i = 0; i < 2; i++) ok &= earned_digits(fine[i], coarse[i], 58, buf[i]) == 58;
                    passed += ok && !strcmp(buf[0], buf[1]);
                    rows++;
                }
    }
    for (int i = 0; i < 2; i++) { mpfr_clear(coarse[i]); mpfr_clear(fine[i]); }
    snprintf(note, sizeof note, "%ld rows, %ld with 58 digits earned and agreeing", rows, passed);
}

static void w2(void) {
    mpfr_t out[4], mu;
    for (int i = 0; i < 4; i++) mpfr_init2(out[i], 256);
    mpfr_init2(mu, 256);
    mpfr_set_str(mu, "0.3", 10, MPFR_RNDN);
    long terms = reward_sums(out, 1000000, mu, 256);
    char u[64];
    mpfr_snprintf(u, sizeof u, "%.20Rg", out[0]);
    snprintf(note, sizeof note, "U = %s..., %ld terms", u, terms);
    for (int i = 0; i < 4; i++) mpfr_clear(out[i]);
    mpfr_clear(mu);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int runs = 5;
    double times[101];
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--runs") && i + 1 < argc) { runs = atoi(argv[++i]); if (runs > 101) runs = 101; continue; }
        void (*f)(void) = !strcmp(argv[i], "w1") ? w1 : !strcmp(argv[i], "w2") ? w2 : NULL;
        if (!f) { fprintf(stderr, "c_floor: unknown workload %s (w1, w2)\n", argv[i]); return 2; }
        for (int k = 0; k < runs; k++) { double t = now(); f(); times[k] = now() - t; }
        qsort(times, runs, sizeof times[0], cmp);
        double median = runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
        printf("%s %.4f %s [min %.4f, max %.4f]\n", argv[i], median, note, times[0], times[runs - 1]);
        mpfr_free_cache();
    }
    return 0;
}
