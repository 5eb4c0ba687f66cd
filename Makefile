# grpo-verify: the two commands of the README.
#   make verify   build in release mode and write the full report to ./report
#   make test     build and run every test, check every golden file in proofs/golden/ (JSON and
#                 LaTeX macros), then run the hostile-input corpus (Tests/Hostile) against the
#                 binary, then every console example of README.md (scripts/readme-examples.py, after
#                 its own tests in scripts/tests), then the Python package's tests (python/tests,
#                 against the same binary), then build and run the Swift library example
#                 (Examples/), then compile every LaTeX output with pdflatex and render report.html
#                 in headless Chromium
.PHONY: help deps build verify test clean

# The default target: what the others do.
help:
	@echo "make verify   build in release mode and write the full report to ./report (about 3 min)"
	@echo "make test     build and run every test, golden file, hostile input, README example, Python test and LaTeX check"
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

# A plain release build: the package has no unsafe flags, so another package that depends on
# it builds it exactly so, at the same speed (README, "What makes it fast").
RELEASE = -c release

build: deps
	swift build $(RELEASE)

verify: build
	.build/release/grpo-verify report --out report

# The tests' temporary files go to TESTTMP, never to /tmp; they must remove them (the last step
# fails on any leftover but the package manager's lock files and empty folders and the compiler's
# macro expansions, swift-generated-sources).
TESTTMP = $(CURDIR)/.build/tmp

test: deps
	@rm -rf "$(TESTTMP)" && mkdir -p "$(TESTTMP)"
	TMPDIR="$(TESTTMP)" swift build --build-tests
	TMPDIR="$(TESTTMP)" swift test --skip-build
	@export TMPDIR="$(TESTTMP)"; bin="$$(swift build --show-bin-path)/grpo-verify"; \
	for golden in proofs/golden/*.json proofs/golden/*.tex; do "$$bin" check --golden "$$golden" || exit 1; done; \
	if ! command -v python3 >/dev/null 2>&1; then \
	  echo "installing python3 (for Tests/Hostile, the README's examples and python/tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive TMPDIR=/tmp apt-get install -y -qq python3; \
	fi; \
	python3 Tests/Hostile/hostile.py --binary "$$bin" || exit 1; \
	python3 -B -m unittest discover -s scripts/tests || exit 1; \
	python3 -B scripts/readme-examples.py README.md --binary "$$bin" || exit 1; \
	GRPO_VERIFY_BIN="$$bin" python3 -B -m unittest discover -s python/tests || exit 1; \
	python3 -B scripts/swift-example.py "$$bin" || exit 1; \
	scripts/latex-check.sh "$$bin"
	@left="$$(find "$(TESTTMP)" -mindepth 1 ! -name '*.lock' ! -name 'TemporaryDirectory.*' \
	          ! -path '*/TemporaryDirectory.*/.keep-directory' ! -path '$(TESTTMP)/swift-generated-sources*')"; \
	if [ -n "$$left" ]; then echo "make test: the tests left files behind:"; echo "$$left"; exit 1; fi; \
	rm -rf "$(TESTTMP)"; echo "make test: every step passed; no temporary file left"

clean:
	rm -rf .build report
