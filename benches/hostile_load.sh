#!/usr/bin/env bash
# Hostile-load benchmark: YAML built to be slow must not make a build slow.
#
#   benches/hostile_load.sh [LIMIT]     LIMIT seconds per build (default 2); exits 1 past it
#   PREPBOOK_BIN=path/to/prepbook benches/hostile_load.sh    time another binary (e.g. an old one)
#
# libyaml looks at every open `[`/`{` on every token, so 100,000 nested brackets in front matter
# took 41 s to be refused. prepbook caps depth and size before YAML reads anything; this script
# builds handbooks with such front matter (and such a prepbook.yaml) with the release binary
# and fails if one takes longer than LIMIT. The integration tests (tests/it/hostile/load.rs)
# check that the error is reported; the time is checked here, not in a timed unit test.
set -euo pipefail
LIMIT=${1:-2}
HERE=$(cd "$(dirname "$0")/.." && pwd)
if [[ -n ${PREPBOOK_BIN:-} ]]; then
  BIN=$PREPBOOK_BIN
else
  cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
  BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# One handbook per attack: name, then the prepbook.yaml and document it holds.
python3 - "$WORK" <<'EOF'
import os, sys
work = sys.argv[1]
n = 100_000
body = "## 1. What is a heap?\n\nA tree.\n"
cases = {
    "brackets": ("", "---\nx: " + "[" * n + "\n---\n" + body),
    "braces": ("", "---\nx: " + "{a: " * n + "\n---\n" + body),
    "mixed": ("", "---\nx: " + "[{a: " * (n // 2) + "\n---\n" + body),
    "huge": ("", "---\n" + "".join(f"k{i}: [[[[a]]]]\n" for i in range(n)) + "---\n" + body),
    "config": ("title: x\nx: " + "[" * n + "\n", body),
}
for name, (config, doc) in cases.items():
    os.makedirs(f"{work}/{name}/content")
    if config:
        open(f"{work}/{name}/prepbook.yaml", "w").write(config)
    open(f"{work}/{name}/content/a.md", "w").write(doc)
EOF

failed=0
for dir in "$WORK"/*/; do
  name=$(basename "$dir")
  start=$(date +%s.%N)
  # The build is expected to fail (exit 1 or 2, the YAML refused); only its time counts here.
  status=0
  (cd "$dir" && timeout 300 "$BIN" build --output "$dir/site" >/dev/null 2>&1) || status=$?
  end=$(date +%s.%N)
  secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')
  verdict=$(awk -v t="$secs" -v l="$LIMIT" 'BEGIN { print (t <= l) ? "ok" : "TOO SLOW" }')
  printf '%-10s %7s s  exit %s  %s\n' "$name" "$secs" "$status" "$verdict"
  [[ $verdict == ok ]] || failed=1
done
exit $failed
