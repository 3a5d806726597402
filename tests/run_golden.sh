#!/bin/sh
# run_golden.sh — run gol's golden programs and check what they print.
#
#   sh tests/run_golden.sh GOL [filter-regex]
#
# A golden test is a complete `package main` program, tests/golden/AREA/NAME.gol,
# that states its expected behaviour in its own comments (the Wren/clox model:
# the test and its expectation are one file, read top to bottom):
#
#   // expect: TEXT              next line of stdout (file order; all stdout
#                                lines must be matched, no extra lines;
#                                `// expect:` alone is an empty line)
#   // expect panic: MSG         exit 2; stderr has the line `panic: MSG` and,
#                                later, `goroutine 1 [running]:`
#   // expect error: L:C: MSG    compilation fails (exit 2, as go build's); stderr has the line
#                                `NAME.gol:L:C: MSG`. MSG `*` = any message at L:C
#   // expect warning: L:C: MSG  stderr has `NAME.gol:L:C: warning: MSG`; runs on
#   // expect stderr: TEXT       stderr has this exact line
#   // expect stderr match: RE   some stderr line matches the extended regex RE
#                                (grep -E; for lines with varying figures, such
#                                as GODEBUG=gctrace=1's)
#   // expect stderr lacks: RE   no stderr line matches RE (a line Go does not
#                                print in this case, such as a stale [signal ...])
#   // expect exit: N            exit status N (default 0; 2 with a panic or
#                                an error; 1 for Go's load errors, such as an
#                                import that cannot be resolved)
#   // args: A B C               command-line arguments after NAME.gol
#   // stdin: TEXT               a line of standard input (all such lines, at the
#                                start of a line, in file order, each ended by a
#                                newline; `// stdin:` alone
#                                is an empty line); without any, stdin is /dev/null
#   // build: FLAGS              compile only, do not run: the command is
#                                `GOL build FLAGS -o /dev/null NAME.gol` (for
#                                `// build: -m`, escape analysis decisions, whose
#                                lines `// expect stderr:` then pins)
#   // without: gcverify stackmove  GOLDEBUG switches this test runs without (taken out
#                                of the runner's GOLDEBUG; the other modes still apply),
#                                with the reason beside it: a test whose cost or
#                                expectations cannot stand that mode
#   // env: K=V K2=V2             environment variables set for this test only
#                                (on top of, and overriding, the runner's own:
#                                `// env: GOLDEBUG=gcstress=0` keeps a test that
#                                counts GC cycles out of the stress run)
#   // gol only: WHY             the test pins a documented gol extension (a
#                                runtime/metrics name of gol's, say), so real Go
#                                cannot confirm it: verify_with_go.sh skips it
#   NAME.out next to NAME.gol    stdout must equal it byte for byte (then the
#                                file has no `// expect:` lines)
#
# Each test runs as `cd DIR && env ENV GOL run NAME.gol ARGS` (or `GOL build
# FLAGS -o /dev/null NAME.gol` with `// build:`) with stdin from the `// stdin:` lines or /dev/null,
# under `timeout 20`, in the environment this script was given (the Makefile runs
# the suite a second time with GOLDEBUG=gcstress=1). Tests run two at a time
# (xargs -P2); each writes its verdict to its own file, and the verdicts are
# printed in sorted file order, so the output does not depend on scheduling.
#
# Output: one `FAIL path: why` line per failure (with a short diff indented
# below it), then `golden: N passed, M failed[, K skipped]`. Exit 1 on any failure.
#
# GOLDEN_GO=1 (set by tests/golden/verify_with_go.sh, which runs this script
# with real Go standing in for gol) skips the tests whose only expectations
# are wildcard errors: they pin gol-only restrictions that Go accepts; and the
# tests marked `// gol only:`, which pin gol's documented extensions.
#
# Plain POSIX sh + awk/sed/grep/diff, so it runs wherever gol builds.

# ---- one test ----------------------------------------------------------------
# golden_expected_stdout FILE: print the stdout the test expects.
golden_expected_stdout() {
    sed -n 's|^.*// expect:[[:space:]]\{0,1\}\(.*\)$|\1|p' "$1"
}

# golden_directive FILE KIND: print the text of every `// expect KIND: ...`.
golden_directive() {
    sed -n "s|^.*// expect $2:[[:space:]]*\\(.*\\)\$|\\1|p" "$1"
}

# golden_has_line FILE TEXT: true if FILE has a line equal to TEXT (no regex,
# no escape processing: the text travels through the environment).
golden_has_line() {
    GOLDEN_LINE=$2 awk 'BEGIN { want = ENVIRON["GOLDEN_LINE"] }
        $0 == want { found = 1; exit } END { exit !found }' "$1"
}

# golden_has_prefix FILE TEXT: true if some line of FILE starts with TEXT.
golden_has_prefix() {
    GOLDEN_LINE=$2 awk 'BEGIN { want = ENVIRON["GOLDEN_LINE"] }
        index($0, want) == 1 { found = 1; exit } END { exit !found }' "$1"
}

# golden_panic_shape FILE MSG: `panic: MSG`, then later `goroutine 1 [running]:`.
golden_panic_shape() {
    GOLDEN_LINE="panic: $2" awk 'BEGIN { want = ENVIRON["GOLDEN_LINE"] }
        $0 == want && !seen { seen = 1; next }
        seen && $0 == "goroutine 1 [running]:" { ok = 1; exit }
        END { exit !ok }' "$1"
}

# golden_fail WHY: record one reason this test failed.
golden_fail() {
    printf '%s\n' "$1" >>"$work/why"
}

# golden_check_one FILE RESULT: run one test, write PASS/FAIL/SKIP to RESULT.
golden_check_one() {
    file=$1 result=$2
    dir=$(dirname "$file") base=$(basename "$file" .gol)
    work=$(mktemp -d "${TMPDIR:-/tmp}/golden.XXXXXX") || exit 1
    : >"$work/why"

    errors=$(golden_directive "$file" error)
    if [ -n "${GOLDEN_GO:-}" ] && grep -q '^// gol only:' "$file"; then
        echo "SKIP" >"$result"; rm -rf "$work"; return
    fi
    if [ -n "${GOLDEN_GO:-}" ] && [ -n "$errors" ] &&
       ! printf '%s\n' "$errors" | grep -qv '^[0-9]*:[0-9]*: \*$'; then
        echo "SKIP" >"$result"; rm -rf "$work"; return
    fi

    # The expected exit status: explicit, else implied by panic/error.
    status=$(golden_directive "$file" exit | tail -n 1)
    panics=$(golden_directive "$file" panic)
    if [ -z "$status" ]; then
        status=0
        [ -n "$panics" ] && status=2
        [ -n "$errors" ] && status=2
    fi

    args=$(sed -n 's|^.*// args:[[:space:]]*\(.*\)$|\1|p' "$file" | head -n 1)
    # `// env: K=V ...` lines, all of them, become arguments of env(1).
    envs=$(sed -n 's|^.*// env:[[:space:]]*\(.*\)$|\1|p' "$file" | tr '\n' ' ')
    # `// without: gcstress stackmove` takes those switches out of the GOLDEBUG this script
    # was given, for this test only (the other debug modes still apply); `// env:` comes after.
    without=$(sed -n 's|^.*// without:[[:space:]]*\(.*\)$|\1|p' "$file" | tr '\n' ' ')
    if [ -n "$without" ]; then
        dbg=",${GOLDEBUG:-},"
        for w in $without; do dbg=$(printf '%s' "$dbg" | sed "s/,$w=[^,]*,/,/g"); done
        dbg=$(printf '%s' "$dbg" | sed 's/^,*//; s/,*$//')
        envs="GOLDEBUG=$dbg $envs"
    fi
    # `// build: FLAGS` turns `run NAME.gol ARGS` into `build FLAGS -o /dev/null NAME.gol`.
    build=$(sed -n 's|^.*// build:[[:space:]]*\(.*\)$|\1|p' "$file" | head -n 1)
    set -f
    if [ -n "$build" ]; then
        set -- build $build -o /dev/null "$base.gol"
    else
        set -- run "$base.gol" $args
    fi
    set +f
    # `// stdin: TEXT` lines, in order, are the program's standard input.
    stdin=/dev/null
    if grep -q '^// stdin:' "$file"; then
        sed -n 's|^// stdin:[[:space:]]\{0,1\}\(.*\)$|\1|p' "$file" >"$work/in"
        stdin=$work/in
    fi
    # The outer subshell takes the shell's "Segmentation fault" notice if gol
    # crashes; gol's own stderr goes to the err file.
    ( ( set -f; cd "$dir" && exec env $envs timeout -k 5 20 "$GOL" "$@" \
        <"$stdin" >"$work/out" 2>"$work/err" ); echo $? >"$work/rc" ) 2>/dev/null
    rc=$(cat "$work/rc")

    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        golden_fail "timed out after 20 s"
    elif [ "$rc" -gt 128 ] && [ "$status" -le 128 ]; then
        golden_fail "exit status $rc: gol crashed with signal $((rc - 128)), want $status"
    elif [ "$rc" -ne "$status" ]; then
        golden_fail "exit status $rc, want $status"
    fi

    # stdout: the .out file, or the `// expect:` lines, exactly.
    if [ -f "$dir/$base.out" ]; then
        cp "$dir/$base.out" "$work/want"
        grep -q '// expect:' "$file" && golden_fail "has both $base.out and // expect: lines"
    else
        golden_expected_stdout "$file" >"$work/want"
    fi
    if ! cmp -s "$work/want" "$work/out"; then
        golden_fail "stdout differs (- want, + got):"
        diff "$work/want" "$work/out" | grep '^[<>\\]' | head -n 12 |
            sed 's/^< /    - /; s/^> /    + /; s/^\\ /    \\ /' >>"$work/why"
    fi

    # stderr expectations.
    printf '%s\n' "$panics" | while IFS= read -r msg; do
        [ -z "$msg" ] && continue
        golden_panic_shape "$work/err" "$msg" ||
            golden_fail "stderr lacks 'panic: $msg' followed by 'goroutine 1 [running]:'"
    done
    printf '%s\n' "$errors" | while IFS= read -r e; do
        [ -z "$e" ] && continue
        case $e in
        *': *') golden_has_prefix "$work/err" "$base.gol:${e%\*}" ||
                    golden_fail "stderr lacks an error at $base.gol:${e%: \*}" ;;
        *)      golden_has_line "$work/err" "$base.gol:$e" ||
                    golden_fail "stderr lacks '$base.gol:$e'" ;;
        esac
    done
    golden_directive "$file" warning | while IFS= read -r w; do
        pos=${w%%: *} msg=${w#*: }
        golden_has_line "$work/err" "$base.gol:$pos: warning: $msg" ||
            golden_fail "stderr lacks '$base.gol:$pos: warning: $msg'"
    done
    golden_directive "$file" stderr | while IFS= read -r line; do
        golden_has_line "$work/err" "$line" || golden_fail "stderr lacks '$line'"
    done
    golden_directive "$file" 'stderr match' | while IFS= read -r re; do
        grep -Eq -- "$re" "$work/err" || golden_fail "no stderr line matches /$re/"
    done
    golden_directive "$file" 'stderr lacks' | while IFS= read -r re; do
        grep -Eq -- "$re" "$work/err" && golden_fail "a stderr line matches /$re/"
    done

    if [ -s "$work/why" ]; then
        {
            first=$(head -n 1 "$work/why")
            echo "FAIL $file: $first"
            tail -n +2 "$work/why" | sed 's/^\([^ ]\)/    \1/'
            if grep -q '^stderr lacks\|^no stderr line\|^a stderr line\|^exit status\|^timed out' "$work/why"; then
                echo "    stderr was:"
                head -n 6 "$work/err" | sed 's/^/    | /'
            fi
        } >"$result"
    else
        echo "PASS" >"$result"
    fi
    rm -rf "$work"
}

# ---- the whole suite ---------------------------------------------------------
if [ "${1:-}" = "--one" ]; then            # internal: xargs calls us per test
    golden_check_one "$2" "$3"
    exit 0
fi

if [ $# -lt 1 ]; then
    echo "usage: sh tests/run_golden.sh GOL [filter-regex]" >&2
    exit 2
fi
GOL=$1 filter=${2:-.}
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
if ! command -v "$GOL" >/dev/null 2>&1; then
    echo "golden: cannot run '$GOL' (build it first: make)" >&2
    exit 2
fi
export GOL

root=$(dirname "$0")/golden
results=$(mktemp -d "${TMPDIR:-/tmp}/golden-run.XXXXXX") || exit 1
trap 'rm -rf "$results"' EXIT INT TERM

find "$root" -name '*.gol' | LC_ALL=C sort | grep -E -- "$filter" >"$results/list"
if [ ! -s "$results/list" ]; then
    echo "golden: no test matches '$filter'" >&2
    exit 1
fi

# Result file of a test: its path with / turned into %.
awk '{ r = $0; gsub("/", "%", r); print $0; print "'"$results"'/" r ".res" }' \
    "$results/list" | xargs -n 2 -P 2 sh "$0" --one

passed=0 failed=0 skipped=0
while IFS= read -r file; do
    res="$results/$(printf '%s' "$file" | tr '/' '%').res"
    if [ ! -f "$res" ]; then
        echo "FAIL $file: the runner produced no verdict"
        failed=$((failed + 1))
        continue
    fi
    case $(head -n 1 "$res") in
    PASS) passed=$((passed + 1)) ;;
    SKIP) skipped=$((skipped + 1)) ;;
    *)    cat "$res"; failed=$((failed + 1)) ;;
    esac
done <"$results/list"

summary="golden: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
