#!/usr/bin/env bash
# Load benchmark of `briefing serve` (a benchmark, not a test): builds release,
# serves a copy of this repository's site on a free port, floods it with
# REQUESTS requests over CONNECTIONS connections with wrk (a page, a stylesheet
# and a missing page, in turn), samples the server's memory from
# /proc/PID/status before, during and after, and prints requests/s, error and
# status counts and peak memory.
#
#   benches/load.sh [REQUESTS] [CONNECTIONS]      (defaults: 10000 64)
#
# Needs wrk (Debian: apt-get install wrk) and Linux /proc.
set -euo pipefail
requests=${1:-10000}
connections=${2:-64}
threads=2
here=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || { echo "load.sh needs wrk (apt-get install wrk)" >&2; exit 2; }

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
binary="$here/target/release/briefing"

work=$(mktemp -d)
server_pid=""
sampler_pid=""
cleanup() {
  [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The repository's site, without its build output.
mkdir "$work/site"
for part in content themes templates static site.toml sources.yaml; do
  [ -e "$here/$part" ] && cp -R "$here/$part" "$work/site/"
done

"$binary" --root "$work/site" --quiet serve --port 0 >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
url=""
for _ in $(seq 1 200); do
  url=$(sed -n 's/^Serving at \([^ ]*\).*/\1/p' "$work/stdout")
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { echo "the server did not start:" >&2; cat "$work/stderr" >&2; exit 1; }

# Wait for the first build, then pick a page and a stylesheet the site serves.
for _ in $(seq 1 200); do
  curl -sf "${url}__briefing/status" | grep -q '"ok":true' && break
  sleep 0.05
done
files=$(curl -sf "${url}__briefing/files")
css=$(echo "$files" | grep '\.css$' | head -n 1)
page=$(echo "$files" | grep '/index\.html$' | head -n 1 | sed 's/index\.html$//')
paths=("/" "/$css" "/$page" "/no-such-page/")
echo "serving $url (pid $server_pid); paths: ${paths[*]}"

memory() { # prints VmRSS and VmHWM in kB
  awk '/^VmRSS:/ {rss=$2} /^VmHWM:/ {hwm=$2} END {print rss, hwm}' "/proc/$server_pid/status"
}
read -r rss_before _ < <(memory)

# Sample during the run.
(
  while kill -0 "$server_pid" 2>/dev/null; do
    awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || true
    sleep 0.02
  done
) >"$work/samples" &
sampler_pid=$!

# Each wrk thread stops after its share of the requests and times itself with
# a monotonic clock (wrk's own duration is always the full -d).
lua_paths=$(printf '"%s",' "${paths[@]}")
cat >"$work/load.lua" <<EOF
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } timespec_t;
  int clock_gettime(int clock, timespec_t *now);
]]
local function now_us()
  local t = ffi.new("timespec_t")
  ffi.C.clock_gettime(1, t) -- CLOCK_MONOTONIC
  return tonumber(t.tv_sec) * 1e6 + tonumber(t.tv_nsec) / 1e3
end
local paths = { ${lua_paths} }
local threads = {}
local per_thread = math.ceil(${requests} / ${threads})
function setup(thread) table.insert(threads, thread) end
function init(args)
  sent, done_count, ok, missing, other = 0, 0, 0, 0, 0
  started, elapsed = nil, 0
end
function request()
  started = started or now_us()
  sent = sent + 1
  return wrk.format("GET", paths[(sent % #paths) + 1])
end
function response(status, headers, body)
  done_count = done_count + 1
  if status == 200 then ok = ok + 1
  elseif status == 404 then missing = missing + 1
  else other = other + 1 end
  if done_count >= per_thread then
    elapsed = now_us() - started
    wrk.thread:stop()
  end
end
function done(summary, latency, requests)
  local t = { ok = 0, missing = 0, other = 0 }
  local seconds = 0
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + thread:get(key) end
    seconds = math.max(seconds, thread:get("elapsed") / 1e6)
  end
  local errors = summary.errors
  local answered = t.ok + t.missing + t.other
  io.write(string.format("requests: %d answered in %.2f s = %.0f requests/s\n",
    answered, seconds, answered / seconds))
  io.write(string.format("status 200: %d, status 404 (expected, the missing page): %d, other status: %d\n",
    t.ok, t.missing, t.other))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d; status >= 400 counted by wrk: %d\n",
    errors.connect, errors.read, errors.write, errors.timeout, errors.status))
  io.write(string.format("latency: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
EOF
wrk -t "$threads" -c "$connections" -d 20s --timeout 10s -s "$work/load.lua" "$url" | sed -n '/^requests:/,$p'

kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
read -r rss_during_peak < <(sort -n "$work/samples" | tail -n 1)
sleep 1
read -r rss_after hwm < <(memory)
curl -sf -o /dev/null "$url" || { echo "the server stopped answering" >&2; exit 1; }
peak=$(( rss_during_peak > hwm ? rss_during_peak : hwm ))
echo "server RSS: before ${rss_before} kB, peak ${peak} kB (highest sample ${rss_during_peak} kB, VmHWM ${hwm} kB), after ${rss_after} kB"
