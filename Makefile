# grpo-verify: the two commands of the README.
#   make verify   build in release mode and write the full report to ./report
#   make test     build and run every test, then check every golden file in proofs/golden/
.PHONY: deps build verify test clean

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
	for golden in proofs/golden/*.json; do "$$bin" check --golden "$$golden" || exit 1; done
	scripts/latex-check.sh "$$(swift build --show-bin-path)/grpo-verify"

clean:
	rm -rf .build report
