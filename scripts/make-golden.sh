#!/usr/bin/env bash
# Regenerates the regression baselines in proofs/golden/ with the built grpo-verify.
# Every table is generated with --certify and all four methods, so a command exits 0 only if
# all methods agree to 40 digits and every row is certified. Each file is written to a
# temporary file beside its target and installed (renamed) only if the command exited 0
# (grpo-verify exits 1 if its output could not be written whole) and `check` reads it back;
# temporaries are removed on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${GRPO_VERIFY:-$(swift build --show-bin-path)/grpo-verify}"
out=proofs/golden
mkdir -p "$out"
scratch=()
trap 'rm -rf "${scratch[@]}"' EXIT

install() { # install TMP NAME: checks TMP and renames it to $out/NAME
  "$bin" check --golden "$1" > /dev/null
  chmod 644 "$1"
  mv "$1" "$out/$2"
  echo "wrote $out/$2"
}

emit() { # emit NAME ARGS...: runs grpo-verify ARGS into a temporary file, installed if it exits 0
  local name=$1; shift
  local tmp
  tmp=$(mktemp "$out/.$name.XXXXXX")
  scratch+=("$tmp")
  if ! "$bin" "$@" > "$tmp"; then echo "failed: $name" >&2; return 1; fi
  install "$tmp" "$name"
}

digits=40
emit groups-of-two.json table --group-size 2 --penalty reverse --digits $digits --format json --certify
emit large-groups.json table --group-size inf --penalty reverse --margin 1 --digits $digits --format json --certify
emit direct-kl.json table --group-size 2 --penalty direct --digits $digits --format json --certify
emit solve-g2.json solve --group-size 2 --beta 0.04 --ref 0.3 --digits $digits --format json --certify
emit solve-g64.json solve --group-size 64 --beta 0.04 --ref 0.3 --digits $digits --format json --certify
emit solve-inf.json solve --group-size inf --beta 0.04 --ref 0.3 --digits $digits --format json --certify
emit solve-direct.json solve --beta 0.5 --ref 0.2 --margin 0.5 --penalty direct --digits $digits --format json --certify
# LaTeX macros: a small grid of every penalty and margin at G = 2 and G = inf, and one G = 64 solve.
emit macros-small.tex table --group-size 2,inf --beta 0.1,1 --ref 0.3,0.7 --digits $digits --format latex-macros --certify
emit solve-g64.tex solve --group-size 64 --beta 0.04 --ref 0.3 --digits $digits --format latex --certify
# The finite-G sweep of `report` (G = 2 … 4096); the report's other tables are the three above.
report=$(mktemp -d)
scratch+=("$report")
"$bin" report --digits $digits --out "$report/report" > /dev/null
tmp=$(mktemp "$out/.finite-groups.json.XXXXXX")
scratch+=("$tmp")
cp "$report/report/finite-groups.json" "$tmp"
install "$tmp" finite-groups.json
