# The two commands a newcomer needs: `make run` and `make test`.
CARGO ?= cargo
CANDOR := target/release/candor

# The sample conversations `make run` analyses: one per family of formats, both languages.
SAMPLES := \
	fixtures/conversations/teams_zh_coaching.vtt \
	fixtures/conversations/zoom_en_oneonone.vtt \
	fixtures/conversations/srt_zh_review.srt \
	fixtures/conversations/plain_en_coaching_bom.txt \
	fixtures/conversations/candor_zh_feedback.json

.PHONY: run test build lint bench fuzz-build

## Build, then analyse the sample conversations and print the results.
run: build
	$(CANDOR) analyze $(SAMPLES)

build:
	$(CARGO) build --release --locked

## The whole suite: formatting, lints with warnings as errors, unit and end-to-end tests.
test: lint
	$(CARGO) test --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

## Criterion benchmarks (parse + metrics on the 90-minute transcript).
bench:
	$(CARGO) bench --locked --bench analyze
