#!/usr/bin/env bash
# Fuzzes the decimal parser and the golden-file reader (target grpo-fuzz, the default) or the
# formula parser and evaluator (grpo-fuzz-formula) with libFuzzer for a bounded time
# (default 60 s; scripts/fuzz.sh SECONDS TARGET). Fails if the fuzzer finds a crash, a trap or
# an AddressSanitizer report; crashing inputs are left in Fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
seconds="${1:-60}"
target="${2:-grpo-fuzz}"
swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin="$(swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)/$target"
mkdir -p crashes work
cp -n corpus/* work/ 2>/dev/null || true
# The Swift backtracer would run inside the sanitizer after a trap; libFuzzer reports instead.
SWIFT_BACKTRACE=enable=no "$bin" work -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -artifact_prefix=crashes/
echo "fuzz: no crash in $seconds s"
