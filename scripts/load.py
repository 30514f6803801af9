#!/usr/bin/env python3
"""A small, bounded load generator for `candor serve` on loopback (run by load.sh).

At each concurrency level C it sends a fixed number of uploads (`POST /v1/conversations`,
each body distinct: a WebVTT `NOTE` line with a counter is appended, so the content
hash differs and every upload runs the analysis) from C threads, and at the same time
a fixed number of coaching reads (`GET /v1/conversations/{id}/coaching`) from C other
threads, each thread with one keep-alive connection. A level stops at its time cap;
requests not sent by then are counted as such. Per level and kind it prints requests, throughput,
p50/p99 latency, errors by status (503s apart, by their `code`: `busy` when the
inference queue is full, `timeout` when the request outlived --timeout-seconds) and
the server's peak RSS so far (VmHWM). Python 3 standard library only.

Exit status 1 when any 5xx other than 503 was seen, or a connection failed.
"""

import argparse
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
from collections import Counter


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--addr", required=True, help="HOST:PORT of the server (loopback)")
    p.add_argument("--token", required=True, help="an admin token")
    p.add_argument("--pid", type=int, help="the server's pid, for VmHWM")
    p.add_argument("--levels", default="1,2,4,8,16", help="concurrency levels")
    p.add_argument("--uploads", type=int, default=20, help="uploads per level")
    p.add_argument("--reads", type=int, default=200, help="coaching reads per level")
    p.add_argument("--cap", type=float, default=120.0, help="seconds per level at most")
    p.add_argument("--label", default="", help="a name for this run in the table")
    p.add_argument(
        "--fixture",
        action="append",
        help="MANAGER|EMPLOYEE|PATH of a WebVTT file (repeatable; default: one zh, one en)",
    )
    p.add_argument("--wait", type=float, default=0.0, help="wait this long for /healthz first")
    return p.parse_args()


DEFAULT_FIXTURES = [
    ("张伟", "李娜", "fixtures/conversations/teams_zh_coaching.vtt"),
    ("Rachel Okafor", "Tom Brennan", "fixtures/conversations/zoom_en_oneonone.vtt"),
]


def loopback(addr):
    host, _, port = addr.rpartition(":")
    if host not in ("127.0.0.1", "localhost", "::1", "[::1]"):
        sys.exit(f"load.py: {addr} is not loopback; this test stays on this machine")
    return host.strip("[]"), int(port)


def vm_hwm_kib(pid):
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class Client:
    """One keep-alive connection; reconnects after the server closes it."""

    def __init__(self, host, port, token):
        self.host, self.port = host, port
        self.headers = {"Authorization": f"Bearer {token}"}
        self.conn = None

    def request(self, method, path, body=None):
        """(status, error code, Retry-After, latency in s, body); status 0: no answer."""
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/octet-stream"
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as err:
                self.conn.close()
                self.conn = None
                # A keep-alive connection the server closed between requests: retry once.
                if attempt == 0 and isinstance(
                    err, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)
                ):
                    continue
                return 0, type(err).__name__, None, time.perf_counter() - start, b""
            latency = time.perf_counter() - start
            code = None
            if response.status >= 400:
                try:
                    code = json.loads(data).get("code")
                except (ValueError, AttributeError):
                    code = None
            if response.getheader("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return response.status, code, response.getheader("Retry-After"), latency, data
        raise AssertionError("unreachable")


class Uploads:
    """Distinct upload bodies: a fixture with one `NOTE` line that counts."""

    def __init__(self, fixtures, nonce):
        self.fixtures = []
        for manager, employee, path in fixtures:
            with open(path, "rb") as f:
                self.fixtures.append((manager, employee, f.read().rstrip(b"\n")))
        self.nonce = nonce
        self.count = 0
        self.lock = threading.Lock()

    def next(self):
        with self.lock:
            self.count += 1
            n = self.count
        manager, employee, text = self.fixtures[n % len(self.fixtures)]
        body = text + f"\n\nNOTE load {self.nonce} upload {n}\n".encode()
        query = urllib.parse.urlencode(
            {"manager": manager, "employee": employee, "kind": "coaching", "name": f"load-{n}"}
        )
        return f"/v1/conversations?{query}", body


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def run_level(host, port, token, concurrency, args, uploads, ids, ids_lock):
    """`concurrency` upload clients and as many read clients, side by side, so the
    reads are measured while the inference worker is busy; each kind's throughput is
    over its own span (from the level's start to its last answer)."""
    left = Counter({"upload": args.uploads, "read": args.reads})
    left_lock = threading.Lock()
    results = []  # (kind, status, code, retry_after, latency)
    finished = {}  # kind -> seconds from the start to its last answer
    results_lock = threading.Lock()
    started = time.perf_counter()
    deadline = time.monotonic() + args.cap

    def worker(kind):
        client = Client(host, port, token)
        while time.monotonic() < deadline:
            with left_lock:
                if left[kind] <= 0:
                    return
                left[kind] -= 1
            if kind == "upload":
                path, body = uploads.next()
                status, code, retry, latency, data = client.request("POST", path, body)
                if status in (200, 201):
                    try:
                        new_id = json.loads(data)["id"]
                        with ids_lock:
                            ids.append(new_id)
                    except (ValueError, KeyError):
                        pass
            else:
                with ids_lock:
                    target = random.choice(ids)
                status, code, retry, latency, _ = client.request(
                    "GET", f"/v1/conversations/{target}/coaching"
                )
            with results_lock:
                results.append((kind, status, code, retry, latency))
                finished[kind] = time.perf_counter() - started

    threads = [
        threading.Thread(target=worker, args=(kind,), daemon=True)
        for kind in ("upload", "read")
        if left[kind] > 0
        for _ in range(concurrency)
    ]
    for t in threads:
        t.start()
    for t in threads:
        # Requests in flight at the cap end by themselves (the server's own timeout).
        t.join()
    elapsed = time.perf_counter() - started
    return results, elapsed, finished, left


def summarise(kind, results, elapsed):
    mine = [r for r in results if r[0] == kind]
    ok = sorted(r[4] * 1000 for r in mine if 200 <= r[1] < 300)
    statuses = Counter()
    busy = timeouts = unexpected_5xx = no_answer = 0
    retry_after_missing = 0
    for _, status, code, retry, _ in mine:
        if status == 0:
            no_answer += 1
        elif status == 503:
            if code == "timeout":
                timeouts += 1
            else:
                busy += 1
            if retry is None:
                retry_after_missing += 1
        elif status >= 500:
            unexpected_5xx += 1
            statuses[status] += 1
        elif status >= 400:
            statuses[status] += 1
    rejected = sorted(r[4] * 1000 for r in mine if r[1] == 503)
    return {
        "requests": len(mine),
        "ok": len(ok),
        "rps": len(mine) / elapsed if elapsed > 0 else 0.0,
        "p50": percentile(ok, 0.50),
        "p99": percentile(ok, 0.99),
        "busy": busy,
        "timeouts": timeouts,
        "retry_after_missing": retry_after_missing,
        "rejected_p99": percentile(rejected, 0.99),
        "unexpected_5xx": unexpected_5xx,
        "no_answer": no_answer,
        "other": statuses,
    }


def fmt_ms(value):
    return "–" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def wait_ready(host, port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"load.py: the server did not answer /healthz within {seconds:.0f} s")


def main():
    args = parse_args()
    host, port = loopback(args.addr)
    if args.wait:
        wait_ready(host, port, args.wait)
    fixtures = DEFAULT_FIXTURES
    if args.fixture:
        fixtures = [tuple(f.split("|", 2)) for f in args.fixture]
    uploads = Uploads(fixtures, nonce=f"{time.time_ns():x}")
    ids, ids_lock = [], threading.Lock()

    # Something to read from the first request on: one upload per fixture.
    seed = Client(host, port, args.token)
    for _ in fixtures:
        path, body = uploads.next()
        status, code, _, _, data = seed.request("POST", path, body)
        if status not in (200, 201):
            sys.exit(f"load.py: the seed upload answered {status} {code}: {data[:300]!r}")
        ids.append(json.loads(data)["id"])

    rows = []
    failed = False
    for level in [int(x) for x in args.levels.split(",") if x.strip()]:
        results, elapsed, finished, unsent = run_level(
            host, port, args.token, level, args, uploads, ids, ids_lock
        )
        rss = vm_hwm_kib(args.pid)
        for kind in ("upload", "read"):
            s = summarise(kind, results, finished.get(kind, 0.0))
            if s["requests"] == 0 and kind == "upload" and args.uploads == 0:
                continue
            if s["requests"] == 0 and kind == "read" and args.reads == 0:
                continue
            failed |= s["unexpected_5xx"] > 0 or s["no_answer"] > 0
            rows.append((level, kind, s, elapsed, unsent, rss))
        print(
            f"level {level}: {len(results)} requests in {elapsed:.1f} s, "
            f"{sum(unsent.values())} not sent by the {args.cap:.0f} s cap",
            file=sys.stderr,
            flush=True,
        )

    label = f"{args.label} " if args.label else ""
    print(
        f"| {label}clients per kind | kind | requests | ok | req/s | p50 ms | p99 ms "
        "| 503 busy | 503 timeout | other 5xx | 4xx / no answer | not sent | peak RSS MiB |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    for level, kind, s, elapsed, unsent, rss in rows:
        errors = ", ".join(f"{k}×{v}" for k, v in sorted(s["other"].items()) if k < 500)
        if s["no_answer"]:
            errors = ", ".join(filter(None, [errors, f"no answer×{s['no_answer']}"]))
        other_5xx = sum(v for k, v in s["other"].items() if k >= 500)
        print(
            f"| {level} | {kind} | {s['requests']} | {s['ok']} | {s['rps']:.1f} "
            f"| {fmt_ms(s['p50'])} | {fmt_ms(s['p99'])} | {s['busy']} | {s['timeouts']} "
            f"| {other_5xx} | {errors or '0'} | {unsent[kind]} "
            f"| {'' if rss is None else f'{rss / 1024:.0f}'} |"
        )
    for level, kind, s, _, _, _ in rows:
        if s["busy"] or s["timeouts"]:
            missing = s["retry_after_missing"]
            print(
                f"\nconcurrency {level}, {kind}: {s['busy'] + s['timeouts']} answered 503 "
                f"(p99 {fmt_ms(s['rejected_p99'])} ms to the refusal), "
                f"{'all with Retry-After' if missing == 0 else f'{missing} without Retry-After'}."
            )
            failed |= missing > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
