"""Tests of the grpo_verify package (standard library only).

Run from the repository root (what `make test` does):

    GRPO_VERIFY_BIN=.build/debug/grpo-verify python3 -B -m unittest discover -s python/tests

It works from inside python/ too (`python3 -B -m unittest discover -s tests`): paths are taken
relative to this file. The package is imported from the source tree (python/grpo_verify), not
from an installed copy. Tests that run the binary are skipped when GRPO_VERIFY_BIN is not set.

Expected values are computed here, independently of the binary, in `decimal` at 60 digits from
the paper's formulas as stated in proofs/: (14) for G = 2 (proofs/eq14-closed-form-g2.md), (15)
for G = inf (eq15-closed-form-large-g.md), the logit shift of the direct KL penalty at G = 2
(direct-kl-g2.md), for several answers the stationarity condition (11) with (12) for
Bernoulli rewards, solved by bisection on the success rate, and the alignment objective F_G(μ)
and its derivative W_G(μ) by their binomial sums over every term (alignment-objective.md). Every temporary file is made in a
tempfile.TemporaryDirectory and removed.
"""

import decimal
import math
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from unittest import mock

sys.dont_write_bytecode = True
TESTS = Path(__file__).resolve().parent
PYTHON = TESTS.parent
REPO = PYTHON.parent
GOLDEN = REPO / "proofs" / "golden"
sys.path.insert(0, str(PYTHON))

import grpo_verify as gv  # noqa: E402
from grpo_verify import _argv  # noqa: E402

BIN = os.environ.get("GRPO_VERIFY_BIN", "")
needs_binary = unittest.skipUnless(BIN, "GRPO_VERIFY_BIN is not set: tests that run the binary skipped")

PREC = 60


# --- Independent references (decimal, 60 digits) -------------------------------------------

def ctx():
    return decimal.localcontext(decimal.Context(prec=PREC))


def eq14(beta, pref, margin="1"):
    """(14): p = ((1 - r) + sqrt((1 - r)^2 + 4 r p_ref)) / 2 with r = beta/gamma, the positive
    root of p^2 - (1 - r) p - r p_ref (from (17): beta (p - p_ref) = gamma p (1 - p)). For
    r > 1 the same root as 2 r p_ref / (sqrt(disc) - (1 - r)), which does not cancel."""
    with ctx():
        beta, pref, margin = Decimal(beta), Decimal(pref), Decimal(margin)
        r = beta / margin
        disc = (1 - r) ** 2 + 4 * r * pref
        if r > 1:
            return 2 * r * pref / (disc.sqrt() - (1 - r))
        return ((1 - r) + disc.sqrt()) / 2


def eq15(beta, pref):
    """(15), G = inf: p = (2 b^2 p_ref + 1 + sqrt(1 + 4 b^2 p_ref (1 - p_ref))) / (2 (1 + b^2))."""
    with ctx():
        b2, pref = Decimal(beta) ** 2, Decimal(pref)
        return (2 * b2 * pref + 1 + (1 + 4 * b2 * pref * (1 - pref)).sqrt()) / (2 * (1 + b2))


def direct_g2(beta, pref, margin="1"):
    """Direct KL, G = 2: logit p = logit p_ref + gamma/beta, i.e.
    p = p_ref / (p_ref + exp(-gamma/beta) (1 - p_ref))."""
    with ctx():
        beta, pref, margin = Decimal(beta), Decimal(pref), Decimal(margin)
        return pref / (pref + (-margin / beta).exp() * (1 - pref))


def several_answers_g2(beta, refs, successes):
    """G = 2, reverse KL, population normalisation, Bernoulli rewards s_o. By (12),
    P_2(o|pi) = P[r > r'] - P[r < r'] = s_o - mu with mu = sum pi(o') s_o', so E_pi P_2 = 0 and
    (11) gives pi(o) = beta p_ref(o) / (beta - s_o + mu). mu is the root of
    f(mu) = sum_o beta p_ref(o) / (beta - s_o + mu) - 1 on mu > max(s_o) - beta, where f
    decreases from +inf to -1; bisection to 200 halvings (then sum pi = 1 and mu = sum pi s)."""
    with ctx():
        beta = Decimal(beta)
        refs = [Decimal(x) for x in refs]
        successes = [Decimal(x) for x in successes]

        def f(mu):
            return sum(beta * p / (beta - s + mu) for p, s in zip(refs, successes)) - 1

        lo = max(successes) - beta  # f(lo+) = +inf: never evaluated at lo itself
        hi = lo + 1
        while f(hi) > 0:
            hi += 1
        for _ in range(220):
            mid = (lo + hi) / 2
            if mid == lo or mid == hi:
                break
            if f(mid) > 0:
                lo = mid
            else:
                hi = mid
        mu = (lo + hi) / 2
        return mu, [beta * p / (beta - s + mu) for p, s in zip(refs, successes)]


def ulp(printed):
    """One unit in the last printed place of a Decimal."""
    return Decimal(1).scaleb(printed.as_tuple().exponent)


class DecimalAsserts(unittest.TestCase):
    def assertAgreesToPrintedDigits(self, printed, exact, digits):
        """`printed` has exactly `digits` significant digits and is `exact` correctly rounded
        to them: |printed - exact| <= half a unit in its last place."""
        self.assertIsInstance(printed, Decimal)
        self.assertEqual(len(printed.as_tuple().digits), digits, f"{printed} has not {digits} digits")
        with ctx():
            self.assertLessEqual(abs(printed - exact), ulp(printed) / 2,
                                 f"printed {printed}, independent value {exact}")


# --- Keyword arguments -> argv (no binary) -------------------------------------------------

class ArgvTests(unittest.TestCase):
    def test_names_dashes(self):
        self.assertEqual(_argv.flags({"group_size": 64}), ["--group-size", "64"])
        self.assertEqual(_argv.flag_name("max_seconds"), "--max-seconds")
        self.assertEqual(_argv.flag_name("display_digits"), "--display-digits")

    def test_keywords_become_flags_in_order(self):
        argv = _argv.command_argv("solve", (), dict(group_size=64, beta="0.04", ref="0.3", digits=40))
        self.assertEqual(argv, ["solve", "--format", "json", "--group-size", "64", "--beta", "0.04",
                                "--ref", "0.3", "--digits", "40"])

    def test_lists_and_tuples_become_comma_lists(self):
        self.assertEqual(_argv.flags({"ref": [0.5, 0.3, 0.2]}), ["--ref", "0.5,0.3,0.2"])
        self.assertEqual(_argv.flags({"ref": ("0.5", Decimal("0.3"), 0)}), ["--ref", "0.5,0.3,0"])
        self.assertEqual(_argv.flags({"group_size": [2, "inf"]}), ["--group-size", "2,inf"])

    def test_matrix_rows_joined_with_semicolons(self):
        self.assertEqual(_argv.flags({"m": [[1, 2], ["0.5", Decimal("0.25")]]}), ["--m", "1,2;0.5,0.25"])
        with self.assertRaises(TypeError):
            _argv.flags({"m": [[1, 2], 3]})

    def test_true_is_a_bare_flag_false_and_none_are_omitted(self):
        self.assertEqual(_argv.flags({"certify": True}), ["--certify"])
        self.assertEqual(_argv.flags({"certify": False, "margin": None, "beta": "1"}), ["--beta", "1"])

    def test_exact_values_pass_through(self):
        long = "0.300000000000000000000000000000000000000000000000001"
        self.assertEqual(_argv.flags({"ref": long}), ["--ref", long])
        self.assertEqual(_argv.flags({"ref": Decimal(long)}), ["--ref", long])
        self.assertEqual(_argv.flags({"beta": Decimal("0.30")}), ["--beta", "0.30"])
        self.assertEqual(_argv.flags({"beta": Decimal("1E-7")}), ["--beta", "1E-7"])
        self.assertEqual(_argv.flags({"digits": 10 ** 3}), ["--digits", "1000"])

    def test_floats_are_written_with_repr(self):
        self.assertEqual(_argv.flags({"beta": 0.1}), ["--beta", "0.1"])
        self.assertEqual(_argv.flags({"beta": 1e-05}), ["--beta", "1e-05"])
        self.assertEqual(_argv.flags({"group_size": float("inf")}), ["--group-size", "inf"])
        with self.assertRaises(ValueError):
            _argv.flags({"beta": float("nan")})
        with self.assertRaises(ValueError):
            _argv.flags({"beta": Decimal("NaN")})

    def test_a_value_starting_with_a_dash_is_attached(self):
        self.assertEqual(_argv.flags({"beta": "-1"}), ["--beta=-1"])
        self.assertEqual(_argv.flags({"beta": -1}), ["--beta=-1"])

    def test_refused_values(self):
        for bad in (Fraction(1, 3), object(), b"0.1"):
            with self.assertRaises(TypeError):
                _argv.flags({"beta": bad})
        with self.assertRaises(TypeError):
            _argv.flags({"ref": [True, False]})
        with self.assertRaises(ValueError):
            _argv.flags({"ref": []})
        with self.assertRaises(TypeError):
            _argv.flag_name("_private")

    def test_paths(self):
        self.assertEqual(_argv.flags({"golden": Path("proofs/golden/solve-g2.json")}),
                         ["--golden", "proofs/golden/solve-g2.json"])

    def test_format_json_only_where_supported_and_not_given(self):
        self.assertEqual(_argv.command_argv("table", (), {})[:3], ["table", "--format", "json"])
        self.assertEqual(_argv.command_argv("check", (), {"golden": "f.json"}), ["check", "--golden", "f.json"])
        self.assertEqual(_argv.command_argv("report", (), {"out": "r"}), ["report", "--out", "r"])
        self.assertEqual(_argv.command_argv("solve", (), {"format": None}), ["solve", "--format", "json"])
        self.assertEqual(_argv.command_argv("prove", (), {"format": "markdown"}),
                         ["prove", "--format", "markdown"])
        self.assertEqual(_argv.command_argv("merge", ("a.json", "-b.json"), {}),
                         ["merge", "--format", "json", "--", "a.json", "-b.json"])
        with self.assertRaises(ValueError):
            _argv.command_argv("solve; rm", (), {})

    def test_solve_refuses_another_format_before_running(self):
        with mock.patch.dict(os.environ, {"GRPO_VERIFY_BIN": "/nonexistent/grpo-verify"}):
            with self.assertRaises(ValueError):
                gv.solve(beta="0.1", ref="0.3", format="text")

    def test_binary_not_found(self):
        with mock.patch.dict(os.environ, {"GRPO_VERIFY_BIN": "/nonexistent/grpo-verify"}):
            with self.assertRaises(gv.BinaryNotFound) as caught:
                gv.solve(beta="0.1", ref="0.3")
            self.assertIn("GRPO_VERIFY_BIN", caught.exception.message)
            self.assertIsInstance(caught.exception, gv.GrpoVerifyError)
        with mock.patch.dict(os.environ, {"GRPO_VERIFY_BIN": "", "PATH": ""}):
            with self.assertRaises(gv.BinaryNotFound):
                gv.find_binary()


# --- JSON -> dataclasses (no binary) -------------------------------------------------------

class ParseTests(unittest.TestCase):
    def test_golden_solve_file(self):
        s = gv.read_solution(GOLDEN / "solve-g2.json")
        self.assertEqual(s.policy, Decimal("0.9723413450036468346975681075460853417963"))
        self.assertEqual(str(s.policy), "0.9723413450036468346975681075460853417963")
        self.assertEqual(s.digits, 40)
        lower, upper = s.enclosure
        self.assertLess(lower, upper)
        self.assertLessEqual(abs(lower - s.policy), ulp(s.policy))
        self.assertLessEqual(abs(upper - s.policy), ulp(s.policy))
        self.assertEqual(set(s.methods), {"closed-form", "newton", "bisection", "grpo"})
        self.assertEqual(s.methods["newton"].iterations, 11)
        self.assertIsNone(s.methods["closed-form"].residual)
        self.assertEqual(s.setting["beta"], "0.04")
        self.assertEqual(s.provenance["command"], "solve")
        self.assertTrue(s.verified)

    def test_future_shapes_and_unknown_keys(self):
        text = """{"digits": 7, "policy": ["0.5000000", "0.2500000", "?"],
                   "enclosure": [["0.49999999", "0.50000001"], ["0.24999999", "0.25000001"],
                                 ["0", "1"]],
                   "methods": {"new-method": {"policy": ["0.5000000", "?", "?"], "digits": 0,
                               "iterations": 3, "residual": null, "converged": false,
                               "something": [1.5, 2]}},
                   "a_key_of_a_later_schema": {"x": 1.25}, "verified": false}"""
        s = gv.results.Solution.from_json(gv.loads(text))
        self.assertEqual(s.policy, [Decimal("0.5000000"), Decimal("0.2500000"), None])
        self.assertEqual(s.enclosure[1], (Decimal("0.24999999"), Decimal("0.25000001")))
        self.assertEqual(len(s.enclosure), 3)
        m = s.methods["new-method"]
        self.assertEqual(m.value, [Decimal("0.5000000"), None, None])
        self.assertEqual(m.raw["something"], [Decimal("1.5"), 2])
        self.assertIsInstance(m.raw["something"][1], int)
        self.assertEqual(s.raw["a_key_of_a_later_schema"], {"x": Decimal("1.25")})
        self.assertFalse(s.verified)
        self.assertEqual(s.setting, {})

    def test_duplicate_keys_refused(self):
        with self.assertRaises(ValueError):
            gv.loads('{"a": 1, "a": 2}')

    def test_table_cells(self):
        t = gv.read_table(GOLDEN / "finite-groups.json")
        self.assertEqual(t.columns[0], "group_size")
        self.assertEqual(t.rows[0]["group_size"], Decimal(2))
        self.assertEqual(t.rows[0]["gap_ratio"], "-")
        self.assertEqual(t.column("limit")[0], Decimal("0.9951441667577501936397568749041265705111"))
        self.assertEqual(t.provenance["command"], "report")


# --- Against the binary --------------------------------------------------------------------

@needs_binary
class SolveTests(DecimalAsserts):
    def test_closed_form_14_groups_of_two(self):
        cases = [("0.1", "0.3", "1", 40), ("0.04", "0.3", "1", 30), ("2", "0.3", "0.5", 30),
                 ("1", "0.2", "1", 25), ("0.01", "0.001", "0.25", 50), ("10", "0.999", "1", 20)]
        for beta, pref, margin, digits in cases:
            with self.subTest(beta=beta, ref=pref, margin=margin):
                s = gv.solve(beta=beta, ref=pref, margin=margin, digits=digits)
                self.assertAgreesToPrintedDigits(s.policy, eq14(beta, pref, margin), digits)
                self.assertEqual(s.digits, digits)
                self.assertIsNone(s.enclosure)
                for name, method in s.methods.items():
                    self.assertAgreesToPrintedDigits(method.value, eq14(beta, pref, margin), digits)
        # beta = gamma: sqrt(p_ref) (proofs/g2-beta-equals-margin.md)
        s = gv.solve(beta="0.5", ref="0.2", margin="0.5", digits=45)
        with ctx():
            self.assertAgreesToPrintedDigits(s.policy, Decimal("0.2").sqrt(), 45)

    def test_certified_enclosure_contains_the_closed_form(self):
        s = gv.solve(beta=Decimal("0.1"), ref="0.3", digits=40, certify=True)
        exact = eq14("0.1", "0.3")
        lower, upper = s.enclosure
        self.assertIsInstance(lower, Decimal)
        self.assertLessEqual(lower, exact)
        self.assertLessEqual(exact, upper)
        self.assertGreaterEqual(s.certified_digits, 40)
        self.assertTrue(s.agreement_certified)
        self.assertAgreesToPrintedDigits(s.policy, exact, 40)

    def test_large_groups_15_and_direct_kl(self):
        s = gv.solve(group_size="inf", beta="0.1", ref="0.3", digits=40, certify=True)
        self.assertAgreesToPrintedDigits(s.policy, eq15("0.1", "0.3"), 40)
        lower, upper = s.enclosure
        self.assertTrue(lower <= eq15("0.1", "0.3") <= upper)
        s = gv.solve(beta="0.5", ref="0.2", margin="0.5", penalty="direct", digits=40)
        self.assertAgreesToPrintedDigits(s.policy, direct_g2("0.5", "0.2", "0.5"), 40)

    def test_float_arguments_as_documented(self):
        s = gv.solve(beta=0.1, ref=0.3)   # repr: "0.1", "0.3"
        self.assertEqual(s.provenance["beta"], "0.1")
        self.assertEqual(s.policy, gv.solve(beta="0.1", ref="0.3").policy)

    def test_three_answers(self):
        refs, successes = ["0.5", "0.3", "0.2"], ["0.9", "0.5", "0.1"]
        s = gv.solve(beta="0.1", ref=refs, success=successes, digits=40)
        self.assertIsInstance(s.policy, list)
        self.assertEqual(len(s.policy), 3)
        self.assertTrue(all(p > 0 for p in s.policy))
        with ctx():
            total = sum(s.policy)
            slack = sum(ulp(p) for p in s.policy)  # one unit in the last printed place of each
            self.assertLessEqual(abs(total - 1), slack, f"sum {total}")
        mu, expected = several_answers_g2("0.1", refs, successes)
        for printed, exact in zip(s.policy, expected):
            self.assertAgreesToPrintedDigits(printed, exact, 40)
        self.assertEqual(s.setting["references"], refs)
        self.assertEqual(len(s.stationary_policies), 1)
        self.assertAgreesToPrintedDigits(s.stationary_policies[0].success_rate, mu, 40)
        self.assertEqual(set(s.methods), {"success-rate", "grpo", "continuation"})
        self.assertIsNone(s.enclosure)
        certified = gv.solve(beta="0.1", ref=refs, success=successes, digits=40, certify=True)
        self.assertEqual(len(certified.enclosure), 3)
        for (lower, upper), exact in zip(certified.enclosure, expected):
            self.assertTrue(lower <= exact <= upper, f"{exact} outside [{lower}, {upper}]")

    def test_input_error(self):
        with self.assertRaises(gv.InputError) as caught:
            gv.solve(beta="-1", ref="0.3")
        e = caught.exception
        self.assertEqual(e.status, 2)
        self.assertIn("--beta", e.message)
        self.assertEqual(len(e.message.splitlines()), 1)
        self.assertTrue(e.message.startswith("grpo-verify:"))
        self.assertEqual(e.command[0], os.path.abspath(BIN))
        self.assertEqual(e.command[1:], ["solve", "--format", "json", "--beta=-1", "--ref", "0.3"])
        self.assertIsNone(e.result)
        self.assertIsInstance(e, gv.GrpoVerifyError)
        with self.assertRaises(gv.InputError) as caught:
            gv.solve(beta="0.1", ref="0.3", no_such_flag=1)
        self.assertIn("--no-such-flag", caught.exception.message)
        with self.assertRaises(gv.InputError) as caught:
            gv.solve(beta="0.1", ref=["0.5", "0.3", "0.2"], preference=[["0", "0.6", "0"], ["0.5", "0", "0"], ["0", "0", "0"]])
        self.assertIn("--preference", caught.exception.message)

    def test_exit_1_without_output(self):
        # G = 10^6 at 1000 digits takes seconds; the limit of 1 ms stops the run at its first check.
        with self.assertRaises(gv.VerificationFailed) as caught:
            gv.solve(group_size=1000000, beta="0.1", ref="0.3", digits=1000, max_seconds="0.001")
        e = caught.exception
        self.assertEqual(e.status, 1)
        self.assertIn("--max-seconds", e.message)
        self.assertIsNone(e.result)


def alignment_objective(group, mu):
    """F_G(μ) = E_{k ~ Bin(G, μ)}[g_G(k)], g_G(k) = (1/G) Σ_{j<k} (sqrt((G−1−j)/(j+1)) +
    sqrt(j/(G−j))) (proofs/alignment-objective.md), summed over every k with exact binomial
    coefficients."""
    with ctx():
        m, level, total = Decimal(mu), Decimal(0), Decimal(0)
        for k in range(group + 1):
            total += Decimal(math.comb(group, k)) * m ** k * (1 - m) ** (group - k) * level
            if k < group:
                level += ((Decimal(group - 1 - k) / (k + 1)).sqrt() + (Decimal(k) / (group - k)).sqrt()) / group
        return total


def advantage_scale(group, mu):
    """W_G(μ) = U_G(μ) + V_G(μ), every term (proofs/finite-g-exact-sums.md)."""
    with ctx():
        m = Decimal(mu)
        return sum(Decimal(math.comb(group - 1, n)) * m ** n * (1 - m) ** (group - 1 - n)
                   * ((Decimal(group - 1 - n) / (n + 1)).sqrt() + (Decimal(n) / (group - n)).sqrt())
                   for n in range(group))


@needs_binary
class ObjectiveTests(DecimalAsserts):
    def test_objective_and_derivative_against_the_sums(self):
        o = gv.objective(group_size=8, success_rate="0.3", digits=40)
        self.assertIsInstance(o, gv.Objective)
        self.assertAgreesToPrintedDigits(o.objective, alignment_objective(8, "0.3"), 40)
        self.assertAgreesToPrintedDigits(o.derivative, advantage_scale(8, "0.3"), 40)
        lower, upper = o.enclosure
        self.assertTrue(lower <= alignment_objective(8, "0.3") <= upper)
        self.assertEqual((o.digits, o.verified, o.group_size, o.normalisation), (40, True, "8", "population"))
        self.assertEqual(o.certified_digits, {"objective": 40, "derivative": 40})
        self.assertEqual(o.provenance["command"], "objective")
        self.assertEqual(gv.objective(group_size=2, success_rate="0.3").objective, Decimal("0.3"))  # F_2(μ) = μ

    def test_large_groups_at_zero(self):
        o = gv.objective(group_size="inf", success_rate="0", digits=10)
        self.assertEqual(o.objective, 0)
        self.assertEqual(o.derivative, Decimal("Infinity"))
        self.assertIsNone(o.derivative_enclosure)
        self.assertIsNone(o.certified_digits["derivative"])

    def test_input_error_and_rounding_tie(self):
        with self.assertRaises(gv.InputError) as caught:
            gv.objective(group_size=8, success_rate="1.5")
        self.assertIn("--success-rate", caught.exception.message)
        with self.assertRaises(gv.VerificationFailed) as caught:
            gv.objective(group_size=2, success_rate="0.123455", digits=5)   # F_2 = μ: a tie at 5 digits
        self.assertEqual(caught.exception.result.objective, Decimal("0.1235"))


@needs_binary
class TableTests(DecimalAsserts):
    def test_table_against_the_closed_forms(self):
        t = gv.table(beta=["0.1", "0.2"], ref="0.3")
        self.assertEqual(len(t.rows), 14)  # 2 beta x (3 margins x 2 penalties at G = 2 + 1 at inf)
        for row in t.rows:
            beta, pref, margin = row["beta"], row["reference"], row["confidence_margin"]
            if row["group_size"] == "inf":
                exact = eq15(beta, pref)
            elif row["penalty"] == "direct":
                exact = direct_g2(beta, pref, margin)
            else:
                exact = eq14(beta, pref, margin)
            for column in ("closed-form", "newton", "bisection", "grpo"):
                with self.subTest(row=row, column=column):
                    self.assertAgreesToPrintedDigits(row[column], exact, 30)
        self.assertEqual(t.summary["rows checked"], "14")

    def test_certified_table(self):
        t = gv.table(beta="0.1", ref="0.3", group_size=2, penalty="reverse", margin=1, certify=True)
        (row,) = t.rows
        self.assertTrue(row["enclosure_lower"] <= eq14("0.1", "0.3") <= row["enclosure_upper"])


@needs_binary
class CheckTests(unittest.TestCase):
    def test_golden_passes(self):
        result = gv.check(golden=GOLDEN / "solve-g2.json")
        self.assertTrue(result.passed)
        self.assertEqual(result.status, 0)
        self.assertTrue(result.text.startswith("ok:"))
        self.assertEqual(result.mismatches, [])

    def test_tampered_copy_fails(self):
        original = (GOLDEN / "solve-g2.json").read_text(encoding="utf-8")
        value = "0.9723413450036468346975681075460853417963"
        self.assertIn(value, original)
        with tempfile.TemporaryDirectory() as folder:
            tampered = Path(folder) / "solve-g2.json"
            tampered.write_text(original.replace(value, value[:-1] + "4"), encoding="utf-8")
            result = gv.check(golden=str(tampered))
            self.assertFalse(result.passed)
            self.assertEqual(result.status, 1)
            self.assertIn("FAILED", result.text)
            self.assertEqual(len(result.mismatches), 5)
            self.assertIn("expected", result.mismatches[0])
            self.assertIn("differ", result.message)
            # The generic run raises on the same exit status, with the output attached.
            with self.assertRaises(gv.VerificationFailed) as caught:
                gv.run("check", golden=tampered)
            self.assertIn("FAILED", caught.exception.result.text)
            # Not a golden file: exit status 2.
            (Path(folder) / "bad.json").write_text('{"a": 1, "a": 2}', encoding="utf-8")
            with self.assertRaises(gv.InputError) as caught:
                gv.check(golden=Path(folder) / "bad.json")
            self.assertIn("duplicate key", caught.exception.message)


@needs_binary
class RunTests(unittest.TestCase):
    def test_run_json_command(self):
        out = gv.run("threshold", ref="0.3", digits=20)
        self.assertEqual(out.status, 0)
        self.assertIn("--format", out.command)
        self.assertEqual(out.raw["provenance"]["command"], "threshold")
        self.assertIn("verified", out.raw)

    def test_run_table_shaped_command(self):
        t = gv.run("variants", ref=["0.5", "0.5"], success=["0.9", "0.1"], beta="0.1", digits=10).as_table()
        self.assertTrue(t.rows)
        self.assertEqual(t.provenance["command"], "variants")
        self.assertIn("pi_1", t.columns)
        with self.assertRaises(ValueError):
            gv.run("threshold", ref="0.3", digits=20).as_table()

    def test_run_text_when_asked(self):
        out = gv.run("solve", beta="0.1", ref="0.3", format="text")
        self.assertIsNone(out.raw)
        self.assertIn("0.932182538049647749788001552372", out.text)

    def test_version(self):
        self.assertTrue(gv.version())


class FakeBinaryTests(unittest.TestCase):
    """Exit status 1 with JSON on stdout, as `solve` prints it when the methods disagree: the
    real binary gives that only on a defect, so a stand-in script prints it. The script also
    records the argv it was given."""

    SOLUTION = """{
  "provenance": {"command": "solve", "schema": "1"},
  "setting": {"group_size": "2", "beta": "0.1", "reference": "0.3"},
  "digits": 30,
  "policy": null,
  "methods": {
    "newton": {"value": "0.93218253804964", "digits": 14, "iterations": 11,
               "residual": "3.32e-60", "converged": true, "precision_bits": 196},
    "grpo": {"value": "?", "digits": 0, "iterations": 100000, "residual": "0.5",
             "converged": false, "precision_bits": 196}
  },
  "agreement_digits": 0,
  "failure": "grpo did not converge",
  "verified": false
}
"""

    def fake(self, folder, stdout, status, stderr):
        script = Path(folder) / "grpo-verify"
        (Path(folder) / "out.json").write_text(stdout, encoding="utf-8")
        script.write_text(
            f"#!{sys.executable}\n"
            "import sys, pathlib\n"
            "here = pathlib.Path(__file__).parent\n"
            "(here / 'argv.txt').write_text('\\n'.join(sys.argv[1:]))\n"
            "sys.stdout.write((here / 'out.json').read_text())\n"
            f"sys.stderr.write({stderr!r})\n"
            f"sys.exit({status})\n", encoding="utf-8")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        return script

    def test_exit_1_with_json_attaches_the_solution(self):
        with tempfile.TemporaryDirectory() as folder:
            script = self.fake(folder, self.SOLUTION, 1,
                               "grpo-verify: solve: the methods agree to 0 of 30 digits\n")
            with mock.patch.dict(os.environ, {"GRPO_VERIFY_BIN": str(script)}):
                with self.assertRaises(gv.VerificationFailed) as caught:
                    gv.solve(beta="0.1", ref=[Decimal("0.3")], certify=True, margin=None)
            e = caught.exception
            self.assertEqual(e.status, 1)
            self.assertEqual(e.message, "grpo-verify: solve: the methods agree to 0 of 30 digits")
            self.assertEqual(e.command, [str(script), "solve", "--format", "json", "--beta", "0.1",
                                         "--ref", "0.3", "--certify"])
            self.assertEqual((Path(folder) / "argv.txt").read_text().split("\n"), e.command[1:])
            s = e.result
            self.assertIsInstance(s, gv.Solution)
            self.assertIsNone(s.policy)
            self.assertFalse(s.verified)
            self.assertEqual(s.failure, "grpo did not converge")
            self.assertEqual(s.methods["newton"].value, Decimal("0.93218253804964"))
            self.assertIsNone(s.methods["grpo"].value)
            self.assertFalse(s.methods["grpo"].converged)

    def test_garbage_on_success_is_an_error(self):
        with tempfile.TemporaryDirectory() as folder:
            script = self.fake(folder, "not json", 0, "")
            with mock.patch.dict(os.environ, {"GRPO_VERIFY_BIN": str(script)}):
                with self.assertRaises(gv.GrpoVerifyError) as caught:
                    gv.solve(beta="0.1", ref="0.3")
            self.assertEqual(caught.exception.status, 0)
            self.assertNotIsInstance(caught.exception, (gv.InputError, gv.VerificationFailed))

    def test_other_status(self):
        with tempfile.TemporaryDirectory() as folder:
            script = self.fake(folder, "", 3, "grpo-verify: something else\n")
            with mock.patch.dict(os.environ, {"GRPO_VERIFY_BIN": str(script)}):
                with self.assertRaises(gv.GrpoVerifyError) as caught:
                    gv.table()
            self.assertEqual(caught.exception.status, 3)
            self.assertIn("something else", caught.exception.message)


class ReadmeTests(unittest.TestCase):
    def test_readme_shows_the_example_verbatim(self):
        readme = (PYTHON.parent / "README.md").read_text(encoding="utf-8")
        example = (PYTHON / "example.py").read_text(encoding="utf-8")
        self.assertIn("```python\n" + example + "```", readme)


@needs_binary
class ExampleTests(unittest.TestCase):
    def test_example_runs_verbatim(self):
        with tempfile.TemporaryDirectory() as folder:
            env = dict(os.environ, GRPO_VERIFY_BIN=os.path.abspath(BIN), PYTHONPATH=str(PYTHON),
                       PYTHONDONTWRITEBYTECODE="1", TMPDIR=folder)
            done = subprocess.run([sys.executable, str(PYTHON / "example.py")], cwd=folder,
                                  env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  text=True, timeout=120)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(os.listdir(folder), [])
        lines = done.stdout.splitlines()
        # (14) at G = 2: p = ((1 - r) + sqrt((1 - r)^2 + 4 r p_ref)) / 2, r = beta = 0.1, p_ref = 0.3.
        with decimal.localcontext() as context:
            context.prec = 60
            r, ref = Decimal("0.1"), Decimal("0.3")
            exact = ((1 - r) + ((1 - r) ** 2 + 4 * r * ref).sqrt()) / 2
            context.prec = 40
            expected = +exact
        self.assertEqual(lines[0], f"pi(a) = {expected}")
        lower, upper = (Decimal(x) for x in lines[1].split()[1:3])
        self.assertTrue(lower <= exact <= upper, lines[1])
        self.assertEqual(len([line for line in lines if line.startswith("pi(o")]), 3)
        self.assertTrue(lines[-1].startswith("refused: grpo-verify: --beta:"))


def _offline_wheel_build():
    """Whether this interpreter's pip and setuptools can build a wheel without the network:
    setuptools >= 70.1 has bdist_wheel itself, older ones need the wheel package. Looked up
    without importing them (importing setuptools here would patch distutils in this process)."""
    from importlib import metadata, util
    if util.find_spec("pip") is None or util.find_spec("setuptools") is None:
        return False
    if util.find_spec("wheel") is not None:
        return True
    try:
        version = metadata.version("setuptools")
    except metadata.PackageNotFoundError:
        return False
    parts = []
    for piece in version.split(".")[:2]:
        digits = "".join(c for c in piece if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts) >= (70, 1)


class InstallTests(unittest.TestCase):
    """`pip install` of a copy of python/ (so that setuptools' build/ and egg-info are not
    written into the repository) into a venv made with `python3 -m venv` in a temporary folder,
    which is removed with everything pip made (TMPDIR points into it, no pip cache).

    Offline where this interpreter can build wheels (a venv that sees the system's pip and
    setuptools, --no-index --no-build-isolation); otherwise as a user would, a venv with its own
    pip (ensurepip) that fetches setuptools from the package index for the isolated build. Skipped,
    saying why, where ensurepip is missing or the index cannot be reached."""

    def test_pip_install_into_a_temporary_venv(self):
        offline = _offline_wheel_build()
        if not offline:
            try:
                import ensurepip  # noqa: F401
            except ImportError:
                self.skipTest("ensurepip missing (Debian: apt-get install python3-venv), and no "
                              "offline wheel build: pip install not checked")
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            env = dict(os.environ, TMPDIR=folder, PIP_DISABLE_PIP_VERSION_CHECK="1",
                       PIP_NO_INPUT="1", PIP_NO_CACHE_DIR="1", PIP_RETRIES="1",
                       PIP_TIMEOUT="20", PYTHONDONTWRITEBYTECODE="1")
            env.pop("PYTHONPATH", None)
            source = root / "src"
            shutil.copytree(PYTHON, source, ignore=shutil.ignore_patterns(
                "__pycache__", "build", "*.egg-info", "tests"))
            venv_flags = ["--without-pip", "--system-site-packages"] if offline else []
            made = subprocess.run([sys.executable, "-m", "venv", *venv_flags, str(root / "venv")],
                                  env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=300)
            if made.returncode != 0:
                self.skipTest("python3 -m venv failed (ensurepip missing?): "
                              + made.stderr.strip()[-300:])
            python = root / "venv" / "bin" / "python"
            pip_flags = ["--no-index", "--no-build-isolation"] if offline else []
            done = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", *pip_flags,
                                   str(source)], env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=300)
            log = done.stdout[-3000:] + done.stderr[-3000:]
            unreachable = ("satisfies the requirement setuptools", "No matching distribution found",
                           "NewConnectionError", "Network is unreachable", "Temporary failure in name",
                           "ReadTimeoutError", "ConnectTimeoutError", "Could not fetch URL")
            if done.returncode != 0 and not offline and any(text in log for text in unreachable):
                self.skipTest("the isolated build could not fetch setuptools from the package "
                              "index (offline?): pip install not checked")
            self.assertEqual(done.returncode, 0, log)
            probe = subprocess.run(
                [str(python), "-c", "import grpo_verify; print(grpo_verify.__file__); "
                 "print(grpo_verify.__version__)"],
                env=env, cwd=folder, stdin=subprocess.DEVNULL, capture_output=True, text=True)
            self.assertEqual(probe.returncode, 0, probe.stderr)
            installed, version = probe.stdout.splitlines()
            self.assertTrue(installed.startswith(str(root / "venv")), installed)
            self.assertEqual(version, gv.__version__)


if __name__ == "__main__":
    unittest.main()
