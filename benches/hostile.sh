#!/usr/bin/env bash
# Hostile-input benchmark: inputs that once made a library superlinear, each built on its own.
#
#   benches/hostile.sh            every case
#   benches/hostile.sh divs       only the cases whose name contains "divs"
#
# Each case is generated into a temp folder as a one-document handbook and built with
# `prepbook build`, timed with /usr/bin/time (wall seconds, peak memory), with the size of
# what was written. Every case should build in well under 2 s; a case that takes longer than
# $LIMIT seconds (default 120) is stopped and reported as such. Timings belong here, not in
# unit tests: a shared CI machine makes a timed test flaky.
#
# Cases:
#   divs     100,000 nested <div> (600 KB): the sanitiser's tree builder is quadratic in depth
#   blanks   one 1 MB line of "[a] ": every blank was counted from the line start, and each
#            became a mark on the page
#   parens   a shell code block of one line of 80,000 "(": syntect nests a context per "("
#   nested   a shell block of 80 lines of 1,000 "(" each: short lines, deep nesting
#   quotes   100,000 nested "> " quotes around some HTML: markdown's own nesting, sanitised
#   inline   100,000 "<b>" in one paragraph: unclosed formatting elements
#   ids      50,000 "<a id=search>": every one dropped, each noted at its line
#   yaml     front matter "x: [[[..." 100,000 deep: libyaml recursed per bracket (now capped at 64)
#   mails    "a@b " then 300,000 "x_": every "_" may start an address (bare-URL linking)
#   wwws     100,000 "(www.a" in one word: every "(" may start a URL
#   closers  a URL followed by 300,000 ")": each trim recounted the parentheses
#   srcs     an HTML line of 200,000 " src=" then one "href=": each attribute scanned ahead
set -euo pipefail
FILTER=${1:-}
LIMIT=${LIMIT:-120}
HERE=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$HERE/target}
cargo build --release --quiet --manifest-path "$HERE/Cargo.toml"
BIN=${PREPBOOK_BIN:-$TARGET/release/prepbook}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# gen NAME PYTHON-EXPRESSION: the document's text, written as content/NAME.md.
gen() {
  mkdir -p "$WORK/$1/content"
  python3 -c "import sys; sys.stdout.write($2)" >"$WORK/$1/content/$1.md"
}
gen divs    '"# Deep\n\n" + "<div>\n" * 100_000'
gen blanks  '"# Blanks\n\n" + "[a] " * 262_144 + "\n"'
gen parens  '"# Parens\n\n```sh\n" + "(" * 80_000 + "\n```\n"'
gen nested  '"# Nested\n\n```sh\n" + ("(" * 1_000 + "\n") * 80 + "```\n"'
gen quotes  '"# Quotes\n\n" + "> " * 100_000 + "<b>x</b>\n"'
gen inline  '"# Inline\n\ntext " + "<b>" * 100_000 + "\n"'
gen ids     '"# Ids\n\n" + "<a id=\"search\"></a>\n" * 50_000'
gen yaml    '"---\nx: " + "[" * 100_000 + "\n---\n# Yaml\n\nText.\n"'
gen mails   '"# Mails\n\na@b.co " + "x_" * 300_000 + "\n"'
gen wwws    '"# Wwws\n\n" + "(www.a" * 100_000 + "\n"'
gen closers '"# Closers\n\nhttps://a.bc/" + ")" * 300_000 + "\n"'
gen srcs    '"# Srcs\n\n<p " + " src=" * 200_000 + " href=\"x.png\">x</p>\n"'

printf '%-8s %10s %10s %12s %s\n' case input wall peak-MiB output
for dir in "$WORK"/*/; do
  name=$(basename "$dir")
  [[ -z $FILTER || $name == *"$FILTER"* ]] || continue
  input=$(wc -c <"$dir/content/$name.md")
  set +e
  /usr/bin/time -f '%e %M' -o "$dir/time" timeout "$LIMIT" \
    "$BIN" build --content "$dir/content" --output "$dir/out" >"$dir/log" 2>&1
  status=$?
  set -e
  read -r wall kib < <(tail -n1 "$dir/time")
  output=$(du -sb "$dir/out" 2>/dev/null | cut -f1 || echo 0)
  note=""
  [[ $status == 124 ]] && note=" (stopped after ${LIMIT} s)"
  [[ $status != 0 && $status != 124 ]] && note=" (exit $status)"
  printf '%-8s %10s %9ss %12s %s%s\n' "$name" "$input" "$wall" "$((kib / 1024))" "${output:-0}" "$note"
done
