#!/usr/bin/env bash
# The search and practice browser suites on the generated benchmark handbook at scale (issue 16:
# "search and practice still pass their browser tests on the 100k site").
#
#   benches/browser_scale.sh [N...]   questions per handbook (default: 100000)
#
# For each N: generates /tmp/bench-N with ../shared/bench/gen_corpus.py if it is missing,
# builds it into /tmp/prepbook-scale-N (timed, with its peak memory), then runs
# tests/browser/search.mjs and tests/browser/practice.mjs over the built site, in Chromium, over
# HTTP under /sub/ and from file://, as the integration tests do on small handbooks. The search
# spec asks for questions spread over the whole handbook by their full prompt (each must come
# first), then runs the suite's filter, keyboard and Escape checks; the practice spec expects
# as many cards as the generator wrote questions. Exits non-zero on any failure.
#
# Environment: SKIP_BUILD=1 to use the release binary already built.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$HERE/../shared/bench
BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(100000); fi

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
fi
[[ -x $BIN ]] || { echo "no binary at $BIN (build it, or drop SKIP_BUILD=1)" >&2; exit 1; }
[[ -d $HERE/tests/browser/node_modules ]] || npm ci --prefix "$HERE/tests/browser" >/dev/null

status=0
for n in "${SIZES[@]}"; do
  dir=/tmp/bench-$n
  if [[ ! -f $dir/manifest.json ]]; then
    python3 "$BENCH/gen_corpus.py" --questions "$n" --out "$dir" --seed 42 --force >/dev/null
  fi
  site=/tmp/prepbook-scale-$n
  /usr/bin/time -f "== $n questions: built in %e s, peak %M KB" \
    "$BIN" build --quiet --content "$dir/handbook" --output "$site"
  python3 - "$dir" "$site" <<'EOF'
import json, pathlib, re, sys
corpus, site = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
prompts = []
for f in sorted((corpus / "handbook").glob("*.md")):
    prompts += re.findall(r"^## \d+\. (.+)$", f.read_text(encoding="utf-8"), re.M)
total = json.loads((corpus / "manifest.json").read_text())["questions"]
assert len(prompts) == total, (len(prompts), total)
# Eight prompts spread from the first question to the last; a generated prompt may repeat, so
# only one that occurs once is asked for.
counts = {}
for p in prompts:
    counts[p] = counts.get(p, 0) + 1
picked = []
for k in range(8):
    i = k * (total - 1) // 7
    while counts[prompts[i]] > 1:
        i = (i + 1) % total
    picked.append(prompts[i])
queries = [{"q": p, "first": p} for p in picked]
(site / ".scale-search.json").write_text(json.dumps({"queries": queries, "min_shards": 2}))
(site / ".scale-practice.json").write_text(json.dumps({"questions": total, "timer": 120, "generated": True}))
EOF
  for suite in search practice; do
    start=$(date +%s)
    if node "$HERE/tests/browser/$suite.mjs" "$site" "$site/.scale-$suite.json"; then
      echo "   $suite: passed in $(( $(date +%s) - start )) s"
    else
      echo "   $suite: FAILED" >&2
      status=1
    fi
  done
done
exit $status
