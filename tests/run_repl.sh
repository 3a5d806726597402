#!/bin/sh
# run_repl.sh — golden sessions of the REPL (docs/repl.md): each tests/repl/NAME.in is piped
# into `gol` (no terminal: plain line input, no prompt), and what it writes — stdout and stderr
# together, in the order written — must equal tests/repl/NAME.out, after the figures that
# depend on timing are replaced by N: collection pauses ("pause 0.004 ms") and the bytes the
# scavenger has returned to the OS ("4300800 bytes released"). Every heap figure that a
# program's allocations decide (HeapAlloc, objects, NextGC, spans per size class) is checked
# as printed. The session must end with status 0 (end of input or :quit).
#
#   sh tests/run_repl.sh GOL [NAME-REGEX]
#
# The runtime's environment is cleared (GOGC, GOMEMLIMIT, GODEBUG, GOLDEBUG), so a debug mode
# set for the golden programs does not change the figures. REPL_GOLDEBUG=modes runs the
# sessions under those debug modes instead (make test: GC stress with heap verification, and
# stack moving with the write-barrier check), all but those named memory*, whose figures the
# modes change: a session's variables are globals of a growing module, and the modes check
# that the collector finds them and that everything else they hold is exact. Stack sizes are
# not compared in those modes: the collections they force shrink idle stacks, as Go's do.

if [ $# -lt 1 ]; then
    echo "usage: sh tests/run_repl.sh GOL [NAME-REGEX]" >&2
    exit 2
fi
GOL=$1
pat=${2:-.}
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
dir=$(dirname "$0")/repl
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gol-repl.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0 failed=0

repl_normalize() {
    sed -e 's/pause [0-9.]* ms/pause N ms/g' -e 's/total [0-9.]* ms/total N ms/g' \
        -e 's/[0-9][0-9]* bytes released/N bytes released/'
}

for in in "$dir"/*.in; do
    name=$(basename "$in" .in)
    echo "$name" | grep -Eq "$pat" || continue
    if [ -n "$REPL_GOLDEBUG" ]; then
        case $name in memory*) continue ;; esac
        env -u GOGC -u GOMEMLIMIT -u GODEBUG GOLDEBUG="$REPL_GOLDEBUG" timeout -k 5 120 "$GOL" <"$in" >"$tmp/raw" 2>&1
    else
        env -u GOGC -u GOMEMLIMIT -u GODEBUG -u GOLDEBUG timeout -k 5 60 "$GOL" <"$in" >"$tmp/raw" 2>&1
    fi
    rc=$?
    repl_normalize <"$tmp/raw" >"$tmp/got"
    cp "$dir/$name.out" "$tmp/want"
    if [ -n "$REPL_GOLDEBUG" ]; then    # collections the modes force shrink idle stacks (Go's shrinkstack)
        sed -i 's/stack [0-9]* bytes/stack N bytes/' "$tmp/got" "$tmp/want"
    fi
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: exit status $rc"
        failed=$((failed + 1))
    elif ! cmp -s "$tmp/got" "$tmp/want"; then
        echo "FAIL $name: transcript differs (expected, got):"
        diff "$tmp/want" "$tmp/got" | head -40
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done
echo "repl: $passed passed, $failed failed"
[ $failed -eq 0 ]
