#!/bin/sh
# run_examples.sh — run the learner examples whose output is pinned, and compare.
#
#   sh tests/run_examples.sh GOL          run each with gol
#   sh tests/run_examples.sh --go         run each with real Go 1.19 (go run), to check that
#                                         the pinned output is what Go prints
#
# An example examples/[TOPIC/]NAME.gol with a NAME.out beside it is run as `GOL run NAME.gol`
# in its own folder (Go: copied to NAME.go) under `timeout 60`; its stdout must equal NAME.out
# byte for byte and it must exit 0. The .out files keep the examples free of test comments:
# a learner reads the program, runs it, and sees exactly the NAME.out text.
#
# Output: one `FAIL path: why` line per failure, then `examples: N passed, M failed`.
if [ $# -lt 1 ]; then
    echo "usage: sh tests/run_examples.sh GOL | --go" >&2
    exit 2
fi
GOL=$1
case $GOL in --go) ;; /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
GO=${GO:-/usr/lib/go-1.19/bin/go}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gol-examples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0 failed=0
for f in examples/*.gol examples/*/*.gol; do
    want=${f%.gol}.out
    [ -f "$want" ] || continue
    name=$(basename "$f" .gol)
    rm -rf "$tmp/run" && mkdir "$tmp/run"
    if [ "$GOL" = --go ]; then
        cp "$f" "$tmp/run/$name.go"
        (cd "$tmp/run" && timeout -k 5 60 "$GO" run "$name.go") </dev/null >"$tmp/out" 2>"$tmp/err"
    else
        cp "$f" "$tmp/run/$name.gol"
        (cd "$tmp/run" && timeout -k 5 60 "$GOL" run "$name.gol") </dev/null >"$tmp/out" 2>"$tmp/err"
    fi
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $f: exit status $rc"
        head -n 5 "$tmp/err" | sed 's/^/    | /'
        failed=$((failed + 1))
    elif ! cmp -s "$want" "$tmp/out"; then
        echo "FAIL $f: stdout differs from $want (- want, + got):"
        diff "$want" "$tmp/out" | sed -n '2,12p' | sed 's/^/    /'
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
    fi
done
echo "examples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
