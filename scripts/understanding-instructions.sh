#!/usr/bin/env bash
# What understanding adds to encoding (issue #4: at most 15%), counted in
# instructions rather than timed: on a shared VM the wall clock drifts by ±10%
# between runs, as much as the difference being measured, while Valgrind's
# instruction counts do not move with the neighbours. One thread, so no spinning
# worker adds to the count. Slow (Callgrind runs ~100x slower): about a quarter of
# an hour for the default 16 sentences.
# Usage: scripts/understanding-instructions.sh [MODELS_DIR] [SENTENCES]
set -euo pipefail
cd "$(dirname "$0")/.."
models=${1:-models}
count=${2:-16}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cargo build --release --locked --quiet --example understanding_overhead
RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
  target/release/examples/understanding_overhead "$models" once "$count" >"$out/log" 2>&1 ||
  { cat "$out/log" >&2; exit 1; }
callgrind_annotate --inclusive=yes "$out/callgrind.out" >"$out/annotated"
python3 - "$out/annotated" "$count" <<'EOF'
import re, sys
steps = {}
for line in open(sys.argv[1]):
    m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S*understanding_overhead::(step_\w+) ", line)
    if m and m.group(2) not in steps:
        steps[m.group(2)] = int(m.group(1).replace(",", ""))
encode = steps["step_encode"]
print(f"{sys.argv[2]} sentences, instructions (Callgrind, one thread):")
for name in ("step_encode", "step_encode_tuned", "step_classify"):
    print(f"  {name:18} {steps[name]:>16,}  {100 * (steps[name] / encode - 1):+.1f}% over encoding")
EOF
