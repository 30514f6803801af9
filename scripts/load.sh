#!/usr/bin/env bash
# A bounded load test on loopback: builds the release binary, serves a temporary
# database (with the models unless --no-models), then scripts/load.py sends uploads
# (each body distinct) and, beside them, coaching reads, from 1, 2, 4, 8, 16 clients
# of each kind: a fixed count per level and a time cap per level. A second server
# with `--queue 2` then takes the top level's uploads alone, to show 503 +
# Retry-After instead of a growing wait.
# Prints Markdown tables: throughput, p50/p99, errors by status, peak RSS (VmHWM).
#
#   scripts/load.sh [--no-models] [--uploads N] [--reads N] [--levels 1,2,4,8,16]
#                   [--cap SECONDS] [--no-backpressure]
#
# Exits 1 when any 5xx other than a 503 was answered.
set -euo pipefail

cd "$(dirname "$0")/.."

models=1
uploads=20
reads=200
levels=1,2,4,8,16
cap=180
backpressure=1
while [ $# -gt 0 ]; do
    case "$1" in
        --no-models) models=0 ;;
        --uploads) uploads="$2"; shift ;;
        --reads) reads="$2"; shift ;;
        --levels) levels="$2"; shift ;;
        --cap) cap="$2"; shift ;;
        --no-backpressure) backpressure=0 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "load.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

cargo build --release --locked
candor=target/release/candor
if [ "$models" -eq 1 ]; then
    "$candor" models install >&2
fi

work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits for /healthz (loading the models takes a while); fails after 300 s.
wait_ready() {
    python3 - "$addr" <<'PY' || { cat "$work"/*.log >&2; exit 1; }
import http.client, sys, time
host, port = sys.argv[1].rsplit(":", 1)
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    try:
        conn = http.client.HTTPConnection(host, int(port), timeout=2)
        conn.request("GET", "/healthz")
        if conn.getresponse().status == 200:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit("the server did not answer /healthz within 300 s")
PY
}

# start_server NAME EXTRA_ARGS...: a server on a free loopback port with its own
# database in $work; sets server_pid, addr and token.
start_server() {
    local name="$1"
    shift
    local db="$work/$name.db"
    local flags=()
    if [ "$models" -eq 0 ]; then
        flags+=(--no-models)
    fi
    addr="127.0.0.1:$(free_port)"
    env -u CANDOR_NO_MODELS "$candor" serve --db "$db" --addr "$addr" "${flags[@]}" "$@" \
        >"$work/$name.log" 2>&1 &
    server_pid=$!
    wait_ready
    token="$("$candor" tokens create --db "$db" --role admin 2>/dev/null | tail -n 1)"
}

py=(python3 scripts/load.py)

start_server main
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
status=0
main_table="$("${py[@]}" --addr "$addr" --token "$token" --pid "$server_pid" \
    --levels "$levels" --uploads "$uploads" --reads "$reads" --cap "$cap")" || status=$?
hwm="$(awk '/^VmHWM:/ {printf "%.0f", $2 / 1024}' "/proc/$server_pid/status")"
stop_server

top="${levels##*,}"
if [ "$backpressure" -eq 1 ]; then
    start_server queue2 --queue 2
    bp_table="$("${py[@]}" --addr "$addr" --token "$token" --pid "$server_pid" \
        --levels "$top" --uploads "$((top * 3))" --reads 0 --cap "$cap" \
        --label "--queue 2")" || status=$?
    stop_server
fi

model_note="with the models"
[ "$models" -eq 0 ] && model_note="without the models (--no-models)"
cat <<EOF

Run $started on $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end),
server $model_note, client scripts/load.py on the same machine.
Per level: $uploads uploads from N clients and, at the same time, $reads coaching reads
from N other clients; at most ${cap} s a level. req/s is over each kind's own span.
Peak RSS of the server over the whole run (VmHWM): ${hwm} MiB.

$main_table
EOF
if [ "$backpressure" -eq 1 ]; then
    cat <<EOF

Back-pressure: a server with \`--queue 2\`, $((top * 3)) uploads at concurrency $top.

$bp_table
EOF
fi
exit "$status"
