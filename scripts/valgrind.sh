#!/usr/bin/env bash
# Runs grpo-verify under valgrind on a representative command and fails on memory errors or on
# definitely or indirectly lost bytes (exit status 3 from valgrind, or a non-zero count in the
# leak summary). Usage: scripts/valgrind.sh [release|debug] (default debug).
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-debug}"
if ! command -v valgrind > /dev/null; then
  echo "installing valgrind"
  SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind
fi
swift build -c "$configuration" --product grpo-verify
bin="$(swift build -c "$configuration" --show-bin-path)/grpo-verify"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=3 \
  --suppressions=scripts/valgrind.supp --log-file="$log" \
  "$bin" solve --group-size 64 --beta 0.04 --ref 0.3 --digits 30 --certify > /dev/null || status=$?
grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|in use at exit" "$log" | sed 's/^==[0-9]*== //'
definite=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tr -d ,)
indirect=$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tr -d ,)
if [ "$status" -ne 0 ]; then grep -A12 -E "^==[0-9]+== [A-Z].*(uninitialised|Invalid|definitely|indirectly)" "$log" | head -80 || true; fi
if [ "$status" -ne 0 ] || [ "${definite:-0}" -ne 0 ] || [ "${indirect:-0}" -ne 0 ]; then
  echo "valgrind: FAILED (exit $status, definitely lost ${definite:-0} B, indirectly lost ${indirect:-0} B)" >&2
  exit 1
fi
echo "valgrind: ok (no memory errors; definitely and indirectly lost: 0 bytes)"
