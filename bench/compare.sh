#!/bin/sh
# Runs W1-W3 in the suite (grpo-bench), in mpmath (bench/mpmath_workloads.py) and in C over
# MPFR (bench/c_floor.c) on this machine, one after the other, and prints per workload the
# median times and the ratios. Usage: bench/compare.sh [RUNS]   (default 5; mpmath runs 3)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q mpmath gmpy2
fi
swift build -c release --product grpo-bench >/dev/null
gcc -O2 -o bench/c_floor bench/c_floor.c -lmpfr -lgmp -lm

OUT=$(mktemp -d)
.build/release/grpo-bench --runs "$RUNS" W1-mpmath W1-c W2 W3 >"$OUT/suite"
bench/.venv/bin/python bench/mpmath_workloads.py --runs 3 w1 w2 w3 >"$OUT/mpmath"
bench/c_floor --runs "$RUNS" w1 w2 >"$OUT/c"
cat "$OUT/suite" "$OUT/mpmath" "$OUT/c"
echo

# name of the suite workload, its mpmath and C counterparts (- for none)
awk -v dir="$OUT" 'BEGIN {
    while ((getline l < (dir "/suite")) > 0) { split(l, f, " "); s[f[1]] = f[2] }
    while ((getline l < (dir "/mpmath")) > 0) { split(l, f, " "); m[f[1]] = f[2] }
    while ((getline l < (dir "/c")) > 0) { split(l, f, " "); c[f[1]] = f[2] }
    printf "%-4s %-22s %10s %10s %9s %10s %11s\n", "", "suite workload", "suite (s)", "mpmath (s)", "mpmath/suite", "C (s)", "suite/C"
    row("W1", "W1-mpmath", "w1", "-"); row("W1", "W1-c", "-", "w1")
    row("W2", "W2", "w2", "w2"); row("W3", "W3", "w3", "-")
}
function row(w, sname, mname, cname) {
    printf "%-4s %-22s %10.4f", w, sname, s[sname]
    if (mname != "-") printf " %10.4f %8.1fx", m[mname], m[mname] / s[sname]; else printf " %10s %9s", "-", "-"
    if (cname != "-") printf " %10.4f %10.2fx", c[cname], s[sname] / c[cname]; else printf " %10s %11s", "-", "-"
    printf "\n"
}'
rm -rf "$OUT"
