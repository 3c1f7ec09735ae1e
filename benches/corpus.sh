#!/usr/bin/env bash
# Writes a ready-to-build briefing site of N pages at DIR from the neutral tree of
# ../shared/bench/gen_corpus.py, plus a site.toml and templates that do the same
# work as the Hugo and Zola templates it writes (base, page with prev/next and
# actor links, section lists, home, per-actor listing, sitemap).
#
#   benches/corpus.sh 10000 /dev/shm/briefing-10k
#
# With --images, one page in 100 also shows a 1600-px JPEG of its own
# (content/bench-images/, written by `cargo bench --bench bench_images`),
# for the image benchmark of docs/performance.md. Without it the corpus is the
# same as ever.
set -euo pipefail
images=0
if [ "${3:-}" = "--images" ]; then
  images=1
  set -- "$1" "$2"
fi
if [ $# -ne 2 ]; then
  echo "usage: $0 PAGES DIR [--images]" >&2
  exit 2
fi
pages=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
gen=${GEN_CORPUS:-$here/../../shared/bench/gen_corpus.py}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$gen" --pages "$pages" --out "$tmp" --only neutral >/dev/null
rm -rf "$dir"
mkdir -p "$dir"
mv "$tmp/neutral/content" "$dir/content"
cp -R "$here/corpus-site/." "$dir/"
echo "$dir: $(find "$dir/content" -name '*.md' | wc -l) Markdown files"
if [ "$images" = 1 ]; then
  # Every 100th page in name order (sections' _index.md left out).
  mapfile -t chosen < <(cd "$dir/content" && find . -name '*.md' ! -name '_index.md' | LC_ALL=C sort | awk 'NR % 100 == 1')
  (cd "$here/.." && cargo bench --quiet --bench bench_images -- "$dir/content/bench-images" "${#chosen[@]}")
  n=0
  for page in "${chosen[@]}"; do
    printf '\n![Benchmark image %d, a generated pattern](@/bench-images/img-%04d.jpg)\n' "$n" "$n" >> "$dir/content/$page"
    n=$((n + 1))
  done
  echo "$dir: $n pages with a 1600-px image"
fi
