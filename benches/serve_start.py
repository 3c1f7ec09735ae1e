#!/usr/bin/env python3
"""Serve start against a one-shot build: how long `briefing serve` takes from
its start to the first page served (HTTP 200 for /), next to the wall time of
`briefing build` of the same site. A benchmark, not a test.

  python3 benches/serve_start.py --bin target/release/briefing \
      --site /dev/shm/w10k [--rounds 7] [--port 18190]

Runs alternate (build, serve, build, serve, ...) so both see the same load.
The build writes to a fresh folder on /dev/shm each round; serve's start is
timed from just before the process is spawned to the end of the first 200
response to GET / (polled every millisecond: the listener is bound before the
first build, so a request waits in its backlog until the site is ready).
Prints the medians, their ratio (target: at most 1.5) and the load average.
Stdlib only; it stops only the processes it started.
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time


def first_ok(port, deadline):
    """Polls GET / until it answers 200; returns the time it did."""
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
                s.sendall(request)
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            if data.startswith(b"HTTP/1.1 200"):
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.001)
    raise SystemExit("serve did not answer 200 in time")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--port", type=int, default=18190)
    args = parser.parse_args()
    env = dict(os.environ, NO_COLOR="1")
    builds, serves = [], []
    load_before = os.getloadavg()
    for _ in range(args.rounds):
        out = tempfile.mkdtemp(prefix="serve-start-", dir="/dev/shm")
        try:
            start = time.monotonic()
            subprocess.run(
                [args.bin, "--root", args.site, "build", "-o", out],
                check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            builds.append(time.monotonic() - start)
        finally:
            shutil.rmtree(out, ignore_errors=True)
        start = time.monotonic()
        server = subprocess.Popen(
            [args.bin, "--root", args.site, "serve", "--port", str(args.port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            served = first_ok(args.port, start + 120)
            serves.append(served - start)
        finally:
            server.terminate()
            server.wait()
    build = statistics.median(builds)
    serve = statistics.median(serves)
    print(f"build   median {build * 1000:.0f} ms  ({', '.join(f'{b * 1000:.0f}' for b in builds)})")
    print(f"serve   median {serve * 1000:.0f} ms to the first 200 of /  ({', '.join(f'{s * 1000:.0f}' for s in serves)})")
    print(f"serve / build = {serve / build:.2f}  (target <= 1.5)")
    load_after = os.getloadavg()
    print("load average before %.2f %.2f %.2f, after %.2f %.2f %.2f" % (*load_before, *load_after))


if __name__ == "__main__":
    main()
