#!/usr/bin/env bash
# Many-small-files benchmark: N one-question documents, to show that a build's time grows with
# the number of documents no faster than linearly (issue 16: 20,000 files once took minutes).
#
#   benches/many_files.sh [N...]   N files per corpus (default: 1000 4000 20000)
#
# For each N: writes /tmp/many-N/content/ if it is missing: folders of 100 files, each a title,
# one numbered question and a short answer, every tenth with a code block (so that highlighting
# and the practice deck are exercised), then times `prepbook build` into /tmp/many-N/out with
# ../shared/bench/timecmd.py (one warm-up, RUNS counted runs, medians) and prints one row per N
# with the time per thousand files: a row that grows with N is the regression this guards.
# Hugo builds the same files beside it (when installed), with gen_corpus.py's templates.
#
# Environment: RUNS (default 3), SKIP_BUILD=1 to use the release binary already built.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$HERE/../shared/bench
RUNS=${RUNS:-3}
BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 4000 20000); fi
# Hugo's templates for the same files: those gen_corpus.py writes (title and content only).
BENCH_HUGO_LAYOUTS=/tmp/bench-1000/hugo/layouts
[[ -d $BENCH_HUGO_LAYOUTS ]] || python3 "$BENCH/gen_corpus.py" --questions 1000 --out /tmp/bench-1000 >/dev/null

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
fi
[[ -x $BIN ]] || { echo "no binary at $BIN (build it, or drop SKIP_BUILD=1)" >&2; exit 1; }

for n in "${SIZES[@]}"; do
  dir=/tmp/many-$n
  if [[ ! -f $dir/content/.complete ]]; then
    echo "== generating $dir" >&2
    rm -rf "$dir"; mkdir -p "$dir/content"
    python3 - "$dir/content" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    folder = os.path.join(root, f"topic-{i // 100:04d}")
    os.makedirs(folder, exist_ok=True)
    code = (f"\n```python\ndef answer_{i}(xs):\n    return sorted(xs)[{i % 7}]\n```\n"
            if i % 10 == 0 else "")
    with open(os.path.join(folder, f"q{i:06d}.md"), "w") as f:
        f.write(f"# Question {i}\n\n## 1. What does case {i} teach about caching?\n\n"
                f"Case {i} shows that a cache keyed on request {i} must be invalidated on write."
                f"{code}\n")
open(os.path.join(root, ".complete"), "w").close()
PY
  fi
done

# Hugo on the same files, when it is installed (../shared/bench/install-peers.sh): a site of
# the gen_corpus.py layouts (title and content only) over a link to the same content folder.
PEERS_ROOT=${PEERS_ROOT:-/opt/peers}
[[ -d $PEERS_ROOT/bin ]] && export PATH="$PEERS_ROOT/bin:$PATH"
HAVE_HUGO=0; command -v hugo >/dev/null 2>&1 && HAVE_HUGO=1
[[ $HAVE_HUGO == 1 ]] || echo "!! hugo is missing: its column is left empty" >&2

# time DIR NAME CMD...: one timer run (RUNS counted), prints "wall cpu peak"
time_it() {
  local dir=$1 name=$2; shift 2
  local raw=$dir/timer-$name.txt
  (cd "$dir" && python3 "$BENCH/timecmd.py" -n "$RUNS" -- "$@") >"$raw" 2>&1 || true
  local wall cpu peak
  wall=$(awk '/^wall s/ {print $(NF-1)}' "$raw")
  cpu=$(awk '/^cpu s/ {print $(NF-1)}' "$raw")
  peak=$(awk '/^peak MiB/ {print $(NF-1)}' "$raw")
  [[ -n $wall ]] || { echo "timer failed, see $raw" >&2; tail -n 5 "$raw" >&2; echo "- - -"; return; }
  echo "$wall $cpu $peak"
}

echo "| files | prepbook wall s | cpu s | peak MiB | wall s per 1,000 files | output MB | Hugo wall s | Hugo peak MiB | Hugo output MB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for n in "${SIZES[@]}"; do
  dir=/tmp/many-$n
  read -r wall cpu peak < <(time_it "$dir" prepbook "$BIN" build --content "$dir/content" --output "$dir/out")
  [[ $wall != - ]] || continue
  size=$(du -sb "$dir/out" | awk '{printf "%.1f", $1 / 1e6}')
  hwall=; hpeak=; hsize=
  if [[ $HAVE_HUGO == 1 ]]; then
    mkdir -p "$dir/hugo"
    rm -rf "$dir/hugo/layouts"; cp -r "$BENCH_HUGO_LAYOUTS" "$dir/hugo/layouts"
    printf 'baseURL = "https://example.com/"\ntitle = "many files"\ndisableKinds = ["taxonomy", "term"]\n' >"$dir/hugo/config.toml"
    ln -sfn "$dir/content" "$dir/hugo/content"
    rm -rf "$dir/hugo/public"
    read -r hwall _ hpeak < <(time_it "$dir/hugo" hugo hugo --minify=false --quiet)
    hsize=$(du -sb "$dir/hugo/public" 2>/dev/null | awk '{printf "%.1f", $1 / 1e6}')
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$wall" "$cpu" "$peak" \
    "$(python3 -c "print(f'{$wall * 1000 / $n:.3f}')")" "$size" "$hwall" "$hpeak" "$hsize"
done
