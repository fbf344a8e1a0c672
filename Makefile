# Dateline: the README's two commands are `make run` and `make test`.
SWIFT ?= swift
SWIFT_FLAGS ?=
CONFIGURATION ?= debug
BUILD_FLAGS = -c $(CONFIGURATION) $(SWIFT_FLAGS)
BIN_DIR = $(shell $(SWIFT) build $(BUILD_FLAGS) --show-bin-path 2>/dev/null)
TANSU = $(CURDIR)/.venv/bin/tansu
PYTHON = $(CURDIR)/.venv/bin/python
export PKG_CONFIG_PATH := /usr/local/lib/pkgconfig:$(PKG_CONFIG_PATH)

.PHONY: setup build release run test check-schema test-unit test-integration lint bench bench-e2e fuzz soak test-tsan test-asan test-stress clean

## setup: install Debian packages, librdkafka >= 2.10 and the Tansu broker (idempotent)
setup:
	@bash scripts/setup.sh

## build: debug build of everything
build: setup
	$(SWIFT) build $(BUILD_FLAGS)

release: setup
	$(SWIFT) build -c release $(SWIFT_FLAGS)

## run: start a local broker, feed sample articles through the worker, print the output records
run: setup
	@bash scripts/run-demo.sh

## test: the whole suite, including integration tests against a real Tansu broker, plus lint
test: setup lint
	$(SWIFT) build $(BUILD_FLAGS) --build-tests
	$(PYTHON) scripts/check-schema.py $(BIN_DIR)/dateline
	# Suites run one after another: the broker and mock-cluster fault tests depend on timing (session timeouts,
	# delivery timeouts), and on a 2-core machine the other suites' CPU load made them flaky when run alongside.
	DATELINE_TANSU=$(TANSU) DATELINE_BINARY=$(BIN_DIR)/dateline DATELINE_INTEGRATION=1 \
		bash scripts/run-tests.sh $(SWIFT) test $(BUILD_FLAGS) --skip-build --no-parallel

## check-schema: validate real pipeline output against schema/dateline.article.v1.schema.json
check-schema: build
	$(PYTHON) scripts/check-schema.py $(BIN_DIR)/dateline

## lint: validate deploy files, schema and config without a Docker engine
lint: setup
	@bash scripts/lint.sh

## bench: pipeline throughput on one core over the development corpus
bench: setup
	@bash scripts/bench.sh

## fuzz: libFuzzer targets for the input decoder and the pipeline (FUZZ_SECONDS each, default 600)
fuzz: setup
	@bash scripts/fuzz.sh

## soak: twenty minutes of good and poison articles through two workers, one restarted every few minutes
soak: setup
	@bash scripts/soak.sh

## test-tsan / test-asan: the worker's unit and mock-cluster tests under ThreadSanitizer / AddressSanitizer
test-tsan: setup
	@bash scripts/test-sanitizer.sh thread

test-asan: setup
	@bash scripts/test-sanitizer.sh address

## test-stress: the fault suites with both cores saturated by stress-ng, then the worker tests under TSan
test-stress: setup
	@bash scripts/test-stress.sh

## bench-e2e: pass-through baseline vs the full worker at concurrency 1 and 2 against a local broker
bench-e2e: setup
	@bash scripts/bench-e2e.sh

clean:
	rm -rf .build .build-*
