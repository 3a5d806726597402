#!/bin/sh
# Checks that the build's tools and inputs are present (with `test`: the tests' too). As root on Debian it installs what is missing with
# apt-get; otherwise it names the missing packages and stops the build.
need=""
command -v re2c >/dev/null 2>&1 || need="$need re2c"
command -v lemon >/dev/null 2>&1 || need="$need lemon"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
pkg-config --exists check 2>/dev/null || need="$need check"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v awk >/dev/null 2>&1 || need="$need gawk"
# the REPL's line editing (vm/repl.c): libedit; GNU readline is used instead when only it is
# there, and plain line input when neither is (so neither is required when not root)
if ! pkg-config --exists libedit 2>/dev/null && ! pkg-config --exists readline 2>/dev/null &&
   [ "$(id -u)" = 0 ]; then need="$need libedit-dev"; fi
# Go 1.19's source tree: package unicode's tables are read from it (tools/gen_unicode.awk)
[ -f "${GO_SRC:-/usr/share/go-1.19/src}/unicode/tables.go" ] || need="$need golang-1.19-src"
# `deps.sh test` (make test): real Go 1.19, whose `go tool pprof` reads the profiles gol writes
# (tests/cli_test.sh) and which tests/golden/verify_with_go.sh runs
if [ "${1:-}" = test ]; then
    [ -x /usr/lib/go-1.19/bin/go ] || need="$need golang-1.19-go"
    # the REPL's terminal test drives gol in tmux (make test skips it without tmux, so it is
    # installed when root and not required otherwise)
    if ! command -v tmux >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then need="$need tmux"; fi
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "gol: installing missing build packages:$need" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $need >/dev/null || {
        echo "gol: apt-get install$need failed" >&2; exit 1; }
    exit 0
fi
echo "gol: missing build packages:$need" >&2
echo "gol: install them with: sudo apt-get install$need" >&2
exit 1
