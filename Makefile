# Writ — the two commands a new machine needs:
#   make run    install what is missing, build, and start the decision service (writ serve) on
#               http://127.0.0.1:8080/ with its SQLite store under ./var/ (first admin token
#               printed once); `make examples` decides the example cases and prints their memos
#   make test   everything: unit tests, policy tests, the shared examples, sanitizers, fuzzing
SHELL := /bin/bash
JOBS ?= $(shell nproc)
WRIT := build/release/src/cli/writ
SHARED_EXAMPLES := ../shared/spec/examples

.PHONY: all deps build build-debug web run examples test test-release test-debug fuzz bench format tidy clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-debug: deps
	@cmake --preset debug >/dev/null
	@cmake --build --preset debug -j $(JOBS)

# The web UI's assets (web/dist), which writ serve serves; versions pinned in web/package-lock.json.
web: deps
	@cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build >/dev/null

# The decision service with the bundled policies, the embedded SQLite store in var/writ.db
# (signing key in var/keys/) and the web UI; the first start prints the first admin token.
run: build web
	@$(WRIT) check
	@echo
	@mkdir -p var
	@$(WRIT) serve --listen 127.0.0.1:8080 --store var/writ.db

examples: build
	@for f in examples/cases/*.json; do \
	  policy=$$(sed -n 's/.*"agency": *"\([^"]*\)".*/\1/p' $$f | head -1); \
	  $(WRIT) decide --policy $$policy --format text $$f; echo; \
	done

test: test-release test-debug fuzz

test-release: build
	@cd build/release && ctest --output-on-failure -j $(JOBS)

test-debug: build-debug
	@cd build/debug && LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ctest --output-on-failure -j $(JOBS)

# libFuzzer targets under ASan/UBSan, each for a bounded time on its committed seed corpus.
FUZZ_SECONDS ?= 60
fuzz: deps
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

bench: build
	@bash scripts/bench.sh

format:
	@find src include tests bench fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

tidy: build
	@find src -name '*.cc' | xargs clang-tidy -p build/release --quiet

clean:
	rm -rf build
