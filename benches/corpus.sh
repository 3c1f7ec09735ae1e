#!/usr/bin/env bash
# Writes a ready-to-build briefing site of N pages at DIR from the neutral tree of
# ../shared/bench/gen_corpus.py, plus a site.toml and templates that do the same
# work as the Hugo and Zola templates it writes (base, page with prev/next and
# actor links, section lists, home, per-actor listing, sitemap).
#
#   benches/corpus.sh 10000 /dev/shm/briefing-10k
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 PAGES DIR" >&2
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
