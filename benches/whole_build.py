#!/usr/bin/env python3
"""Whole-process build benchmark: briefing against Hugo (from Debian) and Zola
(0.22.1, built from source: see docs/performance.md) on the same generated corpus,
alternating runs (briefing, Hugo, Zola, briefing, ...), output deleted before each
run, on tmpfs. Prints the median wall time and peak RSS of each, and the ratios of
briefing's medians to each peer's.

    python3 benches/whole_build.py --pages 10000 --runs 5
    python3 benches/whole_build.py --pages 50000 --runs 3 --no-hugo
    python3 benches/whole_build.py --pages 10000 --zola /work/zola-build/target/release/zola

Needs: a release build (cargo build --release), ../shared/bench/gen_corpus.py,
/usr/bin/time, `hugo` on PATH unless --no-hugo, and a Zola binary (--zola, the
ZOLA environment variable, or `zola` on PATH) unless --no-zola; a peer that is
not found is left out with a note.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.environ.get("GEN_CORPUS", os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py"))


def timed(cmd, cwd):
    """Runs cmd; returns (wall seconds, peak RSS MiB)."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %M"] + cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def find_zola(given):
    for candidate in (given, os.environ.get("ZOLA"), shutil.which("zola")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", default="/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir())
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-zola", action="store_true")
    parser.add_argument("--zola", help="the Zola binary (default: $ZOLA, then zola on PATH)")
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "briefing"))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix=f"briefing-bench-{args.pages}-", dir=args.dir)
    try:
        site = os.path.join(work, "briefing")
        subprocess.run(["bash", os.path.join(HERE, "corpus.sh"), str(args.pages), site], check=True, stdout=subprocess.DEVNULL)
        peers = os.path.join(work, "peers")
        hugo = None if args.no_hugo else shutil.which("hugo")
        zola = None if args.no_zola else find_zola(args.zola)
        if not args.no_hugo and not hugo:
            print("note: hugo not found (apt-get install -y hugo): left out", file=sys.stderr)
        if not args.no_zola and not zola:
            print("note: zola not found (--zola PATH or ZOLA=PATH): left out", file=sys.stderr)
        trees = [t for t, on in (("hugo", hugo), ("zola", zola)) if on]
        if trees:
            subprocess.run(
                [sys.executable, GEN, "--pages", str(args.pages), "--out", peers, "--only", ",".join(trees)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        commands = [("briefing", site, [args.binary, "build", "--quiet"])]
        if hugo:
            commands.append(("hugo", os.path.join(peers, "hugo"), [hugo, "--quiet"]))
        if zola:
            commands.append(("zola", os.path.join(peers, "zola"), [zola, "build"]))
        results = {name: [] for name, _, _ in commands}
        for _ in range(args.runs):
            for name, cwd, cmd in commands:
                shutil.rmtree(os.path.join(cwd, "public"), ignore_errors=True)
                results[name].append(timed(cmd, cwd))
        print(f"{args.pages} pages, {args.runs} runs each (alternating), medians:")
        medians = {}
        for name, runs in results.items():
            wall = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs)
            medians[name] = (wall, rss)
            print(f"  {name:9} {wall:7.3f} s  {rss:8.1f} MiB   (runs: {', '.join(f'{r[0]:.2f}' for r in runs)})")
        print(f"  briefing per page: {medians['briefing'][0] / args.pages * 1e6:.1f} µs")
        for peer in ("hugo", "zola"):
            if peer in medians:
                wall = medians["briefing"][0] / medians[peer][0]
                rss = medians["briefing"][1] / medians[peer][1]
                print(f"  briefing / {peer}: time {wall:.3f}, peak memory {rss:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
