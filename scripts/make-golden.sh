#!/usr/bin/env bash
# Regenerates the regression baselines in proofs/golden/ with the built grpo-verify.
# Every table is generated with --certify and all four methods, so a file is written only
# if all methods agree to 40 digits and every row is certified (exit status 0); each file
# goes through a temporary file and a rename.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${GRPO_VERIFY:-$(swift build --show-bin-path)/grpo-verify}"
out=proofs/golden
mkdir -p "$out"

emit() { # emit NAME ARGS...: runs grpo-verify ARGS and writes $out/NAME atomically
  local name=$1; shift
  local tmp
  tmp=$(mktemp "$out/.$name.XXXXXX")
  if ! "$bin" "$@" > "$tmp"; then rm -f "$tmp"; echo "failed: $name" >&2; return 1; fi
  chmod 644 "$tmp"
  mv "$tmp" "$out/$name"
  echo "wrote $out/$name"
}

digits=40
emit groups-of-two.json table --group-size 2 --penalty reverse --digits $digits --format json --certify
emit large-groups.json table --group-size inf --penalty reverse --margin 1 --digits $digits --format json --certify
emit direct-kl.json table --group-size 2 --penalty direct --digits $digits --format json --certify
emit solve-g2.json solve --group-size 2 --beta 0.04 --ref 0.3 --digits $digits --format json --certify
emit solve-g64.json solve --group-size 64 --beta 0.04 --ref 0.3 --digits $digits --format json --certify
emit solve-inf.json solve --group-size inf --beta 0.04 --ref 0.3 --digits $digits --format json --certify
emit solve-direct.json solve --beta 0.5 --ref 0.2 --margin 0.5 --penalty direct --digits $digits --format json --certify
# The finite-G sweep of `report` (G = 2 … 4096); the report's other tables are the three above.
report=$(mktemp -d)
trap 'rm -rf "$report"' EXIT
"$bin" report --digits $digits --out "$report" > /dev/null
tmp=$(mktemp "$out/.finite-groups.json.XXXXXX")
cp "$report/finite-groups.json" "$tmp" && chmod 644 "$tmp" && mv "$tmp" "$out/finite-groups.json"
echo "wrote $out/finite-groups.json"
