#!/bin/sh
# gc_rss.sh — the issue-3 memory measurement: peak RSS and GC count against GOGC.
#
#   sh tests/bench/gc_rss.sh [GOL] [megabytes]      (defaults: ./gol, 2048)
#
# Runs tests/bench/gc_churn.gol (2 GB allocated in short-lived 1 KiB objects
# while 8 MiB stays live) under `/usr/bin/time -v` at GOGC=50, 100 and 400,
# with gol and with a Go binary built from the very same file, and prints one
# table row per run:
#
#   impl  GOGC  NumGC  peak RSS MB  wall s
#
# NumGC is what the program itself prints last (runtime.MemStats.NumGC);
# peak RSS is time's "Maximum resident set size" (the whole process: for gol
# that includes the compiler, the bytecode and the VM, not just the heap); wall
# is time's elapsed time. Then it checks the issue's claims about gol:
#   - peak RSS under 48 MB at GOGC=100;
#   - as GOGC grows (50 -> 100 -> 400), NumGC falls and peak RSS rises.
# Exit status 1 if one of them fails. The pacer explains the shape: each cycle
# lets the heap grow to live × (1 + GOGC/100) before the next (docs/gc-tuning.md).
#
# Needs /usr/bin/time (the Debian package `time`, installed with apt-get when
# running as root) and go. Scratch files go to ${BENCH_OUT:-/tmp/gol-bench}/rss.

set -u
here=$(cd "$(dirname "$0")" && pwd)
GOL=${1:-./gol}
mb=${2:-2048}
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
out=${BENCH_OUT:-/tmp/gol-bench}/rss

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "gc_rss.sh: installing time" >&2
        apt-get install -y time >/dev/null 2>&1
    fi
    [ -x /usr/bin/time ] || { echo "gc_rss.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
fi
command -v go >/dev/null 2>&1 || { echo "gc_rss.sh: go is not installed" >&2; exit 2; }
[ -x "$GOL" ] || { echo "gc_rss.sh: cannot run '$GOL' (build it first: make)" >&2; exit 2; }
mkdir -p "$out" || exit 2
cp "$here/gc_churn.gol" "$out/gc_churn.go"
(cd "$out" && go build -o gc_churn gc_churn.go) || exit 2

# rss_run IMPL GOGC CMD...: run CMD under time -v with GOGC set; print a row.
rss_run() {
    impl=$1 gogc=$2; shift 2
    log=$out/$impl-$gogc
    GOGC=$gogc /usr/bin/time -v "$@" >"$log.stdout" 2>"$log.stderr" </dev/null
    numgc=$(sed -n 's/^NumGC: //p' "$log.stdout")
    awk -v impl="$impl" -v gogc="$gogc" -v numgc="${numgc:-?}" '
        /Maximum resident set size/ { rss = $NF }
        /Elapsed \(wall clock\) time/ {
            n = split($NF, t, ":"); wall = 0
            for (i = 1; i <= n; i++) wall = wall * 60 + t[i]
        }
        /Exit status/ { status = $NF }
        END {
            printf "%-4s  %4s  %5s  %11.1f  %6.2f", impl, gogc, numgc, rss / 1024, wall
            if (status != 0) printf "  (exit status %s: see %s.stderr)", status, logf
            printf "\n"
        }' logf="$log" "$log.stderr"
}

printf '%-4s  %4s  %5s  %11s  %6s\n' impl GOGC NumGC "peak RSS MB" "wall s"
for g in 50 100 400; do
    rss_run gol "$g" "$GOL" run "$here/gc_churn.gol" "$mb"
done | tee "$out/gol.rows"
for g in 50 100 400; do
    rss_run go "$g" "$out/gc_churn" "$mb"
done

# The issue's claims, from gol's three rows (GOGC 50, 100, 400 in order).
awk '
    { gc[NR] = $3; rss[NR] = $4 }
    END {
        ok = 1
        if (!(rss[2] < 48)) { print "FAIL: peak RSS at GOGC=100 is " rss[2] " MB, want under 48"; ok = 0 }
        if (!(gc[1] > gc[2] && gc[2] > gc[3])) { print "FAIL: NumGC does not fall as GOGC grows"; ok = 0 }
        if (!(rss[1] < rss[2] && rss[2] < rss[3])) { print "FAIL: peak RSS does not rise as GOGC grows"; ok = 0 }
        if (ok) print "ok: gol peak RSS under 48 MB at GOGC=100; NumGC falls and peak RSS rises with GOGC"
        exit !ok
    }' "$out/gol.rows"
