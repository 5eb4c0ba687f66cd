"""Tests of scripts/readme-examples.py (standard library only): the matcher and its elision
rules, the parsing of console blocks, the reports of mismatches and the exit statuses.

    python3 -B -m unittest discover -s scripts/tests

Commands are run with ordinary system programs (`echo`, `sh`) standing in for the binary; the
sample lines are made up for the rules, not output of the suite.
"""

import importlib.util
import io
import os
import shutil
import sys
import tempfile
import unittest
from contextlib import redirect_stderr
from pathlib import Path

sys.dont_write_bytecode = True
SCRIPT = Path(__file__).resolve().parents[1] / "readme-examples.py"
_spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
rx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rx)

ECHO = shutil.which("echo")
SH = shutil.which("sh")
FENCE = "```"


def console(*lines, indent=""):
    """A console block of the given lines, as Markdown."""
    return "\n".join(indent + line for line in [FENCE + "console", *lines, FENCE]) + "\n"


def run_check(text, binary=ECHO):
    """The exit status and the report of `check` on a Markdown text."""
    out = io.StringIO()
    status = rx.check(text, binary, out)
    return status, out.getvalue()


class Match(unittest.TestCase):
    """`match`: None when the output fits, else where it stops."""

    def assertMismatch(self, expected, actual, at, got, elided=False):
        self.assertEqual(rx.match(expected, actual), rx.Mismatch(at, got, elided))

    def test_equal_lines_match(self):
        lines = ["setting: x = 0.25", "", "value  0.123456789"]
        self.assertIsNone(rx.match(lines, list(lines)))

    def test_a_changed_digit_fails(self):
        self.assertMismatch(["a", "value 0.123456789", "b"], ["a", "value 0.123456788", "b"], 1, 1)

    def test_a_missing_output_line_fails(self):
        self.assertMismatch(["a", "b"], ["a"], 1, None)

    def test_an_extra_output_line_fails(self):
        self.assertMismatch(["a"], ["a", "b"], None, 1)

    def test_no_output_matches_an_empty_example_only(self):
        self.assertIsNone(rx.match([], []))
        self.assertMismatch([], ["a"], None, 0)
        self.assertMismatch(["a"], [], 0, None)

    def test_trailing_whitespace_is_ignored_leading_is_not(self):
        self.assertIsNone(rx.match(["a  b"], ["a  b   "]))
        self.assertIsNone(rx.match(["a  b  "], ["a  b"]))
        self.assertMismatch(["a"], ["  a"], 0, 0)

    def test_an_elision_line_stands_for_any_number_of_lines(self):
        for ellipsis in rx.ELLIPSES:
            for middle in ([], ["x"], ["x", "y", "z"]):
                with self.subTest(ellipsis=ellipsis, middle=middle):
                    self.assertIsNone(rx.match(["a", ellipsis, "b"], ["a", *middle, "b"]))

    def test_an_elision_line_may_be_indented(self):
        self.assertIsNone(rx.match(["a", "  …", "b"], ["a", "x", "b"]))

    def test_elision_at_the_start_and_the_end(self):
        self.assertIsNone(rx.match(["…", "b", "..."], ["x", "y", "b", "z"]))
        self.assertIsNone(rx.match(["…"], []))

    def test_the_lines_around_an_elision_are_still_compared(self):
        self.assertMismatch(["a", "…", "b 0.5"], ["a", "x", "b 0.6"], 2, 1, elided=True)
        self.assertMismatch(["a 1", "…", "b"], ["a 2", "x", "b"], 0, 0)

    def test_elision_backtracks(self):
        # The first "x" after the elision is not the one that lets the rest match.
        self.assertIsNone(rx.match(["a", "…", "x", "y"], ["a", "x", "z", "x", "y"]))

    def test_the_order_of_lines_around_elisions_matters(self):
        self.assertIsNotNone(rx.match(["…", "b", "…", "a", "…"], ["a", "b"]))

    def test_an_ellipsis_inside_a_line_stands_for_any_text(self):
        for ellipsis in rx.ELLIPSES:
            expected = f"near 0.9097{ellipsis}, 0.9234{ellipsis}"
            for actual in ("near 0.9097, 0.9234", "near 0.90978723, 0.92343048; more"):
                with self.subTest(expected=expected, actual=actual):
                    self.assertIsNone(rx.match([expected], [actual]))

    def test_the_text_around_an_ellipsis_inside_a_line_must_be_equal(self):
        self.assertMismatch(["near 0.9097…, 0.9234…"], ["near 0.9098123, 0.9234"], 0, 0)
        self.assertMismatch(["| row | … |"], ["| row | 0.04 | extra"], 0, 0)
        self.assertMismatch(["a … b"], ["a x\nb"], 0, 0)

    def test_other_text_is_literal(self):
        self.assertIsNone(rx.match(["(1.5) [a-z]* x.y"], ["(1.5) [a-z]* x.y"]))
        self.assertMismatch(["x.y"], ["xzy"], 0, 0)
        self.assertMismatch(["a..b"], ["aXYb"], 0, 0)


class Parse(unittest.TestCase):
    """`parse`: the commands of console blocks, their expected lines and malformed blocks."""

    def test_commands_and_expected_lines_with_their_line_numbers(self):
        text = "# Title\n\n" + console(
            "$ grpo-verify solve --formula \"2*beta\" --ref 0.3  # a comment",
            "out 1", "", "out 2",
            "$ grpo-verify prove")
        blocks, problems = rx.parse(text)
        self.assertEqual(problems, [])
        self.assertEqual(len(blocks), 1)
        self.assertEqual(blocks[0].line, 3)
        first, second = blocks[0].commands
        self.assertEqual((first.line, first.args), (4, ["solve", "--formula", "2*beta", "--ref", "0.3"]))
        self.assertEqual(first.expected, [(5, "out 1"), (6, ""), (7, "out 2")])
        self.assertEqual((second.line, second.args, second.expected), (8, ["prove"], []))

    def test_other_blocks_are_ignored(self):
        text = FENCE + "sh\n$ grpo-verify prove\n" + FENCE + "\n" + FENCE + "text\n$ other\n" + FENCE + "\n"
        self.assertEqual(rx.parse(text), ([], []))

    def test_an_indented_block_loses_its_indentation(self):
        blocks, problems = rx.parse(console("$ grpo-verify prove", "  two spaces", indent="   "))
        self.assertEqual(problems, [])
        self.assertEqual(blocks[0].commands[0].expected, [(3, "  two spaces")])

    def test_malformed_blocks_are_problems(self):
        cases = {
            "without a command": (console("output only"), [1, 2]),
            "empty": (console(), [1]),
            "another program": (console("$ ls -l", "total 0"), [2]),
            "output first": (console("stray", "$ grpo-verify prove"), [2]),
            "unbalanced quote": (console("$ grpo-verify solve --formula \"2*beta"), [2]),
            "unclosed": (FENCE + "console\n$ grpo-verify prove\n", [1]),
        }
        for name, (text, lines) in cases.items():
            with self.subTest(name):
                _, problems = rx.parse(text)
                self.assertEqual([line for line, _ in problems], lines)


class Check(unittest.TestCase):
    """`check` with a stand-in binary: statuses, the report and the summary."""

    def test_matching_examples_pass_with_a_summary(self):
        text = console("$ grpo-verify pi = 0.25", "pi = 0.25", "$ grpo-verify a", "…") + console(
            "$ grpo-verify 'quoted  words'", "quoted  words")
        self.assertEqual(run_check(text), (0, "3 commands in 2 blocks matched\n"))

    def test_a_changed_digit_is_reported_with_its_lines(self):
        text = "intro\n\n" + console("$ grpo-verify pi = 0.25", "pi = 0.26")
        status, report = run_check(text)
        self.assertEqual(status, 1)
        self.assertIn("README.md:3:", report)
        self.assertIn("$ grpo-verify pi = 0.25", report)
        self.assertIn("line 5: pi = 0.26", report)
        self.assertIn("output line 1: pi = 0.25", report)
        self.assertTrue(report.endswith("0 commands in 1 blocks matched (1 did not)\n"))

    def test_one_mismatch_fails_the_file(self):
        text = console("$ grpo-verify ok", "ok") + console("$ grpo-verify ok", "not ok")
        status, report = run_check(text)
        self.assertEqual(status, 1)
        self.assertTrue(report.endswith("1 commands in 2 blocks matched (1 did not)\n"))

    def test_stderr_follows_stdout(self):
        script = "'echo error >&2; echo out'"
        self.assertEqual(run_check(console(f"$ grpo-verify -c {script}", "out", "error"), SH)[0], 0)
        self.assertEqual(run_check(console(f"$ grpo-verify -c {script}", "error", "out"), SH)[0], 1)
        self.assertEqual(run_check(console(f"$ grpo-verify -c {script}", "out"), SH)[0], 1)

    def test_nothing_to_check_fails(self):
        status, report = run_check("# No examples\n\n" + FENCE + "sh\nmake test\n" + FENCE + "\n")
        self.assertEqual(status, 1)
        self.assertIn("0 commands in 0 blocks matched", report)

    def test_a_block_without_a_command_fails(self):
        status, report = run_check(console("$ grpo-verify ok", "ok") + console("no command"))
        self.assertEqual(status, 1)
        self.assertIn("without a `$ grpo-verify` command", report)

    def test_a_binary_that_cannot_run_fails(self):
        with tempfile.TemporaryDirectory() as folder:
            status, report = run_check(console("$ grpo-verify x", "x"), os.path.join(folder, "missing"))
        self.assertEqual(status, 1)
        self.assertIn("cannot run", report)


class Folder(unittest.TestCase):
    """`run_block`: one temporary directory per block, also TMPDIR, removed afterwards."""

    def test_commands_share_a_temporary_directory_that_is_removed(self):
        blocks, _ = rx.parse(console(
            "$ grpo-verify -c 'pwd; echo \"$TMPDIR\"; mkdir out; echo x > out/file'",
            "$ grpo-verify -c 'cat out/file'"))
        first, second = rx.run_block(blocks[0], SH)
        folder, temporary = first
        self.assertEqual(folder, temporary)
        self.assertEqual(Path(folder).parent, Path(tempfile.gettempdir()).resolve())
        self.assertEqual(second, ["x"])
        self.assertFalse(os.path.exists(folder))

    def test_progress_lines_are_switched_off(self):
        blocks, _ = rx.parse(console("$ grpo-verify -c 'echo \"$GRPO_VERIFY_PROGRESS_SECONDS\"'"))
        (output,) = rx.run_block(blocks[0], SH)
        self.assertGreaterEqual(float(output[0]), 86400)


class Main(unittest.TestCase):
    """`main`: exit status 2 on misuse."""

    def test_misuse_is_status_2(self):
        with tempfile.TemporaryDirectory() as folder:
            markdown = os.path.join(folder, "README.md")
            with open(markdown, "w", encoding="utf-8") as file:
                file.write(console("$ grpo-verify ok", "ok"))
            quiet = io.StringIO()
            with redirect_stderr(quiet):
                self.assertEqual(rx.main([markdown, "--binary", os.path.join(folder, "missing")]), 2)
                self.assertEqual(rx.main([markdown, "--binary", markdown]), 2)   # not executable
                self.assertEqual(rx.main([os.path.join(folder, "absent.md"), "--binary", ECHO]), 2)
                with self.assertRaises(SystemExit) as raised:
                    rx.main([markdown])
                self.assertEqual(raised.exception.code, 2)
            self.assertIn("--binary", quiet.getvalue())


if __name__ == "__main__":
    unittest.main()
