#!/usr/bin/env bash
# Search benchmark: prepbook's search index in a real browser, beside Pagefind on the same site.
#
#   benches/search.sh [N]       N questions (default 10000); corpus and site in /tmp/bench-N
#
# Generates the corpus if /tmp/bench-N/handbook is missing, builds the site with the release
# binary if /tmp/bench-N/prepbook-out is missing (`prepbook build --content /tmp/bench-N/handbook
# --output /tmp/bench-N/prepbook-out`, after `cargo build --release` unless SKIP_BUILD=1), copies
# the site to /tmp/bench-N/results-search/pagefind-site and runs `pagefind --site` on the copy,
# then runs benches/search.mjs (Debian's chromium through playwright-core from tests/browser):
# bytes loaded by the first query for a common and a rare word (typed into #search in a fresh
# browser context; raw, and gzip by zlib), cold and warm median / p90 query time over ~50 queries,
# index size, file count and largest file; the same for Pagefind. Prints one table and the
# targets (first query < 100 KB gzip, manifest ≤ 20 KB gzip, no file over 250 KB, median query
# < 10 ms).
#
# Environment:
#   SKIP_BUILD=1  never run cargo (the site must exist, or the binary to build it)
#   REBUILD=1     rebuild the site even if /tmp/bench-N/prepbook-out exists
#   TYPE_DELAY    milliseconds between keystrokes when typing a query (default 120)
#   PEERS_ROOT    where ../shared/bench/install-peers.sh put the peers (default /opt/peers)
#   PAGEFIND_DIR  npm prefix for pagefind when $PEERS_ROOT/bin/pagefind and PATH have none
#                 (default /tmp/prepbook-bench-pagefind; installed there with npm if missing);
#                 NO_PAGEFIND=1 skips Pagefind
# Pagefind's log and the measurements as JSON land in /tmp/bench-N/results-search/.
# Exit status: 1 if something failed or prepbook's search misbehaved (page or console errors,
# failed requests, no results for a word of the corpus, the rare word's question not first);
# missed targets alone do not fail.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
source "$HERE/benches/pagefind.sh"
BENCH=$HERE/../shared/bench
N=${1:-10000}
DIR=/tmp/bench-$N
SITE=$DIR/prepbook-out
OUT=$DIR/results-search
PEERS_ROOT=${PEERS_ROOT:-/opt/peers}
PAGEFIND_DIR=${PAGEFIND_DIR:-/tmp/prepbook-bench-pagefind}
BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook

# corpus and site -------------------------------------------------------------
if [[ ! -d $DIR/handbook ]]; then
  echo "== generating /tmp/bench-$N" >&2
  python3 "$BENCH/gen_corpus.py" --questions "$N" --out "$DIR" --seed 42 --force >/dev/null
fi
if [[ ! -f $SITE/index.html || ${REBUILD:-0} == 1 ]]; then
  if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
  fi
  [[ -x $BIN ]] || { echo "no binary at $BIN (build it, or drop SKIP_BUILD=1)" >&2; exit 1; }
  echo "== building $SITE" >&2
  (cd "$DIR" && "$BIN" build --content "$DIR/handbook" --output "$SITE") >&2
fi
[[ -d $SITE/search ]] || { echo "$SITE has no search/ folder" >&2; exit 1; }

# browser -------------------------------------------------------------------
command -v node >/dev/null 2>&1 || { echo "node is missing" >&2; exit 1; }
if [[ ! -d $HERE/tests/browser/node_modules/playwright-core ]]; then
  echo "== installing playwright-core into tests/browser" >&2
  (cd "$HERE/tests/browser" && npm install --no-audit --no-fund --silent >/dev/null 2>&1) ||
    { echo "could not install playwright-core (cd tests/browser && npm install)" >&2; exit 1; }
fi

# pagefind (as benches/build.sh finds it) --------------------------------------
rm -rf "$OUT"; mkdir -p "$OUT"
PF_ARGS=()
if [[ ${NO_PAGEFIND:-0} != 1 ]]; then
  [[ -d $PEERS_ROOT/bin ]] && export PATH="$PEERS_ROOT/bin:$PATH"
  ensure_pagefind
  if command -v pagefind >/dev/null 2>&1; then
    V_PAGEFIND=$(pagefind --version 2>/dev/null | head -n1)
    echo "== copying the site and running $V_PAGEFIND on the copy" >&2
    cp -a "$SITE" "$OUT/pagefind-site"
    start=$(date +%s.%N)
    if pagefind --site "$OUT/pagefind-site" >"$OUT/pagefind.log" 2>&1; then
      secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
      PF_ARGS=(--pagefind "$OUT/pagefind-site" --pagefind-version "$V_PAGEFIND" --pagefind-seconds "$secs")
    else
      echo "!! pagefind failed, see $OUT/pagefind.log; its column is skipped" >&2
      tail -n 5 "$OUT/pagefind.log" >&2
    fi
  else
    echo "!! pagefind not available: its column is skipped" >&2
  fi
fi

# measure ---------------------------------------------------------------------
echo "== prepbook: $("$BIN" --version 2>/dev/null | head -n1 || echo '?') ($(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')); site $SITE" >&2
node "$HERE/benches/search.mjs" --handbook "$DIR/handbook" --prepbook "$SITE" \
  --json "$OUT/search.json" ${PF_ARGS[@]+"${PF_ARGS[@]}"}
