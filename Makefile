# Writ — the two commands a new machine needs:
#   make run    install what is missing, build, and decide the example cases (printing memos)
#   make test   everything: unit tests, policy tests, the shared examples, sanitizers, fuzzing
SHELL := /bin/bash
JOBS ?= $(shell nproc)
WRIT := build/release/src/cli/writ
SHARED_EXAMPLES := ../shared/spec/examples

.PHONY: all deps build build-debug web run test test-release test-debug fuzz bench format tidy clean

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

run: build
	@$(WRIT) check
	@echo
	@for f in examples/cases/*.json; do \
	  policy=$$(sed -n 's/.*"agency": *"\([^"]*\)".*/\1/p' $$f | head -1); \
	  $(WRIT) decide --policy $$policy --format text $$f; echo; \
	done

test: test-release test-debug fuzz

test-release: build
	@cd build/release && ctest --output-on-failure -j $(JOBS)

test-debug: build-debug
	@cd build/debug && ctest --output-on-failure -j $(JOBS)

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
