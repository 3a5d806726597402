#!/bin/sh
# verify_with_go.sh — check the golden expectations against real Go 1.19.
#
#   sh tests/golden/verify_with_go.sh [filter-regex]
#
# Every expectation in tests/golden must be what `go` itself prints: the
# expected stdout, panic lines, exit statuses and compile-error messages were
# taken from Go, never guessed. This script re-checks that, for the whole
# suite, in the simplest way that cannot drift from the real runner: it runs
# tests/run_golden.sh with *this script* in the place of gol. Called as
#
#   verify_with_go.sh run NAME.gol ARGS...
#
# it behaves as gol would, using Go: it copies NAME.gol to a scratch folder as
# NAME.go, runs `go build`, and
#   - on success runs the binary with ARGS from the test's own folder, passing
#     stdout, stderr and the exit status through (a Go panic exits 2, as gol's);
#   - on failure prints Go's messages as gol does, `NAME.gol:L:C: MSG` (Go
#     writes `./NAME.go:L:C: MSG`), and exits with go build's status (2 for
#     compile errors, 1 for load errors such as an unknown import) — except
#     that when every error
#     is an unused variable or import, which gol only warns about, it prints
#     them as `NAME.gol:L:C: warning: MSG`, silences them in the copy
#     (`import _ "os"`, `x := 1; _ = x`) and runs the program as above.
# A test's `// env: K=V` settings reach the binary as they reach gol (the
# runner sets them for the whole command), and `// expect stderr match: RE`
# lines are checked against Go's stderr by the runner itself, so a gctrace
# regex is verified against Go's real `gc 1 @...` line.
# Tests whose only expectations are wildcard errors (`// expect error: L:C: *`,
# gol-only restrictions such as "maps come in a later issue") are skipped,
# because Go accepts those programs. Without a filter, it also checks that
# examples/*.gol and tests/bench/*.gol still build as Go.

# gobuild ARGS: `go build` without the test's `// env:` settings, which the
# runner exported for the program (GOGC=off, GODEBUG=gctrace=1 would otherwise
# slow the compiler down or fill its stderr with its own GC trace).
gobuild() {
    env -u GOGC -u GODEBUG -u GOMEMLIMIT go build "$@"
}

# As a stand-in for `gol build -m -o /dev/null NAME.gol` (golden tests with
# `// build: -m`): `go build -gcflags=-m`, its lines renamed from ./NAME.go to
# ./NAME.gol. Go also prints inlining decisions, which gol does not make; the
# tests pin only the escape lines, and stderr is searched line by line.
if [ "${1:-}" = "build" ]; then
    shift
    gcflags=""
    while [ $# -gt 1 ]; do
        case $1 in
        -m) gcflags="-gcflags=-m" ;;
        -o) shift ;;
        esac
        shift
    done
    src=$1 name=$(basename "$1" .gol)
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/gogol.XXXXXX") || exit 1
    trap 'rm -rf "$scratch"' EXIT
    cp "$src" "$scratch/$name.go"
    (cd "$scratch" && gobuild $gcflags -o /dev/null "$name.go") 2>"$scratch/errs" >/dev/null
    status=$?
    grep -v '^#' "$scratch/errs" | sed "s|\./$name\.go:|./$name.gol:|g" >&2
    exit $status
fi

if [ "${1:-}" = "run" ]; then
    shift
    src=$1; shift
    name=$(basename "$src" .gol)
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/gogol.XXXXXX") || exit 1
    trap 'rm -rf "$scratch"' EXIT
    cp "$src" "$scratch/$name.go"
    (cd "$scratch" && gobuild -o prog "$name.go") 2>"$scratch/errs" >/dev/null </dev/null
    status=$?
    if [ ! -x "$scratch/prog" ]; then
        grep -v '^#' "$scratch/errs" | sed "s|\./$name\.go:|$name.gol:|g" >"$scratch/msgs"
        if grep -qv ': declared but not used\|declared but not used$\|: imported and not used' \
                "$scratch/msgs"; then
            cat "$scratch/msgs" >&2
            exit $status
        fi
        sed 's|^\([^:]*:[0-9]*:[0-9]*\): |\1: warning: |' "$scratch/msgs" >&2
        # Silence each unused name on its own line, so the copy compiles (a type switch's
        # unused `v := x.(type)` loses its `v :=`: no statement may follow its brace).
        awk -F': ' '
            NR == FNR {
                split($1, p, ":"); line = p[2]
                if ($2 ~ /^imported and not used/) imp[line] = 1
                else { v = $2; sub(/ declared but not used$/, "", v); use[line] = use[line] "; _ = " v; name[line] = v }
                next
            }
            FNR in imp { sub(/"/, "_ \"") }
            (FNR in name) && $0 ~ /\.\(type\)/ { sub(name[FNR] " := ", ""); print; next }
            { print $0 use[FNR] }' "$scratch/msgs" "$src" >"$scratch/$name.go"
        (cd "$scratch" && gobuild -o prog "$name.go") >&2 </dev/null || exit 1
    fi
    # The program reads the stdin the runner gave (a test's `// stdin:` lines); go build
    # above reads /dev/null, so none of it is consumed before.
    "$scratch/prog" "$@"
    exit $?
fi

here=$(cd "$(dirname "$0")" && pwd)
command -v go >/dev/null || { echo "verify_with_go.sh: go is not installed" >&2; exit 2; }
# The runner executes GOL directly, so give it an executable stand-in.
bin=$(mktemp -d "${TMPDIR:-/tmp}/gogol-bin.XXXXXX") || exit 1
trap 'rm -rf "$bin"' EXIT
printf '#!/bin/sh\nexec sh "%s" "$@"\n' "$here/verify_with_go.sh" >"$bin/gol"
chmod +x "$bin/gol"
cd "$here/../.." || exit 2
GOLDEN_GO=1 sh tests/run_golden.sh "$bin/gol" "${1:-.}"
status=$?

# The examples and benchmarks are not golden tests, but they too must stay
# valid Go: build each one as NAME.go.
[ -n "${1:-}" ] && exit $status
for f in examples/*.gol tests/bench/*.gol; do
    name=$(basename "$f" .gol)
    mkdir -p "$bin/$name" && cp "$f" "$bin/$name/$name.go"
    if ! (cd "$bin/$name" && go build -o prog "$name.go") >"$bin/$name/errs" 2>&1; then
        echo "FAIL $f: go build rejects it:"
        sed 's/^/    | /' "$bin/$name/errs"
        status=1
    fi
done
exit $status
