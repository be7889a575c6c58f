#!/usr/bin/env bash
# Live-edit latency at scale, in Chromium: benches/live.sh [N...] (default: 1000 10000).
#
# For each N: copies the generated N-question handbook (/tmp/bench-N/handbook, made by
# ../shared/bench/gen_corpus.py) to a temporary folder, starts the release `prepbook serve` on
# it, opens the page of its first document (about 50 questions) in Chromium and rewords one
# answer nine times (benches/live.mjs): from each write to the new words on screen. Issue 16's
# bar is a median of 100 ms at 1,000 and 10,000 questions.
#
# Environment: SKIP_BUILD=1 to use the release binary already built; BIN to name another.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook}
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 10000); fi
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
fi
for n in "${SIZES[@]}"; do
  [[ -f /tmp/bench-$n/manifest.json ]] || python3 "$HERE/../shared/bench/gen_corpus.py" --questions "$n" --out "/tmp/bench-$n" >/dev/null
  work=$(mktemp -d)
  cp -r "/tmp/bench-$n/handbook" "$work/content"
  port=$((20000 + RANDOM % 20000))
  (cd "$work" && exec "$BIN" serve --content content --port "$port" >"$work/serve.log" 2>&1) &
  server=$!
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "== $n questions"
  node "$HERE/benches/live.mjs" "http://127.0.0.1:$port/part-001.html" "$work/content/part-001.md" || true
  kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
  rm -rf "$work"
done
