#!/usr/bin/env python3
"""Runs the hostile corpus (corpus.py) against a grpo-verify binary.

Every case runs in a fresh temporary folder with stdin closed, and must end cleanly: not killed
by a signal, within the time limit, exit status 0, 1 or 2, exactly one line on stderr starting
`grpo-verify:` when the status is not 0, nothing on stdout with status 2, and a status the case
allows (no corrupted golden or shard file accepted). Prints counts by outcome, then one line per
failing case, and exits 1 if there is any.

    python3 Tests/Hostile/hostile.py --binary .build/debug/grpo-verify [--seed N] [--keep DIR]
"""

import argparse
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from corpus import OK, Case, Fixtures, Special  # noqa: E402

SEED = 250218548
WORKERS = 2
# The slowest valid cases of the other subcommands (`variants` at five digits) take under 2 s in a
# debug build on an idle core; 10 s leaves room for a loaded shared machine. A case still running then is hanging (on a FIFO,
# an endless device) or doing runaway work (a grid expanded before it is counted): a failure.
TIMEOUT = 10
# `prove` (the whole claims checklist) and `report` (every table) are the slow subcommands
# (`Subcommand.slow`): a valid run does several seconds of work in a debug build, so they get
# three times the limit, which still ends a hang.
SLOW_TIMEOUT = 30


def timeout(case):
    """The wall-clock limit of one case."""
    spec = corpus.SUBCOMMANDS.get(case.argv[0]) if case.argv else None
    return SLOW_TIMEOUT if spec is not None and spec.slow else TIMEOUT
# Address space of each run: the suite needs about 160 MiB; 4 GiB keeps an endless input from
# taking a shared machine's memory.
MEMORY_KIB = 4 << 20
MINIMUM_INVOCATIONS = 400
MINIMUM_GOLDEN_CORRUPTIONS = 120
REPOSITORY = Path(__file__).resolve().parents[2]
# The process closes stdin, caps its address space and core files, then becomes the binary.
LAUNCH = f'ulimit -v {MEMORY_KIB}; ulimit -c 0; exec "$@" 0<&-'

FRESH = {
    "fresh-table.json": ["table", "--group-size", "2,8,inf", "--penalty", "reverse,direct", "--beta", "0.1,1",
                         "--ref", "0.3,0.7", "--margin", "0.5,1", "--digits", "12", "--format", "json", "--certify",
                         "--threads", "1"],
    corpus.HUGE_TARGET: ["solve", "--beta", "0.04", "--ref", "0.3", "--digits", "12", "--format", "json", "--certify"],
    "fresh-solve-g8.json": ["solve", "--group-size", "8", "--beta", "0.5", "--ref", "0.6", "--digits", "12",
                            "--format", "json", "--method", "newton,bisection"],
    "fresh-solve-inf.json": ["solve", "--group-size", "inf", "--beta", "2", "--ref", "0.1", "--digits", "12",
                             "--format", "json"],
}
FRESH_MACROS = {
    "fresh-macros.tex": ["table", "--group-size", "2,inf", "--penalty", "reverse", "--beta", "0.1,1", "--ref", "0.3,0.7",
                         "--margin", "1", "--digits", "12", "--format", "latex-macros", "--certify", "--threads", "1"],
    "fresh-solve-g8.tex": ["solve", "--group-size", "8", "--beta", "0.5", "--ref", "0.6", "--digits", "12",
                           "--format", "latex", "--method", "newton,bisection"],
}
SHARD_GRID = ["table", "--group-size", "2", "--penalty", "reverse", "--beta", "0.1,1", "--ref", "0.3,0.7",
              "--margin", "0.5,1", "--format", "json", "--threads", "1"]


class Run:
    """Runs cases in fresh folders under one temporary root, killing what is still running at exit."""

    def __init__(self, binary, root):
        self.binary = binary
        self.root = root
        self.live = set()
        self.stopped = False
        self.lock = threading.Lock()

    def execute(self, case):
        """(exit status or None on timeout, stdout, stderr, seconds)."""
        folder = tempfile.mkdtemp(dir=self.root)
        try:
            materialise(case.files, folder)
            env = dict(os.environ, TMPDIR=folder, SWIFT_BACKTRACE="enable=no")
            stdout = open("/dev/full", "wb") if case.stdout_full else subprocess.PIPE
            start = time.monotonic()
            process = subprocess.Popen(["/bin/sh", "-c", LAUNCH, "sh", self.binary, *case.argv], cwd=folder,
                                       stdout=stdout, stderr=subprocess.PIPE, env=env, start_new_session=True)
            with self.lock:
                self.live.add(process)
                if self.stopped:
                    os.killpg(process.pid, signal.SIGKILL)
            try:
                out, err = process.communicate(timeout=timeout(case))
                status = process.returncode
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                out, err = process.communicate()
                status = None
            finally:
                with self.lock:
                    self.live.discard(process)
                if case.stdout_full:
                    stdout.close()
            return status, out or b"", err, time.monotonic() - start
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def stop(self):
        with self.lock:
            self.stopped = True
            for process in self.live:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def materialise(files, folder):
    for name, content in files.items():
        path = os.path.join(folder, name)
        if isinstance(content, Special):
            if content.kind == "fifo":
                os.mkfifo(path)
            elif content.kind == "folder":
                os.mkdir(path)
            elif content.kind == "loop":
                os.symlink(name, path)
            else:
                with open(path, "wb") as f:
                    f.truncate(content.size)
        else:
            with open(path, "wb") as f:
                f.write(content)


def problems(case, status, out, err):
    """What is wrong with one run, or an empty list."""
    if status is None:
        return [f"timed out after {timeout(case)} s"]
    if status < 0:
        return [f"killed by {signal.Signals(-status).name}"]
    if status not in (0, 1, 2):
        return [f"exit status {status}"]
    found = []
    if status != 0:
        lines = err.count(b"\n") + (bool(err) and not err.endswith(b"\n"))
        if lines != 1:
            found.append(f"{lines} lines on stderr with exit {status}, expected one")
        elif not err.endswith(b"\n"):
            found.append("no newline at the end of stderr")
        elif not err.startswith(b"grpo-verify:"):
            found.append("stderr does not start with 'grpo-verify:'")
    if status == 2 and out:
        found.append(f"{len(out)} bytes on stdout with exit 2")
    if status not in case.expect:
        wanted = " or ".join(map(str, sorted(case.expect)))
        found.append(("accepted (exit 0)" if status == 0 else f"exit {status}") + f", expected {wanted}")
    if case.verify and out:
        problem = case.verify(out)
        if problem:
            found.append(problem)
    return found


def shell_word(arg):
    """`arg` as one word a POSIX shell (bash for $'…') reads back exactly."""
    if isinstance(arg, corpus.Long):
        return f'"$(python3 -c "print({arg.shown}, end=\'\')")"'
    if arg.isprintable() and not re.search(r"[\ud800-\udfff]", arg):
        return shlex.quote(arg)
    escaped = "".join(chr(b) if 0x20 <= b < 0x7f and chr(b) not in "'\\" else f"\\x{b:02x}"
                      for b in os.fsencode(arg))
    return f"$'{escaped}'"


def describe(case):
    command = "grpo-verify " + " ".join(map(shell_word, case.argv))
    return f"{case.name}: {command}" if case.name else command


def help_sections(text):
    """`NAME:` -> lines of each section of a help text."""
    out, current = {}, None
    for line in text.splitlines():
        heading = re.fullmatch(r"([A-Z][A-Z ]*):", line)
        if heading:
            current = out.setdefault(heading.group(1), [])
        elif current is not None:
            current.append(line)
    return out


def documented_flags(binary):
    """{subcommand or "": flags and <arguments> listed by its --help}."""
    def sections(*args):
        result = subprocess.run([binary, *args, "--help"], capture_output=True, timeout=TIMEOUT,
                                stdin=subprocess.DEVNULL)
        return help_sections(result.stdout.decode())

    def flags(parts):
        options = [m.group(1) for line in parts.get("OPTIONS", []) if (m := re.match(r"  (?:-\w, )?(--[\w-]+)", line))]
        arguments = [f"<{m.group(1)}>" for line in parts.get("ARGUMENTS", []) if (m := re.match(r"  <([\w-]+)>", line))]
        return options + arguments

    root = sections()
    subs = [m.group(1) for line in root.get("SUBCOMMANDS", []) if (m := re.match(r"  ([a-z][\w-]*)(\s|$)", line))]
    return {"": flags(root), **{sub: flags(sections(sub)) for sub in subs}}


def coverage_failures(documented, cases):
    """A line for each documented subcommand, flag or argument that no case exercises."""
    seen = {}
    for case in cases:
        sub = case.argv[0] if case.argv and case.argv[0] in documented else ""
        tokens = case.argv[1:] if sub else case.argv
        seen.setdefault(sub, set()).update(t.split("=", 1)[0] for t in tokens if t.startswith("-"))
    for sub, spec in corpus.SUBCOMMANDS.items():
        seen.setdefault(sub, set()).update(f for f in spec.flags if f.startswith("<"))
    out = []
    for sub, flags in documented.items():
        if sub and sub not in corpus.SUBCOMMANDS:
            out.append(f"coverage: subcommand '{sub}' has no cases in corpus.py")
        out += [f"coverage: {(sub + ' ') if sub else ''}{flag} is never exercised"
                for flag in flags if flag not in seen.get(sub, set())]
    return out


def fixtures(run, pool):
    """Fresh valid outputs of the binary (and the golden files): what the corpus corrupts."""
    commands = dict(FRESH)
    commands.update(FRESH_MACROS)
    commands.update({f"shard-{i}-of-3": SHARD_GRID + ["--digits", "8", "--shard", f"{i}/3"] for i in (1, 2, 3)})
    commands.update({f"shard-{i}-of-9": SHARD_GRID + ["--digits", "8", "--shard", f"{i}/9"] for i in range(1, 10)})
    commands["unsharded"] = SHARD_GRID + ["--digits", "8"]
    commands["other-run"] = SHARD_GRID + ["--digits", "9", "--shard", "2/3"]
    results = dict(zip(commands, pool.map(lambda argv: run.execute(Case("fixture", "", argv)), commands.values())))
    for name, (status, out, err, _) in results.items():
        if status != 0 or not out:
            sys.exit(f"cannot build the corpus: grpo-verify {shlex.join(commands[name])} exited {status}: "
                     f"{err.decode(errors='replace').strip()}")
    golden_folder = REPOSITORY / "proofs" / "golden"
    golden = {p.name: p.read_bytes() for p in sorted(golden_folder.glob("*.json"))}
    if not golden:
        sys.exit(f"cannot build the corpus: no golden files in {golden_folder}")
    golden.update({name: results[name][1] for name in FRESH})
    macros = {p.name: p.read_bytes() for p in sorted(golden_folder.glob("*.tex"))}
    macros.update({name: results[name][1] for name in FRESH_MACROS})
    return Fixtures(golden=golden, macros=macros, small_solve=results[corpus.HUGE_TARGET][1],
                    shards=[results[f"shard-{i}-of-3"][1] for i in (1, 2, 3)],
                    nine_shards=[results[f"shard-{i}-of-9"][1] for i in range(1, 10)],
                    unsharded=results["unsharded"][1], other_run=results["other-run"][1])


def file_cases(found, rng):
    """Controls (valid files accepted), corrupted golden and macros files for check, corrupted shards for merge."""
    written = {**found.golden, **found.macros}
    cases = [Case("control", f"{name} as written", ["check", "--golden", name], OK, files={name: data})
             for name, data in written.items()]
    cases += [Case("control", f"{name} as written, first 5 digits", ["check", "--golden", name, "--digits", "5"], OK,
                   files={name: data}) for name, data in found.macros.items()]
    corrupted = corpus.golden_corruptions(found.golden, rng) + corpus.macros_corruptions(found.macros, rng)
    for name, what, data, expect in corrupted:
        cases.append(Case("golden", f"{name}: {what}", ["check", "--golden", name], expect, files={name: data}))

    def merge(label, shards, expect, verify=None):
        names = [f"s{i + 1}.json" for i in range(len(shards))]
        return Case("shard" if expect != OK else "control", label, ["merge", *names], expect,
                    files=dict(zip(names, shards)), verify=verify)

    def same_as_unsharded(stdout):
        return None if stdout == found.unsharded else "merged table differs from the unsharded one"
    s1, s2, s3 = found.shards
    cases += [merge("three shards in order", [s1, s2, s3], OK, same_as_unsharded),
              merge("three shards out of order", [s3, s1, s2], OK, same_as_unsharded),
              merge("nine shards of eight rows (one empty)", found.nine_shards, OK, same_as_unsharded)]
    cases += [merge(what, shards, expect) for what, shards, expect in corpus.shard_corruptions(found, rng)]
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the grpo-verify executable to test")
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed of the corpus (default {SEED})")
    parser.add_argument("--keep", metavar="DIR", help="write each failing case's files and command to DIR/<case>/")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"not an executable: {binary}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    root = tempfile.mkdtemp(prefix="grpo-hostile-")
    run = Run(binary, root)
    pool = ThreadPoolExecutor(WORKERS)
    start = time.monotonic()
    try:
        rng = random.Random(options.seed)
        documented = documented_flags(binary)
        found = fixtures(run, pool)
        invocations = corpus.invocations(rng, found)
        cases = invocations + file_cases(found, rng)
        results = list(pool.map(run.execute, cases))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        run.stop()
        pool.shutdown(wait=True)
        shutil.rmtree(root, ignore_errors=True)
    failures = coverage_failures(documented, cases)
    golden_count = sum(case.family == "golden" for case in cases)
    if len(invocations) < MINIMUM_INVOCATIONS:
        failures.append(f"corpus: {len(invocations)} invocations, fewer than {MINIMUM_INVOCATIONS}")
    if golden_count < MINIMUM_GOLDEN_CORRUPTIONS:
        failures.append(f"corpus: {golden_count} corrupted golden files, fewer than {MINIMUM_GOLDEN_CORRUPTIONS}")
    outcomes = Counter()
    failing = []
    for index, (case, (status, out, err, seconds)) in enumerate(zip(cases, results), 1):
        outcome = ("timeout" if status is None else f"signal {signal.Signals(-status).name}" if status < 0
                   else f"exit {status}")
        outcomes[(case.family, outcome)] += 1
        found_problems = problems(case, status, out, err)
        if found_problems:
            failing.append((index, case))
            failures.append(f"#{index} [{case.family}] {describe(case)} :: {'; '.join(found_problems)}")
    families = sorted({family for family, _ in outcomes})
    print(f"hostile corpus, seed {options.seed}: {len(cases)} cases ({len(invocations)} invocations, "
          f"{golden_count} corrupted golden files, {sum(c.family == 'shard' for c in cases)} corrupted shard sets, "
          f"{sum(c.family == 'control' for c in cases)} controls) in {time.monotonic() - start:.0f} s")
    for family in families:
        counts = ", ".join(f"{outcome}: {n}" for (f, outcome), n in sorted(outcomes.items()) if f == family)
        print(f"  {family}: {counts}")
    slowest = sorted((r[3], i) for i, r in enumerate(results, 1) if r[0] is not None)[-5:]
    print("  slowest that finished:")
    for seconds, i in reversed(slowest):
        print(f"    #{i} {seconds:.1f} s: " + " ".join(cases[i - 1].argv)[:100])
    others = len(failures) - len(failing)
    print(f"  failing: {len(failing)} cases" + (f" and {others} other checks" if others else ""))
    if options.keep:
        for index, case in failing:
            folder = os.path.join(options.keep, str(index))
            os.makedirs(folder, exist_ok=True)
            materialise(case.files, folder)
            with open(os.path.join(folder, "command"), "w") as f:
                f.write(describe(case) + "\n")
    for line in failures:
        print("FAIL " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
