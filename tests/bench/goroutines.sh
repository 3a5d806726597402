#!/bin/sh
# goroutines.sh — issue 8's goroutine benchmarks: gol, Go (GOMAXPROCS=1 and its default) and
# Lua 5.4 coroutines doing the same exchange, one run each, wall time and peak RSS.
#
#   sh tests/bench/goroutines.sh [GOL]
#
#   goroutines_parked   100,000 goroutines parked on a channel at once (the program prints
#                       bytes per goroutine from MemStats.Sys; peak RSS / 100,000 is the
#                       other measure), then 1,000,000 (must work)
#   pingpong            10,000,000 round trips over unbuffered channels
#   spawn_wg            1,000,000 short goroutines with a Mutex and a WaitGroup
#
# The Go binaries are built here from the very same .gol files (copied as NAME.go). One run
# each: the machine is shared, so read the figures side by side, not against other days'.
set -u
here=$(cd "$(dirname "$0")" && pwd)
GOL=${1:-./gol}
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
[ -d /usr/lib/go-1.19/bin ] && PATH=$PATH:/usr/lib/go-1.19/bin
out=$(mktemp -d "${TMPDIR:-/tmp}/golgor.XXXXXX") || exit 2
trap 'rm -rf "$out"' EXIT

# measure LABEL CMD...: one run; its output, then "LABEL: S s, RSS KB".
measure() {
    label=$1; shift
    /usr/bin/time -f "%e %M" -o "$out/time" "$@" > "$out/stdout" 2>&1
    sed 's/^/    /' "$out/stdout"
    read -r secs kb < "$out/time"
    echo "  $label: $secs s, peak RSS $kb KB"
}

for b in goroutines_parked pingpong spawn_wg; do
    cp "$here/$b.gol" "$out/$b.go"
    (cd "$out" && go build -o "$b" "$b.go") || exit 2
done

for spec in "goroutines_parked 100000" "goroutines_parked 1000000" "pingpong" "spawn_wg"; do
    set -- $spec
    b=$1 arg=${2:-}
    echo "== $b $arg"
    measure "gol" "$GOL" run "$here/$b.gol" $arg
    measure "go GOMAXPROCS=1" env GOMAXPROCS=1 "$out/$b" $arg
    measure "go (default GOMAXPROCS=$(nproc))" "$out/$b" $arg
    command -v lua5.4 >/dev/null 2>&1 && measure "lua5.4 coroutines" lua5.4 "$here/$b.lua" $arg
done
