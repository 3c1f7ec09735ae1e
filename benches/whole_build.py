#!/usr/bin/env python3
"""Whole-process build benchmark: briefing against Hugo (from Debian) on the same
generated corpus, alternating runs (A B A B ...), output deleted before each run,
on tmpfs. Prints the median wall time and peak RSS of each, and their ratio.

    python3 benches/whole_build.py --pages 10000 --runs 5
    python3 benches/whole_build.py --pages 50000 --runs 5 --no-hugo

Needs: a release build (cargo build --release), ../shared/bench/gen_corpus.py,
/usr/bin/time, and `hugo` on PATH unless --no-hugo.
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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", default="/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir())
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "briefing"))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix=f"briefing-bench-{args.pages}-", dir=args.dir)
    try:
        site = os.path.join(work, "briefing")
        subprocess.run(["bash", os.path.join(HERE, "corpus.sh"), str(args.pages), site], check=True, stdout=subprocess.DEVNULL)
        peers = os.path.join(work, "peers")
        use_hugo = not args.no_hugo and shutil.which("hugo")
        if use_hugo:
            subprocess.run([sys.executable, GEN, "--pages", str(args.pages), "--out", peers], check=True, stdout=subprocess.DEVNULL)
        results = {"briefing": [], "hugo": []}
        for _ in range(args.runs):
            shutil.rmtree(os.path.join(site, "public"), ignore_errors=True)
            results["briefing"].append(timed([args.binary, "build", "--quiet"], site))
            if use_hugo:
                hugo_site = os.path.join(peers, "hugo")
                shutil.rmtree(os.path.join(hugo_site, "public"), ignore_errors=True)
                results["hugo"].append(timed(["hugo", "--quiet"], hugo_site))
        print(f"{args.pages} pages, {args.runs} runs each, medians:")
        medians = {}
        for name, runs in results.items():
            if not runs:
                continue
            wall = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs)
            medians[name] = wall
            print(f"  {name:9} {wall:7.3f} s  {rss:8.1f} MiB   (runs: {', '.join(f'{r[0]:.2f}' for r in runs)})")
        print(f"  briefing per page: {medians['briefing'] / args.pages * 1e6:.1f} µs")
        if "hugo" in medians:
            print(f"  briefing / hugo: {medians['briefing'] / medians['hugo']:.3f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
