#!/usr/bin/env python3
"""Runs every console example of a Markdown file (README.md) and compares it with its output.

    python3 -B scripts/readme-examples.py README.md --binary .build/debug/grpo-verify

The rules:

* A console example is a fenced block opened by a line ```console and closed by a line ```
  (both may be indented; the opening fence's indentation is removed from the lines inside).
* In a block, a line `$ grpo-verify ARGS` is a command. ARGS are split as a POSIX shell splits
  words (quotes, backslashes, a `#` comment), and the binary is run with them directly: no
  shell, so no pipes, redirections, variables or globbing. Every `$` line must be a
  grpo-verify command, every block must hold at least one, and nothing may precede the first.
* The lines after a command, up to the next command or the end of the block, are its expected
  output: its stdout followed by its stderr (on a terminal the two interleave; the suite's one
  line on stderr comes after its stdout). Progress lines are switched off. The exit status is
  not compared: a failure shows in the output, as its line on stderr; a command killed by a
  signal gets a last line `<killed by signal N>`, and one running over TIMEOUT_SECONDS fails.
* Lines are compared whole, ignoring trailing whitespace. A line that is only `…` or `...`
  stands for any number of output lines, none included. Inside a line, `…` or `...` stands for
  any text, none included; everything else on the line must be equal.
* The commands of one block run in order in one fresh temporary directory (also their TMPDIR),
  with stdin closed; a block can write files there (`report --out DIR`) and read them in a later
  command. The directory is removed afterwards, so the check leaves nothing behind.

A mismatch prints the block's line in the file, the command, the first expected line that does
not match and the output line it was compared with. The summary "N commands in M blocks
matched" ends the run. Exit status: 0 if every command matched and there was at least one;
1 on a mismatch, a malformed block, a command that could not run or none at all; 2 on misuse
(bad arguments, an unreadable file, a binary that cannot be found).
"""

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

sys.dont_write_bytecode = True

ELLIPSES = ("…", "...")
PROGRAM = "grpo-verify"
# Longest a single example may run before it counts as a failure (a debug build is slow).
TIMEOUT_SECONDS = 600
# No progress lines on stderr: the first would come after a day.
ENVIRONMENT = {"GRPO_VERIFY_PROGRESS_SECONDS": "86400"}
OPENING = re.compile(r"^(\s*)```console\s*$")
CLOSING = re.compile(r"^\s*```\s*$")
ELLIPSIS = re.compile("|".join(re.escape(e) for e in ELLIPSES))


@dataclass
class Command:
    """One `$ grpo-verify ARGS` line and the output lines expected after it."""
    line: int                      # its line number in the file (from 1)
    text: str                      # the line after `$ `
    args: list                     # ARGS, split
    expected: list = field(default_factory=list)   # (line number, text) of each expected line


@dataclass
class Block:
    """One console block: the line of its opening fence and its commands."""
    line: int
    commands: list = field(default_factory=list)


@dataclass
class Mismatch:
    """Where matching stopped: an expected line (None: the end of the block) and the output line
    it was compared with (None: the end of the output); `elided` when it followed a `…` line,
    so no later output line matched it either."""
    expected: int | None
    actual: int | None
    elided: bool = False


def parse(text):
    """The console blocks of a Markdown text, and a list of (line number, problem) for malformed
    ones (a block without a command, a `$` line that is not grpo-verify, an unclosed fence)."""
    blocks, problems = [], []
    block, indent = None, ""
    expected = None   # where the lines after a `$` line go (nowhere after a bad one)
    for number, line in enumerate(text.splitlines(), start=1):
        if block is None:
            opening = OPENING.match(line)
            if opening:
                block, indent, expected, stray = Block(number), opening.group(1), None, False
            continue
        if CLOSING.match(line):
            if expected is None:
                problems.append((block.line, "console block without a `$ grpo-verify` command"))
            blocks.append(block)
            block = None
            continue
        if line.startswith(indent):
            line = line[len(indent):]
        if line == "$" or line.startswith("$ "):
            command = parse_command(number, line[1:].strip(), problems)
            expected = [] if command is None else command.expected
            if command is not None:
                block.commands.append(command)
        elif expected is not None:
            expected.append((number, line))
        elif not stray:
            problems.append((number, "output before the first command of the block"))
            stray = True
    if block is not None:
        problems.append((block.line, "console block not closed"))
    return blocks, sorted(problems)


def parse_command(number, text, problems):
    """The Command of a `$` line, or None with a problem noted."""
    try:
        words = shlex.split(text, comments=True)
    except ValueError as error:
        problems.append((number, f"cannot split `{text}`: {error}"))
        return None
    if not words or words[0] != PROGRAM:
        problems.append((number, f"`$ {text}` is not a {PROGRAM} command"))
        return None
    return Command(number, text, words[1:])


def line_pattern(expected):
    """The regular expression of one expected line: its text, with each `…` or `...` any text."""
    parts = ELLIPSIS.split(expected.rstrip())
    return re.compile(".*".join(re.escape(part) for part in parts), re.DOTALL)


def is_elision(expected):
    """Whether an expected line stands for any number of lines."""
    return expected.strip() in ELLIPSES


def match(expected, actual):
    """None if the output lines `actual` match the expected lines, else the Mismatch at the
    furthest expected line reached (the first output line it was compared with there)."""
    patterns = [None if is_elision(e) else line_pattern(e) for e in expected]
    actual = [a.rstrip() for a in actual]
    failures = {}   # expected index -> the first output index it failed at
    seen = set()

    def matches(i, j):
        """Whether expected[i:] matches actual[j:]."""
        if (i, j) in seen:
            return False
        seen.add((i, j))
        if i == len(expected):
            if j == len(actual):
                return True
            failures.setdefault(i, j)
            return False
        if patterns[i] is None:
            return any(matches(i + 1, k) for k in range(j, len(actual) + 1))
        if j < len(actual) and patterns[i].fullmatch(actual[j]):
            return matches(i + 1, j + 1)
        failures.setdefault(i, j)
        return False

    if matches(0, 0):
        return None
    furthest = max(failures)
    j = failures[furthest]
    elided = furthest > 0 and patterns[furthest - 1] is None
    return Mismatch(furthest if furthest < len(expected) else None,
                    j if j < len(actual) else None, elided)


def run_block(block, binary):
    """The output lines (stdout, then stderr) of each command of a block, run in order in one
    temporary directory that is removed afterwards. Raises OSError or TimeoutExpired."""
    outputs = []
    with tempfile.TemporaryDirectory(prefix="readme-examples-") as folder:
        environment = {**os.environ, **ENVIRONMENT, "TMPDIR": folder}
        for command in block.commands:
            done = subprocess.run([binary, *command.args], cwd=folder, env=environment,
                                  stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=TIMEOUT_SECONDS)
            text = (done.stdout.decode("utf-8", "replace").splitlines()
                    + done.stderr.decode("utf-8", "replace").splitlines())
            if done.returncode < 0:
                text.append(f"<killed by signal {-done.returncode}>")
            outputs.append(text)
    return outputs


def describe(name, block, command, actual, mismatch):
    """The report of a mismatch: where, which command, the expected and the actual line."""
    if mismatch.expected is None:
        expected = "(end of the example)"
    else:
        number, text = command.expected[mismatch.expected]
        expected = f"line {number}: {text}"
    if mismatch.actual is None:
        got = "(end of the output)"
    else:
        got = f"line {mismatch.actual + 1}: {actual[mismatch.actual]}"
    after = " (nor any later output line)" if mismatch.elided else ""
    return (f"{name}:{block.line}: the console block does not match its output\n"
            f"  command  (line {command.line}): $ {command.text}\n"
            f"  expected {expected}\n"
            f"  actual   output {got}{after}\n")


def check(text, binary, out, name="README.md"):
    """Checks every console block of a Markdown text against `binary`; writes the reports and
    the summary to `out` and returns the exit status (0 or 1)."""
    blocks, problems = parse(text)
    failed = False
    for number, problem in problems:
        out.write(f"{name}:{number}: {problem}\n")
        failed = True
    matched, commands = 0, 0
    for block in blocks:
        if not block.commands:
            continue
        try:
            outputs = run_block(block, binary)
        except (OSError, subprocess.TimeoutExpired) as error:
            out.write(f"{name}:{block.line}: cannot run the console block at line {block.line}: {error}\n")
            failed = True
            commands += len(block.commands)
            continue
        for command, actual in zip(block.commands, outputs):
            commands += 1
            mismatch = match([e for _, e in command.expected], actual)
            if mismatch is None:
                matched += 1
            else:
                out.write(describe(name, block, command, actual, mismatch))
                failed = True
    with_commands = sum(1 for block in blocks if block.commands)
    out.write(f"{matched} commands in {with_commands} blocks matched"
              + (f" ({commands - matched} did not)" if matched < commands else "") + "\n")
    if commands == 0:
        out.write(f"{name}: no console example to check\n")
        failed = True
    return 1 if failed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run the console examples of a Markdown file.")
    parser.add_argument("markdown", help="the file, e.g. README.md")
    parser.add_argument("--binary", required=True, help="the grpo-verify binary to run")
    arguments = parser.parse_args(argv)
    binary = shutil.which(arguments.binary) if os.sep not in arguments.binary else arguments.binary
    if binary is None or not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"readme-examples: --binary {arguments.binary}: not an executable file", file=sys.stderr)
        return 2
    try:
        with open(arguments.markdown, encoding="utf-8") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError) as error:
        print(f"readme-examples: {arguments.markdown}: {error}", file=sys.stderr)
        return 2
    return check(text, os.path.abspath(binary), sys.stdout, arguments.markdown)


if __name__ == "__main__":
    sys.exit(main())
