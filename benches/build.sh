#!/usr/bin/env bash
# Full-build benchmark: prepbook build against Hugo (and Hugo + Pagefind) on the generated corpus.
#
#   benches/build.sh [N...]     N questions per corpus (default: 1000 10000); corpus in /tmp/bench-N
#
# For each N: generates the corpus if /tmp/bench-N/manifest.json is missing, then, in the same
# run, times `prepbook build` twice over: "prepbook" rebuilds over its previous output (cold:
# prepbook keeps no cache and renders, highlights and indexes everything again; only files whose
# bytes did not change are hard-linked from the site being replaced instead of written, see
# src/write.rs), and "prepbook (empty output)" builds into a new, empty folder on every run (a
# first build, as on CI; the folders are removed after the row). Then `hugo --minify=false` on
# /tmp/bench-N/hugo and `hugo --minify=false && pagefind --site public` exactly as
# ../shared/bench/peers.sh runs them (Hugo, too, writes over its previous public/), with
# ../shared/bench/timecmd.py
# (one uncounted warm-up, then RUNS counted runs). Prints one table: median wall and cpu seconds,
# peak MiB, output bytes (du -sb), output files, HTML files and questions rendered (occurrences of
# "Sample Answer:" in the part pages, as peers.sh counts them), followed by the reference figures
# for Zola 0.21 and mdBook from ../shared/bench/README.md (measured on another machine).
#
# Environment:
#   RUNS          counted runs per row (default 3)
#   SKIP_BUILD=1  do not run `cargo build --release` first (use the binary already built)
#   PEERS_ROOT    where ../shared/bench/install-peers.sh put the peers (default /opt/peers);
#                 hugo is taken from $PEERS_ROOT/bin, then PATH, then `apt-get install hugo`;
#                 without it the hugo rows are skipped with a message
#   PAGEFIND_DIR  npm prefix for pagefind when $PEERS_ROOT/bin/pagefind and PATH have none
#                 (default /tmp/prepbook-bench-pagefind); NO_PAGEFIND=1 skips that row
# Tool logs and raw timer output land in /tmp/bench-N/results-build/.
# mdBook and Zola are not run here (they take too long to compile on this machine).
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
source "$HERE/benches/pagefind.sh"
BENCH=$HERE/../shared/bench
RUNS=${RUNS:-3}
PEERS_ROOT=${PEERS_ROOT:-/opt/peers}
PAGEFIND_DIR=${PAGEFIND_DIR:-/tmp/prepbook-bench-pagefind}
BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 10000); fi

# corpora ------------------------------------------------------------------
for n in "${SIZES[@]}"; do
  if [[ ! -f /tmp/bench-$n/manifest.json ]]; then
    echo "== generating /tmp/bench-$n" >&2
    python3 "$BENCH/gen_corpus.py" --questions "$n" --out "/tmp/bench-$n" --seed 42 --force >/dev/null
  fi
done

# prepbook -----------------------------------------------------------------
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
fi
[[ -x $BIN ]] || { echo "no binary at $BIN (build it, or drop SKIP_BUILD=1)" >&2; exit 1; }

# hugo ---------------------------------------------------------------------
[[ -d $PEERS_ROOT/bin ]] && export PATH="$PEERS_ROOT/bin:$PATH"
if ! command -v hugo >/dev/null 2>&1; then
  echo "== hugo not found: installing Debian's hugo package" >&2
  SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null 2>&1; then
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null 2>&1 || true
  fi
fi
HAVE_HUGO=0; command -v hugo >/dev/null 2>&1 && HAVE_HUGO=1
if [[ $HAVE_HUGO == 1 ]]; then
  V_HUGO=$(hugo version 2>/dev/null | awk '{print $1, $2}')
else
  echo "!! HUGO IS MISSING (not in $PEERS_ROOT/bin, not on PATH, apt-get install failed):" \
       "timing prepbook alone" >&2
fi

# pagefind (npm ships the native binary; link it so node's start-up is not timed, as
# install-peers.sh does) ------------------------------------------------------
HAVE_PAGEFIND=0
if [[ $HAVE_HUGO == 1 && ${NO_PAGEFIND:-0} != 1 ]]; then
  ensure_pagefind
  if command -v pagefind >/dev/null 2>&1; then
    HAVE_PAGEFIND=1; V_PAGEFIND=$(pagefind --version 2>/dev/null | head -n1)
  else
    echo "!! pagefind not available: the hugo+pagefind row is skipped" >&2
  fi
fi

# helpers --------------------------------------------------------------------
bytes() { if [[ -e $1 ]]; then du -sb "$1" | cut -f1; else echo 0; fi; }
files() { if [[ -e $1 ]]; then find "$1" -type f | wc -l; else echo 0; fi; }
htmls() { if [[ -e $1 ]]; then find "$1" -type f -name '*.html' | wc -l; else echo 0; fi; }
# one "Sample Answer" heading per question in the per-part pages (as peers.sh counts, but
# with the colon optional: prepbook renders the heading as "Sample Answer", without it)
answers() {
  local n=0 f
  for f in "$1"/part-*.html "$1"/part-*/index.html; do
    if [[ -f $f ]]; then n=$((n + $( { grep -o 'Sample Answer' "$f" || true; } | wc -l))); fi
  done
  echo $n
}
ROWS=()
# bench_row N NAME WORKDIR OUTDIR CMD...: one checked run, then the timer
bench_row() {
  local n=$1 name=$2 wd=$3 out=$4; shift 4
  local res=/tmp/bench-$n/results-build
  local log=$res/$name.log raw=$res/$name.timer
  local shown w; shown=; for w in "$@"; do [[ $w == *" "* ]] && w="'$w'"; shown+="${shown:+ }$w"; done
  echo "== N=$n $name: (cd $wd && $shown) [load $(cut -d' ' -f1-3 /proc/loadavg)]" >&2
  if ! (cd "$wd" && "$@") >"$log" 2>&1; then
    echo "   FAILED, see $log" >&2; tail -n 5 "$log" >&2
    ROWS+=("$(printf '| %s | %s | FAILED | | | | | | |' "$n" "$name")")
    return 0
  fi
  (cd "$wd" && python3 "$BENCH/timecmd.py" -n "$RUNS" -- "$@") >"$raw" 2>&1 || true
  local wall cpu peak
  wall=$(awk '/^wall s/ {print $(NF-1)}' "$raw")
  cpu=$(awk '/^cpu s/ {print $(NF-1)}' "$raw")
  peak=$(awk '/^peak MiB/ {print $(NF-1)}' "$raw")
  if [[ -z $wall ]]; then wall="timer failed ($raw)"; tail -n 5 "$raw" >&2; fi
  grep -q '^exit codes: \(0 \?\)*$' "$raw" || echo "   some timed runs failed: $(grep '^exit codes' "$raw")" >&2
  echo "   wall $wall s, cpu $cpu s, peak $peak MiB [load after: $(cut -d' ' -f1-3 /proc/loadavg)]" >&2
  ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$n" "$name" "$wall" "$cpu" "$peak" \
    "$(bytes "$out")" "$(files "$out")" "$(htmls "$out")" "$(answers "$out")")")
}

# runs -----------------------------------------------------------------------
for n in "${SIZES[@]}"; do
  DIR=/tmp/bench-$n
  rm -rf "$DIR/results-build"; mkdir -p "$DIR/results-build"
  # cwd is the corpus folder, which has no prepbook.yaml: defaults plus the two flags
  bench_row "$n" prepbook "$DIR" "$DIR/prepbook-out" \
    "$BIN" build --content "$DIR/handbook" --output "$DIR/prepbook-out"
  # a new folder per run (named by the clock), so that nothing is there to link from
  rm -rf "$DIR/prepbook-fresh"; mkdir -p "$DIR/prepbook-fresh"
  bench_row "$n" "prepbook (empty output)" "$DIR" "$DIR/prepbook-out" \
    sh -c 'exec "$0" build --content "$1/handbook" --output "$1/prepbook-fresh/$(date +%s%N)"' \
    "$BIN" "$DIR"
  rm -rf "$DIR/prepbook-fresh"
  if [[ -d $DIR/.prepbook-cache || -d $DIR/handbook/.prepbook-cache ]]; then
    echo "   note: prepbook left a .prepbook-cache: runs after the first were not cold" >&2
  fi
  if [[ $HAVE_HUGO == 1 ]]; then
    rm -rf "$DIR/hugo/public"
    bench_row "$n" "hugo" "$DIR/hugo" "$DIR/hugo/public" hugo --minify=false
    if [[ $HAVE_PAGEFIND == 1 ]]; then
      bench_row "$n" "hugo+pagefind" "$DIR/hugo" "$DIR/hugo/public" \
        sh -c 'hugo --minify=false && pagefind --site public'
    fi
  fi
done

# report ---------------------------------------------------------------------
echo
echo "prepbook: $("$BIN" --version 2>/dev/null | head -n1) ($BIN, $(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n $(git -C "$HERE" status --porcelain --untracked-files=no 2>/dev/null) ]] && echo ', dirty tree'))"
if [[ $HAVE_HUGO == 1 ]]; then echo "hugo: $V_HUGO"; else echo "hugo: MISSING, rows skipped"; fi
if [[ $HAVE_PAGEFIND == 1 ]]; then echo "pagefind: $V_PAGEFIND ($(command -v pagefind))"
elif [[ $HAVE_HUGO == 1 ]]; then echo "pagefind: not available, row skipped"; fi
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u +%Y-%m-%d); timecmd.py, $RUNS runs after 1 warm-up, medians"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (it includes this benchmark itself; a foreign job such as a cargo build or test on the same 2 cores inflates the rows it overlaps)"
echo
echo "| questions | tool | wall s | cpu s | peak MiB | output bytes | output files | html files | questions rendered |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${ROWS[@]}"

# reference rows from ../shared/bench/README.md: | 1,000 | zola 0.21 | mdbook | hugo | hugo+pagefind |
echo
echo "Reference (../shared/bench/README.md, ANOTHER 2-core machine, median wall s; not comparable in absolute terms):"
echo
echo "| questions | Zola 0.21 (syntect) | mdBook 0.5.4 | Hugo 0.111 (no search) | Hugo + Pagefind |"
echo "| --- | --- | --- | --- | --- |"
for n in "${SIZES[@]}"; do
  ref=$(awk -F'|' -v n="$n" '{ q = $2; gsub(/[ ,]/, "", q) } q == n && NF >= 6 { print }' "$BENCH/README.md")
  echo "${ref:-| $n | no reference figure | | | |}"
done
