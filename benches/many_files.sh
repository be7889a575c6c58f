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
#
# Environment: RUNS (default 3), SKIP_BUILD=1 to use the release binary already built.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$HERE/../shared/bench
RUNS=${RUNS:-3}
BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 4000 20000); fi

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

echo "| files | wall s | cpu s | peak MiB | wall s per 1,000 files |"
echo "| --- | --- | --- | --- | --- |"
for n in "${SIZES[@]}"; do
  dir=/tmp/many-$n
  raw=$dir/timer.txt
  (cd "$dir" && python3 "$BENCH/timecmd.py" -n "$RUNS" -- \
    "$BIN" build --content "$dir/content" --output "$dir/out") >"$raw" 2>&1 || true
  wall=$(awk '/^wall s/ {print $(NF-1)}' "$raw")
  cpu=$(awk '/^cpu s/ {print $(NF-1)}' "$raw")
  peak=$(awk '/^peak MiB/ {print $(NF-1)}' "$raw")
  [[ -n $wall ]] || { echo "timer failed, see $raw" >&2; tail -n 5 "$raw" >&2; continue; }
  printf '| %s | %s | %s | %s | %s |\n' "$n" "$wall" "$cpu" "$peak" \
    "$(python3 -c "print(f'{$wall * 1000 / $n:.3f}')")"
done
