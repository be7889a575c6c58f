# Sourced by benches/build.sh and benches/search.sh: put a pagefind binary on PATH if there is
# none, installing it from npm into $PAGEFIND_DIR once. npm ships the native binary; it is
# linked directly so node's start-up is not timed (as ../shared/bench/install-peers.sh does).
ensure_pagefind() {
  command -v pagefind >/dev/null 2>&1 && return 0
  if [[ ! -x $PAGEFIND_DIR/node_modules/.bin/pagefind ]] && command -v npm >/dev/null 2>&1; then
    echo "== installing pagefind (npm) into $PAGEFIND_DIR" >&2
    mkdir -p "$PAGEFIND_DIR"
    npm install --prefix "$PAGEFIND_DIR" --no-audit --no-fund --silent pagefind >/dev/null 2>&1 || true
  fi
  local bin
  bin=$(find "$PAGEFIND_DIR/node_modules/@pagefind" -path '*/bin/pagefind*' -type f \
    -perm -u+x ! -name '*.sha256' 2>/dev/null | sort | head -n1 || true)
  [[ -z $bin && -x $PAGEFIND_DIR/node_modules/.bin/pagefind ]] && bin=$PAGEFIND_DIR/node_modules/.bin/pagefind
  if [[ -n $bin ]]; then
    mkdir -p "$PAGEFIND_DIR/bin"; ln -sf "$bin" "$PAGEFIND_DIR/bin/pagefind"
    export PATH="$PAGEFIND_DIR/bin:$PATH"
  fi
}
