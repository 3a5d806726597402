#!/bin/sh
# cli_test.sh — tests of the `gol` command itself, which golden programs cannot express.
#
#   sh tests/cli_test.sh GOL
#
# A golden program (tests/run_golden.sh) is always run as `gol run NAME.gol` from a regular
# file, with stdout to a file, and waits for the program to end. The behaviour checked here
# lies outside that frame: command-line flags, help and version, a source read from a pipe,
# a file that is not package main, output that must reach the file descriptor while the
# program is still running. Each case runs one command and states the exit status, and lines
# that stdout or stderr must hold, the way Go's `go` command behaves for the same thing (the
# texts were taken from Go 1.19's `go run` and `go build`).
#
# Output: one `FAIL name: why` line per failed case (with the command's stderr below it), then
# `cli: N passed, M failed`. Exit 1 on any failure. Plain POSIX sh, like run_golden.sh.

if [ $# -lt 1 ]; then
    echo "usage: sh tests/cli_test.sh GOL" >&2
    exit 2
fi
GOL=$1
case $GOL in /*) ;; */*) GOL=$(pwd)/$GOL ;; esac
if ! [ -x "$GOL" ]; then
    echo "cli: cannot run '$GOL' (build it first: make)" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gol-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0 failed=0

# ---- the checking helpers --------------------------------------------------------------------
# cli_run NAME CMD...: run CMD with stdin from /dev/null (under `timeout 20`: a command that
# hangs fails with status 124), keeping its status, stdout and stderr for the checks that
# follow; starts case NAME.
cli_run() {
    name=$1; shift
    why=""
    timeout -k 5 20 "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

# cli_sh NAME SCRIPT: as cli_run, for a command that needs the shell (pipes, redirections).
cli_sh() {
    name=$1
    why=""
    timeout -k 5 20 sh -c "$2" </dev/null >"$tmp/out" 2>"$tmp/err"
    rc=$?
}

cli_fail() { [ -z "$why" ] && why=$1; }

cli_status() { [ "$rc" -eq "$1" ] || cli_fail "exit status $rc, want $1"; }

# cli_line FILE TEXT: FILE (out or err) has a line equal to TEXT.
cli_line() {
    CLI_LINE=$2 awk 'BEGIN { want = ENVIRON["CLI_LINE"] } $0 == want { found = 1; exit }
        END { exit !found }' "$tmp/$1" || cli_fail "std$1 lacks the line '$2'"
}

# cli_has FILE TEXT: FILE contains TEXT somewhere.
cli_has() { grep -qF -- "$2" "$tmp/$1" || cli_fail "std$1 lacks '$2'"; }

# cli_lacks FILE TEXT: FILE does not contain TEXT.
cli_lacks() { ! grep -qF -- "$2" "$tmp/$1" || cli_fail "std$1 has '$2'"; }

cli_empty() { [ ! -s "$tmp/$1" ] || cli_fail "std$1 is not empty"; }

# cli_done: the verdict of the current case.
cli_done() {
    if [ -z "$why" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name: $why"
        head -n 6 "$tmp/err" | sed 's/^/    | /'
    fi
}

# ---- programs --------------------------------------------------------------------------------
cat >"$tmp/hello.gol" <<'EOF'
package main

import "fmt"

func main() {
	fmt.Println("hello, stdin")
}
EOF

cat >"$tmp/foo.go" <<'EOF'
package foo

func main() {
	println("a package foo must not run")
}
EOF

# Go checks the package clause before it compiles anything: a syntax error later in the file
# does not change the message.
cat >"$tmp/foo_broken.go" <<'EOF'
package foo

func main() {
	x :=
}
EOF

cat >"$tmp/type_error.gol" <<'EOF'
package main

func main() {
	var s string = 1
	_ = s
}
EOF

cat >"$tmp/sleeper.gol" <<'EOF'
package main

import (
	"fmt"
	"time"
)

func main() {
	fmt.Println("before the sleep")
	fmt.Printf("%d %s\n", 2, "lines")
	time.Sleep(30 * time.Second)
	fmt.Println("never printed")
}
EOF

# ---- only package main runs -----------------------------------------------------------------
cli_run not_main "$GOL" run "$tmp/foo.go"
cli_status 1; cli_empty out
cli_line err "package command-line-arguments is not a main package"
cli_lacks err "must not run"
cli_done

cli_run not_main_broken "$GOL" run "$tmp/foo_broken.go"
cli_status 1
cli_line err "package command-line-arguments is not a main package"
cli_lacks err "syntax error"
cli_done

cli_run not_main_build "$GOL" build -o "$tmp/foo.golc" "$tmp/foo.go"
cli_status 1
cli_line err "package command-line-arguments is not a main package"
[ -e "$tmp/foo.golc" ] && cli_fail "wrote $tmp/foo.golc"
cli_done

# ---- a source that can be read only once ------------------------------------------------------
cli_sh stdin_pipe "cat '$tmp/hello.gol' | '$GOL' run /dev/stdin"
cli_status 0; cli_line out "hello, stdin"
cli_done

mkfifo "$tmp/fifo.gol"
cli_sh fifo "cat '$tmp/hello.gol' >'$tmp/fifo.gol' & '$GOL' run '$tmp/fifo.gol'"
cli_status 0; cli_line out "hello, stdin"
cli_done

"$GOL" build -o "$tmp/hello.golc" "$tmp/hello.gol" 2>/dev/null
cli_sh stdin_pipe_golc "cat '$tmp/hello.golc' | '$GOL' run /dev/stdin"
cli_status 0; cli_line out "hello, stdin"
cli_done

# A .golc keeps what interfaces need at run time: interface method lists and each method's itab
# function (TypeMethod.ifn), so calls through itabs and assertions work from the file.
cat >"$tmp/shapes.gol" <<'EOF'
package main

import "fmt"

type Shape interface{ Area() int }
type Sq int
type Rect struct{ w, h int }

func (s Sq) Area() int    { return int(s * s) }
func (r *Rect) Area() int { return r.w * r.h }

func main() {
	total := 0
	for _, s := range []Shape{Sq(3), &Rect{2, 5}} {
		total += s.Area()
	}
	var e any = Sq(4)
	fmt.Println(total, e.(Shape).Area())
}
EOF
"$GOL" build -o "$tmp/shapes.golc" "$tmp/shapes.gol" 2>/dev/null
cli_run golc_interfaces "$GOL" run "$tmp/shapes.golc"
cli_status 0; cli_line out "19 16"
cli_done

# ---- compile errors exit 2, as go run and go build do -----------------------------------------
cli_run compile_error_run "$GOL" run "$tmp/type_error.gol"
cli_status 2
cli_line err "$tmp/type_error.gol:4:17: cannot use 1 (untyped int constant) as string value in variable declaration"
cli_done

cli_run compile_error_build "$GOL" build -o "$tmp/te.golc" "$tmp/type_error.gol"
cli_status 2
cli_done

cli_run missing_file "$GOL" run "$tmp/nofile.gol"
cli_status 1
cli_line err "gol: open $tmp/nofile.gol: no such file or directory"
cli_done

# ---- stdout is unbuffered, as Go's os.Stdout -------------------------------------------------
# Killed by SIGINT in the middle of its sleep, the program has already written its lines.
cli_sh stdout_unbuffered_file "timeout -s INT 2 '$GOL' run '$tmp/sleeper.gol'"
cli_status 124
cli_line out "before the sleep"; cli_line out "2 lines"
cli_done

cli_sh stdout_unbuffered_pipe "timeout -s INT 2 '$GOL' run '$tmp/sleeper.gol' | cat"
cli_line out "before the sleep"; cli_line out "2 lines"
cli_done

# Efficiently: one write(2) per fmt call, not one per operand or byte (checked where strace is;
# LeakSanitizer cannot run under ptrace, so a sanitizer build skips its leak check here).
if command -v strace >/dev/null 2>&1; then
    cat >"$tmp/writes.gol" <<'EOF'
package main

import "fmt"

func main() {
	for i := 0; i < 3; i++ {
		fmt.Println("line", i, 2.5, true)
	}
	fmt.Printf("%d-%s\n", 7, "x")
	fmt.Print("a", "b", 1, 2, "\n")
}
EOF
    cli_sh stdout_one_write_per_call \
        "ASAN_OPTIONS=detect_leaks=0 strace -f -o '$tmp/trace' -e trace=write '$GOL' run '$tmp/writes.gol' >/dev/null && grep -c '^[0-9]* *write(1,' '$tmp/trace'"
    cli_status 0; cli_line out "5"
    cli_done
fi

# ---- imports gol cannot resolve: Go's load errors, reported before any compile error, exit 1 --
cat >"$tmp/imports.go" <<'EOF'
package main

import (
	"fmt"
	"nosuch/pkg"
	"text/tabwriter"
)

func main() {
	fmt.Println(tabwriter.Debug, pkg.X)
	x :=
}
EOF
cli_run imports "$GOL" run "$tmp/imports.go"
cli_status 1
cli_line err "$tmp/imports.go:5:2: package nosuch/pkg is not in std"
cli_line err "$tmp/imports.go:6:2: package text/tabwriter is not in gol's standard library yet (see docs/stdlib.md)"
cli_lacks err "syntax error"
cli_done

# ---- flags, help and version ---------------------------------------------------------------
cli_run run_help "$GOL" run -h
cli_status 2; cli_empty out
cli_has err "usage: gol run"
cli_lacks err "open -h"
cli_done

cli_run run_unknown_flag "$GOL" run -x "$tmp/hello.gol"
cli_status 2
cli_line err "flag provided but not defined: -x"
cli_has err "usage: gol run"
cli_done

# After the file, every argument is the program's, flags included.
cat >"$tmp/args.gol" <<'EOF'
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(len(os.Args), os.Args[1:])
}
EOF
cli_run run_program_flags "$GOL" run "$tmp/args.gol" -h -o x
cli_status 0; cli_line out "4 [-h -o x]"
cli_done

cli_run build_o_missing "$GOL" build -o
cli_status 2
cli_line err "flag needs an argument: -o"
cli_has err "usage: gol build"
cli_done

cli_run build_o_equals "$GOL" build -o="$tmp/eq.golc" "$tmp/hello.gol"
cli_status 0
[ -s "$tmp/eq.golc" ] || cli_fail "no $tmp/eq.golc"
cli_done

cli_run build_help "$GOL" build -h
cli_status 2; cli_has err "usage: gol build"
cli_done

for v in version --version -version -v; do
    cli_run "version($v)" "$GOL" $v
    cli_status 0; cli_empty err
    grep -Eq '^gol version [^ ]+ \(go1\.19 subset' "$tmp/out" || cli_fail "stdout: $(cat "$tmp/out")"
    cli_done
done

cli_run help "$GOL" help
cli_status 0
for word in "gol run" "gol build" "gol disasm" "gol version" GOGC GOMEMLIMIT GODEBUG gctrace \
            GOLDEBUG gcstress gcverify stackmove vmtrace docs/stdlib.md; do
    cli_has out "$word"
done
cli_done

# `gol help stdlib`: every package of the binary, one a line, sorted by import path (the build
# appends generated packages such as unicode and math/rand after the others; the list is sorted
# when printed).
cli_run help_stdlib "$GOL" help stdlib
cli_status 0; cli_empty err
for pkg in bytes container/heap container/list fmt io math/bits math/rand sort strconv strings unicode unsafe; do
    cli_line out "	$pkg"
done
grep '^	' "$tmp/out" | LC_ALL=C sort -c || cli_fail "the list is not sorted"
cli_done

cli_run help_run "$GOL" help run
cli_status 0; cli_has out "usage: gol run"
cli_done

cli_run help_unknown "$GOL" help nosuch
cli_status 2; cli_line err "gol help nosuch: unknown help topic. Run 'gol help'."
cli_done

# gol alone is the REPL (docs/repl.md): with no input it ends at once, status 0
cli_run no_command "$GOL"
cli_status 0
cli_done

printf '1+1\nx := "gol"\nx + "!"\n' >"$tmp/session.txt"
cli_run repl_piped sh -c "'$GOL' repl <'$tmp/session.txt'"
cli_status 0; cli_line out "2  // int"; cli_line out "gol!  // string"
cli_done

cli_run unknown_command "$GOL" frob
cli_status 2
cli_line err "gol frob: unknown command"
cli_line err "Run 'gol help' for usage."
cli_done

# ---- runtime/pprof: go tool pprof reads the profiles gol writes -------------------------------
# A program whose live heap comes almost all from one function (main.buildTree: 2^17 nodes of
# 48 bytes kept in a tree; main.chatter's 4 MB are garbage) writes its heap profile to stdout; real Go's `go tool pprof` must
# read it (gzip, profile.proto) and list main.buildTree first by inuse_space, with its
# file.gol:line; the goroutine profile must read too. Go 1.19 is a test dependency
# (tools/deps.sh test).
cat >"$tmp/heapprof.gol" <<'EOF'
package main

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/pprof"
)

type node struct {
	left, right *node
	val         [4]int
}

var root *node
var sink []byte

func buildTree(d int) *node {
	if d == 0 {
		return &node{}
	}
	return &node{left: buildTree(d - 1), right: buildTree(d - 1)}
}

func chatter(n int) {
	for i := 0; i < n; i++ {
		sink = make([]byte, 4096)
	}
}

func main() {
	root = buildTree(16)
	chatter(1000)
	runtime.GC()
	var b bytes.Buffer
	pprof.Lookup(PROFILE).WriteTo(&b, 0)
	fmt.Print(b.String())
}
EOF
GO=/usr/lib/go-1.19/bin/go
sed 's/PROFILE/"heap"/' "$tmp/heapprof.gol" >"$tmp/heap.gol"
sed 's/PROFILE/"goroutine"/' "$tmp/heapprof.gol" >"$tmp/goroutine.gol"
sed 's/PROFILE/"allocs"/' "$tmp/heapprof.gol" >"$tmp/allocs.gol"
cli_sh pprof_heap_top "cd '$tmp' && '$GOL' run heap.gol >mem.prof && gzip -t mem.prof &&
    '$GO' tool pprof -top -sample_index=inuse_space mem.prof"
cli_status 0
cli_line out "Type: inuse_space"
awk '/flat%/ { getline; print $NF; exit }' "$tmp/out" | grep -qx 'main.buildTree' ||
    cli_fail "main.buildTree is not the top of the inuse_space list"
cli_done

cli_sh pprof_heap_list "cd '$tmp' && '$GO' tool pprof -list main.buildTree mem.prof"
cli_status 0
cli_has out "ROUTINE ======================== main.buildTree in $tmp/heap.gol"
cli_has out "return &node{left: buildTree(d - 1), right: buildTree(d - 1)}"
cli_done

# the allocs profile defaults to alloc_space, where main.chatter's 4 MB of garbage counts
cli_sh pprof_allocs "cd '$tmp' && '$GOL' run allocs.gol >allocs.prof && '$GO' tool pprof -top allocs.prof"
cli_status 0
cli_line out "Type: alloc_space"
cli_has out "main.chatter"
cli_has out "main.buildTree"
cli_done

cli_sh pprof_goroutine "cd '$tmp' && '$GOL' run goroutine.gol >g.prof && '$GO' tool pprof -top g.prof"
cli_status 0
cli_line out "Type: goroutine"
cli_has out "main.main"
cli_done

# The CPU profile: main.hot does ten times main.warm's work and must top `go tool pprof -top`.
cat >"$tmp/cpu.gol" <<'EOF'
package main

import (
	"bytes"
	"fmt"
	"runtime/pprof"
)

func hot(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i % 7
	}
	return s
}

func warm(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i % 3
	}
	return s
}

func main() {
	var b bytes.Buffer
	pprof.StartCPUProfile(&b)
	x := 0
	for k := 0; k < 20; k++ {
		x += hot(2000000) + warm(200000)
	}
	pprof.StopCPUProfile()
	fmt.Print(b.String())
}
EOF
cli_sh pprof_cpu_top "cd '$tmp' && '$GOL' run cpu.gol >cpu.prof && '$GO' tool pprof -top cpu.prof"
cli_status 0
cli_line out "Type: cpu"
awk '/flat%/ { getline; print $NF; exit }' "$tmp/out" | grep -qx 'main.hot' ||
    cli_fail "main.hot is not the top of the cpu list"
cli_done

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
