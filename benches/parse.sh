#!/usr/bin/env bash
# Load+parse benchmark: prepbook check over the generated benchmark handbook.
#
#   benches/parse.sh [N]        N questions (default 10000); corpus in /tmp/bench-N
#
# `prepbook check` walks, reads, decodes, parses and lints every document and prints the
# diagnostics: the load+parse half of a build, with nothing rendered. It runs once on one core
# (RAYON_NUM_THREADS=1, the figure the foundation issue asks for) and once on all cores.
# Needs ../shared/bench (the corpus generator and the whole-process timer).
set -euo pipefail
N=${1:-10000}
RUNS=${RUNS:-5}
HERE=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$HERE/../shared/bench
DIR=/tmp/bench-$N
[[ -f $DIR/manifest.json ]] || python3 "$BENCH/gen_corpus.py" --questions "$N" --out "$DIR" --seed 42 --force >/dev/null
cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook
bytes=$(cat "$DIR"/handbook/*.md | wc -c)
questions=$("$BIN" check --content "$DIR/handbook" | tail -n1 | sed -n 's/.* documents, \([0-9]*\) questions.*/\1/p')
echo "corpus: $DIR/handbook, $bytes bytes, $questions questions"
for threads in 1 "$(nproc)"; do
  out=$(RAYON_NUM_THREADS=$threads python3 "$BENCH/timecmd.py" -n "$RUNS" -- "$BIN" check --content "$DIR/handbook")
  wall=$(awk '/^wall s/ {print $(NF-1)}' <<<"$out")
  peak=$(awk '/^peak MiB/ {print $(NF-1)}' <<<"$out")
  awk -v b="$bytes" -v q="$questions" -v w="$wall" -v t="$threads" -v p="$peak" 'BEGIN {
    printf "threads=%s  median wall %.3f s  %.1f MB/s  %.0f questions/s  peak %s MiB\n", t, w, b / w / 1e6, q / w, p }'
done
