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

.PHONY: run test build lint models bench bench-encoder

## Build, install the default models on first use, then analyse the sample conversations.
run: build
	$(CANDOR) models install
	$(CANDOR) analyze $(SAMPLES)

build:
	$(CARGO) build --release --locked

## The whole suite: formatting, lints with warnings as errors, the models (installed
## on first use), unit, end-to-end, property and encoder-parity tests.
test: lint models
	$(CARGO) test --locked

## Install the default encoder into models/ unless it is there and verifies.
models:
	$(CARGO) run --locked --quiet -- models install

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

## Criterion benchmarks: parse + metrics, tokenisation, encoding, and what classification adds.
bench: models
	$(CARGO) bench --locked

## Candor's encoder against the reference C engine on the same 1,000 sentences.
bench-encoder:
	scripts/bench-encoder.sh
