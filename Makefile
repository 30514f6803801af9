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

.PHONY: run test build lint models browser bench bench-encoder load

## The demo store `make run` seeds and serves: a manager, five employees, eight weeks of
## reports and two conversations each (fixtures/demo). Seeding again changes nothing.
DEMO_DB := target/demo/candor.db
## The demo records run from 2026-W33 to W40; alerts are worked out as of the Monday after.
DEMO_TODAY ?= 2026-10-05
ADDR ?= 127.0.0.1:8080

## Build, install the default models on first use, analyse the sample conversations,
## seed the demo store, then serve the API and the pages until Ctrl-C.
run: build
	$(CANDOR) models install
	$(CANDOR) analyze $(SAMPLES)
	mkdir -p $(dir $(DEMO_DB))
	$(CANDOR) seed --db $(DEMO_DB) fixtures/demo
	@TOKEN=$$($(CANDOR) tokens create --db $(DEMO_DB) --role manager --person 陈静 2>/dev/null | tail -1); \
	HR=$$($(CANDOR) tokens create --db $(DEMO_DB) --role hr --person 赵敏 2>/dev/null | tail -1); \
	ADMIN=$$($(CANDOR) tokens create --db $(DEMO_DB) --role admin 2>/dev/null | tail -1); \
	echo; \
	echo "Candor demo on http://$(ADDR) (alerts as of $(DEMO_TODAY), the demo's reference date)"; \
	echo "  pages (as the manager 陈静):  http://$(ADDR)/ui/conversations?token=$$TOKEN"; \
	echo "  agenda for 张伟:              http://$(ADDR)/ui/agenda/%E5%BC%A0%E4%BC%9F?kind=coaching&date=2026-10-08&minutes=45&token=$$TOKEN"; \
	echo "  audit (as HR 赵敏):           http://$(ADDR)/ui/audit?from=2026-08-01&to=$(DEMO_TODAY)&token=$$HR"; \
	echo "  API:                          curl -H 'Authorization: Bearer $$TOKEN' http://$(ADDR)/v1/alerts"; \
	echo "  admin token:                  $$ADMIN"; \
	echo "  OpenAPI:                      http://$(ADDR)/v1/openapi.json   metrics: http://$(ADDR)/metrics"; \
	echo
	$(CANDOR) serve --db $(DEMO_DB) --addr $(ADDR) --today $(DEMO_TODAY)

build:
	$(CARGO) build --release --locked

## The whole suite: formatting, lints with warnings as errors, no near-duplicate
## training items, the models (installed
## on first use), unit, end-to-end, property and encoder-parity tests, and the pages
## in headless Chromium (installed on first use).
test: lint models browser
	$(CARGO) test --locked

## Install the default encoder into models/ unless it is there and verifies.
models:
	$(CARGO) run --locked --quiet -- models install

## Debian's chromium and the CJK fonts for the page tests, unless installed (root or sudo).
browser:
	bash scripts/install-browser.sh

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --locked --all-targets -- -D warnings
	python3 scripts/near-duplicates.py fixtures/train > /dev/null

## Criterion benchmarks: parse + metrics, tokenisation, encoding, what classification adds,
## the agenda and the audit over 1,000 stored conversations.
bench: models
	$(CARGO) bench --locked

## Candor's encoder against the reference C engine on the same 1,000 sentences.
bench-encoder:
	scripts/bench-encoder.sh

## Uploads and coaching reads at rising concurrency against a release server on
## loopback, with the models; `make load LOAD_ARGS=--no-models` skips them.
load:
	bash scripts/load.sh $(LOAD_ARGS)
