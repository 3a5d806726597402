#!/bin/sh
# run.sh — compare gol with Lua 5.4, CPython and Go on the same programs.
#
#   sh tests/bench/run.sh [GOL] [fib|sieve|nbody ...]
#
# GOL defaults to ./gol and is used as it is: this script never builds gol
# (run `make` first). For each benchmark it checks that every implementation
# prints the same output, then runs them all in ONE hyperfine invocation, so
# the figures share one machine state, and prints each command's median and
# its ratio to gol's median:
#
#   fib    gol run fib.gol   | lua5.4 fib.lua   | python3 fib.py | Go binary
#   sieve  gol run sieve.gol | lua5.4 sieve.lua |                | Go binary
#   nbody  gol run nbody.gol | lua5.4 nbody.lua |                | Go binary
#
# The Go binary is built here from the very same .gol file (copied to a
# scratch folder as NAME.go): the .gol programs are valid Go, so the Go
# column is the same source compiled by the real toolchain, without `go run`'s
# compile time in the measurement.
#
# Knobs (environment): RUNS (hyperfine runs per command, default 5),
# WARMUP (default 1), NBODY_STEPS (default 200000).
# Needs hyperfine and jq; jq is installed with apt-get when running as root.
# The raw hyperfine JSON is kept in ${BENCH_OUT:-/tmp/gol-bench}/NAME.json.

set -u
here=$(cd "$(dirname "$0")" && pwd)
GOL=${1:-./gol}
[ $# -gt 0 ] && shift
benches=${*:-fib sieve nbody}
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
runs=${RUNS:-5} warmup=${WARMUP:-1} steps=${NBODY_STEPS:-200000}
out=${BENCH_OUT:-/tmp/gol-bench}

# bench_need TOOL [APT-PACKAGE]: make sure TOOL exists, installing if we can.
bench_need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "run.sh: installing ${2:-$1}" >&2
        apt-get install -y "${2:-$1}" >/dev/null 2>&1 && return 0
    fi
    echo "run.sh: $1 is missing (apt-get install ${2:-$1})" >&2
    exit 2
}

bench_need hyperfine
bench_need jq
bench_need go golang-go
[ -x "$GOL" ] || { echo "run.sh: cannot run '$GOL' (build it first: make)" >&2; exit 2; }
mkdir -p "$out/go" || exit 2

# bench_commands NAME: print the commands to compare, one per line, gol first.
bench_commands() {
    args=""
    [ "$1" = nbody ] && args=" $steps"
    echo "$GOL run $here/$1.gol$args"
    command -v lua5.4 >/dev/null 2>&1 && [ -f "$here/$1.lua" ] &&
        echo "lua5.4 $here/$1.lua$args"
    command -v python3 >/dev/null 2>&1 && [ -f "$here/$1.py" ] &&
        echo "python3 $here/$1.py$args"
    echo "$out/go/$1$args"
}

# bench_same_output NAME: every implementation must print the same thing.
bench_same_output() {
    bench_commands "$1" | while IFS= read -r cmd; do
        sh -c "$cmd" 2>/dev/null | cksum | sed "s|\$|  $cmd|"
    done >"$out/$1.sums"
    if [ "$(cut -d' ' -f1,2 "$out/$1.sums" | sort -u | wc -l)" -ne 1 ]; then
        echo "run.sh: $1: implementations disagree (checksum, size, command):" >&2
        sed 's/^/    /' "$out/$1.sums" >&2
        return 1
    fi
}

# bench_report NAME: medians, each one's ratio to gol's, and gol/lua5.4.
bench_report() {
    jq -r '.results[] | [.median, .command] | @tsv' "$out/$1.json" |
    awk -F'\t' '
        NR == 1 { gol = $1; printf "  %12s  %8s  %s\n", "median", "vs gol", "command" }
        { printf "  %9.1f ms  %7.2fx  %s\n", $1 * 1000, $1 / gol, $2 }
        $2 ~ /^lua5\.4 / { lua = $1 }
        END { if (lua > 0) printf "  gol / lua5.4 = %.2f (below 1: gol is faster)\n", gol / lua }'
}

status=0
for b in $benches; do
    [ -f "$here/$b.gol" ] || { echo "run.sh: no benchmark $b" >&2; status=2; continue; }
    cp "$here/$b.gol" "$out/go/$b.go"
    (cd "$out/go" && go build -o "$b" "$b.go") || { status=1; continue; }
    echo "== $b"
    bench_same_output "$b" || { status=1; continue; }
    bench_commands "$b" >"$out/$b.cmds"
    # hyperfine takes each command as one argument; read them back in order.
    set --
    while IFS= read -r cmd; do set -- "$@" "$cmd"; done <"$out/$b.cmds"
    hyperfine -N --warmup "$warmup" --runs "$runs" --style none \
        --export-json "$out/$b.json" "$@" >/dev/null || { status=1; continue; }
    bench_report "$b"
done
exit $status
