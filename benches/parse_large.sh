#!/usr/bin/env bash
# One very large document per shape: parsing must stay linear in the size of a file.
#
#   benches/parse_large.sh [N]      N questions in each file (default 50000)
#
# Each case is one generated document (our own words, repeated with numbers) in a folder of
# its own, checked with `prepbook check` (load + parse + lint, nothing rendered) and timed with
# /usr/bin/time. Every case should finish in well under 2 s at 50,000 questions; a quadratic
# path shows as a case that takes minutes. Timings belong here, not in unit tests.
set -euo pipefail
N=${1:-50000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
BIN=${CARGO_TARGET_DIR:-$HERE/target}/release/prepbook
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

gen() { # name, python expression printing the document for n questions
  mkdir -p "$WORK/$1"
  python3 -c "import sys; n=int(sys.argv[1]); sys.stdout.write($2)" "$N" >"$WORK/$1/doc.md"
}
gen checklist  '"# Notes\n\n" + "".join(f"## {i}. What does step {i} do?\n\nIt moves item {i} along.\n\n" for i in range(1, n + 1))'
gen categories '"# Notes\n\n## Basics\n\n" + "".join(f"### How is case {i} handled?\n\n#### Answer\n\nCase {i} is handled by rule {i}.\n\n" for i in range(n))'
gen bullets    '"# Notes\n\n" + "".join(f"- Why does cache {i} miss?\n  Because key {i} was evicted.\n" for i in range(n))'
gen ordered    '"# Notes\n\n" + "".join(f"{i}. What is item {i}?\n\n   Item {i} is a thing.\n\n" for i in range(1, n + 1))'
gen details    '"# Notes\n\n" + "".join(f"<details>\n<summary><b>What breaks in case {i}?</b></summary>\n\nThe lock in case {i}.\n\n</details>\n\n" for i in range(n))'
gen table      '"# Problems\n\n| # | Title | Idea |\n|---|---|---|\n" + "".join(f"| {i} | Problem {i} | Idea {i} |\n" for i in range(n))'
gen choices    '"# Quiz\n\n" + "".join(f"###### {i}. What is logged?\n\n- A: `{i}`\n- B: `{i+1}`\n\n<details><summary>Answer</summary>\n\n#### Answer: A\n\nBecause {i}.\n\n</details>\n\n" for i in range(1, n + 1))'
gen bold       '"# Notes\n\n" + "".join(f"* **Why does screen {i} lag?** - [Read](x{i}.md)\n" for i in range(n))'

printf '%-11s %10s %8s %9s %s\n' case bytes wall peak-MiB questions
for dir in "$WORK"/*/; do
  name=$(basename "$dir")
  /usr/bin/time -o "$WORK/$name.time" -f '%e %M' "$BIN" check --content "$dir" >"$WORK/$name.out" 2>/dev/null || true
  read -r wall kib <"$WORK/$name.time"
  questions=$(tail -n1 "$WORK/$name.out" | sed -n 's/.* documents\{0,1\}, \([0-9]*\) questions.*/\1/p')
  printf '%-11s %10s %7ss %9s %s\n' "$name" "$(wc -c <"$dir/doc.md")" "$wall" "$((kib / 1024))" "$questions"
done
