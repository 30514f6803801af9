#!/usr/bin/env bash
# Fuzz every parser for SECONDS each (default 600), two at a time, seeded with the
# fixtures. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Prints each target's executions; crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
targets=(detect webvtt srt plain timed_text whisper_json fireflies_json candor_json)
cargo +nightly fuzz build -O
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  find fixtures -type f ! -name '*.md' ! -name 'expected.json' -exec cp {} "fuzz/corpus/$target/" \;
done
run() {
  local target=$1
  cargo +nightly fuzz run -O "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 \
    >"fuzz/$target.log" 2>&1 || echo "$target: FAILED (see fuzz/$target.log)"
  echo "$target: $(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "fuzz/$target.log" | tail -1)"
}
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  if ((i + 1 < ${#targets[@]})); then run "${targets[i + 1]}" & fi
  wait
done
