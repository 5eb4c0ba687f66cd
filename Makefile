# grpo-verify: the two commands of the README.
#   make verify   build in release mode and write the full report to ./report
#   make test     build and run every test, check every golden file in proofs/golden/ (JSON and
#                 LaTeX macros), then run the hostile-input corpus (Tests/Hostile) against the
#                 binary, then the Python package's tests (python/tests, against the same binary),
#                 then compile every LaTeX output with pdflatex and render report.html in headless
#                 Chromium
.PHONY: help deps build verify test clean

# The default target: what the others do.
help:
	@echo "make verify   build in release mode and write the full report to ./report (about 3 min)"
	@echo "make test     build and run every test, golden file, hostile input, Python test and LaTeX check"
	@echo "make build    the release build only"
	@echo "make deps     install libmpfr-dev and libgmp-dev with apt-get when pkg-config cannot find MPFR"
	@echo "make clean    remove .build and report"

# MPFR and GMP headers via apt-get when pkg-config cannot find MPFR (root, or sudo).
deps:
	@if ! pkg-config --exists mpfr 2>/dev/null; then \
	  echo "installing libmpfr-dev (pkg-config cannot find MPFR)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config libmpfr-dev libgmp-dev; \
	fi

build: deps
	swift build -c release

verify: build
	.build/release/grpo-verify report --out report

test: deps
	swift build --build-tests
	swift test --skip-build
	@bin="$$(swift build --show-bin-path)/grpo-verify"; \
	for golden in proofs/golden/*.json proofs/golden/*.tex; do "$$bin" check --golden "$$golden" || exit 1; done; \
	if ! command -v python3 >/dev/null 2>&1; then \
	  echo "installing python3 (for Tests/Hostile and python/tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3; \
	fi; \
	python3 Tests/Hostile/hostile.py --binary "$$bin" || exit 1; \
	GRPO_VERIFY_BIN="$$bin" python3 -B -m unittest discover -s python/tests || exit 1; \
	scripts/latex-check.sh "$$bin"

clean:
	rm -rf .build report
