#!/usr/bin/env bash
# Compiles every kind of LaTeX file grpo-verify writes with pdflatex, each \input into one plain
# article whose preamble is the preamble.tex that `report` writes: `report --digits 20` (its
# tables, figures and macros.tex), `table --format latex` (the default 728-row grid, a pivot, the
# complement, chosen columns, a certified table), `table --format latex-macros`,
# `solve --format latex` and `plot --format pgfplots` with --beta and --group-size lists.
# Fails on a .tex with a byte outside ASCII, on any LaTeX error, and on any overfull box of more
# than 1 pt. Installs a minimal TeX Live from Debian's packages (as root or with sudo) when
# pdflatex or one of the packages is missing. Then renders the report's report.html in headless
# Chromium (scripts/html-check.py; Chromium from Debian's packages when missing) and fails on a
# console error or a missing figure.
# Usage: scripts/latex-check.sh [path/to/grpo-verify] (default: the debug build).
# LATEX_CHECK_PDF=file.pdf keeps the compiled document; LATEX_CHECK_WORK=folder writes everything
# there (and keeps it) instead of in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin="${1:-$(swift build --show-bin-path)/grpo-verify}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
packages="texlive-latex-base texlive-latex-recommended texlive-pictures texlive-science texlive-latex-extra"
missing=0
command -v pdflatex > /dev/null || missing=1
for sty in booktabs longtable siunitx pgfplots amsmath; do
  [ "$missing" = 1 ] || kpsewhich "$sty.sty" > /dev/null || missing=1
done
if [ "$missing" = 1 ]; then
  echo "latex-check: installing TeX Live ($packages)"
  SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages > /dev/null
fi

if ! command -v chromium > /dev/null; then
  echo "latex-check: installing chromium"
  SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium > /dev/null
fi

start=$(date +%s)
export GRPO_VERIFY_PROGRESS_SECONDS=100000
if [ -n "${LATEX_CHECK_WORK:-}" ]; then
  work="$LATEX_CHECK_WORK"
  rm -rf "$work/out"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
out="$work/out"
mkdir -p "$out"
"$bin" report --digits 20 --out "$out" > /dev/null
cd "$out"
# Other outputs, each with settings the report's macros do not define (one \newcommand each).
"$bin" table --format latex > table-default.tex
"$bin" table --format latex --pivot beta,ref > table-pivot.tex
"$bin" table --format latex --group-size inf --penalty reverse --margin 1 --complement --display-digits 6 > table-complement.tex
"$bin" table --format latex --group-size 2 --penalty direct --margin 1 --beta 0.1,1 --method closed-form,newton,bisection,grpo \
  --columns beta,ref,closed-form,newton,bisection,grpo,difference,agreeing_digits --display-digits 5 > table-columns.tex
"$bin" table --format latex --group-size 64 --penalty reverse --margin 1 --beta 0.04,0.5 --ref 0.1,0.3 --digits 30 \
  --certify --columns group_size,beta,ref,newton,enclosure_lower,enclosure_upper,certified_digits --display-digits 6 > table-certified.tex
"$bin" table --format latex-macros --group-size 16,32 --penalty reverse --margin 1 --beta 0.04,0.5 --ref 0.1,0.3 \
  --digits 30 --certify > table-macros.tex
"$bin" solve --group-size 64 --beta 0.04 --ref 0.3 --digits 40 --certify --format latex > solve-certified.tex
"$bin" solve --group-size 8 --beta 0.5 --ref 0.2 --normalisation bessel --digits 30 --format latex > solve-bessel.tex
"$bin" plot fig2 --beta 0.05,0.1,3 --format pgfplots --out plots > /dev/null
"$bin" plot finite-g --beta 0.1,1 --group-size 2,1000,inf --format pgfplots --out plots > /dev/null
"$bin" plot pooling --beta 0.2,4 --format pgfplots --out plots > /dev/null

if LC_ALL=C grep -l '[^[:print:][:space:]]' ./*.tex plots/*.tex; then
  echo "latex-check: FAILED: the files above hold bytes outside ASCII" >&2
  exit 1
fi

{
  echo '\documentclass{article}'
  echo '\input{preamble}'
  echo '\begin{document}'
  for file in ./*.tex plots/*.tex; do
    name="${file#./}"; name="${name%.tex}"
    case "$name" in
      preamble|all) ;;
      *macros*|solve-*)
        echo "\\section*{\\detokenize{$name}}"
        echo "\\input{$name}"
        sed -n 's/^\\newcommand{\\\([A-Za-z]*\)}.*/\\noindent$\\\1$\\par/p' "$file" ;;
      *)
        if grep -q '^\\begin{tikzpicture}' "$file"; then
          echo "\\begin{figure}\\centering\\input{$name}\\caption{\\detokenize{$name}}\\end{figure}\\clearpage"
        else
          echo "\\input{$name}\\clearpage"
        fi ;;
    esac
  done
  echo '\end{document}'
} > all.tex

for pass in 1 2; do
  if ! pdflatex -interaction=nonstopmode -halt-on-error all.tex > /dev/null; then
    grep -A8 '^!' all.log | head -40 >&2
    echo "latex-check: FAILED: pdflatex stopped on an error (pass $pass)" >&2
    exit 1
  fi
done
overfull=$(grep -E '^Overfull \\[hv]box \(' all.log | awk '{ v = $3; gsub(/[(pt]/, "", v); if (v + 0 > 1) print }' || true)
if [ -n "$overfull" ]; then
  echo "$overfull" >&2
  grep -A3 -E '^Overfull \\[hv]box' all.log | head -40 >&2
  echo "latex-check: FAILED: overfull boxes of more than 1 pt" >&2
  exit 1
fi
"$root/scripts/html-check.py" "$out"
pages=$(sed -n 's/^Output written on all.pdf (\([0-9]*\) pages.*/\1/p' all.log)
[ -n "${LATEX_CHECK_PDF:-}" ] && cp all.pdf "$LATEX_CHECK_PDF"
echo "latex-check: ok ($(ls ./*.tex plots/*.tex | grep -vcE "preamble|all.tex") files, $pages pages, no error, no overfull box; $(( $(date +%s) - start )) s)"
