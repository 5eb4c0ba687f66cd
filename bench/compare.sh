#!/bin/sh
# Runs W1-W3 in the suite (grpo-bench), in mpmath written directly (bench/mpmath_direct.py),
# in mpmath as a line-by-line port of the suite's algorithms (bench/mpmath_workloads.py) and
# in C over MPFR with the same algorithms (bench/c_floor.c), on this machine one after the
# other, and prints per workload the median times and the ratios; then the certified workloads
# in the suite and in python-flint's Arb written the natural way (bench/arb_direct.py, whose
# enclosures must first hold the digits grpo-verify solve prints): W6, W7 and W8, the stationary
# point at G = 1000, 2 and ∞ (β = 0.04, π_ref(a) = 0.3) at 10,000 digits, and W9, the three-answer
# question s = (1, 1, 0), π_ref = (0.2, 0.3, 0.5), G = 8, β = 0.04 at 1000 digits; then the
# default solve at the top of the advertised ranges against --method newton --certify (at most
# 30 times) and the default G = 4096, 300-digit solve end to end against mpmath written
# directly (at least 30 times faster); then the peak memory of a streamed 10^6-row table (at
# most 100 MB), and the time and peak memory of report --digits 1000. Exit status 1 if a bound
# is missed.
#   bench/compare.sh [RUNS]      suite and C: median of RUNS (default 5); mpmath, Arb and W6: median of 3
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install -q mpmath gmpy2
fi
bench/.venv/bin/python -c "import flint" 2>/dev/null || bench/.venv/bin/pip install -q python-flint
make -s build >/dev/null
gcc -O2 -o bench/c_floor bench/c_floor.c -lmpfr -lgmp -lm

# The direct mpmath code must compute the port's digits (W1 every row, W2, W3) before it is timed.
(cd bench && .venv/bin/python mpmath_direct.py check)

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
.build/release/grpo-bench --runs "$RUNS" W1-mpmath W1-c W2 W3 >"$OUT/suite"
(cd bench && .venv/bin/python mpmath_direct.py --runs 3 w1 w2 w3) >"$OUT/direct"
(cd bench && .venv/bin/python mpmath_workloads.py --runs 3 w1 w2 w3) >"$OUT/port"
bench/c_floor --runs "$RUNS" w1 w2 >"$OUT/c"
cat "$OUT/suite" "$OUT/direct" "$OUT/port" "$OUT/c"
echo

# suite workload, its direct-mpmath, ported-mpmath and C counterparts (- for none)
awk -v dir="$OUT" 'BEGIN {
    read("suite", s); read("direct", d); read("port", m); read("c", c)
    printf "%-4s %-10s %9s %11s %8s %11s %8s %9s %8s\n", "", "suite", "suite (s)",
           "direct (s)", "direct/", "port (s)", "port/", "C (s)", "suite/C"
    row("W1", "W1-mpmath", "w1-direct", "w1", "-"); row("W1", "W1-c", "-", "-", "w1")
    row("W2", "W2", "w2-direct", "w2", "w2"); row("W3", "W3", "w3-direct", "w3", "-")
}
function read(file, table,    line, f) {
    while ((getline line < (dir "/" file)) > 0) { split(line, f, " "); table[f[1]] = f[2] }
}
function ratio(table, name, base) {
    if (name == "-") printf " %11s %8s", "-", "-"
    else printf " %11.4f %7.1fx", table[name], table[name] / base
}
function row(w, sname, dname, mname, cname) {
    printf "%-4s %-10s %9.4f", w, sname, s[sname]
    ratio(d, dname, s[sname]); ratio(m, mname, s[sname])
    if (cname != "-") printf " %9.4f %7.2fx", c[cname], s[sname] / c[cname]; else printf " %9s %8s", "-", "-"
    printf "\n"
}'

# W6-W9, certified: the suite against python-flint's Arb (bench/arb_direct.py); --check (untimed)
# stops here unless every Arb enclosure rounds to the digits grpo-verify solve prints. W7-W9
# take milliseconds: medians of 15 runs. Exit status 1 if the suite is slower on any of them.
.build/release/grpo-bench --runs 3 W6 >"$OUT/certified"
.build/release/grpo-bench --runs 15 W7 W8 W9 >>"$OUT/certified"
bench/.venv/bin/python bench/arb_direct.py --runs 3 --check w6 >"$OUT/arb"
bench/.venv/bin/python bench/arb_direct.py --runs 15 --check w7 w8 w9 >>"$OUT/arb"
cat "$OUT/certified" "$OUT/arb"
awk -v dir="$OUT" 'BEGIN {
    while ((getline line < (dir "/certified")) > 0) { split(line, f, " "); s[f[1]] = f[2] }
    while ((getline line < (dir "/arb")) > 0) { split(line, f, " "); a[f[1]] = f[2] }
    slower = 0
    for (w = 6; w <= 9; w++) {
        printf "W%d   suite %9.4f s   python-flint (Arb) %9.4f s   suite/Arb %6.2fx\n",
               w, s["W" w], a["w" w "-arb"], s["W" w] / a["w" w "-arb"]
        if (s["W" w] > a["w" w "-arb"]) slower = 1
    }
    exit slower
}' || { echo "the suite is slower than python-flint on a certified workload" >&2; exit 1; }

# Defaults at the top of the advertised ranges: each default solve end to end (process start
# included, median of 3) against --method newton --certify on the same setting; the rule is
# at most 30 times (README, "Which digits are printed").
median3() { # the median of three timings of the command "$@", in seconds
    for _ in 1 2 3; do
        start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N)
        awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }'
    done | sort -g | sed -n 2p
}
printf "\n%-28s %12s %18s %8s\n" "default solve" "default (s)" "newton --certify" "ratio"
worst=0
for setting in "2 10000" "inf 10000" "1000 10000" "1000000 1000" "10000000 60" "10000000 100" "4096 300"; do
    set -- $setting
    flags="--group-size $1 --beta 0.04 --ref 0.3 --digits $2"
    d=$(median3 .build/release/grpo-verify solve $flags)
    n=$(median3 .build/release/grpo-verify solve $flags --method newton --certify)
    r=$(awk -v d="$d" -v n="$n" 'BEGIN { printf "%.2f", d / n }')
    printf "%-28s %12.3f %18.3f %7.1fx\n" "G = $1, D = $2" "$d" "$n" "$r"
    worst=$(awk -v r="$r" -v w="$worst" 'BEGIN { print (r > w ? r : w) }')
done
printf "worst ratio %.1fx (at most 30x)\n" "$worst"

# End to end, process start included: the default solve at G = 4096, 300 digits against the
# same solve written directly in mpmath (bench/mpmath_direct.py w3-300, findroot on the full
# sums); at least 30 times faster.
s=$(median3 .build/release/grpo-verify solve --group-size 4096 --beta 0.1 --ref 0.3 --digits 300)
m=$(cd bench && median3 .venv/bin/python mpmath_direct.py --runs 1 w3-300)
printf "\nG = 4096, 300 digits, end to end: suite %.3f s, mpmath %.3f s, mpmath/suite %.1fx\n" "$s" "$m" \
    "$(awk -v s="$s" -v m="$m" 'BEGIN { print m / s }')"
awk -v w="$worst" 'BEGIN { exit !(w <= 30) }' || { echo "a default solve took more than 30 times newton --certify" >&2; exit 1; }
awk -v s="$s" -v m="$m" 'BEGIN { exit !(m >= 30 * s) }' || { echo "the G = 4096 solve is less than 30 times faster than mpmath" >&2; exit 1; }

# The 10^6-row table, streamed (README, `grpo-verify table`): markdown written as the rows
# complete, so the peak memory (GNU time's maximum resident set size) stays under 100 MB
# whatever the number of rows (held whole until the end, the same table took 1.99 GB). G = 2,
# reverse KL, γ = 1, β = 0.001, 0.002, …, 1 × π_ref(a) = 0.0005, 0.0015, …, 0.9995, closed form
# and Newton at 10 digits: about 50 s on two quiet cores. Exit status 1 above 100 MB (100,000 KB).
[ -x /usr/bin/time ] || { echo "bench/compare.sh: the memory check needs GNU time (/usr/bin/time; apt: time)" >&2; exit 1; }
/usr/bin/time -f "%M %e" -o "$OUT/table-memory" .build/release/grpo-verify table --group-size 2 --penalty reverse \
    --margin 1 --beta 0.001:1:0.001 --ref 0.0005:0.9995:0.001 --digits 10 --method closed-form,newton >"$OUT/table.md"
read -r kb seconds <"$OUT/table-memory"
rows=$(grep -c '^| 2 | reverse |' "$OUT/table.md")
printf "\n10^6-row table (markdown, streamed): %d rows, peak memory %.1f MB, %.1f s (at most 100 MB)\n" \
    "$rows" "$(awk -v k="$kb" 'BEGIN { print k / 1000 }')" "$seconds"
[ "$rows" -eq 1000000 ] || { echo "the 10^6-row table has $rows rows" >&2; exit 1; }
[ "$kb" -le 100000 ] || { echo "the 10^6-row table took $kb KB, more than 100 MB" >&2; exit 1; }

# report --digits 1000, end to end: every table, figure and claim of `grpo-verify report` at
# 1000 digits, its time and peak memory (no peer computes the same report).
/usr/bin/time -f "%M %e" -o "$OUT/report-memory" .build/release/grpo-verify report --digits 1000 --out "$OUT/report" >/dev/null
read -r kb seconds <"$OUT/report-memory"
printf "\nreport --digits 1000: %.1f s, peak memory %.1f MB\n" "$seconds" "$(awk -v k="$kb" 'BEGIN { print k / 1000 }')"
