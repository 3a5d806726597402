#!/bin/sh
# run.sh — compare gol with Lua 5.4, CPython and Go on the same programs.
#
#   sh tests/bench/run.sh [GOL] [fib|loop|sieve|nbody|binary_trees|closure ...]
#
# GOL defaults to ./gol and is used as it is: this script never builds gol
# (run `make` first). For each benchmark it checks that every implementation
# prints the same output, then runs them all in ONE hyperfine invocation, so
# the figures share one machine state, and prints each command's median and
# its ratio to gol's median:
#
#   fib           gol run fib.gol   | lua5.4 fib.lua   | python3 fib.py | Go binary
#   loop          gol run loop.gol  | lua5.4 loop.lua  |                | Go binary
#   sieve         gol run sieve.gol | lua5.4 sieve.lua |                | Go binary
#   nbody         gol run nbody.gol | lua5.4 nbody.lua |                | Go binary
#   closure       gol run closure.gol | lua5.4 closure.lua |              | Go binary
#   binary_trees  gol run binary_trees.gol D | lua5.4 binary_trees.lua D | Go binary D,
#                 for each depth D in BT_DEPTHS (default "16 18"); all depths
#                 in the same hyperfine run, reported depth by depth
#
# The Go binary is built here from the very same .gol file (copied to a
# scratch folder as NAME.go): the .gol programs are valid Go, so the Go
# column is the same source compiled by the real toolchain, without `go run`'s
# compile time in the measurement.
#
# Knobs (environment): RUNS (hyperfine runs per command, default 5),
# WARMUP (default 1), NBODY_STEPS (default 200000), BT_DEPTHS (default "16 18").
# binary-trees is the garbage-collector benchmark: its figures depend on the
# heap and the pacer as much as on the interpreter (see docs/performance.md).
# Needs hyperfine and jq; jq is installed with apt-get when running as root.
# The raw hyperfine JSON is kept in ${BENCH_OUT:-/tmp/gol-bench}/NAME.json.

set -u
here=$(cd "$(dirname "$0")" && pwd)
GOL=${1:-./gol}
[ $# -gt 0 ] && shift
benches=${*:-fib loop sieve nbody binary_trees closure}
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
runs=${RUNS:-5} warmup=${WARMUP:-1} steps=${NBODY_STEPS:-200000}
bt_depths=${BT_DEPTHS:-16 18}
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
[ -d /usr/lib/go-1.19/bin ] && PATH=$PATH:/usr/lib/go-1.19/bin   # Debian's golang-1.19-go
bench_need go golang-go
[ -x "$GOL" ] || { echo "run.sh: cannot run '$GOL' (build it first: make)" >&2; exit 2; }
mkdir -p "$out/go" || exit 2

# bench_variants NAME: the argument lists NAME runs with, one per line (an
# empty line: no arguments).
bench_variants() {
    case $1 in
    nbody)        echo "$steps" ;;
    binary_trees) for d in $bt_depths; do echo "$d"; done ;;
    *)            echo "" ;;
    esac
}

# bench_commands NAME [ARG]: print the commands to compare, one per line, gol
# first; ARG (if any) follows each program.
bench_commands() {
    args=""
    [ -n "${2:-}" ] && args=" $2"
    echo "$GOL run $here/$1.gol$args"
    command -v lua5.4 >/dev/null 2>&1 && [ -f "$here/$1.lua" ] &&
        echo "lua5.4 $here/$1.lua$args"
    command -v python3 >/dev/null 2>&1 && [ -f "$here/$1.py" ] &&
        echo "python3 $here/$1.py$args"
    echo "$out/go/$1$args"
}

# bench_same_output LABEL: every implementation in LABEL.cmds must print the
# same thing.
bench_same_output() {
    while IFS= read -r cmd; do
        sh -c "$cmd" </dev/null 2>/dev/null | cksum | sed "s|\$|  $cmd|"
    done <"$out/$1.cmds" >"$out/$1.sums"
    if [ "$(cut -d' ' -f1,2 "$out/$1.sums" | sort -u | wc -l)" -ne 1 ]; then
        echo "run.sh: $1: implementations disagree (checksum, size, command):" >&2
        sed 's/^/    /' "$out/$1.sums" >&2
        return 1
    fi
}

# bench_report NAME: medians, each one's ratio to the gol command of its
# group (a group starts at each `GOL run` command: one per depth for
# binary_trees), and gol/lua5.4 per group.
bench_report() {
    jq -r '.results[] | [.median, .command] | @tsv' "$out/$1.json" |
    GOLCMD="$GOL run " awk -F'\t' '
        function verdict() {
            if (lua > 0) printf "  gol / lua5.4 = %.2f (below 1: gol is faster)\n", gol / lua
            lua = 0
        }
        index($2, ENVIRON["GOLCMD"]) == 1 {
            if (NR > 1) verdict()
            gol = $1; printf "  %12s  %8s  %s\n", "median", "vs gol", "command"
        }
        { printf "  %9.1f ms  %7.2fx  %s\n", $1 * 1000, $1 / gol, $2 }
        $2 ~ /^lua5\.4 / { lua = $1 }
        END { verdict() }'
}

status=0
for b in $benches; do
    [ -f "$here/$b.gol" ] || { echo "run.sh: no benchmark $b" >&2; status=2; continue; }
    cp "$here/$b.gol" "$out/go/$b.go"
    (cd "$out/go" && go build -o "$b" "$b.go") || { status=1; continue; }
    # Every variant (binary_trees at each depth) must agree on its output;
    # then all of them run in ONE hyperfine invocation, gol first in each group.
    echo "== $b"
    : >"$out/$b.cmds"
    bench_variants "$b" >"$out/$b.variants"
    agree=1
    while IFS= read -r arg; do
        bench_commands "$b" "$arg" >"$out/$b.one.cmds"
        bench_same_output "$b.one" || agree=0
        cat "$out/$b.one.cmds" >>"$out/$b.cmds"
    done <"$out/$b.variants"
    [ $agree = 1 ] || { status=1; continue; }
    # hyperfine takes each command as one argument; read them back in order.
    set --
    while IFS= read -r cmd; do set -- "$@" "$cmd"; done <"$out/$b.cmds"
    hyperfine -N --warmup "$warmup" --runs "$runs" --style none \
        --export-json "$out/$b.json" "$@" >/dev/null </dev/null || { status=1; continue; }
    bench_report "$b"
done
exit $status
