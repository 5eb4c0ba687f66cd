#ifndef GRPO_VERIFY_CMPFR_SHIM_H
#define GRPO_VERIFY_CMPFR_SHIM_H

#include <stdio.h>
#include <gmp.h>
#include <mpfr.h>

/* Function forms of MPFR macros that Swift cannot import. */
static inline int cmpfr_sgn(mpfr_srcptr x) { return mpfr_sgn(x); }
static inline mpfr_prec_t cmpfr_get_prec(mpfr_srcptr x) { return mpfr_get_prec(x); }
static inline mpfr_exp_t cmpfr_get_exp(mpfr_srcptr x) { return mpfr_get_exp(x); }
static inline mpfr_flags_t cmpfr_flags_all(void) { return MPFR_FLAGS_ALL; }

#endif
